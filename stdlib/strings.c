/* Builtins that make or compare strings. */
#include "stdlib/stdlib_priv.h"

#include <string.h>

#include "stdlib/params.h"

/* str(ptr[, len]): a string read from kernel or user memory, at most max_strlen bytes, or
 * len - 1 bytes and a NUL when len is given and shorter.
 *
 * Truncation: without a shorter len, str() reads max_strlen + 1 bytes into a string[max_strlen]
 * (the extra byte is slack after it). A source string of max_strlen bytes or more then leaves no
 * NUL in the value, and that is how the runtime knows to print str_trunc_trailer after it. A
 * shorter explicit len keeps its NUL: the script asked for the cut, so no trailer. */
/* str($N) and str($N + k): the text of positional parameter N as given on the command line
 * (bpftrace treats $N there as a pointer to that text), even when it reads as a number. The
 * argument is replaced by a string literal of the text from offset k. Returns false when SRC is
 * not of that form. */
static bool positional_text(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *src = n->list, *pos = src;
	int64_t off = 0;
	if (src->kind == AST_BINOP && src->op == OP_ADD && src->a->kind == AST_POSITIONAL) {
		pos = src->a;
		if (!sema_const_int(c, src->b, &off)) {
			sema_error(c, src->b->loc, "str() of a positional parameter takes a constant offset");
			return false;
		}
	} else if (src->kind != AST_POSITIONAL) {
		return false;
	}
	const char *text = pos->num <= (uint64_t)c->prog->npositional ? c->prog->positional[pos->num - 1] : "";
	size_t len = strlen(text);
	if (off < 0 || (uint64_t)off > len) {
		sema_error(c, src->loc, "str() offset %lld is outside positional parameter $%llu",
		       (long long)off, (unsigned long long)pos->num);
		return false;
	}
	struct ast_node *lit = ARENA_NEW(c->arena, struct ast_node);
	*lit = (struct ast_node){.kind = AST_STRING, .loc = src->loc, .str = text + off, .num = len - (size_t)off,
	                         .next = src->next};
	lit->type = sema_string_type(c, (uint32_t)(len - (size_t)off) + 1);
	n->list = lit;
	return true;
}

static const struct type *t_str(struct check_ctx *c, struct ast_node *n)
{
	if (!positional_text(c, n) && n->list->kind == AST_BINOP && n->list->a->kind == AST_POSITIONAL)
		return NULL; /* str($N + k) with a bad k: reported */
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *src = n->list;
	if (src->type->kind == TY_STRING)
		return src->type;   /* str("x") and str($1) of a string parameter */
	if (!type_is_integral(src->type)) {
		sema_error(c, src->loc, "str() expects a pointer or integer argument, got %s", sema_type_str(c, src->type));
		return NULL;
	}
	uint32_t size = c->prog->config.max_strlen;
	int64_t len;
	n->num = 0;     /* the exact read size for a constant len, else 0 */
	if (src->next) {
		if (!stdlib_want_int(c, n, 1, "str"))
			return NULL;
		if (sema_const_int(c, src->next, &len)) {
			if (len < 0) {
				sema_error(c, src->next->loc, "str() length must not be negative");
				return NULL;
			}
			if ((uint64_t)len <= size) {
				size = len ? (uint32_t)len : 1;
				n->num = size;
			}
		}
	}
	return sema_string_type(c, size);
}

/* str(): probe_read_str reads user and kernel addresses alike on x86-64, which is what a
 * tracepoint's `const char *filename` (a user pointer) and a kernel string both need. */
static struct cg_val *e_str(struct cg *cg, struct ast_node *n)
{
	struct ast_node *src = n->list;
	struct cg_val *v = cg_expr(cg, src);
	if (src->type->kind == TY_STRING)
		return v;
	uint32_t size = n->type->size;
	if (n->num) {
		struct cg_val *buf = cg_temp(cg, n->type);
		cg_read_str(cg, buf, cg_int(cg, n->num, NULL), v, n);
		return buf;
	}
	struct cg_val *buf = cg_temp_size(cg, size + 1);
	struct cg_val *full = cg_int(cg, (uint64_t)size + 1, NULL);
	if (src->next) {
		/* A run-time length bounds the read too: min(len, size + 1), in branches the verifier
		 * can follow. */
		struct cg_val *len = cg_expr(cg, src->next);
		struct cg_val *lt = cg_binop(cg, OP_LT, len, full, false);
		cg_if_begin(cg, lt);
		cg_read_str(cg, buf, len, v, n);
		cg_if_end(cg);
		cg_if_begin(cg, cg_binop(cg, OP_EQ, lt, cg_int(cg, 0, NULL), false));
		cg_read_str(cg, buf, full, v, n);
		cg_if_end(cg);
		return buf;
	}
	cg_read_str(cg, buf, full, v, n);
	return buf;
}

/* strncmp(a, b, n): 0 when the first n bytes (up to a NUL) are equal, 1 otherwise. */
static const struct type *t_strncmp(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *a = n->list, *b = a->next, *len = b->next;
	int64_t v;
	if (a->type->kind != TY_STRING || b->type->kind != TY_STRING) {
		sema_error(c, n->loc, "strncmp() expects two strings");
		return NULL;
	}
	if (!sema_const_int(c, len, &v) || v < 0) {
		sema_error(c, len->loc, "strncmp() expects a constant non-negative length");
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

/* A char pointer read as str(P) would read it: P's string, at most max_strlen bytes. P is checked
 * already, so the node is made typed, as t_str would type it. */
static struct ast_node *str_of_pointer(struct check_ctx *c, struct ast_node *p)
{
	struct ast_node *n = ARENA_NEW(c->arena, struct ast_node);
	*n = (struct ast_node){.kind = AST_CALL, .str = "str", .list = p, .loc = p->loc, .next = p->next};
	p->next = NULL;
	n->sym = (void *)stdlib_builtin("str", BUILTIN_CALL);
	n->type = sema_string_type(c, c->prog->config.max_strlen);
	return n;
}

/* The string-like argument at *SLOT of FN: a string, a char array, or a char pointer (then read
 * as a string in its place). False, with an error, for anything else. */
static bool want_string_like(struct check_ctx *c, struct ast_node **slot, const char *fn)
{
	const struct type *t = (*slot)->type;
	bool bytes = t->elem && t->elem->kind == TY_INT && t->elem->size == 1;
	if (t->kind == TY_PTR && bytes)
		*slot = str_of_pointer(c, *slot);
	else if (t->kind == TY_PROBE)
		return (*slot = sema_probe_as_string(c, *slot)) != NULL;
	else if (t->kind != TY_STRING && !(t->kind == TY_ARRAY && bytes)) {
		sema_error(c, (*slot)->loc, "%s() expects a string, a char array or a char pointer, got %s", fn,
		           sema_type_str(c, t));
		return false;
	}
	return true;
}

/* strlen(s): the bytes before the first NUL of a string, a char array or a char pointer. */
static const struct type *t_strlen(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !want_string_like(c, &n->list, "strlen"))
		return NULL;
	return type_int(8, false);
}

/* The byte at P + I, zero-extended. */
static struct cg_val *byte_at(struct cg *cg, struct cg_val *p, struct cg_val *i)
{
	return cg_load(cg, cg_index(cg, p, i), type_int(1, false));
}

/* Goes on at a new place NAME when COND holds, else to OTHERWISE. */
static void go_on_if(struct cg *cg, struct cg_val *cond, const char *name, struct cg_label *otherwise)
{
	struct cg_label *then = cg_label(cg, name);
	cg_branch(cg, cond, then, otherwise);
	cg_place(cg, then);
}

/* One bounded loop over the bytes (at most the string's size, max_strlen by default), left at the
 * NUL or after SIZE bytes without one. */
static struct cg_val *e_strlen(struct cg *cg, struct ast_node *n)
{
	struct cg_val *s = cg_expr(cg, n->list);
	struct cg_loop *l = cg_loop_begin(cg, n->list->type->size, "strlen.i");
	go_on_if(cg, byte_at(cg, s, cg_loop_index(cg, l)), "strlen.next", cg_loop_exit(l));
	cg_loop_end(cg, l);
	return cg_loop_index(cg, l);
}

/* strcontains(haystack, needle): whether needle occurs in haystack, each read up to its NUL; each
 * is string-like (want_string_like). */
static const struct type *t_strcontains(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	for (struct ast_node **a = &n->list; *a; a = &(*a)->next)
		if (!want_string_like(c, a, n->str))
			return NULL;
	return type_bool();
}

/* bpf_loop over the haystack's start positions; each call compares the needle in a bounded loop.
 * The verifier checks the callback once for an unknown position instead of walking haystack x
 * needle paths, which for two 1024-byte strings would be far past its one-million-instruction
 * budget. The callback's frame: the haystack and needle addresses, and the result it sets. */
enum { SC_HAY = 0, SC_NEEDLE = 1, SC_FOUND = 2, SC_FRAME = 3 };

/* long cb(u64 i, u64 *frame): 1 (stop) when the needle starts at haystack position i (then
 * SC_FOUND is i + 1 for POSITION, else 1), or when the haystack ends there; 0 to try the next
 * position. Only strstr() stores the position: a varying result multiplies the states the
 * verifier walks, and five strcontains() in one probe would pass its budget. */
static struct cg_val *contains_callback(struct cg *cg, uint32_t hay_size, uint32_t needle_size, bool position)
{
	struct cg_callback *cb = cg_callback_begin(cg, "strcontains_cb", CG_CB_LOOP);
	struct cg_val *i = cg_callback_param(cg, 0), *frame = cg_callback_param(cg, 1);
	struct cg_val *hay = cg_frame_get(cg, frame, SC_HAY, true, "hay");
	struct cg_val *needle = cg_frame_get(cg, frame, SC_NEEDLE, true, "needle");
	struct cg_val *zero = cg_int(cg, 0, NULL), *hay_end = cg_int(cg, hay_size, NULL);
	struct cg_label *stop = cg_label(cg, "sc.stop"), *next = cg_label(cg, "sc.next");
	struct cg_label *found = cg_label(cg, "sc.found");
	/* The bound tells the verifier i indexes the haystack; the haystack ends at its NUL. */
	go_on_if(cg, cg_binop(cg, OP_LT, i, hay_end, false), "sc.in", stop);
	go_on_if(cg, cg_binop(cg, OP_NE, byte_at(cg, hay, i), zero, false), "sc.cmp", stop);
	struct cg_loop *l = cg_loop_begin(cg, needle_size, "sc.j");
	struct cg_val *j = cg_loop_index(cg, l);
	struct cg_val *nc = byte_at(cg, needle, j);
	/* The needle ends at its NUL: every byte before it matched. */
	go_on_if(cg, cg_binop(cg, OP_NE, nc, zero, false), "sc.byte", found);
	/* Opaque, so the bound below stays a test of k: LLVM would turn i + 1 < hay_size into
	 * i != hay_size - 1, which bounds nothing for 6.1's verifier, and a haystack filling its
	 * storage (a map value) would be read one past it. */
	struct cg_val *k = cg_opaque(cg, cg_binop(cg, OP_ADD, i, j, false));
	go_on_if(cg, cg_binop(cg, OP_LT, k, hay_end, false), "sc.hay", next);
	go_on_if(cg, cg_binop(cg, OP_EQ, byte_at(cg, hay, k), nc, false), "sc.same", next);
	cg_loop_end(cg, l);
	cg_jump(cg, found);   /* the whole needle (no NUL in it) matched */
	cg_place(cg, stop);
	cg_callback_return(cg, cg_int(cg, 1, NULL));
	cg_place(cg, next);
	cg_callback_return(cg, zero);
	cg_place(cg, found);
	struct cg_val *one = cg_int(cg, 1, NULL);
	cg_frame_set(cg, frame, SC_FOUND, position ? cg_binop(cg, OP_ADD, i, one, false) : one);
	cg_callback_return(cg, cg_int(cg, 1, NULL));
	return cg_callback_end(cg, cb);
}

/* Where the needle first starts in the haystack, plus one (any non-zero value without
 * POSITION); 0 when it does not occur. */
static struct cg_val *find_needle(struct cg *cg, struct ast_node *n, bool position)
{
	struct ast_node *hay = n->list, *needle = hay->next;
	uint32_t hay_size = hay->type->size, needle_size = needle->type->size;
	struct cg_val *h = cg_expr(cg, hay), *nd = cg_expr(cg, needle);
	struct cg_val *frame = cg_frame(cg, SC_FRAME, "sc.frame");
	cg_frame_set(cg, frame, SC_HAY, h);
	cg_frame_set(cg, frame, SC_NEEDLE, nd);
	/* An empty needle is found everywhere, even in an empty haystack (which the loop would not
	 * look into). */
	struct cg_val *zero = cg_int(cg, 0, NULL);
	cg_frame_set(cg, frame, SC_FOUND, cg_binop(cg, OP_EQ, byte_at(cg, nd, zero), zero, false));
	if (hay_size && needle_size) {
		struct cg_val *args[4] = {cg_int(cg, hay_size, NULL), contains_callback(cg, hay_size, needle_size, position), frame,
		                          zero};
		cg_helper_named(cg, HELPER_LOOP, args, 4, "sc.n");
	}
	return cg_frame_get(cg, frame, SC_FOUND, false, "found");
}

static struct cg_val *e_strcontains(struct cg *cg, struct ast_node *n)
{
	return cg_binop(cg, OP_NE, find_needle(cg, n, false), cg_int(cg, 0, NULL), false);
}

/* strstr(haystack, needle): the needle's first position in the haystack, -1 when it is absent. */
static const struct type *t_strstr(struct check_ctx *c, struct ast_node *n)
{
	if (!t_strcontains(c, n))
		return NULL;
	return type_int(8, true);
}

static struct cg_val *e_strstr(struct cg *cg, struct ast_node *n)
{
	return cg_binop(cg, OP_SUB, find_needle(cg, n, true), cg_int(cg, 1, NULL), false);
}

/* str_concat(a, b): a's text then b's, in a string as big as both. */
static const struct type *t_str_concat(struct check_ctx *c, struct ast_node *n)
{
	if (!t_strcontains(c, n))
		return NULL;
	return sema_string_type(c, n->list->type->size + n->list->next->type->size - 1);
}

/* Two bounded string reads: a, then b over a's NUL. The second read's offset is a's length,
 * checked below a's size, so it stays inside the result for the verifier. */
static struct cg_val *e_str_concat(struct cg *cg, struct ast_node *n)
{
	struct ast_node *a = n->list, *b = a->next;
	struct cg_val *pa = cg_expr(cg, a), *pb = cg_expr(cg, b);
	struct cg_val *dst = cg_temp(cg, n->type);
	struct cg_val *first[3] = {dst, cg_int(cg, a->type->size, NULL), pa};
	struct cg_val *len = cg_helper_named(cg, HELPER_PROBE_READ_KERNEL_STR, first, 3, "concat.a");
	/* The bytes before a's NUL; a failed read (negative) wraps past the bound and adds nothing. */
	struct cg_val *off = cg_opaque(cg, cg_binop(cg, OP_SUB, len, cg_int(cg, 1, NULL), false));
	cg_if_begin(cg, cg_binop(cg, OP_LT, off, cg_int(cg, a->type->size, NULL), false));
	struct cg_val *second[3] = {cg_index(cg, dst, off), cg_int(cg, b->type->size, NULL), pb};
	cg_helper_named(cg, HELPER_PROBE_READ_KERNEL_STR, second, 3, "concat.b");
	cg_if_end(cg);
	return dst;
}

/* strcap(s): how many bytes a string-like value can hold: a string's or a char array's size,
 * known when compiling; a char pointer's is its string's length, so the call becomes strlen()
 * (which later passes then check as one). */
static const struct type *t_strcap(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	if (n->list->type->kind == TY_PTR) {
		n->str = "strlen";
		n->sym = (void *)stdlib_builtin("strlen", BUILTIN_CALL);
		return t_strlen(c, n);
	}
	if (!want_string_like(c, &n->list, "strcap"))
		return NULL;
	n->num = n->list->type->size;
	return type_int(8, true);
}

/* default_str_length(): how long a string read without a length can be (config max_strlen). */
static const struct type *t_default_str_length(struct check_ctx *c, struct ast_node *n)
{
	n->num = c->prog->config.max_strlen;
	return type_int(8, false);
}

/* strcap and default_str_length: the number sema found, in the call's num. */
static struct cg_val *e_known(struct cg *cg, struct ast_node *n)
{
	return cg_int(cg, n->num, NULL);
}

/* memcmp(a, b, count): the first COUNT bytes of two values of ours, compared as unsigned bytes:
 * 0 when equal, else the difference of the first pair that differs. COUNT is a constant within
 * both, so the loop is bounded. */
static const struct type *t_memcmp(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *a = n->list, *b = a->next, *count = b->next;
	int64_t v;
	uint32_t room = a->type->size < b->type->size ? a->type->size : b->type->size;
	if (!sema_const_int(c, count, &v) || v < 0 || (uint64_t)v > room) {
		sema_error(c, count->loc, "memcmp() needs a constant count from 0 to the %u bytes of its arguments", room);
		return NULL;
	}
	n->num = (uint64_t)v;
	return type_int(8, true);
}

/* The address of E's value: scalars are put in a temporary first. */
static struct cg_val *value_address(struct cg *cg, struct ast_node *e)
{
	struct cg_val *v = cg_expr(cg, e);
	if (!type_is_scalar(e->type))
		return v;
	struct cg_val *slot = cg_temp(cg, e->type);
	cg_store(cg, slot, v, e->type);
	return slot;
}

static struct cg_val *e_memcmp(struct cg *cg, struct ast_node *n)
{
	struct cg_val *pa = value_address(cg, n->list), *pb = value_address(cg, n->list->next);
	const struct type *i64 = type_int(8, true);
	struct cg_val *result = cg_temp(cg, i64);
	if (!n->num)
		return cg_load(cg, result, i64);
	struct cg_loop *l = cg_loop_begin(cg, n->num, "memcmp.i");
	struct cg_val *i = cg_loop_index(cg, l);
	struct cg_val *x = byte_at(cg, pa, i), *y = byte_at(cg, pb, i);
	struct cg_label *differ = cg_label(cg, "memcmp.differ"), *done = cg_label(cg, "memcmp.done");
	go_on_if(cg, cg_binop(cg, OP_EQ, x, y, false), "memcmp.same", differ);
	cg_loop_end(cg, l);
	cg_jump(cg, done);
	cg_place(cg, differ);   /* reached from the loop body only, where x and y are */
	cg_store(cg, result, cg_binop(cg, OP_SUB, x, y, false), i64);
	cg_place(cg, done);
	return cg_load(cg, result, i64);
}

/* join(argv[, sep]): up to JOIN_MAX_ARGS strings of a NULL-terminated char* array (a user or
 * kernel pointer), read in the program and printed by the runtime separated by sep (" "). */
enum { JOIN_MAX_ARGS = 16 };

static const struct type *t_join(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *arr = n->list, *sep = arr->next;
	if (!type_is_integral(arr->type) && arr->type->kind != TY_PTR) {
		sema_error(c, arr->loc, "join() expects a char * array, got %s", sema_type_str(c, arr->type));
		return NULL;
	}
	if (sep && sep->kind != AST_STRING) {
		sema_error(c, sep->loc, "join() expects a string literal as its separator");
		return NULL;
	}
	/* The payload: the strings one after another, each in a max_strlen slot. */
	struct type *at = ARENA_NEW(c->arena, struct type);
	const struct type *st = sema_string_type(c, c->prog->config.max_strlen);
	*at = (struct type){.kind = TY_ARRAY, .elem = st, .count = JOIN_MAX_ARGS, .size = st->size * JOIN_MAX_ARGS,
	                    .align = 1};
	const struct type *elems[1] = {at};
	n->aux_type = sema_tuple_type(c, elems, NULL, 1);
	return type_void();
}

static struct cg_val *e_join(struct cg *cg, struct ast_node *n)
{
	const struct type *u64 = type_int(8, false);
	const struct type_field *f = &n->aux_type->fields[0];
	uint32_t esz = f->type->elem->size;
	struct ast_node *sep = n->list->next;
	struct cg_val *argv = cg_expr(cg, n->list);
	int id;
	struct cg_val *payload = cg_event_open(cg, EV_JOIN, sep ? sep->str : NULL, n->aux_type, &id);
	struct cg_val *strs = cg_offset(cg, payload, f->offset);
	struct cg_val *slot = cg_temp(cg, u64), *done = cg_temp(cg, u64);
	/* Unrolled: each element is a pointer read and a string read, stopping at the NULL. */
	for (uint32_t i = 0; i < f->type->count; i++) {
		cg_if_begin(cg, cg_binop(cg, OP_EQ, cg_load(cg, done, u64), cg_int(cg, 0, NULL), false));
		struct cg_val *rd[3] = {slot, cg_int(cg, 8, NULL), cg_binop(cg, OP_ADD, argv, cg_int(cg, 8ull * i, NULL), false)};
		cg_helper(cg, HELPER_PROBE_READ, rd, 3);
		struct cg_val *p = cg_load(cg, slot, u64);
		struct cg_val *null = cg_binop(cg, OP_EQ, p, cg_int(cg, 0, NULL), false);
		cg_store(cg, done, null, u64);
		cg_if_begin(cg, cg_binop(cg, OP_EQ, null, cg_int(cg, 0, NULL), false));
		struct cg_val *rs[3] = {cg_offset(cg, strs, (uint64_t)i * esz), cg_int(cg, esz, NULL), p};
		cg_helper(cg, HELPER_PROBE_READ_STR, rs, 3);
		cg_if_end(cg);
		cg_if_end(cg);
	}
	cg_event_send(cg, id, payload);
	return NULL;
}

const struct builtin stdlib_string_builtins[] = {
	{.name = "str", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_str, .emit = e_str},
	{.name = "strncmp", .form = BUILTIN_CALL, .min_args = 3, .max_args = 3, .check = t_strncmp, .emit = e_strncmp},
	{.name = "strlen", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_strlen, .emit = e_strlen},
	{.name = "strcontains", .form = BUILTIN_CALL, .min_args = 2, .max_args = 2, .check = t_strcontains,
	 .emit = e_strcontains},
	{.name = "strstr", .form = BUILTIN_CALL, .min_args = 2, .max_args = 2, .check = t_strstr, .emit = e_strstr},
	{.name = "str_concat", .form = BUILTIN_CALL, .min_args = 2, .max_args = 2, .check = t_str_concat,
	 .emit = e_str_concat},
	{.name = "strcap", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_strcap, .emit = e_known},
	{.name = "default_str_length", .form = BUILTIN_CALL, .min_args = 0, .max_args = 0,
	 .check = t_default_str_length, .emit = e_known},
	{.name = "memcmp", .form = BUILTIN_CALL, .min_args = 3, .max_args = 3, .check = t_memcmp, .emit = e_memcmp},
	{.name = "join", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_join, .emit = e_join},
	/* Implemented in params.c; listed here until registry.c has a table for parameters. */
	{.name = "getopt", .form = BUILTIN_CALL, .min_args = 1, .max_args = 3, .check = stdlib_getopt_check,
	 .emit = stdlib_getopt_emit},
	{0},
};
