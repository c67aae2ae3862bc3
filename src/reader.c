/* SPDX-License-Identifier: Apache-2.0 */
/* reader.c: a source reader on a file (see reader.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "decompress.h"
#include "path.h"
#include "reader.h"
#include "source_table.h"

#define PEEK 4096

static int apply_options(struct vox_reader *r, const json_t *options,
			 struct vox_error *err)
{
	const char *key;
	const json_t *v;

	if (!options)
		return VOX_OK;
	json_object_foreach((json_t *)options, key, v) {
		char buf[64];
		const char *value = buf;

		if (json_is_string(v))
			value = json_string_value(v);
		else if (json_is_boolean(v))
			value = json_is_true(v) ? "yes" : "no";
		else if (json_is_integer(v))
			snprintf(buf, sizeof(buf), "%lld",
				 (long long)json_integer_value(v));
		else
			return vox_error_set(err, VOX_E_CONFIG,
					     "%s: option \"%s\" must be a "
					     "string, boolean or integer",
					     r->source->name, key);
		if (!r->source->option)
			return vox_error_set(err, VOX_E_CONFIG,
					     "%s: takes no options (\"%s\")",
					     r->source->name, key);
		if (r->source->option(r->state, key, value, err) != VOX_OK)
			return VOX_ERR;
	}
	return VOX_OK;
}

int vox_reader_open(struct vox_reader *r, const struct vox_source *source,
		    const struct vox_source *const *bidders,
		    const char *path, const struct vox_tz *tz,
		    const struct vox_phone_plan *plan, const json_t *options,
		    FILE *spool, struct vox_error *err)
{
	struct vox_source_args args;
	struct stat st;

	FILE *fp;

	memset(r, 0, sizeof(*r));
	if (source && source->database)
		return vox_error_set(err, VOX_E_USAGE, "%s reads a database, "
				     "not a file: name it in provider.json "
				     "with its options", source->name);
	r->fp = fopen(path, "rb");
	if (!r->fp)
		return vox_error_errno(err, VOX_E_IO, path);
	if (fstat(fileno(r->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		vox_error_errno(err, VOX_E_IO, path);
		goto fail;
	}
	r->name = strdup(vox_path_base(path));
	if (!r->name) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto fail;
	}
	/* A compressed file is read as what it holds, bidding included. */
	fp = vox_decompress_open(r->fp, r->name, 0, &r->dz, err);
	if (!fp)
		goto fail;
	r->fp = fp;
	if (!source) {
		unsigned char buf[PEEK];
		size_t n = fread(buf, 1, sizeof(buf), r->fp);

		if (vox_decompress_check(r->dz, err) != VOX_OK)
			goto fail;
		if (ferror(r->fp) || fseek(r->fp, 0, SEEK_SET) != 0) {
			vox_error_errno(err, VOX_E_IO, path);
			goto fail;
		}
		source = vox_source_table_choose(bidders, buf, n);
		if (!source) {
			vox_error_set(err, VOX_E_DATA, "%s: not a format this "
				      "build reads (see voxport formats)",
				      r->name);
			goto fail;
		}
	}
	r->source = source;
	args.in = r->fp;
	args.name = r->name;
	args.path = path;
	args.tz = tz;
	args.plan = plan;
	args.spool = spool;
	args.subject_id = NULL;
	args.subject = NULL;
	r->state = source->open(&args, err);
	if (!r->state)
		goto fail;
	if (apply_options(r, options, err) != VOX_OK)
		goto fail;
	return VOX_OK;
fail:
	vox_reader_close(r);
	return VOX_ERR;
}

int vox_reader_open_db(struct vox_reader *r, const struct vox_source *source,
		       const char *provider, const char *subject_id,
		       const struct vox_subject *subject,
		       const struct vox_tz *tz,
		       const struct vox_phone_plan *plan,
		       const json_t *options, struct vox_error *err)
{
	struct vox_source_args args;

	memset(r, 0, sizeof(*r));
	memset(&args, 0, sizeof(args));
	r->source = source;
	r->name = strdup(source->name);
	if (!r->name)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	args.name = r->name;
	args.path = provider;
	args.tz = tz;
	args.plan = plan;
	args.subject_id = subject_id;
	args.subject = subject;
	r->state = source->open(&args, err);
	if (!r->state || apply_options(r, options, err) != VOX_OK ||
	    (source->start && source->start(r->state, err) != VOX_OK)) {
		vox_reader_close(r);
		return VOX_ERR;
	}
	return VOX_OK;
}

int vox_reader_next(struct vox_reader *r, const struct vox_record **rec,
		    struct vox_error *err)
{
	int rc;

	if (r->ended)
		return vox_error_set(err, VOX_E_IO, "%s: reading stopped "
				     "after an earlier error", r->name);
	rc = r->source->next(r->state, rec, err);
	r->read += r->skipped - r->skipped_read;
	r->skipped_read = r->skipped;
	/*
	 * A damaged compressed stream looks like an end of file or a read
	 * error to the source: say what it is, and never end quietly.
	 */
	if (vox_decompress_check(r->dz, err) != VOX_OK) {
		char msg[VOX_ERROR_MAX];

		r->ended = 1;
		memcpy(msg, err->msg, sizeof(msg));
		snprintf(err->msg, sizeof(err->msg), "%.900s (%llu records "
			 "read before it)", msg, (unsigned long long)r->read);
		return VOX_ERR;
	}
	if (rc == VOX_OK) {
		r->last_error[0] = '\0';
		r->read++;
		return rc;
	}
	if (rc == VOX_EOF)
		return rc;
	if (err->code != VOX_E_DATA) {
		r->ended = 1;	/* not a record: the stream broke */
		return rc;
	}
	/*
	 * Each bad record names its own line, so the same error twice in a
	 * row means the reader did not move on: a caller that skips it would
	 * ask for ever.  End the stream instead.
	 */
	if (strcmp(err->msg, r->last_error) == 0) {
		r->ended = 1;
		err->code = VOX_E_IO;
		return rc;
	}
	memcpy(r->last_error, err->msg, sizeof(r->last_error));
	r->read++;
	return rc;
}

int vox_reader_set_needles(struct vox_reader *r,
			   const struct vox_needles *needles,
			   struct vox_error *err)
{
	const char *off = getenv("VOXPORT_NO_PREFILTER");

	if (!needles || !r->source->prefilter ||
	    (off && *off && strcmp(off, "0") != 0))
		return VOX_OK;
	return r->source->prefilter(r->state, needles, &r->skipped, err);
}

void vox_reader_skip(struct vox_reader *r)
{
	r->rejected++;
}

const char *vox_reader_raw(const struct vox_reader *r, size_t *len,
			   int *whole)
{
	*len = 0;
	*whole = 1;
	if (!r->state || !r->source || !r->source->raw)
		return NULL;
	return r->source->raw(r->state, len, whole);
}

void vox_reader_close(struct vox_reader *r)
{
	if (r->state && r->source)
		r->source->close(r->state);
	if (r->fp)
		fclose(r->fp);
	free(r->name);
	memset(r, 0, sizeof(*r));
}
