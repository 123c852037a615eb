#!/usr/bin/env bash
# stdlib/maps.c's builtins end to end on the real kernel: print and clear, len, delete and its
# result, has_key, find and zero.
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

# find: the value found goes to the variable (declared with let, or widened from a smaller value);
# a missing key leaves it as it was.
expect_stdout "find" 'begin { @map[2] = (1, "hello"); let $val; if (find(@map, 2, $val)) { print($val); }
	$x = (uint64)1 << 40; @c[1, "a"] = (uint8)5; print((find(@c, (1, "a"), $x), $x, find(@c, (2, "a"), $x), $x));
	clear(@map); clear(@c); exit(); }' $'(1, hello)\n(true, 5, false, 5)'
run 'begin { @m[1] = count(); $v = 0; find(@m, 1, $v); }'
verdict "find of an aggregation map" 'stdin:1:39-41: ERROR: find() cannot read an aggregation map (@m): read it as @m[key]
begin { @m[1] = count(); $v = 0; find(@m, 1, $v); }
                                      ~~' "$got" "$rc" 1
run 'begin { @m = 1; $v = 0; find(@m, 1, $v); }'
verdict "find of a map without keys" 'stdin:1:25-40: ERROR: call to find() expects a map with explicit keys (non-scalar map)
begin { @m = 1; $v = 0; find(@m, 1, $v); }
                        ~~~~~~~~~~~~~~~' "$got" "$rc" 1
run 'begin { @m[1] = 1; find(@m, 1, 5); }'
verdict "find into a literal" 'stdin:1:32-33: ERROR: find() expects a scratch variable ($name) for the value found
begin { @m[1] = 1; find(@m, 1, 5); }
                               ~' "$got" "$rc" 1

# Keys and values of different integer widths in different probes widen to the widest.
expect_sorted "keys of different widths in different probes" 'begin { @m[(uint8)1] = 1; } end { @m[(uint64)5000000000] = 2; }
	begin { @n[(int16)-3] = (uint8)1; exit(); } end { @n[(int64)-5000000000] = (int64)-7; }' \
	$'@m[1]: 1\n@m[5000000000]: 2\n@n[-5000000000]: -7\n@n[-3]: 1'

finish
