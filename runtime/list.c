/* Probe listing (-l): which probes this kernel and these binaries offer, matched against a
 * bpftrace-style search, with each probe's arguments under -v, and BTF type definitions for
 * "struct NAME" searches. Candidates come from the same kernel facts the providers use (tracefs,
 * kernel BTF, ELF files); each probe type prints its matches sorted and de-duplicated, as bpftrace
 * prints them; each probe type's record says how it lists (its struct probe_list). Everything is read once per lister, so a script with many attach points or a search
 * with many items does not re-read BTF. */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <bpf/btf.h>

#include "runtime/list_priv.h"

/* ---- small helpers ---------------------------------------------------------------------------- */

bool list_path_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

int list_cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void list_warn(struct lister *l, const char *fmt, ...)
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

static const struct probe_type *type_find(const char *name)
{
	struct core_registry reg = {.probe_types = runtime_probe_types};
	return core_probe_type(&reg, name);
}

/* ---- one probe type --------------------------------------------------------------------------- */

void list_kind(struct lister *l, const struct probe_type *pt, const char *target, bool with_module,
               const char *pattern)
{
	if (!pt->list || !pt->list->cands)
		return;
	struct cands c = {0};
	pt->list->cands(l, target, with_module, &c);
	list_emit(l, pt, &c, pattern);
	list_cands_free(&c);
}

/* Named explicitly, a probe type this kernel cannot attach still lists (its functions exist), but
 * says so: what is missing and what to use instead. */
static void note_unavailable(struct lister *l, const struct probe_type *pt)
{
	const char *why = pt->unavailable ? pt->unavailable() : NULL;
	if (why)
		list_warn(l, "%s", why);
}

/* ---- searches --------------------------------------------------------------------------------- */

char *list_any_module(const char *s)
{
	char *r = NULL;
	if (asprintf(&r, strchr(s, ':') ? "%s" : "*:%s", s) < 0)
		return NULL;
	return r;
}

void list_search_module(struct lister *l, const struct probe_type *pt, int nparts, const char *part1,
                        const char *suffix)
{
	char *pat = list_any_module(suffix);
	if (pat)
		list_kind(l, pt, NULL, true, pat);
	free(pat);
}

/* One probe type of a search "TYPE:SUFFIX" where PART1 is SUFFIX's first part and NPARTS the
 * number of parts of the whole search. */
static void search_type(struct lister *l, const struct probe_type *pt, int nparts, const char *part1,
                        const char *suffix)
{
	if (pt->list && pt->list->search)
		pt->list->search(l, pt, nparts, part1, suffix);
	else
		list_kind(l, pt, NULL, false, *suffix ? suffix : "*");
}

/* One comma-separated item of a search. */
static void search_one(struct lister *l, const char *item)
{
	if (list_is_type_search(item)) {
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
	bool user = (!rt_spec_has_wildcard(type) && *type) || l->o.has_pid ||
	            (nparts > 2 && *part1 && !rt_spec_has_wildcard(part1) && list_path_exists(part1));
	if (rt_spec_has_wildcard(type)) {
		for (const struct probe_type *const *pt = runtime_probe_types; *pt; pt++) {
			bool listed = probe_has(*pt, PT_LIST_KERNEL) || (user && probe_has(*pt, PT_LIST_USER));
			if (listed && fnmatch(type, (*pt)->name, 0) == 0)
				search_type(l, *pt, nparts, part1, suffix);
		}
	} else {
		const struct probe_type *pt = type_find(type);
		if (pt) {
			note_unavailable(l, pt);
			search_type(l, pt, nparts, part1, suffix);
		}
	}
	free(part1);
	free(pattern);
}

void runtime_list_search(struct lister *l, const char *search)
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

void list_strip_offset(char *fn)
{
	char *plus = strchr(fn, '+');
	if (plus)
		*plus = '\0';
}

void list_attach_point_module(struct lister *l, const struct probe_type *pt, char **p, int n)
{
	char *pat = NULL;
	if (asprintf(&pat, n > 2 ? "%s:%s" : "*:%s", p[1], n > 2 ? p[2] : "") >= 0)
		list_kind(l, pt, NULL, true, pat);
	free(pat);
}

int runtime_list_attach_point(struct lister *l, const char *text, char *err, size_t errlen)
{
	char *copy = strdup(text), *p[4];
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int n = split_parts(copy, p, 4);
	const struct probe_type *pt = type_find(p[0]);
	int rc = 0;
	if (!pt) {
		snprintf(err, errlen, "Invalid probe type: %s", p[0]);
		rc = -1;
	} else if (!pt->list) {
		/* nothing to match against */
	} else if (n < 2) {
		snprintf(err, errlen, "%s probe type requires at least one argument: %s", pt->name, text);
		rc = -1;
	} else if (pt->list->attach_point) {
		pt->list->attach_point(l, pt, p, n);
	} else {
		char *pat = NULL;
		if (asprintf(&pat, "%s:", p[1]) >= 0)
			list_kind(l, pt, NULL, false, pat);
		free(pat);
	}
	free(copy);
	return rc;
}

/* ---- lifetime --------------------------------------------------------------------------------- */

struct lister *runtime_list_new(const struct list_options *o)
{
	struct lister *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->o = *o;
	return l;
}

void runtime_list_free(struct lister *l)
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
	list_cands_free(&l->kfunc_index);
	free(l);
}
