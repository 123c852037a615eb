/* Dispatch for values the runtime resolves when printing, and the per-run caches behind it. */
#include "runtime/resolve.h"

#include <stdlib.h>

struct resolver {
	struct bpf_object *obj;     /* where the stack maps live */
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

void rt_resolver_set_object(struct resolver *r, struct bpf_object *obj)
{
	if (r)
		r->obj = obj;
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
