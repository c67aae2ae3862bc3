/* SPDX-License-Identifier: Apache-2.0 */
/*
 * third_party.c: masking or pseudonymising the other parties of a call,
 * message or recording (third_party.h).
 *
 * How.  A record's other parties are those its identity does not match
 * (src/match.c): the call's and every leg's from and to, a message's
 * sender and recipients, a recording's FreePBX numbers (extra "from",
 * "dest") and voicemail caller ID, and a leg's channel endpoints that are
 * not the subject's (a SIP username such as "hiroshi" names a person;
 * these are replaced only in channel names and dial strings).  Each gives
 * tokens: its name, its number and raw spelling, and their digits alone
 * (FreePBX file names and dial strings carry "447700900258" for
 * +447700900258).  The record is
 * turned into its JSON form, every string in it has each token replaced
 * where it stands alone (a number not inside a longer run of digits, a
 * name not inside a word), and the JSON is read back into a record
 * (src/record_parse.c), so the JSONL line and the CSV twin get the same
 * values and nothing is missed for want of a field list.
 *
 * Replacements.  mask: every digit but the last 3 becomes X
 * ("+447700900123" → "+XXXXXXXXX123"), a name "[masked]".  hash:
 * "tp-" and the first 12 hex digits of HMAC-SHA256(key, the party's
 * number, E.164 where it was normalised, else its raw digits; or "name:"
 * and the name), the same for every spelling of a number within the
 * archive, not reversible without the key.  The subject's own numbers are
 * never tokens.  A token of fewer than 3 digits is left alone: it would
 * match inside ids and times.
 */
#include <ctype.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "contact_json.h"
#include "match.h"
#include "record.h"
#include "record_json.h"
#include "record_parse.h"
#include "third_party.h"

#define MAX_TOKENS 256
#define MIN_DIGITS 3

struct token {
	const char *text;
	const char *with;	/* the replacement */
	int digits;		/* a number: bounded by non-digits */
	int dial;		/* a channel endpoint: only in dial strings */
};

struct vox_third_party {
	enum vox_third_party_mode mode;
	unsigned char key[VOX_TP_KEY_MAX];
	size_t keylen;
	const struct vox_identity *id;
	struct vox_arena arena;		/* per record */
	struct vox_record rec;
	struct token tok[MAX_TOKENS];
	size_t ntok;
};

int vox_third_party_mode(const char *name)
{
	if (strcmp(name, "keep") == 0)
		return VOX_TP_KEEP;
	if (strcmp(name, "mask") == 0)
		return VOX_TP_MASK;
	if (strcmp(name, "hash") == 0)
		return VOX_TP_HASH;
	return -1;
}

const char *vox_third_party_manifest_name(enum vox_third_party_mode mode)
{
	/* "include" is v1.0's name for keeping them. */
	return mode == VOX_TP_MASK ? "mask" : mode == VOX_TP_HASH ? "hash" :
	       "include";
}

struct vox_third_party *vox_third_party_new(enum vox_third_party_mode mode,
					    const unsigned char *key,
					    size_t keylen,
					    const struct vox_identity *id,
					    struct vox_error *err)
{
	struct vox_third_party *tp = calloc(1, sizeof(*tp));

	if (!tp) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	tp->mode = mode;
	tp->id = id;
	if (key) {
		tp->keylen = keylen < VOX_TP_KEY_MAX ? keylen : VOX_TP_KEY_MAX;
		memcpy(tp->key, key, tp->keylen);
	} else {
		tp->keylen = 32;
		if (RAND_bytes(tp->key, (int)tp->keylen) != 1) {
			free(tp);
			vox_error_set(err, VOX_E_IO, "no random bytes for the "
				      "third-party key");
			return NULL;
		}
	}
	vox_arena_init(&tp->arena);
	return tp;
}

void vox_third_party_free(struct vox_third_party *tp)
{
	if (!tp)
		return;
	vox_arena_release(&tp->arena);
	memset(tp->key, 0, sizeof(tp->key));
	free(tp);
}

static size_t count_digits(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += isdigit((unsigned char)*s) != 0;
	return n;
}

static char *digits_of(struct vox_arena *a, const char *s)
{
	char *d = vox_arena_alloc(a, strlen(s) + 1), *p = d;

	if (!d)
		return NULL;
	for (; *s; s++)
		if (isdigit((unsigned char)*s))
			*p++ = *s;
	*p = '\0';
	return d;
}

static const char *pseudonym(struct vox_third_party *tp, const char *what,
			     const char *value)
{
	unsigned char md[32];
	unsigned mdlen = 0;
	size_t lw = strlen(what), lv = strlen(value);
	unsigned char *msg = vox_arena_alloc(&tp->arena, lw + lv + 1);
	char *out = vox_arena_alloc(&tp->arena, 16);

	if (!msg || !out)
		return NULL;
	memcpy(msg, what, lw);
	memcpy(msg + lw, value, lv);
	if (!HMAC(EVP_sha256(), tp->key, (int)tp->keylen, msg, lw + lv, md,
		  &mdlen))
		return NULL;
	snprintf(out, 16, "tp-%02x%02x%02x%02x%02x%02x", md[0], md[1], md[2],
		 md[3], md[4], md[5]);
	return out;
}

static const char *masked_number(struct vox_arena *a, const char *s)
{
	size_t n = count_digits(s), seen = 0;
	char *m = vox_arena_strdup(a, s);

	for (char *p = m; p && *p; p++)
		if (isdigit((unsigned char)*p) && seen++ < n - MIN_DIGITS)
			*p = 'X';
	return m;
}

static void add(struct vox_third_party *tp, const char *text,
		const char *with, int digits)
{
	if (!text || !with || !*text || tp->ntok == MAX_TOKENS)
		return;
	for (size_t i = 0; i < tp->ntok; i++)
		if (strcmp(tp->tok[i].text, text) == 0) {
			tp->tok[i].dial = 0;	/* also a number or name */
			return;
		}
	tp->tok[tp->ntok++] = (struct token){ text, with, digits, 0 };
}

/* The tokens of a number as its spellings: as written and digits alone. */
static void add_number(struct vox_third_party *tp, const char *s,
		       const char *canonical)
{
	char *d;

	if (!s || count_digits(s) < MIN_DIGITS)
		return;
	d = digits_of(&tp->arena, s);
	if (tp->mode == VOX_TP_HASH) {
		const char *p = pseudonym(tp, "number:", digits_of(&tp->arena,
					  canonical ? canonical : s));

		add(tp, s, p, 1);
		add(tp, d, p, 1);
	} else {
		add(tp, s, masked_number(&tp->arena, s), 1);
		add(tp, d, masked_number(&tp->arena, d), 1);
	}
}

static void add_name(struct vox_third_party *tp, const char *name)
{
	if (!name || strlen(name) < 2)
		return;
	add(tp, name, tp->mode == VOX_TP_HASH ?
	    pseudonym(tp, "name:", name) : "[masked]", 0);
}

/* A party that is not the subject's. */
static void add_party(struct vox_third_party *tp, const struct vox_party *p)
{
	const char *canon;

	if (!p || (!p->number && !p->raw && !p->name) ||
	    vox_identity_match_party(tp->id, p))
		return;
	canon = p->number && *p->number ? p->number : p->raw;
	add_number(tp, p->number, canon);
	add_number(tp, p->raw, canon);
	add_name(tp, p->name);
}

/* A caller ID as Asterisk writes it: "Name" <number>. */
static void add_callerid(struct vox_third_party *tp, const char *cid)
{
	struct vox_party p;
	const char *lt, *gt, *q1, *q2;

	if (!cid)
		return;
	memset(&p, 0, sizeof(p));
	lt = strchr(cid, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt)
		p.raw = vox_arena_strndup(&tp->arena, lt + 1,
					  (size_t)(gt - lt - 1));
	q1 = strchr(cid, '"');
	q2 = q1 ? strchr(q1 + 1, '"') : NULL;
	if (q1 && q2)
		p.name = vox_arena_strndup(&tp->arena, q1 + 1,
					   (size_t)(q2 - q1 - 1));
	if (!p.raw && !p.name)
		p.raw = cid;
	add_party(tp, &p);
}

/*
 * The endpoint of a leg's channel ("PJSIP/hiroshi-00000016": a SIP
 * username) when it is not the subject's: a name for a person too.
 */
static void add_endpoint(struct vox_third_party *tp, const char *channel)
{
	struct vox_call_leg leg;
	enum vox_direction dir;
	char ep[128];

	if (!channel || !vox_channel_endpoint(channel, ep, sizeof(ep)))
		return;
	vox_call_leg_init(&leg);
	leg.channel = channel;
	if (vox_identity_match_leg(tp->id, &leg, &dir))
		return;
	if (count_digits(ep) == strlen(ep)) {
		add_number(tp, vox_arena_strdup(&tp->arena, ep), NULL);
		return;
	}
	/*
	 * Only where channels are named: "trunk" is an endpoint too, and
	 * the context "from-trunk" is not a person's.
	 */
	for (size_t i = 0; i < tp->ntok; i++)
		if (strcmp(tp->tok[i].text, ep) == 0)
			return;
	add(tp, vox_arena_strdup(&tp->arena, ep), tp->mode == VOX_TP_HASH ?
	    pseudonym(tp, "endpoint:", ep) : "[masked]", 0);
	if (tp->ntok && strcmp(tp->tok[tp->ntok - 1].text, ep) == 0)
		tp->tok[tp->ntok - 1].dial = 1;
}

static void collect(struct vox_third_party *tp, const struct vox_record *r)
{
	size_t i;

	tp->ntok = 0;
	switch (r->kind) {
	case VOX_CALL:
		add_party(tp, &r->u.call.from);
		add_party(tp, &r->u.call.to);
		for (i = 0; i < r->u.call.nlegs; i++) {
			add_party(tp, &r->u.call.legs[i].from);
			add_party(tp, &r->u.call.legs[i].to);
			add_endpoint(tp, r->u.call.legs[i].channel);
			add_endpoint(tp, r->u.call.legs[i].peer_channel);
		}
		break;
	case VOX_MESSAGE:
		add_party(tp, &r->u.message.from);
		for (i = 0; i < r->u.message.nto; i++)
			add_party(tp, &r->u.message.to[i]);
		break;
	case VOX_RECORDING: {
		const struct vox_extra *x = &r->u.recording.extra;
		struct vox_party p;
		const char *keys[] = { "from", "dest", "callerid_num" };

		for (i = 0; i < 3; i++) {
			memset(&p, 0, sizeof(p));
			p.raw = vox_extra_get(x, keys[i]);
			if (p.raw)
				add_party(tp, &p);
		}
		add_callerid(tp, vox_extra_get(x, "callerid"));
		break;
	}
	default:
		break;
	}
}

/* Longest first, so that "+447700900123" goes before "7700900123". */
static int by_length(const void *a, const void *b)
{
	size_t la = strlen(((const struct token *)a)->text);
	size_t lb = strlen(((const struct token *)b)->text);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

static int stands_alone(const char *s, const char *at, size_t len, int digits)
{
	unsigned char before = at > s ? (unsigned char)at[-1] : 0;
	unsigned char after = (unsigned char)at[len];

	if (digits)
		return !isdigit(before) && !isdigit(after);
	return !isalnum(before) && !isalnum(after) && before < 0x80 &&
	       after < 0x80;
}

/* The members that name channels: where endpoint tokens apply. */
static int dial_key(const char *key)
{
	return key && (strcmp(key, "channel") == 0 ||
		       strcmp(key, "peer_channel") == 0 ||
		       strcmp(key, "application_data") == 0);
}

/*
 * s (the value of member key, or an array element: key NULL) with every
 * token that stands alone replaced; s itself when none.
 */
static const char *scrub(struct vox_third_party *tp, const char *key,
			 const char *s)
{
	for (size_t i = 0; i < tp->ntok; i++) {
		const struct token *t = &tp->tok[i];
		size_t tl = strlen(t->text), wl = strlen(t->with);
		const char *at = s, *hit;

		if (t->dial && !dial_key(key))
			continue;
		while ((hit = strstr(at, t->text))) {
			size_t pre = (size_t)(hit - s), rest;
			char *n;

			if (!stands_alone(s, hit, tl, t->digits)) {
				at = hit + 1;
				continue;
			}
			rest = strlen(hit + tl);
			n = vox_arena_alloc(&tp->arena, pre + wl + rest + 1);
			if (!n)
				return s;
			memcpy(n, s, pre);
			memcpy(n + pre, t->with, wl);
			memcpy(n + pre + wl, hit + tl, rest + 1);
			s = n;
			at = s + pre + wl;
		}
	}
	return s;
}

static void scrub_json(struct vox_third_party *tp, json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_object_foreach(j, key, v) {
			if (json_is_string(v)) {
				const char *s = json_string_value(v);
				const char *t = scrub(tp, key, s);

				if (t != s)
					json_object_set_new(j, key,
							    json_string(t));
			} else {
				scrub_json(tp, v);
			}
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			if (json_is_string(v)) {
				const char *s = json_string_value(v);
				const char *t = scrub(tp, NULL, s);

				if (t != s)
					json_array_set_new(j, i,
							   json_string(t));
			} else {
				scrub_json(tp, v);
			}
		}
	}
}

int vox_third_party_apply(struct vox_third_party *tp,
			  const struct vox_record *in,
			  const struct vox_record **out,
			  struct vox_error *err)
{
	json_t *j = NULL;
	int rc;

	*out = in;
	if (!tp || tp->mode == VOX_TP_KEEP)
		return VOX_OK;
	vox_arena_reset(&tp->arena);
	collect(tp, in);
	if (!tp->ntok)
		return VOX_OK;
	qsort(tp->tok, tp->ntok, sizeof(tp->tok[0]), by_length);
	switch (in->kind) {
	case VOX_CALL:
		j = vox_call_to_json(&in->u.call);
		break;
	case VOX_MESSAGE:
		j = vox_message_to_json(&in->u.message);
		break;
	case VOX_RECORDING:
		j = vox_recording_to_json(&in->u.recording);
		break;
	default:
		return VOX_OK;
	}
	if (!j)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	scrub_json(tp, j);
	rc = vox_record_from_json(j, in->kind, &tp->arena, &tp->rec, err);
	json_decref(j);
	if (rc != VOX_OK)
		return vox_error_prefix(err, "third-party %s",
					tp->mode == VOX_TP_MASK ? "masking" :
					"pseudonyms");
	/* What the JSON form does not carry comes from the record read. */
	if (in->kind == VOX_RECORDING)
		tp->rec.u.recording.file = in->u.recording.file;
	if (in->kind == VOX_MESSAGE &&
	    tp->rec.u.message.nparts == in->u.message.nparts)
		for (size_t i = 0; i < in->u.message.nparts; i++) {
			tp->rec.u.message.parts[i].spooled =
				in->u.message.parts[i].spooled;
			tp->rec.u.message.parts[i].spool_offset =
				in->u.message.parts[i].spool_offset;
		}
	*out = &tp->rec;
	return VOX_OK;
}
