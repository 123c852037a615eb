/* The arguments of a BTF function prototype as a probe's `args`, and its return value as fexit's
 * `retval`: raw tracepoints and fentry/fexit programs get them as an array of u64 slots. */
#include <errno.h>
#include <string.h>

#include <bpf/btf.h>

#include "runtime/list_priv.h"

/* The C declaration of BTF type ID, arena-allocated. */
static const char *decl(const struct btf *btf, uint32_t id, struct arena *arena)
{
	struct strbuf sb = {0};
	struct btf_dump *dump = btf_dump__new(btf, list_sb_vprintf_cb, &sb, NULL);
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = "");
	if (dump)
		btf_dump__emit_type_decl(dump, id, &o);
	btf_dump__free(dump);
	const char *s = arena_strdup(arena, sb.buf ? sb.buf : "");
	sb_free(&sb);
	return s;
}

static void describe(const struct btf *btf, uint32_t id, struct arena *arena, struct probe_arg *a)
{
	a->c_type = decl(btf, id, arena);
	__s64 size = btf__resolve_size(btf, id);
	a->size = size > 0 ? (uint32_t)size : 8;
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	a->is_signed = t && btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_SIGNED);
}

/* The u64 slots parameter TYPE takes in the context: a struct of up to 16 bytes passed by value
 * (bpfptr_t) takes two, as it takes two registers. */
static uint32_t slots_of(const struct btf *btf, uint32_t type)
{
	__s64 size = btf__resolve_size(btf, type);
	return size > 8 ? (uint32_t)((size + 7) / 8) : 1;
}

int rt_btf_proto_retval(const struct btf *btf, uint32_t proto, struct arena *arena, struct probe_arg *out)
{
	const struct btf_type *fp = btf__type_by_id(btf, proto);
	if (!fp || !btf_is_func_proto(fp) || !fp->type)
		return -1;   /* void: no retval */
	uint32_t slots = 0;
	for (uint16_t i = 0; i < btf_vlen(fp); i++)
		slots += slots_of(btf, btf_params(fp)[i].type);
	*out = (struct probe_arg){.name = "retval", .offset = 8 * slots};
	describe(btf, fp->type, arena, out);
	return 0;
}

int rt_btf_proto_args(const struct btf *btf, uint32_t proto, unsigned skip, struct arena *arena,
                      struct probe_arg **out, size_t *nout)
{
	const struct btf_type *fp = btf__type_by_id(btf, proto);
	if (!fp || !btf_is_func_proto(fp))
		return -1;
	const struct btf_param *params = btf_params(fp);
	size_t n = btf_vlen(fp) > skip ? btf_vlen(fp) - skip : 0;
	struct probe_arg *v = ARENA_NEWN(arena, struct probe_arg, n ? n : 1);
	uint32_t slot = 0;   /* the context is an array of u64 */
	for (size_t i = 0; i < n; i++) {
		const struct btf_param *p = &params[i + skip];
		const char *pname = btf__name_by_offset(btf, p->name_off);
		v[i].name = pname && *pname ? arena_strdup(arena, pname) : arena_printf(arena, "arg%zu", i);
		v[i].offset = 8 * slot;
		slot += slots_of(btf, p->type);
		describe(btf, p->type, arena, &v[i]);
	}
	*out = v;
	*nout = n;
	return 0;
}
