/* SPDX-License-Identifier: Apache-2.0 */
/* test_google_contacts_csv.c: the Google Contacts CSV reader. */
#include "unit.h"

#include "phone.h"
#include "record.h"
#include "timeconv.h"
#include "voxport/source.h"

#define SRC (&vox_source_google_contacts_csv)
#define DATA "tests/data/google-contacts-csv/"

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
	assert_int_equal(vox_phone_plan_for_country("US", &fx->plan), VOX_OK);
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
			    "google-contacts-csv");
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

static void test_new_layout(void **state)
{
	struct fx fx;
	const struct vox_contact *c;

	(void)state;
	fx_open(&fx, "ok/new-layout.csv");
	c = fx_next(&fx);
	assert_string_equal(c->given, "Alice");
	assert_string_equal(c->family, "Smith");
	assert_string_equal(c->full_name, "Alice Smith");
	assert_string_equal(c->organization, "Acme, Inc.");
	assert_string_equal(c->title, "Manager");
	assert_int_equal(c->units.n, 1);
	assert_string_equal(c->units.v[0], "Sales");
	assert_int_equal(c->birthday.year, 1990);
	assert_int_equal(c->birthday.month, 3);
	assert_int_equal(c->birthday.day, 12);
	assert_string_equal(c->note, "Met at \"VoIP Expo\"");
	/* "* myContacts ::: * starred ::: Customers" */
	assert_int_equal(c->categories.n, 3);
	assert_string_equal(c->categories.v[0], "myContacts");
	assert_string_equal(c->categories.v[1], "starred");
	assert_string_equal(c->categories.v[2], "Customers");
	assert_int_equal(c->nemails, 1);
	assert_string_equal(c->emails[0].address, "alice@acme.example");
	assert_int_equal(c->emails[0].contexts, VOX_CTX_WORK);
	assert_int_equal(c->emails[0].pref, 1);
	/* Mobile, then one Work cell holding two numbers. */
	assert_int_equal(c->nphones, 3);
	assert_int_equal(c->phones[0].features, VOX_TEL_MOBILE);
	assert_string_equal(c->phones[0].raw, "+1 555-555-0111");
	assert_string_equal(c->phones[0].number, "+15555550111");
	assert_string_equal(c->phones[1].number, "+15555550100");
	assert_string_equal(c->phones[2].number, "+15555550101");
	assert_int_equal(c->phones[1].contexts, VOX_CTX_WORK);
	assert_int_equal(c->phones[2].contexts, VOX_CTX_WORK);
	/* The quoted Formatted cell with CRLF inside. */
	assert_int_equal(c->naddresses, 1);
	assert_string_equal(c->addresses[0].full,
			    "1 Main St\nSpringfield, IL 62701\nUSA");
	assert_string_equal(c->addresses[0].street, "1 Main St");
	assert_string_equal(c->addresses[0].locality, "Springfield");
	assert_string_equal(c->addresses[0].region, "IL");
	assert_string_equal(c->addresses[0].postcode, "62701");
	assert_string_equal(c->addresses[0].country, "USA");
	assert_null(c->addresses[0].extended);
	assert_int_equal(c->addresses[0].contexts, VOX_CTX_WORK);
	assert_int_equal(c->source.line, 2);

	c = fx_next(&fx);
	assert_string_equal(c->full_name, "Bob Jones");
	assert_int_equal(c->nicknames.n, 1);
	assert_string_equal(c->nicknames.v[0], "Bobby");
	/* --07-04: no year. */
	assert_int_equal(c->birthday.year, 0);
	assert_int_equal(c->birthday.month, 7);
	assert_int_equal(c->birthday.day, 4);
	assert_int_equal(c->nphones, 1);
	assert_int_equal(c->phones[0].contexts, VOX_CTX_HOME);
	assert_int_equal(c->naddresses, 0);
	assert_int_equal(c->source.line, 5);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_old_layout(void **state)
{
	struct fx fx;
	const struct vox_contact *c;

	(void)state;
	fx_open(&fx, "ok/old-layout.csv");
	c = fx_next(&fx);
	assert_string_equal(c->full_name, "Dr Carol Okafor PhD");
	assert_string_equal(c->prefix, "Dr");
	assert_string_equal(c->given, "Carol");
	assert_string_equal(c->additional, "Ngozi");
	assert_string_equal(c->family, "Okafor");
	assert_string_equal(c->suffix, "PhD");
	assert_string_equal(c->gender, "F");
	assert_string_equal(c->organization, "Acme Ltd");
	assert_string_equal(c->title, "Account Manager");
	assert_string_equal(c->role, "Keeps the big accounts");
	assert_string_equal(c->units.v[0], "Sales");
	assert_int_equal(c->categories.n, 2);
	assert_string_equal(c->categories.v[0], "My Contacts");
	assert_string_equal(c->categories.v[1], "Friends");
	/* "* Home" and "Work" in the E-mail N - Type columns. */
	assert_int_equal(c->nemails, 2);
	assert_int_equal(c->emails[0].contexts, VOX_CTX_HOME);
	assert_int_equal(c->emails[0].pref, 1);
	assert_int_equal(c->emails[1].contexts, VOX_CTX_WORK);
	assert_int_equal(c->nphones, 2);
	assert_int_equal(c->phones[1].features, VOX_TEL_FAX);
	assert_int_equal(c->phones[1].contexts, VOX_CTX_WORK);
	assert_string_equal(c->addresses[0].extended, "Flat 2");
	assert_int_equal(c->nlinks, 1);
	assert_string_equal(c->links[0].label, "Home Page");
	assert_string_equal(vox_extra_get(&c->extra, "Hobby"), "Chess");
	assert_string_equal(vox_extra_get(&c->extra,
					  "Organization 1 - Symbol"), "ACME");
	c = fx_next(&fx);
	assert_string_equal(c->full_name, "Dave");
	assert_int_equal(c->phones[0].features, VOX_TEL_MAIN);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_many_groups(void **state)
{
	static const struct {
		unsigned features, contexts;
		const char *label;
		int pref;
	} want[12] = {
		{ VOX_TEL_MOBILE, 0, NULL, 1 },
		{ 0, VOX_CTX_WORK, NULL, 0 },
		{ 0, VOX_CTX_HOME, NULL, 0 },
		{ VOX_TEL_MAIN, 0, NULL, 0 },
		{ VOX_TEL_FAX, VOX_CTX_WORK, NULL, 0 },
		{ VOX_TEL_FAX, VOX_CTX_HOME, NULL, 0 },
		{ VOX_TEL_PAGER, 0, NULL, 0 },
		{ 0, VOX_CTX_OTHER, NULL, 0 },
		{ 0, 0, "Google Voice", 0 },
		{ VOX_TEL_MOBILE, VOX_CTX_WORK, NULL, 0 },
		{ 0, 0, "iPhone", 0 },
		{ 0, 0, NULL, 0 },
	};
	struct fx fx;
	const struct vox_contact *c;
	size_t i;

	(void)state;
	fx_open(&fx, "ok/many-groups.csv");
	c = fx_next(&fx);
	assert_string_equal(c->full_name, "Erin Lee (ACME)");	/* File As */
	assert_int_equal(c->nicknames.n, 2);
	assert_string_equal(c->nicknames.v[1], "Ez");
	assert_string_equal(c->photo, "https://example.org/erin.jpg");
	/* 1979-02-29 is no date: kept as text. */
	assert_string_equal(c->birthday.text, "1979-02-29");
	assert_int_equal(c->birthday.month, 0);
	assert_int_equal(c->nphones, 12);
	for (i = 0; i < 12; i++) {
		assert_int_equal(c->phones[i].features, want[i].features);
		assert_int_equal(c->phones[i].contexts, want[i].contexts);
		assert_int_equal(c->phones[i].pref, want[i].pref);
		if (want[i].label)
			assert_string_equal(c->phones[i].label, want[i].label);
		else
			assert_null(c->phones[i].label);
	}
	assert_int_equal(c->naddresses, 2);
	assert_string_equal(c->addresses[0].pobox, "PO Box 7");
	assert_int_equal(c->addresses[0].pref, 1);
	assert_string_equal(c->addresses[1].full, "ACME\nLab 4");
	assert_int_equal(c->nlinks, 2);
	assert_string_equal(c->links[0].kind, "url");
	assert_string_equal(c->links[0].label, "Blog");
	assert_string_equal(c->links[1].kind, "impp");
	assert_string_equal(c->links[1].label, "Skype");
	assert_int_equal(c->anniversary.year, 2004);
	assert_string_equal(c->role, "Sponsor");
	assert_string_equal(vox_extra_get(&c->extra, "Event - Graduation"),
			    "2001-05-30");
	assert_string_equal(vox_extra_get(&c->extra, "Relation - Spouse"),
			    "Sam Lee");
	assert_string_equal(vox_extra_get(&c->extra,
					  "Custom Field - Shoe size"), "9");
	assert_string_equal(vox_extra_get(&c->extra, "Phonetic First Name"),
			    "Ee-rin");
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_bom_trailing_column(void **state)
{
	struct fx fx;
	const struct vox_contact *c;

	(void)state;
	fx_open(&fx, "ok/bom-trailing-column.csv");
	c = fx_next(&fx);
	assert_string_equal(c->given, "Zo\xc3\xab");	/* the BOM is not in it */
	assert_string_equal(c->family, "N\xc3\xad Bhriain");
	assert_int_equal(c->phones[0].features, VOX_TEL_MOBILE);
	c = fx_next(&fx);
	assert_string_equal(c->full_name, "Frank");
	assert_int_equal(c->nphones, 0);
	fx_eof(&fx);
	fx_close(&fx);
}

/* Rows with and without the header's trailing empty column; 1252 text. */
static void test_inline(void **state)
{
	struct fx fx;
	const struct vox_contact *c;

	(void)state;
	fx_text(&fx, "First Name,Last Name,Labels\n"
		"J\xfcrgen,M\xfcller,\n"	/* Windows-1252 */
		"\"Acme\",,* starred,\n"	/* one empty field more */
		"\n"
		"Org,,\"a ::: b ::: a\"\n");
	c = fx_next(&fx);
	assert_string_equal(c->given, "J\xc3\xbcrgen");
	assert_string_equal(c->full_name, "J\xc3\xbcrgen M\xc3\xbcller");
	c = fx_next(&fx);
	assert_string_equal(c->categories.v[0], "starred");
	c = fx_next(&fx);
	/* Keywords are a set. */
	assert_int_equal(c->categories.n, 2);
	fx_eof(&fx);
	fx_close(&fx);

	/* The header's trailing empty column, and rows with or without it. */
	fx_text(&fx, "First Name,Labels,\r\nA,x,\r\nB,y\r\nC\r\n");
	c = fx_next(&fx);
	assert_string_equal(c->given, "A");
	c = fx_next(&fx);
	assert_string_equal(c->categories.v[0], "y");
	fx_error(&fx, VOX_E_DATA, "t.csv:4: 1 fields, the header has 3");
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_bad(void **state)
{
	struct fx fx;
	const struct vox_contact *c;

	(void)state;
	fx_open(&fx, "bad/truncated.csv");
	fx_error(&fx, VOX_E_DATA, "truncated.csv:2: unterminated quoted");
	fx_close(&fx);

	fx_open(&fx, "bad/no-header.csv");
	fx_error(&fx, VOX_E_IO, "no-header.csv:1: not a Google Contacts");
	/* Nothing is read after a header that is not one. */
	fx_error(&fx, VOX_E_IO, "reading stopped");
	fx_close(&fx);

	fx_open(&fx, "bad/utf16.csv");
	fx_error(&fx, VOX_E_IO, "utf16.csv:1: UTF-16");
	fx_close(&fx);

	/* The bad row is skipped; the next one reads. */
	fx_open(&fx, "bad/too-many-fields.csv");
	fx_error(&fx, VOX_E_DATA, "too-many-fields.csv:2: 5 fields, the "
		 "header has 4");
	c = fx_next(&fx);
	assert_string_equal(c->full_name, "Bob Jones");
	fx_eof(&fx);
	fx_close(&fx);

	fx_text(&fx, "First Name,Last Name,Labels\nA,B\n");
	fx_error(&fx, VOX_E_DATA, "t.csv:2: 2 fields, the header has 3");
	fx_close(&fx);

	/* UTF-16 without a BOM: NUL bytes in the header. */
	{
		static const char u16[] = "F\0i\0r\0s\0t\0 \0N\0a\0m\0e\0,\0"
					  "L\0a\0b\0e\0l\0s\0\n\0";
		FILE *f = tmpfile();

		assert_int_equal(fwrite(u16, 1, sizeof(u16) - 1, f),
				 sizeof(u16) - 1);
		rewind(f);
		fx_open_file(&fx, f, "u.csv");
		fx_error(&fx, VOX_E_IO, "u.csv:1: a NUL byte in the header");
		fx_close(&fx);
	}
}

static void test_bid(void **state)
{
	static const char *const no[] = {
		"First Name,Last Name,E-mail Address,Mobile Phone\n",
		"id,given_name,family_name\n",
		"\"\",\"1001\",\"1002\",\"from-internal\"\n",
		"First Name,Last Name\n",
		"",
	};
	static const char *const yes[] = {
		"First Name,Middle Name,Last Name,Labels,E-mail 1 - Label,"
		"E-mail 1 - Value\n",
		"Name,Given Name,Family Name,Group Membership\n",
		"\xef\xbb\xbf\"First Name\",Labels,Phone 1 - Label,\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_int_equal(SRC->bid((const unsigned char *)no[i],
					  strlen(no[i])), 0);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		const unsigned char *b = (const unsigned char *)yes[i];

		assert_true(SRC->bid(b, strlen(yes[i])) > 0);
		/* And the Outlook reader does not want it. */
		assert_int_equal(vox_source_outlook_contacts_csv.bid(
			b, strlen(yes[i])), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_layout),
		cmocka_unit_test(test_old_layout),
		cmocka_unit_test(test_many_groups),
		cmocka_unit_test(test_bom_trailing_column),
		cmocka_unit_test(test_inline),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_bid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
