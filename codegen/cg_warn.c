/* Run-time warnings a program raises once per site: a map read that finds no element, an array
 * index out of bounds, and (with -k) a memory read the kernel refused. Each site has a flag in a
 * per-program array the first report sets, so a probe that fires a million times warns once. */
#include "codegen/cg_priv.h"

/* Branches to a fresh block when COND holds and this site has not reported yet, and returns the
 * block after it all; the caller builds the report where the builder stands, then branches there. */
static LLVMBasicBlockRef warn_gate(struct cg *cg, LLVMValueRef cond)
{
	LLVMBuilderRef bd = cg->m->b;
	if (!cg->warned_map)
		cg->warned_map = LLVMAddGlobal(cg->m->mod, cg->i8, "sonde_warned_placeholder");
	uint32_t site = cg->nwarn_sites++;
	LLVMBasicBlockRef check = cg_block(cg, "warn.check"), emit = cg_block(cg, "warn.emit"),
	                  done = cg_block(cg, "warn.done");
	LLVMBuildCondBr(bd, cond, check, done);
	LLVMPositionBuilderAtEnd(bd, check);
	/* The site's flag: set by the first report. Two CPUs may both see it clear; a second report
	 * is harmless. */
	LLVMValueRef key = bpfmod_alloca(cg->m, cg->i32, "wsite", false);
	LLVMBuildStore(bd, LLVMConstInt(cg->i32, site, 0), key);
	LLVMValueRef largs[2] = {cg->warned_map, key};
	LLVMValueRef flag = bpfmod_helper(cg->m, HELPER_MAP_LOOKUP, cg->ptr, largs, 2, "wflag");
	LLVMBasicBlockRef test = cg_block(cg, "warn.test");
	LLVMBuildCondBr(bd, LLVMBuildIsNull(bd, flag, "wnull"), done, test);
	LLVMPositionBuilderAtEnd(bd, test);
	LLVMValueRef seen = LLVMBuildLoad2(bd, cg->i64, flag, "wseen");
	LLVMBuildCondBr(bd, LLVMBuildIsNotNull(bd, seen, "wdone"), done, emit);
	LLVMPositionBuilderAtEnd(bd, emit);
	LLVMBuildStore(bd, cg_const64(cg, 1), flag);
	return done;
}

void cg_warn_once(struct cg *cg, LLVMValueRef cond, struct loc loc, const char *msg)
{
	LLVMBasicBlockRef done = warn_gate(cg, cond);
	int id = cg_event(cg, EV_ERRORF, msg, NULL, NULL, -1);
	cg_event_set_loc(cg, id, loc);
	struct mf_event *ev = cg_event_get(cg, id);
	if (ev)
		ev->warning = true;
	LLVMBuildBr(cg->m->b, done);
	LLVMPositionBuilderAtEnd(cg->m->b, done);
}

/* The error code a helper returned, as the one field of a helper_error record. */
static const struct type *retcode_record(struct cg *cg)
{
	struct type_field *f = ARENA_NEW(cg->arena, struct type_field);
	f->type = type_int(8, true);
	struct type *t = type_new(cg->arena, TY_TUPLE, 8, 8);
	t->count = 1;
	t->fields = f;
	return t;
}

void cg_check_helper(struct cg *cg, LLVMValueRef ret, const struct ast_node *at, const char *helper)
{
	if (!cg->prog->config.lookup_warnings)
		return;
	LLVMBuilderRef bd = cg->m->b;
	LLVMBasicBlockRef done = warn_gate(cg, LLVMBuildICmp(bd, LLVMIntSLT, ret, cg_const64(cg, 0), "hfail"));
	int id;
	struct cg_val *payload = cg_event_open(cg, EV_HELPER_ERROR, helper, retcode_record(cg), &id);
	cg_store(cg, payload, CV(ret), type_int(8, true));
	cg_event_set_node_loc(cg, id, at, "WARNING");
	cg_event_send(cg, id, payload);
	LLVMBuildBr(bd, done);
	LLVMPositionBuilderAtEnd(bd, done);
}

/* The legacy probe_read helpers read user and kernel addresses alike on x86-64; a failure is named
 * for the memory the probe reads, as bpftrace names it. */
static const char *read_name(struct cg *cg, bool str)
{
	const struct probe_type *pt = cg_probe_type(cg);
	bool user = pt && probe_has(pt, PT_FUNC_USER);
	return str ? (user ? "probe_read_user_str" : "probe_read_kernel_str")
	           : (user ? "probe_read_user" : "probe_read_kernel");
}

LLVMValueRef cg_probe_read(struct cg *cg, LLVMValueRef dst, uint32_t size, LLVMValueRef src, const struct ast_node *at)
{
	LLVMValueRef args[3] = {dst, cg_const64(cg, size), src};
	LLVMValueRef ret = bpfmod_helper(cg->m, HELPER_PROBE_READ, cg->i64, args, 3, "rd");
	cg_check_helper(cg, ret, at, read_name(cg, false));
	return ret;
}

struct cg_val *cg_read_str(struct cg *cg, struct cg_val *dst, struct cg_val *size, struct cg_val *src,
                           const struct ast_node *at)
{
	LLVMValueRef args[3] = {V(dst), V(size), V(src)};
	LLVMValueRef ret = bpfmod_helper(cg->m, HELPER_PROBE_READ_STR, cg->i64, args, 3, "rds");
	cg_check_helper(cg, ret, at, read_name(cg, true));
	return CV(ret);
}
