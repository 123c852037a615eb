/* Part of core/core.h (include that): the probe-type record. One record per probe type, defined in
 * its file under runtime/attach/ and listed once in runtime/attach/probe_types.c, holds everything
 * about that type: its names, how its attach points expand, the arguments and traits of its context
 * that sema and builtins ask about, its program type and section, attach order, kernel
 * availability, the attach itself, and how -l lists it. Stages before runtime get the list through
 * struct core_registry, so they never include a runtime header. */
#ifndef SONDE_CORE_PROBE_TYPE_H
#define SONDE_CORE_PROBE_TYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/manifest.h"

struct arena;
struct bpf_link;
struct bpf_program;
struct builtin;
struct rt_links;        /* runtime: the links one run holds */
struct lister;          /* runtime: a -l listing in progress */

/* One argument a probe's context offers (a tracepoint format field, a raw tracepoint's BTF
 * parameter). */
struct probe_arg {
	const char *name;
	const char *c_type;      /* as the format file writes it: "const char *", "char[16]", "int" */
	uint32_t offset, size;
	bool is_signed;
	bool is_data_loc;        /* __data_loc: a u32 (len << 16 | offset) pointing into the record */
	const struct type *type; /* typed already by its reader (DWARF); NULL: sema types c_type */
};

/* Where one argument lives when a probe type reads each attach point's arguments by a spec of
 * its own (USDT's note strings): a register of the context's struct pt_regs, a constant, or user
 * memory at a register plus a displacement (plus an index register times a scale). SIZE bytes,
 * sign- or zero-extended to 64 bits. */
enum probe_argloc_kind { ARGLOC_REG, ARGLOC_CONST, ARGLOC_MEM };
struct probe_argloc {
	enum probe_argloc_kind kind;
	uint8_t size;            /* 1, 2, 4 or 8 */
	bool is_signed;
	uint16_t reg;            /* REG, MEM's base: the register's byte offset in struct pt_regs */
	int16_t index_reg;       /* MEM: the index register's byte offset, -1 for none */
	uint8_t scale;           /* MEM: what the index is multiplied by */
	int64_t value;           /* CONST: the constant; MEM: the displacement */
};

struct attach_list {
	struct mf_attach *items;
	size_t count, cap;
	bool unsafe;             /* in: --unsafe (attach to what looks untraceable anyway) */
	const char *traceable_functions; /* in: the file listing traceable kernel functions, NULL: tracefs's */
	const char *debuginfo;   /* in: --debuginfo directories (':'-separated), NULL: the standard places */
	int pid;                 /* in: -p, whose mappings and mount namespace user probes resolve in; 0: none */
	const char *warning;     /* out: a warning the last expand gives about its spec, or NULL */
};

void core_attach_push(struct arena *arena, struct attach_list *l, struct mf_attach at);

/* When a probe type's programs run. */
enum probe_trigger {
	PROBE_ON_EVENT,     /* attached to a kernel or user event */
	PROBE_AT_BEGIN,     /* run once by sonde before anything is attached */
	PROBE_AT_END,       /* run once by sonde after everything is detached */
	PROBE_ON_SIGNAL,    /* run each time sonde receives the probe's signal */
	PROBE_IN_TEST,      /* run once by sonde with --mode test, its return value the verdict */
	PROBE_IN_BENCH,     /* run by sonde many times with --mode bench, to time it */
};

/* Where argN reads from. */
enum probe_argn {
	PROBE_ARGN_NONE,
	PROBE_ARGN_REGS,    /* the context is a struct pt_regs: the System V argument registers */
	PROBE_ARGN_ARRAY,   /* the context is an array of u64 arguments (raw tracepoints) */
};

/* Traits of a probe type: what its context offers builtins, how its programs are made and
 * attached, how -l lists it and shells complete it. */
enum probe_trait {
	PT_RETVAL = 1 << 0,         /* retval: the return value register of a pt_regs context */
	PT_REGS = 1 << 1,           /* the context is (or starts with) a struct pt_regs: usermode */
	PT_SONDE_CONTEXT = 1 << 2,  /* runs on behalf of sonde's own user code (begin/end): usermode is 1 */
	PT_FUNC_KERNEL = 1 << 3,    /* func: the traced kernel function's address */
	PT_FUNC_USER = 1 << 4,      /* func: the traced user function's address */
	PT_ARGS_IN_CTX = 1 << 5,    /* `args` fields are read straight from the context record */
	PT_NAME_IS_PATTERN = 1 << 6, /* a bare name may match nothing without being missing (any module) */
	PT_LIST_KERNEL = 1 << 7,    /* a wildcarded -l search lists it */
	PT_LIST_USER = 1 << 8,      /* ... when there is a binary to look in */
	PT_TARGET_BINARY = 1 << 9,  /* the first field names a binary (completes as a file) */
	PT_PROGRAM_PER_ATTACH = 1 << 10, /* the kernel binds a program to one attach point at load */
	PT_RETVAL_AFTER_ARGS = 1 << 11,  /* retval is the u64 after the arguments in the context (fexit) */
	PT_COOKIE = 1 << 12,        /* each attachment can carry a BPF cookie (struct probe_attach_env) */
	PT_CTX_U64_SLOTS = 1 << 13, /* the context is an array of u64 argument slots, read whole */
	/* A BPF iterator: the context's first slot is its struct bpf_iter_meta *, through which printf
	 * writes to the reader's seq_file; its other pointer args are NULL on the end call, which the
	 * program skips. One per script, beside begin and end only. */
	PT_ITERATOR = 1 << 14,
	/* With -p the program checks the pid itself: the kernel cannot scope this type to a process. */
	PT_PID_FILTER = 1 << 15,
	/* A BPF tracing program: the pointers in its context are the kernel's BTF-typed ones, which
	 * helpers taking kernel objects (bpf_d_path, bpf_get_socket_cookie) accept. */
	PT_BTF_CTX = 1 << 16,
	/* The program runs in the task its event concerns (not an interrupted bystander): signal()
	 * and signal_thread() send to it. */
	PT_SIGNAL_TARGET = 1 << 17,
	/* A function-entry kprobe: override() may replace the function with a return value
	 * (bpf_override_return, for functions open to error injection). */
	PT_OVERRIDE_RETURN = 1 << 18,
	/* kprobe_session (kernel 6.10): a probe on function entry (SESSION_ENTRY) and one on return
	 * (SESSION_RETURN) of the same functions fold into one program on one link, which the
	 * kernel runs at both and which tells them apart with the kfunc bpf_session_is_return. */
	PT_SESSION_ENTRY = 1 << 19,
	PT_SESSION_RETURN = 1 << 20,
};

/* What an attach hook may need beyond its attach point. */
/* --no-feature: kernel features sonde must not use even where the kernel has them. */
enum probe_no_feature {
	PROBE_NO_KPROBE_MULTI = 1 << 0, PROBE_NO_UPROBE_MULTI = 1 << 1, PROBE_NO_KPROBE_SESSION = 1 << 2,
};

struct probe_attach_env {
	bool unsafe;        /* --unsafe */
	unsigned no_features; /* enum probe_no_feature bits */
	uint64_t cookie;    /* the BPF cookie to attach with (bpf_get_attach_cookie), 0 when unused */
	bool cookies;       /* the program reads cookies: each attach point's is its name_index */
	int pid;            /* -p: the process user probes attach to; 0: every process */
	const struct mf_attach *session_return; /* kprobe_session: as mf_program's, else NULL */
};

/* How -l lists one probe type: hooks over runtime/list_priv.h's lister, written in the type's own
 * file from the same readers its expansion uses. A NULL search or attach_point lists NAME: patterns
 * (software events, timers); a type without a struct probe_list is never listed. */
struct cands;
struct cand;
struct probe_list {
	/* Appends what the type offers: TARGET is the binary (user probes), WITH_MODULE asks for
	 * "module:function" names. */
	void (*cands)(struct lister *l, const char *target, bool with_module, struct cands *c);
	/* -v: the arguments of one listed probe. */
	void (*print_args)(struct lister *l, const struct probe_type *pt, const struct cand *c);
	/* A search "TYPE:SUFFIX": NPARTS parts in all, PART1 the first part of SUFFIX. */
	void (*search)(struct lister *l, const struct probe_type *pt, int nparts, const char *part1, const char *suffix);
	/* A script's attach point split at ':' into P[0..N-1] (P[0] is the type, N >= 2). */
	void (*attach_point)(struct lister *l, const struct probe_type *pt, char **p, int n);
};

struct probe_type {
	const char *name;                 /* "tracepoint", as probe names print it */
	const char *const *aliases;       /* other spellings ("t"), NULL-terminated; NULL for none */
	const char *synopsis;             /* "tracepoint:CATEGORY:EVENT", for the man page and -h */
	const char *help;                 /* what it traces, a sentence or two, for the man page */
	enum probe_trigger trigger;
	unsigned traits;                  /* enum probe_trait bits */
	enum probe_argn argn;
	/* SPEC is the text after "name:" (or an alias). Appends every concrete attach point it
	 * matches (wildcards expanded) to OUT, each typed PT and named with PT's own name. Returns 0,
	 * or -1 with a one-line reason in ERR when SPEC is malformed or cannot be looked at. Matching
	 * nothing is not an error here: sema reports it as missing_probes says, with the hint ERR
	 * may then hold (where the function is instead). An expand may set
	 * OUT->warning (arena text) for sema to print at the attach point. */
	int (*expand)(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
	              char *err, size_t errlen);
	/* The `args` of one concrete attach point; NULL when the type offers none. */
	int (*args)(const struct mf_attach *at, struct arena *arena, struct probe_arg **args, size_t *nargs,
	            char *err, size_t errlen);
	/* The arguments argN reads at one attach point, for types whose attach points each say where
	 * theirs are (USDT); NULL: argN reads as ARGN says. */
	int (*arg_locations)(const struct mf_attach *at, struct arena *arena, struct probe_argloc **locs, size_t *n,
	                     char *err, size_t errlen);
	/* The struct or union NAME ("struct foo") as the attach point's own binary defines it (its
	 * DWARF), for casts; NULL when it does not or the type has no such notion. */
	const struct type *(*named_type)(const struct mf_attach *at, const char *name, struct arena *arena);
	/* Symbol NAME of the attach point's binary, for uaddr(): its link-time address and size, and
	 * AT_ADDR, the link-time address the attach point fires at when the binary loads elsewhere
	 * (PIE, a library: the run-time address is ADDR + func_ip - AT_ADDR), else 0. <0: none. */
	int (*user_symbol)(const struct mf_attach *at, const char *name, uint64_t *addr, uint64_t *size,
	                   uint64_t *at_addr);
	/* The type of `retval` at one attach point (its name unused); NULL: a u64 register. */
	int (*retval)(const struct mf_attach *at, struct arena *arena, struct probe_arg *out, char *err, size_t errlen);
	const char *section;              /* the program's ELF section */
	int prog_type;                    /* enum bpf_prog_type, set before load so any section name works */
	/* The kernel runs several programs on one hook in attach order for some hooks and in reverse
	 * for others; reversed types are attached last-declared-first so probes fire in script order. */
	bool reverse;
	/* Checked before load: NULL, or a reason this type cannot work on this kernel. */
	const char *(*unavailable)(void);
	/* Before load: PROG will be attached at the N attach points AT (the kernel binds some types
	 * to their target at load, PT_PROGRAM_PER_ATTACH; others load differently when attached many
	 * at once, unless ENV's no_features says not to). Returns 0, or -1 with ERR. NULL when there
	 * is nothing to do. */
	int (*before_load)(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
	                   size_t n, char *err, size_t errlen);
	/* Attaches PROG at AT, appending every link made to LINKS. Returns 0, or -1 with ERR. NULL
	 * for types sonde runs itself (trigger other than PROBE_ON_EVENT). */
	int (*attach)(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
	              struct rt_links *links, char *err, size_t errlen);
	/* Attaches PROG at all N (> 1) attach points AT with one link, where the kernel can (kprobe_multi);
	 * with ENV's cookies, each carries its name_index. Returns 0, 1 when it cannot (attach is
	 * then called for each), or -1 with ERR. NULL: always one by one. */
	int (*attach_many)(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
	                   size_t n, struct rt_links *links, char *err, size_t errlen);
	/* The C type `ctx` has at AT ("struct bpf_iter__task *"), arena text; NULL: an untyped pointer. */
	const char *(*ctx_type)(const struct mf_attach *at, struct arena *arena);
	/* PT_ITERATOR types: runs the iterator behind LINK (what attach made for AT) to its end,
	 * writing what the program printed to OUT_FD, or pins it where AT says. Returns 0, or -1 with
	 * ERR. */
	int (*iterate)(struct bpf_link *link, const struct mf_attach *at, int out_fd, char *err, size_t errlen);
	const struct probe_list *list;
};

/* Whether probe type PT has every trait in TRAITS. */
static inline bool probe_has(const struct probe_type *pt, unsigned traits)
{
	return pt && (pt->traits & traits) == traits;
}

/* What the stages before runtime are given of the stages after them: the probe types and the
 * builtins, looked up by name. cli/ builds it. */
struct core_registry {
	const struct probe_type *const *probe_types;   /* NULL-terminated */
	const struct builtin *(*builtin)(const char *name, int form);   /* form: enum builtin_form */
};

/* The probe type NAME (its name or an alias) in REG, or NULL. */
const struct probe_type *core_probe_type(const struct core_registry *reg, const char *name);

#endif
