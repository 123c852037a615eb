/* Private to runtime/: what the uprobe and usdt providers read from ELF files. */
#ifndef SONDE_ELFSYMS_H
#define SONDE_ELFSYMS_H

#include <stddef.h>
#include <stdint.h>

/* Calls CB for every defined function symbol of PATH (.symtab and .dynsym; names may repeat),
 * with its address and size (0 when the symbol has none). Returns 0, or -1 when PATH is not a
 * readable ELF file. */
int rt_elf_each_function(const char *path, void (*cb)(void *ctx, const char *name, uint64_t addr, uint64_t size),
                      void *ctx);

/* Calls CB for every USDT probe note (.note.stapsdt) of PATH. Returns 0, or -1 as above. */
int rt_elf_each_usdt(const char *path, void (*cb)(void *ctx, const char *provider, const char *name), void *ctx);

/* Resolves a uprobe/usdt target as bpftrace does: a path with '/' as is, else an executable on
 * PATH, else a library in the usual directories ("libc" finds libc.so.6). Writes the path to OUT;
 * returns 0, or -1 when nothing is found. */
int rt_resolve_binary(const char *name, char *out, size_t outlen);

#endif
