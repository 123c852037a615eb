/* The arguments of a BTF function prototype as a probe's `args`: raw tracepoints and fentry/fexit
 * programs both get their arguments as an array of u64, one slot per parameter. */
#include <errno.h>
#include <string.h>

#include <bpf/btf.h>

#include "runtime/list_priv.h"

int rt_btf_proto_args(const struct btf *btf, uint32_t proto, unsigned skip, struct arena *arena,
                      struct probe_arg **out, size_t *nout)
{
	const struct btf_type *fp = btf__type_by_id(btf, proto);
	if (!fp || !btf_is_func_proto(fp))
		return -1;
	const struct btf_param *params = btf_params(fp);
	size_t n = btf_vlen(fp) > skip ? btf_vlen(fp) - skip : 0;
	struct probe_arg *v = ARENA_NEWN(arena, struct probe_arg, n ? n : 1);
	struct strbuf sb = {0};
	struct btf_dump *dump = btf_dump__new(btf, list_sb_vprintf_cb, &sb, NULL);
	for (size_t i = 0; i < n; i++) {
		const struct btf_param *p = &params[i + skip];
		sb_reset(&sb);
		LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = "");
		if (dump)
			btf_dump__emit_type_decl(dump, p->type, &o);
		const char *pname = btf__name_by_offset(btf, p->name_off);
		v[i].name = pname && *pname ? arena_strdup(arena, pname) : arena_printf(arena, "arg%zu", i);
		v[i].c_type = arena_strdup(arena, sb.buf ? sb.buf : "");
		v[i].offset = (uint32_t)(8 * i);   /* the context is an array of u64 */
		__s64 size = btf__resolve_size(btf, p->type);
		v[i].size = size > 0 ? (uint32_t)size : 8;
		const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, p->type));
		v[i].is_signed = t && btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_SIGNED);
	}
	btf_dump__free(dump);
	sb_free(&sb);
	*out = v;
	*nout = n;
	return 0;
}
