/* tracepoint:category:event, wildcards expanded against tracefs events/, args from each event's
 * format file. */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runtime/attach/attach.h"

static bool is_event_dir(const char *events, const char *cat, const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s/%s/format", events, cat, name);
	struct stat st;
	return stat(path, &st) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directory entries of DIR matching PATTERN, sorted (the kernel's order is hash order). */
static char **list_matching(const char *dir, const char *pattern, size_t *n)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **v = NULL;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || fnmatch(pattern, e->d_name, 0) != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		v[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int expand(const char *spec, struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	if (!colon || colon == spec || !colon[1] || strchr(colon + 1, ':')) {
		snprintf(err, errlen, "tracepoint probes are written tracepoint:category:event, not tracepoint:%s",
		         spec ? spec : "");
		return -1;
	}
	const char *root = tracefs_path();
	if (!root) {
		snprintf(err, errlen, "tracefs is not mounted and could not be mounted at /sys/kernel/tracing");
		return -1;
	}
	char events[512];
	snprintf(events, sizeof(events), "%s/events", root);
	char *cat_pat = strndup(spec, (size_t)(colon - spec));
	const char *name_pat = colon + 1;

	size_t ncats;
	char **cats = list_matching(events, cat_pat, &ncats);
	for (size_t i = 0; i < ncats; i++) {
		char catdir[1024];
		snprintf(catdir, sizeof(catdir), "%s/%s", events, cats[i]);
		size_t nnames;
		char **names = list_matching(catdir, name_pat, &nnames);
		for (size_t j = 0; j < nnames; j++) {
			if (!is_event_dir(events, cats[i], names[j]))
				continue;   /* "enable", "filter": files, not events */
			attach_list_push(arena, out, (struct mf_attach){
				.kind = ATTACH_TRACEPOINT,
				.target = arena_strdup(arena, cats[i]),
				.func = arena_strdup(arena, names[j]),
				.probe_name = arena_printf(arena, "tracepoint:%s:%s", cats[i], names[j]),
			});
		}
		free_list(names, nnames);
	}
	free_list(cats, ncats);
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
	const char *root = tracefs_path();
	if (!root) {
		snprintf(err, errlen, "tracefs is not available");
		return -1;
	}
	char path[1024];
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", root, at->target, at->func);
	char *text = read_file_all(path, NULL);
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

static int attach(struct bpf_program *prog, const struct mf_attach *at, struct link_list *links, char *err,
                  size_t errlen)
{
	return attach_keep(links, bpf_program__attach_tracepoint(prog, at->target, at->func), at->probe_name, err,
	                   errlen);
}

const struct provider provider_tracepoint = {"tracepoint", "t", ATTACH_TRACEPOINT, expand, args};
const struct attacher attacher_tracepoint = {
	.kind = ATTACH_TRACEPOINT,
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.attach = attach,
};
