/* Stacks and symbols: kstack, ustack, ksym, usym, kaddr, func. Stacks are ids into stack maps;
 * everything symbolic is resolved by the runtime when printed (runtime/resolve_symbol.c). */
#include "stdlib/stdlib_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool parse_mode(const char *s, enum stack_mode *out)
{
	static const struct { const char *name; enum stack_mode mode; } modes[] = {
		{"bpftrace", STACK_MODE_BPFTRACE}, {"perf", STACK_MODE_PERF},
		{"raw", STACK_MODE_RAW}, {"build_id", STACK_MODE_BUILD_ID},
	};
	for (size_t i = 0; s && i < ARRAY_LEN(modes); i++)
		if (strcmp(s, modes[i].name) == 0) {
			*out = modes[i].mode;
			return true;
		}
	return false;
}

/* The mode of a stack without an explicit one: BPFTRACE_STACK_MODE in the environment wins over
 * the script's `config = { stack_mode = ... }`, as in bpftrace. */
static enum stack_mode default_mode(struct check_ctx *c)
{
	enum stack_mode m = STACK_MODE_BPFTRACE;
	if (parse_mode(getenv("BPFTRACE_STACK_MODE"), &m))
		return m;
	for (struct ast_node *item = c->prog && c->prog->ast ? c->prog->ast->list : NULL; item; item = item->next) {
		if (item->kind != AST_CONFIG)
			continue;
		for (struct ast_node *ci = item->list; ci; ci = ci->next) {
			const char *key = ci->str;
			if (key && strncasecmp(key, "bpftrace_", 9) == 0)
				key += 9;
			if (key && strcasecmp(key, "stack_mode") == 0 && ci->a &&
			    (ci->a->kind == AST_IDENT || ci->a->kind == AST_STRING))
				parse_mode(ci->a->str, &m);
		}
	}
	return m;
}

static const struct type *stack_type(struct check_ctx *c, enum type_kind kind, enum stack_mode mode, uint32_t limit)
{
	struct type *t = ARENA_NEW(c->arena, struct type);
	t->kind = kind;
	t->size = 8;
	t->align = 8;
	t->stack_mode = mode;
	t->stack_limit = limit;
	return t;
}

/* `kstack`, `kstack(N)`, `kstack(mode)`, `kstack(mode, N)`; the same for ustack. */
static const struct type *check_stack(struct check_ctx *c, struct ast_node *n, enum type_kind kind)
{
	const char *fn = kind == TY_KSTACK ? "kstack" : "ustack";
	enum stack_mode mode = default_mode(c);
	uint32_t limit = STACK_MAX_FRAMES;
	if (n->kind != AST_CALL)
		return stack_type(c, kind, mode, limit);
	struct ast_node *a = n->list;
	/* A mode is a bare word, not an expression: it is never typed. */
	if (a && a->kind == AST_IDENT && !stdlib_builtin(a->str, BUILTIN_VAR)) {
		if (!parse_mode(a->str, &mode) || (mode == STACK_MODE_BUILD_ID && kind == TY_KSTACK)) {
			sema_error(c, a->loc, "%s: invalid stack mode: %s (expected bpftrace, perf or raw%s)", fn, a->str,
			       kind == TY_USTACK ? " or build_id" : "");
			return NULL;
		}
		a = a->next;
	} else if (a && a->next) {
		sema_error(c, a->loc, "%s: the first of two arguments must be a stack mode (bpftrace, perf or raw)", fn);
		return NULL;
	}
	if (a) {
		int64_t v;
		if (!sema_expr(c, a))
			return NULL;
		if (!sema_const_int(c, a, &v)) {
			sema_error(c, a->loc, "%s: the stack limit must be an integer literal", fn);
			return NULL;
		}
		if (v < 1 || v > STACK_MAX_FRAMES) {
			sema_error(c, a->loc, "%s: the stack limit must be between 1 and %d, got %lld", fn, STACK_MAX_FRAMES,
			       (long long)v);
			return NULL;
		}
		limit = (uint32_t)v;
	}
	return stack_type(c, kind, mode, limit);
}

static const struct type *t_kstack(struct check_ctx *c, struct ast_node *n)
{
	return check_stack(c, n, TY_KSTACK);
}

/* ustack and usym tell the runtime of each process they see (EV_PROCESS_SEEN, its pid). */
static void want_process_event(struct check_ctx *c, struct ast_node *n)
{
	const struct type *u32 = type_int(4, false);
	n->aux_type = sema_tuple_type(c, &u32, NULL, 1);
}

static const struct type *t_ustack(struct check_ctx *c, struct ast_node *n)
{
	want_process_event(c, n);
	return check_stack(c, n, TY_USTACK);
}

/* bpf_get_stackid into a BPF_MAP_TYPE_STACK_TRACE map per frame limit, STACK_MAP_NAME_FMT of the
 * limit, which the runtime reads the frames from when it prints. The map's value size caps the
 * frames the kernel walks and hashes, so stacks that agree on their first LIMIT frames share an id
 * (as @[kstack(3)] = count() expects). */
#define BPF_F_USER_STACK (1ULL << 8)
enum { STACK_MAP_ENTRIES = 4096 };   /* distinct stacks kept; ~4 MB at 127 frames */

/* The first time the program records a user stack (or a page of code usym names) of process
 * TGID, it tells the runtime, which reads the process's mappings at once: its stacks and symbols
 * then resolve after it has exited, when maps are printed. Per stack, not per process: a process
 * caught at its first instructions maps its libraries only later. WHAT (the stack id, or the
 * address's page) goes into the key with the pid; one map update decides (BPF_NOEXIST fails on
 * an entry already there). */
#define SEEN_MAP "seen_user_code"
enum { SEEN_ENTRIES = 8192, BPF_NOEXIST_FLAG = 1 };

static void note_process(struct cg *cg, struct ast_node *n, struct cg_val *tgid, struct cg_val *what)
{
	const struct type *u32 = type_int(4, false), *u64 = type_int(8, false);
	struct cg_val *seen = cg_map_global(cg, SEEN_MAP, BPFMAP_LRU_HASH, 8, 4, SEEN_ENTRIES);
	struct cg_val *key = cg_temp(cg, u64);
	cg_store(cg, key, cg_binop(cg, OP_BXOR, cg_binop(cg, OP_SHL, tgid, cg_int(cg, 32, NULL), false), what, false), u64);
	struct cg_val *args[4] = {seen, key, key, cg_int(cg, BPF_NOEXIST_FLAG, NULL)};
	struct cg_val *rc = cg_helper_named(cg, HELPER_MAP_UPDATE, args, 4, "first_sight");
	cg_if_begin(cg, cg_binop(cg, OP_EQ, rc, cg_int(cg, 0, NULL), false));
	int id;
	struct cg_val *payload = cg_event_open(cg, EV_PROCESS_SEEN, NULL, n->aux_type, &id);
	cg_store(cg, payload, tgid, u32);
	cg_event_send(cg, id, payload);
	cg_if_end(cg);
}

static struct cg_val *e_stack(struct cg *cg, struct ast_node *n)
{
	const struct type *t = n->type;
	bool user = t->kind == TY_USTACK;
	bool build_id = user && t->stack_mode == STACK_MODE_BUILD_ID;
	char name[32];
	snprintf(name, sizeof(name), build_id ? STACK_BUILD_ID_MAP_PREFIX "%u" : STACK_MAP_NAME_FMT, t->stack_limit);
	struct cg_val *map = cg_map_global(cg, name, BPFMAP_STACK_TRACE, 4,
	                                   t->stack_limit * (build_id ? STACK_BUILD_ID_FRAME : 8), STACK_MAP_ENTRIES);
	/* A build-id map (its own flag, set by the runtime) makes the kernel store ids and offsets. */
	struct cg_val *args[3] = {cg_ctx(cg), map, cg_int(cg, user ? BPF_F_USER_STACK : 0, NULL)};
	struct cg_val *id = cg_helper_named(cg, HELPER_GET_STACKID, args, 3, "stackid");
	/* Keep the s32 id (errors are negative) in the low half without sign bits above it. */
	struct cg_val *v = cg_binop(cg, OP_BAND, id, cg_int(cg, 0xffffffffULL, NULL), false);
	if (!user)
		return v;
	/* User addresses only mean something in their process: the pid goes along. */
	struct cg_val *pid_tgid = cg_pid_tgid(cg);
	struct cg_val *tgid = cg_binop(cg, OP_SHR, pid_tgid, cg_int(cg, 32, NULL), false);
	note_process(cg, n, tgid, v);
	return cg_binop(cg, OP_BOR, v, cg_binop(cg, OP_SHL, tgid, cg_int(cg, 32, NULL), false), false);
}

static const struct type ksym_type = {.kind = TY_KSYM, .size = 8, .align = 8};
static const struct type usym_type = {.kind = TY_USYM, .size = 16, .align = 8};

static const struct type *t_ksym(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "ksym"))
		return NULL;
	return &ksym_type;
}

static struct cg_val *e_ksym(struct cg *cg, struct ast_node *n)
{
	return cg_convert(cg, cg_expr(cg, n->list), n->list->type, type_int(8, false));
}

static const struct type *t_usym(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "usym"))
		return NULL;
	want_process_event(c, n);
	return &usym_type;
}

/* A user address with the pid whose mappings give it meaning: the TY_USYM layout. */
static struct cg_val *usym_of(struct cg *cg, struct ast_node *n, struct cg_val *addr)
{
	struct cg_val *buf = cg_temp(cg, n->type);
	cg_store(cg, buf, addr, type_int(8, false));
	struct cg_val *pid = cg_binop(cg, OP_SHR, cg_pid_tgid(cg), cg_int(cg, 32, NULL), false);
	note_process(cg, n, pid, cg_binop(cg, OP_SHR, addr, cg_int(cg, 12, NULL), false));
	cg_store(cg, cg_offset(cg, buf, 8), pid, type_int(4, false));
	cg_store(cg, cg_offset(cg, buf, 12), cg_int(cg, 0, NULL), type_int(4, false));   /* padding, zeroed: a map key */
	return buf;
}

static struct cg_val *e_usym(struct cg *cg, struct ast_node *n)
{
	struct cg_val *addr = cg_convert(cg, cg_expr(cg, n->list), n->list->type, type_int(8, false));
	return usym_of(cg, n, addr);
}

bool stdlib_kallsyms_lookup(const char *name, uint64_t *addr)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	if (!f)
		return false;
	char line[512];
	bool found = false;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned long long a;
		char type, sym[256];
		if (sscanf(line, "%llx %c %255s", &a, &type, sym) == 3 && strcmp(sym, name) == 0) {
			*addr = a;
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* kaddr's argument: a string literal, or str($N) of a positional parameter. */
static const char *const_string(struct check_ctx *c, struct ast_node *a)
{
	if (a->kind == AST_STRING)
		return a->str;
	if (a->kind == AST_CALL && strcmp(a->str, "str") == 0 && a->list && a->list->kind == AST_POSITIONAL &&
	    !a->list->next) {
		uint64_t i = a->list->num;
		if (c->opts && i >= 1 && i <= (uint64_t)c->opts->npositional)
			return c->opts->positional[i - 1];
		return "";
	}
	return NULL;
}

static const struct type *t_kaddr(struct check_ctx *c, struct ast_node *n)
{
	const char *name = const_string(c, n->list);
	if (!name) {
		sema_error(c, n->list->loc, "kaddr() expects a string literal");
		return NULL;
	}
	uint64_t addr = 0;
	if (!stdlib_kallsyms_lookup(name, &addr)) {
		sema_error(c, n->loc, "Failed to resolve kernel symbol: %s", name);
		return NULL;
	}
	n->num = addr; /* calls leave num unused: the address travels to the emitter here */
	return type_int(8, false);
}

static struct cg_val *e_kaddr(struct cg *cg, struct ast_node *n)
{
	return cg_int(cg, n->num, NULL);
}

/* uaddr("sym"): a data symbol of the probe's binary, typed by its size. The ELF gives its
 * link-time address; a PIE or library is relocated by how far the probe's own function moved
 * (bpf_get_func_ip against its link-time address), which needs no kfuncs. */
static const struct type *t_uaddr(struct check_ctx *c, struct ast_node *n)
{
	const char *name = const_string(c, n->list);
	if (!name) {
		sema_error(c, n->list->loc, "uaddr() expects a string literal");
		return NULL;
	}
	const struct attach_list *al = &c->probe->attach;
	if (!c->probe->type->user_symbol || !al->count) {
		sema_error(c, n->loc, "uaddr can not be used with \"%s\" probes", c->probe->type->name);
		return NULL;
	}
	uint64_t addr = 0, size = 0, at_addr = 0;
	for (size_t i = 0; i < al->count; i++) {
		uint64_t a, s, at;
		if (al->items[i].type->user_symbol(&al->items[i], name, &a, &s, &at) < 0) {
			sema_error(c, n->loc, "Could not resolve symbol: %s:%s", al->items[i].target, name);
			return NULL;
		}
		if (i && (a != addr || at != at_addr)) {
			sema_error(c, n->loc, "uaddr(\"%s\") differs between this probe's attach points: give it one", name);
			return NULL;
		}
		addr = a, size = s, at_addr = at;
	}
	n->num = addr;
	n->c_num = at_addr;   /* calls leave c_num unused too */
	unsigned w = size == 1 || size == 2 || size == 4 ? (unsigned)size : 8;
	return sema_ptr_type(c, type_int(w, false));
}

static struct cg_val *e_uaddr(struct cg *cg, struct ast_node *n)
{
	if (!n->c_num)
		return cg_int(cg, n->num, NULL);
	struct cg_val *ctx = cg_ctx(cg);
	struct cg_val *ip = cg_helper(cg, HELPER_GET_FUNC_IP, &ctx, 1);
	return cg_binop(cg, OP_ADD, ip, cg_int(cg, n->num - n->c_num, NULL), false);
}

/* func: the traced function, from the probe's instruction pointer (bpf_get_func_ip), printed as
 * a kernel symbol for kprobes and a user symbol for uprobes. */
static const struct type *t_func(struct check_ctx *c, struct ast_node *n)
{
	if (probe_has(c->probe->type, PT_FUNC_KERNEL))
		return &ksym_type;
	if (probe_has(c->probe->type, PT_FUNC_USER)) {
		want_process_event(c, n);
		return &usym_type;
	}
	sema_error(c, n->loc, "The func builtin can not be used with '%s' probes",
	           c->probe->attach.count ? c->probe->attach.items[0].probe_name : "this kind of");
	return NULL;
}

static struct cg_val *e_func(struct cg *cg, struct ast_node *n)
{
	struct cg_val *ctx = cg_ctx(cg);
	struct cg_val *ip = cg_helper(cg, HELPER_GET_FUNC_IP, &ctx, 1);
	return n->type->kind == TY_USYM ? usym_of(cg, n, ip) : ip;
}

const struct builtin stdlib_stack_builtins[] = {
	{.name = "kstack", .form = BUILTIN_VAR, .check = t_kstack, .emit = e_stack},
	{.name = "kstack", .form = BUILTIN_CALL, .min_args = 0, .max_args = 2, .check = t_kstack, .emit = e_stack},
	{.name = "ustack", .form = BUILTIN_VAR, .check = t_ustack, .emit = e_stack},
	{.name = "ustack", .form = BUILTIN_CALL, .min_args = 0, .max_args = 2, .check = t_ustack, .emit = e_stack},
	{.name = "ksym", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_ksym, .emit = e_ksym},
	{.name = "usym", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_usym, .emit = e_usym},
	{.name = "kaddr", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_kaddr, .emit = e_kaddr},
	{.name = "uaddr", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_uaddr, .emit = e_uaddr},
	{.name = "func", .form = BUILTIN_VAR, .check = t_func, .emit = e_func},
	{.name = "func", .form = BUILTIN_CALL, .min_args = 0, .max_args = 0, .check = t_func, .emit = e_func},
	{0},
};
