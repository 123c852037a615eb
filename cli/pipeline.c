/* The stages after parsing: sema and codegen (on a thread with a large stack, for deep scripts),
 * then the --emit output or the runtime on the main thread, where signals are handled. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "cli/pipeline.h"
#include "cli/options.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "codegen/codegen.h"
#include "runtime/runtime.h"
#include "sema/sema.h"
#include "stdlib/stdlib.h"

/* --emit=types: every map's key and value type and every probe's variables. */
static void print_types(FILE *out, const struct typed_program *p)
{
	char k[256], v[256];
	for (size_t i = 0; i < p->nmaps; i++) {
		type_name(p->maps[i]->key, k, sizeof(k));
		type_name(p->maps[i]->value, v, sizeof(v));
		if (p->maps[i]->key)
			fprintf(out, "map %s[%s]: %s\n", p->maps[i]->name, k, v);
		else
			fprintf(out, "map %s: %s\n", p->maps[i]->name, v);
	}
	for (size_t i = 0; i < p->nprobes; i++) {
		const struct sema_probe *sp = p->probes[i];
		fprintf(out, "probe %zu (%zu attach point%s", i, sp->attach.count, sp->attach.count == 1 ? "" : "s");
		for (size_t j = 0; j < sp->attach.count && j < 3; j++)
			fprintf(out, "%s%s", j ? ", " : ": ", sp->attach.items[j].probe_name);
		fprintf(out, "%s)\n", sp->attach.count > 3 ? ", ..." : "");
		for (size_t j = 0; j < sp->nvars; j++) {
			type_name(sp->vars[j]->type, v, sizeof(v));
			fprintf(out, "  var %s: %s\n", sp->vars[j]->name, v);
		}
	}
}

static int write_file(const char *path, const void *data, size_t len, struct diags *diags)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		diag_plain_error(diags, "failed to write '%s'", path);
		return 1;
	}
	return 0;
}

static bool param_declared(const struct typed_program *p, const char *given)
{
	size_t len = strcspn(given, "=");
	for (size_t i = 0; i < p->nparams; i++)
		if (strlen(p->params[i].name) == len && strncmp(p->params[i].name, given, len) == 0)
			return true;
	return false;
}

/* The program's options as the hint lists them: on one line, or one per line with their
 * descriptions when any has one (as `-- --help` shows them). */
static void print_param_hint(FILE *out, const struct typed_program *p)
{
	if (p->nparams == 0) {
		fputs("HINT: no custom program options defined.\n", out);
		return;
	}
	bool described = false;
	for (size_t i = 0; i < p->nparams; i++)
		described |= p->params[i].description != NULL;
	fputs(described ? "HINT: expected program options:\n" : "HINT: expected program options: ", out);
	for (size_t i = 0; i < p->nparams; i++) {
		const struct sema_param *sp = &p->params[i];
		if (described)
			fprintf(out, "  --%s%s%s\n", sp->name, sp->description ? ": " : "", sp->description ? sp->description : "");
		else
			fprintf(out, "%s--%s", i ? ", " : "", sp->name);
	}
	if (!described)
		fputc('\n', out);
}

/* `--name=value` program options against the script's getopt() calls: unknown names (`--help`
 * just lists the known ones) and values that do not fit. Returns 0 when all is well. */
static int check_named_params(const struct pipeline_opts *o, const struct typed_program *p, struct diags *diags)
{
	char *unknown = NULL;
	size_t unknown_len = 0;
	FILE *u = open_memstream(&unknown, &unknown_len);
	if (!u) {
		diag_plain_error(diags, "out of memory");
		return 1;
	}
	bool any = false, help = false;
	for (int i = 0; i < o->nnamed_params; i++) {
		const char *given = o->named_params[i];
		if (param_declared(p, given))
			continue;
		if (strcmp(given, "help") == 0) {
			help = true;
			continue;
		}
		fprintf(u, "%s--%.*s", any ? ", " : "", (int)strcspn(given, "="), given);
		any = true;
	}
	fclose(u);
	if (any)
		diag_plain_error(diags, "unexpected program command line options: %s", unknown);
	free(unknown);
	if (any || help) {
		fflush(stdout);
		print_param_hint(diags->out, p);
		return 1;
	}
	for (size_t i = 0; i < p->nparams; i++)
		if (p->params[i].error) {
			diag_plain_error(diags, "program command line option --%s %s", p->params[i].name, p->params[i].error);
			return 1;
		}
	return 0;
}

/* One compile: sema and codegen over the AST, or sema alone for --emit=types. */
struct compile_job {
	const struct pipeline_opts *o;
	struct ast_node *program;
	struct arena *arena;
	struct diags *diags;
	struct child *child;
	struct codegen_result res;   /* filled when status is 0 and the stop is not STOP_TYPES */
	int status;
};

/* The pid namespace sonde runs in, when it is not the initial one (whose inode number is fixed):
 * the programs then number tasks as this namespace's /proc does. */
static void pid_namespace(uint64_t *dev, uint64_t *ino)
{
	enum { PROC_PID_INIT_INO = 0xEFFFFFFC };
	struct stat st;
	*dev = *ino = 0;
	if (stat("/proc/self/ns/pid", &st) == 0 && st.st_ino != PROC_PID_INIT_INO) {
		*dev = (uint64_t)st.st_dev;
		*ino = (uint64_t)st.st_ino;
	}
}

/* -d's stages after sema, to stderr: each is compiled on its own, then the program runs. */
static int print_debug_stages(const struct pipeline_opts *o, const struct typed_program *typed, struct compile_job *j)
{
	if (o->debug & DEBUG_TYPES)
		print_types(stderr, typed);
	static const struct {
		unsigned bit;
		enum codegen_output out;
	} stages[] = {{DEBUG_CODEGEN, CODEGEN_IR_UNOPTIMISED}, {DEBUG_CODEGEN_OPT, CODEGEN_IR}, {DEBUG_DIS, CODEGEN_ASM}};
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		struct codegen_result r;
		if (!(o->debug & stages[i].bit))
			continue;
		if (codegen_compile(typed, stages[i].out, j->arena, j->diags, &r))
			return 1;
		fwrite(r.data, 1, r.len, stderr);
		free(r.data);
	}
	return 0;
}

static int compile(struct compile_job *j)
{
	const struct pipeline_opts *o = j->o;
	/* What sema needs of the stages after it: the probe-type records and the builtins. */
	static const struct core_registry registry = {.probe_types = runtime_probe_types, .builtin = stdlib_builtin};
	struct sema_options so = {.registry = &registry,
	                          .positional = o->positional, .npositional = o->npositional, .unsafe = o->unsafe,
	                          .no_features = o->no_features,
	                          .cpid = j->child ? j->child->pid : 0, .pid = o->pid, .named_params = o->named_params,
	                          .probe_filter = o->probe_filter, .traceable_functions = o->traceable_functions,
	                          .debuginfo = o->debuginfo,
	                          .include_dirs = o->include_dirs, .ninclude_dirs = o->ninclude_dirs,
	                          .include_files = o->include_files, .ninclude_files = o->ninclude_files,
	                          .btf_path = o->btf_path, .kernel_source = o->kernel_source,
	                          .kernel_build = o->kernel_build,
	                          .lookup_warnings = o->lookup_warnings,
	                          .nnamed_params = o->nnamed_params};
	pid_namespace(&so.pidns_dev, &so.pidns_ino);
	struct typed_program typed;
	if (sema_check(j->program, &so, j->arena, j->diags, &typed))
		return 1;
	if (check_named_params(o, &typed, j->diags))
		return 1;
	if (o->stop == STOP_TYPES) {
		print_types(stdout, &typed);
		return 0;
	}
	if (o->stop == STOP_NONE && print_debug_stages(o, &typed, j))
		return 1;
	enum codegen_output co = o->stop == STOP_IR ? CODEGEN_IR : o->stop == STOP_ASM ? CODEGEN_ASM : CODEGEN_ELF;
	return codegen_compile(&typed, co, j->arena, j->diags, &j->res) ? 1 : 0;
}

static void *compile_thread(void *job)
{
	struct compile_job *j = job;
	j->status = compile(j);
	return NULL;
}

/* sema and codegen recurse once per level of nesting, so a deep expression (50,000 operators)
 * overflows the usual 8 MiB stack. They run on a thread whose stack is reserved large; only the
 * pages a script reaches are ever committed. */
#define COMPILE_STACK_SIZE ((size_t)512 << 20)

static int compile_on_big_stack(struct compile_job *j)
{
	pthread_attr_t attr;
	pthread_t thread;
	if (pthread_attr_init(&attr) != 0)
		return compile(j);
	bool started = pthread_attr_setstacksize(&attr, COMPILE_STACK_SIZE) == 0 &&
	               pthread_create(&thread, &attr, compile_thread, j) == 0;
	pthread_attr_destroy(&attr);
	if (!started)
		return compile(j);   /* no such thread to be had: ordinary scripts fit the usual stack */
	pthread_join(thread, NULL);
	return j->status;
}

static int compile_and_run(const struct pipeline_opts *o, struct ast_node *program, struct arena *arena,
                           struct diags *diags, struct child *child)
{
	struct compile_job j = {.o = o, .program = program, .arena = arena, .diags = diags, .child = child};
	if (compile_on_big_stack(&j) != 0 || o->stop == STOP_TYPES)
		return j.status;
	struct codegen_result res = j.res;
	int status;
	if (o->stop == STOP_IR || o->stop == STOP_ASM) {
		fwrite(res.data, 1, res.len, stdout);
		status = 0;
	} else if (o->stop == STOP_ELF) {
		status = o->elf_path ? write_file(o->elf_path, res.data, res.len, diags)
		                     : fwrite(res.data, 1, res.len, stdout) == res.len ? 0 : 1;
	} else {
		struct rt_options ro = {
			.out = o->out, .format = o->json ? OUTPUT_JSON : OUTPUT_TEXT, .quiet = o->quiet,
			.verbose = o->verbose || (o->debug & (DEBUG_LIBBPF | DEBUG_VERIFIER)),
			.hold_output = o->hold_output, .mode = (enum rt_mode)o->mode,
			.no_features = o->no_features,
			.dry_run = o->dry_run, .unsafe = o->unsafe, .pid = o->pid, .no_warnings = o->no_warnings,
			.notify_attached = getenv("__BPFTRACE_NOTIFY_PROBES_ATTACHED") != NULL, .child = child,
			.positional = o->positional, .npositional = o->npositional,
		};
		status = runtime_run(res.data, res.len, &res.manifest, &ro, diags);
	}
	free(res.data);
	return status;
}

int pipeline_run(const struct pipeline_opts *o, struct ast_node *program, struct arena *arena, struct diags *diags)
{
	/* The child exists before compiling so that `cpid` is a constant in the program. */
	struct child child;
	if (o->cmd && o->stop == STOP_NONE) {
		char err[256];
		if (runtime_child_spawn(o->cmd, &child, err, sizeof(err)) < 0) {
			diag_plain_error(diags, "%s", err);
			return 1;
		}
	}
	bool has_child = o->cmd && o->stop == STOP_NONE;
	int status = compile_and_run(o, program, arena, diags, has_child ? &child : NULL);
	if (has_child)
		runtime_child_stop(&child);
	return status;
}
