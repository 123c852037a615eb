# Shared by the test scripts of tests/attach and tests/stdlib (sourced after lib.sh): runs of one
# program and checks of what it printed, exactly.
# shellcheck shell=bash

# run PROGRAM [ARGS...]: stdout and stderr of `sonde -q ARGS -e PROGRAM` (20 s at most), blank
# lines dropped, into $got; status in $rc.
run() {
	local prog=$1
	shift
	got=$(timeout 20 "$bin" -q "$@" -e "$prog" 2>&1 | grep -v '^$')
	rc=${PIPESTATUS[0]}
}

# expect NAME PROGRAM EXPECTED-OUTPUT [EXPECTED-STATUS]: run's whole output and status, exactly.
expect() {
	local name=$1 prog=$2 want=$3 want_rc=${4:-0}
	run "$prog"
	verdict "$name" "$want" "$got" "$rc" "$want_rc"
}

# expect_re NAME PROGRAM ERE: some output line of run matches the whole of ERE, and the status is 0.
expect_re() {
	local name=$1 prog=$2 re=$3
	run "$prog"
	if [[ $rc -ne 0 ]]; then
		fail "$name: exit status $rc: $(head -c 300 <<<"$got")"
	elif ! grep -Eq "^($re)\$" <<<"$got"; then
		fail "$name: no line matches /$re/ in: $(head -c 300 <<<"$got")"
	else
		pass
	fi
}

# expect_stdout NAME PROGRAM EXPECTED-STDOUT [EXPECTED-STATUS]: the stdout of `sonde -q -e PROGRAM`
# exactly (blank lines kept: maps print after two) and the status; stderr is shown when the status
# is wrong.
expect_stdout() {
	local name=$1 prog=$2 want=$3 want_rc=${4:-0} got rc
	got=$("$bin" -q -e "$prog" 2>"$tmp/err")
	rc=$?
	verdict "$name" "$want" "$got" "$rc" "$want_rc" "$(cat "$tmp/err")"
}

# build NAME SOURCE [CC-FLAGS...]: compiles SOURCE into $tmp/NAME, or skips the script (exit 77).
build() {
	local name=$1 src=$2
	shift 2
	cc -O1 "$@" -o "$tmp/$name" "$src" || { echo "SKIP: cannot build $src (no C compiler?)"; exit 77; }
}

# expect_sorted NAME PROGRAM EXPECTED-STDOUT: stdout and the expectation both sorted, blank lines
# dropped (map entries of equal value print in the kernel's hash order); status 0.
expect_sorted() {
	local name=$1 prog=$2 want got rc
	want=$(printf '%s\n' "$3" | grep -v '^$' | sort)
	got=$("$bin" -q -e "$prog" 2>"$tmp/err")
	rc=$?
	got=$(printf '%s\n' "$got" | grep -v '^$' | sort)
	verdict "$name" "$want" "$got" "$rc" 0 "$(cat "$tmp/err")"
}
