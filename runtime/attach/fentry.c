/* fentry/fexit:[module:]function (also kfunc/kretfunc). They need the tracing program type and
 * BPF trampolines; a kernel that refuses that type gets an error naming the alternatives. Names
 * are checked against kernel BTF (BTF_KIND_FUNC) when it is there; wildcards match it. */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "runtime/attach/attach.h"

static const char *tracing_unavailable(void)
{
	if (libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACING, NULL) == 1)
		return NULL;
	return "fentry/fexit probes are not available on this kernel (it refuses the tracing program type); "
	       "use a tracepoint such as tracepoint:syscalls:sys_enter_* or a rawtracepoint instead";
}

static int expand_f(enum attach_kind kind, const char *prov, const char *spec, struct arena *arena,
                    struct attach_list *out, char *err, size_t errlen)
{
	if (!spec || !*spec) {
		snprintf(err, errlen, "%s probes are written %s:[module:]function", prov, prov);
		return -1;
	}
	const char *colon = strchr(spec, ':');
	char *module = colon ? strndup(spec, (size_t)(colon - spec)) : NULL;
	const char *fn = colon ? colon + 1 : spec;
	struct btf *btf = btf__load_vmlinux_btf();
	if (module && strcmp(module, "vmlinux") != 0 && btf) {
		struct btf *mb = btf__load_module_btf(module, btf);
		btf__free(btf);
		btf = mb;   /* module functions only; NULL if the module has no BTF */
	}
	if (!btf && !spec_has_wildcard(fn)) {
		/* No BTF to check against: the load will tell. */
		attach_list_push(arena, out, (struct mf_attach){
			.kind = kind, .target = module ? arena_strdup(arena, module) : NULL, .func = arena_strdup(arena, fn),
			.probe_name = arena_printf(arena, "%s:%s", prov, spec)});
	} else if (btf) {
		__u32 n = btf__type_cnt(btf);
		for (__u32 id = 1; id < n; id++) {
			const struct btf_type *t = btf__type_by_id(btf, id);
			if (!btf_is_func(t))
				continue;
			const char *name = btf__name_by_offset(btf, t->name_off);
			if (!name || fnmatch(fn, name, 0) != 0)
				continue;
			attach_list_push(arena, out, (struct mf_attach){
				.kind = kind,
				.target = module ? arena_strdup(arena, module) : NULL,
				.func = arena_strdup(arena, name),
				.probe_name = module ? arena_printf(arena, "%s:%s:%s", prov, module, name)
				                     : arena_printf(arena, "%s:%s", prov, name),
			});
			if (!spec_has_wildcard(fn))
				break;
		}
		btf__free(btf);
	}
	free(module);
	/* Nothing matched: sema reports it as missing_probes says. */
	return 0;
}

static int expand_fentry(const char *spec, struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	return expand_f(ATTACH_FENTRY, "fentry", spec, arena, out, err, errlen);
}

static int expand_fexit(const char *spec, struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	return expand_f(ATTACH_FEXIT, "fexit", spec, arena, out, err, errlen);
}

static int attach_f(struct bpf_program *prog, const struct mf_attach *at, struct link_list *links, char *err,
                    size_t errlen)
{
	const char *why = tracing_unavailable();
	if (why) {
		snprintf(err, errlen, "Unable to attach probe: %s: %s", at->probe_name, why);
		return -1;
	}
	/* The target was bound at load time from the section name (fentry/<func>). */
	return attach_keep(links, bpf_program__attach_trace(prog), at->probe_name, err, errlen);
}

const struct provider provider_fentry = {"fentry", "f", ATTACH_FENTRY, expand_fentry, NULL};
const struct provider provider_fexit = {"fexit", "fr", ATTACH_FEXIT, expand_fexit, NULL};
/* The program type comes from codegen's section (fentry/<func>, fexit/<func>): libbpf must also
 * resolve the target's BTF id from it, so the type is not forced here. */
const struct attacher attacher_fentry = {
	.kind = ATTACH_FENTRY, .prog_type = BPF_PROG_TYPE_UNSPEC, .reverse = true,
	.unavailable = tracing_unavailable, .attach = attach_f};
const struct attacher attacher_fexit = {
	.kind = ATTACH_FEXIT, .prog_type = BPF_PROG_TYPE_UNSPEC, .reverse = true,
	.unavailable = tracing_unavailable, .attach = attach_f};
