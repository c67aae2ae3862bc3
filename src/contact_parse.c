/* SPDX-License-Identifier: Apache-2.0 */
/*
 * contact_parse.c: a JSContact Card of contacts.json (RFC 9553, as
 * src/contact_json.c writes it) read back into a struct vox_contact.
 *
 *	uid			uid, NULL again when it is the one
 *				vox_contact_uid() derives for a contact
 *				without one
 *	kind			kind
 *	updated			revision, as vCard 4.0 writes a UTC
 *				timestamp (20240305T141207Z)
 *	name.components, full	prefix, given, additional, family, suffix
 *				(a kind given twice is joined by ','),
 *				full_name
 *	nicknames		nicknames
 *	organizations		organization, units
 *	titles			title (kind title or none), role
 *	emails, phones,		emails, phones, addresses: contexts private
 *	addresses		(home), work and vCardParams {"type":
 *				"other"}; a phone's tel:+E.164 without tel:;
 *				voxport.example:raw and :label
 *	onlineServices		links of kind "impp" (uri, or user; the
 *				service is the label when there is none)
 *	links			links of kind "url"
 *	media			photo (the first of kind photo)
 *	anniversaries		birthday (birth), anniversary (wedding):
 *				PartialDate, or the date of a Timestamp
 *	keywords		categories
 *	notes			note
 *	vCardProps		props[] (name in upper case, parameters
 *				rebuilt as NAME=value;...), except the "text"
 *				ones contact_json.c writes: kind, bday,
 *				anniversary, gender, rev
 *	voxport.example:source, :extra	source, extra
 * Map ids (p1, e1 ...) are not kept: entries come back in the Card's order
 * and the writer numbers them again.
 *
 * What the Card cannot tell back (writing the contact again still gives
 * the same bytes):
 *   - an onlineService's link kind: IMPP and X-SOCIALPROFILE both become
 *     onlineServices without a vCardName, so both come back as "impp";
 *     a link's kind is "url"; and their order among each other: the
 *     onlineServices come back first;
 *   - empty strings the writer leaves out (a name part, label or unit
 *     that was "") come back as NULL; a TYPE list written TYPE=a,b or
 *     TYPE=a;TYPE=b, parameter names' case and their quotes come back in
 *     one form (TYPE=a,b; NAME=value, quoted when it holds ; : or ,);
 *   - a date's text when it also had a year, month or day (not written).
 * What a Card of another producer may have and the record holds once or
 * not at all goes to props[] as its vCard property, as the vcard reader
 * keeps a second NOTE: a second organization (ORG), title or role, note,
 * photo, birth or wedding date (BDAY, ANNIVERSARY with a 4.0 date value),
 * media of kind logo or sound (LOGO, SOUND), a death date (DEATHDATE,
 * RFC 6474).  Other members the schema does not name are ignored.
 */
#include <string.h>

#include "contact_json.h"
#include "phone.h"
#include "record.h"
#include "record_parse.h"
#include "timeconv.h"

#define VENDOR "voxport.example:"

#define TRY(x)                                  \
	do {                                    \
		if ((x) != VOX_OK)              \
			return VOX_ERR;         \
	} while (0)

/* Each member of the map key (an object of objects), in order, to fn. */
static int map(struct vox_parse *p, const json_t *card, const char *key,
	       vox_parse_fn fn, struct vox_contact *c)
{
	const json_t *m, *v;
	const char *id;
	size_t at, at2;

	TRY(vox_parse_get(p, card, key, JSON_OBJECT, &m));
	if (!m)
		return VOX_OK;
	at = vox_parse_key(p, key);
	json_object_foreach((json_t *)m, id, v) {
		at2 = vox_parse_key(p, id);
		if (!json_is_object(v))
			return vox_parse_fail(p, "not an object");
		TRY(fn(p, v, c));
		vox_parse_leave(p, at2);
	}
	vox_parse_leave(p, at);
	return VOX_OK;
}

/* A push onto one of the contact's arrays, or an out-of-memory error. */
#define PUSH(p, arr, n, cap, elem)                                         \
	do {                                                               \
		(elem) = vox_arena_push((p)->a, &(arr), &(n), &(cap),      \
					sizeof(*(arr)));                   \
		if (!(elem))                                               \
			return vox_parse_nomem(p);                         \
	} while (0)

/* Member key of o: a string among names[] (*out its index), or absent. */
static int get_kind(struct vox_parse *p, const json_t *o, const char *key,
		    const char *const *names, const char *what, int *out)
{
	const char *s = NULL;
	size_t at;
	int i;

	TRY(vox_parse_str(p, o, key, &s));
	if (!s)
		return VOX_OK;
	for (i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return VOX_OK;
		}
	at = vox_parse_key(p, key);
	vox_parse_fail(p, "unknown %s \"%s\"", what, s);
	vox_parse_leave(p, at);
	return VOX_ERR;
}

/* Member key of o, a map of names to true: the bit of names[i] is bits[i]. */
static int get_flags(struct vox_parse *p, const json_t *o, const char *key,
		     const char *const *names, const unsigned *bits,
		     const char *what, unsigned *out)
{
	const json_t *m, *v;
	const char *k;
	size_t i, at, at2;

	TRY(vox_parse_get(p, o, key, JSON_OBJECT, &m));
	if (!m)
		return VOX_OK;
	at = vox_parse_key(p, key);
	json_object_foreach((json_t *)m, k, v) {
		at2 = vox_parse_key(p, k);
		for (i = 0; names[i] && strcmp(names[i], k) != 0; i++)
			;
		if (!names[i])
			return vox_parse_fail(p, "unknown %s", what);
		if (!json_is_boolean(v))
			return vox_parse_fail(p, "not a boolean");
		if (json_is_true(v))
			*out |= bits[i];
		vox_parse_leave(p, at2);
	}
	vox_parse_leave(p, at);
	return VOX_OK;
}

/* contexts {private, work} and vCardParams {type: "other"}. */
static int get_contexts(struct vox_parse *p, const json_t *o, unsigned *out)
{
	static const char *const names[] = { "private", "work", NULL };
	static const unsigned bits[] = { VOX_CTX_HOME, VOX_CTX_WORK };
	const json_t *params, *type, *t;
	size_t at, i;

	TRY(get_flags(p, o, "contexts", names, bits, "context", out));
	TRY(vox_parse_get(p, o, "vCardParams", JSON_OBJECT, &params));
	if (!params || !(type = json_object_get(params, "type")))
		return VOX_OK;
	at = vox_parse_key(p, "vCardParams");
	vox_parse_key(p, "type");
	if (json_is_string(type)) {
		if (strcmp(json_string_value(type), "other") == 0)
			*out |= VOX_CTX_OTHER;
	} else if (json_is_array(type)) {
		json_array_foreach(type, i, t) {
			if (!json_is_string(t)) {
				vox_parse_index(p, i);
				return vox_parse_fail(p, "not a string");
			}
			if (strcmp(json_string_value(t), "other") == 0)
				*out |= VOX_CTX_OTHER;
		}
	} else {
		return vox_parse_fail(p, "not a string or an array");
	}
	vox_parse_leave(p, at);
	return VOX_OK;
}

static int get_pref(struct vox_parse *p, const json_t *o, int *pref)
{
	int64_t v = 0;

	TRY(vox_parse_int(p, o, "pref", 1, 100, &v));
	*pref = (int)v;
	return VOX_OK;
}

/* ---- vCard properties ----------------------------------------------------- */

/* A string being built in the arena. */
struct text {
	char *s;
	size_t n, cap;
};

/* Append n bytes of s. */
static int text_add(struct vox_parse *p, struct text *t, const char *s,
		    size_t n)
{
	char *ns;

	if (t->n + n + 1 > t->cap) {
		size_t cap = (t->n + n + 1) * 2;

		ns = vox_arena_alloc(p->a, cap);
		if (!ns)
			return vox_parse_nomem(p);
		if (t->n)
			memcpy(ns, t->s, t->n);
		t->s = ns;
		t->cap = cap;
	}
	memcpy(t->s + t->n, s, n);
	t->n += n;
	t->s[t->n] = '\0';
	return VOX_OK;
}

/* ";NAME=value", the name in upper case, the value quoted if need be. */
static int param_add(struct vox_parse *p, struct text *t, const char *name,
		     const char *value, int list)
{
	size_t i;
	int quote = strpbrk(value, ";:,") != NULL;

	if (!list) {
		if (t->n)
			TRY(text_add(p, t, ";", 1));
		for (i = 0; name[i]; i++) {
			char ch = name[i] >= 'a' && name[i] <= 'z' ?
				(char)(name[i] - 'a' + 'A') : name[i];

			TRY(text_add(p, t, &ch, 1));
		}
		TRY(text_add(p, t, "=", 1));
	} else {
		TRY(text_add(p, t, ",", 1));
	}
	if (quote)
		TRY(text_add(p, t, "\"", 1));
	TRY(text_add(p, t, value, strlen(value)));
	if (quote)
		TRY(text_add(p, t, "\"", 1));
	return VOX_OK;
}

/*
 * The jCard parameters of a prop back as its group and its vCard
 * parameter text: a first member "group" is the group (a list's first
 * value; the others are GROUP parameters), "type" a TYPE=a,b list, any
 * other name NAME=v once per value.  contact_json.c reads that text into
 * the same object again.
 */
static int prop_params(struct vox_parse *p, const json_t *o,
		       struct vox_vcard_prop *vp)
{
	struct text t = { 0 };
	const json_t *v, *e;
	const char *k, *s;
	size_t i, at, at2;
	int first = 1;

	json_object_foreach((json_t *)o, k, v) {
		int is_group = first && strcmp(k, "group") == 0;
		int is_type = strcmp(k, "type") == 0;

		first = 0;
		at = vox_parse_key(p, k);
		if (json_is_string(v)) {
			TRY(vox_parse_string(p, v, &s));
			if (is_group)
				vp->group = s;
			else
				TRY(param_add(p, &t, k, s, 0));
		} else if (json_is_array(v)) {
			json_array_foreach(v, i, e) {
				at2 = vox_parse_index(p, i);
				TRY(vox_parse_string(p, e, &s));
				if (is_group && i == 0)
					vp->group = s;
				else
					TRY(param_add(p, &t, k, s,
						      is_type && i > 0));
				vox_parse_leave(p, at2);
			}
		} else {
			return vox_parse_fail(p, "not a string or an array");
		}
		vox_parse_leave(p, at);
	}
	vp->params = t.s;
	return VOX_OK;
}

static int prop_add(struct vox_parse *p, struct vox_contact *c,
		    const char *name, const json_t *params, const char *value)
{
	struct vox_vcard_prop *vp;
	char *up;
	size_t i, at;

	PUSH(p, c->props, c->nprops, c->capprops, vp);
	up = vox_arena_strdup(p->a, name);
	if (!up)
		return vox_parse_nomem(p);
	/* jCard names are lower case, vCard's conventionally upper. */
	for (i = 0; up[i]; i++)
		if (up[i] >= 'a' && up[i] <= 'z')
			up[i] = (char)(up[i] - 'a' + 'A');
	vp->name = up;
	vp->value = value;
	if (!params)
		return VOX_OK;
	at = vox_parse_index(p, 1);
	TRY(prop_params(p, params, vp));
	vox_parse_leave(p, at);
	return VOX_OK;
}

/* s as a vCard text value (RFC 6350 3.4), appended. */
static int text_escape(struct vox_parse *p, struct text *t, const char *s)
{
	for (; *s; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == ',' ? "\\," :
			*s == ';' ? "\\;" : *s == '\n' ? "\\n" : NULL;

		TRY(esc ? text_add(p, t, esc, 2) : text_add(p, t, s, 1));
	}
	return VOX_OK;
}

/*
 * A field the record holds once, met again (a Card of another producer):
 * it goes to props[] as the vCard property, as the vcard reader keeps a
 * second NOTE.  value is the vCard value, escaped already.
 */
static int repeat(struct vox_parse *p, struct vox_contact *c,
		  const char *name, struct text *value)
{
	return prop_add(p, c, name, NULL, value->s ? value->s : "");
}

static int repeat_text(struct vox_parse *p, struct vox_contact *c,
		       const char *name, const char *value)
{
	struct text t = { 0 };

	TRY(text_escape(p, &t, value ? value : ""));
	return repeat(p, c, name, &t);
}

/* ---- name, organization, titles ---------------------------------------- */

/* *slot, or when it is set already *slot "," s, in the arena. */
static int set_or_join(struct vox_parse *p, const char **slot, const char *s)
{
	if (*slot) {
		s = vox_arena_printf(p->a, "%s,%s", *slot, s);
		if (!s)
			return vox_parse_nomem(p);
	}
	*slot = s;
	return VOX_OK;
}

static int name_component(struct vox_parse *p, const json_t *o, void *out)
{
	static const char *const kinds[] = {
		"title", "given", "given2", "surname", "credential", NULL
	};
	struct vox_contact *c = out;
	const char **slot[] = { &c->prefix, &c->given, &c->additional,
				&c->family, &c->suffix };
	const char *value = NULL;
	int kind = -1;

	if (!json_is_object(o))
		return vox_parse_fail(p, "not an object");
	TRY(get_kind(p, o, "kind", kinds, "name component", &kind));
	TRY(vox_parse_str(p, o, "value", &value));
	if (kind < 0 || !value)
		return VOX_OK;
	return set_or_join(p, slot[kind], value);
}

static int name(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_contact *c = out;
	const json_t *comps;
	size_t i, at, at2;

	TRY(vox_parse_get(p, o, "components", JSON_ARRAY, &comps));
	if (comps) {
		at = vox_parse_key(p, "components");
		for (i = 0; i < json_array_size(comps); i++) {
			at2 = vox_parse_index(p, i);
			TRY(name_component(p, json_array_get(comps, i), c));
			vox_parse_leave(p, at2);
		}
		vox_parse_leave(p, at);
	}
	return vox_parse_str(p, o, "full", &c->full_name);
}

static int nickname(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_contact *c = out;
	const char *s = NULL;

	TRY(vox_parse_str(p, o, "name", &s));
	if (s && vox_strings_add(p->a, &c->nicknames, s) != VOX_OK)
		return vox_parse_nomem(p);
	return VOX_OK;
}

static int unit(struct vox_parse *p, const json_t *o,
		struct vox_strings *units)
{
	const char *s = NULL;

	if (!json_is_object(o))
		return vox_parse_fail(p, "not an object");
	TRY(vox_parse_str(p, o, "name", &s));
	if (vox_strings_add(p->a, units, s ? s : "") != VOX_OK)
		return vox_parse_nomem(p);
	return VOX_OK;
}

static int organization(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_contact *c = out;
	struct vox_strings units = { 0 };
	struct text org = { 0 };
	const char *name = NULL;
	const json_t *arr;
	size_t i, at, at2;

	TRY(vox_parse_str(p, o, "name", &name));
	TRY(vox_parse_get(p, o, "units", JSON_ARRAY, &arr));
	if (arr) {
		at = vox_parse_key(p, "units");
		for (i = 0; i < json_array_size(arr); i++) {
			at2 = vox_parse_index(p, i);
			TRY(unit(p, json_array_get(arr, i), &units));
			vox_parse_leave(p, at2);
		}
		vox_parse_leave(p, at);
	}
	if (!c->organization && !c->units.n) {
		c->organization = name;
		c->units = units;
		return VOX_OK;
	}
	/* ORG:name;unit;unit */
	TRY(text_escape(p, &org, name ? name : ""));
	for (i = 0; i < units.n; i++) {
		TRY(text_add(p, &org, ";", 1));
		TRY(text_escape(p, &org, units.v[i]));
	}
	return repeat(p, c, "ORG", &org);
}

static int title(struct vox_parse *p, const json_t *o, void *out)
{
	static const char *const kinds[] = { "title", "role", NULL };
	struct vox_contact *c = out;
	const char *s = NULL;
	const char **slot;
	int kind = 0;	/* RFC 9553: "title" when there is no kind */

	TRY(get_kind(p, o, "kind", kinds, "title kind", &kind));
	TRY(vox_parse_str(p, o, "name", &s));
	slot = kind ? &c->role : &c->title;
	if (!s)
		return VOX_OK;
	if (*slot)
		return repeat_text(p, c, kind ? "ROLE" : "TITLE", s);
	*slot = s;
	return VOX_OK;
}

/* ---- emails, phones, addresses, services, links ------------------------- */

static int email(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_contact *c = out;
	struct vox_email *e;

	PUSH(p, c->emails, c->nemails, c->capemails, e);
	TRY(vox_parse_str(p, o, "address", &e->address));
	TRY(get_contexts(p, o, &e->contexts));
	TRY(get_pref(p, o, &e->pref));
	return vox_parse_str(p, o, "label", &e->label);
}

/* "tel:+E164" or "tel:+E164;ext=DIGITS" as the writer makes them. */
static int tel_number(struct vox_parse *p, struct vox_phone *ph)
{
	const char *num = ph->number, *semi;
	size_t n, x;
	char *e164;

	if (!num || strncmp(num, "tel:", 4) != 0)
		return VOX_OK;
	num += 4;
	if (vox_phone_is_e164(num)) {
		ph->number = num;
		return VOX_OK;
	}
	semi = strchr(num, ';');
	if (!semi || strncmp(semi, ";ext=", 5) != 0)
		return VOX_OK;
	n = (size_t)(semi - num);
	x = strlen(semi + 5);
	if (x == 0 || strspn(semi + 5, "0123456789") != x)
		return VOX_OK;
	e164 = vox_arena_strndup(p->a, num, n);
	if (!e164)
		return vox_parse_nomem(p);
	if (!vox_phone_is_e164(e164))
		return VOX_OK;
	ph->number = e164;
	ph->ext = semi + 5;
	return VOX_OK;
}

static int phone(struct vox_parse *p, const json_t *o, void *out)
{
	static const char *const names[] = {
		"mobile", "voice", "text", "video", "main-number",
		"textphone", "fax", "pager", NULL
	};
	static const unsigned bits[] = {
		VOX_TEL_MOBILE, VOX_TEL_VOICE, VOX_TEL_TEXT, VOX_TEL_VIDEO,
		VOX_TEL_MAIN, VOX_TEL_TEXTPHONE, VOX_TEL_FAX, VOX_TEL_PAGER,
	};
	struct vox_contact *c = out;
	struct vox_phone *ph;

	PUSH(p, c->phones, c->nphones, c->capphones, ph);
	TRY(vox_parse_str(p, o, "number", &ph->number));
	/*
	 * The writer makes tel: URIs of E.164 numbers only, with ";ext=" when
	 * the number has an extension, and writes any other number as it is:
	 * a "tel:" of something else is the number's own.
	 */
	TRY(tel_number(p, ph));
	TRY(get_flags(p, o, "features", names, bits, "phone feature",
		      &ph->features));
	TRY(get_contexts(p, o, &ph->contexts));
	TRY(get_pref(p, o, &ph->pref));
	TRY(vox_parse_str(p, o, "label", &ph->label));
	return vox_parse_str(p, o, VENDOR "raw", &ph->raw);
}

static int address_component(struct vox_parse *p, const json_t *o,
			     void *out)
{
	static const char *const kinds[] = {
		"postOfficeBox", "apartment", "name", "locality", "region",
		"postcode", "country", NULL
	};
	struct vox_address *a = out;
	const char **slot[] = { &a->pobox, &a->extended, &a->street,
				&a->locality, &a->region, &a->postcode,
				&a->country };
	const char *value = NULL;
	int kind = -1;

	if (!json_is_object(o))
		return vox_parse_fail(p, "not an object");
	TRY(get_kind(p, o, "kind", kinds, "address component", &kind));
	TRY(vox_parse_str(p, o, "value", &value));
	if (kind < 0 || !value)
		return VOX_OK;
	return set_or_join(p, slot[kind], value);
}

static int address(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_contact *c = out;
	struct vox_address *a;
	const json_t *comps;
	size_t i, at, at2;

	PUSH(p, c->addresses, c->naddresses, c->capaddresses, a);
	TRY(vox_parse_get(p, o, "components", JSON_ARRAY, &comps));
	if (comps) {
		at = vox_parse_key(p, "components");
		for (i = 0; i < json_array_size(comps); i++) {
			at2 = vox_parse_index(p, i);
			TRY(address_component(p, json_array_get(comps, i), a));
			vox_parse_leave(p, at2);
		}
		vox_parse_leave(p, at);
	}
	TRY(vox_parse_str(p, o, "full", &a->full));
	TRY(get_contexts(p, o, &a->contexts));
	TRY(get_pref(p, o, &a->pref));
	return vox_parse_str(p, o, VENDOR "label", &a->label);
}

/* A link of kind; "service" is the uri's scheme, the writer derives it. */
static int link(struct vox_parse *p, const json_t *o, struct vox_contact *c,
		const char *kind)
{
	struct vox_link *k;

	PUSH(p, c->links, c->nlinks, c->caplinks, k);
	k->kind = kind;
	TRY(vox_parse_str(p, o, "uri", &k->uri));
	TRY(get_contexts(p, o, &k->contexts));
	TRY(vox_parse_str(p, o, "label", &k->label));
	if (k->uri)
		return VOX_OK;
	TRY(vox_parse_str(p, o, "user", &k->uri));
	/*
	 * contact_json.c names no service beside a user; another producer's
	 * service is kept as the label, as the vcard reader keeps Apple's
	 * X-SERVICE-TYPE.
	 */
	if (!k->label)
		TRY(vox_parse_str(p, o, "service", &k->label));
	return VOX_OK;
}

static int online_service(struct vox_parse *p, const json_t *o, void *out)
{
	return link(p, o, out, "impp");
}

static int web_link(struct vox_parse *p, const json_t *o, void *out)
{
	return link(p, o, out, "url");
}

/* ---- media, dates, keywords, notes -------------------------------------- */

/* The first photo is the photo; other media are vCard properties. */
static int media(struct vox_parse *p, const json_t *o, void *out)
{
	static const char *const kinds[] = { "photo", "logo", "sound", NULL };
	static const char *const props[] = { "PHOTO", "LOGO", "SOUND" };
	struct vox_contact *c = out;
	const char *uri = NULL;
	int kind = -1;

	TRY(get_kind(p, o, "kind", kinds, "media kind", &kind));
	TRY(vox_parse_str(p, o, "uri", &uri));
	if (kind < 0 || !uri)
		return VOX_OK;
	if (kind == 0 && !c->photo) {
		c->photo = uri;
		return VOX_OK;
	}
	return prop_add(p, c, props[kind], NULL, uri);
}

/* A PartialDate, or another producer's Timestamp {utc}. */
static int card_date(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_date *d = out;
	const char *type = NULL, *utc = NULL;
	int64_t y = 0, m = 0, day = 0, ms;
	unsigned um, ud;
	size_t at;

	TRY(vox_parse_str(p, o, "@type", &type));
	if (type && strcmp(type, "Timestamp") == 0) {
		TRY(vox_parse_str(p, o, "utc", &utc));
		at = vox_parse_key(p, "utc");
		if (!utc || vox_time_parse_rfc3339(utc, strlen(utc), &ms) !=
		    VOX_OK)
			return vox_parse_fail(p, "not an RFC 3339 time");
		vox_parse_leave(p, at);
		/* Floor division: days before 1970 too. */
		vox_civil_from_days(ms / 86400000 - (ms % 86400000 < 0), &y,
				    &um, &ud);
		if (y < 1 || y > 9999) {
			vox_parse_key(p, "utc");
			return vox_parse_fail(p, "year %lld is out of range",
					      (long long)y);
		}
		d->year = (int)y;
		d->month = (int)um;
		d->day = (int)ud;
		return VOX_OK;
	}
	if (type && strcmp(type, "PartialDate") != 0) {
		at = vox_parse_key(p, "@type");
		vox_parse_fail(p, "not \"PartialDate\" or \"Timestamp\"");
		vox_parse_leave(p, at);
		return VOX_ERR;
	}
	TRY(vox_parse_int(p, o, "year", 1, 9999, &y));
	TRY(vox_parse_int(p, o, "month", 1, 12, &m));
	TRY(vox_parse_int(p, o, "day", 1, 31, &day));
	d->year = (int)y;
	d->month = (int)m;
	d->day = (int)day;
	return VOX_OK;
}

/* A date as a vCard 4.0 date value: 19900312, --0312, 1990-03 ... */
static int date_text(struct vox_parse *p, const struct vox_date *d,
		     struct text *t)
{
	char buf[48];
	int y = d->year, m = d->month, day = d->day;

	if (y && m && day)
		snprintf(buf, sizeof(buf), "%04d%02d%02d", y, m, day);
	else if (y && m)
		snprintf(buf, sizeof(buf), "%04d-%02d", y, m);
	else if (y)
		snprintf(buf, sizeof(buf), "%04d", y);
	else if (m && day)
		snprintf(buf, sizeof(buf), "--%02d%02d", m, day);
	else if (m)
		snprintf(buf, sizeof(buf), "--%02d", m);
	else
		snprintf(buf, sizeof(buf), "---%02d", day);
	return text_add(p, t, buf, strlen(buf));
}

static int anniversary(struct vox_parse *p, const json_t *o, void *out)
{
	static const char *const kinds[] = { "birth", "wedding", "death",
					     NULL };
	static const char *const props[] = { "BDAY", "ANNIVERSARY",
					     "DEATHDATE" };
	struct vox_contact *c = out;
	struct vox_date d = { 0 }, *slot;
	struct text t = { 0 };
	int kind = -1;

	TRY(get_kind(p, o, "kind", kinds, "anniversary kind", &kind));
	TRY(vox_parse_object(p, o, "date", card_date, &d));
	if (kind < 0 || (!d.year && !d.month && !d.day))
		return VOX_OK;
	slot = kind == 0 ? &c->birthday : kind == 1 ? &c->anniversary : NULL;
	if (slot && !slot->year && !slot->month && !slot->day) {
		*slot = d;
		return VOX_OK;
	}
	/* RFC 6474 DEATHDATE, or a second BDAY ... */
	TRY(date_text(p, &d, &t));
	return repeat(p, c, props[kind], &t);
}

static int keywords(struct vox_parse *p, const json_t *card,
		    struct vox_contact *c)
{
	const json_t *m, *v;
	const char *k;
	size_t at, at2;

	TRY(vox_parse_get(p, card, "keywords", JSON_OBJECT, &m));
	if (!m)
		return VOX_OK;
	at = vox_parse_key(p, "keywords");
	json_object_foreach((json_t *)m, k, v) {
		at2 = vox_parse_key(p, k);
		if (!json_is_boolean(v))
			return vox_parse_fail(p, "not a boolean");
		if (json_is_true(v) &&
		    vox_strings_add(p->a, &c->categories, k) != VOX_OK)
			return vox_parse_nomem(p);
		vox_parse_leave(p, at2);
	}
	vox_parse_leave(p, at);
	return VOX_OK;
}

static int note(struct vox_parse *p, const json_t *o, void *out)
{
	struct vox_contact *c = out;
	const char *s = NULL;

	TRY(vox_parse_str(p, o, "note", &s));
	if (!s)
		return VOX_OK;
	if (c->note)
		return repeat_text(p, c, "NOTE", s);
	c->note = s;
	return VOX_OK;
}

/* ---- vCardProps ---------------------------------------------------------- */

/*
 * jCard GENDER: "F", or ["", "identity"]; with both parts it has no place
 * in the record and goes to props[] as the vCard value "sex;identity".
 */
static int gender(struct vox_parse *p, const json_t *v, struct vox_contact *c)
{
	const char *sex, *identity, *both;
	size_t at;

	if (json_is_string(v))
		return vox_parse_string(p, v, &c->gender);
	if (!json_is_array(v) || json_array_size(v) != 2)
		return vox_parse_fail(p, "not a jCard gender");
	at = vox_parse_index(p, 0);
	TRY(vox_parse_string(p, json_array_get(v, 0), &sex));
	vox_parse_leave(p, at);
	vox_parse_index(p, 1);
	TRY(vox_parse_string(p, json_array_get(v, 1), &identity));
	vox_parse_leave(p, at);
	if (!*sex || !*identity) {
		c->gender = *sex ? sex : identity;
		return VOX_OK;
	}
	both = vox_arena_printf(p->a, "%s;%s", sex, identity);
	if (!both)
		return vox_parse_nomem(p);
	return prop_add(p, c, "gender", NULL, both);
}

/* The "text" properties contact_json.c writes for fields it cannot map. */
static int text_field(struct vox_parse *p, const char *name, const json_t *v,
		      struct vox_contact *c, int *done)
{
	const char **slot = NULL;

	*done = 1;
	if (strcmp(name, "gender") == 0)
		return gender(p, v, c);
	if (strcmp(name, "kind") == 0)
		slot = &c->kind;
	else if (strcmp(name, "bday") == 0)
		slot = &c->birthday.text;
	else if (strcmp(name, "anniversary") == 0)
		slot = &c->anniversary.text;
	else if (strcmp(name, "rev") == 0)
		slot = &c->revision;
	if (!slot || *slot) {
		*done = 0;
		return VOX_OK;
	}
	return vox_parse_string(p, v, slot);
}

/* One jCard property: [name, parameters, value type, value]. */
static int vcard_prop(struct vox_parse *p, const json_t *e,
		      struct vox_contact *c)
{
	const json_t *params = json_array_get(e, 1), *value;
	const char *name, *type, *s;
	size_t at;
	int done = 0;

	if (!json_is_array(e) || json_array_size(e) != 4)
		return vox_parse_fail(p, "not a jCard property [name, "
				      "parameters, type, value]");
	at = vox_parse_index(p, 0);
	TRY(vox_parse_string(p, json_array_get(e, 0), &name));
	vox_parse_leave(p, at);
	if (!json_is_object(params)) {
		vox_parse_index(p, 1);
		return vox_parse_fail(p, "not an object");
	}
	vox_parse_index(p, 2);
	TRY(vox_parse_string(p, json_array_get(e, 2), &type));
	vox_parse_leave(p, at);
	value = json_array_get(e, 3);
	vox_parse_index(p, 3);
	if (strcmp(type, "text") == 0)
		TRY(text_field(p, name, value, c, &done));
	if (done)
		return VOX_OK;
	TRY(vox_parse_string(p, value, &s));
	vox_parse_leave(p, at);
	return prop_add(p, c, name, params, s);
}

static int vcard_props(struct vox_parse *p, const json_t *card,
		       struct vox_contact *c)
{
	const json_t *props, *e;
	size_t i, at, at2;

	TRY(vox_parse_get(p, card, "vCardProps", JSON_ARRAY, &props));
	if (!props)
		return VOX_OK;
	at = vox_parse_key(p, "vCardProps");
	json_array_foreach(props, i, e) {
		at2 = vox_parse_index(p, i);
		TRY(vcard_prop(p, e, c));
		vox_parse_leave(p, at2);
	}
	vox_parse_leave(p, at);
	return VOX_OK;
}

/* ---- the Card ------------------------------------------------------------ */

/*
 * "updated" as a vCard 4.0 REV (RFC 6350 4.3.5: basic format, no
 * fraction); contact_json.c turned REV into the extended form and turns
 * either back into the same "updated".  Anything else stays as it is.
 */
static int revision(struct vox_parse *p, struct vox_contact *c)
{
	char buf[VOX_TIME_FORMAT_MAX], *rev;
	int64_t ms;
	size_t i, n = 0;

	if (!c->revision || vox_time_parse_rfc3339(c->revision,
						   strlen(c->revision),
						   &ms) != VOX_OK)
		return VOX_OK;
	ms -= ((ms % 1000) + 1000) % 1000;
	if (!vox_time_format(ms, buf))
		return VOX_OK;
	rev = vox_arena_alloc(p->a, sizeof(buf));
	if (!rev)
		return vox_parse_nomem(p);
	for (i = 0; buf[i]; i++)
		if (buf[i] != '-' && buf[i] != ':')
			rev[n++] = buf[i];
	rev[n] = '\0';
	c->revision = rev;
	return VOX_OK;
}

/*
 * A contact that had no uid was given one derived from its vCard form:
 * the same derivation on what came back tells it, and the record gets
 * its NULL back (so a vCard written from it is the archive's
 * contacts.vcf card).  When anything else came back different the uid
 * stays: it is still the Card's.
 */
static void underive_uid(struct vox_contact *c)
{
	char buf[VOX_CONTACT_UID_MAX];
	struct vox_contact bare;
	const char *derived;

	if (!c->uid || strncmp(c->uid, "urn:uuid:", 9) != 0)
		return;
	bare = *c;
	bare.uid = NULL;
	derived = vox_contact_uid(&bare, buf);
	if (derived && strcmp(derived, c->uid) == 0)
		c->uid = NULL;
}

int vox_contact_from_card(struct vox_parse *p, const json_t *card,
			  struct vox_contact *c)
{
	const char *type = NULL;
	size_t at;

	vox_contact_init(c);
	TRY(vox_parse_str(p, card, "@type", &type));
	if (type && strcmp(type, "Card") != 0) {
		at = vox_parse_key(p, "@type");
		vox_parse_fail(p, "not \"Card\"");
		vox_parse_leave(p, at);
		return VOX_ERR;
	}
	TRY(vox_parse_str(p, card, "uid", &c->uid));
	TRY(vox_parse_str(p, card, "kind", &c->kind));
	TRY(vox_parse_str(p, card, "updated", &c->revision));
	TRY(revision(p, c));
	TRY(vox_parse_object(p, card, "name", name, c));
	TRY(map(p, card, "nicknames", nickname, c));
	TRY(map(p, card, "organizations", organization, c));
	TRY(map(p, card, "titles", title, c));
	TRY(map(p, card, "emails", email, c));
	TRY(map(p, card, "phones", phone, c));
	TRY(map(p, card, "addresses", address, c));
	TRY(map(p, card, "onlineServices", online_service, c));
	TRY(map(p, card, "links", web_link, c));
	TRY(map(p, card, "media", media, c));
	TRY(map(p, card, "anniversaries", anniversary, c));
	TRY(keywords(p, card, c));
	TRY(map(p, card, "notes", note, c));
	TRY(vcard_props(p, card, c));
	TRY(vox_parse_source_ref(p, card, VENDOR "source", &c->source));
	TRY(vox_parse_extra(p, card, VENDOR "extra", &c->extra));
	underive_uid(c);
	return VOX_OK;
}
