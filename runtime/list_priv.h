/* Probe listing's private view, shared by runtime/list*.c: the lister, its candidates, the BTF it
 * read, and the functions one part of the listing offers another.
 *   list.c         probe types, searches, a script's attach points, the lister's lifetime
 *   list_kernel.c  kernel facts read once: BTF, traceable functions, kprobe availability
 *   list_cands.c   candidates: the container, and what each probe type offers
 *   list_print.c   printing matches with their arguments, and BTF type listings */
#ifndef SONDE_RUNTIME_LIST_PRIV_H
#define SONDE_RUNTIME_LIST_PRIV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bpf/btf.h>

#include "runtime/attach/attach.h"
#include "runtime/runtime.h"

/* bpftrace lists no function with more arguments than x86-64 passes in registers. */
#define MAX_FUNC_ARGS 6

/* One listable name ("sched:sched_switch", "vmlinux:vfs_read", "cpu:"). BTF-backed names keep their
 * prototype so -v needs no lookup; MATCH_OFF skips a prefix the pattern is not matched against
 * (a uprobe's path, already chosen). */
struct cand {
	char *name;
	const struct btf *btf;
	uint32_t id;         /* func_proto for functions, the type for structs; 0 if none */
	int prio;            /* among equal names the lowest is kept */
	size_t match_off;
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

struct btf_obj {
	char *name;          /* "vmlinux" or the module */
	struct btf *btf;
	uint32_t first_id;   /* module BTF is split: its own types start after vmlinux's */
	struct btf_dump *dump;
	struct strbuf text;  /* what DUMP writes */
};

struct lister {
	struct list_options o;
	struct btf_obj *btfs;        /* vmlinux first */
	size_t nbtfs;
	bool btfs_loaded;
	char **traceable;            /* available_filter_functions names, sorted; NULL if unreadable */
	size_t ntraceable;
	bool traceable_loaded;
	struct cands kfunc_index;    /* every BTF function by plain name, sorted: kprobe args */
};

struct name_vec {
	char **v;
	size_t n, cap;
};

/* ---- list.c ---------------------------------------------------------------------------------- */

/* Lists the probes of type PT: TARGET is the binary of user probes, WITH_MODULE asks kernel
 * functions for "module:function" names, PATTERN is matched against each candidate. */
void list_kind(struct lister *l, const struct probe_type *pt, const char *target, bool with_module,
               const char *pattern);
/* search and attach_point hooks of the types named "[module:]function" (rawtracepoint, fentry). */
void list_search_module(struct lister *l, const struct probe_type *pt, int nparts, const char *part1,
                        const char *suffix);
void list_attach_point_module(struct lister *l, const struct probe_type *pt, char **p, int n);
/* "*:" + S when S names no module, so "vfs_*" finds "vmlinux:vfs_read"; malloc'd. */
char *list_any_module(const char *s);
/* Cuts "+offset" off a function name in place. */
void list_strip_offset(char *fn);

/* Whether a file exists at P. */
bool list_path_exists(const char *p);
/* qsort/bsearch comparison of char * elements. */
int list_cmp_strp(const void *a, const void *b);
/* "WARNING: ..." to the lister's warning stream, if it has one. */
void list_warn(struct lister *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- list_kernel.c --------------------------------------------------------------------------- */

/* btf_dump's printf callback writing into the struct strbuf CTX. */
void list_sb_vprintf_cb(void *ctx, const char *fmt, va_list ap);
/* Loads vmlinux and module BTF into L, once. */
void list_load_btfs(struct lister *l);
/* The C declaration of type ID in O's BTF, as btf_dump writes it ("struct file *"). */
const char *list_type_decl(struct btf_obj *o, uint32_t id);
/* The loaded BTF object BTF belongs to, or NULL. */
struct btf_obj *list_obj_of(struct lister *l, const struct btf *btf);
/* Appends a copy of S. */
void list_name_vec_push(struct name_vec *nv, const char *s);
/* Whether FN is in available_filter_functions (true when that is unreadable). */
bool list_is_traceable(struct lister *l, const char *fn);

/* ---- list_cands.c ---------------------------------------------------------------------------- */

/* Appends NAME (taken over; NULL is ignored) with its BTF prototype/type, priority and match offset. */
void list_cands_push(struct cands *c, char *name, const struct btf *btf, uint32_t id, int prio, size_t off);
/* Frees every candidate and empties C. */
void list_cands_free(struct cands *c);
/* Keeps the candidates PATTERN matches, sorted, one per name. */
void list_cands_select(struct cands *c, const char *pattern);
/* Calls CB for every BTF_KIND_FUNC of every BTF object with its name and prototype. */
void list_each_btf_func(struct lister *l,
                   void (*cb)(struct lister *l, struct btf_obj *o, const char *name, uint32_t proto, void *ctx),
                   void *ctx);
/* Appends the formatted name with its BTF prototype/type and priority. */
void list_cands_pushf(struct cands *c, const struct btf *btf, uint32_t id, int prio, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The candidates the kernel-function and user probe types offer, appended to C (their records'
 * cands hooks call these). */
void list_kprobe_cands(struct lister *l, bool with_module, struct cands *c);
void list_fentry_cands(struct lister *l, struct cands *c);
void list_rawtp_cands(struct lister *l, struct cands *c);
void list_user_cands(struct lister *l, bool usdt, const char *target, struct cands *c);

/* ---- list_print.c ---------------------------------------------------------------------------- */

/* Prints the candidates PATTERN matches as "type:name", each followed by its arguments under -v. */
void list_emit(struct lister *l, const struct probe_type *pt, struct cands *c, const char *pattern);
/* print_args hooks: a tracepoint's format fields; BTF prototypes as kprobe (argN), kretprobe
 * (retval), fentry/fexit (names and retval) and raw tracepoints (names after the first) show them. */
void list_print_tracepoint_args(struct lister *l, const struct probe_type *pt, const struct cand *c);
void list_print_kprobe_args(struct lister *l, const struct probe_type *pt, const struct cand *c);
void list_print_kretprobe_args(struct lister *l, const struct probe_type *pt, const struct cand *c);
void list_print_func_args(struct lister *l, const struct probe_type *pt, const struct cand *c);
void list_print_rawtp_args(struct lister *l, const struct probe_type *pt, const struct cand *c);
/* Whether S starts with "struct ", "union " or "enum ". */
bool list_is_type_search(const char *s);
/* "struct NAME" searches: the type names, or under -v their definitions, each headed by its module. */
void list_types(struct lister *l, const char *pattern);

#endif
