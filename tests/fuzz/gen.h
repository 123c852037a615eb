/* A generator of well-typed bpftrace programs for fuzz_generate: the fuzzer's bytes are its
 * choices (probes, maps, aggregations, strings, loops, casts, tuples and every builtin of the
 * registry), so coverage guides what it writes. */
#ifndef SONDE_TESTS_FUZZ_GEN_H
#define SONDE_TESTS_FUZZ_GEN_H

#include <stddef.h>
#include <stdint.h>

/* The program DATA chooses, NUL-terminated, its length in *LEN; malloc()ed, NULL when out of memory. */
char *gen_program(const uint8_t *data, size_t size, size_t *len);

#endif
