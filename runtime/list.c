/* Probe listing (-l): which probes this kernel and these binaries offer, matched against a
 * bpftrace-style search, with each probe's arguments under -v, and BTF type definitions for
 * "struct NAME" searches. Candidates come from the same kernel facts the providers use (tracefs,
 * kernel BTF, ELF files); each probe type prints its matches sorted and de-duplicated, as bpftrace
 * prints them. Everything is read once per lister, so a script with many attach points or a search
 * with many items does not re-read BTF. */
#define _GNU_SOURCE
#include <dirent.h>
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
#include <bpf/libbpf.h>

#include "runtime/attach/attach.h"
#include "runtime/elfsyms.h"

/* bpftrace lists no function with more arguments than x86-64 passes in registers. */
#define MAX_FUNC_ARGS 6

enum lkind {
	LK_SPECIAL, LK_TRACEPOINT, LK_RAWTP, LK_KPROBE, LK_KRETPROBE, LK_FENTRY, LK_FEXIT, LK_SOFTWARE,
	LK_HARDWARE, LK_INTERVAL, LK_PROFILE, LK_UPROBE, LK_URETPROBE, LK_USDT, LK_WATCHPOINT,
};

/* Listing's own view of the probe types: bpftrace's names and aliases, and which types a wildcard
 * covers (kernel_list, and user_list when there is a binary to look in; return probes, timers and
 * watchpoints are listed only when named, as in bpftrace). Alphabetical: a wildcarded probe type
 * lists its matches in this order. */
static const struct kind_def {
	const char *name, *alias, *alias2;
	enum lkind kind;
	bool kernel_list, user_list;
} kinds[] = {
	{"begin", "BEGIN", NULL, LK_SPECIAL, false, false},
	{"end", "END", NULL, LK_SPECIAL, false, false},
	{"fentry", "f", "kfunc", LK_FENTRY, true, false},
	{"fexit", "fr", "kretfunc", LK_FEXIT, false, false},
	{"hardware", "h", NULL, LK_HARDWARE, true, false},
	{"interval", "i", NULL, LK_INTERVAL, false, false},
	{"kprobe", "k", NULL, LK_KPROBE, true, false},
	{"kretprobe", "kr", NULL, LK_KRETPROBE, false, false},
	{"profile", "p", NULL, LK_PROFILE, false, false},
	{"rawtracepoint", "rt", NULL, LK_RAWTP, true, false},
	{"software", "s", NULL, LK_SOFTWARE, true, false},
	{"tracepoint", "t", NULL, LK_TRACEPOINT, true, false},
	{"uprobe", "u", NULL, LK_UPROBE, false, true},
	{"uretprobe", "ur", NULL, LK_URETPROBE, false, false},
	{"usdt", "U", NULL, LK_USDT, false, true},
	{"watchpoint", "w", "asyncwatchpoint", LK_WATCHPOINT, false, false},
};

/* bpftrace's software and hardware event names and aliases: each is listed as "name:". */
static const char *const sw_names[] = {
	"alignment-faults", "bpf-output", "context-switches", "cs", "cpu-clock", "cpu", "cpu-migrations", "dummy",
	"emulation-faults", "major-faults", "minor-faults", "page-faults", "faults", "task-clock",
};
static const char *const hw_names[] = {
	"backend-stalls", "branch-instructions", "branches", "branch-misses", "bus-cycles", "cache-misses",
	"cache-references", "cpu-cycles", "cycles", "frontend-stalls", "instructions", "ref-cycles",
};
static const char *const time_units[] = {"hz", "ms", "s", "us"};

/* One listable name ("sched:sched_switch", "vmlinux:vfs_read", "cpu:"). BTF-backed names keep their
 * prototype so -v needs no lookup; MATCH_OFF skips a prefix the pattern is not matched against
 * (a uprobe's path, already chosen). */
struct cand {
	char *name;
	const struct btf *btf;
	uint32_t id;         /* func_proto for functions, the type for structs; 0 if none */
	int prio;            /* among equal names the lowest is kept */
	size_t match_off;
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

struct btf_obj {
	char *name;          /* "vmlinux" or the module */
	struct btf *btf;
	uint32_t first_id;   /* module BTF is split: its own types start after vmlinux's */
	struct btf_dump *dump;
	struct strbuf text;  /* what DUMP writes */
};

struct lister {
	struct list_options o;
	struct btf_obj *btfs;        /* vmlinux first */
	size_t nbtfs;
	bool btfs_loaded;
	char **traceable;            /* available_filter_functions names, sorted; NULL if unreadable */
	size_t ntraceable;
	bool traceable_loaded;
	struct cands kfunc_index;    /* every BTF function by plain name, sorted: kprobe args */
};

/* ---- small helpers ---------------------------------------------------------------------------- */

static void cands_push(struct cands *c, char *name, const struct btf *btf, uint32_t id, int prio, size_t off)
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

static void cands_pushf(struct cands *c, const struct btf *btf, uint32_t id, int prio, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void cands_pushf(struct cands *c, const struct btf *btf, uint32_t id, int prio, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	cands_push(c, s, btf, id, prio, 0);
}

static void cands_free(struct cands *c)
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
static void cands_select(struct cands *c, const char *pattern)
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

static bool path_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void warn(struct lister *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct lister *l, const char *fmt, ...)
{
	if (!l->o.warn)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("WARNING: ", l->o.warn);
	vfprintf(l->o.warn, fmt, ap);
	fputc('\n', l->o.warn);
	va_end(ap);
}

static const struct kind_def *kind_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		const struct kind_def *k = &kinds[i];
		if (strcmp(k->name, name) == 0 || (k->alias && strcmp(k->alias, name) == 0) ||
		    (k->alias2 && strcmp(k->alias2, name) == 0))
			return k;
	}
	return NULL;
}

/* ---- kernel facts, read once ---------------------------------------------------------------- */

static void sb_vprintf_cb(void *ctx, const char *fmt, va_list ap)
{
	sb_vprintf(ctx, fmt, ap);
}

static void add_btf(struct lister *l, const char *name, struct btf *btf, uint32_t first_id)
{
	struct btf_obj *v = realloc(l->btfs, (l->nbtfs + 1) * sizeof(*v));
	if (!v) {
		btf__free(btf);
		return;
	}
	l->btfs = v;
	v[l->nbtfs++] = (struct btf_obj){.name = strdup(name), .btf = btf, .first_id = first_id};
}

static void load_btfs(struct lister *l)
{
	if (l->btfs_loaded)
		return;
	l->btfs_loaded = true;
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux)
		return;
	add_btf(l, "vmlinux", vmlinux, 1);
	uint32_t first = btf__type_cnt(vmlinux);
	/* Modules in name order, so listings do not depend on directory order. */
	DIR *d = opendir("/sys/kernel/btf");
	char **mods = NULL;
	size_t nmods = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "vmlinux") == 0)
			continue;
		char **nm = realloc(mods, (nmods + 1) * sizeof(*nm));
		if (!nm)
			break;
		mods = nm;
		mods[nmods++] = strdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (nmods)
		qsort(mods, nmods, sizeof(*mods), cmp_strp);
	for (size_t i = 0; i < nmods; i++) {
		struct btf *b = mods[i] ? btf__load_module_btf(mods[i], vmlinux) : NULL;
		if (b)
			add_btf(l, mods[i], b, first);
		free(mods[i]);
	}
	free(mods);
}

/* The C declaration of type ID in O's BTF, as btf_dump writes it ("struct file *"). */
static const char *type_decl(struct btf_obj *o, uint32_t id)
{
	if (!o->dump)
		o->dump = btf_dump__new(o->btf, sb_vprintf_cb, &o->text, NULL);
	sb_reset(&o->text);
	sb_puts(&o->text, "");
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = "");
	if (o->dump)
		btf_dump__emit_type_decl(o->dump, id, &opts);
	return o->text.buf;
}

static struct btf_obj *obj_of(struct lister *l, const struct btf *btf)
{
	for (size_t i = 0; i < l->nbtfs; i++)
		if (l->btfs[i].btf == btf)
			return &l->btfs[i];
	return NULL;
}

/* available_filter_functions, the kernel's traceable functions: "name" or "name [module]". Calls
 * CB for each line that can be traced (bpftrace hides ".part.N" clones and the placeholder the
 * kernel leaves for functions it could not record). Returns -1 if the file is unreadable. */
static int each_traceable(void (*cb)(void *ctx, const char *fn, const char *mod), void *ctx)
{
	const char *root = tracefs_path();
	if (!root)
		return -1;
	char path[512];
	snprintf(path, sizeof(path), "%s/available_filter_functions", root);
	char *text = read_file_all(path, NULL);
	if (!text)
		return -1;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *mod = strchr(line, ' ');
		if (mod) {
			*mod++ = '\0';
			mod += *mod == '[';
			mod[strcspn(mod, "]")] = '\0';
		}
		if (strstr(line, ".part.") || strstr(line, "__ftrace_invalid_address__"))
			continue;
		cb(ctx, line, mod && *mod ? mod : NULL);
	}
	free(text);
	return 0;
}

struct name_vec {
	char **v;
	size_t n, cap;
};

static void name_vec_push(struct name_vec *nv, const char *s)
{
	if (nv->n == nv->cap) {
		size_t cap = nv->cap ? nv->cap * 2 : 4096;
		char **v = realloc(nv->v, cap * sizeof(*v));
		if (!v)
			return;
		nv->v = v;
		nv->cap = cap;
	}
	nv->v[nv->n++] = strdup(s);
}

static void collect_traceable(void *ctx, const char *fn, const char *mod)
{
	(void)mod;
	name_vec_push(ctx, fn);
}

/* fentry lists only functions the kernel can trace, when it tells which those are. */
static bool is_traceable(struct lister *l, const char *fn)
{
	if (!l->traceable_loaded) {
		l->traceable_loaded = true;
		struct name_vec nv = {0};
		if (each_traceable(collect_traceable, &nv) == 0) {
			if (nv.n)
				qsort(nv.v, nv.n, sizeof(*nv.v), cmp_strp);
			l->traceable = nv.v ? nv.v : calloc(1, sizeof(char *));
			l->ntraceable = nv.n;
		} else {
			free(nv.v);
		}
	}
	if (!l->traceable)
		return true;
	return bsearch(&fn, l->traceable, l->ntraceable, sizeof(char *), cmp_strp) != NULL;
}

static bool kprobes_available(void)
{
	return path_exists("/sys/bus/event_source/devices/kprobe/type");
}

/* Named explicitly, a probe type this kernel cannot attach still lists (its functions exist), but
 * says so: what is missing and what to use instead. */
static void note_unavailable(struct lister *l, const struct kind_def *kd)
{
	const char *why = NULL;
	if ((kd->kind == LK_KPROBE || kd->kind == LK_KRETPROBE) && !kprobes_available())
		why = "kprobes are not available on this kernel (no kprobe PMU)";
	else if ((kd->kind == LK_FENTRY || kd->kind == LK_FEXIT) &&
	         libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACING, NULL) != 1)
		why = "fentry/fexit probes are not available on this kernel (it refuses the tracing program type)";
	if (why)
		warn(l, "%s; tracepoint and rawtracepoint probes are", why);
}

/* ---- candidates per probe type ---------------------------------------------------------------- */

static void tracepoint_cands(struct lister *l, struct cands *c)
{
	const char *root = tracefs_path();
	char path[512];
	snprintf(path, sizeof(path), "%s/available_events", root ? root : "/sys/kernel/tracing");
	char *text = root ? read_file_all(path, NULL) : NULL;
	if (!text) {
		warn(l, "Could not read symbols from %s: %s", path, strerror(errno));
		return;
	}
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strchr(line, ':'))
			cands_push(c, strdup(line), NULL, 0, 0, 0);
	free(text);
}

struct kprobe_ctx {
	struct cands *c;
	bool with_module;
};

static void collect_kprobe(void *ctx, const char *fn, const char *mod)
{
	struct kprobe_ctx *k = ctx;
	if (k->with_module)
		cands_pushf(k->c, NULL, 0, 0, "%s:%s", mod ? mod : "vmlinux", fn);
	else
		cands_push(k->c, strdup(fn), NULL, 0, 0, 0);
}

static void kprobe_cands(struct lister *l, bool with_module, struct cands *c)
{
	if (!kprobes_available())
		return;   /* nothing to attach to: no kprobe PMU on this kernel */
	struct kprobe_ctx k = {c, with_module};
	if (each_traceable(collect_kprobe, &k) < 0)
		warn(l, "Could not read symbols from available_filter_functions: %s", strerror(errno));
}

/* Calls CB for every BTF_KIND_FUNC of every BTF object with its name and prototype. */
static void each_btf_func(struct lister *l,
                          void (*cb)(struct lister *l, struct btf_obj *o, const char *name, uint32_t proto,
                                     void *ctx),
                          void *ctx)
{
	load_btfs(l);
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
	if (btf_vlen(p) <= MAX_FUNC_ARGS && is_traceable(l, name))
		cands_pushf(ctx, o->btf, proto, 0, "%s:%s", o->name, name);
}

static void fentry_cands(struct lister *l, struct cands *c)
{
	each_btf_func(l, collect_fentry, c);
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
			cands_pushf(ctx, o->btf, proto, (int)i, "%s:%s", o->name, name + n);
			return;
		}
	}
}

static void rawtp_cands(struct lister *l, struct cands *c)
{
	each_btf_func(l, collect_rawtp, c);
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
				cands_pushf(c, o->btf, p->type, 2, "%s:%s", o->name, name + 10);
		}
	}
	if (l->nbtfs == 0) {
		/* No BTF: the tracepoints tracefs knows, without arguments. */
		struct cands tp = {0};
		tracepoint_cands(l, &tp);
		for (size_t i = 0; i < tp.n; i++)
			cands_pushf(c, NULL, 0, 0, "vmlinux:%s", strchr(tp.v[i].name, ':') + 1);
		cands_free(&tp);
	}
}

static void names_cands(const char *const *names, size_t n, struct cands *c)
{
	for (size_t i = 0; i < n; i++)
		cands_pushf(c, NULL, 0, 0, "%s:", names[i]);
}

/* The executable files process -p maps that TARGET (a pattern) matches. */
static void pid_targets(struct lister *l, const char *target, struct name_vec *out)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", l->o.pid);
	char *text = read_file_all(path, NULL);
	if (!text) {
		warn(l, "Could not read %s: %s", path, strerror(errno));
		return;
	}
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char perms[8] = "";
		int off = 0;
		if (sscanf(line, "%*s %7s %*s %*s %*s%n", perms, &off) != 1 || !strchr(perms, 'x'))
			continue;
		const char *file = line + off + strspn(line + off, " ");
		if (file[0] != '/')
			continue;
		char *p = NULL;
		/* A file of another mount namespace is reached through the process's root. */
		if ((path_exists(file) ? asprintf(&p, "%s", file) : asprintf(&p, "/proc/%d/root%s", l->o.pid, file)) < 0)
			continue;
		if (fnmatch(target, p, 0) == 0)
			name_vec_push(out, p);
		free(p);
	}
	free(text);
}

/* The files a uprobe/usdt TARGET names: a glob, a path, a program on PATH or a library; with -p a
 * pattern ("*") is matched against the files the process maps. */
static void user_targets(struct lister *l, const char *target, struct name_vec *out)
{
	if (l->o.has_pid && spec_has_wildcard(target)) {
		pid_targets(l, target, out);
	} else if (strcmp(target, "*") == 0) {
		/* every binary on the system: not without -p */
	} else if (spec_has_wildcard(target)) {
		glob_t g;
		if (glob(target, 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++) {
				struct stat st;
				if (stat(g.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode))
					name_vec_push(out, g.gl_pathv[i]);
			}
		}
		globfree(&g);
	} else if (strchr(target, '/')) {
		if (path_exists(target))
			name_vec_push(out, target);
		else
			warn(l, "%s: no such file", target);
	} else {
		char path[PATH_MAX];
		if (resolve_binary(target, path, sizeof(path)) == 0)
			name_vec_push(out, path);
		else
			warn(l, "could not find binary %s", target);
	}
	/* A process maps one file several times. */
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_strp);
	size_t u = 0;
	for (size_t i = 0; i < out->n; i++) {
		if (u && strcmp(out->v[u - 1], out->v[i]) == 0)
			free(out->v[i]);
		else
			out->v[u++] = out->v[i];
	}
	out->n = u;
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
		cands_push(u->c, s, NULL, 0, 0, strlen(u->path) + 1);
}

static void collect_usdt(void *ctx, const char *provider, const char *name)
{
	struct user_ctx *u = ctx;
	char *s = NULL;
	if (asprintf(&s, "%s:%s:%s", u->path, provider, name) >= 0)
		cands_push(u->c, s, NULL, 0, 0, strlen(u->path) + 1);
}

/* Symbols (uprobe) or USDT notes of every file TARGET names; the pattern is then matched against
 * what follows the path. */
static void user_cands(struct lister *l, bool usdt, const char *target, struct cands *c)
{
	struct name_vec paths = {0};
	user_targets(l, target, &paths);
	for (size_t i = 0; i < paths.n; i++) {
		struct user_ctx u = {c, paths.v[i]};
		int rc = usdt ? elf_each_usdt(paths.v[i], collect_usdt, &u) : elf_each_function(paths.v[i], collect_func, &u);
		if (rc < 0 && !l->o.has_pid)
			warn(l, "Could not list function symbols: %s", paths.v[i]);
		free(paths.v[i]);
	}
	free(paths.v);
}

/* ---- printing --------------------------------------------------------------------------------- */

static void print_tracepoint_args(struct lister *l, const char *name)
{
	const char *root = tracefs_path();
	char path[1024];
	const char *colon = strchr(name, ':');
	snprintf(path, sizeof(path), "%s/events/%.*s/%s/format", root ? root : "", (int)(colon - name), name, colon + 1);
	char *text = read_file_all(path, NULL);
	if (!text) {
		warn(l, "tracepoint format file not found: %s", path);
		return;
	}
	/* The common fields come first, then a blank line, then the event's own. */
	char *p = strstr(text, "\n\n");
	for (char *line = p ? p + 2 : text; *line;) {
		char *eol = strchrnul(line, '\n');
		if (strncmp(line, "\tfield:", 7) == 0) {
			char *decl = line + 7, *semi = memchr(decl, ';', (size_t)(eol - decl));
			if (semi)
				fprintf(l->o.out, "    %.*s\n", (int)(semi - decl), decl);
		}
		line = *eol ? eol + 1 : eol;
	}
	free(text);
}

static int kfunc_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cand *)a)->name, ((const struct cand *)b)->name);
}

static void index_kfunc(struct lister *l, struct btf_obj *o, const char *name, uint32_t proto, void *ctx)
{
	(void)l;
	cands_push(ctx, strdup(name), o->btf, proto, 0, 0);
}

/* kprobes come from tracefs, not BTF: their prototypes are looked up by name. */
static const struct cand *kfunc_lookup(struct lister *l, const char *name)
{
	if (!l->kfunc_index.v) {
		each_btf_func(l, index_kfunc, &l->kfunc_index);
		if (l->kfunc_index.n)
			qsort(l->kfunc_index.v, l->kfunc_index.n, sizeof(struct cand), kfunc_cmp);
		else
			l->kfunc_index.v = calloc(1, sizeof(struct cand));
	}
	const char *colon = strchr(name, ':');
	struct cand key = {.name = (char *)(colon ? colon + 1 : name)};
	return bsearch(&key, l->kfunc_index.v, l->kfunc_index.n, sizeof(struct cand), kfunc_cmp);
}

/* -v for functions: "type name" per parameter as bpftrace prints them, from the BTF prototype. */
static void print_func_args(struct lister *l, enum lkind k, const struct cand *c)
{
	if (k == LK_KPROBE || k == LK_KRETPROBE)
		c = kfunc_lookup(l, c->name);
	struct btf_obj *o = c ? obj_of(l, c->btf) : NULL;
	if (!o || !c->id)
		return;
	const struct btf_type *p = btf__type_by_id(o->btf, c->id);
	const struct btf_param *params = btf_params(p);
	uint16_t n = btf_vlen(p);
	if (k == LK_KRETPROBE) {
		if (p->type)
			fprintf(l->o.out, "    %s retval\n", type_decl(o, p->type));
		else
			fprintf(l->o.out, "    void\n");
		return;
	}
	int argn = 0;
	for (uint16_t i = k == LK_RAWTP ? 1 : 0; i < n; i++) {
		if (k == LK_KPROBE) {
			/* Floating-point arguments travel in other registers: they have no argN. */
			const struct btf_type *t = btf__type_by_id(o->btf, params[i].type);
			if (t && btf_kind(t) == BTF_KIND_FLOAT)
				continue;
			fprintf(l->o.out, "    %s arg%d\n", type_decl(o, params[i].type), argn++);
			continue;
		}
		const char *pname = btf__name_by_offset(o->btf, params[i].name_off);
		fprintf(l->o.out, "    %s %s\n", type_decl(o, params[i].type), pname ? pname : "");
	}
	if ((k == LK_FENTRY || k == LK_FEXIT) && p->type)
		fprintf(l->o.out, "    %s retval\n", type_decl(o, p->type));
}

/* Prints the candidates PATTERN matches as "type:name", each followed by its arguments under -v. */
static void emit(struct lister *l, const struct kind_def *kd, struct cands *c, const char *pattern)
{
	cands_select(c, pattern);
	for (size_t i = 0; i < c->n; i++) {
		fprintf(l->o.out, "%s:%s\n", kd->name, c->v[i].name);
		if (!l->o.verbose)
			continue;
		if (kd->kind == LK_TRACEPOINT)
			print_tracepoint_args(l, c->v[i].name);
		else if (kd->kind != LK_UPROBE && kd->kind != LK_URETPROBE && kd->kind != LK_USDT)
			print_func_args(l, kd->kind, &c->v[i]);
	}
}

/* Lists probes of type KD: TARGET is the binary of uprobe/usdt, WITH_MODULE asks kprobes for
 * "module:function" names, PATTERN is matched against each candidate. */
static void list_kind(struct lister *l, const struct kind_def *kd, const char *target, bool with_module,
                      const char *pattern)
{
	struct cands c = {0};
	switch (kd->kind) {
	case LK_TRACEPOINT: tracepoint_cands(l, &c); break;
	case LK_RAWTP: rawtp_cands(l, &c); break;
	case LK_KPROBE:
	case LK_KRETPROBE: kprobe_cands(l, with_module, &c); break;
	case LK_FENTRY:
	case LK_FEXIT: fentry_cands(l, &c); break;
	case LK_SOFTWARE: names_cands(sw_names, ARRAY_LEN(sw_names), &c); break;
	case LK_HARDWARE: names_cands(hw_names, ARRAY_LEN(hw_names), &c); break;
	case LK_INTERVAL:
	case LK_PROFILE: names_cands(time_units, ARRAY_LEN(time_units), &c); break;
	case LK_UPROBE:
	case LK_URETPROBE: user_cands(l, false, target, &c); break;
	case LK_USDT: user_cands(l, true, target, &c); break;
	case LK_SPECIAL:
	case LK_WATCHPOINT: break;
	}
	emit(l, kd, &c, pattern);
	cands_free(&c);
}

/* ---- searches --------------------------------------------------------------------------------- */

/* "*:" + S when S names no module, so "vfs_*" finds "vmlinux:vfs_read". */
static char *any_module(const char *s)
{
	char *r = NULL;
	if (asprintf(&r, strchr(s, ':') ? "%s" : "*:%s", s) < 0)
		return NULL;
	return r;
}

/* One probe type of a search "TYPE:SUFFIX" where PART1 is SUFFIX's first part and NPARTS the
 * number of parts of the whole search. */
static void search_kind(struct lister *l, const struct kind_def *kd, int nparts, const char *part1,
                        const char *suffix)
{
	const char *rest = strchr(suffix, ':') ? strchr(suffix, ':') + 1 : suffix;
	char *pat = NULL;
	switch (kd->kind) {
	case LK_TRACEPOINT:
		if (asprintf(&pat, nparts > 2 ? "%s" : "*:%s", suffix) >= 0)
			list_kind(l, kd, NULL, false, pat);
		break;
	case LK_UPROBE:
	case LK_URETPROBE:
		list_kind(l, kd, nparts > 2 ? part1 : "*", false, nparts > 2 ? rest : suffix);
		break;
	case LK_USDT:
		pat = any_module(nparts > 2 ? rest : suffix);
		list_kind(l, kd, nparts > 2 ? part1 : "*", false, pat);
		break;
	case LK_KPROBE:
	case LK_KRETPROBE: list_kind(l, kd, NULL, nparts > 2, suffix); break;
	case LK_FENTRY:
	case LK_FEXIT:
	case LK_RAWTP:
		pat = any_module(suffix);
		list_kind(l, kd, NULL, true, pat);
		break;
	default: list_kind(l, kd, NULL, false, *suffix ? suffix : "*"); break;
	}
	free(pat);
}

static bool is_type_search(const char *s)
{
	return strncmp(s, "struct ", 7) == 0 || strncmp(s, "union ", 6) == 0 || strncmp(s, "enum ", 5) == 0;
}

/* Whether BTF type T is a named struct/union/enum; writes "struct NAME" to OUT. */
static bool type_full_name(const struct btf *btf, const struct btf_type *t, char *out, size_t len)
{
	const char *kw = btf_is_struct(t) ? "struct" : btf_is_union(t) ? "union" : btf_is_any_enum(t) ? "enum" : NULL;
	const char *name = kw ? btf__name_by_offset(btf, t->name_off) : NULL;
	if (!name || !*name)
		return false;
	snprintf(out, len, "%s %s", kw, name);
	return true;
}

/* One definition in a btf_dump text: from a top-level line ending in '{' to the next "};". */
struct block {
	char *header;        /* "struct task_struct" */
	const char *text;
	size_t len;
};

static int block_cmp(const void *a, const void *b)
{
	return strcmp(((const struct block *)a)->header, ((const struct block *)b)->header);
}

static size_t split_blocks(const char *text, struct block **out)
{
	size_t n = 0, cap = 0;
	struct block *v = NULL;
	for (const char *line = text; *line;) {
		const char *eol = strchrnul(line, '\n');
		if (eol - line > 2 && eol[-1] == '{' && eol[-2] == ' ' && line[0] != '\t') {
			/* The definition ends at the next line starting with '}': "};" closes a struct,
			 * "} name;" a typedef'd anonymous one, which is skipped. */
			const char *close = strstr(eol, "\n}");
			if (!close)
				break;
			const char *end = strchrnul(close + 1, '\n');
			bool named = strncmp(close, "\n};", 3) == 0 && end == close + 3 && is_type_search(line);
			if (named && n == cap) {
				cap = cap ? cap * 2 : 64;
				struct block *nv = realloc(v, cap * sizeof(*nv));
				if (!nv)
					break;
				v = nv;
			}
			if (named)
				v[n++] = (struct block){strndup(line, (size_t)(eol - 2 - line)), line, (size_t)(end + 1 - line)};
			eol = end;
		}
		line = *eol ? eol + 1 : eol;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), block_cmp);
	*out = v;
	return n;
}

/* "struct NAME" searches: the type names, or under -v their definitions, each headed by its module. */
static void list_types(struct lister *l, const char *pattern)
{
	load_btfs(l);
	struct cands c = {0};
	char full[512];
	for (size_t i = 0; i < l->nbtfs; i++) {
		struct btf_obj *o = &l->btfs[i];
		uint32_t n = btf__type_cnt(o->btf);
		for (uint32_t id = o->first_id; id < n; id++) {
			const struct btf_type *t = btf__type_by_id(o->btf, id);
			if (t && type_full_name(o->btf, t, full, sizeof(full)) && fnmatch(pattern, full, 0) == 0)
				cands_push(&c, strdup(full), o->btf, id, (int)i, 0);
		}
	}
	cands_select(&c, "*");
	if (!l->o.verbose) {
		for (size_t i = 0; i < c.n; i++)
			fprintf(l->o.out, "%s\n", c.v[i].name);
		cands_free(&c);
		return;
	}
	/* Dump every match (btf_dump writes each type once, dependencies first), then pick the
	 * definitions asked for out of the text. */
	for (size_t i = 0; i < l->nbtfs; i++) {
		struct btf_obj *o = &l->btfs[i];
		struct btf_dump *d = NULL;
		struct strbuf text = {0};
		sb_puts(&text, "");
		for (size_t j = 0; j < c.n; j++) {
			if (c.v[j].btf != o->btf)
				continue;
			if (!d && !(d = btf_dump__new(o->btf, sb_vprintf_cb, &text, NULL)))
				break;
			btf_dump__dump_type(d, c.v[j].id);
		}
		btf_dump__free(d);
		struct block *blocks;
		size_t nb = split_blocks(text.buf, &blocks);
		for (size_t j = 0; j < c.n; j++) {
			struct block key = {.header = c.v[j].name};
			const struct block *b = c.v[j].btf == o->btf ? bsearch(&key, blocks, nb, sizeof(*blocks), block_cmp) : NULL;
			if (b)   /* a blank line after each, as bpftrace prints them */
				fprintf(l->o.out, "%s: %.*s\n", o->name, (int)b->len, b->text);
		}
		for (size_t j = 0; j < nb; j++)
			free(blocks[j].header);
		free(blocks);
		sb_free(&text);
	}
	cands_free(&c);
}

/* One comma-separated item of a search. */
static void search_one(struct lister *l, const char *item)
{
	if (is_type_search(item)) {
		list_types(l, item);
		return;
	}
	char *pattern = NULL;
	if (asprintf(&pattern, !*item ? "*:*" : strchr(item, ':') ? "%s" : "*:%s", item) < 0)
		return;
	char *colon = strchr(pattern, ':');
	*colon = '\0';
	const char *type = pattern, *suffix = colon + 1;
	int nparts = 2;
	for (const char *p = suffix; (p = strchr(p, ':')); p++)
		nparts++;
	char *part1 = strndup(suffix, strcspn(suffix, ":"));
	/* Userspace probes need a binary to look in: a named type, -p, or an existing file. */
	bool user = (!spec_has_wildcard(type) && *type) || l->o.has_pid ||
	            (nparts > 2 && *part1 && !spec_has_wildcard(part1) && path_exists(part1));
	if (spec_has_wildcard(type)) {
		for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
			const struct kind_def *k = &kinds[i];
			if (!(k->kernel_list || (user && k->user_list)) || fnmatch(type, k->name, 0) != 0)
				continue;
			search_kind(l, k, nparts, part1, suffix);
		}
	} else {
		const struct kind_def *k = kind_find(type);
		if (k) {
			note_unavailable(l, k);
			search_kind(l, k, nparts, part1, suffix);
		}
	}
	free(part1);
	free(pattern);
}

void lister_search(struct lister *l, const char *search)
{
	char *s = strdup(search ? search : "");
	if (!s)
		return;
	char *save = NULL, *item = strtok_r(s, ",", &save);
	if (!item)
		search_one(l, "");
	for (; item; item = strtok_r(NULL, ",", &save))
		search_one(l, item);
	free(s);
}

/* ---- attach points of a script ---------------------------------------------------------------- */

/* Splits TEXT at ':' into at most MAX parts (the last keeps any further colons). */
static int split_parts(char *text, char **parts, int max)
{
	int n = 0;
	parts[n++] = text;
	for (char *p = text; n < max && (p = strchr(p, ':')); p++) {
		*p = '\0';
		parts[n++] = p + 1;
	}
	return n;
}

static void strip_offset(char *fn)
{
	char *plus = strchr(fn, '+');
	if (plus)
		*plus = '\0';
}

int lister_attach_point(struct lister *l, const char *text, char *err, size_t errlen)
{
	char *copy = strdup(text), *p[4];
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int n = split_parts(copy, p, 4);
	const struct kind_def *kd = kind_find(p[0]);
	int rc = 0;
	char *pat = NULL;
	if (!kd) {
		snprintf(err, errlen, "Invalid probe type: %s", p[0]);
		rc = -1;
	} else if (kd->kind == LK_SPECIAL || kd->kind == LK_WATCHPOINT) {
		/* nothing to match against */
	} else if (n < 2) {
		snprintf(err, errlen, "%s probe type requires at least one argument: %s", kd->name, text);
		rc = -1;
	} else {
		switch (kd->kind) {
		case LK_TRACEPOINT:
			if (asprintf(&pat, "%s:%s", p[1], n > 2 ? p[2] : "") >= 0)
				list_kind(l, kd, NULL, false, pat);
			break;
		case LK_RAWTP:
		case LK_FENTRY:
		case LK_FEXIT:
			if (asprintf(&pat, n > 2 ? "%s:%s" : "*:%s", p[1], n > 2 ? p[2] : "") >= 0)
				list_kind(l, kd, NULL, true, pat);
			break;
		case LK_KPROBE:
		case LK_KRETPROBE:
			strip_offset(p[n > 2 ? 2 : 1]);
			if (asprintf(&pat, n > 2 ? "%s:%s" : "%s", p[1], n > 2 ? p[2] : "") >= 0)
				list_kind(l, kd, NULL, n > 2, pat);
			break;
		case LK_UPROBE:
		case LK_URETPROBE:
			if (n > 2) {
				strip_offset(p[2]);
				list_kind(l, kd, p[1], false, p[2]);
			}
			break;
		case LK_USDT:
			if (n > 2 && asprintf(&pat, n > 3 ? "%s:%s" : "*:%s", p[2], n > 3 ? p[3] : "") >= 0)
				list_kind(l, kd, p[1], false, pat);
			break;
		case LK_INTERVAL:
		case LK_PROFILE:
			/* "ms:100", or "100ms" whose unit follows the digits */
			if (asprintf(&pat, "%s:", n > 2 ? p[1] : p[1] + strspn(p[1], "0123456789")) >= 0)
				list_kind(l, kd, NULL, false, pat);
			break;
		default:
			if (asprintf(&pat, "%s:", p[1]) >= 0)
				list_kind(l, kd, NULL, false, pat);
			break;
		}
	}
	free(pat);
	free(copy);
	return rc;
}

/* ---- lifetime --------------------------------------------------------------------------------- */

struct lister *lister_new(const struct list_options *o)
{
	struct lister *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->o = *o;
	return l;
}

void lister_free(struct lister *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nbtfs; i++) {
		btf_dump__free(l->btfs[i].dump);
		sb_free(&l->btfs[i].text);
		free(l->btfs[i].name);
	}
	/* Modules are split on top of vmlinux (the first): free them before it. */
	for (size_t i = l->nbtfs; i-- > 0;)
		btf__free(l->btfs[i].btf);
	free(l->btfs);
	for (size_t i = 0; i < l->ntraceable; i++)
		free(l->traceable[i]);
	free(l->traceable);
	cands_free(&l->kfunc_index);
	free(l);
}
