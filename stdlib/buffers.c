/* Raw byte buffers: buf() and what prints them. */
#include "stdlib/stdlib_priv.h"

const struct builtin buffer_builtins[] = {
	{0},
};
