/* Builtins answered when the script is compiled: what an expression's type is (is_str, is_ptr,
 * ...), which probe type a program belongs to (probetype), what the kernel offers (kfunc_exist,
 * kfunc_allowed, cgroupid), assertions on both (static_assert, assert_str, fail), and pointer re-typing (kptr,
 * uptr, container_of). None reads anything when the probe runs. */
#define _GNU_SOURCE   /* name_to_handle_at */
#include "stdlib/stdlib_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>

/* ---- type predicates ------------------------------------------------------------------------ */

/* Each predicate's answer goes to the emitter in the call's num; the argument is not evaluated. */
static const struct type *predicate(struct check_ctx *c, struct ast_node *n, bool (*test)(const struct ast_node *))
{
	if (!stdlib_check_args(c, n))
		return NULL;
	n->num = test(n->list);
	return type_bool();
}

static bool is_array(const struct ast_node *a) { return a->type->kind == TY_ARRAY; }
static bool is_integer(const struct ast_node *a) { return a->type->kind == TY_INT; }
static bool is_unsigned(const struct ast_node *a) { return a->type->kind == TY_INT && !a->type->is_signed; }
static bool is_ptr(const struct ast_node *a) { return a->type->kind == TY_PTR; }
static bool is_str(const struct ast_node *a) { return a->type->kind == TY_STRING; }
/* A literal as written, or a positional parameter (its text is part of the script). */
static bool is_literal(const struct ast_node *a)
{
	if (a->kind == AST_UNOP && a->op == OP_NEG)
		a = a->a;
	return a->kind == AST_INT || a->kind == AST_STRING || a->kind == AST_BOOL || a->kind == AST_POSITIONAL;
}

static const struct type *t_is_array(struct check_ctx *c, struct ast_node *n) { return predicate(c, n, is_array); }
static const struct type *t_is_integer(struct check_ctx *c, struct ast_node *n) { return predicate(c, n, is_integer); }
static const struct type *t_is_unsigned(struct check_ctx *c, struct ast_node *n) { return predicate(c, n, is_unsigned); }
static const struct type *t_is_ptr(struct check_ctx *c, struct ast_node *n) { return predicate(c, n, is_ptr); }
static const struct type *t_is_str(struct check_ctx *c, struct ast_node *n) { return predicate(c, n, is_str); }
static const struct type *t_is_literal(struct check_ctx *c, struct ast_node *n) { return predicate(c, n, is_literal); }

/* The answer sema worked out, as a constant. */
static struct cg_val *e_constant(struct cg *cg, struct ast_node *n)
{
	return cg_int(cg, n->num, NULL);
}

/* ---- probetype ------------------------------------------------------------------------------ */

/* begin, end and self run on sonde's own behalf: bpftrace calls those "special". */
static const char *probetype_name(const struct probe_type *pt)
{
	return pt->trigger == PROBE_ON_EVENT ? pt->name : "special";
}

static const struct type *t_probetype(struct check_ctx *c, struct ast_node *n)
{
	(void)n;
	return sema_string_type(c, (uint32_t)strlen(probetype_name(c->probe->type)) + 1);
}

static struct cg_val *e_probetype(struct cg *cg, struct ast_node *n)
{
	const char *name = probetype_name(cg_probe_type(cg));
	struct cg_val *s = cg_temp(cg, n->type);   /* zeroed: the NUL is there */
	for (size_t i = 0; name[i]; i++)
		cg_store(cg, cg_offset(cg, s, i), cg_int(cg, (unsigned char)name[i], NULL), type_int(1, false));
	return s;
}

/* ---- assertions ----------------------------------------------------------------------------- */

/* assert_str(x): x is string-like, a string or a run of bytes (char[N], char *). */
static const struct type *t_assert_str(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	const struct type *t = n->list->type;
	bool bytes = (t->kind == TY_ARRAY || t->kind == TY_PTR) && t->elem && t->elem->kind == TY_INT && t->elem->size == 1;
	if (t->kind != TY_STRING && !bytes) {
		sema_error(c, n->list->loc, "assert_str() expects a string, got %s", sema_type_str(c, t));
		return NULL;
	}
	return type_void();
}

/* static_assert(cond, msg): COND, known when compiling, must hold. */
static const struct type *t_static_assert(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *cond = n->list, *msg = cond->next;
	int64_t v;
	if (msg->kind != AST_STRING) {
		sema_error(c, msg->loc, "static_assert() expects a string literal message");
		return NULL;
	}
	if (cond->kind == AST_BOOL)
		v = (int64_t)cond->num;
	else if (!sema_const_int(c, cond, &v)) {
		sema_error(c, cond->loc, "static_assert() needs a condition known when the script is compiled");
		return NULL;
	}
	if (!v) {
		sema_error(c, n->loc, "static assertion failed: %s", msg->str);
		return NULL;
	}
	return type_void();
}

/* One printf conversion SPEC (flags, width and precision kept; length modifiers dropped) of
 * constant ARG appended to SB; false when ARG is no constant of the conversion's kind. */
static bool format_constant(struct check_ctx *c, struct strbuf *sb, const char *spec, size_t len, struct ast_node *arg)
{
	char conv = spec[len - 1], f[32];
	size_t keep = strcspn(spec, "hlLqjzt");
	if (keep > len - 1)
		keep = len - 1;
	if (keep + 3 > sizeof(f))
		return false;
	int64_t v;
	if (conv == 's') {
		if (arg->kind != AST_STRING)
			return false;
		snprintf(f, sizeof(f), "%.*ss", (int)keep, spec);
		sb_printf(sb, f, arg->str);
		return true;
	}
	if (!strchr("diuxXoc", conv) || !sema_const_int(c, arg, &v))
		return false;
	if (conv == 'c') {
		snprintf(f, sizeof(f), "%.*sc", (int)keep, spec);
		sb_printf(sb, f, (int)v);
	} else {
		snprintf(f, sizeof(f), "%.*sll%c", (int)keep, spec, conv);
		sb_printf(sb, f, (long long)v);
	}
	return true;
}

/* fail(fmt, args...): a compile error with printf's text when the call can be reached (a branch
 * a constant condition never takes cannot); the arguments are literals or $N. */
static const struct type *t_fail(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *fmt = n->list, *arg = fmt->next;
	if (fmt->kind != AST_STRING) {
		sema_error(c, fmt->loc, "fail() expects a string literal format");
		return NULL;
	}
	struct strbuf sb = {0};
	for (const char *p = fmt->str; *p; p++) {
		if (*p != '%' || p[1] == '%') {
			sb_putc(&sb, *p);
			p += *p == '%';
			continue;
		}
		size_t len = 1 + strspn(p + 1, "-+ #0123456789.hlLqjzt");
		len += p[len] != 0;
		if (!arg || !format_constant(c, &sb, p, len, arg)) {
			sema_error(c, arg ? arg->loc : n->loc, "fail() needs a literal for each conversion of its format");
			sb_free(&sb);
			return NULL;
		}
		arg = arg->next;
		p += len - 1;
	}
	if (!c->unreachable)
		sema_error(c, n->loc, "%s", sb.buf ? sb.buf : "");
	sb_free(&sb);
	return type_void();
}

static struct cg_val *e_nothing(struct cg *cg, struct ast_node *n)
{
	(void)cg, (void)n;
	return NULL;
}

/* ---- kernel facts --------------------------------------------------------------------------- */

/* kfunc_exist("name"): whether the kernel's BTF has the function. */
static const struct type *t_kfunc_exist(struct check_ctx *c, struct ast_node *n)
{
	if (n->list->kind != AST_STRING) {
		sema_error(c, n->list->loc, "kfunc_exist() expects a string literal");
		return NULL;
	}
	n->num = sema_kernel_function(c, n->list->str);
	return type_bool();
}

/* kfunc_allowed("name"): whether this probe's program type may call the kfunc. */
static const struct type *t_kfunc_allowed(struct check_ctx *c, struct ast_node *n)
{
	if (n->list->kind != AST_STRING) {
		sema_error(c, n->list->loc, "kfunc_allowed() expects a string literal");
		return NULL;
	}
	n->num = sema_kfunc_allowed(c, n->list->str);
	return type_bool();
}

/* cgroupid("/sys/fs/cgroup/..."): the cgroup v2 id, which is the 8-byte file handle of its
 * directory in the cgroup file system. */
static const struct type *t_cgroupid(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *path = n->list;
	if (path->kind != AST_STRING) {
		sema_error(c, path->loc, "cgroupid() expects a string literal path");
		return NULL;
	}
	union {
		struct file_handle fh;
		char space[sizeof(struct file_handle) + 8];
	} h = {.fh.handle_bytes = 8};
	int mount_id;
	struct statfs fs;
	if (statfs(path->str, &fs) != 0) {
		sema_error(c, path->loc, "cgroupid(): cannot find the cgroup %s: %s", path->str, strerror(errno));
		return NULL;
	}
	if (fs.f_type != CGROUP2_SUPER_MAGIC || name_to_handle_at(AT_FDCWD, path->str, &h.fh, &mount_id, 0) != 0 ||
	    h.fh.handle_bytes != 8) {
		sema_error(c, path->loc, "cgroupid(): %s is not in a cgroup v2 file system", path->str);
		return NULL;
	}
	uint64_t id;
	memcpy(&id, h.fh.f_handle, 8);
	n->num = id;
	return type_int(8, false);
}

/* ---- pointers ------------------------------------------------------------------------------- */

/* kptr(p), uptr(p): p unchanged. Reads go through bpf_probe_read, which reads either address
 * space on the architectures sonde runs on, so the mark changes nothing yet. */
static const struct type *t_addr_space(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	if (n->list->type->kind != TY_PTR && !type_is_integral(n->list->type)) {
		sema_error(c, n->list->loc, "expected a pointer, got %s", sema_type_str(c, n->list->type));
		return NULL;
	}
	return n->list->type;
}

static struct cg_val *e_same(struct cg *cg, struct ast_node *n)
{
	return cg_expr(cg, n->list);
}

/* container_of(ptr, type, member): the TYPE * whose MEMBER is at PTR. The member's offset goes
 * to the emitter in the call's num. */
static const struct type *t_container_of(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *ptr = n->list, *type = ptr->next, *member = type->next;
	if (!sema_expr(c, ptr))
		return NULL;
	if (ptr->type->kind != TY_PTR && !type_is_integral(ptr->type)) {
		sema_error(c, ptr->loc, "container_of() expects a pointer, got %s", sema_type_str(c, ptr->type));
		return NULL;
	}
	if (type->kind != AST_TYPE || member->kind != AST_IDENT) {
		sema_error(c, n->loc, "container_of() expects a pointer, a type and a member name");
		return NULL;
	}
	const struct type *t = sema_type_from_ast(c, type);
	if (!t)
		return NULL;
	/* offsetof(type, member) as the script would write it, for its checks and messages. */
	struct ast_node *off = ARENA_NEW(c->arena, struct ast_node);
	*off = (struct ast_node){.kind = AST_OFFSETOF, .a = type, .list = member, .loc = n->loc};
	if (!sema_expr(c, off))
		return NULL;
	n->num = off->num;
	return sema_ptr_type(c, t);
}

static struct cg_val *e_container_of(struct cg *cg, struct ast_node *n)
{
	const struct type *u64 = type_int(8, false);
	struct cg_val *p = cg_convert(cg, cg_expr(cg, n->list), n->list->type, u64);
	return cg_binop(cg, OP_SUB, p, cg_int(cg, n->num, NULL), false);
}

const struct builtin stdlib_introspection_builtins[] = {
	{.name = "is_array", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_is_array, .emit = e_constant},
	{.name = "is_integer", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_is_integer,
	 .emit = e_constant},
	{.name = "is_unsigned_integer", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_is_unsigned,
	 .emit = e_constant},
	{.name = "is_ptr", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_is_ptr, .emit = e_constant},
	{.name = "is_str", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_is_str, .emit = e_constant},
	{.name = "is_literal", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_is_literal,
	 .emit = e_constant},
	{.name = "probetype", .form = BUILTIN_VAR, .check = t_probetype, .emit = e_probetype},
	{.name = "probetype", .form = BUILTIN_CALL, .check = t_probetype, .emit = e_probetype},
	{.name = "assert_str", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_assert_str,
	 .emit = e_nothing},
	{.name = "static_assert", .form = BUILTIN_CALL, .min_args = 2, .max_args = 2, .check = t_static_assert,
	 .emit = e_nothing},
	{.name = "fail", .form = BUILTIN_CALL, .min_args = 1, .max_args = -1, .check = t_fail, .emit = e_nothing},
	{.name = "kfunc_exist", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_kfunc_exist,
	 .emit = e_constant},
	{.name = "kfunc_allowed", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_kfunc_allowed,
	 .emit = e_constant},
	{.name = "cgroupid", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_cgroupid, .emit = e_constant},
	{.name = "kptr", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_addr_space, .emit = e_same},
	{.name = "uptr", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_addr_space, .emit = e_same},
	{.name = "container_of", .form = BUILTIN_CALL, .min_args = 3, .max_args = 3, .check = t_container_of,
	 .emit = e_container_of},
	{0},
};
