/* docgen, man page: the OPTIONS, PROBES and EXAMPLES sections of sonde(1) in roff, from the
 * option table, the probe types and the usage examples. */
#include "tools/docgen.h"

#include <ctype.h>
#include <string.h>

#include "cli/options.h"

/* Writes TEXT as roff text: backslashes, minus signs and quotes escaped so that they print (and
 * copy) as typed, and a leading dot or quote kept from reading as a request. */
static void roff(FILE *out, const char *text)
{
	if (text[0] == '.' || text[0] == '\'')
		fputs("\\&", out);
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '\\': fputs("\\e", out); break;
		case '-': fputs("\\-", out); break;
		case '\'': fputs("\\(aq", out); break;
		case '`': fputs("\\(ga", out); break;
		case '^': fputs("\\(ha", out); break;
		case '~': fputs("\\(ti", out); break;
		default: fputc(*p, out);
		}
	}
}

/* TEXT with a capital first letter, then END. */
static void sentence(FILE *out, const char *text, char end)
{
	char first[2] = {(char)toupper((unsigned char)text[0]), '\0'};
	roff(out, first);
	roff(out, text + 1);
	fputc(end, out);
}

#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

/* A syntax such as "tracepoint:CATEGORY:EVENT": upper-case words (placeholders) in italics, the
 * rest in bold. A word with digits (SIGUSR1) is literal. */
static void syntax(FILE *out, const char *s)
{
	while (*s) {
		size_t n = strspn(s, UPPER "_");
		bool placeholder = n > 0 && !isdigit((unsigned char)s[n]);
		if (!placeholder) {
			n += strspn(s + n, UPPER "_0123456789");   /* a literal such as SIGUSR1 */
			n += strcspn(s + n, UPPER);                /* up to the next upper-case word */
		}
		char run[128];
		snprintf(run, sizeof(run), "%.*s", (int)n, s);
		fputs(placeholder ? "\\fI" : "\\fB", out);
		roff(out, run);
		fputs("\\fR", out);
		s += n;
	}
}

static void option_heading(FILE *out, const struct option_doc *doc)
{
	fputs(".TP\n", out);
	if (doc->short_name)
		fprintf(out, "\\fB\\-%c\\fR%s", doc->short_name, doc->name ? ", " : "");
	if (doc->name) {
		fputs("\\fB\\-\\-", out);
		roff(out, doc->name);
		fputs("\\fR", out);
	}
	if (doc->arg) {
		fputs(" \\fI", out);
		roff(out, doc->arg);
		fputs("\\fR", out);
	}
	fputc('\n', out);
}

static void option_body(FILE *out, const struct option_doc *doc)
{
	sentence(out, doc->summary, '.');
	for (size_t i = 0; doc->choices && doc->choices[i]; i++) {
		fputs(i == 0 ? " Values: \\fB" : ", \\fB", out);
		roff(out, doc->choices[i]);
		fputs(doc->choices[i + 1] ? "\\fR" : "\\fR.", out);
	}
	if (!doc->implemented)
		fputs(" Not implemented yet: sonde accepts and checks it, then stops with an error.", out);
	if (doc->details) {
		fputc(' ', out);
		roff(out, doc->details);
	}
	fputc('\n', out);
}

static void options_section(FILE *out)
{
	const struct option_doc *doc;
	for (size_t i = 0; (doc = option_doc(i)); i++) {
		if (i == 0 || doc->group != option_doc(i - 1)->group) {
			fputs(".SS ", out);
			roff(out, option_group_title(doc->group));
			fputc('\n', out);
		}
		option_heading(out, doc);
		option_body(out, doc);
	}
}

/* One entry per probe-type record, in the records' own words. */
static void probes_section(FILE *out)
{
	for (const struct probe_type *const *pt = runtime_probe_types; *pt; pt++) {
		const struct probe_type *t = *pt;
		fputs(".TP\n", out);
		syntax(out, t->synopsis);
		fputc('\n', out);
		roff(out, t->help);
		for (const char *const *a = t->aliases; a && *a; a++) {
			fputs(a == t->aliases ? " Also written \\fB" : "\\fR or \\fB", out);
			roff(out, *a);
			if (!a[1])
				fputs("\\fR.", out);
		}
		fputc('\n', out);
	}
}

static void examples_section(FILE *out)
{
	const struct usage_example *ex;
	for (size_t i = 0; (ex = usage_example(i)); i++) {
		fputs(".PP\n", out);
		sentence(out, ex->what, ':');
		fputs("\n.RS\n.EX\n", out);
		roff(out, ex->command);
		fputs("\n.EE\n.RE\n", out);
	}
}

bool docgen_fill_man(FILE *out, const char *key)
{
	if (strcmp(key, "OPTIONS") == 0)
		options_section(out);
	else if (strcmp(key, "PROBES") == 0)
		probes_section(out);
	else if (strcmp(key, "EXAMPLES") == 0)
		examples_section(out);
	else
		return false;
	return true;
}
