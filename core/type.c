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
static const struct type bool_type = {.kind = TY_BOOL, .size = 1, .align = 1};
static const struct type void_type = {.kind = TY_VOID};

const struct type *type_int(unsigned size, bool is_signed)
{
	unsigned i = size <= 1 ? 0 : size == 2 ? 1 : size <= 4 ? 2 : 3;
	return &ints[is_signed][i];
}

const struct type *type_bool(void)
{
	return &bool_type;
}

const struct type *type_void(void)
{
	return &void_type;
}

bool type_is_agg(const struct type *t)
{
	return t && t->kind >= TY_COUNT && t->kind <= TY_LHIST;
}

bool type_is_integral(const struct type *t)
{
	if (!t)
		return false;
	switch (t->kind) {
	case TY_INT: case TY_BOOL: case TY_PTR: case TY_COUNT: case TY_SUM: case TY_MIN: case TY_MAX:
	case TY_AVG: case TY_KSYM: case TY_USYM: case TY_TIMESTAMP: case TY_USERNAME: case TY_PROBE:
		return true;
	default:
		return false;
	}
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

static void append(char *buf, unsigned len, unsigned *pos, const char *s)
{
	while (*s && *pos + 1 < len)
		buf[(*pos)++] = *s++;
	buf[*pos < len ? *pos : len - 1] = '\0';
}

static void name_into(const struct type *t, char *buf, unsigned len, unsigned *pos)
{
	static const char *const agg_names[] = {
		[TY_COUNT] = "count_t", [TY_SUM] = "sum_t", [TY_MIN] = "min_t", [TY_MAX] = "max_t",
		[TY_AVG] = "avg_t", [TY_STATS] = "stats_t", [TY_TSERIES] = "tseries_t", [TY_HIST] = "hist_t",
		[TY_LHIST] = "lhist_t",
	};
	char tmp[64];
	switch (t->kind) {
	case TY_VOID: append(buf, len, pos, "void"); break;
	case TY_BOOL: append(buf, len, pos, "bool"); break;
	case TY_INT:
		snprintf(tmp, sizeof(tmp), "%sint%u", t->is_signed ? "" : "u", t->size * 8);
		append(buf, len, pos, tmp);
		break;
	case TY_STRING:
		snprintf(tmp, sizeof(tmp), "string[%u]", t->size);
		append(buf, len, pos, tmp);
		break;
	case TY_BUFFER:
		snprintf(tmp, sizeof(tmp), "buffer[%u]", t->size - 4);
		append(buf, len, pos, tmp);
		break;
	case TY_TUPLE:
	case TY_RECORD:
		append(buf, len, pos, "(");
		for (uint32_t i = 0; i < t->count; i++) {
			if (i)
				append(buf, len, pos, ",");
			if (t->kind == TY_RECORD) {
				append(buf, len, pos, t->fields[i].name);
				append(buf, len, pos, "=");
			}
			name_into(t->fields[i].type, buf, len, pos);
		}
		append(buf, len, pos, ")");
		break;
	case TY_PTR:
		if (t->elem)
			name_into(t->elem, buf, len, pos);
		else
			append(buf, len, pos, "void");
		append(buf, len, pos, " *");
		break;
	case TY_ARRAY:
		name_into(t->elem, buf, len, pos);
		snprintf(tmp, sizeof(tmp), "[%u]", t->count);
		append(buf, len, pos, tmp);
		break;
	case TY_CSTRUCT: append(buf, len, pos, t->name ? t->name : "struct"); break;
	case TY_KSTACK: append(buf, len, pos, "kstack"); break;
	case TY_USTACK: append(buf, len, pos, "ustack"); break;
	case TY_KSYM: append(buf, len, pos, "ksym_t"); break;
	case TY_USYM: append(buf, len, pos, "usym_t"); break;
	case TY_INET: append(buf, len, pos, "inet"); break;
	case TY_TIMESTAMP: append(buf, len, pos, "timestamp"); break;
	case TY_USERNAME: append(buf, len, pos, "username"); break;
	case TY_PROBE: append(buf, len, pos, "probe_t"); break;
	case TY_CGROUP_PATH: append(buf, len, pos, "cgroup_path_t"); break;
	case TY_STRERROR: append(buf, len, pos, "strerror_t"); break;
	case TY_MAC: append(buf, len, pos, "mac_address"); break;
	default:
		append(buf, len, pos, agg_names[t->kind] ? agg_names[t->kind] : "?");
		break;
	}
}

void type_name(const struct type *t, char *buf, unsigned len)
{
	unsigned pos = 0;
	if (!len)
		return;
	buf[0] = '\0';
	if (t)
		name_into(t, buf, len, &pos);
}
