#!/usr/bin/env bash
# Long runs under full load (not in CI): a map-heavy and then a printf-heavy one-liner, each for
# MINUTES (default 10), on a getppid() tracepoint fed by a C load generator (built here) that makes
# the call as fast as one core allows. Samples sonde's RSS every SOAK_SAMPLE seconds (default 5)
# and reports, per one-liner, whether memory stayed flat and whether events were lost.
# Usage: scripts/soak.sh [MINUTES] [path/to/sonde]   (root; sonde defaults to build/sonde)
#        SOAK_SECONDS=N overrides the duration (a quick try of the script itself)
#
# Memory is called flat when, after a warm-up (the first 10% of the samples, at least one: maps
# and the ring buffer fill, the allocator settles), the median RSS of the last third of the
# samples is at most 1 MiB + 2% above the median of the first third. The growth and the slope
# (KiB/min) are printed either way, with every sample.
# Events: the generator prints how many calls it made; the map one-liner's @calls must equal it;
# the printf one-liner must print one line per call (counted by grep on a pipe, not a file).
set -euo pipefail
minutes=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
sonde=$(realpath "${2:-$root/build/sonde}")
sample=${SOAK_SAMPLE:-5}
[[ $minutes =~ ^[0-9]+$ ]] || { echo "MINUTES is a whole number (SOAK_SECONDS=N sets seconds instead)"; exit 1; }
[[ -x $sonde ]] || { echo "no sonde at $sonde (build it first)"; exit 1; }
[[ $(id -u) -eq 0 ]] || { echo "run as root (BPF)"; exit 1; }
tmp=$(mktemp -d)
pid=""
trap '[[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

cat >"$tmp/soak_loadgen.c" <<'C'
/* Load generator: getppid() in a tight loop for SECONDS, then prints how many calls it made. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 10;
	struct timespec t0, t;
	unsigned long long calls = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		for (int i = 0; i < 4096; i++, calls++)
			syscall(SYS_getppid);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 >= secs)
			break;
	}
	printf("%llu\n", calls);
	return 0;
}
C
cc -O2 -o "$tmp/soak_loadgen" "$tmp/soak_loadgen.c"

probe='tracepoint:syscalls:sys_enter_getppid /comm == "soak_loadgen"/'
map_prog="$probe { @calls = count(); @k[cpu, nsecs % 1000] = count(); @s = sum(tid); @h = hist(nsecs % 65536); @last[tid] = nsecs; }"
printf_prog="$probe { printf(\"e %d %d\\n\", tid, nsecs % 1000); }"

# median FILE: the median of the numbers in FILE, one a line.
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'; }

# memory_verdict RSS-FILE: prints the verdict line from the samples (KiB, one a line).
memory_verdict() {
	local n warm third first last growth limit slope
	n=$(wc -l <"$1")
	warm=$(( n / 10 > 1 ? n / 10 : 1 ))
	tail -n +"$((warm + 1))" "$1" >"$tmp/steady"
	n=$(wc -l <"$tmp/steady")
	if [[ $n -lt 3 ]]; then
		echo "memory: too few samples ($n after warm-up) to judge"
		return
	fi
	third=$((n / 3))
	head -n "$third" "$tmp/steady" >"$tmp/first"
	tail -n "$third" "$tmp/steady" >"$tmp/last"
	first=$(median "$tmp/first") last=$(median "$tmp/last")
	growth=$((last - first))
	limit=$((1024 + first / 50))
	slope=$(awk -v s="$sample" '{ x = (NR - 1) * s / 60; sx += x; sy += $1; sxx += x * x; sxy += x * $1 }
		END { d = NR * sxx - sx * sx; printf "%.1f", d ? (NR * sxy - sx * sy) / d : 0 }' "$tmp/steady")
	if [[ $growth -le $limit ]]; then
		echo "memory: FLAT: median RSS ${first} KiB (first third) -> ${last} KiB (last third), growth ${growth} KiB <= ${limit} KiB; slope ${slope} KiB/min"
	else
		echo "memory: GROWING: median RSS ${first} KiB -> ${last} KiB, growth ${growth} KiB > ${limit} KiB; slope ${slope} KiB/min"
	fi
}

# soak NAME PROGRAM: one run of PROGRAM while the generator runs, then the verdicts.
soak() {
	local name=$1 prog=$2 secs=${SOAK_SECONDS:-$((minutes * 60))} generated rss
	echo "== $name: $prog"
	: >"$tmp/$name.rss"
	if [[ $name == printf ]]; then   # counted on the fly: a file would take GBs
		__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 "$sonde" -q -e "$prog" 2>"$tmp/$name.err" \
			> >(awk -v att="$tmp/$name.attached" -v cnt="$tmp/$name.count" '
				/^__BPFTRACE_NOTIFY_PROBES_ATTACHED/ { print "" > att; close(att); next }
				/^e / { n++ }
				END { print n + 0 > cnt }') &
	else
		__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 "$sonde" -q -e "$prog" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	fi
	pid=$!
	for _ in $(seq 200); do
		[[ -e $tmp/$name.attached ]] || grep -qs __BPFTRACE_NOTIFY_PROBES_ATTACHED "$tmp/$name.out" && break
		sleep 0.1
	done
	"$tmp/soak_loadgen" "$secs" >"$tmp/$name.generated" &
	local gen=$! start=$SECONDS
	echo "   t(s)  RSS(KiB)"
	while kill -0 "$gen" 2>/dev/null; do
		sleep "$sample"
		rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || break
		[[ -n $rss ]] || break
		echo "$rss" >>"$tmp/$name.rss"
		printf '  %5d  %8d\n' $((SECONDS - start)) "$rss"
	done
	wait "$gen"
	sleep 2   # let sonde drain its ring buffer
	kill -INT "$pid"
	wait "$pid" || echo "   sonde exit status $?"
	pid=""
	for _ in $(seq 100); do [[ -s $tmp/$name.count ]] && break; sleep 0.1; done   # the counter ends
	generated=$(cat "$tmp/$name.generated")
	echo "generated: $generated getppid calls in $secs s ($((generated / secs)) a second)"
	if [[ $name == printf ]]; then
		local printed
		printed=$(cat "$tmp/$name.count")
		echo "events: printed $printed lines; lost $((generated - printed)) ($(awk -v g="$generated" -v p="$printed" 'BEGIN { printf "%.2f", g ? 100 * (g - p) / g : 0 }')%)"
	else
		local counted
		counted=$(awk '/^@calls: / { print $2 }' "$tmp/$name.out")
		echo "events: @calls = ${counted:-none}; lost $((generated - ${counted:-0}))"
	fi
	memory_verdict "$tmp/$name.rss"
	if [[ -s $tmp/$name.err ]]; then
		echo "stderr ($(wc -l <"$tmp/$name.err") lines), first 5:"
		head -5 "$tmp/$name.err" | cut -c1-200
	fi
}

echo "soak: $minutes min per one-liner, RSS every $sample s, sonde $sonde"
soak map "$map_prog"
soak printf "$printf_prog"
