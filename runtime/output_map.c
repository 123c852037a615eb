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

static bool is_percpu(enum mf_map_storage s)
{
	return s == MAP_PERCPU_HASH || s == MAP_PERCPU_ARRAY || s == MAP_PERCPU_LRU_HASH;
}

void *rt_out_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

/* Reads all entries; returns 0 or a negative errno. */
static int read_entries(const struct output *o, const struct mf_map *map, int fd, struct out_entries *e)
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

	uint8_t *cur = rt_out_xrealloc(NULL, e->key_size), *next = rt_out_xrealloc(NULL, e->key_size);
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
			e->keys = rt_out_xrealloc(e->keys, e->cap * e->key_size);
			e->vals = rt_out_xrealloc(e->vals, e->cap * e->val_size);
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

static void free_entries(struct out_entries *e)
{
	free(e->keys);
	free(e->vals);
}

/* ---- Ordering --------------------------------------------------------------------------------- */

static int cmp_u64(uint64_t a, uint64_t b) { return a < b ? -1 : a > b; }
static int cmp_i64(int64_t a, int64_t b) { return a < b ? -1 : a > b; }

/* Each kind orders its keys (rt_out_kind's cmp_key); a tuple by its fields in turn. */
static int cmp_key_part(const struct type *t, const uint8_t *a, const uint8_t *b)
{
	int (*cmp)(const struct type *, const uint8_t *, const uint8_t *) = rt_out_kind(t)->cmp_key;
	return cmp ? cmp(t, a, b) : 0;
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
	const struct out_row *a = pa, *b = pb;
	const struct out_sort *c = a->ctx;
	int r = 0;
	switch (c->by) {
	case OUT_BY_VALUE:
		r = c->is_signed ? cmp_i64(a->agg.value, b->agg.value)
		                 : cmp_u64((uint64_t)a->agg.value, (uint64_t)b->agg.value);
		break;
	case OUT_BY_MINMAX:
		r = cmp_u64(a->agg.sort_minmax, b->agg.sort_minmax);
		break;
	case OUT_BY_KEY:
		r = cmp_key(c->key, a->key, b->key);
		break;
	case OUT_BY_TOTAL:
		r = cmp_u64(a->total, b->total);
		break;
	}
	return r ? r : cmp_u64(a->seq, b->seq);
}

/* Histogram groups are first ordered by their key bytes (upstream collects them in an ordered
 * map), then by total count. */
static int cmp_hist_keys(const void *pa, const void *pb)
{
	const struct out_row *a = pa, *b = pb;
	int r = memcmp(a->key, b->key, a->ctx->key_len);
	return r ? r : cmp_u64(a->seq, b->seq);
}

size_t rt_out_group_keys(const struct mf_map *map, const struct out_entries *e, struct out_sort *ctx,
                      struct out_row **out)
{
	size_t klen = e->key_size >= 8 ? e->key_size - 8 : 0;
	ctx->key_len = klen;
	struct out_row *ents = rt_out_xrealloc(NULL, e->n * sizeof(*ents));
	for (size_t i = 0; i < e->n; i++)
		ents[i] = (struct out_row){ .ctx = ctx, .key = e->keys + i * e->key_size, .seq = i };
	qsort(ents, e->n, sizeof(*ents), cmp_hist_keys);
	struct out_row *groups = rt_out_xrealloc(NULL, e->n * sizeof(*groups));
	size_t ng = 0;
	for (size_t i = 0; i < e->n; i++) {
		bool same = ng > 0 && (!map->key || memcmp(groups[ng - 1].key, ents[i].key, klen) == 0);
		if (!same) {
			groups[ng] = (struct out_row){ .ctx = ctx, .key = ents[i].key, .seq = ng };
			ng++;
		}
		struct out_row *g = &groups[ng - 1];
		g->hist.counts = rt_out_xrealloc(g->hist.counts, (g->hist.n + 1) * sizeof(uint64_t));
		g->hist.counts[g->hist.n++] = ents[i].seq;
	}
	free(ents);
	*out = groups;
	return ng;
}

/* ---- Printing --------------------------------------------------------------------------------- */

/* The key as it appears between the brackets: a tuple loses its parentheses. JSON keys also
 * lose every space. */
static void key_text(struct strbuf *sb, const struct output *o, const struct type *key, const uint8_t *data,
                     bool json)
{
	struct strbuf t = {0};
	rt_output_format_value(&t, o, key, data);
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
		rt_out_json_string(sb, u.buf ? u.buf : "", u.len);
		sb_free(&u);
	}
	sb_free(&t);
}

/* A map value: merged over CPUs when its kind says so (enums print by name in text), else
 * from its first copy's bytes. */
static void value_text(struct strbuf *sb, const struct output *o, const struct type *vt, const struct out_row *r,
                       uint64_t div, bool json)
{
	const struct rt_out_kind *k = rt_out_kind(vt);
	const struct out_agg *a = &r->agg;
	int64_t v = a->is_signed ? a->value / (int64_t)div : (int64_t)((uint64_t)a->value / div);
	if (k->merged_text && !(vt->kind == TY_INT && vt->enum_values && !json))
		(json ? k->merged_json : k->merged_text)(sb, a, v);
	else if (json)
		rt_out_json_value(sb, o, vt, r->val);
	else
		rt_output_format_value(sb, o, vt, r->val);
}

/* Prints ROWS[first..n) of MAP. */
static void print_rows(struct strbuf *sb, const struct output *o, const struct mf_map *map, const struct out_row *rows,
                       size_t first, size_t n, uint64_t div)
{
	const struct type *vt = map->value;
	const struct rt_out_kind *k = rt_out_kind(vt);
	bool json = o->format == OUTPUT_JSON;
	if (first >= n)
		return; /* an empty map prints nothing, in both formats */
	if (json) {
		sb_printf(sb, "{\"type\": \"%s\", \"data\": {", k->json_type ? k->json_type : "map");
		rt_out_json_string(sb, map->name, strlen(map->name));
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
			if (k->group_json)
				k->group_json(sb, vt, &rows[i], div);
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
		if (k->group_text) {
			k->group_text(sb, vt, &rows[i], div);
		} else {
			sb_puts(sb, ": ");
			value_text(sb, o, vt, &rows[i], div, false);
			sb_putc(sb, '\n');
		}
	}
}

void rt_output_map(struct output *o, const struct mf_map *map, int map_fd, uint64_t top, uint64_t div)
{
	struct out_entries e;
	if (read_entries(o, map, map_fd, &e) < 0) {
		free_entries(&e);
		return;
	}
	if (div == 0)
		div = 1;
	const struct type *vt = map->value;
	const struct rt_out_kind *k = rt_out_kind(vt);
	struct out_sort ctx = { .by = k->order, .key = map->key, .is_signed = vt->is_signed };
	struct out_row *rows = NULL;
	size_t n;
	if (k->group) {
		n = k->group(map, &e, &ctx, &rows);
	} else {
		n = e.n;
		rows = rt_out_xrealloc(NULL, n * sizeof(*rows));
		for (size_t i = 0; i < n; i++) {
			rows[i] = (struct out_row){ .ctx = &ctx, .key = e.keys + i * e.key_size, .val = e.vals + i * e.val_size,
			                            .seq = i };
			if (k->merged_text)
				rt_out_agg_reduce(vt, rows[i].val, e.stride, e.ncopies, &rows[i].agg);
		}
		if (k->merged_text && n)
			ctx.is_signed = rows[0].agg.is_signed;   /* values sort as they merged */
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
