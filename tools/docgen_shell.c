/* docgen, shell completions: the option lists, the per-option value kinds and the probe types
 * that completions/sonde.bash.in and completions/_sonde.in are filled with. */
#include "tools/docgen.h"

#include <string.h>

#include "cli/options.h"

/* What completes an option's argument, as the templates' helper functions name it. */
static const char *value_kind(const struct option_doc *doc)
{
	switch (doc->value) {
	case VALUE_NONE: return NULL;
	case VALUE_TEXT: return "text";
	case VALUE_CHOICE: return doc->arg && strchr(doc->arg, ',') ? "list" : "choice";
	case VALUE_FILE: return "file";
	case VALUE_DIR: return "dir";
	case VALUE_COMMAND: return "command";
	case VALUE_PID: return "pid";
	case VALUE_PROGRAM: return "program";
	case VALUE_PROBE: return NULL;   /* -l takes no argument; its positional is handled apart */
	}
	return NULL;
}

static void choices(FILE *out, const struct option_doc *doc)
{
	for (size_t i = 0; doc->choices && doc->choices[i]; i++)
		fprintf(out, " %s", doc->choices[i]);
}

/* Every spelling of every option, space separated. */
static void all_spellings(FILE *out)
{
	const struct option_doc *doc;
	for (size_t i = 0; (doc = option_doc(i)); i++) {
		if (doc->short_name)
			fprintf(out, "%s-%c", i ? " " : "", doc->short_name);
		if (doc->name)
			fprintf(out, "%s--%s", i || doc->short_name ? " " : "", doc->name);
	}
}

/* bash: one case arm per option with an argument, echoing its kind (and choices). */
static void bash_value_cases(FILE *out)
{
	const struct option_doc *doc;
	for (size_t i = 0; (doc = option_doc(i)); i++) {
		const char *kind = doc->has_arg ? value_kind(doc) : NULL;
		if (!kind)
			continue;
		fputc('\t', out);
		if (doc->short_name)
			fprintf(out, "-%c%s", doc->short_name, doc->name ? "|" : "");
		if (doc->name)
			fprintf(out, "--%s", doc->name);
		fprintf(out, ") echo '%s", kind);
		choices(out, doc);
		fputs("' ;;\n", out);
	}
}

/* bash: a regex for the words that turn listing on: --list, or a cluster of argument-less short
 * options holding -l (-lv). */
static void bash_list_regex(FILE *out)
{
	char flags[64] = "", lists[64] = "", longs[128] = "";
	size_t nf = 0, nl = 0, nlong = 0;
	const struct option_doc *doc;
	for (size_t i = 0; (doc = option_doc(i)); i++) {
		if (doc->short_name && !doc->has_arg && nf + 1 < sizeof(flags))
			flags[nf++] = doc->short_name;
		if (doc->value != VALUE_PROBE)
			continue;
		if (doc->short_name && nl + 1 < sizeof(lists))
			lists[nl++] = doc->short_name;
		if (doc->name)
			nlong += (size_t)snprintf(longs + nlong, sizeof(longs) - nlong, "--%s|", doc->name);
	}
	fprintf(out, "^(%s-[%s]*[%s][%s]*)$", longs, flags, lists, flags);
}

/* The probe types as they complete before their first colon ("tracepoint:", "begin"). */
static void probe_type_words(FILE *out)
{
	for (const struct probe_type *const *pt = runtime_probe_types; *pt; pt++)
		fprintf(out, "%s%s%s", pt == runtime_probe_types ? "" : " ", (*pt)->name,
		        strchr((*pt)->synopsis, ':') ? ":" : "");
}

/* The probe types whose first field is a binary, with their aliases. */
static void binary_types(FILE *out)
{
	bool first = true;
	for (const struct probe_type *const *pt = runtime_probe_types; *pt; pt++) {
		if (!probe_has(*pt, PT_TARGET_BINARY))
			continue;
		fprintf(out, "%s%s", first ? "" : " ", (*pt)->name);
		for (const char *const *a = (*pt)->aliases; a && *a; a++)
			fprintf(out, " %s", *a);
		first = false;
	}
}

/* Fills the keys both shells share; false for any other. */
static bool fill_common(FILE *out, const char *key)
{
	if (strcmp(key, "OPTIONS") == 0)
		all_spellings(out);
	else if (strcmp(key, "PROBE_TYPES") == 0)
		probe_type_words(out);
	else if (strcmp(key, "BINARY_TYPES") == 0)
		binary_types(out);
	else
		return false;
	return true;
}

bool docgen_fill_bash(FILE *out, const char *key)
{
	if (strcmp(key, "VALUE_CASES") == 0)
		bash_value_cases(out);
	else if (strcmp(key, "LIST_REGEX") == 0)
		bash_list_regex(out);
	else
		return fill_common(out, key);
	return true;
}

/* TEXT inside a zsh _arguments description: within single quotes and brackets. */
static void zsh_desc(FILE *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '\'')
			fputs("'\\''", out);
		else if (*p == '[' || *p == ']' || *p == ':' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else
			fputc(*p, out);
	}
}

/* The zsh action completing DOC's argument: a helper of _sonde.in, or the choices. */
static void zsh_action(FILE *out, const struct option_doc *doc)
{
	const char *kind = value_kind(doc);
	fputc(':', out);
	zsh_desc(out, doc->arg ? doc->arg : "value");
	fputc(':', out);
	if (strcmp(kind, "choice") == 0) {
		fputs("(", out);
		choices(out, doc);
		fputs(" )", out);
	} else if (strcmp(kind, "list") == 0) {
		fputs("_sequence compadd -", out);
		choices(out, doc);
	} else if (strcmp(kind, "text") != 0) {
		fprintf(out, "_sonde_%s", kind);
	}
}

/* zsh: one _arguments spec per spelling, each line ending in a continuation. */
static void zsh_arguments(FILE *out)
{
	const struct option_doc *doc;
	for (size_t i = 0; (doc = option_doc(i)); i++) {
		for (int spelling = 0; spelling < 2; spelling++) {
			if (spelling == 0 ? !doc->short_name : !doc->name)
				continue;
			fputs("\t\t'", out);
			if (spelling == 0)
				fprintf(out, "-%c%s", doc->short_name, doc->has_arg ? "+" : "");
			else
				fprintf(out, "--%s%s", doc->name, doc->has_arg ? "=" : "");
			fputc('[', out);
			zsh_desc(out, doc->summary);
			fputc(']', out);
			if (doc->has_arg)
				zsh_action(out, doc);
			fputs("' \\\n", out);
		}
	}
}

bool docgen_fill_zsh(FILE *out, const char *key)
{
	if (strcmp(key, "ARGUMENTS") == 0)
		zsh_arguments(out);
	else
		return fill_common(out, key);
	return true;
}
