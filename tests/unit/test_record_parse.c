/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_record_parse.c: records read back from their JSON form
 * (src/record_parse.c, src/contact_parse.c).
 *
 * The round trip: every record the readers make of the ok/ fixtures of
 * tests/data (and the calls joined from them), every member record of the
 * demo provider's archive, and records built by hand with every field set,
 * are written as JSON, parsed back and written again: the same bytes.
 * Then the errors: wrong types, bad times, unknown names, each naming its
 * JSON pointer.
 */
#include "unit.h"

#include <dirent.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <jansson.h>
#include <zip.h>

#include "arena.h"
#include "call_group.h"
#include "contact_json.h"
#include "phone.h"
#include "reader.h"
#include "record.h"
#include "record_json.h"
#include "record_parse.h"
#include "timeconv.h"
#include "vcard_write.h"
#include "voxport/source.h"

/* Records round-tripped, by kind (bit index of enum vox_kind). */
static size_t tally[5];
static size_t multi_leg_calls;

static int kind_index(enum vox_kind k)
{
	int i = 0;

	while (i < 5 && (1 << i) != (int)k)
		i++;
	return i;
}

static json_t *to_json(const struct vox_record *r)
{
	switch (r->kind) {
	case VOX_SUBJECT:
		return vox_subject_to_json(&r->u.subject);
	case VOX_CONTACT:
		return vox_contact_to_json(&r->u.contact);
	case VOX_CALL:
		return vox_call_to_json(&r->u.call);
	case VOX_MESSAGE:
		return vox_message_to_json(&r->u.message);
	case VOX_RECORDING:
		return vox_recording_to_json(&r->u.recording);
	}
	return NULL;
}

static char *dump(const struct vox_record *r)
{
	json_t *j = to_json(r);
	char *s;

	assert_non_null(j);
	s = json_dumps(j, VOX_JSON_LINE);
	assert_non_null(s);
	json_decref(j);
	return s;
}

/*
 * Parse line (compact JSON of kind) into *out from arena a, and write it
 * again: the same bytes.  where names it in a failure.
 */
static void round_trip_text(const char *line, enum vox_kind kind,
			    struct vox_arena *a, struct vox_record *out,
			    const char *where)
{
	struct vox_error err = VOX_ERROR_INIT;
	json_error_t jerr;
	json_t *j = json_loads(line, 0, &jerr);
	char *again;

	if (!j)
		fail_msg("%s: %s", where, jerr.text);
	if (vox_record_from_json(j, kind, a, out, &err) != VOX_OK)
		fail_msg("%s: %s\n%s", where, err.msg, line);
	json_decref(j);
	assert_int_equal(out->kind, kind);
	again = dump(out);
	if (strcmp(line, again) != 0)
		fail_msg("%s: not the same JSON again:\n%s\n%s", where, line,
			 again);
	free(again);
	tally[kind_index(kind)]++;
}

static char *vcard(const struct vox_contact *c)
{
	struct vox_error err = VOX_ERROR_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(vox_vcard_write(f, c, &err), VOX_OK);
	assert_int_equal(fclose(f), 0);
	return text;
}

/*
 * The vCard cards whose record the Card cannot give back whole
 * (contact_parse.c): apple-30.vcf's first card has a URL before its IMPP
 * and an X-SOCIALPROFILE, which come back after it and as an IMPP;
 * lowercase.vcf's X-CUSTOM has a parameter name in lower case, which
 * jCard parameters do not keep.
 */
static const char *const vcard_differs[] = {
	"/apple-30.vcf record 1", "/lowercase.vcf record 1", NULL,
};
static size_t vcards_same;

/*
 * A contact that came back also gives the same vCard (what the vcard
 * target writes), but for the cards above.
 */
static void same_vcard(const struct vox_contact *a, const struct vox_contact *b,
		       const char *where)
{
	char *va = vcard(a), *vb = vcard(b);
	size_t i, n = strlen(where), k;

	if (strcmp(va, vb) == 0) {
		vcards_same++;
	} else {
		for (i = 0; vcard_differs[i]; i++) {
			k = strlen(vcard_differs[i]);
			if (n >= k && strcmp(where + n - k, vcard_differs[i]) == 0)
				break;
		}
		if (!vcard_differs[i])
			fail_msg("%s: another vCard:\n%s\n%s", where, va, vb);
	}
	free(va);
	free(vb);
}

static void round_trip(const struct vox_record *r, const char *where)
{
	struct vox_arena a;
	struct vox_record back;
	char *line = dump(r);

	vox_arena_init(&a);
	round_trip_text(line, r->kind, &a, &back, where);
	if (r->kind == VOX_CONTACT)
		same_vcard(&r->u.contact, &back.u.contact, where);
	free(line);
	vox_arena_release(&a);
}

/* ---- the fixtures through the readers ----------------------------------- */

struct walk {
	const struct vox_source *src;
	struct vox_tz *tz;
	struct vox_phone_plan plan;
	size_t files;
};

static void join_and_round_trip(struct vox_call_group *g, int at_end,
				const char *where)
{
	const struct vox_call *c;
	struct vox_record r;

	while (vox_call_group_next(g, at_end, &c) == VOX_OK) {
		memset(&r, 0, sizeof(r));
		r.kind = VOX_CALL;
		r.u.call = *c;
		if (c->nlegs > 1)
			multi_leg_calls++;
		round_trip(&r, where);
	}
}

static void read_file(struct walk *w, const char *path)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_call_group *g = vox_call_group_new();
	struct vox_reader r;
	const struct vox_record *rec;
	char where[4200];
	int st;

	assert_non_null(g);
	if (vox_reader_open(&r, w->src, NULL, path, w->tz, &w->plan, NULL,
			    NULL, &err) != VOX_OK)
		fail_msg("%s: %s", path, err.msg);
	w->files++;
	while ((st = vox_reader_next(&r, &rec, &err)) != VOX_EOF) {
		if (st != VOX_OK && err.code == VOX_E_DATA) {
			vox_reader_skip(&r);
			continue;
		}
		if (st != VOX_OK)
			fail_msg("%s: %s", path, err.msg);
		snprintf(where, sizeof(where), "%s record %llu", path,
			 (unsigned long long)r.read);
		round_trip(rec, where);
		if (rec->kind == VOX_CALL) {
			assert_int_equal(vox_call_group_add(g, &rec->u.call,
							    &err), VOX_OK);
			join_and_round_trip(g, 0, where);
		}
	}
	snprintf(where, sizeof(where), "%s joined", path);
	join_and_round_trip(g, 1, where);
	vox_call_group_free(g);
	vox_reader_close(&r);
}

/* The source reads this file of a folder (its pattern is lower case). */
static int wanted(const struct vox_source *src, const char *name)
{
	char lower[256];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ?
				  name[i] - 'A' + 'a' : name[i]);
	lower[i] = '\0';
	return !src->files || fnmatch(src->files, lower, 0) == 0;
}

static void walk_dir(struct walk *w, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char path[4096];

	assert_non_null(d);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_int_equal(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode))
			walk_dir(w, path);
		else if (wanted(w->src, e->d_name))
			read_file(w, path);
	}
	closedir(d);
}

static void fixtures(const struct vox_source *src, const char *rel,
		     size_t min_files)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.src = src;
	w.tz = vox_tz_load("UTC", &err);
	assert_non_null(w.tz);
	assert_int_equal(vox_phone_plan_for_country("US", &w.plan), VOX_OK);
	walk_dir(&w, unit_path(rel));
	vox_tz_free(w.tz);
	assert_true(w.files >= min_files);
}

static void test_cdr_fixtures(void **state)
{
	size_t before = tally[kind_index(VOX_CALL)];

	(void)state;
	fixtures(&vox_source_asterisk_cdr_csv,
		 "tests/data/asterisk-cdr-csv/ok", 13);
	assert_true(tally[kind_index(VOX_CALL)] > before);
	/* linked-21.csv and friends have calls of several legs. */
	assert_true(multi_leg_calls > 0);
}

static void test_vcard_fixtures(void **state)
{
	size_t before = tally[kind_index(VOX_CONTACT)];

	(void)state;
	fixtures(&vox_source_vcard, "tests/data/vcard/ok", 12);
	assert_true(tally[kind_index(VOX_CONTACT)] > before);
}

static void test_sbr_xml_fixtures(void **state)
{
	size_t calls = tally[kind_index(VOX_CALL)];
	size_t messages = tally[kind_index(VOX_MESSAGE)];

	(void)state;
	fixtures(&vox_source_sbr_xml, "tests/data/sbr-xml/ok", 9);
	assert_true(tally[kind_index(VOX_CALL)] > calls);
	assert_true(tally[kind_index(VOX_MESSAGE)] > messages);
}

static void test_subscribers_fixtures(void **state)
{
	size_t before = tally[kind_index(VOX_SUBJECT)];

	(void)state;
	fixtures(&vox_source_subscribers_csv,
		 "tests/data/subscribers-csv/ok", 3);
	assert_true(tally[kind_index(VOX_SUBJECT)] > before);
}

static void test_audio_fixtures(void **state)
{
	size_t before = tally[kind_index(VOX_RECORDING)];

	(void)state;
	fixtures(&vox_source_wav, "tests/data/wav/ok", 10);
	fixtures(&vox_source_asterisk_voicemail,
		 "tests/data/asterisk-voicemail/ok", 3);
	assert_true(tally[kind_index(VOX_RECORDING)] > before);
}

/* ---- the demo archive ----------------------------------------------------- */

static char *member(zip_t *z, const char *name)
{
	zip_stat_t st;
	zip_file_t *f;
	char *buf;

	if (zip_stat(z, name, 0, &st) != 0)
		return NULL;
	buf = malloc(st.size + 1);
	assert_non_null(buf);
	f = zip_fopen(z, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	buf[st.size] = '\0';
	return buf;
}

/* Each line of a .jsonl member, exactly as the archive has it. */
static size_t jsonl(zip_t *z, const char *name, enum vox_kind kind)
{
	char *text = member(z, name), *line, *nl, where[128];
	struct vox_arena a;
	struct vox_record r;
	size_t n = 0;

	assert_non_null(text);
	vox_arena_init(&a);
	for (line = text; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		snprintf(where, sizeof(where), "%s:%zu", name, ++n);
		round_trip_text(line, kind, &a, &r, where);
		vox_arena_reset(&a);
	}
	vox_arena_release(&a);
	free(text);
	return n;
}

/* A .json member, or each element of it when it is an array. */
static size_t json_member(zip_t *z, const char *name, enum vox_kind kind)
{
	char *text = member(z, name), *line, where[128];
	json_t *doc, *e;
	struct vox_arena a;
	struct vox_record r;
	size_t i, n = 0;

	assert_non_null(text);
	doc = json_loads(text, 0, NULL);
	assert_non_null(doc);
	vox_arena_init(&a);
	for (i = 0; i < (json_is_array(doc) ? json_array_size(doc) : 1);
	     i++) {
		e = json_is_array(doc) ? json_array_get(doc, i) : doc;
		line = json_dumps(e, VOX_JSON_LINE);
		snprintf(where, sizeof(where), "%s/%zu", name, i);
		round_trip_text(line, kind, &a, &r, where);
		free(line);
		vox_arena_reset(&a);
		n++;
	}
	vox_arena_release(&a);
	json_decref(doc);
	free(text);
	return n;
}

static void test_demo_archive(void **state)
{
	const char *build = getenv("VOXPORT_BUILD");
	char cmd[8192];
	zip_t *z;
	int zerr;

	(void)state;
	snprintf(cmd, sizeof(cmd),
		 "'%s/voxport' export -c '%s' -s 1001 -o demo.zip --force "
		 "--with-audio --with-attachments --created 2024-06-01T00:00:00Z"
		 " 2>export.err", build ? build : "build/san",
		 unit_path("examples/demo-provider/provider.json"));
	if (system(cmd) != 0)
		fail_msg("%s failed", cmd);
	z = zip_open("demo.zip", ZIP_RDONLY, &zerr);
	assert_non_null(z);
	assert_int_equal(json_member(z, "subject.json", VOX_SUBJECT), 1);
	assert_true(json_member(z, "contacts.json", VOX_CONTACT) > 0);
	assert_true(jsonl(z, "calls.jsonl", VOX_CALL) > 0);
	assert_true(jsonl(z, "messages.jsonl", VOX_MESSAGE) > 0);
	assert_true(jsonl(z, "recordings.jsonl", VOX_RECORDING) > 0);
	zip_close(z);
}

/* ---- records built by hand, every field set ------------------------------ */

/* Parse the JSON of r back into *out (arena a), checking the bytes. */
static void back(const struct vox_record *r, struct vox_arena *a,
		 struct vox_record *out)
{
	char *line = dump(r);

	round_trip_text(line, r->kind, a, out, "by hand");
	free(line);
}

static struct vox_field extra_fields[] = {
	{ "userfield", "a/b~c" }, { "amaflags", "DOCUMENTATION" },
};

static void test_call_by_hand(void **state)
{
	struct vox_call_leg legs[2];
	struct vox_record r, out;
	struct vox_arena a;
	const struct vox_call *c;
	size_t i;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.kind = VOX_CALL;
	for (i = 0; i < 2; i++) {
		vox_call_leg_init(&legs[i]);
		legs[i].id = i ? "1709647927.46" : "1709647927.45";
		legs[i].from = (struct vox_party){ "+15555550123",
						   "(555) 555-0123", "Alice" };
		legs[i].to = (struct vox_party){ "1001", "1001", NULL };
		legs[i].channel = "SIP/trunk-0001";
		legs[i].peer_channel = "PJSIP/1001-0002";
		legs[i].context = "from-trunk";
		legs[i].application = "Dial";
		legs[i].application_data = "PJSIP/1001,30";
		legs[i].account_code = "acme";
		legs[i].peer_account = "acme-peer";
		legs[i].start = 1709647927123LL + (int64_t)i;
		legs[i].answer = i ? VOX_TIME_NONE : 1709647930000LL;
		legs[i].end = 1709647990000LL;
		legs[i].duration = 62;
		legs[i].billsec = i ? 0 : 60;
		legs[i].disposition = i ? "NO ANSWER" : "ANSWERED";
		legs[i].status = i ? VOX_CALL_NO_ANSWER : VOX_CALL_ANSWERED;
		legs[i].direction = VOX_DIR_INBOUND;
		legs[i].source = (struct vox_source_ref){
			"asterisk-cdr-csv", "Master.csv", 12 + i, NULL };
		legs[i].extra.v = extra_fields;
		legs[i].extra.n = 2;
	}
	r.u.call.id = "1709647927.45";
	r.u.call.from = legs[0].from;
	r.u.call.to = legs[0].to;
	r.u.call.start = legs[0].start;
	r.u.call.answer = legs[0].answer;
	r.u.call.end = legs[0].end;
	r.u.call.duration = 62;
	r.u.call.billsec = 60;
	r.u.call.status = VOX_CALL_ANSWERED;
	r.u.call.direction = VOX_DIR_INTERNAL;
	r.u.call.account_code = "acme";
	r.u.call.legs = legs;
	r.u.call.nlegs = 2;
	r.u.call.source = legs[0].source;
	vox_arena_init(&a);
	back(&r, &a, &out);
	c = &out.u.call;
	assert_string_equal(c->id, "1709647927.45");
	assert_null(c->group_id);
	assert_int_equal(c->start, 1709647927123LL);
	assert_int_equal(c->direction, VOX_DIR_INTERNAL);
	assert_int_equal(c->nlegs, 2);
	assert_int_equal(c->legs[1].answer, VOX_TIME_NONE);
	assert_int_equal(c->legs[1].status, VOX_CALL_NO_ANSWER);
	assert_int_equal(c->legs[1].source.line, 13);
	assert_null(c->legs[1].source.id);
	assert_null(c->legs[0].to.name);
	assert_string_equal(c->legs[0].from.raw, "(555) 555-0123");
	assert_string_equal(c->legs[0].peer_account, "acme-peer");
	assert_int_equal(c->legs[0].extra.n, 2);
	assert_string_equal(c->legs[0].extra.v[0].value, "a/b~c");
	vox_arena_release(&a);
}

static void test_unset_fields_come_back_unset(void **state)
{
	struct vox_call_leg leg;
	struct vox_record r, out;
	struct vox_arena a;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.kind = VOX_CALL;
	vox_call_leg_init(&leg);
	r.u.call.start = r.u.call.answer = r.u.call.end = VOX_TIME_NONE;
	r.u.call.duration = r.u.call.billsec = -1;
	r.u.call.legs = &leg;
	r.u.call.nlegs = 1;
	vox_arena_init(&a);
	back(&r, &a, &out);
	/* The writer puts "" for missing numbers: NULL again. */
	assert_null(out.u.call.from.number);
	assert_null(out.u.call.from.raw);
	assert_null(out.u.call.id);
	assert_int_equal(out.u.call.answer, VOX_TIME_NONE);
	assert_int_equal(out.u.call.duration, -1);
	assert_int_equal(out.u.call.legs[0].billsec, -1);
	assert_int_equal(out.u.call.legs[0].start, VOX_TIME_NONE);
	assert_string_equal(out.u.call.source.format, "unknown");
	vox_arena_release(&a);
}

static void test_message_by_hand(void **state)
{
	struct vox_party to[2] = {
		{ "+15555550100", "5555550100", "Bob" },
		{ NULL, "short code", NULL },
	};
	struct vox_message_part parts[2] = {
		{ "text/plain", "text_0.txt", "hello \xf0\x9f\x98\x80", 0,
		  NULL, NULL, 0, 0 },
		{ "image/jpeg", "photo.jpg", NULL, 12345,
		  "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
		  "attachments/m1/photo.jpg", 1, 99 },
	};
	struct vox_record r, out;
	struct vox_arena a;
	const struct vox_message *m;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.kind = VOX_MESSAGE;
	vox_message_init(&r.u.message);
	m = &r.u.message;
	r.u.message.id = "m1";
	r.u.message.thread = "7";
	r.u.message.type = VOX_MSG_MMS;
	r.u.message.direction = VOX_DIR_OUTBOUND;
	r.u.message.box = VOX_BOX_OUTBOX;
	r.u.message.date = 1709647927000LL;
	r.u.message.date_sent = 1709647928500LL;
	r.u.message.from = (struct vox_party){ "+15555550123", "5550123",
					       NULL };
	r.u.message.to = to;
	r.u.message.nto = 2;
	r.u.message.subject = "Pictures";
	r.u.message.body = "line 1\nline \"2\"";
	r.u.message.read = 0;
	r.u.message.parts = parts;
	r.u.message.nparts = 2;
	r.u.message.source = (struct vox_source_ref){ "sbr-xml", "sms.xml",
						      3, "42" };
	r.u.message.extra.v = extra_fields;
	r.u.message.extra.n = 1;
	vox_arena_init(&a);
	back(&r, &a, &out);
	m = &out.u.message;
	assert_int_equal(m->type, VOX_MSG_MMS);
	assert_int_equal(m->box, VOX_BOX_OUTBOX);
	assert_int_equal(m->read, 0);
	assert_int_equal(m->date_sent, 1709647928500LL);
	assert_int_equal(m->nto, 2);
	assert_string_equal(m->to[1].number, "short code");
	assert_int_equal(m->nparts, 2);
	assert_null(m->parts[1].text);
	assert_int_equal(m->parts[1].bytes, 12345);
	assert_string_equal(m->parts[1].member, "attachments/m1/photo.jpg");
	/* The spool is the reader's, not the JSON's. */
	assert_int_equal(m->parts[1].spooled, 0);
	assert_string_equal(m->source.id, "42");
	vox_arena_reset(&a);
	/* read unknown, an SMS with nothing but a date. */
	vox_message_init(&r.u.message);
	r.u.message.date = 0;
	back(&r, &a, &out);
	assert_int_equal(out.u.message.read, -1);
	assert_int_equal(out.u.message.type, VOX_MSG_SMS);
	assert_int_equal(out.u.message.date, 0);
	assert_int_equal(out.u.message.date_sent, VOX_TIME_NONE);
	vox_arena_release(&a);
}

static void test_recording_by_hand(void **state)
{
	struct vox_record r, out;
	struct vox_arena a;
	const struct vox_recording *v;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.kind = VOX_RECORDING;
	vox_recording_init(&r.u.recording);
	r.u.recording.id = "vm-1001-INBOX-0000";
	r.u.recording.kind = VOX_REC_VOICEMAIL;
	r.u.recording.call_id = "1709647927.45";
	r.u.recording.start = 1709647927000LL;
	r.u.recording.duration_ms = 5250;
	r.u.recording.media_type = "audio/wav";
	r.u.recording.codec = "pcm_s16le";
	r.u.recording.sample_rate = 8000;
	r.u.recording.channels = 1;
	r.u.recording.bits_per_sample = 16;
	r.u.recording.bytes = 84044;
	r.u.recording.sha256 = "00ff";
	r.u.recording.member = "recordings/vm-1001-INBOX-0000.wav";
	r.u.recording.file = "/var/spool/x.wav";
	r.u.recording.source = (struct vox_source_ref){
		"asterisk-voicemail", "msg0000.txt", 0, NULL };
	vox_arena_init(&a);
	back(&r, &a, &out);
	v = &out.u.recording;
	assert_int_equal(v->kind, VOX_REC_VOICEMAIL);
	assert_int_equal(v->duration_ms, 5250);
	assert_int_equal(v->sample_rate, 8000);
	assert_int_equal(v->bits_per_sample, 16);
	assert_int_equal(v->bytes, 84044);
	assert_null(v->file);
	assert_int_equal(v->source.line, 0);
	vox_arena_release(&a);
}

static void test_subject_by_hand(void **state)
{
	struct vox_email emails[] = {
		{ "ann@example.com", VOX_CTX_HOME | VOX_CTX_OTHER, "private",
		  1 },
		{ "ann@work.example", VOX_CTX_WORK, NULL, 0 },
	};
	struct vox_phone phones[] = {
		{ "+15555550123", "555-0123", VOX_TEL_VOICE | VOX_TEL_MAIN |
		  VOX_TEL_TEXTPHONE, VOX_CTX_WORK, "desk", 250, NULL },
		{ NULL, NULL, 0, 0, NULL, 0, NULL },
		{ "", NULL, VOX_TEL_MOBILE, 0, NULL, 0, NULL },
	};
	struct vox_address addrs[] = {
		{ "PO 1", "Flat 2", "1 Main St", "Springfield", "IL", "62701",
		  "US", "1 Main St\nSpringfield", VOX_CTX_HOME, "home", 2 },
	};
	const char *ext[] = { "1001", "1002" }, *acc[] = { "acme" };
	struct vox_subscription subs[] = {
		{ "Business", "active", "2020-01-01", NULL },
		{ "Old", "ended", "2010-01-01", "2019-12-31" },
	};
	struct vox_marketing mkt[] = {
		{ "email", VOX_CONSENT_GRANTED, "2024-01-02" },
		{ "sms", VOX_CONSENT_REFUSED, "2024-01-02T03:04:05Z" },
		{ "post", VOX_CONSENT_UNKNOWN, NULL },
	};
	struct vox_record r, out;
	struct vox_arena a;
	struct vox_subject *s = &r.u.subject;
	const struct vox_subject *o;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.kind = VOX_SUBJECT;
	s->id = "1001";
	s->title = "Dr";
	s->given = "Ann";
	s->family = "Example";
	s->full_name = "Dr Ann Example";
	s->organization = "Acme";
	s->job_title = "Engineer";
	s->birthday = (struct vox_date){ 0, 3, 12, "12 March" };
	s->emails = emails;
	s->nemails = 2;
	s->phones = phones;
	s->nphones = 3;
	s->addresses = addrs;
	s->naddresses = 1;
	s->extensions = (struct vox_strings){ ext, 2, 0 };
	s->account_codes = (struct vox_strings){ acc, 1, 0 };
	s->sip_usernames = (struct vox_strings){ ext, 1, 0 };
	s->subscriptions = subs;
	s->nsubscriptions = 2;
	s->marketing = mkt;
	s->nmarketing = 3;
	s->language = "en-GB";
	s->created = "2019-05-01";
	s->source = (struct vox_source_ref){ "subscribers-csv", "subs.csv", 2,
					     "1001" };
	s->extra.v = extra_fields;
	s->extra.n = 2;
	vox_arena_init(&a);
	back(&r, &a, &out);
	o = &out.u.subject;
	assert_string_equal(o->full_name, "Dr Ann Example");
	assert_int_equal(o->birthday.year, 0);
	assert_int_equal(o->birthday.month, 3);
	assert_string_equal(o->birthday.text, "12 March");
	assert_int_equal(o->emails[0].contexts, VOX_CTX_HOME | VOX_CTX_OTHER);
	assert_int_equal(o->emails[0].pref, 1);
	assert_int_equal(o->phones[0].features,
			 VOX_TEL_VOICE | VOX_TEL_MAIN | VOX_TEL_TEXTPHONE);
	assert_int_equal(o->phones[0].pref, 250);
	assert_null(o->phones[1].number);
	assert_null(o->phones[1].raw);
	assert_string_equal(o->phones[2].number, "");
	assert_string_equal(o->addresses[0].full, "1 Main St\nSpringfield");
	assert_int_equal(o->extensions.n, 2);
	assert_string_equal(o->extensions.v[1], "1002");
	assert_int_equal(o->nsubscriptions, 2);
	assert_null(o->subscriptions[0].end);
	assert_int_equal(o->marketing[1].consent, VOX_CONSENT_REFUSED);
	assert_int_equal(o->marketing[2].consent, VOX_CONSENT_UNKNOWN);
	assert_string_equal(o->created, "2019-05-01");
	vox_arena_release(&a);
}

static void test_contact_by_hand(void **state)
{
	const char *nick[] = { "Annie", "", "A" }, *units[] = { "R&D", "" };
	const char *cats[] = { "friends", "work", "friends", "a/b" };
	struct vox_phone phones[] = {
		{ "+15555550123", "(555) 555-0123", VOX_TEL_MOBILE |
		  VOX_TEL_TEXT | VOX_TEL_MAIN, VOX_CTX_HOME | VOX_CTX_OTHER,
		  "iPhone", 1, NULL },
		{ "5550199", "555-0199", VOX_TEL_FAX, VOX_CTX_WORK, NULL, 0, NULL },
		{ "tel:12", NULL, 0, 0, NULL, 0, NULL },
		{ "", "1001", VOX_TEL_PAGER, 0, "", 0, NULL },
	};
	struct vox_email emails[] = {
		{ "ann@example.com", VOX_CTX_OTHER, "private", 3 },
		{ "", 0, NULL, 0 },
	};
	struct vox_address addrs[] = {
		{ NULL, NULL, "1 Main St", "Springfield", NULL, "62701", "US",
		  NULL, VOX_CTX_WORK, "office", 1 },
		{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, "lost", 0 },
		{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Somewhere",
		  VOX_CTX_OTHER, NULL, 0 },
	};
	struct vox_link links[] = {
		{ "https://example.com/ann", "url", VOX_CTX_HOME, "blog" },
		{ "xmpp:ann@example.com", "impp", VOX_CTX_WORK, "chat" },
		{ "annex", "impp", 0, NULL },
	};
	struct vox_vcard_prop props[] = {
		{ "item1", "X-ABLABEL", NULL, "_$!<Other>!$_" },
		{ NULL, "X-ANDROID-CUSTOM", "CHARSET=UTF-8",
		  "vnd.android.cursor.item/nickname;Ann;1" },
		{ NULL, "GEO", "TYPE=work,home;PREF=1;X-Q=\"a;b\"",
		  "geo:1,2" },
		{ "g", "X-Y", "home;x-z=1;X-Z=2;GROUP=h", "v" },
		{ NULL, "X-EMPTY", "", NULL },
	};
	struct vox_record r, out;
	struct vox_arena a;
	struct vox_contact *c = &r.u.contact;
	const struct vox_contact *o;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.kind = VOX_CONTACT;
	c->uid = "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1";
	c->kind = "x-pet";
	c->full_name = "Ann Example";
	c->prefix = "Dr";
	c->given = "Ann";
	c->additional = "";
	c->family = "Example";
	c->suffix = "PhD";
	c->nicknames = (struct vox_strings){ nick, 3, 0 };
	c->organization = "Acme";
	c->units = (struct vox_strings){ units, 2, 0 };
	c->title = "Engineer";
	c->role = "Lead";
	c->birthday = (struct vox_date){ 0, 3, 12, NULL };
	c->anniversary = (struct vox_date){ 0, 0, 0, "summer 2001" };
	c->gender = "non-binary";
	c->note = "line 1\nline 2";
	c->photo = "data:image/jpeg;base64,/9j/4AAQ";
	c->revision = "20240305T141207Z";
	c->categories = (struct vox_strings){ cats, 4, 0 };
	c->phones = phones;
	c->nphones = 4;
	c->emails = emails;
	c->nemails = 2;
	c->addresses = addrs;
	c->naddresses = 3;
	c->links = links;
	c->nlinks = 3;
	c->props = props;
	c->nprops = 5;
	c->source = (struct vox_source_ref){ "vcard", "ann.vcf", 1, NULL };
	c->extra.v = extra_fields;
	c->extra.n = 1;
	vox_arena_init(&a);
	back(&r, &a, &out);
	o = &out.u.contact;
	assert_string_equal(o->kind, "x-pet");
	/* REV as vCard 4.0 has it, not the Card's "updated". */
	assert_string_equal(o->revision, "20240305T141207Z");
	assert_null(o->additional);
	assert_string_equal(o->suffix, "PhD");
	assert_int_equal(o->nicknames.n, 2);
	assert_int_equal(o->units.n, 2);
	assert_string_equal(o->role, "Lead");
	assert_int_equal(o->birthday.month, 3);
	assert_string_equal(o->anniversary.text, "summer 2001");
	assert_string_equal(o->gender, "non-binary");
	assert_int_equal(o->categories.n, 3);
	assert_string_equal(o->categories.v[2], "a/b");
	assert_int_equal(o->nphones, 4);
	/* tel:+E.164 loses its tel:, a number that is "tel:12" keeps it. */
	assert_string_equal(o->phones[0].number, "+15555550123");
	assert_string_equal(o->phones[0].raw, "(555) 555-0123");
	assert_int_equal(o->phones[0].features,
			 VOX_TEL_MOBILE | VOX_TEL_TEXT | VOX_TEL_MAIN);
	assert_int_equal(o->phones[0].contexts, VOX_CTX_HOME | VOX_CTX_OTHER);
	assert_string_equal(o->phones[2].number, "tel:12");
	assert_null(o->phones[2].raw);
	assert_string_equal(o->phones[3].number, "1001");
	assert_int_equal(o->nemails, 1);
	assert_int_equal(o->emails[0].pref, 3);
	assert_int_equal(o->naddresses, 2);
	assert_string_equal(o->addresses[0].label, "office");
	assert_string_equal(o->addresses[1].full, "Somewhere");
	assert_int_equal(o->addresses[1].contexts, VOX_CTX_OTHER);
	assert_int_equal(o->nlinks, 3);
	/* onlineServices first, then links; their kind is not in the Card. */
	assert_string_equal(o->links[0].kind, "impp");
	assert_string_equal(o->links[1].uri, "annex");
	assert_string_equal(o->links[2].kind, "url");
	assert_string_equal(o->photo, "data:image/jpeg;base64,/9j/4AAQ");
	assert_int_equal(o->nprops, 5);
	assert_string_equal(o->props[0].group, "item1");
	assert_string_equal(o->props[0].name, "X-ABLABEL");
	assert_null(o->props[0].params);
	assert_string_equal(o->props[2].params,
			    "TYPE=work,home;PREF=1;X-Q=\"a;b\"");
	assert_string_equal(o->props[3].group, "g");
	/* The second group value is a GROUP parameter, put first. */
	assert_string_equal(o->props[3].params, "GROUP=h;TYPE=home;X-Z=1;"
			    "X-Z=2");
	assert_string_equal(o->props[4].value, "");
	vox_arena_release(&a);

	/*
	 * A card kind, a sex, a REV that is not UTC, and no uid: the one
	 * the Card got stays, the links came back in another order.
	 */
	c->uid = NULL;
	c->kind = "org";
	c->gender = "F";
	c->revision = "2024-03-05";
	c->nprops = 0;
	vox_arena_init(&a);
	back(&r, &a, &out);
	o = &out.u.contact;
	assert_non_null(o->uid);
	assert_int_equal(strncmp(o->uid, "urn:uuid:", 9), 0);
	assert_string_equal(o->kind, "org");
	assert_string_equal(o->gender, "F");
	assert_string_equal(o->revision, "2024-03-05");
	vox_arena_reset(&a);
	/* When all else comes back the same, the derived uid is NULL again. */
	memset(&r, 0, sizeof(r));
	r.kind = VOX_CONTACT;
	c->full_name = "Bob";
	c->phones = phones;
	c->nphones = 2;
	c->links = links + 1;
	c->nlinks = 2;
	c->revision = "20240305T141207Z";
	back(&r, &a, &out);
	assert_null(out.u.contact.uid);
	vox_arena_reset(&a);
	/* A 3.0 REV comes back as 4.0 writes it: not the same vCard. */
	c->revision = "2024-03-05T14:12:07Z";
	back(&r, &a, &out);
	assert_string_equal(out.u.contact.revision, "20240305T141207Z");
	assert_non_null(out.u.contact.uid);
	vox_arena_release(&a);
}

/*
 * A Card of another producer, with more than the record holds: the
 * repeats become vCard properties, as the vcard reader keeps them.
 */
static void test_foreign_card(void **state)
{
	static const char card[] =
		"{\"@type\": \"Card\", \"version\": \"1.0\", \"uid\": \"x1\","
		" \"name\": {\"components\": [{\"kind\": \"given\", "
		"\"value\": \"Ann\"}, {\"kind\": \"given\", \"value\": "
		"\"Marie\"}]},"
		" \"organizations\": {\"o1\": {\"name\": \"Acme\"}, \"o2\": "
		"{\"name\": \"Side; Inc\", \"units\": [{\"name\": \"A,B\"}]}},"
		" \"titles\": {\"t1\": {\"name\": \"Boss\"}, \"t2\": "
		"{\"kind\": \"title\", \"name\": \"Chair\"}, \"t3\": "
		"{\"kind\": \"role\", \"name\": \"Lead\"}},"
		" \"onlineServices\": {\"s1\": {\"service\": \"Skype\", "
		"\"user\": \"alice\"}},"
		" \"media\": {\"m1\": {\"kind\": \"logo\", \"uri\": "
		"\"https://x.example/logo.png\"}, \"m2\": {\"kind\": "
		"\"photo\", \"uri\": \"https://x.example/a.jpg\"}, \"m3\": "
		"{\"kind\": \"photo\", \"uri\": \"https://x.example/b.jpg\"}},"
		" \"anniversaries\": {\"d1\": {\"kind\": \"birth\", \"date\": "
		"{\"@type\": \"Timestamp\", \"utc\": "
		"\"1969-03-12T10:00:00Z\"}}, \"d2\": {\"kind\": \"death\", "
		"\"date\": {\"@type\": \"PartialDate\", \"year\": 2020, "
		"\"month\": 1}}, \"d3\": {\"kind\": \"birth\", \"date\": "
		"{\"month\": 3, \"day\": 13}}},"
		" \"notes\": {\"n1\": {\"note\": \"one\"}, \"n2\": "
		"{\"note\": \"two\\nlines\"}},"
		" \"voxport.example:source\": {\"format\": \"vcard\"}}";
	static const char *const want[][2] = {
		{ "ORG", "Side\\; Inc;A\\,B" }, { "TITLE", "Chair" },
		{ "LOGO", "https://x.example/logo.png" },
		{ "PHOTO", "https://x.example/b.jpg" },
		{ "DEATHDATE", "2020-01" }, { "BDAY", "--0313" },
		{ "NOTE", "two\\nlines" },
	};
	struct vox_error err = VOX_ERROR_INIT;
	json_t *j = json_loads(card, 0, NULL);
	struct vox_arena a;
	struct vox_record r;
	const struct vox_contact *c = &r.u.contact;
	size_t i;

	(void)state;
	assert_non_null(j);
	vox_arena_init(&a);
	if (vox_record_from_json(j, VOX_CONTACT, &a, &r, &err) != VOX_OK)
		fail_msg("%s", err.msg);
	assert_string_equal(c->uid, "x1");
	assert_string_equal(c->given, "Ann,Marie");
	assert_string_equal(c->organization, "Acme");
	assert_int_equal(c->units.n, 0);
	assert_string_equal(c->title, "Boss");
	assert_string_equal(c->role, "Lead");
	assert_string_equal(c->note, "one");
	assert_string_equal(c->photo, "https://x.example/a.jpg");
	assert_int_equal(c->birthday.year, 1969);
	assert_int_equal(c->birthday.month, 3);
	assert_int_equal(c->birthday.day, 12);
	assert_int_equal(c->nlinks, 1);
	assert_string_equal(c->links[0].uri, "alice");
	assert_string_equal(c->links[0].label, "Skype");
	assert_int_equal(c->nprops, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < c->nprops; i++) {
		assert_string_equal(c->props[i].name, want[i][0]);
		assert_string_equal(c->props[i].value, want[i][1]);
		assert_null(c->props[i].params);
	}
	/* The vcard target can write what came back. */
	free(vcard(c));
	json_decref(j);
	vox_arena_release(&a);
}

/* ---- errors ---------------------------------------------------------------- */

static void fails(enum vox_kind kind, const char *text, int code,
		  const char *msg)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_arena a;
	struct vox_record r;
	json_t *j = json_loads(text, JSON_ALLOW_NUL, NULL);

	if (!j)
		fail_msg("bad test JSON %s", text);
	vox_arena_init(&a);
	if (vox_record_from_json(j, kind, &a, &r, &err) != VOX_ERR)
		fail_msg("%s: parsed", text);
	assert_int_equal(err.code, code);
	if (strcmp(err.msg, msg) != 0)
		fail_msg("%s:\n got \"%s\"\nwant \"%s\"", text, err.msg, msg);
	vox_arena_release(&a);
	json_decref(j);
}

#define BAD(kind, text, msg) fails((kind), (text), VOX_E_DATA, (msg))

static void test_call_errors(void **state)
{
	(void)state;
	BAD(VOX_CALL, "[]", "not a JSON object");
	BAD(VOX_CALL, "{\"id\": 5}", "/id: not a string");
	BAD(VOX_CALL, "{\"id\": null}", "/id: not a string");
	BAD(VOX_CALL, "{\"id\": \"a\\u0000b\"}", "/id: holds a NUL character");
	BAD(VOX_CALL, "{\"start\": \"2024-03-05 14:12:07\"}",
	    "/start: not an RFC 3339 time");
	BAD(VOX_CALL, "{\"legs\": [{\"start\": \"yesterday\"}]}",
	    "/legs/0/start: not an RFC 3339 time");
	BAD(VOX_CALL, "{\"legs\": [{}, {\"end\": \"2024-02-30T00:00:00Z\"}]}",
	    "/legs/1/end: not an RFC 3339 time");
	BAD(VOX_CALL, "{\"answer\": 1709647927}",
	    "/answer: not a string");
	BAD(VOX_CALL, "{\"direction\": \"sideways\"}",
	    "/direction: unknown direction \"sideways\"");
	BAD(VOX_CALL, "{\"legs\": [{\"status\": \"ANSWERED\"}]}",
	    "/legs/0/status: unknown call status \"ANSWERED\"");
	BAD(VOX_CALL, "{\"duration\": \"12\"}", "/duration: not an integer");
	BAD(VOX_CALL, "{\"billsec\": 1.5}", "/billsec: not an integer");
	BAD(VOX_CALL, "{\"duration\": -1}", "/duration: -1 is out of range");
	BAD(VOX_CALL, "{\"legs\": {}}", "/legs: not an array");
	BAD(VOX_CALL, "{\"legs\": [3]}", "/legs/0: not an object");
	BAD(VOX_CALL, "{\"from\": \"+1555\"}", "/from: not an object");
	BAD(VOX_CALL, "{\"to\": {\"number\": 5}}", "/to/number: not a string");
	BAD(VOX_CALL, "{\"source\": {\"line\": \"x\"}}",
	    "/source/line: not an integer");
	BAD(VOX_CALL, "{\"source\": {\"line\": -3}}",
	    "/source/line: -3 is out of range");
	BAD(VOX_CALL, "{\"legs\": [{\"extra\": {\"a/b\": 1}}]}",
	    "/legs/0/extra/a~1b: not a string");
	BAD(VOX_CALL, "{\"legs\": [{\"extra\": []}]}",
	    "/legs/0/extra: not an object");
}

static void test_message_and_recording_errors(void **state)
{
	(void)state;
	BAD(VOX_MESSAGE, "{\"type\": \"fax\"}",
	    "/type: unknown message type \"fax\"");
	BAD(VOX_MESSAGE, "{\"box\": \"trash\"}",
	    "/box: unknown message box \"trash\"");
	BAD(VOX_MESSAGE, "{\"read\": \"yes\"}", "/read: not a boolean");
	BAD(VOX_MESSAGE, "{\"date_sent\": \"2024-03-05\"}",
	    "/date_sent: not an RFC 3339 time");
	BAD(VOX_MESSAGE, "{\"to\": [{\"number\": \"1\"}, \"x\"]}",
	    "/to/1: not an object");
	BAD(VOX_MESSAGE, "{\"parts\": [{\"bytes\": 1.5}]}",
	    "/parts/0/bytes: not an integer");
	BAD(VOX_MESSAGE, "{\"parts\": [{}, {\"text\": [\"a\"]}]}",
	    "/parts/1/text: not a string");
	BAD(VOX_RECORDING, "{\"kind\": \"video\"}",
	    "/kind: unknown recording kind \"video\"");
	BAD(VOX_RECORDING, "{\"sample_rate\": -8000}",
	    "/sample_rate: -8000 is out of range");
	BAD(VOX_RECORDING, "{\"channels\": 4294967296}",
	    "/channels: 4294967296 is out of range");
	BAD(VOX_RECORDING, "{\"duration_ms\": true}",
	    "/duration_ms: not an integer");
}

static void test_subject_errors(void **state)
{
	(void)state;
	BAD(VOX_SUBJECT, "{\"name\": []}", "/name: not an object");
	BAD(VOX_SUBJECT, "{\"name\": {\"given\": 1}}",
	    "/name/given: not a string");
	BAD(VOX_SUBJECT, "{\"birthday\": {\"month\": 13}}",
	    "/birthday/month: 13 is out of range");
	BAD(VOX_SUBJECT, "{\"phones\": [{\"features\": [\"voice\", "
	    "\"laser\"]}]}",
	    "/phones/0/features/1: unknown phone feature \"laser\"");
	BAD(VOX_SUBJECT, "{\"emails\": [{\"contexts\": [\"moon\"]}]}",
	    "/emails/0/contexts/0: unknown context \"moon\"");
	BAD(VOX_SUBJECT, "{\"emails\": [{\"pref\": 0}]}",
	    "/emails/0/pref: 0 is out of range");
	BAD(VOX_SUBJECT, "{\"marketing\": [{\"consent\": \"maybe\"}]}",
	    "/marketing/0/consent: unknown consent \"maybe\"");
	BAD(VOX_SUBJECT, "{\"extensions\": [\"1001\", 1002]}",
	    "/extensions/1: not a string");
	BAD(VOX_SUBJECT, "{\"subscriptions\": [{\"plan\": {}}]}",
	    "/subscriptions/0/plan: not a string");
}

static void test_contact_errors(void **state)
{
	(void)state;
	BAD(VOX_CONTACT, "{\"@type\": \"Group\"}", "/@type: not \"Card\"");
	BAD(VOX_CONTACT, "{\"uid\": 1}", "/uid: not a string");
	BAD(VOX_CONTACT, "{\"phones\": {\"p1\": \"x\"}}",
	    "/phones/p1: not an object");
	BAD(VOX_CONTACT, "{\"phones\": []}", "/phones: not an object");
	BAD(VOX_CONTACT, "{\"phones\": {\"p1\": {\"features\": "
	    "{\"laser\": true}}}}",
	    "/phones/p1/features/laser: unknown phone feature");
	BAD(VOX_CONTACT, "{\"phones\": {\"p1\": {\"voxport.example:raw\": "
	    "1}}}", "/phones/p1/voxport.example:raw: not a string");
	BAD(VOX_CONTACT, "{\"emails\": {\"e1\": {\"contexts\": "
	    "{\"private\": \"yes\"}}}}",
	    "/emails/e1/contexts/private: not a boolean");
	BAD(VOX_CONTACT, "{\"emails\": {\"e1\": {\"pref\": 101}}}",
	    "/emails/e1/pref: 101 is out of range");
	BAD(VOX_CONTACT, "{\"links\": {\"l1\": {\"vCardParams\": "
	    "{\"type\": 1}}}}",
	    "/links/l1/vCardParams/type: not a string or an array");
	BAD(VOX_CONTACT, "{\"name\": {\"components\": [{\"kind\": "
	    "\"nickname\", \"value\": \"x\"}]}}",
	    "/name/components/0/kind: unknown name component \"nickname\"");
	BAD(VOX_CONTACT, "{\"addresses\": {\"a1\": {\"components\": "
	    "[{\"kind\": \"street\", \"value\": \"x\"}]}}}",
	    "/addresses/a1/components/0/kind: unknown address component "
	    "\"street\"");
	BAD(VOX_CONTACT, "{\"titles\": {\"t1\": {\"kind\": \"boss\"}}}",
	    "/titles/t1/kind: unknown title kind \"boss\"");
	BAD(VOX_CONTACT, "{\"anniversaries\": {\"d1\": {\"kind\": \"birth\", "
	    "\"date\": {\"@type\": \"Date\"}}}}",
	    "/anniversaries/d1/date/@type: not \"PartialDate\" or "
	    "\"Timestamp\"");
	BAD(VOX_CONTACT, "{\"anniversaries\": {\"d1\": {\"kind\": \"birth\", "
	    "\"date\": {\"@type\": \"Timestamp\", \"utc\": \"1990\"}}}}",
	    "/anniversaries/d1/date/utc: not an RFC 3339 time");
	BAD(VOX_CONTACT, "{\"anniversaries\": {\"d1\": {\"kind\": "
	    "\"graduation\"}}}",
	    "/anniversaries/d1/kind: unknown anniversary kind \"graduation\"");
	BAD(VOX_CONTACT, "{\"media\": {\"m1\": {\"kind\": \"video\"}}}",
	    "/media/m1/kind: unknown media kind \"video\"");
	BAD(VOX_CONTACT, "{\"anniversaries\": {\"d1\": {\"date\": "
	    "{\"day\": 32}}}}", "/anniversaries/d1/date/day: 32 is out of "
	    "range");
	BAD(VOX_CONTACT, "{\"keywords\": {\"a/b~\": 1}}",
	    "/keywords/a~1b~0: not a boolean");
	BAD(VOX_CONTACT, "{\"organizations\": {\"o1\": {\"units\": "
	    "[{\"name\": 3}]}}}",
	    "/organizations/o1/units/0/name: not a string");
	BAD(VOX_CONTACT, "{\"vCardProps\": {}}", "/vCardProps: not an array");
	BAD(VOX_CONTACT, "{\"vCardProps\": [[\"x-a\", {}, \"unknown\"]]}",
	    "/vCardProps/0: not a jCard property [name, parameters, type, "
	    "value]");
	BAD(VOX_CONTACT, "{\"vCardProps\": [[\"x-a\", [], \"unknown\", "
	    "\"v\"]]}", "/vCardProps/0/1: not an object");
	BAD(VOX_CONTACT, "{\"vCardProps\": [[\"x-a\", {\"type\": 5}, "
	    "\"unknown\", \"v\"]]}",
	    "/vCardProps/0/1/type: not a string or an array");
	BAD(VOX_CONTACT, "{\"vCardProps\": [[\"x-a\", {\"type\": [\"a\", "
	    "{}]}, \"unknown\", \"v\"]]}",
	    "/vCardProps/0/1/type/1: not a string");
	BAD(VOX_CONTACT, "{\"vCardProps\": [[\"x-a\", {}, \"unknown\", 7]]}",
	    "/vCardProps/0/3: not a string");
	BAD(VOX_CONTACT, "{\"vCardProps\": [[\"gender\", {}, \"text\", "
	    "[\"M\"]]]}", "/vCardProps/0/3: not a jCard gender");
	BAD(VOX_CONTACT, "{\"vCardProps\": [[1, {}, \"text\", \"x\"]]}",
	    "/vCardProps/0/0: not a string");
	BAD(VOX_CONTACT, "{\"voxport.example:source\": []}",
	    "/voxport.example:source: not an object");
	BAD(VOX_CONTACT, "{\"voxport.example:extra\": {\"k\": false}}",
	    "/voxport.example:extra/k: not a string");
}

static void test_names_both_ways(void **state)
{
	int v;

	(void)state;
	for (v = VOX_DIR_UNKNOWN; v <= VOX_DIR_INTERNAL; v++)
		assert_int_equal(vox_direction_from_name(
			vox_direction_name((enum vox_direction)v)), v);
	for (v = VOX_CALL_UNKNOWN; v <= VOX_CALL_CANCELLED; v++)
		assert_int_equal(vox_call_status_from_name(
			vox_call_status_name((enum vox_call_status)v)), v);
	for (v = VOX_BOX_UNKNOWN; v <= VOX_BOX_QUEUED; v++)
		assert_int_equal(vox_message_box_from_name(
			vox_message_box_name((enum vox_message_box)v)), v);
	for (v = VOX_CONSENT_UNKNOWN; v <= VOX_CONSENT_REFUSED; v++)
		assert_int_equal(vox_consent_from_name(
			vox_consent_name((enum vox_consent)v)), v);
	for (v = VOX_SUBJECT; v <= VOX_RECORDING; v <<= 1)
		assert_int_equal(vox_kind_from_name(
			vox_kind_name((enum vox_kind)v)), v);
	assert_int_equal(vox_direction_from_name("Inbound"), -1);
	assert_int_equal(vox_call_status_from_name(NULL), -1);
	assert_int_equal(vox_kind_from_name("unknown"), -1);
}

static void test_tally(void **state)
{
	(void)state;
	print_message("# round trip: %zu subjects, %zu contacts (%zu the same "
		      "vCard), %zu calls (%zu of several legs), %zu messages, "
		      "%zu recordings\n", tally[0], tally[1], vcards_same,
		      tally[2], multi_leg_calls, tally[3], tally[4]);
	assert_true(tally[0] && tally[1] && tally[2] && tally[3] && tally[4]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_both_ways),
		cmocka_unit_test(test_cdr_fixtures),
		cmocka_unit_test(test_vcard_fixtures),
		cmocka_unit_test(test_sbr_xml_fixtures),
		cmocka_unit_test(test_subscribers_fixtures),
		cmocka_unit_test(test_audio_fixtures),
		cmocka_unit_test(test_demo_archive),
		cmocka_unit_test(test_call_by_hand),
		cmocka_unit_test(test_unset_fields_come_back_unset),
		cmocka_unit_test(test_message_by_hand),
		cmocka_unit_test(test_recording_by_hand),
		cmocka_unit_test(test_subject_by_hand),
		cmocka_unit_test(test_contact_by_hand),
		cmocka_unit_test(test_foreign_card),
		cmocka_unit_test(test_call_errors),
		cmocka_unit_test(test_message_and_recording_errors),
		cmocka_unit_test(test_subject_errors),
		cmocka_unit_test(test_contact_errors),
		cmocka_unit_test(test_tally),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
