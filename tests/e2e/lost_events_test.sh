#!/usr/bin/env bash
# No event lost in silence: a ring buffer of one page flooded with printf records while sonde is
# stopped (the -c command stops its parent, floods, and lets it go on), so records must be lost.
# Every record is either printed or counted in a `Lost N events` report (text) or a lost_events
# record (JSON), exactly, and the exit summary says how many in all. With the default buffer and
# sonde reading, a burst of 200,000 records arrives whole.
# Usage: lost_events_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"
source "$lib_dir/expect.sh"
build sonde_flood "$lib_dir/child.c"
calls=20000
prog='config = { perf_rb_pages = 1 } tracepoint:syscalls:sys_enter_getppid /comm == "sonde_flood"/ { printf("%d %s\n", pid, comm); }'

printf 'kill -STOP $PPID; %s %d; kill -CONT $PPID\n' "$tmp/sonde_flood" "$calls" >"$tmp/flood.sh"
flood="sh $tmp/flood.sh"
"$bin" -e "$prog" -c "$flood" >"$tmp/out" 2>"$tmp/err"
rc=$?
printed=$(grep -c ' sonde_flood$' "$tmp/out")
lost=$(awk '/^Lost [0-9]+ events$/ { n += $2 } END { print n + 0 }' "$tmp/out")
if [[ $rc -eq 0 && $((printed + lost)) -eq $calls && $lost -gt 0 ]] &&
	grep -qx "WARNING: $lost events were lost in all: the ring buffer was full (the perf_rb_pages config makes it larger)" "$tmp/err"; then
	pass
else
	fail "text: status $rc, $printed printed + $lost reported lost != $calls; stderr: $(head -c 300 "$tmp/err")"
fi

"$bin" -f json -e "$prog" -c "$flood" >"$tmp/out" 2>"$tmp/err"
rc=$?
printed=$(grep -c '"type": "printf"' "$tmp/out")
lost=$(grep -o '{"type": "lost_events", "data": {"events": [0-9]*}}' "$tmp/out" | grep -o '[0-9]*}}$' | tr -d '}' |
	awk '{ n += $1 } END { print n + 0 }')
if [[ $rc -eq 0 && $((printed + lost)) -eq $calls && $lost -gt 0 ]]; then
	pass
else
	fail "json: status $rc, $printed printed + $lost reported lost != $calls; stderr: $(head -c 300 "$tmp/err")"
fi

# The default buffer at full rate: a burst as fast as the child can make system calls, every line
# printed, nothing reported lost (the program wakes sonde on every record once the buffer is a
# quarter full, which slows the burst to sonde's pace).
"$bin" -e "${prog#config = \{ perf_rb_pages = 1 \} }" -c "$tmp/sonde_flood 200000" >"$tmp/out" 2>"$tmp/err"
verdict "a burst of 200,000 with the default buffer: none lost" "200000 0" \
	"$(grep -c ' sonde_flood$' "$tmp/out") $(grep -c '^Lost' "$tmp/out")"

finish
