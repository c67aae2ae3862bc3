/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pipeline.c: subscribers' archives from provider.json: one subject
 * (`voxport export`) or many (`voxport bulk`), by one pipeline.
 *
 * DESIGN
 *
 *   subscriber list ── read once: the set's rows, identities, duplicates
 *        │
 *   route ── each shared source (CDRs, SMS...) read once; each record
 *        │   goes to every subject it matches (match.c's rules)
 *        │
 *   spill ── per subject, bounded memory (spill.h), when many
 *        │
 *   finish ── per subject, in provider.json's order of sources: its
 *             records replayed, its own files (address books, phone
 *             backups) read, through the date range, the grouping of
 *             legs into calls, the third-party rule, the linking of
 *             recordings, and the archive writer
 *
 * Subjects.  The set is one id (export), a list, or every subscriber;
 * the list is read once, for the rows of the set (kept as subject.json
 * text until their archive is written) and their identities.  An id that
 * is not in the list, or twice in it, fails that subject only.
 *
 * Route.  Every record of a shared source is tested against the subjects'
 * identifiers.  With one subject that is vox_identity_match_leg() or
 * _party() itself; with many an index of the identifiers (match_index.h)
 * gives the candidates and the same functions confirm them, so the rules
 * are match.c's in both cases.  The side that matched sets the direction,
 * as for a single export.  Recordings are not routed by identifiers:
 * whose they are depends on the calls each subject was given (a call id,
 * a time and the other party's number), so every subject sees every
 * recording of a shared source at the finish.  A shared source of
 * contacts (rare: address books are per subject) is all the subject's in
 * an export, so it is read again for each subject at the finish.
 *
 * Spill.  With one subject the routed records go straight to the finish:
 * the archive writer is itself bounded in memory, and a spill would hold
 * exactly what the finish takes, in the same order.  With many, each
 * routed record is written as one line, {"e": its sources[] entry, "g":
 * its call's group id, "f": its audio file, "r": the record as
 * record_json.c writes it}, into the subject's buffer; past a budget the
 * buffers go to one spill file (spill.h: one descriptor whatever the
 * number of subjects).  record_parse.c reads a line back into the record
 * the finish would have been given (group id and audio file are not in
 * the JSON form, hence "g" and "f").
 *
 * Finish.  One subject at a time, in worker processes forked after the
 * route when jobs > 1 (they share the spill file through pread()); each
 * archive depends only on its subject's records, so the bytes are the
 * same for any number of workers, and the same as a single export's.
 *
 * Counts.  Each source's manifest entry says read = exported + filtered +
 * rejected.  read and rejected are the file's, the same for every subject
 * (a malformed row is skipped, or stops every subject's archive, whoever
 * it belonged to); exported is what the finish took; filtered the rest:
 * other subscribers' records and those outside --since/--until.
 *
 * Readers are opened in one place, pipe_open_reader().
 *
 * Files: this one has the subjects and the runs (vox_export_run(),
 * vox_bulk_run()); pipeline_route.c the route and the spill's writing;
 * pipeline_finish.c the finish and the spill's replay;
 * pipeline_workers.c the worker processes of -j; pipe.h what they share.
 */
#include <stdlib.h>
#include <string.h>

#include "pipe.h"
#include "record_json.h"
#include "rotation.h"
#include "tmpdir.h"

static const struct vox_tz *spec_tz(const struct pipe *pp,
				    const struct vox_source_spec *s)
{
	return s->tz ? s->tz : pp->p->tz;
}

void pipe_progress(struct pipe *pp)
{
	if (pp->o->progress)
		pp->o->progress(pp->o->progress_ctx, &pp->prog);
}

/*
 * The one place a reader is opened, for the subscriber list and for every
 * source, shared or the subject's own.
 */
int pipe_open_reader(struct pipe *pp, struct vox_reader *rd,
		       const struct vox_source_spec *spec, const char *path,
		       FILE *spool, const struct run *r,
		       struct vox_error *err)
{
	/*
	 * A database is asked for one subject's rows when there is one
	 * (their subscriber row, or their calls by their identifiers), and
	 * for every row in bulk.
	 */
	if (spec->source->database)
		return vox_reader_open_db(rd, spec->source, pp->p->file,
					  pp->direct ? pp->set[0].id : NULL,
					  pp->direct && r ? r->subject : NULL,
					  spec_tz(pp, spec),
					  vox_provider_plan(pp->p),
					  spec->options, err);
	return vox_reader_open(rd, spec->source, NULL, path,
			       spec_tz(pp, spec), vox_provider_plan(pp->p),
			       spec->options, spool, err);
}

/* Records read so far, and bytes: for progress. */
void pipe_count_row(struct pipe *pp, struct vox_reader *rd)
{
	off_t at;

	if (++pp->prog.rows % PROGRESS_ROWS)
		return;
	at = rd->fp ? ftello(rd->fp) : -1;
	pp->prog.bytes = pp->file_bytes + (at > 0 ? (uint64_t)at : 0);
	pipe_progress(pp);
}

void pipe_count_file(struct pipe *pp, struct vox_reader *rd)
{
	off_t at = rd->fp ? ftello(rd->fp) : -1;

	pp->file_bytes += at > 0 ? (uint64_t)at : 0;
	pp->prog.bytes = pp->file_bytes;
}

/* Tell the caller of a skipped record, with its bytes where kept. */
static void warn(struct pipe *pp, const struct vox_reader *rd,
		 const struct vox_error *err)
{
	struct vox_skipped s;

	if (!pp->o->warn)
		return;
	s.err = err;
	s.raw = vox_reader_raw(rd, &s.raw_len, &s.raw_whole);
	pp->o->warn(pp->o->warn_ctx, &s);
}

/*
 * A malformed record: fail, or with --on-error=skip skip it, warn and go
 * on (the manifest counts it).  Returns VOX_OK to go on.
 */
int pipe_data_error(struct pipe *pp, struct vox_reader *rd,
		      struct vox_error *err)
{
	if (err->code != VOX_E_DATA || pp->o->on_error != VOX_ON_ERROR_SKIP)
		return VOX_ERR;
	vox_reader_skip(rd);
	warn(pp, rd, err);
	vox_error_clear(err);
	return VOX_OK;
}

/* ---- subjects ---------------------------------------------------------- */

/* Subject i is in the set: its archive's path, and the caller's say. */
static int admit(struct pipe *pp, size_t i)
{
	struct vox_bulk_subject *s = &pp->set[i];

	if (pp->outdir && vox_subject_id_valid(s->id)) {
		size_t n = strlen(pp->outdir) + strlen(s->id) + 6;

		if (!(s->output = malloc(n)))
			return -1;
		snprintf(s->output, n, "%s/%s.zip", pp->outdir, s->id);
	} else if (pp->outdir) {
		s->state = VOX_BULK_DONE;
		s->status = vox_error_set(&s->err, VOX_E_USAGE, "not a valid "
					  "subscriber id: \"%s\" (letters, "
					  "digits, '.', '_', '-', first a "
					  "letter or digit, at most 64)",
					  s->id);
	}
	return pp->select ? pp->select(pp->select_ctx, s) : 1;
}

/* Grow the set by the id of a row of the list (every subscriber). */
static size_t add_member(struct pipe *pp, const char *id, size_t *cap)
{
	size_t i = pp->n;

	if (pp->n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		struct vox_bulk_subject *s = realloc(pp->set, c * sizeof(*s));
		struct member *m;

		if (!s)
			return NONE;
		pp->set = s;
		if (!(m = realloc(pp->m, c * sizeof(*m))))
			return NONE;
		pp->m = m;
		*cap = c;
	}
	memset(&pp->set[i], 0, sizeof(pp->set[i]));
	memset(&pp->m[i], 0, sizeof(pp->m[i]));
	if (!(pp->set[i].id = strdup(id)))
		return NONE;
	pp->n++;
	switch (admit(pp, i)) {
	case 1:
		return i;
	case 0:
		free(pp->set[i].id);
		free(pp->set[i].output);
		pp->n--;
		return NOT_IN_SET;
	default:
		return NONE;
	}
}

/* A row of the list: which member it is, if any, and keep what it needs. */
static int take_row(struct pipe *pp, const struct vox_subject *s,
		    size_t *cap, struct vox_error *err)
{
	size_t i = vox_strmap_get(&pp->ids, s->id, strlen(s->id)), old;
	struct member *m;
	json_t *j;

	if (i == NONE && pp->all) {
		i = add_member(pp, s->id, cap);
		if (i == NONE || vox_strmap_put(&pp->ids, s->id,
						strlen(s->id), i, &old) != 0)
			return vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
	}
	if (i == NONE || i == NOT_IN_SET)
		return VOX_OK;
	m = &pp->m[i];
	if (m->line) {
		if (!m->dup_line)
			m->dup_line = s->source.line;
		return VOX_OK;
	}
	m->line = s->source.line;
	if (pp->set[i].state != VOX_BULK_TODO)
		return VOX_OK;
	m->id = vox_identity_new(s, vox_provider_plan(pp->p));
	j = vox_subject_to_json(s);
	m->json = j ? json_dumps(j, VOX_JSON_LINE) : NULL;
	json_decref(j);
	if (!m->id || !m->json)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	return VOX_OK;
}

/*
 * Read the subscriber list once: the rows of the set, duplicates, and
 * the counts of its manifest entry.
 */
static int read_subscribers(struct pipe *pp, size_t cap,
			    struct vox_error *err)
{
	const struct vox_source_spec *s = &pp->p->subscribers;
	struct vox_source_stats *st = &pp->subj_st;
	struct vox_reader rd;
	const struct vox_record *rec;
	int per_subject, rc;
	char *path = s->source->database ? strdup(pp->p->file) :
		vox_provider_path(pp->p, s, pp->direct ? pp->set[0].id : NULL,
				  &per_subject, err);

	if (!path) {
		if (s->source->database)
			vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return VOX_ERR;
	}
	/* One subscriber each row: never a set of files. */
	if (!s->source->database && vox_path_is_pattern(s->path)) {
		free(path);
		return vox_error_set(err, VOX_E_CONFIG, "%s: the subscriber "
				     "list is one file, not a pattern",
				     s->path);
	}
	rc = pipe_open_reader(pp, &rd, s, path, NULL, NULL, err);
	free(path);
	if (rc != VOX_OK)
		return VOX_ERR;
	while ((rc = vox_reader_next(&rd, &rec, err)) != VOX_EOF) {
		if (rc == VOX_ERR) {
			if (err->code != VOX_E_DATA)
				break;
			/*
			 * Another row's fault must not stop this export: it
			 * is rejected, and reported with --on-error=skip.
			 */
			vox_reader_skip(&rd);
			if (!pp->first_bad[0])
				memcpy(pp->first_bad, err->msg,
				       sizeof(pp->first_bad));
			if (pp->o->on_error == VOX_ON_ERROR_SKIP)
				warn(pp, &rd, err);
			vox_error_clear(err);
			continue;
		}
		pipe_count_row(pp, &rd);
		if (take_row(pp, &rec->u.subject, &cap, err) != VOX_OK) {
			rc = VOX_ERR;
			break;
		}
	}
	pipe_count_file(pp, &rd);
	if (rc == VOX_EOF && !(pp->subj_name = strdup(rd.name)))
		rc = vox_error_set(err, VOX_E_NOMEM, "out of memory");
	st->read = rd.read;
	st->rejected = rd.rejected;
	st->exported = 1;
	st->format = s->source->name;
	st->name = pp->subj_name;
	st->category = VOX_CAT_SUBJECT;
	st->present = 1;
	vox_reader_close(&rd);
	return rc == VOX_EOF ? VOX_OK : VOX_ERR;
}

/* Why member i cannot be exported, when it cannot: VOX_ERR and err. */
int pipe_member_error(const struct pipe *pp, size_t i,
			struct vox_error *err)
{
	const struct member *m = &pp->m[i];
	const char *id = pp->set[i].id, *name = pp->subj_name;

	if (m->dup_line)
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: subscriber %s "
				     "appears again (first at line %llu)",
				     name, (unsigned long long)m->dup_line, id,
				     (unsigned long long)m->line);
	if (m->line)
		return VOX_OK;
	/* The subject's own row may be one of the malformed ones. */
	if (pp->first_bad[0])
		return vox_error_set(err, VOX_E_NOTFOUND, "subscriber %s is "
				     "not in %s, or on a malformed row (%llu "
				     "skipped; the first: %.600s)", id, name,
				     (unsigned long long)pp->subj_st.rejected,
				     pp->first_bad);
	return vox_error_set(err, VOX_E_NOTFOUND, "subscriber %s is not in %s",
			     id, name);
}

/* ---- runs -------------------------------------------------------------- */

static int check_categories(struct pipe *pp, struct vox_error *err)
{
	pp->cats = pp->o->categories ? pp->o->categories : pp->p->categories;
	if (pp->cats & ~pp->p->categories) {
		unsigned missing = pp->cats & ~pp->p->categories, bit = 1;

		while (!(missing & bit))
			bit <<= 1;
		return vox_error_set(err, VOX_E_USAGE, "%s: no %s sources in "
				     "provider.json", vox_category_name(bit),
				     vox_category_name(bit));
	}
	return VOX_OK;
}

static void pipe_release(struct pipe *pp)
{
	size_t i;

	for (i = 0; pp->m && i < pp->n; i++) {
		vox_identity_free(pp->m[i].id);
		free(pp->m[i].json);
	}
	free(pp->m);
	for (i = 0; i < pp->nentries; i++)
		free(pp->entries[i].name);
	free(pp->entries);
	vox_strmap_release(&pp->ids);
	vox_match_index_free(pp->ix);
	vox_needles_free(pp->needles);
	vox_spill_free(pp->spill);
	vox_tmpdir_free(pp->tmp);
	free(pp->subj_name);
}

int vox_export_run(const struct vox_export_opts *o,
		   struct vox_export_result *res, struct vox_error *err)
{
	struct vox_bulk_subject one;
	struct pipe pp;
	size_t old;
	int rc = VOX_ERR;

	memset(res, 0, sizeof(*res));
	memset(&pp, 0, sizeof(pp));
	memset(&one, 0, sizeof(one));
	pp.o = o;
	pp.p = o->provider;
	pp.direct = 1;
	pp.set = &one;
	pp.n = 1;
	one.id = (char *)o->subject_id;
	one.output = (char *)o->output;
	vox_strmap_init(&pp.ids);
	if (check_categories(&pp, err) != VOX_OK)
		return VOX_ERR;
	if (!vox_subject_id_valid(o->subject_id))
		return vox_error_set(err, VOX_E_USAGE, "not a valid subscriber "
				     "id: \"%s\"", o->subject_id);
	if (!(pp.m = calloc(1, sizeof(*pp.m))) ||
	    vox_strmap_put(&pp.ids, one.id, strlen(one.id), 0, &old) != 0) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto out;
	}
	if (read_subscribers(&pp, 1, err) != VOX_OK)
		goto out;
	if (pp.m[0].id && vox_needles_new(pp.m[0].id, &pp.needles) != VOX_OK) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto out;
	}
	rc = pipe_run_subject(&pp, 0, err);
	*res = one.res;
out:
	pipe_release(&pp);
	return rc;
}

void pipe_finish_one(struct pipe *pp, size_t i)
{
	struct vox_bulk_subject *s = &pp->set[i];

	vox_error_clear(&s->err);
	s->status = pipe_run_subject(pp, i, &s->err);
	s->state = VOX_BULK_DONE;
}

int vox_bulk_run(const struct vox_bulk_opts *bo, struct vox_bulk_subject **set,
		 size_t *n, struct vox_error *err)
{
	struct pipe pp;
	size_t i, cap = *n, old, base = 0;
	int rc = VOX_ERR;

	memset(&pp, 0, sizeof(pp));
	pp.o = &bo->ex;
	pp.p = bo->ex.provider;
	pp.set = *set;
	pp.n = *n;
	pp.all = bo->all;
	pp.outdir = bo->outdir;
	pp.select = bo->select;
	pp.select_ctx = bo->select_ctx;
	vox_strmap_init(&pp.ids);
	if (check_categories(&pp, err) != VOX_OK)
		return VOX_ERR;
	/* A given list: each id once (the caller says what of repeats). */
	if (!pp.all) {
		size_t kept = 0;

		pp.m = calloc(pp.n ? pp.n : 1, sizeof(*pp.m));
		if (!pp.m)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		for (i = 0; i < pp.n; i++) {
			struct vox_bulk_subject *s = &pp.set[i];

			switch (admit(&pp, i)) {
			case 1:
				break;
			case 0:
				free(s->id);
				free(s->output);
				continue;
			default:
				vox_error_set(err, VOX_E_NOMEM,
					      "out of memory");
				goto out;
			}
			pp.set[kept++] = *s;
		}
		pp.n = kept;
		for (i = 0; i < pp.n; i++)
			if (vox_strmap_put(&pp.ids, pp.set[i].id,
					   strlen(pp.set[i].id), i, &old) != 0) {
				vox_error_set(err, VOX_E_NOMEM,
					      "out of memory");
				goto out;
			}
	}
	if (read_subscribers(&pp, cap, err) != VOX_OK)
		goto out;
	pp.prog.total = pp.n;
	for (i = 0; i < pp.n; i++) {
		struct vox_bulk_subject *s = &pp.set[i];

		if (s->state != VOX_BULK_TODO)
			base++;
		else if (pipe_member_error(&pp, i, &s->err) != VOX_OK) {
			s->state = VOX_BULK_DONE;
			s->status = VOX_ERR;
			base++;
		}
	}
	pp.prog.done = base;
	if (base == pp.n) {
		rc = VOX_OK;	/* nothing to write: no source to read */
		goto out;
	}
	if (pipe_route_all(&pp, err) != VOX_OK) {
		for (i = 0; i < pp.n; i++)
			if (pp.set[i].state == VOX_BULK_TODO) {
				pp.set[i].state = VOX_BULK_DONE;
				pp.set[i].status = VOX_ERR;
				pp.set[i].err = *err;
			}
		goto out;
	}
	pp.prog.finishing = 1;
	if (bo->jobs > 1 && pp.n - base > 1) {
		rc = pipe_finish_forked(&pp, bo->jobs, base, err);
		goto out;
	}
	for (i = 0; i < pp.n; i++) {
		if (pp.set[i].state != VOX_BULK_TODO)
			continue;
		pipe_finish_one(&pp, i);
		pp.prog.done++;
		pipe_progress(&pp);
	}
	rc = VOX_OK;
out:
	*set = pp.set;
	*n = pp.n;
	pipe_release(&pp);
	return rc;
}

void vox_bulk_subjects_free(struct vox_bulk_subject *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(set[i].id);
		free(set[i].output);
	}
	free(set);
}

