/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record_cells.c: records as rows of typed cells (record_cells.h).
 *
 * Each kind has its column list and its row function side by side; a row
 * function calls the sink once per column, in the list's order (the unit
 * test test_record_cells checks the count).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact_json.h"
#include "record_cells.h"
#include "timeconv.h"

#define COLUMNS(name, ...)                                                 \
	static const struct vox_column name##_v[] = { __VA_ARGS__ };       \
	const struct vox_columns name = {                                   \
		name##_v, sizeof(name##_v) / sizeof(name##_v[0])            \
	}

#define T VOX_CELL_TEXT
#define N VOX_CELL_NUMBER
#define M VOX_CELL_TIME

COLUMNS(vox_call_columns,
	{ "id", T }, { "start", M }, { "answer", M }, { "end", M },
	{ "duration", N }, { "billsec", N }, { "direction", T },
	{ "status", T }, { "from_number", T }, { "from_raw", T },
	{ "from_name", T }, { "to_number", T }, { "to_raw", T },
	{ "to_name", T }, { "account_code", T }, { "legs", N },
	{ "source_file", T }, { "source_line", N });

COLUMNS(vox_message_columns,
	{ "id", T }, { "date", M }, { "date_sent", M }, { "type", T },
	{ "box", T }, { "direction", T }, { "from_number", T },
	{ "from_raw", T }, { "from_name", T }, { "to_numbers", T },
	{ "subject", T }, { "body", T }, { "read", T }, { "parts", N },
	{ "thread", T });

COLUMNS(vox_recording_columns,
	{ "id", T }, { "kind", T }, { "call_id", T }, { "start", M },
	{ "duration_ms", N }, { "media_type", T }, { "codec", T },
	{ "sample_rate", N }, { "channels", N }, { "bits_per_sample", N },
	{ "bytes", N }, { "sha256", T }, { "member", T },
	{ "source_file", T });

COLUMNS(vox_contact_columns,
	{ "uid", T }, { "full_name", T }, { "prefix", T }, { "given", T },
	{ "additional", T }, { "family", T }, { "suffix", T },
	{ "nicknames", T }, { "organization", T }, { "title", T },
	{ "birthday", T }, { "phones", T }, { "emails", T },
	{ "addresses", T }, { "links", T }, { "categories", T },
	{ "note", T });

COLUMNS(vox_subject_columns,
	{ "id", T }, { "title", T }, { "given", T }, { "family", T },
	{ "full_name", T }, { "organization", T }, { "job_title", T },
	{ "birthday", T }, { "phones", T }, { "emails", T },
	{ "addresses", T }, { "extensions", T }, { "account_codes", T },
	{ "sip_usernames", T }, { "language", T }, { "created", T });

#undef T
#undef N
#undef M

/* A partial date as text: 1970-03-05, --03-05 (no year), or as written. */
static int put_date(const struct vox_cell_sink *s, const struct vox_date *d,
		    struct vox_error *err)
{
	char buf[32];

	if (d->year && d->month && d->day)
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d->year, d->month,
			 d->day);
	else if (d->month && d->day)
		snprintf(buf, sizeof(buf), "--%02d-%02d", d->month, d->day);
	else
		snprintf(buf, sizeof(buf), "%s", d->text ? d->text : "");
	return s->text(s->ctx, buf, err);
}

/* One cell of n items, each item(i) or skipped when NULL, "; " between. */
static int put_list(const struct vox_cell_sink *sk, size_t n,
		    const char *(*item)(const void *, size_t), const void *v,
		    struct vox_error *err)
{
	size_t i, len = 0, cap = 1;
	int any = 0, rc;
	char *s;

	for (i = 0; i < n; i++) {
		const char *x = item(v, i);

		cap += (x ? strlen(x) : 0) + 2;
	}
	s = malloc(cap);
	if (!s)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *x = item(v, i);

		if (x)
			len += (size_t)snprintf(s + len, cap - len, "%s%s",
						any++ ? "; " : "", x);
	}
	rc = sk->text(sk->ctx, s, err);
	free(s);
	return rc;
}

static const char *party_item(const void *v, size_t i)
{
	const struct vox_party *p = &((const struct vox_party *)v)[i];

	return p->number ? p->number : p->raw ? p->raw : "";
}

static const char *string_item(const void *v, size_t i)
{
	return ((const struct vox_strings *)v)->v[i];
}

static const char *phone_item(const void *v, size_t i)
{
	const struct vox_phone *p = &((const struct vox_phone *)v)[i];

	return p->number ? p->number : p->raw;
}

static const char *email_item(const void *v, size_t i)
{
	return ((const struct vox_email *)v)[i].address;
}

static const char *link_item(const void *v, size_t i)
{
	return ((const struct vox_link *)v)[i].uri;
}

/* An address on one line: its formatted form, else its parts. */
static const char *address_item(const void *v, size_t i)
{
	static char buf[1024];
	const struct vox_address *a = &((const struct vox_address *)v)[i];
	const char *parts[] = { a->pobox, a->extended, a->street, a->locality,
				a->region, a->postcode, a->country };
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < sizeof(parts) / sizeof(parts[0]); k++)
		if (parts[k] && *parts[k] && len < sizeof(buf))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"%s%s", len ? ", " : "",
						parts[k]);
	if (!len && a->full)
		return a->full;
	return buf;
}

/*
 * Shorthands for the row functions: each stops at the first cell that
 * fails (the sinks' VOX_OK is 0).
 */
#define TEXT(x) s->text(s->ctx, (x), err)
#define NUM(x) s->number(s->ctx, (int64_t)(x), err)
#define TIME(x) s->time(s->ctx, (x), err)

static const char *party_number(const struct vox_party *p)
{
	return p->number ? p->number : p->raw;
}

int vox_call_cells(const struct vox_cell_sink *s, const struct vox_call *c,
		   struct vox_error *err)
{
	if (TEXT(c->id) || TIME(c->start) || TIME(c->answer) ||
	    TIME(c->end) || NUM(c->duration) || NUM(c->billsec) ||
	    TEXT(vox_direction_name(c->direction)) ||
	    TEXT(vox_call_status_name(c->status)) ||
	    TEXT(party_number(&c->from)) || TEXT(c->from.raw) ||
	    TEXT(c->from.name) || TEXT(party_number(&c->to)) ||
	    TEXT(c->to.raw) || TEXT(c->to.name) || TEXT(c->account_code) ||
	    NUM(c->nlegs) || TEXT(c->source.file) ||
	    NUM(c->source.line ? (int64_t)c->source.line : -1))
		return VOX_ERR;
	return VOX_OK;
}

int vox_message_cells(const struct vox_cell_sink *s,
		      const struct vox_message *g, struct vox_error *err)
{
	if (TEXT(g->id) || TIME(g->date) || TIME(g->date_sent) ||
	    TEXT(g->type == VOX_MSG_MMS ? "mms" : "sms") ||
	    TEXT(vox_message_box_name(g->box)) ||
	    TEXT(vox_direction_name(g->direction)) ||
	    TEXT(party_number(&g->from)) || TEXT(g->from.raw) ||
	    TEXT(g->from.name) ||
	    put_list(s, g->nto, party_item, g->to, err) ||
	    TEXT(g->subject) || TEXT(g->body) ||
	    TEXT(g->read < 0 ? "" : g->read ? "yes" : "no") ||
	    NUM(g->nparts) || TEXT(g->thread))
		return VOX_ERR;
	return VOX_OK;
}

int vox_recording_cells(const struct vox_cell_sink *s,
			const struct vox_recording *r, struct vox_error *err)
{
	if (TEXT(r->id) ||
	    TEXT(r->kind == VOX_REC_VOICEMAIL ? "voicemail" : "call") ||
	    TEXT(r->call_id) || TIME(r->start) || NUM(r->duration_ms) ||
	    TEXT(r->media_type) || TEXT(r->codec) ||
	    NUM(r->sample_rate ? (int64_t)r->sample_rate : -1) ||
	    NUM(r->channels ? (int64_t)r->channels : -1) ||
	    NUM(r->bits_per_sample ? (int64_t)r->bits_per_sample : -1) ||
	    NUM(r->bytes ? (int64_t)r->bytes : -1) || TEXT(r->sha256) ||
	    TEXT(r->member) || TEXT(r->source.file))
		return VOX_ERR;
	return VOX_OK;
}

int vox_contact_cells(const struct vox_cell_sink *s,
		      const struct vox_contact *c, struct vox_error *err)
{
	char uid[VOX_CONTACT_UID_MAX];
	const char *u = vox_contact_uid(c, uid);

	/* The archive's uid, derived from the card when it had none. */
	if (!u)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	if (TEXT(u) || TEXT(c->full_name) || TEXT(c->prefix) ||
	    TEXT(c->given) || TEXT(c->additional) || TEXT(c->family) ||
	    TEXT(c->suffix) ||
	    put_list(s, c->nicknames.n, string_item, &c->nicknames, err) ||
	    TEXT(c->organization) || TEXT(c->title) ||
	    put_date(s, &c->birthday, err) ||
	    put_list(s, c->nphones, phone_item, c->phones, err) ||
	    put_list(s, c->nemails, email_item, c->emails, err) ||
	    put_list(s, c->naddresses, address_item, c->addresses, err) ||
	    put_list(s, c->nlinks, link_item, c->links, err) ||
	    put_list(s, c->categories.n, string_item, &c->categories, err) ||
	    TEXT(c->note))
		return VOX_ERR;
	return VOX_OK;
}

int vox_subject_cells(const struct vox_cell_sink *s,
		      const struct vox_subject *sj, struct vox_error *err)
{
	if (TEXT(sj->id) || TEXT(sj->title) || TEXT(sj->given) ||
	    TEXT(sj->family) || TEXT(sj->full_name) ||
	    TEXT(sj->organization) || TEXT(sj->job_title) ||
	    put_date(s, &sj->birthday, err) ||
	    put_list(s, sj->nphones, phone_item, sj->phones, err) ||
	    put_list(s, sj->nemails, email_item, sj->emails, err) ||
	    put_list(s, sj->naddresses, address_item, sj->addresses, err) ||
	    put_list(s, sj->extensions.n, string_item, &sj->extensions,
		     err) ||
	    put_list(s, sj->account_codes.n, string_item, &sj->account_codes,
		     err) ||
	    put_list(s, sj->sip_usernames.n, string_item, &sj->sip_usernames,
		     err) ||
	    TEXT(sj->language) || TEXT(sj->created))
		return VOX_ERR;
	return VOX_OK;
}
