/* tracepoint:category:event, wildcards expanded against tracefs's available_events (which -l
 * lists too), args from each event's format file. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runtime/list_priv.h"

/* "category:event" lines by category, then event. */
static int cmp_event(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t nx = strcspn(x, ":"), ny = strcspn(y, ":");
	int r = strncmp(x, y, nx < ny ? nx : ny);
	if (r || nx == ny)
		return r ? r : strcmp(x + nx, y + ny);
	return nx < ny ? -1 : 1;
}

/* available_events rather than the events/ directory, which also holds ftrace's own entries
 * (ftrace:function, ...) that no program can attach to. */
void rt_each_tracepoint(const char *cat_pat, const char *name_pat,
                        void (*cb)(void *ctx, const char *cat, const char *name), void *ctx)
{
	const char *root = rt_tracefs_path();
	if (!root)
		return;
	char path[512];
	snprintf(path, sizeof(path), "%s/available_events", root);
	char *text = rt_read_file_all(path, NULL);
	if (!text)
		return;
	size_t n = 0, cap = 0;
	char **lines = NULL;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strchr(line, ':'))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			char **nl = realloc(lines, cap * sizeof(*nl));
			if (!nl)
				break;
			lines = nl;
		}
		lines[n++] = line;
	}
	/* The kernel's order is registration order: sorted, as probes are attached and listed. */
	if (n)
		qsort(lines, n, sizeof(*lines), cmp_event);
	for (size_t i = 0; i < n; i++) {
		char *colon = strchr(lines[i], ':');
		*colon = '\0';
		if (fnmatch(cat_pat, lines[i], 0) == 0 && fnmatch(name_pat, colon + 1, 0) == 0)
			cb(ctx, lines[i], colon + 1);
	}
	free(lines);
	free(text);
}

struct expand_ctx {
	const struct probe_type *pt;
	struct arena *arena;
	struct attach_list *out;
};

static void push_event(void *vctx, const char *cat, const char *name)
{
	struct expand_ctx *x = vctx;
	core_attach_push(x->arena, x->out, (struct mf_attach){
		.type = x->pt,
		.target = arena_strdup(x->arena, cat),
		.func = arena_strdup(x->arena, name),
		.probe_name = arena_printf(x->arena, "tracepoint:%s:%s", cat, name),
	});
}

static int expand(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                  char *err, size_t errlen)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	if (!colon || colon == spec || !colon[1] || strchr(colon + 1, ':')) {
		snprintf(err, errlen, "tracepoint probes are written tracepoint:category:event, not tracepoint:%s",
		         spec ? spec : "");
		return -1;
	}
	if (!rt_tracefs_path()) {
		snprintf(err, errlen, "tracefs is not mounted and could not be mounted at /sys/kernel/tracing");
		return -1;
	}
	char *cat_pat = strndup(spec, (size_t)(colon - spec));
	struct expand_ctx x = {pt, arena, out};
	rt_each_tracepoint(cat_pat, colon + 1, push_event, &x);
	free(cat_pat);
	/* Nothing matched: sema reports it as missing_probes says. */
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* One "field:<decl>;\toffset:N;\tsize:N;\tsigned:N;" line. Returns false for lines to skip. */
static bool parse_field(char *line, struct arena *arena, struct probe_arg *arg)
{
	char *decl = strstr(line, "field:");
	if (!decl)
		return false;
	decl += 6;
	char *semi = strchr(decl, ';');
	if (!semi)
		return false;
	*semi = '\0';
	char *rest = semi + 1;
	decl = trim(decl);

	bool data_loc = strncmp(decl, "__data_loc ", 11) == 0;
	if (data_loc)
		decl = trim(decl + 11);

	/* Split "type name[N]" into its name and "type[N]". */
	char *end = decl + strlen(decl);
	char *suffix = end;
	if (end > decl && end[-1] == ']') {
		suffix = strrchr(decl, '[');
		if (!suffix)
			return false;
	}
	char *name_end = suffix;
	while (name_end > decl && isspace((unsigned char)name_end[-1]))
		name_end--;
	char *name = name_end;
	while (name > decl && (isalnum((unsigned char)name[-1]) || name[-1] == '_'))
		name--;
	if (name == name_end)
		return false;
	char *type_end = name;
	while (type_end > decl && isspace((unsigned char)type_end[-1]))
		type_end--;

	arg->name = arena_strndup(arena, name, (size_t)(name_end - name));
	if (strncmp(arg->name, "common_", 7) == 0)
		return false;
	arg->c_type = arena_printf(arena, "%.*s%s", (int)(type_end - decl), decl, suffix);
	arg->is_data_loc = data_loc;

	char *p;
	if ((p = strstr(rest, "offset:")))
		arg->offset = (uint32_t)strtoul(p + 7, NULL, 10);
	if ((p = strstr(rest, "size:")))
		arg->size = (uint32_t)strtoul(p + 5, NULL, 10);
	if ((p = strstr(rest, "signed:")))
		arg->is_signed = strtoul(p + 7, NULL, 10) != 0;
	return true;
}

static int args(const struct mf_attach *at, struct arena *arena, struct probe_arg **out, size_t *nout, char *err,
                size_t errlen)
{
	const char *root = rt_tracefs_path();
	if (!root) {
		snprintf(err, errlen, "tracefs is not available");
		return -1;
	}
	char path[1024];
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", root, at->target, at->func);
	char *text = rt_read_file_all(path, NULL);
	if (!text) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	size_t n = 0, cap = 16;
	struct probe_arg *v = ARENA_NEWN(arena, struct probe_arg, cap);
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct probe_arg a = {0};
		if (!parse_field(line, arena, &a))
			continue;
		if (n == cap) {
			struct probe_arg *nv = ARENA_NEWN(arena, struct probe_arg, cap * 2);
			memcpy(nv, v, n * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		v[n++] = a;
	}
	free(text);
	*out = v;
	*nout = n;
	return 0;
}

static int attach(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                  struct rt_links *links, char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_tracepoint_opts, o, .bpf_cookie = env->cookie);
	return rt_attach_keep(links, bpf_program__attach_tracepoint_opts(prog, at->target, at->func, &o), at->probe_name,
	                      err, errlen);
}

/* ---- listing: the same events expansion walks ---- */

static void push_cand(void *ctx, const char *cat, const char *name)
{
	list_cands_pushf(ctx, NULL, 0, 0, "%s:%s", cat, name);
}

static void cands(struct lister *l, const char *target, bool with_module, struct cands *c)
{
	if (!rt_tracefs_path())
		list_warn(l, "Could not read tracepoints: tracefs is not mounted");
	rt_each_tracepoint("*", "*", push_cand, c);
}

static void search(struct lister *l, const struct probe_type *pt, int nparts, const char *part1, const char *suffix)
{
	char *pat = NULL;
	if (asprintf(&pat, nparts > 2 ? "%s" : "*:%s", suffix) >= 0)
		list_kind(l, pt, NULL, false, pat);
	free(pat);
}

static void attach_point(struct lister *l, const struct probe_type *pt, char **p, int n)
{
	char *pat = NULL;
	if (asprintf(&pat, "%s:%s", p[1], n > 2 ? p[2] : "") >= 0)
		list_kind(l, pt, NULL, false, pat);
	free(pat);
}

static const struct probe_list list = {
	.cands = cands, .print_args = list_print_tracepoint_args, .search = search, .attach_point = attach_point};

static const char *const aliases[] = {"t", NULL};

const struct probe_type rt_probe_type_tracepoint = {
	.name = "tracepoint",
	.synopsis = "tracepoint:CATEGORY:EVENT",
	.help = "A kernel tracepoint (tracefs events/CATEGORY/EVENT). Its fields are in args "
	         "(args.filename); sonde -lv lists them.",
	.aliases = aliases, .traits = PT_ARGS_IN_CTX | PT_LIST_KERNEL | PT_COOKIE | PT_PID_FILTER | PT_SIGNAL_TARGET,
	.expand = expand, .args = args, .section = "tracepoint", .prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.attach = attach, .list = &list,
};
