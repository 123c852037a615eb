/* Part of core/core.h (include that). The type model shared by sema (inference), codegen (layout)
 * and runtime (printing). A type is immutable once built; storage layouts are fixed here so every
 * stage agrees on the bytes. What a kind is (an aggregation, a scalar, ...) is one row per kind in
 * core/type.c, read through the type_ functions below; no stage lists kinds of its own. */
#ifndef SONDE_CORE_TYPE_H
#define SONDE_CORE_TYPE_H

#include <stdbool.h>
#include <stdint.h>

enum type_kind {
	TY_VOID,
	TY_INT,       /* size 1, 2, 4 or 8; is_signed */
	TY_BOOL,      /* stored as one byte */
	TY_STRING,    /* size bytes, NUL-padded */
	TY_BUFFER,    /* u32 length then size-4 bytes; printed with \xNN escapes */
	TY_TUPLE,     /* fields, C layout (each field aligned to its own alignment, at most 8) */
	TY_RECORD,    /* like a tuple, fields named */
	TY_PTR,       /* 8 bytes; elem is the pointee (may be NULL for void *) */
	TY_CSTRUCT,   /* a C struct/union: name, size, fields */
	TY_ARRAY,     /* elem, count */
	TY_KSTACK,    /* u64: low 32 bits the s32 id from bpf_get_stackid (negative: no stack) in
	               * the STACK_TRACE map STACK_MAP_NAME_FMT of stack_limit; high 32 bits 0 */
	TY_USTACK,    /* u64: like TY_KSTACK, high 32 bits the pid (tgid) that symbolises it */
	TY_KSYM,      /* u64 address printed as a symbol */
	TY_USYM,      /* u64 address, u32 pid, u32 zero padding (16 bytes, align 8) */
	TY_INET,      /* 4 or 16 address bytes + u64 family, printed as an address */
	TY_TIMESTAMP, /* u64 nanoseconds, printed with strftime */
	TY_USERNAME,  /* u64 uid, printed as the user's name */
	TY_PROBE,     /* u64 probe index, printed as the probe's name */
	TY_CGROUP_PATH,
	TY_STRERROR,  /* int errno, printed as strerror() */
	TY_SYSCALL,   /* int system call number, printed as its name (syscall_name()) */
	TY_MAC,       /* 6 bytes */
	TY_NONE,      /* a C float or double: size bytes sonde neither computes with nor prints (null) */
	/* aggregations: only ever map values */
	TY_COUNT,     /* per-CPU u64 */
	TY_SUM,       /* per-CPU int64/uint64 (is_signed) */
	TY_MIN,       /* per-CPU struct agg_minmax */
	TY_MAX,
	TY_AVG,       /* per-CPU struct agg_avg */
	TY_STATS,     /* per-CPU struct agg_avg */
	TY_TSERIES,   /* per-CPU struct agg_tseries; the key ends in a u64 slot (epoch % ts_num) like
	               * hist's bucket */
	TY_HIST,      /* per-CPU u64 counter per bucket; the bucket index is the last key field */
	TY_LHIST,
	TY_KIND_COUNT
};

/* How kstack/ustack print (bpftrace's stack_mode): "\n" then one line per frame, bpftrace:
 * 8 spaces + "sym+off"; perf: tab, hex address, space, symbol; raw: the hex address only.
 * build_id (ustack only) has the kernel note each frame's file by its build id and offset. */
enum stack_mode { STACK_MODE_BPFTRACE, STACK_MODE_PERF, STACK_MODE_RAW, STACK_MODE_BUILD_ID };

#define STACK_MAX_FRAMES 127   /* the kernel's default perf_event_max_stack */
/* Stacks of one limit share one BPF_MAP_TYPE_STACK_TRACE map of that many frames, so stacks
 * that agree on their first LIMIT frames get the same id. Its ELF symbol: */
#define STACK_MAP_NAME_FMT "stack_%u"
/* ustack(build_id)'s maps: frames are struct bpf_stack_build_id (32 bytes: status, 20 id bytes,
 * then the file offset), which the runtime asks for (BPF_F_STACK_BUILD_ID) on maps of this prefix. */
#define STACK_BUILD_ID_MAP_PREFIX "stack_bid_"
#define STACK_BUILD_ID_FRAME 32

#define TYPE_DATA_LOC "__data_loc"
/* TY_STRING name of a C char array read as a string: all of its storage may be text, so filling
 * it is no sign of a string cut short (no trailer when printed). */
#define TYPE_CHAR_ARRAY "char[]"

struct type_field {
	const char *name;       /* NULL for tuple fields; "" for an anonymous C struct/union member */
	const struct type *type;
	uint32_t offset;
};

/* One enumerator of a C enum, for printing an enum-typed integer by name. */
struct type_enum_value {
	const char *name;
	int64_t value;
};

struct type {
	enum type_kind kind;
	uint32_t size;            /* bytes in BPF storage */
	uint32_t align;
	bool is_signed;           /* TY_INT, TY_SUM, TY_MIN, TY_MAX, TY_AVG, TY_STATS */
	/* TY_INT of a non-negative integer literal (signed, as bpftrace types 1 as int8) and what
	 * holds one: flexible, it joins an unsigned type as unsigned, and with an unsigned operand
	 * the operation is unsigned (type_signed_op). */
	bool literal;
	const char *name;         /* TY_CSTRUCT: "struct foo"; TY_PTR: TYPE_DATA_LOC for a tracepoint
	                             __data_loc field (the pointer is computed from the record);
	                             TY_STRING: TYPE_CHAR_ARRAY or NULL */
	const struct type *elem;  /* TY_PTR pointee, TY_ARRAY element */
	uint32_t count;           /* TY_ARRAY elements, TY_TUPLE/TY_RECORD/TY_CSTRUCT fields */
	const struct type_field *fields;
	/* TY_LHIST: the bucket parameters, fixed per map */
	int64_t lh_min, lh_max, lh_step;
	/* TY_HIST: log2 granularity (bits), 0 for plain powers of two */
	uint32_t hist_bits;
	/* TY_TSERIES: interval length, intervals kept and how values within one interval combine */
	uint64_t ts_interval_ns;
	uint32_t ts_num;
	enum tseries_agg { TS_LAST, TS_AVG, TS_MIN, TS_MAX, TS_SUM } ts_agg;
	/* TY_KSTACK/TY_USTACK: frames kept (1..STACK_MAX_FRAMES) and how they print */
	uint32_t stack_limit;
	enum stack_mode stack_mode;
	/* TY_INT of a C enum: name is "enum foo"; printf's %s prints the enumerator's name. */
	const struct type_enum_value *enum_values;
	uint32_t nenum_values;
	/* TY_CSTRUCT from kernel BTF: its type id, so sema can fill in fields when first used. */
	uint32_t btf_id;
	/* TY_INT of a C bitfield member (bit_size > 0): the value is the little-endian integer of
	 * `size` bytes at the field's offset, shifted right by bit_shift and masked to bit_size bits
	 * (never sign-extended: bpftrace reads every bitfield unsigned). */
	uint8_t bit_shift, bit_size;
};

/* Storage of the per-CPU aggregations the runtime sums across CPUs. */
struct agg_minmax {
	int64_t value;
	uint64_t is_set;
};
struct agg_avg {
	int64_t total;
	uint64_t count;
};

/* One interval of a time series on one CPU: epoch = timestamp / interval. Epoch 0 marks an
 * empty slot (as upstream), so an update in epoch 0 is not recorded. value is the last, sum,
 * min, max or (for avg) the total; count the updates folded into it. */
struct agg_tseries {
	int64_t value;
	uint64_t count;
	uint64_t epoch;
};

/* The traits of T's kind (false for a NULL T). */
bool type_is_agg(const struct type *t);      /* an aggregation: only a map value, one copy per CPU */
bool type_is_integral(const struct type *t); /* int, bool and the integer-like kinds */
/* Held in a register as an i64 by codegen; the other kinds stay in memory and are passed by
 * pointer. */
bool type_is_scalar(const struct type *t);
/* hist, lhist and tseries: the stored key is the user key, padded to 8 bytes, then a u64 bucket
 * (tseries: the interval's slot); the map has no fixed key set and starts empty. */
bool type_has_bucket_key(const struct type *t);

/* How the per-CPU copies of an aggregation merge into the one number a script reads (a for
 * loop's value) or the runtime prints. The bucket kinds merge bucket by bucket instead. */
enum type_combine {
	TYPE_COMBINE_NONE,     /* not one number: not an aggregation, or a bucket kind */
	TYPE_COMBINE_SUM,      /* count, sum: the sum of the u64 at offset 0 */
	TYPE_COMBINE_AVERAGE,  /* avg, stats: struct agg_avg, total over count */
	TYPE_COMBINE_EXTREME,  /* min, max: struct agg_minmax, the least or greatest that is set */
};
enum type_combine type_combine(const struct type *t);
/* Whether a script's read of a map value (`@x` in an expression) combines every CPU's copy; an
 * aggregation that does not reads this CPU's copy. */
bool type_read_combined(const struct type *t);
/* Bytes of one CPU's copy of an aggregation of KIND (0 for the other kinds). */
uint32_t type_agg_size(enum type_kind kind);

/* How two types of one kind join into the type that holds both (a variable or map assigned
 * each); sema applies the rule. */
enum type_join {
	TYPE_JOIN_EQUAL,    /* only equal types join */
	TYPE_JOIN_INT,      /* the smallest integer holding every value of both */
	TYPE_JOIN_LARGER,   /* the larger size (strings, buffers) */
	TYPE_JOIN_FIELDS,   /* field by field (tuples, records) */
	TYPE_JOIN_SIGNED,   /* aggregations of a value: the signed one */
	TYPE_JOIN_BUCKETS,  /* hist, lhist: only with the same bucket parameters */
	TYPE_JOIN_POINTER,  /* pointers: to the same C struct, the completed definition */
};
enum type_join type_join_rule(const struct type *t);

bool type_equal(const struct type *a, const struct type *b);
/* "uint64", "string[16]", "(int8,string[3])", "hist_t", ... as bpftrace names types in errors. */
void type_name(const struct type *t, char *buf, unsigned len);

/* Canonical singletons for the common scalar types. */
const struct type *type_int(unsigned size, bool is_signed);
/* The smallest signed integer type holding non-negative literal V (marked literal), uint64 past
 * int64. */
const struct type *type_int_literal(uint64_t v);
/* Whether an operation on integers of types A and B is signed: when either side is, unless that
 * side is a literal and the other is unsigned (`$u64 > 1` compares unsigned, `5 - 10` is -5). */
bool type_signed_op(const struct type *a, const struct type *b);
/* A zeroed type of KIND in ARENA, for a reader (BTF, DWARF) to fill in; ALIGN 0 means 1. */
struct arena;
struct type *type_new(struct arena *arena, enum type_kind kind, uint32_t size, uint32_t align);
const struct type *type_bool(void);
const struct type *type_void(void);

#endif
