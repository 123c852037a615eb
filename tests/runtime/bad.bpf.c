/* A program the verifier must refuse (a read through an unchecked pointer), to test how a load
 * failure is reported. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} smk_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u64);
	__type(value, __u64);
} smk_bad_map SEC(".maps");

SEC("raw_tp")
int smk_bad(void *ctx)
{
	__u64 key = 0;
	__u64 *v = bpf_map_lookup_elem(&smk_bad_map, &key);
	return (int)*v;   /* no NULL check */
}
