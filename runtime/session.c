/* runtime_run: load, run begin, attach, poll the ring buffer until exit() or a signal, detach, run
 * end, print the maps, release everything. The order is bpftrace's: begin fires before any other
 * probe is attached and end after all of them are detached. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "runtime/resolve.h"
#include "runtime/session.h"
#include "runtime/signals.h"

#define POLL_MS 100

static void destroy(struct session *s)
{
	ring_buffer__free(s->rb);   /* NULL-safe */
	s->rb = NULL;
	rt_pcap_close(s);
	rt_links_destroy(&s->links);
	rt_session_unload(s);
	free(s->map_fds);
	s->map_fds = NULL;
	rt_resolver_free(s->out.resolve_ctx);
	s->out.resolve_ctx = NULL;
}

static bool has_trigger(const struct manifest *m, enum probe_trigger trigger)
{
	for (size_t i = 0; i < m->nprograms; i++)
		for (size_t j = 0; j < m->programs[i].nattach; j++)
			if (m->programs[i].attach[j].type->trigger == trigger)
				return true;
	return false;
}

/* No probe an event or a signal runs (test and bench probes run only in their modes): nothing
 * happens between begin and end. */
static bool only_begin_end(const struct manifest *m)
{
	for (size_t i = 0; i < m->nprograms; i++)
		for (size_t j = 0; j < m->programs[i].nattach; j++) {
			enum probe_trigger t = m->programs[i].attach[j].type->trigger;
			if (t == PROBE_ON_EVENT || t == PROBE_ON_SIGNAL)
				return false;
		}
	return true;
}

static void print_attached(struct session *s)
{
	/* By name: a USDT probe's sites are attach points of their own, one name; a kprobe and the
	 * kretprobe folded into its session program are one probe, as bpftrace counts them. */
	size_t n = s->m->nprobe_names - s->m->nsession_names;
	if (s->out.format == OUTPUT_JSON)
		fprintf(s->out.f, "{\"type\": \"attached_probes\", \"count\": %zu, \"data\": {\"probes\": %zu}}\n", n, n);
	else
		fprintf(s->out.f, "Attached %zu probe%s\n", n, n == 1 ? "" : "s");
	fflush(s->out.f);
}

/* Test-runs every program whose probe type runs at TRIGGER (begin, end or a signal), in declaration
 * order. */
static int run_triggered(struct session *s, enum probe_trigger trigger)
{
	for (size_t i = 0; i < s->m->nprograms; i++) {
		const struct mf_program *p = &s->m->programs[i];
		for (size_t j = 0; j < p->nattach; j++) {
			if (p->attach[j].type->trigger != trigger)
				continue;
			LIBBPF_OPTS(bpf_test_run_opts, topts);
			if (bpf_prog_test_run_opts(bpf_program__fd(s->progs[i]), &topts) != 0) {
				diag_plain_error(s->diags, "cannot run the %s probe: %s", p->attach[j].probe_name,
				                 strerror(errno));
				return -1;
			}
		}
	}
	return 0;
}

/* The environment attach point AT of program PROG is attached with: its cookie is its name's
 * index; the process is -p's, or as in bpftrace the -c child's. */
static struct probe_attach_env attach_env(const struct session *s, size_t prog, size_t at)
{
	int pid = s->opts->pid ? s->opts->pid : s->opts->child ? s->opts->child->pid : 0;
	bool cookies = s->m->programs[prog].cookies;
	return (struct probe_attach_env){.unsafe = s->opts->unsafe, .pid = pid, .cookies = cookies,
	                                 .cookie = cookies ? s->m->programs[prog].attach[at].name_index : 0,
	                                 .no_features = s->opts->no_features,
	                                 .session_return = s->m->programs[prog].session_return};
}

/* Notes the iterator an attach made (the links it added from BEFORE on). */
static void note_iterator(struct session *s, const struct mf_attach *a, size_t before)
{
	if (a->type->iterate && s->links.count > before) {
		s->iter_link = s->links.items[before];
		s->iter_at = a;
	}
}

static int attach_one(struct session *s, size_t prog, size_t at)
{
	const struct mf_attach *a = &s->m->programs[prog].attach[at];
	char err[512] = "";
	struct probe_attach_env env = attach_env(s, prog, at);
	size_t before = s->links.count;
	if (!a->type->attach || a->type->attach(&env, s->progs[prog], a, &s->links, err, sizeof(err)) < 0) {
		/* Printed as bpftrace prints attach failures: without a place in the script. */
		diag_plain_error(s->diags, "%s", err[0] ? err : "this probe type cannot be attached");
		return -1;
	}
	note_iterator(s, a, before);
	return 0;
}

/* Attaches program PROG's event attach points of the pass (BACKWARD: the reversed types), all
 * with one link where its type can, else one by one in the pass's order. A signal stops it early
 * (returns 1). */
static int attach_program(struct session *s, size_t prog, bool backward)
{
	const struct mf_program *p = &s->m->programs[prog];
	const struct probe_type *pt = p->nattach ? p->attach[0].type : NULL;
	if (!pt || pt->trigger != PROBE_ON_EVENT || pt->reverse != backward)
		return 0;   /* run by runtime_run, not attached; or attached in the other pass */
	if (pt->attach_many && (p->nattach > 1 || p->session_return)) {
		if (rt_signals_received())
			return 1;
		char err[512] = "";
		struct probe_attach_env env = attach_env(s, prog, 0);
		int rc = pt->attach_many(&env, s->progs[prog], p->attach, p->nattach, &s->links, err, sizeof(err));
		if (rc < 0)
			diag_plain_error(s->diags, "%s", err[0] ? err : "this probe type cannot be attached");
		if (rc <= 0)
			return rc;
	}
	for (size_t k = 0; k < p->nattach; k++) {
		if (rt_signals_received())
			return 1;
		if (attach_one(s, prog, backward ? p->nattach - 1 - k : k) < 0)
			return -1;
	}
	return 0;
}

/* Attaches so that probes on one hook fire in script order: hooks that run programs in attach
 * order get a forward pass, hooks that run the newest first get a backward pass. A signal stops
 * it early (returns 1). */
static int attach_all(struct session *s)
{
	for (size_t i = 0; i < s->m->nprograms; i++) {
		int rc = attach_program(s, i, false);
		if (rc != 0)
			return rc;
	}
	for (size_t i = s->m->nprograms; i-- > 0;) {
		int rc = attach_program(s, i, true);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* A scalar map reads as zero before its first assignment (print(@) in begin prints `@: 0`), so
 * its one entry exists from the start. hist/lhist/tseries maps have no fixed key and start empty. */
static void prefill_scalar_maps(struct session *s)
{
	for (size_t i = 0; i < s->m->nmaps; i++) {
		const struct mf_map *mm = &s->m->maps[i];
		if (mm->key || s->map_fds[i] < 0 || type_has_bucket_key(mm->value))
			continue;
		bool percpu = mm->storage == MAP_PERCPU_HASH || mm->storage == MAP_PERCPU_LRU_HASH ||
		              mm->storage == MAP_PERCPU_ARRAY;
		size_t size = percpu ? (size_t)((mm->value_size + 7) / 8 * 8) * (size_t)s->out.ncpus : mm->value_size;
		void *zero = calloc(1, size ? size : 8);
		uint64_t key = 0;
		if (zero)
			bpf_map_update_elem(s->map_fds[i], &key, zero, BPF_NOEXIST);
		free(zero);
	}
}

static int find_map_fds(struct session *s)
{
	s->map_fds = malloc((s->m->nmaps ? s->m->nmaps : 1) * sizeof(*s->map_fds));
	if (!s->map_fds)
		return -1;
	for (size_t i = 0; i < s->m->nmaps; i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(s->obj, s->m->maps[i].elf_name);
		s->map_fds[i] = map ? bpf_map__fd(map) : -1;
	}
	prefill_scalar_maps(s);
	if (s->m->ringbuf_name) {
		struct bpf_map *rb = bpf_object__find_map_by_name(s->obj, s->m->ringbuf_name);
		if (!rb) {
			diag_plain_error(s->diags, "internal error: ring buffer %s is missing from the BPF object",
			                 s->m->ringbuf_name);
			return -1;
		}
		s->rb = ring_buffer__new(bpf_map__fd(rb), rt_session_on_record, s, NULL);
		if (!s->rb) {
			diag_plain_error(s->diags, "cannot set up the ring buffer: %s", strerror(errno));
			return -1;
		}
	}
	struct bpf_map *lost = s->m->lost_name ? bpf_object__find_map_by_name(s->obj, s->m->lost_name) : NULL;
	s->lost_fd = lost ? bpf_map__fd(lost) : -1;
	return 0;
}

/* Records the programs could not write (the ring buffer was full), said as they are found, as
 * bpftrace says them: in the output, with the count since the last report. */
static void report_lost(struct session *s)
{
	uint32_t key = 0;
	uint64_t now = 0;
	if (s->lost_fd < 0 || bpf_map_lookup_elem(s->lost_fd, &key, &now) != 0 || now <= s->lost)
		return;
	unsigned long long n = now - s->lost;
	s->lost = now;
	if (s->out.format == OUTPUT_JSON)
		fprintf(s->out.f, "{\"type\": \"lost_events\", \"data\": {\"events\": %llu}}\n", n);
	else
		fprintf(s->out.f, "Lost %llu events\n", n);
	fflush(s->out.f);
}

void rt_session_drain(struct session *s)
{
	if (s->rb)
		ring_buffer__consume(s->rb);
	if (s->pb)
		perf_buffer__consume(s->pb);
	report_lost(s);
}

static int cmp_map_name(const void *a, const void *b)
{
	const struct mf_map *x = *(const struct mf_map *const *)a, *y = *(const struct mf_map *const *)b;
	return strcmp(x->name, y->name);
}

/* At exit bpftrace prints every map that has entries, sorted by name. */
static void print_maps(struct session *s)
{
	const struct mf_map **sorted = malloc((s->m->nmaps ? s->m->nmaps : 1) * sizeof(*sorted));
	if (!sorted)
		return;
	for (size_t i = 0; i < s->m->nmaps; i++)
		sorted[i] = &s->m->maps[i];
	qsort(sorted, s->m->nmaps, sizeof(*sorted), cmp_map_name);
	for (size_t i = 0; i < s->m->nmaps; i++) {
		size_t idx = (size_t)(sorted[i] - s->m->maps);
		int fd = s->map_fds[idx];
		/* Empty maps print nothing at exit. */
		void *key = malloc(sorted[i]->key_size ? sorted[i]->key_size : 8);
		bool empty = !key || bpf_map_get_next_key(fd, NULL, key) != 0;
		free(key);
		if (fd >= 0 && !empty)
			rt_output_map(&s->out, sorted[i], fd, 0, 0);
	}
	fflush(s->out.f);
	free(sorted);
}

/* Whether the -p process has exited (a zombie not yet reaped still counts as there). */
static bool traced_process_gone(int pid)
{
	return pid > 0 && kill(pid, 0) < 0 && errno == ESRCH;
}

/* Polls until exit() or SIGINT/SIGTERM. A SIGUSR1 runs the self:signal probes or, when the script
 * has none, prints every map and goes on, as bpftrace does. */
static int event_loop(struct session *s)
{
	while (!s->exit_requested && !rt_signals_received() && !(s->opts->child && runtime_child_exited(s->opts->child)) &&
	       !traced_process_gone(s->opts->pid)) {
		if (rt_signals_take_usr1()) {
			if (!has_trigger(s->m, PROBE_ON_SIGNAL))
				print_maps(s);
			else if (run_triggered(s, PROBE_ON_SIGNAL) < 0)
				return -1;
		}
		int rc = s->rb ? ring_buffer__poll(s->rb, POLL_MS) : poll(NULL, 0, POLL_MS);
		if (!s->rb && rc < 0)
			rc = -errno;
		if (s->pb)
			perf_buffer__consume(s->pb);
		report_lost(s);
		if (rc < 0 && rc != -EINTR) {
			diag_plain_error(s->diags, "reading the ring buffer failed: %s", strerror(-rc));
			return -1;
		}
	}
	return 0;
}

/* Runs the script's iterator to its end: what begin wrote comes first, then what the iterator
 * printed, then the records its program wrote (print, exit). */
static int run_iterator(struct session *s)
{
	rt_session_drain(s);
	fflush(s->out.f);
	char err[512] = "";
	if (s->iter_at->type->iterate(s->iter_link, s->iter_at, fileno(s->out.f), err, sizeof(err)) < 0) {
		diag_plain_error(s->diags, "%s", err);
		return -1;
	}
	rt_session_drain(s);
	return 0;
}

/* The normal run: attach everything, say so, then wait for events (or run the iterator) until
 * exit(), a signal or the end of the traced process. Returns 0, or -1 after reporting. */
static int run_events(struct session *s)
{
	const struct rt_options *opts = s->opts;
	int attached = attach_all(s);
	if (attached < 0)
		return -1;
	/* Said once everything is attached (begin's output is still in the ring buffer, so it follows). */
	if (attached == 0 && !opts->quiet)
		print_attached(s);
	if (opts->child)
		runtime_child_release(opts->child);
	if (opts->notify_attached) {
		/* The test harness waits for this line; it goes to stdout even with -o. */
		fflush(s->out.f);
		fputs("__BPFTRACE_NOTIFY_PROBES_ATTACHED\n", stdout);
		fflush(stdout);
	}
	if (attached == 0 && s->iter_link)
		return run_iterator(s);
	if (attached == 0 && (!only_begin_end(s->m) || opts->child))
		return event_loop(s);
	return 0;
}

int runtime_run(const void *elf, size_t elf_len, const struct manifest *m, const struct rt_options *opts,
                struct diags *diags)
{
	struct session s = {
		.m = m,
		.opts = opts,
		.diags = diags,
		.lost_fd = -1,
		.out = {.f = opts->out ? opts->out : stdout, .format = opts->format, .m = m, .hold = opts->hold_output},
	};
	s.out.resolve = rt_resolver_format;
	s.out.resolve_ctx = rt_resolver_new();
	int ncpus = libbpf_num_possible_cpus();
	s.out.ncpus = ncpus > 0 ? ncpus : 1;
	struct signals_saved saved;
	rt_signals_install(&saved);
	int status = 1;

	if (traced_process_gone(opts->pid)) {
		diag_plain_error(diags, "-p %d: no such process", opts->pid);
		goto out;
	}
	if (m->nprograms == 0) {
		/* Every probe was missing or filtered away. bpftrace says so on stdout; with -q it is
		 * still said, on stderr, since the run fails. */
		fputs("No probes to attach\n", opts->quiet ? stderr : stdout);
		goto out;
	}
	if (rt_session_load(&s, elf, elf_len) < 0 || find_map_fds(&s) < 0)
		goto out;
	rt_resolver_set_object(s.out.resolve_ctx, s.obj, m);   /* stacks are read from the object's maps */
	if (opts->dry_run) {
		if (!opts->quiet)
			print_attached(&s);
		status = 0;
		goto out;
	}
	if (rt_pcap_open(&s) < 0 || run_triggered(&s, PROBE_AT_BEGIN) < 0)
		goto out;
	int mode_status = opts->mode == RT_MODE_RUN ? run_events(&s)
	                  : opts->mode == RT_MODE_TEST ? rt_run_tests(&s) : rt_run_benches(&s);
	if (mode_status < 0)
		goto out;
	/* A program of begin/end probes only ends once begin has run: drain what begin wrote. */
	rt_session_drain(&s);

	rt_links_destroy(&s.links);
	/* Records written before the detach: printed after a signal, dropped after exit(). */
	rt_session_drain(&s);
	bool exited = s.exit_requested;
	s.exit_requested = false;   /* end's output is printed even after exit() */
	if (run_triggered(&s, PROBE_AT_END) < 0)
		goto out;
	rt_session_drain(&s);
	if (s.out.format == OUTPUT_TEXT)
		fputs("\n\n", s.out.f);   /* bpftrace separates the run's output from the maps */
	if (!m->no_maps_on_exit)
		print_maps(&s);
	status = exited || s.exit_requested ? s.exit_code : mode_status;
	if (s.systems_skipped)
		diag_print(s.diags, "WARNING", "%llu system() command%s queued when sonde was interrupted %s not run",
		        s.systems_skipped, s.systems_skipped == 1 ? "" : "s", s.systems_skipped == 1 ? "was" : "were");
	if (s.lost > s.lost_discarded)
		diag_print(s.diags, "WARNING", "%llu events were lost in all: the ring buffer was full (the perf_rb_pages "
		           "config makes it larger)", (unsigned long long)(s.lost - s.lost_discarded));

out:
	fflush(s.out.f);
	destroy(&s);
	rt_signals_restore(&saved);
	return status;
}
