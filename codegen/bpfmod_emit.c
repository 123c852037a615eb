/* Building the BPF module's contents: BTF-defined maps, program functions with debug info, and the
 * small IR helpers (entry-block allocas, helper calls, mem intrinsics, debug locations). */
#include "codegen/bpfmod.h"

#include <stdio.h>
#include <string.h>

#include <llvm-c/Target.h>

/* ---- debug types ------------------------------------------------------------------------- */

static LLVMMetadataRef di_int(struct bpfmod *m)
{
	return LLVMDIBuilderCreateBasicType(m->di, "int", 3, 32, 0x05 /* DW_ATE_signed */, LLVMDIFlagZero);
}

static LLVMMetadataRef di_long(struct bpfmod *m)
{
	return LLVMDIBuilderCreateBasicType(m->di, "long", 4, 64, 0x05 /* DW_ATE_signed */, LLVMDIFlagZero);
}

/* `int (*)[N]`: libbpf's __uint(field, N) encoding; it reads N from the array's element count. */
static LLVMMetadataRef di_uint_field(struct bpfmod *m, uint32_t n)
{
	LLVMMetadataRef sub = LLVMDIBuilderGetOrCreateSubrange(m->di, 0, n);
	LLVMMetadataRef arr = LLVMDIBuilderCreateArrayType(m->di, (uint64_t)n * 32, 32, di_int(m), &sub, 1);
	return LLVMDIBuilderCreatePointerType(m->di, arr, 64, 64, 0, NULL, 0);
}

/* ---- maps -------------------------------------------------------------------------------- */

struct map_field {
	const char *name;
	uint32_t value;
};

/* The anonymous struct libbpf parses in parse_btf_map_def(): one pointer member per field. */
static LLVMMetadataRef di_map_struct(struct bpfmod *m, const struct map_field *f, unsigned n)
{
	LLVMMetadataRef members[4];
	for (unsigned i = 0; i < n; i++)
		members[i] = LLVMDIBuilderCreateMemberType(m->di, m->di_cu, f[i].name, strlen(f[i].name), m->di_file,
		                                           0, 64, 64, (uint64_t)i * 64, LLVMDIFlagZero,
		                                           di_uint_field(m, f[i].value));
	return LLVMDIBuilderCreateStructType(m->di, m->di_cu, NULL, 0, m->di_file, 0, (uint64_t)n * 64, 64,
	                                     LLVMDIFlagZero, NULL, members, n, 0, NULL, NULL, 0);
}

LLVMValueRef bpfmod_map(struct bpfmod *m, const char *name, enum bpf_map_kind kind, uint32_t key_size,
                        uint32_t value_size, uint32_t max_entries)
{
	const struct map_field fields[4] = {
		{"type", (uint32_t)kind},
		{"max_entries", max_entries},
		{"key_size", key_size},
		{"value_size", value_size},
	};
	/* A ring buffer has no key or value; libbpf rejects the sizes for it. */
	unsigned n = kind == BPFMAP_RINGBUF ? 2 : 4;

	LLVMTypeRef ptr = LLVMPointerTypeInContext(m->ctx, 0);
	LLVMTypeRef elems[4] = {ptr, ptr, ptr, ptr};
	LLVMTypeRef ty = LLVMStructTypeInContext(m->ctx, elems, n, 0);
	LLVMValueRef gv = LLVMAddGlobal(m->mod, ty, name);
	/* External linkage and default visibility, or libbpf says "unsupported map linkage". */
	LLVMSetLinkage(gv, LLVMExternalLinkage);
	LLVMSetInitializer(gv, LLVMConstNull(ty));
	LLVMSetSection(gv, ".maps");
	LLVMSetAlignment(gv, 8);

	LLVMMetadataRef expr = LLVMDIBuilderCreateExpression(m->di, NULL, 0);
	LLVMMetadataRef gve = LLVMDIBuilderCreateGlobalVariableExpression(
		m->di, m->di_cu, name, strlen(name), name, strlen(name), m->di_file, 0, di_map_struct(m, fields, n), 0,
		expr, NULL, 64);
	/* Without the !dbg attachment the variable is missing from BTF: "DATASEC '.maps' not found". */
	LLVMGlobalSetMetadata(gv, LLVMGetMDKindIDInContext(m->ctx, "dbg", 3), gve);
	return gv;
}

/* ---- programs ---------------------------------------------------------------------------- */

/* `long name(void *ctx)` with a named parameter: the kernel rejects func BTF whose parameters lack
 * names or real types ("Invalid arg#1"), and libbpf then silently drops func/line info. */
static LLVMMetadataRef di_program(struct bpfmod *m, const char *name, unsigned line)
{
	LLVMMetadataRef void_ptr = LLVMDIBuilderCreatePointerType(m->di, NULL, 64, 64, 0, NULL, 0);
	LLVMMetadataRef sig[2] = {di_long(m), void_ptr};
	LLVMMetadataRef fty = LLVMDIBuilderCreateSubroutineType(m->di, m->di_file, sig, 2, LLVMDIFlagPrototyped);
	LLVMMetadataRef sp = LLVMDIBuilderCreateFunction(m->di, m->di_file, name, strlen(name), name, strlen(name),
	                                                 m->di_file, line, fty, 0, 1, line, LLVMDIFlagPrototyped,
	                                                 1);
	LLVMDIBuilderCreateParameterVariable(m->di, sp, "ctx", 3, 1, m->di_file, line, void_ptr, 1, LLVMDIFlagZero);
	return sp;
}

static void add_fn_attr(struct bpfmod *m, LLVMValueRef fn, const char *attr)
{
	unsigned kind = LLVMGetEnumAttributeKindForName(attr, strlen(attr));
	LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(m->ctx, kind, 0));
}

LLVMValueRef bpfmod_begin_program(struct bpfmod *m, const char *name, const char *section, unsigned line)
{
	LLVMTypeRef ptr = LLVMPointerTypeInContext(m->ctx, 0);
	LLVMTypeRef fty = LLVMFunctionType(LLVMInt64TypeInContext(m->ctx), &ptr, 1, 0);
	LLVMValueRef fn = LLVMAddFunction(m->mod, name, fty);
	/* Not internal: O2 would delete it, and libbpf refuses static programs. */
	LLVMSetLinkage(fn, LLVMExternalLinkage);
	LLVMSetSection(fn, section);
	add_fn_attr(m, fn, "nounwind"); /* else an .eh_frame section appears */
	LLVMSetValueName2(LLVMGetParam(fn, 0), "ctx", 3);

	m->func = fn;
	m->di_func = di_program(m, name, line);
	LLVMSetSubprogram(fn, m->di_func);
	m->entry = LLVMAppendBasicBlockInContext(m->ctx, fn, "entry");
	LLVMPositionBuilderAtEnd(m->b, m->entry);
	bpfmod_set_loc(m, line, 0);
	return fn;
}

void bpfmod_end_program(struct bpfmod *m)
{
	/* A location scoped to this function must not leak into the next one (the verifier checks). */
	LLVMSetCurrentDebugLocation2(m->b, NULL);
	LLVMDIBuilderFinalizeSubprogram(m->di, m->di_func);
	m->func = NULL;
	m->di_func = NULL;
	m->entry = NULL;
}

/* ---- callbacks --------------------------------------------------------------------------- */

struct cb_shape {
	unsigned n;
	const char *names[4];
	bool is_ptr[4];
};

static const struct cb_shape cb_shapes[] = {
	[BPFMOD_CB_MAP_ELEM] = {4, {"map", "key", "value", "ctx"}, {true, true, true, true}},
	[BPFMOD_CB_LOOP] = {2, {"index", "ctx"}, {false, true}},
};

/* `long name(...)` local to the unit like the static function it is; every parameter named and
 * typed for the same reason as di_program's. */
static LLVMMetadataRef di_callback(struct bpfmod *m, const char *name, const struct cb_shape *sh, unsigned line)
{
	LLVMMetadataRef void_ptr = LLVMDIBuilderCreatePointerType(m->di, NULL, 64, 64, 0, NULL, 0);
	LLVMMetadataRef sig[5] = {di_long(m)};
	for (unsigned i = 0; i < sh->n; i++)
		sig[i + 1] = sh->is_ptr[i] ? void_ptr : di_long(m);
	LLVMMetadataRef fty = LLVMDIBuilderCreateSubroutineType(m->di, m->di_file, sig, sh->n + 1, LLVMDIFlagPrototyped);
	LLVMMetadataRef sp = LLVMDIBuilderCreateFunction(m->di, m->di_file, name, strlen(name), name, strlen(name),
	                                                 m->di_file, line, fty, 1, 1, line, LLVMDIFlagPrototyped,
	                                                 1);
	for (unsigned i = 0; i < sh->n; i++)
		LLVMDIBuilderCreateParameterVariable(m->di, sp, sh->names[i], strlen(sh->names[i]), i + 1, m->di_file,
		                                     line, sig[i + 1], 1, LLVMDIFlagZero);
	return sp;
}

/* BASE, or BASE_1, BASE_2, ...: LLVM would rename a clash to BASE.1, which is not a valid BTF
 * function name. */
static void unique_name(struct bpfmod *m, const char *base, char *buf, size_t size)
{
	snprintf(buf, size, "%s", base);
	for (unsigned i = 1; LLVMGetNamedFunction(m->mod, buf); i++)
		snprintf(buf, size, "%s_%u", base, i);
}

LLVMValueRef bpfmod_begin_callback(struct bpfmod *m, const char *base, enum bpfmod_callback kind, unsigned line,
                                   struct bpfmod_fn_state *saved)
{
	*saved = (struct bpfmod_fn_state){
		.func = m->func, .di_func = m->di_func, .entry = m->entry,
		.block = LLVMGetInsertBlock(m->b), .loc = LLVMGetCurrentDebugLocation2(m->b),
	};
	const struct cb_shape *sh = &cb_shapes[kind];
	char name[128];
	unique_name(m, base, name, sizeof name);
	LLVMTypeRef params[4], i64 = LLVMInt64TypeInContext(m->ctx);
	for (unsigned i = 0; i < sh->n; i++)
		params[i] = sh->is_ptr[i] ? LLVMPointerTypeInContext(m->ctx, 0) : i64;
	LLVMValueRef fn = LLVMAddFunction(m->mod, name, LLVMFunctionType(i64, params, sh->n, 0));
	/* Static: the kernel refuses a global function as a callback (globals are verified alone). */
	LLVMSetLinkage(fn, LLVMInternalLinkage);
	add_fn_attr(m, fn, "nounwind");
	for (unsigned i = 0; i < sh->n; i++)
		LLVMSetValueName2(LLVMGetParam(fn, i), sh->names[i], strlen(sh->names[i]));

	m->func = fn;
	m->di_func = di_callback(m, name, sh, line);
	LLVMSetSubprogram(fn, m->di_func);
	m->entry = LLVMAppendBasicBlockInContext(m->ctx, fn, "entry");
	LLVMPositionBuilderAtEnd(m->b, m->entry);
	bpfmod_set_loc(m, line, 0);
	return fn;
}

void bpfmod_end_callback(struct bpfmod *m, const struct bpfmod_fn_state *saved)
{
	LLVMDIBuilderFinalizeSubprogram(m->di, m->di_func);
	m->func = saved->func;
	m->di_func = saved->di_func;
	m->entry = saved->entry;
	if (saved->block)
		LLVMPositionBuilderAtEnd(m->b, saved->block);
	LLVMSetCurrentDebugLocation2(m->b, saved->loc);
}

/* ---- instructions ------------------------------------------------------------------------ */

LLVMValueRef bpfmod_alloca(struct bpfmod *m, LLVMTypeRef ty, const char *name, bool zero)
{
	/* At the top of the entry block: BPF has no dynamic stack allocation. */
	/* After the allocas already there, so slots appear in creation order in --emit=ir. */
	LLVMValueRef at = LLVMGetFirstInstruction(m->entry);
	while (at && LLVMIsAAllocaInst(at))
		at = LLVMGetNextInstruction(at);
	LLVMBuilderRef eb = LLVMCreateBuilderInContext(m->ctx);
	if (at)
		LLVMPositionBuilderBefore(eb, at);
	else
		LLVMPositionBuilderAtEnd(eb, m->entry);
	LLVMValueRef slot = LLVMBuildAlloca(eb, ty, name);
	LLVMDisposeBuilder(eb);
	LLVMSetAlignment(slot, 8); /* lets memset/memcpy lower to 8-byte stores */
	/* Zeroed where the caller is, so a slot reused in a loop starts at zero each time. */
	if (zero)
		bpfmod_memzero(m, slot, LLVMABISizeOfType(LLVMGetModuleDataLayout(m->mod), ty));
	return slot;
}

LLVMValueRef bpfmod_helper(struct bpfmod *m, int id, LLVMTypeRef ret, LLVMValueRef *args, unsigned nargs,
                           const char *name)
{
	LLVMTypeRef params[8];
	if (nargs > 8)
		nargs = 8; /* BPF helpers take at most five arguments */
	for (unsigned i = 0; i < nargs; i++)
		params[i] = LLVMTypeOf(args[i]);
	LLVMTypeRef fty = LLVMFunctionType(ret, params, nargs, 0);
	if (m->on_helper)
		m->on_helper(m->on_helper_ctx, id);
	LLVMValueRef callee = LLVMConstIntToPtr(LLVMConstInt(LLVMInt64TypeInContext(m->ctx), (uint64_t)id, 0),
	                                        LLVMPointerTypeInContext(m->ctx, 0));
	/* A void call cannot carry a name. */
	bool is_void = LLVMGetTypeKind(ret) == LLVMVoidTypeKind;
	LLVMValueRef call = LLVMBuildCall2(m->b, fty, callee, args, nargs, is_void || !name ? "" : name);
	/* bpf_map_lookup_elem returns a map value, which the kernel keeps 8-byte aligned: said, the
	 * loads and stores through it stay whole instead of byte by byte (a count's increment was 40
	 * instructions). */
	if (id == 1 && LLVMGetTypeKind(ret) == LLVMPointerTypeKind) {
		unsigned align = LLVMGetEnumAttributeKindForName("align", 5);
		LLVMAddCallSiteAttribute(call, LLVMAttributeReturnIndex, LLVMCreateEnumAttribute(m->ctx, align, 8));
	}
	return call;
}

/* ---- kfunc calls --------------------------------------------------------------------------- */

/* The IR type of one letter of a kfunc signature. */
static LLVMTypeRef kfunc_type(struct bpfmod *m, char kind)
{
	switch (kind) {
	case 'b': return LLVMInt8TypeInContext(m->ctx);
	case 'w': return LLVMInt32TypeInContext(m->ctx);
	case 'i': return LLVMInt64TypeInContext(m->ctx);
	case 'p': return LLVMPointerTypeInContext(m->ctx, 0);
	default: return LLVMVoidTypeInContext(m->ctx);
	}
}

/* Its debug type, which becomes the BTF libbpf compares with the kernel's prototype: any integer
 * matches any, and a pointer must point to a struct (of any members, so none are given). */
static LLVMMetadataRef kfunc_di_type(struct bpfmod *m, char kind, const char *struct_name)
{
	switch (kind) {
	case 'b': return LLVMDIBuilderCreateBasicType(m->di, "_Bool", 5, 8, 0x02 /* DW_ATE_boolean */, LLVMDIFlagZero);
	case 'w': return di_int(m);
	case 'i': return di_long(m);
	case 'p': {
		LLVMMetadataRef st = LLVMDIBuilderCreateStructType(m->di, m->di_file, struct_name, strlen(struct_name),
		                                                   m->di_file, 0, 0, 0, LLVMDIFlagZero, NULL, NULL, 0, 0,
		                                                   NULL, "", 0);
		return LLVMDIBuilderCreatePointerType(m->di, st, 64, 64, 0, NULL, 0);
	}
	default: return NULL;   /* void */
	}
}

/* The declaration of kfunc NAME: external, in ".ksyms", with a debug prototype, which makes the
 * BPF backend write it into BTF as an extern function for libbpf to find in the kernel's. */
static LLVMValueRef kfunc_decl(struct bpfmod *m, const char *name, const char *sig, const char *struct_name,
                               LLVMTypeRef fty)
{
	LLVMValueRef fn = LLVMGetNamedFunction(m->mod, name);
	if (fn)
		return fn;
	fn = LLVMAddFunction(m->mod, name, fty);
	LLVMSetLinkage(fn, LLVMExternalLinkage);
	LLVMSetSection(fn, ".ksyms");
	LLVMMetadataRef types[BPFMOD_KFUNC_MAX_ARGS + 1];
	unsigned n = (unsigned)strlen(sig);
	for (unsigned i = 0; i < n; i++)
		types[i] = kfunc_di_type(m, sig[i], struct_name);
	LLVMMetadataRef proto = LLVMDIBuilderCreateSubroutineType(m->di, m->di_file, types, n, LLVMDIFlagPrototyped);
	LLVMSetSubprogram(fn, LLVMDIBuilderCreateFunction(m->di, m->di_file, name, strlen(name), name, strlen(name),
	                                                   m->di_file, 0, proto, 0, 0, 0, LLVMDIFlagPrototyped, 1));
	return fn;
}

LLVMValueRef bpfmod_kfunc(struct bpfmod *m, const char *name, const char *sig, const char *struct_name,
                          LLVMValueRef *args, const char *vname)
{
	unsigned nargs = (unsigned)strlen(sig) - 1;
	LLVMTypeRef params[BPFMOD_KFUNC_MAX_ARGS];
	for (unsigned i = 0; i < nargs && i < BPFMOD_KFUNC_MAX_ARGS; i++)
		params[i] = kfunc_type(m, sig[i + 1]);
	LLVMTypeRef fty = LLVMFunctionType(kfunc_type(m, sig[0]), params, nargs, 0);
	LLVMValueRef fn = kfunc_decl(m, name, sig, struct_name, fty);
	return LLVMBuildCall2(m->b, fty, fn, args, nargs, sig[0] == 'v' || !vname ? "" : vname);
}

/* The alignment we know for sure; O2's InstCombine raises it further where it can prove more. */
static unsigned known_align(LLVMValueRef p)
{
	if (LLVMIsAAllocaInst(p) || LLVMIsAGlobalVariable(p))
		return LLVMGetAlignment(p);
	return 1;
}

void bpfmod_memzero(struct bpfmod *m, LLVMValueRef ptr, uint64_t size)
{
	LLVMValueRef zero = LLVMConstInt(LLVMInt8TypeInContext(m->ctx), 0, 0);
	LLVMValueRef len = LLVMConstInt(LLVMInt64TypeInContext(m->ctx), size, 0);
	LLVMBuildMemSet(m->b, ptr, zero, len, known_align(ptr));
}

void bpfmod_memcpy(struct bpfmod *m, LLVMValueRef dst, LLVMValueRef src, uint64_t size)
{
	LLVMValueRef len = LLVMConstInt(LLVMInt64TypeInContext(m->ctx), size, 0);
	LLVMBuildMemCpy(m->b, dst, known_align(dst), src, known_align(src), len);
}

void bpfmod_set_loc(struct bpfmod *m, unsigned line, unsigned col)
{
	if (!m->di_func)
		return;
	LLVMMetadataRef loc = LLVMDIBuilderCreateDebugLocation(m->ctx, line, col, m->di_func, NULL);
	LLVMSetCurrentDebugLocation2(m->b, loc);
}
