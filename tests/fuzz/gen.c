/* The program generator of fuzz_generate. Each choice takes one byte of the input (0 once it is
 * used up, so every input ends in a small program). Expressions are made for the type wanted:
 * integers, strings and tuples, from literals, builtins, scratch variables already assigned and
 * maps whose key and value types stay fixed, so most programs pass sema and reach codegen and the
 * verifier; a registry builtin with arbitrary arguments adds the programs sema must reject. */
#include "tests/fuzz/gen.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/builtin.h"
#include "stdlib/stdlib_priv.h"

enum { MAX_DEPTH = 4, MAX_TEXT = 16384, NVARS = 4 };

struct gen {
	const uint8_t *data;
	size_t size, pos;
	FILE *out;
	bool ints[NVARS], strs[NVARS]; /* scratch variables assigned so far in this probe */
	int probe;                     /* index into probes[] of the probe being written */
	int loops;                     /* for and while loops open: @-map loops need none */
	int uniq;                      /* numbers loop variables apart */
	unsigned maps;                 /* MAP_* bits: maps assigned so far, which reads may name */
};

enum { MAP_A = 1, MAP_S = 2, MAP_T = 4 };

static unsigned pick(struct gen *g, unsigned n)
{
	if (n <= 1)
		return 0;
	return g->pos < g->size ? g->data[g->pos++] % n : 0;
}

static void emit(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(g->out, fmt, ap);
	va_end(ap);
}

/* Probes this kernel loads, each with the integer context fields it offers. */
static const struct {
	const char *name;
	const char *fields[3];
} probes[] = {
	{"begin", {NULL}},
	{"end", {NULL}},
	{"interval:s:1", {NULL}},
	{"profile:hz:99", {NULL}},
	{"software:cpu-clock:1000000", {NULL}},
	{"tracepoint:syscalls:sys_enter_read", {"args.fd", "args.count", "args.buf"}},
	{"tracepoint:sched:sched_switch", {"args.prev_pid", "args.next_pid", "args.prev_prio"}},
	{"rawtracepoint:sys_enter", {"arg0", "arg1", NULL}},
	{"uprobe:/lib/x86_64-linux-gnu/libc.so.6:getppid", {"arg0", "arg1", NULL}},
	{"uretprobe:/lib/x86_64-linux-gnu/libc.so.6:malloc", {"retval", NULL}},
};

static const char *const int_vars[] = {"pid", "tid", "cpu", "nsecs", "uid", "gid", "rand", "cgroup", "elapsed",
                                       "jiffies", "numaid", "ncpus", "usermode", "cpid"};
static const char *const int_types[] = {"uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64"};
static const char *const binops[] = {"+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "==", "!=", "<", ">",
                                     "<=", ">=", "&&", "||"};
static const char *const aggs[] = {"count()", "sum(%s)", "min(%s)", "max(%s)", "avg(%s)", "stats(%s)", "hist(%s)",
                                   "lhist(%s, 0, 1000, 10)"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void gen_int(struct gen *g, int depth);
static void gen_str(struct gen *g, int depth);
static void gen_block(struct gen *g, int depth);

static void gen_literal(struct gen *g)
{
	static const char *const lits[] = {"0", "1", "-1", "7", "255", "256", "65536", "4294967295", "-9223372036854775807",
	                                   "18446744073709551615", "1_000", "0x7f", "1e3", "true", "false"};
	emit(g, "%s", lits[pick(g, N(lits))]);
}

static void gen_int(struct gen *g, int depth)
{
	unsigned k = depth >= MAX_DEPTH ? pick(g, 3) : pick(g, 13);
	int v = (int)pick(g, NVARS);
	switch (k) {
	case 0: gen_literal(g); break;
	case 1: emit(g, "%s", int_vars[pick(g, N(int_vars))]); break;
	case 2:
		if (g->ints[v])
			emit(g, "$i%d", v);
		else if (probes[g->probe].fields[0])
			emit(g, "%s", probes[g->probe].fields[pick(g, probes[g->probe].fields[1] ? 2 : 1)]);
		else
			gen_literal(g);
		break;
	case 3: emit(g, "("), gen_int(g, depth + 1), emit(g, " %s ", binops[pick(g, N(binops))]), gen_int(g, depth + 1),
	        emit(g, ")"); break;
	case 4: emit(g, "%s", (const char *[]){"-", "~", "!"}[pick(g, 3)]), gen_int(g, depth + 1); break;
	case 5: emit(g, "(%s)", int_types[pick(g, N(int_types))]), gen_int(g, depth + 1); break;
	case 6: emit(g, "("), gen_int(g, depth + 1), emit(g, " ? (int64)"), gen_int(g, depth + 1), emit(g, " : (int64)"),
	        gen_int(g, depth + 1), emit(g, ")"); break;
	case 7:
		if (g->maps & MAP_A)
			emit(g, "@a["), gen_int(g, depth + 1), emit(g, "]");
		else
			gen_literal(g);
		break;
	case 8: emit(g, "strlen("), gen_str(g, depth + 1), emit(g, ")"); break;
	case 9: emit(g, g->maps & MAP_T ? "@t.0" : "0"); break;
	case 10: emit(g, "strncmp("), gen_str(g, depth + 1), emit(g, ", "), gen_str(g, depth + 1), emit(g, ", %u)", pick(g, 20)); break;
	case 11: emit(g, "("), gen_str(g, depth + 1), emit(g, " %s ", pick(g, 2) ? "==" : "!="), gen_str(g, depth + 1),
	         emit(g, ")"); break;
	default: emit(g, g->maps & MAP_A ? "len(@a)" : "1"); break;
	}
}

static void gen_str(struct gen *g, int depth)
{
	static const char *const lits[] = {"\"\"", "\"sh\"", "\"hello world\"", "\"%d\\n\"", "\"\\x00\\t\""};
	unsigned k = depth >= MAX_DEPTH ? pick(g, 2) : pick(g, 7);
	int v = (int)pick(g, NVARS);
	switch (k) {
	case 0: emit(g, "%s", lits[pick(g, N(lits))]); break;
	case 1: emit(g, "comm"); break;
	case 2:
		if (g->strs[v])
			emit(g, "$s%d", v);
		else
			emit(g, "comm");
		break;
	case 3: emit(g, "str("), gen_int(g, depth + 1), pick(g, 2) ? emit(g, ", %u)", pick(g, 70)) : emit(g, ")"); break;
	case 4:
		if (g->maps & MAP_S)
			emit(g, "@s["), gen_int(g, depth + 1), emit(g, "]");
		else
			emit(g, "\"s\"");
		break;
	case 5: emit(g, "str_concat(comm, \"-x\")"); break;
	default: emit(g, "(%s ? ", pick(g, 2) ? "1" : "pid"), gen_str(g, depth + 1), emit(g, " : "),
	         gen_str(g, depth + 1), emit(g, ")"); break;
	}
}

/* A call to any builtin of the registry with arguments of no particular type. */
static void gen_registry_call(struct gen *g, int depth)
{
	size_t n = 0;
	for (const struct builtin *const *t = stdlib_tables; *t; t++)
		for (const struct builtin *b = *t; b->name; b++)
			n++;
	size_t want = (pick(g, 256) << 8 | pick(g, 256)) % (n ? n : 1), i = 0;
	for (const struct builtin *const *t = stdlib_tables; *t; t++)
		for (const struct builtin *b = *t; b->name; b++, i++) {
			if (i != want)
				continue;
			if (b->form != BUILTIN_CALL) {
				emit(g, "$r = %s;\n", b->name);
				return;
			}
			int max = b->max_args < 0 ? b->min_args + 3 : b->max_args;
			int nargs = b->min_args + (int)pick(g, (unsigned)(max - b->min_args + 1));
			emit(g, "%s(", b->name);
			for (int a = 0; a < nargs; a++) {
				emit(g, a ? ", " : "");
				unsigned kind = pick(g, 3);
				if (kind == 0)
					gen_int(g, depth + 1);
				else if (kind == 1)
					gen_str(g, depth + 1);
				else
					emit(g, "@a");
			}
			emit(g, ");\n");
			return;
		}
}

static void gen_printf(struct gen *g, int depth)
{
	unsigned n = pick(g, 4);
	bool is_str[3] = {false};
	emit(g, "printf(\"");
	for (unsigned i = 0; i < n; i++) {
		is_str[i] = pick(g, 2);
		emit(g, is_str[i] ? "%%s " : (const char *[]){"%%d ", "%%u ", "%%x ", "%%lld "}[pick(g, 4)]);
	}
	emit(g, "\\n\"");
	for (unsigned i = 0; i < n; i++)
		emit(g, ", "), is_str[i] ? gen_str(g, depth + 1) : gen_int(g, depth + 1);
	emit(g, ");\n");
}

static void gen_stmt(struct gen *g, int depth)
{
	int v = (int)pick(g, NVARS);
	unsigned k = depth >= MAX_DEPTH ? pick(g, 4) : pick(g, 20);
	switch (k) {
	case 0: emit(g, "$i%d = ", v), gen_int(g, depth), emit(g, ";\n"), g->ints[v] = true; break;
	case 1: emit(g, "$s%d = ", v), gen_str(g, depth), emit(g, ";\n"), g->strs[v] = true; break;
	case 2: emit(g, "@a[(int64)"), gen_int(g, depth), emit(g, "] = (int64)"), gen_int(g, depth), emit(g, ";\n"),
	        g->maps |= MAP_A; break;
	case 3: gen_printf(g, depth); break;
	case 4: {
		unsigned which = pick(g, N(aggs));
		const char *agg = aggs[which];
		emit(g, "@g%u[", which), gen_str(g, depth), emit(g, "] = ");
		const char *arg = strstr(agg, "%s");
		emit(g, "%.*s", arg ? (int)(arg - agg) : (int)strlen(agg), agg);
		if (arg)
			gen_int(g, depth), emit(g, "%s", arg + 2);
		emit(g, ";\n");
		break;
	}
	case 5: emit(g, "if ("), gen_int(g, depth), emit(g, ") "), gen_block(g, depth + 1);
		if (pick(g, 2))
			emit(g, " else "), gen_block(g, depth + 1);
		emit(g, "\n");
		break;
	case 6: emit(g, "for ($k%d : 0..%u) ", g->uniq++, pick(g, 10)), g->loops++, gen_block(g, depth + 1), g->loops--,
	        emit(g, "\n"); break;
	case 7:
		if (g->maps & MAP_A)
			emit(g, "for ($kv%d : @a) { @b[$kv%d.0] = $kv%d.1; }\n", g->uniq, g->uniq, g->uniq), g->uniq++;
		break;
	case 8: emit(g, "$w%d = 0; while ($w%d < %u) { $w%d++; ", g->uniq, g->uniq, pick(g, 8), g->uniq), g->uniq++,
	        g->loops++, gen_stmt(g, depth + 1), g->loops--, emit(g, "}\n"); break;
	case 9: emit(g, "%s\n", g->maps & MAP_A ? (const char *[]){"delete(@a, 1);", "clear(@a);", "print(@a);",
	                                                     "print(@a, 3);"}[pick(g, 4)] : "print((1, \"x\"));"); break;
	case 10: emit(g, "unroll(%u) ", 1 + pick(g, 5)), gen_block(g, depth + 1), emit(g, "\n"); break;
	case 11: emit(g, "@t = ((int64)"), gen_int(g, depth), emit(g, ", "), gen_str(g, depth), emit(g, ");\n"),
	         g->maps |= MAP_T; break;
	case 12: emit(g, "@s[(int64)"), gen_int(g, depth), emit(g, "] = "), gen_str(g, depth), emit(g, ";\n"),
	         g->maps |= MAP_S; break;
	case 13: emit(g, "@a[(int64)"), gen_int(g, depth), emit(g, "]%s;\n", pick(g, 2) ? "++" : "--"), g->maps |= MAP_A;
	         break;
	case 14: gen_registry_call(g, depth); break;
	case 15: emit(g, "if (%s) { %s }\n", pick(g, 2) ? "pid > 1" : "comm == \"sh\"",
	              g->loops ? (pick(g, 2) ? "break;" : "continue;") : "return;"); break;
	case 16: emit(g, "@m = %s(", pick(g, 2) ? "kstack" : "ustack"), emit(g, "%u);\n", pick(g, 10)); break;
	case 17: emit(g, "$i%d = (uint64)", v), gen_int(g, depth), emit(g, "; $i%d += ", v), gen_int(g, depth),
	         emit(g, ";\n"), g->ints[v] = true; break;
	case 18: emit(g, "@b[(int64)"), gen_int(g, depth), emit(g, "] = (int64)"), gen_int(g, depth), emit(g, ";\n"); break;
	default: emit(g, "exit();\n"); break;
	}
}

static void gen_block(struct gen *g, int depth)
{
	emit(g, "{\n");
	for (unsigned i = 0, n = 1 + pick(g, 5); i < n; i++)
		gen_stmt(g, depth);
	emit(g, "}");
}

char *gen_program(const uint8_t *data, size_t size, size_t *len)
{
	char *text = NULL;
	size_t text_len = 0;
	struct gen g = {.data = data, .size = size};
	if (!(g.out = open_memstream(&text, &text_len)))
		return NULL;
	for (unsigned p = 0, n = 1 + pick(&g, 3); p < n; p++) {
		memset(g.ints, 0, sizeof(g.ints));
		memset(g.strs, 0, sizeof(g.strs));
		g.probe = (int)pick(&g, N(probes));
		emit(&g, "%s", probes[g.probe].name);
		if (pick(&g, 4) == 0)
			emit(&g, " /"), gen_int(&g, 2), emit(&g, "/");
		emit(&g, "\n");
		gen_block(&g, 0);
		emit(&g, "\n");
		if (ftell(g.out) > MAX_TEXT)
			break;
	}
	fclose(g.out);
	*len = text_len;
	return text;
}
