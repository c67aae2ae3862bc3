/*
 * record_csv.c: records as flat CSV rows (record_csv.h).
 *
 * A list (a message's recipients, a contact's phones) is one cell, its
 * items joined by "; "; times are RFC 3339 UTC as in the JSON form;
 * unknown numbers (a duration of -1) are empty cells.
 */
#include <stdlib.h>
#include <string.h>

#include "csv_write.h"
#include "record_csv.h"
#include "timeconv.h"

const char vox_call_csv_header[] =
	"id,start,answer,end,duration,billsec,direction,status,"
	"from_number,from_raw,from_name,to_number,to_raw,"
	"to_name,account_code,legs,source_file,source_line\r\n";
const char vox_message_csv_header[] =
	"id,date,date_sent,type,box,direction,from_number,"
	"from_raw,from_name,to_numbers,subject,body,read,parts,"
	"thread\r\n";
const char vox_recording_csv_header[] =
	"id,kind,call_id,start,duration_ms,media_type,codec,sample_rate,"
	"channels,bits_per_sample,bytes,sha256,member,source_file\r\n";
const char vox_contact_csv_header[] =
	"uid,full_name,prefix,given,additional,family,suffix,nicknames,"
	"organization,title,birthday,phones,emails,addresses,links,"
	"categories,note\r\n";
const char vox_subject_csv_header[] =
	"id,title,given,family,full_name,organization,job_title,birthday,"
	"phones,emails,addresses,extensions,account_codes,sip_usernames,"
	"language,created\r\n";

static int done(FILE *f, struct vox_error *err)
{
	if (ferror(f))
		return vox_error_set(err, VOX_E_IO, "a CSV row could not be "
				     "written");
	return VOX_OK;
}

static void put_time(FILE *f, int64_t ms)
{
	char buf[VOX_TIME_FORMAT_MAX];

	vox_csv_put(f, ms == VOX_TIME_NONE || !vox_time_format(ms, buf) ?
		    "" : buf, 0);
}

static void put_int(FILE *f, int64_t v, int last)
{
	char buf[32];

	if (v < 0)
		buf[0] = '\0';
	else
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
	vox_csv_put(f, buf, last);
}

static void put_date(FILE *f, const struct vox_date *d)
{
	char buf[32];

	if (d->year && d->month && d->day)
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d->year, d->month,
			 d->day);
	else if (d->month && d->day)
		snprintf(buf, sizeof(buf), "--%02d-%02d", d->month, d->day);
	else
		snprintf(buf, sizeof(buf), "%s", d->text ? d->text : "");
	vox_csv_put(f, buf, 0);
}

/* One cell of n items, each item(i) or skipped when NULL, "; " between. */
static int put_list(FILE *f, size_t n, const char *(*item)(const void *,
							     size_t),
		    const void *v, int last, struct vox_error *err)
{
	size_t i, len = 0, cap = 1;
	int any = 0;
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
	vox_csv_put(f, s, last);
	free(s);
	return VOX_OK;
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

int vox_call_csv_row(FILE *f, const struct vox_call *c,
		     struct vox_error *err)
{
	vox_csv_put(f, c->id, 0);
	put_time(f, c->start);
	put_time(f, c->answer);
	put_time(f, c->end);
	put_int(f, c->duration, 0);
	put_int(f, c->billsec, 0);
	vox_csv_put(f, vox_direction_name(c->direction), 0);
	vox_csv_put(f, vox_call_status_name(c->status), 0);
	vox_csv_put(f, c->from.number ? c->from.number : c->from.raw, 0);
	vox_csv_put(f, c->from.raw, 0);
	vox_csv_put(f, c->from.name, 0);
	vox_csv_put(f, c->to.number ? c->to.number : c->to.raw, 0);
	vox_csv_put(f, c->to.raw, 0);
	vox_csv_put(f, c->to.name, 0);
	vox_csv_put(f, c->account_code, 0);
	put_int(f, (int64_t)c->nlegs, 0);
	vox_csv_put(f, c->source.file, 0);
	put_int(f, c->source.line ? (int64_t)c->source.line : -1, 1);
	return done(f, err);
}

int vox_message_csv_row(FILE *f, const struct vox_message *g,
			struct vox_error *err)
{
	vox_csv_put(f, g->id, 0);
	put_time(f, g->date);
	put_time(f, g->date_sent);
	vox_csv_put(f, g->type == VOX_MSG_MMS ? "mms" : "sms", 0);
	vox_csv_put(f, vox_message_box_name(g->box), 0);
	vox_csv_put(f, vox_direction_name(g->direction), 0);
	vox_csv_put(f, g->from.number ? g->from.number : g->from.raw, 0);
	vox_csv_put(f, g->from.raw, 0);
	vox_csv_put(f, g->from.name, 0);
	if (put_list(f, g->nto, party_item, g->to, 0, err) != VOX_OK)
		return VOX_ERR;
	vox_csv_put(f, g->subject, 0);
	vox_csv_put(f, g->body, 0);
	vox_csv_put(f, g->read < 0 ? "" : g->read ? "yes" : "no", 0);
	put_int(f, (int64_t)g->nparts, 0);
	vox_csv_put(f, g->thread, 1);
	return done(f, err);
}

int vox_recording_csv_row(FILE *f, const struct vox_recording *r,
			  struct vox_error *err)
{
	vox_csv_put(f, r->id, 0);
	vox_csv_put(f, r->kind == VOX_REC_VOICEMAIL ? "voicemail" : "call", 0);
	vox_csv_put(f, r->call_id, 0);
	put_time(f, r->start);
	put_int(f, r->duration_ms, 0);
	vox_csv_put(f, r->media_type, 0);
	vox_csv_put(f, r->codec, 0);
	put_int(f, r->sample_rate ? (int64_t)r->sample_rate : -1, 0);
	put_int(f, r->channels ? (int64_t)r->channels : -1, 0);
	put_int(f, r->bits_per_sample ? (int64_t)r->bits_per_sample : -1,
		0);
	put_int(f, r->bytes ? (int64_t)r->bytes : -1, 0);
	vox_csv_put(f, r->sha256, 0);
	vox_csv_put(f, r->member, 0);
	vox_csv_put(f, r->source.file, 1);
	return done(f, err);
}

int vox_contact_csv_row(FILE *f, const struct vox_contact *c,
			struct vox_error *err)
{
	vox_csv_put(f, c->uid, 0);
	vox_csv_put(f, c->full_name, 0);
	vox_csv_put(f, c->prefix, 0);
	vox_csv_put(f, c->given, 0);
	vox_csv_put(f, c->additional, 0);
	vox_csv_put(f, c->family, 0);
	vox_csv_put(f, c->suffix, 0);
	if (put_list(f, c->nicknames.n, string_item, &c->nicknames, 0,
		     err) != VOX_OK)
		return VOX_ERR;
	vox_csv_put(f, c->organization, 0);
	vox_csv_put(f, c->title, 0);
	put_date(f, &c->birthday);
	if (put_list(f, c->nphones, phone_item, c->phones, 0, err) ||
	    put_list(f, c->nemails, email_item, c->emails, 0, err) ||
	    put_list(f, c->naddresses, address_item, c->addresses, 0, err) ||
	    put_list(f, c->nlinks, link_item, c->links, 0, err) ||
	    put_list(f, c->categories.n, string_item, &c->categories, 0, err))
		return VOX_ERR;
	vox_csv_put(f, c->note, 1);
	return done(f, err);
}

int vox_subject_csv_row(FILE *f, const struct vox_subject *s,
			struct vox_error *err)
{
	vox_csv_put(f, s->id, 0);
	vox_csv_put(f, s->title, 0);
	vox_csv_put(f, s->given, 0);
	vox_csv_put(f, s->family, 0);
	vox_csv_put(f, s->full_name, 0);
	vox_csv_put(f, s->organization, 0);
	vox_csv_put(f, s->job_title, 0);
	put_date(f, &s->birthday);
	if (put_list(f, s->nphones, phone_item, s->phones, 0, err) ||
	    put_list(f, s->nemails, email_item, s->emails, 0, err) ||
	    put_list(f, s->naddresses, address_item, s->addresses, 0, err) ||
	    put_list(f, s->extensions.n, string_item, &s->extensions, 0,
		     err) ||
	    put_list(f, s->account_codes.n, string_item, &s->account_codes, 0,
		     err) ||
	    put_list(f, s->sip_usernames.n, string_item, &s->sip_usernames, 0,
		     err))
		return VOX_ERR;
	vox_csv_put(f, s->language, 0);
	vox_csv_put(f, s->created, 1);
	return done(f, err);
}
