/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vcard.c: the vcard source (export/vcard.c), the vCard 4.0 writer
 * (src/vcard_write.c) and the JSContact form (src/contact_json.c).
 * Fixtures: tests/data/vcard/ (see its README.md).
 */
#include "unit.h"

#include <jansson.h>

#include "contact_json.h"
#include "phone.h"
#include "record.h"
#include "record_json.h"
#include "vcard_write.h"
#include "voxport/source.h"

/* ---- reading helpers -------------------------------------------------- */

struct rd {
	FILE *f;
	void *st;
	struct vox_error err;
	struct vox_phone_plan plan;
};

static void rd_stream(struct rd *r, FILE *f, const char *name,
		      const char *country)
{
	struct vox_source_args args = { 0 };

	memset(r, 0, sizeof(*r));
	assert_non_null(f);
	r->f = f;
	args.in = f;
	args.name = name;
	if (country) {
		assert_int_equal(vox_phone_plan_for_country(country, &r->plan),
				 VOX_OK);
		args.plan = &r->plan;
	}
	r->st = vox_source_vcard.open(&args, &r->err);
	assert_non_null(r->st);
}

static void rd_open(struct rd *r, const char *fixture, const char *country)
{
	char rel[256];
	const char *slash;

	snprintf(rel, sizeof(rel), "tests/data/vcard/%s", fixture);
	slash = strrchr(fixture, '/');
	rd_stream(r, fopen(unit_path(rel), "rb"), slash ? slash + 1 : fixture,
		  country);
}

static const struct vox_contact *rd_next(struct rd *r)
{
	const struct vox_record *rec = NULL;
	int st = vox_source_vcard.next(r->st, &rec, &r->err);

	if (st != VOX_OK)
		fail_msg("next: %d %s", st, r->err.msg);
	assert_int_equal(rec->kind, VOX_CONTACT);
	return &rec->u.contact;
}

static void rd_eof(struct rd *r)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(vox_source_vcard.next(r->st, &rec, &r->err), VOX_EOF);
}

/* The next call fails with this code and message. */
static void rd_fails(struct rd *r, int code, const char *msg)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(vox_source_vcard.next(r->st, &rec, &r->err), VOX_ERR);
	assert_int_equal(r->err.code, code);
	assert_string_equal(r->err.msg, msg);
}

static void rd_close(struct rd *r)
{
	vox_source_vcard.close(r->st);
	fclose(r->f);
}

/* props[i] of c has this group, name, params and value. */
static void assert_prop(const struct vox_contact *c, const char *group,
			const char *name, const char *params,
			const char *value)
{
	size_t i;

	for (i = 0; i < c->nprops; i++) {
		const struct vox_vcard_prop *p = &c->props[i];

		if (strcmp(p->name, name) != 0 ||
		    (group && (!p->group || strcmp(p->group, group) != 0)))
			continue;
		if (params)
			assert_string_equal(p->params ? p->params : "",
					    params);
		assert_string_equal(p->value, value);
		return;
	}
	fail_msg("no prop %s", name);
}

static int has_prop(const struct vox_contact *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nprops; i++)
		if (strcmp(c->props[i].name, name) == 0)
			return 1;
	return 0;
}

static const char JPEG_B64[] =
	"/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEj"
	"JR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/wAALCAAB"
	"AAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAA"
	"AAD/2gAIAQEAAD8AP//Z";

static void assert_jpeg(const char *photo)
{
	assert_non_null(photo);
	assert_int_equal(strncmp(photo, "data:image/jpeg;base64,", 23), 0);
	assert_string_equal(photo + 23, JPEG_B64);
}

/* ---- ok/ fixtures, field by field -------------------------------------- */

static void test_apple(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	rd_open(&r, "ok/apple-30.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->source.format, "vcard");
	assert_string_equal(c->source.file, "apple-30.vcf");
	assert_int_equal(c->source.line, 1);
	assert_string_equal(c->full_name, "Alice Smith");
	assert_string_equal(c->family, "Smith");
	assert_string_equal(c->given, "Alice");
	assert_string_equal(c->additional, "Jane");
	assert_string_equal(c->prefix, "Dr.");
	assert_null(c->suffix);
	assert_string_equal(c->organization, "Acme, Inc.");
	assert_int_equal(c->units.n, 2);
	assert_string_equal(c->units.v[0], "Sales");
	assert_string_equal(c->units.v[1], "East");
	assert_string_equal(c->title, "Manager");

	assert_int_equal(c->nemails, 2);
	assert_string_equal(c->emails[0].address, "alice@acme.example");
	assert_int_equal(c->emails[0].contexts, VOX_CTX_WORK);
	assert_int_equal(c->emails[0].pref, 1);
	assert_null(c->emails[0].label);
	assert_int_equal(c->emails[1].contexts, VOX_CTX_HOME);
	assert_int_equal(c->emails[1].pref, 0);

	assert_int_equal(c->nphones, 6);
	assert_string_equal(c->phones[0].raw, "+1 (555) 555-0111");
	assert_string_equal(c->phones[0].number, "+15555550111");
	assert_int_equal(c->phones[0].features,
			 VOX_TEL_MOBILE | VOX_TEL_VOICE);
	assert_int_equal(c->phones[0].pref, 1);
	assert_int_equal(c->phones[1].contexts, VOX_CTX_WORK);
	assert_int_equal(c->phones[1].features, VOX_TEL_VOICE);
	/* type=IPHONE */
	assert_int_equal(c->phones[2].features,
			 VOX_TEL_MOBILE | VOX_TEL_VOICE);
	assert_string_equal(c->phones[2].label, "iPhone");
	/* item1: a custom label */
	assert_string_equal(c->phones[3].raw, "+1 555-555-0199");
	assert_string_equal(c->phones[3].label, "Gate code");
	assert_int_equal(c->phones[3].features, 0);
	/* item2 _$!<HomeFAX>!$_, item3 _$!<Main>!$_: no text labels */
	assert_null(c->phones[4].label);
	assert_int_equal(c->phones[4].features, VOX_TEL_FAX);
	assert_int_equal(c->phones[4].contexts, VOX_CTX_HOME);
	assert_null(c->phones[5].label);
	assert_int_equal(c->phones[5].features, VOX_TEL_MAIN);

	assert_int_equal(c->naddresses, 1);
	assert_null(c->addresses[0].pobox);
	assert_string_equal(c->addresses[0].street, "1 Main St");
	assert_string_equal(c->addresses[0].locality, "Springfield");
	assert_string_equal(c->addresses[0].region, "IL");
	assert_string_equal(c->addresses[0].postcode, "62701");
	assert_string_equal(c->addresses[0].country, "USA");
	assert_int_equal(c->addresses[0].contexts, VOX_CTX_WORK);
	assert_int_equal(c->addresses[0].pref, 1);

	assert_int_equal(c->nlinks, 3);
	assert_string_equal(c->links[0].uri, "http://www.acme.example/");
	assert_string_equal(c->links[0].kind, "url");
	assert_null(c->links[0].label);	/* _$!<HomePage>!$_: a URL */
	assert_string_equal(c->links[1].uri, "skype:alice.smith.example");
	assert_string_equal(c->links[1].kind, "impp");
	assert_string_equal(c->links[1].label, "Skype");
	assert_int_equal(c->links[1].contexts, VOX_CTX_HOME);
	assert_string_equal(c->links[2].kind, "social");
	assert_string_equal(c->links[2].label, "twitter");

	assert_string_equal(c->note, "Met at \"VoIP Expo\"\nPrefers SMS");
	/* X-APPLE-OMIT-YEAR=1604 */
	assert_int_equal(c->birthday.year, 0);
	assert_int_equal(c->birthday.month, 3);
	assert_int_equal(c->birthday.day, 12);
	/* X-ABDATE labelled _$!<Anniversary>!$_ */
	assert_int_equal(c->anniversary.year, 2004);
	assert_int_equal(c->anniversary.month, 8);
	assert_int_equal(c->anniversary.day, 7);
	assert_jpeg(c->photo);
	assert_null(c->kind);

	/*
	 * Unmapped: kept with their groups; PRODID and used labels gone.
	 * The spouse is a 4.0 RELATED.
	 */
	assert_int_equal(c->nprops, 3);
	assert_prop(c, "item4", "X-ABADR", "", "us");
	assert_prop(c, NULL, "RELATED", "VALUE=text;TYPE=spouse", "Bob Smith");
	assert_false(has_prop(c, "X-ABRELATEDNAMES"));
	assert_false(has_prop(c, "X-ABLABEL"));
	assert_prop(c, NULL, "X-ABUID", "",
		    "5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson");
	assert_false(has_prop(c, "PRODID"));

	c = rd_next(&r);
	assert_int_equal(c->source.line, 37);
	assert_string_equal(c->kind, "org");	/* X-ABShowAs:COMPANY */
	assert_string_equal(c->full_name, "Acme Widgets");
	assert_string_equal(c->organization, "Acme Widgets");
	assert_int_equal(c->units.n, 0);
	assert_null(c->family);
	assert_int_equal(c->phones[0].features, VOX_TEL_FAX);
	assert_int_equal(c->phones[0].contexts, VOX_CTX_WORK);
	assert_int_equal(c->phones[0].pref, 1);
	assert_string_equal(c->emails[0].label, "Orders");
	assert_int_equal(c->nprops, 0);
	rd_eof(&r);
	rd_close(&r);
}

static void test_google(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	rd_open(&r, "ok/google-30.vcf", "US");
	c = rd_next(&r);
	assert_string_equal(c->full_name, "Carol Danvers");
	assert_int_equal(c->nemails, 2);
	assert_int_equal(c->emails[1].contexts, 0);	/* INTERNET only */
	assert_null(c->emails[1].label);
	/* With a US plan national numbers normalise too. */
	assert_string_equal(c->phones[0].raw, "(555) 555-0142");
	assert_string_equal(c->phones[0].number, "+15555550142");
	assert_int_equal(c->phones[0].features, VOX_TEL_MOBILE);
	assert_string_equal(c->phones[2].raw, "555-0199");
	assert_string_equal(c->phones[2].label, "Hangar");
	assert_string_equal(c->addresses[0].street, "42 Elm St");
	assert_int_equal(c->addresses[0].contexts, VOX_CTX_HOME);
	assert_int_equal(c->birthday.year, 1968);
	assert_int_equal(c->birthday.month, 3);
	assert_int_equal(c->birthday.day, 12);
	assert_string_equal(c->links[0].uri, "https://carol.example/blog");
	assert_string_equal(c->links[0].label, "blog");
	assert_int_equal(c->categories.n, 2);
	assert_string_equal(c->categories.v[0], "myContacts");
	assert_string_equal(c->categories.v[1], "Friends");
	assert_string_equal(c->note, "Likes cats, and planes; dogs too");
	assert_int_equal(c->nprops, 0);
	c = rd_next(&r);
	assert_string_equal(c->full_name, "Dave Lister");
	assert_string_equal(c->phones[0].number, "+445555550101");
	assert_int_equal(c->phones[0].pref, 1);
	assert_int_equal(c->birthday.year, 0);	/* --03-15 */
	assert_int_equal(c->birthday.month, 3);
	assert_int_equal(c->birthday.day, 15);
	rd_eof(&r);
	rd_close(&r);
}

static void test_android(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	rd_open(&r, "ok/android-21.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->full_name, "\xE5\xBC\xA0\xE4\xB8\x89");
	assert_string_equal(c->family, "\xE5\xBC\xA0");
	assert_string_equal(c->given, "\xE4\xB8\x89");
	assert_int_equal(c->nphones, 4);
	/* TEL;CELL;VOICE: bare words */
	assert_int_equal(c->phones[0].features,
			 VOX_TEL_MOBILE | VOX_TEL_VOICE);
	assert_string_equal(c->phones[0].number, "+15555550150");
	assert_string_equal(c->phones[1].raw, "555-0151");
	assert_string_equal(c->phones[1].number, "555-0151");
	assert_int_equal(c->phones[1].contexts, VOX_CTX_HOME);
	assert_int_equal(c->phones[2].features, VOX_TEL_FAX);
	assert_int_equal(c->phones[2].contexts, VOX_CTX_WORK);
	assert_string_equal(c->phones[3].label, "Gate");	/* TEL;X-Gate */
	assert_string_equal(c->emails[0].address, "zhang@home.example");
	assert_string_equal(c->addresses[0].street,
			    "\xE5\x8C\x97\xE4\xBA\xAC\xE8\xB7\xAF" "1"
			    "\xE5\x8F\xB7");
	assert_string_equal(c->addresses[0].postcode, "200000");
	/* QP soft breaks: "=" ending a line, no leading space after it. */
	assert_string_equal(c->note,
			    "\xE7\xAC\xAC\xE4\xB8\x80\xE8\xA1\x8C\n"
			    "\xE7\xAC\xAC\xE4\xBA\x8C\xE8\xA1\x8C"
			    "\xE5\xBE\x88\xE9\x95\xBF\xE7\x9A\x84"
			    "\xE5\xA4\x87\xE6\xB3\xA8 a long note that goes "
			    "on and on");
	/* Base64 ending in an empty line. */
	assert_jpeg(c->photo);
	/* Kept decoded, without CHARSET and ENCODING. */
	assert_int_equal(c->nprops, 1);
	assert_prop(c, NULL, "X-ANDROID-CUSTOM", "",
		    "vnd.android.cursor.item/nickname;\xE5\xB0\x8F"
		    "\xE5\xBC\xA0;1;;;;;;;;;;;;;");
	c = rd_next(&r);
	/* No FN in 2.1: made from N. */
	assert_string_equal(c->full_name, "Dr. John Q Smith Jr.");
	assert_string_equal(c->suffix, "Jr.");
	assert_int_equal(c->phones[0].pref, 1);
	assert_int_equal(c->phones[0].features, VOX_TEL_MOBILE);
	assert_int_equal(c->emails[0].contexts, 0);
	rd_eof(&r);
	rd_close(&r);
}

static void test_latin1(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	rd_open(&r, "ok/latin1-21.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->full_name, "J\xC3\xBCrgen M\xC3\xBCller");
	assert_string_equal(c->family, "M\xC3\xBCller");
	assert_string_equal(c->addresses[0].street, "Stra\xC3\x9F" "e 1");
	assert_string_equal(c->addresses[0].locality, "K\xC3\xB6ln");
	/* 8-bit with CHARSET, no quoted-printable */
	assert_string_equal(c->title, "Gesch\xC3\xA4" "ftsf\xC3\xBChrer");
	/* windows-1252 0x80 is the euro sign */
	assert_string_equal(c->note, "Preis 5 \xE2\x82\xAC");
	/* An unknown charset falls back to UTF-8, else Windows-1252. */
	assert_string_equal(c->organization,
			    "Caf\xC3\xA9 M\xC3\xBCller GmbH");
	assert_string_equal(c->phones[0].number, "+495555550133");
	rd_eof(&r);
	rd_close(&r);
}

static void test_v40(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	rd_open(&r, "ok/v40.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->kind, "individual");
	assert_int_equal(c->nicknames.n, 2);
	assert_string_equal(c->nicknames.v[1], "Bob-O");
	/* VALUE=uri, TYPE="cell,voice", PREF=1 */
	assert_string_equal(c->phones[0].raw, "tel:+1-555-555-0122");
	assert_string_equal(c->phones[0].number, "+15555550122");
	assert_int_equal(c->phones[0].features,
			 VOX_TEL_MOBILE | VOX_TEL_VOICE);
	assert_int_equal(c->phones[0].pref, 1);
	assert_string_equal(c->phones[1].raw, "tel:+1-555-555-0123;ext=45");
	assert_string_equal(c->phones[1].number, "+15555550123");
	assert_string_equal(c->phones[2].raw, "(555) 555-0124");
	assert_int_equal(c->phones[2].features, VOX_TEL_TEXT);
	assert_int_equal(c->phones[2].contexts, VOX_CTX_WORK);
	assert_int_equal(c->emails[0].pref, 2);
	assert_string_equal(c->addresses[0].full,
			    "12 Oak Ave\nSpringfield, IL 62704");
	assert_null(c->addresses[0].label);
	assert_int_equal(c->birthday.year, 0);
	assert_int_equal(c->birthday.month, 7);
	assert_int_equal(c->birthday.day, 4);
	assert_int_equal(c->anniversary.year, 2010);
	assert_int_equal(c->anniversary.month, 6);
	assert_int_equal(c->anniversary.day, 12);
	assert_string_equal(c->gender, "M");
	assert_jpeg(c->photo);
	assert_string_equal(c->links[0].kind, "impp");
	assert_string_equal(c->links[0].uri, "xmpp:bob@chat.example");
	assert_string_equal(c->links[1].kind, "url");
	assert_int_equal(c->links[1].contexts, VOX_CTX_WORK);
	assert_int_equal(c->categories.n, 2);
	assert_string_equal(c->categories.v[1], "golf, mostly");
	assert_string_equal(c->uid,
			    "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
	assert_string_equal(c->revision, "20240305T141207Z");
	assert_int_equal(c->nprops, 4);
	assert_prop(c, NULL, "GEO", "", "geo:39.78,-89.65");
	assert_prop(c, NULL, "TZ", "", "America/Chicago");
	assert_prop(c, NULL, "X-FAVORITE-COLOR", "X-SHADE=dark", "blue");
	assert_prop(c, NULL, "CLIENTPIDMAP", "",
		    "1;urn:uuid:3df403f4-5924-4bb7-b077-3c711d9eb34b");
	c = rd_next(&r);
	assert_string_equal(c->kind, "org");
	assert_string_equal(c->units.v[0], "Support");
	assert_int_equal(c->phones[0].features, VOX_TEL_MAIN);
	assert_string_equal(c->birthday.text, "circa 1850");
	assert_int_equal(c->birthday.month, 0);
	assert_prop(c, NULL, "X-CUSTOM-ID", "", "ACME-0001");
	rd_eof(&r);
	rd_close(&r);
}

static void test_mixed(void **state)
{
	static const char *const fn[] = {
		"Alice Smith", "J\xC3\xBCrgen M\xC3\xBCller", "Bob Jones"
	};
	struct rd r;
	const struct vox_contact *c;
	size_t i;

	(void)state;
	rd_open(&r, "ok/mixed.vcf", NULL);
	for (i = 0; i < 3; i++) {
		c = rd_next(&r);
		assert_string_equal(c->full_name, fn[i]);
		if (i == 0) {
			assert_jpeg(c->photo);
			assert_int_equal(c->birthday.year, 1990);
		}
		if (i == 2)
			assert_int_equal(c->phones[0].contexts, VOX_CTX_HOME);
	}
	rd_eof(&r);
	rd_close(&r);
}

static void test_lf_only(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	rd_open(&r, "ok/lf-only.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->note, "This note is long enough that a careful "
			    "writer folds it over more than one line, at "
			    "seventy-five octets.");
	/* LABEL pairs with the ADR of the same type... */
	assert_int_equal(c->naddresses, 2);
	assert_string_equal(c->addresses[0].street, "7 Pine Rd");
	assert_string_equal(c->addresses[0].full,
			    "7 Pine Rd\nSalem, OR 97301\nUSA");
	/* ...and one with no ADR is an address of its own. */
	assert_null(c->addresses[1].street);
	assert_string_equal(c->addresses[1].full, "PO Box 9\nSalem OR");
	assert_int_equal(c->addresses[1].contexts, VOX_CTX_WORK);
	assert_int_equal(c->nprops, 0);
	rd_eof(&r);
	rd_close(&r);
}

static void test_fold_utf8(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	rd_open(&r, "ok/fold-utf8.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->full_name,
			    "Zo\xC3\xAB Saldana-Bront\xC3\xAB");
	assert_string_equal(c->note,
			    "Caf\xC3\xA9 au lait \xE2\x80\x94 every day");
	rd_eof(&r);
	rd_close(&r);
}

static void test_lowercase(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	rd_open(&r, "ok/lowercase.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->full_name, "Frank Lower");
	assert_string_equal(c->family, "Lower");
	assert_int_equal(c->phones[0].features, VOX_TEL_MOBILE);
	assert_int_equal(c->emails[0].contexts, VOX_CTX_WORK);
	/* Names are upper case; parameters stay as written. */
	assert_prop(c, NULL, "X-CUSTOM", "x-param=Value", "kept as written");
	rd_eof(&r);
	rd_close(&r);
}

static void test_emoji(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	rd_open(&r, "ok/emoji.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->full_name, "\xF0\x9F\x8E\x89 Party Planner "
			    "\xF0\x9F\x8E\x88");
	assert_string_equal(c->given, "Party \xF0\x9F\x8E\x89");
	assert_string_equal(c->note, "Loves \xF0\x9F\x8E\x82 and "
			    "\xF0\x9F\xA5\xA7");
	rd_eof(&r);
	rd_close(&r);
}

static void test_agent(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	rd_open(&r, "ok/agent-21.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->full_name, "Big Boss");
	assert_string_equal(c->note, "After the agent");
	assert_int_equal(c->nphones, 1);
	assert_prop(c, NULL, "AGENT", "",
		    "BEGIN:VCARD\\nVERSION:2.1\\nN:Thomas;Susan;;;\\n"
		    "FN:Susan Thomas\\nTEL:+1-555-555-0196\\nEND:VCARD");
	rd_eof(&r);
	rd_close(&r);
}

static void test_empty(void **state)
{
	struct rd r;

	(void)state;
	rd_open(&r, "ok/empty.vcf", NULL);
	rd_eof(&r);
	rd_eof(&r);
	rd_close(&r);
	/* A BOM and blank lines are an empty address book too. */
	unit_write("blank.vcf", "\xEF\xBB\xBF\r\n\r\n  \n");
	rd_stream(&r, fopen("blank.vcf", "rb"), "blank.vcf", NULL);
	rd_eof(&r);
	rd_close(&r);
}

/* One card from text; the reader stays open for more. */
static const struct vox_contact *rd_text(struct rd *r, const char *text)
{
	unit_write("t.vcf", text);
	rd_stream(r, fopen("t.vcf", "rb"), "t.vcf", NULL);
	return rd_next(r);
}

static void test_map_inline(void **state)
{
	struct rd r;
	const struct vox_contact *c;

	(void)state;
	/* Groups in any case; a LABEL pairs with the ADR of its group. */
	c = rd_text(&r, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:G\r\n"
		    "ITEM1.TEL:555-0100\r\nitem1.X-ABLabel:Gate\r\n"
		    "ADR;TYPE=WORK:;;1 Work St;;;;\r\n"
		    "item2.ADR;TYPE=HOME:;;2 Home St;;;;\r\n"
		    "item2.LABEL;TYPE=WORK:2 Home St\\nTown\r\n"
		    "TEL;TYPE=CAR:555-0101\r\n"
		    "X-AIM;TYPE=HOME:alice\r\nX-SIP:sip:bob@sip.example\r\n"
		    "FN:Second Name\r\nGENDER:M;boy\r\n"
		    "X-OK;X-A=\"x;y\",z;TYPE=home:1\r\n"
		    "X-ODD;TYPE=home;;X-Q=\"a:b\"c^:2\r\n"
		    "END:VCARD\r\n");
	assert_string_equal(c->phones[0].label, "Gate");
	assert_null(c->addresses[0].full);
	assert_string_equal(c->addresses[1].full, "2 Home St\nTown");
	assert_string_equal(c->phones[1].label, "car");
	assert_string_equal(c->links[0].uri, "aim:alice");
	assert_string_equal(c->links[0].kind, "impp");
	assert_int_equal(c->links[0].contexts, VOX_CTX_HOME);
	assert_string_equal(c->links[1].uri, "sip:bob@sip.example");
	/* What the record holds once, and GENDER with both parts, stay. */
	assert_string_equal(c->full_name, "G");
	assert_null(c->gender);
	assert_prop(c, NULL, "FN", "", "Second Name");
	assert_prop(c, NULL, "GENDER", "", "M;boy");
	/* Parameters as written when RFC 6350 allows them, else rebuilt. */
	assert_prop(c, NULL, "X-OK", "X-A=\"x;y\",z;TYPE=home", "1");
	assert_prop(c, NULL, "X-ODD", "TYPE=home;X-Q=\"a:bc^^\"", "2");
	rd_eof(&r);
	rd_close(&r);

	/* 2.1 properties kept for a 4.0 file: bare words, encodings. */
	c = rd_text(&r, "BEGIN:VCARD\r\nVERSION:2.1\r\nN:A;B\r\n"
		    "X-FOO;HOME;QUOTED-PRINTABLE:a=3Db=0D=0Ac\r\n"
		    "LOGO;ENCODING=BASE64;GIF:R0lG\r\n ODlh\r\n\r\n"
		    "PHOTO;VALUE=URL:http://photo.example/a.jpg\r\n"
		    "FN;CHARSET=SHIFT_JIS:\x83\x65\x83\x58\x83\x67\r\n"
		    "NOTE;CHARSET=../../x:caf\xe9\r\n"
		    "END:VCARD\r\n");
	assert_prop(c, NULL, "X-FOO", "TYPE=HOME", "a=b\\nc");
	assert_prop(c, NULL, "LOGO", "ENCODING=b;TYPE=GIF", "R0lGODlh");
	assert_string_equal(c->photo, "http://photo.example/a.jpg");
	assert_string_equal(c->full_name, "\xE3\x83\x86\xE3\x82\xB9"
			    "\xE3\x83\x88");
	assert_string_equal(c->note, "caf\xC3\xA9");
	rd_eof(&r);
	rd_close(&r);

	/* 4.0 parameter values: RFC 6868 ^n ^' ^^. */
	c = rd_text(&r, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:P\r\n"
		    "ADR;LABEL=\"a^nb ^'q^' ^^\":;;;;;;\r\n"
		    "PHOTO;ENCODING=b:iVBORw0KGgo=\r\n"
		    "END:VCARD\r\n");
	assert_string_equal(c->addresses[0].full, "a\nb \"q\" ^");
	/* No type given: the bytes say PNG. */
	assert_string_equal(c->photo, "data:image/png;base64,iVBORw0KGgo=");
	rd_eof(&r);
	rd_close(&r);
}

static void test_dates(void **state)
{
	static const struct {
		const char *value;
		int y, m, d;
		const char *text;
	} tab[] = {
		{ "19850412", 1985, 4, 12, NULL },
		{ "1985-04-12", 1985, 4, 12, NULL },
		{ "1985-04-12T10:22:00Z", 1985, 4, 12, NULL },
		{ "1985-04", 1985, 4, 0, NULL },
		{ "1985", 1985, 0, 0, NULL },
		{ "--0412", 0, 4, 12, NULL },
		{ "--04-12", 0, 4, 12, NULL },
		{ "--04", 0, 4, 0, NULL },
		{ "---12", 0, 0, 12, NULL },
		{ "--0229", 0, 2, 29, NULL },
		{ "2024-02-29", 2024, 2, 29, NULL },
		{ "2023-02-29", 0, 0, 0, "2023-02-29" },
		{ "--1301", 0, 0, 0, "--1301" },
		{ "1985-4-12", 0, 0, 0, "1985-4-12" },
		{ "T102200", 0, 0, 0, "T102200" },
		{ "around 1900", 0, 0, 0, "around 1900" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		char buf[256];
		struct rd r;
		const struct vox_contact *c;

		snprintf(buf, sizeof(buf), "BEGIN:VCARD\r\nVERSION:4.0\r\n"
			 "FN:D\r\nBDAY:%s\r\nEND:VCARD\r\n", tab[i].value);
		c = rd_text(&r, buf);
		assert_int_equal(c->birthday.year, tab[i].y);
		assert_int_equal(c->birthday.month, tab[i].m);
		assert_int_equal(c->birthday.day, tab[i].d);
		if (tab[i].text)
			assert_string_equal(c->birthday.text, tab[i].text);
		else
			assert_null(c->birthday.text);
		rd_close(&r);
	}
}

/* ---- vCards as they occur in the wild ----------------------------------- */

static const char *warning(const struct vox_contact *c)
{
	return vox_extra_get(&c->extra, "warning");
}

/* UTF-16, both byte orders, with and without a BOM. */
static void test_utf16(void **state)
{
	static const char *const files[] = {
		"ok/utf16le-bom.vcf", "ok/utf16be-bom.vcf", "ok/utf16le.vcf",
		"ok/utf16be.vcf",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const struct vox_contact *c;
		struct rd r;

		rd_open(&r, files[i], NULL);
		c = rd_next(&r);
		assert_int_equal(c->source.line, 1);
		assert_string_equal(c->full_name, "Zo\xC3\xAB Sa\xC3\xAF" "d "
				    "\xF0\x9F\x98\x80");
		assert_string_equal(c->family, "Sa\xC3\xAF" "d");
		assert_string_equal(c->organization, "\xE5\x8C\x97\xE4\xBA\xAC"
				    "\xE6\x9C\x89\xE9\x99\x90\xE5\x85\xAC"
				    "\xE5\x8F\xB8");
		assert_string_equal(c->phones[0].raw, "+1 555 555 0180");
		assert_string_equal(c->note, "line one\nline two");
		assert_null(warning(c));
		c = rd_next(&r);
		assert_string_equal(c->full_name, "Card Second");
		assert_int_equal(c->source.line, 9);
		rd_eof(&r);
		rd_close(&r);
	}
}

/*
 * A UTF-16 file larger than the lexer's reads: characters and surrogate
 * pairs split between two reads come out whole.
 */
static void test_utf16_chunks(void **state)
{
	static const char head[] = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Big\r\n"
		"NOTE:";
	static const char tail[] = "\r\nEND:VCARD\r\n";
	const size_t reps = 30000;	/* 180 KB of UTF-16 */
	const struct vox_contact *c;
	struct rd r;
	FILE *f = fopen("big16.vcf", "wb");
	size_t i;

	(void)state;
	assert_non_null(f);
	fputs("\xFF\xFE", f);
	for (i = 0; head[i]; i++)
		fprintf(f, "%c%c", head[i], 0);
	for (i = 0; i < reps; i++)
		/* U+1F600 as D83D DE00, then "a" */
		fwrite("\x3D\xD8\x00\xDE" "a\0", 1, 6, f);
	for (i = 0; tail[i]; i++)
		fprintf(f, "%c%c", tail[i], 0);
	fclose(f);
	rd_stream(&r, fopen("big16.vcf", "rb"), "big16.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->full_name, "Big");
	assert_int_equal(strlen(c->note), reps * 5);
	for (i = 0; i < reps; i++)
		if (memcmp(c->note + i * 5, "\xF0\x9F\x98\x80" "a", 5) != 0)
			fail_msg("note differs at character %zu", i);
	rd_eof(&r);
	rd_close(&r);
}

/* iOS 5: every line ends in CR CR LF, folded ones too. */
static void test_crcrlf(void **state)
{
	const struct vox_contact *c;
	struct rd r;

	(void)state;
	rd_open(&r, "ok/crcrlf-ios5.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->full_name, "Ios Five");
	assert_string_equal(c->given, "Ios");
	assert_string_equal(c->note, "a note folded over two lines");
	assert_int_equal(c->nphones, 1);
	assert_string_equal(c->phones[0].raw, "+1 555-555-0190");
	assert_int_equal(c->phones[0].features, VOX_TEL_MOBILE);
	assert_int_equal(c->phones[0].pref, 1);
	assert_jpeg(c->photo);
	assert_int_equal(c->nprops, 0);
	assert_null(warning(c));
	c = rd_next(&r);
	assert_string_equal(c->full_name, "After Five");
	assert_int_equal(c->source.line, 15);
	rd_eof(&r);
	rd_close(&r);
}

/* Apple's built-in labels, dates and related names. */
static void test_apple_labels(void **state)
{
	static const struct {
		unsigned features, contexts;
		const char *label;
	} tel[] = {
		{ VOX_TEL_MOBILE, 0, NULL },
		{ 0, VOX_CTX_HOME, NULL },
		{ 0, VOX_CTX_WORK, NULL },
		{ 0, VOX_CTX_OTHER, NULL },
		{ VOX_TEL_FAX, VOX_CTX_OTHER, NULL },
		{ VOX_TEL_PAGER, 0, NULL },
		{ 0, 0, "School" },
	};
	const struct vox_contact *c;
	struct rd r;
	size_t i;

	(void)state;
	rd_open(&r, "ok/apple-labels-30.vcf", NULL);
	c = rd_next(&r);
	/* VERSION after N and FN. */
	assert_string_equal(c->full_name, "Johnny Appleseed");
	assert_null(warning(c));
	assert_int_equal(c->nphones, 7);
	for (i = 0; i < 7; i++) {
		assert_int_equal(c->phones[i].features, tel[i].features);
		assert_int_equal(c->phones[i].contexts, tel[i].contexts);
		if (tel[i].label)
			assert_string_equal(c->phones[i].label, tel[i].label);
		else
			assert_null(c->phones[i].label);
	}
	assert_int_equal(c->emails[0].contexts, VOX_CTX_HOME);
	assert_null(c->emails[0].label);
	assert_string_equal(c->emails[1].label, "School");
	assert_string_equal(c->links[0].uri, "https://johnny.example/");
	assert_null(c->links[0].label);
	assert_int_equal(c->links[0].contexts, 0);
	assert_int_equal(c->links[1].contexts, VOX_CTX_WORK);
	assert_null(c->links[1].label);
	assert_int_equal(c->addresses[0].contexts, VOX_CTX_OTHER);
	assert_null(c->addresses[0].label);
	assert_int_equal(c->anniversary.year, 2001);
	assert_int_equal(c->anniversary.month, 6);
	assert_int_equal(c->anniversary.day, 15);
	assert_string_equal(c->photo, "https://photos.example/johnny.jpg");
	/* Related names with a built-in label are RELATED. */
	assert_int_equal(c->nprops, 8);
	assert_string_equal(c->props[0].name, "RELATED");
	assert_null(c->props[0].group);
	assert_string_equal(c->props[0].params, "VALUE=text;TYPE=spouse");
	assert_string_equal(c->props[0].value, "Jane Appleseed");
	assert_string_equal(c->props[1].params,
			    "VALUE=text;TYPE=parent;LABEL=Father");
	assert_string_equal(c->props[1].value, "John Appleseed Sr.");
	assert_string_equal(c->props[2].params,
			    "VALUE=text;TYPE=co-worker;LABEL=Manager");
	assert_string_equal(c->props[3].params, "VALUE=text");
	assert_string_equal(c->props[3].value, "Someone Else");
	/* Another date, a custom relation: Apple's own, as written. */
	assert_prop(c, "item14", "X-ABDATE", "X-APPLE-OMIT-YEAR=1604",
		    "1604-11-02");
	assert_prop(c, "item14", "X-ABLABEL", "", "_$!<Other>!$_");
	assert_prop(c, "item18", "X-ABRELATEDNAMES", "", "Rex");
	assert_prop(c, "item18", "X-ABLABEL", "", "Dog");
	rd_eof(&r);
	rd_close(&r);
}

/* RFC 6868 ^n ^' ^^ in 3.0 and 4.0 parameters; 2.1 has none. */
static void test_caret(void **state)
{
	const struct vox_contact *c;
	struct rd r;

	(void)state;
	rd_open(&r, "ok/caret.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->addresses[0].full, "1 Main St\nSpringfield");
	assert_string_equal(c->emails[0].label, "the \"big\" boss ^ co");
	assert_prop(c, NULL, "X-PET", "X-KIND=cat^^dog", "Tom");
	c = rd_next(&r);
	assert_string_equal(c->phones[0].label, "say \"hi\"\nthen go");
	assert_prop(c, NULL, "X-ORDER", "X-RANK=caret ^ alone", "1");
	c = rd_next(&r);
	/* a^nb is text in 2.1: written for 4.0 its '^' is escaped. */
	assert_prop(c, NULL, "X-RAW", "X-KIND=a^^nb", "2");
	rd_eof(&r);
	rd_close(&r);
}

/* Continuation lines that start with two spaces, or a tab. */
static void test_continuation(void **state)
{
	const struct vox_contact *c;
	struct rd r;

	(void)state;
	rd_open(&r, "ok/continuation.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->note, "folded with two spaces: one is the "
			    "fold, one is text; and a tab:no space here");
	assert_string_equal(c->organization, "Folded Inc.");
	c = rd_next(&r);
	/* 2.1 base64 indented by four spaces (Nokia). */
	assert_jpeg(c->photo);
	assert_string_equal(c->phones[0].raw, "555-0170");
	rd_eof(&r);
	rd_close(&r);
}

/* Quoted-printable without CHARSET: UTF-8 if it is, else legacy_charset. */
static void test_qp_legacy(void **state)
{
	const struct vox_contact *c;
	struct rd r;

	(void)state;
	rd_open(&r, "ok/qp-legacy-21.vcf", NULL);
	c = rd_next(&r);
	assert_string_equal(c->full_name, "J\xC3\xBCrgen M\xC3\xBCller");
	c = rd_next(&r);
	assert_string_equal(c->full_name, "J\xC3\xBCrgen M\xC3\xBCller");
	assert_string_equal(c->note, "costs 5 \xE2\x82\xAC");
	c = rd_next(&r);
	/* KOI8-R read as windows-1252, the default */
	assert_string_equal(c->family, "\xC3\xB0\xC3\x95\xC3\x9B\xC3\x8B"
			    "\xC3\x89\xC3\x8E");
	rd_eof(&r);
	rd_close(&r);

	rd_open(&r, "ok/qp-legacy-21.vcf", NULL);
	assert_int_equal(vox_source_vcard.option(r.st, "legacy_charset",
						 "KOI8-R", &r.err), VOX_OK);
	c = rd_next(&r);
	assert_string_equal(c->full_name, "J\xC3\xBCrgen M\xC3\xBCller");
	rd_next(&r);
	c = rd_next(&r);
	assert_string_equal(c->family, "\xD0\x9F\xD1\x83\xD1\x88\xD0\xBA"
			    "\xD0\xB8\xD0\xBD");
	assert_string_equal(c->given, "\xD0\x90\xD0\xBB\xD0\xB5\xD0\xBA"
			    "\xD1\x81\xD0\xB0\xD0\xBD\xD0\xB4\xD1\x80");
	rd_eof(&r);
	assert_int_equal(vox_source_vcard.option(r.st, "legacy_charset",
						 "no-such-charset", &r.err),
			 VOX_ERR);
	assert_int_equal(r.err.code, VOX_E_CONFIG);
	assert_string_equal(r.err.msg, "vcard: unknown charset "
			    "\"no-such-charset\" for option legacy_charset");
	assert_int_equal(vox_source_vcard.option(r.st, "charset", "x",
						 &r.err), VOX_ERR);
	rd_close(&r);
}

/*
 * One bad field never costs the card: it is left out (or, for bad
 * quoted-printable, kept as written) and the card says so in its extra
 * "warning".
 */
static void test_bad_fields(void **state)
{
	static const struct {
		const char *file, *fn, *warning, *then;
	} tab[] = {
		{ "no-version.vcf", "Versionless",
		  "no-version.vcf:1: vCard without VERSION, read as 3.0",
		  "Versioned" },
		{ "bad-base64.vcf", "Broken Photo",
		  "bad-base64.vcf:4: bad base64 in PHOTO, photo left out",
		  NULL },
		{ "bad-qp.vcf", "J\xC3\xBCrgen M=ZZller",
		  "bad-qp.vcf:3: bad quoted-printable, kept as written: "
		  "\"=ZZ\"", "Card Fine" },
		{ "missing-colon.vcf", "No Colon",
		  "missing-colon.vcf:4: line without ':', line left out",
		  "Fine" },
		{ "bad-photo-21.vcf", "Broken Photo",
		  "bad-photo-21.vcf:5: bad base64 in PHOTO, photo left out",
		  NULL },
		{ "broken-fields.vcf", "Still Here",
		  "broken-fields.vcf:4: line without ':', line left out; "
		  "broken-fields.vcf:5: quoted parameter value without its "
		  "closing '\"', line left out; "
		  "broken-fields.vcf:6: bad property or parameter name, line "
		  "left out; "
		  "broken-fields.vcf:8: bad quoted-printable, kept as written: "
		  "\"=2 \"; "
		  "broken-fields.vcf:9: bad base64 in KEY, left out",
		  "Next One" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		const struct vox_contact *c;
		char path[64];
		struct rd r;

		snprintf(path, sizeof(path), "bad/%s", tab[i].file);
		rd_open(&r, path, NULL);
		c = rd_next(&r);
		assert_string_equal(c->full_name, tab[i].fn);
		assert_string_equal(warning(c), tab[i].warning);
		if (strcmp(tab[i].file, "bad-base64.vcf") == 0)
			assert_null(c->photo);
		if (strcmp(tab[i].file, "bad-photo-21.vcf") == 0) {
			/* The next PHOTO takes its place. */
			assert_string_equal(c->photo,
					    "http://photos.example/second.jpg");
			assert_string_equal(c->phones[0].raw, "555-0210");
		}
		if (strcmp(tab[i].file, "missing-colon.vcf") == 0)
			assert_int_equal(c->nphones, 0);
		if (strcmp(tab[i].file, "broken-fields.vcf") == 0) {
			assert_int_equal(c->nphones, 1);
			assert_string_equal(c->phones[0].raw,
					    "+1 555 555 0204");
			assert_string_equal(c->note, "1+1=2 and 50=% off");
			assert_string_equal(c->emails[0].address,
					    "still@here.example");
			assert_false(has_prop(c, "KEY"));
			assert_prop(c, NULL, "LOGO", "ENCODING=b;TYPE=PNG",
				    "iVBORw0KGgo=");
		}
		if (tab[i].then) {
			c = rd_next(&r);
			assert_string_equal(c->full_name, tab[i].then);
			assert_null(warning(c));
		}
		rd_eof(&r);
		rd_close(&r);
	}
}

/* Inline bad fields; a card's warnings stop being spelt out after 10. */
static void test_bad_fields_inline(void **state)
{
	static const struct {
		const char *line, *warning;
	} tab[] = {
		{ ":1", "t.vcf:4: bad property or parameter name, line left "
		  "out" },
		/* A soft break before END is not one: the "=" stays. */
		{ "NOTE;ENCODING=QUOTED-PRINTABLE:abc=",
		  "t.vcf:4: bad quoted-printable, kept as written: \"=\"" },
		{ "LOGO;ENCODING=b:AA*A", "t.vcf:4: bad base64 in LOGO, left "
		  "out" },
	};
	char buf[1024];
	const struct vox_contact *c;
	struct rd r;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		snprintf(buf, sizeof(buf), "BEGIN:VCARD\r\nVERSION:2.1\r\n"
			 "FN:Kept\r\n%s\r\nEND:VCARD\r\n", tab[i].line);
		c = rd_text(&r, buf);
		assert_string_equal(c->full_name, "Kept");
		assert_string_equal(warning(c), tab[i].warning);
		rd_eof(&r);
		rd_close(&r);
	}
	c = rd_text(&r, "BEGIN:VCARD\r\nVERSION:2.1\r\n"
		    "NOTE;ENCODING=QUOTED-PRINTABLE:abc=\r\nEND:VCARD\r\n");
	assert_string_equal(c->note, "abc=");
	rd_close(&r);

	n = (size_t)snprintf(buf, sizeof(buf), "BEGIN:VCARD\r\nFN:Many\r\n");
	for (i = 0; i < 12; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "junk\r\n");
	snprintf(buf + n, sizeof(buf) - n, "END:VCARD\r\n");
	c = rd_text(&r, buf);
	assert_string_equal(c->full_name, "Many");
	assert_int_equal(strncmp(warning(c), "t.vcf:1: vCard without VERSION, "
				 "read as 3.0; t.vcf:3: line without ':'",
				 70), 0);
	assert_non_null(strstr(warning(c), "t.vcf:11: line without ':', "
			       "line left out; and 3 more"));
	assert_null(strstr(warning(c), "t.vcf:12"));
	rd_eof(&r);
	rd_close(&r);
}

/* ---- bad/ fixtures ------------------------------------------------------ */

static void test_bad(void **state)
{
	static const struct {
		const char *file;
		int code;
		const char *msg;
		const char *then;	/* FN of the card read next, or NULL */
	} tab[] = {
		{ "no-end.vcf", VOX_E_DATA,
		  "no-end.vcf:1: vCard begun here has no END:VCARD",
		  "Next Card" },
		{ "end-without-begin.vcf", VOX_E_DATA,
		  "end-without-begin.vcf:5: END:VCARD without BEGIN:VCARD",
		  "Second" },
		{ "content-before-begin.vcf", VOX_E_DATA,
		  "content-before-begin.vcf:1: content before BEGIN:VCARD",
		  "After Junk" },
		{ "unknown-version.vcf", VOX_E_DATA,
		  "unknown-version.vcf:2: unsupported vCard VERSION \"5.0\" "
		  "(expected 2.1, 3.0 or 4.0)", "Present" },
		{ "binary.vcf", VOX_E_DATA,
		  "binary.vcf:1: content before BEGIN:VCARD", NULL },
		{ "nesting-bomb.vcf", VOX_E_LIMIT,
		  "nesting-bomb.vcf:21: vCards nested deeper than 4 (AGENT)",
		  NULL },
		/* After the unpaired surrogate's card. */
		{ "utf16-truncated.vcf", VOX_E_DATA,
		  "utf16-truncated.vcf:5: vCard begun here has no END:VCARD",
		  NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		char path[64];
		struct rd r;

		snprintf(path, sizeof(path), "bad/%s", tab[i].file);
		rd_open(&r, path, NULL);
		if (strcmp(tab[i].file, "end-without-begin.vcf") == 0)
			assert_string_equal(rd_next(&r)->full_name, "First");
		if (strcmp(tab[i].file, "utf16-truncated.vcf") == 0)
			assert_string_equal(rd_next(&r)->full_name,
					    "Lone \xEF\xBF\xBD");
		rd_fails(&r, tab[i].code, tab[i].msg);
		if (tab[i].code == VOX_E_DATA) {
			/* Reading goes on after a data error. */
			if (tab[i].then)
				assert_string_equal(rd_next(&r)->full_name,
						    tab[i].then);
			rd_eof(&r);
		}
		rd_close(&r);
	}
}

/* Inline malformed input, one card each, then a good card. */
static void test_bad_inline(void **state)
{
	static const struct {
		const char *text, *msg;
	} tab[] = {
		{ "BEGIN:VCARD\r\nVERSION:4.0 beta\r\nEND:VCARD\r\n",
		  "x.vcf:2: unsupported vCard VERSION \"4.0 beta\" (expected "
		  "2.1, 3.0 or 4.0)" },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:no end\r\n",
		  "x.vcf:1: vCard begun here has no END:VCARD" },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nBEGIN:VCALENDAR\r\n"
		  "END:VCALENDAR\r\nEND:VCARD\r\n",
		  "x.vcf:3: BEGIN or END of something other than a vCard" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		char buf[512];
		struct rd r;

		snprintf(buf, sizeof(buf), "%sBEGIN:VCARD\r\nVERSION:3.0\r\n"
			 "FN:Good\r\nEND:VCARD\r\n", tab[i].text);
		unit_write("x.vcf", buf);
		rd_stream(&r, fopen("x.vcf", "rb"), "x.vcf", NULL);
		rd_fails(&r, VOX_E_DATA, tab[i].msg);
		assert_string_equal(rd_next(&r)->full_name, "Good");
		rd_eof(&r);
		rd_close(&r);
	}
}

/*
 * Limits: a line over 16 MiB is an error of its own, then its card comes
 * without it; a card too large is a bad card, and the next one follows.
 */
static void test_limits(void **state)
{
	const struct vox_contact *c;
	struct rd r;
	FILE *f;
	size_t i;

	(void)state;
	/* A line of 16 MiB and one byte, and a PHOTO of 20 MiB. */
	f = fopen("huge.vcf", "wb");
	assert_non_null(f);
	fputs("BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:", f);
	for (i = 0; i < ((size_t)16 << 20) / 1024 + 1; i++)
		fprintf(f, "%01024d", 0);
	fputs("\r\nFN:Kept\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\n"
	      "FN:Photo\r\nPHOTO;ENCODING=b;TYPE=JPEG:", f);
	for (i = 0; i < ((size_t)20 << 20) / 1024; i++)
		fprintf(f, "%01024d", 0);
	fputs("\r\nTEL:+441632960001\r\nEND:VCARD\r\n"
	      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:After\r\nEND:VCARD\r\n", f);
	assert_int_equal(fclose(f), 0);
	rd_stream(&r, fopen("huge.vcf", "rb"), "huge.vcf", NULL);
	rd_fails(&r, VOX_E_DATA, "huge.vcf:3: NOTE: line longer than 16 MiB");
	c = rd_next(&r);
	assert_string_equal(c->full_name, "Kept");
	assert_null(c->note);
	rd_fails(&r, VOX_E_DATA, "huge.vcf:9: PHOTO: line longer than 16 MiB");
	c = rd_next(&r);
	assert_string_equal(c->full_name, "Photo");
	assert_null(c->photo);
	assert_int_equal(c->nphones, 1);
	assert_string_equal(rd_next(&r)->full_name, "After");
	rd_eof(&r);
	rd_close(&r);

	/* Folded lines count whole. */
	f = fopen("folded.vcf", "wb");
	assert_non_null(f);
	fputs("BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:", f);
	for (i = 0; i < ((size_t)16 << 20) / 1024 + 1; i++)
		fprintf(f, "%01024d\r\n ", 0);
	fputs("\r\nEND:VCARD\r\n", f);
	assert_int_equal(fclose(f), 0);
	rd_stream(&r, fopen("folded.vcf", "rb"), "folded.vcf", NULL);
	rd_fails(&r, VOX_E_DATA, "folded.vcf:3: NOTE: line longer than 16 MiB");
	assert_int_equal(rd_next(&r)->nprops, 0);
	rd_eof(&r);
	rd_close(&r);

	/* 10,000 properties (VERSION is one), then 10,001. */
	f = fopen("many.vcf", "wb");
	assert_non_null(f);
	fputs("BEGIN:VCARD\r\nVERSION:3.0\r\n", f);
	for (i = 0; i < 9999; i++)
		fputs("X-A:1\r\n", f);
	fputs("END:VCARD\r\n", f);
	assert_int_equal(fclose(f), 0);
	rd_stream(&r, fopen("many.vcf", "rb"), "many.vcf", NULL);
	assert_int_equal(rd_next(&r)->nprops, 9999);	/* and VERSION */
	rd_eof(&r);
	rd_close(&r);
	f = fopen("many.vcf", "wb");
	assert_non_null(f);
	fputs("BEGIN:VCARD\r\nVERSION:3.0\r\n", f);
	for (i = 0; i < 10000; i++)
		fputs("X-A:1\r\n", f);
	fputs("END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Next\r\n"
	      "END:VCARD\r\n", f);
	assert_int_equal(fclose(f), 0);
	rd_stream(&r, fopen("many.vcf", "rb"), "many.vcf", NULL);
	rd_fails(&r, VOX_E_DATA, "many.vcf:1: vCard with more than 10000 "
		 "properties");
	/* The rest of that card is skipped, not read as stray content. */
	assert_string_equal(rd_next(&r)->full_name, "Next");
	rd_eof(&r);
	rd_close(&r);

	/* A card over 64 MiB, in lines under 16 MiB. */
	f = fopen("large.vcf", "wb");
	assert_non_null(f);
	fputs("BEGIN:VCARD\r\nVERSION:3.0\r\n", f);
	for (i = 0; i < 5; i++) {
		size_t k;

		fputs("NOTE:", f);
		for (k = 0; k < ((size_t)15 << 20) / 1024; k++)
			fprintf(f, "%01024d", 0);
		fputs("\r\n", f);
	}
	fputs("END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Next\r\n"
	      "END:VCARD\r\n", f);
	assert_int_equal(fclose(f), 0);
	rd_stream(&r, fopen("large.vcf", "rb"), "large.vcf", NULL);
	rd_fails(&r, VOX_E_DATA, "large.vcf:1: vCard larger than 64 MiB");
	assert_string_equal(rd_next(&r)->full_name, "Next");
	rd_eof(&r);
	rd_close(&r);
}

static void test_bid(void **state)
{
	static const struct {
		const char *buf;
		int sure;
	} tab[] = {
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\n", 1 },
		{ "begin:vcard\n", 1 },
		{ "\xEF\xBB\xBF\r\n\r\nBEGIN:VCARD\r\n", 1 },
		{ "BEGIN:VCARD", 1 },
		{ "BEGIN:VCARDS\r\n", 0 },
		{ "BEGIN:VCALENDAR\r\n", 0 },
		{ "\"accountcode\",\"src\"\r\n", 0 },
		{ "", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		int bid = vox_source_vcard.bid(
			(const unsigned char *)tab[i].buf, strlen(tab[i].buf));

		if (tab[i].sure)
			assert_true(bid >= 80);
		else
			assert_int_equal(bid, 0);
	}
	assert_ptr_equal(vox_source_choose((const unsigned char *)
					   "BEGIN:VCARD\r\n", 13),
			 &vox_source_vcard);
	/* UTF-16: BOM or not, either byte order; 13 characters each. */
	assert_true(vox_source_vcard.bid((const unsigned char *)
		"\xFF\xFE" "B\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D\0\r\0\n\0",
		28) >= 80);
	assert_true(vox_source_vcard.bid((const unsigned char *)
		"\xFE\xFF" "\0B\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D\0\r\0\n",
		28) >= 80);
	assert_true(vox_source_vcard.bid((const unsigned char *)
		"B\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D\0\r\0\n\0", 26) >= 80);
	assert_true(vox_source_vcard.bid((const unsigned char *)
		"\0B\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D\0\r\0\n", 26) >= 80);
	assert_int_equal(vox_source_vcard.bid((const unsigned char *)
		"B\0E\0G\0I\0N\0:\0V\0C\0A\0L\0E\0N\0", 24), 0);
}

/* ---- the writer ---------------------------------------------------------- */

static char *write_card(const struct vox_contact *c, size_t *len)
{
	struct vox_error err = VOX_ERROR_INIT;
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	assert_non_null(f);
	if (vox_vcard_write(f, c, &err) != VOX_OK)
		fail_msg("write: %s", err.msg);
	assert_int_equal(fclose(f), 0);
	if (len)
		*len = n;
	return text;
}

static void test_write_escaping(void **state)
{
	struct vox_contact c;
	struct vox_phone ph[3] = {
		{ "+15555550111", "+1 (555) 555-0111", VOX_TEL_MOBILE,
		  VOX_CTX_WORK, NULL, 1, NULL },
		{ "555-0199", "555-0199", 0, 0, "Gate, code", 0, NULL },
		{ "+15555550123", "tel:+1-555-555-0123;ext=45", 0, 0, NULL,
		  0, NULL },
	};
	struct vox_email em = { "a@b.example", VOX_CTX_HOME, NULL, 2 };
	struct vox_address ad = { NULL, NULL, "1 Main St; Rear", "Spring",
				  NULL, "62701", NULL,
				  "1 Main St\nSpring \"IL\" ^", VOX_CTX_OTHER,
				  "Depot", 3 };
	struct vox_vcard_prop pr[2] = {
		{ "item1", "X-ABRELATEDNAMES", NULL, "Bob" },
		{ NULL, "X-FOO", "X-BAR=\"a;b\"", "x\\,y" },
	};
	const char *cats[2] = { "a,b", "c" };
	char *text;

	(void)state;
	vox_contact_init(&c);
	c.full_name = "Smith, Alice; \\ the first\nof her name";
	c.family = "Smith";
	c.given = "Alice";
	c.phones = ph;
	c.nphones = 3;
	c.emails = &em;
	c.nemails = 1;
	c.addresses = &ad;
	c.naddresses = 1;
	c.props = pr;
	c.nprops = 2;
	c.categories.v = cats;
	c.categories.n = 2;
	c.birthday.month = 3;
	c.birthday.day = 12;
	c.anniversary.text = "spring, 2001";
	c.gender = "nonbinary";
	c.photo = "data:image/jpeg;base64,AAAA";
	text = write_card(&c, NULL);
	assert_string_equal(text,
		"BEGIN:VCARD\r\n"
		"VERSION:4.0\r\n"
		"FN:Smith\\, Alice\\; \\\\ the first\\nof her name\r\n"
		"N:Smith;Alice;;;\r\n"
		"TEL;VALUE=uri;TYPE=cell,work;PREF=1:tel:+15555550111\r\n"
		"item2.TEL:555-0199\r\n"
		"item2.X-ABLabel:Gate\\, code\r\n"
		"TEL;VALUE=uri:tel:+1-555-555-0123;ext=45\r\n"
		"EMAIL;TYPE=home;PREF=2:a@b.example\r\n"
		"item3.ADR;TYPE=other;PREF=3;LABEL=\"1 Main St^nSpring ^'IL^' "
		"^^\":;;1 Main St\r\n"
		" \\; Rear;Spring;;62701;\r\n"
		"item3.X-ABLabel:Depot\r\n"
		"BDAY:--0312\r\n"
		"ANNIVERSARY;VALUE=text:spring\\, 2001\r\n"
		"GENDER:;nonbinary\r\n"
		"CATEGORIES:a\\,b,c\r\n"
		"PHOTO:data:image/jpeg;base64,AAAA\r\n"
		"item1.X-ABRELATEDNAMES:Bob\r\n"
		"X-FOO;X-BAR=\"a;b\":x\\,y\r\n"
		"END:VCARD\r\n");
	free(text);
}

/* Unfold a written card (CRLF + one space) and check every line. */
static char *unfold_checked(const char *text, size_t len)
{
	char *out = malloc(len + 1), *o = out;
	size_t i = 0;

	assert_non_null(out);
	while (i < len) {
		const char *eol = strstr(text + i, "\r\n");
		size_t n;

		assert_non_null(eol);
		n = (size_t)(eol - (text + i));
		assert_true(n <= 75);
		/* No line starts inside a UTF-8 sequence. */
		if (text[i] == ' ')
			assert_true((text[i + 1] & 0xC0) != 0x80);
		/* A lone LF or CR never appears inside a line. */
		assert_null(memchr(text + i, '\n', n));
		assert_null(memchr(text + i, '\r', n));
		if (text[i] == ' ') {
			memcpy(o, text + i + 1, n - 1);
			o += n - 1;
		} else {
			if (o != out)
				*o++ = '\n';
			memcpy(o, text + i, n);
			o += n;
		}
		i += n + 2;
	}
	*o = '\0';
	return out;
}

static void test_write_folding(void **state)
{
	struct vox_contact c;
	char note[2048], *text, *flat;
	size_t len, i, n = 0;

	(void)state;
	/* x, then 2-, 3- and 4-byte characters, so folds land everywhere. */
	for (i = 0; i < 100; i++) {
		static const char *const pieces[] = {
			"x", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x8E\x89"
		};
		size_t k = strlen(pieces[i % 4]);

		memcpy(note + n, pieces[i % 4], k);
		n += k;
	}
	note[n] = '\0';
	vox_contact_init(&c);
	c.full_name = "Fold Test";
	c.note = note;
	text = write_card(&c, &len);
	flat = unfold_checked(text, len);
	assert_non_null(strstr(flat, note));
	assert_string_equal(strstr(flat, "NOTE:") + 5 + n, "\nEND:VCARD");
	free(flat);
	free(text);
}

static void test_write_fn_and_groups(void **state)
{
	struct vox_contact c;
	struct vox_email em = { "only@mail.example", 0, "Private", 0 };
	struct vox_vcard_prop pr = { "item7", "X-ABDATE", NULL, "2001-01-01" };
	struct vox_link li = { "https://x.example", "url", 0, "Blog" };
	char *text;

	(void)state;
	vox_contact_init(&c);
	c.emails = &em;
	c.nemails = 1;
	c.links = &li;
	c.nlinks = 1;
	c.props = &pr;
	c.nprops = 1;
	text = write_card(&c, NULL);
	/* FN from the e-mail; labels numbered after props' item7. */
	assert_string_equal(text,
		"BEGIN:VCARD\r\nVERSION:4.0\r\n"
		"FN:only@mail.example\r\n"
		"item8.EMAIL:only@mail.example\r\n"
		"item8.X-ABLabel:Private\r\n"
		"item9.URL:https://x.example\r\n"
		"item9.X-ABLabel:Blog\r\n"
		"item7.X-ABDATE:2001-01-01\r\n"
		"END:VCARD\r\n");
	free(text);
	vox_contact_init(&c);
	c.prefix = "Dr.";
	c.family = "Who";
	c.organization = "TARDIS";
	text = write_card(&c, NULL);
	assert_non_null(strstr(text, "\r\nFN:Dr. Who\r\nN:Who;;;Dr.;\r\n"));
	free(text);
	vox_contact_init(&c);
	text = write_card(&c, NULL);
	assert_string_equal(text, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:\r\n"
			    "END:VCARD\r\n");
	free(text);
}

static void test_write_bad_prop(void **state)
{
	struct vox_contact c;
	struct vox_vcard_prop pr = { NULL, "X-BAD NAME", NULL, "v" };
	struct vox_error err = VOX_ERROR_INIT;
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	vox_contact_init(&c);
	c.props = &pr;
	c.nprops = 1;
	assert_int_equal(vox_vcard_write(f, &c, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_string_equal(err.msg, "vCard property name \"X-BAD NAME\" is "
			    "not a vCard name");
	fclose(f);
}

/* ---- round trip ---------------------------------------------------------- */

static void str_eq(const char *what, const char *a, const char *b)
{
	if (a && !*a)
		a = NULL;
	if (b && !*b)
		b = NULL;
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		fail_msg("%s: \"%s\" != \"%s\"", what, a ? a : "(null)",
			 b ? b : "(null)");
}

static void strings_eq(const char *what, const struct vox_strings *a,
		       const struct vox_strings *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++)
		str_eq(what, a->v[i], b->v[i]);
}

static void date_eq(const struct vox_date *a, const struct vox_date *b)
{
	assert_int_equal(a->year, b->year);
	assert_int_equal(a->month, b->month);
	assert_int_equal(a->day, b->day);
	str_eq("date text", a->text, b->text);
}

/*
 * Equal, but for what a 4.0 file cannot repeat: where the card was, and
 * a phone's raw form (the writer puts the E.164 number as a tel: URI).
 */
static void contact_eq(const struct vox_contact *a, const struct vox_contact *b)
{
	size_t i;

	str_eq("uid", a->uid, b->uid);
	str_eq("kind", a->kind, b->kind);
	str_eq("fn", a->full_name, b->full_name);
	str_eq("prefix", a->prefix, b->prefix);
	str_eq("given", a->given, b->given);
	str_eq("additional", a->additional, b->additional);
	str_eq("family", a->family, b->family);
	str_eq("suffix", a->suffix, b->suffix);
	strings_eq("nickname", &a->nicknames, &b->nicknames);
	str_eq("org", a->organization, b->organization);
	strings_eq("unit", &a->units, &b->units);
	str_eq("title", a->title, b->title);
	str_eq("role", a->role, b->role);
	date_eq(&a->birthday, &b->birthday);
	date_eq(&a->anniversary, &b->anniversary);
	str_eq("gender", a->gender, b->gender);
	str_eq("note", a->note, b->note);
	str_eq("photo", a->photo, b->photo);
	str_eq("rev", a->revision, b->revision);
	strings_eq("category", &a->categories, &b->categories);
	assert_int_equal(a->nphones, b->nphones);
	for (i = 0; i < a->nphones; i++) {
		str_eq("number", a->phones[i].number, b->phones[i].number);
		assert_int_equal(a->phones[i].features, b->phones[i].features);
		assert_int_equal(a->phones[i].contexts, b->phones[i].contexts);
		str_eq("tel label", a->phones[i].label, b->phones[i].label);
		assert_int_equal(a->phones[i].pref, b->phones[i].pref);
	}
	assert_int_equal(a->nemails, b->nemails);
	for (i = 0; i < a->nemails; i++) {
		str_eq("email", a->emails[i].address, b->emails[i].address);
		assert_int_equal(a->emails[i].contexts, b->emails[i].contexts);
		str_eq("email label", a->emails[i].label, b->emails[i].label);
		assert_int_equal(a->emails[i].pref, b->emails[i].pref);
	}
	assert_int_equal(a->naddresses, b->naddresses);
	for (i = 0; i < a->naddresses; i++) {
		const struct vox_address *x = &a->addresses[i];
		const struct vox_address *y = &b->addresses[i];

		str_eq("pobox", x->pobox, y->pobox);
		str_eq("extended", x->extended, y->extended);
		str_eq("street", x->street, y->street);
		str_eq("locality", x->locality, y->locality);
		str_eq("region", x->region, y->region);
		str_eq("postcode", x->postcode, y->postcode);
		str_eq("country", x->country, y->country);
		str_eq("full", x->full, y->full);
		str_eq("adr label", x->label, y->label);
		assert_int_equal(x->contexts, y->contexts);
		assert_int_equal(x->pref, y->pref);
	}
	assert_int_equal(a->nlinks, b->nlinks);
	for (i = 0; i < a->nlinks; i++) {
		str_eq("uri", a->links[i].uri, b->links[i].uri);
		str_eq("link kind", a->links[i].kind, b->links[i].kind);
		str_eq("link label", a->links[i].label, b->links[i].label);
		assert_int_equal(a->links[i].contexts, b->links[i].contexts);
	}
	assert_int_equal(a->nprops, b->nprops);
	for (i = 0; i < a->nprops; i++) {
		str_eq("group", a->props[i].group, b->props[i].group);
		str_eq("name", a->props[i].name, b->props[i].name);
		str_eq("params", a->props[i].params, b->props[i].params);
		str_eq("value", a->props[i].value, b->props[i].value);
	}
}

static void test_round_trip(void **state)
{
	static const char *const files[] = {
		"apple-30.vcf", "google-30.vcf", "android-21.vcf",
		"latin1-21.vcf", "v40.vcf", "mixed.vcf", "lf-only.vcf",
		"fold-utf8.vcf", "lowercase.vcf", "emoji.vcf", "agent-21.vcf",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[64];
		struct rd a;
		const struct vox_record *rec;
		int cards = 0;

		snprintf(path, sizeof(path), "ok/%s", files[i]);
		rd_open(&a, path, "US");
		while (vox_source_vcard.next(a.st, &rec, &a.err) == VOX_OK) {
			size_t len;
			char *text = write_card(&rec->u.contact, &len);
			struct rd b;

			rd_stream(&b, fmemopen(text, len, "rb"), "rt.vcf",
				  "US");
			contact_eq(&rec->u.contact, rd_next(&b));
			rd_eof(&b);
			rd_close(&b);
			free(text);
			cards++;
		}
		assert_int_equal(a.err.code, VOX_E_NONE);
		assert_true(cards > 0);
		rd_close(&a);
	}
}

/* ---- JSContact ----------------------------------------------------------- */

static void test_json(void **state)
{
	struct rd r;
	const struct vox_contact *c;
	json_t *j;
	char *text;

	(void)state;
	rd_open(&r, "ok/mixed.vcf", NULL);
	rd_next(&r);
	rd_next(&r);
	c = rd_next(&r);
	j = vox_contact_to_json(c);
	assert_non_null(j);
	text = json_dumps(j, VOX_JSON_LINE);
	assert_string_equal(text,
		"{\"@type\":\"Card\",\"version\":\"1.0\","
		"\"uid\":\"urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\","
		"\"kind\":\"individual\","
		"\"name\":{\"components\":["
		"{\"kind\":\"given\",\"value\":\"Bob\"},"
		"{\"kind\":\"surname\",\"value\":\"Jones\"}],"
		"\"full\":\"Bob Jones\"},"
		"\"nicknames\":{\"k1\":{\"name\":\"Bobby\"}},"
		"\"phones\":{\"p1\":{\"number\":\"tel:+15555550122\","
		"\"features\":{\"voice\":true},\"contexts\":{\"private\":true},"
		"\"pref\":1,\"voxport.example:raw\":\"tel:+1-555-555-0122\"}},"
		"\"anniversaries\":{\"d1\":{\"kind\":\"birth\",\"date\":"
		"{\"@type\":\"PartialDate\",\"month\":7,\"day\":4}}},"
		"\"voxport.example:source\":{\"format\":\"vcard\","
		"\"file\":\"mixed.vcf\",\"line\":29}}");
	free(text);
	json_decref(j);
	rd_close(&r);
}

static void test_json_uid(void **state)
{
	struct vox_contact c, d;
	char a[VOX_CONTACT_UID_MAX], b[VOX_CONTACT_UID_MAX];
	const char *ua, *ub;

	(void)state;
	vox_contact_init(&c);
	c.full_name = "No Uid";
	ua = vox_contact_uid(&c, a);
	assert_non_null(ua);
	assert_int_equal(strlen(ua), 45);
	assert_int_equal(strncmp(ua, "urn:uuid:", 9), 0);
	assert_int_equal(ua[9 + 14], '8');	/* version 8 */
	assert_non_null(strchr("89ab", ua[9 + 19]));	/* variant 10 */
	/* Same data, same uid; other data, another. */
	d = c;
	d.source.line = 99;
	ub = vox_contact_uid(&d, b);
	assert_string_equal(ua, ub);
	d.full_name = "No Uid 2";
	ub = vox_contact_uid(&d, b);
	assert_string_not_equal(ua, ub);
	c.uid = "urn:x:1";
	assert_string_equal(vox_contact_uid(&c, a), "urn:x:1");
}

static void test_json_vcard_props(void **state)
{
	struct vox_contact c;
	struct vox_vcard_prop pr[2] = {
		{ "item1", "X-ABLABEL", NULL, "_$!<Spouse>!$_" },
		{ NULL, "X-FOO", "TYPE=a,b;X-Q=\"x;y\";type=c", "1\\,2" },
	};
	struct vox_link li[2] = {
		{ "sip:bob@example.com", "impp", VOX_CTX_OTHER, NULL },
		{ "https://x.example", "url", VOX_CTX_WORK, "Blog" },
	};
	json_t *j;
	char *text;

	(void)state;
	vox_contact_init(&c);
	c.uid = "u1";
	c.kind = "x-robot";
	c.gender = "F";
	c.birthday.text = "long ago";
	c.revision = "2024-03-05T14:12:07.5Z";
	c.props = pr;
	c.nprops = 2;
	c.links = li;
	c.nlinks = 2;
	c.source.format = "vcard";
	j = vox_contact_to_json(&c);
	assert_non_null(j);
	text = json_dumps(j, VOX_JSON_LINE);
	assert_string_equal(text,
		"{\"@type\":\"Card\",\"version\":\"1.0\",\"uid\":\"u1\","
		"\"updated\":\"2024-03-05T14:12:07Z\","
		"\"onlineServices\":{\"s1\":{\"service\":\"SIP\","
		"\"uri\":\"sip:bob@example.com\","
		"\"vCardParams\":{\"type\":\"other\"}}},"
		"\"links\":{\"l1\":{\"uri\":\"https://x.example\","
		"\"contexts\":{\"work\":true},\"label\":\"Blog\"}},"
		"\"vCardProps\":[[\"kind\",{},\"text\",\"x-robot\"],"
		"[\"bday\",{},\"text\",\"long ago\"],"
		"[\"gender\",{},\"text\",\"F\"],"
		"[\"x-ablabel\",{\"group\":\"item1\"},\"unknown\","
		"\"_$!<Spouse>!$_\"],"
		"[\"x-foo\",{\"type\":[\"a\",\"b\",\"c\"],\"x-q\":\"x;y\"},"
		"\"unknown\",\"1\\\\,2\"]],"
		"\"voxport.example:source\":{\"format\":\"vcard\"}}");
	free(text);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apple),
		cmocka_unit_test(test_google),
		cmocka_unit_test(test_android),
		cmocka_unit_test(test_latin1),
		cmocka_unit_test(test_v40),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_lf_only),
		cmocka_unit_test(test_fold_utf8),
		cmocka_unit_test(test_lowercase),
		cmocka_unit_test(test_emoji),
		cmocka_unit_test(test_agent),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_map_inline),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_bad_inline),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_utf16_chunks),
		cmocka_unit_test(test_crcrlf),
		cmocka_unit_test(test_apple_labels),
		cmocka_unit_test(test_caret),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_qp_legacy),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_bad_fields_inline),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_bid),
		cmocka_unit_test(test_write_escaping),
		cmocka_unit_test(test_write_folding),
		cmocka_unit_test(test_write_fn_and_groups),
		cmocka_unit_test(test_write_bad_prop),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_uid),
		cmocka_unit_test(test_json_vcard_props),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
