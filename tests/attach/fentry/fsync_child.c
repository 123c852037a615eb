/* A process with a known name making a known number of kernel function calls, for the fentry VM
 * test: `sonde_vm_fsync N` opens /dev/null and calls fsync(2) on it N times; each call enters
 * vfs_fsync(file, 0), which fails with EINVAL (/dev/null has no fsync). Nothing else it does
 * (loading, exiting) syncs a file. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	int fd = open("/dev/null", O_WRONLY);
	if (fd < 0)
		return 1;
	for (int i = 0; i < n; i++)
		fsync(fd);
	return 0;
}
