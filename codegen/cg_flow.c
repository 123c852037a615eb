/* Control flow for builtin emitters: labels and jumps, counted loops the verifier follows
 * iteration by iteration, and helper callbacks with the frame they reach the caller's data
 * through. A label is a basic block; a callback is a static function built in the middle of
 * another (codegen/bpfmod.h). */
#include "codegen/cg_priv.h"

struct cg_label *cg_label(struct cg *cg, const char *name)
{
	return CL(cg_block(cg, name));
}

void cg_place(struct cg *cg, struct cg_label *l)
{
	if (!cg_terminated(cg))
		LLVMBuildBr(cg->m->b, BB(l));
	LLVMPositionBuilderAtEnd(cg->m->b, BB(l));
}

void cg_jump(struct cg *cg, struct cg_label *to)
{
	LLVMBuildBr(cg->m->b, BB(to));
}

void cg_branch(struct cg *cg, struct cg_val *cond, struct cg_label *if_true, struct cg_label *if_false)
{
	LLVMValueRef c = LLVMBuildICmp(cg->m->b, LLVMIntNE, V(cond), cg_const64(cg, 0), "cond");
	LLVMBuildCondBr(cg->m->b, c, BB(if_true), BB(if_false));
}

/* ---- counted loops: i lives in an i64 slot ---------------------------------------------------- */

struct cg_loop {
	LLVMValueRef idx;
	LLVMBasicBlockRef cond, body, step, brk;
};

struct cg_loop *cg_loop_begin(struct cg *cg, uint64_t n, const char *name)
{
	LLVMBuilderRef b = cg->m->b;
	struct cg_loop *l = ARENA_NEW(cg->arena, struct cg_loop);
	l->idx = bpfmod_alloca(cg->m, cg->i64, name, false);
	LLVMBuildStore(b, cg_const64(cg, 0), l->idx);
	l->cond = cg_block(cg, "loop.cond");
	l->body = cg_block(cg, "loop.body");
	l->step = cg_block(cg, "loop.step");
	l->brk = cg_block(cg, "loop.end");
	LLVMBuildBr(b, l->cond);
	LLVMPositionBuilderAtEnd(b, l->cond);
	LLVMValueRef i = LLVMBuildLoad2(b, cg->i64, l->idx, "i");
	LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULT, i, cg_const64(cg, n), "more"), l->body, l->brk);
	LLVMPositionBuilderAtEnd(b, l->body);
	return l;
}

struct cg_val *cg_loop_index(struct cg *cg, const struct cg_loop *l)
{
	return CV(LLVMBuildLoad2(cg->m->b, cg->i64, l->idx, "i"));
}

struct cg_label *cg_loop_exit(const struct cg_loop *l)
{
	return CL(l->brk);
}

void cg_loop_end(struct cg *cg, struct cg_loop *l)
{
	LLVMBuilderRef b = cg->m->b;
	if (!cg_terminated(cg))
		LLVMBuildBr(b, l->step);
	LLVMPositionBuilderAtEnd(b, l->step);
	LLVMBuildStore(b, LLVMBuildAdd(b, V(cg_loop_index(cg, l)), cg_const64(cg, 1), "inc"), l->idx);
	LLVMBuildBr(b, l->cond);
	LLVMPositionBuilderAtEnd(b, l->brk);
}

/* ---- helper callbacks ------------------------------------------------------------------------ */

struct cg_callback {
	struct bpfmod_fn_state saved;   /* the function the callback interrupts */
	LLVMValueRef fn;
};

struct cg_callback *cg_callback_begin(struct cg *cg, const char *name, enum cg_callback_kind kind)
{
	struct cg_callback *cb = ARENA_NEW(cg->arena, struct cg_callback);
	enum bpfmod_callback shape = kind == CG_CB_MAP_ELEM ? BPFMOD_CB_MAP_ELEM : BPFMOD_CB_LOOP;
	cb->fn = bpfmod_begin_callback(cg->m, name, shape, 0, &cb->saved);
	return cb;
}

struct cg_val *cg_callback_param(struct cg *cg, unsigned i)
{
	return CV(LLVMGetParam(cg->m->func, i));
}

void cg_callback_return(struct cg *cg, struct cg_val *v)
{
	LLVMBuildRet(cg->m->b, V(v));
}

struct cg_val *cg_callback_end(struct cg *cg, struct cg_callback *cb)
{
	bpfmod_end_callback(cg->m, &cb->saved);
	return CV(cb->fn);
}

struct cg_val *cg_callback_find(struct cg *cg, const char *name)
{
	return CV(LLVMGetNamedFunction(cg->m->mod, name));
}

struct cg_val *cg_frame(struct cg *cg, unsigned nslots, const char *name)
{
	return CV(bpfmod_alloca(cg->m, LLVMArrayType(cg->i64, nslots), name, false));
}

void cg_frame_set(struct cg *cg, struct cg_val *frame, unsigned i, struct cg_val *v)
{
	LLVMBuildStore(cg->m->b, V(v), cg_gep(cg, V(frame), (uint64_t)i * 8));
}

struct cg_val *cg_frame_get(struct cg *cg, struct cg_val *frame, unsigned i, bool ptr, const char *name)
{
	return CV(LLVMBuildLoad2(cg->m->b, ptr ? cg->ptr : cg->i64, cg_gep(cg, V(frame), (uint64_t)i * 8), name));
}
