/* SPDX-License-Identifier: Apache-2.0 */
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
 * months of the charts are months in that zone too.  Elements and text go
 * through export/html_write.c; the charts are drawn by export/index_chart.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "category.h"
#include "html_write.h"
#include "index_chart.h"
#include "index_html.h"
#include "processing.h"
#include "timeconv.h"

#define ROWS_DEFAULT 2000
#define PARTIES_DEFAULT 10000
#define NAME_MAX_BYTES 120	/* of a name or number in a cell */
#define TOP_N 10

enum { D_IN, D_OUT, D_INTERNAL, D_UNKNOWN, D_COUNT };

static const struct vox_chart_series dirs[D_COUNT] = {
	[D_IN] = { "inbound", "received", "#2b7bb9" },
	[D_OUT] = { "outbound", "made or sent", "#e8833a" },
	[D_INTERNAL] = { "internal", "to yourself", "#5aa05a" },
	[D_UNKNOWN] = { "unknown", "direction unknown", "#999999" },
};

struct table {
	xmlBufferPtr buf;
	struct vox_html o;
	uint64_t rows, total;	/* rows kept, records seen */
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
	struct vox_chart_month *months;	/* sorted; months in the zone */
	size_t nmonths, capmonths;
	struct party *parties;	/* open addressing, capparties slots */
	size_t nparties, capparties;
	uint64_t other_billsec, other_calls;	/* beyond max_parties */
};

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

static void a_link(struct vox_html *o, const char *path, const char *label)
{
	char href[1024];

	href_of(path, href, sizeof(href));
	vox_html_start(o, "a");
	vox_html_attr(o, "href", href);
	vox_html_text(o, label ? label : path);
	vox_html_end(o);
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
static struct vox_chart_month *month_of(struct vox_index *x, int64_t ms)
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
		struct vox_chart_month *nm = realloc(x->months, cap * sizeof(*nm));

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

static void cell(struct vox_html *o, const char *s)
{
	vox_html_elem(o, "td", s ? s : "");
}

static void cell_num(struct vox_html *o, const char *s)
{
	vox_html_start(o, "td");
	vox_html_attr(o, "class", "num");
	vox_html_text(o, s);
	vox_html_end(o);
}

static void cell_party(struct vox_html *o, const struct vox_party *p)
{
	char buf[2 * NAME_MAX_BYTES + 8], name[NAME_MAX_BYTES + 8];
	struct vox_party q = *p;

	if (p->name) {
		vox_html_clean(p->name, NAME_MAX_BYTES, name, sizeof(name));
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
	struct vox_chart_month *m;

	range_add(&x->call_t, c->start);
	if (c->start != VOX_TIME_NONE) {
		if (!(m = month_of(x, c->start)))
			return nomem(err);
		m->v[0][dir_index(c->direction)]++;
	}
	if (party_add(x, other, c->billsec, err) != VOX_OK)
		return VOX_ERR;
	if (!table_take(x, &x->calls))
		return VOX_OK;
	vox_html_start(&x->calls.o, "tr");
	cell(&x->calls.o, local_time(x, c->start, t));
	cell(&x->calls.o, dirs[dir_index(c->direction)].label);
	cell_party(&x->calls.o, &c->from);
	cell_party(&x->calls.o, &c->to);
	cell(&x->calls.o, vox_call_status_name(c->status));
	vox_html_duration(c->billsec, d);
	cell_num(&x->calls.o, d);
	vox_html_duration(c->duration, d);
	cell_num(&x->calls.o, d);
	vox_html_end(&x->calls.o);
	vox_html_nl(&x->calls.o);
	return table_done(&x->calls, err);
}

int vox_index_add_message(struct vox_index *x, const struct vox_message *g,
			  struct vox_error *err)
{
	struct vox_html *o = &x->msgs.o;
	char t[VOX_TIME_FORMAT_MAX], buf[2 * NAME_MAX_BYTES + 8];
	size_t i, files = 0;
	struct vox_chart_month *m;

	range_add(&x->msg_t, g->date);
	if (g->date != VOX_TIME_NONE) {
		if (!(m = month_of(x, g->date)))
			return nomem(err);
		m->v[1][dir_index(g->direction)]++;
	}
	if (!table_take(x, &x->msgs))
		return VOX_OK;
	vox_html_start(o, "tr");
	cell(o, local_time(x, g->date, t));
	cell(o, dirs[dir_index(g->direction)].label);
	cell(o, g->type == VOX_MSG_MMS ? "picture message (MMS)" :
	     "text (SMS)");
	cell_party(o, &g->from);
	vox_html_start(o, "td");
	for (i = 0; i < g->nto && i < 5; i++) {
		party_text(&g->to[i], buf, sizeof(buf));
		if (i)
			vox_html_text(o, "; ");
		vox_html_text_max(o, buf, NAME_MAX_BYTES);
	}
	if (g->nto > 5)
		vox_html_textf(o, "; and %zu more", g->nto - 5);
	vox_html_end(o);
	vox_html_start(o, "td");
	vox_html_attr(o, "class", "text");
	if (g->subject && *g->subject) {
		vox_html_start(o, "strong");
		vox_html_text_max(o, g->subject, NAME_MAX_BYTES);
		vox_html_end(o);
		vox_html_text(o, " ");
	}
	if (g->body)
		vox_html_text(o, g->body);
	for (i = 0; i < g->nparts; i++) {
		if (g->parts[i].text && !g->body)
			vox_html_text(o, g->parts[i].text);
		else if (!g->parts[i].text)
			files++;
	}
	for (i = 0; files && i < g->nparts; i++) {
		const struct vox_message_part *p = &g->parts[i];

		if (p->text)
			continue;
		vox_html_text(o, " ");
		if (p->member)
			a_link(o, p->member, p->name ? p->name : "attachment");
		else
			vox_html_textf(o, "[%s not included]", p->content_type ?
			      p->content_type : "attachment");
	}
	vox_html_end(o);
	vox_html_end(o);
	vox_html_nl(o);
	return table_done(&x->msgs, err);
}

/* The strings of a contact's phones or e-mails, "; " between them. */
static void list_cell(struct vox_html *o, const struct vox_contact *c, int phones)
{
	size_t i, n = phones ? c->nphones : c->nemails;

	vox_html_start(o, "td");
	for (i = 0; i < n && i < 10; i++) {
		if (i)
			vox_html_text(o, "; ");
		vox_html_text_max(o, phones ? (c->phones[i].number ?
				      c->phones[i].number : c->phones[i].raw) :
			 c->emails[i].address, NAME_MAX_BYTES);
	}
	vox_html_end(o);
}

int vox_index_add_contact(struct vox_index *x, const struct vox_contact *c,
			  struct vox_error *err)
{
	struct vox_html *o = &x->contacts.o;
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
	vox_html_start(o, "tr");
	vox_html_start(o, "td");
	vox_html_text_max(o, name, NAME_MAX_BYTES);
	vox_html_end(o);
	list_cell(o, c, 1);
	list_cell(o, c, 0);
	vox_html_start(o, "td");
	vox_html_text_max(o, c->organization, NAME_MAX_BYTES);
	vox_html_end(o);
	vox_html_end(o);
	vox_html_nl(o);
	return table_done(&x->contacts, err);
}

int vox_index_add_recording(struct vox_index *x,
			    const struct vox_recording *r,
			    struct vox_error *err)
{
	struct vox_html *o = &x->recs.o;
	char t[VOX_TIME_FORMAT_MAX], d[32], href[1024];

	range_add(&x->rec_t, r->start);
	if (!table_take(x, &x->recs))
		return VOX_OK;
	vox_html_start(o, "tr");
	cell(o, local_time(x, r->start, t));
	cell(o, r->kind == VOX_REC_VOICEMAIL ? "voicemail" :
	     "call recording");
	vox_html_duration(r->duration_ms < 0 ? -1 : r->duration_ms / 1000, d);
	cell_num(o, d);
	vox_html_start(o, "td");
	vox_html_text_max(o, r->call_id, NAME_MAX_BYTES);
	vox_html_end(o);
	vox_html_start(o, "td");
	if (r->member) {
		href_of(r->member, href, sizeof(href));
		vox_html_start(o, "audio");
		vox_html_attr(o, "controls", "controls");
		vox_html_attr(o, "preload", "none");
		vox_html_attr(o, "src", href);
		a_link(o, r->member, NULL);
		vox_html_end(o);
		vox_html_start(o, "br");
		vox_html_end_void(o);
		a_link(o, r->member, NULL);
	} else {
		vox_html_text(o, "not included in this archive");
	}
	vox_html_end(o);
	vox_html_end(o);
	vox_html_nl(o);
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

static void dl_row(struct vox_html *o, const char *term, const char *value)
{
	if (!value || !*value)
		return;
	vox_html_elem(o, "dt", term);
	vox_html_elem(o, "dd", value);
}

static void dl_link(struct vox_html *o, const char *term, const char *scheme,
		    const char *value)
{
	char href[600];

	if (!value || !*value)
		return;
	vox_html_elem(o, "dt", term);
	vox_html_start(o, "dd");
	snprintf(href, sizeof(href), "%s%s", scheme, value);
	vox_html_start(o, "a");
	vox_html_attr(o, "href", href);
	vox_html_text(o, value);
	vox_html_end(o);
	vox_html_end(o);
}

static void section(struct vox_html *o, const char *id, const char *heading)
{
	vox_html_nl(o);
	vox_html_start(o, "section");
	vox_html_attr(o, "id", id);
	vox_html_elem(o, "h2", heading);
	vox_html_nl(o);
}

static void head(struct vox_index *x, struct vox_html *o)
{
	const char *name = str(x->meta->controller, "name");

	vox_html_chk(o, xmlTextWriterWriteRaw(o->w, (const xmlChar *)
				     "<!DOCTYPE html>\n"));
	vox_html_start(o, "html");
	vox_html_attr(o, "lang", "en");
	vox_html_nl(o);
	vox_html_start(o, "head");
	vox_html_start(o, "meta");
	vox_html_attr(o, "charset", "utf-8");
	vox_html_end_void(o);
	vox_html_start(o, "meta");
	vox_html_attr(o, "name", "viewport");
	vox_html_attr(o, "content", "width=device-width, initial-scale=1");
	vox_html_end_void(o);
	vox_html_start(o, "title");
	vox_html_textf(o, "Your data from %s", name ? name : "your provider");
	vox_html_end(o);
	vox_html_start(o, "style");
	vox_html_chk(o, xmlTextWriterWriteRaw(o->w, (const xmlChar *)css));
	vox_html_end(o);
	vox_html_end(o);
	vox_html_nl(o);
}

static void intro(struct vox_index *x, struct vox_html *o)
{
	const struct vox_archive_meta *m = x->meta;
	const char *name = str(m->controller, "name");
	char t[VOX_TIME_FORMAT_MAX], t2[VOX_TIME_FORMAT_MAX];

	vox_html_start(o, "h1");
	vox_html_textf(o, "Your data from %s", name ? name : "your provider");
	vox_html_end(o);
	vox_html_start(o, "p");
	vox_html_textf(o, "This archive answers %s %s request%s%s%s.  %s made it on ",
	      strchr("aeiou", m->request_type[0]) ? "an" : "a",
	      m->request_type, m->request_reference ? " (reference " : "",
	      m->request_reference ? m->request_reference : "",
	      m->request_reference ? ")" : "", name ? name : "Your provider");
	vox_html_textf(o, "%s (%s time).  All times on this page are %s time.",
	      local_time(x, m->created, t), zone_name(x), zone_name(x));
	vox_html_end(o);
	if (m->since != VOX_TIME_NONE || m->until != VOX_TIME_NONE) {
		vox_html_start(o, "p");
		vox_html_textf(o, "It covers records from %s to %s.",
		      m->since != VOX_TIME_NONE ? local_time(x, m->since, t) :
		      "the start", m->until != VOX_TIME_NONE ?
		      local_time(x, m->until, t2) : "the end");
		vox_html_end(o);
	}

	section(o, "about", "Who this data is about");
	vox_html_start(o, "dl");
	dl_row(o, "Subscriber", m->subject_id);
	dl_row(o, "Name", x->subject_name);
	vox_html_end(o);
	vox_html_end(o);

	section(o, "controller", "Who holds it");
	vox_html_start(o, "dl");
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
	vox_html_end(o);
	vox_html_end(o);
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
	{ "data.xlsx", "all of it as one workbook for spreadsheets" },
	{ "recordings/", "the sound files of the recordings" },
	{ "attachments/", "pictures and other files sent in picture "
	  "messages, one folder per message" },
	{ "schemas/", "the JSON Schemas the data files follow" },
	{ "processing.json", "how your data is used and your rights (the "
	  "same as in README.txt), for computers" },
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
static void file_row(struct vox_html *o, const char *path, const char *what,
		     int64_t records, uint64_t bytes, uint64_t count)
{
	char buf[32];

	vox_html_start(o, "tr");
	vox_html_start(o, "td");
	if (count)
		vox_html_textf(o, "%s (%" PRIu64 " file%s)", path, count,
		      count == 1 ? "" : "s");
	else
		a_link(o, path, NULL);
	vox_html_end(o);
	cell(o, what);
	snprintf(buf, sizeof(buf), "%" PRId64, records);
	cell_num(o, records >= 0 ? buf : "");
	size_text(bytes, buf);
	cell_num(o, bytes ? buf : "");
	vox_html_end(o);
	vox_html_nl(o);
}

static void files_section(struct vox_html *o, const struct vox_readme_file *f,
			  size_t n)
{
	static const char *const folders[] = {
		"recordings/", "attachments/", "schemas/",
	};
	size_t i, j;

	section(o, "files", "What is in this archive");
	vox_html_start(o, "p");
	vox_html_text(o, "Each file, and what it is.  The names are links: unpack "
	     "the archive first, then open this page from the unpacked "
	     "folder.");
	vox_html_end(o);
	vox_html_start(o, "div");
	vox_html_attr(o, "class", "scroll");
	vox_html_start(o, "table");
	vox_html_start(o, "tr");
	vox_html_elem(o, "th", "File");
	vox_html_elem(o, "th", "What it is");
	vox_html_start(o, "th");
	vox_html_attr(o, "class", "num");
	vox_html_text(o, "Records");
	vox_html_end(o);
	vox_html_start(o, "th");
	vox_html_attr(o, "class", "num");
	vox_html_text(o, "Size");
	vox_html_end(o);
	vox_html_end(o);
	vox_html_nl(o);
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
	vox_html_end(o);
	vox_html_end(o);
	/* The schemas, each linked, on one line. */
	for (i = 0, j = 0; i < n; i++) {
		if (!in_dir(f[i].path, "schemas/"))
			continue;
		if (!j++) {
			vox_html_start(o, "p");
			vox_html_text(o, "Schemas: ");
		} else {
			vox_html_text(o, ", ");
		}
		a_link(o, f[i].path, f[i].path + 8);
	}
	if (j)
		vox_html_end(o);
	vox_html_end(o);
}

static void summary_row(struct vox_index *x, struct vox_html *o, const char *what,
			uint64_t count, const struct range *r)
{
	char t[VOX_TIME_FORMAT_MAX], buf[32];

	vox_html_start(o, "tr");
	cell(o, what);
	snprintf(buf, sizeof(buf), "%" PRIu64, count);
	cell_num(o, buf);
	cell(o, r && r->first != VOX_TIME_NONE ? local_time(x, r->first, t) :
	     "");
	cell(o, r && r->last != VOX_TIME_NONE ? local_time(x, r->last, t) :
	     "");
	vox_html_end(o);
	vox_html_nl(o);
}

static void summary(struct vox_index *x, struct vox_html *o)
{
	unsigned cats = x->meta->categories;

	section(o, "summary", "At a glance");
	vox_html_start(o, "table");
	vox_html_start(o, "tr");
	vox_html_elem(o, "th", "What");
	vox_html_start(o, "th");
	vox_html_attr(o, "class", "num");
	vox_html_text(o, "How many");
	vox_html_end(o);
	vox_html_elem(o, "th", "First");
	vox_html_elem(o, "th", "Last");
	vox_html_end(o);
	vox_html_nl(o);
	if (cats & VOX_CAT_CALLS)
		summary_row(x, o, "Calls", x->calls.total, &x->call_t);
	if (cats & VOX_CAT_MESSAGES)
		summary_row(x, o, "Messages", x->msgs.total, &x->msg_t);
	if (cats & VOX_CAT_CONTACTS)
		summary_row(x, o, "Contacts", x->contacts.total, NULL);
	if (cats & VOX_CAT_RECORDINGS)
		summary_row(x, o, "Recordings", x->recs.total, &x->rec_t);
	vox_html_end(o);
	vox_html_end(o);
}

/* ---- charts ------------------------------------------------------------- */

/*
 * The TOP_N other parties with the most talk time, then by key, and their
 * labels ("Name (number)") in labels.
 */
static size_t top_parties(const struct vox_index *x,
			  struct vox_chart_party top[TOP_N],
			  char labels[TOP_N][2 * NAME_MAX_BYTES + 8])
{
	size_t ntop = 0, i, j;

	for (i = 0; i < x->capparties; i++) {
		const struct party *p = &x->parties[i];

		if (!p->key || !p->billsec)
			continue;
		for (j = ntop; j > 0 && (top[j - 1].billsec < p->billsec ||
		     (top[j - 1].billsec == p->billsec &&
		      strcmp(top[j - 1].key, p->key) > 0)); j--)
			if (j < TOP_N)
				top[j] = top[j - 1];
		if (j < TOP_N) {
			top[j].key = p->key;
			top[j].label = p->name;	/* for now: see below */
			top[j].billsec = p->billsec;
			top[j].calls = p->calls;
			if (ntop < TOP_N)
				ntop++;
		}
	}
	for (i = 0; i < ntop; i++) {
		struct vox_party q = { top[i].key, NULL, top[i].label };

		party_text(&q, labels[i], sizeof(labels[i]));
		top[i].label = labels[i];
	}
	return ntop;
}

static void charts(struct vox_index *x, struct vox_html *o)
{
	unsigned cats = x->meta->categories;
	struct vox_chart_party top[TOP_N];
	char labels[TOP_N][2 * NAME_MAX_BYTES + 8];

	if (!(cats & (VOX_CAT_CALLS | VOX_CAT_MESSAGES)))
		return;
	section(o, "charts", "Charts");
	if (cats & VOX_CAT_CALLS)
		vox_chart_months(o, x->months, x->nmonths, 0, zone_name(x),
				 dirs);
	if (cats & VOX_CAT_MESSAGES)
		vox_chart_months(o, x->months, x->nmonths, 1, zone_name(x),
				 dirs);
	if (cats & VOX_CAT_CALLS)
		vox_chart_parties(o, top, top_parties(x, top, labels),
				  x->max_parties, x->other_calls);
	vox_html_end(o);
}

/* A table section: heading, note on what is shown, header row, rows. */
static void table_section(struct vox_html *o, struct table *t,
			  const char *id,
			  const char *heading, const char *noun,
			  const char *file, const char *const *cols,
			  const char *intro)
{
	size_t i;

	section(o, id, heading);
	vox_html_start(o, "p");
	if (intro)
		vox_html_textf(o, "%s  ", intro);
	if (!t->total) {
		vox_html_textf(o, "There are no %s in this archive.", noun);
	} else if (t->rows < t->total) {
		vox_html_textf(o, "The first %" PRIu64 " of %" PRIu64 " %s are shown "
		      "here; all of them are in ", t->rows, t->total, noun);
		a_link(o, file, NULL);
		vox_html_text(o, ".");
	} else {
		vox_html_textf(o, "All %" PRIu64 " %s; they are also in ", t->total,
		      noun);
		a_link(o, file, NULL);
		vox_html_text(o, ".");
	}
	vox_html_end(o);
	if (t->total) {
		vox_html_chk(o, xmlTextWriterFlush(t->o.w));
		vox_html_start(o, "div");
		vox_html_attr(o, "class", "scroll");
		vox_html_start(o, "table");
		vox_html_start(o, "tr");
		for (i = 0; cols[i]; i++)
			vox_html_elem(o, "th", cols[i]);
		vox_html_end(o);
		vox_html_nl(o);
		/* rows the same library wrote and escaped (table_init) */
		vox_html_chk(o, xmlTextWriterWriteRaw(o->w,
						      xmlBufferContent(t->buf)));
		vox_html_end(o);
		vox_html_end(o);
	}
	vox_html_end(o);
}

/* The subject's rights and where to complain (export/processing.h). */
static int rights_section(struct vox_index *x, struct vox_html *o,
			  struct vox_error *err)
{
	json_t *doc = vox_processing_json(x->meta);
	const json_t *sa = json_object_get(doc, "supervisory_authority"), *r;
	size_t i;

	if (!doc)
		return nomem(err);
	section(o, "rights", "Your rights");
	vox_html_start(o, "ul");
	json_array_foreach(json_object_get(doc, "subject_rights"), i, r) {
		vox_html_start(o, "li");
		vox_html_textf(o, "You have the right %s.", str(r, "text"));
		vox_html_end(o);
	}
	vox_html_end(o);
	vox_html_start(o, "p");
	if (str(doc, "rights"))
		vox_html_text(o, str(doc, "rights"));
	else
		vox_html_textf(o, "%s did not say how to use them.",
			       str(json_object_get(doc, "controller"), "name"));
	vox_html_text(o, "  README.txt tells the rest: why your data is used "
		      "and on what legal basis, who receives it, how long it "
		      "is kept and where it comes from.");
	vox_html_end(o);
	vox_html_elem(o, "h3", "Complaints");
	vox_html_start(o, "dl");
	dl_row(o, "Regulator", str(sa, "name"));
	dl_row(o, "Address", str(sa, "address"));
	dl_row(o, "Phone", str(sa, "phone"));
	dl_link(o, "Website", "", str(sa, "website"));
	vox_html_end(o);
	vox_html_end(o);
	json_decref(doc);
	return VOX_OK;
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
	struct vox_html o = { NULL, 0 };
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
	vox_html_start(&o, "body");
	vox_html_start(&o, "main");
	vox_html_nl(&o);
	intro(x, &o);
	files_section(&o, files, n);
	summary(x, &o);
	charts(x, &o);
	snprintf(intro_txt, sizeof(intro_txt), "Times are %s time; talk "
		 "time counts from when the call was answered.", zone_name(x));
	if (cats & VOX_CAT_CALLS)
		table_section(&o, &x->calls, "calls", "Calls", "calls",
			      "calls.csv", call_cols, intro_txt);
	if (cats & VOX_CAT_MESSAGES)
		table_section(&o, &x->msgs, "messages", "Messages",
			      "messages", "messages.csv", msg_cols, NULL);
	if (cats & VOX_CAT_CONTACTS)
		table_section(&o, &x->contacts, "contacts",
			      "Your address book", "contacts", "contacts.vcf",
			      contact_cols, NULL);
	if (cats & VOX_CAT_RECORDINGS)
		table_section(&o, &x->recs, "recordings",
			      "Recordings and voicemail", "recordings",
			      "recordings.jsonl", rec_cols, x->meta->with_audio ?
			      NULL : "The sound files are not in this archive "
			      "(ask us for an archive with them).");
	if (rights_section(x, &o, err) != VOX_OK) {
		xmlFreeTextWriter(o.w);
		return VOX_ERR;
	}
	vox_html_nl(&o);
	vox_html_start(&o, "footer");
	vox_html_textf(&o, "Made by voxport %s.", VOX_VERSION);
	vox_html_end(&o);
	vox_html_end(&o);	/* main */
	vox_html_end(&o);	/* body */
	vox_html_end(&o);	/* html */
	vox_html_nl(&o);
	vox_html_chk(&o, xmlTextWriterFlush(o.w));
	xmlFreeTextWriter(o.w);	/* closes ob; f stays open */
	if (o.bad || ferror(f))
		return vox_error_set(err, VOX_E_IO, "index.html: write failed");
	return VOX_OK;
}
