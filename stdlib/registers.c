/* Function arguments and return values read from the probe's context: saved registers where the
 * probe type's record says its context is a struct pt_regs, the u64 array of a raw tracepoint.
 * x86-64 only: other architectures are not built yet. */
#include "stdlib/stdlib_priv.h"

#include <stdlib.h>
#include <string.h>

/* struct pt_regs offsets on x86-64, in the System V argument order. */
static const uint32_t arg_offsets[] = {112 /* di */, 104 /* si */, 96 /* dx */, 88 /* cx */, 72 /* r8 */, 64 /* r9 */};
#define PT_REGS_AX 80

/* arg0..arg5 are the System V argument registers; later ones are on the stack, above the return
 * address, where a probe at a function's entry finds them. */
#define ARGN_IN_REGS 6
#define PT_REGS_SP 152

static const struct type *t_arg(struct check_ctx *c, struct ast_node *n)
{
	n->num = strtoull(n->str + 3, NULL, 10);
	const struct sema_probe *p = c->probe;
	if (p->have_arglocs && n->num >= p->narglocs) {
		sema_error(c, n->loc, "%s has %zu argument%s: there is no %s", p->attach.items[0].probe_name, p->narglocs,
		           p->narglocs == 1 ? "" : "s", n->str);
		return NULL;
	}
	if (!p->have_arglocs && p->type->argn == PROBE_ARGN_NONE) {
		sema_error(c, n->loc, "The %s builtin can only be used with 'kprobes', 'uprobes' and 'usdt' probes", n->str);
		return NULL;
	}
	return type_int(8, false);
}

/* A constant of SIZE bytes, sign- or zero-extended as its spec says. */
static uint64_t extend(uint64_t v, unsigned size, bool is_signed)
{
	if (size >= 8)
		return v;
	uint64_t mask = (1ull << (8 * size)) - 1;
	v &= mask;
	return is_signed && (v >> (8 * size - 1)) ? v | ~mask : v;
}

/* The value of the argument at A (a USDT spec): read straight from the saved registers, or from
 * the traced process's memory at a register-relative address. */
static struct cg_val *e_argloc(struct cg *cg, const struct probe_argloc *a)
{
	const struct type *u64 = type_int(8, false), *t = type_int(a->size, a->is_signed);
	if (a->kind == ARGLOC_CONST)
		return cg_int(cg, extend((uint64_t)a->value, a->size, a->is_signed), NULL);
	if (a->kind == ARGLOC_REG)
		return cg_convert(cg, cg_load_ctx(cg, a->reg, t), t, u64);
	struct cg_val *addr = cg_binop(cg, OP_ADD, cg_load_ctx(cg, a->reg, u64),
	                               cg_int(cg, (uint64_t)a->value, NULL), false);
	if (a->index_reg >= 0) {
		struct cg_val *index = cg_load_ctx(cg, (uint64_t)a->index_reg, u64);
		addr = cg_binop(cg, OP_ADD, addr, cg_binop(cg, OP_MUL, index, cg_int(cg, a->scale, NULL), false), false);
	}
	struct cg_val *slot = cg_temp(cg, u64);
	cg_store(cg, slot, cg_int(cg, 0, NULL), u64);
	struct cg_val *args[3] = {slot, cg_int(cg, a->size, NULL), cg_int_to_ptr(cg, addr)};
	cg_helper(cg, HELPER_PROBE_READ_USER, args, 3);
	return cg_convert(cg, cg_load(cg, slot, t), t, u64);
}

static struct cg_val *e_arg(struct cg *cg, struct ast_node *n)
{
	const struct sema_probe *p = cg_probe(cg);
	if (p->have_arglocs)
		return e_argloc(cg, &p->arglocs[n->num]);
	const struct type *u64 = type_int(8, false);
	/* A raw tracepoint's context is the array of its u64 arguments. */
	if (cg_probe_type(cg)->argn == PROBE_ARGN_ARRAY)
		return cg_load_ctx(cg, 8 * n->num, u64);
	if (n->num < ARGN_IN_REGS)
		return cg_load_ctx(cg, arg_offsets[n->num], u64);
	struct cg_val *sp = cg_load_ctx(cg, PT_REGS_SP, u64);
	struct cg_val *at = cg_binop(cg, OP_ADD, sp, cg_int(cg, 8 * (n->num - ARGN_IN_REGS + 1), NULL), false);
	struct cg_val *slot = cg_temp(cg, u64);
	cg_store(cg, slot, cg_int(cg, 0, NULL), u64);
	struct cg_val *args[3] = {slot, cg_int(cg, 8, NULL), cg_int_to_ptr(cg, at)};
	cg_helper(cg, HELPER_PROBE_READ, args, 3);   /* user or kernel stack alike on x86-64 */
	return cg_load(cg, slot, u64);
}

static const struct type *t_retval(struct check_ctx *c, struct ast_node *n)
{
	if (!probe_has(c->probe->type, PT_RETVAL)) {
		sema_error(c, n->loc, "The retval builtin can only be used with 'kretprobe' and 'uretprobe' probes");
		return NULL;
	}
	/* fexit: the slot after the arguments (a struct passed by value may take two); the emitter
	 * finds its offset here. */
	uint32_t end = 0;
	for (size_t i = 0; i < c->probe->nargs; i++) {
		uint32_t e = c->probe->args[i].offset + (c->probe->args[i].size + 7) / 8 * 8;
		end = e > end ? e : end;
	}
	n->num = probe_has(c->probe->type, PT_RETVAL_AFTER_ARGS) ? end : PT_REGS_AX;
	return c->probe->retval_type ? c->probe->retval_type : type_int(8, false);
}

static struct cg_val *e_retval(struct cg *cg, struct ast_node *n)
{
	struct cg_val *at = cg_offset(cg, cg_ctx(cg), n->num);
	const struct type *u64 = type_int(8, false);
	if (!probe_has(cg_probe_type(cg), PT_CTX_U64_SLOTS))
		return cg_load(cg, at, u64);
	/* A whole slot, then the function's own return type (an int's upper half is not its sign). */
	struct cg_val *v = cg_load_aligned(cg, at, u64, 8);
	return type_is_integral(n->type) ? cg_convert(cg, v, u64, n->type) : v;
}

/* reg("name"): a register saved in the probe's struct pt_regs, by the kernel's x86-64 names. */
static const struct {
	const char *name;
	uint32_t offset;
} pt_regs_fields[] = {
	{"r15", 0}, {"r14", 8}, {"r13", 16}, {"r12", 24}, {"bp", 32}, {"bx", 40}, {"r11", 48}, {"r10", 56},
	{"r9", 64}, {"r8", 72}, {"ax", 80}, {"cx", 88}, {"dx", 96}, {"si", 104}, {"di", 112}, {"orig_rax", 120},
	{"ip", 128}, {"pc", 128}, {"cs", 136}, {"flags", 144}, {"sp", 152}, {"ss", 160},
};

static const struct type *t_reg(struct check_ctx *c, struct ast_node *n)
{
	struct ast_node *a = n->list;
	if (a->kind != AST_STRING) {
		sema_error(c, a->loc, "reg() takes the register's name as a string literal");
		return NULL;
	}
	if (!probe_has(c->probe->type, PT_REGS)) {
		sema_error(c, n->loc, "reg can not be used with \"%s\" probes: their context holds no registers",
		           c->probe->type->name);
		return NULL;
	}
	for (size_t i = 0; i < ARRAY_LEN(pt_regs_fields); i++)
		if (strcmp(a->str, pt_regs_fields[i].name) == 0) {
			n->num = pt_regs_fields[i].offset;
			return type_int(8, false);
		}
	sema_error(c, n->loc, "'%s' is not a valid register on this architecture (x86_64)", a->str);
	return NULL;
}

static struct cg_val *e_reg(struct cg *cg, struct ast_node *n)
{
	return cg_load_ctx(cg, n->num, type_int(8, false));
}

const struct builtin stdlib_register_builtins[] = {
	{.name = "reg", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_reg, .emit = e_reg},
	{.name = "arg0", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg1", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg2", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg3", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg4", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg5", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg6", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg7", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg8", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg9", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg10", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "arg11", .form = BUILTIN_VAR, .flags = BUILTIN_READS_ARGN, .check = t_arg, .emit = e_arg},
	{.name = "retval", .form = BUILTIN_VAR, .check = t_retval, .emit = e_retval},
	{0},
};
