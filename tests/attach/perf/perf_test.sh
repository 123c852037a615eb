#!/usr/bin/env bash
# runtime/attach/perf.c's timer probe types end to end: profile fires on every CPU, interval on
# one, once per period (both spellings); software events (with an alias) in a -c child; without
# a hardware PMU (a VM), the hardware probe's error. hardware_test.sh fires hardware events.
# Usage: perf_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"
build sonde_spin "$(dirname "$0")/spin.c"

# ---- profile: one spinning process pinned to each online CPU, so each CPU fires ----------------
cpus=()
for d in /sys/devices/system/cpu/cpu[0-9]*; do
	[[ ! -e $d/online || $(cat "$d/online") == 1 ]] && cpus+=("${d##*cpu}")
done
if [[ ${#cpus[@]} -eq $(nproc) ]] && command -v taskset >/dev/null; then
	{
		echo '#!/bin/sh'
		for c in "${cpus[@]}"; do echo "taskset -c $c '$tmp/sonde_spin' 300 &"; done
		echo wait
	} >"$tmp/spin_all.sh"
	chmod +x "$tmp/spin_all.sh"
	run 'profile:hz:99 /comm == "sonde_spin"/ { @cpus[cpu] = 1; } end { printf("%d\n", len(@cpus)); clear(@cpus); }' \
		-c "$tmp/spin_all.sh"
	verdict "profile fires on every CPU" "${#cpus[@]}" "$got" "$rc"
else
	echo "note: this process may not run on every online CPU (or no taskset): profile on every CPU not tested"
fi

# ---- interval: one CPU, once a period; a predicate keeps later ticks out ------------------------
expect "interval:ms:N" 'interval:ms:20 /@n < 3/ { @n++; printf("tick %d\n", @n); if (@n == 3) { exit(); } }' \
	$'tick 1\ntick 2\ntick 3\n@n: 3'
expect "interval:Nms" 'interval:20ms /@n < 3/ { @n++; printf("tick %d\n", @n); if (@n == 3) { exit(); } }' \
	$'tick 1\ntick 2\ntick 3\n@n: 3'

# ---- software ------------------------------------------------------------------------------------
run 'software:page-faults:1 /pid == cpid/ { @[probe] = 1; } software:faults:1 /pid == cpid/ { @alias = 1; }' -c "$(type -P true)"
verdict "software page-faults and its alias" $'@[software:page-faults:1]: 1\n@alias: 1' "$got" "$rc"
run 'software:cpu-clock:1000000 /comm == "sonde_spin"/ { @[probe] = 1; }' -c "$tmp/sonde_spin 100"
verdict "software cpu-clock in a busy child" '@[software:cpu-clock:1000000]: 1' "$got" "$rc"

# ---- hardware, where there is no PMU -------------------------------------------------------------
if ! compgen -G '/sys/bus/event_source/devices/cpu*' >/dev/null; then
	expect "hardware events without a PMU" 'hardware:cpu-cycles:1000000 { @ = count(); exit(); }' \
		'ERROR: Unable to attach probe: hardware:cpu-cycles:1000000: perf_event_open on cpu 0 failed: No such file or directory (hardware counters are often missing in VMs)' 1
fi

finish
