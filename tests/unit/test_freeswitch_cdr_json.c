/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_freeswitch_cdr_json.c: the freeswitch-cdr-json source
 * (export/freeswitch_cdr_json.c; the mapping it shares with
 * freeswitch-cdr-xml is tested in test_freeswitch_cdr_xml.c).  Fixtures:
 * tests/data/freeswitch-cdr-json/ (see its README.md); small documents for
 * single rules, and an over-large one, are made here.
 */
#include "unit.h"

#include "phone.h"
#include "record.h"
#include "timeconv.h"
#include "voxport/source.h"

#define SRC vox_source_freeswitch_cdr_json

struct rd {
	FILE *f;
	void *st;
	struct vox_error err;
	struct vox_tz *tz;
};

static void rd_stream(struct rd *r, FILE *f, const char *name)
{
	struct vox_source_args args = { 0 };

	memset(r, 0, sizeof(*r));
	assert_non_null(f);
	r->tz = vox_tz_load("UTC", &r->err);
	assert_non_null(r->tz);
	r->f = f;
	args.in = f;
	args.name = name;
	args.tz = r->tz;
	r->st = SRC.open(&args, &r->err);
	assert_non_null(r->st);
}

static void rd_open(struct rd *r, const char *fixture)
{
	char rel[256];
	const char *slash = strrchr(fixture, '/');

	snprintf(rel, sizeof(rel), "tests/data/freeswitch-cdr-json/%s",
		 fixture);
	rd_stream(r, fopen(unit_path(rel), "rb"), slash + 1);
}

static void rd_text(struct rd *r, const char *text)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	rewind(f);
	rd_stream(r, f, "t.cdr.json");
}

static void rd_close(struct rd *r)
{
	SRC.close(r->st);
	fclose(r->f);
	vox_tz_free(r->tz);
}

static const struct vox_call *rd_call(struct rd *r)
{
	const struct vox_record *rec = NULL, *none = NULL;
	int st = SRC.next(r->st, &rec, &r->err);

	if (st != VOX_OK)
		fail_msg("next: %d %s", st, r->err.msg);
	assert_int_equal(rec->kind, VOX_CALL);
	assert_int_equal(rec->u.call.nlegs, 1);
	assert_int_equal(SRC.next(r->st, &none, &r->err), VOX_EOF);
	return &rec->u.call;
}

static void rd_fails(struct rd *r, int code, const char *msg)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(SRC.next(r->st, &rec, &r->err), VOX_ERR);
	assert_int_equal(r->err.code, code);
	assert_string_equal(r->err.msg, msg);
	assert_int_equal(SRC.next(r->st, &rec, &r->err), VOX_EOF);
}

static int64_t ms(const char *rfc3339)
{
	int64_t t;

	assert_int_equal(vox_time_parse_rfc3339(rfc3339, strlen(rfc3339), &t),
			 VOX_OK);
	return t;
}

static const char *x(const struct vox_call *c, const char *key)
{
	return vox_extra_get(&c->legs[0].extra, key);
}

static void test_bid(void **state)
{
	static const char *const yes[] = {
		"{\"core-uuid\":\"x\",\"switchname\":\"s\",\"channel_data\":{}",
		" {\"variables\":{\"uuid\":\"u\"},\"callflow\":[]}",
	};
	static const char *const no[] = {
		"{\"calls\":[],\"page\":0}",
		"{\"variables\":{}}",
		"<cdr><variables/></cdr>",
		"[{\"variables\":{},\"callflow\":[]}]",
	};
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++)
		assert_true(SRC.bid((const unsigned char *)yes[i],
				    strlen(yes[i])) >= 30);
	for (i = 0; i < 4; i++)
		assert_int_equal(SRC.bid((const unsigned char *)no[i],
					 strlen(no[i])), 0);
	assert_ptr_equal(vox_source_choose((const unsigned char *)yes[0],
					   strlen(yes[0])), &SRC);
	assert_string_equal(SRC.files, "*.json");
}

/* The reference A-leg, with the bare nan FreeSWITCH writes in callStats. */
static void test_reference(void **state)
{
	struct rd r;
	const struct vox_call *c;
	const struct vox_call_leg *l;

	(void)state;
	rd_open(&r, "ok/a-leg.cdr.json");
	c = rd_call(&r);
	l = &c->legs[0];
	assert_string_equal(c->id, "3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44");
	assert_string_equal(c->group_id, c->id);
	assert_int_equal(l->start, ms("2024-03-05T14:12:07.123Z"));
	assert_int_equal(l->answer, ms("2024-03-05T14:12:15.402Z"));
	assert_int_equal(l->end, ms("2024-03-05T14:14:22.887Z"));
	assert_int_equal(l->duration, 135);
	assert_int_equal(l->billsec, 127);
	assert_int_equal(l->status, VOX_CALL_ANSWERED);
	assert_string_equal(l->from.name, "Alice Smith");
	assert_string_equal(l->to.raw, "15555550123");
	assert_string_equal(l->peer_channel,
			    "sofia/external/15555550123@carrier.example.net");
	assert_string_equal(l->application, "bridge");
	assert_string_equal(l->source.format, "freeswitch-cdr-json");
	assert_string_equal(x(c, "sip_user_agent"),
			    "Yealink SIP-T46S 66.86.0.15");
	assert_null(x(c, "start_stamp"));
	rd_close(&r);

	/* the B-leg's call_uuid is the A-leg's uuid */
	rd_open(&r, "ok/b-leg.cdr.json");
	c = rd_call(&r);
	assert_string_equal(c->legs[0].id,
			    "c2d7e1a0-4a3b-4c5d-8e9f-0a1b2c3d4e5f");
	assert_string_equal(c->group_id,
			    "3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44");
	rd_close(&r);
}

/* encode-values=false, nan outside and inside strings, old callflows. */
static void test_quirks(void **state)
{
	struct rd r;
	const struct vox_call *c;

	(void)state;
	rd_open(&r, "ok/unencoded.cdr.json");
	c = rd_call(&r);
	assert_string_equal(c->legs[0].from.name, "Grace O'Neil & Co");
	assert_string_equal(x(c, "promo"), "50%20off: literal");
	assert_string_equal(x(c, "caller_id_name_utf8"),
			    "Zo\xc3\xab \xe6\x9d\x8e");
	rd_close(&r);

	rd_text(&r, "{\"callStats\":{\"mos\":nan,\"q\":-nan,\"r\":[inf,-Inf],"
		    "\"s\":\"nan\"},\"variables\":{\"uuid\":\"u\","
		    "\"start_uepoch\":\"1709647927123456\",\"nan\":\"nan\","
		    "\"n\":12,\"b\":true}}");
	c = rd_call(&r);
	assert_string_equal(x(c, "nan"), "nan");
	assert_string_equal(x(c, "n"), "12");
	assert_string_equal(x(c, "b"), "true");
	rd_close(&r);
	rd_text(&r, "{\"variables\":{\"uuid\":\"u\",\"start_uepoch\":"
		    "\"1\"},\"x\":nano}");
	rd_fails(&r, VOX_E_DATA, "t.cdr.json:1: invalid JSON: invalid "
		 "token near 'nano'");
	rd_close(&r);

	/* older releases: one "callflow" key per profile, newest first */
	rd_open(&r, "ok/old-callflows-hold.cdr.json");
	c = rd_call(&r);
	assert_string_equal(c->legs[0].to.raw, "1003");
	assert_string_equal(x(c, "callflow1.destination_number"), "1002");
	assert_string_equal(x(c, "hold1"),
			    "2024-03-05T15:01:40Z/2024-03-05T15:01:55Z");
	rd_close(&r);
	rd_text(&r, "{\"variables\":{\"uuid\":\"u\"},"
		    "\"callflow\":{\"profile_index\":\"2\",\"caller_profile\":"
		    "{\"destination_number\":\"200\"},\"times\":"
		    "{\"created_time\":\"1709647927000000\"}},"
		    "\"callflow\" :{\"profile_index\":\"1\",\"caller_profile\":"
		    "{\"destination_number\":\"100\"},\"times\":"
		    "{\"created_time\":\"1709647927000000\"}},"
		    "\"other\":\"callflow\"}");
	c = rd_call(&r);
	assert_string_equal(c->legs[0].to.raw, "200");
	assert_string_equal(x(c, "callflow1.destination_number"), "100");
	assert_int_equal(c->start, ms("2024-03-05T14:12:07Z"));
	rd_close(&r);
}

static void test_errors(void **state)
{
	struct rd r;
	FILE *f;
	size_t i;

	(void)state;
	rd_open(&r, "bad/truncated.cdr.json");
	rd_fails(&r, VOX_E_DATA, "truncated.cdr.json:1: invalid JSON: "
		 "premature end of input near '\"hangup_ca'");
	rd_close(&r);
	rd_open(&r, "bad/not-cdr.json");
	rd_fails(&r, VOX_E_DATA, "not-cdr.json: not a mod_json_cdr file (no "
		 "\"variables\" object or \"callflow\")");
	rd_close(&r);
	rd_open(&r, "bad/bad-stamp.cdr.json");
	rd_fails(&r, VOX_E_DATA, "bad-stamp.cdr.json: bad start_stamp "
		 "\"2024-02-30 09:30:00\"");
	rd_close(&r);
	rd_text(&r, "[{\"variables\":{}}]");
	rd_fails(&r, VOX_E_DATA, "t.cdr.json: not a mod_json_cdr file (no "
		 "\"variables\" object or \"callflow\")");
	rd_close(&r);

	/* beyond 16 MiB: refused before jansson sees it */
	f = tmpfile();
	assert_non_null(f);
	fputs("{\"variables\":{\"big\":\"", f);
	for (i = 0; i < (17u << 20) / 32; i++)
		fputs("0123456789012345678901234567890", f);
	fputs("\"}}", f);
	rewind(f);
	rd_stream(&r, f, "big.cdr.json");
	rd_fails(&r, VOX_E_LIMIT, "big.cdr.json: larger than 16 MiB: not the "
		 "CDR of one call leg");
	rd_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bid),
		cmocka_unit_test(test_reference),
		cmocka_unit_test(test_quirks),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
