#!/usr/bin/env bash
# stdlib/introspection.c's builtins end to end on the real kernel: the is_* type questions,
# probetype, static_assert, assert_str and fail (not where a constant condition never goes),
# kfunc_exist and kfunc_allowed (asked of the kernel for the probe's program type), cgroupid (against `cgroup` of the same
# process), container_of and the traced address of &ptr->field it takes.
# Usage: introspection_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

expect_stdout "is_* questions" 'begin { $s = "x"; print((is_array(curtask->comm), is_integer(1), is_integer($s),
	is_unsigned_integer(-1), is_unsigned_integer((uint8)1), is_ptr(curtask), is_ptr(1), is_str($s), is_literal(1),
	is_literal($s))); exit(); }' '(false, true, false, false, true, true, false, true, true, false)'
expect_stdout "probetype" 'begin { print(probetype()); } interval:ms:10 { print(probetype); exit(); }' $'special\ninterval'
got=$(timeout 20 "$bin" -q -e 'tracepoint:syscalls:sys_enter_execve /comm == "sonde"/ { print(probetype()); exit(); }' \
	-c "$(type -P true)" 2>"$tmp/err")
verdict "probetype of a tracepoint" "tracepoint" "$got"

expect_stdout "static_assert and assert_str that hold" \
	'begin { static_assert(1 + 1 == 2 && !(3 < 2), "math"); assert_str("x"); print(1); exit(); }' '1'
run 'begin { static_assert(1 == 2, "math is broken"); }'
verdict "static_assert that fails" 'stdin:1:9-48: ERROR: static assertion failed: math is broken
begin { static_assert(1 == 2, "math is broken"); }
        ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~' "$got" "$rc" 1
run 'begin { assert_str(1); }'
verdict "assert_str of an integer" 'stdin:1:20-21: ERROR: assert_str() expects a string, got int8
begin { assert_str(1); }
                   ~' "$got" "$rc" 1

# bpf_task_acquire is a kfunc of every kernel with BTF kfuncs (6.2 and later).
expect_stdout "kfunc_exist" 'begin { print((kfunc_exist("bpf_task_acquire"), kfunc_exist("no_such_kfunc_here"))); exit(); }' \
	'(true, false)'
# A raw tracepoint (begin's program type) may not call bpf_task_from_pid, a tracepoint may; XDP's
# metadata kfuncs need a device-bound program.
expect_stdout "kfunc_allowed in begin" \
	'begin { print((kfunc_allowed("bpf_task_from_pid"), kfunc_allowed("bpf_xdp_metadata_rx_hash"), kfunc_allowed("nope_x"))); exit(); }' \
	'(false, false, false)'
got=$(timeout 20 "$bin" -q -e 'tracepoint:syscalls:sys_enter_execve /comm == "sonde"/ {
	print((kfunc_allowed("bpf_task_from_pid"), kfunc_allowed("bpf_xdp_metadata_rx_hash"))); exit(); }' -c "$(type -P true)" 2>"$tmp/err")
verdict "kfunc_allowed in a tracepoint" "(true, false)" "$got"

got=$("$bin" -q -e 'begin { if ($1 < 2) { fail("Expected more than 1, got %d", $1); } else { print("ok"); } exit(); }' 5 2>&1)
verdict "fail where a constant condition never goes" 'ok' "$(grep -v '^$' <<<"$got")"
run 'begin { if ($1 < 2) { fail("Expected more than 1, got %d", $1); } }' 
verdict "fail without the parameter" 'stdin:1:23-63: ERROR: Expected more than 1, got 0
begin { if ($1 < 2) { fail("Expected more than 1, got %d", $1); } }
                      ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~' "$got" "$rc" 1
run 'begin { fail("%s %5d|%-3x|%c%%", "no", 42, 255, 65); }'
verdict "fail's format" 'stdin:1:9-52: ERROR: no    42|ff |A%
begin { fail("%s %5d|%-3x|%c%%", "no", 42, 255, 65); }
        ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~' "$got" "$rc" 1
run 'begin { if (pid > 0) { fail("x %d", pid); } }'
verdict "fail of a run-time value" 'stdin:1:37-40: ERROR: fail() needs a literal for each conversion of its format
begin { if (pid > 0) { fail("x %d", pid); } }
                                    ~~~' "$got" "$rc" 1

# This process's own cgroup, as /proc/self/cgroup names it under the cgroup2 mount.
mount=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
path=$(sed -n 's/^0:://p' /proc/self/cgroup)
if [[ -n $mount && -n $path ]]; then
	expect_stdout "cgroupid of our cgroup is cgroup" "begin { print(cgroupid(\"$mount$path\") == cgroup); exit(); }" 'true'
else
	echo "SKIP: cgroupid of our cgroup is cgroup: no cgroup2 mount, or no unified cgroup in /proc/self/cgroup"
fi
run 'begin { print(cgroupid("/nonexistent")); }'
verdict "cgroupid of a missing path" 'stdin:1:24-38: ERROR: cgroupid(): cannot find the cgroup /nonexistent: No such file or directory
begin { print(cgroupid("/nonexistent")); }
                       ~~~~~~~~~~~~~~' "$got" "$rc" 1

expect_stdout "container_of a script struct" 'struct S { int a; int b; }
	begin { $p = (struct S *)1000; print((uint64)container_of(&$p->b, typeof(struct S), b)); exit(); }' '1000'
expect_stdout "&ptr->field is the traced address, container_of goes back" 'begin { $t = curtask;
	print(((uint64)&$t->pid == (uint64)$t + offsetof(struct task_struct, pid),
		container_of(&$t->pid, typeof(struct task_struct), pid) == $t, *&$t->pid == pid)); exit(); }' '(true, true, true)'

finish
