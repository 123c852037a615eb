#!/usr/bin/env bash
# runtime/attach/watchpoint.c's probe type end to end: a hardware breakpoint on a kernel address
# written at a known rate by a known process (the nvcsw counter of a sleeping child's task_struct,
# found with curtask and BTF's offsetof), an execute breakpoint on a user function, and the errors
# for a bad length, a bad mode and the function+argN form without a traced process.
# Usage: watchpoint_test.sh path/to/sonde. Needs root, BPF, kernel BTF and hardware breakpoints;
# exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"
[[ -e /sys/bus/event_source/devices/breakpoint ]] || { echo "SKIP: no breakpoint PMU (perf hardware breakpoints)"; exit 77; }
[[ -r /sys/kernel/btf/vmlinux ]] || { echo "SKIP: no kernel BTF (needed to find task_struct.nvcsw)"; exit 77; }
build sonde_sleeper "$(dirname "$0")/sleeper.c"

"$tmp/sonde_sleeper" 20 &
sleeper=$!
trap 'kill "$sleeper" 2>/dev/null; rm -rf "$tmp"' EXIT
run "tracepoint:sched:sched_switch /args.prev_pid == $sleeper/ {
	printf(\"%llx\n\", (uint64)curtask + offsetof(struct task_struct, nvcsw)); exit(); }"
addr=$got
if [[ $rc -ne 0 || ! $addr =~ ^ffff[0-9a-f]{12}$ ]]; then
	fail "the sleeper's task_struct.nvcsw address: status $rc: $(head -c 300 <<<"$got")"
else
	# Only the sleeper writes it (each time it blocks); 300 ms is about 30 writes.
	expect "write watchpoint on a kernel address" \
		"watchpoint:0x$addr:8:w { @[comm] = 1; } interval:ms:300 { exit(); }" '@[sonde_sleeper]: 1'
fi
kill "$sleeper" 2>/dev/null
wait "$sleeper" 2>/dev/null

# An execute breakpoint (x86 takes a long's length for it, whatever is written) on a function of a
# non-PIE program, whose address nm gives (other non-PIE programs run code there too: the predicate).
cat >"$tmp/exec.c" <<'C'
#include <unistd.h>
__attribute__((noipa)) int tick(int i) { return i + 1; }
int main(void) { int n = 0; for (int i = 0; i < 100; i++) { n = tick(n); usleep(10000); } return n == 100 ? 0 : 1; }
C
build sonde_wp_exec "$tmp/exec.c" -no-pie -fno-pie
tick=$(nm "$tmp/sonde_wp_exec" | awk '$3 == "tick" { print $1 }')
got=$(timeout 20 "$bin" -q -e "watchpoint:0x$tick:1:x /comm == \"sonde_wp_exec\"/ { printf(\"hit %s\\n\", comm); exit(); }" -c "$tmp/sonde_wp_exec" 2>&1 | grep -v '^$')
verdict "execute breakpoint on a function" "hit sonde_wp_exec" "$got"

expect "bad length" 'watchpoint:0x1000:3:w { }' $'stdin:1:1-22: ERROR: invalid watchpoint 0x1000:3:w: address, then length 1, 2, 4 or 8\nwatchpoint:0x1000:3:w { }\n~~~~~~~~~~~~~~~~~~~~~' 1
expect "bad mode" 'watchpoint:0x1000:8:q { }' $'stdin:1:1-22: ERROR: invalid watchpoint mode q: use r, w, x or a mix of r and w\nwatchpoint:0x1000:8:q { }\n~~~~~~~~~~~~~~~~~~~~~' 1
expect "function+argN needs a traced process" 'watchpoint:func+arg0:8:w { }' \
	$'stdin:1:1-25: ERROR: watchpoint:function+argN needs a traced process (-p or -c)\nwatchpoint:func+arg0:8:w { }\n~~~~~~~~~~~~~~~~~~~~~~~~' 1

finish
