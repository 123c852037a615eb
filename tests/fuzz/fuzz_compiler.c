/* libFuzzer targets for the whole compiler: parse, sema, codegen to a BPF object and, with
 * SONDE_FUZZ_LOAD=1 (root), a --dry-run load through the kernel's verifier. fuzz_compiler takes
 * program text (scripts/fuzz.sh seeds it with the conformance PROGs, which libFuzzer mutates);
 * fuzz_generate (built with FUZZ_GENERATE) reads its bytes as the choices of a generator of
 * well-typed programs (gen.c). Besides a crash or a sanitizer report, a finding is a rejection
 * that is not located: an internal error, or an error without a script location (the counts
 * struct diags keeps).
 * SONDE_FUZZ_SHOW=1 prints each program and its diagnostics. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/codegen.h"
#include "runtime/runtime.h"
#include "sema/sema.h"
#include "stdlib/stdlib.h"
#include "tests/fuzz/gen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs TEXT through every stage, its diagnostics into DIAGS_OUT. Returns whether one was a
 * finding: an internal error, or an error with no place in the script. */
static bool compile_text(char *text, size_t len, FILE *diags_out, FILE *sink)
{
	static const struct core_registry registry = {.probe_types = runtime_probe_types, .builtin = stdlib_builtin};
	struct source src = {.name = "fuzz.bt", .text = text, .len = len};
	struct diags diags = {.src = &src, .out = diags_out};
	struct arena arena = {0};
	struct parse_result r = parse_script(&src, &arena, &diags);
	struct typed_program typed;
	struct sema_options so = {.registry = &registry};
	if (r.program && r.errors == 0 && sema_check(r.program, &so, &arena, &diags, &typed) == 0) {
		struct codegen_result res;
		if (codegen_compile(&typed, CODEGEN_ELF, &arena, &diags, &res) == 0) {
			const char *load = getenv("SONDE_FUZZ_LOAD");
			if (load && strcmp(load, "1") == 0) {
				struct rt_options ro = {.out = sink, .format = OUTPUT_TEXT, .quiet = true, .dry_run = true};
				runtime_run(res.data, res.len, &res.manifest, &ro, &diags);
			}
			free(res.data);
		}
	}
	arena_free(&arena);
	return diags.internal > 0 || diags.unlocated > 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();
#ifdef FUZZ_GENERATE
	size_t len;
	char *text = gen_program(data, size, &len);
#else
	char *text = malloc(size + 1);
	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
	}
	size_t len = size;
#endif
	if (!text)
		abort();
	char *diag = NULL;
	size_t diag_len = 0;
	FILE *d = open_memstream(&diag, &diag_len);
	if (!d)
		abort();
	bool finding = compile_text(text, len, d, sink);
	fclose(d);
	if (getenv("SONDE_FUZZ_SHOW"))   /* to see what the generator writes, and what becomes of it */
		fprintf(stderr, "---- program ----\n%s---- diagnostics ----\n%s", text, diag);
	if (finding) {
		fprintf(stderr, "---- program ----\n%s\n---- diagnostics ----\n%s", text, diag);
		abort();
	}
	free(diag);
	free(text);
	return 0;
}
