#!/usr/bin/env bash
# stdlib/misc.c's builtins end to end on the real kernel: bswap, ntop/pton, macaddr, write_user, strerror, config(),
# cgroup_path, syscall_name (text and JSON, as a map key too).
# Usage: misc_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

# ---- bswap ----
expect "bswap widths" 'begin { printf("%x %x %llx %x\n", bswap((int16)0x1234), bswap((int32)0x12345678),
                                      bswap(0x1122334455667788), bswap((int8)0x12)); exit(); }' \
	"3412 78563412 8877665544332211 12"
expect "bswap twice" 'begin { printf("%x\n", bswap(bswap(0x1234))); exit(); }' "1234"
expect "bswap rejects strings" 'begin { bswap("x"); }' \
	$'stdin:1:15-18: ERROR: bswap() only supports integer arguments (string[2] provided)\nbegin { bswap("x"); }\n              ~~~' 1

# ---- network ----
expect "ntop and pton" 'begin { printf("%s %s %s %s\n", ntop(1), ntop(0x0100007f), ntop(2, pton("10.1.2.3")),
                                      ntop(pton("fe80::1"))); exit(); }' \
	"1.0.0.0 127.0.0.1 10.1.2.3 fe80::1"
expect "macaddr from an array, a pointer, as key and value" 'begin { $a = (uint8[8])0x0000020103aabb05;
	$p = (uint64)&$a; printf("%s %s\n", macaddr($a), macaddr($p)); @k[macaddr($a)] = 1; @v[1] = macaddr($a); exit(); }' \
	$'05:BB:AA:03:01:02 05:BB:AA:03:01:02\n@k[05:BB:AA:03:01:02]: 1\n@v[1]: 05:BB:AA:03:01:02'
expect "macaddr needs six bytes" 'begin { $a = (uint8[4])0x01020304; print(macaddr($a)); }' \
	$'stdin:1:42-53: ERROR: macaddr() argument must be at least 6 bytes in size\nbegin { $a = (uint8[4])0x01020304; print(macaddr($a)); }\n                                         ~~~~~~~~~~~' 1
expect "write_user needs --unsafe" 'begin { $s = "x"; write_user(0, $s, 1); }' \
	$'stdin:1:19-39: ERROR: write_user() is unsafe. To use you need the --unsafe flag\nbegin { $s = "x"; write_user(0, $s, 1); }\n                  ~~~~~~~~~~~~~~~~~~~~' 1
# write_user for real: rename the file touch creates by writing into its path argument.
mkdir -p "$tmp/wu"
got=$(timeout 20 "$bin" --unsafe -q -e "tracepoint:syscalls:sys_enter_openat /comm == \"touch\" && str(args.filename) == \"$tmp/wu/aaaa\"/ {
	printf(\"%d\\n\", write_user(args.filename + ${#tmp} + 7, \"b\", 1)); exit(); }" -c "touch $tmp/wu/aaaa" 2>&1)
if [[ $got == *"not allowed in probe"* ]]; then
	echo "note: the kernel refuses bpf_probe_write_user (lockdown: $(cat /sys/kernel/security/lockdown 2>/dev/null || echo unknown)): write_user's write skipped"
else
	verdict "write_user writes into the traced process" $'1\naaab' "$got"$'\n'"$(ls "$tmp/wu")" 0
fi
expect "pton rejects garbage" 'begin { pton("1.2.3"); }' \
	$'stdin:1:14-21: ERROR: pton() expects a valid IPv4 address, got 1.2.3\nbegin { pton("1.2.3"); }\n             ~~~~~~~' 1

# ---- strerror ----
expect "strerror" 'begin { print(strerror(22)); printf("%s\n", strerror(1)); exit(); }' \
	$'Invalid argument\nOperation not permitted'
run 'begin { print(strerror(7)); exit(); }' -f json
grep -qx '{"type": "value", "data": "Argument list too long"}' <<<"$got" && pass || fail "strerror json: $got"

# ---- config ----
expect "config" 'begin { printf("%s %d\n", config().stack_mode, config().cpp_demangle); exit(); }' "bpftrace 1"

# ---- cgroup_path ----
if grep -q '^cgroup2 ' /proc/mounts; then
	expect_re "cgroup_path" 'begin { print(cgroup_path(cgroup)); exit(); }' 'unified:/.*'
	expect_re "cgroup_path printf" 'begin { printf("path: %s\n", cgroup_path(cgroup, "uni*")); exit(); }' 'path: unified:/.*'
	expect "cgroup_path filtered out" 'begin { printf("<%s>\n", cgroup_path(cgroup, "cpu")); exit(); }' "<>"
fi

# The names are this machine's x86-64 table; a number past it prints as itself.
expect_stdout "syscall_name" 'begin { print((syscall_name(0), syscall_name(257), syscall_name(9999))); @[syscall_name(59)] = 1; exit(); }' \
	$'(read, openat, 9999)\n\n\n@[execve]: 1'
got=$("$bin" -q -f json -e 'begin { print(syscall_name(1)); @[syscall_name(59)] = 1; exit(); }' 2>&1)
verdict "syscall_name json" '{"type": "value", "data": "write"}
{"type": "map", "data": {"@": {"execve": 1}}}' "$got"
# -c splits its command at spaces (no shell quoting), so python3 gets its program as a file.
if [[ -x $(type -P python3) ]]; then
	echo 'import os; os.getpid()' >"$tmp/getpid.py"
	got=$(timeout 20 "$bin" -q -e 'tracepoint:raw_syscalls:sys_enter /pid == cpid && args.id == 39/ { print(syscall_name(args.id)); exit(); }' \
		-c "$(type -P python3) $tmp/getpid.py" 2>&1)
	verdict "syscall_name of a traced syscall" "getpid" "$got"
else
	echo "SKIP: syscall_name of a traced syscall: no python3"
fi

finish
