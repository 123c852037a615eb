/* One value, laid out as its type says, turned into bpftrace's text or JSON form. */
#include "runtime/output.h"

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

bool out_read_int(const struct type *type, const void *data, int64_t *v)
{
	uint32_t size = type->size ? type->size : 8;
	switch (type->kind) {
	case TY_BOOL:
		*v = *(const uint8_t *)data != 0;
		return false;
	case TY_INT:
		if (type->bit_size)
			return read_bitfield(type, data, v);
		/* fall through */
	case TY_SUM:
	case TY_STRERROR:
		if (type->is_signed) {
			*v = load_signed(data, size);
			return true;
		}
		*v = (int64_t)load_unsigned(data, size);
		return false;
	default:
		*v = (int64_t)load_unsigned(data, size > 8 ? 8 : size);
		return false;
	}
}

/* The enumerator an enum-typed integer holds, NULL when the value has no name (it then prints
 * as a number, as bpftrace does for values outside the enum). */
static const char *enum_value_name(const struct type *type, const void *data)
{
	int64_t v;
	if (type->kind != TY_INT || !type->enum_values)
		return NULL;
	out_read_int(type, data, &v);
	for (uint32_t i = 0; i < type->nenum_values; i++)
		if (type->enum_values[i].value == v)
			return type->enum_values[i].name;
	return NULL;
}

void out_buffer_hex(struct strbuf *sb, const uint8_t *p, size_t n, bool keep_ascii, bool escape_hex)
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

void out_string_text(struct strbuf *sb, const struct output *o, const char *s, size_t cap)
{
	size_t len = strnlen(s, cap);
	sb_putn(sb, s, len);
	/* A string that fills its buffer exactly (no NUL) was cut short by the probe: str() reads
	 * one byte more than the string type holds, so a longer source string leaves no NUL. */
	if (cap > 0 && len == cap) {
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

/* Kinds whose text needs the runtime (symbols, stacks, clocks) or the system (users, errno). */
static bool text_special(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	if (o && o->resolve && o->resolve(o->resolve_ctx, sb, type, data))
		return true;
	int64_t v;
	switch (type->kind) {
	case TY_STRERROR:
		out_read_int(type, data, &v);
		sb_puts(sb, strerror((int)v));
		return true;
	case TY_MAC: {
		const uint8_t *m = data;
		sb_printf(sb, "%02X:%02X:%02X:%02X:%02X:%02X", m[0], m[1], m[2], m[3], m[4], m[5]);
		return true;
	}
	case TY_INET: {
		/* Address bytes first, the u64 family in the last 8 bytes. */
		uint64_t family;
		char buf[INET6_ADDRSTRLEN];
		memcpy(&family, (const uint8_t *)data + type->size - 8, 8);
		int af = family == AF_INET6 ? AF_INET6 : AF_INET;
		if (inet_ntop(af, data, buf, sizeof(buf)))
			sb_puts(sb, buf);
		return true;
	}
	case TY_USERNAME: {
		out_read_int(type, data, &v);
		struct passwd pw, *res = NULL;
		char buf[1024];
		if (getpwuid_r((uid_t)v, &pw, buf, sizeof(buf), &res) == 0 && res)
			sb_puts(sb, res->pw_name);
		else
			sb_printf(sb, "%" PRIu64, (uint64_t)v);
		return true;
	}
	case TY_PROBE:
		out_read_int(type, data, &v);
		if (o && o->m && (uint64_t)v < o->m->nprobe_names)
			sb_puts(sb, o->m->probe_names[v]);
		else
			sb_printf(sb, "%" PRIu64, (uint64_t)v);
		return true;
	case TY_KSYM:
	case TY_USYM:
		out_read_int(type, data, &v);
		sb_printf(sb, "0x%" PRIx64, (uint64_t)v);
		return true;
	case TY_KSTACK:
	case TY_USTACK:
	case TY_TIMESTAMP:
	case TY_CGROUP_PATH:
		out_read_int(type, data, &v);
		sb_printf(sb, "%" PRIu64, (uint64_t)v);
		return true;
	default:
		return false;
	}
}

static void agg_single(const struct type *type, const void *data, struct out_agg *a)
{
	if (type->size <= 8 && type->kind != TY_STATS) {
		struct type plain = { .kind = TY_INT, .size = type->size ? type->size : 8, .is_signed = type->is_signed };
		memset(a, 0, sizeof(*a));
		a->is_signed = out_read_int(&plain, data, &a->value);
		return;
	}
	out_agg_reduce(type, data, type->size, 1, a);
}

static void text_fields(struct strbuf *sb, const struct output *o, const struct type *type, const uint8_t *p)
{
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
		output_format_value(sb, o, f->type, p + f->offset);
	}
	sb_puts(sb, " }");
}

void output_format_value(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	const uint8_t *p = data;
	int64_t v;
	switch (type->kind) {
	case TY_VOID:
		sb_puts(sb, "null");
		return;
	case TY_BOOL:
		sb_puts(sb, *p ? "true" : "false");
		return;
	case TY_INT:
	case TY_COUNT:
	case TY_SUM: {
		const char *name = enum_value_name(type, data);
		if (name)
			sb_puts(sb, name);
		else if (out_read_int(type, data, &v))
			sb_printf(sb, "%" PRId64, v);
		else
			sb_printf(sb, "%" PRIu64, (uint64_t)v);
		return;
	}
	case TY_PTR:
		out_read_int(type, data, &v);
		sb_printf(sb, "0x%" PRIx64, (uint64_t)v);
		return;
	case TY_STRING:
		out_string_text(sb, o, data, type->size);
		return;
	case TY_BUFFER: {
		const uint8_t *b;
		size_t n;
		buffer_parts(type, data, &b, &n);
		out_buffer_hex(sb, b, n, true, true);
		return;
	}
	case TY_TUPLE:
		sb_putc(sb, '(');
		for (uint32_t i = 0; i < type->count; i++) {
			if (i)
				sb_puts(sb, ", "); /* tuples are spaced, arrays are not */
			output_format_value(sb, o, type->fields[i].type, p + type->fields[i].offset);
		}
		sb_putc(sb, ')');
		return;
	case TY_RECORD:
	case TY_CSTRUCT:
		text_fields(sb, o, type, p);
		return;
	case TY_ARRAY:
		sb_putc(sb, '[');
		for (uint32_t i = 0; i < type->count; i++) {
			if (i)
				sb_putc(sb, ',');
			output_format_value(sb, o, type->elem, p + (size_t)i * type->elem->size);
		}
		sb_putc(sb, ']');
		return;
	case TY_MIN:
	case TY_MAX:
	case TY_AVG:
	case TY_STATS: {
		/* A single (already merged) copy, as print(@x[k]) hands it over; 8 bytes when the
		 * program already computed the value (avg, min, max read in BPF). */
		struct out_agg a;
		agg_single(type, data, &a);
		if (type->kind == TY_STATS)
			sb_printf(sb, a.is_signed ? "{ .count = %" PRId64 ", .average = %" PRId64 ", .total = %" PRId64 " }"
			                          : "{ .count = %" PRIu64 ", .average = %" PRIu64 ", .total = %" PRIu64 " }",
			          a.count, a.value, a.total);
		else
			sb_printf(sb, a.is_signed ? "%" PRId64 : "%" PRIu64, a.value);
		return;
	}
	case TY_HIST:
	case TY_LHIST:
	case TY_KIND_COUNT:
		return;
	default:
		if (!text_special(sb, o, type, data))
			sb_puts(sb, "null");
		return;
	}
}

static void json_fields(struct strbuf *sb, const struct output *o, const struct type *type, const uint8_t *p)
{
	sb_putc(sb, '{');
	for (uint32_t i = 0; i < type->count; i++) {
		const struct type_field *f = &type->fields[i];
		const char *name = f->name ? f->name : "";
		if (i)
			sb_puts(sb, ", "); /* objects are spaced, arrays are not */
		out_json_string(sb, name, strlen(name));
		sb_puts(sb, ": ");
		out_json_value(sb, o, f->type, p + f->offset);
	}
	sb_putc(sb, '}');
}

void out_json_value(struct strbuf *sb, const struct output *o, const struct type *type, const void *data)
{
	const uint8_t *p = data;
	int64_t v;
	switch (type->kind) {
	case TY_VOID:
		sb_puts(sb, "null");
		return;
	case TY_BOOL:
		sb_puts(sb, *p ? "true" : "false");
		return;
	case TY_INT:
	case TY_COUNT:
	case TY_SUM:
	case TY_PTR: { /* pointers are symbolic in text, numeric in JSON */
		/* enums stay numbers in JSON: upstream keeps machine-read output as it was */
		bool is_signed = out_read_int(type, data, &v);
		out_json_int(sb, v, is_signed);
		return;
	}
	case TY_STRING: {
		struct strbuf t = {0};
		out_string_text(&t, o, data, type->size);
		out_json_string(sb, t.buf ? t.buf : "", t.len);
		sb_free(&t);
		return;
	}
	case TY_BUFFER: {
		const uint8_t *b;
		size_t n;
		buffer_parts(type, data, &b, &n);
		/* Upstream emits the bytes as a vector of (signed) char numbers. */
		sb_putc(sb, '[');
		for (size_t i = 0; i < n; i++)
			sb_printf(sb, i ? ",%d" : "%d", (int)(signed char)b[i]);
		sb_putc(sb, ']');
		return;
	}
	case TY_TUPLE:
		sb_putc(sb, '[');
		for (uint32_t i = 0; i < type->count; i++) {
			if (i)
				sb_putc(sb, ',');
			out_json_value(sb, o, type->fields[i].type, p + type->fields[i].offset);
		}
		sb_putc(sb, ']');
		return;
	case TY_RECORD:
	case TY_CSTRUCT:
		json_fields(sb, o, type, p);
		return;
	case TY_ARRAY:
		sb_putc(sb, '[');
		for (uint32_t i = 0; i < type->count; i++) {
			if (i)
				sb_putc(sb, ',');
			out_json_value(sb, o, type->elem, p + (size_t)i * type->elem->size);
		}
		sb_putc(sb, ']');
		return;
	case TY_MIN:
	case TY_MAX:
	case TY_AVG:
	case TY_STATS: {
		struct out_agg a;
		agg_single(type, data, &a);
		if (type->kind == TY_STATS) {
			sb_puts(sb, "{\"count\": ");
			out_json_int(sb, a.count, a.is_signed);
			sb_puts(sb, ", \"average\": ");
			out_json_int(sb, a.value, a.is_signed);
			sb_puts(sb, ", \"total\": ");
			out_json_int(sb, a.total, a.is_signed);
			sb_putc(sb, '}');
		} else {
			out_json_int(sb, a.value, a.is_signed);
		}
		return;
	}
	case TY_HIST:
	case TY_LHIST:
	case TY_KIND_COUNT:
		return;
	default: {
		/* Symbols, addresses, users and the like are strings in JSON. */
		struct strbuf t = {0};
		output_format_value(&t, o, type, data);
		out_json_string(sb, t.buf ? t.buf : "", t.len);
		sb_free(&t);
		return;
	}
	}
}

void output_value(struct output *o, const struct type *type, const void *data)
{
	struct strbuf sb = {0};
	if (o->format == OUTPUT_JSON) {
		sb_puts(&sb, "{\"type\": \"value\", \"data\": ");
		out_json_value(&sb, o, type, data);
		sb_puts(&sb, "}\n");
	} else {
		output_format_value(&sb, o, type, data);
		sb_putc(&sb, '\n');
	}
	fwrite(sb.buf, 1, sb.len, o->f);
	sb_free(&sb);
}
