/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_google_contacts_csv_write.c: the google-contacts-csv target
 * (import/google_contacts_csv.c), with contacts made here and contacts
 * read from tests/data/vcard/ok/ by the vcard source.
 */
#include "unit.h"

#include <unistd.h>

#include "record.h"
#include "voxport/source.h"
#include "voxport/target.h"

static char dir[64];

static FILE *create(void *ctx, const char *name, struct vox_error *err)
{
	char path[256];
	FILE *f;

	(void)ctx;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		vox_error_errno(err, VOX_E_IO, name);
	return f;
}

/* The whole of dir/name, NUL-terminated; the file and dir removed. */
static char *take(const char *name, size_t *len)
{
	char path[256];
	char *buf;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	if (len)
		*len = (size_t)n;
	return buf;
}

static void *open_t(const struct vox_target *t, const char *key,
		    const char *value)
{
	static struct vox_target_args args;
	struct vox_error err = VOX_ERROR_INIT;
	void *st;

	memcpy(dir, "csvw.XXXXXX", sizeof("csvw.XXXXXX"));
	assert_non_null(mkdtemp(dir));
	memset(&args, 0, sizeof(args));
	args.create = create;
	st = t->open(&args, &err);
	assert_non_null(st);
	if (key && t->option(st, key, value, &err) != VOX_OK)
		fail_msg("%s=%s: %s", key, value, err.msg);
	return st;
}

static void close_t(const struct vox_target *t, void *st)
{
	struct vox_error err = VOX_ERROR_INIT;

	if (t->close(st, 1, &err) != VOX_OK)
		fail_msg("close: %s", err.msg);
}

/* Every contact of a fixture written to t. */
static void write_fixture(const struct vox_target *t, void *st,
			  const char *fixture)
{
	struct vox_source_args args = { 0 };
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;
	char rel[128];
	FILE *f;
	void *rd;

	snprintf(rel, sizeof(rel), "tests/data/vcard/ok/%s", fixture);
	f = fopen(unit_path(rel), "rb");
	assert_non_null(f);
	args.in = f;
	args.name = fixture;
	rd = vox_source_vcard.open(&args, &err);
	assert_non_null(rd);
	while (vox_source_vcard.next(rd, &rec, &err) == VOX_OK)
		if (t->write(st, rec, &err) != VOX_OK)
			fail_msg("%s: write: %s", fixture, err.msg);
	assert_int_equal(err.code, VOX_E_NONE);
	vox_source_vcard.close(rd);
	fclose(f);
}

static void write_contact(const struct vox_target *t, void *st,
			  const struct vox_contact *c)
{
	struct vox_record rec;
	struct vox_error err = VOX_ERROR_INIT;

	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CONTACT;
	rec.u.contact = *c;
	if (t->write(st, &rec, &err) != VOX_OK)
		fail_msg("write: %s", err.msg);
}

/* Two contacts: the groups grow to the larger; no formula guard. */
static void test_google_bytes(void **state)
{
	const struct vox_target *t = &vox_target_google_contacts_csv;
	struct vox_contact a, b;
	struct vox_phone ph[2] = {
		{ "+447700900123", NULL, VOX_TEL_MOBILE, 0, NULL, 1, NULL },
		{ NULL, "-12 34", 0, VOX_CTX_HOME, NULL, 0, NULL },
	};
	struct vox_email em[2] = {
		{ "ann@example.com", VOX_CTX_WORK, NULL, 0 },
		{ "=1+1@example.com", 0, "Old", 0 },
	};
	const char *cat[2] = { "VIP", "Friends" };
	void *st = open_t(t, NULL, NULL);
	char *got;

	(void)state;
	vox_contact_init(&a);
	a.given = "Ann";
	a.family = "=Lee";
	a.note = "two\nlines, \"quoted\"";
	a.phones = ph;
	a.nphones = 2;
	a.emails = em;
	a.nemails = 1;
	a.categories.v = cat;
	a.categories.n = 2;
	a.birthday.year = 1990;
	a.birthday.month = 3;
	a.birthday.day = 12;
	vox_contact_init(&b);
	b.full_name = "Acme";
	b.organization = "Acme";
	b.emails = em;
	b.nemails = 2;
	b.role = "Supplier";
	write_contact(t, st, &a);
	write_contact(t, st, &b);
	close_t(t, st);
	got = take("contacts.csv", NULL);
	assert_string_equal(got,
		"First Name,Middle Name,Last Name,Phonetic First Name,"
		"Phonetic Middle Name,Phonetic Last Name,Name Prefix,"
		"Name Suffix,Nickname,File As,Organization Name,"
		"Organization Title,Organization Department,Birthday,Notes,"
		"Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,"
		"E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,"
		"Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,"
		"Custom Field 1 - Label,Custom Field 1 - Value\r\n"
		"Ann,,=Lee,,,,,,,,,,,1990-03-12,\"two\nlines, \"\"quoted\"\"\","
		",VIP ::: Friends,Work,ann@example.com,,,* Mobile,"
		"+447700900123,Home,-12 34,,\r\n"
		",,,,,,,,,,Acme,,,,,,,Work,ann@example.com,Old,"
		"=1+1@example.com,,,,,Role,Supplier\r\n");
	free(got);
}

/* Header only, options, losses. */
static void test_empty_and_options(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_target *g = &vox_target_google_contacts_csv;
	void *st;
	char *got;

	(void)state;
	st = open_t(g, "file", "google.csv");
	assert_int_equal(g->option(st, "encoding", "utf-8", &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_USAGE);
	close_t(g, st);
	got = take("google.csv", NULL);
	assert_string_equal(got, "First Name,Middle Name,Last Name,"
			    "Phonetic First Name,Phonetic Middle Name,"
			    "Phonetic Last Name,Name Prefix,Name Suffix,"
			    "Nickname,File As,Organization Name,"
			    "Organization Title,Organization Department,"
			    "Birthday,Notes,Photo,Labels\r\n");
	free(got);
	assert_string_equal(g->losses(NULL)[0].field, "phones.raw");
	assert_string_equal(g->losses(NULL)[1].field, "kind");
}

/* Every fixture's contacts go through without an error. */
static void test_fixtures(void **state)
{
	static const char *const fixtures[] = {
		"agent-21.vcf", "android-21.vcf", "apple-30.vcf", "emoji.vcf",
		"fold-utf8.vcf", "google-30.vcf", "latin1-21.vcf",
		"lf-only.vcf", "lowercase.vcf", "mixed.vcf", "v40.vcf",
	};
	const struct vox_target *t = &vox_target_google_contacts_csv;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		void *st = open_t(t, NULL, NULL);

		write_fixture(t, st, fixtures[i]);
		close_t(t, st);
		free(take("contacts.csv", NULL));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_google_bytes),
		cmocka_unit_test(test_empty_and_options),
		cmocka_unit_test(test_fixtures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
