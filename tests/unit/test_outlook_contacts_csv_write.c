/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_outlook_contacts_csv_write.c: the outlook-contacts-csv target
 * (import/outlook_contacts_csv.c), with contacts made here and contacts
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

/* Outlook: 92 quoted columns, Windows-1252, a contact it cannot hold. */
static void test_outlook_1252(void **state)
{
	const struct vox_target *t = &vox_target_outlook_contacts_csv;
	struct vox_contact a, b;
	struct vox_phone ph[4] = {
		{ "+491701234567", NULL, VOX_TEL_MOBILE, 0, NULL, 1, NULL },
		{ "+491701234568", NULL, VOX_TEL_MOBILE, 0, NULL, 0, NULL },
		{ "+491701234569", NULL, VOX_TEL_MOBILE, 0, NULL, 0, NULL },
		{ "+49301234567", NULL, VOX_TEL_FAX, VOX_CTX_WORK, NULL, 0, NULL },
	};
	struct vox_address ad = { NULL, NULL, "Hauptstra\xC3\x9F" "e 1\nHof 2",
				  "K\xC3\xB6ln", NULL, "50667", "DE", NULL,
				  VOX_CTX_HOME, NULL, 0 };
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_record rec;
	void *st = open_t(t, NULL, NULL);
	char *got, *row;
	size_t len, commas = 0, i;

	(void)state;
	vox_contact_init(&a);
	a.given = "J\xC3\xBCrgen";
	a.family = "M\xC3\xBCller";
	a.phones = ph;
	a.nphones = 4;
	a.addresses = &ad;
	a.naddresses = 1;
	a.birthday.year = 1990;
	a.birthday.month = 3;
	a.birthday.day = 12;
	a.gender = "M";
	write_contact(t, st, &a);
	vox_contact_init(&b);
	b.given = "\xE5\xBC\xA0";
	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CONTACT;
	rec.u.contact = b;
	assert_int_equal(t->write(st, &rec, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_string_equal(err.msg, "\"First Name\" has "
			    "a character Windows-1252 cannot hold (try -O "
			    "encoding=utf-8)");
	close_t(t, st);
	got = take("contacts.csv", &len);
	assert_memory_equal(got, "\"Title\",\"First Name\",\"Middle Name\","
			    "\"Last Name\",", 42);
	row = strstr(got, "\r\n");
	assert_non_null(row);
	for (i = 0; got + i < row; i++)
		commas += got[i] == ',';
	assert_int_equal(commas, 91);
	row += 2;
	assert_memory_equal(row, "\"\",\"J\xFCrgen\",\"\",\"M\xFCller\",", 23);
	assert_non_null(strstr(row, ",\"Hauptstra\xDF" "e 1\",\"Hof 2\",\"\","
			       "\"K\xF6ln\",\"\",\"50667\",\"DE\","));
	/* Business Fax; then three mobiles: Mobile, Other Phone, lost. */
	assert_non_null(strstr(row, ",\"+49301234567\",\"\",\"\",\"\",\"\","));
	assert_non_null(strstr(row, ",\"+491701234567\",\"\","
			       "\"+491701234568\","));
	assert_null(strstr(row, "+491701234569"));
	assert_non_null(strstr(row, ",\"3/12/1990\","));
	assert_non_null(strstr(row, ",\"Male\","));
	/* Only that row. */
	assert_ptr_equal(strstr(row, "\r\n"), got + len - 2);
	free(got);
}

static void test_outlook_utf8(void **state)
{
	const struct vox_target *t = &vox_target_outlook_contacts_csv;
	struct vox_contact b;
	void *st = open_t(t, "encoding", "utf-8");
	char *got;

	(void)state;
	vox_contact_init(&b);
	b.given = "\xE5\xBC\xA0";
	b.note = "a\nb";
	write_contact(t, st, &b);
	close_t(t, st);
	got = take("contacts.csv", NULL);
	assert_memory_equal(got, "\xEF\xBB\xBF\"Title\",", 11);
	assert_non_null(strstr(got, "\r\n\"\",\"\xE5\xBC\xA0\",\"\","));
	assert_non_null(strstr(got, ",\"a\r\nb\","));
	free(got);
}

/* Header only, options, losses. */
static void test_empty_and_options(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_target *o = &vox_target_outlook_contacts_csv;
	void *st;
	char *got;
	size_t len;

	(void)state;
	st = open_t(o, NULL, NULL);
	assert_int_equal(o->option(st, "encoding", "latin-9", &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_USAGE);
	close_t(o, st);
	got = take("contacts.csv", &len);
	assert_memory_equal(got, "\"Title\",", 8);
	assert_memory_equal(got + len - 13, ",\"Web Page\"\r\n", 13);
	free(got);
	assert_string_equal(o->losses(NULL)[4].field, "emails");
	assert_int_equal(o->losses(NULL)[4].keep, 3);
}

/* Every fixture's contacts go through without an error. */
static void test_fixtures(void **state)
{
	static const char *const fixtures[] = {
		"agent-21.vcf", "android-21.vcf", "apple-30.vcf", "emoji.vcf",
		"fold-utf8.vcf", "google-30.vcf", "latin1-21.vcf",
		"lf-only.vcf", "lowercase.vcf", "mixed.vcf", "v40.vcf",
	};
	const struct vox_target *t = &vox_target_outlook_contacts_csv;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		void *st = open_t(t, "encoding", "utf-8");

		write_fixture(t, st, fixtures[i]);
		close_t(t, st);
		free(take("contacts.csv", NULL));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outlook_1252),
		cmocka_unit_test(test_outlook_utf8),
		cmocka_unit_test(test_empty_and_options),
		cmocka_unit_test(test_fixtures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
