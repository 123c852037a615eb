/* The stages after parsing: sema, codegen and the runtime, stopped early by --emit. */
#ifndef SONDE_CLI_PIPELINE_H
#define SONDE_CLI_PIPELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "parser/parser.h"

enum pipeline_stop { STOP_NONE, STOP_TYPES, STOP_IR, STOP_ASM, STOP_ELF };

struct pipeline_opts {
	enum pipeline_stop stop;
	const char *elf_path;          /* --emit-elf FILE; NULL writes the ELF to stdout */
	const char *const *positional;
	int npositional;
	const char *const *named_params; /* `name[=value]` given after `--`, for getopt() */
	int nnamed_params;
	const char *cmd;               /* -c: run this child, traced from its first instruction */
	bool unsafe, quiet, verbose, dry_run, json, no_warnings;
	bool lookup_warnings;          /* -k */
	bool hold_output;              /* -B full */
	int mode;                      /* enum rt_mode: --mode test and bench */
	unsigned no_features;          /* --no-feature: enum probe_no_feature bits */
	unsigned debug;                /* -d: enum debug_stage bits, printed to stderr on the way */
	const char *probe_filter;      /* --probe-filter REGEX, or NULL */
	int pid;                       /* -p PID, 0 without */
	const char *traceable_functions; /* --traceable-functions FILE, or NULL for tracefs's list */
	const char *debuginfo;    /* --debuginfo directories (':'-separated), or NULL */
	const char *const *include_dirs, *const *include_files; /* -I DIR, --include FILE */
	int ninclude_dirs, ninclude_files;
	const char *btf_path, *kernel_source, *kernel_build; /* BPFTRACE_BTF, _KERNEL_SOURCE, _KERNEL_BUILD */
	FILE *out;                     /* stdout or -o */
};

/* Runs PROGRAM through the remaining stages; returns the process exit status. */
int pipeline_run(const struct pipeline_opts *o, struct ast_node *program, struct arena *arena, struct diags *diags);

#endif
