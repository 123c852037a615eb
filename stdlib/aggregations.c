/* Aggregations: map values updated per CPU and combined by the runtime when printed. */
#include "stdlib/stdlib_priv.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const struct type *u64(void) { return type_int(8, false); }
static const struct type *s64(void) { return type_int(8, true); }

static bool value_signed(struct ast_node *n)
{
	return n->list && n->list->type && n->list->type->is_signed;
}

static const struct type *check_value_agg(struct check_ctx *c, struct ast_node *n, enum type_kind kind, const char *fn)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, fn))
		return NULL;
	return sema_agg_type(c, kind, kind == TY_COUNT ? false : value_signed(n));
}

static const struct type *t_count(struct check_ctx *c, struct ast_node *n) { return sema_agg_type(c, TY_COUNT, false); }
static const struct type *t_sum(struct check_ctx *c, struct ast_node *n) { return check_value_agg(c, n, TY_SUM, "sum"); }
static const struct type *t_min(struct check_ctx *c, struct ast_node *n) { return check_value_agg(c, n, TY_MIN, "min"); }
static const struct type *t_max(struct check_ctx *c, struct ast_node *n) { return check_value_agg(c, n, TY_MAX, "max"); }
static const struct type *t_avg(struct check_ctx *c, struct ast_node *n) { return check_value_agg(c, n, TY_AVG, "avg"); }
static const struct type *t_stats(struct check_ctx *c, struct ast_node *n) { return check_value_agg(c, n, TY_STATS, "stats"); }

static void add_at(struct cg *cg, struct cg_val *slot, uint64_t off, struct cg_val *v)
{
	struct cg_val *p = cg_offset(cg, slot, off);
	cg_store(cg, p, cg_binop(cg, OP_ADD, cg_load(cg, p, u64()), v, false), u64());
}

static void a_count(struct cg *cg, struct ast_node *n, struct cg_val *slot, struct cg_val *v, struct cg_val *bucket)
{
	add_at(cg, slot, 0, cg_int(cg, 1, NULL));
}

static void a_sum(struct cg *cg, struct ast_node *n, struct cg_val *slot, struct cg_val *v, struct cg_val *bucket)
{
	add_at(cg, slot, 0, v);
}

static void a_avg(struct cg *cg, struct ast_node *n, struct cg_val *slot, struct cg_val *v, struct cg_val *bucket)
{
	add_at(cg, slot, 0, v);
	add_at(cg, slot, 8, cg_int(cg, 1, NULL));
}

static void minmax(struct cg *cg, struct ast_node *n, struct cg_val *slot, struct cg_val *v, enum ast_op better)
{
	struct cg_val *cur = cg_load(cg, slot, s64());
	struct cg_val *unset = cg_binop(cg, OP_EQ, cg_load(cg, cg_offset(cg, slot, 8), u64()), cg_int(cg, 0, NULL), false);
	struct cg_val *wins = cg_binop(cg, better, v, cur, n->type->is_signed);
	cg_if_begin(cg, cg_binop(cg, OP_BOR, unset, wins, false));
	cg_store(cg, slot, v, s64());
	cg_store(cg, cg_offset(cg, slot, 8), cg_int(cg, 1, NULL), u64());
	cg_if_end(cg);
}

static void a_min(struct cg *cg, struct ast_node *n, struct cg_val *slot, struct cg_val *v, struct cg_val *bucket)
{
	minmax(cg, n, slot, v, OP_LT);
}

static void a_max(struct cg *cg, struct ast_node *n, struct cg_val *slot, struct cg_val *v, struct cg_val *bucket)
{
	minmax(cg, n, slot, v, OP_GT);
}

static const struct type *t_hist(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "hist"))
		return NULL;
	int64_t bits = 0;
	if (n->list->next && (!sema_const_int(c, n->list->next, &bits) || bits < 0 || bits > 5)) {
		sema_error(c, n->list->next->loc, "hist: bits must be a constant from 0 to 5");
		return NULL;
	}
	struct type *t = (struct type *)sema_agg_type(c, TY_HIST, false);
	t->hist_bits = (uint32_t)bits;
	return t;
}

/* The bucket index runtime/output_hist.c prints: 0 holds negatives; with k = hist_bits, a value
 * v < 2^k has a bucket of its own, v + 1; above that each power of two [2^L, 2^(L+1)) splits into
 * 2^k buckets, v's being ((L - k) << k) + (v >> (L - k)) + 1 where L = floor(log2(v)). With k = 0
 * that is 0 -> 1 and v -> 2 + floor(log2(v)). */
static struct cg_val *b_hist(struct cg *cg, struct ast_node *n, struct cg_val *v)
{
	uint64_t k = n->type->hist_bits;
	struct cg_val *bucket = cg_temp(cg, u64());
	struct cg_val *x = cg_temp(cg, u64());
	cg_store(cg, x, v, u64());
	struct cg_val *log = cg_temp(cg, u64());
	for (int shift = 32; shift >= 1; shift /= 2) {
		struct cg_val *cur = cg_load(cg, x, u64());
		cg_if_begin(cg, cg_binop(cg, OP_GE, cur, cg_int(cg, 1ull << shift, NULL), false));
		cg_store(cg, x, cg_binop(cg, OP_SHR, cur, cg_int(cg, (uint64_t)shift, NULL), false), u64());
		cg_store(cg, log, cg_binop(cg, OP_ADD, cg_load(cg, log, u64()), cg_int(cg, (uint64_t)shift, NULL), false), u64());
		cg_if_end(cg);
	}
	/* v >= 2^k here, so L >= k. */
	struct cg_val *sh = cg_binop(cg, OP_SUB, cg_load(cg, log, u64()), cg_int(cg, k, NULL), false);
	struct cg_val *idx = cg_binop(cg, OP_ADD, cg_binop(cg, OP_SHL, sh, cg_int(cg, k, NULL), false),
	                              cg_binop(cg, OP_SHR, v, sh, false), false);
	cg_store(cg, bucket, cg_binop(cg, OP_ADD, idx, cg_int(cg, 1, NULL), false), u64());
	cg_if_begin(cg, cg_binop(cg, OP_LT, v, cg_int(cg, 1ull << k, NULL), false));
	cg_store(cg, bucket, cg_binop(cg, OP_ADD, v, cg_int(cg, 1, NULL), false), u64());
	cg_if_end(cg);
	cg_if_begin(cg, cg_binop(cg, OP_LT, v, cg_int(cg, 0, NULL), true));
	cg_store(cg, bucket, cg_int(cg, 0, NULL), u64());
	cg_if_end(cg);
	return cg_load(cg, bucket, u64());
}

static const struct type *t_lhist(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "lhist"))
		return NULL;
	int64_t p[3];
	struct ast_node *a = n->list->next;
	for (int i = 0; i < 3; i++, a = a->next)
		if (!sema_const_int(c, a, &p[i])) {
			sema_error(c, a->loc, "lhist() expects constant min, max and step");
			return NULL;
		}
	if (p[2] <= 0 || p[1] <= p[0]) {
		sema_error(c, n->loc, "lhist() step must be >= 1 and max greater than min");
		return NULL;
	}
	struct type *t = (struct type *)sema_agg_type(c, TY_LHIST, false);
	t->lh_min = p[0];
	t->lh_max = p[1];
	t->lh_step = p[2];
	return t;
}

/* Bucket 0 holds v < min, i holds [min + (i-1)*step, min + i*step), the last v >= max. */
static struct cg_val *b_lhist(struct cg *cg, struct ast_node *n, struct cg_val *v)
{
	const struct type *t = n->type;
	struct cg_val *bucket = cg_temp(cg, u64());
	uint64_t last = (uint64_t)((t->lh_max - t->lh_min) / t->lh_step + 1);
	struct cg_val *rel = cg_binop(cg, OP_SUB, v, cg_int(cg, (uint64_t)t->lh_min, NULL), true);
	cg_store(cg, bucket, cg_binop(cg, OP_ADD, cg_binop(cg, OP_DIV, rel, cg_int(cg, (uint64_t)t->lh_step, NULL), true),
	                               cg_int(cg, 1, NULL), false), u64());
	cg_if_begin(cg, cg_binop(cg, OP_GE, v, cg_int(cg, (uint64_t)t->lh_max, NULL), true));
	cg_store(cg, bucket, cg_int(cg, last, NULL), u64());
	cg_if_end(cg);
	cg_if_begin(cg, cg_binop(cg, OP_LT, v, cg_int(cg, (uint64_t)t->lh_min, NULL), true));
	cg_store(cg, bucket, cg_int(cg, 0, NULL), u64());
	cg_if_end(cg);
	return cg_load(cg, bucket, u64());
}

/* tseries(value, interval, num_intervals[, "avg"|"min"|"max"|"sum"]): without a mode each
 * interval keeps the last value written in it. */
static const struct type *t_tseries(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "tseries"))
		return NULL;
	int64_t interval = 0, num = 0;
	struct ast_node *a = stdlib_call_arg(n, 1), *b = stdlib_call_arg(n, 2), *mode = stdlib_call_arg(n, 3);
	if (!sema_const_int(c, a, &interval) || interval <= 0) {
		sema_error(c, a->loc, "tseries() interval must be a positive constant");
		return NULL;
	}
	/* The bound keeps a series' keys (one per interval) within what a map can hold. */
	if (!sema_const_int(c, b, &num) || num <= 0 || num > 1000000) {
		sema_error(c, b->loc, "tseries() num_intervals must be a constant from 1 to 1000000");
		return NULL;
	}
	enum tseries_agg agg = TS_LAST;
	if (mode) {
		static const struct { const char *name; enum tseries_agg agg; } modes[] = {
			{"avg", TS_AVG}, {"min", TS_MIN}, {"max", TS_MAX}, {"sum", TS_SUM},
		};
		size_t i = 0, nm = sizeof(modes) / sizeof(modes[0]);
		while (mode->kind == AST_STRING && i < nm && strcmp(mode->str, modes[i].name) != 0)
			i++;
		if (mode->kind != AST_STRING || i == nm) {
			sema_error(c, mode->loc, "tseries() expects one of \"avg\", \"min\", \"max\" or \"sum\"");
			return NULL;
		}
		agg = modes[i].agg;
	}
	struct type *t = (struct type *)sema_agg_type(c, TY_TSERIES, value_signed(n));
	t->size = sizeof(struct agg_tseries);
	t->ts_interval_ns = (uint64_t)interval;
	t->ts_num = (uint32_t)num;
	t->ts_agg = agg;
	return t;
}

/* The current time in ns, from bpf_ktime_get_tai_ns, or, as upstream's BPFTRACE_DUMMY_TS_MAP, the
 * value of the scalar integer map the variable names: a clock the script drives, for tests. */
static struct cg_val *tseries_now(struct cg *cg, struct ast_node *call)
{
	const char *name = getenv("BPFTRACE_DUMMY_TS_MAP");
	if (!name || !*name)
		return cg_helper_named(cg, HELPER_KTIME_GET_TAI_NS, NULL, 0, "tai");
	const struct typed_program *prog = cg_program(cg);
	for (size_t i = 0; i < prog->nmaps; i++) {
		const struct sema_map *m = prog->maps[i];
		if (strcmp(m->name, name) != 0)
			continue;
		if (m->key || !m->value || m->value->kind != TY_INT) {
			cg_error(cg, call->loc, "BPFTRACE_DUMMY_TS_MAP: %s must be a scalar integer map", name);
			return cg_int(cg, 0, NULL);
		}
		return cg_map_value(cg, m, NULL);
	}
	cg_error(cg, call->loc, "BPFTRACE_DUMMY_TS_MAP: the script has no map %s", name);
	return cg_int(cg, 0, NULL);
}

/* The "bucket" of a tseries update is its epoch; codegen keys it by epoch % num_intervals. */
static struct cg_val *b_tseries(struct cg *cg, struct ast_node *n, struct cg_val *v)
{
	struct cg_val *now = tseries_now(cg, n);
	return cg_binop(cg, OP_DIV, now, cg_int(cg, n->type->ts_interval_ns, NULL), false);
}

/* A newer epoch (BUCKET) restarts the slot; the same epoch folds the value in; an older one (a
 * slot a later interval has reused) is dropped. Epoch 0 means empty, so it is never folded into. */
static void a_tseries(struct cg *cg, struct ast_node *n, struct cg_val *slot, struct cg_val *v, struct cg_val *bucket)
{
	const struct type *t = n->type;
	struct cg_val *epoch = bucket;
	struct cg_val *ep = cg_offset(cg, slot, offsetof(struct agg_tseries, epoch));
	struct cg_val *cnt = cg_offset(cg, slot, offsetof(struct agg_tseries, count));
	struct cg_val *cur = cg_load(cg, ep, u64());
	struct cg_val *newer = cg_binop(cg, OP_GT, epoch, cur, false);
	struct cg_val *same = cg_binop(cg, OP_BAND, cg_binop(cg, OP_EQ, epoch, cur, false),
	                               cg_binop(cg, OP_NE, cur, cg_int(cg, 0, NULL), false), false);
	cg_if_begin(cg, same);
	switch (t->ts_agg) {
	case TS_LAST: cg_store(cg, slot, v, s64()); break;
	case TS_SUM: case TS_AVG: add_at(cg, slot, 0, v); break;
	case TS_MIN: case TS_MAX: {
		struct cg_val *old = cg_load(cg, slot, s64());
		cg_if_begin(cg, cg_binop(cg, t->ts_agg == TS_MIN ? OP_LT : OP_GT, v, old, t->is_signed));
		cg_store(cg, slot, v, s64());
		cg_if_end(cg);
		break;
	}
	}
	add_at(cg, slot, offsetof(struct agg_tseries, count), cg_int(cg, 1, NULL));
	cg_if_end(cg);
	cg_if_begin(cg, newer);
	cg_store(cg, slot, v, s64());
	cg_store(cg, cnt, cg_int(cg, 1, NULL), u64());
	cg_store(cg, ep, epoch, u64());
	cg_if_end(cg);
}

const struct builtin stdlib_agg_builtins[] = {
	{.name = "count", .form = BUILTIN_CALL, .flags = BUILTIN_AGGREGATION, .min_args = 0, .max_args = 0,
	 .check = t_count, .emit_agg = a_count},
	{.name = "sum", .form = BUILTIN_CALL, .flags = BUILTIN_AGGREGATION, .min_args = 1, .max_args = 1,
	 .check = t_sum, .emit_agg = a_sum},
	{.name = "min", .form = BUILTIN_CALL, .flags = BUILTIN_AGGREGATION, .min_args = 1, .max_args = 1,
	 .check = t_min, .emit_agg = a_min},
	{.name = "max", .form = BUILTIN_CALL, .flags = BUILTIN_AGGREGATION, .min_args = 1, .max_args = 1,
	 .check = t_max, .emit_agg = a_max},
	{.name = "avg", .form = BUILTIN_CALL, .flags = BUILTIN_AGGREGATION, .min_args = 1, .max_args = 1,
	 .check = t_avg, .emit_agg = a_avg},
	{.name = "stats", .form = BUILTIN_CALL, .flags = BUILTIN_AGGREGATION, .min_args = 1, .max_args = 1,
	 .check = t_stats, .emit_agg = a_avg},
	{.name = "hist", .form = BUILTIN_CALL, .flags = BUILTIN_AGGREGATION, .min_args = 1, .max_args = 2,
	 .check = t_hist, .emit_agg = a_count, .emit_bucket = b_hist},
	{.name = "lhist", .form = BUILTIN_CALL, .flags = BUILTIN_AGGREGATION, .min_args = 4, .max_args = 4,
	 .check = t_lhist, .emit_agg = a_count, .emit_bucket = b_lhist},
	{.name = "tseries", .form = BUILTIN_CALL, .flags = BUILTIN_AGGREGATION, .min_args = 3, .max_args = 4,
	 .check = t_tseries, .emit_agg = a_tseries, .emit_bucket = b_tseries},
	{0},
};
