#!/usr/bin/env bash
# stdlib/strings.c's other builtins end to end on the real kernel: string comparison and strncmp,
# strlen, strcontains (also on two max_strlen strings, within the verifier's budget), strstr,
# str_concat, strcap, default_str_length and memcmp, on strings, char arrays and char pointers; join.
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
expect_stdout "strstr" 'begin { print((strstr("hello-test-world", "test"), strstr("abc", "x"), strstr("", ""),
	strstr("ababac", "abac"), strstr("Hello", "hello"), strstr("x", ""))); exit(); }' '(6, -1, 0, 2, -1, 0)'
expect_stdout "str_concat" 'begin { $e = ""; print((str_concat("foo", "bar"), str_concat($e, "x"), str_concat("x", $e))); exit(); }' \
	'(foobar, x, x)'
expect_stdout "strcap and strlen of a string and a char array" \
	'begin { print((strcap("abc"), strlen("abc"), strcap(curtask->comm), strlen(curtask->comm))); exit(); }' '(4, 3, 16, 5)'
expect_stdout "default_str_length is max_strlen" \
	'config = { max_strlen = 200 } begin { print((default_str_length(), strcap(str((int8 *)0)))); exit(); }' '(200, 200)'
expect_stdout "memcmp" 'begin { $a = (uint64)0x0102; $b = (uint64)0x0103;
	print((memcmp("abc", "abd", 2), memcmp("abc", "abd", 3), memcmp("abd", "abc", 3), memcmp($a, $b, 1), memcmp($a, $a, 8))); exit(); }' \
	'(0, -1, 1, -1, 0)'
run 'begin { print(memcmp("abc", "abd", 5)); }'
verdict "memcmp count past its arguments" 'stdin:1:36-37: ERROR: memcmp() needs a constant count from 0 to the 4 bytes of its arguments
begin { print(memcmp("abc", "abd", 5)); }
                                   ~' "$got" "$rc" 1
run 'begin { print(strstr("abc", 1)); }'
verdict "strstr of an integer" 'stdin:1:29-30: ERROR: strstr() expects a string, a char array or a char pointer, got int8
begin { print(strstr("abc", 1)); }
                            ~' "$got" "$rc" 1

# Char pointers (a tracepoint's and argv's) are read as strings.
got=$(timeout 20 "$bin" -q -e 'tracepoint:syscalls:sys_enter_execve /comm == "sonde"/ {
	print((strlen(args.filename), strcap(args.filename), strcontains(args.filename, "true"), strstr(args.argv[1], "test")));
	print(str_concat(curtask->comm, args.argv[2])); exit(); }' -c "$(type -P true) zztest test" 2>"$tmp/err")
verdict "char pointers as strings" "($(type -P true | wc -c | awk '{print $1 - 1}'), $(type -P true | wc -c | awk '{print $1 - 1}'), true, 2)"$'\nsondetest' "$got"

# Two 1024-byte strings: the search must stay within the verifier's budget.
got=$(timeout 20 "$bin" -q -e 'tracepoint:syscalls:sys_enter_execve /comm == "sonde"/ {
	print((strcontains(str(args.argv[1]), str(args.argv[2])), strlen(str(args.argv[1])))); join(args.argv, ","); exit(); }' \
	-c "$(type -P true) zztest test" 2>"$tmp/err")
verdict "strcontains and strlen of max_strlen strings, join" "(true, 6)"$'\n'"$(type -P true),zztest,test" "$got"
got=$(timeout 20 "$bin" -q -f json -e 'tracepoint:syscalls:sys_enter_execve /comm == "sonde"/ { join(args.argv); exit(); }' \
	-c "$(type -P true) a b" 2>"$tmp/err")
verdict "join in JSON" "{\"type\": \"join\", \"data\": \"$(type -P true) a b\"}" "$got"

finish
