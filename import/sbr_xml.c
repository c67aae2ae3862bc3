/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sbr_xml.c: the sbr-xml target, SMS Backup & Restore (SyncTech,
 * com.riteshsahu.SMSBackupRestore) backups that the app restores onto an
 * Android phone: sms.xml (<smses>: <sms> and <mms>) and calls.xml
 * (<calls>: <call>), as described on synctech.com.au "Fields in XML Backup
 * Files" (app 10.x) and in the reader's notes (export/sbr_xml.c), whose
 * mirror this is: what it reads back from a file written here is the
 * record that was written, but for what losses() names.
 *
 * The file: `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>` as
 * the app writes it, then the root with count (the number of children,
 * known only at the end: the body goes to a tmpfile() and is copied after
 * the root's start tag at close()), backup_set (a UUID made from the
 * SHA-256 of both bodies, the same in both files, so that a run always
 * writes the same bytes), backup_date (the newest record's date, for the
 * same reason) and type="full".  A file is made only when a record of its
 * kind comes.  Values are written by libxml2's xmlTextWriter, which
 * escapes them; a value that is absent is the literal "null", as the app
 * writes it, but for the numbers a phone always has (protocol 0, status
 * -1, locked 0, seen as read; read unknown is 1, so that a restore raises
 * no old notifications) and sub_id, left out.  readable_date is the
 * date in the zone of the run, as the app's US English locale formats it
 * ("Mar 5, 2024 2:12:07 PM"); contact_name is the other party's name, or
 * "(Unknown)".
 *
 * Characters: the app, with its option to keep emoji, writes a character
 * beyond U+FFFF as two references to its UTF-16 surrogates
 * (&#55357;&#56832;), and a control character that XML 1.0 cannot hold
 * as its reference (&#1;); it restores both.  Neither is well-formed XML
 * 1.0.  The default (emoji=app) writes them so; the reader joins the pairs
 * back into the same character (a control character comes back as
 * U+FFFD).  emoji=utf8 writes well-formed XML instead: such characters as
 * UTF-8, control characters as U+FFFD.  Bytes that are not UTF-8 become
 * U+FFFD in both.
 *
 * <sms>: protocol, address (the other party: the sender of a received
 * message, else the recipients joined with "~"), date (ms), type (the box:
 * 1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued; with no box,
 * 1 for inbound and 2 for outbound), subject, body, toa, sc_toa,
 * service_center, read, status, locked, date_sent (ms, 0 unknown),
 * sub_id, readable_date, contact_name.
 *
 * <mms> (also for a message of type sms that has parts): the app's
 * attributes in its order, among them date (ms), msg_box (as type; queued
 * is 4, outbox: the MMS provider has no queue), m_type (128 sent, 132
 * received), ct_t, read, sub (the subject), text_only, m_id (the id),
 * date_sent (seconds, as the MMS provider holds it), address (as for sms);
 * <parts><part seq ct name chset cd fn cid cl ctt_s ctt_t text data/>
 * (data, base64, when the part's bytes are in the spool) and
 * <addrs><addr address type charset/> (137 from, or insert-address-token
 * for a sent message whose sender is not known; 151 to; 130 cc and 129
 * bcc for the recipients listed in extra "cc" / "bcc").  A body that no
 * text/plain part holds is added as one.
 *
 * <call>: number (the other party), duration (the talk time: billsec),
 * date (the start, ms), type (the disposition when it is one the reader
 * gives: incoming 1, outgoing 2, missed 3, voicemail 4, rejected 5,
 * blocked 6, answered_externally 7; else from the direction and status:
 * outbound 2, inbound answered 1, busy 5, else 3), presentation (1, or 2
 * restricted, 3 unknown, 4 payphone from extra "presentation"),
 * subscription_id, post_dial_digits, subscription_component_name,
 * readable_date, contact_name.  A call or message without a date, or
 * with neither box, type nor direction, is not written (VOX_E_DATA).
 *
 * Extra values: those of a record read from sbr-xml are the app's own
 * attributes and go back where they were (service_center on the sms,
 * "part2.x" on the second part); the reader's own notes ("count", "cc",
 * "presentation", "part<N>.data" for data that was not base64) are not
 * attributes.  Other sources' extra values are written as attributes when
 * the name is a plain XML name ([A-Za-z_][A-Za-z0-9._-]*) the element does
 * not already have, else dropped: the app ignores attributes it does not
 * know.
 *
 * Lost (losses()): ids of sms and calls (the app has none; an mms keeps
 * its id as m_id), threads (the phone makes them from the addresses),
 * the answer time (the call log keeps the start and the talk time, so
 * duration becomes billsec), account codes, legs after the first and
 * every leg's channels, context, application and ids, the archive paths
 * of MMS parts and, without a spool, their bytes.  Not in the list, as the
 * list is per field: the phone's own number on a received sms and the
 * sender of a sent one, names of the parties of a group, an mms
 * date_sent's milliseconds, extra values as said above.  Contacts,
 * subjects and recordings are not written (kinds).
 */
#include <ctype.h>
#include <strings.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>
#include <openssl/evp.h>

#include "arena.h"
#include "record.h"
#include "timeconv.h"
#include "voxport/target.h"

#define FORMAT "sbr-xml"
#define CHUNK (48u * 1024)	/* spool bytes base64-encoded at a time */

enum { OUT_SMS, OUT_CALLS, NOUT };

struct writer;

/* One output file: its root, its body so far, its writer. */
struct out {
	const char *name;	/* "sms.xml" */
	const char *root;	/* "smses" */
	struct writer *wr;
	FILE *file;		/* from args->create(), at the first record */
	FILE *body;		/* tmpfile() */
	xmlTextWriterPtr w;
	int skip;		/* drop the body writer's own declaration */
	int ioerr;
	unsigned long long count;
};

struct writer {
	struct vox_target_args args;
	int utf8;		/* emoji=utf8 */
	struct out out[NOUT];
	EVP_MD_CTX *md;		/* of both bodies: backup_set */
	int64_t newest;
	int failed;		/* an xmlTextWriter call failed */
	struct vox_arena arena;	/* of one record */
	char *seg;		/* a value's run of plain characters */
	size_t segcap;
	unsigned char in[CHUNK];	/* spool bytes ... */
	unsigned char b64[CHUNK / 3 * 4 + 1];	/* ... in base64 */
};

/* The attributes an element has, so that none is written twice. */
struct el {
	struct writer *wr;
	struct out *o;
	const char **names;
	size_t n, cap;
};

/* What a record's extra values are, and which ones are used already. */
struct extras {
	const struct vox_extra *x;
	char *used;
	int own;	/* read from sbr-xml: the app's own attributes */
};

static int is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void chk(struct writer *wr, int rc)
{
	if (rc < 0)
		wr->failed = 1;
}

/* ---- values ------------------------------------------------------------ */

/* One UTF-8 character; its length, or 0 when the bytes are not one. */
static size_t utf8_char(const unsigned char *s, unsigned long *cp)
{
	size_t n, i;
	unsigned long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, c = s[0] & 0x1F, min = 0x80;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, c = s[0] & 0x0F, min = 0x800;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;	/* also the NUL at the end */
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static int seg_add(struct writer *wr, size_t *len, const void *b, size_t n)
{
	if (*len + n + 1 > wr->segcap) {
		size_t cap = (*len + n + 1) * 2;
		char *p = realloc(wr->seg, cap);

		if (!p)
			return VOX_ERR;
		wr->seg = p;
		wr->segcap = cap;
	}
	memcpy(wr->seg + *len, b, n);
	*len += n;
	return VOX_OK;
}

static void seg_flush(struct writer *wr, struct out *o, size_t *len)
{
	if (!*len)
		return;
	wr->seg[*len] = '\0';
	chk(wr, xmlTextWriterWriteString(o->w, (const xmlChar *)wr->seg));
	*len = 0;
}

/* A numeric character reference; digits only, so written as they are. */
static void charref(struct writer *wr, struct out *o, unsigned long cp)
{
	char ref[16];

	snprintf(ref, sizeof(ref), "&#%lu;", cp);
	chk(wr, xmlTextWriterWriteRaw(o->w, (const xmlChar *)ref));
}

/*
 * The text of an attribute: runs of characters XML holds go to
 * xmlTextWriterWriteString, which escapes them; what the app writes as
 * references (see the top) is written as references.
 */
static void text(struct writer *wr, struct out *o, const char *v)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	const unsigned char *s = (const unsigned char *)v;
	size_t len = 0, n;
	unsigned long cp;

	while (*s) {
		n = utf8_char(s, &cp);
		if (!n || cp == 0xFFFE || cp == 0xFFFF) {
			if (seg_add(wr, &len, fffd, 3) != VOX_OK)
				wr->failed = 1;
			s += n ? n : 1;
			continue;
		}
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
			if (wr->utf8) {
				if (seg_add(wr, &len, fffd, 3) != VOX_OK)
					wr->failed = 1;
			} else {
				seg_flush(wr, o, &len);
				charref(wr, o, cp);
			}
		} else if (cp > 0xFFFF && !wr->utf8) {
			seg_flush(wr, o, &len);
			charref(wr, o, 0xD800 + ((cp - 0x10000) >> 10));
			charref(wr, o, 0xDC00 + ((cp - 0x10000) & 0x3FF));
		} else if (seg_add(wr, &len, s, n) != VOX_OK) {
			wr->failed = 1;
		}
		s += n;
	}
	seg_flush(wr, o, &len);
}

/* ---- elements ---------------------------------------------------------- */

/* A name the app could have written: [A-Za-z_][A-Za-z0-9._-]*, no xml. */
static int plain_name(const char *k)
{
	const char *p;

	if (!k || !(isalpha((unsigned char)*k) || *k == '_') ||
	    strncasecmp(k, "xml", 3) == 0)
		return 0;
	for (p = k; *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("._-", *p)) ||
		    (unsigned char)*p >= 0x80)
			return 0;
	return 1;
}

static void el_start(struct el *e, struct writer *wr, struct out *o,
		     const char *name)
{
	memset(e, 0, sizeof(*e));
	e->wr = wr;
	e->o = o;
	chk(wr, xmlTextWriterStartElement(o->w, (const xmlChar *)name));
}

static int el_has(const struct el *e, const char *name)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->names[i], name) == 0)
			return 1;
	return 0;
}

/* An attribute, once; NULL is written "null", as the app writes it. */
static void attr(struct el *e, const char *name, const char *value)
{
	struct writer *wr = e->wr;

	if (el_has(e, name))
		return;
	if (!vox_arena_push(&wr->arena, &e->names, &e->n, &e->cap,
			    sizeof(*e->names))) {
		wr->failed = 1;
		return;
	}
	e->names[e->n - 1] = name;
	chk(wr, xmlTextWriterStartAttribute(e->o->w, (const xmlChar *)name));
	text(wr, e->o, value ? value : "null");
	chk(wr, xmlTextWriterEndAttribute(e->o->w));
}

static void attr_int(struct el *e, const char *name, long long v)
{
	char b[24];

	snprintf(b, sizeof(b), "%lld", v);
	attr(e, name, b);
}

/* Whitespace between elements, as the app lays its files out. */
static void layout(struct writer *wr, struct out *o, const char *ws)
{
	chk(wr, xmlTextWriterWriteRaw(o->w, (const xmlChar *)ws));
}

static void el_end(struct el *e)
{
	chk(e->wr, xmlTextWriterEndElement(e->o->w));
}

/* ---- extra values ------------------------------------------------------ */

static int extras_init(struct writer *wr, struct extras *x,
		       const struct vox_extra *extra,
		       const struct vox_source_ref *src)
{
	x->x = extra;
	x->own = is(src->format, FORMAT);
	x->used = extra->n ? vox_arena_calloc(&wr->arena, extra->n, 1) : NULL;
	return extra->n && !x->used ? VOX_ERR : VOX_OK;
}

/* The first unused value of key, now used; NULL when none. */
static const char *take(struct extras *x, const char *key)
{
	for (size_t i = 0; i < x->x->n; i++)
		if (!x->used[i] && is(x->x->v[i].key, key)) {
			x->used[i] = 1;
			return x->x->v[i].value;
		}
	return NULL;
}

/* An attribute of the app's: the record's own value, when it has one. */
static void slot(struct el *e, struct extras *x, const char *name)
{
	attr(e, name, x->own ? take(x, name) : NULL);
}

/*
 * One the app always has a number in (its sms.xsd types them): the
 * record's own value, else what a phone holds by default.
 */
static void slot_or(struct el *e, struct extras *x, const char *name,
		    const char *dflt)
{
	const char *v = x->own ? take(x, name) : NULL;

	attr(e, name, v ? v : dflt);
}

/* An optional one: left out when the record has none. */
static void slot_opt(struct el *e, struct extras *x, const char *name)
{
	const char *v = x->own ? take(x, name) : NULL;

	if (v)
		attr(e, name, v);
}

/* read: unknown is read, so that a restore raises no old notifications. */
static const char *read_of(const struct vox_message *m)
{
	return m->read == 0 ? "0" : "1";
}

/* "part2.ct" → "ct" for prefix "part" and n 2; else NULL. */
static const char *child_key(const char *key, const char *prefix, size_t n)
{
	size_t len = strlen(prefix);
	char *end;
	unsigned long v;

	if (strncmp(key, prefix, len) != 0 || !isdigit((unsigned char)key[len]))
		return NULL;
	v = strtoul(key + len, &end, 10);
	if (*end != '.' || (n && v != n))
		return NULL;
	return end + 1;
}

/*
 * The values no slot took: as attributes, but for the reader's own notes
 * and the parts' and addrs' values (written on them).
 */
static void rest(struct el *e, struct extras *x)
{
	static const char *const notes[] = {
		"count", "cc", "bcc", "presentation", "address",
		"contact_name", NULL
	};

	for (size_t i = 0; i < x->x->n; i++) {
		const char *k = x->x->v[i].key;
		size_t j;

		if (x->used[i])
			continue;
		for (j = 0; notes[j] && !is(k, notes[j]); j++)
			;
		if (notes[j] || child_key(k, "part", 0) ||
		    child_key(k, "addr", 0))
			continue;
		x->used[i] = 1;
		if (plain_name(k))
			attr(e, k, x->x->v[i].value);
	}
}

/* The values of child N ("part3.x"), but for a part's broken data. */
static void child_rest(struct el *e, struct extras *x, const char *prefix,
		       size_t n)
{
	for (size_t i = 0; i < x->x->n; i++) {
		const char *k = child_key(x->x->v[i].key, prefix, n);

		if (x->used[i] || !k)
			continue;
		x->used[i] = 1;
		if (plain_name(k) && !is(k, "data"))
			attr(e, k, x->x->v[i].value);
	}
}

/* ---- times ------------------------------------------------------------- */

static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

/* "Mar 5, 2024 2:12:07 PM" in the zone of the run. */
static const char *readable(struct writer *wr, int64_t ms, char *buf,
			    size_t size)
{
	static const char *const mon[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	int64_t s = floordiv(ms, 1000), days, y;
	unsigned m, d;
	int h;

	s += vox_tz_offset(wr->args.tz, s);
	days = floordiv(s, 86400);
	s -= days * 86400;
	vox_civil_from_days(days, &y, &m, &d);
	h = (int)(s / 3600);
	snprintf(buf, size, "%s %u, %lld %d:%02d:%02d %s", mon[m - 1], d,
		 (long long)y, h % 12 ? h % 12 : 12, (int)(s / 60 % 60),
		 (int)(s % 60), h < 12 ? "AM" : "PM");
	return buf;
}

/* ---- files ------------------------------------------------------------- */

static int body_write(void *ctx, const char *b, int len)
{
	struct out *o = ctx;

	if (o->skip)
		return len;
	if (fwrite(b, 1, (size_t)len, o->body) != (size_t)len ||
	    EVP_DigestUpdate(o->wr->md, b, (size_t)len) != 1) {
		o->ioerr = 1;
		return -1;
	}
	return len;
}

static int body_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* The file of o, made at its first record. */
static int out_open(struct writer *wr, struct out *o, struct vox_error *err)
{
	xmlOutputBufferPtr ob;

	if (o->w)
		return VOX_OK;
	if (!o->file) {
		o->file = wr->args.create(wr->args.ctx, o->name, err);
		if (!o->file)
			return VOX_ERR;
	}
	if (!o->body && !(o->body = tmpfile()))
		return vox_error_set(err, VOX_E_IO, "%s: cannot make a "
				     "temporary file", o->name);
	ob = xmlOutputBufferCreateIO(body_write, body_close, o, NULL);
	if (!ob || !(o->w = xmlNewTextWriter(ob)))
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	/*
	 * A declaration of UTF-8 makes libxml2 write characters as they
	 * are rather than as references; the declaration itself is the
	 * app's, written at close().
	 */
	o->skip = 1;
	chk(wr, xmlTextWriterStartDocument(o->w, NULL, "UTF-8", NULL));
	chk(wr, xmlTextWriterFlush(o->w));
	o->skip = 0;
	return VOX_OK;
}

/* A UUID (RFC 9562 version 8) from the digest of both bodies. */
static void backup_set(struct writer *wr, char out[37])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dlen = 0;
	size_t i, j = 0;

	memset(d, 0, sizeof(d));
	EVP_DigestFinal_ex(wr->md, d, &dlen);
	d[6] = (unsigned char)((d[6] & 0x0F) | 0x80);
	d[8] = (unsigned char)((d[8] & 0x3F) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[j++] = '-';
		snprintf(out + j, 3, "%02x", d[i]);
		j += 2;
	}
	out[j] = '\0';
}

/* The app's declaration and root, the body, the end. */
static int out_finish(struct writer *wr, struct out *o, const char *set,
		      struct vox_error *err)
{
	xmlOutputBufferPtr ob;
	xmlTextWriterPtr h;
	char buf[8192];
	size_t n;
	int bad = 0;

	chk(wr, xmlTextWriterFlush(o->w));
	xmlFreeTextWriter(o->w);
	o->w = NULL;
	if (wr->failed || o->ioerr || fflush(o->body) != 0)
		return vox_error_set(err, VOX_E_IO, "%s: cannot write its "
				     "temporary file", o->name);
	ob = xmlOutputBufferCreateFile(o->file, NULL);
	if (!ob || !(h = xmlNewTextWriter(ob)))
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	bad |= xmlTextWriterWriteRaw(h, (const xmlChar *)"<?xml version='1.0' "
				     "encoding='UTF-8' standalone='yes' ?>\n")
		< 0;
	bad |= xmlTextWriterStartElement(h, (const xmlChar *)o->root) < 0;
	bad |= xmlTextWriterWriteFormatAttribute(h, (const xmlChar *)"count",
						 "%llu", o->count) < 0;
	bad |= xmlTextWriterWriteAttribute(h, (const xmlChar *)"backup_set",
					   (const xmlChar *)set) < 0;
	bad |= xmlTextWriterWriteFormatAttribute(h, (const xmlChar *)
						 "backup_date", "%lld",
						 (long long)wr->newest) < 0;
	bad |= xmlTextWriterWriteAttribute(h, (const xmlChar *)"type",
					   (const xmlChar *)"full") < 0;
	bad |= xmlTextWriterWriteRaw(h, (const xmlChar *)"\n") < 0;
	bad |= xmlTextWriterFlush(h) < 0;
	rewind(o->body);
	while (!bad && (n = fread(buf, 1, sizeof(buf), o->body)) > 0)
		bad |= fwrite(buf, 1, n, o->file) != n;
	bad |= ferror(o->body) != 0;
	bad |= xmlTextWriterEndElement(h) < 0;
	bad |= xmlTextWriterWriteRaw(h, (const xmlChar *)"\n") < 0;
	bad |= xmlTextWriterFlush(h) < 0;
	xmlFreeTextWriter(h);
	bad |= fclose(o->file) != 0;
	o->file = NULL;
	if (bad)
		return vox_error_set(err, VOX_E_IO, "%s: cannot write it",
				     o->name);
	return VOX_OK;
}

/* ---- messages ---------------------------------------------------------- */

/* As the source wrote the party, else its number; NULL when neither. */
static const char *party_text(const struct vox_party *p)
{
	return p->raw ? p->raw : p->number;
}

static int has_text(const struct vox_party *p)
{
	const char *t = party_text(p);

	return t && *t;
}

static const char *join_to(struct writer *wr, const struct vox_message *m)
{
	size_t len = 1, i;
	char *s;

	if (!m->nto)
		return NULL;
	for (i = 0; i < m->nto; i++)
		len += strlen(party_text(&m->to[i]) ? party_text(&m->to[i]) :
			      "") + 1;
	if (!(s = vox_arena_alloc(&wr->arena, len))) {
		wr->failed = 1;
		return NULL;
	}
	s[0] = '\0';
	for (i = 0, len = 0; i < m->nto; i++) {
		const char *t = party_text(&m->to[i]);
		size_t n = strlen(t ? t : "");

		if (i)
			s[len++] = '~';
		memcpy(s + len, t ? t : "", n + 1);
		len += n;
	}
	return s;
}

/* The address attribute: the other party, or the group. */
static const char *address_of(struct writer *wr, const struct vox_message *m,
			      struct extras *x)
{
	const char *a = x->own ? take(x, "address") : NULL;

	if (a)
		return a;
	if (m->direction == VOX_DIR_INBOUND && (has_text(&m->from) ||
						!m->nto))
		return party_text(&m->from);
	return join_to(wr, m);
}

static const char *contact_of(const struct vox_message *m, struct extras *x)
{
	const char *c = x->own ? take(x, "contact_name") : NULL;

	if (c)
		return c;
	if (m->direction == VOX_DIR_INBOUND && m->from.name)
		return m->from.name;
	if (m->direction != VOX_DIR_INBOUND && m->nto == 1 && m->to[0].name)
		return m->to[0].name;
	return "(Unknown)";
}

static const char *where(struct writer *wr, const struct vox_source_ref *s,
			 const char *id)
{
	const char *w = NULL;

	if (s->file && s->line)
		w = vox_arena_printf(&wr->arena, "%s:%llu", s->file,
				     (unsigned long long)s->line);
	else if (s->file)
		w = s->file;
	return w ? w : id ? id : "a record";
}

/* The type (sms) or msg_box (mms) code; NULL when none can be told. */
static const char *box_code(const struct vox_message *m, struct extras *x,
			    int mms)
{
	static const char *const codes[] = { NULL, "1", "2", "3", "4", "5",
					     "6" };
	const char *c;

	if (m->box != VOX_BOX_UNKNOWN)
		return mms && m->box == VOX_BOX_QUEUED ? "4" : codes[m->box];
	c = x->own ? take(x, mms ? "msg_box" : "type") : NULL;
	if (c)
		return c;
	if (m->direction == VOX_DIR_INBOUND)
		return "1";
	if (m->direction == VOX_DIR_OUTBOUND ||
	    m->direction == VOX_DIR_INTERNAL)
		return "2";
	return NULL;
}

static void write_sms(struct writer *wr, struct out *o,
		      const struct vox_message *m, struct extras *x,
		      const char *type)
{
	char rd[64];
	struct el e;

	layout(wr, o, "  ");
	el_start(&e, wr, o, "sms");
	slot_or(&e, x, "protocol", "0");
	attr(&e, "address", address_of(wr, m, x));
	attr_int(&e, "date", m->date);
	attr(&e, "type", type);
	attr(&e, "subject", m->subject);
	attr(&e, "body", m->body);
	slot(&e, x, "toa");
	slot(&e, x, "sc_toa");
	slot(&e, x, "service_center");
	attr(&e, "read", read_of(m));
	slot_or(&e, x, "status", "-1");
	slot_or(&e, x, "locked", "0");
	attr_int(&e, "date_sent", m->date_sent == VOX_TIME_NONE ? 0 :
		 m->date_sent);
	slot_opt(&e, x, "sub_id");
	attr(&e, "readable_date", readable(wr, m->date, rd, sizeof(rd)));
	attr(&e, "contact_name", contact_of(m, x));
	rest(&e, x);
	el_end(&e);
	layout(wr, o, "\n");
}

static int text_part(const struct vox_message_part *p)
{
	return is(p->content_type, "text/plain") ||
	       is(p->content_type, "application/smil");
}

/* The body, when no text/plain part holds text (the reader joins them). */
static int body_needs_part(const struct vox_message *m)
{
	if (!m->body || !*m->body)
		return 0;
	for (size_t i = 0; i < m->nparts; i++)
		if (m->parts[i].text && is(m->parts[i].content_type,
					   "text/plain"))
			return 0;
	return 1;
}

/* base64 of the part's bytes in the spool, written as they are read. */
static int part_data(struct writer *wr, struct out *o,
		     const struct vox_message_part *p)
{
	unsigned char *in = wr->in, *b64 = wr->b64;
	int fd = fileno(wr->args.spool);
	uint64_t at = p->spool_offset, left = p->bytes;

	if (fflush(wr->args.spool) != 0 || fd < 0)
		return VOX_ERR;
	chk(wr, xmlTextWriterStartAttribute(o->w, (const xmlChar *)"data"));
	while (left) {
		size_t want = left < CHUNK ? (size_t)left : CHUNK;
		ssize_t got = pread(fd, in, want, (off_t)at);

		if (got != (ssize_t)want)
			return VOX_ERR;
		EVP_EncodeBlock(b64, in, (int)want);
		chk(wr, xmlTextWriterWriteString(o->w, b64));
		at += want;
		left -= want;
	}
	chk(wr, xmlTextWriterEndAttribute(o->w));
	return VOX_OK;
}

/* "<IMG_0001>" for "IMG_0001.jpg", as the app names its parts. */
static const char *cid_of(struct writer *wr, const char *name)
{
	const char *dot;

	if (!name || !*name)
		return NULL;
	dot = strrchr(name, '.');
	return vox_arena_printf(&wr->arena, "<%.*s>", (int)(dot && dot != name ?
							   dot - name :
							   (long)strlen(name)),
				name);
}

static int write_part(struct writer *wr, struct out *o,
		      const struct vox_message_part *p, size_t n,
		      struct extras *x, struct vox_error *err)
{
	int textual = text_part(p);
	struct el e;

	layout(wr, o, "\n      ");
	el_start(&e, wr, o, "part");
	attr(&e, "seq", is(p->content_type, "application/smil") ? "-1" : "0");
	attr(&e, "ct", p->content_type ? p->content_type :
	     "application/octet-stream");
	attr(&e, "name", p->name);
	attr(&e, "chset", textual ? "106" : NULL);
	attr(&e, "cd", NULL);
	attr(&e, "fn", NULL);
	attr(&e, "cid", cid_of(wr, p->name));
	attr(&e, "cl", p->name);
	attr(&e, "ctt_s", NULL);
	attr(&e, "ctt_t", NULL);
	attr(&e, "text", p->text);
	child_rest(&e, x, "part", n);
	if (p->spooled && wr->args.spool && !p->text) {
		if (part_data(wr, o, p) != VOX_OK)
			return vox_error_set(err, VOX_E_IO, "%s: cannot read "
					     "the spool of MMS parts",
					     o->name);
	}
	el_end(&e);
	return VOX_OK;
}

/* A "~" list of extra "cc" or "bcc" holds this party. */
static int listed(const char *list, const char *t)
{
	size_t n = strlen(t);
	const char *s = list;

	while (s) {
		const char *tilde = strchr(s, '~');
		size_t len = tilde ? (size_t)(tilde - s) : strlen(s);

		if (len == n && strncmp(s, t, n) == 0)
			return 1;
		s = tilde ? tilde + 1 : NULL;
	}
	return 0;
}

/* The unused value of "addr<n>.<name>", now used; NULL when none. */
static const char *take_child(struct extras *x, const char *prefix, size_t n,
			      const char *name)
{
	for (size_t i = 0; i < x->x->n; i++) {
		const char *k = child_key(x->x->v[i].key, prefix, n);

		if (!x->used[i] && is(k, name)) {
			x->used[i] = 1;
			return x->x->v[i].value;
		}
	}
	return NULL;
}

static void write_addr(struct writer *wr, struct out *o, const char *address,
		       const char *type, size_t n, struct extras *x)
{
	const char *t = x->own ? take_child(x, "addr", n, "type") : NULL;
	struct el e;

	layout(wr, o, "\n      ");
	el_start(&e, wr, o, "addr");
	attr(&e, "address", address);
	attr(&e, "type", t ? t : type);
	attr(&e, "charset", "106");
	child_rest(&e, x, "addr", n);
	el_end(&e);
}

static void write_addrs(struct writer *wr, struct out *o,
			const struct vox_message *m, struct extras *x)
{
	const char *cc = take(x, "cc"), *bcc = take(x, "bcc");
	size_t n = 0, i;

	layout(wr, o, "\n    ");
	chk(wr, xmlTextWriterStartElement(o->w, (const xmlChar *)"addrs"));
	if (party_text(&m->from))
		write_addr(wr, o, party_text(&m->from), "137", ++n, x);
	else if (m->direction != VOX_DIR_INBOUND)
		write_addr(wr, o, "insert-address-token", "137", ++n, x);
	for (i = 0; i < m->nto; i++) {
		const char *t = party_text(&m->to[i]);

		t = t ? t : "";
		write_addr(wr, o, t, cc && listed(cc, t) ? "130" :
			   bcc && listed(bcc, t) ? "129" : "151", ++n, x);
	}
	layout(wr, o, "\n    ");
	chk(wr, xmlTextWriterEndElement(o->w));
}

static int write_mms(struct writer *wr, struct out *o,
		     const struct vox_message *m, struct extras *x,
		     const char *box, struct vox_error *err)
{
	const char *m_type = x->own ? take(x, "m_type") : NULL;
	const char *ct_t = x->own ? take(x, "ct_t") : NULL;
	int text_only = 1;
	char rd[64];
	struct el e;
	size_t i;

	for (i = 0; i < m->nparts; i++)
		text_only &= text_part(&m->parts[i]);
	if (!m_type)
		m_type = m->box == VOX_BOX_RECEIVED ||
			(m->box == VOX_BOX_UNKNOWN && is(box, "1")) ? "132" :
			"128";
	layout(wr, o, "  ");
	el_start(&e, wr, o, "mms");
	attr_int(&e, "date", m->date);
	slot(&e, x, "rr");
	attr(&e, "sub", m->subject);
	attr(&e, "ct_t", ct_t ? ct_t : "application/vnd.wap.multipart.related");
	slot(&e, x, "read_status");
	slot_or(&e, x, "seen", read_of(m));
	attr(&e, "msg_box", box);
	attr(&e, "address", address_of(wr, m, x));
	slot(&e, x, "sub_cs");
	slot(&e, x, "resp_st");
	slot(&e, x, "retr_st");
	slot(&e, x, "d_tm");
	{
		const char *t = x->own ? take(x, "text_only") : NULL;

		attr(&e, "text_only", t ? t : text_only ? "1" : "0");
	}
	slot(&e, x, "exp");
	slot_or(&e, x, "locked", "0");
	attr(&e, "m_id", m->id);
	slot(&e, x, "st");
	slot(&e, x, "retr_txt_cs");
	slot(&e, x, "retr_txt");
	slot(&e, x, "creator");
	attr_int(&e, "date_sent", m->date_sent == VOX_TIME_NONE ? 0 :
		 floordiv(m->date_sent, 1000));
	attr(&e, "read", read_of(m));
	slot(&e, x, "m_size");
	slot(&e, x, "rpt_a");
	slot(&e, x, "ct_cls");
	slot(&e, x, "pri");
	slot_opt(&e, x, "sub_id");
	slot(&e, x, "tr_id");
	slot(&e, x, "resp_txt");
	slot(&e, x, "ct_l");
	slot(&e, x, "m_cls");
	slot(&e, x, "d_rpt");
	slot(&e, x, "v");
	attr(&e, "m_type", m_type);
	attr(&e, "readable_date", readable(wr, m->date, rd, sizeof(rd)));
	attr(&e, "contact_name", contact_of(m, x));
	rest(&e, x);

	layout(wr, o, "\n    ");
	chk(wr, xmlTextWriterStartElement(o->w, (const xmlChar *)"parts"));
	for (i = 0; i < m->nparts; i++)
		if (write_part(wr, o, &m->parts[i], i + 1, x, err) != VOX_OK)
			return VOX_ERR;
	if (body_needs_part(m)) {
		struct vox_message_part p = { 0 };

		p.content_type = "text/plain";
		p.name = "text_0.txt";
		p.text = m->body;
		if (write_part(wr, o, &p, i + 1, x, err) != VOX_OK)
			return VOX_ERR;
	}
	layout(wr, o, "\n    ");
	chk(wr, xmlTextWriterEndElement(o->w));
	write_addrs(wr, o, m, x);
	layout(wr, o, "\n  ");
	el_end(&e);
	layout(wr, o, "\n");
	return VOX_OK;
}

static int write_message(struct writer *wr, const struct vox_message *m,
			 struct vox_error *err)
{
	struct out *o = &wr->out[OUT_SMS];
	int mms = m->type == VOX_MSG_MMS || m->nparts > 0;
	struct extras x;
	const char *box;

	if (m->date == VOX_TIME_NONE || m->date <= 0)
		return vox_error_set(err, VOX_E_DATA, "%s: message without a "
				     "date after 1970",
				     where(wr, &m->source, m->id));
	if (extras_init(wr, &x, &m->extra, &m->source) != VOX_OK)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	box = box_code(m, &x, mms);
	if (!box)
		return vox_error_set(err, VOX_E_DATA, "%s: message with "
				     "neither box nor direction (no subject): "
				     "no sms type",
				     where(wr, &m->source, m->id));
	take(&x, "presentation");	/* the reader's, from the address */
	take(&x, "count");
	if (out_open(wr, o, err) != VOX_OK)
		return VOX_ERR;
	if (mms) {
		if (write_mms(wr, o, m, &x, box, err) != VOX_OK)
			return VOX_ERR;
	} else {
		write_sms(wr, o, m, &x, box);
	}
	if (m->date > wr->newest)
		wr->newest = m->date;
	o->count++;
	return VOX_OK;
}

/* ---- calls ------------------------------------------------------------- */

/* The call log type of a call; NULL when it cannot be told. */
static const char *call_type(const struct vox_call *c,
			     const struct vox_call_leg *leg, struct extras *x)
{
	static const char *const names[] = {
		"other", "incoming", "outgoing", "missed", "voicemail",
		"rejected", "blocked", "answered_externally", NULL
	};
	static const char *const codes[] = { NULL, "1", "2", "3", "4", "5",
					     "6", "7" };
	const char *t;
	size_t i;

	for (i = 1; leg && names[i]; i++)
		if (is(leg->disposition, names[i]))
			return codes[i];
	if (leg && is(leg->disposition, "other") && x->own &&
	    (t = take(x, "type")))
		return t;
	switch (c->direction) {
	case VOX_DIR_OUTBOUND:
	case VOX_DIR_INTERNAL:
		return "2";
	case VOX_DIR_INBOUND:
		if (c->status == VOX_CALL_ANSWERED ||
		    (c->status == VOX_CALL_UNKNOWN && c->billsec > 0))
			return "1";
		return c->status == VOX_CALL_BUSY ? "5" : "3";
	default:
		return NULL;
	}
}

/* presentation from the reader's names; "1" (allowed) when none. */
static const char *presentation(struct extras *x)
{
	const char *p = take(x, "presentation");

	if (is(p, "restricted"))
		return "2";
	if (is(p, "unknown"))
		return "3";
	if (is(p, "payphone"))
		return "4";
	return p ? p : "1";
}

/* Android's placeholders for a withheld number, kept as written. */
static const char *call_number(const struct vox_party *p, const char *pres)
{
	const char *t = party_text(p);

	if (!is(pres, "1") && p->number && !*p->number && t &&
	    !is(t, "-1") && !is(t, "-2") && !is(t, "-3"))
		return "";
	return t ? t : "";
}

static int write_call(struct writer *wr, const struct vox_call *c,
		      struct vox_error *err)
{
	static const struct vox_extra none = { NULL, 0, 0 };
	const struct vox_call_leg *leg = c->nlegs ? &c->legs[0] : NULL;
	struct out *o = &wr->out[OUT_CALLS];
	const struct vox_party *p;
	const char *type, *pres, *contact;
	int64_t talk;
	struct extras x;
	char rd[64];
	struct el e;

	if (c->start == VOX_TIME_NONE || c->start <= 0)
		return vox_error_set(err, VOX_E_DATA, "%s: call without a "
				     "start after 1970",
				     where(wr, &c->source, c->id));
	if (extras_init(wr, &x, leg ? &leg->extra : &none, &c->source) !=
	    VOX_OK)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	type = call_type(c, leg, &x);
	if (!type)
		return vox_error_set(err, VOX_E_DATA, "%s: call of unknown "
				     "direction (no subject): no call log type",
				     where(wr, &c->source, c->id));
	take(&x, "count");
	if (out_open(wr, o, err) != VOX_OK)
		return VOX_ERR;
	p = is(type, "2") ? &c->to : &c->from;
	pres = presentation(&x);
	contact = x.own ? take(&x, "contact_name") : NULL;
	talk = c->billsec >= 0 ? c->billsec :
		c->status == VOX_CALL_ANSWERED && c->duration > 0 ?
		c->duration : 0;

	layout(wr, o, "  ");
	el_start(&e, wr, o, "call");
	attr(&e, "number", call_number(p, pres));
	attr_int(&e, "duration", talk);
	attr_int(&e, "date", c->start);
	attr(&e, "type", type);
	attr(&e, "presentation", pres);
	slot(&e, &x, "subscription_id");
	slot(&e, &x, "post_dial_digits");
	slot(&e, &x, "subscription_component_name");
	attr(&e, "readable_date", readable(wr, c->start, rd, sizeof(rd)));
	attr(&e, "contact_name", contact ? contact : p->name ? p->name :
	     "(Unknown)");
	rest(&e, &x);
	el_end(&e);
	layout(wr, o, "\n");
	if (c->start > wr->newest)
		wr->newest = c->start;
	o->count++;
	return VOX_OK;
}

/* ---- the target -------------------------------------------------------- */

static const struct vox_loss lost[] = {
	/* Counted only for parts whose bytes did not come (not spooled). */
	{ VOX_MESSAGE, "parts.data", 0, "the part's bytes are not at hand "
	  "(export --with-attachments keeps them)", NULL },
	{ VOX_MESSAGE, "id", 0, "an sms has no id (an mms keeps it as m_id)", NULL },
	{ VOX_MESSAGE, "thread", 0, "the phone makes threads from the "
	  "addresses", NULL },
	{ VOX_MESSAGE, "parts.member", 0, "the backup holds the bytes, not "
	  "the archive's paths", NULL },
	{ VOX_CALL, "id", 0, "the call log has no id", NULL },
	{ VOX_CALL, "answer", 0, "the call log keeps the start and the talk "
	  "time: duration becomes billsec", NULL },
	{ VOX_CALL, "account_code", 0, "the call log has no account", NULL },
	{ VOX_CALL, "legs.more", 0, "one call log entry per call", NULL },
	{ VOX_CALL, "legs.id", 0, "the call log has no leg", NULL },
	{ VOX_CALL, "legs.channel", 0, "the call log has no channel", NULL },
	{ VOX_CALL, "legs.peer_channel", 0, "the call log has no channel", NULL },
	{ VOX_CALL, "legs.context", 0, "the call log has no dialplan", NULL },
	{ VOX_CALL, "legs.application", 0, "the call log has no dialplan", NULL },
	{ VOX_CALL, "legs.application_data", 0, "the call log has no "
	  "dialplan", NULL },
	{ VOX_CALL, "legs.account_code", 0, "the call log has no account", NULL },
	{ VOX_CALL, "legs.peer_account", 0, "the call log has no account", NULL },
	{ 0, NULL, 0, NULL, NULL },
};

static const struct vox_loss *losses(const void *state)
{
	(void)state;
	return lost;
}

static void free_writer(struct writer *wr)
{
	for (int i = 0; i < NOUT; i++) {
		struct out *o = &wr->out[i];

		if (o->w)
			xmlFreeTextWriter(o->w);
		if (o->body)
			fclose(o->body);
		if (o->file)
			fclose(o->file);
	}
	EVP_MD_CTX_free(wr->md);
	vox_arena_release(&wr->arena);
	free(wr->seg);
	free(wr);
}

static void *open_writer(const struct vox_target_args *args,
			 struct vox_error *err)
{
	struct writer *wr = calloc(1, sizeof(*wr));

	if (!wr) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	wr->args = *args;
	vox_arena_init(&wr->arena);
	wr->out[OUT_SMS].name = "sms.xml";
	wr->out[OUT_SMS].root = "smses";
	wr->out[OUT_CALLS].name = "calls.xml";
	wr->out[OUT_CALLS].root = "calls";
	wr->out[OUT_SMS].wr = wr->out[OUT_CALLS].wr = wr;
	wr->md = EVP_MD_CTX_new();
	if (!wr->md || EVP_DigestInit_ex(wr->md, EVP_sha256(), NULL) != 1) {
		free_writer(wr);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	return wr;
}

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	struct writer *wr = state;

	if (!is(key, "emoji"))
		return vox_error_set(err, VOX_E_USAGE, "unknown option "
				     "\"%.60s\"", key);
	if (is(value, "app"))
		wr->utf8 = 0;
	else if (is(value, "utf8"))
		wr->utf8 = 1;
	else
		return vox_error_set(err, VOX_E_USAGE, "emoji is app or utf8, "
				     "not \"%.60s\"",
				     value ? value : "");
	return VOX_OK;
}

static int write_record(void *state, const struct vox_record *rec,
			struct vox_error *err)
{
	struct writer *wr = state;
	int rc;

	vox_arena_reset(&wr->arena);
	if (rec->kind == VOX_MESSAGE)
		rc = write_message(wr, &rec->u.message, err);
	else if (rec->kind == VOX_CALL)
		rc = write_call(wr, &rec->u.call, err);
	else
		return vox_error_set(err, VOX_E_DATA, "a %s is not written",
				     vox_kind_name(rec->kind));
	if (rc == VOX_OK && wr->failed)
		return vox_error_set(err, VOX_E_IO, "cannot write a temporary "
				     "file");
	return rc;
}

static int close_writer(void *state, int commit, struct vox_error *err)
{
	struct writer *wr = state;
	char set[37];
	int rc = VOX_OK;

	if (!wr)
		return VOX_OK;
	if (commit) {
		/* the digest needs every byte of both bodies */
		for (int i = 0; i < NOUT; i++)
			if (wr->out[i].w)
				chk(wr, xmlTextWriterFlush(wr->out[i].w));
		backup_set(wr, set);
		for (int i = 0; i < NOUT && rc == VOX_OK; i++)
			if (wr->out[i].w)
				rc = out_finish(wr, &wr->out[i], set, err);
	}
	free_writer(wr);
	return rc;
}

const struct vox_target vox_target_sbr_xml = {
	.name = FORMAT,
	.summary = "SMS Backup & Restore sms.xml and calls.xml, for the app "
		   "to restore",
	.kinds = VOX_MESSAGE | VOX_CALL,
	.options = "emoji=app (as the app writes them, &#55357;&#56832;, "
		   "not well-formed XML) or utf8",
	.open = open_writer,
	.option = set_option,
	.losses = losses,
	.write = write_record,
	.close = close_writer,
};
