/* Unit test of the two tables indexed by enum type_kind: core/type.c's traits and runtime's
 * rt_out_kind rows (runtime/output_value.c). A kind added to the enum must get a row in both, and
 * the rows must agree: a kind whose key ends in a bucket is grouped when printed, an aggregation
 * that merges into one number prints merged, and so on. */
#include "runtime/output.h"

#include <stdio.h>
#include <string.h>

static int passed, failed;

static void expect(bool ok, enum type_kind kind, const char *what)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL kind %d: %s\n", (int)kind, what);
}

int main(void)
{
	for (int k = 0; k < TY_KIND_COUNT; k++) {
		/* Enough of a type for every kind's name: an element for arrays, a size for buffers. */
		struct type t = {.kind = (enum type_kind)k, .size = 8, .elem = type_int(1, false)};
		const struct rt_out_kind *row = rt_out_kind(&t);
		char name[64];
		type_name(&t, name, sizeof(name));
		expect(name[0] != '\0' && strcmp(name, "?") != 0, t.kind, "type_name names it");
		expect(row->text && row->json, t.kind, "prints as text and as JSON");
		expect(!row->merged_text == !row->merged_json, t.kind, "merged: text and JSON both or neither");
		expect(!row->group == !row->group_text && !row->group == !row->group_json, t.kind,
		       "grouped: grouping, text and JSON all or none");
		expect(type_has_bucket_key(&t) == (row->group != NULL), t.kind, "grouped exactly when keyed by bucket");
		expect(!type_has_bucket_key(&t) || type_is_agg(&t), t.kind, "a bucket key only for aggregations");
		expect((type_combine(&t) != TYPE_COMBINE_NONE) <= (row->merged_text != NULL), t.kind,
		       "an aggregation merging into one number prints merged");
		expect(type_combine(&t) == TYPE_COMBINE_NONE || type_agg_size(t.kind) > 0, t.kind,
		       "per-CPU copies have a size");
		expect(type_is_agg(&t) == (type_agg_size(t.kind) > 0), t.kind, "aggregations have a copy size");
		expect(!type_read_combined(&t) || type_combine(&t) != TYPE_COMBINE_NONE, t.kind,
		       "a combined read has a way to combine");
		expect(!row->printf_int || type_is_integral(&t), t.kind, "printf integers are integral");
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
