/* kstack/ustack: stack ids from bpf_get_stackid into BPF_MAP_TYPE_STACK_TRACE maps, one map per
 * frame limit, declared the first time a program takes a stack of that limit. */
#include "codegen/cg_priv.h"

#include <stdio.h>

#define HELPER_GET_STACK 67
#define BPF_F_USER_STACK (1ULL << 8)
#define STACK_MAP_ENTRIES 4096   /* distinct stacks kept; ~4 MB at 127 frames */

static struct cg_stack_map *stack_map_for(struct cg *cg, uint32_t limit)
{
	struct cg_stack_map **tail = &cg->stack_maps;
	for (struct cg_stack_map *s = cg->stack_maps; s; s = s->next) {
		if (s->limit == limit)
			return s;
		tail = &s->next;
	}
	struct cg_stack_map *s = ARENA_NEW(cg->arena, struct cg_stack_map);
	s->limit = limit;
	s->name = arena_printf(cg->arena, STACK_MAP_NAME_FMT, limit);
	/* The value size caps the frames the kernel walks and hashes, so stacks that agree on
	 * their first LIMIT frames share an id (as @[kstack(3)] = count() expects). */
	s->map = bpfmod_map(cg->m, s->name, BPFMAP_STACK_TRACE, 4, limit * 8, STACK_MAP_ENTRIES);
	*tail = s;
	if (!cg->stack_map)
		cg->stack_map = s->map;
	return s;
}

static uint32_t limit_of(const struct type *t)
{
	return t->stack_limit && t->stack_limit <= STACK_MAX_FRAMES ? t->stack_limit : STACK_MAX_FRAMES;
}

const char *cg_stack_map_name(struct cg *cg)
{
	return cg->stack_maps ? cg->stack_maps->name : NULL;
}

struct cg_val *cg_stack(struct cg *cg, const struct type *t)
{
	LLVMBuilderRef b = cg->m->b;
	bool user = t->kind == TY_USTACK;
	struct cg_stack_map *s = stack_map_for(cg, limit_of(t));
	LLVMValueRef args[3] = {cg->ctx, s->map, cg_const64(cg, user ? BPF_F_USER_STACK : 0)};
	LLVMValueRef id = bpfmod_helper(cg->m, HELPER_GET_STACKID, cg->i64, args, 3, "stackid");
	/* Keep the s32 id (errors are negative) in the low half without sign bits above it. */
	LLVMValueRef v = LLVMBuildAnd(b, id, cg_const64(cg, 0xffffffffULL), "sid");
	if (user) {
		/* User addresses only mean something in their process: the pid goes along. */
		LLVMValueRef pt = bpfmod_helper(cg->m, HELPER_GET_CURRENT_PID_TGID, cg->i64, NULL, 0, "pidtgid");
		LLVMValueRef tgid = LLVMBuildLShr(b, pt, cg_const64(cg, 32), "tgid");
		v = LLVMBuildOr(b, v, LLVMBuildShl(b, tgid, cg_const64(cg, 32), "pidhi"), "ustack");
	}
	return CV(v);
}

/* A stack map cannot be read from BPF, so the depth is measured again with bpf_get_stack into
 * a per-CPU buffer: the frame count of the current context's stack, which is the stack V was
 * taken from whenever V was taken in this probe (the common `len(kstack)`, `$s = ustack; len($s)`). */
struct cg_val *cg_stack_len(struct cg *cg, struct cg_val *v, const struct type *t)
{
	(void)v;
	LLVMBuilderRef b = cg->m->b;
	uint32_t limit = limit_of(t);
	LLVMValueRef scratch = LLVMGetNamedGlobal(cg->m->mod, "stack_scratch");
	if (!scratch)
		scratch = bpfmod_map(cg->m, "stack_scratch", BPFMAP_PERCPU_ARRAY, 4, STACK_MAX_FRAMES * 8, 1);
	LLVMValueRef key = bpfmod_alloca(cg->m, cg->i32, "sk", true);
	LLVMValueRef largs[2] = {scratch, key};
	LLVMValueRef buf = bpfmod_helper(cg->m, HELPER_MAP_LOOKUP, cg->ptr, largs, 2, "sbuf");
	LLVMValueRef res = bpfmod_alloca(cg->m, cg->i64, "slen", true);
	LLVMBasicBlockRef have = cg_block(cg, "stack.buf"), done = cg_block(cg, "stack.len");
	LLVMBuildCondBr(b, LLVMBuildIsNotNull(b, buf, "ok"), have, done);
	LLVMPositionBuilderAtEnd(b, have);
	uint64_t flags = t->kind == TY_USTACK ? BPF_F_USER_STACK : 0;
	LLVMValueRef gargs[4] = {cg->ctx, buf, cg_const64(cg, (uint64_t)limit * 8), cg_const64(cg, flags)};
	LLVMValueRef n = bpfmod_helper(cg->m, HELPER_GET_STACK, cg->i64, gargs, 4, "sbytes");
	LLVMValueRef neg = LLVMBuildICmp(b, LLVMIntSLT, n, cg_const64(cg, 0), "neg");
	LLVMValueRef frames = LLVMBuildSelect(b, neg, cg_const64(cg, 0), LLVMBuildLShr(b, n, cg_const64(cg, 3), "nf"), "frames");
	LLVMBuildStore(b, frames, res);
	LLVMBuildBr(b, done);
	LLVMPositionBuilderAtEnd(b, done);
	return CV(LLVMBuildLoad2(b, cg->i64, res, "len"));
}
