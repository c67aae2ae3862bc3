/* SPDX-License-Identifier: Apache-2.0 */
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
 * libphonenumber parses with regular expressions (ICU's), 13 to 25
 * microseconds a number, and a call log repeats the same few thousand
 * numbers many times.  What comes before it (extensions, URIs, separators,
 * letters) is cheap C done on every value; its answers are kept in a
 * bounded cache keyed by (country, dialled digits): an open-addressed
 * table of 32-byte entries, emptied when three quarters full, so that each
 * distinct number is parsed about once and a repeated one costs a hash and
 * mostly one memory line (bench/RESULTS.md has the figures).
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
/*
 * Cache entries (a power of two), 32 bytes each: 256 KB, touched as used;
 * small, so that the numbers of a call log stay in the processor's cache
 * while the CDR file streams through it.
 */
#define CACHE_SIZE 8192
#define CACHE_FULL (CACHE_SIZE / 4 * 3)
/* Keys longer than this many digits (after an optional '+') are not kept. */
#define KEY_DIGITS 20

/*
 * One number: HASH of (region, key) (0: the entry is free), the key (the
 * dialled digits, PLUS when written after '+', KEY_LEN of them) and its
 * E.164 form's digits, E164_LEN of them, 0 when libphonenumber cannot place
 * it; digits two to a byte.  The cache is process-wide: voxport reads one
 * value at a time on one thread.
 */
struct cache_entry {
	uint32_t hash;
	char region[2];
	unsigned char key_len : 5, plus : 1;
	unsigned char e164_len;
	unsigned char key[KEY_DIGITS / 2];
	unsigned char e164[8];
	unsigned char pad[6];
};

static _Alignas(64) struct cache_entry cache[CACHE_SIZE];
static size_t cache_used;

/* N digits of S, two to a byte, into P. */
static void pack(unsigned char *p, const char *s, size_t n)
{
	size_t i;

	memset(p, 0, (n + 1) / 2);
	for (i = 0; i < n; i++)
		p[i / 2] |= (unsigned char)((s[i] - '0') << (i % 2 ? 4 : 0));
}

/* Do the N packed digits at P equal S? */
static int packed_equal(const unsigned char *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((p[i / 2] >> (i % 2 ? 4 : 0)) & 15) != s[i] - '0')
			return 0;
	return 1;
}

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
			if (!is_digit(*q)) /* digits only, as records keep it */
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

/* A 32-bit hash of S[0..N) and SEED, never 0, eight bytes a step. */
static uint32_t hash(uint64_t seed, const char *s, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15u;
	uint64_t h = (seed ^ n) * k, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	if (n) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * k;
	}
	h ^= h >> 32;
	h *= k;
	h ^= h >> 29;
	return (uint32_t)h ? (uint32_t)h : 1u;
}

/*
 * The E.164 form of the dialled digits KEY in REGION ("" or two letters)
 * into E164: from the cache, or from libphonenumber and then kept.
 * Returns 1, or 0 when it is not a number libphonenumber can place.
 */
static int lookup(const char *region, const char *key,
		  char e164[VOX_PHONE_E164_MAX])
{
	char r[2] = {region[0], region[0] ? region[1] : 0};
	int plus = key[0] == '+', got;
	const char *d = key + plus;
	size_t n = strlen(d), i;
	uint32_t h;
	struct cache_entry *c;

	if (n > KEY_DIGITS)
		return vox_phonelib_e164(region, key, e164,
					 VOX_PHONE_E164_MAX) == 1;
	h = hash((uint64_t)(unsigned char)r[0] << 8 | (unsigned char)r[1] |
		     (uint64_t)plus << 16,
		 d, n);
	for (i = h & (CACHE_SIZE - 1);; i = (i + 1) & (CACHE_SIZE - 1)) {
		c = &cache[i];
		if (!c->hash)
			break;
		if (c->hash == h && c->key_len == n && c->plus == plus &&
		    c->region[0] == r[0] && c->region[1] == r[1] &&
		    packed_equal(c->key, d, n)) {
			if (!c->e164_len)
				return 0;
			e164[0] = '+';
			for (i = 0; i < c->e164_len; i++)
				e164[1 + i] = (char)('0' +
					((c->e164[i / 2] >> (i % 2 ? 4 : 0)) &
					 15));
			e164[1 + i] = '\0';
			return 1;
		}
	}
	got = vox_phonelib_e164(region, key, e164, VOX_PHONE_E164_MAX);
	if (got < 0) /* out of memory: not an answer to keep */
		return 0;
	if (cache_used == CACHE_FULL) {
		memset(cache, 0, sizeof(cache));
		cache_used = 0;
		c = &cache[h & (CACHE_SIZE - 1)];
	}
	cache_used++;
	c->hash = h;
	c->region[0] = r[0];
	c->region[1] = r[1];
	c->key_len = (unsigned char)(n & 31);
	c->plus = (unsigned char)(plus & 1);
	pack(c->key, d, n);
	c->e164_len = 0;
	if (got == 1 && e164[0] == '+' && strlen(e164) - 1 <= 16) {
		c->e164_len = (unsigned char)(strlen(e164) - 1);
		pack(c->e164, e164 + 1, c->e164_len);
	}
	return got == 1;
}

/*
 * What RAW[0..LEN) is under PLAN: the kind; for VOX_PHONE_E164 the number
 * in E164; for VOX_PHONE_EXTENSION where in RAW it is (*OFF, *N).
 */
static enum vox_phone_kind classify(const struct vox_phone_plan *plan,
				    const char *raw, size_t len,
				    char e164[VOX_PHONE_E164_MAX], size_t *off,
				    size_t *n)
{
	const char *s = raw, *e = raw + len, *at, *semi, *digits;
	char key[DIGITS_MAX + 1];
	const char *region = plan ? plan->country : "", *k = key;
	size_t nd = 0, ext_max;
	int plus = 0, uri = 0;

	*off = 0;
	*n = len;
	ext_max = plan ? plan->ext_max : VOX_PHONE_EXT_MAX;
	trim(&s, &e);
	if (s == e)
		return VOX_PHONE_OTHER;
	if (is_extension(s, (size_t)(e - s), ext_max))
		return VOX_PHONE_EXTENSION;
	if (starts_ci(s, e, "tel:")) {
		uri = 1;
		s += 4;
		if ((semi = memchr(s, ';', (size_t)(e - s))))
			e = semi;
	} else if (starts_ci(s, e, "sip:") || starts_ci(s, e, "sips:")) {
		uri = 1;
		s += s[3] == ':' ? 4 : 5;
		if (!(at = memchr(s, '@', (size_t)(e - s))))
			return VOX_PHONE_OTHER;
		e = at;
		if ((semi = memchr(s, ';', (size_t)(e - s))))
			e = semi;
	}
	if (uri) {
		trim(&s, &e);
		if (is_extension(s, (size_t)(e - s), ext_max)) {
			*off = (size_t)(s - raw);
			*n = (size_t)(e - s);
			return VOX_PHONE_EXTENSION;
		}
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
				return VOX_PHONE_OTHER;
			key[nd++] = *s;
		} else if (*s == '+' && nd == 0 && !plus) {
			key[nd++] = '+';
			plus = 1;
		} else if (!*s || !strchr(" \t-./()", *s)) {
			return VOX_PHONE_OTHER;
		}
	}
	key[nd] = '\0';
	/* No country calling code starts with 0 ("+0044 ..."). */
	if (nd == (size_t)plus || (plus && key[1] == '0'))
		return VOX_PHONE_OTHER;
	if (!region[0]) {
		/* Without a country only "+" and the common "00" place it. */
		if (!plus && key[0] == '0' && key[1] == '0') {
			key[1] = '+';
			k = key + 1;
		} else if (!plus) {
			return VOX_PHONE_OTHER;
		}
	}
	if (!lookup(region, k, e164))
		return VOX_PHONE_OTHER;
	return VOX_PHONE_E164;
}

enum vox_phone_kind vox_phone_normalise(const struct vox_phone_plan *plan,
					const char *raw, size_t len, char *out,
					size_t outsz)
{
	char e164[VOX_PHONE_E164_MAX] = "";
	enum vox_phone_kind kind;
	size_t off, n, m;

	if (!raw)
		return put(VOX_PHONE_OTHER, "", 0, out, outsz);
	kind = classify(plan, raw, len, e164, &off, &n);
	if (kind == VOX_PHONE_EXTENSION)
		return put(kind, raw + off, n, out, outsz);
	m = strlen(e164);
	if (kind == VOX_PHONE_E164 && m < outsz)
		return put(kind, e164, m, out, outsz);
	return put(VOX_PHONE_OTHER, raw, len, out, outsz);
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
