/* Builtins about time. */
#include "stdlib/stdlib_priv.h"

#include <time.h>

static const struct type *t_u64(struct check_ctx *c, struct ast_node *n) { return type_int(8, false); }

static struct cg_val *e_nsecs(struct cg *cg, struct ast_node *n)
{
	return cg_helper(cg, HELPER_KTIME_GET_NS, NULL, 0);
}

/* Time since sonde started: the kernel's monotonic clock less the moment of compilation, which
 * is also (within milliseconds) the moment the probes start. */
static struct cg_val *e_elapsed(struct cg *cg, struct ast_node *n)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t start = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	return cg_binop(cg, OP_SUB, cg_helper(cg, HELPER_KTIME_GET_NS, NULL, 0), cg_int(cg, start, NULL), false);
}

static struct cg_val *e_jiffies(struct cg *cg, struct ast_node *n)
{
	return cg_helper(cg, HELPER_JIFFIES64, NULL, 0);
}

static const struct type *t_time(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *fmt = call_arg(n, 0);
	if (fmt && fmt->kind != AST_STRING) {
		report(c, fmt->loc, "time() expects a string literal format");
		return NULL;
	}
	return type_void();
}

static struct cg_val *e_time(struct cg *cg, struct ast_node *n)
{
	struct ast_node *fmt = call_arg(n, 0);
	cg_event(cg, EV_TIME, fmt ? fmt->str : NULL, NULL, NULL, -1);
	return NULL;
}

static const struct type *t_strftime(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *fmt = call_arg(n, 0);
	if (!check_args(c, n))
		return NULL;
	if (fmt->kind != AST_STRING) {
		report(c, fmt->loc, "strftime() expects a string literal format");
		return NULL;
	}
	if (!want_int(c, n, 1, "strftime"))
		return NULL;
	/* The format rides on the type: the value is only the nanoseconds. */
	struct type *t = ARENA_NEW(c->arena, struct type);
	t->kind = TY_TIMESTAMP;
	t->size = 8;
	t->align = 8;
	t->name = fmt->str;
	return t;
}

static struct cg_val *e_strftime(struct cg *cg, struct ast_node *n)
{
	return cg_expr(cg, call_arg(n, 1));
}

const struct builtin time_builtins[] = {
	{.name = "nsecs", .form = BUILTIN_VAR, .check = t_u64, .emit = e_nsecs},
	{.name = "elapsed", .form = BUILTIN_VAR, .check = t_u64, .emit = e_elapsed},
	{.name = "jiffies", .form = BUILTIN_VAR, .check = t_u64, .emit = e_jiffies},
	{.name = "time", .form = BUILTIN_CALL, .min_args = 0, .max_args = 1, .check = t_time, .emit = e_time},
	{.name = "strftime", .form = BUILTIN_CALL, .min_args = 2, .max_args = 2, .check = t_strftime, .emit = e_strftime},
	{0},
};
