/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcard_write.c: a contact as a vCard 4.0, 3.0 or 2.1 (see vcard_write.h).
 *
 * Each content line is built whole in memory, then written folded: at most
 * 75 octets per physical line (RFC 6350 3.2), continuation lines starting
 * with one space, and a fold never falls inside a UTF-8 sequence.  Text
 * values are escaped (\\ \, \; \n); URI values (TEL tel:, PHOTO, URL,
 * IMPP, UID) are written as they are, with only '\' and line breaks
 * escaped so that no value can break the line structure.  Parameter
 * values with a quote, line break or caret use RFC 6868 (^' ^n ^^).
 * Control characters other than TAB, which no vCard may hold, are left
 * out.
 *
 * Mapping from struct vox_contact (see model.h):
 *	kind			KIND
 *	full_name (or derived)	FN
 *	prefix..suffix		N:family;given;additional;prefix;suffix
 *	nicknames		NICKNAME:a,b
 *	organization, units	ORG:org;unit;unit
 *	title, role		TITLE, ROLE
 *	phones			TEL;VALUE=uri;TYPE=cell,home;PREF=1:tel:+1..
 *				(a text value when the number is neither
 *				E.164 nor a tel: URI; a raw tel: URI with
 *				parameters, such as ;ext=, as written)
 *	emails			EMAIL;TYPE=..;PREF=n
 *	addresses		ADR;TYPE=..;PREF=n;LABEL="full":7 components
 *	links			IMPP (kind "impp"), X-SOCIALPROFILE ("social"),
 *				URL (anything else)
 *	birthday, anniversary	BDAY, ANNIVERSARY: 19900312, --0312, --03,
 *				---12, 1990-03, 1990; VALUE=text for text
 *	gender			GENDER:F (M F O N U), else GENDER:;text
 *	note, categories	NOTE, CATEGORIES
 *	photo			PHOTO:uri
 *	uid, revision		UID, REV
 *	props[]			[group.]NAME[;params]:value, as read
 * A free-text label (phone, e-mail, address, link) becomes an Apple group,
 * itemN.PROP with itemN.X-ABLabel, numbered after the itemN groups props[]
 * already use.  Contexts are TYPE=home, work, other; features TYPE=voice,
 * cell, fax, pager, text, video, textphone, main-number (RFC 9554).
 *
 * 3.0 and 2.1 (vox_vcard_write_version()) change only what those versions
 * write differently (the list is in vcard_write.h); 4.0's bytes are the
 * same as before they existed.  Types 3.0 and 2.1 do not define (text,
 * textphone, other) are written all the same, for readers that know them
 * (voxport's own, Apple's, Google's); others ignore an unknown type.  In
 * 2.1 a kept property's value loses its 4.0 escapes (\n is a line break
 * again, \, a comma).  A 2.1 line is built unencoded, with real line
 * breaks, and flush() quote-prints it when it needs to.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "phone.h"
#include "vcard_write.h"

#define FOLD 75

struct line {
	char *s;
	size_t len, cap;
	int oom;
};

static void add(struct line *l, const char *s, size_t n)
{
	if (l->oom)
		return;
	if (l->cap - l->len <= n) {
		size_t cap = l->cap ? l->cap : 256;
		char *p;

		while (cap - l->len <= n) {
			if (cap > SIZE_MAX / 2) {
				l->oom = 1;
				return;
			}
			cap *= 2;
		}
		p = realloc(l->s, cap);
		if (!p) {
			l->oom = 1;
			return;
		}
		l->s = p;
		l->cap = cap;
	}
	memcpy(l->s + l->len, s, n);
	l->len += n;
}

static void adds(struct line *l, const char *s)
{
	add(l, s, strlen(s));
}

/* A control character, which no vCard line may hold (TAB may). */
static int is_ctl(char c)
{
	return ((unsigned char)c < 0x20 && c != '\t') || c == 0x7F;
}

/* Text value escaping (RFC 6350 3.4). */
static void add_text(struct line *l, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\':
			adds(l, "\\\\");
			break;
		case ',':
			adds(l, "\\,");
			break;
		case ';':
			adds(l, "\\;");
			break;
		case '\r':
			if (s[1] == '\n')
				s++;
			/* fall through */
		case '\n':
			adds(l, "\\n");
			break;
		default:
			if (!is_ctl(*s))
				add(l, s, 1);
		}
	}
}

/* URI values and verbatim props: only what would break the line. */
static void add_uri(struct line *l, const char *s, int keep_backslash)
{
	for (; *s; s++) {
		if (*s == '\\' && !keep_backslash) {
			adds(l, "\\\\");
		} else if (*s == '\r' || *s == '\n') {
			if (*s == '\r' && s[1] == '\n')
				s++;
			adds(l, "\\n");
		} else if (!is_ctl(*s)) {
			add(l, s, 1);
		}
	}
}

/* A quoted parameter value, RFC 6868. */
static void add_param_value(struct line *l, const char *s)
{
	add(l, "\"", 1);
	for (; *s; s++) {
		if (*s == '^')
			adds(l, "^^");
		else if (*s == '"')
			adds(l, "^'");
		else if (*s == '\n')
			adds(l, "^n");
		else if (!is_ctl(*s))
			add(l, s, 1);
	}
	add(l, "\"", 1);
}

struct writer {
	FILE *out;
	struct line l;
	struct vox_error *err;
	unsigned group;		/* the last itemN used */
	int failed;
	int version;		/* 40, 30 or 21 */
	size_t colon;		/* where the value starts: l.s[colon] is ':' */
	int base64;		/* 2.1: this line is base64, folded, then blank */
};

/* The ':' between name and value; 2.1's flush() needs to find it. */
static void colon(struct writer *w)
{
	w->colon = w->l.len;
	add(&w->l, ":", 1);
}

/*
 * A 2.1 text value: only ';' and '\' are escaped (2.1 has no \, or \n);
 * a line break stays a line break, for flush() to quote-print.
 */
static void add_text21(struct line *l, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';') {
			add(l, "\\", 1);
			add(l, s, 1);
		} else if (*s == '\r' || *s == '\n') {
			if (*s == '\r' && s[1] == '\n')
				s++;
			add(l, "\n", 1);
		} else if (!is_ctl(*s)) {
			add(l, s, 1);
		}
	}
}

/* A text value in the card's version. */
static void value(struct writer *w, const char *s)
{
	if (w->version == 21)
		add_text21(&w->l, s);
	else
		add_text(&w->l, s);
}

/* The line as it is, then CRLF. */
static int put_line(struct writer *w, const char *s, size_t n)
{
	return fwrite(s, 1, n, w->out) == n && fputs("\r\n", w->out) != EOF;
}

/* The line folded at FOLD octets, never inside a UTF-8 sequence. */
static int put_folded(struct writer *w, const char *line, size_t len)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t pos = 0, room = FOLD;

	while (pos < len) {
		size_t n = len - pos;

		if (n > room) {
			n = room;
			/* Back off to the start of a UTF-8 sequence. */
			while (n > 1 && (s[pos + n] & 0xC0) == 0x80)
				n--;
		}
		if ((pos && fputs("\r\n ", w->out) == EOF) ||
		    fwrite(s + pos, 1, n, w->out) != n)
			return 0;
		pos += n;
		room = FOLD - 1;
	}
	return fputs("\r\n", w->out) != EOF;
}

/* 2.1: a value with a line break or a byte over 127 is quoted-printable. */
static int needs_qp(const struct writer *w)
{
	size_t i;

	for (i = w->colon + 1; i < w->l.len; i++)
		if (w->l.s[i] == '\n' || (unsigned char)w->l.s[i] >= 0x80)
			return 1;
	return 0;
}

/*
 * 2.1: NAME;params;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:value, the value
 * quoted-printable (RFC 2045 6.7): line breaks as =0D=0A, physical lines
 * of at most 76 octets ending in a soft break "=", which 2.1 readers join
 * without looking for a leading blank, so a blank that would start a
 * continuation line, or end the value, is =20 too; and so is a B or E
 * that would start one, which a reader could take for BEGIN: or END:.
 */
static int put_qp(struct writer *w)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)w->l.s;
	size_t i, col;

	if (fwrite(s, 1, w->colon, w->out) != w->colon ||
	    fputs(";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:", w->out) == EOF)
		return 0;
	col = w->colon + 41;
	for (i = w->colon + 1; i < w->l.len; i++) {
		char enc[7];
		size_t n;

		if (s[i] == '\n') {
			memcpy(enc, "=0D=0A", 6);
			n = 6;
		} else if (s[i] >= 0x80 || s[i] == '=' ||
			   ((s[i] == ' ' || s[i] == '\t') &&
			    (col == 0 || i + 1 == w->l.len)) ||
			   (col == 0 && strchr("BbEe", s[i]))) {
			enc[0] = '=';
			enc[1] = hex[s[i] >> 4];
			enc[2] = hex[s[i] & 15];
			n = 3;
		} else {
			enc[0] = (char)s[i];
			n = 1;
		}
		if (col + n > 75) {
			if (fputs("=\r\n", w->out) == EOF)
				return 0;
			col = 0;
			if (n == 1) {
				i--;	/* again, now at the line's start */
				continue;
			}
		}
		if (fwrite(enc, 1, n, w->out) != n)
			return 0;
		col += n;
	}
	return fputs("\r\n", w->out) != EOF;
}

/*
 * Write the line built so far and start a new one: folded in 4.0 and 3.0;
 * in 2.1 as it is (2.1 folds only at blanks), or quoted-printable, or,
 * for base64, folded and followed by the blank line that ends it.
 */
static void flush(struct writer *w)
{
	int ok;

	if (w->failed)
		goto done;
	if (w->l.oom) {
		w->failed = vox_error_set(w->err, VOX_E_NOMEM,
					  "out of memory");
		goto done;
	}
	if (w->version != 21)
		ok = put_folded(w, w->l.s, w->l.len);
	else if (w->base64)
		ok = put_folded(w, w->l.s, w->l.len) &&
			fputs("\r\n", w->out) != EOF;
	else if (needs_qp(w))
		ok = put_qp(w);
	else
		ok = put_line(w, w->l.s, w->l.len);
	if (!ok)
		w->failed = vox_error_errno(w->err, VOX_E_IO, "vCard output");
done:
	w->l.len = 0;
	w->colon = 0;
	w->base64 = 0;
}

/* "itemN." when the value has a free-text label, then NAME. */
static unsigned start(struct writer *w, const char *name, const char *label)
{
	unsigned g = 0;

	if (label && *label) {
		char buf[32];

		g = ++w->group;
		snprintf(buf, sizeof(buf), "item%u.", g);
		adds(&w->l, buf);
	}
	adds(&w->l, name);
	return g;
}

/* Close a line started with a label: write itemN.X-ABLabel after it. */
static void end(struct writer *w, unsigned g, const char *label)
{
	char buf[48];

	flush(w);
	if (!g || !label || !*label)
		return;
	snprintf(buf, sizeof(buf), "item%u.X-ABLabel", g);
	adds(&w->l, buf);
	colon(w);
	value(w, label);
	flush(w);
}

static void simple(struct writer *w, const char *name, const char *text)
{
	if (!text)
		return;
	adds(&w->l, name);
	colon(w);
	value(w, text);
	flush(w);
}

static void simple_uri(struct writer *w, const char *name, const char *value)
{
	if (!value)
		return;
	adds(&w->l, name);
	colon(w);
	add_uri(&w->l, value, 0);
	flush(w);
}

/* One type: ;TYPE=a then ,b in 4.0 and 3.0; 2.1's bare ;A;B. */
static void type(struct writer *w, const char *name, const char **sep)
{
	if (w->version == 21) {
		add(&w->l, ";", 1);
		for (; *name; name++) {
			char c = *name;

			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			add(&w->l, &c, 1);
		}
		return;
	}
	adds(&w->l, *sep);
	adds(&w->l, name);
	*sep = ",";
}

/*
 * ;TYPE=a,b for contexts and (phones) features, then ;PREF=n; in 3.0 and
 * 2.1, which rank nothing, pref 1 is the type "pref" and a lower
 * preference is not written.  email: 3.0 and 2.1 say "internet" first.
 */
static void types(struct writer *w, unsigned features, unsigned contexts,
		  int pref, int email)
{
	static const struct {
		unsigned bit;
		const char *name;
	} feat[] = {
		{ VOX_TEL_VOICE, "voice" }, { VOX_TEL_MOBILE, "cell" },
		{ VOX_TEL_FAX, "fax" }, { VOX_TEL_PAGER, "pager" },
		{ VOX_TEL_TEXT, "text" }, { VOX_TEL_VIDEO, "video" },
		{ VOX_TEL_TEXTPHONE, "textphone" },
		{ VOX_TEL_MAIN, "main-number" },
	}, ctx[] = {
		{ VOX_CTX_HOME, "home" }, { VOX_CTX_WORK, "work" },
		{ VOX_CTX_OTHER, "other" },
	};
	const char *sep = ";TYPE=";
	size_t i;

	if (email && w->version != 40)
		type(w, "internet", &sep);
	for (i = 0; i < sizeof(feat) / sizeof(feat[0]); i++)
		if (features & feat[i].bit)
			type(w, w->version != 40 && feat[i].bit == VOX_TEL_MAIN ?
			     "main" : feat[i].name, &sep);
	for (i = 0; i < sizeof(ctx) / sizeof(ctx[0]); i++)
		if (contexts & ctx[i].bit)
			type(w, ctx[i].name, &sep);
	if (w->version != 40) {
		if (pref == 1)
			type(w, "pref", &sep);
	} else if (pref >= 1 && pref <= 100) {
		char buf[16];

		snprintf(buf, sizeof(buf), ";PREF=%d", pref);
		adds(&w->l, buf);
	}
}

/* 3.0 and 2.1: the number as text; a tel: URI loses its scheme. */
static void phone_old(struct writer *w, const struct vox_phone *p,
		      const char *num)
{
	unsigned g;

	int tel = strncasecmp(num, "tel:", 4) == 0;

	if (tel)
		num += 4;
	g = start(w, "TEL", p->label);
	types(w, p->features, p->contexts, p->pref, 0);
	colon(w);
	value(w, num);
	/* Text numbers: the extension as phones and people write it. */
	if (!tel && p->ext && vox_phone_is_e164(num)) {
		adds(&w->l, " x");
		value(w, p->ext);
	}
	end(w, g, p->label);
}

static void phone(struct writer *w, const struct vox_phone *p)
{
	const char *num = p->number ? p->number : p->raw;
	unsigned g;
	int uri;

	if (!num)
		return;
	/*
	 * A tel: URI with parameters (;phone-context=) says more than E.164
	 * does; 3.0 and 2.1 TEL values are text, where "x12" is understood.
	 */
	if (p->raw && strncasecmp(p->raw, "tel:", 4) == 0 &&
	    strchr(p->raw, ';') && (w->version == 40 || !p->ext))
		num = p->raw;
	if (w->version != 40) {
		phone_old(w, p, num);
		return;
	}
	uri = strncasecmp(num, "tel:", 4) == 0;
	g = start(w, "TEL", p->label);
	if (uri || vox_phone_is_e164(num))
		adds(&w->l, ";VALUE=uri");
	types(w, p->features, p->contexts, p->pref, 0);
	colon(w);
	if (uri) {
		add_uri(&w->l, num, 0);
	} else if (vox_phone_is_e164(num)) {
		adds(&w->l, "tel:");
		adds(&w->l, num);
		if (p->ext) { /* RFC 3966 ext; digits only (record_parse) */
			adds(&w->l, ";ext=");
			add_uri(&w->l, p->ext, 0);
		}
	} else {
		add_text(&w->l, num);
	}
	end(w, g, p->label);
}

static void email(struct writer *w, const struct vox_email *e)
{
	unsigned g;

	if (!e->address)
		return;
	g = start(w, "EMAIL", e->label);
	types(w, 0, e->contexts, e->pref, 1);
	colon(w);
	value(w, e->address);
	end(w, g, e->label);
}

static void component(struct writer *w, const char *s, int first)
{
	if (!first)
		add(&w->l, ";", 1);
	if (s)
		value(w, s);
}

/* 3.0 and 2.1: the formatted form alone, a LABEL property. */
static void label_only(struct writer *w, const struct vox_address *a)
{
	unsigned g = start(w, "LABEL", a->label);

	types(w, 0, a->contexts, a->pref, 0);
	colon(w);
	value(w, a->full);
	end(w, g, a->label);
}

/*
 * The formatted form: 4.0's LABEL parameter; in 3.0 and 2.1 a LABEL
 * property after the ADR, in the ADR's group (one is made for it when the
 * address has no label) so that a reader pairs the two; an address that
 * is only a formatted form is only a LABEL.
 */
static void address(struct writer *w, const struct vox_address *a)
{
	int old = w->version != 40 && a->full;
	unsigned g;

	if (old && !a->pobox && !a->extended && !a->street && !a->locality &&
	    !a->region && !a->postcode && !a->country) {
		label_only(w, a);
		return;
	}
	g = start(w, "ADR", a->label);
	if (old && !g) {
		char buf[32];

		g = ++w->group;
		w->l.len = 0;
		snprintf(buf, sizeof(buf), "item%u.ADR", g);
		adds(&w->l, buf);
	}
	types(w, 0, a->contexts, a->pref, 0);
	if (a->full && !old) {
		adds(&w->l, ";LABEL=");
		add_param_value(&w->l, a->full);
	}
	colon(w);
	component(w, a->pobox, 1);
	component(w, a->extended, 0);
	component(w, a->street, 0);
	component(w, a->locality, 0);
	component(w, a->region, 0);
	component(w, a->postcode, 0);
	component(w, a->country, 0);
	if (old) {
		char buf[32];

		flush(w);
		snprintf(buf, sizeof(buf), "item%u.LABEL", g);
		adds(&w->l, buf);
		types(w, 0, a->contexts, 0, 0);
		colon(w);
		value(w, a->full);
	}
	end(w, g, a->label);
}

static void link(struct writer *w, const struct vox_link *k)
{
	const char *name = "URL";
	unsigned g;

	if (!k->uri)
		return;
	if (k->kind && strcmp(k->kind, "impp") == 0)
		name = "IMPP";
	else if (k->kind && strcmp(k->kind, "social") == 0)
		name = "X-SOCIALPROFILE";
	g = start(w, name, k->label);
	types(w, 0, k->contexts, 0, 0);
	colon(w);
	add_uri(&w->l, k->uri, 0);
	end(w, g, k->label);
}

/*
 * 3.0 and 2.1 dates (ISO 8601 as RFC 2426 and vCard 2.1 use it):
 * 1990-03-12, 1990-03, 1990; a birthday without a year as Apple writes it,
 * BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-12 (1604: a leap year).  No text,
 * and no month or day alone: those are not written (losses()).
 */
static void date_old(struct writer *w, const char *name,
		     const struct vox_date *d)
{
	char buf[64];
	int y = d->year > 0 && d->year <= 9999;
	int m = d->month >= 1 && d->month <= 12;
	int dd = d->day >= 1 && d->day <= 31;

	if (y && m && dd)
		snprintf(buf, sizeof(buf), ":%04d-%02d-%02d", d->year,
			 d->month, d->day);
	else if (y && m)
		snprintf(buf, sizeof(buf), ":%04d-%02d", d->year, d->month);
	else if (y)
		snprintf(buf, sizeof(buf), ":%04d", d->year);
	else if (m && dd)
		snprintf(buf, sizeof(buf), ";X-APPLE-OMIT-YEAR=1604:1604-%02d-%02d",
			 d->month, d->day);
	else
		return;
	adds(&w->l, name);
	adds(&w->l, buf);
	flush(w);
}

static void date(struct writer *w, const char *name, const struct vox_date *d)
{
	char buf[32];

	if (w->version != 40) {
		date_old(w, name, d);
		return;
	}
	if (d->text && !d->year && !d->month && !d->day) {
		adds(&w->l, name);
		adds(&w->l, ";VALUE=text");
		colon(w);
		add_text(&w->l, d->text);
		flush(w);
		return;
	}
	if (d->year > 0 && d->year <= 9999 && d->month >= 1 &&
	    d->month <= 12 && d->day >= 1 && d->day <= 31)
		snprintf(buf, sizeof(buf), "%04d%02d%02d", d->year, d->month,
			 d->day);
	else if (d->year > 0 && d->year <= 9999 && d->month >= 1 &&
		 d->month <= 12)
		snprintf(buf, sizeof(buf), "%04d-%02d", d->year, d->month);
	else if (d->year > 0 && d->year <= 9999)
		snprintf(buf, sizeof(buf), "%04d", d->year);
	else if (d->month >= 1 && d->month <= 12 && d->day >= 1 &&
		 d->day <= 31)
		snprintf(buf, sizeof(buf), "--%02d%02d", d->month, d->day);
	else if (d->month >= 1 && d->month <= 12)
		snprintf(buf, sizeof(buf), "--%02d", d->month);
	else if (d->day >= 1 && d->day <= 31)
		snprintf(buf, sizeof(buf), "---%02d", d->day);
	else
		return;
	adds(&w->l, name);
	colon(w);
	adds(&w->l, buf);
	flush(w);
}

/* A list: a,b; 2.1, which has no \, escape, writes its items as they are. */
static void list(struct writer *w, const char *name,
		 const struct vox_strings *s)
{
	size_t i;

	if (!s->n)
		return;
	adds(&w->l, name);
	colon(w);
	for (i = 0; i < s->n; i++) {
		if (i)
			add(&w->l, ",", 1);
		value(w, s->v[i]);
	}
	flush(w);
}

/* 2.1 has no lists of nicknames: one NICKNAME line each. */
static void nicknames(struct writer *w, const struct vox_strings *s)
{
	size_t i;

	if (w->version != 21) {
		list(w, "NICKNAME", s);
		return;
	}
	for (i = 0; i < s->n; i++)
		simple(w, "NICKNAME", s->v[i]);
}

/*
 * PHOTO: 4.0 the URI; 3.0 and 2.1 inline data (data:image/png;base64,)
 * as base64 with the image type (3.0 ENCODING=b;TYPE=PNG, 2.1
 * ENCODING=BASE64;PNG), any other URI as VALUE=uri (2.1 VALUE=URL).
 */
static void photo(struct writer *w, const char *uri)
{
	static const char *const known[] = {
		"jpeg", "png", "gif", "bmp", "tiff", "webp", "heic",
	};
	const char *sub, *semi, *b64;
	size_t n, i;

	if (!uri)
		return;
	if (w->version == 40 || strncasecmp(uri, "data:image/", 11) != 0) {
		if (w->version == 40)
			simple_uri(w, "PHOTO", uri);
		else
			simple_uri(w, w->version == 30 ? "PHOTO;VALUE=uri" :
				   "PHOTO;VALUE=URL", uri);
		return;
	}
	sub = uri + 11;
	semi = strchr(sub, ';');
	b64 = semi ? strchr(semi, ',') : NULL;
	n = semi ? (size_t)(semi - sub) : 0;
	if (!b64 || b64 - semi != 7 || strncasecmp(semi, ";base64", 7) != 0 ||
	    !n || n > 20 || strspn(sub, "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") < n) {
		simple_uri(w, w->version == 30 ? "PHOTO;VALUE=uri" :
			   "PHOTO;VALUE=URL", uri);
		return;
	}
	adds(&w->l, w->version == 30 ? "PHOTO;ENCODING=b;TYPE=" :
	     "PHOTO;ENCODING=BASE64;");
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i]) == n && strncasecmp(sub, known[i], n) == 0)
			break;
	/* Another image type as its media type: TYPE=image/svg+xml. */
	if (i == sizeof(known) / sizeof(known[0]))
		adds(&w->l, w->version == 30 ? "image/" : "TYPE=image/");
	for (; n; n--, sub++) {
		char c = *sub;

		if (i < sizeof(known) / sizeof(known[0]) && c >= 'a' &&
		    c <= 'z')
			c = (char)(c - 'a' + 'A');
		add(&w->l, &c, 1);
	}
	colon(w);
	add_uri(&w->l, b64 + 1, 0);
	w->base64 = w->version == 21;
	flush(w);
}

/*
 * A kept value (4.0 escapes) in 2.1, which knows only \; and \\: \n is a
 * line break again (quoted-printable), \, a comma.
 */
static void add_kept21(struct line *l, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && (s[1] == 'n' || s[1] == 'N')) {
			add(l, "\n", 1);
			s++;
		} else if (*s == '\\' && s[1] == ',') {
			add(l, ",", 1);
			s++;
		} else if (*s == '\\' && s[1]) {
			add(l, s, 2);
			s++;
		} else if (*s == '\r' || *s == '\n') {
			if (*s == '\r' && s[1] == '\n')
				s++;
			add(l, "\n", 1);
		} else if (!is_ctl(*s)) {
			add(l, s, 1);
		}
	}
}

static int vcard_name(const char *s)
{
	size_t n = s ? strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
			      "qrstuvwxyz0123456789-_") : 0;

	return n && s[n] == '\0';
}

/* The highest N of the "itemN" groups props[] use. */
static unsigned max_group(const struct vox_contact *c)
{
	unsigned max = 0;
	size_t i;

	for (i = 0; i < c->nprops; i++) {
		const char *g = c->props[i].group;
		unsigned long n;
		char *end;

		if (!g || strncasecmp(g, "item", 4) != 0 || g[4] < '0' ||
		    g[4] > '9')
			continue;
		n = strtoul(g + 4, &end, 10);
		if (*end == '\0' && n > max && n < 1000000)
			max = (unsigned)n;
	}
	return max;
}

static void prop(struct writer *w, const struct vox_vcard_prop *p)
{
	const char *g = p->group ? p->group : "";

	if (!vcard_name(p->name) || (p->group && !vcard_name(p->group))) {
		w->failed = vox_error_set(w->err, VOX_E_DATA, "vCard property "
					  "name \"%.40s%s%.40s\" is not a "
					  "vCard name", g, *g ? "." : "",
					  p->name ? p->name : "");
		return;
	}
	if (p->group) {
		adds(&w->l, p->group);
		add(&w->l, ".", 1);
	}
	adds(&w->l, p->name);
	if (p->params && *p->params) {
		add(&w->l, ";", 1);
		add_uri(&w->l, p->params, 1);
	}
	colon(w);
	if (p->value && w->version == 21)
		add_kept21(&w->l, p->value);
	else if (p->value)
		add_uri(&w->l, p->value, 1);
	flush(w);
}

size_t vox_contact_n_join(const struct vox_contact *c, char *out,
			  size_t size)
{
	const char *part[5] = {
		c->prefix, c->given, c->additional, c->family, c->suffix
	};
	size_t i, len = 0;

	if (size)
		out[0] = '\0';
	for (i = 0; i < 5; i++) {
		size_t n;

		if (!part[i] || !*part[i])
			continue;
		if (len) {
			if (len + 1 < size) {
				out[len] = ' ';
				out[len + 1] = '\0';
			}
			len++;
		}
		n = strlen(part[i]);
		if (len < size) {
			size_t k = n < size - len - 1 ? n : size - len - 1;

			memcpy(out + len, part[i], k);
			out[len + k] = '\0';
		}
		len += n;
	}
	return len;
}

/* FN: the full name, else one made of what the contact has. */
static void full_name(struct writer *w, const struct vox_contact *c)
{
	const char *fn = c->full_name;
	char *joined = NULL;
	size_t n;

	if (!fn || !*fn) {
		n = vox_contact_n_join(c, NULL, 0);
		if (n) {
			joined = malloc(n + 1);
			if (!joined) {
				w->l.oom = 1;
				flush(w);
				return;
			}
			vox_contact_n_join(c, joined, n + 1);
			fn = joined;
		}
	}
	if (!fn || !*fn)
		fn = c->organization;
	if ((!fn || !*fn) && c->nemails)
		fn = c->emails[0].address;
	if ((!fn || !*fn) && c->nphones)
		fn = c->phones[0].number ? c->phones[0].number :
			c->phones[0].raw;
	adds(&w->l, "FN");
	colon(w);
	value(w, fn ? fn : "");
	flush(w);
	free(joined);
}

static void gender(struct writer *w, const char *g)
{
	if (!g)
		return;
	if (strlen(g) == 1 && strchr("MFONU", g[0])) {
		simple(w, "GENDER", g);
		return;
	}
	adds(&w->l, "GENDER");
	colon(w);
	add(&w->l, ";", 1);
	add_text(&w->l, g);
	flush(w);
}

int vox_vcard_write(FILE *out, const struct vox_contact *c,
		    struct vox_error *err)
{
	return vox_vcard_write_version(out, c, VOX_VCARD_40, err);
}

int vox_vcard_write_version(FILE *out, const struct vox_contact *c,
			    int version, struct vox_error *err)
{
	struct writer w = { out, { NULL, 0, 0, 0 }, err, 0, 0, version, 0, 0 };
	int old = version != VOX_VCARD_40;
	size_t i;

	if (version != VOX_VCARD_40 && version != VOX_VCARD_30 &&
	    version != VOX_VCARD_21)
		return vox_error_set(err, VOX_E_USAGE, "no vCard version %d",
				     version);
	w.group = max_group(c);
	adds(&w.l, "BEGIN:VCARD");
	flush(&w);
	adds(&w.l, version == VOX_VCARD_40 ? "VERSION:4.0" :
	     version == VOX_VCARD_30 ? "VERSION:3.0" : "VERSION:2.1");
	flush(&w);
	/* 3.0 and 2.1 have no KIND, GENDER or ANNIVERSARY (losses()). */
	if (!old)
		simple_uri(&w, "KIND", c->kind);
	full_name(&w, c);
	/* N is required in 3.0 and 2.1: "N:;;;;" when there is none. */
	if (old || c->family || c->given || c->additional || c->prefix ||
	    c->suffix) {
		adds(&w.l, "N");
		colon(&w);
		component(&w, c->family, 1);
		component(&w, c->given, 0);
		component(&w, c->additional, 0);
		component(&w, c->prefix, 0);
		component(&w, c->suffix, 0);
		flush(&w);
	}
	nicknames(&w, &c->nicknames);
	if (c->organization || c->units.n) {
		adds(&w.l, "ORG");
		colon(&w);
		component(&w, c->organization, 1);
		for (i = 0; i < c->units.n; i++)
			component(&w, c->units.v[i], 0);
		flush(&w);
	}
	simple(&w, "TITLE", c->title);
	simple(&w, "ROLE", c->role);
	for (i = 0; i < c->nphones; i++)
		phone(&w, &c->phones[i]);
	for (i = 0; i < c->nemails; i++)
		email(&w, &c->emails[i]);
	for (i = 0; i < c->naddresses; i++)
		address(&w, &c->addresses[i]);
	for (i = 0; i < c->nlinks; i++)
		link(&w, &c->links[i]);
	date(&w, "BDAY", &c->birthday);
	if (!old) {
		date(&w, "ANNIVERSARY", &c->anniversary);
		gender(&w, c->gender);
	}
	simple(&w, "NOTE", c->note);
	list(&w, "CATEGORIES", &c->categories);
	photo(&w, c->photo);
	simple_uri(&w, "UID", c->uid);
	simple_uri(&w, "REV", c->revision);
	for (i = 0; i < c->nprops && !w.failed; i++)
		prop(&w, &c->props[i]);
	adds(&w.l, "END:VCARD");
	flush(&w);
	free(w.l.s);
	return w.failed ? VOX_ERR : VOX_OK;
}
