/* Building and combining types during checking. */
#include "sema/sema_priv.h"

#include <string.h>

static uint32_t align_up(uint32_t v, uint32_t a)
{
	return a ? (v + a - 1) / a * a : v;
}

const struct type *sema_string_type(struct check_ctx *c, uint32_t size)
{
	struct type *t = ARENA_NEW(c->arena, struct type);
	t->kind = TY_STRING;
	t->size = size;
	t->align = 1;
	return t;
}

const struct type *sema_char_array_string(struct check_ctx *c, uint32_t size)
{
	struct type *t = (struct type *)sema_string_type(c, size);
	t->name = TYPE_CHAR_ARRAY;
	return t;
}

const struct type *sema_tuple_type(struct check_ctx *c, const struct type **elems, const char **names, uint32_t n)
{
	struct type *t = ARENA_NEW(c->arena, struct type);
	struct type_field *f = ARENA_NEWN(c->arena, struct type_field, n ? n : 1);
	uint32_t off = 0, align = 1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t a = elems[i]->align ? elems[i]->align : 1;
		off = align_up(off, a);
		f[i] = (struct type_field){.name = names ? names[i] : NULL, .type = elems[i], .offset = off};
		off += elems[i]->size;
		if (a > align)
			align = a;
	}
	t->kind = names ? TY_RECORD : TY_TUPLE;
	t->size = align_up(off, align);
	t->align = align;
	t->count = n;
	t->fields = f;
	return t;
}

const struct type *sema_ptr_type(struct check_ctx *c, const struct type *elem)
{
	struct type *t = ARENA_NEW(c->arena, struct type);
	t->kind = TY_PTR;
	t->size = 8;
	t->align = 8;
	t->elem = elem;
	return t;
}

const struct type *sema_agg_type(struct check_ctx *c, enum type_kind kind, bool is_signed)
{
	struct type *t = ARENA_NEW(c->arena, struct type);
	t->kind = kind;
	t->is_signed = is_signed;
	t->align = 8;
	t->size = type_agg_size(kind);
	return t;
}

/* bpftrace sizes literals to the smallest type holding them: 1 is uint8, -1 is int8. */
const struct type *sema_int_literal_type(uint64_t v, bool negative)
{
	if (negative) {
		int64_t s = (int64_t)v;
		if (s >= INT8_MIN) return type_int(1, true);
		if (s >= INT16_MIN) return type_int(2, true);
		if (s >= INT32_MIN) return type_int(4, true);
		return type_int(8, true);
	}
	return type_int_literal(v);
}

/* The smallest integer type holding every value of A and of B, or NULL when none does. */
static const struct type *join_int(const struct type *a, const struct type *b)
{
	if (a->is_signed == b->is_signed)
		return a->size >= b->size ? a : b;
	const struct type *s = a->is_signed ? a : b, *u = a->is_signed ? b : a;
	if (s->literal)   /* a non-negative literal fits the unsigned type of its size */
		return u->size >= s->size ? u : type_int(s->size, false);
	if (s->size > u->size)
		return s;
	if (u->size >= 8)
		return NULL;
	return type_int(u->size * 2, true);
}

/* Tuples and records of the same length (records: the same names) join field by field. */
static const struct type *join_fields(struct check_ctx *c, const struct type *a, const struct type *b)
{
	if (a->count != b->count)
		return NULL;
	const struct type *elems[a->count ? a->count : 1];
	const char *names[a->count ? a->count : 1];
	bool same = true;
	for (uint32_t i = 0; i < a->count; i++) {
		elems[i] = sema_join(c, a->fields[i].type, b->fields[i].type);
		if (!elems[i])
			return NULL;
		names[i] = a->fields[i].name;
		if (a->kind == TY_RECORD && strcmp(a->fields[i].name, b->fields[i].name))
			return NULL;
		same = same && elems[i] == a->fields[i].type;
	}
	if (same)
		return a;
	return sema_tuple_type(c, elems, a->kind == TY_RECORD ? names : NULL, a->count);
}

const struct type *sema_join(struct check_ctx *c, const struct type *a, const struct type *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (a->kind != b->kind)
		return NULL;
	switch (type_join_rule(a)) {
	case TYPE_JOIN_INT:
		return join_int(a, b);
	case TYPE_JOIN_LARGER:
		return a->size >= b->size ? a : b;
	case TYPE_JOIN_FIELDS:
		return join_fields(c, a, b);
	case TYPE_JOIN_SIGNED:
		return a->is_signed || !b->is_signed ? a : b;
	case TYPE_JOIN_BUCKETS:
		/* Only the parameters of its own kind are set: the others are 0 in both. */
		if (a->hist_bits != b->hist_bits || a->lh_min != b->lh_min || a->lh_max != b->lh_max ||
		    a->lh_step != b->lh_step)
			return NULL;
		return a;
	case TYPE_JOIN_POINTER:
		/* `struct task_struct *` from a declaration and from curtask: the same type once both
		 * name the same definition */
		if (a->elem && b->elem && a->elem->kind == TY_CSTRUCT && b->elem->kind == TY_CSTRUCT &&
		    a->elem->name && b->elem->name && strcmp(a->elem->name, b->elem->name) == 0) {
			const struct type *ca = sema_ctype_complete(c, a), *cb = sema_ctype_complete(c, b);
			return ca->elem->size >= cb->elem->size ? ca : cb;
		}
		return type_equal(a, b) ? a : NULL;
	case TYPE_JOIN_EQUAL:
		break;
	}
	return type_equal(a, b) ? a : NULL;
}

static const struct { const char *name; unsigned size; bool is_signed; } named_ints[] = {
	{"uint8", 1, false}, {"int8", 1, true}, {"uint16", 2, false}, {"int16", 2, true},
	{"uint32", 4, false}, {"int32", 4, true}, {"uint64", 8, false}, {"int64", 8, true},
	{"u8", 1, false}, {"s8", 1, true}, {"u16", 2, false}, {"s16", 2, true},
	{"u32", 4, false}, {"s32", 4, true}, {"u64", 8, false}, {"s64", 8, true},
	{"uint8_t", 1, false}, {"int8_t", 1, true}, {"uint16_t", 2, false}, {"int16_t", 2, true},
	{"uint32_t", 4, false}, {"int32_t", 4, true}, {"uint64_t", 8, false}, {"int64_t", 8, true},
	{"char", 1, true}, {"unsigned char", 1, false}, {"short", 2, true}, {"unsigned short", 2, false},
	{"int", 4, true}, {"unsigned int", 4, false}, {"unsigned", 4, false}, {"long", 8, true},
	{"unsigned long", 8, false}, {"long long", 8, true}, {"unsigned long long", 8, false},
	{"size_t", 8, false}, {"pid_t", 4, true}, {"uid_t", 4, false}, {"gid_t", 4, false},
	{"umode_t", 2, false}, {"loff_t", 8, true},
};

/* Integer types named in C (tracepoint formats, casts): NULL when NAME is not one. */
const struct type *sema_named_int(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(named_ints); i++)
		if (strcmp(named_ints[i].name, name) == 0)
			return type_int(named_ints[i].size, named_ints[i].is_signed);
	return NULL;
}

const struct type *sema_type_from_ast(struct check_ctx *c, struct ast_node *t)
{
	const struct type *base = NULL;
	bool found = true;
	if (strcmp(t->str, "typeof") == 0 && t->a) {
		struct ast_node *x = t->a;
		if (x->kind == AST_IDENT && !sema_builtin(c, x->str, BUILTIN_VAR) &&
		    ((base = sema_named_int(x->str)) || (base = sema_ctype_named(c, x->str))))
			x->type = base;   /* typeof(size_t): a type name, not a value */
		else
			base = x->kind == AST_TYPE ? sema_type_from_ast(c, x) : sema_expr(c, x);
		if (!base)
			return NULL;
	} else if (strcmp(t->str, "bool") == 0)
		base = type_bool();
	else if (strcmp(t->str, "string") == 0)
		base = sema_string_type(c, c->prog->config.max_strlen);
	else if (strcmp(t->str, "void") == 0)
		base = type_void();
	else if (!(base = sema_named_int(t->str))) {
		/* C names: the script's definitions, then kernel BTF (loaded only now). */
		base = sema_ctype_named(c, t->str);
		found = base != NULL;
	}
	bool tagged = !strncmp(t->str, "struct ", 7) || !strncmp(t->str, "union ", 6);
	if (!found && (!tagged || !t->num)) {
		if (tagged || !strncmp(t->str, "enum ", 5))
			sema_error(c, t->loc, "Cannot resolve unknown type \"%s\"", t->str);
		else
			sema_error(c, t->loc, "Unknown type: %s", t->str);
		return NULL;
	}
	if (!base) {
		/* An undefined struct still works behind a pointer, opaque. */
		struct type *st = ARENA_NEW(c->arena, struct type);
		st->kind = TY_CSTRUCT;
		st->name = t->str;
		st->align = 1;
		base = st;
	}
	if (base->kind == TY_VOID && t->num) {
		base = sema_ptr_type(c, NULL);   /* void * */
		for (uint64_t i = 1; i < t->num; i++)
			base = sema_ptr_type(c, base);
	} else {
		for (uint64_t i = 0; i < t->num; i++)
			base = sema_ptr_type(c, base);
	}
	if (t->flag) {
		struct type *arr = ARENA_NEW(c->arena, struct type);
		arr->kind = TY_ARRAY;
		arr->elem = base;
		arr->count = (uint32_t)t->c_num;
		arr->size = base->size * arr->count;
		arr->align = base->align;
		base = arr;
	}
	return base;
}

const char *sema_type_str(struct check_ctx *c, const struct type *t)
{
	char buf[256];
	type_name(t, buf, sizeof(buf));
	return arena_strdup(c->arena, buf);
}

/* The type of a bitfield member of BITS bits at BIT_OFFSET from its struct's start, declared as
 * integer BASE: read as BASE's whole storage unit, so printing never reads past the struct.
 * Bitfields read unsigned whatever BASE's sign, as bpftrace reads them (`short b:8` holding
 * 0xd9 prints 217), so scripts print what they print under bpftrace. */
const struct type *sema_bitfield_type(struct check_ctx *c, const struct type *base, uint32_t bit_offset,
                                      uint32_t bits, uint32_t *byte_offset)
{
	uint32_t unit = base->kind == TY_INT && base->size ? base->size : 4;
	uint32_t off = bit_offset / (unit * 8) * unit;
	if (bit_offset - off * 8 + bits > unit * 8)
		off = bit_offset / 8;   /* straddles its unit (packed): start at its first byte */
	struct type *t = ARENA_NEW(c->arena, struct type);
	t->kind = TY_INT;
	t->size = unit;
	t->align = 1;
	t->is_signed = false;
	t->bit_shift = (uint8_t)(bit_offset - off * 8);
	t->bit_size = (uint8_t)bits;
	*byte_offset = off;
	return t;
}
