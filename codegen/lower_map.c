/* Maps: keys, reads, writes, deletes and the per-CPU aggregation updates. */
#include "codegen/cg_priv.h"


enum { BPF_ANY = 0, BPF_NOEXIST = 1 };
#define HELPER_MAP_LOOKUP_PERCPU 195
#define NEG_E2BIG ((uint64_t)-7)   /* what map updates return when the map is full */

/* bpftrace's texts for failed map helpers. */
#define MAP_FULL_MSG                                                                                    \
	"Map full; can't update element. Try increasing max_map_keys config or manually setting the max "   \
	"entries in a map declaration e.g. `let @a = hash(5000)`\nAdditional Info - helper: map_update_elem, " \
	"retcode: -7"
#define LOOKUP_MISS_MSG                                                                                 \
	"Can't lookup map element because it does not exist.\nAdditional Info - helper: map_lookup_elem, "  \
	"retcode: 0"

/* LRU maps evict rather than fill up; every other kind refuses a new key once full. */
static bool can_fill_up(const struct sema_map *m)
{
	return m->storage != MAP_LRU_HASH && m->storage != MAP_PERCPU_LRU_HASH;
}

static void check_update(struct cg *cg, const struct sema_map *m, LLVMValueRef ret, struct ast_node *map)
{
	if (!can_fill_up(m))
		return;
	LLVMValueRef full = LLVMBuildICmp(cg->m->b, LLVMIntEQ, ret, cg_const64(cg, NEG_E2BIG), "full");
	cg_warn_once(cg, full, map->loc, MAP_FULL_MSG);
}

/* The bucket of a hist/lhist/tseries key sits 8-byte aligned after the user key. */
static uint32_t user_key_size(const struct sema_map *m)
{
	return m->key ? (m->key->size + 7) / 8 * 8 : 0;
}

uint32_t cg_map_key_size(const struct sema_map *m)
{
	if (type_has_bucket_key(m->value))
		return user_key_size(m) + 8;
	return m->key ? m->key->size : 8;
}

uint32_t cg_map_value_size(const struct sema_map *m)
{
	return m->value->size ? m->value->size : 8;   /* hist, lhist: one u64 counter per bucket */
}

LLVMValueRef cg_map_key(struct cg *cg, const struct sema_map *m, struct ast_node *map, LLVMValueRef bucket)
{
	uint32_t size = cg_map_key_size(m);
	LLVMValueRef key = bpfmod_alloca(cg->m, LLVMArrayType(cg->i8, (size + 7) / 8 * 8), "key", false);
	bpfmod_memzero(cg->m, key, size);
	if (m->key) {
		if (!map->list->next) {
			cg_convert_store(cg, key, m->key, cg_lower_expr(cg, map->list), map->list->type);
		} else {
			uint32_t i = 0;
			for (struct ast_node *k = map->list; k; k = k->next, i++) {
				const struct type_field *f = &m->key->fields[i];
				LLVMValueRef v = cg_lower_expr(cg, k);
				cg_convert_store(cg, cg_gep(cg, key, f->offset), f->type, v, k->type);
			}
		}
	}
	if (bucket)
		cg_store_scalar(cg, cg_gep(cg, key, user_key_size(m)), bucket, type_int(8, false));
	return key;
}

static LLVMValueRef lookup(struct cg *cg, const struct sema_map *m, LLVMValueRef key)
{
	LLVMValueRef args[2] = {cg->maps[m->index], key};
	return bpfmod_helper(cg->m, HELPER_MAP_LOOKUP, cg->ptr, args, 2, "val");
}

/* The sum over CPUs of the 8-byte field at OFFSET of a per-CPU value (count, sum, avg parts). */
static LLVMValueRef percpu_sum(struct cg *cg, const struct sema_map *m, LLVMValueRef key, uint32_t offset)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef acc = bpfmod_alloca(cg->m, cg->i64, "acc", false);
	LLVMBuildStore(bd, cg_const64(cg, 0), acc);
	for (int cpu = 0; cpu < cg->ncpus; cpu++) {
		LLVMValueRef args[3] = {cg->maps[m->index], key, LLVMConstInt(cg->i32, (uint64_t)cpu, 0)};
		LLVMValueRef p = bpfmod_helper(cg->m, HELPER_MAP_LOOKUP_PERCPU, cg->ptr, args, 3, "pc");
		LLVMBasicBlockRef have = cg_block(cg, "pc.have"), next = cg_block(cg, "pc.next");
		LLVMBuildCondBr(bd, LLVMBuildIsNull(bd, p, "null"), next, have);
		LLVMPositionBuilderAtEnd(bd, have);
		LLVMValueRef v = LLVMBuildLoad2(bd, cg->i64, cg_gep(cg, p, offset), "v");
		LLVMBuildStore(bd, LLVMBuildAdd(bd, LLVMBuildLoad2(bd, cg->i64, acc, "a"), v, "s"), acc);
		LLVMBuildBr(bd, next);
		LLVMPositionBuilderAtEnd(bd, next);
	}
	return LLVMBuildLoad2(bd, cg->i64, acc, "sum");
}

/* min/max over the CPUs whose slot {value, set} is set; 0 when none is. */
static LLVMValueRef percpu_extreme(struct cg *cg, const struct sema_map *m, LLVMValueRef key)
{
	LLVMBuilderRef bd = cg->m->b;
	bool is_min = m->value->kind == TY_MIN, sgn = m->value->is_signed;
	LLVMIntPredicate better = is_min ? (sgn ? LLVMIntSLT : LLVMIntULT) : (sgn ? LLVMIntSGT : LLVMIntUGT);
	LLVMValueRef acc = bpfmod_alloca(cg->m, cg->i64, "ext", false), seen = bpfmod_alloca(cg->m, cg->i64, "seen", false);
	LLVMBuildStore(bd, cg_const64(cg, 0), acc);
	LLVMBuildStore(bd, cg_const64(cg, 0), seen);
	for (int cpu = 0; cpu < cg->ncpus; cpu++) {
		LLVMValueRef args[3] = {cg->maps[m->index], key, LLVMConstInt(cg->i32, (uint64_t)cpu, 0)};
		LLVMValueRef p = bpfmod_helper(cg->m, HELPER_MAP_LOOKUP_PERCPU, cg->ptr, args, 3, "pc");
		LLVMBasicBlockRef have = cg_block(cg, "pc.have"), take = cg_block(cg, "pc.take"), next = cg_block(cg, "pc.next");
		LLVMBuildCondBr(bd, LLVMBuildIsNull(bd, p, "null"), next, have);
		LLVMPositionBuilderAtEnd(bd, have);
		LLVMValueRef v = LLVMBuildLoad2(bd, cg->i64, p, "v");
		LLVMValueRef set = LLVMBuildIsNotNull(bd, LLVMBuildLoad2(bd, cg->i64, cg_gep(cg, p, 8), "set"), "isset");
		LLVMValueRef first = LLVMBuildIsNull(bd, LLVMBuildLoad2(bd, cg->i64, seen, "s"), "first");
		LLVMValueRef wins = LLVMBuildICmp(bd, better, v, LLVMBuildLoad2(bd, cg->i64, acc, "a"), "wins");
		LLVMBuildCondBr(bd, LLVMBuildAnd(bd, set, LLVMBuildOr(bd, first, wins, "fw"), "use"), take, next);
		LLVMPositionBuilderAtEnd(bd, take);
		LLVMBuildStore(bd, v, acc);
		LLVMBuildStore(bd, cg_const64(cg, 1), seen);
		LLVMBuildBr(bd, next);
		LLVMPositionBuilderAtEnd(bd, next);
	}
	return LLVMBuildLoad2(bd, cg->i64, acc, "ext");
}

LLVMValueRef cg_map_agg_value(struct cg *cg, const struct sema_map *m, LLVMValueRef key)
{
	const struct type *vt = m->value;
	switch (type_combine(vt)) {
	case TYPE_COMBINE_EXTREME:
		return percpu_extreme(cg, m, key);
	case TYPE_COMBINE_AVERAGE: {
		LLVMValueRef total = percpu_sum(cg, m, key, 0), count = percpu_sum(cg, m, key, 8);
		return V(cg_binop(cg, OP_DIV, CV(total), CV(count), vt->is_signed));
	}
	case TYPE_COMBINE_SUM:
	case TYPE_COMBINE_NONE:   /* a bucket kind: the sum of what its first u64 holds */
		break;
	}
	return percpu_sum(cg, m, key, 0);
}

LLVMValueRef cg_map_read(struct cg *cg, const struct sema_map *m, struct ast_node *map)
{
	LLVMBuilderRef bd = cg->m->b;
	const struct type *vt = m->value;
	LLVMValueRef key = cg_map_key(cg, m, map, NULL);
	if (type_read_combined(vt))
		return cg_map_agg_value(cg, m, key);
	if (type_is_agg(vt)) {
		/* min/max/stats/hist in the kernel read this CPU's slot only. */
		LLVMValueRef p = lookup(cg, m, key);
		LLVMValueRef slot = bpfmod_alloca(cg->m, cg->i64, "mm", false);
		LLVMBuildStore(bd, cg_const64(cg, 0), slot);
		LLVMBasicBlockRef have = cg_block(cg, "mm.have"), done = cg_block(cg, "mm.done");
		LLVMBuildCondBr(bd, LLVMBuildIsNull(bd, p, "null"), done, have);
		LLVMPositionBuilderAtEnd(bd, have);
		LLVMBuildStore(bd, LLVMBuildLoad2(bd, cg->i64, p, "v"), slot);
		LLVMBuildBr(bd, done);
		LLVMPositionBuilderAtEnd(bd, done);
		return LLVMBuildLoad2(bd, cg->i64, slot, "mm");
	}
	/* A missing key reads as zero: copy into a zeroed temporary either way. */
	LLVMValueRef dst = V(cg_temp(cg, vt));
	LLVMValueRef p = lookup(cg, m, key);
	if (cg->prog->config.lookup_warnings && m->key)   /* -k: say so when the key is missing */
		cg_warn_once(cg, LLVMBuildIsNull(bd, p, "miss"), map->loc, LOOKUP_MISS_MSG);
	LLVMBasicBlockRef have = cg_block(cg, "rd.have"), done = cg_block(cg, "rd.done");
	LLVMBuildCondBr(bd, LLVMBuildIsNull(bd, p, "null"), done, have);
	LLVMPositionBuilderAtEnd(bd, have);
	bpfmod_memcpy(cg->m, dst, p, vt->size);
	LLVMBuildBr(bd, done);
	LLVMPositionBuilderAtEnd(bd, done);
	return type_is_scalar(vt) ? cg_load_scalar(cg, dst, vt) : dst;
}

void cg_map_write(struct cg *cg, const struct sema_map *m, struct ast_node *map, LLVMValueRef v, const struct type *vt)
{
	LLVMValueRef key = cg_map_key(cg, m, map, NULL);
	LLVMValueRef val = V(cg_temp(cg, m->value));
	cg_convert_store(cg, val, m->value, v, vt);
	LLVMValueRef args[4] = {cg->maps[m->index], key, val, cg_const64(cg, BPF_ANY)};
	check_update(cg, m, bpfmod_helper(cg->m, HELPER_MAP_UPDATE, cg->i64, args, 4, "upd"), map);
}

struct cg_val *cg_map_key_of(struct cg *cg, struct ast_node *map)
{
	return CV(cg_map_key(cg, map->sym, map, NULL));
}

struct cg_val *cg_map_has(struct cg *cg, const struct sema_map *m, struct cg_val *key)
{
	LLVMValueRef p = lookup(cg, m, V(key));
	return CV(LLVMBuildZExt(cg->m->b, LLVMBuildIsNotNull(cg->m->b, p, "has"), cg->i64, "has64"));
}

struct cg_val *cg_map_remove(struct cg *cg, const struct sema_map *m, struct cg_val *key)
{
	LLVMValueRef args[2] = {cg->maps[m->index], V(key)};
	LLVMValueRef rc = bpfmod_helper(cg->m, HELPER_MAP_DELETE, cg->i64, args, 2, "del");
	/* The helper returns 0 when the key was there. */
	return CV(LLVMBuildZExt(cg->m->b, LLVMBuildICmp(cg->m->b, LLVMIntEQ, rc, cg_const64(cg, 0), "deleted"),
	                        cg->i64, "deleted64"));
}

struct cg_val *cg_map_find(struct cg *cg, const struct sema_map *m, struct ast_node *map, struct ast_node *var)
{
	LLVMBuilderRef bd = cg->m->b;
	const struct sema_var *v = var->sym;
	LLVMValueRef p = lookup(cg, m, cg_map_key(cg, m, map, NULL));
	LLVMBasicBlockRef have = cg_block(cg, "find.have"), done = cg_block(cg, "find.done");
	LLVMBuildCondBr(bd, LLVMBuildIsNull(bd, p, "null"), done, have);
	LLVMPositionBuilderAtEnd(bd, have);
	LLVMValueRef val = type_is_scalar(m->value) ? cg_load_scalar(cg, p, m->value) : p;
	cg_convert_store(cg, cg->vars[v->index], v->type, val, m->value);
	LLVMBuildBr(bd, done);
	LLVMPositionBuilderAtEnd(bd, done);
	return CV(LLVMBuildZExt(bd, LLVMBuildIsNotNull(bd, p, "found"), cg->i64, "found64"));
}

struct cg_val *cg_map_value(struct cg *cg, const struct sema_map *m, struct ast_node *map)
{
	return CV(cg_map_read(cg, m, map));
}

/* This CPU's slot for KEY, created zeroed on first use. */
static LLVMValueRef slot_for(struct cg *cg, const struct sema_map *m, LLVMValueRef key, struct ast_node *map)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef res = bpfmod_alloca(cg->m, cg->ptr, "slot", false);
	LLVMValueRef p = lookup(cg, m, key);
	LLVMBuildStore(bd, p, res);
	LLVMBasicBlockRef create = cg_block(cg, "agg.new"), done = cg_block(cg, "agg.have");
	LLVMBuildCondBr(bd, LLVMBuildIsNull(bd, p, "null"), create, done);
	LLVMPositionBuilderAtEnd(bd, create);
	uint32_t vsize = cg_map_value_size(m);
	LLVMValueRef zero = bpfmod_alloca(cg->m, LLVMArrayType(cg->i8, (vsize + 7) / 8 * 8), "zero", false);
	bpfmod_memzero(cg->m, zero, vsize);
	LLVMValueRef args[4] = {cg->maps[m->index], key, zero, cg_const64(cg, BPF_NOEXIST)};
	check_update(cg, m, bpfmod_helper(cg->m, HELPER_MAP_UPDATE, cg->i64, args, 4, "init"), map);
	LLVMBuildStore(bd, lookup(cg, m, key), res);
	LLVMBuildBr(bd, done);
	LLVMPositionBuilderAtEnd(bd, done);
	return LLVMBuildLoad2(bd, cg->ptr, res, "slot");
}

void cg_map_aggregate(struct cg *cg, const struct sema_map *m, struct ast_node *map, struct ast_node *call)
{
	const struct builtin *b = call->sym;
	/* The argument runs whether or not the slot can be had (`avg($i++)` must still count). */
	struct cg_val *value = call->list ? CV(cg_lower_expr(cg, call->list)) : NULL;
	LLVMValueRef bucket = b->emit_bucket ? V(b->emit_bucket(cg, call, value)) : NULL, stored = bucket;
	/* A time series keeps ts_num intervals: the epoch's slot is its key. */
	if (bucket && m->value->kind == TY_TSERIES)
		stored = LLVMBuildURem(cg->m->b, bucket, cg_const64(cg, m->value->ts_num), "slot");
	LLVMValueRef key = cg_map_key(cg, m, map, stored);
	LLVMValueRef slot = slot_for(cg, m, key, map);
	LLVMBasicBlockRef upd = cg_block(cg, "agg.upd"), done = cg_block(cg, "agg.done");
	LLVMBuildCondBr(cg->m->b, LLVMBuildIsNull(cg->m->b, slot, "null"), done, upd);
	LLVMPositionBuilderAtEnd(cg->m->b, upd);
	b->emit_agg(cg, call, CV(slot), value, CV(bucket));
	LLVMBuildBr(cg->m->b, done);
	LLVMPositionBuilderAtEnd(cg->m->b, done);
}
