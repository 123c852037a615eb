/* parse_source: runs the reentrant lexer and the pure parser over one source. */
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
	return res;
}
