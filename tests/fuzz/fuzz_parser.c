/* libFuzzer target for the parser: any bytes must parse (or be rejected with diagnostics)
 * without crashing, leaking or tripping ASan/UBSan, and any tree built must print. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/parser.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Diagnostics and the printed tree are exercised but not kept; opened once per process. */
	static FILE *sink;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();

	/* The parser is handed NUL-terminated text, as cli/ reads it. */
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';

	struct source src = {.name = "fuzz.bt", .text = text, .len = size};
	struct diags diags = {.src = &src, .out = sink};
	struct arena arena = {0};
	struct parse_result r = parse_source(&src, &arena, &diags);
	if (r.program && r.errors == 0)
		ast_print(sink, r.program);
	arena_free(&arena);
	free(text);
	return 0;
}
