/* SPDX-License-Identifier: Apache-2.0 */
/*
 * contact_json.c: a contact as a JSContact Card (see contact_json.h),
 * following the vCard conversion rules of RFC 9555 where a field came
 * from a vCard:
 *
 *	uid			uid (derived when missing)
 *	kind			kind (RFC 9553 values; others vCardProps)
 *	revision		updated when a UTC time, else vCardProps "rev"
 *	N parts, full_name	name.components (title, given, given2,
 *				surname, credential), name.full
 *	nicknames		nicknames k1..
 *	organization, units	organizations o1 {name, units}
 *	title, role		titles t1.. {kind title|role}
 *	emails			emails e1.. {address, contexts, pref, label}
 *	phones			phones p1.. {number (tel:+E.164, else text),
 *				features, contexts, pref, label,
 *				voxport.example:raw}
 *	addresses		addresses a1.. {components (postOfficeBox,
 *				apartment, name, locality, region, postcode,
 *				country), full, contexts, pref}
 *	links			onlineServices s1.. (kinds impp, social),
 *				links l1.. (the rest)
 *	photo			media m1 {kind photo, uri, mediaType}
 *	birthday, anniversary	anniversaries d1.. {kind birth|wedding, date
 *				PartialDate}; text dates go to vCardProps
 *	gender			vCardProps "gender" (RFC 9555 maps none)
 *	categories		keywords
 *	note			notes n1
 *	props[]			vCardProps [name, {group, params}, "unknown",
 *				value as written]
 *	source, extra		voxport.example:source, voxport.example:extra
 * Contexts: home is "private", work is "work"; "other", which JSContact
 * lacks, is kept as vCardParams {"type": "other"}.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "contact_json.h"
#include "phone.h"
#include "record_json.h"
#include "vcard_write.h"

#define VENDOR "voxport.example:"
#define UTC_MAX 80	/* roomy: gcc sizes %02d for any int */

/* Builders keep going after a failure and report it once, at the end. */
struct obj {
	json_t *o;
	int failed;
};

static struct obj start(void)
{
	struct obj b = { json_object(), 0 };

	b.failed = !b.o;
	return b;
}

static void put(struct obj *b, const char *key, json_t *v)
{
	if (!v || !b->o || json_object_set_new(b->o, key, v) != 0)
		b->failed = 1;
}

static void put_str(struct obj *b, const char *key, const char *s)
{
	if (s)
		put(b, key, json_string(s));
}

/* Text that is there and not empty. */
static void put_text(struct obj *b, const char *key, const char *s)
{
	if (s && *s)
		put(b, key, json_string(s));
}

static json_t *finish(struct obj *b)
{
	if (b->failed) {
		json_decref(b->o);
		return NULL;
	}
	return b->o;
}

/* Add a built member, or mark the parent failed. */
static void put_obj(struct obj *b, const char *key, struct obj *child)
{
	put(b, key, finish(child));
}

/* An entry of an id map ("p1", "p2" ...), made on first use. */
static void put_id(struct obj *map, char prefix, size_t n, json_t *v)
{
	char id[32];

	snprintf(id, sizeof(id), "%c%zu", prefix, n);
	put(map, id, v);
}

/* Put a map only when it has entries. */
static void put_map(struct obj *b, const char *key, struct obj *map)
{
	if (!map->failed && map->o && json_object_size(map->o) == 0) {
		json_decref(map->o);
		return;
	}
	put_obj(b, key, map);
}

static void put_contexts(struct obj *b, unsigned contexts)
{
	struct obj ctx;

	if (contexts & (VOX_CTX_HOME | VOX_CTX_WORK)) {
		ctx = start();
		if (contexts & VOX_CTX_HOME)
			put(&ctx, "private", json_true());
		if (contexts & VOX_CTX_WORK)
			put(&ctx, "work", json_true());
		put_obj(b, "contexts", &ctx);
	}
}

static void put_pref(struct obj *b, int pref)
{
	if (pref >= 1 && pref <= 100)
		put(b, "pref", json_integer(pref));
}

/* The vCard parameters JSContact has no place for: TYPE=other. */
static void put_vcard_params(struct obj *b, unsigned contexts)
{
	struct obj p;

	if (!(contexts & VOX_CTX_OTHER))
		return;
	p = start();
	put(&p, "type", json_string("other"));
	put_obj(b, "vCardParams", &p);
}

/* ---- uid ---------------------------------------------------------------- */

const char *vox_contact_uid(const struct vox_contact *c,
			    char buf[VOX_CONTACT_UID_MAX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	struct vox_error err = VOX_ERROR_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int ok;

	if (c->uid && *c->uid)
		return c->uid;
	f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	ok = vox_vcard_write(f, c, &err) == VOX_OK;
	if (fclose(f) != 0)
		ok = 0;
	if (ok)
		ok = EVP_Digest(text, len, md, &mdlen, EVP_sha256(), NULL) &&
			mdlen >= 16;
	free(text);
	if (!ok)
		return NULL;
	md[6] = (unsigned char)((md[6] & 0x0F) | 0x80);	/* version 8 */
	md[8] = (unsigned char)((md[8] & 0x3F) | 0x80);	/* variant 10 */
	snprintf(buf, VOX_CONTACT_UID_MAX,
		 "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", md[0], md[1], md[2], md[3],
		 md[4], md[5], md[6], md[7], md[8], md[9], md[10], md[11],
		 md[12], md[13], md[14], md[15]);
	return buf;
}

/* ---- pieces ------------------------------------------------------------- */

/* A {kind, value} name or address component, when value is not empty. */
static void component(json_t *a, int *failed, const char *kind,
		      const char *value)
{
	json_t *o;

	if (!value || !*value)
		return;
	o = json_pack("{s:s, s:s}", "kind", kind, "value", value);
	if (!o || json_array_append_new(a, o) != 0)
		*failed = 1;
}

static void put_name(struct obj *b, const struct vox_contact *c)
{
	struct obj n = start();
	json_t *comps = json_array();
	int failed = !comps;

	if (comps) {
		component(comps, &failed, "title", c->prefix);
		component(comps, &failed, "given", c->given);
		component(comps, &failed, "given2", c->additional);
		component(comps, &failed, "surname", c->family);
		component(comps, &failed, "credential", c->suffix);
	}
	if (failed) {
		json_decref(comps);
		n.failed = 1;
	} else if (json_array_size(comps)) {
		put(&n, "components", comps);
	} else {
		json_decref(comps);
	}
	put_text(&n, "full", c->full_name);
	put_map(b, "name", &n);
}

static void put_organization(struct obj *b, const struct vox_contact *c)
{
	struct obj map, o;
	json_t *units;
	size_t i;

	if (!(c->organization && *c->organization) && !c->units.n)
		return;
	map = start();
	o = start();
	put_text(&o, "name", c->organization);
	if (c->units.n) {
		units = json_array();
		if (!units)
			o.failed = 1;
		for (i = 0; units && i < c->units.n; i++)
			if (json_array_append_new(units, json_pack(
				"{s:s}", "name", c->units.v[i])) != 0)
				o.failed = 1;
		put(&o, "units", units);
	}
	put_id(&map, 'o', 1, finish(&o));
	put_obj(b, "organizations", &map);
}

static void put_titles(struct obj *b, const struct vox_contact *c)
{
	struct obj map = start();
	size_t n = 0;

	if (c->title && *c->title)
		put_id(&map, 't', ++n, json_pack("{s:s, s:s}", "kind", "title",
						 "name", c->title));
	if (c->role && *c->role)
		put_id(&map, 't', ++n, json_pack("{s:s, s:s}", "kind", "role",
						 "name", c->role));
	put_map(b, "titles", &map);
}

static void put_emails(struct obj *b, const struct vox_contact *c)
{
	struct obj map = start();
	size_t i, n = 0;

	for (i = 0; i < c->nemails; i++) {
		const struct vox_email *e = &c->emails[i];
		struct obj o;

		if (!e->address || !*e->address)
			continue;
		o = start();
		put_str(&o, "address", e->address);
		put_contexts(&o, e->contexts);
		put_pref(&o, e->pref);
		put_text(&o, "label", e->label);
		put_vcard_params(&o, e->contexts);
		put_id(&map, 'e', ++n, finish(&o));
	}
	put_map(b, "emails", &map);
}

static void put_phones(struct obj *b, const struct vox_contact *c)
{
	static const struct {
		unsigned bit;
		const char *name;
	} feat[] = {
		{ VOX_TEL_MOBILE, "mobile" }, { VOX_TEL_VOICE, "voice" },
		{ VOX_TEL_TEXT, "text" }, { VOX_TEL_VIDEO, "video" },
		{ VOX_TEL_MAIN, "main-number" },
		{ VOX_TEL_TEXTPHONE, "textphone" }, { VOX_TEL_FAX, "fax" },
		{ VOX_TEL_PAGER, "pager" },
	};
	struct obj map = start();
	size_t i, k, n = 0;

	for (i = 0; i < c->nphones; i++) {
		const struct vox_phone *p = &c->phones[i];
		const char *num = p->number && *p->number ? p->number : p->raw;
		struct obj o, f;

		if (!num || !*num)
			continue;
		o = start();
		if (vox_phone_is_e164(num)) {
			/*
			 * RFC 9553 has no extension property: "number" is a
			 * URI or text, and RFC 3966's tel: URI carries one.
			 */
			size_t n = strlen(num), x = p->ext ? strlen(p->ext) : 0;
			char *uri = malloc(n + x + 10);

			if (uri) {
				memcpy(uri, "tel:", 4);
				memcpy(uri + 4, num, n + 1);
				if (x) {
					memcpy(uri + 4 + n, ";ext=", 5);
					memcpy(uri + 9 + n, p->ext, x + 1);
				}
			}
			put(&o, "number", uri ? json_string(uri) : NULL);
			free(uri);
		} else {
			put_str(&o, "number", num);
		}
		if (p->features) {
			f = start();
			for (k = 0; k < sizeof(feat) / sizeof(feat[0]); k++)
				if (p->features & feat[k].bit)
					put(&f, feat[k].name, json_true());
			put_obj(&o, "features", &f);
		}
		put_contexts(&o, p->contexts);
		put_pref(&o, p->pref);
		put_text(&o, "label", p->label);
		put_vcard_params(&o, p->contexts);
		put_str(&o, VENDOR "raw", p->raw);
		put_id(&map, 'p', ++n, finish(&o));
	}
	put_map(b, "phones", &map);
}

static void put_addresses(struct obj *b, const struct vox_contact *c)
{
	struct obj map = start();
	size_t i, n = 0;

	for (i = 0; i < c->naddresses; i++) {
		const struct vox_address *a = &c->addresses[i];
		json_t *comps = json_array();
		int failed = !comps;
		struct obj o = start();

		if (comps) {
			component(comps, &failed, "postOfficeBox", a->pobox);
			component(comps, &failed, "apartment", a->extended);
			component(comps, &failed, "name", a->street);
			component(comps, &failed, "locality", a->locality);
			component(comps, &failed, "region", a->region);
			component(comps, &failed, "postcode", a->postcode);
			component(comps, &failed, "country", a->country);
		}
		if (failed) {
			json_decref(comps);
			o.failed = 1;
		} else if (json_array_size(comps)) {
			put(&o, "components", comps);
		} else {
			json_decref(comps);
		}
		put_text(&o, "full", a->full);
		if (o.o && !o.failed && json_object_size(o.o) == 0) {
			/* Nothing JSContact can hold: skip it. */
			json_decref(o.o);
			continue;
		}
		put_contexts(&o, a->contexts);
		put_pref(&o, a->pref);
		put_vcard_params(&o, a->contexts);
		put_text(&o, VENDOR "label", a->label);
		put_id(&map, 'a', ++n, finish(&o));
	}
	put_map(b, "addresses", &map);
}

/* "sip" for "sip:alice@example.com"; 0 when s has no URI scheme. */
static size_t scheme_len(const char *s)
{
	size_t n = 0;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (s[n] && (strchr("+-.", s[n]) ||
			(s[n] >= 'a' && s[n] <= 'z') ||
			(s[n] >= 'A' && s[n] <= 'Z') ||
			(s[n] >= '0' && s[n] <= '9')))
		n++;
	return s[n] == ':' && s[n + 1] ? n : 0;
}

/* The service an IMPP scheme names, for onlineServices.service. */
static const char *service_name(const char *uri)
{
	static const struct {
		const char *scheme, *name;
	} tab[] = {
		{ "aim", "AIM" }, { "gg", "Gadu-Gadu" }, { "icq", "ICQ" },
		{ "irc", "IRC" }, { "matrix", "Matrix" }, { "msnim", "MSN" },
		{ "sip", "SIP" }, { "sips", "SIP" }, { "skype", "Skype" },
		{ "xmpp", "XMPP" }, { "ymsgr", "Yahoo" },
	};
	size_t n = scheme_len(uri), i;

	for (i = 0; n && i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strlen(tab[i].scheme) == n &&
		    strncasecmp(uri, tab[i].scheme, n) == 0)
			return tab[i].name;
	return NULL;
}

static void put_links(struct obj *b, const struct vox_contact *c, int online)
{
	struct obj map = start();
	size_t i, n = 0;

	for (i = 0; i < c->nlinks; i++) {
		const struct vox_link *k = &c->links[i];
		int is_online = k->kind && (strcmp(k->kind, "impp") == 0 ||
					    strcmp(k->kind, "social") == 0);
		struct obj o;

		if (!k->uri || !*k->uri || is_online != online)
			continue;
		o = start();
		if (online) {
			put_text(&o, "service", service_name(k->uri));
			put_str(&o, scheme_len(k->uri) ? "uri" : "user",
				k->uri);
		} else {
			put_str(&o, "uri", k->uri);
		}
		put_contexts(&o, k->contexts);
		put_text(&o, "label", k->label);
		put_vcard_params(&o, k->contexts);
		put_id(&map, online ? 's' : 'l', ++n, finish(&o));
	}
	put_map(b, online ? "onlineServices" : "links", &map);
}

/* n bytes of s are "type/subtype" (RFC 6838 restricted names). */
static int media_type_ok(const char *s, size_t n)
{
	static const char tok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
		"qrstuvwxyz0123456789!#$&^_.+-";
	const char *slash = memchr(s, '/', n);
	size_t a, b;

	if (!slash)
		return 0;
	a = (size_t)(slash - s);
	b = n - a - 1;
	return a && b && a < 128 && b < 128 && strspn(s, tok) == a &&
		strspn(slash + 1, tok) >= b;
}

static void put_media(struct obj *b, const struct vox_contact *c)
{
	struct obj map, o;
	const char *t, *end;

	if (!c->photo || !*c->photo)
		return;
	map = start();
	o = start();
	put_str(&o, "kind", "photo");
	put_str(&o, "uri", c->photo);
	/* data:image/jpeg;base64,... says its type. */
	if (strncasecmp(c->photo, "data:", 5) == 0) {
		t = c->photo + 5;
		end = t + strcspn(t, ";,");
		if (media_type_ok(t, (size_t)(end - t))) {
			char type[256];

			memcpy(type, t, (size_t)(end - t));
			type[end - t] = '\0';
			put_str(&o, "mediaType", type);
		}
	}
	put_id(&map, 'm', 1, finish(&o));
	put_obj(b, "media", &map);
}

static int has_date(const struct vox_date *d)
{
	return d->year > 0 || d->month > 0 || d->day > 0;
}

static void put_dates(struct obj *b, const struct vox_contact *c)
{
	const struct vox_date *d[2] = { &c->birthday, &c->anniversary };
	const char *kind[2] = { "birth", "wedding" };
	struct obj map = start();
	size_t i, n = 0;

	for (i = 0; i < 2; i++) {
		struct obj o, date;

		if (!has_date(d[i]))
			continue;
		date = start();
		put_str(&date, "@type", "PartialDate");
		if (d[i]->year > 0)
			put(&date, "year", json_integer(d[i]->year));
		if (d[i]->month > 0)
			put(&date, "month", json_integer(d[i]->month));
		if (d[i]->day > 0)
			put(&date, "day", json_integer(d[i]->day));
		o = start();
		put_str(&o, "kind", kind[i]);
		put_obj(&o, "date", &date);
		put_id(&map, 'd', ++n, finish(&o));
	}
	put_map(b, "anniversaries", &map);
}

static void put_keywords(struct obj *b, const struct vox_contact *c)
{
	struct obj map = start();
	size_t i;

	for (i = 0; i < c->categories.n; i++)
		if (c->categories.v[i] && *c->categories.v[i])
			put(&map, c->categories.v[i], json_true());
	put_map(b, "keywords", &map);
}

static void put_notes(struct obj *b, const struct vox_contact *c)
{
	struct obj map;

	if (!c->note || !*c->note)
		return;
	map = start();
	put_id(&map, 'n', 1, json_pack("{s:s}", "note", c->note));
	put_obj(b, "notes", &map);
}

/* The sex component of vCard GENDER: M, F, O, N or U. */
static int is_sex(const char *g)
{
	return g[0] && !g[1] && strchr("MFONU", g[0]);
}

/* n bytes of s, ASCII letters in lower case, into d[n + 1]. */
static void lower_into(char *d, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' :
			      s[i]);
	d[n] = '\0';
}

static int is_card_kind(const char *k)
{
	static const char *const kinds[] = {
		"individual", "group", "org", "location", "device",
		"application", NULL
	};
	size_t i;

	for (i = 0; kinds[i]; i++)
		if (strcmp(k, kinds[i]) == 0)
			return 1;
	return 0;
}

/*
 * REV as an RFC 9553 UTCDateTime: 20240305T141207Z or
 * 2024-03-05T14:12:07Z (fractions dropped); 0 if it is neither.
 */
static int rev_to_utc(const char *s, char out[UTC_MAX])
{
	int v[6], i;
	const char *p = s;
	static const int width[6] = { 4, 2, 2, 2, 2, 2 };
	static const char sep[6] = { 0, '-', '-', 'T', ':', ':' };

	for (i = 0; i < 6; i++) {
		int k;

		if (sep[i] == 'T') {
			if (*p++ != 'T')
				return 0;
		} else if (sep[i] && *p == sep[i]) {
			p++;
		}
		for (v[i] = 0, k = 0; k < width[i]; k++, p++) {
			if (*p < '0' || *p > '9')
				return 0;
			v[i] = v[i] * 10 + (*p - '0');
		}
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (strcmp(p, "Z") != 0 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60)
		return 0;
	snprintf(out, UTC_MAX, "%04d-%02d-%02dT%02d:%02d:%02dZ", v[0], v[1],
		 v[2], v[3], v[4], v[5] > 59 ? 59 : v[5]);
	return 1;
}

/* ["name", {}, "text", value], for values RFC 9555 leaves as vCard. */
static void text_prop(json_t *props, int *failed, const char *name,
		      json_t *value)
{
	json_t *p = value ? json_pack("[s, {}, s, o]", name, "text", value) :
		NULL;

	if (!p || json_array_append_new(props, p) != 0)
		*failed = 1;
}

/* Add one parameter value; repeated names become arrays. */
static void param_add(json_t *params, int *failed, const char *name,
		      size_t nlen, const char *value, size_t vlen)
{
	char key[64];
	json_t *old, *v;

	if (nlen == 0 || nlen >= sizeof(key))
		return;
	lower_into(key, name, nlen);
	v = json_stringn(value, vlen);
	if (!v) {
		*failed = 1;
		return;
	}
	old = json_object_get(params, key);
	if (!old) {
		if (json_object_set_new(params, key, v) != 0)
			*failed = 1;
		return;
	}
	if (!json_is_array(old)) {
		json_t *a = json_array();

		if (!a || json_array_append(a, old) != 0 ||
		    json_object_set_new(params, key, a) != 0) {
			json_decref(a);
			json_decref(v);
			*failed = 1;
			return;
		}
		old = a;
	}
	if (json_array_append_new(old, v) != 0)
		*failed = 1;
}

/*
 * The jCard parameters of a prop: "group", then each NAME=value of
 * params (quotes removed; a TYPE list split into an array).
 */
static json_t *jcard_params(const struct vox_vcard_prop *p, int *failed)
{
	json_t *o = json_object();
	const char *s = p->params;

	if (!o) {
		*failed = 1;
		return NULL;
	}
	if (p->group && json_object_set_new(o, "group",
					    json_string(p->group)) != 0)
		*failed = 1;
	while (s && *s) {
		const char *end = s, *eq = NULL, *v;
		char *val, *w;
		int quoted = 0;

		while (*end && (quoted || *end != ';')) {
			if (*end == '"')
				quoted = !quoted;
			else if (*end == '=' && !eq && !quoted)
				eq = end;
			end++;
		}
		/* A bare word is a TYPE. */
		v = eq ? eq + 1 : s;
		val = malloc((size_t)(end - v) + 1);
		if (!val) {
			*failed = 1;
			break;
		}
		for (w = val; v < end; v++)
			if (*v != '"')
				*w++ = *v;
		*w = '\0';
		if (eq && !(eq - s == 4 && strncasecmp(s, "TYPE", 4) == 0)) {
			param_add(o, failed, s, (size_t)(eq - s), val,
				  strlen(val));
		} else {
			const char *t = val, *c;

			for (;;) {
				c = strchr(t, ',');
				param_add(o, failed, "type", 4, t,
					  c ? (size_t)(c - t) : strlen(t));
				if (!c)
					break;
				t = c + 1;
			}
		}
		free(val);
		s = *end ? end + 1 : end;
	}
	return o;
}

static void put_vcard_props(struct obj *b, const struct vox_contact *c)
{
	json_t *props = json_array();
	int failed = !props;
	size_t i;

	if (!props) {
		b->failed = 1;
		return;
	}
	if (c->kind && *c->kind && !is_card_kind(c->kind))
		text_prop(props, &failed, "kind", json_string(c->kind));
	if (c->birthday.text && !has_date(&c->birthday))
		text_prop(props, &failed, "bday",
			  json_string(c->birthday.text));
	if (c->anniversary.text && !has_date(&c->anniversary))
		text_prop(props, &failed, "anniversary",
			  json_string(c->anniversary.text));
	/* jCard GENDER: "F", or ["", "identity text"]. */
	if (c->gender && *c->gender)
		text_prop(props, &failed, "gender",
			  is_sex(c->gender) ? json_string(c->gender) :
			  json_pack("[s, s]", "", c->gender));
	if (c->revision && *c->revision) {
		char utc[UTC_MAX];

		if (!rev_to_utc(c->revision, utc))
			text_prop(props, &failed, "rev",
				  json_string(c->revision));
	}
	for (i = 0; i < c->nprops; i++) {
		const struct vox_vcard_prop *p = &c->props[i];
		char name[64];
		size_t n = p->name ? strlen(p->name) : 0;
		json_t *params, *e;

		if (!n || n >= sizeof(name))
			continue;
		lower_into(name, p->name, n);
		params = jcard_params(p, &failed);
		e = params ? json_pack("[s, o, s, s]", name, params, "unknown",
				       p->value ? p->value : "") : NULL;
		if (!e || json_array_append_new(props, e) != 0)
			failed = 1;
	}
	if (failed) {
		json_decref(props);
		b->failed = 1;
	} else if (json_array_size(props)) {
		put(b, "vCardProps", props);
	} else {
		json_decref(props);
	}
}

json_t *vox_contact_to_json(const struct vox_contact *c)
{
	struct obj b = start();
	char uidbuf[VOX_CONTACT_UID_MAX], utc[UTC_MAX];
	const char *uid = vox_contact_uid(c, uidbuf);

	put_str(&b, "@type", "Card");
	put_str(&b, "version", "1.0");
	put(&b, "uid", uid ? json_string(uid) : NULL);
	if (c->kind && is_card_kind(c->kind))
		put_str(&b, "kind", c->kind);
	if (c->revision && rev_to_utc(c->revision, utc))
		put_str(&b, "updated", utc);
	put_name(&b, c);
	if (c->nicknames.n) {
		struct obj map = start();
		size_t i, n = 0;

		for (i = 0; i < c->nicknames.n; i++)
			if (c->nicknames.v[i] && *c->nicknames.v[i])
				put_id(&map, 'k', ++n,
				       json_pack("{s:s}", "name",
						 c->nicknames.v[i]));
		put_map(&b, "nicknames", &map);
	}
	put_organization(&b, c);
	put_titles(&b, c);
	put_emails(&b, c);
	put_phones(&b, c);
	put_addresses(&b, c);
	put_links(&b, c, 1);
	put_links(&b, c, 0);
	put_media(&b, c);
	put_dates(&b, c);
	put_keywords(&b, c);
	put_notes(&b, c);
	put_vcard_props(&b, c);
	put(&b, VENDOR "source", vox_source_ref_to_json(&c->source));
	if (c->extra.n)
		put(&b, VENDOR "extra", vox_extra_to_json(&c->extra));
	return finish(&b);
}
