/* Builtins that make or compare strings. */
#include "stdlib/stdlib_priv.h"

/* str(ptr[, len]): a string read from kernel or user memory, at most max_strlen bytes. */
static const struct type *t_str(struct check_ctx *c, struct ast_node *n)
{
	if (!check_args(c, n))
		return NULL;
	struct ast_node *src = n->list;
	if (src->type->kind == TY_STRING)
		return src->type;   /* str("x") and str($1) of a string parameter */
	if (!type_is_integral(src->type)) {
		report(c, src->loc, "str() expects a pointer or integer argument, got %s", sema_type_str(c, src->type));
		return NULL;
	}
	uint32_t size = c->prog->config.max_strlen;
	int64_t len;
	if (src->next) {
		if (!want_int(c, n, 1, "str"))
			return NULL;
		if (sema_const_int(c, src->next, &len) && len >= 0 && (uint64_t)len + 1 < size)
			size = (uint32_t)len + 1;
	}
	return sema_string_type(c, size);
}

/* The legacy probe_read_str reads user and kernel addresses alike on x86-64, which is what a
 * tracepoint's `const char *filename` (a user pointer) and a kernel string both need. */
static int read_str_helper(struct ast_node *n)
{
	(void)n;
	return HELPER_PROBE_READ_STR;
}

static struct cg_val *e_str(struct cg *cg, struct ast_node *n)
{
	struct ast_node *src = n->list;
	struct cg_val *v = cg_expr(cg, src);
	if (src->type->kind == TY_STRING)
		return v;
	struct cg_val *buf = cg_temp(cg, n->type);
	struct cg_val *size = cg_int(cg, n->type->size, NULL);
	if (src->next) {
		/* A run-time length bounds the read too: min(len + 1, size). */
		struct cg_val *len = cg_binop(cg, OP_ADD, cg_expr(cg, src->next), cg_int(cg, 1, NULL), false);
		struct cg_val *lt = cg_binop(cg, OP_LT, len, size, false);
		cg_if_begin(cg, lt);
		struct cg_val *a1[3] = {buf, len, v};
		cg_helper(cg, read_str_helper(n), a1, 3);
		cg_if_end(cg);
		cg_if_begin(cg, cg_binop(cg, OP_EQ, lt, cg_int(cg, 0, NULL), false));
		struct cg_val *a2[3] = {buf, size, v};
		cg_helper(cg, read_str_helper(n), a2, 3);
		cg_if_end(cg);
		return buf;
	}
	struct cg_val *args[3] = {buf, size, v};
	cg_helper(cg, read_str_helper(n), args, 3);
	return buf;
}

/* strncmp(a, b, n): 0 when the first n bytes (up to a NUL) are equal, 1 otherwise. */
static const struct type *t_strncmp(struct check_ctx *c, struct ast_node *n)
{
	if (!check_args(c, n))
		return NULL;
	struct ast_node *a = n->list, *b = a->next, *len = b->next;
	int64_t v;
	if (a->type->kind != TY_STRING || b->type->kind != TY_STRING) {
		report(c, n->loc, "strncmp() expects two strings");
		return NULL;
	}
	if (!sema_const_int(c, len, &v) || v < 0) {
		report(c, len->loc, "strncmp() expects a constant non-negative length");
		return NULL;
	}
	n->num = (uint64_t)v;
	return type_int(8, false);
}

static struct cg_val *e_strncmp(struct cg *cg, struct ast_node *n)
{
	struct ast_node *a = n->list, *b = a->next;
	struct cg_val *pa = cg_expr(cg, a), *pb = cg_expr(cg, b);
	uint64_t len = n->num;
	if (len > a->type->size) len = a->type->size;
	if (len > b->type->size) len = b->type->size;
	struct cg_val *result = cg_temp(cg, type_int(8, false));
	struct cg_val *done = cg_temp(cg, type_int(8, false));
	for (uint64_t i = 0; i < len; i++) {
		struct cg_val *ca = cg_load(cg, cg_offset(cg, pa, i), type_int(1, false));
		struct cg_val *cb = cg_load(cg, cg_offset(cg, pb, i), type_int(1, false));
		cg_if_begin(cg, cg_binop(cg, OP_EQ, cg_load(cg, done, type_int(8, false)), cg_int(cg, 0, NULL), false));
		cg_if_begin(cg, cg_binop(cg, OP_NE, ca, cb, false));
		cg_store(cg, result, cg_int(cg, 1, NULL), type_int(8, false));
		cg_store(cg, done, cg_int(cg, 1, NULL), type_int(8, false));
		cg_if_end(cg);
		cg_if_begin(cg, cg_binop(cg, OP_EQ, ca, cg_int(cg, 0, NULL), false));
		cg_store(cg, done, cg_int(cg, 1, NULL), type_int(8, false));
		cg_if_end(cg);
		cg_if_end(cg);
	}
	return cg_load(cg, result, type_int(8, false));
}

const struct builtin string_builtins[] = {
	{.name = "str", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_str, .emit = e_str},
	{.name = "strncmp", .form = BUILTIN_CALL, .min_args = 3, .max_args = 3, .check = t_strncmp, .emit = e_strncmp},
	{0},
};
