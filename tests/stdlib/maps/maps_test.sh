#!/usr/bin/env bash
# stdlib/maps.c's builtins end to end on the real kernel: print and clear, len, delete and its
# result, has_key and zero.
# Usage: maps_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

# ---- print, clear ----
expect_stdout "print map and clear" 'begin { @x[1] = 2; print(@x); clear(@x); }' '@x[1]: 2'

# ---- len ----
expect_sorted "len" 'begin { @m[1] = 1; @m[2] = 1; @e[1] = 1; delete(@e, 1); printf("%d %d\n", len(@m), len(@e)); clear(@m); }' '2 0'
got=$("$bin" -e 'begin { @m = 1; print(len(@m)); }' 2>&1)
[[ $? -eq 1 && $got == *"call to len() expects a map with explicit keys (non-scalar map)"* ]] && pass ||
	fail "len of a keyless map: $got"

# ---- delete: says whether the key was there ----
expect "delete result" 'begin { @ = 1; @a[1] = 1; @b[1, 2] = 2; if (delete(@)) { printf("ok1\n"); } delete(@a, 1);
	if (delete(@b, (1, 2))) { printf("ok2\n"); } if (!delete(@b, (5, 6))) { printf("ok3\n"); } }' $'ok1\nok2\nok3'
expect "delete into variable" 'begin { @a[1] = 1; $x = delete(@a, 2); $y = delete(@a[1]); print(($x, $y)); }' '(false, true)'

# ---- has_key, zero: zero keeps the keys ----
expect "has_key and zero" 'begin { @a[1] = 5; @c = count(); printf("%d %d\n", has_key(@a, 1), has_key(@a, 2)); zero(@a); zero(@c); }' \
	$'1 0\n@a[1]: 0\n@c: 0'

finish
