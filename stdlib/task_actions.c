/* Builtins that change what the traced task does: signal() and signal_thread() send it a signal
 * (bpf_send_signal, bpf_send_signal_thread), override() makes a kprobed function return at once
 * with a chosen value (bpf_override_return). All three need --unsafe. */
#define _GNU_SOURCE   /* sigabbrev_np */
#include "stdlib/stdlib_priv.h"

#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { SIGNAL_MAX = 64 };

/* The number of signal NAME ("KILL", "SIGKILL", "RTMIN+3"), or 0 when there is none. */
static int signal_number(const char *name)
{
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (int i = 1; i < SIGRTMIN; i++) {
		const char *abbrev = sigabbrev_np(i);
		if (abbrev && strcasecmp(abbrev, name) == 0)
			return i;
	}
	bool min = strncasecmp(name, "RTMIN", 5) == 0, max = strncasecmp(name, "RTMAX", 5) == 0;
	if (!min && !max)
		return 0;
	const char *rest = name + 5;
	long off = 0;
	if (*rest) {
		char *end;
		if (*rest != (min ? '+' : '-'))
			return 0;
		off = strtol(rest + 1, &end, 10);
		if (*end || end == rest + 1)
			return 0;
	}
	long sig = min ? SIGRTMIN + off : SIGRTMAX - off;
	return sig >= SIGRTMIN && sig <= SIGRTMAX ? (int)sig : 0;
}

/* What the two signal builtins check: an event with a task to signal, --unsafe, and a signal
 * given as a name, a number from 1 to 64, or an integer checked when the probe runs. The
 * signal's number goes to the emitter in the call's num (0: computed at run time). */
static const struct type *check_signal(struct check_ctx *c, struct ast_node *n, const char *fn)
{
	const struct probe_type *pt = c->probe->type;
	if (!probe_has(pt, PT_SIGNAL_TARGET)) {
		sema_error(c, n->loc, "%s() can not be used with \"%s\" probes", fn, pt->name);
		return NULL;
	}
	if (!c->opts->unsafe) {
		sema_error(c, n->loc, "%s() is unsafe. To use you need the --unsafe flag", fn);
		return NULL;
	}
	if (!stdlib_check_args(c, n))
		return NULL;
	struct ast_node *sig = n->list;
	int64_t v;
	n->num = 0;
	if (sig->kind == AST_STRING) {
		int num = signal_number(sig->str);
		if (!num) {
			sema_error(c, sig->loc, "%s is not a valid signal", sig->str);
			return NULL;
		}
		n->num = (uint64_t)num;
	} else if (!type_is_integral(sig->type)) {
		sema_error(c, sig->loc, "%s() expects a signal name (a string literal) or number, got %s", fn,
		           sema_type_str(c, sig->type));
		return NULL;
	} else if (sema_const_int(c, sig, &v)) {
		if (v < 1 || v > SIGNAL_MAX) {
			sema_error(c, sig->loc, "%" PRId64 " is not a valid signal, allowed range: [1,%d]", v, SIGNAL_MAX);
			return NULL;
		}
		n->num = (uint64_t)v;
	}
	const struct type *i64 = type_int(8, true);
	n->aux_type = sema_tuple_type(c, &i64, NULL, 1);   /* the payload of a run-time error */
	return type_void();
}

static const struct type *t_signal(struct check_ctx *c, struct ast_node *n)
{
	return check_signal(c, n, "signal");
}

static const struct type *t_signal_thread(struct check_ctx *c, struct ast_node *n)
{
	return check_signal(c, n, "signal_thread");
}

/* Reports VALUE at run time through FMT (one %d) as errorf does, or warnf with WARNING. */
static void report(struct cg *cg, struct ast_node *n, const char *fmt, struct cg_val *value, bool warning)
{
	int id;
	struct cg_val *payload = cg_event_open(cg, EV_ERRORF, fmt, n->aux_type, &id);
	cg_store(cg, payload, value, type_int(8, true));
	cg_event_set_node_loc(cg, id, n, warning ? "WARNING" : "ERROR");
	struct mf_event *ev = cg_event_get(cg, id);
	if (ev)
		ev->warning = warning;
	cg_event_send(cg, id, payload);
}

/* The helper's failure (a kernel thread, or an exiting task, has no signal to get) is a warning:
 * the probe goes on. */
static void send(struct cg *cg, struct ast_node *n, struct cg_val *sig, bool thread)
{
	int helper = thread ? HELPER_SEND_SIGNAL_THREAD : HELPER_SEND_SIGNAL;
	struct cg_val *rc = cg_helper_named(cg, helper, &sig, 1, "signal_rc");
	cg_if_begin(cg, cg_binop(cg, OP_NE, rc, cg_int(cg, 0, NULL), false));
	/* The event keeps its format: literal text, not a buffer of ours. */
	const char *fmt = thread ? "signal_thread() could not send its signal: error %d"
	                         : "signal() could not send its signal: error %d";
	report(cg, n, fmt, cg_convert(cg, rc, type_int(8, false), type_int(8, true)), true);
	cg_if_end(cg);
}

static struct cg_val *emit_signal(struct cg *cg, struct ast_node *n, bool thread)
{
	const struct type *u64 = type_int(8, false);
	if (n->num) {
		send(cg, n, cg_int(cg, n->num, NULL), thread);
		return NULL;
	}
	struct cg_val *sig = cg_convert(cg, cg_expr(cg, n->list), n->list->type, u64);
	/* 1..64 in one unsigned test: sig - 1 < 64 */
	struct cg_val *in_range = cg_binop(cg, OP_LT, cg_binop(cg, OP_SUB, sig, cg_int(cg, 1, NULL), false),
	                                   cg_int(cg, SIGNAL_MAX, NULL), false);
	cg_if_begin(cg, in_range);
	send(cg, n, sig, thread);
	cg_if_end(cg);
	cg_if_begin(cg, cg_binop(cg, OP_EQ, in_range, cg_int(cg, 0, NULL), false));
	report(cg, n, thread ? "signal_thread() expects a signal from 1 to 64, got %d" : "signal() expects a signal from 1 to 64, got %d",
	       sig, false);
	cg_if_end(cg);
	return NULL;
}

static struct cg_val *e_signal(struct cg *cg, struct ast_node *n)
{
	return emit_signal(cg, n, false);
}

static struct cg_val *e_signal_thread(struct cg *cg, struct ast_node *n)
{
	return emit_signal(cg, n, true);
}

/* override(rc): only where the kernel allows it (an entry kprobe); whether the function is open
 * to error injection the kernel decides when the program is attached. */
static const struct type *t_override(struct check_ctx *c, struct ast_node *n)
{
	const struct probe_type *pt = c->probe->type;
	if (!probe_has(pt, PT_OVERRIDE_RETURN)) {
		sema_error(c, n->loc, "override() can only be used with kprobe probes, not \"%s\"", pt->name);
		return NULL;
	}
	if (!c->opts->unsafe) {
		sema_error(c, n->loc, "override() is unsafe. To use you need the --unsafe flag");
		return NULL;
	}
	if (!stdlib_check_args(c, n) || !stdlib_want_int(c, n, 0, "override"))
		return NULL;
	return type_void();
}

static struct cg_val *e_override(struct cg *cg, struct ast_node *n)
{
	struct cg_val *args[2] = {cg_ctx(cg), cg_convert(cg, cg_expr(cg, n->list), n->list->type, type_int(8, false))};
	cg_helper(cg, HELPER_OVERRIDE_RETURN, args, 2);
	return NULL;
}

const struct builtin stdlib_task_action_builtins[] = {
	{.name = "signal", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_signal, .emit = e_signal},
	{.name = "signal_thread", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_signal_thread,
	 .emit = e_signal_thread},
	{.name = "override", .form = BUILTIN_CALL, .min_args = 1, .max_args = 1, .check = t_override, .emit = e_override},
	{0},
};
