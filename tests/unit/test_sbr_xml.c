/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sbr_xml.c: the sbr-xml source (export/sbr_xml.c), SMS Backup &
 * Restore backups.  Fixtures: tests/data/sbr-xml/ (see its README.md);
 * large and many-part inputs are generated here.
 */
#include "unit.h"

#include <openssl/evp.h>

#include "phone.h"
#include "record.h"
#include "voxport/source.h"

struct rd {
	FILE *f;
	void *st;
	struct vox_error err;
	struct vox_phone_plan plan;
};

static void rd_stream(struct rd *r, FILE *f, const char *name)
{
	struct vox_source_args args = { 0 };

	memset(r, 0, sizeof(*r));
	assert_non_null(f);
	assert_int_equal(vox_phone_plan_for_country("US", &r->plan), VOX_OK);
	r->f = f;
	args.in = f;
	args.name = name;
	args.plan = &r->plan;
	r->st = vox_source_sbr_xml.open(&args, &r->err);
	assert_non_null(r->st);
}

static void rd_open(struct rd *r, const char *fixture)
{
	char rel[256];
	const char *slash = strrchr(fixture, '/');

	snprintf(rel, sizeof(rel), "tests/data/sbr-xml/%s", fixture);
	rd_stream(r, fopen(unit_path(rel), "rb"), slash ? slash + 1 : fixture);
}

static void rd_text(struct rd *r, const char *text)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	rewind(f);
	rd_stream(r, f, "t.xml");
}

static const struct vox_record *rd_next(struct rd *r)
{
	const struct vox_record *rec = NULL;
	int st = vox_source_sbr_xml.next(r->st, &rec, &r->err);

	if (st != VOX_OK)
		fail_msg("next: %d %s", st, r->err.msg);
	return rec;
}

static const struct vox_message *rd_msg(struct rd *r)
{
	const struct vox_record *rec = rd_next(r);

	assert_int_equal(rec->kind, VOX_MESSAGE);
	return &rec->u.message;
}

static void rd_fails(struct rd *r, int code, const char *msg)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(vox_source_sbr_xml.next(r->st, &rec, &r->err),
			 VOX_ERR);
	assert_int_equal(r->err.code, code);
	assert_string_equal(r->err.msg, msg);
}

static void rd_eof(struct rd *r)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(vox_source_sbr_xml.next(r->st, &rec, &r->err),
			 VOX_EOF);
}

static void rd_close(struct rd *r)
{
	vox_source_sbr_xml.close(r->st);
	fclose(r->f);
}

static int bid(const char *s)
{
	return vox_source_sbr_xml.bid((const unsigned char *)s, strlen(s));
}

static void test_bid(void **state)
{
	(void)state;
	assert_true(bid("<?xml version='1.0' encoding='UTF-8' standalone='yes'"
			" ?>\n<!--File Created By SMS Backup & Restore-->\n"
			"<?xml-stylesheet type=\"text/xsl\" href=\"sms.xsl\"?>"
			"\n<smses count=\"1\">") > 0);
	assert_true(bid("\xEF\xBB\xBF<calls count=\"0\"/>") > 0);
	assert_true(bid("<smses>") > 0);
	assert_int_equal(bid("<smsesx>"), 0);
	assert_int_equal(bid("<?xml version=\"1.0\"?><contacts/>"), 0);
	assert_int_equal(bid("<!-- <smses> never closed"), 0);
	assert_int_equal(bid("BEGIN:VCARD\r\n"), 0);
	assert_int_equal(bid(""), 0);
	assert_int_equal(bid("<smses"), 0);	/* cut: not sure */
}

static void test_reference(void **state)
{
	const struct vox_message *m;
	struct rd r;

	(void)state;
	rd_open(&r, "ok/sms-reference.xml");
	m = rd_msg(&r);
	assert_int_equal(m->type, VOX_MSG_SMS);
	assert_int_equal(m->box, VOX_BOX_RECEIVED);
	assert_int_equal(m->direction, VOX_DIR_INBOUND);
	assert_int_equal(m->date, 1709651100000LL);
	assert_int_equal(m->date_sent, 1709651099000LL);
	assert_string_equal(m->from.number, "+15555550188");
	assert_string_equal(m->from.name, "Carol & Dan");
	assert_int_equal(m->nto, 0);
	assert_string_equal(m->body, "Running 10 min late, sorry!\nSee you at 3.");
	assert_null(m->subject);
	assert_int_equal(m->read, 1);
	assert_string_equal(vox_extra_get(&m->extra, "service_center"),
			    "+15555550999");
	assert_null(vox_extra_get(&m->extra, "readable_date"));
	assert_null(vox_extra_get(&m->extra, "toa"));	/* "null" */
	m = rd_msg(&r);
	assert_int_equal(m->box, VOX_BOX_SENT);
	assert_int_equal(m->date_sent, VOX_TIME_NONE);
	assert_int_equal(m->nto, 1);
	assert_string_equal(m->to[0].raw, "5555550188");
	assert_string_equal(m->to[0].number, "+15555550188");
	m = rd_msg(&r);
	assert_int_equal(m->type, VOX_MSG_MMS);
	assert_string_equal(m->id, "mavodi-1-89-2-1");
	assert_string_equal(m->source.id, "812");
	assert_int_equal(m->source.line, 7);
	assert_int_equal(m->date_sent, 1709651399000LL);	/* seconds */
	assert_string_equal(m->from.number, "+15555550188");
	assert_int_equal(m->nto, 2);
	assert_string_equal(m->to[1].number, "+15555550177");
	assert_int_equal(m->nparts, 3);
	assert_string_equal(m->parts[0].content_type, "application/smil");
	assert_string_equal(m->parts[0].name, "smil.xml");
	assert_string_equal(m->parts[1].name, "IMG_0001.jpg");
	assert_int_equal(m->parts[1].bytes, 159);
	assert_string_equal(m->parts[1].sha256, "78a51c52af0814a85780364ba2f4"
			    "70064d325ba3f121ee1ee775b6086e83fd23");
	assert_null(m->parts[1].text);
	assert_string_equal(m->parts[2].text, "Look at this!");
	assert_string_equal(m->body, "Look at this!");
	assert_string_equal(vox_extra_get(&m->extra, "contact_name"),
			    "Carol & Dan, Eve");
	assert_null(vox_extra_get(&m->extra, "count"));
	rd_eof(&r);
	rd_close(&r);
}

static void test_quirks(void **state)
{
	const struct vox_message *m;
	struct rd r;

	(void)state;
	rd_open(&r, "ok/emoji.xml");
	assert_string_equal(rd_msg(&r)->body, "smile \xF0\x9F\x98\x80 heart "
			    "\xE2\x9D\xA4\xEF\xB8\x8F flag \xF0\x9F\x87\xB4"
			    "\xF0\x9F\x87\xA7");
	assert_string_equal(rd_msg(&r)->body, "lone \xEF\xBF\xBD low "
			    "\xEF\xBF\xBD nul \xEF\xBF\xBD soh \xEF\xBF\xBD.");
	rd_close(&r);

	/* both duplicates; the count only on the last record */
	rd_open(&r, "ok/count-duplicates.xml");
	m = rd_msg(&r);
	assert_null(vox_extra_get(&m->extra, "count"));
	assert_string_equal(rd_msg(&r)->body, "same");
	m = rd_msg(&r);
	assert_int_equal(m->box, VOX_BOX_DRAFT);
	assert_string_equal(vox_extra_get(&m->extra, "count"),
			    "root count=5, 3 in the file");
	rd_eof(&r);
	rd_close(&r);

	rd_open(&r, "ok/senders.xml");
	m = rd_msg(&r);
	assert_string_equal(m->from.number, "AMAZON");
	assert_null(m->from.name);	/* "(Unknown)" */
	assert_string_equal(rd_msg(&r)->from.number, "72527");
	m = rd_msg(&r);
	assert_string_equal(m->from.raw, "(555) 555-0104");
	assert_string_equal(m->from.number, "+15555550104");
	m = rd_msg(&r);
	assert_string_equal(m->from.number, "");
	m = rd_msg(&r);
	assert_string_equal(m->from.raw, "-2");
	assert_string_equal(vox_extra_get(&m->extra, "presentation"),
			    "restricted");
	rd_close(&r);

	rd_open(&r, "ok/groups.xml");
	m = rd_msg(&r);
	assert_int_equal(m->nto, 3);
	assert_string_equal(vox_extra_get(&m->extra, "contact_name"),
			    "Ann, Bob, Cy");
	m = rd_msg(&r);
	assert_int_equal(m->direction, VOX_DIR_INBOUND);
	assert_string_equal(m->from.raw, "");
	assert_int_equal(m->nto, 2);
	m = rd_msg(&r);
	assert_null(m->from.raw);	/* insert-address-token */
	assert_int_equal(m->nto, 3);
	assert_string_equal(vox_extra_get(&m->extra, "cc"), "+15555550102");
	assert_string_equal(vox_extra_get(&m->extra, "bcc"), "+15555550103");
	assert_string_equal(m->body, "hello all\nsecond text");
	assert_string_equal(m->thread, "7");
	rd_close(&r);
}

static void test_calls(void **state)
{
	static const char *const disp[] = {
		"outgoing", "incoming", "missed", "voicemail", "rejected",
		"blocked", "answered_externally", "missed", "incoming",
		"outgoing", "other",
	};
	const struct vox_call *c;
	struct rd r;
	size_t i;

	(void)state;
	rd_open(&r, "ok/calls-types.xml");
	for (i = 0; i < 11; i++) {
		const struct vox_record *rec = rd_next(&r);

		assert_int_equal(rec->kind, VOX_CALL);
		c = &rec->u.call;
		assert_string_equal(c->legs[0].disposition, disp[i]);
		if (i == 0) {
			assert_int_equal(c->direction, VOX_DIR_OUTBOUND);
			assert_int_equal(c->status, VOX_CALL_ANSWERED);
			assert_string_equal(c->to.number, "+15555550123");
			assert_string_equal(c->to.name, "Acme Support");
			assert_int_equal(c->billsec, 127);
			assert_int_equal(c->end - c->start, 127000);
			assert_int_equal(c->answer, VOX_TIME_NONE);
		}
		if (i == 5) {
			assert_string_equal(c->from.number, "");
			assert_string_equal(vox_extra_get(&c->legs[0].extra,
							  "presentation"),
					    "restricted");
		}
		if (i == 8)
			assert_string_equal(c->from.raw, "-2");
		if (i == 10) {
			assert_string_equal(c->from.number, "+15555550177");
			assert_string_equal(vox_extra_get(&c->legs[0].extra,
							  "type"), "100");
			assert_string_equal(vox_extra_get(&c->legs[0].extra,
							  "presentation"),
					    "payphone");
			assert_int_equal(c->start, 1709652500000LL);
		}
	}
	rd_eof(&r);
	rd_close(&r);
}

static void test_errors(void **state)
{
	const struct vox_message *m;
	struct rd r;

	(void)state;
	/* a bad record, then reading goes on; a bad mms's children too */
	rd_open(&r, "bad/bad-date.xml");
	rd_fails(&r, VOX_E_DATA, "bad-date.xml:3: bad date \"Mar 5, 2024\"");
	assert_string_equal(rd_msg(&r)->body, "good one");
	rd_fails(&r, VOX_E_DATA, "bad-date.xml:5: mms without date");
	assert_string_equal(rd_msg(&r)->body, "good two");
	rd_eof(&r);
	rd_close(&r);

	/* broken XML: the records before it, its error, then the end */
	rd_open(&r, "bad/truncated.xml");
	assert_string_equal(rd_msg(&r)->body, "first");
	assert_string_equal(rd_msg(&r)->body, "second");
	rd_fails(&r, VOX_E_DATA, "truncated.xml:6: not well-formed XML: "
		 "specification mandates value for attribute bo");
	rd_eof(&r);
	rd_close(&r);

	rd_open(&r, "bad/xxe.xml");
	rd_fails(&r, VOX_E_LIMIT, "xxe.xml:3: entity declaration refused (no "
		 "DTD entities are read, against XXE and entity expansion)");
	rd_eof(&r);
	rd_close(&r);

	rd_text(&r, "<calls><call number=\"1\" date=\"1\" duration=\"-5\"/>"
		"<call number=\"1\" type=\"1\"/></calls>");
	rd_fails(&r, VOX_E_DATA, "t.xml:1: bad duration \"-5\"");
	rd_fails(&r, VOX_E_DATA, "t.xml:1: call without date");
	rd_eof(&r);
	rd_close(&r);

	/* not base64: the message is kept, the part marked */
	rd_open(&r, "ok/unknown-attrs.xml");
	m = rd_msg(&r);
	assert_string_equal(vox_extra_get(&m->extra, "x_new_field"), "42");
	m = rd_msg(&r);
	assert_int_equal(m->nparts, 2);
	assert_int_equal(m->parts[0].bytes, 159);
	assert_null(m->parts[1].sha256);
	assert_string_equal(m->parts[1].name, "broken.jpg");
	assert_string_equal(vox_extra_get(&m->extra, "part2.data"),
			    "invalid base64");
	assert_string_equal(vox_extra_get(&m->extra, "part1.x_part"), "p");
	assert_string_equal(vox_extra_get(&m->extra, "addr1.x_addr"), "a");
	assert_string_equal(vox_extra_get(&m->extra, "x_vendor"), "samsung");
	assert_null(vox_extra_get(&m->extra, "part1.sef_type"));
	rd_close(&r);
}

/* Big parts and many parts: size and digest of every one. */
static void test_generated_parts(void **state)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t big = 3u << 20, i, n;	/* decoded bytes of the big part */
	unsigned char *raw = malloc(big), md[32];
	char hex[65];
	unsigned mdlen;
	const struct vox_message *m;
	struct rd r;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(raw);
	assert_non_null(f);
	for (i = 0; i < big; i++)
		raw[i] = (unsigned char)(i * 7 + (i >> 9));
	assert_true(EVP_Digest(raw, big, md, &mdlen, EVP_sha256(), NULL));
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	fputs("<smses count=\"2\"><mms date=\"1709651100000\" msg_box=\"1\">"
	      "<parts><part ct=\"application/octet-stream\" data=\"", f);
	for (i = 0; i < big; i += 3) {
		uint32_t v = (uint32_t)raw[i] << 16 | raw[i + 1] << 8 |
			     raw[i + 2];

		fputc(b64[v >> 18], f);
		fputc(b64[v >> 12 & 63], f);
		fputc(b64[v >> 6 & 63], f);
		fputc(b64[v & 63], f);
		if (i % 57 == 54)
			fputs("&#10;", f);	/* as a wrapping encoder */
	}
	fputs("\"/></parts></mms>\n<mms date=\"1709651100000\"><parts>", f);
	for (n = 0; n < 500; n++)
		fprintf(f, "<part ct=\"x/y\" data=\"%s\"/>",
			n % 3 == 0 ? "AA==" : n % 3 == 1 ? "AAA=" : "AAAA");
	fputs("</parts></mms></smses>", f);
	rewind(f);
	free(raw);
	rd_stream(&r, f, "big.xml");
	m = rd_msg(&r);
	assert_int_equal(m->parts[0].bytes, big);
	assert_string_equal(m->parts[0].sha256, hex);
	m = rd_msg(&r);
	assert_int_equal(m->nparts, 500);
	for (n = 0; n < 500; n++)
		assert_int_equal(m->parts[n].bytes, n % 3 + 1);
	assert_string_equal(m->parts[0].sha256, "6e340b9cffb37a989ca544e6bb78"
			    "0a2c78901d3fb33738768511a30617afa01d");
	rd_eof(&r);
	rd_close(&r);
}

/* An MMS of many big text parts ends the stream instead of eating memory. */
static void test_record_limit(void **state)
{
	size_t len = (4u << 20) - 16, i;
	char *text = malloc(len + 1);
	struct rd r;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(text);
	assert_non_null(f);
	memset(text, 'x', len);
	text[len] = '\0';
	fputs("<smses>\n<mms date=\"1709651100000\"><parts>\n", f);
	for (i = 0; i < 17; i++)
		fprintf(f, "<part ct=\"text/plain\" text=\"%s\"/>\n", text);
	fputs("</parts></mms>\n<sms date=\"1709651100000\"/></smses>", f);
	rewind(f);
	free(text);
	rd_stream(&r, f, "huge.xml");
	rd_fails(&r, VOX_E_LIMIT, "huge.xml:2: record larger than 64 MiB");
	rd_eof(&r);
	rd_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bid),
		cmocka_unit_test(test_reference),
		cmocka_unit_test(test_quirks),
		cmocka_unit_test(test_calls),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_generated_parts),
		cmocka_unit_test(test_record_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
