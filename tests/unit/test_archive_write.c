/* SPDX-License-Identifier: Apache-2.0 */
/* test_archive_write.c: the archive writer (export/archive_write.c). */
#include "unit.h"

#include <dirent.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "export/export.h"
#include "tmpdir.h"
#include "import/import.h"
#include "media_fixture.h"
#include "record.h"
#include "schemas.h"
#include "voxport/model.h"

static json_t *controller;

static struct vox_archive_meta meta(unsigned cats)
{
	struct vox_archive_meta m;

	memset(&m, 0, sizeof(m));
	m.created = 1730000000000LL;
	m.subject_id = "1001";
	m.request_type = "access";
	m.categories = cats;
	m.since = m.until = VOX_TIME_NONE;
	if (!controller)
		controller = json_pack("{s:s}", "name", "Test Telecom");
	m.controller = controller;
	return m;
}

static void one_call(struct vox_call *c, struct vox_call_leg *l)
{
	vox_call_leg_init(l);
	l->id = "1.1";
	l->start = 1700000000000LL;
	l->end = 1700000060000LL;
	l->duration = 60;
	l->billsec = 0;
	l->status = VOX_CALL_NO_ANSWER;
	l->direction = VOX_DIR_OUTBOUND;
	l->from.raw = l->from.number = "1001";
	l->from.name = "Alice \"Al\", Smith";
	l->to.raw = "07700900123";
	l->to.number = "+447700900123";
	l->source.format = "asterisk-cdr-csv";
	l->source.file = "Master.csv";
	l->source.line = 7;
	memset(c, 0, sizeof(*c));
	c->id = "1.1";
	c->from = l->from;
	c->to = l->to;
	c->start = l->start;
	c->answer = VOX_TIME_NONE;
	c->end = l->end;
	c->duration = 60;
	c->billsec = 0;
	c->status = l->status;
	c->direction = l->direction;
	c->legs = l;
	c->nlegs = 1;
	c->source = l->source;
}

static int entries_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_members_and_manifest(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta(VOX_CAT_SUBJECT | VOX_CAT_CALLS);
	struct vox_archive_writer *w;
	struct vox_subject s;
	struct vox_call c;
	struct vox_call_leg l;
	struct vox_source_stats st = { "asterisk-cdr-csv", "Master.csv",
				       VOX_CAT_CALLS, "UTC", 1, 3, 1, 2, 0,
				       NULL, NULL };
	const char *want[] = {
		"manifest.json", "README.txt", "index.html", "subject.json",
		"calls.jsonl",
		"calls.csv", "data.xlsx", "processing.json",
		"schemas/subject.schema.json", "schemas/call.schema.json",
		"schemas/processing.schema.json", "schemas/common.schema.json",
		"schemas/manifest.schema.json",
	};
	zip_t *z;
	zip_file_t *zf;
	char buf[8192];
	zip_int64_t n, i;
	json_t *man;

	(void)state;
	mkdir("out", 0755);
	w = vox_archive_new("out/a.zip", &m, 0, &err);
	assert_non_null(w);
	vox_subject_init(&s);
	s.id = "1001";
	s.source.format = "subscribers-csv";
	assert_int_equal(vox_archive_add_subject(w, &s, &err), VOX_OK);
	assert_int_equal(vox_archive_add_subject(w, &s, &err), VOX_ERR);
	one_call(&c, &l);
	assert_int_equal(vox_archive_add_call(w, &c, &err), VOX_OK);
	assert_int_equal(vox_archive_add_contact(w, NULL, &err), VOX_ERR);
	assert_int_equal(vox_archive_add_source(w, &st, &err), VOX_OK);
	/* Nothing at the path until the archive is finished. */
	assert_int_equal(access("out/a.zip", F_OK), -1);
	if (vox_archive_finish(w, &err) != VOX_OK)
		fail_msg("%s", err.msg);
	vox_archive_free(w);
	/* Only the archive is left: no temporary folder. */
	assert_int_equal(entries_in("out"), 1);

	z = zip_open("out/a.zip", ZIP_RDONLY | ZIP_CHECKCONS, NULL);
	assert_non_null(z);
	assert_int_equal(zip_get_num_entries(z, 0), 13);
	for (i = 0; i < 13; i++)
		assert_string_equal(zip_get_name(z, (zip_uint64_t)i, 0),
				    want[i]);
	zf = zip_fopen(z, "manifest.json", 0);
	n = zip_fread(zf, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	zip_fclose(zf);
	man = json_loads(buf, 0, NULL);
	assert_non_null(man);
	assert_string_equal(json_string_value(json_object_get(man, "created")),
			    "2024-10-27T03:33:20Z");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
				 json_object_get(man, "files"), 1), "records")),
			 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
				 json_object_get(man, "sources"), 0),
							    "filtered")), 2);
	json_decref(man);
	zf = zip_fopen(z, "calls.csv", 0);
	n = zip_fread(zf, buf, sizeof(buf) - 1);
	buf[n] = '\0';
	zip_fclose(zf);
	assert_non_null(strstr(buf, "\r\n1.1,2023-11-14T22:13:20Z,,"
				    "2023-11-14T22:14:20Z,60,0,outbound,"
				    "no-answer,1001,1001,\"Alice \"\"Al\"\", "
				    "Smith\",+447700900123,07700900123,,,1,"
				    "Master.csv,7\r\n"));
	zip_close(z);
}

static void test_abandoned_leaves_nothing(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta(VOX_CAT_CALLS);
	struct vox_archive_writer *w;
	struct vox_call c;
	struct vox_call_leg l;

	(void)state;
	mkdir("gone", 0755);
	w = vox_archive_new("gone/a.zip", &m, 0, &err);
	assert_non_null(w);
	one_call(&c, &l);
	assert_int_equal(vox_archive_add_call(w, &c, &err), VOX_OK);
	vox_archive_free(w);
	assert_int_equal(entries_in("gone"), 0);
}

static void test_bad_text_is_an_error(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta(VOX_CAT_CALLS);
	struct vox_archive_writer *w;
	struct vox_call c;
	struct vox_call_leg l;

	(void)state;
	mkdir("bad", 0755);
	w = vox_archive_new("bad/a.zip", &m, 0, &err);
	assert_non_null(w);
	one_call(&c, &l);
	l.from.name = "\xff\xfe not UTF-8";
	assert_int_equal(vox_archive_add_call(w, &c, &err), VOX_ERR);
	assert_non_null(strstr(err.msg, "cannot write as JSON"));
	vox_archive_free(w);
	assert_int_equal(entries_in("bad"), 0);
}

static void test_unwritable_folder(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta(VOX_CAT_CALLS);

	(void)state;
	assert_null(vox_archive_new("no/such/folder/a.zip", &m, 0, &err));
	assert_int_equal(err.code, VOX_E_IO);
	assert_string_equal(err.msg, "no/such/folder/a.zip: cannot write in "
			    "no/such/folder: No such file or directory");
}

/* What a SIGINT handler does: every temporary file and the folder go. */
static void test_signal_cleanup(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta(VOX_CAT_SUBJECT | VOX_CAT_CALLS);
	struct vox_archive_writer *w;
	struct vox_call c;
	struct vox_call_leg l;

	(void)state;
	mkdir("sig", 0755);
	w = vox_archive_new("sig/a.zip", &m, 0, &err);
	assert_non_null(w);
	one_call(&c, &l);
	assert_int_equal(vox_archive_add_call(w, &c, &err), VOX_OK);
	assert_int_equal(entries_in("sig"), 1);
	vox_tmpdir_remove_all();
	assert_int_equal(entries_in("sig"), 0);
	vox_archive_free(w);
	assert_int_equal(entries_in("sig"), 0);
}

static void finish_one(const char *path, unsigned flags, int want)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta(VOX_CAT_CALLS);
	struct vox_archive_writer *w = vox_archive_new(path, &m, flags, &err);
	struct vox_call c;
	struct vox_call_leg l;

	assert_non_null(w);
	one_call(&c, &l);
	assert_int_equal(vox_archive_add_call(w, &c, &err), VOX_OK);
	/* What finish() finds there was made meanwhile, by someone else. */
	if (want == VOX_ERR && !(flags & VOX_ARCHIVE_REPLACE))
		unit_write(path, "made meanwhile\n");
	if (want == VOX_ERR && (flags & VOX_ARCHIVE_REPLACE))
		assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(vox_archive_finish(w, &err), want);
	vox_archive_free(w);
}

static void test_modes_and_publishing(void **state)
{
	mode_t old = umask(0);
	struct stat st;
	char buf[64] = "";
	FILE *f;

	(void)state;
	mkdir("pub", 0755);
	finish_one("pub/a.zip", 0, VOX_OK);
	assert_int_equal(lstat("pub/a.zip", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* Replacing gives the same mode. */
	finish_one("pub/a.zip", VOX_ARCHIVE_REPLACE, VOX_OK);
	assert_int_equal(lstat("pub/a.zip", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	umask(old);
	/* Without REPLACE what appeared meanwhile stays; with it, a FIFO. */
	finish_one("pub/b.zip", 0, VOX_ERR);
	f = fopen("pub/b.zip", "rb");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "made meanwhile\n");
	finish_one("pub/c.zip", VOX_ARCHIVE_REPLACE, VOX_ERR);
	assert_int_equal(lstat("pub/c.zip", &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(entries_in("pub"), 3);
}

/* ---- messages and recordings ------------------------------------------ */

static char *read_member(zip_t *z, const char *name)
{
	zip_stat_t st;
	zip_file_t *zf;
	char *buf;

	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	buf = malloc(st.size + 1);
	assert_non_null(buf);
	zf = zip_fopen(z, name, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(zf);
	return buf;
}

static json_t *manifest_file(json_t *man, const char *path)
{
	size_t i;
	json_t *f;

	json_array_foreach(json_object_get(man, "files"), i, f)
		if (strcmp(json_string_value(json_object_get(f, "path")),
			   path) == 0)
			return f;
	fail_msg("%s is not in the manifest", path);
	return NULL;
}

static void on_problem(void *ctx, const char *msg)
{
	(void)ctx;
	print_message("problem: %s\n", msg);
}

/* vox_archive_check() finds no problem in path. */
static void assert_valid(const char *path)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_check_opts o;
	struct vox_check_result res;

	memset(&o, 0, sizeof(o));
	o.schemas = vox_schemas_new(&err);
	assert_non_null(o.schemas);
	o.problem = on_problem;
	if (vox_archive_check(path, &o, &res, &err) != VOX_OK)
		fail_msg("%s", err.msg);
	vox_schemas_free(o.schemas);
	assert_int_equal(res.problems, 0);
}

static struct vox_archive_writer *media_writer(const char *path,
					       int with_audio)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta(VOX_CAT_MESSAGES |
					 VOX_CAT_RECORDINGS);
	struct vox_archive_writer *w;

	m.with_audio = with_audio;
	w = vox_archive_new(path, &m, 0, &err);
	if (!w)
		fail_msg("%s", err.msg);
	return w;
}

static void add_fixture(struct vox_archive_writer *w)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_message m[FIX_MESSAGES];
	struct vox_recording r[FIX_RECORDINGS];
	const char *audio[FIX_RECORDINGS];
	int i;

	assert_int_equal(fix_write_wav("call.WAV", 800), 0);
	fix_messages(m);
	fix_recordings(r, audio, "call.WAV");
	for (i = 0; i < FIX_MESSAGES; i++)
		if (vox_archive_add_message(w, &m[i], &err) != VOX_OK)
			fail_msg("message %d: %s", i, err.msg);
	for (i = 0; i < FIX_RECORDINGS; i++)
		if (vox_archive_add_recording(w, &r[i], audio[i], &err) !=
		    VOX_OK)
			fail_msg("recording %d: %s", i, err.msg);
	if (vox_archive_finish(w, &err) != VOX_OK)
		fail_msg("%s", err.msg);
}

static void test_messages_and_recordings(void **state)
{
	static const char *audio[] = {
		"recordings/1700000000.42.wav",
		"recordings/r.._.._etc_passwd.wav",
		"recordings/call_1.wav",
		"recordings/call_1-2.wav",
	};
	struct vox_archive_writer *w;
	zip_stat_t st;
	zip_t *z;
	json_t *man;
	char *text, *csv;
	size_t i;

	(void)state;
	w = media_writer("m.zip", 1);
	add_fixture(w);
	vox_archive_free(w);
	assert_valid("m.zip");

	z = zip_open("m.zip", ZIP_RDONLY | ZIP_CHECKCONS, NULL);
	assert_non_null(z);
	text = read_member(z, "manifest.json");
	man = json_loads(text, 0, NULL);
	free(text);
	assert_non_null(man);
	assert_int_equal(json_integer_value(json_object_get(manifest_file(
				 man, "messages.jsonl"), "records")), 4);
	assert_int_equal(json_integer_value(json_object_get(manifest_file(
				 man, "messages.csv"), "records")), 4);
	assert_int_equal(json_integer_value(json_object_get(manifest_file(
				 man, "recordings.jsonl"), "records")), 5);
	assert_string_equal(json_string_value(json_object_get(manifest_file(
				 man, "recordings.jsonl"), "schema")),
			    "schemas/recording.schema.json");
	/* Audio: stored as it is, 44 + 1600 bytes, listed with its type. */
	for (i = 0; i < sizeof(audio) / sizeof(audio[0]); i++) {
		json_t *f = manifest_file(man, audio[i]);

		assert_int_equal(zip_stat(z, audio[i], 0, &st), 0);
		assert_int_equal(st.comp_method, ZIP_CM_STORE);
		assert_int_equal(st.size, 1644);
		assert_int_equal(json_integer_value(json_object_get(f,
								  "bytes")),
				 1644);
		assert_string_equal(json_string_value(json_object_get(
					    f, "media_type")), "audio/wav");
		assert_string_equal(json_string_value(json_object_get(
					    f, "category")), "recordings");
	}
	assert_int_equal(zip_stat(z, "messages.jsonl", 0, &st), 0);
	assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
	assert_int_equal(zip_stat(z, "schemas/message.schema.json", 0, &st),
			 0);
	json_decref(man);

	/* The voicemail without audio keeps the reader's checksum. */
	text = read_member(z, "recordings.jsonl");
	assert_non_null(strstr(text, "\"id\":\"msg0001\",\"kind\":"
				     "\"voicemail\""));
	assert_non_null(strstr(text, "\"sha256\":\"" FIX_VOICEMAIL_SHA
				     "\",\"source\""));
	assert_non_null(strstr(text, "\"id\":\"../../etc/passwd\""));
	free(text);

	/* Formulas are guarded; recipients joined with "; ". */
	csv = read_member(z, "messages.csv");
	assert_true(strncmp(csv, "id,date,date_sent,type,box,direction,"
			    "from_number,from_raw,from_name,to_numbers,"
			    "subject,body,read,parts,thread\r\n", 109) == 0);
	assert_non_null(strstr(csv, "\r\nmms-2,2023-11-14T22:15:00.500Z,,mms,"
				    "sent,outbound,+447700900001,07700 900001,"
				    ",'+447700900002; +447700900003; "
				    "+33612345678,Tonight,,yes,3,8\r\n"));
	assert_non_null(strstr(csv, ",'@SUM(1+1)*cmd|' /C calc'!A0,"));
	assert_non_null(strstr(csv, ",\"'=HYPERLINK(\"\"http://evil.example/"
				    "\"\",\"\"click\"\");'-2+3\",,0,\r\n"));
	assert_non_null(strstr(csv, "\r\nsms-3,2023-11-14T22:16:40Z,,sms,"
				    "received,inbound,MyBank,MyBank,,"
				    "+447700900001,,Your code is 123456,no,"
				    "0,\r\n"));
	free(csv);
	/* README.txt explains the new members, the audio as one line. */
	text = read_member(z, "README.txt");
	assert_non_null(strstr(text, "\n  messages.jsonl (4)       your text "
				     "messages (SMS) and picture messages\n"));
	assert_non_null(strstr(text, "\n  messages.csv (4)         your "
				     "messages as a table, one row per\n"));
	assert_non_null(strstr(text, "\n  recordings.jsonl (5)     the details "
				     "of your call recordings and\n"));
	assert_non_null(strstr(text, "\n  recordings/ (4 files)    the sound "
				     "files of those recordings; most\n"));
	assert_null(strstr(text, "etc_passwd"));
	free(text);
	zip_close(z);
}

static void test_recordings_without_audio(void **state)
{
	struct vox_archive_writer *w;
	zip_int64_t i, n;
	zip_t *z;
	char *text;

	(void)state;
	w = media_writer("n.zip", 0);
	add_fixture(w);
	vox_archive_free(w);
	assert_valid("n.zip");
	z = zip_open("n.zip", ZIP_RDONLY, NULL);
	assert_non_null(z);
	n = zip_get_num_entries(z, 0);
	for (i = 0; i < n; i++)
		assert_true(strncmp(zip_get_name(z, (zip_uint64_t)i, 0),
				    "recordings/", 11) != 0);
	/* Not copied, but read for the checksum the record needs. */
	text = read_member(z, "recordings.jsonl");
	assert_null(strstr(text, "\"member\""));
	assert_non_null(strstr(text, "\"bytes\":1644,\"sha256\":\"f2e16777"));
	free(text);
	zip_close(z);
}

static void test_bad_messages_and_recordings(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_writer *w;
	struct vox_message m[FIX_MESSAGES];
	struct vox_recording r[FIX_RECORDINGS], x;
	const char *audio[FIX_RECORDINGS];
	struct vox_archive_meta calls_only = meta(VOX_CAT_CALLS);

	(void)state;
	assert_int_equal(fix_write_wav("call.wav", 100), 0);
	fix_messages(m);
	fix_recordings(r, audio, "call.wav");
	w = vox_archive_new("c.zip", &calls_only, 0, &err);
	assert_non_null(w);
	assert_int_equal(vox_archive_add_message(w, &m[0], &err), VOX_ERR);
	assert_non_null(strstr(err.msg, "not in this archive's scope"));
	assert_int_equal(vox_archive_add_recording(w, &r[0], NULL, &err),
			 VOX_ERR);
	vox_archive_free(w);

	w = media_writer("b.zip", 1);
	m[0].id = NULL;
	assert_int_equal(vox_archive_add_message(w, &m[0], &err), VOX_ERR);
	assert_string_equal(err.msg, "sms.xml:3: a message without an id");
	m[1].date = VOX_TIME_NONE;
	assert_int_equal(vox_archive_add_message(w, &m[1], &err), VOX_ERR);
	assert_string_equal(err.msg, "sms.xml:4: message mms-2 has no date");
	/* The file changed between reading and copying. */
	x = r[0];
	x.sha256 = FIX_VOICEMAIL_SHA;
	assert_int_equal(vox_archive_add_recording(w, &x, "call.wav", &err),
			 VOX_ERR);
	assert_non_null(strstr(err.msg, "call.wav: changed since it was "
				       "read: SHA-256 "));
	x = r[0];
	x.bytes = 1;
	assert_int_equal(vox_archive_add_recording(w, &x, "call.wav", &err),
			 VOX_ERR);
	assert_string_equal(err.msg, "call.wav: changed since it was read: "
			    "244 bytes, not 1");
	x = r[0];
	x.sha256 = "not hex";
	assert_int_equal(vox_archive_add_recording(w, &x, NULL, &err),
			 VOX_ERR);
	x = r[0];
	assert_int_equal(vox_archive_add_recording(w, &x, NULL, &err),
			 VOX_ERR);
	assert_string_equal(err.msg, "monitor: recording 1700000000.42 has no "
			    "SHA-256 and no audio file to compute it");
	x.id = "";
	assert_int_equal(vox_archive_add_recording(w, &x, "call.wav", &err),
			 VOX_ERR);
	x = r[0];
	assert_int_equal(vox_archive_add_recording(w, &x, "gone.wav", &err),
			 VOX_ERR);
	/* The failures left nothing behind: a valid, empty archive. */
	if (vox_archive_finish(w, &err) != VOX_OK)
		fail_msg("%s", err.msg);
	vox_archive_free(w);
	assert_valid("b.zip");
}

/* contacts.json is an array: its schema is contacts.schema.json. */
static void test_contacts_schema_is_of_the_file(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta(VOX_CAT_CONTACTS);
	struct vox_archive_writer *w;
	struct vox_contact c;
	json_t *man;
	zip_t *z;
	char *text;

	(void)state;
	w = vox_archive_new("k.zip", &m, 0, &err);
	assert_non_null(w);
	vox_contact_init(&c);
	c.full_name = "Ann Example";
	c.source.format = "vcard";
	assert_int_equal(vox_archive_add_contact(w, &c, &err), VOX_OK);
	if (vox_archive_finish(w, &err) != VOX_OK)
		fail_msg("%s", err.msg);
	vox_archive_free(w);
	assert_valid("k.zip");
	z = zip_open("k.zip", ZIP_RDONLY, NULL);
	assert_non_null(z);
	text = read_member(z, "manifest.json");
	man = json_loads(text, 0, NULL);
	free(text);
	assert_string_equal(json_string_value(json_object_get(manifest_file(
				 man, "contacts.json"), "schema")),
			    "schemas/contacts.schema.json");
	manifest_file(man, "schemas/contacts.schema.json");
	manifest_file(man, "schemas/contact.schema.json");
	json_decref(man);
	zip_close(z);
}

/* ---- attachments --------------------------------------------------------- */

static void sha_hex(const void *data, size_t n, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	assert_true(EVP_Digest(data, n, md, &len, EVP_sha256(), NULL));
	for (i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* A part whose bytes the "reader" appended to the writer's spool. */
static void spool_part(FILE *spool, struct vox_message_part *p,
		       const char *type, const char *name, const char *bytes,
		       char hex[65])
{
	size_t n = strlen(bytes);

	memset(p, 0, sizeof(*p));
	p->content_type = type;
	p->name = name;
	p->spooled = 1;
	p->spool_offset = (uint64_t)ftello(spool);
	p->bytes = n;
	sha_hex(bytes, n, hex);
	p->sha256 = hex;
	assert_int_equal(fwrite(bytes, 1, n, spool), n);
}

static void test_attachments(void **state)
{
	static const char *const member[] = {
		"attachments/mms_1/photo_1.jpg",
		"attachments/mms_1/photo_1-2.jpg",
		"attachments/mms_1/part3.png",
		"attachments/mms_1/p.._.._x",
	};
	static const char *const bytes[] = {
		"\xff\xd8 first", "\xff\xd8 second", "\x89PNG third", "fourth",
	};
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta(VOX_CAT_MESSAGES);
	struct vox_archive_writer *w;
	struct vox_message msg;
	struct vox_message_part parts[5];
	char hex[5][65], *text;
	FILE *spool;
	zip_stat_t st;
	zip_t *z;
	json_t *man;
	size_t i;

	(void)state;
	m.with_attachments = 1;
	w = vox_archive_new("a.zip", &m, 0, &err);
	assert_non_null(w);
	spool = vox_archive_spool(w, &err);
	assert_non_null(spool);
	assert_ptr_equal(vox_archive_spool(w, &err), spool);
	/* something earlier in the spool: offsets are honoured */
	fputs("not a part", spool);
	spool_part(spool, &parts[0], "image/jpeg", "Photo 1.JPG", bytes[0],
		   hex[0]);
	spool_part(spool, &parts[1], "image/jpeg", "photo_1.jpg", bytes[1],
		   hex[1]);
	spool_part(spool, &parts[2], "image/png", NULL, bytes[2], hex[2]);
	spool_part(spool, &parts[3], "application/octet-stream",
		   "../../x", bytes[3], hex[3]);
	/* invalid base64: metadata only, nothing stored */
	memset(&parts[4], 0, sizeof(parts[4]));
	parts[4].content_type = "image/gif";
	parts[4].name = "lost.gif";
	parts[4].bytes = 3;
	parts[4].sha256 = hex[0];

	memset(&msg, 0, sizeof(msg));
	msg.id = "MMS/1";
	msg.type = VOX_MSG_MMS;
	msg.date = 1700000000000LL;
	msg.date_sent = VOX_TIME_NONE;
	msg.read = -1;
	msg.parts = parts;
	msg.nparts = 5;
	if (vox_archive_add_message(w, &msg, &err) != VOX_OK)
		fail_msg("%s", err.msg);
	/* the caller's parts are left as they were */
	assert_null(parts[0].member);
	/* bytes that are not the part's: refused */
	msg.id = "mms-2";
	parts[1].sha256 = hex[0];
	assert_int_equal(vox_archive_add_message(w, &msg, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_non_null(strstr(err.msg, "message mms-2: part 2: SHA-256"));
	vox_error_clear(&err);
	if (vox_archive_finish(w, &err) != VOX_OK)
		fail_msg("%s", err.msg);
	vox_archive_free(w);

	z = zip_open("a.zip", ZIP_RDONLY | ZIP_CHECKCONS, NULL);
	assert_non_null(z);
	text = read_member(z, "manifest.json");
	man = json_loads(text, 0, NULL);
	free(text);
	for (i = 0; i < 4; i++) {
		json_t *f = manifest_file(man, member[i]);

		text = read_member(z, member[i]);
		assert_string_equal(text, bytes[i]);
		free(text);
		assert_int_equal(zip_stat(z, member[i], 0, &st), 0);
		assert_int_equal(st.comp_method, ZIP_CM_STORE);
		assert_string_equal(json_string_value(json_object_get(
					    f, "sha256")), hex[i]);
		assert_string_equal(json_string_value(json_object_get(
					    f, "category")), "messages");
		assert_string_equal(json_string_value(json_object_get(
					    f, "media_type")),
				    parts[i].content_type);
	}
	json_decref(man);
	assert_int_equal(zip_name_locate(z, "attachments/mms_1/lost.gif", 0),
			 -1);
	text = read_member(z, "messages.jsonl");
	for (i = 0; i < 4; i++) {
		char want[100];

		snprintf(want, sizeof(want), "\"member\":\"%s\"", member[i]);
		assert_non_null(strstr(text, want));
	}
	assert_null(strstr(text, "lost.gif\",\"bytes\":3,\"sha256\":\"" "x"));
	assert_non_null(strstr(text, "\"name\":\"lost.gif\",\"bytes\":3,"));
	assert_null(strstr(text, "mms-2"));
	free(text);
	text = read_member(z, "README.txt");
	assert_non_null(strstr(text, "\n  attachments/ (4 files)   the "
				     "pictures"));
	free(text);
	zip_close(z);
	assert_valid("a.zip");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members_and_manifest),
		cmocka_unit_test(test_abandoned_leaves_nothing),
		cmocka_unit_test(test_signal_cleanup),
		cmocka_unit_test(test_modes_and_publishing),
		cmocka_unit_test(test_bad_text_is_an_error),
		cmocka_unit_test(test_unwritable_folder),
		cmocka_unit_test(test_messages_and_recordings),
		cmocka_unit_test(test_recordings_without_audio),
		cmocka_unit_test(test_bad_messages_and_recordings),
		cmocka_unit_test(test_contacts_schema_is_of_the_file),
		cmocka_unit_test(test_attachments),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	json_decref(controller);
	return rc;
}
