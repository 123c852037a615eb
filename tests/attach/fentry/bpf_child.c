/* A process making a known number of bpf(2) calls with made-up arguments, for the fentry VM
 * test: `sonde_vm_bpf N` calls bpf(1111, NULL, 2222) N times. __sys_bpf(cmd, bpfptr_t uattr,
 * size) takes a 16-byte struct by value, so its size argument sits after two context slots. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	for (int i = 0; i < n; i++)
		syscall(SYS_bpf, 1111, NULL, 2222);
	return 0;
}
