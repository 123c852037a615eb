/* The lowering interface builtin emitters use, and small shared pieces of lowering. */
#include "codegen/cg_priv.h"

#include <stdio.h>
#include <string.h>

void cg_error(struct cg *cg, struct loc loc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_error(cg->diags, loc, "%s", msg);
	cg->errors++;
}

LLVMValueRef cg_const64(struct cg *cg, uint64_t v)
{
	return LLVMConstInt(cg->i64, v, 0);
}

LLVMBasicBlockRef cg_block(struct cg *cg, const char *name)
{
	return LLVMAppendBasicBlockInContext(cg->m->ctx, cg->m->func, name);
}

bool cg_terminated(struct cg *cg)
{
	return LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(cg->m->b)) != NULL;
}

struct cg_val *cg_expr(struct cg *cg, struct ast_node *e)
{
	return CV(cg_lower_expr(cg, e));
}

struct cg_val *cg_int(struct cg *cg, uint64_t v, const struct type *t)
{
	(void)t; /* scalars are i64 in registers whatever their storage width */
	return CV(cg_const64(cg, v));
}

struct cg_val *cg_ctx(struct cg *cg)
{
	return CV(cg->ctx);
}

struct cg_val *cg_pid_tgid(struct cg *cg)
{
	const struct typed_program *p = cg->prog;
	if (!p->pidns_ino)
		return cg_helper_named(cg, HELPER_GET_CURRENT_PID_TGID, NULL, 0, "pid_tgid");
	/* struct bpf_pidns_info { u32 pid, tgid; }: zero for a task outside the namespace. */
	const struct type *u32 = type_int(4, false), *u64 = type_int(8, false);
	struct cg_val *info = cg_temp(cg, u64);
	cg_store(cg, info, cg_int(cg, 0, NULL), u64);
	struct cg_val *args[4] = {cg_int(cg, p->pidns_dev, NULL), cg_int(cg, p->pidns_ino, NULL), info, cg_int(cg, 8, NULL)};
	cg_helper_named(cg, HELPER_GET_NS_CURRENT_PID_TGID, args, 4, "ns_pid_tgid");
	struct cg_val *pid = cg_convert(cg, cg_load(cg, info, u32), u32, u64);
	struct cg_val *tgid = cg_convert(cg, cg_load(cg, cg_offset(cg, info, 4), u32), u32, u64);
	return cg_binop(cg, OP_BOR, cg_binop(cg, OP_SHL, tgid, cg_int(cg, 32, NULL), false), pid, false);
}

struct cg_val *cg_helper(struct cg *cg, int id, struct cg_val **args, unsigned nargs)
{
	LLVMValueRef a[8];
	for (unsigned i = 0; i < nargs && i < 8; i++)
		a[i] = V(args[i]);
	return CV(bpfmod_helper(cg->m, id, cg->i64, a, nargs, "h"));
}

/* Every slot is an alloca in the entry block; lower.c moves the big ones to scratch memory
 * once the program is complete, so emitters need not care where a value lives. */
struct cg_val *cg_temp_size(struct cg *cg, uint32_t size)
{
	if (!size)
		size = 8;
	LLVMValueRef slot = bpfmod_alloca(cg->m, LLVMArrayType(cg->i8, (size + 7) / 8 * 8), "tmp", false);
	bpfmod_memzero(cg->m, slot, size);
	return CV(slot);
}

struct cg_val *cg_temp(struct cg *cg, const struct type *t)
{
	return cg_temp_size(cg, t->size);
}

static LLVMTypeRef int_type(struct cg *cg, uint32_t size)
{
	switch (size) {
	case 1: return cg->i8;
	case 2: return cg->i16;
	case 4: return cg->i32;
	default: return cg->i64;
	}
}

static uint32_t scalar_size(const struct type *t)
{
	if (t->kind == TY_INT || t->kind == TY_BOOL)
		return t->size ? t->size : 8;
	return 8;
}

LLVMValueRef cg_load_scalar(struct cg *cg, LLVMValueRef ptr, const struct type *t)
{
	uint32_t size = scalar_size(t);
	LLVMValueRef v = LLVMBuildLoad2(cg->m->b, int_type(cg, size), ptr, "ld");
	LLVMSetAlignment(v, 1);
	if (size == 8)
		return v;
	return t->is_signed ? LLVMBuildSExt(cg->m->b, v, cg->i64, "sx") : LLVMBuildZExt(cg->m->b, v, cg->i64, "zx");
}

void cg_store_scalar(struct cg *cg, LLVMValueRef ptr, LLVMValueRef v, const struct type *t)
{
	uint32_t size = scalar_size(t);
	if (t->kind == TY_BOOL)
		v = LLVMBuildZExt(cg->m->b, LLVMBuildICmp(cg->m->b, LLVMIntNE, v, cg_const64(cg, 0), "b"), cg->i64, "b64");
	if (size != 8)
		v = LLVMBuildTrunc(cg->m->b, v, int_type(cg, size), "tr");
	LLVMValueRef st = LLVMBuildStore(cg->m->b, v, ptr);
	LLVMSetAlignment(st, 1);
}

struct cg_val *cg_load(struct cg *cg, struct cg_val *ptr, const struct type *t)
{
	return CV(type_is_scalar(t) ? cg_load_scalar(cg, V(ptr), t) : V(ptr));
}

struct cg_val *cg_load_aligned(struct cg *cg, struct cg_val *ptr, const struct type *t, unsigned align)
{
	LLVMValueRef v = cg_load_scalar(cg, V(ptr), t);
	/* cg_load_scalar's load, or the load under its extension */
	LLVMValueRef ld = LLVMIsALoadInst(v) ? v : LLVMGetOperand(v, 0);
	LLVMSetAlignment(ld, align);
	return CV(v);
}

/* As integer stores of up to 8 bytes each (an aggregate constant would be built on the stack). */
void cg_store_string(struct cg *cg, struct cg_val *dst, const char *s)
{
	size_t len = strlen(s) + 1;
	for (size_t done = 0; done < len;) {
		unsigned chunk = 8;
		while (chunk > len - done)
			chunk /= 2;
		uint64_t v = 0;
		for (unsigned k = 0; k < chunk; k++)
			v |= (uint64_t)(unsigned char)s[done + k] << (8 * k);   /* little-endian, as BPF on x86-64 */
		const struct type *t = type_int(chunk, false);
		cg_store(cg, cg_offset(cg, dst, done), cg_int(cg, v, t), t);
		done += chunk;
	}
}

struct cg_val *cg_load_ctx(struct cg *cg, uint64_t offset, const struct type *t)
{
	unsigned align = t->size && t->size <= 8 ? t->size : 1;
	while (offset % align)
		align /= 2;
	return cg_load_aligned(cg, cg_offset(cg, CV(cg->ctx), offset), t, align);
}

void cg_copy_ctx(struct cg *cg, struct cg_val *dst, uint64_t offset, uint32_t size)
{
	for (uint32_t done = 0; done < size;) {
		unsigned chunk = 8;
		while (chunk > size - done || (offset + done) % chunk)
			chunk /= 2;
		const struct type *t = type_int(chunk, false);
		cg_store(cg, cg_offset(cg, dst, done), cg_load_ctx(cg, offset + done, t), t);
		done += chunk;
	}
}

void cg_store(struct cg *cg, struct cg_val *ptr, struct cg_val *v, const struct type *t)
{
	if (type_is_scalar(t))
		cg_store_scalar(cg, V(ptr), V(v), t);
	else
		bpfmod_memcpy(cg->m, V(ptr), V(v), t->size);
}

LLVMValueRef cg_gep(struct cg *cg, LLVMValueRef ptr, uint64_t bytes)
{
	if (!bytes)
		return ptr;
	LLVMValueRef off = cg_const64(cg, bytes);
	return LLVMBuildGEP2(cg->m->b, cg->i8, ptr, &off, 1, "gep");
}

struct cg_val *cg_offset(struct cg *cg, struct cg_val *ptr, uint64_t bytes)
{
	return CV(cg_gep(cg, V(ptr), bytes));
}

struct cg_val *cg_field_address(struct cg *cg, struct ast_node *e)
{
	if (e->kind != AST_FIELD || !e->sym || !e->a->type)
		return NULL;
	const struct type_field *f = e->sym;
	const struct type *ot = e->a->type;
	LLVMValueRef base;
	if (ot->kind == TY_PTR && ot->elem && ot->elem->kind == TY_CSTRUCT) {
		base = cg_lower_expr(cg, e->a);
		if (LLVMGetTypeKind(LLVMTypeOf(base)) == LLVMPointerTypeKind)
			base = LLVMBuildPtrToInt(cg->m->b, base, cg->i64, "pi");
	} else if (ot->kind == TY_CSTRUCT) {
		/* A member of a struct that is itself a member read in place (a.b.c). */
		struct cg_val *outer = cg_field_address(cg, e->a);
		if (!outer)
			return NULL;
		base = V(outer);
	} else {
		return NULL;
	}
	return CV(LLVMBuildAdd(cg->m->b, base, cg_const64(cg, f->offset), "fa"));
}

struct cg_val *cg_convert(struct cg *cg, struct cg_val *v, const struct type *from, const struct type *to)
{
	(void)from;
	LLVMValueRef x = V(v);
	if (to->kind == TY_BOOL)
		return CV(LLVMBuildZExt(cg->m->b, LLVMBuildICmp(cg->m->b, LLVMIntNE, x, cg_const64(cg, 0), "b"), cg->i64, "b64"));
	if (to->kind != TY_INT || to->size >= 8)
		return v;
	LLVMValueRef t = LLVMBuildTrunc(cg->m->b, x, int_type(cg, to->size), "cv");
	return CV(to->is_signed ? LLVMBuildSExt(cg->m->b, t, cg->i64, "cs") : LLVMBuildZExt(cg->m->b, t, cg->i64, "cz"));
}

void cg_convert_store(struct cg *cg, LLVMValueRef dst, const struct type *to, LLVMValueRef v, const struct type *from)
{
	if (type_is_scalar(to)) {
		if (!type_is_scalar(from)) {
			bpfmod_memcpy(cg->m, dst, v, to->size < from->size ? to->size : from->size);
			return;
		}
		cg_store_scalar(cg, dst, v, to);
		return;
	}
	if ((to->kind == TY_TUPLE || to->kind == TY_RECORD) && from->kind == to->kind && from->count == to->count &&
	    from->size != to->size) {
		for (uint32_t i = 0; i < to->count; i++) {
			const struct type *ft = from->fields[i].type;
			LLVMValueRef src = cg_gep(cg, v, from->fields[i].offset);
			LLVMValueRef val = type_is_scalar(ft) ? cg_load_scalar(cg, src, ft) : src;
			cg_convert_store(cg, cg_gep(cg, dst, to->fields[i].offset), to->fields[i].type, val, ft);
		}
		return;
	}
	if (from->size < to->size)
		bpfmod_memzero(cg->m, dst, to->size);
	bpfmod_memcpy(cg->m, dst, v, from->size < to->size ? from->size : to->size);
}

void cg_expr_into(struct cg *cg, struct ast_node *e, struct cg_val *dst)
{
	cg_convert_store(cg, V(dst), e->type, cg_lower_expr(cg, e), e->type);
}

/* cpu v3 has no signed division: divide magnitudes and fix the sign as C does (the quotient
 * is negative when the signs differ, the remainder takes the dividend's sign). */
static LLVMValueRef signed_divmod(struct cg *cg, enum ast_op op, LLVMValueRef x, LLVMValueRef y)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef zero = cg_const64(cg, 0);
	LLVMValueRef xneg = LLVMBuildICmp(bd, LLVMIntSLT, x, zero, "xneg");
	LLVMValueRef yneg = LLVMBuildICmp(bd, LLVMIntSLT, y, zero, "yneg");
	LLVMValueRef ax = LLVMBuildSelect(bd, xneg, LLVMBuildNeg(bd, x, "nx"), x, "ax");
	LLVMValueRef ay = LLVMBuildSelect(bd, yneg, LLVMBuildNeg(bd, y, "ny"), y, "ay");
	if (op == OP_DIV) {
		LLVMValueRef q = LLVMBuildUDiv(bd, ax, ay, "uq");
		LLVMValueRef flip = LLVMBuildXor(bd, xneg, yneg, "flip");
		return LLVMBuildSelect(bd, flip, LLVMBuildNeg(bd, q, "nq"), q, "sdiv");
	}
	LLVMValueRef r = LLVMBuildURem(bd, ax, ay, "ur");
	return LLVMBuildSelect(bd, xneg, LLVMBuildNeg(bd, r, "nr"), r, "srem");
}

struct cg_val *cg_binop(struct cg *cg, enum ast_op op, struct cg_val *a, struct cg_val *b, bool is_signed)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef x = V(a), y = V(b);
	switch (op) {
	case OP_ADD: return CV(LLVMBuildAdd(bd, x, y, "add"));
	case OP_SUB: return CV(LLVMBuildSub(bd, x, y, "sub"));
	case OP_MUL: return CV(LLVMBuildMul(bd, x, y, "mul"));
	case OP_DIV:
	case OP_MOD: {
		/* Division by zero yields 0 here (avg of nothing is 0); the explicit select keeps the IR
		 * free of undefined division. The language's x / 0 is lowered in lower_binop. */
		LLVMValueRef zero = LLVMBuildICmp(bd, LLVMIntEQ, y, cg_const64(cg, 0), "z");
		LLVMValueRef safe = LLVMBuildSelect(bd, zero, cg_const64(cg, 1), y, "d");
		LLVMValueRef r = is_signed ? signed_divmod(cg, op, x, safe)
		                 : op == OP_DIV ? LLVMBuildUDiv(bd, x, safe, "div") : LLVMBuildURem(bd, x, safe, "mod");
		return CV(LLVMBuildSelect(bd, zero, cg_const64(cg, 0), r, "r"));
	}
	case OP_BAND: return CV(LLVMBuildAnd(bd, x, y, "and"));
	case OP_BOR: return CV(LLVMBuildOr(bd, x, y, "or"));
	case OP_BXOR: return CV(LLVMBuildXor(bd, x, y, "xor"));
	case OP_SHL: return CV(LLVMBuildShl(bd, x, LLVMBuildAnd(bd, y, cg_const64(cg, 63), "m"), "shl"));
	case OP_SHR: {
		LLVMValueRef s = LLVMBuildAnd(bd, y, cg_const64(cg, 63), "m");
		return CV(is_signed ? LLVMBuildAShr(bd, x, s, "shr") : LLVMBuildLShr(bd, x, s, "shr"));
	}
	default: {
		LLVMIntPredicate p;
		switch (op) {
		case OP_EQ: p = LLVMIntEQ; break;
		case OP_NE: p = LLVMIntNE; break;
		case OP_LT: p = is_signed ? LLVMIntSLT : LLVMIntULT; break;
		case OP_LE: p = is_signed ? LLVMIntSLE : LLVMIntULE; break;
		case OP_GT: p = is_signed ? LLVMIntSGT : LLVMIntUGT; break;
		default: p = is_signed ? LLVMIntSGE : LLVMIntUGE; break;
		}
		return CV(LLVMBuildZExt(bd, LLVMBuildICmp(bd, p, x, y, "cmp"), cg->i64, "c64"));
	}
	}
}

struct cg_val *cg_map_ptr(struct cg *cg, const struct sema_map *m)
{
	return CV(cg->maps[m->index]);
}

void cg_if_begin(struct cg *cg, struct cg_val *cond)
{
	LLVMBasicBlockRef then = cg_block(cg, "if.then"), merge = cg_block(cg, "if.end");
	LLVMValueRef c = LLVMBuildICmp(cg->m->b, LLVMIntNE, V(cond), cg_const64(cg, 0), "c");
	LLVMBuildCondBr(cg->m->b, c, then, merge);
	LLVMPositionBuilderAtEnd(cg->m->b, then);
	cg->if_merge[cg->if_depth++] = merge;
}

void cg_if_end(struct cg *cg)
{
	LLVMBasicBlockRef merge = cg->if_merge[--cg->if_depth];
	if (!cg_terminated(cg))
		LLVMBuildBr(cg->m->b, merge);
	LLVMPositionBuilderAtEnd(cg->m->b, merge);
}

void cg_return(struct cg *cg)
{
	cg_probe_return(cg, NULL);   /* inside a loop body this ends the probe, not just the iteration */
	/* Code after a return still needs a block to go into; it is unreachable. */
	LLVMPositionBuilderAtEnd(cg->m->b, cg_block(cg, "after.ret"));
}

int cg_event_add(struct cg *cg, enum mf_event_kind kind, const char *fmt, const struct type *args_type, int map)
{
	cg->events = arena_grow(cg->arena, cg->events, cg->nevents, &cg->events_cap, sizeof(*cg->events), 16);
	int id = (int)cg->nevents++;
	cg->events[id] = (struct mf_event){.kind = kind, .fmt = fmt, .args = args_type, .map = map};
	return id;
}

int cg_event(struct cg *cg, enum mf_event_kind kind, const char *fmt, struct ast_node *args,
             const struct type *args_type, int map)
{
	int id = cg_event_add(cg, kind, fmt, args_type, map);

	uint32_t size = 8 + (args_type ? args_type->size : 0);
	LLVMValueRef rec = bpfmod_alloca(cg->m, LLVMArrayType(cg->i8, (size + 7) / 8 * 8), "rec", false);
	bpfmod_memzero(cg->m, rec, size);
	cg_store_scalar(cg, rec, cg_const64(cg, (uint64_t)id), type_int(8, false));
	uint32_t i = 0;
	for (struct ast_node *a = args; a && args_type && i < args_type->count; a = a->next, i++) {
		const struct type_field *f = &args_type->fields[i];
		LLVMValueRef v = cg_lower_expr(cg, a);  /* before the address: C leaves argument order open */
		cg_convert_store(cg, cg_gep(cg, rec, 8 + f->offset), f->type, v, a->type);
	}
	cg_ringbuf_send(cg, rec, size);
	return id;
}

/* The kernel wakes the reader only when it has caught up; a burst faster than the reader then
 * fills the buffer while it is busy. Once a quarter of it is unread, every send wakes the reader
 * (BPF_RB_FORCE_WAKEUP), which also slows the traced code down to the reader's pace: measured
 * here, 1,000,000 printf records in a burst arrive with none lost from the default 256 KiB buffer
 * (and 51,966 of 200,000 were lost from a 4 MiB one without it). */
static LLVMValueRef ringbuf_flags(struct cg *cg)
{
	enum { RB_AVAIL_DATA = 0, RB_FORCE_WAKEUP = 2 };
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef q[2] = {cg->ringbuf, cg_const64(cg, RB_AVAIL_DATA)};
	LLVMValueRef unread = bpfmod_helper(cg->m, HELPER_RINGBUF_QUERY, cg->i64, q, 2, "rb.unread");
	LLVMValueRef busy = LLVMBuildICmp(bd, LLVMIntUGT, unread, cg_const64(cg, cg->ringbuf_size / 4), "rb.busy");
	return LLVMBuildSelect(bd, busy, cg_const64(cg, RB_FORCE_WAKEUP), cg_const64(cg, 0), "rb.flags");
}

void cg_ringbuf_send(struct cg *cg, LLVMValueRef rec, uint32_t size)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef call[4] = {cg->ringbuf, rec, cg_const64(cg, size), ringbuf_flags(cg)};
	LLVMValueRef rc = bpfmod_helper(cg->m, HELPER_RINGBUF_OUTPUT, cg->i64, call, 4, "rb");
	LLVMBasicBlockRef full = cg_block(cg, "rb.full"), count = cg_block(cg, "rb.count"), done = cg_block(cg, "rb.done");
	LLVMBuildCondBr(bd, LLVMBuildICmp(bd, LLVMIntNE, rc, cg_const64(cg, 0), "rbfull"), full, done);
	LLVMPositionBuilderAtEnd(bd, full);
	/* One key slot per function: a slot per send would add up on the 512-byte stack. */
	LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInsertBlock(bd));
	if (cg->lost_key_fn != fn) {
		cg->lost_key = bpfmod_alloca(cg->m, cg->i32, "lkey", false);
		cg->lost_key_fn = fn;
	}
	LLVMBuildStore(bd, LLVMConstInt(cg->i32, 0, 0), cg->lost_key);
	LLVMValueRef largs[2] = {cg->lost, cg->lost_key};
	LLVMValueRef slot = bpfmod_helper(cg->m, HELPER_MAP_LOOKUP, cg->ptr, largs, 2, "lost");
	LLVMBuildCondBr(bd, LLVMBuildIsNull(bd, slot, "lnull"), done, count);
	LLVMPositionBuilderAtEnd(bd, count);
	LLVMBuildAtomicRMW(bd, LLVMAtomicRMWBinOpAdd, slot, cg_const64(cg, 1), LLVMAtomicOrderingMonotonic, 0);
	LLVMBuildBr(bd, done);
	LLVMPositionBuilderAtEnd(bd, done);
}

uint64_t cg_probe_index(struct cg *cg)
{
	return cg->probe->attach.count ? cg->probe->attach.items[0].name_index : 0;
}

struct cg_val *cg_attach_cookie(struct cg *cg)
{
	LLVMValueRef cookie = bpfmod_helper(cg->m, HELPER_GET_ATTACH_COOKIE, cg->i64, &cg->ctx, 1, "cookie");
	if (cg->session_half == SESSION_RETURN_HALF)
		return CV(LLVMBuildLShr(cg->m->b, cookie, cg_const64(cg, 32), "cookie.ret"));
	if (cg->session_half == SESSION_ENTRY_HALF)
		return CV(LLVMBuildAnd(cg->m->b, cookie, cg_const64(cg, 0xffffffffu), "cookie.entry"));
	return CV(cookie);
}
