/* hist() and lhist() maps: entries grouped by user key, bucket labels, the text bar chart and the
 * JSON bucket list, trimmed to the buckets between the first and the last non-empty one as
 * bpftrace trims them. */
#include "runtime/output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* A bucket boundary: a plain number, or a "symbolic" one shown with a K/M/G suffix in text
 * and as its number in JSON. */
struct label {
	bool sym;
	int64_t num;
	char text[32];
};

struct hist_view {
	bool has_lower;
	struct label lower;      /* the start of the first shown bucket, when it has one */
	struct label *labels;    /* the end of each shown bucket; the last bucket may have none */
	size_t nlabels;
	uint64_t *counts;
	size_t ncounts;
};

static struct label plain(int64_t n)
{
	struct label l = { .sym = false, .num = n };
	snprintf(l.text, sizeof(l.text), "%" PRId64, n);
	return l;
}

/* hist bucket INDEX with K sub-bucket bits starts at 2^power * (2^K + sub). */
static struct label hist_label(uint32_t index, uint32_t k)
{
	uint32_t n = 1u << k;
	uint32_t sub = index & (n - 1);
	uint32_t power = (index >> k) - 1;
	struct label l = { .sym = true, .num = (int64_t)((1ULL << power) * (n + sub)) };
	uint32_t decade = power / 10;
	static const char suffix[] = "\0KMGTPE";
	power -= 10 * decade;
	snprintf(l.text, sizeof(l.text), "%" PRIu64, (uint64_t)((1ULL << power) * (n + sub)));
	if (decade > 0 && decade < sizeof(suffix) - 1) {
		size_t len = strlen(l.text);
		l.text[len] = suffix[decade];
		l.text[len + 1] = '\0';
	}
	return l;
}

static struct label lhist_label(int64_t number, int64_t step)
{
	const int64_t kilo = 1024, mega = 1024 * 1024;
	if (step % kilo != 0)
		return plain(number);
	struct label l = { .sym = true, .num = number };
	if (number == 0)
		snprintf(l.text, sizeof(l.text), "0");
	else if (number % mega == 0)
		snprintf(l.text, sizeof(l.text), "%" PRId64 "M", number / mega);
	else if (number % kilo == 0)
		snprintf(l.text, sizeof(l.text), "%" PRId64 "K", number / kilo);
	else
		snprintf(l.text, sizeof(l.text), "%" PRId64, number);
	return l;
}

/* Fills V from H; returns false when every bucket is empty (nothing is shown). */
static bool build(struct hist_view *v, const struct type *type, const struct out_hist *h, uint64_t div)
{
	memset(v, 0, sizeof(*v));
	long first = -1, last = -1;
	for (size_t i = 0; i < h->n; i++) {
		if (h->counts[i] > 0) {
			if (first < 0)
				first = (long)i;
			last = (long)i;
		}
	}
	if (first < 0)
		return false;
	size_t n = (size_t)(last - first + 1);
	v->labels = calloc(n, sizeof(*v->labels));
	v->counts = calloc(n, sizeof(*v->counts));
	if (!v->labels || !v->counts)
		abort();
	if (div == 0)
		div = 1;
	if (type->kind == TY_HIST) {
		uint32_t k = type->hist_bits;
		uint32_t plain_max = 2u << k; /* indexes up to here hold one value each */
		if (first != 0) {
			v->has_lower = true;
			v->lower = (uint32_t)(first - 1) <= plain_max ? plain(first - 1) : hist_label((uint32_t)(first - 1), k);
		}
		for (long i = first; i <= last; i++) {
			v->labels[v->nlabels++] = i == 0 ? plain(0) : (uint32_t)i <= plain_max ? plain(i) : hist_label((uint32_t)i, k);
			v->counts[v->ncounts++] = h->counts[i] / div;
		}
	} else {
		int64_t min = type->lh_min, max = type->lh_max, step = type->lh_step ? type->lh_step : 1;
		if (first != 0) {
			v->has_lower = true;
			v->lower = lhist_label(min + (first - 1) * step, step);
		}
		for (long i = first; i <= last; i++) {
			/* The overflow bucket has no end label. div does not apply to lhist. */
			if (min + i * step <= max)
				v->labels[v->nlabels++] = lhist_label(min + i * step, step);
			v->counts[v->ncounts++] = h->counts[i];
		}
	}
	return true;
}

static void release(struct hist_view *v)
{
	free(v->labels);
	free(v->counts);
}

static bool adjacent(const struct label *a, const struct label *b)
{
	return !a->sym && !b->sym && a->num + 1 == b->num;
}

static void header(struct strbuf *sb, const struct hist_view *v, size_t i)
{
	if (i == 0) {
		if (!v->has_lower)
			sb_printf(sb, "(..., %s)", v->labels[0].text);
		else if (v->nlabels == 0)
			sb_printf(sb, "[%s, ...)", v->lower.text);
		else if (adjacent(&v->lower, &v->labels[0]))
			sb_printf(sb, "[%s]", v->lower.text);
		else
			sb_printf(sb, "[%s, %s)", v->lower.text, v->labels[0].text);
	} else if (i >= v->nlabels) {
		sb_printf(sb, "[%s, ...)", v->labels[i - 1].text);
	} else if (adjacent(&v->labels[i - 1], &v->labels[i])) {
		sb_printf(sb, "[%s]", v->labels[i - 1].text);
	} else {
		sb_printf(sb, "[%s, %s)", v->labels[i - 1].text, v->labels[i].text);
	}
}

static void chart(struct strbuf *sb, const struct type *type, const struct out_hist *h, uint64_t div)
{
	struct hist_view v;
	if (!build(&v, type, h, div))
		return;
	uint64_t max = 0;
	for (size_t i = 0; i < v.ncounts; i++)
		if (v.counts[i] > max)
			max = v.counts[i];
	const int width = 52;
	for (size_t i = 0; i < v.ncounts; i++) {
		struct strbuf head = {0};
		header(&head, &v, i);
		/* Same float arithmetic as upstream, so rounding of the bar matches. */
		int bar = max ? (int)(((float)v.counts[i] / (float)max) * (float)width) : 0;
		char bars[64];
		memset(bars, '@', (size_t)bar);
		bars[bar] = '\0';
		sb_printf(sb, "%-16s%8" PRIu64 " |%-52s|\n", head.buf, v.counts[i], bars);
		sb_free(&head);
	}
	release(&v);
}

/* A chart goes on the lines below its name, and is followed by a blank line. */
void rt_out_hist_text(struct strbuf *sb, const struct type *type, const struct out_row *r, uint64_t div)
{
	sb_puts(sb, ":\n");
	chart(sb, type, &r->hist, div);
	sb_putc(sb, '\n');
}

static void json_label(struct strbuf *sb, const struct label *l)
{
	/* Symbolic labels are emitted as unsigned numbers, plain ones as signed. */
	rt_out_json_int(sb, l->num, !l->sym);
}

void rt_out_hist_json(struct strbuf *sb, const struct type *type, const struct out_row *r, uint64_t div)
{
	const struct out_hist *h = &r->hist;
	struct hist_view v;
	sb_putc(sb, '[');
	if (!build(&v, type, h, div)) {
		sb_putc(sb, ']');
		return;
	}
	for (size_t i = 0; i < v.ncounts; i++) {
		if (i)
			sb_putc(sb, ',');
		sb_putc(sb, '{');
		if (i == 0 && v.has_lower) {
			sb_puts(sb, "\"min\": ");
			json_label(sb, &v.lower);
			sb_puts(sb, ", ");
		} else if (i > 0) {
			sb_puts(sb, "\"min\": ");
			json_label(sb, &v.labels[i - 1]);
			sb_puts(sb, ", ");
		}
		if (i < v.nlabels) {
			/* JSON buckets are closed intervals: the end label minus one. */
			sb_puts(sb, "\"max\": ");
			rt_out_json_int(sb, v.labels[i].num - 1, true);
			sb_puts(sb, ", ");
		}
		sb_printf(sb, "\"count\": %" PRIu64 "}", v.counts[i]);
	}
	sb_putc(sb, ']');
	release(&v);
}

/* Groups hist/lhist entries (key = user key + u64 bucket) into one row per user key, each with
 * its bucket counts summed over CPUs. */
size_t rt_out_hist_group(const struct mf_map *map, const struct out_entries *e, struct out_sort *ctx,
                      struct out_row **out)
{
	size_t ng = rt_out_group_keys(map, e, ctx, out);
	for (size_t gi = 0; gi < ng; gi++) {
		struct out_row *g = &(*out)[gi];
		/* rt_out_group_keys left the group's entries in hist.counts as indices into E. */
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
				g->hist.counts = rt_out_xrealloc(g->hist.counts, (idx + 1) * sizeof(uint64_t));
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
