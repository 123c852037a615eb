#!/usr/bin/env bash
# Bad input, one table row per class: each must give the expected first line of stderr, exit 1,
# the source line and a ~~~ marker under the located part when the error is about the script,
# no crash (no signal death, no sanitizer report), no hang (10 s) and nothing left behind.
# Usage: bad_input_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"

# ---- inputs that cannot be written in the table -----------------------------------------------
# $work is readable by everyone: the rows run as `nobody` read their scripts (and sonde) there.
work=$(mktemp -d)
trap 'rm -rf "$tmp" "$work"' EXIT
chmod 755 "$work"
cd "$work" || exit 1
nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
if "${nobody[@]}" test -x "$real_bin"; then
	nobody_bin=$real_bin
else
	cp "$real_bin" "$work/sonde" && chmod 755 "$work/sonde"
	nobody_bin=$work/sonde
fi
printf 'not an ELF file\n' >notelf
chmod +x notelf
printf 'int main(void) { return 0; }\n' >target.c
cc -o target target.c || { echo "SKIP: no C compiler"; exit 77; }
mkdir adir
printf 'begin { exit(); }\n' >unreadable.bt
chmod 600 unreadable.bt
printf 'begin { \001 exit(); }\n' >control.bt
printf 'begin { printf("a\\n"); \0 exit(); }\n' >nul.bt
printf 'begin { exit(); }\n\0\n' >nul_line.bt
printf 'tracepoint:syscalls:sys_enter_getppid { @a = count(); }\nbegin { $i = 0; while (1) { $i++; } }\n' >verifier2.bt
: >empty.bt
# 1 MiB of statements in one probe: sonde compiles it (LLVM folds the sum) and prints 80659.
{
	printf 'begin {\n$a = 0;\n'
	for _ in $(seq 80659); do printf '$a = $a + 1;\n'; done
	printf 'printf("%%d\\n", $a); exit();\n}\n'
} >huge.bt
# One 300 KB expression, 50000 additions deep: sema and codegen recurse that deep (on a thread
# with a large stack), and it prints 50001.
{
	printf 'begin { $x = 1'
	for _ in $(seq 50000); do printf ' + 1'; done
	printf '; printf("%%d\\n", $x); exit(); }\n'
} >longexpr.bt

# ---- the table --------------------------------------------------------------------------------
# NAME | RUN | INPUT | STATUS | FIRST LINE OF STDERR | KNOWN FAILURE
# RUN: root; nobody (setpriv to nobody:nogroup); nokprobes (only on a kernel without kprobes).
# INPUT: `-e PROGRAM` or a file in $work; $WORK stands for $work. FIRST LINE: exact, or after
# `glob:` a bash pattern, or empty (the row ends in `|`) when the run must succeed quietly.
# KNOWN FAILURE (optional): why sonde fails the row today; such a row still FAILS the test (the
# expectation is what is right, not what sonde does) until sonde is fixed and the mark removed.
table=$(cat <<'TABLE'
syntax error | root | -e begin { @x = ; } | 1 | stdin:1:14-15: ERROR: syntax error, unexpected ;
unterminated string | root | -e begin { printf("abc); } | 1 | stdin:1:16-24: ERROR: unterminated string
unterminated comment | root | -e begin { /* never closed | 1 | stdin:1:9-11: ERROR: unterminated comment
type error | root | -e begin { @x = 1; @x = "s"; } | 1 | stdin:1:17-25: ERROR: Type mismatch for @x: trying to assign value of type 'string[2]' when map already contains a value of type 'int8'
undefined variable | root | -e begin { @x = $nosuch; } | 1 | stdin:1:14-21: ERROR: Undefined or undeclared variable: $nosuch
variable read in its own first assignment | root | -e begin { $t = $t + 1; } | 1 | stdin:1:14-16: ERROR: Undefined or undeclared variable: $t
a string as a condition | root | -e begin { if (comm) { } } | 1 | stdin:1:13-17: ERROR: Invalid condition in if(): string[16]
a record as a condition (found by fuzz_compiler) | root | -e begin { if (a = -7) { } } | 1 | stdin:1:12-20: ERROR: Invalid condition in if(): (a=int8)
undefined map | root | -e begin { print(@undefined); } | 1 | stdin:1:15-25: ERROR: Undefined map: @undefined
unknown probe type | root | -e nosuchtype:foo { } | 1 | stdin:1:1-15: ERROR: Invalid probe type: nosuchtype
unknown builtin function | root | -e begin { nosuchfunc(1); } | 1 | stdin:1:9-22: ERROR: Unknown function: 'nosuchfunc'
unknown builtin variable | root | -e begin { @x = nosuchbuiltin; } | 1 | stdin:1:14-27: ERROR: Unknown identifier: 'nosuchbuiltin'
too few arguments | root | -e begin { $x = strncmp("a"); } | 1 | stdin:1:14-26: ERROR: strncmp() requires 3 arguments (1 provided)
too many arguments | root | -e begin { exit(1, 2, 3); } | 1 | stdin:1:9-22: ERROR: exit() takes up to 1 argument (3 provided)
no arguments where one is needed | root | -e begin { printf(); } | 1 | stdin:1:9-17: ERROR: printf() requires at least 1 argument (0 provided)
attach point of the wrong shape | root | -e tracepoint:syscalls { } | 1 | stdin:1:1-20: ERROR: tracepoint probes are written tracepoint:category:event, not tracepoint:syscalls
tracepoint that does not exist | root | -e tracepoint:nosuchcat:nosuchev { } | 1 | stdin:1:1-30: ERROR: No matches for tracepoint nosuchcat:nosuchev.
bad interval unit | root | -e interval:xyz:1 { } | 1 | stdin:1:1-15: ERROR: invalid interval probe interval:xyz:1: expected interval:{hz,s,ms,us}:N or interval:N[unit] with N > 0
map declared larger than 32 bits | root | -e let @m = hash(4294967296); begin { @m[1] = 1; } | 1 | stdin:1:1-26: ERROR: Max entries for @m must be at most 4294967295, not 4294967296
uprobe address outside the binary | root | -e uprobe:$WORK/target:0x10000000 { } | 1 | ERROR: Could not resolve address: $WORK/target:0x10000000
uprobe on a missing binary | root | -e uprobe:/nonexistent/bin:main { } | 1 | stdin:1:1-29: ERROR: No matches for uprobe /nonexistent/bin:main: cannot find binary /nonexistent/bin
uprobe on a file that is not ELF | root | -e uprobe:$WORK/notelf:main { } | 1 | glob:stdin:1:1-*: ERROR: cannot read ELF symbols of $WORK/notelf
kprobe on a kernel without kprobes | nokprobes | -e kprobe:do_nanosleep { } | 1 | stdin:1:1-20: ERROR: Unable to attach probe: kprobe:do_nanosleep: kprobes are not available on this kernel (CONFIG_KPROBES is off: no kprobe PMU in /sys/bus/event_source/devices); use a tracepoint such as tracepoint:syscalls:sys_enter_* or a rawtracepoint instead
verifier rejection | root | -e begin { $i = 0; while (1) { $i++; } } | 1 | glob:stdin:1:1-38: ERROR: the kernel's verifier rejected begin: infinite loop detected*
verifier rejection, its log trimmed to log_size | root | -e config = { log_size = 200 } begin { $i = 0; while (1) { $i++; } } | 1 | glob:stdin:1:29-34: ERROR: the kernel's verifier rejected begin: *
verifier rejection of the second probe | root | verifier2.bt | 1 | glob:verifier2.bt:2:1-38: ERROR: the kernel's verifier rejected begin: infinite loop detected*
verifier rejection in a script named by its path | root | $WORK/verifier2.bt | 1 | glob:$WORK/verifier2.bt:2:1-38: ERROR: the kernel's verifier rejected begin: infinite loop detected*
not allowed (not root) | nobody | -e begin { exit(); } | 1 | ERROR: failed to load the BPF programs for begin: Operation not permitted
script file is a directory | root | adir | 1 | ERROR: failed to read file 'adir': Is a directory
script file missing | root | nosuch.bt | 1 | ERROR: failed to open file 'nosuch.bt': No such file or directory
script file unreadable (not root) | nobody | unreadable.bt | 1 | ERROR: failed to open file 'unreadable.bt': Permission denied
empty script | root | empty.bt | 1 | empty.bt:1:1-2: ERROR: unexpected end of file, expected {
1 MiB script (compiles) | root | huge.bt | 0 |
expression 50000 operators deep | root | longexpr.bt | 0 |
control character | root | control.bt | 1 | glob:control.bt:1:9-10: ERROR: invalid character '[[:print:]]*'
NUL byte inside a line | root | nul.bt | 1 | glob:nul.bt:1:24-25: ERROR: invalid character '[[:print:]]*'
NUL byte on a line of its own | root | nul_line.bt | 1 | glob:nul_line.bt:2:1-2: ERROR: invalid character '[[:print:]]*'
TABLE
)

# check_marker FIRST-LINE SCRIPT-TEXT STDERR [MARKER-ONLY]: for an error located on one line
# (SRC:L:C-E:), the next two lines must be that source line and E-C tildes under columns C..E-1
# (MARKER-ONLY: the tildes only, for a script holding a NUL, which no shell string can).
check_marker() {
	local first=$1 script=$2 err=$3 marker_only=${4:-} line col end want_src want_mark
	[[ $first =~ ^[^:]+:([0-9]+):([0-9]+)-([0-9]+):\  ]] || return 0
	line=${BASH_REMATCH[1]} col=${BASH_REMATCH[2]} end=${BASH_REMATCH[3]}
	want_src=$(sed -n "${line}p" <<<"$script")
	printf -v want_mark '%*s' $((col - 1)) ''
	want_mark+=$(printf '%*s' $((end - col)) '' | tr ' ' '~')
	[[ ($(sed -n 2p <<<"$err") == "$want_src" || -n $marker_only) && $(sed -n 3p <<<"$err") == "$want_mark" ]]
}

# first_line_is LINE WANT: WANT exactly, or the pattern after `glob:`.
first_line_is() {
	# shellcheck disable=SC2053  # the pattern is meant to match as one
	[[ $2 == glob:* ]] && [[ $1 == ${2#glob:} ]] || [[ $2 != glob:* && $1 == "$2" ]]
}

# row NAME RUN INPUT STATUS FIRST KNOWN: runs one row and judges it.
row() {
	local name=$1 run=$2 input=${3//\$WORK/$work} want_rc=$4 want=${5//\$WORK/$work} known=$6
	local args script="" err first rc why="" nul=""
	if [[ $input == "-e "* ]]; then
		args=(-e "${input#-e }")
		script=${input#-e }
	else
		args=("$input")
		[[ -f $input ]] && script=$(tr -d '\0' <"$input") && [[ $(tr -cd '\0' <"$input" | wc -c) -gt 0 ]] && nul=1
	fi
	{   # (bash's notice of a crash goes to this stderr; sonde's own is in $tmp/err)
	case $run in
	nobody) SONDE_EXEC="${nobody[*]} $nobody_bin" timeout 10 "$bin" "${args[@]}" >"$tmp/out" 2>"$tmp/err" ;;
	nokprobes)
		if [[ -e /sys/bus/event_source/devices/kprobe ]]; then
			echo "note: $name: this kernel has kprobes; row not run"
			return
		fi
		timeout 10 "$bin" "${args[@]}" >"$tmp/out" 2>"$tmp/err" ;;
	*) timeout 10 "$bin" "${args[@]}" >"$tmp/out" 2>"$tmp/err" ;;
	esac
	rc=$?
	} 2>/dev/null
	err=$(tr -d '\0' <"$tmp/err")
	first=$(head -1 <<<"$err")
	if [[ $rc -eq 124 ]]; then
		why="no answer in 10 s"
	elif [[ $rc -gt 128 ]]; then
		why="killed by signal $((rc - 128))"
	elif grep -q 'Sanitizer\|runtime error:' <<<"$err"; then
		why="sanitizer report: $(grep -m1 'Sanitizer\|runtime error:' <<<"$err")"
	elif [[ $rc -ne $want_rc ]]; then
		why="exit status $rc, expected $want_rc"
	elif ! first_line_is "$first" "$want"; then
		why="first line is not: $want"
	elif ! check_marker "$first" "$script" "$err" "$nul"; then
		why="the source line and ~~~ marker do not follow"
	fi
	if [[ -z $why ]]; then
		pass
		[[ -n $known ]] && echo "note: $name passes now: remove its KNOWN FAILURE mark"
	elif [[ -n $known ]]; then
		fail "$name (KNOWN FAILURE: $known): $why; stderr: $(head -3 <<<"$err" | head -c 300)"
	else
		fail "$name: $why; stderr: $(head -3 <<<"$err" | head -c 300)"
	fi
	left_behind "$name"
}

while IFS= read -r line; do
	line=${line%' |'}   # a row ending in `|`: an empty FIRST LINE
	IFS=$'\x1f' read -r -a f <<<"${line// | /$'\x1f'}"
	row "${f[0]}" "${f[1]}" "${f[2]}" "${f[3]}" "${f[4]:-}" "${f[5]:-}"
done <<<"$table"

finish
