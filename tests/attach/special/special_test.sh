#!/usr/bin/env bash
# runtime/attach/special.c's probe types end to end: begin and end (run by sonde itself, in the
# order written, end after exit(); probe names them) and self:signal (run when sonde receives the
# signal, every probe for it in order).
# Usage: special_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

# ---- begin, end --------------------------------------------------------------------------------
expect_stdout "begin and end, in order" \
	'begin { printf("%s", probe); } begin { printf("+"); } end { printf("-%s\n", probe); } end { printf("done\n"); }' \
	$'begin+-end\ndone'
expect_stdout "end runs after exit() in begin" 'begin { printf("begin\n"); exit(); printf("not reached\n"); } end { printf("end\n"); }' \
	$'begin\nend'

# ---- self:signal:SIGUSR1 -----------------------------------------------------------------------
timeout 20 "$bin" -q -e 'self:signal:SIGUSR1 { printf("first"); } self:signal:SIGUSR1 { printf(" second\n"); exit(); }' \
	>"$tmp/sig" 2>&1 &
pid=$!
for _ in $(seq 50); do
	# sonde is the child of timeout; wait until its ring buffer loop runs (the handler is installed)
	child=$(pgrep -P "$pid" -x sonde) && [[ -n $child ]] && break
	sleep 0.1
done
sleep 0.5
kill -USR1 "$child" 2>/dev/null
wait "$pid"
rc=$?
got=$(grep -v '^$' "$tmp/sig")
[[ $rc -eq 0 && $got == "first second" ]] && pass || fail "self:signal: status $rc: $got"

finish
