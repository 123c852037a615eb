/* docgen: writes the man page and the shell completions from templates, filling their @KEY@
 * placeholders from the option table (cli/options.c) and the probe-type records (runtime/attach/),
 * so the help text, the page and the completions describe the same options. */
#ifndef SONDE_DOCGEN_H
#define SONDE_DOCGEN_H

#include <stdbool.h>
#include <stdio.h>

#include "runtime/runtime.h"

/* Each writes the value of placeholder KEY for its output; false when it has no such key. */
bool docgen_fill_man(FILE *out, const char *key);
bool docgen_fill_bash(FILE *out, const char *key);
bool docgen_fill_zsh(FILE *out, const char *key);

#endif
