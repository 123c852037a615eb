/* codegen: the typed program -> a BPF ELF object and its manifest, through LLVM-C.
 * Also the small lowering interface the builtin emitters in stdlib/ write against, so that no
 * LLVM header is seen outside this folder. */
#ifndef SONDE_CODEGEN_H
#define SONDE_CODEGEN_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "sema/sema.h"

/* CODEGEN_IR is the IR after O2, the one the BPF comes from; CODEGEN_IR_UNOPTIMISED as lowered. */
enum codegen_output { CODEGEN_ELF, CODEGEN_IR, CODEGEN_ASM, CODEGEN_IR_UNOPTIMISED };

struct codegen_result {
	void *data;              /* the ELF object, or IR/assembly text (NUL-terminated); malloc'd */
	size_t len;
	struct manifest manifest; /* allocated in the arena given to codegen_compile */
};

/* Returns 0, or the number of errors reported to DIAGS. */
int codegen_compile(const struct typed_program *prog, enum codegen_output output, struct arena *arena,
                    struct diags *diags, struct codegen_result *out);

/* ---- Lowering interface for builtin emitters ------------------------------------------------
 * General primitives: values, memory, helper calls, maps, conditions, loops and callbacks. What a
 * builtin does with them lives in its stdlib/ entry. */

/* BPF helper numbers used by builtins. */
enum {
	HELPER_MAP_LOOKUP = 1, HELPER_MAP_UPDATE = 2, HELPER_MAP_DELETE = 3, HELPER_PROBE_READ = 4,
	HELPER_PROBE_READ_STR = 45,
	HELPER_KTIME_GET_NS = 5, HELPER_GET_PRANDOM_U32 = 7, HELPER_GET_SMP_PROCESSOR_ID = 8,
	HELPER_GET_CURRENT_PID_TGID = 14, HELPER_GET_CURRENT_UID_GID = 15, HELPER_GET_CURRENT_COMM = 16,
	HELPER_GET_CURRENT_CGROUP_ID = 80, HELPER_GET_CURRENT_TASK = 35, HELPER_GET_STACKID = 27,
	HELPER_PROBE_READ_USER = 112, HELPER_PROBE_READ_KERNEL = 113, HELPER_PROBE_READ_USER_STR = 114,
	HELPER_PROBE_READ_KERNEL_STR = 115, HELPER_RINGBUF_OUTPUT = 130, HELPER_RINGBUF_QUERY = 134, HELPER_JIFFIES64 = 118,
	HELPER_KTIME_GET_BOOT_NS = 125, HELPER_GET_NUMA_NODE_ID = 42, HELPER_KTIME_GET_TAI_NS = 208,
	HELPER_GET_NS_CURRENT_PID_TGID = 120,
	HELPER_GET_FUNC_IP = 173, HELPER_GET_ATTACH_COOKIE = 174, HELPER_SEND_SIGNAL = 109,
	HELPER_SEND_SIGNAL_THREAD = 117, HELPER_PER_CPU_PTR = 153, HELPER_THIS_CPU_PTR = 154,
	HELPER_PROBE_WRITE_USER = 36, HELPER_OVERRIDE_RETURN = 58,
	HELPER_TRACE_PRINTK = 6, HELPER_TRACE_VPRINTK = 177, HELPER_SEQ_PRINTF = 126,
	HELPER_D_PATH = 147, HELPER_GET_SOCKET_COOKIE = 46, HELPER_SKB_OUTPUT = 111, HELPER_GET_STACK = 67,
	HELPER_FOR_EACH_MAP_ELEM = 164,   /* kernel 5.13; calls a CG_CB_MAP_ELEM callback per entry */
	HELPER_LOOP = 181,                /* bpf_loop, kernel 5.17; calls a CG_CB_LOOP callback n times */
};

/* The kernel's BPF_MAP_TYPE_* numbers of the maps codegen declares. */
enum bpf_map_kind {
	BPFMAP_HASH = 1,
	BPFMAP_ARRAY = 2,
	BPFMAP_PERCPU_HASH = 5,
	BPFMAP_PERF_EVENT_ARRAY = 4,
	BPFMAP_PERCPU_ARRAY = 6,
	BPFMAP_STACK_TRACE = 7,
	BPFMAP_LRU_HASH = 9,
	BPFMAP_LRU_PERCPU_HASH = 10,
	BPFMAP_RINGBUF = 27,
};

/* ---- codegen/cg_api.c: values and memory ---- */
struct cg_val *cg_expr(struct cg *cg, struct ast_node *e);
struct cg_val *cg_int(struct cg *cg, uint64_t v, const struct type *t);
struct cg_val *cg_ctx(struct cg *cg);
/* The current task's tgid << 32 | pid, as sonde's pid namespace numbers them. */
struct cg_val *cg_pid_tgid(struct cg *cg);
/* Calls helper ID; arguments are 64-bit values or pointers; returns its 64-bit result. */
struct cg_val *cg_helper(struct cg *cg, int id, struct cg_val **args, unsigned nargs);
/* bpf_probe_read_str of SRC into DST (at most SIZE bytes, the NUL included); with -k a failure is
 * reported at AT once per site, as bpftrace's helper_error. Returns the helper's result. */
struct cg_val *cg_read_str(struct cg *cg, struct cg_val *dst, struct cg_val *size, struct cg_val *src,
                           const struct ast_node *at);
/* Zeroed scratch storage for a value of type T; returns its address. Storage bigger than the
 * config's on_stack_limit lives in per-CPU scratch memory rather than on the BPF stack. */
struct cg_val *cg_temp(struct cg *cg, const struct type *t);
/* The same for SIZE bytes (e.g. a value plus slack a helper may write past it). */
struct cg_val *cg_temp_size(struct cg *cg, uint32_t size);
struct cg_val *cg_load(struct cg *cg, struct cg_val *ptr, const struct type *t);
/* A scalar load the backend keeps whole: PTR is ALIGN-aligned (contexts whose reads the verifier
 * only accepts whole, such as a tracing program's u64 argument slots). */
struct cg_val *cg_load_aligned(struct cg *cg, struct cg_val *ptr, const struct type *t, unsigned align);
/* The scalar of type T at OFFSET in the program's context, loaded at the alignment its offset
 * gives: an unaligned load becomes byte loads, which some context types refuse (a perf event's)
 * and all pay for. */
struct cg_val *cg_load_ctx(struct cg *cg, uint64_t offset, const struct type *t);
/* Copies SIZE bytes of the context at OFFSET to DST in such loads, each at the context plus a
 * constant (the verifier refuses a context pointer moved first, which a memcpy can become). */
void cg_copy_ctx(struct cg *cg, struct cg_val *dst, uint64_t offset, uint32_t size);
void cg_store(struct cg *cg, struct cg_val *ptr, struct cg_val *v, const struct type *t);
/* PTR + BYTES. */
struct cg_val *cg_offset(struct cg *cg, struct cg_val *ptr, uint64_t bytes);
/* The kernel address of the C struct member E (an AST_FIELD) names through a pointer, the
 * member not read (`args.file.f_path`: the file pointer plus f_path's offset), for helpers that
 * want the kernel's own pointer rather than a copy; NULL when E is no member reached so. */
struct cg_val *cg_field_address(struct cg *cg, struct ast_node *e);
/* Converts an integer value to type T (truncation or sign/zero extension). */
struct cg_val *cg_convert(struct cg *cg, struct cg_val *v, const struct type *from, const struct type *to);
struct cg_val *cg_binop(struct cg *cg, enum ast_op op, struct cg_val *a, struct cg_val *b, bool is_signed);
/* Stores the constant text S (and its NUL) at DST. */
void cg_store_string(struct cg *cg, struct cg_val *dst, const char *s);
/* Copies the value of expression E (of type E->type) into storage at DST. */
void cg_expr_into(struct cg *cg, struct ast_node *e, struct cg_val *dst);
/* Writes a ring-buffer record for event KIND: the event index, then the values of ARGS (a list of
 * expressions chained through next, laid out as ARGS_TYPE). Returns the event index. */
int cg_event(struct cg *cg, enum mf_event_kind kind, const char *fmt, struct ast_node *args,
             const struct type *args_type, int map);
/* The map global of sema map M, for helper calls. */
struct cg_val *cg_map_ptr(struct cg *cg, const struct sema_map *m);
/* Conditional blocks: if (cond) { ... } emitted by the caller between the two calls. */
void cg_if_begin(struct cg *cg, struct cg_val *cond);
void cg_if_end(struct cg *cg);
/* The index in manifest.probe_names of the running program's first attach point. */
uint64_t cg_probe_index(struct cg *cg);
/* The running attachment's BPF cookie: the name index of the attach point that fired, for
 * programs whose attachments carry one (sema_probe.cookies). */
struct cg_val *cg_attach_cookie(struct cg *cg);
/* Returns from the program (exit() stops the probe's execution too). */
void cg_return(struct cg *cg);
/* Reports an error at LOC; the program is not produced. */
void cg_error(struct cg *cg, struct loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- codegen/cg_misc.c: the program, events, helpers and internal maps ---- */
/* The program being compiled: its maps, config and parameters. */
const struct typed_program *cg_program(struct cg *cg);
/* The probe type of the program being lowered: builtins ask its record about the context. */
const struct probe_type *cg_probe_type(struct cg *cg);
/* The program being lowered, as sema made it. */
const struct sema_probe *cg_probe(struct cg *cg);
/* The event cg_event returned ID for, so an emitter can annotate it (valid until the next
 * cg_event call). */
struct mf_event *cg_event_get(struct cg *cg, int id);
/* Gives event ID (errorf/warnf) NODE's location: its header, source excerpt and, for code from
 * a macro, the "expanded from" notes; LEVEL is "ERROR" or "WARNING". */
void cg_event_set_node_loc(struct cg *cg, int id, const struct ast_node *node, const char *level);
/* The same for a place in the script's own source that no node stands for. */
void cg_event_set_loc(struct cg *cg, int id, struct loc loc);
/* An event record the emitter fills itself: registers event KIND (payload laid out as ARGS_TYPE,
 * a tuple) as *ID and returns the payload's zeroed storage; cg_event_send writes the record to
 * the ring buffer. */
struct cg_val *cg_event_open(struct cg *cg, enum mf_event_kind kind, const char *fmt, const struct type *args_type,
                             int *id);
void cg_event_send(struct cg *cg, int id, struct cg_val *payload);
/* The whole record (event index, then PAYLOAD) cg_event_open made, for a helper that sends it
 * elsewhere (bpf_skb_output to its perf event array). */
struct cg_val *cg_event_record(struct cg *cg, struct cg_val *payload);
/* cg_helper with its result named NAME in --emit=ir. */
struct cg_val *cg_helper_named(struct cg *cg, int id, struct cg_val **args, unsigned nargs, const char *name);
/* Calls kernel function NAME (a kfunc, resolved by libbpf against the kernel's BTF; the caller
 * checked it exists and is allowed): SIG and STRUCT_NAME as bpfmod_kfunc takes them, ARGS 64-bit
 * values or pointers. Returns the result as a 64-bit value (a pointer's too), NULL for void. */
struct cg_val *cg_kfunc(struct cg *cg, const char *name, const char *sig, const char *struct_name,
                        struct cg_val **args);
/* V unchanged but opaque to LLVM's reasoning about its range, as the kernel's barrier_var: a
 * bound checked on the result stays a test of the register the verifier tracks, and is not
 * rewritten into a test of a value it was computed from. */
struct cg_val *cg_opaque(struct cg *cg, struct cg_val *v);
/* The address of the kernel variable with vmlinux BTF id BTF_ID, as the verifier types it (a
 * per-CPU variable's is for bpf_per_cpu_ptr and bpf_this_cpu_ptr only). */
struct cg_val *cg_kernel_var(struct cg *cg, uint32_t btf_id);
/* A NULL pointer, for a helper's pointer argument left out. */
struct cg_val *cg_null(struct cg *cg);
/* The address integer V as a pointer, to load through (cg_load) where the kernel hands out typed
 * pointers that must be dereferenced directly rather than copied with probe_read. */
struct cg_val *cg_int_to_ptr(struct cg *cg, struct cg_val *v);
/* PTR + INDEX bytes, INDEX a run-time value. */
struct cg_val *cg_index(struct cg *cg, struct cg_val *ptr, struct cg_val *index);
/* A map of the program's own (no script map): NAME's global, declared on first use with these
 * sizes, for helper calls (e.g. kstack's stack maps, which the runtime finds by name). */
struct cg_val *cg_map_global(struct cg *cg, const char *name, enum bpf_map_kind kind, uint32_t key_size,
                             uint32_t value_size, uint32_t max_entries);

/* ---- codegen/lower_map.c: entries of the script's maps ---- */
/* The stored key of AST_MAP access MAP (`@m[k1, k2]`, the map in MAP->sym): its key
 * expressions, evaluated and laid out as that map stores them. */
struct cg_val *cg_map_key_of(struct cg *cg, struct ast_node *map);
/* 1 when M has an entry at stored key KEY, else 0. */
struct cg_val *cg_map_has(struct cg *cg, const struct sema_map *m, struct cg_val *key);
/* Deletes M's entry at stored key KEY: 1 when there was one, else 0. */
struct cg_val *cg_map_remove(struct cg *cg, const struct sema_map *m, struct cg_val *key);
/* find(): when M has an entry for access node MAP's key, copies its value into scratch variable
 * VAR (an AST_VAR) and gives 1; else 0, VAR untouched. One lookup. */
struct cg_val *cg_map_find(struct cg *cg, const struct sema_map *m, struct ast_node *map, struct ast_node *var);
/* What reading `@m[...]` gives for access node MAP (zero when the entry is missing); MAP may be
 * NULL for a map without keys. */
struct cg_val *cg_map_value(struct cg *cg, const struct sema_map *m, struct ast_node *map);

/* ---- codegen/cg_flow.c: jumps, counted loops and helper callbacks ---- */
/* A place in the code to jump to: made (and laid out) by cg_label, jumped to, then placed. */
struct cg_label;
struct cg_label *cg_label(struct cg *cg, const char *name);
/* Emits at L from now on; code before it that has not jumped away goes on to L. */
void cg_place(struct cg *cg, struct cg_label *l);
void cg_jump(struct cg *cg, struct cg_label *to);
/* Jumps to IF_TRUE when COND is non-zero, else to IF_FALSE. */
void cg_branch(struct cg *cg, struct cg_val *cond, struct cg_label *if_true, struct cg_label *if_false);

/* A counted loop `for (i = 0; i < N; i++)`, N fixed, the verifier following every iteration:
 * the body goes between cg_loop_begin and cg_loop_end, and may jump to cg_loop_exit to leave.
 * NAME names i's slot. After the loop, cg_loop_index is where it stopped. */
struct cg_loop;
struct cg_loop *cg_loop_begin(struct cg *cg, uint64_t n, const char *name);
struct cg_val *cg_loop_index(struct cg *cg, const struct cg_loop *l);
struct cg_label *cg_loop_exit(const struct cg_loop *l);
void cg_loop_end(struct cg *cg, struct cg_loop *l);

/* Helper callbacks: a static function a helper calls (HELPER_LOOP, HELPER_FOR_EACH_MAP_ELEM),
 * built in the middle of the current function. Inside it, only its parameters, constants and
 * what it reaches through them may be used (not the probe's context or variables). */
enum cg_callback_kind {
	CG_CB_LOOP,       /* long cb(u64 index, void *ctx) */
	CG_CB_MAP_ELEM,   /* long cb(void *map, void *key, void *value, void *ctx) */
};
struct cg_callback;
/* Starts callback NAME (or NAME_N when that is taken). */
struct cg_callback *cg_callback_begin(struct cg *cg, const char *name, enum cg_callback_kind kind);
/* Parameter I of the callback being built. */
struct cg_val *cg_callback_param(struct cg *cg, unsigned i);
/* Returns V from the callback being built: 0 lets the helper go on, 1 stops it. */
void cg_callback_return(struct cg *cg, struct cg_val *v);
/* Ends the callback and goes back to the function it interrupted. Returns the callback, for the
 * helper's argument. */
struct cg_val *cg_callback_end(struct cg *cg, struct cg_callback *cb);
/* The callback NAME made before (one shared by every use), or NULL. */
struct cg_val *cg_callback_find(struct cg *cg, const char *name);
/* A callback's context: NSLOTS u64 slots on the caller's stack, where the kernel wants it,
 * uninitialised. cg_frame_set stores a value or a pointer in slot I; cg_frame_get loads it back
 * (a pointer when PTR), also inside the callback through its context parameter. */
struct cg_val *cg_frame(struct cg *cg, unsigned nslots, const char *name);
void cg_frame_set(struct cg *cg, struct cg_val *frame, unsigned i, struct cg_val *v);
struct cg_val *cg_frame_get(struct cg *cg, struct cg_val *frame, unsigned i, bool ptr, const char *name);

#endif
