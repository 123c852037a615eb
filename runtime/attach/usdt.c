/* usdt:binary:[provider:]name. Probes come from the binary's .note.stapsdt notes; the provider may
 * be left out when the name is unique. libbpf's USDT support does the attach (the program must use
 * its usdt.bpf.h conventions: section "usdt", the __bpf_usdt_* maps). */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/attach/attach.h"
#include "runtime/elfsyms.h"

struct usdt_ctx {
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
	attach_list_push(c->arena, c->out, (struct mf_attach){
		.kind = ATTACH_USDT,
		.target = c->path,
		.func = func,
		.probe_name = arena_printf(c->arena, "usdt:%s:%s:%s", c->path, provider, name),
	});
}

static int expand(const char *spec, struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	if (!colon || colon == spec || !colon[1]) {
		snprintf(err, errlen, "usdt probes are written usdt:binary:[provider:]name");
		return -1;
	}
	char *bin = strndup(spec, (size_t)(colon - spec));
	char path[PATH_MAX];
	int found = resolve_binary(bin, path, sizeof(path));
	free(bin);
	if (found < 0) {
		snprintf(err, errlen, "No matches for usdt %s: cannot find the binary", spec);
		return -1;
	}
	char *rest = strdup(colon + 1);
	char *c2 = strchr(rest, ':');
	struct usdt_ctx c = {
		.prov_pat = c2 ? rest : NULL,
		.name_pat = c2 ? c2 + 1 : rest,
		.path = arena_strdup(arena, path),
		.arena = arena,
		.out = out,
		.first = out->count,
	};
	if (c2)
		*c2 = '\0';
	int rc = elf_each_usdt(path, collect, &c);
	free(rest);
	if (rc < 0) {
		snprintf(err, errlen, "cannot read %s as ELF", path);
		return -1;
	}
	return 0;   /* nothing matched: sema reports it as missing_probes says */
}

static int attach(struct bpf_program *prog, const struct mf_attach *at, struct link_list *links, char *err,
                  size_t errlen)
{
	const char *colon = strchr(at->func, ':');
	if (!colon) {
		snprintf(err, errlen, "usdt probe %s has no provider", at->probe_name);
		return -1;
	}
	char *provider = strndup(at->func, (size_t)(colon - at->func));
	struct bpf_link *link = bpf_program__attach_usdt(prog, -1, at->target, provider, colon + 1, NULL);
	free(provider);
	return attach_keep(links, link, at->probe_name, err, errlen);
}

const struct provider provider_usdt = {"usdt", "U", ATTACH_USDT, expand, NULL};
const struct attacher attacher_usdt = {
	.kind = ATTACH_USDT, .prog_type = BPF_PROG_TYPE_KPROBE, .reverse = true, .attach = attach};
