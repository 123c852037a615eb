/* The BPF module's lifecycle: LLVM context, target machine, debug compile unit, diagnostics,
 * and bpfmod_finish (verify, default<O2>, emit). IR building lives in bpfmod_emit.c. */
#include "codegen/bpfmod.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#define BPF_TRIPLE "bpfel" /* bpfeb objects are refused by libbpf on little-endian hosts */
#define BPF_CPU "v3"       /* v3 implies alu32 and 32-bit jumps */

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

__attribute__((format(printf, 1, 2))) static char *xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* Takes ownership of an LLVM-allocated message and returns a malloc'd copy without the trailing
 * newline some LLVM messages carry, so callers can format it like any other error. */
static char *take_llvm_message(char *msg, const char *fallback)
{
	char *copy = xstrdup(msg && *msg ? msg : fallback);
	if (msg)
		LLVMDisposeMessage(msg);
	for (size_t n = copy ? strlen(copy) : 0; n > 0 && (copy[n - 1] == '\n' || copy[n - 1] == ' '); n--)
		copy[n - 1] = '\0';
	return copy;
}

/* Without a handler, a backend error prints and calls exit(1) inside emission; with one,
 * emission "succeeds", so errors are counted here and checked after. Remarks and warnings
 * arrive here too and are dropped. */
static void on_diagnostic(LLVMDiagnosticInfoRef di, void *opaque)
{
	struct bpfmod *m = opaque;
	if (LLVMGetDiagInfoSeverity(di) != LLVMDSError)
		return;
	if (m->backend_errors++ == 0) {
		char *desc = LLVMGetDiagInfoDescription(di);
		m->backend_msg = take_llvm_message(desc, "unknown LLVM backend error");
	}
}

static void init_bpf_target(void)
{
	/* All four are needed (each missing one fails differently); they are idempotent. */
	LLVMInitializeBPFTargetInfo();
	LLVMInitializeBPFTarget();
	LLVMInitializeBPFTargetMC();
	LLVMInitializeBPFAsmPrinter();
}

static LLVMTargetMachineRef create_target_machine(char **err)
{
	LLVMTargetRef target;
	char *msg = NULL;
	init_bpf_target();
	if (LLVMGetTargetFromTriple(BPF_TRIPLE, &target, &msg)) {
		*err = take_llvm_message(msg, "BPF target not registered");
		return NULL;
	}
	if (msg)
		LLVMDisposeMessage(msg);
	LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, BPF_TRIPLE, BPF_CPU, "", LLVMCodeGenLevelDefault,
	                                                  LLVMRelocDefault, LLVMCodeModelDefault);
	if (!tm)
		*err = xstrdup("cannot create the BPF target machine");
	return tm;
}

static void set_target(struct bpfmod *m)
{
	LLVMSetTarget(m->mod, BPF_TRIPLE);
	LLVMTargetDataRef td = LLVMCreateTargetDataLayout(m->tm);
	char *layout = LLVMCopyStringRepOfTargetData(td);
	LLVMSetDataLayout(m->mod, layout);
	LLVMDisposeMessage(layout);
	LLVMDisposeTargetData(td);
}

/* A Full compile unit: without it there is no .BTF and libbpf refuses the .maps section. */
static void create_debug_unit(struct bpfmod *m, const char *src_name)
{
	static const char producer[] = "sonde";
	const char *slash = strrchr(src_name, '/');
	const char *base = slash ? slash + 1 : src_name;
	size_t dirlen = slash ? (size_t)(slash - src_name) : 0;

	m->di = LLVMCreateDIBuilder(m->mod);
	m->di_file = LLVMDIBuilderCreateFile(m->di, base, strlen(base), slash ? src_name : ".", slash ? dirlen : 1);
	m->di_cu = LLVMDIBuilderCreateCompileUnit(m->di, LLVMDWARFSourceLanguageC, m->di_file, producer,
	                                          sizeof producer - 1, 1, "", 0, 0, "", 0, LLVMDWARFEmissionFull,
	                                          0, 0, 0, "", 0, "", 0);
	/* Keeps debug info when IR is written out and read back. */
	LLVMValueRef ver = LLVMConstInt(LLVMInt32TypeInContext(m->ctx), LLVMDebugMetadataVersion(), 0);
	LLVMAddModuleFlag(m->mod, LLVMModuleFlagBehaviorWarning, "Debug Info Version", 18, LLVMValueAsMetadata(ver));
}

struct bpfmod *bpfmod_new(const char *name, const char *src_name, char **err)
{
	*err = NULL;
	struct bpfmod *m = calloc(1, sizeof *m);
	if (!m) {
		*err = xstrdup("out of memory");
		return NULL;
	}
	m->tm = create_target_machine(err);
	if (!m->tm) {
		free(m);
		return NULL;
	}
	m->ctx = LLVMContextCreate();
	LLVMContextSetDiagnosticHandler(m->ctx, on_diagnostic, m);
	m->mod = LLVMModuleCreateWithNameInContext(name, m->ctx);
	set_target(m);
	m->b = LLVMCreateBuilderInContext(m->ctx);
	create_debug_unit(m, src_name ? src_name : name);
	return m;
}

void bpfmod_free(struct bpfmod *m)
{
	if (!m)
		return;
	if (m->di)
		LLVMDisposeDIBuilder(m->di);
	if (m->b)
		LLVMDisposeBuilder(m->b);
	if (m->mod)
		LLVMDisposeModule(m->mod);
	if (m->ctx)
		LLVMContextDispose(m->ctx);
	if (m->tm)
		LLVMDisposeTargetMachine(m->tm);
	free(m->backend_msg);
	free(m);
}

/* `char LICENSE[] SEC("license") = "GPL";` — GPL-only helpers need it. */
static void add_license(struct bpfmod *m)
{
	if (LLVMGetNamedGlobal(m->mod, "LICENSE"))
		return;
	LLVMValueRef str = LLVMConstStringInContext(m->ctx, "GPL", 3, 0);
	LLVMValueRef gv = LLVMAddGlobal(m->mod, LLVMTypeOf(str), "LICENSE");
	LLVMSetInitializer(gv, str);
	LLVMSetSection(gv, "license");
	LLVMSetAlignment(gv, 1);
}

static int verify(struct bpfmod *m, char **err)
{
	char *msg = NULL;
	if (LLVMVerifyModule(m->mod, LLVMReturnStatusAction, &msg)) {
		char *text = take_llvm_message(msg, "invalid module");
		*err = xprintf("internal error: generated IR is invalid: %s", text);
		free(text);
		return -1;
	}
	if (msg)
		LLVMDisposeMessage(msg);
	return 0;
}

static int optimise(struct bpfmod *m, char **err)
{
	LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
	LLVMErrorRef e = LLVMRunPasses(m->mod, "default<O2>", m->tm, opts);
	LLVMDisposePassBuilderOptions(opts);
	if (!e)
		return 0;
	char *msg = LLVMGetErrorMessage(e);
	*err = xprintf("internal error: optimisation failed: %s", msg);
	LLVMDisposeErrorMessage(msg);
	return -1;
}

/* Copies N bytes into a malloc'd buffer with a NUL after them (handy for text outputs). */
static int copy_out(const char *data, size_t n, void **buf, size_t *len, char **err)
{
	char *p = malloc(n + 1);
	if (!p) {
		*err = xstrdup("out of memory");
		return -1;
	}
	memcpy(p, data, n);
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
}

static int emit_machine(struct bpfmod *m, LLVMCodeGenFileType type, void **buf, size_t *len, char **err)
{
	LLVMMemoryBufferRef mb = NULL;
	char *msg = NULL;
	if (LLVMTargetMachineEmitToMemoryBuffer(m->tm, m->mod, type, &msg, &mb)) {
		char *text = take_llvm_message(msg, "emission failed");
		*err = xprintf("internal error: BPF emission failed: %s", text);
		free(text);
		return -1;
	}
	if (msg)
		LLVMDisposeMessage(msg);
	int rc = copy_out(LLVMGetBufferStart(mb), LLVMGetBufferSize(mb), buf, len, err);
	LLVMDisposeMemoryBuffer(mb);
	return rc;
}

static int emit_ir(struct bpfmod *m, void **buf, size_t *len, char **err)
{
	char *text = LLVMPrintModuleToString(m->mod);
	int rc = copy_out(text, strlen(text), buf, len, err);
	LLVMDisposeMessage(text);
	return rc;
}

static int emit(struct bpfmod *m, enum bpfmod_output output, void **buf, size_t *len, char **err)
{
	switch (output) {
	case BPFMOD_ELF: return emit_machine(m, LLVMObjectFile, buf, len, err);
	case BPFMOD_ASM: return emit_machine(m, LLVMAssemblyFile, buf, len, err);
	case BPFMOD_IR: return emit_ir(m, buf, len, err); /* after O2: the IR the BPF comes from */
	case BPFMOD_IR_UNOPTIMISED: return emit_ir(m, buf, len, err);
	}
	*err = xstrdup("internal error: unknown output kind");
	return -1;
}

/* Backend errors (e.g. the 512-byte stack limit) only surface through the diagnostic handler. */
static int check_backend(struct bpfmod *m, void **buf, size_t *len, char **err)
{
	if (m->backend_errors == 0)
		return 0;
	*err = xstrdup(m->backend_msg ? m->backend_msg : "LLVM backend error");
	free(*buf);
	*buf = NULL;
	*len = 0;
	return -1;
}

int bpfmod_finish(struct bpfmod *m, enum bpfmod_output output, void **buf, size_t *len, char **err)
{
	*buf = NULL;
	*len = 0;
	*err = NULL;
	m->backend_errors = 0;
	free(m->backend_msg);
	m->backend_msg = NULL;

	add_license(m);
	LLVMDIBuilderFinalize(m->di);
	if (verify(m, err) || (output != BPFMOD_IR_UNOPTIMISED && optimise(m, err)))
		return -1;
	if (output != BPFMOD_IR_UNOPTIMISED)
		bpfmod_split_long_blocks(m);
	if (m->backend_errors)
		return check_backend(m, buf, len, err);
	if (emit(m, output, buf, len, err))
		return -1;
	return check_backend(m, buf, len, err);
}
