/* sonde: wires the stages together. Each stage reports to `diags` and returns; only this file
 * decides the exit status. The sequence reads top to bottom as the pipeline in DESIGN.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/input.h"
#include "cli/pipeline.h"
#include "cli/options.h"
#include "parser/parser.h"
#include "runtime/runtime.h"
#include "util/util.h"

/* bpftrace's hint when a -l search looks like a script whose file is missing. */
static void warn_missing_file(const char *search)
{
	if (search && strchr(search, '.') && !strpbrk(search, ":*"))
		fprintf(stderr, "WARNING: It appears that '%s' is a filename but the file does not exist. "
		        "Treating '%s' as a search pattern.\n", search, search);
}

/* BPFTRACE_COLOR: always, never, or auto (the default: when standard output and error are both
 * terminals). */
static bool use_color(void)
{
	const char *v = getenv("BPFTRACE_COLOR");
	if (v && strcmp(v, "always") == 0)
		return true;
	if (v && strcmp(v, "never") == 0)
		return false;
	if (v && strcmp(v, "auto") != 0)
		fprintf(stderr, "WARNING: BPFTRACE_COLOR=%s is none of auto, always and never; auto is used\n", v);
	return isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
}

/* --fmt: the script parsed (imports left as written) and printed back in sonde's layout, on
 * standard output or into -o's file. The file is replaced whole, by a rename, so `-o` may name
 * the script itself. */
static int format_script(const struct options *opts, const struct source *src, struct arena *arena,
                         struct diags *diags)
{
	struct parse_result parsed = parse_source(src, arena, diags);
	if (parsed.errors > 0 || !parsed.program)
		return 1;
	if (!opts->output_file)
		return ast_format(stdout, parsed.program, parsed.comments, src) == 0 && fflush(stdout) == 0 ? 0 : 1;
	char *tmp = arena_printf(arena, "%s.XXXXXX", opts->output_file);
	int fd = mkstemp(tmp);
	struct stat st;   /* the replacement keeps the file's mode (an executable tool stays one) */
	if (fd >= 0)
		fchmod(fd, stat(opts->output_file, &st) == 0 ? st.st_mode & 07777 : 0644);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out) {
		diag_plain_error(diags, "failed to open output file '%s': %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	int rc = ast_format(out, parsed.program, parsed.comments, src);
	if (fclose(out) != 0 || rc != 0 || rename(tmp, opts->output_file) != 0) {
		diag_plain_error(diags, "failed to write '%s': %s", opts->output_file, strerror(errno));
		unlink(tmp);
		return 1;
	}
	return 0;
}

/* -l: the probes a search matches or, with a script, those the script attaches to (after wildcard
 * expansion; begin and end attach to nothing). */
static int list_probes(const struct options *opts, struct source *src, struct arena *arena, struct diags *diags)
{
	struct list_options lo = {
		.out = stdout, .warn = stderr, .verbose = opts->verbose,
		.has_pid = opts->has_pid, .pid = (int)opts->pid, .traceable_functions = opts->traceable_functions,
		.debuginfo = opts->debuginfo,
	};
	struct ast_node *program = NULL;
	if (opts->program || opts->script_path) {
		if (!input_load(opts, src, diags))
			return 1;
		struct parse_result parsed = input_parse(opts, src, arena, diags);
		if (diags->errors > 0 || parsed.errors > 0 || !parsed.program)
			return 1;
		program = parsed.program;
	} else {
		warn_missing_file(opts->list_search);
	}
	struct lister *l = runtime_list_new(&lo);
	if (!l) {
		diag_plain_error(diags, "out of memory");
		return 1;
	}
	int status = 0;
	if (!program)
		runtime_list_search(l, opts->list_search);
	for (struct ast_node *n = program ? program->list : NULL; n && status == 0; n = n->next) {
		for (struct ast_node *ap = n->kind == AST_PROBE ? n->list : NULL; ap; ap = ap->next) {
			char err[512];
			if (runtime_list_attach_point(l, ap->str, err, sizeof(err)) < 0) {
				diag_error(diags, ap->loc, "%s", err);
				status = 1;
				break;
			}
		}
	}
	runtime_list_free(l);
	if (fflush(stdout) != 0)
		status = 1;
	return status;
}

int main(int argc, char **argv)
{
	struct options opts;
	int status = options_parse(argc, argv, &opts);
	if (status != OPTIONS_CONTINUE) {
		options_free(&opts);
		return status;
	}

	struct source src = {0};
	struct arena arena = {0};
	struct diags diags = {.src = &src, .out = stderr, .color = use_color()};
	status = 1;

	if (opts.list) {
		status = list_probes(&opts, &src, &arena, &diags);
		goto out;
	}

	/* 1. script text */
	if (!input_load(&opts, &src, &diags))
		goto out;
	if (opts.mode && strcmp(opts.mode, "format") == 0) {
		status = format_script(&opts, &src, &arena, &diags);
		goto out;
	}

	/* 2. parser: text -> AST */
	struct parse_result parsed = input_parse(&opts, &src, &arena, &diags);
	if (diags.errors > 0 || parsed.errors > 0 || !parsed.program)
		goto out;
	if (opts.debug & DEBUG_AST)
		ast_print(stderr, parsed.program);
	if (opts.emit == EMIT_AST) {
		ast_print(stdout, parsed.program);
		status = fflush(stdout) == 0 ? 0 : 1;
		goto out;
	}

	/* 3. sema, 4. codegen, 5. runtime */
	FILE *out = stdout;
	if (opts.output_file && !(out = fopen(opts.output_file, "w"))) {
		diag_plain_error(&diags, "failed to open output file '%s'", opts.output_file);
		goto out;
	}
	static const enum pipeline_stop stops[] = {
		[EMIT_NONE] = STOP_NONE, [EMIT_TYPES] = STOP_TYPES, [EMIT_IR] = STOP_IR,
		[EMIT_ASM] = STOP_ASM, [EMIT_ELF] = STOP_ELF,
	};
	/* -B: line buffering unless asked otherwise; the runtime also writes each event's output
	 * when it is complete, except with full buffering. */
	setvbuf(out, NULL, opts.buffering == BUFFER_NONE ? _IONBF : opts.buffering == BUFFER_FULL ? _IOFBF : _IOLBF,
	        BUFSIZ);
	/* --mode: test and bench run the script's own probes of those types; the others are bpftrace's
	 * developer modes, not here yet. */
	int mode = RT_MODE_RUN;
	if (opts.mode && strcmp(opts.mode, "test") == 0)
		mode = RT_MODE_TEST;
	else if (opts.mode && strcmp(opts.mode, "bench") == 0)
		mode = RT_MODE_BENCH;
	else if (opts.mode) {
		diag_plain_error(&diags, "--mode %s is not implemented yet", opts.mode);
		goto close;
	}
	struct pipeline_opts po = {
		.mode = mode, .no_features = opts.no_features, .hold_output = opts.buffering == BUFFER_FULL, .debug = opts.debug,
		.stop = opts.emit_elf_file ? STOP_ELF : stops[opts.emit], .elf_path = opts.emit_elf_file,
		.positional = opts.params.items, .npositional = opts.params.len,
		.named_params = opts.named_params.items, .nnamed_params = opts.named_params.len,
		.unsafe = opts.unsafe, .quiet = opts.quiet, .verbose = opts.verbose, .dry_run = opts.dry_run,
		.json = opts.format == FORMAT_JSON, .out = out, .cmd = opts.cmd,
		.no_warnings = opts.warning_level == 0, .lookup_warnings = opts.warning_level == 2,
		.probe_filter = opts.probe_filter, .pid = opts.has_pid ? (int)opts.pid : 0, .traceable_functions = opts.traceable_functions,
		.debuginfo = opts.debuginfo,
		.include_dirs = opts.include_dirs.items, .ninclude_dirs = opts.include_dirs.len,
		.include_files = opts.include_files.items, .ninclude_files = opts.include_files.len,
		.btf_path = getenv("BPFTRACE_BTF"), .kernel_source = getenv("BPFTRACE_KERNEL_SOURCE"),
		.kernel_build = getenv("BPFTRACE_KERNEL_BUILD"),
	};
	status = pipeline_run(&po, parsed.program, &arena, &diags);
close:
	if (out != stdout)
		fclose(out);

out:
	arena_free(&arena);
	input_free(&src);
	options_free(&opts);
	return status;
}
