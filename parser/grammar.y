/* Grammar of bpftrace scripts (pure bison parser over the reentrant flex lexer in lexer.l).
 *
 * Expression precedence, lowest first: ?: || && | ^ & (== !=) (< <= > >=) (<< >>) (+ -) (* / %),
 * then the unary operators and casts, then postfix . -> [] ++ --. Assignment is a statement,
 * not an expression. Blocks are expressions only as a whole (`$x = { ...; e }`), never as an
 * operand, and an expression statement never starts with `{` or `if`, which keeps statement
 * blocks and block expressions apart without conflicts. */

%define api.pure full
%define api.prefix {parser_yy}
%define api.location.type {struct loc}
%define parse.error verbose
%locations
%expect 0

%param {yyscan_t scanner}
%parse-param {struct parse_ctx *ctx}

%code requires {
#include "parser/ast_priv.h"
typedef void *yyscan_t;
}

%code provides {
/* The prefixed names under the ones flex's bison bridge expects. */
#define YYSTYPE PARSER_YYSTYPE
#define YYLTYPE PARSER_YYLTYPE
int parser_yylex(PARSER_YYSTYPE *yylval, PARSER_YYLTYPE *yylloc, yyscan_t scanner);
}

%code {
#include <string.h>

/* Spans from the first right-hand-side symbol to the last; empty rules take a point at the end
 * of the previous symbol. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                                  \
	do {                                                                          \
		if (N) {                                                              \
			(Cur).first_line = YYRHSLOC(Rhs, 1).first_line;               \
			(Cur).first_col = YYRHSLOC(Rhs, 1).first_col;                 \
			(Cur).last_line = YYRHSLOC(Rhs, N).last_line;                 \
			(Cur).last_col = YYRHSLOC(Rhs, N).last_col;                   \
		} else {                                                              \
			(Cur).first_line = (Cur).last_line = YYRHSLOC(Rhs, 0).last_line; \
			(Cur).first_col = (Cur).last_col = YYRHSLOC(Rhs, 0).last_col;  \
		}                                                                     \
	} while (0)

static void yyerror(YYLTYPE *loc, yyscan_t scanner, struct parse_ctx *ctx, const char *msg)
{
	(void)scanner;
	parse_error(ctx, *loc, "%s", msg);
}

#define NEW(kind, l) ast_new(ctx, (kind), (l))

static struct ast_node *unop(struct parse_ctx *ctx, enum ast_op op, struct ast_node *a, struct loc l)
{
	struct ast_node *n = NEW(AST_UNOP, l);
	n->op = op;
	n->a = a;
	return n;
}

static struct ast_node *binop(struct parse_ctx *ctx, enum ast_op op, struct ast_node *a,
			      struct ast_node *b, struct loc l)
{
	struct ast_node *n = NEW(AST_BINOP, l);
	n->op = op;
	n->a = a;
	n->b = b;
	return n;
}

static struct ast_node *ident(struct parse_ctx *ctx, const char *name, struct loc l)
{
	struct ast_node *n = NEW(AST_IDENT, l);
	n->str = name;
	return n;
}

static struct ast_node *type_node(struct parse_ctx *ctx, const char *base, struct loc l)
{
	struct ast_node *n = NEW(AST_TYPE, l);
	n->str = base;
	return n;
}

/* A list of one node (or none for NULL). */
static struct ast_list list_of(struct ast_node *n)
{
	return ast_list_push((struct ast_list){0}, n);
}

/* A block in statement position: a trailing value expression becomes a last statement (one walk
 * of the block's list, once per block). */
static struct ast_node *stmt_block(struct parse_ctx *ctx, struct ast_node *b)
{
	if (b && b->a) {
		struct ast_node *s = NEW(AST_EXPR_STMT, b->a->loc);
		s->a = b->a;
		b->a = NULL;
		struct ast_node **end = &b->list;
		while (*end)
			end = &(*end)->next;
		*end = s;
	}
	return b;
}

/* `{ stmts }` closed by LAST (a statement without ';' or NULL); an expression statement there
 * is the block's value. */
static struct ast_node *make_block(struct parse_ctx *ctx, struct ast_list stmts,
				   struct ast_node *last, struct loc l)
{
	struct ast_node *b = NEW(AST_BLOCK, l);
	if (last && last->kind == AST_EXPR_STMT)
		b->a = last->a;
	else
		stmts = ast_list_push(stmts, last);
	b->list = stmts.head;
	return b;
}

/* `++`/`--` apply to maps and variables only, as in bpftrace. */
static struct ast_node *incdec(struct parse_ctx *ctx, enum ast_op op, struct ast_node *a,
			       struct loc l, struct loc where)
{
	if (a->kind != AST_VAR && a->kind != AST_MAP)
		parse_error(ctx, where, "The %s operator must be applied to a map or variable",
			    ast_op_text(op));
	return unop(ctx, op, a, l);
}

/* What an assignment may store to; sema checks the types. `_ = e` discards a value. */
static void check_target(struct parse_ctx *ctx, const struct ast_node *t, struct loc l)
{
	switch (t->kind) {
	case AST_VAR:
	case AST_MAP:
	case AST_INDEX:
		return;
	case AST_FIELD:
		if (t->str && t->str[0] >= '0' && t->str[0] <= '9')
			parse_error(ctx, l, "Tuples are immutable once created. Consider creating a new "
				    "tuple and assigning it instead.");
		return;
	case AST_UNOP:
		if (t->op == OP_DEREF)
			return;
		break;
	case AST_IDENT:
		if (strcmp(t->str, "_") == 0)
			return;
		break;
	default:
		break;
	}
	parse_error(ctx, t->loc, "Invalid assignment target");
}

static struct ast_node *expr_stmt(struct parse_ctx *ctx, struct ast_node *e, struct loc l)
{
	struct ast_node *s = NEW(AST_EXPR_STMT, l);
	s->a = e;
	return s;
}
}

%union {
	struct ast_node *node;
	struct ast_list list;   /* a list being built: appends are O(1) */
	const char *str;
	int op;
}

%token END 0 "end of file"
%token LBRACE "{" RBRACE "}" LPAREN "(" RPAREN ")" LBRACKET "[" RBRACKET "]"
%token SEMI ";" COMMA "," COLON ":" QUES "?" DOT "." DOTDOT ".." PTR "->"
%token ENDPRED "end predicate" CAST_LPAREN "( of a cast"
%token ASSIGN "=" EQ "==" NE "!=" LE "<=" GE ">=" LT "<" GT ">" LEFT "<<" RIGHT ">>"
%token LAND "&&" LOR "||" PLUS "+" MINUS "-" MUL "*" DIV "/" MOD "%"
%token BAND "&" BOR "|" BXOR "^" LNOT "!" BNOT "~" INCREMENT "++" DECREMENT "--"
%token PARAMCOUNT "$#"
%token <op> COMPOUND "compound assignment"
%token IF "if" ELSE "else" WHILE "while" FOR "for" UNROLL "unroll" BREAK "break"
%token CONTINUE "continue" RETURN "return" LET "let" SIZEOF "sizeof" OFFSETOF "offsetof"
%token TYPEOF "typeof" IMPORT "import" STRUCT "struct" UNION "union" ENUM "enum" CONST "const"
%token CONFIG "config" MACRO "macro" FN "fn"
%token <str> IDENT "identifier" TYPE_NAME "type name" VAR "variable" MAP "map"
%token <str> ATTACH "attach point" PREPROC "preprocessor directive" CDEF "C definition"
%token <node> INT "integer" STRING "string" BOOL "bool" POSITIONAL "positional parameter"

%type <list> items attach_list config_items macro_params params stmt_list vargs record_fields field_path
%type <node> item probe pred config config_item config_value
%type <node> macro macro_param function param map_decl import
%type <node> block body simple_stmt compound_stmt if_stmt if_expr for_stmt jump let
%type <node> assign expr bexpr unary unary_noambig postfix primary call tuple record
%type <node> record_field map_access type kw_type type_base kw_type_base typeof
%type <node> sizeof offsetof range_bound var
%type <str> field_name

%precedence LOW
%right QUES
%left LOR
%left LAND
%left BOR
%left BXOR
%left BAND
%left EQ NE
%left LE GE LT GT
%left LEFT RIGHT
%left PLUS MINUS
%left MUL DIV MOD
%precedence LBRACKET RPAREN

%start program

%%

program:
		items {
			ctx->program = NEW(AST_PROGRAM, @$);
			ctx->program->list = $1.head;
			ctx->program->loc.first_line = ctx->program->loc.first_col = 1;
		}
	;

items:
		%empty          { $$ = (struct ast_list){0}; }
	|	items item      { $$ = ast_list_push($1, $2); }
	;

item:
		PREPROC         { $$ = NEW(AST_PREPROC, @$); $$->str = $1; }
	|	CDEF            { $$ = NEW(AST_C_DEFINITION, @$); $$->str = $1; }
	|	config
	|	macro
	|	function
	|	map_decl
	|	import
	|	probe
	|	SEMI            { $$ = NULL; }
	|	error RBRACE    { $$ = NULL; }
	|	error SEMI      { $$ = NULL; }
	;

/* ---- preamble ---------------------------------------------------------------------------- */

config:
		CONFIG ASSIGN LBRACE config_items RBRACE {
			$$ = NEW(AST_CONFIG, @$); $$->list = $4.head;
		}
	|	CONFIG ASSIGN LBRACE config_items config_item RBRACE {
			$$ = NEW(AST_CONFIG, @$); $$->list = ast_list_push($4, $5).head;
		}
	;

config_items:
		%empty                          { $$ = (struct ast_list){0}; }
	|	config_items config_item SEMI   { $$ = ast_list_push($1, $2); }
	|	config_items error SEMI         { $$ = $1; }
	;

config_item:
		IDENT ASSIGN config_value { $$ = NEW(AST_CONFIG_ITEM, @$); $$->str = $1; $$->a = $3; }
	;

config_value:
		INT
	|	STRING
	|	BOOL
	|	IDENT           { $$ = ident(ctx, $1, @$); }
	;

macro:
		MACRO IDENT LPAREN macro_params RPAREN block {
			$$ = NEW(AST_MACRO, @1);
			$$->loc = ast_loc_join(@1, @2);
			$$->str = $2; $$->list = $4.head; $$->a = $6;
		}
	;

macro_params:
		%empty                                  { $$ = (struct ast_list){0}; }
	|	macro_param                             { $$ = list_of($1); }
	|	macro_params COMMA macro_param          { $$ = ast_list_push($1, $3); }
	;

macro_param:
		VAR             { $$ = NEW(AST_VAR, @$); $$->str = $1; }
	|	MAP             { $$ = NEW(AST_MAP, @$); $$->str = $1; }
	|	IDENT           { $$ = ident(ctx, $1, @$); }
	;

function:
		FN IDENT LPAREN params RPAREN COLON type block {
			$$ = NEW(AST_FUNCTION, ast_loc_join(@1, @2));
			$$->str = $2; $$->list = $4.head; $$->a = $7; $$->b = stmt_block(ctx, $8);
		}
	|	FN IDENT LPAREN params RPAREN block {
			$$ = NEW(AST_FUNCTION, ast_loc_join(@1, @2));
			$$->str = $2; $$->list = $4.head; $$->b = stmt_block(ctx, $6);
		}
	;

params:
		%empty                  { $$ = (struct ast_list){0}; }
	|	param                   { $$ = list_of($1); }
	|	params COMMA param      { $$ = ast_list_push($1, $3); }
	;

param:
		VAR COLON type  { $$ = NEW(AST_PARAM, @$); $$->str = $1; $$->a = $3; }
	;

map_decl:
		LET MAP ASSIGN IDENT LPAREN INT RPAREN SEMI {
			$$ = NEW(AST_MAP_DECL, ast_loc_join(@1, @7));
			$$->str = $2; $$->str2 = $4; $$->num = $6->num;
		}
	;

import:
		IMPORT STRING SEMI      { $$ = NEW(AST_IMPORT, ast_loc_join(@1, @2)); $$->str = $2->str; }
	;

/* ---- probes ------------------------------------------------------------------------------ */

probe:
		attach_list pred body {
			$$ = NEW(AST_PROBE, @1);
			$$->list = $1.head; $$->a = $2; $$->b = $3;
		}
	;

attach_list:
		ATTACH {
			struct ast_node *ap = NEW(AST_ATTACH_POINT, @$);
			ap->str = $1;
			$$ = list_of(ap);
		}
	|	attach_list COMMA ATTACH {
			struct ast_node *ap = NEW(AST_ATTACH_POINT, @3);
			ap->str = $3;
			$$ = ast_list_push($1, ap);
		}
	|	attach_list COMMA               { $$ = $1; }
	;

pred:
		%empty                  { $$ = NULL; }
	|	DIV expr ENDPRED        { $$ = $2; }
	;

/* ---- statements -------------------------------------------------------------------------- */

/* A block whose value, if any, is discarded: probe, function, loop and if-statement bodies. */
body:
		block                   { $$ = stmt_block(ctx, $1); }
	;

block:
		LBRACE stmt_list RBRACE                 { $$ = make_block(ctx, $2, NULL, @$); }
	|	LBRACE stmt_list simple_stmt RBRACE     { $$ = make_block(ctx, $2, $3, @$); }
	|	LBRACE stmt_list error RBRACE           { $$ = make_block(ctx, $2, NULL, @$); }
	;

stmt_list:
		%empty                          { $$ = (struct ast_list){0}; }
	|	stmt_list simple_stmt SEMI      { $$ = ast_list_push($1, $2); }
	|	stmt_list compound_stmt         { $$ = ast_list_push($1, $2); }
	|	stmt_list SEMI                  { $$ = $1; }
	|	stmt_list error SEMI            { $$ = $1; }
	;

simple_stmt:
		bexpr                   { $$ = expr_stmt(ctx, $1, @$); }
	|	assign
	|	let
	|	jump
	|	IMPORT STRING           { $$ = NEW(AST_IMPORT, @$); $$->str = $2->str; }
	;

compound_stmt:
		if_stmt
	|	WHILE unary body        { $$ = NEW(AST_WHILE, @$); $$->a = $2; $$->b = $3; }
	|	UNROLL unary body       { $$ = NEW(AST_UNROLL, @$); $$->a = $2; $$->b = $3; }
	|	for_stmt
	|	body
	;

if_stmt:
		IF unary body {
			$$ = NEW(AST_IF, @$); $$->a = $2; $$->b = $3;
		}
	|	IF unary body ELSE body {
			$$ = NEW(AST_IF, @$); $$->a = $2; $$->b = $3; $$->c = $5;
		}
	|	IF unary body ELSE if_stmt {
			$$ = NEW(AST_IF, @$); $$->a = $2; $$->b = $3; $$->c = $5;
		}
	;

/* `if` as a value: both branches present, blocks keep their values. The condition of `if`,
 * `while` and `unroll` is a unary expression, so `if (x) {` and `if x {` both read. */
if_expr:
		IF unary block ELSE block {
			$$ = NEW(AST_IF, @$); $$->a = $2; $$->b = $3; $$->c = $5;
		}
	|	IF unary block ELSE if_expr {
			$$ = NEW(AST_IF, @$); $$->a = $2; $$->b = $3; $$->c = $5;
		}
	;

for_stmt:
		FOR LPAREN var COLON MAP RPAREN body {
			$$ = NEW(AST_FOR_MAP, @$); $$->a = $3;
			$$->b = NEW(AST_MAP, @5); $$->b->str = $5; $$->c = $7;
		}
	|	FOR var COLON MAP body {
			$$ = NEW(AST_FOR_MAP, @$); $$->a = $2;
			$$->b = NEW(AST_MAP, @4); $$->b->str = $4; $$->c = $5;
		}
	|	FOR LPAREN var COLON range_bound DOTDOT range_bound RPAREN body {
			$$ = NEW(AST_FOR_RANGE, @$); $$->a = $3; $$->b = $5; $$->c = $7; $$->d = $9;
		}
	|	FOR var COLON range_bound DOTDOT range_bound body {
			$$ = NEW(AST_FOR_RANGE, @$); $$->a = $2; $$->b = $4; $$->c = $6; $$->d = $7;
		}
	;

range_bound:
		unary
	;

var:
		VAR     { $$ = NEW(AST_VAR, @$); $$->str = $1; }
	;

jump:
		BREAK           { $$ = NEW(AST_BREAK, @$); }
	|	CONTINUE        { $$ = NEW(AST_CONTINUE, @$); }
	|	RETURN          { $$ = NEW(AST_RETURN, @$); }
	|	RETURN expr     { $$ = NEW(AST_RETURN, @$); $$->a = $2; }
	;

let:
		LET var                         { $$ = NEW(AST_LET, @$); $$->a = $2; }
	|	LET var COLON type              { $$ = NEW(AST_LET, @$); $$->a = $2; $$->b = $4; }
	|	LET var ASSIGN expr             { $$ = NEW(AST_LET, @$); $$->a = $2; $$->c = $4; }
	|	LET var COLON type ASSIGN expr  { $$ = NEW(AST_LET, @$); $$->a = $2; $$->b = $4; $$->c = $6; }
	;

assign:
		unary ASSIGN expr {
			$$ = NEW(AST_ASSIGN, @$); $$->a = $1; $$->b = $3;
			check_target(ctx, $1, @$);
		}
	|	unary COMPOUND expr {
			$$ = NEW(AST_ASSIGN, @$); $$->a = $1; $$->b = $3; $$->op = (enum ast_op)$2;
			check_target(ctx, $1, @$);
		}
	;

/* ---- expressions ------------------------------------------------------------------------- */

expr:
		bexpr
	|	block
	|	if_expr
	;

bexpr:
		unary
	|	bexpr QUES expr COLON bexpr %prec QUES {
			$$ = NEW(AST_TERNARY, @$); $$->a = $1; $$->b = $3; $$->c = $5;
		}
	|	bexpr QUES COLON bexpr %prec QUES {
			/* `a ?: b`: the condition is also the value when true */
			$$ = NEW(AST_TERNARY, @$); $$->a = $1; $$->c = $4;
		}
	|	bexpr QUES expr COLON block {
			$$ = NEW(AST_TERNARY, @$); $$->a = $1; $$->b = $3; $$->c = $5;
		}
	|	bexpr LOR bexpr         { $$ = binop(ctx, OP_LOR, $1, $3, @$); }
	|	bexpr LAND bexpr        { $$ = binop(ctx, OP_LAND, $1, $3, @$); }
	|	bexpr BOR bexpr         { $$ = binop(ctx, OP_BOR, $1, $3, @$); }
	|	bexpr BXOR bexpr        { $$ = binop(ctx, OP_BXOR, $1, $3, @$); }
	|	bexpr BAND bexpr        { $$ = binop(ctx, OP_BAND, $1, $3, @$); }
	|	bexpr EQ bexpr          { $$ = binop(ctx, OP_EQ, $1, $3, @$); }
	|	bexpr NE bexpr          { $$ = binop(ctx, OP_NE, $1, $3, @$); }
	|	bexpr LT bexpr          { $$ = binop(ctx, OP_LT, $1, $3, @$); }
	|	bexpr LE bexpr          { $$ = binop(ctx, OP_LE, $1, $3, @$); }
	|	bexpr GT bexpr          { $$ = binop(ctx, OP_GT, $1, $3, @$); }
	|	bexpr GE bexpr          { $$ = binop(ctx, OP_GE, $1, $3, @$); }
	|	bexpr LEFT bexpr        { $$ = binop(ctx, OP_SHL, $1, $3, @$); }
	|	bexpr RIGHT bexpr       { $$ = binop(ctx, OP_SHR, $1, $3, @$); }
	|	bexpr PLUS bexpr        { $$ = binop(ctx, OP_ADD, $1, $3, @$); }
	|	bexpr MINUS bexpr       { $$ = binop(ctx, OP_SUB, $1, $3, @$); }
	|	bexpr MUL bexpr         { $$ = binop(ctx, OP_MUL, $1, $3, @$); }
	|	bexpr DIV bexpr         { $$ = binop(ctx, OP_DIV, $1, $3, @$); }
	|	bexpr MOD bexpr         { $$ = binop(ctx, OP_MOD, $1, $3, @$); }
	;

unary:
		unary_noambig
	|	MINUS unary             { $$ = unop(ctx, OP_NEG, $2, @$); }
	|	MUL unary               { $$ = unop(ctx, OP_DEREF, $2, @$); }
	|	BAND unary              { $$ = unop(ctx, OP_ADDR, $2, @$); }
	|	INCREMENT unary         { $$ = incdec(ctx, OP_PREINC, $2, @$, @1); }
	|	DECREMENT unary         { $$ = incdec(ctx, OP_PREDEC, $2, @$, @1); }
	|	LPAREN kw_type RPAREN unary {
			$$ = NEW(AST_CAST, @$); $$->a = $2; $$->b = $4;
		}
	|	CAST_LPAREN type RPAREN unary {
			$$ = NEW(AST_CAST, @$); $$->a = $2; $$->b = $4;
		}
	;

/* Operands that cannot continue a binary expression, so `(name) operand` is a cast while
 * `(name) - x`, `(name) * x` and `(name) & x` stay arithmetic, as in bpftrace. */
unary_noambig:
		postfix
	|	LNOT unary              { $$ = unop(ctx, OP_LNOT, $2, @$); }
	|	BNOT unary              { $$ = unop(ctx, OP_BNOT, $2, @$); }
	|	LPAREN IDENT RPAREN unary_noambig {
			$$ = NEW(AST_CAST, @$);
			$$->a = type_node(ctx, $2, @2);
			$$->b = $4;
		}
	;

/* A field or index of a parenthesized object starts where the object does, inside the
 * parentheses, as bpftrace locates it. */
postfix:
		primary
	|	postfix DOT field_name  { $$ = NEW(AST_FIELD, ast_loc_join($1->loc, @$)); $$->a = $1; $$->str = $3; }
	|	postfix DOT INT         { $$ = NEW(AST_FIELD, ast_loc_join($1->loc, @$)); $$->a = $1; $$->str = $3->str; }
	|	postfix PTR field_name  {
			$$ = NEW(AST_FIELD, ast_loc_join($1->loc, @$)); $$->a = $1; $$->str = $3; $$->flag = true;
		}
	|	postfix LBRACKET expr RBRACKET {
			$$ = NEW(AST_INDEX, ast_loc_join($1->loc, @$)); $$->a = $1; $$->b = $3;
		}
	|	postfix INCREMENT       { $$ = incdec(ctx, OP_POSTINC, $1, @$, @1); }
	|	postfix DECREMENT       { $$ = incdec(ctx, OP_POSTDEC, $1, @$, @1); }
	;

primary:
		INT
	|	STRING
	|	BOOL
	|	POSITIONAL
	|	PARAMCOUNT              { $$ = NEW(AST_POS_COUNT, @$); }
	|	IDENT %prec LOW         { $$ = ident(ctx, $1, @$); }
	|	var
	|	MAP %prec LOW           { $$ = NEW(AST_MAP, @$); $$->str = $1; }
	|	map_access
	|	call
	|	LPAREN expr RPAREN      { $$ = $2; }
	|	LPAREN IDENT RPAREN     { $$ = ident(ctx, $2, @2); }
	|	tuple
	|	record
	|	sizeof
	|	offsetof
	|	typeof
	;

map_access:
		MAP LBRACKET vargs RBRACKET {
			$$ = NEW(AST_MAP, @$); $$->str = $1; $$->list = $3.head;
		}
	;

call:
		IDENT LPAREN RPAREN             { $$ = NEW(AST_CALL, @$); $$->str = $1; }
	|	IDENT LPAREN vargs RPAREN       { $$ = NEW(AST_CALL, @$); $$->str = $1; $$->list = $3.head; }
	;

vargs:
		expr                    { $$ = list_of($1); }
	|	vargs COMMA expr        { $$ = ast_list_push($1, $3); }
	;

tuple:
		LPAREN RPAREN                   { $$ = NEW(AST_TUPLE, @$); }
	|	LPAREN expr COMMA RPAREN        { $$ = NEW(AST_TUPLE, @$); $$->list = $2; }
	|	LPAREN expr COMMA vargs RPAREN  { $$ = NEW(AST_TUPLE, @$); $$->list = $2; $2->next = $4.head; }
	;

record:
		LPAREN record_fields RPAREN     { $$ = NEW(AST_RECORD, @$); $$->list = $2.head; }
	;

record_fields:
		record_field                            { $$ = list_of($1); }
	|	record_fields COMMA record_field        { $$ = ast_list_push($1, $3); }
	;

record_field:
		IDENT ASSIGN expr       { $$ = NEW(AST_RECORD_FIELD, @$); $$->str = $1; $$->a = $3; }
	;

sizeof:
		SIZEOF LPAREN kw_type RPAREN            { $$ = NEW(AST_SIZEOF, @$); $$->a = $3; }
	|	SIZEOF CAST_LPAREN type RPAREN          { $$ = NEW(AST_SIZEOF, @$); $$->a = $3; }
	|	SIZEOF LPAREN expr RPAREN               { $$ = NEW(AST_SIZEOF, @$); $$->a = $3; }
	;

offsetof:
		OFFSETOF LPAREN kw_type COMMA field_path RPAREN {
			$$ = NEW(AST_OFFSETOF, @$); $$->a = $3; $$->list = $5.head;
		}
	|	OFFSETOF LPAREN expr COMMA field_path RPAREN {
			$$ = NEW(AST_OFFSETOF, @$); $$->a = $3; $$->list = $5.head;
		}
	;

field_path:
		field_name                      { $$ = list_of(ident(ctx, $1, @$)); }
	|	field_path DOT field_name       { $$ = ast_list_push($1, ident(ctx, $3, @3)); }
	;

/* `typeof(type or expression)`: a type node named "typeof" whose `a` is the operand. */
typeof:
		TYPEOF LPAREN kw_type RPAREN    { $$ = type_node(ctx, "typeof", @$); $$->a = $3; }
	|	TYPEOF CAST_LPAREN type RPAREN  { $$ = type_node(ctx, "typeof", @$); $$->a = $3; }
	|	TYPEOF LPAREN expr RPAREN       { $$ = type_node(ctx, "typeof", @$); $$->a = $3; }
	;

field_name:
		IDENT | TYPE_NAME
	|	IF { $$ = "if"; } | ELSE { $$ = "else"; } | WHILE { $$ = "while"; } | FOR { $$ = "for"; }
	|	UNROLL { $$ = "unroll"; } | BREAK { $$ = "break"; } | CONTINUE { $$ = "continue"; }
	|	RETURN { $$ = "return"; } | LET { $$ = "let"; } | SIZEOF { $$ = "sizeof"; }
	|	OFFSETOF { $$ = "offsetof"; } | TYPEOF { $$ = "typeof"; } | IMPORT { $$ = "import"; }
	|	STRUCT { $$ = "struct"; } | UNION { $$ = "union"; } | ENUM { $$ = "enum"; }
	|	CONST { $$ = "const"; }
	;

/* ---- types ------------------------------------------------------------------------------- */

/* Types that cannot be mistaken for an expression (builtin names, struct/union/enum). */
kw_type:
		kw_type_base
	|	kw_type MUL                             { $$ = $1; $$->num++; $$->loc = @$; }
	|	kw_type LBRACKET INT RBRACKET           { $$ = $1; $$->flag = true; $$->c_num = $3->num; $$->loc = @$; }
	|	kw_type LBRACKET RBRACKET               { $$ = $1; $$->flag = true; $$->c_num = 0; $$->loc = @$; }
	;

kw_type_base:
		TYPE_NAME               { $$ = type_node(ctx, $1, @$); }
	|	STRUCT IDENT            { $$ = type_node(ctx, arena_printf(ctx->arena, "struct %s", $2), @$); }
	|	UNION IDENT             { $$ = type_node(ctx, arena_printf(ctx->arena, "union %s", $2), @$); }
	|	ENUM IDENT              { $$ = type_node(ctx, arena_printf(ctx->arena, "enum %s", $2), @$); }
	|	CONST kw_type_base      { $$ = $2; $$->loc = @$; }
	;

type:
		type_base
	|	type MUL                        { $$ = $1; $$->num++; $$->loc = @$; }
	|	type LBRACKET INT RBRACKET      { $$ = $1; $$->flag = true; $$->c_num = $3->num; $$->loc = @$; }
	|	type LBRACKET RBRACKET          { $$ = $1; $$->flag = true; $$->c_num = 0; $$->loc = @$; }
	;

type_base:
		kw_type_base
	|	IDENT                   { $$ = type_node(ctx, $1, @$); }
	|	CONST IDENT             { $$ = type_node(ctx, $2, @$); }
	|	typeof
	;

%%
