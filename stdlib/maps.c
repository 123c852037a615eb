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
	cg_event(cg, EV_CLEAR_MAP, NULL, NULL, NULL, m->index);
	return NULL;
}

static struct cg_val *e_zero(struct cg *cg, struct ast_node *n)
{
	const struct sema_map *m = n->list->sym;
	cg_event(cg, EV_ZERO_MAP, NULL, NULL, NULL, m->index);
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

/* The result is whether the helper found the key to delete. */
static struct cg_val *e_delete(struct cg *cg, struct ast_node *n)
{
	struct ast_node *map = n->list;
	return cg_map_remove(cg, map->sym, cg_map_key_of(cg, map));
}

/* has_key(@m, k) and find(@m, k, $v): @m must be a map with keys; the key moves into the map
 * node, as for delete, and what follows it (find's $v) after it. FLAG marks that done, since sema
 * checks every call twice and the second time sees one argument fewer. Returns the map, NULL
 * after an error. */
static struct sema_map *keyed_map_arg(struct check_ctx *c, struct ast_node *n, int nargs)
{
	struct ast_node *a = n->list, *k = a->next;
	if (a->kind != AST_MAP || (a->list && !n->flag)) {
		sema_error(c, a->loc, "%s() expects a map argument", n->str);
		return NULL;
	}
	int given = 1;
	for (struct ast_node *x = k; x && !n->flag; x = x->next)
		given++;
	if (!n->flag && given < nargs) {
		sema_error(c, n->loc, "%s() requires %d arguments (%d provided)", n->str, nargs, given);
		return NULL;
	}
	struct sema_map *m = sema_map_ref(c, a);
	if (m->value && !m->key) {
		sema_error(c, n->loc, "call to %s() expects a map with explicit keys (non-scalar map)", n->str);
		return NULL;
	}
	if (!n->flag) {
		a->list = k->kind == AST_TUPLE ? k->list : k;
		a->next = k->next;
		k->next = NULL;
		n->flag = true;
	}
	return m;
}

static const struct type *t_has_key(struct check_ctx *c, struct ast_node *n)
{
	if (!keyed_map_arg(c, n, 2) || !sema_expr(c, n->list))
		return NULL;
	return type_bool();
}

static struct cg_val *e_has_key(struct cg *cg, struct ast_node *n)
{
	struct ast_node *map = n->list;
	return cg_map_has(cg, map->sym, cg_map_key_of(cg, map));
}

/* find(@m, k, $v): has_key's check, and the value found goes to $v, typed as the map's values. */
static const struct type *t_find(struct check_ctx *c, struct ast_node *n)
{
	struct sema_map *m = keyed_map_arg(c, n, 3);
	if (!m)
		return NULL;
	struct ast_node *a = n->list, *var = a->next;
	if (var->kind != AST_VAR) {
		sema_error(c, var->loc, "find() expects a scratch variable ($name) for the value found");
		return NULL;
	}
	if (m->value && type_is_agg(m->value)) {
		sema_error(c, a->loc, "find() cannot read an aggregation map (%s): read it as %s[key]", a->str, a->str);
		return NULL;
	}
	if (!sema_expr(c, a))
		return NULL;
	var->sym = sema_var_bind(c, var->str, m->value, var->loc);
	var->type = ((struct sema_var *)var->sym)->type;
	return type_bool();
}

static struct cg_val *e_find(struct cg *cg, struct ast_node *n)
{
	struct ast_node *map = n->list;
	return cg_map_find(cg, map->sym, map, map->next);
}

/* len(@m): the number of entries of a map with keys. */
/* len(kstack), len(ustack): the frames the stack has now. */
static bool is_stack(const struct type *t)
{
	return t && (t->kind == TY_KSTACK || t->kind == TY_USTACK);
}

static const struct type *t_len(struct check_ctx *c, struct ast_node *n)
{
	if (n->list->kind != AST_MAP) {
		const struct type *t = sema_expr(c, n->list);
		if (is_stack(t))
			return type_int(8, true);
		if (!t)
			return NULL;
	}
	struct sema_map *m = whole_map(c, n, "len");
	if (!m)
		return NULL;
	if (m->value && !m->key) {
		sema_error(c, n->loc, "call to len() expects a map with explicit keys (non-scalar map)");
		return NULL;
	}
	return type_int(8, true);
}

/* bpf_for_each_map_elem returns how many entries it visited; the callback, shared by every len(),
 * just goes on. */
/* bpf_get_stack copies the frames (8 bytes each, up to the stack's limit) and says how many
 * bytes it wrote; the stack itself is not taken (no stack id is made). */
static struct cg_val *stack_len(struct cg *cg, const struct type *t)
{
	enum { USER_STACK = 1 << 8 };   /* BPF_F_USER_STACK */
	uint32_t size = 8 * t->stack_limit;
	struct cg_val *args[4] = {cg_ctx(cg), cg_temp_size(cg, size), cg_int(cg, size, NULL),
	                          cg_int(cg, t->kind == TY_USTACK ? USER_STACK : 0, NULL)};
	struct cg_val *bytes = cg_helper_named(cg, HELPER_GET_STACK, args, 4, "stack_bytes");
	struct cg_val *zero = cg_int(cg, 0, NULL);
	struct cg_val *got = cg_binop(cg, OP_GT, bytes, zero, true);   /* negative: an error, no frames */
	return cg_binop(cg, OP_DIV, cg_binop(cg, OP_MUL, got, bytes, false), cg_int(cg, 8, NULL), false);
}

static struct cg_val *e_len(struct cg *cg, struct ast_node *n)
{
	if (is_stack(n->list->type))
		return stack_len(cg, n->list->type);
	static const char name[] = "map_len_cb";
	struct cg_val *go_on = cg_callback_find(cg, name);
	if (!go_on) {
		struct cg_callback *cb = cg_callback_begin(cg, name, CG_CB_MAP_ELEM);
		cg_callback_return(cg, cg_int(cg, 0, NULL));
		go_on = cg_callback_end(cg, cb);
	}
	struct cg_val *args[4] = {cg_map_ptr(cg, n->list->sym), go_on, cg_null(cg), cg_int(cg, 0, NULL)};
	return cg_helper_named(cg, HELPER_FOR_EACH_MAP_ELEM, args, 4, "len");
}

const struct builtin stdlib_map_builtins[] = {
	{.name = "clear", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_clear, .emit = e_clear},
	{.name = "zero", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_clear, .emit = e_zero},
	{.name = "delete", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_delete, .emit = e_delete},
	{.name = "len", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_len, .emit = e_len},
	{.name = "has_key", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_has_key, .emit = e_has_key},
	{.name = "find", .form = BUILTIN_CALL, .min_args = 2, .max_args = 3, .check = t_find, .emit = e_find},
	{0},
};
