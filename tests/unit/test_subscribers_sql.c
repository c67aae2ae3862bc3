/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_subscribers_sql.c: the subscribers-sql source without a server:
 * result rows (named columns, NULLs) made into subjects by the
 * subscribers-csv rules, and its options.  tests/suites/pgsql.sh runs it
 * against a real server.
 */
#include "unit.h"

#include "export/subscriber_rows.h"
#include "record.h"
#include "voxport/source.h"

#define SRC (&vox_source_subscribers_sql)

static void row_of(struct vox_csv_row *row, struct vox_csv_field *f,
		   const char *const *v, size_t n, uint64_t line)
{
	size_t i;

	for (i = 0; i < n; i++) {
		f[i].s = v[i];
		f[i].len = v[i] ? strlen(v[i]) : 0;
	}
	row->line = row->last_line = line;
	row->n = n;
	row->f = f;
}

static void test_rows(void **state)
{
	static const char *const names[] = {
		"id", "given_name", "family_name", "phones", "extensions",
		"voicemail_pin", "crm_id",
	};
	static const char *const alice[] = {
		"1001", "Alice", NULL, "work:02079460100|mobile:07700900100",
		"1001", "1234", "CRM-1",
	};
	static const char *const bad[] = {
		"10 01", NULL, NULL, NULL, NULL, NULL, NULL,
	};
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_subscriber_rows *r;
	struct vox_csv_field f[8];
	struct vox_csv_row row;
	const struct vox_record *rec;
	const struct vox_subject *s;

	(void)state;
	r = vox_subscriber_rows_new("subscribers-sql", "query", NULL);
	assert_non_null(r);
	row_of(&row, f, names, 7, 0);
	assert_int_equal(vox_subscriber_rows_header(r, &row, &err), VOX_OK);
	row_of(&row, f, alice, 7, 1);
	assert_int_equal(vox_subscriber_rows_fill(r, &row, &rec, &err),
			 VOX_OK);
	s = &rec->u.subject;
	assert_string_equal(s->id, "1001");
	assert_string_equal(s->full_name, "Alice");
	assert_null(s->family);
	assert_int_equal(s->nphones, 2);
	assert_int_equal(s->extensions.n, 1);
	assert_string_equal(s->source.format, "subscribers-sql");
	assert_string_equal(s->source.file, "query");
	/* the pin is a credential: never read */
	assert_null(vox_extra_get(&s->extra, "voicemail_pin"));
	assert_string_equal(vox_extra_get(&s->extra, "crm_id"), "CRM-1");
	row_of(&row, f, bad, 7, 2);
	assert_int_equal(vox_subscriber_rows_fill(r, &row, &rec, &err),
			 VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_non_null(strstr(err.msg, "query:2: id: not a valid"));
	vox_subscriber_rows_free(r);
}

static void test_options(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_source_args args;
	void *r;

	(void)state;
	memset(&args, 0, sizeof(args));
	args.path = "provider.json";
	args.subject_id = "1001";
	r = SRC->open(&args, &err);
	assert_non_null(r);
	assert_int_equal(SRC->option(r, "table", "x", &err), VOX_ERR);
	assert_non_null(strstr(err.msg, "unknown option"));
	/* no query: said before any connection is tried */
	assert_int_equal(SRC->start(r, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_CONFIG);
	assert_non_null(strstr(err.msg, "query is required"));
	SRC->close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
