/* runtime: load a compiled program with libbpf, attach its probes, run the event loop, print.
 * Also the probe-type records (runtime/attach/), which sema reaches through core's registry. */
#ifndef SONDE_RUNTIME_H
#define SONDE_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/core.h"
#include "parser/parser.h"
#include "util/util.h"

/* ---- Probe types ------------------------------------------------------------------------------ */

/* Every probe type's record (core/probe_type.h), NULL-terminated: what cli/ hands the stages before
 * runtime in a struct core_registry. */
extern const struct probe_type *const runtime_probe_types[];

/* ---- The -c child ------------------------------------------------------------------------------ */

struct child {
	int pid;     /* > 0 while it runs; 0 once reaped */
	int go_fd;   /* write end of the pipe it waits on; -1 once released */
};

/* Forks CMD (split as a shell would, without running substitutions) held before exec. */
int runtime_child_spawn(const char *cmd, struct child *c, char *err, size_t errlen);
/* Lets the child exec its command. */
void runtime_child_release(struct child *c);
/* True once, when the child has exited (it is reaped). */
bool runtime_child_exited(struct child *c);
/* Ends a child that is still held or running. */
void runtime_child_stop(struct child *c);

/* ---- Listing (-l) ----------------------------------------------------------------------------- */

struct list_options {
	FILE *out;                /* the listing */
	FILE *warn;               /* "WARNING: ..." lines (unreadable files, missing binaries); NULL: none */
	bool verbose;             /* -v: each probe's arguments; full type definitions */
	bool has_pid;
	int pid;                  /* -p: uprobe/usdt targets are the files this process maps */
	const char *traceable_functions; /* --traceable-functions FILE, or NULL: tracefs's list */
	const char *debuginfo;    /* --debuginfo directories (':'-separated), or NULL */
};

/* Lists probes as bpftrace's -l does: one "type:name" line each, sorted per probe type, with
 * "    type name" argument lines under -v. It reads tracefs, BTF and ELF files once and keeps them
 * until runtime_list_free. */
struct lister;
struct lister *runtime_list_new(const struct list_options *o);
/* A -l search: comma-separated items, each "[type[:target]:]pattern" with * ? [ wildcards, or
 * "struct|union|enum NAME" for BTF types; NULL or "" lists every probe. */
void runtime_list_search(struct lister *l, const char *search);
/* The probes one attach point of a script (its text as written) attaches to. Returns 0, or -1 with
 * a reason in ERR (an unknown probe type). */
int runtime_list_attach_point(struct lister *l, const char *text, char *err, size_t errlen);
void runtime_list_free(struct lister *l);

/* ---- Running ---------------------------------------------------------------------------------- */

enum output_format { OUTPUT_TEXT, OUTPUT_JSON };

/* --mode: a normal run, or the script's test or bench probes run by sonde instead of attaching. */
enum rt_mode { RT_MODE_RUN, RT_MODE_TEST, RT_MODE_BENCH };

struct rt_options {
	FILE *out;                /* stdout or the -o file */
	enum rt_mode mode;
	enum output_format format;
	bool quiet;               /* -q: no "Attaching N probes..." */
	bool verbose;             /* -v: verifier log on failure, more detail */
	bool dry_run;             /* load, attach nothing, exit 0 */
	bool notify_attached;     /* print __BPFTRACE_NOTIFY_PROBES_ATTACHED once attached */
	bool unsafe;              /* allow system() */
	bool no_warnings;         /* --no-warnings: warnf() prints nothing */
	bool hold_output;         /* -B full: output is written when its buffer fills, not per event */
	unsigned no_features;     /* --no-feature: enum probe_no_feature bits */
	struct child *child;      /* -c: released once attached; its exit ends the run */
	int pid;                  /* -p: the process traced (user probes attach to it); its exit ends the run */
	const char *const *positional; /* $1..$N as strings (for str($1) at run time) */
	int npositional;
};

/* --info: the system (uname), and what the kernel offers: helpers, features, probe types. */
void runtime_info_system(FILE *out);
void runtime_info_kernel(FILE *out);

/* Loads ELF, attaches per manifest, runs until exit() or a signal, runs end probes, prints the
 * maps, detaches everything. Errors go to DIAGS as plain errors. Returns the process exit code. */
int runtime_run(const void *elf, size_t elf_len, const struct manifest *m, const struct rt_options *opts,
                struct diags *diags);

#endif
