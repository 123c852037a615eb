/* A target for tests/list/list_test.sh: one known function for uprobe listing and two USDT
 * notes (written by hand, so no systemtap headers are needed) for usdt listing. Runs for the
 * number of seconds given, so -p can look at its mappings. */
#include <stdlib.h>
#include <unistd.h>

/* One .note.stapsdt entry: owner "stapsdt", type 3, then pc, base, semaphore and the strings
 * provider, name, arguments. Listing reads only the strings. */
#define SONDE_NOTE(provider, name)                                                               \
	__asm__(".pushsection .note.stapsdt,\"\",@note\n"                                        \
	        ".balign 4\n"                                                                    \
	        ".4byte 2f-1f, 4f-3f, 3\n"                                                       \
	        "1: .asciz \"stapsdt\"\n"                                                        \
	        "2: .balign 4\n"                                                                 \
	        "3: .8byte 0, 0, 0\n"                                                            \
	        ".asciz \"" provider "\"\n"                                                      \
	        ".asciz \"" name "\"\n"                                                          \
	        ".asciz \"\"\n"                                                                  \
	        "4: .balign 4\n"                                                                 \
	        ".popsection\n")

SONDE_NOTE("sondetest", "probe_one");
SONDE_NOTE("sondeother", "probe_two");

__attribute__((noinline, used)) int sonde_list_function(int n)
{
	return n + 1;
}

int main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 0;
	for (int i = 0; i < secs * 10; i++)
		usleep(100000 + sonde_list_function(0) - 1);
	return 0;
}
