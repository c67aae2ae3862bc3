/*
 * index_html.c: index.html of an archive (see index_html.h).
 *
 * One HTML5 page, self-contained: inline CSS, inline SVG charts, no script
 * and nothing fetched from anywhere, so it opens from file:// offline and
 * reads on a phone (a viewport and one narrow-screen rule).  Every element
 * and text is written by libxml2's xmlTextWriter, which escapes text and
 * attribute values; the only raw writes are the constant style sheet and
 * table rows the same writer produced earlier.  The markup is also
 * well-formed XML (void elements closed with "/>", every other element
 * with an end tag), so XML tools can read it.
 *
 * Streaming: rows of the tables are written, as records come, into memory
 * by writers of their own, until a table has its limit of rows; after that
 * records are only counted.  The charts need a counter per month (at most
 * one per month that has a record) and per other party of a call (at most
 * max_parties of them; the call time of further parties is summed apart
 * and the chart says so).
 *
 * Times are shown in the provider's zone (meta->tz), named on the page;
 * months of the charts are months in that zone too.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "category.h"
#include "index_html.h"
#include "timeconv.h"

#define ROWS_DEFAULT 2000
#define PARTIES_DEFAULT 10000
#define TEXT_MAX 300		/* bytes of a message's text in its row */
#define NAME_MAX_BYTES 120	/* of a name or number in a cell */
#define CHART_MONTHS 60		/* the charts show the last five years */
#define TOP_N 10

enum { D_IN, D_OUT, D_INTERNAL, D_UNKNOWN, D_COUNT };

static const struct {
	const char *name, *label, *color;
} dirs[D_COUNT] = {
	[D_IN] = { "inbound", "received", "#2b7bb9" },
	[D_OUT] = { "outbound", "made or sent", "#e8833a" },
	[D_INTERNAL] = { "internal", "to yourself", "#5aa05a" },
	[D_UNKNOWN] = { "unknown", "direction unknown", "#999999" },
};

/* Element and text writes; bad is set by the first failure. */
struct out {
	xmlTextWriterPtr w;
	int bad;
};

struct table {
	xmlBufferPtr buf;
	struct out o;
	uint64_t rows, total;	/* rows kept, records seen */
};

struct month {
	int64_t ym;		/* year * 12 + month - 1, in the zone */
	uint64_t calls[D_COUNT], msgs[D_COUNT];
};

struct party {
	char *key;		/* the number, or the name; NULL: a free slot */
	char *name;
	uint64_t billsec, calls;
};

struct range {
	int64_t first, last;
};

struct vox_index {
	const struct vox_archive_meta *meta;
	size_t max_rows, max_parties;
	char *subject_name;
	struct table calls, msgs, contacts, recs;
	struct range call_t, msg_t, rec_t;
	struct month *months;
	size_t nmonths, capmonths;
	struct party *parties;	/* open addressing, capparties slots */
	size_t nparties, capparties;
	uint64_t other_billsec, other_calls;	/* beyond max_parties */
};

/* ---- writing ------------------------------------------------------------ */

static void chk(struct out *o, int rc)
{
	if (rc < 0)
		o->bad = 1;
}

static void start(struct out *o, const char *el)
{
	chk(o, xmlTextWriterStartElement(o->w, (const xmlChar *)el));
}

/* The end tag of an element that has one in HTML (all but void ones). */
static void end(struct out *o)
{
	chk(o, xmlTextWriterFullEndElement(o->w));
}

/* A void element (meta, br): "<meta .../>". */
static void end_void(struct out *o)
{
	chk(o, xmlTextWriterEndElement(o->w));
}

static void clean(const char *s, size_t max, char *buf, size_t size);

/* Values are cleaned as text is (an e-mail address from provider.json). */
static void attr(struct out *o, const char *name, const char *value)
{
	char buf[1100];

	clean(value, 1000, buf, sizeof(buf));
	chk(o, xmlTextWriterWriteAttribute(o->w, (const xmlChar *)name,
					   (const xmlChar *)buf));
}

static void attrf(struct out *o, const char *name, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	attr(o, name, buf);
}

/*
 * Copy s into buf as text a page can show: invalid UTF-8 bytes become
 * "?", control characters a space (HTML forbids them), and it is cut at a
 * character boundary to about max bytes, with an ellipsis.
 */
static void clean(const char *s, size_t max, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p && n + 8 < size) {
		unsigned c = *p;
		/* C0, C1 and F5-FF never start a character */
		size_t len = c < 0x80 ? 1 : c < 0xc2 ? 0 : (c >> 5) == 6 ? 2 :
			(c >> 4) == 14 ? 3 : c < 0xf5 ? 4 : 0;
		size_t i;

		for (i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				len = 0;
		if (n + len > max) {
			memcpy(buf + n, "\xe2\x80\xa6", 3);
			n += 3;
			break;
		}
		if (!len) {
			buf[n++] = '?';
			p++;
		} else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ||
			   (c == 0xc2 && p[1] < 0xa0)) {
			buf[n++] = ' ';
			p += len;
		} else {
			memcpy(buf + n, p, len);
			n += len;
			p += len;
		}
	}
	buf[n] = '\0';
}

static void text_max(struct out *o, const char *s, size_t max)
{
	char buf[TEXT_MAX + 16];

	if (!s)
		return;
	clean(s, max < TEXT_MAX ? max : TEXT_MAX, buf, sizeof(buf));
	chk(o, xmlTextWriterWriteString(o->w, (const xmlChar *)buf));
}

static void text(struct out *o, const char *s)
{
	text_max(o, s, TEXT_MAX);
}

static void textf(struct out *o, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	text(o, buf);
}

static void elem(struct out *o, const char *el, const char *s)
{
	start(o, el);
	text(o, s);
	end(o);
}

/* A line break between elements, to keep the source readable. */
static void nl(struct out *o)
{
	chk(o, xmlTextWriterWriteRaw(o->w, (const xmlChar *)"\n"));
}

/* ---- formatting --------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The local day (since 1970-01-01) of an instant in the page's zone. */
static int64_t local_day(const struct vox_index *x, int64_t ms)
{
	int64_t s = floor_div(ms, 1000);

	if (x->meta->tz)
		s += vox_tz_offset(x->meta->tz, s);
	return floor_div(s, 86400);
}

static int64_t local_month(const struct vox_index *x, int64_t ms)
{
	int64_t y;
	unsigned m, d;

	vox_civil_from_days(local_day(x, ms), &y, &m, &d);
	return y * 12 + (int64_t)m - 1;
}

static const char *zone_name(const struct vox_index *x)
{
	return x->meta->tz ? vox_tz_name(x->meta->tz) : "UTC";
}

/*
 * "2024-10-27 01:15:06 +01:00": the local time and its offset, which tells
 * the two 01:15 of an autumn night apart.
 */
static const char *local_time(const struct vox_index *x, int64_t ms,
			      char buf[static VOX_TIME_FORMAT_MAX])
{
	size_t n;
	int off;

	if (ms == VOX_TIME_NONE ||
	    !(n = vox_time_format_local(ms, x->meta->tz, buf))) {
		snprintf(buf, VOX_TIME_FORMAT_MAX, "unknown");
		return buf;
	}
	off = x->meta->tz ? vox_tz_offset(x->meta->tz, floor_div(ms, 1000)) :
		0;
	snprintf(buf + n, VOX_TIME_FORMAT_MAX - n, " %c%02d:%02d",
		 off < 0 ? '-' : '+', abs(off) / 3600, abs(off) / 60 % 60);
	return buf;
}

static void month_text(int64_t ym, char buf[32])
{
	snprintf(buf, 32, "%04" PRId64 "-%02d", floor_div(ym, 12),
		 (int)(ym - floor_div(ym, 12) * 12) + 1);
}

/* "1:05" or "2:03:07"; "" when unknown. */
static void duration_text(int64_t s, char buf[32])
{
	if (s < 0)
		buf[0] = '\0';
	else if (s >= 3600)
		snprintf(buf, 32, "%" PRId64 ":%02d:%02d", s / 3600,
			 (int)(s / 60 % 60), (int)(s % 60));
	else
		snprintf(buf, 32, "%d:%02d", (int)(s / 60), (int)(s % 60));
}

static void size_text(uint64_t b, char buf[32])
{
	if (b < 1000)
		snprintf(buf, 32, "%" PRIu64 " bytes", b);
	else if (b < 1000000)
		snprintf(buf, 32, "%.1f kB", (double)b / 1e3);
	else if (b < 1000000000)
		snprintf(buf, 32, "%.1f MB", (double)b / 1e6);
	else
		snprintf(buf, 32, "%.1f GB", (double)b / 1e9);
}

static int dir_index(enum vox_direction d)
{
	switch (d) {
	case VOX_DIR_INBOUND:
		return D_IN;
	case VOX_DIR_OUTBOUND:
		return D_OUT;
	case VOX_DIR_INTERNAL:
		return D_INTERNAL;
	default:
		return D_UNKNOWN;
	}
}

/* "Name (number)", "number" or "name": a party as a person reads it. */
static void party_text(const struct vox_party *p, char *buf, size_t n)
{
	const char *num = p->number && *p->number ? p->number :
		p->raw && *p->raw ? p->raw : NULL;

	if (p->name && *p->name && num)
		snprintf(buf, n, "%s (%s)", p->name, num);
	else if (p->name && *p->name)
		snprintf(buf, n, "%s", p->name);
	else
		snprintf(buf, n, "%s", num ? num : "unknown");
}

/* A member path as a relative URL: bytes outside a safe set escaped. */
static void href_of(const char *path, char *buf, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;

	for (; *path && k + 4 < n; path++) {
		unsigned char c = (unsigned char)*path;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("/._-~", c)) {
			buf[k++] = (char)c;
		} else {
			buf[k++] = '%';
			buf[k++] = hex[c >> 4];
			buf[k++] = hex[c & 15];
		}
	}
	buf[k] = '\0';
}

static void a_link(struct out *o, const char *path, const char *label)
{
	char href[1024];

	href_of(path, href, sizeof(href));
	start(o, "a");
	attr(o, "href", href);
	text(o, label ? label : path);
	end(o);
}

/* ---- collecting ------------------------------------------------------- */

static int nomem(struct vox_error *err)
{
	return vox_error_set(err, VOX_E_NOMEM, "out of memory");
}

static int table_init(struct table *t)
{
	t->buf = xmlBufferCreate();
	if (!t->buf)
		return VOX_ERR;
	t->o.w = xmlNewTextWriterMemory(t->buf, 0);
	return t->o.w ? VOX_OK : VOX_ERR;
}

static void table_release(struct table *t)
{
	if (t->o.w)
		xmlFreeTextWriter(t->o.w);
	if (t->buf)
		xmlBufferFree(t->buf);
}

/* Whether the next record gets a row: counts it either way. */
static int table_take(struct vox_index *x, struct table *t)
{
	t->total++;
	if (t->rows >= x->max_rows)
		return 0;
	t->rows++;
	return 1;
}

static int table_done(struct table *t, struct vox_error *err)
{
	if (t->o.bad)
		return vox_error_set(err, VOX_E_NOMEM, "index.html: cannot "
				     "write a table row");
	return VOX_OK;
}

static void range_add(struct range *r, int64_t ms)
{
	if (ms == VOX_TIME_NONE)
		return;
	if (r->first == VOX_TIME_NONE || ms < r->first)
		r->first = ms;
	if (r->last == VOX_TIME_NONE || ms > r->last)
		r->last = ms;
}

struct vox_index *vox_index_new(const struct vox_archive_meta *meta,
				struct vox_error *err)
{
	struct vox_index *x = calloc(1, sizeof(*x));

	if (!x) {
		nomem(err);
		return NULL;
	}
	x->meta = meta;
	x->max_rows = ROWS_DEFAULT;
	x->max_parties = PARTIES_DEFAULT;
	x->call_t.first = x->call_t.last = VOX_TIME_NONE;
	x->msg_t = x->rec_t = x->call_t;
	if (table_init(&x->calls) || table_init(&x->msgs) ||
	    table_init(&x->contacts) || table_init(&x->recs)) {
		vox_index_free(x);
		nomem(err);
		return NULL;
	}
	return x;
}

void vox_index_set_limits(struct vox_index *x, size_t rows, size_t parties)
{
	if (rows)
		x->max_rows = rows;
	if (parties && !x->parties)
		x->max_parties = parties;
}

void vox_index_free(struct vox_index *x)
{
	size_t i;

	if (!x)
		return;
	table_release(&x->calls);
	table_release(&x->msgs);
	table_release(&x->contacts);
	table_release(&x->recs);
	for (i = 0; i < x->capparties; i++) {
		free(x->parties[i].key);
		free(x->parties[i].name);
	}
	free(x->parties);
	free(x->months);
	free(x->subject_name);
	free(x);
}

int vox_index_add_subject(struct vox_index *x, const struct vox_subject *s,
			  struct vox_error *err)
{
	char name[512];

	if (s->full_name && *s->full_name)
		snprintf(name, sizeof(name), "%s", s->full_name);
	else
		snprintf(name, sizeof(name), "%s%s%s", s->given ? s->given : "",
			 s->given && s->family ? " " : "",
			 s->family ? s->family : "");
	free(x->subject_name);
	x->subject_name = *name ? strdup(name) : NULL;
	if (*name && !x->subject_name)
		return nomem(err);
	return VOX_OK;
}

/* The counters of the month of ms, made when first needed; NULL: no memory. */
static struct month *month_of(struct vox_index *x, int64_t ms)
{
	int64_t ym = local_month(x, ms);
	size_t lo = 0, hi = x->nmonths;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->months[mid].ym < ym)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < x->nmonths && x->months[lo].ym == ym)
		return &x->months[lo];
	if (x->nmonths == x->capmonths) {
		size_t cap = x->capmonths ? 2 * x->capmonths : 64;
		struct month *nm = realloc(x->months, cap * sizeof(*nm));

		if (!nm)
			return NULL;
		x->months = nm;
		x->capmonths = cap;
	}
	memmove(&x->months[lo + 1], &x->months[lo],
		(x->nmonths - lo) * sizeof(*x->months));
	x->nmonths++;
	memset(&x->months[lo], 0, sizeof(*x->months));
	x->months[lo].ym = ym;
	return &x->months[lo];
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Add a call's talk time to the other party's total. */
static int party_add(struct vox_index *x, const struct vox_party *p,
		     int64_t billsec, struct vox_error *err)
{
	const char *key = p->number && *p->number ? p->number :
		p->raw && *p->raw ? p->raw : p->name && *p->name ? p->name :
		"unknown";
	uint64_t secs = billsec > 0 ? (uint64_t)billsec : 0;
	struct party *e;
	size_t i;

	if (!x->parties) {
		size_t cap = 16;

		while (cap < 2 * x->max_parties)
			cap *= 2;
		x->parties = calloc(cap, sizeof(*x->parties));
		if (!x->parties)
			return nomem(err);
		x->capparties = cap;
	}
	for (i = hash(key) & (x->capparties - 1);; i = (i + 1) &
	     (x->capparties - 1)) {
		e = &x->parties[i];
		if (!e->key || strcmp(e->key, key) == 0)
			break;
	}
	if (!e->key) {
		if (x->nparties >= x->max_parties) {
			x->other_billsec += secs;
			x->other_calls++;
			return VOX_OK;
		}
		e->key = strdup(key);
		if (!e->key)
			return nomem(err);
		x->nparties++;
	}
	if (!e->name && p->name && *p->name && strcmp(p->name, key) != 0 &&
	    !(e->name = strdup(p->name)))
		return nomem(err);
	e->billsec += secs;
	e->calls++;
	return VOX_OK;
}

static void cell(struct out *o, const char *s)
{
	elem(o, "td", s ? s : "");
}

static void cell_num(struct out *o, const char *s)
{
	start(o, "td");
	attr(o, "class", "num");
	text(o, s);
	end(o);
}

static void cell_party(struct out *o, const struct vox_party *p)
{
	char buf[2 * NAME_MAX_BYTES + 8], name[NAME_MAX_BYTES + 8];
	struct vox_party q = *p;

	if (p->name) {
		clean(p->name, NAME_MAX_BYTES, name, sizeof(name));
		q.name = name;
	}
	party_text(&q, buf, sizeof(buf));
	cell(o, buf);
}

int vox_index_add_call(struct vox_index *x, const struct vox_call *c,
		       struct vox_error *err)
{
	const struct vox_party *other = c->direction == VOX_DIR_INBOUND ?
		&c->from : &c->to;
	char t[VOX_TIME_FORMAT_MAX], d[32];
	struct month *m;

	range_add(&x->call_t, c->start);
	if (c->start != VOX_TIME_NONE) {
		if (!(m = month_of(x, c->start)))
			return nomem(err);
		m->calls[dir_index(c->direction)]++;
	}
	if (party_add(x, other, c->billsec, err) != VOX_OK)
		return VOX_ERR;
	if (!table_take(x, &x->calls))
		return VOX_OK;
	start(&x->calls.o, "tr");
	cell(&x->calls.o, local_time(x, c->start, t));
	cell(&x->calls.o, dirs[dir_index(c->direction)].label);
	cell_party(&x->calls.o, &c->from);
	cell_party(&x->calls.o, &c->to);
	cell(&x->calls.o, vox_call_status_name(c->status));
	duration_text(c->billsec, d);
	cell_num(&x->calls.o, d);
	duration_text(c->duration, d);
	cell_num(&x->calls.o, d);
	end(&x->calls.o);
	nl(&x->calls.o);
	return table_done(&x->calls, err);
}

int vox_index_add_message(struct vox_index *x, const struct vox_message *g,
			  struct vox_error *err)
{
	struct out *o = &x->msgs.o;
	char t[VOX_TIME_FORMAT_MAX], buf[2 * NAME_MAX_BYTES + 8];
	size_t i, files = 0;
	struct month *m;

	range_add(&x->msg_t, g->date);
	if (g->date != VOX_TIME_NONE) {
		if (!(m = month_of(x, g->date)))
			return nomem(err);
		m->msgs[dir_index(g->direction)]++;
	}
	if (!table_take(x, &x->msgs))
		return VOX_OK;
	start(o, "tr");
	cell(o, local_time(x, g->date, t));
	cell(o, dirs[dir_index(g->direction)].label);
	cell(o, g->type == VOX_MSG_MMS ? "picture message (MMS)" :
	     "text (SMS)");
	cell_party(o, &g->from);
	start(o, "td");
	for (i = 0; i < g->nto && i < 5; i++) {
		party_text(&g->to[i], buf, sizeof(buf));
		if (i)
			text(o, "; ");
		text_max(o, buf, NAME_MAX_BYTES);
	}
	if (g->nto > 5)
		textf(o, "; and %zu more", g->nto - 5);
	end(o);
	start(o, "td");
	attr(o, "class", "text");
	if (g->subject && *g->subject) {
		start(o, "strong");
		text_max(o, g->subject, NAME_MAX_BYTES);
		end(o);
		text(o, " ");
	}
	if (g->body)
		text(o, g->body);
	for (i = 0; i < g->nparts; i++) {
		if (g->parts[i].text && !g->body)
			text(o, g->parts[i].text);
		else if (!g->parts[i].text)
			files++;
	}
	for (i = 0; files && i < g->nparts; i++) {
		const struct vox_message_part *p = &g->parts[i];

		if (p->text)
			continue;
		text(o, " ");
		if (p->member)
			a_link(o, p->member, p->name ? p->name : "attachment");
		else
			textf(o, "[%s not included]", p->content_type ?
			      p->content_type : "attachment");
	}
	end(o);
	end(o);
	nl(o);
	return table_done(&x->msgs, err);
}

/* The strings of a contact's phones or e-mails, "; " between them. */
static void list_cell(struct out *o, const struct vox_contact *c, int phones)
{
	size_t i, n = phones ? c->nphones : c->nemails;

	start(o, "td");
	for (i = 0; i < n && i < 10; i++) {
		if (i)
			text(o, "; ");
		text_max(o, phones ? (c->phones[i].number ?
				      c->phones[i].number : c->phones[i].raw) :
			 c->emails[i].address, NAME_MAX_BYTES);
	}
	end(o);
}

int vox_index_add_contact(struct vox_index *x, const struct vox_contact *c,
			  struct vox_error *err)
{
	struct out *o = &x->contacts.o;
	char name[512];

	if (!table_take(x, &x->contacts))
		return VOX_OK;
	if (c->full_name && *c->full_name)
		snprintf(name, sizeof(name), "%s", c->full_name);
	else if (c->given || c->family)
		snprintf(name, sizeof(name), "%s%s%s", c->given ? c->given : "",
			 c->given && c->family ? " " : "",
			 c->family ? c->family : "");
	else
		snprintf(name, sizeof(name), "%s", c->organization ?
			 c->organization : "(no name)");
	start(o, "tr");
	start(o, "td");
	text_max(o, name, NAME_MAX_BYTES);
	end(o);
	list_cell(o, c, 1);
	list_cell(o, c, 0);
	start(o, "td");
	text_max(o, c->organization, NAME_MAX_BYTES);
	end(o);
	end(o);
	nl(o);
	return table_done(&x->contacts, err);
}

int vox_index_add_recording(struct vox_index *x,
			    const struct vox_recording *r,
			    struct vox_error *err)
{
	struct out *o = &x->recs.o;
	char t[VOX_TIME_FORMAT_MAX], d[32], href[1024];

	range_add(&x->rec_t, r->start);
	if (!table_take(x, &x->recs))
		return VOX_OK;
	start(o, "tr");
	cell(o, local_time(x, r->start, t));
	cell(o, r->kind == VOX_REC_VOICEMAIL ? "voicemail" :
	     "call recording");
	duration_text(r->duration_ms < 0 ? -1 : r->duration_ms / 1000, d);
	cell_num(o, d);
	start(o, "td");
	text_max(o, r->call_id, NAME_MAX_BYTES);
	end(o);
	start(o, "td");
	if (r->member) {
		href_of(r->member, href, sizeof(href));
		start(o, "audio");
		attr(o, "controls", "controls");
		attr(o, "preload", "none");
		attr(o, "src", href);
		a_link(o, r->member, NULL);
		end(o);
		start(o, "br");
		end_void(o);
		a_link(o, r->member, NULL);
	} else {
		text(o, "not included in this archive");
	}
	end(o);
	end(o);
	nl(o);
	return table_done(&x->recs, err);
}

/* ---- the page ----------------------------------------------------------- */

/*
 * The style sheet: a constant, written raw because a <style> element's
 * text is not unescaped by browsers.  It holds no "<", ">", "&" or quote.
 */
static const char css[] =
	"\nbody{font-family:system-ui,-apple-system,Segoe UI,Roboto,"
	"Helvetica,Arial,sans-serif;margin:0;color:#1d1d1d;background:#fff;"
	"line-height:1.45}\n"
	"main{max-width:1100px;margin:0 auto;padding:1em 1.2em}\n"
	"h1{font-size:1.6em;margin:.4em 0}h2{font-size:1.25em;margin-top:1.6em;"
	"border-bottom:2px solid #2b7bb9;padding-bottom:.2em}\n"
	"table{border-collapse:collapse;width:100%;font-size:.92em}\n"
	"th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#f2f5f8;position:sticky;top:0}\n"
	"td.num,th.num{text-align:right;white-space:nowrap}\n"
	"td.text{white-space:pre-wrap;overflow-wrap:anywhere}\n"
	".scroll{overflow:auto;max-height:36em;border:1px solid #ddd}\n"
	"dl{display:grid;grid-template-columns:max-content 1fr;gap:.25em 1em}\n"
	"dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}\n"
	"figure{margin:1em 0 2em}figcaption{font-weight:600;margin-bottom:.4em}"
	"\nsvg{max-width:100%;height:auto;display:block}\n"
	".note{color:#555;font-style:italic}\n"
	"audio{max-width:16em}\n"
	"footer{margin-top:3em;color:#666;font-size:.85em}\n"
	"@media (max-width:600px){main{padding:.6em}dl{grid-template-columns:"
	"1fr}dt{margin-top:.4em}table{font-size:.8em}}\n";

static const char *str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void dl_row(struct out *o, const char *term, const char *value)
{
	if (!value || !*value)
		return;
	elem(o, "dt", term);
	elem(o, "dd", value);
}

static void dl_link(struct out *o, const char *term, const char *scheme,
		    const char *value)
{
	char href[600];

	if (!value || !*value)
		return;
	elem(o, "dt", term);
	start(o, "dd");
	snprintf(href, sizeof(href), "%s%s", scheme, value);
	start(o, "a");
	attr(o, "href", href);
	text(o, value);
	end(o);
	end(o);
}

static void section(struct out *o, const char *id, const char *heading)
{
	nl(o);
	start(o, "section");
	attr(o, "id", id);
	elem(o, "h2", heading);
	nl(o);
}

static void head(struct vox_index *x, struct out *o)
{
	const char *name = str(x->meta->controller, "name");

	chk(o, xmlTextWriterWriteRaw(o->w, (const xmlChar *)
				     "<!DOCTYPE html>\n"));
	start(o, "html");
	attr(o, "lang", "en");
	nl(o);
	start(o, "head");
	start(o, "meta");
	attr(o, "charset", "utf-8");
	end_void(o);
	start(o, "meta");
	attr(o, "name", "viewport");
	attr(o, "content", "width=device-width, initial-scale=1");
	end_void(o);
	start(o, "title");
	textf(o, "Your data from %s", name ? name : "your provider");
	end(o);
	start(o, "style");
	chk(o, xmlTextWriterWriteRaw(o->w, (const xmlChar *)css));
	end(o);
	end(o);
	nl(o);
}

static void intro(struct vox_index *x, struct out *o)
{
	const struct vox_archive_meta *m = x->meta;
	const char *name = str(m->controller, "name");
	char t[VOX_TIME_FORMAT_MAX], t2[VOX_TIME_FORMAT_MAX];

	start(o, "h1");
	textf(o, "Your data from %s", name ? name : "your provider");
	end(o);
	start(o, "p");
	textf(o, "This archive answers %s %s request%s%s%s.  %s made it on ",
	      strchr("aeiou", m->request_type[0]) ? "an" : "a",
	      m->request_type, m->request_reference ? " (reference " : "",
	      m->request_reference ? m->request_reference : "",
	      m->request_reference ? ")" : "", name ? name : "Your provider");
	textf(o, "%s (%s time).  All times on this page are %s time.",
	      local_time(x, m->created, t), zone_name(x), zone_name(x));
	end(o);
	if (m->since != VOX_TIME_NONE || m->until != VOX_TIME_NONE) {
		start(o, "p");
		textf(o, "It covers records from %s to %s.",
		      m->since != VOX_TIME_NONE ? local_time(x, m->since, t) :
		      "the start", m->until != VOX_TIME_NONE ?
		      local_time(x, m->until, t2) : "the end");
		end(o);
	}

	section(o, "about", "Who this data is about");
	start(o, "dl");
	dl_row(o, "Subscriber", m->subject_id);
	dl_row(o, "Name", x->subject_name);
	end(o);
	end(o);

	section(o, "controller", "Who holds it");
	start(o, "dl");
	dl_row(o, "Controller", name);
	dl_row(o, "Address", str(m->controller, "address"));
	dl_link(o, "E-mail", "mailto:", str(m->controller, "email"));
	dl_row(o, "Phone", str(m->controller, "phone"));
	dl_link(o, "Website", "", str(m->controller, "website"));
	{
		const json_t *dpo = json_object_get(m->controller, "dpo");
		const json_t *sa = json_object_get(m->controller,
						   "supervisory_authority");

		dl_row(o, "Data protection officer", str(dpo, "name"));
		dl_link(o, "DPO e-mail", "mailto:", str(dpo, "email"));
		dl_row(o, "Complaints to", str(sa, "name"));
		dl_link(o, "Its website", "", str(sa, "website"));
		dl_row(o, "Its phone", str(sa, "phone"));
	}
	end(o);
	end(o);
}

static const struct {
	const char *path, *what;
} descriptions[] = {
	{ "manifest.json", "the list of every file with its SHA-256 "
	  "checksum and number of records, for checking the archive" },
	{ "README.txt", "this information as plain text, with the "
	  "purposes of processing and your rights" },
	{ "subject.json", "who you are to us: name, contact details, "
	  "subscriptions, marketing preferences" },
	{ "contacts.json", "your address book (JSContact, RFC 9553)" },
	{ "contacts.vcf", "the same address book as a vCard file, for "
	  "phones and address-book programs" },
	{ "calls.jsonl", "every call, one JSON record per line (times "
	  "in UTC)" },
	{ "calls.csv", "every call as a spreadsheet" },
	{ "messages.jsonl", "every text and picture message, one JSON "
	  "record per line (times in UTC)" },
	{ "messages.csv", "every message as a spreadsheet" },
	{ "recordings.jsonl", "details of your call recordings and "
	  "voicemail, one JSON record per line" },
	{ "recordings/", "the sound files of the recordings" },
	{ "attachments/", "pictures and other files sent in picture "
	  "messages, one folder per message" },
	{ "schemas/", "the JSON Schemas the data files follow" },
};

static const char *describe(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(descriptions) / sizeof(descriptions[0]); i++)
		if (strcmp(descriptions[i].path, path) == 0)
			return descriptions[i].what;
	return "";
}

static int in_dir(const char *path, const char *dir)
{
	return strncmp(path, dir, strlen(dir)) == 0;
}

/* A row of the files table: a folder gets its count and total size. */
static void file_row(struct out *o, const char *path, const char *what,
		     int64_t records, uint64_t bytes, uint64_t count)
{
	char buf[32];

	start(o, "tr");
	start(o, "td");
	if (count)
		textf(o, "%s (%" PRIu64 " file%s)", path, count,
		      count == 1 ? "" : "s");
	else
		a_link(o, path, NULL);
	end(o);
	cell(o, what);
	snprintf(buf, sizeof(buf), "%" PRId64, records);
	cell_num(o, records >= 0 ? buf : "");
	size_text(bytes, buf);
	cell_num(o, bytes ? buf : "");
	end(o);
	nl(o);
}

static void files_section(struct out *o, const struct vox_readme_file *f,
			  size_t n)
{
	static const char *const folders[] = {
		"recordings/", "attachments/", "schemas/",
	};
	size_t i, j;

	section(o, "files", "What is in this archive");
	start(o, "p");
	text(o, "Each file, and what it is.  The names are links: unpack "
	     "the archive first, then open this page from the unpacked "
	     "folder.");
	end(o);
	start(o, "div");
	attr(o, "class", "scroll");
	start(o, "table");
	start(o, "tr");
	elem(o, "th", "File");
	elem(o, "th", "What it is");
	start(o, "th");
	attr(o, "class", "num");
	text(o, "Records");
	end(o);
	start(o, "th");
	attr(o, "class", "num");
	text(o, "Size");
	end(o);
	end(o);
	nl(o);
	file_row(o, "manifest.json", describe("manifest.json"), -1, 0, 0);
	for (i = 0; i < n; i++) {
		int folder = 0;

		for (j = 0; j < sizeof(folders) / sizeof(folders[0]); j++)
			folder |= in_dir(f[i].path, folders[j]);
		if (!folder)
			file_row(o, f[i].path, describe(f[i].path),
				 f[i].records, f[i].bytes, 0);
	}
	for (j = 0; j < sizeof(folders) / sizeof(folders[0]); j++) {
		uint64_t count = 0, bytes = 0;

		for (i = 0; i < n; i++)
			if (in_dir(f[i].path, folders[j])) {
				count++;
				bytes += f[i].bytes;
			}
		if (count)
			file_row(o, folders[j], describe(folders[j]), -1,
				 bytes, count);
	}
	end(o);
	end(o);
	/* The schemas, each linked, on one line. */
	for (i = 0, j = 0; i < n; i++) {
		if (!in_dir(f[i].path, "schemas/"))
			continue;
		if (!j++) {
			start(o, "p");
			text(o, "Schemas: ");
		} else {
			text(o, ", ");
		}
		a_link(o, f[i].path, f[i].path + 8);
	}
	if (j)
		end(o);
	end(o);
}

static void summary_row(struct vox_index *x, struct out *o, const char *what,
			uint64_t count, const struct range *r)
{
	char t[VOX_TIME_FORMAT_MAX], buf[32];

	start(o, "tr");
	cell(o, what);
	snprintf(buf, sizeof(buf), "%" PRIu64, count);
	cell_num(o, buf);
	cell(o, r && r->first != VOX_TIME_NONE ? local_time(x, r->first, t) :
	     "");
	cell(o, r && r->last != VOX_TIME_NONE ? local_time(x, r->last, t) :
	     "");
	end(o);
	nl(o);
}

static void summary(struct vox_index *x, struct out *o)
{
	unsigned cats = x->meta->categories;

	section(o, "summary", "At a glance");
	start(o, "table");
	start(o, "tr");
	elem(o, "th", "What");
	start(o, "th");
	attr(o, "class", "num");
	text(o, "How many");
	end(o);
	elem(o, "th", "First");
	elem(o, "th", "Last");
	end(o);
	nl(o);
	if (cats & VOX_CAT_CALLS)
		summary_row(x, o, "Calls", x->calls.total, &x->call_t);
	if (cats & VOX_CAT_MESSAGES)
		summary_row(x, o, "Messages", x->msgs.total, &x->msg_t);
	if (cats & VOX_CAT_CONTACTS)
		summary_row(x, o, "Contacts", x->contacts.total, NULL);
	if (cats & VOX_CAT_RECORDINGS)
		summary_row(x, o, "Recordings", x->recs.total, &x->rec_t);
	end(o);
	end(o);
}

/* ---- charts ------------------------------------------------------------- */

static void svg_text(struct out *o, double px, double py, const char *anchor,
		     const char *transform, const char *s)
{
	start(o, "text");
	attrf(o, "x", "%.1f", px);
	attrf(o, "y", "%.1f", py);
	if (anchor)
		attr(o, "text-anchor", anchor);
	if (transform)
		attr(o, "transform", transform);
	text_max(o, s, 60);
	end(o);
}

static void svg_line(struct out *o, double x1, double y1, double x2,
		     double y2)
{
	start(o, "line");
	attrf(o, "x1", "%.1f", x1);
	attrf(o, "y1", "%.1f", y1);
	attrf(o, "x2", "%.1f", x2);
	attrf(o, "y2", "%.1f", y2);
	attr(o, "stroke", "#444");
	end(o);
}

/* An SVG element; scale, a bar's length per unit, goes in data-scale. */
static void svg_start(struct out *o, int w, int h, const char *label,
		      double scale)
{
	start(o, "svg");
	attr(o, "xmlns", "http://www.w3.org/2000/svg");
	attrf(o, "viewBox", "0 0 %d %d", w, h);
	attrf(o, "width", "%d", w);
	attrf(o, "height", "%d", h);
	attr(o, "role", "img");
	attr(o, "aria-label", label);
	attr(o, "font-size", "11");
	attr(o, "font-family", "sans-serif");
	attrf(o, "data-scale", "%.6f", scale);
	start(o, "title");
	text(o, label);
	end(o);
}

#define PLOT_H 160.0
#define PLOT_TOP 16.0
#define PLOT_LEFT 56.0
#define BAR_W 16.0
#define BAR_STEP 22.0

/*
 * Calls (msgs 0) or messages (1) per month, a bar per month stacked by
 * direction, over the last CHART_MONTHS months up to the last one with a
 * record.  Each bar's segment says its month, direction and count in
 * data- attributes and a tooltip; heights are count * PLOT_H / the
 * tallest month's total.
 */
static void month_chart(struct vox_index *x, struct out *o, int msgs)
{
	const char *noun = msgs ? "messages" : "calls";
	int64_t first = INT64_MAX, last = INT64_MIN, ym;
	uint64_t max = 0, earlier = 0, tot;
	int used[D_COUNT] = { 0 }, nm, i, w, h;
	char label[160], mo[32], tip[128];
	size_t k;
	double scale, lx;

	for (k = 0; k < x->nmonths; k++) {
		const uint64_t *v = msgs ? x->months[k].msgs :
			x->months[k].calls;

		for (tot = 0, i = 0; i < D_COUNT; i++)
			tot += v[i];
		if (!tot)
			continue;
		if (x->months[k].ym < first)
			first = x->months[k].ym;
		last = x->months[k].ym;
	}
	if (last == INT64_MIN)
		return;
	if (last - first >= CHART_MONTHS)
		first = last - CHART_MONTHS + 1;
	nm = (int)(last - first + 1);
	for (k = 0; k < x->nmonths; k++) {
		const uint64_t *v = msgs ? x->months[k].msgs :
			x->months[k].calls;

		for (tot = 0, i = 0; i < D_COUNT; i++) {
			tot += v[i];
			if (v[i] && x->months[k].ym >= first)
				used[i] = 1;
		}
		if (x->months[k].ym < first)
			earlier += tot;
		else if (tot > max)
			max = tot;
	}
	scale = PLOT_H / (double)max;
	w = (int)(PLOT_LEFT + nm * BAR_STEP + 50);
	if (w < 400)
		w = 400;
	h = (int)(PLOT_TOP + PLOT_H + 86);
	snprintf(label, sizeof(label), "%c%s per month (%s time), by direction",
		 msgs ? 'M' : 'C', noun + 1, zone_name(x));

	start(o, "figure");
	attr(o, "id", msgs ? "chart-messages" : "chart-calls");
	elem(o, "figcaption", label);
	svg_start(o, w, h, label, scale);
	/* the axes, and the tallest bar's value */
	svg_line(o, PLOT_LEFT, PLOT_TOP, PLOT_LEFT, PLOT_TOP + PLOT_H);
	svg_line(o, PLOT_LEFT, PLOT_TOP + PLOT_H, PLOT_LEFT + nm * BAR_STEP,
		 PLOT_TOP + PLOT_H);
	snprintf(tip, sizeof(tip), "%" PRIu64, max);
	svg_text(o, PLOT_LEFT - 4, PLOT_TOP + 4, "end", NULL, tip);
	svg_text(o, PLOT_LEFT - 4, PLOT_TOP + PLOT_H + 4, "end", NULL, "0");
	snprintf(tip, sizeof(tip), "rotate(-90 14 %.1f)",
		 PLOT_TOP + PLOT_H / 2);
	svg_text(o, 14, PLOT_TOP + PLOT_H / 2, "middle", tip, noun);
	svg_text(o, PLOT_LEFT + nm * BAR_STEP + 6, PLOT_TOP + PLOT_H + 4, NULL,
		 NULL, "month");
	nl(o);
	for (ym = first, i = 0; ym <= last; ym++, i++) {
		const struct month *m = NULL;
		double y = PLOT_TOP + PLOT_H, bx = PLOT_LEFT + 4 + i * BAR_STEP;
		int d;

		for (k = 0; k < x->nmonths && !m; k++)
			if (x->months[k].ym == ym)
				m = &x->months[k];
		month_text(ym, mo);
		for (d = 0; m && d < D_COUNT; d++) {
			uint64_t v = msgs ? m->msgs[d] : m->calls[d];
			double bh = (double)v * scale;

			if (!v)
				continue;
			y -= bh;
			start(o, "rect");
			attr(o, "class", "bar");
			attrf(o, "x", "%.1f", bx);
			attrf(o, "y", "%.2f", y);
			attrf(o, "width", "%.1f", BAR_W);
			attrf(o, "height", "%.2f", bh);
			attr(o, "fill", dirs[d].color);
			attr(o, "data-month", mo);
			attr(o, "data-direction", dirs[d].name);
			attrf(o, "data-count", "%" PRIu64, v);
			start(o, "title");
			textf(o, "%s: %" PRIu64 " %s %s", mo, v, noun,
			      dirs[d].label);
			end(o);
			end(o);
			nl(o);
		}
		/* a month label every month, or every 3rd or 6th when many */
		if ((nm <= 24 || (ym % (nm <= 36 ? 3 : 6)) == 0)) {
			snprintf(tip, sizeof(tip), "rotate(-60 %.1f %.1f)",
				 bx + BAR_W / 2, PLOT_TOP + PLOT_H + 12);
			svg_text(o, bx + BAR_W / 2, PLOT_TOP + PLOT_H + 12,
				 "end", tip, mo);
		}
	}
	/* the legend */
	for (lx = PLOT_LEFT, i = 0; i < D_COUNT; i++) {
		if (!used[i])
			continue;
		start(o, "rect");
		attrf(o, "x", "%.1f", lx);
		attrf(o, "y", "%.1f", (double)h - 16);
		attr(o, "width", "10");
		attr(o, "height", "10");
		attr(o, "fill", dirs[i].color);
		end(o);
		svg_text(o, lx + 14, h - 7, NULL, NULL, dirs[i].label);
		lx += 28 + 6.5 * (double)strlen(dirs[i].label);
	}
	end(o);
	if (earlier) {
		start(o, "p");
		attr(o, "class", "note");
		textf(o, "%" PRIu64 " %s before %04" PRId64 "-%02d are not "
		      "shown in the chart; they are in the table and the "
		      "files.", earlier, noun, floor_div(first, 12),
		      (int)(first - floor_div(first, 12) * 12) + 1);
		end(o);
	}
	end(o);
	nl(o);
}

/* The busiest other parties by talk time, as horizontal bars. */
static void party_chart(struct vox_index *x, struct out *o)
{
	const struct party *top[TOP_N];
	size_t ntop = 0, i, j;
	char label[2 * NAME_MAX_BYTES + 8], d[32], tip[300];
	double scale;
	int h;

	for (i = 0; i < x->capparties; i++) {
		const struct party *p = &x->parties[i];

		if (!p->key || !p->billsec)
			continue;
		/* insert in order: most talk time first, then by key */
		for (j = ntop; j > 0 && (top[j - 1]->billsec < p->billsec ||
		     (top[j - 1]->billsec == p->billsec &&
		      strcmp(top[j - 1]->key, p->key) > 0)); j--)
			if (j < TOP_N)
				top[j] = top[j - 1];
		if (j < TOP_N) {
			top[j] = p;
			if (ntop < TOP_N)
				ntop++;
		}
	}
	if (!ntop)
		return;
	scale = 300.0 / (double)top[0]->billsec;
	h = (int)(ntop * 26 + 40);
	start(o, "figure");
	attr(o, "id", "chart-contacts");
	elem(o, "figcaption", "Who you talked with most (total talk time "
	     "of answered calls)");
	svg_start(o, 640, h, "Who you talked with most, by talk time", scale);
	svg_line(o, 230, 8, 230, h - 24);
	svg_text(o, 380, h - 6, "middle", NULL, "total talk time "
		 "([hours:]minutes:seconds)");
	for (i = 0; i < ntop; i++) {
		struct vox_party p = { top[i]->key, NULL, top[i]->name };
		double y = 10 + (double)i * 26, bw = (double)top[i]->billsec *
			scale;

		party_text(&p, label, sizeof(label));
		duration_text((int64_t)top[i]->billsec, d);
		svg_text(o, 224, y + 13, "end", NULL, label);
		start(o, "rect");
		attr(o, "class", "bar");
		attr(o, "x", "230");
		attrf(o, "y", "%.1f", y);
		attrf(o, "width", "%.2f", bw);
		attr(o, "height", "18");
		attr(o, "fill", "#2b7bb9");
		attr(o, "data-party", top[i]->key);
		attrf(o, "data-billsec", "%" PRIu64, top[i]->billsec);
		attrf(o, "data-calls", "%" PRIu64, top[i]->calls);
		start(o, "title");
		snprintf(tip, sizeof(tip), "%s: %s in %" PRIu64 " call%s",
			 label, d, top[i]->calls, top[i]->calls == 1 ? "" :
			 "s");
		text(o, tip);
		end(o);
		end(o);
		svg_text(o, 234 + bw, y + 13, NULL, NULL, d);
		nl(o);
	}
	end(o);
	if (x->other_calls) {
		start(o, "p");
		attr(o, "class", "note");
		textf(o, "Approximate: only the first %zu other parties were "
		      "told apart; %" PRIu64 " calls with others are not "
		      "counted here.", x->max_parties, x->other_calls);
		end(o);
	}
	end(o);
	nl(o);
}

static void charts(struct vox_index *x, struct out *o)
{
	unsigned cats = x->meta->categories;

	if (!(cats & (VOX_CAT_CALLS | VOX_CAT_MESSAGES)))
		return;
	section(o, "charts", "Charts");
	if (cats & VOX_CAT_CALLS)
		month_chart(x, o, 0);
	if (cats & VOX_CAT_MESSAGES)
		month_chart(x, o, 1);
	if (cats & VOX_CAT_CALLS)
		party_chart(x, o);
	end(o);
}

/* A table section: heading, note on what is shown, header row, rows. */
static void table_section(struct vox_index *x, struct out *o,
			  struct table *t, const char *id,
			  const char *heading, const char *noun,
			  const char *file, const char *const *cols,
			  const char *intro)
{
	size_t i;

	section(o, id, heading);
	start(o, "p");
	if (intro)
		textf(o, "%s  ", intro);
	if (!t->total) {
		textf(o, "There are no %s in this archive.", noun);
	} else if (t->rows < t->total) {
		textf(o, "The first %" PRIu64 " of %" PRIu64 " %s are shown "
		      "here; all of them are in ", t->rows, t->total, noun);
		a_link(o, file, NULL);
		text(o, ".");
	} else {
		textf(o, "All %" PRIu64 " %s; they are also in ", t->total,
		      noun);
		a_link(o, file, NULL);
		text(o, ".");
	}
	end(o);
	if (t->total) {
		chk(o, xmlTextWriterFlush(t->o.w));
		start(o, "div");
		attr(o, "class", "scroll");
		start(o, "table");
		start(o, "tr");
		for (i = 0; cols[i]; i++)
			elem(o, "th", cols[i]);
		end(o);
		nl(o);
		/* rows the same library wrote and escaped (table_init) */
		chk(o, xmlTextWriterWriteRaw(o->w, xmlBufferContent(t->buf)));
		end(o);
		end(o);
	}
	end(o);
	(void)x;
}

int vox_index_write(struct vox_index *x, FILE *f,
		    const struct vox_readme_file *files, size_t n,
		    struct vox_error *err)
{
	static const char *const call_cols[] = {
		"Start", "Direction", "From", "To", "Result", "Talk time",
		"Length", NULL
	};
	static const char *const msg_cols[] = {
		"Date", "Direction", "Kind", "From", "To", "Text", NULL
	};
	static const char *const contact_cols[] = {
		"Name", "Phone numbers", "E-mail", "Organisation", NULL
	};
	static const char *const rec_cols[] = {
		"Start", "Kind", "Length", "Call", "Listen", NULL
	};
	unsigned cats = x->meta->categories;
	xmlOutputBufferPtr ob;
	struct out o = { NULL, 0 };
	char intro_txt[200];

	if (x->calls.o.bad || x->msgs.o.bad || x->contacts.o.bad ||
	    x->recs.o.bad)
		return vox_error_set(err, VOX_E_NOMEM, "index.html: out of "
				     "memory");
	ob = xmlOutputBufferCreateFile(f, NULL);
	if (!ob || !(o.w = xmlNewTextWriter(ob))) {
		if (ob)
			xmlOutputBufferClose(ob);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	head(x, &o);
	start(&o, "body");
	start(&o, "main");
	nl(&o);
	intro(x, &o);
	files_section(&o, files, n);
	summary(x, &o);
	charts(x, &o);
	snprintf(intro_txt, sizeof(intro_txt), "Times are %s time; talk "
		 "time counts from when the call was answered.", zone_name(x));
	if (cats & VOX_CAT_CALLS)
		table_section(x, &o, &x->calls, "calls", "Calls", "calls",
			      "calls.csv", call_cols, intro_txt);
	if (cats & VOX_CAT_MESSAGES)
		table_section(x, &o, &x->msgs, "messages", "Messages",
			      "messages", "messages.csv", msg_cols, NULL);
	if (cats & VOX_CAT_CONTACTS)
		table_section(x, &o, &x->contacts, "contacts",
			      "Your address book", "contacts", "contacts.vcf",
			      contact_cols, NULL);
	if (cats & VOX_CAT_RECORDINGS)
		table_section(x, &o, &x->recs, "recordings",
			      "Recordings and voicemail", "recordings",
			      "recordings.jsonl", rec_cols, x->meta->with_audio ?
			      NULL : "The sound files are not in this archive "
			      "(ask us for an archive with them).");
	nl(&o);
	start(&o, "footer");
	textf(&o, "Made by voxport %s.", VOX_VERSION);
	end(&o);
	end(&o);	/* main */
	end(&o);	/* body */
	end(&o);	/* html */
	nl(&o);
	chk(&o, xmlTextWriterFlush(o.w));
	xmlFreeTextWriter(o.w);	/* closes ob; f stays open */
	if (o.bad || ferror(f))
		return vox_error_set(err, VOX_E_IO, "index.html: write failed");
	return VOX_OK;
}
