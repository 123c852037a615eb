/* Symbols and stacks: the kernel and user symbol tables on their own, then kstack/ustack/func end
 * to end through the sonde binary next to this test (real BPF, so root only): a profile probe's
 * kernel stacks must look like kernel symbols, and a uprobe on this very executable must show
 * the functions a child process is running. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/resolve.h"

static int failures;

#define CHECK(cond, ...)                                                   \
	do {                                                                   \
		if (!(cond)) {                                                     \
			fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);          \
			fprintf(stderr, __VA_ARGS__);                                  \
			fputc('\n', stderr);                                           \
			failures++;                                                    \
		}                                                                  \
	} while (0)

/* The uprobe target, and the caller ustack must show beneath it. Written in assembly so both
 * keep frame pointers (the test itself may be built without) and the target starts with
 * `push %rbp`, where the kernel recovers the caller of a probed function entry from the stack. */
#if defined(__x86_64__)
__asm__(".text\n"
        ".globl stk_target\n.type stk_target,@function\nstk_target:\n"
        "\tpush %rbp\n\tmov %rsp,%rbp\n\tlea 1(%rdi),%eax\n\tpop %rbp\n\tret\n"
        ".size stk_target,.-stk_target\n"
        ".globl stk_caller\n.type stk_caller,@function\nstk_caller:\n"
        "\tpush %rbp\n\tmov %rsp,%rbp\n\tcall stk_target\n\tnop\n\tpop %rbp\n\tret\n"
        ".size stk_caller,.-stk_caller\n");
#define HAVE_STK_FRAMES 1
#else
__attribute__((noinline, used)) int stk_target(int x)
{
	__asm__ volatile("" ::: "memory");
	return x + 1;
}
__attribute__((noinline, used)) int stk_caller(int x)
{
	int r = stk_target(x);
	__asm__ volatile("" ::: "memory");
	return r;
}
#define HAVE_STK_FRAMES 0
#endif
int stk_target(int x);
int stk_caller(int x);

static uint64_t kallsyms_addr(const char *want)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512];
	uint64_t found = 0;
	while (f && !found && fgets(line, sizeof(line), f)) {
		unsigned long long a;
		char t, name[256];
		if (sscanf(line, "%llx %c %255s", &a, &t, name) == 3 && strcmp(name, want) == 0)
			found = a;
	}
	if (f)
		fclose(f);
	return found;
}

static void test_ksyms(void)
{
	struct ksyms *k = rt_ksyms_load();
	uint64_t addr = kallsyms_addr("vfs_read");
	if (!k || !addr) {
		printf("ksyms: kallsyms addresses hidden, skipped\n");
		rt_ksyms_free(k);
		return;
	}
	uint64_t off = 99;
	const char *name = rt_ksyms_find(k, addr + 4, &off);
	CHECK(name && strcmp(name, "vfs_read") == 0 && off == 4, "rt_ksyms_find(vfs_read+4) = %s+%" PRIu64,
	      name ? name : "(null)", off);
	name = rt_ksyms_find(k, addr, &off);
	CHECK(name && strcmp(name, "vfs_read") == 0 && off == 0, "rt_ksyms_find(vfs_read) = %s", name ? name : "(null)");
	CHECK(rt_ksyms_find(k, 1, &off) == NULL, "an address below every symbol has no name");
	rt_ksyms_free(k);
}

static void test_usyms(void)
{
	struct usyms *u = rt_usyms_new();
	uint64_t off = 99;
	const char *module = NULL;
	uint64_t addr = (uint64_t)(uintptr_t)&stk_caller;
	const char *name = rt_usyms_find(u, getpid(), addr + 2, &off, &module);
	CHECK(name && strcmp(name, "stk_caller") == 0 && off == 2, "rt_usyms_find(stk_caller+2) = %s+%" PRIu64,
	      name ? name : "(null)", off);
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	CHECK(module && strcmp(module, self) == 0, "module %s, expected %s", module ? module : "(null)", self);
	/* libc, through .dynsym */
	name = rt_usyms_find(u, getpid(), (uint64_t)(uintptr_t)&getpid, &off, &module);
	CHECK(name && strstr(name, "getpid") && off == 0, "rt_usyms_find(getpid) = %s", name ? name : "(null)");
	CHECK(rt_usyms_find(u, getpid(), 8, &off, &module) == NULL && !module, "address 8 is in no mapping");
	CHECK(rt_usyms_find(u, 0x7fffffff, addr, &off, &module) == NULL, "no such process");
	rt_usyms_free(u);
}

/* Runs sonde with SCRIPT and returns its stdout (malloc'd), NULL on failure. */
static char *run_sonde(const char *sonde, const char *script)
{
	char cmd[8192];
	snprintf(cmd, sizeof(cmd), "timeout 20 '%s' -q -e '%s' 2>&1", sonde, script);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
		len += got;
		if (len + 1 == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb)
				break;
			buf = nb;
		}
	}
	if (buf)
		buf[len] = '\0';
	pclose(p);
	return buf;
}

static bool matches(const char *text, const char *re)
{
	regex_t r;
	if (regcomp(&r, re, REG_EXTENDED | REG_NEWLINE | REG_NOSUB) != 0)
		return false;
	bool ok = regexec(&r, text, 0, NULL, 0) == 0;
	regfree(&r);
	return ok;
}

static void test_kstack(const char *sonde)
{
	char *out = run_sonde(sonde, "profile:hz:997 { @[kstack] = count(); @p[kstack(perf, 2)] = count(); } "
	                             "interval:ms:300 { exit(); }");
	CHECK(out && matches(out, "^@\\[$"), "kstack map keys print as @[ then frames:\n%s", out ? out : "");
	/* Every frame of every key is "        symbol+offset" (profile hits kernel code at ~1 kHz). */
	CHECK(out && matches(out, "^        [A-Za-z_][A-Za-z0-9_.]*\\+[0-9]+$"), "frames look like kernel symbols:\n%s",
	      out ? out : "");
	CHECK(out && !matches(out, "^        0x"), "every kernel frame resolves");
	CHECK(out && matches(out, "^\t[0-9a-f]{16} [A-Za-z_][A-Za-z0-9_.]*\\+[0-9]+$"), "perf-mode frames:\n%s",
	      out ? out : "");
	free(out);
}

static void test_ustack(const char *sonde)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return;
	self[n] = '\0';
	pid_t child = fork();
	if (child == 0) {
		for (int i = 0;; i++) {
			stk_caller(i);
			usleep(2000);
		}
	}
	char script[6000];
	snprintf(script, sizeof(script),
	         "uprobe:%s:stk_target /pid == %d/ { print(ustack(2)); print(ustack(raw, 1)); print(func); "
	         "printf(\"%%s|%%s\\n\", usym(0), ksym(0)); exit(); }",
	         self, (int)child);
	char *out = run_sonde(sonde, script);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	CHECK(out && matches(out, HAVE_STK_FRAMES ? "^        stk_target\\+0\n        stk_caller\\+[0-9]+\n$"
	                                          : "^        stk_target\\+0$"),
	      "ustack(2) shows the target and its caller:\n%s", out ? out : "");
	CHECK(out && matches(out, "^[0-9a-f]+$"), "ustack(raw) prints a bare address:\n%s", out ? out : "");
	CHECK(out && matches(out, "^stk_target$"), "func in a uprobe names the function:\n%s", out ? out : "");
	CHECK(out && matches(out, "^0\\|0$"), "null addresses print as 0:\n%s", out ? out : "");
	free(out);
}

int main(void)
{
	test_ksyms();
	test_usyms();
	char sonde[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", sonde, sizeof(sonde) - 1);
	sonde[n > 0 ? n : 0] = '\0';
	char *dir = dirname(sonde);
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/../sonde", dir);
	if (geteuid() != 0 || access(path, X_OK) != 0) {
		printf("end-to-end part skipped (needs root and %s)\n", path);
	} else {
		test_kstack(path);
		test_ustack(path);
	}
	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
