/*
 * export_run.c: one subject's export, from provider.json to the archive.
 *
 *   subscribers ─ find the subject ─┐
 *   contacts  (per-subject files) ──┼─> archive writer
 *   calls (shared CDR files) ─ match subject, date range ─ group legs ─┘
 *
 * Every source's counts go to the manifest: read = exported + filtered +
 * rejected, where filtered records were another subscriber's or outside
 * --since/--until, and rejected ones were malformed and skipped with
 * --on-error=skip (or, in the subscriber list, another subscriber's row,
 * which never stops an export).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "call_group.h"
#include "call_index.h"
#include "category.h"
#include "export.h"
#include "folder.h"
#include "match.h"
#include "path.h"
#include "rotation.h"
#include "phone.h"
#include "provider.h"
#include "reader.h"
#include "record.h"
#include "third_party.h"

struct run {
	const struct vox_export_opts *o;
	const struct vox_provider *p;
	struct vox_archive_writer *w;
	struct vox_identity *id;
	struct vox_call_index *calls;	/* written calls, for recordings */
	const struct vox_subject *subject;	/* for database sources */
	struct vox_third_party *tp;	/* NULL: others' data kept */
	struct vox_export_result *res;
	unsigned cats;
};

static const struct vox_tz *spec_tz(const struct run *r,
				    const struct vox_source_spec *s)
{
	return s->tz ? s->tz : r->p->tz;
}

/*
 * A malformed record: fail, or with --on-error=skip count it, warn and go
 * on.  Returns VOX_OK to go on.
 */
static int data_error(struct run *r, struct vox_reader *rd,
		      struct vox_error *err)
{
	if (err->code != VOX_E_DATA || r->o->on_error != VOX_ON_ERROR_SKIP)
		return VOX_ERR;
	vox_reader_skip(rd);
	r->res->rejected++;
	if (r->o->warn)
		r->o->warn(r->o->warn_ctx, err);
	vox_error_clear(err);
	return VOX_OK;
}

/* The subscriber list: a file, or a database asked for the subject's row. */
static int open_list(struct run *r, struct vox_reader *rd, const char *path,
		     struct vox_error *err)
{
	const struct vox_source_spec *s = &r->p->subscribers;

	if (s->source->database)
		return vox_reader_open_db(rd, s->source, r->p->file,
					  r->o->subject_id, NULL,
					  spec_tz(r, s),
					  vox_provider_plan(r->p), s->options,
					  err);
	return vox_reader_open(rd, s->source, NULL, path, spec_tz(r, s),
			       vox_provider_plan(r->p), s->options, NULL, err);
}

/*
 * Read the subscriber list once to find the subject and duplicates, and
 * count its rows in st.
 */
static int find_subject_line(struct run *r, const char *path,
			     uint64_t *line, struct vox_source_stats *st,
			     struct vox_error *err)
{
	struct vox_reader rd;
	const struct vox_record *rec;
	char first_bad[VOX_ERROR_MAX] = "";
	int rc;

	*line = 0;
	if (open_list(r, &rd, path, err) != VOX_OK)
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
			if (!first_bad[0])
				memcpy(first_bad, err->msg, sizeof(first_bad));
			if (r->o->on_error == VOX_ON_ERROR_SKIP && r->o->warn)
				r->o->warn(r->o->warn_ctx, err);
			vox_error_clear(err);
			continue;
		}
		if (strcmp(rec->u.subject.id, r->o->subject_id) != 0)
			continue;
		if (*line) {
			rc = vox_error_set(err, VOX_E_DATA,
					   "%s:%llu: subscriber %s appears "
					   "again (first at line %llu)",
					   rd.name,
					   (unsigned long long)rec->u.subject
						   .source.line,
					   r->o->subject_id,
					   (unsigned long long)*line);
			break;
		}
		*line = rec->u.subject.source.line;
	}
	/* The subject's own row may be one of the malformed ones. */
	if (rc == VOX_EOF && !*line && first_bad[0])
		rc = vox_error_set(err, VOX_E_NOTFOUND,
				   "subscriber %s is not in %s, or on a "
				   "malformed row (%llu skipped; the first: "
				   "%.600s)", r->o->subject_id, rd.name,
				   (unsigned long long)rd.rejected, first_bad);
	else if (rc == VOX_EOF && !*line)
		rc = vox_error_set(err, VOX_E_NOTFOUND,
				   "subscriber %s is not in %s",
				   r->o->subject_id, rd.name);
	st->read = rd.read;
	st->rejected = rd.rejected;
	st->exported = 1;
	st->filtered = *line ? rd.read - rd.rejected - 1 : 0;
	vox_reader_close(&rd);
	return rc == VOX_EOF ? VOX_OK : VOX_ERR;
}

/*
 * Open the subscriber list at the subject's row and leave it there: the
 * record stays valid while the reader is open and not advanced.
 */
static int open_subject(struct run *r, struct vox_reader *rd,
			const struct vox_subject **subject,
			struct vox_source_stats *st, struct vox_error *err)
{
	const struct vox_source_spec *s = &r->p->subscribers;
	const struct vox_record *rec;
	uint64_t line;
	int per_subject, rc;
	char *path = s->source->database ? strdup(r->p->file) :
		vox_provider_path(r->p, s, r->o->subject_id, &per_subject,
				  err);

	if (!path) {
		if (s->source->database)
			vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return VOX_ERR;
	}
	/* Read twice, and one subscriber each row: never a set of files. */
	if (!s->source->database && vox_path_is_pattern(s->path)) {
		free(path);
		return vox_error_set(err, VOX_E_CONFIG, "%s: the subscriber "
				     "list is one file, not a pattern",
				     s->path);
	}
	rc = find_subject_line(r, path, &line, st, err);
	if (rc == VOX_OK)
		rc = open_list(r, rd, path, err);
	free(path);
	if (rc != VOX_OK)
		return VOX_ERR;
	r->res->rejected += st->rejected;
	/* The first pass counted the rows; this one only finds the subject. */
	while ((rc = vox_reader_next(rd, &rec, err)) != VOX_EOF) {
		if (rc == VOX_ERR) {
			if (err->code == VOX_E_DATA)
				continue;
			return VOX_ERR;
		}
		if (rec->u.subject.source.line == line) {
			*subject = &rec->u.subject;
			st->format = s->source->name;
			st->name = rd->name;
			st->category = VOX_CAT_SUBJECT;
			st->present = 1;
			return VOX_OK;
		}
	}
	return vox_error_set(err, VOX_E_IO, "%s changed while it was read",
			     rd->name);
}

static int in_range(const struct vox_export_opts *o, int64_t t)
{
	if (t == VOX_TIME_NONE)
		return o->since == VOX_TIME_NONE && o->until == VOX_TIME_NONE;
	return (o->since == VOX_TIME_NONE || t >= o->since) &&
		(o->until == VOX_TIME_NONE || t < o->until);
}

/* One input file of a source: a shared file, a per-subject file, or one
 * file of a source folder. */
struct stream {
	struct vox_reader rd;
	const struct vox_source_spec *spec;
	struct vox_source_stats *st;
	int per_subject;	/* every record in it is the subject's */
	struct vox_call_group *g;	/* calls */
};

/* The writer's add functions, after the third-party rule. */
static int add_call(struct run *r, const struct vox_call *c,
		    struct vox_error *err)
{
	struct vox_record in = { .kind = VOX_CALL };
	const struct vox_record *out;

	in.u.call = *c;
	if (vox_third_party_apply(r->tp, &in, &out, err) != VOX_OK)
		return VOX_ERR;
	return vox_archive_add_call(r->w, &out->u.call, err);
}

static int add_message(struct run *r, const struct vox_message *m,
		       struct vox_error *err)
{
	struct vox_record in = { .kind = VOX_MESSAGE };
	const struct vox_record *out;

	in.u.message = *m;
	if (vox_third_party_apply(r->tp, &in, &out, err) != VOX_OK)
		return VOX_ERR;
	return vox_archive_add_message(r->w, &out->u.message, err);
}

static int add_recording(struct run *r, const struct vox_recording *rec,
			 struct vox_error *err)
{
	struct vox_record in = { .kind = VOX_RECORDING };
	const struct vox_record *out;

	in.u.recording = *rec;
	if (vox_third_party_apply(r->tp, &in, &out, err) != VOX_OK)
		return VOX_ERR;
	return vox_archive_add_recording(r->w, &out->u.recording, rec->file,
					 err);
}

static int drain(struct run *r, struct vox_call_group *g, int at_end,
		 struct vox_error *err)
{
	const struct vox_call *c;

	while (vox_call_group_next(g, at_end, &c) == VOX_OK) {
		if (vox_call_index_add(r->calls, c) != VOX_OK)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		if (!(r->cats & VOX_CAT_CALLS))
			continue;	/* read only to link recordings */
		if (add_call(r, c, err) != VOX_OK)
			return VOX_ERR;
		r->res->records[2]++;
	}
	return VOX_OK;
}

/*
 * A call leg.  In a shared CDR file the side that matched the subject
 * gives the direction; a per-subject file (a phone's call log) is all the
 * subject's, and its reader knows the direction.
 */
static int take_call(struct run *r, struct stream *s,
		     const struct vox_call *read, struct vox_error *err)
{
	struct vox_call call = *read;
	struct vox_call_leg leg;
	enum vox_direction dir;

	if (call.nlegs != 1)
		return vox_error_set(err, VOX_E_DATA, "%s: a call of %zu legs "
				     "from a reader", s->rd.name, call.nlegs);
	leg = call.legs[0];
	if (s->per_subject)
		dir = leg.direction;
	else if (!vox_identity_match_leg(r->id, &leg, &dir))
		goto filtered;
	if (!in_range(r->o, leg.start))
		goto filtered;
	leg.direction = call.direction = dir;
	call.legs = &leg;
	if (vox_call_group_add(s->g, &call, err) != VOX_OK ||
	    drain(r, s->g, 0, err) != VOX_OK)
		return VOX_ERR;
	s->st->exported++;
	return VOX_OK;
filtered:
	s->st->filtered++;
	return VOX_OK;
}

static int take_contact(struct run *r, struct stream *s,
			const struct vox_contact *c, struct vox_error *err)
{
	if (vox_archive_add_contact(r->w, c, err) != VOX_OK)
		return VOX_ERR;
	s->st->exported++;
	r->res->records[1]++;
	return VOX_OK;
}

/*
 * A message.  In a shared file it is the subject's when they sent it
 * (outbound) or are among its recipients (inbound), both: internal.
 */
static int take_message(struct run *r, struct stream *s,
			const struct vox_message *read, struct vox_error *err)
{
	struct vox_message m = *read;

	if (!s->per_subject) {
		int from = vox_identity_match_party(r->id, &m.from), to = 0;
		size_t i;

		for (i = 0; i < m.nto && !to; i++)
			to = vox_identity_match_party(r->id, &m.to[i]);
		if (!from && !to)
			goto filtered;
		m.direction = from && to ? VOX_DIR_INTERNAL :
			from ? VOX_DIR_OUTBOUND : VOX_DIR_INBOUND;
	}
	if (!in_range(r->o, m.date))
		goto filtered;
	if (add_message(r, &m, err) != VOX_OK)
		return VOX_ERR;
	s->st->exported++;
	r->res->records[3]++;
	return VOX_OK;
filtered:
	s->st->filtered++;
	return VOX_OK;
}

/*
 * A recording.  It is linked to a written call by the unique id its file
 * name carries, else by time and the numbers in its name; it is the
 * subject's when linked, when its name carries one of their numbers, when
 * it is a voicemail in their mailbox, or when it comes from a per-subject
 * folder (then kept unlinked if no call is found, never dropped).
 */
static int take_recording(struct run *r, struct stream *s,
			  const struct vox_recording *read,
			  struct vox_error *err)
{
	struct vox_recording rec = *read;
	struct vox_call_ref call;
	const char *name_numbers[2], *others[4];
	char norm[2][64];
	size_t i, n = 0;
	int linked, mine = s->per_subject;

	/*
	 * The numbers a FreePBX name carries: the subject's say it is theirs;
	 * the other party's, with the name's time, find the call (the
	 * subject's own number is on every one of their calls).
	 */
	name_numbers[0] = vox_extra_get(&rec.extra, "from");
	name_numbers[1] = vox_extra_get(&rec.extra, "dest");
	for (i = 0; i < 2; i++) {
		struct vox_party party;

		if (!name_numbers[i] || !*name_numbers[i])
			continue;
		vox_phone_normalise(vox_provider_plan(r->p), name_numbers[i],
				    strlen(name_numbers[i]), norm[i],
				    sizeof(norm[i]));
		memset(&party, 0, sizeof(party));
		party.number = norm[i][0] ? norm[i] : name_numbers[i];
		party.raw = name_numbers[i];
		if (vox_identity_match_party(r->id, &party)) {
			mine = 1;
			continue;
		}
		others[n++] = name_numbers[i];
		if (norm[i][0] && strcmp(norm[i], name_numbers[i]) != 0)
			others[n++] = norm[i];
	}
	/* A voicemail is the subject's when it is in their mailbox. */
	if (rec.kind == VOX_REC_VOICEMAIL && !mine) {
		struct vox_party box;

		memset(&box, 0, sizeof(box));
		box.raw = vox_extra_get(&rec.extra, "origmailbox");
		mine = box.raw && vox_identity_match_party(r->id, &box);
	}
	linked = vox_call_index_find_id(r->calls, rec.call_id, &call) ||
		vox_call_index_find_near(r->calls, rec.start, others, n,
					 &call);
	if (!linked && !mine)
		goto filtered;
	rec.call_id = linked ? call.id : NULL;
	if (rec.start == VOX_TIME_NONE && linked)
		rec.start = call.start;
	if (!in_range(r->o, rec.start))
		goto filtered;
	if (add_recording(r, &rec, err) != VOX_OK)
		return VOX_ERR;
	s->st->exported++;
	r->res->records[4]++;
	return VOX_OK;
filtered:
	s->st->filtered++;
	return VOX_OK;
}

static int take(struct run *r, struct stream *s, const struct vox_record *rec,
		struct vox_error *err)
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
		return take_call(r, s, &rec->u.call, err);
	case VOX_CONTACT:
		return take_contact(r, s, &rec->u.contact, err);
	case VOX_MESSAGE:
		return take_message(r, s, &rec->u.message, err);
	case VOX_RECORDING:
		return take_recording(r, s, &rec->u.recording, err);
	default:
		return vox_error_set(err, VOX_E_CONFIG, "%s: a %s in a "
				     "source", s->rd.name,
				     vox_kind_name(rec->kind));
	}
}

static int run_stream(struct run *r, struct stream *s, const char *path,
		      struct vox_error *err)
{
	const struct vox_source_spec *spec = s->spec;
	const struct vox_record *rec;
	FILE *spool = NULL;
	int rc, own_group;

	/* MMS parts' bytes go to the archive's spool, not into memory */
	if (r->o->with_attachments && spec->category == VOX_CAT_MESSAGES &&
	    !(spool = vox_archive_spool(r->w, err)))
		return VOX_ERR;
	if (spec->source->database)
		rc = vox_reader_open_db(&s->rd, spec->source, r->p->file,
					r->o->subject_id, r->subject,
					spec_tz(r, spec),
					vox_provider_plan(r->p),
					spec->options, err);
	else
		rc = vox_reader_open(&s->rd, spec->source, NULL, path,
				     spec_tz(r, spec), vox_provider_plan(r->p),
				     spec->options, spool, err);
	if (rc != VOX_OK)
		return VOX_ERR;
	if (s->rd.dz)
		s->st->compression = vox_decompress_kind(s->rd.dz);
	/* usegmtime=yes: the manifest says the zone the times were read in */
	if (spec->source->time_zone && spec->source->time_zone(s->rd.state))
		s->st->time_zone = spec->source->time_zone(s->rd.state);
	/* The files of a pattern share their caller's grouper. */
	own_group = spec->category == VOX_CAT_CALLS && !s->g;
	if (own_group && !(s->g = vox_call_group_new())) {
		vox_reader_close(&s->rd);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	while ((rc = vox_reader_next(&s->rd, &rec, err)) != VOX_EOF) {
		if (rc == VOX_ERR) {
			if (data_error(r, &s->rd, err) == VOX_OK)
				continue;
			break;
		}
		if (take(r, s, rec, err) != VOX_OK) {
			rc = VOX_ERR;
			break;
		}
	}
	if (rc == VOX_EOF && own_group)
		rc = drain(r, s->g, 1, err) == VOX_OK ? VOX_EOF : VOX_ERR;
	s->st->read += s->rd.read;
	s->st->rejected += s->rd.rejected;
	if (own_group) {
		vox_call_group_free(s->g);
		s->g = NULL;
	}
	vox_reader_close(&s->rd);
	return rc == VOX_EOF ? VOX_OK : VOX_ERR;
}

/* A source whose path is a folder: each file of its format in the tree. */
static int run_folder(struct run *r, struct stream *s, const char *dir,
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
	if (s->spec->category == VOX_CAT_CALLS) {
		if (!(s->g = vox_call_group_new())) {
			vox_folder_release(&f);
			return vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
		}
		vox_call_group_unordered(s->g);
	}
	for (i = 0; i < f.n && rc == VOX_OK; i++)
		rc = run_stream(r, s, f.paths[i], err);
	if (rc == VOX_OK && s->g)
		rc = drain(r, s->g, 1, err);
	vox_call_group_free(s->g);
	s->g = NULL;
	vox_folder_release(&f);
	return rc;
}

/*
 * A source whose path is a pattern: each file it matches, oldest rotation
 * first (src/rotation.h), read as one stream (a call whose legs straddle
 * a rotation stays one call), each with its own entry in sources[].
 */
static int run_pattern(struct run *r, struct stream *s, const char *path,
		       size_t rel, struct vox_error *err)
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
	if (s->spec->category == VOX_CAT_CALLS &&
	    !(s->g = vox_call_group_new())) {
		vox_matches_release(&m);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	for (i = 0; i < m.n && rc == VOX_OK; i++) {
		const char *p = m.paths[i];

		*s->st = proto;
		s->st->pattern = s->spec->path;
		s->st->name = strncmp(p, path, fixed) == 0 ? p + fixed :
			vox_path_base(p);
		rc = run_stream(r, s, p, err);
		if (rc == VOX_OK && (r->cats & s->spec->category))
			rc = vox_archive_add_source(r->w, s->st, err);
	}
	if (rc == VOX_OK && s->g)
		rc = drain(r, s->g, 1, err);
	vox_call_group_free(s->g);
	s->g = NULL;
	vox_matches_release(&m);
	return rc;
}

static int run_source(struct run *r, const struct vox_source_spec *spec,
		      struct vox_error *err)
{
	struct vox_source_stats st;
	struct stream s;
	struct stat sb;
	int found, rc = VOX_OK;
	char *path;

	s.per_subject = 0;
	path = spec->source->database ? strdup(r->p->file) :
		vox_provider_path(r->p, spec, r->o->subject_id,
				  &s.per_subject, err);
	if (!path) {
		if (spec->source->database)
			vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return VOX_ERR;
	}
	memset(&st, 0, sizeof(st));
	st.format = spec->source->name;
	st.category = spec->category;
	st.time_zone = spec->time_zone;
	st.name = vox_path_base(path);
	st.present = 1;
	s.spec = spec;
	s.st = &st;
	s.g = NULL;
	if (spec->source->database) {
		/* A table, not a file: its rows are the subject's (start()). */
		st.name = spec->source->name;
		rc = run_stream(r, &s, path, err);
		if (rc == VOX_OK && (r->cats & spec->category))
			rc = vox_archive_add_source(r->w, &st, err);
		free(path);
		return rc;
	}
	if (vox_path_is_pattern(spec->path)) {
		/* The part written in provider.json, the subject's id in it. */
		size_t rel = spec->path[0] == '/' ? 0 : strlen(r->p->dir) + 1;

		rc = run_pattern(r, &s, path, rel, err);
		free(path);
		return rc;
	}
	found = stat(path, &sb) == 0;
	if (!found && errno == ENOENT && s.per_subject)
		st.present = 0;	/* no address book, no phone backup: fine */
	else if (found && S_ISDIR(sb.st_mode))
		rc = run_folder(r, &s, path, err);
	else
		rc = run_stream(r, &s, path, err);
	/* Calls read only to link recordings are not a source of the archive. */
	if (rc == VOX_OK && (r->cats & spec->category))
		rc = vox_archive_add_source(r->w, &st, err);
	free(path);
	return rc;
}

int vox_export_run(const struct vox_export_opts *o,
		   struct vox_export_result *res, struct vox_error *err)
{
	struct run r = { o, o->provider, NULL, NULL, NULL, NULL, NULL, res,
			 0 };
	struct vox_archive_meta meta;
	struct vox_reader subj_rd = { 0 };
	const struct vox_subject *subject = NULL;
	struct vox_source_stats subj_st;
	size_t i;
	int rc = VOX_ERR;

	memset(res, 0, sizeof(*res));
	memset(&subj_st, 0, sizeof(subj_st));
	r.cats = o->categories ? o->categories : r.p->categories;
	if (r.cats & ~r.p->categories) {
		unsigned missing = r.cats & ~r.p->categories, bit = 1;

		while (!(missing & bit))
			bit <<= 1;
		return vox_error_set(err, VOX_E_USAGE, "%s: no %s sources in "
				     "provider.json", vox_category_name(bit),
				     vox_category_name(bit));
	}
	if (!vox_subject_id_valid(o->subject_id))
		return vox_error_set(err, VOX_E_USAGE, "not a valid subscriber "
				     "id: \"%s\"", o->subject_id);
	if (open_subject(&r, &subj_rd, &subject, &subj_st, err) != VOX_OK)
		goto out;
	r.subject = subject;
	r.id = vox_identity_new(subject, vox_provider_plan(r.p));
	if (r.id && o->third_party != VOX_TP_KEEP) {
		r.tp = vox_third_party_new(o->third_party, o->third_party_key,
					   o->third_party_keylen, r.id, err);
		if (!r.tp)
			goto out;
	}
	r.calls = vox_call_index_new();
	if (!r.id || !r.calls) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto out;
	}

	memset(&meta, 0, sizeof(meta));
	meta.created = o->created;
	meta.subject_id = o->subject_id;
	meta.request_type = o->request_type ? o->request_type : "access";
	meta.request_reference = o->request_reference;
	meta.categories = r.cats;
	meta.since = o->since;
	meta.until = o->until;
	meta.controller = r.p->controller;
	meta.processing = r.p->processing;
	meta.with_audio = o->with_audio;
	meta.with_attachments = o->with_attachments;
	meta.passphrase = o->passphrase;
	meta.third_party = vox_third_party_manifest_name(o->third_party);
	meta.tz = r.p->tz;
	r.w = vox_archive_new(o->output, &meta,
			      o->replace ? VOX_ARCHIVE_REPLACE : 0, err);
	if (!r.w)
		goto out;
	if (r.cats & VOX_CAT_SUBJECT) {
		if (vox_archive_add_subject(r.w, subject, err) != VOX_OK)
			goto out;
		res->records[0] = 1;
	}
	if (vox_archive_add_source(r.w, &subj_st, err) != VOX_OK)
		goto out;
	for (i = 0; i < r.p->nsources; i++) {
		const struct vox_source_spec *s = &r.p->sources[i];

		/*
		 * Recordings are found through the calls: with recordings in
		 * scope and calls not, the calls are read but not written.
		 */
		if (!(r.cats & s->category) &&
		    !(s->category == VOX_CAT_CALLS &&
		      (r.cats & VOX_CAT_RECORDINGS)))
			continue;
		if (run_source(&r, s, err) != VOX_OK) {
			vox_error_prefix(err, "%s", s->source->name);
			goto out;
		}
	}
	rc = vox_archive_finish(r.w, err);
out:
	vox_archive_free(r.w);
	vox_third_party_free(r.tp);
	vox_identity_free(r.id);
	vox_call_index_free(r.calls);
	vox_reader_close(&subj_rd);
	return rc;
}
