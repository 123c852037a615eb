/* Builtins for numbers, addresses and system facts that need no other domain. */
#include "stdlib/stdlib_priv.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* ---- bswap ---------------------------------------------------------------------------------- */

static const struct type *t_bswap(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	const struct type *t = n->list->type;
	if (t->kind != TY_INT) {
		sema_error(c, n->list->loc, "bswap() only supports integer arguments (%s provided)", sema_type_str(c, t));
		return NULL;
	}
	return type_int(t->size, false);   /* same width, unsigned */
}

static struct cg_val *e_bswap(struct cg *cg, struct ast_node *n)
{
	struct cg_val *v = cg_expr(cg, n->list);
	uint32_t w = n->type->size;
	if (w == 1)
		return cg_convert(cg, v, n->list->type, n->type);
	/* Byte I moves to byte W-1-I; shifts and masks, which the verifier and every BPF ISA take. */
	struct cg_val *r = NULL;
	for (uint32_t i = 0; i < w; i++) {
		struct cg_val *b = cg_binop(cg, OP_BAND, cg_binop(cg, OP_SHR, v, cg_int(cg, 8 * i, NULL), false),
		                            cg_int(cg, 0xff, NULL), false);
		b = cg_binop(cg, OP_SHL, b, cg_int(cg, 8 * (w - 1 - i), NULL), false);
		r = r ? cg_binop(cg, OP_BOR, r, b, false) : b;
	}
	return r;
}

/* ---- strerror ------------------------------------------------------------------------------- */

static const struct type *t_strerror(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "strerror"))
		return NULL;
	/* The errno travels as an int64; the text is looked up when printed. */
	static const struct type strerror_t = {.kind = TY_STRERROR, .size = 8, .align = 8, .is_signed = true};
	return &strerror_t;
}

/* strerror and syscall_name: the number as an int64, which its type prints. */
static struct cg_val *e_as_int64(struct cg *cg, struct ast_node *n)
{
	return cg_convert(cg, cg_expr(cg, n->list), n->list->type, type_int(8, true));
}

/* syscall_name(nr): like strerror, the number travels and its name is looked up when printed. */
static const struct type *t_syscall_name(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "syscall_name"))
		return NULL;
	static const struct type syscall_t = {.kind = TY_SYSCALL, .size = 8, .align = 8, .is_signed = true};
	return &syscall_t;
}

/* ---- ntop / pton ---------------------------------------------------------------------------- */

/* An inet value: 16 address bytes (IPv4 in the first 4), then the u64 address family. */
static const struct type inet_t = {.kind = TY_INET, .size = 24, .align = 8};

static bool is_byte_array(const struct type *t, uint32_t count)
{
	return t->kind == TY_ARRAY && t->count == count && t->elem && t->elem->size == 1;
}

static const struct type *t_ntop(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *af = n->list->next ? n->list : NULL;
	struct ast_node *addr = af ? af->next : n->list;
	if (af && !stdlib_want_int(c, n, 0, "ntop"))
		return NULL;
	const struct type *t = addr->type;
	if (t->kind != TY_INT && !is_byte_array(t, 4) && !is_byte_array(t, 16)) {
		sema_error(c, addr->loc, "ntop() expects an integer or char[4] or char[16] argument, got %s",
		       sema_type_str(c, t));
		return NULL;
	}
	return &inet_t;
}

static struct cg_val *e_ntop(struct cg *cg, struct ast_node *n)
{
	struct ast_node *af = n->list->next ? n->list : NULL;
	struct ast_node *addr = af ? af->next : n->list;
	struct cg_val *dst = cg_temp(cg, &inet_t);
	const struct type *t = addr->type;
	if (t->kind == TY_INT)
		/* In memory order: ntop(0x0100007f) is 127.0.0.1 on a little-endian machine. */
		cg_store(cg, dst, cg_expr(cg, addr), type_int(4, false));
	else
		cg_expr_into(cg, addr, dst);
	struct cg_val *family = af ? cg_expr(cg, af) : cg_int(cg, t->size == 16 ? AF_INET6 : AF_INET, NULL);
	cg_store(cg, cg_offset(cg, dst, 16), family, type_int(8, false));
	return dst;
}

static const struct type *t_pton(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *a = n->list;
	if (a->kind != AST_STRING) {
		sema_error(c, a->loc, "pton() expects a string literal");
		return NULL;
	}
	uint8_t bytes[16];
	bool v6 = strchr(a->str, ':') != NULL;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, a->str, bytes) != 1) {
		sema_error(c, a->loc, "pton() expects a valid IPv%d address, got %s", v6 ? 6 : 4, a->str);
		return NULL;
	}
	struct type *t = ARENA_NEW(c->arena, struct type);
	t->kind = TY_ARRAY;
	t->elem = type_int(1, false);
	t->count = v6 ? 16 : 4;
	t->size = t->count;
	t->align = 1;
	return t;
}

/* The address is known now: stored byte by byte into the array's storage. */
static struct cg_val *e_pton(struct cg *cg, struct ast_node *n)
{
	uint8_t bytes[16];
	uint32_t len = n->type->count;
	inet_pton(len == 16 ? AF_INET6 : AF_INET, n->list->str, bytes);
	struct cg_val *dst = cg_temp(cg, n->type);
	for (uint32_t i = 0; i < len; i++)
		cg_store(cg, cg_offset(cg, dst, i), cg_int(cg, bytes[i], NULL), type_int(1, false));
	return dst;
}

/* ---- cgroup_path ---------------------------------------------------------------------------- */

static const struct type *t_cgroup_path(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "cgroup_path"))
		return NULL;
	struct ast_node *filter = stdlib_call_arg(n, 1);
	if (filter && filter->kind != AST_STRING) {
		sema_error(c, filter->loc, "cgroup_path() expects a string literal filter");
		return NULL;
	}
	/* The id travels as a u64; the path is found when printed, with the filter from the type. */
	struct type *t = ARENA_NEW(c->arena, struct type);
	t->kind = TY_CGROUP_PATH;
	t->size = 8;
	t->align = 8;
	t->name = filter ? filter->str : NULL;
	return t;
}

static struct cg_val *e_cgroup_path(struct cg *cg, struct ast_node *n)
{
	struct cg_val *dst = cg_temp(cg, n->type);
	cg_store(cg, dst, cg_convert(cg, cg_expr(cg, n->list), n->list->type, type_int(8, false)),
	         type_int(8, false));
	return dst;
}

/* ---- config ------------------------------------------------------------------------------- */

/* config(): the settings as a record, for `config().max_strlen`. Settings sonde has no knob for
 * read as their bpftrace defaults. */
enum config_kind { CFG_U64, CFG_BOOL, CFG_STR };

static const struct config_key {
	const char *name;
	enum config_kind kind;
} config_keys[] = {
	{"max_strlen", CFG_U64}, {"max_map_keys", CFG_U64}, {"print_maps_on_exit", CFG_BOOL},
	{"str_trunc_trailer", CFG_STR}, {"stack_mode", CFG_STR}, {"cpp_demangle", CFG_BOOL},
};

static const char *config_str(const struct sema_config *cfg, const char *name)
{
	if (strcmp(name, "str_trunc_trailer") == 0)
		return cfg->str_trunc_trailer ? cfg->str_trunc_trailer : "..";
	return "bpftrace";   /* stack_mode */
}

static uint64_t config_int(const struct sema_config *cfg, const char *name)
{
	if (strcmp(name, "max_strlen") == 0)
		return cfg->max_strlen;
	if (strcmp(name, "max_map_keys") == 0)
		return cfg->max_map_keys;
	if (strcmp(name, "print_maps_on_exit") == 0)
		return cfg->print_maps_on_exit;
	return 1;   /* cpp_demangle */
}

static const struct type *t_config(struct check_ctx *c, struct ast_node *n)
{
	enum { N = ARRAY_LEN(config_keys) };
	const struct type *elems[N];
	const char *names[N];
	for (size_t i = 0; i < N; i++) {
		const struct config_key *k = &config_keys[i];
		names[i] = k->name;
		elems[i] = k->kind == CFG_U64 ? type_int(8, false)
		         : k->kind == CFG_BOOL ? type_bool()
		         : sema_string_type(c, (uint32_t)strlen(config_str(&c->prog->config, k->name)) + 1);
	}
	return sema_tuple_type(c, elems, names, N);
}

static struct cg_val *e_config(struct cg *cg, struct ast_node *n)
{
	const struct sema_config *cfg = &cg_program(cg)->config;
	struct cg_val *dst = cg_temp(cg, n->type);
	for (uint32_t i = 0; i < n->type->count; i++) {
		const struct type_field *f = &n->type->fields[i];
		struct cg_val *at = cg_offset(cg, dst, f->offset);
		if (f->type->kind == TY_STRING) {
			const char *s = config_str(cfg, f->name);
			for (size_t j = 0; s[j]; j++)   /* the rest of the storage is zeroed */
				cg_store(cg, cg_offset(cg, at, j), cg_int(cg, (uint8_t)s[j], NULL), type_int(1, false));
		} else {
			cg_store(cg, at, cg_int(cg, config_int(cfg, f->name), NULL), f->type);
		}
	}
	return dst;
}

/* ---- macaddr ------------------------------------------------------------------------------ */

/* Six bytes, printed as aa:bb:cc:dd:ee:ff. */
static const struct type mac_t = {.kind = TY_MAC, .size = 6, .align = 1};

static const struct type *t_macaddr(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *a = n->list;
	const struct type *t = a->type;
	if (a->kind == AST_STRING) {
		sema_error(c, n->loc, "macaddr() does not support literal string arguments");
		return NULL;
	}
	if (t->kind != TY_INT && t->kind != TY_PTR && t->kind != TY_ARRAY && t->kind != TY_STRING &&
	    t->kind != TY_BUFFER) {
		sema_error(c, n->loc, "macaddr() only supports array or pointer arguments (%s provided)",
		           sema_type_str(c, t));
		return NULL;
	}
	if ((t->kind == TY_ARRAY || t->kind == TY_STRING || t->kind == TY_BUFFER) && t->size < 6) {
		sema_error(c, n->loc, "macaddr() argument must be at least 6 bytes in size");
		return NULL;
	}
	return &mac_t;
}

/* An array's first six bytes; an integer or pointer is the address they are read from. */
static struct cg_val *e_macaddr(struct cg *cg, struct ast_node *n)
{
	struct ast_node *a = n->list;
	struct cg_val *dst = cg_temp(cg, &mac_t), *v = cg_expr(cg, a);
	if (a->type->kind == TY_INT || a->type->kind == TY_PTR) {
		struct cg_val *args[3] = {dst, cg_int(cg, 6, NULL), cg_int_to_ptr(cg, v)};
		cg_helper(cg, HELPER_PROBE_READ, args, 3);
		return dst;
	}
	const struct type *u4 = type_int(4, false), *u2 = type_int(2, false);
	cg_store(cg, dst, cg_load_aligned(cg, v, u4, 1), u4);
	cg_store(cg, cg_offset(cg, dst, 4), cg_load_aligned(cg, cg_offset(cg, v, 4), u2, 1), u2);
	return dst;
}

/* ---- write_user ---------------------------------------------------------------------------- */

/* write_user(dst, src, len): bpf_probe_write_user of LEN bytes of SRC (a value of ours: a string,
 * an array or an integer) to user address DST. LEN is a constant within SRC, as the verifier
 * must see the read bounded. */
static const struct type *t_write_user(struct check_ctx *c, struct ast_node *n)
{
	if (!c->opts->unsafe) {
		sema_error(c, n->loc, "write_user() is unsafe. To use you need the --unsafe flag");
		return NULL;
	}
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "write_user"))
		return NULL;
	struct ast_node *src = n->list->next, *len = src->next;
	int64_t v;
	if (!sema_const_int(c, len, &v) || v < 1 || (uint64_t)v > src->type->size) {
		sema_error(c, len->loc, "write_user() needs a constant length from 1 to the %u bytes of its source",
		           src->type->size);
		return NULL;
	}
	n->c_num = (uint64_t)v;   /* the length travels to the emitter in the call; calls leave c_num unused */
	return type_bool();
}

static struct cg_val *e_write_user(struct cg *cg, struct ast_node *n)
{
	struct ast_node *dst = n->list, *src = dst->next;
	struct cg_val *d = cg_int_to_ptr(cg, cg_convert(cg, cg_expr(cg, dst), dst->type, type_int(8, false)));
	struct cg_val *s = cg_expr(cg, src);
	if (type_is_scalar(src->type)) {
		struct cg_val *slot = cg_temp(cg, src->type);
		cg_store(cg, slot, s, src->type);
		s = slot;
	}
	struct cg_val *args[3] = {d, s, cg_int(cg, n->c_num, NULL)};
	struct cg_val *rc = cg_helper(cg, HELPER_PROBE_WRITE_USER, args, 3);
	return cg_binop(cg, OP_EQ, rc, cg_int(cg, 0, NULL), false);
}

const struct builtin stdlib_misc_builtins[] = {
	{.name = "config", .form = BUILTIN_CALL, .min_args = 0, .max_args = 0, .check = t_config, .emit = e_config},
	{.name = "bswap", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_bswap, .emit = e_bswap},
	{.name = "strerror", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_strerror, .emit = e_as_int64},
	{.name = "syscall_name", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_syscall_name,
	 .emit = e_as_int64},
	{.name = "ntop", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_ntop, .emit = e_ntop},
	{.name = "macaddr", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_macaddr, .emit = e_macaddr},
	{.name = "write_user", .form = BUILTIN_CALL, .min_args = 3, .max_args = 3, .check = t_write_user,
	 .emit = e_write_user},
	{.name = "pton", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_pton, .emit = e_pton},
	{.name = "cgroup_path", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_cgroup_path,
	 .emit = e_cgroup_path},
	{0},
};
