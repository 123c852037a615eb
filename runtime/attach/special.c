/* begin, end and self:signal: no kernel hook. Their programs load as raw_tp (which the kernel can
 * test-run on the current CPU), and runtime_run runs them itself: begin before anything is
 * attached, end after everything is detached, self:signal whenever sonde receives the signal. */
#include <signal.h>
#include <string.h>

#include "runtime/attach/attach.h"

static int expand_special(enum attach_kind kind, const char *name, const char *spec, struct arena *arena,
                          struct attach_list *out, char *err, size_t errlen)
{
	if (spec && *spec) {
		snprintf(err, errlen, "%s probes take no arguments", name);
		return -1;
	}
	attach_list_push(arena, out, (struct mf_attach){.kind = kind, .probe_name = name});
	return 0;
}

static int expand_begin(const char *spec, struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	return expand_special(ATTACH_BEGIN, "begin", spec, arena, out, err, errlen);
}

static int expand_end(const char *spec, struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	return expand_special(ATTACH_END, "end", spec, arena, out, err, errlen);
}

static int attach_special(struct bpf_program *prog, const struct mf_attach *at, struct link_list *links, char *err,
                          size_t errlen)
{
	(void)prog, (void)at, (void)links, (void)err, (void)errlen;
	return 0;   /* run, not attached: see runtime/session.c */
}

/* self:signal:SIGUSR1, bpftrace's one self trigger so far. */
static int expand_self(const char *spec, struct arena *arena, struct attach_list *out, char *err, size_t errlen)
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
	attach_list_push(arena, out, (struct mf_attach){.kind = ATTACH_SIGNAL, .func = "SIGUSR1", .value = SIGUSR1,
	                                                .probe_name = "self:signal:SIGUSR1"});
	return 0;
}

const struct provider provider_begin = {"begin", NULL, ATTACH_BEGIN, expand_begin, NULL};
const struct provider provider_self = {"self", NULL, ATTACH_SIGNAL, expand_self, NULL};
const struct provider provider_end = {"end", NULL, ATTACH_END, expand_end, NULL};
const struct attacher attacher_special = {
	.kind = ATTACH_BEGIN,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.attach = attach_special,
};
const struct attacher attacher_signal = {
	.kind = ATTACH_SIGNAL,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.attach = attach_special,
};
