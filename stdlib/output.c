/* Builtins that make output or stop the run: their records go through the ring buffer and the
 * runtime acts on them (see mf_event_kind). */
#include "stdlib/stdlib_priv.h"

#include <string.h>

/* printf-style: a literal format, then as many values as it has conversions. */
static const struct type *check_formatted(struct check_ctx *c, struct ast_node *n, const char *fn)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	int want = stdlib_format_conversions(c, n->list);
	if (want < 0)
		return NULL;
	int have = 0;
	for (struct ast_node *a = n->list->next; a; a = a->next) {
		have++;
		if (a->type->kind == TY_VOID || type_is_agg(a->type)) {
			sema_error(c, a->loc, "%s: invalid argument type %s", fn, sema_type_str(c, a->type));
			return NULL;
		}
	}
	if (have != want) {
		sema_error(c, n->loc, "%s: %s arguments for format string (%d supplied, %d expected)", fn,
		       have > want ? "Too many" : "Not enough", have, want);
		return NULL;
	}
	n->aux_type = stdlib_list_tuple(c, n->list->next);
	return type_void();
}

/* printf in an iterator writes into the reader's seq_file with bpf_seq_printf, so the kernel
 * formats it: only its conversions (%d %i %u %x %X %c %s %p with flags, a width and l/ll), at most
 * SEQ_MAX_ARGS values, integers passed as 64 bits (each integer conversion gets "ll"). The
 * format literal is rewritten so; rewriting it again changes nothing. */
enum { SEQ_MAX_ARGS = 12 };   /* the kernel's MAX_BPRINTF_VARARGS */

static bool seq_conversion(struct check_ctx *c, struct ast_node *fmt, const char **pp, struct ast_node *a,
                           struct strbuf *sb)
{
	const char *start = *pp, *p = start + 1;
	while (*p && strchr("-+ 0", *p))
		p++;
	while (*p >= '0' && *p <= '9')
		p++;
	sb_putn(sb, start, (size_t)(p - start));
	while (*p == 'l')
		p++;
	if (!*p || !strchr("diuxXcsp", *p)) {
		sema_error(c, fmt->loc, "printf in an iter probe is formatted by the kernel (bpf_seq_printf): %.*s is not "
		           "one of its conversions (%%d %%i %%u %%x %%X %%c %%s %%p, with flags, a width and l or ll)",
		           (int)(p - start + (*p != 0)), start);
		return false;
	}
	bool text = a->type->kind == TY_STRING;
	bool number = type_is_integral(a->type) || a->type->kind == TY_PTR || a->type->kind == TY_BOOL;
	if (*p == 's' ? !text : !number) {
		sema_error(c, a->loc, "printf in an iter probe cannot print %s with %%%c (the kernel formats it: strings "
		           "with %%s, integers with the others)", sema_type_str(c, a->type), *p);
		return false;
	}
	if (strchr("diuxX", *p))
		sb_puts(sb, "ll");
	sb_putc(sb, *p);
	*pp = p;
	return true;
}

static bool check_seq_format(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *fmt = n->list, *a = fmt->next;
	struct strbuf sb = {0};
	bool ok = true;
	int count = 0;
	for (const char *p = fmt->str; ok && *p; p++) {
		if (*p != '%' || p[1] == '%') {
			sb_putn(&sb, p, *p == '%' ? 2 : 1);
			p += *p == '%';
			continue;
		}
		if (++count > SEQ_MAX_ARGS) {
			sema_error(c, a->loc, "printf in an iter probe takes at most %d values (bpf_seq_printf)", SEQ_MAX_ARGS);
			ok = false;
		} else {
			ok = seq_conversion(c, fmt, &p, a, &sb);
			a = a->next;
		}
	}
	if (ok) {
		fmt->str = arena_strdup(c->arena, sb.buf ? sb.buf : "");
		fmt->num = strlen(fmt->str);
		fmt->type = sema_string_type(c, (uint32_t)fmt->num + 1);
	}
	sb_free(&sb);
	return ok;
}

static const struct type *t_printf(struct check_ctx *c, struct ast_node *n)
{
	if (!check_formatted(c, n, "printf"))
		return NULL;
	if (c->probe && probe_has(c->probe->type, PT_ITERATOR) && !check_seq_format(c, n))
		return NULL;
	return type_void();
}

/* bpf_seq_printf(ctx->meta->seq, fmt, size, values, 8 * count): both loads are direct, so the
 * verifier keeps the seq_file's BTF type the helper asks for. */
static void emit_seq_printf(struct cg *cg, struct ast_node *n)
{
	const struct type *u64 = type_int(8, false);
	unsigned count = 0;
	for (struct ast_node *a = n->list->next; a; a = a->next)
		count++;
	struct cg_val *values = count ? cg_frame(cg, count, "seq_args") : cg_null(cg);
	unsigned i = 0;
	for (struct ast_node *a = n->list->next; a; a = a->next, i++) {
		struct cg_val *v = cg_expr(cg, a);
		cg_frame_set(cg, values, i, a->type->kind == TY_STRING ? v : cg_convert(cg, v, a->type, u64));
	}
	struct cg_val *meta = cg_load_aligned(cg, cg_ctx(cg), u64, 8);
	struct cg_val *args[5] = {
		cg_load_aligned(cg, cg_int_to_ptr(cg, meta), u64, 8), cg_expr(cg, n->list),
		cg_int(cg, n->list->type->size, NULL), values, cg_int(cg, 8 * count, NULL)};
	cg_helper(cg, HELPER_SEQ_PRINTF, args, 5);
}

static struct cg_val *e_printf(struct cg *cg, struct ast_node *n)
{
	if (probe_has(cg_probe_type(cg), PT_ITERATOR))
		emit_seq_printf(cg, n);
	else
		cg_event(cg, EV_PRINTF, n->list->str, n->list->next, n->aux_type, -1);
	return NULL;
}

static const struct type *t_errorf(struct check_ctx *c, struct ast_node *n)
{
	return check_formatted(c, n, "errorf");
}

static struct cg_val *e_errorf(struct cg *cg, struct ast_node *n)
{
	int id = cg_event(cg, EV_ERRORF, n->list->str, n->list->next, n->aux_type, -1);
	cg_event_set_node_loc(cg, id, n, "ERROR");   /* the message names the call, as a diagnostic does */
	return NULL;
}

/* warnf: errorf's twin at WARNING level, which --no-warnings silences. */
static const struct type *t_warnf(struct check_ctx *c, struct ast_node *n)
{
	return check_formatted(c, n, "warnf");
}

static struct cg_val *e_warnf(struct cg *cg, struct ast_node *n)
{
	int id = cg_event(cg, EV_ERRORF, n->list->str, n->list->next, n->aux_type, -1);
	cg_event_set_node_loc(cg, id, n, "WARNING");
	struct mf_event *ev = cg_event_get(cg, id);
	if (ev)
		ev->warning = true;
	return NULL;
}

/* debugf: printf into the kernel's trace buffer (bpf_trace_printk), formatted by the kernel, so
 * only its conversions (%d %i %u %x %p %s with l/ll) apply. Strings go as pointers to their
 * storage; integers as 64-bit values. */
enum { DEBUGF_MAX_ARGS = 3 };   /* bpf_trace_printk's limit */

static const struct type *t_debugf(struct check_ctx *c, struct ast_node *n)
{
	if (!check_formatted(c, n, "debugf"))
		return NULL;
	int have = 0;
	for (struct ast_node *a = n->list->next; a; a = a->next) {
		if (++have > DEBUGF_MAX_ARGS) {
			sema_error(c, a->loc, "debugf: at most %d arguments are supported (bpf_trace_printk)", DEBUGF_MAX_ARGS);
			return NULL;
		}
		if (a->type->kind != TY_STRING && !type_is_integral(a->type)) {
			sema_error(c, a->loc, "debugf: only integers and strings can be printed, got %s", sema_type_str(c, a->type));
			return NULL;
		}
	}
	return type_void();
}

static struct cg_val *e_debugf(struct cg *cg, struct ast_node *n)
{
	struct cg_val *args[2 + DEBUGF_MAX_ARGS];
	unsigned nargs = 0;
	args[nargs++] = cg_expr(cg, n->list);   /* the format, NUL-terminated in its storage */
	args[nargs++] = cg_int(cg, n->list->type->size, NULL);
	for (struct ast_node *a = n->list->next; a && nargs < 2 + DEBUGF_MAX_ARGS; a = a->next) {
		struct cg_val *v = cg_expr(cg, a);
		args[nargs++] = a->type->kind == TY_STRING ? v : cg_convert(cg, v, a->type, type_int(8, a->type->is_signed));
	}
	cg_helper(cg, HELPER_TRACE_PRINTK, args, nargs);
	return NULL;
}

static const struct type *t_system(struct check_ctx *c, struct ast_node *n)
{
	if (!c->opts->unsafe) {
		sema_error(c, n->loc, "system() is an unsafe function being used in safe mode");
		return NULL;
	}
	return check_formatted(c, n, "system");
}

static struct cg_val *e_system(struct cg *cg, struct ast_node *n)
{
	cg_event(cg, EV_SYSTEM, n->list->str, n->list->next, n->aux_type, -1);
	return NULL;
}

static const struct type *t_cat(struct check_ctx *c, struct ast_node *n)
{
	return check_formatted(c, n, "cat");
}

static struct cg_val *e_cat(struct cg *cg, struct ast_node *n)
{
	cg_event(cg, EV_CAT, n->list->str, n->list->next, n->aux_type, -1);
	return NULL;
}

/* print(@map[, top[, div]]) prints a whole map; print(value) one value. */
static const struct type *t_print(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *a = n->list;
	if (a->kind == AST_MAP && !a->list) {
		struct sema_map *m = sema_map_ref(c, a);
		if (!m->value && !c->collecting) {
			sema_error(c, a->loc, "Undefined map: %s", a->str);
			return NULL;
		}
		for (struct ast_node *x = a->next; x; x = x->next)
			if (!sema_expr(c, x))
				return NULL;
		if (!stdlib_want_int(c, n, 1, "print") || !stdlib_want_int(c, n, 2, "print"))
			return NULL;
		/* top and div travel as u64 fields; a missing div reads as 0 (no division). */
		const struct type *u64s[2] = {type_int(8, false), type_int(8, false)};
		n->aux_type = a->next ? sema_tuple_type(c, u64s, NULL, a->next->next ? 2 : 1) : NULL;
		return type_void();
	}
	if (a->next) {
		sema_error(c, n->loc, "Non-map print() only takes 1 argument, %d found", 1 + (a->next->next ? 2 : 1));
		return NULL;
	}
	const struct type *t = sema_expr(c, a);
	if (t && t->kind == TY_VOID) {
		sema_error(c, a->loc, "print() cannot print a value of type void");
		return NULL;
	}
	if (!t)
		return NULL;
	n->aux_type = sema_tuple_type(c, &t, NULL, 1);
	return type_void();
}

static struct cg_val *e_print(struct cg *cg, struct ast_node *n)
{
	struct ast_node *a = n->list;
	if (a->kind == AST_MAP && !a->list) {
		const struct sema_map *m = a->sym;
		cg_event(cg, EV_PRINT_MAP, NULL, a->next, n->aux_type, m->index);
		return NULL;
	}
	cg_event(cg, EV_PRINT_VALUE, NULL, a, n->aux_type, -1);
	return NULL;
}

static const struct type *t_exit(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "exit"))
		return NULL;
	const struct type *code = type_int(8, true);
	n->aux_type = n->list ? sema_tuple_type(c, &code, NULL, 1) : NULL;
	return type_void();
}

static struct cg_val *e_exit(struct cg *cg, struct ast_node *n)
{
	cg_event(cg, EV_EXIT, NULL, n->list, n->aux_type, -1);
	/* exit() ends this probe's execution too, as in bpftrace. */
	cg_return(cg);
	return NULL;
}

const struct builtin stdlib_output_builtins[] = {
	{.name = "printf", .form = BUILTIN_CALL, .min_args = 1, .max_args = -1, .check = t_printf, .emit = e_printf},
	{.name = "errorf", .form = BUILTIN_CALL, .min_args = 1, .max_args = -1, .check = t_errorf, .emit = e_errorf},
	{.name = "warnf", .form = BUILTIN_CALL, .min_args = 1, .max_args = -1, .check = t_warnf, .emit = e_warnf},
	{.name = "debugf", .form = BUILTIN_CALL, .min_args = 1, .max_args = -1, .check = t_debugf, .emit = e_debugf},
	{.name = "system", .form = BUILTIN_CALL, .min_args = 1, .max_args = -1, .check = t_system, .emit = e_system},
	{.name = "cat", .form = BUILTIN_CALL, .min_args = 1, .max_args = -1, .check = t_cat, .emit = e_cat},
	{.name = "print", .form = BUILTIN_CALL, .min_args = 1, .max_args = 3, .check = t_print, .emit = e_print},
	{.name = "exit", .form = BUILTIN_CALL, .flags = BUILTIN_ENDS_PROBE, .min_args = 0, .max_args = 1,
	 .check = t_exit, .emit = e_exit},
	{0},
};
