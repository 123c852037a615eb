#!/usr/bin/env bash
# stdlib/process.c's builtins end to end on the real kernel: username, ncpus, numaid, usermode, and the
# prelude's pcomm, leader_comm and leader_tid from a thread;
# pid inside a pid namespace (as its /proc numbers it, pid(init) as the host's).
# Usage: process_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

expect "username" 'begin { print(username); printf("%s\n", username()); exit(); }' "$(id -un)"$'\n'"$(id -un)"
# A thread of a process named parent-name, started by this shell: its comm, pcomm, leader_comm.
if [[ -r /sys/kernel/btf/vmlinux ]] && command -v python3 >/dev/null; then
	cat >"$tmp/threads.py" <<'PY'
import ctypes, threading, time, os
libc = ctypes.CDLL(None)
libc.prctl(15, b"sonde-leader", 0, 0, 0)      # PR_SET_NAME: the main thread's comm
def worker():
    libc.prctl(15, b"sonde-worker", 0, 0, 0)
    time.sleep(0.8)
    os.getppid()
t = threading.Thread(target=worker); t.start(); t.join()
PY
	run 'tracepoint:syscalls:sys_enter_getppid /comm == "sonde-worker"/ {
		printf("%s %s %s %d\n", comm, pcomm, leader_comm, leader_tid == pid); exit(); }' -c "python3 $tmp/threads.py"
	verdict "pcomm, leader_comm and leader_tid from a thread" "sonde-worker sonde sonde-leader 1" "$got" "$rc"
else
	echo "note: no kernel BTF or python3: pcomm, leader_comm and leader_tid skipped"
fi
expect "ncpus" 'begin { printf("%d %d\n", ncpus, ncpus()); exit(); }' "$(nproc) $(nproc)"
expect_re "numaid" 'i:ms:1 { printf("%u %u\n", numaid, numaid()); exit(); }' '[0-9]+ [0-9]+'
if [[ $(uname -m) == x86_64 ]]; then
	expect "usermode in begin and end" 'begin { printf("%d ", usermode); } end { print(usermode()); }' "1 1"
	expect_re "usermode in a profile probe" 'profile:hz:99 { @[usermode] = count(); exit(); }' '@\[[01]\]: [0-9]+'
fi

# comm(pid) through the kfunc bpf_task_from_pid where the kernel lets a tracepoint program call it:
# the task's own name for its pid, "N/A" and a located warning for a pid with no task; begin's
# program type may not call it.
build sonde_comm_child "$lib_dir/child.c"
if [[ $("$bin" -q -e 'tracepoint:syscalls:sys_enter_getppid { print(kfunc_allowed("bpf_task_from_pid")); exit(); }' \
	-c "$tmp/sonde_comm_child 1" 2>/dev/null | grep -v '^$') == true ]]; then
	run 'tracepoint:syscalls:sys_enter_getppid /comm == "sonde_comm_chil"/ { printf("%s|%s|\n", comm(pid), comm(2147483647)); exit(); }' \
		-c "$tmp/sonde_comm_child 1"
	verdict "comm(pid) of a task and of no task" \
		$'stdin:1:99-115: WARNING: No such process (pid=2147483647)\ntracepoint:syscalls:sys_enter_getppid /comm == "sonde_comm_chil"/ { printf("%s|%s|\\n", comm(pid), comm(2147483647)); exit(); }\n                                                                                                  ~~~~~~~~~~~~~~~~\nsonde_comm_chil|N/A|' \
		"$got" "$rc"
	expect "comm(pid) where the program type may not call bpf_task_from_pid" 'begin { print(comm(1)); }' \
		$'stdin:1:15-22: ERROR: Syntax comm(PID) is not supported in this probe type yet. Type: begin\nbegin { print(comm(1)); }\n              ~~~~~~~' 1
else
	echo "note: this kernel does not let a tracepoint call bpf_task_from_pid: comm(pid) not tested here"
fi

# sonde as the second process of a new pid namespace (after the shell unshare forks): pid is 2
# there, and pid(init) the host's number for it. The real binary runs: the leak watcher's wrapper
# follows pids as the host numbers them.
if command -v unshare >/dev/null && unshare --fork --pid --mount-proc true 2>/dev/null; then
	got=$(unshare --fork --pid --mount-proc sh -c "\"$real_bin\" -q -e 'begin { printf(\"%d %d %d\\n\", pid, pid(curr_ns), pid(init) != pid); exit(); }'" 2>&1 | grep -v '^$')
	verdict "pid in a pid namespace" "2 2 1" "$got" 0
else
	echo "note: unshare --pid is not available here: pid namespaces not tested"
fi

finish
