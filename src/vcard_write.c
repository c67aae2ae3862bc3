/*
 * vcard_write.c: a contact as a vCard 4.0 (see vcard_write.h).
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
};

/* Write the line built so far, folded, and start a new one. */
static void flush(struct writer *w)
{
	const unsigned char *s = (const unsigned char *)w->l.s;
	size_t len = w->l.len, pos = 0, room = FOLD;

	if (w->failed)
		goto done;
	if (w->l.oom) {
		w->failed = vox_error_set(w->err, VOX_E_NOMEM,
					  "out of memory");
		goto done;
	}
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
			break;
		pos += n;
		room = FOLD - 1;
	}
	if (pos < len || fputs("\r\n", w->out) == EOF)
		w->failed = vox_error_errno(w->err, VOX_E_IO, "vCard output");
done:
	w->l.len = 0;
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
	if (!g)
		return;
	snprintf(buf, sizeof(buf), "item%u.X-ABLabel:", g);
	adds(&w->l, buf);
	add_text(&w->l, label);
	flush(w);
}

static void simple(struct writer *w, const char *name, const char *value)
{
	if (!value)
		return;
	adds(&w->l, name);
	add(&w->l, ":", 1);
	add_text(&w->l, value);
	flush(w);
}

static void simple_uri(struct writer *w, const char *name, const char *value)
{
	if (!value)
		return;
	adds(&w->l, name);
	add(&w->l, ":", 1);
	add_uri(&w->l, value, 0);
	flush(w);
}

/* ;TYPE=a,b for contexts and (phones) features, then ;PREF=n. */
static void types(struct writer *w, unsigned features, unsigned contexts,
		  int pref)
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

	for (i = 0; i < sizeof(feat) / sizeof(feat[0]); i++)
		if (features & feat[i].bit) {
			adds(&w->l, sep);
			adds(&w->l, feat[i].name);
			sep = ",";
		}
	for (i = 0; i < sizeof(ctx) / sizeof(ctx[0]); i++)
		if (contexts & ctx[i].bit) {
			adds(&w->l, sep);
			adds(&w->l, ctx[i].name);
			sep = ",";
		}
	if (pref >= 1 && pref <= 100) {
		char buf[16];

		snprintf(buf, sizeof(buf), ";PREF=%d", pref);
		adds(&w->l, buf);
	}
}

static void phone(struct writer *w, const struct vox_phone *p)
{
	const char *num = p->number ? p->number : p->raw;
	unsigned g;
	int uri;

	if (!num)
		return;
	/* A tel: URI with parameters (;ext=) says more than E.164 does. */
	if (p->raw && strncasecmp(p->raw, "tel:", 4) == 0 &&
	    strchr(p->raw, ';'))
		num = p->raw;
	uri = strncasecmp(num, "tel:", 4) == 0;
	g = start(w, "TEL", p->label);
	if (uri || vox_phone_is_e164(num))
		adds(&w->l, ";VALUE=uri");
	types(w, p->features, p->contexts, p->pref);
	add(&w->l, ":", 1);
	if (uri) {
		add_uri(&w->l, num, 0);
	} else if (vox_phone_is_e164(num)) {
		adds(&w->l, "tel:");
		adds(&w->l, num);
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
	types(w, 0, e->contexts, e->pref);
	add(&w->l, ":", 1);
	add_text(&w->l, e->address);
	end(w, g, e->label);
}

static void component(struct line *l, const char *s, int first)
{
	if (!first)
		add(l, ";", 1);
	if (s)
		add_text(l, s);
}

static void address(struct writer *w, const struct vox_address *a)
{
	unsigned g = start(w, "ADR", a->label);

	types(w, 0, a->contexts, a->pref);
	if (a->full) {
		adds(&w->l, ";LABEL=");
		add_param_value(&w->l, a->full);
	}
	add(&w->l, ":", 1);
	component(&w->l, a->pobox, 1);
	component(&w->l, a->extended, 0);
	component(&w->l, a->street, 0);
	component(&w->l, a->locality, 0);
	component(&w->l, a->region, 0);
	component(&w->l, a->postcode, 0);
	component(&w->l, a->country, 0);
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
	types(w, 0, k->contexts, 0);
	add(&w->l, ":", 1);
	add_uri(&w->l, k->uri, 0);
	end(w, g, k->label);
}

static void date(struct writer *w, const char *name, const struct vox_date *d)
{
	char buf[32];

	if (d->text && !d->year && !d->month && !d->day) {
		adds(&w->l, name);
		adds(&w->l, ";VALUE=text:");
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
	add(&w->l, ":", 1);
	adds(&w->l, buf);
	flush(w);
}

static void list(struct writer *w, const char *name,
		 const struct vox_strings *s)
{
	size_t i;

	if (!s->n)
		return;
	adds(&w->l, name);
	add(&w->l, ":", 1);
	for (i = 0; i < s->n; i++) {
		if (i)
			add(&w->l, ",", 1);
		add_text(&w->l, s->v[i]);
	}
	flush(w);
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
	add(&w->l, ":", 1);
	if (p->value)
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
	adds(&w->l, "FN:");
	add_text(&w->l, fn ? fn : "");
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
	adds(&w->l, "GENDER:;");
	add_text(&w->l, g);
	flush(w);
}

int vox_vcard_write(FILE *out, const struct vox_contact *c,
		    struct vox_error *err)
{
	struct writer w = { out, { NULL, 0, 0, 0 }, err, 0, 0 };
	size_t i;

	w.group = max_group(c);
	adds(&w.l, "BEGIN:VCARD");
	flush(&w);
	adds(&w.l, "VERSION:4.0");
	flush(&w);
	simple_uri(&w, "KIND", c->kind);
	full_name(&w, c);
	if (c->family || c->given || c->additional || c->prefix ||
	    c->suffix) {
		adds(&w.l, "N:");
		component(&w.l, c->family, 1);
		component(&w.l, c->given, 0);
		component(&w.l, c->additional, 0);
		component(&w.l, c->prefix, 0);
		component(&w.l, c->suffix, 0);
		flush(&w);
	}
	list(&w, "NICKNAME", &c->nicknames);
	if (c->organization || c->units.n) {
		adds(&w.l, "ORG:");
		component(&w.l, c->organization, 1);
		for (i = 0; i < c->units.n; i++)
			component(&w.l, c->units.v[i], 0);
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
	date(&w, "ANNIVERSARY", &c->anniversary);
	gender(&w, c->gender);
	simple(&w, "NOTE", c->note);
	list(&w, "CATEGORIES", &c->categories);
	simple_uri(&w, "PHOTO", c->photo);
	simple_uri(&w, "UID", c->uid);
	simple_uri(&w, "REV", c->revision);
	for (i = 0; i < c->nprops && !w.failed; i++)
		prop(&w, &c->props[i]);
	adds(&w.l, "END:VCARD");
	flush(&w);
	free(w.l.s);
	return w.failed ? VOX_ERR : VOX_OK;
}
