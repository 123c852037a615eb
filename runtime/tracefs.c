/* Where tracefs is: /sys/kernel/tracing, mounted there on demand (a fresh VM or container often has
 * the directory but nothing mounted), else the old debugfs location. */
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/runtime.h"

static bool has_events(const char *dir)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/events", dir);
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *tracefs_path(void)
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
