/* rawtracepoint:[module:]event. The kernel names each raw tracepoint's prototype in BTF as the
 * typedef btf_trace_<event>, a pointer to a function whose first parameter is the tracepoint's
 * private data and the rest its arguments: that is both the list to expand wildcards against and
 * where args come from. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <bpf/btf.h>

#include "runtime/list_priv.h"

#define BTF_TRACE_PREFIX "btf_trace_"

/* Loads BTF for MODULE ("vmlinux" or a module name); module BTF is split on top of VMLINUX. */
static struct btf *load_btf(const char *module, struct btf *vmlinux)
{
	if (strcmp(module, "vmlinux") == 0)
		return btf__load_vmlinux_btf();
	return btf__load_module_btf(module, vmlinux);
}

/* The func_proto of raw tracepoint NAME, or 0. The functions __bpf_trace_NAME (and, on newer
 * kernels, __probestub_NAME) carry parameter names; the btf_trace_NAME typedef only types. */
static __u32 find_proto(const struct btf *btf, const char *name)
{
	static const char *const funcs[] = {"__bpf_trace_", "__probestub_"};
	char tname[512];
	for (size_t i = 0; i < ARRAY_LEN(funcs); i++) {
		snprintf(tname, sizeof(tname), "%s%s", funcs[i], name);
		__s32 fid = btf__find_by_name_kind(btf, tname, BTF_KIND_FUNC);
		if (fid > 0) {
			const struct btf_type *f = btf__type_by_id(btf, (__u32)fid);
			const struct btf_type *fp = btf__type_by_id(btf, f->type);
			if (fp && btf_is_func_proto(fp) && btf_vlen(fp) > 0)
				return f->type;
		}
	}
	snprintf(tname, sizeof(tname), BTF_TRACE_PREFIX "%s", name);
	__s32 id = btf__find_by_name_kind(btf, tname, BTF_KIND_TYPEDEF);
	if (id <= 0)
		return 0;
	const struct btf_type *t = btf__type_by_id(btf, (__u32)id);
	t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_ptr(t))
		return 0;
	__u32 proto = t->type;
	t = btf__type_by_id(btf, proto);
	return t && btf_is_func_proto(t) ? proto : 0;
}

static void push(const struct probe_type *pt, struct arena *arena, struct attach_list *out, const char *module,
                 const char *name)
{
	core_attach_push(arena, out, (struct mf_attach){
		.type = pt,
		.target = module ? arena_strdup(arena, module) : NULL,
		.func = arena_strdup(arena, name),
		.probe_name = module ? arena_printf(arena, "rawtracepoint:%s:%s", module, name)
		                     : arena_printf(arena, "rawtracepoint:%s", name),
	});
}

/* Appends every event of MODULE's BTF matching PATTERN. SHOW_MODULE: name it in probe names. */
static void expand_module(const struct probe_type *pt, const char *module, bool show_module, const char *pattern, struct btf *vmlinux,
                          struct arena *arena, struct attach_list *out)
{
	struct btf *btf = vmlinux && strcmp(module, "vmlinux") == 0 ? vmlinux : load_btf(module, vmlinux);
	if (!btf)
		return;
	__u32 n = btf__type_cnt(btf);
	/* Split BTF repeats none of vmlinux's types: start after them. */
	__u32 first = btf == vmlinux || !vmlinux ? 1 : btf__type_cnt(vmlinux);
	for (__u32 id = first; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		if (!btf_is_typedef(t))
			continue;
		const char *tname = btf__name_by_offset(btf, t->name_off);
		if (!tname || strncmp(tname, BTF_TRACE_PREFIX, strlen(BTF_TRACE_PREFIX)) != 0)
			continue;
		const char *ev = tname + strlen(BTF_TRACE_PREFIX);
		if (fnmatch(pattern, ev, 0) == 0)
			push(pt, arena, out, show_module ? module : NULL, ev);
	}
	if (btf != vmlinux)
		btf__free(btf);
}

static int expand(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                  char *err, size_t errlen)
{
	if (!spec || !*spec) {
		snprintf(err, errlen, "rawtracepoint probes are written rawtracepoint:[module:]event");
		return -1;
	}
	const char *colon = strchr(spec, ':');
	char *module = colon ? strndup(spec, (size_t)(colon - spec)) : NULL;
	const char *name = colon ? colon + 1 : spec;
	size_t before = out->count;
	struct stat st;
	bool have_btf = stat("/sys/kernel/btf/vmlinux", &st) == 0;

	if (!have_btf) {
		/* No BTF to check against: exact names pass through, the attach will tell. */
		if (!rt_spec_has_wildcard(spec))
			push(pt, arena, out, module, name);
	} else if (module && !rt_spec_has_wildcard(module)) {
		struct btf *vmlinux = btf__load_vmlinux_btf();
		expand_module(pt, module, true, name, vmlinux, arena, out);
		btf__free(vmlinux);
	} else {
		struct btf *vmlinux = btf__load_vmlinux_btf();
		DIR *d = opendir("/sys/kernel/btf");
		struct dirent *e;
		/* vmlinux first, then modules in directory order. */
		if (!module || fnmatch(module, "vmlinux", 0) == 0)
			expand_module(pt, "vmlinux", module != NULL, name, vmlinux, arena, out);
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.' || strcmp(e->d_name, "vmlinux") == 0)
				continue;
			if (module ? fnmatch(module, e->d_name, 0) == 0 : rt_spec_has_wildcard(name) || out->count == before)
				expand_module(pt, e->d_name, module != NULL, name, vmlinux, arena, out);
		}
		if (d)
			closedir(d);
		btf__free(vmlinux);
	}
	free(module);
	return 0;   /* nothing matched: sema reports it as missing_probes says */
}

static int args(const struct mf_attach *at, struct arena *arena, struct probe_arg **out, size_t *nout, char *err,
                size_t errlen)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		snprintf(err, errlen, "rawtracepoint args need kernel BTF (/sys/kernel/btf/vmlinux): %s", strerror(errno));
		return -1;
	}
	struct btf *btf = vmlinux;
	__u32 proto = find_proto(btf, at->func);
	if (!proto && at->target && strcmp(at->target, "vmlinux") != 0) {
		btf = btf__load_module_btf(at->target, vmlinux);
		proto = btf ? find_proto(btf, at->func) : 0;
	}
	if (!proto) {
		snprintf(err, errlen, "no BTF prototype for raw tracepoint %s", at->func);
		if (btf && btf != vmlinux)
			btf__free(btf);
		btf__free(vmlinux);
		return -1;
	}
	/* The first parameter is the tracepoint's private data, not an argument. */
	rt_btf_proto_args(btf, proto, 1, arena, out, nout);
	if (btf != vmlinux)
		btf__free(btf);
	btf__free(vmlinux);
	return 0;
}

static int attach(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                  struct rt_links *links, char *err, size_t errlen)
{
	return rt_attach_keep(links, bpf_program__attach_raw_tracepoint(prog, at->func), at->probe_name, err, errlen);
}

/* ---- listing ---- */

static void cands(struct lister *l, const char *target, bool with_module, struct cands *c)
{
	list_rawtp_cands(l, c);
}

static const struct probe_list list = {
	.cands = cands, .print_args = list_print_rawtp_args, .search = list_search_module,
	.attach_point = list_attach_point_module};

static const char *const aliases[] = {"rt", NULL};

const struct probe_type rt_probe_type_rawtracepoint = {
	.name = "rawtracepoint",
	.synopsis = "rawtracepoint[:MODULE]:EVENT",
	.help = "A raw kernel tracepoint: the tracepoint's own arguments, typed from the kernel's BTF, "
	         "without the tracefs format.",
	.aliases = aliases, .traits = PT_NAME_IS_PATTERN | PT_LIST_KERNEL | PT_CTX_U64_SLOTS | PT_PID_FILTER | PT_SIGNAL_TARGET,
	.argn = PROBE_ARGN_ARRAY, .expand = expand, .args = args, .section = "raw_tp",
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT, .attach = attach, .list = &list,
};
