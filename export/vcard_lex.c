/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcard_lex.c: lines, cards and content lines of vCard 2.1, 3.0 and 4.0
 * (see vcard_lex.h; values are in vcard_value.c).
 *
 * Unfolding works on bytes, before any decoding, since a fold may split a
 * UTF-8 sequence: a line that starts with one space or tab continues the
 * one before it (RFC 2425 5.8.1, RFC 6350 3.2), without that character.
 * Two 2.1 forms fold differently and are recognised from the parameters of
 * the line they start on:
 *   - quoted-printable: a line ending in a soft break '=' goes on with the
 *     next line as it is, with no leading space;
 *   - base64 (spelt BASE64, as 2.1 does; 3.0's ENCODING=b folds as
 *     usual): the data goes on over lines, indented or not, up to an
 *     empty line, which belongs to the value and is consumed.
 * Lines end in CRLF or LF, or in CR CR LF (iOS 5 wrote every line so);
 * a UTF-8 BOM before the first line is skipped.
 *
 * A file in UTF-16 (some Windows address books export it), big- or
 * little-endian, with a BOM or without one (then known by the zero bytes
 * of its first two characters, which are ASCII in any vCard), is
 * converted to UTF-8 with iconv as it is read, before anything else
 * looks at it; an unpaired surrogate becomes U+FFFD.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"
#include "vcard_lex.h"

#define READ_CHUNK 65536

struct buf {
	char *s;
	size_t len, cap;
};

struct vcard_lex {
	FILE *in;
	const char *name;
	unsigned char chunk[READ_CHUNK];
	size_t cpos, clen;
	int eof;
	int sniffed;		/* the encoding was looked at */
	iconv_t utf16;		/* UTF-16 to UTF-8, or (iconv_t)-1 */
	char raw[READ_CHUNK / 2]; /* UTF-16 bytes not converted yet */
	size_t rawlen;
	int raweof;
	uint64_t lineno;	/* physical lines read */

	struct buf la;		/* the look-ahead physical line */
	uint64_t la_line;
	int la_over;		/* it was cut at VCARD_MAX_LINE */
	int have_la;
	struct buf ll;		/* the logical line being built */
	uint64_t ll_line;
	int ll_over;		/* it was cut at VCARD_MAX_LINE */

	uint64_t dropped;	/* the card's first over-long line */
	size_t ndropped;
	char dropped_name[33];

	struct buf cb;		/* the card's lines, each NUL-terminated */
	size_t *off;		/* where each line starts in cb */
	struct vcard_line *lines;
	size_t nlines, caplines;

	int skipping;		/* after an error: wait for BEGIN:VCARD */
	int pending;		/* a BEGIN:VCARD already read starts the
				 * next card (the one before had no END) */
	uint64_t pending_line;
};

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap - b->len <= n)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p)
			return VOX_ERR;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return VOX_OK;
}

struct vcard_lex *vcard_lex_new(FILE *in, const char *name)
{
	struct vcard_lex *lx = calloc(1, sizeof(*lx));

	if (!lx)
		return NULL;
	lx->in = in;
	lx->name = name;
	lx->utf16 = (iconv_t)-1;
	return lx;
}

void vcard_lex_free(struct vcard_lex *lx)
{
	if (!lx)
		return;
	free(lx->la.s);
	free(lx->ll.s);
	free(lx->cb.s);
	free(lx->off);
	free(lx->lines);
	if (lx->utf16 != (iconv_t)-1)
		iconv_close(lx->utf16);
	free(lx);
}

static int nomem(struct vox_error *err)
{
	return vox_error_set(err, VOX_E_NOMEM, "out of memory");
}

const char *vcard_utf16(const unsigned char *b, size_t n)
{
	if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
		return "UTF-16LE";
	if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
		return "UTF-16BE";
	/* No BOM: two ASCII characters, each with a zero byte. */
	if (n < 4)
		return NULL;
	if (b[0] && b[0] < 0x80 && !b[1] && b[2] && b[2] < 0x80 && !b[3])
		return "UTF-16LE";
	if (!b[0] && b[1] && b[1] < 0x80 && !b[2] && b[3] && b[3] < 0x80)
		return "UTF-16BE";
	return NULL;
}

/* U+FFFD, for what UTF-16 cannot say (an unpaired surrogate). */
static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/*
 * Convert lx->raw into lx->chunk, which is empty.  raw holds at most half
 * a chunk: every two bytes of UTF-16 make at most three of UTF-8, so the
 * output always fits.
 */
static int utf16_convert(struct vcard_lex *lx, struct vox_error *err)
{
	char *ip = lx->raw, *op = (char *)lx->chunk;
	size_t il = lx->rawlen, ol = sizeof(lx->chunk);

	while (il) {
		if (iconv(lx->utf16, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == EINVAL && !lx->raweof)
			break;	/* a character split by the read: later */
		if (errno != EILSEQ && errno != EINVAL)
			return vox_error_set(err, VOX_E_IO, "%s: cannot "
					     "convert from UTF-16", lx->name);
		/* A lone surrogate, or an odd byte at the end. */
		memcpy(op, REPLACEMENT, 3);
		op += 3;
		ol -= 3;
		ip += il < 2 ? il : 2;
		il -= il < 2 ? il : 2;
		iconv(lx->utf16, NULL, NULL, NULL, NULL);
	}
	memmove(lx->raw, ip, il);
	lx->rawlen = il;
	lx->cpos = 0;
	lx->clen = (size_t)(op - (char *)lx->chunk);
	return VOX_OK;
}

/*
 * Refill lx->chunk from the file: its bytes as they are, or converted
 * from UTF-16.  clen is 0 at the end of the file.
 */
static int fill(struct vcard_lex *lx, struct vox_error *err)
{
	lx->cpos = lx->clen = 0;
	if (!lx->sniffed) {
		const char *cs;

		lx->sniffed = 1;
		lx->rawlen = fread(lx->raw, 1, sizeof(lx->raw), lx->in);
		if (ferror(lx->in))
			return vox_error_errno(err, VOX_E_IO, lx->name);
		cs = vcard_utf16((const unsigned char *)lx->raw, lx->rawlen);
		if (cs) {
			lx->utf16 = iconv_open("UTF-8", cs);
			if (lx->utf16 == (iconv_t)-1)
				return vox_error_set(err, VOX_E_IO, "%s: no "
						     "%s conversion", lx->name,
						     cs);
		} else {
			memcpy(lx->chunk, lx->raw, lx->rawlen);
			lx->clen = lx->rawlen;
			lx->rawlen = 0;
			return VOX_OK;
		}
	}
	if (lx->utf16 == (iconv_t)-1) {
		lx->clen = fread(lx->chunk, 1, sizeof(lx->chunk), lx->in);
		if (ferror(lx->in))
			return vox_error_errno(err, VOX_E_IO, lx->name);
		return VOX_OK;
	}
	while (lx->clen == 0 && !(lx->raweof && lx->rawlen == 0)) {
		size_t n = 0;

		if (!lx->raweof && lx->rawlen < sizeof(lx->raw)) {
			n = fread(lx->raw + lx->rawlen, 1,
				  sizeof(lx->raw) - lx->rawlen, lx->in);
			if (ferror(lx->in))
				return vox_error_errno(err, VOX_E_IO,
						       lx->name);
			lx->rawlen += n;
			lx->raweof = n == 0;
		}
		if (utf16_convert(lx, err) != VOX_OK)
			return VOX_ERR;
	}
	return VOX_OK;
}

/*
 * The next physical line into lx->la, without its CRLF or LF.  Past
 * VCARD_MAX_LINE bytes the rest of the line is read and not kept, and
 * la_over is set: memory does not follow the input.
 */
static int physical(struct vcard_lex *lx, struct vox_error *err)
{
	struct buf *b = &lx->la;
	int any = 0;

	b->len = 0;
	lx->la_over = 0;
	if (buf_add(b, "", 0) != VOX_OK)
		return nomem(err);
	for (;;) {
		const unsigned char *p, *nl;
		size_t n, take;

		if (lx->cpos == lx->clen) {
			if (lx->eof)
				break;
			if (fill(lx, err) != VOX_OK)
				return VOX_ERR;
			if (lx->clen == 0) {
				lx->eof = 1;
				break;
			}
		}
		p = lx->chunk + lx->cpos;
		n = lx->clen - lx->cpos;
		nl = memchr(p, '\n', n);
		take = nl ? (size_t)(nl - p) : n;
		any = 1;
		if (lx->la_over || b->len + take > VCARD_MAX_LINE + 1)
			lx->la_over = 1;
		else if (buf_add(b, (const char *)p, take) != VOX_OK)
			return nomem(err);
		lx->cpos += take;
		if (nl) {
			lx->cpos++;
			break;
		}
	}
	if (!any)
		return VOX_EOF;
	lx->la_line = ++lx->lineno;
	/* CRLF, and iOS 5's CR CR LF. */
	while (b->len && b->s[b->len - 1] == '\r')
		b->s[--b->len] = '\0';
	if (lx->lineno == 1 && b->len >= 3 &&
	    memcmp(b->s, "\xEF\xBB\xBF", 3) == 0) {
		memmove(b->s, b->s + 3, b->len - 3 + 1);
		b->len -= 3;
	}
	return VOX_OK;
}

static int ieq(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* An empty line, or one of blanks only: nothing, between properties. */
static int is_blank(const char *s, size_t n)
{
	for (; n; s++, n--)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

/* "BEGIN:VCARD" or "END:VCARD", any case, trailing blanks allowed. */
static int is_marker(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	if (n < w + 6 || strncasecmp(s, word, w) != 0 ||
	    strncasecmp(s + w, ":VCARD", 6) != 0)
		return 0;
	for (s += w + 6, n -= w + 6; n; s++, n--)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

enum { MODE_QP = 1, MODE_B64 = 2 };

/* How the value of a line that starts a property folds. */
static int line_mode(const char *s, size_t n)
{
	const char *e = s + n, *tok = NULL;
	int quoted = 0, mode = 0;

	for (; s <= e; s++) {
		char c = s < e ? *s : ':';

		if (quoted) {
			quoted = c != '"';
			continue;
		}
		if (c == '"') {
			quoted = 1;
		} else if (c == ';' || c == ':') {
			if (tok) {
				size_t len = (size_t)(s - tok);

				if (ieq(tok, len, "QUOTED-PRINTABLE") ||
				    ieq(tok, len, "ENCODING=QUOTED-PRINTABLE"))
					mode |= MODE_QP;
				else if (ieq(tok, len, "BASE64") ||
					 ieq(tok, len, "ENCODING=BASE64"))
					mode |= MODE_B64;
			}
			if (c == ':')
				break;
			tok = s + 1;
		}
	}
	return mode;
}

/* A line of bare base64 data (2.1 writers need not indent it). */
static int b64_line(const char *s, size_t n)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"abcdefghijklmnopqrstuvwxyz0123456789+/= \t";

	for (; n; s++, n--)
		if (*s == '\0' || !strchr(alphabet, *s))
			return 0;
	return 1;
}

/* A continuation of the logical line; past the limit it is not kept. */
static int ll_add(struct vcard_lex *lx, const char *s, size_t n,
		  struct vox_error *err)
{
	if (lx->la_over || lx->ll_over || lx->ll.len + n > VCARD_MAX_LINE) {
		lx->ll_over = 1;
		return VOX_OK;
	}
	return buf_add(&lx->ll, s, n) == VOX_OK ? VOX_OK : nomem(err);
}

/* The next unfolded line into lx->ll. */
static int logical(struct vcard_lex *lx, struct vox_error *err)
{
	struct buf tmp;
	int r, mode;

	if (!lx->have_la) {
		r = physical(lx, err);
		if (r != VOX_OK)
			return r;
	}
	lx->have_la = 0;
	tmp = lx->ll;
	lx->ll = lx->la;
	lx->la = tmp;
	lx->ll_line = lx->la_line;
	lx->ll_over = lx->la_over;
	mode = line_mode(lx->ll.s, lx->ll.len);
	for (;;) {
		const char *s;
		size_t n;

		r = physical(lx, err);
		if (r == VOX_EOF)
			break;
		if (r != VOX_OK)
			return r;
		lx->have_la = 1;
		s = lx->la.s;
		n = lx->la.len;
		if ((mode & MODE_QP) && lx->ll.len &&
		    lx->ll.s[lx->ll.len - 1] == '=' &&
		    !is_marker(s, n, "BEGIN") && !is_marker(s, n, "END")) {
			lx->ll.s[--lx->ll.len] = '\0';
			r = ll_add(lx, s, n, err);
		} else if (n && (s[0] == ' ' || s[0] == '\t')) {
			r = ll_add(lx, s + 1, n - 1, err);
		} else if ((mode & MODE_B64) && n == 0) {
			lx->have_la = 0;	/* the empty line ending it */
			break;
		} else if ((mode & MODE_B64) && b64_line(s, n)) {
			r = ll_add(lx, s, n, err);
		} else {
			break;
		}
		if (r != VOX_OK)
			return r;
		lx->have_la = 0;
	}
	return VOX_OK;
}

/* ---- cards ------------------------------------------------------------ */

/*
 * A card over a limit is a bad record: the rest of it is skipped up to the
 * next BEGIN:VCARD, without being held.
 */
static int card_too_big(struct vcard_lex *lx, uint64_t line,
			struct vox_error *err)
{
	lx->skipping = 1;
	return vox_error_set(err, VOX_E_DATA, "%s:%llu: vCard larger than "
			     "%zu MiB", lx->name, (unsigned long long)line,
			     VCARD_MAX_CARD >> 20);
}

static int card_add(struct vcard_lex *lx, uint64_t begin,
		    struct vox_error *err)
{
	if (lx->nlines == lx->caplines) {
		size_t cap = lx->caplines ? lx->caplines * 2 : 64;
		size_t *off = realloc(lx->off, cap * sizeof(*off));
		struct vcard_line *lines;

		if (!off)
			return nomem(err);
		lx->off = off;
		lines = realloc(lx->lines, cap * sizeof(*lines));
		if (!lines)
			return nomem(err);
		lx->lines = lines;
		lx->caplines = cap;
	}
	if (lx->cb.len + lx->ll.len + 1 > VCARD_MAX_CARD)
		return card_too_big(lx, begin, err);
	lx->off[lx->nlines] = lx->cb.len;
	lx->lines[lx->nlines].len = lx->ll.len;
	lx->lines[lx->nlines].line = lx->ll_line;
	if (buf_add(&lx->cb, lx->ll.s, lx->ll.len + 1) != VOX_OK)
		return nomem(err);
	lx->nlines++;
	return VOX_OK;
}

/* Append the current line to the last one, after a "\n" (AGENT cards). */
static int card_join(struct vcard_lex *lx, uint64_t begin,
		     struct vox_error *err)
{
	struct vcard_line *last = &lx->lines[lx->nlines - 1];

	if (last->len + 1 + lx->ll.len > VCARD_MAX_LINE)
		return vox_error_set(err, VOX_E_LIMIT, "%s:%llu: AGENT line "
				     "longer than %zu MiB", lx->name,
				     (unsigned long long)last->line,
				     VCARD_MAX_LINE >> 20);
	if (lx->cb.len + lx->ll.len + 1 > VCARD_MAX_CARD)
		return card_too_big(lx, begin, err);
	lx->cb.s[lx->cb.len - 1] = '\n';	/* was the NUL */
	if (buf_add(&lx->cb, lx->ll.s, lx->ll.len + 1) != VOX_OK)
		return nomem(err);
	last->len += 1 + lx->ll.len;
	return VOX_OK;
}

/*
 * 1 when the line is "AGENT:" with an empty value (a 2.1 card follows on
 * the next lines), 2 when it is "AGENT:BEGIN:VCARD" (one begins here).
 */
static int agent_line(const char *s, size_t n)
{
	const char *c;
	size_t i;

	if (n < 6 || strncasecmp(s, "AGENT", 5) != 0 ||
	    (s[5] != ':' && s[5] != ';'))
		return 0;
	c = memchr(s, ':', n);
	if (!c)
		return 0;	/* not a property line; parsing will say */
	i = (size_t)(c - s) + 1;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n)
		return 1;
	return is_marker(s + i, n - i, "BEGIN") ? 2 : 0;
}

/*
 * An over-long line in a card is left out of it; the first is named (by its
 * property name) for the reader to report.
 */
static void drop_line(struct vcard_lex *lx)
{
	size_t i;

	if (!lx->ndropped++) {
		lx->dropped = lx->ll_line;
		for (i = 0; i < lx->ll.len && i < sizeof(lx->dropped_name) - 1;
		     i++) {
			char c = lx->ll.s[i];

			if (c == ':' || c == ';' || vcard_is_ctl(c) ||
			    (unsigned char)c >= 0x80)
				break;
			lx->dropped_name[i] = c;
		}
		lx->dropped_name[i] = '\0';
	}
}

static int data_error(struct vcard_lex *lx, uint64_t line, const char *what,
		      struct vox_error *err)
{
	return vox_error_set(err, VOX_E_DATA, "%s:%llu: %s", lx->name,
			     (unsigned long long)line, what);
}

int vcard_lex_card(struct vcard_lex *lx, struct vcard_card *card,
		   struct vox_error *err)
{
	uint64_t begin;
	int r, depth = 0, agent = 0;
	size_t i;

	lx->cb.len = 0;
	lx->nlines = 0;
	lx->ndropped = 0;
	if (lx->pending) {
		lx->pending = 0;
		begin = lx->pending_line;
	} else {
		for (;;) {
			const char *s;
			size_t n;

			r = logical(lx, err);
			if (r != VOX_OK)
				return r;
			s = lx->ll.s;
			n = lx->ll.len;
			if (is_marker(s, n, "BEGIN"))
				break;
			if (is_blank(s, n) || lx->skipping)
				continue;
			lx->skipping = 1;
			return data_error(lx, lx->ll_line,
					  is_marker(s, n, "END") ?
					  "END:VCARD without BEGIN:VCARD" :
					  "content before BEGIN:VCARD", err);
		}
		lx->skipping = 0;
		begin = lx->ll_line;
	}
	for (;;) {
		const char *s;
		size_t n;

		r = logical(lx, err);
		if (r == VOX_EOF)
			return data_error(lx, begin, "vCard begun here has no "
					  "END:VCARD", err);
		if (r != VOX_OK)
			return r;
		s = lx->ll.s;
		n = lx->ll.len;
		if (lx->ll_over) {
			drop_line(lx);
			continue;
		}
		if (is_blank(s, n))
			continue;
		if (is_marker(s, n, "BEGIN")) {
			if (!agent) {
				/* This BEGIN starts the next card. */
				lx->pending = 1;
				lx->pending_line = lx->ll_line;
				return data_error(lx, begin, "vCard begun here "
						  "has no END:VCARD", err);
			}
			agent = 0;
			if (++depth > VCARD_MAX_DEPTH)
				return vox_error_set(err, VOX_E_LIMIT,
						     "%s:%llu: vCards nested "
						     "deeper than %d (AGENT)",
						     lx->name,
						     (unsigned long long)
						     lx->ll_line,
						     VCARD_MAX_DEPTH);
			r = card_join(lx, begin, err);
		} else if (is_marker(s, n, "END")) {
			if (depth == 0)
				break;
			depth--;
			r = card_join(lx, begin, err);
		} else {
			int a = agent_line(s, n);

			if (depth > 0)
				r = card_join(lx, begin, err);
			else if (lx->nlines == VCARD_MAX_PROPS) {
				lx->skipping = 1;	/* as card_too_big() */
				return vox_error_set(err, VOX_E_DATA,
						     "%s:%llu: vCard with more "
						     "than %d properties",
						     lx->name,
						     (unsigned long long)begin,
						     VCARD_MAX_PROPS);
			} else
				r = card_add(lx, begin, err);
			agent = a == 1;
			if (a == 2 && r == VOX_OK &&
			    ++depth > VCARD_MAX_DEPTH)
				return vox_error_set(err, VOX_E_LIMIT,
						     "%s:%llu: vCards nested "
						     "deeper than %d (AGENT)",
						     lx->name,
						     (unsigned long long)
						     lx->ll_line,
						     VCARD_MAX_DEPTH);
		}
		if (r != VOX_OK)
			return r;
	}
	for (i = 0; i < lx->nlines; i++)
		lx->lines[i].s = lx->cb.s + lx->off[i];
	card->line = begin;
	card->v = lx->lines;
	card->n = lx->nlines;
	card->dropped = lx->ndropped ? lx->dropped : 0;
	card->ndropped = lx->ndropped;
	card->dropped_name = lx->dropped_name;
	return VOX_OK;
}

/* ---- content lines ---------------------------------------------------- */

static int name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		(c >= '0' && c <= '9') || c == '-' || c == '_';
}

static char *upper_dup(struct vox_arena *a, const char *s, size_t n)
{
	char *d = vox_arena_strndup(a, s, n);
	size_t i;

	if (d)
		for (i = 0; i < n; i++)
			if (d[i] >= 'a' && d[i] <= 'z')
				d[i] = (char)(d[i] - 'a' + 'A');
	return d;
}

/* The parameter a 2.1 bare word stands for. */
static const char *bare_name(const char *s, size_t n)
{
	static const char *const enc[] = {
		"7BIT", "8BIT", "QUOTED-PRINTABLE", "BASE64", "B", NULL
	};
	static const char *const val[] = {
		"INLINE", "URL", "URI", "CONTENT-ID", "CID", NULL
	};
	size_t i;

	for (i = 0; enc[i]; i++)
		if (ieq(s, n, enc[i]))
			return "ENCODING";
	for (i = 0; val[i]; i++)
		if (ieq(s, n, val[i]))
			return "VALUE";
	return "TYPE";
}

/*
 * A parameter value: quotes removed, and in 3.0 and 4.0 the RFC 6868
 * escapes ^n, ^^ and ^' undone (RFC 6868 is written for 4.0, and 3.0
 * writers that quote a label with a '"' or a line break use it too; 2.1
 * has no quoting at all).
 */
static char *param_value(struct vox_arena *a, const char *s, size_t n,
			 int rfc6868)
{
	char *d = vox_arena_alloc(a, n + 1), *o = d;
	size_t i, len;

	if (!d)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			continue;
		if (rfc6868 && s[i] == '^' && i + 1 < n &&
		    strchr("n^'", s[i + 1])) {
			i++;
			*o++ = s[i] == 'n' ? '\n' : s[i] == '\'' ? '"' : '^';
			continue;
		}
		*o++ = s[i];
	}
	*o = '\0';
	/*
	 * Parameter values become labels and such: UTF-8, like values, and
	 * a NUL byte must not cut one short.
	 */
	len = (size_t)(o - d);
	if (vox_utf8_valid(d, len) && !memchr(d, '\0', len))
		return d;
	return vox_text_utf8(a, d, len, NULL);
}

/* NOCOLON when the line has no ':' at all, else the given code. */
static int bad_line(const char *s, const char *e, int code)
{
	return memchr(s, ':', (size_t)(e - s)) ? code : VCARD_PARSE_NOCOLON;
}

int vcard_prop_parse(struct vox_arena *a, const struct vcard_line *l,
		     int version, struct vcard_prop *p)
{
	const char *s = l->s, *e = l->s + l->len, *q = s, *pstart = NULL;

	memset(p, 0, sizeof(*p));
	p->line = l->line;
	p->version = version;
	while (q < e && name_char(*q))
		q++;
	if (q == s)
		return bad_line(s, e, VCARD_PARSE_NAME);
	if (q < e && *q == '.') {
		p->group = vox_arena_strndup(a, s, (size_t)(q - s));
		s = ++q;
		while (q < e && name_char(*q))
			q++;
		if (q == s || !p->group)
			return !p->group ? VCARD_PARSE_NOMEM :
				bad_line(s, e, VCARD_PARSE_NAME);
	}
	p->name = upper_dup(a, s, (size_t)(q - s));
	if (!p->name)
		return VCARD_PARSE_NOMEM;
	if (q < e && *q == ';')
		pstart = q + 1;
	while (q < e && *q == ';') {
		const char *pn, *v;
		struct vcard_param *pa;
		int quoted = 0;

		q++;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		pn = q;
		while (q < e && name_char(*q))
			q++;
		if (q < e && *q == '=') {
			if (q == pn)
				return bad_line(s, e, VCARD_PARSE_NAME);
			v = ++q;
			while (q < e && (quoted || (*q != ';' && *q != ':'))) {
				if (*q == '"')
					quoted = !quoted;
				q++;
			}
			if (quoted)
				return VCARD_PARSE_QUOTE;
		} else {
			/* A 2.1 bare word, which may hold blanks. */
			while (q < e && *q != ';' && *q != ':' && *q != '"' &&
			       *q != '=')
				q++;
			if (q < e && (*q == '"' || *q == '='))
				return bad_line(s, e, VCARD_PARSE_NAME);
			if (q == pn)
				continue;	/* ";;": nothing */
			v = pn;
		}
		pa = vox_arena_push(a, &p->param, &p->nparam, &p->capparam,
				    sizeof(*pa));
		if (!pa)
			return VCARD_PARSE_NOMEM;
		pa->bare = v == pn;
		pa->name = pa->bare ? bare_name(pn, (size_t)(q - pn)) :
			upper_dup(a, pn, (size_t)(v - 1 - pn));
		pa->value = param_value(a, v, (size_t)(q - v),
					!pa->bare && version != VCARD_V21);
		if (!pa->name || !pa->value)
			return VCARD_PARSE_NOMEM;
	}
	if (q == e || *q != ':')
		return bad_line(s, e, VCARD_PARSE_NAME);
	if (pstart) {
		p->params = vox_text_utf8(a, pstart, (size_t)(q - pstart),
					  NULL);
		if (!p->params)
			return VCARD_PARSE_NOMEM;
	}
	p->value = q + 1;
	p->len = (size_t)(e - q - 1);
	return VCARD_PARSE_OK;
}

const char *vcard_param_get(const struct vcard_prop *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nparam; i++)
		if (strcmp(p->param[i].name, name) == 0)
			return p->param[i].value;
	return NULL;
}

void vcard_types(const struct vcard_prop *p,
		 void (*fn)(void *ctx, const char *type, size_t len),
		 void *ctx)
{
	size_t i;

	for (i = 0; i < p->nparam; i++) {
		const char *v = p->param[i].value, *c;

		if (strcmp(p->param[i].name, "TYPE") != 0)
			continue;
		for (;;) {
			size_t n;

			while (*v == ' ' || *v == '\t')
				v++;
			c = strchr(v, ',');
			n = c ? (size_t)(c - v) : strlen(v);
			while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
				n--;
			if (n)
				fn(ctx, v, n);
			if (!c)
				break;
			v = c + 1;
		}
	}
}

int vcard_is_base64(const struct vcard_prop *p)
{
	const char *enc = vcard_param_get(p, "ENCODING");

	return enc && (strcasecmp(enc, "B") == 0 ||
		       strcasecmp(enc, "BASE64") == 0);
}
