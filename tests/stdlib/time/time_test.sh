#!/usr/bin/env bash
# stdlib/time.c's builtins end to end on the real kernel: nsecs and its clock modes, strftime
# (today's date, map keys, %f microseconds, %%f).
# Usage: time_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

# ---- nsecs ----
expect "nsecs modes" 'begin { $b = nsecs(boot); $m = nsecs(monotonic); $t = nsecs(tai); $s = nsecs(sw_tai);
                             $n = nsecs; $c = nsecs();
                             printf("%d %d %d %d\n", $m < $b + 1000000000, $t > $b, $s > $b, $c >= $n); exit(); }' \
	"1 1 1 1"
expect "nsecs bad mode" 'begin { nsecs(bogus); }' \
	$'stdin:1:15-20: ERROR: Invalid timestamp mode: bogus (expects monotonic, boot, tai or sw_tai)\nbegin { nsecs(bogus); }\n              ~~~~~' 1

# ---- strftime ----
# strftime of boot nanoseconds is today's date.
expect "strftime today" 'begin { printf("%s\n", strftime("%Y-%m-%d", nsecs)); exit(); }' "$(date +%Y-%m-%d)"
expect_re "strftime in a map" 'begin { @[strftime("%H:%M", nsecs)] = 1; exit(); }' '@\[[0-9]{2}:[0-9]{2}\]: 1'
# %f: microseconds, so two stamps 1.000123 s apart differ by exactly that.
run 'begin { printf("%s %s\n", strftime("%s.%f", 1000123000), strftime("%s.%f", 0)); exit(); }'
# In whole microseconds, with shell arithmetic: exact, and no calculator to install.
if [[ $rc -eq 0 ]] && read -r a b <<<"$got" && [[ $a == *.* && $b == *.* ]] &&
	(( (${a%.*} - ${b%.*}) * 1000000 + 10#${a#*.} - 10#${b#*.} == 1000123 )); then
	pass
else
	fail "strftime %f: $got"
fi
expect "strftime %%f stays literal" 'begin { printf("%s\n", strftime("%%f", 0)); exit(); }' "%f"

finish
