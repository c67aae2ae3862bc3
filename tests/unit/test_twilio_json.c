/* SPDX-License-Identifier: Apache-2.0 */
/* test_twilio_json.c: the Twilio REST API JSON reader. */
#include "unit.h"

#include <unistd.h>

#include "phone.h"
#include "timeconv.h"
#include "voxport/source.h"

#define SRC (&vox_source_twilio_json)
#define DATA "tests/data/twilio-json/"

struct fx {
	FILE *in;
	struct vox_tz *tz;
	void *st;
	struct vox_error err;
	struct vox_phone_plan plan;
};

static void fx_open_path(struct fx *fx, const char *path, const char *name)
{
	struct vox_source_args args;
	struct vox_error err = VOX_ERROR_INIT;

	memset(fx, 0, sizeof(*fx));
	fx->in = fopen(path, "rb");
	assert_non_null(fx->in);
	/* A zone far from UTC: nothing may be read in it. */
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
	const char *base = strrchr(rel, '/');

	snprintf(path, sizeof(path), "%s%s", DATA, rel);
	fx_open_path(fx, unit_path(path), base ? base + 1 : rel);
}

static void fx_close(struct fx *fx)
{
	SRC->close(fx->st);
	vox_tz_free(fx->tz);
	fclose(fx->in);
}

static const struct vox_record *fx_next(struct fx *fx, enum vox_kind kind)
{
	const struct vox_record *rec = NULL;
	int rc = SRC->next(fx->st, &rec, &fx->err);

	if (rc != VOX_OK)
		fail_msg("next: %d %s", rc, fx->err.msg);
	assert_non_null(rec);
	assert_int_equal(rec->kind, kind);
	return rec;
}

static void fx_eof(struct fx *fx)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(SRC->next(fx->st, &rec, &fx->err), VOX_EOF);
}

static void fx_error(struct fx *fx, int code, const char *msg)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(SRC->next(fx->st, &rec, &fx->err), VOX_ERR);
	assert_int_equal(fx->err.code, code);
	assert_string_equal(fx->err.msg, msg);
}

#define STR(a, b)                                                      \
	do {                                                           \
		const char *a_ = (a), *b_ = (b);                       \
		if (!b_)                                               \
			assert_null(a_);                               \
		else                                                   \
			assert_string_equal(a_ ? a_ : "(null)", b_);   \
	} while (0)

static const char *xget(const struct vox_extra *x, const char *key)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (strcmp(x->v[i].key, key) == 0)
			return x->v[i].value;
	return NULL;
}

/* ms of "2024-03-DD HH:MM:SS" UTC */
static int64_t mar(int d, int hh, int mm, int ss)
{
	return ((vox_days_from_civil(2024, 3, (unsigned)d) * 24 + hh) * 60 +
		mm) * 60000LL + ss * 1000LL;
}

static int64_t bid_file(const char *rel)
{
	char path[512], buf[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s%s", DATA, rel);
	f = fopen(unit_path(path), "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return SRC->bid((const unsigned char *)buf, n);
}

static void test_bid(void **state)
{
	static const char *const ok[] = {
		"ok/calls-page.json", "ok/call-single.json",
		"ok/messages-page.json", "ok/message-single.json",
		"ok/recordings-page.json", "ok/recording-single.json",
		"ok/array.json",
	};
	const char *other = "{\"name\": \"x\", \"calls\": []}";
	const char *csv = "\"\",\"1001\",\"1002\"\n";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char path[512], buf[4096];
		FILE *f;
		size_t n;

		assert_true(bid_file(ok[i]) >= 20);
		snprintf(path, sizeof(path), "%s%s", DATA, ok[i]);
		f = fopen(unit_path(path), "rb");
		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		assert_ptr_equal(vox_source_choose((const unsigned char *)buf,
						   n), SRC);
	}
	/* JSON with nothing of Twilio in it, and not JSON at all. */
	assert_int_equal(SRC->bid((const unsigned char *)other,
				  strlen(other)), 0);
	assert_int_equal(SRC->bid((const unsigned char *)csv, strlen(csv)),
			 0);
	assert_int_equal(bid_file("bad/utf16.json"), 0);
}

static void test_calls_page(void **state)
{
	struct fx fx;
	const struct vox_call *c;
	const struct vox_call_leg *l;

	(void)state;
	fx_open(&fx, "ok/calls-page.json");

	/* A <Dial>'s child call, listed before its parent (newest first). */
	c = &fx_next(&fx, VOX_CALL)->u.call;
	l = &c->legs[0];
	assert_int_equal(c->nlegs, 1);
	STR(l->id, "CAc1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1");
	STR(c->group_id, "CAb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0");
	STR(c->id, "CAb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0");
	STR(xget(&l->extra, "parent_call_sid"),
	    "CAb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0");
	STR(xget(&l->extra, "direction"), "outbound-dial");
	assert_int_equal(l->direction, VOX_DIR_OUTBOUND);
	assert_int_equal(l->billsec, 300);
	assert_int_equal(l->duration, 305);
	assert_true(l->answer == VOX_TIME_NONE);

	/* The parent: its own sid is the group. */
	c = &fx_next(&fx, VOX_CALL)->u.call;
	l = &c->legs[0];
	STR(c->group_id, "CAb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0");
	STR(c->id, l->id);
	STR(l->from.name, "ERIN \"E\" O'NEIL");
	assert_int_equal(l->direction, VOX_DIR_INBOUND);
	STR(xget(&l->extra, "forwarded_from"), "+15555550100");
	assert_null(xget(&l->extra, "from_formatted"));
	assert_null(xget(&l->extra, "uri"));
	assert_null(xget(&l->extra, "subresource_uris"));

	/* The reference's answered call: RFC 2822 times, prices kept. */
	c = &fx_next(&fx, VOX_CALL)->u.call;
	l = &c->legs[0];
	assert_true(l->start == mar(5, 14, 12, 7));
	assert_true(l->end == mar(5, 14, 14, 22));
	assert_int_equal(l->billsec, 127);
	assert_int_equal(l->duration, 135);
	assert_int_equal(l->status, VOX_CALL_ANSWERED);
	STR(l->disposition, "completed");
	STR(l->from.raw, "+15555550100");
	STR(l->to.number, "+15555550123");
	STR(xget(&l->extra, "price"), "-0.02600");
	STR(xget(&l->extra, "price_unit"), "USD");
	STR(xget(&l->extra, "answered_by"), "human");
	STR(xget(&l->extra, "account_sid"),
	    "AC11111111111111111111111111111111");

	c = &fx_next(&fx, VOX_CALL)->u.call;
	assert_int_equal(c->legs[0].status, VOX_CALL_NO_ANSWER);
	assert_int_equal(c->legs[0].billsec, 0);
	assert_null(xget(&c->legs[0].extra, "price"));	/* null: dropped */

	/* Queued: every time null; the start is when it was created. */
	c = &fx_next(&fx, VOX_CALL)->u.call;
	l = &c->legs[0];
	assert_true(l->start == mar(5, 17, 0, 0));
	assert_true(l->end == VOX_TIME_NONE);
	assert_int_equal(l->duration, -1);
	assert_int_equal(l->billsec, -1);
	assert_int_equal(l->status, VOX_CALL_UNKNOWN);
	STR(l->disposition, "queued");
	STR(xget(&l->extra, "start"), "date_created");

	/* busy, "" duration; a client: address is no number */
	c = &fx_next(&fx, VOX_CALL)->u.call;
	l = &c->legs[0];
	assert_int_equal(l->status, VOX_CALL_BUSY);
	assert_int_equal(l->billsec, -1);
	STR(l->from.raw, "client:alice");
	STR(l->from.number, "client:alice");

	c = &fx_next(&fx, VOX_CALL)->u.call;
	assert_int_equal(c->legs[0].status, VOX_CALL_FAILED);
	assert_int_equal(c->legs[0].direction, VOX_DIR_OUTBOUND);
	STR(c->legs[0].to.raw, "sip:bob@example.com");

	/* The last of a page that is not the last page says so. */
	c = &fx_next(&fx, VOX_CALL)->u.call;
	assert_int_equal(c->legs[0].status, VOX_CALL_CANCELLED);
	assert_non_null(xget(&c->legs[0].extra, "next_page_uri"));
	fx_eof(&fx);
	fx_eof(&fx);
	assert_string_equal(SRC->time_zone(fx.st), "UTC");
	fx_close(&fx);
}

static void test_messages_page(void **state)
{
	struct fx fx;
	const struct vox_message *m;

	(void)state;
	fx_open(&fx, "ok/messages-page.json");
	m = &fx_next(&fx, VOX_MESSAGE)->u.message;
	STR(m->id, "SM3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c");
	assert_int_equal(m->type, VOX_MSG_SMS);
	assert_int_equal(m->direction, VOX_DIR_INBOUND);
	assert_int_equal(m->box, VOX_BOX_RECEIVED);
	assert_true(m->date == mar(5, 15, 5, 0));
	assert_true(m->date_sent == mar(5, 15, 5, 1));
	STR(m->body, "Running 10 min late, sorry!\nSee you at 3. "
		     "\xF0\x9F\x98\x80");
	STR(m->from.number, "+15555550188");
	assert_int_equal(m->nto, 1);
	STR(m->to[0].number, "+15555550100");
	STR(xget(&m->extra, "status"), "received");
	STR(xget(&m->extra, "num_segments"), "1");

	m = &fx_next(&fx, VOX_MESSAGE)->u.message;
	assert_int_equal(m->box, VOX_BOX_SENT);
	STR(xget(&m->extra, "messaging_service_sid"),
	    "MG44444444444444444444444444444444");

	/* undelivered: the error code kept with the status */
	m = &fx_next(&fx, VOX_MESSAGE)->u.message;
	assert_int_equal(m->box, VOX_BOX_FAILED);
	STR(xget(&m->extra, "status"), "undelivered");
	STR(xget(&m->extra, "error_code"), "30003");
	STR(xget(&m->extra, "error_message"),
	    "Unreachable destination handset");

	/* whatsapp: the channel, not part of the number */
	m = &fx_next(&fx, VOX_MESSAGE)->u.message;
	STR(m->from.raw, "whatsapp:+15555550199");
	STR(m->from.number, "+15555550199");
	STR(m->to[0].number, "+15555550100");
	STR(xget(&m->extra, "channel"), "whatsapp");

	m = &fx_next(&fx, VOX_MESSAGE)->u.message;
	STR(m->from.raw, "messenger:1122334455");
	STR(m->from.number, "1122334455");
	STR(xget(&m->extra, "channel"), "messenger");
	assert_int_equal(m->direction, VOX_DIR_OUTBOUND);

	/* MMS: media are a subresource, counted, not in the file */
	m = &fx_next(&fx, VOX_MESSAGE)->u.message;
	assert_int_equal(m->type, VOX_MSG_MMS);
	assert_null(m->body);
	assert_int_equal(m->nparts, 0);
	STR(xget(&m->extra, "num_media"), "2");

	m = &fx_next(&fx, VOX_MESSAGE)->u.message;
	assert_int_equal(m->box, VOX_BOX_QUEUED);
	assert_true(m->date_sent == VOX_TIME_NONE);
	STR(xget(&m->extra, "num_segments"), "2");
	assert_null(xget(&m->extra, "next_page_uri"));
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_recordings(void **state)
{
	struct fx fx;
	const struct vox_recording *r;

	(void)state;
	fx_open(&fx, "ok/recordings-page.json");
	r = &fx_next(&fx, VOX_RECORDING)->u.recording;
	STR(r->id, "RE4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d");
	STR(r->call_id, "CA0f1e2d3c4b5a69788796a5b4c3d2e1f0");
	assert_int_equal(r->kind, VOX_REC_CALL);
	assert_true(r->start == mar(5, 14, 12, 15));
	assert_int_equal(r->duration_ms, 127000);
	assert_int_equal(r->channels, 2);
	assert_null(r->media_type);
	STR(xget(&r->extra, "media_url"),
	    "https://api.twilio.com/2010-04-01/Accounts/"
	    "AC11111111111111111111111111111111/Recordings/"
	    "RE4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d");
	STR(xget(&r->extra, "source"), "DialVerb");
	STR(xget(&r->extra, "status"), "completed");

	/* in progress: "-1" is unknown, kept as written */
	r = &fx_next(&fx, VOX_RECORDING)->u.recording;
	assert_int_equal(r->duration_ms, -1);
	STR(xget(&r->extra, "duration"), "-1");
	assert_int_equal(r->channels, 1);

	r = &fx_next(&fx, VOX_RECORDING)->u.recording;
	STR(xget(&r->extra, "status"), "absent");
	STR(xget(&r->extra, "error_code"), "16102");
	fx_eof(&fx);
	fx_close(&fx);

	fx_open(&fx, "ok/recording-single.json");
	r = &fx_next(&fx, VOX_RECORDING)->u.recording;
	STR(r->id, "RE4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d");
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_singles_and_array(void **state)
{
	struct fx fx;
	const struct vox_call *c;
	const struct vox_message *m;

	(void)state;
	fx_open(&fx, "ok/call-single.json");
	c = &fx_next(&fx, VOX_CALL)->u.call;
	STR(c->id, "CA0f1e2d3c4b5a69788796a5b4c3d2e1f0");
	fx_eof(&fx);
	fx_close(&fx);

	fx_open(&fx, "ok/message-single.json");
	m = &fx_next(&fx, VOX_MESSAGE)->u.message;
	STR(m->id, "SM3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c");
	fx_eof(&fx);
	fx_close(&fx);

	/* An array of mixed resources; RFC 3339 and other RFC 2822 forms. */
	fx_open(&fx, "ok/array.json");
	c = &fx_next(&fx, VOX_CALL)->u.call;
	assert_true(c->legs[0].end == mar(7, 10, 1, 0) + 500);
	assert_int_equal(c->legs[0].billsec, 60);	/* a JSON integer */
	m = &fx_next(&fx, VOX_MESSAGE)->u.message;
	assert_true(m->date == mar(7, 10, 2, 0));	/* "7 Mar", GMT */
	assert_true(m->date_sent == mar(7, 10, 2, 1));	/* -0500 */
	assert_int_equal(m->direction, VOX_DIR_OUTBOUND);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_bad(void **state)
{
	struct fx fx;

	(void)state;
	fx_open(&fx, "bad/timestamps.json");
	fx_error(&fx, VOX_E_DATA, "timestamps.json: calls[0] "
		 "(CA0f1f2d3c4b5a69788796a5b4c3d2e1f0): bad start_time "
		 "\"Tue, 32 Mar 2024 14:12:07 +0000\"");
	fx_next(&fx, VOX_CALL);	/* the next resource is read */
	fx_error(&fx, VOX_E_DATA, "timestamps.json: calls[2] "
		 "(CA0f1a2d3c4b5a69788796a5b4c3d2e1f0): bad end_time "
		 "\"05/03/2024 14:14\"");
	fx_eof(&fx);
	fx_close(&fx);

	fx_open(&fx, "bad/duration.json");
	fx_error(&fx, VOX_E_DATA, "duration.json: calls[0] "
		 "(CA0f1e2d3c4b5a69788796a5b4c3d2e1f0): bad duration "
		 "\"127s\"");
	fx_next(&fx, VOX_CALL);
	fx_eof(&fx);
	fx_close(&fx);

	/* A file that is not read is one error, then the end. */
	fx_open(&fx, "bad/truncated.json");
	fx_error(&fx, VOX_E_DATA, "truncated.json:3:65: invalid JSON: "
		 "premature end of input near '\"AC111'");
	fx_eof(&fx);
	fx_close(&fx);

	fx_open(&fx, "bad/invalid.json");
	fx_error(&fx, VOX_E_DATA, "invalid.json:3:1: invalid JSON: "
		 "unexpected token near ']'");
	fx_eof(&fx);
	fx_close(&fx);

	fx_open(&fx, "bad/utf16.json");
	fx_error(&fx, VOX_E_DATA, "utf16.json: NUL bytes: UTF-16 or "
		 "binary, not the UTF-8 JSON Twilio writes");
	fx_eof(&fx);
	fx_close(&fx);

	fx_open(&fx, "bad/not-twilio.json");
	fx_error(&fx, VOX_E_DATA, "not-twilio.json: not a Twilio list page "
		 "(no calls, messages or recordings array) nor a resource "
		 "(no sid)");
	fx_eof(&fx);
	fx_close(&fx);

	fx_open(&fx, "bad/calls-not-array.json");
	fx_error(&fx, VOX_E_DATA, "calls-not-array.json: \"calls\" is not "
		 "an array");
	fx_eof(&fx);
	fx_close(&fx);

	fx_open(&fx, "bad/recording-fields.json");
	fx_error(&fx, VOX_E_DATA, "recording-fields.json: recordings[0] "
		 "(RE4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d): bad channels "
		 "(1 or 2)");
	fx_next(&fx, VOX_RECORDING);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_inline_shapes(void **state)
{
	struct fx fx;
	const struct vox_message *m;

	(void)state;
	unit_write("a.json", "[{\"sid\": \"XX1\", \"uri\": \"/x\"}, 7, "
			     "{\"no\": \"sid\"}, {\"sid\": \"SM1\", "
			     "\"date_created\": \"Mon, 4 Mar 2024 25:00 +0000\"}"
			     ", {\"sid\": \"SM2\", \"date_created\": "
			     "\"Mon, 04 Mar 2024 10:00 +0000\", \"price\": "
			     "-0.0025, \"flag\": true}]");
	fx_open_path(&fx, "a.json", "a.json");
	fx_error(&fx, VOX_E_DATA, "a.json: [0] (XX1): not a Call, Message "
		 "or Recording (sid and uri say neither)");
	fx_error(&fx, VOX_E_DATA, "a.json: [1]: not an object");
	fx_error(&fx, VOX_E_DATA, "a.json: [2]: no sid");
	fx_error(&fx, VOX_E_DATA, "a.json: [3] (SM1): bad date_created "
		 "\"Mon, 4 Mar 2024 25:00 +0000\"");
	/* seconds may be left out; numbers and booleans kept as written */
	m = &fx_next(&fx, VOX_MESSAGE)->u.message;
	assert_true(m->date == mar(4, 10, 0, 0));
	STR(xget(&m->extra, "price"), "-0.0025");
	STR(xget(&m->extra, "flag"), "true");
	fx_eof(&fx);
	fx_close(&fx);
}

/* A file over the cap is refused without being parsed. */
static void test_size_cap(void **state)
{
	struct fx fx;
	FILE *f;

	(void)state;
	f = fopen("big.json", "wb");
	assert_non_null(f);
	assert_int_equal(fputc('[', f), '[');
	assert_int_equal(fseek(f, (16L << 20), SEEK_SET), 0);
	assert_int_equal(fputc(']', f), ']');
	assert_int_equal(fclose(f), 0);
	fx_open_path(&fx, "big.json", "big.json");
	fx_error(&fx, VOX_E_LIMIT, "big.json: larger than 16 MiB, the cap "
		 "of twilio-json");
	fx_close(&fx);
	unlink("big.json");
}

static void test_options(void **state)
{
	struct fx fx;

	(void)state;
	fx_open(&fx, "ok/call-single.json");
	assert_int_equal(SRC->option(fx.st, "usegmtime", "yes", &fx.err),
			 VOX_ERR);
	assert_int_equal(fx.err.code, VOX_E_CONFIG);
	assert_string_equal(fx.err.msg,
			    "twilio-json: unknown option \"usegmtime\"");
	fx_close(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bid),
		cmocka_unit_test(test_calls_page),
		cmocka_unit_test(test_messages_page),
		cmocka_unit_test(test_recordings),
		cmocka_unit_test(test_singles_and_array),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_inline_shapes),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
