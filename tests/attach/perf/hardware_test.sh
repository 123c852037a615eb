#!/usr/bin/env bash
# runtime/attach/perf.c's hardware probe type end to end: cycles and instructions counted in a busy
# -c child. Needs a hardware PMU (most VMs have none: it skips there; perf_test.sh checks the
# error). Usage: hardware_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"
if ! compgen -G '/sys/bus/event_source/devices/cpu*' >/dev/null; then
	echo "SKIP: no hardware PMU here (/sys/bus/event_source/devices/cpu*): hardware events cannot fire"
	exit 77
fi
build sonde_spin "$(dirname "$0")/spin.c"

run 'hardware:cpu-cycles:100000 /comm == "sonde_spin"/ { @[probe] = 1; } hardware:instructions:100000 /comm == "sonde_spin"/ { @i = 1; }' \
	-c "$tmp/sonde_spin 100"
verdict "cpu-cycles and instructions in a busy child" $'@[hardware:cpu-cycles:100000]: 1\n@i: 1' "$got" "$rc"

finish
