#!/usr/bin/env bash
# vm.kprobe_smoke: boots KERNEL once (tests/vm/run --batch) and runs SONDE inside on real kernel
# events: kprobe and kretprobe on do_sys_openat2 while a helper runs `cat` on a marker file a known
# number of times (sonde -c starts it after attaching and stops when it ends, and a filter on the
# file name keeps every other open out, so the counts are exact), a wildcard kprobe with `probe`,
# the kprobe listing, an attach error, and that nothing stays loaded. Skips (77) where the VM lane
# cannot run.
# usage: kprobe_smoke.sh SONDE KERNEL
set -euo pipefail
sonde=$(realpath -e "$1")
kernel=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if ! why=$("$here/run" --kernel "$kernel" --check 2>&1); then
	echo "SKIP: $why"
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sonde-vm-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
cats=7
marker=$work/marker
echo marker >"$marker"
# /dev/null for stdout keeps cat's output out of sonde's; the last open fails and must not count.
cat >"$work/cats.sh" <<EOF
#!/bin/sh
for i in \$(seq $cats); do cat "$marker" >/dev/null; done
cat "$work/absent" 2>/dev/null
exit 0
EOF
chmod +x "$work/cats.sh"

names=() statuses=() outs=() errs=() cmds=()
# check NAME STATUS STDOUT STDERR COMMAND: one command of the batch and exactly what it must print
# (each of STDOUT and STDERR a whole file, less its last newline; empty means nothing at all).
check() {
	names+=("$1") statuses+=("$2") outs+=("$3") errs+=("$4") cmds+=("$5")
}
is_marker="comm == \"cat\" && str(arg1) == \"$marker\""
check kprobe_count 0 $'Attached 1 probe\n\n\n@opens: '"$cats" '' \
	"'$sonde' -e 'kprobe:do_sys_openat2 /$is_marker/ { @opens = count(); }' -c '$work/cats.sh'"
# The marker open is the lowest free descriptor in a fresh cat: 3 (the -c child inherits only 0-2).
check kretprobe_retval 0 $'Attached 2 probes\n\n\n@ret[3]: '"$cats" '' \
	"'$sonde' -e 'kprobe:do_sys_openat2 /$is_marker/ { @m[tid] = 1; }
	kretprobe:do_sys_openat2 /@m[tid]/ { @ret[retval] = count(); delete(@m[tid]); }' -c '$work/cats.sh'"
# open(2)'s do_sys_open also matches the wildcard, but cat opens with openat(2).
check kprobe_wildcard 0 $'Attached 2 probes\n\n\n@[kprobe:do_sys_openat2]: '"$cats" '' \
	"'$sonde' -e 'kprobe:do_sys_open* /$is_marker/ { @[probe] = count(); }' -c '$work/cats.sh'"
check kprobe_list 0 $'kprobe:do_sys_open\nkprobe:do_sys_openat2' '' \
	"'$sonde' -l 'kprobe:do_sys_open*'"
# Nothing is said to be attached when attaching fails.
check kprobe_missing_function 1 '' \
	'ERROR: Unable to attach probe: kprobe:sonde_vm_no_such_function: No such file or directory' \
	"'$sonde' -e 'kprobe:sonde_vm_no_such_function { @ = count(); }'"
# The guest loads no BPF of its own, so anything loaded now was left behind by the runs above.
check nothing_left_loaded 0 '' '' 'bpftool prog list && bpftool map list'

for cmd in "${cmds[@]}"; do
	printf '%s\n' "${cmd//$'\n'/ }"
done >"$work/batch"

start=$SECONDS
rc=0
# --rw: the work folder must be seen even where TMPDIR is a mount the guest replaces (/dev/shm, /run).
"$here/run" --kernel "$kernel" --timeout 600 --rw "$work" --batch "$work/batch" --out "$work/out" >"$work/summary" || rc=$?
echo "vm: kernel $kernel: one boot, ${#cmds[@]} commands, $((SECONDS - start)) s"
if [[ $rc -ne 0 && $rc -ne 1 ]]; then
	cat "$work/summary"
	echo "FAIL: tests/vm/run exited $rc"
	echo "0 passed, ${#cmds[@]} failed"
	exit 1
fi

# text TEXT: TEXT as a file holds it, with a last newline (nothing at all for an empty TEXT).
text() {
	if [[ -n $1 ]]; then printf '%s\n' "$1"; fi
}

passed=0 failed=0
for i in "${!names[@]}"; do
	r=$work/out/$((i + 1))
	status=$(cat "$r.status" 2>/dev/null || echo none)
	if [[ $status == "${statuses[i]}" ]] && cmp -s <(text "${outs[i]}") "$r.stdout" &&
		cmp -s <(text "${errs[i]}") "$r.stderr"; then
		passed=$((passed + 1))
		echo "ok: ${names[i]} ($(cat "$r.seconds") s)"
		continue
	fi
	failed=$((failed + 1))
	echo "FAIL: ${names[i]}: exit $status (want ${statuses[i]}); stdout and stderr diffs (want, got):"
	diff <(text "${outs[i]}") "$r.stdout" 2>&1 | sed 's/^/  stdout: /' || true
	diff <(text "${errs[i]}") "$r.stderr" 2>&1 | sed 's/^/  stderr: /' || true
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
