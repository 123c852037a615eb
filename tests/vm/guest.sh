#!/bin/bash
# Runs inside tests/vm/run's guest, chrooted into the host root overlay: replays the caller's
# environment and working directory, then runs the command (or each line of a batch file) with
# stdin from /dev/null, leaving stdout, stderr and the exit status as files in the transfer
# directory XFER (the host reads them after power-off).
set -uo pipefail
xfer=$1

# The caller's environment, exactly: env -i keeps the guest init's variables out.
envs=()
while IFS= read -r -d '' kv; do
	envs+=("$kv")
done <"$xfer/env"

cwd=$(cat "$xfer/cwd")
if ! cd "$cwd"; then
	echo "vm: cannot enter $cwd in the guest" >>"$xfer/stderr"
	exit 0
fi
cut -d' ' -f1 /proc/uptime >"$xfer/uptime"

if [[ -f $xfer/batch ]]; then
	mkdir -p "$xfer/results"
	n=0
	while IFS= read -r line || [[ -n $line ]]; do
		[[ $line =~ ^[[:space:]]*(#|$) ]] && continue
		n=$((n + 1))
		out=$xfer/results/$n
		printf '%s\n' "$line" >"$out.cmd"
		start=$(date +%s.%N)
		env -i "${envs[@]}" bash -c "$line" </dev/null >"$out.stdout" 2>"$out.stderr"
		echo $? >"$out.status"
		awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", e - s }' >"$out.seconds"
	done <"$xfer/batch"
	echo 0 >"$xfer/status"
else
	mapfile -d '' -t cmd <"$xfer/command"
	env -i "${envs[@]}" "${cmd[@]}" </dev/null >"$xfer/stdout" 2>"$xfer/stderr"
	echo $? >"$xfer/status"
fi
