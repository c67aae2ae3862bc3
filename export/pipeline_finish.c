/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pipeline_finish.c: the finish of the pipeline (pipeline.c's DESIGN):
 * one subject's records, replayed from the spill or read from its own
 * files, through the date range, the grouping of legs into calls, the
 * third-party rule and the linking of recordings, into its archive.
 */
#include <stdlib.h>
#include <string.h>

#include "call_index.h"
#include "json_load.h"
#include "pipe.h"
#include "record.h"
#include "record_parse.h"
#include "rotation.h"
#include "third_party.h"

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
int pipe_take(struct run *r, struct vox_source_stats *st,
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
int pipe_entry_done(struct run *r, struct vox_source_stats *st,
		      int pattern, struct vox_error *err)
{
	st->filtered = st->read - st->rejected - st->exported;
	r->res->rejected += st->rejected;
	if (pattern && (r->cats & st->category))
		return vox_archive_add_source(r->w, st, err);
	return VOX_OK;
}

/* A source is read: its last calls out, its entry (not a pattern's) in. */
int pipe_spec_done(struct run *r, struct vox_call_group *g,
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
		if (pipe_take(r, st, g, 0, &rec, err) != VOX_OK ||
		    replay_advance(rp, err) != VOX_OK)
			return VOX_ERR;
	}
	return VOX_OK;
}

/* A shared source, from the spill: as pipe_read_source() for one subject. */
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
			rc = pipe_entry_done(r, &st, pattern, err);
	}
	if (rc == VOX_OK)
		rc = pipe_spec_done(r, g, &st, pattern, err);
	vox_call_group_free(g);
	return rc;
}

/* ---- one subject's archive --------------------------------------------- */

/* Sources read for the categories in scope, in provider.json's order. */
int pipe_wanted(unsigned cats, const struct vox_source_spec *s)
{
	/*
	 * Recordings are found through the calls: with recordings in scope
	 * and calls not, the calls are read but not written.
	 */
	return (cats & s->category) ||
		(s->category == VOX_CAT_CALLS && (cats & VOX_CAT_RECORDINGS));
}

/* Routed to the spill (with many subjects), or read for each subject. */
int pipe_routed(const struct vox_source_spec *s)
{
	/* A database source has no path: its table is shared, as a CDR file. */
	return (s->source->database || !strstr(s->path, "{subject}")) &&
		s->category != VOX_CAT_CONTACTS;
}

int pipe_run_subject(struct pipe *pp, size_t i, struct vox_error *err)
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
	if (pipe_member_error(pp, i, err) != VOX_OK)
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

		if (!pipe_wanted(r.cats, s))
			continue;
		if (pp->direct || !pipe_routed(s))
			rc = pipe_read_source(pp, &r, k, err);
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

