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
	bool hold;                 /* -B full: F is written as its buffer fills, not after each event */
	const struct manifest *m;
	int ncpus;                 /* possible CPUs, for reading per-CPU values */
	/* Appended to a string that fills its whole buffer (no NUL), as bpftrace's
	 * str_trunc_trailer config does; NULL means the default "..". */
	const char *str_trunc_trailer;
	/* Optional: formats values only the runtime can resolve (ksym, usym, stacks, cgroup paths,
	 * timestamps: the kinds whose rt_out_kind row has a resolve hook). Returns true when it appended
	 * the text to SB; when NULL or false, the raw number is printed. */
	bool (*resolve)(void *ctx, struct strbuf *sb, const struct type *type, const void *data);
	void *resolve_ctx;
};

/* Reads every entry of MAP (fd MAP_FD) and prints it as bpftrace does at exit or for print(@m):
 * sorted by value (aggregations) or key, hist/lhist as bar charts, TOP > 0 keeps the last TOP
 * entries, DIV > 1 divides integer values. Prints the trailing blank line bpftrace prints. */
void rt_output_map(struct output *o, const struct mf_map *map, int map_fd, uint64_t top, uint64_t div);

/* print(value) of a non-map value: DATA laid out as TYPE. */
void rt_output_value(struct output *o, const struct type *type, const void *data);

/* printf(): FMT with bpftrace's conversions; ARGS (a tuple) describes DATA. */
void rt_output_printf(struct output *o, const char *fmt, const struct type *args, const void *data);

/* Formats one value as bpftrace's text output shows it inside a map print or printf("%s") of a
 * non-string (tuples "(1, hi)", records "{ .a = 1 }", strings raw, buffers with \xNN escapes). */
void rt_output_format_value(struct strbuf *sb, const struct output *o, const struct type *type, const void *data);

/* ---- Shared by runtime/output_*.c only ------------------------------------------------------ */

/* The JSON form of one value (numbers that a double cannot hold become strings, as upstream). */
void rt_out_json_value(struct strbuf *sb, const struct output *o, const struct type *type, const void *data);
/* A JSON string literal of N bytes of S, escaped as bpftrace escapes it. */
void rt_out_json_string(struct strbuf *sb, const char *s, size_t n);
/* A 64-bit integer as a JSON number, or as a string when a double cannot represent it. */
void rt_out_json_int(struct strbuf *sb, int64_t v, bool is_signed);
/* An integer-like value of TYPE (int, bool, pointer, count, sum, ...) widened to 64 bits;
 * returns whether it is signed. */
bool rt_out_read_int(const struct type *type, const void *data, int64_t *v);
/* Bytes as bpftrace's hex_format_buffer: printable ASCII kept when KEEP_ASCII, other bytes as
 * \xNN when ESCAPE_HEX, else "NN NN". */
void rt_out_buffer_hex(struct strbuf *sb, const uint8_t *p, size_t n, bool keep_ascii, bool escape_hex);
/* The text of a string value: its bytes up to the NUL, plus the truncation trailer when the
 * string fills its buffer and MAY_BE_CUT (not a C char array's, whose storage is all text). */
void rt_out_string_text(struct strbuf *sb, const struct output *o, const char *s, size_t cap, bool may_be_cut);

/* An aggregation summed or merged across CPUs. */
struct out_agg {
	bool is_signed;
	int64_t value;           /* count, sum, min, max; the average for avg/stats */
	int64_t count, total;    /* avg/stats */
	uint64_t sort_minmax;    /* min/max merged as unsigned, which is how bpftrace sorts them */
};
/* Reduces N per-CPU copies of an aggregation of TYPE, each STRIDE bytes apart, as its kind's
 * type_combine says (a plain integer is summed). */
void rt_out_agg_reduce(const struct type *type, const uint8_t *vals, size_t stride, int n, struct out_agg *r);
/* A merged value, VALUE being A's value after any division: a number, or stats' three. */
void rt_out_agg_text(struct strbuf *sb, const struct out_agg *a, int64_t value);
void rt_out_agg_json(struct strbuf *sb, const struct out_agg *a, int64_t value);
void rt_out_stats_text(struct strbuf *sb, const struct out_agg *a, int64_t value);
void rt_out_stats_json(struct strbuf *sb, const struct out_agg *a, int64_t value);

/* ---- Printing a map (output_map.c, and the bucket kinds' files) ---------------------------- */

/* Every entry of a map as read: KEY_SIZE-byte keys, values of NCOPIES copies STRIDE apart. */
struct out_entries {
	uint8_t *keys, *vals;
	size_t n, cap;
	size_t key_size, val_size;  /* val_size: all CPUs' copies of one value */
	size_t stride;              /* one CPU's copy */
	int ncopies;
};

enum out_order { OUT_BY_KEY, OUT_BY_VALUE, OUT_BY_MINMAX, OUT_BY_TOTAL };

struct out_sort {
	enum out_order by;
	bool is_signed;
	const struct type *key;     /* the user key type, NULL for a scalar map */
	size_t key_len;             /* bytes of the user key compared for OUT_BY_TOTAL */
};

/* One histogram: bucket counts indexed as the BPF program indexes them (hist: 0 = negative,
 * 1 = zero, then log2 buckets with hist_bits sub-buckets; lhist: 0 = below min, then one per
 * step, the last for >= max). */
struct out_hist {
	uint64_t *counts;
	size_t n;
};

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

/* One line (or chart) of a printed map. */
struct out_row {
	const struct out_sort *ctx; /* qsort has no context argument; every row carries it */
	const uint8_t *key;         /* the user key */
	const uint8_t *val;         /* all CPUs' copies */
	struct out_agg agg;
	struct out_hist hist;
	struct out_tseries ts;
	uint64_t total;             /* hist: the sum of all buckets */
	size_t seq;                 /* read order, to make the sort stable */
};

/* realloc that aborts when memory is out, as the strbuf does (N 0 allocates a byte). */
void *rt_out_xrealloc(void *p, size_t n);
/* Groups the entries of a map whose keys end in a u64 bucket by user key, in key byte order;
 * each group's hist.counts lists the indices (into E) of its entries. */
size_t rt_out_group_keys(const struct mf_map *map, const struct out_entries *e, struct out_sort *ctx,
                      struct out_row **out);
/* hist/lhist: one row per user key, its bucket counts summed over CPUs. Printed as the text bar
 * chart (one line per bucket from the first to the last non-empty one) or the JSON array of
 * {"min", "max", "count"} objects. */
size_t rt_out_hist_group(const struct mf_map *map, const struct out_entries *e, struct out_sort *ctx,
                      struct out_row **out);
void rt_out_hist_text(struct strbuf *sb, const struct type *type, const struct out_row *r, uint64_t div);
void rt_out_hist_json(struct strbuf *sb, const struct type *type, const struct out_row *r, uint64_t div);
/* tseries: one series per user key (its slots' newest epochs, combined over CPUs). Printed as
 * the text graph (min/max header, one line per epoch, footer) or "<no data>", or the JSON array
 * of {"interval_start", "value"} objects, one per interval with a value. */
size_t rt_out_tseries_group(const struct mf_map *map, const struct out_entries *e, struct out_sort *ctx,
                         struct out_row **out);
void rt_out_tseries_text(struct strbuf *sb, const struct type *type, const struct out_row *r, uint64_t div);
void rt_out_tseries_json(struct strbuf *sb, const struct type *type, const struct out_row *r, uint64_t div);

/* ---- The runtime's row per type kind (output_value.c) -------------------------------------- */

struct resolver;

/* How the runtime reads, merges, orders and prints values of one kind. core/type.c holds what a
 * kind is (data only: core/ depends on no stage); this table holds what the runtime does with
 * it, indexed by the same enum type_kind, so a kind's text and JSON sit side by side. Optional
 * hooks say what NULL means. */
struct rt_out_kind {
	/* A value as text (print(), map keys and values, printf's %s) and as JSON. Every row has both. */
	void (*text)(struct strbuf *sb, const struct output *o, const struct type *type, const void *data);
	void (*json)(struct strbuf *sb, const struct output *o, const struct type *type, const void *data);
	/* The text only the session's resolver gives (symbols, stacks, clocks, cgroup paths), tried
	 * first; false (or no resolver) falls back to text. */
	bool (*resolve)(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data);
	/* The value widened to 64 bits, returning whether it is signed; NULL: its low bytes, unsigned. */
	bool (*read_int)(const struct type *type, const void *data, int64_t *v);
	/* Map values printed from their per-CPU copies merged (rt_out_agg_reduce); NULL: printed from
	 * their bytes by text/json. */
	void (*merged_text)(struct strbuf *sb, const struct out_agg *a, int64_t value);
	void (*merged_json)(struct strbuf *sb, const struct out_agg *a, int64_t value);
	/* Maps whose keys end in a bucket: their entries grouped into rows, and a row printed (text:
	 * from the ':' after the key). NULL: one row per entry. */
	size_t (*group)(const struct mf_map *map, const struct out_entries *e, struct out_sort *ctx,
	                struct out_row **out);
	void (*group_text)(struct strbuf *sb, const struct type *type, const struct out_row *r, uint64_t div);
	void (*group_json)(struct strbuf *sb, const struct type *type, const struct out_row *r, uint64_t div);
	/* Map keys: their order (bpftrace's: integers as signed values of their size, strings
	 * bytewise); NULL keeps the order they were read in. */
	int (*cmp_key)(const struct type *type, const uint8_t *a, const uint8_t *b);
	enum out_order order;       /* how the rows of a map of it sort */
	const char *json_type;      /* the "type" of a map of it printed as JSON; NULL: "map" */
	bool printf_int;            /* printf's integer conversions (%d, %x, %gr, ...) take its value */
};
const struct rt_out_kind *rt_out_kind(const struct type *type);

/* The flag names bpftrace's %gr prints for a GFP mask ("GFP_KERNEL|__GFP_ZERO"). */
void rt_out_gfp_flags(struct strbuf *sb, uint64_t flags);

#endif
