#!/usr/bin/env bash
# Macros and the standard macros end to end on the real kernel: parameter kinds, hygiene, nested
# and repeated expansion, builtin wrappers, the prelude (assert, strlen, signal_name, ppid), and
# the rewrites done with expansion (if expressions, `a ?: b`, ternary statements, aggregation as
# a block's value, records assigned in another field order).
# Usage: macro_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"

# expect NAME PROGRAM EXPECTED-STDOUT: a script that ends by itself (maps print after two blank lines).
expect() {
	local name=$1 prog=$2 want=$3 got
	got=$("$bin" -q -e "$prog" 2>"$tmp/err") || { fail "$name: failed: $(head -c 300 "$tmp/err")"; return; }
	verdict "$name" "$want" "$got"
}

expect "variable parameter" \
	'macro inc($x) { $x += 1; $x } begin { $a = 1; $b = inc($a); inc($a); print(($a, $b)); exit(); }' \
	'(3, 2)'
expect "map parameter" \
	'macro set(@m, k) { @m[k] = k * 10; } begin { set(@a, 1); set(@a, 2); exit(); }' \
	$'\n\n@a[1]: 10\n@a[2]: 20'
expect "expression parameter evaluated at each use" \
	'macro thrice(x) { x; x; x; } begin { thrice({ printf("hi") }); printf("\n"); exit(); }' \
	'hihihi'
expect "hygiene" \
	'macro inc(x) { $y = x + 1; $y } begin { $y = 2; $z = inc(inc(5)); print(($y, $z)); exit(); }' \
	'(2, 7)'
expect "macros calling macros, any definition order" \
	'macro a2(x) { x + a1(x) } macro a1(x) { x + 1 } begin { print(a2(1)); exit(); }' \
	'3'
expect "bare identifier and builtin wrappers" \
	'macro one() { 1 } begin { if (__builtin_pid == pid() && one == 1) { print("ok"); } exit(); }' \
	'ok'
expect "typeof parameters" \
	'macro sz(t) { sizeof(t) + sizeof(t*) } begin { print(sz(typeof(uint16))); exit(); }' \
	'10'
expect "strlen and signal_name" \
	'begin { print((strlen("hello"), signal_name(15), signal_name(40), signal_name(99))); exit(); }' \
	'(5, Terminated, Real-time signal 6, N/A)'
expect "ppid" \
	'begin { printf("%d\n", ppid(curtask) == ppid() ? 1 : 0); exit(); }' \
	'1'
expect "if expressions and elvis" \
	'begin { $x = 0; $a = if ($x) { 1 } else if ($x == 0) { 2 } else { 3 }; print(($a, $x ?: 9, 4 ?: 9)); exit(); }' \
	'(2, 9, 4)'
expect "ternary statement with void arms" \
	'begin { 1 ? printf("yes\n") : printf("no\n"); exit(); }' \
	'yes'
expect "aggregation as a block value" \
	'begin { @ = { let $a = 100; avg($a) }; exit(); }' \
	$'\n\n@: 100'
expect "record fields keep their first order" \
	'begin { $r = (a = 1, b = 2); $r = (b = { printf("b"); 3 }, a = { printf("a\n"); 4 }); print($r); exit(); }' \
	'ba
{ .a = 4, .b = 3 }'

# A failed assert stops the run with exit code 1 and says why.
if "$bin" -q -e 'begin { assert(1 == 2, "numbers differ"); }' >"$tmp/out" 2>&1; then
	fail "assert: exit status 0"
elif ! grep -q 'assert failed: numbers differ' "$tmp/out"; then
	fail "assert: no message: $(head -c 300 "$tmp/out")"
else
	pass
fi

finish
