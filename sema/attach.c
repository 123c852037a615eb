/* Attach points: each is expanded by its provider, then grouped into programs by kind. */
#include "sema/sema_priv.h"

#include <stdio.h>
#include <string.h>

static struct sema_probe *new_program(struct check_ctx *c, struct ast_node *probe, enum attach_kind kind)
{
	struct typed_program *p = c->prog;
	if (p->nprobes == p->probes_cap) {
		size_t cap = p->probes_cap ? p->probes_cap * 2 : 8;
		struct sema_probe **np = ARENA_NEWN(c->arena, struct sema_probe *, cap);
		if (p->nprobes)
			memcpy(np, p->probes, p->nprobes * sizeof(*np));
		p->probes = np;
		p->probes_cap = cap;
	}
	struct sema_probe *sp = ARENA_NEW(c->arena, struct sema_probe);
	sp->node = probe;
	sp->kind = kind;
	sp->index = (int)p->nprobes;
	p->probes[p->nprobes++] = sp;
	return sp;
}

/* The type of one tracepoint field as bpftrace shows it: pointers are u64 addresses, char
 * arrays are strings, the rest integers of their size. */
static const struct type *arg_type(struct check_ctx *c, const struct probe_arg *a)
{
	if (a->is_data_loc) {
		/* A u32 (length << 16 | offset) locating bytes inside the record: typed as a char
		 * pointer, which codegen computes from the context, so str(args.name) works. */
		struct type *t = (struct type *)sema_ptr_type(c, type_int(1, true));
		t->name = TYPE_DATA_LOC;
		return t;
	}
	if (strstr(a->c_type, "struct ") || strstr(a->c_type, "union ") || strstr(a->c_type, "enum ")) {
		const struct type *t = sema_ctype_parse(c, a->c_type);
		if (t)
			return t;
	}
	if (strchr(a->c_type, '*')) {
		/* `const char *const *argv` is a pointer to char pointers: one level per '*'. */
		const struct type *t = strstr(a->c_type, "char") ? type_int(1, true) : NULL;
		for (const char *p = strchr(a->c_type, '*'); p; p = strchr(p + 1, '*'))
			t = sema_ptr_type(c, t);
		return t;
	}
	if (strchr(a->c_type, '[')) {
		if (strstr(a->c_type, "char"))
			return sema_string_type(c, a->size);
		struct type *arr = ARENA_NEW(c->arena, struct type);
		uint32_t n = 1;
		const char *br = strchr(a->c_type, '[');
		if (sscanf(br, "[%u]", &n) != 1 || !n)
			n = 1;
		arr->kind = TY_ARRAY;
		arr->count = n;
		arr->elem = type_int(a->size / n, a->is_signed);
		arr->size = a->size;
		arr->align = arr->elem->align;
		return arr;
	}
	if (strcmp(a->c_type, "bool") == 0)
		return type_bool();
	return type_int(a->size, a->is_signed);
}

static const struct type *args_record(struct check_ctx *c, struct probe_arg *args, size_t n)
{
	struct type *t = ARENA_NEW(c->arena, struct type);
	struct type_field *f = ARENA_NEWN(c->arena, struct type_field, n ? n : 1);
	uint32_t end = 0;
	for (size_t i = 0; i < n; i++) {
		f[i] = (struct type_field){.name = args[i].name, .type = arg_type(c, &args[i]), .offset = args[i].offset};
		if (args[i].offset + args[i].size > end)
			end = args[i].offset + args[i].size;
	}
	t->kind = TY_RECORD;
	t->count = (uint32_t)n;
	t->fields = f;
	t->size = end;
	t->align = 8;
	return t;
}

int sema_expand_probe(struct check_ctx *c, struct ast_node *probe)
{
	struct attach_list all = {0};
	int errors = 0;
	for (struct ast_node *ap = probe->list; ap; ap = ap->next) {
		const char *text = ap->str;
		const char *colon = strchr(text, ':');
		char prov[64];
		size_t n = colon ? (size_t)(colon - text) : strlen(text);
		if (n >= sizeof(prov))
			n = sizeof(prov) - 1;
		memcpy(prov, text, n);
		prov[n] = '\0';
		const struct provider *pv = provider_find(prov);
		if (!pv) {
			diag_error(c->diags, ap->loc, "Invalid probe type: %s", prov);
			errors++;
			continue;
		}
		char err[256] = "";
		size_t before = all.count;
		if (pv->expand(colon ? colon + 1 : "", c->arena, &all, err, sizeof(err)) < 0) {
			diag_error(c->diags, ap->loc, "%s", err[0] ? err : "Invalid attach point");
			errors++;
			continue;
		}
		if (all.count == before) {
			diag_error(c->diags, ap->loc, "No probes to attach for %s", text);
			errors++;
		}
	}
	if (errors)
		return errors;
	/* One program per attach kind; within a kind every attach point shares it. */
	for (size_t i = 0; i < all.count; i++) {
		struct sema_probe *sp = NULL;
		for (size_t j = 0; j < c->prog->nprobes; j++) {
			struct sema_probe *q = c->prog->probes[j];
			if (q->node == probe && q->kind == all.items[i].kind)
				sp = q;
		}
		if (!sp)
			sp = new_program(c, probe, all.items[i].kind);
		attach_list_push(c->arena, &sp->attach, all.items[i]);
	}
	for (size_t j = 0; j < c->prog->nprobes; j++) {
		struct sema_probe *sp = c->prog->probes[j];
		if (sp->node != probe || sp->kind != ATTACH_TRACEPOINT || sp->args_type)
			continue;
		/* `args` is typed from the first tracepoint of the group. */
		const struct provider *pv = provider_find("tracepoint");
		char err[256] = "";
		if (pv && pv->args && pv->args(&sp->attach.items[0], c->arena, &sp->args, &sp->nargs, err, sizeof(err)) == 0)
			sp->args_type = args_record(c, sp->args, sp->nargs);
	}
	return 0;
}
