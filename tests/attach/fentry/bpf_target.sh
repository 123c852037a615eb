#!/usr/bin/env bash
# fentry:bpf in the VM lane: a second sonde is the traced BPF program. Starts SONDE on an interval
# probe, traces its program by name with fentry:bpf:FUNCTION and prints what fired, with the
# program id and tag (which change) written as ID and TAG.
# usage: bpf_target.sh SONDE
set -uo pipefail
sonde=$1
"$sonde" -q -e 'interval:ms:20 { @a = 1; } interval:s:30 { exit(); }' >/dev/null &
target=$!
sleep 1
"$sonde" -e 'fentry:bpf:interval_ms_20* { printf("%s %s\n", probe, func); exit(); }' | sed -E 's/:[0-9]+:/:ID:/; s/bpf_prog_[0-9a-f]+_/bpf_prog_TAG_/'
status=${PIPESTATUS[0]}
kill -INT "$target"
wait "$target"
exit "$status"
