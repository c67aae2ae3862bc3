/* SPDX-License-Identifier: Apache-2.0 */
/* test_asterisk_cdr_custom.c: the Asterisk cdr_custom reader. */
#include "unit.h"

#include "timeconv.h"
#include "voxport/source.h"

#define SRC (&vox_source_asterisk_cdr_custom)
#define DATA "tests/data/asterisk-cdr-custom/"

struct fx {
	FILE *in;
	struct vox_tz *tz;
	void *st;
	const struct vox_source *src;
	struct vox_error err;
};

static void fx_open_src(struct fx *fx, const struct vox_source *src,
			const char *path, const char *name, const char *zone)
{
	struct vox_source_args args;
	struct vox_error err = VOX_ERROR_INIT;

	memset(fx, 0, sizeof(*fx));
	fx->src = src;
	fx->in = fopen(path, "rb");
	assert_non_null(fx->in);
	fx->tz = vox_tz_load(zone, &err);
	assert_non_null(fx->tz);
	memset(&args, 0, sizeof(args));
	args.in = fx->in;
	args.name = name;
	args.tz = fx->tz;
	fx->st = src->open(&args, &fx->err);
	assert_non_null(fx->st);
}

static void fx_open(struct fx *fx, const char *rel, const char *zone)
{
	char path[512];
	const char *base = strrchr(rel, '/');

	snprintf(path, sizeof(path), "%s%s", DATA, rel);
	fx_open_src(fx, SRC, unit_path(path), base ? base + 1 : rel, zone);
}

static void fx_close(struct fx *fx)
{
	fx->src->close(fx->st);
	vox_tz_free(fx->tz);
	fclose(fx->in);
}

static const struct vox_call *fx_next(struct fx *fx)
{
	const struct vox_record *rec = NULL;
	int rc = fx->src->next(fx->st, &rec, &fx->err);

	if (rc != VOX_OK)
		fail_msg("next: %d %s", rc, fx->err.msg);
	assert_int_equal(rec->kind, VOX_CALL);
	assert_int_equal(rec->u.call.nlegs, 1);
	return &rec->u.call;
}

static void fx_eof(struct fx *fx)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(fx->src->next(fx->st, &rec, &fx->err), VOX_EOF);
}

static void fx_error(struct fx *fx, const char *msg)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(fx->src->next(fx->st, &rec, &fx->err), VOX_ERR);
	assert_int_equal(fx->err.code, VOX_E_DATA);
	assert_string_equal(fx->err.msg, msg);
}

static int fx_option(struct fx *fx, const char *key, const char *value)
{
	return fx->src->option(fx->st, key, value, &fx->err);
}

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

static int64_t utc(int m, int d, int hh, int mm, int ss)
{
	return ((vox_days_from_civil(2024, (unsigned)m, (unsigned)d) * 24 +
		 hh) * 60 + mm) * 60000LL + ss * 1000LL;
}

static const unsigned char *peek(const char *rel, size_t *n)
{
	static unsigned char buf[4096];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "tests/data/%s", rel);
	f = fopen(unit_path(path), "rb");
	assert_non_null(f);
	*n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

static void test_bid(void **state)
{
	static const char *const mine[] = {
		"asterisk-cdr-custom/ok/sample.csv",
		"asterisk-cdr-custom/ok/hires.csv",
		"asterisk-cdr-custom/ok/latin1-crlf.csv",
	};
	static const char *const theirs[] = {
		"asterisk-cdr-csv/ok/default-16.csv",
		"asterisk-cdr-csv/ok/sample-18.csv",
		"asterisk-cdr-csv/ok/linked-21.csv",
		"asterisk-cdr-csv/ok/newcols-19.csv",
	};
	const unsigned char *b;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
		b = peek(mine[i], &n);
		assert_int_equal(SRC->bid(b, n), 45);
		/* cdr_csv bids on these lines too, and less */
		assert_true(vox_source_asterisk_cdr_csv.bid(b, n) < 45);
		assert_ptr_equal(vox_source_choose(b, n), SRC);
	}
	for (i = 0; i < sizeof(theirs) / sizeof(theirs[0]); i++) {
		b = peek(theirs[i], &n);
		assert_int_equal(SRC->bid(b, n), 0);
		assert_ptr_equal(vox_source_choose(b, n),
				 &vox_source_asterisk_cdr_csv);
	}
	b = peek("asterisk-cdr-custom/bad/utf16.csv", &n);
	assert_int_equal(SRC->bid(b, n), 0);
}

static void test_sample(void **state)
{
	struct fx fx;
	const struct vox_call *c;
	const struct vox_call_leg *l;

	(void)state;
	fx_open(&fx, "ok/sample.csv", "UTC");
	c = fx_next(&fx);
	l = &c->legs[0];
	STR(c->id, "1709647927.18");
	STR(l->id, "1709647927.18");
	assert_null(c->group_id);
	STR(l->from.raw, "1001");
	STR(l->from.name, "Alice Smith");
	STR(l->to.raw, "15555550123");
	STR(l->context, "from-internal");
	STR(l->channel, "PJSIP/1001-00000012");
	STR(l->peer_channel, "PJSIP/trunk-00000013");
	STR(l->application, "Dial");
	STR(l->application_data, "PJSIP/15555550123@trunk,60,tT");
	assert_true(l->start == utc(3, 5, 14, 12, 7));
	assert_true(l->answer == utc(3, 5, 14, 12, 15));
	assert_true(l->end == utc(3, 5, 14, 14, 22));
	assert_int_equal(l->duration, 135);
	assert_int_equal(l->billsec, 127);
	assert_int_equal(l->status, VOX_CALL_ANSWERED);
	assert_null(l->account_code);
	STR(extra(c, "amaflags"), "DOCUMENTATION");
	STR(extra(c, "sequence"), "3");
	assert_null(extra(c, "userfield"));
	STR(l->source.format, "asterisk-cdr-custom");
	assert_int_equal(l->source.line, 1);

	/* "" is an unset answer time in cdr_custom */
	c = fx_next(&fx);
	assert_true(c->legs[0].answer == VOX_TIME_NONE);
	assert_int_equal(c->legs[0].status, VOX_CALL_NO_ANSWER);

	c = fx_next(&fx);
	assert_null(c->legs[0].from.name);	/* "" <1004> */
	STR(c->legs[0].account_code, "acct42");
	STR(extra(c, "userfield"), "vip");
	assert_int_equal(c->legs[0].status, VOX_CALL_BUSY);

	c = fx_next(&fx);
	STR(c->legs[0].from.name, "Bob \"Bobby\" Jones");
	STR(c->legs[0].to.raw, "*97");
	assert_null(c->legs[0].peer_channel);

	/* "" <> and no src: no caller at all, not "" */
	c = fx_next(&fx);
	assert_null(c->legs[0].from.raw);
	assert_null(c->legs[0].from.number);
	assert_null(c->legs[0].from.name);
	assert_int_equal(c->legs[0].status, VOX_CALL_CONGESTION);
	fx_eof(&fx);
	fx_close(&fx);

	/* Local times in the source's zone: cdr_custom has no usegmtime. */
	fx_open(&fx, "ok/sample.csv", "America/New_York");
	c = fx_next(&fx);
	assert_true(c->legs[0].start == utc(3, 5, 19, 12, 7));
	fx_close(&fx);
}

static void test_hires_and_encoding(void **state)
{
	struct fx fx;
	const struct vox_call *c;

	(void)state;
	fx_open(&fx, "ok/hires.csv", "UTC");
	c = fx_next(&fx);
	assert_int_equal(c->legs[0].duration, 135);
	assert_int_equal(c->legs[0].billsec, 127);
	STR(extra(c, "duration"), "135.402000");
	STR(extra(c, "billsec"), "127.098000");
	assert_null(extra(c, "billsec_exceeds_duration"));
	/* billsec over duration: kept, and flagged */
	c = fx_next(&fx);
	assert_int_equal(c->legs[0].duration, 60);
	assert_int_equal(c->legs[0].billsec, 61);
	STR(extra(c, "billsec_exceeds_duration"), "yes");
	fx_eof(&fx);
	fx_close(&fx);

	fx_open(&fx, "ok/latin1-crlf.csv", "UTC");
	c = fx_next(&fx);
	STR(c->legs[0].from.name, "J\xC3\xBCrgen M\xC3\xBCller");
	STR(c->legs[0].application_data,
	    "bienvenue-fran\xC3\xA7" "ais,noanswer");
	STR(extra(c, "sequence"), "1");
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_template_option(void **state)
{
	struct fx fx;
	const struct vox_call *c;
	char t[1024];
	FILE *f;
	size_t n;

	(void)state;
	f = fopen(unit_path(DATA "ok/literal-quotes.template"), "rb");
	assert_non_null(f);
	n = fread(t, 1, sizeof(t) - 1, f);
	fclose(f);
	t[n] = '\0';	/* its final newline trimmed, as Asterisk does */
	fx_open(&fx, "ok/literal-quotes.csv", "UTC");
	assert_int_equal(fx_option(&fx, "template", t), VOX_OK);
	c = fx_next(&fx);
	STR(c->legs[0].from.name, "Alice Smith");
	STR(c->legs[0].from.raw, "1001");
	STR(c->legs[0].id, "1709647927.18");
	assert_int_equal(c->legs[0].duration, 135);
	STR(extra(c, "EPOCH"), "1709647927");
	STR(extra(c, "did"), "5550100");
	/* a bare clid holding a comma: its quotes are Asterisk's literals */
	c = fx_next(&fx);
	STR(c->legs[0].from.name, "WIRELESS CALLER, INC");
	assert_null(extra(c, "did"));
	fx_eof(&fx);
	fx_close(&fx);
}

static void test_template_errors(void **state)
{
	static const struct {
		const char *tmpl, *msg;
	} bad[] = {
		{ "a,b", "asterisk-cdr-custom: template: no ${CDR(...)} in it" },
		{ "${CDR(src)}${CDR(dst)}", "asterisk-cdr-custom: template "
		  "column 1: more than one value" },
		{ "${CDR(src)},${CDR(dst)", "asterisk-cdr-custom: template "
		  "column 2: unterminated ${" },
		{ "${CDR(start,u)}", "asterisk-cdr-custom: template column 1: "
		  "epoch times (start,u) are not read" },
		{ "${CDR()}", "asterisk-cdr-custom: template column 1: "
		  "\"${CDR()}\" is neither ${CDR(name)}, "
		  "${CSV_QUOTE(${CDR(name)})} nor ${NAME}" },
	};
	struct fx fx;
	size_t i;

	(void)state;
	fx_open(&fx, "ok/sample.csv", "UTC");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(fx_option(&fx, "template", bad[i].tmpl),
				 VOX_ERR);
		assert_int_equal(fx.err.code, VOX_E_CONFIG);
		assert_string_equal(fx.err.msg, bad[i].msg);
	}
	assert_int_equal(fx_option(&fx, "usegmtime", "yes"), VOX_ERR);
	assert_string_equal(fx.err.msg, "asterisk-cdr-custom: unknown "
			    "option \"usegmtime\"");
	/* a refused template leaves the one before */
	fx_next(&fx);
	fx_close(&fx);

	/* wrong column count against a template given */
	fx_open(&fx, "ok/sample.csv", "UTC");
	assert_int_equal(fx_option(&fx, "template", "${CDR(src)},"
				   "${CSV_QUOTE(${CDR(start)})}"), VOX_OK);
	fx_error(&fx, "sample.csv:1: 19 columns, the template has 2");
	fx_close(&fx);
}

static void test_bad(void **state)
{
	static const struct {
		const char *file, *msg;
		int next;	/* a good line follows */
	} bad[] = {
		{ "columns.csv", "columns.csv:2: 18 columns, the template "
		  "has 19", 1 },
		{ "duration.csv", "duration.csv:2: bad duration \"x1\"", 1 },
		{ "start-date.csv", "start-date.csv:2: bad start time "
		  "\"2024-03-32 14:20:00\"", 1 },
		{ "empty-start.csv", "empty-start.csv:2: missing start time",
		  1 },
		{ "truncated.csv", "truncated.csv:2: unterminated quoted "
		  "value", 0 },
		{ "unterminated.csv", "unterminated.csv:2: unterminated "
		  "quoted value", 0 },
	};
	char rel[128];
	struct fx fx;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(rel, sizeof(rel), "bad/%s", bad[i].file);
		fx_open(&fx, rel, "UTC");
		fx_next(&fx);
		fx_error(&fx, bad[i].msg);
		if (bad[i].next)
			assert_int_equal(fx_next(&fx)->legs[0].source.line,
					 3);
		fx_eof(&fx);
		fx_close(&fx);
	}
	fx_open(&fx, "bad/template-mismatch.csv", "UTC");
	fx_error(&fx, "template-mismatch.csv:1: 16 columns, the template "
		 "has 19");
	fx_close(&fx);
	fx_open(&fx, "bad/utf16.csv", "UTC");
	fx_error(&fx, "utf16.csv:1: NUL bytes (UTF-16 or binary, not the "
		 "text cdr_custom writes)");
	fx_close(&fx);
}

/*
 * The mapping is shared with asterisk-cdr-csv: one CDR read by both, with
 * a template of cdr_csv's own 16 columns, gives the same call.
 */
static void test_same_as_cdr_csv(void **state)
{
	static const char line[] =
		"\"acct\",\"1001\",\"1002\",\"from-internal\","
		"\"\"\"Al \\\"\"A\\\"\"\"\" <1001>\",\"PJSIP/1001-1\","
		"\"PJSIP/1002-2\",\"Dial\",\"PJSIP/1002,20\","
		"\"2024-03-05 14:12:07\",\"2024-03-05 14:12:15\","
		"\"2024-03-05 14:14:22\",135,127,\"ANSWERED\",\"BILLING\"\n";
	static const char tmpl[] =
		"${CSV_QUOTE(${CDR(accountcode)})},${CSV_QUOTE(${CDR(src)})},"
		"${CSV_QUOTE(${CDR(dst)})},${CSV_QUOTE(${CDR(dcontext)})},"
		"${CSV_QUOTE(${CDR(clid)})},${CSV_QUOTE(${CDR(channel)})},"
		"${CSV_QUOTE(${CDR(dstchannel)})},"
		"${CSV_QUOTE(${CDR(lastapp)})},${CSV_QUOTE(${CDR(lastdata)})},"
		"${CSV_QUOTE(${CDR(start)})},${CSV_QUOTE(${CDR(answer)})},"
		"${CSV_QUOTE(${CDR(end)})},${CDR(duration)},${CDR(billsec)},"
		"${CSV_QUOTE(${CDR(disposition)})},"
		"${CSV_QUOTE(${CDR(amaflags)})}";
	struct fx a, b;
	const struct vox_call *x, *y;
	const struct vox_call_leg *p, *q;

	(void)state;
	unit_write("Master.csv", line);
	fx_open_src(&a, &vox_source_asterisk_cdr_csv, "Master.csv",
		    "Master.csv", "Europe/London");
	fx_open_src(&b, SRC, "Master.csv", "Master.csv", "Europe/London");
	assert_int_equal(fx_option(&b, "template", tmpl), VOX_OK);
	x = fx_next(&a);
	y = fx_next(&b);
	p = &x->legs[0];
	q = &y->legs[0];
	STR(q->from.name, "Al \"A\"");
	STR(p->from.name, q->from.name);
	STR(p->from.raw, q->from.raw);
	STR(p->to.raw, q->to.raw);
	STR(p->account_code, q->account_code);
	STR(p->application_data, q->application_data);
	STR(p->disposition, q->disposition);
	STR(x->id, y->id);
	assert_true(p->start == q->start && p->answer == q->answer &&
		    p->end == q->end);
	assert_int_equal(p->duration, q->duration);
	assert_int_equal(p->billsec, q->billsec);
	assert_int_equal(p->extra.n, q->extra.n);
	STR(extra(x, "amaflags"), extra(y, "amaflags"));
	fx_close(&a);
	fx_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bid),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_hires_and_encoding),
		cmocka_unit_test(test_template_option),
		cmocka_unit_test(test_template_errors),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_same_as_cdr_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
