/* AST helpers: kind and operator names, node construction, literal decoding. */
#include "parser/ast_priv.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

static const char *const kind_names[AST_KIND_COUNT] = {
	[AST_PROGRAM] = "program",
	[AST_C_DEFINITION] = "c_definition",
	[AST_PREPROC] = "preproc",
	[AST_CONFIG] = "config",
	[AST_CONFIG_ITEM] = "config_item",
	[AST_MACRO] = "macro",
	[AST_MAP_DECL] = "map_decl",
	[AST_IMPORT] = "import",
	[AST_PROBE] = "probe",
	[AST_ATTACH_POINT] = "attach",
	[AST_FUNCTION] = "function",
	[AST_PARAM] = "param",
	[AST_BLOCK] = "block",
	[AST_EXPR_STMT] = "expr_stmt",
	[AST_ASSIGN] = "assign",
	[AST_LET] = "let",
	[AST_IF] = "if",
	[AST_WHILE] = "while",
	[AST_FOR_MAP] = "for_map",
	[AST_FOR_RANGE] = "for_range",
	[AST_UNROLL] = "unroll",
	[AST_BREAK] = "break",
	[AST_CONTINUE] = "continue",
	[AST_RETURN] = "return",
	[AST_INT] = "int",
	[AST_STRING] = "string",
	[AST_BOOL] = "bool",
	[AST_IDENT] = "ident",
	[AST_VAR] = "var",
	[AST_MAP] = "map",
	[AST_POSITIONAL] = "positional",
	[AST_POS_COUNT] = "pos_count",
	[AST_CALL] = "call",
	[AST_BINOP] = "binop",
	[AST_UNOP] = "unop",
	[AST_TERNARY] = "ternary",
	[AST_CAST] = "cast",
	[AST_TYPE] = "type",
	[AST_FIELD] = "field",
	[AST_INDEX] = "index",
	[AST_TUPLE] = "tuple",
	[AST_RECORD] = "record",
	[AST_RECORD_FIELD] = "record_field",
	[AST_SIZEOF] = "sizeof",
	[AST_OFFSETOF] = "offsetof",
};

const char *ast_kind_name(enum ast_kind k)
{
	if ((unsigned)k >= AST_KIND_COUNT || !kind_names[k])
		return "?";
	return kind_names[k];
}

static const char *const op_texts[OP_COUNT] = {
	[OP_NONE] = "",
	[OP_LOR] = "||", [OP_LAND] = "&&", [OP_BOR] = "|", [OP_BXOR] = "^", [OP_BAND] = "&",
	[OP_EQ] = "==", [OP_NE] = "!=", [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">",
	[OP_GE] = ">=", [OP_SHL] = "<<", [OP_SHR] = ">>", [OP_ADD] = "+", [OP_SUB] = "-",
	[OP_MUL] = "*", [OP_DIV] = "/", [OP_MOD] = "%",
	[OP_NEG] = "-", [OP_LNOT] = "!", [OP_BNOT] = "~", [OP_DEREF] = "*", [OP_ADDR] = "&",
	[OP_PREINC] = "++", [OP_PREDEC] = "--", [OP_POSTINC] = "++", [OP_POSTDEC] = "--",
};

const char *ast_op_text(enum ast_op op)
{
	if ((unsigned)op >= OP_COUNT)
		return "?";
	return op_texts[op];
}

struct ast_node *ast_new(struct parse_ctx *ctx, enum ast_kind kind, struct loc loc)
{
	struct ast_node *n = ARENA_NEW(ctx->arena, struct ast_node);
	n->kind = kind;
	n->loc = loc;
	return n;
}

void ast_set_origin(struct ast_node *n, const struct loc_origin *origin)
{
	if (!n)
		return;
	n->origin = origin;
	ast_set_origin(n->a, origin);
	ast_set_origin(n->b, origin);
	ast_set_origin(n->c, origin);
	ast_set_origin(n->d, origin);
	for (struct ast_node *l = n->list; l; l = l->next)
		ast_set_origin(l, origin);
}

struct ast_node *ast_clone(struct arena *arena, const struct ast_node *n)
{
	if (!n)
		return NULL;
	struct ast_node *c = ARENA_NEW(arena, struct ast_node);
	*c = *n;
	c->next = NULL;
	c->type = NULL;
	c->sym = NULL;
	c->aux_type = NULL;
	c->a = ast_clone(arena, n->a);
	c->b = ast_clone(arena, n->b);
	c->c = ast_clone(arena, n->c);
	c->d = ast_clone(arena, n->d);
	struct ast_node **tail = &c->list;
	for (const struct ast_node *x = n->list; x; x = x->next) {
		*tail = ast_clone(arena, x);
		tail = &(*tail)->next;
	}
	return c;
}

const struct source *ast_origin_source(const struct loc_origin *origin, const struct source *main)
{
	return origin && origin->src ? origin->src : main;
}

struct ast_list ast_list_push(struct ast_list l, struct ast_node *item)
{
	if (!item)
		return l;
	if (l.tail)
		l.tail->next = item;
	else
		l.head = item;
	l.tail = item;
	while (l.tail->next)   /* ITEM heads a chain: only that chain is walked */
		l.tail = l.tail->next;
	return l;
}

struct loc ast_loc_join(struct loc a, struct loc b)
{
	struct loc r = a;
	r.last_line = b.last_line;
	r.last_col = b.last_col;
	return r;
}

void parse_error(struct parse_ctx *ctx, struct loc loc, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ctx->errors++;
	diag_error(ctx->diags, loc, "%s", buf);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *parse_decode_string(struct arena *arena, const char *s, size_t n, size_t *len, size_t *bad)
{
	char *out = arena_alloc(arena, n + 1);   /* decoding never grows the text */
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			out[o++] = s[i];
			continue;
		}
		size_t esc = i++;
		if (i >= n) {
			*bad = esc;
			return NULL;
		}
		char c = s[i];
		switch (c) {
		case 'n': out[o++] = '\n'; break;
		case 't': out[o++] = '\t'; break;
		case 'r': out[o++] = '\r'; break;
		case 'a': out[o++] = '\a'; break;
		case 'b': out[o++] = '\b'; break;
		case 'f': out[o++] = '\f'; break;
		case 'v': out[o++] = '\v'; break;
		case 'e': out[o++] = 27; break;
		case '\\': out[o++] = '\\'; break;
		case '"': out[o++] = '"'; break;
		case '\'': out[o++] = '\''; break;
		case 'x': {
			int v = 0, k = 0;
			while (k < 2 && i + 1 < n && hexval((unsigned char)s[i + 1]) >= 0) {
				v = v * 16 + hexval((unsigned char)s[++i]);
				k++;
			}
			if (k == 0) {
				*bad = esc;
				return NULL;
			}
			out[o++] = (char)v;
			break;
		}
		default:
			if (c >= '0' && c <= '7') {
				int v = c - '0', k = 1;
				while (k < 3 && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') {
					v = v * 8 + (s[++i] - '0');
					k++;
				}
				if (v > 255) {
					*bad = esc;
					return NULL;
				}
				out[o++] = (char)v;
				break;
			}
			*bad = esc;
			return NULL;
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

static int digit_in_base(int c, int base)
{
	int v = hexval(c);
	return v >= 0 && v < base ? v : -1;
}

/* Duration suffixes turn a decimal literal into nanoseconds (`100ms`, `1s`). */
static const struct {
	const char *unit;
	uint64_t ns;
} time_units[] = {
	{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
	{ "m", 60ull * 1000000000 }, { "h", 3600ull * 1000000000 }, { "d", 86400ull * 1000000000 },
};

static bool int_suffix(const char *s, bool *suffixed)
{
	/* u, l, ul, lu, ll, ull, llu in any case */
	int nu = 0, nl = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == 'u' || s[i] == 'U')
			nu++;
		else if (s[i] == 'l' || s[i] == 'L')
			nl++;
		else
			return false;
	}
	if (nu > 1 || nl > 2)
		return false;
	if (nl == 2 && n == 3 && s[1] != 'l' && s[1] != 'L')
		return false;   /* "lul" */
	*suffixed = n > 0;
	return true;
}

bool parse_int_literal(const char *text, uint64_t *value, bool *is_unsigned, const char **why)
{
	const char *p = text;
	int base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		base = 2, p += 2;
	else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		base = 8, p += 2;
	else if (p[0] == '0' && (isdigit((unsigned char)p[1]) || p[1] == '_'))
		base = 8, p += 1;   /* C-style leading-zero octal */

	*why = "invalid integer literal";
	uint64_t v = 0;
	int ndigits = 0;
	bool overflow = false;
	for (;; p++) {
		if (*p == '_')
			continue;
		/* in base 8 read decimal digits too, so that "08" is reported, not split */
		int d = digit_in_base((unsigned char)*p, base == 8 ? 10 : base);
		if (d < 0)
			break;
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			overflow = true;
		v = v * (uint64_t)base + (uint64_t)d;
		ndigits++;
	}
	if (ndigits == 0 && !(base == 8 && p > text))
		return false;
	if (base == 10 && (*p == 'e' || *p == 'E') && isdigit((unsigned char)p[1])) {
		/* scientific notation: decimal mantissa times a power of ten */
		p++;
		int exp = 0;
		for (; isdigit((unsigned char)*p) || *p == '_'; p++) {
			if (*p == '_')
				continue;
			exp = exp * 10 + (*p - '0');
			if (exp > 100)
				exp = 100;
		}
		for (int i = 0; i < exp && v != 0; i++) {
			if (v > UINT64_MAX / 10)
				overflow = true;
			v *= 10;
		}
	}
	bool suffixed = false;
	if (*p && !int_suffix(p, &suffixed)) {
		size_t i;
		for (i = 0; i < ARRAY_LEN(time_units); i++)
			if (strcmp(p, time_units[i].unit) == 0)
				break;
		if (i == ARRAY_LEN(time_units) || base != 10)
			return false;
		if (v > UINT64_MAX / time_units[i].ns)
			overflow = true;
		v *= time_units[i].ns;
	}
	if (overflow) {
		*why = "integer literal is out of range";
		return false;
	}
	*value = v;
	*is_unsigned = suffixed || v > (uint64_t)INT64_MAX;
	return true;
}
