#!/usr/bin/env bash
# Wall time (date, ns) and max RSS (GNU time) of sonde against Debian's bpftrace (0.17, which spells BEGIN) on two
# one-liners, side by side. Not a test: prints medians of N runs. Usage: bench/startup.sh [N] [SONDE]
set -uo pipefail
n=${1:-10}
sonde=${2:-build/sonde}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
command -v bpftrace >/dev/null || { echo "bpftrace is not installed (apt-get install bpftrace)"; exit 1; }

# measure LABEL CMD...: median wall seconds and median max RSS (KiB) over N runs.
measure() {
	local label=$1
	shift
	local walls=() rss=()
	for _ in $(seq "$n"); do
		local t0 t1
		t0=$(date +%s%N)
		/usr/bin/time -o "$tmp" -f '%M' "$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", (b - a) / 1e9}')")
		rss+=("$(tail -1 "$tmp")")
	done
	local mw mr
	mw=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	printf '%-44s %8.3f s %8d KiB\n' "$label" "$mw" "$mr"
}

tp='tracepoint:syscalls:sys_enter_getpid { @ = count(); } interval:ms:100 { exit(); }'
measure "sonde    begin { exit(); }" "$sonde" -e 'begin { exit(); }'
measure "bpftrace BEGIN { exit(); }" bpftrace -e 'BEGIN { exit(); }'
measure "sonde    tracepoint + interval exit" "$sonde" -e "$tp"
measure "bpftrace tracepoint + interval exit" bpftrace -e "${tp}"
