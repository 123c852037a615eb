/* Builtins about the current task and CPU. */
#include "stdlib/stdlib_priv.h"

#include <string.h>
#include <unistd.h>

static const struct type *t_u64(struct check_ctx *c, struct ast_node *n) { return type_int(8, false); }
static const struct type *t_u32(struct check_ctx *c, struct ast_node *n) { return type_int(4, false); }

/* pid(), pid(init), pid(curr_ns) (and tid's): the initial namespace's numbers, or sonde's own
 * (the default, as bare pid). */
enum { PIDNS_CURRENT, PIDNS_INIT };

static const struct type *t_pid_ns(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *a = n->list;
	n->num = PIDNS_CURRENT;
	if (!a)
		return type_int(4, false);   /* pid(): as bare pid */
	if (a->kind != AST_IDENT || (strcmp(a->str, "init") != 0 && strcmp(a->str, "curr_ns") != 0)) {
		sema_error(c, a->loc, "%s() takes init or curr_ns", n->str);
		return NULL;
	}
	n->num = strcmp(a->str, "init") == 0 ? PIDNS_INIT : PIDNS_CURRENT;
	return type_int(4, false);
}

static struct cg_val *task_ids(struct cg *cg, struct ast_node *n)
{
	bool init = n->kind == AST_CALL && n->num == PIDNS_INIT;
	return init ? cg_helper(cg, HELPER_GET_CURRENT_PID_TGID, NULL, 0) : cg_pid_tgid(cg);
}

static struct cg_val *e_pid(struct cg *cg, struct ast_node *n)
{
	return cg_binop(cg, OP_SHR, task_ids(cg, n), cg_int(cg, 32, NULL), false);
}

static struct cg_val *e_tid(struct cg *cg, struct ast_node *n)
{
	return cg_convert(cg, task_ids(cg, n), type_int(8, false), type_int(4, false));
}

static struct cg_val *e_uid(struct cg *cg, struct ast_node *n)
{
	struct cg_val *ug = cg_helper(cg, HELPER_GET_CURRENT_UID_GID, NULL, 0);
	return cg_convert(cg, ug, type_int(8, false), type_int(4, false));
}

static struct cg_val *e_gid(struct cg *cg, struct ast_node *n)
{
	struct cg_val *ug = cg_helper(cg, HELPER_GET_CURRENT_UID_GID, NULL, 0);
	return cg_binop(cg, OP_SHR, ug, cg_int(cg, 32, NULL), false);
}

static const struct type *t_comm(struct check_ctx *c, struct ast_node *n)
{
	return sema_string_type(c, 16);
}

static struct cg_val *e_comm(struct cg *cg, struct ast_node *n)
{
	struct cg_val *buf = cg_temp(cg, n->type);
	struct cg_val *args[2] = {buf, cg_int(cg, 16, NULL)};
	cg_helper(cg, HELPER_GET_CURRENT_COMM, args, 2);
	return buf;
}

/* comm(pid): the name of the task PID names, read through the kfunc bpf_task_from_pid (Linux 6.2;
 * programs of the types that may call it) and released at once; "N/A" with a warning when there
 * is no such task. comm's offset in task_struct (kernel BTF) travels in the call's num, the
 * warning's record type in aux_type. */
static const struct type *t_comm_pid(struct check_ctx *c, struct ast_node *n)
{
	if (!n->list)
		return t_comm(c, n);   /* comm(): the current task's, as bare comm */
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "comm"))
		return NULL;
	uint32_t offset;
	if (!sema_kernel_function(c, "bpf_task_from_pid") || !sema_kernel_field_offset(c, "task_struct", "comm", &offset)) {
		sema_error(c, n->loc, "comm(PID) needs the kernel function bpf_task_from_pid (Linux 6.2), which this "
		           "kernel does not have");
		return NULL;
	}
	if (!sema_kfunc_allowed(c, "bpf_task_from_pid")) {
		sema_error(c, n->loc, "Syntax comm(PID) is not supported in this probe type yet. Type: %s",
		           c->probe->type->name);
		return NULL;
	}
	n->num = offset;
	const struct type *pid = type_int(8, true);
	n->aux_type = sema_tuple_type(c, &pid, NULL, 1);
	return sema_string_type(c, 16);
}

static struct cg_val *e_comm_pid(struct cg *cg, struct ast_node *n)
{
	if (!n->list)
		return e_comm(cg, n);
	struct cg_val *buf = cg_temp(cg, n->type);
	struct cg_val *pid = cg_convert(cg, cg_expr(cg, n->list), n->list->type, type_int(8, true));
	struct cg_val *task = cg_kfunc(cg, "bpf_task_from_pid", "pw", "task_struct", &pid);
	struct cg_val *none = cg_binop(cg, OP_EQ, task, cg_int(cg, 0, NULL), false);
	cg_if_begin(cg, none);
	cg_store_string(cg, buf, "N/A");
	int id;
	struct cg_val *payload = cg_event_open(cg, EV_ERRORF, "No such process (pid=%d)", n->aux_type, &id);
	cg_store(cg, payload, pid, type_int(8, true));
	cg_event_set_node_loc(cg, id, n, "WARNING");
	struct mf_event *ev = cg_event_get(cg, id);
	if (ev)
		ev->warning = true;
	cg_event_send(cg, id, payload);
	cg_if_end(cg);
	cg_if_begin(cg, cg_binop(cg, OP_NE, task, cg_int(cg, 0, NULL), false));
	/* The address is made only once the task is known not to be NULL: the verifier refuses
	 * arithmetic on a pointer that may be. */
	struct cg_val *comm = cg_binop(cg, OP_ADD, cg_opaque(cg, task), cg_int(cg, n->num, NULL), false);
	struct cg_val *args[3] = {buf, cg_int(cg, 16, NULL), comm};
	cg_helper(cg, HELPER_PROBE_READ_KERNEL, args, 3);
	cg_kfunc(cg, "bpf_task_release", "vp", "task_struct", &task);
	cg_if_end(cg);
	return buf;
}

static struct cg_val *e_cpu(struct cg *cg, struct ast_node *n)
{
	return cg_helper(cg, HELPER_GET_SMP_PROCESSOR_ID, NULL, 0);
}

static struct cg_val *e_numcpus(struct cg *cg, struct ast_node *n)
{
	return cg_int(cg, (uint64_t)sysconf(_SC_NPROCESSORS_ONLN), NULL);
}

static struct cg_val *e_cgroup(struct cg *cg, struct ast_node *n)
{
	return cg_helper(cg, HELPER_GET_CURRENT_CGROUP_ID, NULL, 0);
}

static const struct type *t_curtask(struct check_ctx *c, struct ast_node *n)
{
	struct type *task = ARENA_NEW(c->arena, struct type);
	task->kind = TY_CSTRUCT;
	task->name = "struct task_struct";
	task->align = 8;
	return sema_ptr_type(c, task);
}

static struct cg_val *e_curtask(struct cg *cg, struct ast_node *n)
{
	return cg_helper(cg, HELPER_GET_CURRENT_TASK, NULL, 0);
}

static struct cg_val *e_rand(struct cg *cg, struct ast_node *n)
{
	return cg_helper(cg, HELPER_GET_PRANDOM_U32, NULL, 0);
}

static const struct type *t_args(struct check_ctx *c, struct ast_node *n)
{
	if (!c->probe->args_type) {
		sema_error(c, n->loc, "The args builtin can only be used with tracepoint/fentry/uprobe probes (%s used here)",
		       c->probe->attach.count ? c->probe->attach.items[0].probe_name : "?");
		return NULL;
	}
	return c->probe->args_type;
}

static struct cg_val *e_args(struct cg *cg, struct ast_node *n)
{
	/* `args` whole (print(args)): copy the record out of the context. A context of u64 slots is
	 * read a whole slot at a time (the verifier refuses narrower reads of a tracing context). */
	bool slots = probe_has(cg_probe_type(cg), PT_CTX_U64_SLOTS);
	const struct type *u64 = type_int(8, false);
	struct cg_val *dst = cg_temp(cg, n->type);
	for (uint32_t i = 0; i < n->type->count; i++) {
		const struct type_field *f = &n->type->fields[i];
		if (f->type->kind == TY_INT || f->type->kind == TY_PTR || f->type->kind == TY_BOOL) {
			struct cg_val *at = cg_offset(cg, cg_ctx(cg), f->offset);
			struct cg_val *v = slots ? cg_convert(cg, cg_load_aligned(cg, at, u64, 8), u64, f->type)
		                         : cg_load_ctx(cg, f->offset, f->type);
			cg_store(cg, cg_offset(cg, dst, f->offset), v, f->type);
		}
	}
	return dst;
}

/* `args.x` on a probe whose context is the record (a tracepoint) reads x straight from it. */
static struct cg_val *e_args_base(struct cg *cg, struct ast_node *n)
{
	return probe_has(cg_probe_type(cg), PT_ARGS_IN_CTX) ? cg_ctx(cg) : NULL;
}

static const struct type *t_probe(struct check_ctx *c, struct ast_node *n)
{
	static const struct type probe_t = {.kind = TY_PROBE, .size = 8, .align = 8};
	return &probe_t;
}

static struct cg_val *e_probe(struct cg *cg, struct ast_node *n);

/* probe as a string (sema makes this call where `probe` meets one: probe == "kprobe:f",
 * strcontains(probe, "f")): the name of the attach point that fired, as long as the longest. */
static const struct type *t_probe_name(struct check_ctx *c, struct ast_node *n)
{
	if (!stdlib_check_args(c, n))
		return NULL;
	size_t longest = 0;
	for (size_t i = 0; i < c->probe->attach.count; i++) {
		size_t len = strlen(c->probe->attach.items[i].probe_name);
		longest = len > longest ? len : longest;
	}
	return sema_string_type(c, (uint32_t)longest + 1);
}

/* The fired attach point's name: the program's only one, or the one whose index its cookie is. */
static struct cg_val *e_probe_name(struct cg *cg, struct ast_node *n)
{
	const struct sema_probe *p = cg_probe(cg);
	struct cg_val *dst = cg_temp(cg, n->type);
	if (!p->cookies) {
		cg_store_string(cg, dst, p->attach.count ? p->attach.items[0].probe_name : "");
		return dst;
	}
	struct cg_val *index = e_probe(cg, n->list);
	for (size_t i = 0; i < p->attach.count; i++) {
		cg_if_begin(cg, cg_binop(cg, OP_EQ, index, cg_int(cg, p->attach.items[i].name_index, NULL), false));
		cg_store_string(cg, dst, p->attach.items[i].probe_name);
		cg_if_end(cg);
	}
	return dst;
}

/* username: the uid, printed as the user's name (getpwuid) by the runtime. */
static const struct type *t_username(struct check_ctx *c, struct ast_node *n)
{
	static const struct type username_t = {.kind = TY_USERNAME, .size = 8, .align = 8};
	return &username_t;
}

static struct cg_val *e_numaid(struct cg *cg, struct ast_node *n)
{
	return cg_helper(cg, HELPER_GET_NUMA_NODE_ID, NULL, 0);
}

/* usermode: 1 when the probe fired while the task ran user code, from the saved CS register's
 * privilege level. begin and end run on behalf of sonde's own user code (upstream fires them from
 * a uprobe on itself), so they are always 1. A kernel function probe without registers (fentry,
 * fexit) runs only in the kernel: always 0. */
static const struct type *t_usermode(struct check_ctx *c, struct ast_node *n)
{
#if defined(__x86_64__)
	if (probe_has(c->probe->type, PT_REGS) || probe_has(c->probe->type, PT_SONDE_CONTEXT) ||
	    probe_has(c->probe->type, PT_FUNC_KERNEL))
		return type_int(1, false);
	sema_error(c, n->loc, "The usermode builtin can not be used with '%s' probes (no registers in their context)",
	           c->probe->attach.count ? c->probe->attach.items[0].probe_name : "this kind of");
	return NULL;
#else
	sema_error(c, n->loc, "'usermode' builtin is only supported on x86_64");
	return NULL;
#endif
}

static struct cg_val *e_usermode(struct cg *cg, struct ast_node *n)
{
	if (probe_has(cg_probe_type(cg), PT_SONDE_CONTEXT))
		return cg_int(cg, 1, NULL);
	if (!probe_has(cg_probe_type(cg), PT_REGS))
		return cg_int(cg, 0, NULL);   /* a kernel function's own context: kernel mode */
	/* struct pt_regs (perf events' context starts with one too): cs is the 18th u64. Read with a
	 * helper: LLVM narrows a direct load to the byte the mask keeps, and the verifier refuses
	 * narrow context reads of perf events. */
	enum { PT_REGS_CS = 17 * 8 };
	struct cg_val *slot = cg_temp(cg, type_int(8, false));
	struct cg_val *args[3] = {slot, cg_int(cg, 8, NULL), cg_offset(cg, cg_ctx(cg), PT_REGS_CS)};
	cg_helper(cg, HELPER_PROBE_READ_KERNEL, args, 3);
	struct cg_val *cs = cg_load(cg, slot, type_int(8, false));
	struct cg_val *rpl = cg_binop(cg, OP_BAND, cs, cg_int(cg, 3, NULL), false);
	return cg_binop(cg, OP_EQ, rpl, cg_int(cg, 3, NULL), false);
}

/* ctx: the probe's raw context pointer, for casts to the struct it really is. */
/* ctx: the program's context, typed where its probe type says how (an iterator's record). */
static const struct type *t_ctx(struct check_ctx *c, struct ast_node *n)
{
	const struct probe_type *pt = c->probe->type;
	const char *ct = pt->ctx_type && c->probe->attach.count ? pt->ctx_type(&c->probe->attach.items[0], c->arena) : NULL;
	const struct type *t = ct ? sema_ctype_parse(c, ct) : NULL;
	return t ? t : sema_ptr_type(c, NULL);
}

static struct cg_val *e_ctx(struct cg *cg, struct ast_node *n)
{
	return cg_ctx(cg);
}

/* The -c child's pid, fixed before compiling: the child is held until probes are attached. */
static const struct type *t_cpid(struct check_ctx *c, struct ast_node *n)
{
	if (!c->prog->cpid) {
		sema_error(c, n->loc, "cpid cannot be used without child command");
		return NULL;
	}
	n->num = (uint64_t)c->prog->cpid;
	return type_int(4, false);
}

static struct cg_val *e_cpid(struct cg *cg, struct ast_node *n)
{
	return cg_int(cg, n->num, NULL);
}

const struct builtin stdlib_process_builtins[] = {
	{.name = "cpid", .form = BUILTIN_VAR, .check = t_cpid, .emit = e_cpid},
	{.name = "pid", .form = BUILTIN_VAR, .check = t_u32, .emit = e_pid},
	{.name = "tid", .form = BUILTIN_VAR, .check = t_u32, .emit = e_tid},
	{.name = "pid", .form = BUILTIN_CALL, .min_args = 0, .max_args = 1, .check = t_pid_ns, .emit = e_pid},
	{.name = "tid", .form = BUILTIN_CALL, .min_args = 0, .max_args = 1, .check = t_pid_ns, .emit = e_tid},
	{.name = "uid", .form = BUILTIN_VAR, .check = t_u32, .emit = e_uid},
	{.name = "gid", .form = BUILTIN_VAR, .check = t_u32, .emit = e_gid},
	{.name = "comm", .form = BUILTIN_VAR, .check = t_comm, .emit = e_comm},
	{.name = "comm", .form = BUILTIN_CALL, .min_args = 0, .max_args = 1, .check = t_comm_pid, .emit = e_comm_pid},
	{.name = "cpu", .form = BUILTIN_VAR, .check = t_u32, .emit = e_cpu},
	{.name = "numcpus", .form = BUILTIN_VAR, .check = t_u32, .emit = e_numcpus},
	{.name = "ncpus", .form = BUILTIN_VAR, .check = t_u64, .emit = e_numcpus},
	{.name = "ncpus", .form = BUILTIN_CALL, .check = t_u64, .emit = e_numcpus},
	{.name = "numaid", .form = BUILTIN_VAR, .check = t_u32, .emit = e_numaid},
	{.name = "numaid", .form = BUILTIN_CALL, .check = t_u32, .emit = e_numaid},
	{.name = "username", .form = BUILTIN_VAR, .check = t_username, .emit = e_uid},
	{.name = "username", .form = BUILTIN_CALL, .check = t_username, .emit = e_uid},
	{.name = "usermode", .form = BUILTIN_VAR, .check = t_usermode, .emit = e_usermode},
	{.name = "usermode", .form = BUILTIN_CALL, .check = t_usermode, .emit = e_usermode},
	{.name = "ctx", .form = BUILTIN_VAR, .check = t_ctx, .emit = e_ctx},
	{.name = "cgroup", .form = BUILTIN_VAR, .check = t_u64, .emit = e_cgroup},
	{.name = "curtask", .form = BUILTIN_VAR, .check = t_curtask, .emit = e_curtask},
	{.name = "rand", .form = BUILTIN_VAR, .check = t_u32, .emit = e_rand},
	{.name = "args", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGS, .check = t_args, .emit = e_args, .emit_field_base = e_args_base},
	{.name = "probe", .form = BUILTIN_VAR, .flags = BUILTIN_PER_ATTACH_POINT, .check = t_probe, .emit = e_probe},
	{.name = SEMA_PROBE_NAME_BUILTIN, .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_probe_name,
	 .emit = e_probe_name},
	{0},
};

/* The index in manifest.probe_names of the attach point that fired: the program's only one, or,
 * for a program shared by several, the BPF cookie each attachment carries. */
static struct cg_val *e_probe(struct cg *cg, struct ast_node *n)
{
	if (!cg_probe(cg)->cookies)
		return cg_int(cg, cg_probe_index(cg), NULL);
	return cg_attach_cookie(cg);
}
