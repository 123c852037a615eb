#!/usr/bin/env bash
# stdlib/strings.c's other builtins end to end on the real kernel: string comparison and strncmp,
# strlen, strcontains (also on two max_strlen strings, within the verifier's budget), join.
# Usage: strings_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

expect_stdout "strings" 'begin { $a = "hello"; $a = "hi"; printf("%s %d %d\n", $a, $a == "hi", strncmp("abc", "abd", 2)); }' "hi 1 0"
expect_stdout "strlen" 'begin { $a = "hello"; print(strlen($a)); print(strlen("")); $b = "ab\0cd"; print(strlen($b)); exit(); }' \
	$'5\n0\n2'
expect_stdout "strcontains literals" 'begin { print((strcontains("hello-test-world", "test"), strcontains("hello-test-world", "world"),
	strcontains("hello", "hello-longer"), strcontains("ababac", "abac"), strcontains("Hello", "hello"))); exit(); }' \
	'(true, true, false, true, false)'
expect_stdout "strcontains empty strings" 'begin { print((strcontains("", ""), strcontains("x", ""), strcontains("", "x"))); exit(); }' \
	'(true, true, false)'
expect_stdout "strcontains stops at NULs" 'begin { $h = "hello\0world"; $n = "wo\0rld";
	print((strcontains($h, "world"), strcontains("hello world", $n), strcontains($h, $n))); exit(); }' \
	'(false, true, false)'
expect_stdout "strcontains in a condition and a loop" \
	'begin { $n = 0; for ($i : 0..3) { if (strcontains("abc", "c")) { $n++; } } print($n); exit(); }' '3'

# Two 1024-byte strings: the search must stay within the verifier's budget.
got=$(timeout 20 "$bin" -q -e 'tracepoint:syscalls:sys_enter_execve /comm == "sonde"/ {
	print((strcontains(str(args.argv[1]), str(args.argv[2])), strlen(str(args.argv[1])))); join(args.argv, ","); exit(); }' \
	-c "$(type -P true) zztest test" 2>"$tmp/err")
verdict "strcontains and strlen of max_strlen strings, join" "(true, 6)"$'\n'"$(type -P true),zztest,test" "$got"
got=$(timeout 20 "$bin" -q -f json -e 'tracepoint:syscalls:sys_enter_execve /comm == "sonde"/ { join(args.argv); exit(); }' \
	-c "$(type -P true) a b" 2>"$tmp/err")
verdict "join in JSON" "{\"type\": \"join\", \"data\": \"$(type -P true) a b\"}" "$got"

finish
