/* Probe listing: printing the matches of a probe type, with their arguments under -v (tracefs
 * formats, BTF prototypes), and the BTF type listings of "struct NAME" searches. */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "runtime/list_priv.h"

/* ---- printing --------------------------------------------------------------------------------- */

void list_print_tracepoint_args(struct lister *l, const struct probe_type *pt, const struct cand *c)
{
	const char *name = c->name;
	const char *root = rt_tracefs_path();
	char path[1024];
	const char *colon = strchr(name, ':');
	snprintf(path, sizeof(path), "%s/events/%.*s/%s/format", root ? root : "", (int)(colon - name), name, colon + 1);
	char *text = rt_read_file_all(path, NULL);
	if (!text) {
		list_warn(l, "tracepoint format file not found: %s", path);
		return;
	}
	/* The common fields come first, then a blank line, then the event's own. */
	char *p = strstr(text, "\n\n");
	for (char *line = p ? p + 2 : text; *line;) {
		char *eol = strchrnul(line, '\n');
		if (strncmp(line, "\tfield:", 7) == 0) {
			char *decl = line + 7, *semi = memchr(decl, ';', (size_t)(eol - decl));
			if (semi)
				fprintf(l->o.out, "    %.*s\n", (int)(semi - decl), decl);
		}
		line = *eol ? eol + 1 : eol;
	}
	free(text);
}

static int kfunc_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cand *)a)->name, ((const struct cand *)b)->name);
}

static void index_kfunc(struct lister *l, struct btf_obj *o, const char *name, uint32_t proto, void *ctx)
{
	(void)l;
	list_cands_push(ctx, strdup(name), o->btf, proto, 0, 0);
}

/* kprobes come from tracefs, not BTF: their prototypes are looked up by name. */
static const struct cand *kfunc_lookup(struct lister *l, const char *name)
{
	if (!l->kfunc_index.v) {
		list_each_btf_func(l, index_kfunc, &l->kfunc_index);
		if (l->kfunc_index.n)
			qsort(l->kfunc_index.v, l->kfunc_index.n, sizeof(struct cand), kfunc_cmp);
		else
			l->kfunc_index.v = calloc(1, sizeof(struct cand));
	}
	const char *colon = strchr(name, ':');
	struct cand key = {.name = (char *)(colon ? colon + 1 : name)};
	return bsearch(&key, l->kfunc_index.v, l->kfunc_index.n, sizeof(struct cand), kfunc_cmp);
}

enum proto_mode { PROTO_KPROBE, PROTO_KRETPROBE, PROTO_FUNC, PROTO_RAWTP };

/* -v for functions: "type name" per parameter as bpftrace prints them, from the BTF prototype. */
static void print_proto(struct lister *l, enum proto_mode mode, const struct cand *c)
{
	if (mode == PROTO_KPROBE || mode == PROTO_KRETPROBE)
		c = kfunc_lookup(l, c->name);
	struct btf_obj *o = c ? list_obj_of(l, c->btf) : NULL;
	if (!o || !c->id)
		return;
	const struct btf_type *p = btf__type_by_id(o->btf, c->id);
	const struct btf_param *params = btf_params(p);
	uint16_t n = btf_vlen(p);
	if (mode == PROTO_KRETPROBE) {
		if (p->type)
			fprintf(l->o.out, "    %s retval\n", list_type_decl(o, p->type));
		else
			fprintf(l->o.out, "    void\n");
		return;
	}
	int argn = 0;
	for (uint16_t i = mode == PROTO_RAWTP ? 1 : 0; i < n; i++) {
		if (mode == PROTO_KPROBE) {
			/* Floating-point arguments travel in other registers: they have no argN. */
			const struct btf_type *t = btf__type_by_id(o->btf, params[i].type);
			if (t && btf_kind(t) == BTF_KIND_FLOAT)
				continue;
			fprintf(l->o.out, "    %s arg%d\n", list_type_decl(o, params[i].type), argn++);
			continue;
		}
		const char *pname = btf__name_by_offset(o->btf, params[i].name_off);
		fprintf(l->o.out, "    %s %s\n", list_type_decl(o, params[i].type), pname ? pname : "");
	}
	if (mode == PROTO_FUNC && p->type)
		fprintf(l->o.out, "    %s retval\n", list_type_decl(o, p->type));
}

void list_print_kprobe_args(struct lister *l, const struct probe_type *pt, const struct cand *c)
{
	print_proto(l, PROTO_KPROBE, c);
}

void list_print_kretprobe_args(struct lister *l, const struct probe_type *pt, const struct cand *c)
{
	print_proto(l, PROTO_KRETPROBE, c);
}

void list_print_func_args(struct lister *l, const struct probe_type *pt, const struct cand *c)
{
	print_proto(l, PROTO_FUNC, c);
}

void list_print_rawtp_args(struct lister *l, const struct probe_type *pt, const struct cand *c)
{
	print_proto(l, PROTO_RAWTP, c);
}

void list_emit(struct lister *l, const struct probe_type *pt, struct cands *c, const char *pattern)
{
	list_cands_select(c, pattern);
	for (size_t i = 0; i < c->n; i++) {
		fprintf(l->o.out, "%s:%s\n", pt->name, c->v[i].name);
		if (l->o.verbose && pt->list->print_args)
			pt->list->print_args(l, pt, &c->v[i]);
	}
}

/* ---- type listing ----------------------------------------------------------------------------- */

bool list_is_type_search(const char *s)
{
	return strncmp(s, "struct ", 7) == 0 || strncmp(s, "union ", 6) == 0 || strncmp(s, "enum ", 5) == 0;
}

/* Whether BTF type T is a named struct/union/enum; writes "struct NAME" to OUT. */
static bool type_full_name(const struct btf *btf, const struct btf_type *t, char *out, size_t len)
{
	const char *kw = btf_is_struct(t) ? "struct" : btf_is_union(t) ? "union" : btf_is_any_enum(t) ? "enum" : NULL;
	const char *name = kw ? btf__name_by_offset(btf, t->name_off) : NULL;
	if (!name || !*name)
		return false;
	snprintf(out, len, "%s %s", kw, name);
	return true;
}

/* One definition in a btf_dump text: from a top-level line ending in '{' to the next "};". */
struct block {
	char *header;        /* "struct task_struct" */
	const char *text;
	size_t len;
};

static int block_cmp(const void *a, const void *b)
{
	return strcmp(((const struct block *)a)->header, ((const struct block *)b)->header);
}

static size_t split_blocks(const char *text, struct block **out)
{
	size_t n = 0, cap = 0;
	struct block *v = NULL;
	for (const char *line = text; *line;) {
		const char *eol = strchrnul(line, '\n');
		if (eol - line > 2 && eol[-1] == '{' && eol[-2] == ' ' && line[0] != '\t') {
			/* The definition ends at the next line starting with '}': "};" closes a struct,
			 * "} name;" a typedef'd anonymous one, which is skipped. */
			const char *close = strstr(eol, "\n}");
			if (!close)
				break;
			const char *end = strchrnul(close + 1, '\n');
			bool named = strncmp(close, "\n};", 3) == 0 && end == close + 3 && list_is_type_search(line);
			if (named && n == cap) {
				cap = cap ? cap * 2 : 64;
				struct block *nv = realloc(v, cap * sizeof(*nv));
				if (!nv)
					break;
				v = nv;
			}
			if (named)
				v[n++] = (struct block){strndup(line, (size_t)(eol - 2 - line)), line, (size_t)(end + 1 - line)};
			eol = end;
		}
		line = *eol ? eol + 1 : eol;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), block_cmp);
	*out = v;
	return n;
}

/* "struct NAME" searches: the type names, or under -v their definitions, each headed by its module. */
void list_types(struct lister *l, const char *pattern)
{
	list_load_btfs(l);
	struct cands c = {0};
	char full[512];
	for (size_t i = 0; i < l->nbtfs; i++) {
		struct btf_obj *o = &l->btfs[i];
		uint32_t n = btf__type_cnt(o->btf);
		for (uint32_t id = o->first_id; id < n; id++) {
			const struct btf_type *t = btf__type_by_id(o->btf, id);
			if (t && type_full_name(o->btf, t, full, sizeof(full)) && fnmatch(pattern, full, 0) == 0)
				list_cands_push(&c, strdup(full), o->btf, id, (int)i, 0);
		}
	}
	list_cands_select(&c, "*");
	if (!l->o.verbose) {
		for (size_t i = 0; i < c.n; i++)
			fprintf(l->o.out, "%s\n", c.v[i].name);
		list_cands_free(&c);
		return;
	}
	/* Dump every match (btf_dump writes each type once, dependencies first), then pick the
	 * definitions asked for out of the text. */
	for (size_t i = 0; i < l->nbtfs; i++) {
		struct btf_obj *o = &l->btfs[i];
		struct btf_dump *d = NULL;
		struct strbuf text = {0};
		sb_puts(&text, "");
		for (size_t j = 0; j < c.n; j++) {
			if (c.v[j].btf != o->btf)
				continue;
			if (!d && !(d = btf_dump__new(o->btf, list_sb_vprintf_cb, &text, NULL)))
				break;
			btf_dump__dump_type(d, c.v[j].id);
		}
		btf_dump__free(d);
		struct block *blocks;
		size_t nb = split_blocks(text.buf, &blocks);
		for (size_t j = 0; j < c.n; j++) {
			struct block key = {.header = c.v[j].name};
			const struct block *b = c.v[j].btf == o->btf ? bsearch(&key, blocks, nb, sizeof(*blocks), block_cmp) : NULL;
			if (b)   /* a blank line after each, as bpftrace prints them */
				fprintf(l->o.out, "%s: %.*s\n", o->name, (int)b->len, b->text);
		}
		for (size_t j = 0; j < nb; j++)
			free(blocks[j].header);
		free(blocks);
		sb_free(&text);
	}
	list_cands_free(&c);
}
