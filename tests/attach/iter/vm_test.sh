#!/usr/bin/env bash
# runtime/attach/iter.c's probe type in the VM lane (attach.iter.vm.KERNEL): boots KERNEL once and
# runs SONDE's iterators inside over the guest's real tasks, files and memory maps, each filtered
# to sonde's own process (pid is the reader's), so the output is exact: ctx fields, printf through
# the kernel's seq_file, maps, begin and end around the iteration, a pinned iterator read back with
# cat, the listing, the errors sema gives, and that nothing stays loaded. Skips (77) where the VM
# lane cannot run.
# usage: vm_test.sh SONDE KERNEL
source "$(dirname "$0")/../vm_lib.sh" "$@"

mine='ctx.task.tgid == pid'
check iter_task 0 $'Attached 1 probe\nsonde 1\n\n' '' \
	"'$sonde' -e 'iter:task /$mine/ { printf(\"%s %d\\n\", ctx.task.comm, ctx.task.pid == pid); }'"
check iter_task_file 0 $'Attached 1 probe\n0 sonde\n1 sonde\n2 sonde\n\n' '' \
	"'$sonde' -e 'iter:task_file /$mine && ctx.fd < 3/ { printf(\"%d %s\\n\", ctx.fd, ctx.task.comm); }' </dev/null"
# path() takes the iterator's own file pointer (the verifier's BTF-typed one).
check iter_task_file_path 0 $'Attached 1 probe\n0 /dev/null\n\n' '' \
	"'$sonde' -e 'iter:task_file /$mine && ctx.fd == 0/ { printf(\"%d %s\\n\", ctx.fd, path(ctx.file.f_path)); }' </dev/null"
# Exactly one of the process's memory maps holds the start of its stack.
check iter_task_vma 0 $'Attached 1 probe\nstack of sonde\n\n' '' \
	"'$sonde' -e 'iter:task_vma /$mine && ctx.vma.vm_start <= ctx.task.mm.start_stack && ctx.vma.vm_end > ctx.task.mm.start_stack/ { printf(\"stack of %s\\n\", comm); }'"
check iter_map 0 $'Attached 1 probe\n\n\n@[sonde]: 1' '' \
	"'$sonde' -e 'it:task /$mine/ { @[ctx.task.comm] = count(); }'"
check iter_begin_end 0 $'Attached 3 probes\nbegin\nsonde\nend\n\n' '' \
	"'$sonde' -e 'begin { printf(\"begin\\n\"); } iter:task /$mine/ { printf(\"%s\\n\", comm); } end { printf(\"end\\n\"); }'"
check iter_pin 0 $'Attached 1 probe\nProgram pinned to /sys/fs/bpf/sonde_vm_pin\n\n\n1' '' \
	"'$sonde' -e 'iter:task:sonde_vm_pin /ctx.task.pid == 1/ { printf(\"%d\\n\", ctx.task.pid); }' && cat /sys/fs/bpf/sonde_vm_pin && rm /sys/fs/bpf/sonde_vm_pin"
check iter_list 0 $'iter:task_file\n    struct task_struct * task\n    u32 fd\n    struct file * file' '' \
	"'$sonde' -lv 'iter:task_file'"
check iter_unknown 1 '' \
	$'stdin:1:1-19: ERROR: iter sonde_vm_nope not available for your kernel version.\niter:sonde_vm_nope {}\n~~~~~~~~~~~~~~~~~~' \
	"'$sonde' -e 'iter:sonde_vm_nope {}'"
check iter_two 1 '' \
	$'stdin:1:14-28: ERROR: iter probe only supports one attach point.\niter:task {} iter:task_file {}\n             ~~~~~~~~~~~~~~' \
	"'$sonde' -e 'iter:task {} iter:task_file {}'"
check iter_with_other 1 '' \
	$'stdin:1:14-29: ERROR: kprobe:vfs_read cannot be used with iter:task: an iterator runs alone, beside begin and end only\niter:task {} kprobe:vfs_read {}\n             ~~~~~~~~~~~~~~~' \
	"'$sonde' -e 'iter:task {} kprobe:vfs_read {}'"
check iter_printf_conversion 1 '' \
	$'stdin:1:20-26: ERROR: printf in an iter probe is formatted by the kernel (bpf_seq_printf): %f is not one of its conversions (%d %i %u %x %X %c %s %p, with flags, a width and l or ll)\niter:task { printf("%f\\n", 1); }\n                   ~~~~~~' \
	"'$sonde' -e 'iter:task { printf(\"%f\\n\", 1); }'"
# comm(pid) through the kfunc bpf_task_from_pid, which 6.1 does not have yet: the reader's own
# name (the iterator runs in sonde's read).
if [[ $kernel == 6.1 ]]; then
	check iter_comm_of_pid 1 '' \
		$'stdin:1:17-26: ERROR: comm(PID) needs the kernel function bpf_task_from_pid (Linux 6.2), which this kernel does not have\niter:task { @ = comm(pid); exit(); }\n                ~~~~~~~~~' \
		"'$sonde' -e 'iter:task { @ = comm(pid); exit(); }'"
else
	check iter_comm_of_pid 0 $'Attached 1 probe\n\n\n@: sonde' '' "'$sonde' -e 'iter:task { @ = comm(pid); exit(); }'"
fi

run_batch
