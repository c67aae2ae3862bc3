/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xml_safe.c: XML through libxml2's xmlTextReader, behind a byte filter
 * (see xml_safe.h for what it guarantees).
 *
 * The filter is a small lexer over the raw bytes that knows just enough of
 * XML to tell text, comments, processing instructions, CDATA sections,
 * declarations, tags and quoted attribute values apart.  It runs inside the
 * reader's input callback, so the file is read once, in 64 KiB pieces, and
 * never held whole.  What it cannot judge (well-formedness) it passes on
 * for libxml2 to reject.  The input is taken as UTF-8 whatever its
 * declaration says (XML_PARSE_IGNORE_ENC): the lexer reads ASCII markup,
 * and a UTF-16 or EBCDIC document could otherwise carry an entity
 * declaration past it.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlerror.h>
#include <openssl/evp.h>

#include "xml_safe.h"

#define IN_CHUNK 65536
#define OUT_CAP (IN_CHUNK + 1024)
#define OUT_ROOM 128	/* the most one input byte can make the lexer emit */
#define NAME_MAX_KEEP 32
#define MAX_PENDING 65536	/* blobs libxml2 has not reached */
#define REF_MAX 12	/* "#x10FFFF" and more: longer is no repair case */

enum state {
	S_TEXT, S_LT, S_BANG, S_COMMENT, S_CDATA, S_PI, S_DECL, S_ENDTAG,
	S_ELEM, S_TAG, S_ANAME, S_AEQ, S_VALUE, S_BLOB
};

struct pending_blob {
	uint64_t seq;
	struct vox_xml_blob b;
};

struct vox_xml {
	FILE *in;
	char *name;
	const struct vox_xml_blob_attr *spec;
	xmlTextReaderPtr rd;

	/* the filter */
	unsigned char ibuf[IN_CHUNK];
	size_t ipos, iend;
	int ieof;		/* the file is read to its end */
	int done;		/* and everything after it flushed */
	unsigned char obuf[OUT_CAP];
	size_t opos, oend;
	enum state st;
	unsigned long line;	/* of the byte being lexed */
	uint64_t nbytes;	/* read so far */
	char elem[NAME_MAX_KEEP], aname[NAME_MAX_KEEP], bang[10];
	size_t elen, alen, blen;
	unsigned char quote, t1, t2;	/* t1, t2: the last two bytes */
	int declq;			/* quote inside a declaration */
	size_t vlen, tagbytes, nattrs;
	char ref[REF_MAX + 1];
	size_t rlen;
	int inref;
	unsigned long high;	/* a high surrogate waiting for its low */

	/* the blob being streamed, and those libxml2 has not reached */
	EVP_MD_CTX *md;
	uint64_t seq, bytes;
	uint32_t acc;
	int nacc, pad, bad;
	unsigned char dbuf[3 * 1024];
	size_t dlen;
	struct pending_blob *q;
	size_t qhead, qn, qcap;

	/* the spool the blobs' bytes go to, or NULL */
	FILE *spool;
	uint64_t spool_pos;	/* where the next byte goes */
	uint64_t blob_at;	/* where the blob being streamed starts */
	int pause;		/* a blob was spooled: let libxml2 catch up */

	/* errors: the filter's own, and libxml2's first */
	struct vox_error ferr;
	int xerr;
	unsigned long xline;
	char xmsg[300];
};

/* ---- the filter: output ----------------------------------------------- */

static void emit(struct vox_xml *x, unsigned char c)
{
	x->obuf[x->oend++] = c;
}

static void emit_str(struct vox_xml *x, const char *s)
{
	while (*s)
		emit(x, (unsigned char)*s++);
}

static void emit_ref(struct vox_xml *x, unsigned long cp)
{
	char b[16];

	snprintf(b, sizeof(b), "&#%lu;", cp);
	emit_str(x, b);
}

static int filter_fail(struct vox_xml *x, int code, const char *what)
{
	if (!x->ferr.code)
		vox_error_set(&x->ferr, code, "%s:%lu: %s", x->name, x->line,
			      what);
	return VOX_ERR;
}

/* ---- the filter: character references -------------------------------- */

static int xml_char(unsigned long c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
		(c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* The code point of "#123" or "#x1F", -1 when not a numeric reference. */
static long ref_value(const char *r, size_t len)
{
	unsigned long v = 0;
	size_t i = 1;
	int hex = 0;

	if (len < 2 || r[0] != '#')
		return -1;
	if (r[1] == 'x') {
		hex = 1;
		i = 2;
	}
	if (i >= len)
		return -1;
	for (; i < len; i++) {
		int c = (unsigned char)r[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hex && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (hex && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * (hex ? 16 : 10) + (unsigned long)d;
		if (v > 0x10FFFF)
			v = 0x110000;	/* out of range, whatever its length */
	}
	return (long)v;
}

/* A lone high surrogate can no longer be paired. */
static void flush_high(struct vox_xml *x)
{
	if (x->high) {
		emit_ref(x, 0xFFFD);
		x->high = 0;
	}
}

/* The reference "&" x->ref ";" is complete. */
static void ref_done(struct vox_xml *x)
{
	long v = ref_value(x->ref, x->rlen);

	x->inref = 0;
	if (v >= 0xDC00 && v <= 0xDFFF && x->high) {
		emit_ref(x, 0x10000 + ((x->high - 0xD800) << 10) +
				    ((unsigned long)v - 0xDC00));
		x->high = 0;
		return;
	}
	flush_high(x);
	if (v >= 0xD800 && v <= 0xDBFF) {
		x->high = (unsigned long)v;
		return;
	}
	if (v >= 0 && !xml_char((unsigned long)v)) {
		emit_ref(x, 0xFFFD);
		return;
	}
	/* a good or a named reference, or one libxml2 will reject */
	emit(x, '&');
	x->ref[x->rlen] = '\0';
	emit_str(x, x->ref);
	emit(x, ';');
}

/* Not a reference after all: pass on what was held. */
static void ref_abandon(struct vox_xml *x)
{
	flush_high(x);
	x->inref = 0;
	emit(x, '&');
	x->ref[x->rlen] = '\0';
	emit_str(x, x->ref);
}

/* Text or an attribute value; 1 when c was taken by a reference. */
static int text_byte(struct vox_xml *x, unsigned char c)
{
	if (x->inref) {
		if (c == ';') {
			ref_done(x);
			return 1;
		}
		if (x->rlen < REF_MAX && c > ' ' && c != '&' && c != '<' &&
		    c != '"' && c != '\'') {
			x->ref[x->rlen++] = (char)c;
			return 1;
		}
		ref_abandon(x);
	}
	if (c == '&') {
		x->inref = 1;
		x->rlen = 0;
		return 1;
	}
	flush_high(x);
	return 0;
}

/* ---- the filter: base64 blobs ----------------------------------------- */

/* base64 digit values; -1 for anything else */
static const signed char b64_digit[256] = {
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
	-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
	-1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

static int b64_value(unsigned char c)
{
	return b64_digit[c];
}

/* Digest, and spool, what the decoder holds. */
static void blob_flush(struct vox_xml *x)
{
	if (!x->dlen)
		return;
	if (!EVP_DigestUpdate(x->md, x->dbuf, x->dlen))
		x->bad = 1;
	/* an invalid blob is written over: no need to spool the rest */
	if (x->spool && !x->bad && !x->ferr.code) {
		if (fwrite(x->dbuf, 1, x->dlen, x->spool) != x->dlen)
			filter_fail(x, VOX_E_IO, "cannot write the spool of "
				    "decoded attachments");
		x->spool_pos += x->dlen;
	}
	x->dlen = 0;
}

static void blob_out(struct vox_xml *x, unsigned char b)
{
	if (x->dlen == sizeof(x->dbuf))
		blob_flush(x);
	x->dbuf[x->dlen++] = b;
	x->bytes++;
}

static void blob_start(struct vox_xml *x)
{
	char b[32];

	x->seq++;
	snprintf(b, sizeof(b), "#%llu", (unsigned long long)x->seq);
	emit_str(x, b);
	x->blob_at = x->spool_pos;
	x->bytes = 0;
	x->acc = 0;
	x->nacc = x->pad = x->bad = 0;
	x->dlen = 0;
	x->inref = 0;
	if (!EVP_DigestInit_ex(x->md, EVP_sha256(), NULL))
		x->bad = 1;
}

static void blob_char(struct vox_xml *x, unsigned char c)
{
	int v;

	if (c == '=') {
		if (++x->pad > 2)
			x->bad = 1;
		return;
	}
	v = b64_value(c);
	if (v < 0 || x->pad) {
		x->bad = 1;
		return;
	}
	x->acc = x->acc << 6 | (uint32_t)v;
	if (++x->nacc == 4) {
		blob_out(x, (unsigned char)(x->acc >> 16));
		blob_out(x, (unsigned char)(x->acc >> 8));
		blob_out(x, (unsigned char)x->acc);
		x->acc = 0;
		x->nacc = 0;
	}
}

/* A byte of the blob's value; whitespace, also as a reference, is skipped. */
static void blob_byte(struct vox_xml *x, unsigned char c)
{
	if (x->inref) {
		if (c == ';') {
			long v = ref_value(x->ref, x->rlen);

			x->inref = 0;
			if (v != 0x9 && v != 0xA && v != 0xD && v != 0x20)
				x->bad = 1;
		} else if (x->rlen < REF_MAX) {
			x->ref[x->rlen++] = (char)c;
		} else {
			x->bad = 1;
			x->inref = 0;
		}
		return;
	}
	if (c == '&') {
		x->inref = 1;
		x->rlen = 0;
	} else if (c == '\n') {
		emit(x, c);	/* kept, so that libxml2 counts lines right */
	} else if (c != ' ' && c != '\t' && c != '\r') {
		blob_char(x, c);
	}
}

static int blob_end(struct vox_xml *x)
{
	struct pending_blob *p;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, i;

	if (x->inref)
		x->bad = 1;
	x->inref = 0;
	/* the last group: 2 or 3 characters, padded to 4 or not */
	if (x->nacc == 1 || (x->pad && x->nacc + x->pad != 4))
		x->bad = 1;
	if (!x->bad && x->nacc >= 2) {
		blob_out(x, (unsigned char)(x->acc >> (x->nacc == 2 ? 4 : 10)));
		if (x->nacc == 3)
			blob_out(x, (unsigned char)(x->acc >> 2));
	}
	/* libxml2 reads a few KiB ahead, so a reader can ask only for the
	 * latest blobs; older ones nobody took (parts the reader skips) are
	 * dropped, so that they cannot pile up */
	if (x->qn - x->qhead >= MAX_PENDING)
		x->qhead++;
	if (x->qn == x->qcap && x->qhead && x->qhead >= x->qcap / 2) {
		memmove(x->q, x->q + x->qhead, (x->qn - x->qhead) * sizeof(*p));
		x->qn -= x->qhead;
		x->qhead = 0;
	}
	if (x->qn == x->qcap) {
		size_t cap = x->qcap ? 2 * x->qcap : 16;

		p = realloc(x->q, cap * sizeof(*p));
		if (!p)
			return filter_fail(x, VOX_E_NOMEM, "out of memory");
		x->q = p;
		x->qcap = cap;
	}
	p = &x->q[x->qn++];
	memset(p, 0, sizeof(*p));
	p->seq = x->seq;
	blob_flush(x);
	if (!EVP_DigestFinal_ex(x->md, md, &mdlen))
		x->bad = 1;
	p->b.valid = !x->bad;
	if (p->b.valid) {
		p->b.bytes = x->bytes;
		for (i = 0; i < mdlen && i < 32; i++)
			snprintf(p->b.sha256 + 2 * i, 3, "%02x", md[i]);
	}
	if (x->spool && p->b.valid) {
		p->b.spooled = 1;
		p->b.offset = x->blob_at;
		x->pause = 1;
	} else if (x->spool && x->spool_pos != x->blob_at) {
		/* nothing of it is wanted: the next blob takes its place */
		if (fseeko(x->spool, (off_t)x->blob_at, SEEK_SET) != 0)
			return filter_fail(x, VOX_E_IO, "cannot rewind the "
					   "spool of decoded attachments");
		x->spool_pos = x->blob_at;
	}
	return x->ferr.code ? VOX_ERR : VOX_OK;
}

int vox_xml_blob(struct vox_xml *x, const char *value,
		 struct vox_xml_blob *out)
{
	unsigned long long seq;
	char *end;

	memset(out, 0, sizeof(*out));
	if (!value || value[0] != '#')
		return VOX_ERR;
	seq = strtoull(value + 1, &end, 10);
	if (end == value + 1 || (*end && *end != ' '))
		return VOX_ERR;
	while (x->qhead < x->qn && x->q[x->qhead].seq < seq)
		x->qhead++;
	if (x->qhead == x->qn || x->q[x->qhead].seq != seq)
		return VOX_ERR;
	*out = x->q[x->qhead++].b;
	if (x->qhead == x->qn)
		x->qhead = x->qn = 0;
	return VOX_OK;
}

/* ---- the filter: the lexer -------------------------------------------- */

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int name_byte(unsigned char c)
{
	return !is_space(c) && c != '>' && c != '/' && c != '=' && c != '"' &&
		c != '\'' && c != '<';
}

static void keep(char *buf, size_t *len, unsigned char c)
{
	if (*len < NAME_MAX_KEEP - 1)
		buf[*len] = (char)c;
	(*len)++;
}

static int kept_is(const char *buf, size_t len, const char *s)
{
	return len == strlen(s) && memcmp(buf, s, len) == 0;
}

static int tag_byte(struct vox_xml *x)
{
	if (++x->tagbytes > VOX_XML_MAX_TAG)
		return filter_fail(x, VOX_E_LIMIT, "start tag longer than "
				   "16 MiB");
	return VOX_OK;
}

/* After "<!": a comment, a CDATA section, or a declaration. */
static int bang_byte(struct vox_xml *x, unsigned char c)
{
	static const char *const known[] = { "--", "[CDATA[", "ENTITY" };
	size_t i, prefix = 0;

	x->bang[x->blen++] = (char)c;
	for (i = 0; i < 3; i++) {
		if (x->blen > strlen(known[i]) ||
		    memcmp(x->bang, known[i], x->blen) != 0)
			continue;
		if (x->blen < strlen(known[i])) {
			prefix = 1;
			continue;
		}
		if (i == 2)
			return filter_fail(x, VOX_E_LIMIT, "entity declaration "
					   "refused (no DTD entities are "
					   "read, against XXE and entity "
					   "expansion)");
		x->st = i == 0 ? S_COMMENT : S_CDATA;
		x->t1 = x->t2 = 0;
		return VOX_OK;
	}
	if (!prefix) {
		x->st = S_DECL;
		x->declq = 0;
	}
	return VOX_OK;
}

static int lex(struct vox_xml *x, unsigned char c)
{
again:
	switch (x->st) {
	case S_TEXT:
		if (text_byte(x, c))
			return VOX_OK;
		if (c == '<')
			x->st = S_LT;
		break;
	case S_LT:
		if (c == '!') {
			x->st = S_BANG;
			x->blen = 0;
		} else if (c == '?') {
			x->st = S_PI;
			x->t1 = x->t2 = 0;
		} else if (c == '/') {
			x->st = S_ENDTAG;
		} else {
			x->st = S_ELEM;
			x->elen = x->tagbytes = x->nattrs = 0;
			goto again;
		}
		break;
	case S_BANG:
		emit(x, c);
		return bang_byte(x, c);
	case S_COMMENT:
		if (c == '>' && x->t1 == '-' && x->t2 == '-')
			x->st = S_TEXT;
		break;
	case S_CDATA:
		if (c == '>' && x->t1 == ']' && x->t2 == ']')
			x->st = S_TEXT;
		break;
	case S_PI:
		if (c == '>' && x->t2 == '?')
			x->st = S_TEXT;
		break;
	case S_DECL:
		/* <!DOCTYPE ...: its internal subset is lexed as text, so
		 * that a declaration in it meets bang_byte() */
		if (x->declq) {
			if (c == x->declq)
				x->declq = 0;
		} else if (c == '"' || c == '\'') {
			x->declq = c;
		} else if (c == '>' || c == '[') {
			x->st = S_TEXT;
		}
		break;
	case S_ENDTAG:
		if (c == '>')
			x->st = S_TEXT;
		break;
	case S_ELEM:
		if (tag_byte(x) != VOX_OK)
			return VOX_ERR;
		if (!name_byte(c)) {
			x->st = S_TAG;
			goto again;
		}
		keep(x->elem, &x->elen, c);
		break;
	case S_TAG:
		if (c == '>') {
			x->st = S_TEXT;
		} else if (c == '"' || c == '\'') {
			x->st = S_VALUE;	/* a value without a name */
			x->quote = c;
			x->vlen = 0;
		} else if (name_byte(c)) {
			if (++x->nattrs > VOX_XML_MAX_ATTRS)
				return filter_fail(x, VOX_E_LIMIT, "element "
						   "with more than 1024 "
						   "attributes");
			x->st = S_ANAME;
			x->alen = 0;
			goto again;
		} else if (tag_byte(x) != VOX_OK) {
			return VOX_ERR;
		}
		break;
	case S_ANAME:
		if (tag_byte(x) != VOX_OK)
			return VOX_ERR;
		if (!name_byte(c)) {
			x->st = S_AEQ;
			goto again;
		}
		keep(x->aname, &x->alen, c);
		break;
	case S_AEQ:
		if (tag_byte(x) != VOX_OK)
			return VOX_ERR;
		if (c == '"' || c == '\'') {
			x->quote = c;
			x->vlen = 0;
			x->inref = 0;
			x->high = 0;
			emit(x, c);
			if (x->spec && x->elen < NAME_MAX_KEEP &&
			    x->alen < NAME_MAX_KEEP &&
			    kept_is(x->elem, x->elen, x->spec->element) &&
			    kept_is(x->aname, x->alen, x->spec->attribute)) {
				x->st = S_BLOB;
				blob_start(x);
			} else {
				x->st = S_VALUE;
			}
			return VOX_OK;
		}
		if (!is_space(c) && c != '=') {
			x->st = S_TAG;
			goto again;
		}
		break;
	case S_VALUE:
		if (++x->vlen > VOX_XML_MAX_ATTR)
			return filter_fail(x, VOX_E_LIMIT, "attribute value "
					   "longer than 4 MiB");
		if (tag_byte(x) != VOX_OK)
			return VOX_ERR;
		if (text_byte(x, c))
			return VOX_OK;
		if (c == x->quote)
			x->st = S_TAG;
		break;
	case S_BLOB:
		if (c != x->quote) {
			blob_byte(x, c);
			return VOX_OK;
		}
		if (blob_end(x) != VOX_OK)
			return VOX_ERR;
		x->st = S_TAG;
		break;
	}
	emit(x, c);
	x->t1 = x->t2;
	x->t2 = c;
	return VOX_OK;
}

/*
 * The bulk of a blob: base64 characters up to anything else (padding, a
 * blank, a reference, the closing quote), decoded without the lexer.
 * Returns how many bytes it took.
 */
static size_t blob_run(struct vox_xml *x, const unsigned char *p, size_t n)
{
	size_t i;

	if (x->pad || x->inref)
		return 0;
	for (i = 0; i < n; i++) {
		int v = b64_value(p[i]);

		if (v < 0)
			break;
		x->acc = x->acc << 6 | (uint32_t)v;
		if (++x->nacc == 4) {
			blob_out(x, (unsigned char)(x->acc >> 16));
			blob_out(x, (unsigned char)(x->acc >> 8));
			blob_out(x, (unsigned char)x->acc);
			x->acc = 0;
			x->nacc = 0;
		}
	}
	return i;
}

/* Lex input into obuf until it is nearly full or the input ends. */
static int refill(struct vox_xml *x)
{
	x->opos = x->oend = 0;
	while (x->oend + OUT_ROOM < OUT_CAP) {
		unsigned char c;

		if (x->ipos == x->iend) {
			if (x->ieof)
				break;
			x->iend = fread(x->ibuf, 1, sizeof(x->ibuf), x->in);
			x->ipos = 0;
			x->nbytes += x->iend;
			if (x->iend == 0) {
				if (ferror(x->in))
					return filter_fail(x, VOX_E_IO,
							   "read error");
				x->ieof = 1;
				break;
			}
		}
		if (x->st == S_BLOB) {
			x->ipos += blob_run(x, x->ibuf + x->ipos,
					    x->iend - x->ipos);
			if (x->ipos == x->iend)
				continue;
		}
		c = x->ibuf[x->ipos++];
		if (lex(x, c) != VOX_OK)
			return VOX_ERR;
		if (c == '\n')
			x->line++;
		/*
		 * The output of a megabyte of blob is a few bytes: without
		 * this, the 64 KiB libxml2 reads ahead could hold thousands
		 * of blobs, all in the spool before the reader takes one.
		 */
		if (x->pause)
			break;
	}
	if (x->ieof && x->ipos == x->iend && !x->done) {
		/* the end: what was held is passed on as it was */
		if (x->inref && x->st != S_BLOB)
			ref_abandon(x);
		flush_high(x);
		x->done = 1;
	}
	return VOX_OK;
}

static int input_read(void *ctx, char *buf, int len)
{
	struct vox_xml *x = ctx;
	int n = 0;

	while (n < len) {
		size_t k;

		if (x->opos == x->oend) {
			if (x->done || x->ferr.code)
				break;
			if (x->pause && n) {
				x->pause = 0;
				break;	/* a short read: libxml2 asks again */
			}
			x->pause = 0;
			if (refill(x) != VOX_OK)
				return -1;
			continue;
		}
		k = x->oend - x->opos;
		if (k > (size_t)(len - n))
			k = (size_t)(len - n);
		memcpy(buf + n, x->obuf + x->opos, k);
		x->opos += k;
		n += (int)k;
	}
	return n;
}

static int input_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* ---- libxml2 ---------------------------------------------------------- */

static void on_error(void *ctx, xmlErrorPtr e)
{
	struct vox_xml *x = ctx;
	size_t n;

	if (!e || e->level < XML_ERR_ERROR || x->xerr)
		return;
	x->xerr = 1;
	x->xline = e->line > 0 ? (unsigned long)e->line : 0;
	snprintf(x->xmsg, sizeof(x->xmsg), "%s",
		 e->message ? e->message : "not well-formed");
	/* one line: libxml2 adds "\nBytes: 0x.." to encoding errors */
	n = strcspn(x->xmsg, "\n");
	x->xmsg[n] = '\0';
	while (n && (x->xmsg[n - 1] == ' ' || x->xmsg[n - 1] == '!'))
		x->xmsg[--n] = '\0';
	if (x->xmsg[0] >= 'A' && x->xmsg[0] <= 'Z' &&
	    !(x->xmsg[1] >= 'A' && x->xmsg[1] <= 'Z'))
		x->xmsg[0] = (char)(x->xmsg[0] - 'A' + 'a');
}

/* libxml2's global handlers print to stderr; a library must not. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

struct vox_xml *vox_xml_open(FILE *in, const char *name,
			     const struct vox_xml_blob_attr *blob, FILE *spool,
			     struct vox_error *err)
{
	struct vox_xml *x = calloc(1, sizeof(*x));

	if (!x)
		goto oom;
	x->in = in;
	x->spool = spool;
	x->spec = blob;
	x->line = 1;
	x->st = S_TEXT;
	x->name = strdup(name ? name : "-");
	x->md = EVP_MD_CTX_new();
	if (!x->name || !x->md)
		goto oom;
	xmlSetGenericErrorFunc(NULL, quiet);
	/* No NOENT, DTDLOAD, DTDATTR or HUGE: entities are never
	 * substituted, no DTD is read, libxml2's own limits hold. */
	x->rd = xmlReaderForIO(input_read, input_close, x, NULL, "UTF-8",
			       XML_PARSE_NONET | XML_PARSE_IGNORE_ENC |
			       XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
	if (!x->rd)
		goto oom;
	xmlTextReaderSetStructuredErrorHandler(x->rd, on_error, x);
	return x;
oom:
	vox_xml_free(x);
	vox_error_set(err, VOX_E_NOMEM, "out of memory");
	return NULL;
}

void vox_xml_free(struct vox_xml *x)
{
	if (!x)
		return;
	if (x->rd)
		xmlFreeTextReader(x->rd);
	EVP_MD_CTX_free(x->md);
	free(x->q);
	free(x->name);
	free(x);
}

/* Move the spool's bytes from `from` on to its start. */
static int spool_move(struct vox_xml *x, uint64_t from)
{
	unsigned char buf[65536];
	uint64_t at = from;
	int fd = fileno(x->spool);

	if (fflush(x->spool) != 0)
		return filter_fail(x, VOX_E_IO, "cannot write the spool of "
				   "decoded attachments");
	while (at < x->spool_pos) {
		size_t want = x->spool_pos - at < sizeof(buf) ?
			(size_t)(x->spool_pos - at) : sizeof(buf);
		ssize_t n = pread(fd, buf, want, (off_t)at);

		if (n <= 0 || pwrite(fd, buf, (size_t)n, (off_t)(at - from)) !=
		    n)
			return filter_fail(x, VOX_E_IO, "cannot move within "
					   "the spool of decoded attachments");
		at += (uint64_t)n;
	}
	if (fseeko(x->spool, (off_t)(x->spool_pos - from), SEEK_SET) != 0)
		return filter_fail(x, VOX_E_IO, "cannot rewind the spool of "
				   "decoded attachments");
	return VOX_OK;
}

void vox_xml_spool_release(struct vox_xml *x)
{
	uint64_t from;
	size_t i;

	if (!x->spool || x->ferr.code)
		return;
	/* what libxml2 read ahead is still wanted: the blobs not taken, and
	 * the one being streamed */
	from = x->spool_pos;
	for (i = x->qhead; i < x->qn; i++)
		if (x->q[i].b.spooled && x->q[i].b.offset < from)
			from = x->q[i].b.offset;
	if (x->st == S_BLOB && x->blob_at < from)
		from = x->blob_at;
	if (from == 0 || spool_move(x, from) != VOX_OK)
		return;
	for (i = x->qhead; i < x->qn; i++)
		if (x->q[i].b.spooled)
			x->q[i].b.offset -= from;
	if (x->st == S_BLOB)
		x->blob_at -= from;
	x->spool_pos -= from;
}

xmlTextReaderPtr vox_xml_reader(struct vox_xml *x)
{
	return x->rd;
}

unsigned long vox_xml_line(struct vox_xml *x)
{
	xmlNodePtr node = xmlTextReaderCurrentNode(x->rd);
	long line = node ? xmlGetLineNo(node) : -1;

	if (line > 0)
		return (unsigned long)line;
	line = xmlTextReaderGetParserLineNumber(x->rd);
	return line > 0 ? (unsigned long)line : 1;
}

int vox_xml_read(struct vox_xml *x, struct vox_error *err)
{
	int rc;

	if (x->ferr.code || x->xerr)
		goto failed;
	rc = xmlTextReaderRead(x->rd);
	if (rc == 1 && !x->ferr.code && !x->xerr) {
		if (xmlTextReaderDepth(x->rd) < VOX_XML_MAX_DEPTH)
			return VOX_OK;
		/* kept, so that every later read says it again */
		vox_error_set(&x->ferr, VOX_E_LIMIT, "%s:%lu: elements nested "
			      "deeper than %d", x->name, vox_xml_line(x),
			      VOX_XML_MAX_DEPTH);
	}
	if (rc == 0 && !x->ferr.code && !x->xerr)
		return VOX_EOF;
failed:
	if (x->ferr.code) {
		*err = x->ferr;
		return VOX_ERR;
	}
	if (x->nbytes == 0)
		return vox_error_set(err, VOX_E_DATA, "%s:1: not well-formed "
				     "XML: empty file", x->name);
	if (x->xerr)
		return vox_error_set(err, VOX_E_DATA, "%s:%lu: not well-formed "
				     "XML: %s", x->name,
				     x->xline ? x->xline : x->line, x->xmsg);
	return vox_error_set(err, VOX_E_DATA, "%s:%lu: not well-formed XML",
			     x->name, x->line);
}
