#!/usr/bin/env bash
# Probes end to end on the real kernel, whatever their type: missing probes under each
# missing_probes setting, --probe-filter, -p, print_maps_on_exit and license, the map-full and -k
# lookup warnings, JSON attached_probes; no BPF object survives the runs that fail (lib.sh checks
# every run). Each probe type's own cases are in tests/attach/TYPE/.
# Usage: probes_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"

# run ARGS...: stdout and stderr of `sonde ARGS`, blank lines dropped, into $got; status in $rc.
run() {
	timeout 20 "$bin" "$@" >"$tmp/out" 2>&1
	rc=$?
	got=$(grep -v '^$' "$tmp/out")
}

# expect NAME STATUS EXPECTED-OUTPUT ARGS...: the whole output and the status, exactly.
expect() {
	local name=$1 want_rc=$2 want=$3
	shift 3
	run "$@"
	verdict "$name" "$want" "$got" "$rc" "$want_rc"
}

# ---- missing probes ----------------------------------------------------------------------------
expect "missing tracepoint" 1 "stdin:1:1-20: ERROR: No matches for tracepoint syscalls:nonsense.
t:syscalls:nonsense { exit(); }
~~~~~~~~~~~~~~~~~~~" -q -e 't:syscalls:nonsense { exit(); }'
expect "one of several attach points missing" 1 "stdin:1:31-50: ERROR: No matches for tracepoint syscalls:nonsense.
t:syscalls:sys_exit_nanosleep,t:syscalls:nonsense { exit(); }
                              ~~~~~~~~~~~~~~~~~~~" -q -e 't:syscalls:sys_exit_nanosleep,t:syscalls:nonsense { exit(); }'
expect "missing_probes=warn" 0 "stdin:1:34-53: WARNING: No matches for tracepoint syscalls:nonsense. Skipping.
config = { missing_probes=warn } t:syscalls:nonsense { } begin { print(1); exit(); }
                                 ~~~~~~~~~~~~~~~~~~~
stdin:1:34-53: WARNING: Probe has no valid attach points. It is being removed which may cause issues with program behavior.
config = { missing_probes=warn } t:syscalls:nonsense { } begin { print(1); exit(); }
                                 ~~~~~~~~~~~~~~~~~~~
1" -q -e 'config = { missing_probes=warn } t:syscalls:nonsense { } begin { print(1); exit(); }'
expect "missing_probes=ignore" 0 "1" \
	-q -e 'config = { missing_probes="ignore" } t:syscalls:nonsense { } begin { print(1); exit(); }'
BPFTRACE_MISSING_PROBES=ignore run -q -e 't:syscalls:nonsense { } begin { print(1); exit(); }'
[[ $rc -eq 0 && $got == 1 ]] && pass || fail "environment missing_probes: $rc $got"
expect "wildcard matching nothing" 1 "stdin:1:1-22: ERROR: Probe has no valid attach points. If this is expected, set the 'missing_probes' config variable to 'warn'.
t:syscalls:nonsense_* { }
~~~~~~~~~~~~~~~~~~~~~" -q -e 't:syscalls:nonsense_* { }'

# ---- --probe-filter ----------------------------------------------------------------------------
expect "probe filter" 0 $'begin\nhit\nend' --probe-filter ':200' -q \
	-e 'begin { printf("begin\n"); } interval:ms:100 { printf("bad\n"); exit(); } interval:ms:200 { printf("hit\n"); exit(); } end { printf("end\n"); }'
run --probe-filter 'zzz' -q -e 'interval:ms:100 { exit(); }'
[[ $rc -eq 1 && $got == "No probes to attach" ]] && pass || fail "probe filter matching nothing: $got"

expect "every probe missing" 1 "No probes to attach" \
	-e 'config = { missing_probes=ignore } t:syscalls:nonsense { exit(); }'

# ---- max_probes: bpftrace's limit on attach points, from the config or the environment ----
limit="Can't attach to 3 probes because it exceeds the current limit of 2 probes. The max_probes config (or BPFTRACE_MAX_PROBES) raises it, but BE CAREFUL since a high number of probes attached can cause your system to crash."
expect "max_probes config" 1 "ERROR: $limit" -q -e 'config = { max_probes = 2 } t:syscalls:sys_enter_getppid,t:syscalls:sys_enter_getpid,t:syscalls:sys_enter_gettid { }'
BPFTRACE_MAX_PROBES=2 run -q -e 't:syscalls:sys_enter_getppid,t:syscalls:sys_enter_getpid,t:syscalls:sys_enter_gettid { }'
[[ $rc -eq 1 && $got == "ERROR: $limit" ]] && pass || fail "BPFTRACE_MAX_PROBES: $rc $got"
# max_bpf_progs counts programs: one per probe here (tracepoints share one across attach points).
progs="ERROR: The script would make 3 BPF programs, more than the current limit of 2 (the max_bpf_progs config, or BPFTRACE_MAX_BPF_PROGS, raises it)"
expect "max_bpf_progs config" 1 "$progs" -q -e 'config = { max_bpf_progs = 2 } begin { } end { } t:syscalls:sys_enter_getppid,t:syscalls:sys_enter_getpid { }'
BPFTRACE_MAX_BPF_PROGS=2 run -q -e 'begin { } end { } t:syscalls:sys_enter_getppid { }'
[[ $rc -eq 1 && $got == "$progs" ]] && pass || fail "BPFTRACE_MAX_BPF_PROGS: $rc $got"
expect "max_bpf_progs allows as many" 0 "" -q -e 'config = { max_bpf_progs = 2 } begin { exit(); } end { }'
# log_size bounds the verifier log a rejection is explained from; a log that filled it says so.
run -q -e 'config = { log_size = 100 } begin { $i = 0; while (1) { $i++; } }'
[[ $rc -eq 1 && $got == *"WARNING: Kernel log seems to be trimmed: the verifier filled all 101 bytes of its log"* ]] && pass ||
	fail "log_size: $rc $got"

# ---- -p: a kernel probe sees only that process, and the run ends with it -----------------------
sleep 1 &
traced=$!
expect "-p filters kernel probes" 0 "@[true]: 1" -q -p "$traced" -e "t:raw_syscalls:sys_enter { @[pid == $traced] = 1; }"
# A uprobe with -p is attached to that process alone: another process calling the same function
# at the same time is not seen.
libc=$(ldd /bin/sh 2>/dev/null | awk '/libc.so/ { print $3; exit }')
if [[ -x /usr/bin/python3 && -n $libc ]]; then
	caller='import os, time
for _ in range(30): os.getppid(); time.sleep(0.05)'
	/usr/bin/python3 -c "$caller" &
	other=$!
	/usr/bin/python3 -c "$caller" &
	traced=$!
	run -q -p "$traced" -e "uprobe:$libc:getppid { @[pid == $traced] = count(); }"
	wait "$other" "$traced"
	[[ $rc -eq 0 && $got =~ ^@\[true\]:\ [0-9]+$ ]] && pass || fail "-p attaches uprobes to the process: $rc $got"
else
	echo "note: no /usr/bin/python3 or libc path: -p with a uprobe not tested"
fi
# A software event with -p counts that process's CPU time only, though another one spins too.
sh -c 'while :; do :; done' &
spin=$!
sh -c 'while :; do :; done' &
traced=$!
run -q -p "$traced" -e "software:cpu-clock:10000000 { @[pid == $traced] = count(); } interval:ms:500 { exit(); }"
kill "$spin" "$traced"
[[ $rc -eq 0 && $got =~ ^@\[true\]:\ [0-9]+$ ]] && pass || fail "-p scopes software events to the process: $rc $got"
expect "-p of no process" 1 "ERROR: -p 4000000: no such process" -q -p 4000000 -e 't:raw_syscalls:sys_enter { }'

# ---- config ------------------------------------------------------------------------------------
expect "print_maps_on_exit=false" 0 "" -q -e 'config = { print_maps_on_exit=false } begin { @a = 1; @b[1] = 2; exit(); }'
expect "valid license" 0 "@p[1]: 1" -q -e 'config = { license="Dual BSD/GPL" } begin { @p[1] = 1; exit(); }'

# ---- runtime warnings: once per site -----------------------------------------------------------
expect "map full" 0 "stdin:1:38-43: WARNING: Map full; can't update element. Try increasing max_map_keys config or manually setting the max entries in a map declaration e.g. \`let @a = hash(5000)\`
Additional Info - helper: map_update_elem, retcode: -7
let @a = hash(1); begin { @a[1] = 1; @a[2] = 2; @a[2] = 3; exit(); }
                                     ~~~~~
stdin:1:49-54: WARNING: Map full; can't update element. Try increasing max_map_keys config or manually setting the max entries in a map declaration e.g. \`let @a = hash(5000)\`
Additional Info - helper: map_update_elem, retcode: -7
let @a = hash(1); begin { @a[1] = 1; @a[2] = 2; @a[2] = 3; exit(); }
                                                ~~~~~
@a[1]: 1" -q -e 'let @a = hash(1); begin { @a[1] = 1; @a[2] = 2; @a[2] = 3; exit(); }'
# One site, four updates, three of them into a full map: one warning. (A loop, not a timer, so the
# count does not depend on how soon the probes stop after exit().)
expect "map full, once" 0 "$(printf '%s\n' "stdin:1:58-64: WARNING: Map full; can't update element. Try increasing max_map_keys config or manually setting the max entries in a map declaration e.g. \`let @a = hash(5000)\`" \
	"Additional Info - helper: map_update_elem, retcode: -7" \
	'let @a = percpuhash(1); begin { $i = 1; while ($i < 5) { @a[$i] = count(); $i++; } exit(); }' \
	'                                                         ~~~~~~' '@a[1]: 1')" \
	-q -e 'let @a = percpuhash(1); begin { $i = 1; while ($i < 5) { @a[$i] = count(); $i++; } exit(); }'
expect "map full, --no-warnings" 0 "@a[1]: 1" --no-warnings -q -e 'let @a = hash(1); begin { @a[1] = 1; @a[2] = 2; exit(); }'
expect "lru maps do not fill up" 0 "@a[2]: 1" -q -e 'let @a = lruhash(1); begin { @a[1] = 1; @a[2] = 1; exit(); }'
expect "-k lookup warning" 0 'stdin:1:34-38: WARNING: Can'"'"'t lookup map element because it does not exist.
Additional Info - helper: map_lookup_elem, retcode: 0
begin { @[1] = 1; printf("%d\n", @[2]); exit(); }
                                 ~~~~
0
@[1]: 1' -k -q -e 'begin { @[1] = 1; printf("%d\n", @[2]); exit(); }'
expect "no lookup warning without -k" 0 $'0\n@[1]: 1' -q -e 'begin { @[1] = 1; printf("%d\n", @[2]); exit(); }'
# -k: a read the kernel refuses is reported where the script reads, once per site (three reads here).
expect "-k failed read, once" 0 'stdin:1:64-67: WARNING: Failed to probe_read_kernel: Bad address (-14)
begin { $i = 0; while ($i < 3) { $p = (int64 *)(8 + $i); print(*$p); $i++; } exit(); }
                                                               ~~~
0
0
0' -k -q -e 'begin { $i = 0; while ($i < 3) { $p = (int64 *)(8 + $i); print(*$p); $i++; } exit(); }'
expect "-k failed string read, JSON" 0 '{"type": "helper_error", "msg": "Bad address", "helper": "probe_read_kernel_str", "retcode": -14, "filename": "stdin", "line": 1, "col": 15}
{"type": "value", "data": ""}' -k -q -f json -e 'begin { print(str(0)); exit(); }'
expect "no failed-read warning without -k" 0 '0' -q -e 'begin { print(*(int64 *)8); exit(); }'

# ---- JSON --------------------------------------------------------------------------------------
expect "json attached_probes" 0 '{"type": "attached_probes", "count": 1, "data": {"probes": 1}}' \
	-f json -e 'begin { exit(); }'

finish
