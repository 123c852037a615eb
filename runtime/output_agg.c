/* Per-CPU aggregation values merged into one, with bpftrace's arithmetic (integer average). */
#include "runtime/output.h"

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

void out_agg_reduce(const struct type *type, const uint8_t *vals, size_t stride, int n, struct out_agg *r)
{
	memset(r, 0, sizeof(*r));
	r->is_signed = type->is_signed;
	switch (type->kind) {
	case TY_MIN:
	case TY_MAX:
		reduce_minmax(type, vals, stride, n, r);
		return;
	case TY_AVG:
	case TY_STATS:
		reduce_avg(vals, stride, n, r);
		return;
	case TY_COUNT:
		r->is_signed = false;
		/* fall through */
	default: {
		/* count, sum and plain integers: add the copies (two's complement makes one loop do
		 * for signed and unsigned). */
		uint64_t sum = 0;
		for (int i = 0; i < n; i++) {
			int64_t v;
			bool s = out_read_int(type, vals + (size_t)i * stride, &v);
			if (type->kind != TY_COUNT)
				r->is_signed = s;
			sum += (uint64_t)v;
		}
		r->value = (int64_t)sum;
		return;
	}
	}
}
