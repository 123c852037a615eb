/* The ring buffer's records: a u64 index into manifest.events, then that event's payload. Each is
 * handled at once by its kind's row of handlers[] and the output flushed, so sonde's lines
 * interleave correctly with anything else writing to the same terminal or pipe. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>

#include "runtime/resolve.h"
#include "runtime/session.h"
#include "runtime/signals.h"


static uint64_t read_uint(const struct type *t, const uint8_t *p)
{
	switch (t ? t->size : 8) {
	case 1: return *p;
	case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
	case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
	default: { uint64_t v; memcpy(&v, p, 8); return v; }
	}
}

static int64_t read_int(const struct type *t, const uint8_t *p)
{
	uint64_t v = read_uint(t, p);
	unsigned bits = t ? t->size * 8 : 64;
	if (t && t->is_signed && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~0ull << bits;
	return (int64_t)v;
}

static void json_string(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			if (c < 0x20)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

/* Text as is, or {"type": TYPE, "data": "..."} on one line for JSON. */
static void emit_text(struct session *s, const char *json_type, const char *text, size_t n)
{
	FILE *f = s->out.f;
	if (s->out.format == OUTPUT_JSON) {
		fprintf(f, "{\"type\": \"%s\", \"data\": ", json_type);
		json_string(f, text, n);
		fputs("}\n", f);
	} else {
		fwrite(text, 1, n, f);
	}
}

/* printf-style formatting of an event's FMT and payload into a malloc'd string. */
static char *format_event(struct session *s, const struct mf_event *ev, const uint8_t *payload, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&buf, &n);
	if (!mem)
		return NULL;
	struct output tmp = s->out;
	tmp.f = mem;
	tmp.format = OUTPUT_TEXT;
	rt_output_printf(&tmp, ev->fmt ? ev->fmt : "", ev->args, payload);
	fclose(mem);
	if (len)
		*len = n;
	return buf;
}

static void do_time(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	time_t now = time(NULL);
	struct tm tm;
	char buf[512];
	localtime_r(&now, &tm);
	size_t n = strftime(buf, sizeof(buf), ev->fmt ? ev->fmt : "%H:%M:%S\n", &tm);
	emit_text(s, "time", buf, n);
}

static void do_cat(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	char *path = format_event(s, ev, payload, NULL);
	if (!path)
		return;
	FILE *f = fopen(path, "re");
	if (!f) {
		fflush(s->out.f);
		diag_print(s->diags, "ERROR", "failed to open file '%s' (%s)", path, strerror(errno));
		free(path);
		return;
	}
	size_t max = s->m->max_cat_bytes;   /* config max_cat_bytes */
	char *buf = malloc(max ? max : 1);
	size_t n = buf ? fread(buf, 1, max, f) : 0;
	fclose(f);
	if (buf)
		emit_text(s, "cat", buf, n);
	free(buf);
	free(path);
}

static void do_system(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	if (!s->opts->unsafe) {
		diag_print(s->diags, "ERROR", "system() needs --unsafe");
		return;
	}
	/* Once interrupted, the commands still queued are not run (under load they can be thousands,
	 * seconds of work): sonde says how many at the end. */
	if (rt_signals_received()) {
		s->systems_skipped++;
		return;
	}
	char *cmd = format_event(s, ev, payload, NULL);
	if (!cmd)
		return;
	fflush(s->out.f);
	/* The command's output is captured and printed as ours, so it lands in -o files and JSON too. */
	FILE *p = popen(cmd, "re");
	if (!p) {
		diag_print(s->diags, "ERROR", "cannot run '%s': %s", cmd, strerror(errno));
		free(cmd);
		return;
	}
	char *out = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&out, &n);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), p)) > 0)
		if (mem)
			fwrite(chunk, 1, got, mem);
	pclose(p);
	if (mem) {
		fclose(mem);
		emit_text(s, "syscall", out, n);
	}
	free(out);
	free(cmd);
}

static void do_join(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	if (!ev->args || ev->args->count < 1)
		return;
	const struct type_field *fld = &ev->args->fields[0];
	const uint8_t *p = payload + fld->offset;
	const char *sep = ev->fmt ? ev->fmt : " ";
	struct strbuf sb = {0};
	if (fld->type->kind == TY_ARRAY && fld->type->elem) {
		uint32_t esz = fld->type->elem->size;
		for (uint32_t i = 0; i < fld->type->count; i++) {
			const char *str = (const char *)p + (size_t)i * esz;
			size_t len = strnlen(str, esz);
			if (len == 0)
				break;   /* the program stops reading at the array's NULL */
			if (i)
				sb_puts(&sb, sep);
			sb_putn(&sb, str, len);
		}
	} else {
		sb_putn(&sb, (const char *)p, strnlen((const char *)p, fld->type->size));
	}
	emit_text(s, "join", sb.buf ? sb.buf : "", sb.len);
	if (s->out.format == OUTPUT_TEXT)
		fputc('\n', s->out.f);   /* JSON records end their own line */
	sb_free(&sb);
}

static void do_errorf(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	if (ev->warning && s->opts->no_warnings)
		return;
	s->run_errors += !ev->warning;
	size_t n;
	char *msg = format_event(s, ev, payload, &n);
	if (!msg)
		return;
	fflush(s->out.f);
	/* As a compile-time diagnostic: "stdin:1:9-62: ERROR: msg", the line, a marker under the call. */
	const char *level = ev->warning ? "WARNING" : "ERROR";
	if (n && msg[n - 1] == '\n')
		msg[n - 1] = '\0';
	const char *on = s->diags->color ? diag_color_start(level) : "", *off = s->diags->color ? DIAG_COLOR_END : "";
	if (ev->loc)
		fprintf(stderr, "%s%s: %s: %s%s\n%s", on, ev->loc, level, msg, off, ev->loc_source ? ev->loc_source : "");
	else
		fprintf(stderr, "%s%s: %s%s\n", on, level, msg, off);
	free(msg);
}

/* -k: a helper the kernel failed, as bpftrace reports it: text on stderr with the place in the
 * script, JSON as a helper_error record in the output. */
static void do_helper_error(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	if (s->opts->no_warnings || !ev->args)
		return;
	int64_t ret;
	memcpy(&ret, payload + ev->args->fields[0].offset, sizeof(ret));
	const char *msg = strerror((int)-ret);
	if (s->out.format == OUTPUT_JSON) {
		struct strbuf sb = {0};
		sb_puts(&sb, "{\"type\": \"helper_error\", \"msg\": ");
		rt_out_json_string(&sb, msg, strlen(msg));
		sb_puts(&sb, ", \"helper\": ");
		rt_out_json_string(&sb, ev->fmt, strlen(ev->fmt));
		sb_printf(&sb, ", \"retcode\": %lld, \"filename\": ", (long long)ret);
		const char *file = ev->loc_file ? ev->loc_file : "";
		rt_out_json_string(&sb, file, strlen(file));
		sb_printf(&sb, ", \"line\": %d, \"col\": %d}\n", ev->loc_line, ev->loc_col);
		fputs(sb.buf, s->out.f);
		sb_free(&sb);
		return;
	}
	fflush(s->out.f);
	bool color = s->diags->color;
	fprintf(stderr, "%s%s%sWARNING: Failed to %s: %s (%lld)%s\n%s", color ? diag_color_start("WARNING") : "",
	        ev->loc ? ev->loc : "", ev->loc ? ": " : "", ev->fmt, msg, (long long)ret, color ? DIAG_COLOR_END : "",
	        ev->loc_source ? ev->loc_source : "");
}

static uint64_t arg_u64(const struct mf_event *ev, const uint8_t *payload, uint32_t i)
{
	if (!ev->args || ev->args->count <= i)
		return 0;
	return read_uint(ev->args->fields[i].type, payload + ev->args->fields[i].offset);
}

static void do_printf(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	rt_output_printf(&s->out, ev->fmt ? ev->fmt : "", ev->args, payload);
}

static void do_print_value(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	if (ev->args && ev->args->count > 0)
		rt_output_value(&s->out, ev->args->fields[0].type, payload + ev->args->fields[0].offset);
}

/* The event's map, when it names one of the manifest's. */
static bool has_map(const struct session *s, const struct mf_event *ev)
{
	return ev->map >= 0 && (size_t)ev->map < s->m->nmaps;
}

static void do_print_map(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	if (has_map(s, ev) && s->map_fds[ev->map] >= 0)
		rt_output_map(&s->out, &s->m->maps[ev->map], s->map_fds[ev->map], arg_u64(ev, payload, 0),
		           arg_u64(ev, payload, 1));
}

static void do_clear_map(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	if (has_map(s, ev))
		rt_session_clear_map(s, ev->map);
}

static void do_zero_map(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	if (has_map(s, ev))
		rt_session_zero_map(s, ev->map);
}

static void do_exit(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	s->exit_requested = true;
	s->exit_code = ev->args && ev->args->count
	             ? (int)read_int(ev->args->fields[0].type, payload + ev->args->fields[0].offset)
	             : 0;
}

/* A process whose user addresses were just recorded: its mappings are read while it lives. */
static void do_process_seen(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
	uint32_t pid;
	memcpy(&pid, payload + ev->args->fields[0].offset, sizeof(pid));
	rt_usyms_note_process(rt_resolver_usyms(s->out.resolve_ctx), (int)pid);
}

/* Records that never come through the ring buffer (skboutput's: runtime/pcap.c reads them). */
static void do_nothing(struct session *s, const struct mf_event *ev, const uint8_t *payload)
{
}

/* What the runtime does with each kind of record: one row per enum mf_event_kind. */
typedef void event_handler(struct session *s, const struct mf_event *ev, const uint8_t *payload);

#define EVENT_HANDLERS(X)                 \
	X(EV_PRINTF, do_printf)           \
	X(EV_PRINT_VALUE, do_print_value) \
	X(EV_PRINT_MAP, do_print_map)     \
	X(EV_CLEAR_MAP, do_clear_map)     \
	X(EV_ZERO_MAP, do_zero_map)       \
	X(EV_EXIT, do_exit)               \
	X(EV_TIME, do_time)               \
	X(EV_CAT, do_cat)                 \
	X(EV_SYSTEM, do_system)           \
	X(EV_JOIN, do_join)               \
	X(EV_ERRORF, do_errorf)           \
	X(EV_SKB_OUTPUT, do_nothing)      \
	X(EV_PROCESS_SEEN, do_process_seen) \
	X(EV_HELPER_ERROR, do_helper_error)

#define HANDLER_ROW(kind, fn) [kind] = fn,
static event_handler *const handlers[EV_KIND_COUNT] = {EVENT_HANDLERS(HANDLER_ROW)};

/* Every kind has a row: the rows' bits make up all kinds (a repeated row is an initializer
 * override, which -Wextra turns into an error). */
#define HANDLER_BIT(kind, fn) | (1ull << (kind))
_Static_assert(EV_KIND_COUNT < 64, "event kinds fit a 64-bit mask");
_Static_assert((0 EVENT_HANDLERS(HANDLER_BIT)) == (1ull << EV_KIND_COUNT) - 1,
               "every enum mf_event_kind has a row in handlers[]");

/* One record, printed. */
static void on_record(struct session *s, void *data, size_t size)
{
	if (s->exit_requested || size < 8)
		return;   /* after exit(), as bpftrace: nothing more is printed until end probes run */
	uint64_t idx;
	memcpy(&idx, data, 8);
	if (idx >= s->m->nevents)
		return;
	const struct mf_event *ev = &s->m->events[idx];
	const uint8_t *payload = (const uint8_t *)data + 8;
	if (ev->args && size < 8 + ev->args->size)
		return;   /* a short record would make us read past it */
	if ((unsigned)ev->kind < EV_KIND_COUNT)
		handlers[ev->kind](s, ev, payload);
	if (!s->out.hold)
		fflush(s->out.f);   /* an event's output is complete: line buffering's unit */
}

int rt_session_on_record(void *ctx, void *data, size_t size)
{
	struct session *s = ctx;
	on_record(s, data, size);
	/* A signal ends the poll even while the probes write faster than sonde reads (system() per
	 * context switch makes more switches). The record at hand is printed first: libbpf has
	 * consumed it. Those after it are read once the probes are detached. */
	return s->links.count && rt_signals_received() ? -EINTR : 0;
}

static bool is_array(enum mf_map_storage st)
{
	return st == MAP_ARRAY || st == MAP_PERCPU_ARRAY;
}

static bool is_percpu(enum mf_map_storage st)
{
	return st == MAP_PERCPU_HASH || st == MAP_PERCPU_ARRAY || st == MAP_PERCPU_LRU_HASH;
}

/* Every key of FD (key size KSZ) as one malloc'd block; snapshotting first keeps the walk valid
 * while entries are deleted. */
static uint8_t *snapshot_keys(int fd, uint32_t ksz, size_t *n)
{
	size_t cap = 64;
	*n = 0;
	uint8_t *keys = malloc(cap * ksz);
	const void *prev = NULL;
	while (keys) {
		if (*n == cap) {
			uint8_t *nk = realloc(keys, cap * 2 * ksz);
			if (!nk)
				break;
			keys = nk;
			cap *= 2;
		}
		if (bpf_map_get_next_key(fd, prev, keys + *n * ksz) != 0)
			break;
		prev = keys + *n * ksz;
		(*n)++;
	}
	return keys;
}

int rt_session_zero_map(struct session *s, int map_index)
{
	const struct mf_map *map = &s->m->maps[map_index];
	int fd = s->map_fds[map_index];
	if (fd < 0)
		return -1;
	size_t vsz = is_percpu(map->storage) ? (((size_t)map->value_size + 7) & ~(size_t)7) * (size_t)s->out.ncpus
	                                     : map->value_size;
	size_t n;
	uint8_t *keys = snapshot_keys(fd, map->key_size, &n);
	uint8_t *zero = calloc(1, vsz ? vsz : 1);
	for (size_t i = 0; keys && zero && i < n; i++)
		bpf_map_update_elem(fd, keys + i * map->key_size, zero, BPF_EXIST);
	free(zero);
	free(keys);
	return 0;
}

int rt_session_clear_map(struct session *s, int map_index)
{
	const struct mf_map *map = &s->m->maps[map_index];
	int fd = s->map_fds[map_index];
	if (fd < 0)
		return -1;
	if (is_array(map->storage))
		return rt_session_zero_map(s, map_index);   /* array entries cannot be deleted */
	size_t n;
	uint8_t *keys = snapshot_keys(fd, map->key_size, &n);
	for (size_t i = 0; keys && i < n; i++)
		bpf_map_delete_elem(fd, keys + i * map->key_size);
	free(keys);
	return 0;
}
