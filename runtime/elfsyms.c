/* ELF reading for uprobes (function symbols, the libraries a binary loads) and binary lookup,
 * with libelf; usdt notes are usdt_notes.c's. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/elfsyms.h"

Elf *rt_elf_open(const char *path, int *fd)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return NULL;
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	Elf *e = elf_begin(*fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		if (e)
			elf_end(e);
		close(*fd);
		return NULL;
	}
	return e;
}

/* Calls CB with every defined symbol of TYPES (STT_* bits) in .symtab and .dynsym. */
static int each_symbol(const char *path, unsigned types,
                       void (*cb)(void *ctx, const char *name, uint64_t addr, uint64_t size), void *ctx)
{
	int fd;
	Elf *e = rt_elf_open(path, &fd);
	if (!e)
		return -1;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM))
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
		for (size_t i = 0; data && i < n; i++) {
			GElf_Sym sym;
			if (!gelf_getsym(data, (int)i, &sym))
				continue;
			if (!(types & (1u << GELF_ST_TYPE(sym.st_info))) || sym.st_shndx == SHN_UNDEF || !sym.st_value)
				continue;
			const char *name = elf_strptr(e, sh.sh_link, sym.st_name);
			if (name && *name)
				cb(ctx, name, sym.st_value, sym.st_size);
		}
	}
	elf_end(e);
	close(fd);
	return 0;
}

int rt_elf_each_function(const char *path, void (*cb)(void *ctx, const char *name, uint64_t addr, uint64_t size),
                      void *ctx)
{
	return each_symbol(path, 1u << STT_FUNC | 1u << STT_GNU_IFUNC, cb, ctx);
}

struct find_sym {
	const char *name;
	uint64_t addr, size;
};

static void note_symbol(void *ctx, const char *name, uint64_t addr, uint64_t size)
{
	struct find_sym *f = ctx;
	if (!f->addr && strcmp(name, f->name) == 0) {
		f->addr = addr;
		f->size = size;
	}
}

/* NAME among PATH's functions, objects and untyped symbols; false when absent. */
static bool find_symbol(const char *path, struct find_sym *f)
{
	return each_symbol(path, 1u << STT_OBJECT | 1u << STT_FUNC | 1u << STT_NOTYPE, note_symbol, f) >= 0 && f->addr;
}

int rt_elf_symbol(const char *path, const char *name, uint64_t *addr, uint64_t *size, bool *relocatable)
{
	struct find_sym f = {.name = name};
	if (!find_symbol(path, &f))
		return -1;
	int fd;
	Elf *e = rt_elf_open(path, &fd);
	GElf_Ehdr eh;
	*relocatable = !e || !gelf_getehdr(e, &eh) || eh.e_type != ET_EXEC;
	if (e) {
		elf_end(e);
		close(fd);
	}
	*addr = f.addr;
	*size = f.size;
	return 0;
}

uint64_t rt_elf_vaddr_offset(Elf *e, uint64_t vaddr)
{
	size_t n = 0;
	if (elf_getphdrnum(e, &n) != 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD && vaddr >= ph.p_vaddr &&
		    vaddr < ph.p_vaddr + ph.p_filesz)
			return vaddr - ph.p_vaddr + ph.p_offset;
	}
	return 0;
}

bool rt_elf_is_elf(const char *path)
{
	int fd;
	Elf *e = rt_elf_open(path, &fd);
	if (e) {
		elf_end(e);
		close(fd);
	}
	return e != NULL;
}

int rt_elf_symbol_addr(const char *path, const char *name, uint64_t *addr)
{
	struct find_sym f = {.name = name};
	if (!find_symbol(path, &f))
		return -1;
	*addr = f.addr;
	return 0;
}

bool rt_is_regular_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int find_library(const char *name, char *out, size_t outlen)
{
	static const char *const dirs[] = {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
	                                   "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
	                                   "/usr/local/lib"};
	char prefix[256];
	/* "libc" -> "libc.so*", "c" -> "libc.so*", "libssl.so.3" exact */
	snprintf(prefix, sizeof(prefix), "%s%s.so", strncmp(name, "lib", 3) == 0 ? "" : "lib", name);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(out, outlen, "%s/%s", dirs[i], name);
		if (strchr(name, '.') && rt_is_regular_file(out))
			return 0;
		DIR *d = opendir(dirs[i]);
		if (!d)
			continue;
		struct dirent *e;
		char best[256] = "";
		while ((e = readdir(d))) {
			size_t pl = strlen(prefix);
			if (strncmp(e->d_name, prefix, pl) == 0 && (e->d_name[pl] == '\0' || e->d_name[pl] == '.')) {
				/* Prefer the versioned name the loader uses (libc.so.6) over a linker script. */
				if (!best[0] || strlen(e->d_name) > strlen(best))
					snprintf(best, sizeof(best), "%s", e->d_name);
			}
		}
		closedir(d);
		if (best[0]) {
			snprintf(out, outlen, "%s/%s", dirs[i], best);
			if (rt_is_regular_file(out))
				return 0;
		}
	}
	return -1;
}

int rt_elf_each_needed(const char *path, void (*cb)(void *ctx, const char *lib), void *ctx)
{
	int fd;
	Elf *e = rt_elf_open(path, &fd);
	if (!e)
		return -1;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn));) {
		GElf_Shdr sh;
		Elf_Data *d = gelf_getshdr(scn, &sh) && sh.sh_type == SHT_DYNAMIC ? elf_getdata(scn, NULL) : NULL;
		for (size_t i = 0; d && sh.sh_entsize && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Dyn dyn;
			const char *name;
			if (gelf_getdyn(d, (int)i, &dyn) && dyn.d_tag == DT_NEEDED &&
			    (name = elf_strptr(e, sh.sh_link, dyn.d_un.d_val)))
				cb(ctx, name);
		}
	}
	elf_end(e);
	close(fd);
	return 0;
}

int rt_resolve_binary(const char *name, char *out, size_t outlen)
{
	if (strchr(name, '/')) {
		snprintf(out, outlen, "%s", name);
		return rt_is_regular_file(out) ? 0 : -1;
	}
	const char *path = getenv("PATH");
	if (path) {
		char *copy = strdup(path), *save = NULL;
		for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
			snprintf(out, outlen, "%s/%s", dir, name);
			if (rt_is_regular_file(out) && access(out, X_OK) == 0) {
				free(copy);
				return 0;
			}
		}
		free(copy);
	}
	return find_library(name, out, outlen);
}
