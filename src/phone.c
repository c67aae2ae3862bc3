/*
 * phone.c: phone numbers to E.164 (ITU-T E.164), from the forms PBXs,
 * phones and people write: national and international dialling strings,
 * tel: URIs (RFC 3966) and the user part of sip: URIs (RFC 3261 19.1).
 *
 * The country table holds only what telling the forms apart needs: the
 * country code, the trunk and international prefixes, and the lengths of
 * national significant numbers (from the national numbering plans, as
 * Google's libphonenumber metadata summarises them).  The lengths choose
 * between readings of a digit string; they do not validate numbers, and
 * they are kept wide so that a real number is not refused.
 */
#include <stdint.h>
#include <string.h>

#include "phone.h"
#include "voxport/error.h"

/* Digits kept from one value; more is not a phone number. */
#define DIGITS_MAX 32
/* Feature codes such as "*21*1001#". */
#define FEATURE_MAX 20
/*
 * A subscriber number dialled without its area code has at most this many
 * digits (London's 7946 0123 has 8); a longer string that starts with the
 * country code is taken to carry it.
 */
#define LOCAL_MAX 8
#define E164_MIN  8
#define E164_MAX  15
#define NO_ZERO	  SIZE_MAX

#define PLAN(iso, code, tr, ip, lo, hi)                                        \
	{                                                                      \
		.country = iso, .cc = code, .trunk = tr, .intl = ip,           \
		.nsn_min = lo, .nsn_max = hi, .ext_max = VOX_PHONE_EXT_MAX     \
	}

/*
 * Sorted by country.  Where the prefixes are not "0" and "00": NANP
 * countries dial 1 and 011; Australia 0011; Japan 010; Russia 8 and 810;
 * Hungary's trunk prefix is 06; Lithuania moved from 8 to 0 in 2025 and
 * both are in use.  Countries with a closed numbering plan have none
 * (Italy too: its leading 0 is part of the number, and stays in E.164).
 * Brazil puts a two-digit carrier code after either prefix.
 */
/* clang-format off */
static const struct vox_phone_plan plans[] = {
	PLAN("AE", "971", "0", "00", 8, 9),
	PLAN("AT", "43", "0", "00", 4, 13),
	PLAN("AU", "61", "0", "0011", 9, 9),
	PLAN("BE", "32", "0", "00", 8, 9),
	PLAN("BG", "359", "0", "00", 6, 9),
	{ .country = "BR", .cc = "55", .trunk = "0", .intl = "00",
	  .nsn_min = 10, .nsn_max = 11, .ext_max = VOX_PHONE_EXT_MAX,
	  .carrier = 2, .trunk_optional = 1 },
	{ .country = "CA", .cc = "1", .trunk = "1", .intl = "011",
	  .nsn_min = 10, .nsn_max = 10, .ext_max = VOX_PHONE_EXT_MAX,
	  .trunk_optional = 1 },
	PLAN("CH", "41", "0", "00", 9, 9),
	PLAN("CY", "357", "", "00", 8, 8),
	PLAN("CZ", "420", "", "00", 9, 9),
	PLAN("DE", "49", "0", "00", 5, 13),
	PLAN("DK", "45", "", "00", 8, 8),
	PLAN("EE", "372", "", "00", 7, 8),
	PLAN("ES", "34", "", "00", 9, 9),
	PLAN("FI", "358", "0", "00", 5, 12),
	PLAN("FR", "33", "0", "00", 9, 9),
	PLAN("GB", "44", "0", "00", 9, 10),
	PLAN("GR", "30", "", "00", 10, 10),
	PLAN("HR", "385", "0", "00", 6, 9),
	PLAN("HU", "36", "06", "00", 8, 9),
	PLAN("IE", "353", "0", "00", 7, 10),
	PLAN("IL", "972", "0", "00", 8, 9),
	PLAN("IN", "91", "0", "00", 10, 10),
	PLAN("IS", "354", "", "00", 7, 9),
	PLAN("IT", "39", "", "00", 6, 11),
	PLAN("JP", "81", "0", "010", 9, 10),
	PLAN("LI", "423", "", "00", 7, 9),
	{ .country = "LT", .cc = "370", .trunk = "8", .trunk_alt = "0",
	  .intl = "00", .nsn_min = 8, .nsn_max = 8,
	  .ext_max = VOX_PHONE_EXT_MAX },
	PLAN("LU", "352", "", "00", 4, 11),
	PLAN("LV", "371", "", "00", 8, 8),
	PLAN("MT", "356", "", "00", 8, 8),
	PLAN("MX", "52", "", "00", 10, 10),
	PLAN("NL", "31", "0", "00", 7, 10),
	PLAN("NO", "47", "", "00", 8, 8),
	PLAN("NZ", "64", "0", "00", 8, 10),
	PLAN("PL", "48", "", "00", 9, 9),
	PLAN("PT", "351", "", "00", 9, 9),
	PLAN("RO", "40", "0", "00", 9, 9),
	PLAN("RU", "7", "8", "810", 10, 10),
	PLAN("SE", "46", "0", "00", 7, 10),
	PLAN("SI", "386", "0", "00", 8, 8),
	PLAN("SK", "421", "0", "00", 9, 9),
	PLAN("TR", "90", "0", "00", 10, 10),
	{ .country = "US", .cc = "1", .trunk = "1", .intl = "011",
	  .nsn_min = 10, .nsn_max = 10, .ext_max = VOX_PHONE_EXT_MAX,
	  .trunk_optional = 1 },
	PLAN("ZA", "27", "0", "00", 9, 9),
};
/* clang-format on */

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
	char cc[3];
	size_t i;

	if (!iso2 || !iso2[0] || !iso2[1] || iso2[2])
		return VOX_ERR;
	cc[0] = (char)to_upper(iso2[0]);
	cc[1] = (char)to_upper(iso2[1]);
	cc[2] = '\0';
	if (!strcmp(cc, "UK")) /* reserved by ISO 3166 for the UK */
		memcpy(cc, "GB", 3);
	for (i = 0; i < sizeof(plans) / sizeof(plans[0]); i++)
		if (!strcmp(plans[i].country, cc)) {
			*out = plans[i];
			return VOX_OK;
		}
	return VOX_ERR;
}

/* Does [s, e) start with P, ignoring ASCII case? */
static int starts_ci(const char *s, const char *e, const char *p)
{
	for (; *p; p++, s++)
		if (s == e || to_upper(*s) != to_upper(*p))
			return 0;
	return 1;
}

static int starts(const char *s, const char *p)
{
	return *p && !strncmp(s, p, strlen(p));
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

/* Where a trailing extension ("x12", "ext. 12", ";ext=12") starts, or E. */
static const char *ext_start(const char *s, const char *e)
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
	for (; q < e; q++)
		if (!is_digit(*q))
			return e;
	return p;
}

/* NUM = CC then N digits of D; returns the length, or 0 if too long. */
static size_t join(char num[DIGITS_MAX], const char *cc, const char *d,
		   size_t n)
{
	size_t c = strlen(cc);

	if (c + n >= DIGITS_MAX)
		return 0;
	memcpy(num, cc, c);
	memcpy(num + c, d, n);
	num[c + n] = '\0';
	return c + n;
}

/*
 * The E.164 digits of a number written nationally (D, ND digits), or 0.
 * ZERO_AT is where a "(0)" stood, or NO_ZERO.
 */
static size_t national(const struct vox_phone_plan *p, const char *d, size_t nd,
		       size_t zero_at, char num[DIGITS_MAX])
{
	const char *trunks[2] = {p->trunk, p->trunk_alt}, *r;
	size_t cc = strlen(p->cc), lo = p->nsn_min, hi = p->nsn_max, t, rest;
	int i, has_trunk = p->trunk[0] && !p->trunk_optional;

	if (hi == 0) {
		lo = p->ext_max + 1u;
		hi = E164_MAX - cc;
	}
	for (i = 0; i < 2; i++) {
		if (!starts(d, trunks[i]))
			continue;
		t = strlen(trunks[i]);
		rest = nd - t;
		if (rest >= lo && rest <= hi)
			return join(num, p->cc, d + t, rest);
		if (p->carrier && rest > p->carrier &&
		    rest - p->carrier >= lo && rest - p->carrier <= hi)
			return join(num, p->cc, d + t + p->carrier,
				    rest - p->carrier);
	}
	/* The country code without "+", as carriers often present it. */
	if (cc && starts(d, p->cc)) {
		r = d + cc;
		rest = nd - cc;
		if (zero_at == cc && rest > 0) { /* "44 (0)20 ..." */
			r++;
			rest--;
		}
		if (rest >= lo && rest <= hi &&
		    (has_trunk ? nd > LOCAL_MAX : nd > hi))
			return join(num, p->cc, r, rest);
	}
	/* Written without a trunk prefix; one that starts with it has it. */
	if (!has_trunk && nd >= lo && nd <= hi && !starts(d, p->trunk) &&
	    !starts(d, p->trunk_alt))
		return join(num, p->cc, d, nd);
	return 0;
}

enum vox_phone_kind vox_phone_normalise(const struct vox_phone_plan *plan,
					const char *raw, size_t len, char *out,
					size_t outsz)
{
	const char *s = raw, *e = raw + len, *at, *semi, *ip;
	char d[DIGITS_MAX], num[DIGITS_MAX], e164[VOX_PHONE_E164_MAX];
	size_t nd = 0, n = 0, ext_max, pre, paren_at = 0, zero_at = NO_ZERO;
	size_t i;
	int plus = 0, in_paren = 0, uri = 0;

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
	e = ext_start(s, e);
	trim(&s, &e);
	for (; s < e; s++) {
		if (is_digit(*s)) {
			if (nd == DIGITS_MAX - 1)
				return put(VOX_PHONE_OTHER, raw, len, out,
					   outsz);
			d[nd++] = *s;
		} else if (*s == '+' && nd == 0 && !plus) {
			plus = 1;
		} else if (*s == '(') {
			in_paren = 1;
			paren_at = nd;
		} else if (*s == ')') {
			if (in_paren && paren_at > 0 && nd == paren_at + 1 &&
			    d[paren_at] == '0' && zero_at == NO_ZERO)
				zero_at = paren_at;
			in_paren = 0;
		} else if (!strchr(" \t-./", *s) || !*s) {
			return put(VOX_PHONE_OTHER, raw, len, out, outsz);
		}
	}
	d[nd] = '\0';
	ip = plan ? plan->intl : "00";
	if (nd == 0) {
		return put(VOX_PHONE_OTHER, raw, len, out, outsz);
	} else if (plus || starts(d, ip)) {
		pre = plus ? 0 : strlen(ip) + (plan ? plan->carrier : 0);
		for (i = pre; i < nd; i++)
			/* "+44 (0)20": a trunk prefix, but Italy's 0 stays */
			if (i != zero_at || i == pre || starts(d + pre, "39"))
				num[n++] = d[i];
		num[n] = '\0';
	} else if (plan) {
		n = national(plan, d, nd, zero_at, num);
	}
	if (n < E164_MIN || n > E164_MAX || num[0] == '0')
		return put(VOX_PHONE_OTHER, raw, len, out, outsz);
	e164[0] = '+';
	memcpy(e164 + 1, num, n + 1);
	if (n + 1 >= outsz)
		return put(VOX_PHONE_OTHER, raw, len, out, outsz);
	return put(VOX_PHONE_E164, e164, n + 1, out, outsz);
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
