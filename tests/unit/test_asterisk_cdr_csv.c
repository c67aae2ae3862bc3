/* SPDX-License-Identifier: Apache-2.0 */
/* test_asterisk_cdr_csv.c: the Asterisk cdr_csv Master.csv reader. */
#include "unit.h"

#include "phone.h"
#include "timeconv.h"
#include "voxport/source.h"

#define SRC (&vox_source_asterisk_cdr_csv)
#define DATA "tests/data/asterisk-cdr-csv/"

/* ms since the epoch of a UTC civil time (days_from_civil). */
static int64_t utc(int y, int m, int d, int hh, int mm, int ss)
{
	int64_t era, yoe, doy, doe, days;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return ((days * 24 + hh) * 60 + mm) * 60000 + ss * 1000LL;
}

struct fx {
	FILE *in;
	struct vox_tz *tz;
	void *st;
	struct vox_error err;
	const char *name;
};

static void fx_open_path(struct fx *fx, const char *path, const char *name,
			 const char *zone, const struct vox_phone_plan *plan)
{
	struct vox_source_args args;
	struct vox_error err = VOX_ERROR_INIT;

	memset(fx, 0, sizeof(*fx));
	fx->name = name;
	fx->in = fopen(path, "rb");
	assert_non_null(fx->in);
	fx->tz = vox_tz_load(zone, &err);
	assert_non_null(fx->tz);
	memset(&args, 0, sizeof(args));
	args.in = fx->in;
	args.name = name;
	args.tz = fx->tz;
	args.plan = plan;
	fx->st = SRC->open(&args, &fx->err);
	assert_non_null(fx->st);
}

/* Open a fixture under tests/data/asterisk-cdr-csv/. */
static void fx_open(struct fx *fx, const char *rel, const char *zone)
{
	char path[512];
	const char *base = strrchr(rel, '/');

	snprintf(path, sizeof(path), "%s%s", DATA, rel);
	fx_open_path(fx, unit_path(path), base ? base + 1 : rel, zone, NULL);
}

static void fx_close(struct fx *fx)
{
	SRC->close(fx->st);
	vox_tz_free(fx->tz);
	fclose(fx->in);
}

static const struct vox_call *fx_next(struct fx *fx)
{
	const struct vox_record *rec = NULL;
	int rc = SRC->next(fx->st, &rec, &fx->err);

	if (rc != VOX_OK)
		fail_msg("next: %d %s", rc, fx->err.msg);
	assert_non_null(rec);
	assert_int_equal(rec->kind, VOX_CALL);
	assert_int_equal(rec->u.call.nlegs, 1);
	assert_non_null(rec->u.call.legs);
	return &rec->u.call;
}

static void fx_eof(struct fx *fx)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(SRC->next(fx->st, &rec, &fx->err), VOX_EOF);
}

static void fx_error(struct fx *fx, const char *msg)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(SRC->next(fx->st, &rec, &fx->err), VOX_ERR);
	assert_int_equal(fx->err.code, VOX_E_DATA);
	assert_string_equal(fx->err.msg, msg);
}

static void fx_option(struct fx *fx, const char *key, const char *value)
{
	if (SRC->option(fx->st, key, value, &fx->err) != VOX_OK)
		fail_msg("option %s=%s: %s", key, value, fx->err.msg);
}

/* NULL-safe string check. */
#define STR(a, b)                                                      \
	do {                                                           \
		const char *a_ = (a), *b_ = (b);                       \
		if (!b_)                                               \
			assert_null(a_);                               \
		else                                                   \
			assert_string_equal(a_ ? a_ : "(null)", b_);   \
	} while (0)

static const char *extra(const struct vox_call *c, const char *key)
{
	const struct vox_extra *x = &c->legs[0].extra;
	size_t i;

	for (i = 0; i < x->n; i++)
		if (strcmp(x->v[i].key, key) == 0)
			return x->v[i].value;
	return NULL;
}

/* The call-level fields mirror the one leg. */
static void check_mirror(const struct vox_call *c)
{
	const struct vox_call_leg *l = &c->legs[0];

	STR(c->from.raw, l->from.raw);
	STR(c->from.number, l->from.number);
	STR(c->from.name, l->from.name);
	STR(c->to.raw, l->to.raw);
	STR(c->to.number, l->to.number);
	assert_true(c->start == l->start);
	assert_true(c->answer == l->answer);
	assert_true(c->end == l->end);
	assert_true(c->duration == l->duration);
	assert_true(c->billsec == l->billsec);
	assert_int_equal(c->status, l->status);
	STR(c->account_code, l->account_code);
	STR(c->source.format, "asterisk-cdr-csv");
	STR(c->source.file, l->source.file);
	assert_int_equal(c->source.line, l->source.line);
	assert_int_equal(c->direction, VOX_DIR_UNKNOWN);
	assert_int_equal(l->direction, VOX_DIR_UNKNOWN);
}

/* ---- ok/ -------------------------------------------------------------- */

static void test_default_16_local_dst(void **state)
{
	struct fx fx;
	const struct vox_call *c;
	const struct vox_call_leg *l;

	(void)state;
	fx_open(&fx, "ok/default-16.csv", "Europe/London");

	/* 2024-03-30 is still GMT in London. */
	c = fx_next(&fx);
	l = &c->legs[0];
	check_mirror(c);
	STR(c->id, "default-16.csv:1");
	STR(c->group_id, NULL);
	STR(l->id, NULL);
	STR(l->account_code, NULL);
	STR(l->from.raw, "1001");
	STR(l->from.number, "1001");
	STR(l->from.name, "Alice Smith");
	STR(l->to.raw, "15555550123");
	STR(l->to.name, NULL);
	STR(l->context, "from-internal");
	STR(l->channel, "PJSIP/1001-00000012");
	STR(l->peer_channel, "PJSIP/trunk-00000013");
	STR(l->application, "Dial");
	STR(l->application_data, "PJSIP/15555550123@trunk,60,tT");
	STR(l->peer_account, NULL);
	assert_true(l->start == utc(2024, 3, 30, 14, 12, 7));
	assert_true(l->answer == utc(2024, 3, 30, 14, 12, 15));
	assert_true(l->end == utc(2024, 3, 30, 14, 14, 22));
	assert_int_equal(l->duration, 135);
	assert_int_equal(l->billsec, 127);
	STR(l->disposition, "ANSWERED");
	assert_int_equal(l->status, VOX_CALL_ANSWERED);
	STR(l->source.format, "asterisk-cdr-csv");
	STR(l->source.file, "default-16.csv");
	assert_int_equal(l->source.line, 1);
	assert_int_equal(l->extra.n, 1);
	STR(extra(c, "amaflags"), "DOCUMENTATION");

	/* 2024-04-01 is BST: one hour ahead of UTC; not answered. */
	c = fx_next(&fx);
	l = &c->legs[0];
	check_mirror(c);
	STR(c->id, "default-16.csv:2");
	STR(l->from.raw, "15555550188");
	STR(l->from.name, "WIRELESS CALLER");
	STR(l->to.raw, "1002");
	assert_true(l->start == utc(2024, 4, 1, 14, 1, 44));
	assert_true(l->answer == VOX_TIME_NONE);
	assert_true(l->end == utc(2024, 4, 1, 14, 2, 4));
	assert_int_equal(l->duration, 20);
	assert_int_equal(l->billsec, 0);
	STR(l->disposition, "NO ANSWER");
	assert_int_equal(l->status, VOX_CALL_NO_ANSWER);
	assert_int_equal(l->source.line, 2);

	/* `"" <1004>`: no name, and no clid kept since it says nothing new. */
	c = fx_next(&fx);
	l = &c->legs[0];
	check_mirror(c);
	STR(l->from.raw, "1004");
	STR(l->from.name, NULL);
	STR(extra(c, "clid"), NULL);
	assert_int_equal(l->status, VOX_CALL_BUSY);
	assert_true(l->answer == VOX_TIME_NONE);
	fx_eof(&fx);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_sample_18_usegmtime(void **state)
{
	static const char *const yes[] = { "yes", "true", "1", "YES", "on" };
	struct fx fx;
	const struct vox_call *c;
	const struct vox_call_leg *l;
	size_t i;

	(void)state;
	/* Without the option, the times are London wall times (BST). */
	fx_open(&fx, "ok/sample-18.csv", "Europe/London");
	c = fx_next(&fx);
	assert_true(c->start == utc(2024, 7, 1, 8, 0, 0));
	fx_close(&fx);

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		fx_open(&fx, "ok/sample-18.csv", "Europe/London");
		fx_option(&fx, "usegmtime", yes[i]);
		c = fx_next(&fx);
		assert_true(c->start == utc(2024, 7, 1, 9, 0, 0));
		fx_close(&fx);
	}

	/* Set, then unset again: local time. */
	fx_open(&fx, "ok/sample-18.csv", "Europe/London");
	fx_option(&fx, "usegmtime", "yes");
	fx_option(&fx, "usegmtime", "false");
	c = fx_next(&fx);
	assert_true(c->start == utc(2024, 7, 1, 8, 0, 0));
	fx_close(&fx);

	fx_open(&fx, "ok/sample-18.csv", "Europe/London");
	fx_option(&fx, "usegmtime", "yes");
	c = fx_next(&fx);
	l = &c->legs[0];
	check_mirror(c);
	STR(l->id, "1719824400.31");
	STR(l->source.id, "1719824400.31");
	STR(c->id, "1719824400.31");
	STR(c->group_id, NULL);
	assert_true(l->answer == utc(2024, 7, 1, 9, 0, 5));
	assert_true(l->end == utc(2024, 7, 1, 9, 10, 5));
	assert_int_equal(l->duration, 605);
	assert_int_equal(l->billsec, 600);
	STR(extra(c, "amaflags"), "BILLING");
	STR(extra(c, "userfield"), "sales");
	assert_int_equal(l->extra.n, 2);

	c = fx_next(&fx);
	l = &c->legs[0];
	check_mirror(c);
	STR(l->account_code, "acct42");
	STR(c->account_code, "acct42");
	STR(l->from.raw, "1003");
	STR(l->from.name, "Bob \"Bobby\" Jones");
	STR(l->to.raw, "*97");
	STR(l->to.number, "*97");
	STR(l->peer_channel, NULL);
	STR(l->application, "VoiceMailMain");
	STR(l->application_data, NULL);
	STR(extra(c, "userfield"), NULL);
	assert_int_equal(l->extra.n, 1);

	c = fx_next(&fx);
	l = &c->legs[0];
	STR(l->id, "1719831600.33");
	STR(l->from.name, "Carol");
	assert_true(l->answer == VOX_TIME_NONE);
	assert_int_equal(l->status, VOX_CALL_NO_ANSWER);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_uniqueid_17(void **state)
{
	struct fx fx;
	const struct vox_call *c;

	(void)state;
	fx_open(&fx, "ok/uniqueid-17.csv", "UTC");
	c = fx_next(&fx);
	check_mirror(c);
	STR(c->legs[0].id, "1707566400.40");
	STR(c->id, "1707566400.40");
	STR(extra(c, "userfield"), NULL);
	assert_true(c->start == utc(2024, 2, 10, 12, 0, 0));
	c = fx_next(&fx);
	/* A system name in front, itself with dashes. */
	STR(c->legs[0].id, "pbx-eu-1-1707568200.41");
	STR(c->id, "pbx-eu-1-1707568200.41");
	STR(c->legs[0].disposition, "CANCEL");
	assert_int_equal(c->status, VOX_CALL_CANCELLED);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_userfield_17(void **state)
{
	struct fx fx;
	const struct vox_call *c;

	(void)state;
	fx_open(&fx, "ok/userfield-17.csv", "UTC");
	c = fx_next(&fx);
	check_mirror(c);
	STR(c->legs[0].id, NULL);
	STR(c->id, "userfield-17.csv:1");
	STR(extra(c, "userfield"), "callback requested");
	c = fx_next(&fx);
	STR(c->legs[0].id, NULL);
	STR(extra(c, "userfield"), NULL);
	assert_int_equal(c->status, VOX_CALL_CONGESTION);
	fx_eof(&fx);
	fx_close(&fx);
}

#define ROW17(c17)                                                     \
	"\"\",\"1001\",\"1002\",\"from-internal\",\"\"\"A\"\" <1001>\","    \
	"\"PJSIP/1001-1\",\"\",\"Dial\",\"\",\"2024-01-01 00:00:00\",,"     \
	"\"2024-01-01 00:00:05\",5,0,\"NO ANSWER\",\"DOCUMENTATION\","    \
	"\"" c17 "\"\n"

static void test_column17_option(void **state)
{
	struct fx fx;
	const struct vox_call *c;

	(void)state;
	unit_write("ambiguous.csv", ROW17("3.14") ROW17("sales"));

	/* By shape: 3.14 looks like a uniqueid, "sales" does not. */
	fx_open_path(&fx, "ambiguous.csv", "ambiguous.csv", "UTC", NULL);
	c = fx_next(&fx);
	STR(c->legs[0].id, "3.14");
	STR(extra(c, "userfield"), NULL);
	c = fx_next(&fx);
	STR(c->legs[0].id, NULL);
	STR(extra(c, "userfield"), "sales");
	fx_close(&fx);

	fx_open_path(&fx, "ambiguous.csv", "ambiguous.csv", "UTC", NULL);
	fx_option(&fx, "column17", "userfield");
	c = fx_next(&fx);
	STR(c->legs[0].id, NULL);
	STR(extra(c, "userfield"), "3.14");
	fx_close(&fx);

	fx_open_path(&fx, "ambiguous.csv", "ambiguous.csv", "UTC", NULL);
	fx_option(&fx, "column17", "uniqueid");
	fx_next(&fx);
	c = fx_next(&fx);
	STR(c->legs[0].id, "sales");
	STR(c->id, "sales");
	STR(extra(c, "userfield"), NULL);
	fx_close(&fx);

	fx_open_path(&fx, "ambiguous.csv", "ambiguous.csv", "UTC", NULL);
	fx_option(&fx, "column17", "userfield");
	fx_option(&fx, "column17", "auto");
	c = fx_next(&fx);
	STR(c->legs[0].id, "3.14");
	fx_close(&fx);
}

static void test_newcols_19(void **state)
{
	struct fx fx;
	const struct vox_call *c;
	const struct vox_call_leg *l;

	(void)state;
	fx_open(&fx, "ok/newcols-19.csv", "UTC");
	c = fx_next(&fx);
	l = &c->legs[0];
	check_mirror(c);
	STR(l->id, NULL);
	STR(l->peer_account, "trunk-acct");
	STR(c->group_id, "1714640400.50");
	STR(c->id, "1714640400.50");
	STR(extra(c, "sequence"), "7");
	STR(extra(c, "userfield"), NULL);
	assert_int_equal(l->extra.n, 2);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_uniqueid_20(void **state)
{
	struct fx fx;
	const struct vox_call *c;
	const struct vox_call_leg *l;

	(void)state;
	fx_open(&fx, "ok/uniqueid-20.csv", "UTC");
	c = fx_next(&fx);
	l = &c->legs[0];
	check_mirror(c);
	STR(l->id, "1714644000.51");
	STR(l->peer_account, NULL);
	STR(c->group_id, "1714644000.51");
	STR(extra(c, "sequence"), "1");
	STR(extra(c, "userfield"), NULL);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_linked_21(void **state)
{
	static const char *const ids[] = { "1717406100.60", "1717406100.60",
					   "1717406220.61" };
	static const char *const seq[] = { "101", "102", "103" };
	struct fx fx;
	const struct vox_call *c;
	const struct vox_call_leg *l;
	int i;

	(void)state;
	fx_open(&fx, "ok/linked-21.csv", "UTC");
	for (i = 0; i < 3; i++) {
		c = fx_next(&fx);
		l = &c->legs[0];
		check_mirror(c);
		STR(c->group_id, "1717406100.60");
		STR(c->id, "1717406100.60");
		STR(l->id, ids[i]);
		STR(extra(c, "sequence"), seq[i]);
		assert_int_equal(l->source.line, i + 1);
		if (i == 1) {
			STR(extra(c, "userfield"), "queue-support");
			STR(l->peer_account, "acct43");
			STR(l->peer_channel, "PJSIP/1003-00000052");
			STR(l->application_data, "support,t,,,60");
			assert_int_equal(l->status, VOX_CALL_ANSWERED);
		} else {
			STR(extra(c, "userfield"), NULL);
			STR(l->peer_account, NULL);
		}
	}
	c = fx_next(&fx);
	l = &c->legs[0];
	check_mirror(c);
	STR(c->group_id, "1709655600.22");
	STR(l->id, "1709655600.22");
	STR(l->account_code, "acct42");
	STR(l->from.name, "Bob \"Bobby\" Jones");
	STR(l->to.raw, "*97");
	STR(extra(c, "amaflags"), "BILLING");
	STR(extra(c, "userfield"), "vm-check");
	STR(extra(c, "sequence"), "41");
	assert_int_equal(l->extra.n, 3);
	assert_true(l->start == utc(2024, 3, 5, 16, 20, 0));
	assert_int_equal(l->duration, 70);
	assert_int_equal(l->billsec, 70);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_clid_forms(void **state)
{
	struct fx fx;
	const struct vox_call *c;
	const struct vox_call_leg *l;

	(void)state;
	fx_open(&fx, "ok/clid-forms.csv", "UTC");

	c = fx_next(&fx);	/* backslash-escaped quotes */
	check_mirror(c);
	STR(c->from.name, "Bob \"Bobby\" Jones");
	STR(c->from.raw, "1003");
	STR(extra(c, "clid"), NULL);

	c = fx_next(&fx);	/* a comma in the name */
	STR(c->from.name, "Smith, John");
	STR(c->from.raw, "1005");
	assert_int_equal(c->status, VOX_CALL_NO_ANSWER);

	c = fx_next(&fx);	/* an escaped backslash, quotes at the end */
	STR(c->from.name, "Back\\slash \"Q\"");
	STR(extra(c, "clid"), NULL);
	assert_int_equal(c->status, VOX_CALL_FAILED);

	c = fx_next(&fx);	/* "" <1004> */
	STR(c->from.name, NULL);
	STR(c->from.raw, "1004");
	STR(extra(c, "clid"), NULL);
	assert_int_equal(c->status, VOX_CALL_BUSY);

	c = fx_next(&fx);	/* "" <> and no src: nobody */
	l = &c->legs[0];
	check_mirror(c);
	STR(l->from.name, NULL);
	STR(l->from.raw, NULL);
	STR(l->from.number, NULL);
	STR(l->to.raw, "s");
	STR(l->to.number, "s");
	STR(l->peer_channel, NULL);
	STR(extra(c, "clid"), NULL);
	assert_int_equal(c->status, VOX_CALL_CONGESTION);

	c = fx_next(&fx);	/* just a number: kept in extra */
	STR(c->from.name, NULL);
	STR(c->from.raw, "1007");
	STR(extra(c, "clid"), "1007");
	STR(extra(c, "amaflags"), "OMIT");
	assert_int_equal(c->status, VOX_CALL_CANCELLED);

	c = fx_next(&fx);	/* just a name, no src */
	STR(c->from.name, NULL);
	STR(c->from.raw, NULL);
	STR(extra(c, "clid"), "Reception");
	STR(c->legs[0].disposition, "UNKNOWN");
	assert_int_equal(c->status, VOX_CALL_UNKNOWN);

	c = fx_next(&fx);	/* a name, no number */
	STR(c->from.name, "Alice");
	STR(c->from.raw, "1001");
	STR(extra(c, "clid"), NULL);
	STR(c->legs[0].disposition, "WEIRD");
	assert_int_equal(c->status, VOX_CALL_UNKNOWN);

	c = fx_next(&fx);	/* src empty: the number comes from clid */
	check_mirror(c);
	STR(c->from.name, "Gina");
	STR(c->from.raw, "1010");
	STR(c->from.number, "1010");
	STR(extra(c, "clid"), NULL);

	c = fx_next(&fx);	/* a clid number src does not show: kept */
	STR(c->from.name, "Hank");
	STR(c->from.raw, "1011");
	STR(extra(c, "clid"), "\"Hank\" <15555550177>");

	c = fx_next(&fx);	/* the name's quote never closes */
	STR(c->from.name, NULL);
	STR(c->from.raw, "1012");
	STR(extra(c, "clid"), "\"Broken <1012>");
	STR(c->legs[0].disposition, NULL);
	assert_int_equal(c->status, VOX_CALL_UNKNOWN);

	c = fx_next(&fx);	/* before Asterisk escaped names */
	STR(c->from.name, "Bob \"Bobby\" Jones");
	STR(extra(c, "clid"), NULL);

	c = fx_next(&fx);	/* '<' in the name: the last one counts */
	STR(c->from.name, "Sales <EU>");
	STR(c->from.raw, "1014");
	STR(extra(c, "clid"), NULL);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_latin1(void **state)
{
	struct fx fx;
	const struct vox_call *c;

	(void)state;
	fx_open(&fx, "ok/latin1.csv", "UTC");
	c = fx_next(&fx);
	STR(c->from.name, "J\xc3\xbcrgen M\xc3\xbcller");
	STR(c->legs[0].application_data,
	    "bienvenue-fran\xc3\xa7" "ais,noanswer");
	c = fx_next(&fx);
	/* Windows-1252: 0x80 is the euro sign. */
	STR(c->account_code, "Caf\xc3\xa9 \xe2\x82\xac");
	/* Valid UTF-8 stays as it is. */
	STR(c->from.name, "Zo\xc3\xab");
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_crlf(void **state)
{
	struct fx fx;
	const struct vox_call *c;

	(void)state;
	fx_open(&fx, "ok/crlf.csv", "UTC");
	c = fx_next(&fx);
	STR(extra(c, "userfield"), "crlf");
	STR(c->legs[0].id, "1730725200.80");
	assert_int_equal(c->source.line, 1);
	c = fx_next(&fx);
	STR(c->legs[0].id, "1730725800.81");
	STR(extra(c, "amaflags"), "DOCUMENTATION");
	assert_int_equal(c->status, VOX_CALL_BUSY);
	assert_int_equal(c->source.line, 2);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_no_final_newline(void **state)
{
	struct fx fx;
	const struct vox_call *c;

	(void)state;
	fx_open(&fx, "ok/no-final-newline.csv", "UTC");
	c = fx_next(&fx);
	STR(extra(c, "sequence"), "11");
	c = fx_next(&fx);
	STR(extra(c, "sequence"), "12");
	STR(c->group_id, "1733133900.91");
	assert_int_equal(c->billsec, 9);
	assert_int_equal(c->source.line, 2);
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_header_skipped(void **state)
{
	struct fx fx;
	const struct vox_call *c;

	(void)state;
	fx_open(&fx, "ok/header.csv", "UTC");
	c = fx_next(&fx);
	assert_int_equal(c->source.line, 2);
	STR(c->from.name, "Alice Smith");
	c = fx_next(&fx);
	assert_int_equal(c->source.line, 3);
	fx_eof(&fx);
	fx_close(&fx);

	/* Only at line 1: a later "accountcode" row is a bad row. */
	unit_write("late.csv", "\"\",\"1\"\naccountcode,src\n");
	fx_open_path(&fx, "late.csv", "late.csv", "UTC", NULL);
	fx_error(&fx, "late.csv:1: bad column count 2 (cdr_csv writes 16 "
		 "to 21)");
	fx_error(&fx, "late.csv:2: bad column count 2 (cdr_csv writes 16 "
		 "to 21)");
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_mixed_widths(void **state)
{
	struct fx fx;
	const struct vox_call *c;

	(void)state;
	fx_open(&fx, "ok/mixed-widths.csv", "UTC");
	c = fx_next(&fx);
	STR(c->legs[0].id, NULL);
	STR(c->id, "mixed-widths.csv:1");
	assert_int_equal(c->legs[0].extra.n, 1);
	c = fx_next(&fx);
	STR(c->legs[0].id, "1725267600.70");
	STR(extra(c, "userfield"), "after-reload");
	STR(c->group_id, NULL);
	c = fx_next(&fx);
	STR(c->legs[0].id, "1725354000.71");
	STR(c->group_id, "1725354000.71");
	STR(extra(c, "sequence"), "5");
	fx_eof(&fx);
	fx_close(&fx);
}

/* Many rows: records are reused, nothing accumulates. */
static void test_many_rows(void **state)
{
	enum { ROWS = 20000 };
	struct fx fx;
	const struct vox_call *c = NULL;
	FILE *f;
	int i;

	(void)state;
	f = fopen("big.csv", "wb");
	assert_non_null(f);
	for (i = 0; i < ROWS; i++)
		fprintf(f, "\"\",\"%d\",\"1002\",\"from-internal\","
			"\"\"\"Caller %d\"\" <%d>\",\"PJSIP/x\",\"PJSIP/y\","
			"\"Dial\",\"PJSIP/1002,20\",\"2024-01-01 00:00:00\","
			"\"2024-01-01 00:00:01\",\"2024-01-01 00:00:%02d\","
			"%d,%d,\"ANSWERED\",\"DOCUMENTATION\","
			"\"1704067200.%d\",\"\",\"\",\"1704067200.%d\",%d\n",
			1000 + i, i, 1000 + i, 1 + i % 50, 1 + i % 50,
			i % 50, i, i - i % 3, i);
	assert_int_equal(fclose(f), 0);
	fx_open_path(&fx, "big.csv", "big.csv", "UTC", NULL);
	for (i = 0; i < ROWS; i++)
		c = fx_next(&fx);
	assert_int_equal(c->source.line, ROWS);
	STR(c->from.name, "Caller 19999");
	STR(c->legs[0].id, "1704067200.19999");
	STR(c->group_id, "1704067200.19998");
	fx_eof(&fx);
	fx_close(&fx);
}

/* Numbers: raw as written, E.164 with the default country's plan. */
static void test_numbers(void **state)
{
	struct vox_phone_plan us;
	struct fx fx;
	const struct vox_call *c;
	char path[512];

	(void)state;
	/* No plan: a national number stays as written. */
	fx_open(&fx, "ok/default-16.csv", "UTC");
	c = fx_next(&fx);
	STR(c->to.raw, "15555550123");
	STR(c->to.number, "15555550123");
	fx_close(&fx);

	assert_int_equal(vox_phone_plan_for_country("US", &us), VOX_OK);
	snprintf(path, sizeof(path), "%sok/default-16.csv", DATA);
	fx_open_path(&fx, unit_path(path), "default-16.csv", "UTC", &us);
	c = fx_next(&fx);
	check_mirror(c);
	STR(c->from.raw, "1001");
	STR(c->from.number, "1001");
	STR(c->to.raw, "15555550123");
	STR(c->to.number, "+15555550123");
	c = fx_next(&fx);
	check_mirror(c);
	STR(c->from.raw, "15555550188");
	STR(c->from.number, "+15555550188");
	STR(c->to.number, "1002");
	fx_close(&fx);

	/* The clid number, used when src is empty, is normalised too. */
	unit_write("gina.csv", "\"\",\"\",\"1001\",\"from-trunk\","
		   "\"\"\"Gina\"\" <15555550111>\",\"\",\"\",\"\",\"\","
		   "\"2024-01-01 00:00:00\",,\"2024-01-01 00:00:03\",3,0,"
		   "\"NO ANSWER\",\"DOCUMENTATION\"\n");
	fx_open_path(&fx, "gina.csv", "gina.csv", "UTC", &us);
	c = fx_next(&fx);
	check_mirror(c);
	STR(c->from.name, "Gina");
	STR(c->from.raw, "15555550111");
	STR(c->from.number, "+15555550111");
	STR(c->to.number, "1001");
	fx_close(&fx);
}

/* ---- bad/ ------------------------------------------------------------- */

static void test_bad_fixtures(void **state)
{
	static const struct {
		const char *file, *msg;
		int more;	/* a good row follows the bad one */
	} bad[] = {
		{ "columns.csv", "columns.csv:2: bad column count 15 "
		  "(cdr_csv writes 16 to 21)", 1 },
		{ "duration.csv", "duration.csv:2: bad duration \"x1\"", 1 },
		{ "billsec.csv", "billsec.csv:2: bad billsec \"-5\"", 1 },
		{ "start-date.csv", "start-date.csv:2: bad start time "
		  "\"2024-13-05 14:12:07\"", 1 },
		{ "empty-start.csv", "empty-start.csv:2: missing start time",
		  1 },
		{ "stray-quote.csv", "stray-quote.csv:2: malformed CSV (error "
		  "parsing data while strict checking enabled)", 1 },
		{ "unterminated.csv", "unterminated.csv:2: unterminated "
		  "quoted field at end of file", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char rel[128];
		struct fx fx;
		const struct vox_call *c;

		snprintf(rel, sizeof(rel), "bad/%s", bad[i].file);
		fx_open(&fx, rel, "UTC");
		c = fx_next(&fx);
		assert_int_equal(c->source.line, 1);
		fx_error(&fx, bad[i].msg);
		if (bad[i].more) {
			/* Reading goes on with the next row. */
			c = fx_next(&fx);
			assert_int_equal(c->source.line, 3);
			STR(c->from.name, "Dave");
		}
		fx_eof(&fx);
		fx_close(&fx);
	}
}

static void test_bad_binary(void **state)
{
	struct fx fx;
	const struct vox_record *rec;
	int i, rc = VOX_ERR;

	(void)state;
	fx_open(&fx, "bad/binary.csv", "UTC");
	fx_error(&fx, "binary.csv:1: bad column count 1 (cdr_csv writes 16 "
		 "to 21)");
	/* Nothing but errors until the end, and an end. */
	for (i = 0; i < 100; i++) {
		rc = SRC->next(fx.st, &rec, &fx.err);
		if (rc != VOX_ERR)
			break;
		assert_int_equal(fx.err.code, VOX_E_DATA);
	}
	assert_int_equal(rc, VOX_EOF);
	fx_close(&fx);
}

#define GOOD_HEAD                                                      \
	"\"\",\"1001\",\"1002\",\"c\",\"\",\"\",\"\",\"\",\"\","
#define GOOD_TAIL "\"ANSWERED\",\"DOCUMENTATION\"\n"

static void test_bad_inline(void **state)
{
	struct fx fx;

	(void)state;
	unit_write("x.csv",
		   GOOD_HEAD "\"2024-01-01 00:00:00\",\"2024-02-30 25:00:00\","
		   "\"2024-01-01 00:00:09\",9,9," GOOD_TAIL
		   GOOD_HEAD "\"2024-01-01 00:00:00\",,\"yesterday\",9,9,"
		   GOOD_TAIL
		   GOOD_HEAD "\"2024-01-01 00:00:00\",,,,0," GOOD_TAIL
		   GOOD_HEAD "\"\",,,5,0," GOOD_TAIL
		   GOOD_HEAD "\"2024-01-01T00:00:00\",,,5,0," GOOD_TAIL
		   GOOD_HEAD "\"2024-01-01 00:00:00\",,,5,\"a\x01\"\"b\","
		   GOOD_TAIL
		   GOOD_HEAD "\"2024-01-01 00:00:00\",,,99999999999999999999,"
		   "0," GOOD_TAIL
		   GOOD_HEAD "\"2024-01-01 00:00:00\",,,5,0,\"ANSWERED\","
		   "\"DOCUMENTATION\",\"1.1\",\"u\",\"p\",\"1.1\",1,\"x\"\n"
		   GOOD_HEAD "\"2024-01-01 00:00:00\",,,5,0," GOOD_TAIL);
	fx_open_path(&fx, "x.csv", "x.csv", "UTC", NULL);
	fx_error(&fx, "x.csv:1: bad answer time \"2024-02-30 25:00:00\"");
	fx_error(&fx, "x.csv:2: bad end time \"yesterday\"");
	fx_error(&fx, "x.csv:3: bad duration \"\"");
	fx_error(&fx, "x.csv:4: missing start time");
	fx_error(&fx, "x.csv:5: bad start time \"2024-01-01T00:00:00\"");
	fx_error(&fx, "x.csv:6: bad billsec \"a\\x01\\\"b\"");
	fx_error(&fx, "x.csv:7: bad duration \"99999999999999999999\"");
	fx_error(&fx, "x.csv:8: bad column count 22 (cdr_csv writes 16 to "
		 "21)");
	assert_int_equal(fx_next(&fx)->source.line, 9);
	fx_eof(&fx);
	fx_close(&fx);
}

/* ---- bid() and options ------------------------------------------------ */

static int bid_file(const char *rel, size_t max)
{
	unsigned char buf[4096];
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s%s", DATA, rel);
	f = fopen(unit_path(path), "rb");
	assert_non_null(f);
	n = fread(buf, 1, max < sizeof(buf) ? max : sizeof(buf), f);
	fclose(f);
	return SRC->bid(buf, n);
}

static int bid_text(const char *s)
{
	return SRC->bid((const unsigned char *)s, strlen(s));
}

static void test_bid(void **state)
{
	static const char *const ok[] = {
		"default-16.csv", "sample-18.csv", "uniqueid-17.csv",
		"userfield-17.csv", "newcols-19.csv", "uniqueid-20.csv",
		"linked-21.csv", "clid-forms.csv", "latin1.csv", "crlf.csv",
		"no-final-newline.csv", "header.csv", "mixed-widths.csv",
	};
	char rel[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(rel, sizeof(rel), "ok/%s", ok[i]);
		if (bid_file(rel, 4096) != 40)
			fail_msg("bid %s: %d", ok[i], bid_file(rel, 4096));
	}
	/* Cut mid-line: after the start time, then before it. */
	assert_int_equal(bid_file("ok/default-16.csv", 200), 25);
	assert_int_equal(bid_file("ok/default-16.csv", 60), 5);
	/* Cut after duration and billsec. */
	assert_int_equal(bid_file("ok/default-16.csv", 240), 30);

	assert_int_equal(bid_file("bad/binary.csv", 4096), 0);
	assert_int_equal(bid_text(""), 0);
	assert_int_equal(bid_text("BEGIN:VCARD\r\nVERSION:3.0\r\n"
				  "FN:Alice\r\nEND:VCARD\r\n"), 0);
	assert_int_equal(bid_text("id,given,family,phone,email\n"
				  "1001,Alice,Smith,+15555550123,"
				  "a@example.com\n"), 0);
	/* A quoted CSV of another width, or with no date in column 10. */
	assert_int_equal(bid_text("\"a\",\"b\",\"c\"\n"), 0);
	assert_int_equal(bid_text("\"\",\"1\",\"2\",\"c\",\"\",\"\",\"\","
				  "\"\",\"\",\"x\",,,1,1,\"A\",\"D\"\n"),
			 10);
	/* The header alone is weak evidence. */
	assert_int_equal(bid_text("accountcode,src,dst,dcontext,clid\n"), 5);
}

/*
 * The manifest's time_zone: the given zone, but UTC with usegmtime; and a
 * billsec over the duration is kept and flagged.
 */
static void test_fidelity(void **state)
{
	struct fx fx;
	const struct vox_call *c;

	(void)state;
	unit_write("f.csv", "\"\",\"\",\"1001\",\"from-trunk\",\"\",\"PJSIP/t-1\","
			    "\"\",\"Dial\",\"\",\"2024-11-01 10:00:00\","
			    "\"2024-11-01 10:00:02\",\"2024-11-01 10:01:00\","
			    "60,75,\"ANSWERED\",\"DOCUMENTATION\"\n");
	fx_open_path(&fx, "f.csv", "f.csv", "Europe/London", NULL);
	assert_null(SRC->time_zone(fx.st));
	fx_option(&fx, "usegmtime", "yes");
	assert_string_equal(SRC->time_zone(fx.st), "UTC");
	fx_option(&fx, "usegmtime", "no");
	assert_null(SRC->time_zone(fx.st));
	c = fx_next(&fx);
	assert_null(c->from.raw);
	assert_null(c->from.number);
	assert_int_equal(c->legs[0].duration, 60);
	assert_int_equal(c->legs[0].billsec, 75);
	STR(extra(c, "billsec_exceeds_duration"), "yes");
	fx_close(&fx);
}

static void test_options(void **state)
{
	struct fx fx;

	(void)state;
	assert_string_equal(SRC->name, "asterisk-cdr-csv");
	assert_int_equal(SRC->kinds, VOX_CALL);
	assert_non_null(SRC->options);
	assert_non_null(SRC->summary);

	fx_open(&fx, "ok/default-16.csv", "UTC");
	assert_int_equal(SRC->option(fx.st, "foo", "1", &fx.err), VOX_ERR);
	assert_int_equal(fx.err.code, VOX_E_CONFIG);
	assert_string_equal(fx.err.msg,
			    "asterisk-cdr-csv: unknown option \"foo\"");
	assert_int_equal(SRC->option(fx.st, "usegmtime", "maybe", &fx.err),
			 VOX_ERR);
	assert_int_equal(fx.err.code, VOX_E_CONFIG);
	assert_string_equal(fx.err.msg, "asterisk-cdr-csv: bad value "
			    "\"maybe\" for option usegmtime (yes or no)");
	assert_int_equal(SRC->option(fx.st, "usegmtime", "", &fx.err),
			 VOX_ERR);
	assert_int_equal(SRC->option(fx.st, "column17", "both", &fx.err),
			 VOX_ERR);
	assert_int_equal(fx.err.code, VOX_E_CONFIG);
	assert_string_equal(fx.err.msg, "asterisk-cdr-csv: bad value "
			    "\"both\" for option column17 (uniqueid, "
			    "userfield or auto)");
	/* A failed option leaves the reader usable. */
	fx_option(&fx, "usegmtime", "no");
	assert_int_equal(fx_next(&fx)->source.line, 1);
	fx_close(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_16_local_dst),
		cmocka_unit_test(test_sample_18_usegmtime),
		cmocka_unit_test(test_uniqueid_17),
		cmocka_unit_test(test_userfield_17),
		cmocka_unit_test(test_column17_option),
		cmocka_unit_test(test_newcols_19),
		cmocka_unit_test(test_uniqueid_20),
		cmocka_unit_test(test_linked_21),
		cmocka_unit_test(test_clid_forms),
		cmocka_unit_test(test_latin1),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_header_skipped),
		cmocka_unit_test(test_mixed_widths),
		cmocka_unit_test(test_many_rows),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_bad_binary),
		cmocka_unit_test(test_bad_inline),
		cmocka_unit_test(test_bid),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_fidelity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
