#!/usr/bin/env bash
# `import` end to end: .bt files (macros and probes merged in), .h files (types), directories,
# the search beside the script then in -I directories, nested and repeated imports, and the
# errors: a missing path, a world-writable directory, `config` inside an import, an unknown file
# type, and diagnostics that point into the imported file.
# Usage: import_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/lib.sh" "$1"

d=$tmp/scripts
mkdir -p "$d/lib" "$d/inc"
chmod 755 "$d" "$d/lib" "$d/inc"
cat >"$d/lib/greet.bt" <<'BT'
import "more.bt";
macro greet(x) { printf("hello %d\n", x + one()); }
begin { printf("imported begin\n"); }
BT
cat >"$d/lib/more.bt" <<'BT'
macro one() { 1 }
BT
cat >"$d/lib/point.h" <<'H'
struct point { int x; long y; };
H
cat >"$d/main.bt" <<'BT'
import "lib";
import "lib/greet.bt";
begin { greet(41); print(sizeof(struct point)); exit(); }
BT

# run NAME WANT ARGS...: sonde's stdout must be WANT.
run() {
	local name=$1 want=$2 got
	shift 2
	got=$("$bin" -q "$@" 2>"$tmp/err") || { fail "$name: failed: $(head -c 400 "$tmp/err")"; return; }
	verdict "$name" "$want" "$got"
}
# refuse NAME PATTERN ARGS...: sonde must fail with an error matching PATTERN.
refuse() {
	local name=$1 pattern=$2
	shift 2
	if "$bin" -q "$@" >"$tmp/out" 2>&1; then
		fail "$name: exit status 0"
	elif ! grep -qE -- "$pattern" "$tmp/out"; then
		fail "$name: wrong error: $(head -c 400 "$tmp/out")"
	else
		pass
	fi
}

# A directory and one of its files imported again: each file comes in once.
run "directory, nested and repeated imports" $'imported begin\nhello 42\n16' "$d/main.bt"
# -e resolves beside the current directory; -I directories are searched after it.
run "-I directory" $'imported begin\nhello 2' -I "$d/lib" -e 'import "greet.bt"; begin { greet(1); exit(); }'
(cd "$d" && run "-e beside the current directory" '16' -e 'import "lib/point.h"; begin { print(sizeof(struct point)); exit(); }')

refuse "missing import" '^stdin:1:1-17: ERROR: Unable to find suitable path for import \(checked: \./nope\.bt' \
	-e 'import "nope.bt"; begin { exit(); }'
cp -r "$d/lib" "$d/open"
chmod 777 "$d/open"
refuse "world-writable directory" 'ERROR: cowardly refusing to import from a directory with global write permissions' \
	-e "import \"$d/open/more.bt\"; begin { exit(); }"
printf 'config = { max_map_keys = 3 }\n' >"$d/inc/conf.bt"
refuse "config inside an import" "^$d/inc/conf.bt:1:1-30: ERROR: invalid \`config\` within import" \
	-e "import \"$d/inc/conf.bt\"; begin { exit(); }"
printf 'int x;\n' >"$d/inc/x.txt"
refuse "unknown import type" 'ERROR: unknown import type: "x.txt"' -e "import \"$d/inc/x.txt\"; begin { exit(); }"
printf 'macro bad(x) { x + "s" }\n' >"$d/inc/bad.bt"
refuse "an error inside an imported macro names its file" "^$d/inc/bad.bt:1:16-23: ERROR: Type mismatch" \
	-e "import \"$d/inc/bad.bt\"; begin { print(bad(1)); exit(); }"
printf 'begin {\n' >"$d/inc/broken.bt"
refuse "a syntax error inside an import names its file" "^$d/inc/broken.bt:1:8-9: ERROR: syntax error" \
	-e "import \"$d/inc/broken.bt\"; begin { exit(); }"

refuse "import inside a probe" "^stdin:1:9-21: ERROR: import is only supported at the top level" -e 'begin { import "x.h"; }'

finish
