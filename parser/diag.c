/* Diagnostics in bpftrace's shape:
 *   NAME:LINE:COL-COL: ERROR: message
 *   the source line
 *   ~~~~ under the range (last column exclusive)
 * Ranges spanning lines print as NAME:LINE-LINE: with no excerpt, as bpftrace does. With color
 * (BPFTRACE_COLOR), the first line is red for an error and yellow for a warning. */
#include "parser/parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static FILE *out_of(struct diags *d)
{
	return d->out ? d->out : stderr;
}

/* Finds line LINE (1-based) of the source; returns its start and sets *LEN, or NULL. */
static const char *source_line(const struct source *src, int line, size_t *len)
{
	if (!src || !src->text || line < 1)
		return NULL;
	const char *p = src->text, *end = src->text + src->len;
	for (int l = 1; l < line; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((nl ? nl : end) - p);
	if (*len > 0 && p[*len - 1] == '\r')
		(*len)--;
	return p;
}

void diag_header(struct strbuf *sb, const struct source *src, struct loc loc)
{
	const char *name = src && src->name ? src->name : "stdin";
	if (loc.last_line > loc.first_line)
		sb_printf(sb, "%s:%d-%d", name, loc.first_line, loc.last_line);
	else
		sb_printf(sb, "%s:%d:%d-%d", name, loc.first_line, loc.first_col, loc.last_col);
}

void diag_excerpt(struct strbuf *sb, const struct source *src, struct loc loc)
{
	size_t len;
	const char *text = loc.last_line > loc.first_line ? NULL : source_line(src, loc.first_line, &len);
	if (!text)
		return;
	sb_putn(sb, text, len);   /* byte for byte: a NUL in the line does not cut it short */
	sb_putc(sb, '\n');
	int width = loc.last_col - loc.first_col;
	if (width < 1)
		width = 1;
	for (int i = 1; i < loc.first_col; i++)   /* a tab stays a tab, so the marker lines up */
		sb_putc(sb, (size_t)i <= len && text[i - 1] == '\t' ? '\t' : ' ');
	for (int i = 0; i < width; i++)
		sb_putc(sb, '~');
	sb_putc(sb, '\n');
}

const char *diag_color_start(const char *level)
{
	return strcmp(level, "ERROR") == 0 ? "\033[31m" : "\033[33m";
}

static void report(struct diags *d, struct loc loc, const char *level, const char *fmt,
		   va_list ap)
{
	struct strbuf sb = {0};
	if (d->color)
		sb_puts(&sb, diag_color_start(level));
	if (loc.first_line > 0) {
		diag_header(&sb, d->src, loc);
		sb_puts(&sb, ": ");
	}
	sb_printf(&sb, "%s: ", level);
	sb_vprintf(&sb, fmt, ap);
	if (d->color)
		sb_puts(&sb, DIAG_COLOR_END);
	sb_putc(&sb, '\n');
	if (loc.first_line > 0)
		diag_excerpt(&sb, d->src, loc);
	fwrite(sb.buf, 1, sb.len, out_of(d));
	sb_free(&sb);
}

/* Counts an error, by where it is and whether it is one of sonde's own ("internal error: ..."). */
static void count_error(struct diags *d, bool located, const char *fmt, va_list ap)
{
	char head[16];
	va_list copy;
	va_copy(copy, ap);
	vsnprintf(head, sizeof(head), fmt, copy);
	va_end(copy);
	d->errors++;
	d->unlocated += !located;
	d->internal += strncmp(head, "internal error", 14) == 0;
}

void diag_verror(struct diags *d, struct loc loc, const char *fmt, va_list ap)
{
	count_error(d, loc.first_line > 0, fmt, ap);
	report(d, loc, "ERROR", fmt, ap);
}

void diag_error(struct diags *d, struct loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_verror(d, loc, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diags *d, struct loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(d, loc, "WARNING", fmt, ap);
	va_end(ap);
	d->warnings++;
}

static void print_plain(struct diags *d, const char *level, const char *fmt, va_list ap)
{
	FILE *out = out_of(d);
	fprintf(out, "%s%s: ", d->color ? diag_color_start(level) : "", level);
	vfprintf(out, fmt, ap);
	fprintf(out, "%s\n", d->color ? DIAG_COLOR_END : "");
}

void diag_print(struct diags *d, const char *level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_plain(d, level, fmt, ap);
	va_end(ap);
}

void diag_plain_error(struct diags *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	count_error(d, false, fmt, ap);
	print_plain(d, "ERROR", fmt, ap);
	va_end(ap);
}
