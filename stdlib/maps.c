/* Builtins that act on whole maps or their entries. */
#include "stdlib/stdlib_priv.h"

/* The map argument of clear()/zero()/len(): a map named without keys. */
static struct sema_map *whole_map(struct check_ctx *c, struct ast_node *n, const char *fn)
{
	struct ast_node *a = n->list;
	if (a->kind != AST_MAP || a->list) {
		sema_error(c, a->loc, "%s() expects a map argument", fn);
		return NULL;
	}
	struct sema_map *m = sema_map_ref(c, a);
	if (!m->value && !c->collecting) {
		sema_error(c, a->loc, "Undefined map: %s", a->str);
		return NULL;
	}
	return m;
}

static const struct type *t_clear(struct check_ctx *c, struct ast_node *n)
{
	return whole_map(c, n, n->str) ? type_void() : NULL;
}

static struct cg_val *e_clear(struct cg *cg, struct ast_node *n)
{
	const struct sema_map *m = n->list->sym;
	cg_event(cg, n->str[0] == 'c' ? EV_CLEAR_MAP : EV_ZERO_MAP, NULL, NULL, NULL, m->index);
	return NULL;
}

/* delete(@m[k]) or delete(@m, k). */
static const struct type *t_delete(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *a = n->list;
	if (a->kind != AST_MAP) {
		sema_error(c, a->loc, "delete() expects a map argument");
		return NULL;
	}
	if (a->next) {
		if (a->list) {
			sema_error(c, n->loc, "delete() takes a map with a key, or a map and a key");
			return NULL;
		}
		/* Fold delete(@m, k) into delete(@m[k]); a tuple key spreads over the map's keys. */
		struct ast_node *k = a->next;
		a->list = k->kind == AST_TUPLE ? k->list : k;
		a->next = NULL;
	}
	if (!sema_expr(c, a) && !c->collecting)
		return NULL;
	return type_bool(); /* whether the key was there, as upstream's delete() returns */
}

/* The result is a lookup just before the delete: codegen's delete does not hand back the helper's
 * return value. The key expression is evaluated twice; keys are expressions without side effects
 * in practice (map keys, variables, builtins). */
static struct cg_val *e_delete(struct cg *cg, struct ast_node *n)
{
	return cg_map_delete_node(cg, n->list);
}

/* has_key(@m, k). The key moves into the map node, as for delete; FLAG marks that done, since sema
 * checks every call twice and the second time sees one argument. */
static const struct type *t_has_key(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *a = n->list, *k = a->next;
	if (a->kind != AST_MAP || (a->list && !n->flag)) {
		sema_error(c, a->loc, "has_key() expects a map argument");
		return NULL;
	}
	if (!k && !n->flag) {
		sema_error(c, n->loc, "has_key() requires 2 arguments (1 provided)");
		return NULL;
	}
	struct sema_map *m = sema_map_ref(c, a);
	if (m->value && !m->key) {
		sema_error(c, n->loc, "call to has_key() expects a map with explicit keys (non-scalar map)");
		return NULL;
	}
	if (!n->flag) {
		a->list = k->kind == AST_TUPLE ? k->list : k;
		a->next = NULL;
		n->flag = true;
	}
	if (!sema_expr(c, a))
		return NULL;
	return type_bool();
}

static struct cg_val *e_has_key(struct cg *cg, struct ast_node *n)
{
	return cg_map_has_key(cg, n->list);
}

/* len(@m): the number of entries of a map with keys. */
static const struct type *t_len(struct check_ctx *c, struct ast_node *n)
{
	struct sema_map *m = whole_map(c, n, "len");
	if (!m)
		return NULL;
	if (m->value && !m->key) {
		sema_error(c, n->loc, "call to len() expects a map with explicit keys (non-scalar map)");
		return NULL;
	}
	return type_int(8, true);
}


static struct cg_val *e_len(struct cg *cg, struct ast_node *n)
{
	return cg_map_len(cg, n->list->sym);
}

const struct builtin map_builtins[] = {
	{.name = "clear", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_clear, .emit = e_clear},
	{.name = "zero", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_clear, .emit = e_clear},
	{.name = "delete", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_delete, .emit = e_delete},
	{.name = "len", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_len, .emit = e_len},
	{.name = "has_key", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_has_key, .emit = e_has_key},
	{0},
};
