#!/usr/bin/env bash
# stdlib/aggregations.c's builtins end to end on the real kernel: count, sum, min, max, avg, stats,
# hist (with sub-buckets too) and lhist, as bpftrace prints them.
# Usage: aggregations_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

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

expect_stdout "aggregations" 'begin { @c = count(); @c = count(); @s = sum(5); @s = sum(-7); @m = min(4); @m = min(2); @x = max(9); @v = avg(3); @v = avg(6); @st = stats(10); }' \
	$'\n\n@c: 2\n@m: 2\n@s: -2\n@st: { .count = 1, .average = 10, .total = 10 }\n@v: 4\n@x: 9'
expect_stdout "hist" 'begin { @=hist(-1); @=hist(2); @=hist(3); @=hist(7); @=hist(20); }' $'\n\n'"$HIST"
expect_stdout "lhist" 'begin { @=lhist(2,0,10,2); @=lhist(3,0,10,2); @=lhist(7,0,10,2); @=lhist(-1,0,10,2); @=lhist(11,0,10,2); }' $'\n\n'"$LHIST"

# hist(v, bits): 2^bits buckets per power of two, one value each below 2^bits.
expect_stdout "hist with sub-buckets" \
	'begin { $i = (uint64)0; while ($i < 40) { @ = hist($i, 2); $i++; } @n = hist(-5, 1); @n = hist(3, 1); @n = hist(5, 1); exit(); }' \
	'

@:
[0]                    1 |@@@@@@                                              |
[1]                    1 |@@@@@@                                              |
[2]                    1 |@@@@@@                                              |
[3]                    1 |@@@@@@                                              |
[4]                    1 |@@@@@@                                              |
[5]                    1 |@@@@@@                                              |
[6]                    1 |@@@@@@                                              |
[7]                    1 |@@@@@@                                              |
[8, 10)                2 |@@@@@@@@@@@@@                                       |
[10, 12)               2 |@@@@@@@@@@@@@                                       |
[12, 14)               2 |@@@@@@@@@@@@@                                       |
[14, 16)               2 |@@@@@@@@@@@@@                                       |
[16, 20)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[20, 24)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[24, 28)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[28, 32)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[32, 40)               8 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|

@n:
(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[0]                    0 |                                                    |
[1]                    0 |                                                    |
[2]                    0 |                                                    |
[3]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[4, 6)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|'

finish
