/* Private to runtime/: what the uprobe and usdt providers read from ELF files. */
#ifndef SONDE_ELFSYMS_H
#define SONDE_ELFSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libelf.h>

/* Calls CB for every defined function symbol of PATH (.symtab and .dynsym; names may repeat),
 * with its address and size (0 when the symbol has none). Returns 0, or -1 when PATH is not a
 * readable ELF file. */
int rt_elf_each_function(const char *path, void (*cb)(void *ctx, const char *name, uint64_t addr, uint64_t size),
                      void *ctx);

/* The address of symbol NAME (an object or function) in PATH. Returns 0, or -1 when it has none. */
int rt_elf_symbol_addr(const char *path, const char *name, uint64_t *addr);
/* NAME's address and size in PATH; RELOCATABLE: the file loads anywhere (PIE, a library). */
int rt_elf_symbol(const char *path, const char *name, uint64_t *addr, uint64_t *size, bool *relocatable);

/* The file offset of address VADDR of E: in the loadable segment that holds it; 0 when none does. */
uint64_t rt_elf_vaddr_offset(Elf *e, uint64_t vaddr);
/* Whether P names a regular file (following links). */
bool rt_is_regular_file(const char *p);
/* Whether PATH is a readable ELF file. */
bool rt_elf_is_elf(const char *path);

/* PATH opened with libelf (FD is its descriptor), or NULL when it is not a readable ELF file. */
Elf *rt_elf_open(const char *path, int *fd);

/* One USDT probe location: a .note.stapsdt note. */
struct rt_usdt_note {
	const char *provider, *name;
	const char *args;             /* the argument specs, "-4@%eax 8@-8(%rbp)" */
	uint64_t pc;                  /* the probe's address as linked, prelink's move undone */
	uint64_t offset;              /* its file offset, where the uprobe goes */
	uint64_t semaphore_offset;    /* the semaphore's file offset (the kernel's uprobe reference
	                                 counter), 0 when it has none */
};

/* Calls CB for every USDT probe note of PATH, in file order. Returns 0, or -1 when PATH is not
 * a readable ELF file. (runtime/usdt_notes.c) */
int rt_elf_each_usdt(const char *path, void (*cb)(void *ctx, const struct rt_usdt_note *note), void *ctx);

/* Parses the argument specs (x86-64 operands) of NOTE, a note of PATH, into OUT (at most MAX).
 * Returns how many, or -1 with ERR naming the spec it cannot read. */
struct probe_argloc;
int rt_usdt_parse_args(const char *path, const struct rt_usdt_note *note, struct probe_argloc *out, size_t max,
                       char *err, size_t errlen);

/* Calls CB with each library PATH names as needed (DT_NEEDED: "libc.so.6"). Returns 0, or -1
 * when PATH is no readable ELF file. */
int rt_elf_each_needed(const char *path, void (*cb)(void *ctx, const char *lib), void *ctx);

/* Resolves a uprobe/usdt target as bpftrace does: a path with '/' as is, else an executable on
 * PATH, else a library in the usual directories ("libc" finds libc.so.6). Writes the path to OUT;
 * returns 0, or -1 when nothing is found. */
int rt_resolve_binary(const char *name, char *out, size_t outlen);

/* A binary's DWARF (runtime/dwarf.c): found as libdwfl finds debug info, plus the DEBUGINFO
 * directories (':'-separated, NULL for none); types are made in ARENA. NULL when there is none. */
struct rt_dwarf;
struct probe_arg;
struct type;
struct arena;
struct rt_dwarf *rt_dwarf_open(const char *path, const char *debuginfo, struct arena *arena);
void rt_dwarf_close(struct rt_dwarf *d);
/* FUNC's parameters (of PATH, whose DWARF D is), each an `args` field at its System V argument
 * register in struct pt_regs; WITH_TYPES also types them (up to the first that is not in a
 * register), else all are listed by their C spelling only. Returns 0, or -1 when FUNC has no
 * DWARF. */
int rt_dwarf_params(struct rt_dwarf *d, const char *path, const char *func, struct probe_arg **out, size_t *n,
                    bool with_types);
/* The address (as linked) of the first instruction the line table gives for LINE of source FILE
 * (a name or a path's tail). Returns 0, or -1 when there is none. */
int rt_dwarf_line_addr(struct rt_dwarf *d, const char *file, int line, uint64_t *addr);
/* One frame of source at an address: a function's, or one inlined into it. The strings live as
 * long as D. */
struct rt_src_frame {
	const char *function, *file;
	int line;
	bool inlined;
};
/* The frames of source at ADDR (as linked), innermost first: each function inlined there, then
 * the function that holds them. Returns how many (at most MAX), 0 when D does not know ADDR. */
int rt_dwarf_source(struct rt_dwarf *d, uint64_t addr, struct rt_src_frame *out, int max);
/* The struct or union NAME ("struct Foo") D defines, or NULL. */
const struct type *rt_dwarf_named_type(struct rt_dwarf *d, const char *name);

/* Calls CB for each file (sorted, once each) a uprobe/usdt binary field TARGET names: a glob, a
 * path, a program on PATH or a library; with PID (-p), a pattern or "" matches the executable
 * files that process maps, and a path not found here is looked for in its mount namespace.
 * Returns how many; with 0, WHY says why there were none when it knows.
 * (runtime/user_targets.c) */
int rt_each_user_target(const char *target, int pid, void (*cb)(void *ctx, const char *path), void *ctx, char *why,
                        size_t whylen);

#endif
