/* The BPF objects a test needs to see, without creating any (bpftool loads an iterator program
 * to name owners, which other tests would then see come and go). lib.sh builds it and decides
 * what counts as left behind; this program only observes:
 *   bpf_objects list             every prog, map, link and btf id alive on the machine
 *   bpf_objects held [PID]       "KIND ID PID" for each id an open fd of PID (or of any process) holds
 *   bpf_objects watch PID DIR    sample PID's fds every 2 ms until it exits, then write DIR/seen
 *                                (ids PID held), DIR/at_exit (ids alive right after) and DIR/done
 * Lines are "KIND ID", KIND one of prog, map, link, btf. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	const char *kind;   /* as printed */
	const char *field;  /* fdinfo line naming the id */
	int next_cmd;       /* BPF_*_GET_NEXT_ID */
} kinds[] = {
	{"prog", "prog_id:", BPF_PROG_GET_NEXT_ID},
	{"map", "map_id:", BPF_MAP_GET_NEXT_ID},
	{"link", "link_id:", BPF_LINK_GET_NEXT_ID},
	{"btf", "btf_id:", BPF_BTF_GET_NEXT_ID},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* A small set of (kind, id) pairs: a traced process holds tens of objects, not thousands. */
struct idset {
	struct { int kind; unsigned id; } *v;
	size_t n, cap;
};

static void idset_add(struct idset *s, int kind, unsigned id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind == kind && s->v[i].id == id)
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (!s->v) {
			perror("realloc");
			exit(2);
		}
	}
	s->v[s->n].kind = kind;
	s->v[s->n].id = id;
	s->n++;
}

static int list(FILE *out)
{
	for (size_t k = 0; k < NKINDS; k++) {
		union bpf_attr attr;
		unsigned id = 0;
		for (;;) {
			memset(&attr, 0, sizeof attr);
			attr.start_id = id;
			if (syscall(__NR_bpf, kinds[k].next_cmd, &attr, sizeof attr) < 0) {
				if (errno == ENOENT)
					break;
				fprintf(stderr, "bpf_objects: listing %s ids: %s\n", kinds[k].kind, strerror(errno));
				return 1;
			}
			id = attr.next_id;
			fprintf(out, "%s %u\n", kinds[k].kind, id);
		}
	}
	return 0;
}

/* Adds the ids named in one fdinfo file (a link names its program too). */
static void scan_fdinfo(int dirfd, const char *name, struct idset *s)
{
	char buf[4096];
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t len = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (len <= 0)
		return;
	buf[len] = '\0';
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		for (size_t k = 0; k < NKINDS; k++)
			if (!strncmp(line, kinds[k].field, strlen(kinds[k].field)))
				idset_add(s, (int)k, (unsigned)strtoul(line + strlen(kinds[k].field), NULL, 10));
}

/* Adds what the open fds of PID hold; a process gone meanwhile adds nothing. */
static void scan_pid(const char *pid, struct idset *s)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%s/fdinfo", pid);
	DIR *d = opendir(path);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));)
		if (e->d_name[0] != '.')
			scan_fdinfo(dirfd(d), e->d_name, s);
	closedir(d);
}

static void print_set(FILE *out, const struct idset *s, const char *suffix)
{
	for (size_t i = 0; i < s->n; i++)
		fprintf(out, "%s %u%s\n", kinds[s->v[i].kind].kind, s->v[i].id, suffix);
}

static void held_by(const char *pid)
{
	char suffix[24];
	struct idset s = {0};
	scan_pid(pid, &s);
	snprintf(suffix, sizeof suffix, " %s", pid);
	print_set(stdout, &s, suffix);
	free(s.v);
}

static int held(const char *only_pid)
{
	if (only_pid) {
		held_by(only_pid);
		return 0;
	}
	DIR *proc = opendir("/proc");
	if (!proc) {
		perror("/proc");
		return 1;
	}
	char self[16];
	snprintf(self, sizeof self, "%d", getpid());
	for (struct dirent *e; (e = readdir(proc));)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && strcmp(e->d_name, self))
			held_by(e->d_name);
	closedir(proc);
	return 0;
}

static int write_file(const char *dir, const char *name, int (*fill)(FILE *, const struct idset *),
		      const struct idset *s)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	int rc = fill(f, s);
	return fclose(f) || rc;
}

static int fill_set(FILE *f, const struct idset *s)
{
	print_set(f, s, "");
	return 0;
}

static int fill_list(FILE *f, const struct idset *s)
{
	(void)s;
	return list(f);
}

/* The watched process may be stopped by the test (timeout signals its whole process group, a
 * test may SIGKILL it): the watcher leaves that group and ignores the usual signals, so that it
 * always reports. A pidfd says when PID has exited (its fds are closed by then). */
static int watch(const char *pid, const char *dir)
{
	setpgid(0, 0);
	for (int sig = 1; sig < 32; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD)
			signal(sig, SIG_IGN);
	int pidfd = (int)syscall(SYS_pidfd_open, atoi(pid), 0);
	if (pidfd < 0 && errno != ESRCH) {   /* ESRCH: gone already, nothing to sample */
		perror("pidfd_open");
		return 1;
	}
	struct idset seen = {0};
	struct pollfd p = {.fd = pidfd, .events = POLLIN};
	while (pidfd >= 0) {
		scan_pid(pid, &seen);
		if (poll(&p, 1, 2) != 0)
			break;
	}
	int rc = write_file(dir, "seen", fill_set, &seen) | write_file(dir, "at_exit", fill_list, NULL) |
		 write_file(dir, "done", fill_set, &(struct idset){0});
	free(seen.v);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "list"))
		return list(stdout);
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "held"))
		return held(argc == 3 ? argv[2] : NULL);
	if (argc == 4 && !strcmp(argv[1], "watch"))
		return watch(argv[2], argv[3]);
	fprintf(stderr, "usage: bpf_objects list | held [PID] | watch PID DIR\n");
	return 2;
}
