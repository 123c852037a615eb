/* A process with a known name making known calls, for the tests of tracepoints, raw tracepoints,
 * uprobes and registers: `child N` calls sonde_child_add(i, 10) for i from 0 to N - 1, each
 * making one getppid(2), then sonde_child_six(1, 2, 3, 4, 5, 6) once. Its globals of 2 and 8
 * bytes are for uaddr(). */
#include <stdlib.h>
#include <unistd.h>

volatile short sonde_child_short = 0x1234;
volatile long sonde_child_long = 0x1122334455667788;

__attribute__((noipa)) int sonde_child_add(int a, int b)
{
	getppid();
	return a + b;
}

__attribute__((noipa)) long sonde_child_six(long a, long b, long c, long d, long e, long f)
{
	return a + b + c + d + e + f;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += sonde_child_add(i, 10);
	return sonde_child_six(1, 2, 3, 4, 5, 6) + sum == 0;
}
