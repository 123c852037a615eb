/* A hand-written stand-in for codegen's output, to test the runtime alone: the record layout is
 * the manifest's (u64 event index, then the payload). Events: 0 "begin %d\n", 1 "kill %d\n",
 * 2 exit(code), 3 "end\n", 4 "tick %d\n". */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} smk_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u64);
	__type(value, __u64);
} smk_calls SEC(".maps");

struct rec {
	__u64 ev;
	__u64 val;
};

#define MAGIC_PID 999999   /* the test's child signals this pid, which does not exist */

static void emit(__u64 ev, __u64 val)
{
	struct rec r = {ev, val};
	bpf_ringbuf_output(&smk_events, &r, sizeof(r), 0);
}

SEC("raw_tp")
int smk_begin(void *ctx)
{
	emit(0, 42);
	return 0;
}

struct kill_args {
	__u64 common;
	int nr;
	long pid;
	long sig;
};

SEC("tracepoint/syscalls/sys_enter_kill")
int smk_kill(struct kill_args *a)
{
	if (a->pid != MAGIC_PID || a->sig != 0)
		return 0;
	__u64 key = 0, one = 1, *n = bpf_map_lookup_elem(&smk_calls, &key);
	if (!n) {
		bpf_map_update_elem(&smk_calls, &key, &one, BPF_NOEXIST);
		emit(1, 1);
		return 0;
	}
	if (*n >= 3)
		return 0;
	__u64 c = __sync_add_and_fetch(n, 1);
	emit(1, c);
	if (c == 3)
		emit(2, 7);   /* exit(7) */
	return 0;
}

SEC("raw_tp")
int smk_end(void *ctx)
{
	emit(3, 0);
	return 0;
}

SEC("perf_event")
int smk_tick(void *ctx)
{
	__u64 key = 1, one = 1, *n = bpf_map_lookup_elem(&smk_calls, &key);
	if (!n) {
		bpf_map_update_elem(&smk_calls, &key, &one, BPF_NOEXIST);
		emit(4, 1);
		return 0;
	}
	__u64 c = __sync_add_and_fetch(n, 1);
	if (c <= 2)
		emit(4, c);
	if (c == 2)
		emit(2, 0);
	return 0;
}
