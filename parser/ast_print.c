/* ast_print: the stable text of `--emit=ast`.
 *
 * One node per line, indented two spaces per depth: the kind, its details, then the source range
 * as [line:col-line:col] (last column exclusive). Children follow in slot order. Two pseudo lines
 * keep optional children unambiguous: `predicate` above a probe's predicate and `value` above a
 * block's value expression. */
#include "parser/parser.h"

#include <inttypes.h>
#include <string.h>

static void indent(FILE *out, int depth)
{
	for (int i = 0; i < depth; i++)
		fputs("  ", out);
}

static void put_loc(FILE *out, struct loc l)
{
	fprintf(out, " [%d:%d-%d:%d]\n", l.first_line, l.first_col, l.last_line, l.last_col);
}

/* Writes bytes as a double-quoted C-style string so every line stays one line. */
static void put_quoted(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (c < 0x20 || c >= 0x7f)
				fprintf(out, "\\x%02x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

static void put_str(FILE *out, const char *s)
{
	put_quoted(out, s ? s : "", s ? strlen(s) : 0);
}

static void print_node(FILE *out, const struct ast_node *n, int depth);

static void print_list(FILE *out, const struct ast_node *n, int depth)
{
	for (; n; n = n->next)
		print_node(out, n, depth);
}

static void print_type_text(FILE *out, const struct ast_node *n)
{
	fprintf(out, " %s", n->str ? n->str : "?");
	for (uint64_t i = 0; i < n->num; i++)
		fputc('*', out);
	if (n->flag && n->c_num)
		fprintf(out, "[%" PRIu64 "]", n->c_num);
	else if (n->flag)
		fputs("[]", out);
}

/* What follows a node's kind name on its line: its name, operator or literal value. */
static void print_label(FILE *out, const struct ast_node *n)
{
	switch (n->kind) {
	case AST_C_DEFINITION:
	case AST_PREPROC:
	case AST_IMPORT:
		fputc(' ', out);
		put_str(out, n->str);
		break;
	case AST_CONFIG_ITEM:
	case AST_MACRO:
	case AST_FUNCTION:
	case AST_PARAM:
	case AST_IDENT:
	case AST_VAR:
	case AST_MAP:
	case AST_CALL:
	case AST_RECORD_FIELD:
	case AST_ATTACH_POINT:
		fprintf(out, " %s", n->str ? n->str : "?");
		if (n->kind == AST_ATTACH_POINT && n->str2)
			fprintf(out, " name=%s", n->str2);
		break;
	case AST_MAP_DECL:
		fprintf(out, " %s %s %" PRIu64, n->str, n->str2, n->num);
		break;
	case AST_ASSIGN:
		fprintf(out, " %s=", n->op ? ast_op_text(n->op) : "");
		break;
	case AST_INT:
		fprintf(out, " %s", n->str ? n->str : "?");
		{
			/* the value too, when the literal is not plain decimal */
			char dec[32];
			snprintf(dec, sizeof(dec), "%" PRIu64, n->num);
			if (!n->str || strcmp(n->str, dec) != 0)
				fprintf(out, " = %s", dec);
		}
		if (n->flag)
			fputs(" unsigned", out);
		break;
	case AST_STRING:
		fputc(' ', out);
		put_quoted(out, n->str ? n->str : "", n->str ? (size_t)n->num : 0);
		break;
	case AST_BOOL:
		fputs(n->num ? " true" : " false", out);
		break;
	case AST_POSITIONAL:
		fprintf(out, " $%" PRIu64, n->num);
		break;
	case AST_POS_COUNT:
		fputs(" $#", out);
		break;
	case AST_BINOP:
		fprintf(out, " %s", ast_op_text(n->op));
		break;
	case AST_UNOP:
		if (n->op == OP_POSTINC || n->op == OP_POSTDEC)
			fprintf(out, " post%s", ast_op_text(n->op));
		else if (n->op == OP_PREINC || n->op == OP_PREDEC)
			fprintf(out, " pre%s", ast_op_text(n->op));
		else
			fprintf(out, " %s", ast_op_text(n->op));
		break;
	case AST_TYPE:
		print_type_text(out, n);
		break;
	case AST_FIELD:
		fprintf(out, " %s%s", n->flag ? "->" : ".", n->str ? n->str : "?");
		break;
	default:
		break;
	}
}

static void print_node(FILE *out, const struct ast_node *n, int depth)
{
	indent(out, depth);
	fputs(ast_kind_name(n->kind), out);
	print_label(out, n);
	put_loc(out, n->loc);

	switch (n->kind) {
	case AST_PROBE:
		print_list(out, n->list, depth + 1);
		if (n->a) {
			indent(out, depth + 1);
			fputs("predicate", out);
			put_loc(out, n->a->loc);
			print_node(out, n->a, depth + 2);
		}
		if (n->b)
			print_node(out, n->b, depth + 1);
		return;
	case AST_BLOCK:
		print_list(out, n->list, depth + 1);
		if (n->a) {
			indent(out, depth + 1);
			fputs("value", out);
			put_loc(out, n->a->loc);
			print_node(out, n->a, depth + 2);
		}
		return;
	default:
		break;
	}
	/* Lists first for kinds whose list precedes their slots in the source. */
	bool list_first = n->kind == AST_MACRO || n->kind == AST_FUNCTION || n->kind == AST_PROGRAM ||
			  n->kind == AST_CONFIG || n->kind == AST_TUPLE || n->kind == AST_RECORD ||
			  n->kind == AST_CALL;
	if (list_first)
		print_list(out, n->list, depth + 1);
	const struct ast_node *slots[4] = { n->a, n->b, n->c, n->d };
	for (int i = 0; i < 4; i++)
		if (slots[i])
			print_node(out, slots[i], depth + 1);
	if (!list_first)
		print_list(out, n->list, depth + 1);
}

void ast_print(FILE *out, const struct ast_node *program)
{
	if (program)
		print_node(out, program, 0);
}
