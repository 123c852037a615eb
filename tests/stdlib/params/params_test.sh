#!/usr/bin/env bash
# stdlib/params.c's getopt() end to end on the real kernel: defaults, values given after `--`,
# with positionals, bad values, unknown options, --help, defaults that disagree.
# Usage: params_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"

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

finish
