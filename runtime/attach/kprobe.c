/* kprobe:[module:]function[+offset], kprobe:ADDRESS and kretprobe:[module:]function. Wildcards
 * match tracefs's available_filter_functions; a named function must be listed there (as bpftrace
 * checks) unless --unsafe. A program on many functions takes one kprobe_multi link where the
 * kernel has them (CONFIG_FPROBE), one kprobe per function elsewhere. Kernels built without CONFIG_KPROBES (this project's CI kernel among
 * them) have no kprobe PMU: attaching then fails with a message that names the alternative. */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/list_priv.h"

static const char *kprobes_unavailable(void)
{
	struct stat st;
	if (stat("/sys/bus/event_source/devices/kprobe/type", &st) == 0)
		return NULL;
	return "kprobes are not available on this kernel (CONFIG_KPROBES is off: no kprobe PMU in "
	       "/sys/bus/event_source/devices); use a tracepoint such as tracepoint:syscalls:sys_enter_* or a "
	       "rawtracepoint instead";
}

static void push(const struct probe_type *pt, const char *module, const char *fn, uint64_t off, struct arena *arena,
                 struct attach_list *out)
{
	struct mf_attach at = {
		.type = pt,
		.target = module ? arena_strdup(arena, module) : NULL,
		.func = arena_strdup(arena, fn),
		.value = off,
	};
	const char *mod = module ? arena_printf(arena, "%s:", module) : "";
	at.probe_name = off ? arena_printf(arena, "%s:%s%s+%llu", pt->name, mod, fn, (unsigned long long)off)
	                    : arena_printf(arena, "%s:%s%s", pt->name, mod, fn);
	core_attach_push(arena, out, at);
}

struct wild_ctx {
	const struct probe_type *pt;
	const char *module, *pattern;
	struct arena *arena;
	struct attach_list *out;
};

static void push_match(void *vctx, const char *fn, const char *mod)
{
	struct wild_ctx *w = vctx;
	if (fnmatch(w->pattern, fn, 0) != 0)
		return;
	if (w->module && fnmatch(w->module, mod ? mod : "vmlinux", 0) != 0)
		return;
	push(w->pt, w->module ? (mod ? mod : "vmlinux") : NULL, fn, 0, w->arena, w->out);
}

struct traceable_ctx {
	const char *module, *fn;
	bool found;
};

static void find_traceable(void *vctx, const char *fn, const char *mod)
{
	struct traceable_ctx *t = vctx;
	if (!t->found && strcmp(fn, t->fn) == 0 && (!t->module || strcmp(t->module, mod ? mod : "vmlinux") == 0))
		t->found = true;
}

/* A named function must be one ftrace can trace, as bpftrace checks: anything else is most likely
 * missing, inlined or notrace, and is skipped (so missing_probes decides) unless --unsafe asks to
 * try anyway. Where kprobes or available_filter_functions are missing there is nothing to check. */
static bool keep_named(const char *module, const char *fn, struct arena *arena, struct attach_list *out)
{
	struct traceable_ctx t = {module, fn, false};
	if (kprobes_unavailable() || rt_each_traceable(out->traceable_functions, find_traceable, &t) < 0 || t.found)
		return true;
	out->warning = arena_printf(arena, "%s is not traceable (either non-existing, inlined, or marked as "
	                                   "\"notrace\"); attaching to it will likely fail", fn);
	return out->unsafe;
}

/* A module named outright must be loaded (vmlinux always is). */
static bool module_loaded(const char *module)
{
	char path[320];
	struct stat st;
	if (!module || strcmp(module, "vmlinux") == 0 || kprobes_unavailable())
		return true;
	snprintf(path, sizeof(path), "/sys/module/%s", module);
	return stat(path, &st) == 0;
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
	char *fn = strdup(colon ? colon + 1 : spec);
	uint64_t off = 0;
	char *plus = strchr(fn, '+');
	int rc = 0;
	if (plus) {
		*plus = '\0';
		if (probe_has(pt, PT_RETVAL) || !rt_parse_count(plus + 1, &off)) {
			snprintf(err, errlen, "invalid offset in %s:%s", prov, spec);
			rc = -1;
		}
	}
	bool wild = rt_spec_has_wildcard(fn) || (module && rt_spec_has_wildcard(module));
	if (rc == 0 && !wild && !module_loaded(module)) {
		snprintf(err, errlen, "specified module %s in probe %s:%s is not loaded.", module, prov, spec);
		rc = -1;
	}
	if (rc == 0 && wild) {
		/* The functions -l lists: the same reader, so the two never disagree. */
		struct wild_ctx w = {pt, module, fn, arena, out};
		rt_each_traceable(out->traceable_functions, push_match, &w);
	} else if (rc == 0 && !module && !plus && rt_parse_count(fn, &off)) {
		/* kprobe:ADDRESS: the kernel takes a bare address where the function name is NULL. */
		struct mf_attach at = {.type = pt, .value = off,
		                       .probe_name = arena_printf(arena, "%s:%llu", prov, (unsigned long long)off)};
		core_attach_push(arena, out, at);
	} else if (rc == 0 && keep_named(module, fn, arena, out)) {
		push(pt, module, fn, off, arena, out);
	}
	/* Nothing matched: sema reports it as missing_probes says. */
	free(module);
	free(fn);
	return rc;
}

static int attach(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                  struct rt_links *links, char *err, size_t errlen)
{
	const char *why = kprobes_unavailable();
	if (why) {
		snprintf(err, errlen, "Unable to attach probe: %s: %s", at->probe_name, why);
		return -1;
	}
	LIBBPF_OPTS(bpf_kprobe_opts, o, .offset = (size_t)at->value, .retprobe = probe_has(at->type, PT_RETVAL),
	            .bpf_cookie = env->cookie);
	struct bpf_link *link = bpf_program__attach_kprobe_opts(prog, at->func, &o);
	if (!link && errno == EILSEQ) {
		/* The kernel found no instruction starting at function + offset. */
		snprintf(err, errlen, "Possible attachment attempt in the middle of an instruction, try a different offset.");
		return -1;
	}
	return rt_attach_keep(links, link, at->probe_name, err, errlen);
}

/* ---- many functions, one link (kprobe_multi) ---- */

/* Whether this kernel has kprobe_multi links (CONFIG_FPROBE: its link type is in BTF). */
/* Whether the N attach points AT can share one kprobe_multi link: plain functions of vmlinux
 * (no offsets, addresses or modules, which it cannot name), on a kernel that has it. */
static bool multi_ok(const struct mf_attach *at, size_t n)
{
	if (n < 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!at[i].func || at[i].value || (at[i].target && strcmp(at[i].target, "vmlinux") != 0))
			return false;
	return !kprobes_unavailable() && rt_kernel_has_struct("bpf_kprobe_multi_link");
}

struct multi_sym {
	const char *name;
	size_t index;
};

static int cmp_sym(const void *a, const void *b)
{
	const struct multi_sym *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* The functions of AT, each once (ftrace lists a static function once per copy, and the link
 * takes a name once), with the cookie of its first attach point. Returns how many. */
static size_t unique_syms(const struct mf_attach *at, size_t n, bool with_cookies, const char **syms,
                          __u64 *cookies)
{
	struct multi_sym *v = malloc(n * sizeof(*v));
	if (!v)
		return 0;
	for (size_t i = 0; i < n; i++)
		v[i] = (struct multi_sym){at[i].func, i};
	qsort(v, n, sizeof(*v), cmp_sym);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && strcmp(syms[k - 1], v[i].name) == 0)
			continue;
		syms[k] = v[i].name;
		cookies[k++] = with_cookies ? at[v[i].index].name_index : 0;
	}
	free(v);
	return k;
}

/* ---- kprobe_session: a kprobe and a kretprobe on the same functions, one program and one link ---- */

/* libbpf 1.1 predates kprobe_session (kernel 6.10): its attach type, and the link made with bpf(2)
 * with kprobe_multi's attr laid out here. Sema folds the two probes into one program only where
 * the kernel has it (sema_session_ok). */
enum { ATTACH_KPROBE_SESSION = 56, CMD_LINK_CREATE = 28 };
struct kprobe_multi_attr {
	uint32_t prog_fd, target_fd, attach_type, flags;
	uint32_t multi_flags, cnt;
	uint64_t syms, addrs, cookies;
};

/* One session link for the N functions of AT (the kprobe's), each attachment's cookie holding the
 * kprobe's name index and, above it, the folded kretprobe's. */
static int attach_session(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                          size_t n, struct rt_links *links, char *err, size_t errlen)
{
	const char **syms = malloc(n * sizeof(*syms));
	__u64 *cookies = malloc(n * sizeof(*cookies));
	int rc = -1;
	if (!syms || !cookies) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		syms[i] = at[i].func;
		cookies[i] = env->cookies ? at[i].name_index | (uint64_t)env->session_return[i].name_index << 32 : 0;
	}
	struct kprobe_multi_attr attr = {
		.prog_fd = (uint32_t)bpf_program__fd(prog), .attach_type = ATTACH_KPROBE_SESSION, .cnt = (uint32_t)n,
		.syms = (uint64_t)(uintptr_t)syms, .cookies = (uint64_t)(uintptr_t)cookies,
	};
	int fd = (int)syscall(SYS_bpf, CMD_LINK_CREATE, &attr, sizeof(attr));
	if (fd < 0)
		snprintf(err, errlen, "Unable to attach probe: %s%s (one kprobe_session link): %s", at->probe_name,
		         n > 1 ? " and more" : "", strerror(errno));
	else if (rt_links_push_fd(links, fd) < 0)
		snprintf(err, errlen, "out of memory");
	else
		rc = 0;
out:
	free(syms);
	free(cookies);
	return rc;
}

/* A program attached to many functions at once is loaded for kprobe_multi links (attach_many
 * then reads that choice back from the program); one with a kretprobe folded in, for a session. */
static int before_load(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                       size_t n, char *err, size_t errlen)
{
	if (env->session_return) {
		if (bpf_program__set_expected_attach_type(prog, (enum bpf_attach_type)ATTACH_KPROBE_SESSION) < 0) {
			snprintf(err, errlen, "cannot load %s for a kprobe_session link", at->probe_name);
			return -1;
		}
		return 0;
	}
	if (!(env->no_features & PROBE_NO_KPROBE_MULTI) && multi_ok(at, n) &&
	    bpf_program__set_expected_attach_type(prog, BPF_TRACE_KPROBE_MULTI) < 0) {
		snprintf(err, errlen, "cannot load %s for a kprobe_multi link", at->probe_name);
		return -1;
	}
	return 0;
}

static int attach_many(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                       size_t n, struct rt_links *links, char *err, size_t errlen)
{
	if (env->session_return)
		return attach_session(env, prog, at, n, links, err, errlen);
	if (bpf_program__expected_attach_type(prog) != BPF_TRACE_KPROBE_MULTI)
		return 1;   /* before_load chose one kprobe per function */
	const char **syms = malloc(n * sizeof(*syms));
	__u64 *cookies = malloc(n * sizeof(*cookies));
	size_t cnt = syms && cookies ? unique_syms(at, n, env->cookies, syms, cookies) : 0;
	int rc = -1;
	if (!cnt) {
		snprintf(err, errlen, "out of memory");
	} else {
		LIBBPF_OPTS(bpf_kprobe_multi_opts, o, .syms = syms, .cnt = cnt, .cookies = cookies,
		            .retprobe = probe_has(at->type, PT_RETVAL));
		struct bpf_link *link = bpf_program__attach_kprobe_multi_opts(prog, NULL, &o);
		if (link)
			rc = rt_attach_keep(links, link, at->probe_name, err, errlen);
		else
			snprintf(err, errlen, "Unable to attach probe: %s and %zu more (one kprobe_multi link): %s",
			         at->probe_name, n - 1, strerror(errno));
	}
	free(syms);
	free(cookies);
	return rc;
}

/* ---- listing ---- */

static void cands(struct lister *l, const char *target, bool with_module, struct cands *c)
{
	if (kprobes_unavailable())
		return;   /* nothing to attach to: no kprobe PMU on this kernel */
	list_kprobe_cands(l, with_module, c);
}

static void search(struct lister *l, const struct probe_type *pt, int nparts, const char *part1, const char *suffix)
{
	list_kind(l, pt, NULL, nparts > 2, suffix);
}

static void attach_point(struct lister *l, const struct probe_type *pt, char **p, int n)
{
	char *pat = NULL;
	list_strip_offset(p[n > 2 ? 2 : 1]);
	if (asprintf(&pat, n > 2 ? "%s:%s" : "%s", p[1], n > 2 ? p[2] : "") >= 0)
		list_kind(l, pt, NULL, n > 2, pat);
	free(pat);
}

static const struct probe_list kprobe_list = {
	.cands = cands, .print_args = list_print_kprobe_args, .search = search, .attach_point = attach_point};
static const struct probe_list kretprobe_list = {
	.cands = cands, .print_args = list_print_kretprobe_args, .search = search, .attach_point = attach_point};

static const char *const kprobe_aliases[] = {"k", NULL};
static const char *const kretprobe_aliases[] = {"kr", NULL};

const struct probe_type rt_probe_type_kprobe = {
	.name = "kprobe",
	.synopsis = "kprobe[:MODULE]:FUNCTION[+OFFSET]",
	.help = "Entry to a kernel function (wildcards match available_filter_functions); its arguments "
	         "are arg0, arg1, ... Needs a kernel with kprobes.",
	.aliases = kprobe_aliases,
	.traits = PT_REGS | PT_FUNC_KERNEL | PT_LIST_KERNEL | PT_COOKIE | PT_PID_FILTER | PT_SIGNAL_TARGET | PT_OVERRIDE_RETURN |
	          PT_SESSION_ENTRY,
	.argn = PROBE_ARGN_REGS, .expand = expand, .section = "kprobe", .prog_type = BPF_PROG_TYPE_KPROBE,
	.reverse = true, .unavailable = kprobes_unavailable, .before_load = before_load, .attach = attach,
	.attach_many = attach_many, .list = &kprobe_list,
};
const struct probe_type rt_probe_type_kretprobe = {
	.name = "kretprobe",
	.synopsis = "kretprobe[:MODULE]:FUNCTION",
	.help = "Return from a kernel function; retval holds the return value. Needs a kernel with kprobes.",
	.aliases = kretprobe_aliases, .traits = PT_RETVAL | PT_REGS | PT_FUNC_KERNEL | PT_COOKIE | PT_PID_FILTER | PT_SIGNAL_TARGET |
	          PT_SESSION_RETURN,
	.expand = expand, .section = "kretprobe", .prog_type = BPF_PROG_TYPE_KPROBE,
	.unavailable = kprobes_unavailable, .before_load = before_load, .attach = attach, .attach_many = attach_many,
	.list = &kretprobe_list,
};
