/* output_test, printf(): conversions, length modifiers, widths and flags, buffers as %r/%rx/%rh,
 * GFP flags, pointers, %s of non-strings, and the JSON printf event with its escaping. */
#include "output_test.h"

#include <stdlib.h>
#include <string.h>

struct argbuf {
	struct type_field fields[8];
	struct type tuple;
	uint8_t data[256];
	uint32_t off;
};

static void arg(struct argbuf *a, const struct type *t, const void *v)
{
	uint32_t align = t->align ? t->align : 1;
	a->off = (a->off + align - 1) / align * align;
	a->fields[a->tuple.count] = (struct type_field){ NULL, t, a->off };
	memcpy(a->data + a->off, v, t->size);
	a->off += t->size;
	a->tuple.count++;
	a->tuple.kind = TY_TUPLE;
	a->tuple.fields = a->fields;
	a->tuple.size = a->off;
}

static void check_printf(struct env *env, const char *name, enum output_format fmt, const char *format,
                         struct argbuf *a, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct output o = { .f = f, .format = fmt, .ncpus = 1 };
	rt_output_printf(&o, format, a && a->tuple.count ? &a->tuple : NULL, a ? a->data : NULL);
	fclose(f);
	check(&env->r, name, buf, want);
	free(buf);
}

/* Integer and string conversions with their modifiers, widths and flags. */
static void test_printf_conversions(struct env *env)
{
	struct argbuf a;
	memset(&a, 0, sizeof(a));
	int64_t x = 0x12345678abcdef;
	for (int i = 0; i < 4; i++)
		arg(&a, &t_i64, &x);
	check_printf(env, "length modifiers", OUTPUT_TEXT, "%hhx %hx %x %jx\n", &a, "ef cdef 78abcdef 12345678abcdef\n");

	memset(&a, 0, sizeof(a));
	for (int64_t c = 0x41; c <= 0x44; c++)
		arg(&a, &t_i64, &c);
	check_printf(env, "%c", OUTPUT_TEXT, "%c%c%c%c\n", &a, "ABCD\n");

	memset(&a, 0, sizeof(a));
	char ba[4] = "ba";
	int64_t two = 2;
	arg(&a, &t_str4, ba);
	arg(&a, &t_i64, &two);
	check_printf(env, "width and zero pad", OUTPUT_TEXT, "%5s %04x", &a, "   ba 0002");

	memset(&a, 0, sizeof(a));
	uint64_t m2 = (uint64_t)3 - 5;
	arg(&a, &t_u64, &m2);
	arg(&a, &t_u64, &m2);
	check_printf(env, "signed and unsigned", OUTPUT_TEXT, "%d %lu\n", &a, "-2 18446744073709551614\n");

	memset(&a, 0, sizeof(a));
	char sa[4] = "A", sb[4] = "B", sc[4] = "C";
	arg(&a, &t_str4, sa);
	arg(&a, &t_str4, sb);
	arg(&a, &t_str4, sc);
	check_printf(env, "left align", OUTPUT_TEXT, "%-5s %5s %s\n", &a, "A         B C\n");

	memset(&a, 0, sizeof(a));
	int64_t d1 = 123, d2 = 0775, d3 = 0x123;
	arg(&a, &t_i64, &d1);
	arg(&a, &t_i64, &d2);
	arg(&a, &t_i64, &d3);
	check_printf(env, "octal and hex", OUTPUT_TEXT, "got: %d %o 0x%x\n", &a, "got: 123 775 0x123\n");

	memset(&a, 0, sizeof(a));
	int32_t y = (int32_t)0xddccbbaa;
	arg(&a, &t_i32, &y);
	check_printf(env, "%x of negative int32", OUTPUT_TEXT, "y: %x\n", &a, "y: ddccbbaa\n");
}

/* Buffers, GFP flags, pointers, JSON events and %s of non-strings. */
static void test_printf_special(struct env *env)
{
	struct argbuf a;
	memset(&a, 0, sizeof(a));
	static const struct type tbuf = { .kind = TY_BUFFER, .size = 12, .align = 4 };
	uint8_t hello[12] = { 6, 0, 0, 0, 'H', 'e', 'l', 'l', 'o', 0 };
	arg(&a, &tbuf, hello);
	check_printf(env, "%rx", OUTPUT_TEXT, "%rx", &a, "\\x48\\x65\\x6c\\x6c\\x6f\\x00");
	check_printf(env, "%rh", OUTPUT_TEXT, "%rh", &a, "48 65 6c 6c 6f 00");
	check_printf(env, "%r", OUTPUT_TEXT, "%r", &a, "Hello\\x00");

	memset(&a, 0, sizeof(a));
	int64_t gfp = 1, gk = 0xcc0;
	arg(&a, &t_i64, &gfp);
	arg(&a, &t_i64, &gk);
	check_printf(env, "%gr", OUTPUT_TEXT, "GFPFlags: %gr %gr\n", &a, "GFPFlags: GFP_DMA GFP_KERNEL\n");

	memset(&a, 0, sizeof(a));
	uint64_t ptr = 1024, sz = 36, ptr2 = 844;
	arg(&a, &t_ptr, &ptr);
	arg(&a, &t_u64, &sz);
	arg(&a, &t_ptr, &ptr2);
	check_printf(env, "pointers as %lu", OUTPUT_TEXT, "%lu - 5 x %lu = %lu\n", &a, "1024 - 5 x 36 = 844\n");

	memset(&a, 0, sizeof(a));
	uint64_t p = 0xffff888012345678ull;
	arg(&a, &t_ptr, &p);
	check_printf(env, "%p", OUTPUT_TEXT, "ptr: %p\n", &a, "ptr: 0xffff888012345678\n");

	memset(&a, 0, sizeof(a));
	int64_t five = 5;
	arg(&a, &t_i64, &five);
	check_printf(env, "printf json", OUTPUT_JSON, "test %d", &a, "{\"type\": \"printf\", \"data\": \"test 5\"}\n");
	check_printf(env, "printf_escaping", OUTPUT_JSON, "test \r \n \t \\ \" bar", NULL,
	             "{\"type\": \"printf\", \"data\": \"test \\r \\n \\t \\\\ \\\" bar\"}\n");
	check_printf(env, "percent", OUTPUT_TEXT, "100%%\n", NULL, "100%\n");

	/* %s of non-strings formats them as text */
	memset(&a, 0, sizeof(a));
	uint8_t tup[16];
	int64_t t1 = 1, t2 = -2;
	memcpy(tup, &t1, 8);
	memcpy(tup + 8, &t2, 8);
	arg(&a, &t_i64_i64, tup);
	arg(&a, &t_i64, &five);
	check_printf(env, "%s of tuple and int", OUTPUT_TEXT, "%s|%-4s|\n", &a, "(1, -2)|5   |\n");
}

void run_printf_tests(struct env *env)
{
	test_printf_conversions(env);
	test_printf_special(env);
}
