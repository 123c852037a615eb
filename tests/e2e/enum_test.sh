#!/usr/bin/env bash
# Enum symbolisation and array casts end to end on the real kernel (delete()'s result is in
# tests/stdlib/maps).
# Usage: enum_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"

# expect NAME PROGRAM EXPECTED-OUTPUT [SONDE-ARGS...]: the whole output (blank lines dropped), exactly.
expect() {
	local name=$1 prog=$2 want=$3 got rc
	shift 3
	got=$(timeout 20 "$bin" -q "$@" -e "$prog" 2>&1 | grep -v '^$')
	rc=${PIPESTATUS[0]}
	verdict "$name" "$want" "$got" "$rc"
}

# Enum-typed values print by name in text; arithmetic drops the enum type.
expect "enum map key" 'enum { ONE = 1, TWO = 2 }; begin { @[ONE] = 11; @[TWO] = 22; @m[ONE] = 333; }' \
	$'@[ONE]: 11\n@[TWO]: 22\n@m[ONE]: 333'
expect "enum tuple key" 'enum { ONE = 1, TWO = 2 }; begin { @[ONE, TWO, ONE] = -1; }' '@[ONE, TWO, ONE]: -1'
expect "enum tuple value" 'enum { ONE = 1, TWO = 2 }; begin { @ = (ONE, TWO); }' '@: (ONE, TWO)'
expect "enum variable" 'enum { FOO = 333 }; begin { $f = FOO; print($f); }' 'FOO'
expect "enum variable tuple" 'enum { FOO = 333, BAR }; begin { $t = (FOO, BAR); print($t); }' '(FOO, BAR)'
expect "int cast to enum" 'enum BAZ { FOO = 333, BAR }; begin { print((enum BAZ)333); }' 'FOO'
expect "unknown enum value" 'enum BAZ { FOO = 333, BAR }; begin { $x = 444; print((enum BAZ)$x); }' '444'
expect "enum arithmetic" 'enum { ONE = 1, TWO = 2 }; begin { @[ONE + 1] = TWO - 1; }' '@[2]: 1'
# JSON keeps enums numeric (upstream's backwards compatibility), except printf's %s.
expect "enum json" 'enum { FOO = 333 }; begin { $f = FOO; print($f); printf("%s %d\n", FOO, FOO); }' \
	$'{"type": "value", "data": 333}\n{"type": "printf", "data": "FOO 333\\n"}' -f json

# Array casts: the bytes of an integer (little endian) or a string.
expect "cast int to array" 'begin { printf("%x\n", ((int8[8])12345)[0]); print((uint8[4])258); }' $'39\n[2,1,0,0]'
expect "cast int to array auto size" 'begin { print((int16[])(uint32)65537); }' '[1,1]'
expect "cast string to array" 'begin { print((int8[])"hello"); @ = (uint8[])"hi"; }' $'[104,101,108,108,111,0]\n@: [104,105,0]'
got=$("$bin" -q -e 'begin { print((uint8[3])1); }' 2>&1)
[[ $got == *'Cannot cast from "int8" to "uint8[3]"'* ]] && pass || fail "bad array cast: $got"

finish
