/* A target for the usdt test: real .note.stapsdt probes (written by hand as <sys/sdt.h> writes
 * them, so no systemtap headers are needed), each note holding its probe's address, the
 * .stapsdt.base address libbpf adjusts by, and its argument specs. `usdt_prog N` fires
 * sondetest:probe_one and sondetest:probe_arg(i) for i from 0 to N - 1, then sondeother:probe_two
 * once. */
#include <stdlib.h>

#define SONDE_USDT_NOTE(provider, name, args)                                                    \
	"990: nop\n"                                                                             \
	".pushsection .note.stapsdt,\"?\",@note\n"                                               \
	".balign 4\n"                                                                            \
	".4byte 992f-991f, 994f-993f, 3\n"                                                       \
	"991: .asciz \"stapsdt\"\n"                                                              \
	"992: .balign 4\n"                                                                       \
	"993: .8byte 990b, _.stapsdt.base, 0\n"                                                  \
	".asciz \"" provider "\"\n"                                                              \
	".asciz \"" name "\"\n"                                                                  \
	".asciz \"" args "\"\n"                                                                  \
	"994: .balign 4\n"                                                                       \
	".popsection\n"                                                                          \
	".ifndef _.stapsdt.base\n"                                                               \
	".pushsection .stapsdt.base,\"aG\",@progbits,.stapsdt.base,comdat\n"                     \
	".weak _.stapsdt.base\n"                                                                 \
	".hidden _.stapsdt.base\n"                                                               \
	"_.stapsdt.base: .space 1\n"                                                             \
	".size _.stapsdt.base, 1\n"                                                              \
	".popsection\n"                                                                          \
	".endif\n"

/* One probe without arguments; one with a 4-byte signed argument in a register ("-4@%eax"). */
#define SONDE_USDT(provider, name) __asm__ __volatile__(SONDE_USDT_NOTE(provider, name, "") ::)
#define SONDE_USDT1(provider, name, v) __asm__ __volatile__(SONDE_USDT_NOTE(provider, name, "-4@%0") ::"r"(v))

__attribute__((noinline)) static void fire(int i)
{
	SONDE_USDT("sondetest", "probe_one");
	SONDE_USDT1("sondetest", "probe_arg", i);
}

__attribute__((noinline)) static void fire_other(void)
{
	SONDE_USDT("sondeother", "probe_two");
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	for (int i = 0; i < n; i++)
		fire(i);
	fire_other();
	return 0;
}
