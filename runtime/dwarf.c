/* DWARF through libdw: a user function's parameters with their C types, and a binary's named
 * struct and union types, turned into sonde types. The debug info is found as libdwfl finds it:
 * in the file itself, through .gnu_debuglink and the build id under .debug/ and /usr/lib/debug/,
 * in --debuginfo directories (a relative one is relative to the binary's own), and in the split
 * DWARF (.dwo) files a skeleton unit names. */
#define _GNU_SOURCE
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "runtime/elfsyms.h"

struct rt_dwarf {
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwarf *dw;
	Dwarf_Addr bias;
	char *search_path;       /* libdwfl keeps a pointer to this pointer */
	Dwfl_Callbacks callbacks;
	struct arena *arena;
	struct memo {
		Dwarf_Off off;
		const struct type *t;
	} *memo;
	size_t nmemo, memo_cap;
};

struct rt_dwarf *rt_dwarf_open(const char *path, const char *debuginfo, struct arena *arena)
{
	struct rt_dwarf *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->arena = arena;
	/* libdwfl's own default, then the --debuginfo directories. */
	if (asprintf(&d->search_path, ":.debug:/usr/lib/debug%s%s", debuginfo ? ":" : "", debuginfo ? debuginfo : "") < 0)
		d->search_path = NULL;
	d->callbacks = (Dwfl_Callbacks){
		.find_elf = dwfl_build_id_find_elf,
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.section_address = dwfl_offline_section_address,
		.debuginfo_path = &d->search_path,
	};
	d->dwfl = d->search_path ? dwfl_begin(&d->callbacks) : NULL;
	if (d->dwfl) {
		d->mod = dwfl_report_offline(d->dwfl, path, path, -1);
		dwfl_report_end(d->dwfl, NULL, NULL);
	}
	d->dw = d->mod ? dwfl_module_getdwarf(d->mod, &d->bias) : NULL;
	if (!d->dw) {
		rt_dwarf_close(d);
		return NULL;
	}
	return d;
}

void rt_dwarf_close(struct rt_dwarf *d)
{
	if (!d)
		return;
	if (d->dwfl)
		dwfl_end(d->dwfl);
	free(d->search_path);
	free(d->memo);
	free(d);
}

/* ---- types ---- */

static bool die_type(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(die, DW_AT_type, &a) && dwarf_formref_die(&a, out);
}

static uint64_t die_uint(Dwarf_Die *die, int name, uint64_t dflt)
{
	Dwarf_Attribute a;
	Dwarf_Word v;
	return dwarf_attr_integrate(die, name, &a) && dwarf_formudata(&a, &v) == 0 ? v : dflt;
}

/* Qualifiers and typedefs say nothing about layout: the type under them. */
static bool strip(Dwarf_Die *die)
{
	for (int i = 0; i < 16; i++) {
		int tag = dwarf_tag(die);
		if (tag != DW_TAG_typedef && tag != DW_TAG_const_type && tag != DW_TAG_volatile_type &&
		    tag != DW_TAG_restrict_type && tag != DW_TAG_atomic_type)
			return true;
		if (!die_type(die, die))
			return false;   /* const void */
	}
	return false;
}

static const struct type *convert(struct rt_dwarf *d, Dwarf_Die *die);

static const struct type *base_type(Dwarf_Die *die)
{
	uint64_t size = die_uint(die, DW_AT_byte_size, 0), enc = die_uint(die, DW_AT_encoding, 0);
	if (enc == DW_ATE_boolean)
		return type_bool();
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return NULL;
	/* plain char is signed on the architectures sonde runs on */
	bool is_signed = enc == DW_ATE_signed || enc == DW_ATE_signed_char ||
	                 (dwarf_diename(die) && strcmp(dwarf_diename(die), "char") == 0);
	return type_int((unsigned)size, is_signed);
}

/* The elements of an array type's first dimension (0: unknown, a flexible array). */
static uint64_t array_count(Dwarf_Die *die)
{
	Dwarf_Die sub;
	if (dwarf_child(die, &sub) != 0 || dwarf_tag(&sub) != DW_TAG_subrange_type)
		return 0;
	uint64_t upper = die_uint(&sub, DW_AT_upper_bound, UINT64_MAX);
	return upper != UINT64_MAX ? upper + 1 : die_uint(&sub, DW_AT_count, 0);
}

static const struct type *array_type(struct rt_dwarf *d, Dwarf_Die *die)
{
	Dwarf_Die et;
	if (!die_type(die, &et))
		return NULL;
	uint64_t n = array_count(die);
	Dwarf_Die base = et;
	bool is_char = strip(&base) && dwarf_tag(&base) == DW_TAG_base_type && dwarf_diename(&base) &&
	               strstr(dwarf_diename(&base), "char");
	if (is_char)   /* char[N] reads as a string, as in bpftrace */
		return n ? type_new(d->arena, TY_STRING, (uint32_t)n, 1) : NULL;
	const struct type *elem = convert(d, &et);
	if (!elem || !n)
		return NULL;
	struct type *a = type_new(d->arena, TY_ARRAY, elem->size * (uint32_t)n, elem->align);
	a->elem = elem;
	a->count = (uint32_t)n;
	return a;
}

static const struct type *memo_find(struct rt_dwarf *d, Dwarf_Off off)
{
	for (size_t i = 0; i < d->nmemo; i++)
		if (d->memo[i].off == off)
			return d->memo[i].t;
	return NULL;
}

static void memo_add(struct rt_dwarf *d, Dwarf_Off off, const struct type *t)
{
	if (d->nmemo == d->memo_cap) {
		size_t cap = d->memo_cap ? 2 * d->memo_cap : 64;
		struct memo *nv = realloc(d->memo, cap * sizeof(*nv));
		if (!nv)
			return;
		d->memo = nv, d->memo_cap = cap;
	}
	d->memo[d->nmemo++] = (struct memo){off, t};
}

/* A struct or union: made (and remembered) before its members, which may point back at it.
 * Bitfields and members of unknown types are left out. */
static const struct type *record_type(struct rt_dwarf *d, Dwarf_Die *die)
{
	const char *name = dwarf_diename(die);
	struct type *t = type_new(d->arena, TY_CSTRUCT, (uint32_t)die_uint(die, DW_AT_byte_size, 0), 1);
	t->name = arena_printf(d->arena, "%s %s", dwarf_tag(die) == DW_TAG_union_type ? "union" : "struct",
	                       name ? name : "");
	memo_add(d, dwarf_dieoffset(die), t);
	size_t cap = 0, n = 0;
	struct type_field *fields = NULL;
	Dwarf_Die m;
	for (int rc = dwarf_child(die, &m); rc == 0; rc = dwarf_siblingof(&m, &m)) {
		Dwarf_Die mt;
		if (dwarf_tag(&m) != DW_TAG_member || die_uint(&m, DW_AT_bit_size, 0) || !die_type(&m, &mt))
			continue;
		const struct type *ft = convert(d, &mt);
		if (!ft)
			continue;
		fields = arena_grow(d->arena, fields, n, &cap, sizeof(*fields), 8);
		const char *mn = dwarf_diename(&m);
		fields[n++] = (struct type_field){mn ? arena_strdup(d->arena, mn) : "", ft,
		                                  (uint32_t)die_uint(&m, DW_AT_data_member_location, 0)};
		if (ft->align > t->align)
			t->align = ft->align;
	}
	t->fields = fields;
	t->count = (uint32_t)n;
	return t;
}

static const struct type *convert(struct rt_dwarf *d, Dwarf_Die *in)
{
	Dwarf_Die die = *in;
	if (!strip(&die))
		return type_void();
	const struct type *seen = memo_find(d, dwarf_dieoffset(&die));
	if (seen)
		return seen;
	Dwarf_Die to;
	switch (dwarf_tag(&die)) {
	case DW_TAG_base_type:
		return base_type(&die);
	case DW_TAG_enumeration_type:
		return type_int((unsigned)die_uint(&die, DW_AT_byte_size, 4), false);
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type: {
		struct type *p = type_new(d->arena, TY_PTR, 8, 8);
		memo_add(d, dwarf_dieoffset(&die), p);
		const struct type *elem = die_type(&die, &to) ? convert(d, &to) : NULL;
		p->elem = elem && elem->kind != TY_VOID ? elem : NULL;
		return p;
	}
	case DW_TAG_array_type:
		return array_type(d, &die);
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_class_type:
		return record_type(d, &die);
	default:   /* functions, pointers to members */
		return NULL;
	}
}

/* A type's C spelling as bpftrace lists it: "int", "struct Foo*", "const char*". */
static void spell(Dwarf_Die *in, char *buf, size_t len)
{
	Dwarf_Die die = *in, to;
	const char *name = dwarf_diename(&die);
	switch (dwarf_tag(&die)) {
	case DW_TAG_pointer_type:
		if (die_type(&die, &to))
			spell(&to, buf, len);
		else
			snprintf(buf, len, "void");
		strncat(buf, "*", len - strlen(buf) - 1);
		return;
	case DW_TAG_const_type:
	case DW_TAG_volatile_type: {
		char inner[256] = "void";
		if (die_type(&die, &to))
			spell(&to, inner, sizeof(inner));
		snprintf(buf, len, "%s %s", dwarf_tag(&die) == DW_TAG_const_type ? "const" : "volatile", inner);
		return;
	}
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
		snprintf(buf, len, "struct %s", name ? name : "");
		return;
	case DW_TAG_union_type:
		snprintf(buf, len, "union %s", name ? name : "");
		return;
	case DW_TAG_enumeration_type:
		snprintf(buf, len, "enum %s", name ? name : "");
		return;
	case DW_TAG_array_type: {
		if (die_type(&die, &to))
			spell(&to, buf, len);
		char dim[32];
		snprintf(dim, sizeof(dim), "[%llu]", (unsigned long long)array_count(&die));
		strncat(buf, dim, len - strlen(buf) - 1);
		return;
	}
	default:
		snprintf(buf, len, "%s", name ? name : "?");
	}
}

/* ---- functions ---- */

/* The unit whose code holds ADDR, as the split unit when it is a skeleton's (.dwo). */
static bool unit_at(struct rt_dwarf *d, uint64_t addr, Dwarf_Die *cu)
{
	Dwarf_Addr cubias;
	Dwarf_Die *die = dwfl_module_addrdie(d->mod, addr + d->bias, &cubias);
	if (!die)
		return false;
	*cu = *die;
	Dwarf_Die split;
	uint8_t unit_type;
	if (dwarf_cu_info(cu->cu, NULL, &unit_type, NULL, &split, NULL, NULL, NULL) == 0 &&
	    unit_type == DW_UT_skeleton && dwarf_tag(&split) == DW_TAG_compile_unit)
		*cu = split;
	return true;
}

struct find_func {
	const char *name;
	Dwarf_Die found;
	bool ok;
};

static int match_func(Dwarf_Die *fn, void *arg)
{
	struct find_func *f = arg;
	const char *n = dwarf_diename(fn);
	if (n && strcmp(n, f->name) == 0 && !die_uint(fn, DW_AT_declaration, 0)) {
		f->found = *fn;
		f->ok = true;
		return DWARF_CB_ABORT;
	}
	return DWARF_CB_OK;
}

static bool find_function(struct rt_dwarf *d, const char *path, const char *func, Dwarf_Die *out)
{
	uint64_t addr;
	Dwarf_Die cu;
	if (rt_elf_symbol_addr(path, func, &addr) < 0 || !unit_at(d, addr, &cu))
		return false;
	struct find_func f = {.name = func};
	dwarf_getfuncs(&cu, match_func, &f, 0);
	*out = f.found;
	return f.ok;
}

/* System V's argument registers as struct pt_regs offsets. */
static const uint32_t arg_regs[] = {112, 104, 96, 88, 72, 64};

int rt_dwarf_params(struct rt_dwarf *d, const char *path, const char *func, struct probe_arg **out, size_t *n,
                    bool with_types)
{
	Dwarf_Die fn, p;
	if (!find_function(d, path, func, &fn))
		return -1;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	for (int rc = dwarf_child(&fn, &p); rc == 0; rc = dwarf_siblingof(&p, &p)) {
		Dwarf_Die pt;
		if (dwarf_tag(&p) != DW_TAG_formal_parameter || !die_type(&p, &pt))
			continue;
		char spelling[256] = "";
		spell(&pt, spelling, sizeof(spelling));
		const struct type *t = with_types ? convert(d, &pt) : NULL;
		/* Only what fits an argument register is read: a struct passed by value or a seventh
		 * argument is on the stack, which args does not reach. */
		bool in_reg = *n < ARRAY_LEN(arg_regs) && (!with_types || (t && t->size <= 8 && t->kind != TY_CSTRUCT));
		if (with_types && !in_reg)
			break;
		*out = arena_grow(d->arena, *out, *n, &cap, sizeof(**out), 8);
		const char *name = dwarf_diename(&p);
		size_t i = (*n)++;
		(*out)[i] = (struct probe_arg){
			.name = arena_strdup(d->arena, name ? name : ""),
			.c_type = arena_strdup(d->arena, spelling),
			.offset = i < ARRAY_LEN(arg_regs) ? arg_regs[i] : 0,
			.size = t ? t->size : 8,
			.is_signed = t && t->is_signed,
			.type = t,
		};
	}
	return 0;
}

/* ---- source lines ---- */

int rt_dwarf_line_addr(struct rt_dwarf *d, const char *file, int line, uint64_t *addr)
{
	Dwarf_Line **lines = NULL;
	size_t n = 0;
	if (dwarf_getsrc_file(d->dw, file, line, 0, &lines, &n) != 0 || n == 0)
		return -1;
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		Dwarf_Addr a;
		bool stmt = false;
		int l = 0;
		if (dwarf_lineaddr(lines[i], &a) != 0 || dwarf_lineno(lines[i], &l) != 0 || l != line ||
		    dwarf_linebeginstatement(lines[i], &stmt) != 0 || !stmt)
			continue;
		if (!found || a < *addr)
			*addr = a;   /* the line's first instruction */
		found = true;
	}
	free(lines);
	return found ? 0 : -1;
}

/* The name of file number IDX of CU's line table, or NULL. */
static const char *cu_file(Dwarf_Die *cu, uint64_t idx)
{
	Dwarf_Files *files;
	size_t n;
	return dwarf_getsrcfiles(cu, &files, &n) == 0 && idx < n ? dwarf_filesrc(files, idx, NULL, NULL) : NULL;
}

int rt_dwarf_source(struct rt_dwarf *d, uint64_t addr, struct rt_src_frame *out, int max)
{
	Dwarf_Die cu;
	Dwfl_Line *l = dwfl_module_getsrc(d->mod, addr + d->bias);
	int line = 0;
	const char *file = l ? dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL) : NULL;
	if (!file || !unit_at(d, addr, &cu))
		return 0;
	Dwarf_Attribute a;
	const char *comp_dir = dwarf_formstring(dwarf_attr_integrate(&cu, DW_AT_comp_dir, &a));
	if (file[0] != '/' && comp_dir)   /* a file named relative to where it was compiled */
		file = arena_printf(d->arena, "%s/%s", comp_dir, file);
	Dwarf_Die *scopes = NULL, *innermost = NULL;
	/* The innermost scope holding ADDR, then its parents in the DIE tree: an inlined call's own
	 * address ranges need not cover all of what was inlined into it. */
	int nscopes = dwarf_getscopes(&cu, addr, &innermost), k = 0;
	if (nscopes > 0)
		nscopes = dwarf_getscopes_die(&innermost[0], &scopes);
	free(innermost);
	/* Innermost first: each inlined call is a frame at the place inside it, then the place it was
	 * called from is the next frame's; the function that holds them all comes last. */
	for (int i = 0; i < nscopes && k < max; i++) {
		int tag = dwarf_tag(&scopes[i]);
		if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
			continue;
		const char *name = dwarf_diename(&scopes[i]);
		out[k++] = (struct rt_src_frame){name ? name : "?", file, line, tag == DW_TAG_inlined_subroutine};
		if (tag == DW_TAG_subprogram)
			break;
		const char *call_file = cu_file(&cu, die_uint(&scopes[i], DW_AT_call_file, UINT64_MAX));
		file = call_file ? call_file : file;
		line = (int)die_uint(&scopes[i], DW_AT_call_line, 0);
	}
	free(scopes);
	return k;
}

/* ---- named types ---- */

static bool find_named(Dwarf_Die *die, int tag, const char *name, Dwarf_Die *out, int depth)
{
	Dwarf_Die c;
	for (int rc = dwarf_child(die, &c); rc == 0; rc = dwarf_siblingof(&c, &c)) {
		const char *n = dwarf_diename(&c);
		if (dwarf_tag(&c) == tag && n && strcmp(n, name) == 0 && !die_uint(&c, DW_AT_declaration, 0)) {
			*out = c;
			return true;
		}
		if (depth < 2 && dwarf_tag(&c) == DW_TAG_namespace && find_named(&c, tag, name, out, depth + 1))
			return true;
	}
	return false;
}

const struct type *rt_dwarf_named_type(struct rt_dwarf *d, const char *name)
{
	int tag = strncmp(name, "struct ", 7) == 0 ? DW_TAG_structure_type
	        : strncmp(name, "union ", 6) == 0  ? DW_TAG_union_type
	                                           : 0;
	if (!tag)
		return NULL;
	const char *bare = name + (tag == DW_TAG_union_type ? 6 : 7);
	Dwarf_Die *cu = NULL, found;
	Dwarf_Addr cubias;
	while ((cu = dwfl_module_nextcu(d->mod, cu, &cubias))) {
		Dwarf_Die unit = *cu, split;
		uint8_t unit_type;
		if (dwarf_cu_info(unit.cu, NULL, &unit_type, NULL, &split, NULL, NULL, NULL) == 0 &&
		    unit_type == DW_UT_skeleton)
			unit = split;
		if (find_named(&unit, tag, bare, &found, 0))
			return convert(d, &found);
	}
	return NULL;
}
