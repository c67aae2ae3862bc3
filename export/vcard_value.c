/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcard_value.c: vCard values (see vcard_lex.h): quoted-printable,
 * CHARSET through iconv, backslash escapes, structured values, base64,
 * dates; and what a kept property becomes in a 4.0 file.
 */
#include <ctype.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"
#include "vcard_lex.h"

struct vcard_decoder {
	char charset[48];	/* the charset cd converts from */
	iconv_t cd;		/* (iconv_t)-1 when it has none */
	char legacy[48];	/* the legacy charset, lcd converts from */
	iconv_t lcd;		/* (iconv_t)-1 until first needed */
};

struct vcard_decoder *vcard_decoder_new(void)
{
	struct vcard_decoder *d = calloc(1, sizeof(*d));

	if (d) {
		d->cd = d->lcd = (iconv_t)-1;
		memcpy(d->legacy, VCARD_LEGACY_CHARSET,
		       sizeof(VCARD_LEGACY_CHARSET));
	}
	return d;
}

void vcard_decoder_free(struct vcard_decoder *d)
{
	if (!d)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	if (d->lcd != (iconv_t)-1)
		iconv_close(d->lcd);
	free(d);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Charset names go to iconv_open(): only plain names, so a file cannot
 * name a gconv path or a //TRANSLIT suffix.
 */
static int charset_ok(const char *cs)
{
	size_t n = strlen(cs);

	if (n == 0 || n >= sizeof(((struct vcard_decoder *)0)->charset))
		return 0;
	return strspn(cs, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789-_.:") == n;
}

int vcard_decoder_legacy(struct vcard_decoder *d, const char *cs)
{
	iconv_t cd;

	if (!charset_ok(cs))
		return VOX_ERR;
	cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return VOX_ERR;
	if (d->lcd != (iconv_t)-1)
		iconv_close(d->lcd);
	d->lcd = cd;
	memcpy(d->legacy, cs, strlen(cs) + 1);
	return VOX_OK;
}

/* in[0..n) through cd to UTF-8 in the arena, or NULL. */
static char *convert_cd(iconv_t cd, struct vox_arena *a, const char *in,
			size_t n, size_t *outlen)
{
	char *out, *ip = (char *)in, *op;
	size_t il = n, ol, cap;

	if (cd == (iconv_t)-1 || n > VCARD_MAX_LINE)
		return NULL;
	iconv(cd, NULL, NULL, NULL, NULL);
	cap = n * 4 + 16;
	out = vox_arena_alloc(a, cap);
	if (!out)
		return NULL;
	op = out;
	ol = cap - 1;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
		return NULL;
	*op = '\0';
	*outlen = (size_t)(op - out);
	if (memchr(out, '\0', *outlen) || !vox_utf8_valid(out, *outlen))
		return NULL;
	return out;
}

/* in[0..n) from charset cs to UTF-8 in the arena, or NULL. */
static char *convert(struct vcard_decoder *d, struct vox_arena *a,
		     const char *cs, const char *in, size_t n, size_t *outlen)
{
	if (!charset_ok(cs))
		return NULL;
	if (strcasecmp(d->charset, cs) != 0) {
		if (d->cd != (iconv_t)-1)
			iconv_close(d->cd);
		d->cd = iconv_open("UTF-8", cs);
		memcpy(d->charset, cs, strlen(cs) + 1);
	}
	return convert_cd(d->cd, a, in, n, outlen);
}

/* Text in no known charset: UTF-8 if it is, else the legacy charset. */
static char *fallback(struct vcard_decoder *d, struct vox_arena *a,
		      const char *in, size_t n, size_t *outlen)
{
	char *s = NULL;

	if (vox_utf8_valid(in, n) && !memchr(in, '\0', n)) {
		s = vox_arena_strndup(a, in, n);
		*outlen = n;
		return s;
	}
	if (d->lcd == (iconv_t)-1)
		d->lcd = iconv_open("UTF-8", d->legacy);
	s = convert_cd(d->lcd, a, in, n, outlen);
	if (!s) {
		/* Bytes the legacy charset has no character for. */
		s = vox_text_utf8(a, in, n, NULL);
		if (s)
			*outlen = strlen(s);
	}
	return s;
}

int vcard_decode(struct vcard_decoder *d, struct vox_arena *a,
		 const struct vcard_prop *p, const char **out, size_t *len,
		 const char **bad)
{
	const char *enc = vcard_param_get(p, "ENCODING");
	const char *cs = vcard_param_get(p, "CHARSET");
	const char *bytes = p->value;
	size_t n = p->len;
	int st = VCARD_DECODE_OK;
	char *s;

	if (enc && strcasecmp(enc, "QUOTED-PRINTABLE") == 0) {
		char *o;
		size_t i;

		s = o = vox_arena_alloc(a, n + 1);
		if (!s)
			return VCARD_DECODE_NOMEM;
		for (i = 0; i < n; i++) {
			int hi, lo;

			if (p->value[i] != '=') {
				*o++ = p->value[i];
				continue;
			}
			hi = i + 2 < n ? hexval(p->value[i + 1]) : -1;
			lo = hi >= 0 ? hexval(p->value[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				/* A writer that did not encode '=': keep it. */
				if (st == VCARD_DECODE_OK)
					*bad = p->value + i;
				st = VCARD_DECODE_QP;
				*o++ = '=';
				continue;
			}
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		}
		bytes = s;
		n = (size_t)(o - s);
	}
	s = NULL;
	if (cs && strcasecmp(cs, "UTF-8") != 0 && strcasecmp(cs, "UTF8") != 0)
		s = convert(d, a, cs, bytes, n, len);
	if (!s)
		s = fallback(d, a, bytes, n, len);
	if (!s)
		return VCARD_DECODE_NOMEM;
	*out = s;
	return st;
}

char *vcard_unescape(struct vox_arena *a, const char *s, size_t len,
		     int version)
{
	char *d = vox_arena_alloc(a, len + 1), *o = d;
	size_t i;

	if (!d)
		return NULL;
	for (i = 0; i < len; i++) {
		char c = s[i], c2 = i + 1 < len ? s[i + 1] : '\0';

		if (c == '\r') {
			/* Decoded line breaks (2.1 =0D=0A) become LF. */
			if (c2 != '\n')
				*o++ = '\n';
		} else if (c != '\\' || !c2) {
			*o++ = c;
		} else if (version == VCARD_V21) {
			/* 2.1 escapes only ';' (and so '\' itself). */
			if (c2 == ';' || c2 == '\\')
				i++;
			*o++ = s[i];
		} else if (c2 == 'n' || c2 == 'N') {
			*o++ = '\n';
			i++;
		} else if (isalnum((unsigned char)c2)) {
			*o++ = c;	/* "\t" and the like: not an escape */
		} else {
			*o++ = c2;	/* \\ \, \; and Apple's \: */
			i++;
		}
	}
	*o = '\0';
	return d;
}

size_t vcard_split(const char *s, size_t n, char sep, const char **at,
		   size_t *len, size_t max)
{
	size_t i, k = 0, start = 0;

	if (!max)
		return 0;
	for (i = 0; i < n && k + 1 < max; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
		} else if (s[i] == sep) {
			at[k] = s + start;
			len[k++] = i - start;
			start = i + 1;
		}
	}
	at[k] = s + start;
	len[k++] = n - start;
	return k;
}

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

size_t vcard_base64_decode(const char *s, size_t len, unsigned char *out)
{
	unsigned acc = 0;
	size_t i, n = 0;
	int bits = 0, pad = 0, chars = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];
		int v;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		v = b64val(c);
		if (v < 0 || pad)
			return (size_t)-1;
		acc = (acc << 6 | (unsigned)v) & 0xFFFFFF;
		bits += 6;
		chars++;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	if (chars % 4 == 1 || pad > 2)
		return (size_t)-1;
	return n;
}

char *vcard_base64_encode(struct vox_arena *a, const unsigned char *b,
			  size_t len)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"abcdefghijklmnopqrstuvwxyz0123456789+/";
	char *d, *o;
	size_t i;

	if (len > (VCARD_MAX_CARD / 3) * 4)
		return NULL;
	d = o = vox_arena_alloc(a, (len + 2) / 3 * 4 + 1);
	if (!d)
		return NULL;
	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned)b[i] << 16 | (unsigned)b[i + 1] << 8 |
			b[i + 2];

		*o++ = tab[v >> 18];
		*o++ = tab[(v >> 12) & 63];
		*o++ = tab[(v >> 6) & 63];
		*o++ = tab[v & 63];
	}
	if (i < len) {
		unsigned v = (unsigned)b[i] << 16 |
			(i + 1 < len ? (unsigned)b[i + 1] << 8 : 0);

		*o++ = tab[v >> 18];
		*o++ = tab[(v >> 12) & 63];
		*o++ = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return d;
}

/* n decimal digits at s into *v; 0 if one is not a digit. */
static int digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

int vcard_parse_date(const char *s, int *year, int *month, int *day)
{
	static const int mdays[13] = {
		31, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	size_t n = strcspn(s, "T");
	int y = 0, m = 0, dd = 0, ok;

	if (s[n] == 'T' && !s[n + 1])
		return 0;
	if (n == 5 && strncmp(s, "---", 3) == 0)
		ok = digits(s + 3, 2, &dd) && dd;
	else if (n == 4 && strncmp(s, "--", 2) == 0)
		ok = digits(s + 2, 2, &m) && m;
	else if (n == 6 && strncmp(s, "--", 2) == 0)
		ok = digits(s + 2, 2, &m) && digits(s + 4, 2, &dd) && m && dd;
	else if (n == 7 && strncmp(s, "--", 2) == 0)
		ok = digits(s + 2, 2, &m) && s[4] == '-' &&
			digits(s + 5, 2, &dd) && m && dd;
	else if (n == 10)
		ok = digits(s, 4, &y) && s[4] == '-' && digits(s + 5, 2, &m) &&
			s[7] == '-' && digits(s + 8, 2, &dd) && m && dd;
	else if (n == 8)
		ok = digits(s, 4, &y) && digits(s + 4, 2, &m) &&
			digits(s + 6, 2, &dd) && m && dd;
	else if (n == 7)
		ok = digits(s, 4, &y) && s[4] == '-' && digits(s + 5, 2, &m) &&
			m;
	else if (n == 4)
		ok = digits(s, 4, &y);
	else
		ok = 0;
	if (!ok || m > 12 || dd > mdays[m])
		return 0;
	if (m == 2 && dd == 29 && y &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	*year = y;
	*month = m;
	*day = dd;
	return 1;
}

int vcard_is_ctl(char c)
{
	return ((unsigned char)c < 0x20 && c != '\t') || c == 0x7F;
}

/* ---- kept properties, for a 4.0 file ---------------------------------- */

/*
 * 1 if s is a parameter list as RFC 6350 3.3 has it: NAME=value[,value]
 * joined by ';', values plain or "quoted", no control characters.
 */
static int params_clean(const char *s)
{
	for (;;) {
		size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
				  "opqrstuvwxyz0123456789-_");

		if (!n || s[n] != '=')
			return 0;
		s += n;
		do {
			s++;
			if (*s == '"') {
				s++;
				while (*s && *s != '"' && !vcard_is_ctl(*s))
					s++;
				if (*s++ != '"')
					return 0;
			} else {
				while (*s && !strchr(";:,\"", *s) &&
				       !vcard_is_ctl(*s))
					s++;
			}
		} while (*s == ',');
		if (*s == '\0')
			return 1;
		if (*s++ != ';')
			return 0;
	}
}

/* One parameter value for a 4.0 file: RFC 6868 ^-escapes, quoted if need. */
static char *put_param_value(char *o, const char *v, size_t n)
{
	size_t i;
	int q = memchr(v, ';', n) || memchr(v, ':', n) || memchr(v, '"', n);

	if (q)
		*o++ = '"';
	for (i = 0; i < n; i++) {
		if (v[i] == '^' || v[i] == '"' || v[i] == '\n') {
			*o++ = '^';
			*o++ = v[i] == '"' ? '\'' : v[i] == '\n' ? 'n' : '^';
		} else if (!vcard_is_ctl(v[i])) {
			*o++ = v[i];
		}
	}
	if (q)
		*o++ = '"';
	return o;
}

int vcard_params_40(struct vox_arena *a, const struct vcard_prop *p,
		    int decoded, const char **out)
{
	char *buf, *o;
	size_t i, need = 1;
	int b64 = vcard_is_base64(p);
	/*
	 * A 2.1 '^' is text; as written, a 4.0 reader would take "^n" for a
	 * line break (RFC 6868).
	 */
	int rewrite = decoded || (p->params && !params_clean(p->params)) ||
		(p->version == VCARD_V21 && p->params &&
		 strchr(p->params, '^'));

	*out = p->params;
	for (i = 0; i < p->nparam; i++) {
		rewrite |= p->param[i].bare;
		rewrite |= b64 && strcmp(p->param[i].name, "ENCODING") == 0 &&
			strcmp(p->param[i].value, "b") != 0;
		need += strlen(p->param[i].name) +
			3 * strlen(p->param[i].value) + 4;
	}
	if (!rewrite)
		return VOX_OK;
	o = buf = vox_arena_alloc(a, need);
	if (!buf)
		return VOX_ERR;
	for (i = 0; i < p->nparam; i++) {
		const struct vcard_param *pa = &p->param[i];
		const char *v = pa->value, *c;

		if (decoded && (strcmp(pa->name, "CHARSET") == 0 ||
				strcmp(pa->name, "ENCODING") == 0))
			continue;
		if (b64 && strcmp(pa->name, "ENCODING") == 0)
			v = "b";
		if (o != buf)
			*o++ = ';';
		memcpy(o, pa->name, strlen(pa->name));
		o += strlen(pa->name);
		*o++ = '=';
		for (;;) {
			c = strchr(v, ',');
			o = put_param_value(o, v, c ? (size_t)(c - v) :
					    strlen(v));
			if (!c)
				break;
			*o++ = ',';
			v = c + 1;
		}
	}
	*o = '\0';
	*out = buf;
	return VOX_OK;
}

char *vcard_value_40(struct vox_arena *a, const char *v, size_t n,
		     int version)
{
	char *buf = vox_arena_alloc(a, n * 2 + 1), *o = buf;
	size_t i;

	if (!buf)
		return NULL;
	for (i = 0; i < n; i++) {
		if (v[i] == '\r' || v[i] == '\n') {
			if (v[i] == '\r' && i + 1 < n && v[i + 1] == '\n')
				i++;
			*o++ = '\\';
			*o++ = 'n';
		} else if (v[i] == '\\' && version == VCARD_V21) {
			/* 2.1 escapes \; and \\ only: other '\' are text. */
			*o++ = '\\';
			if (i + 1 < n && (v[i + 1] == ';' || v[i + 1] == '\\'))
				*o++ = v[++i];
			else
				*o++ = '\\';
		} else {
			*o++ = v[i];
		}
	}
	*o = '\0';
	return buf;
}
