#!/usr/bin/env bash
# Golden test runner: runs sonde on one script and compares one output stream with a file.
#
#   run_golden.sh BINARY MODE INPUT EXPECTED
#
# MODE is STAGE (ast, types, ir, asm): `--emit=STAGE` must exit 0 and its stdout must equal
# EXPECTED; or STAGE-err (ast-err, types-err): it must exit 1 and its stderr must equal EXPECTED;
# or fmt: `--fmt` must print EXPECTED, which must format to itself and parse to INPUT's tree.
# sonde runs in INPUT's directory on INPUT's base name, so diagnostics name `X.bt` whatever the
# build directory. With UPDATE_GOLDEN=1 the output is written to EXPECTED instead of compared.
set -uo pipefail

if [[ $# -ne 4 ]]; then
	echo "usage: $0 BINARY MODE INPUT EXPECTED" >&2
	exit 2
fi
bin=$(realpath "$1") mode=$2 input=$3 expected=$(realpath -m "$4")

case $mode in
*-err) stage=${mode%-err} want_rc=1 stream=stderr ;;
*)     stage=$mode        want_rc=0 stream=stdout ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ $stage == fmt ]]; then args=(--fmt); else args=(--emit="$stage"); fi
(cd "$(dirname "$input")" && exec "$bin" "${args[@]}" "$(basename "$input")") \
	>"$tmp/stdout" 2>"$tmp/stderr" </dev/null
rc=$?

if [[ $rc -ne $want_rc ]]; then
	echo "FAIL: $input: exit status $rc, expected $want_rc" >&2
	echo "--- stderr:" >&2
	cat "$tmp/stderr" >&2
	exit 1
fi
if [[ ${UPDATE_GOLDEN:-0} == 1 ]]; then
	cp "$tmp/$stream" "$expected"
	echo "updated $expected"
	exit 0
fi
if [[ ! -f $expected ]]; then
	echo "FAIL: $expected is missing; create it with scripts/update-goldens.sh" >&2
	exit 1
fi
if ! diff -u --label "$expected" --label "actual $stream" "$expected" "$tmp/$stream"; then
	echo "FAIL: $input: $stream differs from $expected (scripts/update-goldens.sh regenerates)" >&2
	exit 1
fi
if [[ $stage == fmt ]]; then
	# The layout is a fixed point, and changes nothing the parser sees (ranges aside).
	"$bin" --fmt "$expected" >"$tmp/again" 2>&1 || { echo "FAIL: $expected does not format" >&2; exit 1; }
	diff -u --label "$expected" --label "formatted again" "$expected" "$tmp/again" ||
		{ echo "FAIL: formatting $expected changes it" >&2; exit 1; }
	tree() { "$bin" --emit=ast "$1" | sed 's/ \[[0-9:-]*\]$//'; }
	diff -u --label "tree of $input" --label "tree of $expected" <(tree "$input") <(tree "$expected") ||
		{ echo "FAIL: $expected parses to another tree than $input" >&2; exit 1; }
fi
