/* SPDX-License-Identifier: Apache-2.0 */
/*
 * archive_inspect.c: what `voxport inspect` reads beyond the manifest:
 * how many calls, messages and recordings, their span, directions, kinds
 * and total length.  Lines that are not JSON objects are passed over here;
 * `voxport validate` reports them.  A line over VOX_ARCHIVE_MAX_LINE ends
 * the reading (jansson needs about 20 times a line).
 */
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "timeconv.h"
#include "voxport/model.h"

struct line_fn {
	void (*fn)(void *ctx, json_t *j);
	void *ctx;
};

static int parse_line(void *ctx, char *line, size_t len, uint64_t lineno,
		      struct vox_error *err)
{
	struct line_fn *l = ctx;
	json_t *j = json_loadb(line, len, 0, NULL);

	(void)lineno;
	(void)err;
	l->fn(l->ctx, json_is_object(j) ? j : NULL);
	json_decref(j);
	return VOX_OK;
}

/* Call fn with each line of member parsed as JSON (NULL when it is not). */
static int each_line(struct vox_archive_in *a, const char *member,
		     void (*fn)(void *ctx, json_t *j), void *ctx,
		     struct vox_error *err)
{
	struct line_fn l = { fn, ctx };

	return vox_member_each_line(a, member, parse_line, &l, err);
}

static void count_direction(const json_t *j, uint64_t *by_direction)
{
	const char *dir = json_string_value(json_object_get(j, "direction"));

	if (dir && strcmp(dir, "inbound") == 0)
		by_direction[VOX_DIR_INBOUND]++;
	else if (dir && strcmp(dir, "outbound") == 0)
		by_direction[VOX_DIR_OUTBOUND]++;
	else if (dir && strcmp(dir, "internal") == 0)
		by_direction[VOX_DIR_INTERNAL]++;
	else
		by_direction[VOX_DIR_UNKNOWN]++;
}

/* Widen [first, last] to hold the RFC 3339 time s, when it is one. */
static void span(const char *s, int64_t *first, int64_t *last)
{
	int64_t t;

	if (!s || vox_time_parse_rfc3339(s, strlen(s), &t) != VOX_OK)
		return;
	if (*first == VOX_TIME_NONE || t < *first)
		*first = t;
	if (*last == VOX_TIME_NONE || t > *last)
		*last = t;
}

static void span_text(int64_t first, int64_t last, char f[32], char l[32])
{
	if (first == VOX_TIME_NONE)
		return;
	vox_time_format(first, f);
	vox_time_format(last, l);
}

struct call_ctx {
	struct vox_call_summary *s;
	int64_t first, last;
};

static void call_line(void *ctx, json_t *j)
{
	struct call_ctx *c = ctx;

	if (!j)
		return;
	c->s->calls++;
	span(json_string_value(json_object_get(j, "start")), &c->first,
	     &c->last);
	count_direction(j, c->s->by_direction);
}

int vox_archive_call_summary(struct vox_archive_in *a,
			     struct vox_call_summary *s,
			     struct vox_error *err)
{
	struct call_ctx c = { s, VOX_TIME_NONE, VOX_TIME_NONE };
	int rc;

	memset(s, 0, sizeof(*s));
	rc = each_line(a, "calls.jsonl", call_line, &c, err);
	span_text(c.first, c.last, s->first, s->last);
	return rc;
}

struct msg_ctx {
	struct vox_message_summary *s;
	int64_t first, last;
};

static void message_line(void *ctx, json_t *j)
{
	struct msg_ctx *c = ctx;

	if (!j)
		return;
	c->s->messages++;
	span(json_string_value(json_object_get(j, "date")), &c->first,
	     &c->last);
	count_direction(j, c->s->by_direction);
}

int vox_archive_message_summary(struct vox_archive_in *a,
				struct vox_message_summary *s,
				struct vox_error *err)
{
	struct msg_ctx c = { s, VOX_TIME_NONE, VOX_TIME_NONE };
	int rc;

	memset(s, 0, sizeof(*s));
	s->present = zip_name_locate(a->za, "messages.jsonl",
				     ZIP_FL_ENC_RAW) >= 0;
	rc = each_line(a, "messages.jsonl", message_line, &c, err);
	span_text(c.first, c.last, s->first, s->last);
	return rc;
}

struct rec_ctx {
	struct vox_recording_summary *s;
	int64_t first, last;
};

static void recording_line(void *ctx, json_t *j)
{
	struct rec_ctx *c = ctx;
	const char *kind;
	json_t *d;

	if (!j)
		return;
	c->s->recordings++;
	span(json_string_value(json_object_get(j, "start")), &c->first,
	     &c->last);
	kind = json_string_value(json_object_get(j, "kind"));
	if (kind && strcmp(kind, "voicemail") == 0)
		c->s->voicemails++;
	else
		c->s->calls++;
	if (json_is_string(json_object_get(j, "member")))
		c->s->with_audio++;
	d = json_object_get(j, "duration_ms");
	if (json_is_integer(d) && json_integer_value(d) >= 0 &&
	    c->s->duration_ms <= INT64_MAX - json_integer_value(d))
		c->s->duration_ms += json_integer_value(d);
}

int vox_archive_recording_summary(struct vox_archive_in *a,
				  struct vox_recording_summary *s,
				  struct vox_error *err)
{
	struct rec_ctx c = { s, VOX_TIME_NONE, VOX_TIME_NONE };
	int rc;

	memset(s, 0, sizeof(*s));
	s->present = zip_name_locate(a->za, "recordings.jsonl",
				     ZIP_FL_ENC_RAW) >= 0;
	rc = each_line(a, "recordings.jsonl", recording_line, &c, err);
	span_text(c.first, c.last, s->first, s->last);
	return rc;
}
