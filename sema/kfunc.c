/* Whether a probe's program type may call a kfunc. Only the kernel knows (its kfunc sets are not in
 * BTF), so a two-instruction program of that type calling the kfunc is loaded and the verifier's
 * answer read: it names a kfunc the type may not call before it looks at anything else. */
#include "sema/sema_priv.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool sema_kfunc_allowed(struct check_ctx *c, const char *name)
{
	/* fentry, fexit and iter take their type from the section: the tracing type. Its test load
	 * stops before the verifier (no attach target), and the tracing type may call the kfuncs
	 * tracing scripts use. */
	const struct probe_type *pt = c->probe->type;
	int prog_type = pt->prog_type == BPF_PROG_TYPE_UNSPEC && probe_has(pt, PT_BTF_CTX) ? BPF_PROG_TYPE_TRACING
	                                                                                 : pt->prog_type;
	struct btf *b = sema_btf(c);
	int id = b ? btf__find_by_name_kind(b, name, BTF_KIND_FUNC) : -1;
	if (id <= 0)
		return false;
	const struct bpf_insn insns[] = {
		{.code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_KFUNC_CALL, .imm = id},
		{.code = BPF_JMP | BPF_EXIT},
	};
	char log[4096] = "";
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = sizeof(log), .log_level = 1);
	int fd = bpf_prog_load((enum bpf_prog_type)prog_type, NULL, "GPL", insns, 2, &opts);
	if (fd >= 0) {
		close(fd);
		return true;
	}
	/* Any other complaint (an argument the test program leaves unset) comes after the call is
	 * allowed; XDP's metadata kfuncs are refused outside device-bound programs in their own words. */
	char refusal[256];
	snprintf(refusal, sizeof(refusal), "calling kernel function %s is not allowed", name);
	return !strstr(log, refusal) && !strstr(log, "kfuncs require device-bound program");
}
