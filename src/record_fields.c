/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record_fields.c: a record's values by field name (record_fields.h).
 *
 * One table per kind maps a name to a function that counts the values;
 * a name "legs.X" (and "to.X", "parts.X", "phones.X" ...) counts the
 * elements of the array whose X is set, through the element's own table.
 */
#include <string.h>

#include "record_fields.h"
#include "vcard_write.h"

#define SET(s) ((s) != NULL && (s)[0] != '\0')
#define TIME(t) ((t) != VOX_TIME_NONE)

struct field {
	const char *name;
	long (*count)(const void *v);
};

/* An array of elements, each looked at through a table. */
struct array {
	const char *name;
	const void *(*at)(const void *v, size_t i);
	size_t (*len)(const void *v);
	const struct field *fields;
};

#define F(type, fname, expr) \
	static long fname(const void *v) \
	{ \
		const type *x = v; \
		return (expr); \
	}

/* ---- parties ------------------------------------------------------------ */

F(struct vox_party, party_number, SET(x->number))
F(struct vox_party, party_raw, SET(x->raw))
F(struct vox_party, party_name, SET(x->name))

static const struct field party_fields[] = {
	{ "number", party_number }, { "raw", party_raw },
	{ "name", party_name }, { NULL, NULL },
};

/* ---- calls and legs ---------------------------------------------------- */

F(struct vox_call_leg, leg_id, SET(x->id))
F(struct vox_call_leg, leg_channel, SET(x->channel))
F(struct vox_call_leg, leg_peer_channel, SET(x->peer_channel))
F(struct vox_call_leg, leg_context, SET(x->context))
F(struct vox_call_leg, leg_application, SET(x->application))
F(struct vox_call_leg, leg_application_data, SET(x->application_data))
F(struct vox_call_leg, leg_account_code, SET(x->account_code))
F(struct vox_call_leg, leg_peer_account, SET(x->peer_account))
F(struct vox_call_leg, leg_start, TIME(x->start))
F(struct vox_call_leg, leg_answer, TIME(x->answer))
F(struct vox_call_leg, leg_end, TIME(x->end))
F(struct vox_call_leg, leg_duration, x->duration >= 0)
F(struct vox_call_leg, leg_billsec, x->billsec >= 0)
F(struct vox_call_leg, leg_disposition, SET(x->disposition))
F(struct vox_call_leg, leg_status, x->status != VOX_CALL_UNKNOWN)
F(struct vox_call_leg, leg_direction, x->direction != VOX_DIR_UNKNOWN)
F(struct vox_call_leg, leg_from_name, SET(x->from.name))
F(struct vox_call_leg, leg_to_name, SET(x->to.name))
F(struct vox_call_leg, leg_extra, (long)x->extra.n)

static const struct field leg_fields[] = {
	{ "id", leg_id }, { "channel", leg_channel },
	{ "peer_channel", leg_peer_channel }, { "context", leg_context },
	{ "application", leg_application },
	{ "application_data", leg_application_data },
	{ "account_code", leg_account_code },
	{ "peer_account", leg_peer_account }, { "start", leg_start },
	{ "answer", leg_answer }, { "end", leg_end },
	{ "duration", leg_duration }, { "billsec", leg_billsec },
	{ "disposition", leg_disposition }, { "status", leg_status },
	{ "direction", leg_direction }, { "from.name", leg_from_name },
	{ "to.name", leg_to_name }, { "extra", leg_extra }, { NULL, NULL },
};

F(struct vox_call, call_id, SET(x->id))
F(struct vox_call, call_start, TIME(x->start))
F(struct vox_call, call_answer, TIME(x->answer))
F(struct vox_call, call_end, TIME(x->end))
F(struct vox_call, call_duration, x->duration >= 0)
F(struct vox_call, call_billsec, x->billsec >= 0)
F(struct vox_call, call_status, x->status != VOX_CALL_UNKNOWN)
F(struct vox_call, call_direction, x->direction != VOX_DIR_UNKNOWN)
F(struct vox_call, call_account_code, SET(x->account_code))
F(struct vox_call, call_legs, (long)x->nlegs)
/* More than one leg: what a target with one row per call loses. */
F(struct vox_call, call_more_legs, x->nlegs > 1 ? (long)x->nlegs - 1 : 0)
F(struct vox_call, call_from_number, SET(x->from.number))
F(struct vox_call, call_from_raw, SET(x->from.raw))
F(struct vox_call, call_from_name, SET(x->from.name))
F(struct vox_call, call_to_number, SET(x->to.number))
F(struct vox_call, call_to_raw, SET(x->to.raw))
F(struct vox_call, call_to_name, SET(x->to.name))

static const struct field call_fields[] = {
	{ "id", call_id }, { "start", call_start }, { "answer", call_answer },
	{ "end", call_end }, { "duration", call_duration },
	{ "billsec", call_billsec }, { "status", call_status },
	{ "direction", call_direction }, { "account_code", call_account_code },
	{ "legs", call_legs }, { "legs.more", call_more_legs },
	{ "from.number", call_from_number }, { "from.raw", call_from_raw },
	{ "from.name", call_from_name }, { "to.number", call_to_number },
	{ "to.raw", call_to_raw }, { "to.name", call_to_name },
	{ NULL, NULL },
};

static const void *leg_at(const void *v, size_t i)
{
	return &((const struct vox_call *)v)->legs[i];
}

static size_t leg_len(const void *v)
{
	return ((const struct vox_call *)v)->nlegs;
}

static const struct array call_arrays[] = {
	{ "legs", leg_at, leg_len, leg_fields },
	{ NULL, NULL, NULL, NULL },
};

/* ---- messages ----------------------------------------------------------- */

F(struct vox_message_part, part_content_type, SET(x->content_type))
F(struct vox_message_part, part_name, SET(x->name))
F(struct vox_message_part, part_text, SET(x->text))
F(struct vox_message_part, part_bytes, x->bytes > 0)
F(struct vox_message_part, part_sha256, SET(x->sha256))
F(struct vox_message_part, part_member, SET(x->member))
/* A binary part whose bytes are not at hand: known only by size and hash. */
F(struct vox_message_part, part_data, (x->bytes > 0 || SET(x->sha256)) &&
  !x->spooled && !SET(x->text))

static const struct field part_fields[] = {
	{ "content_type", part_content_type }, { "name", part_name },
	{ "text", part_text }, { "bytes", part_bytes },
	{ "sha256", part_sha256 }, { "member", part_member },
	{ "data", part_data }, { NULL, NULL },
};

F(struct vox_message, msg_id, SET(x->id))
F(struct vox_message, msg_thread, SET(x->thread))
F(struct vox_message, msg_type, x->type == VOX_MSG_MMS)
F(struct vox_message, msg_direction, x->direction != VOX_DIR_UNKNOWN)
F(struct vox_message, msg_box, x->box != VOX_BOX_UNKNOWN)
F(struct vox_message, msg_date, TIME(x->date))
F(struct vox_message, msg_date_sent, TIME(x->date_sent))
F(struct vox_message, msg_from_number, SET(x->from.number))
F(struct vox_message, msg_from_raw, SET(x->from.raw))
F(struct vox_message, msg_from_name, SET(x->from.name))
F(struct vox_message, msg_to, (long)x->nto)
F(struct vox_message, msg_more_to, x->nto > 1 ? (long)x->nto - 1 : 0)
F(struct vox_message, msg_subject, SET(x->subject))
F(struct vox_message, msg_body, SET(x->body))
F(struct vox_message, msg_read, x->read >= 0)
F(struct vox_message, msg_parts, (long)x->nparts)
F(struct vox_message, msg_extra, (long)x->extra.n)

static const struct field message_fields[] = {
	{ "id", msg_id }, { "thread", msg_thread }, { "type", msg_type },
	{ "direction", msg_direction }, { "box", msg_box },
	{ "date", msg_date }, { "date_sent", msg_date_sent },
	{ "from.number", msg_from_number }, { "from.raw", msg_from_raw },
	{ "from.name", msg_from_name }, { "to", msg_to },
	{ "to.more", msg_more_to }, { "subject", msg_subject },
	{ "body", msg_body }, { "read", msg_read }, { "parts", msg_parts },
	{ "extra", msg_extra }, { NULL, NULL },
};

static const void *to_at(const void *v, size_t i)
{
	return &((const struct vox_message *)v)->to[i];
}

static size_t to_len(const void *v)
{
	return ((const struct vox_message *)v)->nto;
}

static const void *part_at(const void *v, size_t i)
{
	return &((const struct vox_message *)v)->parts[i];
}

static size_t part_len(const void *v)
{
	return ((const struct vox_message *)v)->nparts;
}

static const struct array message_arrays[] = {
	{ "to", to_at, to_len, party_fields },
	{ "parts", part_at, part_len, part_fields },
	{ NULL, NULL, NULL, NULL },
};

/* ---- recordings --------------------------------------------------------- */

F(struct vox_recording, rec_id, SET(x->id))
F(struct vox_recording, rec_kind, x->kind == VOX_REC_VOICEMAIL)
F(struct vox_recording, rec_call_id, SET(x->call_id))
F(struct vox_recording, rec_start, TIME(x->start))
F(struct vox_recording, rec_duration_ms, x->duration_ms >= 0)
F(struct vox_recording, rec_media_type, SET(x->media_type))
F(struct vox_recording, rec_codec, SET(x->codec))
F(struct vox_recording, rec_sample_rate, x->sample_rate > 0)
F(struct vox_recording, rec_channels, x->channels > 0)
F(struct vox_recording, rec_bits, x->bits_per_sample > 0)
F(struct vox_recording, rec_bytes, x->bytes > 0)
F(struct vox_recording, rec_sha256, SET(x->sha256))
F(struct vox_recording, rec_member, SET(x->member))
F(struct vox_recording, rec_extra, (long)x->extra.n)

static const struct field recording_fields[] = {
	{ "id", rec_id }, { "kind", rec_kind }, { "call_id", rec_call_id },
	{ "start", rec_start }, { "duration_ms", rec_duration_ms },
	{ "media_type", rec_media_type }, { "codec", rec_codec },
	{ "sample_rate", rec_sample_rate }, { "channels", rec_channels },
	{ "bits_per_sample", rec_bits }, { "bytes", rec_bytes },
	{ "sha256", rec_sha256 }, { "member", rec_member },
	{ "extra", rec_extra }, { NULL, NULL },
};

/* ---- contacts ----------------------------------------------------------- */

F(struct vox_phone, phone_label, SET(x->label))
F(struct vox_phone, phone_features, x->features != 0)
F(struct vox_phone, phone_contexts, x->contexts != 0)
F(struct vox_phone, phone_pref, x->pref > 0)
/* A spelling other than the number ("07700 900102" for +447700900102). */
F(struct vox_phone, phone_raw, SET(x->raw) && (!SET(x->number) ||
					      strcmp(x->raw, x->number)))

/* Voice, which a format whose phones have one kind cannot add to it. */
F(struct vox_phone, phone_voice, (x->features & VOX_TEL_VOICE) != 0)

static const struct field phone_fields[] = {
	{ "label", phone_label }, { "features", phone_features },
	{ "features.voice", phone_voice },
	{ "contexts", phone_contexts }, { "pref", phone_pref },
	{ "raw", phone_raw }, { NULL, NULL },
};

F(struct vox_email, email_label, SET(x->label))
F(struct vox_email, email_contexts, x->contexts != 0)
F(struct vox_email, email_pref, x->pref > 0)

static const struct field email_fields[] = {
	{ "label", email_label }, { "contexts", email_contexts },
	{ "pref", email_pref }, { NULL, NULL },
};

F(struct vox_address, adr_pobox, SET(x->pobox))
F(struct vox_address, adr_extended, SET(x->extended))
F(struct vox_address, adr_full, SET(x->full))
F(struct vox_address, adr_label, SET(x->label))
F(struct vox_address, adr_contexts, x->contexts != 0)
F(struct vox_address, adr_pref, x->pref > 0)

static const struct field address_fields[] = {
	{ "pobox", adr_pobox }, { "extended", adr_extended },
	{ "full", adr_full }, { "label", adr_label },
	{ "contexts", adr_contexts }, { "pref", adr_pref }, { NULL, NULL },
};

F(struct vox_link, link_kind, SET(x->kind))
F(struct vox_link, link_label, SET(x->label))
F(struct vox_link, link_contexts, x->contexts != 0)

static const struct field link_fields[] = {
	{ "kind", link_kind }, { "label", link_label },
	{ "contexts", link_contexts }, { NULL, NULL },
};

#define DATE_SET(d) ((d).year || (d).month || (d).day || SET((d).text))

F(struct vox_contact, c_uid, SET(x->uid))
F(struct vox_contact, c_kind, SET(x->kind) && strcmp(x->kind, "individual"))
F(struct vox_contact, c_full_name, SET(x->full_name))

/*
 * A full name other than the name parts joined (or, without them, than the
 * organization): what a format without a full-name column cannot keep.
 */
static long c_full_name_other(const void *v)
{
	const struct vox_contact *x = v;
	char joined[512];
	size_t n;

	if (!SET(x->full_name))
		return 0;
	n = vox_contact_n_join(x, joined, sizeof(joined));
	if (!n)
		return !x->organization || strcmp(x->full_name,
						  x->organization) != 0;
	return n >= sizeof(joined) || strcmp(x->full_name, joined) != 0;
}

F(struct vox_contact, c_prefix, SET(x->prefix))
F(struct vox_contact, c_given, SET(x->given))
F(struct vox_contact, c_additional, SET(x->additional))
F(struct vox_contact, c_family, SET(x->family))
F(struct vox_contact, c_suffix, SET(x->suffix))
F(struct vox_contact, c_nicknames, (long)x->nicknames.n)
F(struct vox_contact, c_organization, SET(x->organization))
F(struct vox_contact, c_units, (long)x->units.n)
F(struct vox_contact, c_title, SET(x->title))
F(struct vox_contact, c_role, SET(x->role))
F(struct vox_contact, c_birthday, DATE_SET(x->birthday))
F(struct vox_contact, c_birthday_year, x->birthday.year == 0 &&
  DATE_SET(x->birthday))
F(struct vox_contact, c_anniversary, DATE_SET(x->anniversary))
F(struct vox_contact, c_anniversary_year, x->anniversary.year == 0 &&
  DATE_SET(x->anniversary))
/* A date that is only text ("circa 1850"), not a date at all. */
#define DATE_TEXT(d) (SET((d).text) && !(d).year && !(d).month && !(d).day)
F(struct vox_contact, c_birthday_text, DATE_TEXT(x->birthday))
F(struct vox_contact, c_anniversary_text, DATE_TEXT(x->anniversary))
F(struct vox_contact, c_gender, SET(x->gender))
F(struct vox_contact, c_note, SET(x->note))
F(struct vox_contact, c_photo, SET(x->photo))
F(struct vox_contact, c_revision, SET(x->revision))
F(struct vox_contact, c_categories, (long)x->categories.n)
F(struct vox_contact, c_phones, (long)x->nphones)
F(struct vox_contact, c_emails, (long)x->nemails)
F(struct vox_contact, c_addresses, (long)x->naddresses)
F(struct vox_contact, c_links, (long)x->nlinks)
F(struct vox_contact, c_props, (long)x->nprops)
F(struct vox_contact, c_extra, (long)x->extra.n)

static const struct field contact_fields[] = {
	{ "uid", c_uid }, { "kind", c_kind }, { "full_name", c_full_name },
	{ "full_name.other", c_full_name_other }, { "prefix", c_prefix }, { "given", c_given },
	{ "additional", c_additional }, { "family", c_family },
	{ "suffix", c_suffix }, { "nicknames", c_nicknames },
	{ "organization", c_organization }, { "units", c_units },
	{ "title", c_title }, { "role", c_role }, { "birthday", c_birthday },
	/* A birthday without its year, which some formats cannot write. */
	{ "birthday.no_year", c_birthday_year },
	/* One that is text, which formats with a date type cannot write. */
	{ "birthday.text", c_birthday_text },
	{ "anniversary", c_anniversary },
	{ "anniversary.no_year", c_anniversary_year },
	{ "anniversary.text", c_anniversary_text }, { "gender", c_gender },
	{ "note", c_note }, { "photo", c_photo }, { "revision", c_revision },
	{ "categories", c_categories }, { "phones", c_phones },
	{ "emails", c_emails }, { "addresses", c_addresses },
	{ "links", c_links }, { "props", c_props }, { "extra", c_extra },
	{ NULL, NULL },
};

#define ARRAY_OF(fn, type, member, count) \
	static const void *fn##_at(const void *v, size_t i) \
	{ \
		return &((const type *)v)->member[i]; \
	} \
	static size_t fn##_len(const void *v) \
	{ \
		return ((const type *)v)->count; \
	}

ARRAY_OF(phones, struct vox_contact, phones, nphones)
ARRAY_OF(emails, struct vox_contact, emails, nemails)
ARRAY_OF(addresses, struct vox_contact, addresses, naddresses)
ARRAY_OF(links, struct vox_contact, links, nlinks)

static const struct array contact_arrays[] = {
	{ "phones", phones_at, phones_len, phone_fields },
	{ "emails", emails_at, emails_len, email_fields },
	{ "addresses", addresses_at, addresses_len, address_fields },
	{ "links", links_at, links_len, link_fields },
	{ NULL, NULL, NULL, NULL },
};

/* ---- the subject -------------------------------------------------------- */

F(struct vox_subject, s_id, SET(x->id))
F(struct vox_subject, s_full_name, SET(x->full_name) || SET(x->given) ||
  SET(x->family))
F(struct vox_subject, s_birthday, DATE_SET(x->birthday))
F(struct vox_subject, s_emails, (long)x->nemails)
F(struct vox_subject, s_phones, (long)x->nphones)
F(struct vox_subject, s_addresses, (long)x->naddresses)
F(struct vox_subject, s_subscriptions, (long)x->nsubscriptions)
F(struct vox_subject, s_marketing, (long)x->nmarketing)
F(struct vox_subject, s_extra, (long)x->extra.n)

static const struct field subject_fields[] = {
	{ "id", s_id }, { "name", s_full_name }, { "birthday", s_birthday },
	{ "emails", s_emails }, { "phones", s_phones },
	{ "addresses", s_addresses }, { "subscriptions", s_subscriptions },
	{ "marketing", s_marketing }, { "extra", s_extra }, { NULL, NULL },
};

static const struct array no_arrays[] = { { NULL, NULL, NULL, NULL } };

/* ---- lookup ------------------------------------------------------------- */

static const struct field *find(const struct field *t, const char *name)
{
	for (; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

static int tables(unsigned kind, const struct field **f,
		  const struct array **a)
{
	switch (kind) {
	case VOX_CALL:
		*f = call_fields, *a = call_arrays;
		return 1;
	case VOX_MESSAGE:
		*f = message_fields, *a = message_arrays;
		return 1;
	case VOX_RECORDING:
		*f = recording_fields, *a = no_arrays;
		return 1;
	case VOX_CONTACT:
		*f = contact_fields, *a = contact_arrays;
		return 1;
	case VOX_SUBJECT:
		*f = subject_fields, *a = no_arrays;
		return 1;
	}
	return 0;
}

/* "legs.channel" → the legs array and "channel"; NULL when no array. */
static const struct array *split(const struct array *a, const char *field,
				 const char **rest)
{
	const char *dot = strchr(field, '.');

	if (!dot)
		return NULL;
	for (; a->name; a++)
		if (strlen(a->name) == (size_t)(dot - field) &&
		    strncmp(a->name, field, (size_t)(dot - field)) == 0 &&
		    find(a->fields, dot + 1)) {
			*rest = dot + 1;
			return a;
		}
	return NULL;
}

int vox_record_field_known(unsigned kind, const char *field)
{
	const struct field *f;
	const struct array *a;
	const char *rest;

	if (!tables(kind, &f, &a))
		return 0;
	return find(f, field) || split(a, field, &rest);
}

static const void *body(const struct vox_record *rec)
{
	switch (rec->kind) {
	case VOX_SUBJECT:
		return &rec->u.subject;
	case VOX_CONTACT:
		return &rec->u.contact;
	case VOX_CALL:
		return &rec->u.call;
	case VOX_MESSAGE:
		return &rec->u.message;
	case VOX_RECORDING:
		return &rec->u.recording;
	}
	return NULL;
}

long vox_record_values(const struct vox_record *rec, const char *field)
{
	const struct field *f, *ef;
	const struct array *a;
	const void *v = body(rec);
	const char *rest;
	long n = 0;

	if (!v || !tables(rec->kind, &f, &a))
		return -1;
	if ((ef = find(f, field)))
		return ef->count(v);
	if (!(a = split(a, field, &rest)))
		return -1;
	ef = find(a->fields, rest);
	for (size_t i = 0; i < a->len(v); i++)
		n += ef->count(a->at(v, i)) > 0;
	return n;
}

static int key_in(const char *key, const char *list)
{
	size_t n = strlen(key);

	for (const char *p = list; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len == n && strncmp(p, key, n) == 0)
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* The values of x whose key is not in held. */
static long extra_beyond(const struct vox_extra *x, const char *held)
{
	long n = 0;

	for (size_t i = 0; i < x->n; i++)
		n += !key_in(x->v[i].key, held);
	return n;
}

long vox_record_values_held(const struct vox_record *rec, const char *field,
			    const char *held)
{
	const struct vox_extra *x = NULL;
	long n = 0;

	if (!held)
		return vox_record_values(rec, field);
	if (rec->kind == VOX_CALL && strcmp(field, "legs.extra") == 0) {
		for (size_t i = 0; i < rec->u.call.nlegs; i++)
			n += extra_beyond(&rec->u.call.legs[i].extra, held) > 0;
		return n;
	}
	if (strcmp(field, "extra") == 0) {
		switch (rec->kind) {
		case VOX_SUBJECT:
			x = &rec->u.subject.extra;
			break;
		case VOX_CONTACT:
			x = &rec->u.contact.extra;
			break;
		case VOX_MESSAGE:
			x = &rec->u.message.extra;
			break;
		case VOX_RECORDING:
			x = &rec->u.recording.extra;
			break;
		case VOX_CALL:	/* a call's extra is its legs' */
			break;
		}
	}
	return x ? extra_beyond(x, held) : vox_record_values(rec, field);
}
