/* Private to codegen/: the lowering context. A `struct cg_val *` is an LLVMValueRef: an i64 for
 * scalar types, a pointer to storage for everything else. */
#ifndef SONDE_CG_PRIV_H
#define SONDE_CG_PRIV_H

#include "codegen/bpfmod.h"
#include "codegen/codegen.h"

#define CG_MAX_LOOP_DEPTH 32

struct cg {
	struct bpfmod *m;
	const struct typed_program *prog;
	struct arena *arena;
	struct diags *diags;
	int errors;
	LLVMTypeRef i1, i8, i16, i32, i64, ptr;
	LLVMValueRef *maps;          /* per sema map */
	LLVMValueRef ringbuf;
	LLVMValueRef stack_map;       /* created on first kstack/ustack (codegen/lower_stacks.c) */
	LLVMValueRef scratch_map;     /* per-CPU scratch for values too big for the stack */
	struct sema_probe *probe;    /* the program being lowered */
	LLVMValueRef ctx;
	LLVMValueRef *vars;          /* per variable of the probe: its stack slot */
	LLVMBasicBlockRef brk[CG_MAX_LOOP_DEPTH], cont[CG_MAX_LOOP_DEPTH];
	int loop_depth;
	LLVMBasicBlockRef if_merge[CG_MAX_LOOP_DEPTH];
	int if_depth;
	struct mf_event *events;
	size_t nevents, events_cap;
	int ncpus;
};

#define V(x) ((LLVMValueRef)(x))
#define CV(x) ((struct cg_val *)(x))

bool cg_is_scalar(const struct type *t);
void cg_error(struct cg *cg, struct loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
LLVMValueRef cg_const64(struct cg *cg, uint64_t v);
/* Appends a block to the current function. */
LLVMBasicBlockRef cg_block(struct cg *cg, const char *name);
/* True when the current block already ends in a terminator (after return/break). */
bool cg_terminated(struct cg *cg);

/* storage */
LLVMValueRef cg_load_scalar(struct cg *cg, LLVMValueRef ptr, const struct type *t);
void cg_store_scalar(struct cg *cg, LLVMValueRef ptr, LLVMValueRef v, const struct type *t);
/* Stores value V of type FROM into storage DST of type TO, converting (int widths, string sizes,
 * tuple layouts) as assignment does. */
void cg_convert_store(struct cg *cg, LLVMValueRef dst, const struct type *to, LLVMValueRef v, const struct type *from);

LLVMValueRef cg_gep(struct cg *cg, LLVMValueRef ptr, uint64_t bytes);

/* statements and expressions */
void cg_stmt_block(struct cg *cg, struct ast_node *block);
LLVMValueRef cg_lower_expr(struct cg *cg, struct ast_node *e);
LLVMValueRef cg_truth(struct cg *cg, LLVMValueRef v, const struct type *t);

/* maps */
/* The stored key of an access to M with the keys of AST_MAP node MAP (and a bucket, for hist). */
LLVMValueRef cg_map_key(struct cg *cg, const struct sema_map *m, struct ast_node *map, LLVMValueRef bucket);
LLVMValueRef cg_map_read(struct cg *cg, const struct sema_map *m, struct ast_node *map);
void cg_map_write(struct cg *cg, const struct sema_map *m, struct ast_node *map, LLVMValueRef v, const struct type *vt);
void cg_map_aggregate(struct cg *cg, const struct sema_map *m, struct ast_node *map, struct ast_node *call);
uint32_t cg_map_key_size(const struct sema_map *m);
uint32_t cg_map_value_size(const struct sema_map *m);

#endif
