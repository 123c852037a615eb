/* Expressions: scalars become i64 values, everything else a pointer to its storage. */
#include "codegen/cg_priv.h"

#include <stdlib.h>
#include <string.h>

static bool signed_op(const struct ast_node *e)
{
	return type_signed_op(e->a->type, e->b->type);
}

LLVMValueRef cg_truth(struct cg *cg, LLVMValueRef v, const struct type *t)
{
	(void)t;
	return LLVMBuildICmp(cg->m->b, LLVMIntNE, v, cg_const64(cg, 0), "truth");
}

static LLVMValueRef lower_string_const(struct cg *cg, const char *s, uint32_t len, uint32_t size)
{
	LLVMValueRef slot = bpfmod_alloca(cg->m, LLVMArrayType(cg->i8, size), "str", false);
	LLVMValueRef init = LLVMConstStringInContext(cg->m->ctx, s, len, 1);
	LLVMValueRef zero = LLVMConstNull(LLVMArrayType(cg->i8, size));
	LLVMBuildStore(cg->m->b, zero, slot);
	if (len) {
		LLVMValueRef st = LLVMBuildStore(cg->m->b, init, slot);
		LLVMSetAlignment(st, 1);
	}
	return slot;
}

/* a == b for strings: equal up to and including the first NUL (or the shorter size). Buffers
 * (length then bytes, zero-filled past the length) compare every byte instead. */
static LLVMValueRef lower_str_eq(struct cg *cg, LLVMValueRef a, const struct type *ta, LLVMValueRef b,
                                 const struct type *tb)
{
	bool stop_at_nul = ta->kind == TY_STRING;
	LLVMBuilderRef bd = cg->m->b;
	uint32_t n = ta->size < tb->size ? ta->size : tb->size;
	LLVMValueRef res = bpfmod_alloca(cg->m, cg->i64, "streq", false);
	LLVMBuildStore(bd, cg_const64(cg, 1), res);
	LLVMBasicBlockRef done = cg_block(cg, "streq.done");
	for (uint32_t i = 0; i < n; i++) {
		LLVMValueRef ca = LLVMBuildLoad2(bd, cg->i8, cg_gep(cg, a, i), "ca");
		LLVMValueRef cb = LLVMBuildLoad2(bd, cg->i8, cg_gep(cg, b, i), "cb");
		LLVMBasicBlockRef same = cg_block(cg, "streq.same"), next = cg_block(cg, "streq.next");
		LLVMBasicBlockRef differ = cg_block(cg, "streq.differ");
		LLVMBuildCondBr(bd, LLVMBuildICmp(bd, LLVMIntEQ, ca, cb, "eq"), same, differ);
		LLVMPositionBuilderAtEnd(bd, differ);
		LLVMBuildStore(bd, cg_const64(cg, 0), res);
		LLVMBuildBr(bd, done);
		LLVMPositionBuilderAtEnd(bd, same);
		if (stop_at_nul)
			LLVMBuildCondBr(bd, LLVMBuildICmp(bd, LLVMIntEQ, ca, LLVMConstInt(cg->i8, 0, 0), "nul"), done, next);
		else
			LLVMBuildBr(bd, next);
		LLVMPositionBuilderAtEnd(bd, next);
	}
	/* All compared bytes equal: the longer string must end where the shorter one does. */
	if (ta->size != tb->size) {
		LLVMValueRef longer = ta->size > tb->size ? a : b;
		LLVMValueRef c = LLVMBuildLoad2(bd, cg->i8, cg_gep(cg, longer, n), "cl");
		LLVMValueRef end = LLVMBuildZExt(bd, LLVMBuildICmp(bd, LLVMIntEQ, c, LLVMConstInt(cg->i8, 0, 0), "e"), cg->i64, "e64");
		LLVMBuildStore(bd, end, res);
	}
	LLVMBuildBr(bd, done);
	LLVMPositionBuilderAtEnd(bd, done);
	return LLVMBuildLoad2(bd, cg->i64, res, "streq");
}

static LLVMValueRef lower_logical(struct cg *cg, struct ast_node *e)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef res = bpfmod_alloca(cg->m, cg->i64, "logic", false);
	LLVMValueRef a = cg_truth(cg, cg_lower_expr(cg, e->a), e->a->type);
	LLVMBuildStore(bd, LLVMBuildZExt(bd, a, cg->i64, "a"), res);
	LLVMBasicBlockRef rhs = cg_block(cg, "logic.rhs"), done = cg_block(cg, "logic.done");
	if (e->op == OP_LAND)
		LLVMBuildCondBr(bd, a, rhs, done);
	else
		LLVMBuildCondBr(bd, a, done, rhs);
	LLVMPositionBuilderAtEnd(bd, rhs);
	LLVMValueRef b = cg_truth(cg, cg_lower_expr(cg, e->b), e->b->type);
	LLVMBuildStore(bd, LLVMBuildZExt(bd, b, cg->i64, "b"), res);
	LLVMBuildBr(bd, done);
	LLVMPositionBuilderAtEnd(bd, done);
	return LLVMBuildLoad2(bd, cg->i64, res, "logic");
}

static LLVMValueRef lower_binop(struct cg *cg, struct ast_node *e)
{
	if (e->op == OP_LAND || e->op == OP_LOR)
		return lower_logical(cg, e);
	LLVMValueRef a = cg_lower_expr(cg, e->a), b = cg_lower_expr(cg, e->b);
	if (e->a->type->kind == TY_STRING || e->a->type->kind == TY_BUFFER || e->a->type->kind == TY_ARRAY) {
		LLVMValueRef eq = lower_str_eq(cg, a, e->a->type, b, e->b->type);
		return e->op == OP_EQ ? eq : LLVMBuildXor(cg->m->b, eq, cg_const64(cg, 1), "ne");
	}
	if (e->a->type->kind == TY_PTR && e->a->type->elem && (e->op == OP_ADD || e->op == OP_SUB)) {
		/* pointer arithmetic scales by the pointee's size */
		uint32_t sz = e->a->type->elem->size ? e->a->type->elem->size : 1;
		b = LLVMBuildMul(cg->m->b, b, cg_const64(cg, sz), "scale");
	}
	LLVMValueRef r = V(cg_binop(cg, e->op, CV(a), CV(b), signed_op(e)));
	if (e->op == OP_DIV || e->op == OP_MOD) {
		/* bpftrace defines x / 0 and x % 0 as 1, and says so once when it happens. */
		LLVMValueRef zero = LLVMBuildICmp(cg->m->b, LLVMIntEQ, b, cg_const64(cg, 0), "divz");
		cg_warn_once(cg, zero, e->loc,
		             "Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used as the result.");
		r = LLVMBuildSelect(cg->m->b, zero, cg_const64(cg, 1), r, "divr");
	}
	return r;
}

/* Whether field access E reads traced memory in place (through a pointer to a C struct, or a
 * member of such a struct): its address is then the traced one, not a copy's. */
static bool traced_field(const struct ast_node *e)
{
	if (e->kind != AST_FIELD || !e->sym || !e->a->type)
		return false;
	const struct type *ot = e->a->type;
	if (ot->kind == TY_PTR && ot->elem && ot->elem->kind == TY_CSTRUCT)
		return true;
	return ot->kind == TY_CSTRUCT && traced_field(e->a);
}

/* The storage an lvalue-ish expression lives in, for `&x`, `x++` and field stores: for a member
 * of traced memory, the traced address itself. */
static LLVMValueRef lower_address(struct cg *cg, struct ast_node *e)
{
	if (traced_field(e))
		return LLVMBuildIntToPtr(cg->m->b, V(cg_field_address(cg, e)), cg->ptr, "fp");
	if (e->kind == AST_VAR)
		return cg->vars[((struct sema_var *)e->sym)->index];
	LLVMValueRef v = cg_lower_expr(cg, e);
	if (type_is_scalar(e->type)) {
		LLVMValueRef slot = V(cg_temp(cg, e->type));
		cg_store_scalar(cg, slot, v, e->type);
		return slot;
	}
	return v;
}

static LLVMValueRef lower_incdec(struct cg *cg, struct ast_node *e)
{
	bool inc = e->op == OP_PREINC || e->op == OP_POSTINC;
	bool post = e->op == OP_POSTINC || e->op == OP_POSTDEC;
	struct ast_node *t = e->a;
	LLVMValueRef old = cg_lower_expr(cg, t);
	uint64_t step = 1;
	if (t->type->kind == TY_PTR && t->type->elem && t->type->elem->size)
		step = t->type->elem->size;
	LLVMValueRef nv = inc ? LLVMBuildAdd(cg->m->b, old, cg_const64(cg, step), "inc")
	                      : LLVMBuildSub(cg->m->b, old, cg_const64(cg, step), "dec");
	if (t->kind == AST_VAR) {
		struct sema_var *v = t->sym;
		cg_store_scalar(cg, cg->vars[v->index], nv, v->type);
	} else {
		cg_map_write(cg, t->sym, t, nv, t->type);
	}
	return post ? old : nv;
}

static LLVMValueRef lower_unop(struct cg *cg, struct ast_node *e)
{
	LLVMBuilderRef bd = cg->m->b;
	switch (e->op) {
	case OP_NEG:
		return LLVMBuildNeg(bd, cg_lower_expr(cg, e->a), "neg");
	case OP_LNOT:
		return LLVMBuildZExt(bd, LLVMBuildNot(bd, cg_truth(cg, cg_lower_expr(cg, e->a), e->a->type), "not"), cg->i64, "n64");
	case OP_BNOT:
		return V(cg_convert(cg, CV(LLVMBuildNot(bd, cg_lower_expr(cg, e->a), "bnot")), e->a->type, e->type));
	case OP_ADDR: {
		LLVMValueRef p = lower_address(cg, e->a);
		return LLVMBuildPtrToInt(bd, p, cg->i64, "addr");
	}
	case OP_DEREF: {
		/* Pointers into sonde's own stack (from &) read directly; others via probe_read. */
		LLVMValueRef p = cg_lower_expr(cg, e->a);
		LLVMValueRef dst = V(cg_temp(cg, e->type));
		LLVMValueRef src = LLVMBuildIntToPtr(bd, p, cg->ptr, "p");
		if (e->a->kind == AST_UNOP && e->a->op == OP_ADDR && !traced_field(e->a->a))
			bpfmod_memcpy(cg->m, dst, src, e->type->size);
		else
			cg_probe_read(cg, dst, e->type->size, src, e);   /* user or kernel, as above */
		return type_is_scalar(e->type) ? cg_load_scalar(cg, dst, e->type) : dst;
	}
	default:
		return lower_incdec(cg, e);
	}
}

static LLVMValueRef lower_ternary(struct cg *cg, struct ast_node *e)
{
	LLVMBuilderRef bd = cg->m->b;
	bool scalar = type_is_scalar(e->type);
	LLVMValueRef slot = scalar ? bpfmod_alloca(cg->m, cg->i64, "sel", false) : V(cg_temp(cg, e->type));
	LLVMValueRef c = cg_truth(cg, cg_lower_expr(cg, e->a), e->a->type);
	LLVMBasicBlockRef bt = cg_block(cg, "t.then"), bf = cg_block(cg, "t.else"), done = cg_block(cg, "t.end");
	LLVMBuildCondBr(bd, c, bt, bf);
	struct ast_node *arms[2] = {e->b, e->c};
	LLVMBasicBlockRef blocks[2] = {bt, bf};
	for (int i = 0; i < 2; i++) {
		LLVMPositionBuilderAtEnd(bd, blocks[i]);
		LLVMValueRef v = cg_lower_expr(cg, arms[i]);
		if (scalar)
			LLVMBuildStore(bd, v, slot);
		else
			cg_convert_store(cg, slot, e->type, v, arms[i]->type);
		LLVMBuildBr(bd, done);
	}
	LLVMPositionBuilderAtEnd(bd, done);
	return scalar ? LLVMBuildLoad2(bd, cg->i64, slot, "sel") : slot;
}

/* A bitfield's bits from the (up to 8) little-endian bytes at P, as an i64. */
static LLVMValueRef bitfield_value(struct cg *cg, LLVMValueRef p, uint32_t nbytes, const struct type *bt)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef tmp = bpfmod_alloca(cg->m, cg->i64, "bits", false);
	LLVMBuildStore(bd, cg_const64(cg, 0), tmp);
	bpfmod_memcpy(cg->m, tmp, p, nbytes);
	LLVMValueRef v = LLVMBuildLoad2(bd, cg->i64, tmp, "bits");
	unsigned top = 64u - bt->bit_shift - bt->bit_size;
	/* shift the field to the top, then back down: the bits above it go */
	v = LLVMBuildShl(bd, v, cg_const64(cg, top), "bf.hi");
	return LLVMBuildLShr(bd, v, cg_const64(cg, top + bt->bit_shift), "bf");
}

/* A field of a C struct held by value (on our stack) or behind a pointer (read with
 * probe_read: kernel BTF structs with the kernel variant, others as plain DEREF reads). */
static LLVMValueRef lower_cfield(struct cg *cg, struct ast_node *e)
{
	const struct type_field *f = e->sym;
	const struct type *ot = e->a->type, *ft = e->type;
	bool bits = f->type->kind == TY_INT && f->type->bit_size;
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef base = cg_lower_expr(cg, e->a);
	uint32_t nbytes = bits ? (f->type->bit_shift + f->type->bit_size + 7u) / 8u : ft->size;
	if (bits && nbytes > 8)
		nbytes = 8;
	LLVMValueRef src;
	if (base == cg->ctx && ot->kind == TY_PTR && !bits && type_is_scalar(ft) && ft->size <= 8 && f->offset % 8 == 0 &&
	    probe_has(cg_probe_type(cg), PT_CTX_U64_SLOTS)) {
		/* A tracing context's member (an iterator's ctx.file), read straight from its u64 slot:
		 * the verifier accepts only that, and a pointer read so keeps its BTF type for the
		 * helpers that take the kernel's own objects (path(ctx.file.f_path)). */
		LLVMValueRef slot = LLVMBuildLoad2(bd, cg->i64, cg_gep(cg, base, f->offset), f->name);
		LLVMSetAlignment(slot, 8);
		if (ft->kind == TY_PTR && probe_has(cg_probe_type(cg), PT_ITERATOR)) {
			/* The verifier allows no arithmetic on an iterator's object until this very value
			 * is known non-NULL; a NULL one is the end call, which has nothing to do. */
			LLVMBasicBlockRef end = cg_block(cg, "end_call"), obj = cg_block(cg, "object");
			LLVMBuildCondBr(bd, LLVMBuildICmp(bd, LLVMIntEQ, slot, cg_const64(cg, 0), "null"), end, obj);
			LLVMPositionBuilderAtEnd(bd, end);
			LLVMBuildRet(bd, cg_const64(cg, 0));
			LLVMPositionBuilderAtEnd(bd, obj);
		}
		return V(cg_convert(cg, CV(slot), type_int(8, false), ft));
	}
	if (ot->kind == TY_PTR) {
		if (LLVMGetTypeKind(LLVMTypeOf(base)) == LLVMPointerTypeKind)   /* ctx is a real pointer */
			base = LLVMBuildPtrToInt(bd, base, cg->i64, "pi");
		LLVMValueRef addr = LLVMBuildAdd(bd, base, cg_const64(cg, f->offset), "fa");
		LLVMValueRef dst = bits ? bpfmod_alloca(cg->m, cg->i64, "fb", false) : V(cg_temp(cg, ft));
		/* The legacy probe_read reads kernel and user addresses alike on x86-64: a BTF-typed
		 * pointer may still point into user memory (syscall tracepoint args). */
		if (nbytes)
			cg_probe_read(cg, dst, nbytes, LLVMBuildIntToPtr(bd, addr, cg->ptr, "p"), e);
		src = dst;
	} else {
		src = cg_gep(cg, base, f->offset);
	}
	if (bits)
		return bitfield_value(cg, src, nbytes, f->type);
	return type_is_scalar(ft) ? cg_load_scalar(cg, src, ft) : src;
}

static LLVMValueRef lower_field(struct cg *cg, struct ast_node *e)
{
	const struct type *ot = e->a->type;
	if (e->sym && (ot->kind == TY_CSTRUCT || (ot->kind == TY_PTR && ot->elem && ot->elem->kind == TY_CSTRUCT)))
		return lower_cfield(cg, e);
	/* A builtin may offer its record in place (tracepoint args: the context). */
	const struct builtin *b = e->a->kind == AST_IDENT ? e->a->sym : NULL;
	LLVMValueRef base = b && b->emit_field_base ? V(b->emit_field_base(cg, e->a)) : NULL;
	if (!base)
		base = cg_lower_expr(cg, e->a);
	if (ot->kind == TY_PTR) {
		ot = ot->elem;
		base = LLVMBuildIntToPtr(cg->m->b, base, cg->ptr, "p");
	}
	const struct type_field *f = &ot->fields[e->num];
	LLVMValueRef p = cg_gep(cg, base, f->offset);
	if (base == cg->ctx && f->type->kind == TY_PTR && f->type->name && !strcmp(f->type->name, TYPE_DATA_LOC)) {
		/* __data_loc: the low 16 bits are the data's offset from the start of the record. */
		LLVMValueRef loc = V(cg_load_ctx(cg, f->offset, type_int(4, false)));
		LLVMValueRef off = LLVMBuildAnd(cg->m->b, loc, cg_const64(cg, 0xffff), "off");
		return LLVMBuildAdd(cg->m->b, LLVMBuildPtrToInt(cg->m->b, cg->ctx, cg->i64, "rec"), off, "data");
	}
	if (type_is_scalar(f->type) && base == cg->ctx)
		return V(cg_load_ctx(cg, f->offset, f->type));
	if (type_is_scalar(f->type))
		return cg_load_scalar(cg, p, f->type);
	if (base == cg->ctx) {
		/* Copy out of the context so later helpers get an ordinary stack pointer. */
		LLVMValueRef dst = V(cg_temp(cg, f->type));
		cg_copy_ctx(cg, CV(dst), f->offset, f->type->size);
		return dst;
	}
	return p;
}

/* The address of E when it is a C struct member reached through a pointer, else NULL. */
static LLVMValueRef cfield_address(struct cg *cg, struct ast_node *e)
{
	if (e->kind != AST_FIELD || !e->sym || e->a->type->kind != TY_PTR || !e->a->type->elem ||
	    e->a->type->elem->kind != TY_CSTRUCT)
		return NULL;
	const struct type_field *f = e->sym;
	LLVMValueRef base = cg_lower_expr(cg, e->a);
	if (LLVMGetTypeKind(LLVMTypeOf(base)) == LLVMPointerTypeKind)   /* ctx is a real pointer */
		base = LLVMBuildPtrToInt(cg->m->b, base, cg->i64, "pi");
	return LLVMBuildAdd(cg->m->b, base, cg_const64(cg, f->offset), "fa");
}

static LLVMValueRef lower_index(struct cg *cg, struct ast_node *e)
{
	const struct type *ot = e->a->type;
	/* An array member of a struct behind a pointer is read one element at a time, straight
	 * from memory: a flexible array (count 0) has no copy of its own. */
	LLVMValueRef mem = ot->kind == TY_ARRAY ? cfield_address(cg, e->a) : NULL;
	LLVMValueRef base = mem ? NULL : cg_lower_expr(cg, e->a);
	if (ot->kind == TY_TUPLE) {
		const struct type_field *f = &ot->fields[e->num];
		LLVMValueRef p = cg_gep(cg, base, f->offset);
		return type_is_scalar(f->type) ? cg_load_scalar(cg, p, f->type) : p;
	}
	uint32_t esz = e->type->size ? e->type->size : 1;
	LLVMValueRef idx = cg_lower_expr(cg, e->b);
	if (ot->kind == TY_ARRAY && ot->count && e->b->kind != AST_INT)   /* sema bounds a constant */
		cg_warn_once(cg, LLVMBuildICmp(cg->m->b, LLVMIntUGE, idx, cg_const64(cg, ot->count), "oob"), e->loc,
		             "Array access out of bounds. This can lead to unexpected results.");
	LLVMValueRef off = LLVMBuildMul(cg->m->b, idx, cg_const64(cg, esz), "off");
	if (ot->kind == TY_PTR || mem) {
		if (mem)
			base = mem;
		LLVMValueRef addr = LLVMBuildAdd(cg->m->b, base, off, "a");
		LLVMValueRef dst = V(cg_temp(cg, e->type));
		cg_probe_read(cg, dst, esz, LLVMBuildIntToPtr(cg->m->b, addr, cg->ptr, "p"), e);
		return type_is_scalar(e->type) ? cg_load_scalar(cg, dst, e->type) : dst;
	}
	/* Arrays and strings on our stack: bound the index so the verifier accepts the access. */
	uint32_t n = ot->kind == TY_ARRAY ? ot->count : ot->size;
	LLVMValueRef in = LLVMBuildICmp(cg->m->b, LLVMIntULT, idx, cg_const64(cg, n), "in");
	LLVMValueRef safe = LLVMBuildSelect(cg->m->b, in, off, cg_const64(cg, 0), "safe");
	LLVMValueRef p = LLVMBuildGEP2(cg->m->b, cg->i8, base, &safe, 1, "el");
	return type_is_scalar(e->type) ? cg_load_scalar(cg, p, e->type) : p;
}

static LLVMValueRef lower_list(struct cg *cg, struct ast_node *e, bool named)
{
	LLVMValueRef slot = V(cg_temp(cg, e->type));
	uint32_t i = 0;
	for (struct ast_node *x = e->list; x; x = x->next, i++) {
		struct ast_node *v = named ? x->a : x;
		const struct type_field *f = &e->type->fields[i];
		LLVMValueRef val = cg_lower_expr(cg, v);
		cg_convert_store(cg, cg_gep(cg, slot, f->offset), f->type, val, v->type);
	}
	return slot;
}

static LLVMValueRef lower_cast(struct cg *cg, struct ast_node *e)
{
	LLVMValueRef v = cg_lower_expr(cg, e->b);
	const struct type *to = e->type;
	if (to->kind == TY_ARRAY) {
		const struct type *from = e->b->type;
		LLVMValueRef slot = V(cg_temp(cg, to));
		if (from->kind == TY_STRING) {   /* sema: the same size, or the string's own */
			bpfmod_memcpy(cg->m, slot, v, to->size);
			return slot;
		}
		/* sema allows only 1, 2, 4 or 8 bytes here; a narrower integer is widened first */
		const struct type *it = type_int(to->size, from->is_signed);
		cg_store_scalar(cg, slot, V(cg_convert(cg, CV(v), from, it)), it);
		return slot;
	}
	if (e->b->type->kind == TY_ARRAY)   /* sema: an integer of the array's size, read from its bytes */
		return cg_load_scalar(cg, v, to);
	return V(cg_convert(cg, CV(v), e->b->type, to));
}

static LLVMValueRef lower_positional(struct cg *cg, struct ast_node *e)
{
	if (e->type->kind != TY_STRING) {
		int64_t v = 0;
		sema_positional_int(cg->prog, e->num, &v);
		return cg_const64(cg, (uint64_t)v);
	}
	const char *s = cg->prog->positional[e->num - 1];
	return lower_string_const(cg, s, (uint32_t)strlen(s), e->type->size);
}

static LLVMValueRef lower_expr(struct cg *cg, struct ast_node *e)
{
	if (!e->type) {
		cg_error(cg, e->loc, "internal error: untyped expression");
		return cg_const64(cg, 0);
	}
	switch (e->kind) {
	case AST_INT:
		return cg_const64(cg, e->num);
	case AST_BOOL:
		return cg_const64(cg, e->num ? 1 : 0);
	case AST_STRING:
		return lower_string_const(cg, e->str, (uint32_t)e->num, e->type->size);
	case AST_VAR: {
		struct sema_var *v = e->sym;
		LLVMValueRef slot = cg->vars[v->index];
		return type_is_scalar(v->type) ? cg_load_scalar(cg, slot, v->type) : slot;
	}
	case AST_MAP:
		return cg_map_read(cg, e->sym, e);
	case AST_POSITIONAL:
		return lower_positional(cg, e);
	case AST_POS_COUNT:
		return cg_const64(cg, (uint64_t)cg->prog->npositional);
	case AST_IDENT:
		if (!e->sym)   /* an enumerator or #define (sema/check_expr.c) */
			return cg_const64(cg, e->num);
		/* fall through */
	case AST_CALL: {
		const struct builtin *b = e->sym;
		if (!b->emit) {
			cg_error(cg, e->loc, "%s cannot be used here", e->str);
			return cg_const64(cg, 0);
		}
		struct cg_val *v = b->emit(cg, e);
		return v ? V(v) : cg_const64(cg, 0);
	}
	case AST_BINOP:
		return lower_binop(cg, e);
	case AST_UNOP:
		return lower_unop(cg, e);
	case AST_TERNARY:
		return lower_ternary(cg, e);
	case AST_CAST:
		return lower_cast(cg, e);
	case AST_FIELD:
		return lower_field(cg, e);
	case AST_INDEX:
		return lower_index(cg, e);
	case AST_TUPLE:
		return lower_list(cg, e, false);
	case AST_RECORD:
		return lower_list(cg, e, true);
	case AST_SIZEOF:
	case AST_OFFSETOF:
		return cg_const64(cg, e->num);
	case AST_BLOCK:
		cg_stmt_block(cg, e);
		return e->a ? cg_lower_expr(cg, e->a) : cg_const64(cg, 0);
	default:
		cg_error(cg, e->loc, "This expression is not supported yet");
		return cg_const64(cg, 0);
	}
}

LLVMValueRef cg_lower_expr(struct cg *cg, struct ast_node *e)
{
	/* Helpers called while E is lowered (and none of its parts) are called for E. */
	const struct ast_node *outer = cg->site;
	cg->site = e;
	LLVMValueRef v = lower_expr(cg, e);
	cg->site = outer;
	return v;
}
