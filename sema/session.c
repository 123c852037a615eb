/* kprobe_session: `kprobe:f { ... } kretprobe:f { ... }` on the same functions becomes one program
 * on one link where the kernel has kprobe_session (6.10, with CONFIG_FPROBE), as bpftrace makes it:
 * the kernel runs it at entry and at return, and codegen branches on bpf_session_is_return to
 * the body of each. The return probe is folded into the entry probe here, once both are checked;
 * --no-feature kprobe_session (or kprobe_multi) keeps them apart. */
#include "sema/sema_priv.h"

#include <bpf/btf.h>
#include <string.h>

/* Whether this kernel has session links, and the kfunc telling their two runs apart. */
static bool kernel_has_session(struct check_ctx *c)
{
	struct btf *b = sema_btf(c);
	int64_t value;
	const struct type *t;
	return b && btf__find_by_name_kind(b, "bpf_kprobe_multi_link", BTF_KIND_STRUCT) > 0 &&
	       sema_btf_const(c, "BPF_TRACE_KPROBE_SESSION", &value, &t) && sema_kernel_function(c, "bpf_session_is_return");
}

/* Whether entry probe P and return probe R attach to the same plain vmlinux functions, in order
 * (a session link names functions; offsets, addresses and modules it cannot). */
static bool same_functions(const struct sema_probe *p, const struct sema_probe *r)
{
	if (p->attach.count != r->attach.count || !p->attach.count)
		return false;
	for (size_t i = 0; i < p->attach.count; i++) {
		const struct mf_attach *a = &p->attach.items[i], *b = &r->attach.items[i];
		if (!a->func || !b->func || strcmp(a->func, b->func) != 0 || a->value || b->value ||
		    (a->target && strcmp(a->target, "vmlinux") != 0) || (b->target && strcmp(b->target, "vmlinux") != 0))
			return false;
	}
	return true;
}

/* The return probe of P's functions not yet folded anywhere, or NULL. */
static struct sema_probe *partner(struct typed_program *prog, const struct sema_probe *p)
{
	for (size_t j = 0; j < prog->nprobes; j++) {
		struct sema_probe *r = prog->probes[j];
		if (r && probe_has(r->type, PT_SESSION_RETURN) && same_functions(p, r))
			return r;
	}
	return NULL;
}

void sema_fold_sessions(struct check_ctx *c)
{
	struct typed_program *prog = c->prog;
	if (c->opts->no_features & (PROBE_NO_KPROBE_SESSION | PROBE_NO_KPROBE_MULTI))
		return;
	bool any = false, checked = false;
	for (size_t i = 0; i < prog->nprobes; i++) {
		struct sema_probe *p = prog->probes[i];
		if (!p || !probe_has(p->type, PT_SESSION_ENTRY))
			continue;
		struct sema_probe *r = partner(prog, p);
		if (!r)
			continue;
		if (!checked && !kernel_has_session(c))
			return;
		checked = true;
		p->session_return = r;
		/* Both halves read the cookie when either does: it holds both names. */
		p->cookies = r->cookies = (p->cookies || r->cookies) && p->attach.count > 1;
		for (size_t j = 0; j < prog->nprobes; j++)
			if (prog->probes[j] == r)
				prog->probes[j] = NULL;
		any = true;
	}
	if (!any)
		return;
	size_t k = 0;
	for (size_t i = 0; i < prog->nprobes; i++)
		if (prog->probes[i])
			prog->probes[k++] = prog->probes[i];
	prog->nprobes = k;
}
