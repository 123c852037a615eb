/* Lookups over the probe-type records a registry carries, and the attach list they fill. */
#include "core/core.h"

#include <string.h>

#include "util/util.h"

void core_attach_push(struct arena *arena, struct attach_list *l, struct mf_attach at)
{
	l->items = arena_grow(arena, l->items, l->count, &l->cap, sizeof(*l->items), 8);
	l->items[l->count++] = at;
}

static bool answers_to(const struct probe_type *pt, const char *name)
{
	if (strcmp(pt->name, name) == 0)
		return true;
	for (const char *const *a = pt->aliases; a && *a; a++)
		if (strcmp(*a, name) == 0)
			return true;
	return false;
}

const struct probe_type *core_probe_type(const struct core_registry *reg, const char *name)
{
	if (!reg || !name)
		return NULL;
	for (const struct probe_type *const *pt = reg->probe_types; *pt; pt++)
		if (answers_to(*pt, name))
			return *pt;
	return NULL;
}
