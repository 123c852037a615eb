/* output_test, histograms: hist() and lhist() maps, unkeyed and keyed, filled bucket by bucket
 * over several CPUs and printed as text and JSON (including top, zeroed maps and K/G labels). */
#include "output_test.h"

#include <bpf/bpf.h>
#include <string.h>
#include <unistd.h>

static const struct type t_hist = { .kind = TY_HIST, .size = 8, .align = 8 };
static const struct type t_hist3 = { .kind = TY_HIST, .size = 8, .align = 8, .hist_bits = 3 };

static struct type lhist_type(int64_t min, int64_t max, int64_t step)
{
	return (struct type){ .kind = TY_LHIST, .size = 8, .align = 8, .lh_min = min, .lh_max = max, .lh_step = step };
}

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

	/* lhist(v, 0, 4096, 1024): bounds that are multiples of 1024 print with K */
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

void run_hist_tests(struct env *env)
{
	test_hist(env);
	test_hist_keyed(env);
	test_lhist(env);
}
