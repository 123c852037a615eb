/* parser-private: node constructors and the state shared by the lexer and the grammar. */
#ifndef SONDE_PARSER_AST_PRIV_H
#define SONDE_PARSER_AST_PRIV_H

#include "parser/parser.h"

/* Everything one parse needs; reached from the grammar as a %parse-param and from the lexer as
 * its "extra" so neither keeps global state. */
struct parse_ctx {
	struct arena *arena;
	struct diags *diags;
	const struct source *src;
	struct ast_node *program;
	int errors;            /* syntax and lexical errors reported by this parse */
	struct parse_comment *comments, **comments_end;

	/* lexer position and mode */
	int line, col;         /* where the next character starts (1-based) */
	size_t offset;         /* byte offset of the next character in src->text */
	int depth;             /* brace depth; 0 means the top level of the script */
	int in_pred;           /* between a probe's opening and closing predicate slashes */
	int top_item;          /* lexing a `let`/`import` item at top level, ended by ';' */
};

struct ast_node *ast_new(struct parse_ctx *ctx, enum ast_kind kind, struct loc loc);
/* A list as the grammar builds it: its first and last nodes, so an append is O(1). */
struct ast_list {
	struct ast_node *head, *tail;
};
/* L with ITEM (NULL-safe; a node, or the first of a chain) appended. */
struct ast_list ast_list_push(struct ast_list l, struct ast_node *item);
/* Joins two ranges: from A's start to B's end. */
struct loc ast_loc_join(struct loc a, struct loc b);

/* Where "unexpected end of file" points: just past the last non-blank character of SRC. */
struct loc parse_eof_loc(const struct source *src);

/* Reports a syntax or lexical error against the parse and counts it. */
void parse_error(struct parse_ctx *ctx, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Decodes the escapes of a string literal body [S, S+N). Returns the decoded bytes in the arena
 * (NUL-terminated) and sets *LEN; on a bad escape returns NULL and sets *BAD to its offset. */
char *parse_decode_string(struct arena *arena, const char *s, size_t n, size_t *len, size_t *bad);
/* Parses an integer literal as written (bases, '_', exponent, suffix). Returns false with a
 * reason in *WHY when it is malformed or out of range. */
bool parse_int_literal(const char *text, uint64_t *value, bool *is_unsigned, const char **why);

#endif
