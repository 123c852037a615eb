#!/usr/bin/env bash
# stdlib/strings.c's str() end to end on the real kernel: max_strlen (default 1024, from the
# environment or a config block, large values in per-CPU scratch memory), truncation and its
# trailer, explicit and run-time lengths, str() of positional parameters.
# Usage: str_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

# A path longer than 1024 bytes whose components fit NAME_MAX: an executable copy of true(1).
long_dir=$tmp
for _ in 1 2 3 4 5; do
	long_dir=$long_dir/$(printf 'd%.0s' {1..230})
done
mkdir -p "$long_dir"
long_exe=$long_dir/tru
cp "$(type -P true)" "$long_exe"

# expect_exec NAME PROGRAM EXPECTED-STDOUT [ENV...]: PROGRAM traces execve and exits after the
# first exec of $long_exe (its filename is the long path; the predicate matches on a prefix).
expect_exec() {
	local name=$1 prog=$2 want=$3 got pid
	shift 3
	env "$@" "$bin" -q -e "$prog" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	# -q prints nothing on attach: exec until the probe has seen one and printed.
	for _ in $(seq 200); do
		sleep 0.05
		[[ -s "$tmp/out" ]] || ! kill -0 "$pid" 2>/dev/null && break
		"$long_exe" 2>/dev/null
	done
	wait "$pid"
	got=$(cat "$tmp/out")
	verdict "$name" "$want" "$got"
}

pred="tracepoint:syscalls:sys_enter_execve /strncmp(str(args.filename), \"$tmp/\", ${#tmp} + 1) == 0/"
prefix=${long_exe:0:1024}

expect_exec "default max_strlen is 1024, with trailer" "$pred { print(str(args.filename)); exit(); }" "$prefix.."
expect_exec "max_strlen from the environment" "$pred { print(str(args.filename)); exit(); }" "${long_exe:0:7}.." \
	BPFTRACE_MAX_STRLEN=7
expect_exec "custom trailer" "config = { max_strlen = 6; str_trunc_trailer = \"~\" } $pred { printf(\"%s|\n\", str(args.filename)); exit(); }" \
	"${long_exe:0:6}~|"
expect_exec "environment wins over the config block" "config = { max_strlen = 6 } $pred { print(str(args.filename)); exit(); }" \
	"${long_exe:0:9}.." BPFTRACE_MAX_STRLEN=9
expect_exec "explicit length: no trailer" "$pred { print(str(args.filename, 5)); exit(); }" "${long_exe:0:4}"
expect_exec "run-time length" "$pred { \$n = (uint16)6; print(str(args.filename, \$n)); exit(); }" "${long_exe:0:5}"
expect_exec "whole long string" "config = { max_strlen = 2000 } $pred { print(str(args.filename)); exit(); }" "$long_exe"
expect_exec "big string as map key, value and in a tuple" \
	"config = { max_strlen = 5000 } $pred { @k[str(args.filename)] = str(args.filename); print((1, (str(args.filename), 2))); exit(); }" \
	"(1, ($long_exe, 2))"$'\n\n\n'"@k[$long_exe]: $long_exe"

expect_stdout "default string size" 'begin { $s = str(0); print(sizeof($s)); exit(); }' "1024"
verdict "str of a positional parameter" "12 ello" \
	"$("$bin" -q -e 'begin { printf("%s %s\n", str($1), str($2 + 1)); exit(); }' 12 hello 2>&1)"

finish
