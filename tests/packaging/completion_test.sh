#!/usr/bin/env bash
# The shell completions. bash (build/doc/sonde.bash): sources it and calls _sonde with COMP_WORDS
# and COMP_CWORD set as bash sets them (an unquoted word is split at ':' and '='; a quoted one
# keeps its opening quote), then checks COMPREPLY. zsh (build/doc/_sonde): a real interactive zsh
# in a pseudo-terminal (zsh_complete.py) presses TAB. Probe names come from the sonde under test
# (`sonde -l`); the tracepoint cases skip when tracefs cannot be read here.
# Usage: completion_test.sh path/to/sonde path/to/sonde.bash path/to/_sonde
bin=$(realpath "$1")
completion=$(realpath "$2")
zsh_completion=$(realpath "$3")
here=$(dirname "$(realpath "$0")")
source "$here/lib.sh"
cd "$tmp" || exit 1
# shellcheck source=/dev/null
source "$completion"

# complete WORD...: completes the last WORD of `sonde WORD...`, leaving the candidates in $got
# (one a line, sorted).
complete() {
	COMP_WORDS=("$bin" "$@")
	COMP_CWORD=$#
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_sonde
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
}

# expect NAME WANT WORD...: the candidates are exactly WANT (separated by |).
expect() {
	local name=$1 want
	want=$(tr '|' '\n' <<<"$2" | sort)
	shift 2
	complete "$@"
	[[ $got == "$want" ]] && pass || fail "$name: got '$(tr '\n' '|' <<<"$got")', want '$2'"
}

# expect_has NAME WANT WORD...: WANT is one of the candidates.
expect_has() {
	local name=$1 want=$2
	shift 2
	complete "$@"
	grep -qxF -- "$want" <<<"$got" && pass || fail "$name: '$want' not among '$(head -c 300 <<<"$got" | tr '\n' ' ')'"
}

# expect_all NAME PATTERN WORD...: there are candidates and every one matches the glob PATTERN.
expect_all() {
	local name=$1 pattern=$2 c
	shift 2
	complete "$@"
	[[ -n $got ]] || { fail "$name: no candidates"; return; }
	while IFS= read -r c; do
		# shellcheck disable=SC2053 # a glob on purpose
		[[ $c == $pattern ]] || { fail "$name: '$c' does not match '$pattern'"; return; }
	done <<<"$got"
	pass
}

# ---- options: exactly those -h lists ------------------------------------------------------------
help_options=$("$bin" -h | grep -E '^    -' | grep -oE '(^    |, )--?[A-Za-z][-A-Za-z]*' | sed 's/^[ ,]*//' | sort -u)
complete -
[[ $got == "$help_options" ]] && pass ||
	fail "'-' completes other options than -h lists: $(diff <(echo "$help_options") <(echo "$got") | tr '\n' ' ')"
expect "--he" "--help" --he
expect "--emit-" "--emit-elf|--emit-llvm" --emit-

# ---- option values ------------------------------------------------------------------------------
expect "-f" "text|json" -f ""
expect "-B" "line|full|none" -B ""
expect "--emit=" "ast|types|ir|asm|elf" --emit = ""
expect "--emit=a" "ast|asm" --emit = a
expect "--emit a" "ast|asm" --emit a
expect "-d list" "ast,codegen|ast,codegen-opt" -d ast,co
touch script.bt notes.txt
mkdir dir
expect "-o" "notes.txt" -o no
expect "-I" "dir" -I d
expect "script" "script.bt" scr
expect_has "-c" "sleep" -c slee
expect_has "-p" "$$" -p "$$"

# ---- probe types, and what -l lists without kernel access ----------------------------------------
expect "-l tr" "tracepoint:" -l tr
expect "-lv tr" "tracepoint:" -lv tr
expect "-l script" "script.bt" -l scr
expect "-e beg" "begin" -e beg
expect "-e be" "begin|bench:" -e be
expect "-l interval:" "hz:|ms:|s:|us:" -l interval :
expect "-l i:" "hz:|ms:|s:|us:" -l i :
expect "-l interval:m" "ms:" -l interval : m
# quoted: readline replaces everything after the quote, so candidates are whole
expect "-e 'interval:" "interval:hz:|interval:ms:|interval:s:|interval:us:" -e "'interval:"
expect "-e 'begin { } interval:m" "begin { } interval:ms:" -e "'begin { } interval:m"
expect "-e 'begin { pri" "" -e "'begin { pri"

# uprobe: the binary completes as a file, then its functions as -l lists them
bash_path=$(realpath "$(command -v bash)")
top=${bash_path#/}
top=/${top%%/*}   # /usr
expect_has "uprobe:directory" "$top/" -l uprobe : "${top%?}"
expect_has "uprobe:binary" "$bash_path:" -l uprobe : "${bash_path%?}"
func=$("$bin" -l "uprobe:$bash_path:*" 2>/dev/null | head -1)
func=${func##*:}
if [[ -n $func ]]; then
	expect_has "uprobe:binary:function" "$func" -l uprobe : "$bash_path" : "${func%?}"
	expect_has "'uprobe:binary:function" "uprobe:$bash_path:$func" -e "'uprobe:$bash_path:${func%?}"
else
	skip "sonde -l lists no function of $bash_path"
fi

# ---- tracepoints: need tracefs ------------------------------------------------------------------
if [[ $("$bin" -l tracepoint:sched:sched_switch 2>/dev/null) == tracepoint:sched:sched_switch ]]; then
	expect_all "-l tracepoint:sch" "sch*:" -l tracepoint : sch
	expect_has "-l tracepoint:sch" "sched:" -l tracepoint : sch
	expect_has "-l tracepoint:sched:sched_sw" "sched_switch" -l tracepoint : sched : sched_sw
	expect_has "-l t:sched:sched_sw" "sched_switch" -l t : sched : sched_sw
	expect_all "-e 'tracepoint:sch" "tracepoint:sch*" -e "'tracepoint:sch"
	grep -q '^tracepoint:sched:' <<<"$got" && pass || fail "-e 'tracepoint:sch: no tracepoint:sched: candidate"
	expect_has "-e 'begin { } tracepoint:..." "begin { } tracepoint:sched:sched_switch" \
		-e "'begin { } tracepoint:sched:sched_sw"
	expect_has "-e \"t:sched:sched_switc" "t:sched:sched_switch" -e '"t:sched:sched_switc'
else
	skip "tracepoint cases: sonde -l cannot list tracepoint:sched:sched_switch here (tracefs needs root)"
fi

# ---- zsh: TAB in a real shell; each case is "typed line<TAB>line after TAB" ----------------------
if command -v zsh >/dev/null && command -v python3 >/dev/null; then
	ln -s "$bin" "$tmp/sonde"   # the shell runs it as `sonde`, from PATH
	cases=(
		"sonde --emit=a"$'\t'"sonde --emit=as"
		"sonde -f j"$'\t'"sonde -f json "
		"sonde -l tr"$'\t'"sonde -l tracepoint:"
		"sonde -l i:m"$'\t'"sonde -l i:ms:"
		"sonde -e 'begin { } interval:m"$'\t'"sonde -e 'begin { } interval:ms:"
		"sonde -o no"$'\t'"sonde -o notes.txt "
	)
	if [[ $("$bin" -l tracepoint:sched:sched_switch 2>/dev/null) == tracepoint:sched:sched_switch ]]; then
		cases+=("sonde -lv t:sched:sched_swi"$'\t'"sonde -lv t:sched:sched_switch "
			"sonde -e 'begin { } tracepoint:sched:sched_swi"$'\t'"sonde -e 'begin { } tracepoint:sched:sched_switch")
	fi
	ran=0
	while IFS= read -r line; do
		case $line in
		PASS:*) pass ;;
		FAIL:*) fail "zsh: ${line#FAIL: }" ;;
		*) continue ;;
		esac
		ran=$((ran + 1))
	done < <(printf '%s\n' "${cases[@]}" | python3 "$here/zsh_complete.py" "$(dirname "$zsh_completion")" "$tmp" 2>&1)
	[[ $ran -eq ${#cases[@]} ]] || fail "zsh: $ran of ${#cases[@]} cases ran"
else
	skip "zsh completion: no zsh (or no python3) here (scripts/deps.sh installs them)"
fi

finish
