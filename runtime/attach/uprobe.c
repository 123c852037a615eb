/* uprobe:binary:function[+offset], uprobe:binary:address and uretprobe:binary:function. The binary
 * is resolved (PATH, library directories); function wildcards match the ELF symbol tables. libbpf
 * turns the symbol into a file offset at attach time. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>


#include "runtime/elfsyms.h"
#include "runtime/list_priv.h"

struct match_ctx {
	const char *pattern;
	char **names;
	size_t n, cap;
};

static void collect(void *ctx, const char *name, uint64_t addr, uint64_t size)
{
	(void)addr, (void)size;
	struct match_ctx *m = ctx;
	if (fnmatch(m->pattern, name, 0) != 0)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->names[i], name) == 0)
			return;   /* in both .symtab and .dynsym */
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 32;
		char **nv = realloc(m->names, m->cap * sizeof(*nv));
		if (!nv)
			return;
		m->names = nv;
	}
	m->names[m->n++] = strdup(name);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The function symbol a uprobe lands in: found by NAME, or (NAME NULL) the one whose bounds hold
 * ADDR. Sizes come from the symbol table, which elfsyms.c's walk does not report. */
struct func_bounds {
	const char *name;
	uint64_t addr;
	bool found;
	uint64_t start, size;
	char found_name[256];
};

static bool bounds_match(const struct func_bounds *b, const char *name, uint64_t start, uint64_t size)
{
	if (b->name)
		return strcmp(b->name, name) == 0;
	return b->addr >= start && (b->addr < start + size || b->addr == start);
}

static void note_bounds(void *ctx, const char *name, uint64_t start, uint64_t size)
{
	struct func_bounds *b = ctx;
	if (!bounds_match(b, name, start, size))
		return;
	/* A sized symbol beats a size-0 alias of the same place. */
	if (!b->found || (!b->size && size)) {
		b->found = true;
		b->start = start;
		b->size = size;
		snprintf(b->found_name, sizeof(b->found_name), "%s", name);
	}
}

static void find_bounds(const char *path, struct func_bounds *b)
{
	rt_elf_each_function(path, note_bounds, b);
}

/* The attach points FN (a pattern, or a bare address) with offset OFF names in the binary PATH. */
static int expand_in(const struct probe_type *pt, const char *path, const char *fn, uint64_t off, bool pattern,
                     struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	const char *prov = pt->name;
	uint64_t addr = 0;
	if (rt_parse_count(fn, &addr) && fn[0] >= '0' && fn[0] <= '9') {
		/* A bare address: no symbol; value carries it. */
		core_attach_push(arena, out, (struct mf_attach){
			.type = pt, .target = arena_strdup(arena, path), .value = addr,
			.probe_name = arena_printf(arena, "%s:%s:%s", prov, path, fn)});
		return 0;
	}
	struct match_ctx m = {.pattern = fn};
	if (rt_elf_each_function(path, collect, &m) < 0) {
		if (pattern)
			return 0;   /* a file a pattern matched that is no ELF file is no target */
		snprintf(err, errlen, "cannot read ELF symbols of %s", path);
		return -1;
	}
	if (m.n)
		qsort(m.names, m.n, sizeof(*m.names), cmp_str);
	int rc = 0;
	for (size_t i = 0; i < m.n && rc == 0; i++) {
		const char *name = m.names[i];
		/* An offset must stay inside its function (checked here, before anything runs). */
		struct func_bounds b = {.name = name};
		if (off)
			find_bounds(path, &b);
		if (off && b.found && off >= b.size) {
			snprintf(err, errlen, "Offset outside the function bounds ('%s' size is %llu)", name,
			         (unsigned long long)b.size);
			rc = -1;
			break;
		}
		core_attach_push(arena, out, (struct mf_attach){
			.type = pt,
			.target = arena_strdup(arena, path),
			.func = arena_strdup(arena, name),
			.value = off,
			.probe_name = off ? arena_printf(arena, "%s:%s:%s+%llu", prov, path, name, (unsigned long long)off)
			                  : arena_printf(arena, "%s:%s:%s", prov, path, name),
			.debuginfo = out->debuginfo,
		});
	}
	for (size_t i = 0; i < m.n; i++)
		free(m.names[i]);
	free(m.names);
	return rc;
}

/* BINARY@FILE:LINE: the first instruction of source line LINE, by PATH's DWARF line table, as an
 * offset into its function (which the table vouches is an instruction's start). */
static int expand_line(const struct probe_type *pt, const char *path, const char *file, int line,
                       struct arena *arena, struct attach_list *out, char *err, size_t errlen)
{
	struct arena scratch = {0};
	struct rt_dwarf *d = rt_dwarf_open(path, out->debuginfo, &scratch);
	uint64_t addr = 0;
	int rc = d ? rt_dwarf_line_addr(d, file, line, &addr) : -1;
	rt_dwarf_close(d);
	arena_free(&scratch);
	if (rc < 0) {
		snprintf(err, errlen, d ? "No code for %s:%d in %s" : "No debuginfo found for %s", d ? file : path, line, path);
		return -1;
	}
	struct func_bounds b = {.addr = addr};
	find_bounds(path, &b);
	if (!b.found) {
		snprintf(err, errlen, "Could not resolve address: %s:0x%llx (%s:%d)", path, (unsigned long long)addr, file, line);
		return -1;
	}
	core_attach_push(arena, out, (struct mf_attach){
		.type = pt, .target = arena_strdup(arena, path), .func = arena_strdup(arena, b.found_name),
		.value = addr - b.start, .on_boundary = true, .debuginfo = out->debuginfo,
		.probe_name = arena_printf(arena, "%s:%s@%s:%d", pt->name, path, file, line)});
	return 0;
}

/* Splits "BINARY@FILE" (a source-line spec, whose function part is a line number) in place:
 * returns FILE, or NULL for a plain binary. */
static char *source_file(char *bin, const char *fn)
{
	char *at = strrchr(bin, '@');
	if (!at || !*fn || fn[strspn(fn, "0123456789")] != '\0')
		return NULL;
	*at = '\0';
	return at + 1;
}

/* One expansion over the binaries a spec names: the function part, parsed once, applied to each. */
struct expansion {
	const struct probe_type *pt;
	const char *fn, *file;   /* FILE: a source-line spec, FN its line */
	uint64_t off;
	bool pattern, bad_offset;
	struct arena *arena;
	struct attach_list *out;
	char *err;
	size_t errlen;
	int rc;
};

/* A function looked for in the libraries a binary loads. */
struct elsewhere {
	const char *fn;
	char lib[PATH_MAX];
};

static void look_in_needed(void *ctx, const char *soname)
{
	struct elsewhere *w = ctx;
	char path[PATH_MAX];
	uint64_t addr;
	if (!w->lib[0] && rt_resolve_binary(soname, path, sizeof(path)) == 0 && rt_elf_symbol_addr(path, w->fn, &addr) == 0)
		snprintf(w->lib, sizeof(w->lib), "%s", path);
}

static void expand_target(void *ctx, const char *path)
{
	struct expansion *x = ctx;
	if (x->rc < 0 || x->bad_offset)
		return;
	size_t before = x->out->count;
	if (x->file)
		x->rc = expand_line(x->pt, path, x->file, atoi(x->fn), x->arena, x->out, x->err, x->errlen);
	else
		x->rc = expand_in(x->pt, path, x->fn, x->off, x->pattern, x->arena, x->out, x->err, x->errlen);
	/* A function that moved to a library the binary loads (glibc 2.34 moved libpthread's into
	 * libc, leaving libpthread.so.0 a stub): the miss says where it is now. */
	if (x->rc >= 0 && !x->file && x->out->count == before && !rt_spec_has_wildcard(x->fn)) {
		struct elsewhere w = {.fn = x->fn};
		rt_elf_each_needed(path, look_in_needed, &w);
		if (w.lib[0])
			snprintf(x->err, x->errlen, "%s is not in %s but in %s, which it loads", x->fn, path, w.lib);
	}
}

/* SPEC is BINARY:FUNCTION[+OFFSET] or BINARY@FILE:LINE; with -p, BINARY may be a pattern over what
 * the process maps. */
static int expand(const struct probe_type *pt, const char *spec, struct arena *arena, struct attach_list *out,
                  char *err, size_t errlen)
{
	const char *prov = pt->name;
	const char *colon = spec ? strchr(spec, ':') : NULL;
	if (!colon || colon == spec || !colon[1]) {
		snprintf(err, errlen, "%s probes are written %s:binary:function", prov, prov);
		return -1;
	}
	char *bin = strndup(spec, (size_t)(colon - spec));
	char *fn = strdup(colon + 1);
	const char *file = source_file(bin, fn);   /* cuts BIN at its '@' first */
	struct expansion x = {.pt = pt, .fn = fn, .file = file, .pattern = rt_spec_has_wildcard(bin), .arena = arena,
	                      .out = out, .err = err, .errlen = errlen};
	char *plus = strchr(fn, '+');
	if (plus) {
		*plus = '\0';
		x.bad_offset = probe_has(pt, PT_RETVAL) || !rt_parse_count(plus + 1, &x.off);
	}
	char why[PATH_MAX + 64];
	if (rt_each_user_target(bin, out->pid, expand_target, &x, why, sizeof(why)) == 0 && !x.pattern) {
		snprintf(err, errlen, "No matches for %s %s: cannot find binary %s", prov, spec, bin);
		x.rc = -1;
	} else if (x.bad_offset) {
		snprintf(err, errlen, "invalid offset in %s:%s", prov, spec);
		x.rc = -1;
	}
	/* Nothing matched: sema reports it as missing_probes says, with ERR's hint if there is one. */
	free(fn);
	free(bin);
	return x.rc;
}

/* bpftrace's checks before a uprobe is placed: an address must fall inside a function, and an
 * offset must stay inside its function, so the probe never lands outside code. Fills the symbol
 * and offset to attach at. */
static int check_placement(bool ret, bool unsafe, const struct mf_attach *at, const char **func, uint64_t *off,
                           char *namebuf, size_t namelen, char *err, size_t errlen)
{
	struct func_bounds b = {.name = at->func, .addr = at->value};
	find_bounds(at->target, &b);
	if (!b.found) {
		if (at->func)
			snprintf(err, errlen, "Could not resolve symbol: %s:%s", at->target, at->func);
		else
			snprintf(err, errlen, "Could not resolve address: %s:0x%llx", at->target, (unsigned long long)at->value);
		return -1;
	}
	snprintf(namebuf, namelen, "%s", b.found_name);
	*func = namebuf;
	*off = at->func ? at->value : at->value - b.start;
	if (ret && *off) {
		snprintf(err, errlen, "uretprobes cannot be attached at function offset. (address resolved to: %s+%llu)",
		         namebuf, (unsigned long long)*off);
		return -1;
	}
	if (b.size == 0 && *off == 0 && !unsafe) {
		/* Nothing says where it ends, so nothing says this is code. */
		snprintf(err, errlen, "Could not determine boundary for %s (symbol has size 0).\nUse --unsafe to force "
		         "attachment. WARNING: This option could lead to data corruption in the target process.", namebuf);
		return -1;
	}
	if (b.size == 0 && *off == 0)
		return 0;
	if (*off >= b.size) {
		snprintf(err, errlen, "Offset outside the function bounds ('%s' size is %llu)", namebuf,
		         (unsigned long long)b.size);
		return -1;
	}
	/* sonde cannot disassemble to find instruction boundaries; a probe in the middle of one
	 * corrupts the traced program. A written symbol+offset is the user's explicit choice (and
	 * needs --unsafe, checked in session.c); an address inside a function is refused. */
	if (!at->func && *off) {
		snprintf(err, errlen, "Can't check if uprobe is in proper place (compiled without (k|u)probe offset "
		         "support): %s:0x%llx resolves to %s+%llu", at->target, (unsigned long long)at->value, namebuf,
		         (unsigned long long)*off);
		return -1;
	}
	return 0;
}

/* Where AT's uprobe goes, after bpftrace's checks: FUNC (NULL: a flat file's offset) and OFF
 * into it. Returns 0, or -1 with ERR. */
static int placement(const struct probe_attach_env *env, const struct mf_attach *at, const char **func,
                     uint64_t *off, char *name, size_t namelen, char *err, size_t errlen)
{
	bool ret = probe_has(at->type, PT_RETVAL);
	/* An offset into a function may land inside an instruction, which sonde cannot check (it has
	 * no disassembler): as bpftrace without one, only --unsafe allows it. */
	if (at->func && at->value && !env->unsafe && !at->on_boundary) {
		snprintf(err, errlen, "Can't check if uprobe is in proper place (compiled without (k|u)probe offset "
		         "support): %s. Use --unsafe to force attachment.", at->probe_name);
		return -1;
	}
	*func = at->func;
	*off = at->value;
	if (at->func || rt_elf_is_elf(at->target))
		return check_placement(ret, env->unsafe, at, func, off, name, namelen, err, errlen);
	/* A flat file (code mapped by hand, no ELF): the address is a file offset. */
	if (!env->unsafe) {
		snprintf(err, errlen, "%s is not an ELF file: a uprobe at its offset 0x%llx needs --unsafe", at->target,
		         (unsigned long long)at->value);
		return -1;
	}
	*func = NULL;
	return 0;
}

/* The file offset of function FUNC of TARGET (read as E) plus OFF. Returns 0, or -1 with ERR. */
static int symbol_file_offset(Elf *e, const char *target, const char *func, uint64_t off, uint64_t *out, char *err,
                              size_t errlen)
{
	struct func_bounds b = {.name = func};
	find_bounds(target, &b);
	*out = b.found ? rt_elf_vaddr_offset(e, b.start + off) : 0;
	if (*out)
		return 0;
	snprintf(err, errlen, "Could not resolve symbol: %s:%s", target, func);
	return -1;
}

/* The file offset of attach point AT in E (its binary), checked as one uprobe would be. Returns
 * 0, or -1 with ERR. */
static int file_offset(const struct probe_attach_env *env, Elf *e, const struct mf_attach *at, uint64_t *out,
                       char *err, size_t errlen)
{
	const char *func;
	uint64_t off;
	char name[256];
	if (placement(env, at, &func, &off, name, sizeof(name), err, errlen) < 0)
		return -1;
	return symbol_file_offset(e, at->target, at->func, off, out, err, errlen);
}

static int attach(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                  struct rt_links *links, char *err, size_t errlen)
{
	const char *func;
	uint64_t off;
	char name[256];
	if (placement(env, at, &func, &off, name, sizeof(name), err, errlen) < 0)
		return -1;
	/* A function's file offset is found here: libbpf 1.1's own lookup fails on a library whose
	 * symbol has two versions (libc's pthread_create@GLIBC_2.2.5 and @@GLIBC_2.34). */
	int fd;
	Elf *e = func ? rt_elf_open(at->target, &fd) : NULL;
	if (e) {
		int rc = symbol_file_offset(e, at->target, func, off, &off, err, errlen);
		elf_end(e);
		close(fd);
		if (rc < 0)
			return -1;
		func = NULL;
	}
	LIBBPF_OPTS(bpf_uprobe_opts, o, .retprobe = probe_has(at->type, PT_RETVAL), .func_name = func,
	            .bpf_cookie = env->cookie);
	return rt_attach_keep(links, bpf_program__attach_uprobe_opts(prog, env->pid ? env->pid : -1, at->target, (size_t)off, &o),
	                   at->probe_name, err, errlen);
}

/* ---- uprobe_multi: many functions of one binary with one link (kernel 6.6) ---- */

/* libbpf 1.1 predates uprobe_multi: the link is made with bpf(2), its attr laid out here. */
enum { ATTACH_UPROBE_MULTI = 48, UPROBE_MULTI_RETURN = 1, CMD_LINK_CREATE = 28 };
struct uprobe_multi_attr {
	uint32_t prog_fd, target_fd, attach_type, flags;
	uint64_t path, offsets, ref_ctr_offsets, cookies;
	uint32_t cnt, multi_flags, pid;
};

/* Whether the N attach points AT can share one link: functions of one binary, on a kernel that
 * has uprobe_multi. */
static bool multi_ok(const struct mf_attach *at, size_t n)
{
	if (n < 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!at[i].func || strcmp(at[i].target, at[0].target) != 0)
			return false;
	return rt_kernel_has_struct("bpf_uprobe_multi_link");
}

static int before_load(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                       size_t n, char *err, size_t errlen)
{
	if (!(env->no_features & PROBE_NO_UPROBE_MULTI) && multi_ok(at, n) &&
	    bpf_program__set_expected_attach_type(prog, (enum bpf_attach_type)ATTACH_UPROBE_MULTI) < 0) {
		snprintf(err, errlen, "cannot load %s for a uprobe_multi link", at->probe_name);
		return -1;
	}
	return 0;
}

/* One uprobe_multi link for the N attach points AT (one binary) with these offsets and cookies. */
static int link_multi(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                      size_t n, const uint64_t *offsets, const uint64_t *cookies, struct rt_links *links, char *err,
                      size_t errlen)
{
	struct uprobe_multi_attr attr = {
		.prog_fd = (uint32_t)bpf_program__fd(prog), .attach_type = ATTACH_UPROBE_MULTI,
		.path = (uint64_t)(uintptr_t)at[0].target, .offsets = (uint64_t)(uintptr_t)offsets,
		.cookies = (uint64_t)(uintptr_t)cookies, .cnt = (uint32_t)n,
		.multi_flags = probe_has(at->type, PT_RETVAL) ? UPROBE_MULTI_RETURN : 0, .pid = (uint32_t)env->pid,
	};
	int fd = (int)syscall(SYS_bpf, CMD_LINK_CREATE, &attr, sizeof(attr));
	if (fd < 0) {
		snprintf(err, errlen, "Unable to attach probe: %s and %zu more (one uprobe_multi link): %s", at->probe_name,
		         n - 1, strerror(errno));
		return -1;
	}
	if (rt_links_push_fd(links, fd) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int attach_many(const struct probe_attach_env *env, struct bpf_program *prog, const struct mf_attach *at,
                       size_t n, struct rt_links *links, char *err, size_t errlen)
{
	if (bpf_program__expected_attach_type(prog) != (enum bpf_attach_type)ATTACH_UPROBE_MULTI)
		return 1;   /* before_load chose one uprobe per function */
	uint64_t *offsets = calloc(n, sizeof(*offsets)), *cookies = calloc(n, sizeof(*cookies));
	int fd, rc = -1;
	Elf *e = rt_elf_open(at[0].target, &fd);
	if (!offsets || !cookies || !e)
		snprintf(err, errlen, e ? "out of memory" : "cannot read %s as ELF", at[0].target);
	else
		rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = file_offset(env, e, &at[i], &offsets[i], err, errlen);
		cookies[i] = env->cookies ? at[i].name_index : 0;
	}
	if (e) {
		elf_end(e);
		close(fd);
	}
	if (rc == 0)
		rc = link_multi(env, prog, at, n, offsets, cookies, links, err, errlen);
	free(offsets);
	free(cookies);
	return rc;
}

/* ---- DWARF: args and the binary's own types ---- */

/* `args`: the function's parameters from its DWARF, each in its argument register. */
static int uprobe_args(const struct mf_attach *at, struct arena *arena, struct probe_arg **out, size_t *n, char *err,
                       size_t errlen)
{
	if (!at->func) {
		snprintf(err, errlen, "args needs a function, not an address: %s", at->probe_name);
		return -1;
	}
	struct rt_dwarf *d = rt_dwarf_open(at->target, at->debuginfo, arena);
	int rc = d ? rt_dwarf_params(d, at->target, at->func, out, n, true) : -1;
	rt_dwarf_close(d);
	if (rc < 0 && d)
		snprintf(err, errlen, "No DWARF for function %s in %s", at->func, at->target);
	else if (rc < 0)
		snprintf(err, errlen, "No debuginfo found for %s", at->target);
	return rc;
}

static const struct type *named_type(const struct mf_attach *at, const char *name, struct arena *arena)
{
	struct rt_dwarf *d = rt_dwarf_open(at->target, at->debuginfo, arena);
	const struct type *t = d ? rt_dwarf_named_type(d, name) : NULL;
	rt_dwarf_close(d);
	return t;
}

static int user_symbol(const struct mf_attach *at, const char *name, uint64_t *addr, uint64_t *size,
                       uint64_t *at_addr)
{
	bool relocatable;
	if (rt_elf_symbol(at->target, name, addr, size, &relocatable) < 0)
		return -1;
	*at_addr = 0;
	if (relocatable && (!at->func || rt_elf_symbol_addr(at->target, at->func, at_addr) < 0))
		return -1;   /* an address-only attach point gives nothing to relocate by */
	if (relocatable)
		*at_addr += at->value;
	return 0;
}

/* ---- listing: the same ELF symbol walk ---- */

static void cands(struct lister *l, const char *target, bool with_module, struct cands *c)
{
	list_user_cands(l, false, target, c);
}

/* -v: the function's parameters as its DWARF spells them ("int* n"). */
static void print_args(struct lister *l, const struct probe_type *pt, const struct cand *c)
{
	(void)pt;
	char *path = strndup(c->name, c->match_off ? c->match_off - 1 : 0);
	struct arena arena = {0};
	struct rt_dwarf *d = path ? rt_dwarf_open(path, l->o.debuginfo, &arena) : NULL;
	struct probe_arg *args = NULL;
	size_t n = 0;
	if (d && rt_dwarf_params(d, path, c->name + c->match_off, &args, &n, false) == 0)
		for (size_t i = 0; i < n; i++)
			fprintf(l->o.out, "    %s %s\n", args[i].c_type, args[i].name);
	rt_dwarf_close(d);
	arena_free(&arena);
	free(path);
}

static void search(struct lister *l, const struct probe_type *pt, int nparts, const char *part1, const char *suffix)
{
	const char *rest = strchr(suffix, ':') ? strchr(suffix, ':') + 1 : suffix;
	list_kind(l, pt, nparts > 2 ? part1 : "*", false, nparts > 2 ? rest : suffix);
}

static void attach_point(struct lister *l, const struct probe_type *pt, char **p, int n)
{
	if (n > 2) {
		list_strip_offset(p[2]);
		list_kind(l, pt, p[1], false, p[2]);
	}
}

static const struct probe_list list = {.cands = cands, .search = search, .attach_point = attach_point};
static const struct probe_list uprobe_list = {
	.cands = cands, .print_args = print_args, .search = search, .attach_point = attach_point};

static const char *const uprobe_aliases[] = {"u", NULL};
static const char *const uretprobe_aliases[] = {"ur", NULL};

const struct probe_type rt_probe_type_uprobe = {
	.name = "uprobe",
	.synopsis = "uprobe:BINARY:FUNCTION[+OFFSET], uprobe:BINARY:ADDRESS, uprobe:BINARY@FILE:LINE",
	.help = "Entry to a function of a program or library (or the first instruction of a source line, by its "
	         "DWARF). BINARY is a path, or a name looked up in PATH and the library directories; wildcards in "
	         "FUNCTION match its ELF symbols. args holds the function's parameters when it has DWARF.",
	.aliases = uprobe_aliases,
	.traits = PT_REGS | PT_FUNC_USER | PT_LIST_USER | PT_TARGET_BINARY | PT_COOKIE | PT_ARGS_IN_CTX | PT_SIGNAL_TARGET,
	.argn = PROBE_ARGN_REGS, .expand = expand, .args = uprobe_args, .named_type = named_type, .user_symbol = user_symbol, .section = "uprobe",
	.prog_type = BPF_PROG_TYPE_KPROBE, .reverse = true, .before_load = before_load, .attach = attach,
	.attach_many = attach_many, .list = &uprobe_list,
};
const struct probe_type rt_probe_type_uretprobe = {
	.name = "uretprobe",
	.synopsis = "uretprobe:BINARY:FUNCTION",
	.help = "Return from a function of a program or library; retval holds the return value.",
	.aliases = uretprobe_aliases, .traits = PT_RETVAL | PT_REGS | PT_FUNC_USER | PT_TARGET_BINARY | PT_COOKIE |
	          PT_SIGNAL_TARGET,
	.expand = expand, .user_symbol = user_symbol, .section = "uretprobe", .prog_type = BPF_PROG_TYPE_KPROBE, .reverse = true,
	.before_load = before_load, .attach = attach, .attach_many = attach_many, .list = &list,
};
