/* SPDX-License-Identifier: Apache-2.0 */
/* test_reader.c: the reader wrapper's counting and stream ends (src/reader.c). */
#include "unit.h"

#include "reader.h"

/*
 * A source that answers from a script, one step a call, the last step for
 * ever: "o" a record, "e" the end, "dMSG" a data error, "iMSG" an I/O one.
 */
struct script {
	const char *const *steps;	/* NULL-terminated */
	size_t next;
	size_t calls;
	struct vox_record rec;
};

static int script_next(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct script *s = state;
	const char *step = s->steps[s->next];

	s->calls++;
	if (s->steps[s->next + 1])
		s->next++;
	switch (step[0]) {
	case 'o':
		*rec = &s->rec;
		return VOX_OK;
	case 'e':
		return VOX_EOF;
	case 'd':
		return vox_error_set(err, VOX_E_DATA, "%s", step + 1);
	default:
		return vox_error_set(err, VOX_E_IO, "%s", step + 1);
	}
}

static const struct vox_source script_source = {
	.name = "script",
	.next = script_next,
};

static void reader_on(struct vox_reader *r, struct script *s,
		      const char *const *steps)
{
	memset(s, 0, sizeof(*s));
	s->steps = steps;
	memset(r, 0, sizeof(*r));
	r->source = &script_source;
	r->state = s;
	r->name = "x.csv";
}

/* Data errors are counted and may be skipped; the stream goes on. */
static void test_counts(void **state)
{
	static const char *const steps[] = {
		"o", "dx.csv:2: bad", "o", "dx.csv:4: bad", "e", NULL
	};
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;
	struct vox_reader r;
	struct script s;
	int rc, n = 0;

	(void)state;
	reader_on(&r, &s, steps);
	while ((rc = vox_reader_next(&r, &rec, &err)) != VOX_EOF) {
		if (rc == VOX_ERR) {
			assert_int_equal(err.code, VOX_E_DATA);
			vox_reader_skip(&r);
			continue;
		}
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(r.read, 4);
	assert_int_equal(r.rejected, 2);
}

/*
 * A reader that repeats the same data error has not moved on: a caller
 * that skips data errors must not loop for ever.
 */
static void test_repeated_data_error_ends(void **state)
{
	static const char *const steps[] = { "o", "dx.csv: stuck", NULL };
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;
	struct vox_reader r;
	struct script s;
	int rc, loops = 0;

	(void)state;
	reader_on(&r, &s, steps);
	while ((rc = vox_reader_next(&r, &rec, &err)) != VOX_EOF &&
	       loops++ < 100) {
		if (rc == VOX_ERR && err.code == VOX_E_DATA) {
			vox_reader_skip(&r);
			continue;
		}
		if (rc == VOX_ERR)
			break;
	}
	assert_true(loops < 100);
	assert_int_equal(rc, VOX_ERR);
	assert_int_not_equal(err.code, VOX_E_DATA);
	assert_string_equal(err.msg, "x.csv: stuck");
	assert_int_equal(r.read, 2);
	assert_int_equal(r.rejected, 1);
}

/* After a stream-ending error the source is not asked again. */
static void test_ended_stays_ended(void **state)
{
	static const char *const steps[] = { "ix.csv: broken", "o", NULL };
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;
	struct vox_reader r;
	struct script s;

	(void)state;
	reader_on(&r, &s, steps);
	assert_int_equal(vox_reader_next(&r, &rec, &err), VOX_ERR);
	assert_string_equal(err.msg, "x.csv: broken");
	assert_int_equal(vox_reader_next(&r, &rec, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_IO);
	assert_int_equal(s.calls, 1);
	assert_int_equal(r.read, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_repeated_data_error_ends),
		cmocka_unit_test(test_ended_stays_ended),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
