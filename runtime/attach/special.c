/* begin and end: no kernel hook. Their programs load as raw_tp (which the kernel can test-run on
 * the current CPU), and runtime_run runs them itself: begin before anything is attached, end after
 * everything is detached, as bpftrace does. */
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

const struct provider provider_begin = {"begin", NULL, ATTACH_BEGIN, expand_begin, NULL};
const struct provider provider_end = {"end", NULL, ATTACH_END, expand_end, NULL};
const struct attacher attacher_special = {
	.kind = ATTACH_BEGIN,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.attach = attach_special,
};
