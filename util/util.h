/* util: arena allocation and growable strings, shared by every stage. */
#ifndef SONDE_UTIL_H
#define SONDE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* An arena hands out memory that is freed all at once with arena_free(). */
struct arena {
	struct arena_block *head;
};

void *arena_alloc(struct arena *a, size_t size);          /* zeroed, 16-byte aligned */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);

/* Room for one more element in an arena-backed array of N elements of SIZE bytes: when N has
 * reached *CAP, copies the array into a block twice as large (at least MIN) and updates *CAP.
 * Returns the array to use; the old block stays in the arena until it is freed whole. */
void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size, size_t min);

#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define ARENA_NEWN(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (n)))

/* A growable, always NUL-terminated byte string on the heap. */
struct strbuf {
	char *buf;
	size_t len, cap;
};

void sb_putc(struct strbuf *sb, char c);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putn(struct strbuf *sb, const char *s, size_t n);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);
/* Gives the buffer to the caller (free() it); the strbuf is left empty. */
char *sb_take(struct strbuf *sb);

#define ARRAY_LEN(x) (sizeof(x) / sizeof((x)[0]))

#endif
