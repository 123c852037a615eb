/* The load of bench/flood.sh: `sonde_flood_load N RATE` makes N getppid(2) calls, RATE a second
 * (paced against the clock; 0 for as fast as it can), and prints the rate it reached. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	double rate = argc > 2 ? atof(argv[2]) : 0;
	double start = now();
	for (long i = 0; i < n; i++) {
		/* Every 100 calls, wait until the clock says they are due. */
		if (rate > 0 && i % 100 == 0)
			while (now() - start < (double)i / rate)
				;
		getppid();
	}
	double took = now() - start;
	fprintf(stderr, "%ld calls in %.3f s: %.0f/s\n", n, took, (double)n / took);
	return 0;
}
