/* Private to sema/. */
#ifndef SONDE_SEMA_PRIV_H
#define SONDE_SEMA_PRIV_H

#include "sema/sema.h"

/* The builtin NAME of FORM from the registry sema was given, or NULL. */
const struct builtin *sema_builtin(const struct check_ctx *c, const char *name, enum builtin_form form);

/* types */
const struct type *sema_join(struct check_ctx *c, const struct type *a, const struct type *b);
const struct type *sema_int_literal_type(uint64_t v, bool negative);
const struct type *sema_named_int(const char *name);
const struct type *sema_bitfield_type(struct check_ctx *c, const struct type *base, uint32_t bit_offset,
                                      uint32_t bits, uint32_t *byte_offset);

/* Types the keys of an access to M (node MAP) and widens the map's key type to them. */
bool sema_map_keys(struct check_ctx *c, struct sema_map *m, struct ast_node *map);

/* statements */
void sema_block(struct check_ctx *c, struct ast_node *block);
struct sema_var *sema_var_find(struct check_ctx *c, const char *name);
struct sema_var *sema_var_new(struct check_ctx *c, const char *name);

/* Macro expansion and the rewrites done before type checking (sema/macro.c): macro calls
 * replaced by their bodies, builtin wrappers (`__builtin_pid`, `pid()`) by the builtins, `a ?: b`
 * and `if` expressions by ternaries. Returns the number of errors reported. */
int sema_expand(struct check_ctx *c, struct ast_node *program);

/* A located error (warning) at node N, in the source N came from, with its expansion chain. */
void sema_error_node(struct check_ctx *c, const struct ast_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sema_warning_node(struct check_ctx *c, const struct ast_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The standard macros (sema/prelude.c): their source name and text, and whether they define NAME. */
const char *sema_prelude_name(void);
const char *sema_prelude_text(size_t *len);
bool sema_prelude_defines(const char *name);

/* attach points */
int sema_expand_probe(struct check_ctx *c, struct ast_node *probe);

/* config */
void sema_config_defaults(struct sema_config *cfg);
void sema_config_apply(struct check_ctx *c, struct ast_node *config);

/* ---- C types: the script's C definitions (libclang) and kernel BTF (sema/cdefs.c, sema/btf.c).
 * Nothing here is loaded until a script needs it: libclang only when the script has C
 * definitions or #include lines, BTF only when a name is not found among them. */
struct btf;

struct sema_cdef {
	const char *name;              /* "struct foo", "union foo", "enum foo" or a typedef name */
	const struct type *type;
};

struct sema_cconst {
	const char *name;              /* an enumerator or an object-like #define */
	int64_t value;
	const struct type *type;       /* the enum's type (for %s), or int64 for a #define */
};

struct sema_ctypes {
	bool defs_loaded;
	bool defs_shadow_btf;          /* the script redefines a kernel type: BTF is not mixed in */
	struct sema_cdef *defs;
	size_t ndefs, defs_cap;
	struct sema_cconst *consts;
	size_t nconsts, consts_cap;
	/* kernel BTF */
	bool btf_tried;
	struct btf *btf;               /* vmlinux's, or one loaded module's split on top of it */
	struct btf *btf_vmlinux;       /* the base, once BTF is a module's; else NULL */
	const struct type **btf_memo;  /* by type id */
	uint32_t btf_count;
};

/* The state, with the script's C definitions parsed on first call (errors reported once). */
struct sema_ctypes *sema_ctypes(struct check_ctx *c);
/* Releases BTF; sema_check should call it once checking is done (types stay in the arena). */
void sema_ctypes_free(struct check_ctx *c);
/* A C type by name: "struct foo", "union foo", "enum foo", a typedef or integer name. The
 * script's definitions win over kernel BTF. NULL when unknown. */
const struct type *sema_ctype_named(struct check_ctx *c, const char *name);
/* T with a named-but-empty struct (curtask's, a BTF pointee) replaced by its definition, fields
 * filled in; pointers are followed one level. */
const struct type *sema_ctype_complete(struct check_ctx *c, const struct type *t);
/* An enumerator or #define NAME: true with its value and type. */
bool sema_ctype_const(struct check_ctx *c, const char *name, int64_t *value, const struct type **type);
void sema_cdef_add(struct check_ctx *c, const char *name, const struct type *t);
void sema_cconst_add(struct check_ctx *c, const char *name, int64_t value, const struct type *t);
const struct type *sema_cdef_find(struct sema_ctypes *ct, const char *name);

/* sema/cdefs.c: parses the script's C definitions and #define/#include lines. */
void sema_cdefs_load(struct check_ctx *c);

/* sema/btf.c */
struct btf *sema_btf(struct check_ctx *c);
/* Types E as the condition of WHAT (if(), while(), ternary, !): an integer, a boolean, a pointer
 * or an aggregation's value; anything else (strings, tuples, records, arrays) is reported. */
bool sema_condition(struct check_ctx *c, struct ast_node *e, const char *what);
/* Folds each return probe into the entry probe of the same functions where the kernel has
 * kprobe_session (sema/session.c); after every probe is checked. */
void sema_fold_sessions(struct check_ctx *c);
const struct type *sema_btf_named(struct check_ctx *c, const char *name);
void sema_btf_complete(struct check_ctx *c, struct type *t);
bool sema_btf_const(struct check_ctx *c, const char *name, int64_t *value, const struct type **type);
/* Size and alignment of a kernel struct/union NAME ("struct foo"); false if BTF lacks it. */
bool sema_btf_layout(struct check_ctx *c, const char *name, uint32_t *size, uint32_t *align);


#endif
