/* Raw byte buffers: buf() and what prints them. A buffer value is a u32 length followed by its
 * bytes (stdlib/types.h); printf's %r, %rx and %rh and map printing show it with \xNN escapes. */
#include "stdlib/stdlib_priv.h"

static const struct type *buffer_type(struct check_ctx *c, uint32_t cap)
{
	struct type *t = ARENA_NEW(c->arena, struct type);
	t->kind = TY_BUFFER;
	t->size = 4 + cap;
	t->align = 4;
	return t;
}

/* buf(data[, len]): LEN bytes read from DATA, a pointer (or address), an array or a string;
 * arrays and strings may leave LEN out (their size). At most max_strlen bytes. */
static const struct type *t_buf(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *src = n->list, *len = src->next;
	const struct type *st = src->type;
	uint32_t max = c->prog->config.max_strlen;
	uint32_t cap;
	bool sized = st->kind == TY_ARRAY || st->kind == TY_STRING;
	if (!sized && !type_is_integral(st)) {
		sema_error(c, src->loc, "buf() expects a pointer, an array or a string, got %s", sema_type_str(c, st));
		return NULL;
	}
	if (!len && !sized) {
		sema_error(c, n->loc, "buf() needs a length argument for a pointer");
		return NULL;
	}
	if (len && !stdlib_want_int(c, n, 1, "buf"))
		return NULL;
	cap = sized ? st->size : max;
	int64_t v;
	n->num = !len; /* 1: the length is known here (no run-time bound needed) */
	if (len && sema_const_int(c, len, &v)) {
		n->num = 1;
		if (v < 0) {
			sema_error(c, len->loc, "buf() length must not be negative");
			return NULL;
		}
		if ((uint64_t)v < cap)
			cap = (uint32_t)v;
	}
	if (cap > max)
		cap = max;
	return buffer_type(c, cap);
}

static struct cg_val *e_buf(struct cg *cg, struct ast_node *n)
{
	struct ast_node *src = n->list, *len = src->next;
	uint32_t cap = n->type->size - 4;   /* t_buf keeps it within an array's or string's own size */
	struct cg_val *from = cg_expr(cg, src);
	struct cg_val *dst = cg_temp(cg, n->type);
	struct cg_val *bytes = cg_offset(cg, dst, 4);
	const struct type *u32 = type_int(4, false);
	struct cg_val *capv = cg_int(cg, cap, NULL);
	/* The legacy probe_read reads user and kernel (including BPF stack) addresses alike on x86-64:
	 * a uprobe's struct pointer, a tracepoint array or a string literal. */
	if (n->num) {
		struct cg_val *args[3] = {bytes, capv, from};
		cg_helper(cg, HELPER_PROBE_READ, args, 3);
		cg_store(cg, dst, capv, u32);
		return dst;
	}
	/* A run-time length: min(len, cap), with the bound in a branch the verifier can see. */
	struct cg_val *lv = cg_expr(cg, len);
	struct cg_val *lt = cg_binop(cg, OP_LT, lv, capv, false);
	cg_if_begin(cg, lt);
	struct cg_val *a1[3] = {bytes, lv, from};
	cg_helper(cg, HELPER_PROBE_READ, a1, 3);
	cg_store(cg, dst, lv, u32);
	cg_if_end(cg);
	cg_if_begin(cg, cg_binop(cg, OP_EQ, lt, cg_int(cg, 0, NULL), false));
	struct cg_val *a2[3] = {bytes, capv, from};
	cg_helper(cg, HELPER_PROBE_READ, a2, 3);
	cg_store(cg, dst, capv, u32);
	cg_if_end(cg);
	return dst;
}

const struct builtin stdlib_buffer_builtins[] = {
	{.name = "buf", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_buf, .emit = e_buf},
	{0},
};
