#!/usr/bin/env bash
# stdlib/kernel_objects.c's builtins on this machine's kernel: is_err() of integers and pointers at
# the edge of the error range, and where path() and socket_cookie() are refused. What needs the
# BPF tracing program type (path and socket_cookie on real events, the verifier's refusal of
# bpf_d_path) is in tests/attach/tracing_helpers/vm_test.sh, and so is percpu_kaddr() where
# kallsyms lists data symbols.
# Usage: kernel_objects_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

# -1 and -4095 are errors, -4096 and 0 are not; an int is extended by its sign, a uint32 is not.
expect "is_err of integers" 'begin { printf("%d %d %d %d %d %d\n", is_err(-1), is_err(-4095), is_err(-4096), is_err(0),
                                          is_err((int32)-2), is_err((uint32)-2)); exit(); }' \
	"1 1 0 0 1 0"
expect "is_err of pointers" 'begin { print(is_err((int8 *)-22)); print(is_err((int8 *)0xffff888000000000)); exit(); }' \
	$'true\nfalse'
expect "is_err of a string" 'begin { is_err("x"); }' \
	$'stdin:1:16-19: ERROR: is_err() expects a pointer or integer argument, got string[2]\nbegin { is_err("x"); }\n               ~~~' 1
expect "path outside fentry, fexit and iter" 'begin { path(0); }' \
	$'stdin:1:9-16: ERROR: The path function can only be used with \'fentry\', \'fexit\', \'iter\' probes\nbegin { path(0); }\n        ~~~~~~~' 1
expect "socket_cookie outside fentry, fexit and iter" 'begin { socket_cookie(0); }' \
	$'stdin:1:9-25: ERROR: socket_cookie can not be used with "begin" probes\nbegin { socket_cookie(0); }\n        ~~~~~~~~~~~~~~~~' 1
# A kernel without CONFIG_KALLSYMS_ALL (this machine's) lists no data symbols, so the verifier
# cannot place a per-CPU variable: said at the call instead of as the verifier's unlocated refusal.
if ! grep -q ' process_counts$' /proc/kallsyms; then
	expect "percpu_kaddr of a symbol kallsyms lacks" 'begin { print(percpu_kaddr("process_counts")); }' \
		$'stdin:1:15-45: ERROR: The kernel cannot give the address of "process_counts": /proc/kallsyms does not list it (a kernel built without CONFIG_KALLSYMS_ALL lists no data symbols)\nbegin { print(percpu_kaddr("process_counts")); }\n              ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~' 1
fi

finish
