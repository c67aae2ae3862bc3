/* SPDX-License-Identifier: Apache-2.0 */
/*
 * archive_records.c: the records of an archive, handed one at a time to
 * whoever imports them (vox_archive_records() in import.h).
 *
 * The archive has been checked whole before this runs (`voxport import`
 * refuses one that does not validate), so an error here means the file
 * changed under us or a limit was hit; it is still reported with the
 * member and line, never passed over.  Members are read in the archive's
 * order (subject, contacts, calls, messages, recordings) and memory holds
 * one record: a JSONL line, one element of contacts.json (json_elements.c),
 * and the bytes of one message's attachments, copied into the caller's
 * spool for the target to read (vox_message_part.spooled).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "category.h"
#include "import.h"
#include "record_parse.h"

struct stream {
	struct vox_archive_in *a;
	vox_record_fn *fn;
	void *ctx;
	FILE *spool;
	enum vox_kind kind;
	const char *member;
	struct vox_arena arena;
	struct vox_error *err;
	int failed;		/* for the element callback, which has no
				 * return value */
};

/* Copy the bytes of every attachment in the archive into the spool. */
static int spool_parts(struct stream *s, struct vox_message *m,
		       struct vox_error *err)
{
	char buf[65536];
	size_t i;

	if (!s->spool || !m->nparts)
		return VOX_OK;
	/* The target reads a message's parts before the next one comes. */
	rewind(s->spool);
	if (ftruncate(fileno(s->spool), 0) != 0)
		return vox_error_errno(err, VOX_E_IO, "spool");
	for (i = 0; i < m->nparts; i++) {
		struct vox_message_part *p = &m->parts[i];
		zip_int64_t idx;
		struct vox_member mem;
		ssize_t n;
		long off;

		if (!p->member)
			continue;
		idx = zip_name_locate(s->a->za, p->member, ZIP_FL_ENC_RAW);
		if (idx < 0)
			return vox_error_set(err, VOX_E_NOTFOUND, "%s: missing",
					     p->member);
		off = ftell(s->spool);
		if (off < 0 || vox_member_open(s->a, (zip_uint64_t)idx,
					       VOX_ARCHIVE_MAX_BYTES, &mem,
					       err) != VOX_OK)
			return VOX_ERR;
		while ((n = vox_member_read(&mem, buf, sizeof(buf), err)) > 0)
			if (fwrite(buf, 1, (size_t)n, s->spool) != (size_t)n) {
				n = -1;
				vox_error_errno(err, VOX_E_IO, "spool");
				break;
			}
		vox_member_close(&mem);
		if (n < 0)
			return VOX_ERR;
		p->spooled = 1;
		p->spool_offset = (uint64_t)off;
		p->bytes = mem.bytes;
	}
	if (fflush(s->spool) != 0)
		return vox_error_errno(err, VOX_E_IO, "spool");
	return VOX_OK;
}

/* One record's JSON: parse it, give it to fn. */
static int deliver(struct stream *s, const json_t *j, uint64_t where,
		   struct vox_error *err)
{
	struct vox_record rec;

	vox_arena_reset(&s->arena);
	if (vox_record_from_json(j, s->kind, &s->arena, &rec, err) != VOX_OK)
		return where ? vox_error_prefix(err, "%s:%llu", s->member,
						(unsigned long long)where) :
			       vox_error_prefix(err, "%s", s->member);
	if (rec.kind == VOX_MESSAGE &&
	    spool_parts(s, &rec.u.message, err) != VOX_OK)
		return vox_error_prefix(err, "%s:%llu", s->member,
					(unsigned long long)where);
	return s->fn(s->ctx, &rec, err);
}

static int one_line(void *ctx, char *line, size_t len, uint64_t lineno,
		    struct vox_error *err)
{
	struct stream *s = ctx;
	json_error_t je;
	json_t *j;
	int rc;

	if (len == 0)
		return VOX_OK;
	j = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: %s", s->member,
				     (unsigned long long)lineno, je.text);
	rc = deliver(s, j, lineno, err);
	json_decref(j);
	return rc;
}

static void one_element(void *ctx, const char *text, size_t len,
			uint64_t index)
{
	struct stream *s = ctx;
	json_error_t je;
	json_t *j;

	if (s->failed)
		return;
	if (!text) {
		s->failed = 1;
		vox_error_set(s->err, VOX_E_LIMIT, "%s: element %llu: longer "
			      "than %u bytes", s->member,
			      (unsigned long long)index, VOX_ARCHIVE_MAX_JSON);
		return;
	}
	j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		s->failed = 1;
		vox_error_set(s->err, VOX_E_DATA, "%s: element %llu: %s",
			      s->member, (unsigned long long)index, je.text);
		return;
	}
	if (deliver(s, j, 0, s->err) != VOX_OK)
		s->failed = 1;
	json_decref(j);
}

/* contacts.json, an array read element by element. */
static int read_array(struct stream *s, zip_int64_t idx,
		      struct vox_error *err)
{
	struct vox_json_elements el;
	struct vox_member m;
	char buf[65536];
	ssize_t n;
	int rc = VOX_OK;

	memset(&el, 0, sizeof(el));
	el.fn = one_element;
	el.ctx = s;
	el.max = VOX_ARCHIVE_MAX_JSON;
	el.line = 1;
	s->err = err;
	if (vox_member_open(s->a, (zip_uint64_t)idx, VOX_ARCHIVE_MAX_BYTES,
			    &m, err) != VOX_OK)
		return VOX_ERR;
	while (!s->failed && (n = vox_member_read(&m, buf, sizeof(buf),
						   err)) != 0) {
		if (n < 0) {
			rc = VOX_ERR;
			break;
		}
		vox_json_elements_feed(&el, buf, (size_t)n);
	}
	if (rc == VOX_OK && !s->failed && vox_json_elements_end(&el) != VOX_OK)
		rc = vox_error_set(err, VOX_E_DATA, "%s:%llu:%llu: %s",
				   s->member, (unsigned long long)el.line,
				   (unsigned long long)el.column + 1,
				   el.error ? el.error : "not a JSON array");
	vox_json_elements_end(&el);
	vox_member_close(&m);
	return s->failed ? VOX_ERR : rc;
}

/* subject.json, one document. */
static int read_document(struct stream *s, zip_int64_t idx,
			 struct vox_error *err)
{
	struct vox_member m;
	json_error_t je;
	json_t *j;
	int failed, rc;

	if (vox_member_open(s->a, (zip_uint64_t)idx, VOX_ARCHIVE_MAX_JSON, &m,
			    err) != VOX_OK)
		return VOX_ERR;
	j = vox_member_load_json(&m, &je, &failed, err);
	vox_member_close(&m);
	if (!j)
		return failed ? VOX_ERR :
		       vox_error_set(err, VOX_E_DATA, "%s:%d:%d: %s",
				     s->member, je.line, je.column, je.text);
	rc = deliver(s, j, 0, err);
	json_decref(j);
	return rc;
}

int vox_archive_records(struct vox_archive_in *a, unsigned categories,
			FILE *spool, vox_record_fn *fn, void *ctx,
			struct vox_error *err)
{
	static const struct {
		unsigned cat;
		const char *member;
	} members[] = {
		{ VOX_CAT_SUBJECT, "subject.json" },
		{ VOX_CAT_CONTACTS, "contacts.json" },
		{ VOX_CAT_CALLS, "calls.jsonl" },
		{ VOX_CAT_MESSAGES, "messages.jsonl" },
		{ VOX_CAT_RECORDINGS, "recordings.jsonl" },
	};
	struct stream s;
	int rc = VOX_OK;

	memset(&s, 0, sizeof(s));
	s.a = a;
	s.fn = fn;
	s.ctx = ctx;
	s.spool = spool;
	vox_arena_init(&s.arena);
	for (size_t i = 0; rc == VOX_OK && i < sizeof(members) /
	     sizeof(members[0]); i++) {
		zip_int64_t idx;

		if (!(categories & members[i].cat))
			continue;
		s.member = members[i].member;
		s.kind = vox_category_kind(members[i].cat);
		idx = zip_name_locate(a->za, s.member, ZIP_FL_ENC_RAW);
		if (idx < 0)
			continue;
		if (members[i].cat == VOX_CAT_SUBJECT)
			rc = read_document(&s, idx, err);
		else if (members[i].cat == VOX_CAT_CONTACTS)
			rc = read_array(&s, idx, err);
		else
			rc = vox_member_each_line(a, s.member, one_line, &s,
						  err);
	}
	vox_arena_release(&s.arena);
	return rc;
}
