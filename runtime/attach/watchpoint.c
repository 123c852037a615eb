/* watchpoint:address:length:mode — a hardware breakpoint (perf PERF_TYPE_BREAKPOINT) on every
 * CPU, so every thread that touches the address hits it. The function+argN form needs a traced process (-p/-c), which
 * runtime_run does not have: it is refused with a reason. */
#define _GNU_SOURCE
#include <linux/hw_breakpoint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/attach/attach.h"

static int expand(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                  char *err, size_t errlen)
{
	char *copy = spec ? strdup(spec) : strdup("");
	char *save = NULL;
	char *addr = strtok_r(copy, ":", &save), *len = strtok_r(NULL, ":", &save), *mode = strtok_r(NULL, ":", &save);
	uint64_t a = 0, l = 0;
	int rc = 0;
	if (!addr || !len || !mode || strtok_r(NULL, ":", &save)) {
		snprintf(err, errlen, "watchpoint probes are written watchpoint:address:length:mode");
		rc = -1;
	} else if (strchr(addr, '+')) {
		snprintf(err, errlen, "watchpoint:function+argN needs a traced process (-p or -c)");
		rc = -1;
	} else if (!rt_parse_count(addr, &a) || !rt_parse_count(len, &l) || (l != 1 && l != 2 && l != 4 && l != 8)) {
		snprintf(err, errlen, "invalid watchpoint %s: address, then length 1, 2, 4 or 8", spec);
		rc = -1;
	} else if (strspn(mode, "rwx") != strlen(mode) || !*mode) {
		snprintf(err, errlen, "invalid watchpoint mode %s: use r, w, x or a mix of r and w", mode);
		rc = -1;
	} else {
		core_attach_push(arena, out, (struct mf_attach){
			.type = pt,
			.value = a,
			.func = arena_printf(arena, "%llu", (unsigned long long)l),   /* length */
			.unit = arena_strdup(arena, mode),
			.probe_name = arena_printf(arena, "watchpoint:%s", spec),
		});
	}
	free(copy);
	return rc;
}

static int attach(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                  struct rt_links *links, char *err, size_t errlen)
{
	struct perf_event_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.bp_addr = at->value;
	attr.bp_len = strtoull(at->func ? at->func : "8", NULL, 10);
	attr.bp_type = (strchr(at->unit, 'r') ? HW_BREAKPOINT_R : 0) | (strchr(at->unit, 'w') ? HW_BREAKPOINT_W : 0) |
	               (strchr(at->unit, 'x') ? HW_BREAKPOINT_X : 0);
	/* An execute breakpoint covers an instruction: x86's take a long's length, whatever is written. */
	if (attr.bp_type == HW_BREAKPOINT_X)
		attr.bp_len = sizeof(long);
	attr.sample_period = 1;
	attr.precise_ip = 2;   /* the kernel wants an exact hit for breakpoints */
	int *cpus;
	int n = rt_online_cpus(&cpus);
	if (n <= 0) {
		snprintf(err, errlen, "cannot read the online CPUs");
		return -1;
	}
	int rc = rt_attach_perf_event_cpus(prog, &attr, env->cookie, -1, cpus, n, links, err, errlen);
	free(cpus);
	return rc;
}

static const char *const aliases[] = {"w", "asyncwatchpoint", "aw", NULL};

const struct probe_type rt_probe_type_watchpoint = {
	.name = "watchpoint",
	.synopsis = "watchpoint:ADDRESS:LENGTH:MODE",
	.help = "A hardware breakpoint on LENGTH (1, 2, 4 or 8) bytes at a kernel ADDRESS; MODE is r, w, x or "
	         "a mix of r and w.",
	.aliases = aliases, .traits = PT_REGS | PT_COOKIE, .expand = expand, .section = "perf_event",
	.prog_type = BPF_PROG_TYPE_PERF_EVENT, .attach = attach,
};
