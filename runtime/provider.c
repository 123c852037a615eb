/* The provider table: which attach-point names map to which provider and attacher, plus the small
 * helpers several providers share (wildcards, counts, CPU lists, perf events). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "runtime/attach/attach.h"

/* runtime/attach/special.c: self:signal probes (declared here, beside the table that uses them). */
extern const struct provider provider_self;
extern const struct attacher attacher_signal;

/* Extra spellings beyond each provider's name and alias: struct provider has room for one alias,
 * so the others are listed here. */
static const struct {
	const char *name;
	const struct provider *p;
} extra_names[] = {
	{"BEGIN", &provider_begin},
	{"END", &provider_end},
	{"kfunc", &provider_fentry},
	{"kretfunc", &provider_fexit},
	{"asyncwatchpoint", &provider_watchpoint},
	{"aw", &provider_watchpoint},
};

static const struct provider *const providers[] = {
	&provider_begin, &provider_end, &provider_tracepoint, &provider_rawtracepoint, &provider_profile,
	&provider_interval, &provider_software, &provider_hardware, &provider_kprobe, &provider_kretprobe,
	&provider_uprobe, &provider_uretprobe, &provider_usdt, &provider_fentry, &provider_fexit,
	&provider_watchpoint, &provider_self,
};

const struct provider *provider_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(providers); i++) {
		const struct provider *p = providers[i];
		if (strcmp(p->name, name) == 0 || (p->alias && strcmp(p->alias, name) == 0))
			return p;
	}
	for (size_t i = 0; i < ARRAY_LEN(extra_names); i++)
		if (strcmp(extra_names[i].name, name) == 0)
			return extra_names[i].p;
	return NULL;
}

void attach_list_push(struct arena *arena, struct attach_list *l, struct mf_attach at)
{
	l->items = arena_grow(arena, l->items, l->count, &l->cap, sizeof(*l->items), 8);
	l->items[l->count++] = at;
}

const struct attacher *attacher_for(enum attach_kind kind)
{
	switch (kind) {
	case ATTACH_BEGIN:
	case ATTACH_END: return &attacher_special;
	case ATTACH_TRACEPOINT: return &attacher_tracepoint;
	case ATTACH_RAWTP: return &attacher_rawtracepoint;
	case ATTACH_PROFILE: return &attacher_profile;
	case ATTACH_INTERVAL: return &attacher_interval;
	case ATTACH_SOFTWARE: return &attacher_software;
	case ATTACH_HARDWARE: return &attacher_hardware;
	case ATTACH_KPROBE: return &attacher_kprobe;
	case ATTACH_KRETPROBE: return &attacher_kretprobe;
	case ATTACH_UPROBE: return &attacher_uprobe;
	case ATTACH_URETPROBE: return &attacher_uretprobe;
	case ATTACH_USDT: return &attacher_usdt;
	case ATTACH_FENTRY: return &attacher_fentry;
	case ATTACH_FEXIT: return &attacher_fexit;
	case ATTACH_WATCHPOINT: return &attacher_watchpoint;
	case ATTACH_SIGNAL: return &attacher_signal;
	case ATTACH_KIND_COUNT: break;
	}
	return NULL;
}

int link_list_push(struct link_list *l, struct bpf_link *link)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct bpf_link **items = realloc(l->items, cap * sizeof(*items));
		if (!items)
			return -1;
		l->items = items;
		l->cap = cap;
	}
	l->items[l->count++] = link;
	return 0;
}

void link_list_destroy(struct link_list *l)
{
	/* Newest first: the reverse of attaching. */
	while (l->count > 0)
		bpf_link__destroy(l->items[--l->count]);
	free(l->items);
	l->items = NULL;
	l->cap = 0;
}

bool spec_has_wildcard(const char *s)
{
	return s && strpbrk(s, "*?[") != NULL;
}

bool parse_count(const char *s, uint64_t *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	/* "1e6": a mantissa and a power of ten, as bpftrace accepts in probe counts. */
	const char *e = strpbrk(s, "eE");
	if (e && strncmp(s, "0x", 2) != 0 && strncmp(s, "0X", 2) != 0) {
		uint64_t m = strtoull(s, &end, 10);
		if (end != e || errno)
			return false;
		uint64_t p = strtoull(e + 1, &end, 10);
		if (*end || errno || p > 19)
			return false;
		while (p--) {
			if (m > UINT64_MAX / 10)
				return false;
			m *= 10;
		}
		*out = m;
		return true;
	}
	if (*s == '-')
		return false;
	*out = strtoull(s, &end, 0);
	return *end == '\0' && errno == 0;
}

char *read_file_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n + 1 < cap)
			break;
		char *nb = realloc(buf, cap * 2);
		if (!nb) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		cap *= 2;
	}
	int saved = errno;
	bool bad = ferror(f);
	fclose(f);
	if (!buf || bad) {
		free(buf);
		errno = bad ? saved : ENOMEM;
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int online_cpus(int **cpus)
{
	char *text = read_file_all("/sys/devices/system/cpu/online", NULL);
	if (!text)
		return -1;
	int n = 0, cap = 0;
	int *v = NULL;
	/* "0-3,5,7-8" */
	for (char *p = text; *p && *p != '\n';) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (end == p)
			break;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (long c = a; c <= b; c++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				int *nv = realloc(v, cap * sizeof(*nv));
				if (!nv) {
					free(v);
					free(text);
					return -1;
				}
				v = nv;
			}
			v[n++] = (int)c;
		}
		p = *end == ',' ? end + 1 : end;
	}
	free(text);
	*cpus = v;
	return n;
}

int attach_perf_event_cpus(struct bpf_program *prog, struct perf_event_attr *attr, pid_t pid, const int *cpus,
                           int ncpus, struct link_list *links, char *err, size_t errlen)
{
	attr->size = sizeof(*attr);
	for (int i = 0; i < ncpus; i++) {
		int fd = (int)syscall(SYS_perf_event_open, attr, pid, cpus[i], -1, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0) {
			snprintf(err, errlen, "perf_event_open on cpu %d failed: %s", cpus[i], strerror(errno));
			return -1;
		}
		struct bpf_link *link = bpf_program__attach_perf_event(prog, fd);
		if (!link) {
			int e = errno;
			close(fd);
			snprintf(err, errlen, "attaching to a perf event on cpu %d failed: %s", cpus[i], strerror(e));
			return -1;
		}
		/* The link owns the perf event fd from here: destroying it closes the fd. */
		if (link_list_push(links, link) < 0) {
			bpf_link__destroy(link);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

int attach_keep(struct link_list *links, struct bpf_link *link, const char *probe_name, char *err, size_t errlen)
{
	if (!link) {
		snprintf(err, errlen, "Unable to attach probe: %s: %s", probe_name, strerror(errno));
		return -1;
	}
	if (link_list_push(links, link) < 0) {
		bpf_link__destroy(link);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
