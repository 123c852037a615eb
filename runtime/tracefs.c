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

int rt_each_traceable(void (*cb)(void *ctx, const char *fn, const char *mod), void *ctx)
{
	const char *root = rt_tracefs_path();
	if (!root)
		return -1;
	char path[512];
	snprintf(path, sizeof(path), "%s/available_filter_functions", root);
	char *text = rt_read_file_all(path, NULL);
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
		if (strstr(line, ".part.") || strstr(line, "__ftrace_invalid_address__"))
			continue;
		cb(ctx, line, mod && *mod ? mod : NULL);
	}
	free(text);
	return 0;
}

