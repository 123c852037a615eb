/* Lexer unit tests: integer literals, escapes, attach points, comments, preamble lines and
 * locations, checked token by token. Prints "N passed, N failed"; exits non-zero on failure. */
#include <stdio.h>
#include <string.h>

#include "parser/ast_priv.h"
#include "grammar.h"
#include "lexer.h"

struct tok {
	int kind;
	PARSER_YYSTYPE val;
	struct loc loc;
};

struct run {
	struct arena arena;
	struct diags diags;
	struct source src;
	struct parse_ctx ctx;
	struct tok toks[64];
	int n;
	char errbuf[4096];
};

static int passed, failed;

#define CHECK(cond, ...)                                                   \
	do {                                                                \
		if (cond) {                                                 \
			passed++;                                           \
		} else {                                                    \
			failed++;                                           \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                       \
			fputc('\n', stderr);                                \
		}                                                           \
	} while (0)

/* Lexes TEXT completely; diagnostics go to r->errbuf. */
static void lex(struct run *r, const char *text)
{
	memset(r, 0, sizeof(*r));
	r->src = (struct source){ "test.bt", text, strlen(text) };
	FILE *err = fmemopen(r->errbuf, sizeof(r->errbuf) - 1, "w");
	r->diags = (struct diags){ .src = &r->src, .out = err };
	r->ctx = (struct parse_ctx){ .arena = &r->arena, .diags = &r->diags, .src = &r->src,
				     .line = 1, .col = 1 };
	yyscan_t sc;
	parser_yylex_init_extra(&r->ctx, &sc);
	YY_BUFFER_STATE b = parser_yy_scan_bytes(text, (int)strlen(text), sc);
	for (;;) {
		struct tok t = { 0 };
		t.kind = parser_yylex(&t.val, &t.loc, sc);
		if (t.kind == 0 || r->n == (int)ARRAY_LEN(r->toks))
			break;
		r->toks[r->n++] = t;
	}
	parser_yy_delete_buffer(b, sc);
	parser_yylex_destroy(sc);
	fclose(err);
}

static void done(struct run *r)
{
	arena_free(&r->arena);
}

/* One integer literal inside a probe body. */
static void int_ok(const char *lit, uint64_t want, bool want_unsigned)
{
	char text[128];
	snprintf(text, sizeof(text), "k:f { %s }", lit);
	struct run r;
	lex(&r, text);
	CHECK(r.n == 4 && r.toks[2].kind == INT && r.ctx.errors == 0, "lex %s", lit);
	if (r.n == 4 && r.toks[2].kind == INT) {
		CHECK(r.toks[2].val.node->num == want, "%s = %llu, want %llu", lit,
		      (unsigned long long)r.toks[2].val.node->num, (unsigned long long)want);
		CHECK(r.toks[2].val.node->flag == want_unsigned, "%s unsigned flag", lit);
		CHECK(strcmp(r.toks[2].val.node->str, lit) == 0, "%s text kept", lit);
	}
	done(&r);
}

static void int_bad(const char *lit)
{
	char text[128];
	snprintf(text, sizeof(text), "k:f { %s }", lit);
	struct run r;
	lex(&r, text);
	CHECK(r.ctx.errors == 1 && strstr(r.errbuf, "ERROR:"), "%s should be rejected", lit);
	done(&r);
}

static void string_ok(const char *lit, const char *want, size_t want_len)
{
	char text[128];
	snprintf(text, sizeof(text), "k:f { %s }", lit);
	struct run r;
	lex(&r, text);
	CHECK(r.n == 4 && r.toks[2].kind == STRING && r.ctx.errors == 0, "lex %s", lit);
	if (r.n == 4 && r.toks[2].kind == STRING) {
		CHECK(r.toks[2].val.node->num == want_len, "%s length %llu", lit,
		      (unsigned long long)r.toks[2].val.node->num);
		CHECK(memcmp(r.toks[2].val.node->str, want, want_len) == 0, "%s bytes", lit);
	}
	done(&r);
}

/* TEXT must lex to exactly the attach points in WANT (NULL-terminated), separated by commas. */
static void attach_ok(const char *text, const char *const *want)
{
	struct run r;
	lex(&r, text);
	int i = 0, k = 0;
	for (; i < r.n && want[k]; i++) {
		if (r.toks[i].kind == COMMA)
			continue;
		if (r.toks[i].kind != ATTACH)
			break;
		CHECK(strcmp(r.toks[i].val.str, want[k]) == 0, "attach '%s', want '%s'",
		      r.toks[i].val.str, want[k]);
		k++;
	}
	CHECK(!want[k] && r.ctx.errors == 0, "all attach points of %s", text);
	done(&r);
}

static void test_ints(void)
{
	int_ok("0", 0, false);
	int_ok("42", 42, false);
	int_ok("0x1F", 31, false);
	int_ok("0XfF", 255, false);
	int_ok("0b101", 5, false);
	int_ok("0o17", 15, false);
	int_ok("017", 15, false);
	int_ok("1_000_000", 1000000, false);
	int_ok("0xffff_ffff", 0xffffffffull, false);
	int_ok("1e6", 1000000, false);
	int_ok("5e0", 5, false);
	int_ok("2u", 2, true);
	int_ok("2ul", 2, true);
	int_ok("2ULL", 2, true);
	int_ok("7l", 7, true);
	int_ok("100ms", 100000000, false);
	int_ok("1s", 1000000000, false);
	int_ok("3us", 3000, false);
	int_ok("9223372036854775807", 9223372036854775807ull, false);
	int_ok("18446744073709551615", 18446744073709551615ull, true);
	int_ok("0x12345678abcdef", 0x12345678abcdefull, false);
	int_bad("0x");
	int_bad("08");
	int_bad("0b102");
	int_bad("12abc");
	int_bad("18446744073709551616");
	int_bad("1e30");
	int_bad("2uu");
}

static void test_strings(void)
{
	string_ok("\"\"", "", 0);
	string_ok("\"abc\"", "abc", 3);
	string_ok("\"a\\nb\\tc\"", "a\nb\tc", 5);
	string_ok("\"\\\\ \\\"\"", "\\ \"", 3);
	string_ok("\"\\x41\\x4a\"", "AJ", 2);
	string_ok("\"\\101\\0x\"", "A\0x", 3);
	string_ok("\"\\e[0m\"", "\x1b[0m", 4);

	struct run r;
	lex(&r, "k:f { \"\\q\" }");
	CHECK(r.ctx.errors == 1 && strstr(r.errbuf, "invalid escape sequence '\\q'"), "bad escape");
	done(&r);
	lex(&r, "k:f { \"abc\n }");
	CHECK(r.ctx.errors == 1 && strstr(r.errbuf, "test.bt:1:7-11: ERROR: unterminated string"),
	      "unterminated string: %s", r.errbuf);
	done(&r);
}

static void test_attach_points(void)
{
	attach_ok("BEGIN { }", (const char *const[]){ "BEGIN", NULL });
	attach_ok("begin,end { }", (const char *const[]){ "begin", "end", NULL });
	attach_ok("tracepoint:syscalls:sys_enter_* { }",
		  (const char *const[]){ "tracepoint:syscalls:sys_enter_*", NULL });
	attach_ok("interval:s:1 { }", (const char *const[]){ "interval:s:1", NULL });
	attach_ok("profile:hz:99 { }", (const char *const[]){ "profile:hz:99", NULL });
	attach_ok("hardware:cache-misses:1000000 { }",
		  (const char *const[]){ "hardware:cache-misses:1000000", NULL });
	attach_ok("uprobe:/bin/bash:readline { }",
		  (const char *const[]){ "uprobe:/bin/bash:readline", NULL });
	attach_ok("uprobe:./testprogs/x:f { }", (const char *const[]){ "uprobe:./testprogs/x:f", NULL });
	attach_ok("uprobe:\"/a b\":f { }", (const char *const[]){ "uprobe:/a b:f", NULL });
	attach_ok("uprobe:/bin/x:cpp:\"ns::f(int)\" { }",
		  (const char *const[]){ "uprobe:/bin/x:cpp:ns::f(int)", NULL });
	attach_ok("kprobe:f+0x10 { }", (const char *const[]){ "kprobe:f+0x10", NULL });
	attach_ok("k:vfs_re?d,\n  kr:vfs_[rw]*, t:a:b { }",
		  (const char *const[]){ "k:vfs_re?d", "kr:vfs_[rw]*", "t:a:b", NULL });
	attach_ok("uprobe:$1:f { }", (const char *const[]){ "uprobe:$1:f", NULL });
	attach_ok("watchpoint:0x1234:8:rw { }", (const char *const[]){ "watchpoint:0x1234:8:rw", NULL });

	/* a predicate after an attach point starts with '/' and ends with '/' before '{' */
	struct run r;
	lex(&r, "kprobe:f /pid == 1/ { }");
	int want[] = { ATTACH, DIV, IDENT, EQ, INT, ENDPRED, LBRACE, RBRACE };
	CHECK(r.n == (int)ARRAY_LEN(want), "predicate token count %d", r.n);
	for (int i = 0; i < r.n && i < (int)ARRAY_LEN(want); i++)
		CHECK(r.toks[i].kind == want[i], "predicate token %d", i);
	done(&r);
	lex(&r, "k:f / 4 / 2 / { }");
	CHECK(r.n == 8 && r.toks[3].kind == DIV && r.toks[5].kind == ENDPRED, "division in predicate");
	done(&r);
}

static void test_comments_and_preamble(void)
{
	struct run r;
	lex(&r, "#!/usr/bin/env bpftrace\n// line comment\n#include <linux/sched.h>\n"
		"/* block\n comment */ BEGIN { /* in code */ } // tail");
	CHECK(r.n == 4, "token count %d", r.n);
	if (r.n == 4) {
		CHECK(r.toks[0].kind == PREPROC && strcmp(r.toks[0].val.str, "#include <linux/sched.h>") == 0,
		      "preproc");
		CHECK(r.toks[1].kind == ATTACH, "attach after comments");
		CHECK(r.toks[1].loc.first_line == 5 && r.toks[1].loc.first_col == 13, "location %d:%d",
		      r.toks[1].loc.first_line, r.toks[1].loc.first_col);
		CHECK(r.toks[2].kind == LBRACE && r.toks[3].kind == RBRACE, "braces");
	}
	CHECK(r.ctx.errors == 0, "no errors");
	done(&r);

	lex(&r, "struct foo { int a; struct { int b; } c; } __attribute__((packed)); BEGIN {}");
	CHECK(r.n == 4 && r.toks[0].kind == CDEF &&
	      strcmp(r.toks[0].val.str, "struct foo { int a; struct { int b; } c; } __attribute__((packed));") == 0,
	      "C definition");
	done(&r);

	lex(&r, "typedef unsigned int u32_t;\nconfig = { a = 1 }\nlet @m = hash(1);\nk:f {}");
	int want[] = { CDEF, CONFIG, ASSIGN, LBRACE, IDENT, ASSIGN, INT, RBRACE,
		       LET, MAP, ASSIGN, IDENT, LPAREN, INT, RPAREN, SEMI, ATTACH, LBRACE, RBRACE };
	CHECK(r.n == (int)ARRAY_LEN(want), "preamble token count %d", r.n);
	for (int i = 0; i < r.n && i < (int)ARRAY_LEN(want); i++)
		CHECK(r.toks[i].kind == want[i], "preamble token %d is %d", i, r.toks[i].kind);
	done(&r);

	lex(&r, "k:f { 1 } /* open");
	CHECK(r.ctx.errors == 1 && strstr(r.errbuf, "unterminated comment"), "unterminated comment");
	done(&r);
	lex(&r, "#!/bin/sh\n#!/bin/sh\nk:f {}");
	CHECK(r.n == 4 && r.toks[0].kind == PREPROC, "only the first line is an interpreter line");
	done(&r);
}

static void test_code_tokens(void)
{
	struct run r;
	lex(&r, "k:f { $1 $# $x @ @m (uint8 *) (int8) a->b ..<<=>>= ++ -- true unsigned  long }");
	int want[] = { ATTACH, LBRACE, POSITIONAL, PARAMCOUNT, VAR, MAP, MAP, CAST_LPAREN, TYPE_NAME,
		       MUL, RPAREN, LPAREN, TYPE_NAME, RPAREN, IDENT, PTR, IDENT, DOTDOT, COMPOUND,
		       COMPOUND, INCREMENT, DECREMENT, BOOL, TYPE_NAME, RBRACE };
	CHECK(r.n == (int)ARRAY_LEN(want), "code token count %d", r.n);
	for (int i = 0; i < r.n && i < (int)ARRAY_LEN(want); i++)
		CHECK(r.toks[i].kind == want[i], "code token %d is %d", i, r.toks[i].kind);
	if (r.n == (int)ARRAY_LEN(want)) {
		CHECK(r.toks[2].val.node->num == 1, "$1");
		CHECK(strcmp(r.toks[5].val.str, "@") == 0, "anonymous map");
		CHECK(strcmp(r.toks[23].val.str, "unsigned long") == 0, "multi-word type '%s'",
		      r.toks[23].val.str);
		CHECK(r.toks[4].loc.first_col == 13 && r.toks[4].loc.last_col == 15, "$x columns");
	}
	CHECK(r.ctx.errors == 0, "no errors: %s", r.errbuf);
	done(&r);

	lex(&r, "k:f { ` }");
	CHECK(r.ctx.errors == 1 && strstr(r.errbuf, "test.bt:1:7-8: ERROR: invalid character '`'"),
	      "bad character: %s", r.errbuf);
	done(&r);
	lex(&r, "k:f { $0 }");
	CHECK(r.ctx.errors == 1 && strstr(r.errbuf, "param $0 is out of integer range"), "$0");
	done(&r);
}

int main(void)
{
	test_ints();
	test_strings();
	test_attach_points();
	test_comments_and_preamble();
	test_code_tokens();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
