/* skboutput()'s pcap files: each is created when the run starts (raw IP link type, as bpftrace
 * writes them), and every packet bpf_skb_output sends through the perf event array is appended
 * to its call's file, stamped with wall-clock time, the call's offset left out. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/libbpf.h>

#include "runtime/session.h"

#define PCAP_MAGIC 0xa1b2c3d4u   /* microsecond timestamps, in the writer's byte order */
#define PCAP_LINKTYPE_RAW 101u    /* packets start at their IP header */
#define PCAP_SNAPLEN 65535u
#define PERF_PAGES 64             /* per CPU, a power of two */

struct pcap_record {
	uint32_t ts_sec, ts_usec, incl_len, orig_len;
};

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* A sample: the event index, nsecs since boot and the length (the record cg_event_open made),
 * then the packet's bytes. */
static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct session *s = ctx;
	uint64_t meta[3];
	if (size < sizeof(meta))
		return;
	memcpy(meta, data, sizeof(meta));
	if (meta[0] >= s->m->nevents || !s->pcaps[meta[0]] || meta[2] > size - sizeof(meta))
		return;
	const struct mf_event *ev = &s->m->events[meta[0]];
	uint64_t skip = ev->value < meta[2] ? ev->value : meta[2];
	uint64_t len = meta[2] - skip;
	int64_t wall = (int64_t)meta[1] + s->boot_to_real_ns;
	struct pcap_record r = {(uint32_t)(wall / 1000000000), (uint32_t)(wall % 1000000000 / 1000),
	                        (uint32_t)(len < PCAP_SNAPLEN ? len : PCAP_SNAPLEN), (uint32_t)len};
	FILE *f = s->pcaps[meta[0]];
	fwrite(&r, sizeof(r), 1, f);
	fwrite((const uint8_t *)data + sizeof(meta) + skip, 1, r.incl_len, f);
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	fprintf(stderr, "WARNING: skboutput lost %llu packets on CPU %d: the perf buffer was full\n",
	        (unsigned long long)n, cpu);
}

/* The file PATH, created with its pcap header, shared by every call that names it. */
static FILE *open_pcap(struct session *s, size_t upto, const char *path)
{
	for (size_t i = 0; i < upto; i++)
		if (s->pcaps[i] && s->m->events[i].kind == EV_SKB_OUTPUT && strcmp(s->m->events[i].fmt, path) == 0)
			return s->pcaps[i];
	FILE *f = fopen(path, "wb");
	if (!f)
		return NULL;
	struct {
		uint32_t magic;
		uint16_t major, minor;
		int32_t zone;
		uint32_t sigfigs, snaplen, linktype;
	} head = {PCAP_MAGIC, 2, 4, 0, 0, PCAP_SNAPLEN, PCAP_LINKTYPE_RAW};
	fwrite(&head, sizeof(head), 1, f);
	fflush(f);
	return f;
}

int rt_pcap_open(struct session *s)
{
	bool any = false;
	for (size_t i = 0; i < s->m->nevents; i++)
		any |= s->m->events[i].kind == EV_SKB_OUTPUT;
	struct bpf_map *map = any ? bpf_object__find_map_by_name(s->obj, MF_SKB_EVENTS_MAP) : NULL;
	if (!map)
		return 0;
	s->pcaps = calloc(s->m->nevents, sizeof(*s->pcaps));
	if (!s->pcaps)
		return -1;
	for (size_t i = 0; i < s->m->nevents; i++) {
		if (s->m->events[i].kind != EV_SKB_OUTPUT)
			continue;
		if (!(s->pcaps[i] = open_pcap(s, i, s->m->events[i].fmt))) {
			diag_plain_error(s->diags, "cannot create the pcap file %s: %s", s->m->events[i].fmt, strerror(errno));
			return -1;
		}
	}
	s->boot_to_real_ns = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
	s->pb = perf_buffer__new(bpf_map__fd(map), PERF_PAGES, on_sample, on_lost, s, NULL);
	if (!s->pb) {
		diag_plain_error(s->diags, "cannot set up skboutput's perf buffer: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void rt_pcap_close(struct session *s)
{
	perf_buffer__free(s->pb);   /* NULL-safe */
	s->pb = NULL;
	for (size_t i = 0; s->pcaps && i < s->m->nevents; i++) {
		if (!s->pcaps[i])
			continue;
		FILE *f = s->pcaps[i];
		fclose(f);
		for (size_t j = i; j < s->m->nevents; j++)   /* calls sharing the file */
			if (s->pcaps[j] == f)
				s->pcaps[j] = NULL;
	}
	free(s->pcaps);
	s->pcaps = NULL;
}
