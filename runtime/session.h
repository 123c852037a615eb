/* Private to runtime/: one run of a compiled program. Everything it holds (object, links, ring
 * buffer, buffers) is released by session_destroy() on every exit path. */
#ifndef SONDE_SESSION_H
#define SONDE_SESSION_H

#include <stdbool.h>

#include <bpf/libbpf.h>

#include "runtime/attach/attach.h"
#include "runtime/output.h"
#include "runtime/runtime.h"

struct session {
	const struct manifest *m;
	const struct rt_options *opts;
	struct diags *diags;
	struct bpf_object *obj;
	struct bpf_program **progs;  /* per manifest program */
	int *map_fds;                /* per manifest map; -1 when the ELF has no such map */
	struct rt_links links;
	struct ring_buffer *rb;
	int lost_fd;                 /* the count of records the ring buffer had no room for; -1: none */
	uint64_t lost;               /* that count as last reported */
	uint64_t lost_discarded;     /* of which lost while output was discarded (benchmarks) */
	struct output out;
	char *log_buf;               /* the verifier log of the program that failed to load */
	size_t log_size;
	libbpf_print_fn_t old_print;
	bool print_set;              /* old_print must be put back */
	struct perf_buffer *pb;      /* skboutput()'s packets, or NULL */
	FILE **pcaps;                /* by event index: the pcap file of each skboutput() call */
	int64_t boot_to_real_ns;     /* CLOCK_REALTIME - CLOCK_BOOTTIME, for packet timestamps */
	struct bpf_link *iter_link;  /* the script's iterator (PT_ITERATOR), run once attached; or NULL */
	const struct mf_attach *iter_at;
	bool exit_requested;         /* exit() seen: later records are dropped until end probes run */
	int exit_code;
	unsigned run_errors;         /* errorf() reports so far (a test that makes one fails) */
	unsigned long long systems_skipped; /* system() records not run: they came after a signal */
};

/* runtime/load.c: opens ELF, sets program types, checks provider availability, loads. Returns 0,
 * or -1 after reporting to the session's diags. */
int rt_session_load(struct session *s, const void *elf, size_t elf_len);
void rt_session_unload(struct session *s);

/* runtime/pcap.c: skboutput()'s files and perf buffer, made once the object is loaded (0, or -1
 * after reporting), and released. */
int rt_pcap_open(struct session *s);
void rt_pcap_close(struct session *s);

/* runtime/session.c: prints every record the ring buffer holds, then any that could not be written. */
void rt_session_drain(struct session *s);

/* runtime/modes.c: --mode test and --mode bench, run once begin has. Return 0 when every test
 * passed (every benchmark ran), 1 when one did not, -1 on an error (reported). */
int rt_run_tests(struct session *s);
int rt_run_benches(struct session *s);

/* runtime/events.c: the ring buffer callback (ctx is the session). */
int rt_session_on_record(void *ctx, void *data, size_t size);
/* Deletes every key (maps that cannot delete, arrays, get zeroed instead) / zeroes every value. */
int rt_session_clear_map(struct session *s, int map_index);
int rt_session_zero_map(struct session *s, int map_index);

#endif
