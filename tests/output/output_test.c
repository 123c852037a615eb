/* Unit test of runtime/output*.c: real BPF maps filled by hand, printed as text and JSON, compared
 * with what upstream bpftrace prints (expected strings taken from the conformance suite's outputs
 * and EXPECT lines, JSON as upstream's emitter writes it on one line). Exits 77 when BPF maps
 * cannot be created here. */
#include "output_test.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	struct env env = {0};
	env.ncpus = libbpf_num_possible_cpus();
	if (env.ncpus <= 0) {
		printf("cannot count CPUs\n");
		return 1;
	}
	int probe = bpf_map_create(BPF_MAP_TYPE_HASH, NULL, 8, 8, 1, NULL);
	if (probe < 0) {
		printf("skipped: bpf_map_create not permitted here (%s)\n", strerror(errno));
		return 77;
	}
	close(probe);

	run_hist_tests(&env);
	run_maps_tests(&env);
	run_values_tests(&env);
	run_printf_tests(&env);

	printf("%d passed, %d failed\n", env.r.passed, env.r.failed);
	return env.r.failed ? 1 : 0;
}
