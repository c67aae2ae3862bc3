/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pipeline_route.c: the route of the pipeline (pipeline.c's DESIGN): a
 * source's files read a record at a time, each record given to the run of
 * a single export, or to the spill of every subject it matches.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "folder.h"
#include "path.h"
#include "pipe.h"
#include "record_json.h"
#include "rotation.h"
#include "tmpdir.h"

/* ---- the route: a source's records to their subjects -------------------- */

/*
 * One file of a source, a record at a time: for a run (the subject's own
 * file, or a shared one when the set is one subject) or for the spill.
 */
struct stream {
	struct vox_reader rd;
	const struct vox_source_spec *spec;
	struct vox_source_stats *st;
	size_t entry;			/* spill mode: the entry's index */
	int per_subject;		/* every record in it is the subject's */
	struct vox_call_group *g;	/* calls, for a run */
	struct run *r;			/* or NULL: routed to the spill */
};

/* Spill mode: the record, with what its JSON form lacks, for subject i. */
static int spill_record(struct pipe *pp, size_t i, size_t entry,
			const struct vox_record *rec, struct vox_error *err)
{
	const struct vox_source_ref *ref = NULL;
	const char *group = NULL, *file = NULL;
	json_t *r = NULL, *line = json_object();
	char *text = NULL;
	int rc, bad = !line;

	switch (rec->kind) {
	case VOX_CALL:
		r = vox_call_to_json(&rec->u.call);
		group = rec->u.call.group_id;
		ref = &rec->u.call.source;
		break;
	case VOX_MESSAGE:
		r = vox_message_to_json(&rec->u.message);
		ref = &rec->u.message.source;
		break;
	case VOX_RECORDING:
		r = vox_recording_to_json(&rec->u.recording);
		file = rec->u.recording.file;
		ref = &rec->u.recording.source;
		break;
	default:
		break;
	}
	bad |= !r || json_object_set_new(line, "e", json_integer(
					    (json_int_t)entry)) != 0;
	if (group)
		bad |= json_object_set_new(line, "g", json_string(group)) != 0;
	if (file)
		bad |= json_object_set_new(line, "f", json_string(file)) != 0;
	if (r)
		bad |= json_object_set_new(line, "r", r) != 0;
	if (!bad)
		text = json_dumps(line, VOX_JSON_LINE);
	json_decref(line);
	if (!text)
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: a record that "
				     "cannot be written as JSON (not UTF-8?)",
				     ref && ref->file ? ref->file : "?",
				     (unsigned long long)(ref ? ref->line : 0));
	rc = vox_spill_add(pp->spill, i, text, strlen(text), err);
	free(text);
	return rc;
}

/* The subjects a call leg is, confirmed; each gets it with its direction. */
static int route_call(struct pipe *pp, struct stream *s,
		      const struct vox_call *read, struct vox_error *err)
{
	struct vox_record rec = { .kind = VOX_CALL };
	struct vox_call_leg leg = read->legs[0];
	enum vox_direction dir;
	const size_t *c;
	size_t n, k;

	if (s->r) {
		if (s->per_subject)
			dir = leg.direction;
		else if (!vox_identity_match_leg(s->r->id, &leg, &dir))
			return VOX_OK;
		rec.u.call = *read;
		leg.direction = rec.u.call.direction = dir;
		rec.u.call.legs = &leg;
		return pipe_take(s->r, s->st, s->g, 0, &rec, err);
	}
	if (!(c = vox_match_index_leg(pp->ix, &leg, &n)))
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	for (k = 0; k < n; k++) {
		if (!vox_identity_match_leg(pp->m[c[k]].id, &leg, &dir))
			continue;
		rec.u.call = *read;
		leg.direction = rec.u.call.direction = dir;
		rec.u.call.legs = &leg;
		if (spill_record(pp, c[k], s->entry, &rec, err) != VOX_OK)
			return VOX_ERR;
	}
	return VOX_OK;
}

/*
 * A message is the subject's when they sent it (outbound) or are among
 * its recipients (inbound), both: internal.
 */
static int message_dir(const struct vox_identity *id,
		       const struct vox_message *m, enum vox_direction *dir)
{
	int from = vox_identity_match_party(id, &m->from), to = 0;
	size_t i;

	for (i = 0; i < m->nto && !to; i++)
		to = vox_identity_match_party(id, &m->to[i]);
	if (!from && !to)
		return 0;
	*dir = from && to ? VOX_DIR_INTERNAL :
		from ? VOX_DIR_OUTBOUND : VOX_DIR_INBOUND;
	return 1;
}

static int add_candidates(struct pipe *pp, const struct vox_party *p,
			  size_t **v, size_t *n, size_t *cap)
{
	size_t k, got;
	const size_t *c = vox_match_index_party(pp->ix, p, &got);

	if (!c)
		return -1;
	for (k = 0; k < got; k++) {
		if (*n == *cap) {
			size_t nc = *cap ? 2 * *cap : 16;
			size_t *nv = realloc(*v, nc * sizeof(*nv));

			if (!nv)
				return -1;
			*v = nv;
			*cap = nc;
		}
		(*v)[(*n)++] = c[k];
	}
	return 0;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static int route_message(struct pipe *pp, struct stream *s,
			 const struct vox_message *read,
			 struct vox_error *err)
{
	struct vox_record rec = { .kind = VOX_MESSAGE };
	enum vox_direction dir;
	size_t *c = NULL, n = 0, cap = 0, k, j;
	int rc = VOX_OK;

	rec.u.message = *read;
	if (s->r) {
		if (!s->per_subject) {
			if (!message_dir(s->r->id, read, &dir))
				return VOX_OK;
			rec.u.message.direction = dir;
		}
		return pipe_take(s->r, s->st, NULL, 0, &rec, err);
	}
	/* The candidates of the sender and of every recipient, once each. */
	if (add_candidates(pp, &read->from, &c, &n, &cap) != 0)
		rc = VOX_ERR;
	for (j = 0; rc == VOX_OK && j < read->nto; j++)
		if (add_candidates(pp, &read->to[j], &c, &n, &cap) != 0)
			rc = VOX_ERR;
	if (rc != VOX_OK) {
		free(c);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	if (n > 1)
		qsort(c, n, sizeof(*c), cmp_size);
	for (k = 0; rc == VOX_OK && k < n; k++) {
		if (k && c[k] == c[k - 1])
			continue;
		if (!message_dir(pp->m[c[k]].id, read, &dir))
			continue;
		rec.u.message.direction = dir;
		rc = spill_record(pp, c[k], s->entry, &rec, err);
	}
	free(c);
	return rc;
}

static int route(struct pipe *pp, struct stream *s,
		 const struct vox_record *rec, struct vox_error *err)
{
	unsigned want = vox_category_kind(s->spec->category);

	/* sms.xml named as a calls source: say so, do not drop it. */
	if (rec->kind != want)
		return vox_error_set(err, VOX_E_CONFIG, "%s: holds %ss, not "
				     "the %s of its category in "
				     "provider.json (%s)", s->rd.name,
				     vox_kind_name(rec->kind),
				     vox_category_name(s->spec->category),
				     s->spec->pointer);
	switch (rec->kind) {
	case VOX_CALL:
		if (rec->u.call.nlegs != 1)
			return vox_error_set(err, VOX_E_DATA, "%s: a call of "
					     "%zu legs from a reader",
					     s->rd.name, rec->u.call.nlegs);
		return route_call(pp, s, &rec->u.call, err);
	case VOX_MESSAGE:
		return route_message(pp, s, &rec->u.message, err);
	case VOX_CONTACT:
	case VOX_RECORDING:
		/* Not routed by identifiers: see pipeline.c's DESIGN. */
		if (s->r)
			return pipe_take(s->r, s->st, NULL, s->per_subject, rec,
				    err);
		return spill_record(pp, pp->n, s->entry, rec, err);
	default:
		return vox_error_set(err, VOX_E_CONFIG, "%s: a %s in a "
				     "source", s->rd.name,
				     vox_kind_name(rec->kind));
	}
}

static int read_stream(struct pipe *pp, struct stream *s, const char *path,
		       struct vox_error *err)
{
	const struct vox_source_spec *spec = s->spec;
	const struct vox_record *rec;
	FILE *spool = NULL;
	int rc;

	/* MMS parts' bytes go to the archive's spool, not into memory */
	if (s->r && pp->o->with_attachments &&
	    spec->category == VOX_CAT_MESSAGES &&
	    !(spool = vox_archive_spool(s->r->w, err)))
		return VOX_ERR;
	if (pipe_open_reader(pp, &s->rd, spec, path, spool, s->r, err) != VOX_OK)
		return VOX_ERR;
	if (pp->needles && !s->per_subject &&
	    vox_reader_set_needles(&s->rd, pp->needles, err) != VOX_OK) {
		vox_reader_close(&s->rd);
		return VOX_ERR;
	}
	if (s->rd.dz)
		s->st->compression = vox_decompress_kind(s->rd.dz);
	/* usegmtime=yes: the manifest says the zone the times were read in */
	if (spec->source->time_zone && spec->source->time_zone(s->rd.state))
		s->st->time_zone = spec->source->time_zone(s->rd.state);
	while ((rc = vox_reader_next(&s->rd, &rec, err)) != VOX_EOF) {
		if (rc == VOX_ERR) {
			if (pipe_data_error(pp, &s->rd, err) == VOX_OK)
				continue;
			break;
		}
		pipe_count_row(pp, &s->rd);
		if (route(pp, s, rec, err) != VOX_OK) {
			rc = VOX_ERR;
			break;
		}
	}
	pipe_count_file(pp, &s->rd);
	s->st->read += s->rd.read;
	s->st->rejected += s->rd.rejected;
	vox_reader_close(&s->rd);
	return rc == VOX_EOF ? VOX_OK : VOX_ERR;
}

/* Spill mode: a new manifest entry of a shared source, as st says now. */
static int entry_new(struct pipe *pp, struct stream *s, size_t spec,
		     struct vox_error *err)
{
	if (s->r)
		return VOX_OK;
	if (pp->nentries == pp->capentries) {
		size_t cap = pp->capentries ? 2 * pp->capentries : 16;
		struct entry *e = realloc(pp->entries, cap * sizeof(*e));

		if (!e)
			return vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
		pp->entries = e;
		pp->capentries = cap;
	}
	s->entry = pp->nentries++;
	memset(&pp->entries[s->entry], 0, sizeof(pp->entries[s->entry]));
	pp->entries[s->entry].spec = spec;
	return VOX_OK;
}

/* Spill mode: the entry's counts and names, kept for the finish. */
static int entry_end(struct pipe *pp, struct stream *s,
		     struct vox_error *err)
{
	struct entry *e = &pp->entries[s->entry];

	e->st = *s->st;
	if (s->st->name && !(e->name = strdup(s->st->name)))
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	e->st.name = e->name;
	return VOX_OK;
}

/* The end of a manifest entry, for a run or for the spill. */
static int end_entry(struct pipe *pp, struct stream *s, int pattern,
		     struct vox_error *err)
{
	return s->r ? pipe_entry_done(s->r, s->st, pattern, err) :
		entry_end(pp, s, err);
}

/* A source whose path is a folder: each file of its format in the tree. */
static int read_folder(struct pipe *pp, struct stream *s, const char *dir,
		       struct vox_error *err)
{
	const struct vox_source *src = s->spec->source;
	struct vox_folder f;
	size_t i;
	int rc = VOX_OK;

	if (!src->files)
		return vox_error_set(err, VOX_E_CONFIG, "%s: is a folder, and "
				     "%s reads files", vox_path_base(dir),
				     src->name);
	if (vox_folder_list(&f, dir, src->files, err) != VOX_OK)
		return VOX_ERR;
	/*
	 * One file per call leg (FreeSWITCH CDRs): the legs of a call are in
	 * several files, read in the order of their names, not of time.
	 */
	if (s->g)
		vox_call_group_unordered(s->g);
	if (!s->r)
		pp->entries[s->entry].folder = 1;
	for (i = 0; i < f.n && rc == VOX_OK; i++)
		rc = read_stream(pp, s, f.paths[i], err);
	vox_folder_release(&f);
	return rc;
}

/*
 * A source whose path is a pattern: each file it matches, oldest rotation
 * first (src/rotation.h), read as one stream (a call whose legs straddle
 * a rotation stays one call), each with its own entry in sources[].
 */
static int read_pattern(struct pipe *pp, struct stream *s, size_t spec,
			const char *path, size_t rel, struct vox_error *err)
{
	const struct vox_source_stats proto = *s->st;
	const char *meta = strpbrk(path + rel, "*?[");
	size_t fixed = 0, i, n = 0;
	struct vox_matches m;
	char *pattern;
	int rc = VOX_OK;

	/* Entries are named from the first folder the pattern can vary. */
	for (i = 0; path + i < meta; i++)
		if (path[i] == '/')
			fixed = i + 1;
	/* The provider's folder is a name, whatever characters it holds. */
	pattern = malloc(2 * rel + strlen(path + rel) + 1);
	if (!pattern)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	for (i = 0; i < rel; i++) {
		if (strchr("*?[\\", path[i]))
			pattern[n++] = '\\';
		pattern[n++] = path[i];
	}
	memcpy(pattern + n, path + rel, strlen(path + rel) + 1);
	rc = vox_matches_list(&m, pattern, err);
	free(pattern);
	if (rc != VOX_OK)
		return VOX_ERR;
	if (m.n == 0) {
		vox_matches_release(&m);
		return vox_error_set(err, VOX_E_NOTFOUND, "%s: no file matches "
				     "this pattern", path + rel);
	}
	for (i = 0; i < m.n && rc == VOX_OK; i++) {
		const char *p = m.paths[i];

		*s->st = proto;
		s->st->pattern = s->spec->path;
		s->st->name = strncmp(p, path, fixed) == 0 ? p + fixed :
			vox_path_base(p);
		rc = entry_new(pp, s, spec, err);
		if (rc == VOX_OK)
			rc = read_stream(pp, s, p, err);
		if (rc == VOX_OK)
			rc = end_entry(pp, s, 1, err);
	}
	vox_matches_release(&m);
	return rc;
}

/*
 * Read source spec (its index in provider->sources) for run r, or route
 * it to the spill when r is NULL (a shared source, many subjects).
 */
int pipe_read_source(struct pipe *pp, struct run *r, size_t spec_i,
		       struct vox_error *err)
{
	const struct vox_source_spec *spec = &pp->p->sources[spec_i];
	struct vox_source_stats st;
	struct stream s;
	struct stat sb;
	int found, missing, rc = VOX_OK;
	int db = spec->source->database;
	int pattern = !db && vox_path_is_pattern(spec->path);
	char *path;

	/* A table, not a file: no path; the provider.json names it. */
	s.per_subject = 0;
	path = db ? strdup(pp->p->file) :
		vox_provider_path(pp->p, spec, r ? pp->set[r->i].id : NULL,
				  &s.per_subject, err);
	if (!path) {
		if (db)
			vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return VOX_ERR;
	}
	memset(&st, 0, sizeof(st));
	st.format = spec->source->name;
	st.category = spec->category;
	st.time_zone = spec->time_zone;
	st.name = db ? spec->source->name : vox_path_base(path);
	st.present = 1;
	s.spec = spec;
	s.st = &st;
	s.r = r;
	s.g = NULL;
	s.entry = NONE;
	if (r && spec->category == VOX_CAT_CALLS &&
	    !(s.g = vox_call_group_new())) {
		free(path);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	if (pattern) {
		/* The part written in provider.json, the subject's id in it. */
		size_t rel = spec->path[0] == '/' ? 0 :
			strlen(pp->p->dir) + 1;

		rc = read_pattern(pp, &s, spec_i, path, rel, err);
	} else if (db) {
		rc = entry_new(pp, &s, spec_i, err);
		if (rc == VOX_OK)
			rc = read_stream(pp, &s, path, err);
		if (rc == VOX_OK)
			rc = end_entry(pp, &s, 0, err);
	} else {
		found = stat(path, &sb) == 0;
		missing = !found && errno == ENOENT;
		rc = entry_new(pp, &s, spec_i, err);
		if (rc != VOX_OK)
			;
		else if (missing && s.per_subject)
			st.present = 0;	/* no address book, no backup: fine */
		else if (found && S_ISDIR(sb.st_mode))
			rc = read_folder(pp, &s, path, err);
		else
			rc = read_stream(pp, &s, path, err);
		if (rc == VOX_OK)
			rc = end_entry(pp, &s, 0, err);
	}
	if (rc == VOX_OK && r)
		rc = pipe_spec_done(r, s.g, &st, pattern, err);
	vox_call_group_free(s.g);
	free(path);
	return rc;
}

/* Route every shared source once, into the spill. */
int pipe_route_all(struct pipe *pp, struct vox_error *err)
{
	size_t i;
	int fd;

	pp->ix = vox_match_index_new(pp->n);
	if (!pp->ix)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	for (i = 0; i < pp->n; i++)
		if (pp->set[i].state == VOX_BULK_TODO && pp->m[i].id &&
		    !pp->m[i].dup_line &&
		    vox_match_index_add(pp->ix, i, pp->m[i].id) != 0)
			return vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
	if (!(pp->tmp = vox_tmpdir_new(pp->outdir, vox_archive_temp_name, err)))
		return VOX_ERR;
	if ((fd = vox_tmpdir_create(pp->tmp, "spill", err)) < 0)
		return VOX_ERR;
	pp->spill = vox_spill_new(pp->n + 1, fd, SPILL_BUDGET, err);
	if (!pp->spill) {
		close(fd);
		return VOX_ERR;
	}
	for (i = 0; i < pp->p->nsources; i++) {
		const struct vox_source_spec *s = &pp->p->sources[i];

		if (!pipe_wanted(pp->cats, s) || !pipe_routed(s))
			continue;
		if (pipe_read_source(pp, NULL, i, err) != VOX_OK) {
			vox_error_prefix(err, "%s", s->source->name);
			return VOX_ERR;
		}
	}
	return VOX_OK;
}
