/* Unit test of runtime/output*.c: real BPF maps filled by hand, printed as text and JSON, compared
 * with what upstream bpftrace prints (expected strings taken from the conformance suite's outputs
 * and EXPECT lines, JSON as upstream's emitter writes it on one line). Exits 77 when BPF maps
 * cannot be created here. */
#include "runtime/output.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct results {
	int passed, failed;
};

static void check(struct results *r, const char *name, const char *got, const char *want)
{
	if (strcmp(got ? got : "", want) == 0) {
		r->passed++;
		return;
	}
	r->failed++;
	printf("FAIL %s\n--- want\n%s--- got\n%s---\n", name, want, got ? got : "(null)");
}

/* ---- Types ------------------------------------------------------------------------------------ */

static const struct type t_i64 = { .kind = TY_INT, .size = 8, .align = 8, .is_signed = true };
static const struct type t_u64 = { .kind = TY_INT, .size = 8, .align = 8 };
static const struct type t_i32 = { .kind = TY_INT, .size = 4, .align = 4, .is_signed = true };
static const struct type t_i16 = { .kind = TY_INT, .size = 2, .align = 2, .is_signed = true };
static const struct type t_i8 = { .kind = TY_INT, .size = 1, .align = 1, .is_signed = true };
static const struct type t_bool = { .kind = TY_BOOL, .size = 1, .align = 1 };
static const struct type t_str16 = { .kind = TY_STRING, .size = 16, .align = 1 };
static const struct type t_str8 = { .kind = TY_STRING, .size = 8, .align = 1 };
static const struct type t_str4 = { .kind = TY_STRING, .size = 4, .align = 1 };
static const struct type t_count = { .kind = TY_COUNT, .size = 8, .align = 8 };
static const struct type t_sum = { .kind = TY_SUM, .size = 8, .align = 8, .is_signed = true };
static const struct type t_min = { .kind = TY_MIN, .size = 16, .align = 8, .is_signed = true };
static const struct type t_max = { .kind = TY_MAX, .size = 16, .align = 8, .is_signed = true };
static const struct type t_avg = { .kind = TY_AVG, .size = 16, .align = 8, .is_signed = true };
static const struct type t_stats = { .kind = TY_STATS, .size = 16, .align = 8, .is_signed = true };
static const struct type t_hist = { .kind = TY_HIST, .size = 8, .align = 8 };
static const struct type t_hist3 = { .kind = TY_HIST, .size = 8, .align = 8, .hist_bits = 3 };
static const struct type t_ptr = { .kind = TY_PTR, .size = 8, .align = 8, .elem = &t_i16 };

/* (string[16], int64) */
static const struct type_field f_str_i64[] = { { NULL, &t_str16, 0 }, { NULL, &t_i64, 16 } };
static const struct type t_str_i64 = { .kind = TY_TUPLE, .size = 24, .align = 8, .count = 2, .fields = f_str_i64 };
/* (int64, int64) */
static const struct type_field f_i64_i64[] = { { NULL, &t_i64, 0 }, { NULL, &t_i64, 8 } };
static const struct type t_i64_i64 = { .kind = TY_TUPLE, .size = 16, .align = 8, .count = 2, .fields = f_i64_i64 };

static struct type lhist_type(int64_t min, int64_t max, int64_t step)
{
	return (struct type){ .kind = TY_LHIST, .size = 8, .align = 8, .lh_min = min, .lh_max = max, .lh_step = step };
}

/* ---- Maps ------------------------------------------------------------------------------------- */

struct env {
	int ncpus;
	struct results r;
};

static int new_map(enum mf_map_storage st, uint32_t key_size, uint32_t value_size)
{
	enum bpf_map_type t = st == MAP_PERCPU_HASH ? BPF_MAP_TYPE_PERCPU_HASH : BPF_MAP_TYPE_HASH;
	int fd = bpf_map_create(t, NULL, key_size, value_size, 1024, NULL);
	if (fd < 0) {
		fprintf(stderr, "bpf_map_create: %s\n", strerror(errno));
		exit(1);
	}
	return fd;
}

/* Per-CPU maps: VALUE goes to CPU 0 and the other CPUs get zeroes unless SPLIT, which halves
 * counters between CPU 0 and CPU 1 to prove they are summed. */
static void put_percpu(const struct env *env, int fd, const void *key, const void *value, uint32_t vsize)
{
	size_t stride = (vsize + 7) / 8 * 8;
	uint8_t *buf = calloc((size_t)env->ncpus, stride);
	memcpy(buf, value, vsize);
	if (bpf_map_update_elem(fd, key, buf, BPF_ANY) != 0) {
		fprintf(stderr, "update: %s\n", strerror(errno));
		exit(1);
	}
	free(buf);
}

static void put(int fd, const void *key, const void *value)
{
	if (bpf_map_update_elem(fd, key, value, BPF_ANY) != 0) {
		fprintf(stderr, "update: %s\n", strerror(errno));
		exit(1);
	}
}

/* Adds COUNT to bucket IDX of the histogram at user key UKEY (UKLEN bytes) in a per-CPU map,
 * on CPU (IDX % ncpus) so that buckets come from several CPUs. */
static void hist_add(const struct env *env, int fd, const void *ukey, size_t uklen, uint64_t idx, uint64_t count)
{
	uint8_t key[64] = {0};
	if (uklen)
		memcpy(key, ukey, uklen);
	memcpy(key + uklen, &idx, 8);
	uint64_t *vals = calloc((size_t)env->ncpus, 8);
	if (bpf_map_lookup_elem(fd, key, vals) != 0)
		memset(vals, 0, (size_t)env->ncpus * 8);
	vals[idx % (uint64_t)env->ncpus] += count;
	if (bpf_map_update_elem(fd, key, vals, BPF_ANY) != 0) {
		fprintf(stderr, "update: %s\n", strerror(errno));
		exit(1);
	}
	free(vals);
}

/* The bucket upstream's hist(v, k) increments. */
static uint64_t hist_index(int64_t v, uint32_t k)
{
	if (v < 0)
		return 0;
	uint64_t n = 1ull << k;
	if ((uint64_t)v < 2 * n)
		return (uint64_t)v + 1;
	for (uint64_t i = 2 * n + 1;; i++) {
		uint64_t sub = i & (n - 1), power = (i >> k) - 1;
		if ((uint64_t)v < (1ull << power) * (n + sub))
			return i;
	}
}

static uint64_t lhist_index(int64_t v, int64_t min, int64_t max, int64_t step)
{
	if (v < min)
		return 0;
	if (v >= max)
		return (uint64_t)((max - min) / step + 1);
	return (uint64_t)((v - min) / step + 1);
}

static char *print_map(const struct env *env, enum output_format fmt, const struct mf_map *m, int fd, uint64_t top,
                       uint64_t div)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct output o = { .f = f, .format = fmt, .ncpus = env->ncpus };
	rt_output_map(&o, m, fd, top, div);
	fclose(f);
	return buf;
}

static void check_map(struct env *env, const char *name, enum output_format fmt, const struct mf_map *m, int fd,
                      uint64_t top, uint64_t div, const char *want)
{
	char *got = print_map(env, fmt, m, fd, top, div);
	check(&env->r, name, got, want);
	free(got);
}

/* ---- Histograms ------------------------------------------------------------------------------- */

static void test_hist(struct env *env)
{
	struct mf_map m = { .name = "@", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &t_hist, .value_size = 8 };
	int fd = new_map(MAP_PERCPU_HASH, 8, 8);
	int64_t vals[] = { -1, 2, 3, 7, 20 };
	for (size_t i = 0; i < ARRAY_LEN(vals); i++)
		hist_add(env, fd, NULL, 0, hist_index(vals[i], 0), 1);
	check_map(env, "hist.txt", OUTPUT_TEXT, &m, fd, 0, 0,
	          "@:\n"
	          "(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	          "[0]                    0 |                                                    |\n"
	          "[1]                    0 |                                                    |\n"
	          "[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	          "[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	          "[8, 16)                0 |                                                    |\n"
	          "[16, 32)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	          "\n");
	close(fd);

	fd = new_map(MAP_PERCPU_HASH, 8, 8);
	hist_add(env, fd, NULL, 0, hist_index(3, 0), 1);
	hist_add(env, fd, NULL, 0, hist_index(20, 0), 1);
	check_map(env, "hist_2_values.txt", OUTPUT_TEXT, &m, fd, 0, 0,
	          "@:\n"
	          "[2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	          "[4, 8)                 0 |                                                    |\n"
	          "[8, 16)                0 |                                                    |\n"
	          "[16, 32)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	          "\n");
	close(fd);

	m.name = "@hist";
	fd = new_map(MAP_PERCPU_HASH, 8, 8);
	hist_add(env, fd, NULL, 0, hist_index(2, 0), 1);
	hist_add(env, fd, NULL, 0, hist_index(1025, 0), 1);
	check_map(env, "hist.json", OUTPUT_JSON, &m, fd, 0, 0,
	          "{\"type\": \"hist\", \"data\": {\"@hist\": [{\"min\": 2, \"max\": 3, \"count\": 1},"
	          "{\"min\": 4, \"max\": 7, \"count\": 0},{\"min\": 8, \"max\": 15, \"count\": 0},"
	          "{\"min\": 16, \"max\": 31, \"count\": 0},{\"min\": 32, \"max\": 63, \"count\": 0},"
	          "{\"min\": 64, \"max\": 127, \"count\": 0},{\"min\": 128, \"max\": 255, \"count\": 0},"
	          "{\"min\": 256, \"max\": 511, \"count\": 0},{\"min\": 512, \"max\": 1023, \"count\": 0},"
	          "{\"min\": 1024, \"max\": 2047, \"count\": 1}]}}\n");
	/* zero(@hist): the keys stay with zero counts. */
	uint64_t zeros[512] = {0};
	for (uint64_t idx = 0; idx < 64; idx++) {
		if (bpf_map_lookup_elem(fd, &idx, zeros) == 0) {
			memset(zeros, 0, sizeof(zeros));
			put(fd, &idx, zeros);
		}
	}
	check_map(env, "hist_zero.json", OUTPUT_JSON, &m, fd, 0, 0,
	          "{\"type\": \"hist\", \"data\": {\"@hist\": []}}\n");
	check_map(env, "hist_zero text", OUTPUT_TEXT, &m, fd, 0, 0, "@hist:\n\n");
	close(fd);

	m.name = "@";
	fd = new_map(MAP_PERCPU_HASH, 8, 8);
	hist_add(env, fd, NULL, 0, hist_index(10ll * 1024 * 1024 * 1024, 0), 1);
	check_map(env, "hist_10g.json", OUTPUT_JSON, &m, fd, 0, 0,
	          "{\"type\": \"hist\", \"data\": {\"@\": [{\"min\": 8589934592, \"max\": 17179869183, \"count\": 1}]}}\n");
	check_map(env, "hist_10g text", OUTPUT_TEXT, &m, fd, 0, 0,
	          "@:\n[8G, 16G)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n\n");
	close(fd);

	/* hist($i, 3) for $i in 0..1023 */
	struct mf_map m3 = { .name = "@", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &t_hist3, .value_size = 8 };
	fd = new_map(MAP_PERCPU_HASH, 8, 8);
	for (int64_t i = 0; i < 1024; i++)
		hist_add(env, fd, NULL, 0, hist_index(i, 3), 1);
	struct strbuf want = {0};
	sb_puts(&want, "{\"type\": \"hist\", \"data\": {\"@\": [");
	for (int64_t lo = 0, i = 0; lo < 1024; i++) {
		int64_t width = lo < 16 ? 1 : (int64_t)1 << (63 - __builtin_clzll((uint64_t)lo) - 3);
		sb_printf(&want, "%s{\"min\": %lld, \"max\": %lld, \"count\": %lld}", i ? "," : "", (long long)lo,
		          (long long)(lo + width - 1), (long long)width);
		lo += width;
	}
	sb_puts(&want, "]}}\n");
	check_map(env, "hist_2args.json", OUTPUT_JSON, &m3, fd, 0, 0, want.buf);
	sb_free(&want);
	close(fd);
}

static void test_hist_keyed(struct env *env)
{
	/* @["bpftrace"] = hist(2); @["curl"] = hist(-1), hist(0), hist(511), hist(1024), hist(1025) */
	struct mf_map m = { .name = "@", .storage = MAP_PERCPU_HASH, .key = &t_str16, .key_size = 24,
		            .value = &t_hist, .value_size = 8 };
	int fd = new_map(MAP_PERCPU_HASH, 24, 8);
	char k1[16] = "bpftrace", k2[16] = "curl";
	hist_add(env, fd, k1, 16, hist_index(2, 0), 1);
	int64_t cv[] = { -1, 0, 511, 1024, 1025 };
	for (size_t i = 0; i < ARRAY_LEN(cv); i++)
		hist_add(env, fd, k2, 16, hist_index(cv[i], 0), 1);
	check_map(env, "hist_multiple.json", OUTPUT_JSON, &m, fd, 0, 0,
	          "{\"type\": \"hist\", \"data\": {\"@\": {\"bpftrace\": [{\"min\": 2, \"max\": 3, \"count\": 1}], "
	          "\"curl\": [{\"max\": -1, \"count\": 1},{\"min\": 0, \"max\": 0, \"count\": 1},"
	          "{\"min\": 1, \"max\": 1, \"count\": 0},{\"min\": 2, \"max\": 3, \"count\": 0},"
	          "{\"min\": 4, \"max\": 7, \"count\": 0},{\"min\": 8, \"max\": 15, \"count\": 0},"
	          "{\"min\": 16, \"max\": 31, \"count\": 0},{\"min\": 32, \"max\": 63, \"count\": 0},"
	          "{\"min\": 64, \"max\": 127, \"count\": 0},{\"min\": 128, \"max\": 255, \"count\": 0},"
	          "{\"min\": 256, \"max\": 511, \"count\": 1},{\"min\": 512, \"max\": 1023, \"count\": 0},"
	          "{\"min\": 1024, \"max\": 2047, \"count\": 2}]}}}\n");
	close(fd);

	/* @["bpftrace", 2] = hist(2); @["curl", 3] = hist(511); @["curl", 3] = hist(1024) */
	struct mf_map mt = { .name = "@", .storage = MAP_PERCPU_HASH, .key = &t_str_i64, .key_size = 32,
		             .value = &t_hist, .value_size = 8 };
	fd = new_map(MAP_PERCPU_HASH, 32, 8);
	uint8_t kk[24] = {0};
	memcpy(kk, "bpftrace", 8);
	int64_t two = 2, three = 3;
	memcpy(kk + 16, &two, 8);
	hist_add(env, fd, kk, 24, hist_index(2, 0), 1);
	memset(kk, 0, 16);
	memcpy(kk, "curl", 4);
	memcpy(kk + 16, &three, 8);
	hist_add(env, fd, kk, 24, hist_index(511, 0), 1);
	hist_add(env, fd, kk, 24, hist_index(1024, 0), 1);
	check_map(env, "hist_multiple_multiple_keys.json", OUTPUT_JSON, &mt, fd, 0, 0,
	          "{\"type\": \"hist\", \"data\": {\"@\": {\"bpftrace,2\": [{\"min\": 2, \"max\": 3, \"count\": 1}], "
	          "\"curl,3\": [{\"min\": 256, \"max\": 511, \"count\": 1},{\"min\": 512, \"max\": 1023, \"count\": 0},"
	          "{\"min\": 1024, \"max\": 2047, \"count\": 1}]}}}\n");
	check_map(env, "hist tuple key text", OUTPUT_TEXT, &mt, fd, 0, 0,
	          "@[bpftrace, 2]:\n"
	          "[2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	          "\n"
	          "@[curl, 3]:\n"
	          "[256, 512)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	          "[512, 1K)              0 |                                                    |\n"
	          "[1K, 2K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	          "\n");
	close(fd);

	/* @[1] = hist(10); @[2] = hist(20); @[3] = hist(30); print(@, 2) */
	struct mf_map mi = { .name = "@", .storage = MAP_PERCPU_HASH, .key = &t_i64, .key_size = 16,
		             .value = &t_hist, .value_size = 8 };
	fd = new_map(MAP_PERCPU_HASH, 16, 8);
	for (int64_t k = 1; k <= 3; k++)
		hist_add(env, fd, &k, 8, hist_index(k * 10, 0), 1);
	check_map(env, "print_hist_with_top_arg", OUTPUT_JSON, &mi, fd, 2, 0,
	          "{\"type\": \"hist\", \"data\": {\"@\": {\"2\": [{\"min\": 16, \"max\": 31, \"count\": 1}], "
	          "\"3\": [{\"min\": 16, \"max\": 31, \"count\": 1}]}}}\n");
	check_map(env, "print_hist_with_large_top_arg", OUTPUT_JSON, &mi, fd, 10, 0,
	          "{\"type\": \"hist\", \"data\": {\"@\": {\"1\": [{\"min\": 8, \"max\": 15, \"count\": 1}], "
	          "\"2\": [{\"min\": 16, \"max\": 31, \"count\": 1}], \"3\": [{\"min\": 16, \"max\": 31, \"count\": 1}]}}}\n");
	close(fd);
}

static void test_lhist(struct env *env)
{
	struct type lt = lhist_type(0, 10, 2);
	struct mf_map m = { .name = "@", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &lt, .value_size = 8 };
	int fd = new_map(MAP_PERCPU_HASH, 8, 8);
	int64_t vals[] = { 2, 3, 7, -1, 11 };
	for (size_t i = 0; i < ARRAY_LEN(vals); i++)
		hist_add(env, fd, NULL, 0, lhist_index(vals[i], 0, 10, 2), 1);
	check_map(env, "lhist.txt", OUTPUT_TEXT, &m, fd, 0, 0,
	          "@:\n"
	          "(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	          "[0, 2)                 0 |                                                    |\n"
	          "[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	          "[4, 6)                 0 |                                                    |\n"
	          "[6, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	          "[8, 10)                0 |                                                    |\n"
	          "[10, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	          "\n");
	close(fd);

	struct type lt100 = lhist_type(0, 100, 10);
	m.value = &lt100;
	m.name = "@h";
	fd = new_map(MAP_PERCPU_HASH, 8, 8);
	int64_t v2[] = { 2, 50, 1000 };
	for (size_t i = 0; i < ARRAY_LEN(v2); i++)
		hist_add(env, fd, NULL, 0, lhist_index(v2[i], 0, 100, 10), 1);
	check_map(env, "lhist.json", OUTPUT_JSON, &m, fd, 0, 0,
	          "{\"type\": \"hist\", \"data\": {\"@h\": [{\"min\": 0, \"max\": 9, \"count\": 1},"
	          "{\"min\": 10, \"max\": 19, \"count\": 0},{\"min\": 20, \"max\": 29, \"count\": 0},"
	          "{\"min\": 30, \"max\": 39, \"count\": 0},{\"min\": 40, \"max\": 49, \"count\": 0},"
	          "{\"min\": 50, \"max\": 59, \"count\": 1},{\"min\": 60, \"max\": 69, \"count\": 0},"
	          "{\"min\": 70, \"max\": 79, \"count\": 0},{\"min\": 80, \"max\": 89, \"count\": 0},"
	          "{\"min\": 90, \"max\": 99, \"count\": 0},{\"min\": 100, \"count\": 1}]}}\n");
	close(fd);

	/* @stats["bpftrace"] = lhist(2, ...); @stats["curl"] = lhist(50, ...); @stats["bpftrace"] = lhist(1000, ...) */
	struct mf_map mk = { .name = "@stats", .storage = MAP_PERCPU_HASH, .key = &t_str16, .key_size = 24,
		             .value = &lt100, .value_size = 8 };
	fd = new_map(MAP_PERCPU_HASH, 24, 8);
	char b[16] = "bpftrace", c[16] = "curl";
	hist_add(env, fd, b, 16, lhist_index(2, 0, 100, 10), 1);
	hist_add(env, fd, c, 16, lhist_index(50, 0, 100, 10), 1);
	hist_add(env, fd, b, 16, lhist_index(1000, 0, 100, 10), 1);
	check_map(env, "lhist_multiple.json", OUTPUT_JSON, &mk, fd, 0, 0,
	          "{\"type\": \"hist\", \"data\": {\"@stats\": {\"curl\": [{\"min\": 50, \"max\": 59, \"count\": 1}], "
	          "\"bpftrace\": [{\"min\": 0, \"max\": 9, \"count\": 1},"
	          "{\"min\": 10, \"max\": 19, \"count\": 0},{\"min\": 20, \"max\": 29, \"count\": 0},"
	          "{\"min\": 30, \"max\": 39, \"count\": 0},{\"min\": 40, \"max\": 49, \"count\": 0},"
	          "{\"min\": 50, \"max\": 59, \"count\": 0},{\"min\": 60, \"max\": 69, \"count\": 0},"
	          "{\"min\": 70, \"max\": 79, \"count\": 0},{\"min\": 80, \"max\": 89, \"count\": 0},"
	          "{\"min\": 90, \"max\": 99, \"count\": 0},{\"min\": 100, \"count\": 1}]}}}\n");
	close(fd);

	/* lhist(0, 0, 10000, 1000): step a multiple of 1024? no: 1000 keeps plain numbers */
	struct type lk = lhist_type(0, 4096, 1024);
	struct mf_map ml = { .name = "@", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &lk, .value_size = 8 };
	fd = new_map(MAP_PERCPU_HASH, 8, 8);
	hist_add(env, fd, NULL, 0, lhist_index(100, 0, 4096, 1024), 1);
	hist_add(env, fd, NULL, 0, lhist_index(5000, 0, 4096, 1024), 3);
	check_map(env, "lhist K labels", OUTPUT_TEXT, &ml, fd, 0, 0,
	          "@:\n"
	          "[0, 1K)                1 |@@@@@@@@@@@@@@@@@                                   |\n"
	          "[1K, 2K)               0 |                                                    |\n"
	          "[2K, 3K)               0 |                                                    |\n"
	          "[3K, 4K)               0 |                                                    |\n"
	          "[4K, ...)              3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	          "\n");
	close(fd);
}

/* ---- Plain maps and aggregations -------------------------------------------------------------- */

static void test_maps(struct env *env)
{
	uint64_t zero = 0;

	/* @scalar = 5 */
	struct mf_map ms = { .name = "@scalar", .storage = MAP_HASH, .key_size = 8, .value = &t_i64, .value_size = 8 };
	int fd = new_map(MAP_HASH, 8, 8);
	int64_t five = 5;
	put(fd, &zero, &five);
	check_map(env, "scalar.json", OUTPUT_JSON, &ms, fd, 0, 0, "{\"type\": \"map\", \"data\": {\"@scalar\": 5}}\n");
	check_map(env, "scalar text", OUTPUT_TEXT, &ms, fd, 0, 0, "@scalar: 5\n");
	close(fd);

	/* An empty map prints nothing. */
	fd = new_map(MAP_HASH, 8, 8);
	check_map(env, "empty scalar", OUTPUT_TEXT, &ms, fd, 0, 0, "");
	check_map(env, "empty scalar json", OUTPUT_JSON, &ms, fd, 0, 0, "");
	close(fd);

	/* @scalar_str = "a b \n d e" */
	struct type s32 = { .kind = TY_STRING, .size = 32, .align = 1 };
	struct mf_map mss = { .name = "@scalar_str", .storage = MAP_HASH, .key_size = 8, .value = &s32, .value_size = 32 };
	fd = new_map(MAP_HASH, 8, 32);
	char sv[32] = "a b \n d e";
	put(fd, &zero, sv);
	check_map(env, "scalar_str.json", OUTPUT_JSON, &mss, fd, 0, 0,
	          "{\"type\": \"map\", \"data\": {\"@scalar_str\": \"a b \\n d e\"}}\n");
	close(fd);

	/* @x = "xxxx" as string[4]: the buffer is full, so the truncation trailer shows */
	struct mf_map mx = { .name = "@x", .storage = MAP_HASH, .key_size = 8, .value = &t_str4, .value_size = 4 };
	fd = new_map(MAP_HASH, 8, 4);
	put(fd, &zero, "xxxx");
	check_map(env, "truncated string", OUTPUT_TEXT, &mx, fd, 0, 0, "@x: xxxx..\n");
	close(fd);

	/* @complex[comm, 2] = 5 */
	struct mf_map mc = { .name = "@complex", .storage = MAP_HASH, .key = &t_str_i64, .key_size = 24, .value = &t_i64,
		             .value_size = 8 };
	fd = new_map(MAP_HASH, 24, 8);
	uint8_t ck[24] = {0};
	memcpy(ck, "bpftrace", 8);
	int64_t two = 2;
	memcpy(ck + 16, &two, 8);
	put(fd, ck, &five);
	check_map(env, "complex.json", OUTPUT_JSON, &mc, fd, 0, 0,
	          "{\"type\": \"map\", \"data\": {\"@complex\": {\"bpftrace,2\": 5}}}\n");
	check_map(env, "complex text", OUTPUT_TEXT, &mc, fd, 0, 0, "@complex[bpftrace, 2]: 5\n");
	close(fd);

	/* @map["key1"] = 2; @map["key2"] = 3, plus sorting by value */
	struct mf_map mm = { .name = "@map", .storage = MAP_HASH, .key = &t_str8, .key_size = 8, .value = &t_i64,
		             .value_size = 8 };
	fd = new_map(MAP_HASH, 8, 8);
	int64_t v3 = 3, v2 = 2, vneg = -7;
	char k1[8] = "key1", k2[8] = "key2", k3[8] = "key3";
	put(fd, k2, &v3);
	put(fd, k1, &v2);
	check_map(env, "map.json", OUTPUT_JSON, &mm, fd, 0, 0,
	          "{\"type\": \"map\", \"data\": {\"@map\": {\"key1\": 2, \"key2\": 3}}}\n");
	put(fd, k3, &vneg);
	check_map(env, "signed values sorted", OUTPUT_TEXT, &mm, fd, 0, 0,
	          "@map[key3]: -7\n@map[key1]: 2\n@map[key2]: 3\n");
	check_map(env, "top and div", OUTPUT_TEXT, &mm, fd, 2, 2, "@map[key1]: 1\n@map[key2]: 1\n");
	close(fd);

	/* @x[1, 2] = 1; @x[2, 1] = 2; @x[1, 1] = 3 with string values: sorted by key fields */
	struct mf_map mt = { .name = "@x", .storage = MAP_HASH, .key = &t_i64_i64, .key_size = 16, .value = &t_str8,
		             .value_size = 8 };
	fd = new_map(MAP_HASH, 16, 8);
	int64_t keys[][2] = { { 2, 1 }, { 1, 2 }, { -1, 5 }, { 1, 1 } };
	const char *svals[] = { "b", "a", "neg", "c" };
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		char v[8] = {0};
		strcpy(v, svals[i]);
		put(fd, keys[i], v);
	}
	check_map(env, "sorted by tuple key", OUTPUT_TEXT, &mt, fd, 0, 0,
	          "@x[-1, 5]: neg\n@x[1, 1]: c\n@x[1, 2]: a\n@x[2, 1]: b\n");
	close(fd);

	/* @ = (1, 2, "string", (4, 5)) */
	static const struct type_field f_inner[] = { { NULL, &t_i64, 0 }, { NULL, &t_i64, 8 } };
	static const struct type t_inner = { .kind = TY_TUPLE, .size = 16, .align = 8, .count = 2, .fields = f_inner };
	static const struct type_field f_tup[] = {
		{ NULL, &t_i64, 0 }, { NULL, &t_i64, 8 }, { NULL, &t_str8, 16 }, { NULL, &t_inner, 24 } };
	static const struct type t_tup = { .kind = TY_TUPLE, .size = 40, .align = 8, .count = 4, .fields = f_tup };
	struct mf_map mtu = { .name = "@", .storage = MAP_HASH, .key_size = 8, .value = &t_tup, .value_size = 40 };
	fd = new_map(MAP_HASH, 8, 40);
	uint8_t tv[40] = {0};
	int64_t one = 1, four = 4, fv = 5;
	memcpy(tv, &one, 8);
	memcpy(tv + 8, &two, 8);
	memcpy(tv + 16, "string", 6);
	memcpy(tv + 24, &four, 8);
	memcpy(tv + 32, &fv, 8);
	put(fd, &zero, tv);
	check_map(env, "tuple json", OUTPUT_JSON, &mtu, fd, 0, 0,
	          "{\"type\": \"map\", \"data\": {\"@\": [1,2,\"string\",[4,5]]}}\n");
	check_map(env, "tuple text", OUTPUT_TEXT, &mtu, fd, 0, 0, "@: (1, 2, string, (4, 5))\n");
	close(fd);

	/* @ = (int16 *)0x32 */
	struct mf_map mp = { .name = "@", .storage = MAP_HASH, .key_size = 8, .value = &t_ptr, .value_size = 8 };
	fd = new_map(MAP_HASH, 8, 8);
	uint64_t pv = 0x32;
	put(fd, &zero, &pv);
	check_map(env, "print_hex_values", OUTPUT_JSON, &mp, fd, 0, 0, "{\"type\": \"map\", \"data\": {\"@\": 50}}\n");
	check_map(env, "pointer text", OUTPUT_TEXT, &mp, fd, 0, 0, "@: 0x32\n");
	close(fd);

	/* A uint64 a double cannot hold is a string in JSON. */
	struct mf_map mu = { .name = "@", .storage = MAP_HASH, .key_size = 8, .value = &t_u64, .value_size = 8 };
	fd = new_map(MAP_HASH, 8, 8);
	uint64_t big = UINT64_MAX;
	put(fd, &zero, &big);
	check_map(env, "big json", OUTPUT_JSON, &mu, fd, 0, 0,
	          "{\"type\": \"map\", \"data\": {\"@\": \"18446744073709551615\"}}\n");
	close(fd);
}

static void test_aggs(struct env *env)
{
	uint64_t zero = 0;
	size_t stride = 16;
	uint8_t *pc = calloc((size_t)env->ncpus, stride);

	/* @stats = stats(2); @stats = stats(10), split over two CPUs when there are two */
	struct mf_map m = { .name = "@stats", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &t_stats,
		            .value_size = 16 };
	int fd = new_map(MAP_PERCPU_HASH, 8, 16);
	struct agg_avg a0 = { 2, 1 }, a1 = { 10, 1 }, both = { 12, 2 };
	if (env->ncpus > 1) {
		memcpy(pc, &a0, 16);
		memcpy(pc + stride, &a1, 16);
	} else {
		memcpy(pc, &both, 16);
	}
	put(fd, &zero, pc);
	check_map(env, "stats.json", OUTPUT_JSON, &m, fd, 0, 0,
	          "{\"type\": \"stats\", \"data\": {\"@stats\": {\"count\": 2, \"average\": 6, \"total\": 12}}}\n");
	check_map(env, "stats text", OUTPUT_TEXT, &m, fd, 0, 0, "@stats: { .count = 2, .average = 6, .total = 12 }\n");
	close(fd);

	/* print(@) of a stats map before any stats() call: all zero */
	m.name = "@";
	fd = new_map(MAP_PERCPU_HASH, 8, 16);
	memset(pc, 0, (size_t)env->ncpus * stride);
	put(fd, &zero, pc);
	check_map(env, "print_empty_scalar_stats_map", OUTPUT_TEXT, &m, fd, 0, 0,
	          "@: { .count = 0, .average = 0, .total = 0 }\n");
	close(fd);

	/* @stats["curl"] = stats(2); @stats["zsh"] = stats(10) */
	struct mf_map mk = { .name = "@stats", .storage = MAP_PERCPU_HASH, .key = &t_str16, .key_size = 16,
		             .value = &t_stats, .value_size = 16 };
	fd = new_map(MAP_PERCPU_HASH, 16, 16);
	char curl[16] = "curl", zsh[16] = "zsh";
	put_percpu(env, fd, zsh, &a1, 16);
	put_percpu(env, fd, curl, &a0, 16);
	check_map(env, "stats_multiple.json", OUTPUT_JSON, &mk, fd, 0, 0,
	          "{\"type\": \"stats\", \"data\": {\"@stats\": {\"curl\": {\"count\": 1, \"average\": 2, \"total\": 2}, "
	          "\"zsh\": {\"count\": 1, \"average\": 10, \"total\": 10}}}}\n");
	close(fd);

	/* @["a"] = avg(10) ... @["d"] = avg(40); print(@, 2, 10) */
	struct mf_map ma = { .name = "@", .storage = MAP_PERCPU_HASH, .key = &t_str8, .key_size = 8, .value = &t_avg,
		             .value_size = 16 };
	fd = new_map(MAP_PERCPU_HASH, 8, 16);
	const char *names[] = { "d", "b", "a", "c" };
	int64_t avals[] = { 40, 20, 10, 30 };
	for (size_t i = 0; i < 4; i++) {
		char k[8] = {0};
		strcpy(k, names[i]);
		struct agg_avg a = { avals[i], 1 };
		put_percpu(env, fd, k, &a, 16);
	}
	check_map(env, "print_avg_map_args.txt", OUTPUT_TEXT, &ma, fd, 2, 10, "@[c]: 3\n@[d]: 4\n");
	check_map(env, "print_avg_map_with_large_top.txt", OUTPUT_TEXT, &ma, fd, 10, 10,
	          "@[a]: 1\n@[b]: 2\n@[c]: 3\n@[d]: 4\n");
	check_map(env, "print_avg_map_args json", OUTPUT_JSON, &ma, fd, 2, 10,
	          "{\"type\": \"stats\", \"data\": {\"@\": {\"c\": 3, \"d\": 4}}}\n");
	check_map(env, "print_avg_map_with_large_top json", OUTPUT_JSON, &ma, fd, 10, 10,
	          "{\"type\": \"stats\", \"data\": {\"@\": {\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4}}}\n");
	close(fd);

	/* avg is an integer division: (1 + 2) / 2 = 1; a negative average truncates toward zero */
	struct mf_map mav = { .name = "@", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &t_avg, .value_size = 16 };
	fd = new_map(MAP_PERCPU_HASH, 8, 16);
	struct agg_avg av = { -7, 2 };
	put_percpu(env, fd, &zero, &av, 16);
	check_map(env, "avg negative", OUTPUT_TEXT, &mav, fd, 0, 0, "@: -3\n");
	close(fd);

	/* @[k] = count() spread over CPUs, sorted by count */
	struct mf_map mcnt = { .name = "@", .storage = MAP_PERCPU_HASH, .key = &t_i64, .key_size = 8, .value = &t_count,
		               .value_size = 8 };
	fd = new_map(MAP_PERCPU_HASH, 8, 8);
	for (int64_t k = 1; k <= 3; k++) {
		uint64_t *c = calloc((size_t)env->ncpus, 8);
		for (int cpu = 0; cpu < env->ncpus; cpu++)
			c[cpu] = (uint64_t)(4 - k);
		put(fd, &k, c);
		free(c);
	}
	struct strbuf want = {0};
	for (int64_t k = 3; k >= 1; k--)
		sb_printf(&want, "@[%lld]: %lld\n", (long long)k, (long long)((4 - k) * env->ncpus));
	check_map(env, "count summed over CPUs", OUTPUT_TEXT, &mcnt, fd, 0, 0, want.buf);
	sb_free(&want);
	close(fd);

	/* min and max: only CPUs with is_set count */
	struct mf_map mmin = { .name = "@min", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &t_min, .value_size = 16 };
	struct mf_map mmax = { .name = "@max", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &t_max, .value_size = 16 };
	int fmin = new_map(MAP_PERCPU_HASH, 8, 16), fmax = new_map(MAP_PERCPU_HASH, 8, 16);
	memset(pc, 0, (size_t)env->ncpus * stride);
	struct agg_minmax mm0 = { -5, 1 }, mm1 = { 9, 1 }, unset = { -100, 0 };
	memcpy(pc, &mm0, 16);
	if (env->ncpus > 1)
		memcpy(pc + stride, &mm1, 16);
	if (env->ncpus > 2)
		memcpy(pc + 2 * stride, &unset, 16);
	put(fmin, &zero, pc);
	put(fmax, &zero, pc);
	check_map(env, "min", OUTPUT_TEXT, &mmin, fmin, 0, 0, "@min: -5\n");
	check_map(env, "max", OUTPUT_TEXT, &mmax, fmax, 0, 0, env->ncpus > 1 ? "@max: 9\n" : "@max: -5\n");
	close(fmin);
	close(fmax);

	/* sum of negative values */
	struct mf_map msum = { .name = "@s", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &t_sum, .value_size = 8 };
	fd = new_map(MAP_PERCPU_HASH, 8, 8);
	int64_t sv = -42;
	put_percpu(env, fd, &zero, &sv, 8);
	check_map(env, "sum", OUTPUT_TEXT, &msum, fd, 0, 0, "@s: -42\n");
	close(fd);
	free(pc);
}

/* ---- print() of values ------------------------------------------------------------------------ */

static char *print_value(enum output_format fmt, const struct type *t, const void *data)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct output o = { .f = f, .format = fmt, .ncpus = 1 };
	rt_output_value(&o, t, data);
	fclose(f);
	return buf;
}

static void check_value(struct env *env, const char *name, enum output_format fmt, const struct type *t,
                        const void *data, const char *want)
{
	char *got = print_value(fmt, t, data);
	check(&env->r, name, got, want);
	free(got);
}

static void test_values(struct env *env)
{
	int64_t five = 5;
	check_value(env, "print_non_map", OUTPUT_JSON, &t_i64, &five, "{\"type\": \"value\", \"data\": 5}\n");
	check_value(env, "print int", OUTPUT_TEXT, &t_i64, &five, "5\n");
	char comm[16] = "bpftrace";
	check_value(env, "print_non_map_builtin", OUTPUT_JSON, &t_str16, comm,
	            "{\"type\": \"value\", \"data\": \"bpftrace\"}\n");
	check_value(env, "print comm", OUTPUT_TEXT, &t_str16, comm, "bpftrace\n");

	/* (1, 2, "string") */
	static const struct type_field f3[] = { { NULL, &t_i64, 0 }, { NULL, &t_i64, 8 }, { NULL, &t_str8, 16 } };
	static const struct type t3 = { .kind = TY_TUPLE, .size = 24, .align = 8, .count = 3, .fields = f3 };
	uint8_t d3[24] = {0};
	int64_t one = 1, two = 2;
	memcpy(d3, &one, 8);
	memcpy(d3 + 8, &two, 8);
	memcpy(d3 + 16, "string", 6);
	check_value(env, "print_non_map_tuple", OUTPUT_JSON, &t3, d3,
	            "{\"type\": \"value\", \"data\": [1,2,\"string\"]}\n");
	check_value(env, "print tuple", OUTPUT_TEXT, &t3, d3, "(1, 2, string)\n");

	/* (true, false) */
	static const struct type_field fb[] = { { NULL, &t_bool, 0 }, { NULL, &t_bool, 1 } };
	static const struct type tb = { .kind = TY_TUPLE, .size = 2, .align = 1, .count = 2, .fields = fb };
	uint8_t db[2] = { 1, 0 };
	check_value(env, "print bool type", OUTPUT_JSON, &tb, db, "{\"type\": \"value\", \"data\": [true,false]}\n");
	check_value(env, "print bool text", OUTPUT_TEXT, &tb, db, "(true, false)\n");

	/* ((int8)-100, (int8)100, "abcdef", 3, (int32)1, (int64)-10, (int8)10, (int16)-555) */
	static const struct type t_s7 = { .kind = TY_STRING, .size = 7, .align = 1 };
	static const struct type_field fm[] = { { NULL, &t_i8, 0 },   { NULL, &t_i8, 1 },   { NULL, &t_s7, 2 },
		                                { NULL, &t_i64, 16 }, { NULL, &t_i32, 24 }, { NULL, &t_i64, 32 },
		                                { NULL, &t_i8, 40 },  { NULL, &t_i16, 42 } };
	static const struct type tm = { .kind = TY_TUPLE, .size = 48, .align = 8, .count = 8, .fields = fm };
	uint8_t dm[48] = {0};
	int8_t a = -100, b = 100, g = 10;
	int32_t e = 1;
	int64_t c = 3, f = -10;
	int16_t h = -555;
	memcpy(dm, &a, 1);
	memcpy(dm + 1, &b, 1);
	memcpy(dm + 2, "abcdef", 6);
	memcpy(dm + 16, &c, 8);
	memcpy(dm + 24, &e, 4);
	memcpy(dm + 32, &f, 8);
	memcpy(dm + 40, &g, 1);
	memcpy(dm + 42, &h, 2);
	check_value(env, "tuple of mixed ints", OUTPUT_TEXT, &tm, dm, "(-100, 100, abcdef, 3, 1, -10, 10, -555)\n");

	/* (a=0, b=1, c="str", d=(5, 6), e=(x=1, y=2)) */
	static const struct type_field fxy[] = { { "x", &t_i64, 0 }, { "y", &t_i64, 8 } };
	static const struct type txy = { .kind = TY_RECORD, .size = 16, .align = 8, .count = 2, .fields = fxy };
	static const struct type_field fr[] = { { "a", &t_i64, 0 },      { "b", &t_i64, 8 }, { "c", &t_str4, 16 },
		                                { "d", &t_i64_i64, 24 }, { "e", &txy, 40 } };
	static const struct type tr = { .kind = TY_RECORD, .size = 56, .align = 8, .count = 5, .fields = fr };
	uint8_t dr[56] = {0};
	int64_t rv[] = { 0, 1 }, dd[] = { 5, 6 }, xy[] = { 1, 2 };
	memcpy(dr, rv, 16);
	memcpy(dr + 16, "str", 3);
	memcpy(dr + 24, dd, 16);
	memcpy(dr + 40, xy, 16);
	check_value(env, "record printing", OUTPUT_TEXT, &tr, dr,
	            "{ .a = 0, .b = 1, .c = str, .d = (5, 6), .e = { .x = 1, .y = 2 } }\n");
	check_value(env, "record json", OUTPUT_JSON, &tr, dr,
	            "{\"type\": \"value\", \"data\": {\"a\": 0, \"b\": 1, \"c\": \"str\", \"d\": [5,6], "
	            "\"e\": {\"x\": 1, \"y\": 2}}}\n");

	/* print_empty_scalar_record_map: (a=0, b=(0, "")) */
	static const struct type_field fbi[] = { { NULL, &t_i64, 0 }, { NULL, &t_str4, 8 } };
	static const struct type tbi = { .kind = TY_TUPLE, .size = 16, .align = 8, .count = 2, .fields = fbi };
	static const struct type_field fe[] = { { "a", &t_i64, 0 }, { "b", &tbi, 8 } };
	static const struct type te = { .kind = TY_RECORD, .size = 24, .align = 8, .count = 2, .fields = fe };
	uint8_t de[24] = {0};
	check_value(env, "empty record", OUTPUT_TEXT, &te, de, "{ .a = 0, .b = (0, ) }\n");

	/* int x[4] and int y[2][2] */
	static const struct type ta = { .kind = TY_ARRAY, .size = 16, .align = 4, .elem = &t_i32, .count = 4 };
	static const struct type ti2 = { .kind = TY_ARRAY, .size = 8, .align = 4, .elem = &t_i32, .count = 2 };
	static const struct type ta2 = { .kind = TY_ARRAY, .size = 16, .align = 4, .elem = &ti2, .count = 2 };
	int32_t arr[4] = { 1, 2, 3, 4 }, arr2[4] = { 5, 6, 7, 8 };
	check_value(env, "array", OUTPUT_TEXT, &ta, arr, "[1,2,3,4]\n");
	check_value(env, "nested array", OUTPUT_TEXT, &ta2, arr2, "[[5,6],[7,8]]\n");
	check_value(env, "nested array json", OUTPUT_JSON, &ta2, arr2, "{\"type\": \"value\", \"data\": [[5,6],[7,8]]}\n");

	/* struct Foo { int m; int n; } */
	static const struct type_field fs[] = { { "m", &t_i32, 0 }, { "n", &t_i32, 4 } };
	static const struct type ts = { .kind = TY_CSTRUCT, .size = 8, .align = 4, .name = "struct Foo", .count = 2,
		                        .fields = fs };
	int32_t mn[2] = { 2, 3 };
	check_value(env, "struct text", OUTPUT_TEXT, &ts, mn, "{ .m = 2, .n = 3 }\n");
	check_value(env, "print_non_map_struct", OUTPUT_JSON, &ts, mn, "{\"type\": \"value\", \"data\": {\"m\": 2, \"n\": 3}}\n");

	static const struct type terr = { .kind = TY_STRERROR, .size = 4, .align = 4, .is_signed = true };
	int32_t e2big = 7;
	check_value(env, "strerror json", OUTPUT_JSON, &terr, &e2big,
	            "{\"type\": \"value\", \"data\": \"Argument list too long\"}\n");

	/* buf("Hello\0", 6) as a value */
	static const struct type tbuf = { .kind = TY_BUFFER, .size = 12, .align = 4 };
	uint8_t bufv[12] = { 6, 0, 0, 0, 'H', 'e', 'l', 'l', 'o', 0 };
	check_value(env, "buffer text", OUTPUT_TEXT, &tbuf, bufv, "Hello\\x00\n");
	check_value(env, "buffer json", OUTPUT_JSON, &tbuf, bufv, "{\"type\": \"value\", \"data\": [72,101,108,108,111,0]}\n");

	static const struct type tmac = { .kind = TY_MAC, .size = 6, .align = 1 };
	uint8_t mac[6] = { 0x18, 0xc0, 0x4d, 0x08, 0x2e, 0xbb };
	check_value(env, "macaddr", OUTPUT_TEXT, &tmac, mac, "18:C0:4D:08:2E:BB\n");
}

/* ---- printf ----------------------------------------------------------------------------------- */

struct argbuf {
	struct type_field fields[8];
	struct type tuple;
	uint8_t data[256];
	uint32_t off;
};

static void arg(struct argbuf *a, const struct type *t, const void *v)
{
	uint32_t align = t->align ? t->align : 1;
	a->off = (a->off + align - 1) / align * align;
	a->fields[a->tuple.count] = (struct type_field){ NULL, t, a->off };
	memcpy(a->data + a->off, v, t->size);
	a->off += t->size;
	a->tuple.count++;
	a->tuple.kind = TY_TUPLE;
	a->tuple.fields = a->fields;
	a->tuple.size = a->off;
}

static void check_printf(struct env *env, const char *name, enum output_format fmt, const char *format,
                         struct argbuf *a, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct output o = { .f = f, .format = fmt, .ncpus = 1 };
	rt_output_printf(&o, format, a && a->tuple.count ? &a->tuple : NULL, a ? a->data : NULL);
	fclose(f);
	check(&env->r, name, buf, want);
	free(buf);
}

static void test_printf(struct env *env)
{
	struct argbuf a;
	memset(&a, 0, sizeof(a));
	int64_t x = 0x12345678abcdef;
	for (int i = 0; i < 4; i++)
		arg(&a, &t_i64, &x);
	check_printf(env, "length modifiers", OUTPUT_TEXT, "%hhx %hx %x %jx\n", &a, "ef cdef 78abcdef 12345678abcdef\n");

	memset(&a, 0, sizeof(a));
	for (int64_t c = 0x41; c <= 0x44; c++)
		arg(&a, &t_i64, &c);
	check_printf(env, "%c", OUTPUT_TEXT, "%c%c%c%c\n", &a, "ABCD\n");

	memset(&a, 0, sizeof(a));
	char ba[4] = "ba";
	int64_t two = 2;
	arg(&a, &t_str4, ba);
	arg(&a, &t_i64, &two);
	check_printf(env, "width and zero pad", OUTPUT_TEXT, "%5s %04x", &a, "   ba 0002");

	memset(&a, 0, sizeof(a));
	uint64_t m2 = (uint64_t)3 - 5;
	arg(&a, &t_u64, &m2);
	arg(&a, &t_u64, &m2);
	check_printf(env, "signed and unsigned", OUTPUT_TEXT, "%d %lu\n", &a, "-2 18446744073709551614\n");

	memset(&a, 0, sizeof(a));
	char sa[4] = "A", sb[4] = "B", sc[4] = "C";
	arg(&a, &t_str4, sa);
	arg(&a, &t_str4, sb);
	arg(&a, &t_str4, sc);
	check_printf(env, "left align", OUTPUT_TEXT, "%-5s %5s %s\n", &a, "A         B C\n");

	memset(&a, 0, sizeof(a));
	int64_t d1 = 123, d2 = 0775, d3 = 0x123;
	arg(&a, &t_i64, &d1);
	arg(&a, &t_i64, &d2);
	arg(&a, &t_i64, &d3);
	check_printf(env, "octal and hex", OUTPUT_TEXT, "got: %d %o 0x%x\n", &a, "got: 123 775 0x123\n");

	memset(&a, 0, sizeof(a));
	int32_t y = (int32_t)0xddccbbaa;
	arg(&a, &t_i32, &y);
	check_printf(env, "%x of negative int32", OUTPUT_TEXT, "y: %x\n", &a, "y: ddccbbaa\n");

	memset(&a, 0, sizeof(a));
	static const struct type tbuf = { .kind = TY_BUFFER, .size = 12, .align = 4 };
	uint8_t hello[12] = { 6, 0, 0, 0, 'H', 'e', 'l', 'l', 'o', 0 };
	arg(&a, &tbuf, hello);
	check_printf(env, "%rx", OUTPUT_TEXT, "%rx", &a, "\\x48\\x65\\x6c\\x6c\\x6f\\x00");
	check_printf(env, "%rh", OUTPUT_TEXT, "%rh", &a, "48 65 6c 6c 6f 00");
	check_printf(env, "%r", OUTPUT_TEXT, "%r", &a, "Hello\\x00");

	memset(&a, 0, sizeof(a));
	int64_t gfp = 1, gk = 0xcc0;
	arg(&a, &t_i64, &gfp);
	arg(&a, &t_i64, &gk);
	check_printf(env, "%gr", OUTPUT_TEXT, "GFPFlags: %gr %gr\n", &a, "GFPFlags: GFP_DMA GFP_KERNEL\n");

	memset(&a, 0, sizeof(a));
	uint64_t ptr = 1024, sz = 36, ptr2 = 844;
	arg(&a, &t_ptr, &ptr);
	arg(&a, &t_u64, &sz);
	arg(&a, &t_ptr, &ptr2);
	check_printf(env, "pointers as %lu", OUTPUT_TEXT, "%lu - 5 x %lu = %lu\n", &a, "1024 - 5 x 36 = 844\n");

	memset(&a, 0, sizeof(a));
	uint64_t p = 0xffff888012345678ull;
	arg(&a, &t_ptr, &p);
	check_printf(env, "%p", OUTPUT_TEXT, "ptr: %p\n", &a, "ptr: 0xffff888012345678\n");

	memset(&a, 0, sizeof(a));
	int64_t five = 5;
	arg(&a, &t_i64, &five);
	check_printf(env, "printf json", OUTPUT_JSON, "test %d", &a, "{\"type\": \"printf\", \"data\": \"test 5\"}\n");
	check_printf(env, "printf_escaping", OUTPUT_JSON, "test \r \n \t \\ \" bar", NULL,
	             "{\"type\": \"printf\", \"data\": \"test \\r \\n \\t \\\\ \\\" bar\"}\n");
	check_printf(env, "percent", OUTPUT_TEXT, "100%%\n", NULL, "100%\n");

	/* %s of non-strings formats them as text */
	memset(&a, 0, sizeof(a));
	uint8_t tup[16];
	int64_t t1 = 1, t2 = -2;
	memcpy(tup, &t1, 8);
	memcpy(tup + 8, &t2, 8);
	arg(&a, &t_i64_i64, tup);
	arg(&a, &t_i64, &five);
	check_printf(env, "%s of tuple and int", OUTPUT_TEXT, "%s|%-4s|\n", &a, "(1, -2)|5   |\n");
}

int main(void)
{
	struct env env = {0};
	env.ncpus = libbpf_num_possible_cpus();
	if (env.ncpus <= 0) {
		printf("cannot count CPUs\n");
		return 1;
	}
	int probe = bpf_map_create(BPF_MAP_TYPE_HASH, NULL, 8, 8, 1, NULL);
	if (probe < 0) {
		printf("skipped: bpf_map_create not permitted here (%s)\n", strerror(errno));
		return 77;
	}
	close(probe);

	test_hist(&env);
	test_hist_keyed(&env);
	test_lhist(&env);
	test_maps(&env);
	test_aggs(&env);
	test_values(&env);
	test_printf(&env);

	printf("%d passed, %d failed\n", env.r.passed, env.r.failed);
	return env.r.failed ? 1 : 0;
}
