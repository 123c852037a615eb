/* The program and its statements: two passes (learn map types, then check and report). */
#include "sema/sema_priv.h"

#include <stdio.h>
#include <string.h>

/* Reports at LOC in the source ORIGIN names, then, for a range copied from a macro body, where
 * each macro of the chain was called: "FILE:L:C-C: ERROR: expanded from". */
static void report(struct diags *d, bool warning, struct loc loc, const struct loc_origin *origin,
                   const char *fmt, va_list ap)
{
	struct diags in = *d;
	in.src = ast_origin_source(origin, d->src);
	if (warning) {
		char buf[1024];
		vsnprintf(buf, sizeof(buf), fmt, ap);
		diag_warning(&in, loc, "%s", buf);
	} else {
		diag_verror(&in, loc, fmt, ap);
	}
	for (const struct loc_origin *o = origin; o && o->from.first_line > 0; o = o->from_origin) {
		struct diags at = *d;
		at.src = ast_origin_source(o->from_origin, d->src);
		if (warning)
			diag_warning(&at, o->from, "expanded from");
		else
			diag_error(&at, o->from, "expanded from");
	}
	/* one diagnostic, however many lines it took */
	if (warning)
		d->warnings++;
	else
		d->errors++;
}

static bool same_loc(struct loc a, struct loc b)
{
	return a.first_line == b.first_line && a.first_col == b.first_col && a.last_line == b.last_line &&
	       a.last_col == b.last_col;
}

/* N, or the node under it, with range LOC; NULL if none. */
static const struct ast_node *node_at(const struct ast_node *n, struct loc loc)
{
	if (same_loc(n->loc, loc))
		return n;
	const struct ast_node *kids[4] = {n->a, n->b, n->c, n->d}, *r;
	for (int i = 0; i < 4; i++)
		if (kids[i] && (r = node_at(kids[i], loc)))
			return r;
	for (const struct ast_node *l = n->list; l; l = l->next)
		if ((r = node_at(l, loc)))
			return r;
	return NULL;
}

/* Diagnostics get a range, not a node: in an expanded program the node is found by its range,
 * in the statement being checked first (the same macro expanded twice has the same ranges). */
static const struct loc_origin *origin_at(struct check_ctx *c, struct loc loc)
{
	if (!c->expanded)
		return NULL;
	const struct ast_node *n = c->stmt ? node_at(c->stmt, loc) : NULL;
	for (const struct ast_node *p = c->prog->ast ? c->prog->ast->list : NULL; p && !n; p = p->next)
		n = node_at(p, loc);
	return n ? n->origin : NULL;
}

void sema_error(struct check_ctx *c, struct loc loc, const char *fmt, ...)
{
	if (c->collecting)
		return;
	va_list ap;
	va_start(ap, fmt);
	report(c->diags, false, loc, origin_at(c, loc), fmt, ap);
	va_end(ap);
}

void sema_error_node(struct check_ctx *c, const struct ast_node *n, const char *fmt, ...)
{
	if (c->collecting)
		return;
	va_list ap;
	va_start(ap, fmt);
	report(c->diags, false, n->loc, n->origin, fmt, ap);
	va_end(ap);
}

void sema_warning_node(struct check_ctx *c, const struct ast_node *n, const char *fmt, ...)
{
	if (c->collecting)
		return;
	va_list ap;
	va_start(ap, fmt);
	report(c->diags, true, n->loc, n->origin, fmt, ap);
	va_end(ap);
}

void sema_warning(struct check_ctx *c, struct loc loc, const char *fmt, ...)
{
	if (c->collecting)
		return;
	va_list ap;
	va_start(ap, fmt);
	report(c->diags, true, loc, origin_at(c, loc), fmt, ap);
	va_end(ap);
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
	p->vars = arena_grow(c->arena, p->vars, p->nvars, &p->vars_cap, sizeof(*p->vars), 8);
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

static void check_stmt(struct check_ctx *c, struct ast_node *s);

/* Whether E is a call of a builtin with every flag in FLAGS. */
static bool call_has(const struct check_ctx *c, const struct ast_node *e, unsigned flags)
{
	if (e->kind != AST_CALL)
		return false;
	const struct builtin *b = sema_builtin(c, e->str, BUILTIN_CALL);
	return b && (b->flags & flags) == flags;
}

static bool is_aggregation(const struct check_ctx *c, const struct ast_node *e)
{
	while (e->kind == AST_BLOCK && e->a)
		e = e->a;
	return call_has(c, e, BUILTIN_AGGREGATION);
}

/* `@m = { s; agg(x) }` aggregates: it is `{ s; @m = agg(x) }`. S (the assignment) becomes that
 * block in place, so both passes and codegen see the plain form. */
static void hoist_block_aggregation(struct check_ctx *c, struct ast_node *s)
{
	struct ast_node *value = s->b;
	struct ast_node *assign = ARENA_NEW(c->arena, struct ast_node);
	*assign = *s;
	assign->next = NULL;
	assign->b = value->a;
	struct ast_node **tail = &value->list;
	while (*tail)
		tail = &(*tail)->next;
	*tail = assign;
	s->kind = AST_BLOCK;
	s->list = value->list;
	s->a = s->b = NULL;
	s->op = OP_NONE;
	check_stmt(c, s);
}

/* The record type a target already has, if VALUE is a record literal naming the same fields in
 * another order; NULL otherwise. */
static const struct type *reordered_record(const struct type *have, const struct ast_node *value)
{
	if (!have || have->kind != TY_RECORD || value->kind != AST_RECORD)
		return NULL;
	uint32_t i = 0;
	bool same_order = true;
	for (const struct ast_node *f = value->list; f; f = f->next, i++) {
		if (i >= have->count)
			return NULL;
		uint32_t j;
		for (j = 0; j < have->count; j++)
			if (have->fields[j].name && strcmp(have->fields[j].name, f->str) == 0)
				break;
		if (j == have->count)
			return NULL;
		same_order = same_order && j == i;
	}
	return i == have->count && !same_order ? have : NULL;
}

/* A record literal assigned where a record of the same fields in another order lives takes that
 * order; its fields are still evaluated as written, into temporaries:
 *   (b = x, a = y)  ->  { let $t_b = x; let $t_a = y; (a = $t_a, b = $t_b) } */
static void reorder_record(struct check_ctx *c, struct ast_node *rec, const struct type *want)
{
	struct arena *ar = c->arena;
	struct ast_node *stmts = NULL, **tail = &stmts;
	for (struct ast_node *f = rec->list; f; f = f->next) {
		struct ast_node *let = ARENA_NEW(ar, struct ast_node);
		let->kind = AST_LET;
		let->loc = f->loc;
		let->a = ARENA_NEW(ar, struct ast_node);
		let->a->kind = AST_VAR;
		let->a->loc = f->loc;
		let->a->str = arena_printf(ar, "$$record_%d_%d_%s", rec->loc.first_line, rec->loc.first_col, f->str);
		let->c = f->a;
		f->a = NULL;
		f->str2 = let->a->str;   /* where the field's value went */
		*tail = let;
		tail = &let->next;
	}
	struct ast_node *lit = ARENA_NEW(ar, struct ast_node);
	lit->kind = AST_RECORD;
	lit->loc = rec->loc;
	struct ast_node **ftail = &lit->list;
	for (uint32_t i = 0; i < want->count; i++) {
		for (struct ast_node *f = rec->list; f; f = f->next) {
			if (strcmp(f->str, want->fields[i].name) != 0)
				continue;
			struct ast_node *nf = ARENA_NEW(ar, struct ast_node);
			nf->kind = AST_RECORD_FIELD;
			nf->loc = f->loc;
			nf->str = f->str;
			nf->a = ARENA_NEW(ar, struct ast_node);
			nf->a->kind = AST_VAR;
			nf->a->loc = f->loc;
			nf->a->str = f->str2;
			*ftail = nf;
			ftail = &nf->next;
			break;
		}
	}
	rec->kind = AST_BLOCK;
	rec->list = stmts;
	rec->a = lit;
}

static void check_assign(struct check_ctx *c, struct ast_node *s)
{
	struct ast_node *target = s->a, *value = s->b;
	if (s->op == OP_NONE && target->kind == AST_MAP && value->kind == AST_BLOCK && value->a && is_aggregation(c, value)) {
		hoist_block_aggregation(c, s);
		return;
	}
	if (s->op == OP_NONE && value->kind == AST_RECORD) {
		const struct type *have = NULL;
		if (target->kind == AST_VAR) {
			struct sema_var *v = sema_var_find(c, target->str);
			have = v ? v->type : NULL;
		} else if (target->kind == AST_MAP) {
			have = sema_map_ref(c, target)->value;
		}
		const struct type *want = reordered_record(have, value);
		if (want)
			reorder_record(c, value, want);
	}
	if (s->op != OP_NONE) {
		/* `x op= v` checks as `x = x op v`, which is how codegen lowers it too. */
		const struct type *tt = sema_expr(c, target);
		const struct type *vt = sema_expr(c, value);
		if (tt && vt && (!type_is_integral(tt) || !type_is_integral(vt)))
			sema_error(c, s->loc, "The %s= operator needs integer operands", ast_op_text(s->op));
		/* Pointer += n stays a pointer (codegen scales n); integers widen to 64 bits. */
		bool ptr = tt && tt->kind == TY_PTR && (s->op == OP_ADD || s->op == OP_SUB);
		const struct type *rt = ptr ? tt : type_int(8, type_signed_op(tt, vt));
		if (target->kind == AST_VAR && tt)
			sema_var_bind(c, target->str, rt, s->loc);
		else if (target->kind == AST_MAP) {
			struct sema_map *m = sema_map_ref(c, target);
			if (m && vt && !type_is_agg(m->value))
				sema_map_assign(c, m, rt, s->loc);
		}
		return;
	}
	if (target->kind == AST_MAP && call_has(c, value, BUILTIN_AGGREGATION)) {
		struct sema_map *m = sema_map_ref(c, target);
		if (!sema_map_keys(c, m, target))
			return;
		const struct type *t = sema_expr(c, value);
		if (m && t)
			sema_map_assign(c, m, t, s->loc);
		return;
	}
	const struct type *vt = sema_expr(c, value);
	if (!vt) {
		/* Later uses of the variable say nothing more once its error is out; the collecting pass
		 * reports nothing, so marking it there would silence the error itself ($t = $t + 1). */
		if (target->kind == AST_VAR && !c->collecting)
			sema_var_bind(c, target->str, NULL, s->loc)->failed = true;
		return;
	}
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

static void check_one(struct check_ctx *c, struct ast_node *s);

static void check_stmt(struct check_ctx *c, struct ast_node *s)
{
	struct ast_node *outer = c->stmt;
	c->stmt = s;
	check_one(c, s);
	c->stmt = outer;
}

/* for ($kv : @m): $kv is a (key, value) tuple, aggregations seen as the integers they print. */
static void check_for_map(struct check_ctx *c, struct ast_node *s)
{
	struct sema_map *m = sema_map_ref(c, s->b);
	const struct type *kv = NULL;
	if (m && m->value) {
		const struct type *key = m->key ? m->key : type_int(8, false);
		const struct type *val = m->value;
		if (type_is_agg(val) && !type_has_bucket_key(val))
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
		return;
	}
	c->loop_vars[c->nloop_vars++] = v;
	c->loop_depth++;
	sema_block(c, s->c);
	c->loop_depth--;
	c->nloop_vars--;
}

static void check_unroll(struct check_ctx *c, struct ast_node *s)
{
	int64_t n;
	if (!sema_const_int(c, s->a, &n))
		sema_error(c, s->a->loc, "unroll needs a constant count");
	else if (n > 100)
		sema_error(c, s->loc, "unroll maximum value is 100");
	else if (n < 1)
		sema_error(c, s->loc, "unroll minimum value is 1");
	sema_block(c, s->b);
}

static void check_one(struct check_ctx *c, struct ast_node *s)
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
		/* A constant condition ($1 < 2) leaves one branch unreachable, still checked. */
		int64_t v;
		bool known = sema_condition(c, s->a, "if()") && sema_const_int(c, s->a, &v);
		int then_dead = known && !v, else_dead = known && v;
		c->unreachable += then_dead;
		sema_block(c, s->b);
		c->unreachable += else_dead - then_dead;
		if (s->c) {
			if (s->c->kind == AST_IF)
				check_stmt(c, s->c);
			else
				sema_block(c, s->c);
		}
		c->unreachable -= else_dead;
		break;
	}
	case AST_WHILE:
		sema_condition(c, s->a, "while()");
		c->loop_depth++;
		sema_block(c, s->b);
		c->loop_depth--;
		break;
	case AST_UNROLL:
		check_unroll(c, s);
		break;
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
	case AST_FOR_MAP:
		check_for_map(c, s);
		break;
	case AST_BREAK:
	case AST_CONTINUE:
		if (!c->loop_depth)
			sema_error(c, s->loc, "'%s' statement is not allowed outside of a loop",
			           s->kind == AST_BREAK ? "break" : "continue");
		break;
	case AST_RETURN: {
		const struct type *t = s->a ? sema_expr(c, s->a) : NULL;
		if (t && !type_is_integral(t))
			sema_error(c, s->a->loc, "A probe returns an integer, not %s", sema_type_str(c, t));
		break;
	}
	case AST_BLOCK:
		sema_block(c, s);
		break;
	case AST_IMPORT:
		sema_error(c, s->loc, "import is only supported at the top level of a script, before its probes");
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
	bool ended = false;
	for (struct ast_node *s = block->list; s; s = s->next) {
		if (ended) {
			sema_warning(c, s->loc, "Unreachable statement");
			ended = false;   /* once per block */
		}
		check_stmt(c, s);
		if (s->kind == AST_RETURN || (s->kind == AST_EXPR_STMT && call_has(c, s->a, BUILTIN_ENDS_PROBE)))
			ended = s->next != NULL;
	}
	if (block->a)
		sema_expr(c, block->a);
}

/* Marks the maps that nodes under N name (sym set by the checks). */
static void mark_maps(struct ast_node *n, bool *used, size_t nmaps)
{
	for (; n; n = n->next) {
		if (n->kind == AST_MAP && n->sym) {
			const struct sema_map *m = n->sym;
			if ((size_t)m->index < nmaps)
				used[m->index] = true;
		}
		mark_maps(n->a, used, nmaps);
		mark_maps(n->b, used, nmaps);
		mark_maps(n->c, used, nmaps);
		mark_maps(n->d, used, nmaps);
		mark_maps(n->list, used, nmaps);
	}
}

/* A map declared with `let @m = kind(n)` that no probe names is a warning, and is not made. */
static void drop_unused_maps(struct check_ctx *c, struct ast_node *program)
{
	struct typed_program *p = c->prog;
	if (!p->nmaps)
		return;
	bool *used = ARENA_NEWN(c->arena, bool, p->nmaps);
	for (struct ast_node *n = program->list; n; n = n->next)
		if (n->kind == AST_PROBE) {
			mark_maps(n->a, used, p->nmaps);
			mark_maps(n->b, used, p->nmaps);
		}
	size_t k = 0;
	for (size_t i = 0; i < p->nmaps; i++) {
		struct sema_map *m = p->maps[i];
		if (m->declared && !used[i]) {
			sema_warning(c, m->first_use, "Unused map: %s", m->name);
			continue;
		}
		m->index = (int)k;
		p->maps[k++] = m;
	}
	p->nmaps = k;
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

const struct builtin *sema_builtin(const struct check_ctx *c, const char *name, enum builtin_form form)
{
	return c->opts->registry->builtin(name, form);
}

int sema_check(struct ast_node *program, const struct sema_options *opts, struct arena *arena,
               struct diags *diags, struct typed_program *out)
{
	memset(out, 0, sizeof(*out));
	out->ast = program;
	out->positional = opts->positional;
	out->npositional = opts->npositional;
	out->cpid = opts->cpid;
	out->pid = opts->pid;
	out->pidns_dev = opts->pidns_dev;
	out->pidns_ino = opts->pidns_ino;
	sema_config_defaults(&out->config);
	out->config.lookup_warnings = opts->lookup_warnings;

	struct check_ctx c = {.arena = arena, .diags = diags, .prog = out, .opts = opts};
	for (const struct ast_node *n = program->list; n; n = n->next)
		c.expanded |= n->origin != NULL;   /* spliced in from an imported file */
	int before = diags->errors;
	if (sema_expand(&c, program))
		return diags->errors - before;
	for (struct ast_node *n = program->list; n; n = n->next) {
		switch (n->kind) {
		case AST_CONFIG:
			sema_config_apply(&c, n);
			break;
		case AST_MAP_DECL: {
			struct ast_node ref = {.kind = AST_MAP, .str = n->str, .loc = n->loc};
			struct sema_map *m = sema_map_ref(&c, &ref);
			m->declared = true;
			if (n->num > UINT32_MAX)   /* the kernel's max_entries is 32 bits: refused, not truncated */
				sema_error(&c, n->loc, "Max entries for %s must be at most %u, not %llu", n->str,
				           (unsigned)UINT32_MAX, (unsigned long long)n->num);
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
			break;   /* expanded at their calls */
		case AST_FUNCTION:
			diag_error(diags, n->loc, "functions are not supported yet");
			break;
		default:
			break;
		}
	}
	sema_ctypes(&c);   /* C definitions and #include lines report their errors even if nothing uses them */
	if (diags->errors > before) {
		sema_ctypes_free(&c);
		return diags->errors - before;
	}
	c.collecting = true;
	check_probes(&c);
	c.collecting = false;
	check_probes(&c);
	if (diags->errors == before)
		sema_fold_sessions(&c);
	drop_unused_maps(&c, program);
	for (size_t i = 0; i < out->nmaps; i++) {
		struct sema_map *m = out->maps[i];
		if (!m->value)
			sema_error(&c, m->first_use, "Undefined map: %s", m->name);
	}
	sema_ctypes_free(&c);
	return diags->errors - before;
}
