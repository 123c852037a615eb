#!/usr/bin/env bash
# Strings and buffers end to end on the real kernel: max_strlen (default 1024, large values in
# per-CPU scratch memory), on_stack_limit, str() truncation and its trailer, buf().
# Usage: strings_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"

# expect NAME PROGRAM EXPECTED-STDOUT [ENV...]: a script that ends by itself.
expect() {
	local name=$1 prog=$2 want=$3 got
	shift 3
	got=$(env "$@" "$bin" -q -e "$prog" 2>"$tmp/err") || { fail "$name: failed: $(head -c 300 "$tmp/err")"; return; }
	verdict "$name" "$want" "$got"
}

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

expect "default string size" 'begin { $s = str(0); print(sizeof($s)); exit(); }' "1024"
expect "on_stack_limit 0 tuples" 'config = { on_stack_limit = 0 } begin { print((1, (2, "XXXX"))); $x = "ab"; $y = $x; print($y); exit(); }' \
	$'(1, (2, XXXX))\nab'
expect "on_stack_limit 0 maps" 'config = { on_stack_limit = 0 } begin { @x[1, 2] = "v"; @y = @x[1, 2]; exit(); }' \
	$'\n\n@x[1, 2]: v\n@y: v'
expect "buf escapes" 'begin { printf("%r|%rx|%rh\n", buf("Hi\n", 3), buf("Hi", 2), buf("Hi\0", 3)); exit(); }' \
	'Hi\x0a|\x48\x69|48 69 00'
expect "buf map key and value" 'begin { @[buf("key", 4)] = buf("value", 5); exit(); }' $'\n\n@[key\\x00]: value'
expect "buf equality" 'begin { $a = buf("hi", 2); $b = buf("ho", 2); printf("%d %d %d\n", $a == $a, $a == $b, $a != $b); exit(); }' \
	"1 0 1"
expect "buf run-time length" 'begin { $n = 3; printf("%r\n", buf("hello", $n)); exit(); }' "hel"
verdict "str of a positional parameter" "12 ello" \
	"$("$bin" -q -e 'begin { printf("%s %s\n", str($1), str($2 + 1)); exit(); }' 12 hello 2>&1)"

finish
