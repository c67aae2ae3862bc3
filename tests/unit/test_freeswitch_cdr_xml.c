/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_freeswitch_cdr_xml.c: the freeswitch-cdr-xml source
 * (export/freeswitch_cdr_xml.c and the mapping it shares with
 * freeswitch-cdr-json, export/freeswitch_cdr.c).  Fixtures:
 * tests/data/freeswitch-cdr-xml/ (see its README.md); small documents for
 * single rules, and an over-large one, are made here.
 */
#include "unit.h"

#include "phone.h"
#include "record.h"
#include "timeconv.h"
#include "voxport/source.h"

#define SRC vox_source_freeswitch_cdr_xml

struct rd {
	FILE *f;
	void *st;
	struct vox_error err;
	struct vox_phone_plan plan;
	struct vox_tz *tz;
};

static void rd_stream(struct rd *r, FILE *f, const char *name,
		      const char *zone)
{
	struct vox_source_args args = { 0 };

	memset(r, 0, sizeof(*r));
	assert_non_null(f);
	assert_int_equal(vox_phone_plan_for_country("US", &r->plan), VOX_OK);
	r->tz = vox_tz_load(zone, &r->err);
	assert_non_null(r->tz);
	r->f = f;
	args.in = f;
	args.name = name;
	args.tz = r->tz;
	args.plan = &r->plan;
	r->st = SRC.open(&args, &r->err);
	assert_non_null(r->st);
}

static void rd_open(struct rd *r, const char *fixture)
{
	char rel[256];
	const char *slash = strrchr(fixture, '/');

	snprintf(rel, sizeof(rel), "tests/data/freeswitch-cdr-xml/%s",
		 fixture);
	rd_stream(r, fopen(unit_path(rel), "rb"), slash + 1, "UTC");
}

static void rd_text(struct rd *r, const char *text, const char *zone)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	rewind(f);
	rd_stream(r, f, "t.cdr.xml", zone);
}

static void rd_close(struct rd *r)
{
	SRC.close(r->st);
	fclose(r->f);
	vox_tz_free(r->tz);
}

/* The one record of the file, and then the end. */
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

/* A CDR of the given variables (already encoded) and callflow. */
static char *doc(const char *vars, const char *flow)
{
	static char buf[8192];

	snprintf(buf, sizeof(buf),
		 "<?xml version=\"1.0\"?>\n<cdr core-uuid=\"c\" "
		 "switchname=\"sw\">\n<channel_data><direction>inbound"
		 "</direction></channel_data>\n<variables>%s</variables>\n"
		 "%s</cdr>\n", vars, flow ? flow : "");
	return buf;
}

#define START "<start_uepoch>1709647927123456</start_uepoch>"

static void test_bid(void **state)
{
	const char *cdr = "<?xml version=\"1.0\"?>\n<cdr core-uuid=\"x\">";
	char buf[4096];
	size_t n;
	FILE *f;

	(void)state;
	assert_true(SRC.bid((const unsigned char *)cdr, strlen(cdr)) >= 60);
	assert_int_equal(SRC.bid((const unsigned char *)"<cdrs>", 6), 0);
	assert_int_equal(SRC.bid((const unsigned char *)"<calls count=\"1\">",
				 17), 0);
	assert_int_equal(SRC.bid((const unsigned char *)"{\"variables\":{}}",
				 16), 0);
	f = fopen(unit_path("tests/data/freeswitch-cdr-xml/ok/a-leg.cdr.xml"),
		  "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_ptr_equal(vox_source_choose((const unsigned char *)buf, n),
			 &SRC);
	assert_string_equal(SRC.files, "*.xml");
}

/* The reference A-leg (provider-formats.md 2.1), field by field. */
static void test_reference(void **state)
{
	struct rd r;
	const struct vox_call *c;
	const struct vox_call_leg *l;

	(void)state;
	rd_open(&r, "ok/a-leg.cdr.xml");
	c = rd_call(&r);
	l = &c->legs[0];
	assert_string_equal(c->id, "3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44");
	assert_string_equal(c->group_id, c->id);
	assert_string_equal(l->id, c->id);
	/* microseconds, not the seconds of *_epoch or *_stamp */
	assert_int_equal(l->start, ms("2024-03-05T14:12:07.123Z"));
	assert_int_equal(l->answer, ms("2024-03-05T14:12:15.402Z"));
	assert_int_equal(l->end, ms("2024-03-05T14:14:22.887Z"));
	assert_int_equal(l->duration, 135);
	assert_int_equal(l->billsec, 127);
	assert_int_equal(l->status, VOX_CALL_ANSWERED);
	assert_string_equal(l->disposition, "NORMAL_CLEARING");
	assert_string_equal(l->from.name, "Alice Smith");
	assert_string_equal(l->from.raw, "1001");
	assert_string_equal(l->to.raw, "15555550123");
	assert_string_equal(l->to.number, "+15555550123");
	assert_string_equal(l->to.name, "Outbound Call");
	assert_string_equal(l->channel, "sofia/internal/1001@pbx.example.com");
	assert_string_equal(l->peer_channel,
			    "sofia/external/15555550123@carrier.example.net");
	assert_string_equal(l->context, "default");
	assert_string_equal(l->application, "bridge");
	assert_string_equal(l->application_data,
			    "sofia/gateway/carrier/15555550123");
	assert_string_equal(l->account_code, "acme");
	assert_string_equal(l->source.format, "freeswitch-cdr-xml");
	assert_string_equal(l->source.file, "a-leg.cdr.xml");
	/* kept: what has no field; dropped: what a field holds already */
	assert_string_equal(x(c, "sip_hangup_disposition"), "recv_bye");
	assert_string_equal(x(c, "sip_user_agent"),
			    "Yealink SIP-T46S 66.86.0.15");
	assert_string_equal(x(c, "bridge_uuid"),
			    "c2d7e1a0-4a3b-4c5d-8e9f-0a1b2c3d4e5f");
	assert_string_equal(x(c, "switchname"), "pbx1");
	assert_null(x(c, "caller_id"));		/* "Alice Smith" <1001> */
	assert_null(x(c, "start_stamp"));
	assert_null(x(c, "direction"));
	assert_null(x(c, "hangup_cause_q850"));
	assert_null(x(c, "uduration"));
	rd_close(&r);
}

/* A B-leg without call_uuid joins its A-leg through the originator. */
static void test_b_leg(void **state)
{
	struct rd r;
	const struct vox_call *c;

	(void)state;
	rd_open(&r, "ok/b-leg.cdr.xml");
	c = rd_call(&r);
	assert_string_equal(c->legs[0].id,
			    "c2d7e1a0-4a3b-4c5d-8e9f-0a1b2c3d4e5f");
	assert_string_equal(c->group_id,
			    "3f1c9a52-6b1e-4f6e-9d7c-2a5b8e0c1d44");
	assert_string_equal(c->id, c->group_id);
	assert_null(c->legs[0].peer_channel);
	rd_close(&r);

	/* the originator profile first, else signal_bond */
	rd_text(&r, doc("<direction>outbound</direction><uuid>b</uuid>"
			"<signal_bond>s</signal_bond>" START,
			"<callflow profile_index=\"1\"><caller_profile>"
			"<originator><originator_caller_profile><uuid>o</uuid>"
			"</originator_caller_profile></originator>"
			"</caller_profile></callflow>"), "UTC");
	assert_string_equal(rd_call(&r)->group_id, "o");
	rd_close(&r);
	/* an inbound leg is its own call */
	rd_text(&r, doc("<direction>outbound</direction><uuid>b</uuid>"
			"<signal_bond>a</signal_bond>" START, NULL), "UTC");
	assert_string_equal(rd_call(&r)->group_id, "a");
	rd_close(&r);
	rd_text(&r, doc("<direction>inbound</direction><uuid>a</uuid>"
			"<bridge_uuid>b</bridge_uuid>" START, NULL), "UTC");
	assert_string_equal(rd_call(&r)->group_id, "a");
	rd_close(&r);
}

/* Callflows newest first, hold records, extension and times fallbacks. */
static void test_transfer_hold(void **state)
{
	struct rd r;
	const struct vox_call *c;

	(void)state;
	rd_open(&r, "ok/transfer-hold.cdr.xml");
	c = rd_call(&r);
	assert_string_equal(c->legs[0].to.raw, "1003");
	assert_string_equal(c->legs[0].to.name, "Carol Okafor");
	assert_string_equal(x(c, "callflow1.destination_number"), "1002");
	assert_string_equal(x(c, "hold1"),
			    "2024-03-05T15:01:40Z/2024-03-05T15:01:55Z");
	assert_null(x(c, "hold1.bridged_to"));
	assert_string_equal(x(c, "hold2.bridged_to"),
			    "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a");
	rd_close(&r);

	/* the highest profile_index is the newest, wherever it is */
	rd_text(&r, doc("<uuid>u</uuid>" START,
			"<callflow profile_index=\"1\"><caller_profile>"
			"<destination_number>100</destination_number>"
			"</caller_profile></callflow>"
			"<callflow profile_index=\"2\"><caller_profile>"
			"<destination_number>200</destination_number>"
			"<callee_id_name>New</callee_id_name>"
			"</caller_profile></callflow>"), "UTC");
	c = rd_call(&r);
	assert_string_equal(c->legs[0].to.raw, "200");
	assert_string_equal(c->legs[0].to.name, "New");
	assert_string_equal(x(c, "callflow1.destination_number"), "100");
	rd_close(&r);

	rd_open(&r, "ok/flow-times-array.cdr.xml");
	c = rd_call(&r);
	assert_int_equal(c->legs[0].start, ms("2024-03-05T15:36:40.250Z"));
	assert_int_equal(c->legs[0].answer, ms("2024-03-05T15:36:41Z"));
	assert_int_equal(c->legs[0].end, ms("2024-03-05T15:37:41.500Z"));
	assert_int_equal(c->legs[0].duration, 61);
	assert_int_equal(c->legs[0].billsec, 60);
	assert_string_equal(c->legs[0].application, "voicemail");
	assert_string_equal(x(c, "export_vars"), "ARRAY::a|:b c");
	assert_string_equal(x(c, "caller_id"), "\"Reception\" <1000>");
	assert_string_equal(x(c, "my_custom_tag"), "vip&urgent");
	rd_close(&r);
}

/* URL-encoded or not, decided by the file's values. */
static void test_values(void **state)
{
	struct rd r;
	const struct vox_call *c;

	(void)state;
	rd_open(&r, "ok/unanswered-unicode-nan.cdr.xml");
	c = rd_call(&r);
	assert_string_equal(c->legs[0].from.name,
			    "Zo\xc3\xab M\xc3\xbcller-\xc5\x81ukasiewicz "
			    "\xe6\x9d\x8e");
	assert_int_equal(c->legs[0].answer, VOX_TIME_NONE);
	assert_int_equal(c->legs[0].billsec, 0);
	assert_int_equal(c->status, VOX_CALL_NO_ANSWER);
	rd_close(&r);

	rd_open(&r, "ok/unencoded.cdr.xml");
	c = rd_call(&r);
	assert_string_equal(c->legs[0].from.name, "Grace O'Neil & Co");
	assert_string_equal(x(c, "promo"), "50%20off: literal");
	rd_close(&r);

	/* a bad %-sequence stays; a Latin-1 byte is read as Windows-1252 */
	rd_text(&r, doc("<uuid>u</uuid><a>100%25%ZZ%4</a>"
			"<caller_id_name>Ren%E9</caller_id_name>" START,
			NULL), "UTC");
	c = rd_call(&r);
	assert_string_equal(x(c, "a"), "100%%ZZ%4");
	assert_string_equal(c->legs[0].from.name, "Ren\xc3\xa9");
	rd_close(&r);

	/* an empty caller number is absent, not "" */
	rd_text(&r, doc("<uuid>u</uuid><caller_id_number></caller_id_number>"
			START, NULL), "UTC");
	c = rd_call(&r);
	assert_null(c->legs[0].from.raw);
	assert_null(c->legs[0].from.number);
	rd_close(&r);
}

/* Seconds, local stamps: used when microseconds are not there. */
static void test_times(void **state)
{
	struct rd r;
	const struct vox_call *c;

	(void)state;
	rd_open(&r, "ok/busy-epochs.cdr.xml");
	c = rd_call(&r);
	assert_int_equal(c->start, ms("2024-03-05T15:20:00Z"));
	assert_int_equal(c->status, VOX_CALL_BUSY);
	rd_close(&r);

	rd_text(&r, doc("<uuid>u</uuid>"
			"<start_stamp>2024-07-01%2009%3A30%3A00</start_stamp>"
			"<end_stamp>2024-07-01%2009%3A30%3A12</end_stamp>",
			NULL), "Europe/London");
	c = rd_call(&r);
	assert_int_equal(c->start, ms("2024-07-01T08:30:00Z"));
	assert_int_equal(c->end, ms("2024-07-01T08:30:12Z"));
	assert_int_equal(c->duration, 12);	/* from the times */
	assert_int_equal(c->billsec, 0);
	rd_close(&r);
}

static void test_status(void **state)
{
	static const struct {
		const char *vars;
		enum vox_call_status status;
	} cases[] = {
		{ "<hangup_cause>NORMAL_CLEARING</hangup_cause>"
		  "<billsec>3</billsec>", VOX_CALL_ANSWERED },
		{ "<hangup_cause>MEDIA_TIMEOUT</hangup_cause>"
		  "<answer_uepoch>1709647928000000</answer_uepoch>",
		  VOX_CALL_ANSWERED },
		{ "<hangup_cause>NORMAL_CLEARING</hangup_cause>",
		  VOX_CALL_NO_ANSWER },
		{ "<hangup_cause>NO_ANSWER</hangup_cause>", VOX_CALL_NO_ANSWER },
		{ "<hangup_cause>USER_BUSY</hangup_cause>", VOX_CALL_BUSY },
		{ "<hangup_cause>CALL_REJECTED</hangup_cause>", VOX_CALL_BUSY },
		{ "<hangup_cause>ORIGINATOR_CANCEL</hangup_cause>",
		  VOX_CALL_CANCELLED },
		{ "<hangup_cause>LOSE_RACE</hangup_cause>",
		  VOX_CALL_CANCELLED },
		{ "<hangup_cause>SWITCH_CONGESTION</hangup_cause>",
		  VOX_CALL_CONGESTION },
		{ "<hangup_cause>UNALLOCATED_NUMBER</hangup_cause>",
		  VOX_CALL_FAILED },
		{ "", VOX_CALL_UNKNOWN },
	};
	char vars[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rd r;
		const struct vox_call *c;

		snprintf(vars, sizeof(vars), "<uuid>u</uuid>%s" START,
			 cases[i].vars);
		rd_text(&r, doc(vars, NULL), "UTC");
		c = rd_call(&r);
		if (c->status != cases[i].status)
			fail_msg("%s: status %d", cases[i].vars, c->status);
		rd_close(&r);
	}
}

static void test_errors(void **state)
{
	struct rd r;
	FILE *f;
	size_t i;

	(void)state;
	rd_open(&r, "bad/xxe.cdr.xml");
	rd_fails(&r, VOX_E_LIMIT, "xxe.cdr.xml:2: entity declaration refused "
		 "(no DTD entities are read, against XXE and entity "
		 "expansion)");
	rd_close(&r);
	rd_open(&r, "bad/other-root.xml");
	rd_fails(&r, VOX_E_DATA, "other-root.xml:2: not a mod_xml_cdr file "
		 "(root <calls>, not <cdr>)");
	rd_close(&r);
	rd_open(&r, "bad/bad-uepoch.cdr.xml");
	rd_fails(&r, VOX_E_DATA, "bad-uepoch.cdr.xml: bad start_uepoch "
		 "\"17096479x7123456\"");
	rd_close(&r);
	rd_open(&r, "bad/no-start.cdr.xml");
	rd_fails(&r, VOX_E_DATA, "no-start.cdr.xml: no start time "
		 "(start_uepoch, start_epoch, start_stamp or a callflow's "
		 "created_time)");
	rd_close(&r);
	rd_text(&r, doc("<uuid>u</uuid><start_epoch>99999999999999"
			"</start_epoch>", NULL), "UTC");
	rd_fails(&r, VOX_E_DATA, "t.cdr.xml: bad start_epoch "
		 "\"99999999999999\"");
	rd_close(&r);

	/* beyond 16 MiB kept: refused, not held */
	f = tmpfile();
	assert_non_null(f);
	fputs("<cdr><variables><uuid>u</uuid>" START, f);
	for (i = 0; i < (17u << 20) / 32; i++)
		fputs("<v>01234567890123456789012</v>", f);
	fputs("</variables></cdr>", f);
	rewind(f);
	rd_stream(&r, f, "big.cdr.xml", "UTC");
	rd_fails(&r, VOX_E_LIMIT, "big.cdr.xml: more than 16 MiB of variables "
		 "and profiles: not the CDR of one call leg");
	rd_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bid),
		cmocka_unit_test(test_reference),
		cmocka_unit_test(test_b_leg),
		cmocka_unit_test(test_transfer_hold),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
