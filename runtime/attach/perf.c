/* Perf-event providers: profile (a timer on every CPU), interval (a timer on one CPU), software
 * and hardware events (every CPU, one sample per COUNT events). */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/list_priv.h"

/* ---- profile / interval ---------------------------------------------------------------------- */

static const struct {
	const char *unit;
	uint64_t ns;   /* nanoseconds per unit; 0 for hz */
} time_units[] = {{"hz", 0}, {"s", 1000000000ull}, {"ms", 1000000ull}, {"us", 1000ull}, {"ns", 1}};

static int find_unit(const char *u, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(time_units); i++)
		if (strlen(time_units[i].unit) == len && strncmp(time_units[i].unit, u, len) == 0)
			return (int)i;
	return -1;
}

/* "unit:N", "N<unit>" (e.g. "500ms") or "N" (nanoseconds, as bpftrace reads a bare number). */
static int expand_timer(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                        char *err, size_t errlen)
{
	const char *prov = pt->name;
	const char *colon = spec ? strchr(spec, ':') : NULL;
	int unit = -1;
	uint64_t value = 0;
	bool ok;
	if (colon) {
		unit = find_unit(spec, (size_t)(colon - spec));
		ok = unit >= 0 && rt_parse_count(colon + 1, &value);
	} else {
		size_t digits = spec ? strspn(spec, "0123456789") : 0;
		ok = digits > 0;
		if (ok && spec[digits]) {
			unit = find_unit(spec + digits, strlen(spec + digits));
			char *num = strndup(spec, digits);
			ok = unit >= 0 && rt_parse_count(num, &value);
			free(num);
		} else if (ok) {
			unit = find_unit("ns", 2);
			ok = rt_parse_count(spec, &value);
		}
	}
	if (!ok || value == 0) {
		snprintf(err, errlen, "invalid %s probe %s:%s: expected %s:{hz,s,ms,us}:N or %s:N[unit] with N > 0",
		         prov, prov, spec ? spec : "", prov, prov);
		return -1;
	}
	core_attach_push(arena, out, (struct mf_attach){
		.type = pt,
		.unit = time_units[unit].unit,
		.value = value,
		.probe_name = arena_printf(arena, "%s:%s", prov, spec),
	});
	return 0;
}

static void timer_attr(const struct mf_attach *at, bool freq_ok, struct perf_event_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = PERF_COUNT_SW_CPU_CLOCK;
	int u = find_unit(at->unit ? at->unit : "ns", strlen(at->unit ? at->unit : "ns"));
	if (u == 0 && freq_ok) {
		/* profile:hz: let the kernel keep the frequency. */
		attr->freq = 1;
		attr->sample_freq = at->value;
	} else if (u == 0) {
		attr->sample_period = 1000000000ull / at->value;
	} else {
		attr->sample_period = at->value * time_units[u < 0 ? 4 : u].ns;
	}
}

static int attach_profile(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                          struct rt_links *links, char *err, size_t errlen)
{
	struct perf_event_attr attr;
	timer_attr(at, true, &attr);
	int *cpus;
	int n = rt_online_cpus(&cpus);
	if (n <= 0) {
		snprintf(err, errlen, "cannot read the online CPUs");
		return -1;
	}
	/* -p: the process's own samples, on each CPU it may run on. */
	int rc = rt_attach_perf_event_cpus(prog, &attr, env->cookie, env->pid ? env->pid : -1, cpus, n, links, err, errlen);
	free(cpus);
	return rc;
}

static int attach_interval(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                           struct rt_links *links, char *err, size_t errlen)
{
	struct perf_event_attr attr;
	timer_attr(at, false, &attr);
	int *cpus;
	int n = rt_online_cpus(&cpus);
	if (n <= 0) {
		snprintf(err, errlen, "cannot read the online CPUs");
		return -1;
	}
	/* One CPU so the probe fires once per interval, not once per CPU. */
	int rc = rt_attach_perf_event_cpus(prog, &attr, env->cookie, -1, cpus, 1, links, err, errlen);
	free(cpus);
	return rc;
}

/* ---- software / hardware -------------------------------------------------------------------- */

struct perf_named {
	const char *name, *alias;
	uint64_t config;
	uint64_t default_count;
};

/* Names and default sample counts as bpftrace accepts them. */
static const struct perf_named sw_events[] = {
	{"alignment-faults", NULL, PERF_COUNT_SW_ALIGNMENT_FAULTS, 1},
	{"bpf-output", NULL, PERF_COUNT_SW_BPF_OUTPUT, 1},
	{"context-switches", "cs", PERF_COUNT_SW_CONTEXT_SWITCHES, 1000},
	{"cpu-clock", "cpu", PERF_COUNT_SW_CPU_CLOCK, 1000000},
	{"cpu-migrations", NULL, PERF_COUNT_SW_CPU_MIGRATIONS, 1},
	{"dummy", NULL, PERF_COUNT_SW_DUMMY, 1},
	{"emulation-faults", NULL, PERF_COUNT_SW_EMULATION_FAULTS, 1},
	{"major-faults", NULL, PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1},
	{"minor-faults", NULL, PERF_COUNT_SW_PAGE_FAULTS_MIN, 100},
	{"page-faults", "faults", PERF_COUNT_SW_PAGE_FAULTS, 100},
	{"task-clock", NULL, PERF_COUNT_SW_TASK_CLOCK, 1000000},
};

static const struct perf_named hw_events[] = {
	{"backend-stalls", NULL, PERF_COUNT_HW_STALLED_CYCLES_BACKEND, 1000000},
	{"branch-instructions", "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS, 100000},
	{"branch-misses", NULL, PERF_COUNT_HW_BRANCH_MISSES, 100000},
	{"bus-cycles", NULL, PERF_COUNT_HW_BUS_CYCLES, 100000},
	{"cache-misses", NULL, PERF_COUNT_HW_CACHE_MISSES, 1000000},
	{"cache-references", NULL, PERF_COUNT_HW_CACHE_REFERENCES, 1000000},
	{"cpu-cycles", "cycles", PERF_COUNT_HW_CPU_CYCLES, 1000000},
	{"frontend-stalls", NULL, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, 1000000},
	{"instructions", NULL, PERF_COUNT_HW_INSTRUCTIONS, 1000000},
	{"ref-cycles", NULL, PERF_COUNT_HW_REF_CPU_CYCLES, 1000000},
};

static const struct perf_named *find_named(const struct perf_named *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0 || (v[i].alias && strcmp(v[i].alias, name) == 0))
			return &v[i];
	return NULL;
}

/* "event", "event:" or "event:count"; EVENT may be a wildcard over the canonical names. */
static int expand_named(const struct probe_type *pt, const struct perf_named *v, size_t nv, const char *spec,
                        struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	const char *prov = pt->name;
	const char *colon = spec ? strchr(spec, ':') : NULL;
	char *ev = spec ? (colon ? strndup(spec, (size_t)(colon - spec)) : strdup(spec)) : strdup("");
	uint64_t count = 0;
	bool has_count = colon && colon[1];
	if (has_count && (!rt_parse_count(colon + 1, &count) || count == 0)) {
		snprintf(err, errlen, "invalid count in %s:%s", prov, spec);
		free(ev);
		return -1;
	}
	for (size_t i = 0; i < nv; i++) {
		bool match = rt_spec_has_wildcard(ev) ? fnmatch(ev, v[i].name, 0) == 0
		                                   : strcmp(ev, v[i].name) == 0 || (v[i].alias && strcmp(ev, v[i].alias) == 0);
		if (!match)
			continue;
		/* Probe names keep the spelling written (software:cpu:100000), as bpftrace's `probe` does. */
		const char *written = rt_spec_has_wildcard(ev) ? v[i].name : ev;
		core_attach_push(arena, out, (struct mf_attach){
			.type = pt,
			.func = v[i].name,
			.value = has_count ? count : v[i].default_count,
			.probe_name = has_count ? arena_printf(arena, "%s:%s:%s", prov, written, colon + 1)
			                        : arena_printf(arena, "%s:%s", prov, written),
		});
	}
	/* Nothing matched: sema reports it as missing_probes says. */
	free(ev);
	return 0;
}

static int expand_software(const struct probe_type *pt, const char *spec, struct arena *arena,
                           struct attach_list *out, char *err, size_t errlen)
{
	return expand_named(pt, sw_events, ARRAY_LEN(sw_events), spec, arena, out, err, errlen);
}

static int expand_hardware(const struct probe_type *pt, const char *spec, struct arena *arena,
                           struct attach_list *out, char *err, size_t errlen)
{
	return expand_named(pt, hw_events, ARRAY_LEN(hw_events), spec, arena, out, err, errlen);
}

static int attach_named(uint32_t type, const struct perf_named *ev, const struct probe_attach_env *env,
                        struct bpf_program *prog, const struct mf_attach *at, struct rt_links *links, char *err,
                        size_t errlen)
{
	if (!ev) {
		snprintf(err, errlen, "unknown event in %s", at->probe_name);
		return -1;
	}
	struct perf_event_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.type = type;
	attr.config = ev->config;
	attr.sample_period = at->value ? at->value : ev->default_count;
	int *cpus;
	int n = rt_online_cpus(&cpus);
	if (n <= 0) {
		snprintf(err, errlen, "cannot read the online CPUs");
		return -1;
	}
	/* -p: the process's own events, on each CPU it may run on. */
	int rc = rt_attach_perf_event_cpus(prog, &attr, env->cookie, env->pid ? env->pid : -1, cpus, n, links, err, errlen);
	free(cpus);
	if (rc < 0 && type == PERF_TYPE_HARDWARE && strstr(err, "perf_event_open")) {
		char why[256];
		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "Unable to attach probe: %s: %s (hardware counters are often missing in VMs)",
		         at->probe_name, why);
	}
	return rc;
}

static int attach_software(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                           struct rt_links *links, char *err, size_t errlen)
{
	return attach_named(PERF_TYPE_SOFTWARE, find_named(sw_events, ARRAY_LEN(sw_events), at->func), env, prog,
	                    at, links, err, errlen);
}

static int attach_hardware(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                           struct rt_links *links, char *err, size_t errlen)
{
	return attach_named(PERF_TYPE_HARDWARE, find_named(hw_events, ARRAY_LEN(hw_events), at->func), env, prog,
	                    at, links, err, errlen);
}

/* ---- listing: the names expansion accepts ---- */

static void timer_cands(struct lister *l, const char *target, bool with_module, struct cands *c)
{
	for (size_t i = 0; i < ARRAY_LEN(time_units); i++)
		if (time_units[i].ns != 1)   /* "ns" stands for a bare number: not listed, as in bpftrace */
			list_cands_pushf(c, NULL, 0, 0, "%s:", time_units[i].unit);
}

static void named_cands(const struct perf_named *v, size_t n, struct cands *c)
{
	for (size_t i = 0; i < n; i++) {
		list_cands_pushf(c, NULL, 0, 0, "%s:", v[i].name);
		if (v[i].alias)
			list_cands_pushf(c, NULL, 0, 0, "%s:", v[i].alias);
	}
}

static void sw_cands(struct lister *l, const char *target, bool with_module, struct cands *c)
{
	named_cands(sw_events, ARRAY_LEN(sw_events), c);
}

static void hw_cands(struct lister *l, const char *target, bool with_module, struct cands *c)
{
	named_cands(hw_events, ARRAY_LEN(hw_events), c);
}

/* "ms:100", or "100ms" whose unit follows the digits. */
static void timer_attach_point(struct lister *l, const struct probe_type *pt, char **p, int n)
{
	char *pat = NULL;
	if (asprintf(&pat, "%s:", n > 2 ? p[1] : p[1] + strspn(p[1], "0123456789")) >= 0)
		list_kind(l, pt, NULL, false, pat);
	free(pat);
}

static const struct probe_list timer_list = {.cands = timer_cands, .attach_point = timer_attach_point};
static const struct probe_list sw_list = {.cands = sw_cands};
static const struct probe_list hw_list = {.cands = hw_cands};

static const char *const profile_aliases[] = {"p", NULL};
static const char *const interval_aliases[] = {"i", NULL};
static const char *const software_aliases[] = {"s", NULL};
static const char *const hardware_aliases[] = {"h", NULL};

const struct probe_type rt_probe_type_profile = {
	.name = "profile",
	.synopsis = "profile:UNIT:N, profile:N[UNIT]",
	.help = "A timer on every CPU: N times a second with hz, else every N s, ms, us or ns.",
	.aliases = profile_aliases, .traits = PT_REGS | PT_COOKIE | PT_SIGNAL_TARGET, .expand = expand_timer,
	.section = "perf_event", .prog_type = BPF_PROG_TYPE_PERF_EVENT, .attach = attach_profile, .list = &timer_list,
};
const struct probe_type rt_probe_type_interval = {
	.name = "interval",
	.synopsis = "interval:UNIT:N, interval:N[UNIT]",
	.help = "A timer on one CPU, with profile's units: for periodic output.",
	.aliases = interval_aliases, .traits = PT_REGS | PT_COOKIE, .expand = expand_timer,
	.section = "perf_event", .prog_type = BPF_PROG_TYPE_PERF_EVENT, .attach = attach_interval, .list = &timer_list,
};
const struct probe_type rt_probe_type_software = {
	.name = "software",
	.synopsis = "software:EVENT[:COUNT]",
	.help = "A software perf event (cpu-clock, page-faults, context-switches, ...) on every CPU, once "
	         "every COUNT events; sonde -l 'software:*' lists them.",
	.aliases = software_aliases, .traits = PT_REGS | PT_LIST_KERNEL | PT_COOKIE, .expand = expand_software,
	.section = "perf_event", .prog_type = BPF_PROG_TYPE_PERF_EVENT, .attach = attach_software, .list = &sw_list,
};
const struct probe_type rt_probe_type_hardware = {
	.name = "hardware",
	.synopsis = "hardware:EVENT[:COUNT]",
	.help = "A hardware perf event (cpu-cycles, instructions, cache-misses, ...) on every CPU, once every "
	         "COUNT events.",
	.aliases = hardware_aliases, .traits = PT_REGS | PT_LIST_KERNEL | PT_COOKIE, .expand = expand_hardware,
	.section = "perf_event", .prog_type = BPF_PROG_TYPE_PERF_EVENT, .attach = attach_hardware, .list = &hw_list,
};
