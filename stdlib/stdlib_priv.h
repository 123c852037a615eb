/* Private to stdlib/: what every builtin entry file shares. */
#ifndef SONDE_STDLIB_PRIV_H
#define SONDE_STDLIB_PRIV_H

#include "codegen/codegen.h"
#include "sema/sema.h"
#include "stdlib/stdlib.h"

/* Each domain file defines a table ending in an entry with a NULL name. */
extern const struct builtin process_builtins[];
extern const struct builtin time_builtins[];
extern const struct builtin output_builtins[];
extern const struct builtin string_builtins[];
extern const struct builtin agg_builtins[];
extern const struct builtin map_builtins[];
extern const struct builtin misc_builtins[];
extern const struct builtin stack_builtins[];
extern const struct builtin buffer_builtins[];
extern const struct builtin register_builtins[];
/* All of them, NULL-terminated: what stdlib_builtin searches. */
extern const struct builtin *const stdlib_tables[];

/* The N-th argument of a call (0-based), or NULL. */
struct ast_node *call_arg(struct ast_node *call, int n);
/* Checks every argument of CALL; false if one failed. */
bool check_args(struct check_ctx *c, struct ast_node *call);
/* Reports an error unless argument N of CALL is an integer; false on error. */
bool want_int(struct check_ctx *c, struct ast_node *call, int n, const char *fn);
/* A tuple type of the types of the list starting at FIRST. */
const struct type *list_tuple(struct check_ctx *c, struct ast_node *first);
/* Number of value conversions in a printf-style format, -1 after reporting a bad one. */
int format_conversions(struct check_ctx *c, struct ast_node *fmt_node);

#endif
