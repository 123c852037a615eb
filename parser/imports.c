/* parse_imports: replaces each top-level `import "NAME";` with what it names, so later stages see
 * one program. A `.bt` file is parsed and its items spliced in where the import stood (its nodes
 * carry an origin naming their file, so diagnostics point into it); a `.h` file becomes an
 * `#include` of its real path; a directory imports its `.bt` and `.h` files in name order. NAME is
 * looked for beside the importing script, then in the -I directories. Every file is imported once,
 * and nothing is read from a world-writable directory (anyone could plant a probe there). */
#include "parser/ast_priv.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { IMPORT_MAX_DEPTH = 32 };

struct importer {
	struct arena *arena;
	const char *const *dirs;       /* -I directories, searched after the importing file's own */
	int ndirs;
	const char **seen;             /* real paths already imported */
	size_t nseen, seen_cap;
	int errors;
};

/* One importing file: its source (for diagnostics), its directory and its nodes' origin. */
struct import_site {
	struct diags *diags;
	const char *dir;
	const struct loc_origin *origin;
};

static void import_error(struct importer *im, const struct import_site *at, const struct ast_node *n,
                         const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void import_error(struct importer *im, const struct import_site *at, const struct ast_node *n,
                         const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_verror(at->diags, n->loc, fmt, ap);
	va_end(ap);
	im->errors++;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool world_writable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && (st.st_mode & S_IWOTH);
}

/* PATH and the directory holding it are both safe to read from. */
static bool trusted(struct arena *arena, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dir = !slash ? "." : slash == path ? "/" : arena_strndup(arena, path, (size_t)(slash - path));
	return !world_writable(path) && !world_writable(dir);
}

/* Records REAL as imported; false when it already was. */
static bool first_time(struct importer *im, const char *real)
{
	for (size_t i = 0; i < im->nseen; i++)
		if (strcmp(im->seen[i], real) == 0)
			return false;
	im->seen = arena_grow(im->arena, im->seen, im->nseen, &im->seen_cap, sizeof(*im->seen), 8);
	im->seen[im->nseen++] = arena_strdup(im->arena, real);
	return true;
}

static const char *read_file(struct arena *arena, const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	struct strbuf sb = {0};
	sb_puts(&sb, "");
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sb_putn(&sb, chunk, n);
	int err = ferror(f) ? EIO : 0;
	fclose(f);
	char *text = err ? NULL : arena_strndup(arena, sb.buf, sb.len);
	*len = sb.len;
	sb_free(&sb);
	errno = err;
	return text;
}

static struct ast_node *expand(struct importer *im, const struct import_site *at, struct ast_node *items,
                               int depth);

/* The items a `.bt` file contributes: its own, with its imports expanded in turn. */
static struct ast_node *import_script(struct importer *im, const struct import_site *at,
                                      const struct ast_node *imp, const char *real, int depth)
{
	struct source *src = ARENA_NEW(im->arena, struct source);
	src->name = arena_strdup(im->arena, real);
	if (!(src->text = read_file(im->arena, real, &src->len))) {
		import_error(im, at, imp, "error reading import '%s': %s", real, strerror(errno));
		return NULL;
	}
	struct diags d = {.src = src, .out = at->diags->out, .color = at->diags->color};
	struct parse_result r = parse_source(src, im->arena, &d);
	at->diags->errors += d.errors;
	at->diags->warnings += d.warnings;
	if (r.errors || !r.program) {
		im->errors += r.errors ? r.errors : 1;
		return NULL;
	}
	struct loc_origin *origin = ARENA_NEW(im->arena, struct loc_origin);
	origin->src = src;
	for (struct ast_node *n = r.program->list; n; n = n->next)
		ast_set_origin(n, origin);
	const char *slash = strrchr(real, '/');
	struct import_site inner = {.diags = &d, .dir = arena_strndup(im->arena, real, (size_t)(slash - real)),
	                            .origin = origin};
	int before = d.errors;
	struct ast_node *items = expand(im, &inner, r.program->list, depth + 1);
	at->diags->errors += d.errors - before;
	return items;
}

static struct ast_node *import_path(struct importer *im, const struct import_site *at,
                                    const struct ast_node *imp, const char *path, bool in_dir, int depth);

/* A directory's `.bt` and `.h` files (not its subdirectories), in name order. */
static struct ast_node *import_dir(struct importer *im, const struct import_site *at,
                                   const struct ast_node *imp, const char *dir, int depth)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		import_error(im, at, imp, "error reading import '%s': %s", dir, strerror(errno));
		return NULL;
	}
	struct ast_list out = {0};
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (name[0] != '.' && (ends_with(name, ".bt") || ends_with(name, ".h")))
			out = ast_list_push(out, import_path(im, at, imp, arena_printf(im->arena, "%s/%s", dir, name),
			                                     true, depth));
		free(names[i]);
	}
	free(names);
	return out.head;
}

/* What the existing file or directory PATH contributes (IN_DIR: met while reading a directory,
 * where subdirectories and other files are passed over). */
static struct ast_node *import_path(struct importer *im, const struct import_site *at,
                                    const struct ast_node *imp, const char *path, bool in_dir, int depth)
{
	if (!trusted(im->arena, path)) {
		import_error(im, at, imp, "cowardly refusing to import from a directory with global write permissions: \"%s\"",
		             path);
		return NULL;
	}
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		import_error(im, at, imp, "error reading import '%s': %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	bool is_dir = stat(real, &st) == 0 && S_ISDIR(st.st_mode);
	if (is_dir && in_dir)
		return NULL;
	if (!first_time(im, real))
		return NULL;   /* imported already: silently once, as bpftrace does */
	if (is_dir)
		return import_dir(im, at, imp, real, depth);
	if (ends_with(real, ".bt"))
		return import_script(im, at, imp, real, depth);
	if (ends_with(real, ".h")) {
		struct ast_node *inc = ARENA_NEW(im->arena, struct ast_node);
		*inc = (struct ast_node){.kind = AST_PREPROC, .loc = imp->loc, .origin = at->origin,
		                         .str = arena_printf(im->arena, "#include \"%s\"", real)};
		return inc;
	}
	if (ends_with(real, ".bpf.c") || ends_with(real, ".bpf.o"))
		import_error(im, at, imp, "importing BPF C (.bpf.c) and object (.bpf.o) files is not supported: '%s'",
		             path);
	else
		import_error(im, at, imp, "unknown import type: \"%s\"", strrchr(real, '/') + 1);
	return NULL;
}

/* Finds NAME beside the importing file, then in each -I directory. */
static struct ast_node *import_name(struct importer *im, const struct import_site *at,
                                    const struct ast_node *imp, int depth)
{
	struct strbuf checked = {0};
	int ndirs = imp->str[0] == '/' ? 1 : im->ndirs + 1;
	for (int i = 0; i < ndirs; i++) {
		const char *dir = i == 0 ? at->dir : im->dirs[i - 1];
		const char *path = imp->str[0] == '/' ? imp->str : arena_printf(im->arena, "%s/%s", dir, imp->str);
		sb_printf(&checked, "%s%s", i ? ", " : "", path);
		if (access(path, F_OK) != 0)
			continue;
		sb_free(&checked);
		return import_path(im, at, imp, path, false, depth);
	}
	import_error(im, at, imp, "Unable to find suitable path for import (checked: %s)", checked.buf);
	sb_free(&checked);
	return NULL;
}

/* ITEMS with every import replaced by what it brings in. */
static struct ast_node *expand(struct importer *im, const struct import_site *at, struct ast_node *items,
                               int depth)
{
	struct ast_list out = {0};
	for (struct ast_node *n = items, *next; n; n = next) {
		next = n->next;
		n->next = NULL;
		if (n->kind == AST_CONFIG && depth > 0) {
			import_error(im, at, n, "invalid `config` within import");
		} else if (n->kind != AST_IMPORT) {
			out = ast_list_push(out, n);
		} else if (depth >= IMPORT_MAX_DEPTH) {
			import_error(im, at, n, "imports nest more than %d deep", IMPORT_MAX_DEPTH);
		} else {
			out = ast_list_push(out, import_name(im, at, n, depth));
		}
	}
	return out.head;
}

int parse_imports(struct ast_node *program, const char *dir, const char *const *include_dirs, int ndirs,
                  struct arena *arena, struct diags *diags)
{
	struct importer im = {.arena = arena, .dirs = include_dirs, .ndirs = ndirs};
	struct import_site at = {.diags = diags, .dir = dir};
	program->list = expand(&im, &at, program->list, 0);
	return im.errors;
}
