/* The whole program: maps, one BPF program per sema probe, and the manifest beside the ELF. */
#include "codegen/cg_priv.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static enum bpf_map_kind map_kind(enum mf_map_storage s)
{
	switch (s) {
	case MAP_PERCPU_HASH: return BPFMAP_PERCPU_HASH;
	case MAP_ARRAY: return BPFMAP_ARRAY;
	case MAP_PERCPU_ARRAY: return BPFMAP_PERCPU_ARRAY;
	case MAP_LRU_HASH: return BPFMAP_LRU_HASH;
	case MAP_PERCPU_LRU_HASH: return BPFMAP_LRU_PERCPU_HASH;
	default: return BPFMAP_HASH;
	}
}

static const char *map_symbol(struct cg *cg, const struct sema_map *m)
{
	/* '@' is not valid in a BTF name; bpftrace's convention AT_ keeps them recognisable. */
	return arena_printf(cg->arena, "AT_%s", m->name + 1);
}

static void declare_maps(struct cg *cg, struct manifest *mf)
{
	const struct typed_program *p = cg->prog;
	cg->maps = ARENA_NEWN(cg->arena, LLVMValueRef, p->nmaps ? p->nmaps : 1);
	mf->maps = ARENA_NEWN(cg->arena, struct mf_map, p->nmaps ? p->nmaps : 1);
	mf->nmaps = p->nmaps;
	for (size_t i = 0; i < p->nmaps; i++) {
		const struct sema_map *m = p->maps[i];
		struct mf_map *mm = &mf->maps[i];
		mm->name = m->name;
		mm->elf_name = map_symbol(cg, m);
		mm->storage = m->storage;
		mm->max_entries = m->max_entries ? m->max_entries : 1;
		mm->key = m->key;
		mm->key_size = cg_map_key_size(m);
		mm->value = m->value;
		mm->value_size = cg_map_value_size(m);
		cg->maps[i] = bpfmod_map(cg->m, mm->elf_name, map_kind(m->storage), mm->key_size, mm->value_size,
		                         mm->max_entries);
	}
	/* The kernel wants a power-of-two number of pages. */
	uint32_t pages = 1;
	while (pages < p->config.perf_rb_pages && pages < (1u << 20))
		pages <<= 1;
	mf->ringbuf_name = "ringbuf";
	cg->ringbuf_size = (uint64_t)pages * 4096;
	cg->ringbuf = bpfmod_map(cg->m, "ringbuf", BPFMAP_RINGBUF, 0, 0, pages * 4096);
	/* Records the ring buffer had no room for, counted so none is lost in silence. */
	mf->lost_name = "lost";
	cg->lost = bpfmod_map(cg->m, "lost", BPFMAP_ARRAY, 4, 8, 1);
}

/* ---- scratch memory ---------------------------------------------------------------------
 * Values bigger than on_stack_limit (strings of max_strlen bytes, tuples, map keys, ring-buffer
 * records) do not fit the 512-byte BPF stack. Lowering puts every value in an entry-block
 * alloca; once a function is complete, the allocas over the limit are moved into one per-CPU
 * scratch area: a BPF array map with one entry per CPU, indexed by the running CPU's id. A
 * plain array rather than a per-CPU one because the kernel caps per-CPU values at 32 KiB, which
 * a few strings of max_strlen 9999 already pass. Each function (program or for-loop callback)
 * gets its own region of the entry, so a program interrupted on its CPU by another (an NMI
 * perf event) or a callback running inside its caller never share bytes. */

/* Bytes of memcpy/memset the BPF backend always expands inline: it emits at most 128 stores, of
 * one byte each at worst alignment; bigger copies would become a libcall BPF cannot make. */
#define INLINE_MEM_MAX 128
/* The kernel refuses array values over KMALLOC_MAX_SIZE (4 MiB with 4 KiB pages). */
#define SCRATCH_MAX (4u << 20)

static LLVMValueRef emit_helper(struct cg *cg, LLVMBuilderRef b, int id, LLVMTypeRef ret, LLVMValueRef *args,
                                unsigned nargs)
{
	LLVMTypeRef params[5];
	for (unsigned i = 0; i < nargs && i < 5; i++)
		params[i] = LLVMTypeOf(args[i]);
	LLVMTypeRef fty = LLVMFunctionType(ret, params, nargs, 0);
	LLVMValueRef callee = LLVMConstIntToPtr(cg_const64(cg, (uint64_t)id), cg->ptr);
	return LLVMBuildCall2(b, fty, callee, args, nargs, "");
}

static bool name_starts(LLVMValueRef fn, const char *prefix)
{
	size_t len = 0;
	const char *name = LLVMGetValueName2(fn, &len);
	size_t n = strlen(prefix);
	return len >= n && memcmp(name, prefix, n) == 0;
}

/* Replaces memcpy/memset intrinsics too big to expand inline by bpf_probe_read_kernel: a copy
 * from SRC, or a "copy" from address 0, which fails and zero-fills the destination. */
static void outline_big_mem(struct cg *cg, LLVMValueRef fn, LLVMBuilderRef b)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
		LLVMValueRef next;
		for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = next) {
			next = LLVMGetNextInstruction(in);
			if (!LLVMIsACallInst(in))
				continue;
			LLVMValueRef callee = LLVMGetCalledValue(in);
			if (!callee || !LLVMIsAFunction(callee))
				continue;
			bool cpy = name_starts(callee, "llvm.memcpy."), set = name_starts(callee, "llvm.memset.");
			if (!cpy && !set)
				continue;
			LLVMValueRef len = LLVMGetOperand(in, 2);
			if (!LLVMIsAConstantInt(len) || LLVMConstIntGetZExtValue(len) <= INLINE_MEM_MAX)
				continue;
			LLVMValueRef src = LLVMGetOperand(in, 1);
			if (set && (!LLVMIsAConstantInt(src) || LLVMConstIntGetZExtValue(src) != 0))
				continue;
			LLVMPositionBuilderBefore(b, in);
			LLVMSetCurrentDebugLocation2(b, LLVMInstructionGetDebugLoc(in));
			LLVMValueRef args[3] = {LLVMGetOperand(in, 0), LLVMBuildZExtOrBitCast(b, len, cg->i64, "n"),
			                        set ? LLVMConstNull(cg->ptr) : src};
			emit_helper(cg, b, HELPER_PROBE_READ_KERNEL, cg->i64, args, 3);
			LLVMInstructionEraseFromParent(in);
		}
	}
}

/* The helper number a call instruction calls (through inttoptr), or -1. */
static int helper_id(LLVMValueRef call)
{
	LLVMValueRef callee = LLVMGetCalledValue(call);
	if (!callee || !LLVMIsAConstantExpr(callee) || LLVMGetConstOpcode(callee) != LLVMIntToPtr)
		return -1;
	LLVMValueRef id = LLVMGetOperand(callee, 0);
	return LLVMIsAConstantInt(id) ? (int)LLVMConstIntGetZExtValue(id) : -1;
}

/* True when SLOT is the callback context of a helper that takes a callback: the kernel wants
 * that pointer on the stack (bpf_for_each_map_elem, bpf_loop, bpf_find_vma,
 * bpf_user_ringbuf_drain), so it must stay there whatever its size. */
static bool must_stay_on_stack(LLVMValueRef slot)
{
	static const struct { int id; unsigned arg; } cb_helpers[] = {{164, 2}, {180, 3}, {181, 2}, {209, 2}};
	for (LLVMUseRef u = LLVMGetFirstUse(slot); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u);
		if (!LLVMIsACallInst(user))
			continue;
		int id = helper_id(user);
		for (size_t i = 0; i < sizeof(cb_helpers) / sizeof(cb_helpers[0]); i++)
			if (cb_helpers[i].id == id && cb_helpers[i].arg < (unsigned)LLVMGetNumArgOperands(user) &&
			    LLVMGetOperand(user, cb_helpers[i].arg) == slot)
				return true;
	}
	return false;
}

/* Whether alloca SLOT of SIZE bytes goes to scratch memory. Scalars stay: the optimiser keeps
 * them in registers. */
static bool goes_to_scratch(struct cg *cg, LLVMValueRef slot, uint64_t size)
{
	return size > cg->prog->config.on_stack_limit && size > 8 && !must_stay_on_stack(slot);
}

/* The debug location of the first located instruction of FN: new code at its top needs one,
 * or the kernel refuses the line info ("missing bpf_line_info for func#0"). */
static LLVMMetadataRef first_loc(LLVMValueRef fn)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in)) {
			LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(in);
			if (loc)
				return loc;
		}
	return NULL;
}

/* Stack bytes that values under on_stack_limit may take together: every value has a slot of its
 * own for the whole program, so many small ones (a struct element per printf) add up; past this
 * the rest move to scratch too, leaving the verifier's 512 bytes room for spills and scalars. */
#define STACK_VALUES_MAX 256

/* Whether SLOT's address goes to a helper: then it lives in memory, whatever its size. */
static bool passed_to_call(LLVMValueRef slot)
{
	for (LLVMUseRef u = LLVMGetFirstUse(slot); u; u = LLVMGetNextUse(u))
		if (LLVMIsACallInst(LLVMGetUser(u)))
			return true;
	return false;
}

/* Which of FN's N entry-block ALLOCAS move to scratch (MOVED), and their bytes there. */
static uint64_t choose_scratch(struct cg *cg, LLVMValueRef *allocas, size_t n, bool *moved)
{
	LLVMTargetDataRef dl = LLVMGetModuleDataLayout(cg->m->mod);
	uint64_t bytes = 0, stack = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t raw = LLVMABISizeOfType(dl, LLVMGetAllocatedType(allocas[i])), size = (raw + 7) / 8 * 8;
		moved[i] = goes_to_scratch(cg, allocas[i], raw);
		bool in_memory = size > 8 || passed_to_call(allocas[i]);   /* not a register's worth */
		if (!moved[i] && in_memory && !must_stay_on_stack(allocas[i]) && (stack += size) > STACK_VALUES_MAX)
			moved[i] = true;
		if (moved[i])
			bytes += size;
	}
	return bytes;
}

/* Moves FN's allocas over on_stack_limit (and the small ones past STACK_VALUES_MAX) into a
 * region of the scratch area. A new entry block takes the allocas, looks this CPU's scratch
 * entry up once (returning 0 if it is missing) and points each moved value at its offset; then
 * it branches to the old entry. */
static void scratch_function(struct cg *cg, LLVMValueRef fn, LLVMBuilderRef b)
{
	LLVMTargetDataRef dl = LLVMGetModuleDataLayout(cg->m->mod);
	LLVMBasicBlockRef old_entry = LLVMGetEntryBasicBlock(fn);
	size_t nallocas = 0;
	for (LLVMValueRef in = LLVMGetFirstInstruction(old_entry); in && LLVMIsAAllocaInst(in);
	     in = LLVMGetNextInstruction(in))
		nallocas++;
	LLVMValueRef *allocas = ARENA_NEWN(cg->arena, LLVMValueRef, nallocas ? nallocas : 1);
	bool *moved = ARENA_NEWN(cg->arena, bool, nallocas ? nallocas : 1);
	size_t i = 0;
	for (LLVMValueRef in = LLVMGetFirstInstruction(old_entry); in && LLVMIsAAllocaInst(in);
	     in = LLVMGetNextInstruction(in))
		allocas[i++] = in;
	uint64_t bytes = choose_scratch(cg, allocas, nallocas, moved);
	if (!bytes)
		return;
	if (bytes > SCRATCH_MAX - cg->scratch_size) {
		diag_plain_error(cg->diags, "values too big for scratch memory (%" PRIu64 " bytes over %u): lower max_strlen",
		                 bytes + cg->scratch_size, SCRATCH_MAX);
		cg->errors++;
		return;
	}
	if (!cg->scratch_map)
		cg->scratch_map = LLVMAddGlobal(cg->m->mod, cg->i8, "sonde_scratch_placeholder");

	LLVMBasicBlockRef entry = LLVMInsertBasicBlockInContext(cg->m->ctx, old_entry, "scratch");
	LLVMPositionBuilderAtEnd(b, entry);
	LLVMSetCurrentDebugLocation2(b, NULL);
	for (i = 0; i < nallocas; i++) {
		/* Moving through a builder would drop the name; keep it for --emit=ir. */
		size_t len = 0;
		const char *nm = LLVMGetValueName2(allocas[i], &len);
		char *name = arena_strdup(cg->arena, nm ? nm : "");
		LLVMInstructionRemoveFromParent(allocas[i]);
		LLVMInsertIntoBuilderWithName(b, allocas[i], name);
	}
	LLVMValueRef key = LLVMBuildAlloca(b, cg->i32, "scratch.cpu");
	LLVMSetCurrentDebugLocation2(b, first_loc(fn));
	LLVMValueRef cpu = emit_helper(cg, b, HELPER_GET_SMP_PROCESSOR_ID, cg->i64, NULL, 0);
	LLVMBuildStore(b, LLVMBuildTrunc(b, cpu, cg->i32, "cpu"), key);
	LLVMValueRef largs[2] = {cg->scratch_map, key};
	LLVMValueRef base = emit_helper(cg, b, HELPER_MAP_LOOKUP, cg->ptr, largs, 2);
	uint64_t off = cg->scratch_size;
	for (i = 0; i < nallocas; i++) {
		uint64_t size = LLVMABISizeOfType(dl, LLVMGetAllocatedType(allocas[i]));
		if (!moved[i])
			continue;
		LLVMValueRef o = cg_const64(cg, off);
		LLVMValueRef p = LLVMBuildGEP2(b, cg->i8, base, &o, 1, "scratch");
		LLVMReplaceAllUsesWith(allocas[i], p);
		LLVMInstructionEraseFromParent(allocas[i]);
		off += (size + 7) / 8 * 8;
	}
	cg->scratch_size = (uint32_t)off;
	LLVMBasicBlockRef missing = LLVMInsertBasicBlockInContext(cg->m->ctx, old_entry, "scratch.none");
	LLVMBuildCondBr(b, LLVMBuildIsNull(b, base, "none"), missing, old_entry);
	LLVMPositionBuilderAtEnd(b, missing);
	LLVMBuildRet(b, cg_const64(cg, 0));
}

/* Scratch placement and big copies for the functions lowered for one probe: FN and the
 * callbacks added after it. */
static void finish_functions(struct cg *cg, LLVMValueRef fn)
{
	LLVMBuilderRef b = LLVMCreateBuilderInContext(cg->m->ctx);
	for (LLVMValueRef f = fn; f; f = LLVMGetNextFunction(f)) {
		if (!LLVMCountBasicBlocks(f))
			continue; /* a declaration (intrinsic) */
		scratch_function(cg, f, b);
		outline_big_mem(cg, f, b);
	}
	LLVMDisposeBuilder(b);
}

/* The scratch map, now that its size is known, in place of the placeholder the programs use. */
static void declare_scratch(struct cg *cg)
{
	if (!cg->scratch_map)
		return;
	/* Whole cache lines per CPU, so CPUs do not share one. */
	uint32_t size = (cg->scratch_size + 63) / 64 * 64;
	LLVMValueRef map = bpfmod_map(cg->m, "scratch", BPFMAP_ARRAY, 4, size, (uint32_t)cg->ncpus);
	LLVMReplaceAllUsesWith(cg->scratch_map, map);
	LLVMDeleteGlobal(cg->scratch_map);
	cg->scratch_map = map;
}

/* The runtime-warning flags (codegen/lower_map.c), now that the number of sites is known. */
static void declare_warned(struct cg *cg)
{
	if (!cg->warned_map)
		return;
	LLVMValueRef map = bpfmod_map(cg->m, "warned", BPFMAP_ARRAY, 4, 8, cg->nwarn_sites);
	LLVMReplaceAllUsesWith(cg->warned_map, map);
	LLVMDeleteGlobal(cg->warned_map);
	cg->warned_map = map;
}

/* An iterator's end call passes NULL objects (ctx's pointer slots after meta): nothing to do. */
static void skip_iterator_end(struct cg *cg, const struct sema_probe *p)
{
	for (size_t i = 1; i < p->nargs; i++) {
		if (!strchr(p->args[i].c_type, '*'))
			continue;
		LLVMValueRef obj = LLVMBuildLoad2(cg->m->b, cg->i64, cg_gep(cg, cg->ctx, p->args[i].offset), p->args[i].name);
		LLVMSetAlignment(obj, 8);   /* the verifier reads a tracing context only a whole slot at a time */
		LLVMValueRef end = LLVMBuildICmp(cg->m->b, LLVMIntEQ, obj, cg_const64(cg, 0), "end");
		LLVMBasicBlockRef body = cg_block(cg, "object"), skip = cg_block(cg, "end_call");
		LLVMBuildCondBr(cg->m->b, end, skip, body);
		LLVMPositionBuilderAtEnd(cg->m->b, skip);
		LLVMBuildRet(cg->m->b, cg_const64(cg, 0));
		LLVMPositionBuilderAtEnd(cg->m->b, body);
	}
}

/* -p on a probe type the kernel cannot scope to a process: other processes return at once. */
static void filter_pid(struct cg *cg, int pid)
{
	LLVMValueRef id = V(cg_pid_tgid(cg));
	LLVMValueRef tgid = LLVMBuildLShr(cg->m->b, id, cg_const64(cg, 32), "tgid");
	LLVMValueRef other = LLVMBuildICmp(cg->m->b, LLVMIntNE, tgid, cg_const64(cg, (uint64_t)pid), "other_pid");
	LLVMBasicBlockRef body = cg_block(cg, "traced_pid"), skip = cg_block(cg, "other_pid");
	LLVMBuildCondBr(cg->m->b, other, skip, body);
	LLVMPositionBuilderAtEnd(cg->m->b, skip);
	LLVMBuildRet(cg->m->b, cg_const64(cg, 0));
	LLVMPositionBuilderAtEnd(cg->m->b, body);
}

/* The program's name: its probe as written, in the characters a BPF name may have, and its index
 * ("kprobe_ksys__3"), so `bpftool prog` says what each program traces (the kernel keeps 15 bytes). */
static const char *program_name(struct cg *cg, const struct sema_probe *p)
{
	const char *text = p->node->list && p->node->list->str ? p->node->list->str : "";
	const char *colon = strchr(text, ':');
	char *name = arena_printf(cg->arena, "%s%.40s_%d", p->type->name, colon ? colon : "", p->index);
	for (char *c = name; *c; c++)
		if (!isalnum((unsigned char)*c))
			*c = '_';
	return name;
}

/* The body of probe P where the builder stands: its variables, the -p filter, the predicate and
 * the statements, each path ending in a return. */
static void lower_body(struct cg *cg, struct sema_probe *p)
{
	cg->probe = p;
	cg->loop_depth = 0;
	cg->vars = ARENA_NEWN(cg->arena, LLVMValueRef, p->nvars ? p->nvars : 1);
	for (size_t i = 0; i < p->nvars; i++) {
		uint32_t size = p->vars[i]->type && p->vars[i]->type->size ? p->vars[i]->type->size : 8;
		cg->vars[i] = bpfmod_alloca(cg->m, LLVMArrayType(cg->i8, (size + 7) / 8 * 8), p->vars[i]->name + 1, true);
	}
	if (probe_has(p->type, PT_ITERATOR))
		skip_iterator_end(cg, p);
	if (cg->prog->pid > 0 && probe_has(p->type, PT_PID_FILTER))
		filter_pid(cg, cg->prog->pid);
	if (p->node->a) {
		LLVMValueRef c = cg_truth(cg, cg_lower_expr(cg, p->node->a), p->node->a->type);
		LLVMBasicBlockRef body = cg_block(cg, "body"), skip = cg_block(cg, "skip");
		LLVMBuildCondBr(cg->m->b, c, body, skip);
		LLVMPositionBuilderAtEnd(cg->m->b, skip);
		LLVMBuildRet(cg->m->b, cg_const64(cg, 0));
		LLVMPositionBuilderAtEnd(cg->m->b, body);
	}
	cg_stmt_block(cg, p->node->b);
	if (!cg_terminated(cg))
		LLVMBuildRet(cg->m->b, cg_const64(cg, 0));
}

/* A kprobe_session program: the kernel runs it at the functions' entry and again at their return
 * (the entry half returning 0 asks for that), and bpf_session_is_return says which run this is. */
static void lower_session(struct cg *cg, struct sema_probe *p)
{
	LLVMValueRef is_return = V(cg_kfunc(cg, "bpf_session_is_return", "b", "", NULL));
	LLVMBasicBlockRef entry = cg_block(cg, "session.entry"), ret = cg_block(cg, "session.return");
	LLVMBuildCondBr(cg->m->b, LLVMBuildICmp(cg->m->b, LLVMIntNE, is_return, cg_const64(cg, 0), "is_return"), ret,
	                entry);
	LLVMPositionBuilderAtEnd(cg->m->b, entry);
	cg->session_half = SESSION_ENTRY_HALF;
	lower_body(cg, p);
	LLVMPositionBuilderAtEnd(cg->m->b, ret);
	cg->session_half = SESSION_RETURN_HALF;
	lower_body(cg, p->session_return);
	cg->session_half = SESSION_NONE;
	cg->probe = p;
}

static void lower_probe(struct cg *cg, struct sema_probe *p, struct mf_program *out)
{
	const char *name = program_name(cg, p);
	out->func_name = name;
	out->attach = p->attach.items;
	out->nattach = p->attach.count;
	out->cookies = p->cookies;
	out->session_return = p->session_return ? p->session_return->attach.items : NULL;
	cg->probe = p;
	LLVMValueRef fn = bpfmod_begin_program(cg->m, name, p->type->section, (unsigned)p->node->loc.first_line);
	cg->ctx = LLVMGetParam(fn, 0);
	if (p->session_return)
		lower_session(cg, p);
	else
		lower_body(cg, p);
	/* Blocks left empty after a return/break are unreachable; give them a terminator. */
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		if (!LLVMGetBasicBlockTerminator(bb)) {
			LLVMPositionBuilderAtEnd(cg->m->b, bb);
			LLVMBuildRet(cg->m->b, cg_const64(cg, 0));
		}
	finish_functions(cg, fn);
	bpfmod_end_program(cg->m);
}

/* Numbers the attach points of P in MF's names, each name once. */
static void number_names(struct sema_probe *p, struct manifest *mf)
{
	for (size_t j = 0; j < p->attach.count; j++) {
		struct mf_attach *at = &p->attach.items[j];
		size_t k = 0;
		while (k < mf->nprobe_names && strcmp(mf->probe_names[k], at->probe_name) != 0)
			k++;
		if (k == mf->nprobe_names)
			mf->probe_names[mf->nprobe_names++] = at->probe_name;
		at->name_index = (uint32_t)k;
	}
}

/* Numbers the attach points' names, each name once, before any program reads its index; a folded
 * return probe's come last, counted apart (one probe with their entry probe's). */
static void probe_names(struct cg *cg, const struct typed_program *prog, struct manifest *mf)
{
	size_t n = 0;
	for (size_t i = 0; i < prog->nprobes; i++)
		n += prog->probes[i]->attach.count +
		     (prog->probes[i]->session_return ? prog->probes[i]->session_return->attach.count : 0);
	mf->probe_names = ARENA_NEWN(cg->arena, const char *, n ? n : 1);
	for (size_t i = 0; i < prog->nprobes; i++)
		number_names(prog->probes[i], mf);
	size_t before = mf->nprobe_names;
	for (size_t i = 0; i < prog->nprobes; i++)
		if (prog->probes[i]->session_return)
			number_names(prog->probes[i]->session_return, mf);
	mf->nsession_names = mf->nprobe_names - before;
}

int codegen_compile(const struct typed_program *prog, enum codegen_output output, struct arena *arena,
                    struct diags *diags, struct codegen_result *out)
{
	memset(out, 0, sizeof(*out));
	char *err = NULL;
	struct bpfmod *m = bpfmod_new("sonde", diags->src ? diags->src->name : "stdin", &err);
	if (!m) {
		diag_plain_error(diags, "%s", err ? err : "cannot set up the BPF target");
		free(err);
		return 1;
	}
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	struct cg cg = {
		.m = m, .prog = prog, .arena = arena, .diags = diags,
		.i1 = LLVMInt1TypeInContext(m->ctx), .i8 = LLVMInt8TypeInContext(m->ctx),
		.i16 = LLVMInt16TypeInContext(m->ctx), .i32 = LLVMInt32TypeInContext(m->ctx),
		.i64 = LLVMInt64TypeInContext(m->ctx), .ptr = LLVMPointerTypeInContext(m->ctx, 0),
		.ncpus = ncpus > 0 ? (int)ncpus : 1,
	};
	m->on_helper = cg_note_helper;
	m->on_helper_ctx = &cg;
	struct manifest *mf = &out->manifest;
	declare_maps(&cg, mf);
	mf->programs = ARENA_NEWN(arena, struct mf_program, prog->nprobes ? prog->nprobes : 1);
	mf->nprograms = prog->nprobes;
	probe_names(&cg, prog, mf);
	for (size_t i = 0; i < prog->nprobes; i++)
		lower_probe(&cg, prog->probes[i], &mf->programs[i]);
	declare_scratch(&cg);
	declare_warned(&cg);
	mf->str_trunc_trailer = prog->config.str_trunc_trailer;
	mf->log_size = prog->config.log_size;
	mf->max_cat_bytes = prog->config.max_cat_bytes;
	mf->no_maps_on_exit = !prog->config.print_maps_on_exit;
	mf->show_debug_info = prog->config.show_debug_info;
	mf->license = prog->config.license;
	mf->events = cg.events;
	mf->nevents = cg.nevents;
	cg_helper_sites(&cg, mf);
	if (cg.errors) {
		bpfmod_free(m);
		return cg.errors;
	}
	enum bpfmod_output o = output == CODEGEN_IR ? BPFMOD_IR : output == CODEGEN_ASM ? BPFMOD_ASM
	                       : output == CODEGEN_IR_UNOPTIMISED ? BPFMOD_IR_UNOPTIMISED : BPFMOD_ELF;
	if (bpfmod_finish(m, o, &out->data, &out->len, &err) < 0) {
		diag_plain_error(diags, "%s", err ? err : "BPF code generation failed");
		free(err);
		bpfmod_free(m);
		return 1;
	}
	bpfmod_free(m);
	return 0;
}
