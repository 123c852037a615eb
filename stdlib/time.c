/* Builtins about time. */
#include "stdlib/stdlib_priv.h"

#include <string.h>
#include <time.h>

static const struct type *t_u64(struct check_ctx *c, struct ast_node *n) { return type_int(8, false); }

/* nsecs and nsecs(mode): nanoseconds of one kernel clock; boot time when no mode is named, as
 * upstream (strftime() takes boot nanoseconds too). */
enum clock_mode { CLK_BOOT, CLK_MONOTONIC, CLK_TAI, CLK_SW_TAI };

static const char *const clock_names[] = {
	[CLK_BOOT] = "boot", [CLK_MONOTONIC] = "monotonic", [CLK_TAI] = "tai", [CLK_SW_TAI] = "sw_tai",
};

static const struct type *t_nsecs(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *mode = n->kind == AST_CALL ? stdlib_call_arg(n, 0) : NULL;
	n->num = CLK_BOOT;   /* the mode travels to the emitter in the node */
	if (mode) {
		size_t i = 0;
		while (i < ARRAY_LEN(clock_names) && !(mode->kind == AST_IDENT && strcmp(mode->str, clock_names[i]) == 0))
			i++;
		if (i == ARRAY_LEN(clock_names)) {
			sema_error(c, mode->loc, "Invalid timestamp mode: %s (expects monotonic, boot, tai or sw_tai)",
			       mode->kind == AST_IDENT ? mode->str : "an expression");
			return NULL;
		}
		n->num = i;
	}
	return type_int(8, false);
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static struct cg_val *e_nsecs(struct cg *cg, struct ast_node *n)
{
	switch ((enum clock_mode)n->num) {
	case CLK_MONOTONIC:
		return cg_helper(cg, HELPER_KTIME_GET_NS, NULL, 0);
	case CLK_TAI:
		return cg_helper(cg, HELPER_KTIME_GET_TAI_NS, NULL, 0);
	case CLK_SW_TAI: {
		/* For kernels without the TAI helper: boot time plus the TAI-boot offset sampled now,
		 * between two boot readings to halve the sampling error. */
		uint64_t b0 = clock_ns(CLOCK_BOOTTIME), tai = clock_ns(CLOCK_TAI), b1 = clock_ns(CLOCK_BOOTTIME);
		uint64_t off = tai - (b0 + (b1 - b0) / 2);
		return cg_binop(cg, OP_ADD, cg_helper(cg, HELPER_KTIME_GET_BOOT_NS, NULL, 0), cg_int(cg, off, NULL), false);
	}
	case CLK_BOOT:
	default:
		return cg_helper(cg, HELPER_KTIME_GET_BOOT_NS, NULL, 0);
	}
}

/* Time since sonde started: the kernel's monotonic clock less the moment of compilation, which
 * is also (within milliseconds) the moment the probes start. */
static struct cg_val *e_elapsed(struct cg *cg, struct ast_node *n)
{
	uint64_t start = clock_ns(CLOCK_MONOTONIC);
	return cg_binop(cg, OP_SUB, cg_helper(cg, HELPER_KTIME_GET_NS, NULL, 0), cg_int(cg, start, NULL), false);
}

static struct cg_val *e_jiffies(struct cg *cg, struct ast_node *n)
{
	return cg_helper(cg, HELPER_JIFFIES64, NULL, 0);
}

static const struct type *t_time(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *fmt = stdlib_call_arg(n, 0);
	if (fmt && fmt->kind != AST_STRING) {
		sema_error(c, fmt->loc, "time() expects a string literal format");
		return NULL;
	}
	return type_void();
}

static struct cg_val *e_time(struct cg *cg, struct ast_node *n)
{
	struct ast_node *fmt = stdlib_call_arg(n, 0);
	cg_event(cg, EV_TIME, fmt ? fmt->str : NULL, NULL, NULL, -1);
	return NULL;
}

static const struct type *t_strftime(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *fmt = stdlib_call_arg(n, 0);
	if (!stdlib_check_args(c, n))
		return NULL;
	if (fmt->kind != AST_STRING) {
		sema_error(c, fmt->loc, "strftime() expects a string literal format");
		return NULL;
	}
	if (!stdlib_want_int(c, n, 1, "strftime"))
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
	return cg_expr(cg, stdlib_call_arg(n, 1));
}

const struct builtin stdlib_time_builtins[] = {
	{.name = "nsecs", .form = BUILTIN_VAR, .check = t_nsecs, .emit = e_nsecs},
	{.name = "nsecs", .form = BUILTIN_CALL, .min_args = 0, .max_args = 1, .check = t_nsecs, .emit = e_nsecs},
	{.name = "elapsed", .form = BUILTIN_VAR, .check = t_u64, .emit = e_elapsed},
	{.name = "jiffies", .form = BUILTIN_VAR, .check = t_u64, .emit = e_jiffies},
	{.name = "time", .form = BUILTIN_CALL, .min_args = 0, .max_args = 1, .check = t_time, .emit = e_time},
	{.name = "strftime", .form = BUILTIN_CALL, .min_args = 2, .max_args = 2, .check = t_strftime, .emit = e_strftime},
	{0},
};
