/* uprobe:binary:function[+offset], uprobe:binary:address and uretprobe:binary:function. The binary
 * is resolved (PATH, library directories); function wildcards match the ELF symbol tables. libbpf
 * turns the symbol into a file offset at attach time. */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/attach/attach.h"
#include "runtime/elfsyms.h"

struct match_ctx {
	const char *pattern;
	char **names;
	size_t n, cap;
};

static void collect(void *ctx, const char *name, uint64_t addr)
{
	(void)addr;
	struct match_ctx *m = ctx;
	if (fnmatch(m->pattern, name, 0) != 0)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->names[i], name) == 0)
			return;   /* in both .symtab and .dynsym */
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 32;
		char **nv = realloc(m->names, m->cap * sizeof(*nv));
		if (!nv)
			return;
		m->names = nv;
	}
	m->names[m->n++] = strdup(name);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int expand_u(enum attach_kind kind, const char *prov, const char *spec, struct arena *arena,
                    struct attach_list *out, char *err, size_t errlen)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	if (!colon || colon == spec || !colon[1]) {
		snprintf(err, errlen, "%s probes are written %s:binary:function", prov, prov);
		return -1;
	}
	char *bin = strndup(spec, (size_t)(colon - spec));
	char path[PATH_MAX];
	if (resolve_binary(bin, path, sizeof(path)) < 0) {
		snprintf(err, errlen, "No matches for %s %s: cannot find binary %s", prov, spec, bin);
		free(bin);
		return -1;
	}
	free(bin);
	char *fn = strdup(colon + 1);
	uint64_t off = 0, addr = 0;
	int rc = 0;
	char *plus = strchr(fn, '+');
	if (plus) {
		*plus = '\0';
		if (kind != ATTACH_UPROBE || !parse_count(plus + 1, &off)) {
			snprintf(err, errlen, "invalid offset in %s:%s", prov, spec);
			rc = -1;
		}
	}
	size_t before = out->count;
	if (rc == 0 && parse_count(fn, &addr) && fn[0] >= '0' && fn[0] <= '9') {
		/* A bare address: no symbol; value carries it. */
		attach_list_push(arena, out, (struct mf_attach){
			.kind = kind, .target = arena_strdup(arena, path), .value = addr,
			.probe_name = arena_printf(arena, "%s:%s:%s", prov, path, fn)});
	} else if (rc == 0) {
		struct match_ctx m = {.pattern = fn};
		if (elf_each_function(path, collect, &m) < 0) {
			snprintf(err, errlen, "cannot read ELF symbols of %s", path);
			rc = -1;
		}
		if (m.n)
			qsort(m.names, m.n, sizeof(*m.names), cmp_str);
		for (size_t i = 0; i < m.n; i++) {
			const char *name = m.names[i];
			attach_list_push(arena, out, (struct mf_attach){
				.kind = kind,
				.target = arena_strdup(arena, path),
				.func = arena_strdup(arena, name),
				.value = off,
				.probe_name = off ? arena_printf(arena, "%s:%s:%s+%llu", prov, path, name, (unsigned long long)off)
				                  : arena_printf(arena, "%s:%s:%s", prov, path, name),
			});
			free(m.names[i]);
		}
		free(m.names);
	}
	if (rc == 0 && out->count == before) {
		snprintf(err, errlen, "No matches for %s %s", prov, spec);
		rc = -1;
	}
	free(fn);
	return rc;
}

static int expand_uprobe(const char *spec, struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	return expand_u(ATTACH_UPROBE, "uprobe", spec, arena, out, err, errlen);
}

static int expand_uretprobe(const char *spec, struct arena *arena, struct attach_list *out, char *err,
                            size_t errlen)
{
	return expand_u(ATTACH_URETPROBE, "uretprobe", spec, arena, out, err, errlen);
}

static int attach_u(bool ret, struct bpf_program *prog, const struct mf_attach *at, struct link_list *links,
                    char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_uprobe_opts, o, .retprobe = ret, .func_name = at->func);
	/* With a function name the offset is relative to it; without one it is the address given. */
	return attach_keep(links, bpf_program__attach_uprobe_opts(prog, -1, at->target, (size_t)at->value, &o),
	                   at->probe_name, err, errlen);
}

static int attach_uprobe(struct bpf_program *prog, const struct mf_attach *at, struct link_list *links, char *err,
                         size_t errlen)
{
	return attach_u(false, prog, at, links, err, errlen);
}

static int attach_uretprobe(struct bpf_program *prog, const struct mf_attach *at, struct link_list *links,
                            char *err, size_t errlen)
{
	return attach_u(true, prog, at, links, err, errlen);
}

const struct provider provider_uprobe = {"uprobe", "u", ATTACH_UPROBE, expand_uprobe, NULL};
const struct provider provider_uretprobe = {"uretprobe", "ur", ATTACH_URETPROBE, expand_uretprobe, NULL};
const struct attacher attacher_uprobe = {
	.kind = ATTACH_UPROBE, .prog_type = BPF_PROG_TYPE_KPROBE, .reverse = true, .attach = attach_uprobe};
const struct attacher attacher_uretprobe = {
	.kind = ATTACH_URETPROBE, .prog_type = BPF_PROG_TYPE_KPROBE, .reverse = true, .attach = attach_uretprobe};
