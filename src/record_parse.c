/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record_parse.c: calls, subjects, messages and recordings read back from
 * the JSON of record_json.c (schemas/v1/{call,subject,message,recording}),
 * and the helpers contact_parse.c shares; see record_parse.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "record.h"
#include "record_parse.h"
#include "timeconv.h"

#define TRY(x)                                  \
	do {                                    \
		if ((x) != VOX_OK)              \
			return VOX_ERR;         \
	} while (0)

/* ---- the pointer and errors --------------------------------------------- */

/* Append to the pointer; a pointer too long to hold is cut short. */
static void ptr_add(struct vox_parse *p, const char *s, size_t n)
{
	size_t room = sizeof(p->ptr) - 1 - p->len;

	if (n > room)
		n = room;
	memcpy(p->ptr + p->len, s, n);
	p->len += n;
	p->ptr[p->len] = '\0';
}

size_t vox_parse_key(struct vox_parse *p, const char *key)
{
	size_t old = p->len;

	ptr_add(p, "/", 1);
	/* RFC 6901: "~" is written "~0" and "/" is "~1". */
	for (; *key; key++)
		if (*key == '~')
			ptr_add(p, "~0", 2);
		else if (*key == '/')
			ptr_add(p, "~1", 2);
		else
			ptr_add(p, key, 1);
	return old;
}

size_t vox_parse_index(struct vox_parse *p, size_t i)
{
	char buf[32];
	size_t old = p->len;

	snprintf(buf, sizeof(buf), "/%zu", i);
	ptr_add(p, buf, strlen(buf));
	return old;
}

void vox_parse_leave(struct vox_parse *p, size_t len)
{
	p->len = len;
	p->ptr[len] = '\0';
}

int vox_parse_fail(struct vox_parse *p, const char *fmt, ...)
{
	char what[VOX_ERROR_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* The whole record is wrong: the caller names the line. */
	if (!p->len)
		return vox_error_set(p->err, VOX_E_DATA, "%s", what);
	return vox_error_set(p->err, VOX_E_DATA, "%s: %s", p->ptr, what);
}

int vox_parse_nomem(struct vox_parse *p)
{
	return vox_error_set(p->err, VOX_E_NOMEM, "out of memory");
}

/* ---- values ------------------------------------------------------------- */

static const char *type_name(json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		break;
	}
	return "null";
}

int vox_parse_get(struct vox_parse *p, const json_t *o, const char *key,
		  json_type t, const json_t **v)
{
	const json_t *m = json_object_get(o, key);
	size_t at;
	int ok;

	*v = NULL;
	if (!m)
		return VOX_OK;
	ok = t == JSON_TRUE ? json_is_boolean(m) : json_typeof(m) == t;
	if (!ok) {
		at = vox_parse_key(p, key);
		vox_parse_fail(p, "not %s", type_name(t));
		vox_parse_leave(p, at);
		return VOX_ERR;
	}
	*v = m;
	return VOX_OK;
}

int vox_parse_string(struct vox_parse *p, const json_t *v, const char **out)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	char *copy;

	if (!json_is_string(v))
		return vox_parse_fail(p, "not a string");
	/* A C string would end at the NUL and lose the rest unseen. */
	if (memchr(s, '\0', n))
		return vox_parse_fail(p, "holds a NUL character");
	copy = vox_arena_strndup(p->a, s, n);
	if (!copy)
		return vox_parse_nomem(p);
	*out = copy;
	return VOX_OK;
}

int vox_parse_str(struct vox_parse *p, const json_t *o, const char *key,
		  const char **out)
{
	const json_t *v;
	size_t at;

	TRY(vox_parse_get(p, o, key, JSON_STRING, &v));
	if (!v)
		return VOX_OK;
	at = vox_parse_key(p, key);
	TRY(vox_parse_string(p, v, out));
	vox_parse_leave(p, at);
	return VOX_OK;
}

int vox_parse_int(struct vox_parse *p, const json_t *o, const char *key,
		  int64_t min, int64_t max, int64_t *out)
{
	const json_t *v;
	json_int_t i;
	size_t at;

	TRY(vox_parse_get(p, o, key, JSON_INTEGER, &v));
	if (!v)
		return VOX_OK;
	i = json_integer_value(v);
	if (i < min || i > max) {
		at = vox_parse_key(p, key);
		vox_parse_fail(p, "%lld is out of range", (long long)i);
		vox_parse_leave(p, at);
		return VOX_ERR;
	}
	*out = i;
	return VOX_OK;
}

/* Member key, an RFC 3339 time; VOX_TIME_NONE when absent. */
static int get_time(struct vox_parse *p, const json_t *o, const char *key,
		    int64_t *ms)
{
	const json_t *v;
	size_t at;

	*ms = VOX_TIME_NONE;
	TRY(vox_parse_get(p, o, key, JSON_STRING, &v));
	if (!v)
		return VOX_OK;
	if (vox_time_parse_rfc3339(json_string_value(v), json_string_length(v),
				   ms) != VOX_OK) {
		at = vox_parse_key(p, key);
		vox_parse_fail(p, "not an RFC 3339 time");
		vox_parse_leave(p, at);
		return VOX_ERR;
	}
	return VOX_OK;
}

/* Member key, a non-negative integer; -1 when absent. */
static int get_count(struct vox_parse *p, const json_t *o, const char *key,
		     int64_t *out)
{
	*out = -1;
	return vox_parse_int(p, o, key, 0, INT64_MAX, out);
}

static int get_uint(struct vox_parse *p, const json_t *o, const char *key,
		    unsigned *out)
{
	int64_t v = 0;

	TRY(vox_parse_int(p, o, key, 0, UINT32_MAX, &v));
	*out = (unsigned)v;
	return VOX_OK;
}

static int get_u64(struct vox_parse *p, const json_t *o, const char *key,
		   uint64_t *out)
{
	int64_t v = 0;

	TRY(vox_parse_int(p, o, key, 0, INT64_MAX, &v));
	*out = (uint64_t)v;
	return VOX_OK;
}

/*
 * Member key, one of the names of an enum: from_name gives its value, or
 * -1; what says what it is ("direction") for the message.  When the
 * member is absent *out is left alone.
 */
static int get_enum(struct vox_parse *p, const json_t *o, const char *key,
		    int (*from_name)(const char *), const char *what, int *out)
{
	const char *s = NULL;
	size_t at;
	int v;

	TRY(vox_parse_str(p, o, key, &s));
	if (!s)
		return VOX_OK;
	v = from_name(s);
	if (v < 0) {
		at = vox_parse_key(p, key);
		vox_parse_fail(p, "unknown %s \"%s\"", what, s);
		vox_parse_leave(p, at);
		return VOX_ERR;
	}
	*out = v;
	return VOX_OK;
}

static int is_object(struct vox_parse *p, const json_t *v)
{
	return json_is_object(v) ? VOX_OK : vox_parse_fail(p, "not an object");
}

int vox_parse_array(struct vox_parse *p, const json_t *o, const char *key,
		    size_t size, vox_parse_fn fn, void **out, size_t *n)
{
	const json_t *arr;
	unsigned char *v;
	size_t i, at, at2, count;

	*out = NULL;
	*n = 0;
	TRY(vox_parse_get(p, o, key, JSON_ARRAY, &arr));
	if (!arr || !(count = json_array_size(arr)))
		return VOX_OK;
	v = vox_arena_calloc(p->a, count, size);
	if (!v)
		return vox_parse_nomem(p);
	at = vox_parse_key(p, key);
	for (i = 0; i < count; i++) {
		at2 = vox_parse_index(p, i);
		TRY(fn(p, json_array_get(arr, i), v + i * size));
		vox_parse_leave(p, at2);
	}
	vox_parse_leave(p, at);
	*out = v;
	*n = count;
	return VOX_OK;
}

int vox_parse_object(struct vox_parse *p, const json_t *o, const char *key,
		     vox_parse_fn fn, void *out)
{
	const json_t *v;
	size_t at;

	TRY(vox_parse_get(p, o, key, JSON_OBJECT, &v));
	if (!v)
		return VOX_OK;
	at = vox_parse_key(p, key);
	TRY(fn(p, v, out));
	vox_parse_leave(p, at);
	return VOX_OK;
}

int vox_parse_strings(struct vox_parse *p, const json_t *o, const char *key,
		      struct vox_strings *s)
{
	const json_t *arr;
	const char **slot;
	size_t i, at, at2;

	TRY(vox_parse_get(p, o, key, JSON_ARRAY, &arr));
	if (!arr)
		return VOX_OK;
	at = vox_parse_key(p, key);
	for (i = 0; i < json_array_size(arr); i++) {
		at2 = vox_parse_index(p, i);
		slot = vox_arena_push(p->a, &s->v, &s->n, &s->cap,
				      sizeof(*slot));
		if (!slot)
			return vox_parse_nomem(p);
		TRY(vox_parse_string(p, json_array_get(arr, i), slot));
		vox_parse_leave(p, at2);
	}
	vox_parse_leave(p, at);
	return VOX_OK;
}

static int source_ref(struct vox_parse *p, const json_t *v, void *out)
{
	struct vox_source_ref *s = out;

	TRY(vox_parse_str(p, v, "format", &s->format));
	TRY(vox_parse_str(p, v, "file", &s->file));
	TRY(get_u64(p, v, "line", &s->line));
	return vox_parse_str(p, v, "id", &s->id);
}

int vox_parse_source_ref(struct vox_parse *p, const json_t *o,
			 const char *key, struct vox_source_ref *s)
{
	return vox_parse_object(p, o, key, source_ref, s);
}

int vox_parse_extra(struct vox_parse *p, const json_t *o, const char *key,
		    struct vox_extra *x)
{
	const json_t *obj, *v;
	const char *k, *s;
	size_t at, at2;

	TRY(vox_parse_get(p, o, key, JSON_OBJECT, &obj));
	if (!obj)
		return VOX_OK;
	at = vox_parse_key(p, key);
	json_object_foreach((json_t *)obj, k, v) {
		at2 = vox_parse_key(p, k);
		TRY(vox_parse_string(p, v, &s));
		if (vox_extra_add(p->a, x, k, s) != VOX_OK)
			return vox_parse_nomem(p);
		vox_parse_leave(p, at2);
	}
	vox_parse_leave(p, at);
	return VOX_OK;
}

/* ---- calls -------------------------------------------------------------- */

/*
 * A party: the writer puts "" for a missing raw, and for a missing number
 * the raw (or "" again), so "" comes back as NULL where that gives the
 * same JSON.
 */
static int party(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_party *d = out;

	TRY(is_object(p, o));
	TRY(vox_parse_str(p, o, "number", &d->number));
	TRY(vox_parse_str(p, o, "raw", &d->raw));
	TRY(vox_parse_str(p, o, "name", &d->name));
	if (d->raw && !*d->raw)
		d->raw = NULL;
	if (d->number && !*d->number && !d->raw)
		d->number = NULL;
	return VOX_OK;
}

static int get_direction(struct vox_parse *p, const json_t *o,
			 enum vox_direction *d)
{
	int v = VOX_DIR_UNKNOWN;

	TRY(get_enum(p, o, "direction", vox_direction_from_name, "direction",
		     &v));
	*d = (enum vox_direction)v;
	return VOX_OK;
}

static int get_status(struct vox_parse *p, const json_t *o,
		      enum vox_call_status *s)
{
	int v = VOX_CALL_UNKNOWN;

	TRY(get_enum(p, o, "status", vox_call_status_from_name, "call status",
		     &v));
	*s = (enum vox_call_status)v;
	return VOX_OK;
}

static int leg(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_call_leg *l = out;

	TRY(is_object(p, o));
	vox_call_leg_init(l);
	TRY(vox_parse_str(p, o, "id", &l->id));
	TRY(get_time(p, o, "start", &l->start));
	TRY(get_time(p, o, "answer", &l->answer));
	TRY(get_time(p, o, "end", &l->end));
	TRY(get_count(p, o, "duration", &l->duration));
	TRY(get_count(p, o, "billsec", &l->billsec));
	TRY(get_direction(p, o, &l->direction));
	TRY(get_status(p, o, &l->status));
	TRY(vox_parse_str(p, o, "disposition", &l->disposition));
	TRY(vox_parse_object(p, o, "from", party, &l->from));
	TRY(vox_parse_object(p, o, "to", party, &l->to));
	TRY(vox_parse_str(p, o, "channel", &l->channel));
	TRY(vox_parse_str(p, o, "peer_channel", &l->peer_channel));
	TRY(vox_parse_str(p, o, "context", &l->context));
	TRY(vox_parse_str(p, o, "application", &l->application));
	TRY(vox_parse_str(p, o, "application_data", &l->application_data));
	TRY(vox_parse_str(p, o, "account_code", &l->account_code));
	TRY(vox_parse_str(p, o, "peer_account", &l->peer_account));
	TRY(vox_parse_source_ref(p, o, "source", &l->source));
	return vox_parse_extra(p, o, "extra", &l->extra);
}

/* group_id is not in the JSON: the legs are joined already. */
static int call(struct vox_parse *p, const json_t *o, struct vox_call *c)
{
	void *legs;

	memset(c, 0, sizeof(*c));
	TRY(vox_parse_str(p, o, "id", &c->id));
	TRY(get_time(p, o, "start", &c->start));
	TRY(get_time(p, o, "answer", &c->answer));
	TRY(get_time(p, o, "end", &c->end));
	TRY(get_count(p, o, "duration", &c->duration));
	TRY(get_count(p, o, "billsec", &c->billsec));
	TRY(get_direction(p, o, &c->direction));
	TRY(get_status(p, o, &c->status));
	TRY(vox_parse_object(p, o, "from", party, &c->from));
	TRY(vox_parse_object(p, o, "to", party, &c->to));
	TRY(vox_parse_str(p, o, "account_code", &c->account_code));
	TRY(vox_parse_array(p, o, "legs", sizeof(*c->legs), leg, &legs,
			    &c->nlegs));
	c->legs = legs;
	c->caplegs = c->nlegs;
	return vox_parse_source_ref(p, o, "source", &c->source);
}

/* ---- subject ------------------------------------------------------------ */

/* Member key, an array of names: each the bit names[i] is 1 << i. */
static int get_bits(struct vox_parse *p, const json_t *o, const char *key,
		    const char *const *names, size_t nnames, const char *what,
		    unsigned *out)
{
	const json_t *arr;
	const char *s;
	size_t i, k, at, at2;

	TRY(vox_parse_get(p, o, key, JSON_ARRAY, &arr));
	if (!arr)
		return VOX_OK;
	at = vox_parse_key(p, key);
	for (i = 0; i < json_array_size(arr); i++) {
		at2 = vox_parse_index(p, i);
		TRY(vox_parse_string(p, json_array_get(arr, i), &s));
		for (k = 0; k < nnames && strcmp(s, names[k]) != 0; k++)
			;
		if (k == nnames)
			return vox_parse_fail(p, "unknown %s \"%s\"", what, s);
		*out |= 1u << k;
		vox_parse_leave(p, at2);
	}
	vox_parse_leave(p, at);
	return VOX_OK;
}

/* In the order of the VOX_CTX_ and VOX_TEL_ bits (record_json.c's). */
static const char *const context_names[] = { "home", "work", "other" };
static const char *const feature_names[] = {
	"voice", "mobile", "fax", "pager", "text", "video", "textphone", "main",
};

static int get_contexts(struct vox_parse *p, const json_t *o, unsigned *out)
{
	return get_bits(p, o, "contexts", context_names, 3, "context", out);
}

static int get_pref(struct vox_parse *p, const json_t *o, int *pref)
{
	int64_t v = 0;

	TRY(vox_parse_int(p, o, "pref", 1, INT32_MAX, &v));
	*pref = (int)v;
	return VOX_OK;
}

static int email(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_email *e = out;

	TRY(is_object(p, o));
	TRY(vox_parse_str(p, o, "address", &e->address));
	TRY(get_contexts(p, o, &e->contexts));
	TRY(vox_parse_str(p, o, "label", &e->label));
	return get_pref(p, o, &e->pref);
}

/* "raw" is "" for a missing one, as in a party. */
static int phone(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_phone *ph = out;

	TRY(is_object(p, o));
	TRY(vox_parse_str(p, o, "number", &ph->number));
	TRY(vox_parse_str(p, o, "raw", &ph->raw));
	if (ph->raw && !*ph->raw)
		ph->raw = NULL;
	TRY(vox_parse_str(p, o, "ext", &ph->ext));
	TRY(get_bits(p, o, "features", feature_names, 8, "phone feature",
		     &ph->features));
	TRY(get_contexts(p, o, &ph->contexts));
	TRY(vox_parse_str(p, o, "label", &ph->label));
	return get_pref(p, o, &ph->pref);
}

static int address(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_address *a = out;

	TRY(is_object(p, o));
	TRY(vox_parse_str(p, o, "pobox", &a->pobox));
	TRY(vox_parse_str(p, o, "extended", &a->extended));
	TRY(vox_parse_str(p, o, "street", &a->street));
	TRY(vox_parse_str(p, o, "locality", &a->locality));
	TRY(vox_parse_str(p, o, "region", &a->region));
	TRY(vox_parse_str(p, o, "postcode", &a->postcode));
	TRY(vox_parse_str(p, o, "country", &a->country));
	TRY(vox_parse_str(p, o, "full", &a->full));
	TRY(get_contexts(p, o, &a->contexts));
	TRY(vox_parse_str(p, o, "label", &a->label));
	return get_pref(p, o, &a->pref);
}

static int subscription(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_subscription *s = out;

	TRY(is_object(p, o));
	TRY(vox_parse_str(p, o, "plan", &s->plan));
	TRY(vox_parse_str(p, o, "status", &s->status));
	TRY(vox_parse_str(p, o, "start", &s->start));
	return vox_parse_str(p, o, "end", &s->end);
}

static int marketing(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_marketing *m = out;
	int v = VOX_CONSENT_UNKNOWN;

	TRY(is_object(p, o));
	TRY(vox_parse_str(p, o, "channel", &m->channel));
	TRY(get_enum(p, o, "consent", vox_consent_from_name, "consent", &v));
	m->consent = (enum vox_consent)v;
	return vox_parse_str(p, o, "updated", &m->updated);
}

static int date(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_date *d = out;
	int64_t y = 0, m = 0, day = 0;

	TRY(vox_parse_int(p, o, "year", 1, 9999, &y));
	TRY(vox_parse_int(p, o, "month", 1, 12, &m));
	TRY(vox_parse_int(p, o, "day", 1, 31, &day));
	TRY(vox_parse_str(p, o, "text", &d->text));
	d->year = (int)y;
	d->month = (int)m;
	d->day = (int)day;
	return VOX_OK;
}

/* An array member into a record's pointer, count and cap. */
#define ARRAY(p, o, key, arr, n, cap, fn)                                 \
	do {                                                              \
		void *v_;                                                 \
		TRY(vox_parse_array((p), (o), (key), sizeof(*(arr)), (fn), \
				    &v_, &(n)));                          \
		(arr) = v_;                                               \
		(cap) = (n);                                              \
	} while (0)

static int subject_name(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_subject *s = out;

	TRY(vox_parse_str(p, o, "title", &s->title));
	TRY(vox_parse_str(p, o, "given", &s->given));
	TRY(vox_parse_str(p, o, "family", &s->family));
	return vox_parse_str(p, o, "full", &s->full_name);
}

static int subject(struct vox_parse *p, const json_t *o, struct vox_subject *s)
{
	vox_subject_init(s);
	TRY(vox_parse_str(p, o, "id", &s->id));
	TRY(vox_parse_object(p, o, "name", subject_name, s));
	TRY(vox_parse_str(p, o, "organization", &s->organization));
	TRY(vox_parse_str(p, o, "job_title", &s->job_title));
	TRY(vox_parse_object(p, o, "birthday", date, &s->birthday));
	ARRAY(p, o, "emails", s->emails, s->nemails, s->capemails, email);
	ARRAY(p, o, "phones", s->phones, s->nphones, s->capphones, phone);
	ARRAY(p, o, "addresses", s->addresses, s->naddresses,
	      s->capaddresses, address);
	TRY(vox_parse_strings(p, o, "extensions", &s->extensions));
	TRY(vox_parse_strings(p, o, "account_codes", &s->account_codes));
	TRY(vox_parse_strings(p, o, "sip_usernames", &s->sip_usernames));
	ARRAY(p, o, "subscriptions", s->subscriptions, s->nsubscriptions,
	      s->capsubscriptions, subscription);
	ARRAY(p, o, "marketing", s->marketing, s->nmarketing, s->capmarketing,
	      marketing);
	TRY(vox_parse_str(p, o, "language", &s->language));
	TRY(vox_parse_str(p, o, "created", &s->created));
	TRY(vox_parse_source_ref(p, o, "source", &s->source));
	return vox_parse_extra(p, o, "extra", &s->extra);
}

/* ---- messages and recordings -------------------------------------------- */

static int part(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_message_part *m = out;

	TRY(is_object(p, o));
	TRY(vox_parse_str(p, o, "content_type", &m->content_type));
	TRY(vox_parse_str(p, o, "name", &m->name));
	TRY(vox_parse_str(p, o, "text", &m->text));
	TRY(get_u64(p, o, "bytes", &m->bytes));
	TRY(vox_parse_str(p, o, "sha256", &m->sha256));
	return vox_parse_str(p, o, "member", &m->member);
}

static int message_type(const char *name)
{
	if (strcmp(name, "sms") == 0)
		return VOX_MSG_SMS;
	return strcmp(name, "mms") == 0 ? VOX_MSG_MMS : -1;
}

static int message_box(struct vox_parse *p, const json_t *o,
		       enum vox_message_box *box)
{
	int v = VOX_BOX_UNKNOWN;

	TRY(get_enum(p, o, "box", vox_message_box_from_name, "message box",
		     &v));
	*box = (enum vox_message_box)v;
	return VOX_OK;
}

static int message(struct vox_parse *p, const json_t *o, struct vox_message *m)
{
	const json_t *read;
	int type = VOX_MSG_SMS;

	vox_message_init(m);
	TRY(vox_parse_str(p, o, "id", &m->id));
	TRY(vox_parse_str(p, o, "thread", &m->thread));
	TRY(get_enum(p, o, "type", message_type, "message type", &type));
	m->type = (enum vox_message_type)type;
	TRY(get_time(p, o, "date", &m->date));
	TRY(get_time(p, o, "date_sent", &m->date_sent));
	TRY(get_direction(p, o, &m->direction));
	TRY(message_box(p, o, &m->box));
	TRY(vox_parse_object(p, o, "from", party, &m->from));
	ARRAY(p, o, "to", m->to, m->nto, m->capto, party);
	TRY(vox_parse_str(p, o, "subject", &m->subject));
	TRY(vox_parse_str(p, o, "body", &m->body));
	TRY(vox_parse_get(p, o, "read", JSON_TRUE, &read));
	if (read)
		m->read = json_is_true(read);
	ARRAY(p, o, "parts", m->parts, m->nparts, m->capparts, part);
	TRY(vox_parse_source_ref(p, o, "source", &m->source));
	return vox_parse_extra(p, o, "extra", &m->extra);
}

static int recording_kind(const char *name)
{
	if (strcmp(name, "call") == 0)
		return VOX_REC_CALL;
	return strcmp(name, "voicemail") == 0 ? VOX_REC_VOICEMAIL : -1;
}

static int recording(struct vox_parse *p, const json_t *o,
		     struct vox_recording *r)
{
	int kind = VOX_REC_CALL;

	vox_recording_init(r);
	TRY(vox_parse_str(p, o, "id", &r->id));
	TRY(get_enum(p, o, "kind", recording_kind, "recording kind", &kind));
	r->kind = (enum vox_recording_kind)kind;
	TRY(vox_parse_str(p, o, "call_id", &r->call_id));
	TRY(get_time(p, o, "start", &r->start));
	TRY(get_count(p, o, "duration_ms", &r->duration_ms));
	TRY(vox_parse_str(p, o, "media_type", &r->media_type));
	TRY(vox_parse_str(p, o, "codec", &r->codec));
	TRY(get_uint(p, o, "sample_rate", &r->sample_rate));
	TRY(get_uint(p, o, "channels", &r->channels));
	TRY(get_uint(p, o, "bits_per_sample", &r->bits_per_sample));
	TRY(get_u64(p, o, "bytes", &r->bytes));
	TRY(vox_parse_str(p, o, "sha256", &r->sha256));
	TRY(vox_parse_str(p, o, "member", &r->member));
	TRY(vox_parse_source_ref(p, o, "source", &r->source));
	return vox_parse_extra(p, o, "extra", &r->extra);
}

/* ---- one record --------------------------------------------------------- */

int vox_record_from_json(const json_t *j, enum vox_kind kind,
			 struct vox_arena *a, struct vox_record *out,
			 struct vox_error *err)
{
	struct vox_parse p;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	p.a = a;
	p.err = err;
	p.ptr[0] = '\0';
	p.len = 0;
	if (!json_is_object(j))
		return vox_parse_fail(&p, "not a JSON object");
	switch (kind) {
	case VOX_SUBJECT:
		return subject(&p, j, &out->u.subject);
	case VOX_CONTACT:
		return vox_contact_from_card(&p, j, &out->u.contact);
	case VOX_CALL:
		return call(&p, j, &out->u.call);
	case VOX_MESSAGE:
		return message(&p, j, &out->u.message);
	case VOX_RECORDING:
		return recording(&p, j, &out->u.recording);
	}
	return vox_error_set(err, VOX_E_USAGE, "no record kind %d", (int)kind);
}
