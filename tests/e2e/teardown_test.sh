#!/usr/bin/env bash
# How a run ends, on the real kernel: normal end, exit() in a probe, SIGINT, SIGTERM, SIGHUP,
# SIGUSR1, SIGPIPE, SIGKILL, a -c child that exits or crashes, a verifier rejection after other
# probes compiled, attach failures part way through a list of probes, a map the kernel refuses.
# Each case checks the exit status and output a user expects (bpftrace's where known: SIGINT and
# SIGTERM run end probes and print maps, exit 0; SIGHUP kills; SIGUSR1 prints maps and goes on)
# and that nothing the run created is left (lib.sh's left_behind); SIGINT under load stops at once. The first case checks that
# left_behind does see a leak. Usage: teardown_test.sh path/to/sonde. Needs root and BPF.
source "$(dirname "$0")/lib.sh" "$1"

cat >"$tmp/crash.c" <<'C'
/* A -c child that dies of SIGSEGV, and a uprobe target with a function `main`. */
int main(void) { volatile int *p = 0; return *p; }
C
cc -O0 -o "$tmp/crash" "$tmp/crash.c" || { echo "SKIP: no C compiler"; exit 77; }

# judge NAME WANT-STATUS OUT-GLOB ERR-GLOB: the run's status in $rc, stdout in $tmp/out and stderr
# in $tmp/err (blank lines dropped) matched as a whole against the globs, no sanitizer report,
# then nothing left behind.
judge() {
	local name=$1 want_rc=$2 out_glob=$3 err_glob=$4 out err
	out=$(grep -v '^$' "$tmp/out")
	err=$(grep -v '^$' "$tmp/err")
	# shellcheck disable=SC2053  # the expectations are globs
	if [[ $rc -ne $want_rc ]]; then
		fail "$name: exit status $rc, expected $want_rc; stderr: $(head -c 300 <<<"$err")"
	elif [[ $out != $out_glob ]]; then
		fail "$name: stdout is not $out_glob:"$'\n'"$(head -c 400 <<<"$out")"
	elif [[ $err != $err_glob ]]; then
		fail "$name: stderr is not $err_glob:"$'\n'"$(head -c 400 <<<"$err")"
	elif grep -q 'Sanitizer\|runtime error:' <<<"$err"; then
		fail "$name: sanitizer report: $(head -c 400 <<<"$err")"
	else
		pass
	fi
	left_behind "$name"
}

# start_held ARGS...: starts sonde in the background ($pid) and returns once its probes are
# attached (sonde prints __BPFTRACE_NOTIFY_PROBES_ATTACHED then).
start_held() {
	__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 "$bin" "$@" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	for _ in $(seq 100); do grep -q __BPFTRACE_NOTIFY_PROBES_ATTACHED "$tmp/out" && break; sleep 0.1; done
}
# stop_held: waits for it (SIGKILL after 20 s, reported as a hang); its status into $rc.
stop_held() {
	{   # (bash's "Hangup"-style notices of the job's death go to this stderr)
		for _ in $(seq 200); do
			[[ ! -e /proc/$pid || $(cut -d' ' -f3 "/proc/$pid/stat") == Z ]] && break
			sleep 0.1
		done
		kill -KILL "$pid" && echo "note: sonde $pid still ran 20 s after the last signal"
		wait "$pid"
		rc=$?
	} 2>/dev/null
	sed -i '/__BPFTRACE_NOTIFY_PROBES_ATTACHED/d' "$tmp/out"
}

running='tracepoint:syscalls:sys_enter_getppid { @calls = count(); } interval:ms:50 { @ticks = count(); }
end { printf("end ran\n"); }'

# ---- the checker itself: a program pinned while sonde runs outlives it and must be reported ----
pin=/sys/fs/bpf/sonde_teardown_$$
if [[ -d /sys/fs/bpf ]] && command -v bpftool >/dev/null; then
	start_held -q -e "$running"
	id=$(grep -h '^prog_id:' /proc/"$pid"/fdinfo/* 2>/dev/null | head -1 | cut -f2)
	if [[ -n $id ]] && bpftool prog pin id "$id" "$pin"; then
		kill -INT "$pid"
		stop_held
		leaks=$(leaks_of "$(echo "$tmp"/runs/"$pid".*)")
		[[ $leaks == *"prog $id"*"seen in sonde's fds"* ]] && pass || fail "a pinned program is not reported: $leaks"
		rm -f "$pin"
		left_behind "unpinned, the program goes"
	else
		fail "could not pin the running program (id '$id') to test the checker"
		kill -KILL "$pid"
		stop_held
	fi
else
	echo "note: no bpffs or bpftool: the checker's own test is skipped"
fi

# ---- ends the script asks for -----------------------------------------------------------------
"$bin" -q -e 'begin { @a = 1; } end { printf("end ran\n"); }' >"$tmp/out" 2>"$tmp/err"
rc=$?
judge "script ends by itself" 0 $'end ran\n@a: 1' ""

"$bin" -q -e 'tracepoint:syscalls:sys_enter_getppid { @calls = count(); } interval:ms:100 { exit(); }
end { printf("end ran\n"); }' >"$tmp/out" 2>"$tmp/err"
rc=$?
judge "exit() in a probe" 0 $'end ran\n@calls: *' ""

# ---- signals ----------------------------------------------------------------------------------
for sig in INT TERM; do
	start_held -q -e "$running"
	kill -"$sig" "$pid"
	stop_held
	judge "SIG$sig: end probes run, maps print, status 0" 0 $'end ran\n@calls: *\n@ticks: *' ""
done

# Under load (system() at each context switch makes more switches), SIGINT still ends the run at
# once: the commands still queued are not run, and sonde says how many.
start_held -q --unsafe -e 'tracepoint:sched:sched_switch { system("true"); } end { printf("end ran\n"); }'
sleep 1
start=$SECONDS
kill -INT "$pid"
stop_held
judge "SIGINT under load" 0 '*end ran' 'WARNING: * system() command* queued when sonde was interrupted * not run*'
(( SECONDS - start <= 5 )) && pass || fail "SIGINT under load: sonde took $((SECONDS - start)) s to stop"

start_held -q -e "$running"
kill -HUP "$pid"
stop_held
judge "SIGHUP kills it (as bpftrace), the kernel frees what it held" 129 "" ""

start_held -q -e "$running"
kill -KILL "$pid"
stop_held
judge "SIGKILL: the kernel frees what it held" 137 "" ""

# bpftrace prints every map and keeps running (a script without a self:signal probe).
start_held -q -e "$running"
{ kill -USR1 "$pid" && sleep 0.5 && kill -INT "$pid"; } 2>/dev/null
stop_held
judge "SIGUSR1 prints the maps and goes on" 0 \
	$'@calls: *\n@ticks: *\nend ran\n@calls: *\n@ticks: *' ""

timeout 20 "$bin" -q -e 'interval:ms:10 { printf("line\n"); }' 2>"$tmp/err" | head -1 >"$tmp/out"
rc=${PIPESTATUS[0]}
judge "SIGPIPE (sonde | head -1) ends it quietly, as any filter" 141 "line" ""

# ---- -c -----------------------------------------------------------------------------------------
"$bin" -q -e 'tracepoint:sched:sched_process_exit /pid == cpid/ { @exits = count(); }' -c /bin/true \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
judge "-c child exits" 0 "@exits: 1" ""

"$bin" -q -e 'tracepoint:sched:sched_process_exit /pid == cpid/ { @exits = count(); }' -c "$tmp/crash" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
judge "-c child crashes (SIGSEGV): the run ends as bpftrace's does" 0 "@exits: 1" ""

# ---- failures part way ------------------------------------------------------------------------
# The rejection names the probe it locates (begin), not the first one (tracepoint:...).
"$bin" -q -e 'tracepoint:syscalls:sys_enter_getppid { @a = count(); }
begin { $i = 0; while (1) { $i++; } }' >"$tmp/out" 2>"$tmp/err"
rc=$?
judge "verifier rejects the second probe" 1 "" \
	$'stdin:2:1-38: ERROR: the kernel\'s verifier rejected begin: infinite loop detected*\nbegin { $i = 0; while (1) { $i++; } }\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~'

# "Attached N probes" is said only once all are attached.
(ulimit -n 40 && exec "$bin" -e 'tracepoint:syscalls:sys_enter_* { @c = count(); }') >"$tmp/out" 2>"$tmp/err"
rc=$?
judge "attach fails part way (out of fds)" 1 "" \
	"ERROR: Unable to attach probe: tracepoint:syscalls:sys_enter_*: Too many open files"

# The second cannot be placed: nothing is said to be attached, nothing stays.
"$bin" -e "uprobe:$tmp/crash:main { @a = count(); } uprobe:$tmp/crash:0x10000000 { @b = count(); }" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
judge "second uprobe cannot be placed" 1 "" \
	"*ERROR: *$tmp/crash:0x10000000*"

"$bin" -e "uprobe:$tmp/crash:main { @a = count(); } uprobe:$tmp/crash:no_such_symbol { @b = count(); }" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
judge "uprobe on a symbol the binary lacks, after one it has" 1 "" \
	"stdin:1:*: ERROR: No matches for uprobe $tmp/crash:no_such_symbol.*"

"$bin" -e 'tracepoint:syscalls:sys_enter_getppid,tracepoint:syscalls:sys_enter_nonexistent { @c = count(); }' \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
judge "tracepoint list with a bad last element" 1 "" \
	$'stdin:1:39-80: ERROR: No matches for tracepoint syscalls:sys_enter_nonexistent.\n*\n                                      ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~'

# Named as bpftrace names it: "failed to create map: '@m': Argument list too long". 2^31 hash
# buckets are over what the kernel accepts, so it refuses at once without allocating.
"$bin" -e 'let @m = hash(2147483648); begin { @a[1] = 1; @b = count(); @m[1] = 1; exit(); }' \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
judge "a map larger than the kernel allows, after other maps" 1 "" "ERROR: failed to create map: '@m': *"

finish
