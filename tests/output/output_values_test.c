/* output_test, print() of values: ints, strings, tuples, records, arrays, C structs, strerror,
 * buffers and MAC addresses, printed as text and JSON without a map around them. */
#include "output_test.h"

#include <stdlib.h>
#include <string.h>

static const struct type t_i8 = { .kind = TY_INT, .size = 1, .align = 1, .is_signed = true };
static const struct type t_bool = { .kind = TY_BOOL, .size = 1, .align = 1 };

static char *print_value(enum output_format fmt, const struct type *t, const void *data)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct output o = { .f = f, .format = fmt, .ncpus = 1 };
	rt_output_value(&o, t, data);
	fclose(f);
	return buf;
}

static void check_value(struct env *env, const char *name, enum output_format fmt, const struct type *t,
                        const void *data, const char *want)
{
	char *got = print_value(fmt, t, data);
	check(&env->r, name, got, want);
	free(got);
}

/* Ints, strings, and tuples of them. */
static void test_values_scalars(struct env *env)
{
	int64_t five = 5;
	check_value(env, "print_non_map", OUTPUT_JSON, &t_i64, &five, "{\"type\": \"value\", \"data\": 5}\n");
	check_value(env, "print int", OUTPUT_TEXT, &t_i64, &five, "5\n");
	char comm[16] = "bpftrace";
	check_value(env, "print_non_map_builtin", OUTPUT_JSON, &t_str16, comm,
	            "{\"type\": \"value\", \"data\": \"bpftrace\"}\n");
	check_value(env, "print comm", OUTPUT_TEXT, &t_str16, comm, "bpftrace\n");

	/* (1, 2, "string") */
	static const struct type_field f3[] = { { NULL, &t_i64, 0 }, { NULL, &t_i64, 8 }, { NULL, &t_str8, 16 } };
	static const struct type t3 = { .kind = TY_TUPLE, .size = 24, .align = 8, .count = 3, .fields = f3 };
	uint8_t d3[24] = {0};
	int64_t one = 1, two = 2;
	memcpy(d3, &one, 8);
	memcpy(d3 + 8, &two, 8);
	memcpy(d3 + 16, "string", 6);
	check_value(env, "print_non_map_tuple", OUTPUT_JSON, &t3, d3,
	            "{\"type\": \"value\", \"data\": [1,2,\"string\"]}\n");
	check_value(env, "print tuple", OUTPUT_TEXT, &t3, d3, "(1, 2, string)\n");

	/* (true, false) */
	static const struct type_field fb[] = { { NULL, &t_bool, 0 }, { NULL, &t_bool, 1 } };
	static const struct type tb = { .kind = TY_TUPLE, .size = 2, .align = 1, .count = 2, .fields = fb };
	uint8_t db[2] = { 1, 0 };
	check_value(env, "print bool type", OUTPUT_JSON, &tb, db, "{\"type\": \"value\", \"data\": [true,false]}\n");
	check_value(env, "print bool text", OUTPUT_TEXT, &tb, db, "(true, false)\n");

	/* ((int8)-100, (int8)100, "abcdef", 3, (int32)1, (int64)-10, (int8)10, (int16)-555) */
	static const struct type t_s7 = { .kind = TY_STRING, .size = 7, .align = 1 };
	static const struct type_field fm[] = { { NULL, &t_i8, 0 },   { NULL, &t_i8, 1 },   { NULL, &t_s7, 2 },
		                                { NULL, &t_i64, 16 }, { NULL, &t_i32, 24 }, { NULL, &t_i64, 32 },
		                                { NULL, &t_i8, 40 },  { NULL, &t_i16, 42 } };
	static const struct type tm = { .kind = TY_TUPLE, .size = 48, .align = 8, .count = 8, .fields = fm };
	uint8_t dm[48] = {0};
	int8_t a = -100, b = 100, g = 10;
	int32_t e = 1;
	int64_t c = 3, f = -10;
	int16_t h = -555;
	memcpy(dm, &a, 1);
	memcpy(dm + 1, &b, 1);
	memcpy(dm + 2, "abcdef", 6);
	memcpy(dm + 16, &c, 8);
	memcpy(dm + 24, &e, 4);
	memcpy(dm + 32, &f, 8);
	memcpy(dm + 40, &g, 1);
	memcpy(dm + 42, &h, 2);
	check_value(env, "tuple of mixed ints", OUTPUT_TEXT, &tm, dm, "(-100, 100, abcdef, 3, 1, -10, 10, -555)\n");
}

/* Records, nested and empty. */
static void test_values_records(struct env *env)
{
	/* (a=0, b=1, c="str", d=(5, 6), e=(x=1, y=2)) */
	static const struct type_field fxy[] = { { "x", &t_i64, 0 }, { "y", &t_i64, 8 } };
	static const struct type txy = { .kind = TY_RECORD, .size = 16, .align = 8, .count = 2, .fields = fxy };
	static const struct type_field fr[] = { { "a", &t_i64, 0 },      { "b", &t_i64, 8 }, { "c", &t_str4, 16 },
		                                { "d", &t_i64_i64, 24 }, { "e", &txy, 40 } };
	static const struct type tr = { .kind = TY_RECORD, .size = 56, .align = 8, .count = 5, .fields = fr };
	uint8_t dr[56] = {0};
	int64_t rv[] = { 0, 1 }, dd[] = { 5, 6 }, xy[] = { 1, 2 };
	memcpy(dr, rv, 16);
	memcpy(dr + 16, "str", 3);
	memcpy(dr + 24, dd, 16);
	memcpy(dr + 40, xy, 16);
	check_value(env, "record printing", OUTPUT_TEXT, &tr, dr,
	            "{ .a = 0, .b = 1, .c = str, .d = (5, 6), .e = { .x = 1, .y = 2 } }\n");
	check_value(env, "record json", OUTPUT_JSON, &tr, dr,
	            "{\"type\": \"value\", \"data\": {\"a\": 0, \"b\": 1, \"c\": \"str\", \"d\": [5,6], "
	            "\"e\": {\"x\": 1, \"y\": 2}}}\n");

	/* print_empty_scalar_record_map: (a=0, b=(0, "")) */
	static const struct type_field fbi[] = { { NULL, &t_i64, 0 }, { NULL, &t_str4, 8 } };
	static const struct type tbi = { .kind = TY_TUPLE, .size = 16, .align = 8, .count = 2, .fields = fbi };
	static const struct type_field fe[] = { { "a", &t_i64, 0 }, { "b", &tbi, 8 } };
	static const struct type te = { .kind = TY_RECORD, .size = 24, .align = 8, .count = 2, .fields = fe };
	uint8_t de[24] = {0};
	check_value(env, "empty record", OUTPUT_TEXT, &te, de, "{ .a = 0, .b = (0, ) }\n");
}

/* Arrays, C structs and the special-purpose types. */
static void test_values_compound(struct env *env)
{
	/* int x[4] and int y[2][2] */
	static const struct type ta = { .kind = TY_ARRAY, .size = 16, .align = 4, .elem = &t_i32, .count = 4 };
	static const struct type ti2 = { .kind = TY_ARRAY, .size = 8, .align = 4, .elem = &t_i32, .count = 2 };
	static const struct type ta2 = { .kind = TY_ARRAY, .size = 16, .align = 4, .elem = &ti2, .count = 2 };
	int32_t arr[4] = { 1, 2, 3, 4 }, arr2[4] = { 5, 6, 7, 8 };
	check_value(env, "array", OUTPUT_TEXT, &ta, arr, "[1,2,3,4]\n");
	check_value(env, "nested array", OUTPUT_TEXT, &ta2, arr2, "[[5,6],[7,8]]\n");
	check_value(env, "nested array json", OUTPUT_JSON, &ta2, arr2, "{\"type\": \"value\", \"data\": [[5,6],[7,8]]}\n");

	/* struct Foo { int m; int n; } */
	static const struct type_field fs[] = { { "m", &t_i32, 0 }, { "n", &t_i32, 4 } };
	static const struct type ts = { .kind = TY_CSTRUCT, .size = 8, .align = 4, .name = "struct Foo", .count = 2,
		                        .fields = fs };
	int32_t mn[2] = { 2, 3 };
	check_value(env, "struct text", OUTPUT_TEXT, &ts, mn, "{ .m = 2, .n = 3 }\n");
	check_value(env, "print_non_map_struct", OUTPUT_JSON, &ts, mn, "{\"type\": \"value\", \"data\": {\"m\": 2, \"n\": 3}}\n");

	static const struct type terr = { .kind = TY_STRERROR, .size = 4, .align = 4, .is_signed = true };
	int32_t e2big = 7;
	check_value(env, "strerror json", OUTPUT_JSON, &terr, &e2big,
	            "{\"type\": \"value\", \"data\": \"Argument list too long\"}\n");

	/* buf("Hello\0", 6) as a value */
	static const struct type tbuf = { .kind = TY_BUFFER, .size = 12, .align = 4 };
	uint8_t bufv[12] = { 6, 0, 0, 0, 'H', 'e', 'l', 'l', 'o', 0 };
	check_value(env, "buffer text", OUTPUT_TEXT, &tbuf, bufv, "Hello\\x00\n");
	check_value(env, "buffer json", OUTPUT_JSON, &tbuf, bufv, "{\"type\": \"value\", \"data\": [72,101,108,108,111,0]}\n");

	static const struct type tmac = { .kind = TY_MAC, .size = 6, .align = 1 };
	uint8_t mac[6] = { 0x18, 0xc0, 0x4d, 0x08, 0x2e, 0xbb };
	check_value(env, "macaddr", OUTPUT_TEXT, &tmac, mac, "18:C0:4D:08:2E:BB\n");
}

void run_values_tests(struct env *env)
{
	test_values_scalars(env);
	test_values_records(env);
	test_values_compound(env);
}
