/* usdt:binary:[provider:]name. Probes come from the binary's .note.stapsdt notes (usdt_notes.c);
 * the provider may be left out. Each location is a uprobe of its own, so argN is compiled from that
 * location's argument specs: a register, a constant or a memory read, with no spec map and no
 * lookup at run time. */
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
};

/* Every location of a matching probe is an attach point of its own (its arguments may be in other
 * registers); they share the probe's name, which counts once. */
static void collect(void *vctx, const struct rt_usdt_note *note)
{
	struct usdt_ctx *c = vctx;
	if (fnmatch(c->prov_pat, note->provider, 0) != 0 || fnmatch(c->name_pat, note->name, 0) != 0)
		return;
	core_attach_push(c->arena, c->out, (struct mf_attach){
		.type = c->pt,
		.target = c->path,
		.func = arena_printf(c->arena, "%s:%s", note->provider, note->name),   /* as the manifest wants it */
		.value = note->pc,
		.probe_name = arena_printf(c->arena, "usdt:%s:%s:%s", c->path, note->provider, note->name),
	});
}

struct expand_ctx {
	struct usdt_ctx u;
	bool unreadable;
};

static void each_target(void *vctx, const char *path)
{
	struct expand_ctx *e = vctx;
	e->u.path = arena_strdup(e->u.arena, path);
	if (rt_elf_each_usdt(path, collect, &e->u) < 0)
		e->unreadable = true;
}

/* SPEC is BINARY:[PROVIDER:]NAME; with -p, BINARY may be empty or a pattern over what the
 * process maps, and a lone pattern names every probe it maps. */
static int expand(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                  char *err, size_t errlen)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	if (!colon && out->pid && spec && *spec)
		colon = spec + strlen(spec);
	else if (!colon || (colon == spec && !out->pid) || !colon[1]) {
		snprintf(err, errlen, "usdt probes are written usdt:binary:[provider:]name");
		return -1;
	}
	char *bin = strndup(spec, (size_t)(colon - spec));
	char *rest = strdup(*colon ? colon + 1 : "*");
	char *c2 = strchr(rest, ':');
	if (c2)
		*c2 = '\0';
	struct expand_ctx e = {.u = {
		.pt = pt,
		.prov_pat = c2 && *rest ? rest : "*",
		.name_pat = c2 ? c2 + 1 : rest,
		.arena = arena,
		.out = out,
	}};
	char why[PATH_MAX + 64];
	int n = rt_each_user_target(bin, out->pid, each_target, &e, why, sizeof(why));
	int rc = 0;
	if (n == 0 && !rt_spec_has_wildcard(bin)) {
		snprintf(err, errlen, "No matches for usdt %s: cannot find the binary", spec);
		rc = -1;
	} else if (n == 1 && e.unreadable) {
		snprintf(err, errlen, "cannot read %s as ELF", e.u.path);
		rc = -1;
	}
	free(bin);
	free(rest);
	return rc;   /* nothing matched: sema reports it as missing_probes says */
}

/* The note of attach point AT, found again by its probe and address. */
struct find_ctx {
	const struct mf_attach *at;
	bool found;
	uint64_t offset, semaphore_offset;
	char args[512];
};

static void find_note(void *vctx, const struct rt_usdt_note *note)
{
	struct find_ctx *f = vctx;
	size_t plen = strlen(note->provider);
	if (f->found || note->pc != f->at->value || strncmp(f->at->func, note->provider, plen) != 0 ||
	    f->at->func[plen] != ':' || strcmp(f->at->func + plen + 1, note->name) != 0)
		return;
	f->found = true;
	f->offset = note->offset;
	f->semaphore_offset = note->semaphore_offset;
	snprintf(f->args, sizeof(f->args), "%s", note->args);
}

static int lookup(const struct mf_attach *at, struct find_ctx *f, char *err, size_t errlen)
{
	*f = (struct find_ctx){.at = at};
	if (rt_elf_each_usdt(at->target, find_note, f) < 0 || !f->found || !f->offset) {
		snprintf(err, errlen, "%s: its note at 0x%llx in %s is gone or unreadable", at->probe_name,
		         (unsigned long long)at->value, at->target);
		return -1;
	}
	return 0;
}

/* USDT probes carry at most 12 arguments (<sys/sdt.h>'s limit). */
#define USDT_MAX_ARGS 12

static int arg_locations(const struct mf_attach *at, struct arena *arena, struct probe_argloc **locs, size_t *n,
                         char *err, size_t errlen)
{
	struct find_ctx f;
	if (lookup(at, &f, err, errlen) < 0)
		return -1;
	struct probe_argloc tmp[USDT_MAX_ARGS];
	char why[128];
	struct rt_usdt_note note = {.args = f.args, .pc = at->value};
	int count = rt_usdt_parse_args(at->target, &note, tmp, USDT_MAX_ARGS, why, sizeof(why));
	if (count < 0) {
		snprintf(err, errlen, "cannot read the arguments of %s at 0x%llx: %s", at->probe_name,
		         (unsigned long long)at->value, why);
		return -1;
	}
	*locs = arena_alloc(arena, (size_t)(count ? count : 1) * sizeof(**locs));
	memcpy(*locs, tmp, (size_t)count * sizeof(**locs));
	*n = (size_t)count;
	return 0;
}

/* A uprobe at the location's file offset. A probe with a semaphore (the program checks it before
 * it prepares the probe's arguments) takes the kernel's reference counter: the kernel raises it in
 * every process that maps the file, now and later, for as long as the probe is attached. */
static int attach(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                  struct rt_links *links, char *err, size_t errlen)
{
	struct find_ctx f;
	if (lookup(at, &f, err, errlen) < 0)
		return -1;
	LIBBPF_OPTS(bpf_uprobe_opts, o, .ref_ctr_offset = f.semaphore_offset, .bpf_cookie = env->cookie);
	struct bpf_link *link = bpf_program__attach_uprobe_opts(prog, env->pid ? env->pid : -1, at->target,
	                                                        (size_t)f.offset, &o);
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
	.aliases = aliases, .traits = PT_REGS | PT_LIST_USER | PT_TARGET_BINARY | PT_COOKIE | PT_SIGNAL_TARGET,
	.expand = expand, .section = "uprobe",
	.prog_type = BPF_PROG_TYPE_KPROBE, .reverse = true, .arg_locations = arg_locations, .attach = attach, .list = &list,
};
