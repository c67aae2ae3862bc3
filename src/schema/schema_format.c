/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_format.c: the "format" values the validator asserts (draft-07
 * section 7.3), each a hand-written scanner over the string: no regular
 * expression, no allocation (except "regex", which compiles its value).
 *
 *   date-time, date, time	RFC 3339 section 5.6 (date-time, full-date,
 *				full-time); T and Z in either case; a leap
 *				second only at 23:59:60 UTC
 *   email, idn-email		RFC 5321 mailbox (dot-atom or quoted local
 *				part); RFC 6531 adds UTF-8 to both parts
 *   hostname			RFC 1123 host names
 *   ipv4, ipv6			RFC 2673 dotted quad without leading zeros,
 *				RFC 4291 section 2.2 text forms
 *   uri, uri-reference		RFC 3986; iri, iri-reference (RFC 3987)
 *				allow any non-ASCII character as well
 *   uri-template		RFC 6570 syntax
 *   json-pointer,		RFC 6901, and the relative form of
 *   relative-json-pointer	draft-handrews-relative-json-pointer-01
 *   regex			what the validator's PCRE2 compiles, less the
 *				escapes ECMA-262 does not have
 *   uuid			RFC 4122 text form
 *
 * idn-hostname needs the IDNA2008 tables and is not asserted.
 */
#include <string.h>

#include "schema_internal.h"

static int digit(int c)
{
	return c >= '0' && c <= '9';
}

static int alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int xdigit(int c)
{
	return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* n decimal digits at s as a number, or -1. */
static int num(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int full_date(const char *s, size_t len)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31 };
	int y, m, d, leap;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	y = num(s, 4);
	m = num(s + 5, 2);
	d = num(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

static int full_time(const char *s, size_t len)
{
	int h, m, sec, oh = 0, om = 0, sign = 0, utc;
	size_t i = 8;

	if (len < 9 || s[2] != ':' || s[5] != ':')
		return 0;
	h = num(s, 2);
	m = num(s + 3, 2);
	sec = num(s + 6, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
		return 0;
	if (s[i] == '.') {
		size_t start = ++i;

		while (i < len && digit((unsigned char)s[i]))
			i++;
		if (i == start)
			return 0;
	}
	if (i == len)
		return 0;
	if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
		sign = 0;
	} else if ((s[i] == '+' || s[i] == '-') && len - i == 6 &&
		   s[i + 3] == ':') {
		sign = s[i] == '+' ? 1 : -1;
		oh = num(s + i + 1, 2);
		om = num(s + i + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return 0;
	} else {
		return 0;
	}
	if (sec < 60)
		return 1;
	/* a leap second is the last second of a UTC day */
	utc = ((h * 60 + m - sign * (oh * 60 + om)) % 1440 + 1440) % 1440;
	return utc == 23 * 60 + 59;
}

static int date_time(const char *s, size_t len)
{
	return len > 11 && (s[10] == 'T' || s[10] == 't') &&
	       full_date(s, 10) && full_time(s + 11, len - 11);
}

static int ipv4(const char *s, size_t len)
{
	size_t i = 0, part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		int v = 0;

		if (part && (i >= len || s[i++] != '.'))
			return 0;
		start = i;
		while (i < len && digit((unsigned char)s[i]) && i - start < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return 0;
	}
	return i == len;
}

static int ipv6(const char *s, size_t len)
{
	size_t i = 0, groups = 0;
	int gap = 0;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 1;
		i = 2;
	}
	while (i < len) {
		size_t start = i;

		while (i < len && xdigit((unsigned char)s[i]))
			i++;
		if (i < len && s[i] == '.') {
			/* a dotted quad ends the address and counts twice */
			if (!ipv4(s + start, len - start))
				return 0;
			groups += 2;
			i = len;
			break;
		}
		if (i == start || i - start > 4)
			return 0;
		groups++;
		if (i == len)
			break;
		if (s[i++] != ':' || i == len)
			return 0;
		if (s[i] == ':') {
			if (gap)
				return 0;
			gap = 1;
			i++;
		}
	}
	return gap ? groups <= 7 : groups == 8;
}

/* An internationalized name may use any non-ASCII (UTF-8) character. */
static int label_char(int c, int intl)
{
	return alpha(c) || digit(c) || c == '-' || (intl && c >= 0x80);
}

static int host(const char *s, size_t len, int intl)
{
	size_t i = 0;

	if (!len || len > 253)
		return 0;
	while (i < len) {
		size_t start = i;

		while (i < len && label_char((unsigned char)s[i], intl))
			i++;
		if (i == start || (!intl && i - start > 63) ||
		    s[start] == '-' || s[i - 1] == '-')
			return 0;
		if (i < len && (s[i] != '.' || ++i == len))
			return 0;
	}
	return 1;
}

static int hostname(const char *s, size_t len)
{
	return host(s, len, 0);
}

static int atext(int c, int intl)
{
	return alpha(c) || digit(c) || (intl && c >= 0x80) ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* RFC 5321 mailbox; RFC 6531 (intl) adds UTF-8 in both parts. */
static int mailbox(const char *s, size_t len, int intl)
{
	size_t i = 0, at;

	if (len && s[0] == '"') {
		for (i = 1; i < len && s[i] != '"'; i++) {
			if (s[i] == '\\' && ++i == len)
				return 0;
			if ((unsigned char)s[i] < 32 || s[i] == 127)
				return 0;
		}
		if (i++ >= len)
			return 0;
	} else {
		while (i < len && s[i] != '@') {
			size_t start = i;

			while (i < len && atext((unsigned char)s[i], intl))
				i++;
			if (i == start)
				return 0;
			if (i < len && s[i] == '.' && ++i < len && s[i] == '@')
				return 0;
		}
	}
	if (i == 0 || i > 64 || i >= len || s[i] != '@')
		return 0;
	at = i + 1;
	if (at < len && s[at] == '[' && s[len - 1] == ']') {
		if (len - at > 7 && !memcmp(s + at + 1, "IPv6:", 5))
			return ipv6(s + at + 6, len - at - 7);
		return ipv4(s + at + 1, len - at - 2);
	}
	return host(s + at, len - at, intl);
}

static int email(const char *s, size_t len)
{
	return mailbox(s, len, 0);
}

static int idn_email(const char *s, size_t len)
{
	return mailbox(s, len, 1);
}

static int uuid(const char *s, size_t len)
{
	size_t i;

	if (len != 36)
		return 0;
	for (i = 0; i < len; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!xdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

/* URI character classes, RFC 3986 section 2; iri adds non-ASCII. */
enum { UNRESERVED = 1, SUB_DELIM = 2 };

static int uri_class(int c)
{
	if (alpha(c) || digit(c) || (c && strchr("-._~", c)))
		return UNRESERVED;
	if (c && strchr("!$&'()*+,;=", c))
		return SUB_DELIM;
	return 0;
}

/*
 * Scan characters allowed in a URI part: unreserved, sub-delims,
 * percent-encoded, the extra ones given, non-ASCII for an IRI.  Returns
 * the length scanned, stopping at the first other character.
 */
static size_t scan(const char *s, size_t len, const char *extra, int iri)
{
	size_t i = 0;

	while (i < len) {
		int c = (unsigned char)s[i];

		if (c == '%') {
			if (i + 2 >= len || !xdigit((unsigned char)s[i + 1]) ||
			    !xdigit((unsigned char)s[i + 2]))
				return i;
			i += 3;
		} else if (uri_class(c) || (c && strchr(extra, c)) ||
			   (iri && c >= 0x80)) {
			i++;
		} else {
			break;
		}
	}
	return i;
}

static int authority(const char *s, size_t len, int iri)
{
	const char *at = memchr(s, '@', len);
	size_t i;

	if (at) {
		i = (size_t)(at - s);
		if (scan(s, i, ":", iri) != i)
			return 0;
		len -= i + 1;
		s = at + 1;
	}
	if (len && s[0] == '[') {
		const char *end = memchr(s, ']', len);

		if (!end || !ipv6(s + 1, (size_t)(end - s) - 1))
			return 0;
		i = (size_t)(end - s) + 1;
	} else {
		i = scan(s, len, "", iri);
	}
	if (i < len) {
		if (s[i++] != ':')
			return 0;
		while (i < len && digit((unsigned char)s[i]))
			i++;
	}
	return i == len;
}

/*
 * A URI reference after its scheme (or a relative reference when
 * scheme is 0): [//authority] path [?query] [#fragment].
 */
static int uri_rest(const char *s, size_t len, int scheme, int iri)
{
	size_t i = 0, n;

	if (len >= 2 && s[0] == '/' && s[1] == '/') {
		n = 2 + strcspn(s + 2, "/?#");
		if (n > len)
			n = len;
		if (!authority(s + 2, n - 2, iri))
			return 0;
		i = n;
	} else if (!scheme) {
		/* path-noscheme: no ':' before the first '/' */
		n = scan(s, len, "@", iri);
		if (n < len && s[n] == ':')
			return 0;
	}
	i += scan(s + i, len - i, ":@/", iri);
	if (i < len && s[i] == '?')
		i += 1 + scan(s + i + 1, len - i - 1, ":@/?", iri);
	if (i < len && s[i] == '#')
		i += 1 + scan(s + i + 1, len - i - 1, ":@/?", iri);
	return i == len;
}

static size_t uri_scheme(const char *s, size_t len)
{
	size_t i = 1;

	if (!len || !alpha((unsigned char)s[0]))
		return 0;
	while (i < len && (alpha((unsigned char)s[i]) ||
			   digit((unsigned char)s[i]) || s[i] == '+' ||
			   s[i] == '-' || s[i] == '.'))
		i++;
	return i < len && s[i] == ':' ? i : 0;
}

static int any_uri(const char *s, size_t len, int iri, int ref)
{
	size_t n = uri_scheme(s, len);

	if (n)
		return uri_rest(s + n + 1, len - n - 1, 1, iri);
	return ref && uri_rest(s, len, 0, iri);
}

static int uri(const char *s, size_t len)
{
	return any_uri(s, len, 0, 0);
}

static int uri_reference(const char *s, size_t len)
{
	return any_uri(s, len, 0, 1);
}

static int iri(const char *s, size_t len)
{
	return any_uri(s, len, 1, 0);
}

static int iri_reference(const char *s, size_t len)
{
	return any_uri(s, len, 1, 1);
}

static int varchar(const char *s, size_t len, size_t *i)
{
	int c = (unsigned char)s[*i];

	if (alpha(c) || digit(c) || c == '_') {
		(*i)++;
		return 1;
	}
	if (c == '%' && *i + 2 < len && xdigit((unsigned char)s[*i + 1]) &&
	    xdigit((unsigned char)s[*i + 2])) {
		*i += 3;
		return 1;
	}
	return 0;
}

/* "{" [operator] varspec *("," varspec) "}" from s[*i], at '{'. */
static int expression(const char *s, size_t len, size_t *i)
{
	size_t k = *i + 1;

	if (k < len && strchr("+#./;?&=,!@|", s[k]) && s[k])
		k++;
	for (;;) {
		if (k >= len || !varchar(s, len, &k))
			return 0;
		while (k < len) {
			if (s[k] == '.' && k + 1 < len) {
				k++;
				if (!varchar(s, len, &k))
					return 0;
			} else if (!varchar(s, len, &k)) {
				break;
			}
		}
		if (k < len && s[k] == '*') {
			k++;
		} else if (k < len && s[k] == ':') {
			size_t start = ++k;

			while (k < len && digit((unsigned char)s[k]) &&
			       k - start < 4)
				k++;
			if (k == start || s[start] == '0')
				return 0;
		}
		if (k < len && s[k] == ',') {
			k++;
			continue;
		}
		break;
	}
	if (k >= len || s[k] != '}')
		return 0;
	*i = k + 1;
	return 1;
}

static int uri_template(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		int c = (unsigned char)s[i];

		if (c == '{') {
			if (!expression(s, len, &i))
				return 0;
		} else if (c == '%') {
			if (i + 2 >= len || !xdigit((unsigned char)s[i + 1]) ||
			    !xdigit((unsigned char)s[i + 2]))
				return 0;
			i += 3;
		} else if (c <= ' ' || c == 127 || strchr("\"'<>\\^`{|}", c)) {
			return 0;
		} else {
			i++;
		}
	}
	return 1;
}

static int json_pointer(const char *s, size_t len)
{
	size_t i;

	if (len && s[0] != '/')
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '~' && (i + 1 == len ||
				    (s[i + 1] != '0' && s[i + 1] != '1')))
			return 0;
	return 1;
}

static int relative_json_pointer(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && digit((unsigned char)s[i]))
		i++;
	if (i == 0 || (s[0] == '0' && i > 1))
		return 0;
	if (i < len && s[i] == '#')
		return i + 1 == len;
	return json_pointer(s + i, len - i);
}

/* PCRE2 syntax that ECMA-262 lacks: \A \Z \z \G \K \Q \E \R \X \C \h... */
static int pcre_only_escape(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (s[i] != '\\')
			continue;
		if (strchr("AZzGKQERXCHhNVo", s[i + 1]) && s[i + 1])
			return 1;
		i++;
	}
	return 0;
}

static int regex(const char *s, size_t len)
{
	pcre2_code *re;
	PCRE2_SIZE off;
	int code;

	if (pcre_only_escape(s, len))
		return 0;
	re = pcre2_compile((PCRE2_SPTR)s, len, PCRE2_UTF | PCRE2_ALT_BSUX,
			   &code, &off, NULL);
	pcre2_code_free(re);
	return re != NULL;
}

static const struct vox_schema_format formats[] = {
	{ "date-time", "a date-time", date_time },
	{ "date", "a date", full_date },
	{ "time", "a time", full_time },
	{ "email", "an email address", email },
	{ "idn-email", "an email address", idn_email },
	{ "hostname", "a hostname", hostname },
	{ "ipv4", "an IPv4 address", ipv4 },
	{ "ipv6", "an IPv6 address", ipv6 },
	{ "uri", "a URI", uri },
	{ "uri-reference", "a URI reference", uri_reference },
	{ "iri", "an IRI", iri },
	{ "iri-reference", "an IRI reference", iri_reference },
	{ "uri-template", "a URI template", uri_template },
	{ "uuid", "a UUID", uuid },
	{ "json-pointer", "a JSON pointer", json_pointer },
	{ "relative-json-pointer", "a relative JSON pointer",
	  relative_json_pointer },
	{ "regex", "a regular expression", regex },
};

const struct vox_schema_format *vox_schema_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(*formats); i++)
		if (!strcmp(formats[i].name, name))
			return &formats[i];
	return NULL;
}

int vox_schema_format_checked(const char *format)
{
	return format && vox_schema_format_find(format) != NULL;
}
