/* strftime() timestamps and cgroup paths, as the session's resolver prints them. User names and
 * errno texts need no resolver: output_value.c prints them with getpwuid and strerror. */
#define _GNU_SOURCE
#include "runtime/resolve.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <mntent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Wall time minus boot time: the realtime clock read between two boot-clock readings, so the
 * sampling error is half the gap between them; the tightest of a few tries is kept. */
static int64_t boot_to_wall_ns(void)
{
	int64_t best_gap = INT64_MAX, off = 0;
	for (int i = 0; i < 5; i++) {
		int64_t b0 = clock_ns(CLOCK_BOOTTIME), rt = clock_ns(CLOCK_REALTIME), b1 = clock_ns(CLOCK_BOOTTIME);
		if (b1 - b0 < best_gap) {
			best_gap = b1 - b0;
			off = rt - (b0 + (b1 - b0) / 2);
		}
	}
	return off;
}

/* strftime(3) of FMT at wall time NS, plus bpftrace's `%f`: microseconds, six digits. */
static bool format_timestamp(struct strbuf *sb, const char *fmt, int64_t ns)
{
	time_t secs = (time_t)(ns / 1000000000);
	long usecs = (long)(ns % 1000000000) / 1000;
	if (usecs < 0) {
		usecs += 1000000;
		secs--;
	}
	struct tm tm;
	if (!localtime_r(&secs, &tm))
		return false;

	/* Expand %f first; "%%" is kept as is for strftime to turn into '%'. */
	struct strbuf f = {0};
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == 'f') {
			sb_printf(&f, "%06ld", usecs);
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			sb_puts(&f, "%%");
			p++;
		} else {
			sb_putc(&f, *p);
		}
	}
	/* strftime returns 0 both for "too small" and for an empty result: grow a few times. */
	bool ok = false;
	for (size_t cap = 256; cap <= 65536 && !ok; cap *= 4) {
		char buf[cap];
		size_t n = strftime(buf, cap, f.buf ? f.buf : "", &tm);
		if (n || !f.len || cap == 65536) {
			sb_putn(sb, buf, n);
			ok = true;
		}
	}
	sb_free(&f);
	return ok;
}

/* ---- cgroup paths --------------------------------------------------------------------------- */

/* Finds the directory under DIR (a path relative to the mount, in PATH) whose inode number is
 * ID: on cgroup2 the cgroup id is the inode of its kernfs directory. */
static bool find_cgroup(int fd, struct strbuf *path, uint64_t id, int depth)
{
	if (depth > 64)
		return false;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return false;
	}
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		size_t keep = path->len;
		sb_putc(path, '/');
		sb_puts(path, e->d_name);
		if (e->d_ino == id) {
			found = true;
			break;
		}
		int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (sub >= 0)
			found = find_cgroup(sub, path, id, depth + 1);
		if (!found) {
			path->len = keep;
			if (path->buf)
				path->buf[keep] = '\0';
		}
	}
	closedir(d);
	return found;
}

/* bpftrace's form: "hierarchy:path" for each hierarchy holding the cgroup, joined by ';'.
 * cgroup2 is always named "unified"; FILTER (a wildcard) picks hierarchies by that name. */
static bool format_cgroup_path(struct strbuf *sb, uint64_t id, const char *filter)
{
	if (filter && fnmatch(filter, "unified", 0) != 0)
		return true;
	FILE *mounts = setmntent("/proc/self/mounts", "re");
	if (!mounts)
		return false;
	struct mntent *m;
	char mnt_dir[4096] = "";
	while ((m = getmntent(mounts)))
		if (strcmp(m->mnt_type, "cgroup2") == 0) {
			snprintf(mnt_dir, sizeof(mnt_dir), "%s", m->mnt_dir);
			break;
		}
	endmntent(mounts);
	if (!mnt_dir[0])
		return false;

	struct stat st;
	if (stat(mnt_dir, &st) == 0 && st.st_ino == id) {
		sb_puts(sb, "unified:/");
		return true;
	}
	struct strbuf path = {0};
	int fd = open(mnt_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool found = fd >= 0 && find_cgroup(fd, &path, id, 0);
	if (found) {
		sb_puts(sb, "unified:");
		sb_putn(sb, path.buf, path.len);
	}
	sb_free(&path);
	return found;
}

bool rt_resolve_timestamp(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data)
{
	(void)r;
	uint64_t v;
	memcpy(&v, data, sizeof(v));
	return format_timestamp(sb, type->name ? type->name : "%H:%M:%S", (int64_t)v + boot_to_wall_ns());
}

bool rt_resolve_cgroup_path(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data)
{
	(void)r;
	uint64_t v;
	memcpy(&v, data, sizeof(v));
	return format_cgroup_path(sb, v, type->name);
}
