/* usdt:binary:[provider:]name. Probes come from the binary's .note.stapsdt notes; the provider may
 * be left out when the name is unique. libbpf's USDT support does the attach (the program must use
 * its usdt.bpf.h conventions: section "usdt", the __bpf_usdt_* maps). */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/elfsyms.h"
#include "runtime/list_priv.h"

struct usdt_ctx {
	const struct probe_type *pt;
	const char *prov_pat, *name_pat, *path;
	struct arena *arena;
	struct attach_list *out;
	size_t first;
};

static void collect(void *vctx, const char *provider, const char *name)
{
	struct usdt_ctx *c = vctx;
	if ((c->prov_pat && fnmatch(c->prov_pat, provider, 0) != 0) || fnmatch(c->name_pat, name, 0) != 0)
		return;
	char *func = arena_printf(c->arena, "%s:%s", provider, name);   /* as the manifest wants it */
	for (size_t i = c->first; i < c->out->count; i++)   /* one attach per probe, not per call site */
		if (strcmp(c->out->items[i].func, func) == 0)
			return;
	core_attach_push(c->arena, c->out, (struct mf_attach){
		.type = c->pt,
		.target = c->path,
		.func = func,
		.probe_name = arena_printf(c->arena, "usdt:%s:%s:%s", c->path, provider, name),
	});
}

static int expand(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                  char *err, size_t errlen)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	if (!colon || colon == spec || !colon[1]) {
		snprintf(err, errlen, "usdt probes are written usdt:binary:[provider:]name");
		return -1;
	}
	char *bin = strndup(spec, (size_t)(colon - spec));
	char path[PATH_MAX];
	int found = rt_resolve_binary(bin, path, sizeof(path));
	free(bin);
	if (found < 0) {
		snprintf(err, errlen, "No matches for usdt %s: cannot find the binary", spec);
		return -1;
	}
	char *rest = strdup(colon + 1);
	char *c2 = strchr(rest, ':');
	struct usdt_ctx c = {
		.pt = pt,
		.prov_pat = c2 ? rest : NULL,
		.name_pat = c2 ? c2 + 1 : rest,
		.path = arena_strdup(arena, path),
		.arena = arena,
		.out = out,
		.first = out->count,
	};
	if (c2)
		*c2 = '\0';
	int rc = rt_elf_each_usdt(path, collect, &c);
	free(rest);
	if (rc < 0) {
		snprintf(err, errlen, "cannot read %s as ELF", path);
		return -1;
	}
	return 0;   /* nothing matched: sema reports it as missing_probes says */
}

static int attach(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                  struct rt_links *links, char *err, size_t errlen)
{
	const char *colon = strchr(at->func, ':');
	if (!colon) {
		snprintf(err, errlen, "usdt probe %s has no provider", at->probe_name);
		return -1;
	}
	char *provider = strndup(at->func, (size_t)(colon - at->func));
	struct bpf_link *link = bpf_program__attach_usdt(prog, env->pid ? env->pid : -1, at->target, provider, colon + 1, NULL);
	free(provider);
	return rt_attach_keep(links, link, at->probe_name, err, errlen);
}

/* ---- listing: the same notes ---- */

static void cands(struct lister *l, const char *target, bool with_module, struct cands *c)
{
	list_user_cands(l, true, target, c);
}

static void search(struct lister *l, const struct probe_type *pt, int nparts, const char *part1, const char *suffix)
{
	const char *rest = strchr(suffix, ':') ? strchr(suffix, ':') + 1 : suffix;
	char *pat = list_any_module(nparts > 2 ? rest : suffix);
	if (pat)
		list_kind(l, pt, nparts > 2 ? part1 : "*", false, pat);
	free(pat);
}

static void attach_point(struct lister *l, const struct probe_type *pt, char **p, int n)
{
	char *pat = NULL;
	if (n > 2 && asprintf(&pat, n > 3 ? "%s:%s" : "*:%s", p[2], n > 3 ? p[3] : "") >= 0)
		list_kind(l, pt, p[1], false, pat);
	free(pat);
}

static const struct probe_list list = {.cands = cands, .search = search, .attach_point = attach_point};

static const char *const aliases[] = {"U", NULL};

const struct probe_type rt_probe_type_usdt = {
	.name = "usdt",
	.synopsis = "usdt:BINARY:[PROVIDER:]NAME",
	.help = "A user statically defined tracepoint (the binary's .note.stapsdt notes). PROVIDER may be left "
	         "out when NAME is unique.",
	.aliases = aliases, .traits = PT_REGS | PT_LIST_USER | PT_TARGET_BINARY, .expand = expand, .section = "usdt",
	.prog_type = BPF_PROG_TYPE_KPROBE, .reverse = true, .attach = attach, .list = &list,
};
