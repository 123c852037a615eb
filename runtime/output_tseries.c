/* tseries() maps: entries grouped into one series per user key, the text graph (one line per interval, a `*` where its value falls between
 * the series' min and max) and the JSON list of intervals, laid out as bpftrace lays them out. */
#include "runtime/output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GRAPH_WIDTH 53
#define LABEL_PAD 21 /* the min label's field; the max label is right-aligned in the rest */

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Epochs count TAI time; wall time is TAI minus the kernel's TAI offset, a whole number of
 * seconds (0 unless NTP has set it), so rounding away the gap between the two reads is exact. */
static int64_t tai_to_wall_ns(void)
{
	int64_t d = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_TAI);
	int64_t s = (d >= 0 ? d + 500000000 : d - 500000000) / 1000000000;
	return s * 1000000000;
}

/* The start of interval EPOCH: strftime FMT of local time, then DIGITS fractional digits. */
static void put_time(struct strbuf *sb, const struct type *t, uint64_t epoch, const char *fmt, int digits)
{
	int64_t ns = (int64_t)(epoch * t->ts_interval_ns) + tai_to_wall_ns();
	time_t sec = (time_t)(ns / 1000000000);
	int64_t frac = ns % 1000000000;
	if (frac < 0) {
		frac += 1000000000;
		sec--;
	}
	struct tm tm;
	char buf[64] = "";
	if (localtime_r(&sec, &tm))
		strftime(buf, sizeof(buf), fmt, &tm);
	sb_puts(sb, buf);
	if (digits > 0) {
		for (int i = digits; i < 9; i++)
			frac /= 10;
		sb_printf(sb, ".%0*" PRId64, digits, frac);
	}
}

static int cmp_val(const struct type *t, int64_t a, int64_t b)
{
	if (t->is_signed)
		return a < b ? -1 : a > b;
	return (uint64_t)a < (uint64_t)b ? -1 : (uint64_t)a > (uint64_t)b;
}

/* A - B as a float, for placing a point on the graph. */
static float dist(const struct type *t, int64_t a, int64_t b)
{
	if (t->is_signed)
		return (float)a - (float)b;
	return (float)(uint64_t)a - (float)(uint64_t)b;
}

static void put_val(struct strbuf *sb, const struct type *t, int64_t v)
{
	sb_printf(sb, t->is_signed ? "%" PRId64 : "%" PRIu64, v);
}

static void put_labels(struct strbuf *sb, const struct type *t, size_t indent, int64_t lo, int64_t hi)
{
	struct strbuf a = {0}, b = {0};
	put_val(&a, t, lo);
	put_val(&b, t, hi);
	sb_printf(sb, "%*s%-*s%*s\n", (int)indent, "", LABEL_PAD, a.buf ? a.buf : "", GRAPH_WIDTH - LABEL_PAD,
	          b.buf ? b.buf : "");
	sb_free(&a);
	sb_free(&b);
}

static void graph(struct strbuf *sb, const struct type *t, const struct out_tseries *ts)
{
	if (!ts->n) {
		sb_puts(sb, "<no data>\n");
		return;
	}
	/* Missing points are left out of the range, but the first point seeds it either way. */
	int64_t lo = ts->pts[0].value, hi = ts->pts[0].value;
	for (size_t i = 0; i < ts->n; i++) {
		if (!ts->pts[i].has)
			continue;
		if (cmp_val(t, ts->pts[i].value, lo) < 0)
			lo = ts->pts[i].value;
		if (cmp_val(t, ts->pts[i].value, hi) > 0)
			hi = ts->pts[i].value;
	}
	if (lo == hi) {
		/* A flat series gets a step of room either side, unless that would overflow. */
		if (t->is_signed ? lo > INT64_MIN : (uint64_t)lo > 0)
			lo--;
		if (t->is_signed ? hi < INT64_MAX : (uint64_t)hi < UINT64_MAX)
			hi++;
	}

	/* The finest unit the interval needs sets the fractional digits of the time column. */
	uint64_t step = ts->n > 1 ? (ts->pts[ts->n - 1].epoch - ts->pts[0].epoch) * t->ts_interval_ns / (ts->n - 1) : 0;
	int digits = step % 1000000000 == 0 ? 0 : step % 1000000 == 0 ? 3 : step % 1000 == 0 ? 6 : 9;
	static const char *const units[] = {[0] = "", [3] = ".ms", [6] = ".us", [9] = ".ns"};
	char head[16];
	snprintf(head, sizeof(head), "hh:mm:ss%s", units[digits]);
	size_t time_size = 8 + (digits ? 1 + (size_t)digits : 0);

	put_labels(sb, t, time_size + 1, lo, hi);
	sb_printf(sb, "%-*s|", (int)time_size + 1, head);
	for (int i = 0; i < GRAPH_WIDTH - 2; i++)
		sb_putc(sb, '_');
	sb_puts(sb, "|\n");

	int zero = 0;
	if (cmp_val(t, lo, 0) < 0 && cmp_val(t, 0, hi) < 0)
		zero = (int)((float)GRAPH_WIDTH * dist(t, 0, lo) / dist(t, hi, lo));
	for (size_t i = 0; i < ts->n; i++) {
		char line[GRAPH_WIDTH + 1];
		memset(line, ' ', GRAPH_WIDTH);
		line[GRAPH_WIDTH] = '\0';
		line[0] = '|';
		line[GRAPH_WIDTH - 1] = '|';
		if (zero > 0)
			line[zero] = '.';
		put_time(sb, t, ts->pts[i].epoch, "%H:%M:%S", digits);
		sb_putc(sb, ' ');
		if (ts->pts[i].has) {
			int at = GRAPH_WIDTH / 2;
			if (lo != hi)
				at = (int)((float)(GRAPH_WIDTH - 1) * dist(t, ts->pts[i].value, lo) / dist(t, hi, lo));
			line[at < 0 ? 0 : at > GRAPH_WIDTH - 1 ? GRAPH_WIDTH - 1 : at] = '*';
			sb_puts(sb, line);
			sb_putc(sb, ' ');
			put_val(sb, t, ts->pts[i].value);
		} else {
			sb_puts(sb, line);
			sb_puts(sb, " -");
		}
		sb_putc(sb, '\n');
	}

	sb_printf(sb, "%*s v", (int)time_size, "");
	for (int i = 0; i < GRAPH_WIDTH - 2; i++)
		sb_putc(sb, '_');
	sb_puts(sb, "v\n");
	put_labels(sb, t, time_size + 1, lo, hi);
}

/* The graph goes on the lines below its name; a blank line follows one with data. */
void rt_out_tseries_text(struct strbuf *sb, const struct type *type, const struct out_row *r, uint64_t div)
{
	(void)div;   /* a series is shown as recorded */
	sb_puts(sb, ":\n");
	graph(sb, type, &r->ts);
	if (r->ts.n)
		sb_putc(sb, '\n');
}

void rt_out_tseries_json(struct strbuf *sb, const struct type *t, const struct out_row *r, uint64_t div)
{
	(void)div;
	const struct out_tseries *ts = &r->ts;
	/* Unlike the text graph, JSON lists only the intervals that have a value. */
	bool first = true;
	sb_putc(sb, '[');
	for (size_t i = 0; i < ts->n; i++) {
		if (!ts->pts[i].has)
			continue;
		sb_puts(sb, first ? "{\"interval_start\": \"" : ", {\"interval_start\": \"");
		first = false;
		put_time(sb, t, ts->pts[i].epoch, "%Y-%m-%d %H:%M:%S", 9);
		sb_puts(sb, "\", \"value\": ");
		rt_out_json_int(sb, ts->pts[i].value, t->is_signed);
		sb_putc(sb, '}');
	}
	sb_putc(sb, ']');
}

/* One slot of a time series over all CPUs: the copies of its newest epoch, combined. */
static struct out_tseries_point reduce_slot(const struct type *t, const struct out_entries *e, const uint8_t *val)
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
size_t rt_out_tseries_group(const struct mf_map *map, const struct out_entries *e, struct out_sort *ctx,
                         struct out_row **out)
{
	const struct type *t = map->value;
	size_t ng = rt_out_group_keys(map, e, ctx, out);
	struct out_row *groups = *out;
	/* rt_out_group_keys left each group's entries in hist.counts as indices; read their points. */
	uint64_t last = 0;
	for (size_t g = 0; g < ng; g++) {
		struct out_row *r = &groups[g];
		r->ts.pts = rt_out_xrealloc(NULL, r->hist.n * sizeof(*r->ts.pts));
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
		struct out_row *r = &groups[g];
		uint64_t start = last;
		for (size_t j = 0; j < r->ts.n; j++)
			if (r->ts.pts[j].epoch >= lo && r->ts.pts[j].epoch < start)
				start = r->ts.pts[j].epoch;
		size_t n = empty ? 0 : (size_t)(last - start + 1);
		struct out_tseries_point *pts = rt_out_xrealloc(NULL, (n ? n : 1) * sizeof(*pts));
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
