#!/usr/bin/env bash
# stdlib/buffers.c's buf() end to end on the real kernel: %r, %rx and %rh escapes, buffers as map
# keys and values, equality, a run-time length.
# Usage: buffers_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

expect_stdout "buf escapes" 'begin { printf("%r|%rx|%rh\n", buf("Hi\n", 3), buf("Hi", 2), buf("Hi\0", 3)); exit(); }' \
	'Hi\x0a|\x48\x69|48 69 00'
expect_stdout "buf map key and value" 'begin { @[buf("key", 4)] = buf("value", 5); exit(); }' $'\n\n@[key\\x00]: value'
expect_stdout "buf equality" 'begin { $a = buf("hi", 2); $b = buf("ho", 2); printf("%d %d %d\n", $a == $a, $a == $b, $a != $b); exit(); }' \
	"1 0 1"
expect_stdout "buf run-time length" 'begin { $n = 3; printf("%r\n", buf("hello", $n)); exit(); }' "hel"

finish
