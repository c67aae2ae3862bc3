/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_asterisk_cdr_pgsql.c: the asterisk-cdr-pgsql source without a
 * server: the row mapper it shares with asterisk-cdr-csv on the values an
 * SQL backend writes (integer codes), its options, and connection errors
 * that must not show a password.  tests/suites/pgsql.sh runs it against a
 * real server.
 */
#include "unit.h"

#include "export/asterisk_cdr.h"
#include "pg_conn.h"
#include "record.h"
#include "timeconv.h"
#include "voxport/source.h"

#define SRC (&vox_source_asterisk_cdr_pgsql)

static void set(struct vox_ast_row *row, int var, const char *s)
{
	vox_ast_row_set_coded(row, var, s, strlen(s));
}

/* What cdr_pgsql writes into integer columns reads as cdr_csv's words. */
static void test_integer_codes(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_ast_cdr m;
	struct vox_ast_row row;
	const struct vox_call_leg *leg;

	(void)state;
	vox_ast_cdr_init(&m, "asterisk-cdr-pgsql", "cdr", NULL, NULL);
	memset(&row, 0, sizeof(row));
	row.line = 7;
	set(&row, VOX_AST_SRC, "1001");
	set(&row, VOX_AST_DST, "1002");
	set(&row, VOX_AST_START, "2024-03-05 14:12:07");
	set(&row, VOX_AST_DURATION, "135");
	set(&row, VOX_AST_BILLSEC, "127");
	set(&row, VOX_AST_DISPOSITION, "8");
	set(&row, VOX_AST_AMAFLAGS, "3");
	set(&row, VOX_AST_UNIQUEID, "1709647927.18");
	assert_int_equal(vox_ast_cdr_fill(&m, &row, &err), VOX_OK);
	leg = &m.rec.u.call.legs[0];
	assert_string_equal(leg->disposition, "ANSWERED");
	assert_int_equal(leg->status, VOX_CALL_ANSWERED);
	assert_string_equal(vox_extra_get(&leg->extra, "amaflags"),
			    "DOCUMENTATION");
	assert_string_equal(leg->source.file, "cdr");
	assert_int_equal(leg->source.line, 7);

	/* NULL (AST_CDR_NULL) reads as cdr_csv writes it; 99 stays 99 */
	set(&row, VOX_AST_DISPOSITION, "1");
	set(&row, VOX_AST_AMAFLAGS, "99");
	assert_int_equal(vox_ast_cdr_fill(&m, &row, &err), VOX_OK);
	leg = &m.rec.u.call.legs[0];
	assert_string_equal(leg->disposition, "NO ANSWER");
	assert_string_equal(vox_extra_get(&leg->extra, "amaflags"), "99");

	/* a bad time names the table and the row */
	set(&row, VOX_AST_START, "05/03/2024");
	assert_int_equal(vox_ast_cdr_fill(&m, &row, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_string_equal(err.msg, "cdr:7: bad start time \"05/03/2024\"");
	vox_ast_cdr_release(&m);

	assert_int_equal(vox_ast_code_of(VOX_AST_DISPOSITION, "busy"), 4);
	assert_int_equal(vox_ast_code_of(VOX_AST_AMAFLAGS, "BILLING"), 2);
	assert_int_equal(vox_ast_code_of(VOX_AST_AMAFLAGS, "x"), -1);
}

static void *open_source(const char *path)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_source_args args;
	void *r;

	memset(&args, 0, sizeof(args));
	args.path = path;
	args.name = SRC->name;
	r = SRC->open(&args, &err);
	assert_non_null(r);
	return r;
}

static void test_options(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	void *r = open_source("provider.json");

	(void)state;
	assert_null(SRC->bid);
	assert_true(SRC->database);
	assert_int_equal(SRC->option(r, "table", "asteriskcdrdb.cdr", &err),
			 VOX_OK);
	assert_int_equal(SRC->option(r, "table", "cdr; DROP TABLE x", &err),
			 VOX_ERR);
	assert_int_equal(err.code, VOX_E_CONFIG);
	assert_non_null(strstr(err.msg, "bad table"));
	assert_int_equal(SRC->option(r, "channels", "maybe", &err), VOX_ERR);
	assert_int_equal(SRC->option(r, "channels", "no", &err), VOX_OK);
	assert_int_equal(SRC->option(r, "colour", "red", &err), VOX_ERR);
	assert_non_null(strstr(err.msg, "unknown option"));
	SRC->close(r);
	assert_true(vox_pg_table_valid("cdr"));
	assert_true(vox_pg_table_valid("_a.b_1"));
	assert_false(vox_pg_table_valid("1cdr"));
	assert_false(vox_pg_table_valid("a.b.c"));
	assert_false(vox_pg_table_valid(""));
}

/* A password in conninfo is refused, and never shown. */
static void test_password_in_conninfo(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	void *r = open_source("provider.json");

	(void)state;
	assert_int_equal(SRC->option(r, "conninfo",
				     "host=db user=x password=s3cr3t-Pw", &err),
			 VOX_OK);
	assert_int_equal(SRC->start(r, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_CONFIG);
	assert_non_null(strstr(err.msg, "conninfo holds a password"));
	assert_null(strstr(err.msg, "s3cr3t"));
	SRC->close(r);

	r = open_source("provider.json");
	assert_int_equal(SRC->option(r, "conninfo",
				     "postgresql://x:s3cr3t-Pw@db/asterisk",
				     &err), VOX_OK);
	assert_int_equal(SRC->start(r, &err), VOX_ERR);
	assert_non_null(strstr(err.msg, "conninfo holds a password"));
	assert_null(strstr(err.msg, "s3cr3t"));
	SRC->close(r);
}

/* A server that is not there: the message says so, without PGPASSWORD. */
static void test_unreachable(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	void *r = open_source("provider.json");

	(void)state;
	setenv("PGPASSWORD", "env-Pw-77", 1);
	unit_write("pw", "file-Pw-88\n");
	assert_int_equal(SRC->option(r, "conninfo",
				     "host=127.0.0.1 port=1 connect_timeout=2",
				     &err), VOX_OK);
	assert_int_equal(SRC->option(r, "password_file", "pw", &err), VOX_OK);
	assert_int_equal(SRC->start(r, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_IO);
	assert_non_null(strstr(err.msg, "cannot connect: "));
	assert_non_null(strstr(err.msg, "127.0.0.1"));
	assert_null(strstr(err.msg, "Pw-"));
	assert_null(strchr(err.msg, '\n'));
	SRC->close(r);
	unsetenv("PGPASSWORD");

	r = open_source("provider.json");
	assert_int_equal(SRC->option(r, "password_file", "nosuch", &err),
			 VOX_OK);
	assert_int_equal(SRC->start(r, &err), VOX_ERR);
	assert_non_null(strstr(err.msg, "password_file nosuch"));
	SRC->close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integer_codes),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_password_in_conninfo),
		cmocka_unit_test(test_unreachable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
