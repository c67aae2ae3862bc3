/* SPDX-License-Identifier: Apache-2.0 */
/*
 * freeswitch_cdr.c: one FreeSWITCH CDR (mod_xml_cdr or mod_json_cdr, as
 * read into a struct vox_fs_cdr) to a call of one leg.
 *
 * Values.  Both modules URL-encode the variables with switch_url_encode()
 * (mod_json_cdr unless encode-values=false): bytes below 0x20 or above
 * 0x7E and CR LF space # % & + : ; < = > ? @ [ \ ] ^ ` { | } " become %XX.
 * Whether a file was encoded is decided by its content: a value holding
 * one of those bytes (other than '%') was not encoded, so neither was any
 * value of that file; otherwise every %XX is decoded (a '%' not followed
 * by two hex digits stays).  Decoded bytes that are not UTF-8 are read as
 * Windows-1252.  The caller profile and times are never URL-encoded.
 *
 * Mapping (variables first, the newest callflow's caller profile when a
 * variable is missing; the newest callflow is the one with the highest
 * profile_index, the first in the file when none has one):
 *   uuid (else the profile's uuid)          leg id
 *   call_uuid; else, on an outbound leg,    the call's group_id and id, so
 *     the originator profile's uuid,        that src/call_group.c joins the
 *     signal_bond or bridge_uuid; else      A- and B-legs of one call
 *     uuid
 *   caller_id_name, caller_id_number       from (an empty number: absent)
 *   destination_number                      to; callee_id_name its name
 *   channel_name (else chan_name)           channel
 *   bridge_channel (else the originatee     peer_channel
 *     profile's chan_name)
 *   context, accountcode                    context, account_code
 *   last_app, last_arg (else the callflow's application, data
 *     last_executed application)
 *   start/answer/end: *_uepoch (µs), else *_epoch (s), else *_stamp (local
 *     time in the source's zone), else the callflows' created_time,
 *     answered_time, hangup_time; 0 means "did not happen"
 *   duration, billsec (else from the times, in whole seconds as
 *     FreeSWITCH counts them)
 *   hangup_cause                            disposition, as written, and
 *     status: answered whenever the leg was answered (an answer time or
 *     billsec > 0), whatever the cause; else NO_ANSWER, NO_USER_RESPONSE,
 *     PROGRESS_TIMEOUT, RECOVERY_ON_TIMER_EXPIRE and an unanswered
 *     NORMAL_CLEARING no answer; USER_BUSY, CALL_REJECTED, DECLINE busy;
 *     ORIGINATOR_CANCEL, LOSE_RACE, PICKED_OFF, NO_PICKUP cancelled;
 *     NORMAL_CIRCUIT_CONGESTION, SWITCH_CONGESTION congestion; any other
 *     cause failed; no cause unknown
 *   call_direction (inbound, outbound,      direction (the subject matcher
 *     local: set by FusionPBX and others)   decides it for shared sources)
 * Kept in the leg's extra: every other variable, decoded, under its own
 * name (a variable written several times, an array, as FreeSWITCH shows
 * arrays: "ARRAY::a|:b"); caller_id when it is not `"name" <number>` of
 * the mapped caller; switchname and core_uuid; each hold record as
 * hold<N> = "<on>/<off>" (RFC 3339) and hold<N>.bridged_to; the
 * destination_number of each older callflow as
 * callflow<profile_index>.destination_number (a transfer's history).
 * Dropped: the channel's own direction (it only tells the A-leg from the
 * B-leg, which the grouping does), the other spellings of the mapped
 * times and durations (*_stamp, *_epoch, mduration, uduration, billmsec,
 * billusec) and hangup_cause_q850 (the cause's number), call-stats / callStats
 * (media statistics), app_log, and the rest of channel_data and the
 * callflows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "freeswitch_cdr.h"
#include "phone.h"
#include "record.h"
#include "text.h"
#include "timeconv.h"

#define MAX_MS 253402300799999LL	/* 9999-12-31T23:59:59.999Z */

struct map {
	const struct vox_fs_map *m;
	const struct vox_fs_cdr *cdr;
	const struct vox_fs_flow *flow;	/* the newest, or NULL */
	struct vox_call_leg *leg;
	int encoded;
	int oom;
	unsigned char *used;		/* per variable: mapped */
};

/* The variables mapped to fields or dropped on purpose. */
static const char *const mapped[] = {
	"uuid", "call_uuid", "direction", "call_direction", "caller_id_name",
	"caller_id_number", "destination_number", "channel_name",
	"bridge_channel", "context", "accountcode", "last_app", "last_arg",
	"hangup_cause", "hangup_cause_q850", "start_stamp", "answer_stamp",
	"end_stamp", "start_epoch", "answer_epoch", "end_epoch",
	"start_uepoch", "answer_uepoch", "end_uepoch", "duration",
	"mduration", "uduration", "billsec", "billmsec", "billusec", NULL,
};

/* ---- values ----------------------------------------------------------- */

/* A byte switch_url_encode() never leaves as it is ('%' aside). */
static int always_encoded(unsigned char c)
{
	return c < 0x20 || c > 0x7E || (c != '%' &&
		strchr("\r\n #&+:;<=>?@[\\]^`{|}\"", c) != NULL);
}

static int encoded_file(const struct vox_fs_cdr *cdr)
{
	size_t i;
	const unsigned char *s;

	for (i = 0; i < cdr->vars.n; i++)
		for (s = (const unsigned char *)cdr->vars.v[i].value; *s; s++)
			if (always_encoded(*s))
				return 0;
	return 1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* UTF-8 copy of s, URL-decoded when the file is; NULL when empty. */
static const char *text(struct map *x, const char *s, int decode)
{
	size_t len, i, o = 0;
	char *buf, *t;

	if (!s || !*s)
		return NULL;
	len = strlen(s);
	if (!decode) {
		t = vox_text_utf8(x->m->arena, s, len, NULL);
	} else {
		buf = vox_arena_alloc(x->m->arena, len + 1);
		if (!buf) {
			x->oom = 1;
			return NULL;
		}
		for (i = 0; i < len; i++) {
			int hi, lo;

			if (s[i] == '%' && i + 2 < len &&
			    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
			    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
				buf[o++] = (char)(hi << 4 | lo);
				i += 2;
			} else {
				buf[o++] = s[i];
			}
		}
		if (!o)
			return NULL;
		t = vox_text_utf8(x->m->arena, buf, o, NULL);
	}
	if (!t)
		x->oom = 1;
	return t;
}

/* The variable's first value, decoded; NULL when absent or empty. */
static const char *var(struct map *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->cdr->vars.n; i++)
		if (strcmp(x->cdr->vars.v[i].key, name) == 0)
			return text(x, x->cdr->vars.v[i].value, x->encoded);
	return NULL;
}

static const char *profile(struct map *x, const char *name)
{
	if (!x->flow)
		return NULL;
	return text(x, vox_extra_get(&x->flow->profile, name), 0);
}

static const char *var_or_profile(struct map *x, const char *name)
{
	const char *v = var(x, name);

	return v ? v : profile(x, name);
}

static void extra(struct map *x, const char *key, const char *value)
{
	if (value && vox_extra_add(x->m->arena, &x->leg->extra, key, value) !=
	    VOX_OK)
		x->oom = 1;
}

static void party(struct map *x, struct vox_party *p, const char *raw)
{
	size_t len, outsz;
	char *out;

	p->raw = raw;
	if (!raw)
		return;
	len = strlen(raw);
	outsz = len + VOX_PHONE_E164_MAX;
	out = vox_arena_alloc(x->m->arena, outsz);
	if (!out) {
		x->oom = 1;
		return;
	}
	out[0] = '\0';
	vox_phone_normalise(x->m->plan, raw, len, out, outsz);
	p->number = out[0] && strcmp(out, raw) != 0 ? out : raw;
}

/* A non-negative integer of at most 18 digits; -1 when not one. */
static long long integer(const char *s)
{
	long long v = 0;
	size_t n = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n >= 18)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static int bad(struct map *x, struct vox_error *err, const char *what,
	       const char *value)
{
	return vox_error_set(err, VOX_E_DATA, "%s: bad %s \"%.60s\"",
			     x->m->name, what, value);
}

/* µs since the epoch to ms; 0 is "did not happen". */
static int usec_time(struct map *x, const char *what, const char *s,
		     int64_t *ms, struct vox_error *err)
{
	long long v = integer(s);

	if (v < 0 || v / 1000 > MAX_MS)
		return bad(x, err, what, s);
	*ms = v ? v / 1000 : VOX_TIME_NONE;
	return VOX_OK;
}

/*
 * One of start, answer, end: WHAT_uepoch, else WHAT_epoch, else WHAT_stamp,
 * else the callflows' time FLOWKEY (earliest or, with LATEST, latest).
 */
static int leg_time(struct map *x, const char *what, const char *flowkey,
		    int latest, int64_t *ms, struct vox_error *err)
{
	char name[32];
	const char *s;
	size_t i;

	*ms = VOX_TIME_NONE;
	snprintf(name, sizeof(name), "%s_uepoch", what);
	if ((s = var(x, name)))
		return usec_time(x, name, s, ms, err);
	snprintf(name, sizeof(name), "%s_epoch", what);
	if ((s = var(x, name))) {
		long long v = integer(s);

		if (v < 0 || v > MAX_MS / 1000)
			return bad(x, err, name, s);
		*ms = v ? v * 1000 : VOX_TIME_NONE;
		return VOX_OK;
	}
	snprintf(name, sizeof(name), "%s_stamp", what);
	if ((s = var(x, name))) {
		if (vox_time_parse_local(s, strlen(s), x->m->tz, ms) != VOX_OK)
			return bad(x, err, name, s);
		return VOX_OK;
	}
	for (i = 0; i < x->cdr->nflows; i++) {
		int64_t t = VOX_TIME_NONE;

		s = vox_extra_get(&x->cdr->flows[i].times, flowkey);
		if (!s)
			continue;
		if (usec_time(x, flowkey, s, &t, err) != VOX_OK)
			return VOX_ERR;
		if (t != VOX_TIME_NONE &&
		    (*ms == VOX_TIME_NONE || (latest ? t > *ms : t < *ms)))
			*ms = t;
	}
	return VOX_OK;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Seconds: the variable, else b - a in whole seconds, else dflt. */
static int seconds(struct map *x, const char *name, int64_t a, int64_t b,
		   int64_t dflt, int64_t *out, struct vox_error *err)
{
	const char *s = var(x, name);
	long long v;

	if (s) {
		v = integer(s);
		if (v < 0)
			return bad(x, err, name, s);
		*out = v;
		return VOX_OK;
	}
	*out = a != VOX_TIME_NONE && b != VOX_TIME_NONE ?
		floor_div(b, 1000) - floor_div(a, 1000) : dflt;
	return VOX_OK;
}

static enum vox_call_status status_of(const char *cause, int answered)
{
	static const struct {
		const char *cause;
		enum vox_call_status status;
	} map[] = {
		{ "NORMAL_CLEARING", VOX_CALL_NO_ANSWER },
		{ "NO_ANSWER", VOX_CALL_NO_ANSWER },
		{ "NO_USER_RESPONSE", VOX_CALL_NO_ANSWER },
		{ "PROGRESS_TIMEOUT", VOX_CALL_NO_ANSWER },
		{ "RECOVERY_ON_TIMER_EXPIRE", VOX_CALL_NO_ANSWER },
		{ "USER_BUSY", VOX_CALL_BUSY },
		{ "CALL_REJECTED", VOX_CALL_BUSY },
		{ "DECLINE", VOX_CALL_BUSY },
		{ "ORIGINATOR_CANCEL", VOX_CALL_CANCELLED },
		{ "LOSE_RACE", VOX_CALL_CANCELLED },
		{ "PICKED_OFF", VOX_CALL_CANCELLED },
		{ "NO_PICKUP", VOX_CALL_CANCELLED },
		{ "NORMAL_CIRCUIT_CONGESTION", VOX_CALL_CONGESTION },
		{ "SWITCH_CONGESTION", VOX_CALL_CONGESTION },
	};
	size_t i;

	if (answered)
		return VOX_CALL_ANSWERED;
	if (!cause)
		return VOX_CALL_UNKNOWN;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(cause, map[i].cause) == 0)
			return map[i].status;
	return VOX_CALL_FAILED;
}

static enum vox_direction direction_of(const char *d)
{
	if (!d)
		return VOX_DIR_UNKNOWN;
	if (strcmp(d, "inbound") == 0)
		return VOX_DIR_INBOUND;
	if (strcmp(d, "outbound") == 0)
		return VOX_DIR_OUTBOUND;
	if (strcmp(d, "local") == 0)
		return VOX_DIR_INTERNAL;
	return VOX_DIR_UNKNOWN;
}

/* The newest callflow: the highest profile_index, else the first. */
static const struct vox_fs_flow *newest(const struct vox_fs_cdr *cdr)
{
	const struct vox_fs_flow *best = NULL;
	long long besti = -1;
	size_t i;

	for (i = 0; i < cdr->nflows; i++) {
		long long k = integer(cdr->flows[i].profile_index);

		if (!best || k > besti) {
			best = &cdr->flows[i];
			besti = k;
		}
	}
	return best;
}

/* ---- what goes to extra ----------------------------------------------- */

static int is_mapped(const char *name)
{
	size_t i;

	for (i = 0; mapped[i]; i++)
		if (strcmp(mapped[i], name) == 0)
			return 1;
	return 0;
}

struct by_name {
	const char *key;
	size_t i;
};

static int name_order(const void *a, const void *b)
{
	const struct by_name *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * For each variable, the index of the next one of the same name, or 0:
 * found by sorting, so that a hostile file of a million variables costs
 * n log n, not n^2.  NULL when out of memory.
 */
static size_t *same_names(struct map *x)
{
	const struct vox_extra *v = &x->cdr->vars;
	struct by_name *s = vox_arena_calloc(x->m->arena, v->n + 1,
					     sizeof(*s));
	size_t *next = vox_arena_calloc(x->m->arena, v->n + 1, sizeof(*next));
	size_t i;

	if (!s || !next) {
		x->oom = 1;
		return NULL;
	}
	for (i = 0; i < v->n; i++) {
		s[i].key = v->v[i].key;
		s[i].i = i;
	}
	if (v->n)
		qsort(s, v->n, sizeof(*s), name_order);
	for (i = 0; i + 1 < v->n; i++)
		if (strcmp(s[i].key, s[i + 1].key) == 0)
			next[s[i].i] = s[i + 1].i;
	return next;
}

/*
 * The values of the variable i and those of the same name after it, as
 * FreeSWITCH shows an array: "ARRAY::a|:b|:c".  Marks the later ones used.
 */
static const char *array(struct map *x, const size_t *next, size_t i)
{
	const struct vox_extra *v = &x->cdr->vars;
	size_t len = 7, j, o;
	char *out;

	j = i;
	do {
		const char *t = text(x, v->v[j].value, x->encoded);

		len += (t ? strlen(t) : 0) + 2;
	} while ((j = next[j]));
	out = vox_arena_alloc(x->m->arena, len + 1);
	if (!out) {
		x->oom = 1;
		return NULL;
	}
	memcpy(out, "ARRAY::", 7);
	o = 7;
	j = i;
	do {
		const char *t = text(x, v->v[j].value, x->encoded);
		size_t n = t ? strlen(t) : 0;

		if (j != i) {
			memcpy(out + o, "|:", 2);
			o += 2;
			x->used[j] = 1;
		}
		memcpy(out + o, t ? t : "", n);
		o += n;
	} while ((j = next[j]));
	out[o] = '\0';
	return out;
}

/* Every variable not mapped, in file order; repeated names as arrays. */
static void other_vars(struct map *x, const char *caller_id_made)
{
	const struct vox_extra *v = &x->cdr->vars;
	size_t *next = same_names(x);
	size_t i;

	for (i = 0; next && i < v->n; i++) {
		const char *key = v->v[i].key, *val;

		if (x->used[i] || is_mapped(key))
			continue;
		val = text(x, v->v[i].value, x->encoded);
		if (strcmp(key, "caller_id") == 0 && caller_id_made && val &&
		    strcmp(val, caller_id_made) == 0)
			continue;
		if (next[i])
			val = array(x, next, i);
		extra(x, key, val);
	}
}

/* A µs time as RFC 3339, or as written when it is not one. */
static const char *usec_text(struct map *x, const char *s)
{
	char buf[VOX_TIME_FORMAT_MAX];
	long long v = integer(s);

	if (v > 0 && v / 1000 <= MAX_MS && vox_time_format(v / 1000, buf))
		return text(x, buf, 0);
	return text(x, s, 0);
}

static void holds(struct map *x)
{
	size_t i;

	for (i = 0; i < x->cdr->nholds; i++) {
		const struct vox_fs_hold *h = &x->cdr->holds[i];
		const char *on = usec_text(x, h->on), *off = usec_text(x, h->off);
		char key[48];

		snprintf(key, sizeof(key), "hold%zu", i + 1);
		extra(x, key, vox_arena_printf(x->m->arena, "%s/%s",
					       on ? on : "", off ? off : ""));
		snprintf(key, sizeof(key), "hold%zu.bridged_to", i + 1);
		extra(x, key, text(x, h->bridged_to, 0));
	}
}

static void older_flows(struct map *x)
{
	size_t i;

	for (i = 0; i < x->cdr->nflows; i++) {
		const struct vox_fs_flow *f = &x->cdr->flows[i];
		const char *key;

		if (f == x->flow)
			continue;
		if (f->profile_index)
			key = vox_arena_printf(x->m->arena, "callflow%.20s."
					       "destination_number",
					       f->profile_index);
		else
			key = vox_arena_printf(x->m->arena, "callflow#%zu."
					       "destination_number", i + 1);
		if (!key)
			x->oom = 1;
		else
			extra(x, key, text(x, vox_extra_get(&f->profile,
				"destination_number"), 0));
	}
}

/* ---- the call --------------------------------------------------------- */

static const char *group_of(struct map *x, const char *uuid)
{
	const char *d, *g = var(x, "call_uuid");

	if (g)
		return g;
	d = var(x, "direction");
	if (!d)
		d = text(x, x->cdr->channel_direction, 0);
	if (d && strcmp(d, "outbound") == 0) {
		if (x->flow && x->flow->originator_uuid)
			return text(x, x->flow->originator_uuid, 0);
		if ((g = var(x, "signal_bond")) || (g = var(x, "bridge_uuid")))
			return g;
	}
	return uuid;
}

static int times(struct map *x, struct vox_error *err)
{
	struct vox_call_leg *l = x->leg;

	if (leg_time(x, "start", "created_time", 0, &l->start, err) !=
		    VOX_OK ||
	    leg_time(x, "answer", "answered_time", 0, &l->answer, err) !=
		    VOX_OK ||
	    leg_time(x, "end", "hangup_time", 1, &l->end, err) != VOX_OK)
		return VOX_ERR;
	if (l->start == VOX_TIME_NONE)
		return vox_error_set(err, VOX_E_DATA, "%s: no start time "
				     "(start_uepoch, start_epoch, start_stamp "
				     "or a callflow's created_time)",
				     x->m->name);
	if (seconds(x, "duration", l->start, l->end, -1, &l->duration,
		    err) != VOX_OK ||
	    seconds(x, "billsec", l->answer, l->end, 0, &l->billsec, err) !=
		    VOX_OK)
		return VOX_ERR;
	return VOX_OK;
}

int vox_fs_cdr_map(const struct vox_fs_map *m, const struct vox_fs_cdr *cdr,
		   struct vox_record *rec, struct vox_call_leg *leg,
		   struct vox_error *err)
{
	struct map x = { m, cdr, newest(cdr), leg, encoded_file(cdr), 0,
			 NULL };
	struct vox_call *call = &rec->u.call;
	const char *uuid, *app, *caller_id = NULL;

	memset(rec, 0, sizeof(*rec));
	vox_call_leg_init(leg);
	x.used = vox_arena_calloc(m->arena, cdr->vars.n + 1, 1);
	if (!x.used)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	if (times(&x, err) != VOX_OK)
		return VOX_ERR;

	uuid = var_or_profile(&x, "uuid");
	leg->id = uuid;
	leg->from.name = var_or_profile(&x, "caller_id_name");
	party(&x, &leg->from, var_or_profile(&x, "caller_id_number"));
	party(&x, &leg->to, var_or_profile(&x, "destination_number"));
	leg->to.name = profile(&x, "callee_id_name");
	leg->channel = var(&x, "channel_name");
	if (!leg->channel)
		leg->channel = profile(&x, "chan_name");
	leg->peer_channel = var(&x, "bridge_channel");
	if (!leg->peer_channel && x.flow)
		leg->peer_channel = text(&x, x.flow->originatee_chan, 0);
	leg->context = var_or_profile(&x, "context");
	leg->account_code = var(&x, "accountcode");
	app = var(&x, "last_app");
	if (app) {
		leg->application = app;
		leg->application_data = var(&x, "last_arg");
	} else if (x.flow) {
		leg->application = text(&x, x.flow->app, 0);
		leg->application_data = text(&x, x.flow->app_data, 0);
	}
	leg->disposition = var(&x, "hangup_cause");
	leg->status = status_of(leg->disposition,
				leg->answer != VOX_TIME_NONE ||
				leg->billsec > 0);
	leg->direction = direction_of(var(&x, "call_direction"));
	leg->source.format = m->format;
	leg->source.file = m->name;
	leg->source.id = uuid;

	if (leg->from.name || leg->from.raw) {
		caller_id = vox_arena_printf(m->arena, "\"%s\" <%s>",
			leg->from.name ? leg->from.name : "",
			leg->from.raw ? leg->from.raw : "");
		if (!caller_id)
			x.oom = 1;
	}
	other_vars(&x, caller_id);
	extra(&x, "switchname", text(&x, cdr->switchname, 0));
	extra(&x, "core_uuid", text(&x, cdr->core_uuid, 0));
	holds(&x);
	older_flows(&x);

	rec->kind = VOX_CALL;
	call->group_id = group_of(&x, uuid);
	call->id = call->group_id ? call->group_id : uuid;
	if (!call->id)
		call->id = m->name;
	call->from = leg->from;
	call->to = leg->to;
	call->start = leg->start;
	call->answer = leg->answer;
	call->end = leg->end;
	call->duration = leg->duration;
	call->billsec = leg->billsec;
	call->status = leg->status;
	call->direction = leg->direction;
	call->account_code = leg->account_code;
	call->legs = leg;
	call->nlegs = call->caplegs = 1;
	call->source = leg->source;
	if (x.oom)
		return vox_error_set(err, VOX_E_NOMEM, "%s: out of memory",
				     m->name);
	return VOX_OK;
}
