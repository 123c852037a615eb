/* parse_source: runs the reentrant lexer and the pure parser over one source; parse_script also
 * requires a probe, as a script to run does. */
#include "parser/ast_priv.h"

#include "grammar.h"
#include "lexer.h"

struct parse_result parse_source(const struct source *src, struct arena *arena, struct diags *diags)
{
	struct parse_result res = { 0 };
	struct parse_ctx ctx = {
		.arena = arena,
		.diags = diags,
		.src = src,
		.line = 1,
		.col = 1,
	};
	yyscan_t scanner;
	if (parser_yylex_init_extra(&ctx, &scanner) != 0) {
		diag_plain_error(diags, "cannot start the lexer");
		res.errors = 1;
		return res;
	}
	/* The scanner works on its own copy of the text; offsets into it match src->text. */
	YY_BUFFER_STATE buf = parser_yy_scan_bytes(src->text, (int)src->len, scanner);
	int rc = parser_yyparse(scanner, &ctx);
	parser_yy_delete_buffer(buf, scanner);
	parser_yylex_destroy(scanner);

	if (rc != 0 && ctx.errors == 0) {
		/* bison gives up (e.g. stack exhaustion) without a located message */
		diag_plain_error(diags, "the parser gave up on this script");
		ctx.errors++;
	}
	res.program = ctx.program;
	res.errors = ctx.errors;
	res.comments = ctx.comments;
	return res;
}

struct parse_result parse_script(const struct source *src, struct arena *arena, struct diags *diags)
{
	struct parse_result res = parse_source(src, arena, diags);
	if (!res.program || res.errors)
		return res;
	for (const struct ast_node *n = res.program->list; n; n = n->next)
		if (n->kind == AST_PROBE)
			return res;
	/* bpftrace's words for a script that ends before its first probe */
	diag_error(diags, parse_eof_loc(src), "unexpected end of file, expected {");
	res.errors++;
	return res;
}

struct loc parse_eof_loc(const struct source *src)
{
	const char *t = src->text;
	size_t end = src->len;
	while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t' || t[end - 1] == '\r' || t[end - 1] == '\n'))
		end--;
	int line = 1, col = 1;
	for (size_t i = 0; i < end; i++) {
		if (t[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return (struct loc){.first_line = line, .first_col = col, .last_line = line, .last_col = col + 1};
}
