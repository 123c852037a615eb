/* Expressions: the type of every expression node, and maps as expressions use them. */
#include "sema/sema_priv.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct sema_map *sema_map_ref(struct check_ctx *c, struct ast_node *node)
{
	struct typed_program *p = c->prog;
	for (size_t i = 0; i < p->nmaps; i++)
		if (strcmp(p->maps[i]->name, node->str) == 0) {
			node->sym = p->maps[i];
			return p->maps[i];
		}
	p->maps = arena_grow(c->arena, p->maps, p->nmaps, &p->maps_cap, sizeof(*p->maps), 8);
	struct sema_map *m = ARENA_NEW(c->arena, struct sema_map);
	m->name = node->str;
	m->index = (int)p->nmaps;
	m->storage = MAP_HASH;
	m->max_entries = p->config.max_map_keys;
	m->first_use = node->loc;
	p->maps[p->nmaps++] = m;
	node->sym = m;
	return m;
}

/* The key type of a map access: none, one key, or a tuple of several. */
static const struct type *key_type(struct check_ctx *c, struct ast_node *map, bool *ok)
{
	*ok = true;
	if (!map->list)
		return NULL;
	uint32_t n = 0;
	for (struct ast_node *k = map->list; k; k = k->next)
		n++;
	const struct type *elems[n];
	uint32_t i = 0;
	for (struct ast_node *k = map->list; k; k = k->next) {
		elems[i] = sema_expr(c, k);
		if (!elems[i]) {
			*ok = false;
			return NULL;
		}
		if (elems[i]->kind == TY_VOID || type_is_agg(elems[i])) {
			sema_error(c, k->loc, "Invalid map key type: %s", sema_type_str(c, elems[i]));
			*ok = false;
			return NULL;
		}
		i++;
	}
	return n == 1 ? elems[0] : sema_tuple_type(c, elems, NULL, n);
}

/* Checks the keys of an access to M against (and widens) the map's key type. */
bool sema_map_keys(struct check_ctx *c, struct sema_map *m, struct ast_node *map)
{
	bool ok;
	const struct type *kt = key_type(c, map, &ok);
	if (!ok)
		return false;
	if (!m->key && !kt)
		return true;
	if (m->value && (!m->key) != (!kt)) {
		if (kt)
			sema_error(c, map->loc, "call to %s with keys, but it was used without keys before", m->name);
		else
			sema_error(c, map->loc, "%s used as a map without an explicit key (scalar map), previously used with explicit keys (non-scalar map)", m->name);
		return false;
	}
	const struct type *j = sema_join(c, m->key, kt);
	if (!j) {
		sema_error(c, map->loc, "Argument mismatch for %s: trying to access with arguments: '%s' when map expects arguments: '%s'",
		           m->name, sema_type_str(c, kt), sema_type_str(c, m->key));
		return false;
	}
	m->key = j;
	return true;
}

bool sema_map_assign(struct check_ctx *c, struct sema_map *m, const struct type *value, struct loc loc)
{
	const struct type *j = sema_join(c, m->value, value);
	if (!j) {
		sema_error(c, loc, "Type mismatch for %s: trying to assign value of type '%s' when map already contains a value of type '%s'",
		           m->name, sema_type_str(c, value), sema_type_str(c, m->value));
		return false;
	}
	m->value = j;
	if (type_is_agg(j) && m->storage == MAP_HASH)
		m->storage = MAP_PERCPU_HASH;
	return true;
}

bool sema_positional_int(const struct typed_program *p, uint64_t n, int64_t *out)
{
	if (n > (uint64_t)p->npositional)
		return (*out = 0), true;   /* a missing parameter reads as 0 */
	const char *s = p->positional[n - 1];
	char *end;
	errno = 0;
	*out = strtoll(s, &end, 0);
	if (errno == ERANGE && *s != '-')   /* 0xffffffffffffffff: keep the bit pattern */
		*out = (int64_t)strtoull(s, &end, 0);
	return *s && !*end;
}

bool sema_const_int(struct check_ctx *c, struct ast_node *e, int64_t *out)
{
	int64_t a, b;
	switch (e->kind) {
	case AST_INT:
		*out = (int64_t)e->num;
		return true;
	case AST_POSITIONAL:
		return sema_positional_int(c->prog, e->num, out);
	case AST_UNOP:
		if (!sema_const_int(c, e->a, &a))
			return false;
		switch (e->op) {
		case OP_NEG: *out = -a; return true;
		case OP_LNOT: *out = !a; return true;
		case OP_BNOT: *out = ~a; return true;
		default: return false;
		}
	case AST_BINOP:
		if (!sema_const_int(c, e->a, &a) || !sema_const_int(c, e->b, &b))
			return false;
		switch (e->op) {
		case OP_ADD: *out = a + b; return true;
		case OP_SUB: *out = a - b; return true;
		case OP_MUL: *out = a * b; return true;
		case OP_DIV: if (!b) return false; *out = a / b; return true;
		case OP_MOD: if (!b) return false; *out = a % b; return true;
		case OP_SHL: *out = (int64_t)((uint64_t)a << (b & 63)); return true;
		case OP_SHR: *out = a >> (b & 63); return true;
		case OP_BAND: *out = a & b; return true;
		case OP_BOR: *out = a | b; return true;
		case OP_BXOR: *out = a ^ b; return true;
		case OP_LAND: *out = a && b; return true;
		case OP_LOR: *out = a || b; return true;
		case OP_EQ: *out = a == b; return true;
		case OP_NE: *out = a != b; return true;
		case OP_LT: *out = a < b; return true;
		case OP_LE: *out = a <= b; return true;
		case OP_GT: *out = a > b; return true;
		case OP_GE: *out = a >= b; return true;
		default: return false;
		}
	default:
		return false;
	}
}

/* Two integer arrays compare bytewise, for equality only. */
static const struct type *check_array_compare(struct check_ctx *c, struct ast_node *e, const struct type *a,
                                              const struct type *b)
{
	if (e->op != OP_EQ && e->op != OP_NE)
		sema_error(c, e->loc, "The %s operator cannot be used on arrays.", ast_op_text(e->op));
	else if (a->count != b->count)
		sema_error(c, e->loc, "Only arrays of same size support comparison operators.");
	else if (a->elem->kind != TY_INT || !type_equal(a, b))
		sema_error(c, e->loc, "Only arrays of same sized integer support comparison operators.");
	else
		return type_bool();
	return NULL;
}

struct ast_node *sema_probe_as_string(struct check_ctx *c, struct ast_node *probe)
{
	const struct builtin *b = sema_builtin(c, SEMA_PROBE_NAME_BUILTIN, BUILTIN_CALL);
	struct ast_node *n = ARENA_NEW(c->arena, struct ast_node);
	*n = (struct ast_node){.kind = AST_CALL, .str = SEMA_PROBE_NAME_BUILTIN, .list = probe, .loc = probe->loc,
	                       .next = probe->next, .sym = (void *)b};
	probe->next = NULL;
	n->type = b ? b->check(c, n) : NULL;
	return n->type ? n : NULL;
}

/* An integer literal as written, negated or not. */
static bool is_literal_int(const struct ast_node *e)
{
	return e->kind == AST_INT || (e->kind == AST_UNOP && e->op == OP_NEG && e->a->kind == AST_INT);
}

static const struct type *check_binop(struct check_ctx *c, struct ast_node *e)
{
	const struct type *a = sema_expr(c, e->a), *b = sema_expr(c, e->b);
	bool cmp = e->op == OP_EQ || e->op == OP_NE || e->op == OP_LT || e->op == OP_LE ||
	           e->op == OP_GT || e->op == OP_GE;
	/* While collecting, a map not assigned yet (`@bytes = @bytes + n` as its first assignment)
	 * takes the integer other side's part, so that assignment can teach the map its type. */
	const struct ast_node *unknown = !a ? e->a : !b ? e->b : NULL;
	const struct type *known = a ? a : b;
	if (c->collecting && unknown && unknown->kind == AST_MAP && known && type_is_integral(known))
		return cmp || e->op == OP_LAND || e->op == OP_LOR ? type_bool() : type_int(8, known->is_signed);
	if (!a || !b)
		return NULL;
	if (e->op == OP_LAND || e->op == OP_LOR) {
		if (!type_is_integral(a) || !type_is_integral(b)) {
			sema_error(c, e->loc, "Invalid operands to %s: %s and %s", ast_op_text(e->op),
			           sema_type_str(c, a), sema_type_str(c, b));
			return NULL;
		}
		return type_bool();
	}
	/* probe == "kprobe:f": the name of the attach point that fired is compared. */
	if ((e->op == OP_EQ || e->op == OP_NE) && (a->kind == TY_PROBE) != (b->kind == TY_PROBE) &&
	    (a->kind == TY_STRING || b->kind == TY_STRING)) {
		struct ast_node **side = a->kind == TY_PROBE ? &e->a : &e->b;
		if (!(*side = sema_probe_as_string(c, *side)))
			return NULL;
		return type_bool();
	}
	if (a->kind == TY_STRING || b->kind == TY_STRING || a->kind == TY_BUFFER || b->kind == TY_BUFFER) {
		if (a->kind != b->kind || (e->op != OP_EQ && e->op != OP_NE)) {
			sema_error(c, e->loc, "Type mismatch for '%s': comparing '%s' with '%s'", ast_op_text(e->op),
			           sema_type_str(c, a), sema_type_str(c, b));
			return NULL;
		}
		return type_bool();
	}
	if (a->kind == TY_ARRAY && b->kind == TY_ARRAY)
		return check_array_compare(c, e, a, b);
	if (!type_is_integral(a) || !type_is_integral(b)) {
		sema_error(c, e->loc, "Type mismatch for '%s': comparing '%s' with '%s'", ast_op_text(e->op),
		           sema_type_str(c, a), sema_type_str(c, b));
		return NULL;
	}
	if (cmp)
		return type_bool();
	if (a->kind == TY_PTR && (e->op == OP_ADD || e->op == OP_SUB))
		return a;
	/* Arithmetic on two literals types as the literal it folds to (1 + 1 is flexible like 2);
	 * only there, so a long chain of operators is not folded again at every level. */
	int64_t v;
	if (is_literal_int(e->a) && is_literal_int(e->b) && sema_const_int(c, e, &v))
		return sema_int_literal_type((uint64_t)v, v < 0);
	/* Arithmetic happens in 64 bits; the result is signed as type_signed_op says. */
	return type_int(8, type_signed_op(a, b));
}

bool sema_condition(struct check_ctx *c, struct ast_node *e, const char *what)
{
	const struct type *t = sema_expr(c, e);
	if (!t)
		return false;
	if (type_is_scalar(t) || type_is_integral(t) || type_is_agg(t))
		return true;
	sema_error(c, e->loc, "Invalid condition in %s: %s", what, sema_type_str(c, t));
	return false;
}

static const struct type *check_unop(struct check_ctx *c, struct ast_node *e)
{
	if (e->op == OP_NEG && e->a->kind == AST_INT) {
		sema_expr(c, e->a);
		return sema_int_literal_type((uint64_t)-(int64_t)e->a->num, e->a->num != 0);
	}
	if (e->op == OP_ADDR) {
		const struct type *t = sema_expr(c, e->a);
		return t ? sema_ptr_type(c, t) : NULL;
	}
	bool incdec = e->op == OP_PREINC || e->op == OP_PREDEC || e->op == OP_POSTINC || e->op == OP_POSTDEC;
	if (incdec && e->a->kind == AST_MAP) {
		struct sema_map *m = sema_map_ref(c, e->a);
		/* `@x++` makes @x a counter starting at 0; its keys first, or a keyed map would look
		 * like a scalar one used with keys. */
		if (!m->value && (!sema_map_keys(c, m, e->a) || !sema_map_assign(c, m, type_int(8, true), e->loc)))
			return NULL;
	}
	if (e->op == OP_LNOT)
		return sema_condition(c, e->a, "!") ? type_bool() : NULL;
	const struct type *t = sema_expr(c, e->a);
	if (!t)
		return NULL;
	switch (e->op) {
	case OP_LNOT:
		return type_bool();
	case OP_NEG:
		return type_int(t->size > 0 ? t->size : 8, true);
	case OP_BNOT:
		return t->kind == TY_INT ? t : type_int(8, false);
	case OP_DEREF:
		/* An integer is a kernel or user address, as in bpftrace: *$a reads the uint64 there. */
		if (t->kind == TY_INT)
			return type_int(8, false);
		if (t->kind != TY_PTR || !t->elem) {
			sema_error(c, e->loc, "Can not dereference type '%s'. It is not a pointer.", sema_type_str(c, t));
			return NULL;
		}
		if (t->elem->kind == TY_CSTRUCT) {
			/* a struct value: its fields must be known to copy and print it */
			const struct type *st = sema_ctype_complete(c, t->elem);
			if (!st->fields) {
				sema_error(c, e->loc, "Cannot resolve unknown type \"%s\"", st->name);
				return NULL;
			}
			return st;
		}
		return t->elem;
	default: /* ++ and -- */
		if (e->a->kind != AST_VAR && e->a->kind != AST_MAP) {
			sema_error(c, e->loc, "The %s operator must be applied to a map or variable", ast_op_text(e->op));
			return NULL;
		}
		/* `x++` stores x + 1, a 64-bit value: the variable or map widens to hold it. */
		const struct type *rt = t->kind == TY_PTR ? t : type_int(8, t->is_signed);
		if (e->a->kind == AST_MAP && !type_is_agg(t))
			sema_map_assign(c, e->a->sym, rt, e->loc);
		else if (e->a->kind == AST_VAR)
			e->a->sym = sema_var_bind(c, e->a->str, rt, e->loc);
		return rt;
	}
}

/* Field NAME of C struct T, searching anonymous members too; the offset is from T's start. */
static const struct type_field *cstruct_field(struct check_ctx *c, const struct type *t, const char *name,
                                              uint32_t base, int depth)
{
	t = sema_ctype_complete(c, t);
	for (uint32_t i = 0; t->fields && i < t->count; i++) {
		const struct type_field *f = &t->fields[i];
		if (f->name && strcmp(f->name, name) == 0) {
			struct type_field *r = ARENA_NEW(c->arena, struct type_field);
			*r = *f;
			r->offset = base + f->offset;
			r->type = sema_ctype_complete(c, f->type);
			return r;
		}
	}
	for (uint32_t i = 0; depth < 8 && t->fields && i < t->count; i++) {
		const struct type_field *f = &t->fields[i];
		if ((!f->name || !*f->name) && f->type->kind == TY_CSTRUCT) {
			const struct type_field *r = cstruct_field(c, f->type, name, base + f->offset, depth + 1);
			if (r)
				return r;
		}
	}
	return NULL;
}

/* A C struct's field: e->sym is the field (offset from the struct's start, bitfield bits). */
static const struct type *check_cstruct_field(struct check_ctx *c, struct ast_node *e, const struct type *st)
{
	st = sema_ctype_complete(c, st);
	if (!st->fields) {
		sema_error(c, e->loc, "Cannot resolve unknown type \"%s\"", st->name);
		return NULL;
	}
	const struct type_field *f = cstruct_field(c, st, e->str, 0, 0);
	if (!f) {
		sema_error(c, e->loc, "Struct/union of type '%s' does not contain a field named '%s'", st->name, e->str);
		return NULL;
	}
	e->sym = (void *)f;
	if (f->type->kind == TY_INT && f->type->bit_size)   /* the value read out is a plain integer */
		return type_int(f->type->size, f->type->is_signed);
	return f->type;
}

static const struct type *check_field(struct check_ctx *c, struct ast_node *e)
{
	const struct type *t = sema_expr(c, e->a);
	if (!t)
		return NULL;
	if (t->kind == TY_PTR && t->elem && t->elem->kind == TY_RECORD)
		t = t->elem;
	/* `.` and `->` both reach through a pointer to a struct, as in bpftrace */
	if (t->kind == TY_PTR && t->elem && t->elem->kind == TY_CSTRUCT)
		return check_cstruct_field(c, e, t->elem);
	if (t->kind == TY_CSTRUCT)
		return check_cstruct_field(c, e, t);
	if (t->kind == TY_TUPLE) {
		char *end;
		unsigned long i = strtoul(e->str, &end, 10);
		if (*end || i >= t->count) {
			sema_error(c, e->loc, "Invalid tuple index: %s. Found %u elements in tuple.", e->str, t->count);
			return NULL;
		}
		e->num = i;
		return t->fields[i].type;
	}
	if (t->kind == TY_RECORD) {
		for (uint32_t i = 0; i < t->count; i++)
			if (strcmp(t->fields[i].name, e->str) == 0) {
				e->num = i;
				return t->fields[i].type;
			}
		if (e->a->kind == AST_IDENT && e->a->sym)   /* a builtin's record (args) */
			sema_error(c, e->loc, "Can't find a field %s in %s", e->str, e->a->str);
		else
			sema_error(c, e->loc, "Record does not contain a field named '%s'", e->str);
		return NULL;
	}
	sema_error(c, e->loc, "Can not access field '%s' on type '%s'", e->str, sema_type_str(c, t));
	return NULL;
}

/* offsetof(T, a.b.c): the byte offset of a (nested) field of a struct or record. */
static const struct type *check_offsetof(struct check_ctx *c, struct ast_node *e)
{
	const struct type *t = e->a->kind == AST_TYPE ? sema_type_from_ast(c, e->a) : sema_expr(c, e->a);
	if (!t)
		return NULL;
	uint64_t off = 0;
	for (struct ast_node *f = e->list; f; f = f->next) {
		t = sema_ctype_complete(c, t);
		if (t->kind == TY_CSTRUCT) {
			const struct type_field *fld = t->fields ? cstruct_field(c, t, f->str, 0, 0) : NULL;
			if (!fld) {
				sema_error(c, f->loc, "'%s' has no field named '%s'", t->name, f->str);
				return NULL;
			}
			off += fld->offset;
			t = fld->type;
			continue;
		}
		if (t->kind == TY_RECORD || t->kind == TY_TUPLE) {
			uint32_t i;
			for (i = 0; i < t->count; i++)
				if (t->fields[i].name && strcmp(t->fields[i].name, f->str) == 0)
					break;
			if (i < t->count) {
				off += t->fields[i].offset;
				t = t->fields[i].type;
				continue;
			}
		}
		sema_error(c, f->loc, "offsetof() of field '%s' of a non-struct type '%s'", f->str, sema_type_str(c, t));
		return NULL;
	}
	e->num = off;
	return type_int(8, false);
}

/* An identifier that is no builtin: an enumerator or a #define of the script, else of the kernel. */
static const struct type *check_const_ident(struct check_ctx *c, struct ast_node *e)
{
	int64_t v;
	const struct type *t;
	if (!sema_ctype_const(c, e->str, &v, &t)) {
		sema_error(c, e->loc, "Unknown identifier: '%s'", e->str);
		return NULL;
	}
	e->sym = NULL;   /* codegen: a constant, not a builtin */
	e->num = (uint64_t)v;
	if (t && t->enum_values && t->size != 8) {
		/* enumerators are 64-bit values in bpftrace; the names stay for %s */
		struct type *w = ARENA_NEW(c->arena, struct type);
		*w = *t;
		w->size = w->align = 8;
		t = w;
	}
	return t ? t : type_int(8, true);
}

/* (int8[8])x, (uint8[])"str": the bytes of an integer or a string seen as an integer array. An
 * array without a count takes it from the source; an integer literal counts as 8 bytes, as the
 * 64-bit value it is. A wider array than the integer takes the integer widened (at most 8 bytes). */
static const struct type *check_array_cast(struct check_ctx *c, struct ast_node *e, const struct type *to,
                                           const struct type *from)
{
	const struct type *elem = to->elem;
	bool from_int = from->kind == TY_INT || from->kind == TY_BOOL;
	if (elem && (elem->kind == TY_INT || elem->kind == TY_BOOL) && elem->size && (from_int || from->kind == TY_STRING)) {
		uint32_t src = from_int && e->b->kind == AST_INT ? 8 : from->size;
		if (to->count == 0 && src % elem->size == 0) {
			struct type *t = ARENA_NEW(c->arena, struct type);
			*t = *to;
			t->count = src / elem->size;
			t->size = src;
			t->align = elem->align ? elem->align : elem->size;
			return t;
		}
		if (to->count && (to->size == from->size || (from_int && to->size >= from->size && to->size <= 8 &&
		                                              (to->size & (to->size - 1)) == 0)))
			return to;
	}
	sema_error(c, e->loc, "Cannot cast from \"%s\" to \"%s\"", sema_type_str(c, from), sema_type_str(c, to));
	return NULL;
}

static const struct type *check_index(struct check_ctx *c, struct ast_node *e)
{
	const struct type *t = sema_expr(c, e->a);
	const struct type *it = sema_expr(c, e->b);
	if (!t || !it)
		return NULL;
	int64_t i;
	if (t->kind == TY_TUPLE) {
		if (!sema_const_int(c, e->b, &i) || i < 0 || (uint64_t)i >= t->count) {
			sema_error(c, e->b->loc, "Tuple index must be a constant within the tuple's %u elements", t->count);
			return NULL;
		}
		e->num = (uint64_t)i;
		return t->fields[i].type;
	}
	uint32_t n = t->kind == TY_ARRAY ? t->count : t->kind == TY_STRING ? t->size : 0;
	if (e->b->kind == AST_INT) {
		if (n && e->b->num >= n) {
			sema_error(c, e->loc, "the index %" PRIu64 " is out of bounds for array of size %u", e->b->num, n);
			return NULL;
		}
	} else if (!type_is_integral(it)) {
		sema_error(c, e->b->loc, "The array index operator [] only accepts non-negative integer indices. Got: %s",
		           sema_type_str(c, it));
		return NULL;
	}
	if (t->kind == TY_ARRAY || (t->kind == TY_PTR && t->elem))
		return t->elem;
	if (t->kind == TY_STRING)
		return type_int(1, true);
	sema_error(c, e->loc, "The array index operator [] can not be used on expressions of type %s", sema_type_str(c, t));
	return NULL;
}

static const struct type *check_positional(struct check_ctx *c, struct ast_node *e)
{
	int64_t v;
	if (e->num > (uint64_t)c->prog->npositional || sema_const_int(c, e, &v))
		return type_int(8, true);
	const char *s = c->prog->positional[e->num - 1];
	return sema_string_type(c, (uint32_t)strlen(s) + 1);
}

static const struct type *check_list(struct check_ctx *c, struct ast_node *e, bool named)
{
	uint32_t n = 0;
	for (struct ast_node *x = e->list; x; x = x->next)
		n++;
	const struct type *elems[n ? n : 1];
	const char *names[n ? n : 1];
	uint32_t i = 0;
	for (struct ast_node *x = e->list; x; x = x->next, i++) {
		struct ast_node *v = named ? x->a : x;
		elems[i] = sema_expr(c, v);
		if (!elems[i])
			return NULL;
		if (named)
			x->type = elems[i];
		names[i] = named ? x->str : NULL;
		if (elems[i]->kind == TY_VOID || type_is_agg(elems[i])) {
			sema_error(c, v->loc, "Invalid type in a %s: %s", named ? "record" : "tuple", sema_type_str(c, elems[i]));
			return NULL;
		}
	}
	return sema_tuple_type(c, elems, named ? names : NULL, n);
}

static const struct type *check_map_read(struct check_ctx *c, struct ast_node *e)
{
	struct sema_map *m = sema_map_ref(c, e);
	if (!sema_map_keys(c, m, e))
		return NULL;
	if (!m->value) {
		if (!c->collecting)
			sema_error(c, e->loc, "Undefined map: %s", m->name);
		return NULL;
	}
	const struct type *v = m->value;
	if (type_has_bucket_key(v) || v->kind == TY_STATS)
		return v;
	if (type_is_agg(v))  /* reading count/sum/min/max/avg yields the combined integer */
		return type_int(8, v->kind == TY_COUNT ? false : v->is_signed);
	return v;
}

/* A builtin variable or call (an identifier that is none is a constant): its arity, then its
 * own type rule. The entry stays on the node for codegen. */
static const struct type *check_builtin(struct check_ctx *c, struct ast_node *e)
{
	const struct builtin *b = sema_builtin(c, e->str, e->kind == AST_CALL ? BUILTIN_CALL : BUILTIN_VAR);
	if (!b && e->kind == AST_IDENT)
		return check_const_ident(c, e);
	if (!b) {
		sema_error(c, e->loc, "Unknown function: '%s'", e->str);
		return NULL;
	}
	if (e->kind == AST_CALL) {
		int n = 0;
		for (struct ast_node *a = e->list; a; a = a->next)
			n++;
		if (n < b->min_args || (b->max_args >= 0 && n > b->max_args)) {
			if (b->min_args == b->max_args)
				sema_error(c, e->loc, "%s() requires %d argument%s (%d provided)", e->str, b->min_args,
				           b->min_args == 1 ? "" : "s", n);
			else if (n < b->min_args)
				sema_error(c, e->loc, "%s() requires at least %d argument%s (%d provided)", e->str,
				           b->min_args, b->min_args == 1 ? "" : "s", n);
			else
				sema_error(c, e->loc, "%s() takes up to %d argument%s (%d provided)", e->str,
				           b->max_args, b->max_args == 1 ? "" : "s", n);
			return NULL;
		}
	}
	e->sym = (void *)b;
	return b->check(c, e);
}

static const struct type *check_sizeof(struct check_ctx *c, struct ast_node *e)
{
	const struct type *t = NULL;
	if (e->a->kind == AST_IDENT && !sema_builtin(c, e->a->str, BUILTIN_VAR)) {
		/* sizeof(uint64_t), sizeof(pid_t): a type name the parser cannot tell from a value */
		t = sema_named_int(e->a->str);
		if (!t && (t = sema_ctype_named(c, e->a->str)))
			e->a->type = t;
	}
	if (!t)
		t = e->a->kind == AST_TYPE ? sema_type_from_ast(c, e->a) : sema_expr(c, e->a);
	if (!t)
		return NULL;
	t = sema_ctype_complete(c, t);
	if (t->kind == TY_CSTRUCT && !t->fields) {
		sema_error(c, e->a->loc, "Cannot resolve unknown type \"%s\"", t->name);
		return NULL;
	}
	e->num = t->size;
	return type_int(8, false);
}

static const struct type *check_expr(struct check_ctx *c, struct ast_node *e)
{
	switch (e->kind) {
	case AST_INT:
		return e->flag ? type_int(8, false) : sema_int_literal_type(e->num, false);
	case AST_STRING:
		return sema_string_type(c, (uint32_t)e->num + 1);
	case AST_BOOL:
		return type_bool();
	case AST_VAR: {
		struct sema_var *v = sema_var_find(c, e->str);
		if (!v || !v->type) {
			if (!v || !v->failed)
				sema_error(c, e->loc, "Undefined or undeclared variable: %s", e->str);
			return NULL;
		}
		e->sym = v;
		return v->type;
	}
	case AST_MAP:
		return check_map_read(c, e);
	case AST_POSITIONAL:
		return check_positional(c, e);
	case AST_POS_COUNT:
		return type_int(8, true);
	case AST_IDENT:
	case AST_CALL:
		return check_builtin(c, e);
	case AST_BINOP:
		return check_binop(c, e);
	case AST_UNOP:
		return check_unop(c, e);
	case AST_TERNARY: {
		if (!e->b) {   /* `a ?: b` is rewritten before checking; never type a half ternary */
			sema_error(c, e->loc, "internal error: unexpanded ?: operator");
			return NULL;
		}
		bool cond = sema_condition(c, e->a, "ternary");
		const struct type *a = sema_expr(c, e->b), *b = sema_expr(c, e->c);
		if (!cond || !a || !b)
			return NULL;
		const struct type *j = sema_join(c, a, b);
		if (!j)
			sema_error(c, e->loc, "Ternary operator must return the same type: have '%s' and '%s'",
			           sema_type_str(c, a), sema_type_str(c, b));
		return j;
	}
	case AST_CAST: {
		const struct type *to = sema_type_from_ast(c, e->a);
		const struct type *from = sema_expr(c, e->b);
		if (!to || !from)
			return NULL;
		if (to->kind == TY_ARRAY)
			return check_array_cast(c, e, to, from);
		if ((to->kind == TY_INT || to->kind == TY_BOOL || to->kind == TY_PTR) && type_is_integral(from))
			return to;
		if (to->kind == TY_INT && from->kind == TY_ARRAY && to->size == from->size)   /* its bytes, as one integer */
			return to;
		sema_error(c, e->loc, "Cannot cast from \"%s\" to \"%s\"", sema_type_str(c, from), sema_type_str(c, to));
		return NULL;
	}
	case AST_FIELD:
		return check_field(c, e);
	case AST_INDEX:
		return check_index(c, e);
	case AST_TUPLE:
		return check_list(c, e, false);
	case AST_RECORD:
		return check_list(c, e, true);
	case AST_SIZEOF:
		return check_sizeof(c, e);
	case AST_OFFSETOF:
		return check_offsetof(c, e);
	case AST_BLOCK:
		sema_block(c, e);
		return e->a ? e->a->type : type_void();
	default:
		sema_error(c, e->loc, "This expression is not supported yet");
		return NULL;
	}
}

const struct type *sema_expr(struct check_ctx *c, struct ast_node *e)
{
	if (!c->ctypes)
		sema_ctypes(c);   /* parses the script's C definitions, if it has any (errors once) */
	e->type = check_expr(c, e);
	return e->type;
}
