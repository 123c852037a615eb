# Shared by the e2e scripts: `source lib.sh path/to/sonde` sets $bin, a scratch $tmp removed on
# exit, the pass/fail counters, and skips (exit 77, saying why) when BPF cannot be loaded here.
# Each script ends with `finish`.
set -uo pipefail
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

if ! out=$("$bin" -q -e 'begin { exit(); }' 2>&1); then
	echo "SKIP: BPF programs cannot be loaded here: $out"
	exit 77
fi

fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
pass() { passed=$((passed + 1)); }

# verdict NAME WANT GOT [STATUS WANT-STATUS DETAIL]: passes when GOT is WANT and STATUS is
# WANT-STATUS (both 0 when not given); DETAIL (the error output, say) is shown for a wrong status.
verdict() {
	local name=$1 want=$2 got=$3 rc=${4:-0} want_rc=${5:-0} detail=${6:-$3}
	if [[ $rc -ne $want_rc ]]; then
		fail "$name: exit status $rc, expected $want_rc: $(head -c 400 <<<"$detail")"
	elif [[ "$got" != "$want" ]]; then
		fail "$name: output differs"
		diff <(echo "$want") <(echo "$got") | head -20 | cut -c1-300
	else
		pass
	fi
}

# Prints the closing line ctest and CI read, and fails the script when a check failed.
finish() {
	echo "$passed passed, $failed failed"
	[[ $failed -eq 0 ]]
}
