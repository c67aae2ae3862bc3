/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_call_index.c: recordings find their calls by id, by a leg's id, or
 * by time and numbers; and the folder walk that finds recordings.
 */
#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "export/call_index.h"
#include "export/folder.h"
#include "record.h"

#define SEC 1000LL

static void add(struct vox_call_index *x, const char *id, const char *leg2,
		int64_t start, int64_t end, const char *from, const char *to)
{
	struct vox_call_leg l[2];
	struct vox_call c;

	vox_call_leg_init(&l[0]);
	l[0].id = id;
	l[0].start = start;
	l[0].end = end;
	l[0].from.raw = l[0].from.number = from;
	l[0].to.raw = l[0].to.number = to;
	l[1] = l[0];
	l[1].id = leg2;
	memset(&c, 0, sizeof(c));
	c.id = id;
	c.legs = l;
	c.nlegs = leg2 ? 2 : 1;
	assert_int_equal(vox_call_index_add(x, &c), VOX_OK);
}

static void test_by_id(void **state)
{
	struct vox_call_index *x = vox_call_index_new();
	struct vox_call_ref ref;

	(void)state;
	add(x, "1711699866.18", "1711699866.19", 100 * SEC, 200 * SEC, "1008",
	    "1001");
	add(x, "1711700125.25", NULL, 50 * SEC, 60 * SEC, "1001",
	    "+447700900258");
	assert_true(vox_call_index_find_id(x, "1711699866.18", &ref));
	assert_string_equal(ref.id, "1711699866.18");
	assert_int_equal(ref.start, 100 * SEC);
	/* A B-leg's uniqueid (MixMonitor on the called channel). */
	assert_true(vox_call_index_find_id(x, "1711699866.19", &ref));
	assert_string_equal(ref.id, "1711699866.18");
	assert_false(vox_call_index_find_id(x, "1711699866.2", &ref));
	assert_false(vox_call_index_find_id(x, NULL, &ref));
	assert_false(vox_call_index_find_id(x, "", &ref));
	vox_call_index_free(x);
}

static void test_by_time_and_number(void **state)
{
	struct vox_call_index *x = vox_call_index_new();
	struct vox_call_ref ref;
	const char *n258[] = { "+447700900258" }, *n999[] = { "07700900999" };

	(void)state;
	add(x, "a", NULL, 1000 * SEC, 1300 * SEC, "1001", "+447700900258");
	add(x, "b", NULL, 1290 * SEC, 1400 * SEC, "1001", "+447700900258");
	add(x, "c", NULL, 5000 * SEC, 5100 * SEC, "1001", "07700900999");
	/* During a; b has not started. */
	assert_true(vox_call_index_find_near(x, 1100 * SEC, n258, 1, &ref));
	assert_string_equal(ref.id, "a");
	/* During both: the nearer start wins. */
	assert_true(vox_call_index_find_near(x, 1295 * SEC, n258, 1, &ref));
	assert_string_equal(ref.id, "b");
	/* Within the slack before a call's start. */
	assert_true(vox_call_index_find_near(x, 4997 * SEC, n999, 1, &ref));
	assert_string_equal(ref.id, "c");
	/* The right time, another number; the right number, no call. */
	assert_false(vox_call_index_find_near(x, 1100 * SEC, n999, 1, &ref));
	assert_false(vox_call_index_find_near(x, 3000 * SEC, n258, 1, &ref));
	assert_false(vox_call_index_find_near(x, VOX_TIME_NONE, n258, 1,
					      &ref));
	vox_call_index_free(x);
}

static void touch(const char *path)
{
	unit_write(path, "x");
}

static void test_folder_walk(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_folder f;

	(void)state;
	assert_int_equal(mkdir("mon", 0700), 0);
	assert_int_equal(mkdir("mon/2024", 0700), 0);
	assert_int_equal(mkdir("mon/2024/03", 0700), 0);
	assert_int_equal(mkdir("mon/.voxport-abcdef", 0700), 0);
	touch("mon/b.wav");
	touch("mon/A.WAV");
	touch("mon/notes.txt");
	touch("mon/2024/03/c.Wav");
	touch("mon/.voxport-abcdef/calls.jsonl");
	touch("elsewhere.wav");
	assert_int_equal(symlink("../elsewhere.wav", "mon/link.wav"), 0);
	assert_int_equal(vox_folder_list(&f, "mon", "*.wav", &err), VOX_OK);
	assert_int_equal(f.n, 3);
	assert_string_equal(f.paths[0], "mon/2024/03/c.Wav");
	assert_string_equal(f.paths[1], "mon/A.WAV");
	assert_string_equal(f.paths[2], "mon/b.wav");
	vox_folder_release(&f);
	assert_int_equal(vox_folder_list(&f, "absent", "*.wav", &err),
			 VOX_ERR);
	assert_int_equal(err.code, VOX_E_IO);
	assert_non_null(strstr(err.msg, "absent"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_id),
		cmocka_unit_test(test_by_time_and_number),
		cmocka_unit_test(test_folder_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
