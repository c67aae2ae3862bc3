/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcard.c: vCard address books, .vcf: vCard 2.1 (IMC; Android's export,
 * feature phones), 3.0 (RFC 2425/2426; Apple, Google, CardDAV) and 4.0
 * (RFC 6350), mixed in one file.  One card is one VOX_CONTACT record.
 * Files as phones and programs write them: UTF-16 (converted as read),
 * iOS 5's CR CR LF, cards without VERSION (read as 3.0), text in no
 * charset that is not UTF-8 (read in the option legacy_charset, an iconv
 * name, windows-1252 unless set).
 *
 * Lines, folding and parameters are in vcard_lex.c, quoted-printable,
 * base64, CHARSET, escapes and dates in vcard_value.c; this file maps
 * properties (names and parameters are case insensitive; 2.1 bare words
 * like TEL;CELL are TYPE values).  Text loses control characters (a vCard
 * cannot hold them) and the blanks around it:
 *
 *	FN			full_name; without FN, the N parts joined
 *	N			family, given, additional, prefix, suffix (a
 *				component's 3.0 list stays joined by ',')
 *	NICKNAME		nicknames (a list, except in 2.1)
 *	ORG			organization; further components are units
 *	TITLE, ROLE		title, role
 *	TEL			phones: raw as written (4.0 tel: URIs too),
 *				number normalised to E.164 where the plan
 *				allows; TYPE cell, voice, fax, pager, text,
 *				video, textphone, main (or main-number),
 *				IPHONE (mobile, label "iPhone") are features
 *	EMAIL, ADR		emails, addresses (ADR's 7 components; 4.0's
 *				LABEL parameter and 2.1/3.0's LABEL property
 *				are the formatted address, "full")
 *	URL; IMPP; X-SOCIALPROFILE
 *				links of kind "url", "impp", "social" (Apple's
 *				X-SERVICE-TYPE=Skype is the label);
 *				X-AIM, X-JABBER, X-SIP ... become impp links
 *				with their URI scheme (aim:, xmpp:, sip: ...)
 *	BDAY, ANNIVERSARY	birthday, anniversary: 1990-03-12, 19900312,
 *				--0312, --03-12, ---12, 1990-03, 1990, with a
 *				time part ignored; Apple's year-less
 *				X-APPLE-OMIT-YEAR=1604:1604-03-12 loses the
 *				year; anything else is kept as text (also
 *				X-ANNIVERSARY, and Apple's X-ABDATE labelled
 *				_$!<Anniversary>!$_; its other dates are kept)
 *	X-ABRELATEDNAMES	with an Apple label (Spouse, Father ...): a
 *				kept 4.0 RELATED;VALUE=text;TYPE=spouse, see
 *				map_related(); with a custom label, as written
 *	GENDER			gender: the sex letter, or the identity text
 *				(both: kept as a property, below)
 *	NOTE, CATEGORIES	note, categories
 *	UID, REV, KIND		uid, revision (as written), kind (lower case);
 *				X-ADDRESSBOOKSERVER-KIND is KIND, and Apple's
 *				X-ABShowAs:COMPANY makes a card without KIND
 *				an "org"
 *	PHOTO			photo, a URI: inline data (2.1 BASE64, 3.0
 *				ENCODING=b) becomes a data:image/...;base64
 *				URI holding the same bytes
 * TYPE home, work and other are contexts; TYPE=pref is pref 1, PREF=n is
 * pref n.  Apple groups (item1.TEL with item1.X-ABLabel) give the label:
 * Apple's built-in labels _$!<Mobile>!$_, _$!<Home>!$_, _$!<Work>!$_,
 * _$!<Main>!$_, _$!<HomeFAX>!$_, _$!<WorkFAX>!$_, _$!<OtherFAX>!$_,
 * _$!<Pager>!$_ and _$!<Other>!$_ become features and contexts,
 * _$!<HomePage>!$_ (on a URL) nothing, another _$!<Word>!$_ the label
 * "Word"; any other label is kept as written.  A TYPE value with no
 * place above becomes the label when there is none ("car"; an X- type
 * loses its prefix).
 *
 * Everything else, and a second FN, BDAY, NOTE ... that the record has no
 * room for, goes to props[] as written (group, name, parameters, value),
 * so that the vCard writer puts it back: GEO, TZ, KEY, LOGO, SOUND,
 * CLIENTPIDMAP, RELATED, MEMBER, X-ANDROID-CUSTOM, unknown X- properties,
 * an AGENT (its embedded card as a "\n"-joined value), an X-ABLabel whose
 * group was not mapped.  Only encodings change there: a quoted-printable
 * or CHARSET value is kept decoded (UTF-8, line breaks as \n) without its
 * ENCODING and CHARSET parameters, base64 is the same bytes without blanks
 * (padded, ENCODING=b), a 2.1 backslash that escapes nothing is doubled,
 * and parameters that break RFC 6350's grammar (bare words, ";;", stray
 * quotes) are rebuilt (TYPE=word ...).
 * Dropped: VERSION (the writer writes 4.0), PRODID (it names the program
 * that wrote the file, not the contact), an empty FN or N (the writer
 * makes FN), BEGIN/END.
 *
 * One bad field never costs the card (a reader cannot warn, so the
 * card's extra "warning" says what was done, "file:line: what" joined by
 * "; ", the first 10 spelt out): a line without ':', with a bad name or
 * an unclosed quote is left out; bad base64 leaves out the PHOTO (or the
 * kept property); bad quoted-printable keeps the '=' as written; a card
 * without VERSION is read as 3.0.
 *
 * Errors (VOX_E_DATA, reading goes on with the next card): content
 * outside a card, END without BEGIN, a card without END, an unknown
 * VERSION, BEGIN or END of another component inside a card.  A content
 * line longer than 16 MiB (a huge PHOTO) is a VOX_E_DATA error of its
 * own, naming it; the next call returns its card without that line.  A
 * card over 64 MiB or 10000 lines is a VOX_E_DATA error.  Nesting limits
 * (VOX_E_LIMIT, the end): see vcard_lex.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "phone.h"
#include "record.h"
#include "vcard_lex.h"
#include "vcard_write.h"
#include "voxport/source.h"

#define FORMAT "vcard"

enum { KEEP = 0, MAPPED = 1, FAILED = -1 };

struct reader {
	struct vcard_lex *lx;
	struct vcard_decoder *dec;
	const char *name;
	const struct vox_phone_plan *plan;
	struct vox_arena arena;
	struct vox_record rec;
	struct vox_error *err;

	/* The card being mapped. */
	int version;
	struct vcard_prop *p;
	unsigned char *mapped;	/* per property: MAPPED, or KEEP */
	size_t *adr;		/* per ADR property: its address + 1 */
	size_t n;
	size_t *labels;		/* grouped X-ABLabels, sorted by group */
	size_t nlabels;
	int has_n, show_as_org;
	unsigned char *warned;	/* per property: a warning was given */
	char *warning;		/* the card's warnings, joined by "; " */
	size_t nwarnings;

	/* A card whose over-long line was reported; it comes next. */
	struct vcard_card held;
	int have_held;
	int ended;	/* after a limit, I/O or memory error */
};

/* ---- bidding ---------------------------------------------------------- */

static int bid_utf8(const unsigned char *buf, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (buf[i] == '\r' || buf[i] == '\n' ||
			   buf[i] == ' ' || buf[i] == '\t'))
		i++;
	if (len - i < 11 || strncasecmp((const char *)buf + i, "BEGIN:VCARD",
					11) != 0)
		return 0;
	i += 11;
	if (i < len && (buf[i] == '\0' || !strchr("\r\n \t", buf[i])))
		return 0;
	return 88;	/* 11 bytes verified */
}

/* UTF-16 files bid with their ASCII start, as UTF-8 ones do. */
static int bid(const unsigned char *buf, size_t len)
{
	const char *cs = vcard_utf16(buf, len);
	unsigned char ascii[64];
	size_t i, k = 0;
	int le;

	if (!cs)
		return bid_utf8(buf, len);
	le = strcmp(cs, "UTF-16LE") == 0;
	i = buf[0] == 0xFF || buf[0] == 0xFE ? 2 : 0;
	for (; i + 1 < len && k < sizeof(ascii); i += 2) {
		unsigned char c = buf[i + !le], z = buf[i + le];

		if (z || !c || c >= 0x80)
			break;
		ascii[k++] = c;
	}
	return bid_utf8(ascii, k);
}

/* ---- helpers ---------------------------------------------------------- */

/* ASCII letters to lower case, in place. */
static char *lower(char *s)
{
	char *p;

	for (p = s; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

static struct vox_contact *contact(struct reader *r)
{
	return &r->rec.u.contact;
}

static int oom(struct reader *r)
{
	vox_error_set(r->err, VOX_E_NOMEM, "out of memory");
	return FAILED;
}

/* Up to 32 bytes of s for a message, with non-ASCII shown as '?'. */
static const char *shown(char buf[40], const char *s, size_t n)
{
	size_t i;

	if (n > 32)
		n = 32;
	for (i = 0; i < n; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7F ? s[i] : '?';
	buf[n] = '\0';
	return buf;
}

static int data_error(struct reader *r, const struct vcard_prop *p,
		      const char *what, const char *s, size_t n)
{
	char buf[40];

	vox_error_set(r->err, VOX_E_DATA, "%s:%llu: %s%s%s%s", r->name,
		      (unsigned long long)p->line, what, s ? " \"" : "",
		      s ? shown(buf, s, n) : "", s ? "\"" : "");
	return FAILED;
}

/*
 * A warning about the card (a field left out, a guess made): a reader
 * has no channel for them, so they go to the record's extra "warning",
 * "file:line: what", joined by "; ".  The first MAX_WARNINGS are spelt
 * out, the rest counted.
 */
#define MAX_WARNINGS 10

static int warn(struct reader *r, uint64_t line, const char *what,
		const char *s, size_t n)
{
	char buf[40];
	char *w;

	if (r->nwarnings++ >= MAX_WARNINGS)
		return MAPPED;
	w = vox_arena_printf(&r->arena, "%s%s%s:%llu: %s%s%s%s",
			     r->warning ? r->warning : "",
			     r->warning ? "; " : "", r->name,
			     (unsigned long long)line, what, s ? " \"" : "",
			     s ? shown(buf, s, n) : "", s ? "\"" : "");
	if (!w)
		return oom(r);
	r->warning = w;
	return MAPPED;
}

/* A warning about property p, given once however often p is read. */
static int warn_prop(struct reader *r, const struct vcard_prop *p,
		     const char *what, const char *s, size_t n)
{
	size_t i = (size_t)(p - r->p);

	if (p < r->p || i >= r->n || r->warned[i])
		return MAPPED;
	r->warned[i] = 1;
	return warn(r, p->line, what, s, n);
}

/* The value as UTF-8 text, still escaped; NULL after an error. */
static const char *text(struct reader *r, const struct vcard_prop *p,
			size_t *len)
{
	const char *out, *bad;
	size_t n;

	switch (vcard_decode(r->dec, &r->arena, p, &out, &n, &bad)) {
	case VCARD_DECODE_QP:
		/* Android and others leave an '=' unencoded: keep it. */
		if (warn_prop(r, p, "bad quoted-printable, kept as written:",
			      bad, strnlen(bad, 3)) != MAPPED)
			return NULL;
		/* fall through */
	case VCARD_DECODE_OK:
		if (len)
			*len = n;
		return out;
	}
	oom(r);
	return NULL;
}

/*
 * Text as the record keeps it: without control characters (no vCard may
 * hold them, so the writer could not) but LF, and without blanks around
 * it.  In place; s may be NULL (out of memory), and is returned.
 */
static char *tidy(char *s)
{
	char *e, *o;

	if (!s)
		return NULL;
	for (o = e = s; *e; e++)
		if (*e == '\n' || !vcard_is_ctl(*e))
			*o++ = *e;
	*o = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	while (o > s && (o[-1] == ' ' || o[-1] == '\t'))
		*--o = '\0';
	return s;
}

/*
 * s[0..n) unescaped, then tidied (after unescaping, so that "\ " and " "
 * read alike); NULL when out of memory.
 */
static char *unescaped(struct reader *r, const char *s, size_t n)
{
	char *u = tidy(vcard_unescape(&r->arena, s, n, r->version));

	if (!u)
		oom(r);
	return u;
}

/* A parameter's value, tidied; NULL when empty or out of memory. */
static const char *param_label(struct reader *r, const struct vcard_prop *p,
			       const char *name)
{
	const char *v = vcard_param_get(p, name);
	char *l = v ? tidy(vox_arena_strdup(&r->arena, v)) : NULL;

	return l && *l ? l : NULL;
}

/* The value unescaped and trimmed; NULL after an error. */
static char *plain(struct reader *r, const struct vcard_prop *p)
{
	size_t n;
	const char *s = text(r, p, &n);

	return s ? unescaped(r, s, n) : NULL;
}

/*
 * Split the value at sep (';' for structured values, ',' for lists),
 * each piece unescaped and trimmed; empty pieces are NULL.  Returns the
 * count, or -1 after an error.
 */
static int pieces(struct reader *r, const struct vcard_prop *p, char sep,
		  char **out, size_t max)
{
	const char *at[16];
	size_t len[16], n, i, tlen;
	const char *s = text(r, p, &tlen);

	if (!s)
		return -1;
	if (max > 16)
		max = 16;
	n = vcard_split(s, tlen, sep, at, len, max);
	for (i = 0; i < n; i++) {
		out[i] = unescaped(r, at[i], len[i]);
		if (!out[i])
			return -1;
		if (!*out[i])
			out[i] = NULL;
	}
	return (int)n;
}

/* Add each item of a list value (split at ',' unless 2.1 says not). */
static int each_item(struct reader *r, const struct vcard_prop *p, int split,
		     struct vox_strings *into)
{
	size_t tlen, i, start = 0;
	const char *s = text(r, p, &tlen);

	if (!s)
		return FAILED;
	for (i = 0; i <= tlen; i++) {
		char *u;

		if (i < tlen && s[i] == '\\' && i + 1 < tlen) {
			i++;
			continue;
		}
		if (i < tlen && !(split && s[i] == ','))
			continue;
		u = unescaped(r, s + start, i - start);
		start = i + 1;
		if (!u)
			return FAILED;
		if (*u && vox_strings_add(&r->arena, into, u) != VOX_OK)
			return oom(r);
	}
	return MAPPED;
}

/* ---- types, labels and preferences ------------------------------------ */

/* What kinds() reads: TEL features, the LABEL parameter as the label. */
enum { K_TEL = 1, K_LABEL = 2 };

struct kinds {
	struct reader *r;
	int tel;		/* TEL: features apply */
	unsigned features, contexts;
	int pref;
	const char *label;	/* from an unknown type */
};

static void on_type(void *ctx, const char *t, size_t n)
{
	static const struct {
		const char *word;
		unsigned features, contexts;
		int tel_only;
	} tab[] = {
		{ "home", 0, VOX_CTX_HOME, 0 },
		{ "work", 0, VOX_CTX_WORK, 0 },
		{ "other", 0, VOX_CTX_OTHER, 0 },
		{ "voice", VOX_TEL_VOICE, 0, 1 },
		{ "cell", VOX_TEL_MOBILE, 0, 1 },
		{ "mobile", VOX_TEL_MOBILE, 0, 1 },
		{ "fax", VOX_TEL_FAX, 0, 1 },
		{ "pager", VOX_TEL_PAGER, 0, 1 },
		{ "text", VOX_TEL_TEXT, 0, 1 },
		{ "video", VOX_TEL_VIDEO, 0, 1 },
		{ "textphone", VOX_TEL_TEXTPHONE, 0, 1 },
		{ "main", VOX_TEL_MAIN, 0, 1 },
		{ "main-number", VOX_TEL_MAIN, 0, 1 },
	};
	struct kinds *k = ctx;
	size_t i;

	if (n == 4 && strncasecmp(t, "pref", 4) == 0) {
		if (!k->pref)
			k->pref = 1;
		return;
	}
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (strlen(tab[i].word) != n ||
		    strncasecmp(t, tab[i].word, n) != 0 ||
		    (tab[i].tel_only && !k->tel))
			continue;
		k->features |= tab[i].features;
		k->contexts |= tab[i].contexts;
		return;
	}
	if (k->tel && n == 6 && strncasecmp(t, "iphone", 6) == 0) {
		k->features |= VOX_TEL_MOBILE;
		if (!k->label)
			k->label = "iPhone";
		return;
	}
	/* INTERNET is every e-mail address's type. */
	if (k->label || (n == 8 && strncasecmp(t, "internet", 8) == 0))
		return;
	if (n > 2 && strncasecmp(t, "X-", 2) == 0)
		k->label = tidy(vox_arena_strndup(&k->r->arena, t + 2, n - 2));
	else
		k->label = tidy(lower(vox_arena_strndup(&k->r->arena, t, n)));
	if (k->label && !*k->label)
		k->label = NULL;
}

/*
 * An Apple label in its wrapping, _$!<School>!$_, that has no feature or
 * context: its word, "School".  Any other label as it is.  In place.
 */
static char *apple_plain(char *label)
{
	size_t n = strlen(label);

	if (n > 8 && strncmp(label, "_$!<", 4) == 0 &&
	    strcmp(label + n - 4, ">!$_") == 0) {
		label[n - 4] = '\0';
		return label + 4;
	}
	return label;
}

/* Order of r->labels: by group, any case; the first of a group first. */
static int label_cmp(const struct vcard_prop *p, size_t a, size_t b)
{
	int d = strcasecmp(p[a].group, p[b].group);

	return d ? d : (a > b) - (a < b);
}

/* Merge the sorted runs v[lo..mid) and v[mid..hi) into tmp. */
static void merge(const struct vcard_prop *p, const size_t *v, size_t *tmp,
		  size_t lo, size_t mid, size_t hi)
{
	size_t a = lo, b = mid, k;

	for (k = lo; k < hi; k++)
		if (b >= hi || (a < mid && label_cmp(p, v[a], v[b]) <= 0))
			tmp[k] = v[a++];
		else
			tmp[k] = v[b++];
}

/* Sort r->labels: a bottom-up merge sort (qsort() takes no context). */
static void sort_labels(struct reader *r, size_t *tmp)
{
	size_t w, lo, n = r->nlabels;

	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w)
			merge(r->p, r->labels, tmp, lo,
			      lo + w < n ? lo + w : n,
			      lo + 2 * w < n ? lo + 2 * w : n);
		memcpy(r->labels, tmp, n * sizeof(*tmp));
	}
}

/* The X-ABLabel of the property's group, or -1. */
static long group_label(const struct reader *r, const struct vcard_prop *p)
{
	size_t lo = 0, hi = r->nlabels;

	if (!p->group)
		return -1;
	/* The first label whose group is not below p's. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcasecmp(r->p[r->labels[mid]].group, p->group) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == r->nlabels ||
	    strcasecmp(r->p[r->labels[lo]].group, p->group) != 0)
		return -1;
	return (long)r->labels[lo];
}

/*
 * Types, PREF, LABEL and the Apple label of a property.  The Apple label
 * is then mapped too; returns FAILED after an error.
 */
static int kinds(struct reader *r, const struct vcard_prop *p, int flags,
		 struct kinds *k)
{
	/*
	 * Apple's built-in labels.  HomePage is what a URL is anyway (and
	 * what Apple calls a URL without a label): nothing to say.
	 */
	static const struct {
		const char *label;
		unsigned features, contexts;
	} apple[] = {
		{ "_$!<Mobile>!$_", VOX_TEL_MOBILE, 0 },
		{ "_$!<Home>!$_", 0, VOX_CTX_HOME },
		{ "_$!<Work>!$_", 0, VOX_CTX_WORK },
		{ "_$!<Main>!$_", VOX_TEL_MAIN, 0 },
		{ "_$!<HomeFAX>!$_", VOX_TEL_FAX, VOX_CTX_HOME },
		{ "_$!<WorkFAX>!$_", VOX_TEL_FAX, VOX_CTX_WORK },
		{ "_$!<OtherFAX>!$_", VOX_TEL_FAX, VOX_CTX_OTHER },
		{ "_$!<Pager>!$_", VOX_TEL_PAGER, 0 },
		{ "_$!<Other>!$_", 0, VOX_CTX_OTHER },
		{ "_$!<HomePage>!$_", 0, 0 },
	};
	const char *pref = vcard_param_get(p, "PREF");
	const char *plabel = param_label(r, p, "LABEL");
	char *label;
	long g = group_label(r, p);
	int tel = flags & K_TEL;
	size_t i;

	memset(k, 0, sizeof(*k));
	k->r = r;
	k->tel = tel;
	vcard_types(p, on_type, k);
	if (pref) {
		long v = strtol(pref, NULL, 10);

		if (v >= 1 && v <= 100)
			k->pref = (int)v;
	}
	if ((flags & K_LABEL) && plabel)
		k->label = plabel;
	if (g < 0)
		return MAPPED;
	label = plain(r, &r->p[g]);
	if (!label)
		return FAILED;
	r->mapped[g] = MAPPED;
	for (i = 0; i < sizeof(apple) / sizeof(apple[0]); i++) {
		if (strcmp(label, apple[i].label) != 0 ||
		    (apple[i].features && !tel))
			continue;
		k->features |= apple[i].features;
		k->contexts |= apple[i].contexts;
		return MAPPED;
	}
	if (*label)
		k->label = apple_plain(label);
	return MAPPED;
}

/* ---- properties ------------------------------------------------------- */

static int map_fn(struct reader *r, struct vcard_prop *p)
{
	char *s;

	if (contact(r)->full_name)
		return KEEP;
	s = plain(r, p);
	if (!s)
		return FAILED;
	/* An empty FN says nothing: the writer makes one. */
	if (*s)
		contact(r)->full_name = s;
	return MAPPED;
}

static int map_n(struct reader *r, struct vcard_prop *p)
{
	struct vox_contact *c = contact(r);
	char *v[5] = { NULL };

	if (r->has_n)
		return KEEP;
	if (pieces(r, p, ';', v, 5) < 0)
		return FAILED;
	/* "N:;;;;" (Apple's company cards) holds nothing. */
	if (!v[0] && !v[1] && !v[2] && !v[3] && !v[4])
		return MAPPED;
	c->family = v[0];
	c->given = v[1];
	c->additional = v[2];
	c->prefix = v[3];
	c->suffix = v[4];
	r->has_n = 1;
	return MAPPED;
}

static int map_nickname(struct reader *r, struct vcard_prop *p)
{
	return each_item(r, p, r->version != VCARD_V21,
			 &contact(r)->nicknames);
}

static int map_categories(struct reader *r, struct vcard_prop *p)
{
	return each_item(r, p, 1, &contact(r)->categories);
}

static int map_org(struct reader *r, struct vcard_prop *p)
{
	struct vox_contact *c = contact(r);
	char *v[16];
	int n, i;

	if (c->organization || c->units.n)
		return KEEP;
	n = pieces(r, p, ';', v, 16);
	if (n < 0)
		return FAILED;
	c->organization = v[0];
	for (i = 1; i < n; i++)
		if (v[i] && vox_strings_add(&r->arena, &c->units, v[i]) !=
		    VOX_OK)
			return oom(r);
	return c->organization || c->units.n ? MAPPED : KEEP;
}

/* A property the record holds once: TITLE, ROLE, NOTE, UID, REV. */
static int map_once(struct reader *r, struct vcard_prop *p, const char **to)
{
	char *s;

	if (*to)
		return KEEP;
	s = plain(r, p);
	if (!s)
		return FAILED;
	if (!*s)
		return KEEP;
	*to = s;
	return MAPPED;
}

static int map_title(struct reader *r, struct vcard_prop *p)
{
	return map_once(r, p, &contact(r)->title);
}

static int map_role(struct reader *r, struct vcard_prop *p)
{
	return map_once(r, p, &contact(r)->role);
}

static int map_note(struct reader *r, struct vcard_prop *p)
{
	return map_once(r, p, &contact(r)->note);
}

static int map_uid(struct reader *r, struct vcard_prop *p)
{
	return map_once(r, p, &contact(r)->uid);
}

static int map_rev(struct reader *r, struct vcard_prop *p)
{
	return map_once(r, p, &contact(r)->revision);
}

static int map_kind(struct reader *r, struct vcard_prop *p)
{
	int st = map_once(r, p, &contact(r)->kind);

	if (st == MAPPED)
		lower((char *)contact(r)->kind);
	return st;
}

static int map_show_as(struct reader *r, struct vcard_prop *p)
{
	char *s = plain(r, p);

	if (!s)
		return FAILED;
	if (strcasecmp(s, "COMPANY") != 0)
		return KEEP;
	r->show_as_org = 1;
	return MAPPED;
}

static int map_gender(struct reader *r, struct vcard_prop *p)
{
	char *v[2] = { NULL, NULL };

	if (contact(r)->gender)
		return KEEP;
	if (pieces(r, p, ';', v, 2) < 0)
		return FAILED;
	/* Sex and identity both: the record holds one, keep the property. */
	if ((v[0] && v[1]) || (!v[0] && !v[1]))
		return KEEP;
	contact(r)->gender = v[0] ? v[0] : v[1];
	return MAPPED;
}

static int map_tel(struct reader *r, struct vcard_prop *p)
{
	struct vox_contact *c = contact(r);
	struct vox_phone *ph;
	struct kinds k;
	const char *raw = plain(r, p), *ext;
	size_t rawlen, outsz, extlen;
	char *out;

	if (!raw)
		return FAILED;
	if (!*raw)
		return KEEP;
	if (kinds(r, p, K_TEL | K_LABEL, &k) != MAPPED)
		return FAILED;
	ph = vox_arena_push(&r->arena, &c->phones, &c->nphones,
			    &c->capphones, sizeof(*ph));
	if (!ph)
		return oom(r);
	ph->raw = raw;
	ph->features = k.features;
	ph->contexts = k.contexts;
	ph->pref = k.pref;
	ph->label = k.label;
	/* tel: URIs too: the normaliser reads them. */
	rawlen = strlen(raw);
	outsz = rawlen + VOX_PHONE_E164_MAX;
	out = vox_arena_alloc(&r->arena, outsz);
	if (!out)
		return oom(r);
	out[0] = '\0';
	vox_phone_normalise(r->plan, raw, rawlen, out, outsz);
	ph->number = out[0] && strcmp(out, raw) != 0 ? out : raw;
	/* ";ext=12" of a tel: URI, "x12" or "ext. 12" after a number */
	extlen = vox_phone_ext(raw, rawlen, &ext);
	if (ext && !(ph->ext = vox_arena_strndup(&r->arena, ext, extlen)))
		return oom(r);
	return MAPPED;
}

static int map_email(struct reader *r, struct vcard_prop *p)
{
	struct vox_contact *c = contact(r);
	struct vox_email *e;
	struct kinds k;
	const char *s = plain(r, p);

	if (!s)
		return FAILED;
	if (!*s)
		return KEEP;
	if (kinds(r, p, K_LABEL, &k) != MAPPED)
		return FAILED;
	e = vox_arena_push(&r->arena, &c->emails, &c->nemails,
			   &c->capemails, sizeof(*e));
	if (!e)
		return oom(r);
	e->address = s;
	e->contexts = k.contexts;
	e->pref = k.pref;
	e->label = k.label;
	return MAPPED;
}

static int map_adr(struct reader *r, struct vcard_prop *p)
{
	struct vox_contact *c = contact(r);
	struct vox_address *a;
	struct kinds k;
	const char *full = param_label(r, p, "LABEL");
	char *v[7] = { NULL };
	int i, any = full != NULL;

	if (pieces(r, p, ';', v, 7) < 0)
		return FAILED;
	for (i = 0; i < 7; i++)
		any |= v[i] != NULL;
	if (!any)
		return KEEP;
	/* Its LABEL parameter is the formatted address, not a label. */
	if (kinds(r, p, 0, &k) != MAPPED)
		return FAILED;
	a = vox_arena_push(&r->arena, &c->addresses, &c->naddresses,
			   &c->capaddresses, sizeof(*a));
	if (!a)
		return oom(r);
	a->pobox = v[0];
	a->extended = v[1];
	a->street = v[2];
	a->locality = v[3];
	a->region = v[4];
	a->postcode = v[5];
	a->country = v[6];
	a->full = full;
	a->contexts = k.contexts;
	a->pref = k.pref;
	a->label = k.label;
	return MAPPED;
}

/* 2.1/3.0 LABEL: the formatted form of an ADR, paired after them all. */
static int pair_label(struct reader *r, struct vcard_prop *p)
{
	struct vox_contact *c = contact(r);
	struct vox_address *a = NULL;
	struct kinds k;
	char *s = plain(r, p);
	size_t i;

	if (!s)
		return FAILED;
	if (!*s)
		return KEEP;
	if (kinds(r, p, 0, &k) != MAPPED)
		return FAILED;
	/* Same group first, then the first address of the same types. */
	for (i = 0; p->group && !a && i < r->n; i++)
		if (r->adr[i] && r->p[i].group &&
		    strcasecmp(r->p[i].group, p->group) == 0 &&
		    !c->addresses[r->adr[i] - 1].full)
			a = &c->addresses[r->adr[i] - 1];
	for (i = 0; !a && i < c->naddresses; i++)
		if (!c->addresses[i].full &&
		    c->addresses[i].contexts == k.contexts)
			a = &c->addresses[i];
	if (!a) {
		a = vox_arena_push(&r->arena, &c->addresses, &c->naddresses,
				   &c->capaddresses, sizeof(*a));
		if (!a)
			return oom(r);
		a->contexts = k.contexts;
		a->pref = k.pref;
		a->label = k.label;
	}
	a->full = s;
	return MAPPED;
}

static int add_link(struct reader *r, struct vcard_prop *p, const char *kind,
		    const char *scheme)
{
	struct vox_contact *c = contact(r);
	struct vox_link *l;
	struct kinds k;
	const char *s = plain(r, p);

	if (!s)
		return FAILED;
	if (!*s)
		return KEEP;
	if (kinds(r, p, K_LABEL, &k) != MAPPED)
		return FAILED;
	/* Apple: IMPP;X-SERVICE-TYPE=Skype names the service. */
	if (!k.label)
		k.label = param_label(r, p, "X-SERVICE-TYPE");
	/* X-AIM:alice is aim:alice; X-SIP:sip:bob@example.com stays. */
	if (scheme && strncasecmp(s, scheme, strlen(scheme)) != 0) {
		s = vox_arena_printf(&r->arena, "%s%s", scheme, s);
		if (!s)
			return oom(r);
	}
	l = vox_arena_push(&r->arena, &c->links, &c->nlinks, &c->caplinks,
			   sizeof(*l));
	if (!l)
		return oom(r);
	l->uri = s;
	l->kind = kind;
	l->contexts = k.contexts;
	l->label = k.label;
	return MAPPED;
}

static int map_url(struct reader *r, struct vcard_prop *p)
{
	return add_link(r, p, "url", NULL);
}

static int map_impp(struct reader *r, struct vcard_prop *p)
{
	return add_link(r, p, "impp", NULL);
}

static int map_social(struct reader *r, struct vcard_prop *p)
{
	return add_link(r, p, "social", NULL);
}

/* The X- instant-messaging properties of 3.0 writers, as IMPP. */
static int map_im(struct reader *r, struct vcard_prop *p)
{
	static const struct {
		const char *name, *scheme;
	} tab[] = {
		{ "X-AIM", "aim:" }, { "X-ICQ", "icq:" },
		{ "X-JABBER", "xmpp:" }, { "X-GOOGLE-TALK", "xmpp:" },
		{ "X-GTALK", "xmpp:" }, { "X-MSN", "msnim:" },
		{ "X-YAHOO", "ymsgr:" }, { "X-SKYPE", "skype:" },
		{ "X-SKYPE-USERNAME", "skype:" }, { "X-SIP", "sip:" },
		{ "X-GADUGADU", "gg:" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(p->name, tab[i].name) == 0)
			return add_link(r, p, "impp", tab[i].scheme);
	return KEEP;
}

static int map_date(struct reader *r, struct vcard_prop *p, struct vox_date *d)
{
	const char *value = vcard_param_get(p, "VALUE");
	const char *omit = vcard_param_get(p, "X-APPLE-OMIT-YEAR");
	char *s;

	if (d->year || d->month || d->day || d->text)
		return KEEP;
	s = plain(r, p);
	if (!s)
		return FAILED;
	if (!*s)
		return KEEP;
	if ((value && strcasecmp(value, "text") == 0) ||
	    !vcard_parse_date(s, &d->year, &d->month, &d->day)) {
		d->text = s;
		return MAPPED;
	}
	if (omit && d->year && strtol(omit, NULL, 10) == d->year)
		d->year = 0;
	if (!d->year && !d->month && !d->day)
		d->text = s;	/* 0000 alone */
	return MAPPED;
}

static int map_bday(struct reader *r, struct vcard_prop *p)
{
	return map_date(r, p, &contact(r)->birthday);
}

static int map_anniversary(struct reader *r, struct vcard_prop *p)
{
	return map_date(r, p, &contact(r)->anniversary);
}

/* Apple's other dates: only its built-in "Anniversary" has a place. */
static int map_abdate(struct reader *r, struct vcard_prop *p)
{
	long g = group_label(r, p);
	char *label;
	int st;

	if (g < 0)
		return KEEP;
	label = plain(r, &r->p[g]);
	if (!label)
		return FAILED;
	if (strcmp(label, "_$!<Anniversary>!$_") != 0)
		return KEEP;
	st = map_anniversary(r, p);
	if (st == MAPPED)
		r->mapped[g] = MAPPED;
	return st;
}

/*
 * Apple's related names (item1.X-ABRELATEDNAMES:Bob with item1.X-ABLabel:
 * _$!<Spouse>!$_): the record has no field for them, so a built-in label
 * makes the 4.0 property, RELATED;VALUE=text;TYPE=spouse:Bob, kept with
 * the others; where RFC 6350's type is coarser than Apple's word
 * (Father is a parent), the word stays as LABEL.  A custom label (or
 * none) keeps the Apple property as written.
 */
static int map_related(struct reader *r, struct vcard_prop *p)
{
	static const struct {
		const char *label, *type, *word;
	} tab[] = {
		{ "_$!<Spouse>!$_", "spouse", NULL },
		{ "_$!<Child>!$_", "child", NULL },
		{ "_$!<Parent>!$_", "parent", NULL },
		{ "_$!<Friend>!$_", "friend", NULL },
		{ "_$!<Father>!$_", "parent", "Father" },
		{ "_$!<Mother>!$_", "parent", "Mother" },
		{ "_$!<Brother>!$_", "sibling", "Brother" },
		{ "_$!<Sister>!$_", "sibling", "Sister" },
		{ "_$!<Son>!$_", "child", "Son" },
		{ "_$!<Daughter>!$_", "child", "Daughter" },
		{ "_$!<Partner>!$_", "sweetheart", "Partner" },
		{ "_$!<Assistant>!$_", "agent", "Assistant" },
		{ "_$!<Manager>!$_", "co-worker", "Manager" },
		{ "_$!<Other>!$_", NULL, NULL },
	};
	struct vox_contact *c = contact(r);
	struct vox_vcard_prop *k;
	long g = group_label(r, p);
	const char *v, *params;
	char *label;
	size_t i, n;

	if (g < 0)
		return KEEP;
	label = plain(r, &r->p[g]);
	if (!label)
		return FAILED;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(label, tab[i].label) == 0)
			break;
	if (i == sizeof(tab) / sizeof(tab[0]))
		return KEEP;
	v = text(r, p, &n);
	if (!v)
		return FAILED;
	params = vox_arena_printf(&r->arena, "VALUE=text%s%s%s%s",
				  tab[i].type ? ";TYPE=" : "",
				  tab[i].type ? tab[i].type : "",
				  tab[i].word ? ";LABEL=" : "",
				  tab[i].word ? tab[i].word : "");
	k = vox_arena_push(&r->arena, &c->props, &c->nprops, &c->capprops,
			   sizeof(*k));
	if (!params || !k)
		return oom(r);
	k->group = NULL;
	k->name = "RELATED";
	k->params = params;
	k->value = vcard_value_40(&r->arena, v, n, r->version);
	if (!k->value)
		return oom(r);
	r->mapped[g] = MAPPED;
	return MAPPED;
}

/* An image type from TYPE=JPEG, TYPE=image/png, MEDIATYPE or the bytes. */
static const char *image_type(struct reader *r, const struct vcard_prop *p,
			      const unsigned char *b, size_t n)
{
	static const struct {
		const char *word, *type;
	} tab[] = {
		{ "JPEG", "image/jpeg" }, { "JPG", "image/jpeg" },
		{ "PNG", "image/png" }, { "GIF", "image/gif" },
		{ "BMP", "image/bmp" }, { "TIFF", "image/tiff" },
		{ "WEBP", "image/webp" }, { "HEIC", "image/heic" },
	};
	const char *t = vcard_param_get(p, "MEDIATYPE");
	size_t i;

	if (!t)
		t = vcard_param_get(p, "TYPE");
	if (t && strncasecmp(t, "image/", 6) == 0 &&
	    strspn(t + 6, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789+.-") == strlen(t + 6) && t[6])
		return lower(vox_arena_strdup(&r->arena, t));
	for (i = 0; t && i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcasecmp(t, tab[i].word) == 0)
			return tab[i].type;
	if (n >= 3 && memcmp(b, "\xFF\xD8\xFF", 3) == 0)
		return "image/jpeg";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 4 && memcmp(b, "GIF8", 4) == 0)
		return "image/gif";
	return "application/octet-stream";
}

/* 1 if s starts with a URI scheme: ALPHA *(ALPHA / DIGIT / + - .) ":" */
static int has_scheme(const char *s)
{
	size_t n;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789+-.");
	return s[n] == ':';
}

static int map_photo(struct reader *r, struct vcard_prop *p)
{
	struct vox_contact *c = contact(r);
	unsigned char *bytes;
	size_t n;
	const char *type;
	char *b64, *s;

	if (c->photo)
		return KEEP;
	if (!vcard_is_base64(p)) {
		s = plain(r, p);
		if (!s)
			return FAILED;
		if (!has_scheme(s))
			return KEEP;	/* 2.1 CID references and the like */
		c->photo = s;
		return MAPPED;
	}
	bytes = vox_arena_alloc(&r->arena, p->len / 4 * 3 + 3);
	if (!bytes)
		return oom(r);
	n = vcard_base64_decode(p->value, p->len, bytes);
	if (n == (size_t)-1)
		/* A broken picture is no reason to lose the contact. */
		return warn_prop(r, p, "bad base64 in PHOTO, photo left out",
				 NULL, 0);
	if (n == 0)
		return KEEP;
	type = image_type(r, p, bytes, n);
	b64 = vcard_base64_encode(&r->arena, bytes, n);
	if (!type || !b64)
		return oom(r);
	c->photo = vox_arena_printf(&r->arena, "data:%s;base64,%s", type, b64);
	return c->photo ? MAPPED : oom(r);
}

/* Structural properties, and PRODID: read, not kept. */
static int map_drop(struct reader *r, struct vcard_prop *p)
{
	(void)r;
	(void)p;
	return MAPPED;
}

static const struct handler {
	const char *name;
	int (*map)(struct reader *r, struct vcard_prop *p);
} handlers[] = {
	{ "ADR", map_adr },
	{ "ANNIVERSARY", map_anniversary },
	{ "BDAY", map_bday },
	{ "CATEGORIES", map_categories },
	{ "EMAIL", map_email },
	{ "FN", map_fn },
	{ "GENDER", map_gender },
	{ "IMPP", map_impp },
	{ "KIND", map_kind },
	{ "N", map_n },
	{ "NICKNAME", map_nickname },
	{ "NOTE", map_note },
	{ "ORG", map_org },
	{ "PHOTO", map_photo },
	{ "PRODID", map_drop },
	{ "REV", map_rev },
	{ "ROLE", map_role },
	{ "TEL", map_tel },
	{ "TITLE", map_title },
	{ "UID", map_uid },
	{ "URL", map_url },
	{ "VERSION", map_drop },
	{ "X-ABDATE", map_abdate },
	{ "X-ABRELATEDNAMES", map_related },
	{ "X-ABSHOWAS", map_show_as },
	{ "X-ADDRESSBOOKSERVER-KIND", map_kind },
	{ "X-ANNIVERSARY", map_anniversary },
	{ "X-SOCIALPROFILE", map_social },
};

static int map_prop(struct reader *r, struct vcard_prop *p)
{
	size_t i;

	for (i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
		if (strcmp(p->name, handlers[i].name) == 0)
			return handlers[i].map(r, p);
	return strncmp(p->name, "X-", 2) == 0 ? map_im(r, p) : KEEP;
}

/* ---- unmapped properties ---------------------------------------------- */

/* The parameters of a kept property, for a 4.0 file (vcard_params_40). */
static int kept_params(struct reader *r, const struct vcard_prop *p,
		       int decoded, const char **out)
{
	return vcard_params_40(&r->arena, p, decoded, out) == VOX_OK ?
		MAPPED : oom(r);
}

/*
 * The value of a kept property: as written, but base64 without its
 * blanks, 2.1 encodings decoded, raw line breaks (decoded ones, AGENT's
 * embedded card) as \n, and a 2.1 backslash that escapes nothing as \\.
 * MAPPED, FAILED, or KEEP when the property is to be left out (broken
 * base64: warned).
 */
static int kept_value(struct reader *r, const struct vcard_prop *p,
		      const char **out)
{
	const char *v;
	size_t n;

	if (vcard_is_base64(p)) {
		unsigned char *bytes = vox_arena_alloc(&r->arena,
						       p->len / 4 * 3 + 3);

		if (!bytes)
			return oom(r);
		/* Broken binary data: left out, as in PHOTO. */
		n = vcard_base64_decode(p->value, p->len, bytes);
		if (n == (size_t)-1) {
			char what[80];

			snprintf(what, sizeof(what), "bad base64 in %.40s, "
				 "left out", p->name);
			return warn_prop(r, p, what, NULL, 0) == MAPPED ?
				KEEP : FAILED;
		}
		/* The same bytes, without blanks and with its padding. */
		*out = vcard_base64_encode(&r->arena, bytes, n);
		return *out ? MAPPED : oom(r);
	}
	v = text(r, p, &n);
	if (!v)
		return FAILED;
	/* AGENT's embedded card starts on the line after "AGENT:". */
	if (n && v[0] == '\n' && strcmp(p->name, "AGENT") == 0) {
		v++;
		n--;
	}
	*out = vcard_value_40(&r->arena, v, n, r->version);
	return *out ? MAPPED : oom(r);
}

static int keep(struct reader *r, const struct vcard_prop *p)
{
	struct vox_contact *c = contact(r);
	struct vox_vcard_prop *k;
	int b64 = vcard_is_base64(p);
	int decoded = !b64 && (vcard_param_get(p, "CHARSET") ||
			       vcard_param_get(p, "ENCODING") ||
			       memchr(p->value, '\n', p->len));
	const char *params, *value;
	int st = kept_value(r, p, &value);

	if (st != MAPPED)
		return st == KEEP ? MAPPED : FAILED;	/* KEEP: left out */
	if (kept_params(r, p, decoded, &params) != MAPPED)
		return FAILED;
	k = vox_arena_push(&r->arena, &c->props, &c->nprops, &c->capprops,
			   sizeof(*k));
	if (!k)
		return oom(r);
	k->group = p->group;
	k->name = p->name;
	k->params = params;
	k->value = value;
	return MAPPED;
}

/* ---- cards ------------------------------------------------------------ */

/*
 * The card's version from its VERSION line, 3.0 without one; 0 after an
 * error.
 */
static int card_version(struct reader *r, const struct vcard_card *card)
{
	size_t i;

	for (i = 0; i < card->n; i++) {
		const struct vcard_line *l = &card->v[i];
		const char *v;
		size_t n;
		char buf[40];

		if (l->len < 8 || strncasecmp(l->s, "VERSION", 7) != 0 ||
		    (l->s[7] != ':' && l->s[7] != ';'))
			continue;
		v = memchr(l->s, ':', l->len);
		if (!v)
			continue;
		v++;
		n = l->len - (size_t)(v - l->s);
		while (n && (*v == ' ' || *v == '\t')) {
			v++;
			n--;
		}
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
		if (n == 3 && memcmp(v, "2.1", 3) == 0)
			return VCARD_V21;
		if (n == 3 && memcmp(v, "3.0", 3) == 0)
			return VCARD_V30;
		if (n == 3 && memcmp(v, "4.0", 3) == 0)
			return VCARD_V40;
		vox_error_set(r->err, VOX_E_DATA, "%s:%llu: unsupported vCard "
			      "VERSION \"%s\" (expected 2.1, 3.0 or 4.0)",
			      r->name, (unsigned long long)l->line,
			      shown(buf, v, n));
		return 0;
	}
	/*
	 * Many writers leave it out; 3.0 is what they write (and reads 2.1
	 * and 4.0 values alike but for escapes).
	 */
	if (warn(r, card->line, "vCard without VERSION, read as 3.0", NULL,
		 0) != MAPPED)
		return 0;
	return VCARD_V30;
}

static int parse_all(struct reader *r, const struct vcard_card *card)
{
	static const char *const why[] = {
		[VCARD_PARSE_NOCOLON] = "line without ':'",
		[VCARD_PARSE_NAME] = "bad property or parameter name",
		[VCARD_PARSE_QUOTE] = "quoted parameter value without its "
			"closing '\"'",
	};
	size_t i, n = card->n ? card->n : 1, *tmp;

	r->p = vox_arena_calloc(&r->arena, n, sizeof(*r->p));
	r->mapped = vox_arena_calloc(&r->arena, n, 1);
	r->adr = vox_arena_calloc(&r->arena, n, sizeof(*r->adr));
	r->labels = vox_arena_calloc(&r->arena, n, sizeof(*r->labels));
	r->warned = vox_arena_calloc(&r->arena, n, 1);
	tmp = vox_arena_calloc(&r->arena, n, sizeof(*tmp));
	if (!r->p || !r->mapped || !r->adr || !r->labels || !r->warned ||
	    !tmp)
		return oom(r);
	r->n = card->n;
	r->nlabels = 0;
	for (i = 0; i < card->n; i++) {
		int st = vcard_prop_parse(&r->arena, &card->v[i], r->version,
					  &r->p[i]);

		if (st == VCARD_PARSE_NOMEM)
			return oom(r);
		if (st != VCARD_PARSE_OK) {
			char what[80];

			/* One broken line is not the whole card. */
			snprintf(what, sizeof(what), "%s, line left out",
				 why[st]);
			if (warn(r, card->v[i].line, what, NULL, 0) != MAPPED)
				return FAILED;
			r->mapped[i] = MAPPED;
			r->p[i].name = "";
			continue;
		}
		/* BEGIN:VCALENDAR and the like would end a vCard early in
		 * any reader the card is written for. */
		if (strcmp(r->p[i].name, "BEGIN") == 0 ||
		    strcmp(r->p[i].name, "END") == 0)
			return data_error(r, &r->p[i], "BEGIN or END of "
					  "something other than a vCard", NULL,
					  0);
		if (r->p[i].group && strcmp(r->p[i].name, "X-ABLABEL") == 0)
			r->labels[r->nlabels++] = i;
	}
	sort_labels(r, tmp);
	return MAPPED;
}

static int map_card(struct reader *r, const struct vcard_card *card)
{
	struct vox_contact *c = contact(r);
	size_t i;
	int st;

	r->rec.kind = VOX_CONTACT;
	vox_contact_init(c);
	r->has_n = r->show_as_org = 0;
	r->warning = NULL;
	r->nwarnings = 0;
	r->n = 0;
	r->version = card_version(r, card);
	if (!r->version || parse_all(r, card) != MAPPED)
		return VOX_ERR;
	/* Labels and LABEL properties wait for what they belong to. */
	for (i = 0; i < r->n; i++) {
		struct vcard_prop *p = &r->p[i];

		if ((p->group && strcmp(p->name, "X-ABLABEL") == 0) ||
		    strcmp(p->name, "LABEL") == 0 || r->mapped[i])
			continue;
		st = map_prop(r, p);
		if (st == FAILED)
			return VOX_ERR;
		r->mapped[i] |= (unsigned char)st;
		if (st == MAPPED && strcmp(p->name, "ADR") == 0)
			r->adr[i] = c->naddresses;
	}
	for (i = 0; i < r->n; i++) {
		if (strcmp(r->p[i].name, "LABEL") != 0 || r->mapped[i])
			continue;
		st = pair_label(r, &r->p[i]);
		if (st == FAILED)
			return VOX_ERR;
		r->mapped[i] = (unsigned char)st;
	}
	for (i = 0; i < r->n; i++)
		if (!r->mapped[i] && keep(r, &r->p[i]) == FAILED)
			return VOX_ERR;
	if (!c->full_name) {
		size_t n = vox_contact_n_join(c, NULL, 0);
		char *fn;

		if (n) {
			fn = vox_arena_alloc(&r->arena, n + 1);
			if (!fn)
				return oom(r);
			vox_contact_n_join(c, fn, n + 1);
			c->full_name = fn;
		}
	}
	if (r->show_as_org && !c->kind)
		c->kind = "org";
	if (r->nwarnings > MAX_WARNINGS)
		r->warning = vox_arena_printf(&r->arena, "%s; and %zu more",
					      r->warning, r->nwarnings -
					      MAX_WARNINGS);
	if (r->nwarnings && (!r->warning ||
			     vox_extra_add(&r->arena, &c->extra, "warning",
					   r->warning) != VOX_OK)) {
		oom(r);
		return VOX_ERR;
	}
	c->source.format = FORMAT;
	c->source.file = r->name;
	c->source.line = card->line;
	return VOX_OK;
}

/* ---- the source table ------------------------------------------------- */

static void close_reader(void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	vcard_lex_free(r->lx);
	vcard_decoder_free(r->dec);
	vox_arena_release(&r->arena);
	free(r);
}

static void *open_reader(const struct vox_source_args *args,
			 struct vox_error *err)
{
	struct reader *r = calloc(1, sizeof(*r));

	if (!r) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	r->name = args->name ? args->name : "-";
	r->plan = args->plan;
	vox_arena_init(&r->arena);
	r->lx = vcard_lex_new(args->in, r->name);
	r->dec = vcard_decoder_new();
	if (!r->lx || !r->dec) {
		close_reader(r);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	return r;
}

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	struct reader *r = state;
	char buf[40];

	if (strcmp(key, "legacy_charset") != 0)
		return vox_error_set(err, VOX_E_CONFIG,
				     "vcard: unknown option \"%s\"", key);
	if (!value || vcard_decoder_legacy(r->dec, value) != VOX_OK)
		return vox_error_set(err, VOX_E_CONFIG, "vcard: unknown "
				     "charset \"%s\" for option "
				     "legacy_charset", value ?
				     shown(buf, value, strlen(value)) : "");
	return VOX_OK;
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;
	struct vcard_card card;
	int st;

	vox_arena_reset(&r->arena);
	r->err = err;
	if (r->have_held) {
		/* The lexer still holds its lines: it was not called since. */
		card = r->held;
		r->have_held = 0;
	} else {
		if (r->ended)
			return vox_error_set(err, VOX_E_IO, "%s: reading "
					     "stopped after an earlier error",
					     r->name);
		st = vcard_lex_card(r->lx, &card, err);
		if (st == VOX_ERR && err->code != VOX_E_DATA)
			r->ended = 1;	/* the lexer is mid-card: stop */
		if (st != VOX_OK)
			return st;
		if (card.dropped) {
			/*
			 * Report the line left out as a bad record of its
			 * own; a caller that skips it gets the card without
			 * it on the next call.
			 */
			r->held = card;
			r->have_held = 1;
			return vox_error_set(err, VOX_E_DATA, "%s:%llu: %s%s"
					     "line longer than %zu MiB%s",
					     r->name,
					     (unsigned long long)card.dropped,
					     card.dropped_name,
					     *card.dropped_name ? ": " : "",
					     VCARD_MAX_LINE >> 20,
					     card.ndropped > 1 ?
					     " (and more in this vCard)" : "");
		}
	}
	if (map_card(r, &card) != VOX_OK)
		return VOX_ERR;
	*rec = &r->rec;
	return VOX_OK;
}

const struct vox_source vox_source_vcard = {
	.name = "vcard",
	.summary = "vCard 2.1, 3.0 and 4.0 address books (.vcf)",
	.kinds = VOX_CONTACT,
	.options = "legacy_charset=NAME: the charset (an iconv name) of text "
		   "that names none and is not UTF-8 (windows-1252)",
	.bid = bid,
	.open = open_reader,
	.option = set_option,
	.next = next_record,
	.close = close_reader,
};
