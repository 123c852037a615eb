/* --mode test and --mode bench: sonde runs the script's test:NAME or bench:NAME programs itself,
 * once begin has run and instead of attaching anything. A test passes when its program returns
 * 0, calls no exit() with a non-zero code and reports no error; its output is shown only when it
 * fails. A benchmark runs, its output discarded, as many times as it takes to fill a millisecond,
 * and its average time is reported. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "runtime/session.h"

#define GREEN "\033[32m"
#define RED "\033[31m"
#define PLAIN "\033[0m"

/* How many attach points the programs have in all: room for collect(). */
static size_t attach_points(const struct session *s)
{
	size_t n = 1;
	for (size_t i = 0; i < s->m->nprograms; i++)
		n += s->m->programs[i].nattach;
	return n;
}

/* The attach points of TRIGGER's programs, in script order; their count. */
static size_t collect(const struct session *s, enum probe_trigger trigger, const struct mf_attach **at, size_t *prog,
                      size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < s->m->nprograms; i++)
		for (size_t j = 0; j < s->m->programs[i].nattach; j++)
			if (s->m->programs[i].attach[j].type->trigger == trigger && n < max) {
				at[n] = &s->m->programs[i].attach[j];
				prog[n++] = i;
			}
	return n;
}

/* One run of program PROG REPEAT times with its output going to OUT: the kernel's answer (its
 * return value, the average ns of a run) and whether it failed (exit() with a code, an error). */
struct run_result {
	uint32_t retval;
	uint64_t avg_ns;
	bool failed;
};

static int run_program(struct session *s, size_t prog, uint32_t repeat, FILE *out, struct run_result *r)
{
	FILE *real = s->out.f;
	unsigned errors = s->run_errors;
	s->out.f = out;
	s->exit_requested = false;
	s->exit_code = 0;
	/* An XDP test run needs a packet of an Ethernet header at least; the program ignores it. */
	char packet[14] = {0};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .repeat = repeat, .data_in = packet, .data_size_in = sizeof(packet));
	int rc = bpf_prog_test_run_opts(bpf_program__fd(s->progs[prog]), &opts);
	int err = errno;
	rt_session_drain(s);
	fflush(out);
	s->out.f = real;
	if (rc != 0) {
		diag_plain_error(s->diags, "cannot run the %s probe: %s", s->m->programs[prog].attach[0].probe_name,
		                 strerror(err));
		return -1;
	}
	*r = (struct run_result){.retval = opts.retval, .avg_ns = opts.duration,
	                         .failed = (s->exit_requested && s->exit_code != 0) || s->run_errors != errors};
	s->exit_requested = false;
	s->exit_code = 0;
	return 0;
}

/* A duration as bpftrace's tests print it: in the largest unit it reaches. */
static void print_duration(FILE *f, uint64_t ns)
{
	if (ns >= 1000000000)
		fprintf(f, " (%llu s)\n", (unsigned long long)(ns / 1000000000));
	else if (ns >= 1000000)
		fprintf(f, " (%llu ms)\n", (unsigned long long)(ns / 1000000));
	else if (ns >= 1000)
		fprintf(f, " (%llu \u03bcs)\n", (unsigned long long)(ns / 1000));
	else
		fprintf(f, " (%llu ns)\n", (unsigned long long)ns);
}

static void json_result(FILE *f, const char *kind, const char *name, const char *fields)
{
	struct strbuf sb = {0};
	rt_out_json_string(&sb, name, strlen(name));
	fprintf(f, "{\"type\": \"%s\", \"data\": {%s: {%s}}}\n", kind, sb.buf ? sb.buf : "\"\"", fields);
	sb_free(&sb);
}

static void test_result(struct session *s, const char *name, const struct run_result *r, bool passed,
                        const char *output)
{
	FILE *f = s->out.f;
	if (s->out.format == OUTPUT_JSON) {
		struct strbuf text = {0}, fields = {0};
		rt_out_json_string(&text, output, strlen(output));
		sb_printf(&fields, "\"duration\": %llu, \"passed\": %s, \"output\": %s", (unsigned long long)r->avg_ns,
		          passed ? "true" : "false", text.buf ? text.buf : "\"\"");
		json_result(f, "test_result", name, fields.buf);
		sb_free(&text);
		sb_free(&fields);
		return;
	}
	fprintf(f, GREEN "[ RUN      ]" PLAIN " %s\n", name);
	if (!passed)   /* a failure shows what the test printed, without its blank lines */
		for (const char *l = output; *l;) {
			size_t n = strcspn(l, "\n");
			if (n)
				fprintf(f, "%.*s\n", (int)n, l);
			l += n + (l[n] == '\n');
		}
	fprintf(f, passed ? GREEN "[       OK ]" PLAIN " %s" : RED "[  FAILED  ]" PLAIN " %s", name);
	print_duration(f, r->avg_ns);
}

static void test_summary(FILE *f, const struct mf_attach **at, const bool *passed, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++)
		failed += !passed[i];
	fprintf(f, GREEN "[==========]" PLAIN " %zu test%s ran.\n", n, n == 1 ? "" : "s");
	fprintf(f, GREEN "[  PASSED  ]" PLAIN " %zu test%s.\n", n - failed, n - failed == 1 ? "" : "s");
	if (!failed)
		return;
	fprintf(f, RED "[  FAILED  ]" PLAIN " %zu test%s, listed below:\n", failed, failed == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		if (!passed[i])
			fprintf(f, RED "[  FAILED  ]" PLAIN " %s\n", at[i]->func);
}

int rt_run_tests(struct session *s)
{
	size_t max = attach_points(s), *prog = calloc(max, sizeof(*prog));
	const struct mf_attach **at = calloc(max, sizeof(*at));
	bool *passed = calloc(max, sizeof(*passed));
	int status = prog && at && passed ? 0 : -1;
	size_t n = status == 0 ? collect(s, PROBE_IN_TEST, at, prog, max) : 0;
	bool failed = false;
	rt_session_drain(s);   /* begin's output, before any test's */
	if (n && s->out.format == OUTPUT_TEXT)
		fprintf(s->out.f, GREEN "[==========]" PLAIN " Running %zu test%s.\n", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && status == 0; i++) {
		char *output = NULL;
		size_t len = 0;
		FILE *capture = open_memstream(&output, &len);
		struct run_result r;
		if (!capture || run_program(s, prog[i], 1, capture, &r) < 0)
			status = -1;
		if (capture)
			fclose(capture);
		if (status == 0) {
			passed[i] = r.retval == 0 && !r.failed;
			test_result(s, at[i]->func, &r, passed[i], output ? output : "");
			failed |= !passed[i];
		}
		free(output);
	}
	if (n && s->out.format == OUTPUT_TEXT && status >= 0)
		test_summary(s->out.f, at, passed, n);
	free(prog);
	free(at);
	free(passed);
	return status < 0 ? status : failed;
}

/* bpftrace's table: the name in a column as wide as the longest (40 at least), then the
 * average time, then the iterations; a header and a rule before the first row. */
static void bench_result(struct session *s, const struct mf_attach **at, size_t n, const char *name, bool first,
                         uint64_t avg, uint64_t iters)
{
	FILE *f = s->out.f;
	if (s->out.format == OUTPUT_JSON) {
		char fields[96];
		snprintf(fields, sizeof(fields), "\"average\": %llu, \"iters\": %llu", (unsigned long long)avg,
		         (unsigned long long)iters);
		json_result(f, "benchmark_result", name, fields);
		return;
	}
	int width = 40;
	for (size_t k = 0; k < n; k++)
		if ((int)strlen(at[k]->func) > width)
			width = (int)strlen(at[k]->func);
	if (first) {
		fprintf(f, "%-*s%-15s%s\n", width + 1, "Benchmark", "Time(ns)", "Iterations");
		for (int k = 0; k < width + 1 + 15 + 10; k++)
			fputc('-', f);
		fputc('\n', f);
	}
	fprintf(f, "%-*s%-15llu%llu\n", width + 1, name, (unsigned long long)avg, (unsigned long long)iters);
}

/* Runs bench program PROG more times each round until the runs take a millisecond in all. */
static int bench_one(struct session *s, size_t prog, FILE *discard, uint64_t *avg, uint64_t *iters, bool *skipped)
{
	uint64_t repeat = 1;
	for (;;) {
		struct run_result r;
		if (run_program(s, prog, (uint32_t)repeat, discard, &r) < 0)
			return -1;
		*skipped = !r.failed && r.retval != 0;   /* a benchmark returns 1 to skip itself */
		if (*skipped)
			return 0;
		uint64_t total = r.avg_ns * repeat;
		uint64_t grow = total < 1000 ? 1000 : total < 10000 ? 100 : total < 100000 ? 10 : total < 1000000 ? 2 : 1;
		if (grow > 1 && repeat * grow <= UINT32_MAX) {
			repeat *= grow;
			continue;
		}
		if (r.failed)
			return 1;
		*avg = r.avg_ns;
		*iters = repeat;
		return 0;
	}
}

int rt_run_benches(struct session *s)
{
	size_t max = attach_points(s), *prog = calloc(max, sizeof(*prog));
	const struct mf_attach **at = calloc(max, sizeof(*at));
	FILE *discard = fopen("/dev/null", "w");
	int status = prog && at && discard ? 0 : -1;
	size_t n = status == 0 ? collect(s, PROBE_IN_BENCH, at, prog, max) : 0;
	rt_session_drain(s);   /* begin's output, before the table */
	for (size_t i = 0, shown = 0; i < n && status >= 0; i++) {
		uint64_t avg = 0, iters = 0;
		bool skipped = false;
		int rc = bench_one(s, prog[i], discard, &avg, &iters, &skipped);
		if (rc < 0)
			status = -1;
		else if (rc > 0) {
			diag_plain_error(s->diags, "Benchmark '%s' failed.", at[i]->func);
			status = 1;
		} else if (!skipped)
			bench_result(s, at, n, at[i]->func, shown++ == 0, avg, iters);
	}
	s->lost_discarded = s->lost;   /* what the benchmarks' runs could not write was thrown away anyway */
	if (discard)
		fclose(discard);
	free(prog);
	free(at);
	return status;
}
