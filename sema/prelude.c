/* The standard macros: helpers bpftrace ships written in its own language, written here in the
 * script language too. sema/macro.c parses this text only when a script calls one of the names
 * it defines, so a script that calls none pays nothing. Diagnostics inside these macros name
 * this text as its own source ("stdlib/base.bt") with its own lines and columns, so keep the
 * layout in mind when editing: assert's errorf is what a failed assert reports. A builtin of the
 * same name and arity in stdlib/ wins over a macro here, so a macro can be replaced by a native
 * entry without touching this file. */
#include "sema/sema_priv.h"

#include <string.h>

static const char prelude_name[] = "stdlib/base.bt";

static const char prelude_text[] =
	"// sonde's standard macros. A script's own macro of the same name and arity wins.\n"
	"\n"
	"// assert(cond, msg): stops the run with exit code 1, reporting msg, when cond is false.\n"
	"macro assert(cond, msg) {\n"
	"  if (!(cond)) {\n"
	"    errorf(\"assert failed: %s\", msg);\n"
	"    exit(1);\n"
	"  }\n"
	"}\n"
	"\n"
	"// ppid(task): the process id of the task's parent; ppid() for the current task.\n"
	"macro ppid(task) {\n"
	"  task->real_parent->tgid\n"
	"}\n"
	"\n"
	"macro ppid() {\n"
	"  curtask->real_parent->tgid\n"
	"}\n"
	"\n"
	"// pcomm: the parent process's command name; leader_comm and leader_tid: the thread group\n"
	"// leader's (the process's main thread).\n"
	"macro pcomm() {\n"
	"  curtask->real_parent->comm\n"
	"}\n"
	"\n"
	"macro leader_comm() {\n"
	"  curtask->group_leader->comm\n"
	"}\n"
	"\n"
	"macro leader_tid() {\n"
	"  (uint32)curtask->group_leader->pid\n"
	"}\n"
	"\n"
	"// signal_name(n): the C library's description of signal n (strsignal), \"N/A\" past the\n"
	"// real-time signals.\n"
	"macro signal_name(num) {\n"
	"  let $n = (int64)(num);\n"
	"  let $d = \"N/A\";\n"
	"  if ($n == 0) { $d = \"Unknown signal 0\"; }\n"
	"  else if ($n == 1) { $d = \"Hangup\"; }\n"
	"  else if ($n == 2) { $d = \"Interrupt\"; }\n"
	"  else if ($n == 3) { $d = \"Quit\"; }\n"
	"  else if ($n == 4) { $d = \"Illegal instruction\"; }\n"
	"  else if ($n == 5) { $d = \"Trace/breakpoint trap\"; }\n"
	"  else if ($n == 6) { $d = \"Aborted\"; }\n"
	"  else if ($n == 7) { $d = \"Bus error\"; }\n"
	"  else if ($n == 8) { $d = \"Floating point exception\"; }\n"
	"  else if ($n == 9) { $d = \"Killed\"; }\n"
	"  else if ($n == 10) { $d = \"User defined signal 1\"; }\n"
	"  else if ($n == 11) { $d = \"Segmentation fault\"; }\n"
	"  else if ($n == 12) { $d = \"User defined signal 2\"; }\n"
	"  else if ($n == 13) { $d = \"Broken pipe\"; }\n"
	"  else if ($n == 14) { $d = \"Alarm clock\"; }\n"
	"  else if ($n == 15) { $d = \"Terminated\"; }\n"
	"  else if ($n == 16) { $d = \"Stack fault\"; }\n"
	"  else if ($n == 17) { $d = \"Child exited\"; }\n"
	"  else if ($n == 18) { $d = \"Continued\"; }\n"
	"  else if ($n == 19) { $d = \"Stopped (signal)\"; }\n"
	"  else if ($n == 20) { $d = \"Stopped\"; }\n"
	"  else if ($n == 21) { $d = \"Stopped (tty input)\"; }\n"
	"  else if ($n == 22) { $d = \"Stopped (tty output)\"; }\n"
	"  else if ($n == 23) { $d = \"Urgent I/O condition\"; }\n"
	"  else if ($n == 24) { $d = \"CPU time limit exceeded\"; }\n"
	"  else if ($n == 25) { $d = \"File size limit exceeded\"; }\n"
	"  else if ($n == 26) { $d = \"Virtual timer expired\"; }\n"
	"  else if ($n == 27) { $d = \"Profiling timer expired\"; }\n"
	"  else if ($n == 28) { $d = \"Window changed\"; }\n"
	"  else if ($n == 29) { $d = \"I/O possible\"; }\n"
	"  else if ($n == 30) { $d = \"Power failure\"; }\n"
	"  else if ($n == 31) { $d = \"Bad system call\"; }\n"
	"  else if ($n == 32) { $d = \"Unknown signal 32\"; }\n"
	"  else if ($n == 33) { $d = \"Unknown signal 33\"; }\n"
	"  else if ($n == 34) { $d = \"Real-time signal 0\"; }\n"
	"  else if ($n == 35) { $d = \"Real-time signal 1\"; }\n"
	"  else if ($n == 36) { $d = \"Real-time signal 2\"; }\n"
	"  else if ($n == 37) { $d = \"Real-time signal 3\"; }\n"
	"  else if ($n == 38) { $d = \"Real-time signal 4\"; }\n"
	"  else if ($n == 39) { $d = \"Real-time signal 5\"; }\n"
	"  else if ($n == 40) { $d = \"Real-time signal 6\"; }\n"
	"  else if ($n == 41) { $d = \"Real-time signal 7\"; }\n"
	"  else if ($n == 42) { $d = \"Real-time signal 8\"; }\n"
	"  else if ($n == 43) { $d = \"Real-time signal 9\"; }\n"
	"  else if ($n == 44) { $d = \"Real-time signal 10\"; }\n"
	"  else if ($n == 45) { $d = \"Real-time signal 11\"; }\n"
	"  else if ($n == 46) { $d = \"Real-time signal 12\"; }\n"
	"  else if ($n == 47) { $d = \"Real-time signal 13\"; }\n"
	"  else if ($n == 48) { $d = \"Real-time signal 14\"; }\n"
	"  else if ($n == 49) { $d = \"Real-time signal 15\"; }\n"
	"  else if ($n == 50) { $d = \"Real-time signal 16\"; }\n"
	"  else if ($n == 51) { $d = \"Real-time signal 17\"; }\n"
	"  else if ($n == 52) { $d = \"Real-time signal 18\"; }\n"
	"  else if ($n == 53) { $d = \"Real-time signal 19\"; }\n"
	"  else if ($n == 54) { $d = \"Real-time signal 20\"; }\n"
	"  else if ($n == 55) { $d = \"Real-time signal 21\"; }\n"
	"  else if ($n == 56) { $d = \"Real-time signal 22\"; }\n"
	"  else if ($n == 57) { $d = \"Real-time signal 23\"; }\n"
	"  else if ($n == 58) { $d = \"Real-time signal 24\"; }\n"
	"  else if ($n == 59) { $d = \"Real-time signal 25\"; }\n"
	"  else if ($n == 60) { $d = \"Real-time signal 26\"; }\n"
	"  else if ($n == 61) { $d = \"Real-time signal 27\"; }\n"
	"  else if ($n == 62) { $d = \"Real-time signal 28\"; }\n"
	"  else if ($n == 63) { $d = \"Real-time signal 29\"; }\n"
	"  else if ($n == 64) { $d = \"Real-time signal 30\"; }\n"
	"  $d\n"
	"}\n";

const char *sema_prelude_name(void)
{
	return prelude_name;
}

const char *sema_prelude_text(size_t *len)
{
	*len = sizeof(prelude_text) - 1;
	return prelude_text;
}

/* Whether the prelude defines a macro NAME: a line starting "macro NAME(". */
bool sema_prelude_defines(const char *name)
{
	size_t n = strlen(name);
	for (const char *p = prelude_text; (p = strstr(p, "macro ")) != NULL; p += 6) {
		if (p != prelude_text && p[-1] != '\n')
			continue;
		if (strncmp(p + 6, name, n) == 0 && p[6 + n] == '(')
			return true;
	}
	return false;
}
