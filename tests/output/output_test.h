/* Shared by the files of the output_test executable: the result counter, the test environment,
 * the types several areas print, and the helpers that fill real BPF maps and compare what the
 * runtime's printers write (output_common.c). Each area file exports one run_*_tests(). */
#ifndef SONDE_OUTPUT_TEST_H
#define SONDE_OUTPUT_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "runtime/output.h"

struct results {
	int passed, failed;
};

struct env {
	int ncpus;
	struct results r;
};

extern const struct type t_i64, t_u64, t_i32, t_i16, t_str16, t_str8, t_str4, t_ptr;
/* (string[16], int64) */
extern const struct type t_str_i64;
/* (int64, int64) */
extern const struct type t_i64_i64;

void check(struct results *r, const char *name, const char *got, const char *want);

int new_map(enum mf_map_storage st, uint32_t key_size, uint32_t value_size);
void put_percpu(const struct env *env, int fd, const void *key, const void *value, uint32_t vsize);
void put(int fd, const void *key, const void *value);
void hist_add(const struct env *env, int fd, const void *ukey, size_t uklen, uint64_t idx, uint64_t count);
uint64_t hist_index(int64_t v, uint32_t k);
uint64_t lhist_index(int64_t v, int64_t min, int64_t max, int64_t step);
void check_map(struct env *env, const char *name, enum output_format fmt, const struct mf_map *m, int fd,
               uint64_t top, uint64_t div, const char *want);

void run_hist_tests(struct env *env);
void run_maps_tests(struct env *env);
void run_values_tests(struct env *env);
void run_printf_tests(struct env *env);

#endif
