/* Builtins for numbers, times and system facts that need no other domain. */
#include "stdlib/stdlib_priv.h"

const struct builtin misc_builtins[] = {
	{0},
};
