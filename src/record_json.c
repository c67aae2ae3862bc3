/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record_json.c: calls, subjects, messages and recordings as JSON, in the
 * shape of schemas/v1/{call,subject,message,recording}.schema.json.
 */
#include <string.h>

#include "record_json.h"
#include "timeconv.h"

/*
 * Builders keep going after a failure and report it once at the end, so
 * the code reads as the list of fields it writes.
 */
struct obj {
	json_t *o;
	int failed;
};

static void put(struct obj *b, const char *key, json_t *v)
{
	if (!v || json_object_set_new(b->o, key, v) != 0)
		b->failed = 1;
}

static void put_str(struct obj *b, const char *key, const char *s)
{
	if (s)
		put(b, key, json_string(s));
}

static void put_time(struct obj *b, const char *key, int64_t ms)
{
	char buf[32];

	if (ms == VOX_TIME_NONE)
		return;
	if (!vox_time_format(ms, buf)) {
		b->failed = 1;
		return;
	}
	put(b, key, json_string(buf));
}

static void put_int(struct obj *b, const char *key, int64_t v)
{
	if (v >= 0)
		put(b, key, json_integer(v));
}

static json_t *finish(struct obj *b)
{
	if (b->failed) {
		json_decref(b->o);
		return NULL;
	}
	return b->o;
}

static struct obj start(void)
{
	struct obj b = { json_object(), 0 };

	if (!b.o)
		b.failed = 1;
	return b;
}

json_t *vox_source_ref_to_json(const struct vox_source_ref *s)
{
	struct obj b = start();

	put_str(&b, "format", s->format ? s->format : "unknown");
	put_str(&b, "file", s->file);
	if (s->line)
		put(&b, "line", json_integer((json_int_t)s->line));
	put_str(&b, "id", s->id);
	return finish(&b);
}

json_t *vox_extra_to_json(const struct vox_extra *x)
{
	struct obj b = start();
	size_t i;

	for (i = 0; i < x->n; i++)
		put_str(&b, x->v[i].key, x->v[i].value);
	return finish(&b);
}

json_t *vox_contexts_to_json(unsigned contexts)
{
	json_t *a = json_array();

	if (!a)
		return NULL;
	if (contexts & VOX_CTX_HOME)
		json_array_append_new(a, json_string("home"));
	if (contexts & VOX_CTX_WORK)
		json_array_append_new(a, json_string("work"));
	if (contexts & VOX_CTX_OTHER)
		json_array_append_new(a, json_string("other"));
	return a;
}

static json_t *party_json(const struct vox_party *p)
{
	struct obj b = start();

	/*
	 * A party the source left empty (no caller ID) has no number and no
	 * raw; "" for one of them stands for a missing one (record_parse.c).
	 */
	if ((p->raw && *p->raw) || (p->number && *p->number)) {
		put_str(&b, "number", p->number ? p->number : p->raw);
		put_str(&b, "raw", p->raw ? p->raw : "");
	}
	put_str(&b, "name", p->name);
	return finish(&b);
}

static void put_extra(struct obj *b, const struct vox_extra *x)
{
	if (x->n)
		put(b, "extra", vox_extra_to_json(x));
}

static json_t *leg_json(const struct vox_call_leg *l)
{
	struct obj b = start();

	put_str(&b, "id", l->id);
	put_time(&b, "start", l->start);
	put_time(&b, "answer", l->answer);
	put_time(&b, "end", l->end);
	put_int(&b, "duration", l->duration);
	put_int(&b, "billsec", l->billsec);
	put_str(&b, "direction", vox_direction_name(l->direction));
	put_str(&b, "status", vox_call_status_name(l->status));
	put_str(&b, "disposition", l->disposition);
	put(&b, "from", party_json(&l->from));
	put(&b, "to", party_json(&l->to));
	put_str(&b, "channel", l->channel);
	put_str(&b, "peer_channel", l->peer_channel);
	put_str(&b, "context", l->context);
	put_str(&b, "application", l->application);
	put_str(&b, "application_data", l->application_data);
	put_str(&b, "account_code", l->account_code);
	put_str(&b, "peer_account", l->peer_account);
	put(&b, "source", vox_source_ref_to_json(&l->source));
	put_extra(&b, &l->extra);
	return finish(&b);
}

json_t *vox_call_to_json(const struct vox_call *c)
{
	struct obj b = start();
	json_t *legs = json_array();
	size_t i;

	put_str(&b, "id", c->id);
	put_time(&b, "start", c->start);
	put_time(&b, "answer", c->answer);
	put_time(&b, "end", c->end);
	put_int(&b, "duration", c->duration);
	put_int(&b, "billsec", c->billsec);
	put_str(&b, "direction", vox_direction_name(c->direction));
	put_str(&b, "status", vox_call_status_name(c->status));
	put(&b, "from", party_json(&c->from));
	put(&b, "to", party_json(&c->to));
	put_str(&b, "account_code", c->account_code);
	for (i = 0; legs && i < c->nlegs; i++)
		if (json_array_append_new(legs, leg_json(&c->legs[i])) != 0)
			b.failed = 1;
	put(&b, "legs", legs);
	put(&b, "source", vox_source_ref_to_json(&c->source));
	return finish(&b);
}

static const char *const feature_names[] = {
	"voice", "mobile", "fax", "pager", "text", "video", "textphone", "main",
};

static json_t *phone_json(const struct vox_phone *p)
{
	struct obj b = start();
	size_t i;

	put_str(&b, "number", p->number ? p->number : p->raw);
	put_str(&b, "raw", p->raw ? p->raw : "");
	put_str(&b, "ext", p->ext);
	if (p->features) {
		json_t *f = json_array();

		for (i = 0; f && i < 8; i++)
			if (p->features & (1u << i))
				json_array_append_new(
					f, json_string(feature_names[i]));
		put(&b, "features", f);
	}
	if (p->contexts)
		put(&b, "contexts", vox_contexts_to_json(p->contexts));
	put_str(&b, "label", p->label);
	if (p->pref > 0)
		put(&b, "pref", json_integer(p->pref));
	return finish(&b);
}

static json_t *email_json(const struct vox_email *e)
{
	struct obj b = start();

	put_str(&b, "address", e->address);
	if (e->contexts)
		put(&b, "contexts", vox_contexts_to_json(e->contexts));
	put_str(&b, "label", e->label);
	if (e->pref > 0)
		put(&b, "pref", json_integer(e->pref));
	return finish(&b);
}

static json_t *address_json(const struct vox_address *a)
{
	struct obj b = start();

	put_str(&b, "pobox", a->pobox);
	put_str(&b, "extended", a->extended);
	put_str(&b, "street", a->street);
	put_str(&b, "locality", a->locality);
	put_str(&b, "region", a->region);
	put_str(&b, "postcode", a->postcode);
	put_str(&b, "country", a->country);
	put_str(&b, "full", a->full);
	if (a->contexts)
		put(&b, "contexts", vox_contexts_to_json(a->contexts));
	put_str(&b, "label", a->label);
	if (a->pref > 0)
		put(&b, "pref", json_integer(a->pref));
	return finish(&b);
}

static json_t *date_json(const struct vox_date *d)
{
	struct obj b = start();

	if (d->year)
		put(&b, "year", json_integer(d->year));
	if (d->month)
		put(&b, "month", json_integer(d->month));
	if (d->day)
		put(&b, "day", json_integer(d->day));
	put_str(&b, "text", d->text);
	return finish(&b);
}

static json_t *strings_json(const struct vox_strings *s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < s->n; i++)
		if (json_array_append_new(a, json_string(s->v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* An array of n elements made by fn, put only when n > 0. */
#define PUT_ARRAY(b, key, arr, n, fn)                                  \
	do {                                                           \
		json_t *a_ = json_array();                             \
		size_t i_;                                             \
		if ((n) == 0) {                                        \
			json_decref(a_);                               \
			break;                                         \
		}                                                      \
		for (i_ = 0; a_ && i_ < (n); i_++)                     \
			if (json_array_append_new(a_, fn(&(arr)[i_])))  \
				(b)->failed = 1;                       \
		put((b), (key), a_);                                   \
	} while (0)

static json_t *subscription_json(const struct vox_subscription *s)
{
	struct obj b = start();

	put_str(&b, "plan", s->plan);
	put_str(&b, "status", s->status);
	put_str(&b, "start", s->start);
	put_str(&b, "end", s->end);
	return finish(&b);
}

static json_t *marketing_json(const struct vox_marketing *m)
{
	struct obj b = start();

	put_str(&b, "channel", m->channel);
	put_str(&b, "consent", vox_consent_name(m->consent));
	put_str(&b, "updated", m->updated);
	return finish(&b);
}

json_t *vox_subject_to_json(const struct vox_subject *s)
{
	struct obj b = start();

	put_str(&b, "id", s->id);
	if (s->title || s->given || s->family || s->full_name) {
		struct obj n = start();

		put_str(&n, "title", s->title);
		put_str(&n, "given", s->given);
		put_str(&n, "family", s->family);
		put_str(&n, "full", s->full_name);
		put(&b, "name", finish(&n));
	}
	put_str(&b, "organization", s->organization);
	put_str(&b, "job_title", s->job_title);
	if (s->birthday.year || s->birthday.month || s->birthday.text)
		put(&b, "birthday", date_json(&s->birthday));
	PUT_ARRAY(&b, "emails", s->emails, s->nemails, email_json);
	PUT_ARRAY(&b, "phones", s->phones, s->nphones, phone_json);
	PUT_ARRAY(&b, "addresses", s->addresses, s->naddresses, address_json);
	if (s->extensions.n)
		put(&b, "extensions", strings_json(&s->extensions));
	if (s->account_codes.n)
		put(&b, "account_codes", strings_json(&s->account_codes));
	if (s->sip_usernames.n)
		put(&b, "sip_usernames", strings_json(&s->sip_usernames));
	PUT_ARRAY(&b, "subscriptions", s->subscriptions, s->nsubscriptions,
		  subscription_json);
	PUT_ARRAY(&b, "marketing", s->marketing, s->nmarketing,
		  marketing_json);
	put_str(&b, "language", s->language);
	put_str(&b, "created", s->created);
	put(&b, "source", vox_source_ref_to_json(&s->source));
	put_extra(&b, &s->extra);
	return finish(&b);
}

static json_t *part_json(const struct vox_message_part *p)
{
	struct obj b = start();

	put_str(&b, "content_type", p->content_type);
	put_str(&b, "name", p->name);
	put_str(&b, "text", p->text);
	if (!p->text)
		put(&b, "bytes", json_integer((json_int_t)p->bytes));
	put_str(&b, "sha256", p->sha256);
	put_str(&b, "member", p->member);
	return finish(&b);
}

json_t *vox_message_to_json(const struct vox_message *m)
{
	struct obj b = start();
	json_t *to = json_array();
	size_t i;

	put_str(&b, "id", m->id);
	put_str(&b, "thread", m->thread);
	put_str(&b, "type", m->type == VOX_MSG_MMS ? "mms" : "sms");
	put_time(&b, "date", m->date);
	put_time(&b, "date_sent", m->date_sent);
	put_str(&b, "direction", vox_direction_name(m->direction));
	put_str(&b, "box", vox_message_box_name(m->box));
	put(&b, "from", party_json(&m->from));
	for (i = 0; to && i < m->nto; i++)
		if (json_array_append_new(to, party_json(&m->to[i])) != 0)
			b.failed = 1;
	put(&b, "to", to);
	put_str(&b, "subject", m->subject);
	put_str(&b, "body", m->body);
	if (m->read >= 0)
		put(&b, "read", json_boolean(m->read));
	PUT_ARRAY(&b, "parts", m->parts, m->nparts, part_json);
	put(&b, "source", vox_source_ref_to_json(&m->source));
	put_extra(&b, &m->extra);
	return finish(&b);
}

json_t *vox_recording_to_json(const struct vox_recording *r)
{
	struct obj b = start();

	put_str(&b, "id", r->id);
	put_str(&b, "kind", r->kind == VOX_REC_VOICEMAIL ? "voicemail" :
		"call");
	put_str(&b, "call_id", r->call_id);
	put_time(&b, "start", r->start);
	put_int(&b, "duration_ms", r->duration_ms);
	put_str(&b, "media_type", r->media_type);
	put_str(&b, "codec", r->codec);
	if (r->sample_rate)
		put(&b, "sample_rate", json_integer(r->sample_rate));
	if (r->channels)
		put(&b, "channels", json_integer(r->channels));
	if (r->bits_per_sample)
		put(&b, "bits_per_sample", json_integer(r->bits_per_sample));
	put(&b, "bytes", json_integer((json_int_t)r->bytes));
	put_str(&b, "sha256", r->sha256);
	put_str(&b, "member", r->member);
	put(&b, "source", vox_source_ref_to_json(&r->source));
	put_extra(&b, &r->extra);
	return finish(&b);
}
