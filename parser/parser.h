/* parser: source text -> AST, plus the diagnostics every stage reports through. */
#ifndef SONDE_PARSER_H
#define SONDE_PARSER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/util.h"

/* ---- Sources and locations ------------------------------------------------------------------ */

/* One script: NAME is "stdin" for -e and standard input, else the path. TEXT is NUL-terminated. */
struct source {
	const char *name;
	const char *text;
	size_t len;
};

/* A range in a source: 1-based lines and columns; last_col is one past the last character, so
 * "1:15-35" covers columns 15..34 as bpftrace prints it. */
struct loc {
	int first_line, first_col;
	int last_line, last_col;
};

/* Where a node that is not plainly in the script comes from (ast_node.origin): a copy of a macro
 * body made at a call (FROM is the call's range, FROM_ORIGIN the call's own origin when the call
 * was itself expanded) and/or another source (the compiled-in standard macros). Diagnostics print
 * the node's range in SRC, then "expanded from" at each call of the chain. */
struct loc_origin {
	const struct source *src;              /* NULL: the script's own source */
	struct loc from;                       /* first_line 0: not an expansion */
	const struct loc_origin *from_origin;
};

/* The source a node with ORIGIN lies in: the origin's, else MAIN. */
const struct source *ast_origin_source(const struct loc_origin *origin, const struct source *main);

/* ---- Diagnostics ---------------------------------------------------------------------------- */

/* Collects errors and warnings for one source; printing is immediate, the counts tell cli/ what
 * happened. Stages never exit: they report here and return. */
struct diags {
	const struct source *src;
	FILE *out;
	int errors, warnings;
	/* Of the errors: those with no place in the script, and internal errors (sonde's own bugs):
	 * what the whole-compiler fuzzers look for. */
	int unlocated, internal;
	bool color;   /* BPFTRACE_COLOR: the ERROR or WARNING line in red or yellow */
};

/* The escape that starts LEVEL's color ("ERROR" red, "WARNING" yellow), and the one that ends it. */
const char *diag_color_start(const char *level);
#define DIAG_COLOR_END "\033[0m"

void diag_error(struct diags *d, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_verror(struct diags *d, struct loc loc, const char *fmt, va_list ap);
void diag_warning(struct diags *d, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The pieces of a located diagnostic, for messages composed later (errorf at run time):
 * "NAME:L:C-C" (or "NAME:L1-L2" for a range over lines), and the source line with the marker
 * under the range (nothing for a range over lines). */
void diag_header(struct strbuf *sb, const struct source *src, struct loc loc);
void diag_excerpt(struct strbuf *sb, const struct source *src, struct loc loc);
/* "LEVEL: msg" ("ERROR" or "WARNING") on its own, colored as diagnostics are; counts nothing (the
 * run's own troubles: a cat() file that will not open, events lost). */
void diag_print(struct diags *d, const char *level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An error with no place in the script (a missing file, a kernel refusal): "ERROR: msg". */
void diag_plain_error(struct diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- AST ------------------------------------------------------------------------------------ */

/* Every node is one struct; which slots a kind uses is listed beside it. Lists are chained
 * through `next`. Sema fills `type` and `sym` in place. */
enum ast_kind {
	/* top level */
	AST_PROGRAM,      /* list: preamble items, then probes and functions, in source order */
	AST_C_DEFINITION, /* str: verbatim C text of a struct/union/enum/typedef definition */
	AST_PREPROC,      /* str: verbatim `#include ...` or `#define ...` line */
	AST_CONFIG,       /* list: AST_CONFIG_ITEM */
	AST_CONFIG_ITEM,  /* str: key; a: value expression (int, string or identifier) */
	AST_MACRO,        /* str: name; list: params (AST_VAR, AST_MAP or AST_IDENT); a: body (AST_BLOCK) */
	AST_MAP_DECL,     /* str: map name with '@'; str2: kind ("hash", "lruhash", "percpuhash",
	                     "percpulruhash", "percpuarray"); num: max entries */
	AST_IMPORT,       /* str: the imported name or path (string literal contents) */
	AST_PROBE,        /* list: AST_ATTACH_POINT; a: predicate or NULL; b: body (AST_BLOCK) */
	AST_ATTACH_POINT, /* str: the attach point's text as written, quotes removed from quoted parts
	                     (e.g. "tracepoint:syscalls:sys_enter_*"); str2: `name=` label or NULL */
	AST_FUNCTION,     /* `fn name($a: T, ...): T { }`; str: name; list: AST_PARAM; a: return type
	                     (AST_TYPE) or NULL; b: body */
	AST_PARAM,        /* str: variable name with '$'; a: AST_TYPE */

	/* statements */
	AST_BLOCK,      /* list: statements. Used as an expression (`{ s; s; e }`) when a != NULL:
	                   a is then the block's value expression */
	AST_EXPR_STMT,  /* a: expression */
	AST_ASSIGN,     /* a: target (AST_MAP, AST_VAR, AST_FIELD, AST_INDEX, AST_UNOP deref);
	                   b: value; op: 0 for '=', else the binary operator of `op=` (OP_ADD ...) */
	AST_LET,        /* `let $x [: T] [= e]`; a: AST_VAR; b: AST_TYPE or NULL; c: value or NULL */
	AST_IF,         /* a: condition; b: then AST_BLOCK; c: else (AST_BLOCK, AST_IF) or NULL */
	AST_WHILE,      /* a: condition; b: body */
	AST_FOR_MAP,    /* `for ($kv : @m)`; a: AST_VAR; b: AST_MAP (no keys); c: body */
	AST_FOR_RANGE,  /* `for ($i : lo..hi)`; a: AST_VAR; b: lo; c: hi; d: body */
	AST_UNROLL,     /* a: count expression; b: body */
	AST_BREAK,      /* no slots */
	AST_CONTINUE,   /* no slots */
	AST_RETURN,     /* a: value or NULL */

	/* expressions */
	AST_INT,        /* num: value (bit pattern); str: literal as written; flag: literal had a
	                   type suffix or was too large for int64 (unsigned) */
	AST_STRING,     /* str: decoded bytes; num: byte length (may contain NULs) */
	AST_BOOL,       /* num: 0 or 1 */
	AST_IDENT,      /* str: a bare name: builtin (`pid`, `comm`, `args`), enum value, type name */
	AST_VAR,        /* str: name with '$' */
	AST_MAP,        /* str: name with '@' ("@" alone for the anonymous map); list: key
	                   expressions, several for `@m[a, b]`; none for a scalar map */
	AST_POSITIONAL, /* num: N of $N (N >= 1) */
	AST_POS_COUNT,  /* `$#` */
	AST_CALL,       /* str: function name; list: arguments */
	AST_BINOP,      /* op: OP_*; a, b: operands */
	AST_UNOP,       /* op: OP_NEG, OP_LNOT, OP_BNOT, OP_DEREF, OP_ADDR, OP_PREINC, OP_PREDEC,
	                   OP_POSTINC, OP_POSTDEC; a: operand */
	AST_TERNARY,    /* a: condition; b: then value; c: else value */
	AST_CAST,       /* a: AST_TYPE; b: operand */
	AST_TYPE,       /* str: base type as written ("uint8", "struct task_struct", "string");
	                   num: pointer depth ('*' count); flag: is array, with c_num elements */
	AST_FIELD,      /* a: object; str: field name (digits for tuple access `$t.0`);
	                   flag: written with '->' */
	AST_INDEX,      /* a: object; b: index expression */
	AST_TUPLE,      /* list: elements (two or more) */
	AST_RECORD,     /* list: AST_RECORD_FIELD */
	AST_RECORD_FIELD, /* str: name; a: value */
	AST_SIZEOF,     /* a: AST_TYPE or an expression */
	AST_OFFSETOF,   /* a: AST_TYPE or expression; list: AST_IDENT field path */
	AST_KIND_COUNT
};

/* Parser conventions beyond the slot list above:
 *  - AST_TERNARY: b is NULL for `a ?: c` (a is also the value when true).
 *  - AST_TYPE with str "typeof": `typeof(x)`; a is the operand (AST_TYPE or expression). Also
 *    appears as an expression (e.g. a call argument). flag with c_num 0 is an unsized `T[]`.
 *  - AST_TUPLE: `()` and `(a,)` give zero and one element.
 *  - AST_INT: duration suffixes are folded into num as nanoseconds (`100ms` = 100000000).
 *  - AST_IF, AST_BLOCK with a value: `if` and `{ ...; e }` may be expressions; blocks in
 *    statement position never carry a value (a trailing expression becomes an AST_EXPR_STMT).
 *  - AST_CAST: `(name) x` with a plain identifier is a cast only when x cannot continue a
 *    binary expression; `(name) - x`, `(name) * x`, `(name) & x` stay arithmetic on AST_IDENT. */

enum ast_op {
	OP_NONE,
	/* binary, lowest precedence first */
	OP_LOR, OP_LAND, OP_BOR, OP_BXOR, OP_BAND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_SHL, OP_SHR, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
	/* unary */
	OP_NEG, OP_LNOT, OP_BNOT, OP_DEREF, OP_ADDR, OP_PREINC, OP_PREDEC, OP_POSTINC, OP_POSTDEC,
	OP_COUNT
};

struct type;   /* sema's; opaque to the parser */

struct ast_node {
	enum ast_kind kind;
	enum ast_op op;
	struct loc loc;
	const char *str;
	const char *str2;
	uint64_t num;
	uint64_t c_num;
	bool flag;
	struct ast_node *a, *b, *c, *d;
	struct ast_node *list;   /* first child of a list */
	struct ast_node *next;   /* next sibling in the parent's list */
	/* filled by sema */
	const struct type *type;
	void *sym;
	const struct type *aux_type;  /* a second type some nodes need, e.g. the record of a call's event arguments */
	/* NULL for the script's own nodes; set by macro expansion on the nodes it copies */
	const struct loc_origin *origin;
};

const char *ast_kind_name(enum ast_kind k);
/* Operator spelling as in source: "+", "&&", "++" ... */
const char *ast_op_text(enum ast_op op);

/* ---- Parsing -------------------------------------------------------------------------------- */

/* A comment of the source, as written (with its // or slash-star). */
struct parse_comment {
	struct loc loc;
	const char *text;
	struct parse_comment *next;
};

struct parse_result {
	struct ast_node *program;   /* NULL only when nothing could be built */
	int errors;
	const struct parse_comment *comments;   /* in source order */
};

/* Parses SRC into nodes allocated in ARENA, reporting syntax errors to DIAGS and recovering where
 * it can so that several errors are shown in one run. */
struct parse_result parse_source(const struct source *src, struct arena *arena, struct diags *diags);
/* parse_source for a script to run: one without any probe is an error (bpftrace's grammar needs
 * one), where a file of macros such as sema's prelude is not. */
struct parse_result parse_script(const struct source *src, struct arena *arena, struct diags *diags);

/* Replaces each top-level `import` of PROGRAM with what it names (parser/imports.c): NAME is looked
 * for in DIR (the script's directory; "." for -e and standard input), then in INCLUDE_DIRS.
 * Returns the number of errors reported to DIAGS. */
int parse_imports(struct ast_node *program, const char *dir, const char *const *include_dirs, int ndirs,
                  struct arena *arena, struct diags *diags);

/* Sets the origin of N and every node under it (not N's siblings). */
void ast_set_origin(struct ast_node *n, const struct loc_origin *origin);

/* A deep copy of N (its children and lists, not N's own `next`) in ARENA; sema's fields are
 * cleared. NULL for NULL. */
struct ast_node *ast_clone(struct arena *arena, const struct ast_node *n);

/* Writes PROGRAM, parsed from SRC with COMMENTS, back as source in sonde's layout (--fmt,
 * parser/format.c). Returns 0, or -1 when writing failed. */
int ast_format(FILE *out, const struct ast_node *program, const struct parse_comment *comments,
               const struct source *src);

/* Writes the tree as the stable indented text of `--emit=ast`. */
void ast_print(FILE *out, const struct ast_node *program);

#endif
