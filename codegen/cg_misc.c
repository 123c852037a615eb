/* Primitives builtin emitters need beyond cg_api.c: the program and probe being lowered, events
 * they annotate or fill themselves, named helper calls and the program's own maps; and the
 * manifest's record of where each helper is called. */
#include "codegen/cg_priv.h"

#include <string.h>

struct mf_event *cg_event_get(struct cg *cg, int id)
{
	return id >= 0 && (size_t)id < cg->nevents ? &cg->events[id] : NULL;
}

/* NODE's place as a diagnostic shows it: the header ("stdin:1:9-62") into *LOC and the source
 * line with its marker, then the "expanded from" notes of code from a macro (at LEVEL), into
 * *SOURCE (NULL when empty). Both arena text. */
static void render_loc(struct cg *cg, const struct ast_node *node, const char *level, const char **loc,
                       const char **source)
{
	const struct source *main = cg->diags ? cg->diags->src : NULL;
	struct strbuf head = {0}, rest = {0};
	diag_header(&head, ast_origin_source(node->origin, main), node->loc);
	diag_excerpt(&rest, ast_origin_source(node->origin, main), node->loc);
	/* Code from a macro: where each macro of the chain was called, as sema reports it. */
	for (const struct loc_origin *o = node->origin; o && o->from.first_line > 0; o = o->from_origin) {
		const struct source *at = ast_origin_source(o->from_origin, main);
		diag_header(&rest, at, o->from);
		sb_printf(&rest, ": %s: expanded from\n", level);
		diag_excerpt(&rest, at, o->from);
	}
	*loc = arena_strdup(cg->arena, head.buf ? head.buf : "");
	*source = rest.buf ? arena_strdup(cg->arena, rest.buf) : NULL;
	sb_free(&head);
	sb_free(&rest);
}

void cg_event_set_node_loc(struct cg *cg, int id, const struct ast_node *node, const char *level)
{
	struct mf_event *ev = cg_event_get(cg, id);
	if (!ev || node->loc.first_line <= 0)
		return;
	render_loc(cg, node, level, &ev->loc, &ev->loc_source);
	const struct source *src = ast_origin_source(node->origin, cg->diags ? cg->diags->src : NULL);
	ev->loc_file = src ? src->name : NULL;
	ev->loc_line = node->loc.first_line;
	ev->loc_col = node->loc.first_col;
}

void cg_event_set_loc(struct cg *cg, int id, struct loc loc)
{
	struct ast_node at = {.loc = loc};
	cg_event_set_node_loc(cg, id, &at, "WARNING");
}

const struct probe_type *cg_probe_type(struct cg *cg)
{
	return cg->probe ? cg->probe->type : NULL;
}

const struct sema_probe *cg_probe(struct cg *cg)
{
	return cg->probe;
}

const struct typed_program *cg_program(struct cg *cg)
{
	return cg->prog;
}

/* ---- events whose payload the emitter fills ----------------------------------------------- */

struct cg_val *cg_event_open(struct cg *cg, enum mf_event_kind kind, const char *fmt, const struct type *args_type,
                             int *id)
{
	*id = cg_event_add(cg, kind, fmt, args_type, -1);
	uint32_t size = 8 + args_type->size;
	LLVMValueRef rec = bpfmod_alloca(cg->m, LLVMArrayType(cg->i8, (size + 7) / 8 * 8), "rec", false);
	bpfmod_memzero(cg->m, rec, size);
	cg_store_scalar(cg, rec, cg_const64(cg, (uint64_t)*id), type_int(8, false));
	return CV(cg_gep(cg, rec, 8));
}

struct cg_val *cg_event_record(struct cg *cg, struct cg_val *payload)
{
	LLVMValueRef back = LLVMConstInt(cg->i64, (uint64_t)-8, 1);
	return CV(LLVMBuildGEP2(cg->m->b, cg->i8, V(payload), &back, 1, "rec"));
}

void cg_event_send(struct cg *cg, int id, struct cg_val *payload)
{
	cg_ringbuf_send(cg, V(cg_event_record(cg, payload)), 8 + cg->events[id].args->size);
}

/* ---- helpers, pointers and the program's own maps ------------------------------------------- */

struct cg_val *cg_helper_named(struct cg *cg, int id, struct cg_val **args, unsigned nargs, const char *name)
{
	LLVMValueRef a[8];
	for (unsigned i = 0; i < nargs && i < 8; i++)
		a[i] = V(args[i]);
	return CV(bpfmod_helper(cg->m, id, cg->i64, a, nargs, name));
}

struct cg_val *cg_kfunc(struct cg *cg, const char *name, const char *sig, const char *struct_name,
                        struct cg_val **args)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef a[BPFMOD_KFUNC_MAX_ARGS];
	for (unsigned i = 0; sig[i + 1] && i < BPFMOD_KFUNC_MAX_ARGS; i++) {
		LLVMValueRef v = V(args[i]);
		bool is_ptr = LLVMGetTypeKind(LLVMTypeOf(v)) == LLVMPointerTypeKind;
		switch (sig[i + 1]) {
		case 'p': a[i] = is_ptr ? v : LLVMBuildIntToPtr(bd, v, cg->ptr, "kf.arg"); break;
		case 'w': a[i] = LLVMBuildTrunc(bd, is_ptr ? LLVMBuildPtrToInt(bd, v, cg->i64, "") : v, cg->i32, "kf.arg"); break;
		case 'b': a[i] = LLVMBuildTrunc(bd, v, cg->i8, "kf.arg"); break;
		default: a[i] = is_ptr ? LLVMBuildPtrToInt(bd, v, cg->i64, "kf.arg") : v; break;
		}
	}
	LLVMValueRef r = bpfmod_kfunc(cg->m, name, sig, struct_name, a, name);
	switch (sig[0]) {
	case 'v': return NULL;
	case 'p': return CV(LLVMBuildPtrToInt(bd, r, cg->i64, "kf.ret"));
	case 'w': return CV(LLVMBuildSExt(bd, r, cg->i64, "kf.ret"));
	default: return CV(LLVMBuildZExt(bd, r, cg->i64, "kf.ret"));   /* 'b' */
	}
}

struct cg_val *cg_opaque(struct cg *cg, struct cg_val *v)
{
	LLVMTypeRef i64 = cg->i64;
	LLVMTypeRef fty = LLVMFunctionType(i64, &i64, 1, 0);
	static const char same_register[] = "=r,0";   /* out: a register, the one the input is in */
	LLVMValueRef barrier = LLVMGetInlineAsm(fty, "", 0, same_register, strlen(same_register), false, false,
	                                        LLVMInlineAsmDialectATT, false);
	LLVMValueRef arg = V(v);
	return CV(LLVMBuildCall2(cg->m->b, fty, barrier, &arg, 1, "opaque"));
}

struct cg_val *cg_kernel_var(struct cg *cg, uint32_t btf_id)
{
	/* llvm.bpf.pseudo(kind, imm) is the ldimm64 whose source register is KIND: 3 is
	 * BPF_PSEUDO_BTF_ID, which the verifier resolves against vmlinux's BTF (the second half's
	 * imm, a BTF object fd, is 0). */
	static const char name[] = "llvm.bpf.pseudo";
	unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
	LLVMValueRef fn = LLVMGetIntrinsicDeclaration(cg->m->mod, id, NULL, 0);
	LLVMTypeRef fty = LLVMIntrinsicGetType(cg->m->ctx, id, NULL, 0);
	LLVMValueRef args[2] = {cg_const64(cg, 3), cg_const64(cg, btf_id)};
	return CV(LLVMBuildCall2(cg->m->b, fty, fn, args, 2, "kvar"));
}

struct cg_val *cg_null(struct cg *cg)
{
	return CV(LLVMConstNull(cg->ptr));
}

struct cg_val *cg_int_to_ptr(struct cg *cg, struct cg_val *v)
{
	return CV(LLVMBuildIntToPtr(cg->m->b, V(v), cg->ptr, "p"));
}

struct cg_val *cg_index(struct cg *cg, struct cg_val *ptr, struct cg_val *index)
{
	LLVMValueRef i = V(index);
	return CV(LLVMBuildGEP2(cg->m->b, cg->i8, V(ptr), &i, 1, "at"));
}

struct cg_val *cg_map_global(struct cg *cg, const char *name, enum bpf_map_kind kind, uint32_t key_size,
                             uint32_t value_size, uint32_t max_entries)
{
	LLVMValueRef map = LLVMGetNamedGlobal(cg->m->mod, name);
	return CV(map ? map : bpfmod_map(cg->m, name, kind, key_size, value_size, max_entries));
}

/* ---- where each helper is called, for the verifier's refusals ------------------------------ */

void cg_note_helper(void *ctx, int id)
{
	struct cg *cg = ctx;
	if (!cg->probe)
		return;
	/* A helper called again for the same expression adds nothing (this program's uses are the
	 * last ones noted). */
	for (size_t i = cg->nhelper_uses; i-- > 0;) {
		const struct cg_helper_use *u = &cg->helper_uses[i];
		if (u->program != cg->probe->index)
			break;
		if (u->helper == id && u->site == cg->site)
			return;
	}
	cg->helper_uses = arena_grow(cg->arena, cg->helper_uses, cg->nhelper_uses, &cg->helper_uses_cap,
	                             sizeof(*cg->helper_uses), 16);
	cg->helper_uses[cg->nhelper_uses++] = (struct cg_helper_use){id, cg->probe->index, cg->site};
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Copies of one node (macro expansions, unrolled loops) name the same place: one site is enough. */
static bool same_site_noted(const struct manifest *mf, const struct mf_helper_site *s)
{
	for (size_t i = 0; i < mf->nhelper_sites; i++) {
		const struct mf_helper_site *o = &mf->helper_sites[i];
		if (o->helper == s->helper && o->program == s->program && same_text(o->loc, s->loc) &&
		    same_text(o->loc_source, s->loc_source))
			return true;
	}
	return false;
}

void cg_helper_sites(struct cg *cg, struct manifest *mf)
{
	mf->helper_sites = ARENA_NEWN(cg->arena, struct mf_helper_site, cg->nhelper_uses ? cg->nhelper_uses : 1);
	mf->nhelper_sites = 0;
	for (size_t i = 0; i < cg->nhelper_uses; i++) {
		const struct cg_helper_use *u = &cg->helper_uses[i];
		struct mf_helper_site s = {.helper = u->helper, .program = (size_t)u->program};
		if (u->site && u->site->loc.first_line > 0)
			render_loc(cg, u->site, "ERROR", &s.loc, &s.loc_source);
		if (!same_site_noted(mf, &s))
			mf->helper_sites[mf->nhelper_sites++] = s;
	}
}
