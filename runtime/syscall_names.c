/* System call names by number, for syscall_name() values: the table CMake made from the kernel
 * headers of the build (asm/unistd_64.h). */
#include "runtime/resolve.h"

#include <stddef.h>

static const char *const syscall_names[] = {
#include "syscall_names.inc"
};

const char *rt_syscall_name(int64_t nr)
{
	if (nr < 0 || (uint64_t)nr >= sizeof(syscall_names) / sizeof(syscall_names[0]))
		return NULL;
	return syscall_names[nr];
}
