/* cli input: the script text named by the options, read whole into a `struct source` and parsed. */
#ifndef SONDE_CLI_INPUT_H
#define SONDE_CLI_INPUT_H

#include "cli/options.h"
#include "parser/parser.h"

/* Fills SRC from -e, standard input ("-") or a file; the text is heap memory released by
 * input_free. Reports to DIAGS and returns false when the script cannot be read. */
bool input_load(const struct options *opts, struct source *src, struct diags *diags);
/* SRC parsed as a script, its imports resolved beside the script file (or the current directory
 * for -e and standard input) and then in the -I directories. */
struct parse_result input_parse(const struct options *opts, const struct source *src, struct arena *arena,
                                struct diags *diags);
void input_free(struct source *src);

#endif
