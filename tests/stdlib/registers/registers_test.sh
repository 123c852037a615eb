#!/usr/bin/env bash
# stdlib/registers.c's builtins end to end: arg0 to arg5, retval and reg() on uprobes of a child
# process (saved registers), argN on a raw tracepoint (its argument array), and where they are refused.
# Usage: registers_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"
build sonde_e2e_child "$lib_dir/child.c"
child=$tmp/sonde_e2e_child
nr=$(awk '/__NR_getppid/ {print $3; exit}' /usr/include/x86_64-linux-gnu/asm/unistd_64.h 2>/dev/null)

# expect_child NAME PROGRAM EXPECTED-OUTPUT: run PROGRAM with `-c 'child 5'`: sonde_child_add(i, 10)
# for i in 0..4, then sonde_child_six(1, 2, 3, 4, 5, 6).
expect_child() {
	run "$2" -c "$child 5"
	verdict "$1" "$3" "$got" "$rc"
}

expect_child "arg0 to arg5" "uprobe:$child:sonde_child_six { printf(\"%d %d %d %d %d %d\n\", arg0, arg1, arg2, arg3, arg4, arg5); }" \
	"1 2 3 4 5 6"
expect_child "arg0 and arg1 at each call" "uprobe:$child:sonde_child_add { @a = sum(arg0); @b[arg1] = count(); }" \
	$'@a: 10\n@b[10]: 5'
expect_child "retval" "uretprobe:$child:sonde_child_add { @s = sum(retval); } uretprobe:$child:sonde_child_six { @six = max(retval); }" \
	$'@s: 60\n@six: 21'
if [[ -n $nr ]]; then
	expect_child "arg1 of a raw tracepoint" "rawtracepoint:sys_enter /comm == \"sonde_e2e_child\" && arg1 == $nr/ { @ = count(); }" "@: 5"
else
	echo "note: no __NR_getppid in asm/unistd_64.h: argN of a raw tracepoint not tested"
fi

# reg(): rdi holds the first argument; pc is ip's other name.
expect_child "reg" "uprobe:$child:sonde_child_six { printf(\"%d %d %d\\n\", reg(\"di\"), reg(\"si\"), reg(\"pc\") == reg(\"ip\")); }" \
	"1 2 1"
# A perf event's context (profile) takes only whole loads of its saved registers.
expect "reg in a profile probe" 'profile:hz:99 { @[reg("ip") > 0, reg("sp") > 0] = 1; exit(); }' '@[true, true]: 1'
expect "reg of no register" "uprobe:$child:sonde_child_six { print(reg(\"nope\")); }" \
	"stdin:1:$((${#child} + 33))-$((${#child} + 44)): ERROR: 'nope' is not a valid register on this architecture (x86_64)
uprobe:$child:sonde_child_six { print(reg(\"nope\")); }
$(printf '%*s' $((${#child} + 32)) '')~~~~~~~~~~~" 1
expect "reg where there are no registers" 'begin { print(reg("ip")); }' \
	$'stdin:1:15-24: ERROR: reg can not be used with "begin" probes: their context holds no registers\nbegin { print(reg("ip")); }\n              ~~~~~~~~~' 1
expect "arg0 where there are no registers" 'begin { print(arg0); }' \
	$'stdin:1:15-19: ERROR: The arg0 builtin can only be used with \'kprobes\', \'uprobes\' and \'usdt\' probes\nbegin { print(arg0); }\n              ~~~~' 1
expect "retval on an entry probe" "uprobe:$child:sonde_child_add { print(retval); }" \
	"stdin:1:$((${#child} + 33))-$((${#child} + 39)): ERROR: The retval builtin can only be used with 'kretprobe' and 'uretprobe' probes
uprobe:$child:sonde_child_add { print(retval); }
$(printf '%*s' $((${#child} + 32)) '')~~~~~~" 1

finish
