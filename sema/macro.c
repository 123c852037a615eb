/* Macro expansion, and the other rewrites that leave type checking a smaller language.
 *
 * A call `m(args)` (or a bare `m` for a macro without parameters) is replaced by a copy of m's
 * body, a block whose value is the body's last expression. Parameters come in three kinds:
 *   $x  the argument must be a scratch variable; the body uses (and may change) the caller's.
 *   @m  the argument must be a map; the body uses the caller's map.
 *   x   any expression, substituted by name: each use of x evaluates the argument again.
 * Variables the body makes are renamed per expansion so they cannot collide with the caller's
 * (hygiene), and a body may only reach maps passed to it. Arguments are expanded in the caller's
 * context first, so what is substituted is final and never renamed again.
 *
 * Copied body nodes keep their positions in the macro's source and get an origin naming that
 * source and the call, so a diagnostic points into the macro and then says where it was expanded
 * from. User macros shadow the standard ones (sema/prelude.c) of the same name and arity; inside
 * a standard macro only standard macros are visible, so user macros cannot change them.
 *
 * Also here, because they are rewrites of the same walk: `__builtin_x` and `x()` forms of
 * builtin variables, `a ?: b`, `if` used as an expression, and a ternary used as a statement. */
#include "sema/sema_priv.h"

#include <stdio.h>
#include <string.h>

enum { MAX_EXPANSION_DEPTH = 64 };

struct mx_macro {
	struct ast_node *node;         /* AST_MACRO */
	int nparams;
	bool standard;                 /* from the prelude */
	const struct source *src;      /* NULL: the script; else the prelude or an imported file */
};

struct mx {
	struct check_ctx *c;
	struct mx_macro *macros;
	size_t nmacros, cap;
	bool prelude_tried;
	const struct source *prelude;
	unsigned next_id;              /* numbers expansions, for renamed variables */
	unsigned next_tmp;             /* numbers temporaries of rewrites */
};

/* One expansion being walked: which macro, its bound arguments, and who called it. */
struct mx_frame {
	const struct mx_macro *m;
	const struct mx_frame *caller;
	struct ast_node **args;        /* final argument nodes, by parameter */
	unsigned id;
	int depth;
};

static struct ast_node *walk(struct mx *x, const struct mx_frame *f, struct ast_node *n, bool stmt);

static void error(struct mx *x, const struct ast_node *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void error(struct mx *x, const struct ast_node *at, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sema_error_node(x->c, at, "%s", buf);
}

/* A node standing for AT's source range. */
static struct ast_node *new_node(struct mx *x, enum ast_kind kind, const struct ast_node *at)
{
	struct ast_node *n = ARENA_NEW(x->c->arena, struct ast_node);
	n->kind = kind;
	n->loc = at->loc;
	n->origin = at->origin;
	return n;
}

/* ---- macro table ----------------------------------------------------------------------------- */

static int count_list(const struct ast_node *l)
{
	int n = 0;
	for (; l; l = l->next)
		n++;
	return n;
}

static void add_macro(struct mx *x, struct ast_node *node, bool standard, const struct source *src)
{
	for (size_t i = 0; i < x->nmacros; i++) {
		const struct mx_macro *o = &x->macros[i];
		if (o->standard == standard && strcmp(o->node->str, node->str) == 0 &&
		    o->nparams == count_list(node->list)) {
			error(x, node, "Redefinition of macro: %s", node->str);
			return;
		}
	}
	/* Two parameters of one name would make the body ambiguous. */
	for (struct ast_node *p = node->list; p; p = p->next)
		for (struct ast_node *q = node->list; q != p; q = q->next)
			if (p->kind == q->kind && strcmp(p->str, q->str) == 0) {
				error(x, p, "%s for macro argument has already been used: %s",
				      p->kind == AST_VAR ? "Variable" : p->kind == AST_MAP ? "Map" : "Name", p->str);
				return;
			}
	x->macros = arena_grow(x->c->arena, x->macros, x->nmacros, &x->cap, sizeof(*x->macros), 16);
	x->macros[x->nmacros++] = (struct mx_macro){node, count_list(node->list), standard, src};
}

/* Parses the standard macros once, on the first call that may name one. */
static void load_prelude(struct mx *x)
{
	if (x->prelude_tried)
		return;
	x->prelude_tried = true;
	struct arena *arena = x->c->arena;
	struct source *src = ARENA_NEW(arena, struct source);
	src->name = sema_prelude_name();
	src->text = sema_prelude_text(&src->len);
	struct diags d = {.src = src, .out = x->c->diags->out, .color = x->c->diags->color};
	struct parse_result r = parse_source(src, arena, &d);
	x->c->diags->errors += d.errors;   /* a broken prelude is sonde's bug, but still an error */
	if (!r.program || r.errors)
		return;
	struct loc_origin *o = ARENA_NEW(arena, struct loc_origin);
	o->src = src;
	for (struct ast_node *n = r.program->list; n; n = n->next) {
		ast_set_origin(n, o);
		if (n->kind == AST_MACRO)
			add_macro(x, n, true, src);
	}
	x->prelude = src;
}

/* ---- arguments ------------------------------------------------------------------------------- */

static bool arg_fits(const struct ast_node *param, const struct ast_node *arg)
{
	if (param->kind == AST_VAR)
		return arg->kind == AST_VAR;
	if (param->kind == AST_MAP)
		return arg->kind == AST_MAP && !arg->list;
	return true;
}

static bool args_fit(const struct mx_macro *m, struct ast_node *args)
{
	struct ast_node *p = m->node->list, *a = args;
	for (; p && a; p = p->next, a = a->next)
		if (!arg_fits(p, a))
			return false;
	return true;
}

static void report_mismatch(struct mx *x, const struct mx_macro *m, struct ast_node *call)
{
	struct ast_node *p = m->node->list, *a = call->list;
	for (; p && a; p = p->next, a = a->next) {
		if (arg_fits(p, a))
			continue;
		const char *got = a->kind == AST_VAR ? "a variable" : a->kind == AST_MAP && !a->list ? "a map" : "an expression";
		error(x, call, "Mismatched arg to macro call. Macro expects a %s for arg %s but got %s.",
		      p->kind == AST_VAR ? "variable" : "map", p->str, got);
		return;
	}
}

/* The argument bound to parameter NAME of kind KIND in frame F, NULL if none. */
static struct ast_node *bound(const struct mx_frame *f, enum ast_kind kind, const char *name)
{
	if (!f)
		return NULL;
	int i = 0;
	for (struct ast_node *p = f->m->node->list; p; p = p->next, i++)
		if (p->kind == kind && strcmp(p->str, name) == 0)
			return f->args[i];
	return NULL;
}

/* ---- expansion ------------------------------------------------------------------------------- */

/* A block in statement position carries no value: its value becomes its last statement. */
static struct ast_node *as_statement(struct mx *x, struct ast_node *block)
{
	if (block->kind == AST_BLOCK && block->a) {
		struct ast_node *s = new_node(x, AST_EXPR_STMT, block->a);
		s->a = block->a;
		block->a = NULL;
		struct ast_node **tail = &block->list;
		while (*tail)
			tail = &(*tail)->next;
		*tail = s;
	}
	return block;
}

static bool recursive(struct mx *x, const struct mx_frame *f, const struct mx_macro *m, struct ast_node *call)
{
	const struct mx_frame *chain[MAX_EXPANSION_DEPTH + 1];
	int n = 0;
	for (const struct mx_frame *fr = f; fr && n < MAX_EXPANSION_DEPTH; fr = fr->caller)
		chain[n++] = fr;
	int start = -1;
	for (int i = 0; i < n; i++)
		if (chain[i]->m == m)
			start = i;   /* the outermost expansion of M */
	if (start < 0)
		return false;
	struct strbuf sb = {0};
	for (int i = start; i >= 0; i--)
		sb_printf(&sb, "%s > ", chain[i]->m->node->str);
	sb_puts(&sb, m->node->str);
	error(x, call, "Recursive macro call detected. Call chain: %s", sb.buf);
	sb_free(&sb);
	return true;
}

/* Replaces CALL (an AST_CALL, or an AST_IDENT for a macro without parameters) by M's body. */
static struct ast_node *expand(struct mx *x, const struct mx_frame *f, const struct mx_macro *m,
                               struct ast_node *call, bool stmt)
{
	if (recursive(x, f, m, call))
		return call;
	if (f && f->depth >= MAX_EXPANSION_DEPTH) {
		error(x, call, "Macro expansion is nested too deeply (more than %d levels)", MAX_EXPANSION_DEPTH);
		return call;
	}
	struct ast_node *body = m->node->a;
	if (!stmt && !body->a) {
		error(x, call, "Macro '%s' expanded to a block instead of a block expression. Try removing the semicolon from the end of the last statement in the macro body.",
		      m->node->str);
		return call;
	}
	struct mx_frame nf = {.m = m, .caller = f, .id = ++x->next_id, .depth = f ? f->depth + 1 : 1};
	nf.args = ARENA_NEWN(x->c->arena, struct ast_node *, m->nparams ? m->nparams : 1);
	int i = 0;
	for (struct ast_node *a = call->kind == AST_CALL ? call->list : NULL; a; a = a->next)
		nf.args[i++] = a;

	struct loc_origin *o = ARENA_NEW(x->c->arena, struct loc_origin);
	o->src = m->src;
	o->from = call->loc;
	o->from_origin = call->origin;
	x->c->expanded = true;
	struct ast_node *copy = ast_clone(x->c->arena, body);
	ast_set_origin(copy, o);
	struct ast_node **p = &copy->list;
	while (*p) {
		struct ast_node *next = (*p)->next;
		*p = walk(x, &nf, *p, true);
		(*p)->next = next;
		p = &(*p)->next;
	}
	if (copy->a)
		copy->a = walk(x, &nf, copy->a, false);
	if (!copy->list && copy->a)
		return copy->a;   /* a lone value, so that e.g. a literal stays a literal (printf's format) */
	copy->loc = call->loc;   /* the expansion as a whole is the call */
	copy->origin = call->origin;
	copy->next = NULL;
	return stmt ? as_statement(x, copy) : copy;
}

static bool has_builtin(struct check_ctx *c, const char *name, int nargs)
{
	const struct builtin *b = sema_builtin(c, name, BUILTIN_CALL);
	if (b && nargs >= b->min_args && (b->max_args < 0 || nargs <= b->max_args))
		return true;
	return nargs == 0 && sema_builtin(c, name, BUILTIN_VAR);
}

/* Builtin variables also answer to `__builtin_name` and `name()`, as bpftrace's standard macros
 * that wrap them make them do. */
static struct ast_node *builtin_wrapper(struct check_ctx *c, struct ast_node *n)
{
	if (n->kind == AST_IDENT && strncmp(n->str, "__builtin_", 10) == 0) {
		const char *name = n->str + 10;
		const struct builtin *b;
		if (sema_builtin(c, name, BUILTIN_VAR)) {
			n->str = name;
		} else if ((b = sema_builtin(c, name, BUILTIN_CALL)) && b->min_args == 0) {
			n->kind = AST_CALL;
			n->str = name;
		}
	} else if (n->kind == AST_CALL && !n->list && !sema_builtin(c, n->str, BUILTIN_CALL) &&
	           sema_builtin(c, n->str, BUILTIN_VAR)) {
		n->kind = AST_IDENT;
	}
	return n;
}

/* A call or identifier: a macro to expand, a builtin wrapper, or left as it is. */
static struct ast_node *call_or_ident(struct mx *x, const struct mx_frame *f, struct ast_node *n, bool stmt)
{
	int nargs = n->kind == AST_CALL ? count_list(n->list) : 0;
	bool in_standard = f && f->m->standard;
	if (!x->prelude_tried && sema_prelude_defines(n->str))
		load_prelude(x);
	const struct mx_macro *named = NULL, *same_arity = NULL, *pick = NULL;
	/* the script's macros first (not seen from inside standard ones), then the standard ones */
	for (int pass = in_standard ? 1 : 0; pass < 2 && !pick; pass++) {
		for (size_t i = 0; i < x->nmacros && !pick; i++) {
			const struct mx_macro *m = &x->macros[i];
			if (m->standard != (pass == 1) || strcmp(m->node->str, n->str) != 0)
				continue;
			if (m->standard && has_builtin(x->c, n->str, nargs))
				continue;   /* a native builtin replaces the standard macro */
			if (!named)
				named = m;
			if (m->nparams != nargs)
				continue;
			if (!same_arity)
				same_arity = m;
			if (n->kind == AST_IDENT || args_fit(m, n->list))
				pick = m;
		}
	}
	if (pick)
		return expand(x, f, pick, n, stmt);
	if (same_arity) {
		report_mismatch(x, same_arity, n);
		return n;
	}
	if (named && !has_builtin(x->c, n->str, nargs)) {
		if (n->kind == AST_IDENT)
			error(x, n, "Call to macro has no number arguments. Expected: %d", named->nparams);
		else
			error(x, n, "Call to macro has wrong number arguments. Expected: %d but got %d",
			      named->nparams, nargs);
		return n;
	}
	return builtin_wrapper(x->c, n);
}

/* ---- other rewrites -------------------------------------------------------------------------- */

/* Expressions whose second evaluation gives the same value and does nothing else. */
static bool pure(const struct ast_node *e)
{
	switch (e->kind) {
	case AST_INT:
	case AST_STRING:
	case AST_BOOL:
	case AST_VAR:
	case AST_POSITIONAL:
	case AST_POS_COUNT:
		return true;
	case AST_MAP:
		for (const struct ast_node *k = e->list; k; k = k->next)
			if (!pure(k))
				return false;
		return true;
	case AST_FIELD:
		return pure(e->a);
	case AST_UNOP:
		return e->op != OP_PREINC && e->op != OP_PREDEC && e->op != OP_POSTINC && e->op != OP_POSTDEC &&
		       pure(e->a);
	case AST_BINOP:
		return pure(e->a) && pure(e->b);
	default:
		return false;
	}
}

/* `a ?: b` is `a ? a : b` with a evaluated once: through a temporary unless a is pure. */
static struct ast_node *elvis(struct mx *x, struct ast_node *e)
{
	if (pure(e->a)) {
		e->b = ast_clone(x->c->arena, e->a);
		return e;
	}
	const char *name = arena_printf(x->c->arena, "$$elvis_%u", ++x->next_tmp);
	struct ast_node *blk = new_node(x, AST_BLOCK, e);
	struct ast_node *let = new_node(x, AST_LET, e->a);
	let->a = new_node(x, AST_VAR, e->a);
	let->a->str = name;
	let->c = e->a;
	blk->list = let;
	e->a = new_node(x, AST_VAR, let->c);
	e->a->str = name;
	e->b = new_node(x, AST_VAR, let->c);
	e->b->str = name;
	blk->a = e;
	return blk;
}

static struct ast_node *if_value(struct mx *x, struct ast_node *e);

/* A branch of an if expression has the value of its last statement, which the parser left as a
 * statement: an expression statement, or an if (itself an expression then). */
static struct ast_node *branch_value(struct mx *x, struct ast_node *b)
{
	if (b->kind == AST_IF)
		return if_value(x, b);
	if (b->kind != AST_BLOCK || b->a || !b->list)
		return b;
	struct ast_node **last = &b->list;
	while ((*last)->next)
		last = &(*last)->next;
	struct ast_node *s = *last;
	if (s->kind == AST_EXPR_STMT) {
		b->a = s->a;
	} else if (s->kind == AST_IF && s->c) {
		b->a = if_value(x, s);
	} else {
		return b;
	}
	*last = NULL;
	return b;
}

/* `if (c) { a } else { b }` as an expression is `c ? { a } : { b }`. */
static struct ast_node *if_value(struct mx *x, struct ast_node *e)
{
	if (e->kind == AST_TERNARY)
		return e;   /* an else-if already turned into one */
	if (!e->c) {
		error(x, e, "An if expression needs an else branch to have a value");
		return e;
	}
	struct ast_node *t = new_node(x, AST_TERNARY, e);
	t->a = e->a;
	t->b = branch_value(x, e->b);
	t->c = branch_value(x, e->c);
	return t;
}

/* A ternary whose value is dropped is an if: both arms may then be of any type, void too. */
static struct ast_node *ternary_statement(struct mx *x, struct ast_node *e)
{
	struct ast_node *s = new_node(x, AST_IF, e);
	s->a = e->a;
	struct ast_node *arms[2] = {e->b, e->c};
	for (int i = 0; i < 2; i++) {
		struct ast_node *blk = new_node(x, AST_BLOCK, arms[i]);
		struct ast_node *es = new_node(x, AST_EXPR_STMT, arms[i]);
		es->a = arms[i];
		blk->list = es;
		if (i == 0)
			s->b = blk;
		else
			s->c = blk;
	}
	return s;
}

/* ---- the walk -------------------------------------------------------------------------------- */

static void walk_list(struct mx *x, const struct mx_frame *f, struct ast_node **head, bool stmt)
{
	for (struct ast_node **p = head; *p; p = &(*p)->next) {
		struct ast_node *next = (*p)->next;
		*p = walk(x, f, *p, stmt);
		(*p)->next = next;
	}
}

/* A type written with a parameter's name (`(x*)e`, `sizeof(x)`) is the type of the argument. */
static struct ast_node *param_type(struct mx *x, struct ast_node *t, struct ast_node *arg)
{
	struct ast_node *r = ast_clone(x->c->arena, t);
	r->str = "typeof";
	r->a = ast_clone(x->c->arena, arg);
	return r;
}

/* Walks N in frame F (NULL outside macros); returns what replaces it. STMT: N is a statement, or
 * the expression of an expression statement, whose value is not used. */
static struct ast_node *walk(struct mx *x, const struct mx_frame *f, struct ast_node *n, bool stmt)
{
	struct ast_node *arg;
	switch (n->kind) {
	case AST_EXPR_STMT: {
		struct ast_node *r = walk(x, f, n->a, true);
		if (r->kind == AST_TERNARY)
			return ternary_statement(x, r);
		if (r->kind == AST_BLOCK || r->kind == AST_IF)
			return as_statement(x, r);
		n->a = r;
		return n;
	}
	case AST_VAR:
		if (f) {
			if ((arg = bound(f, AST_VAR, n->str)))
				n->str = arg->str;
			else   /* the body's own variable: one per expansion */
				n->str = arena_printf(x->c->arena, "$$%s_%u_%s", f->m->node->str, f->id, n->str + 1);
		}
		return n;
	case AST_MAP:
		walk_list(x, f, &n->list, false);
		if (f) {
			if ((arg = bound(f, AST_MAP, n->str)))
				n->str = arg->str;
			else
				error(x, n, "Unhygienic access to map: %s. Maps must be passed into the macro as arguments.", n->str);
		}
		return n;
	case AST_IDENT:
		if ((arg = bound(f, AST_IDENT, n->str)))
			return ast_clone(x->c->arena, arg);
		return call_or_ident(x, f, n, stmt);
	case AST_CALL:
		walk_list(x, f, &n->list, false);
		return call_or_ident(x, f, n, stmt);
	case AST_TYPE:
		if (n->a)
			n->a = walk(x, f, n->a, false);
		if ((arg = bound(f, AST_IDENT, n->str)))
			return param_type(x, n, arg);
		return n;
	case AST_INDEX:
		/* `x[2]` with x bound to a type is the array type x[2] */
		if (n->a->kind == AST_IDENT && n->b->kind == AST_INT && (arg = bound(f, AST_IDENT, n->a->str)) &&
		    arg->kind == AST_TYPE) {
			struct ast_node *t = param_type(x, arg, arg);
			t->loc = n->loc;
			t->num = 0;
			t->flag = true;
			t->c_num = n->b->num;
			return t;
		}
		n->a = walk(x, f, n->a, false);
		n->b = walk(x, f, n->b, false);
		return n;
	case AST_OFFSETOF:   /* the list is a field path, not expressions */
		n->a = walk(x, f, n->a, false);
		return n;
	case AST_LET:
		if (bound(f, AST_VAR, n->a->str)) {
			error(x, n, "Variable declaration shadows macro arg %s", n->a->str);
			return n;
		}
		break;
	case AST_TERNARY:
		n->a = walk(x, f, n->a, false);
		if (n->b)
			n->b = walk(x, f, n->b, false);
		n->c = walk(x, f, n->c, false);
		return n->b ? n : elvis(x, n);
	case AST_IF:
		n->a = walk(x, f, n->a, false);
		n->b = walk(x, f, n->b, true);
		if (n->c)
			n->c = walk(x, f, n->c, stmt);
		return stmt ? n : if_value(x, n);
	case AST_BLOCK:
		walk_list(x, f, &n->list, true);
		if (n->a)
			n->a = walk(x, f, n->a, false);
		return n;
	default:
		break;
	}
	/* everything else: children are expressions, bodies are blocks */
	struct ast_node **slots[4] = {&n->a, &n->b, &n->c, &n->d};
	for (int i = 0; i < 4; i++)
		if (*slots[i])
			*slots[i] = walk(x, f, *slots[i], (*slots[i])->kind == AST_BLOCK);
	walk_list(x, f, &n->list, false);
	return n;
}

int sema_expand(struct check_ctx *c, struct ast_node *program)
{
	int before = c->diags->errors;
	struct mx x = {.c = c};
	for (struct ast_node *n = program->list; n; n = n->next)
		if (n->kind == AST_MACRO)
			add_macro(&x, n, false, n->origin ? n->origin->src : NULL);
	if (c->diags->errors > before)
		return c->diags->errors - before;
	for (struct ast_node *n = program->list; n; n = n->next) {
		if (n->kind == AST_PROBE) {
			if (n->a)
				n->a = walk(&x, NULL, n->a, false);
			n->b = walk(&x, NULL, n->b, true);
		}
	}
	return c->diags->errors - before;
}
