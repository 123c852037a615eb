#!/usr/bin/env bash
# runtime/attach/tracepoint.c's probe type end to end: tracepoints with typed args, fed by a child
# process that makes a known number of calls (started by the test or by -c), the t: alias and
# wildcards, probe, an unknown tracepoint.
# Usage: tracepoint_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"
build sonde_e2e_child "$lib_dir/child.c"

# A tracepoint with typed args, fed by a child process that makes a known number of calls.
prog='tracepoint:syscalls:sys_enter_getppid /comm == "sonde_e2e_child"/ { @calls[comm] = count(); @nr = max(args.__syscall_nr); }
tracepoint:sched:sched_process_exit /comm == "sonde_e2e_child"/ { exit(); }'
__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 "$bin" -e "$prog" >"$tmp/tp.out" 2>"$tmp/tp.err" &
tracer=$!
for _ in $(seq 100); do grep -q __BPFTRACE_NOTIFY_PROBES_ATTACHED "$tmp/tp.out" && break; sleep 0.1; done
"$tmp/sonde_e2e_child" 7
wait "$tracer"
rc=$?
nr=$(awk '/__NR_getppid/ {print $3; exit}' /usr/include/x86_64-linux-gnu/asm/unistd_64.h 2>/dev/null)
if [[ $rc -ne 0 ]] || ! grep -qx "@calls\[sonde_e2e_child\]: 7" "$tmp/tp.out" ||
	{ [[ -n $nr ]] && ! grep -qx "@nr: $nr" "$tmp/tp.out"; } || ! grep -qx "Attached 2 probes" "$tmp/tp.out"; then
	fail "tracepoint count: status $rc"
	cat "$tmp/tp.out" "$tmp/tp.err"
else
	pass
fi

# expect_child NAME PROGRAM EXPECTED-OUTPUT: run PROGRAM with `-c 'child 5'` (5 getppid calls).
expect_child() {
	run "$2" -c "$tmp/sonde_e2e_child 5"
	verdict "$1" "$3" "$got" "$rc"
}
# The same, output lines sorted: map entries with equal values print in hash order.
expect_child_sorted() {
	run "$2" -c "$tmp/sonde_e2e_child 5"
	verdict "$1" "$(sort <<<"$3")" "$(sort <<<"$got")" "$rc"
}
expect_child "exit args and probe" 'tracepoint:syscalls:sys_exit_getppid /comm == "sonde_e2e_child"/ { @[probe, args.ret > 0] = count(); }' \
	'@[tracepoint:syscalls:sys_exit_getppid, true]: 5'
# One program for several tracepoints: probe names the one that fired (each attachment's cookie).
expect_child_sorted "probe on a list of tracepoints" 'tracepoint:syscalls:sys_enter_getppid,tracepoint:syscalls:sys_exit_getppid /comm == "sonde_e2e_child"/ { @[probe] = count(); }' \
	$'@[tracepoint:syscalls:sys_enter_getppid]: 5\n@[tracepoint:syscalls:sys_exit_getppid]: 5'
expect_child_sorted "probe on a wildcard" 't:syscalls:sys_*_getppid /comm == "sonde_e2e_child"/ { @[probe] = count(); }' \
	$'@[tracepoint:syscalls:sys_enter_getppid]: 5\n@[tracepoint:syscalls:sys_exit_getppid]: 5'
# probe as a string: compared with one, searched with strcontains (one program, the cookie's name).
expect_child_sorted "probe compared as a string" 't:syscalls:sys_*_getppid /comm == "sonde_e2e_child"/ {
	@enter = sum(probe == "tracepoint:syscalls:sys_enter_getppid"); @exit = sum(strcontains(probe, "exit")); }' \
	$'@enter: 5\n@exit: 5'
# args of tracepoints whose layouts differ: each read with its own (one program per layout).
expect_child "args per layout" 't:syscalls:sys_enter_getppid,t:syscalls:sys_exit_getppid /comm == "sonde_e2e_child"/ { @[args.__syscall_nr] = count(); }' \
	"@[$(awk '/__NR_getppid/ {print $3; exit}' /usr/include/x86_64-linux-gnu/asm/unistd_64.h)]: 10"
expect_child "t: alias and a wildcard" 't:syscalls:sys_enter_getpp* /comm == "sonde_e2e_child"/ { @ = count(); }' '@: 5'

got=$("$bin" -e 'tracepoint:syscalls:nonsense_xyz { exit(); }' 2>&1)
[[ $? -eq 1 && $got == "stdin:1:1-"*"ERROR: "* ]] && pass || fail "unknown tracepoint: $got"

# A context field read twice in different branches: each read is the context plus a constant
# (the verifier refuses a moved context pointer).
expect "a context field read twice" 'tracepoint:sched:sched_wakeup { if (args.comm != "") { @[strlen(args.comm) > 0] = 1; } exit(); }' \
	'@[true]: 1'

finish
