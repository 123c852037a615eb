/* User symbols: a process's file mappings from /proc/PID/maps turn an address into a file
 * offset, the file's PT_LOAD headers turn that into an ELF virtual address, and the file's
 * symbol tables (.symtab, else .dynsym) name it. Both tables are cached for the whole run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/elfsyms.h"
#include "runtime/resolve.h"

struct usym {
	uint64_t addr, size;
	const char *name;    /* into the owning elf_syms' names */
};

struct load_seg {
	uint64_t off, vaddr, filesz;
};

/* One ELF file's symbols, sorted by address. */
struct elf_syms {
	char *path;
	struct usym *syms;
	size_t n;
	char *names;
	struct load_seg *segs;
	size_t nsegs;
	bool loaded;         /* false: not an ELF file we could read */
	bool fixed;          /* an executable that loads at its link addresses (not position independent) */
	char *open_path;     /* the path it was read through */
	struct rt_dwarf *dwarf;   /* its DWARF, opened on the first frame that asks for source */
	bool dwarf_tried;
	struct elf_syms *next;
};

struct mapping {
	uint64_t start, end, offset;
	char *path;
};

/* One process's file mappings. */
struct proc_maps {
	int pid;
	struct mapping *maps;
	size_t n;
	struct proc_maps *next;
};

struct usyms {
	struct arena arena;  /* what the files' DWARF readers allocate */
	struct elf_syms *files;
	struct proc_maps *procs;
};

struct usyms *rt_usyms_new(void)
{
	return calloc(1, sizeof(struct usyms));
}

static void free_maps(struct proc_maps *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->maps[i].path);
	free(p->maps);
	free(p);
}

void rt_usyms_free(struct usyms *u)
{
	if (!u)
		return;
	for (struct elf_syms *f = u->files, *next; f; f = next) {
		next = f->next;
		free(f->path);
		free(f->open_path);
		rt_dwarf_close(f->dwarf);
		free(f->syms);
		free(f->names);
		free(f->segs);
		free(f);
	}
	for (struct proc_maps *p = u->procs, *next; p; p = next) {
		next = p->next;
		free_maps(p);
	}
	arena_free(&u->arena);
	free(u);
}

static int cmp_usym(const void *a, const void *b)
{
	const struct usym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Same address: a sized symbol before an unsized one, then by name for stable output. */
	if ((x->size == 0) != (y->size == 0))
		return x->size == 0 ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Reads the symbols of one table into F (names copied into one block appended to F->names). */
static void read_symtab(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh, struct elf_syms *f, size_t *cap,
                        size_t *names_len, size_t *names_cap)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;
	for (size_t i = 0; data && i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF || !sym.st_value)
			continue;
		int type = GELF_ST_TYPE(sym.st_info);
		if (type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_OBJECT)
			continue;
		const char *name = elf_strptr(e, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		size_t len = strlen(name) + 1;
		if (f->n == *cap) {
			*cap = *cap ? *cap * 2 : 1024;
			struct usym *s = realloc(f->syms, *cap * sizeof(*s));
			if (!s)
				return;
			f->syms = s;
		}
		if (*names_len + len > *names_cap) {
			size_t nc = *names_cap ? *names_cap * 2 : 1 << 16;
			while (nc < *names_len + len)
				nc *= 2;
			char *p = realloc(f->names, nc);
			if (!p)
				return;
			f->names = p;
			*names_cap = nc;
		}
		memcpy(f->names + *names_len, name, len);
		/* names may move while growing: store the offset, fixed up to a pointer at the end */
		f->syms[f->n++] = (struct usym){.addr = sym.st_value, .size = sym.st_size, .name = (const char *)*names_len};
		*names_len += len;
	}
}

static void load_elf(struct elf_syms *f, const char *open_path)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return;
	int fd = open(open_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		if (e)
			elf_end(e);
		close(fd);
		return;
	}
	GElf_Ehdr eh;
	f->fixed = gelf_getehdr(e, &eh) && eh.e_type == ET_EXEC;
	size_t nph = 0;
	if (elf_getphdrnum(e, &nph) == 0 && nph) {
		f->segs = calloc(nph, sizeof(*f->segs));
		for (size_t i = 0; f->segs && i < nph; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD)
				f->segs[f->nsegs++] = (struct load_seg){ph.p_offset, ph.p_vaddr, ph.p_filesz};
		}
	}
	/* .symtab is a superset of .dynsym when present; a stripped file has only .dynsym. */
	Elf_Scn *symtab = NULL, *dynsym = NULL, *scn = NULL;
	GElf_Shdr sh_symtab, sh_dynsym;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && !symtab) {
			symtab = scn;
			sh_symtab = sh;
		} else if (sh.sh_type == SHT_DYNSYM && !dynsym) {
			dynsym = scn;
			sh_dynsym = sh;
		}
	}
	size_t cap = 0, names_len = 0, names_cap = 0;
	if (symtab)
		read_symtab(e, symtab, &sh_symtab, f, &cap, &names_len, &names_cap);
	if (dynsym && (!symtab || f->n == 0))
		read_symtab(e, dynsym, &sh_dynsym, f, &cap, &names_len, &names_cap);
	for (size_t i = 0; i < f->n; i++)
		f->syms[i].name = f->names + (size_t)f->syms[i].name;
	if (f->n)
		qsort(f->syms, f->n, sizeof(*f->syms), cmp_usym);
	f->loaded = true;
	f->open_path = strdup(open_path);
	elf_end(e);
	close(fd);
}

static struct elf_syms *elf_for(struct usyms *u, int pid, const char *path)
{
	for (struct elf_syms *f = u->files; f; f = f->next)
		if (strcmp(f->path, path) == 0)
			return f;
	struct elf_syms *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->path = strdup(path);
	/* Through the process's root first, so a process in another mount namespace resolves
	 * against its own files. */
	char root_path[4096 + 32];
	snprintf(root_path, sizeof(root_path), "/proc/%d/root%s", pid, path);
	load_elf(f, root_path);
	if (!f->loaded)
		load_elf(f, path);
	f->next = u->files;
	u->files = f;
	return f;
}

static struct proc_maps *read_maps(int pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *fp = fopen(path, "re");
	if (!fp)
		return NULL;
	struct proc_maps *p = calloc(1, sizeof(*p));
	size_t cap = 0;
	char line[4352];
	while (p && fgets(line, sizeof(line), fp)) {
		unsigned long long start, end, off;
		char perms[8];
		int name_at = 0;
		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %n", &start, &end, perms, &off, &name_at) < 4 || !name_at)
			continue;
		char *name = line + name_at;
		name[strcspn(name, "\n")] = '\0';
		if (name[0] != '/')
			continue;   /* anonymous, [stack], [vdso], ... */
		if (p->n == cap) {
			cap = cap ? cap * 2 : 64;
			struct mapping *m = realloc(p->maps, cap * sizeof(*m));
			if (!m)
				break;
			p->maps = m;
		}
		p->maps[p->n++] = (struct mapping){start, end, off, strdup(name)};
	}
	fclose(fp);
	if (p)
		p->pid = pid;
	return p;
}

static const struct mapping *find_mapping(const struct proc_maps *p, uint64_t addr)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (addr >= p->maps[i].start && addr < p->maps[i].end)
			return &p->maps[i];
	return NULL;
}

static const struct usym *find_sym(const struct elf_syms *f, uint64_t vaddr)
{
	if (!f->n || vaddr < f->syms[0].addr)
		return NULL;
	size_t lo = 0, hi = f->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->syms[mid].addr <= vaddr)
			lo = mid;
		else
			hi = mid;
	}
	/* Walk back over symbols that start at or below VADDR to the one that covers it; symbols
	 * of size 0 only name their own address. A few steps suffice: nested symbols are rare. */
	for (size_t i = lo + 1, steps = 0; i-- > 0 && steps < 16; steps++) {
		const struct usym *s = &f->syms[i];
		if (vaddr < s->addr + (s->size ? s->size : 1))
			return s;
	}
	/* A return address just past a function's last instruction (its final call was to a
	 * noreturn function) still belongs to that caller. */
	const struct usym *s = &f->syms[lo];
	return s->size && vaddr == s->addr + s->size ? s : NULL;
}

/* Reads PID's maps again, replacing what was kept of them; NULL (the old kept) when it is gone.
 * An exiting process, its memory already released, reads as mapping nothing: that is no news. */
static struct proc_maps *refresh_maps(struct usyms *u, int pid)
{
	struct proc_maps *fresh = read_maps(pid);
	if (fresh && fresh->n == 0) {
		free_maps(fresh);
		fresh = NULL;
	}
	if (!fresh)
		return NULL;
	for (struct proc_maps **pp = &u->procs; *pp; pp = &(*pp)->next)
		if ((*pp)->pid == pid) {
			struct proc_maps *old = *pp;
			*pp = old->next;
			free_maps(old);
			break;
		}
	fresh->next = u->procs;
	u->procs = fresh;
	return fresh;
}

const char *rt_usyms_find_fixed(struct usyms *u, const char *path, uint64_t addr, uint64_t *offset)
{
	struct elf_syms *f = u ? elf_for(u, 0, path) : NULL;
	if (!f || !f->loaded || !f->fixed)
		return NULL;
	const struct usym *s = find_sym(f, addr);
	if (!s)
		return NULL;
	*offset = addr - s->addr;
	return s->name;
}

void rt_usyms_note_process(struct usyms *u, int pid)
{
	if (u && pid > 0)
		refresh_maps(u, pid);
}

/* The file process PID has mapped at ADDR, and ADDR as that file's virtual address. */
static struct elf_syms *locate(struct usyms *u, int pid, uint64_t addr, uint64_t *vaddr, const char **module)
{
	*module = NULL;
	if (!u || pid <= 0)
		return NULL;
	struct proc_maps *p = NULL;
	for (p = u->procs; p && p->pid != pid; p = p->next)
		;
	const struct mapping *m = p ? find_mapping(p, addr) : NULL;
	if (!m) {
		/* New process, or one that mapped a library since: read its maps again. */
		struct proc_maps *fresh = refresh_maps(u, pid);
		m = fresh ? find_mapping(fresh, addr) : NULL;
		if (!m)
			return NULL;
	}
	*module = m->path;
	struct elf_syms *f = elf_for(u, pid, m->path);
	if (!f || !f->loaded)
		return NULL;
	uint64_t file_off = addr - m->start + m->offset;
	*vaddr = file_off;   /* a file without program headers: offsets are addresses */
	for (size_t i = 0; i < f->nsegs; i++) {
		const struct load_seg *s = &f->segs[i];
		if (file_off >= s->off && file_off < s->off + s->filesz) {
			*vaddr = file_off - s->off + s->vaddr;
			break;
		}
	}
	return f;
}

const char *rt_usyms_find(struct usyms *u, int pid, uint64_t addr, uint64_t *offset, const char **module)
{
	uint64_t vaddr;
	struct elf_syms *f = locate(u, pid, addr, &vaddr, module);
	const struct usym *s = f ? find_sym(f, vaddr) : NULL;
	if (!s)
		return NULL;
	*offset = vaddr - s->addr;
	return s->name;
}

int rt_usyms_source(struct usyms *u, int pid, uint64_t addr, struct rt_src_frame *out, int max)
{
	uint64_t vaddr;
	const char *module;
	struct elf_syms *f = locate(u, pid, addr, &vaddr, &module);
	if (!f)
		return 0;
	if (!f->dwarf_tried) {
		f->dwarf_tried = true;   /* a file without DWARF is not searched again for every frame */
		f->dwarf = rt_dwarf_open(f->open_path, NULL, &u->arena);
	}
	return f->dwarf ? rt_dwarf_source(f->dwarf, vaddr, out, max) : 0;
}
