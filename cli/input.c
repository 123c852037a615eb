/* cli input: reads the script and parses it with its imports. -e and standard input are named
 * "stdin", as bpftrace names them, so diagnostics match byte for byte. */
#include "cli/input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static bool read_stream(FILE *f, struct strbuf *sb)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sb_putn(sb, chunk, n);
	return !ferror(f);
}

bool input_load(const struct options *opts, struct source *src, struct diags *diags)
{
	struct strbuf sb = {0};
	sb_puts(&sb, "");   /* an empty script still gets a NUL-terminated buffer */

	if (opts->program) {
		src->name = "stdin";
		sb_puts(&sb, opts->program);
	} else if (strcmp(opts->script_path, "-") == 0) {
		src->name = "stdin";
		if (!read_stream(stdin, &sb)) {
			diag_plain_error(diags, "failed to read standard input: %s", strerror(errno));
			sb_free(&sb);
			return false;
		}
	} else {
		src->name = opts->script_path;
		FILE *f = fopen(opts->script_path, "r");
		if (!f) {
			diag_plain_error(diags, "failed to open file '%s': %s", opts->script_path, strerror(errno));
			sb_free(&sb);
			return false;
		}
		bool ok = read_stream(f, &sb);
		int err = errno;
		fclose(f);
		if (!ok) {
			diag_plain_error(diags, "failed to read file '%s': %s", opts->script_path, strerror(err));
			sb_free(&sb);
			return false;
		}
	}
	src->len = sb.len;
	src->text = sb_take(&sb);
	return true;
}

struct parse_result input_parse(const struct options *opts, const struct source *src, struct arena *arena,
                                struct diags *diags)
{
	struct parse_result r = parse_script(src, arena, diags);
	if (r.errors || !r.program)
		return r;
	const char *path = opts->program || strcmp(opts->script_path, "-") == 0 ? NULL : opts->script_path;
	const char *slash = path ? strrchr(path, '/') : NULL;
	const char *dir = !slash ? "." : slash == path ? "/" : arena_strndup(arena, path, (size_t)(slash - path));
	r.errors += parse_imports(r.program, dir, opts->include_dirs.items, opts->include_dirs.len, arena, diags);
	return r;
}

void input_free(struct source *src)
{
	free((char *)src->text);
	src->text = NULL;
	src->len = 0;
}
