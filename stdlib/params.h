/* Private to stdlib/: getopt(), whose registry entry sits in strings.c's table until registry.c
 * lists a table of its own (param_builtins). */
#ifndef SONDE_STDLIB_PARAMS_H
#define SONDE_STDLIB_PARAMS_H

#include "stdlib/stdlib_priv.h"

const struct type *stdlib_getopt_check(struct check_ctx *c, struct ast_node *n);
struct cg_val *stdlib_getopt_emit(struct cg *cg, struct ast_node *n);

#endif
