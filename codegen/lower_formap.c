/* Loops whose body runs as a helper callback:
 *   for ($kv : @m) { body }   bpf_for_each_map_elem (helper 164, kernel 5.13), once per entry
 *   for ($i : lo..hi) { body } bpf_loop (helper 181, kernel 5.17): bounds known only at run time
 *                              (e.g. from a map) are fine, where an open-coded loop is refused
 *
 * The body becomes a static callback that returns 0 to go on and 1 to stop (break, return). Its
 * last parameter points to a frame of u64 on the caller's stack:
 *   [0]      set by a `return` in the body: the probe ends once the helper is back
 *   [1]      the probe's context pointer, for builtins that need it inside the body
 *   [2]      the range's start (range loops)
 *   [3 + i]  the address of the i-th outer variable the body uses, so that its writes are seen
 *            outside (the kernel lets a callback use the caller's stack through such pointers)
 * The loop variable lives on the callback's own stack. That stack is separate, but the kernel
 * limits the sum along a call chain to 512 bytes. */
#include "codegen/cg_priv.h"

#define LOOP_MAX (1 << 23) /* bpf_loop refuses more iterations (-E2BIG) */

enum { FRAME_RET = 0, FRAME_CTX = 1, FRAME_START = 2, FRAME_VARS = 3 };

/* Marks in USED every variable an AST_VAR under N names. */
static void mark_vars(const struct ast_node *n, bool *used)
{
	if (!n)
		return;
	if (n->kind == AST_VAR && n->sym)
		used[((const struct sema_var *)n->sym)->index] = true;
	mark_vars(n->a, used);
	mark_vars(n->b, used);
	mark_vars(n->c, used);
	mark_vars(n->d, used);
	for (const struct ast_node *k = n->list; k; k = k->next)
		mark_vars(k, used);
}

static LLVMValueRef frame_slot(struct cg *cg, LLVMValueRef frame, unsigned i)
{
	return cg_gep(cg, frame, (uint64_t)i * 8);
}

static bool in_callback(struct cg *cg)
{
	return LLVMGetLinkage(cg->m->func) == LLVMInternalLinkage;
}

void cg_probe_return(struct cg *cg, LLVMValueRef value)
{
	if (!value)
		value = cg_const64(cg, 0);
	if (!in_callback(cg)) {
		LLVMBuildRet(cg->m->b, value);
		return;
	}
	/* Tell the caller (a probe or an enclosing loop's callback) to return VALUE too, and stop here:
	 * FRAME_RET is VALUE << 1 | 1 (a probe's return value fits 32 bits), 0 while nothing returned. */
	LLVMValueRef frame = LLVMGetParam(cg->m->func, LLVMCountParams(cg->m->func) - 1);
	LLVMValueRef shifted = LLVMBuildShl(cg->m->b, value, cg_const64(cg, 1), "rv");
	LLVMValueRef ret = LLVMBuildOr(cg->m->b, shifted, cg_const64(cg, 1), "ret");
	LLVMBuildStore(cg->m->b, ret, frame_slot(cg, frame, FRAME_RET));
	LLVMBuildRet(cg->m->b, cg_const64(cg, 1));
}

/* Returns V from the current function in a new block; leaves the builder where it was. */
static LLVMBasicBlockRef ret_block(struct cg *cg, const char *name, uint64_t v)
{
	LLVMBasicBlockRef at = LLVMGetInsertBlock(cg->m->b), bb = cg_block(cg, name);
	LLVMPositionBuilderAtEnd(cg->m->b, bb);
	LLVMBuildRet(cg->m->b, cg_const64(cg, v));
	LLVMPositionBuilderAtEnd(cg->m->b, at);
	return bb;
}

/* Fills $kv (of tuple type KVT at SLOT) from the entry's KEY and VALUE pointers. */
static void fill_kv(struct cg *cg, const struct sema_map *m, const struct type *kvt, LLVMValueRef slot,
                    LLVMValueRef key, LLVMValueRef value)
{
	const struct type *kt = m->key ? m->key : type_int(8, false); /* a keyless map's key is a u64 0 */
	const struct type_field *f = kvt->fields;
	LLVMValueRef k = type_is_scalar(kt) ? cg_load_scalar(cg, key, kt) : key;
	cg_convert_store(cg, cg_gep(cg, slot, f[0].offset), f[0].type, k, kt);

	const struct type *vt = m->value;
	LLVMValueRef v;
	if (type_is_agg(vt)) {
		/* VALUE is this CPU's copy only; bpftrace shows the value combined over CPUs. */
		v = cg_map_agg_value(cg, m, key);
		vt = type_int(8, vt->is_signed);
	} else {
		v = type_is_scalar(vt) ? cg_load_scalar(cg, value, vt) : value;
	}
	cg_convert_store(cg, cg_gep(cg, slot, f[1].offset), f[1].type, v, vt);
}

/* A loop lowered as a callback: S is AST_FOR_MAP or AST_FOR_RANGE. */
struct cb_loop {
	struct ast_node *s, *body;
	struct sema_var *var;         /* $kv or $i: local to the callback */
	bool *used;                   /* per probe variable: the body names it */
	LLVMValueRef frame;           /* in the caller */
};

/* A pointer to an outer variable, read from FRAME's SLOT. Variables are 8-byte aligned slots;
 * saying so (!align) keeps their loads and stores whole: byte-wise ones leave the verifier
 * unable to tell one iteration of a while loop from the next ("infinite loop detected"). */
static LLVMValueRef load_var_ptr(struct cg *cg, LLVMValueRef frame, unsigned slot, const char *name)
{
	LLVMValueRef p = LLVMBuildLoad2(cg->m->b, cg->ptr, frame_slot(cg, frame, slot), name);
	LLVMMetadataRef eight = LLVMValueAsMetadata(LLVMConstInt(cg->i64, 8, 0));
	LLVMSetMetadata(p, LLVMGetMDKindIDInContext(cg->m->ctx, "align", 5),
	                LLVMMetadataAsValue(cg->m->ctx, LLVMMDNodeInContext2(cg->m->ctx, &eight, 1)));
	return p;
}

/* Points cg->vars at what the body sees: the outer variables through FRAME, the loop variable
 * on the callback's stack (returned). */
static LLVMValueRef bind_vars(struct cg *cg, const struct cb_loop *l, LLVMValueRef frame)
{
	size_t n = cg->probe->nvars;
	LLVMValueRef *vars = ARENA_NEWN(cg->arena, LLVMValueRef, n ? n : 1);
	unsigned slot = FRAME_VARS;
	for (size_t i = 0; i < n; i++)
		if (l->used[i])
			vars[i] = load_var_ptr(cg, frame, slot++, cg->probe->vars[i]->name + 1);
	uint32_t size = l->var->type->size ? l->var->type->size : 8;
	vars[l->var->index] = bpfmod_alloca(cg->m, LLVMArrayType(cg->i8, (size + 7) / 8 * 8), l->var->name + 1, true);
	cg->vars = vars;
	cg->ctx = LLVMBuildLoad2(cg->m->b, cg->ptr, frame_slot(cg, frame, FRAME_CTX), "ctx");
	return vars[l->var->index];
}

/* Sets the loop variable at SLOT for this call of callback FN. */
static void fill_var(struct cg *cg, const struct cb_loop *l, LLVMValueRef fn, LLVMValueRef slot)
{
	if (l->s->kind == AST_FOR_MAP) {
		fill_kv(cg, l->s->b->sym, l->var->type, slot, LLVMGetParam(fn, 1), LLVMGetParam(fn, 2));
		return;
	}
	LLVMValueRef start = LLVMBuildLoad2(cg->m->b, cg->i64, frame_slot(cg, LLVMGetParam(fn, 1), FRAME_START), "start");
	cg_store_scalar(cg, slot, LLVMBuildAdd(cg->m->b, start, LLVMGetParam(fn, 0), "i"), l->var->type);
}

/* The callback running the body of loop L once. */
static LLVMValueRef body_callback(struct cg *cg, const struct cb_loop *l)
{
	LLVMValueRef *outer_vars = cg->vars, outer_ctx = cg->ctx;
	bool is_map = l->s->kind == AST_FOR_MAP;
	size_t len = 0;
	const char *caller = LLVMGetValueName2(cg->m->func, &len);
	const char *base = arena_printf(cg->arena, "%.*s_for", (int)len, caller);
	struct bpfmod_fn_state saved;
	LLVMValueRef fn = bpfmod_begin_callback(cg->m, base, is_map ? BPFMOD_CB_MAP_ELEM : BPFMOD_CB_LOOP,
	                                        (unsigned)l->s->loc.first_line, &saved);
	LLVMValueRef slot = bind_vars(cg, l, LLVMGetParam(fn, LLVMCountParams(fn) - 1));
	fill_var(cg, l, fn, slot);

	LLVMBasicBlockRef next = ret_block(cg, "for.next", 0), stop = ret_block(cg, "for.stop", 1);
	cg->brk[cg->loop_depth] = stop;
	cg->cont[cg->loop_depth] = next;
	cg->loop_depth++;
	cg_stmt_block(cg, l->body);
	cg->loop_depth--;
	if (!cg_terminated(cg))
		LLVMBuildBr(cg->m->b, next);
	/* Blocks left empty after a return/break are unreachable; give them a terminator. */
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		if (!LLVMGetBasicBlockTerminator(bb)) {
			LLVMPositionBuilderAtEnd(cg->m->b, bb);
			LLVMBuildRet(cg->m->b, cg_const64(cg, 0));
		}
	bpfmod_end_callback(cg->m, &saved);
	cg->vars = outer_vars;
	cg->ctx = outer_ctx;
	return fn;
}

/* Collects what the body uses and fills the frame (anew before each run: an enclosing loop may
 * run this one again). */
static void prepare(struct cg *cg, struct cb_loop *l)
{
	LLVMBuilderRef bd = cg->m->b;
	size_t nvars = cg->probe->nvars;
	l->used = ARENA_NEWN(cg->arena, bool, nvars ? nvars : 1);
	mark_vars(l->body, l->used);
	l->used[l->var->index] = false;
	unsigned nused = 0;
	for (size_t i = 0; i < nvars; i++)
		nused += l->used[i];
	l->frame = bpfmod_alloca(cg->m, LLVMArrayType(cg->i64, FRAME_VARS + nused), "for.frame", false);
	LLVMBuildStore(bd, cg_const64(cg, 0), frame_slot(cg, l->frame, FRAME_RET));
	LLVMBuildStore(bd, cg->ctx, frame_slot(cg, l->frame, FRAME_CTX));
	for (size_t i = 0, slot = FRAME_VARS; i < nvars; i++)
		if (l->used[i])
			LLVMBuildStore(bd, cg->vars[i], frame_slot(cg, l->frame, (unsigned)slot++));
}

/* After the helper: a `return` in the body ends this function too. */
static void finish(struct cg *cg, const struct cb_loop *l)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef ret = LLVMBuildLoad2(bd, cg->i64, frame_slot(cg, l->frame, FRAME_RET), "for.ret");
	LLVMBasicBlockRef out = cg_block(cg, "for.return"), done = cg_block(cg, "for.end");
	LLVMBuildCondBr(bd, LLVMBuildIsNotNull(bd, ret, "returned"), out, done);
	LLVMPositionBuilderAtEnd(bd, out);
	cg_probe_return(cg, LLVMBuildAShr(bd, ret, cg_const64(cg, 1), "for.retval"));
	LLVMPositionBuilderAtEnd(bd, done);
}

static bool check_loop(struct cg *cg, struct ast_node *s)
{
	const struct sema_var *v = s->a->sym;
	if (!v || !v->type) {
		cg_error(cg, s->loc, "internal error: untyped for-loop");
		return false;
	}
	if (cg->loop_depth == CG_MAX_LOOP_DEPTH) {
		cg_error(cg, s->loc, "Loops nest too deeply");
		return false;
	}
	if (s->kind == AST_FOR_RANGE)
		return true;
	const struct sema_map *m = s->b->sym;
	if (!m || !m->value || v->type->kind != TY_TUPLE || v->type->count != 2) {
		cg_error(cg, s->loc, "internal error: untyped for-loop");
		return false;
	}
	if (m->value->kind == TY_HIST || m->value->kind == TY_LHIST) {
		cg_error(cg, s->b->loc, "Iterating over a hist() or lhist() map is not supported");
		return false;
	}
	return true;
}

void cg_for_map(struct cg *cg, struct ast_node *s)
{
	if (!check_loop(cg, s))
		return;
	struct cb_loop l = {.s = s, .body = s->c, .var = s->a->sym};
	const struct sema_map *m = s->b->sym;
	prepare(cg, &l);
	LLVMValueRef args[4] = {cg->maps[m->index], body_callback(cg, &l), l.frame, cg_const64(cg, 0)};
	bpfmod_helper(cg->m, HELPER_FOR_EACH_MAP_ELEM, cg->i64, args, 4, "for.n");
	finish(cg, &l);
}

void cg_for_range(struct cg *cg, struct ast_node *s)
{
	if (!check_loop(cg, s))
		return;
	LLVMBuilderRef bd = cg->m->b;
	struct cb_loop l = {.s = s, .body = s->d, .var = s->a->sym};
	/* Both bounds once, start first. */
	LLVMValueRef lo = cg_lower_expr(cg, s->b), hi = cg_lower_expr(cg, s->c);
	prepare(cg, &l);
	LLVMBuildStore(bd, lo, frame_slot(cg, l.frame, FRAME_START));
	LLVMValueRef callback = body_callback(cg, &l);
	/* An empty range makes no bpf_loop call at all: the kernel (6.18) reports a verifier bug for
	 * a bpf_loop of zero iterations inside another loop's callback. */
	LLVMBasicBlockRef run = cg_block(cg, "for.run"), done = cg_block(cg, "for.done");
	LLVMBuildCondBr(bd, LLVMBuildICmp(bd, LLVMIntSGT, hi, lo, "some"), run, done);
	LLVMPositionBuilderAtEnd(bd, run);
	LLVMValueRef n = LLVMBuildSub(bd, hi, lo, "n");
	/* At most what bpf_loop accepts: it would refuse more and run nothing at all. */
	n = LLVMBuildSelect(bd, LLVMBuildICmp(bd, LLVMIntUGT, n, cg_const64(cg, LOOP_MAX), "big"),
	                    cg_const64(cg, LOOP_MAX), n, "n");
	LLVMValueRef args[4] = {n, callback, l.frame, cg_const64(cg, 0)};
	bpfmod_helper(cg->m, HELPER_LOOP, cg->i64, args, 4, "for.n");
	LLVMBuildBr(bd, done);
	LLVMPositionBuilderAtEnd(bd, done);
	finish(cg, &l);
}
