/* stdlib: the registry of builtin variables and functions. One entry per builtin holds all of it:
 * arity, the sema type rule, the code emitter and, for asynchronous ones, what the runtime does
 * with their ring-buffer records (an mf_event kind). Sema, codegen and runtime look names up here. */
#ifndef SONDE_STDLIB_H
#define SONDE_STDLIB_H

#include <stdbool.h>

#include "parser/parser.h"
#include "core/core.h"

/* The builtin NAME of FORM (enum builtin_form), or NULL: the lookup struct core_registry offers. */
const struct builtin *stdlib_builtin(const char *name, int form);

#endif
