/* Where tracefs is: /sys/kernel/tracing, mounted there on demand (a fresh VM or container often has
 * the directory but nothing mounted), else the old debugfs location; and the kernel functions it
 * says can be traced, which kprobe expansion and -l both read. */
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdlib.h>
#include <string.h>

#include "runtime/attach/attach.h"

static bool has_events(const char *dir)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/events", dir);
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *rt_tracefs_path(void)
{
	static const char modern[] = "/sys/kernel/tracing", legacy[] = "/sys/kernel/debug/tracing";
	if (has_events(modern))
		return modern;
	/* Needs root; failure just means we try the legacy place. */
	if (mount("nodev", modern, "tracefs", 0, NULL) == 0 && has_events(modern))
		return modern;
	if (has_events(legacy))
		return legacy;
	return NULL;
}

/* Functions ftrace lists that still hang or crash the kernel when traced (bpftrace leaves out
 * the same ones, taken from the kernel's kprobe_multi selftest), and prefixes of such families. */
static bool unsafe_to_trace(const char *fn)
{
	static const char *const names[] = {"arch_cpu_idle", "default_idle", "bpf_dispatcher_xdp_func"};
	static const char *const prefixes[] = {"__ftrace_invalid_address__", "rcu_"};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(fn, names[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
		if (strncmp(fn, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

int rt_each_traceable(const char *file, void (*cb)(void *ctx, const char *fn, const char *mod), void *ctx)
{
	char path[512];
	if (!file) {
		const char *root = rt_tracefs_path();
		if (!root)
			return -1;
		snprintf(path, sizeof(path), "%s/available_filter_functions", root);
		file = path;
	}
	char *text = rt_read_file_all(file, NULL);
	if (!text)
		return -1;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *mod = strchr(line, ' ');
		if (mod) {
			*mod++ = '\0';
			mod += *mod == '[';
			mod[strcspn(mod, "]")] = '\0';
		}
		if (strstr(line, ".part.") || unsafe_to_trace(line))
			continue;
		cb(ctx, line, mod && *mod ? mod : NULL);
	}
	free(text);
	return 0;
}
