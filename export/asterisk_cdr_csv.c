/* SPDX-License-Identifier: Apache-2.0 */
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
 * Mapping (asterisk_cdr.c, shared with asterisk-cdr-custom): each row is
 * one struct vox_call holding one leg; src/dst to from/to, the clid's name
 * to from.name, uniqueid the leg id, linkedid the call's group_id and id;
 * amaflags, userfield and sequence to extra.  Rows of the per-account
 * files (<accountcode>.csv) repeat Master.csv rows; nothing here removes
 * such duplicates.  direction is left to the subject matcher.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "asterisk_cdr.h"
#include "csvrows.h"
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
	int column17;
	struct vox_ast_cdr map;		/* map.tz: NULL with usegmtime */
};

/* ---- bidding ---------------------------------------------------------- */

#define date_shape vox_ast_date_shape
#define digits vox_ast_digits

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

static void set(struct vox_ast_row *row, int var,
		const struct vox_csv_row *csv, int col)
{
	if (col < 0)
		return;
	row->v[var].s = csv->f[col].s;
	row->v[var].len = csv->f[col].len;
	row->v[var].given = 1;
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

/* The row's values by CDR variable, as this row's layout has them. */
static void row_of(const struct reader *r, const struct vox_csv_row *csv,
		   struct vox_ast_row *row)
{
	struct layout l;
	int i;

	memset(row, 0, sizeof(*row));
	row->line = csv->line;
	layout_for(r, csv, &l);
	for (i = 0; i < F_FIXED; i++)
		set(row, i, csv, i);	/* the fixed columns: same order */
	set(row, VOX_AST_UNIQUEID, csv, l.uniqueid);
	set(row, VOX_AST_USERFIELD, csv, l.userfield);
	set(row, VOX_AST_PEERACCOUNT, csv, l.peeraccount);
	set(row, VOX_AST_LINKEDID, csv, l.linkedid);
	set(row, VOX_AST_SEQUENCE, csv, l.sequence);
}

static int fill(struct reader *r, const struct vox_csv_row *csv,
		struct vox_error *err)
{
	struct vox_ast_row row;

	if ((csv->n < F_FIXED || csv->n > 21) &&
	    csv->last_line > csv->line)
		/* cdr_csv writes no line breaks: a quote left open ate them. */
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: bad column "
				     "count %zu: a quote opened on line %llu "
				     "runs on to line %llu, so lines %llu-%llu "
				     "are one bad row", r->name,
				     (unsigned long long)csv->line, csv->n,
				     (unsigned long long)csv->line,
				     (unsigned long long)csv->last_line,
				     (unsigned long long)csv->line,
				     (unsigned long long)csv->last_line);
	if (csv->n < F_FIXED || csv->n > 21) {
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: bad column "
				     "count %zu (cdr_csv writes 16 to 21)",
				     r->name, (unsigned long long)csv->line,
				     csv->n);
	}
	row_of(r, csv, &row);
	return vox_ast_cdr_fill(&r->map, &row, err);
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
	*rec = &r->map.rec;
	return VOX_OK;
}

/* ---- prefilter (a single export) -------------------------------------- */

/* A visual separator of a number (phone.h): " \t-./()". */
static int has_separator(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		switch (s[i]) {
		case ' ': case '\t': case '-': case '.': case '/': case '(':
		case ')':
			return 1;
		}
	return 0;
}

/*
 * May this row (raw bytes) hold a number that no needle covers: one
 * written with separators where asterisk_cdr.c reads numbers, in src or
 * dst, or in clid's <number> when src is empty?  The five fixed columns
 * are found as a parser would; a row of another shape is read too.
 */
static int suspect(const char *row, size_t len, void *ctx)
{
	const char *p = row, *e = row + len, *f[F_CLID + 1], *lt;
	size_t fl[F_CLID + 1];
	int k;

	(void)ctx;
	for (k = 0; k <= F_CLID; k++) {
		if (p < e && *p == '"') {
			const char *q;

			f[k] = ++p;
			while ((q = memchr(p, '"', (size_t)(e - p))) &&
			       q + 1 < e && q[1] == '"')
				p = q + 2;
			if (!q)
				return 1;
			fl[k] = (size_t)(q - f[k]);
			p = q + 1;
		} else {
			f[k] = p;
			while (p < e && *p != ',' && *p != '\n' && *p != '\r') {
				if (*p == '"')
					return 1;
				p++;
			}
			fl[k] = (size_t)(p - f[k]);
		}
		if (k < F_CLID && (p == e || *p++ != ','))
			return 1;
	}
	if (has_separator(f[F_SRC], fl[F_SRC]) ||
	    has_separator(f[F_DST], fl[F_DST]))
		return 1;
	for (k = 0; k < (int)fl[F_SRC]; k++)
		if (f[F_SRC][k] != ' ' && f[F_SRC][k] != '\t')
			return 0;	/* clid's number is read without src */
	for (lt = f[F_CLID] + fl[F_CLID]; lt > f[F_CLID] && lt[-1] != '<'; lt--)
		;
	return lt > f[F_CLID] &&
		has_separator(lt, (size_t)(f[F_CLID] + fl[F_CLID] - lt));
}

static int prefilter(void *state, const struct vox_needles *needles,
		     uint64_t *skipped, struct vox_error *err)
{
	struct reader *r = state;

	return vox_csv_set_prefilter(r->csv, needles,
				     needles->numbers ? suspect : NULL, r,
				     skipped, err);
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
					     vox_ast_show(v, sizeof(v), value,
						  strlen(value)));
		r->map.tz = on ? NULL : r->local;
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
					     vox_ast_show(v, sizeof(v), value,
						  strlen(value)));
		return VOX_OK;
	}
	return vox_error_set(err, VOX_E_CONFIG,
			     FORMAT ": unknown option \"%s\"",
			     vox_ast_show(v, sizeof(v), key, strlen(key)));
}

static const char *time_zone(void *state)
{
	const struct reader *r = state;

	return r->map.tz ? NULL : "UTC";
}

static void close_reader(void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	vox_csv_free(r->csv);
	vox_ast_cdr_release(&r->map);
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
	r->local = args->tz;
	vox_ast_cdr_init(&r->map, FORMAT, r->name, args->tz, args->plan);
	r->csv = vox_csv_new(args->in, r->name, VOX_CSV_STRICT);
	if (!r->csv) {
		free(r);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	return r;
}

static const char *raw(void *state, size_t *len, int *whole)
{
	struct reader *r = state;

	return vox_csv_raw(r->csv, len, whole);
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
	.time_zone = time_zone,
	.prefilter = prefilter,
	.raw = raw,
};
