/* Opening and loading the BPF object. libbpf stays silent unless -v; a verifier rejection becomes
 * one ERROR line naming the probe, the verifier's reason and, when line info is there, the script
 * line (with -v the whole log follows); a helper the verifier refuses in a probe is reported at
 * each call the script makes of it (the manifest's helper sites); a map the kernel refuses is
 * named. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "runtime/session.h"

#define LOG_SIZE (4u << 20)

static int print_silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level, (void)fmt, (void)ap;
	return 0;
}

static int print_verbose(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

/* Lines of the log that are not the reason: instruction dumps ("12: (85) call ..."), register
 * states, source lines ("; x @ file:3"), and the summary the verifier appends. */
static bool is_noise(const char *line)
{
	if (!*line || *line == ';')
		return true;
	if (isdigit((unsigned char)*line)) {
		const char *p = line;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == ':')
			return true;
	}
	static const char *const prefixes[] = {"processed ", "verification time", "stack depth", "func#",
	                                       "mark_precise", "last_idx", "from ", "R", "frame", "Validating",
	                                       "libbpf:", "-- ", "cur state", "old state", "arg#"};
	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(line, prefixes[i], n) == 0) {
			/* "R1 invalid mem access" is a reason; "R1_w=..." register dumps are not. */
			if (prefixes[i][0] == 'R' && n == 1)
				return strchr(line, '=') != NULL || !strchr(line, ' ');
			return true;
		}
	}
	return false;
}

/* Finds the verifier's reason (the last non-noise line) and the last source line before it. */
static void summarise_log(const char *log, char *reason, size_t rlen, char *where, size_t wlen)
{
	reason[0] = where[0] = '\0';
	char *copy = strdup(log);
	if (!copy)
		return;
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (line[0] == ';' && strstr(line, " @ ")) {
			snprintf(where, wlen, "%s", line + 1);
			continue;
		}
		if (!is_noise(line))
			snprintf(reason, rlen, "%s", line);
	}
	free(copy);
}

/* The script line a verifier source note ("text @ NAME:LINE", from the program's line info)
 * points at, as a range over the whole line; false when it names another file. */
static bool script_line(const struct source *src, const char *where, struct loc *loc)
{
	const char *at = strstr(where, "@ ");
	if (!src || !src->name || !src->text || !at)
		return false;
	at += 2;
	/* The line info names the script by its base name (codegen's debug unit). */
	const char *slash = strrchr(src->name, '/');
	const char *name = slash ? slash + 1 : src->name;
	size_t n = strlen(name);
	if (strncmp(at, name, n) != 0 || at[n] != ':')
		return false;
	int line = atoi(at + n + 1);
	const char *p = src->text;
	for (int l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (line < 1 || !p)
		return false;
	size_t len = strcspn(p, "\n");
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
		len--;
	size_t lead = strspn(p, " \t");
	if (lead >= len)
		return false;
	*loc = (struct loc){line, (int)lead + 1, line, (int)len + 1};
	return true;
}

static const char *probe_of(const struct mf_program *p)
{
	return p->nattach ? p->attach[0].probe_name : p->func_name;
}

/* The program the kernel rejected and its log. libbpf asks for a log only when a load fails, and
 * every program logs into the shared buffer at its own offset (its index), so the rejected one is
 * the first whose log does not start with NUL; NULL when none logged (a map failed first, say).
 * Load failures close every program's fd, so the fds cannot tell. */
static size_t rejected_program(const struct session *s, const char **log)
{
	for (size_t i = 0; i < s->m->nprograms; i++) {
		size_t size = 0;
		const char *buf = s->progs[i] ? bpf_program__log_buf(s->progs[i], &size) : NULL;
		if (buf && size && buf[0]) {
			*log = buf;
			return i;
		}
	}
	*log = NULL;
	return s->m->nprograms;
}

/* When no program was rejected, a map may be what the kernel refused: each is created again on its
 * own (and closed) to find which, as bpftrace names it. A refusal for want of privilege is about
 * the whole run, not one map. Returns true when it reported one. */
static bool report_map_failure(struct session *s)
{
	struct bpf_map *map;
	bpf_object__for_each_map(map, s->obj) {
		LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = bpf_map__map_flags(map));
		int fd = bpf_map_create(bpf_map__type(map), NULL, bpf_map__key_size(map), bpf_map__value_size(map),
		                        bpf_map__max_entries(map), &o);
		if (fd >= 0) {
			close(fd);
			continue;
		}
		int err = errno;
		if (err == EPERM || err == EACCES)
			return false;
		const char *name = bpf_map__name(map);
		for (size_t i = 0; i < s->m->nmaps; i++)
			if (strcmp(s->m->maps[i].elf_name, name) == 0)
				name = s->m->maps[i].name;
		diag_plain_error(s->diags, "failed to create map: '%s': %s", name, strerror(err));
		return true;
	}
	return false;
}

/* NAME#ID at P, as the verifier names a helper ("bpf_d_path#147"): its name into NAME, returns
 * its number, or -1 when P is not one. */
static int helper_ref(const char *p, char *name, size_t len)
{
	size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	if (!n || p[n] != '#' || !isdigit((unsigned char)p[n + 1]))
		return -1;
	snprintf(name, len, "%.*s", (int)n, p);
	return atoi(p + n + 1);
}

/* The helper a verifier log refuses: "program of this type cannot use helper bpf_x#N" names it,
 * "unknown func bpf_x#N" names one this kernel lacks (*MISSING), "helper call is not allowed in
 * probe" follows the refused call's dump ("37: (85) call bpf_x#N"). Its name goes to NAME;
 * returns its number, or -1 when the log refuses no helper. */
static int refused_helper(const char *log, char *name, size_t len, bool *missing)
{
	static const char cannot[] = "program of this type cannot use helper ";
	static const char unknown[] = "unknown func ";
	const char *at = strstr(log, cannot);
	*missing = false;
	if (at)
		return helper_ref(at + strlen(cannot), name, len);
	at = strstr(log, unknown);
	if (at && helper_ref(at + strlen(unknown), name, len) >= 0) {
		*missing = true;
		return helper_ref(at + strlen(unknown), name, len);
	}
	const char *refusal = strstr(log, "helper call is not allowed in probe");
	int id = -1;
	static const char call[] = ": (85) call ";
	for (const char *line = log; refusal && line && line < refusal;) {
		const char *p = line + strspn(line, "0123456789");
		if (p > line && strncmp(p, call, strlen(call)) == 0) {
			int n = helper_ref(p + strlen(call), name, len);
			if (n >= 0)
				id = n;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return id;
}

/* A helper the kernel refuses in program IDX: bpftrace's "helper NAME not allowed in probe" (or
 * that this kernel lacks it) at each place of the script the program calls it (all of them must
 * change), or at none when no place is known. */
static void report_refused_helper(struct session *s, size_t idx, int id, const char *name, bool missing)
{
	FILE *out = s->diags->out ? s->diags->out : stderr;
	const char *why = missing ? "is not available in this kernel" : "not allowed in probe";
	bool located = false;
	for (size_t i = 0; i < s->m->nhelper_sites; i++) {
		const struct mf_helper_site *site = &s->m->helper_sites[i];
		if (site->helper != id || site->program != idx || !site->loc)
			continue;
		fprintf(out, "%s: ERROR: helper %s %s\n%s", site->loc, name, why,
		        site->loc_source ? site->loc_source : "");
		s->diags->errors++;
		located = true;
	}
	if (!located)
		diag_plain_error(s->diags, "helper %s %s", name, why);
}

/* Any other rejection: the verifier's reason, at the script line its log last points at, or at the
 * probe when the log names none (a log trimmed to log_size may have lost it). */
static void report_rejection(struct session *s, const struct mf_program *failed, const char *log, int err)
{
	char reason[512], where[512];
	summarise_log(log ? log : "", reason, sizeof(reason), where, sizeof(where));
	if (!reason[0]) {
		diag_plain_error(s->diags, "failed to load the BPF programs%s%s: %s", failed ? " for " : "",
		                 failed ? probe_of(failed) : "", strerror(err < 0 ? -err : err));
		return;
	}
	char *w = where;
	while (*w == ' ')
		w++;
	struct loc loc;
	if (script_line(s->diags->src, w, &loc))
		diag_error(s->diags, loc, "the kernel's verifier rejected %s: %s", failed ? probe_of(failed) : "a probe",
		           reason);
	else if (failed && failed->nattach && failed->attach[0].loc.first_line > 0)
		diag_error(s->diags, failed->attach[0].loc, "the kernel's verifier rejected %s: %s%s%s%s", probe_of(failed),
		           reason, *w ? " (at " : "", w, *w ? ")" : "");
	else
		diag_plain_error(s->diags, "the kernel's verifier rejected %s: %s%s%s%s",
		                 failed ? probe_of(failed) : "a probe", reason, *w ? " (at " : "", w, *w ? ")" : "");
}

static void report_load_failure(struct session *s, int err)
{
	const char *log;
	size_t idx = rejected_program(s, &log);
	if (!log && report_map_failure(s))
		return;
	/* Nothing logged: libbpf stopped before the first program. */
	const struct mf_program *failed = idx < s->m->nprograms ? &s->m->programs[idx]
	                                  : s->m->nprograms ? &s->m->programs[0] : NULL;
	char helper[64];
	bool missing;
	int id = log ? refused_helper(log, helper, sizeof(helper), &missing) : -1;
	if (id >= 0)
		report_refused_helper(s, idx, id, helper, missing);
	else
		report_rejection(s, failed, log, err);
	if (s->opts->verbose && log && log[0])
		fprintf(stderr, "---- verifier log ----\n%s---- end of verifier log ----\n", log);
	size_t room = s->log_size - (idx < s->m->nprograms ? idx : 0);
	if (log && (err == -ENOSPC || strlen(log) + 1 >= room))
		diag_print(s->diags, "WARNING", "Kernel log seems to be trimmed: the verifier filled all %zu bytes of its "
		           "log, so the reason above may not be the first; raise log_size (config = { log_size = N; } or "
		           "BPFTRACE_LOG_SIZE)", room);
}

int rt_session_load(struct session *s, const void *elf, size_t elf_len)
{
	s->old_print = libbpf_set_print(s->opts->verbose ? print_verbose : print_silent);
	s->print_set = true;

	/* Probe types this kernel cannot do are refused before anything runs (begin included). */
	for (size_t i = 0; i < s->m->nprograms; i++) {
		const struct mf_program *p = &s->m->programs[i];
		for (size_t j = 0; j < p->nattach; j++) {
			const struct probe_type *pt = p->attach[j].type;
			const char *why = pt->unavailable ? pt->unavailable() : NULL;
			if (why) {
				/* sonde's own refusal (no bpftrace text to match): point at the attach point. */
				const struct mf_attach *at = &p->attach[j];
				if (at->loc.first_line > 0)
					diag_error(s->diags, at->loc, "Unable to attach probe: %s: %s", at->probe_name, why);
				else
					diag_plain_error(s->diags, "Unable to attach probe: %s: %s", at->probe_name, why);
				return -1;
			}
		}
	}

	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "sonde");
	s->obj = bpf_object__open_mem(elf, elf_len, &oo);
	if (!s->obj) {
		diag_plain_error(s->diags, "cannot open the compiled BPF object: %s", strerror(errno));
		return -1;
	}
	/* Program I logs at offset I (rejected_program), with at least log_size bytes. */
	s->log_size = (s->m->log_size ? s->m->log_size : LOG_SIZE) + s->m->nprograms;
	s->log_buf = calloc(1, s->log_size);
	s->progs = calloc(s->m->nprograms ? s->m->nprograms : 1, sizeof(*s->progs));
	if (!s->log_buf || !s->progs) {
		diag_plain_error(s->diags, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < s->m->nprograms; i++) {
		const struct mf_program *p = &s->m->programs[i];
		struct bpf_program *prog = bpf_object__find_program_by_name(s->obj, p->func_name);
		if (!prog) {
			diag_plain_error(s->diags, "internal error: program %s for %s is missing from the BPF object",
			                 p->func_name, probe_of(p));
			return -1;
		}
		s->progs[i] = prog;
		const struct probe_type *pt = p->nattach ? p->attach[0].type : NULL;
		/* The section already implies the type; setting it makes any section name work. */
		if (pt && pt->prog_type != BPF_PROG_TYPE_UNSPEC && (int)bpf_program__type(prog) != pt->prog_type)
			bpf_program__set_type(prog, (enum bpf_prog_type)pt->prog_type);
		char err[256] = "";
		struct probe_attach_env env = {.unsafe = s->opts->unsafe, .pid = s->opts->pid,
		                               .no_features = s->opts->no_features, .session_return = p->session_return};
		if (pt && pt->before_load && pt->before_load(&env, prog, p->attach, p->nattach, err, sizeof(err)) < 0) {
			diag_error(s->diags, p->attach[0].loc, "%s", err);
			return -1;
		}
		/* One buffer for all, each at its own offset: only the failing load writes to it. */
		bpf_program__set_log_buf(prog, s->log_buf + i, s->log_size - i);
	}
	/* ustack(build_id)'s stack maps keep build ids and offsets, not addresses. */
	struct bpf_map *map;
	bpf_object__for_each_map(map, s->obj)
		if (strncmp(bpf_map__name(map), STACK_BUILD_ID_MAP_PREFIX, strlen(STACK_BUILD_ID_MAP_PREFIX)) == 0)
			bpf_map__set_map_flags(map, BPF_F_STACK_BUILD_ID);
	int err = bpf_object__load(s->obj);
	if (err) {
		report_load_failure(s, err);
		return -1;
	}
	return 0;
}

void rt_session_unload(struct session *s)
{
	bpf_object__close(s->obj);   /* NULL-safe; closes every program and map fd */
	s->obj = NULL;
	free(s->progs);
	s->progs = NULL;
	free(s->log_buf);
	s->log_buf = NULL;
	if (s->print_set) {
		libbpf_set_print(s->old_print);
		s->print_set = false;
	}
}
