/* print(@m) and the maps printed at exit: read every entry of a BPF map, merge per-CPU copies,
 * order and trim them as bpftrace does, and print them as text or JSON. */
#include "runtime/output.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- Reading ---------------------------------------------------------------------------------- */

struct entries {
	uint8_t *keys, *vals;
	size_t n, cap;
	size_t key_size, val_size;  /* val_size: all CPUs' copies of one value */
	size_t stride;              /* one CPU's copy */
	int ncopies;
};

static bool is_percpu(enum mf_map_storage s)
{
	return s == MAP_PERCPU_HASH || s == MAP_PERCPU_ARRAY || s == MAP_PERCPU_LRU_HASH;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

/* Reads all entries; returns 0 or a negative errno. */
static int read_entries(const struct output *o, const struct mf_map *map, int fd, struct entries *e)
{
	memset(e, 0, sizeof(*e));
	e->key_size = map->key_size ? map->key_size : 8;
	if (is_percpu(map->storage)) {
		int ncpus = o->ncpus > 0 ? o->ncpus : libbpf_num_possible_cpus();
		if (ncpus <= 0)
			return ncpus < 0 ? ncpus : -EINVAL;
		e->ncopies = ncpus;
		e->stride = (map->value_size + 7) / 8 * 8; /* the kernel pads per-CPU copies to 8 bytes */
	} else {
		e->ncopies = 1;
		e->stride = map->value_size;
	}
	e->val_size = e->stride * (size_t)e->ncopies;

	uint8_t *cur = xrealloc(NULL, e->key_size), *next = xrealloc(NULL, e->key_size);
	bool first = true;
	int err = 0;
	/* Bounded: a key deleted under us makes the kernel restart from the first key. */
	size_t limit = (map->max_entries ? (size_t)map->max_entries : 1u << 20) * 2 + 16;
	for (size_t step = 0; step < limit; step++) {
		if (bpf_map_get_next_key(fd, first ? NULL : cur, next) != 0) {
			err = errno == ENOENT ? 0 : -errno;
			break;
		}
		first = false;
		memcpy(cur, next, e->key_size);
		if (e->n == e->cap) {
			e->cap = e->cap ? e->cap * 2 : 16;
			e->keys = xrealloc(e->keys, e->cap * e->key_size);
			e->vals = xrealloc(e->vals, e->cap * e->val_size);
		}
		/* An entry deleted between the two calls is simply not printed. */
		if (bpf_map_lookup_elem(fd, cur, e->vals + e->n * e->val_size) == 0) {
			memcpy(e->keys + e->n * e->key_size, cur, e->key_size);
			e->n++;
		}
	}
	free(cur);
	free(next);
	return err;
}

static void free_entries(struct entries *e)
{
	free(e->keys);
	free(e->vals);
}

/* ---- Ordering --------------------------------------------------------------------------------- */

enum order_by { BY_INT, BY_MINMAX, BY_AVG, BY_KEY, BY_TOTAL };

struct sort_ctx {
	enum order_by by;
	bool is_signed;
	const struct type *key;     /* the user key type, NULL for a scalar map */
	size_t key_len;             /* bytes of the user key compared for BY_TOTAL */
};

struct row {
	const struct sort_ctx *ctx; /* qsort has no context argument; every row carries it */
	const uint8_t *key;         /* the user key */
	const uint8_t *val;         /* all CPUs' copies */
	struct out_agg agg;
	struct out_hist hist;
	struct out_tseries ts;
	uint64_t total;             /* hist: the sum of all buckets */
	size_t seq;                 /* read order, to make the sort stable */
};

static int cmp_i64(int64_t a, int64_t b) { return a < b ? -1 : a > b; }
static int cmp_u64(uint64_t a, uint64_t b) { return a < b ? -1 : a > b; }

/* bpftrace orders integer keys as signed values of their size and strings bytewise; other key
 * kinds keep the order they were read in. */
static int cmp_key_part(const struct type *t, const uint8_t *a, const uint8_t *b)
{
	if (t->kind == TY_INT) {
		struct type s = *t;
		s.is_signed = true;
		int64_t x, y;
		out_read_int(&s, a, &x);
		out_read_int(&s, b, &y);
		return cmp_i64(x, y);
	}
	if (t->kind == TY_STRING)
		return memcmp(a, b, t->size);
	return 0;
}

static int cmp_key(const struct type *t, const uint8_t *a, const uint8_t *b)
{
	if (!t)
		return 0;
	if (t->kind != TY_TUPLE)
		return cmp_key_part(t, a, b);
	for (uint32_t i = 0; i < t->count; i++) {
		const struct type_field *f = &t->fields[i];
		int c = cmp_key_part(f->type, a + f->offset, b + f->offset);
		if (c)
			return c;
	}
	return 0;
}

static int cmp_rows(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	const struct sort_ctx *c = a->ctx;
	int r = 0;
	switch (c->by) {
	case BY_INT:
	case BY_AVG:
		r = c->is_signed ? cmp_i64(a->agg.value, b->agg.value)
		                 : cmp_u64((uint64_t)a->agg.value, (uint64_t)b->agg.value);
		break;
	case BY_MINMAX:
		r = cmp_u64(a->agg.sort_minmax, b->agg.sort_minmax);
		break;
	case BY_KEY:
		r = cmp_key(c->key, a->key, b->key);
		break;
	case BY_TOTAL:
		r = cmp_u64(a->total, b->total);
		break;
	}
	return r ? r : cmp_u64(a->seq, b->seq);
}

/* Histogram groups are first ordered by their key bytes (upstream collects them in an ordered
 * map), then by total count. */
static int cmp_hist_keys(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int r = memcmp(a->key, b->key, a->ctx->key_len);
	return r ? r : cmp_u64(a->seq, b->seq);
}

/* ---- Printing --------------------------------------------------------------------------------- */

/* The key as it appears between the brackets: a tuple loses its parentheses. JSON keys also
 * lose every space. */
static void key_text(struct strbuf *sb, const struct output *o, const struct type *key, const uint8_t *data,
                     bool json)
{
	struct strbuf t = {0};
	output_format_value(&t, o, key, data);
	const char *s = t.buf ? t.buf : "";
	size_t n = t.len;
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
		s++;
		n -= 2;
	}
	if (!json) {
		sb_putn(sb, s, n);
	} else {
		struct strbuf u = {0};
		for (size_t i = 0; i < n; i++)
			if (s[i] != ' ')
				sb_putc(&u, s[i]);
		out_json_string(sb, u.buf ? u.buf : "", u.len);
		sb_free(&u);
	}
	sb_free(&t);
}

static void agg_text(struct strbuf *sb, const struct type *vt, const struct out_agg *a, uint64_t div, bool json)
{
	int64_t v = a->is_signed ? a->value / (int64_t)div : (int64_t)((uint64_t)a->value / div);
	if (vt->kind == TY_STATS) {
		if (json) {
			sb_puts(sb, "{\"count\": ");
			out_json_int(sb, a->count, a->is_signed);
			sb_puts(sb, ", \"average\": ");
			out_json_int(sb, v, a->is_signed);
			sb_puts(sb, ", \"total\": ");
			out_json_int(sb, a->total, a->is_signed);
			sb_putc(sb, '}');
		} else {
			sb_printf(sb, a->is_signed ? "{ .count = %" PRId64 ", .average = %" PRId64 ", .total = %" PRId64 " }"
			                           : "{ .count = %" PRIu64 ", .average = %" PRIu64 ", .total = %" PRIu64 " }",
			          a->count, v, a->total);
		}
	} else if (json) {
		out_json_int(sb, v, a->is_signed);
	} else {
		sb_printf(sb, a->is_signed ? "%" PRId64 : "%" PRIu64, v);
	}
}

static bool is_reduced(const struct type *vt)
{
	switch (vt->kind) {
	case TY_INT: case TY_COUNT: case TY_SUM: case TY_MIN: case TY_MAX: case TY_AVG: case TY_STATS:
		return true;
	default:
		return false;
	}
}

static void value_text(struct strbuf *sb, const struct output *o, const struct type *vt, const struct row *r,
                       uint64_t div, bool json)
{
	if (is_reduced(vt) && !(vt->kind == TY_INT && vt->enum_values && !json))   /* enums print by name */
		agg_text(sb, vt, &r->agg, div, json);
	else if (json)
		out_json_value(sb, o, vt, r->val);
	else
		output_format_value(sb, o, vt, r->val);
}

static const char *json_kind(const struct type *vt)
{
	switch (vt->kind) {
	case TY_AVG: case TY_STATS: return "stats";
	case TY_HIST: case TY_LHIST: return "hist";
	case TY_TSERIES: return "tseries";
	default: return "map";
	}
}

/* Prints ROWS[first..n) of MAP. */
static void print_rows(struct strbuf *sb, const struct output *o, const struct mf_map *map, const struct row *rows,
                       size_t first, size_t n, uint64_t div)
{
	const struct type *vt = map->value;
	bool json = o->format == OUTPUT_JSON;
	bool hist = vt->kind == TY_HIST || vt->kind == TY_LHIST;
	if (first >= n)
		return; /* an empty map prints nothing, in both formats */
	if (json) {
		sb_printf(sb, "{\"type\": \"%s\", \"data\": {", json_kind(vt));
		out_json_string(sb, map->name, strlen(map->name));
		sb_puts(sb, ": ");
		if (map->key)
			sb_putc(sb, '{');
		for (size_t i = first; i < n && (map->key || i == first); i++) {
			if (map->key) {
				if (i > first)
					sb_puts(sb, ", ");
				key_text(sb, o, map->key, rows[i].key, true);
				sb_puts(sb, ": ");
			}
			if (hist)
				out_hist_json(sb, vt, &rows[i].hist, div);
			else if (vt->kind == TY_TSERIES)
				out_tseries_json(sb, vt, &rows[i].ts);
			else
				value_text(sb, o, vt, &rows[i], div, true);
		}
		if (map->key)
			sb_putc(sb, '}');
		sb_puts(sb, "}}\n");
		return;
	}
	for (size_t i = first; i < n && (map->key || i == first); i++) {
		sb_puts(sb, map->name);
		if (map->key) {
			sb_putc(sb, '[');
			key_text(sb, o, map->key, rows[i].key, false);
			sb_putc(sb, ']');
		}
		if (hist) {
			/* A chart goes on the lines below its name, and is followed by a blank line. */
			sb_puts(sb, ":\n");
			out_hist_text(sb, vt, &rows[i].hist, div);
			sb_putc(sb, '\n');
		} else if (vt->kind == TY_TSERIES) {
			sb_puts(sb, ":\n");
			out_tseries_text(sb, vt, &rows[i].ts);
			if (rows[i].ts.n)
				sb_putc(sb, '\n');
		} else {
			sb_puts(sb, ": ");
			value_text(sb, o, vt, &rows[i], div, false);
			sb_putc(sb, '\n');
		}
	}
}

/* Groups the entries of a map whose keys end in a u64 bucket by user key, in key byte order;
 * each group's hist.counts lists the indices (into E) of its entries. */
static size_t group_hist_keys(const struct mf_map *map, const struct entries *e, struct sort_ctx *ctx,
                              struct row **out)
{
	size_t klen = e->key_size >= 8 ? e->key_size - 8 : 0;
	ctx->key_len = klen;
	struct row *ents = xrealloc(NULL, e->n * sizeof(*ents));
	for (size_t i = 0; i < e->n; i++)
		ents[i] = (struct row){ .ctx = ctx, .key = e->keys + i * e->key_size, .seq = i };
	qsort(ents, e->n, sizeof(*ents), cmp_hist_keys);
	struct row *groups = xrealloc(NULL, e->n * sizeof(*groups));
	size_t ng = 0;
	for (size_t i = 0; i < e->n; i++) {
		bool same = ng > 0 && (!map->key || memcmp(groups[ng - 1].key, ents[i].key, klen) == 0);
		if (!same) {
			groups[ng] = (struct row){ .ctx = ctx, .key = ents[i].key, .seq = ng };
			ng++;
		}
		struct row *g = &groups[ng - 1];
		g->hist.counts = xrealloc(g->hist.counts, (g->hist.n + 1) * sizeof(uint64_t));
		g->hist.counts[g->hist.n++] = ents[i].seq;
	}
	free(ents);
	*out = groups;
	return ng;
}

/* Groups hist/lhist entries (key = user key + u64 bucket) into one row per user key, each with
 * its bucket counts summed over CPUs. */
static size_t group_hist(const struct mf_map *map, const struct entries *e, struct sort_ctx *ctx, struct row **out)
{
	size_t ng = group_hist_keys(map, e, ctx, out);
	for (size_t gi = 0; gi < ng; gi++) {
		struct row *g = &(*out)[gi];
		/* group_hist_keys left the group's entries in hist.counts as indices into E. */
		uint64_t *members = g->hist.counts;
		size_t nmembers = g->hist.n;
		g->hist = (struct out_hist){0};
		for (size_t m = 0; m < nmembers; m++) {
			const uint8_t *key = e->keys + members[m] * e->key_size, *val = e->vals + members[m] * e->val_size;
			uint64_t idx;
			memcpy(&idx, key + ctx->key_len, sizeof(idx));
			if (idx > 1u << 16)
				continue; /* not a bucket any hist or lhist can produce */
			if (idx >= g->hist.n) {
				g->hist.counts = xrealloc(g->hist.counts, (idx + 1) * sizeof(uint64_t));
				memset(g->hist.counts + g->hist.n, 0, (idx + 1 - g->hist.n) * sizeof(uint64_t));
				g->hist.n = idx + 1;
			}
			uint64_t sum = 0;
			for (int c = 0; c < e->ncopies; c++) {
				uint64_t v;
				memcpy(&v, val + (size_t)c * e->stride, sizeof(v));
				sum += v;
			}
			g->hist.counts[idx] += sum;
			g->total += sum;
		}
		free(members);
	}
	return ng;
}

/* One slot of a time series over all CPUs: the copies of its newest epoch, combined. */
static struct out_tseries_point reduce_slot(const struct type *t, const struct entries *e, const uint8_t *val)
{
	struct out_tseries_point p = {0};
	struct agg_tseries c;
	for (int i = 0; i < e->ncopies; i++) {
		memcpy(&c, val + (size_t)i * e->stride, sizeof(c));
		if (c.epoch > p.epoch)
			p.epoch = c.epoch;
	}
	int64_t total = 0, count = 0;
	bool set = false;
	for (int i = 0; i < e->ncopies; i++) {
		memcpy(&c, val + (size_t)i * e->stride, sizeof(c));
		if (c.epoch != p.epoch || !c.count)
			continue;
		switch (t->ts_agg) {
		case TS_LAST: if (!set) total = c.value; break;
		case TS_SUM: case TS_AVG: total += c.value; break;
		case TS_MIN: case TS_MAX: {
			bool less = t->is_signed ? c.value < total : (uint64_t)c.value < (uint64_t)total;
			if (!set || (t->ts_agg == TS_MIN ? less : !less && c.value != total))
				total = c.value;
			break;
		}
		}
		count += (int64_t)c.count;
		set = true;
	}
	if (t->ts_agg == TS_AVG && count)
		total = t->is_signed ? total / count : (int64_t)((uint64_t)total / (uint64_t)count);
	p.value = total;
	p.has = true;
	return p;
}

/* Groups tseries entries (key = user key + u64 slot) into one series per user key, each cut to
 * the ts_num epochs ending at the newest epoch of the whole map and starting at its own first
 * point in that window, missing epochs left empty. */
static size_t group_tseries(const struct mf_map *map, const struct entries *e, struct sort_ctx *ctx, struct row **out)
{
	const struct type *t = map->value;
	size_t ng = group_hist_keys(map, e, ctx, out);
	struct row *groups = *out;
	/* group_hist_keys left each group's entries in hist.counts as indices; read their points. */
	uint64_t last = 0;
	for (size_t g = 0; g < ng; g++) {
		struct row *r = &groups[g];
		r->ts.pts = xrealloc(NULL, r->hist.n * sizeof(*r->ts.pts));
		r->ts.n = 0;
		for (size_t i = 0; i < r->hist.n; i++) {
			struct out_tseries_point p = reduce_slot(t, e, e->vals + r->hist.counts[i] * e->val_size);
			bool dup = false;
			for (size_t j = 0; j < r->ts.n; j++)
				dup = dup || r->ts.pts[j].epoch == p.epoch;
			if (!dup)
				r->ts.pts[r->ts.n++] = p;
			if (p.epoch > last)
				last = p.epoch;
		}
		free(r->hist.counts);
		r->hist = (struct out_hist){0};
	}
	/* As upstream's unsigned arithmetic: a window reaching below epoch 0 shows nothing. */
	bool empty = last + 1 < t->ts_num;
	uint64_t lo = last + 1 - t->ts_num;
	for (size_t g = 0; g < ng; g++) {
		struct row *r = &groups[g];
		uint64_t start = last;
		for (size_t j = 0; j < r->ts.n; j++)
			if (r->ts.pts[j].epoch >= lo && r->ts.pts[j].epoch < start)
				start = r->ts.pts[j].epoch;
		size_t n = empty ? 0 : (size_t)(last - start + 1);
		struct out_tseries_point *pts = xrealloc(NULL, (n ? n : 1) * sizeof(*pts));
		for (size_t k = 0; k < n; k++) {
			pts[k] = (struct out_tseries_point){ .epoch = start + k };
			for (size_t j = 0; j < r->ts.n; j++)
				if (r->ts.pts[j].epoch == start + k)
					pts[k] = r->ts.pts[j];
		}
		free(r->ts.pts);
		r->ts = (struct out_tseries){ .pts = pts, .n = n };
	}
	return ng;
}

void output_map(struct output *o, const struct mf_map *map, int map_fd, uint64_t top, uint64_t div)
{
	struct entries e;
	if (read_entries(o, map, map_fd, &e) < 0) {
		free_entries(&e);
		return;
	}
	if (div == 0)
		div = 1;
	const struct type *vt = map->value;
	struct sort_ctx ctx = { .key = map->key, .is_signed = vt->is_signed };
	struct row *rows = NULL;
	size_t n;
	if (vt->kind == TY_HIST || vt->kind == TY_LHIST) {
		n = group_hist(map, &e, &ctx, &rows);
		ctx.by = BY_TOTAL;
	} else if (vt->kind == TY_TSERIES) {
		n = group_tseries(map, &e, &ctx, &rows);
		ctx.by = BY_TOTAL; /* totals are all 0: the key byte order of the groups stays */
	} else {
		n = e.n;
		rows = xrealloc(NULL, n * sizeof(*rows));
		for (size_t i = 0; i < n; i++) {
			rows[i] = (struct row){ .ctx = &ctx, .key = e.keys + i * e.key_size, .val = e.vals + i * e.val_size,
			                        .seq = i };
			if (is_reduced(vt))
				out_agg_reduce(vt, rows[i].val, e.stride, e.ncopies, &rows[i].agg);
		}
		switch (vt->kind) {
		case TY_INT: case TY_COUNT: case TY_SUM:
			ctx.by = BY_INT;
			ctx.is_signed = n ? rows[0].agg.is_signed : false;
			break;
		case TY_MIN: case TY_MAX: ctx.by = BY_MINMAX; break;
		case TY_AVG: case TY_STATS: ctx.by = BY_AVG; break;
		default: ctx.by = BY_KEY; break;
		}
	}
	qsort(rows, n, sizeof(*rows), cmp_rows);

	/* top keeps the last TOP rows, i.e. the largest. */
	size_t first = top && n > top ? n - (size_t)top : 0;
	struct strbuf sb = {0};
	print_rows(&sb, o, map, rows, first, n, div);
	if (sb.len)
		fwrite(sb.buf, 1, sb.len, o->f);
	sb_free(&sb);
	for (size_t i = 0; i < n; i++) {
		free(rows[i].hist.counts);
		free(rows[i].ts.pts);
	}
	free(rows);
	free_entries(&e);
}
