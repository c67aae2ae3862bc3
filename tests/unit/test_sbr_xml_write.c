/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sbr_xml_write.c: the sbr-xml target (import/sbr_xml.c).  Every
 * tests/data/sbr-xml/ok/ fixture is read with the sbr-xml source, written,
 * and read back: the records must be the same, field by field (their JSON),
 * but for the source refs and what losses() names; then exact bytes of a
 * small call and SMS, the emoji and control characters both ways, options
 * and records that cannot be written.
 */
#include "unit.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "phone.h"
#include "record.h"
#include "record_fields.h"
#include "record_json.h"
#include "timeconv.h"
#include "voxport/source.h"
#include "voxport/target.h"

/* ---- a tiny caller: create() into a mkdtemp folder ---------------------- */

struct run {
	char dir[64];
	struct vox_tz *tz;
	struct vox_phone_plan plan;
	FILE *spool;		/* shared by the reader and the writer */
	void *st;
	struct vox_error err;
};

static FILE *create(void *ctx, const char *name, struct vox_error *err)
{
	struct run *r = ctx;
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		vox_error_set(err, VOX_E_IO, "%s: cannot make it", name);
		return NULL;
	}
	return fdopen(fd, "wb");
}

static void run_open(struct run *r, const char *zone, int spool)
{
	struct vox_target_args args = { 0 };

	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "sbrw-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	r->tz = vox_tz_load(zone, &r->err);
	assert_non_null(r->tz);
	assert_int_equal(vox_phone_plan_for_country("US", &r->plan), VOX_OK);
	if (spool) {
		r->spool = tmpfile();
		assert_non_null(r->spool);
	}
	args.create = create;
	args.ctx = r;
	args.tz = r->tz;
	args.plan = &r->plan;
	args.spool = r->spool;
	r->st = vox_target_sbr_xml.open(&args, &r->err);
	assert_non_null(r->st);
}

static void run_write(struct run *r, const struct vox_record *rec)
{
	if (vox_target_sbr_xml.write(r->st, rec, &r->err) != VOX_OK)
		fail_msg("write: %s", r->err.msg);
}

static void run_close(struct run *r)
{
	if (vox_target_sbr_xml.close(r->st, 1, &r->err) != VOX_OK)
		fail_msg("close: %s", r->err.msg);
}

static void run_free(struct run *r)
{
	char path[512];
	struct dirent *d;
	DIR *dir = opendir(r->dir);

	while (dir && (d = readdir(dir)))
		if (d->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", r->dir,
				 d->d_name);
			unlink(path);
		}
	if (dir)
		closedir(dir);
	rmdir(r->dir);
	vox_tz_free(r->tz);
	if (r->spool)
		fclose(r->spool);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	return b;
}

static char *output(struct run *r, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	return slurp(path);
}

/* ---- records as JSON, less what may differ ------------------------------ */

static json_t *to_json(const struct vox_record *rec)
{
	json_t *j = rec->kind == VOX_CALL ? vox_call_to_json(&rec->u.call) :
		vox_message_to_json(&rec->u.message);

	assert_non_null(j);
	return j;
}

static void drop_key(json_t *j, const char *key)
{
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_object_del(j, key);
		const char *k;

		json_object_foreach(j, k, v)
			drop_key(v, key);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			drop_key(v, key);
	}
}

/* Remove a loss field: "id", "legs.channel", "legs.more", "parts.x". */
static void drop_field(json_t *j, const char *field)
{
	const char *dot = strchr(field, '.');
	char arr[32];
	json_t *a, *v;
	size_t i;

	if (!dot) {
		json_object_del(j, field);
		return;
	}
	snprintf(arr, sizeof(arr), "%.*s", (int)(dot - field), field);
	a = json_object_get(j, arr);
	if (!json_is_array(a))
		return;
	if (strcmp(dot + 1, "more") == 0) {
		while (json_array_size(a) > 1)
			json_array_remove(a, json_array_size(a) - 1);
		return;
	}
	json_array_foreach(a, i, v)
		json_object_del(v, dot + 1);
}

static void drop_losses(json_t *j, unsigned kind, const void *state)
{
	const struct vox_loss *l = vox_target_sbr_xml.losses(state);

	drop_key(j, "source");
	for (; l->field; l++)
		if (l->kind == kind)
			drop_field(j, l->field);
}

/*
 * The reader's notes on its input that do not go back (a root count that
 * disagreed, data that was not base64), and what the writer adds that the
 * app needs (the numbers its sms.xsd requires, an mms's ct_t and
 * text_only; read when unknown is 1): compared apart.
 */
static void drop_extra(json_t *rec, const char *key)
{
	json_t *x = json_object_get(rec, "extra");

	if (!x)
		return;
	json_object_del(x, key);
	if (!json_object_size(x))
		json_object_del(rec, "extra");
}

static void reconcile(json_t *before, json_t *after)
{
	static const char *const added[] = {
		"protocol", "status", "locked", "seen", "ct_t", "text_only",
		NULL
	};
	json_t *x = json_object_get(before, "extra");
	const char *k;
	json_t *v, *copy = x ? json_copy(x) : NULL;

	if (copy)
		json_object_foreach(copy, k, v)
			if (strcmp(k, "count") == 0 ||
			    (strncmp(k, "part", 4) == 0 &&
			     strstr(k, ".data")))
				drop_extra(before, k);
	json_decref(copy);
	x = json_object_get(before, "extra");
	for (size_t i = 0; added[i]; i++)
		if (!x || !json_object_get(x, added[i]))
			drop_extra(after, added[i]);
	if (json_object_get(before, "legs"))
		return;
	if (!json_object_get(before, "read")) {
		assert_true(json_is_true(json_object_get(after, "read")));
		json_object_del(after, "read");
	}
}

/* ---- the round trip ----------------------------------------------------- */

static json_t *read_all(const char *path, const char *name, FILE *spool,
			struct run *w)
{
	struct vox_source_args args = { 0 };
	struct vox_phone_plan plan;
	const struct vox_record *rec;
	struct vox_error err = VOX_ERROR_INIT;
	json_t *all = json_array();
	FILE *f = fopen(path, "rb");
	void *st;
	int rc;

	assert_non_null(f);
	assert_int_equal(vox_phone_plan_for_country("US", &plan), VOX_OK);
	args.in = f;
	args.name = name;
	args.plan = &plan;
	args.spool = spool;
	st = vox_source_sbr_xml.open(&args, &err);
	assert_non_null(st);
	while ((rc = vox_source_sbr_xml.next(st, &rec, &err)) != VOX_EOF) {
		if (rc != VOX_OK)
			fail_msg("%s: %s", name, err.msg);
		json_array_append_new(all, to_json(rec));
		if (w)
			run_write(w, rec);
	}
	vox_source_sbr_xml.close(st);
	fclose(f);
	return all;
}

static void round_trip(const char *fixture)
{
	char rel[256], path[256];
	struct run r;
	json_t *before, *after, *a, *b;
	size_t i;
	FILE *spool2 = tmpfile();

	assert_non_null(spool2);
	snprintf(rel, sizeof(rel), "tests/data/sbr-xml/ok/%s", fixture);
	run_open(&r, "Europe/London", 1);
	before = read_all(unit_path(rel), fixture, r.spool, &r);
	run_close(&r);
	snprintf(path, sizeof(path), "%s/%s", r.dir, "sms.xml");
	if (access(path, F_OK) != 0)
		snprintf(path, sizeof(path), "%s/%s", r.dir, "calls.xml");
	after = read_all(path, "out.xml", spool2, NULL);
	assert_int_equal(json_array_size(after), json_array_size(before));
	json_array_foreach(before, i, b) {
		unsigned kind = json_object_get(b, "legs") ? VOX_CALL :
			VOX_MESSAGE;

		a = json_array_get(after, i);
		drop_losses(b, kind, NULL);
		drop_losses(a, kind, NULL);
		reconcile(b, a);
		if (!json_equal(a, b)) {
			char *sb = json_dumps(b, VOX_JSON_LINE | JSON_SORT_KEYS);
			char *sa = json_dumps(a, VOX_JSON_LINE | JSON_SORT_KEYS);

			fail_msg("%s record %zu:\n was %s\n now %s", fixture,
				 i + 1, sb, sa);
		}
	}
	json_decref(before);
	json_decref(after);
	fclose(spool2);
	run_free(&r);
}

static void test_round_trip(void **state)
{
	DIR *d = opendir(unit_path("tests/data/sbr-xml/ok"));
	struct dirent *e;
	int n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".xml")) {
			round_trip(e->d_name);
			n++;
		}
	closedir(d);
	assert_true(n >= 9);
}

/* A 200 KB part crosses the writer's 48 KiB chunks; the digest stays. */
static void test_big_part(void **state)
{
	size_t big = 200001, i;
	FILE *f = fopen("big.xml", "wb");
	unsigned char *raw = malloc(big);
	char *b64 = malloc(big / 3 * 4 + 8);
	json_t *before, *after;
	struct run r;
	char path[256];
	FILE *spool2 = tmpfile();

	(void)state;
	assert_non_null(f);
	assert_non_null(raw);
	assert_non_null(b64);
	for (i = 0; i < big; i++)
		raw[i] = (unsigned char)(i * 13 + (i >> 8));
	EVP_EncodeBlock((unsigned char *)b64, raw, (int)big);
	fprintf(f, "<smses count=\"1\"><mms date=\"1709651100000\" "
		"msg_box=\"1\" m_type=\"132\" address=\"+15555550100\"><parts>"
		"<part ct=\"image/png\" cl=\"a.png\" data=\"%s\"/></parts>"
		"</mms></smses>", b64);
	assert_int_equal(fclose(f), 0);
	free(raw);
	free(b64);
	run_open(&r, "UTC", 1);
	before = read_all("big.xml", "big.xml", r.spool, &r);
	run_close(&r);
	snprintf(path, sizeof(path), "%s/sms.xml", r.dir);
	after = read_all(path, "sms.xml", spool2, NULL);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(
			json_array_get(after, 0), "parts"), 0), "sha256")),
		json_string_value(json_object_get(json_array_get(json_object_get(
			json_array_get(before, 0), "parts"), 0), "sha256")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
		json_object_get(json_array_get(after, 0), "parts"), 0),
		"bytes")), big);
	json_decref(before);
	json_decref(after);
	fclose(spool2);
	run_free(&r);
}


/* What the app needs that the reader does not look at. */
static void test_mms_attrs(void **state)
{
	static const char *const want[] = {
		"<mms date=\"1709651400000\" rr=\"null\" sub=\"null\" "
		"ct_t=\"application/vnd.wap.multipart.related\"",
		" date_sent=\"1709651399\" read=\"1\"",
		" m_type=\"132\" readable_date=\"Mar 5, 2024 3:10:00 PM\" "
		"contact_name=\"Carol &amp; Dan, Eve\">",
		"<part seq=\"-1\" ct=\"application/smil\" name=\"smil.xml\" "
		"chset=\"106\" cd=\"null\" fn=\"null\" "
		"cid=\"&lt;smil&gt;\" cl=\"smil.xml\"",
		"<part seq=\"0\" ct=\"image/jpeg\" name=\"IMG_0001.jpg\" "
		"chset=\"null\" cd=\"null\" fn=\"null\" "
		"cid=\"&lt;IMG_0001&gt;\" cl=\"IMG_0001.jpg\" "
		"ctt_s=\"null\" ctt_t=\"null\" text=\"null\" "
		"data=\"/9j/4AAQ",
		"<addr address=\"+15555550188\" type=\"137\" "
		"charset=\"106\"/>",
		"<addr address=\"+15555550177\" type=\"151\" "
		"charset=\"106\"/>",
		"    </addrs>\n  </mms>\n</smses>\n",
		NULL
	};
	struct run r;
	json_t *all;
	char *got;

	(void)state;
	run_open(&r, "UTC", 1);
	all = read_all(unit_path("tests/data/sbr-xml/ok/sms-reference.xml"),
		       "sms-reference.xml", r.spool, &r);
	run_close(&r);
	got = output(&r, "sms.xml");
	assert_non_null(got);
	for (size_t i = 0; want[i]; i++)
		if (!strstr(got, want[i]))
			fail_msg("no %s in\n%s", want[i], got);
	free(got);
	json_decref(all);
	run_free(&r);
	/* a sent group mms: insert-address-token, cc and bcc */
	run_open(&r, "UTC", 1);
	all = read_all(unit_path("tests/data/sbr-xml/ok/groups.xml"),
		       "groups.xml", r.spool, &r);
	run_close(&r);
	got = output(&r, "sms.xml");
	assert_non_null(strstr(got, "<addr address=\"insert-address-token\" "
			       "type=\"137\" charset=\"106\"/>"));
	assert_non_null(strstr(got, "<addr address=\"+15555550102\" "
			       "type=\"130\" charset=\"106\"/>"));
	assert_non_null(strstr(got, "<addr address=\"+15555550103\" "
			       "type=\"129\" charset=\"106\"/>"));
	assert_non_null(strstr(got, " m_type=\"128\" "));
	free(got);
	json_decref(all);
	run_free(&r);
}

/* ---- exact bytes -------------------------------------------------------- */

static void test_call_bytes(void **state)
{
	static struct vox_field fields[] = {
		{ "type", "clashes" }, { "clid", "\"A\" <1001>" },
		{ "not plain", "x" }, { "xmlns", "x" }, { "amaflags", "3" },
	};
	struct vox_record rec;
	struct vox_call *c = &rec.u.call;
	struct vox_call_leg leg;
	struct run r;
	char *got;

	(void)state;
	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CALL;
	vox_call_leg_init(&leg);
	leg.from.number = "+15555550123";
	leg.from.raw = "5555550123";
	leg.from.name = "Acme \"Support\" & Co";
	leg.start = 1709647927000LL;
	leg.answer = 1709647930000LL;
	leg.end = 1709648057000LL;
	leg.duration = 130;
	leg.billsec = 127;
	leg.status = VOX_CALL_ANSWERED;
	leg.direction = VOX_DIR_INBOUND;
	leg.disposition = "ANSWERED";
	leg.channel = "SIP/trunk-0001";
	/* another source's extra values: as attributes when they can be */
	leg.extra.v = fields;
	leg.extra.n = sizeof(fields) / sizeof(fields[0]);
	c->id = "c1";
	c->from = leg.from;
	c->to = leg.to;
	c->start = leg.start;
	c->answer = leg.answer;
	c->end = leg.end;
	c->duration = leg.duration;
	c->billsec = leg.billsec;
	c->status = leg.status;
	c->direction = leg.direction;
	c->legs = &leg;
	c->nlegs = 1;
	run_open(&r, "America/New_York", 0);
	run_write(&r, &rec);
	run_close(&r);
	assert_null(output(&r, "sms.xml"));
	got = output(&r, "calls.xml");
	assert_non_null(got);
	assert_string_equal(got,
		"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
		"<calls count=\"1\" backup_set=\"3dec51d0-ba7c-8f61-8f4a-d0eea25a561f\" "
		"backup_date=\"1709647927000\" type=\"full\">\n"
		"  <call number=\"5555550123\" duration=\"127\" "
		"date=\"1709647927000\" type=\"1\" presentation=\"1\" "
		"subscription_id=\"null\" post_dial_digits=\"null\" "
		"subscription_component_name=\"null\" "
		"readable_date=\"Mar 5, 2024 9:12:07 AM\" "
		"contact_name=\"Acme &quot;Support&quot; &amp; Co\" "
		"clid=\"&quot;A&quot; &lt;1001&gt;\" amaflags=\"3\"/>\n"
		"</calls>\n");
	free(got);
	run_free(&r);
}

static void sms_record(struct vox_record *rec, struct vox_party *to,
		       const char *body)
{
	struct vox_message *m = &rec->u.message;

	memset(rec, 0, sizeof(*rec));
	rec->kind = VOX_MESSAGE;
	vox_message_init(m);
	m->id = "SM1";
	m->type = VOX_MSG_SMS;
	m->direction = VOX_DIR_OUTBOUND;
	m->box = VOX_BOX_SENT;
	m->date = 1709651220000LL;
	memset(to, 0, sizeof(*to));
	to->number = "+15555550188";
	to->name = "Carol";
	m->to = to;
	m->nto = 1;
	m->body = body;
	m->read = 1;
}

static void test_sms_bytes(void **state)
{
	struct vox_record rec;
	struct vox_party to;
	struct run r;
	char *got;

	(void)state;
	sms_record(&rec, &to, "No problem \"boss\"\n<3 & 'so'");
	run_open(&r, "UTC", 0);
	run_write(&r, &rec);
	run_close(&r);
	got = output(&r, "sms.xml");
	assert_non_null(got);
	assert_string_equal(got,
		"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
		"<smses count=\"1\" backup_set=\"1085362f-7fa9-85c7-920d-34fe54ec5c73\" "
		"backup_date=\"1709651220000\" type=\"full\">\n"
		"  <sms protocol=\"0\" address=\"+15555550188\" "
		"date=\"1709651220000\" type=\"2\" subject=\"null\" "
		"body=\"No problem &quot;boss&quot;&#10;&lt;3 &amp; 'so'\" "
		"toa=\"null\" sc_toa=\"null\" service_center=\"null\" "
		"read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"0\" "
		"readable_date=\"Mar 5, 2024 3:07:00 PM\" "
		"contact_name=\"Carol\"/>\n"
		"</smses>\n");
	free(got);
	run_free(&r);
}

/* The body attribute of the only sms of sms.xml. */
static char *body_of(struct run *r)
{
	char *got = output(r, "sms.xml"), *b, *e, *s;

	assert_non_null(got);
	b = strstr(got, " body=\"");
	assert_non_null(b);
	b += 7;
	e = strchr(b, '"');
	assert_non_null(e);
	s = strndup(b, (size_t)(e - b));
	free(got);
	return s;
}

/* What the reader makes of sms.xml's only message's body. */
static char *read_body(struct run *r)
{
	char path[256];
	json_t *all;
	char *s;

	snprintf(path, sizeof(path), "%s/sms.xml", r->dir);
	all = read_all(path, "sms.xml", NULL, NULL);
	s = strdup(json_string_value(json_object_get(json_array_get(all, 0),
						     "body")));
	json_decref(all);
	return s;
}

static void test_emoji(void **state)
{
	static const char body[] = "smile \xF0\x9F\x98\x80 \xE2\x9D\xA4 "
				   "flag \xF0\x9F\x87\xAC\xF0\x9F\x87\xA7.";
	struct vox_record rec;
	struct vox_party to;
	struct run r;
	char *got;

	(void)state;
	sms_record(&rec, &to, body);
	/* the app's way: surrogate pairs, BMP characters as they are */
	run_open(&r, "UTC", 0);
	run_write(&r, &rec);
	run_close(&r);
	got = body_of(&r);
	assert_string_equal(got, "smile &#55357;&#56832; \xE2\x9D\xA4 flag "
			    "&#55356;&#56812;&#55356;&#56807;.");
	free(got);
	got = read_body(&r);
	assert_string_equal(got, body);
	free(got);
	run_free(&r);
	/* well-formed XML */
	run_open(&r, "UTC", 0);
	assert_int_equal(vox_target_sbr_xml.option(r.st, "emoji", "utf8",
						   &r.err), VOX_OK);
	run_write(&r, &rec);
	run_close(&r);
	got = body_of(&r);
	assert_string_equal(got, body);
	free(got);
	got = read_body(&r);
	assert_string_equal(got, body);
	free(got);
	run_free(&r);
}


/* Calls of other sources: the call log type from direction and status. */
static void test_call_types(void **state)
{
	static const struct {
		enum vox_direction dir;
		enum vox_call_status status;
		int64_t billsec;
		const char *type;
	} cases[] = {
		{ VOX_DIR_INBOUND, VOX_CALL_ANSWERED, 10, "1" },
		{ VOX_DIR_INBOUND, VOX_CALL_UNKNOWN, 10, "1" },
		{ VOX_DIR_INBOUND, VOX_CALL_UNKNOWN, 0, "3" },
		{ VOX_DIR_INBOUND, VOX_CALL_NO_ANSWER, 0, "3" },
		{ VOX_DIR_INBOUND, VOX_CALL_CANCELLED, 0, "3" },
		{ VOX_DIR_INBOUND, VOX_CALL_BUSY, 0, "5" },
		{ VOX_DIR_OUTBOUND, VOX_CALL_BUSY, 0, "2" },
		{ VOX_DIR_INTERNAL, VOX_CALL_ANSWERED, 5, "2" },
	};
	struct vox_record rec;
	struct vox_call *c = &rec.u.call;
	struct run r;
	char *got, *at, want[64];
	size_t i;

	(void)state;
	run_open(&r, "UTC", 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&rec, 0, sizeof(rec));
		rec.kind = VOX_CALL;
		c->start = 1709647927000LL + (int64_t)i * 1000;
		c->answer = c->end = VOX_TIME_NONE;
		c->direction = cases[i].dir;
		c->status = cases[i].status;
		c->billsec = cases[i].billsec;
		c->duration = cases[i].billsec + 5;
		c->from.number = "+15555550100";
		c->to.number = "+15555550199";
		run_write(&r, &rec);
	}
	run_close(&r);
	got = output(&r, "calls.xml");
	assert_non_null(got);
	for (i = 0, at = got; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(want, sizeof(want), "number=\"%s\" duration=\"%lld\" "
			 "date=\"%lld\" type=\"%s\"", cases[i].dir ==
			 VOX_DIR_INBOUND ? "+15555550100" : "+15555550199",
			 (long long)cases[i].billsec,
			 1709647927000LL + (long long)i * 1000, cases[i].type);
		at = strstr(at, want);
		if (!at)
			fail_msg("call %zu: no %s in\n%s", i, want, got);
	}
	free(got);
	run_free(&r);
}

/* Messages of other sources: the type or msg_box from box or direction. */
static void test_boxes(void **state)
{
	struct vox_message_part part = { 0 };
	struct vox_record rec;
	struct vox_party to;
	struct run r;
	char *got;

	(void)state;
	run_open(&r, "UTC", 0);
	sms_record(&rec, &to, "inbound, no box");
	rec.u.message.box = VOX_BOX_UNKNOWN;
	rec.u.message.direction = VOX_DIR_INBOUND;
	rec.u.message.from.number = "+15555550177";
	run_write(&r, &rec);
	sms_record(&rec, &to, "queued mms");
	rec.u.message.type = VOX_MSG_MMS;
	rec.u.message.box = VOX_BOX_QUEUED;
	part.content_type = "image/png";
	part.name = "a.png";
	part.bytes = 3;
	part.sha256 = "00";
	rec.u.message.parts = &part;
	rec.u.message.nparts = 1;
	run_write(&r, &rec);
	run_close(&r);
	got = output(&r, "sms.xml");
	assert_non_null(got);
	assert_non_null(strstr(got, "address=\"+15555550177\" "
			       "date=\"1709651220000\" type=\"1\""));
	assert_non_null(strstr(got, " msg_box=\"4\" "));
	assert_non_null(strstr(got, " m_type=\"128\" "));
	/* no spool: no data; the body in a text part of its own */
	assert_null(strstr(got, " data="));
	assert_non_null(strstr(got, "<part seq=\"0\" ct=\"text/plain\" "
			       "name=\"text_0.txt\" chset=\"106\""));
	assert_non_null(strstr(got, "text=\"queued mms\"/>"));
	free(got);
	run_free(&r);
}

/* Control characters, bytes that are not UTF-8, U+FFFF. */
static void test_controls(void **state)
{
	static const char body[] = "a\x01" "b\tc\r\nd \xC3 e \xEF\xBF\xBF "
				   "f \xED\xA0\xBD.";
	struct vox_record rec;
	struct vox_party to;
	struct run r;
	char *got;

	(void)state;
	sms_record(&rec, &to, body);
	run_open(&r, "UTC", 0);
	run_write(&r, &rec);
	run_close(&r);
	got = body_of(&r);
	assert_string_equal(got, "a&#1;b&#9;c&#13;&#10;d \xEF\xBF\xBD e "
			    "\xEF\xBF\xBD f \xEF\xBF\xBD\xEF\xBF\xBD"
			    "\xEF\xBF\xBD.");
	free(got);
	got = read_body(&r);	/* the reader makes &#1; U+FFFD */
	assert_string_equal(got, "a\xEF\xBF\xBD" "b\tc\r\nd \xEF\xBF\xBD e "
			    "\xEF\xBF\xBD f \xEF\xBF\xBD\xEF\xBF\xBD"
			    "\xEF\xBF\xBD.");
	free(got);
	run_free(&r);
	run_open(&r, "UTC", 0);
	assert_int_equal(vox_target_sbr_xml.option(r.st, "emoji", "utf8",
						   &r.err), VOX_OK);
	run_write(&r, &rec);
	run_close(&r);
	got = body_of(&r);
	assert_string_equal(got, "a\xEF\xBF\xBD" "b&#9;c&#13;&#10;d "
			    "\xEF\xBF\xBD e \xEF\xBF\xBD f \xEF\xBF\xBD"
			    "\xEF\xBF\xBD\xEF\xBF\xBD.");
	free(got);
	run_free(&r);
}

static void test_options(void **state)
{
	struct run r;

	(void)state;
	run_open(&r, "UTC", 0);
	assert_int_equal(vox_target_sbr_xml.option(r.st, "emoji", "png",
						   &r.err), VOX_ERR);
	assert_int_equal(r.err.code, VOX_E_USAGE);
	assert_string_equal(r.err.msg, "emoji is app or utf8, not \"png\"");
	assert_int_equal(vox_target_sbr_xml.option(r.st, "colour", "red",
						   &r.err), VOX_ERR);
	assert_string_equal(r.err.msg, "unknown option \"colour\"");
	/* nothing written: no file */
	run_close(&r);
	assert_null(output(&r, "sms.xml"));
	assert_null(output(&r, "calls.xml"));
	run_free(&r);
}

/* Records that cannot be written are told, and the others still are. */
static void test_not_written(void **state)
{
	struct vox_record rec, call;
	struct vox_party to;
	struct run r;
	char *got;

	(void)state;
	run_open(&r, "UTC", 0);
	sms_record(&rec, &to, "no box");
	rec.u.message.box = VOX_BOX_UNKNOWN;
	rec.u.message.direction = VOX_DIR_UNKNOWN;
	rec.u.message.source.file = "in.xml";
	rec.u.message.source.line = 7;
	assert_int_equal(vox_target_sbr_xml.write(r.st, &rec, &r.err),
			 VOX_ERR);
	assert_int_equal(r.err.code, VOX_E_DATA);
	assert_string_equal(r.err.msg, "in.xml:7: message with neither box "
			    "nor direction (no subject): no sms type");
	sms_record(&rec, &to, "no date");
	rec.u.message.date = VOX_TIME_NONE;
	assert_int_equal(vox_target_sbr_xml.write(r.st, &rec, &r.err),
			 VOX_ERR);
	assert_string_equal(r.err.msg, "SM1: message without a date after "
			    "1970");
	memset(&call, 0, sizeof(call));
	call.kind = VOX_CALL;
	call.u.call.id = "c9";
	call.u.call.start = 1709651220000LL;
	call.u.call.billsec = call.u.call.duration = -1;
	assert_int_equal(vox_target_sbr_xml.write(r.st, &call, &r.err),
			 VOX_ERR);
	assert_string_equal(r.err.msg, "c9: call of unknown direction (no "
			    "subject): no call log type");
	sms_record(&rec, &to, "fine");
	run_write(&r, &rec);
	run_close(&r);
	got = output(&r, "sms.xml");
	assert_non_null(strstr(got, "<smses count=\"1\" "));
	assert_null(output(&r, "calls.xml"));
	free(got);
	run_free(&r);
}

/*
 * A part whose bytes are not at hand (not spooled) is lost, and losses()
 * says so; one whose bytes came is not counted.
 */
static void test_losses(void **state)
{
	const struct vox_loss *l;
	struct vox_message_part part;
	struct vox_record rec;
	int data = 0, n = 0;

	(void)state;
	for (l = vox_target_sbr_xml.losses(NULL); l->field; l++, n++)
		data += strcmp(l->field, "parts.data") == 0;
	assert_int_equal(data, 1);
	assert_true(n > 10);
	memset(&part, 0, sizeof(part));
	part.content_type = "image/jpeg";
	part.bytes = 1000;
	part.sha256 = "00";
	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_MESSAGE;
	vox_message_init(&rec.u.message);
	rec.u.message.parts = &part;
	rec.u.message.nparts = 1;
	assert_int_equal(vox_record_values(&rec, "parts.data"), 1);
	part.spooled = 1;
	assert_int_equal(vox_record_values(&rec, "parts.data"), 0);
}

/* close(state, 0): every file abandoned, nothing left open. */
static void test_abandon(void **state)
{
	struct vox_record rec;
	struct vox_party to;
	struct run r;

	(void)state;
	run_open(&r, "UTC", 0);
	sms_record(&rec, &to, "x");
	run_write(&r, &rec);
	assert_int_equal(vox_target_sbr_xml.close(r.st, 0, NULL), VOX_OK);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_big_part),
		cmocka_unit_test(test_mms_attrs),
		cmocka_unit_test(test_call_bytes),
		cmocka_unit_test(test_sms_bytes),
		cmocka_unit_test(test_call_types),
		cmocka_unit_test(test_boxes),
		cmocka_unit_test(test_emoji),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_not_written),
		cmocka_unit_test(test_losses),
		cmocka_unit_test(test_abandon),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
