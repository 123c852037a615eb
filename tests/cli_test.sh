#!/usr/bin/env bash
# Command-line behaviour of sonde: help, version, bad flags, missing files, positional params,
# pid validation, -l and --fmt. Usage: cli_test.sh path/to/sonde
set -uo pipefail

bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0

# run ARGS...: runs sonde with no stdin, leaving $rc, $out (stdout) and $err (stderr).
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

fail() {
	echo "FAIL: $*" >&2
	echo "  stdout: $out" >&2
	echo "  stderr: $err" >&2
	failures=$((failures + 1))
}

expect_rc() { [[ $rc -eq $1 ]] || fail "$2: exit status $rc, expected $1"; }
expect_out_line() { grep -qxF -- "$1" <<<"$out" || fail "$2: stdout lacks line '$1'"; }
expect_err_line() { grep -qxF -- "$1" <<<"$err" || fail "$2: stderr lacks line '$1'"; }
expect_err_empty() { [[ -z $err ]] || fail "$1: stderr not empty"; }

# ---- help and version ---------------------------------------------------------------------------
for flag in -h --help; do
	run $flag
	expect_rc 0 "$flag"
	expect_out_line "USAGE:" "$flag"
	expect_err_empty "$flag"
done
# every bpftrace option is listed
run -h
for opt in -e -l -v -h -V --info -p -c --dwarf-pid --usdt-file-activation -o -f -B -q -k \
	--no-warnings -I --include --debuginfo --traceable-functions --unsafe --no-feature --mode \
	--test --bench --probe-filter --fmt --dry-run --verify-llvm-ir -d --emit-elf --emit-llvm --emit; do
	grep -qe "$opt\b" <<<"$out" || fail "-h does not list $opt"
done

for flag in --version -V; do
	run $flag
	expect_rc 0 "$flag"
	[[ $out == "sonde v0.1.0" ]] || fail "$flag prints '$out'"
done

# ---- bad command lines --------------------------------------------------------------------------
run -idonotexist
expect_rc 1 "bad flag"
expect_err_line "USAGE:" "bad flag"

run
expect_rc 1 "no arguments"
expect_err_line "USAGE:" "no arguments"

run -q
expect_rc 1 "no script"
expect_err_line "ERROR: USAGE: filename or -e 'program' required." "no script"

run --emit=ast
expect_rc 1 "no script"
expect_err_line "ERROR: USAGE: filename or -e 'program' required." "no script"

# named program options belong after --
run --emit=ast -e 'begin { }' --aa=20
expect_rc 1 "named param before --"
expect_err_line "USAGE:" "named param before --"

run --emit=ast non_existent_file.bt
expect_rc 1 "missing file"
expect_err_line "ERROR: failed to open file 'non_existent_file.bt': No such file or directory" \
	"missing file"

run --emit=nonsense -e 'begin { }'
expect_rc 1 "bad --emit"

# ---- pid validation, as bpftrace words it -------------------------------------------------------
run -p a1111 -e 'begin { }'
expect_rc 1 "-p a1111"
expect_err_line "ERROR: Failed to parse pid: invalid integer: a1111" "-p a1111"
run -p 111a1 -e 'begin { }'
expect_err_line "ERROR: Failed to parse pid: invalid trailing bytes: 111a1" "-p 111a1"
run --pid not_a_pid -e 'begin { }'
expect_err_line "ERROR: Failed to parse pid: invalid integer: not_a_pid" "--pid not_a_pid"
run -p 5000000 -e 'begin { }'
expect_rc 1 "-p 5000000"
expect_err_line "ERROR: Pid out of range: 5000000" "-p 5000000"

run -q -f jsonx -e 'begin { }'
expect_rc 1 "-f jsonx"
expect_err_line 'ERROR: Invalid output format "jsonx"' "-f jsonx"

run -B sometimes -e 'begin { }'
expect_rc 1 "-B sometimes"
run -d nonsense -e 'begin { }'
expect_err_line "ERROR: USAGE: invalid option for -d: nonsense" "-d nonsense"

# ---- --fmt: the script printed back, unprivileged; -o replaces a file whole -----------------------
run --fmt -e 'begin{@x[1]=count();if(1){printf("%d\n",2)}} // note'
expect_rc 0 "--fmt"
[[ $out == $'begin {\n  @x[1] = count();\n  if (1) {\n    printf("%d\\n", 2);\n  }\n} // note' ]] ||
	fail "--fmt: unexpected layout"
printf 'begin{exit()}\n' >"$tmp/self.bt"
chmod 755 "$tmp/self.bt"
run --fmt -o "$tmp/self.bt" "$tmp/self.bt"
expect_rc 0 "--fmt -o the script itself"
[[ $(stat -c %a "$tmp/self.bt") == 755 ]] || fail "--fmt -o: the file's mode changed"
[[ $(cat "$tmp/self.bt") == $'begin {\n  exit();\n}' ]] || fail "--fmt -o: file not rewritten"
run --fmt -e 'begin { $x = ; }'
expect_rc 1 "--fmt of a syntax error"
expect_err_line "stdin:1:14-15: ERROR: syntax error, unexpected ;" "--fmt of a syntax error"

# ---- BPFTRACE_COLOR: the ERROR line red when asked; by default only on a terminal ---------------
BPFTRACE_COLOR=always run -e 'begin { $x = "a" + 1; }'
expect_rc 1 "BPFTRACE_COLOR=always"
expect_err_line $'\033[31mstdin:1:14-21: ERROR: Type mismatch for \'+\': comparing \'string[2]\' with \'int8\'\033[0m' "BPFTRACE_COLOR=always"
expect_err_line '             ~~~~~~~' "BPFTRACE_COLOR=always: the marker line is not colored"
for mode in never auto; do
	BPFTRACE_COLOR=$mode run -e 'begin { $x = "a" + 1; }'
	[[ $err != *$'\033'* ]] || fail "BPFTRACE_COLOR=$mode: colored output off a terminal"
done
BPFTRACE_COLOR=bogus run nope.bt
expect_err_line "WARNING: BPFTRACE_COLOR=bogus is none of auto, always and never; auto is used" "BPFTRACE_COLOR=bogus"

# ---- --info: bpftrace's sections, each feature answered yes or no -------------------------------
run --info
expect_rc 0 "--info"
for line in System Build "Kernel helpers" "Kernel features" "Probe types"; do expect_out_line "$line" "--info"; done
grep -Eq '^  kprobe_multi: (yes|no) +uprobe_multi: (yes|no)$' <<<"$out" || fail "--info: no kprobe_multi/uprobe_multi line"
grep -Eq '^  kprobe_session: (yes|no) +iter: (yes|no)$' <<<"$out" || fail "--info: no kprobe_session/iter line"
[[ $(grep -c "^  btf: yes\|btf: yes$" <<<"$out") -eq $([[ -r /sys/kernel/btf/vmlinux ]] && echo 1 || echo 0) ]] ||
	fail "--info: btf does not say what /sys/kernel/btf/vmlinux says"

# ---- -B and -d: the program runs; -d's stages go to stderr ---------------------------------------
for mode in line full none; do
	run -q -B $mode -e 'begin { print(1); exit(); }'
	expect_rc 0 "-B $mode"
	expect_out_line "1" "-B $mode"
done
run -q -d ast -d codegen,codegen-opt,dis -e 'begin { print(7); exit(); }'
expect_rc 0 "-d stages"
expect_out_line "7" "-d stages"
expect_err_line "  probe [1:1-1:6]" "-d ast"
[[ $(grep -c '^define .*@begin_0' <<<"$err") -eq 2 ]] || fail "-d codegen,codegen-opt: not two IR listings of begin_0"
grep -q '^begin_0:' <<<"$err" || fail "-d dis: no BPF assembly of begin_0"
[[ $out != *define* ]] || fail "-d: IR on stdout"

# ---- -I DIR and --include FILE reach the script's C definitions ----------------------------------
mkdir -p "$tmp/inc/sub"
printf '#define SONDE_ANSWER 42\n' >"$tmp/inc/sub/answer.h"
printf 'struct pair { int a; int b; };\n' >"$tmp/inc/pair.h"
run -I "$tmp/inc" -e $'#include <sub/answer.h>\nbegin { printf("%d\\n", SONDE_ANSWER); exit(); }'
expect_rc 0 "-I DIR"
expect_out_line "42" "-I DIR"
run --include "$tmp/inc/pair.h" --include stdint.h -e 'begin { $p = (struct pair *)0; printf("%d %d\n", sizeof(struct pair), sizeof(uint16_t)); exit(); }'
expect_rc 0 "--include FILE"
expect_out_line "8 2" "--include FILE"
run -e $'#include <sonde/no/such.h>\nbegin { }'
expect_rc 1 "#include of a missing file"
expect_err_line "stdin:1:10-11: ERROR: 'sonde/no/such.h' file not found" "#include of a missing file, even with nothing using it"

# ---- listing (-l): what needs no kernel access; tests/list/list_test.sh covers the rest ----------
run -l 'interval:*'
expect_rc 0 "-l interval:*"
[[ $out == $'interval:hz:\ninterval:ms:\ninterval:s:\ninterval:us:' ]] || fail "-l interval:*: wrong list"
run -lv 'profile:s*'
[[ $out == "profile:s:" ]] || fail "-lv profile:s*: wrong list"
run -l -p 1 'interval:hz*'
expect_rc 0 "-l with -p"
[[ $out == "interval:hz:" ]] || fail "-l with -p: wrong list"
run -l -e 'begin { } end { }'
expect_rc 0 "-l -e begin/end"
[[ -z $out ]] || fail "-l -e begin/end: begin and end attach to nothing"
run -l -e 'interval:ms:100 { exit(); }'
[[ $out == "interval:ms:" ]] || fail "-l -e interval: wrong list"
printf 'interval:s:1 { }\n' >list.bt
run -l list.bt
[[ $out == "interval:s:" ]] || fail "-l FILE: wrong list"
run -l -e 'nosuchtype:x { }'
expect_rc 1 "-l unknown probe type"
run -l -e 'begin { @x = ; }'
expect_rc 1 "-l parse error"
run -l 'interval:*' extra
expect_rc 1 "-l with two searches"
expect_err_line "USAGE:" "-l with two searches"
run -l missing_file.bt
expect_err_line "WARNING: It appears that 'missing_file.bt' is a filename but the file does not exist. Treating 'missing_file.bt' as a search pattern." "-l missing file"

# ---- scripts and positional parameters ----------------------------------------------------------
# shellcheck disable=SC2016 # $1 and $2 are the script's, not the shell's
prog='begin { printf("%s %s\n", str($1), str($2)); exit(); }'

run --emit=ast -e "$prog" one two
expect_rc 0 "-e with params"
[[ -n $out ]] || fail "-e with params: no AST printed"
ast_e=$out

run --emit=ast -e "$prog" -- one --two=2
expect_rc 0 "params after --"
[[ $out == "$ast_e" ]] || fail "params after --: AST differs from plain -e"

printf '%s\n' "$prog" >script.bt
run --emit=ast script.bt one two
expect_rc 0 "file with params"
[[ $out == "$ast_e" ]] || fail "file with params: AST differs from -e"

"$bin" --emit=ast - one two <script.bt >"$tmp/out" 2>"$tmp/err"
rc=$? out=$(cat "$tmp/out") err=$(cat "$tmp/err")
expect_rc 0 "stdin script"
[[ $out == "$ast_e" ]] || fail "stdin script: AST differs from -e"

# a parse error exits 1 and names the source; -e is called stdin
run --emit=ast -e 'begin { @x = ; }'
expect_rc 1 "parse error"
[[ $err == stdin:* ]] || fail "parse error: diagnostic does not start with 'stdin:'"
[[ -z $out ]] || fail "parse error: stdout not empty"

printf 'begin { @x = ; }\n' >bad.bt
run --emit=ast bad.bt
expect_rc 1 "parse error in file"
[[ $err == bad.bt:* ]] || fail "parse error in file: diagnostic does not start with 'bad.bt:'"

# ---- --probe-filter: the regex is checked before anything is compiled ----------------------------
run --probe-filter '[bad' -e 'begin { }'
expect_rc 1 "--probe-filter [bad"
[[ $err == "ERROR: Invalid --probe-filter regex '[bad': "* && $(wc -l <<<"$err") -eq 1 ]] ||
	fail "--probe-filter [bad: expected one 'Invalid --probe-filter regex' line"

# ---- config block and attach points that need no kernel (--emit=types stops before loading) ------
run --emit=types -e 'config = { bad_config=raw } begin {}'
expect_rc 1 "unknown config key"
expect_err_line "stdin:1:12-26: ERROR: bad_config: not a known configuration option" "unknown config key"
run --emit=types -e 'config = { kernel_build=1 } begin {}'
expect_err_line "stdin:1:12-26: ERROR: kernel_build: can only be set as an environment variable" "env-only key"
run --emit=types -e 'config = { BPFTRACE_MAX_STRLEN=8; missing_probes="warn"; license="GPL v2" } begin {}'
expect_rc 0 "known config keys"
run --emit=types -e 'config = { license="Potato" } begin {}'
expect_rc 1 "bad license"
expect_err_line "stdin:1:12-28: ERROR: Invalid value for license. Found: Potato. Valid values: Dual MIT/GPL, Dual BSD/GPL, Dual MPL/GPL, GPL and additional rights, GPL v2, GPL" "bad license"
run --emit=types -e 'config = { missing_probes=sometimes } begin {}'
expect_rc 1 "bad missing_probes"

# positional parameters inside attach points
run --emit=types -e 'i:ms:$1 { }' 100
expect_rc 0 'i:ms:$1'
expect_out_line "probe 0 (1 attach point: interval:ms:100)" 'i:ms:$1'
run --emit=types -e 'BEG$1 { }' IN
expect_out_line "probe 0 (1 attach point: begin)" 'BEG$1'
run --emit=types -e '$1 { }' i:s:1
expect_out_line "probe 0 (1 attach point: interval:s:1)" '$1 alone'

# self:signal probes: SIGUSR1 only
run --emit=types -e 'self:signal:SIGUSR1 { }'
expect_rc 0 "self:signal:SIGUSR1"
expect_out_line "probe 0 (1 attach point: self:signal:SIGUSR1)" "self:signal:SIGUSR1"
run --emit=types -e 'self:signal:SIGHUP { }'
expect_err_line "stdin:1:1-19: ERROR: SIGHUP is not a supported signal" "self:signal:SIGHUP"
run --emit=types -e 'self:keypress:space { }'
expect_err_line "stdin:1:1-20: ERROR: keypress is not a supported trigger" "self:keypress"

if [[ $failures -gt 0 ]]; then
	echo "cli_test: $failures failure(s)" >&2
	exit 1
fi
echo "cli_test: all passed"
