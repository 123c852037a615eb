#!/usr/bin/env bash
# Probe listing (-l, -lv) against this machine's tracefs, kernel BTF and a small ELF target.
# Usage: list_test.sh path/to/sonde. Needs root (tracefs); exits 77 (skip) otherwise. Prints
# "N passed, N failed" and exits 1 when something failed.
set -uo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [[ -n ${prog_pid:-} ]] && kill "$prog_pid" 2>/dev/null' EXIT
cd "$tmp" || exit 1
passed=0 failed=0

if [[ ! -r /sys/kernel/tracing/available_events ]] && ! "$bin" -l 'tracepoint:*' 2>/dev/null | grep -q .; then
	echo "SKIP: tracefs is not readable here (run as root)"
	exit 77
fi

# run ARGS...: leaves $rc, $out (stdout) and $err (stderr)
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
check() {   # check NAME CONDITION-STATUS
	if [[ $2 -eq 0 ]]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $1"
		echo "  stdout: $(head -c 400 <<<"$out")"
		echo "  stderr: $(head -c 400 <<<"$err")"
	fi
}
has_line() { grep -qxF -- "$1" <<<"$out"; }
only_lines_starting() { [[ -n $out ]] && ! grep -v -- "^$1" <<<"$out" | grep -q .; }

# ---- tracepoints --------------------------------------------------------------------------------
run -l 'tracepoint:syscalls:sys_enter_open*'
check "tracepoint wildcard lists sys_enter_openat" $([[ $rc -eq 0 ]] && has_line tracepoint:syscalls:sys_enter_openat; echo $?)
check "tracepoint wildcard lists only its matches" $(only_lines_starting 'tracepoint:syscalls:sys_enter_open'; echo $?)
check "tracepoint wildcard: no sys_exit" $(grep -q sys_exit <<<"$out"; echo $(( ! $? )))

run -l 't:sched:sched_sw*'
check "alias t: lists tracepoint:sched:sched_switch" $(has_line tracepoint:sched:sched_switch; echo $?)

run -l '*sched_switch*'
check "a bare pattern searches every type" $(has_line tracepoint:sched:sched_switch; echo $?)

run -lv 'tracepoint:syscalls:sys_enter_openat'
want=$'tracepoint:syscalls:sys_enter_openat\n    int __syscall_nr\n    int dfd\n    const char * filename\n    int flags\n    umode_t mode'
check "-lv prints the format fields, without common_*" $([[ $out == "$want" ]]; echo $?)

# ---- everything -----------------------------------------------------------------------------------
start=$(date +%s%N)
run -l
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "-l exits 0" $rc
check "-l lists tracepoints" $(has_line tracepoint:sched:sched_switch; echo $?)
check "-l lists software events" $(has_line software:cpu-clock:; echo $?)
check "-l lists hardware events" $(has_line hardware:cpu-cycles:; echo $?)
check "-l takes under 2 s (took ${ms} ms)" $(( ms >= 2000 ))
events=$(grep -c : /sys/kernel/tracing/available_events)
check "-l lists every tracepoint once" $(( $(grep -c '^tracepoint:' <<<"$out") != events ))
check "-l lists no interval or begin probes" $(grep -qE '^(interval|profile|begin|end):' <<<"$out"; echo $(( ! $? )))
sorted=$(grep '^tracepoint:' <<<"$out")
check "-l sorts each probe type" $([[ $sorted == "$(LC_ALL=C sort <<<"$sorted")" ]]; echo $?)

# ---- fixed lists ----------------------------------------------------------------------------------
run -l 'interval:*'
check "interval units" $([[ $out == $'interval:hz:\ninterval:ms:\ninterval:s:\ninterval:us:' ]]; echo $?)
run -l 'p:*'
check "profile alias p" $([[ $out == $'profile:hz:\nprofile:ms:\nprofile:s:\nprofile:us:' ]]; echo $?)
run -l 'software:*'
check "software events with aliases" $(( $(wc -l <<<"$out") != 14 ))
check "software:cpu: alias listed" $(has_line software:cpu:; echo $?)
run -l '*ware:*'
check "wildcarded probe type" $(( $(grep -c '^software:' <<<"$out") != 14 || $(grep -c '^hardware:' <<<"$out") != 12 ||
                                  $(grep -vc 'ware:' <<<"$out") != 0 ))
run -l 'nonsense:*'
check "unknown probe type lists nothing" $([[ $rc -eq 0 && -z $out ]]; echo $?)
run -l 'software:cpu*,interval:s*'
check "comma-separated searches" $([[ $out == $'software:cpu-clock:\nsoftware:cpu-migrations:\nsoftware:cpu:\ninterval:s:' ]]; echo $?)

# ---- BTF: raw tracepoints, fentry, types ----------------------------------------------------------
if [[ -e /sys/kernel/btf/vmlinux ]]; then
	run -lv 'rawtracepoint:sched_switch'
	check "rawtracepoint named with its module" $(has_line rawtracepoint:vmlinux:sched_switch; echo $?)
	check "rawtracepoint args from BTF" $(grep -qxF '    struct task_struct * next' <<<"$out"; echo $?)
	check "rawtracepoint args skip __data" $(grep -q __data <<<"$out"; echo $(( ! $? )))
	run -l 'rt:*'
	check "rawtracepoint alias lists many" $(( $(wc -l <<<"$out") < 100 ))

	run -lv 'fentry:vfs_read'
	check "fentry: module added" $(has_line fentry:vmlinux:vfs_read; echo $?)
	check "fentry -v: args and retval" $(grep -qxF '    struct file * file' <<<"$out" &&
	                                      grep -qxF '    ssize_t retval' <<<"$out"; echo $?)
	run -l 'fentry:vmlinux:vfs_rea*'
	check "fentry with module pattern" $(has_line fentry:vmlinux:vfs_read; echo $?)

	run -l 'struct task_struct'
	check "struct name" $([[ $out == "struct task_struct" ]]; echo $?)
	run -lv 'struct task_struct,struct fd'
	check "struct definitions" $(has_line 'vmlinux: struct task_struct {' && has_line 'vmlinux: struct fd {'; echo $?)
	check "struct definition body" $(grep -qP '^\tpid_t pid;$' <<<"$out"; echo $?)
fi

# ---- scripts --------------------------------------------------------------------------------------
run -l -e 'hardware:cache-misses:10 { exit(); } tracepoint:sched:sched_switch, t:sched:sched_wakeup { } begin { }'
check "script probes" $([[ $rc -eq 0 && $out == $'hardware:cache-misses:\ntracepoint:sched:sched_switch\ntracepoint:sched:sched_wakeup' ]]; echo $?)
printf 'interval:ms:100 { }\ninterval:1s { }\ntracepoint:syscalls:sys_enter_openat* { }\n' >s.bt
run -l s.bt
check "script file" $([[ $out == $'interval:ms:\ninterval:s:\ntracepoint:syscalls:sys_enter_openat\ntracepoint:syscalls:sys_enter_openat2' ]]; echo $?)
run -l -e 'nosuchtype:x { }'
check "script with an unknown probe type fails" $(( rc == 0 ))
check "unknown probe type named" $(grep -qF 'Invalid probe type: nosuchtype' <<<"$err"; echo $?)
run -l -e 'begin { @x = ; }'
check "script parse error fails" $(( rc == 0 ))

run -l non_existent_file.bt
check "missing file warning" $(grep -qxF "WARNING: It appears that 'non_existent_file.bt' is a filename but the file does not exist. Treating 'non_existent_file.bt' as a search pattern." <<<"$err"; echo $?)
check "missing file: exit 0" $rc

# ---- uprobe and usdt --------------------------------------------------------------------------------
if cc -O2 -o prog "$here/list_prog.c" 2>/dev/null; then
	run -l 'uprobe:./prog:sonde_list_*'
	check "uprobe by path" $([[ $out == "uprobe:./prog:sonde_list_function" ]]; echo $?)
	run -l 'uprobe:./pr*:sonde_list_function'
	check "uprobe with a wildcarded path" $([[ $out == "uprobe:./prog:sonde_list_function" ]]; echo $?)
	run -l 'uretprobe:./prog:main'
	check "uretprobe" $([[ $out == "uretprobe:./prog:main" ]]; echo $?)
	run -l 'usdt:./prog:*'
	check "usdt notes" $([[ $out == $'usdt:./prog:sondeother:probe_two\nusdt:./prog:sondetest:probe_one' ]]; echo $?)
	run -l 'usdt:./prog:sondetest:*'
	check "usdt by provider" $([[ $out == "usdt:./prog:sondetest:probe_one" ]]; echo $?)
	run -l 'usdt:./prog:probe_two'
	check "usdt without provider" $([[ $out == "usdt:./prog:sondeother:probe_two" ]]; echo $?)
	run -l '*:./prog:*'
	check "existing file with a wildcarded type" $(has_line uprobe:./prog:sonde_list_function && has_line usdt:./prog:sondetest:probe_one; echo $?)
	run -l -e 'uprobe:./prog:sonde_list_function { } usdt:./prog:probe_one { }'
	check "script uprobe and usdt" $([[ $out == $'uprobe:./prog:sonde_list_function\nusdt:./prog:sondetest:probe_one' ]]; echo $?)

	./prog 20 &
	prog_pid=$!
	sleep 0.3
	run -l 'uprobe:*' -p "$prog_pid"
	check "-p: the process's files" $(grep -qE '^uprobe:.*/prog:sonde_list_function$' <<<"$out"; echo $?)
	check "-p: its libraries" $(grep -qE '^uprobe:.*libc[^:]*:malloc$' <<<"$out"; echo $?)
	run -l 'usdt:*' -p "$prog_pid"
	check "-p: usdt" $(grep -qE '^usdt:.*/prog:sondetest:probe_one$' <<<"$out"; echo $?)
	run -l -p "$prog_pid"
	check "-p: userspace probes in the full listing" $(grep -qE '^uprobe:.*/prog:main$' <<<"$out"; echo $?)
	kill "$prog_pid" 2>/dev/null
	prog_pid=
else
	echo "note: no C compiler, uprobe/usdt listing not tested"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
