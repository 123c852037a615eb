#!/usr/bin/env bash
# stdlib/output.c's builtins end to end on the real kernel: exit()'s status, errorf/warnf with
# their locations, debugf (into the trace buffer) and its argument limit, cat's errors and limit.
# Usage: output_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

# ---- exit ----
expect_stdout "exit code" 'begin { exit(3); }' "" 3

# ---- messages ----
expect "errorf" 'begin { errorf("Something bad with args: %d, %s", 10, "arg2"); exit(); }' \
	$'stdin:1:9-62: ERROR: Something bad with args: 10, arg2\nbegin { errorf("Something bad with args: %d, %s", 10, "arg2"); exit(); }\n        ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~'
expect "warnf" 'begin { warnf("careful %x", 255); exit(); }' \
	$'stdin:1:9-33: WARNING: careful ff\nbegin { warnf("careful %x", 255); exit(); }\n        ~~~~~~~~~~~~~~~~~~~~~~~~'
trace=/sys/kernel/tracing/trace
if [[ -w $trace ]]; then
	tok="sonde_debugf_$$"
	run "i:ms:1 { debugf(\"$tok %s %d %x\", \"a\", 1, 16); exit(); }"
	grep -q "bpf_trace_printk: $tok a 1 10" "$trace" && pass || fail "debugf: '$tok a 1 10' not in $trace"
fi
expect "debugf argument limit" 'begin { debugf("%d %d %d %d", 1, 2, 3, 4); }' \
	$'stdin:1:40-41: ERROR: debugf: at most 3 arguments are supported (bpf_trace_printk)\nbegin { debugf("%d %d %d %d", 1, 2, 3, 4); }\n                                       ~' 1

# ---- cat ----
expect "cat missing file" 'begin { cat("/does/not/exist/file"); exit(); }' \
	"ERROR: failed to open file '/does/not/exist/file' (No such file or directory)"
printf 'abcdef' >"$tmp/f"
got=$(BPFTRACE_MAX_CAT_BYTES=3 timeout 20 "$bin" -q -e "begin { cat(\"$tmp/f\"); exit(); }" 2>&1 | grep -v '^$')
[[ $got == abc ]] && pass || fail "cat limit: '$got'"
got=$(timeout 20 "$bin" -q -e "config = { max_cat_bytes = 4 } begin { cat(\"$tmp/f\"); exit(); }" 2>&1 | grep -v '^$')
[[ $got == abcd ]] && pass || fail "cat limit from the config block: '$got'"

finish
