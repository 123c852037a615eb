#!/usr/bin/env bash
# runtime/attach/fentry.c's probe types in the VM lane (attach.fentry.vm.KERNEL): boots KERNEL
# once and runs SONDE inside on real kernel calls: fentry and fexit on vfs_fsync_range while a
# child built here calls fsync(2) on /dev/null a known number of times (sonde -c starts it after
# attaching, a filter on its name keeps every other caller out, so the counts are exact), the
# kfunc/kretfunc spellings, usermode, func (also with a wildcard), args and retval, the fentry listing, a
# missing function, another BPF program as the target (fentry:bpf), and that nothing stays loaded.
# Skips (77) where the VM lane cannot run.
# usage: vm_test.sh SONDE KERNEL
source "$(dirname "$0")/../vm_lib.sh" "$@"

calls=7
cc -O1 -o "$work/sonde_vm_fsync" "$(dirname "$0")/fsync_child.c" || { echo "SKIP: cannot build fsync_child.c"; exit 77; }
child="$work/sonde_vm_fsync $calls"
is_child='comm == "sonde_vm_fsync"'

check fentry_count 0 $'Attached 1 probe\n\n\n@calls: '"$calls" '' \
	"'$sonde' -e 'fentry:vfs_fsync_range /$is_child/ { @calls = count(); }' -c '$child'"
check fexit_count 0 $'Attached 1 probe\n\n\n@calls: '"$calls" '' \
	"'$sonde' -e 'fexit:vfs_fsync_range /$is_child/ { @calls = count(); }' -c '$child'"
# A kernel function's own context runs only in kernel mode.
check fentry_usermode 0 $'Attached 1 probe\n\n\n@[0]: '"$calls" '' \
	"'$sonde' -e 'fentry:vfs_fsync_range /$is_child/ { @[usermode] = count(); }' -c '$child'"
check kfunc_kretfunc 0 $'Attached 2 probes\n\n\n@entry: '"$calls"$'\n@exit: '"$calls" '' \
	"'$sonde' -e 'kfunc:vfs_fsync_range /$is_child/ { @entry = count(); }
	kretfunc:vmlinux:vfs_fsync_range /$is_child/ { @exit = count(); }' -c '$child'"
check fentry_func 0 $'Attached 1 probe\n\n\n@[vfs_fsync_range]: '"$calls" '' \
	"'$sonde' -e 'fentry:vfs_fsync_range /$is_child/ { @[func] = count(); }' -c '$child'"
# vfs_fsync matches too but is inlined into fsync(2)'s path: only vfs_fsync_range is entered.
check fentry_wildcard_func 0 $'Attached 2 probes\n\n\n@[vfs_fsync_range]: '"$calls" '' \
	"'$sonde' -e 'fentry:vfs_fsync* /$is_child/ { @[func] = count(); }' -c '$child'"
# vfs_fsync_range(file, 0, LLONG_MAX, datasync 0) from fsync(2).
check fentry_args 0 $'Attached 1 probe\n\n\n@[0, 9223372036854775807, 0]: '"$calls" '' \
	"'$sonde' -e 'fentry:vfs_fsync_range /$is_child/ { @[args.start, args.end, args.datasync] = count(); }' -c '$child'"
check fexit_args 0 $'Attached 1 probe\n\n\n@[0]: '"$calls" '' \
	"'$sonde' -e 'fexit:vfs_fsync_range /$is_child/ { @[args.datasync] = count(); }' -c '$child'"
# /dev/null has no fsync: EINVAL.
check fexit_retval 0 $'Attached 1 probe\n\n\n@[-22]: '"$calls" '' \
	"'$sonde' -e 'fexit:vfs_fsync_range /$is_child/ { @[(int64)retval] = count(); }' -c '$child'"
check fentry_list 0 $'fentry:vmlinux:vfs_fsync\nfentry:vmlinux:vfs_fsync_range' '' \
	"'$sonde' -l 'fentry:vfs_fsync*'"
check fentry_missing_function 1 '' \
	$'stdin:1:1-33: ERROR: No matches for fentry sonde_vm_no_such_function.\nfentry:sonde_vm_no_such_function { @ = count(); }\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~' \
	"'$sonde' -e 'fentry:sonde_vm_no_such_function { @ = count(); }'"

# A struct passed by value (bpfptr_t, 16 bytes) takes two slots: the arguments after it and
# retval are found past both.
cc -O1 -o "$work/sonde_vm_bpf" "$(dirname "$0")/bpf_child.c" || { echo "SKIP: cannot build bpf_child.c"; exit 77; }
check fexit_struct_arg 0 $'Attached 1 probe\n\n\n@[1111, 2222, true]: 3' '' \
	"'$sonde' -e 'fexit:__sys_bpf /comm == \"sonde_vm_bpf\"/ { @[args.cmd, args.size, (int64)retval < 0] = count(); }' -c '$work/sonde_vm_bpf 3'"
# A function of a loaded module, named without its module, and a module's own types in args.
check fentry_module_function 0 $'Attached 1 probe\nhit fentry:nf_tables:nf_tables_newtable nf_tables_newtable\n\n' '' \
	"modprobe nf_tables && '$sonde' -e 'fentry:nf_tables_newtable { printf(\"hit %s %s\\n\", probe, func); exit(); }' -c 'nft add table sonde_vm'"
check fentry_module_types 0 'Attached 1 probe' '' \
	"modprobe kvm && '$sonde' --dry-run -e 'fentry:kvm:x86_emulate_insn { printf(\"%d\\n\", args.ctxt.mode); }'"
# A loaded BPF program traced by one of its functions: another sonde's interval program.
check fentry_bpf_program 0 $'Attached 1 probe\nfentry:bpf:ID:interval_ms_20_0 bpf_prog_TAG_interval_ms_20_0\n\n' '' \
	"'$(realpath "$(dirname "$0")")/bpf_target.sh' '$sonde'"

run_batch
