/* Named program parameters: `getopt("name", default[, description])` reads `--name=value` given
 * after `--` on the command line. The value is known when the script is compiled, so the call
 * becomes a literal of the default's type (bool without a default). A value that does not fit
 * is recorded on the typed program's parameter, not reported here: bpftrace reports it as a
 * command-line error (no source location), after the script checked, and so does cli/. */
#define _POSIX_C_SOURCE 200809L /* strcasecmp */
#include "stdlib/params.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum param_kind { PARAM_BOOL, PARAM_SIGNED, PARAM_UNSIGNED, PARAM_STRING };

/* The literal a call resolves to, kept on the call node (AST_CALL leaves `a` unused). */
static struct ast_node *literal(struct check_ctx *c, struct ast_node *call, enum ast_kind kind)
{
	struct ast_node *lit = ARENA_NEW(c->arena, struct ast_node);
	*lit = (struct ast_node){.kind = kind, .loc = call->loc};
	call->a = lit;
	return lit;
}

/* The value the command line gives NAME: NULL when not given, "" + *flag for a bare `--name`.
 * The last one given wins. */
static const char *given_value(const struct sema_options *o, const char *name, bool *flag)
{
	const char *val = NULL;
	size_t len = strlen(name);
	for (int i = 0; o && i < o->nnamed_params; i++) {
		const char *p = o->named_params[i];
		if (strncmp(p, name, len) != 0 || (p[len] != '\0' && p[len] != '='))
			continue;
		*flag = p[len] == '\0';
		val = *flag ? "" : p + len + 1;
	}
	return val;
}

static bool bool_word(const char *s, bool *out)
{
	if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0)
		return (*out = true), true;
	if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0)
		return (*out = false), true;
	return false;
}

/* Parses VAL as an integer of KIND (decimal, 0x hex or 0 octal); NULL, or why not. */
static const char *parse_int(const char *val, enum param_kind kind, uint64_t *out)
{
	char *end;
	errno = 0;
	if (kind == PARAM_UNSIGNED) {
		const char *p = val;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '-')
			return "invalid integer";   /* strtoull would wrap it around */
		*out = strtoull(val, &end, 0);
	} else {
		*out = (uint64_t)strtoll(val, &end, 0);
	}
	if (!*val || *end)
		return "invalid integer";
	if (errno == ERANGE)
		return "value is out of range";
	return NULL;
}

/* Records NAME on the program (once), checking that every call agrees on its default. */
static struct sema_param *record(struct check_ctx *c, struct ast_node *n, const char *name, const char *def_text,
                                 const char *desc)
{
	struct typed_program *p = c->prog;
	for (size_t i = 0; i < p->nparams; i++) {
		if (strcmp(p->params[i].name, name) != 0)
			continue;
		if (strcmp(p->params[i].default_text, def_text) != 0) {
			sema_error(c, n->loc, "Command line option '%s' needs to have the same default value in all places "
			           "it is used. Previous default value: %s", name, p->params[i].default_text);
			return NULL;
		}
		if (desc && !p->params[i].description)
			p->params[i].description = desc;
		return &p->params[i];
	}
	p->params = arena_grow(c->arena, p->params, p->nparams, &p->params_cap, sizeof(*p->params), 8);
	struct sema_param *sp = &p->params[p->nparams++];
	*sp = (struct sema_param){.name = name, .description = desc, .default_text = def_text};
	return sp;
}

const struct type *stdlib_getopt_check(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *name = n->list, *def = name->next, *desc = def ? def->next : NULL;
	if (name->kind != AST_STRING) {
		sema_error(c, name->loc, "First argument to 'getopt' must be a string literal.");
		return NULL;
	}
	enum param_kind kind;
	uint64_t num = 0;       /* the default of an integer or bool */
	if (!def) {
		kind = PARAM_BOOL;
	} else if (def->kind == AST_BOOL) {
		kind = PARAM_BOOL;
		num = def->num;
	} else if (def->kind == AST_STRING) {
		kind = PARAM_STRING;
	} else if (def->kind == AST_INT) {
		kind = PARAM_UNSIGNED;   /* a non-negative default makes an unsigned parameter, as upstream */
		num = def->num;
	} else if (def->kind == AST_UNOP && def->op == OP_NEG && def->a->kind == AST_INT) {
		kind = PARAM_SIGNED;
		num = -def->a->num;
	} else {
		sema_error(c, def->loc, "Second argument to 'getopt' must be a string literal, integer literal, or a "
		           "boolean literal.");
		return NULL;
	}
	if (desc && desc->kind != AST_STRING) {
		sema_error(c, desc->loc, "Third argument to 'getopt' must be a string literal.");
		return NULL;
	}
	const char *def_text = kind == PARAM_STRING ? def->str
	                       : kind == PARAM_BOOL ? (num ? "true" : "false")
	                       : kind == PARAM_SIGNED ? arena_printf(c->arena, "%" PRId64, (int64_t)num)
	                       : arena_printf(c->arena, "%" PRIu64, num);
	struct sema_param *sp = record(c, n, name->str, def_text, desc ? desc->str : NULL);
	if (!sp)
		return NULL;

	bool flag = false;
	const char *val = given_value(c->opts, name->str, &flag);
	const char *why = NULL;
	const char *str = kind == PARAM_STRING ? def->str : NULL;
	size_t str_len = kind == PARAM_STRING ? (size_t)def->num : 0;
	if (val && flag && kind != PARAM_BOOL) {
		/* A bare `--name` is a boolean's spelling. */
		why = kind == PARAM_STRING ? "expects a string" : "expects an integer";
		val = "true";
	} else if (val && kind == PARAM_BOOL) {
		bool b = true;
		if (!flag && !bool_word(val, &b))
			why = "expects a boolean (e.g. 'true')";
		else
			num = b;
	} else if (val && kind == PARAM_STRING) {
		str = val;
		str_len = strlen(val);
	} else if (val) {
		uint64_t v;
		why = parse_int(val, kind, &v);
		if (!why)
			num = v;
	}
	sp->error = why ? arena_printf(c->arena, "%s (value: %s)", why, val) : NULL;

	struct ast_node *lit;
	switch (kind) {
	case PARAM_BOOL:
		lit = literal(c, n, AST_BOOL);
		lit->num = num;
		return lit->type = type_bool();
	case PARAM_STRING:
		lit = literal(c, n, AST_STRING);
		lit->str = str;
		lit->num = str_len;
		return lit->type = sema_string_type(c, (uint32_t)str_len + 1);
	default:
		lit = literal(c, n, AST_INT);
		lit->num = num;
		lit->flag = kind == PARAM_UNSIGNED;
		return lit->type = type_int(8, kind == PARAM_SIGNED);
	}
}

struct cg_val *stdlib_getopt_emit(struct cg *cg, struct ast_node *n)
{
	return cg_expr(cg, n->a);
}
