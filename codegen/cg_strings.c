/* Facades for string builtins (stdlib/strings.c) that need loops or raw event records, which the
 * small lowering interface in cg_api.c does not offer.
 *
 * Loops are written so the verifier's cost stays linear in the strings' sizes:
 *   strlen       one bounded loop over the bytes (max_strlen iterations at most)
 *   strcontains  bpf_loop (helper 181) over the haystack's start positions; each call compares
 *                the needle in a bounded loop. The verifier checks the callback body once for an
 *                unknown position instead of walking haystack x needle paths, which for two
 *                1024-byte strings would be far past its one-million-instruction budget. */
#include "codegen/cg_priv.h"

#define HELPER_LOOP 181

/* A counted loop `for (i = 0; i < n; i++)` in the current function, with `i` in an i64 slot. The
 * body goes between loop_begin and loop_end; it may branch to l->brk to leave. */
struct str_loop {
	LLVMValueRef idx;            /* the i64 slot */
	LLVMBasicBlockRef cond, body, step, brk;
};

static void loop_begin(struct cg *cg, struct str_loop *l, uint64_t n, const char *name)
{
	LLVMBuilderRef b = cg->m->b;
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
}

static LLVMValueRef loop_index(struct cg *cg, const struct str_loop *l)
{
	return LLVMBuildLoad2(cg->m->b, cg->i64, l->idx, "i");
}

static void loop_end(struct cg *cg, struct str_loop *l)
{
	LLVMBuilderRef b = cg->m->b;
	if (!cg_terminated(cg))
		LLVMBuildBr(b, l->step);
	LLVMPositionBuilderAtEnd(b, l->step);
	LLVMBuildStore(b, LLVMBuildAdd(b, loop_index(cg, l), cg_const64(cg, 1), "inc"), l->idx);
	LLVMBuildBr(b, l->cond);
	LLVMPositionBuilderAtEnd(b, l->brk);
}

/* The byte at P + I, zero-extended to i64. */
static LLVMValueRef byte_at(struct cg *cg, LLVMValueRef p, LLVMValueRef i)
{
	LLVMValueRef at = LLVMBuildGEP2(cg->m->b, cg->i8, p, &i, 1, "at");
	return LLVMBuildZExt(cg->m->b, LLVMBuildLoad2(cg->m->b, cg->i8, at, "c"), cg->i64, "c64");
}

/* Continues in a new block when COND holds, else goes to OTHERWISE. */
static void branch_if(struct cg *cg, LLVMValueRef cond, LLVMBasicBlockRef then, LLVMBasicBlockRef otherwise)
{
	LLVMBuildCondBr(cg->m->b, cond, then, otherwise);
	LLVMPositionBuilderAtEnd(cg->m->b, then);
}

struct cg_val *cg_strlen(struct cg *cg, struct cg_val *s, uint32_t size)
{
	LLVMBuilderRef b = cg->m->b;
	struct str_loop l;
	loop_begin(cg, &l, size, "strlen.i");
	LLVMValueRef c = byte_at(cg, V(s), loop_index(cg, &l));
	branch_if(cg, LLVMBuildICmp(b, LLVMIntNE, c, cg_const64(cg, 0), "nz"), cg_block(cg, "strlen.next"), l.brk);
	loop_end(cg, &l);
	/* Left at the NUL, or after SIZE bytes without one. */
	return CV(loop_index(cg, &l));
}

/* The strcontains callback's frame, on the caller's stack: haystack and needle addresses, and
 * the result the callback sets. */
enum { SC_HAY = 0, SC_NEEDLE = 1, SC_FOUND = 2, SC_FRAME = 3 };

/* long cb(u64 i, u64 *frame): 1 (stop) when the needle starts at haystack position i, or when
 * the haystack ends there; 0 to try the next position. */
static LLVMValueRef contains_callback(struct cg *cg, uint32_t hay_size, uint32_t needle_size)
{
	struct bpfmod *m = cg->m;
	LLVMBuilderRef b = m->b;
	struct bpfmod_fn_state saved;
	LLVMValueRef fn = bpfmod_begin_callback(m, "strcontains_cb", BPFMOD_CB_LOOP, 0, &saved);
	LLVMValueRef i = LLVMGetParam(fn, 0), frame = LLVMGetParam(fn, 1);
	LLVMValueRef hay = LLVMBuildLoad2(b, cg->ptr, cg_gep(cg, frame, SC_HAY * 8), "hay");
	LLVMValueRef needle = LLVMBuildLoad2(b, cg->ptr, cg_gep(cg, frame, SC_NEEDLE * 8), "needle");

	LLVMBasicBlockRef stop = cg_block(cg, "sc.stop"), next = cg_block(cg, "sc.next"), found = cg_block(cg, "sc.found");
	LLVMPositionBuilderAtEnd(b, stop);
	LLVMBuildRet(b, cg_const64(cg, 1));
	LLVMPositionBuilderAtEnd(b, next);
	LLVMBuildRet(b, cg_const64(cg, 0));
	LLVMPositionBuilderAtEnd(b, found);
	LLVMBuildStore(b, cg_const64(cg, 1), cg_gep(cg, frame, SC_FOUND * 8));
	LLVMBuildRet(b, cg_const64(cg, 1));

	LLVMPositionBuilderAtEnd(b, m->entry);
	/* The bound tells the verifier i indexes the haystack; the haystack ends at its NUL. */
	branch_if(cg, LLVMBuildICmp(b, LLVMIntULT, i, cg_const64(cg, hay_size), "inside"), cg_block(cg, "sc.in"), stop);
	branch_if(cg, LLVMBuildICmp(b, LLVMIntNE, byte_at(cg, hay, i), cg_const64(cg, 0), "nz"), cg_block(cg, "sc.cmp"),
	          stop);
	struct str_loop l;
	loop_begin(cg, &l, needle_size, "sc.j");
	LLVMValueRef j = loop_index(cg, &l);
	LLVMValueRef nc = byte_at(cg, needle, j);
	/* The needle ends at its NUL: every byte before it matched. */
	branch_if(cg, LLVMBuildICmp(b, LLVMIntNE, nc, cg_const64(cg, 0), "more"), cg_block(cg, "sc.byte"), found);
	LLVMValueRef k = LLVMBuildAdd(b, i, j, "k");
	branch_if(cg, LLVMBuildICmp(b, LLVMIntULT, k, cg_const64(cg, hay_size), "fits"), cg_block(cg, "sc.hay"), next);
	branch_if(cg, LLVMBuildICmp(b, LLVMIntEQ, byte_at(cg, hay, k), nc, "same"), cg_block(cg, "sc.same"), next);
	loop_end(cg, &l);
	LLVMBuildBr(b, found);   /* the whole needle (no NUL in it) matched */
	bpfmod_end_callback(m, &saved);
	return fn;
}

struct cg_val *cg_strcontains(struct cg *cg, struct cg_val *hay, uint32_t hay_size, struct cg_val *needle,
                              uint32_t needle_size)
{
	LLVMBuilderRef b = cg->m->b;
	LLVMValueRef frame = bpfmod_alloca(cg->m, LLVMArrayType(cg->i64, SC_FRAME), "sc.frame", false);
	LLVMBuildStore(b, V(hay), cg_gep(cg, frame, SC_HAY * 8));
	LLVMBuildStore(b, V(needle), cg_gep(cg, frame, SC_NEEDLE * 8));
	LLVMValueRef found = cg_gep(cg, frame, SC_FOUND * 8);
	/* An empty needle is found everywhere, even in an empty haystack (which the loop would not
	 * look into). */
	LLVMValueRef empty = LLVMBuildICmp(b, LLVMIntEQ, byte_at(cg, V(needle), cg_const64(cg, 0)), cg_const64(cg, 0), "empty");
	LLVMBuildStore(b, LLVMBuildZExt(b, empty, cg->i64, "e64"), found);
	if (hay_size && needle_size) {
		LLVMValueRef args[4] = {cg_const64(cg, hay_size), contains_callback(cg, hay_size, needle_size), frame,
		                        cg_const64(cg, 0)};
		bpfmod_helper(cg->m, HELPER_LOOP, cg->i64, args, 4, "sc.n");
	}
	return CV(LLVMBuildLoad2(b, cg->i64, found, "found"));
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

void cg_event_send(struct cg *cg, int id, struct cg_val *payload)
{
	LLVMValueRef back = LLVMConstInt(cg->i64, (uint64_t)-8, 1);
	LLVMValueRef rec = LLVMBuildGEP2(cg->m->b, cg->i8, V(payload), &back, 1, "rec");
	uint32_t size = 8 + cg->events[id].args->size;
	LLVMValueRef call[4] = {cg->ringbuf, rec, cg_const64(cg, size), cg_const64(cg, 0)};
	bpfmod_helper(cg->m, HELPER_RINGBUF_OUTPUT, cg->i64, call, 4, "rb");
}
