/* fentry/fexit:[module:]function (also kfunc/kretfunc). They need the tracing program type and
 * BPF trampolines; a kernel that refuses that type gets an error naming the alternatives. Names
 * are checked against kernel BTF (BTF_KIND_FUNC) when it is there; wildcards match it.
 * fentry:bpf:[ID:]FUNCTION traces loaded BPF programs: FUNCTION is one of their BTF functions. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "runtime/list_priv.h"

static const char *tracing_unavailable(void)
{
	if (libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACING, NULL) == 1)
		return NULL;
	return "fentry/fexit probes are not available on this kernel (it refuses the tracing program type); "
	       "use a tracepoint such as tracepoint:syscalls:sys_enter_* or a rawtracepoint instead";
}

/* Collects the traceable kernel functions (available_filter_functions): what a wildcard may
 * match, as -l lists them. */
static void add_name(void *ctx, const char *fn, const char *mod)
{
	list_name_vec_push(ctx, fn);
}

/* Appends the functions of BTF (MODULE's, or vmlinux's when MODULE is NULL) that FN matches; a
 * wildcard keeps only traceable ones. */
static void expand_btf(const struct probe_type *pt, const char *module, const char *fn, const struct btf *btf,
                       const struct name_vec *traceable, struct arena *arena, struct attach_list *out)
{
	bool wild = rt_spec_has_wildcard(fn);
	__u32 n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		if (!btf_is_func(t))
			continue;
		const char *name = btf__name_by_offset(btf, t->name_off);
		if (!name || fnmatch(fn, name, 0) != 0)
			continue;
		if (wild && traceable->v && !bsearch(&name, traceable->v, traceable->n, sizeof(char *), list_cmp_strp))
			continue;
		core_attach_push(arena, out, (struct mf_attach){
			.type = pt,
			.target = module ? arena_strdup(arena, module) : NULL,
			.func = arena_strdup(arena, name),
			.probe_name = module ? arena_printf(arena, "%s:%s:%s", pt->name, module, name)
			                     : arena_printf(arena, "%s:%s", pt->name, name),
		});
		if (!wild)
			break;
	}
}

/* Every module whose BTF MODULE (a pattern) names, vmlinux first. */
static void expand_modules(const struct probe_type *pt, const char *module, const char *fn, struct btf *vmlinux,
                           const struct name_vec *traceable, struct arena *arena, struct attach_list *out)
{
	if (fnmatch(module, "vmlinux", 0) == 0)
		expand_btf(pt, "vmlinux", fn, vmlinux, traceable, arena, out);
	DIR *d = opendir("/sys/kernel/btf");
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "vmlinux") == 0 || fnmatch(module, e->d_name, 0) != 0)
			continue;
		struct btf *mb = btf__load_module_btf(e->d_name, vmlinux);
		if (mb)
			expand_btf(pt, e->d_name, fn, mb, traceable, arena, out);
		btf__free(mb);
	}
	if (d)
		closedir(d);
}

/* The BTF functions of loaded program ID that FN matches, as fentry:bpf:ID:NAME (value = ID). */
static void expand_bpf_prog(const struct probe_type *pt, __u32 id, const char *fn, struct arena *arena,
                            struct attach_list *out)
{
	int fd = bpf_prog_get_fd_by_id(id);
	struct bpf_prog_info info = {0};
	__u32 len = sizeof(info);
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len) < 0 || !info.btf_id || !info.nr_func_info) {
		if (fd >= 0)
			close(fd);
		return;
	}
	__u32 nfuncs = info.nr_func_info, rec = info.func_info_rec_size;
	struct bpf_func_info *funcs = calloc(nfuncs, rec);
	memset(&info, 0, sizeof(info));
	info.nr_func_info = nfuncs;
	info.func_info_rec_size = rec;
	info.func_info = (__u64)(uintptr_t)funcs;
	len = sizeof(info);
	struct btf *btf = NULL;
	if (funcs && bpf_obj_get_info_by_fd(fd, &info, &len) == 0)
		btf = btf__load_from_kernel_by_id(info.btf_id);
	for (__u32 i = 0; btf && i < nfuncs; i++) {
		const struct bpf_func_info *f = (const void *)((const char *)funcs + (size_t)i * rec);
		const struct btf_type *t = btf__type_by_id(btf, f->type_id);
		const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;
		if (name && fnmatch(fn, name, 0) == 0)
			core_attach_push(arena, out, (struct mf_attach){
				.type = pt, .target = "bpf", .func = arena_strdup(arena, name), .value = id,
				.probe_name = arena_printf(arena, "%s:bpf:%u:%s", pt->name, id, name)});
	}
	btf__free(btf);
	free(funcs);
	close(fd);
}

/* SPEC after "bpf:": ID:FUNCTION, or FUNCTION (a pattern) in every loaded program. */
static void expand_bpf(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out)
{
	char *end;
	unsigned long id = strtoul(spec, &end, 10);
	if (end != spec && *end == ':') {
		expand_bpf_prog(pt, (__u32)id, end + 1, arena, out);
		return;
	}
	for (__u32 next = 0; bpf_prog_get_next_id(next, &next) == 0;)
		expand_bpf_prog(pt, next, spec, arena, out);
}

static int expand(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                  char *err, size_t errlen)
{
	if (!spec || !*spec) {
		snprintf(err, errlen, "%s probes are written %s:[module:]function", pt->name, pt->name);
		return -1;
	}
	if (strncmp(spec, "bpf:", 4) == 0) {
		expand_bpf(pt, spec + 4, arena, out);
		return 0;
	}
	const char *colon = strchr(spec, ':');
	char *module = colon ? strndup(spec, (size_t)(colon - spec)) : NULL;
	const char *fn = colon ? colon + 1 : spec;
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct name_vec traceable = {0};
	if (rt_spec_has_wildcard(fn) && rt_each_traceable(out->traceable_functions, add_name, &traceable) == 0 && traceable.n)
		qsort(traceable.v, traceable.n, sizeof(*traceable.v), list_cmp_strp);
	if (!vmlinux) {
		/* No BTF to check against: an exact name passes, the load will tell. */
		if (!rt_spec_has_wildcard(spec))
			core_attach_push(arena, out, (struct mf_attach){
				.type = pt, .target = module ? arena_strdup(arena, module) : NULL,
				.func = arena_strdup(arena, fn), .probe_name = arena_printf(arena, "%s:%s", pt->name, spec)});
	} else if (!module) {
		size_t before = out->count;
		expand_btf(pt, NULL, fn, vmlinux, &traceable, arena, out);
		/* A function vmlinux lacks may be a loaded module's (nf_tables_newtable). */
		if (out->count == before && !rt_spec_has_wildcard(fn))
			expand_modules(pt, "*", fn, vmlinux, &traceable, arena, out);
	} else {
		expand_modules(pt, module, fn, vmlinux, &traceable, arena, out);
	}
	for (size_t i = 0; i < traceable.n; i++)
		free(traceable.v[i]);
	free(traceable.v);
	btf__free(vmlinux);
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

/* The kernel checks the program against its target's BTF at load, so the target is set first.
 * A BPF program target is named by an fd the load reads: it stays open until sonde exits, which
 * also keeps the target loaded while it is traced. */
static int before_load(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                       size_t n, char *err, size_t errlen)
{
	(void)env, (void)n;
	if (!at->target || strcmp(at->target, "bpf") != 0)
		return rt_set_btf_target(prog, at, err, errlen);
	int fd = bpf_prog_get_fd_by_id((__u32)at->value);
	int rc = fd < 0 ? -errno : bpf_program__set_attach_target(prog, fd, at->func);
	if (rc < 0) {
		snprintf(err, errlen, "Unable to attach probe: %s: %s", at->probe_name,
		         fd < 0 ? "the BPF program is gone" : strerror(-rc));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return 0;
}

/* The BTF of loaded program ID, or NULL. */
static struct btf *prog_btf(__u32 id)
{
	int fd = bpf_prog_get_fd_by_id(id);
	struct bpf_prog_info info = {0};
	__u32 len = sizeof(info);
	struct btf *btf = fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && info.btf_id
	                  ? btf__load_from_kernel_by_id(info.btf_id) : NULL;
	if (fd >= 0)
		close(fd);
	return btf;
}

/* The traced function's BTF prototype, from vmlinux or its module's BTF (split on top of
 * vmlinux's, so freed before it), given to USE; -1 when there is none. */
static int with_proto(const struct mf_attach *at, int (*use)(const struct btf *btf, uint32_t proto, void *ctx),
                      void *ctx)
{
	struct btf *vmlinux = btf__load_vmlinux_btf(), *btf = vmlinux;
	if (vmlinux && at->target && strcmp(at->target, "bpf") == 0)
		btf = prog_btf((__u32)at->value);
	else if (vmlinux && at->target && strcmp(at->target, "vmlinux") != 0)
		btf = btf__load_module_btf(at->target, vmlinux);
	__s32 id = btf ? btf__find_by_name_kind(btf, at->func, BTF_KIND_FUNC) : -1;
	int rc = id > 0 ? use(btf, btf__type_by_id(btf, (__u32)id)->type, ctx) : -1;
	if (btf != vmlinux)
		btf__free(btf);
	btf__free(vmlinux);
	return rc;
}

struct args_ctx {
	struct arena *arena;
	struct probe_arg **out, *ret;
	size_t *nout;
};

static int use_args(const struct btf *btf, uint32_t proto, void *ctx)
{
	struct args_ctx *a = ctx;
	return rt_btf_proto_args(btf, proto, 0, a->arena, a->out, a->nout);
}

static int use_retval(const struct btf *btf, uint32_t proto, void *ctx)
{
	struct args_ctx *a = ctx;
	return rt_btf_proto_retval(btf, proto, a->arena, a->ret);
}

/* `args`: the function's parameters. */
static int args(const struct mf_attach *at, struct arena *arena, struct probe_arg **out, size_t *nout, char *err,
                size_t errlen)
{
	struct args_ctx a = {.arena = arena, .out = out, .nout = nout};
	int rc = with_proto(at, use_args, &a);
	if (rc < 0)
		snprintf(err, errlen, "no BTF prototype for %s", at->func);
	return rc;
}

/* fexit's `retval`: typed as the function returns it. */
static int retval(const struct mf_attach *at, struct arena *arena, struct probe_arg *out, char *err, size_t errlen)
{
	struct args_ctx a = {.arena = arena, .ret = out};
	int rc = with_proto(at, use_retval, &a);
	if (rc < 0)
		snprintf(err, errlen, "%s returns nothing", at->func);
	return rc;
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
	.aliases = fentry_aliases, .traits = PT_FUNC_KERNEL | PT_LIST_KERNEL | PT_PROGRAM_PER_ATTACH | PT_CTX_U64_SLOTS | PT_PID_FILTER | PT_BTF_CTX |
	          PT_SIGNAL_TARGET,
	.expand = expand, .args = args, .section = "fentry", .prog_type = BPF_PROG_TYPE_UNSPEC, .reverse = true,
	.unavailable = tracing_unavailable, .before_load = before_load, .attach = attach, .list = &list,
};
const struct probe_type rt_probe_type_fexit = {
	.name = "fexit",
	.synopsis = "fexit[:MODULE]:FUNCTION",
	.help = "Return from a kernel function through a BPF trampoline: args and retval. Needs a kernel that "
	         "allows the BPF tracing program type.",
	.aliases = fexit_aliases, .traits = PT_FUNC_KERNEL | PT_PROGRAM_PER_ATTACH | PT_RETVAL | PT_RETVAL_AFTER_ARGS | PT_PID_FILTER |
	          PT_CTX_U64_SLOTS | PT_BTF_CTX | PT_SIGNAL_TARGET,
	.expand = expand, .args = args, .retval = retval, .section = "fexit", .prog_type = BPF_PROG_TYPE_UNSPEC, .reverse = true,
	.unavailable = tracing_unavailable, .before_load = before_load, .attach = attach, .list = &list,
};
