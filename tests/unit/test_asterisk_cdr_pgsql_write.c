/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_asterisk_cdr_pgsql_write.c: the asterisk-cdr-pgsql target without
 * a server: its options, what it says it loses, a call it cannot hold
 * refused before any connection, and a failed connection that loads
 * nothing.  tests/suites/pgsql.sh loads archives into a real server.
 */
#include "unit.h"

#include "record.h"
#include "timeconv.h"
#include "voxport/target.h"

#define TGT (&vox_target_asterisk_cdr_pgsql)

static void *open_target(void)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_target_args args;
	void *w;

	memset(&args, 0, sizeof(args));
	w = TGT->open(&args, &err);
	assert_non_null(w);
	return w;
}

static void test_options(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	void *w = open_target();
	const struct vox_loss *l;
	int answer = 0;

	(void)state;
	assert_true(TGT->database);
	assert_int_equal(TGT->option(w, "create-table", "yes", &err), VOX_OK);
	assert_int_equal(TGT->option(w, "create-table", "y", &err), VOX_ERR);
	assert_int_equal(TGT->option(w, "table", "x y", &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_USAGE);
	assert_int_equal(TGT->option(w, "table", "public.cdr", &err), VOX_OK);
	assert_int_equal(TGT->option(w, "dir", "x", &err), VOX_ERR);
	for (l = TGT->losses(w); l->field; l++)
		answer += strcmp(l->field, "legs.answer") == 0;
	assert_int_equal(answer, 1);
	assert_int_equal(TGT->close(w, 0, NULL), VOX_OK);
}

/* A call without a start is this record's fault: no connection yet. */
static void test_no_start(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_record rec;
	void *w = open_target();

	(void)state;
	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CALL;
	rec.u.call.id = "c1";
	rec.u.call.start = VOX_TIME_NONE;
	assert_int_equal(TGT->write(w, &rec, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_string_equal(err.msg, "call c1: no start time");
	assert_int_equal(TGT->close(w, 0, NULL), VOX_OK);
}

/* No server: the commit fails, saying where, without the password. */
static void test_unreachable(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	void *w = open_target();

	(void)state;
	setenv("PGPASSWORD", "env-Pw-99", 1);
	assert_int_equal(TGT->option(w, "conninfo",
				     "host=127.0.0.1 port=1 connect_timeout=2",
				     &err), VOX_OK);
	assert_int_equal(TGT->close(w, 1, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_IO);
	assert_non_null(strstr(err.msg, "cannot connect"));
	assert_null(strstr(err.msg, "Pw-"));
	unsetenv("PGPASSWORD");
	w = open_target();
	assert_int_equal(TGT->option(w, "conninfo", "password=x", &err),
			 VOX_OK);
	assert_int_equal(TGT->close(w, 1, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_CONFIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_no_start),
		cmocka_unit_test(test_unreachable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
