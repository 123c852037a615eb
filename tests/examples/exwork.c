/* The workload examples_test.sh traces: each mode makes a known number of known events (system
 * calls, page faults, threads, TCP connections, signals...) so a tool's output can be checked
 * against what was done. Its comm is "exwork". Usage: exwork MODE [ARGS...]; see usage().
 * Modes that need a number from it (a port, a syscall number) print it on stdout. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int usage(void)
{
	fprintf(stderr, "usage: exwork getppid N | tcp BYTES | retrans | threads N | forks N |\n"
			"              faults PAGES | futex N MS | malloc N SIZE |\n"
			"              alloc MB | signals N\n");
	return 2;
}

static long arg_num(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	return *end ? -1 : v;
}

/* A TCP listener on 127.0.0.1 and an ephemeral port; the port is printed on stdout. */
static int listener(int backlog, int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, backlog) ||
	    getsockname(fd, (struct sockaddr *)&a, &len))
		return -1;
	*port = ntohs(a.sin_port);
	printf("%d\n", *port);
	fflush(stdout);
	return fd;
}

static int connect_to(int port, int flags)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, SOCK_STREAM | flags, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One connection that carries BYTES from the client to the server, then closes both ends. */
static int do_tcp(long bytes)
{
	int port, lfd = listener(8, &port);
	int cfd = lfd < 0 ? -1 : connect_to(port, 0);
	int sfd = cfd < 0 ? -1 : accept(lfd, NULL, NULL);
	if (sfd < 0)
		return 1;
	static char buf[65536];
	for (long sent = 0; sent < bytes;) {
		size_t n = bytes - sent < (long)sizeof(buf) ? (size_t)(bytes - sent) : sizeof(buf);
		ssize_t w = write(cfd, buf, n);
		if (w <= 0)
			return 1;
		sent += w;
		for (ssize_t got = 0; got < w;) {
			ssize_t r = read(sfd, buf, sizeof(buf));
			if (r <= 0)
				return 1;
			got += r;
		}
	}
	close(cfd);
	usleep(50000);
	close(sfd);
	close(lfd);
	usleep(50000);
	return 0;
}

/* A listener whose accept queue is full (backlog 0, one connection never accepted) drops the next
 * SYN, so the second client retransmits it after the 1 s initial RTO. */
static int do_retrans(void)
{
	int port, lfd = listener(0, &port);
	int first = lfd < 0 ? -1 : connect_to(port, 0);
	usleep(100000);
	int second = first < 0 ? -1 : connect_to(port, SOCK_NONBLOCK);
	if (second < 0)
		return 1;
	sleep(2);
	close(second);
	close(first);
	close(lfd);
	return 0;
}

static void *thread_main(void *arg)
{
	usleep(20000);
	return arg;
}

static int do_threads(long n)
{
	pthread_t t[64];
	if (n > 64)
		n = 64;
	for (long i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, thread_main, NULL))
			return 1;
	for (long i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}

static int do_forks(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		if (p < 0)
			return 1;
		if (p == 0)
			_exit(0);
		waitpid(p, NULL, 0);
	}
	return 0;
}

/* Maps PAGES fresh anonymous pages and writes one byte in each: one user page fault per page. */
static int do_faults(long pages)
{
	long psz = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, pages * psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	for (long i = 0; i < pages; i++)
		((volatile char *)p)[i * psz] = 1;
	munmap(p, pages * psz);
	return 0;
}

/* N FUTEX_WAITs on a word nobody wakes, each timing out after MS milliseconds. */
static int do_futex(long n, long ms)
{
	static uint32_t word;
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
	for (long i = 0; i < n; i++)
		if (syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0) == 0)
			return 1;
	return 0;
}

static int do_malloc(long n, long size)
{
	for (long i = 0; i < n; i++) {
		volatile char *p = malloc(size);
		if (!p)
			return 1;
		p[0] = 1;
		free((void *)p);
	}
	return 0;
}

/* Touches MB megabytes one page at a time: in a small memory cgroup this ends in an OOM kill. */
static int do_alloc(long mb)
{
	for (long i = 0; i < mb; i++) {
		char *p = malloc(1 << 20);
		if (!p)
			return 1;
		memset(p, 1, 1 << 20);
	}
	return 0;
}

static volatile sig_atomic_t caught;
static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

/* Sends itself SIGUSR1 N times with kill(2) and handles each one. */
static int do_signals(long n)
{
	struct sigaction sa = {.sa_handler = on_usr1};
	if (sigaction(SIGUSR1, &sa, NULL))
		return 1;
	for (long i = 0; i < n; i++)
		if (kill(getpid(), SIGUSR1))
			return 1;
	return caught == n ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	const char *m = argv[1];
	long a = argc > 2 ? arg_num(argv[2]) : -1, b = argc > 3 ? arg_num(argv[3]) : -1;
	if (!strcmp(m, "getppid") && a >= 0) {
		printf("%d\n", SYS_getppid);   /* the number syscount.bt shows */
		fflush(stdout);
		for (long i = 0; i < a; i++)
			syscall(SYS_getppid);
		return 0;
	}
	if (!strcmp(m, "tcp") && a > 0)
		return do_tcp(a);
	if (!strcmp(m, "retrans"))
		return do_retrans();
	if (!strcmp(m, "threads") && a > 0)
		return do_threads(a);
	if (!strcmp(m, "forks") && a > 0)
		return do_forks(a);
	if (!strcmp(m, "faults") && a > 0)
		return do_faults(a);
	if (!strcmp(m, "futex") && a > 0 && b > 0)
		return do_futex(a, b);
	if (!strcmp(m, "malloc") && a > 0 && b > 0)
		return do_malloc(a, b);
	if (!strcmp(m, "alloc") && a > 0)
		return do_alloc(a);
	if (!strcmp(m, "signals") && a > 0)
		return do_signals(a);
	return usage();
}
