#!/usr/bin/env bash
# Scripts end to end on the real kernel: compile, load, attach, make events, compare output.
# Usage: e2e_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"
here=$(cd "$(dirname "$0")" && pwd)

# expect NAME PROGRAM EXPECTED-STDOUT [EXPECTED-STATUS]
expect() {
	local name=$1 prog=$2 want=$3 want_rc=${4:-0} got rc
	got=$("$bin" -q -e "$prog" 2>"$tmp/err")
	rc=$?
	verdict "$name" "$want" "$got" "$rc" "$want_rc" "$(cat "$tmp/err")"
}

# Bucket layout and bars as bpftrace prints them.
HIST=$(cat <<'END'
@:
(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[0]                    0 |                                                    |
[1]                    0 |                                                    |
[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[8, 16)                0 |                                                    |
[16, 32)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
END
)
LHIST=$(cat <<'END'
@:
(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[0, 2)                 0 |                                                    |
[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[4, 6)                 0 |                                                    |
[6, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[8, 10)                0 |                                                    |
[10, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
END
)

expect "printf and exit" 'begin { printf("hello %s %d\n", "world", 1 + 2 * 3); exit(); }' "hello world 7"
expect "exit code" 'begin { exit(3); }' "" 3
expect "integer maps" 'begin { @a[1] = 10; @a[2] = 5; @b = -11; }' $'\n\n@a[2]: 5\n@a[1]: 10\n@b: -11'
expect "tuple keys and values" 'begin { @t["x", 2] = (1, "hi"); }' $'\n\n@t[x, 2]: (1, hi)'
expect "aggregations" 'begin { @c = count(); @c = count(); @s = sum(5); @s = sum(-7); @m = min(4); @m = min(2); @x = max(9); @v = avg(3); @v = avg(6); @st = stats(10); }' \
	$'\n\n@c: 2\n@m: 2\n@s: -2\n@st: { .count = 1, .average = 10, .total = 10 }\n@v: 4\n@x: 9'
expect "hist" 'begin { @=hist(-1); @=hist(2); @=hist(3); @=hist(7); @=hist(20); }' $'\n\n'"$HIST"
expect "lhist" 'begin { @=lhist(2,0,10,2); @=lhist(3,0,10,2); @=lhist(7,0,10,2); @=lhist(-1,0,10,2); @=lhist(11,0,10,2); }' $'\n\n'"$LHIST"
expect "control flow" 'begin { $s = 0; for ($i : 1..5) { if ($i == 3) { continue; } $s += $i; } $j = 0; while ($j < 3) { $j++; } printf("%d %d %s\n", $s, $j, $s > 5 ? "big" : "small"); }' "7 3 big"
expect "strings" 'begin { $a = "hello"; $a = "hi"; printf("%s %d %d\n", $a, $a == "hi", strncmp("abc", "abd", 2)); }' "hi 1 0"
expect "bool array cast" 'begin { @a = (bool[2])(uint16)1; }' $'\n\n@a: [true,false]'
expect "positional" 'begin { printf("%d\n", $#); }' "0"
expect "print map and clear" 'begin { @x[1] = 2; print(@x); clear(@x); }' '@x[1]: 2'

# A tracepoint with typed args, fed by a child process that makes a known number of calls.
cc -O1 -o "$tmp/sonde_e2e_child" "$here/child.c" || { echo "SKIP: no C compiler"; exit 77; }
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

# Errors: located, one line plus source and marker, exit 1, nothing left loaded.
got=$("$bin" -e 'begin { @x = 1; @x = "s"; }' 2>&1)
[[ $? -eq 1 && $got == "stdin:1:17-25: ERROR: Type mismatch for @x"* ]] && pass || fail "type error: $got"
got=$("$bin" -e 'tracepoint:syscalls:nonsense_xyz { exit(); }' 2>&1)
[[ $? -eq 1 && $got == "stdin:1:1-"*"ERROR: "* ]] && pass || fail "unknown tracepoint: $got"
left_behind "runs above"

finish
