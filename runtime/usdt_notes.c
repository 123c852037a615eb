/* USDT probe notes (.note.stapsdt, as <sys/sdt.h> writes them) read with libelf: each location's
 * address, file offset, semaphore and argument specs; and the x86-64 argument specs themselves
 * ("-4@%eax", "8@$5", "8@-8(%rbp)", "4@16(%rax,%rdx,4)") turned into places argN reads. */
#define _GNU_SOURCE
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "runtime/elfsyms.h"

/* The address of section NAME, 0 when there is none. */
static uint64_t section_addr(Elf *e, size_t shstrndx, const char *name)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		const char *sname = gelf_getshdr(scn, &sh) ? elf_strptr(e, shstrndx, sh.sh_name) : NULL;
		if (sname && strcmp(sname, name) == 0)
			return sh.sh_addr;
	}
	return 0;
}

static uint64_t read_addr(const char *p, size_t size)
{
	uint64_t v = 0;
	if (size == 4) {
		uint32_t v32;
		memcpy(&v32, p, 4);
		v = v32;
	} else {
		memcpy(&v, p, 8);
	}
	return v;
}

/* One note's descriptor: pc, base, semaphore (three addresses), then provider\0 name\0 args\0. */
static void each_note(Elf *e, Elf_Data *data, uint64_t base_addr, void (*cb)(void *, const struct rt_usdt_note *),
                      void *ctx)
{
	size_t addr = gelf_getclass(e) == ELFCLASS32 ? 4 : 8;
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;
	while ((off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		const char *owner = (const char *)data->d_buf + name_off;
		if (nh.n_type != 3 || nh.n_namesz != 8 || memcmp(owner, "stapsdt", 8) != 0 || nh.n_descsz < 3 * addr + 3)
			continue;
		const char *desc = (const char *)data->d_buf + desc_off;
		const char *end = desc + nh.n_descsz;
		const char *prov = desc + 3 * addr;
		const char *name = memchr(prov, '\0', (size_t)(end - prov));
		const char *args = name && ++name < end ? memchr(name, '\0', (size_t)(end - name)) : NULL;
		if (!args || ++args > end)
			continue;
		struct rt_usdt_note note = {.provider = prov, .name = name, .args = args < end ? args : ""};
		note.pc = read_addr(desc, addr);
		uint64_t note_base = read_addr(desc + addr, addr), sem = read_addr(desc + 2 * addr, addr);
		/* A prelinked file moved .stapsdt.base and its probes together; the note kept the old base. */
		if (base_addr && note_base)
			note.pc += base_addr - note_base;
		note.offset = rt_elf_vaddr_offset(e, note.pc);
		note.semaphore_offset = sem ? rt_elf_vaddr_offset(e, sem) : 0;
		cb(ctx, &note);
	}
}

int rt_elf_each_usdt(const char *path, void (*cb)(void *ctx, const struct rt_usdt_note *note), void *ctx)
{
	int fd;
	Elf *e = rt_elf_open(path, &fd);
	size_t shstrndx;
	if (!e || elf_getshdrstrndx(e, &shstrndx) != 0) {
		if (e) {
			elf_end(e);
			close(fd);
		}
		return -1;
	}
	uint64_t base_addr = section_addr(e, shstrndx, ".stapsdt.base");
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		const char *sname = elf_strptr(e, shstrndx, sh.sh_name);
		Elf_Data *data = sname && strcmp(sname, ".note.stapsdt") == 0 ? elf_getdata(scn, NULL) : NULL;
		if (data)
			each_note(e, data, base_addr, cb, ctx);
	}
	elf_end(e);
	close(fd);
	return 0;
}

/* ---- argument specs ---- */

/* x86-64's registers by every name an operand may use: the byte offset of the value in struct
 * pt_regs (a high byte register one past its register's) and the name's width. */
static const struct {
	const char *names[4];   /* 64-, 32-, 16- and 8-bit names */
	uint16_t offset;
} regs[] = {
	{{"rax", "eax", "ax", "al"}, 80}, {{"rbx", "ebx", "bx", "bl"}, 40}, {{"rcx", "ecx", "cx", "cl"}, 88},
	{{"rdx", "edx", "dx", "dl"}, 96}, {{"rsi", "esi", "si", "sil"}, 104}, {{"rdi", "edi", "di", "dil"}, 112},
	{{"rbp", "ebp", "bp", "bpl"}, 32}, {{"rsp", "esp", "sp", "spl"}, 152}, {{"r8", "r8d", "r8w", "r8b"}, 72},
	{{"r9", "r9d", "r9w", "r9b"}, 64}, {{"r10", "r10d", "r10w", "r10b"}, 56}, {{"r11", "r11d", "r11w", "r11b"}, 48},
	{{"r12", "r12d", "r12w", "r12b"}, 24}, {{"r13", "r13d", "r13w", "r13b"}, 16}, {{"r14", "r14d", "r14w", "r14b"}, 8},
	{{"r15", "r15d", "r15w", "r15b"}, 0}, {{"rip", "eip", "ip", NULL}, 128},
	{{NULL, NULL, NULL, "ah"}, 81}, {{NULL, NULL, NULL, "bh"}, 41}, {{NULL, NULL, NULL, "ch"}, 89},
	{{NULL, NULL, NULL, "dh"}, 97},
};

/* The register named at *P ("%rax"), advancing past it. Returns its offset, or -1. */
static int parse_reg(const char **p)
{
	if (**p != '%')
		return -1;
	const char *s = *p + 1;
	size_t len = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789");
	for (size_t i = 0; i < ARRAY_LEN(regs); i++)
		for (size_t w = 0; w < 4; w++)
			if (regs[i].names[w] && strlen(regs[i].names[w]) == len && strncmp(regs[i].names[w], s, len) == 0) {
				*p = s + len;
				return regs[i].offset;
			}
	return -1;
}

#define REG_IP 128

/* A displacement that names a symbol ("counter+8" in "4@counter+8(%rip)"), made relative to the
 * probe's own address, which is what the ip register holds when the uprobe fires. */
static int symbol_disp(const char **p, const char *path, uint64_t pc, int64_t *disp)
{
	size_t len = strcspn(*p, "+-(");
	char name[256];
	if (len == 0 || len >= sizeof(name))
		return -1;
	memcpy(name, *p, len);
	name[len] = '\0';
	uint64_t addr;
	if (rt_elf_symbol_addr(path, name, &addr) < 0)
		return -1;
	char *end;
	int64_t off = (*p)[len] == '(' ? 0 : strtoll(*p + len, &end, 0);
	*p = (*p)[len] == '(' ? *p + len : end;
	*disp = (int64_t)(addr - pc) + off;
	return 0;
}

/* "DISP(%base[,%index[,scale]])", DISP optional, a number or (ip-relative) a symbol. Returns 0,
 * or -1. */
static int parse_mem(const char *p, const char *path, uint64_t pc, struct probe_argloc *a)
{
	char *end;
	a->kind = ARGLOC_MEM;
	a->index_reg = -1;
	a->scale = 1;
	bool symbolic = *p == '_' || *p == '.' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
	if (symbolic) {
		if (symbol_disp(&p, path, pc, &a->value) < 0)
			return -1;
	} else if (*p != '(') {
		a->value = strtoll(p, &end, 0);
		p = end;
	}
	if (*p++ != '(')
		return -1;
	int base = parse_reg(&p);
	if (base < 0 || (base == REG_IP) != symbolic)
		return -1;   /* an ip-relative number is relative to the next instruction, which is unknown */
	a->reg = (uint16_t)base;
	if (*p == ',') {
		p++;
		int index = parse_reg(&p);
		if (index < 0)
			return -1;
		a->index_reg = (int16_t)index;
		if (*p == ',') {
			long scale = strtol(p + 1, &end, 10);
			if (scale != 1 && scale != 2 && scale != 4 && scale != 8)
				return -1;
			a->scale = (uint8_t)scale;
			p = end;
		}
	}
	return strcmp(p, ")") == 0 ? 0 : -1;
}

/* One spec "[-]SIZE@OPERAND". Returns 0, or -1. */
static int parse_one(const char *spec, const char *path, uint64_t pc, struct probe_argloc *a)
{
	char *end;
	long size = strtol(spec, &end, 10);
	*a = (struct probe_argloc){.is_signed = size < 0, .size = (uint8_t)labs(size), .index_reg = -1};
	if (*end != '@' || (a->size != 1 && a->size != 2 && a->size != 4 && a->size != 8))
		return -1;
	const char *op = end + 1;
	if (*op == '$') {
		a->kind = ARGLOC_CONST;
		a->value = op[1] == '-' ? strtoll(op + 1, &end, 0) : (int64_t)strtoull(op + 1, &end, 0);
		return end != op + 1 && *end == '\0' ? 0 : -1;
	}
	if (*op == '%') {
		int r = parse_reg(&op);
		a->kind = ARGLOC_REG;
		a->reg = (uint16_t)r;
		return r >= 0 && *op == '\0' ? 0 : -1;
	}
	return parse_mem(op, path, pc, a);
}

int rt_usdt_parse_args(const char *path, const struct rt_usdt_note *note, struct probe_argloc *out, size_t max,
                       char *err, size_t errlen)
{
	char *copy = strdup(note->args), *save = NULL;
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int n = 0;
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if ((size_t)n == max) {
			snprintf(err, errlen, "more than %zu arguments", max);
			n = -1;
			break;
		}
		if (parse_one(tok, path, note->pc, &out[n]) < 0) {
			snprintf(err, errlen, "cannot read the argument spec '%s'", tok);
			n = -1;
			break;
		}
		n++;
	}
	free(copy);
	return n;
}
