/* Kernel symbols: /proc/kallsyms read once, sorted by address, searched by bisection. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/resolve.h"

struct ksym {
	uint64_t addr;
	uint32_t name;   /* offset into names */
};

struct ksyms {
	struct ksym *syms;
	size_t n, cap;
	char *names;
	size_t names_len, names_cap;
};

static int cmp_ksym(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Same address: keep file order (the first name listed wins the lookup). */
	return x->name < y->name ? -1 : x->name > y->name;
}

static int add(struct ksyms *k, uint64_t addr, const char *name)
{
	size_t len = strlen(name) + 1;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 65536;
		struct ksym *s = realloc(k->syms, cap * sizeof(*s));
		if (!s)
			return -1;
		k->syms = s;
		k->cap = cap;
	}
	if (k->names_len + len > k->names_cap) {
		size_t cap = k->names_cap ? k->names_cap * 2 : 1 << 20;
		while (cap < k->names_len + len)
			cap *= 2;
		char *p = realloc(k->names, cap);
		if (!p)
			return -1;
		k->names = p;
		k->names_cap = cap;
	}
	memcpy(k->names + k->names_len, name, len);
	k->syms[k->n++] = (struct ksym){.addr = addr, .name = (uint32_t)k->names_len};
	k->names_len += len;
	return 0;
}

struct ksyms *rt_ksyms_load(void)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	if (!f)
		return NULL;
	struct ksyms *k = calloc(1, sizeof(*k));
	char line[512];
	while (k && fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];
		/* "ffffffff81000000 T _stext" or "... t name\t[module]": the module is not shown. */
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || addr == 0)
			continue;
		if (add(k, addr, name) < 0) {
			rt_ksyms_free(k);
			k = NULL;
		}
	}
	fclose(f);
	if (k && k->n == 0) {
		/* All addresses zero: kptr_restrict hides them, nothing can be resolved. */
		rt_ksyms_free(k);
		return NULL;
	}
	if (k)
		qsort(k->syms, k->n, sizeof(*k->syms), cmp_ksym);
	return k;
}

void rt_ksyms_free(struct ksyms *k)
{
	if (!k)
		return;
	free(k->syms);
	free(k->names);
	free(k);
}

const char *rt_ksyms_find(const struct ksyms *k, uint64_t addr, uint64_t *offset)
{
	if (!k || !k->n || addr < k->syms[0].addr)
		return NULL;
	size_t lo = 0, hi = k->n; /* the answer is the last index with syms[i].addr <= addr */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	/* Among equal addresses prefer the first listed. */
	while (lo > 0 && k->syms[lo - 1].addr == k->syms[lo].addr)
		lo--;
	*offset = addr - k->syms[lo].addr;
	return k->names + k->syms[lo].name;
}
