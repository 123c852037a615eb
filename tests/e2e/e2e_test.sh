#!/usr/bin/env bash
# The pipeline end to end on the real kernel, on general cases: printf, maps and tuples as keys and
# values, control flow, casts, positionals, on_stack_limit, probes of any size, a located type
# error. What is about one probe type is in tests/attach/TYPE/, about one stdlib domain in
# tests/stdlib/DOMAIN/.
# Usage: e2e_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"

# expect NAME PROGRAM EXPECTED-STDOUT [EXPECTED-STATUS]
expect() {
	local name=$1 prog=$2 want=$3 want_rc=${4:-0} got rc
	got=$("$bin" -q -e "$prog" 2>"$tmp/err")
	rc=$?
	verdict "$name" "$want" "$got" "$rc" "$want_rc" "$(cat "$tmp/err")"
}

expect "printf and exit" 'begin { printf("hello %s %d\n", "world", 1 + 2 * 3); exit(); }' "hello world 7"
expect "integer maps" 'begin { @a[1] = 10; @a[2] = 5; @b = -11; }' $'\n\n@a[2]: 5\n@a[1]: 10\n@b: -11'
expect "tuple keys and values" 'begin { @t["x", 2] = (1, "hi"); }' $'\n\n@t[x, 2]: (1, hi)'
expect "control flow" 'begin { $s = 0; for ($i : 1..5) { if ($i == 3) { continue; } $s += $i; } $j = 0; while ($j < 3) { $j++; } printf("%d %d %s\n", $s, $j, $s > 5 ? "big" : "small"); }' "7 3 big"
expect "bool array cast" 'begin { @a = (bool[2])(uint16)1; }' $'\n\n@a: [true,false]'
expect "positional" 'begin { printf("%d\n", $#); }' "0"
# A string literal may span lines (a newline in it is part of it), as in bpftrace.
expect "a string spanning lines" $'begin { printf("a\nb %d\\n", 1); exit(); }' $'a\nb 1'
# A map's first assignment may read it (an integer until then): @x = @x + n.
expect "a map read by its first assignment" 'begin { @x = @x + 2; @x = @x + 3; @y = @y - 1; exit(); }' $'\n\n@x: 5\n@y: -1'

# on_stack_limit 0: every value that would go on the BPF stack lives in per-CPU scratch memory.
expect "on_stack_limit 0 tuples" 'config = { on_stack_limit = 0 } begin { print((1, (2, "XXXX"))); $x = "ab"; $y = $x; print($y); exit(); }' \
	$'(1, (2, XXXX))\nab'
expect "on_stack_limit 0 maps" 'config = { on_stack_limit = 0 } begin { @x[1, 2] = "v"; @y = @x[1, 2]; exit(); }' \
	$'\n\n@x[1, 2]: v\n@y: v'

# Errors: located, one line plus source and marker, exit 1, nothing left loaded.
# Probes of any size: 200 string map assignments, and 20 printf calls of 6 string arguments, in
# one probe each; every value has its own slot, so past the stack budget they go to scratch.
big='begin {'
for i in $(seq 0 199); do big+=" @names[$i] = \"name number $i of the table\";"; done
got=$("$bin" -q -e "$big exit(); }" 2>"$tmp/err" | grep -c '^@names\[[0-9]*\]: name number [0-9]* of the table$')
[[ $got -eq 200 ]] && pass || fail "200 string map assignments: $got entries printed: $(head -c 300 "$tmp/err")"
big='begin { $a = "a"; $b = "bb";'
for i in $(seq 1 20); do big+=" printf(\"%s %s %s %s %s %s\\n\", \$a, \$b, comm, \"x$i\", \$a, \$b);"; done
got=$("$bin" -q -e "$big exit(); }" 2>"$tmp/err" | grep -c '^a bb sonde x[0-9]* a bb$')
[[ $got -eq 20 ]] && pass || fail "20 printf calls of 6 strings: $got lines printed: $(head -c 300 "$tmp/err")"

got=$("$bin" -e 'begin { @x = 1; @x = "s"; }' 2>&1)
[[ $? -eq 1 && $got == "stdin:1:17-25: ERROR: Type mismatch for @x"* ]] && pass || fail "type error: $got"
left_behind "runs above"

finish
