/* sema: the checked, typed program. Expands attach points, infers the type of every expression,
 * collects maps and variables, and reports type errors at their source range. */
#ifndef SONDE_SEMA_H
#define SONDE_SEMA_H

#include "core/core.h"
#include "parser/parser.h"

struct sema_map {
	const char *name;              /* "@x" */
	const struct type *key;        /* NULL for a scalar map; a tuple for several keys */
	const struct type *value;
	enum mf_map_storage storage;
	uint32_t max_entries;
	bool declared;                 /* from `let @m = kind(n)` */
	int index;
	struct loc first_use;
};

/* A scratch variable ($x) of one probe; every AST_VAR naming it has sym pointing here. */
struct sema_var {
	const char *name;
	const struct type *type;       /* the widest type assigned to it */
	int index;
	bool loop_scoped;              /* a for-map loop's $kv: visible only inside its loop */
	bool failed;                   /* an assignment's value had an error: its uses report nothing more */
};

/* One BPF program: a probe's body for a group of attach points of the same probe type. */
struct sema_probe {
	struct ast_node *node;         /* AST_PROBE */
	const struct probe_type *type;
	struct attach_list attach;
	const struct type *args_type;  /* record of the probe's args, NULL if none */
	struct probe_arg *args;
	size_t nargs;
	bool cookies;                  /* `probe` is read from each attachment's BPF cookie */
	/* Where argN reads, for types whose attach points each say (USDT); have_arglocs false: as
	 * the type's argn says. */
	struct probe_argloc *arglocs;
	size_t narglocs;
	bool have_arglocs;
	const struct type *retval_type; /* `retval` where the probe type says how it is typed, else NULL */
	struct sema_var **vars;
	size_t nvars, vars_cap;
	int index;
	/* kprobe_session: the return probe folded into this one's program (sema/session.c), NULL
	 * otherwise; it is then no program of its own in typed_program.probes. */
	struct sema_probe *session_return;
};

/* config missing_probes: what an attach point that matches nothing does. */
enum sema_missing_probes { MISSING_PROBES_ERROR, MISSING_PROBES_WARN, MISSING_PROBES_IGNORE };

struct sema_config {
	uint32_t max_strlen;           /* default 1024 in bpftrace; strings from str() */
	uint32_t max_map_keys;
	bool print_maps_on_exit;
	bool show_debug_info;          /* user stacks show source file:line and inlined frames (DWARF) */
	const char *str_trunc_trailer;
	uint32_t on_stack_limit;       /* values bigger than this live in per-CPU scratch memory */
	enum sema_missing_probes missing_probes;
	const char *license;           /* the license the programs are loaded under ("GPL") */
	bool lookup_warnings;          /* -k: warn when a map read finds no element */
	uint32_t perf_rb_pages;        /* the ring buffer's size in pages (rounded up to a power of 2) */
	uint64_t max_probes;           /* attach points a script may have in all (bpftrace's 1024) */
	uint64_t max_bpf_progs;        /* BPF programs a script may make (bpftrace's 1024) */
	uint32_t log_size;             /* bytes of verifier log kept for a program that fails to load */
	uint32_t max_cat_bytes;        /* how much of a file cat() prints (bpftrace's 10240) */
};

/* A named program parameter: `getopt("name", default[, description])` in the script, set with
 * `--name=value` after `--` on the command line (stdlib/params.c fills these in). */
struct sema_param {
	const char *name;
	const char *description;       /* NULL without one */
	const char *default_text;      /* the default as bpftrace spells it in messages */
	/* Why the command line's value does not fit the parameter's type, as bpftrace says it
	 * after "program command line option --NAME " (e.g. "invalid integer (value: x)"); NULL
	 * when it fits or is not given. cli/ reports it: it is no error in the script. */
	const char *error;
};

struct typed_program {
	struct ast_node *ast;
	struct sema_map **maps;
	size_t nmaps, maps_cap;
	struct sema_probe **probes;
	size_t nprobes, probes_cap;
	struct sema_config config;
	const char *const *positional;
	int npositional;
	int cpid;                      /* the -c child's pid, 0 without -c */
	/* The pid namespace sonde runs in, when not the initial one: pids are read as it sees them
	 * (bpf_get_ns_current_pid_tgid), so pid, tid, -p and user symbols agree with its /proc. */
	uint64_t pidns_dev, pidns_ino;
	int pid;                       /* -p: only this process is traced (PT_PID_FILTER probes filter on it); 0: all */
	struct sema_param *params;     /* every getopt() name, in order of first use */
	size_t nparams, params_cap;
};

struct sema_options {
	const struct core_registry *registry; /* the probe types and builtins (cli/ builds it) */
	const char *const *positional;
	int npositional;
	const char *const *named_params; /* `name` or `name=value`, as given after `--` */
	int nnamed_params;
	bool unsafe;
	unsigned no_features;          /* --no-feature: enum probe_no_feature bits */
	int cpid;
	uint64_t pidns_dev, pidns_ino; /* sonde's pid namespace when not the initial one, else 0 */
	int pid;                       /* -p PID, 0 without */
	const char *probe_filter;      /* --probe-filter: POSIX extended regex over probe names, or NULL */
	const char *traceable_functions; /* --traceable-functions FILE, or NULL: tracefs's available_filter_functions */
	const char *debuginfo;         /* --debuginfo directories (':'-separated), or NULL */
	bool lookup_warnings;          /* -k: becomes config.lookup_warnings */
	const char *const *include_dirs, *const *include_files; /* -I DIR, --include FILE: for C definitions */
	int ninclude_dirs, ninclude_files;
	/* The environment bpftrace reads, NULL when unset: BPFTRACE_BTF (a BTF file for the kernel's
	 * types instead of /sys/kernel/btf/vmlinux), BPFTRACE_KERNEL_SOURCE and BPFTRACE_KERNEL_BUILD
	 * (kernel headers for #include; else /lib/modules/$(uname -r)/source and build). */
	const char *btf_path, *kernel_source, *kernel_build;
};

/* Checks PROGRAM; nodes get `type`/`sym` in place. Returns the error count (0: OUT is valid). */
int sema_check(struct ast_node *program, const struct sema_options *opts, struct arena *arena,
               struct diags *diags, struct typed_program *out);

/* ---- What builtin type rules may use (stdlib entries' `check`) ----------------------------- */

struct check_ctx {
	struct arena *arena;
	struct diags *diags;
	struct typed_program *prog;
	struct sema_probe *probe;      /* the program being checked */
	int loop_depth;
	struct sema_var *loop_vars[16]; /* the for-map loops being checked, innermost last */
	int nloop_vars;
	bool collecting;               /* first pass: learning map types, reporting nothing */
	int unreachable;               /* depth of if branches whose constant condition never takes them:
	                                * fail() there does not fire */
	const struct sema_options *opts;
	struct sema_ctypes *ctypes;    /* C types of the script and kernel BTF, made on first need */
	/* Macro expansion copied nodes, or imports brought some: a diagnostic's range is looked up
	 * among the nodes of the statement being checked (STMT) to name the source and calls it was
	 * expanded from. */
	bool expanded;
	struct ast_node *stmt;
};

/* A located error, reported only on the final pass (the first pass is learning map types). */
void sema_error(struct check_ctx *c, struct loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A located warning, reported only on the final pass. */
void sema_warning(struct check_ctx *c, struct loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Types an argument expression (and its children) and returns its type, NULL on error. */
const struct type *sema_expr(struct check_ctx *c, struct ast_node *e);
/* The map an AST_MAP names, created on first use. */
struct sema_map *sema_map_ref(struct check_ctx *c, struct ast_node *map);
const struct type *sema_string_type(struct check_ctx *c, uint32_t size);
/* The string a C char[SIZE] reads as (TYPE_CHAR_ARRAY). */
const struct type *sema_char_array_string(struct check_ctx *c, uint32_t size);
const struct type *sema_tuple_type(struct check_ctx *c, const struct type **elems, const char **names, uint32_t n);
const struct type *sema_ptr_type(struct check_ctx *c, const struct type *elem);
/* A C type spelled as in a tracepoint format ("const struct timespec *", "enum x", "u32");
 * NULL when it cannot be resolved. */
const struct type *sema_ctype_parse(struct check_ctx *c, const char *spelling);
const struct type *sema_agg_type(struct check_ctx *c, enum type_kind kind, bool is_signed);
/* The type an AST_TYPE node names (typeof(...) included), NULL after reporting why not. */
const struct type *sema_type_from_ast(struct check_ctx *c, struct ast_node *t);
/* The vmlinux BTF id of per-CPU kernel variable NAME, 0 when the kernel's BTF has none. */
uint32_t sema_kernel_percpu_var(struct check_ctx *c, const char *name);
/* Whether the kernel's BTF has a function NAME (false without kernel BTF). */
bool sema_kernel_function(struct check_ctx *c, const char *name);
/* Whether the program of the probe being checked may call kfunc NAME, as the kernel answers a
 * test load of its program type; false when the kernel's BTF has no such function. */
bool sema_kfunc_allowed(struct check_ctx *c, const char *name);
/* The byte offset of FIELD in kernel struct STRUCT_NAME (BTF), false when there is none. */
bool sema_kernel_field_offset(struct check_ctx *c, const char *struct_name, const char *field, uint32_t *offset);
/* `probe` (node PROBE, typed probe_t) as the string of its name, where a string is wanted: a call
 * of the builtin named SEMA_PROBE_NAME_BUILTIN in its place, typed; NULL after an error. */
#define SEMA_PROBE_NAME_BUILTIN "__sonde_probe_name"
struct ast_node *sema_probe_as_string(struct check_ctx *c, struct ast_node *probe);
/* bpftrace's spelling of a type in messages ("uint8", "(int8,string[3])"), arena-allocated. */
const char *sema_type_str(struct check_ctx *c, const struct type *t);
/* Scratch variable NAME of the probe being checked, created on first use and widened to T (NULL:
 * declared only); a type that does not join is reported at LOC. */
struct sema_var *sema_var_bind(struct check_ctx *c, const char *name, const struct type *t, struct loc loc);
/* Records an assignment of VALUE type into map M (value and key widened as needed). */
bool sema_map_assign(struct check_ctx *c, struct sema_map *m, const struct type *value, struct loc loc);
/* $N as an integer (0 when not given); false when the parameter is not a number. */
bool sema_positional_int(const struct typed_program *p, uint64_t n, int64_t *out);
/* The integer value of a constant expression (literal, $N, and arithmetic, bitwise, comparison and
 * logical operators over them); false if not. */
bool sema_const_int(struct check_ctx *c, struct ast_node *e, int64_t *out);

#endif
