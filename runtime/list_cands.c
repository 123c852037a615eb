/* Probe listing: the candidates each probe type offers (tracefs events, traceable functions, BTF
 * functions and raw tracepoints, event names, and the symbols or USDT notes of user binaries), and
 * the container that matches them against a pattern. */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <bpf/btf.h>

#include "runtime/elfsyms.h"
#include "runtime/list_priv.h"

/* ---- the candidate container ------------------------------------------------------------------ */

void list_cands_push(struct cands *c, char *name, const struct btf *btf, uint32_t id, int prio, size_t off)
{
	if (!name)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct cand *v = realloc(c->v, cap * sizeof(*v));
		if (!v) {
			free(name);
			return;
		}
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (struct cand){name, btf, id, prio, off};
}

void list_cands_pushf(struct cands *c, const struct btf *btf, uint32_t id, int prio, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	list_cands_push(c, s, btf, id, prio, 0);
}

void list_cands_free(struct cands *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].name);
	free(c->v);
	*c = (struct cands){0};
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int r = strcmp(x->name, y->name);
	return r ? r : x->prio - y->prio;
}

/* Keeps the candidates PATTERN matches, sorted, one per name. */
void list_cands_select(struct cands *c, const char *pattern)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (fnmatch(pattern, c->v[i].name + c->v[i].match_off, 0) == 0)
			c->v[n++] = c->v[i];
		else
			free(c->v[i].name);
	}
	c->n = n;
	if (n > 1)
		qsort(c->v, n, sizeof(*c->v), cand_cmp);
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		if (u && strcmp(c->v[u - 1].name, c->v[i].name) == 0)
			free(c->v[i].name);
		else
			c->v[u++] = c->v[i];
	}
	c->n = u;
}

/* ---- candidates per probe type ---------------------------------------------------------------- */

struct kprobe_ctx {
	struct cands *c;
	bool with_module;
};

static void collect_kprobe(void *ctx, const char *fn, const char *mod)
{
	struct kprobe_ctx *k = ctx;
	if (k->with_module)
		list_cands_pushf(k->c, NULL, 0, 0, "%s:%s", mod ? mod : "vmlinux", fn);
	else
		list_cands_push(k->c, strdup(fn), NULL, 0, 0, 0);
}

void list_kprobe_cands(struct lister *l, bool with_module, struct cands *c)
{
	struct kprobe_ctx k = {c, with_module};
	if (rt_each_traceable(l->o.traceable_functions, collect_kprobe, &k) < 0)
		list_warn(l, "Could not read symbols from available_filter_functions: %s", strerror(errno));
}

/* Calls CB for every BTF_KIND_FUNC of every BTF object with its name and prototype. */
void list_each_btf_func(struct lister *l,
                   void (*cb)(struct lister *l, struct btf_obj *o, const char *name, uint32_t proto,
                              void *ctx),
                   void *ctx)
{
	list_load_btfs(l);
	for (size_t i = 0; i < l->nbtfs; i++) {
		struct btf_obj *o = &l->btfs[i];
		uint32_t n = btf__type_cnt(o->btf);
		for (uint32_t id = o->first_id; id < n; id++) {
			const struct btf_type *t = btf__type_by_id(o->btf, id);
			if (!t || !btf_is_func(t))
				continue;
			const struct btf_type *p = btf__type_by_id(o->btf, t->type);
			const char *name = btf__name_by_offset(o->btf, t->name_off);
			if (p && btf_is_func_proto(p) && name && *name)
				cb(l, o, name, t->type, ctx);
		}
	}
}

static void collect_fentry(struct lister *l, struct btf_obj *o, const char *name, uint32_t proto, void *ctx)
{
	const struct btf_type *p = btf__type_by_id(o->btf, proto);
	if (btf_vlen(p) <= MAX_FUNC_ARGS && list_is_traceable(l, name))
		list_cands_pushf(ctx, o->btf, proto, 0, "%s:%s", o->name, name);
}

void list_fentry_cands(struct lister *l, struct cands *c)
{
	list_each_btf_func(l, collect_fentry, c);
}

/* A raw tracepoint's prototype is that of its __probestub_ or __traceiter_ function (first
 * parameter: the tracepoint's private data); older kernels only have the btf_trace_ typedef. */
static void collect_rawtp(struct lister *l, struct btf_obj *o, const char *name, uint32_t proto, void *ctx)
{
	(void)l;
	static const char *const prefixes[] = {"__probestub_", "__traceiter_"};
	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(name, prefixes[i], n) == 0 && btf_vlen(btf__type_by_id(o->btf, proto)) <= MAX_FUNC_ARGS) {
			list_cands_pushf(ctx, o->btf, proto, (int)i, "%s:%s", o->name, name + n);
			return;
		}
	}
}

static void push_event_name(void *ctx, const char *cat, const char *name)
{
	list_cands_pushf(ctx, NULL, 0, 0, "vmlinux:%s", name);
}

void list_rawtp_cands(struct lister *l, struct cands *c)
{
	list_each_btf_func(l, collect_rawtp, c);
	for (size_t i = 0; i < l->nbtfs; i++) {
		struct btf_obj *o = &l->btfs[i];
		uint32_t n = btf__type_cnt(o->btf);
		for (uint32_t id = o->first_id; id < n; id++) {
			const struct btf_type *t = btf__type_by_id(o->btf, id);
			if (!t || !btf_is_typedef(t))
				continue;
			const char *name = btf__name_by_offset(o->btf, t->name_off);
			if (!name || strncmp(name, "btf_trace_", 10) != 0)
				continue;
			const struct btf_type *p = btf__type_by_id(o->btf, t->type);
			if (p && btf_is_ptr(p) && btf_is_func_proto(btf__type_by_id(o->btf, p->type)))
				list_cands_pushf(c, o->btf, p->type, 2, "%s:%s", o->name, name + 10);
		}
	}
	if (l->nbtfs == 0) {
		/* No BTF: the tracepoints tracefs knows, without arguments. */
		rt_each_tracepoint("*", "*", push_event_name, c);
	}
}

static void push_target(void *ctx, const char *path)
{
	list_name_vec_push(ctx, path);
}

/* The files a uprobe/usdt TARGET names (with -p, those the process maps). */
static void user_targets(struct lister *l, const char *target, struct name_vec *out)
{
	char why[PATH_MAX + 64];
	if (rt_each_user_target(target, l->o.has_pid ? l->o.pid : 0, push_target, out, why, sizeof(why)) == 0 &&
	    why[0] && strcmp(target, "*") != 0)
		list_warn(l, "%s", why);
}

struct user_ctx {
	struct cands *c;
	const char *path;
};

static void collect_func(void *ctx, const char *name, uint64_t addr, uint64_t size)
{
	(void)addr, (void)size;
	struct user_ctx *u = ctx;
	char *s = NULL;
	if (asprintf(&s, "%s:%s", u->path, name) >= 0)
		list_cands_push(u->c, s, NULL, 0, 0, strlen(u->path) + 1);
}

static void collect_usdt(void *ctx, const struct rt_usdt_note *note)
{
	struct user_ctx *u = ctx;
	char *s = NULL;
	if (asprintf(&s, "%s:%s:%s", u->path, note->provider, note->name) >= 0)
		list_cands_push(u->c, s, NULL, 0, 0, strlen(u->path) + 1);
}

/* Symbols (uprobe) or USDT notes of every file TARGET names; the pattern is then matched against
 * what follows the path. */
void list_user_cands(struct lister *l, bool usdt, const char *target, struct cands *c)
{
	struct name_vec paths = {0};
	user_targets(l, target, &paths);
	for (size_t i = 0; i < paths.n; i++) {
		struct user_ctx u = {c, paths.v[i]};
		int rc = usdt ? rt_elf_each_usdt(paths.v[i], collect_usdt, &u) : rt_elf_each_function(paths.v[i], collect_func, &u);
		if (rc < 0 && !l->o.has_pid)
			list_warn(l, "Could not list function symbols: %s", paths.v[i]);
		free(paths.v[i]);
	}
	free(paths.v);
}
