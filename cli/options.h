/* cli options: the command line as bpftrace understands it, parsed into one struct. */
#ifndef SONDE_CLI_OPTIONS_H
#define SONDE_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Where `--emit` stops the pipeline; EMIT_NONE runs the program. */
enum emit_stage { EMIT_NONE, EMIT_AST, EMIT_TYPES, EMIT_IR, EMIT_ASM, EMIT_ELF };

enum cli_format { FORMAT_TEXT, FORMAT_JSON };   /* not output_format: runtime.h has that name */

/* -B: stdout buffering; UNSET behaves as LINE, as in bpftrace. */
enum buffer_mode { BUFFER_UNSET, BUFFER_LINE, BUFFER_FULL, BUFFER_NONE };

/* -d STAGE: what is printed to standard error on the way (the program still runs). */
enum debug_stage {
	DEBUG_AST = 1 << 0, DEBUG_TYPES = 1 << 1, DEBUG_CODEGEN = 1 << 2, DEBUG_CODEGEN_OPT = 1 << 3,
	DEBUG_DIS = 1 << 4, DEBUG_LIBBPF = 1 << 5, DEBUG_VERIFIER = 1 << 6,
};

/* A growable list of borrowed argv strings. */
struct str_list {
	const char **items;
	int len;
};

struct options {
	/* the script: exactly one of these is set unless only listing (-l) */
	const char *program;      /* -e */
	const char *script_path;  /* file argument, "-" for stdin */

	struct str_list params;        /* $1, $2 ... */
	struct str_list named_params;  /* `--name[=value]` after `--`, without the dashes */

	enum emit_stage emit;
	enum cli_format format;
	enum buffer_mode buffering;
	const char *output_file;  /* -o */
	const char *emit_elf_file, *emit_llvm_file;

	bool quiet, verbose, unsafe, dry_run, verify_llvm_ir, usdt_file_activation;
	int warning_level;        /* 0 with --no-warnings, 2 with -k, else 1 */

	bool has_pid;
	unsigned long pid;        /* -p, validated to 0..0x400000 */
	const char *cmd;          /* -c */
	struct str_list dwarf_pids;

	bool list;                /* -l */
	const char *list_search;  /* -l's positional search pattern, NULL for all */

	unsigned debug;           /* -d: the stages to print (DEBUG_*), every -d together */
	const char *mode;         /* --mode and its aliases --test, --bench, --fmt */
	const char *aot, *probe_filter, *traceable_functions;
	unsigned no_features;     /* --no-feature: enum probe_no_feature bits, every one given */
	const char *debuginfo;    /* every --debuginfo, joined with ':' */
	char *debuginfo_owned;    /* the same, to free */
	struct str_list include_dirs;   /* -I */
	struct str_list include_files;  /* --include */
};

/* Returned by options_parse when main should go on; anything else is the exit status. */
#define OPTIONS_CONTINUE (-1)

/* Parses ARGV into OPTS. Prints help, version or an error itself and returns the exit status
 * when there is nothing more to do, else OPTIONS_CONTINUE. */
int options_parse(int argc, char **argv, struct options *opts);
void options_free(struct options *opts);

/* ---- the option table as documentation: -h, the man page and the shell completions ---------- */

/* Where an option is listed: help headings and man page subsections (usage.c names them). */
enum option_group {
	GROUP_GENERAL, GROUP_PROCESS, GROUP_OUTPUT, GROUP_SOURCES, GROUP_SAFETY,
	GROUP_COMPILER, GROUP_DEVELOPER, GROUP_TROUBLESHOOTING, GROUP_COUNT
};

/* What an option's argument is, so a shell knows what to complete. */
enum option_value {
	VALUE_NONE,     /* takes no argument */
	VALUE_TEXT,     /* free text: nothing to complete */
	VALUE_CHOICE,   /* one of `choices` (comma-separated lists for -d and --no-feature) */
	VALUE_FILE, VALUE_DIR, VALUE_COMMAND, VALUE_PID,
	VALUE_PROGRAM,  /* -e: a script; its attach points complete as probe names */
	VALUE_PROBE,    /* -l: an optional search pattern (a probe name) or a script file */
};

/* One row of the option table as -h and the man page describe it. */
struct option_doc {
	const char *name;        /* long name without "--", or NULL */
	char short_name;         /* or 0 */
	bool has_arg;            /* getopt's view: -l's search is a positional, not an argument */
	bool implemented;        /* false: accepted and validated, then "not implemented yet" */
	const char *arg;         /* the argument's placeholder ("PID"), or NULL */
	enum option_group group;
	enum option_value value;
	const char *const *choices;  /* VALUE_CHOICE: NULL-terminated */
	const char *summary;     /* one phrase for -h, lower case, no full stop */
	const char *details;     /* sentences the man page adds, or NULL */
};

/* The Ith row of the option table, in help order, or NULL past the last. */
const struct option_doc *option_doc(size_t i);

/* The -h heading that opens GROUP ("OPTIONS:"), or NULL when it continues the previous one. */
const char *option_group_heading(enum option_group group);
/* GROUP's man page subsection title ("Tracing processes"). */
const char *option_group_title(enum option_group group);

/* A command line shown in -h (when in_help) and in the man page's EXAMPLES. */
struct usage_example {
	const char *command, *what;
	bool in_help;
};

/* The Ith example, or NULL past the last. */
const struct usage_example *usage_example(size_t i);

/* The USAGE text of -h (to stdout) and of a bad command line (to stderr). */
void usage_print(FILE *out);

#endif
