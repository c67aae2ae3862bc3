/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vcard_write.c: the vcard target (import/vcard.c) and the
 * vCard 3.0 and 2.1 forms of src/vcard_write.c.
 *
 * Round trip: every tests/data/vcard/ok/ fixture is read with the vcard
 * source, written with the target at each version, read back, and each
 * contact compared with the one it came from as JSContact
 * (src/contact_json.h), after taking out of both what the target's
 * losses() names for that version, where the card was, and a phone's raw
 * form (the source's own spelling of the number, which a writer does not
 * repeat: it writes the number).  Then exact bytes of one contact per
 * version.
 */
#include "unit.h"

#include <jansson.h>
#include <unistd.h>

#include "contact_json.h"
#include "phone.h"
#include "record.h"
#include "record_json.h"
#include "vcard_write.h"
#include "voxport/source.h"
#include "voxport/target.h"

/* ---- the target's create() ---------------------------------------------- */

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

static void make_dir(void)
{
	memcpy(dir, "vcardw.XXXXXX", sizeof("vcardw.XXXXXX"));
	assert_non_null(mkdtemp(dir));
}

/* Remove the file made in dir, then dir. */
static void clean_dir(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* The whole of a file in dir, NUL-terminated. */
static char *slurp(const char *name, size_t *len)
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
	if (len)
		*len = (size_t)n;
	return buf;
}

/* ---- taking out what a version loses ------------------------------------ */

/*
 * The contact without the fields losses names, in c2 (shallow; the phone,
 * e-mail and address arrays copied into the ones given).  A loss this test
 * does not know fails it, so that losses() and the test stay in step.
 */
static void strip(const struct vox_contact *c, struct vox_contact *c2,
		  const struct vox_loss *loss, struct vox_phone *ph,
		  struct vox_email *em, struct vox_address *ad)
{
	size_t i;

	*c2 = *c;
	memset(&c2->source, 0, sizeof(c2->source));
	assert_true(c->nphones <= 16 && c->nemails <= 16 &&
		    c->naddresses <= 16);
	if (c->nphones)
		memcpy(ph, c->phones, c->nphones * sizeof(*ph));
	if (c->nemails)
		memcpy(em, c->emails, c->nemails * sizeof(*em));
	if (c->naddresses)
		memcpy(ad, c->addresses, c->naddresses * sizeof(*ad));
	c2->phones = ph;
	c2->emails = em;
	c2->addresses = ad;
	for (i = 0; i < c->nphones; i++)
		ph[i].raw = NULL;
	for (; loss->field; loss++) {
		const char *f = loss->field;
		size_t k;

		assert_int_equal(loss->kind, VOX_CONTACT);
		if (strcmp(f, "kind") == 0) {
			c2->kind = NULL;
		} else if (strcmp(f, "gender") == 0) {
			c2->gender = NULL;
		} else if (strcmp(f, "anniversary") == 0) {
			memset(&c2->anniversary, 0, sizeof(c2->anniversary));
		} else if (strcmp(f, "birthday.text") == 0) {
			c2->birthday.text = NULL;
		} else if (strcmp(f, "phones.pref") == 0) {
			for (k = 0; k < c->nphones; k++)
				ph[k].pref = 0;
		} else if (strcmp(f, "emails.pref") == 0) {
			for (k = 0; k < c->nemails; k++)
				em[k].pref = 0;
		} else if (strcmp(f, "addresses.pref") == 0) {
			for (k = 0; k < c->naddresses; k++)
				ad[k].pref = 0;
		} else if (strcmp(f, "phones.raw") == 0) {
			/* Taken out above, for every version. */
		} else {
			fail_msg("a loss this test does not know: %s", f);
		}
	}
}

/*
 * 1 while the round trip is through 2.1, which cannot escape ',' in a list:
 * a category "golf, mostly" comes back as "golf" and "mostly".
 */
static int split_categories;

static void split(struct vox_contact *c, const char **v, char (*store)[128])
{
	size_t i, n = 0;

	for (i = 0; i < c->categories.n; i++) {
		const char *s = c->categories.v[i];

		while (*s) {
			size_t len = strcspn(s, ",");
			size_t b = 0;

			while (b < len && s[b] == ' ')
				b++;
			while (len > b && s[len - 1] == ' ')
				len--;
			assert_true(n < 16 && len - b < 128);
			memcpy(store[n], s + b, len - b);
			store[n][len - b] = '\0';
			if (*store[n])
				v[n] = store[n], n++;
			s += strcspn(s, ",");
			if (*s)
				s++;
		}
	}
	c->categories.v = v;
	c->categories.n = n;
}

/* The contact as a line of JSON, without what loss names. */
static char *as_json(const struct vox_contact *c, const struct vox_loss *loss)
{
	struct vox_phone ph[16];
	struct vox_email em[16];
	struct vox_address ad[16];
	struct vox_contact c2;
	const char *cat[16];
	char store[16][128];
	json_t *j;
	char *text;

	strip(c, &c2, loss, ph, em, ad);
	if (split_categories)
		split(&c2, cat, store);
	j = vox_contact_to_json(&c2);
	assert_non_null(j);
	json_object_del(j, "voxport.example:source");
	text = json_dumps(j, VOX_JSON_LINE);
	assert_non_null(text);
	json_decref(j);
	return text;
}

/* ---- reading ------------------------------------------------------------ */

struct cards {
	char *json[64];
	size_t n;
};

/*
 * Read a .vcf: each contact's JSON (without loss) into out, and, when t is
 * given, each record written to t.
 */
static void read_vcf(const char *path, const char *name,
		     const struct vox_loss *loss, struct cards *out,
		     const struct vox_target *t, void *tst)
{
	struct vox_source_args args = { 0 };
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;
	FILE *f = fopen(path, "rb");
	void *st;
	int rc;

	assert_non_null(f);
	args.in = f;
	args.name = name;
	st = vox_source_vcard.open(&args, &err);
	assert_non_null(st);
	out->n = 0;
	while ((rc = vox_source_vcard.next(st, &rec, &err)) == VOX_OK) {
		assert_true(out->n < 64);
		out->json[out->n++] = as_json(&rec->u.contact, loss);
		if (t && t->write(tst, rec, &err) != VOX_OK)
			fail_msg("%s: write: %s", name, err.msg);
	}
	if (rc != VOX_EOF)
		fail_msg("%s: %s", name, err.msg);
	vox_source_vcard.close(st);
	fclose(f);
}

static void cards_free(struct cards *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->json[i]);
	c->n = 0;
}

static void *target_open(const char *version)
{
	static struct vox_target_args args;
	struct vox_error err = VOX_ERROR_INIT;
	void *st;

	memset(&args, 0, sizeof(args));
	args.create = create;
	st = vox_target_vcard.open(&args, &err);
	assert_non_null(st);
	if (version && vox_target_vcard.option(st, "version", version, &err))
		fail_msg("version %s: %s", version, err.msg);
	return st;
}

static void target_close(void *st)
{
	struct vox_error err = VOX_ERROR_INIT;

	if (vox_target_vcard.close(st, 1, &err) != VOX_OK)
		fail_msg("close: %s", err.msg);
}

/* ---- round trip --------------------------------------------------------- */

static const char *const fixtures[] = {
	"agent-21", "android-21", "apple-30", "emoji", "empty", "fold-utf8",
	"google-30", "latin1-21", "lf-only", "lowercase", "mixed", "v40",
};

static void round_trip(const char *version)
{
	size_t i, k;

	make_dir();
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		char rel[128], out[256];
		struct cards a, b;
		void *st = target_open(version);
		const struct vox_loss *loss = vox_target_vcard.losses(st);

		snprintf(rel, sizeof(rel), "tests/data/vcard/ok/%s.vcf",
			 fixtures[i]);
		read_vcf(unit_path(rel), fixtures[i], loss, &a,
			 &vox_target_vcard, st);
		target_close(st);
		snprintf(out, sizeof(out), "%s/contacts.vcf", dir);
		read_vcf(out, "contacts.vcf", loss, &b, NULL, NULL);
		if (a.n != b.n)
			fail_msg("%s at %s: %zu cards, %zu read back",
				 fixtures[i], version, a.n, b.n);
		for (k = 0; k < a.n; k++)
			if (strcmp(a.json[k], b.json[k]) != 0) {
				fprintf(stderr, "%s\n%s\n", a.json[k],
					b.json[k]);
				fail_msg("%s at %s, card %zu:\n%s\nread back:\n"
					 "%s", fixtures[i], version, k + 1,
					 a.json[k], b.json[k]);
			}
		cards_free(&a);
		cards_free(&b);
		assert_int_equal(unlink(out), 0);
	}
	assert_int_equal(rmdir(dir), 0);
}

static void test_round_trip_40(void **state)
{
	(void)state;
	round_trip("4.0");
}

static void test_round_trip_30(void **state)
{
	(void)state;
	round_trip("3.0");
}

static void test_round_trip_21(void **state)
{
	(void)state;
	split_categories = 1;
	round_trip("2.1");
	split_categories = 0;
}

/* ---- exact bytes -------------------------------------------------------- */

/* One contact with a bit of everything the versions write differently. */
static void known(struct vox_contact *c, struct vox_phone *ph,
		  struct vox_email *em, struct vox_address *ad)
{
	static const char *nick[] = { "Jo", "JM" };

	vox_contact_init(c);
	c->kind = "individual";
	c->full_name = "J\xC3\xBCrgen M\xC3\xBCller";
	c->given = "J\xC3\xBCrgen";
	c->family = "M\xC3\xBCller";
	c->nicknames.v = nick;
	c->nicknames.n = 2;
	c->organization = "Acme, Inc.";
	ph[0] = (struct vox_phone){ "+15555550111", "+1 555 555 0111",
				    VOX_TEL_MOBILE, VOX_CTX_WORK, NULL, 1,
				    NULL };
	ph[1] = (struct vox_phone){ "555-0199", "555-0199", 0, 0,
				    "Gate code", 2, NULL };
	c->phones = ph;
	c->nphones = 2;
	em[0] = (struct vox_email){ "jm@example.com", VOX_CTX_HOME, NULL, 1 };
	c->emails = em;
	c->nemails = 1;
	memset(ad, 0, sizeof(*ad));
	ad->street = "Hauptstra\xC3\x9F" "e 1";
	ad->locality = "Berlin";
	ad->country = "DE";
	ad->full = "Hauptstra\xC3\x9F" "e 1\nBerlin";
	ad->contexts = VOX_CTX_HOME;
	c->addresses = ad;
	c->naddresses = 1;
	c->birthday.month = 3;
	c->birthday.day = 12;
	c->anniversary.year = 2010;
	c->anniversary.month = 6;
	c->anniversary.day = 12;
	c->gender = "M";
	c->note = "Line one; line two\nand a third, with a long tail of words";
	c->photo = "data:image/png;base64,iVBORw0KGgo=";
	c->uid = "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1";
}

static void bytes_at(const char *version, const char *want)
{
	struct vox_contact c;
	struct vox_phone ph[2];
	struct vox_email em[1];
	struct vox_address ad[1];
	struct vox_record rec;
	struct vox_error err = VOX_ERROR_INIT;
	void *st;
	char *got;

	known(&c, ph, em, ad);
	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CONTACT;
	rec.u.contact = c;
	make_dir();
	st = target_open(version);
	assert_int_equal(vox_target_vcard.write(st, &rec, &err), VOX_OK);
	target_close(st);
	got = slurp("contacts.vcf", NULL);
	if (strcmp(got, want) != 0)
		fail_msg("version %s wrote:\n%s", version, got);
	free(got);
	clean_dir("contacts.vcf");
}

static void test_bytes_40(void **state)
{
	(void)state;
	bytes_at("4.0",
		 "BEGIN:VCARD\r\n"
		 "VERSION:4.0\r\n"
		 "KIND:individual\r\n"
		 "FN:J\xC3\xBCrgen M\xC3\xBCller\r\n"
		 "N:M\xC3\xBCller;J\xC3\xBCrgen;;;\r\n"
		 "NICKNAME:Jo,JM\r\n"
		 "ORG:Acme\\, Inc.\r\n"
		 "TEL;VALUE=uri;TYPE=cell,work;PREF=1:tel:+15555550111\r\n"
		 "item1.TEL;PREF=2:555-0199\r\n"
		 "item1.X-ABLabel:Gate code\r\n"
		 "EMAIL;TYPE=home;PREF=1:jm@example.com\r\n"
		 "ADR;TYPE=home;LABEL=\"Hauptstra\xC3\x9F" "e 1^nBerlin\":;;"
		 "Hauptstra\xC3\x9F" "e 1;Berlin;;;DE\r\n"
		 "BDAY:--0312\r\n"
		 "ANNIVERSARY:20100612\r\n"
		 "GENDER:M\r\n"
		 "NOTE:Line one\\; line two\\nand a third\\, with a long tail "
		 "of words\r\n"
		 "PHOTO:data:image/png;base64,iVBORw0KGgo=\r\n"
		 "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"
		 "END:VCARD\r\n");
}

static void test_bytes_30(void **state)
{
	(void)state;
	bytes_at("3.0",
		 "BEGIN:VCARD\r\n"
		 "VERSION:3.0\r\n"
		 "FN:J\xC3\xBCrgen M\xC3\xBCller\r\n"
		 "N:M\xC3\xBCller;J\xC3\xBCrgen;;;\r\n"
		 "NICKNAME:Jo,JM\r\n"
		 "ORG:Acme\\, Inc.\r\n"
		 "TEL;TYPE=cell,work,pref:+15555550111\r\n"
		 "item1.TEL:555-0199\r\n"
		 "item1.X-ABLabel:Gate code\r\n"
		 "EMAIL;TYPE=internet,home,pref:jm@example.com\r\n"
		 "item2.ADR;TYPE=home:;;Hauptstra\xC3\x9F" "e 1;Berlin;;;DE\r\n"
		 "item2.LABEL;TYPE=home:Hauptstra\xC3\x9F" "e 1\\nBerlin\r\n"
		 "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-12\r\n"
		 "NOTE:Line one\\; line two\\nand a third\\, with a long tail "
		 "of words\r\n"
		 "PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgo=\r\n"
		 "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"
		 "END:VCARD\r\n");
}

static void test_bytes_21(void **state)
{
	(void)state;
	bytes_at("2.1",
		 "BEGIN:VCARD\r\n"
		 "VERSION:2.1\r\n"
		 "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen "
		 "M=C3=BCller\r\n"
		 "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;"
		 "J=C3=BCrgen;;;\r\n"
		 "NICKNAME:Jo\r\n"
		 "NICKNAME:JM\r\n"
		 "ORG:Acme, Inc.\r\n"
		 "TEL;CELL;WORK;PREF:+15555550111\r\n"
		 "item1.TEL:555-0199\r\n"
		 "item1.X-ABLabel:Gate code\r\n"
		 "EMAIL;INTERNET;HOME;PREF:jm@example.com\r\n"
		 "item2.ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;"
		 "Hauptstra=C3=9Fe 1=\r\n"
		 ";Berlin;;;DE\r\n"
		 "item2.LABEL;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
		 "Hauptstra=C3=9Fe 1=\r\n"
		 "=0D=0ABerlin\r\n"
		 "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-12\r\n"
		 "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Line one\\; "
		 "line two=0D=0Aand a=\r\n"
		 "=20third, with a long tail of words\r\n"
		 "PHOTO;ENCODING=BASE64;PNG:iVBORw0KGgo=\r\n"
		 "\r\n"
		 "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"
		 "END:VCARD\r\n");
}

/* Options, losses per version, and a card that cannot be written. */
static void test_options(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_vcard_prop bad = { NULL, "X BAD", NULL, "v" };
	struct vox_record rec;
	const struct vox_loss *l;
	void *st;
	char *got;
	size_t len;

	(void)state;
	/* 4.0 loses only a number's spelling (written as tel:+E.164). */
	assert_string_equal(vox_target_vcard.losses(NULL)[0].field,
			    "phones.raw");
	assert_null(vox_target_vcard.losses(NULL)[1].field);
	make_dir();
	st = target_open(NULL);
	assert_int_equal(vox_target_vcard.option(st, "version", "5.0", &err),
			 VOX_ERR);
	assert_int_equal(err.code, VOX_E_USAGE);
	assert_string_equal(err.msg, "version \"5.0\": not 4.0, 3.0 or 2.1");
	assert_int_equal(vox_target_vcard.option(st, "colour", "red", &err),
			 VOX_ERR);
	assert_int_equal(vox_target_vcard.option(st, "file", "book.vcf",
						 &err), VOX_OK);
	assert_int_equal(vox_target_vcard.option(st, "version", "2.1", &err),
			 VOX_OK);
	l = vox_target_vcard.losses(st);
	assert_string_equal(l[0].field, "kind");
	assert_string_equal(l[0].why, "vCard 2.1 has no KIND");
	/* A contact that cannot be written leaves nothing of itself. */
	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CONTACT;
	vox_contact_init(&rec.u.contact);
	rec.u.contact.full_name = "Ann";
	rec.u.contact.props = &bad;
	rec.u.contact.nprops = 1;
	assert_int_equal(vox_target_vcard.write(st, &rec, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	rec.u.contact.nprops = 0;
	assert_int_equal(vox_target_vcard.write(st, &rec, &err), VOX_OK);
	target_close(st);
	got = slurp("book.vcf", &len);
	assert_string_equal(got, "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann\r\n"
			    "N:;;;;\r\nEND:VCARD\r\n");
	free(got);
	clean_dir("book.vcf");
}

/* A photo's forms per version, and the same URI read back. */
static void test_photos(void **state)
{
	static const struct {
		const char *version, *uri, *line;
	} tab[] = {
		{ "3.0", "data:image/svg+xml;base64,PHN2Zz4=",
		  "PHOTO;ENCODING=b;TYPE=image/svg+xml:PHN2Zz4=\r\n" },
		{ "2.1", "data:image/svg+xml;base64,PHN2Zz4=",
		  "PHOTO;ENCODING=BASE64;TYPE=image/svg+xml:PHN2Zz4=\r\n\r\n" },
		{ "3.0", "https://example.com/a.jpg",
		  "PHOTO;VALUE=uri:https://example.com/a.jpg\r\n" },
		{ "2.1", "https://example.com/a.jpg",
		  "PHOTO;VALUE=URL:https://example.com/a.jpg\r\n" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct vox_error err = VOX_ERROR_INIT;
		struct vox_source_args args = { 0 };
		const struct vox_record *back;
		struct vox_record rec;
		void *st, *rd;
		char *got;
		size_t len;
		FILE *f;

		memset(&rec, 0, sizeof(rec));
		rec.kind = VOX_CONTACT;
		vox_contact_init(&rec.u.contact);
		rec.u.contact.full_name = "Pic";
		rec.u.contact.photo = tab[i].uri;
		make_dir();
		st = target_open(tab[i].version);
		assert_int_equal(vox_target_vcard.write(st, &rec, &err), VOX_OK);
		target_close(st);
		got = slurp("contacts.vcf", &len);
		if (!strstr(got, tab[i].line))
			fail_msg("%s %s:\n%s", tab[i].version, tab[i].uri, got);
		f = fmemopen(got, len, "rb");
		assert_non_null(f);
		args.in = f;
		args.name = "contacts.vcf";
		rd = vox_source_vcard.open(&args, &err);
		assert_non_null(rd);
		assert_int_equal(vox_source_vcard.next(rd, &back, &err), VOX_OK);
		assert_string_equal(back->u.contact.photo, tab[i].uri);
		vox_source_vcard.close(rd);
		fclose(f);
		free(got);
		clean_dir("contacts.vcf");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_40),
		cmocka_unit_test(test_round_trip_30),
		cmocka_unit_test(test_round_trip_21),
		cmocka_unit_test(test_bytes_40),
		cmocka_unit_test(test_bytes_30),
		cmocka_unit_test(test_bytes_21),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_photos),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

