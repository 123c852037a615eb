/* Stacks and symbols: kstack, ustack, ksym, usym, func and friends. */
#include "stdlib/stdlib_priv.h"

const struct builtin stack_builtins[] = {
	{0},
};
