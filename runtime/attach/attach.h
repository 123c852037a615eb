/* Private to runtime/: what each provider file offers besides runtime.h's expand/args: the program
 * type its probes load as, the order they must be attached in, and the attach itself. */
#ifndef SONDE_ATTACH_H
#define SONDE_ATTACH_H

#include <stdbool.h>
#include <stddef.h>

#include <sys/types.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>

#include "runtime/runtime.h"

/* The links one run holds; every one is destroyed on every exit path. */
struct link_list {
	struct bpf_link **items;
	size_t count, cap;
};

/* Returns 0, or -1 with errno set (allocation failure). */
int link_list_push(struct link_list *l, struct bpf_link *link);
void link_list_destroy(struct link_list *l);

struct attacher {
	enum attach_kind kind;
	enum bpf_prog_type prog_type;        /* set before load so any section name works */
	/* The kernel runs several programs on one hook in attach order for some hooks and in reverse
	 * for others; reversed kinds are attached last-declared-first so probes fire in script order. */
	bool reverse;
	/* Checked before load: NULL, or a reason this kind cannot work on this kernel. */
	const char *(*unavailable)(void);
	/* Attaches PROG at AT, appending every link made to LINKS. Returns 0, or -1 with ERR. */
	int (*attach)(struct bpf_program *prog, const struct mf_attach *at, struct link_list *links, char *err,
	              size_t errlen);
};

const struct attacher *attacher_for(enum attach_kind kind);

/* ---- shared helpers (runtime/provider.c, runtime/tracefs.c) ---- */

/* True when S has a shell wildcard (* ? [). */
bool spec_has_wildcard(const char *s);
/* Parses a count such as "100", "0x10", "1e6" or "1000000"; false if S is not one. */
bool parse_count(const char *s, uint64_t *out);
/* The online CPUs as a list (from /sys/devices/system/cpu/online). Returns the count, or -1. The
 * caller frees *CPUS. */
int online_cpus(int **cpus);
/* Reads a whole file (NUL-terminated, malloc'd); NULL with errno on failure. */
char *read_file_all(const char *path, size_t *len);
/* Opens a perf event on each of NCPUS cpus and attaches PROG to it. */
int attach_perf_event_cpus(struct bpf_program *prog, struct perf_event_attr *attr, pid_t pid, const int *cpus,
                           int ncpus, struct link_list *links, char *err, size_t errlen);

/* Keeps LINK in LINKS; a NULL LINK (libbpf failed, errno set) becomes an error naming PROBE_NAME. */
int attach_keep(struct link_list *links, struct bpf_link *link, const char *probe_name, char *err, size_t errlen);

/* Provider records, defined one per file in runtime/attach/. */
extern const struct provider provider_begin, provider_end, provider_tracepoint, provider_rawtracepoint,
	provider_profile, provider_interval, provider_software, provider_hardware, provider_kprobe,
	provider_kretprobe, provider_uprobe, provider_uretprobe, provider_usdt, provider_fentry, provider_fexit,
	provider_watchpoint;
extern const struct attacher attacher_special, attacher_tracepoint, attacher_rawtracepoint, attacher_profile,
	attacher_interval, attacher_software, attacher_hardware, attacher_kprobe, attacher_kretprobe,
	attacher_uprobe, attacher_uretprobe, attacher_usdt, attacher_fentry, attacher_fexit, attacher_watchpoint;

#endif
