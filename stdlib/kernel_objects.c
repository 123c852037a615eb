/* Builtins about the kernel's own objects: path() (the file name a struct path stands for, from
 * bpf_d_path), socket_cookie() (a socket's cookie, from bpf_get_socket_cookie), skboutput() (a
 * packet to a pcap file, from bpf_skb_output) and is_err() (a pointer that encodes an error). The two helpers take the kernel's BTF-typed pointers, which only
 * BPF tracing programs (fentry, fexit) hold. */
#include "stdlib/stdlib_priv.h"

#include <string.h>

/* The kernel's IS_ERR_VALUE: error pointers are the last MAX_ERRNO addresses. */
#define MAX_ERRNO 4095

/* fentry, fexit and iter: the contexts whose pointers are the kernel's BTF-typed ones, which
 * the verifier lets bpf_d_path and bpf_get_socket_cookie take. */
static bool is_btf_tracing(const struct probe_type *pt)
{
	return probe_has(pt, PT_BTF_CTX);
}

/* Whether E is a C struct member reached through a kernel pointer (args.file.f_path), whose
 * address cg_field_address computes without copying it. */
static bool member_in_place(const struct ast_node *e)
{
	if (e->kind != AST_FIELD || !e->sym || !e->a->type)
		return false;
	const struct type *ot = e->a->type;
	if (ot->kind == TY_PTR)
		return ot->elem && ot->elem->kind == TY_CSTRUCT;
	return ot->kind == TY_CSTRUCT && member_in_place(e->a);
}

/* path(struct path *p[, size]): a string of max_strlen bytes, or SIZE (a constant) when given. */
static const struct type *t_path(struct check_ctx *c, struct ast_node *n)
{
	if (!is_btf_tracing(c->probe->type)) {
		sema_error(c, n->loc, "The path function can only be used with 'fentry', 'fexit', 'iter' probes");
		return NULL;
	}
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *p = n->list, *size = p->next;
	const struct type *t = p->type;
	if (t->kind == TY_CSTRUCT && (!t->name || strcmp(t->name, "struct path") != 0)) {
		sema_error(c, p->loc, "path() expects a struct path or a pointer to one, got %s", sema_type_str(c, t));
		return NULL;
	}
	if (t->kind == TY_CSTRUCT && !member_in_place(p)) {
		/* bpf_d_path takes the kernel's pointer; a copy on the BPF stack will not do. */
		sema_error(c, p->loc, "path() needs the kernel's struct path: a pointer to it or a member read through one");
		return NULL;
	}
	if (t->kind != TY_CSTRUCT && t->kind != TY_PTR) {
		sema_error(c, p->loc, "path() expects a struct path or a pointer to one, got %s", sema_type_str(c, t));
		return NULL;
	}
	uint32_t bytes = c->prog->config.max_strlen;
	if (size) {
		int64_t v;
		if (!sema_const_int(c, size, &v) || v <= 0 || v > UINT32_MAX) {
			sema_error(c, size->loc, "path() takes its size as a positive integer literal");
			return NULL;
		}
		bytes = (uint32_t)v;
	}
	return sema_string_type(c, bytes);
}

/* d_path fills the buffer from its end and moves the name to the front: a name longer than the
 * buffer keeps its tail (the helper then returns -ENAMETOOLONG), always NUL-terminated. */
static struct cg_val *e_path(struct cg *cg, struct ast_node *n)
{
	struct ast_node *p = n->list;
	struct cg_val *ptr = p->type->kind == TY_PTR ? cg_expr(cg, p) : cg_field_address(cg, p);
	struct cg_val *buf = cg_temp(cg, n->type);
	struct cg_val *args[3] = {ptr, buf, cg_int(cg, n->type->size, NULL)};
	cg_helper_named(cg, HELPER_D_PATH, args, 3, "d_path");
	return buf;
}

/* socket_cookie(struct sock *sk): the socket's cookie, made on first use (0 for a NULL sk). */
static const struct type *t_socket_cookie(struct check_ctx *c, struct ast_node *n)
{
	if (!is_btf_tracing(c->probe->type)) {
		sema_error(c, n->loc, "socket_cookie can not be used with \"%s\" probes", c->probe->type->name);
		return NULL;
	}
	if (!stdlib_check_args(c, n))
		return NULL;
	const struct type *t = n->list->type;
	if (t->kind != TY_PTR || !t->elem || t->elem->kind != TY_CSTRUCT || !t->elem->name ||
	    strcmp(t->elem->name, "struct sock") != 0) {
		sema_error(c, n->list->loc, "socket_cookie() expects a struct sock * argument, got %s", sema_type_str(c, t));
		return NULL;
	}
	return type_int(8, false);
}

static struct cg_val *e_socket_cookie(struct cg *cg, struct ast_node *n)
{
	struct cg_val *args[1] = {cg_expr(cg, n->list)};
	return cg_helper_named(cg, HELPER_GET_SOCKET_COOKIE, args, 1, "cookie");
}

/* percpu_kaddr("name"[, cpu]): the address of a per-CPU kernel variable's copy for CPU (NULL past
 * the last CPU), or for the CPU the probe runs on. The variable comes from the kernel's BTF; its
 * BTF id travels in the call's num. The verifier finds its address in kallsyms, which lists no
 * data symbols on a kernel built without CONFIG_KALLSYMS_ALL: that is said here, at the call. */
static const struct type *t_percpu_kaddr(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 1, "percpu_kaddr"))
		return NULL;
	if (n->list->kind != AST_STRING) {
		sema_error(c, n->list->loc, "percpu_kaddr() expects a string literal");
		return NULL;
	}
	n->num = sema_kernel_percpu_var(c, n->list->str);
	if (!n->num) {
		sema_error(c, n->loc, "Could not resolve variable \"%s\" from BTF", n->list->str);
		return NULL;
	}
	uint64_t addr;
	if (!stdlib_kallsyms_lookup(n->list->str, &addr)) {
		sema_error(c, n->loc, "The kernel cannot give the address of \"%s\": /proc/kallsyms does not list it "
		           "(a kernel built without CONFIG_KALLSYMS_ALL lists no data symbols)", n->list->str);
		return NULL;
	}
	return sema_ptr_type(c, type_int(8, false));
}

static struct cg_val *e_percpu_kaddr(struct cg *cg, struct ast_node *n)
{
	struct ast_node *cpu = n->list->next;
	struct cg_val *args[2] = {cg_kernel_var(cg, (uint32_t)n->num), NULL};
	if (!cpu)
		return cg_helper_named(cg, HELPER_THIS_CPU_PTR, args, 1, "this_cpu");
	args[1] = cg_convert(cg, cg_expr(cg, cpu), cpu->type, type_int(4, false));
	return cg_helper_named(cg, HELPER_PER_CPU_PTR, args, 2, "per_cpu");
}

/* is_err(value): whether VALUE, as a 64-bit unsigned number, is one of the error pointers. */
static const struct type *t_is_err(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	const struct type *t = n->list->type;
	if (t->kind != TY_INT && t->kind != TY_PTR) {
		sema_error(c, n->list->loc, "is_err() expects a pointer or integer argument, got %s", sema_type_str(c, t));
		return NULL;
	}
	return type_bool();
}

/* Scalars travel extended to 64 bits by their own signedness, so an int -2 is an error value
 * and a uint32 0xfffffffe is not, as the kernel's (unsigned long) cast of a long would have it. */
static struct cg_val *e_is_err(struct cg *cg, struct ast_node *n)
{
	struct cg_val *v = cg_expr(cg, n->list);
	return cg_binop(cg, OP_GE, v, cg_int(cg, (uint64_t)-MAX_ERRNO, NULL), false);
}

/* skboutput(path, skb, length, offset): LENGTH bytes of SKB's data to the pcap file PATH (raw
 * IP, the first OFFSET bytes left out), through bpf_skb_output; its result (0 when written). */
static const struct type *t_skboutput(struct check_ctx *c, struct ast_node *n)
{
	if (!is_btf_tracing(c->probe->type)) {
		sema_error(c, n->loc, "skboutput can not be used with \"%s\" probes", c->probe->type->name);
		return NULL;
	}
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *path = n->list, *skb = path->next, *len = skb->next, *off = len->next;
	int64_t v;
	if (path->kind != AST_STRING || !path->str[0]) {
		sema_error(c, path->loc, "skboutput() takes its pcap file's path as a string literal");
		return NULL;
	}
	const struct type *t = skb->type;
	if (t->kind != TY_PTR || !t->elem || !t->elem->name || strcmp(t->elem->name, "struct sk_buff") != 0) {
		sema_error(c, skb->loc, "skboutput() expects a struct sk_buff * argument, got %s", sema_type_str(c, t));
		return NULL;
	}
	if (!stdlib_want_int(c, n, 2, "skboutput"))
		return NULL;
	if (!sema_const_int(c, off, &v) || v < 0) {
		sema_error(c, off->loc, "skboutput() takes its offset as a non-negative integer literal");
		return NULL;
	}
	n->num = (uint64_t)v;
	const struct type *u64s[2] = {type_int(8, false), type_int(8, false)};
	n->aux_type = sema_tuple_type(c, u64s, NULL, 2);
	return type_int(4, false);
}

static struct cg_val *e_skboutput(struct cg *cg, struct ast_node *n)
{
	enum { CURRENT_CPU = 0xffffffff };   /* BPF_F_CURRENT_CPU */
	struct ast_node *skb = n->list->next, *len = skb->next;
	const struct type *u64 = type_int(8, false);
	int id;
	struct cg_val *meta = cg_event_open(cg, EV_SKB_OUTPUT, n->list->str, n->aux_type, &id);
	struct mf_event *ev = cg_event_get(cg, id);
	if (ev)
		ev->value = n->num;
	struct cg_val *length = cg_convert(cg, cg_expr(cg, len), len->type, u64);
	cg_store(cg, meta, cg_helper(cg, HELPER_KTIME_GET_BOOT_NS, NULL, 0), u64);
	cg_store(cg, cg_offset(cg, meta, 8), length, u64);
	struct cg_val *flags = cg_binop(cg, OP_BOR, cg_binop(cg, OP_SHL, length, cg_int(cg, 32, NULL), false),
	                                cg_int(cg, CURRENT_CPU, NULL), false);
	struct cg_val *map = cg_map_global(cg, MF_SKB_EVENTS_MAP, BPFMAP_PERF_EVENT_ARRAY, 4, 4, 0);
	struct cg_val *args[5] = {cg_expr(cg, skb), map, flags, cg_event_record(cg, meta),
	                          cg_int(cg, 8 + n->aux_type->size, NULL)};
	return cg_convert(cg, cg_helper_named(cg, HELPER_SKB_OUTPUT, args, 5, "skb_output"), u64, type_int(4, false));
}

const struct builtin stdlib_kernel_object_builtins[] = {
	{.name = "skboutput", .form = BUILTIN_CALL, .min_args = 4, .max_args = 4, .check = t_skboutput,
	 .emit = e_skboutput},
	{.name = "path", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_path, .emit = e_path},
	{.name = "socket_cookie", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_socket_cookie,
	 .emit = e_socket_cookie},
	{.name = "percpu_kaddr", .form = BUILTIN_CALL, .min_args = 1, .max_args = 2, .check = t_percpu_kaddr,
	 .emit = e_percpu_kaddr},
	{.name = "is_err", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_is_err, .emit = e_is_err},
	{0},
};
