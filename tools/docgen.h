/* docgen: writes the man page and the shell completions from templates, filling their @KEY@
 * placeholders from the option table (cli/options.c) and the probe type table (probe_types.c),
 * so the help text, the page and the completions describe the same options. */
#ifndef SONDE_DOCGEN_H
#define SONDE_DOCGEN_H

#include <stdbool.h>
#include <stdio.h>

/* One probe type as the man page and the completions present it. */
struct probe_type {
	const char *name;      /* "tracepoint" */
	const char *aliases;   /* other accepted spellings, space separated ("t"), or NULL */
	const char *syntax;    /* "tracepoint:CATEGORY:EVENT"; just the name when it takes nothing */
	bool takes_binary;     /* its first field is a binary: completes as a file */
	const char *text;      /* what it traces, for the man page */
};

/* The Ith probe type, or NULL past the last. */
const struct probe_type *probe_type(size_t i);

/* Each writes the value of placeholder KEY for its output; false when it has no such key. */
bool docgen_fill_man(FILE *out, const char *key);
bool docgen_fill_bash(FILE *out, const char *key);
bool docgen_fill_zsh(FILE *out, const char *key);

#endif
