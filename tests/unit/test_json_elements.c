/* SPDX-License-Identifier: Apache-2.0 */
/* test_json_elements.c: a JSON array cut into its elements
 * (import/json_elements.c). */
#include "unit.h"

#include <string.h>

#include "import/import.h"

struct got {
	char text[8][64];
	size_t n;
};

static void collect(void *ctx, const char *s, size_t len, uint64_t index)
{
	struct got *g = ctx;

	assert_int_equal(index, g->n);
	assert_true(g->n < 8);
	if (!s)
		snprintf(g->text[g->n++], sizeof(g->text[0]), "(too long)");
	else
		snprintf(g->text[g->n++], sizeof(g->text[0]), "%.*s",
			 (int)len, s);
}

/* Feed text in pieces of step bytes; the result of _end. */
static int run(const char *text, size_t step, size_t max, struct got *g,
	       struct vox_json_elements *e)
{
	size_t i, n = strlen(text);

	memset(g, 0, sizeof(*g));
	memset(e, 0, sizeof(*e));
	e->fn = collect;
	e->ctx = g;
	e->max = max;
	e->line = 1;
	for (i = 0; i < n; i += step)
		vox_json_elements_feed(e, text + i, n - i < step ? n - i : step);
	return vox_json_elements_end(e);
}

static void test_elements(void **state)
{
	static const char text[] =
		" [ 1, \"a,]\\\"\" ,{\"k\":[1,{}]} ,[\"]\"],true ,null]\n";
	struct vox_json_elements e;
	struct got g;
	size_t step;

	(void)state;
	for (step = 1; step <= sizeof(text); step += 3) {
		assert_int_equal(run(text, step, 100, &g, &e), VOX_OK);
		assert_int_equal(g.n, 6);
		assert_string_equal(g.text[0], "1");
		assert_string_equal(g.text[1], "\"a,]\\\"\"");
		assert_string_equal(g.text[2], "{\"k\":[1,{}]}");
		assert_string_equal(g.text[3], "[\"]\"]");
		assert_string_equal(g.text[4], "true");
		assert_string_equal(g.text[5], "null");
	}
	assert_int_equal(run("[]", 1, 100, &g, &e), VOX_OK);
	assert_int_equal(g.n, 0);
}

static void test_too_long(void **state)
{
	struct vox_json_elements e;
	struct got g;

	(void)state;
	assert_int_equal(run("[\"0123456789\",1]", 2, 8, &g, &e), VOX_OK);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.text[0], "(too long)");
	assert_string_equal(g.text[1], "1");
}

static void test_malformed(void **state)
{
	struct vox_json_elements e;
	struct got g;

	(void)state;
	assert_int_equal(run("[1,]", 1, 100, &g, &e), VOX_ERR);
	assert_string_equal(e.error, "expected a value");
	assert_int_equal(run("[1\n 2]", 1, 100, &g, &e), VOX_ERR);
	assert_string_equal(e.error, "expected ',' or ']'");
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column + 1, 2);
	assert_int_equal(run("[1] x", 1, 100, &g, &e), VOX_ERR);
	assert_string_equal(e.error, "text after the array");
	assert_int_equal(run("[{\"a\":1}", 1, 100, &g, &e), VOX_ERR);
	assert_string_equal(e.error, "unexpected end of the array");
	assert_int_equal(run("{}", 1, 100, &g, &e), VOX_ERR);
	assert_string_equal(e.error, "not an array");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elements),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
