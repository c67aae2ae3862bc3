/* SPDX-License-Identifier: Apache-2.0 */
/* test_call_group.c: legs joined into calls in bounded memory. */
#include "unit.h"

#include "call_group.h"
#include "record.h"

#define MIN 60000LL

static void add(struct vox_call_group *g, const char *group, const char *id,
		int64_t start, int64_t answer, int64_t end,
		enum vox_call_status status, uint64_t line)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_call_leg l;
	struct vox_call c;

	vox_call_leg_init(&l);
	l.id = id;
	l.start = start;
	l.answer = answer;
	l.end = end;
	l.status = status;
	l.from.raw = l.from.number = "1001";
	l.to.raw = l.to.number = "1002";
	l.direction = VOX_DIR_OUTBOUND;
	l.duration = (end - start) / 1000;
	l.billsec = answer == VOX_TIME_NONE ? 0 : (end - answer) / 1000;
	l.source.format = "test";
	l.source.file = "t.csv";
	l.source.line = line;
	memset(&c, 0, sizeof(c));
	c.id = group ? group : id;
	c.group_id = group;
	c.legs = &l;
	c.nlegs = 1;
	assert_int_equal(vox_call_group_add(g, &c, &err), VOX_OK);
}

static void test_joins_linked_legs(void **state)
{
	struct vox_call_group *g = vox_call_group_new();
	const struct vox_call *c;

	(void)state;
	/* Two legs of call A with call B's row between them. */
	add(g, "A", "a1", 0, VOX_TIME_NONE, 20000, VOX_CALL_NO_ANSWER, 1);
	add(g, "B", "b1", 5000, 6000, 9000, VOX_CALL_ANSWERED, 2);
	add(g, "A", "a2", 20000, 21000, 80000, VOX_CALL_ANSWERED, 3);
	assert_int_equal(vox_call_group_next(g, 0, &c), VOX_EOF);
	assert_int_equal(vox_call_group_next(g, 1, &c), VOX_OK);
	assert_string_equal(c->id, "A");
	assert_int_equal(c->nlegs, 2);
	assert_int_equal(c->start, 0);
	assert_int_equal(c->answer, 21000);
	assert_int_equal(c->end, 80000);
	assert_int_equal(c->duration, 80);
	assert_int_equal(c->billsec, 59);
	assert_int_equal(c->status, VOX_CALL_ANSWERED);
	assert_int_equal(c->source.line, 1);
	assert_string_equal(c->legs[1].id, "a2");
	assert_int_equal(vox_call_group_next(g, 1, &c), VOX_OK);
	assert_string_equal(c->id, "B");
	assert_int_equal(c->nlegs, 1);
	assert_int_equal(c->duration, 4);
	assert_int_equal(vox_call_group_next(g, 1, &c), VOX_EOF);
	vox_call_group_free(g);
}

static void test_hands_out_after_the_window(void **state)
{
	struct vox_call_group *g = vox_call_group_new();
	const struct vox_call *c;

	(void)state;
	add(g, "A", "a1", 0, 1000, 2 * MIN, VOX_CALL_ANSWERED, 1);
	add(g, NULL, "u1", 10 * MIN, VOX_TIME_NONE, 11 * MIN,
	    VOX_CALL_BUSY, 2);
	/* A is open, so the unlinked call behind it waits its turn. */
	assert_int_equal(vox_call_group_next(g, 0, &c), VOX_EOF);
	add(g, "C", "c1", 7 * 60 * MIN, VOX_TIME_NONE, 7 * 60 * MIN + 1000,
	    VOX_CALL_FAILED, 3);
	assert_int_equal(vox_call_group_next(g, 0, &c), VOX_OK);
	assert_string_equal(c->id, "A");
	assert_int_equal(vox_call_group_next(g, 0, &c), VOX_OK);
	assert_string_equal(c->id, "u1");
	assert_int_equal(c->status, VOX_CALL_BUSY);
	assert_int_equal(vox_call_group_next(g, 0, &c), VOX_EOF);
	assert_int_equal(vox_call_group_next(g, 1, &c), VOX_OK);
	assert_string_equal(c->id, "C");
	vox_call_group_free(g);
}

static void test_many_calls_flat_memory(void **state)
{
	struct vox_call_group *g = vox_call_group_new();
	const struct vox_call *c;
	char id[32];
	int i, out = 0;

	(void)state;
	/* A long stream: calls come out as the window passes them. */
	for (i = 0; i < 20000; i++) {
		snprintf(id, sizeof(id), "L%d", i);
		add(g, id, id, (int64_t)i * MIN, VOX_TIME_NONE,
		    (int64_t)i * MIN + 1000, VOX_CALL_NO_ANSWER,
		    (uint64_t)i + 1);
		while (vox_call_group_next(g, 0, &c) == VOX_OK)
			out++;
		assert_true(i - out < 400);
	}
	while (vox_call_group_next(g, 1, &c) == VOX_OK)
		out++;
	assert_int_equal(out, 20000);
	vox_call_group_free(g);
}

/* Unordered legs (a folder of CDR files): no window, joined at the end. */
static void test_unordered(void **state)
{
	struct vox_call_group *g = vox_call_group_new();
	const struct vox_call *c;

	(void)state;
	vox_call_group_unordered(g);
	add(g, "A", "b-leg", 1000, 9000, 2 * MIN, VOX_CALL_ANSWERED, 0);
	add(g, "L", "later", 30 * 60 * MIN, VOX_TIME_NONE, 30 * 60 * MIN + 1,
	    VOX_CALL_BUSY, 0);
	assert_int_equal(vox_call_group_next(g, 0, &c), VOX_EOF);
	add(g, "A", "a-leg", 0, 8000, 2 * MIN, VOX_CALL_ANSWERED, 0);
	assert_int_equal(vox_call_group_next(g, 1, &c), VOX_OK);
	assert_string_equal(c->id, "A");
	assert_int_equal(c->nlegs, 2);
	assert_string_equal(c->legs[0].id, "a-leg");
	assert_int_equal(vox_call_group_next(g, 1, &c), VOX_OK);
	assert_string_equal(c->id, "L");
	assert_int_equal(vox_call_group_next(g, 1, &c), VOX_EOF);
	vox_call_group_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_joins_linked_legs),
		cmocka_unit_test(test_hands_out_after_the_window),
		cmocka_unit_test(test_unordered),
		cmocka_unit_test(test_many_calls_flat_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
