/* The list of probe-type records: adding a probe type is its file in runtime/attach/ and one line
 * here. Alphabetical, the order -l lists a wildcarded probe type in. */
#include "runtime/attach/attach.h"

const struct probe_type *const runtime_probe_types[] = {
	&rt_probe_type_begin,
	&rt_probe_type_bench,
	&rt_probe_type_end,
	&rt_probe_type_fentry,
	&rt_probe_type_fexit,
	&rt_probe_type_hardware,
	&rt_probe_type_interval,
	&rt_probe_type_iter,
	&rt_probe_type_kprobe,
	&rt_probe_type_kretprobe,
	&rt_probe_type_profile,
	&rt_probe_type_rawtracepoint,
	&rt_probe_type_self,
	&rt_probe_type_software,
	&rt_probe_type_test,
	&rt_probe_type_tracepoint,
	&rt_probe_type_uprobe,
	&rt_probe_type_uretprobe,
	&rt_probe_type_usdt,
	&rt_probe_type_watchpoint,
	NULL,
};
