/* Private to codegen/: the lowering context. A `struct cg_val *` is an LLVMValueRef: an i64 for
 * scalar types (type_is_scalar), a pointer to storage for everything else. */
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
	uint64_t ringbuf_size;   /* bytes of the ring buffer: a send past a quarter of it wakes the reader */
	LLVMValueRef lost;           /* one u64: ring-buffer records dropped because it was full */
	LLVMValueRef lost_key, lost_key_fn; /* the u32 0 that looks it up, made once per function */
	LLVMValueRef scratch_map;     /* per-CPU scratch for values too big for the stack: a
	                                 * placeholder global until the size is known (lower.c) */
	uint32_t scratch_size;        /* bytes of scratch carved out so far, over all programs */
	struct sema_probe *probe;    /* the program being lowered */
	/* In a kprobe_session program, the half being lowered: the return probe's reads the upper 32
	 * bits of the attachment's cookie, the entry probe's the lower. */
	enum { SESSION_NONE, SESSION_ENTRY_HALF, SESSION_RETURN_HALF } session_half;
	LLVMValueRef ctx;
	LLVMValueRef *vars;          /* per variable of the probe: its stack slot */
	LLVMBasicBlockRef brk[CG_MAX_LOOP_DEPTH], cont[CG_MAX_LOOP_DEPTH];
	int loop_depth;
	LLVMBasicBlockRef if_merge[CG_MAX_LOOP_DEPTH];
	int if_depth;
	struct mf_event *events;
	size_t nevents, events_cap;
	LLVMValueRef warned_map;      /* one u64 flag per runtime-warning site, so each warns once: a
	                               * placeholder global until the count is known (lower.c) */
	uint32_t nwarn_sites;
	int ncpus;
	/* The innermost expression or statement being lowered: the helper calls emitted now are
	 * made for it (cg_note_helper), so a helper the verifier refuses is reported there. */
	const struct ast_node *site;
	struct cg_helper_use {
		int helper, program;
		const struct ast_node *site;
	} *helper_uses;
	size_t nhelper_uses, helper_uses_cap;
};

#define V(x) ((LLVMValueRef)(x))
#define CV(x) ((struct cg_val *)(x))
/* A `struct cg_label *` is an LLVMBasicBlockRef. */
#define BB(x) ((LLVMBasicBlockRef)(x))
#define CL(x) ((struct cg_label *)(x))

LLVMValueRef cg_const64(struct cg *cg, uint64_t v);
/* Appends a block to the current function. */
LLVMBasicBlockRef cg_block(struct cg *cg, const char *name);
/* Writes record REC of SIZE bytes to the ring buffer, counting it in the lost map when full. */
void cg_ringbuf_send(struct cg *cg, LLVMValueRef rec, uint32_t size);
/* True when the current block already ends in a terminator (after return/break). */
bool cg_terminated(struct cg *cg);

/* storage */
LLVMValueRef cg_load_scalar(struct cg *cg, LLVMValueRef ptr, const struct type *t);
void cg_store_scalar(struct cg *cg, LLVMValueRef ptr, LLVMValueRef v, const struct type *t);
/* Stores value V of type FROM into storage DST of type TO, converting (int widths, string sizes,
 * tuple layouts) as assignment does. */
void cg_convert_store(struct cg *cg, LLVMValueRef dst, const struct type *to, LLVMValueRef v, const struct type *from);

LLVMValueRef cg_gep(struct cg *cg, LLVMValueRef ptr, uint64_t bytes);
/* Registers an event in the manifest (its record is written by the caller); returns its index. */
int cg_event_add(struct cg *cg, enum mf_event_kind kind, const char *fmt, const struct type *args_type, int map);

/* bpfmod's on_helper hook (CTX is the struct cg): notes helper ID as called for cg->site in the
 * program being lowered. */
void cg_note_helper(void *ctx, int id);
/* The manifest's helper sites: each noted helper use, located, once per helper, program and
 * expression. */
void cg_helper_sites(struct cg *cg, struct manifest *mf);

/* statements and expressions */
void cg_stmt_block(struct cg *cg, struct ast_node *block);
LLVMValueRef cg_lower_expr(struct cg *cg, struct ast_node *e);
LLVMValueRef cg_truth(struct cg *cg, LLVMValueRef v, const struct type *t);

/* run-time warnings, once per site (codegen/cg_warn.c) */
/* Reports MSG (an EV_ERRORF warning located at LOC) the first time this site gets there at run
 * time, when COND holds; code after it continues in a fresh block. */
void cg_warn_once(struct cg *cg, LLVMValueRef cond, struct loc loc, const char *msg);
/* With -k: reports HELPER's negative return RET at AT (bpftrace's helper_error), once per site. */
void cg_check_helper(struct cg *cg, LLVMValueRef ret, const struct ast_node *at, const char *helper);
/* Copies SIZE bytes from the traced address SRC (a pointer) to DST with bpf_probe_read, checked
 * as cg_check_helper does; returns the helper's result. */
LLVMValueRef cg_probe_read(struct cg *cg, LLVMValueRef dst, uint32_t size, LLVMValueRef src, const struct ast_node *at);

/* maps */
/* The stored key of an access to M with the keys of AST_MAP node MAP (and a bucket, for hist). */
LLVMValueRef cg_map_key(struct cg *cg, const struct sema_map *m, struct ast_node *map, LLVMValueRef bucket);
LLVMValueRef cg_map_read(struct cg *cg, const struct sema_map *m, struct ast_node *map);
void cg_map_write(struct cg *cg, const struct sema_map *m, struct ast_node *map, LLVMValueRef v, const struct type *vt);
void cg_map_aggregate(struct cg *cg, const struct sema_map *m, struct ast_node *map, struct ast_node *call);
uint32_t cg_map_key_size(const struct sema_map *m);
uint32_t cg_map_value_size(const struct sema_map *m);
/* A per-CPU aggregation's value at KEY combined over CPUs as it prints (count/sum: the sum). */
LLVMValueRef cg_map_agg_value(struct cg *cg, const struct sema_map *m, LLVMValueRef key);

/* for-map and range loops as helper callbacks (codegen/lower_formap.c) */
void cg_for_map(struct cg *cg, struct ast_node *s);
void cg_for_range(struct cg *cg, struct ast_node *s);
/* `return`: ends the probe, also from inside a for-map body (a callback). */
void cg_probe_return(struct cg *cg, LLVMValueRef value);

#endif
