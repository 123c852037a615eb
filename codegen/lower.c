/* The whole program: maps, one BPF program per sema probe, and the manifest beside the ELF. */
#include "codegen/cg_priv.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RINGBUF_BYTES (256 * 1024)

static const char *section_for(const struct sema_probe *p)
{
	switch (p->kind) {
	case ATTACH_TRACEPOINT: return "tracepoint";
	case ATTACH_RAWTP: return "raw_tp";
	case ATTACH_PROFILE: case ATTACH_INTERVAL: case ATTACH_SOFTWARE: case ATTACH_HARDWARE: return "perf_event";
	case ATTACH_KPROBE: return "kprobe";
	case ATTACH_KRETPROBE: return "kretprobe";
	case ATTACH_UPROBE: return "uprobe";
	case ATTACH_URETPROBE: return "uretprobe";
	case ATTACH_USDT: return "usdt";
	case ATTACH_FENTRY: return "fentry";
	case ATTACH_FEXIT: return "fexit";
	case ATTACH_WATCHPOINT: return "perf_event";
	default: return "raw_tp"; /* begin/end: run with BPF_PROG_TEST_RUN */
	}
}

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
	mf->ringbuf_name = "ringbuf";
	cg->ringbuf = bpfmod_map(cg->m, "ringbuf", BPFMAP_RINGBUF, 0, 0, RINGBUF_BYTES);
}

static void lower_probe(struct cg *cg, struct sema_probe *p, struct mf_program *out)
{
	const char *name = arena_printf(cg->arena, "probe_%d", p->index);
	out->func_name = name;
	out->attach = p->attach.items;
	out->nattach = p->attach.count;
	cg->probe = p;
	cg->loop_depth = 0;
	LLVMValueRef fn = bpfmod_begin_program(cg->m, name, section_for(p), (unsigned)p->node->loc.first_line);
	cg->ctx = LLVMGetParam(fn, 0);
	cg->vars = ARENA_NEWN(cg->arena, LLVMValueRef, p->nvars ? p->nvars : 1);
	for (size_t i = 0; i < p->nvars; i++) {
		uint32_t size = p->vars[i]->type && p->vars[i]->type->size ? p->vars[i]->type->size : 8;
		cg->vars[i] = bpfmod_alloca(cg->m, LLVMArrayType(cg->i8, (size + 7) / 8 * 8), p->vars[i]->name + 1, true);
	}
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
	/* Blocks left empty after a return/break are unreachable; give them a terminator. */
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		if (!LLVMGetBasicBlockTerminator(bb)) {
			LLVMPositionBuilderAtEnd(cg->m->b, bb);
			LLVMBuildRet(cg->m->b, cg_const64(cg, 0));
		}
	bpfmod_end_program(cg->m);
}

static void probe_names(struct cg *cg, struct manifest *mf)
{
	size_t n = 0;
	for (size_t i = 0; i < mf->nprograms; i++)
		n += mf->programs[i].nattach;
	mf->probe_names = ARENA_NEWN(cg->arena, const char *, n ? n : 1);
	for (size_t i = 0; i < mf->nprograms; i++)
		for (size_t j = 0; j < mf->programs[i].nattach; j++)
			mf->probe_names[mf->nprobe_names++] = mf->programs[i].attach[j].probe_name;
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
	struct manifest *mf = &out->manifest;
	declare_maps(&cg, mf);
	mf->programs = ARENA_NEWN(arena, struct mf_program, prog->nprobes ? prog->nprobes : 1);
	mf->nprograms = prog->nprobes;
	for (size_t i = 0; i < prog->nprobes; i++)
		lower_probe(&cg, prog->probes[i], &mf->programs[i]);
	mf->events = cg.events;
	mf->nevents = cg.nevents;
	probe_names(&cg, mf);
	if (cg.errors) {
		bpfmod_free(m);
		return cg.errors;
	}
	enum bpfmod_output o = output == CODEGEN_IR ? BPFMOD_IR : output == CODEGEN_ASM ? BPFMOD_ASM : BPFMOD_ELF;
	if (bpfmod_finish(m, o, &out->data, &out->len, &err) < 0) {
		diag_plain_error(diags, "%s", err ? err : "BPF code generation failed");
		free(err);
		bpfmod_free(m);
		return 1;
	}
	bpfmod_free(m);
	return 0;
}
