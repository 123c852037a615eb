/* The program and its statements: two passes (learn map types, then check and report). */
#include "sema/sema_priv.h"

#include <stdio.h>
#include <string.h>

void sema_error(struct check_ctx *c, struct loc loc, const char *fmt, ...)
{
	if (c->collecting)
		return;
	va_list ap;
	va_start(ap, fmt);
	diag_verror(c->diags, loc, fmt, ap);
	va_end(ap);
}

bool sema_collecting(const struct check_ctx *c)
{
	return c->collecting;
}

/* A for-map loop's $kv, inside its loop, shadows any other variable of that name. */
struct sema_var *sema_var_find(struct check_ctx *c, const char *name)
{
	for (int i = c->nloop_vars; i-- > 0;)
		if (strcmp(c->loop_vars[i]->name, name) == 0)
			return c->loop_vars[i];
	struct sema_probe *p = c->probe;
	for (size_t i = 0; i < p->nvars; i++)
		if (!p->vars[i]->loop_scoped && strcmp(p->vars[i]->name, name) == 0)
			return p->vars[i];
	return NULL;
}

struct sema_var *sema_var_new(struct check_ctx *c, const char *name)
{
	struct sema_probe *p = c->probe;
	if (p->nvars == p->vars_cap) {
		size_t cap = p->vars_cap ? p->vars_cap * 2 : 8;
		struct sema_var **nv = ARENA_NEWN(c->arena, struct sema_var *, cap);
		if (p->nvars)
			memcpy(nv, p->vars, p->nvars * sizeof(*nv));
		p->vars = nv;
		p->vars_cap = cap;
	}
	struct sema_var *v = ARENA_NEW(c->arena, struct sema_var);
	v->name = name;
	v->index = (int)p->nvars;
	p->vars[p->nvars++] = v;
	return v;
}

struct sema_var *sema_var_bind(struct check_ctx *c, const char *name, const struct type *t, struct loc loc)
{
	struct sema_var *v = sema_var_find(c, name);
	if (!v)
		v = sema_var_new(c, name);
	if (t) {
		const struct type *j = sema_join(c, v->type, t);
		if (!j) {
			sema_error(c, loc, "Type mismatch for %s: trying to assign value of type '%s' when variable already has a type '%s'",
			           name, sema_type_str(c, t), sema_type_str(c, v->type));
			return v;
		}
		v->type = j;
	}
	return v;
}

static void check_assign(struct check_ctx *c, struct ast_node *s)
{
	struct ast_node *target = s->a, *value = s->b;
	if (s->op != OP_NONE) {
		/* `x op= v` checks as `x = x op v`, which is how codegen lowers it too. */
		const struct type *tt = sema_expr(c, target);
		const struct type *vt = sema_expr(c, value);
		if (tt && vt && (!type_is_integral(tt) || !type_is_integral(vt)))
			sema_error(c, s->loc, "The %s= operator needs integer operands", ast_op_text(s->op));
		if (target->kind == AST_VAR && tt)
			sema_var_bind(c, target->str, type_int(8, tt->is_signed || (vt && vt->is_signed)), s->loc);
		else if (target->kind == AST_MAP) {
			struct sema_map *m = sema_map_ref(c, target);
			if (m && vt && !type_is_agg(m->value))
				sema_map_assign(c, m, type_int(8, (tt && tt->is_signed) || vt->is_signed), s->loc);
		}
		return;
	}
	if (target->kind == AST_MAP && value->kind == AST_CALL) {
		const struct builtin *b = builtin_find(value->str, BUILTIN_CALL);
		if (b && b->emit_agg) {
			struct sema_map *m = sema_map_ref(c, target);
			if (!sema_map_keys(c, m, target))
				return;
			const struct type *t = sema_expr(c, value);
			if (m && t)
				sema_map_assign(c, m, t, s->loc);
			return;
		}
	}
	const struct type *vt = sema_expr(c, value);
	if (!vt)
		return;
	if (vt->kind == TY_VOID) {
		sema_error(c, value->loc, "Value of type 'void' cannot be assigned");
		return;
	}
	switch (target->kind) {
	case AST_VAR: {
		struct sema_var *v = sema_var_bind(c, target->str, vt, s->loc);
		target->sym = v;
		target->type = v->type;
		break;
	}
	case AST_MAP: {
		struct sema_map *m = sema_map_ref(c, target);
		if (sema_map_keys(c, m, target))
			sema_map_assign(c, m, vt, s->loc);
		break;
	}
	case AST_IDENT:
		if (strcmp(target->str, "_") == 0)
			break;   /* `_ = e` evaluates e and discards its value */
		/* fall through */
	default:
		sema_error(c, target->loc, "Only maps and variables can be assigned to");
		break;
	}
}

static void check_stmt(struct check_ctx *c, struct ast_node *s)
{
	switch (s->kind) {
	case AST_EXPR_STMT:
		sema_expr(c, s->a);
		break;
	case AST_ASSIGN:
		check_assign(c, s);
		break;
	case AST_LET: {
		const struct type *t = s->b ? sema_type_from_ast(c, s->b) : NULL;
		if (s->c) {
			const struct type *vt = sema_expr(c, s->c);
			if (vt && !t)
				t = vt;
		}
		struct sema_var *v = sema_var_bind(c, s->a->str, t, s->loc);
		s->a->sym = v;
		s->a->type = v->type;
		break;
	}
	case AST_IF: {
		sema_expr(c, s->a);
		sema_block(c, s->b);
		if (s->c) {
			if (s->c->kind == AST_IF)
				check_stmt(c, s->c);
			else
				sema_block(c, s->c);
		}
		break;
	}
	case AST_WHILE:
		sema_expr(c, s->a);
		c->loop_depth++;
		sema_block(c, s->b);
		c->loop_depth--;
		break;
	case AST_UNROLL: {
		int64_t n;
		if (!sema_const_int(c, s->a, &n))
			sema_error(c, s->a->loc, "unroll needs a constant count");
		else if (n < 1 || n > 100)
			sema_error(c, s->a->loc, "unroll count must be positive and at most 100");
		sema_block(c, s->b);
		break;
	}
	case AST_FOR_RANGE: {
		const struct type *lo = sema_expr(c, s->b), *hi = sema_expr(c, s->c);
		if ((lo && !type_is_integral(lo)) || (hi && !type_is_integral(hi)))
			sema_error(c, s->loc, "Loop range requires integer bounds");
		struct sema_var *v = sema_var_bind(c, s->a->str, type_int(8, true), s->a->loc);
		s->a->sym = v;
		s->a->type = v->type;
		c->loop_depth++;
		sema_block(c, s->d);
		c->loop_depth--;
		break;
	}
	case AST_FOR_MAP: {
		struct sema_map *m = sema_map_ref(c, s->b);
		const struct type *kv = NULL;
		if (m && m->value) {
			const struct type *key = m->key ? m->key : type_int(8, false);
			const struct type *val = m->value;
			if (type_is_agg(val) && val->kind != TY_HIST && val->kind != TY_LHIST)
				val = type_int(8, val->is_signed || val->kind == TY_COUNT ? val->is_signed : false);
			const struct type *elems[2] = {key, val};
			kv = sema_tuple_type(c, elems, NULL, 2);
		} else if (m) {
			sema_error(c, s->b->loc, "Undefined map: %s", s->b->str);
		}
		/* Each loop has its own $kv (loops over different maps give it different types); the
		 * second pass reuses the variable the first made. */
		struct sema_var *v = s->a->sym ? s->a->sym : sema_var_new(c, s->a->str);
		v->type = kv;
		v->loop_scoped = true;
		s->a->sym = v;
		s->a->type = v->type;
		s->b->sym = m;
		if (c->nloop_vars == (int)ARRAY_LEN(c->loop_vars)) {
			sema_error(c, s->loc, "Loops nest too deeply");
			break;
		}
		c->loop_vars[c->nloop_vars++] = v;
		c->loop_depth++;
		sema_block(c, s->c);
		c->loop_depth--;
		c->nloop_vars--;
		break;
	}
	case AST_BREAK:
	case AST_CONTINUE:
		if (!c->loop_depth)
			sema_error(c, s->loc, "'%s' statement is not allowed outside of a loop",
			           s->kind == AST_BREAK ? "break" : "continue");
		break;
	case AST_RETURN:
		if (s->a)
			sema_expr(c, s->a);
		break;
	case AST_BLOCK:
		sema_block(c, s);
		break;
	default:
		sema_error(c, s->loc, "This statement is not supported yet");
		break;
	}
}

void sema_block(struct check_ctx *c, struct ast_node *block)
{
	if (!block)
		return;
	for (struct ast_node *s = block->list; s; s = s->next)
		check_stmt(c, s);
	if (block->a)
		sema_expr(c, block->a);
}

static void check_probes(struct check_ctx *c)
{
	for (size_t i = 0; i < c->prog->nprobes; i++) {
		struct sema_probe *p = c->prog->probes[i];
		c->probe = p;
		c->loop_depth = 0;
		if (p->node->a) {
			const struct type *t = sema_expr(c, p->node->a);
			if (t && !type_is_integral(t) && t->kind != TY_BOOL)
				sema_error(c, p->node->a->loc, "Invalid type for predicate: %s", sema_type_str(c, t));
		}
		sema_block(c, p->node->b);
	}
}

int sema_check(struct ast_node *program, const struct sema_options *opts, struct arena *arena,
               struct diags *diags, struct typed_program *out)
{
	memset(out, 0, sizeof(*out));
	out->ast = program;
	out->positional = opts->positional;
	out->npositional = opts->npositional;
	out->cpid = opts->cpid;
	sema_config_defaults(&out->config);

	struct check_ctx c = {.arena = arena, .diags = diags, .prog = out, .opts = opts};
	int before = diags->errors;
	for (struct ast_node *n = program->list; n; n = n->next) {
		switch (n->kind) {
		case AST_CONFIG:
			sema_config_apply(&c, n);
			break;
		case AST_MAP_DECL: {
			struct ast_node ref = {.kind = AST_MAP, .str = n->str, .loc = n->loc};
			struct sema_map *m = sema_map_ref(&c, &ref);
			m->declared = true;
			m->max_entries = (uint32_t)n->num;
			if (strcmp(n->str2, "hash") == 0) m->storage = MAP_HASH;
			else if (strcmp(n->str2, "lruhash") == 0) m->storage = MAP_LRU_HASH;
			else if (strcmp(n->str2, "percpuhash") == 0) m->storage = MAP_PERCPU_HASH;
			else if (strcmp(n->str2, "percpulruhash") == 0) m->storage = MAP_PERCPU_LRU_HASH;
			else if (strcmp(n->str2, "percpuarray") == 0) m->storage = MAP_PERCPU_ARRAY;
			else sema_error(&c, n->loc, "Invalid bpf map type: %s", n->str2);
			break;
		}
		case AST_PROBE:
			sema_expand_probe(&c, n);
			break;
		case AST_PREPROC:
		case AST_C_DEFINITION:
		case AST_IMPORT:
			break; /* C definitions are read when a cast names them */
		case AST_MACRO:
		case AST_FUNCTION:
			diag_error(diags, n->loc, "%s are not supported yet", n->kind == AST_MACRO ? "macros" : "functions");
			break;
		default:
			break;
		}
	}
	if (diags->errors > before) {
		sema_ctypes_free(&c);
		return diags->errors - before;
	}
	c.collecting = true;
	check_probes(&c);
	c.collecting = false;
	check_probes(&c);
	for (size_t i = 0; i < out->nmaps; i++) {
		struct sema_map *m = out->maps[i];
		if (!m->value)
			diag_error(diags, m->first_use, "Undefined map: %s", m->name);
	}
	sema_ctypes_free(&c);
	return diags->errors - before;
}
