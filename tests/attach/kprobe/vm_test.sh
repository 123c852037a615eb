#!/usr/bin/env bash
# runtime/attach/kprobe.c's probe types in the VM lane (attach.kprobe.vm.KERNEL): boots KERNEL
# once and runs SONDE inside on real kernel events: kprobe and kretprobe on do_sys_openat2 while a
# helper runs `cat` on a marker file a known number of times (sonde -c starts it after attaching
# and stops when it ends, and a filter on the file name keeps every other open out, so the counts
# are exact), a wildcard kprobe with `probe`, the kprobe listing, untraceable functions, unloaded
# modules and bad addresses, --traceable-functions, the functions never offered, -p, signal() and
# override(), kaddr() of a data symbol dereferenced, and that nothing stays loaded. Skips (77)
# where the VM lane cannot run.
# usage: vm_test.sh SONDE KERNEL
source "$(dirname "$0")/../vm_lib.sh" "$@"

cats=7
marker=$work/marker
echo marker >"$marker"
# /dev/null for stdout keeps cat's output out of sonde's; the last open fails and must not count.
cat >"$work/cats.sh" <<EOF2
#!/bin/sh
for i in \$(seq $cats); do cat "$marker" >/dev/null; done
cat "$work/absent" 2>/dev/null
exit 0
EOF2
chmod +x "$work/cats.sh"

is_marker="comm == \"cat\" && str(arg1) == \"$marker\""
check kprobe_count 0 $'Attached 1 probe\n\n\n@opens: '"$cats" '' \
	"'$sonde' -e 'kprobe:do_sys_openat2 /$is_marker/ { @opens = count(); }' -c '$work/cats.sh'"
# The marker open is the lowest free descriptor in a fresh cat: 3 (the -c child inherits only 0-2).
# Where the kernel has kprobe_session (6.12), the kprobe and kretprobe of one function are one
# program on one link, and one probe to count, as bpftrace counts them.
session=1
[[ $kernel == 6.1 ]] && session=0
attached_pair='Attached 1 probe'
[[ $session == 0 ]] && attached_pair='Attached 2 probes'
check kretprobe_retval 0 "$attached_pair"$'\n\n\n@ret[3]: '"$cats" '' \
	"'$sonde' -e 'kprobe:do_sys_openat2 /$is_marker/ { @m[tid] = 1; }
	kretprobe:do_sys_openat2 /@m[tid]/ { @ret[retval] = count(); delete(@m[tid]); }' -c '$work/cats.sh'"
# open(2)'s do_sys_open also matches the wildcard, but cat opens with openat(2).
check kprobe_wildcard 0 $'Attached 2 probes\n\n\n@[kprobe:do_sys_openat2]: '"$cats" '' \
	"'$sonde' -e 'kprobe:do_sys_open* /$is_marker/ { @[probe] = count(); }' -c '$work/cats.sh'"
# The session program and link, counted with bpftool while both halves run: one of each on 6.12;
# two programs and two kprobes (no kprobe_multi link) on 6.1, and with --no-feature kprobe_session.
session_counts=$'1\n1'
[[ $session == 0 ]] && session_counts=$'2\n0'
# (The kernel keeps 15 bytes of a program's name: kprobe_ksys_rea, kretprobe_ksys_.)
count_progs_links='@done = 1; system("bpftool prog | grep -c ksys_"); system("bpftool link | grep -c kprobe_multi"); exit();'
check kprobe_session_one_program 0 "$session_counts"$'\n\n\n@done: 1\n@e: 1' '' \
	"'$sonde' -q --unsafe -e 'kprobe:ksys_read { @e = 1; } kretprobe:ksys_read /@e == 1 && !@done/ { $count_progs_links }' -c '$work/cats.sh'"
check kprobe_session_refused 0 $'2\n0\n\n\n@done: 1\n@e: 1' '' \
	"'$sonde' -q --unsafe --no-feature kprobe_session -e 'kprobe:ksys_read { @e = 1; } kretprobe:ksys_read /@e == 1 && !@done/ { $count_progs_links }' -c '$work/cats.sh'"
# probe in each half of a session on several functions: the cookie carries both names.
check kprobe_session_probe 0 $'@[kprobe:vfs_read]: 1\n@[kprobe:vfs_write]: 1\n@[kretprobe:vfs_read]: 1\n@[kretprobe:vfs_write]: 1' '' \
	"'$sonde' -q -e 'kprobe:vfs_read,kprobe:vfs_write /comm == \"cat\"/ { @[probe] = 1; }
	kretprobe:vfs_read,kretprobe:vfs_write /comm == \"cat\"/ { @[probe] = 1; }' -c '$work/cats.sh' | grep @ | sort"
# Many functions share one kprobe_multi link where the kernel has them (6.12; Debian's 6.1 lacks
# CONFIG_FPROBE and gets one kprobe each); --no-feature kprobe_multi asks for one each.
multi_links=1
[[ $kernel == 6.1 ]] && multi_links=0
check kprobe_multi_link 0 "$multi_links"$'\n\n' '' \
	"'$sonde' -q --unsafe -e 'kprobe:vfs_read*,kprobe:vfs_write* { system(\"bpftool link | grep -c kprobe_multi\"); exit(); }' -c '$work/cats.sh'"
check kprobe_multi_link_refused 0 $'0\n\n' '' \
	"'$sonde' -q --unsafe --no-feature kprobe_multi -e 'kprobe:vfs_read*,kprobe:vfs_write* { system(\"bpftool link | grep -c kprobe_multi\"); exit(); }' -c '$work/cats.sh'"
check kprobe_list 0 $'kprobe:do_sys_open\nkprobe:do_sys_openat2' '' \
	"'$sonde' -l 'kprobe:do_sys_open*'"
# A function ftrace cannot trace is reported with bpftrace's warning and then missing; --unsafe
# tries it anyway, and nothing is said to be attached when that fails.
fn=sonde_vm_no_such_function
untraceable="stdin:1:1-33: WARNING: $fn is not traceable (either non-existing, inlined, or marked as \"notrace\"); attaching to it will likely fail
kprobe:$fn { @ = count(); }
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"
check kprobe_missing_function 1 '' "$untraceable
stdin:1:1-33: ERROR: No matches for kprobe $fn.
kprobe:$fn { @ = count(); }
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~" \
	"'$sonde' -e 'kprobe:$fn { @ = count(); }'"
check kprobe_missing_function_unsafe 1 '' "$untraceable
ERROR: Unable to attach probe: kprobe:$fn: No such file or directory" \
	"'$sonde' --unsafe -e 'kprobe:$fn { @ = count(); }'"
check kprobe_module_not_loaded 1 '' 'stdin:1:1-25: ERROR: specified module nonsense in probe kprobe:nonsense:vfs_read is not loaded.
kprobe:nonsense:vfs_read { @ = count(); }
~~~~~~~~~~~~~~~~~~~~~~~~' \
	"'$sonde' -e 'kprobe:nonsense:vfs_read { @ = count(); }'"
# An address is attached as one (0x12345678 is no kernel text, so the kernel refuses it).
check kprobe_bad_address 1 '' 'ERROR: Unable to attach probe: kprobe:305419896: No such file or directory' \
	"'$sonde' --unsafe -e 'kprobe:0x12345678 {}'"

# --traceable-functions: the file takes available_filter_functions' place, for wildcards and
# named functions alike.
printf 'do_sys_openat2\n' >"$work/traceable"
check kprobe_traceable_functions_file 0 'kprobe:do_sys_openat2' '' \
	"'$sonde' --traceable-functions '$work/traceable' -l 'kprobe:do_sys_open*'"
check kprobe_traceable_functions_empty 1 '' 'stdin:1:1-16: WARNING: vfs_read is not traceable (either non-existing, inlined, or marked as "notrace"); attaching to it will likely fail
kprobe:vfs_read {}
~~~~~~~~~~~~~~~
stdin:1:1-16: ERROR: No matches for kprobe vfs_read.
kprobe:vfs_read {}
~~~~~~~~~~~~~~~' \
	"'$sonde' --traceable-functions /dev/null -e 'kprobe:vfs_read {}'"
# Functions that hang the kernel when traced (the rcu_ family among them) are never offered.
check kprobe_rcu_excluded 1 '' "stdin:1:1-13: ERROR: Probe has no valid attach points. If this is expected, set the 'missing_probes' config variable to 'warn'.
kprobe:rcu_* {}
~~~~~~~~~~~~" \
	"'$sonde' -e 'kprobe:rcu_* {}'"
# -p: the shell opens the marker itself (a redirection) while its cat children open it too; only
# the shell's opens count, and the run ends when it exits.
cat >"$work/reader.sh" <<EOF2
#!/bin/sh
sleep 3
"$work/cats.sh"
for i in \$(seq $cats); do read x <"$marker"; done
exit 0
EOF2
chmod +x "$work/reader.sh"
check kprobe_pid 0 $'Attached 1 probe\n\n\n@opens: '"$cats" '' \
	"'$work/reader.sh' & '$sonde' -p \$! -e 'kprobe:do_sys_openat2 /str(arg1) == \"$marker\"/ { @opens = count(); }'"

# An offset inside an instruction, refused by the kernel, as bpftrace words it; a module's types
# in a cast.
check kprobe_offset_mid_instruction 1 '' 'ERROR: Possible attachment attempt in the middle of an instruction, try a different offset.' \
	"modprobe nf_tables && '$sonde' -e 'kprobe:nf_tables_newtable+1 { }'"
check kprobe_module_types 0 'Attached 1 probe' '' \
	"modprobe kvm && '$sonde' --dry-run -e 'kprobe:kvm:x86_emulate_insn { \$c = (struct x86_emulate_ctxt *)arg0; printf(\"%d\\n\", \$c.mode); }'"

# signal() from a kprobe kills the cat that opens the marker (9), while the cat of the absent file
# exits 1 (256 as the kernel keeps it), and the shell says so. override() is refused at the call:
# Debian's 6.1 lacks the helper (no CONFIG_BPF_KPROBE_OVERRIDE), 6.12 allows it on no function here.
check kprobe_signal 0 $'Attached 2 probes\n\n\n@[256]: 1\n@[9]: '"$cats" "$(printf 'Killed\n%.0s' $(seq $cats))" \
	"'$sonde' --unsafe -e 'kprobe:do_sys_openat2 /$is_marker/ { signal(\"KILL\"); }
	tracepoint:sched:sched_process_exit /comm == \"cat\"/ { @[curtask->exit_code] = count(); }' -c '$work/cats.sh'"
override_refusal='not allowed in probe'
[[ $kernel == 6.1 ]] && override_refusal='is not available in this kernel'
check kprobe_override_refused 1 '' "stdin:1:25-36: ERROR: helper bpf_override_return $override_refusal"'
kprobe:do_sys_openat2 { override(1); }
                        ~~~~~~~~~~~' \
	"'$sonde' --unsafe -e 'kprobe:do_sys_openat2 { override(1); }'"

# kaddr() of a data symbol (Debian's kernels list them; ours does not) and the integer it gives
# dereferenced: the uint64 there, jiffies having counted since boot.
check kaddr_deref 0 $'true\ntrue\n\n' '' \
	"'$sonde' -q -e 'begin { \$a = kaddr(\"jiffies\"); \$v = *\$a; print(\$v > 0); print(*(\$a + 0) == \$v || *\$a > \$v); exit(); }'"

run_batch
