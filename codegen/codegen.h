/* codegen: the typed program -> a BPF ELF object and its manifest, through LLVM-C.
 * Also the small lowering interface the builtin emitters in stdlib/ write against, so that no
 * LLVM header is seen outside this folder. */
#ifndef SONDE_CODEGEN_H
#define SONDE_CODEGEN_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "sema/sema.h"

enum codegen_output { CODEGEN_ELF, CODEGEN_IR, CODEGEN_ASM };

struct codegen_result {
	void *data;              /* the ELF object, or IR/assembly text (NUL-terminated); malloc'd */
	size_t len;
	struct manifest manifest; /* allocated in the arena given to codegen_compile */
};

/* Returns 0, or the number of errors reported to DIAGS. */
int codegen_compile(const struct typed_program *prog, enum codegen_output output, struct arena *arena,
                    struct diags *diags, struct codegen_result *out);

/* ---- Lowering interface for builtin emitters ------------------------------------------------ */

/* BPF helper numbers used by builtins. */
enum {
	HELPER_MAP_LOOKUP = 1, HELPER_MAP_UPDATE = 2, HELPER_MAP_DELETE = 3, HELPER_PROBE_READ = 4,
	HELPER_PROBE_READ_STR = 45,
	HELPER_KTIME_GET_NS = 5, HELPER_GET_PRANDOM_U32 = 7, HELPER_GET_SMP_PROCESSOR_ID = 8,
	HELPER_GET_CURRENT_PID_TGID = 14, HELPER_GET_CURRENT_UID_GID = 15, HELPER_GET_CURRENT_COMM = 16,
	HELPER_GET_CURRENT_CGROUP_ID = 80, HELPER_GET_CURRENT_TASK = 35, HELPER_GET_STACKID = 27,
	HELPER_PROBE_READ_USER = 112, HELPER_PROBE_READ_KERNEL = 113, HELPER_PROBE_READ_USER_STR = 114,
	HELPER_PROBE_READ_KERNEL_STR = 115, HELPER_RINGBUF_OUTPUT = 130, HELPER_JIFFIES64 = 118,
	HELPER_KTIME_GET_BOOT_NS = 125, HELPER_GET_NUMA_NODE_ID = 42, HELPER_KTIME_GET_TAI_NS = 208,
	HELPER_GET_FUNC_IP = 173, HELPER_SEND_SIGNAL = 109, HELPER_OVERRIDE_RETURN = 58,
	HELPER_TRACE_PRINTK = 6, HELPER_TRACE_VPRINTK = 177,
};

struct cg_val *cg_expr(struct cg *cg, struct ast_node *e);
struct cg_val *cg_int(struct cg *cg, uint64_t v, const struct type *t);
struct cg_val *cg_ctx(struct cg *cg);
/* Calls helper ID; arguments are 64-bit values or pointers; returns its 64-bit result. */
struct cg_val *cg_helper(struct cg *cg, int id, struct cg_val **args, unsigned nargs);
/* Zeroed scratch storage for a value of type T; returns its address. Storage bigger than the
 * config's on_stack_limit lives in per-CPU scratch memory rather than on the BPF stack. */
struct cg_val *cg_temp(struct cg *cg, const struct type *t);
/* The same for SIZE bytes (e.g. a value plus slack a helper may write past it). */
struct cg_val *cg_temp_size(struct cg *cg, uint32_t size);
struct cg_val *cg_load(struct cg *cg, struct cg_val *ptr, const struct type *t);
void cg_store(struct cg *cg, struct cg_val *ptr, struct cg_val *v, const struct type *t);
/* PTR + BYTES. */
struct cg_val *cg_offset(struct cg *cg, struct cg_val *ptr, uint64_t bytes);
/* Converts an integer value to type T (truncation or sign/zero extension). */
struct cg_val *cg_convert(struct cg *cg, struct cg_val *v, const struct type *from, const struct type *to);
struct cg_val *cg_binop(struct cg *cg, enum ast_op op, struct cg_val *a, struct cg_val *b, bool is_signed);
void cg_atomic_add(struct cg *cg, struct cg_val *ptr, struct cg_val *v);
/* Copies the value of expression E (of type E->type) into storage at DST. */
void cg_expr_into(struct cg *cg, struct ast_node *e, struct cg_val *dst);
/* Writes a ring-buffer record for event KIND: the event index, then the values of ARGS (a list of
 * expressions chained through next, laid out as ARGS_TYPE). Returns the event index. */
int cg_event(struct cg *cg, enum mf_event_kind kind, const char *fmt, struct ast_node *args,
             const struct type *args_type, int map);
/* The map global of sema map M, for helper calls. */
struct cg_val *cg_map_ptr(struct cg *cg, const struct sema_map *m);
/* delete(@m[k]) and has_key(@m, k) for an AST_MAP access node. */
struct cg_val *cg_map_delete_node(struct cg *cg, struct ast_node *map);   /* 1 when the key existed */
struct cg_val *cg_map_has_key(struct cg *cg, struct ast_node *map);
/* len(@m): the number of entries (counted by bpf_for_each_map_elem). */
struct cg_val *cg_map_len(struct cg *cg, const struct sema_map *m);
/* tseries: the current time in ns, from bpf_ktime_get_tai_ns, or, when BPFTRACE_DUMMY_TS_MAP
 * names a scalar map of the script, that map's value (a deterministic clock for tests). */
struct cg_val *cg_tseries_now(struct cg *cg, struct ast_node *call);
/* Conditional blocks: if (cond) { ... } emitted by the caller between the two calls. */
void cg_if_begin(struct cg *cg, struct cg_val *cond);
void cg_if_end(struct cg *cg);
/* The index in manifest.probe_names of the running program's first attach point. */
uint64_t cg_probe_index(struct cg *cg);
/* kstack/ustack: the value of stack type T (TY_KSTACK or TY_USTACK, layout in stdlib/types.h),
 * taken with bpf_get_stackid into the stack map of T's frame limit (declared on first use). */
struct cg_val *cg_stack(struct cg *cg, const struct type *t);
/* len(stack): the number of frames of stack value V of type T (0 when no stack was taken). */
struct cg_val *cg_stack_len(struct cg *cg, struct cg_val *v, const struct type *t);
/* Returns from the program (exit() stops the probe's execution too). */
void cg_return(struct cg *cg);

/* ---- codegen/cg_misc.c ---- */
/* The event cg_event returned ID for, so an emitter can annotate it (valid until the next
 * cg_event call). */
struct mf_event *cg_event_get(struct cg *cg, int id);
/* Gives event ID (errorf/warnf) NODE's location: its header, source excerpt and, for code from
 * a macro, the "expanded from" notes; LEVEL is "ERROR" or "WARNING". */
void cg_event_set_node_loc(struct cg *cg, int id, const struct ast_node *node, const char *level);
/* The same for a place in the script's own source that no node stands for. */
void cg_event_set_loc(struct cg *cg, int id, struct loc loc);
/* The probe type of the program being lowered: builtins ask its record about the context. */
const struct probe_type *cg_probe_type(struct cg *cg);
/* The program's config (config block and defaults), for builtins that read it. */
const struct sema_config *cg_config(struct cg *cg);

/* ---- codegen/cg_strings.c ---- */
/* strlen: the bytes of string S (storage of SIZE bytes) before its first NUL, at most SIZE. */
struct cg_val *cg_strlen(struct cg *cg, struct cg_val *s, uint32_t size);
/* strcontains: 1 when the needle (up to its NUL) occurs in the haystack (up to its NUL), else 0;
 * both are string storage of the given sizes. An empty needle is always found. */
struct cg_val *cg_strcontains(struct cg *cg, struct cg_val *hay, uint32_t hay_size, struct cg_val *needle,
                              uint32_t needle_size);
/* An event record the emitter fills itself: registers event KIND (payload laid out as ARGS_TYPE,
 * a tuple) as *ID and returns the payload's zeroed storage; cg_event_send writes the record to
 * the ring buffer. */
struct cg_val *cg_event_open(struct cg *cg, enum mf_event_kind kind, const char *fmt, const struct type *args_type,
                             int *id);
void cg_event_send(struct cg *cg, int id, struct cg_val *payload);

#endif
