/* The list of probe-type records: adding a probe type is its file in runtime/attach/ and one line
 * here. Alphabetical, the order -l lists a wildcarded probe type in. */
#include "runtime/attach/attach.h"

const struct probe_type *const runtime_probe_types[] = {
	&probe_type_begin,
	&probe_type_end,
	&probe_type_fentry,
	&probe_type_fexit,
	&probe_type_hardware,
	&probe_type_interval,
	&probe_type_kprobe,
	&probe_type_kretprobe,
	&probe_type_profile,
	&probe_type_rawtracepoint,
	&probe_type_self,
	&probe_type_software,
	&probe_type_tracepoint,
	&probe_type_uprobe,
	&probe_type_uretprobe,
	&probe_type_usdt,
	&probe_type_watchpoint,
	NULL,
};
