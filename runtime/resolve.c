/* Dispatch for values the runtime resolves when printing. */
#include "runtime/resolve.h"

#include <stdlib.h>

struct resolver {
	int unused;   /* caches are added here by the families that need them */
};

struct resolver *resolver_new(void)
{
	return calloc(1, sizeof(struct resolver));
}

void resolver_free(struct resolver *r)
{
	free(r);
}

bool resolver_format(void *ctx, struct strbuf *sb, const struct type *type, const void *data)
{
	struct resolver *r = ctx;
	switch (type->kind) {
	case TY_TIMESTAMP:
	case TY_USERNAME:
	case TY_STRERROR:
	case TY_CGROUP_PATH:
		return resolve_time(r, sb, type, data);
	case TY_KSYM:
	case TY_USYM:
	case TY_KSTACK:
	case TY_USTACK:
		return resolve_symbol(r, sb, type, data);
	default:
		return false;
	}
}
