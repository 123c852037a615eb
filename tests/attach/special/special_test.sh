#!/usr/bin/env bash
# runtime/attach/special.c's probe types end to end: begin and end (run by sonde itself, in the
# order written, end after exit(); probe names them), self:signal (run when sonde receives the
# signal, every probe for it in order), and test and bench probes in --mode test and --mode bench.
# Usage: special_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"

# ---- begin, end --------------------------------------------------------------------------------
expect_stdout "begin and end, in order" \
	'begin { printf("%s", probe); } begin { printf("+"); } end { printf("-%s\n", probe); } end { printf("done\n"); }' \
	$'begin+-end\ndone'
expect_stdout "end runs after exit() in begin" 'begin { printf("begin\n"); exit(); printf("not reached\n"); } end { printf("end\n"); }' \
	$'begin\nend'

# ---- self:signal:SIGUSR1 -----------------------------------------------------------------------
timeout 20 "$bin" -q -e 'self:signal:SIGUSR1 { printf("first"); } self:signal:SIGUSR1 { printf(" second\n"); exit(); }' \
	>"$tmp/sig" 2>&1 &
pid=$!
for _ in $(seq 50); do
	# sonde is the child of timeout; wait until its ring buffer loop runs (the handler is installed)
	child=$(pgrep -P "$pid" -x sonde) && [[ -n $child ]] && break
	sleep 0.1
done
sleep 0.5
kill -USR1 "$child" 2>/dev/null
wait "$pid"
rc=$?
got=$(grep -v '^$' "$tmp/sig")
[[ $rc -eq 0 && $got == "first second" ]] && pass || fail "self:signal: status $rc: $got"

# --mode test: each test:NAME once after begin; a failure (non-zero return, exit() with a code,
# an error) shows its output and makes the run exit 1; passing ones hide theirs.
got=$("$bin" -q --mode test -e 'begin { print("begin"); } test:okay { print("hidden"); }
	test:failure { print("shown"); return 1; } test:exits { exit(3); } test:err { errorf("bad"); } test:last { }' 2>/dev/null)
rc=$?
want=$'begin\n[==========] Running 5 tests.\n[ RUN      ] okay\n[       OK ] okay\n[ RUN      ] failure\nshown
[  FAILED  ] failure\n[ RUN      ] exits\n[  FAILED  ] exits\n[ RUN      ] err\n[  FAILED  ] err\n[ RUN      ] last
[       OK ] last\n[==========] 5 tests ran.\n[  PASSED  ] 2 tests.\n[  FAILED  ] 3 tests, listed below:
[  FAILED  ] failure\n[  FAILED  ] exits\n[  FAILED  ] err'
# Colours and durations vary; the rest is exact.
got=$(sed -e 's/\x1b\[[0-9]*m//g' -e 's/ ([0-9]* [nμm]*s)$//' <<<"$got" | grep -v '^$')
verdict "--mode test" "$want" "$got" "$rc" 1
got=$("$bin" -q -f json --mode test -e 'test:okay { print("fine"); }' 2>&1)
rc=$?
[[ $rc -eq 0 && $got =~ ^'{"type": "test_result", "data": {"okay": {"duration": '[0-9]+', "passed": true, "output": "{\"type\": \"value\", \"data\": \"fine\"}\n"}}}'$ ]] &&
	pass || fail "--mode test in JSON: status $rc: $got"
# Without --mode test, test and bench probes do not run.
expect "test and bench probes outside their modes" 'test:x { print(1); } bench:y { print(2); } begin { print(3); exit(); }' '3'

# --mode bench: each bench:NAME, its output discarded (and what it could not write forgotten), timed
# as bpftrace lays the table out (a name longer than 40 widens its column); one returning 1 is
# skipped; then end runs.
got=$("$bin" --mode bench -e 'begin { print("begin"); } bench:a { @ = count(); print("hidden"); } bench:skipped { return 1; }
	bench:a_longer_name_than_forty_characters_for_the_column { $x = 1; } end { print("end"); clear(@); }' 2>&1)
rc=$?
got=$(grep -v '^$' <<<"$got")
[[ $rc -eq 0 && $got =~ ^begin$'\n'Benchmark\ {42}Time\(ns\)\ {7}Iterations$'\n'-{76}$'\n'a\ {50}[0-9]+\ +[0-9]+$'\n'a_longer_name_than_forty_characters_for_the_column\ [0-9]+\ +[0-9]+$'\n'end$ ]] &&
	pass || fail "--mode bench: status $rc: $got"

finish
