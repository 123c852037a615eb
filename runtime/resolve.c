/* Dispatch for values the runtime resolves when printing, and the per-run caches behind it. */
#include "runtime/resolve.h"

#include <stdlib.h>

struct resolver {
	struct bpf_object *obj;     /* where the stack maps live */
	struct ksyms *ksyms;        /* loaded on the first kernel symbol */
	bool ksyms_tried;
	struct usyms *usyms;
};

struct resolver *resolver_new(void)
{
	return calloc(1, sizeof(struct resolver));
}

void resolver_free(struct resolver *r)
{
	if (!r)
		return;
	ksyms_free(r->ksyms);
	usyms_free(r->usyms);
	free(r);
}

void resolver_set_object(struct resolver *r, struct bpf_object *obj)
{
	if (r)
		r->obj = obj;
}

struct bpf_object *resolver_object(struct resolver *r)
{
	return r ? r->obj : NULL;
}

const struct ksyms *resolver_ksyms(struct resolver *r)
{
	if (r && !r->ksyms_tried) {
		r->ksyms_tried = true;   /* a failed load is not retried for every frame */
		r->ksyms = ksyms_load();
	}
	return r ? r->ksyms : NULL;
}

struct usyms *resolver_usyms(struct resolver *r)
{
	if (r && !r->usyms)
		r->usyms = usyms_new();
	return r ? r->usyms : NULL;
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
