/* begin, end, self:signal, test:NAME and bench:NAME: no kernel hook. Their programs load as raw_tp
 * (which the kernel can test-run on the current CPU), and runtime_run runs them itself: begin
 * before anything is attached, end after everything is detached, self:signal whenever sonde
 * receives the signal, test and bench probes only in --mode test and --mode bench (runtime/modes.c).
 * Those two load as XDP, whose test runs the kernel repeats and times (raw_tp's it does not); so
 * they may call only the helpers every program type has. */
#include <signal.h>
#include <string.h>

#include "runtime/attach/attach.h"

static int expand_special(const struct probe_type *pt, const char *spec, struct arena *arena,
                          struct attach_list *out, char *err, size_t errlen)
{
	if (spec && *spec) {
		snprintf(err, errlen, "%s probes take no arguments", pt->name);
		return -1;
	}
	core_attach_push(arena, out, (struct mf_attach){.type = pt, .probe_name = pt->name});
	return 0;
}

/* self:signal:SIGUSR1, bpftrace's one self trigger so far. */
static int expand_self(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                       char *err, size_t errlen)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	if (!colon || strchr(colon + 1, ':')) {
		snprintf(err, errlen, "self probe type requires 2 arguments, found %d", colon ? 3 : spec && *spec ? 1 : 0);
		return -1;
	}
	if ((size_t)(colon - spec) != strlen("signal") || strncmp(spec, "signal", 6) != 0) {
		snprintf(err, errlen, "%.*s is not a supported trigger", (int)(colon - spec), spec);
		return -1;
	}
	if (strcmp(colon + 1, "SIGUSR1") != 0) {
		snprintf(err, errlen, "%s is not a supported signal", colon + 1);
		return -1;
	}
	core_attach_push(arena, out, (struct mf_attach){.type = pt, .func = "SIGUSR1", .value = SIGUSR1,
	                                                .probe_name = "self:signal:SIGUSR1"});
	return 0;
}

/* test:NAME and bench:NAME: NAME is what their results are reported under. */
static int expand_named(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                        char *err, size_t errlen)
{
	if (!spec || !*spec || strchr(spec, ':')) {
		snprintf(err, errlen, "%s probes are written %s:NAME", pt->name, pt->name);
		return -1;
	}
	core_attach_push(arena, out, (struct mf_attach){.type = pt, .func = arena_strdup(arena, spec),
	                                                .probe_name = arena_printf(arena, "%s:%s", pt->name, spec)});
	return 0;
}

static const char *const begin_aliases[] = {"BEGIN", NULL};
static const char *const end_aliases[] = {"END", NULL};

const struct probe_type rt_probe_type_begin = {
	.name = "begin",
	.synopsis = "begin",
	.help = "Runs once, before any other probe is attached.",
	.aliases = begin_aliases, .trigger = PROBE_AT_BEGIN, .traits = PT_SONDE_CONTEXT,
	.expand = expand_special, .section = "raw_tp", .prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
};
const struct probe_type rt_probe_type_end = {
	.name = "end",
	.synopsis = "end",
	.help = "Runs once, after every other probe is detached: when sonde is interrupted (Ctrl-C), when "
	         "the script calls exit() or when the -c command exits.",
	.aliases = end_aliases, .trigger = PROBE_AT_END, .traits = PT_SONDE_CONTEXT,
	.expand = expand_special, .section = "raw_tp", .prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
};
const struct probe_type rt_probe_type_self = {
	.name = "self",
	.synopsis = "self:signal:SIGUSR1",
	.help = "Runs each time sonde receives SIGUSR1.",
	.trigger = PROBE_ON_SIGNAL,
	.expand = expand_self, .section = "raw_tp", .prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
};
const struct probe_type rt_probe_type_test = {
	.name = "test",
	.synopsis = "test:NAME",
	.help = "Runs once with --mode test (and never otherwise): passes when it returns 0, calls no "
	        "exit() with a non-zero code and reports no error.",
	.trigger = PROBE_IN_TEST, .traits = PT_SONDE_CONTEXT,
	.expand = expand_named, .section = "xdp", .prog_type = BPF_PROG_TYPE_XDP,
};
const struct probe_type rt_probe_type_bench = {
	.name = "bench",
	.synopsis = "bench:NAME",
	.help = "Runs many times with --mode bench (and never otherwise), its output discarded, to "
	        "report the average time of one run.",
	.trigger = PROBE_IN_BENCH, .traits = PT_SONDE_CONTEXT,
	.expand = expand_named, .section = "xdp", .prog_type = BPF_PROG_TYPE_XDP,
};
