/* fentry/fexit:[module:]function (also kfunc/kretfunc). They need the tracing program type and
 * BPF trampolines; a kernel that refuses that type gets an error naming the alternatives. Names
 * are checked against kernel BTF (BTF_KIND_FUNC) when it is there; wildcards match it. */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "runtime/list_priv.h"

static const char *tracing_unavailable(void)
{
	if (libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACING, NULL) == 1)
		return NULL;
	return "fentry/fexit probes are not available on this kernel (it refuses the tracing program type); "
	       "use a tracepoint such as tracepoint:syscalls:sys_enter_* or a rawtracepoint instead";
}

static int expand(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                  char *err, size_t errlen)
{
	const char *prov = pt->name;
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
	if (!btf && !rt_spec_has_wildcard(fn)) {
		/* No BTF to check against: the load will tell. */
		core_attach_push(arena, out, (struct mf_attach){
			.type = pt, .target = module ? arena_strdup(arena, module) : NULL, .func = arena_strdup(arena, fn),
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
			core_attach_push(arena, out, (struct mf_attach){
				.type = pt,
				.target = module ? arena_strdup(arena, module) : NULL,
				.func = arena_strdup(arena, name),
				.probe_name = module ? arena_printf(arena, "%s:%s:%s", prov, module, name)
				                     : arena_printf(arena, "%s:%s", prov, name),
			});
			if (!rt_spec_has_wildcard(fn))
				break;
		}
		btf__free(btf);
	}
	free(module);
	/* Nothing matched: sema reports it as missing_probes says. */
	return 0;
}

static int attach(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                  struct rt_links *links, char *err, size_t errlen)
{
	const char *why = tracing_unavailable();
	if (why) {
		snprintf(err, errlen, "Unable to attach probe: %s: %s", at->probe_name, why);
		return -1;
	}
	/* The target was bound at load time from the section name (fentry/<func>). */
	return rt_attach_keep(links, bpf_program__attach_trace(prog), at->probe_name, err, errlen);
}

/* ---- listing ---- */

static void cands(struct lister *l, const char *target, bool with_module, struct cands *c)
{
	list_fentry_cands(l, c);
}

static const struct probe_list list = {
	.cands = cands, .print_args = list_print_func_args, .search = list_search_module,
	.attach_point = list_attach_point_module};

static const char *const fentry_aliases[] = {"f", "kfunc", NULL};
static const char *const fexit_aliases[] = {"fr", "kretfunc", NULL};

/* The program type comes from codegen's section (fentry/<func>, fexit/<func>): libbpf must also
 * resolve the target's BTF id from it, so the type is not forced here. */
const struct probe_type rt_probe_type_fentry = {
	.name = "fentry",
	.synopsis = "fentry[:MODULE]:FUNCTION",
	.help = "Entry to a kernel function through a BPF trampoline, with typed arguments from BTF in args. "
	         "Needs a kernel that allows the BPF tracing program type.",
	.aliases = fentry_aliases, .traits = PT_FUNC_KERNEL | PT_LIST_KERNEL,
	.expand = expand, .section = "fentry", .prog_type = BPF_PROG_TYPE_UNSPEC, .reverse = true,
	.unavailable = tracing_unavailable, .attach = attach, .list = &list,
};
const struct probe_type rt_probe_type_fexit = {
	.name = "fexit",
	.synopsis = "fexit[:MODULE]:FUNCTION",
	.help = "Return from a kernel function through a BPF trampoline: args and retval. Needs a kernel that "
	         "allows the BPF tracing program type.",
	.aliases = fexit_aliases, .traits = PT_FUNC_KERNEL,
	.expand = expand, .section = "fexit", .prog_type = BPF_PROG_TYPE_UNSPEC, .reverse = true,
	.unavailable = tracing_unavailable, .attach = attach, .list = &list,
};
