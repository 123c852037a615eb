/* cli usage: the -h text, written from the option table (options.c) so that it, the man page and
 * the shell completions (tools/docgen.c) cannot disagree. Every bpftrace option is listed, since
 * sonde accepts them all. */
#include "cli/options.h"

#include <string.h>

#include "util/util.h"

/* Where the summary column starts and where lines end. */
#define SUMMARY_COL 25
#define LINE_WIDTH 80

static const struct {
	const char *heading;   /* NULL: a blank line, then more of the previous heading */
	const char *title;     /* the man page's subsection */
} groups[GROUP_COUNT] = {
	[GROUP_GENERAL] = {"OPTIONS:", "General"},
	[GROUP_PROCESS] = {NULL, "Tracing one process"},
	[GROUP_OUTPUT] = {NULL, "Output and warnings"},
	[GROUP_SOURCES] = {NULL, "Headers, debug info and kernel types"},
	[GROUP_SAFETY] = {NULL, "Safety and kernel features"},
	[GROUP_COMPILER] = {"COMPILER OPTIONS:", "Compiler"},
	[GROUP_DEVELOPER] = {"DEVELOPER OPTIONS:", "Developer"},
	[GROUP_TROUBLESHOOTING] = {"TROUBLESHOOTING OPTIONS:", "Troubleshooting"},
};

const char *option_group_heading(enum option_group group)
{
	return group < GROUP_COUNT ? groups[group].heading : NULL;
}

const char *option_group_title(enum option_group group)
{
	return group < GROUP_COUNT ? groups[group].title : "";
}

static const struct usage_example examples[] = {
	{"sonde -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'",
	 "count system calls by process name until Ctrl-C", true},
	{"sonde -e 'tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", comm, "
	 "str(args.filename)); }'", "print each file opened, and by whom", false},
	{"sonde -c 'sleep 1' -e 'tracepoint:sched:sched_process_exit /pid == cpid/ { printf(\"%d\\n\", "
	 "pid); }'", "run a command and trace it until it exits", false},
	{"sonde -f json -e 'interval:s:1 { @n = count(); exit(); }'", "print maps as JSON", false},
	{"sonde --emit=ast examples/hello.bt", "print the syntax tree of a script", true},
	{"sonde -l 'tracepoint:sched:*'", "list scheduler tracepoints", true},
	{"sonde -lv tracepoint:syscalls:sys_enter_openat", "list a tracepoint's arguments", false},
};

const struct usage_example *usage_example(size_t i)
{
	return i < ARRAY_LEN(examples) ? &examples[i] : NULL;
}

/* Writes TEXT from column COL (the cursor is at column AT), wrapping at words. */
static void print_wrapped(FILE *out, int col, int at, const char *text)
{
	for (const char *p = text; *p;) {
		size_t word = strcspn(p, " ");
		if (at > col && at + 1 + (int)word > LINE_WIDTH - 1) {
			fprintf(out, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', out);
			at++;
		}
		fprintf(out, "%.*s", (int)word, p);
		at += (int)word;
		p += word;
		p += strspn(p, " ");
	}
	fputc('\n', out);
}

/* DOC's summary and its choices ("a, b or c") as one phrase. */
static void summary_phrase(const struct option_doc *doc, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "%s", doc->summary);
	for (size_t i = 0; doc->choices && doc->choices[i] && n < len; i++) {
		const char *sep = i == 0 ? ": " : doc->choices[i + 1] ? ", " : " or ";
		n += (size_t)snprintf(buf + n, len - n, "%s%s", sep, doc->choices[i]);
	}
}

/* DOC's short name, else its long name, as typed ("-p", "--info"). */
static void name_of(const struct option_doc *doc, char *buf, size_t len)
{
	if (doc->short_name)
		snprintf(buf, len, "-%c", doc->short_name);
	else
		snprintf(buf, len, "--%s", doc->name);
}

static void print_option(FILE *out, const struct option_doc *doc)
{
	char spelling[64], summary[256];
	name_of(doc, spelling, sizeof(spelling));
	int n = (int)strlen(spelling);
	if (doc->short_name && doc->name)
		n += snprintf(spelling + n, sizeof(spelling) - (size_t)n, ", --%s", doc->name);
	if (doc->arg)
		n += snprintf(spelling + n, sizeof(spelling) - (size_t)n, " %s", doc->arg);
	summary_phrase(doc, summary, sizeof(summary));
	fprintf(out, "    %s", spelling);
	int at = 4 + n;
	if (at > SUMMARY_COL - 1) {
		fputc('\n', out);
		at = 0;
	}
	fprintf(out, "%*s", SUMMARY_COL - at, "");
	print_wrapped(out, SUMMARY_COL, SUMMARY_COL, summary);
}

/* The options that are accepted and checked but refused: one wrapped list. */
static void print_unimplemented(FILE *out)
{
	char list[512] = "";
	size_t n = 0;
	const struct option_doc *doc;
	for (size_t i = 0; (doc = option_doc(i)) && n < sizeof(list); i++) {
		if (doc->implemented)
			continue;
		char name[64];
		name_of(doc, name, sizeof(name));
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", n ? " " : "", name);
	}
	fputs("\nNOT IMPLEMENTED YET (accepted and checked, then refused with an error):\n    ", out);
	print_wrapped(out, 4, 4, list);
}

void usage_print(FILE *out)
{
	fputs("sonde - a bpftrace-compatible tracing language for Linux\n"
	      "\n"
	      "USAGE:\n"
	      "    sonde [options] FILE [ARG ...]\n"
	      "    sonde [options] - [ARG ...]          (script on standard input)\n"
	      "    sonde [options] -e 'PROGRAM' [ARG ...]\n"
	      "    ARGs are the script's $1, $2, ...; after --, --name[=value] sets a program option\n",
	      out);
	const struct option_doc *doc;
	for (size_t i = 0; (doc = option_doc(i)); i++) {
		if (i == 0 || doc->group != option_doc(i - 1)->group)
			fprintf(out, "\n%s%s", groups[doc->group].heading ? groups[doc->group].heading : "",
			        groups[doc->group].heading ? "\n" : "");
		print_option(out, doc);
	}
	print_unimplemented(out);
	fputs("\nEXAMPLES:\n", out);
	for (size_t i = 0; i < ARRAY_LEN(examples); i++)
		if (examples[i].in_help)
			fprintf(out, "    %s\n        %s\n", examples[i].command, examples[i].what);
}
