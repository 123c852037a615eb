/* The small helpers several probe-type records share: links, wildcards, counts, CPU lists, perf
 * events. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <bpf/btf.h>

#include "runtime/attach/attach.h"

int rt_links_push(struct rt_links *l, struct bpf_link *link)
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

/* Releasing a perf-event link waits for an RCU grace period in the kernel (tens of ms); released
 * one after another, 350 tracepoints take half a minute. Waits on separate threads overlap, so many
 * links are released by a pool of threads, each taking every Nth link. */
#define RELEASE_THREADS 64

struct release_slice {
	struct rt_links *l;
	size_t first, step;
};

static void *release_slice(void *arg)
{
	struct release_slice *r = arg;
	for (size_t i = r->first; i < r->l->count; i += r->step)
		bpf_link__destroy(r->l->items[i]);
	return NULL;
}

int rt_links_push_fd(struct rt_links *l, int fd)
{
	if (l->nfds == l->fds_cap) {
		size_t cap = l->fds_cap ? l->fds_cap * 2 : 4;
		int *fds = realloc(l->fds, cap * sizeof(*fds));
		if (!fds) {
			close(fd);
			return -1;
		}
		l->fds = fds;
		l->fds_cap = cap;
	}
	l->fds[l->nfds++] = fd;
	return 0;
}

void rt_links_destroy(struct rt_links *l)
{
	for (size_t i = l->nfds; i-- > 0;)
		close(l->fds[i]);
	free(l->fds);
	l->fds = NULL;
	l->nfds = l->fds_cap = 0;
	size_t nthreads = l->count / 4 < RELEASE_THREADS ? l->count / 4 : RELEASE_THREADS;
	pthread_t threads[RELEASE_THREADS];
	struct release_slice slices[RELEASE_THREADS];
	size_t started = 0;
	for (; started < nthreads; started++) {
		slices[started] = (struct release_slice){l, started, nthreads};
		if (pthread_create(&threads[started], NULL, release_slice, &slices[started]) != 0)
			break;
	}
	/* What no thread took (few links, or threads that could not start): here, newest first. */
	for (size_t i = l->count; i-- > 0;)
		if (nthreads == 0 || i % nthreads >= started)
			bpf_link__destroy(l->items[i]);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	l->count = 0;
	free(l->items);
	l->items = NULL;
	l->cap = 0;
}

bool rt_kernel_has_struct(const char *name)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	bool yes = vmlinux && btf__find_by_name_kind(vmlinux, name, BTF_KIND_STRUCT) > 0;
	btf__free(vmlinux);
	return yes;
}

bool rt_spec_has_wildcard(const char *s)
{
	return s && strpbrk(s, "*?[") != NULL;
}

bool rt_parse_count(const char *s, uint64_t *out)
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

char *rt_read_file_all(const char *path, size_t *len)
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

int rt_online_cpus(int **cpus)
{
	char *text = rt_read_file_all("/sys/devices/system/cpu/online", NULL);
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

int rt_attach_perf_event_cpus(struct bpf_program *prog, struct perf_event_attr *attr, uint64_t cookie, pid_t pid,
                              const int *cpus, int ncpus, struct rt_links *links, char *err, size_t errlen)
{
	attr->size = sizeof(*attr);
	attr->inherit = pid > 0;   /* a process's events include those of the children it starts */
	for (int i = 0; i < ncpus; i++) {
		int fd = (int)syscall(SYS_perf_event_open, attr, pid, cpus[i], -1, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0) {
			snprintf(err, errlen, "perf_event_open on cpu %d failed: %s", cpus[i], strerror(errno));
			return -1;
		}
		LIBBPF_OPTS(bpf_perf_event_opts, o, .bpf_cookie = cookie);
		struct bpf_link *link = bpf_program__attach_perf_event_opts(prog, fd, &o);
		if (!link) {
			int e = errno;
			close(fd);
			snprintf(err, errlen, "attaching to a perf event on cpu %d failed: %s", cpus[i], strerror(e));
			return -1;
		}
		/* The link owns the perf event fd from here: destroying it closes the fd. */
		if (rt_links_push(links, link) < 0) {
			bpf_link__destroy(link);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

int rt_set_btf_target(struct bpf_program *prog, const struct mf_attach *at, char *err, size_t errlen)
{
	int rc = bpf_program__set_attach_target(prog, 0, at->func);
	if (rc < 0)
		snprintf(err, errlen, "Unable to attach probe: %s: cannot set its target: %s", at->probe_name,
		         strerror(-rc));
	return rc < 0 ? -1 : 0;
}

int rt_attach_keep(struct rt_links *links, struct bpf_link *link, const char *probe_name, char *err, size_t errlen)
{
	if (!link) {
		snprintf(err, errlen, "Unable to attach probe: %s: %s", probe_name, strerror(errno));
		return -1;
	}
	if (rt_links_push(links, link) < 0) {
		bpf_link__destroy(link);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
