/* ast_format: `--fmt`, the script printed back in one layout. Statements go one per line, indented
 * two spaces per block; operators get single spaces and only the parentheses precedence needs;
 * literals, types and attach points keep their source spelling (so `0x10`, `100ms`, escapes and
 * quoting survive); C definitions and preprocessor lines stay verbatim. Comments are kept: one
 * that starts after a statement on its line stays at its end, any other goes on a line of its own
 * before the next thing printed. A blank line between statements is kept (one at most). */
#include "parser/parser.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct fmt {
	FILE *out;
	const struct source *src;
	size_t *line_start;               /* offset of each line's first byte, 1-based */
	int nlines;
	const struct parse_comment *next; /* the first comment not printed yet */
};

/* Operator precedence as the grammar has it, loosest first. */
enum {
	P_LOWEST, P_TERNARY, P_LOR, P_LAND, P_BOR, P_BXOR, P_BAND, P_EQ, P_REL, P_SHIFT, P_ADD, P_MUL,
	P_UNARY, P_POSTFIX, P_PRIMARY
};

static int binop_prec(enum ast_op op)
{
	switch (op) {
	case OP_LOR: return P_LOR;
	case OP_LAND: return P_LAND;
	case OP_BOR: return P_BOR;
	case OP_BXOR: return P_BXOR;
	case OP_BAND: return P_BAND;
	case OP_EQ: case OP_NE: return P_EQ;
	case OP_LT: case OP_LE: case OP_GT: case OP_GE: return P_REL;
	case OP_SHL: case OP_SHR: return P_SHIFT;
	case OP_ADD: case OP_SUB: return P_ADD;
	default: return P_MUL;
	}
}

static int prec_of(const struct ast_node *e)
{
	switch (e->kind) {
	case AST_TERNARY: return P_TERNARY;
	case AST_BINOP: return binop_prec(e->op);
	case AST_UNOP: return e->op == OP_POSTINC || e->op == OP_POSTDEC ? P_POSTFIX : P_UNARY;
	case AST_CAST: return P_UNARY;
	case AST_FIELD: case AST_INDEX: return P_POSTFIX;
	case AST_BLOCK: case AST_IF: return P_LOWEST;   /* only where any expression may stand */
	default: return P_PRIMARY;
	}
}

/* The source text of LOC, as written. */
static void put_source(struct fmt *f, struct loc loc)
{
	if (loc.first_line < 1 || loc.last_line > f->nlines)
		return;
	size_t a = f->line_start[loc.first_line] + (size_t)loc.first_col - 1;
	size_t b = f->line_start[loc.last_line] + (size_t)loc.last_col - 1;
	if (a < b && b <= f->src->len)
		fwrite(f->src->text + a, 1, b - a, f->out);
}

static void indent(struct fmt *f, int depth)
{
	for (int i = 0; i < depth; i++)
		fputs("  ", f->out);
}

static bool before(struct loc a, struct loc b)
{
	return a.first_line < b.first_line || (a.first_line == b.first_line && a.first_col < b.first_col);
}

/* Comments that start before AT (or all, for NULL), each on its own line. */
static void comments_before(struct fmt *f, const struct loc *at, int depth)
{
	while (f->next && (!at || before(f->next->loc, *at))) {
		indent(f, depth);
		fprintf(f->out, "%s\n", f->next->text);
		f->next = f->next->next;
	}
}

/* Ends a printed line: a comment that follows what was printed (ending at AFTER) on its source
 * line, with only blanks and ';' between them, goes at its end. */
static void end_line(struct fmt *f, struct loc after)
{
	const struct parse_comment *c = f->next;
	bool trailing = c && c->loc.first_line == after.last_line && c->loc.last_line == after.last_line &&
	                after.last_line <= f->nlines;
	if (trailing) {
		const char *line = f->src->text + f->line_start[after.last_line];
		for (int col = after.last_col; col < c->loc.first_col && trailing; col++)
			trailing = line[col - 1] == ' ' || line[col - 1] == '\t' || line[col - 1] == ';';
	}
	if (trailing) {
		fprintf(f->out, " %s", c->text);
		f->next = c->next;
	}
	fputc('\n', f->out);
}

/* Whether a blank source line lies strictly between lines A and B. */
static bool blank_between(const struct fmt *f, int a, int b)
{
	for (int l = a + 1; l < b && l < f->nlines; l++) {
		const char *p = f->src->text + f->line_start[l], *end = f->src->text + f->line_start[l + 1];
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		if (p == end)
			return true;
	}
	return false;
}

static void expr(struct fmt *f, const struct ast_node *e, int min, int depth);
static void block(struct fmt *f, const struct ast_node *b, int depth);

static void list(struct fmt *f, const struct ast_node *n, const char *sep, int depth)
{
	for (; n; n = n->next) {
		expr(f, n, P_LOWEST, depth);
		if (n->next)
			fputs(sep, f->out);
	}
}

static void unop(struct fmt *f, const struct ast_node *e, int depth)
{
	if (e->op == OP_POSTINC || e->op == OP_POSTDEC) {
		expr(f, e->a, P_POSTFIX, depth);
		fputs(ast_op_text(e->op), f->out);
		return;
	}
	fputs(ast_op_text(e->op), f->out);
	/* `- -x` and `& &x` must not lex as `--x` and `&&x`. */
	const struct ast_node *a = e->a;
	bool clash = a->kind == AST_UNOP && ((e->op == OP_NEG && (a->op == OP_NEG || a->op == OP_PREDEC)) ||
	                                     (e->op == OP_ADDR && a->op == OP_ADDR));
	expr(f, a, clash ? P_PRIMARY : P_UNARY, depth);
}

/* A cast to a plain name (a typedef) is only a cast before an operand that cannot continue an
 * expression: `(name) -x` reads as a subtraction. Builtin type names do not have the problem. */
static bool ambiguous_type(const struct ast_node *t)
{
	static const char *const keywords[] = {"bool", "string", "inet", "buffer", "void", "char", "int", "float",
	                                       "double", "unsigned", "signed", "long", "short", "typeof"};
	if (t->num || t->flag || strchr(t->str, ' '))
		return false;
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(t->str, keywords[i]) == 0)
			return false;
	const char *s = t->str[0] == 'u' ? t->str + 1 : t->str;
	return !(strncmp(s, "int", 3) == 0 && (!strcmp(s + 3, "8") || !strcmp(s + 3, "16") || !strcmp(s + 3, "32") ||
	                                         !strcmp(s + 3, "64")));
}

static void cast(struct fmt *f, const struct ast_node *e, int depth)
{
	fputc('(', f->out);
	put_source(f, e->a->loc);
	fputc(')', f->out);
	const struct ast_node *b = e->b;
	bool starts_with_op = (b->kind == AST_UNOP && b->op != OP_POSTINC && b->op != OP_POSTDEC) || b->kind == AST_CAST;
	expr(f, b, starts_with_op && ambiguous_type(e->a) ? P_PRIMARY : P_UNARY, depth);
}

static void ternary(struct fmt *f, const struct ast_node *e, int depth)
{
	expr(f, e->a, P_LOR, depth);
	if (e->b) {
		fputs(" ? ", f->out);
		expr(f, e->b, P_TERNARY + 1, depth);   /* a ternary there reads better in parentheses */
		fputs(" : ", f->out);
	} else {
		fputs(" ?: ", f->out);
	}
	expr(f, e->c, e->c->kind == AST_BLOCK ? P_LOWEST : P_TERNARY, depth);
}

static void if_chain(struct fmt *f, const struct ast_node *s, int depth)
{
	fputs("if (", f->out);
	expr(f, s->a, P_LOWEST, depth);
	fputs(") ", f->out);
	block(f, s->b, depth);
	if (s->c) {
		fputs(" else ", f->out);
		if (s->c->kind == AST_IF)
			if_chain(f, s->c, depth);
		else
			block(f, s->c, depth);
	}
}

static void expr_inner(struct fmt *f, const struct ast_node *e, int depth)
{
	switch (e->kind) {
	case AST_INT: case AST_STRING: case AST_TYPE:
		put_source(f, e->loc);
		break;
	case AST_BOOL: fputs(e->num ? "true" : "false", f->out); break;
	case AST_IDENT: case AST_VAR: fputs(e->str, f->out); break;
	case AST_POSITIONAL: fprintf(f->out, "$%" PRIu64, e->num); break;
	case AST_POS_COUNT: fputs("$#", f->out); break;
	case AST_MAP:
		fputs(e->str, f->out);
		if (e->list) {
			fputc('[', f->out);
			list(f, e->list, ", ", depth);
			fputc(']', f->out);
		}
		break;
	case AST_CALL:
		fprintf(f->out, "%s(", e->str);
		list(f, e->list, ", ", depth);
		fputc(')', f->out);
		break;
	case AST_BINOP: {
		int p = binop_prec(e->op);
		expr(f, e->a, p, depth);
		fprintf(f->out, " %s ", ast_op_text(e->op));
		expr(f, e->b, p + 1, depth);
		break;
	}
	case AST_UNOP: unop(f, e, depth); break;
	case AST_CAST: cast(f, e, depth); break;
	case AST_TERNARY: ternary(f, e, depth); break;
	case AST_FIELD:
		expr(f, e->a, P_POSTFIX, depth);
		fprintf(f->out, "%s%s", e->flag ? "->" : ".", e->str);
		break;
	case AST_INDEX:
		expr(f, e->a, P_POSTFIX, depth);
		fputc('[', f->out);
		expr(f, e->b, P_LOWEST, depth);
		fputc(']', f->out);
		break;
	case AST_TUPLE:
		fputc('(', f->out);
		list(f, e->list, ", ", depth);
		fputs(e->list && !e->list->next ? ",)" : ")", f->out);
		break;
	case AST_RECORD:
		fputc('(', f->out);
		for (const struct ast_node *r = e->list; r; r = r->next) {
			fprintf(f->out, "%s = ", r->str);
			expr(f, r->a, P_LOWEST, depth);
			fputs(r->next ? ", " : "", f->out);
		}
		fputc(')', f->out);
		break;
	case AST_SIZEOF:
		fputs("sizeof(", f->out);
		expr(f, e->a, P_LOWEST, depth);
		fputc(')', f->out);
		break;
	case AST_OFFSETOF:
		fputs("offsetof(", f->out);
		expr(f, e->a, P_LOWEST, depth);
		fputs(", ", f->out);
		list(f, e->list, ".", depth);
		fputc(')', f->out);
		break;
	case AST_BLOCK: block(f, e, depth); break;
	case AST_IF: if_chain(f, e, depth); break;
	default:
		put_source(f, e->loc);
		break;
	}
}

/* E at precedence MIN or tighter: parenthesized when it binds looser. */
static void expr(struct fmt *f, const struct ast_node *e, int min, int depth)
{
	bool paren = prec_of(e) < min;
	if (paren)
		fputc('(', f->out);
	expr_inner(f, e, depth);
	if (paren)
		fputc(')', f->out);
}

static bool is_compound(const struct ast_node *s)
{
	switch (s->kind) {
	case AST_IF: case AST_WHILE: case AST_FOR_MAP: case AST_FOR_RANGE: case AST_UNROLL: case AST_BLOCK:
		return true;
	default:
		return false;
	}
}

/* One statement, without its indentation or line end. */
static void stmt(struct fmt *f, const struct ast_node *s, int depth)
{
	switch (s->kind) {
	case AST_EXPR_STMT: expr(f, s->a, P_LOWEST, depth); break;
	case AST_ASSIGN:
		expr(f, s->a, P_UNARY, depth);
		fprintf(f->out, s->op ? " %s= " : " = ", ast_op_text(s->op));
		expr(f, s->b, P_LOWEST, depth);
		break;
	case AST_LET:
		fprintf(f->out, "let %s", s->a->str);
		if (s->b) {
			fputs(": ", f->out);
			put_source(f, s->b->loc);
		}
		if (s->c) {
			fputs(" = ", f->out);
			expr(f, s->c, P_LOWEST, depth);
		}
		break;
	case AST_IF: if_chain(f, s, depth); break;
	case AST_WHILE: case AST_UNROLL:
		fprintf(f->out, "%s (", s->kind == AST_WHILE ? "while" : "unroll");
		expr(f, s->a, P_LOWEST, depth);
		fputs(") ", f->out);
		block(f, s->b, depth);
		break;
	case AST_FOR_MAP:
		fprintf(f->out, "for (%s : %s) ", s->a->str, s->b->str);
		block(f, s->c, depth);
		break;
	case AST_FOR_RANGE:
		fprintf(f->out, "for (%s : ", s->a->str);
		expr(f, s->b, P_POSTFIX, depth);
		fputs("..", f->out);
		expr(f, s->c, P_POSTFIX, depth);
		fputs(") ", f->out);
		block(f, s->d, depth);
		break;
	case AST_BREAK: fputs("break", f->out); break;
	case AST_CONTINUE: fputs("continue", f->out); break;
	case AST_RETURN:
		fputs(s->a ? "return " : "return", f->out);
		if (s->a)
			expr(f, s->a, P_LOWEST, depth);
		break;
	case AST_BLOCK: block(f, s, depth); break;
	default: put_source(f, s->loc); break;
	}
	if (!is_compound(s))
		fputc(';', f->out);
}

/* A block, from its `{` to its `}` (the caller ends the line). Blocks of simple statements
 * that yield a value stay on one line: `{ $a = 1; $a + 1 }`. */
static void block(struct fmt *f, const struct ast_node *b, int depth)
{
	bool inline_ = b->a && b->loc.first_line == b->loc.last_line;
	for (const struct ast_node *s = b->list; s && inline_; s = s->next)
		inline_ = !is_compound(s);
	if (inline_ || (!b->list && !b->a)) {
		fputc('{', f->out);
		for (const struct ast_node *s = b->list; s; s = s->next) {
			fputc(' ', f->out);
			stmt(f, s, depth);
		}
		if (b->a) {
			fputc(' ', f->out);
			expr(f, b->a, P_LOWEST, depth);
		}
		fputs(" }", f->out);
		return;
	}
	fputs("{\n", f->out);
	int prev_end = b->loc.first_line;
	for (const struct ast_node *s = b->list; s; s = s->next) {
		if (s != b->list && blank_between(f, prev_end, s->loc.first_line))
			fputc('\n', f->out);
		comments_before(f, &s->loc, depth + 1);
		indent(f, depth + 1);
		stmt(f, s, depth + 1);
		end_line(f, s->loc);
		prev_end = s->loc.last_line;
	}
	if (b->a) {
		comments_before(f, &b->a->loc, depth + 1);
		indent(f, depth + 1);
		expr(f, b->a, P_LOWEST, depth + 1);
		end_line(f, b->a->loc);
	}
	struct loc end = {.first_line = b->loc.last_line, .first_col = b->loc.last_col - 1};
	comments_before(f, &end, depth + 1);
	indent(f, depth);
	fputc('}', f->out);
}

static void probe(struct fmt *f, const struct ast_node *p)
{
	/* Attach points share a line while they fit in 80 columns, else go one per line. */
	int width = 0;
	for (const struct ast_node *ap = p->list; ap; ap = ap->next)
		width += ap->loc.last_col - ap->loc.first_col + 2;
	for (const struct ast_node *ap = p->list; ap; ap = ap->next) {
		put_source(f, ap->loc);
		fputs(!ap->next ? "" : width > 80 ? ",\n" : ", ", f->out);
	}
	if (p->a) {
		fputs(" /", f->out);
		expr(f, p->a, P_LOWEST, 0);
		fputc('/', f->out);
	}
	fputc(' ', f->out);
	block(f, p->b, 0);
}

static void item(struct fmt *f, const struct ast_node *n)
{
	switch (n->kind) {
	case AST_PREPROC: case AST_C_DEFINITION: fputs(n->str, f->out); break;
	case AST_CONFIG:
		fputs("config = {\n", f->out);
		for (const struct ast_node *c = n->list; c; c = c->next) {
			indent(f, 1);
			fprintf(f->out, "%s = ", c->str);
			expr(f, c->a, P_LOWEST, 1);
			fputc(';', f->out);
			end_line(f, c->loc);
		}
		fputc('}', f->out);
		break;
	case AST_MACRO:
		fprintf(f->out, "macro %s(", n->str);
		list(f, n->list, ", ", 0);
		fputs(") ", f->out);
		block(f, n->a, 0);
		break;
	case AST_FUNCTION:
		fprintf(f->out, "fn %s(", n->str);
		for (const struct ast_node *p = n->list; p; p = p->next) {
			fprintf(f->out, "%s: ", p->str);
			put_source(f, p->a->loc);
			fputs(p->next ? ", " : "", f->out);
		}
		fputs(")", f->out);
		if (n->a) {
			fputs(": ", f->out);
			put_source(f, n->a->loc);
		}
		fputc(' ', f->out);
		block(f, n->b, 0);
		break;
	case AST_MAP_DECL: fprintf(f->out, "let %s = %s(%" PRIu64 ");", n->str, n->str2, n->num); break;
	case AST_IMPORT:
		put_source(f, n->loc);
		fputc(';', f->out);
		break;
	case AST_PROBE: probe(f, n); break;
	default: break;
	}
}

/* Where an item ends in the source: a probe, macro or function at its body's closing brace. */
static struct loc end_of(const struct ast_node *n)
{
	const struct ast_node *body = n->kind == AST_PROBE || n->kind == AST_FUNCTION ? n->b
	                              : n->kind == AST_MACRO ? n->a : NULL;
	return body ? body->loc : n->loc;
}

int ast_format(FILE *out, const struct ast_node *program, const struct parse_comment *comments,
               const struct source *src)
{
	struct fmt f = {.out = out, .src = src, .next = comments};
	for (size_t i = 0; i < src->len; i++)
		f.nlines += src->text[i] == '\n';
	f.nlines++;
	f.line_start = calloc((size_t)f.nlines + 1, sizeof(*f.line_start));
	if (!f.line_start)
		return -1;
	for (size_t i = 0, line = 1; i < src->len; i++)
		if (src->text[i] == '\n')
			f.line_start[++line] = i + 1;
	if (src->len > 2 && src->text[0] == '#' && src->text[1] == '!') {   /* the interpreter line */
		const char *nl = memchr(src->text, '\n', src->len);
		fprintf(out, "%.*s\n", (int)(nl ? nl - src->text : (long)src->len), src->text);
	}
	int prev_end = 0;
	const struct ast_node *prev = NULL;
	for (const struct ast_node *n = program ? program->list : NULL; n; n = n->next) {
		bool tight = prev && (prev->kind == AST_PREPROC || prev->kind == AST_IMPORT || prev->kind == AST_MAP_DECL) &&
		             prev->kind == n->kind && n->loc.first_line == prev_end + 1;
		if (prev && !tight)
			fputc('\n', out);
		comments_before(&f, &n->loc, 0);
		item(&f, n);
		end_line(&f, end_of(n));
		prev_end = end_of(n).last_line;
		prev = n;
	}
	if (prev && f.next)
		fputc('\n', out);
	comments_before(&f, NULL, 0);
	free(f.line_start);
	return ferror(out) ? -1 : 0;
}
