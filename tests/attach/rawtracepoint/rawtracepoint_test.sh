#!/usr/bin/env bash
# runtime/attach/rawtracepoint.c's probe type end to end: args named from the kernel's BTF
# prototype (sys_enter's id, sys_exit's regs and ret), with and without the vmlinux module, the
# rt: alias and a wildcard, fed by a child process making a known number of getppid calls; and
# the errors for an unknown event and an unknown module.
# Usage: rawtracepoint_test.sh path/to/sonde. Needs root, BPF and kernel BTF; exits 77 (skip)
# saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"
[[ -r /sys/kernel/btf/vmlinux ]] || { echo "SKIP: no kernel BTF (raw tracepoint args come from it)"; exit 77; }
nr=$(awk '/__NR_getppid/ {print $3; exit}' /usr/include/x86_64-linux-gnu/asm/unistd_64.h 2>/dev/null)
[[ -n $nr ]] || { echo "SKIP: no __NR_getppid in asm/unistd_64.h"; exit 77; }
build sonde_e2e_child "$lib_dir/child.c"

# expect_child NAME PROGRAM EXPECTED-OUTPUT: run PROGRAM with `-c 'child 7'` (7 getppid calls).
expect_child() {
	run "$2" -c "$tmp/sonde_e2e_child 7"
	verdict "$1" "$3" "$got" "$rc"
}
is_child='comm == "sonde_e2e_child"'
expect_child "sys_enter args.id" "rawtracepoint:sys_enter /$is_child && args.id == $nr/ { @[args.id] = count(); }" "@[$nr]: 7"
# getppid returns the parent's pid: sonde's, which started the child.
expect_child "sys_exit args through a pointer, with the module" \
	"rawtracepoint:vmlinux:sys_exit /$is_child && args.regs->orig_ax == $nr/ { @[args.ret == curtask->real_parent->tgid] = count(); }" \
	"@[true]: 7"
expect_child "rt: alias and a wildcard" "rt:sys_ent* /$is_child && args.id == $nr/ { @ = count(); }" "@: 7"

run 'rawtracepoint:nonsense { }'
[[ $rc -eq 1 && $got == *"ERROR: Probe has no valid attach points."* ]] && pass || fail "rawtracepoint: $got"
run 'rawtracepoint:nonsense:sys_exit { }'
[[ $rc -eq 1 && $got == *"ERROR: No matches for rawtracepoint nonsense:sys_exit."* ]] && pass ||
	fail "rawtracepoint module: $got"

finish
