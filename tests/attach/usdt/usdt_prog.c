/* A USDT provider for the usdt test, built with <sys/sdt.h> (systemtap-sdt-dev), so its
 * .note.stapsdt notes are what real applications carry. `usdt_prog N [SECONDS]` sleeps SECONDS
 * (so a tracer can attach to it by pid), then:
 * - fires sondetest:probe_one and sondetest:probe_arg(i) for i from 0 to N - 1;
 * - fires sondetest:forms once, with one argument of every operand form the compiler writes
 *   (constants, registers of each width, stack memory, a global read ip-relative);
 * - fires sondetest:twice at two call sites whose argument is in different places (a constant
 *   and a register), and sondetest:guarded (behind a semaphore) with whether its semaphore was
 *   raised;
 * - fires sondeother:probe_two once.
 * Every probe has a semaphore, as <sys/sdt.h> gives them all one when any has. */
#define _SDT_HAS_SEMAPHORES 1
#include <stdint.h>
#include <stdlib.h>
#include <sys/sdt.h>
#include <unistd.h>

/* With semaphores on, every probe has one; only guarded's is checked before it fires. */
#define SEMAPHORE(provider, name) \
	__extension__ unsigned short provider##_##name##_semaphore __attribute__((unused, section(".probes")))
SEMAPHORE(sondetest, probe_one);
SEMAPHORE(sondetest, probe_arg);
SEMAPHORE(sondetest, forms);
SEMAPHORE(sondetest, twice);
SEMAPHORE(sondetest, guarded);
SEMAPHORE(sondeother, probe_two);

/* Read through the ip-relative operand "-4@sonde_global(%rip)" (at -O1 and above). */
int sonde_global = -77;

__attribute__((noinline)) static void fire(int i)
{
	STAP_PROBE(sondetest, probe_one);
	STAP_PROBE1(sondetest, probe_arg, i);
}

__attribute__((noinline)) static void forms(int8_t c, int16_t s, uint32_t u, int64_t l)
{
	volatile int64_t on_stack = -1234567890123LL;   /* volatile: the operand is its stack slot */
	STAP_PROBE8(sondetest, forms, -5, c, s, u, l, on_stack, sonde_global, (uint8_t)200);
}

__attribute__((noinline)) static void twice_a(void)
{
	STAP_PROBE1(sondetest, twice, 7);
}

__attribute__((noinline)) static void twice_b(int v)
{
	STAP_PROBE1(sondetest, twice, v);
}

__attribute__((noinline)) static void fire_other(void)
{
	STAP_PROBE(sondeother, probe_two);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	if (argc > 2)
		usleep((useconds_t)(atof(argv[2]) * 1e6));
	for (int i = 0; i < n; i++)
		fire(i);
	forms(-3, -300, 4000000000u, -5000000000LL);
	twice_a();
	twice_b(n * 100);
	int raised = sondetest_guarded_semaphore != 0;
	if (raised)
		STAP_PROBE1(sondetest, guarded, raised);
	fire_other();
	return 0;
}
