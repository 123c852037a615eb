/* Kernel and user symbols and stacks, as bpftrace prints them. */
#include "runtime/elfsyms.h"
#include "runtime/resolve.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* An address nothing names: C++'s `<< (void *)addr`, which bpftrace uses, prints null as "0". */
static void put_addr(struct strbuf *sb, uint64_t addr)
{
	if (addr)
		sb_printf(sb, "0x%" PRIx64, addr);
	else
		sb_putc(sb, '0');
}

static void put_ksym(struct resolver *r, struct strbuf *sb, uint64_t addr, bool with_offset)
{
	uint64_t off;
	const char *name = rt_ksyms_find(rt_resolver_ksyms(r), addr, &off);
	if (!name) {
		put_addr(sb, addr);
		return;
	}
	sb_puts(sb, name);
	if (with_offset)
		sb_printf(sb, "+%" PRIu64, off);
}

/* PERF adds the module as perf does: " (/usr/lib/libc.so.6)", or " ([unknown])". */
static void put_usym(struct resolver *r, struct strbuf *sb, int pid, uint64_t addr, bool with_offset, bool perf)
{
	uint64_t off;
	const char *module;
	const char *name = rt_usyms_find(rt_resolver_usyms(r), pid, addr, &off, &module);
	if (!name && !module)
		name = rt_resolver_fixed_symbol(r, addr, &off);   /* the process is gone */
	if (!name) {
		put_addr(sb, addr);
		if (perf)
			sb_puts(sb, " ([unknown])");
		return;
	}
	sb_puts(sb, name);
	if (with_offset)
		sb_printf(sb, "+%" PRIu64, off);
	if (perf)
		sb_printf(sb, " (%s)", module ? module : "[unknown]");
}

/* A user frame with its source (config show_debug_info, the file's DWARF): one line per function
 * inlined at ADDR, innermost first, then the frame's own symbol, each with @file:line (perf mode:
 * "ADDR name (inlined)" lines, the symbol as put_usym prints it). LOOKUP is the address whose
 * source is the frame's: a return address's call is the instruction before it. */
static void put_user_frame(struct resolver *r, struct strbuf *sb, int pid, uint64_t addr, uint64_t lookup, bool perf)
{
	struct rt_src_frame src[16];
	int n = rt_resolver_show_debug_info(r) ? rt_usyms_source(rt_resolver_usyms(r), pid, lookup, src, 16) : 0;
	for (int i = 0; i < n && src[i].inlined; i++) {
		if (perf)
			sb_printf(sb, "\t%" PRIx64 " %s (inlined)\n", addr, src[i].function);
		else
			sb_printf(sb, "        [inlined] %s@%s:%d\n", src[i].function, src[i].file, src[i].line);
	}
	if (perf) {
		sb_printf(sb, "\t%" PRIx64 " ", addr);
		put_usym(r, sb, pid, addr, true, true);
		return;
	}
	sb_puts(sb, "        ");
	uint64_t off;
	const char *module;
	if (n > 0 && !rt_usyms_find(rt_resolver_usyms(r), pid, addr, &off, &module))
		sb_puts(sb, src[n - 1].function);   /* a local function the symbol tables leave out */
	else
		put_usym(r, sb, pid, addr, true, false);
	if (n > 0)
		sb_printf(sb, "@%s:%d", src[n - 1].file, src[n - 1].line);
}

/* A stack: "\n", then one line per frame until the first zero address. A stack that was not
 * taken (negative id: no user stack in a kernel thread, ...) prints as nothing. */
/* ustack(build_id): "BUILDID 0xOFFSET" a frame, as the kernel found each frame's file; a frame
 * whose file it could not read holds the address, printed raw. */
static void put_build_id_stack(struct resolver *r, struct strbuf *sb, const struct type *type, int32_t id)
{
	enum { BUILD_ID_VALID = 1, BUILD_ID_IP = 2 };
	uint32_t limit = type->stack_limit;
	char name[32];
	snprintf(name, sizeof(name), STACK_BUILD_ID_MAP_PREFIX "%u", limit);
	struct bpf_object *obj = rt_resolver_object(r);
	int fd = obj ? bpf_object__find_map_fd_by_name(obj, name) : -1;
	uint8_t frames[STACK_MAX_FRAMES * STACK_BUILD_ID_FRAME];
	memset(frames, 0, sizeof(frames));
	if (id < 0 || fd < 0 || bpf_map_lookup_elem(fd, &id, frames) != 0)
		return;
	sb_putc(sb, '\n');
	for (uint32_t i = 0; i < limit; i++) {
		const uint8_t *f = frames + i * STACK_BUILD_ID_FRAME;
		int32_t status;
		uint64_t off;
		memcpy(&status, f, 4);
		memcpy(&off, f + 24, 8);
		if (status == BUILD_ID_VALID) {
			for (int b = 0; b < 20; b++)
				sb_printf(sb, "%02x", f[4 + b]);
			sb_printf(sb, " 0x%" PRIx64 "\n", off);
		} else if (status == BUILD_ID_IP) {
			sb_printf(sb, "%" PRIx64 "\n", off);
		} else {
			break;
		}
	}
}

static void put_stack(struct resolver *r, struct strbuf *sb, const struct type *type, uint64_t v)
{
	if (type->kind == TY_USTACK && type->stack_mode == STACK_MODE_BUILD_ID) {
		put_build_id_stack(r, sb, type, (int32_t)(uint32_t)v);
		return;
	}
	bool user = type->kind == TY_USTACK;
	int32_t id = (int32_t)(uint32_t)v;
	int pid = (int)(v >> 32);
	uint32_t limit = type->stack_limit;   /* 1..STACK_MAX_FRAMES: kstack/ustack check it */
	char name[32];
	snprintf(name, sizeof(name), STACK_MAP_NAME_FMT, limit);
	struct bpf_object *obj = rt_resolver_object(r);
	int fd = obj ? bpf_object__find_map_fd_by_name(obj, name) : -1;
	uint64_t frames[STACK_MAX_FRAMES];
	memset(frames, 0, sizeof(frames));
	if (id < 0 || fd < 0 || bpf_map_lookup_elem(fd, &id, frames) != 0)
		return;
	sb_putc(sb, '\n');
	for (uint32_t i = 0; i < limit && frames[i]; i++) {
		uint64_t addr = frames[i];
		bool perf = type->stack_mode == STACK_MODE_PERF;
		switch (type->stack_mode) {
		case STACK_MODE_BPFTRACE:
		case STACK_MODE_PERF:
			if (user) {
				put_user_frame(r, sb, pid, addr, i ? addr - 1 : addr, perf);
				break;
			}
			if (perf)
				sb_printf(sb, "\t%" PRIx64 " ", addr);
			else
				sb_puts(sb, "        ");
			put_ksym(r, sb, addr, true);
			break;
		case STACK_MODE_RAW:
		case STACK_MODE_BUILD_ID:   /* kstack: there is none; ustack is put_build_id_stack's */
			sb_printf(sb, "%" PRIx64, addr);
			break;
		}
		sb_putc(sb, '\n');
	}
}

bool rt_resolve_ksym(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data)
{
	(void)type;
	uint64_t v;
	memcpy(&v, data, sizeof(v));
	put_ksym(r, sb, v, false);
	return true;
}

/* The address, then the u32 pid that symbolises it (TY_USYM's layout). */
bool rt_resolve_usym(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data)
{
	(void)type;
	uint64_t v;
	uint32_t pid;
	memcpy(&v, data, sizeof(v));
	memcpy(&pid, (const uint8_t *)data + 8, sizeof(pid));
	put_usym(r, sb, (int)pid, v, false, false);
	return true;
}

bool rt_resolve_stack(struct resolver *r, struct strbuf *sb, const struct type *type, const void *data)
{
	uint64_t v;
	memcpy(&v, data, sizeof(v));
	put_stack(r, sb, type, v);
	return true;
}
