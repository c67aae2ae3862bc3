/* test_archive_write.c: the archive writer (export/archive_write.c). */
#include "unit.h"

#include <dirent.h>
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "export/export.h"
#include "export/tmpdir.h"
#include "record.h"
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
				       VOX_CAT_CALLS, "UTC", 1, 3, 1, 2, 0 };
	const char *want[] = {
		"manifest.json", "README.txt", "subject.json", "calls.jsonl",
		"calls.csv", "schemas/subject.schema.json",
		"schemas/call.schema.json", "schemas/common.schema.json",
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
	assert_int_equal(zip_get_num_entries(z, 0), 9);
	for (i = 0; i < 9; i++)
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members_and_manifest),
		cmocka_unit_test(test_abandoned_leaves_nothing),
		cmocka_unit_test(test_signal_cleanup),
		cmocka_unit_test(test_modes_and_publishing),
		cmocka_unit_test(test_bad_text_is_an_error),
		cmocka_unit_test(test_unwritable_folder),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	json_decref(controller);
	return rc;
}
