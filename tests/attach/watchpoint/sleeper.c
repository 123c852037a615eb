/* A target for the watchpoint test: `sonde_sleeper S` sleeps 10 ms at a time for S seconds, so
 * the kernel writes its task's count of voluntary context switches (task_struct.nvcsw) 100 times
 * a second, in its own context. */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 10;
	for (int i = 0; i < secs * 100; i++)
		usleep(10000);
	return 0;
}
