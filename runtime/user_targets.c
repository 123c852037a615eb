/* The files a uprobe's or usdt's binary field names, as bpftrace finds them: a glob, a path, a
 * program on PATH or a library; with -p a pattern matches the files that process maps, and a path
 * of another mount namespace is reached through the process's /proc/PID/root. */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runtime/attach/attach.h"
#include "runtime/elfsyms.h"

struct paths {
	char **v;
	size_t n, cap;
};

static void paths_push(struct paths *p, const char *s)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		char **nv = realloc(p->v, cap * sizeof(*nv));
		if (!nv)
			return;
		p->v = nv, p->cap = cap;
	}
	char *copy = strdup(s);
	if (copy)
		p->v[p->n++] = copy;
}

/* The executable files process PID maps that PATTERN matches ("" matches all). */
static int pid_targets(int pid, const char *pattern, struct paths *out, char *why, size_t whylen)
{
	char maps[64];
	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
	char *text = rt_read_file_all(maps, NULL);
	if (!text) {
		snprintf(why, whylen, "Could not read %s: %s", maps, strerror(errno));
		return -1;
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
		char p[PATH_MAX];
		if (rt_is_regular_file(file))
			snprintf(p, sizeof(p), "%s", file);
		else
			snprintf(p, sizeof(p), "/proc/%d/root%s", pid, file);
		if (!*pattern || fnmatch(pattern, p, 0) == 0)
			paths_push(out, p);
	}
	free(text);
	return 0;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void find_targets(const char *target, int pid, struct paths *out, char *why, size_t whylen)
{
	char path[PATH_MAX];
	if (pid && (!*target || rt_spec_has_wildcard(target))) {
		pid_targets(pid, target, out, why, whylen);
	} else if (!*target || strcmp(target, "*") == 0) {
		snprintf(why, whylen, "every binary of the system is looked in only with -p");
	} else if (rt_spec_has_wildcard(target)) {
		glob_t g;
		if (glob(target, 0, NULL, &g) == 0)
			for (size_t i = 0; i < g.gl_pathc; i++)
				if (rt_is_regular_file(g.gl_pathv[i]))
					paths_push(out, g.gl_pathv[i]);
		globfree(&g);
	} else if (rt_resolve_binary(target, path, sizeof(path)) == 0) {
		paths_push(out, path);
	} else if (pid && target[0] == '/' &&
	           snprintf(path, sizeof(path), "/proc/%d/root%s", pid, target) < (int)sizeof(path) && rt_is_regular_file(path)) {
		paths_push(out, path);   /* a file of the process's own mount namespace */
	} else {
		snprintf(why, whylen, strchr(target, '/') ? "%s: no such file" : "could not find binary %s", target);
	}
}

int rt_each_user_target(const char *target, int pid, void (*cb)(void *ctx, const char *path), void *ctx, char *why,
                        size_t whylen)
{
	struct paths out = {0};
	why[0] = '\0';
	find_targets(target, pid, &out, why, whylen);
	/* A process maps one file several times. */
	if (out.n > 1)
		qsort(out.v, out.n, sizeof(*out.v), cmp_strp);
	size_t n = 0;
	for (size_t i = 0; i < out.n; i++) {
		if (!i || strcmp(out.v[i - 1], out.v[i]) != 0) {
			cb(ctx, out.v[i]);
			n++;
		}
	}
	for (size_t i = 0; i < out.n; i++)
		free(out.v[i]);
	free(out.v);
	return (int)n;
}
