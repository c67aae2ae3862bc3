/* SPDX-License-Identifier: Apache-2.0 */
/*
 * import_run.c: one run of a target writer (import_run.h).
 *
 * Staging.  Files are made in a temporary folder inside the output folder
 * (src/tmpdir.c: mode 0700, removed on SIGINT and SIGTERM, swept when a
 * killed run left it), so that publishing is a rename(2) in one file
 * system and a reader of the output folder sees each file whole or not at
 * all.  Names are checked when made (one path segment of safe characters,
 * none twice), so a target cannot write outside the folder; existing files
 * are checked for all names before the first rename, so a refused run
 * changes nothing.
 *
 * Counting.  Per category: records in (all the input had of the asked
 * categories), out (written), not written (the target refused that one
 * record: listed with the reason), and for each loss the target declares,
 * how many written records had more values in the field than it keeps.
 * A category whose kind the target does not hold counts every record as
 * not written, with the reason, never as silently dropped.
 */
#define _GNU_SOURCE	/* syncfs() */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "category.h"
#include "import.h"
#include "import_run.h"
#include "path.h"
#include "record_fields.h"
#include "record_json.h"
#include "timeconv.h"
#include "tmpdir.h"

struct tally {
	uint64_t in, out, not_written;
	uint64_t *lost;			/* per entry of losses */
};

struct vox_import_run {
	const struct vox_target *target;
	void *state;
	const struct vox_loss *losses;
	size_t nlosses;
	struct vox_tmpdir *tmp;
	char *dir;
	int force;
	unsigned categories;
	json_t *report;			/* built as the run goes */
	json_t *names;			/* the files made, in order */
	json_t *refused;		/* not written, the first ones */
	struct tally tally[VOX_CAT_COUNT];
	struct vox_target_args args;
	int create_failed;		/* ends the run, whatever the code */
	int made_dir;			/* the output folder is ours */
	int published;
};

/* What a stale staging folder may hold: names a target makes. */
static int staged_name(const char *name)
{
	return vox_member_name_safe(name) && !strchr(name, '/');
}

static FILE *create_file(void *ctx, const char *name, struct vox_error *err)
{
	struct vox_import_run *r = ctx;
	size_t i;
	json_t *v;
	FILE *f;

	r->create_failed = 1;
	if (!staged_name(name) || strcmp(name, VOX_IMPORT_REPORT) == 0) {
		vox_error_set(err, VOX_E_USAGE, "%s: cannot write a file "
			      "called \"%s\"", r->target->name, name);
		return NULL;
	}
	json_array_foreach(r->names, i, v)
		if (strcmp(json_string_value(v), name) == 0) {
			vox_error_set(err, VOX_E_USAGE, "%s: the file %s "
				      "would be written twice",
				      r->target->name, name);
			return NULL;
		}
	json_array_append_new(r->names, json_string(name));
	f = vox_tmpdir_fopen(r->tmp, name, err);
	r->create_failed = !f;
	return f;
}

static int cat_index(unsigned kind)
{
	for (int i = 0; i < VOX_CAT_COUNT; i++)
		if (vox_category_kind(1u << i) == kind)
			return i;
	return -1;
}

static int make_dir(const char *dir, int *made, struct vox_error *err)
{
	struct stat st;

	*made = mkdir(dir, 0777) == 0;
	if (*made || errno == EEXIST) {
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			return VOX_OK;
		return vox_error_set(err, VOX_E_IO, "%s: not a folder", dir);
	}
	return vox_error_errno(err, VOX_E_IO, dir);
}

static int set_options(struct vox_import_run *r, const json_t *options,
		       struct vox_error *err)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)options, key, v) {
		if (!r->target->option)
			return vox_error_set(err, VOX_E_USAGE, "%s takes no "
					     "options (--option %s)",
					     r->target->name, key);
		if (r->target->option(r->state, key, json_string_value(v),
				      err) != VOX_OK) {
			if (err->code == VOX_E_NONE || err->code == VOX_E_DATA)
				err->code = VOX_E_USAGE;
			return vox_error_prefix(err, "%s", r->target->name);
		}
	}
	return VOX_OK;
}

/* The target's losses, each field checked against record_fields.c. */
static int take_losses(struct vox_import_run *r, struct vox_error *err)
{
	const struct vox_loss *l = r->target->losses ?
		r->target->losses(r->state) : NULL;

	for (r->nlosses = 0; l && l[r->nlosses].field; r->nlosses++)
		if (!vox_record_field_known(l[r->nlosses].kind,
					    l[r->nlosses].field))
			return vox_error_set(err, VOX_E_USAGE, "%s: loss of "
					     "an unknown %s field \"%s\"",
					     r->target->name,
					     vox_kind_name(l[r->nlosses].kind),
					     l[r->nlosses].field);
	r->losses = l;
	for (int i = 0; i < VOX_CAT_COUNT; i++) {
		r->tally[i].lost = calloc(r->nlosses + 1, sizeof(uint64_t));
		if (!r->tally[i].lost)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	return VOX_OK;
}

struct vox_import_run *vox_import_begin(const struct vox_import_opts *o,
					struct vox_error *err)
{
	struct vox_import_run *r = calloc(1, sizeof(*r));
	char when[VOX_TIME_FORMAT_MAX];

	if (!r) {
		json_decref(o->input);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	r->target = o->target;
	r->force = o->force;
	r->categories = o->categories;
	r->names = json_array();
	r->refused = json_array();
	r->report = json_object();
	if (o->target->database != !o->dir) {
		json_decref(o->input);
		free(r);
		vox_error_set(err, VOX_E_USAGE, o->dir ? "%s writes into a "
			      "database: no output folder (the report is "
			      "printed with --json)" : "%s needs an output "
			      "folder", o->target->name);
		return NULL;
	}
	r->dir = strdup(o->dir ? o->dir : "");
	vox_time_format(o->created, when);
	json_object_set_new(r->report, "format",
			    json_string("voxport-import-report"));
	json_object_set_new(r->report, "version", json_string("1.0"));
	json_object_set_new(r->report, "created", json_string(when));
	json_object_set_new(r->report, "generator",
			    json_pack("{s:s,s:s}", "name", "voxport",
				      "version", VOX_VERSION));
	json_object_set_new(r->report, "input", o->input);
	json_object_set_new(r->report, "target",
			    json_pack("{s:s,s:O}", "name", o->target->name,
				      "options", o->options));
	if (!r->dir || !r->names || !r->refused || !r->report) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto fail;
	}
	if (o->target->database)
		goto open;
	if (make_dir(o->dir, &r->made_dir, err) != VOX_OK)
		goto fail;
	r->tmp = vox_tmpdir_new(o->dir, staged_name, err);
	if (!r->tmp)
		goto fail;
	r->args.create = create_file;
open:
	r->args.ctx = r;
	r->args.tz = o->tz;
	r->args.plan = o->plan;
	r->args.spool = o->spool;
	r->state = o->target->open(&r->args, err);
	if (!r->state)
		goto fail;
	if (set_options(r, o->options, err) != VOX_OK ||
	    take_losses(r, err) != VOX_OK)
		goto fail;
	return r;
fail:
	vox_import_abort(r);
	return NULL;
}

static const char *record_name(const struct vox_record *rec)
{
	switch (rec->kind) {
	case VOX_SUBJECT:
		return rec->u.subject.id;
	case VOX_CONTACT:
		return rec->u.contact.uid ? rec->u.contact.uid :
		       rec->u.contact.full_name;
	case VOX_CALL:
		return rec->u.call.id;
	case VOX_MESSAGE:
		return rec->u.message.id;
	case VOX_RECORDING:
		return rec->u.recording.id;
	}
	return NULL;
}

static void list_refused(struct vox_import_run *r, int cat,
			 const struct vox_record *rec, const char *reason)
{
	const char *name = record_name(rec);
	json_t *item;

	if (json_array_size(r->refused) >= VOX_IMPORT_MAX_LISTED)
		return;
	item = json_pack("{s:s}", "category", vox_category_name(1u << cat));
	if (name && json_object_set_new(item, "record", json_string(name)))
		json_object_set_new(item, "record",
				    json_string("(not UTF-8)"));
	json_object_set_new(item, "reason", json_string(reason));
	json_array_append_new(r->refused, item);
}

int vox_import_put(struct vox_import_run *r, const struct vox_record *rec,
		   struct vox_error *err)
{
	int cat = cat_index(rec->kind);
	struct tally *t;

	if (cat < 0 || !(r->categories & (1u << cat)))
		return VOX_OK;
	t = &r->tally[cat];
	t->in++;
	if (!(r->target->kinds & rec->kind)) {
		t->not_written++;
		return VOX_OK;
	}
	if (r->target->write(r->state, rec, err) != VOX_OK) {
		/* A file that could not be made is never one record's fault. */
		if (err->code != VOX_E_DATA || r->create_failed)
			return VOX_ERR;
		t->not_written++;
		list_refused(r, cat, rec, err->msg);
		vox_error_clear(err);
		return VOX_OK;
	}
	t->out++;
	for (size_t i = 0; i < r->nlosses; i++)
		if (r->losses[i].kind == rec->kind &&
		    vox_record_values_held(rec, r->losses[i].field,
					   r->losses[i].held) >
		    (long)r->losses[i].keep)
			t->lost[i]++;
	return VOX_OK;
}

static json_t *category_report(struct vox_import_run *r, int cat)
{
	const struct tally *t = &r->tally[cat];
	unsigned kind = vox_category_kind(1u << cat);
	json_t *c = json_pack("{s:s,s:I,s:I,s:I,s:b}", "category",
			      vox_category_name(1u << cat), "records_in",
			      (json_int_t)t->in, "records_out",
			      (json_int_t)t->out, "not_written",
			      (json_int_t)t->not_written, "held",
			      (r->target->kinds & kind) != 0);
	json_t *lost = json_array();

	if (!(r->target->kinds & kind))
		json_object_set_new(c, "why", json_sprintf("%s holds no %s",
				    r->target->name,
				    vox_category_name(1u << cat)));
	for (size_t i = 0; i < r->nlosses; i++) {
		json_t *l;

		if (r->losses[i].kind != kind || !t->lost[i])
			continue;
		l = json_pack("{s:s,s:I}", "field", r->losses[i].field,
			      "records", (json_int_t)t->lost[i]);
		if (r->losses[i].keep)
			json_object_set_new(l, "kept",
					    json_integer(r->losses[i].keep));
		if (r->losses[i].why)
			json_object_set_new(l, "why",
					    json_string(r->losses[i].why));
		json_array_append_new(lost, l);
	}
	json_object_set_new(c, "lost", lost);
	return c;
}

/* Size and SHA-256 of a staged file. */
static json_t *file_entry(struct vox_import_run *r, const char *name,
			  struct vox_error *err)
{
	char *path = vox_path_join(vox_tmpdir_path(r->tmp), name);
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned mdlen = 0;
	uint64_t bytes = 0;
	json_t *e = NULL;
	ssize_t n;
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;

	if (fd < 0 || !ctx) {
		vox_error_errno(err, VOX_E_IO, path ? path : name);
		goto out;
	}
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		bytes += (uint64_t)n;
	}
	if (n < 0) {
		vox_error_errno(err, VOX_E_IO, path);
		goto out;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	for (unsigned i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	e = json_pack("{s:s,s:I,s:s}", "path", name, "bytes",
		      (json_int_t)bytes, "sha256", hex);
out:
	if (fd >= 0)
		close(fd);
	EVP_MD_CTX_free(ctx);
	free(path);
	return e;
}

/*
 * Every staged file on disk before the first rename: one syncfs(2) of the
 * staging folder's file system, not an fsync per file, which took seconds
 * for a target writing a file per call.
 */
static int sync_staged(struct vox_import_run *r, struct vox_error *err)
{
	int fd = open(vox_tmpdir_path(r->tmp), O_RDONLY | O_DIRECTORY |
		      O_CLOEXEC);
	int rc = fd >= 0 && syncfs(fd) == 0 ? VOX_OK :
		 vox_error_errno(err, VOX_E_IO, vox_tmpdir_path(r->tmp));

	if (fd >= 0)
		close(fd);
	return rc;
}

static int write_report(struct vox_import_run *r, struct vox_error *err)
{
	json_t *files = json_array(), *cats = json_array(), *v;
	FILE *f;
	size_t i;

	json_array_foreach(r->names, i, v) {
		json_t *e = file_entry(r, json_string_value(v), err);

		if (!e) {
			json_decref(files);
			json_decref(cats);
			return VOX_ERR;
		}
		json_array_append_new(files, e);
	}
	for (int c = 0; c < VOX_CAT_COUNT; c++)
		if (r->tally[c].in)
			json_array_append_new(cats, category_report(r, c));
	json_object_set_new(r->report, "files", files);
	json_object_set_new(r->report, "categories", cats);
	json_object_set(r->report, "not_written", r->refused);
	if (r->target->database)
		return VOX_OK;	/* no folder: printed by the caller */
	json_array_append_new(r->names, json_string(VOX_IMPORT_REPORT));
	f = vox_tmpdir_fopen(r->tmp, VOX_IMPORT_REPORT, err);
	if (!f)
		return VOX_ERR;
	if (json_dumpf(r->report, f, VOX_JSON_PRETTY) != 0 ||
	    fputc('\n', f) == EOF || fflush(f) != 0) {
		vox_error_errno(err, VOX_E_IO, VOX_IMPORT_REPORT);
		fclose(f);
		return VOX_ERR;
	}
	if (fclose(f) != 0)
		return vox_error_errno(err, VOX_E_IO, VOX_IMPORT_REPORT);
	return sync_staged(r, err);
}

/* Refuse before moving anything: a name taken, or (with force) taken by
 * something a rename would not simply replace. */
static int check_names(struct vox_import_run *r, struct vox_error *err)
{
	struct stat st;
	size_t i;
	json_t *v;

	json_array_foreach(r->names, i, v) {
		char *path = vox_path_join(r->dir, json_string_value(v));
		int taken = path && lstat(path, &st) == 0;

		if (taken && !r->force)
			vox_error_set(err, VOX_E_IO, "%s exists (--force "
				      "replaces it)", path);
		else if (taken && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
			vox_error_set(err, VOX_E_IO, "%s exists and is not a "
				      "file", path);
		else if (!path)
			vox_error_set(err, VOX_E_NOMEM, "out of memory");
		else
			taken = 0;
		free(path);
		if (taken || !path)
			return VOX_ERR;
	}
	return VOX_OK;
}

static int publish(struct vox_import_run *r, struct vox_error *err)
{
	size_t i;
	json_t *v;

	json_array_foreach(r->names, i, v) {
		const char *name = json_string_value(v);
		char *from = vox_path_join(vox_tmpdir_path(r->tmp), name);
		char *to = vox_path_join(r->dir, name);
		int rc = from && to && rename(from, to) == 0 ? VOX_OK :
			 vox_error_errno(err, VOX_E_IO, to ? to : name);

		free(from);
		free(to);
		if (rc != VOX_OK)
			return VOX_ERR;
	}
	if (r->tmp)
		vox_tmpdir_sync_parent(r->tmp);
	return VOX_OK;
}

int vox_import_finish(struct vox_import_run *r, json_t **report,
		      struct vox_error *err)
{
	void *state = r->state;

	r->state = NULL;
	if (r->target->close(state, 1, err) != VOX_OK ||
	    write_report(r, err) != VOX_OK || check_names(r, err) != VOX_OK ||
	    publish(r, err) != VOX_OK) {
		vox_import_abort(r);
		return VOX_ERR;
	}
	*report = json_incref(r->report);
	r->published = 1;
	vox_import_abort(r);
	return VOX_OK;
}

void vox_import_abort(struct vox_import_run *r)
{
	if (!r)
		return;
	if (r->state)
		r->target->close(r->state, 0, NULL);
	vox_tmpdir_free(r->tmp);
	/* A folder made for a run that failed goes too (if still empty). */
	if (r->made_dir && !r->published)
		rmdir(r->dir);
	for (int i = 0; i < VOX_CAT_COUNT; i++)
		free(r->tally[i].lost);
	json_decref(r->names);
	json_decref(r->refused);
	json_decref(r->report);
	free(r->dir);
	free(r);
}
