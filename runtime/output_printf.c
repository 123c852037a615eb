/* printf(): C printf conversions applied to values from the ring buffer, plus bpftrace's own
 * (%r, %rx, %rh for buffers, %gr for GFP flags, %s of any value). Integers follow C rules: the
 * length modifier decides the width they are converted to, so "%x" of a 64-bit value shows its
 * low 32 bits, as bpftrace prints it. */
#include "runtime/output.h"

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

struct spec {
	char flags[8];
	char width[12];
	char prec[12];        /* with its leading '.', or empty */
	char length[4];
	char conv[3];         /* "d", "s", "rx", "gr", ... */
};

/* Parses the conversion after a '%' at P; returns the characters consumed, 0 if P does not start
 * a conversion bpftrace knows. */
static size_t parse_spec(const char *p, struct spec *s)
{
	const char *start = p;
	size_t n;
	memset(s, 0, sizeof(*s));
	for (n = 0; *p && strchr("-+ #0", *p) && n + 1 < sizeof(s->flags); p++)
		s->flags[n++] = *p;
	for (n = 0; *p >= '0' && *p <= '9' && n + 1 < sizeof(s->width); p++)
		s->width[n++] = *p;
	if (*p == '.') {
		s->prec[0] = *p++;
		for (n = 1; *p >= '0' && *p <= '9' && n + 1 < sizeof(s->prec); p++)
			s->prec[n++] = *p;
	}
	for (n = 0; *p && strchr("hlLjztq", *p) && n + 1 < sizeof(s->length); p++)
		s->length[n++] = *p;
	if (!*p || !strchr("diouxXeEfFgGaAcspr", *p))
		return 0;
	s->conv[0] = *p++;
	if ((s->conv[0] == 'r' && (*p == 'x' || *p == 'h')) || (s->conv[0] == 'g' && *p == 'r'))
		s->conv[1] = *p++;
	return (size_t)(p - start);
}

/* "%" FLAGS WIDTH PREC then LEN and CONV. */
static void c_format(char *buf, size_t len, const struct spec *s, const char *lenmod, const char *conv)
{
	snprintf(buf, len, "%%%s%s%s%s%s", s->flags, s->width, s->prec, lenmod, conv);
}

static void put_text(struct strbuf *sb, const struct spec *s, const char *text)
{
	char f[48];
	c_format(f, sizeof(f), s, "", "s");
	sb_printf(sb, f, text);
}

static void put_integer(struct strbuf *sb, const struct spec *s, int64_t v)
{
	char f[48];
	const char *l = s->length;
	bool hh = !strcmp(l, "hh"), h = !strcmp(l, "h"), none = !*l;
	switch (s->conv[0]) {
	case 'd':
	case 'i':
		c_format(f, sizeof(f), s, hh ? "hh" : h ? "h" : none ? "" : "ll", s->conv);
		if (hh)
			sb_printf(sb, f, (signed char)v);
		else if (h)
			sb_printf(sb, f, (short)v);
		else if (none)
			sb_printf(sb, f, (int)v);
		else
			sb_printf(sb, f, (long long)v);
		return;
	case 'o': case 'u': case 'x': case 'X':
		c_format(f, sizeof(f), s, hh ? "hh" : h ? "h" : none ? "" : "ll", s->conv);
		if (hh)
			sb_printf(sb, f, (unsigned char)v);
		else if (h)
			sb_printf(sb, f, (unsigned short)v);
		else if (none)
			sb_printf(sb, f, (unsigned)v);
		else
			sb_printf(sb, f, (unsigned long long)v);
		return;
	case 'c':
		c_format(f, sizeof(f), s, "", "c");
		sb_printf(sb, f, (int)(unsigned char)v);
		return;
	case 'p':
		c_format(f, sizeof(f), s, "", "p");
		sb_printf(sb, f, (void *)(uintptr_t)v);
		return;
	default: /* e, f, g, a: the integer as a double */
		c_format(f, sizeof(f), s, "", s->conv);
		sb_printf(sb, f, (double)v);
		return;
	}
}

static const char *enum_name(const struct type *t, int64_t v)
{
	for (uint32_t i = 0; i < t->nenum_values; i++)
		if (t->enum_values[i].value == v)
			return t->enum_values[i].name;
	return NULL;
}

static void format_arg(struct strbuf *sb, const struct output *o, const struct spec *s, const struct type *t,
                       const void *data)
{
	struct strbuf text = {0};
	const char *c = s->conv;
	if (t->kind == TY_BUFFER && c[0] == 'r') {
		uint32_t len;
		memcpy(&len, data, sizeof(len));
		uint32_t cap = t->size > 4 ? t->size - 4 : 0;
		/* %r keeps printable ASCII, %rx escapes every byte, %rh writes spaced hex pairs. */
		rt_out_buffer_hex(&text, (const uint8_t *)data + 4, len < cap ? len : cap, c[1] == '\0', c[1] != 'h');
	} else if (rt_out_kind(t)->printf_int && !strcmp(c, "gr")) {
		int64_t v;
		rt_out_read_int(t, data, &v);
		rt_out_gfp_flags(&text, (uint64_t)v);
	} else if (t->kind == TY_INT && t->enum_values && c[0] == 's') {
		/* %s of an enum value prints its enumerator; an unnamed value prints as a number. */
		int64_t v;
		rt_out_read_int(t, data, &v);
		const char *name = enum_name(t, v);
		if (name)
			sb_puts(&text, name);
		else
			rt_output_format_value(&text, o, t, data);
	} else if (rt_out_kind(t)->printf_int && c[0] != 's' && c[0] != 'r') {
		int64_t v;
		rt_out_read_int(t, data, &v);
		put_integer(sb, s, v);
		return;
	} else {
		rt_output_format_value(&text, o, t, data);
	}
	put_text(sb, s, text.buf ? text.buf : "");
	sb_free(&text);
}

/* Formats into SB; shared by printf and its JSON form. */
static void format_all(struct strbuf *sb, const struct output *o, const char *fmt, const struct type *args,
                       const void *data)
{
	uint32_t next = 0;
	for (const char *p = fmt; *p;) {
		if (*p != '%') {
			const char *q = strchr(p, '%');
			size_t n = q ? (size_t)(q - p) : strlen(p);
			sb_putn(sb, p, n);
			p += n;
			continue;
		}
		if (p[1] == '%') {
			sb_putc(sb, '%');
			p += 2;
			continue;
		}
		struct spec s;
		size_t n = parse_spec(p + 1, &s);
		if (n == 0 || !args || next >= args->count) {
			/* Not a conversion (or no value for it): printed as written. */
			sb_putc(sb, '%');
			p++;
			continue;
		}
		const struct type_field *f = &args->fields[next++];
		format_arg(sb, o, &s, f->type, (const uint8_t *)data + f->offset);
		p += 1 + n;
	}
}

void rt_output_printf(struct output *o, const char *fmt, const struct type *args, const void *data)
{
	struct strbuf sb = {0};
	format_all(&sb, o, fmt, args, data);
	if (o->format == OUTPUT_JSON) {
		struct strbuf js = {0};
		sb_puts(&js, "{\"type\": \"printf\", \"data\": ");
		rt_out_json_string(&js, sb.buf ? sb.buf : "", sb.len);
		sb_puts(&js, "}\n");
		fwrite(js.buf, 1, js.len, o->f);
		sb_free(&js);
	} else if (sb.len) {
		fwrite(sb.buf, 1, sb.len, o->f);
	}
	sb_free(&sb);
}
