/* Private to runtime/: what the probe-type records in runtime/attach/ share (each record is one
 * `const struct probe_type probe_type_NAME`, core/probe_type.h, listed in probe_types.c). */
#ifndef SONDE_ATTACH_H
#define SONDE_ATTACH_H

#include <stdbool.h>
#include <stddef.h>

#include <sys/types.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>

#include "runtime/runtime.h"

/* The links one run holds; every one is destroyed on every exit path. */
struct rt_links {
	struct bpf_link **items;
	size_t count, cap;
	int *fds;            /* links made with bpf(2) itself, where libbpf has no call for them */
	size_t nfds, fds_cap;
};

/* Returns 0, or -1 with errno set (allocation failure). */
int rt_links_push(struct rt_links *l, struct bpf_link *link);
/* Keeps link FD (closed with the rest); on failure closes it and returns -1. */
int rt_links_push_fd(struct rt_links *l, int fd);
void rt_links_destroy(struct rt_links *l);

/* The tracefs events whose category and name match CAT_PAT and NAME_PAT, in sorted order. */
void rt_each_tracepoint(const char *cat_pat, const char *name_pat,
                        void (*cb)(void *ctx, const char *cat, const char *name), void *ctx);
/* Calls CB for each traceable kernel function ("fn", module or NULL) in FILE (NULL: tracefs's
 * available_filter_functions), leaving out what cannot be probed (.part. clones) and what is
 * known to hang or crash the kernel when traced; -1 if unreadable. */
int rt_each_traceable(const char *file, void (*cb)(void *ctx, const char *fn, const char *mod), void *ctx);

/* ---- shared helpers (runtime/provider.c, runtime/tracefs.c) ---- */

/* Whether the kernel's BTF has struct NAME: how a link type is known to exist
 * ("bpf_kprobe_multi_link"). */
bool rt_kernel_has_struct(const char *name);
/* Mounts tracefs at /sys/kernel/tracing when it is not mounted; returns its path or NULL. */
const char *rt_tracefs_path(void);

/* True when S has a shell wildcard (* ? [). */
bool rt_spec_has_wildcard(const char *s);
/* Parses a count such as "100", "0x10", "1e6" or "1000000"; false if S is not one. */
bool rt_parse_count(const char *s, uint64_t *out);
/* The online CPUs as a list (from /sys/devices/system/cpu/online). Returns the count, or -1. The
 * caller frees *CPUS. */
int rt_online_cpus(int **cpus);
/* Reads a whole file (NUL-terminated, malloc'd); NULL with errno on failure. */
char *rt_read_file_all(const char *path, size_t *len);
/* Opens a perf event on each of NCPUS cpus and attaches PROG to it with COOKIE. */
int rt_attach_perf_event_cpus(struct bpf_program *prog, struct perf_event_attr *attr, uint64_t cookie, pid_t pid,
                              const int *cpus, int ncpus, struct rt_links *links, char *err, size_t errlen);

/* The parameters of BTF function prototype PROTO after the first SKIP, as `args` fields of a u64
 * array context. Returns 0, or -1 when PROTO is no prototype. */
struct btf;
int rt_btf_proto_args(const struct btf *btf, uint32_t proto, unsigned skip, struct arena *arena,
                      struct probe_arg **out, size_t *nout);
/* PROTO's return value as the slot after its arguments; -1 when it returns void. */
int rt_btf_proto_retval(const struct btf *btf, uint32_t proto, struct arena *arena, struct probe_arg *out);

/* A tracing program's target: AT's function, looked up by libbpf in vmlinux and module BTF (with
 * the prefix its attach type implies). Returns 0, or -1 with ERR. */
int rt_set_btf_target(struct bpf_program *prog, const struct mf_attach *at, char *err, size_t errlen);

/* Keeps LINK in LINKS; a NULL LINK (libbpf failed, errno set) becomes an error naming PROBE_NAME. */
int rt_attach_keep(struct rt_links *links, struct bpf_link *link, const char *probe_name, char *err, size_t errlen);

/* The records, one per probe type, each defined in its file here; probe_types.c lists them. */
extern const struct probe_type rt_probe_type_begin, rt_probe_type_end, rt_probe_type_self, rt_probe_type_test,
	rt_probe_type_bench, rt_probe_type_tracepoint,
	rt_probe_type_rawtracepoint, rt_probe_type_profile, rt_probe_type_interval, rt_probe_type_software, rt_probe_type_hardware,
	rt_probe_type_kprobe, rt_probe_type_kretprobe, rt_probe_type_uprobe, rt_probe_type_uretprobe, rt_probe_type_usdt,
	rt_probe_type_fentry, rt_probe_type_fexit, rt_probe_type_iter, rt_probe_type_watchpoint;

#endif
