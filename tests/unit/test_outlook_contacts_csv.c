/* SPDX-License-Identifier: Apache-2.0 */
/* test_outlook_contacts_csv.c: the Outlook contacts CSV reader. */
#include "unit.h"

#include "phone.h"
#include "record.h"
#include "timeconv.h"
#include "voxport/source.h"

#define SRC (&vox_source_outlook_contacts_csv)
#define DATA "tests/data/outlook-contacts-csv/"

struct fx {
	FILE *in;
	struct vox_tz *tz;
	struct vox_phone_plan plan;
	void *st;
	struct vox_error err;
};

static void fx_open_file(struct fx *fx, FILE *in, const char *name)
{
	struct vox_source_args args;
	struct vox_error err = VOX_ERROR_INIT;

	memset(fx, 0, sizeof(*fx));
	fx->in = in;
	assert_non_null(fx->in);
	fx->tz = vox_tz_load("UTC", &err);
	assert_non_null(fx->tz);
	assert_int_equal(vox_phone_plan_for_country("DE", &fx->plan), VOX_OK);
	memset(&args, 0, sizeof(args));
	args.in = fx->in;
	args.name = name;
	args.tz = fx->tz;
	args.plan = &fx->plan;
	fx->st = SRC->open(&args, &fx->err);
	assert_non_null(fx->st);
}

static void fx_open(struct fx *fx, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s%s", DATA, rel);
	fx_open_file(fx, fopen(unit_path(path), "rb"), strrchr(rel, '/') + 1);
}

/* A CSV given as text. */
static void fx_text(struct fx *fx, const char *text)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	rewind(f);
	fx_open_file(fx, f, "t.csv");
}

static void fx_close(struct fx *fx)
{
	SRC->close(fx->st);
	vox_tz_free(fx->tz);
	fclose(fx->in);
}

static const struct vox_contact *fx_next(struct fx *fx)
{
	const struct vox_record *rec = NULL;
	int rc = SRC->next(fx->st, &rec, &fx->err);

	if (rc != VOX_OK)
		fail_msg("next: %d %s", rc, fx->err.msg);
	assert_int_equal(rec->kind, VOX_CONTACT);
	assert_string_equal(rec->u.contact.source.format,
			    "outlook-contacts-csv");
	return &rec->u.contact;
}

static void fx_eof(struct fx *fx)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(SRC->next(fx->st, &rec, &fx->err), VOX_EOF);
}

/* The next call fails with this code and a message containing what. */
static void fx_error(struct fx *fx, int code, const char *what)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(SRC->next(fx->st, &rec, &fx->err), VOX_ERR);
	assert_int_equal(fx->err.code, code);
	if (!strstr(fx->err.msg, what))
		fail_msg("\"%s\" not in \"%s\"", what, fx->err.msg);
	vox_error_clear(&fx->err);
}

static void test_outlook_92(void **state)
{
	struct fx fx;
	const struct vox_contact *c;

	(void)state;
	fx_open(&fx, "ok/outlook-92.csv");
	c = fx_next(&fx);
	/* Windows-1252 bytes read as UTF-8 text. */
	assert_string_equal(c->given, "J\xc3\xbcrgen");
	assert_string_equal(c->family, "M\xc3\xbcller");
	assert_string_equal(c->prefix, "Herr");
	assert_string_equal(c->full_name, "Herr J\xc3\xbcrgen M\xc3\xbcller");
	assert_string_equal(c->organization, "Caf\xc3\xa9 M\xc3\xbcller GmbH");
	assert_string_equal(c->units.v[0], "Einkauf");
	assert_string_equal(c->title, "Leiter");
	assert_string_equal(c->role, "Koch");
	/* CRLF inside the note is LF; 0x80 is the euro sign. */
	assert_string_equal(c->note, "Preis: 5 \xe2\x82\xac\nZweite Zeile");
	assert_int_equal(c->birthday.year, 1970);
	assert_int_equal(c->birthday.month, 3);
	assert_int_equal(c->birthday.day, 12);
	assert_int_equal(c->anniversary.month, 6);
	assert_int_equal(c->anniversary.day, 1);
	assert_string_equal(c->gender, "M");
	assert_int_equal(c->categories.n, 2);
	assert_string_equal(c->categories.v[1], "VIP");
	assert_int_equal(c->nemails, 3);
	assert_string_equal(c->emails[2].address, "j.mueller@example.net");
	/* Phones in the order of the columns' kinds. */
	assert_int_equal(c->nphones, 10);
	assert_int_equal(c->phones[0].pref, 1);		/* Primary Phone */
	assert_string_equal(c->phones[0].number, "+493055550109");
	assert_int_equal(c->phones[1].features, VOX_TEL_MOBILE);
	assert_int_equal(c->phones[2].contexts, VOX_CTX_WORK);
	assert_int_equal(c->phones[3].contexts, VOX_CTX_HOME);
	assert_int_equal(c->phones[4].features, VOX_TEL_MAIN);
	assert_int_equal(c->phones[5].features, VOX_TEL_FAX);
	assert_int_equal(c->phones[5].contexts, VOX_CTX_WORK);
	assert_int_equal(c->phones[6].features, VOX_TEL_PAGER);
	assert_int_equal(c->phones[7].features, VOX_TEL_TEXTPHONE);
	assert_string_equal(c->phones[8].label, "car");
	/* Other Phone: national, normalised with the plan (DE). */
	assert_string_equal(c->phones[9].raw, "030 5555 0107");
	assert_string_equal(c->phones[9].number, "+493055550107");
	assert_int_equal(c->phones[9].contexts, 0);
	assert_int_equal(c->naddresses, 3);
	assert_string_equal(c->addresses[0].street, "Hauptstra\xc3\x9f" "e 1\nHof 3");
	assert_string_equal(c->addresses[0].pobox, "Postfach 12");
	assert_string_equal(c->addresses[0].country, "Deutschland");
	assert_int_equal(c->addresses[0].contexts, VOX_CTX_WORK);
	assert_int_equal(c->addresses[1].contexts, VOX_CTX_HOME);
	assert_string_equal(c->addresses[2].locality, "Wannsee");
	assert_int_equal(c->addresses[2].contexts, 0);
	assert_int_equal(c->nlinks, 1);
	/* Outlook's defaults are not kept; what is not one is. */
	assert_null(vox_extra_get(&c->extra, "Priority"));
	assert_null(vox_extra_get(&c->extra, "Private"));
	assert_null(vox_extra_get(&c->extra, "E-mail Type"));
	assert_null(vox_extra_get(&c->extra, "E-mail Display Name"));
	assert_string_equal(vox_extra_get(&c->extra, "Sensitivity"), "Private");
	assert_string_equal(vox_extra_get(&c->extra, "E-mail 3 Display Name"),
			    "Privat");
	assert_string_equal(vox_extra_get(&c->extra, "Spouse"), "Anna");
	assert_int_equal(c->source.line, 2);

	c = fx_next(&fx);
	assert_string_equal(c->given, "Ren\xc3\xa9" "e");
	assert_string_equal(c->gender, "F");
	/* 0/0/00 is no date. */
	assert_int_equal(c->birthday.year, 0);
	assert_int_equal(c->birthday.month, 0);
	assert_null(c->birthday.text);
	assert_int_equal(c->nphones, 10);
	assert_int_equal(c->extra.n, 0);
	assert_int_equal(c->source.line, 4);	/* after the note's line */

	c = fx_next(&fx);
	assert_null(c->given);
	assert_string_equal(c->full_name, "Acme Ltd");
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_google_61(void **state)
{
	struct fx fx;
	const struct vox_contact *c;

	(void)state;
	fx_open(&fx, "ok/google-61.csv");
	c = fx_next(&fx);
	assert_string_equal(c->organization, "Acme, Inc.");
	assert_string_equal(c->note, "Met at \"VoIP Expo\"");
	assert_int_equal(c->nphones, 2);
	assert_int_equal(c->phones[0].features, VOX_TEL_MOBILE);
	assert_string_equal(c->addresses[0].region, "IL");
	assert_int_equal(c->links[0].contexts, VOX_CTX_HOME);
	assert_int_equal(c->birthday.year, 1990);
	c = fx_next(&fx);
	assert_string_equal(c->nicknames.v[0], "Bobby");
	assert_string_equal(c->links[0].kind, "impp");
	assert_string_equal(c->links[0].uri, "xmpp:bob@example.org");
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_bom_german(void **state)
{
	struct fx fx;
	const struct vox_contact *c;

	(void)state;
	fx_open(&fx, "ok/bom-trailing-column.csv");
	c = fx_next(&fx);
	assert_string_equal(c->given, "Zo\xc3\xab");
	assert_int_equal(c->birthday.year, 1985);	/* 24.12.1985 */
	assert_int_equal(c->birthday.month, 12);
	c = fx_next(&fx);
	assert_string_equal(c->birthday.text, "--04-01");
	fx_eof(&fx);
	fx_close(&fx);

	fx_open(&fx, "ok/german.csv");
	c = fx_next(&fx);
	assert_string_equal(c->given, "K\xc3\xa4the");
	assert_string_equal(c->prefix, "Frau");
	assert_string_equal(c->organization, "B\xc3\xa4" "ckerei Schr\xc3\xb6" "der");
	assert_int_equal(c->nphones, 2);
	assert_int_equal(c->phones[0].features, VOX_TEL_MOBILE);
	assert_int_equal(c->phones[1].contexts, VOX_CTX_WORK);
	assert_string_equal(c->emails[0].address, "kaethe@example.de");
	assert_int_equal(c->birthday.month, 5);
	assert_int_equal(c->birthday.day, 2);
	assert_int_equal(c->extra.n, 0);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_dates(void **state)
{
	struct fx fx;
	const struct vox_contact *c;

	(void)state;
	fx_text(&fx, "First Name,Mobile Phone,Birthday\r\n"
		"a,,3/12/90\r\n"	/* two digits: not the year 90 */
		"b,,2/30/1990\r\n"	/* no such day */
		"c,,1990-03-12\r\n"
		"d,,12/31/1999\r\n");
	c = fx_next(&fx);
	assert_string_equal(c->birthday.text, "3/12/90");
	c = fx_next(&fx);
	assert_string_equal(c->birthday.text, "2/30/1990");
	c = fx_next(&fx);
	assert_int_equal(c->birthday.day, 12);
	c = fx_next(&fx);
	assert_int_equal(c->birthday.month, 12);
	assert_int_equal(c->birthday.day, 31);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_bad(void **state)
{
	struct fx fx;

	(void)state;
	fx_open(&fx, "bad/truncated.csv");
	fx_error(&fx, VOX_E_DATA, "truncated.csv:2: unterminated quoted");
	fx_close(&fx);

	fx_open(&fx, "bad/no-header.csv");
	fx_error(&fx, VOX_E_IO, "no-header.csv:1: not an Outlook contacts");
	fx_error(&fx, VOX_E_IO, "reading stopped");
	fx_close(&fx);

	fx_open(&fx, "bad/utf16.csv");
	fx_error(&fx, VOX_E_IO, "utf16.csv:1: UTF-16");
	fx_close(&fx);

	fx_open(&fx, "bad/too-many-fields.csv");
	fx_error(&fx, VOX_E_DATA, "too-many-fields.csv:2: 5 fields, the "
		 "header has 4");
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_bid(void **state)
{
	static const char *const no[] = {
		"First Name,Middle Name,Last Name,Labels,E-mail 1 - Value\n",
		"First Name,Last Name,Notes\n",
		"id,given_name,family_name\n",
		"",
	};
	static const char *const yes[] = {
		"\"Title\",\"First Name\",\"Middle Name\",\"Last Name\","
		"\"Suffix\",\"Company\",\"Department\",\"Job Title\"\r\n",
		"First Name,Middle Name,Last Name,Title,Suffix,Nickname,"
		"Given Yomi,Surname Yomi,E-mail Address\n",
		"\xef\xbb\xbf" "First Name,Mobile Phone,E-mail Address,\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_int_equal(SRC->bid((const unsigned char *)no[i],
					  strlen(no[i])), 0);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		const unsigned char *b = (const unsigned char *)yes[i];

		assert_true(SRC->bid(b, strlen(yes[i])) > 0);
		assert_int_equal(vox_source_google_contacts_csv.bid(
			b, strlen(yes[i])), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outlook_92),
		cmocka_unit_test(test_google_61),
		cmocka_unit_test(test_bom_german),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_bid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
