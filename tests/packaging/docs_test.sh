#!/usr/bin/env bash
# The generated man page against the code it documents: it renders without groff warnings, and
# it names every option -h prints, every probe type and alias the runtime's providers accept
# (runtime/attach/*.c, runtime/provider.c), every config variable sema/config.c knows and every
# environment variable the sources read. Each documented probe type is one sonde accepts.
# Usage: docs_test.sh SOURCE_DIR path/to/sonde.1 path/to/sonde
src=$(realpath "$1")
page=$(realpath "$2")
bin=$(realpath "$3")
source "$(dirname "$0")/lib.sh"

if command -v groff >/dev/null; then
	warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>&1)
	[[ -z $warnings ]] && pass || fail "groff warns: $(head -5 <<<"$warnings")"
	text=$(LC_ALL=C groff -man -Tascii -P -cbou "$page" 2>/dev/null)
else
	skip "groff warnings: no groff here (scripts/deps.sh installs groff-base)"
	text=$(sed 's/\\f[BIR]//g; s/\\-/-/g' "$page")   # good enough to look words up
fi

# documents WHAT WORD...: each WORD appears in the page as a word of its own.
documents() {
	local what=$1 word
	shift
	for word in "$@"; do
		grep -qE -- "(^|[^-_A-Za-z0-9])$word([^-_A-Za-z0-9]|$)" <<<"$text" && pass ||
			fail "the man page does not document $what $word"
	done
}

# ---- options --------------------------------------------------------------------------------------
mapfile -t options < <("$bin" -h | grep -E '^    -' | grep -oE '(^    |, )--?[A-Za-z][-A-Za-z]*' |
	sed 's/^[ ,]*//')
documents option "${options[@]}"

# ---- probe types: the page is written from the runtime's records; each name and alias it gives
# must be one sonde accepts, and every type -l knows must be on the page ----------------------------
section=$(awk '/^The probe types are:/ { on = 1; next } /^\.SH/ { on = 0 } on' "$page")
runtime_types=$(awk 'prev == ".TP" { sub(/^\\fB/, ""); sub(/[^a-z].*/, ""); print } { prev = $0 }' <<<"$section"
	grep -oE 'Also written .*' <<<"$section" | grep -oE '\\fB[A-Za-z]+' | sed 's/\\fB//')
[[ $(wc -w <<<"$runtime_types") -ge 20 ]] && pass || fail "probe types: only $(wc -w <<<"$runtime_types") names on the page"
mapfile -t types < <(sort -u <<<"$runtime_types")
documents "probe type" "${types[@]}"
for type in "${types[@]}"; do
	err=$("$bin" --emit=types -e "$type:x { }" 2>&1 >/dev/null)
	[[ $err != *"Invalid probe type"* ]] && pass || fail "sonde refuses documented probe type $type: $err"
done

# ---- config and environment variables -------------------------------------------------------------
# Every quoted word of sema/config.c's known_keys, renamed and env_only tables.
mapfile -t keys < <(awk '/^static const .*(known_keys|renamed|env_only)\[\]/ { on = 1 } on { print } on && /};/ { on = 0 }' \
	"$src/sema/config.c" | grep -oE '"[a-z_]+"' | tr -d '"' | sort -u)
[[ ${#keys[@]} -gt 20 ]] && pass || fail "found only ${#keys[@]} config keys in sema/config.c"
documents "config variable" "${keys[@]}"
# The environment variables the sources read by name (not the harness's __BPFTRACE_ ones).
mapfile -t envs < <(grep -rhoE 'getenv\("[A-Z][A-Z_]*"\)' "$src"/{cli,parser,sema,codegen,runtime,stdlib} |
	grep -oE '"[^"]+"' | tr -d '"' | sort -u)
[[ ${#envs[@]} -gt 0 ]] && pass || fail "found no getenv calls"
documents "environment variable" "${envs[@]}"

finish
