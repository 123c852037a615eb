/* Private to runtime/: turning BPF bytes into what the user sees, as text or JSON, byte for byte
 * as bpftrace prints them. One interface for both formats so they cannot drift. */
#ifndef SONDE_OUTPUT_H
#define SONDE_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "runtime/runtime.h"

struct output {
	FILE *f;
	enum output_format format;
	const struct manifest *m;
	int ncpus;                 /* possible CPUs, for reading per-CPU values */
	/* Appended to a string that fills its whole buffer (no NUL), as bpftrace's
	 * str_trunc_trailer config does; NULL means the default "..". */
	const char *str_trunc_trailer;
	/* Optional: formats values only the runtime can resolve (ksym, usym, stacks, cgroup paths,
	 * timestamps). Returns true when it appended the text to SB; when NULL or false, the raw
	 * number is printed. */
	bool (*resolve)(void *ctx, struct strbuf *sb, const struct type *type, const void *data);
	void *resolve_ctx;
};

/* Reads every entry of MAP (fd MAP_FD) and prints it as bpftrace does at exit or for print(@m):
 * sorted by value (aggregations) or key, hist/lhist as bar charts, TOP > 0 keeps the last TOP
 * entries, DIV > 1 divides integer values. Prints the trailing blank line bpftrace prints. */
void output_map(struct output *o, const struct mf_map *map, int map_fd, uint64_t top, uint64_t div);

/* print(value) of a non-map value: DATA laid out as TYPE. */
void output_value(struct output *o, const struct type *type, const void *data);

/* printf(): FMT with bpftrace's conversions; ARGS (a tuple) describes DATA. */
void output_printf(struct output *o, const char *fmt, const struct type *args, const void *data);

/* Formats one value as bpftrace's text output shows it inside a map print or printf("%s") of a
 * non-string (tuples "(1, hi)", records "{ .a = 1 }", strings raw, buffers with \xNN escapes). */
void output_format_value(struct strbuf *sb, const struct output *o, const struct type *type, const void *data);

/* ---- Shared by runtime/output_*.c only ------------------------------------------------------ */

/* The JSON form of one value (numbers that a double cannot hold become strings, as upstream). */
void out_json_value(struct strbuf *sb, const struct output *o, const struct type *type, const void *data);
/* A JSON string literal of N bytes of S, escaped as bpftrace escapes it. */
void out_json_string(struct strbuf *sb, const char *s, size_t n);
/* A 64-bit integer as a JSON number, or as a string when a double cannot represent it. */
void out_json_int(struct strbuf *sb, int64_t v, bool is_signed);
/* An integer-like value of TYPE (int, bool, pointer, count, sum, ...) widened to 64 bits;
 * returns whether it is signed. */
bool out_read_int(const struct type *type, const void *data, int64_t *v);
/* Bytes as bpftrace's hex_format_buffer: printable ASCII kept when KEEP_ASCII, other bytes as
 * \xNN when ESCAPE_HEX, else "NN NN". */
void out_buffer_hex(struct strbuf *sb, const uint8_t *p, size_t n, bool keep_ascii, bool escape_hex);
/* The text of a string value: its bytes up to the NUL, plus the truncation trailer when the
 * string fills its buffer. */
void out_string_text(struct strbuf *sb, const struct output *o, const char *s, size_t cap);

/* An aggregation summed or merged across CPUs. */
struct out_agg {
	bool is_signed;
	int64_t value;           /* count, sum, min, max; the average for avg/stats */
	int64_t count, total;    /* avg/stats */
	uint64_t sort_minmax;    /* min/max merged as unsigned, which is how bpftrace sorts them */
};
/* Reduces N per-CPU copies of an aggregation of TYPE, each STRIDE bytes apart. */
void out_agg_reduce(const struct type *type, const uint8_t *vals, size_t stride, int n, struct out_agg *r);

/* One histogram: bucket counts indexed as the BPF program indexes them (hist: 0 = negative,
 * 1 = zero, then log2 buckets with hist_bits sub-buckets; lhist: 0 = below min, then one per
 * step, the last for >= max). */
struct out_hist {
	uint64_t *counts;
	size_t n;
};
/* Appends the text bar chart (one line per bucket from the first to the last non-empty one). */
void out_hist_text(struct strbuf *sb, const struct type *type, const struct out_hist *h, uint64_t div);
/* Appends the JSON array of {"min", "max", "count"} objects. */
void out_hist_json(struct strbuf *sb, const struct type *type, const struct out_hist *h, uint64_t div);

/* One time series as shown: consecutive epochs (epoch * ts_interval_ns is TAI time), each
 * with a value or none ("-" in text, null in JSON). */
struct out_tseries_point {
	uint64_t epoch;
	bool has;
	int64_t value;
};
struct out_tseries {
	struct out_tseries_point *pts;
	size_t n;
};
/* Appends the text graph (min/max header, one line per epoch, footer), or "<no data>". */
void out_tseries_text(struct strbuf *sb, const struct type *type, const struct out_tseries *ts);
/* Appends the JSON array of {"interval_start", "value"} objects, one per interval with a value. */
void out_tseries_json(struct strbuf *sb, const struct type *type, const struct out_tseries *ts);

/* The flag names bpftrace's %gr prints for a GFP mask ("GFP_KERNEL|__GFP_ZERO"). */
void out_gfp_flags(struct strbuf *sb, uint64_t flags);

#endif
