#!/usr/bin/env bash
# stdlib/process.c's builtins end to end on the real kernel: username, ncpus, numaid, usermode;
# pid inside a pid namespace (as its /proc numbers it, pid(init) as the host's).
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

# sonde as the second process of a new pid namespace (after the shell unshare forks): pid is 2
# there, and pid(init) the host's number for it. The real binary runs: the leak watcher's wrapper
# follows pids as the host numbers them.
if command -v unshare >/dev/null && unshare --fork --pid --mount-proc true 2>/dev/null; then
	got=$(unshare --fork --pid --mount-proc sh -c "\"$real_bin\" -q -e 'begin { printf(\"%d %d %d\\n\", pid, pid(curr_ns), pid(init) != pid); exit(); }'" 2>&1 | grep -v '^$')
	verdict "pid in a pid namespace" "2 2 1" "$got" 0
else
	echo "note: unshare --pid is not available here: pid namespaces not tested"
fi

finish
