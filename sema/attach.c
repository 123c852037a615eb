/* Attach points: each is expanded by its probe type's record, then grouped into one program per
 * probe type. */
#include "sema/sema_priv.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sema_probe *new_program(struct check_ctx *c, struct ast_node *probe, const struct probe_type *type)
{
	struct typed_program *p = c->prog;
	p->probes = arena_grow(c->arena, p->probes, p->nprobes, &p->probes_cap, sizeof(*p->probes), 8);
	struct sema_probe *sp = ARENA_NEW(c->arena, struct sema_probe);
	sp->node = probe;
	sp->type = type;
	sp->index = (int)p->nprobes;
	p->probes[p->nprobes++] = sp;
	return sp;
}

/* The type of one tracepoint field as bpftrace shows it: pointers are u64 addresses, char
 * arrays are strings, the rest integers of their size. */
static const struct type *arg_type(struct check_ctx *c, const struct probe_arg *a)
{
	if (a->type)
		return a->type;
	if (a->is_data_loc) {
		/* A u32 (length << 16 | offset) locating bytes inside the record: typed as a char
		 * pointer, which codegen computes from the context, so str(args.name) works. */
		struct type *t = (struct type *)sema_ptr_type(c, type_int(1, true));
		t->name = TYPE_DATA_LOC;
		return t;
	}
	if (strstr(a->c_type, "struct ") || strstr(a->c_type, "union ") || strstr(a->c_type, "enum ")) {
		const struct type *t = sema_ctype_parse(c, a->c_type);
		if (t)
			return t;
	}
	if (strchr(a->c_type, '*')) {
		/* `const char *const *argv` is a pointer to char pointers: one level per '*'. */
		const struct type *t = strstr(a->c_type, "char") ? type_int(1, true) : NULL;
		for (const char *p = strchr(a->c_type, '*'); p; p = strchr(p + 1, '*'))
			t = sema_ptr_type(c, t);
		return t;
	}
	if (strchr(a->c_type, '[')) {
		if (strstr(a->c_type, "char"))
			return sema_string_type(c, a->size);
		struct type *arr = ARENA_NEW(c->arena, struct type);
		uint32_t n = 1;
		const char *br = strchr(a->c_type, '[');
		if (sscanf(br, "[%u]", &n) != 1 || !n)
			n = 1;
		arr->kind = TY_ARRAY;
		arr->count = n;
		arr->elem = type_int(a->size / n, a->is_signed);
		arr->size = a->size;
		arr->align = arr->elem->align;
		return arr;
	}
	if (strcmp(a->c_type, "bool") == 0)
		return type_bool();
	return type_int(a->size, a->is_signed);
}

static const struct type *args_record(struct check_ctx *c, struct probe_arg *args, size_t n)
{
	struct type *t = ARENA_NEW(c->arena, struct type);
	struct type_field *f = ARENA_NEWN(c->arena, struct type_field, n ? n : 1);
	uint32_t end = 0;
	for (size_t i = 0; i < n; i++) {
		f[i] = (struct type_field){.name = args[i].name, .type = arg_type(c, &args[i]), .offset = args[i].offset};
		if (args[i].offset + args[i].size > end)
			end = args[i].offset + args[i].size;
	}
	t->kind = TY_RECORD;
	t->count = (uint32_t)n;
	t->fields = f;
	t->size = end;
	t->align = 8;
	return t;
}

/* An attach point's text with every $N replaced by positional parameter N (missing ones read as
 * empty), so `i:ms:$1` or even `$1` alone name a probe given on the command line. */
static const char *substitute_positionals(struct check_ctx *c, const char *text)
{
	if (!strchr(text, '$'))
		return text;
	struct strbuf sb = {0};
	for (const char *p = text; *p;) {
		if (p[0] == '$' && isdigit((unsigned char)p[1])) {
			char *end;
			unsigned long n = strtoul(p + 1, &end, 10);
			if (n >= 1 && n <= (unsigned long)c->prog->npositional)
				sb_puts(&sb, c->prog->positional[n - 1]);
			p = end;
		} else {
			sb_putc(&sb, *p++);
		}
	}
	const char *out = arena_strdup(c->arena, sb.buf ? sb.buf : "");
	sb_free(&sb);
	return out;
}

/* Whether an attach point that matches nothing is silently dropped (it was a pattern) rather than
 * reported missing: wildcards, and raw tracepoints without a module (any module may have them). */
static bool is_pattern(const struct probe_type *pt, const char *spec)
{
	if (strpbrk(spec, "*?["))
		return true;
	return probe_has(pt, PT_NAME_IS_PATTERN) && !strchr(spec, ':');
}

/* Runs once by sonde at the start or the end: kept by --probe-filter, and no probe to attach. */
static bool is_begin_end(const struct probe_type *pt)
{
	return pt->trigger == PROBE_AT_BEGIN || pt->trigger == PROBE_AT_END;
}

/* --probe-filter: begin/end always stay; other attach points stay when the regex matches their
 * probe name. */
static bool filtered_out(const struct mf_attach *at, const regex_t *filter)
{
	if (!filter || is_begin_end(at->type))
		return false;
	return regexec(filter, at->probe_name, 0, NULL, 0) != 0;
}

static int expand_attach_points(struct check_ctx *c, struct ast_node *probe, const regex_t *filter);

/* The builtin flags used anywhere in N's tree. */
static unsigned builtin_flags_used(struct check_ctx *c, const struct ast_node *n)
{
	unsigned flags = 0;
	for (; n; n = n->next) {
		if (n->kind == AST_IDENT || n->kind == AST_CALL) {
			const struct builtin *b = sema_builtin(c, n->str, n->kind == AST_CALL ? BUILTIN_CALL : BUILTIN_VAR);
			flags |= b ? b->flags : 0;
		}
		const struct ast_node *kids[] = {n->a, n->b, n->c, n->d, n->list};
		for (size_t i = 0; i < ARRAY_LEN(kids); i++)
			flags |= builtin_flags_used(c, kids[i]);
	}
	return flags;
}

static bool same_args(const struct probe_arg *a, size_t na, const struct probe_arg *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i].name, b[i].name) != 0 || strcmp(a[i].c_type, b[i].c_type) != 0 ||
		    a[i].offset != b[i].offset || a[i].size != b[i].size || a[i].is_signed != b[i].is_signed ||
		    a[i].is_data_loc != b[i].is_data_loc)
			return false;
	return true;
}

static bool same_arglocs(const struct probe_argloc *a, size_t na, const struct probe_argloc *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].kind != b[i].kind || a[i].size != b[i].size || a[i].is_signed != b[i].is_signed ||
		    a[i].reg != b[i].reg || a[i].index_reg != b[i].index_reg || a[i].scale != b[i].scale ||
		    a[i].value != b[i].value)
			return false;
	return true;
}

/* Where one attach point's arguments are, as its probe type says: `args` fields, argN places. */
struct arg_layout {
	struct probe_arg *args;
	size_t nargs;
	bool have_args;
	struct probe_argloc *locs;
	size_t nlocs;
	bool have_locs;
};

static bool layout_fits(const struct sema_probe *q, const struct arg_layout *l)
{
	return (!l->have_args || same_args(q->args, q->nargs, l->args, l->nargs)) &&
	       (!l->have_locs || same_arglocs(q->arglocs, q->narglocs, l->locs, l->nlocs));
}

/* The program of PROBE that attach point AT joins, made when none fits: one per probe type; one
 * per attach point where the kernel binds a program to its target, where `probe` is read and the
 * type has no cookies, or one per layout of `args` and of argN's places. */
static struct sema_probe *program_for(struct check_ctx *c, struct ast_node *probe, const struct mf_attach *at,
                                      unsigned used, const struct arg_layout *l)
{
	bool alone = probe_has(at->type, PT_PROGRAM_PER_ATTACH) ||
	             ((used & BUILTIN_PER_ATTACH_POINT) && !probe_has(at->type, PT_COOKIE));
	for (size_t j = 0; j < c->prog->nprobes && !alone; j++) {
		struct sema_probe *q = c->prog->probes[j];
		if (q->node == probe && q->type == at->type && layout_fits(q, l))
			return q;
	}
	struct sema_probe *sp = new_program(c, probe, at->type);
	if (l->have_args) {
		sp->args = l->args;
		sp->nargs = l->nargs;
		sp->args_type = args_record(c, sp->args, sp->nargs);
	}
	sp->arglocs = l->locs;
	sp->narglocs = l->nlocs;
	sp->have_arglocs = l->have_locs;
	struct probe_arg ret;
	char err[256] = "";
	if (at->type->retval && at->type->retval(at, c->arena, &ret, err, sizeof(err)) == 0)
		sp->retval_type = arg_type(c, &ret);
	return sp;
}

/* AT's layout, read only when the body reads its arguments (reading DWARF or BTF costs) or where
 * retval sits after them (fexit). Returns -1 when the body's args cannot be read (reported). */
static int read_layout(struct check_ctx *c, const struct mf_attach *at, unsigned used,
                       struct arg_layout *l)
{
	char err[256] = "";
	bool wanted = (used & BUILTIN_READS_ARGS) || probe_has(at->type, PT_RETVAL_AFTER_ARGS);
	l->have_args = at->type->args && wanted && at->type->args(at, c->arena, &l->args, &l->nargs, err, sizeof(err)) == 0;
	if (!l->have_args && err[0] && (used & BUILTIN_READS_ARGS)) {
		diag_error(c->diags, at->loc, "%s", err);   /* the body reads args, which this point lacks */
		return -1;
	}
	if (!at->type->arg_locations || !(used & BUILTIN_READS_ARGN))
		return 0;
	if (at->type->arg_locations(at, c->arena, &l->locs, &l->nlocs, err, sizeof(err)) < 0) {
		diag_error(c->diags, at->loc, "%s", err);
		return -1;
	}
	l->have_locs = true;
	return 0;
}

/* Puts the attach points of PROBE into programs, and types each program's `args` from its first
 * attach point. Returns the number of errors. */
static int group_programs(struct check_ctx *c, struct ast_node *probe, struct attach_list *all)
{
	unsigned used = builtin_flags_used(c, probe->a) | builtin_flags_used(c, probe->b);
	for (size_t i = 0; i < all->count; i++) {
		const struct mf_attach *at = &all->items[i];
		struct arg_layout l = {0};
		if (read_layout(c, at, used, &l) < 0)
			return 1;
		struct sema_probe *sp = program_for(c, probe, at, used, &l);
		core_attach_push(c->arena, &sp->attach, *at);
		sp->cookies = (used & BUILTIN_PER_ATTACH_POINT) && sp->attach.count > 1;
	}
	return 0;
}


/* Attaching very many probes can stall the kernel for minutes: bpftrace's max_probes limit. */
static int check_probe_count(struct check_ctx *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->prog->nprobes; i++)
		n += c->prog->probes[i]->attach.count;
	if (n <= c->prog->config.max_probes)
		return 0;
	diag_plain_error(c->diags, "Can't attach to %zu probes because it exceeds the current limit of %llu probes. "
	                 "The max_probes config (or BPFTRACE_MAX_PROBES) raises it, but BE CAREFUL since a high "
	                 "number of probes attached can cause your system to crash.", n,
	                 (unsigned long long)c->prog->config.max_probes);
	return 1;
}

/* bpftrace's max_bpf_progs: a program per probe, or per attach point where the kernel binds a
 * program to one (fentry). */
static int check_program_count(struct check_ctx *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->prog->nprobes; i++) {
		const struct sema_probe *p = c->prog->probes[i];
		size_t k = p->attach.count;
		n += k && probe_has(p->attach.items[0].type, PT_PROGRAM_PER_ATTACH) ? k : 1;
	}
	if (n <= c->prog->config.max_bpf_progs)
		return 0;
	diag_plain_error(c->diags, "The script would make %zu BPF programs, more than the current limit of %llu (the "
	                 "max_bpf_progs config, or BPFTRACE_MAX_BPF_PROGS, raises it)",
	                 n, (unsigned long long)c->prog->config.max_bpf_progs);
	return 1;
}

/* An iterator runs once, read by sonde, and the run ends: the script's only probe beside begin
 * and end. */
static int check_iterator_alone(struct check_ctx *c)
{
	const struct mf_attach *iter = NULL, *other = NULL;
	for (size_t i = 0; i < c->prog->nprobes; i++)
		for (size_t j = 0; j < c->prog->probes[i]->attach.count; j++) {
			const struct mf_attach *at = &c->prog->probes[i]->attach.items[j];
			if (is_begin_end(at->type))
				continue;
			if (probe_has(at->type, PT_ITERATOR) && !iter)
				iter = at;
			else if (!other)
				other = at;
		}
	if (!iter || !other)
		return 0;
	if (probe_has(other->type, PT_ITERATOR))
		diag_error(c->diags, other->loc, "%s probe only supports one attach point.", other->type->name);
	else
		diag_error(c->diags, other->loc, "%s cannot be used with %s: an iterator runs alone, beside begin and end only",
		           other->probe_name, iter->probe_name);
	return 1;
}

/* What is checked of the whole program once the last probe has been expanded. */
static int check_program(struct check_ctx *c, struct ast_node *probe)
{
	for (struct ast_node *n = probe->next; n; n = n->next)
		if (n->kind == AST_PROBE)
			return 0;   /* not the last probe yet */
	int errors = check_iterator_alone(c);
	if (!errors)
		errors = check_probe_count(c);
	return errors ? errors : check_program_count(c);
}

int sema_expand_probe(struct check_ctx *c, struct ast_node *probe)
{
	if (!c->opts || !c->opts->probe_filter) {
		int errors = expand_attach_points(c, probe, NULL);
		return errors ? errors : check_program(c, probe);
	}
	regex_t re;
	int rc = regcomp(&re, c->opts->probe_filter, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char why[256];
		regerror(rc, &re, why, sizeof(why));
		diag_plain_error(c->diags, "Invalid --probe-filter regex '%s': %s", c->opts->probe_filter, why);
		return 1;
	}
	int errors = expand_attach_points(c, probe, &re);
	regfree(&re);
	return errors ? errors : check_program(c, probe);
}

static int expand_attach_points(struct check_ctx *c, struct ast_node *probe, const regex_t *filter)
{
	struct attach_list all = {.unsafe = c->opts->unsafe, .traceable_functions = c->opts->traceable_functions,
	                          .pid = c->opts->pid, .debuginfo = c->opts->debuginfo};
	int errors = 0;
	enum sema_missing_probes missing = c->prog->config.missing_probes;
	for (struct ast_node *ap = probe->list; ap; ap = ap->next) {
		const char *text = substitute_positionals(c, ap->str);
		const char *colon = strchr(text, ':');
		char prov[64];
		size_t n = colon ? (size_t)(colon - text) : strlen(text);
		if (n >= sizeof(prov))
			n = sizeof(prov) - 1;
		memcpy(prov, text, n);
		prov[n] = '\0';
		const struct probe_type *pv = core_probe_type(c->opts->registry, prov);
		if (!pv) {
			sema_error_node(c, ap, "Invalid probe type: %s", prov);
			errors++;
			continue;
		}
		char err[256] = "";
		const char *spec = colon ? colon + 1 : "";
		size_t before = all.count;
		all.warning = NULL;
		int rc = pv->expand(pv, spec, c->arena, &all, err, sizeof(err));
		if (all.warning)
			sema_warning_node(c, ap, "%s", all.warning);
		if (rc < 0) {
			sema_error_node(c, ap, "%s", err[0] ? err : "Invalid attach point");
			errors++;
			continue;
		}
		for (size_t k = before; k < all.count; k++)
			all.items[k].loc = ap->loc;   /* attach errors at run time point back here */
		if (all.count == before && !is_pattern(pv, spec)) {
			/* As bpftrace: the missing_probes config decides whether this is fatal; ERR is
			 * the type's hint at where to look instead, if it has one. */
			if (missing == MISSING_PROBES_ERROR) {
				sema_error_node(c, ap, "No matches for %s %s.%s%s", pv->name, spec, err[0] ? " " : "", err);
				errors++;
			} else if (missing == MISSING_PROBES_WARN) {
				sema_warning_node(c, ap, "No matches for %s %s. Skipping.%s%s", pv->name, spec,
				             err[0] ? " " : "", err);
			}
		}
		/* Attach points the --probe-filter rejects are dropped as if never written. */
		size_t keep = before;
		for (size_t i = before; i < all.count; i++)
			if (!filtered_out(&all.items[i], filter))
				all.items[keep++] = all.items[i];
		all.count = keep;
	}
	if (errors)
		return errors;
	if (all.count == 0) {
		if (filter)
			return 0;   /* filtered away: not a missing probe */
		if (missing == MISSING_PROBES_ERROR) {
			sema_error_node(c, probe,
			           "Probe has no valid attach points. If this is expected, set the 'missing_probes' "
			           "config variable to 'warn'.");
			return 1;
		}
		if (missing == MISSING_PROBES_WARN)
			sema_warning_node(c, probe,
			             "Probe has no valid attach points. It is being removed which may cause issues "
			             "with program behavior.");
		return 0;
	}
	return group_programs(c, probe, &all);
}
