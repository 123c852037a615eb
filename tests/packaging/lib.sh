# shellcheck shell=bash
# Shared by the packaging tests: a scratch $tmp removed on exit, pass/fail/skip counters and the
# closing line. `source lib.sh`; each script ends with `finish`.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 skipped=0

pass() { passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
skip() { echo "SKIP: $1"; skipped=$((skipped + 1)); }

# check NAME COMMAND...: passes when COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass; else fail "$name"; fi
}

# Prints the closing line; fails when a check failed, skips (77) when every check was skipped.
finish() {
	echo "$passed passed, $failed failed"
	[[ $failed -eq 0 ]] || exit 1
	[[ $passed -gt 0 || $skipped -eq 0 ]] || exit 77
	exit 0
}
