/* Part of core/core.h (include that): the builtin record. One entry per builtin variable or
 * function, defined in stdlib/, holds all of it: arity, flags, the sema type rule and the code
 * emitters. Asynchronous ones write ring-buffer records of an event kind (core/manifest.h) whose
 * handler runtime/events.c has in a table indexed by kind. Sema finds entries through
 * struct core_registry and leaves the entry on the node (ast_node.sym) for codegen. */
#ifndef SONDE_CORE_BUILTIN_H
#define SONDE_CORE_BUILTIN_H

#include <stdbool.h>

#include "core/type.h"
#include "parser/parser.h"

struct check_ctx;   /* sema's view for type rules (sema/sema.h) */
struct cg;          /* codegen's lowering context (codegen/codegen.h) */
struct cg_val;      /* an IR value, opaque outside codegen */

enum builtin_form {
	BUILTIN_VAR,    /* `pid`, `comm`: an identifier */
	BUILTIN_CALL,   /* `printf(...)`: a call */
};

/* What other stages may rely on about a builtin, so that they never test its name. */
enum builtin_flag {
	/* `@m[k] = f(x)` updates the map's slot through emit_agg (and emit_bucket): the map's value
	 * is an aggregation. */
	BUILTIN_AGGREGATION = 1u << 0,
	/* As a statement it ends the probe's execution (exit()): statements after it are
	 * unreachable. */
	BUILTIN_ENDS_PROBE = 1u << 1,
	/* Its value depends on which of a program's attach points fired (probe): a program shared by
	 * several attach points tells them apart by BPF cookie, or is split where there are none. */
	BUILTIN_PER_ATTACH_POINT = 1u << 2,
	/* Reads the probe's arguments as laid out by its attach point (args): attach points whose
	 * layouts differ get programs of their own. */
	BUILTIN_READS_ARGS = 1u << 3,
	/* Reads argN, which some probe types find in other places at each attach point (USDT): those
	 * whose places differ get programs of their own. */
	BUILTIN_READS_ARGN = 1u << 4,
};

struct builtin {
	const char *name;
	enum builtin_form form;
	int min_args, max_args;     /* calls only; max -1 for any number */
	unsigned flags;             /* enum builtin_flag bits */
	/* The result type of NODE (AST_IDENT or AST_CALL), after checking its arguments; NULL after
	 * reporting an error. */
	const struct type *(*check)(struct check_ctx *c, struct ast_node *node);
	/* Emits NODE's value (scalars as values, aggregates as pointers to storage). */
	struct cg_val *(*emit)(struct cg *cg, struct ast_node *node);
	/* A variable whose fields a field access reads in place (`args.x` of a tracepoint, straight
	 * from the context): the address of the record, or NULL to take the whole value with emit
	 * first. NULL for builtins without such fields. */
	struct cg_val *(*emit_field_base)(struct cg *cg, struct ast_node *node);
	/* BUILTIN_AGGREGATION: the update of this CPU's slot at SLOT for call NODE whose first
	 * argument evaluated to VALUE (NULL without arguments), BUCKET being what emit_bucket made of
	 * it (NULL without emit_bucket). The argument is evaluated once, before the map is touched. */
	void (*emit_agg)(struct cg *cg, struct ast_node *node, struct cg_val *slot, struct cg_val *value,
	                 struct cg_val *bucket);
	/* hist/lhist: the bucket index (a u64 appended to the stored key) of VALUE; tseries: the
	 * epoch, of which the key keeps epoch % ts_num. */
	struct cg_val *(*emit_bucket)(struct cg *cg, struct ast_node *node, struct cg_val *value);
};

#endif
