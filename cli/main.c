/* sonde: wires the stages together. Each stage reports to `diags` and returns; only this file
 * decides the exit status. The sequence reads top to bottom as the pipeline in DESIGN.md. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/input.h"
#include "cli/pipeline.h"
#include "cli/options.h"
#include "parser/parser.h"
#include "util/util.h"

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
	struct diags diags = {.src = &src, .out = stderr};
	status = 1;

	/* -l without a script lists the kernel's probes: the runtime's job, not wired yet. */
	if (!opts.program && !opts.script_path) {
		fprintf(stderr, "ERROR: listing probes is not implemented yet\n");
		goto out;
	}

	/* 1. script text */
	if (!input_load(&opts, &src))
		goto out;

	/* 2. parser: text -> AST */
	struct parse_result parsed = parse_source(&src, &arena, &diags);
	if (diags.errors > 0 || parsed.errors > 0 || !parsed.program)
		goto out;
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
	struct pipeline_opts po = {
		.stop = opts.emit_elf_file ? STOP_ELF : stops[opts.emit], .elf_path = opts.emit_elf_file,
		.positional = opts.params.items, .npositional = opts.params.len,
		.unsafe = opts.unsafe, .quiet = opts.quiet, .verbose = opts.verbose, .dry_run = opts.dry_run,
		.json = opts.format == FORMAT_JSON, .out = out,
	};
	status = pipeline_run(&po, parsed.program, &arena, &diags);
	if (out != stdout)
		fclose(out);

out:
	arena_free(&arena);
	input_free(&src);
	options_free(&opts);
	return status;
}
