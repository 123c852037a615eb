/* cli options: one table row per option drives getopt_long, storing, the "not implemented" check
 * and the documentation (-h, the man page and the shell completions are all written from it), so
 * wiring an option later means flipping its `implemented` flag (and maybe giving it a handler). */
#define _GNU_SOURCE   /* asprintf */
#include "cli/options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runtime/runtime.h"
#include "util/util.h"

#ifndef SONDE_LLVM_VERSION
#define SONDE_LLVM_VERSION "unknown"
#endif
#ifndef SONDE_VERSION
#define SONDE_VERSION "0.0.0"
#endif

/* bpftrace's nominal maximum pid on 64-bit systems; the real limit is /proc/sys/kernel/pid_max. */
#define PID_MAX_NOMINAL 0x400000UL

enum opt_kind {
	K_FLAG,    /* sets the bool at `field` */
	K_STRING,  /* stores the argument at `field` (last one wins) */
	K_LIST,    /* appends the argument to the str_list at `field` */
	K_CUSTOM,  /* calls `apply` */
};

struct opt_def {
	struct option_doc doc;  /* names, argument, documentation: what the outside world sees */
	enum opt_kind kind;
	size_t field;
	/* Validates and stores ARG; returns OPTIONS_CONTINUE or an exit status. */
	int (*apply)(struct options *o, const char *arg);
};

static void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("ERROR: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void list_push(struct str_list *l, const char *s)
{
	const char **items = realloc(l->items, sizeof(*items) * (size_t)(l->len + 1));
	if (!items) {
		perror("sonde");
		exit(1);
	}
	items[l->len++] = s;
	l->items = items;
}

/* ---- handlers for options that need more than storing -------------------------------------- */

static int apply_help(struct options *o, const char *arg)
{
	usage_print(stdout);
	return 0;
}

/* --info: bpftrace's report, in its sections and layout. */
static int apply_info(struct options *o, const char *arg)
{
	(void)o, (void)arg;
	runtime_info_system(stdout);
	printf("\nBuild\n  version: v%s\n  LLVM: %s\n  libdw (DWARF support): yes\n\n", SONDE_VERSION,
	       SONDE_LLVM_VERSION);
	runtime_info_kernel(stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int apply_version(struct options *o, const char *arg)
{
	printf("sonde v%s\n", SONDE_VERSION);
	return 0;
}

/* The values of options that take one of a few words, shared by validation and documentation. */
static const char *const emit_names[] = {"ast", "types", "ir", "asm", "elf", NULL};  /* EMIT_AST.. */
static const char *const format_names[] = {"text", "json", NULL};
static const char *const buffer_names[] = {"line", "full", "none", NULL};  /* BUFFER_LINE.. */
static const char *const debug_stages[] = {"all", "ast", "types", "codegen", "codegen-opt", "libbpf",
                                           "verifier", "parse", "dis", NULL};
/* Each stage's DEBUG_* bits, in debug_stages' order. */
static const unsigned debug_bits[] = {~0u, DEBUG_AST, DEBUG_TYPES, DEBUG_CODEGEN, DEBUG_CODEGEN_OPT, DEBUG_LIBBPF,
                                      DEBUG_VERIFIER, DEBUG_AST, DEBUG_DIS};
static const char *const mode_names[] = {"codegen", "compiler-bench", "bench", "test", "format", NULL};
static const char *const feature_names[] = {"uprobe_multi", "kprobe_multi", "kprobe_session", NULL};

/* The index of ARG in the NULL-terminated LIST, or -1. */
static int choice_index(const char *arg, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(arg, list[i]) == 0)
			return i;
	return -1;
}

static int apply_emit(struct options *o, const char *arg)
{
	int i = choice_index(arg, emit_names);
	if (i < 0) {
		error("USAGE: --emit must be one of 'ast', 'types', 'ir', 'asm', 'elf'.");
		return 1;
	}
	o->emit = (enum emit_stage)(EMIT_AST + i);
	return OPTIONS_CONTINUE;
}

/* --probe-filter: a POSIX extended regex over probe names; a bad one is refused before anything is
 * compiled. */
static int apply_probe_filter(struct options *o, const char *arg)
{
	regex_t re;
	int rc = regcomp(&re, arg, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char why[256];
		regerror(rc, &re, why, sizeof(why));
		error("Invalid --probe-filter regex '%s': %s", arg, why);
		return 1;
	}
	regfree(&re);
	o->probe_filter = arg;
	return OPTIONS_CONTINUE;
}

/* Parses a pid the way bpftrace reports it: a leading non-digit is an invalid integer, digits
 * followed by anything else are trailing bytes. */
static int parse_pid(const char *arg, unsigned long *out)
{
	if (!isdigit((unsigned char)arg[0])) {
		error("Failed to parse pid: invalid integer: %s", arg);
		return 1;
	}
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (*end != '\0') {
		error("Failed to parse pid: invalid trailing bytes: %s", arg);
		return 1;
	}
	if (errno == ERANGE || v > PID_MAX_NOMINAL) {
		error("Pid out of range: %s", arg);
		return 1;
	}
	*out = v;
	return OPTIONS_CONTINUE;
}

static int apply_pid(struct options *o, const char *arg)
{
	int rc = parse_pid(arg, &o->pid);
	o->has_pid = rc == OPTIONS_CONTINUE;
	return rc;
}

static int apply_dwarf_pid(struct options *o, const char *arg)
{
	unsigned long pid;
	int rc = parse_pid(arg, &pid);
	if (rc == OPTIONS_CONTINUE)
		list_push(&o->dwarf_pids, arg);
	return rc;
}

/* --debuginfo DIR[:DIR], given any number of times: one ':'-separated list, in order. */
static int apply_debuginfo(struct options *o, const char *arg)
{
	char *joined = NULL;
	if (asprintf(&joined, "%s%s%s", o->debuginfo_owned ? o->debuginfo_owned : "", o->debuginfo_owned ? ":" : "",
	             arg) < 0) {
		error("out of memory");
		return 1;
	}
	free(o->debuginfo_owned);
	o->debuginfo = o->debuginfo_owned = joined;
	return OPTIONS_CONTINUE;
}

static int apply_format(struct options *o, const char *arg)
{
	int i = choice_index(arg, format_names);
	if (i < 0) {
		error("Invalid output format \"%s\"", arg);
		fputs("Valid formats: 'text', 'json'\n", stderr);
		return 1;
	}
	o->format = i == 0 ? FORMAT_TEXT : FORMAT_JSON;
	return OPTIONS_CONTINUE;
}

static int apply_buffering(struct options *o, const char *arg)
{
	int i = choice_index(arg, buffer_names);
	if (i < 0) {
		error("USAGE: -B must be either 'line', 'full', or 'none'.");
		return 1;
	}
	o->buffering = (enum buffer_mode)(BUFFER_LINE + i);
	return OPTIONS_CONTINUE;
}

/* The entry of the NULL-terminated LIST the N bytes at WORD equal, or -1. */
static int word_index(const char *word, size_t n, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncmp(list[i], word, n) == 0)
			return i;
	return -1;
}

/* OPTION's comma-separated words, each one of the NULL-terminated LIST: the BITS of each word
 * given are or-ed into *OUT. */
static int apply_word_bits(const char *option, const char *arg, const char *const *list, const unsigned *bits,
                           unsigned *out)
{
	for (const char *p = arg; *p;) {
		size_t n = strcspn(p, ",");
		int i = n > 0 ? word_index(p, n, list) : -1;
		if (n > 0 && i < 0) {
			error("USAGE: invalid option for %s: %.*s", option, (int)n, p);
			return 1;
		}
		if (i >= 0)
			*out |= bits[i];
		p += n + (p[n] == ',');
	}
	return OPTIONS_CONTINUE;
}

static int apply_debug(struct options *o, const char *arg)
{
	return apply_word_bits("-d", arg, debug_stages, debug_bits, &o->debug);
}

/* --no-feature A,B: each a feature_names entry. */
static int apply_no_feature(struct options *o, const char *arg)
{
	static const unsigned bits[] = {PROBE_NO_UPROBE_MULTI, PROBE_NO_KPROBE_MULTI, PROBE_NO_KPROBE_SESSION};
	return apply_word_bits("--no-feature", arg, feature_names, bits, &o->no_features);
}

static int set_mode(struct options *o, const char *mode, const char *alias)
{
	if (alias && o->mode) {
		error("USAGE: %s conflicts with existing --mode", alias);
		return 1;
	}
	o->mode = mode;
	return OPTIONS_CONTINUE;
}

static int apply_mode(struct options *o, const char *arg)
{
	if (choice_index(arg, mode_names) < 0) {
		error("USAGE: --mode can only be 'codegen', 'compiler-bench', 'bench', 'test' or "
		      "'format'.");
		return 1;
	}
	return set_mode(o, arg, NULL);
}

static int apply_test(struct options *o, const char *arg) { return set_mode(o, "test", "--test"); }
static int apply_bench(struct options *o, const char *arg) { return set_mode(o, "bench", "--bench"); }
static int apply_fmt(struct options *o, const char *arg) { return set_mode(o, "format", "--fmt"); }

static int apply_warnings(struct options *o, const char *arg)
{
	if (o->warning_level == 2) {
		error("USAGE: -kk has been deprecated. Use a single -k for runtime warnings for "
		      "errors in map lookups and probe reads.");
		return 1;
	}
	if (o->warning_level == 0) {
		error("USAGE: -k, --warnings conflicts with --no-warnings");
		return 1;
	}
	o->warning_level = 2;
	return OPTIONS_CONTINUE;
}

static int apply_no_warnings(struct options *o, const char *arg)
{
	if (o->warning_level == 2) {
		error("USAGE: -k, --warnings conflicts with --no-warnings");
		return 1;
	}
	o->warning_level = 0;
	return OPTIONS_CONTINUE;
}

static int apply_ignore(struct options *o, const char *arg)
{
	return OPTIONS_CONTINUE;
}

/* ---- the table ------------------------------------------------------------------------------ */

#define FLAG(f) K_FLAG, offsetof(struct options, f), NULL
#define STRING(f) K_STRING, offsetof(struct options, f), NULL
#define LIST(f) K_LIST, offsetof(struct options, f), NULL
#define CUSTOM(fn) K_CUSTOM, 0, fn

/* Rows are in the order -h and the man page list them. Each row: long name, short name, whether
 * getopt gives it an argument, whether it is implemented, the argument's placeholder, group, what
 * its value is, its choices, the -h summary, the man page's details; then how it is stored. */
static const struct opt_def opt_defs[] = {
	{{NULL, 'e', true, true, "PROGRAM", GROUP_GENERAL, VALUE_PROGRAM, NULL,
	  "run PROGRAM given on the command line",
	  "Diagnostics name the program stdin, as bpftrace does."}, STRING(program)},
	{{"list", 'l', false, true, "[SEARCH|FILE]", GROUP_GENERAL, VALUE_PROBE, NULL,
	  "list probes matching SEARCH, or the probes of a script",
	  "SEARCH is a probe name that may hold shell wildcards (*, ? and [...]) and several names "
	  "separated by commas, e.g. 'tracepoint:sched:*'; without SEARCH (or with '*') every probe is "
	  "listed. With -e PROGRAM or a script FILE, the probes that script attaches to are listed, "
	  "wildcards expanded; begin and end attach to nothing. With -v, each probe's arguments are "
	  "listed too; with -p, the uprobes and USDT probes of that process."}, FLAG(list)},
	{{"verbose", 'v', false, true, NULL, GROUP_GENERAL, VALUE_NONE, NULL,
	  "print more detail (with -l: probe arguments)",
	  "When running, libbpf's messages and the verifier's log are printed to standard error."},
	 FLAG(verbose)},
	{{"help", 'h', false, true, NULL, GROUP_GENERAL, VALUE_NONE, NULL, "print the help text", NULL},
	 CUSTOM(apply_help)},
	{{"version", 'V', false, true, NULL, GROUP_GENERAL, VALUE_NONE, NULL, "print the version", NULL},
	 CUSTOM(apply_version)},
	{{"info", 0, false, true, NULL, GROUP_GENERAL, VALUE_NONE, NULL,
	  "describe the kernel's BPF support",
	  "The system, sonde's build, and what this kernel offers, each asked of the kernel: "
	  "helpers, features (BTF, the instruction limit) and probe types (kprobe_multi, uprobe_multi, "
	  "kprobe_session, iter)."}, CUSTOM(apply_info)},

	{{"pid", 'p', true, true, "PID", GROUP_PROCESS, VALUE_PID, NULL,
	  "trace process PID only, until it exits",
	  "Kernel probes (kprobe, fentry, tracepoint, rawtracepoint and their return variants) "
	  "filter on PID; uprobes, USDT probes, profile and software/hardware events attach to PID "
	  "alone (interval timers stay process-wide). With -l the uprobes and USDT "
	  "probes of the process's binaries and libraries are listed."}, CUSTOM(apply_pid)},
	{{"cmd", 'c', true, true, "CMD", GROUP_PROCESS, VALUE_COMMAND, NULL,
	  "run CMD and trace until it exits",
	  "CMD is split into words as a shell would, without running substitutions. It is started "
	  "before the script is compiled, so the builtin cpid is its pid, and held until every probe "
	  "is attached. sonde exits when CMD exits. Events of other processes are still traced "
	  "unless the script filters on cpid, e.g. with /pid == cpid/."}, STRING(cmd)},
	{{"dwarf-pid", 0, true, false, "PID", GROUP_PROCESS, VALUE_PID, NULL,
	  "also unwind stacks of PID with DWARF", NULL}, CUSTOM(apply_dwarf_pid)},
	{{"usdt-file-activation", 0, false, true, NULL, GROUP_PROCESS, VALUE_NONE, NULL,
	  "activate USDT semaphores by file path",
	  "sonde always does: a probe with a semaphore is attached with the kernel's uprobe reference "
	  "counter, which raises the semaphore in every process that maps the binary, already running "
	  "or started later, while the probe is attached. Accepted for bpftrace's command lines."},
	 FLAG(usdt_file_activation)},

	{{"output", 'o', true, true, "FILE", GROUP_OUTPUT, VALUE_FILE, NULL,
	  "write output to FILE",
	  "Errors and warnings still go to standard error, and the output of a -c command to "
	  "sonde's standard output."}, STRING(output_file)},
	{{NULL, 'f', true, true, "FORMAT", GROUP_OUTPUT, VALUE_CHOICE, format_names,
	  "output format",
	  "json writes one JSON object per line (NDJSON), in bpftrace's layout."},
	 CUSTOM(apply_format)},
	{{NULL, 'B', true, true, "MODE", GROUP_OUTPUT, VALUE_CHOICE, buffer_names,
	  "output buffering (line is the default)",
	  "line writes each event's output when it is complete; full only when the buffer fills (or at "
	  "exit); none every write at once. For standard output and -o alike."}, CUSTOM(apply_buffering)},
	{{"quiet", 'q', false, true, NULL, GROUP_OUTPUT, VALUE_NONE, NULL,
	  "print fewer messages",
	  "The \"Attached N probes\" line is left out."}, FLAG(quiet)},
	{{"warnings", 'k', false, true, NULL, GROUP_OUTPUT, VALUE_NONE, NULL,
	  "warn when a map lookup finds no element or a memory read fails",
	  "Each place in the script warns once, naming its source location; a failed read names the "
	  "helper and the kernel's error (with -f json, a helper_error record). Conflicts with "
	  "--no-warnings."},
	 CUSTOM(apply_warnings)},
	{{"no-warnings", 0, false, true, NULL, GROUP_OUTPUT, VALUE_NONE, NULL,
	  "print no warnings at all", NULL}, CUSTOM(apply_no_warnings)},

	{{NULL, 'I', true, true, "DIR", GROUP_SOURCES, VALUE_DIR, NULL,
	  "search DIR for #include and import files",
	  "Searched before the system's directories, in the order given; an import is looked for "
	  "beside the script first."}, LIST(include_dirs)},
	{{"include", 0, true, true, "FILE", GROUP_SOURCES, VALUE_FILE, NULL,
	  "#include FILE before the script",
	  "FILE is found as #include <FILE> finds it, so `--include stdint.h` gives the script uint8_t "
	  "and friends for its C definitions."}, LIST(include_files)},
	{{"debuginfo", 0, true, true, "DIR[:DIR]", GROUP_SOURCES, VALUE_DIR, NULL,
	  "search these directories for debug info",
	  "Besides the standard places (the binary itself, its .gnu_debuglink and build id under .debug/ "
	  "and /usr/lib/debug/), for the DWARF that types a uprobe's args. A relative directory is "
	  "relative to the binary's own. May be given more than once."}, CUSTOM(apply_debuginfo)},
	{{"traceable-functions", 0, true, true, "FILE", GROUP_SOURCES, VALUE_FILE, NULL,
	  "read the traceable kernel functions from FILE", NULL}, STRING(traceable_functions)},
	{{"btf", 'b', false, true, NULL, GROUP_SOURCES, VALUE_NONE, NULL,
	  "accepted for compatibility (BTF is always used)",
	  "Kernel types always come from the kernel's BTF (/sys/kernel/btf)."}, CUSTOM(apply_ignore)},

	{{"unsafe", 0, false, true, NULL, GROUP_SAFETY, VALUE_NONE, NULL,
	  "allow destructive actions such as system()",
	  "Without it, a script calling system() is refused before anything is loaded."},
	 FLAG(unsafe)},
	{{"no-feature", 0, true, true, "FEATURE[,FEATURE]", GROUP_SAFETY, VALUE_CHOICE, feature_names,
	  "do not use these detected kernel features",
	  "uprobe_multi and kprobe_multi: one link per function instead of one for many; "
	  "kprobe_session: accepted (sonde never joins a kprobe and a kretprobe into a session)."},
	 CUSTOM(apply_no_feature)},

	{{"emit", 0, true, true, "STAGE", GROUP_COMPILER, VALUE_CHOICE, emit_names,
	  "stop after STAGE and print its result",
	  "ast prints the syntax tree, types the typed program (probes, attach points after "
	  "wildcard expansion, maps and their types), ir the LLVM IR after optimisation, asm the "
	  "BPF assembly, elf the BPF object itself. Nothing is loaded into the kernel."},
	 CUSTOM(apply_emit)},

	{{"mode", 0, true, true, "MODE", GROUP_DEVELOPER, VALUE_CHOICE, mode_names,
	  "what to do with the script",
	  "test runs each test:NAME probe once, after begin, instead of attaching anything: it passes "
	  "when it returns 0, calls no exit() with a non-zero code and reports no error (its output is "
	  "shown only when it fails), and sonde exits 1 when one fails. bench runs each bench:NAME "
	  "probe, its output discarded, until its runs fill a millisecond, and reports their average "
	  "time. Then end runs, as after any run. format prints the script back in one layout (--fmt). "
	  "codegen and compiler-bench are not implemented yet."}, CUSTOM(apply_mode)},
	{{"test", 0, false, true, NULL, GROUP_DEVELOPER, VALUE_NONE, NULL,
	  "run the test: probes (--mode test)", NULL}, CUSTOM(apply_test)},
	{{"bench", 0, false, true, NULL, GROUP_DEVELOPER, VALUE_NONE, NULL,
	  "run the bench: probes (--mode bench)", NULL}, CUSTOM(apply_bench)},
	{{"fmt", 0, false, true, NULL, GROUP_DEVELOPER, VALUE_NONE, NULL,
	  "print the script formatted (--mode format)",
	  "Statements one per line, indented two spaces a block, single spaces around operators and "
	  "only the parentheses precedence needs; literals, types, attach points, C definitions and "
	  "comments are kept as written. Nothing is loaded, so no privileges are needed. With -o FILE "
	  "the file is replaced whole (it may be the script itself)."}, CUSTOM(apply_fmt)},
	{{"probe-filter", 0, true, true, "REGEX", GROUP_DEVELOPER, VALUE_TEXT, NULL,
	  "run only probes whose name matches REGEX",
	  "REGEX is a POSIX extended regular expression, checked before anything is compiled. "
	  "Attach points whose full probe name does not match are dropped as if never written; "
	  "begin and end always stay. A program left with nothing but begin and end is an error."},
	 CUSTOM(apply_probe_filter)},
	{{"aot", 0, true, false, "FILE", GROUP_DEVELOPER, VALUE_FILE, NULL,
	  "build a standalone executable", NULL}, STRING(aot)},

	{{"dry-run", 0, false, true, NULL, GROUP_TROUBLESHOOTING, VALUE_NONE, NULL,
	  "load every probe, then stop before anything runs",
	  "The kernel's verifier checks every program; nothing is attached and begin does not run."},
	 FLAG(dry_run)},
	{{"verify-llvm-ir", 0, false, true, NULL, GROUP_TROUBLESHOOTING, VALUE_NONE, NULL,
	  "check the generated LLVM IR",
	  "sonde always does, before optimising it: invalid IR is an internal error, never loaded."},
	 FLAG(verify_llvm_ir)},
	{{"debug", 'd', true, true, "STAGE[,STAGE]", GROUP_TROUBLESHOOTING, VALUE_CHOICE, debug_stages,
	  "print a stage's output to standard error, then run",
	  "ast (or parse) the syntax tree, types the typed program, codegen the LLVM IR before "
	  "optimising, codegen-opt after, dis the BPF assembly, libbpf and verifier libbpf's messages "
	  "and the verifier's log (as -v); all of them. Several stages may be given, comma-separated "
	  "or with -d again. For the stages alone, without running, see --emit."}, CUSTOM(apply_debug)},
	{{"emit-elf", 0, true, true, "FILE", GROUP_TROUBLESHOOTING, VALUE_FILE, NULL,
	  "write the BPF object to FILE (dry run)",
	  "The script is compiled but nothing is loaded."}, STRING(emit_elf_file)},
	{{"emit-llvm", 0, true, false, "FILE", GROUP_TROUBLESHOOTING, VALUE_FILE, NULL,
	  "write LLVM IR to FILE.original.ll and FILE.optimized.ll", NULL}, STRING(emit_llvm_file)},
};

const struct option_doc *option_doc(size_t i)
{
	return i < ARRAY_LEN(opt_defs) ? &opt_defs[i].doc : NULL;
}

/* Writes option DEF as the user spelled it ("--pid" or "-p"). */
static void spell_option(const struct opt_def *def, int long_index, int c, char *out, size_t len)
{
	if (long_index >= 0)
		snprintf(out, len, "--%s", def->doc.name);
	else
		snprintf(out, len, "-%c", c);
}

/* getopt_long's value for a long option: past every char so it never clashes with a short one. */
#define LONG_VAL_BASE 256

static int apply_def(const struct opt_def *def, struct options *o, const char *arg)
{
	char *base = (char *)o;
	switch (def->kind) {
	case K_FLAG:
		*(bool *)(base + def->field) = true;
		return OPTIONS_CONTINUE;
	case K_STRING:
		*(const char **)(base + def->field) = arg;
		return OPTIONS_CONTINUE;
	case K_LIST:
		list_push((struct str_list *)(base + def->field), arg);
		return OPTIONS_CONTINUE;
	case K_CUSTOM:
		return def->apply(o, arg);
	}
	return OPTIONS_CONTINUE;
}

static const struct opt_def *find_short(int c)
{
	for (size_t i = 0; i < ARRAY_LEN(opt_defs); i++)
		if (c > 0 && opt_defs[i].doc.short_name == c)
			return &opt_defs[i];
	return NULL;
}

/* Builds getopt_long's inputs from the table: "e:hV..." and the long option array. */
static void build_getopt_tables(char *shorts, struct option *longs)
{
	size_t ns = 0, nl = 0;
	for (size_t i = 0; i < ARRAY_LEN(opt_defs); i++) {
		const struct option_doc *d = &opt_defs[i].doc;
		if (d->short_name) {
			shorts[ns++] = d->short_name;
			if (d->has_arg)
				shorts[ns++] = ':';
		}
		if (d->name) {
			longs[nl++] = (struct option){d->name, d->has_arg ? required_argument : no_argument,
			                              NULL, LONG_VAL_BASE + (int)i};
		}
	}
	shorts[ns] = '\0';
	longs[nl] = (struct option){0};
}

/* bpftrace's -l takes at most one positional: an existing file is a script, else a search. */
static int take_list_positionals(int argc, char **argv, struct options *o)
{
	if (optind == argc)
		return OPTIONS_CONTINUE;
	if (optind != argc - 1) {
		usage_print(stderr);
		return 1;
	}
	const char *arg = argv[optind++];
	struct stat st;
	if (!o->program && stat(arg, &st) == 0)
		o->script_path = arg;
	else if (strcmp(arg, "*") != 0)
		o->list_search = arg;
	return OPTIONS_CONTINUE;
}

/* The script (unless -e gave it), then $1.. and `--name[=value]` program options. */
static int take_positionals(int argc, char **argv, struct options *o)
{
	if (!o->program) {
		if (optind == argc) {
			error("USAGE: filename or -e 'program' required.");
			return 1;
		}
		o->script_path = argv[optind++];
	}
	for (; optind < argc; optind++) {
		const char *arg = argv[optind];
		if (strncmp(arg, "--", 2) == 0)
			list_push(&o->named_params, arg + 2);
		else
			list_push(&o->params, arg);
	}
	return OPTIONS_CONTINUE;
}

int options_parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){.warning_level = 1};
	if (argc <= 1) {
		usage_print(stderr);
		return 1;
	}

	char shorts[2 * ARRAY_LEN(opt_defs) + 1];
	struct option longs[ARRAY_LEN(opt_defs) + 1];
	build_getopt_tables(shorts, longs);

	char unimplemented[64] = "";   /* the first unimplemented option, as spelled */
	optind = 1;
	for (;;) {
		int long_index = -1;
		int c = getopt_long(argc, argv, shorts, longs, &long_index);
		if (c == -1)
			break;
		const struct opt_def *def =
			c >= LONG_VAL_BASE ? &opt_defs[c - LONG_VAL_BASE] : find_short(c);
		if (!def) {   /* getopt has already said what was wrong */
			usage_print(stderr);
			return 1;
		}
		int rc = apply_def(def, o, optarg);
		if (rc != OPTIONS_CONTINUE)
			return rc;
		if (!def->doc.implemented && !unimplemented[0])
			spell_option(def, long_index, c, unimplemented, sizeof(unimplemented));
	}
	/* Reported only once every option has been validated, so `-q -f jsonx` still says what
	 * is wrong with the format, as bpftrace does. */
	if (unimplemented[0]) {
		error("%s is not implemented yet", unimplemented);
		return 1;
	}

	if (o->cmd && o->has_pid) {
		error("USAGE: Cannot use both -c and -p.");
		usage_print(stderr);
		return 1;
	}
	if (o->list)
		return take_list_positionals(argc, argv, o);
	return take_positionals(argc, argv, o);
}

void options_free(struct options *o)
{
	free(o->params.items);
	free(o->named_params.items);
	free(o->dwarf_pids.items);
	free(o->include_dirs.items);
	free(o->include_files.items);
	free(o->debuginfo_owned);
	*o = (struct options){0};
}
