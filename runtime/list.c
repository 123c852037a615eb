/* Probe listing (-l): which probes this kernel and these binaries offer, matched against a
 * bpftrace-style search, with each probe's arguments under -v, and BTF type definitions for
 * "struct NAME" searches. Candidates come from the same kernel facts the providers use (tracefs,
 * kernel BTF, ELF files); each probe type prints its matches sorted and de-duplicated, as bpftrace
 * prints them. Everything is read once per lister, so a script with many attach points or a search
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

/* Listing's own view of the probe types: bpftrace's names and aliases, and which types a wildcard
 * covers (kernel_list, and user_list when there is a binary to look in; return probes, timers and
 * watchpoints are listed only when named, as in bpftrace). Alphabetical: a wildcarded probe type
 * lists its matches in this order. */
static const struct kind_def kinds[] = {
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

/* ---- small helpers ---------------------------------------------------------------------------- */

bool path_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

int cmp_strp(const void *a, const void *b)
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

/* ---- one probe type --------------------------------------------------------------------------- */

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
