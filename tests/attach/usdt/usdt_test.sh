#!/usr/bin/env bash
# runtime/attach/usdt.c's probe type end to end, on a USDT provider built here with <sys/sdt.h>
# (usdt_prog.c) and on python3's own probes: arguments of every operand form, a probe at two call
# sites with its argument in different places, `probe` over a wildcard, semaphores raised for a
# -c child, for a process attached by -p and for one started after sonde attached; and the errors
# for a probe, provider, binary or argument that does not exist and a spec of the wrong shape.
# Usage: usdt_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"
[[ -e /usr/include/sys/sdt.h || -e /usr/include/x86_64-linux-gnu/sys/sdt.h ]] ||
	{ echo "SKIP: no <sys/sdt.h> (scripts/deps.sh installs systemtap-sdt-dev)"; exit 77; }
build usdt_prog "$(dirname "$0")/usdt_prog.c"
prog=$tmp/usdt_prog

# expect_child NAME PROGRAM EXPECTED-OUTPUT: run PROGRAM with `-c 'usdt_prog 5'`.
expect_child() {
	run "$2" -c "$prog 5"
	verdict "$1" "$3" "$got" "$rc"
}

# start_attached PROGRAM: sonde runs PROGRAM in the background ($sonde_pid), output in
# $tmp/bg.out; returns once every probe is attached.
start_attached() {
	__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 timeout 20 "$bin" -q -e "$1" >"$tmp/bg.out" 2>&1 &
	sonde_pid=$!
	for _ in $(seq 200); do
		grep -q '^__BPFTRACE_NOTIFY_PROBES_ATTACHED$' "$tmp/bg.out" && return 0
		sleep 0.05
	done
	return 1
}

# ---- firing and arguments --------------------------------------------------------------------
expect_child "usdt with its provider" "usdt:$prog:sondetest:probe_one { @[probe] = count(); }" \
	"@[usdt:$prog:sondetest:probe_one]: 5"
expect_child "usdt without the provider" "usdt:$prog:probe_two { @two = count(); }" "@two: 1"
expect_child "usdt argument in a register" "usdt:$prog:sondetest:probe_arg { @s = sum(arg0); }" "@s: 10"
# forms(-3, -300, 4000000000, -5000000000): "-4@\$-5 -1@%dil -2@%si 4@%edx -8@%rcx -8@-8(%rsp)
# -4@sonde_global(%rip) 1@\$-56" as gcc -O1 writes them: sizes and signs, a constant whose byte
# reads unsigned, a stack slot and a global.
expect_child "usdt arguments of every operand form" \
	"usdt:$prog:forms { printf(\"%lld %lld %lld %lld %lld %lld %lld %lld\\n\", arg0, arg1, arg2, arg3, arg4, arg5, arg6, arg7); }" \
	"-5 -3 -300 4000000000 -5000000000 -1234567890123 -77 200"
run "usdt:$prog:twice { @[arg0] = count(); }" -c "$prog 5"
verdict "usdt probe at two sites with its argument in different places" $'@[500]: 1\n@[7]: 1' "$(sort <<<"$got")" "$rc"
# Entries of equal count print in the kernel's hash order: compared sorted.
run "usdt:$prog:sondetest:* { @[probe] = count(); }" -c "$prog 5"
verdict "usdt probe builtin over a wildcard" "@[usdt:$prog:sondetest:forms]: 1
@[usdt:$prog:sondetest:guarded]: 1
@[usdt:$prog:sondetest:probe_arg]: 5
@[usdt:$prog:sondetest:probe_one]: 5
@[usdt:$prog:sondetest:twice]: 2" "$(sort <<<"$got")" "$rc"
got=$(timeout 20 "$bin" -e "usdt:$prog:twice { }" -c "$prog 1" 2>&1 | head -1)
verdict "usdt attach count is per probe, not per site" "Attached 1 probe" "$got" 0

# ---- semaphores ------------------------------------------------------------------------------
# guarded fires only when its semaphore is raised, and says so (arg0 = 1).
expect_child "usdt semaphore raised for the -c child" "usdt:$prog:guarded { printf(\"%d\\n\", arg0); }" "1"
"$prog" 1 1.5 &
target=$!
sleep 0.2
run "usdt:$prog:guarded { printf(\"%d\\n\", arg0); }" -p "$target"
wait "$target"
verdict "usdt semaphore raised in a process attached by -p" "1" "$got" "$rc"
"$prog" 1 1.5 &
target=$!
sleep 0.2
run "usdt::sondetest:guarded { printf(\"%s\\n\", probe); }" -p "$target"
wait "$target"
verdict "usdt with -p and no binary looks in what the process maps" "usdt:$prog:sondetest:guarded" "$got" "$rc"
if start_attached "usdt:$prog:guarded { printf(\"%d\\n\", arg0); exit(); }"; then
	"$prog" 1
	wait "$sonde_pid"
	rc=$?
	verdict "usdt semaphore raised by file for a process started later" "1" "$(grep -v '^__BPFTRACE' "$tmp/bg.out" | grep -v '^$')" "$rc"
else
	fail "usdt semaphore by file: sonde did not attach: $(cat "$tmp/bg.out")"
fi

# ---- python3's own probes (Debian's python3.11 has them, with semaphores) ---------------------
# function__entry does not fire for Python functions in 3.11 (CPython gh-98894), so the module
# import probe stands for it.
py=/usr/bin/python3.11
if [[ -x $py ]] && readelf -n "$py" 2>/dev/null | grep -q import__find__load__start; then
	printf 'import sys, time\ntime.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 0)\nimport wave\n' >"$tmp/imp.py"
	py_prog="usdt:$py:python:import__find__load__start /str(arg0) == \"wave\"/ { @[str(arg0)] = count(); }"
	run "$py_prog" -c "$py $tmp/imp.py"
	verdict "python3 usdt with -c" "@[wave]: 1" "$got" "$rc"
	"$py" "$tmp/imp.py" 1.5 &
	target=$!
	sleep 0.3
	run "$py_prog" -p "$target"
	wait "$target"
	verdict "python3 usdt attached by -p before the import" "@[wave]: 1" "$got" "$rc"
	if start_attached "${py_prog%\}} exit(); }"; then
		"$py" "$tmp/imp.py"
		wait "$sonde_pid"
		rc=$?
		verdict "python3 usdt started after sonde attached" "@[wave]: 1" "$(grep '^@' "$tmp/bg.out")" "$rc"
	else
		fail "python3 usdt: sonde did not attach: $(cat "$tmp/bg.out")"
	fi
else
	echo "note: $py has no USDT probes here: python3's probes not tested"
fi

# ---- errors ----------------------------------------------------------------------------------
marker() { printf '%*s' "$1" '' | tr ' ' '~'; }
expect "usdt probe that does not exist" "usdt:$prog:nosuch { }" \
	"stdin:1:1-$((${#prog} + 13)): ERROR: No matches for usdt $prog:nosuch."$'\n'"usdt:$prog:nosuch { }"$'\n'"$(marker $((${#prog} + 12)))" 1
expect "usdt provider that does not exist" "usdt:$prog:zz:probe_one { }" \
	"stdin:1:1-$((${#prog} + 19)): ERROR: No matches for usdt $prog:zz:probe_one."$'\n'"usdt:$prog:zz:probe_one { }"$'\n'"$(marker $((${#prog} + 18)))" 1
expect "usdt on a missing binary" 'usdt:/nonexistent/x:a:b { }' \
	$'stdin:1:1-24: ERROR: No matches for usdt /nonexistent/x:a:b: cannot find the binary\nusdt:/nonexistent/x:a:b { }\n~~~~~~~~~~~~~~~~~~~~~~~' 1
expect "usdt spec without a probe name" "usdt:$prog { }" \
	"stdin:1:1-$((${#prog} + 6)): ERROR: usdt probes are written usdt:binary:[provider:]name"$'\n'"usdt:$prog { }"$'\n'"$(marker $((${#prog} + 5)))" 1
p="usdt:$prog:sondetest:probe_arg { @ = arg1; }"
expect "usdt argument the probe does not have" "$p" \
	"stdin:1:$((${#p} - 6))-$((${#p} - 2)): ERROR: usdt:$prog:sondetest:probe_arg has 1 argument: there is no arg1"$'\n'"$p"$'\n'"$(printf '%*s' $((${#p} - 7)) '')~~~~" 1
echo 'not an ELF file' >"$tmp/not_elf"
expect "usdt on a file that is not ELF" "usdt:$tmp/not_elf:a:b { }" \
	"stdin:1:1-$((${#tmp} + 18)): ERROR: cannot read $tmp/not_elf as ELF"$'\n'"usdt:$tmp/not_elf:a:b { }"$'\n'"$(marker $((${#tmp} + 17)))" 1

finish
