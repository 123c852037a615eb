/* One value, laid out as its type says, turned into bpftrace's text or JSON form: the runtime's
 * row per type kind (rt_out_kind), the hooks it names and the dispatch through it. */
#include "runtime/output.h"
#include "runtime/resolve.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <pwd.h>
#include <string.h>
#include <sys/socket.h>

static uint64_t load_unsigned(const void *data, uint32_t size)
{
	switch (size) {
	case 1: { uint8_t v; memcpy(&v, data, 1); return v; }
	case 2: { uint16_t v; memcpy(&v, data, 2); return v; }
	case 4: { uint32_t v; memcpy(&v, data, 4); return v; }
	default: { uint64_t v; memcpy(&v, data, 8); return v; }
	}
}

static int64_t load_signed(const void *data, uint32_t size)
{
	switch (size) {
	case 1: { int8_t v; memcpy(&v, data, 1); return v; }
	case 2: { int16_t v; memcpy(&v, data, 2); return v; }
	case 4: { int32_t v; memcpy(&v, data, 4); return v; }
	default: { int64_t v; memcpy(&v, data, 8); return v; }
	}
}

/* A C bitfield: shift and mask the containing integer, sign-extending signed fields. */
static bool read_bitfield(const struct type *type, const void *data, int64_t *v)
{
	uint64_t raw = load_unsigned(data, type->size ? type->size : 8) >> type->bit_shift;
	uint64_t mask = type->bit_size >= 64 ? ~0ull : (1ull << type->bit_size) - 1;
	raw &= mask;
	if (type->is_signed && type->bit_size < 64 && (raw >> (type->bit_size - 1)) & 1)
		raw |= ~mask;
	*v = (int64_t)raw;
	return type->is_signed;
}

static bool read_bool(const struct type *type, const void *data, int64_t *v)
{
	(void)type;
	*v = *(const uint8_t *)data != 0;
	return false;
}

/* int, sum, strerror: signed or not as the type says; an int may be a C bitfield. */
static bool read_integer(const struct type *type, const void *data, int64_t *v)
{
	uint32_t size = type->size ? type->size : 8;
	if (type->bit_size)
		return read_bitfield(type, data, v);
	if (type->is_signed) {
		*v = load_signed(data, size);
		return true;
	}
	*v = (int64_t)load_unsigned(data, size);
	return false;
}

/* The enumerator an enum-typed integer holds, NULL when the value has no name (it then prints
 * as a number, as bpftrace does for values outside the enum). */
static const char *enum_value_name(const struct type *type, const void *data)
{
	int64_t v;
	if (type->kind != TY_INT || !type->enum_values)
		return NULL;
	rt_out_read_int(type, data, &v);
	for (uint32_t i = 0; i < type->nenum_values; i++)
		if (type->enum_values[i].value == v)
			return type->enum_values[i].name;
	return NULL;
}

void rt_out_buffer_hex(struct strbuf *sb, const uint8_t *p, size_t n, bool keep_ascii, bool escape_hex)
{
	for (size_t i = 0; i < n; i++) {
		if (keep_ascii && p[i] >= 32 && p[i] <= 126)
			sb_putc(sb, (char)p[i]);
		else if (escape_hex)
			sb_printf(sb, "\\x%02x", p[i]);
		else
			sb_printf(sb, i == n - 1 ? "%02x" : "%02x ", p[i]);
	}
}

void rt_out_string_text(struct strbuf *sb, const struct output *o, const char *s, size_t cap, bool may_be_cut)
{
	size_t len = strnlen(s, cap);
	sb_putn(sb, s, len);
	/* A string that fills its buffer exactly (no NUL) was cut short by the probe: str() reads
	 * one byte more than the string type holds, so a longer source string leaves no NUL. */
	if (may_be_cut && cap > 0 && len == cap) {
		const char *trailer = "..";
		if (o && o->str_trunc_trailer)
			trailer = o->str_trunc_trailer;
		else if (o && o->m && o->m->str_trunc_trailer)
			trailer = o->m->str_trunc_trailer;
		sb_puts(sb, trailer);
	}
}

/* A buffer is a u32 length followed by at most size-4 bytes. */
static void buffer_parts(const struct type *type, const void *data, const uint8_t **p, size_t *n)
{
	uint32_t len;
	memcpy(&len, data, sizeof(len));
	size_t cap = type->size > 4 ? type->size - 4 : 0;
	*p = (const uint8_t *)data + 4;
	*n = len < cap ? len : cap;
}

/* ---- Text and JSON of each kind -------------------------------------------------------------- */

static void put_null(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o, (void)type, (void)data;
	sb_puts(sb, "null");
}

/* hist and lhist values print only as a whole map (rt_out_hist_text). */
static void put_nothing(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)sb, (void)o, (void)type, (void)data;
}

static void put_bool(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o, (void)type;
	sb_puts(sb, *(const uint8_t *)data ? "true" : "false");
}

/* A number; an enum-typed integer by its enumerator's name when it has one. */
static void text_int(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	int64_t v;
	const char *name = enum_value_name(type, data);
	if (name)
		sb_puts(sb, name);
	else if (rt_out_read_int(type, data, &v))
		sb_printf(sb, "%" PRId64, v);
	else
		sb_printf(sb, "%" PRIu64, (uint64_t)v);
}

/* Pointers are symbolic in text, numeric in JSON; enums stay numbers in JSON too: upstream
 * keeps machine-read output as it was. */
static void json_int(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	int64_t v;
	bool is_signed = rt_out_read_int(type, data, &v);
	rt_out_json_int(sb, v, is_signed);
}

static void text_hex(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	int64_t v;
	rt_out_read_int(type, data, &v);
	sb_printf(sb, "0x%" PRIx64, (uint64_t)v);
}

static void text_unsigned(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	int64_t v;
	rt_out_read_int(type, data, &v);
	sb_printf(sb, "%" PRIu64, (uint64_t)v);
}

/* Symbols, addresses, users and the like are strings in JSON: their text. */
static void json_as_text(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	struct strbuf t = {0};
	rt_output_format_value(&t, o, type, data);
	rt_out_json_string(sb, t.buf ? t.buf : "", t.len);
	sb_free(&t);
}

/* Whether a full buffer of string type TYPE means the probe cut the string short. */
static bool may_be_cut(const struct type *type)
{
	return !type->name || strcmp(type->name, TYPE_CHAR_ARRAY) != 0;
}

static void text_string(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	rt_out_string_text(sb, o, data, type->size, may_be_cut(type));
}

static void json_string(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	struct strbuf t = {0};
	rt_out_string_text(&t, o, data, type->size, may_be_cut(type));
	rt_out_json_string(sb, t.buf ? t.buf : "", t.len);
	sb_free(&t);
}

static void text_buffer(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	const uint8_t *b;
	size_t n;
	buffer_parts(type, data, &b, &n);
	rt_out_buffer_hex(sb, b, n, true, true);
}

/* Upstream emits the bytes as a vector of (signed) char numbers. */
static void json_buffer(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	const uint8_t *b;
	size_t n;
	buffer_parts(type, data, &b, &n);
	sb_putc(sb, '[');
	for (size_t i = 0; i < n; i++)
		sb_printf(sb, i ? ",%d" : "%d", (int)(signed char)b[i]);
	sb_putc(sb, ']');
}

static void text_tuple(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	const uint8_t *p = data;
	sb_putc(sb, '(');
	for (uint32_t i = 0; i < type->count; i++) {
		if (i)
			sb_puts(sb, ", "); /* tuples are spaced, arrays are not */
		rt_output_format_value(sb, o, type->fields[i].type, p + type->fields[i].offset);
	}
	sb_putc(sb, ')');
}

static void json_tuple(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	const uint8_t *p = data;
	sb_putc(sb, '[');
	for (uint32_t i = 0; i < type->count; i++) {
		if (i)
			sb_putc(sb, ',');
		rt_out_json_value(sb, o, type->fields[i].type, p + type->fields[i].offset);
	}
	sb_putc(sb, ']');
}

/* Records and C structs: "{ .a = 1, .b = x }". */
static void text_fields(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	const uint8_t *p = data;
	if (type->count == 0) {
		sb_puts(sb, "{}");
		return;
	}
	sb_puts(sb, "{ ");
	for (uint32_t i = 0; i < type->count; i++) {
		const struct type_field *f = &type->fields[i];
		if (i)
			sb_puts(sb, ", ");
		sb_printf(sb, ".%s = ", f->name ? f->name : "");
		rt_output_format_value(sb, o, f->type, p + f->offset);
	}
	sb_puts(sb, " }");
}

static void json_fields(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	const uint8_t *p = data;
	sb_putc(sb, '{');
	for (uint32_t i = 0; i < type->count; i++) {
		const struct type_field *f = &type->fields[i];
		const char *name = f->name ? f->name : "";
		if (i)
			sb_puts(sb, ", "); /* objects are spaced, arrays are not */
		rt_out_json_string(sb, name, strlen(name));
		sb_puts(sb, ": ");
		rt_out_json_value(sb, o, f->type, p + f->offset);
	}
	sb_putc(sb, '}');
}

static void text_array(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	const uint8_t *p = data;
	sb_putc(sb, '[');
	for (uint32_t i = 0; i < type->count; i++) {
		if (i)
			sb_putc(sb, ',');
		rt_output_format_value(sb, o, type->elem, p + (size_t)i * type->elem->size);
	}
	sb_putc(sb, ']');
}

static void json_array(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	const uint8_t *p = data;
	sb_putc(sb, '[');
	for (uint32_t i = 0; i < type->count; i++) {
		if (i)
			sb_putc(sb, ',');
		rt_out_json_value(sb, o, type->elem, p + (size_t)i * type->elem->size);
	}
	sb_putc(sb, ']');
}

/* A single (already merged) copy of min, max, avg or stats, as print(@x[k]) hands it over; 8
 * bytes when the program already computed the value (avg, min, max read in BPF). */
static void merge_one(const struct type *type, const void *data, struct out_agg *a)
{
	if (type->size <= 8 && type->kind != TY_STATS) {
		struct type plain = { .kind = TY_INT, .size = type->size ? type->size : 8, .is_signed = type->is_signed };
		memset(a, 0, sizeof(*a));
		a->is_signed = rt_out_read_int(&plain, data, &a->value);
		return;
	}
	rt_out_agg_reduce(type, data, type->size, 1, a);
}

static void text_merged(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	struct out_agg a;
	merge_one(type, data, &a);
	rt_out_kind(type)->merged_text(sb, &a, a.value);
}

static void json_merged(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	struct out_agg a;
	merge_one(type, data, &a);
	rt_out_kind(type)->merged_json(sb, &a, a.value);
}

static void text_strerror(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	int64_t v;
	rt_out_read_int(type, data, &v);
	sb_puts(sb, strerror((int)v));
}

static void text_syscall(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	int64_t v;
	rt_out_read_int(type, data, &v);
	const char *name = rt_syscall_name(v);
	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%" PRId64, v);   /* a number this build's headers do not name */
}

static void text_mac(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o, (void)type;
	const uint8_t *m = data;
	sb_printf(sb, "%02X:%02X:%02X:%02X:%02X:%02X", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* Address bytes first, the u64 family in the last 8 bytes. */
static void text_inet(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	uint64_t family;
	char buf[INET6_ADDRSTRLEN];
	memcpy(&family, (const uint8_t *)data + type->size - 8, 8);
	int af = family == AF_INET6 ? AF_INET6 : AF_INET;
	if (inet_ntop(af, data, buf, sizeof(buf)))
		sb_puts(sb, buf);
}

static void text_username(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	(void)o;
	int64_t v;
	rt_out_read_int(type, data, &v);
	struct passwd pw, *res = NULL;
	char buf[1024];
	if (getpwuid_r((uid_t)v, &pw, buf, sizeof(buf), &res) == 0 && res)
		sb_puts(sb, res->pw_name);
	else
		sb_printf(sb, "%" PRIu64, (uint64_t)v);
}

static void text_probe(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	int64_t v;
	rt_out_read_int(type, data, &v);
	if (o && o->m && (uint64_t)v < o->m->nprobe_names)
		sb_puts(sb, o->m->probe_names[v]);
	else
		sb_printf(sb, "%" PRIu64, (uint64_t)v);
}

/* ---- Map key order ---------------------------------------------------------------------------- */

static int cmp_i64(int64_t a, int64_t b) { return a < b ? -1 : a > b; }

static int cmp_int_key(const struct type *t, const uint8_t *a, const uint8_t *b)
{
	struct type s = *t;
	s.is_signed = true;
	int64_t x, y;
	rt_out_read_int(&s, a, &x);
	rt_out_read_int(&s, b, &y);
	return cmp_i64(x, y);
}

static int cmp_string_key(const struct type *t, const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, t->size);
}

/* ---- The table -------------------------------------------------------------------------------- */

/* The runtime's own table rather than hooks in core/type.c's rows: core/ holds data only and
 * depends on no stage, while these hooks need the runtime (the resolver, the printers). It is
 * indexed by the same enum type_kind: designated rows, the size check below and
 * tests/runtime/kinds_test.c (every row filled, agreeing with core's traits) keep it one row per
 * kind. MERGED: a map value printed from its per-CPU copies merged. GROUPED: a map keyed by
 * bucket, one row per user key, rows sorted by their total. */
#define MERGED(txt, js) .merged_text = (txt), .merged_json = (js)
#define GROUPED(g, txt, js) .group = (g), .group_text = (txt), .group_json = (js), .order = OUT_BY_TOTAL

static const struct rt_out_kind kinds[] = {
	[TY_VOID] = {.text = put_null, .json = put_null},
	[TY_INT] = {.text = text_int, .json = json_int, .read_int = read_integer, MERGED(rt_out_agg_text, rt_out_agg_json),
	            .cmp_key = cmp_int_key, .order = OUT_BY_VALUE, .printf_int = true},
	[TY_BOOL] = {.text = put_bool, .json = put_bool, .read_int = read_bool, .printf_int = true},
	[TY_STRING] = {.text = text_string, .json = json_string, .cmp_key = cmp_string_key},
	[TY_BUFFER] = {.text = text_buffer, .json = json_buffer},
	[TY_TUPLE] = {.text = text_tuple, .json = json_tuple},
	[TY_RECORD] = {.text = text_fields, .json = json_fields},
	[TY_PTR] = {.text = text_hex, .json = json_int, .printf_int = true},
	[TY_CSTRUCT] = {.text = text_fields, .json = json_fields},
	[TY_ARRAY] = {.text = text_array, .json = json_array},
	[TY_KSTACK] = {.text = text_unsigned, .json = json_as_text, .resolve = rt_resolve_stack},
	[TY_USTACK] = {.text = text_unsigned, .json = json_as_text, .resolve = rt_resolve_stack},
	[TY_KSYM] = {.text = text_hex, .json = json_as_text, .resolve = rt_resolve_ksym},
	[TY_USYM] = {.text = text_hex, .json = json_as_text, .resolve = rt_resolve_usym},
	[TY_INET] = {.text = text_inet, .json = json_as_text},
	[TY_TIMESTAMP] = {.text = text_unsigned, .json = json_as_text, .resolve = rt_resolve_timestamp},
	[TY_USERNAME] = {.text = text_username, .json = json_as_text},
	[TY_PROBE] = {.text = text_probe, .json = json_as_text},
	[TY_CGROUP_PATH] = {.text = text_unsigned, .json = json_as_text, .resolve = rt_resolve_cgroup_path},
	[TY_STRERROR] = {.text = text_strerror, .json = json_as_text, .read_int = read_integer},
	[TY_SYSCALL] = {.text = text_syscall, .json = json_as_text, .read_int = read_integer},
	[TY_MAC] = {.text = text_mac, .json = json_as_text},
	[TY_NONE] = {.text = put_null, .json = put_null},
	[TY_COUNT] = {.text = text_int, .json = json_int, MERGED(rt_out_agg_text, rt_out_agg_json), .order = OUT_BY_VALUE,
	              .printf_int = true},
	[TY_SUM] = {.text = text_int, .json = json_int, .read_int = read_integer, MERGED(rt_out_agg_text, rt_out_agg_json),
	            .order = OUT_BY_VALUE, .printf_int = true},
	[TY_MIN] = {.text = text_merged, .json = json_merged, MERGED(rt_out_agg_text, rt_out_agg_json), .order = OUT_BY_MINMAX},
	[TY_MAX] = {.text = text_merged, .json = json_merged, MERGED(rt_out_agg_text, rt_out_agg_json), .order = OUT_BY_MINMAX},
	[TY_AVG] = {.text = text_merged, .json = json_merged, MERGED(rt_out_agg_text, rt_out_agg_json), .order = OUT_BY_VALUE,
	            .json_type = "stats"},
	[TY_STATS] = {.text = text_merged, .json = json_merged, MERGED(rt_out_stats_text, rt_out_stats_json),
	              .order = OUT_BY_VALUE, .json_type = "stats"},
	/* A tseries outside a map has no text of its own. */
	[TY_TSERIES] = {.text = put_null, .json = json_as_text,
	                GROUPED(rt_out_tseries_group, rt_out_tseries_text, rt_out_tseries_json), .json_type = "tseries"},
	[TY_HIST] = {.text = put_nothing, .json = put_nothing, GROUPED(rt_out_hist_group, rt_out_hist_text, rt_out_hist_json),
	             .json_type = "hist"},
	[TY_LHIST] = {.text = put_nothing, .json = put_nothing, GROUPED(rt_out_hist_group, rt_out_hist_text, rt_out_hist_json),
	              .json_type = "hist"},
};
_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == TY_KIND_COUNT, "one row per enum type_kind");

const struct rt_out_kind *rt_out_kind(const struct type *type)
{
	return &kinds[type->kind];
}

/* ---- Dispatch --------------------------------------------------------------------------------- */

bool rt_out_read_int(const struct type *type, const void *data, int64_t *v)
{
	const struct rt_out_kind *k = rt_out_kind(type);
	if (k->read_int)
		return k->read_int(type, data, v);
	uint32_t size = type->size ? type->size : 8;
	*v = (int64_t)load_unsigned(data, size > 8 ? 8 : size);
	return false;
}

void rt_output_format_value(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	const struct rt_out_kind *k = rt_out_kind(type);
	if (k->resolve && o && o->resolve && o->resolve(o->resolve_ctx, sb, type, data))
		return;
	k->text(sb, o, type, data);
}

void rt_out_json_value(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	rt_out_kind(type)->json(sb, o, type, data);
}

void rt_output_value(struct output *o, const struct type *type, const void *data)
{
	struct strbuf sb = {0};
	if (o->format == OUTPUT_JSON) {
		sb_puts(&sb, "{\"type\": \"value\", \"data\": ");
		rt_out_json_value(&sb, o, type, data);
		sb_puts(&sb, "}\n");
	} else {
		rt_output_format_value(&sb, o, type, data);
		sb_putc(&sb, '\n');
	}
	fwrite(sb.buf, 1, sb.len, o->f);
	sb_free(&sb);
}
