/* SPDX-License-Identifier: Apache-2.0 */
/* test_subscribers_csv.c: the subscriber list reader. */
#include "unit.h"

#include "phone.h"
#include "timeconv.h"
#include "voxport/source.h"

struct fixture {
	FILE *f;
	void *r;
	struct vox_tz *tz;
	struct vox_phone_plan plan;
};

static void open_file(struct fixture *x, const char *path, const char *name)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_source_args args;

	x->f = fopen(path, "rb");
	assert_non_null(x->f);
	x->tz = vox_tz_load("Europe/London", &err);
	assert_non_null(x->tz);
	assert_int_equal(vox_phone_plan_for_country("GB", &x->plan), VOX_OK);
	memset(&args, 0, sizeof(args));
	args.in = x->f;
	args.name = name;
	args.tz = x->tz;
	args.plan = &x->plan;
	x->r = vox_source_subscribers_csv.open(&args, &err);
	assert_non_null(x->r);
}

static void close_file(struct fixture *x)
{
	vox_source_subscribers_csv.close(x->r);
	vox_tz_free(x->tz);
	fclose(x->f);
}

static const struct vox_subject *next_ok(struct fixture *x)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;

	if (vox_source_subscribers_csv.next(x->r, &rec, &err) != VOX_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(rec->kind, VOX_SUBJECT);
	return &rec->u.subject;
}

static void test_full_row(void **state)
{
	struct fixture x;
	const struct vox_subject *s;
	size_t i;

	(void)state;
	open_file(&x, unit_path("tests/data/subscribers-csv/ok/full.csv"),
		  "full.csv");
	s = next_ok(&x);
	assert_string_equal(s->id, "1001");
	assert_string_equal(s->title, "Dr");
	assert_string_equal(s->full_name, "Alice Smith");
	assert_string_equal(s->organization, "Acme, Inc.");
	assert_int_equal(s->birthday.year, 1990);
	assert_int_equal(s->birthday.day, 12);
	assert_int_equal(s->nemails, 2);
	assert_int_equal(s->emails[1].contexts, VOX_CTX_WORK);
	assert_int_equal(s->nphones, 3);
	assert_string_equal(s->phones[0].number, "+442079460100");
	assert_string_equal(s->phones[0].raw, "020 7946 0100");
	assert_int_equal(s->phones[1].features, VOX_TEL_MOBILE);
	assert_string_equal(s->phones[2].label, "Gate");
	assert_int_equal(s->naddresses, 2);
	assert_string_equal(s->addresses[1].region, "West Yorkshire");
	assert_null(s->addresses[0].region);
	assert_int_equal(s->extensions.n, 2);
	assert_string_equal(s->account_codes.v[0], "acct42");
	assert_string_equal(s->sip_usernames.v[0], "alice");
	assert_int_equal(s->nsubscriptions, 2);
	assert_null(s->subscriptions[0].end);
	assert_string_equal(s->subscriptions[1].end, "2023-01-09");
	assert_int_equal(s->nmarketing, 3);
	assert_int_equal(s->marketing[0].consent, VOX_CONSENT_GRANTED);
	assert_string_equal(s->marketing[1].updated, "2024-01-05T10:00:00Z");
	assert_string_equal(s->marketing[2].channel, "post");
	assert_int_equal(s->source.line, 2);
	/* Credentials are never read; other unknown columns are kept. */
	assert_int_equal(s->extra.n, 1);
	assert_string_equal(s->extra.v[0].key, "shipping_zone");
	for (i = 0; i < s->extra.n; i++) {
		assert_null(strstr(s->extra.v[i].value, "hunter2"));
		assert_null(strstr(s->extra.v[i].value, "4321"));
	}
	s = next_ok(&x);
	assert_string_equal(s->full_name, "Bobby B");
	assert_int_equal(s->birthday.year, 0);
	assert_int_equal(s->birthday.month, 7);
	assert_string_equal(s->phones[0].number, "+15555550122");
	close_file(&x);
}

static void test_cp1252_and_blank_lines(void **state)
{
	struct fixture x;
	const struct vox_subject *s;
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;

	(void)state;
	open_file(&x, unit_path("tests/data/subscribers-csv/ok/"
				"cp1252-crlf.csv"), "cp.csv");
	s = next_ok(&x);
	assert_string_equal(s->given, "J\xc3\xbcrgen");
	s = next_ok(&x);
	assert_string_equal(s->given, "Zo\xc3\xab");
	assert_int_equal(s->source.line, 4);
	assert_int_equal(vox_source_subscribers_csv.next(x.r, &rec, &err),
			 VOX_EOF);
	close_file(&x);
}

static void test_goes_on_after_a_bad_row(void **state)
{
	struct fixture x;
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;

	(void)state;
	unit_write("s.csv", "id,given_name,marketing_sms\n1,A,yes\n"
		   "2,B,maybe\n3,C,no\n");
	open_file(&x, "s.csv", "s.csv");
	assert_string_equal(next_ok(&x)->id, "1");
	assert_int_equal(vox_source_subscribers_csv.next(x.r, &rec, &err),
			 VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_string_equal(err.msg, "s.csv:3: marketing_sms: expected yes "
			    "or no \"maybe\"");
	assert_string_equal(next_ok(&x)->id, "3");
	close_file(&x);
}

/*
 * Without a usable header no row can be read: the error ends the stream
 * (not VOX_E_DATA, which a caller may skip and ask again, for ever).
 */
static void test_bad_header_ends_the_stream(void **state)
{
	static const struct {
		const char *text, *msg;
	} tab[] = {
		{ "subscriber_id,given_name\n1,A\n",
		  "s.csv:1: no \"id\" column in the header" },
		{ "id,id\n1,1\n", "s.csv:1: column \"id\" appears twice" },
		{ "id,gi\"ven\n1,A\n", "s.csv:1: malformed CSV" },
		{ "\n\"id,given_name\n1,A\n",
		  "s.csv:2: unterminated quoted field" },
	};
	struct fixture x;
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		unit_write("s.csv", tab[i].text);
		open_file(&x, "s.csv", "s.csv");
		assert_int_equal(vox_source_subscribers_csv.next(x.r, &rec,
								 &err),
				 VOX_ERR);
		assert_int_not_equal(err.code, VOX_E_DATA);
		if (strncmp(err.msg, tab[i].msg, strlen(tab[i].msg)) != 0)
			fail_msg("%s: %s", tab[i].text, err.msg);
		for (k = 0; k < 3; k++) {
			assert_int_equal(vox_source_subscribers_csv.next(
						 x.r, &rec, &err), VOX_ERR);
			assert_int_not_equal(err.code, VOX_E_DATA);
		}
		close_file(&x);
	}
}

static void test_bid(void **state)
{
	const char *ours = "id,given_name,family_name,phones\n1,a,b,c\n";
	const char *cdr = "\"\",\"1001\",\"1002\",\"from-internal\"\n";

	(void)state;
	assert_true(vox_source_subscribers_csv.bid(
			    (const unsigned char *)ours, strlen(ours)) > 8);
	assert_int_equal(vox_source_subscribers_csv.bid(
				 (const unsigned char *)cdr, strlen(cdr)), 0);
	assert_int_equal(vox_source_subscribers_csv.bid(
				 (const unsigned char *)"id,x\n", 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_row),
		cmocka_unit_test(test_cp1252_and_blank_lines),
		cmocka_unit_test(test_goes_on_after_a_bad_row),
		cmocka_unit_test(test_bad_header_ends_the_stream),
		cmocka_unit_test(test_bid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
