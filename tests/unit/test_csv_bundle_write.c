/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_csv_bundle_write.c: the csv-bundle target (import/csv_bundle.c):
 * a file per category, made when its first record comes, with the
 * archive's columns, quoting and formula guard.
 */
#include "unit.h"

#include <unistd.h>

#include "record.h"
#include "timeconv.h"
#include "voxport/target.h"

static FILE *create(void *ctx, const char *name, struct vox_error *err)
{
	FILE *f;

	(void)ctx;
	f = fopen(name, "wb");
	if (!f)
		vox_error_errno(err, VOX_E_IO, name);
	return f;
}

static char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_files_and_rows(void **state)
{
	const struct vox_target *t = vox_target_find("csv-bundle");
	struct vox_target_args args = { create, NULL, NULL, NULL, NULL };
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_record rec;
	struct vox_party to[2] = { { "+447700900001", "07700900001", NULL },
				   { NULL, "SHORT", NULL } };
	void *s;

	(void)state;
	assert_non_null(t);
	args.tz = vox_tz_load("UTC", NULL);
	s = t->open(&args, &err);
	assert_non_null(s);

	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CALL;
	rec.u.call.id = "1711699237.1";
	rec.u.call.start = 1711828957000LL;
	rec.u.call.answer = VOX_TIME_NONE;
	rec.u.call.end = 1711828971000LL;
	rec.u.call.duration = 14;
	rec.u.call.billsec = 0;
	rec.u.call.direction = VOX_DIR_INBOUND;
	rec.u.call.status = VOX_CALL_NO_ANSWER;
	rec.u.call.from = (struct vox_party){ "+447700900574", "07700900574",
					      "=HYPERLINK(\"x\")" };
	rec.u.call.to = (struct vox_party){ "1001", "1001", NULL };
	rec.u.call.nlegs = 1;
	rec.u.call.source.file = "Master.csv";
	rec.u.call.source.line = 2;
	assert_int_equal(t->write(s, &rec, &err), VOX_OK);

	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_MESSAGE;
	vox_message_init(&rec.u.message);
	rec.u.message.id = "sms.xml:5";
	rec.u.message.date = 0;
	rec.u.message.box = VOX_BOX_SENT;
	rec.u.message.direction = VOX_DIR_OUTBOUND;
	rec.u.message.to = to;
	rec.u.message.nto = 2;
	rec.u.message.body = "line one\nline, two";
	rec.u.message.read = 1;
	assert_int_equal(t->write(s, &rec, &err), VOX_OK);
	/* No contacts came: no contacts.csv. */
	assert_int_equal(t->close(s, 1, &err), VOX_OK);

	assert_string_equal(slurp("calls.csv"),
		"id,start,answer,end,duration,billsec,direction,status,"
		"from_number,from_raw,from_name,to_number,to_raw,to_name,"
		"account_code,legs,source_file,source_line\r\n"
		"1711699237.1,2024-03-30T20:02:37Z,,2024-03-30T20:02:51Z,14,0,"
		"inbound,no-answer,+447700900574,07700900574,"
		"\"'=HYPERLINK(\"\"x\"\")\",1001,1001,,,1,Master.csv,2\r\n");
	assert_string_equal(slurp("messages.csv"),
		"id,date,date_sent,type,box,direction,from_number,from_raw,"
		"from_name,to_numbers,subject,body,read,parts,thread\r\n"
		"sms.xml:5,1970-01-01T00:00:00Z,,sms,sent,outbound,,,,"
		"'+447700900001; SHORT,,\"line one\nline, two\",yes,0,\r\n");
	assert_int_equal(access("contacts.csv", F_OK), -1);
	assert_int_equal(access("subject.csv", F_OK), -1);
	vox_tz_free((struct vox_tz *)args.tz);
}

static void test_contact_lists(void **state)
{
	const struct vox_target *t = vox_target_find("csv-bundle");
	struct vox_target_args args = { create, NULL, NULL, NULL, NULL };
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_phone phones[2];
	struct vox_email emails[1];
	struct vox_address adr[1];
	struct vox_record rec;
	void *s;

	(void)state;
	memset(phones, 0, sizeof(phones));
	memset(emails, 0, sizeof(emails));
	memset(adr, 0, sizeof(adr));
	phones[0].number = "+442079460102";
	phones[1].raw = "ext. 12";
	emails[0].address = "carol@acme.example";
	adr[0].street = "1 Main St";
	adr[0].locality = "Springfield";
	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CONTACT;
	vox_contact_init(&rec.u.contact);
	rec.u.contact.uid = "urn:uuid:1";
	rec.u.contact.full_name = "Carol Okafor";
	rec.u.contact.given = "Carol";
	rec.u.contact.family = "Okafor";
	rec.u.contact.birthday = (struct vox_date){ 0, 5, 17, NULL };
	rec.u.contact.phones = phones;
	rec.u.contact.nphones = 2;
	rec.u.contact.emails = emails;
	rec.u.contact.nemails = 1;
	rec.u.contact.addresses = adr;
	rec.u.contact.naddresses = 1;
	args.tz = vox_tz_load("UTC", NULL);
	s = t->open(&args, &err);
	assert_int_equal(t->write(s, &rec, &err), VOX_OK);
	assert_int_equal(t->close(s, 1, &err), VOX_OK);
	assert_string_equal(slurp("contacts.csv"),
		"uid,full_name,prefix,given,additional,family,suffix,"
		"nicknames,organization,title,birthday,phones,emails,"
		"addresses,links,categories,note\r\n"
		"urn:uuid:1,Carol Okafor,,Carol,,Okafor,,,,,'--05-17,"
		"'+442079460102; ext. 12,carol@acme.example,"
		"\"1 Main St, Springfield\",,,\r\n");
	vox_tz_free((struct vox_tz *)args.tz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files_and_rows),
		cmocka_unit_test(test_contact_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
