/* Smoke test for codegen/bpfmod: builds a real BPF object with the builder API, loads it with
 * libbpf, attaches it, makes syscalls and checks the counts in maps and the ring buffer. Also checks
 * --emit=asm/ir output and that backend errors (the 512-byte stack limit) come back as errors.
 * Exit 0 all passed, 1 a failure, 77 BPF not permitted here. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "codegen/bpfmod.h"

#define NCALLS 10
#define MAGIC 0x736f6e6465ULL /* "sonde" */

enum { H_MAP_LOOKUP = 1, H_MAP_UPDATE = 2, H_GET_PID_TGID = 14, H_RINGBUF_OUTPUT = 130 };

static int passed, failed;

#define CHECK(cond, ...)                                                                                   \
	do {                                                                                               \
		if (cond) {                                                                                \
			passed++;                                                                          \
		} else {                                                                                   \
			failed++;                                                                          \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                   \
			fprintf(stderr, __VA_ARGS__);                                                      \
			fputc('\n', stderr);                                                               \
		}                                                                                          \
	} while (0)

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- building the test program ----------------------------------------------------------- */

struct maps {
	LLVMValueRef counts, pids, events;
};

static LLVMTypeRef i64t(struct bpfmod *m) { return LLVMInt64TypeInContext(m->ctx); }
static LLVMTypeRef ptrt(struct bpfmod *m) { return LLVMPointerTypeInContext(m->ctx, 0); }
static LLVMValueRef c64(struct bpfmod *m, uint64_t v) { return LLVMConstInt(i64t(m), v, 0); }

/* map[*key]++: lookup; if absent update with 1, else atomic add. */
static void emit_increment(struct bpfmod *m, LLVMValueRef map, LLVMValueRef key)
{
	LLVMValueRef one = bpfmod_alloca(m, i64t(m), "one", false);
	LLVMValueRef largs[2] = {map, key};
	LLVMValueRef val = bpfmod_helper(m, H_MAP_LOOKUP, ptrt(m), largs, 2, "val");
	LLVMValueRef isnull = LLVMBuildIsNull(m->b, val, "isnull");
	LLVMBasicBlockRef init = LLVMAppendBasicBlockInContext(m->ctx, m->func, "init");
	LLVMBasicBlockRef inc = LLVMAppendBasicBlockInContext(m->ctx, m->func, "inc");
	LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(m->ctx, m->func, "done");
	LLVMBuildCondBr(m->b, isnull, init, inc);

	LLVMPositionBuilderAtEnd(m->b, init);
	LLVMBuildStore(m->b, c64(m, 1), one);
	LLVMValueRef uargs[4] = {map, key, one, c64(m, 0 /* BPF_ANY */)};
	bpfmod_helper(m, H_MAP_UPDATE, i64t(m), uargs, 4, "upd");
	LLVMBuildBr(m->b, done);

	LLVMPositionBuilderAtEnd(m->b, inc);
	LLVMBuildAtomicRMW(m->b, LLVMAtomicRMWBinOpAdd, val, c64(m, 1), LLVMAtomicOrderingMonotonic, 0);
	LLVMBuildBr(m->b, done);
	LLVMPositionBuilderAtEnd(m->b, done);
}

static void build_maps(struct bpfmod *m, struct maps *mp)
{
	mp->counts = bpfmod_map(m, "counts", BPFMAP_PERCPU_HASH, 8, 8, 16);
	mp->pids = bpfmod_map(m, "pids", BPFMAP_HASH, 4, 8, 1024);
	mp->events = bpfmod_map(m, "events", BPFMAP_RINGBUF, 0, 0, 256 * 1024);
}

/* tracepoint:syscalls:sys_enter_getpid { @counts[0]++; @pids[pid]++; output(MAGIC, pid_tgid) } */
static void build_getpid_prog(struct bpfmod *m, struct maps *mp)
{
	bpfmod_begin_program(m, "on_getpid", "tracepoint/syscalls/sys_enter_getpid", 1);
	bpfmod_set_loc(m, 2, 3);
	LLVMValueRef key = bpfmod_alloca(m, i64t(m), "key", true);
	emit_increment(m, mp->counts, key);

	bpfmod_set_loc(m, 3, 3);
	LLVMValueRef pid_tgid = bpfmod_helper(m, H_GET_PID_TGID, i64t(m), NULL, 0, "pid_tgid");
	LLVMValueRef tgid = LLVMBuildTrunc(m->b, LLVMBuildLShr(m->b, pid_tgid, c64(m, 32), ""),
	                                   LLVMInt32TypeInContext(m->ctx), "tgid");
	LLVMValueRef pkey = bpfmod_alloca(m, LLVMInt32TypeInContext(m->ctx), "pkey", false);
	LLVMBuildStore(m->b, tgid, pkey);
	emit_increment(m, mp->pids, pkey);

	bpfmod_set_loc(m, 4, 3);
	LLVMTypeRef recty = LLVMArrayType2(i64t(m), 2);
	LLVMValueRef rec = bpfmod_alloca(m, recty, "rec", true);
	LLVMBuildStore(m->b, c64(m, MAGIC), rec);
	LLVMValueRef idx = c64(m, 1);
	LLVMBuildStore(m->b, pid_tgid, LLVMBuildGEP2(m->b, i64t(m), rec, &idx, 1, "rec1"));
	LLVMValueRef oargs[4] = {mp->events, rec, c64(m, 16), c64(m, 0)};
	bpfmod_helper(m, H_RINGBUF_OUTPUT, i64t(m), oargs, 4, "out");
	LLVMBuildRet(m->b, c64(m, 0));
	bpfmod_end_program(m);
}

/* rawtracepoint:sys_enter { @pids[0]++ } */
static void build_rawtp_prog(struct bpfmod *m, struct maps *mp)
{
	bpfmod_begin_program(m, "on_sys_enter", "raw_tp/sys_enter", 6);
	bpfmod_set_loc(m, 7, 3);
	LLVMValueRef key = bpfmod_alloca(m, LLVMInt32TypeInContext(m->ctx), "key", true);
	emit_increment(m, mp->pids, key);
	LLVMBuildRet(m->b, c64(m, 0));
	bpfmod_end_program(m);
}

static int build(enum bpfmod_output out, void **buf, size_t *len, char **err)
{
	struct bpfmod *m = bpfmod_new("smoke", "tests/smoke.bt", err);
	if (!m)
		return -1;
	struct maps mp;
	build_maps(m, &mp);
	build_getpid_prog(m, &mp);
	build_rawtp_prog(m, &mp);
	int rc = bpfmod_finish(m, out, buf, len, err);
	bpfmod_free(m);
	return rc;
}

/* A program whose 600-byte stack record exceeds BPF's 512 bytes. */
static int build_oversized(void **buf, size_t *len, char **err)
{
	struct bpfmod *m = bpfmod_new("big", "big.bt", err);
	if (!m)
		return -1;
	LLVMValueRef rb = bpfmod_map(m, "events", BPFMAP_RINGBUF, 0, 0, 4096);
	bpfmod_begin_program(m, "big", "raw_tp/sys_enter", 1);
	LLVMValueRef rec = bpfmod_alloca(m, LLVMArrayType2(LLVMInt8TypeInContext(m->ctx), 600), "rec", true);
	LLVMValueRef args[4] = {rb, rec, c64(m, 600), c64(m, 0)};
	bpfmod_helper(m, H_RINGBUF_OUTPUT, i64t(m), args, 4, "");
	LLVMBuildRet(m->b, c64(m, 0));
	bpfmod_end_program(m);
	int rc = bpfmod_finish(m, BPFMOD_ELF, buf, len, err);
	bpfmod_free(m);
	return rc;
}

/* A block without a terminator: verification must fail with a message, not abort. */
static int build_invalid(void **buf, size_t *len, char **err)
{
	struct bpfmod *m = bpfmod_new("bad", "bad.bt", err);
	if (!m)
		return -1;
	bpfmod_begin_program(m, "bad", "raw_tp/sys_enter", 1);
	bpfmod_end_program(m);
	int rc = bpfmod_finish(m, BPFMOD_ELF, buf, len, err);
	bpfmod_free(m);
	return rc;
}

/* ---- compile-only checks ----------------------------------------------------------------- */

static void test_text_outputs(void)
{
	void *buf;
	size_t len;
	char *err;
	int rc = build(BPFMOD_ASM, &buf, &len, &err);
	CHECK(rc == 0, "asm: %s", err ? err : "");
	if (rc == 0) {
		CHECK(strlen(buf) == len, "asm length %zu", len);
		CHECK(strstr(buf, "call 130") != NULL, "asm lacks the ringbuf_output call");
		CHECK(strstr(buf, "exit") != NULL, "asm lacks exit");
		CHECK(strstr(buf, "lock") || strstr(buf, "atomic"), "asm lacks an atomic add");
	}
	free(buf);
	free(err);

	rc = build(BPFMOD_IR, &buf, &len, &err);
	CHECK(rc == 0, "ir: %s", err ? err : "");
	if (rc == 0) {
		if (getenv("SMOKE_SHOW_IR"))
			fputs(buf, stdout);
		CHECK(strstr(buf, "i64 @on_getpid(ptr") != NULL, "ir lacks the program");
		CHECK(strstr(buf, "atomicrmw add") != NULL, "ir lacks atomicrmw");
		CHECK(strstr(buf, "section \".maps\"") != NULL, "ir lacks .maps");
		CHECK(strstr(buf, "!dbg") != NULL, "ir lacks debug locations");
	}
	free(buf);
	free(err);
}

static void test_backend_errors(void)
{
	void *buf;
	size_t len;
	char *err;
	int rc = build_oversized(&buf, &len, &err);
	CHECK(rc == -1 && buf == NULL, "oversized stack was accepted");
	CHECK(err && strstr(err, "stack"), "error lacks 'stack': %s", err ? err : "(null)");
	if (err)
		printf("  oversized stack -> %s\n", err);
	free(err);

	rc = build_invalid(&buf, &len, &err);
	CHECK(rc == -1 && err && strstr(err, "invalid"), "invalid IR: %s", err ? err : "(null)");
	free(err);
}

/* ---- the loaded program ------------------------------------------------------------------ */

struct rb_state {
	int ours, others;
	pid_t tgid;
};

static int on_event(void *ctx, void *data, size_t size)
{
	struct rb_state *st = ctx;
	uint64_t rec[2];
	if (size < sizeof rec)
		return 0;
	memcpy(rec, data, sizeof rec);
	if (rec[0] == MAGIC && (pid_t)(rec[1] >> 32) == st->tgid)
		st->ours++;
	else
		st->others++;
	return 0;
}

static void ensure_tracefs(void)
{
	if (access("/sys/kernel/tracing/events", F_OK) == 0 || access("/sys/kernel/debug/tracing/events", F_OK) == 0)
		return;
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) != 0)
		fprintf(stderr, "  mount tracefs: %s\n", strerror(errno));
}

static uint64_t percpu_sum(int fd, uint64_t key)
{
	int ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0)
		return 0;
	uint64_t *vals = calloc((size_t)ncpu, sizeof *vals);
	uint64_t sum = 0;
	if (vals && bpf_map_lookup_elem(fd, &key, vals) == 0)
		for (int i = 0; i < ncpu; i++)
			sum += vals[i];
	free(vals);
	return sum;
}

static uint64_t hash_get(int fd, uint32_t key)
{
	uint64_t v = 0;
	return bpf_map_lookup_elem(fd, &key, &v) == 0 ? v : 0;
}

/* The kernel's view of a map: type and sizes exactly as bpfmod_map was asked for. */
static void check_map_info(struct bpf_object *obj, const char *name, uint32_t type, uint32_t ks, uint32_t vs,
                           uint32_t max)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, name);
	CHECK(map != NULL, "map %s missing", name);
	if (!map)
		return;
	struct bpf_map_info info;
	uint32_t ilen = sizeof info;
	memset(&info, 0, sizeof info);
	int rc = bpf_obj_get_info_by_fd(bpf_map__fd(map), &info, &ilen);
	CHECK(rc == 0, "info %s: %d", name, rc);
	CHECK(info.type == type && info.key_size == ks && info.value_size == vs && info.max_entries == max,
	      "map %s: type %u key %u value %u max %u", name, info.type, info.key_size, info.value_size,
	      info.max_entries);
}

/* Func and line info accepted by the kernel: the DISubprogram's BTF is valid. */
static void check_prog_info(struct bpf_object *obj, const char *name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);
	struct bpf_prog_info info;
	uint32_t ilen = sizeof info;
	memset(&info, 0, sizeof info);
	int rc = p ? bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &ilen) : -1;
	CHECK(rc == 0 && info.nr_func_info == 1 && info.nr_line_info > 0, "%s: func_info %u line_info %u", name,
	      info.nr_func_info, info.nr_line_info);
}

static void maybe_bpftool(void)
{
	if (getenv("SMOKE_BPFTOOL"))
		(void)!system("bpftool map show; bpftool prog show name on_getpid; "
		              "bpftool prog dump xlated name on_getpid linum | head -20");
}

static int attach_all(struct bpf_object *obj, struct bpf_link **links)
{
	const char *names[2] = {"on_getpid", "on_sys_enter"};
	for (int i = 0; i < 2; i++) {
		links[i] = bpf_program__attach(bpf_object__find_program_by_name(obj, names[i]));
		if (!links[i]) {
			fprintf(stderr, "  attach %s: %s\n", names[i], strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void run_and_check(struct bpf_object *obj, pid_t self)
{
	int counts = bpf_object__find_map_fd_by_name(obj, "counts");
	int pids = bpf_object__find_map_fd_by_name(obj, "pids");
	int events = bpf_object__find_map_fd_by_name(obj, "events");
	struct rb_state st = {.tgid = self};
	struct ring_buffer *rb = ring_buffer__new(events, on_event, &st, NULL);
	CHECK(rb != NULL, "ring_buffer__new: %s", strerror(errno));

	for (int i = 0; i < NCALLS; i++)
		syscall(SYS_getpid);

	uint64_t total = percpu_sum(counts, 0);
	uint64_t mine = hash_get(pids, (uint32_t)st.tgid);
	uint64_t all = hash_get(pids, 0);
	if (rb)
		while (ring_buffer__poll(rb, 100) > 0)
			;
	printf("  percpu counts[0] = %llu, pids[self] = %llu, raw_tp sys_enter = %llu, ring buffer: %d ours, "
	       "%d others\n",
	       (unsigned long long)total, (unsigned long long)mine, (unsigned long long)all, st.ours, st.others);
	CHECK(total >= NCALLS, "percpu count %llu", (unsigned long long)total);
	CHECK(mine == NCALLS, "pids[self] %llu", (unsigned long long)mine);
	CHECK(all >= NCALLS, "raw_tp count %llu", (unsigned long long)all);
	CHECK(st.ours == NCALLS, "ring buffer records %d", st.ours);
	maybe_bpftool();
	ring_buffer__free(rb);
}

/* Returns 77 when the kernel refuses BPF to this process. */
static int test_load(void)
{
	pid_t self = getpid(); /* before attaching: getpid() itself would be counted */
	void *elf;
	size_t len;
	char *err;
	double t0 = now_ms();
	int rc = build(BPFMOD_ELF, &elf, &len, &err);
	double t1 = now_ms();
	CHECK(rc == 0, "elf: %s", err ? err : "");
	free(err);
	if (rc)
		return 0;
	printf("  ELF %zu bytes, first build %.2f ms\n", len, t1 - t0);

	struct bpf_object *obj = bpf_object__open_mem(elf, len, NULL);
	CHECK(obj != NULL, "open_mem: %s", strerror(errno));
	if (!obj) {
		free(elf);
		return 0;
	}
	int lerr = bpf_object__load(obj);
	if (lerr == -EPERM) {
		printf("SKIP: loading BPF is not permitted here (EPERM)\n");
		bpf_object__close(obj);
		free(elf);
		return 77;
	}
	CHECK(lerr == 0, "load: %s", strerror(-lerr));
	if (lerr == 0) {
		check_map_info(obj, "counts", BPFMAP_PERCPU_HASH, 8, 8, 16);
		check_map_info(obj, "pids", BPFMAP_HASH, 4, 8, 1024);
		check_map_info(obj, "events", BPFMAP_RINGBUF, 0, 0, 256 * 1024);
		check_prog_info(obj, "on_getpid");
		check_prog_info(obj, "on_sys_enter");
		ensure_tracefs();
		struct bpf_link *links[2] = {NULL, NULL};
		int arc = attach_all(obj, links);
		CHECK(arc == 0, "attach failed");
		if (arc == 0)
			run_and_check(obj, self);
		for (int i = 0; i < 2; i++)
			bpf_link__destroy(links[i]);
	}
	bpf_object__close(obj);
	free(elf);
	return 0;
}

/* Steady-state cost of the three phases of a small compile. */
static void report_timing(void)
{
	enum { RUNS = 20 };
	double t_new = 0, t_build = 0, t_finish = 0, best = 1e9;
	for (int i = 0; i < RUNS; i++) {
		void *buf = NULL;
		size_t len;
		char *err = NULL;
		double t0 = now_ms();
		struct bpfmod *m = bpfmod_new("smoke", "smoke.bt", &err);
		double t1 = now_ms();
		if (!m)
			return;
		struct maps mp;
		build_maps(m, &mp);
		build_getpid_prog(m, &mp);
		build_rawtp_prog(m, &mp);
		double t2 = now_ms();
		int rc = bpfmod_finish(m, BPFMOD_ELF, &buf, &len, &err);
		double t3 = now_ms();
		bpfmod_free(m);
		free(buf);
		free(err);
		if (rc)
			return;
		t_new += t1 - t0;
		t_build += t2 - t1;
		t_finish += t3 - t2;
		best = t3 - t0 < best ? t3 - t0 : best;
	}
	printf("  steady state (mean of %d): bpfmod_new %.3f ms, build IR %.3f ms, finish(ELF) %.3f ms; "
	       "best total %.3f ms\n",
	       RUNS, t_new / RUNS, t_build / RUNS, t_finish / RUNS, best);
}

int main(void)
{
	test_text_outputs();
	test_backend_errors();
	int skip = test_load();
	report_timing();
	printf("%d passed, %d failed\n", passed, failed);
	if (failed)
		return 1;
	return skip;
}
