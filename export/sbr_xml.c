/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sbr_xml.c: SMS Backup & Restore (SyncTech, com.riteshsahu.SMSBackupRestore)
 * backups: sms-*.xml (<smses>) and calls-*.xml (<calls>), as described on
 * synctech.com.au "Fields in XML Backup Files" and its sms.xsd, app 10.x.
 *
 * Every value is an attribute; the literal "null" means absent and is
 * dropped.  The XML goes through src/xml_safe.c: no entities, limits, the
 * app's surrogate-pair references (&#55357;&#56832;) repaired, and the
 * base64 `data` of MMS parts streamed through a decoder and SHA-256, never
 * held.  Times: date is milliseconds since the epoch (UTC); date_sent is
 * copied raw from Android's MMS provider and is often seconds, so any
 * time below 10^11 is read as seconds (10^11 ms is 1973).
 *
 * <sms> is one VOX_MESSAGE of type sms: type 1-6 is the box (received,
 * sent, draft, outbox, failed, queued) and the direction (received is
 * inbound, the others outbound); address is the other party (from when
 * received, to otherwise); several addresses joined with "~" (a group)
 * are all in `to`, and a received group message has an empty `from`
 * because the app does not say which member sent it.  date, date_sent,
 * body, subject, read (1/0) and thread_id map to the fields of the same
 * meaning; contact_name is the other party's name when there is one party
 * and it is not "(Unknown)", else kept in extra.  readable_date is dropped
 * (it is date formatted in the phone's locale).  Every other attribute
 * (protocol, service_center, status, locked, sub_id, toa, ... and unknown
 * ones) goes to extra as written.
 *
 * <mms> is one VOX_MESSAGE of type mms: msg_box (else m_type: 128 sent,
 * 132 received) is the box; sub the subject; m_id the id.  <addrs>/<addr>
 * give the parties (type 137 from, 151 to, 130 cc, 129 bcc; cc and bcc
 * are added to `to` and listed in extra "cc" / "bcc"), else address as for
 * sms.  <parts>/<part> are the parts: ct, name (else cl, else fn), text,
 * and for data the decoded size and SHA-256; base64 that does not decode
 * keeps the part without size or digest and says so in extra
 * "part<N>.data" (the message is kept).  Given a spool
 * (vox_source_args.spool, for export --with-attachments) the decoded bytes
 * are appended there as they are decoded, and the part says where
 * (spooled, spool_offset); they are written over from the next call to
 * next() on.  The body is the text/plain parts' text joined by
 * newlines.  Other part and addr attributes are
 * dropped when known (seq, chset, cd, cid, ctt_s, ctt_t, charset) and kept
 * in extra as "part<N>.<name>" / "addr<N>.<name>" when not.
 *
 * <call> is one VOX_CALL of one leg: type 1 incoming, 2 outgoing, 3
 * missed, 4 voicemail, 5 rejected, 6 blocked, 7 answered externally (the
 * disposition, lower case, and direction and status from it; other types
 * are "other", their number in extra); number the other party; date the
 * start; duration, the talk time in seconds, is duration and billsec;
 * contact_name as for sms.  A number that is empty, "-1", "-2" or "-3"
 * (Android's unknown, private, payphone) is a withheld party: raw as
 * written, number empty, and extra "presentation" (restricted, unknown,
 * payphone; presentation 2, 3, 4 says which, else the number does).  A
 * number with a presentation other than 1 keeps it in extra too.  The
 * answer time is not known (the app keeps no ringing time).  Other
 * attributes go to the leg's extra.
 *
 * Numbers are kept raw and normalised to E.164 with the default country
 * when they are numbers; alphanumeric senders stay as written.  The root's
 * count is checked: when it disagrees with the records in the file, the
 * last record carries extra "count" ("root count=5, 4 in the file"),
 * since a reader cannot warn.  Duplicate records are all yielded.  Record
 * ids are m_id for MMS, else "<file>:<line>".  Limits: a message keeps at
 * most 1000 parties (more are dropped), and a record holding more than
 * 64 MiB of strings (a hostile MMS of a million parts) ends the stream
 * with VOX_E_LIMIT.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "phone.h"
#include "record.h"
#include "voxport/source.h"
#include "xml_safe.h"

#define FORMAT "sbr-xml"
#define MAX_PARTIES 1000	/* of one message */
#define MAX_RECORD (64u << 20)	/* bytes of strings one record may hold */

enum root { R_NONE, R_SMSES, R_CALLS };

struct reader {
	struct vox_xml *xml;
	const char *name;
	const struct vox_phone_plan *plan;
	enum root root;
	int ended;		/* no more records: the end, or broken XML */
	int positioned;		/* on a node next() has not looked at */
	int has_count;
	unsigned long long count, seen;
	struct vox_error pending;	/* found while looking ahead */
	int oom;
	size_t held;		/* bytes the record holds, against MAX_RECORD */
	unsigned long line;	/* of the record being read */
	struct vox_error rec_err;	/* a bad mms, told at its end */
	const char *addr, *contact;	/* of the message being read */
	size_t nparts, naddrs;
	struct vox_arena arena;
	struct vox_record rec;
	struct vox_call_leg leg;
};

static const struct vox_xml_blob_attr blob_attr = { "part", "data" };

/* ---- bidding ---------------------------------------------------------- */

/* Skip blanks, the XML declaration, comments and PIs: the root's offset. */
static size_t prolog_end(const unsigned char *b, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (;;) {
		while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' ||
				   b[i] == '\n'))
			i++;
		if (i + 4 <= len && memcmp(b + i, "<!--", 4) == 0) {
			for (i += 4; i + 3 <= len; i++)
				if (memcmp(b + i, "-->", 3) == 0)
					break;
			if (i + 3 > len)
				return len;
			i += 3;
		} else if (i + 2 <= len && memcmp(b + i, "<?", 2) == 0) {
			for (i += 2; i + 2 <= len; i++)
				if (memcmp(b + i, "?>", 2) == 0)
					break;
			if (i + 2 > len)
				return len;
			i += 2;
		} else {
			return i;
		}
	}
}

static int bid(const unsigned char *buf, size_t len)
{
	static const char *const roots[] = { "<smses", "<calls" };
	size_t i = prolog_end(buf, len), k;

	for (k = 0; k < 2; k++) {
		size_t n = strlen(roots[k]);

		if (len - i > n && memcmp(buf + i, roots[k], n) == 0 &&
		    strchr(" \t\r\n>/", buf[i + n]) && buf[i + n])
			return 60;	/* a root element of 5 letters */
	}
	return 0;
}

/* ---- helpers ---------------------------------------------------------- */

static xmlTextReaderPtr xr(struct reader *r)
{
	return vox_xml_reader(r->xml);
}

static int is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

static const char *node_name(struct reader *r)
{
	return (const char *)xmlTextReaderConstName(xr(r));
}

/*
 * Count bytes a record takes; 0 once it is over MAX_RECORD (a hostile
 * MMS with a million parts), which next_record() then reports.
 */
static int charge(struct reader *r, size_t n)
{
	if (r->held > MAX_RECORD)
		return 0;
	r->held += n;
	return r->held <= MAX_RECORD;
}

static const char *copy(struct reader *r, const char *s)
{
	char *c;

	if (!s || !charge(r, strlen(s) + 1))
		return NULL;
	c = vox_arena_strdup(&r->arena, s);
	if (!c)
		r->oom = 1;
	return c;
}

static void add_extra(struct reader *r, struct vox_extra *x, const char *key,
		      const char *value)
{
	if (!value || !charge(r, strlen(key) + strlen(value) + 32))
		return;
	if (vox_extra_add(&r->arena, x, key, value) != VOX_OK)
		r->oom = 1;
}

static int data_error(struct reader *r, struct vox_error *err,
		      const char *what, const char *value)
{
	if (value)
		return vox_error_set(err, VOX_E_DATA, "%s:%lu: %s \"%.60s\"",
				     r->name, r->line, what, value);
	return vox_error_set(err, VOX_E_DATA, "%s:%lu: %s", r->name, r->line,
			     what);
}

/* A non-negative integer, all digits; -1 when not one. */
static long long integer(const char *s)
{
	long long v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 922337203685477580LL)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* A time in ms or s; 0 is none.  VOX_ERR when not a number. */
static int epoch(const char *s, int64_t *ms)
{
	long long v = integer(s);

	*ms = VOX_TIME_NONE;
	if (v < 0)
		return VOX_ERR;
	if (v == 0)
		return VOX_OK;
	if (v < 100000000000LL)
		v *= 1000;	/* seconds, as date_sent often is */
	if (v > 253402300799999LL)
		return VOX_ERR;	/* after 9999: no RFC 3339 form */
	*ms = v;
	return VOX_OK;
}

/*
 * Why a party is withheld, or NULL: Android's CallerInfo numbers ("-1"
 * unknown, "-2" private, "-3" payphone) or no number, the reason told by
 * presentation (2 restricted, 3 unknown, 4 payphone) when it says one.
 */
static const char *presentation_name(const char *p)
{
	if (is(p, "2"))
		return "restricted";
	if (is(p, "3"))
		return "unknown";
	if (is(p, "4"))
		return "payphone";
	return NULL;
}

static const char *withheld(const char *raw, const char *presentation)
{
	const char *why = presentation_name(presentation);

	if (raw && *raw && !is(raw, "-1") && !is(raw, "-2") && !is(raw, "-3"))
		return NULL;
	if (why)
		return why;
	if (is(raw, "-2"))
		return "restricted";
	if (is(raw, "-3"))
		return "payphone";
	return "unknown";
}

static void party(struct reader *r, struct vox_party *p, const char *raw,
		  const char *presentation, struct vox_extra *x)
{
	const char *why = withheld(raw, presentation);
	size_t len, outsz;
	char *out;

	p->raw = copy(r, raw ? raw : "");
	if (why) {
		p->number = "";
		if (x)
			add_extra(r, x, "presentation", why);
		return;
	}
	len = strlen(raw);
	outsz = len + VOX_PHONE_E164_MAX;
	out = vox_arena_alloc(&r->arena, outsz);
	if (!out) {
		r->oom = 1;
		return;
	}
	out[0] = '\0';
	vox_phone_normalise(r->plan, raw, len, out, outsz);
	p->number = out[0] && strcmp(out, p->raw) != 0 ? out : p->raw;
}

/* "<file>:<line>", an id for records that have none. */
static const char *line_id(struct reader *r)
{
	const char *id = vox_arena_printf(&r->arena, "%s:%lu", r->name,
					  r->line);

	if (!id)
		r->oom = 1;
	return id;
}

/* The next node; after the end or an error there is no other (libxml2
 * cannot go on after an error). */
static int step(struct reader *r, struct vox_error *err)
{
	int rc = vox_xml_read(r->xml, err);

	if (rc != VOX_OK)
		r->ended = 1;
	return rc;
}

/* ---- messages --------------------------------------------------------- */

static struct vox_message *msg(struct reader *r)
{
	return &r->rec.u.message;
}

static struct vox_party *add_to(struct reader *r)
{
	struct vox_message *m = msg(r);
	struct vox_party *p;

	if (m->nto >= MAX_PARTIES || !charge(r, sizeof(*p)))
		return NULL;
	p = vox_arena_push(&r->arena, &m->to, &m->nto, &m->capto, sizeof(*p));
	if (!p)
		r->oom = 1;
	return p;
}

/* The address attribute: one number, or several joined with "~". */
static void address(struct reader *r, const char *addr, int inbound)
{
	struct vox_message *m = msg(r);
	const char *s = addr, *tilde;

	if (!strchr(addr, '~')) {
		if (inbound)
			party(r, &m->from, addr, NULL, &m->extra);
		else if (add_to(r))
			party(r, &m->to[m->nto - 1], addr, NULL, &m->extra);
		return;
	}
	if (inbound)
		m->from.raw = m->from.number = "";	/* one of them */
	add_extra(r, &m->extra, "address", addr);
	for (;;) {
		struct vox_party *p;
		char *one;

		tilde = strchr(s, '~');
		one = vox_arena_strndup(&r->arena, s,
					tilde ? (size_t)(tilde - s) : strlen(s));
		if (!one || !(p = add_to(r)))
			break;
		party(r, p, one, NULL, NULL);
		if (!tilde)
			break;
		s = tilde + 1;
	}
}

/*
 * contact_name names the party of a one-party address attribute (found
 * again among those of <addrs>); a group's names stay in extra.
 */
static void name_other_party(struct reader *r)
{
	struct vox_message *m = msg(r);
	struct vox_party *p = NULL;
	size_t i;

	if (!r->contact || is(r->contact, "(Unknown)"))
		return;
	if (r->addr && !strchr(r->addr, '~')) {
		if (is(m->from.raw, r->addr))
			p = &m->from;
		for (i = 0; !p && i < m->nto; i++)
			if (is(m->to[i].raw, r->addr))
				p = &m->to[i];
	}
	if (p)
		p->name = r->contact;
	else
		add_extra(r, &m->extra, "contact_name", r->contact);
}

static enum vox_message_box box_of(long long t)
{
	static const enum vox_message_box box[] = {
		VOX_BOX_UNKNOWN, VOX_BOX_RECEIVED, VOX_BOX_SENT,
		VOX_BOX_DRAFT, VOX_BOX_OUTBOX, VOX_BOX_FAILED, VOX_BOX_QUEUED,
	};

	return t >= 1 && t <= 6 ? box[t] : VOX_BOX_UNKNOWN;
}

/*
 * The attributes of <sms> or <mms>.  An mms's parties may come later from
 * <addrs>; its address is kept aside until then.
 */
static int message_start(struct reader *r, int mms, struct vox_error *err)
{
	struct vox_message *m = msg(r);
	const char *date = NULL;
	const char *m_type = NULL, *box = NULL;
	int rc;

	r->rec.kind = VOX_MESSAGE;
	vox_message_init(m);
	m->type = mms ? VOX_MSG_MMS : VOX_MSG_SMS;
	m->source.format = FORMAT;
	m->source.file = r->name;
	m->source.line = r->line;
	r->nparts = r->naddrs = 0;
	r->addr = r->contact = NULL;
	for (rc = xmlTextReaderMoveToFirstAttribute(xr(r)); rc == 1;
	     rc = xmlTextReaderMoveToNextAttribute(xr(r))) {
		const char *k = node_name(r);
		const char *v = (const char *)xmlTextReaderConstValue(xr(r));

		if (!k || !v || is(v, "null") || is(k, "readable_date"))
			continue;
		if (is(k, "address"))
			r->addr = copy(r, v);
		else if (is(k, "contact_name"))
			r->contact = copy(r, v);
		else if (is(k, "date"))
			date = copy(r, v);
		else if (is(k, "date_sent")) {
			if (epoch(v, &m->date_sent) != VOX_OK)
				return data_error(r, err, "bad date_sent", v);
		} else if (is(k, mms ? "msg_box" : "type"))
			box = copy(r, v);
		else if (mms && is(k, "m_type"))
			m_type = copy(r, v);
		else if (is(k, "body") && !mms)
			m->body = copy(r, v);
		else if (is(k, mms ? "sub" : "subject"))
			m->subject = copy(r, v);
		else if (is(k, "read") && (is(v, "0") || is(v, "1")))
			m->read = v[0] == '1';
		else if (is(k, "thread_id"))
			m->thread = copy(r, v);
		else if (mms && is(k, "m_id"))
			m->id = copy(r, v);
		else if (is(k, "_id"))
			m->source.id = copy(r, v);
		else
			add_extra(r, &m->extra, k, v);
	}
	xmlTextReaderMoveToElement(xr(r));
	if (!date)
		return data_error(r, err, mms ? "mms without date" :
				  "sms without date", NULL);
	if (epoch(date, &m->date) != VOX_OK || m->date == VOX_TIME_NONE)
		return data_error(r, err, "bad date", date);
	m->box = box_of(integer(box));
	if (box && m->box == VOX_BOX_UNKNOWN)
		add_extra(r, &m->extra, mms ? "msg_box" : "type", box);
	if (mms && !box) {
		if (is(m_type, "128"))
			m->box = VOX_BOX_SENT;
		else if (is(m_type, "132"))
			m->box = VOX_BOX_RECEIVED;
	}
	if (m_type)
		add_extra(r, &m->extra, "m_type", m_type);
	m->direction = m->box == VOX_BOX_UNKNOWN ? VOX_DIR_UNKNOWN :
		m->box == VOX_BOX_RECEIVED ? VOX_DIR_INBOUND : VOX_DIR_OUTBOUND;
	if (!m->id)
		m->id = line_id(r);
	if (r->addr)
		address(r, r->addr, m->direction == VOX_DIR_INBOUND);
	return VOX_OK;
}

/* Kept part and addr attributes, by name; the rest is known and dropped. */
static void child_extra(struct reader *r, const char *what, size_t n,
			const char *k, const char *v)
{
	char key[80];

	snprintf(key, sizeof(key), "%s%zu.%.60s", what, n, k);
	add_extra(r, &msg(r)->extra, key, v);
}

static void add_part(struct reader *r)
{
	static const char *const dropped[] = {
		"seq", "chset", "cd", "cid", "ctt_s", "ctt_t", "sef_type", NULL
	};
	struct vox_message *m = msg(r);
	struct vox_message_part *p;
	const char *cl = NULL, *fn = NULL;
	size_t n = ++r->nparts, i;
	int rc;

	if (!charge(r, sizeof(*p)))
		return;
	p = vox_arena_push(&r->arena, &m->parts, &m->nparts, &m->capparts,
			   sizeof(*p));
	if (!p) {
		r->oom = 1;
		return;
	}
	for (rc = xmlTextReaderMoveToFirstAttribute(xr(r)); rc == 1;
	     rc = xmlTextReaderMoveToNextAttribute(xr(r))) {
		const char *k = node_name(r);
		const char *v = (const char *)xmlTextReaderConstValue(xr(r));
		struct vox_xml_blob b;

		if (!k || !v || is(v, "null"))
			continue;
		for (i = 0; dropped[i] && !is(k, dropped[i]); i++)
			;
		if (dropped[i])
			continue;
		if (is(k, "ct"))
			p->content_type = copy(r, v);
		else if (is(k, "name"))
			p->name = copy(r, v);
		else if (is(k, "cl"))
			cl = copy(r, v);
		else if (is(k, "fn"))
			fn = copy(r, v);
		else if (is(k, "text"))
			p->text = copy(r, v);
		else if (is(k, "data")) {
			if (vox_xml_blob(r->xml, v, &b) == VOX_OK && b.valid) {
				p->bytes = b.bytes;
				p->sha256 = copy(r, b.sha256);
				p->spooled = b.spooled;
				p->spool_offset = b.offset;
			} else {
				child_extra(r, "part", n, "data",
					    "invalid base64");
			}
		} else
			child_extra(r, "part", n, k, v);
	}
	xmlTextReaderMoveToElement(xr(r));
	if (!p->name)
		p->name = cl ? cl : fn;
	if (!p->content_type)
		p->content_type = "application/octet-stream";
}

static void add_addr(struct reader *r, const char **cc, const char **bcc)
{
	struct vox_message *m = msg(r);
	const char *a = NULL, *type = NULL;
	size_t n = ++r->naddrs;
	int rc;

	for (rc = xmlTextReaderMoveToFirstAttribute(xr(r)); rc == 1;
	     rc = xmlTextReaderMoveToNextAttribute(xr(r))) {
		const char *k = node_name(r);
		const char *v = (const char *)xmlTextReaderConstValue(xr(r));

		if (!k || !v || is(v, "null") || is(k, "charset"))
			continue;
		if (is(k, "address"))
			a = copy(r, v);
		else if (is(k, "type"))
			type = copy(r, v);
		else
			child_extra(r, "addr", n, k, v);
	}
	xmlTextReaderMoveToElement(xr(r));
	if (!a)
		return;
	if (is(type, "137")) {
		/* a sent message's own number, or this placeholder */
		if (!is(a, "insert-address-token"))
			party(r, &m->from, a, NULL, NULL);
		return;
	}
	if (is(type, "130") || is(type, "129")) {
		const char **list = is(type, "130") ? cc : bcc;

		*list = *list ? vox_arena_printf(&r->arena, "%s~%s", *list, a)
			      : a;
	} else if (!is(type, "151")) {
		child_extra(r, "addr", n, "type", type ? type : "");
	}
	if (add_to(r))
		party(r, &m->to[m->nto - 1], a, NULL, NULL);
}

/* The text/plain parts, joined: the MMS's body. */
static void mms_body(struct reader *r)
{
	struct vox_message *m = msg(r);
	size_t i, len = 0;
	char *b;

	for (i = 0; i < m->nparts; i++)
		if (m->parts[i].text && is(m->parts[i].content_type,
					   "text/plain"))
			len += strlen(m->parts[i].text) + 1;
	if (!len)
		return;
	b = vox_arena_alloc(&r->arena, len);
	if (!b) {
		r->oom = 1;
		return;
	}
	b[0] = '\0';
	for (i = 0, len = 0; i < m->nparts; i++) {
		size_t n;

		if (!m->parts[i].text || !is(m->parts[i].content_type,
					     "text/plain"))
			continue;
		if (len)
			b[len++] = '\n';
		n = strlen(m->parts[i].text);
		memcpy(b + len, m->parts[i].text, n + 1);
		len += n;
	}
	m->body = b;
}

/*
 * The children of an <mms> up to its end.  The parties of <addrs>, when
 * there are any, replace those of the address attribute.
 */
static int mms_children(struct reader *r, struct vox_error *err)
{
	struct vox_message *m = msg(r);
	const char *cc = NULL, *bcc = NULL;
	int addrs = 0, rc;

	if (xmlTextReaderIsEmptyElement(xr(r)))
		return VOX_OK;
	while ((rc = step(r, err)) == VOX_OK) {
		int type = xmlTextReaderNodeType(xr(r));
		int depth = xmlTextReaderDepth(xr(r));
		const char *name = node_name(r);

		if (type == XML_READER_TYPE_END_ELEMENT && depth == 1)
			break;
		if (type != XML_READER_TYPE_ELEMENT || r->held > MAX_RECORD)
			continue;
		if (depth == 3 && is(name, "part")) {
			add_part(r);
		} else if (depth == 3 && is(name, "addr")) {
			if (!addrs++) {
				/* <addrs> says it all */
				m->nto = 0;
				m->from.raw = m->from.number = NULL;
				m->from.name = NULL;
			}
			add_addr(r, &cc, &bcc);
		}
	}
	if (rc != VOX_OK)
		return rc == VOX_EOF ? data_error(r, err, "mms without its end",
						  NULL) : rc;
	add_extra(r, &m->extra, "cc", cc);
	add_extra(r, &m->extra, "bcc", bcc);
	mms_body(r);
	return VOX_OK;
}

/* ---- calls ------------------------------------------------------------ */

static int call_start(struct reader *r, struct vox_error *err)
{
	static const struct {
		const char *disposition;
		enum vox_direction dir;
		enum vox_call_status status;
	} types[] = {
		{ "other", VOX_DIR_UNKNOWN, VOX_CALL_UNKNOWN },
		{ "incoming", VOX_DIR_INBOUND, VOX_CALL_ANSWERED },
		{ "outgoing", VOX_DIR_OUTBOUND, VOX_CALL_UNKNOWN },
		{ "missed", VOX_DIR_INBOUND, VOX_CALL_NO_ANSWER },
		{ "voicemail", VOX_DIR_INBOUND, VOX_CALL_NO_ANSWER },
		{ "rejected", VOX_DIR_INBOUND, VOX_CALL_BUSY },
		{ "blocked", VOX_DIR_INBOUND, VOX_CALL_FAILED },
		{ "answered_externally", VOX_DIR_INBOUND, VOX_CALL_ANSWERED },
	};
	struct vox_call_leg *leg = &r->leg;
	struct vox_call *call = &r->rec.u.call;
	const char *number = NULL, *pres = NULL, *contact = NULL;
	const char *date = NULL, *dur = NULL, *type = NULL;
	long long t;
	int rc;

	memset(&r->rec, 0, sizeof(r->rec));
	vox_call_leg_init(leg);
	for (rc = xmlTextReaderMoveToFirstAttribute(xr(r)); rc == 1;
	     rc = xmlTextReaderMoveToNextAttribute(xr(r))) {
		const char *k = node_name(r);
		const char *v = (const char *)xmlTextReaderConstValue(xr(r));

		if (!k || !v || is(v, "null") || is(k, "readable_date"))
			continue;
		if (is(k, "number"))
			number = copy(r, v);
		else if (is(k, "presentation"))
			pres = copy(r, v);
		else if (is(k, "contact_name"))
			contact = copy(r, v);
		else if (is(k, "date"))
			date = copy(r, v);
		else if (is(k, "duration"))
			dur = copy(r, v);
		else if (is(k, "type"))
			type = copy(r, v);
		else
			add_extra(r, &leg->extra, k, v);
	}
	xmlTextReaderMoveToElement(xr(r));
	if (!date)
		return data_error(r, err, "call without date", NULL);
	if (epoch(date, &leg->start) != VOX_OK || leg->start == VOX_TIME_NONE)
		return data_error(r, err, "bad date", date);
	if (dur) {
		long long d = integer(dur);

		if (d < 0 || d > 100000000)
			return data_error(r, err, "bad duration", dur);
		leg->duration = leg->billsec = d;
		leg->end = leg->start + d * 1000;
	}
	t = integer(type);
	if (t < 1 || t > 7) {
		t = 0;
		add_extra(r, &leg->extra, "type", type ? type : "");
	}
	leg->disposition = types[t].disposition;
	leg->direction = types[t].dir;
	leg->status = types[t].status;
	if (t == 2 && leg->billsec > 0)
		leg->status = VOX_CALL_ANSWERED;
	if (pres && !is(pres, "1") && !withheld(number, pres)) {
		const char *why = presentation_name(pres);

		add_extra(r, &leg->extra, "presentation", why ? why : pres);
	}
	party(r, t == 2 ? &leg->to : &leg->from, number ? number : "", pres,
	      &leg->extra);
	if (contact) {
		struct vox_party *p = t == 2 ? &leg->to : &leg->from;

		if (p->number && *p->number && !is(contact, "(Unknown)"))
			p->name = contact;
		else if (!is(contact, "(Unknown)"))
			add_extra(r, &leg->extra, "contact_name", contact);
	}
	leg->source.format = FORMAT;
	leg->source.file = r->name;
	leg->source.line = r->line;

	r->rec.kind = VOX_CALL;
	call->id = line_id(r);
	call->from = leg->from;
	call->to = leg->to;
	call->start = leg->start;
	call->answer = leg->answer;
	call->end = leg->end;
	call->duration = leg->duration;
	call->billsec = leg->billsec;
	call->status = leg->status;
	call->direction = leg->direction;
	call->legs = leg;
	call->nlegs = call->caplegs = 1;
	call->source = leg->source;
	return VOX_OK;
}

/* ---- the stream ------------------------------------------------------- */

static int root_start(struct reader *r, struct vox_error *err)
{
	const char *name = node_name(r);
	xmlChar *count;

	if (is(name, "smses"))
		r->root = R_SMSES;
	else if (is(name, "calls"))
		r->root = R_CALLS;
	else
		return vox_error_set(err, VOX_E_DATA, "%s:%lu: root element "
				     "<%.40s> is not <smses> or <calls>",
				     r->name, vox_xml_line(r->xml),
				     name ? name : "");
	count = xmlTextReaderGetAttribute(xr(r), (const xmlChar *)"count");
	if (count) {
		long long c = integer((const char *)count);

		r->has_count = c >= 0;
		r->count = (unsigned long long)c;
		xmlFree(count);
	}
	return VOX_OK;
}

#define NOT_RECORD 2

/* The record of the element the reader is on, or NOT_RECORD. */
static int record(struct reader *r, struct vox_error *err)
{
	const char *name = node_name(r);
	int rc;

	if (r->root == R_CALLS && is(name, "call")) {
		r->seen++;
		rc = call_start(r, err);
		xmlTextReaderMoveToElement(xr(r));
		return rc;
	}
	if (r->root != R_SMSES || (!is(name, "sms") && !is(name, "mms")))
		return NOT_RECORD;
	r->seen++;
	if (is(name, "sms")) {
		rc = message_start(r, 0, err);
		xmlTextReaderMoveToElement(xr(r));
		if (rc == VOX_OK)
			name_other_party(r);
		return rc;
	}
	/* a bad mms is told after its children, so that reading goes on */
	rc = message_start(r, 1, &r->rec_err);
	xmlTextReaderMoveToElement(xr(r));
	if (mms_children(r, err) != VOX_OK)
		return VOX_ERR;
	if (rc != VOX_OK) {
		*err = r->rec_err;
		return VOX_ERR;
	}
	name_other_party(r);
	return VOX_OK;
}

/*
 * After a record: read on to the next record's element or the end, so
 * that the last record can carry a count that disagrees.
 */
static void look_ahead(struct reader *r)
{
	struct vox_extra *x = r->rec.kind == VOX_CALL ? &r->leg.extra :
		&msg(r)->extra;
	int rc;

	while ((rc = step(r, &r->pending)) == VOX_OK) {
		int type = xmlTextReaderNodeType(xr(r));
		int depth = xmlTextReaderDepth(xr(r));

		if (type == XML_READER_TYPE_ELEMENT && depth == 1) {
			r->positioned = 1;
			return;
		}
		if (type == XML_READER_TYPE_END_ELEMENT && depth == 0)
			break;
	}
	if (rc == VOX_ERR)
		return;	/* told at the next call */
	if (r->has_count && r->count != r->seen) {
		const char *s = vox_arena_printf(&r->arena, "root count=%llu, "
						 "%llu in the file", r->count,
						 r->seen);

		add_extra(r, x, "count", s ? s : "");
	}
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;
	int rc;

	/* the last record's parts are the caller's no more */
	vox_xml_spool_release(r->xml);
	if (r->pending.code) {
		*err = r->pending;
		vox_error_clear(&r->pending);
		r->ended = 1;
		return VOX_ERR;
	}
	for (;;) {
		if (r->ended)
			return VOX_EOF;
		if (!r->positioned) {
			rc = step(r, err);
			if (rc == VOX_EOF && r->root == R_NONE)
				rc = vox_error_set(err, VOX_E_DATA, "%s: no "
						   "root element", r->name);
			if (rc != VOX_OK)
				return rc;
		}
		r->positioned = 0;
		if (xmlTextReaderNodeType(xr(r)) != XML_READER_TYPE_ELEMENT)
			continue;
		if (xmlTextReaderDepth(xr(r)) == 0) {
			if (root_start(r, err) != VOX_OK) {
				r->ended = 1;
				return VOX_ERR;
			}
			continue;
		}
		if (xmlTextReaderDepth(xr(r)) != 1)
			continue;
		vox_arena_reset(&r->arena);
		r->oom = 0;
		r->held = 0;
		vox_error_clear(&r->rec_err);
		r->line = vox_xml_line(r->xml);
		rc = record(r, err);
		if (rc == NOT_RECORD)
			continue;
		if (rc != VOX_OK) {
			if (err->code != VOX_E_DATA)
				r->ended = 1;
			return VOX_ERR;
		}
		if (r->held > MAX_RECORD) {
			r->ended = 1;
			return vox_error_set(err, VOX_E_LIMIT, "%s:%lu: record "
					     "larger than 64 MiB", r->name,
					     r->line);
		}
		look_ahead(r);
		if (r->oom)
			return vox_error_set(err, VOX_E_NOMEM, "%s:%lu: out of "
					     "memory", r->name, r->line);
		*rec = &r->rec;
		return VOX_OK;
	}
}

/* ---- options, open and close ------------------------------------------ */

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	(void)state;
	(void)value;
	return vox_error_set(err, VOX_E_CONFIG, FORMAT ": unknown option "
			     "\"%.60s\"", key);
}

static void close_reader(void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	vox_xml_free(r->xml);
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
	r->xml = vox_xml_open(args->in, r->name, &blob_attr, args->spool,
			      err);
	if (!r->xml) {
		close_reader(r);
		return NULL;
	}
	return r;
}

const struct vox_source vox_source_sbr_xml = {
	.name = FORMAT,
	.summary = "SMS Backup & Restore sms.xml and calls.xml (SyncTech)",
	.kinds = VOX_MESSAGE | VOX_CALL,
	.options = NULL,
	.bid = bid,
	.open = open_reader,
	.option = set_option,
	.next = next_record,
	.close = close_reader,
};
