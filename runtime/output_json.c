/* JSON scalars as bpftrace's JSON output writes them. */
#include "runtime/output.h"

#include <inttypes.h>

void rt_out_json_string(struct strbuf *sb, const char *s, size_t n)
{
	sb_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		switch (c) {
		case '"': sb_puts(sb, "\\\""); break;
		case '\\': sb_puts(sb, "\\\\"); break;
		case '\n': sb_puts(sb, "\\n"); break;
		case '\r': sb_puts(sb, "\\r"); break;
		case '\t': sb_puts(sb, "\\t"); break;
		default:
			/* Upstream tests a signed char against 0x1f, so bytes >= 0x80 are escaped too,
			 * and their hex is that of the sign-extended int. Kept for byte equality. */
			if (c <= '\x1f')
				sb_printf(sb, "\\u%04x", (unsigned)(int)c);
			else
				sb_putc(sb, c);
		}
	}
	sb_putc(sb, '"');
}

void rt_out_json_int(struct strbuf *sb, int64_t v, bool is_signed)
{
	char num[32];
	bool exact;
	if (is_signed) {
		double d = (double)v;
		snprintf(num, sizeof(num), "%" PRId64, v);
		/* 2^63 itself is out of range: the round trip would be undefined. */
		exact = d < 9223372036854775808.0 && (int64_t)d == v;
	} else {
		uint64_t u = (uint64_t)v;
		double d = (double)u;
		snprintf(num, sizeof(num), "%" PRIu64, u);
		exact = d < 18446744073709551616.0 && (uint64_t)d == u;
	}
	/* JSON numbers are doubles; a value a double would round is sent as a string. */
	if (exact)
		sb_puts(sb, num);
	else
		sb_printf(sb, "\"%s\"", num);
}
