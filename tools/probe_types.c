/* The probe types sonde attaches to, as the man page and the completions present them. The
 * providers themselves are in runtime/attach/; tests/packaging/man_test.sh checks that this table
 * and theirs name the same types. */
#include "tools/docgen.h"

#include "util/util.h"

static const struct probe_type types[] = {
	{"begin", "BEGIN", "begin", false,
	 "Runs once, before any other probe is attached."},
	{"end", "END", "end", false,
	 "Runs once, after every other probe is detached: when sonde is interrupted (Ctrl-C), when "
	 "the script calls exit() or when the -c command exits."},
	{"self", NULL, "self:signal:SIGUSR1", false,
	 "Runs each time sonde receives SIGUSR1."},
	{"tracepoint", "t", "tracepoint:CATEGORY:EVENT", false,
	 "A kernel tracepoint (tracefs events/CATEGORY/EVENT). Its fields are in args "
	 "(args.filename); sonde -lv lists them."},
	{"rawtracepoint", "rt", "rawtracepoint[:MODULE]:EVENT", false,
	 "A raw kernel tracepoint: the tracepoint's own arguments, typed from the kernel's BTF, "
	 "without the tracefs format."},
	{"kprobe", "k", "kprobe[:MODULE]:FUNCTION[+OFFSET]", false,
	 "Entry to a kernel function (wildcards match available_filter_functions); its arguments "
	 "are arg0, arg1, ... Needs a kernel with kprobes."},
	{"kretprobe", "kr", "kretprobe[:MODULE]:FUNCTION", false,
	 "Return from a kernel function; retval holds the return value. Needs a kernel with kprobes."},
	{"fentry", "f kfunc", "fentry[:MODULE]:FUNCTION", false,
	 "Entry to a kernel function through a BPF trampoline, with typed arguments from BTF in args. "
	 "Needs a kernel that allows the BPF tracing program type."},
	{"fexit", "fr kretfunc", "fexit[:MODULE]:FUNCTION", false,
	 "Return from a kernel function through a BPF trampoline: args and retval. Needs a kernel that "
	 "allows the BPF tracing program type."},
	{"uprobe", "u", "uprobe:BINARY:FUNCTION[+OFFSET], uprobe:BINARY:ADDRESS", true,
	 "Entry to a function of a program or library. BINARY is a path, or a name looked up in PATH "
	 "and the library directories; wildcards in FUNCTION match its ELF symbols."},
	{"uretprobe", "ur", "uretprobe:BINARY:FUNCTION", true,
	 "Return from a function of a program or library; retval holds the return value."},
	{"usdt", "U", "usdt:BINARY:[PROVIDER:]NAME", true,
	 "A user statically defined tracepoint (the binary's .note.stapsdt notes). PROVIDER may be left "
	 "out when NAME is unique."},
	{"profile", "p", "profile:UNIT:N, profile:N[UNIT]", false,
	 "A timer on every CPU: N times a second with hz, else every N s, ms, us or ns."},
	{"interval", "i", "interval:UNIT:N, interval:N[UNIT]", false,
	 "A timer on one CPU, with profile's units: for periodic output."},
	{"software", "s", "software:EVENT[:COUNT]", false,
	 "A software perf event (cpu-clock, page-faults, context-switches, ...) on every CPU, once "
	 "every COUNT events; sonde -l 'software:*' lists them."},
	{"hardware", "h", "hardware:EVENT[:COUNT]", false,
	 "A hardware perf event (cpu-cycles, instructions, cache-misses, ...) on every CPU, once every "
	 "COUNT events."},
	{"watchpoint", "w asyncwatchpoint aw", "watchpoint:ADDRESS:LENGTH:MODE", false,
	 "A hardware breakpoint on LENGTH (1, 2, 4 or 8) bytes at a kernel ADDRESS; MODE is r, w, x or "
	 "a mix of r and w."},
};

const struct probe_type *probe_type(size_t i)
{
	return i < ARRAY_LEN(types) ? &types[i] : NULL;
}
