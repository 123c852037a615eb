#!/usr/bin/env bash
# C types end to end: struct/union/enum definitions in scripts (libclang), kernel types from BTF
# (curtask, casts, sizeof/offsetof), field reads through pointers with probe_read, bitfields,
# anonymous members, enum constants and #define constants. Uprobes target a program built here.
# Usage: struct_test.sh path/to/sonde. Needs root, BPF and a C compiler; exits 77 (skip) otherwise.
source "$(dirname "$0")/lib.sh" "$1"
source "$lib_dir/expect.sh"   # expect(); run() below is this script's own
cc=$(command -v cc || command -v gcc || command -v clang) || { echo "SKIP: no C compiler"; exit 77; }

cat >"$tmp/prog.c" <<'C'
#include <unistd.h>
struct Inner { int x; char tag[8]; };
struct Foo {
	int a;
	struct Inner in;
	struct Inner *next;
	unsigned int lo : 3, hi : 5;
	union { long l; char b[8]; };
};
struct Arr { int x[4]; unsigned char y[4]; int n; int tail[]; };
__attribute__((noipa)) int func(struct Foo *f) { return f->a; }
__attribute__((noipa)) int arrays(struct Arr *a, struct Arr *b) { return a->n + b->n; }
int main(void)
{
	struct Inner n = {77, "next"};
	struct Foo f = {.a = 2, .in = {3, "inner"}, .next = &n, .lo = 5, .hi = 17, .l = -9};
	static struct { struct Arr a; int more[3]; } arr = {{{1, 2, 3, 4}, {0xaa, 0xbb, 0xcc, 0xdd}, 3}, {7, 8, 9}};
	static struct Arr other = {{1, 2, 3, 5}};
	usleep(300000);   /* the tracer attaches first */
	arrays(&arr.a, &other);
	return func(&f) == 2 ? 0 : 1;
}
C
"$cc" -O1 -g -o "$tmp/prog" "$tmp/prog.c" || { echo "SKIP: cannot build the test program"; exit 77; }

# run PROGRAM: output of sonde -q (blank lines dropped) into $got, status into $rc; runs the test
# program once the probes are attached.
run() {
	local prog=$1
	got=$(timeout 20 "$bin" -q -c "$tmp/prog" -e "$prog" 2>&1 | grep -v '^$')
	rc=${PIPESTATUS[0]}
}


# expect_re NAME PROGRAM ERE: some output line matches the whole of ERE.
expect_re() {
	local name=$1 prog=$2 re=$3
	got=$(timeout 20 "$bin" -q -e "$prog" 2>&1 | grep -v '^$')
	rc=${PIPESTATUS[0]}
	if [[ $rc -ne 0 ]]; then
		fail "$name: exit status $rc: $(head -c 300 <<<"$got")"
	elif ! grep -Eq "^($re)\$" <<<"$got"; then
		fail "$name: no line matches /$re/ in: $(head -c 300 <<<"$got")"
	else
		pass
	fi
}

# The first argument: arg0, or (before sonde had arg0) the x86-64 register through a BTF cast.
have_arg0=1 a0=arg0
if ! "$bin" -q --emit=types -e "uprobe:$tmp/prog:func { \$x = arg0; }" >/dev/null 2>&1; then
	if [[ $(uname -m) == x86_64 ]]; then a0='((struct pt_regs *)ctx)->di'; else have_arg0=0; fi
fi
[[ $have_arg0 -eq 1 ]] || echo "note: arg0 is not available, uprobe cases skipped"

defs='struct Inner { int x; char tag[8]; }
struct Foo { int a; struct Inner in; struct Inner *next; unsigned int lo:3, hi:5; union { long l; char b[8]; }; }'
probe="uprobe:$tmp/prog:func"

[[ $have_arg0 -eq 0 ]] || expect "fields through a pointer" "$defs $probe { \$f = (struct Foo *)$a0;
	printf(\"%d %d %s %d %s\\n\", \$f->a, \$f.in.x, \$f->in.tag, \$f->next->x, \$f->next->tag); exit(); }" \
	"2 3 inner 77 next"
# A char array its text fills (no NUL: Foo's in as a T) prints whole, without the trailer of a string cut short.
[[ $have_arg0 -eq 0 ]] || expect "a full char array" "struct T { int x; char s[5]; } $probe { \$t = (struct T *)($a0 + 4);
	\$s = \$t->s; printf(\"%s %s\\n\", \$s, \$t->s); exit(); }" "inner inner"
[[ $have_arg0 -eq 0 ]] || expect "bitfields and anonymous union" "$defs $probe { \$f = (struct Foo *)$a0;
	printf(\"%d %d %d\\n\", \$f->lo, \$f->hi, \$f->l); exit(); }" "5 17 -9"
[[ $have_arg0 -eq 0 ]] || expect "struct value fields" "$defs $probe { \$s = *((struct Foo *)$a0); printf(\"%d %d\\n\", \$s.a, \$s.in.x); exit(); }" "2 3"
[[ $have_arg0 -eq 0 ]] || expect "struct into a map" "struct Bar { int a; int b; } $probe { @s = *((struct Bar *)$a0); exit(); }" \
	"@s: { .a = 2, .b = 3 }"
adefs='struct Arr { int x[4]; uint8_t y[4]; int n; int tail[0]; }'
aprobe="uprobe:$tmp/prog:arrays"
[[ $have_arg0 -eq 0 ]] || expect "array compare" "$adefs $aprobe { \$a = (struct Arr *)arg0; \$b = (struct Arr *)arg1;
	printf(\"%d %d %d\\n\", \$a.x == \$a.x, \$a.x == \$b.x, \$a.x != \$b.x); exit(); }" "1 0 1"
[[ $have_arg0 -eq 0 ]] || expect "array as integer, flexible array member" "$adefs $aprobe { \$a = (struct Arr *)arg0;
	printf(\"%x %d %d\\n\", (uint32)\$a.y, \$a.tail[1], \$a.x[3]); exit(); }" "ddccbbaa 8 4"
[[ $have_arg0 -eq 0 ]] || expect "array index out of bounds at run time" "$adefs $aprobe { \$i = (uint64)9; \$a = (struct Arr *)arg0;
	printf(\"%d\\n\", \$a.x[\$i] > -1000000000000); exit(); }" "stdin:2:17-25: WARNING: Array access out of bounds. This can lead to unexpected results.
	printf(\"%d\\n\", \$a.x[\$i] > -1000000000000); exit(); }
	               ~~~~~~~~
1"
expect "array index out of bounds" "struct S { int x[4]; } begin { \$s = (struct S *)0; \$v = \$s.x[4]; print(\$v); }" \
	"stdin:1:57-64: ERROR: the index 4 is out of bounds for array of size 4
struct S { int x[4]; } begin { \$s = (struct S *)0; \$v = \$s.x[4]; print(\$v); }
                                                        ~~~~~~~" 1
expect "pton as an integer" 'begin { printf("%x\n", (uint32)pton("127.0.0.1")); exit(); }' "100007f"
expect "sizeof and offsetof" "$defs begin { printf(\"%d %d %d %d\\n\", sizeof(struct Foo), sizeof(struct Inner),
	offsetof(struct Foo, in.tag), offsetof(struct Foo, next)); exit(); }" "40 12 8 16"
expect "packed" "struct P { int x; char y; int z; } __attribute__((packed)) begin { print(sizeof(struct P)); exit(); }" "9"
expect "enum constants" "enum E { A = 1, B, C = 10 }; begin { printf(\"%d %d %d %d\\n\", A, B, C, (enum E)2); exit(); }" \
	"1 2 10 2"
expect "define" "#define LIMIT 314
begin { printf(\"%d\\n\", LIMIT); exit(); }" "314"
expect "bitfield from the stack" "struct bf { unsigned long long x_0:1; unsigned long long x_1:1; unsigned long long x_2:2; }
	begin { \$v = (uint64)0x1e; \$f = *(struct bf *)(&\$v); printf(\"%d %d %d\\n\", \$f.x_0, \$f.x_1, \$f.x_2); exit(); }" "0 1 3"
# A float or double has no arithmetic and prints as null, as bpftrace's "none" type.
expect "float fields print as null" "struct F { int a; float f; } begin { \$v = (uint64)7; \$f = *(struct F *)(&\$v); print(\$f); exit(); }" \
	"{ .a = 7, .f = null }"
expect "float arithmetic is refused" "struct F { float f; } begin { \$p = (struct F *)0; \$x = \$p->f + 1; exit(); }" \
	"stdin:1:56-65: ERROR: Type mismatch for '+': comparing 'none' with 'int8'
struct F { float f; } begin { \$p = (struct F *)0; \$x = \$p->f + 1; exit(); }
                                                       ~~~~~~~~~" 1
expect "clang error is located" "struct S { struct nosuch x; } begin { exit(); }" \
	"stdin:1:26-27: ERROR: field has incomplete type 'struct nosuch'
struct S { struct nosuch x; } begin { exit(); }
                         ~" 1

if [[ -r /sys/kernel/btf/vmlinux ]]; then
	expect_re "curtask fields" 'begin { printf("%d %d %s\n", curtask->pid == pid, curtask.real_parent->tgid > 0, curtask->comm); exit(); }' \
		'1 1 sonde'
	expect_re "btf sizeof/offsetof" 'begin { printf("%d %d %d\n", sizeof(struct task_struct) > 1000, offsetof(struct task_struct, pid) > 0, sizeof(BTF_VAR_STATIC)); exit(); }' \
		'1 1 8'
	expect_re "btf cast and typedefs" 'begin { $t = (struct task_struct *)curtask; printf("%d %d\n", $t.tgid == pid, sizeof(u64)); exit(); }' '1 8'
	expect_re "script struct redefines a kernel one" 'struct task_struct { int x; } begin { printf("%d\n", curtask.x); exit(); }' '-?[0-9]+'
	# An integer dereferenced is an address: the uint64 there is read (kernel memory here).
	expect_re "dereference of an integer" 'begin { $a = (uint64)curtask; $v = *($a + offsetof(struct task_struct, pid));
		print(($v & 0xffffffff) == pid); exit(); }' 'true'
	# Scripts written for kernels without BTF include headers only where it is not defined.
	expect_re "BPFTRACE_HAVE_BTF is defined" $'#ifndef BPFTRACE_HAVE_BTF\n#include <net/sock.h>\n#else\nstruct S { int a; struct path p; };\n#endif\nbegin { printf("%d\\n", sizeof(struct S)); exit(); }' '24'
	expect_re "script struct embeds a kernel one" 'struct foo { struct task_struct t; int after; } begin { printf("%d\n", offsetof(struct foo, after) >= sizeof(struct task_struct)); exit(); }' '1'
else
	echo "note: no kernel BTF, BTF cases skipped"
fi

# Kernel headers where bpftrace finds them: a tree named by BPFTRACE_KERNEL_SOURCE (generated headers
# under BPFTRACE_KERNEL_BUILD), with the kernel's include path, kconfig.h and __KERNEL__.
mkdir -p "$tmp/ksrc/include/linux" "$tmp/kobj/include/generated/uapi/linux"
cat >"$tmp/ksrc/include/linux/sonde_probe.h" <<'H'
#include <linux/sonde_gen.h>
#ifndef __KERNEL__
#error not compiled as the kernel is
#endif
struct sonde_kobj { int a; long b; char name[SONDE_GEN_LEN]; };
H
echo '#define SONDE_GEN_LEN 24' >"$tmp/kobj/include/generated/uapi/linux/sonde_gen.h"
echo '#define CONFIG_SONDE_TEST 7' >"$tmp/ksrc/include/linux/kconfig.h"
kprog=$'#include <linux/sonde_probe.h>\nbegin { print((sizeof(struct sonde_kobj), CONFIG_SONDE_TEST)); exit(); }'
got=$(BPFTRACE_KERNEL_SOURCE=$tmp/ksrc BPFTRACE_KERNEL_BUILD=$tmp/kobj "$bin" -q -e "$kprog" 2>&1 | grep -v '^$')
verdict "kernel headers from BPFTRACE_KERNEL_SOURCE and _BUILD" "(40, 7)" "$got"
# refuse NAME PATTERN ENV...: sonde with that environment fails, saying PATTERN.
refuse() {
	local name=$1 pattern=$2 prog=$3 rc=0
	shift 3
	env "$@" "$bin" -q -e "$prog" >"$tmp/out" 2>&1 || rc=$?
	if [[ $rc -eq 0 ]]; then fail "$name: exit status 0"
	elif ! grep -qE -- "$pattern" "$tmp/out"; then fail "$name: wrong error: $(head -c 300 "$tmp/out")"
	else pass; fi
}
refuse "BPFTRACE_KERNEL_BUILD defaults to the source tree" "linux/sonde_gen.h' file not found" "$kprog" \
	BPFTRACE_KERNEL_SOURCE="$tmp/ksrc"
refuse "BPFTRACE_BTF names the BTF file" "^ERROR: BPFTRACE_BTF=$tmp/none: cannot read BTF: No such file" \
	'begin { print(curtask->pid); exit(); }' BPFTRACE_BTF="$tmp/none"

finish
