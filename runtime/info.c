/* --info: what this kernel offers sonde, as bpftrace's --info reports it: the system, then the
 * helpers, features and probe types asked of the kernel itself (libbpf's probes, BTF, and the
 * probe-type records' own availability checks). */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "runtime/runtime.h"
#include "runtime/attach/attach.h"

void runtime_info_system(FILE *out)
{
	struct utsname u;
	if (uname(&u) < 0)
		memset(&u, 0, sizeof(u));
	fprintf(out, "System\n  OS: %s %s %s\n  Arch: %s\n", u.sysname, u.release, u.version, u.machine);
}

static const char *yes(bool b)
{
	return b ? "yes" : "no";
}

/* NAME: VALUE pairs two to a line, the first in a 35-column field. */
static void table(FILE *out, const char *title, const char *const *rows, size_t n)
{
	fprintf(out, "%s\n", title);
	for (size_t i = 0; i < n; i += 2) {
		char first[128];
		snprintf(first, sizeof(first), "  %s: %s", rows[2 * i], rows[2 * i + 1]);
		if (i + 1 < n)
			fprintf(out, "%-35s%s: %s\n", first, rows[2 * i + 2], rows[2 * i + 3]);
		else
			fprintf(out, "%s\n", first);
	}
	fputc('\n', out);
}

static bool helper(enum bpf_prog_type type, enum bpf_func_id id)
{
	return libbpf_probe_bpf_helper(type, id, NULL) == 1;
}

/* Whether the probe type NAME can work on this kernel, as its record says. */
static bool probe_type_available(const char *name)
{
	for (const struct probe_type *const *pt = runtime_probe_types; *pt; pt++)
		if (strcmp((*pt)->name, name) == 0)
			return !(*pt)->unavailable || !(*pt)->unavailable();
	return false;
}

static bool module_btf(void)
{
	DIR *d = opendir("/sys/kernel/btf");
	bool any = false;
	for (struct dirent *e; d && !any && (e = readdir(d));)
		any = e->d_name[0] != '.' && strcmp(e->d_name, "vmlinux") != 0;
	if (d)
		closedir(d);
	return any;
}

void runtime_info_kernel(FILE *out)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	bool kprobes = probe_type_available("kprobe");
	bool session = kprobes && vmlinux && btf__find_by_name_kind(vmlinux, "bpf_session_cookie", BTF_KIND_FUNC) > 0;
	btf__free(vmlinux);
	const char *helpers[] = {
		"dpath", yes(helper(BPF_PROG_TYPE_TRACING, BPF_FUNC_d_path)),
		"get_tai_ns", yes(helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_ktime_get_tai_ns)),
		"get_func_ip", yes(helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_get_func_ip)),
		"lookup_percpu_elem", yes(helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_map_lookup_percpu_elem)),
		"loop", yes(helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_loop)),
	};
	/* Bounded loops (bpf_loop's kernels and older, 5.3 on) came with the 1M instruction limit. */
	const char *features[] = {
		"Instruction limit", helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_loop) ? "1000000" : "4096",
		"btf", yes(access("/sys/kernel/btf/vmlinux", R_OK) == 0),
		"module btf", yes(module_btf()),
	};
	const char *probes[] = {
		"kprobe_multi", yes(kprobes && rt_kernel_has_struct("bpf_kprobe_multi_link")),
		"uprobe_multi", yes(rt_kernel_has_struct("bpf_uprobe_multi_link")),
		"kprobe_session", yes(session),
		"iter", yes(probe_type_available("iter") && rt_kernel_has_struct("bpf_iter__task")),
	};
	table(out, "Kernel helpers", helpers, sizeof(helpers) / sizeof(helpers[0]) / 2);
	table(out, "Kernel features", features, sizeof(features) / sizeof(features[0]) / 2);
	table(out, "Probe types", probes, sizeof(probes) / sizeof(probes[0]) / 2);
}
