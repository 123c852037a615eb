#!/usr/bin/env bash
# stdlib/task_actions.c's builtins end to end: signal() and signal_thread() kill a real child at its
# clock_nanosleep (its exit code, read at sched_process_exit, names the signal), a run-time signal
# number out of range is reported, and the errors; override() is checked here for its errors (it
# needs kprobes: tests/vm runs it).
# Usage: task_actions_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

# A sleep that the probe signals when it starts sleeping; what it died of, as the kernel saw it.
exit_probe='tracepoint:sched:sched_process_exit /pid == cpid/ { printf("exit code %d\n", curtask->exit_code); }'
sleeper() {
	local name=$1 action=$2 want=$3
	run "tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ { $action } $exit_probe" --unsafe -c '/bin/sleep 3'
	verdict "$name" "$want" "$got" "$rc" 0
}
sleeper "signal by name" 'signal("KILL");' "exit code 9"
sleeper "signal by SIG name" 'signal("SIGTERM");' "exit code 15"
sleeper "signal_thread by number" 'signal_thread(10);' "exit code 10"
sleeper "signal computed at run time" 'signal(args.which_clock + 9);' "exit code 9"   # sleep(1) sleeps on CLOCK_REALTIME, 0
run "tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ { signal(args.which_clock + 70); } $exit_probe" \
	--unsafe -c '/bin/sleep 0.2'
verdict "a run-time signal out of range is an error, not sent" \
	$'stdin:1:63-92: ERROR: signal() expects a signal from 1 to 64, got 70\ntracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ { signal(args.which_clock + 70); } tracepoint:sched:sched_process_exit /pid == cpid/ { printf("exit code %d\\n", curtask->exit_code); }\n                                                              ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\nexit code 0' \
	"$got" "$rc" 0

# ---- errors ----
expect "signal needs --unsafe" 'tracepoint:syscalls:sys_enter_nanosleep { signal("KILL"); }' \
	$'stdin:1:43-57: ERROR: signal() is unsafe. To use you need the --unsafe flag\ntracepoint:syscalls:sys_enter_nanosleep { signal("KILL"); }\n                                          ~~~~~~~~~~~~~~' 1
expect "signal in begin" 'begin { signal_thread("KILL"); }' \
	$'stdin:1:9-30: ERROR: signal_thread() can not be used with "begin" probes\nbegin { signal_thread("KILL"); }\n        ~~~~~~~~~~~~~~~~~~~~~' 1
expect "signal in interval" 'interval:s:1 { signal(9); }' \
	$'stdin:1:16-25: ERROR: signal() can not be used with "interval" probes\ninterval:s:1 { signal(9); }\n               ~~~~~~~~~' 1
run 'tracepoint:syscalls:sys_enter_nanosleep { signal("FOO"); }' --unsafe
verdict "an unknown signal name" \
	$'stdin:1:50-55: ERROR: FOO is not a valid signal\ntracepoint:syscalls:sys_enter_nanosleep { signal("FOO"); }\n                                                 ~~~~~' "$got" "$rc" 1
run 'tracepoint:syscalls:sys_enter_nanosleep { signal(65); }' --unsafe
verdict "a constant signal out of range" \
	$'stdin:1:50-52: ERROR: 65 is not a valid signal, allowed range: [1,64]\ntracepoint:syscalls:sys_enter_nanosleep { signal(65); }\n                                                 ~~' "$got" "$rc" 1
run 'tracepoint:syscalls:sys_enter_nanosleep { signal(comm); }' --unsafe
verdict "a signal that is neither name nor number" \
	$'stdin:1:50-54: ERROR: signal() expects a signal name (a string literal) or number, got string[16]\ntracepoint:syscalls:sys_enter_nanosleep { signal(comm); }\n                                                 ~~~~' "$got" "$rc" 1
run 'tracepoint:syscalls:sys_enter_nanosleep { override(1); }' --unsafe
verdict "override outside kprobe" \
	$'stdin:1:43-54: ERROR: override() can only be used with kprobe probes, not "tracepoint"\ntracepoint:syscalls:sys_enter_nanosleep { override(1); }\n                                          ~~~~~~~~~~~' "$got" "$rc" 1
expect "override needs --unsafe" 'kprobe:__x64_sys_getuid { override(1); }' \
	$'stdin:1:27-38: ERROR: override() is unsafe. To use you need the --unsafe flag\nkprobe:__x64_sys_getuid { override(1); }\n                          ~~~~~~~~~~~' 1
finish
