#!/usr/bin/env bash
# The misc, time, process and output builtins end to end on the real kernel: bswap, nsecs modes,
# strftime, ntop/pton, strerror, username, numaid, ncpus, usermode, kaddr, cgroup_path, config,
# errorf/warnf locations, debugf, cat errors and limits.
# Usage: builtins_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"

# run PROGRAM [ARGS...]: stdout and stderr of sonde -q, blank lines dropped, into $got; status in $rc.
run() {
	local prog=$1
	shift
	got=$(timeout 20 "$bin" -q "$@" -e "$prog" 2>&1 | grep -v '^$')
	rc=${PIPESTATUS[0]}
}

# expect NAME PROGRAM EXPECTED-OUTPUT [EXPECTED-STATUS]: the whole output, exactly.
expect() {
	local name=$1 prog=$2 want=$3 want_rc=${4:-0}
	run "$prog"
	verdict "$name" "$want" "$got" "$rc" "$want_rc"
}

# expect_re NAME PROGRAM ERE: some output line matches the whole of ERE, and the status is 0.
expect_re() {
	local name=$1 prog=$2 re=$3
	run "$prog"
	if [[ $rc -ne 0 ]]; then
		fail "$name: exit status $rc: $(head -c 300 <<<"$got")"
	elif ! grep -Eq "^($re)\$" <<<"$got"; then
		fail "$name: no line matches /$re/ in: $(head -c 300 <<<"$got")"
	else
		pass
	fi
}

# ---- numbers ----
expect "bswap widths" 'begin { printf("%x %x %llx %x\n", bswap((int16)0x1234), bswap((int32)0x12345678),
                                      bswap(0x1122334455667788), bswap((int8)0x12)); exit(); }' \
	"3412 78563412 8877665544332211 12"
expect "bswap twice" 'begin { printf("%x\n", bswap(bswap(0x1234))); exit(); }' "1234"
expect "bswap rejects strings" 'begin { bswap("x"); }' \
	$'stdin:1:15-18: ERROR: bswap() only supports integer arguments (string[2] provided)\nbegin { bswap("x"); }\n              ~~~' 1

# ---- time ----
expect "nsecs modes" 'begin { $b = nsecs(boot); $m = nsecs(monotonic); $t = nsecs(tai); $s = nsecs(sw_tai);
                             $n = nsecs; $c = nsecs();
                             printf("%d %d %d %d\n", $m < $b + 1000000000, $t > $b, $s > $b, $c >= $n); exit(); }' \
	"1 1 1 1"
expect "nsecs bad mode" 'begin { nsecs(bogus); }' \
	$'stdin:1:15-20: ERROR: Invalid timestamp mode: bogus (expects monotonic, boot, tai or sw_tai)\nbegin { nsecs(bogus); }\n              ~~~~~' 1
# strftime of boot nanoseconds is today's date.
expect "strftime today" 'begin { printf("%s\n", strftime("%Y-%m-%d", nsecs)); exit(); }' "$(date +%Y-%m-%d)"
expect_re "strftime in a map" 'begin { @[strftime("%H:%M", nsecs)] = 1; exit(); }' '@\[[0-9]{2}:[0-9]{2}\]: 1'
# %f: microseconds, so two stamps 1.000123 s apart differ by exactly that.
run 'begin { printf("%s %s\n", strftime("%s.%f", 1000123000), strftime("%s.%f", 0)); exit(); }'
# In whole microseconds, with shell arithmetic: exact, and no calculator to install.
if [[ $rc -eq 0 ]] && read -r a b <<<"$got" && [[ $a == *.* && $b == *.* ]] &&
	(( (${a%.*} - ${b%.*}) * 1000000 + 10#${a#*.} - 10#${b#*.} == 1000123 )); then
	pass
else
	fail "strftime %f: $got"
fi
expect "strftime %%f stays literal" 'begin { printf("%s\n", strftime("%%f", 0)); exit(); }' "%f"

# ---- network ----
expect "ntop and pton" 'begin { printf("%s %s %s %s\n", ntop(1), ntop(0x0100007f), ntop(2, pton("10.1.2.3")),
                                      ntop(pton("fe80::1"))); exit(); }' \
	"1.0.0.0 127.0.0.1 10.1.2.3 fe80::1"
expect "pton rejects garbage" 'begin { pton("1.2.3"); }' \
	$'stdin:1:14-21: ERROR: pton() expects a valid IPv4 address, got 1.2.3\nbegin { pton("1.2.3"); }\n             ~~~~~~~' 1

# ---- system facts ----
expect "strerror" 'begin { print(strerror(22)); printf("%s\n", strerror(1)); exit(); }' \
	$'Invalid argument\nOperation not permitted'
run 'begin { print(strerror(7)); exit(); }' -f json
grep -qx '{"type": "value", "data": "Argument list too long"}' <<<"$got" && pass || fail "strerror json: $got"
expect "username" 'begin { print(username); printf("%s\n", username()); exit(); }' "$(id -un)"$'\n'"$(id -un)"
expect "ncpus" 'begin { printf("%d %d\n", ncpus, ncpus()); exit(); }' "$(nproc) $(nproc)"
expect_re "numaid" 'i:ms:1 { printf("%u %u\n", numaid, numaid()); exit(); }' '[0-9]+ [0-9]+'
if [[ $(uname -m) == x86_64 ]]; then
	expect "usermode in begin and end" 'begin { printf("%d ", usermode); } end { print(usermode()); }' "1 1"
	expect_re "usermode in a profile probe" 'profile:hz:99 { @[usermode] = count(); exit(); }' '@\[[01]\]: [0-9]+'
fi
expect "config" 'begin { printf("%s %d\n", config().stack_mode, config().cpp_demangle); exit(); }' "bpftrace 1"

# ---- kernel addresses ----
sym=$(awk '$3 == "jiffies" && $1 != "0000000000000000" { print $1; exit }' /proc/kallsyms)
if [[ -n $sym ]]; then
	run 'begin { printf("%llx\n", kaddr("jiffies")); exit(); }'
	[[ $got == "$(printf '%x' "0x$sym")" ]] && pass || fail "kaddr: $got, kallsyms says $sym"
fi
expect "kaddr unknown symbol" 'begin { print(kaddr("asdfzzzzzzz")) }' \
	$'stdin:1:15-35: ERROR: Failed to resolve kernel symbol: asdfzzzzzzz\nbegin { print(kaddr("asdfzzzzzzz")) }\n              ~~~~~~~~~~~~~~~~~~~~' 1

# ---- cgroups ----
if grep -q '^cgroup2 ' /proc/mounts; then
	expect_re "cgroup_path" 'begin { print(cgroup_path(cgroup)); exit(); }' 'unified:/.*'
	expect_re "cgroup_path printf" 'begin { printf("path: %s\n", cgroup_path(cgroup, "uni*")); exit(); }' 'path: unified:/.*'
	expect "cgroup_path filtered out" 'begin { printf("<%s>\n", cgroup_path(cgroup, "cpu")); exit(); }' "<>"
fi

# ---- messages ----
expect "errorf" 'begin { errorf("Something bad with args: %d, %s", 10, "arg2"); exit(); }' \
	$'stdin:1:9-62: ERROR: Something bad with args: 10, arg2\nbegin { errorf("Something bad with args: %d, %s", 10, "arg2"); exit(); }\n        ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~'
expect "warnf" 'begin { warnf("careful %x", 255); exit(); }' \
	$'stdin:1:9-33: WARNING: careful ff\nbegin { warnf("careful %x", 255); exit(); }\n        ~~~~~~~~~~~~~~~~~~~~~~~~'
trace=/sys/kernel/tracing/trace
if [[ -w $trace ]]; then
	tok="sonde_debugf_$$"
	run "i:ms:1 { debugf(\"$tok %s %d %x\", \"a\", 1, 16); exit(); }"
	grep -q "bpf_trace_printk: $tok a 1 10" "$trace" && pass || fail "debugf: '$tok a 1 10' not in $trace"
fi
expect "debugf argument limit" 'begin { debugf("%d %d %d %d", 1, 2, 3, 4); }' \
	$'stdin:1:40-41: ERROR: debugf: at most 3 arguments are supported (bpf_trace_printk)\nbegin { debugf("%d %d %d %d", 1, 2, 3, 4); }\n                                       ~' 1

# ---- cat ----
expect "cat missing file" 'begin { cat("/does/not/exist/file"); exit(); }' \
	"ERROR: failed to open file '/does/not/exist/file' (No such file or directory)"
printf 'abcdef' >"$tmp/f"
got=$(BPFTRACE_MAX_CAT_BYTES=3 timeout 20 "$bin" -q -e "begin { cat(\"$tmp/f\"); exit(); }" 2>&1 | grep -v '^$')
[[ $got == abc ]] && pass || fail "cat limit: '$got'"

finish
