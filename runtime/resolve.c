/* Dispatch for values the runtime resolves when printing, and the per-run caches behind it. */
#include "runtime/resolve.h"

#include <stdlib.h>

struct resolver {
	struct bpf_object *obj;     /* where the stack maps live */
	const struct manifest *m;   /* the attach points, whose binaries name a gone process's code */
	struct ksyms *ksyms;        /* loaded on the first kernel symbol */
	bool ksyms_tried;
	struct usyms *usyms;
};

struct resolver *rt_resolver_new(void)
{
	return calloc(1, sizeof(struct resolver));
}

void rt_resolver_free(struct resolver *r)
{
	if (!r)
		return;
	rt_ksyms_free(r->ksyms);
	rt_usyms_free(r->usyms);
	free(r);
}

void rt_resolver_set_object(struct resolver *r, struct bpf_object *obj, const struct manifest *m)
{
	if (r) {
		r->obj = obj;
		r->m = m;
	}
}

bool rt_resolver_show_debug_info(struct resolver *r)
{
	return r && r->m && r->m->show_debug_info;
}

const char *rt_resolver_fixed_symbol(struct resolver *r, uint64_t addr, uint64_t *offset)
{
	for (size_t i = 0; r && r->m && i < r->m->nprograms; i++)
		for (size_t j = 0; j < r->m->programs[i].nattach; j++) {
			const struct mf_attach *at = &r->m->programs[i].attach[j];
			const char *name = probe_has(at->type, PT_TARGET_BINARY)
			                 ? rt_usyms_find_fixed(rt_resolver_usyms(r), at->target, addr, offset) : NULL;
			if (name)
				return name;
		}
	return NULL;
}

struct bpf_object *rt_resolver_object(struct resolver *r)
{
	return r ? r->obj : NULL;
}

const struct ksyms *rt_resolver_ksyms(struct resolver *r)
{
	if (r && !r->ksyms_tried) {
		r->ksyms_tried = true;   /* a failed load is not retried for every frame */
		r->ksyms = rt_ksyms_load();
	}
	return r ? r->ksyms : NULL;
}

struct usyms *rt_resolver_usyms(struct resolver *r)
{
	if (r && !r->usyms)
		r->usyms = rt_usyms_new();
	return r ? r->usyms : NULL;
}

bool rt_resolver_format(void *ctx, struct strbuf *sb, const struct type *type, const void *data)
{
	bool (*resolve)(struct resolver *, struct strbuf *, const struct type *, const void *) = rt_out_kind(type)->resolve;
	return resolve && resolve(ctx, sb, type, data);
}
