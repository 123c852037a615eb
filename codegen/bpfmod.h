/* Private to codegen/: a BPF module under construction, wrapping the LLVM-C objects and the
 * debug info libbpf and the kernel need (BTF for maps, func/line info for programs). */
#ifndef SONDE_BPFMOD_H
#define SONDE_BPFMOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>
#include <llvm-c/TargetMachine.h>

#include "codegen/codegen.h"   /* enum bpf_map_kind */

struct bpfmod {
	LLVMContextRef ctx;
	LLVMModuleRef mod;
	LLVMBuilderRef b;
	LLVMDIBuilderRef di;
	LLVMMetadataRef di_file, di_cu;
	LLVMTargetMachineRef tm;
	LLVMValueRef func;         /* the program being built */
	LLVMMetadataRef di_func;   /* its DISubprogram */
	LLVMBasicBlockRef entry;   /* its entry block, where every alloca goes */
	int backend_errors;        /* error-severity diagnostics seen during emission */
	char *backend_msg;         /* the first of them (malloc'd) */
	/* Told of every helper call bpfmod_helper emits, so codegen can note which script
	 * expression makes it; NULL for none. */
	void (*on_helper)(void *ctx, int id);
	void *on_helper_ctx;
};

enum bpfmod_output { BPFMOD_ELF, BPFMOD_ASM, BPFMOD_IR, BPFMOD_IR_UNOPTIMISED };

/* A module named NAME for target bpfel, cpu v3, data layout from the target machine; SRC_NAME is
 * the script's name for the debug compile unit. Returns NULL with *ERR (malloc'd) on failure. */
struct bpfmod *bpfmod_new(const char *name, const char *src_name, char **err);
void bpfmod_free(struct bpfmod *m);

/* A BTF-defined map global in ".maps" (external linkage, zero init, align 8) whose debug type
 * carries type/max_entries and key_size/value_size as libbpf reads them (ringbuf: only type and
 * max_entries). Returns the global to pass to helpers as a plain pointer. */
LLVMValueRef bpfmod_map(struct bpfmod *m, const char *name, enum bpf_map_kind kind, uint32_t key_size,
                        uint32_t value_size, uint32_t max_entries);

/* Starts program NAME in section SECTION: `i64 NAME(ptr ctx)`, nounwind, external, with a
 * DISubprogram (real types, a named "ctx" parameter) at LINE; positions the builder at the end
 * of a fresh entry block. Returns the function. */
LLVMValueRef bpfmod_begin_program(struct bpfmod *m, const char *name, const char *section, unsigned line);
/* Ends the program being built: the caller has terminated every block. */
void bpfmod_end_program(struct bpfmod *m);

/* The function being built, saved while a callback is built in the middle of it. */
struct bpfmod_fn_state {
	LLVMValueRef func;
	LLVMMetadataRef di_func, loc;
	LLVMBasicBlockRef entry, block;
};

enum bpfmod_callback {
	BPFMOD_CB_MAP_ELEM, /* bpf_for_each_map_elem: long cb(void *map, void *key, void *value, void *ctx) */
	BPFMOD_CB_LOOP,     /* bpf_loop: long cb(long index, void *ctx) */
};

/* Starts a helper callback of shape KIND in the middle of building another function, whose state
 * goes into SAVED. The callback is static (libbpf links it into every program that takes its
 * address, passed to the helper as a plain pointer), lives in .text, and has a DISubprogram with
 * named parameters so the kernel accepts its func_info. NAME is BASE, or BASE_N when that is
 * taken. Positions the builder in its fresh entry block. */
LLVMValueRef bpfmod_begin_callback(struct bpfmod *m, const char *base, enum bpfmod_callback kind, unsigned line,
                                   struct bpfmod_fn_state *saved);
/* Ends the callback (every block terminated) and resumes the function saved in SAVED. */
void bpfmod_end_callback(struct bpfmod *m, const struct bpfmod_fn_state *saved);

/* Stack slot in the entry block (BPF refuses dynamic allocas), zeroed when ZERO is set. */
LLVMValueRef bpfmod_alloca(struct bpfmod *m, LLVMTypeRef ty, const char *name, bool zero);
/* Calls BPF helper number ID through inttoptr with the given prototype (telling on_helper). */
LLVMValueRef bpfmod_helper(struct bpfmod *m, int id, LLVMTypeRef ret, LLVMValueRef *args, unsigned nargs,
                           const char *name);
/* A call of kernel function NAME (a kfunc), resolved by libbpf against the kernel's BTF. SIG is its
 * result then its parameters, a letter each: v void, b bool, w 32-bit and i 64-bit integer, p a
 * pointer to struct STRUCT_NAME; ARGS match the parameters' IR types (i8, i32, i64, ptr). */
#define BPFMOD_KFUNC_MAX_ARGS 5
LLVMValueRef bpfmod_kfunc(struct bpfmod *m, const char *name, const char *sig, const char *struct_name,
                          LLVMValueRef *args, const char *vname);
/* Cuts basic blocks longer than LLVM's code generator handles in linear time into pieces that
 * fall through to one another (bpfmod_split.c); run after optimising, before emitting. */
void bpfmod_split_long_blocks(struct bpfmod *m);
/* memset(ptr, 0, size) / memcpy emitted as LLVM intrinsics (lowered inline for BPF). */
void bpfmod_memzero(struct bpfmod *m, LLVMValueRef ptr, uint64_t size);
void bpfmod_memcpy(struct bpfmod *m, LLVMValueRef dst, LLVMValueRef src, uint64_t size);
/* Sets the debug location of the next instructions to a script line and column. */
void bpfmod_set_loc(struct bpfmod *m, unsigned line, unsigned col);

/* Adds the "license" section ("GPL"), finalises debug info, verifies, runs default<O2>, and
 * produces OUTPUT into *BUF and *LEN (malloc'd). Returns 0, or -1 with *ERR (malloc'd) naming the
 * first backend error (e.g. "BPF stack limit is exceeded"). */
int bpfmod_finish(struct bpfmod *m, enum bpfmod_output output, void **buf, size_t *len, char **err);

#endif
