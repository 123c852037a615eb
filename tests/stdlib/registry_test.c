/* The builtin registry's entries against what other stages rely on: a flag stands for every
 * hook it promises (aggregations update a slot through emit_agg, and only they), each entry can
 * be typed and emitted, and names are unique per form. Prints "N passed, N failed". */
#include <stdio.h>
#include <string.h>

#include "stdlib/stdlib_priv.h"

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

static void check_entry(const struct builtin *b)
{
	bool agg = b->flags & BUILTIN_AGGREGATION;
	CHECK(b->form == BUILTIN_VAR || b->form == BUILTIN_CALL, "%s: form %d", b->name, (int)b->form);
	CHECK(b->check != NULL, "%s: no type rule", b->name);
	CHECK(agg == (b->emit_agg != NULL), "%s: BUILTIN_AGGREGATION and emit_agg disagree", b->name);
	CHECK(!b->emit_bucket || agg, "%s: emit_bucket without BUILTIN_AGGREGATION", b->name);
	CHECK(agg || b->emit != NULL, "%s: nothing to emit", b->name);
	CHECK(!agg || b->form == BUILTIN_CALL, "%s: an aggregation is a call", b->name);
	CHECK(!b->emit_field_base || b->form == BUILTIN_VAR, "%s: emit_field_base on a call", b->name);
	CHECK(b->form == BUILTIN_CALL || (b->min_args == 0 && b->max_args == 0), "%s: a variable with arguments",
	      b->name);
	CHECK(b->max_args < 0 || b->max_args >= b->min_args, "%s: max_args %d < min_args %d", b->name, b->max_args,
	      b->min_args);
	CHECK(stdlib_builtin(b->name, (int)b->form) == b, "%s: another entry of the same name and form comes first",
	      b->name);
}

/* The flags name tests outside stdlib/ once stood for. */
static void check_known(void)
{
	static const char *const aggs[] = {"count", "sum", "min", "max", "avg", "stats", "hist", "lhist", "tseries"};
	for (size_t i = 0; i < sizeof(aggs) / sizeof(aggs[0]); i++) {
		const struct builtin *b = stdlib_builtin(aggs[i], BUILTIN_CALL);
		CHECK(b && (b->flags & BUILTIN_AGGREGATION), "%s is an aggregation", aggs[i]);
	}
	const struct builtin *exit_b = stdlib_builtin("exit", BUILTIN_CALL);
	CHECK(exit_b && (exit_b->flags & BUILTIN_ENDS_PROBE), "exit() ends the probe");
	const struct builtin *print = stdlib_builtin("printf", BUILTIN_CALL);
	CHECK(print && !print->flags, "printf has no flags");
	const struct builtin *args = stdlib_builtin("args", BUILTIN_VAR);
	CHECK(args && args->emit_field_base, "args offers its fields in place");
	CHECK(!stdlib_builtin("no_such_builtin", BUILTIN_CALL), "unknown names are not found");
}

int main(void)
{
	int n = 0;
	for (const struct builtin *const *t = stdlib_tables; *t; t++)
		for (const struct builtin *b = *t; b->name; b++, n++)
			check_entry(b);
	CHECK(n > 50, "%d entries", n);
	check_known();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
