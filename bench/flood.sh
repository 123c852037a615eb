#!/usr/bin/env bash
# Lossless output under load, sonde beside Debian's bpftrace: a printf per getppid(2) of a load
# generator (bench/flood_load.c) making N calls at each RATE a second (0: as fast as it can). For
# each tracer and rate: lines printed, events reported lost, the rate the load reached (the
# tracer may slow it) and the tracer's CPU time. Not a test.
# Usage: bench/flood.sh [N] [SONDE] [RATE...]
set -uo pipefail
n=${1:-200000}
sonde=${2:-build/sonde}
shift 2 2>/dev/null
rates=("${@:-100000 500000 1000000 0}")
# shellcheck disable=SC2206  # the default list splits into its rates
rates=(${rates[*]})
command -v bpftrace >/dev/null || { echo "bpftrace is not installed (apt-get install bpftrace)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/sonde_flood_load" "$(dirname "$0")/flood_load.c" || exit 1
prog='tracepoint:syscalls:sys_enter_getppid /comm == "sonde_flood_loa"/ { printf("%d %s\n", pid, comm); }'

# run LABEL RATE TRACER...: one traced run of the load, started once the tracer has attached; the
# tracer is stopped with SIGINT half a second after the load ends, so its CPU time is its own.
run() {
	local label=$1 rate=$2
	shift 2
	/usr/bin/time -o "$tmp/time" -f '%e %U %S' "$@" -e "$prog" >"$tmp/out" 2>"$tmp/err" &
	local timer=$! tracer=""
	for _ in $(seq 300); do
		grep -q '^Attach' "$tmp/out" 2>/dev/null && break
		sleep 0.05
	done
	tracer=$(pgrep -P "$timer")
	"$tmp/sonde_flood_load" "$n" "$rate" 2>"$tmp/load"
	sleep 0.5
	kill -INT "$tracer"
	wait "$timer"
	local printed lost reached
	printed=$(grep -c ' sonde_flood_loa$' "$tmp/out")
	lost=$(grep -oiE '^Lost [0-9]+ events' "$tmp/out" "$tmp/err" | awk '{ n += $2 } END { print n + 0 }')
	reached=$(grep -o '[0-9]*/s$' "$tmp/load")
	read -r wall user sys <"$tmp/time"
	printf '%-9s %9s %9s %9s %9s %11s %7s s\n' "$label" "$rate" "$n" "$printed" "$lost" "$reached" \
		"$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}

printf '%-9s %9s %9s %9s %9s %11s %9s\n' tracer rate/s events printed lost 'load rate' 'tracer cpu'
for rate in "${rates[@]}"; do
	run sonde "$rate" "$sonde"
	run bpftrace "$rate" bpftrace
done
