#!/usr/bin/env bash
# stdlib/process.c's builtins end to end on the real kernel: username, ncpus, numaid, usermode.
# Usage: process_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

expect "username" 'begin { print(username); printf("%s\n", username()); exit(); }' "$(id -un)"$'\n'"$(id -un)"
expect "ncpus" 'begin { printf("%d %d\n", ncpus, ncpus()); exit(); }' "$(nproc) $(nproc)"
expect_re "numaid" 'i:ms:1 { printf("%u %u\n", numaid, numaid()); exit(); }' '[0-9]+ [0-9]+'
if [[ $(uname -m) == x86_64 ]]; then
	expect "usermode in begin and end" 'begin { printf("%d ", usermode); } end { print(usermode()); }' "1 1"
	expect_re "usermode in a profile probe" 'profile:hz:99 { @[usermode] = count(); exit(); }' '@\[[01]\]: [0-9]+'
fi

finish
