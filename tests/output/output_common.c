/* The helpers of output_test: the check counter, the types several areas share, and filling real
 * BPF maps (plain, per-CPU, histogram buckets) then printing them through rt_output_map. */
#include "output_test.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void check(struct results *r, const char *name, const char *got, const char *want)
{
	if (strcmp(got ? got : "", want) == 0) {
		r->passed++;
		return;
	}
	r->failed++;
	printf("FAIL %s\n--- want\n%s--- got\n%s---\n", name, want, got ? got : "(null)");
}

/* ---- Types ------------------------------------------------------------------------------------ */

const struct type t_i64 = { .kind = TY_INT, .size = 8, .align = 8, .is_signed = true };
const struct type t_u64 = { .kind = TY_INT, .size = 8, .align = 8 };
const struct type t_i32 = { .kind = TY_INT, .size = 4, .align = 4, .is_signed = true };
const struct type t_i16 = { .kind = TY_INT, .size = 2, .align = 2, .is_signed = true };
const struct type t_str16 = { .kind = TY_STRING, .size = 16, .align = 1 };
const struct type t_str8 = { .kind = TY_STRING, .size = 8, .align = 1 };
const struct type t_str4 = { .kind = TY_STRING, .size = 4, .align = 1 };
const struct type t_ptr = { .kind = TY_PTR, .size = 8, .align = 8, .elem = &t_i16 };

/* (string[16], int64) */
static const struct type_field f_str_i64[] = { { NULL, &t_str16, 0 }, { NULL, &t_i64, 16 } };
const struct type t_str_i64 = { .kind = TY_TUPLE, .size = 24, .align = 8, .count = 2, .fields = f_str_i64 };
/* (int64, int64) */
static const struct type_field f_i64_i64[] = { { NULL, &t_i64, 0 }, { NULL, &t_i64, 8 } };
const struct type t_i64_i64 = { .kind = TY_TUPLE, .size = 16, .align = 8, .count = 2, .fields = f_i64_i64 };

/* ---- Maps ------------------------------------------------------------------------------------- */

int new_map(enum mf_map_storage st, uint32_t key_size, uint32_t value_size)
{
	enum bpf_map_type t = st == MAP_PERCPU_HASH ? BPF_MAP_TYPE_PERCPU_HASH : BPF_MAP_TYPE_HASH;
	int fd = bpf_map_create(t, NULL, key_size, value_size, 1024, NULL);
	if (fd < 0) {
		fprintf(stderr, "bpf_map_create: %s\n", strerror(errno));
		exit(1);
	}
	return fd;
}

/* Per-CPU maps: VALUE goes to CPU 0 and the other CPUs get zeroes. */
void put_percpu(const struct env *env, int fd, const void *key, const void *value, uint32_t vsize)
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

void put(int fd, const void *key, const void *value)
{
	if (bpf_map_update_elem(fd, key, value, BPF_ANY) != 0) {
		fprintf(stderr, "update: %s\n", strerror(errno));
		exit(1);
	}
}

/* Adds COUNT to bucket IDX of the histogram at user key UKEY (UKLEN bytes) in a per-CPU map,
 * on CPU (IDX % ncpus) so that buckets come from several CPUs. */
void hist_add(const struct env *env, int fd, const void *ukey, size_t uklen, uint64_t idx, uint64_t count)
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
uint64_t hist_index(int64_t v, uint32_t k)
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

uint64_t lhist_index(int64_t v, int64_t min, int64_t max, int64_t step)
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

void check_map(struct env *env, const char *name, enum output_format fmt, const struct mf_map *m, int fd,
               uint64_t top, uint64_t div, const char *want)
{
	char *got = print_map(env, fmt, m, fd, top, div);
	check(&env->r, name, got, want);
	free(got);
}
