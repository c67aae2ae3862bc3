/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_asterisk_cdr_csv_write.c: the asterisk-cdr-csv target: exact
 * bytes of known calls, and the round trip of every reader fixture
 * (read, write, read back: the same records but for what losses() names).
 */
#include "unit.h"

#include <jansson.h>

#include "record_fields.h"
#include "record_json.h"
#include "timeconv.h"
#include "voxport/source.h"
#include "voxport/target.h"

#define TGT (&vox_target_asterisk_cdr_csv)
#define SRC (&vox_source_asterisk_cdr_csv)
#define DATA "tests/data/asterisk-cdr-csv/ok/"

/* ---- a target writing into a fresh folder ----------------------------- */

struct out {
	char dir[64];
	struct vox_tz *tz;
	struct vox_target_args args;
	void *st;
	struct vox_error err;
};

static FILE *create(void *ctx, const char *name, struct vox_error *err)
{
	struct out *o = ctx;
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", o->dir, name);
	f = fopen(path, "wbx");
	if (!f)
		vox_error_set(err, VOX_E_IO, "%s: cannot create", name);
	return f;
}

static void out_open(struct out *o, const char *zone)
{
	struct vox_error err = VOX_ERROR_INIT;

	memset(o, 0, sizeof(*o));
	snprintf(o->dir, sizeof(o->dir), "out-XXXXXX");
	assert_non_null(mkdtemp(o->dir));
	o->tz = vox_tz_load(zone, &err);
	assert_non_null(o->tz);
	o->args.create = create;
	o->args.ctx = o;
	o->args.tz = o->tz;
	o->st = TGT->open(&o->args, &o->err);
	assert_non_null(o->st);
}

static void out_option(struct out *o, const char *key, const char *value)
{
	if (TGT->option(o->st, key, value, &o->err) != VOX_OK)
		fail_msg("option %s=%s: %s", key, value, o->err.msg);
}

static void out_write(struct out *o, const struct vox_record *rec)
{
	if (TGT->write(o->st, rec, &o->err) != VOX_OK)
		fail_msg("write: %s", o->err.msg);
}

static void out_close(struct out *o)
{
	assert_int_equal(TGT->close(o->st, 1, &o->err), VOX_OK);
	vox_tz_free(o->tz);
}

/* The whole of DIR/Master.csv, malloc'd. */
static char *slurp(const struct out *o)
{
	char path[256];
	FILE *f;
	char *buf = calloc(1, 65536);
	size_t n;

	snprintf(path, sizeof(path), "%s/Master.csv", o->dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* ---- exact bytes ------------------------------------------------------ */

static int64_t at(const char *utc)
{
	int64_t ms;

	assert_int_equal(vox_time_parse_rfc3339(utc, strlen(utc), &ms),
			 VOX_OK);
	return ms;
}

/* Two legs of one call: answered, then a busy one without extra. */
static void known_call(struct vox_record *rec, struct vox_call_leg legs[2],
		       struct vox_field *fields)
{
	memset(rec, 0, sizeof(*rec));
	memset(legs, 0, 2 * sizeof(legs[0]));
	rec->kind = VOX_CALL;
	rec->u.call.id = "1709647927.18";
	rec->u.call.legs = legs;
	rec->u.call.nlegs = 2;
	legs[0].id = "1709647927.18";
	legs[0].from.raw = "1001";
	legs[0].from.number = "+441632960001";
	legs[0].from.name = "Bob \"Bobby\" \\ Jones";
	legs[0].to.raw = "15555550123";
	legs[0].context = "from-internal";
	legs[0].channel = "PJSIP/1001-00000012";
	legs[0].peer_channel = "PJSIP/trunk-00000013";
	legs[0].application = "Dial";
	legs[0].application_data = "PJSIP/15555550123@trunk,60,tT";
	legs[0].account_code = "acct42";
	legs[0].peer_account = "trunk";
	/* 14:12:07.500 BST: the milliseconds go, the second stays */
	legs[0].start = at("2024-07-05T13:12:07.500Z");
	legs[0].answer = at("2024-07-05T13:12:15Z");
	legs[0].end = at("2024-07-05T13:14:22Z");
	legs[0].duration = 135;
	legs[0].billsec = 127;
	legs[0].status = VOX_CALL_ANSWERED;
	fields[0].key = "amaflags";
	fields[0].value = "BILLING";
	fields[1].key = "userfield";
	fields[1].value = "say \"hi\", ok";
	fields[2].key = "sequence";
	fields[2].value = "41";
	legs[0].extra.v = fields;
	legs[0].extra.n = 3;
	legs[1].from.raw = "1001";
	legs[1].to.raw = "1002";
	legs[1].start = at("2024-01-05T14:20:00Z");
	legs[1].answer = VOX_TIME_NONE;
	legs[1].end = at("2024-01-05T14:20:03Z");
	legs[1].duration = -1;
	legs[1].billsec = -1;
	legs[1].status = VOX_CALL_BUSY;
}

static void test_golden_16(void **state)
{
	struct vox_record rec;
	struct vox_call_leg legs[2];
	struct vox_field fields[3];
	struct out o;
	char *got;

	(void)state;
	known_call(&rec, legs, fields);
	out_open(&o, "Europe/London");
	out_write(&o, &rec);
	out_close(&o);
	got = slurp(&o);
	assert_string_equal(got,
		"\"acct42\",\"1001\",\"15555550123\",\"from-internal\","
		"\"\"\"Bob \\\"\"Bobby\\\"\" \\\\ Jones\"\" <1001>\","
		"\"PJSIP/1001-00000012\",\"PJSIP/trunk-00000013\",\"Dial\","
		"\"PJSIP/15555550123@trunk,60,tT\",\"2024-07-05 14:12:07\","
		"\"2024-07-05 14:12:15\",\"2024-07-05 14:14:22\",135,127,"
		"\"ANSWERED\",\"BILLING\"\n"
		"\"\",\"1001\",\"1002\",\"\",\"\"\"\"\" <1001>\",\"\",\"\","
		"\"\",\"\",\"2024-01-05 14:20:00\",,\"2024-01-05 14:20:03\","
		"3,0,\"BUSY\",\"\"\n");
	free(got);
}

static void test_golden_21_utc(void **state)
{
	struct vox_record rec;
	struct vox_call_leg legs[2];
	struct vox_field fields[3];
	struct out o;
	char *got;

	(void)state;
	known_call(&rec, legs, fields);
	out_open(&o, "Europe/London");
	out_option(&o, "columns", "21");
	out_option(&o, "usegmtime", "yes");
	out_write(&o, &rec);
	out_close(&o);
	got = slurp(&o);
	assert_string_equal(got,
		"\"acct42\",\"1001\",\"15555550123\",\"from-internal\","
		"\"\"\"Bob \\\"\"Bobby\\\"\" \\\\ Jones\"\" <1001>\","
		"\"PJSIP/1001-00000012\",\"PJSIP/trunk-00000013\",\"Dial\","
		"\"PJSIP/15555550123@trunk,60,tT\",\"2024-07-05 13:12:07\","
		"\"2024-07-05 13:12:15\",\"2024-07-05 13:14:22\",135,127,"
		"\"ANSWERED\",\"BILLING\",\"1709647927.18\","
		"\"say \"\"hi\"\", ok\",\"trunk\",\"1709647927.18\",41\n"
		"\"\",\"1001\",\"1002\",\"\",\"\"\"\"\" <1001>\",\"\",\"\","
		"\"\",\"\",\"2024-01-05 14:20:00\",,\"2024-01-05 14:20:03\","
		"3,0,\"BUSY\",\"\",\"\",\"\",\"\","
		"\"1709647927.18\",\n");
	free(got);
}

/* A call without legs (a phone's log) is one row of its own fields. */
static void test_call_without_legs(void **state)
{
	struct vox_record rec;
	struct out o;
	char *got;

	(void)state;
	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CALL;
	rec.u.call.id = "sbr-7";
	rec.u.call.from.raw = "+15555550100";
	rec.u.call.from.name = "Ann";
	rec.u.call.start = at("2024-02-01T10:00:00Z");
	rec.u.call.answer = VOX_TIME_NONE;
	rec.u.call.end = VOX_TIME_NONE;
	rec.u.call.duration = 0;
	rec.u.call.billsec = -1;
	rec.u.call.status = VOX_CALL_NO_ANSWER;
	out_open(&o, "UTC");
	out_option(&o, "loguniqueid", "yes");
	out_write(&o, &rec);
	out_close(&o);
	got = slurp(&o);
	assert_string_equal(got,
		"\"\",\"+15555550100\",\"\",\"\",\"\"\"Ann\"\" <+15555550100>\","
		"\"\",\"\",\"\",\"\",\"2024-02-01 10:00:00\",,,0,0,"
		"\"NO ANSWER\",\"\",\"sbr-7\"\n");
	free(got);
}

static void test_refusals(void **state)
{
	struct vox_record rec;
	struct vox_call_leg legs[2];
	struct vox_field fields[3];
	struct out o;
	char *got;

	(void)state;
	known_call(&rec, legs, fields);
	legs[1].start = VOX_TIME_NONE;
	out_open(&o, "UTC");
	assert_int_equal(TGT->write(o.st, &rec, &o.err), VOX_ERR);
	assert_int_equal(o.err.code, VOX_E_DATA);
	assert_string_equal(o.err.msg, "call 1709647927.18: no start time");
	rec.kind = VOX_MESSAGE;
	assert_int_equal(TGT->write(o.st, &rec, &o.err), VOX_ERR);
	assert_int_equal(o.err.code, VOX_E_DATA);
	assert_int_equal(TGT->option(o.st, "columns", "15", &o.err), VOX_ERR);
	assert_string_equal(o.err.msg, "bad value \"15\" "
			    "for option columns");
	assert_int_equal(TGT->option(o.st, "colums", "16", &o.err), VOX_ERR);
	assert_string_equal(o.err.msg,
			    "unknown option \"colums\"");
	assert_int_equal(TGT->option(o.st, "tz", "Mars/Base", &o.err),
			 VOX_ERR);
	out_close(&o);
	got = slurp(&o);
	assert_string_equal(got, "");	/* the call failed whole */
	free(got);
}

static int lost(const struct vox_loss *l, const char *field)
{
	for (; l->field; l++)
		if (strcmp(l->field, field) == 0)
			return 1;
	return 0;
}

static void test_losses_follow_layout(void **state)
{
	const struct vox_loss *l = TGT->losses(NULL);
	struct out o;

	(void)state;
	assert_true(lost(l, "legs.id"));
	assert_true(lost(l, "id"));
	assert_true(lost(l, "legs.peer_account"));
	assert_true(lost(l, "legs.direction"));
	assert_false(lost(l, "legs.channel"));
	assert_false(lost(l, "from.name"));
	out_open(&o, "UTC");
	out_option(&o, "columns", "18");
	l = TGT->losses(o.st);
	assert_false(lost(l, "legs.id"));
	assert_true(lost(l, "id"));
	out_option(&o, "columns", "21");
	l = TGT->losses(o.st);
	assert_false(lost(l, "legs.id"));
	assert_false(lost(l, "id"));
	assert_false(lost(l, "legs.peer_account"));
	assert_true(lost(l, "legs.to.name"));
	for (; l->field; l++) {
		assert_int_equal(l->kind, VOX_CALL);
		assert_non_null(l->why);
	}
	/* every name is one the loss report can count */
	for (l = TGT->losses(NULL); l->field; l++)
		assert_true(vox_record_field_known(l->kind, l->field));
	out_close(&o);
}

/* ---- round trip ------------------------------------------------------- */

/* Read every record of a file as JSON lines (one array). */
static json_t *read_all(const char *path, const char *name, const char *zone,
			const char *const *opts)
{
	struct vox_source_args args;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_tz *tz = vox_tz_load(zone, &err);
	const struct vox_record *rec;
	json_t *all = json_array();
	FILE *in = fopen(path, "rb");
	void *st;
	int rc;

	assert_non_null(tz);
	assert_non_null(in);
	memset(&args, 0, sizeof(args));
	args.in = in;
	args.name = name;
	args.tz = tz;
	st = SRC->open(&args, &err);
	assert_non_null(st);
	for (; opts && opts[0]; opts += 2)
		assert_int_equal(SRC->option(st, opts[0], opts[1], &err),
				 VOX_OK);
	while ((rc = SRC->next(st, &rec, &err)) == VOX_OK)
		json_array_append_new(all, vox_call_to_json(&rec->u.call));
	if (rc != VOX_EOF)
		fail_msg("%s: %s", name, err.msg);
	SRC->close(st);
	vox_tz_free(tz);
	fclose(in);
	return all;
}

/* Delete a dotted path ("legs.to.name") through objects and arrays. */
static void drop(json_t *v, const char *path)
{
	const char *dot = strchr(path, '.');
	char head[64];
	size_t i;
	json_t *e;

	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			drop(e, path);
		return;
	}
	if (!json_is_object(v))
		return;
	if (!dot) {
		json_object_del(v, path);
		return;
	}
	snprintf(head, sizeof(head), "%.*s", (int)(dot - path), path);
	drop(json_object_get(v, head), dot + 1);
}

/* The extra values the layout has a column for, kept aside to compare. */
static json_t *held_extra(json_t *calls, int userfield, int newcols)
{
	json_t *out = json_array(), *c, *l;
	size_t i, j;
	static const char *const keys[] = { "clid", "amaflags", "userfield",
					     "sequence" };

	json_array_foreach(calls, i, c) {
		json_array_foreach(json_object_get(c, "legs"), j, l) {
			json_t *x = json_object_get(l, "extra");
			json_t *keep = json_object();
			size_t k;

			for (k = 0; k < 4; k++) {
				if ((k == 2 && !userfield) ||
				    (k == 3 && !newcols))
					continue;
				if (json_object_get(x, keys[k]))
					json_object_set(keep, keys[k],
						json_object_get(x, keys[k]));
			}
			json_array_append_new(out, keep);
		}
	}
	return out;
}

static void strip(json_t *calls, const struct vox_loss *l)
{
	drop(calls, "source");
	drop(calls, "legs.source");
	for (; l->field; l++)
		drop(calls, l->field);
}

struct trip {
	const char *file, *zone;
	const char *read_opts[5];	/* key, value, ..., NULL */
	const char *write_opts[7];
	int userfield, newcols;		/* the written layout has them */
	int same_bytes;			/* cdr_csv's own form: written as is */
};

/* The whole of a file, malloc'd. */
static char *file_bytes(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 65536);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void round_trip(const struct trip *t)
{
	char path[256];
	struct out o;
	json_t *a, *b, *xa, *xb;
	const struct vox_loss *losses;
	struct vox_loss lost_fields[16];
	size_t n;
	const struct vox_record *rec;
	struct vox_source_args args;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_tz *tz;
	FILE *in;
	void *st;
	const char *const *w;
	char *sa, *sb;
	int rc;

	snprintf(path, sizeof(path), DATA "%s", t->file);
	a = read_all(unit_path(path), t->file, t->zone, t->read_opts);
	assert_true(json_array_size(a) > 0);

	/* write what the reader gives, record by record */
	out_open(&o, t->zone);
	for (w = t->write_opts; w[0]; w += 2)
		out_option(&o, w[0], w[1]);
	tz = vox_tz_load(t->zone, &err);
	in = fopen(unit_path(path), "rb");
	memset(&args, 0, sizeof(args));
	args.in = in;
	args.name = t->file;
	args.tz = tz;
	st = SRC->open(&args, &err);
	for (w = t->read_opts; w[0]; w += 2)
		SRC->option(st, w[0], w[1], &err);
	while ((rc = SRC->next(st, &rec, &err)) == VOX_OK)
		out_write(&o, rec);
	assert_int_equal(rc, VOX_EOF);
	SRC->close(st);
	fclose(in);
	vox_tz_free(tz);
	/* the list is the state's: copy it (its strings are static) */
	for (n = 0; (losses = TGT->losses(o.st))[n].field && n < 15; n++)
		lost_fields[n] = losses[n];
	lost_fields[n].field = NULL;
	out_close(&o);
	snprintf(path, sizeof(path), "%s/Master.csv", o.dir);
	b = read_all(path, "Master.csv", t->zone, t->read_opts);
	if (t->same_bytes) {
		char src[256];

		snprintf(src, sizeof(src), DATA "%s", t->file);
		sa = file_bytes(unit_path(src));
		sb = file_bytes(path);
		if (strcmp(sa, sb) != 0)
			fail_msg("%s: not written as it was:\n%s---\n%s",
				 t->file, sa, sb);
		free(sa);
		free(sb);
	}

	xa = held_extra(a, t->userfield, t->newcols);
	xb = held_extra(b, t->userfield, t->newcols);
	strip(a, lost_fields);
	strip(b, lost_fields);
	sa = json_dumps(a, VOX_JSON_PRETTY);
	sb = json_dumps(b, VOX_JSON_PRETTY);
	if (strcmp(sa, sb) != 0) {
		unit_write("want.json", sa);
		unit_write("got.json", sb);
		fail_msg("%s: records differ (want.json, got.json)", t->file);
	}
	free(sa);
	free(sb);
	sa = json_dumps(xa, VOX_JSON_LINE);
	sb = json_dumps(xb, VOX_JSON_LINE);
	if (strcmp(sa, sb) != 0)
		fail_msg("%s: extra differs:\n%s\n---\n%s", t->file, sa, sb);
	free(sa);
	free(sb);
	json_decref(a);
	json_decref(b);
	json_decref(xa);
	json_decref(xb);
}

static void test_round_trip(void **state)
{
	static const struct trip trips[] = {
		{ "default-16.csv", "Europe/London", { NULL },
		  { "columns", "16", NULL }, 0, 0, 1 },
		{ "sample-18.csv", "Europe/London", { "usegmtime", "yes", NULL },
		  { "columns", "18", "usegmtime", "yes", NULL }, 1, 0, 1 },
		{ "uniqueid-17.csv", "UTC", { NULL },
		  { "columns", "17", NULL }, 0, 0, 1 },
		{ "userfield-17.csv", "UTC", { "column17", "userfield", NULL },
		  { "loguserfield", "yes", NULL }, 1, 0, 1 },
		{ "newcols-19.csv", "UTC", { NULL },
		  { "columns", "19", NULL }, 0, 1, 1 },
		{ "uniqueid-20.csv", "UTC", { NULL },
		  { "columns", "20", NULL }, 0, 1, 1 },
		{ "linked-21.csv", "America/New_York", { NULL },
		  { "columns", "21", NULL }, 1, 1, 1 },
		{ "clid-forms.csv", "UTC", { NULL },
		  { "columns", "16", NULL }, 0, 0, 0 },
		{ "latin1.csv", "UTC", { NULL }, { "columns", "16", NULL },
		  0, 0, 0 },
		{ "crlf.csv", "UTC", { NULL }, { "columns", "18", NULL },
		  1, 0, 0 },
		{ "no-final-newline.csv", "UTC", { NULL },
		  { "columns", "21", NULL }, 1, 1, 0 },
		{ "header.csv", "UTC", { NULL }, { "columns", "16", NULL },
		  0, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(trips) / sizeof(trips[0]); i++)
		round_trip(&trips[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_16),
		cmocka_unit_test(test_golden_21_utc),
		cmocka_unit_test(test_call_without_legs),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_losses_follow_layout),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
