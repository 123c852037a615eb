#!/usr/bin/env bash
# Compile time as a script grows, sonde beside Debian's bpftrace: a begin probe of N statements,
# straight-line ($x = ($x ^ i) * 3 + ($x >> 7);) and with a branch in each
# (if ($x & i) { $x += i; } else { $x -= 1; }), run to completion (both load and exit at once).
# Prints wall seconds and max RSS for each N. The kernel's verifier refuses a path of more than 8,192
# jumps, so the branchy script stops at 8,000 statements. Not a test.
# Usage: bench/compile_scaling.sh [SONDE] [N...]   (default N: 100 1000 10000 16000)
set -uo pipefail
sonde=${1:-build/sonde}
shift 2>/dev/null
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100 1000 10000 16000)
command -v bpftrace >/dev/null || { echo "bpftrace is not installed (apt-get install bpftrace)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# script KIND N BEGIN: the program, with BEGIN spelled as the tracer wants it.
script() {
	local kind=$1 n=$2 begin=$3
	echo "$begin { \$x = nsecs;"
	for ((i = 0; i < n; i++)); do
		if [[ $kind == straight ]]; then
			echo "  \$x = (\$x ^ $i) * 3 + (\$x >> 7);"
		else
			echo "  if (\$x & $i) { \$x += $i; } else { \$x -= 1; }"
		fi
	done
	echo '  print($x); exit(); }'
}

# measure LABEL FILE TRACER: wall seconds and max RSS of one run.
measure() {
	/usr/bin/time -o "$tmp/time" -f '%e %M' "$3" "$2" >/dev/null 2>&1
	read -r wall rss <"$tmp/time"
	printf '%-9s %-9s %6s %9s s %9s KiB\n' "${3##*/}" "$1" "$n" "$wall" "$rss"
}

printf '%-9s %-9s %6s %11s %13s\n' tracer kind N wall 'max RSS'
for kind in straight branches; do
	for n in "${sizes[@]}"; do
		[[ $kind == branches && $n -gt 8000 ]] && continue
		script "$kind" "$n" begin >"$tmp/sonde.bt"
		script "$kind" "$n" BEGIN >"$tmp/bpftrace.bt"
		measure "$kind" "$tmp/sonde.bt" "$sonde"
		measure "$kind" "$tmp/bpftrace.bt" bpftrace
	done
done
