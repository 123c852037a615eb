#!/usr/bin/env bash
# runtime/attach/uprobe.c's probe types end to end: uprobe and uretprobe on a child process's
# functions (by path, through PATH, wildcards, an address, +0, a library), counted exactly, and
# the placement errors (an offset outside the function, an address outside any, a mid-function
# offset without --unsafe, a symbol of size 0, a flat file); uaddr() of globals in a PIE and a
# non-PIE build.
# Usage: uprobe_test.sh path/to/sonde. Needs root and BPF; exits 77 (skip) saying why otherwise.
source "$(dirname "$0")/../../e2e/lib.sh" "$1"
source "$lib_dir/expect.sh"
build sonde_e2e_child "$lib_dir/child.c"
child=$tmp/sonde_e2e_child

# expect_child NAME PROGRAM EXPECTED-OUTPUT: run PROGRAM with `-c 'child 5'` (5 calls of
# sonde_child_add, then one of sonde_child_six).
expect_child() {
	run "$2" -c "$child 5"
	verdict "$1" "$3" "$got" "$rc"
}

# ---- uaddr: globals of the binary, typed by size; a PIE is relocated at run time ---------------
build sonde_child_nopie "$lib_dir/child.c" -no-pie -fno-pie
for c in "$child" "$tmp/sonde_child_nopie"; do
	run "uprobe:$c:sonde_child_six { printf(\"%x %lx %d\\n\", *uaddr(\"sonde_child_short\"), *uaddr(\"sonde_child_long\"),
		sizeof(*uaddr(\"sonde_child_short\"))); exit(); }" -c "$c 1"
	verdict "uaddr in $(basename "$c")" "1234 1122334455667788 2" "$got" "$rc"
done
expect "uaddr of a missing symbol" "uprobe:$child:sonde_child_six { print(*uaddr(\"sonde_no_such\")); }" \
	"stdin:1:$((${#child} + 34))-$((${#child} + 56)): ERROR: Could not resolve symbol: $child:sonde_no_such
uprobe:$child:sonde_child_six { print(*uaddr(\"sonde_no_such\")); }
$(printf '%*s' $((${#child} + 33)) '')~~~~~~~~~~~~~~~~~~~~~~" 1

# ---- attaching ---------------------------------------------------------------------------------
expect_child "uprobe and uretprobe" "uprobe:$child:sonde_child_add { @[probe] = count(); }
uretprobe:$child:sonde_child_add { @r[probe] = count(); }" \
	"@[uprobe:$child:sonde_child_add]: 5"$'\n'"@r[uretprobe:$child:sonde_child_add]: 5"
PATH=$tmp:$PATH run "uprobe:sonde_e2e_child:sonde_child_add { @[probe] = count(); }" -c "$child 5"
verdict "uprobe found through PATH" "@[uprobe:$child:sonde_child_add]: 5" "$got" "$rc"
expect_child "wildcard" "uprobe:$child:sonde_child_* { @ = count(); }" "@: 6"
expect_child "wildcard, probe names each function" "uprobe:$child:sonde_child_* { @[probe] = count(); }" \
	"@[uprobe:$child:sonde_child_six]: 1"$'\n'"@[uprobe:$child:sonde_child_add]: 5"
addr=$(nm "$child" | awk '$3 == "sonde_child_add" { print $1 }')
expect_child "uprobe at an address" "uprobe:$child:0x$addr { @ = count(); }" "@: 5"
expect_child "uprobe at +0" "uprobe:$child:sonde_child_add+0 { @ = count(); }" "@: 5"
expect_child "uprobe in a library" 'uprobe:libc:getppid /comm == "sonde_e2e_child"/ { @ = count(); }' "@: 5"

# ---- placement -----------------------------------------------------------------------------------
sh_bin=$(command -v bash)
run "uprobe:$sh_bin:echo_builtin+1000000 { exit(); }"
[[ $rc -eq 1 && $got == *"ERROR: Offset outside the function bounds ('echo_builtin' size is "* ]] && pass ||
	fail "uprobe offset outside: $got"
expect "uprobe address outside any function" "uprobe:$sh_bin:10 { exit(); }" "ERROR: Could not resolve address: $sh_bin:0xa" 1
run "uprobe:$sh_bin:echo_builtin+1 { exit(); }"
[[ $rc -eq 1 && $got == *"Use --unsafe to force attachment." ]] && pass || fail "uprobe mid-function offset: $got"

expect "uprobe on a symbol of size 0 needs --unsafe" "uprobe:$child:_init { }" \
	"ERROR: Could not determine boundary for _init (symbol has size 0).
Use --unsafe to force attachment. WARNING: This option could lead to data corruption in the target process." 1
printf '\x90\x90\xc3' >"$tmp/flat.bin"
expect "uprobe on a flat (non-ELF) file needs --unsafe" "uprobe:$tmp/flat.bin:0x0 { }" \
	"ERROR: $tmp/flat.bin is not an ELF file: a uprobe at its offset 0x0 needs --unsafe" 1

# A library function with two symbol versions (glibc 2.34 moved pthread_create into libc and
# kept the old version too): sonde finds its offset itself.
cat >"$tmp/threads.c" <<'C'
#include <pthread.h>
static void *run(void *arg) { return arg; }
int main(void)
{
	for (int i = 0; i < 3; i++) {
		pthread_t t;
		pthread_create(&t, 0, run, 0);
		pthread_join(t, 0);
	}
	return 0;
}
C
build sonde_threads "$tmp/threads.c" -pthread
libc=$(ldd "$tmp/sonde_threads" | awk '/libc.so/ { print $3 }')
if [[ $(nm -D "$libc" 2>/dev/null) == *"pthread_create@GLIBC_2.2.5"* ]]; then
	got=$(timeout 20 "$bin" -q -e "uprobe:$libc:pthread_create /comm == \"sonde_threads\"/ { @ = count(); }" \
		-c "$tmp/sonde_threads" 2>&1 | grep -v '^$')
	verdict "uprobe on a versioned libc symbol" "@: 3" "$got"
else
	echo "SKIP: uprobe on a versioned libc symbol: $libc has no pthread_create@GLIBC_2.2.5"
fi

# libpthread.so.0 is a stub since glibc 2.34: a miss there says the function is in libc now,
# and missing_probes = "warn" lets the rest of the script run.
pthread=$(ldconfig -p 2>/dev/null | awk '/libpthread.so.0 .*x86-64/ { print $NF; exit }')
if [[ -n $pthread && -n $libc && $(nm -D "$pthread" 2>/dev/null) != *" T pthread_mutex_lock"* ]]; then
	expect "uprobe on a function moved out of libpthread" "uprobe:$pthread:pthread_mutex_lock { }" \
		"stdin:1:1-$((${#pthread} + 27)): ERROR: No matches for uprobe $pthread:pthread_mutex_lock. pthread_mutex_lock is not in $pthread but in $libc, which it loads
uprobe:$pthread:pthread_mutex_lock { }
$(printf '%*s' $((${#pthread} + 26)) '' | tr ' ' '~')" 1
	got=$(timeout 20 "$bin" -q -e "config = { missing_probes = \"warn\" } uprobe:$pthread:pthread_mutex_lock { } begin { print(1); exit(); }" 2>/dev/null | grep -v '^$')
	verdict "missing_probes warn runs the rest" "1" "$got"
else
	echo "SKIP: uprobe on a function moved out of libpthread: no libpthread.so.0 stub here"
fi

# Two functions of one binary share one uprobe_multi link where the kernel has them, and get one
# link each with --no-feature uprobe_multi (bpftool names the link type, or gives its number, 12).
if [[ -n $(type -P bpftool) && $(printf "6.6\n%s\n" "$(uname -r)" | sort -V | head -1) == 6.6 ]]; then
	printf '#!/bin/sh\nbpftool link show | grep -cE "uprobe_multi|type 12"\n' >"$tmp/links.sh"
	chmod +x "$tmp/links.sh"
	count="system(\"$tmp/links.sh\"); exit();"
	for flag in "" "--no-feature uprobe_multi"; do
		# shellcheck disable=SC2086 # FLAG is split on purpose
		got=$(timeout 20 "$bin" -q --unsafe $flag -e "uprobe:$child:sonde_child_add,uprobe:$child:sonde_child_six { }
			interval:ms:200 { $count }" 2>&1 | grep -v '^$')
		verdict "uprobe_multi links${flag:+ with $flag}" "$([[ -z $flag ]] && echo 1 || echo 0)" "$got"
	done
else
	echo "SKIP: uprobe_multi links: no bpftool, or a kernel before 6.6"
fi

finish
