#!/usr/bin/env bash
# stdlib/kernel_objects.c's builtins in the VM lane (attach.tracing_helpers.vm.KERNEL), which need
# the BPF tracing program type: boots KERNEL once and runs SONDE inside on the calls of a child
# built here (a static svm_helpers, so no loader opens files first; a filter on its name keeps
# every other process out): path() of the file it creates under a temp dir, whole and cut to a
# literal size, on fentry and fexit; is_err() on its successful and its failing open;
# socket_cookie() of the socket it connects to 127.0.0.1 (the same cookie on entry and exit);
# skboutput() of the SYN it sends, read back from the pcap file; the verifier's refusal of bpf_d_path
# outside its allowlist, reported at each call; percpu_kaddr() on begin; and that nothing stays
# loaded. Skips (77) where the VM lane cannot run.
# usage: vm_test.sh SONDE KERNEL
source "$(dirname "$0")/../vm_lib.sh" "$@"

cc -O1 -static -o "$work/svm_helpers" "$(dirname "$0")/helpers_child.c" ||
	{ echo "SKIP: cannot build helpers_child.c statically"; exit 77; }
dir=$(realpath "$work")/files
mkdir -p "$dir"
child="$work/svm_helpers"
is_child='comm == "svm_helpers"'
marker=$dir/marker

check path_fentry 0 $'Attached 1 probe\n'"$marker"$'\n\n' '' \
	"'$sonde' -e 'fentry:security_file_open /$is_child/ { printf(\"%s\n\", path(args.file.f_path)); }' -c '$child open $dir'"
check path_fexit 0 $'Attached 1 probe\n'"$marker 0"$'\n\n' '' \
	"'$sonde' -e 'fexit:security_file_open /$is_child/ { printf(\"%s %d\n\", path(args.file.f_path), retval); }' -c '$child open $dir'"
# A name longer than the buffer keeps its tail: the last 15 bytes and the NUL.
check path_size 0 $'Attached 1 probe\n'"16 ${marker: -15}"$'\n\n' '' \
	"'$sonde' -e 'fentry:security_file_open /$is_child/ { \$p = path(args.file.f_path, 16); printf(\"%d %s\n\", sizeof(\$p), \$p); }' -c '$child open $dir'"
# marker/x: marker is a file, so ENOTDIR.
check is_err 0 $'Attached 1 probe\nopened\nis_err: -20\n\n' '' \
	"'$sonde' -e 'fexit:do_filp_open /$is_child/ { if (is_err(retval)) { printf(\"is_err: %ld\n\", (int64)retval); exit(); } printf(\"opened\n\"); }' -c '$child fail $dir'"
# skboutput(): the SYN the child sends on lo, its 14-byte Ethernet header left out, so the pcap's
# first packet (after the 24-byte file header and the 16-byte record header) starts with IPv4's
# 0x45 and carries TCP (protocol 6).
check skboutput 0 $'Attached 1 probe\nret: 0\n\n\n45 06 101' '' \
	"'$sonde' -e 'fentry:__dev_queue_xmit /$is_child/ { \$r = skboutput(\"$work/syn.pcap\", args.skb, args.skb.len, 14); printf(\"ret: %d\\n\", \$r); exit(); }' -c '$child connect 9' && od -A n -t u4 -j 20 -N 4 '$work/syn.pcap' | tr -d ' ' >'$work/link' && od -A n -t x1 -j 40 -N 10 '$work/syn.pcap' | awk -v l=\$(cat '$work/link') '{ print \$1, \$10, l }'"
check socket_cookie 0 $'Attached 2 probes\nnonzero 1 same 1\n\n' '' \
	"'$sonde' -e 'fentry:tcp_v4_connect /$is_child/ { @c = socket_cookie(args.sk); }
	fexit:tcp_v4_connect /$is_child/ { printf(\"nonzero %d same %d\n\", @c != 0, socket_cookie(args.sk) == @c); delete(@c); exit(); }' -c '$child connect 9'"
# vfs_read is not in the kernel's bpf_d_path allowlist: the error names each call of the helper.
prog='fentry:vfs_read { print("a"); print(path(args.file.f_path)); print("b"); }'
check path_not_allowed 1 '' "stdin:1:37-59: ERROR: helper bpf_d_path not allowed in probe
$prog
                                    ~~~~~~~~~~~~~~~~~~~~~~" \
	"'$sonde' -e '$prog'"
prog='fentry:vfs_read { $a = path(args.file.f_path); $b = path(args.file.f_path, 8); }'
check path_not_allowed_each_call 1 '' "stdin:1:24-46: ERROR: helper bpf_d_path not allowed in probe
$prog
                       ~~~~~~~~~~~~~~~~~~~~~~
stdin:1:53-78: ERROR: helper bpf_d_path not allowed in probe
$prog
                                                    ~~~~~~~~~~~~~~~~~~~~~~~~~" \
	"'$sonde' -e '$prog'"

# percpu_kaddr(): the current CPU's copy is the one cpu names; a struct read through CPU 0's copy
# (the run queue knows its CPU); NULL past the last CPU. Debian's kernels list data symbols in
# kallsyms, which the verifier resolves the variable's BTF id through.
check percpu_this_cpu 0 $'Attached 1 probe\nsame\n\n' '' \
	"'$sonde' -e 'begin { if (*percpu_kaddr(\"process_counts\") == *percpu_kaddr(\"process_counts\", cpu)) { printf(\"same\\n\"); } exit(); }'"
check percpu_struct 0 $'Attached 1 probe\nrq of cpu 0\n\n' '' \
	"'$sonde' -e 'begin { \$rq = (struct rq *)percpu_kaddr(\"runqueues\", 0); if (\$rq != 0) { printf(\"rq of cpu %d\\n\", \$rq.cpu); } exit(); }'"
check percpu_past_last_cpu 0 $'Attached 1 probe\ntrue\n\n' '' \
	"'$sonde' -e 'begin { print(percpu_kaddr(\"process_counts\", 4096) == 0); exit(); }'"
run_batch
