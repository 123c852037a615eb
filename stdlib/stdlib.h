/* stdlib: the registry of builtin variables and functions. One entry per builtin (struct builtin,
 * core/builtin.h) holds all of it: arity, flags, the sema type rule and the code emitters written
 * against codegen's general primitives; asynchronous ones write ring-buffer records of an
 * mf_event kind, which the runtime handles by kind. Sema finds entries here by name (through the
 * registry cli/ gives it) and leaves them on the nodes for codegen. */
#ifndef SONDE_STDLIB_H
#define SONDE_STDLIB_H

#include <stdbool.h>

#include "parser/parser.h"
#include "core/core.h"

/* The builtin NAME of FORM (enum builtin_form), or NULL: the lookup struct core_registry offers. */
const struct builtin *stdlib_builtin(const char *name, int form);

#endif
