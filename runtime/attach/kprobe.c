/* kprobe:[module:]function[+offset] and kretprobe:[module:]function. Wildcards match tracefs's
 * available_filter_functions. Kernels built without CONFIG_KPROBES (this project's CI kernel among
 * them) have no kprobe PMU: attaching then fails with a message that names the alternative. */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runtime/attach/attach.h"

static const char *kprobes_unavailable(void)
{
	struct stat st;
	if (stat("/sys/bus/event_source/devices/kprobe/type", &st) == 0)
		return NULL;
	return "kprobes are not available on this kernel (CONFIG_KPROBES is off: no kprobe PMU in "
	       "/sys/bus/event_source/devices); use a tracepoint such as tracepoint:syscalls:sys_enter_* or a "
	       "rawtracepoint instead";
}

static void push(enum attach_kind kind, const char *prov, const char *module, const char *fn, uint64_t off,
                 struct arena *arena, struct attach_list *out)
{
	struct mf_attach at = {
		.kind = kind,
		.target = module ? arena_strdup(arena, module) : NULL,
		.func = arena_strdup(arena, fn),
		.value = off,
	};
	const char *mod = module ? arena_printf(arena, "%s:", module) : "";
	at.probe_name = off ? arena_printf(arena, "%s:%s%s+%llu", prov, mod, fn, (unsigned long long)off)
	                    : arena_printf(arena, "%s:%s%s", prov, mod, fn);
	attach_list_push(arena, out, at);
}

/* Appends functions in available_filter_functions ("name" or "name [module]") matching. */
static void expand_wildcard(enum attach_kind kind, const char *prov, const char *module, const char *pattern,
                            struct arena *arena, struct attach_list *out)
{
	const char *root = tracefs_path();
	if (!root)
		return;
	char path[512];
	snprintf(path, sizeof(path), "%s/available_filter_functions", root);
	char *text = read_file_all(path, NULL);
	if (!text)
		return;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *mod = strchr(line, ' ');
		if (mod) {
			*mod++ = '\0';
			if (*mod == '[')
				mod++;
			mod[strcspn(mod, "]")] = '\0';
		}
		if (fnmatch(pattern, line, 0) != 0)
			continue;
		if (module && fnmatch(module, mod ? mod : "vmlinux", 0) != 0)
			continue;
		push(kind, prov, module ? (mod ? mod : "vmlinux") : NULL, line, 0, arena, out);
	}
	free(text);
}

static int expand_k(enum attach_kind kind, const char *prov, const char *spec, struct arena *arena,
                    struct attach_list *out, char *err, size_t errlen)
{
	if (!spec || !*spec) {
		snprintf(err, errlen, "%s probes are written %s:[module:]function", prov, prov);
		return -1;
	}
	const char *colon = strchr(spec, ':');
	char *module = colon ? strndup(spec, (size_t)(colon - spec)) : NULL;
	char *fn = strdup(colon ? colon + 1 : spec);
	uint64_t off = 0;
	char *plus = strchr(fn, '+');
	int rc = 0;
	if (plus) {
		*plus = '\0';
		if (kind != ATTACH_KPROBE || !parse_count(plus + 1, &off)) {
			snprintf(err, errlen, "invalid offset in %s:%s", prov, spec);
			rc = -1;
		}
	}
	if (rc == 0 && (spec_has_wildcard(fn) || (module && spec_has_wildcard(module))))
		expand_wildcard(kind, prov, module, fn, arena, out);
	else if (rc == 0)
		push(kind, prov, module, fn, off, arena, out);
	/* Nothing matched: sema reports it as missing_probes says. */
	free(module);
	free(fn);
	return rc;
}

static int expand_kprobe(const char *spec, struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	return expand_k(ATTACH_KPROBE, "kprobe", spec, arena, out, err, errlen);
}

static int expand_kretprobe(const char *spec, struct arena *arena, struct attach_list *out, char *err,
                            size_t errlen)
{
	return expand_k(ATTACH_KRETPROBE, "kretprobe", spec, arena, out, err, errlen);
}

static int attach_k(bool ret, struct bpf_program *prog, const struct mf_attach *at, struct link_list *links,
                    char *err, size_t errlen)
{
	const char *why = kprobes_unavailable();
	if (why) {
		snprintf(err, errlen, "Unable to attach probe: %s: %s", at->probe_name, why);
		return -1;
	}
	LIBBPF_OPTS(bpf_kprobe_opts, o, .offset = (size_t)at->value, .retprobe = ret);
	return attach_keep(links, bpf_program__attach_kprobe_opts(prog, at->func, &o), at->probe_name, err, errlen);
}

static int attach_kprobe(struct bpf_program *prog, const struct mf_attach *at, struct link_list *links, char *err,
                         size_t errlen)
{
	return attach_k(false, prog, at, links, err, errlen);
}

static int attach_kretprobe(struct bpf_program *prog, const struct mf_attach *at, struct link_list *links,
                            char *err, size_t errlen)
{
	return attach_k(true, prog, at, links, err, errlen);
}

const struct provider provider_kprobe = {"kprobe", "k", ATTACH_KPROBE, expand_kprobe, NULL};
const struct provider provider_kretprobe = {"kretprobe", "kr", ATTACH_KRETPROBE, expand_kretprobe, NULL};
const struct attacher attacher_kprobe = {
	.kind = ATTACH_KPROBE, .prog_type = BPF_PROG_TYPE_KPROBE, .reverse = true,
	.unavailable = kprobes_unavailable, .attach = attach_kprobe};
const struct attacher attacher_kretprobe = {
	.kind = ATTACH_KRETPROBE, .prog_type = BPF_PROG_TYPE_KPROBE,
	.unavailable = kprobes_unavailable, .attach = attach_kretprobe};
