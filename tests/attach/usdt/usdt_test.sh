#!/usr/bin/env bash
# runtime/attach/usdt.c's probe type end to end: USDT probes of a child process built here (real
# .note.stapsdt notes), with and without the provider, with an argument, counted exactly; and the
# errors for a probe, provider or binary that does not exist and a spec of the wrong shape.
# Usage: usdt_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"
build usdt_prog "$(dirname "$0")/usdt_prog.c"
prog=$tmp/usdt_prog

# expect_child NAME PROGRAM EXPECTED-OUTPUT: run PROGRAM with `-c 'usdt_prog 5'`: probe_one and
# probe_arg(i) for i in 0..4, then probe_two.
expect_child() {
	run "$2" -c "$prog 5"
	verdict "$1" "$3" "$got" "$rc"
}

# ---- firing ----------------------------------------------------------------------------------
no_usdt_maps="sonde's programs lack bpf/usdt.bpf.h's maps: libbpf refuses to attach (\"failed to find USDT support BPF maps\")"
gap "$no_usdt_maps"
expect_child "usdt with its provider" "usdt:$prog:sondetest:probe_one { @[probe] = count(); }" \
	"@[usdt:$prog:sondetest:probe_one]: 5"
gap "$no_usdt_maps"
expect_child "usdt without the provider" "usdt:$prog:probe_two { @two = count(); }" "@two: 1"
gap "$no_usdt_maps; and argN is refused on usdt probes"
expect_child "usdt argument" "usdt:$prog:sondetest:probe_arg { @s = sum(arg0); }" "@s: 10"

# ---- errors ----------------------------------------------------------------------------------
marker() { printf '%*s' "$1" '' | tr ' ' '~'; }
expect "usdt probe that does not exist" "usdt:$prog:nosuch { }" \
	"stdin:1:1-$((${#prog} + 13)): ERROR: No matches for usdt $prog:nosuch."$'\n'"usdt:$prog:nosuch { }"$'\n'"$(marker $((${#prog} + 12)))" 1
expect "usdt provider that does not exist" "usdt:$prog:zz:probe_one { }" \
	"stdin:1:1-$((${#prog} + 19)): ERROR: No matches for usdt $prog:zz:probe_one."$'\n'"usdt:$prog:zz:probe_one { }"$'\n'"$(marker $((${#prog} + 18)))" 1
expect "usdt on a missing binary" 'usdt:/nonexistent/x:a:b { }' \
	$'stdin:1:1-24: ERROR: No matches for usdt /nonexistent/x:a:b: cannot find the binary\nusdt:/nonexistent/x:a:b { }\n~~~~~~~~~~~~~~~~~~~~~~~' 1
expect "usdt spec without a probe name" "usdt:$prog { }" \
	"stdin:1:1-$((${#prog} + 6)): ERROR: usdt probes are written usdt:binary:[provider:]name"$'\n'"usdt:$prog { }"$'\n'"$(marker $((${#prog} + 5)))" 1

finish
