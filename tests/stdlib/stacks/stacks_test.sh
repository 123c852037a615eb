#!/usr/bin/env bash
# stdlib/stacks.c's builtins end to end on the real kernel: kaddr against /proc/kallsyms, ksym,
# kstack (its frames, a depth limit, the perf mode, len) on a tracepoint hit by a child process.
# ustack and usym of a -c process that has exited by the time the maps print: its mappings were
# read when its addresses were first recorded.
# Usage: stacks_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

# ---- kaddr, ksym ----
# jiffies is in kallsyms only with CONFIG_KALLSYMS_ALL; functions always are.
sym=$(awk '$3 == "jiffies" && $1 != "0000000000000000" { print $1; exit }' /proc/kallsyms)
if [[ -n $sym ]]; then
	run 'begin { printf("%llx\n", kaddr("jiffies")); exit(); }'
	[[ $got == "$(printf '%x' "0x$sym")" ]] && pass || fail "kaddr: $got, kallsyms says $sym"
else
	echo "note: no jiffies in /proc/kallsyms (no CONFIG_KALLSYMS_ALL): kaddr of a variable not tested"
fi
expect "kaddr unknown symbol" 'begin { print(kaddr("asdfzzzzzzz")) }' \
	$'stdin:1:15-35: ERROR: Failed to resolve kernel symbol: asdfzzzzzzz\nbegin { print(kaddr("asdfzzzzzzz")) }\n              ~~~~~~~~~~~~~~~~~~~~' 1
fn=$(awk '$3 == "vfs_read" && $1 != "0000000000000000" { print $1; exit }' /proc/kallsyms)
if [[ -n $fn ]]; then
	expect "kaddr of a function" 'begin { printf("%llx\n", kaddr("vfs_read")); exit(); }' "$(printf '%x' "0x$fn")"
	expect "ksym of a function's address and inside it" \
		'begin { printf("%s %s\n", ksym(kaddr("vfs_read")), ksym(kaddr("vfs_read") + 1)); exit(); }' "vfs_read vfs_read"
else
	echo "note: /proc/kallsyms hides addresses (kptr_restrict): kaddr and ksym of a function not tested"
fi

# ---- kstack: a system call's stack ends in the syscall entry ----
build sonde_e2e_child "$lib_dir/child.c"
got=$(timeout 20 "$bin" -q -e 'tracepoint:syscalls:sys_enter_getppid /comm == "sonde_e2e_child"/ { @[kstack] = count(); }' \
	-c "$tmp/sonde_e2e_child 3" 2>&1 | grep -v '^$')
rc=${PIPESTATUS[0]}
# One key (three calls, one stack), its frames `        name+offset`, the last one the entry.
if [[ $rc -eq 0 && $(head -1 <<<"$got") == '@[' && $(tail -1 <<<"$got") == ']: 3' &&
	$(sed -n 'x;$p' <<<"$got") =~ ^\ {8}entry_SYSCALL_64[a-z_]*\+[0-9]+$ &&
	$(grep -cvE '^ {8}[A-Za-z0-9_.]+\+[0-9]+$' <<<"$got") -eq 2 ]]; then
	pass
else
	fail "kstack: status $rc: $(head -c 400 <<<"$got")"
fi
got=$(timeout 20 "$bin" -q -e 'tracepoint:syscalls:sys_enter_getppid /comm == "sonde_e2e_child"/ { print(kstack(2)); print(kstack(perf, 1)); }' \
	-c "$tmp/sonde_e2e_child 1" 2>&1 | grep -v '^$')
rc=${PIPESTATUS[0]}
if [[ $rc -eq 0 && $(wc -l <<<"$got") -eq 3 && $(sed -n 1,2p <<<"$got" | grep -cE '^ {8}[A-Za-z0-9_.]+\+[0-9]+$') -eq 2 &&
	$(sed -n 3p <<<"$got") =~ ^$'\t'[0-9a-f]{16}\ [A-Za-z0-9_.]+\+[0-9]+$ && $(sed -n 1p <<<"$got") == "$(sed -n 3p <<<"$got" | sed 's/^\t[0-9a-f]* /        /')" ]]; then
	pass
else
	fail "kstack(2) and kstack(perf, 1): status $rc: $(head -c 400 <<<"$got")"
fi
# len(kstack): the frames kstack prints; len(kstack(2)) at most 2.
got=$(timeout 20 "$bin" -q -e 'tracepoint:syscalls:sys_enter_getppid /comm == "sonde_e2e_child"/ { print(kstack); printf("len %d %d\n", len(kstack), len(kstack(2))); }' \
	-c "$tmp/sonde_e2e_child 1" 2>&1 | grep -v '^$')
rc=${PIPESTATUS[0]}
frames=$(grep -cE '^ {8}[A-Za-z0-9_.]+\+[0-9]+$' <<<"$got")
if [[ $rc -eq 0 && $frames -gt 2 && $(tail -1 <<<"$got") == "len $frames 2" ]]; then
	pass
else
	fail "len(kstack): status $rc, $frames frames: $(head -c 400 <<<"$got")"
fi

# ---- ustack, usym: a process that is gone when the map prints still has names ----
build ustack_prog "$(dirname "$0")/ustack_prog.c" -fno-omit-frame-pointer
run "uprobe:$tmp/ustack_prog:stk_leaf { @[ustack(2)] = count(); @u[usym(reg(\"ip\"))] = count(); }" -c "$tmp/ustack_prog"
want_re='^(@\[|        stk_leaf\+0|        main\+[0-9]+|\]: 1|@u\[stk_leaf\]: 3)$'
if [[ $rc -ne 0 ]]; then
	fail "ustack of an exited process: exit status $rc: $got"
elif grep -Evq "$want_re" <<<"$got" || ! grep -q '^        stk_leaf+0$' <<<"$got" || ! grep -q '^        main+' <<<"$got" ||
	! grep -q '^@u\[stk_leaf\]: 3$' <<<"$got"; then
	fail "ustack of an exited process: not every frame named: $got"
else
	pass
fi

# ---- ustack with source: file:line from DWARF, on by default; show_debug_info=0 leaves it out ----
build ustack_prog_g "$(dirname "$0")/ustack_prog.c" -g -fno-omit-frame-pointer
src_dir=$(realpath "$(dirname "$0")")
run "uprobe:$tmp/ustack_prog_g:stk_leaf { print(ustack(1)); exit(); }" -c "$tmp/ustack_prog_g"
# The line is the compiler's first for stk_leaf+0: one of stk_leaf's own (9 to 13).
if [[ $rc -eq 0 && $got =~ ^"        stk_leaf+0@$src_dir/ustack_prog.c:"(9|1[0-3])$ ]]; then
	pass
else
	fail "ustack frame with its source line: status $rc: $got"
fi
run "config = { show_debug_info=0 } uprobe:$tmp/ustack_prog_g:stk_leaf { print(ustack(1)); exit(); }" -c "$tmp/ustack_prog_g"
verdict "ustack without source (show_debug_info=0)" "        stk_leaf+0" "$got" "$rc"

# ---- ustack(build_id): the kernel names each frame's file by its build id ----
want_id=$(readelf -n "$tmp/ustack_prog" 2>/dev/null | awk '/Build ID/ { print $3 }')
if [[ -n $want_id ]]; then
	run "uprobe:$tmp/ustack_prog:stk_leaf { print(ustack(build_id, 1)); exit(); }" -c "$tmp/ustack_prog"
	if [[ $rc -eq 0 && $got =~ ^$want_id\ 0x[0-9a-f]+$ ]]; then
		pass
	else
		fail "ustack(build_id): status $rc: '$got', build id $want_id"
	fi
else
	echo "note: the test program has no build id (linker without --build-id): ustack(build_id) not tested"
fi

finish
