/* SPDX-License-Identifier: Apache-2.0 */
/*
 * twilio_json.c: Twilio's Calls, Messages and Recordings resources as the
 * REST API (2010-04-01) returns them, per twilio/twilio-oai
 * spec/json/twilio_api_v2010.json: a list page
 *
 *	{"calls": [{...}, ...], "page": 0, "page_size": 50, "start": 0,
 *	 "end": 1, "uri": "...", "first_page_uri": "...",
 *	 "next_page_uri": null, "previous_page_uri": null}
 *
 * (or "messages", "recordings"), a single resource ({"sid": "CA...", ...},
 * its kind told by the SID prefix CA, SM/MM, RE, else by its uri), or an
 * array of resources.  The whole file is read, at most MAX_FILE bytes
 * (16 MiB, several times the largest page; VOX_E_LIMIT beyond), and
 * parsed with jansson.  Invalid JSON, a UTF-16 file or a document of
 * another shape is one data error for the file; a bad resource is a data
 * error naming the file and the resource ("page.json: calls[3]
 * (CA...): bad start_time \"...\""), and the next call goes on with the
 * next one.
 *
 * Values: times are RFC 2822 in GMT ("Tue, 05 Mar 2024 14:12:07 +0000";
 * RFC 3339 too, as Twilio's CLI writes); numbers (duration, num_media,
 * num_segments, price) are strings, null or "" meaning not given; prices
 * stay the strings they are.  Addresses are E.164 numbers, client:NAME,
 * sip:URI or a channel address "whatsapp:+1..." / "messenger:ID": the
 * prefix goes to extra "channel", the number after it is normalised, raw
 * is the address as written.
 *
 * Calls: one VOX_CALL of one leg; sid the leg id; parent_call_sid (the
 * <Dial> that made this child call), else sid, is the call's id and
 * group_id, so src/call_group.c joins a parent and its children into one
 * call.  start_time the start, else date_created for a call never started
 * (queued: every time field null; extra "start" says "date_created"),
 * end_time the end; duration, counted from the answer, is billsec, and
 * the start-to-end time the duration.  status: completed answered,
 * no-answer, busy, failed, canceled cancelled, the others (queued,
 * ringing, in-progress) unknown; the status as written is the disposition.
 * direction inbound and trunking-originating are inbound, outbound-api,
 * outbound-dial and trunking-terminating outbound (the subject matcher
 * decides for shared files).  caller_name is from.name.
 *
 * Messages: one VOX_MESSAGE; sms, or mms when num_media is above 0 or the
 * SID starts MM (the media are a subresource, not in the file: no parts);
 * date_created the date (else date_sent), date_sent; body; the box from
 * direction and status: inbound received, outbound sent, failed or
 * undelivered failed, queued/accepted/scheduled queued, sending outbox.
 *
 * Recordings: one VOX_RECORDING of kind call; call_sid the call it
 * belongs to; start_time (else date_created) the start; duration seconds
 * (a negative one, in progress, unknown); channels.  The audio is not in
 * the file: media_url, where to fetch it, goes to extra, and the media
 * type stays unknown (Twilio serves WAV or MP3 on request).
 *
 * Every other member that is a string, number or boolean goes to extra as
 * written (status, price, price_unit, error_code with error_message,
 * account_sid, answered_by, num_segments, ...); null members, the
 * *_formatted display forms of the numbers, uri, api_version and the
 * objects (subresource_uris, encryption_details) are dropped.  A page
 * whose next_page_uri is not null is not the last: its last record says so
 * in extra "next_page_uri", since a reader cannot warn.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "phone.h"
#include "record.h"
#include "timeconv.h"
#include "voxport/source.h"

#define FORMAT "twilio-json"
/*
 * The largest page Twilio serves is 1000 resources; 1000 messages of 1600
 * characters, \u-escaped, are about 11 MB.  jansson's tree of a hostile
 * file of tiny arrays takes some 40 times its size, so no more than this.
 */
#define MAX_FILE (16u << 20)

enum kind { K_NONE, K_CALL, K_MESSAGE, K_RECORDING };

struct reader {
	FILE *in;
	const char *name;
	const struct vox_phone_plan *plan;
	int loaded;			/* the file was read (or failed) */
	json_t *doc;
	const json_t *list;		/* the array of resources, or NULL */
	const char *list_key;		/* "calls", or NULL */
	enum kind list_kind;		/* K_NONE: by each resource's sid */
	const char *next_page;		/* a later page exists */
	size_t i, n;
	char where[128];		/* "calls[3] (CA...)" for messages */
	int oom;
	struct vox_arena arena;
	struct vox_record rec;
	struct vox_call_leg leg;
	struct vox_party to;
	struct vox_extra *x;		/* the record's extra */
};

/* ---- bidding ---------------------------------------------------------- */

static int has(const unsigned char *buf, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (buf[i] == (unsigned char)s[0] && memcmp(buf + i, s, n) == 0)
			return 1;
	return 0;
}

static int bid(const unsigned char *buf, size_t len)
{
	size_t i = 0;
	int score = 0;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
			   buf[i] == '\n'))
		i++;
	if (i >= len || (buf[i] != '{' && buf[i] != '['))
		return 0;
	if (has(buf, len, "\"account_sid\""))
		score += 10;
	if (has(buf, len, "/2010-04-01/Accounts/AC") ||
	    has(buf, len, "\"api_version\": \"2010-04-01\"") ||
	    has(buf, len, "\"api_version\":\"2010-04-01\""))
		score += 15;
	if (!score)
		return 0;	/* JSON, but nothing says Twilio */
	if (has(buf, len, "\"calls\"") || has(buf, len, "\"messages\"") ||
	    has(buf, len, "\"recordings\""))
		score += 5;
	if (has(buf, len, "\"sid\":\"CA") || has(buf, len, "\"sid\": \"CA") ||
	    has(buf, len, "\"sid\":\"SM") || has(buf, len, "\"sid\": \"SM") ||
	    has(buf, len, "\"sid\":\"RE") || has(buf, len, "\"sid\": \"RE"))
		score += 5;
	return score + 5;
}

/* ---- values ----------------------------------------------------------- */

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int num(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;

	if (!n || n > 4)
		return -1;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * RFC 2822 (RFC 5322 section 3.3) date-time, as Twilio writes it: "Tue,
 * 05 Mar 2024 14:12:07 +0000"; the day name optional, seconds optional,
 * the zone +hhmm/-hhmm, GMT, UT or UTC.
 */
static int parse_rfc2822(const char *s, int64_t *ms)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30, 31,
					       31, 30, 31, 30, 31 };
	const char *p = s, *q;
	int day, mon, year, hh, mm, ss = 0, off = 0, zh, zm;
	int64_t days;

	if (strlen(s) > 64)
		return -1;
	if ((q = strchr(p, ',')) && q - p == 3) {
		p = q + 1;
		while (*p == ' ')
			p++;
	}
	for (q = p; is_digit((unsigned char)*q); q++)
		;
	if (num(p, (size_t)(q - p), &day) || q - p > 2 || *q != ' ')
		return -1;
	p = q + 1;
	for (mon = 0; mon < 12; mon++)
		if (strncmp(p, months + 3 * mon, 3) == 0)
			break;
	if (mon == 12 || p[3] != ' ')
		return -1;
	p += 4;
	if (num(p, 4, &year) || p[4] != ' ')
		return -1;
	p += 5;
	if (num(p, 2, &hh) || p[2] != ':' || num(p + 3, 2, &mm))
		return -1;
	p += 5;
	if (*p == ':') {
		if (num(p + 1, 2, &ss))
			return -1;
		p += 3;
	}
	if (*p++ != ' ')
		return -1;
	if ((*p == '+' || *p == '-') && strlen(p) == 5 &&
	    !num(p + 1, 2, &zh) && !num(p + 3, 2, &zm) && zm < 60)
		off = (*p == '-' ? -1 : 1) * (zh * 60 + zm);
	else if (strcmp(p, "GMT") && strcmp(p, "UT") && strcmp(p, "UTC"))
		return -1;
	if (day < 1 || day > mdays[mon] || hh > 23 || mm > 59 || ss > 60 ||
	    (mon == 1 && day == 29 &&
	     (year % 4 || (year % 100 == 0 && year % 400))))
		return -1;
	if (ss == 60)
		ss = 59;	/* a leap second, as timeconv.h reads it */
	days = vox_days_from_civil(year, (unsigned)mon + 1, (unsigned)day);
	*ms = (((days * 24 + hh) * 60 + mm - off) * 60 + ss) * 1000LL;
	return 0;
}

static int data_error(struct reader *r, struct vox_error *err,
		      const char *what, const char *value)
{
	if (value)
		return vox_error_set(err, VOX_E_DATA, "%s: %s: %s \"%.60s\"",
				     r->name, r->where, what, value);
	return vox_error_set(err, VOX_E_DATA, "%s: %s: %s", r->name,
			     r->where, what);
}

/* A member as a string: NULL when absent, null or "". */
static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? s : NULL;
}

/* A time member: VOX_TIME_NONE when absent or null. */
static int get_time(struct reader *r, const json_t *o, const char *key,
		    int64_t *ms, struct vox_error *err)
{
	const json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);
	char what[48];

	*ms = VOX_TIME_NONE;
	if (!v || json_is_null(v) || (s && !*s))
		return VOX_OK;
	if (s && (parse_rfc2822(s, ms) == 0 ||
		  vox_time_parse_rfc3339(s, strlen(s), ms) == VOX_OK))
		return VOX_OK;
	snprintf(what, sizeof(what), "bad %s", key);
	return data_error(r, err, what, s ? s : "(not a string)");
}

/*
 * A count given as a string of digits ("127"), or a JSON integer; -1 when
 * absent, null or "".  With negative_unknown "-1" (a recording in
 * progress) is -1 too.
 */
static int get_count(struct reader *r, const json_t *o, const char *key,
		     int negative_unknown, int64_t *out,
		     struct vox_error *err)
{
	const json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v), *p;
	char what[48];
	int64_t n = 0;

	*out = -1;
	if (!v || json_is_null(v) || (s && !*s))
		return VOX_OK;
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = json_integer_value(v);
		return VOX_OK;
	}
	if (s && negative_unknown && s[0] == '-' && s[1] &&
	    strspn(s + 1, "0123456789") == strlen(s + 1))
		return VOX_OK;
	for (p = s; p && is_digit((unsigned char)*p) && p - s < 18; p++)
		n = n * 10 + (*p - '0');
	if (s && p != s && !*p) {
		*out = n;
		return VOX_OK;
	}
	snprintf(what, sizeof(what), "bad %s", key);
	return data_error(r, err, what, s ? s : "(not a string)");
}

static void extra(struct reader *r, const char *key, const char *value)
{
	if (value && vox_extra_add(&r->arena, r->x, key, value) != VOX_OK)
		r->oom = 1;
}

/* Channel address prefixes Twilio puts before a number. */
static const char *const channels[] = { "whatsapp", "messenger", NULL };

/* raw as written; the number without a channel prefix, normalised. */
static void party(struct reader *r, struct vox_party *p, const char *addr)
{
	const char *n = addr;
	size_t i, len, outsz;
	int phone = 1;		/* the address after the prefix is a number */
	char *out;

	if (!addr)
		return;
	p->raw = vox_arena_strdup(&r->arena, addr);
	if (!p->raw) {
		r->oom = 1;
		return;
	}
	for (i = 0; channels[i]; i++) {
		len = strlen(channels[i]);
		if (strncasecmp(addr, channels[i], len) == 0 &&
		    addr[len] == ':') {
			n = addr + len + 1;
			if (!vox_extra_get(r->x, "channel"))
				extra(r, "channel", channels[i]);
			/* A Messenger id is a page-scoped id, not a number. */
			phone = strcmp(channels[i], "messenger") != 0;
			break;
		}
	}
	len = strlen(n);
	outsz = len + 24;
	out = vox_arena_alloc(&r->arena, outsz);
	if (!out) {
		r->oom = 1;
		return;
	}
	out[0] = '\0';
	if (phone)
		vox_phone_normalise(r->plan, n, len, out, outsz);
	if (out[0])
		p->number = out;
	else if (n != addr && *n)
		p->number = n;	/* the address without its channel */
	else
		p->number = p->raw;
}

/* Members mapped, or dropped, by every kind. */
static const char *const handled[] = {
	"sid", "from", "to", "start_time", "end_time", "status",
	"duration", "direction", "caller_name",
	"from_formatted", "to_formatted", "uri", "api_version", "body",
	"date_sent", "num_media", "call_sid", "channels", "media_url",
	NULL,
};

/* Every other scalar member to extra, as written. */
static void rest(struct reader *r, const json_t *o)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)o, key, v) {
		char buf[32];

		for (i = 0; handled[i] && strcmp(handled[i], key); i++)
			;
		if (handled[i])
			continue;
		if (json_is_string(v)) {
			extra(r, key, json_string_value(v));
		} else if (json_is_integer(v)) {
			snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
				 json_integer_value(v));
			extra(r, key, vox_arena_strdup(&r->arena, buf));
		} else if (json_is_real(v)) {
			/* 15 digits: a decimal as written ("-0.0025") */
			snprintf(buf, sizeof(buf), "%.15g",
				 json_real_value(v));
			extra(r, key, vox_arena_strdup(&r->arena, buf));
		} else if (json_is_boolean(v)) {
			extra(r, key, json_is_true(v) ? "true" : "false");
		}
	}
}

static const char *copy(struct reader *r, const char *s)
{
	char *c;

	if (!s)
		return NULL;
	c = vox_arena_strdup(&r->arena, s);
	if (!c)
		r->oom = 1;
	return c;
}

/* ---- calls ------------------------------------------------------------ */

static enum vox_call_status call_status(const char *s)
{
	static const struct {
		const char *name;
		enum vox_call_status status;
	} map[] = {
		{ "completed", VOX_CALL_ANSWERED },
		{ "no-answer", VOX_CALL_NO_ANSWER },
		{ "busy", VOX_CALL_BUSY },
		{ "failed", VOX_CALL_FAILED },
		{ "canceled", VOX_CALL_CANCELLED },
	};
	size_t i;

	for (i = 0; s && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(s, map[i].name) == 0)
			return map[i].status;
	return VOX_CALL_UNKNOWN;
}

static enum vox_direction direction_of(const char *d)
{
	if (!d)
		return VOX_DIR_UNKNOWN;
	if (strcmp(d, "inbound") == 0 ||
	    strcmp(d, "trunking-originating") == 0)
		return VOX_DIR_INBOUND;
	if (strncmp(d, "outbound", 8) == 0 ||
	    strcmp(d, "trunking-terminating") == 0)
		return VOX_DIR_OUTBOUND;
	return VOX_DIR_UNKNOWN;
}

static int fill_call(struct reader *r, const json_t *o, const char *sid,
		     struct vox_error *err)
{
	struct vox_call_leg *leg = &r->leg;
	struct vox_call *call = &r->rec.u.call;
	int64_t created;

	vox_call_leg_init(leg);
	r->x = &leg->extra;
	if (get_time(r, o, "start_time", &leg->start, err) != VOX_OK ||
	    get_time(r, o, "end_time", &leg->end, err) != VOX_OK ||
	    get_time(r, o, "date_created", &created, err) != VOX_OK ||
	    get_count(r, o, "duration", 0, &leg->billsec, err) != VOX_OK)
		return VOX_ERR;
	if (leg->start == VOX_TIME_NONE && created != VOX_TIME_NONE) {
		/* Queued, or never started: the call exists since then. */
		leg->start = created;
		extra(r, "start", "date_created");
	}
	if (leg->start != VOX_TIME_NONE && leg->end != VOX_TIME_NONE &&
	    leg->end >= leg->start)
		leg->duration = (leg->end - leg->start) / 1000;
	leg->id = copy(r, sid);
	party(r, &leg->from, str(o, "from"));
	party(r, &leg->to, str(o, "to"));
	leg->from.name = copy(r, str(o, "caller_name"));
	leg->disposition = copy(r, str(o, "status"));
	leg->status = call_status(leg->disposition);
	leg->direction = direction_of(str(o, "direction"));
	extra(r, "direction", copy(r, str(o, "direction")));
	rest(r, o);
	leg->source.format = FORMAT;
	leg->source.file = r->name;
	leg->source.id = leg->id;

	r->rec.kind = VOX_CALL;
	/* A child call (a <Dial>) joins its parent's call. */
	call->group_id = copy(r, str(o, "parent_call_sid"));
	if (!call->group_id)
		call->group_id = leg->id;
	call->id = call->group_id;
	call->from = leg->from;
	call->to = leg->to;
	call->start = leg->start;
	call->answer = leg->answer;
	call->end = leg->end;
	call->duration = leg->duration;
	call->billsec = leg->billsec;
	call->status = leg->status;
	call->direction = leg->direction;
	call->legs = leg;
	call->nlegs = call->caplegs = 1;
	call->source = leg->source;
	return VOX_OK;
}

/* ---- messages --------------------------------------------------------- */

static enum vox_message_box box_of(enum vox_direction dir, const char *st)
{
	static const struct {
		const char *name;
		enum vox_message_box box;
	} map[] = {
		{ "failed", VOX_BOX_FAILED }, { "undelivered", VOX_BOX_FAILED },
		{ "queued", VOX_BOX_QUEUED }, { "accepted", VOX_BOX_QUEUED },
		{ "scheduled", VOX_BOX_QUEUED }, { "sending", VOX_BOX_OUTBOX },
	};
	size_t i;

	if (dir == VOX_DIR_INBOUND)
		return VOX_BOX_RECEIVED;
	if (dir != VOX_DIR_OUTBOUND)
		return VOX_BOX_UNKNOWN;
	for (i = 0; st && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(st, map[i].name) == 0)
			return map[i].box;
	return VOX_BOX_SENT;
}

static int fill_message(struct reader *r, const json_t *o, const char *sid,
			struct vox_error *err)
{
	struct vox_message *m = &r->rec.u.message;
	int64_t media;

	r->x = &m->extra;
	if (get_time(r, o, "date_created", &m->date, err) != VOX_OK ||
	    get_time(r, o, "date_sent", &m->date_sent, err) != VOX_OK ||
	    get_count(r, o, "num_media", 0, &media, err) != VOX_OK)
		return VOX_ERR;
	if (m->date == VOX_TIME_NONE)
		m->date = m->date_sent;
	r->rec.kind = VOX_MESSAGE;
	m->id = copy(r, sid);
	m->type = media > 0 || strncmp(sid, "MM", 2) == 0 ? VOX_MSG_MMS
							   : VOX_MSG_SMS;
	m->direction = direction_of(str(o, "direction"));
	m->box = box_of(m->direction, str(o, "status"));
	m->read = -1;
	party(r, &m->from, str(o, "from"));
	memset(&r->to, 0, sizeof(r->to));
	party(r, &r->to, str(o, "to"));
	if (r->to.raw) {
		m->to = &r->to;
		m->nto = m->capto = 1;
	}
	m->body = copy(r, str(o, "body"));
	if (media >= 0)
		extra(r, "num_media", copy(r, str(o, "num_media")));
	extra(r, "direction", copy(r, str(o, "direction")));
	extra(r, "status", copy(r, str(o, "status")));
	rest(r, o);
	m->source.format = FORMAT;
	m->source.file = r->name;
	m->source.id = m->id;
	return VOX_OK;
}

/* ---- recordings ------------------------------------------------------- */

static int fill_recording(struct reader *r, const json_t *o, const char *sid,
			  struct vox_error *err)
{
	struct vox_recording *rec = &r->rec.u.recording;
	const json_t *ch = json_object_get(o, "channels");
	int64_t created, secs;

	r->x = &rec->extra;
	if (get_time(r, o, "start_time", &rec->start, err) != VOX_OK ||
	    get_time(r, o, "date_created", &created, err) != VOX_OK ||
	    get_count(r, o, "duration", 1, &secs, err) != VOX_OK)
		return VOX_ERR;
	if (ch && !json_is_null(ch) &&
	    (!json_is_integer(ch) || json_integer_value(ch) < 1 ||
	     json_integer_value(ch) > 2))
		return data_error(r, err, "bad channels (1 or 2)", NULL);
	if (rec->start == VOX_TIME_NONE)
		rec->start = created;
	r->rec.kind = VOX_RECORDING;
	rec->id = copy(r, sid);
	rec->kind = VOX_REC_CALL;
	rec->call_id = copy(r, str(o, "call_sid"));
	rec->duration_ms = secs >= 0 ? secs * 1000 : -1;
	rec->channels = ch ? (unsigned)json_integer_value(ch) : 0;
	extra(r, "media_url", copy(r, str(o, "media_url")));
	extra(r, "status", copy(r, str(o, "status")));
	if (secs < 0)
		extra(r, "duration", copy(r, str(o, "duration")));
	rest(r, o);
	rec->source.format = FORMAT;
	rec->source.file = r->name;
	rec->source.id = rec->id;
	return VOX_OK;
}

/* ---- the document ----------------------------------------------------- */

static enum kind kind_of_sid(const char *sid, const json_t *o)
{
	const char *uri = str(o, "uri");

	if (strncmp(sid, "CA", 2) == 0)
		return K_CALL;
	if (strncmp(sid, "SM", 2) == 0 || strncmp(sid, "MM", 2) == 0)
		return K_MESSAGE;
	if (strncmp(sid, "RE", 2) == 0)
		return K_RECORDING;
	if (uri && strstr(uri, "/Calls/") && !strstr(uri, "/Recordings/"))
		return K_CALL;
	if (uri && strstr(uri, "/Messages/"))
		return K_MESSAGE;
	if (uri && strstr(uri, "/Recordings/"))
		return K_RECORDING;
	return K_NONE;
}

/* The whole file, at most MAX_FILE bytes. */
static int load(struct reader *r, struct vox_error *err)
{
	size_t len = 0, cap = 0, got;
	char *buf = NULL, *p;
	json_error_t jerr;
	const char *keys[] = { "calls", "messages", "recordings" };
	const enum kind kinds[] = { K_CALL, K_MESSAGE, K_RECORDING };
	size_t i, skip = 0;

	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_FILE + 1)
				cap = MAX_FILE + 1;
			if (len == cap) {
				free(buf);
				return vox_error_set(err, VOX_E_LIMIT, "%s: "
						     "larger than %u MiB, the "
						     "cap of " FORMAT, r->name,
						     MAX_FILE >> 20);
			}
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				return vox_error_set(err, VOX_E_NOMEM,
						     "out of memory");
			}
			buf = p;
		}
		got = fread(buf + len, 1, cap - len, r->in);
		len += got;
	} while (got);
	if (ferror(r->in)) {
		free(buf);
		return vox_error_set(err, VOX_E_IO, "%s: read error", r->name);
	}
	if (len >= 2 && (memchr(buf, '\0', len < 64 ? len : 64))) {
		free(buf);
		return vox_error_set(err, VOX_E_DATA, "%s: NUL bytes: UTF-16 "
				     "or binary, not the UTF-8 JSON Twilio "
				     "writes", r->name);
	}
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	r->doc = json_loadb(buf + skip, len - skip, 0, &jerr);
	free(buf);
	if (!r->doc)
		return vox_error_set(err, VOX_E_DATA, "%s:%d:%d: invalid JSON: "
				     "%s", r->name, jerr.line, jerr.column,
				     jerr.text);
	if (json_is_array(r->doc)) {
		r->list = r->doc;
		r->n = json_array_size(r->list);
		return VOX_OK;
	}
	if (!json_is_object(r->doc))
		goto shape;
	for (i = 0; i < 3; i++) {
		const json_t *a = json_object_get(r->doc, keys[i]);

		if (!a)
			continue;
		if (!json_is_array(a))
			return vox_error_set(err, VOX_E_DATA, "%s: \"%s\" is "
					     "not an array", r->name, keys[i]);
		r->list = a;
		r->list_key = keys[i];
		r->list_kind = kinds[i];
		r->n = json_array_size(a);
		r->next_page = str(r->doc, "next_page_uri");
		return VOX_OK;
	}
	if (json_is_string(json_object_get(r->doc, "sid"))) {
		r->n = 1;
		return VOX_OK;
	}
shape:
	return vox_error_set(err, VOX_E_DATA, "%s: not a Twilio list page "
			     "(no calls, messages or recordings array) nor a "
			     "resource (no sid)", r->name);
}

static int fill(struct reader *r, const json_t *o, struct vox_error *err)
{
	const char *sid = json_is_object(o) ? str(o, "sid") : NULL;
	enum kind k = r->list_kind;
	int rc;

	if (r->list_key)
		snprintf(r->where, sizeof(r->where), "%s[%zu]%s%.40s%s",
			 r->list_key, r->i, sid ? " (" : "", sid ? sid : "",
			 sid ? ")" : "");
	else if (r->list)
		snprintf(r->where, sizeof(r->where), "[%zu]%s%.40s%s", r->i,
			 sid ? " (" : "", sid ? sid : "", sid ? ")" : "");
	else
		snprintf(r->where, sizeof(r->where), "%.40s",
			 sid ? sid : "resource");
	if (!json_is_object(o))
		return data_error(r, err, "not an object", NULL);
	if (!sid)
		return data_error(r, err, "no sid", NULL);
	if (k == K_NONE)
		k = kind_of_sid(sid, o);
	vox_arena_reset(&r->arena);
	r->oom = 0;
	memset(&r->rec, 0, sizeof(r->rec));
	switch (k) {
	case K_CALL:
		rc = fill_call(r, o, sid, err);
		break;
	case K_MESSAGE:
		rc = fill_message(r, o, sid, err);
		break;
	case K_RECORDING:
		rc = fill_recording(r, o, sid, err);
		break;
	default:
		return data_error(r, err, "not a Call, Message or Recording "
				  "(sid and uri say neither)", NULL);
	}
	if (rc != VOX_OK)
		return rc;
	if (r->next_page && r->i + 1 == r->n)
		extra(r, "next_page_uri", copy(r, r->next_page));
	if (r->oom)
		return vox_error_set(err, VOX_E_NOMEM, "%s: %s: out of memory",
				     r->name, r->where);
	return VOX_OK;
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;
	const json_t *o;

	if (!r->loaded) {
		r->loaded = 1;
		if (load(r, err) != VOX_OK) {
			r->n = 0;	/* one error for the file, then EOF */
			return VOX_ERR;
		}
	}
	if (r->i >= r->n)
		return VOX_EOF;
	o = r->list ? json_array_get(r->list, r->i) : r->doc;
	if (fill(r, o, err) != VOX_OK) {
		r->i++;
		return VOX_ERR;
	}
	r->i++;
	*rec = &r->rec;
	return VOX_OK;
}

/* ---- options, open and close ------------------------------------------ */

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	(void)state;
	(void)value;
	return vox_error_set(err, VOX_E_CONFIG,
			     FORMAT ": unknown option \"%.60s\"", key);
}

/* Twilio writes every time in GMT with its offset. */
static const char *time_zone(void *state)
{
	(void)state;
	return "UTC";
}

static void close_reader(void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	json_decref(r->doc);
	vox_arena_release(&r->arena);
	free(r);
}

static void *open_reader(const struct vox_source_args *args,
			 struct vox_error *err)
{
	struct reader *r = calloc(1, sizeof(*r));

	if (!r) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	r->in = args->in;
	r->name = args->name ? args->name : "-";
	r->plan = args->plan;
	vox_arena_init(&r->arena);
	return r;
}

const struct vox_source vox_source_twilio_json = {
	.name = FORMAT,
	.summary = "Twilio REST API Calls, Messages and Recordings (JSON "
		   "list pages or single resources)",
	.kinds = VOX_CALL | VOX_MESSAGE | VOX_RECORDING,
	.options = NULL,
	.bid = bid,
	.open = open_reader,
	.option = set_option,
	.next = next_record,
	.close = close_reader,
	.time_zone = time_zone,
};
