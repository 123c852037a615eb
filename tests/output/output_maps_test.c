/* output_test, plain maps and aggregations: scalars, strings, keyed maps and their sort order,
 * tuple and pointer values, and count/sum/min/max/avg/stats summed over per-CPU values. */
#include "output_test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct type t_count = { .kind = TY_COUNT, .size = 8, .align = 8 };
static const struct type t_sum = { .kind = TY_SUM, .size = 8, .align = 8, .is_signed = true };
static const struct type t_min = { .kind = TY_MIN, .size = 16, .align = 8, .is_signed = true };
static const struct type t_max = { .kind = TY_MAX, .size = 16, .align = 8, .is_signed = true };
static const struct type t_avg = { .kind = TY_AVG, .size = 16, .align = 8, .is_signed = true };
static const struct type t_stats = { .kind = TY_STATS, .size = 16, .align = 8, .is_signed = true };

/* ---- Plain maps -------------------------------------------------------------------------------- */

/* Unkeyed maps of ints and strings. */
static void test_maps_scalars(struct env *env)
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
}

/* Keyed maps, and the order their entries print in. */
static void test_maps_keyed(struct env *env)
{
	int64_t five = 5;

	/* @complex[comm, 2] = 5 */
	struct mf_map mc = { .name = "@complex", .storage = MAP_HASH, .key = &t_str_i64, .key_size = 24, .value = &t_i64,
		             .value_size = 8 };
	int fd = new_map(MAP_HASH, 24, 8);
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
}

/* Tuple, pointer and large unsigned values. */
static void test_maps_values(struct env *env)
{
	uint64_t zero = 0;
	int64_t two = 2;

	/* @ = (1, 2, "string", (4, 5)) */
	static const struct type_field f_inner[] = { { NULL, &t_i64, 0 }, { NULL, &t_i64, 8 } };
	static const struct type t_inner = { .kind = TY_TUPLE, .size = 16, .align = 8, .count = 2, .fields = f_inner };
	static const struct type_field f_tup[] = {
		{ NULL, &t_i64, 0 }, { NULL, &t_i64, 8 }, { NULL, &t_str8, 16 }, { NULL, &t_inner, 24 } };
	static const struct type t_tup = { .kind = TY_TUPLE, .size = 40, .align = 8, .count = 4, .fields = f_tup };
	struct mf_map mtu = { .name = "@", .storage = MAP_HASH, .key_size = 8, .value = &t_tup, .value_size = 40 };
	int fd = new_map(MAP_HASH, 8, 40);
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

/* ---- Aggregations ------------------------------------------------------------------------------ */

static void test_aggs_stats(struct env *env)
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
	free(pc);
}

static void test_aggs_avg(struct env *env)
{
	uint64_t zero = 0;

	/* @["a"] = avg(10) ... @["d"] = avg(40); print(@, 2, 10) */
	struct mf_map ma = { .name = "@", .storage = MAP_PERCPU_HASH, .key = &t_str8, .key_size = 8, .value = &t_avg,
		             .value_size = 16 };
	int fd = new_map(MAP_PERCPU_HASH, 8, 16);
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

	/* avg is an integer division: a negative average truncates toward zero (-7 / 2 = -3) */
	struct mf_map mav = { .name = "@", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &t_avg, .value_size = 16 };
	fd = new_map(MAP_PERCPU_HASH, 8, 16);
	struct agg_avg av = { -7, 2 };
	put_percpu(env, fd, &zero, &av, 16);
	check_map(env, "avg negative", OUTPUT_TEXT, &mav, fd, 0, 0, "@: -3\n");
	close(fd);
}

static void test_aggs_count(struct env *env)
{
	/* @[k] = count() spread over CPUs, sorted by count */
	struct mf_map mcnt = { .name = "@", .storage = MAP_PERCPU_HASH, .key = &t_i64, .key_size = 8, .value = &t_count,
		               .value_size = 8 };
	int fd = new_map(MAP_PERCPU_HASH, 8, 8);
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
}

static void test_aggs_min_max_sum(struct env *env)
{
	uint64_t zero = 0;
	size_t stride = 16;
	uint8_t *pc = calloc((size_t)env->ncpus, stride);

	/* min and max: only CPUs with is_set count */
	struct mf_map mmin = { .name = "@min", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &t_min, .value_size = 16 };
	struct mf_map mmax = { .name = "@max", .storage = MAP_PERCPU_HASH, .key_size = 8, .value = &t_max, .value_size = 16 };
	int fmin = new_map(MAP_PERCPU_HASH, 8, 16), fmax = new_map(MAP_PERCPU_HASH, 8, 16);
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
	int fd = new_map(MAP_PERCPU_HASH, 8, 8);
	int64_t sv = -42;
	put_percpu(env, fd, &zero, &sv, 8);
	check_map(env, "sum", OUTPUT_TEXT, &msum, fd, 0, 0, "@s: -42\n");
	close(fd);
	free(pc);
}

void run_maps_tests(struct env *env)
{
	test_maps_scalars(env);
	test_maps_keyed(env);
	test_maps_values(env);
	test_aggs_stats(env);
	test_aggs_avg(env);
	test_aggs_count(env);
	test_aggs_min_max_sum(env);
}
