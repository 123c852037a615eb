/* Private to runtime/: values only the runtime can turn into text (symbols, stacks, times,
 * cgroup paths). One function per kind, named by that kind's rt_out_kind row (output_value.c);
 * resolve.c holds the per-run caches they share. */
#ifndef SONDE_RESOLVE_H
#define SONDE_RESOLVE_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/output.h"

struct resolver;   /* per-run caches (symbol tables, ...); see resolve.c */
struct ksyms;
struct usyms;
struct bpf_object;

struct resolver *rt_resolver_new(void);
void rt_resolver_free(struct resolver *r);
/* The output.resolve callback: CTX is the struct resolver. */
bool rt_resolver_format(void *ctx, struct strbuf *sb, const struct type *type, const void *data);

/* Gives the resolver the loaded object, in which it finds the stack maps (STACK_MAP_NAME_FMT)
 * that kstack/ustack values index. Until then stacks print empty. */
void rt_resolver_set_object(struct resolver *r, struct bpf_object *obj, const struct manifest *m);
/* Whether user frames print their source (config show_debug_info). */
bool rt_resolver_show_debug_info(struct resolver *r);
/* ADDR's symbol in a user probe's binary that loads at fixed addresses (not position
 * independent): how a process that is gone still names its code. NULL when none has it. */
const char *rt_resolver_fixed_symbol(struct resolver *r, uint64_t addr, uint64_t *offset);
/* The resolver's caches, created on first use (NULL when unavailable). */
struct bpf_object *rt_resolver_object(struct resolver *r);
const struct ksyms *rt_resolver_ksyms(struct resolver *r);
struct usyms *rt_resolver_usyms(struct resolver *r);

/* The resolvers of the rt_out_kind rows; false prints the raw number. resolve_time.c: */
bool rt_resolve_timestamp(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data);
bool rt_resolve_cgroup_path(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data);
/* syscall_names.c: the name of system call NR of this architecture, NULL when it has none. */
const char *rt_syscall_name(int64_t nr);
/* resolve_symbol.c: */
bool rt_resolve_ksym(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data);
bool rt_resolve_usym(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data);
bool rt_resolve_stack(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data);

/* runtime/ksyms.c: kernel symbols from /proc/kallsyms, sorted by address. */
struct ksyms *rt_ksyms_load(void);   /* NULL when /proc/kallsyms cannot be read */
void rt_ksyms_free(struct ksyms *k);
/* The symbol containing ADDR (the last one at or below it), with ADDR's offset into it in
 * *OFFSET; NULL when ADDR is below every symbol. */
const char *rt_ksyms_find(const struct ksyms *k, uint64_t addr, uint64_t *offset);

/* runtime/usyms.c: user symbols through /proc/PID/maps and the ELF symbol tables of the mapped
 * files, both cached for the run. */
struct usyms *rt_usyms_new(void);
void rt_usyms_free(struct usyms *u);
/* The symbol containing ADDR in process PID, ADDR's offset into it in *OFFSET and the mapped
 * file in *MODULE (set whenever ADDR lies in a file mapping, even without a symbol). NULL when
 * unknown (no such process, anonymous memory, no covering symbol). */
const char *rt_usyms_find(struct usyms *u, int pid, uint64_t addr, uint64_t *offset, const char **module);
/* The symbol at ADDR of executable PATH when it loads at fixed addresses (not position
 * independent): how a process that is gone still names its code. NULL otherwise. */
const char *rt_usyms_find_fixed(struct usyms *u, const char *path, uint64_t addr, uint64_t *offset);
/* The source frames at ADDR of process PID (file:line, inlined calls innermost first), from the
 * mapped file's DWARF; 0 when it has none. */
struct rt_src_frame;
int rt_usyms_source(struct usyms *u, int pid, uint64_t addr, struct rt_src_frame *out, int max);
/* Reads process PID's mappings now, while it lives: its addresses resolve after it exits. */
void rt_usyms_note_process(struct usyms *u, int pid);

#endif
