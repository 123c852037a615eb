# Shared by the VM tests of the kernel-only probe types (tests/attach/TYPE/vm_test.sh, ctest
# attach.TYPE.vm.KERNEL, label vm): `source vm_lib.sh SONDE KERNEL` sets $sonde, $kernel and a
# scratch $work (shared read-write with the guest, removed on exit), or skips (77) saying why
# where the VM lane cannot run (tests/vm/README.md). The test then registers its commands with
# `check` and ends with `run_batch`, which boots KERNEL once (tests/vm/run --batch), runs them all
# inside, compares each one's exact stdout, stderr and exit status, and checks that nothing stays
# loaded in the guest.
# shellcheck shell=bash
set -euo pipefail
# shellcheck disable=SC2034  # $sonde is for the test that sources this
sonde=$(realpath -e "$1")
kernel=$2
vm_run=$(cd "$(dirname "${BASH_SOURCE[0]}")/../vm" && pwd)/run

if ! why=$("$vm_run" --kernel "$kernel" --check 2>&1); then
	echo "SKIP: $why"
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sonde-vm-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

names=() statuses=() outs=() errs=() cmds=() gaps=()
next_gap=""
# check NAME STATUS STDOUT STDERR COMMAND: one command of the batch and exactly what it must print
# (each of STDOUT and STDERR a whole file, less its last newline; empty means nothing at all).
check() {
	names+=("$1") statuses+=("$2") outs+=("$3") errs+=("$4") cmds+=("$5") gaps+=("$next_gap")
	next_gap=""
}
# gap REASON: the next check is known to fail today because of a gap in sonde (REASON): its
# failure is reported as XFAIL and not counted, and once it passes it fails, until the mark is
# dropped.
gap() { next_gap=$1; }

# text TEXT: TEXT as a file holds it, with a last newline (nothing at all for an empty TEXT).
text() {
	if [[ -n $1 ]]; then printf '%s\n' "$1"; fi
}

# run_batch: runs every check in one boot and judges them; prints "N passed, N failed" and returns
# non-zero when one failed.
run_batch() {
	# The guest loads no BPF of its own, so anything loaded now was left behind by the runs above.
	check nothing_left_loaded 0 '' '' 'bpftool prog list && bpftool map list'
	local cmd i r status rc=0 start=$SECONDS passed=0 failed=0 xfailed=0
	for cmd in "${cmds[@]}"; do
		printf '%s\n' "${cmd//$'\n'/ }"
	done >"$work/batch"
	# --rw: the work folder must be seen even where TMPDIR is a mount the guest replaces (/dev/shm, /run).
	"$vm_run" --kernel "$kernel" --timeout 600 --rw "$work" --batch "$work/batch" --out "$work/out" >"$work/summary" || rc=$?
	echo "vm: kernel $kernel: one boot, ${#cmds[@]} commands, $((SECONDS - start)) s"
	if [[ $rc -ne 0 && $rc -ne 1 ]]; then
		cat "$work/summary"
		echo "FAIL: tests/vm/run exited $rc"
		echo "0 passed, ${#cmds[@]} failed"
		return 1
	fi
	for i in "${!names[@]}"; do
		r=$work/out/$((i + 1))
		status=$(cat "$r.status" 2>/dev/null || echo none)
		if [[ $status == "${statuses[i]}" ]] && cmp -s <(text "${outs[i]}") "$r.stdout" &&
			cmp -s <(text "${errs[i]}") "$r.stderr"; then
			if [[ -n ${gaps[i]} ]]; then
				failed=$((failed + 1))
				echo "FAIL: ${names[i]} passes now: drop its gap mark (${gaps[i]})"
				continue
			fi
			passed=$((passed + 1))
			echo "ok: ${names[i]} ($(cat "$r.seconds") s)"
			continue
		fi
		if [[ -n ${gaps[i]} ]]; then
			xfailed=$((xfailed + 1))
			echo "XFAIL: ${names[i]} (known sonde gap: ${gaps[i]}): exit $status: $(head -c 300 "$r.stderr")"
			continue
		fi
		failed=$((failed + 1))
		echo "FAIL: ${names[i]}: exit $status (want ${statuses[i]}); stdout and stderr diffs (want, got):"
		diff <(text "${outs[i]}") "$r.stdout" 2>&1 | sed 's/^/  stdout: /' || true
		diff <(text "${errs[i]}") "$r.stderr" 2>&1 | sed 's/^/  stderr: /' || true
	done
	[[ $xfailed -eq 0 ]] || echo "$xfailed failing on a known sonde gap (XFAIL)"
	echo "$passed passed, $failed failed"
	[[ $failed -eq 0 ]]
}
