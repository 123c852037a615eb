/* Private to runtime/: values only the runtime can turn into text (symbols, stacks, times,
 * user names, cgroup paths). One function per family; resolve.c dispatches on the type. */
#ifndef SONDE_RESOLVE_H
#define SONDE_RESOLVE_H

#include <stdbool.h>

#include "runtime/output.h"

struct resolver;   /* per-run caches (symbol tables, ...); see resolve.c */

struct resolver *resolver_new(void);
void resolver_free(struct resolver *r);
/* The output.resolve callback: CTX is the struct resolver. */
bool resolver_format(void *ctx, struct strbuf *sb, const struct type *type, const void *data);

/* Families, each in its own file; return false to print the raw number. */
bool resolve_time(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data);
bool resolve_symbol(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data);

#endif
