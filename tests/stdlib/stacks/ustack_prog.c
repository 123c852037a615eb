/* A process for the ustack test that is gone before sonde prints: main calls stk_mid, which
 * calls stk_leaf, three times (built with frame pointers so the user stack unwinds), then exits.
 * At stk_leaf's first instruction its frame is not yet made, so a frame-pointer walk goes from
 * stk_leaf straight to main. It lingers 50 ms before exiting: sonde reads a process's mappings
 * when its first stack arrives, which takes it well under that, but not the microseconds a
 * process that exits at once would leave. */
#include <unistd.h>

__attribute__((noinline)) int stk_leaf(int x)
{
	__asm__ volatile("");
	return x + 1;
}

__attribute__((noinline)) int stk_mid(int x)
{
	return stk_leaf(x) * 2;
}

int main(void)
{
	int s = 0;
	for (int i = 0; i < 3; i++)
		s += stk_mid(i);
	usleep(50000);
	return s == 12 ? 0 : 1;
}
