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
 * Readers are opened in one place, open_reader().
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "call_group.h"
#include "call_index.h"
#include "category.h"
#include "export.h"
#include "folder.h"
#include "json_load.h"
#include "match.h"
#include "match_index.h"
#include "needles.h"
#include "path.h"
#include "phone.h"
#include "provider.h"
#include "reader.h"
#include "record.h"
#include "record_json.h"
#include "record_parse.h"
#include "rotation.h"
#include "spill.h"
#include "strmap.h"
#include "third_party.h"
#include "tmpdir.h"

#define NONE ((size_t)-1)
#define NOT_IN_SET ((size_t)-2)
#define SPILL_BUDGET (64u << 20)
#define PROGRESS_ROWS 4096

/* A manifest sources[] entry of a shared source, as the route read it. */
struct entry {
	size_t spec;			/* its index in provider->sources */
	struct vox_source_stats st;	/* read, rejected and names */
	char *name;			/* st.name's storage */
	int folder;			/* the files of a folder */
};

/* A subject of the set, beside the caller's vox_bulk_subject. */
struct member {
	struct vox_identity *id;
	char *json;			/* its subject.json, compact */
	uint64_t line, dup_line;	/* in the list; 0: not there */
};

struct pipe {
	const struct vox_export_opts *o;
	const struct vox_provider *p;
	unsigned cats;
	struct vox_bulk_subject *set;
	struct member *m;
	size_t n;
	int direct;			/* one subject: no spill */
	/*
	 * One subject: what its rows in a shared file must hold, so that the
	 * reader parses only those (the prefilter, src/needles.h); else NULL.
	 */
	struct vox_needles *needles;
	int all;			/* the set is every subscriber */
	int (*select)(void *ctx, struct vox_bulk_subject *s);
	void *select_ctx;
	const char *outdir;
	struct vox_strmap ids;		/* id → member, or NOT_IN_SET */

	/* the subscriber list */
	struct vox_source_stats subj_st;
	char *subj_name;
	char first_bad[VOX_ERROR_MAX];

	/* the route */
	struct vox_match_index *ix;
	struct vox_spill *spill;	/* slot n: every subject's records */
	struct vox_tmpdir *tmp;
	struct entry *entries;
	size_t nentries, capentries;
	struct vox_bulk_progress prog;
	uint64_t file_bytes;		/* of files read to their end */
};

/* One subject's archive being written. */
struct run {
	struct pipe *pp;
	const struct vox_export_opts *o;
	const struct vox_provider *p;
	size_t i;
	struct vox_archive_writer *w;
	const struct vox_identity *id;
	const struct vox_subject *subject;	/* for database sources */
	struct vox_call_index *calls;	/* written calls, for recordings */
	struct vox_third_party *tp;	/* NULL: others' data kept */
	struct vox_export_result *res;
	unsigned cats;
	/* replaying the spill: the subject's lines and everyone's */
	struct replay {
		struct vox_spill_reader rd;
		json_t *line;		/* the next one, read ahead */
		size_t entry;		/* its entry; NONE at the end */
	} own, shared;
	struct vox_arena arena;
};

static const struct vox_tz *spec_tz(const struct pipe *pp,
				    const struct vox_source_spec *s)
{
	return s->tz ? s->tz : pp->p->tz;
}

static void progress(struct pipe *pp)
{
	if (pp->o->progress)
		pp->o->progress(pp->o->progress_ctx, &pp->prog);
}

/*
 * The one place a reader is opened, for the subscriber list and for every
 * source, shared or the subject's own.
 */
static int open_reader(struct pipe *pp, struct vox_reader *rd,
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
static void count_row(struct pipe *pp, struct vox_reader *rd)
{
	off_t at;

	if (++pp->prog.rows % PROGRESS_ROWS)
		return;
	at = rd->fp ? ftello(rd->fp) : -1;
	pp->prog.bytes = pp->file_bytes + (at > 0 ? (uint64_t)at : 0);
	progress(pp);
}

static void count_file(struct pipe *pp, struct vox_reader *rd)
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
static int data_error(struct pipe *pp, struct vox_reader *rd,
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
	rc = open_reader(pp, &rd, s, path, NULL, NULL, err);
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
		count_row(pp, &rd);
		if (take_row(pp, &rec->u.subject, &cap, err) != VOX_OK) {
			rc = VOX_ERR;
			break;
		}
	}
	count_file(pp, &rd);
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
static int member_error(const struct pipe *pp, size_t i,
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

/* ---- the finish: one subject's records into its archive ---------------- */

static int in_range(const struct vox_export_opts *o, int64_t t)
{
	if (t == VOX_TIME_NONE)
		return o->since == VOX_TIME_NONE && o->until == VOX_TIME_NONE;
	return (o->since == VOX_TIME_NONE || t >= o->since) &&
		(o->until == VOX_TIME_NONE || t < o->until);
}

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

/* A call leg of the subject's, its direction set. */
static int take_call(struct run *r, struct vox_source_stats *st,
		     struct vox_call_group *g, const struct vox_call *call,
		     struct vox_error *err)
{
	if (!in_range(r->o, call->legs[0].start))
		return VOX_OK;
	if (vox_call_group_add(g, call, err) != VOX_OK ||
	    drain(r, g, 0, err) != VOX_OK)
		return VOX_ERR;
	st->exported++;
	return VOX_OK;
}

static int take_contact(struct run *r, struct vox_source_stats *st,
			const struct vox_contact *c, struct vox_error *err)
{
	if (vox_archive_add_contact(r->w, c, err) != VOX_OK)
		return VOX_ERR;
	st->exported++;
	r->res->records[1]++;
	return VOX_OK;
}

/* A message of the subject's, its direction set. */
static int take_message(struct run *r, struct vox_source_stats *st,
			const struct vox_message *m, struct vox_error *err)
{
	if (!in_range(r->o, m->date))
		return VOX_OK;
	if (add_message(r, m, err) != VOX_OK)
		return VOX_ERR;
	st->exported++;
	r->res->records[3]++;
	return VOX_OK;
}

/*
 * A recording.  It is linked to a written call by the unique id its file
 * name carries, else by time and the numbers in its name; it is the
 * subject's when linked, when its name carries one of their numbers, when
 * it is a voicemail in their mailbox, or when it comes from a per-subject
 * folder (then kept unlinked if no call is found, never dropped).
 */
static int take_recording(struct run *r, struct vox_source_stats *st,
			  int per_subject, const struct vox_recording *read,
			  struct vox_error *err)
{
	struct vox_recording rec = *read;
	struct vox_call_ref call;
	const char *name_numbers[2], *others[4];
	char norm[2][64];
	size_t i, n = 0;
	int linked, mine = per_subject;

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
		return VOX_OK;
	rec.call_id = linked ? call.id : NULL;
	if (rec.start == VOX_TIME_NONE && linked)
		rec.start = call.start;
	if (!in_range(r->o, rec.start))
		return VOX_OK;
	if (add_recording(r, &rec, err) != VOX_OK)
		return VOX_ERR;
	st->exported++;
	r->res->records[4]++;
	return VOX_OK;
}

/* A record of a source for this subject, routed (its direction set). */
static int take(struct run *r, struct vox_source_stats *st,
		struct vox_call_group *g, int per_subject,
		const struct vox_record *rec, struct vox_error *err)
{
	switch (rec->kind) {
	case VOX_CALL:
		return take_call(r, st, g, &rec->u.call, err);
	case VOX_CONTACT:
		return take_contact(r, st, &rec->u.contact, err);
	case VOX_MESSAGE:
		return take_message(r, st, &rec->u.message, err);
	case VOX_RECORDING:
		return take_recording(r, st, per_subject, &rec->u.recording,
				      err);
	default:
		return vox_error_set(err, VOX_E_CONFIG, "a %s in a source",
				     vox_kind_name(rec->kind));
	}
}

/* A manifest entry is complete: what was not taken was filtered. */
static int entry_done(struct run *r, struct vox_source_stats *st,
		      int pattern, struct vox_error *err)
{
	st->filtered = st->read - st->rejected - st->exported;
	r->res->rejected += st->rejected;
	if (pattern && (r->cats & st->category))
		return vox_archive_add_source(r->w, st, err);
	return VOX_OK;
}

/* A source is read: its last calls out, its entry (not a pattern's) in. */
static int spec_done(struct run *r, struct vox_call_group *g,
		     struct vox_source_stats *st, int pattern,
		     struct vox_error *err)
{
	if (g && drain(r, g, 1, err) != VOX_OK)
		return VOX_ERR;
	/* Calls read only to link recordings are not a source of the archive. */
	if (!pattern && (r->cats & st->category))
		return vox_archive_add_source(r->w, st, err);
	return VOX_OK;
}

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
		return take(s->r, s->st, s->g, 0, &rec, err);
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
		return take(s->r, s->st, NULL, 0, &rec, err);
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
		/* Not routed by identifiers: see DESIGN above. */
		if (s->r)
			return take(s->r, s->st, NULL, s->per_subject, rec,
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
	if (open_reader(pp, &s->rd, spec, path, spool, s->r, err) != VOX_OK)
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
			if (data_error(pp, &s->rd, err) == VOX_OK)
				continue;
			break;
		}
		count_row(pp, &s->rd);
		if (route(pp, s, rec, err) != VOX_OK) {
			rc = VOX_ERR;
			break;
		}
	}
	count_file(pp, &s->rd);
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
	return s->r ? entry_done(s->r, s->st, pattern, err) :
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
static int read_source(struct pipe *pp, struct run *r, size_t spec_i,
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
		rc = spec_done(r, s.g, &st, pattern, err);
	vox_call_group_free(s.g);
	free(path);
	return rc;
}

/* ---- the finish, replaying the spill ----------------------------------- */

static int replay_advance(struct replay *rp, struct vox_error *err)
{
	char *text;
	size_t len;
	json_error_t jerr;
	json_int_t e;
	int rc;

	json_decref(rp->line);
	rp->line = NULL;
	rp->entry = NONE;
	rc = vox_spill_reader_next(&rp->rd, &text, &len, err);
	if (rc != VOX_OK)
		return rc == VOX_EOF ? VOX_OK : VOX_ERR;
	/* jansson's tree, by the fast parser validate uses (json_load.h) */
	rp->line = vox_json_loadb(text, len, 0, &jerr);
	if (!rp->line || json_unpack(rp->line, "{s:I}", "e", &e) != 0)
		return vox_error_set(err, VOX_E_IO, "spill file: a bad line "
				     "(%s)", jerr.text);
	rp->entry = (size_t)e;
	return VOX_OK;
}

/* The records of entry e, of the subject's and of everyone's lines. */
static int replay_entry(struct run *r, struct replay *rp, size_t e,
			struct vox_source_stats *st, struct vox_call_group *g,
			struct vox_error *err)
{
	unsigned kind = vox_category_kind(st->category);

	while (rp->entry == e) {
		struct vox_record rec;
		const char *group = NULL, *file = NULL;
		json_t *j = NULL;

		vox_arena_reset(&r->arena);
		if (json_unpack(rp->line, "{s?s,s?s,s:o}", "g", &group, "f",
				&file, "r", &j) != 0)
			return vox_error_set(err, VOX_E_IO, "spill file: a "
					     "bad line");
		if (vox_record_from_json(j, kind, &r->arena, &rec, err) !=
		    VOX_OK) {
			vox_error_prefix(err, "spill file");
			return VOX_ERR;
		}
		if (kind == VOX_CALL)
			rec.u.call.group_id = group;
		if (kind == VOX_RECORDING)
			rec.u.recording.file = file;
		if (take(r, st, g, 0, &rec, err) != VOX_OK ||
		    replay_advance(rp, err) != VOX_OK)
			return VOX_ERR;
	}
	return VOX_OK;
}

/* A shared source, from the spill: as read_source() for one subject. */
static int replay_source(struct run *r, size_t spec_i, struct vox_error *err)
{
	struct pipe *pp = r->pp;
	const struct vox_source_spec *spec = &pp->p->sources[spec_i];
	struct vox_call_group *g = NULL;
	struct vox_source_stats st;
	int pattern = !spec->source->database &&
		vox_path_is_pattern(spec->path);
	int rc = VOX_OK;
	size_t e;

	if (spec->category == VOX_CAT_CALLS && !(g = vox_call_group_new()))
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	memset(&st, 0, sizeof(st));
	for (e = 0; e < pp->nentries && rc == VOX_OK; e++) {
		if (pp->entries[e].spec != spec_i)
			continue;
		st = pp->entries[e].st;
		/* A folder's files are one entry, and one unordered stream. */
		if (g && pp->entries[e].folder)
			vox_call_group_unordered(g);
		rc = replay_entry(r, &r->own, e, &st, g, err);
		if (rc == VOX_OK)
			rc = replay_entry(r, &r->shared, e, &st, g, err);
		if (rc == VOX_OK)
			rc = entry_done(r, &st, pattern, err);
	}
	if (rc == VOX_OK)
		rc = spec_done(r, g, &st, pattern, err);
	vox_call_group_free(g);
	return rc;
}

/* ---- one subject's archive --------------------------------------------- */

/* Sources read for the categories in scope, in provider.json's order. */
static int wanted(unsigned cats, const struct vox_source_spec *s)
{
	/*
	 * Recordings are found through the calls: with recordings in scope
	 * and calls not, the calls are read but not written.
	 */
	return (cats & s->category) ||
		(s->category == VOX_CAT_CALLS && (cats & VOX_CAT_RECORDINGS));
}

/* Routed to the spill (with many subjects), or read for each subject. */
static int routed(const struct vox_source_spec *s)
{
	/* A database source has no path: its table is shared, as a CDR file. */
	return (s->source->database || !strstr(s->path, "{subject}")) &&
		s->category != VOX_CAT_CONTACTS;
}

static int run_subject(struct pipe *pp, size_t i, struct vox_error *err)
{
	struct vox_bulk_subject *bs = &pp->set[i];
	const struct vox_export_opts *o = pp->o;
	struct run r;
	struct vox_archive_meta meta;
	struct vox_record subj;
	json_t *j;
	json_error_t jerr;
	size_t k;
	int rc = VOX_ERR;

	memset(&r, 0, sizeof(r));
	r.pp = pp;
	r.o = o;
	r.p = pp->p;
	r.i = i;
	r.id = pp->m[i].id;
	r.res = &bs->res;
	r.cats = pp->cats;
	r.own.entry = r.shared.entry = NONE;
	vox_arena_init(&r.arena);
	memset(r.res, 0, sizeof(*r.res));
	r.res->rejected = pp->subj_st.rejected;
	if (member_error(pp, i, err) != VOX_OK)
		goto out;
	j = json_loads(pp->m[i].json, 0, &jerr);
	rc = j ? vox_record_from_json(j, VOX_SUBJECT, &r.arena, &subj, err) :
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
	json_decref(j);
	if (rc != VOX_OK)
		goto out;
	r.subject = &subj.u.subject;
	rc = VOX_ERR;
	if (o->third_party != VOX_TP_KEEP) {
		r.tp = vox_third_party_new(o->third_party, o->third_party_key,
					   o->third_party_keylen, r.id, err);
		if (!r.tp)
			goto out;
	}
	if (!(r.calls = vox_call_index_new())) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto out;
	}
	memset(&meta, 0, sizeof(meta));
	meta.created = o->created;
	meta.subject_id = bs->id;
	meta.request_type = o->request_type ? o->request_type : "access";
	meta.request_reference = o->request_reference;
	meta.categories = r.cats;
	meta.since = o->since;
	meta.until = o->until;
	meta.controller = pp->p->controller;
	meta.processing = pp->p->processing;
	meta.with_audio = o->with_audio;
	meta.with_attachments = o->with_attachments;
	meta.passphrase = o->passphrase;
	meta.third_party = vox_third_party_manifest_name(o->third_party);
	meta.tz = pp->p->tz;
	meta.no_workbook = o->no_workbook;
	/* The spill's folder was made in the output folder: swept then. */
	r.w = vox_archive_new(bs->output, &meta,
			      (o->replace || bs->replace ?
			       VOX_ARCHIVE_REPLACE : 0) |
			      (pp->tmp ? VOX_ARCHIVE_SWEPT : 0), err);
	if (!r.w)
		goto out;
	if (r.cats & VOX_CAT_SUBJECT) {
		if (vox_archive_add_subject(r.w, &subj.u.subject, err) !=
		    VOX_OK)
			goto out;
		r.res->records[0] = 1;
	}
	pp->subj_st.filtered = pp->subj_st.read - pp->subj_st.rejected - 1;
	if (vox_archive_add_source(r.w, &pp->subj_st, err) != VOX_OK)
		goto out;
	if (!pp->direct) {
		vox_spill_reader_init(&r.own.rd, pp->spill, i);
		vox_spill_reader_init(&r.shared.rd, pp->spill, pp->n);
		if (replay_advance(&r.own, err) != VOX_OK ||
		    replay_advance(&r.shared, err) != VOX_OK)
			goto out;
	}
	for (k = 0; k < pp->p->nsources; k++) {
		const struct vox_source_spec *s = &pp->p->sources[k];

		if (!wanted(r.cats, s))
			continue;
		if (pp->direct || !routed(s))
			rc = read_source(pp, &r, k, err);
		else
			rc = replay_source(&r, k, err);
		if (rc != VOX_OK) {
			vox_error_prefix(err, "%s", s->source->name);
			goto out;
		}
		rc = VOX_ERR;
	}
	rc = vox_archive_finish(r.w, err);
out:
	if (!pp->direct) {
		json_decref(r.own.line);
		json_decref(r.shared.line);
		vox_spill_reader_release(&r.own.rd);
		vox_spill_reader_release(&r.shared.rd);
	}
	vox_archive_free(r.w);
	vox_third_party_free(r.tp);
	vox_call_index_free(r.calls);
	vox_arena_release(&r.arena);
	return rc;
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
	rc = run_subject(&pp, 0, err);
	*res = one.res;
out:
	pipe_release(&pp);
	return rc;
}

/* Route every shared source once, into the spill. */
static int route_all(struct pipe *pp, struct vox_error *err)
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

		if (!wanted(pp->cats, s) || !routed(s))
			continue;
		if (read_source(pp, NULL, i, err) != VOX_OK) {
			vox_error_prefix(err, "%s", s->source->name);
			return VOX_ERR;
		}
	}
	return VOX_OK;
}

static void finish_one(struct pipe *pp, size_t i)
{
	struct vox_bulk_subject *s = &pp->set[i];

	vox_error_clear(&s->err);
	s->status = run_subject(pp, i, &s->err);
	s->state = VOX_BULK_DONE;
}

/* What a worker process hands back for a subject. */
struct slot {
	int state;		/* 0 waiting, 1 taken, 2 done */
	int status;
	struct vox_error err;
	struct vox_export_result res;
};

struct shared {
	size_t next;		/* the next subject to take */
	size_t done;
	struct slot slots[];
};

static void worker(struct pipe *pp, struct shared *sh)
{
	size_t i;

	while ((i = __atomic_fetch_add(&sh->next, 1, __ATOMIC_SEQ_CST)) <
	       pp->n) {
		struct slot *sl = &sh->slots[i];

		if (pp->set[i].state != VOX_BULK_TODO)
			continue;
		__atomic_store_n(&sl->state, 1, __ATOMIC_SEQ_CST);
		finish_one(pp, i);
		sl->status = pp->set[i].status;
		sl->err = pp->set[i].err;
		sl->res = pp->set[i].res;
		__atomic_store_n(&sl->state, 2, __ATOMIC_SEQ_CST);
		__atomic_fetch_add(&sh->done, 1, __ATOMIC_SEQ_CST);
	}
}

/* The finish in jobs worker processes, forked now that the spill is full. */
static int finish_forked(struct pipe *pp, unsigned jobs, size_t base,
			 struct vox_error *err)
{
	size_t size = sizeof(struct shared) + pp->n * sizeof(struct slot);
	struct shared *sh = mmap(NULL, size, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t *pids;
	unsigned k, started = 0, running;
	size_t i;

	if (sh == MAP_FAILED)
		return vox_error_errno(err, VOX_E_NOMEM, "shared memory");
	memset(sh, 0, size);
	if (!(pids = calloc(jobs, sizeof(*pids)))) {
		munmap(sh, size);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	fflush(NULL);
	for (k = 0; k < jobs; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			worker(pp, sh);
			/* Not exit(): the parent's files and folders are not
			 * this process's to close or remove. */
			_exit(0);
		}
		if (pids[k] < 0)
			break;
		started++;
	}
	/* No worker at all: this process does the work. */
	if (!started)
		worker(pp, sh);
	for (running = started; running;) {
		for (k = 0; k < started; k++) {
			int wst;

			if (pids[k] > 0 && waitpid(pids[k], &wst, WNOHANG) ==
			    pids[k]) {
				pids[k] = 0;
				running--;
			}
		}
		pp->prog.done = base + __atomic_load_n(&sh->done,
						       __ATOMIC_SEQ_CST);
		progress(pp);
		if (running)
			usleep(100000);
	}
	for (i = 0; i < pp->n; i++) {
		struct vox_bulk_subject *s = &pp->set[i];
		struct slot *sl = &sh->slots[i];

		if (s->state != VOX_BULK_TODO)
			continue;
		s->state = VOX_BULK_DONE;
		if (sl->state == 2) {
			s->status = sl->status;
			s->err = sl->err;
			s->res = sl->res;
		} else {
			s->status = vox_error_set(&s->err, VOX_E_IO, "its "
						  "worker process stopped "
						  "before it was done");
		}
	}
	free(pids);
	munmap(sh, size);
	return VOX_OK;
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
		else if (member_error(&pp, i, &s->err) != VOX_OK) {
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
	if (route_all(&pp, err) != VOX_OK) {
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
		rc = finish_forked(&pp, bo->jobs, base, err);
		goto out;
	}
	for (i = 0; i < pp.n; i++) {
		if (pp.set[i].state != VOX_BULK_TODO)
			continue;
		finish_one(&pp, i);
		pp.prog.done++;
		progress(&pp);
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
