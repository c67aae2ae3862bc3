/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcard_lex.h: the line and value level of the vCard reader
 * (export/vcard.c), private to it.  vcard_lex.c: physical lines to
 * unfolded content lines, content lines grouped into cards, a content line
 * split into group, name, parameters and value.  vcard_value.c: values
 * decoded (quoted-printable, CHARSET, backslash escapes, base64, dates),
 * and what a property kept as written becomes in a 4.0 file.
 *
 * Ownership: a card from vcard_lex_card() is the lexer's until the next
 * call; everything parsed or decoded goes into the caller's arena.
 */
#ifndef VOX_VCARD_LEX_H
#define VOX_VCARD_LEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "voxport/error.h"

/*
 * Safety limits.  A content line longer than VCARD_MAX_LINE is left out of
 * its card (its bytes are not held): the card says so (dropped).  A card
 * over VCARD_MAX_CARD or VCARD_MAX_PROPS is a VOX_E_DATA error, and reading
 * goes on with the next card.  Nesting deeper than VCARD_MAX_DEPTH stops
 * reading with VOX_E_LIMIT.
 */
#define VCARD_MAX_LINE ((size_t)16 << 20)	/* one unfolded line */
#define VCARD_MAX_CARD ((size_t)64 << 20)	/* one card, all lines */
#define VCARD_MAX_PROPS 10000			/* lines in one card */
#define VCARD_MAX_DEPTH 4			/* AGENT cards in cards */

/* The vCard versions, as read from VERSION. */
enum { VCARD_V21 = 21, VCARD_V30 = 30, VCARD_V40 = 40 };

/* One unfolded content line of a card; s is NUL-terminated. */
struct vcard_line {
	const char *s;
	size_t len;
	uint64_t line;		/* where it starts, from 1 */
};

/* The content lines between BEGIN:VCARD and END:VCARD. */
struct vcard_card {
	uint64_t line;		/* of BEGIN:VCARD */
	const struct vcard_line *v;
	size_t n;
	uint64_t dropped;	/* the first line left out as too long, or 0 */
	size_t ndropped;	/* how many were */
	const char *dropped_name; /* the first one's property name, or "" */
};

struct vcard_lex;

/*
 * "UTF-16LE" or "UTF-16BE" when the first bytes of a file are UTF-16 (a
 * BOM, or two ASCII characters with their zero bytes), else NULL.
 */
const char *vcard_utf16(const unsigned char *b, size_t n);

/*
 * in is borrowed; name (for messages) is borrowed and must outlive lx.
 * A UTF-16 file is converted to UTF-8 as it is read.
 */
struct vcard_lex *vcard_lex_new(FILE *in, const char *name);
void vcard_lex_free(struct vcard_lex *lx);

/*
 * The next card: VOX_OK, VOX_EOF, or VOX_ERR with err set.  After a
 * VOX_E_DATA error (content outside a card, END without BEGIN, a card
 * without END, a card too large) the next call goes on with the next
 * BEGIN:VCARD; any other code (VOX_E_LIMIT, VOX_E_IO, VOX_E_NOMEM) ends
 * the stream.  An AGENT property with an embedded card keeps that card's
 * lines, joined by "\n", as its value.
 */
int vcard_lex_card(struct vcard_lex *lx, struct vcard_card *card,
		   struct vox_error *err);

/* ---- content lines ---------------------------------------------------- */

struct vcard_param {
	const char *name;	/* upper case; 2.1 bare words get a name */
	const char *value;	/* unquoted; several values joined by ',' */
	int bare;		/* a 2.1 bare word (TEL;CELL) */
};

struct vcard_prop {
	uint64_t line;
	const char *group;	/* "item1" as written, or NULL */
	const char *name;	/* upper case */
	const char *params;	/* as written, without the leading ';' */
	struct vcard_param *param;
	size_t nparam, capparam;
	const char *value;	/* as written, NUL-terminated */
	size_t len;
	int version;		/* VCARD_V21 ... of its card */
};

enum {
	VCARD_PARSE_OK = 0,
	VCARD_PARSE_NOCOLON,	/* no ':' after the name and parameters */
	VCARD_PARSE_NAME,	/* a bad property or parameter name */
	VCARD_PARSE_QUOTE,	/* a quoted parameter value without its end */
	VCARD_PARSE_NOMEM,
};

/*
 * Split one content line of a card of the given version (3.0 and 4.0
 * parameter values get RFC 6868 ^-escapes undone); strings go into the
 * arena, the value points into the line.
 */
int vcard_prop_parse(struct vox_arena *a, const struct vcard_line *l,
		     int version, struct vcard_prop *p);

/* The first value of parameter NAME (upper case), or NULL. */
const char *vcard_param_get(const struct vcard_prop *p, const char *name);

/*
 * Call fn for every TYPE value: TYPE=a,b, repeated TYPE=, quoted lists,
 * and 2.1 bare words that are not encodings or value kinds.
 */
void vcard_types(const struct vcard_prop *p,
		 void (*fn)(void *ctx, const char *type, size_t len),
		 void *ctx);

/* 1 if the value is base64 (ENCODING=b, ENCODING=BASE64, 2.1 BASE64). */
int vcard_is_base64(const struct vcard_prop *p);

/* ---- values ----------------------------------------------------------- */

struct vcard_decoder;

struct vcard_decoder *vcard_decoder_new(void);
void vcard_decoder_free(struct vcard_decoder *d);

/* The charset of the provider's old files; windows-1252 unless set. */
#define VCARD_LEGACY_CHARSET "windows-1252"

/*
 * Read text that names no charset (or a wrong one) and is not UTF-8 in
 * charset cs.  VOX_OK, or VOX_ERR when iconv does not know cs.
 */
int vcard_decoder_legacy(struct vcard_decoder *d, const char *cs);

enum {
	VCARD_DECODE_OK = 0,
	VCARD_DECODE_QP,	/* bad quoted-printable; *bad points at it */
	VCARD_DECODE_NOMEM,
};

/*
 * The value as UTF-8 text, still escaped: quoted-printable undone, then
 * CHARSET converted with iconv.  Text with no CHARSET, an unknown one, or
 * bytes that do not convert, is read as UTF-8 when it is valid UTF-8,
 * else in the legacy charset (vcard_decoder_legacy), else as
 * Windows-1252 (vox_text_utf8).  Bad quoted-printable (an '=' not
 * followed by two hex digits) is VCARD_DECODE_QP with *bad pointing at
 * the first, and the value still decoded, that '=' kept as it is.
 */
int vcard_decode(struct vcard_decoder *d, struct vox_arena *a,
		 const struct vcard_prop *p, const char **out, size_t *len,
		 const char **bad);

/*
 * Undo backslash escapes in s[0..len): 3.0 and 4.0 \\ \, \; \n \N (and
 * \ before any other punctuation, for writers that escape ':'); 2.1 only
 * \; and \\.  CRLF and CR become LF.
 */
char *vcard_unescape(struct vox_arena *a, const char *s, size_t len,
		     int version);

/*
 * Split s at each sep (';' or ',') not escaped by a backslash; the pieces
 * stay escaped.  Returns the number of pieces (at most max; the last one
 * keeps the rest), with starts and lengths in at[] and len[].
 */
size_t vcard_split(const char *s, size_t n, char sep, const char **at,
		   size_t *len, size_t max);

/*
 * Base64 to bytes, ignoring whitespace; missing padding is accepted.
 * Returns the byte count, or (size_t)-1 on a character outside the
 * alphabet.  out must hold len * 3 / 4 + 3 bytes.
 */
size_t vcard_base64_decode(const char *s, size_t len, unsigned char *out);
/* Bytes to base64 with padding, NUL-terminated, in the arena. */
char *vcard_base64_encode(struct vox_arena *a, const unsigned char *b,
			  size_t len);

/*
 * A vCard date without its time: 1990-03-12, 19900312, 1990-03, 1990,
 * --0312, --03-12, --03, ---12 (a "T..." after it is ignored); missing
 * parts are 0.  1 when s is one of those and the date exists.
 */
int vcard_parse_date(const char *s, int *year, int *month, int *day);

/* 1 for a control character, which no vCard line may hold (TAB may). */
int vcard_is_ctl(char c);

/*
 * A kept property's parameters for a 4.0 file: as written (*out =
 * p->params) unless they break RFC 6350's grammar (2.1 bare words, empty
 * ";;", stray quotes), a 2.1 '^' would read as an RFC 6868 escape, a
 * decoded 2.1 encoding is to go (decoded: CHARSET
 * and ENCODING left out), or 2.1's BASE64 is to be ENCODING=b (a 4.0
 * reader would not know where the 2.1 form ends); then rebuilt from what
 * was parsed, with RFC 6868 escapes.  VOX_OK, or VOX_ERR out of memory.
 */
int vcard_params_40(struct vox_arena *a, const struct vcard_prop *p,
		    int decoded, const char **out);

/*
 * A kept property's decoded value v[0..n) for a 4.0 file: line breaks as
 * \n, and in 2.1 a backslash that escapes nothing as \\.  NULL when out
 * of memory.
 */
char *vcard_value_40(struct vox_arena *a, const char *v, size_t n,
		     int version);

#endif
