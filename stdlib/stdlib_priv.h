/* Private to stdlib/: what every builtin entry file shares. */
#ifndef SONDE_STDLIB_PRIV_H
#define SONDE_STDLIB_PRIV_H

#include "codegen/codegen.h"
#include "sema/sema.h"
#include "stdlib/stdlib.h"

/* Each domain file defines a table ending in an entry with a NULL name. */
extern const struct builtin stdlib_process_builtins[];
extern const struct builtin stdlib_time_builtins[];
extern const struct builtin stdlib_output_builtins[];
extern const struct builtin stdlib_string_builtins[];
extern const struct builtin stdlib_agg_builtins[];
extern const struct builtin stdlib_map_builtins[];
extern const struct builtin stdlib_misc_builtins[];
extern const struct builtin stdlib_stack_builtins[];
extern const struct builtin stdlib_buffer_builtins[];
extern const struct builtin stdlib_register_builtins[];
extern const struct builtin stdlib_kernel_object_builtins[];
extern const struct builtin stdlib_task_action_builtins[];
extern const struct builtin stdlib_introspection_builtins[];
/* All of them, NULL-terminated: what stdlib_builtin searches. */
extern const struct builtin *const stdlib_tables[];

/* The N-th argument of a call (0-based), or NULL. */
struct ast_node *stdlib_call_arg(struct ast_node *call, int n);
/* Checks every argument of CALL; false if one failed. */
bool stdlib_check_args(struct check_ctx *c, struct ast_node *call);
/* Reports an error unless argument N of CALL is an integer; false on error. */
bool stdlib_want_int(struct check_ctx *c, struct ast_node *call, int n, const char *fn);
/* A tuple type of the types of the list starting at FIRST. */
const struct type *stdlib_list_tuple(struct check_ctx *c, struct ast_node *first);
/* The address of kernel symbol NAME from /proc/kallsyms; false when absent. For sema: read once
 * per call that names a symbol. */
bool stdlib_kallsyms_lookup(const char *name, uint64_t *addr);
/* Number of value conversions in a printf-style format, -1 after reporting a bad one. */
int stdlib_format_conversions(struct check_ctx *c, struct ast_node *fmt_node);

#endif
