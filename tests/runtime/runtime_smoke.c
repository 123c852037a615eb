/* Runtime smoke test with real BPF: a hand-written BPF object (prog.bpf.c, bad.bpf.c) and
 * hand-filled manifests drive runtime_run through begin, a tracepoint fed by a child process,
 * exit(), end, map printing, perf-event timers, a signal, a verifier rejection and an unavailable
 * probe type; probe-type records are checked against this machine's tracefs and BTF. Afterwards no program
 * or map of the test may be left in the kernel. Exit 77 (skip) when BPF is not permitted. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "runtime/runtime.h"

#define MAGIC_PID 999999

static int failures;

#define CHECK(cond, ...)                                                                                    \
	do {                                                                                                    \
		if (!(cond)) {                                                                                      \
			failures++;                                                                                     \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                            \
			fprintf(stderr, __VA_ARGS__);                                                                   \
			fputc('\n', stderr);                                                                            \
		}                                                                                                   \
	} while (0)

static const struct type t_u64 = {.kind = TY_INT, .size = 8, .align = 8};
static const struct type t_i64 = {.kind = TY_INT, .size = 8, .align = 8, .is_signed = true};
static const struct type_field f_u64[] = {{NULL, &t_u64, 0}};
static const struct type_field f_i64[] = {{NULL, &t_i64, 0}};
static const struct type tup_u64 = {.kind = TY_TUPLE, .size = 8, .align = 8, .count = 1, .fields = f_u64};
static const struct type tup_i64 = {.kind = TY_TUPLE, .size = 8, .align = 8, .count = 1, .fields = f_i64};

static struct mf_event events[] = {
	{.kind = EV_PRINTF, .fmt = "begin %d\n", .args = &tup_u64, .map = -1},
	{.kind = EV_PRINTF, .fmt = "kill %d\n", .args = &tup_u64, .map = -1},
	{.kind = EV_EXIT, .fmt = NULL, .args = &tup_i64, .map = -1},
	{.kind = EV_PRINTF, .fmt = "end\n", .args = NULL, .map = -1},
	{.kind = EV_PRINTF, .fmt = "tick %d\n", .args = &tup_u64, .map = -1},
};

static struct mf_map maps[] = {
	{.name = "@calls", .elf_name = "smk_calls", .storage = MAP_HASH, .max_entries = 16, .key = NULL,
	 .key_size = 8, .value = &t_u64, .value_size = 8},
};

static void *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	void *buf = malloc((size_t)n);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

/* Runs M and returns its output (malloc'd) and status. */
static char *run(const void *elf, size_t len, const struct manifest *m, bool notify, int *status, char **errs)
{
	/* What codegen fills in: each attach point's name, numbered once (the fixtures' differ). */
	const char *names[16];
	struct manifest named = *m;
	named.probe_names = names;
	for (size_t i = 0; i < m->nprograms; i++)
		for (size_t j = 0; j < m->programs[i].nattach && named.nprobe_names < 16; j++) {
			m->programs[i].attach[j].name_index = (uint32_t)named.nprobe_names;
			names[named.nprobe_names++] = m->programs[i].attach[j].probe_name;
		}
	FILE *out = tmpfile(), *err = tmpfile();
	struct rt_options o = {.out = out, .format = OUTPUT_TEXT, .notify_attached = notify};
	struct diags d = {.out = err};
	*status = runtime_run(elf, len, &named, &o, &d);
	char *text = NULL, *etext = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&text, &n);
	rewind(out);
	int c;
	while ((c = fgetc(out)) != EOF)
		fputc(c, mem);
	fclose(mem);
	mem = open_memstream(&etext, &n);
	rewind(err);
	while ((c = fgetc(err)) != EOF)
		fputc(c, mem);
	fclose(mem);
	fclose(out);
	fclose(err);
	*errs = etext;
	return text;
}

/* True when the NEEDLES appear in TEXT in this order. */
static bool in_order(const char *text, const char *const *needles, size_t n)
{
	const char *p = text;
	for (size_t i = 0; i < n; i++) {
		const char *q = strstr(p, needles[i]);
		if (!q) {
			fprintf(stderr, "  missing (in order): %s\n", needles[i]);
			return false;
		}
		p = q + strlen(needles[i]);
	}
	return true;
}

static pid_t spawn_killer(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 500; i++) {   /* up to 10 s: the run exits after 3 */
			kill(MAGIC_PID, 0);
			usleep(20000);
		}
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Counts programs and maps in the kernel whose names start with "smk_". */
static int count_smk(void)
{
	int n = 0;
	__u32 id = 0;
	while (bpf_prog_get_next_id(id, &id) == 0) {
		int fd = bpf_prog_get_fd_by_id(id);
		struct bpf_prog_info info = {0};
		__u32 len = sizeof(info);
		if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && strncmp(info.name, "smk_", 4) == 0)
			n++;
		if (fd >= 0)
			close(fd);
	}
	id = 0;
	while (bpf_map_get_next_id(id, &id) == 0) {
		int fd = bpf_map_get_fd_by_id(id);
		struct bpf_map_info info = {0};
		__u32 len = sizeof(info);
		if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && strncmp(info.name, "smk_", 4) == 0)
			n++;
		if (fd >= 0)
			close(fd);
	}
	return n;
}

/* The kernel frees closed programs and maps a little later (RCU, a work queue): allow it 2 s. */
static int leftovers(void)
{
	int n = 0;
	for (int i = 0; i < 40 && (n = count_smk()) > 0; i++)
		usleep(50000);
	return n;
}

/* The probe type named NAME, as sema finds it. */
static const struct probe_type *pt(const char *name)
{
	static const struct core_registry reg = {.probe_types = runtime_probe_types};
	return core_probe_type(&reg, name);
}

static void test_probe_types(void)
{
	struct arena a = {0};
	char err[256];
	const struct probe_type *t = pt("t");
	CHECK(t && strcmp(t->name, "tracepoint") == 0, "probe type t");
	CHECK(pt("BEGIN") && pt("BEGIN")->trigger == PROBE_AT_BEGIN, "BEGIN");
	CHECK(pt("kfunc") && strcmp(pt("kfunc")->name, "fentry") == 0, "kfunc");
	CHECK(!pt("nonsense"), "nonsense probe type");

	struct attach_list l = {0};
	CHECK(t->expand(t, "syscalls:sys_enter_kil?", &a, &l, err, sizeof(err)) == 0 && l.count == 1, "tp wildcard: %s",
	      err);
	if (l.count == 1)
		CHECK(strcmp(l.items[0].probe_name, "tracepoint:syscalls:sys_enter_kill") == 0, "tp name %s",
		      l.items[0].probe_name);
	struct probe_arg *args;
	size_t nargs = 0;
	CHECK(l.count == 1 && t->args(&l.items[0], &a, &args, &nargs, err, sizeof(err)) == 0, "tp args: %s", err);
	CHECK(nargs == 3 && strcmp(args[0].name, "__syscall_nr") == 0 && strcmp(args[1].name, "pid") == 0 &&
	          strcmp(args[1].c_type, "pid_t") == 0 && args[1].offset == 16 && args[1].size == 8 &&
	          args[0].is_signed,
	      "sys_enter_kill args");
	l = (struct attach_list){0};
	/* Matching nothing is not the probe type's error: sema reports it per missing_probes. */
	CHECK(t->expand(t, "syscalls:nonsense", &a, &l, err, sizeof(err)) == 0 && l.count == 0, "tp nonsense: %s", err);
	l = (struct attach_list){0};
	CHECK(t->expand(t, "sched:sched_process_exec", &a, &l, err, sizeof(err)) == 0, "exec");
	CHECK(t->args(&l.items[0], &a, &args, &nargs, err, sizeof(err)) == 0 && nargs >= 1 && args[0].is_data_loc,
	      "data_loc filename");

	const struct probe_type *rt = pt("rt");
	l = (struct attach_list){0};
	CHECK(rt->expand(rt, "sched_switch", &a, &l, err, sizeof(err)) == 0 && l.count == 1, "rawtp: %s", err);
	nargs = 0;
	CHECK(l.count == 1 && rt->args(&l.items[0], &a, &args, &nargs, err, sizeof(err)) == 0 && nargs == 4 &&
	          strcmp(args[1].name, "prev") == 0 && strcmp(args[1].c_type, "struct task_struct *") == 0 &&
	          args[1].offset == 8,
	      "rawtp args: %zu %s %s", nargs, nargs > 1 ? args[1].name : "", nargs > 1 ? args[1].c_type : "");

	const struct probe_type *s = pt("s");
	l = (struct attach_list){0};
	CHECK(s->expand(s, "cpu:100000", &a, &l, err, sizeof(err)) == 0 && l.count == 1 &&
	          strcmp(l.items[0].func, "cpu-clock") == 0 && l.items[0].value == 100000 &&
	          strcmp(l.items[0].probe_name, "software:cpu:100000") == 0,
	      "software cpu");
	l = (struct attach_list){0};
	CHECK(s->expand(s, "faults", &a, &l, err, sizeof(err)) == 0 && l.items[0].value == 100, "faults default");
	const struct probe_type *i = pt("i");
	l = (struct attach_list){0};
	CHECK(i->expand(i, "500ms", &a, &l, err, sizeof(err)) == 0 && strcmp(l.items[0].unit, "ms") == 0 &&
	          l.items[0].value == 500 && strcmp(l.items[0].probe_name, "interval:500ms") == 0,
	      "interval 500ms");
	l = (struct attach_list){0};
	CHECK(i->expand(i, "ms:", &a, &l, err, sizeof(err)) < 0, "interval ms: refused");

	const struct probe_type *u = pt("uprobe");
	l = (struct attach_list){0};
	CHECK(u->expand(u, "libc:mallo?", &a, &l, err, sizeof(err)) == 0 && l.count >= 1, "uprobe libc: %s", err);
	l = (struct attach_list){0};
	CHECK(u->expand(u, "libc:no_such_function_xyz", &a, &l, err, sizeof(err)) == 0 && l.count == 0, "uprobe nonsense");
	arena_free(&a);
}

/* begin, a tracepoint fed by a child, exit(7), end, the map at exit. */
static void test_tracepoint_run(const void *elf, size_t len)
{
	int status;
	char *errs;
	struct mf_attach a_begin = {.type = pt("begin"), .probe_name = "begin"};
	struct mf_attach a_kill = {.type = pt("tracepoint"), .target = "syscalls", .func = "sys_enter_kill",
	                           .probe_name = "tracepoint:syscalls:sys_enter_kill"};
	struct mf_attach a_end = {.type = pt("end"), .probe_name = "end"};
	struct mf_program progs[] = {{"smk_begin", &a_begin, 1, false, NULL}, {"smk_kill", &a_kill, 1, false, NULL}, {"smk_end", &a_end, 1, false, NULL}};
	struct manifest m = {.programs = progs, .nprograms = 3, .maps = maps, .nmaps = 1, .events = events, .nevents = 5, .ringbuf_name = "smk_events"};
	pid_t child = spawn_killer();
	char *out = run(elf, len, &m, false, &status, &errs);
	reap(child);
	const char *want[] = {"Attached 3 probes\n", "begin 42\n", "kill 1\n", "kill 2\n", "kill 3\n", "end\n",
	                      "\n\n", "@calls: 3"};
	CHECK(in_order(out, want, 8), "tracepoint run output:\n%s", out);
	CHECK(!strstr(out, "kill 4"), "output after exit()");
	CHECK(status == 7, "exit code %d (want 7); errors: %s", status, errs);
	CHECK(leftovers() == 0, "programs or maps left after the run");
	free(out);
	free(errs);
}

/* interval, profile and software timers, each exiting after two ticks. */
static void test_timers(const void *elf, size_t len)
{
	int status;
	char *errs;
	const char *timers[][3] = {{"interval", "ms", "interval:ms:10"},
	                           {"profile", "hz", "profile:hz:99"},
	                           {"software", NULL, "software:cpu-clock:100000"}};
	for (size_t k = 0; k < 3; k++) {
		struct mf_attach at = {.probe_name = timers[k][2]};
		if (k == 0)
			at.type = pt("interval"), at.unit = "ms", at.value = 10;
		else if (k == 1)
			at.type = pt("profile"), at.unit = "hz", at.value = 99;
		else
			at.type = pt("software"), at.func = "cpu-clock", at.value = 100000;
		struct mf_program progs[] = {{"smk_tick", &at, 1, false, NULL}};
		struct manifest m = {.programs = progs, .nprograms = 1, .maps = maps, .nmaps = 1, .events = events, .nevents = 5, .ringbuf_name = "smk_events"};
		char *out = run(elf, len, &m, true, &status, &errs);
		const char *want[] = {"Attached 1 probe\n", "tick 1\n", "tick 2\n"};
		CHECK(in_order(out, want, 3) && status == 0, "%s: status %d, output:\n%s\nerrors: %s", timers[k][2], status,
		      out, errs);
		free(out);
		free(errs);
	}
}

/* SIGTERM ends a run that never calls exit(); end still runs. */
static void test_sigterm(const void *elf, size_t len)
{
	int status;
	char *errs;
	struct mf_attach a_kill = {.type = pt("tracepoint"), .target = "syscalls", .func = "sys_enter_kill",
	                           .probe_name = "tracepoint:syscalls:sys_enter_kill"};
	struct mf_attach a_end = {.type = pt("end"), .probe_name = "end"};
	struct mf_program progs[] = {{"smk_kill", &a_kill, 1, false, NULL}, {"smk_end", &a_end, 1, false, NULL}};
	struct manifest m = {.programs = progs, .nprograms = 2, .maps = maps, .nmaps = 1, .events = events, .nevents = 5, .ringbuf_name = "smk_events"};
	pid_t parent = getpid(), child = fork();
	if (child == 0) {
		usleep(300000);
		kill(parent, SIGTERM);
		_exit(0);
	}
	char *out = run(elf, len, &m, false, &status, &errs);
	waitpid(child, NULL, 0);
	const char *want[] = {"Attached 2 probes\n", "end\n"};
	CHECK(in_order(out, want, 2) && status == 0, "SIGTERM: status %d, output:\n%s", status, out);
	free(out);
	free(errs);
}

/* a verifier rejection: one ERROR line naming the probe and the reason. */
static void test_verifier_rejection(const void *bad, size_t bad_len)
{
	int status;
	char *errs;
	struct mf_attach a = {.type = pt("begin"), .probe_name = "begin"};
	struct mf_program progs[] = {{"smk_bad", &a, 1, false, NULL}};
	struct manifest m = {.programs = progs, .nprograms = 1, .events = events, .ringbuf_name = "smk_events"};
	char *out = run(bad, bad_len, &m, false, &status, &errs);
	CHECK(status == 1 && strstr(errs, "ERROR: the kernel's verifier rejected begin: ") &&
	          strstr(errs, "invalid mem access"),
	      "verifier error: status %d, errors: %s", status, errs);
	fprintf(stderr, "  (verifier error as reported: %s)\n", strtok(errs, "\n"));
	CHECK(leftovers() == 0, "leftovers after a failed load");
	free(out);
	free(errs);
}

/* kprobes on a kernel without them: refused before anything runs, saying what to use. */
static void test_kprobe_refusal(const void *elf, size_t len)
{
	int status;
	char *errs;
	struct mf_attach a_begin = {.type = pt("begin"), .probe_name = "begin"};
	struct mf_attach a_k = {.type = pt("kprobe"), .func = "vfs_read", .probe_name = "kprobe:vfs_read"};
	struct mf_program progs[] = {{"smk_begin", &a_begin, 1, false, NULL}, {"smk_tick", &a_k, 1, false, NULL}};
	struct manifest m = {.programs = progs, .nprograms = 2, .maps = maps, .nmaps = 1, .events = events, .nevents = 5, .ringbuf_name = "smk_events"};
	char *out = run(elf, len, &m, false, &status, &errs);
	if (access("/sys/bus/event_source/devices/kprobe/type", F_OK) != 0)
		CHECK(status == 1 && strstr(errs, "kprobes are not available") && !strstr(out, "begin 42"),
		      "kprobe refusal: status %d, out %s, errors: %s", status, out, errs);
	free(out);
	free(errs);
}

/* only begin and end: the run ends right after begin, with no exit() needed. */
static void test_begin_end_only(const void *elf, size_t len)
{
	int status;
	char *errs;
	struct mf_attach a_begin = {.type = pt("begin"), .probe_name = "begin"};
	struct mf_attach a_end = {.type = pt("end"), .probe_name = "end"};
	struct mf_program progs[] = {{"smk_begin", &a_begin, 1, false, NULL}, {"smk_end", &a_end, 1, false, NULL}};
	struct manifest m = {.programs = progs, .nprograms = 2, .maps = maps, .nmaps = 1, .events = events, .nevents = 5, .ringbuf_name = "smk_events"};
	char *out = run(elf, len, &m, false, &status, &errs);
	CHECK(status == 0 && /* A scalar map exists from load on, so it prints as 0 */
	      strcmp(out, "Attached 2 probes\nbegin 42\nend\n\n\n@calls: 0\n") == 0,
	      "begin/end only: status %d, output:\n%s", status, out);
	free(out);
	free(errs);
}

/* an attach failure after begin ran and another probe was attached: all of it released. */
static void test_attach_failure(const void *elf, size_t len)
{
	int status;
	char *errs;
	struct mf_attach a_begin = {.type = pt("begin"), .probe_name = "begin"};
	struct mf_attach a_kill = {.type = pt("tracepoint"), .target = "syscalls", .func = "sys_enter_kill",
	                           .probe_name = "tracepoint:syscalls:sys_enter_kill"};
	struct mf_attach a_bad = {.type = pt("tracepoint"), .target = "syscalls", .func = "sys_enter_nonsense",
	                          .probe_name = "tracepoint:syscalls:sys_enter_nonsense"};
	struct mf_program progs[] = {{"smk_begin", &a_begin, 1, false, NULL}, {"smk_kill", &a_kill, 1, false, NULL}, {"smk_end", &a_bad, 1, false, NULL}};
	struct manifest m = {.programs = progs, .nprograms = 3, .maps = maps, .nmaps = 1, .events = events, .nevents = 5, .ringbuf_name = "smk_events"};
	char *out = run(elf, len, &m, false, &status, &errs);
	CHECK(status == 1 && strstr(errs, "ERROR: Unable to attach probe: tracepoint:syscalls:sys_enter_nonsense"),
	      "attach failure: status %d, errors: %s", status, errs);
	CHECK(leftovers() == 0, "leftovers after an attach failure");
	free(out);
	free(errs);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s prog.bpf.o bad.bpf.o\n", argv[0]);
		return 2;
	}
	if (geteuid() != 0) {
		printf("SKIP: BPF needs root\n");
		return 77;
	}
	int probe_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "smk_probe", 4, 4, 1, NULL);
	if (probe_fd < 0) {
		printf("SKIP: BPF not permitted here (%s)\n", strerror(errno));
		return 77;
	}
	close(probe_fd);

	test_probe_types();

	size_t len, bad_len;
	void *elf = read_all(argv[1], &len), *bad = read_all(argv[2], &bad_len);
	CHECK(elf && bad, "cannot read BPF objects");
	if (!elf || !bad)
		return 1;

	test_tracepoint_run(elf, len);
	test_timers(elf, len);
	test_sigterm(elf, len);
	test_verifier_rejection(bad, bad_len);
	test_kprobe_refusal(elf, len);
	test_begin_end_only(elf, len);
	test_attach_failure(elf, len);

	CHECK(leftovers() == 0, "programs or maps left at the end");
	free(elf);
	free(bad);
	printf("runtime_smoke: %s\n", failures ? "FAILED" : "ok");
	printf("%d passed, %d failed\n", failures ? 0 : 1, failures ? 1 : 0);
	return failures ? 1 : 0;
}
