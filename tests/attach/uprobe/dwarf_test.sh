#!/usr/bin/env bash
# runtime/dwarf.c through the uprobe record (runtime/attach/uprobe.c) end to end, on a program built here with -g
# (dwarf_prog.c): -lv lists a function's parameters with their C types; args.NAME reads ints, a
# char, a pointer, struct fields (a string, an array, a pointer to another struct); a cast to a
# struct the binary defines; a probe on a source line; a stripped copy whose debug info lives
# apart, found with --debuginfo; and the error when a binary has no debug info.
# Usage: dwarf_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"
src="$(dirname "$0")/dwarf_prog.c"
build dwarf_prog "$src" -g
prog=$tmp/dwarf_prog
command -v objcopy >/dev/null || { echo "SKIP: no objcopy (binutils) to split debug info"; exit 77; }
mkdir -p "$tmp/debug"
objcopy --only-keep-debug "$prog" "$tmp/debug/dwarf_prog.debug"
objcopy --strip-debug --add-gnu-debuglink="$tmp/debug/dwarf_prog.debug" "$prog" "$tmp/stripped"

# expect_child NAME PROGRAM EXPECTED-OUTPUT [BINARY [SONDE-ARGS...]]: PROGRAM run with -c BINARY.
expect_child() {
	local name=$1 script=$2 want=$3 binary=${4:-$prog}
	shift 4 2>/dev/null || shift $#
	run "$script" -c "$binary" "$@"
	verdict "$name" "$want" "$got" "$rc"
}

# ---- listing ---------------------------------------------------------------------------------
got=$(timeout 20 "$bin" -lv "uprobe:$prog:sonde_*" 2>&1)
verdict "-lv lists parameters with their C types" "uprobe:$prog:sonde_scalars
    int n
    char c
    int* p
uprobe:$prog:sonde_shape_area
    struct sonde_shape* s
    const char* label" "$got" 0

# ---- args ------------------------------------------------------------------------------------
expect_child "args of scalar and pointer types" \
	"uprobe:$prog:sonde_scalars { printf(\"%d %c %d\\n\", args.n, args.c, *args.p); }" "42 x 13"
expect_child "args struct fields: int, string, array element, pointer to a struct" \
	"uprobe:$prog:sonde_shape_area { printf(\"%d %s %d %d %s\\n\", args.s->id, args.s->name, args.s->sides[2], args.s->origin->y, str(args.label)); }" \
	"77 triangle 5 -5 label"
expect_child "args struct array printed whole" "uprobe:$prog:sonde_shape_area { print(args.s->sides); }" "[3,4,5]"
expect_child "args as a pointer (args->name)" "uprobe:$prog:sonde_scalars { print(args->n); }" "42"
expect_child "cast to a struct the binary's DWARF defines" \
	"uprobe:$prog:sonde_shape_area { print(((struct sonde_shape *)arg0)->origin->x); }" "4"
expect_child "the script's own struct overrides the binary's" \
	"struct sonde_shape { int ident; } uprobe:$prog:sonde_shape_area { print(((struct sonde_shape *)arg0)->ident); }" "77"

# ---- source lines ----------------------------------------------------------------------------
# The line of sonde_shape_area's opening brace is its first instruction (gcc's line table), where
# the function's own probe is.
line=$(($(grep -n '^__attribute__((noinline)) int sonde_shape_area' "$src" | cut -d: -f1) + 1))
expect_child "uprobe on a source line" \
	"uprobe:$prog@dwarf_prog.c:$line { @line = reg(\"ip\"); } uprobe:$prog:sonde_shape_area { print(reg(\"ip\") == @line); clear(@line); }" "true"

# ---- debug info apart ------------------------------------------------------------------------
got=$(timeout 20 "$bin" -lv "uprobe:$tmp/stripped:sonde_scalars" --debuginfo "$tmp/debug" 2>&1)
verdict "stripped binary: -lv with --debuginfo" "uprobe:$tmp/stripped:sonde_scalars
    int n
    char c
    int* p" "$got" 0
expect_child "stripped binary: args with --debuginfo" \
	"uprobe:$tmp/stripped:sonde_scalars { printf(\"%d\\n\", args.n); }" "42" "$tmp/stripped" --debuginfo "$tmp/debug"
p="uprobe:$tmp/stripped:sonde_scalars { print(args.n); }"
expect "stripped binary without its debug info" "$p" \
	"stdin:1:1-$((${#tmp} + 31)): ERROR: No debuginfo found for $tmp/stripped"$'\n'"$p"$'\n'"$(printf '%*s' $((${#tmp} + 30)) '' | tr ' ' '~')" 1

finish
