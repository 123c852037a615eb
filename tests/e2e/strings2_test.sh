#!/usr/bin/env bash
# strlen, strcontains, join, getopt() program parameters and hist() sub-buckets end to end.
# Usage: strings2_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"

# expect NAME PROGRAM EXPECTED-STDOUT [ARGS...]: a script that ends by itself.
expect() {
	local name=$1 prog=$2 want=$3 got
	shift 3
	got=$("$bin" -q -e "$prog" "$@" 2>"$tmp/err") || { fail "$name: failed: $(head -c 300 "$tmp/err")"; return; }
	verdict "$name" "$want" "$got"
}

# expect_err NAME PROGRAM EXPECTED-STDERR [ARGS...]: a run that must fail with that message.
expect_err() {
	local name=$1 prog=$2 want=$3 got
	shift 3
	if "$bin" -q -e "$prog" "$@" >"$tmp/out" 2>"$tmp/err"; then
		fail "$name: succeeded"
		return
	fi
	got=$(cat "$tmp/err")
	verdict "$name" "$want" "$got"
}

expect "strlen" 'begin { $a = "hello"; print(strlen($a)); print(strlen("")); $b = "ab\0cd"; print(strlen($b)); exit(); }' \
	$'5\n0\n2'
expect "strcontains literals" 'begin { print((strcontains("hello-test-world", "test"), strcontains("hello-test-world", "world"),
	strcontains("hello", "hello-longer"), strcontains("ababac", "abac"), strcontains("Hello", "hello"))); exit(); }' \
	'(true, true, false, true, false)'
expect "strcontains empty strings" 'begin { print((strcontains("", ""), strcontains("x", ""), strcontains("", "x"))); exit(); }' \
	'(true, true, false)'
expect "strcontains stops at NULs" 'begin { $h = "hello\0world"; $n = "wo\0rld";
	print((strcontains($h, "world"), strcontains("hello world", $n), strcontains($h, $n))); exit(); }' \
	'(false, true, false)'
expect "strcontains in a condition and a loop" \
	'begin { $n = 0; for ($i : 0..3) { if (strcontains("abc", "c")) { $n++; } } print($n); exit(); }' '3'

# Two 1024-byte strings: the search must stay within the verifier's budget.
got=$(timeout 20 "$bin" -q -e 'tracepoint:syscalls:sys_enter_execve /comm == "sonde"/ {
	print((strcontains(str(args.argv[1]), str(args.argv[2])), strlen(str(args.argv[1])))); join(args.argv, ","); exit(); }' \
	-c "$(type -P true) zztest test" 2>"$tmp/err")
verdict "strcontains and strlen of max_strlen strings, join" "(true, 6)"$'\n'"$(type -P true),zztest,test" "$got"
got=$(timeout 20 "$bin" -q -f json -e 'tracepoint:syscalls:sys_enter_execve /comm == "sonde"/ { join(args.argv); exit(); }' \
	-c "$(type -P true) a b" 2>"$tmp/err")
verdict "join in JSON" "{\"type\": \"join\", \"data\": \"$(type -P true) a b\"}" "$got"

getopts='begin { print((getopt("aa", 20), getopt("bb", -1), getopt("cc", true), getopt("dd"), getopt("ee", "hello"))); exit(); }'
expect "getopt defaults" "$getopts" '(20, -1, true, false, hello)'
expect "getopt values" "$getopts" '(18446744073709551615, -10, false, true, bye)' \
	-- --dd --aa=0xffffffffffffffff --bb=-10 --cc=False --ee=bye
expect "getopt with positionals" 'begin { print(($1, getopt("aa", 10), $2)); exit(); }' '(p1, 3, p2)' p1 -- --aa=3 p2
expect_err "getopt bad integer" 'begin { print(getopt("aa", 10)); }' \
	'ERROR: program command line option --aa invalid integer (value: False)' -- --aa=False
expect_err "getopt bad boolean" 'begin { print(getopt("aa")); }' \
	"ERROR: program command line option --aa expects a boolean (e.g. 'true') (value: maybe)" -- --aa=maybe
expect_err "getopt unknown option" 'begin { print(getopt("aa", 10)); }' \
	$'ERROR: unexpected program command line options: --bb, --cc\nHINT: expected program options: --aa' -- --bb --cc=1
expect_err "getopt help" 'begin { print((getopt("aa", 10, "Description of aa"), getopt("bb", "x"))); }' \
	$'HINT: expected program options:\n  --aa: Description of aa\n  --bb' -- --help
expect_err "getopt defaults must agree" 'begin { print(getopt("aa", 10)); print(getopt("aa", 11)); }' \
	"stdin:1:40-56: ERROR: Command line option 'aa' needs to have the same default value in all places it is used. Previous default value: 10
begin { print(getopt(\"aa\", 10)); print(getopt(\"aa\", 11)); }
                                       ~~~~~~~~~~~~~~~~"

# hist(v, bits): 2^bits buckets per power of two, one value each below 2^bits.
expect "hist with sub-buckets" \
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
