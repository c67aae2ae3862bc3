/*
 * phone.c: phone numbers to E.164 (ITU-T E.164), from the forms PBXs,
 * phones and people write: national and international dialling strings,
 * tel: URIs (RFC 3966) and the user part of sip: URIs (RFC 3261 19.1).
 *
 * What a country's numbers look like (calling code, trunk and
 * international prefixes, carrier codes, number lengths) is Google's
 * libphonenumber's metadata, reached through src/phone_lib.h; this file
 * keeps what is voxport's own: extensions, feature codes and Asterisk's
 * special extensions stay as written, letters are never read as keypad
 * digits (a value with letters is not a number here), URIs are taken
 * apart, an extension after a number is split off, and a value that is not
 * a number stays as written, never an error.
 *
 * libphonenumber parses with regular expressions, some microseconds a
 * number, and a call log repeats the same few numbers many times: results
 * are kept in a small direct-mapped cache keyed by (region, dialled
 * digits), so each distinct number is parsed about once.
 */
#include <stdint.h>
#include <string.h>

#include "phone.h"
#include "phone_lib.h"
#include "voxport/error.h"

/* Digits kept from one value; more is not a phone number. */
#define DIGITS_MAX 32
/* Feature codes such as "*21*1001#". */
#define FEATURE_MAX 20
/* Cache slots (a power of two); each about 56 bytes. */
#define CACHE_SLOTS 8192

/*
 * One parsed number: REGION and KEY (the dialled digits, '+' first when
 * written) give E164, or "" when libphonenumber cannot place it.  A slot
 * with an empty key is free.  The cache is process-wide: voxport runs one
 * export at a time on one thread.
 */
struct cache_slot {
	char region[3];
	char key[DIGITS_MAX + 1];
	char e164[VOX_PHONE_E164_MAX];
};

static struct cache_slot cache[CACHE_SLOTS];

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int to_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

int vox_phone_plan_for_country(const char *iso2, struct vox_phone_plan *out)
{
	struct vox_phone_plan p;

	if (!iso2 || !iso2[0] || !iso2[1] || iso2[2])
		return VOX_ERR;
	memset(&p, 0, sizeof(p));
	p.country[0] = (char)to_upper(iso2[0]);
	p.country[1] = (char)to_upper(iso2[1]);
	if (!strcmp(p.country, "UK")) /* reserved by ISO 3166 for the UK */
		memcpy(p.country, "GB", 3);
	if (p.country[0] < 'A' || p.country[0] > 'Z' || p.country[1] < 'A' ||
	    p.country[1] > 'Z')
		return VOX_ERR;
	if (vox_phonelib_region(p.country, p.cc, p.trunk) != 0)
		return VOX_ERR;
	p.ext_max = VOX_PHONE_EXT_MAX;
	*out = p;
	return VOX_OK;
}

/* Does [s, e) start with P, ignoring ASCII case? */
static int starts_ci(const char *s, const char *e, const char *p)
{
	for (; *p; p++, s++)
		if (s == e || to_upper(*s) != to_upper(*p))
			return 0;
	return 1;
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

static enum vox_phone_kind put(enum vox_phone_kind kind, const char *s,
			       size_t n, char *out, size_t outsz)
{
	if (outsz == 0)
		return VOX_PHONE_OTHER;
	if (n >= outsz) {
		out[0] = '\0';
		return VOX_PHONE_OTHER;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return kind;
}

static int is_extension(const char *s, size_t n, size_t ext_max)
{
	size_t i;
	int feature;

	if (n == 0)
		return 0;
	/* Asterisk's start, hangup, invalid, timeout, operator... */
	if (n == 1 && s[0] && strchr("shitToae", s[0]))
		return 1;
	feature = s[0] == '*' || s[0] == '#';
	if (n > (feature ? FEATURE_MAX : ext_max))
		return 0;
	for (i = 0; i < n; i++)
		if (!is_digit(s[i]) &&
		    !(feature && (s[i] == '*' || s[i] == '#')))
			return 0;
	return 1;
}

/*
 * A trailing extension ("x12", "ext. 12", "ext 12", ";ext=12") of
 * [s, e): returns where its marker starts, or E, and sets *DIGITS to its
 * first digit.
 */
static const char *ext_start(const char *s, const char *e, const char **digits)
{
	const char *p, *q;

	for (p = s; p < e; p++)
		if (*p && strchr(";xXeE", *p))
			break;
	if (p == e || p == s)
		return e;
	if (starts_ci(p, e, ";ext="))
		q = p + 5;
	else if (starts_ci(p, e, "ext"))
		q = p + 3 + (starts_ci(p + 3, e, ".") ? 1 : 0);
	else if (*p == 'x' || *p == 'X')
		q = p + 1;
	else
		return e;
	while (q < e && *q == ' ')
		q++;
	if (q == e)
		return e;
	*digits = q;
	for (; q < e; q++)
		if (!is_digit(*q))
			return e;
	return p;
}

/* The ";ext=" parameter of the tel: URI parameters [s, e), or NULL. */
static const char *tel_ext(const char *s, const char *e, size_t *n)
{
	const char *p, *q;

	for (p = s; p < e; p++) {
		if (*p != ';' || !starts_ci(p, e, ";ext="))
			continue;
		p += 5;
		for (q = p; q < e && *q != ';'; q++)
			if (!is_digit(*q) && !strchr("-.()", *q))
				return NULL;
		*n = (size_t)(q - p);
		return *n ? p : NULL;
	}
	return NULL;
}

size_t vox_phone_ext(const char *raw, size_t len, const char **ext)
{
	const char *s = raw, *e = raw + len, *semi, *d = NULL;
	size_t n = 0;

	*ext = NULL;
	if (!raw)
		return 0;
	trim(&s, &e);
	if (starts_ci(s, e, "tel:")) {
		if (!(semi = memchr(s, ';', (size_t)(e - s))))
			return 0;
		*ext = tel_ext(semi, e, &n);
		return *ext ? n : 0;
	}
	if (starts_ci(s, e, "sip:") || starts_ci(s, e, "sips:"))
		return 0;
	if (ext_start(s, e, &d) == e)
		return 0;
	*ext = d;
	return (size_t)(e - d);
}

static uint32_t hash(const char *region, const char *key)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *region; region++)
		h = (h ^ (unsigned char)*region) * 16777619u;
	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h;
}

/*
 * The E.164 form of the dialled digits KEY in REGION into E164, or "":
 * from the cache, or libphonenumber's answer, which then replaces what the
 * slot held.  An answer libphonenumber could not give (-1: out of memory)
 * is not kept.
 */
static void lookup(const char *region, const char *key,
		   char e164[VOX_PHONE_E164_MAX])
{
	struct cache_slot *c = &cache[hash(region, key) & (CACHE_SLOTS - 1)];
	int r;

	if (c->key[0] && !strcmp(c->key, key) && !strcmp(c->region, region)) {
		memcpy(e164, c->e164, VOX_PHONE_E164_MAX);
		return;
	}
	e164[0] = '\0';
	r = vox_phonelib_e164(region, key, e164, VOX_PHONE_E164_MAX);
	if (r < 0) {
		e164[0] = '\0';
		return;
	}
	if (r == 0)
		e164[0] = '\0';
	memcpy(c->region, region, strlen(region) + 1);
	memcpy(c->key, key, strlen(key) + 1);
	memcpy(c->e164, e164, VOX_PHONE_E164_MAX);
}

enum vox_phone_kind vox_phone_normalise(const struct vox_phone_plan *plan,
					const char *raw, size_t len, char *out,
					size_t outsz)
{
	const char *s = raw, *e = raw + len, *at, *semi, *digits;
	char key[DIGITS_MAX + 1], e164[VOX_PHONE_E164_MAX];
	const char *region = plan ? plan->country : "", *k = key;
	size_t nd = 0, ext_max, n;
	int plus = 0, uri = 0;

	if (!raw)
		return put(VOX_PHONE_OTHER, "", 0, out, outsz);
	ext_max = plan ? plan->ext_max : VOX_PHONE_EXT_MAX;
	trim(&s, &e);
	if (s == e)
		return put(VOX_PHONE_OTHER, raw, len, out, outsz);
	if (is_extension(s, (size_t)(e - s), ext_max))
		return put(VOX_PHONE_EXTENSION, raw, len, out, outsz);
	if (starts_ci(s, e, "tel:")) {
		uri = 1;
		s += 4;
		if ((semi = memchr(s, ';', (size_t)(e - s))))
			e = semi;
	} else if (starts_ci(s, e, "sip:") || starts_ci(s, e, "sips:")) {
		uri = 1;
		s += s[3] == ':' ? 4 : 5;
		if (!(at = memchr(s, '@', (size_t)(e - s))))
			return put(VOX_PHONE_OTHER, raw, len, out, outsz);
		e = at;
		if ((semi = memchr(s, ';', (size_t)(e - s))))
			e = semi;
	}
	if (uri) {
		trim(&s, &e);
		if (is_extension(s, (size_t)(e - s), ext_max))
			return put(VOX_PHONE_EXTENSION, s, (size_t)(e - s), out,
				   outsz);
	}
	e = ext_start(s, e, &digits);
	trim(&s, &e);
	/*
	 * Only digits, one leading '+' and visual separators: letters are not
	 * read as keypad digits ("1-800-FLOWERS" stays as written).
	 */
	for (; s < e; s++) {
		if (is_digit(*s)) {
			if (nd == DIGITS_MAX - 1)
				return put(VOX_PHONE_OTHER, raw, len, out,
					   outsz);
			key[nd++] = *s;
		} else if (*s == '+' && nd == 0 && !plus) {
			key[nd++] = '+';
			plus = 1;
		} else if (!*s || !strchr(" \t-./()", *s)) {
			return put(VOX_PHONE_OTHER, raw, len, out, outsz);
		}
	}
	key[nd] = '\0';
	/* No country calling code starts with 0 ("+0044 ..."). */
	if (nd == (size_t)plus || (plus && key[1] == '0'))
		return put(VOX_PHONE_OTHER, raw, len, out, outsz);
	if (!region[0]) {
		/* Without a country only "+" and the common "00" place it. */
		if (!plus && key[0] == '0' && key[1] == '0') {
			key[1] = '+';
			k = key + 1;
		} else if (!plus) {
			return put(VOX_PHONE_OTHER, raw, len, out, outsz);
		}
	}
	lookup(region, k, e164);
	n = strlen(e164);
	if (n == 0 || n >= outsz)
		return put(VOX_PHONE_OTHER, raw, len, out, outsz);
	return put(VOX_PHONE_E164, e164, n, out, outsz);
}

int vox_phone_same(const char *a, const char *b)
{
	return a && b && *a && *b && !strcmp(a, b);
}

int vox_phone_is_e164(const char *s)
{
	size_t n;

	if (!s || s[0] != '+')
		return 0;
	n = strspn(s + 1, "0123456789");
	return s[1 + n] == '\0' && n >= 2 && n <= 15;
}
