/* Probe listing: the kernel facts it reads once per lister (vmlinux and module BTF, the functions
 * the kernel can trace, whether kprobes are available). */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "runtime/list_priv.h"

/* ---- kernel facts, read once ---------------------------------------------------------------- */

void list_sb_vprintf_cb(void *ctx, const char *fmt, va_list ap)
{
	sb_vprintf(ctx, fmt, ap);
}

static void add_btf(struct lister *l, const char *name, struct btf *btf, uint32_t first_id)
{
	struct btf_obj *v = realloc(l->btfs, (l->nbtfs + 1) * sizeof(*v));
	if (!v) {
		btf__free(btf);
		return;
	}
	l->btfs = v;
	v[l->nbtfs++] = (struct btf_obj){.name = strdup(name), .btf = btf, .first_id = first_id};
}

void list_load_btfs(struct lister *l)
{
	if (l->btfs_loaded)
		return;
	l->btfs_loaded = true;
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux)
		return;
	add_btf(l, "vmlinux", vmlinux, 1);
	uint32_t first = btf__type_cnt(vmlinux);
	/* Modules in name order, so listings do not depend on directory order. */
	DIR *d = opendir("/sys/kernel/btf");
	char **mods = NULL;
	size_t nmods = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "vmlinux") == 0)
			continue;
		char **nm = realloc(mods, (nmods + 1) * sizeof(*nm));
		if (!nm)
			break;
		mods = nm;
		mods[nmods++] = strdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (nmods)
		qsort(mods, nmods, sizeof(*mods), list_cmp_strp);
	for (size_t i = 0; i < nmods; i++) {
		struct btf *b = mods[i] ? btf__load_module_btf(mods[i], vmlinux) : NULL;
		if (b)
			add_btf(l, mods[i], b, first);
		free(mods[i]);
	}
	free(mods);
}

/* The C declaration of type ID in O's BTF, as btf_dump writes it ("struct file *"). */
const char *list_type_decl(struct btf_obj *o, uint32_t id)
{
	if (!o->dump)
		o->dump = btf_dump__new(o->btf, list_sb_vprintf_cb, &o->text, NULL);
	sb_reset(&o->text);
	sb_puts(&o->text, "");
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = "");
	if (o->dump)
		btf_dump__emit_type_decl(o->dump, id, &opts);
	return o->text.buf;
}

struct btf_obj *list_obj_of(struct lister *l, const struct btf *btf)
{
	for (size_t i = 0; i < l->nbtfs; i++)
		if (l->btfs[i].btf == btf)
			return &l->btfs[i];
	return NULL;
}

/* available_filter_functions, the kernel's traceable functions: "name" or "name [module]". Calls
 * CB for each line that can be traced (bpftrace hides ".part.N" clones and the placeholder the
 * kernel leaves for functions it could not record). Returns -1 if the file is unreadable. */
void list_name_vec_push(struct name_vec *nv, const char *s)
{
	if (nv->n == nv->cap) {
		size_t cap = nv->cap ? nv->cap * 2 : 4096;
		char **v = realloc(nv->v, cap * sizeof(*v));
		if (!v)
			return;
		nv->v = v;
		nv->cap = cap;
	}
	nv->v[nv->n++] = strdup(s);
}

static void collect_traceable(void *ctx, const char *fn, const char *mod)
{
	(void)mod;
	list_name_vec_push(ctx, fn);
}

/* fentry lists only functions the kernel can trace, when it tells which those are. */
bool list_is_traceable(struct lister *l, const char *fn)
{
	if (!l->traceable_loaded) {
		l->traceable_loaded = true;
		struct name_vec nv = {0};
		if (rt_each_traceable(l->o.traceable_functions, collect_traceable, &nv) == 0) {
			if (nv.n)
				qsort(nv.v, nv.n, sizeof(*nv.v), list_cmp_strp);
			l->traceable = nv.v ? nv.v : calloc(1, sizeof(char *));
			l->ntraceable = nv.n;
		} else {
			free(nv.v);
		}
	}
	if (!l->traceable)
		return true;
	return bsearch(&fn, l->traceable, l->ntraceable, sizeof(char *), list_cmp_strp) != NULL;
}
