/* Kernel types from BTF: loaded once per sema run, on the first name the script's own C
 * definitions do not have. Types are converted on demand and memoised by BTF id; a struct
 * reached through a pointer is a sized shell whose fields are filled in when first used, so
 * `curtask` does not drag in the whole kernel type graph. Names are copied into the arena so
 * nothing points into the BTF once it is freed. */
#include "sema/sema_priv.h"

#include <bpf/btf.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>

struct btf *sema_btf(struct check_ctx *c)
{
	struct sema_ctypes *ct = sema_ctypes(c);
	if (ct->btf_tried)
		return ct->btf;
	ct->btf_tried = true;
	const char *path = c->opts->btf_path;
	struct btf *b = path ? btf__parse(path, NULL) : btf__load_vmlinux_btf();
	if (!b) {
		if (path)   /* asked for by name: say why its types are missing */
			diag_plain_error(c->diags, "BPFTRACE_BTF=%s: cannot read BTF: %s", path, strerror(errno));
		return NULL;
	}
	ct->btf = b;
	ct->btf_count = btf__type_cnt(b);
	ct->btf_memo = ARENA_NEWN(c->arena, const struct type *, ct->btf_count);
	return b;
}

bool sema_kernel_function(struct check_ctx *c, const char *name)
{
	struct btf *b = sema_btf(c);
	return b && btf__find_by_name_kind(b, name, BTF_KIND_FUNC) > 0;
}

bool sema_kernel_field_offset(struct check_ctx *c, const char *struct_name, const char *field, uint32_t *offset)
{
	struct btf *b = sema_btf(c);
	int32_t id = b ? btf__find_by_name_kind(b, struct_name, BTF_KIND_STRUCT) : -1;
	const struct btf_type *t = id > 0 ? btf__type_by_id(b, (uint32_t)id) : NULL;
	for (uint16_t i = 0; t && i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		if (strcmp(btf__name_by_offset(b, m->name_off), field) == 0) {
			*offset = btf_member_bit_offset(t, i) / 8;
			return true;
		}
	}
	return false;
}

uint32_t sema_kernel_percpu_var(struct check_ctx *c, const char *name)
{
	struct btf *b = sema_btf(c);
	int32_t sec = b ? btf__find_by_name_kind(b, ".data..percpu", BTF_KIND_DATASEC) : -1;
	int32_t var = b ? btf__find_by_name_kind(b, name, BTF_KIND_VAR) : -1;
	if (sec <= 0 || var <= 0)
		return 0;
	const struct btf_type *t = btf__type_by_id(b, (uint32_t)sec);
	const struct btf_var_secinfo *v = btf_var_secinfos(t);
	for (uint16_t i = 0; i < btf_vlen(t); i++)
		if (v[i].type == (uint32_t)var)
			return (uint32_t)var;
	return 0;
}

/* Skips typedefs and qualifiers. */
static uint32_t skip_mods(const struct btf *b, uint32_t id)
{
	for (int guard = 0; guard < 64 && id; guard++) {
		const struct btf_type *t = btf__type_by_id(b, id);
		if (!t)
			return 0;
		if (!btf_is_mod(t) && !btf_is_typedef(t) && !btf_is_decl_tag(t))
			return id;
		id = t->type;
	}
	return id;
}

static const struct type *conv(struct check_ctx *c, uint32_t id, bool complete);

static const struct type *conv_enum(struct check_ctx *c, const struct btf *b, const struct btf_type *bt)
{
	struct type *t = type_new(c->arena, TY_INT, bt->size, bt->size);
	t->is_signed = btf_kflag(bt);
	const char *n = btf__name_by_offset(b, bt->name_off);
	t->name = arena_printf(c->arena, "enum %s", n ? n : "");
	uint32_t vlen = btf_vlen(bt);
	struct type_enum_value *v = ARENA_NEWN(c->arena, struct type_enum_value, vlen ? vlen : 1);
	for (uint32_t i = 0; i < vlen; i++) {
		if (btf_is_enum64(bt)) {
			const struct btf_enum64 *e = btf_enum64(bt) + i;
			v[i].name = arena_strdup(c->arena, btf__name_by_offset(b, e->name_off));
			v[i].value = (int64_t)btf_enum64_value(e);
		} else {
			const struct btf_enum *e = btf_enum(bt) + i;
			v[i].name = arena_strdup(c->arena, btf__name_by_offset(b, e->name_off));
			v[i].value = t->is_signed ? (int64_t)e->val : (int64_t)(uint32_t)e->val;
		}
	}
	t->enum_values = v;
	t->nenum_values = vlen;
	return t;
}

/* The struct's fields, converting members held by value in full. */
static void fill_fields(struct check_ctx *c, struct type *t)
{
	struct btf *b = c->ctypes->btf;
	const struct btf_type *bt = btf__type_by_id(b, t->btf_id);
	uint32_t vlen = btf_vlen(bt);
	struct type_field *f = ARENA_NEWN(c->arena, struct type_field, vlen ? vlen : 1);
	const struct btf_member *m = btf_members(bt);
	uint32_t n = 0;
	for (uint32_t i = 0; i < vlen; i++) {
		const struct type *ft = conv(c, m[i].type, true);
		if (!ft)
			continue;   /* a member of a type sonde cannot represent is left out */
		uint32_t bits = btf_member_bit_offset(bt, i), bsize = btf_member_bitfield_size(bt, i);
		const char *name = btf__name_by_offset(b, m[i].name_off);
		f[n] = (struct type_field){.name = arena_strdup(c->arena, name ? name : ""), .type = ft,
		                           .offset = bits / 8};
		if (bsize)
			f[n].type = sema_bitfield_type(c, ft, bits, bsize, &f[n].offset);
		n++;
	}
	t->count = n;
	t->fields = f;   /* set last: a non-NULL fields means complete */
}

void sema_btf_complete(struct check_ctx *c, struct type *t)
{
	if (t->kind != TY_CSTRUCT || !t->btf_id || t->fields || !sema_btf(c))
		return;
	fill_fields(c, t);
}

static const struct type *conv_struct(struct check_ctx *c, uint32_t id, const struct btf_type *bt, bool complete)
{
	struct btf *b = c->ctypes->btf;
	struct type *t = (struct type *)c->ctypes->btf_memo[id];
	if (!t) {
		int align = btf__align_of(b, id);
		t = type_new(c->arena, TY_CSTRUCT, bt->size, align > 0 ? (uint32_t)align : 1);
		const char *n = btf__name_by_offset(b, bt->name_off);
		t->name = arena_printf(c->arena, "%s %s", btf_is_union(bt) ? "union" : "struct", n ? n : "");
		if (!n || !*n)
			t->name = btf_is_union(bt) ? "union" : "struct";
		t->btf_id = id;
		c->ctypes->btf_memo[id] = t;
	}
	if (complete && !t->fields)
		fill_fields(c, t);
	return t;
}

/* A forward declaration: the full definition of the same name, else an empty opaque struct. */
static const struct type *conv_fwd(struct check_ctx *c, const struct btf_type *bt, bool complete)
{
	struct btf *b = c->ctypes->btf;
	const char *n = btf__name_by_offset(b, bt->name_off);
	bool is_union = btf_kflag(bt);
	if (n && *n) {
		int32_t full = btf__find_by_name_kind(b, n, is_union ? BTF_KIND_UNION : BTF_KIND_STRUCT);
		if (full > 0)
			return conv(c, (uint32_t)full, complete);
	}
	struct type *t = type_new(c->arena, TY_CSTRUCT, 0, 1);
	t->name = arena_printf(c->arena, "%s %s", is_union ? "union" : "struct", n ? n : "");
	t->fields = ARENA_NEW(c->arena, struct type_field);
	return t;
}

static const struct type *conv(struct check_ctx *c, uint32_t id, bool complete)
{
	struct btf *b = c->ctypes->btf;
	id = skip_mods(b, id);
	if (!id)
		return type_void();
	const struct btf_type *bt = btf__type_by_id(b, id);
	if (!bt)
		return NULL;
	if (btf_is_composite(bt))
		return conv_struct(c, id, bt, complete);
	if (c->ctypes->btf_memo[id])
		return c->ctypes->btf_memo[id];
	const struct type *r = NULL;
	switch (btf_kind(bt)) {
	case BTF_KIND_INT: {
		uint8_t enc = btf_int_encoding(bt);
		if (enc & BTF_INT_BOOL)
			r = type_bool();
		else if (bt->size == 1 || bt->size == 2 || bt->size == 4 || bt->size == 8) {
			/* plain char is signed on the architectures sonde runs on, whatever BTF says */
			const char *n = btf__name_by_offset(b, bt->name_off);
			bool is_char = n && strcmp(n, "char") == 0;
			r = type_int(bt->size, (enc & BTF_INT_SIGNED) || (enc & BTF_INT_CHAR) || is_char);
		}
		else {   /* __int128 and friends: bytes */
			struct type *a = type_new(c->arena, TY_ARRAY, bt->size, 8);
			a->elem = type_int(1, false);
			a->count = bt->size;
			r = a;
		}
		break;
	}
	case BTF_KIND_FLOAT:
		r = type_new(c->arena, TY_NONE, bt->size, bt->size < 8 ? bt->size : 8);
		break;
	case BTF_KIND_PTR: {
		uint32_t to = skip_mods(b, bt->type);
		const struct btf_type *pt = to ? btf__type_by_id(b, to) : NULL;
		const struct type *elem = NULL;
		if (pt && !btf_is_func_proto(pt))
			elem = conv(c, to, false);   /* a pointee struct stays a shell until used */
		if (elem && elem->kind == TY_VOID)
			elem = NULL;
		r = sema_ptr_type(c, elem);
		break;
	}
	case BTF_KIND_ARRAY: {
		const struct btf_array *arr = btf_array(bt);
		const struct type *elem = conv(c, arr->type, true);
		if (!elem)
			return NULL;
		const struct btf_type *et = btf__type_by_id(b, skip_mods(b, arr->type));
		const char *en = et && btf_is_int(et) ? btf__name_by_offset(b, et->name_off) : NULL;
		if (en && strcmp(en, "char") == 0)
			r = sema_char_array_string(c, arr->nelems);   /* char[N] reads as a string, as in bpftrace */
		else {
			struct type *a = type_new(c->arena, TY_ARRAY, elem->size * arr->nelems, elem->align);
			a->elem = elem;
			a->count = arr->nelems;
			r = a;
		}
		break;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		r = conv_enum(c, b, bt);
		break;
	case BTF_KIND_FWD:
		return conv_fwd(c, bt, complete);
	default:   /* functions, variables, sections */
		return NULL;
	}
	c->ctypes->btf_memo[id] = r;
	return r;
}

/* The id of NAME ("struct x", "enum y", a typedef) in B, or <= 0. */
static int32_t find_named(const struct btf *b, const char *name)
{
	int32_t id = -1;
	if (strncmp(name, "struct ", 7) == 0)
		id = btf__find_by_name_kind(b, name + 7, BTF_KIND_STRUCT);
	else if (strncmp(name, "union ", 6) == 0)
		id = btf__find_by_name_kind(b, name + 6, BTF_KIND_UNION);
	else if (strncmp(name, "enum ", 5) == 0) {
		id = btf__find_by_name_kind(b, name + 5, BTF_KIND_ENUM);
		if (id <= 0)
			id = btf__find_by_name_kind(b, name + 5, BTF_KIND_ENUM64);
	} else {
		id = btf__find_by_name_kind(b, name, BTF_KIND_TYPEDEF);
		if (id <= 0)
			id = btf__find_by_name_kind(b, name, BTF_KIND_INT);
	}
	return id;
}

/* A type vmlinux lacks may be a loaded module's (struct x86_emulate_ctxt is kvm's). The first
 * module that has one joins the universe: its BTF is split on top of vmlinux's, so every id
 * converted so far stays valid and only the memo grows. Types of a second module stay unknown. */
static int32_t find_in_modules(struct check_ctx *c, const char *name)
{
	struct sema_ctypes *ct = c->ctypes;
	if (ct->btf_vmlinux)
		return -1;
	DIR *d = opendir("/sys/kernel/btf");
	int32_t id = -1;
	for (struct dirent *e; d && id <= 0 && (e = readdir(d));) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "vmlinux") == 0)
			continue;
		struct btf *mb = btf__load_module_btf(e->d_name, ct->btf);
		id = mb ? find_named(mb, name) : -1;
		if (id <= 0) {
			btf__free(mb);
			continue;
		}
		uint32_t count = btf__type_cnt(mb);
		const struct type **memo = ARENA_NEWN(c->arena, const struct type *, count);
		memcpy(memo, ct->btf_memo, ct->btf_count * sizeof(*memo));
		ct->btf_vmlinux = ct->btf;
		ct->btf = mb;
		ct->btf_memo = memo;
		ct->btf_count = count;
	}
	if (d)
		closedir(d);
	return id;
}

const struct type *sema_btf_named(struct check_ctx *c, const char *name)
{
	struct btf *b = sema_btf(c);
	if (!b)
		return NULL;
	int32_t id = find_named(b, name);
	if (id <= 0)
		id = find_in_modules(c, name);
	if (id <= 0)
		return NULL;
	return conv(c, (uint32_t)id, true);
}

bool sema_btf_layout(struct check_ctx *c, const char *name, uint32_t *size, uint32_t *align)
{
	struct btf *b = sema_btf(c);
	if (!b)
		return false;
	bool is_union = strncmp(name, "union ", 6) == 0;
	int32_t id = btf__find_by_name_kind(b, name + (is_union ? 6 : 7), is_union ? BTF_KIND_UNION : BTF_KIND_STRUCT);
	if (id <= 0)
		return false;
	*size = btf__type_by_id(b, (uint32_t)id)->size;
	int a = btf__align_of(b, (uint32_t)id);
	*align = a > 0 ? (uint32_t)a : 1;
	return true;
}

/* Enumerators are looked up by scanning every enum: only names no builtin, script definition
 * or #define has reach this, so the scan is rare. */
bool sema_btf_const(struct check_ctx *c, const char *name, int64_t *value, const struct type **type)
{
	struct btf *b = sema_btf(c);
	if (!b)
		return false;
	uint32_t n = btf__type_cnt(b);
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *bt = btf__type_by_id(b, id);
		if (!btf_is_any_enum(bt))
			continue;
		for (uint32_t i = 0; i < btf_vlen(bt); i++) {
			uint32_t off = btf_is_enum64(bt) ? btf_enum64(bt)[i].name_off : btf_enum(bt)[i].name_off;
			const char *en = btf__name_by_offset(b, off);
			if (en && strcmp(en, name) == 0) {
				const struct type *et = conv(c, id, true);
				for (uint32_t k = 0; k < et->nenum_values; k++)
					if (strcmp(et->enum_values[k].name, name) == 0)
						*value = et->enum_values[k].value;
				*type = et;
				return true;
			}
		}
	}
	return false;
}
