/* Builtins about the current task and CPU. */
#include "stdlib/stdlib_priv.h"

#include <string.h>
#include <unistd.h>

static const struct type *t_u64(struct check_ctx *c, struct ast_node *n) { return type_int(8, false); }
static const struct type *t_u32(struct check_ctx *c, struct ast_node *n) { return type_int(4, false); }

static struct cg_val *pid_tgid(struct cg *cg)
{
	return cg_helper(cg, HELPER_GET_CURRENT_PID_TGID, NULL, 0);
}

static struct cg_val *e_pid(struct cg *cg, struct ast_node *n)
{
	return cg_binop(cg, OP_SHR, pid_tgid(cg), cg_int(cg, 32, NULL), false);
}

static struct cg_val *e_tid(struct cg *cg, struct ast_node *n)
{
	return cg_convert(cg, pid_tgid(cg), type_int(8, false), type_int(4, false));
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
		report(c, n->loc, "The args builtin can only be used with tracepoint/fentry/uprobe probes (%s used here)",
		       c->probe->attach.count ? c->probe->attach.items[0].probe_name : "?");
		return NULL;
	}
	return c->probe->args_type;
}

static struct cg_val *e_args(struct cg *cg, struct ast_node *n)
{
	/* `args` whole (print(args)): copy the record out of the context. */
	struct cg_val *dst = cg_temp(cg, n->type);
	for (uint32_t i = 0; i < n->type->count; i++) {
		const struct type_field *f = &n->type->fields[i];
		if (f->type->kind == TY_INT || f->type->kind == TY_PTR || f->type->kind == TY_BOOL) {
			struct cg_val *v = cg_load(cg, cg_offset(cg, cg_ctx(cg), f->offset), f->type);
			cg_store(cg, cg_offset(cg, dst, f->offset), v, f->type);
		}
	}
	return dst;
}

static const struct type *t_probe(struct check_ctx *c, struct ast_node *n)
{
	static const struct type probe_t = {.kind = TY_PROBE, .size = 8, .align = 8};
	return &probe_t;
}

static struct cg_val *e_probe(struct cg *cg, struct ast_node *n);

const struct builtin process_builtins[] = {
	{.name = "pid", .form = BUILTIN_VAR, .check = t_u32, .emit = e_pid},
	{.name = "tid", .form = BUILTIN_VAR, .check = t_u32, .emit = e_tid},
	{.name = "uid", .form = BUILTIN_VAR, .check = t_u32, .emit = e_uid},
	{.name = "gid", .form = BUILTIN_VAR, .check = t_u32, .emit = e_gid},
	{.name = "comm", .form = BUILTIN_VAR, .check = t_comm, .emit = e_comm},
	{.name = "cpu", .form = BUILTIN_VAR, .check = t_u32, .emit = e_cpu},
	{.name = "numcpus", .form = BUILTIN_VAR, .check = t_u32, .emit = e_numcpus},
	{.name = "cgroup", .form = BUILTIN_VAR, .check = t_u64, .emit = e_cgroup},
	{.name = "curtask", .form = BUILTIN_VAR, .check = t_curtask, .emit = e_curtask},
	{.name = "rand", .form = BUILTIN_VAR, .check = t_u32, .emit = e_rand},
	{.name = "args", .form = BUILTIN_VAR, .check = t_args, .emit = e_args},
	{.name = "probe", .form = BUILTIN_VAR, .check = t_probe, .emit = e_probe},
	{0},
};

/* The index of the running program's first attach point in manifest.probe_names. A program
 * shared by several attach points reports its first one. */
static struct cg_val *e_probe(struct cg *cg, struct ast_node *n)
{
	return cg_int(cg, cg_probe_index(cg), NULL);
}
