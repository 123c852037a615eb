/* The type model's kinds, one row each, and the canonical scalar types. */
#include "core/core.h"

#include <stdio.h>
#include <string.h>

static const struct type ints[2][4] = {
	{{.kind = TY_INT, .size = 1, .align = 1}, {.kind = TY_INT, .size = 2, .align = 2},
	 {.kind = TY_INT, .size = 4, .align = 4}, {.kind = TY_INT, .size = 8, .align = 8}},
	{{.kind = TY_INT, .size = 1, .align = 1, .is_signed = true},
	 {.kind = TY_INT, .size = 2, .align = 2, .is_signed = true},
	 {.kind = TY_INT, .size = 4, .align = 4, .is_signed = true},
	 {.kind = TY_INT, .size = 8, .align = 8, .is_signed = true}},
};
static const struct type literals[4] = {
	{.kind = TY_INT, .size = 1, .align = 1, .is_signed = true, .literal = true},
	{.kind = TY_INT, .size = 2, .align = 2, .is_signed = true, .literal = true},
	{.kind = TY_INT, .size = 4, .align = 4, .is_signed = true, .literal = true},
	{.kind = TY_INT, .size = 8, .align = 8, .is_signed = true, .literal = true},
};
static const struct type bool_type = {.kind = TY_BOOL, .size = 1, .align = 1};
static const struct type void_type = {.kind = TY_VOID};

const struct type *type_int(unsigned size, bool is_signed)
{
	unsigned i = size <= 1 ? 0 : size == 2 ? 1 : size <= 4 ? 2 : 3;
	return &ints[is_signed][i];
}

const struct type *type_int_literal(uint64_t v)
{
	if (v <= INT8_MAX) return &literals[0];
	if (v <= INT16_MAX) return &literals[1];
	if (v <= INT32_MAX) return &literals[2];
	if (v <= INT64_MAX) return &literals[3];
	return type_int(8, false);
}

static bool signed_side(const struct type *t, const struct type *other)
{
	if (!t || t->kind != TY_INT || !t->is_signed)
		return false;
	return !t->literal || !other || other->kind != TY_INT || other->is_signed;
}

bool type_signed_op(const struct type *a, const struct type *b)
{
	return signed_side(a, b) || signed_side(b, a);
}

const struct type *type_bool(void)
{
	return &bool_type;
}

const struct type *type_void(void)
{
	return &void_type;
}

bool type_equal(const struct type *a, const struct type *b)
{
	if (a == b)
		return true;
	if (!a || !b || a->kind != b->kind || a->size != b->size || a->is_signed != b->is_signed ||
	    a->count != b->count)
		return false;
	if (a->kind == TY_PTR || a->kind == TY_ARRAY)
		return type_equal(a->elem, b->elem);
	if (a->kind == TY_CSTRUCT)
		return a->name && b->name && strcmp(a->name, b->name) == 0;
	for (uint32_t i = 0; i < a->count && a->fields; i++) {
		const struct type_field *fa = &a->fields[i], *fb = &b->fields[i];
		if (!type_equal(fa->type, fb->type))
			return false;
		if ((fa->name || fb->name) && (!fa->name || !fb->name || strcmp(fa->name, fb->name)))
			return false;
	}
	return true;
}

/* type_name's output: LEN bytes at BUF, *POS of them used, always NUL-terminated. */
struct name_buf {
	char *buf;
	unsigned len, pos;
};

static void append(struct name_buf *nb, const char *s)
{
	while (*s && nb->pos + 1 < nb->len)
		nb->buf[nb->pos++] = *s++;
	nb->buf[nb->pos < nb->len ? nb->pos : nb->len - 1] = '\0';
}

static void name_into(const struct type *t, struct name_buf *nb);

static void name_int(const struct type *t, struct name_buf *nb)
{
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%sint%u", t->is_signed ? "" : "u", t->size * 8);
	append(nb, tmp);
}

static void name_string(const struct type *t, struct name_buf *nb)
{
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "string[%u]", t->size);
	append(nb, tmp);
}

static void name_buffer(const struct type *t, struct name_buf *nb)
{
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "buffer[%u]", t->size - 4);
	append(nb, tmp);
}

/* "(uint8,string[3])"; records name their fields: "(a=uint8,b=string[3])". */
static void name_fields(const struct type *t, struct name_buf *nb)
{
	append(nb, "(");
	for (uint32_t i = 0; i < t->count; i++) {
		if (i)
			append(nb, ",");
		if (t->kind == TY_RECORD) {
			append(nb, t->fields[i].name);
			append(nb, "=");
		}
		name_into(t->fields[i].type, nb);
	}
	append(nb, ")");
}

static void name_ptr(const struct type *t, struct name_buf *nb)
{
	if (t->elem)
		name_into(t->elem, nb);
	else
		append(nb, "void");
	append(nb, " *");
}

static void name_array(const struct type *t, struct name_buf *nb)
{
	char tmp[32];
	name_into(t->elem, nb);
	snprintf(tmp, sizeof(tmp), "[%u]", t->count);
	append(nb, tmp);
}

static void name_cstruct(const struct type *t, struct name_buf *nb)
{
	append(nb, t->name ? t->name : "struct");
}

/* What a kind is. Data only, as core/ depends on no stage: sema and codegen read these traits
 * and rules; what the runtime does with a kind is its own row in runtime/output_value.c, indexed
 * by the same enum (tests/runtime/kinds_test.c checks that the two agree). */
struct kind_row {
	const char *name;        /* bpftrace's name of every type of the kind, or NULL: name_of */
	void (*name_of)(const struct type *t, struct name_buf *nb);
	bool agg, scalar, integral, bucket_key, read_combined;
	enum type_combine combine;
	uint32_t agg_size;
	enum type_join join;
};

static const struct kind_row kinds[] = {
	[TY_VOID] = {.name = "void"},
	[TY_INT] = {.name_of = name_int, .scalar = true, .integral = true, .join = TYPE_JOIN_INT},
	[TY_BOOL] = {.name = "bool", .scalar = true, .integral = true},
	[TY_STRING] = {.name_of = name_string, .join = TYPE_JOIN_LARGER},
	[TY_BUFFER] = {.name_of = name_buffer, .join = TYPE_JOIN_LARGER},
	[TY_TUPLE] = {.name_of = name_fields, .join = TYPE_JOIN_FIELDS},
	[TY_RECORD] = {.name_of = name_fields, .join = TYPE_JOIN_FIELDS},
	[TY_PTR] = {.name_of = name_ptr, .scalar = true, .integral = true, .join = TYPE_JOIN_POINTER},
	[TY_CSTRUCT] = {.name_of = name_cstruct},
	[TY_ARRAY] = {.name_of = name_array},
	[TY_KSTACK] = {.name = "kstack", .scalar = true},
	[TY_USTACK] = {.name = "ustack", .scalar = true},
	[TY_KSYM] = {.name = "ksym_t", .scalar = true, .integral = true},
	[TY_USYM] = {.name = "usym_t", .integral = true},   /* 16 bytes: address, pid, probe */
	[TY_INET] = {.name = "inet"},
	[TY_TIMESTAMP] = {.name = "timestamp", .scalar = true, .integral = true},
	[TY_USERNAME] = {.name = "username", .scalar = true, .integral = true},
	[TY_PROBE] = {.name = "probe_t", .scalar = true, .integral = true},
	[TY_CGROUP_PATH] = {.name = "cgroup_path_t"},
	[TY_STRERROR] = {.name = "strerror_t", .scalar = true},
	[TY_SYSCALL] = {.name = "syscall_name_t", .scalar = true},
	[TY_MAC] = {.name = "mac_address"},
	[TY_NONE] = {.name = "none"},
	[TY_COUNT] = {.name = "count_t", .agg = true, .scalar = true, .integral = true, .read_combined = true,
	              .combine = TYPE_COMBINE_SUM, .agg_size = 8},
	[TY_SUM] = {.name = "sum_t", .agg = true, .scalar = true, .integral = true, .read_combined = true,
	            .combine = TYPE_COMBINE_SUM, .agg_size = 8, .join = TYPE_JOIN_SIGNED},
	[TY_MIN] = {.name = "min_t", .agg = true, .integral = true, .combine = TYPE_COMBINE_EXTREME,
	            .agg_size = sizeof(struct agg_minmax), .join = TYPE_JOIN_SIGNED},
	[TY_MAX] = {.name = "max_t", .agg = true, .integral = true, .combine = TYPE_COMBINE_EXTREME,
	            .agg_size = sizeof(struct agg_minmax), .join = TYPE_JOIN_SIGNED},
	[TY_AVG] = {.name = "avg_t", .agg = true, .integral = true, .read_combined = true,
	            .combine = TYPE_COMBINE_AVERAGE, .agg_size = sizeof(struct agg_avg), .join = TYPE_JOIN_SIGNED},
	[TY_STATS] = {.name = "stats_t", .agg = true, .combine = TYPE_COMBINE_AVERAGE,
	              .agg_size = sizeof(struct agg_avg), .join = TYPE_JOIN_SIGNED},
	[TY_TSERIES] = {.name = "tseries_t", .agg = true, .bucket_key = true, .agg_size = sizeof(struct agg_tseries)},
	[TY_HIST] = {.name = "hist_t", .agg = true, .bucket_key = true, .agg_size = 8, .join = TYPE_JOIN_BUCKETS},
	[TY_LHIST] = {.name = "lhist_t", .agg = true, .bucket_key = true, .agg_size = 8, .join = TYPE_JOIN_BUCKETS},
};
/* Rows are designated by kind: a kind added without a row (or a row for no kind) fails here. */
_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == TY_KIND_COUNT, "one row per enum type_kind");

static const struct kind_row *row(const struct type *t)
{
	return &kinds[t->kind];
}

bool type_is_agg(const struct type *t)
{
	return t && row(t)->agg;
}

bool type_is_integral(const struct type *t)
{
	return t && row(t)->integral;
}

bool type_is_scalar(const struct type *t)
{
	return t && row(t)->scalar;
}

bool type_has_bucket_key(const struct type *t)
{
	return t && row(t)->bucket_key;
}

enum type_combine type_combine(const struct type *t)
{
	return t ? row(t)->combine : TYPE_COMBINE_NONE;
}

bool type_read_combined(const struct type *t)
{
	return t && row(t)->read_combined;
}

uint32_t type_agg_size(enum type_kind kind)
{
	return kinds[kind].agg_size;
}

enum type_join type_join_rule(const struct type *t)
{
	return t ? row(t)->join : TYPE_JOIN_EQUAL;
}

static void name_into(const struct type *t, struct name_buf *nb)
{
	const struct kind_row *r = row(t);
	if (r->name_of)
		r->name_of(t, nb);
	else
		append(nb, r->name);
}

void type_name(const struct type *t, char *buf, unsigned len)
{
	struct name_buf nb = {.buf = buf, .len = len};
	if (!len)
		return;
	buf[0] = '\0';
	if (t)
		name_into(t, &nb);
}

struct type *type_new(struct arena *arena, enum type_kind kind, uint32_t size, uint32_t align)
{
	struct type *t = ARENA_NEW(arena, struct type);
	t->kind = kind;
	t->size = size;
	t->align = align ? align : 1;
	return t;
}
