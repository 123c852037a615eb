/* Name lookup over every domain's table of builtins, and helpers the entries share. */
#include "stdlib/stdlib_priv.h"

#include <stdio.h>
#include <string.h>

const struct builtin *const stdlib_tables[] = {
	stdlib_process_builtins, stdlib_time_builtins, stdlib_output_builtins, stdlib_string_builtins, stdlib_agg_builtins, stdlib_map_builtins,
	stdlib_misc_builtins, stdlib_stack_builtins, stdlib_buffer_builtins, stdlib_register_builtins,
	stdlib_kernel_object_builtins, stdlib_task_action_builtins,
	stdlib_introspection_builtins, NULL,
};

const struct builtin *stdlib_builtin(const char *name, int form)
{
	for (const struct builtin *const *t = stdlib_tables; *t; t++)
		for (const struct builtin *b = *t; b->name; b++)
			if ((int)b->form == form && strcmp(b->name, name) == 0)
				return b;
	return NULL;
}

struct ast_node *stdlib_call_arg(struct ast_node *call, int n)
{
	struct ast_node *a = call->list;
	while (a && n-- > 0)
		a = a->next;
	return a;
}

bool stdlib_check_args(struct check_ctx *c, struct ast_node *call)
{
	bool ok = true;
	for (struct ast_node *a = call->list; a; a = a->next)
		if (!sema_expr(c, a))
			ok = false;
	return ok;
}

bool stdlib_want_int(struct check_ctx *c, struct ast_node *call, int n, const char *fn)
{
	struct ast_node *a = stdlib_call_arg(call, n);
	if (a && a->type && !type_is_integral(a->type)) {
		sema_error(c, a->loc, "%s() expects an integer argument, got %s", fn, sema_type_str(c, a->type));
		return false;
	}
	return true;
}

const struct type *stdlib_list_tuple(struct check_ctx *c, struct ast_node *first)
{
	uint32_t n = 0;
	for (struct ast_node *a = first; a; a = a->next)
		n++;
	if (!n)
		return NULL;
	const struct type *elems[n];
	uint32_t i = 0;
	for (struct ast_node *a = first; a; a = a->next)
		elems[i++] = a->type;
	return sema_tuple_type(c, elems, NULL, n);
}

int stdlib_format_conversions(struct check_ctx *c, struct ast_node *fmt_node)
{
	if (fmt_node->kind != AST_STRING) {
		sema_error(c, fmt_node->loc, "The format must be a string literal");
		return -1;
	}
	int n = 0;
	for (const char *p = fmt_node->str; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		n++;
	}
	return n;
}
