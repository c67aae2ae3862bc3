/*
 * asterisk_cdr_csv.c: Asterisk cdr_csv, /var/log/asterisk/cdr-csv/Master.csv.
 *
 * Format (cdr/cdr_csv.c build_csv_record(), Asterisk 1.4 to today): one
 * CDR per line, no header, string fields always quoted with '"' doubled,
 * the integers never quoted, a zero time written as an empty unquoted
 * field.  Sixteen fixed columns:
 *
 *	accountcode src dst dcontext clid channel dstchannel lastapp lastdata
 *	start answer end duration billsec disposition amaflags
 *
 * then, by cdr.conf [csv]: uniqueid (loguniqueid=yes), userfield
 * (loguserfield=yes), peeraccount linkedid sequence (newcdrcolumns=yes,
 * the "post-1.8 CDR columns").  So a row has 16 to 21 columns, and a file
 * changes width when the admin changes cdr.conf: the layout is decided per
 * row.  17 and 20 columns are ambiguous (uniqueid or userfield): a
 * `[<systemname>-]<digits>.<digits>` value is a uniqueid, anything else a
 * userfield, unless the option column17= says.  Times are "YYYY-MM-DD
 * HH:MM:SS" in the server's zone (the zone given at open) or UTC with
 * usegmtime=yes; nothing in the file says which.  Bytes are written as
 * they came: invalid UTF-8 is read as Windows-1252.  clid comes from
 * ast_callerid_merge(): `"Name" <number>`, '"' and '\' in the name
 * backslash-escaped (older versions left them bare), or a bare name or
 * number.  One GUI-added header line ("accountcode,...") at line 1 is
 * skipped.
 *
 * Mapping: each row is one struct vox_call holding one leg.  src/dst go
 * to from/to (raw kept, number normalised with the default country), the
 * clid name to from.name (its number to from only when src is empty);
 * dcontext, channel, dstchannel, lastapp, lastdata, accountcode,
 * peeraccount, times, duration, billsec and disposition to the leg fields
 * of the same meaning; uniqueid is the leg id; linkedid is the call's
 * group_id and id (else uniqueid, else "<file>:<line>").  amaflags,
 * userfield, sequence, and a clid that does not parse (or whose number is
 * not src) go to the leg's extra.  Dropped: only empty strings, which mean
 * "not given" here, and the quoting itself (a quoted integer or a quoted
 * empty answer time is taken as if unquoted).  Rows of the per-account
 * files (<accountcode>.csv) repeat Master.csv rows; nothing here removes
 * such duplicates.  direction is left to the subject matcher.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "csvrows.h"
#include "phone.h"
#include "record.h"
#include "text.h"
#include "timeconv.h"
#include "voxport/source.h"

#define FORMAT "asterisk-cdr-csv"

/* The fixed columns, from 0. */
enum {
	F_ACCOUNT, F_SRC, F_DST, F_DCONTEXT, F_CLID, F_CHANNEL, F_DSTCHANNEL,
	F_LASTAPP, F_LASTDATA, F_START, F_ANSWER, F_END, F_DURATION,
	F_BILLSEC, F_DISPOSITION, F_AMAFLAGS, F_FIXED
};

enum { C17_AUTO, C17_UNIQUEID, C17_USERFIELD };

/* Where the optional columns of one row are; -1 when absent. */
struct layout {
	int uniqueid, userfield, peeraccount, linkedid, sequence;
};

struct reader {
	struct vox_csv *csv;
	const char *name;
	const struct vox_tz *local;	/* the zone given at open */
	const struct vox_tz *tz;	/* times are read in; NULL is UTC */
	const struct vox_phone_plan *plan;
	int column17;
	int oom;
	struct vox_arena arena;
	struct vox_record rec;
	struct vox_call_leg leg;
};

/* ---- bidding ---------------------------------------------------------- */

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* "YYYY-MM-DD HH:MM:SS", the shape cdr_csv's DATE_FORMAT gives. */
static int date_shape(const char *s, size_t len)
{
	static const char pat[] = "dddd-dd-dd dd:dd:dd";
	size_t i;

	if (len != sizeof(pat) - 1)
		return 0;
	for (i = 0; i < len; i++)
		if (pat[i] == 'd' ? !is_digit((unsigned char)s[i])
				  : s[i] != pat[i])
			return 0;
	return 1;
}

static int digits(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* What the first line of a buffer looks like, as cdr_csv writes it. */
struct peek {
	size_t n;		/* fields seen */
	int complete;		/* the line ended inside the buffer */
	int malformed;		/* not the CSV cdr_csv writes */
	int header;		/* first field "accountcode" */
	int quoted;		/* fields 1-9 all quoted */
	int date;		/* field 10 a quoted date */
	int ints;		/* fields 13 and 14 unquoted integers */
	size_t end;		/* offset after the line */
};

static void peek_line(const unsigned char *buf, size_t len, size_t i,
		      struct peek *p)
{
	const char *b = (const char *)buf;
	char val[32];

	memset(p, 0, sizeof(*p));
	p->quoted = 1;
	p->ints = 1;
	for (;;) {
		size_t vlen = 0;
		int quoted = 0;

		if (i < len && b[i] == '"') {
			quoted = 1;
			for (i++; i < len; i++) {
				if (b[i] == '"') {
					if (i + 1 < len && b[i + 1] == '"')
						i++;
					else
						break;
				}
				if (vlen < sizeof(val))
					val[vlen++] = b[i];
			}
			if (i >= len)
				break;	/* cut inside a quoted field */
			i++;
		} else {
			for (; i < len && b[i] != ',' && b[i] != '\n' &&
			       b[i] != '\r'; i++) {
				if (b[i] == '"') {
					p->malformed = 1;
					return;
				}
				if (vlen < sizeof(val))
					val[vlen++] = b[i];
			}
		}
		if (i < len && b[i] != ',' && b[i] != '\n' && b[i] != '\r') {
			p->malformed = 1;	/* text after a closing quote */
			return;
		}
		if (i >= len)
			break;	/* cut: this field may be incomplete */
		p->n++;
		if (p->n == 1 && vlen == 11 &&
		    strncasecmp(val, "accountcode", 11) == 0)
			p->header = 1;
		if (p->n <= 9 && !quoted)
			p->quoted = 0;
		if (p->n == 10)
			p->date = quoted && date_shape(val, vlen);
		if ((p->n == 13 || p->n == 14) &&
		    (quoted || !digits(val, vlen)))
			p->ints = 0;
		if (b[i] != ',') {
			p->complete = 1;
			while (i < len && (b[i] == '\r' || b[i] == '\n'))
				i++;
			p->end = i;
			break;
		}
		i++;
	}
	if (p->n < 14)
		p->ints = 0;
}

static int bid(const unsigned char *buf, size_t len)
{
	struct peek p;
	size_t i = 0;
	int score = 5;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	peek_line(buf, len, i, &p);
	if (p.header && !p.malformed) {
		/* A GUI export's header: judge by the row after it. */
		if (!p.complete || p.end >= len)
			return 5;
		peek_line(buf, len, p.end, &p);
	}
	/* cdr_csv quotes every string field, so fields 1-9 always. */
	if (p.malformed || p.header || p.n == 0 || !p.quoted)
		return 0;
	if (p.complete && (p.n < F_FIXED || p.n > 21))
		return 0;
	if (p.n >= 10) {
		if (!p.date)
			return p.complete ? 10 : 3;
		score += 20;
	}
	if (p.ints)
		score += 5;
	if (p.complete)
		score += 10;
	return score;
}

/* ---- reading ---------------------------------------------------------- */

/* A value for a message: cut, quotes and control bytes escaped. */
static const char *show(char *buf, size_t sz, const char *s, size_t len)
{
	int utf8 = vox_utf8_valid(s, len);
	size_t i, o = 0;

	for (i = 0; i < len && o + 8 < sz; i++) {
		unsigned char c = (unsigned char)s[i];

		if (o >= 60 && (c & 0xC0) != 0x80) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !utf8)) {
			static const char hex[] = "0123456789abcdef";

			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
	return buf;
}

static int row_error(struct reader *r, const struct vox_csv_row *row,
		     struct vox_error *err, const char *what,
		     const struct vox_csv_field *f)
{
	char v[300];

	if (!f)
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: %s", r->name,
				     (unsigned long long)row->line, what);
	return vox_error_set(err, VOX_E_DATA, "%s:%llu: %s \"%s\"", r->name,
			     (unsigned long long)row->line, what,
			     show(v, sizeof(v), f->s ? f->s : "", f->len));
}

/* UTF-8 copy of a field, NULL when empty. */
static const char *text(struct reader *r, const char *s, size_t len)
{
	char *t;

	if (!s || !len)
		return NULL;
	t = vox_text_utf8(&r->arena, s, len, NULL);
	if (!t)
		r->oom = 1;
	return t;
}

static const char *field(struct reader *r, const struct vox_csv_row *row,
			 int i)
{
	if (i < 0)
		return NULL;
	return text(r, row->f[i].s, row->f[i].len);
}

/* raw as written, number normalised where the plan allows. */
static void party(struct reader *r, struct vox_party *p, const char *s,
		  size_t len)
{
	size_t rawlen, outsz;
	char *out;

	p->raw = text(r, s, len);
	if (!p->raw)
		return;
	rawlen = strlen(p->raw);
	outsz = rawlen + 24;
	out = vox_arena_alloc(&r->arena, outsz);
	if (!out) {
		r->oom = 1;
		return;
	}
	out[0] = '\0';
	vox_phone_normalise(r->plan, p->raw, rawlen, out, outsz);
	p->number = out[0] && strcmp(out, p->raw) != 0 ? out : p->raw;
}

/*
 * Split clid `"Name" <number>` (ast_callerid_merge): the name with its
 * backslash escapes undone, in the arena (NULL when empty), and the
 * number's bytes.  0 when clid has another shape.  The number is what
 * follows the last '<', so a name may hold '<' and, as before Asterisk
 * escaped names, bare quotes.
 */
static int clid_split(struct reader *r, const char *s, size_t len,
		      const char **name, const char **num, size_t *numlen)
{
	size_t lt, q, i, n = 0;
	char *nb;

	*name = NULL;
	*num = NULL;
	*numlen = 0;
	if (len < 5 || s[0] != '"' || s[len - 1] != '>')
		return 0;
	for (lt = len - 1; lt > 0 && s[lt] != '<'; lt--)
		if (s[lt] == '>' && lt != len - 1)
			return 0;
	for (q = lt; q > 0 && (s[q - 1] == ' ' || s[q - 1] == '\t'); q--)
		;
	if (lt == 0 || q < 2 || s[q - 1] != '"')
		return 0;
	q--;	/* the closing quote */
	nb = vox_arena_alloc(&r->arena, q);
	if (!nb) {
		r->oom = 1;
		return 0;
	}
	for (i = 1; i < q; i++) {
		if (s[i] == '\\' && i + 1 < q)
			i++;
		nb[n++] = s[i];
	}
	*num = s + lt + 1;
	*numlen = len - 2 - lt;
	*name = text(r, nb, n);
	return 1;
}

/* A uniqueid: "[<systemname>-]<digits>.<digits>". */
static int uniqueid_shape(const char *s, size_t len)
{
	const char *dash, *dot;
	const char *p = s;

	if (!s || !len)
		return 0;
	for (dash = s + len; dash > s && dash[-1] != '-'; dash--)
		;
	dash = dash > s ? dash - 1 : NULL;
	if (dash) {
		if (dash == s)
			return 0;
		p = dash + 1;
	}
	len -= (size_t)(p - s);
	dot = memchr(p, '.', len);
	return dot && digits(p, (size_t)(dot - p)) &&
		digits(dot + 1, len - (size_t)(dot + 1 - p));
}

static void layout_for(const struct reader *r, const struct vox_csv_row *row,
		       struct layout *l)
{
	int c17 = r->column17;

	l->uniqueid = l->userfield = -1;
	l->peeraccount = l->linkedid = l->sequence = -1;
	if ((row->n == 17 || row->n == 20) && c17 == C17_AUTO)
		c17 = uniqueid_shape(row->f[16].s, row->f[16].len) ?
			C17_UNIQUEID : C17_USERFIELD;
	switch (row->n) {
	case 17:
	case 20:
		if (c17 == C17_UNIQUEID)
			l->uniqueid = 16;
		else
			l->userfield = 16;
		break;
	case 18:
	case 21:
		l->uniqueid = 16;
		l->userfield = 17;
		break;
	}
	if (row->n >= 19) {
		l->peeraccount = (int)row->n - 3;
		l->linkedid = (int)row->n - 2;
		l->sequence = (int)row->n - 1;
	}
}

static int get_time(struct reader *r, const struct vox_csv_row *row, int i,
		    const char *what, int64_t *ms, struct vox_error *err)
{
	const struct vox_csv_field *f = &row->f[i];
	char msg[32];

	*ms = VOX_TIME_NONE;
	if (!f->s || !f->len) {
		if (i != F_START)
			return VOX_OK;	/* not answered; no end */
		snprintf(msg, sizeof(msg), "missing %s time", what);
		return row_error(r, row, err, msg, NULL);
	}
	if (date_shape(f->s, f->len) &&
	    vox_time_parse_local(f->s, f->len, r->tz, ms) == VOX_OK)
		return VOX_OK;
	snprintf(msg, sizeof(msg), "bad %s time", what);
	return row_error(r, row, err, msg, f);
}

static int get_seconds(struct reader *r, const struct vox_csv_row *row,
		       int i, const char *what, int64_t *out,
		       struct vox_error *err)
{
	const struct vox_csv_field *f = &row->f[i];
	int64_t v = 0;
	size_t k;

	if (!f->s || !digits(f->s, f->len) || f->len > 18)
		return row_error(r, row, err, what, f);
	for (k = 0; k < f->len; k++)
		v = v * 10 + (f->s[k] - '0');
	*out = v;
	return VOX_OK;
}

static enum vox_call_status status_of(const char *d)
{
	static const struct {
		const char *name;
		enum vox_call_status status;
	} map[] = {
		{ "ANSWERED", VOX_CALL_ANSWERED },
		{ "NO ANSWER", VOX_CALL_NO_ANSWER },
		{ "NOANSWER", VOX_CALL_NO_ANSWER },
		{ "BUSY", VOX_CALL_BUSY },
		{ "FAILED", VOX_CALL_FAILED },
		{ "CONGESTION", VOX_CALL_CONGESTION },
		{ "CANCEL", VOX_CALL_CANCELLED },
	};
	size_t i;

	if (!d)
		return VOX_CALL_UNKNOWN;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(d, map[i].name) == 0)
			return map[i].status;
	return VOX_CALL_UNKNOWN;
}

static void extra(struct reader *r, const char *key, const char *value)
{
	if (value && vox_extra_add(&r->arena, &r->leg.extra, key, value) !=
	    VOX_OK)
		r->oom = 1;
}

static void clid(struct reader *r, const struct vox_csv_row *row)
{
	const struct vox_csv_field *src = &row->f[F_SRC];
	const struct vox_csv_field *f = &row->f[F_CLID];
	struct vox_call_leg *leg = &r->leg;
	const char *name, *num;
	size_t numlen;

	if (!f->s || !f->len)
		return;
	if (!clid_split(r, f->s, f->len, &name, &num, &numlen)) {
		extra(r, "clid", text(r, f->s, f->len));
		return;
	}
	leg->from.name = name;
	if (!numlen)
		return;
	if (!src->s || !src->len)
		party(r, &leg->from, num, numlen);
	else if (numlen != src->len || memcmp(num, src->s, numlen) != 0)
		/* A number src does not show: keep it. */
		extra(r, "clid", text(r, f->s, f->len));
}

static int fill(struct reader *r, const struct vox_csv_row *row,
		struct vox_error *err)
{
	struct vox_call_leg *leg = &r->leg;
	struct vox_call *call = &r->rec.u.call;
	const struct vox_csv_field *f = row->f;
	struct layout l;

	if ((row->n < F_FIXED || row->n > 21) &&
	    row->last_line > row->line)
		/* cdr_csv writes no line breaks: a quote left open ate them. */
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: bad column "
				     "count %zu: a quote opened on line %llu "
				     "runs on to line %llu, so lines %llu-%llu "
				     "are one bad row", r->name,
				     (unsigned long long)row->line, row->n,
				     (unsigned long long)row->line,
				     (unsigned long long)row->last_line,
				     (unsigned long long)row->line,
				     (unsigned long long)row->last_line);
	if (row->n < F_FIXED || row->n > 21) {
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: bad column "
				     "count %zu (cdr_csv writes 16 to 21)",
				     r->name, (unsigned long long)row->line,
				     row->n);
	}
	vox_arena_reset(&r->arena);
	r->oom = 0;
	memset(&r->rec, 0, sizeof(r->rec));
	vox_call_leg_init(leg);

	if (get_time(r, row, F_START, "start", &leg->start, err) != VOX_OK ||
	    get_time(r, row, F_ANSWER, "answer", &leg->answer, err) !=
		    VOX_OK ||
	    get_time(r, row, F_END, "end", &leg->end, err) != VOX_OK ||
	    get_seconds(r, row, F_DURATION, "bad duration", &leg->duration,
			err) != VOX_OK ||
	    get_seconds(r, row, F_BILLSEC, "bad billsec", &leg->billsec,
			err) != VOX_OK)
		return VOX_ERR;

	layout_for(r, row, &l);
	leg->id = field(r, row, l.uniqueid);
	party(r, &leg->from, f[F_SRC].s, f[F_SRC].len);
	party(r, &leg->to, f[F_DST].s, f[F_DST].len);
	clid(r, row);
	leg->context = field(r, row, F_DCONTEXT);
	leg->channel = field(r, row, F_CHANNEL);
	leg->peer_channel = field(r, row, F_DSTCHANNEL);
	leg->application = field(r, row, F_LASTAPP);
	leg->application_data = field(r, row, F_LASTDATA);
	leg->account_code = field(r, row, F_ACCOUNT);
	leg->peer_account = field(r, row, l.peeraccount);
	leg->disposition = field(r, row, F_DISPOSITION);
	leg->status = status_of(leg->disposition);
	leg->source.format = FORMAT;
	leg->source.file = r->name;
	leg->source.line = row->line;
	leg->source.id = leg->id;
	extra(r, "amaflags", field(r, row, F_AMAFLAGS));
	extra(r, "userfield", field(r, row, l.userfield));
	extra(r, "sequence", field(r, row, l.sequence));

	r->rec.kind = VOX_CALL;
	call->group_id = field(r, row, l.linkedid);
	call->id = call->group_id ? call->group_id : leg->id;
	if (!call->id) {
		call->id = vox_arena_printf(&r->arena, "%s:%llu", r->name,
					    (unsigned long long)row->line);
		if (!call->id)
			r->oom = 1;
	}
	call->from = leg->from;
	call->to = leg->to;
	call->start = leg->start;
	call->answer = leg->answer;
	call->end = leg->end;
	call->duration = leg->duration;
	call->billsec = leg->billsec;
	call->status = leg->status;
	call->direction = VOX_DIR_UNKNOWN;
	call->account_code = leg->account_code;
	call->legs = leg;
	call->nlegs = call->caplegs = 1;
	call->source = leg->source;
	if (r->oom)
		return vox_error_set(err, VOX_E_NOMEM, "%s:%llu: out of memory",
				     r->name, (unsigned long long)row->line);
	return VOX_OK;
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;
	const struct vox_csv_row *row;
	int rc;

	do {
		rc = vox_csv_next(r->csv, &row, err);
		if (rc != VOX_OK)
			return rc;
		/* Some GUIs add a header; cdr_csv never writes one. */
	} while (row->line == 1 && row->n > 0 && row->f[0].s &&
		 strcasecmp(row->f[0].s, "accountcode") == 0);
	rc = fill(r, row, err);
	if (rc != VOX_OK)
		return rc;
	*rec = &r->rec;
	return VOX_OK;
}

/* ---- options, open and close ------------------------------------------ */

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	struct reader *r = state;
	char v[300];
	int on;

	if (!value)
		value = "";
	if (strcmp(key, "usegmtime") == 0) {
		if (parse_bool(value, &on) != 0)
			return vox_error_set(err, VOX_E_CONFIG, FORMAT ": bad "
					     "value \"%s\" for option "
					     "usegmtime (yes or no)",
					     show(v, sizeof(v), value,
						  strlen(value)));
		r->tz = on ? NULL : r->local;
		return VOX_OK;
	}
	if (strcmp(key, "column17") == 0) {
		if (strcmp(value, "uniqueid") == 0)
			r->column17 = C17_UNIQUEID;
		else if (strcmp(value, "userfield") == 0)
			r->column17 = C17_USERFIELD;
		else if (strcmp(value, "auto") == 0)
			r->column17 = C17_AUTO;
		else
			return vox_error_set(err, VOX_E_CONFIG, FORMAT ": bad "
					     "value \"%s\" for option "
					     "column17 (uniqueid, userfield "
					     "or auto)",
					     show(v, sizeof(v), value,
						  strlen(value)));
		return VOX_OK;
	}
	return vox_error_set(err, VOX_E_CONFIG,
			     FORMAT ": unknown option \"%s\"",
			     show(v, sizeof(v), key, strlen(key)));
}

static void close_reader(void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	vox_csv_free(r->csv);
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
	r->local = r->tz = args->tz;
	r->plan = args->plan;
	vox_arena_init(&r->arena);
	r->csv = vox_csv_new(args->in, r->name, VOX_CSV_STRICT);
	if (!r->csv) {
		free(r);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	return r;
}

const struct vox_source vox_source_asterisk_cdr_csv = {
	.name = FORMAT,
	.summary = "Asterisk cdr_csv Master.csv (16 to 21 columns)",
	.kinds = VOX_CALL,
	.options = "usegmtime=yes|no: times are UTC (cdr.conf [csv] "
		   "usegmtime), not the source's zone; "
		   "column17=uniqueid|userfield|auto: what a 17th (or 20th) "
		   "column holds when only one of loguniqueid and "
		   "loguserfield is on (auto: by its shape)",
	.bid = bid,
	.open = open_reader,
	.option = set_option,
	.next = next_record,
	.close = close_reader,
};
