/* docgen: `docgen man|bash|zsh TEMPLATE OUTPUT` copies TEMPLATE to OUTPUT, replacing each @KEY@
 * placeholder with text written from the option table (cli/options.c) and the probe types
 * (the runtime's records). The build runs it for the man page and both completions (cmake/packaging.cmake),
 * so they are remade whenever the table changes. */
#define _GNU_SOURCE
#include "tools/docgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SONDE_VERSION
#define SONDE_VERSION "0.0.0"
#endif

/* The length of an @KEY@ placeholder at P (KEY made of A-Z and _), or 0. */
static size_t placeholder_len(const char *p)
{
	if (p[0] != '@')
		return 0;
	size_t n = strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
	return n > 0 && p[1 + n] == '@' ? n + 2 : 0;
}

static bool fill_key(FILE *out, const char *key, bool (*fill)(FILE *, const char *))
{
	if (strcmp(key, "VERSION") == 0) {
		fputs(SONDE_VERSION, out);
		return true;
	}
	return fill(out, key);
}

/* Copies IN to OUT through FILL. A placeholder alone on its line stands for a block of lines
 * (which FILL ends with a newline); anywhere else for a word. Returns the number of errors. */
static int substitute(FILE *in, FILE *out, const char *path, bool (*fill)(FILE *, const char *))
{
	char *line = NULL;
	size_t cap = 0;
	int errors = 0;
	for (int lineno = 1; getline(&line, &cap, in) >= 0; lineno++) {
		size_t whole = placeholder_len(line);
		bool block = whole > 0 && (line[whole] == '\n' || line[whole] == '\0');
		for (const char *p = line; *p;) {
			size_t n = placeholder_len(p);
			if (n == 0) {
				fputc(*p++, out);
				continue;
			}
			char key[64];
			snprintf(key, sizeof(key), "%.*s", (int)(n - 2), p + 1);
			if (!fill_key(out, key, fill)) {
				fprintf(stderr, "%s:%d: unknown placeholder @%s@\n", path, lineno, key);
				errors++;
			}
			p += n;
			if (block)
				break;
		}
	}
	free(line);
	return errors;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *kind;
		bool (*fill)(FILE *, const char *);
	} kinds[] = {{"man", docgen_fill_man}, {"bash", docgen_fill_bash}, {"zsh", docgen_fill_zsh}};
	bool (*fill)(FILE *, const char *) = NULL;
	for (size_t i = 0; argc == 4 && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(argv[1], kinds[i].kind) == 0)
			fill = kinds[i].fill;
	if (!fill) {
		fprintf(stderr, "usage: docgen man|bash|zsh TEMPLATE OUTPUT\n");
		return 2;
	}
	FILE *in = fopen(argv[2], "r");
	if (!in) {
		perror(argv[2]);
		return 1;
	}
	FILE *out = fopen(argv[3], "w");
	if (!out) {
		perror(argv[3]);
		fclose(in);
		return 1;
	}
	int errors = substitute(in, out, argv[2], fill);
	fclose(in);
	if (fclose(out) != 0) {
		perror(argv[3]);
		errors++;
	}
	if (errors)
		remove(argv[3]);   /* no half-written page for make to trust */
	return errors ? 1 : 0;
}
