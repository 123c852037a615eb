/* The script's C definitions: struct/union/enum/typedef text and #define/#include lines, parsed
 * with libclang into sonde types. libclang (and the libLLVM it pulls in) is dlopen()ed only when a
 * script has C definitions or #include lines: linking it would cost every run its load time, and
 * its shared LLVM must not interpose on the static LLVM codegen links. Object-like
 * `#define NAME number` lines are read without clang. */
#include "sema/sema_priv.h"

#include <bpf/btf.h>
#include <clang-c/Index.h>
#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

/* ---- state and lookups ------------------------------------------------------------------- */

struct sema_ctypes *sema_ctypes(struct check_ctx *c)
{
	if (!c->ctypes) {
		c->ctypes = ARENA_NEW(c->arena, struct sema_ctypes);
		c->ctypes->defs_loaded = true;   /* set first: loading looks names up too */
		sema_cdefs_load(c);
	}
	return c->ctypes;
}

void sema_ctypes_free(struct check_ctx *c)
{
	if (c->ctypes && c->ctypes->btf) {
		btf__free(c->ctypes->btf);   /* a module's split BTF goes before its base */
		btf__free(c->ctypes->btf_vmlinux);
		c->ctypes->btf = c->ctypes->btf_vmlinux = NULL;
	}
}

const struct type *sema_cdef_find(struct sema_ctypes *ct, const char *name)
{
	for (size_t i = ct->ndefs; i-- > 0;)
		if (strcmp(ct->defs[i].name, name) == 0)
			return ct->defs[i].type;
	return NULL;
}

void sema_cdef_add(struct check_ctx *c, const char *name, const struct type *t)
{
	struct sema_ctypes *ct = c->ctypes;
	ct->defs = arena_grow(c->arena, ct->defs, ct->ndefs, &ct->defs_cap, sizeof(*ct->defs), 16);
	ct->defs[ct->ndefs++] = (struct sema_cdef){.name = arena_strdup(c->arena, name), .type = t};
}

void sema_cconst_add(struct check_ctx *c, const char *name, int64_t value, const struct type *t)
{
	struct sema_ctypes *ct = c->ctypes;
	ct->consts = arena_grow(c->arena, ct->consts, ct->nconsts, &ct->consts_cap, sizeof(*ct->consts), 16);
	ct->consts[ct->nconsts++] = (struct sema_cconst){.name = arena_strdup(c->arena, name), .value = value, .type = t};
}

const struct type *sema_ctype_named(struct check_ctx *c, const char *name)
{
	const struct type *t = sema_cdef_find(sema_ctypes(c), name);
	if (t)
		return t;
	t = sema_named_int(name);
	if (t)
		return t;
	/* A user probe's own binary defines the types its code uses (DWARF). */
	const struct mf_attach *at = c->probe && c->probe->attach.count ? &c->probe->attach.items[0] : NULL;
	t = at && at->type->named_type ? at->type->named_type(at, name, c->arena) : NULL;
	return t ? t : sema_btf_named(c, name);
}

const struct type *sema_ctype_complete(struct check_ctx *c, const struct type *t)
{
	if (!t)
		return t;
	if (t->kind == TY_PTR && t->elem && t->elem->kind == TY_CSTRUCT) {
		const struct type *e = sema_ctype_complete(c, t->elem);
		return e == t->elem ? t : sema_ptr_type(c, e);
	}
	if (t->kind != TY_CSTRUCT || t->fields || !t->name)
		return t;
	if (t->btf_id) {
		sema_btf_complete(c, (struct type *)t);   /* our own arena object: filled in place */
		return t;
	}
	/* A named struct nobody defined yet (curtask's task_struct, an opaque cast target). */
	const struct type *d = sema_ctype_named(c, t->name);
	if (d && d->kind == TY_CSTRUCT) {
		if (!d->fields && d->btf_id)
			sema_btf_complete(c, (struct type *)d);
		return d;
	}
	return t;
}

bool sema_ctype_const(struct check_ctx *c, const char *name, int64_t *value, const struct type **type)
{
	struct sema_ctypes *ct = sema_ctypes(c);
	for (size_t i = ct->nconsts; i-- > 0;)
		if (strcmp(ct->consts[i].name, name) == 0) {
			*value = ct->consts[i].value;
			*type = ct->consts[i].type;
			return true;
		}
	/* Kernel enumerators only for names that look like constants: others are typos. */
	for (const char *p = name; *p; p++)
		if (islower((unsigned char)*p))
			return false;
	return sema_btf_const(c, name, value, type);
}

/* "const struct foo *", "enum bar", "unsigned int", "u32 [4]" as tracepoint formats spell types. */
const struct type *sema_ctype_parse(struct check_ctx *c, const char *spelling)
{
	char buf[256];
	size_t n = 0;
	int stars = 0;
	const char *p = spelling;
	while (*p && n + 1 < sizeof(buf)) {
		while (*p == ' ')
			p++;
		if (!*p || *p == '[')
			break;
		if (*p == '*') {
			stars++;
			p++;
			continue;
		}
		const char *w = p;
		while (*p && *p != ' ' && *p != '*' && *p != '[')
			p++;
		size_t len = (size_t)(p - w);
		if ((len == 5 && !strncmp(w, "const", 5)) || (len == 8 && !strncmp(w, "volatile", 8)) ||
		    (len == 6 && !strncmp(w, "signed", 6) && *p))
			continue;
		if (n && n + 1 < sizeof(buf))
			buf[n++] = ' ';
		if (n + len >= sizeof(buf))
			return NULL;
		memcpy(buf + n, w, len);
		n += len;
	}
	buf[n] = '\0';
	const struct type *t = strcmp(buf, "void") == 0 ? NULL : sema_ctype_named(c, buf);
	if (!t && strcmp(buf, "void") != 0)
		return NULL;
	for (int i = 0; i < stars; i++)
		t = sema_ptr_type(c, t);
	return t;
}

/* ---- #define NAME number, without clang ----------------------------------------------------- */

static bool simple_define(struct check_ctx *c, const char *line)
{
	const char *p = line;
	while (*p == ' ' || *p == '\t' || *p == '#')
		p++;
	if (strncmp(p, "define", 6) != 0)
		return false;
	p += 6;
	while (*p == ' ' || *p == '\t')
		p++;
	const char *name = p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	if (p == name || *p == '(')
		return false;
	char *nm = arena_strndup(c->arena, name, (size_t)(p - name));
	char *end;
	long long v = strtoll(p, &end, 0);
	while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
		end++;
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (end == p || *end)
		return false;
	sema_cconst_add(c, nm, v, type_int(8, true));
	return true;
}

/* ---- libclang --------------------------------------------------------------------------------- */

#define CLANG_FNS(X)                                                                                  \
	X(createIndex) X(disposeIndex) X(parseTranslationUnit2) X(disposeTranslationUnit)             \
	X(getNumDiagnostics) X(getDiagnostic) X(disposeDiagnostic) X(getDiagnosticSeverity)           \
	X(getDiagnosticSpelling) X(getDiagnosticLocation) X(getPresumedLocation) X(getCString)        \
	X(disposeString) X(getTranslationUnitCursor) X(visitChildren) X(getCursorKind)                \
	X(getCursorSpelling) X(getCursorType) X(getCanonicalType) X(getTypeDeclaration)               \
	X(Type_getSizeOf) X(Type_getAlignOf) X(Cursor_getOffsetOfField) X(Cursor_isBitField)          \
	X(getFieldDeclBitWidth) X(getPointeeType) X(getArrayElementType) X(getArraySize)              \
	X(getEnumConstantDeclValue) X(getEnumDeclIntegerType) X(Cursor_isAnonymous)                   \
	X(getCursorLocation) X(tokenize) X(disposeTokens) X(getTokenKind) X(getTokenSpelling)         \
	X(getCursorExtent) X(Cursor_isMacroFunctionLike) X(Cursor_isMacroBuiltin)                     \
	X(getCursorDefinition) X(Cursor_isNull) X(Cursor_isAnonymousRecordDecl) X(Type_getOffsetOf)

struct clang_api {
#define X(f) __typeof__(clang_##f) *f;
	CLANG_FNS(X)
#undef X
};

static bool clang_open(struct clang_api *cx)
{
	/* Stays loaded: unloading libLLVM mid-process is not safe. */
	void *h = dlopen("/usr/lib/llvm-19/lib/libclang.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		h = dlopen("libclang-19.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		h = dlopen("libclang.so", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return false;
#define X(f) cx->f = (__typeof__(clang_##f) *)dlsym(h, "clang_" #f); if (!cx->f) return false;
	CLANG_FNS(X)
#undef X
	return true;
}

struct conv_ctx {
	struct check_ctx *c;
	struct clang_api *cx;
	CXTranslationUnit tu;
};

static const struct type *conv_type(struct conv_ctx *k, CXType t);

static char *cx_str(struct conv_ctx *k, CXString s)
{
	const char *p = k->cx->getCString(s);
	char *r = arena_strdup(k->c->arena, p ? p : "");
	k->cx->disposeString(s);
	return r;
}

struct fields_acc {
	struct conv_ctx *k;
	struct type_field *f;
	uint32_t n;
	size_t cap;
	bool btf_opaque;
};

static enum CXChildVisitResult first_named_field(CXCursor cur, CXCursor parent, CXClientData data)
{
	CXCursor *out = data;
	*out = cur;   /* the caller checks that it is a field */
	return CXChildVisit_Break;
}

/* Bit offset of anonymous member record DECL inside PARENT: where its first field lands in the
 * parent, less where that field sits inside the member. */
static long long anon_offset(struct conv_ctx *k, CXCursor decl, CXCursor parent)
{
	CXCursor first = k->cx->getTranslationUnitCursor(k->tu);
	k->cx->visitChildren(decl, first_named_field, &first);
	if (k->cx->getCursorKind(first) != CXCursor_FieldDecl)
		return 0;
	CXString n = k->cx->getCursorSpelling(first);
	long long in_parent = k->cx->Type_getOffsetOf(k->cx->getCursorType(parent), k->cx->getCString(n));
	k->cx->disposeString(n);
	long long in_member = k->cx->Cursor_getOffsetOfField(first);
	return in_parent >= 0 && in_member >= 0 ? in_parent - in_member : 0;
}

static enum CXChildVisitResult field_visit(CXCursor cur, CXCursor parent, CXClientData data)
{
	struct fields_acc *a = data;
	struct conv_ctx *k = a->k;
	enum CXCursorKind kind = k->cx->getCursorKind(cur);
	bool anon_member = (kind == CXCursor_StructDecl || kind == CXCursor_UnionDecl) &&
	                   k->cx->Cursor_isAnonymousRecordDecl(cur);
	if (kind != CXCursor_FieldDecl && !anon_member)
		return CXChildVisit_Continue;
	const char *name = anon_member ? "" : cx_str(k, k->cx->getCursorSpelling(cur));
	if (strcmp(name, "__sonde_btf") == 0)
		a->btf_opaque = true;
	const struct type *ft = conv_type(k, k->cx->getCursorType(cur));
	if (!ft)
		return CXChildVisit_Continue;
	a->f = arena_grow(k->c->arena, a->f, a->n, &a->cap, sizeof(*a->f), 8);
	long long bits = anon_member ? anon_offset(k, cur, parent) : k->cx->Cursor_getOffsetOfField(cur);
	struct type_field *f = &a->f[a->n++];
	*f = (struct type_field){.name = name, .type = ft, .offset = bits > 0 ? (uint32_t)(bits / 8) : 0};
	int w = !anon_member && k->cx->Cursor_isBitField(cur) ? k->cx->getFieldDeclBitWidth(cur) : 0;
	if (w > 0)
		f->type = sema_bitfield_type(k->c, ft, bits > 0 ? (uint32_t)bits : 0, (uint32_t)w, &f->offset);
	return CXChildVisit_Continue;
}

static const struct type *conv_record(struct conv_ctx *k, CXType t)
{
	struct check_ctx *c = k->c;
	CXCursor decl = k->cx->getTypeDeclaration(t);
	bool is_union = k->cx->getCursorKind(decl) == CXCursor_UnionDecl;
	bool anon = k->cx->Cursor_isAnonymous(decl);
	const char *name = NULL;
	if (!anon) {
		char *n = cx_str(k, k->cx->getCursorSpelling(decl));
		name = arena_printf(c->arena, "%s %s", is_union ? "union" : "struct", n);
		const struct type *known = sema_cdef_find(c->ctypes, name);
		if (known)
			return known;
	}
	long long size = k->cx->Type_getSizeOf(t), align = k->cx->Type_getAlignOf(t);
	struct type *r = ARENA_NEW(c->arena, struct type);
	r->kind = TY_CSTRUCT;
	r->name = name ? name : is_union ? "union" : "struct";
	r->size = size > 0 ? (uint32_t)size : 0;
	r->align = align > 0 ? (uint32_t)align : 1;
	if (size < 0) {   /* only declared: stays opaque, may resolve from BTF later */
		return r;
	}
	if (name)
		sema_cdef_add(c, name, r);   /* before the fields: a struct may point to itself */
	struct fields_acc a = {.k = k};
	k->cx->visitChildren(decl, field_visit, &a);
	if (a.btf_opaque && name) {
		/* a placeholder sized from BTF so that clang could lay out the script's struct */
		const struct type *kt = sema_btf_named(c, name);
		if (kt) {
			for (size_t i = 0; i < c->ctypes->ndefs; i++)
				if (c->ctypes->defs[i].type == r)
					c->ctypes->defs[i].type = kt;
			return kt;
		}
	}
	r->count = a.n;
	r->fields = a.f ? a.f : ARENA_NEW(c->arena, struct type_field);
	return r;
}

struct enum_acc {
	struct conv_ctx *k;
	struct type_enum_value *v;
	uint32_t n;
	size_t cap;
};

static enum CXChildVisitResult enum_visit(CXCursor cur, CXCursor parent, CXClientData data)
{
	struct enum_acc *a = data;
	struct conv_ctx *k = a->k;
	if (k->cx->getCursorKind(cur) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	a->v = arena_grow(k->c->arena, a->v, a->n, &a->cap, sizeof(*a->v), 8);
	a->v[a->n++] = (struct type_enum_value){.name = cx_str(k, k->cx->getCursorSpelling(cur)),
	                                         .value = k->cx->getEnumConstantDeclValue(cur)};
	return CXChildVisit_Continue;
}

static const struct type *conv_enum(struct conv_ctx *k, CXType t)
{
	struct check_ctx *c = k->c;
	CXCursor decl = k->cx->getTypeDeclaration(t);
	const char *name = NULL;
	if (!k->cx->Cursor_isAnonymous(decl)) {
		name = arena_printf(c->arena, "enum %s", cx_str(k, k->cx->getCursorSpelling(decl)));
		const struct type *known = sema_cdef_find(c->ctypes, name);
		if (known)
			return known;
	}
	struct type *r = ARENA_NEW(c->arena, struct type);
	long long size = k->cx->Type_getSizeOf(t);
	r->kind = TY_INT;
	r->size = size == 1 || size == 2 || size == 8 ? (uint32_t)size : 4;
	r->align = r->size;
	CXType it = k->cx->getCanonicalType(k->cx->getEnumDeclIntegerType(decl));
	r->is_signed = it.kind == CXType_Int || it.kind == CXType_Long || it.kind == CXType_LongLong ||
	               it.kind == CXType_Short || it.kind == CXType_SChar || it.kind == CXType_Char_S;
	r->name = name ? name : "enum";
	struct enum_acc a = {.k = k};
	k->cx->visitChildren(decl, enum_visit, &a);
	r->enum_values = a.v;
	r->nenum_values = a.n;
	if (name)
		sema_cdef_add(c, name, r);
	return r;
}

static const struct type *conv_type(struct conv_ctx *k, CXType t)
{
	struct check_ctx *c = k->c;
	t = k->cx->getCanonicalType(t);
	long long size = k->cx->Type_getSizeOf(t);
	switch (t.kind) {
	case CXType_Void:
		return type_void();
	case CXType_Bool:
		return type_bool();
	case CXType_Char_S: case CXType_SChar: case CXType_Short: case CXType_Int: case CXType_Long:
	case CXType_LongLong:
		return type_int((unsigned)size, true);
	case CXType_Char_U: case CXType_UChar: case CXType_UShort: case CXType_UInt: case CXType_ULong:
	case CXType_ULongLong:
		return type_int((unsigned)size, false);
	case CXType_Float: case CXType_Double: case CXType_LongDouble:
		return type_new(c->arena, TY_NONE, (uint32_t)size, (uint32_t)(size < 8 ? size : 8));
	case CXType_Pointer: {
		CXType pt = k->cx->getCanonicalType(k->cx->getPointeeType(t));
		if (pt.kind == CXType_Void || pt.kind == CXType_FunctionProto || pt.kind == CXType_FunctionNoProto)
			return sema_ptr_type(c, NULL);
		const struct type *e = conv_type(k, pt);
		return sema_ptr_type(c, e && e->kind != TY_VOID ? e : NULL);
	}
	case CXType_ConstantArray:
	case CXType_IncompleteArray: {
		CXType et = k->cx->getCanonicalType(k->cx->getArrayElementType(t));
		const struct type *e = conv_type(k, et);
		if (!e)
			return NULL;
		long long n = t.kind == CXType_ConstantArray ? k->cx->getArraySize(t) : 0;
		if ((et.kind == CXType_Char_S || et.kind == CXType_Char_U) && n > 0)
			return sema_char_array_string(c, (uint32_t)n);   /* char[N] is a string, as in bpftrace */
		struct type *a = ARENA_NEW(c->arena, struct type);
		a->kind = TY_ARRAY;
		a->elem = e;
		a->count = (uint32_t)n;
		a->size = e->size * a->count;
		a->align = e->align;
		return a;
	}
	case CXType_Record:
		return conv_record(k, t);
	case CXType_Enum:
		return conv_enum(k, t);
	case CXType_Int128: case CXType_UInt128: {
		struct type *a = ARENA_NEW(c->arena, struct type);
		a->kind = TY_ARRAY;
		a->elem = type_int(1, false);
		a->count = a->size = 16;
		a->align = 8;
		return a;
	}
	default:
		return NULL;
	}
}

/* Integer value of an object-like macro whose body is one number (or one earlier macro). */
static void macro_const(struct conv_ctx *k, CXCursor cur)
{
	if (k->cx->Cursor_isMacroBuiltin(cur) || k->cx->Cursor_isMacroFunctionLike(cur))
		return;
	CXToken *toks = NULL;
	unsigned n = 0;
	k->cx->tokenize(k->tu, k->cx->getCursorExtent(cur), &toks, &n);
	if (n == 2) {
		char *name = cx_str(k, k->cx->getTokenSpelling(k->tu, toks[0]));
		char *val = cx_str(k, k->cx->getTokenSpelling(k->tu, toks[1]));
		char *end;
		long long v = strtoll(val, &end, 0);
		while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
			end++;
		int64_t prev;
		const struct type *pt;
		if (k->cx->getTokenKind(toks[1]) == CXToken_Literal && end != val && !*end)
			sema_cconst_add(k->c, name, v, type_int(8, true));
		else if (k->cx->getTokenKind(toks[1]) == CXToken_Identifier && sema_ctype_const(k->c, val, &prev, &pt))
			sema_cconst_add(k->c, name, prev, pt);
	}
	if (toks)
		k->cx->disposeTokens(k->tu, toks, n);
}

static enum CXChildVisitResult top_visit(CXCursor cur, CXCursor parent, CXClientData data)
{
	struct conv_ctx *k = data;
	enum CXCursorKind kind = k->cx->getCursorKind(cur);
	switch (kind) {
	case CXCursor_StructDecl:
	case CXCursor_UnionDecl:
	case CXCursor_EnumDecl: {
		CXCursor def = k->cx->getCursorDefinition(cur);
		if (k->cx->Cursor_isNull(def))
			break;
		const struct type *t = conv_type(k, k->cx->getCursorType(def));
		if (t && kind == CXCursor_EnumDecl)
			for (uint32_t i = 0; i < t->nenum_values; i++)
				sema_cconst_add(k->c, t->enum_values[i].name, t->enum_values[i].value, t);
		break;
	}
	case CXCursor_TypedefDecl: {
		char *name = cx_str(k, k->cx->getCursorSpelling(cur));
		if (!sema_cdef_find(k->c->ctypes, name) && !sema_named_int(name)) {
			const struct type *t = conv_type(k, k->cx->getCursorType(cur));
			if (t)
				sema_cdef_add(k->c, name, t);
		}
		break;
	}
	case CXCursor_MacroDefinition:
		macro_const(k, cur);
		break;
	default:
		break;
	}
	return CXChildVisit_Continue;
}

/* Integer typedefs scripts use in definitions, spelled as glibc and the kernel spell them so
 * that an #include redefining them agrees. */
static const char prelude[] =
	"# 1 \"<sonde>\"\n"
	"typedef signed char int8_t; typedef unsigned char uint8_t; typedef short int16_t;\n"
	"typedef unsigned short uint16_t; typedef int int32_t; typedef unsigned int uint32_t;\n"
	"typedef long int64_t; typedef unsigned long uint64_t; typedef unsigned long size_t;\n"
	"typedef long ssize_t; typedef int pid_t; typedef unsigned int uid_t; typedef unsigned int gid_t;\n"
	"typedef signed char __s8; typedef unsigned char __u8; typedef short __s16; typedef unsigned short __u16;\n"
	"typedef int __s32; typedef unsigned int __u32; typedef long long __s64; typedef unsigned long long __u64;\n"
	"typedef __s8 s8; typedef __u8 u8; typedef __s16 s16; typedef __u16 u16; typedef __s32 s32;\n"
	"typedef __u32 u32; typedef __s64 s64; typedef __u64 u64; typedef _Bool bool;\n";

static bool is_ident(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* Placeholders for kernel structs the definitions name without defining (`struct foo { struct
 * task_struct t; }`), sized from BTF; conv_record swaps in the BTF type. Not done when the script
 * redefines a kernel type itself: its definitions then stand alone, as in bpftrace. */
static void btf_placeholders(struct check_ctx *c, struct strbuf *sb, const char *text)
{
	char names[64][128];
	bool defined[64];
	int n = 0;
	for (const char *p = text; (p = strstr(p, "struct")) || (p = NULL);) {
		const char *kw = p;
		bool word = (kw == text || !is_ident(kw[-1])) && !is_ident(kw[6]);
		p += 6;
		if (!word)
			continue;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		const char *w = p;
		while (is_ident(*p))
			p++;
		size_t len = (size_t)(p - w);
		if (!len || len >= sizeof(names[0]))
			continue;
		const char *q = p;
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		int i;
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == len && strncmp(names[i], w, len) == 0)
				break;
		if (i == n) {
			if (n == 64)
				continue;
			memcpy(names[n], w, len);
			names[n][len] = '\0';
			defined[n++] = false;
		}
		if (*q == '{')
			defined[i] = true;
	}
	bool any_undefined = false;
	for (int i = 0; i < n; i++)
		any_undefined |= !defined[i];
	if (!any_undefined)
		return;
	for (int i = 0; i < n; i++) {
		uint32_t size, align;
		if (defined[i] && sema_btf_layout(c, arena_printf(c->arena, "struct %s", names[i]), &size, &align)) {
			c->ctypes->defs_shadow_btf = true;
			return;
		}
	}
	for (int i = 0; i < n; i++) {
		uint32_t size, align;
		if (!defined[i] && sema_btf_layout(c, arena_printf(c->arena, "struct %s", names[i]), &size, &align))
			sb_printf(sb, "struct %s { char __sonde_btf[%u]; } __attribute__((aligned(%u)));\n", names[i],
			          size ? size : 1, align);
	}
}

static void report_diags(struct check_ctx *c, struct clang_api *cx, CXTranslationUnit tu)
{
	unsigned n = cx->getNumDiagnostics(tu);
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = cx->getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = cx->getDiagnosticSeverity(d);
		if (sev >= CXDiagnostic_Error) {
			CXString file;
			unsigned line = 0, col = 0;
			cx->getPresumedLocation(cx->getDiagnosticLocation(d), &file, &line, &col);
			const char *fname = cx->getCString(file);
			bool ours = fname && strcmp(fname, "definitions.h") == 0;
			/* clang's "too many errors emitted" has no place: the errors before it say what is wrong. */
			bool nowhere_after_others = !(fname && *fname) && c->diags->errors;
			CXString msg = cx->getDiagnosticSpelling(d);
			if (ours && line) {
				struct loc l = {(int)line, (int)col, (int)line, (int)col + 1};
				diag_error(c->diags, l, "%s", cx->getCString(msg));
			} else if (!nowhere_after_others) {
				diag_plain_error(c->diags, "%s%s%s", fname && *fname ? fname : "", fname && *fname ? ": " : "",
				                 cx->getCString(msg));
			}
			cx->disposeString(msg);
			cx->disposeString(file);
		}
		cx->disposeDiagnostic(d);
	}
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Where the kernel's headers are, as bpftrace looks: BPFTRACE_KERNEL_SOURCE (with
 * BPFTRACE_KERNEL_BUILD for an out-of-tree build), else /lib/modules/$(uname -r)/source and
 * build (Debian's linux-headers packages), either standing in for a missing other. */
static bool kernel_dirs(struct check_ctx *c, const char **src, const char **obj)
{
	const struct sema_options *o = c->opts;
	if (o->kernel_source) {
		*src = o->kernel_source;
		*obj = o->kernel_build ? o->kernel_build : o->kernel_source;
		return true;
	}
	struct utsname u;
	if (uname(&u) != 0)
		return false;
	const char *s = arena_printf(c->arena, "/lib/modules/%s/source", u.release);
	const char *b = arena_printf(c->arena, "/lib/modules/%s/build", u.release);
	bool have_s = is_dir(s), have_b = is_dir(b);
	*src = have_s ? s : b;
	*obj = have_b ? b : s;
	return have_s || have_b;
}

/* The kernel's own include path and defines (Linux's LINUXINCLUDE and USERINCLUDE), x86-64. */
static int kernel_cflags(struct check_ctx *c, const char **args, const char *src, const char *obj)
{
	int n = 0;
	/* The kernel's headers replace the C library's; clang's own (stddef.h, stdarg.h) stay. */
	args[n++] = "-nostdlibinc";
	args[n++] = arena_printf(c->arena, "-I%s/arch/x86/include", src);
	args[n++] = arena_printf(c->arena, "-I%s/arch/x86/include/generated", obj);
	args[n++] = arena_printf(c->arena, "-I%s/include", src);
	args[n++] = arena_printf(c->arena, "-I%s/include", obj);
	args[n++] = arena_printf(c->arena, "-I%s/arch/x86/include/uapi", src);
	args[n++] = arena_printf(c->arena, "-I%s/arch/x86/include/generated/uapi", obj);
	args[n++] = arena_printf(c->arena, "-I%s/include/uapi", src);
	args[n++] = arena_printf(c->arena, "-I%s/include/generated/uapi", obj);
	const char *kconfig = arena_printf(c->arena, "%s/include/linux/kconfig.h", src);
	if (access(kconfig, R_OK) == 0) {
		args[n++] = "-include";
		args[n++] = kconfig;
	}
	static const char *const defines[] = {"-D__KERNEL__", "-D__BPF_TRACING__", "-D__HAVE_BUILTIN_BSWAP16__",
	                                      "-D__HAVE_BUILTIN_BSWAP32__", "-D__HAVE_BUILTIN_BSWAP64__",
	                                      "-DKBUILD_MODNAME=\"bpftrace\""};
	for (size_t i = 0; i < ARRAY_LEN(defines); i++)
		args[n++] = defines[i];
	return n;
}

enum { KERNEL_CFLAGS_MAX = 17 };

/* clang's command line for the script's C definitions: the predefined macros, the kernel's headers
 * when they are installed (else the C library's), then -I and --include as given. */
static const char **clang_args(struct check_ctx *c, int *nargs)
{
	const struct sema_options *o = c->opts;
	static const char *const fixed[] = {"-x", "c", "-std=gnu17", "-fno-color-diagnostics", "-w"};
	size_t cap = ARRAY_LEN(fixed) + 2u + KERNEL_CFLAGS_MAX + 2u * (size_t)(o->ninclude_dirs + o->ninclude_files);
	const char **args = arena_alloc(c->arena, sizeof(*args) * cap);
	int n = 0;
	for (size_t i = 0; i < ARRAY_LEN(fixed); i++)
		args[n++] = fixed[i];
	/* As bpftrace: scripts test it to include kernel headers only where there are no BTF types. */
	if (access(o->btf_path ? o->btf_path : "/sys/kernel/btf/vmlinux", R_OK) == 0)
		args[n++] = "-DBPFTRACE_HAVE_BTF";
	for (int i = 0; i < o->ninclude_dirs; i++)
		args[n++] = arena_printf(c->arena, "-I%s", o->include_dirs[i]);
	const char *ksrc, *kobj;
	if (kernel_dirs(c, &ksrc, &kobj))
		n += kernel_cflags(c, args + n, ksrc, kobj);
	else
		args[n++] = "-I/usr/include";
	for (int i = 0; i < o->ninclude_files; i++) {
		args[n++] = "-include";
		args[n++] = o->include_files[i];
	}
	*nargs = n;
	return args;
}

void sema_cdefs_load(struct check_ctx *c)
{
	struct ast_node *prog = c->prog->ast;
	const struct sema_options *o = c->opts;
	bool need_clang = o->ninclude_files > 0;
	for (struct ast_node *n = prog ? prog->list : NULL; n; n = n->next) {
		if (n->kind == AST_C_DEFINITION)
			need_clang = true;
		else if (n->kind == AST_PREPROC && !simple_define(c, n->str))
			need_clang = true;   /* #include, or a #define clang has to expand */
	}
	if (!need_clang)
		return;

	struct strbuf src = {0}, defs = {0};
	sb_puts(&src, prelude);
	for (struct ast_node *n = prog->list; n; n = n->next)
		if (n->kind == AST_C_DEFINITION)
			sb_printf(&defs, "%s\n", n->str);
	btf_placeholders(c, &src, defs.buf ? defs.buf : "");
	sb_free(&defs);
	/* #line keeps clang's locations in the script's lines and columns. */
	for (struct ast_node *n = prog->list; n; n = n->next) {
		if (n->kind != AST_C_DEFINITION && n->kind != AST_PREPROC)
			continue;
		sb_printf(&src, "# %d \"definitions.h\"\n%*s%s%s\n", n->loc.first_line, n->loc.first_col - 1, "", n->str,
		          n->kind == AST_C_DEFINITION ? ";" : "");
	}

	struct clang_api cx;
	if (!clang_open(&cx)) {
		diag_plain_error(c->diags, "C definitions need libclang (libclang-19.so): %s", dlerror());
		sb_free(&src);
		return;
	}
	struct CXUnsavedFile file = {.Filename = "definitions.h", .Contents = src.buf, .Length = src.len};
	int nargs = 0;
	const char **args = clang_args(c, &nargs);
	CXIndex idx = cx.createIndex(0, 0);
	CXTranslationUnit tu = NULL;
	enum CXErrorCode err = cx.parseTranslationUnit2(idx, "definitions.h", args, nargs, &file, 1,
	                                                CXTranslationUnit_DetailedPreprocessingRecord |
	                                                CXTranslationUnit_SkipFunctionBodies, &tu);
	if (err != CXError_Success || !tu) {
		diag_plain_error(c->diags, "libclang could not parse the script's C definitions (error %d)", (int)err);
	} else {
		report_diags(c, &cx, tu);
		struct conv_ctx k = {.c = c, .cx = &cx, .tu = tu};
		cx.visitChildren(cx.getTranslationUnitCursor(tu), top_visit, &k);
		cx.disposeTranslationUnit(tu);
	}
	cx.disposeIndex(idx);
	sb_free(&src);
}
