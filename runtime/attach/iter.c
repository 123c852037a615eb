/* iter:ITERATOR[:PIN]: a BPF iterator (task, task_file, task_vma and whatever else the kernel's
 * BTF has a struct bpf_iter__ITERATOR for). Unlike an event probe it runs when read: once
 * attached, sonde reads it to its end (what printf wrote for each object), or pins it under
 * /sys/fs/bpf for others to read, and the run ends. `ctx` is the iterator's own context record. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "runtime/list_priv.h"

#define ITER_STRUCT "bpf_iter__"     /* the context record of iterator X is struct bpf_iter__X */
#define ITER_FUNC "bpf_iter_"        /* its attach target, the BTF function bpf_iter_X */
#define SAFE_TRUSTED "__safe_trusted" /* a verifier-internal twin of some context records, not an iterator */

static const char *iter_unavailable(void)
{
	if (libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACING, NULL) == 1)
		return NULL;
	return "iter probes are not available on this kernel (it refuses the tracing program type)";
}

/* Whether BTF, or the BTF of a loaded module, has iterator NAME's context record. */
static bool have_iter(struct btf *vmlinux, const char *name)
{
	char rec[256];
	snprintf(rec, sizeof(rec), ITER_STRUCT "%s", name);
	if (btf__find_by_name_kind(vmlinux, rec, BTF_KIND_STRUCT) > 0)
		return true;
	bool found = false;
	DIR *d = opendir("/sys/kernel/btf");
	for (struct dirent *e; d && !found && (e = readdir(d));) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "vmlinux") == 0)
			continue;
		struct btf *mb = btf__load_module_btf(e->d_name, vmlinux);
		found = mb && btf__find_by_name_kind(mb, rec, BTF_KIND_STRUCT) > 0;
		btf__free(mb);
	}
	if (d)
		closedir(d);
	return found;
}

static int expand(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                  char *err, size_t errlen)
{
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
	if (n == 0 || (colon && (!colon[1] || strchr(colon + 1, ':')))) {
		snprintf(err, errlen, "iter probes are written iter:ITERATOR[:PIN] (iter:task, iter:task_file:/sys/fs/bpf/files)");
		return -1;
	}
	if (rt_spec_has_wildcard(spec)) {
		snprintf(err, errlen, "iter probe type does not support wildcards");
		return -1;
	}
	char *name = arena_strndup(arena, spec, n);
	struct btf *vmlinux = btf__load_vmlinux_btf();
	bool known = !vmlinux || have_iter(vmlinux, name);   /* without BTF the load will tell */
	btf__free(vmlinux);
	if (!known) {
		snprintf(err, errlen, "iter %s not available for your kernel version.", name);
		return -1;
	}
	core_attach_push(arena, out, (struct mf_attach){
		.type = pt, .func = name, .target = colon ? arena_strdup(arena, colon + 1) : NULL,
		.probe_name = arena_printf(arena, "%s:%s", pt->name, spec)});
	return 0;
}

/* `args`: the iterator's context record, slot by slot (meta first), from bpf_iter_X's prototype. */
static int args(const struct mf_attach *at, struct arena *arena, struct probe_arg **out, size_t *nout, char *err,
                size_t errlen)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	char fn[256];
	snprintf(fn, sizeof(fn), ITER_FUNC "%s", at->func);
	__s32 id = vmlinux ? btf__find_by_name_kind(vmlinux, fn, BTF_KIND_FUNC) : -1;
	int rc = id > 0 ? rt_btf_proto_args(vmlinux, btf__type_by_id(vmlinux, (__u32)id)->type, 0, arena, out, nout) : -1;
	btf__free(vmlinux);
	if (rc < 0)
		snprintf(err, errlen, "no BTF prototype for iterator %s", at->func);
	return rc;
}

static const char *ctx_type(const struct mf_attach *at, struct arena *arena)
{
	return arena_printf(arena, "struct " ITER_STRUCT "%s *", at->func);
}

/* The kernel checks the program against the iterator's BTF at load (libbpf adds bpf_iter_). */
static int before_load(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                       size_t n, char *err, size_t errlen)
{
	(void)env, (void)n;
	return rt_set_btf_target(prog, at, err, errlen);
}

static int attach(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                  struct rt_links *links, char *err, size_t errlen)
{
	const char *why = iter_unavailable();
	if (why) {
		snprintf(err, errlen, "Unable to attach probe: %s: %s", at->probe_name, why);
		return -1;
	}
	return rt_attach_keep(links, bpf_program__attach_iter(prog, NULL), at->probe_name, err, errlen);
}

/* Pins LINK at PIN (relative to /sys/fs/bpf unless absolute) and says where. */
static int pin(struct bpf_link *link, const char *pin, int out_fd, char *err, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s%s", pin[0] == '/' ? "" : "/sys/fs/bpf/", pin);
	int rc = bpf_link__pin(link, path);
	if (rc < 0) {
		snprintf(err, errlen, "Failed to pin iter probe link at %s: %s", path, strerror(-rc));
		return -1;
	}
	dprintf(out_fd, "Program pinned to %s\n", path);
	return 0;
}

static int iterate(struct bpf_link *link, const struct mf_attach *at, int out_fd, char *err, size_t errlen)
{
	if (at->target)
		return pin(link, at->target, out_fd, err, errlen);
	int fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0) {
		snprintf(err, errlen, "cannot open the iterator of %s: %s", at->probe_name, strerror(errno));
		return -1;
	}
	char buf[16384];
	ssize_t got;
	bool reader_gone = false;
	while (!reader_gone && ((got = read(fd, buf, sizeof(buf))) > 0 || (got < 0 && errno == EINTR)))
		for (ssize_t off = 0, w = 0; got > 0 && off < got && !reader_gone; off += w)
			if ((w = write(out_fd, buf + off, (size_t)(got - off))) < 0) {
				reader_gone = errno != EINTR;   /* a closed pipe: nothing more to say */
				w = 0;
			}
	if (reader_gone)
		got = 0;
	int saved = errno;
	close(fd);
	if (got < 0) {
		snprintf(err, errlen, "reading the iterator of %s failed: %s", at->probe_name, strerror(saved));
		return -1;
	}
	return 0;
}

/* ---- listing ---- */

/* Every iterator a BTF object has a context record for, with bpf_iter_X's prototype for -v. */
static void cands(struct lister *l, const char *target, bool with_module, struct cands *c)
{
	list_load_btfs(l);
	for (size_t i = 0; i < l->nbtfs; i++) {
		const struct btf *btf = l->btfs[i].btf;
		uint32_t n = btf__type_cnt(btf);
		for (uint32_t id = l->btfs[i].first_id; id < n; id++) {
			const struct btf_type *t = btf__type_by_id(btf, id);
			const char *name = t && btf_is_struct(t) ? btf__name_by_offset(btf, t->name_off) : NULL;
			size_t len = name ? strlen(name) : 0;
			if (!name || strncmp(name, ITER_STRUCT, strlen(ITER_STRUCT)) != 0 ||
			    (len >= strlen(SAFE_TRUSTED) && strcmp(name + len - strlen(SAFE_TRUSTED), SAFE_TRUSTED) == 0))
				continue;
			const char *iter = name + strlen(ITER_STRUCT);
			char fn[256];
			snprintf(fn, sizeof(fn), ITER_FUNC "%s", iter);
			__s32 f = btf__find_by_name_kind(btf, fn, BTF_KIND_FUNC);
			uint32_t proto = f > 0 ? btf__type_by_id(btf, (__u32)f)->type : 0;
			list_cands_push(c, strdup(iter), btf, proto, 0, 0);
		}
	}
}

static const struct probe_list list = {.cands = cands, .print_args = list_print_rawtp_args};

static const char *const aliases[] = {"it", NULL};

/* The program type and attach type come from the section (libbpf's "iter"). */
const struct probe_type rt_probe_type_iter = {
	.name = "iter",
	.synopsis = "iter:ITERATOR[:PIN]",
	.help = "A BPF iterator over kernel objects (iter:task, iter:task_file, iter:task_vma, ...), run once to its "
	         "end, or pinned under /sys/fs/bpf with PIN; ctx holds the object. The only probe of its script "
	         "beside begin and end. Needs a kernel that allows the BPF tracing program type.",
	.aliases = aliases, .traits = PT_ITERATOR | PT_PROGRAM_PER_ATTACH | PT_CTX_U64_SLOTS | PT_LIST_KERNEL | PT_BTF_CTX,
	.expand = expand, .args = args, .section = "iter", .prog_type = BPF_PROG_TYPE_UNSPEC,
	.unavailable = iter_unavailable, .before_load = before_load, .attach = attach, .ctx_type = ctx_type,
	.iterate = iterate, .list = &list,
};
