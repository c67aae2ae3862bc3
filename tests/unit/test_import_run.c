/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_import_run.c: a target run (import/import_run.c): staging and
 * publishing all or nothing, the counts and losses of the report, names a
 * target may not make; and the target table (import/registry.c): every
 * declared loss names a field record_fields.c knows.
 */
#include "unit.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "category.h"
#include "import/import_run.h"
#include "record.h"
#include "record_fields.h"
#include "timeconv.h"

/* A target that writes one line per call to "out.txt", or fails on cue. */
struct fake {
	const struct vox_target_args *args;
	FILE *f;
	const char *name;	/* the file it asks for */
	int refuse_every;	/* refuse each n-th call (VOX_E_DATA) */
	int n;
};

static const struct vox_loss fake_losses[] = {
	{ VOX_CALL, "billsec", 0, "no column", NULL },
	{ VOX_CALL, "legs", 1, "one leg", NULL },
	{ 0, NULL, 0, NULL, NULL },
};

static const char *fake_file = "out.txt";
static int fake_refuse;

static void *fake_open(const struct vox_target_args *args,
		       struct vox_error *err)
{
	struct fake *f = calloc(1, sizeof(*f));

	(void)err;
	f->args = args;
	f->name = fake_file;
	f->refuse_every = fake_refuse;
	return f;
}

static int fake_option(void *state, const char *key, const char *value,
		       struct vox_error *err)
{
	(void)state;
	(void)value;
	return vox_error_set(err, VOX_E_USAGE, "unknown option \"%s\"", key);
}

static const struct vox_loss *fake_get_losses(const void *state)
{
	(void)state;
	return fake_losses;
}

static int fake_write(void *state, const struct vox_record *rec,
		      struct vox_error *err)
{
	struct fake *f = state;

	if (!f->f && !(f->f = f->args->create(f->args->ctx, f->name, err)))
		return VOX_ERR;
	f->n++;
	if (f->refuse_every && f->n % f->refuse_every == 0)
		return vox_error_set(err, VOX_E_DATA, "call %s refused",
				     rec->u.call.id);
	fprintf(f->f, "%s\n", rec->u.call.id);
	return VOX_OK;
}

static int fake_close(void *state, int commit, struct vox_error *err)
{
	struct fake *f = state;
	int rc = VOX_OK;

	if (f->f && fclose(f->f) != 0 && commit)
		rc = vox_error_errno(err, VOX_E_IO, f->name);
	free(f);
	return rc;
}

static const struct vox_target fake = {
	.name = "fake", .summary = "test", .kinds = VOX_CALL,
	.open = fake_open, .option = fake_option, .losses = fake_get_losses,
	.write = fake_write, .close = fake_close,
};

static struct vox_tz *utc;

static struct vox_import_run *begin(const char *dir, int force,
				    json_t *options)
{
	struct vox_import_opts o;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_import_run *r;

	memset(&o, 0, sizeof(o));
	o.target = &fake;
	o.dir = dir;
	o.force = force;
	o.options = options;
	o.categories = VOX_CAT_ALL;
	o.tz = utc;
	o.created = 0;
	o.input = json_pack("{s:s,s:[]}", "type", "files", "files");
	r = vox_import_begin(&o, &err);
	if (!r)
		fprintf(stderr, "begin: %s\n", err.msg);
	return r;
}

static void put_call(struct vox_import_run *r, const char *id, int legs,
		     int64_t billsec)
{
	struct vox_call_leg leg[3];
	struct vox_record rec;
	struct vox_error err = VOX_ERROR_INIT;

	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CALL;
	rec.u.call.id = id;
	rec.u.call.billsec = billsec;
	rec.u.call.duration = -1;
	for (int i = 0; i < legs; i++)
		vox_call_leg_init(&leg[i]);
	rec.u.call.legs = leg;
	rec.u.call.nlegs = (size_t)legs;
	assert_int_equal(vox_import_put(r, &rec, &err), VOX_OK);
}

static void put_message(struct vox_import_run *r)
{
	struct vox_record rec;
	struct vox_error err = VOX_ERROR_INIT;

	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_MESSAGE;
	vox_message_init(&rec.u.message);
	rec.u.message.id = "m1";
	assert_int_equal(vox_import_put(r, &rec, &err), VOX_OK);
}

/* Entries of dir other than . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static json_t *category(json_t *report, const char *name)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(report, "categories"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "category")),
			   name) == 0)
			return c;
	return NULL;
}

static json_int_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static void test_counts_and_losses(void **state)
{
	json_t *opts = json_object(), *report = NULL, *calls, *lost, *msgs;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_import_run *r;

	(void)state;
	fake_refuse = 3;
	r = begin("out", 0, opts);
	assert_non_null(r);
	put_call(r, "c1", 1, 10);	/* loses billsec */
	put_call(r, "c2", 2, -1);	/* loses its second leg */
	put_call(r, "c3", 1, 5);	/* refused */
	put_call(r, "c4", 3, 7);	/* both */
	put_message(r);			/* not held */
	/* Nothing is in the output folder until the end. */
	assert_int_equal(access("out/out.txt", F_OK), -1);
	assert_int_equal(vox_import_finish(r, &report, &err), VOX_OK);
	calls = category(report, "calls");
	assert_int_equal(num(calls, "records_in"), 4);
	assert_int_equal(num(calls, "records_out"), 3);
	assert_int_equal(num(calls, "not_written"), 1);
	lost = json_object_get(calls, "lost");
	assert_int_equal(json_array_size(lost), 2);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(lost, 0), "field")), "billsec");
	assert_int_equal(num(json_array_get(lost, 0), "records"), 2);
	assert_int_equal(num(json_array_get(lost, 1), "records"), 2);
	assert_int_equal(num(json_array_get(lost, 1), "kept"), 1);
	msgs = category(report, "messages");
	assert_int_equal(num(msgs, "records_in"), 1);
	assert_int_equal(num(msgs, "records_out"), 0);
	assert_int_equal(num(msgs, "not_written"), 1);
	assert_false(json_is_true(json_object_get(msgs, "held")));
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(report,
				"not_written"), 0), "record")), "c3");
	/* The files and the report are there, and nothing else. */
	assert_int_equal(access("out/out.txt", F_OK), 0);
	assert_int_equal(access("out/" VOX_IMPORT_REPORT, F_OK), 0);
	assert_int_equal(entries("out"), 2);
	json_decref(report);
	json_decref(opts);
	fake_refuse = 0;
}

static void test_existing_file_needs_force(void **state)
{
	json_t *opts = json_object(), *report = NULL;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_import_run *r;
	char buf[64] = "";
	FILE *f;

	(void)state;
	assert_int_equal(mkdir("taken", 0777), 0);
	unit_write("taken/out.txt", "mine\n");
	r = begin("taken", 0, opts);
	put_call(r, "c1", 1, 1);
	assert_int_equal(vox_import_finish(r, &report, &err), VOX_ERR);
	assert_non_null(strstr(err.msg, "exists"));
	/* Untouched, and no report, no staging folder left behind. */
	f = fopen("taken/out.txt", "r");
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "mine\n");
	assert_int_equal(entries("taken"), 1);
	/* With force it is replaced. */
	r = begin("taken", 1, opts);
	put_call(r, "c9", 1, 1);
	assert_int_equal(vox_import_finish(r, &report, &err), VOX_OK);
	f = fopen("taken/out.txt", "r");
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "c9\n");
	json_decref(report);
	json_decref(opts);
}

static void test_abort_leaves_nothing(void **state)
{
	json_t *opts = json_object();
	struct vox_import_run *r;

	(void)state;
	r = begin("gone", 0, opts);
	put_call(r, "c1", 1, 1);
	vox_import_abort(r);
	/* Made for the run, so removed with it. */
	assert_int_equal(access("gone", F_OK), -1);
	json_decref(opts);
}

static void test_bad_names_refused(void **state)
{
	static const char *const bad[] = {
		"../escape.txt", "/tmp/abs.txt", "a/b.txt", ".hidden",
		"import-report.json", "", "x\\y", NULL,
	};
	json_t *opts = json_object();

	(void)state;
	for (int i = 0; bad[i]; i++) {
		struct vox_error err = VOX_ERROR_INIT;
		struct vox_import_run *r;
		struct vox_record rec;

		fake_file = bad[i];
		r = begin("names", 0, opts);
		memset(&rec, 0, sizeof(rec));
		rec.kind = VOX_CALL;
		rec.u.call.id = "c";
		if (vox_import_put(r, &rec, &err) != VOX_ERR)
			fail_msg("\"%s\" was accepted", bad[i]);
		vox_import_abort(r);
	}
	fake_file = "out.txt";
	assert_int_equal(access("escape.txt", F_OK), -1);
	assert_int_equal(access("names", F_OK), -1);
	json_decref(opts);
}

static void test_bad_option(void **state)
{
	json_t *opts = json_pack("{s:s}", "colour", "red");
	struct vox_import_opts o;
	struct vox_error err = VOX_ERROR_INIT;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.target = &fake;
	o.dir = "opt";
	o.options = opts;
	o.categories = VOX_CAT_ALL;
	o.tz = utc;
	o.input = json_object();
	assert_null(vox_import_begin(&o, &err));
	assert_int_equal(err.code, VOX_E_USAGE);
	assert_non_null(strstr(err.msg, "colour"));
	assert_int_equal(access("opt", F_OK), -1);
	json_decref(opts);
}

/* Every registered target: a name found back, kinds, known loss fields. */
static void test_registry(void **state)
{
	(void)state;
	assert_non_null(vox_targets[0]);
	for (int i = 0; vox_targets[i]; i++) {
		const struct vox_target *t = vox_targets[i];
		const struct vox_loss *l = t->losses ? t->losses(NULL) : NULL;

		assert_ptr_equal(vox_target_find(t->name), t);
		assert_true(t->kinds != 0);
		assert_non_null(t->open);
		assert_non_null(t->write);
		assert_non_null(t->close);
		for (; l && l->field; l++) {
			if (!vox_record_field_known(l->kind, l->field))
				fail_msg("%s: unknown %s field %s", t->name,
					 vox_kind_name(l->kind), l->field);
			assert_true(t->kinds & l->kind);
		}
	}
	assert_null(vox_target_find("no-such-target"));
}

static void test_field_values(void **state)
{
	struct vox_record rec;
	struct vox_call_leg legs[2];
	struct vox_email emails[4];

	(void)state;
	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CALL;
	vox_call_leg_init(&legs[0]);
	vox_call_leg_init(&legs[1]);
	legs[1].channel = "SIP/1001-0001";
	rec.u.call.legs = legs;
	rec.u.call.nlegs = 2;
	rec.u.call.billsec = -1;
	rec.u.call.start = VOX_TIME_NONE;
	assert_int_equal(vox_record_values(&rec, "legs"), 2);
	assert_int_equal(vox_record_values(&rec, "legs.channel"), 1);
	assert_int_equal(vox_record_values(&rec, "legs.context"), 0);
	assert_int_equal(vox_record_values(&rec, "billsec"), 0);
	assert_int_equal(vox_record_values(&rec, "start"), 0);
	assert_int_equal(vox_record_values(&rec, "nonsense"), -1);
	assert_int_equal(vox_record_values(&rec, "legs.nonsense"), -1);
	/* Extra keys a target holds are not lost. */
	{
		struct vox_field kv[2] = { { "amaflags", "3" },
					   { "userfield", "x" } };

		legs[0].extra.v = kv;
		legs[0].extra.n = 1;
		assert_int_equal(vox_record_values(&rec, "legs.extra"), 1);
		assert_int_equal(vox_record_values_held(&rec, "legs.extra",
							"clid,amaflags"), 0);
		legs[0].extra.n = 2;
		assert_int_equal(vox_record_values_held(&rec, "legs.extra",
							"clid,amaflags"), 1);
		assert_int_equal(vox_record_values_held(&rec, "legs.extra",
							"amaflags,userfield"),
				 0);
		legs[0].extra.n = 0;
	}

	memset(&rec, 0, sizeof(rec));
	rec.kind = VOX_CONTACT;
	vox_contact_init(&rec.u.contact);
	memset(emails, 0, sizeof(emails));
	emails[2].label = "old";
	rec.u.contact.emails = emails;
	rec.u.contact.nemails = 4;
	rec.u.contact.kind = "individual";
	assert_int_equal(vox_record_values(&rec, "emails"), 4);
	assert_int_equal(vox_record_values(&rec, "emails.label"), 1);
	/* "individual" is every format's default, nothing to lose. */
	assert_int_equal(vox_record_values(&rec, "kind"), 0);
	rec.u.contact.kind = "org";
	assert_int_equal(vox_record_values(&rec, "kind"), 1);
	assert_false(vox_record_field_known(VOX_MESSAGE, "billsec"));
	assert_true(vox_record_field_known(VOX_MESSAGE, "parts.sha256"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_losses),
		cmocka_unit_test(test_existing_file_needs_force),
		cmocka_unit_test(test_abort_leaves_nothing),
		cmocka_unit_test(test_bad_names_refused),
		cmocka_unit_test(test_bad_option),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_field_values),
	};
	int rc;

	utc = vox_tz_load("UTC", NULL);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	vox_tz_free(utc);
	return rc;
}
