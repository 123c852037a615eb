/* Part of core/core.h (include that): the builtin record. One entry per builtin variable or
 * function, defined in stdlib/, holds all of it: arity, the sema type rule, the code emitter, its
 * flags and, for asynchronous ones, the event kind the runtime handles. Sema finds entries through
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

struct builtin {
	const char *name;
	enum builtin_form form;
	int min_args, max_args;     /* calls only; max -1 for any number */
	/* The result type of NODE (AST_IDENT or AST_CALL), after checking its arguments; NULL after
	 * reporting an error. */
	const struct type *(*check)(struct check_ctx *c, struct ast_node *node);
	/* Emits NODE's value (scalars as values, aggregates as pointers to storage). */
	struct cg_val *(*emit)(struct cg *cg, struct ast_node *node);
	/* Aggregations (`@m[k] = count()`): the update of this CPU's slot at SLOT for call NODE
	 * whose first argument evaluated to VALUE (NULL without arguments). The argument is
	 * evaluated once, before the map is touched. NULL for other builtins. */
	void (*emit_agg)(struct cg *cg, struct ast_node *node, struct cg_val *slot, struct cg_val *value);
	/* hist/lhist: the bucket index (a u64 appended to the stored key) of VALUE. */
	struct cg_val *(*emit_bucket)(struct cg *cg, struct ast_node *node, struct cg_val *value);
	/* True when a call may only stand as a statement or map assignment, not inside expressions. */
	bool statement_only;
};

#endif
