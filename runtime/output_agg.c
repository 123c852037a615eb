/* Per-CPU aggregation values merged into one, with bpftrace's arithmetic (integer average), and
 * a merged value printed. */
#include "runtime/output.h"

#include <inttypes.h>
#include <string.h>

static void reduce_minmax(const struct type *type, const uint8_t *vals, size_t stride, int n, struct out_agg *r)
{
	bool is_max = type->kind == TY_MAX;
	bool set = false, uset = false;
	int64_t best = 0;
	uint64_t ubest = 0;
	for (int i = 0; i < n; i++) {
		struct agg_minmax mm;
		memcpy(&mm, vals + (size_t)i * stride, sizeof(mm));
		/* bpftrace reads is_set as 32 bits. */
		if ((uint32_t)mm.is_set == 0)
			continue;
		if (!set || (is_max ? mm.value > best : mm.value < best))
			best = mm.value;
		uint64_t u = (uint64_t)mm.value;
		if (!uset || (is_max ? u > ubest : u < ubest))
			ubest = u;
		set = uset = true;
	}
	r->value = r->is_signed ? best : (int64_t)ubest;
	r->sort_minmax = ubest;
}

static void reduce_avg(const uint8_t *vals, size_t stride, int n, struct out_agg *r)
{
	uint64_t total = 0, count = 0;
	for (int i = 0; i < n; i++) {
		struct agg_avg a;
		memcpy(&a, vals + (size_t)i * stride, sizeof(a));
		total += (uint64_t)a.total;
		count += a.count;
	}
	r->total = (int64_t)total;
	r->count = (int64_t)count;
	if (count == 0)
		r->value = 0;
	else if (r->is_signed)
		r->value = (int64_t)total / (int64_t)count;
	else
		r->value = (int64_t)(total / count);
}

void rt_out_agg_reduce(const struct type *type, const uint8_t *vals, size_t stride, int n, struct out_agg *r)
{
	memset(r, 0, sizeof(*r));
	r->is_signed = type->is_signed;
	switch (type_combine(type)) {
	case TYPE_COMBINE_EXTREME:
		reduce_minmax(type, vals, stride, n, r);
		return;
	case TYPE_COMBINE_AVERAGE:
		reduce_avg(vals, stride, n, r);
		return;
	case TYPE_COMBINE_SUM:
	case TYPE_COMBINE_NONE:
		break;
	}
	/* count, sum and plain integers: add the copies (two's complement makes one loop do for
	 * signed and unsigned; a count reads as unsigned). */
	uint64_t sum = 0;
	for (int i = 0; i < n; i++) {
		int64_t v;
		r->is_signed = rt_out_read_int(type, vals + (size_t)i * stride, &v);
		sum += (uint64_t)v;
	}
	r->value = (int64_t)sum;
}

void rt_out_agg_text(struct strbuf *sb, const struct out_agg *a, int64_t value)
{
	sb_printf(sb, a->is_signed ? "%" PRId64 : "%" PRIu64, value);
}

void rt_out_agg_json(struct strbuf *sb, const struct out_agg *a, int64_t value)
{
	rt_out_json_int(sb, value, a->is_signed);
}

/* VALUE is the average; count and total are never divided. */
void rt_out_stats_text(struct strbuf *sb, const struct out_agg *a, int64_t value)
{
	sb_printf(sb, a->is_signed ? "{ .count = %" PRId64 ", .average = %" PRId64 ", .total = %" PRId64 " }"
	                           : "{ .count = %" PRIu64 ", .average = %" PRIu64 ", .total = %" PRIu64 " }",
	          a->count, value, a->total);
}

void rt_out_stats_json(struct strbuf *sb, const struct out_agg *a, int64_t value)
{
	sb_puts(sb, "{\"count\": ");
	rt_out_json_int(sb, a->count, a->is_signed);
	sb_puts(sb, ", \"average\": ");
	rt_out_json_int(sb, value, a->is_signed);
	sb_puts(sb, ", \"total\": ");
	rt_out_json_int(sb, a->total, a->is_signed);
	sb_putc(sb, '}');
}
