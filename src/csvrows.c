/* SPDX-License-Identifier: Apache-2.0 */
/* csvrows.c: line-fed libcsv rows with line numbers (see csvrows.h). */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvrows.h"
#include "rowscan.h"

#define CSV_MAX_ROW (4u << 20)	/* bytes in one row */
#define CSV_MAX_FIELDS 4096
#define CSV_CHUNK 65536

/* Why the row being parsed cannot be handed out. */
enum { ROW_FITS, ROW_TOO_LONG, ROW_TOO_WIDE, ROW_NOMEM };

struct pending {
	uint64_t line;
	size_t first;	/* index of its first field in fields[] */
	size_t n;
	uint64_t last_line;	/* the line it ended on */
};

struct vox_csv {
	FILE *in;
	char *name;
	unsigned flags;
	struct csv_parser p;
	unsigned char chunk[CSV_CHUNK];	/* read ahead from in */
	const unsigned char *data;	/* chunk, or the scanner's bytes */
	size_t cpos, clen;
	struct vox_rowscan *scan;	/* or NULL: every row is parsed */
	int in_eof;
	/*
	 * The row being parsed, as read: its physical lines with their line
	 * ends, the last one read at row_bytes (vox_csv_raw()).
	 */
	char *linebuf;
	size_t linecap;
	uint64_t lineno;
	uint64_t row_line;	/* where the row being parsed started */
	size_t row_bytes;	/* bytes of it fed to libcsv so far */
	int raw_cut;		/* a line of it was too long to keep */
	int eof;
	int dead;		/* after an I/O error or out of memory */

	/* Field bytes of the rows parsed from the current line. */
	char *buf;
	size_t buflen, bufcap;
	size_t *off;		/* offset in buf per field, or SIZE_MAX */
	size_t *len;
	size_t nfields, fieldcap;
	int too_big;		/* ROW_... */

	/* Rows completed by the current line, handed out in order. */
	struct pending *rows;
	size_t nrows, rowcap, nextrow;
	size_t row_first;	/* first field of the row being parsed */

	struct vox_csv_field *out;
	size_t outcap;
	struct vox_csv_row row;
};

static void on_field(void *s, size_t len, void *data)
{
	struct vox_csv *c = data;

	if (c->too_big)
		return;
	if (c->nfields - c->row_first >= CSV_MAX_FIELDS) {
		c->too_big = ROW_TOO_WIDE;
		return;
	}
	if (c->buflen + len + 1 > CSV_MAX_ROW) {
		c->too_big = ROW_TOO_LONG;
		return;
	}
	if (c->nfields == c->fieldcap) {
		size_t ncap = c->fieldcap ? c->fieldcap * 2 : 32;
		size_t *no = realloc(c->off, ncap * sizeof(*no));
		size_t *nl;

		if (!no) {
			c->too_big = ROW_NOMEM;
			return;
		}
		c->off = no;
		nl = realloc(c->len, ncap * sizeof(*nl));
		if (!nl) {
			c->too_big = ROW_NOMEM;
			return;
		}
		c->len = nl;
		c->fieldcap = ncap;
	}
	if (!s) {
		c->off[c->nfields] = SIZE_MAX;
		c->len[c->nfields++] = 0;
		return;
	}
	if (c->buflen + len + 1 > c->bufcap) {
		size_t ncap = c->bufcap ? c->bufcap : 1024;
		char *nb;

		while (ncap < c->buflen + len + 1)
			ncap *= 2;
		nb = realloc(c->buf, ncap);
		if (!nb) {
			c->too_big = ROW_NOMEM;
			return;
		}
		c->buf = nb;
		c->bufcap = ncap;
	}
	memcpy(c->buf + c->buflen, s, len);
	c->off[c->nfields] = c->buflen;
	c->len[c->nfields++] = len;
	c->buflen += len;
	c->buf[c->buflen++] = '\0';
}

static void on_row(int term, void *data)
{
	struct vox_csv *c = data;
	struct pending *r;

	(void)term;
	if (c->too_big)
		return;
	if (c->nrows == c->rowcap) {
		size_t ncap = c->rowcap ? c->rowcap * 2 : 4;
		struct pending *nr = realloc(c->rows, ncap * sizeof(*nr));

		if (!nr) {
			c->too_big = ROW_NOMEM;
			return;
		}
		c->rows = nr;
		c->rowcap = ncap;
	}
	r = &c->rows[c->nrows++];
	r->line = c->row_line;
	r->last_line = c->lineno;
	r->first = c->row_first;
	r->n = c->nfields - c->row_first;
	c->row_first = c->nfields;
}

struct vox_csv *vox_csv_new(FILE *in, const char *name, unsigned flags)
{
	struct vox_csv *c = calloc(1, sizeof(*c));
	unsigned char opts = CSV_APPEND_NULL | CSV_EMPTY_IS_NULL;

	if (!c)
		return NULL;
	c->name = strdup(name ? name : "-");
	c->in = in;
	c->data = c->chunk;
	c->flags = flags;
	if (flags & VOX_CSV_STRICT)
		opts |= CSV_STRICT | CSV_STRICT_FINI;
	if (!c->name || csv_init(&c->p, opts) != 0) {
		free(c->name);
		free(c);
		return NULL;
	}
	/* libcsv grows its field buffer by this much: not 128 bytes at a
	 * time, which is quadratic for a long quoted field. */
	csv_set_blk_size(&c->p, 64 * 1024);
	c->row_line = 1;
	return c;
}

void vox_csv_free(struct vox_csv *c)
{
	if (!c)
		return;
	csv_free(&c->p);
	vox_rowscan_free(c->scan);
	free(c->name);
	free(c->linebuf);
	free(c->buf);
	free(c->off);
	free(c->len);
	free(c->rows);
	free(c->out);
	free(c);
}

uint64_t vox_csv_lines(const struct vox_csv *c)
{
	return c->lineno;
}

/* Drop the rows already handed out and the fields behind them. */
static void reset_rows(struct vox_csv *c)
{
	size_t keep = c->nfields - c->row_first;
	size_t base = c->buflen;
	size_t i;

	/*
	 * Fields of a row still open (a quoted field across lines) stay; the
	 * first of them with bytes marks where the kept bytes start (empty
	 * unquoted fields have none).
	 */
	for (i = 0; i < keep; i++)
		if (c->off[c->row_first + i] != SIZE_MAX) {
			base = c->off[c->row_first + i];
			break;
		}
	for (i = 0; i < keep; i++) {
		size_t o = c->off[c->row_first + i];

		c->off[i] = o == SIZE_MAX ? SIZE_MAX : o - base;
		c->len[i] = c->len[c->row_first + i];
	}
	if (base < c->buflen) {
		memmove(c->buf, c->buf + base, c->buflen - base);
		c->buflen -= base;
	} else {
		c->buflen = 0;
	}
	c->nfields = keep;
	c->row_first = 0;
	c->nrows = c->nextrow = 0;
}

static int restart(struct vox_csv *c)
{
	unsigned char opts = (unsigned char)csv_get_opts(&c->p);

	csv_free(&c->p);
	if (csv_init(&c->p, opts) != 0)
		return -1;
	csv_set_blk_size(&c->p, 64 * 1024);
	c->nfields = c->row_first = c->buflen = 0;
	c->nrows = c->nextrow = 0;
	c->too_big = ROW_FITS;
	return 0;
}

static int nomem(struct vox_csv *c, struct vox_error *err)
{
	c->dead = 1;
	return vox_error_set(err, VOX_E_NOMEM, "%s: out of memory", c->name);
}

/*
 * A bad row: the parser starts afresh at the next line, so the caller may
 * skip this one.
 */
static int data_error(struct vox_csv *c, struct vox_error *err,
		      const char *what)
{
	uint64_t line = c->row_line, last = c->lineno;

	if (restart(c) != 0)
		return nomem(c, err);
	/*
	 * A quote left open swallows the lines after it into one bad row:
	 * say so, and which lines go with it, never merge them silently.
	 */
	if (last > line)
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: %s; a quote "
				     "opened on line %llu was still open, so "
				     "lines %llu-%llu are one bad row",
				     c->name, (unsigned long long)line, what,
				     (unsigned long long)line,
				     (unsigned long long)line,
				     (unsigned long long)last);
	return vox_error_set(err, VOX_E_DATA, "%s:%llu: %s", c->name,
			     (unsigned long long)line, what);
}

static int too_big(struct vox_csv *c, struct vox_error *err)
{
	char what[64];

	if (c->too_big == ROW_NOMEM)
		return nomem(c, err);
	if (c->too_big == ROW_TOO_WIDE)
		snprintf(what, sizeof(what), "row of more than %u fields",
			 CSV_MAX_FIELDS);
	else
		snprintf(what, sizeof(what), "row longer than %u bytes",
			 CSV_MAX_ROW);
	return data_error(c, err, what);
}

int vox_csv_set_prefilter(struct vox_csv *c, const struct vox_needles *n,
			  int (*suspect)(const char *row, size_t len,
					 void *ctx),
			  void *ctx, uint64_t *skipped, struct vox_error *err)
{
	if (c->lineno || c->clen || c->scan)
		return vox_error_set(err, VOX_E_IO, "%s: prefilter set after "
				     "reading began", c->name);
	c->scan = vox_rowscan_new(c->in, c->name, n, suspect, ctx, skipped);
	if (!c->scan)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	return VOX_OK;
}

/*
 * fill() with a scanner: the bytes of its candidate regions, each started
 * on its own line number.  midline: read_line() has part of a line.
 */
static int fill_scan(struct vox_csv *c, int midline, struct vox_error *err)
{
	for (;;) {
		const unsigned char *p = NULL;
		uint64_t line;
		size_t n = 0;
		int rc = vox_rowscan_read(c->scan, &p, &n, err);

		if (rc == VOX_OK && n) {
			c->data = p;
			c->cpos = 0;
			c->clen = n;
			return 0;
		}
		if (rc == VOX_OK) {
			/*
			 * The region is done.  Rows are only skipped while the
			 * parser is between rows where the scanner is; else
			 * (quoting the two read otherwise) it gets every byte.
			 */
			if (midline || c->p.pstate != 0) {
				vox_rowscan_through(c->scan);
				continue;
			}
			rc = vox_rowscan_next(c->scan, &line, err);
			if (rc == VOX_OK) {
				c->lineno = line - 1;
				c->row_line = line;
				continue;
			}
		}
		if (rc == VOX_ERR)
			c->dead = 1;
		else
			c->in_eof = 1;
		return -1;
	}
}

/* 0, or -1 at the end of the input (*err set on a read error). */
static int fill(struct vox_csv *c, int midline, struct vox_error *err)
{
	if (c->cpos < c->clen)
		return 0;
	if (c->in_eof)
		return -1;
	if (c->scan)
		return fill_scan(c, midline, err);
	c->cpos = 0;
	c->clen = fread(c->chunk, 1, sizeof(c->chunk), c->in);
	if (c->clen)
		return 0;
	if (ferror(c->in)) {
		c->dead = 1;
		vox_error_errno(err, VOX_E_IO, c->name);
	}
	c->in_eof = 1;
	return -1;
}

static int keep_bytes(struct vox_csv *c, size_t *n, const unsigned char *p,
		      size_t take)
{
	if (*n + take + 1 > c->linecap) {
		size_t ncap = c->linecap ? c->linecap : 4096;
		char *nb;

		while (ncap < *n + take + 1)
			ncap *= 2;
		nb = realloc(c->linebuf, ncap);
		if (!nb)
			return -1;
		c->linebuf = nb;
		c->linecap = ncap;
	}
	memcpy(c->linebuf + *n, p, take);
	*n += take;
	return 0;
}

/*
 * The next physical line into linebuf, with its line end: LF, CRLF or a
 * CR alone (old Mac files).  A line of more than max bytes is not kept:
 * its bytes are read to its end and dropped, and *over is set, so memory
 * stays bounded by the row limit, not by the input.  VOX_OK, VOX_EOF, or
 * VOX_ERR with err set.
 */
static int read_line(struct vox_csv *c, size_t max, size_t *len, int *over,
		     struct vox_error *err)
{
	size_t n = c->row_bytes, seen = 0;
	int cr = 0;

	*over = 0;
	for (;;) {
		const unsigned char *p, *end;
		size_t take;

		if (fill(c, seen > 0, err) != 0) {
			if (c->dead)
				return VOX_ERR;
			break;
		}
		p = c->data + c->cpos;
		if (cr) {
			/* A CR ended the line; an LF right after is its. */
			if (*p == '\n') {
				c->cpos++;
				seen++;
				if (!*over && keep_bytes(c, &n, p, 1) != 0)
					return nomem(c, err);
			}
			break;
		}
		end = p;
		while (end < c->data + c->clen && *end != '\n' &&
		       *end != '\r')
			end++;
		take = (size_t)(end - p);
		if (end < c->data + c->clen) {
			cr = *end == '\r';
			take++;
		}
		c->cpos += take;
		seen += take;
		if (seen > max)
			*over = 1;
		else if (keep_bytes(c, &n, p, take) != 0)
			return nomem(c, err);
		if (take && p[take - 1] == '\n')
			break;
	}
	if (!seen)
		return VOX_EOF;
	c->lineno++;
	*len = *over ? 0 : n - c->row_bytes;
	if (!*over)
		c->linebuf[n] = '\0';
	return VOX_OK;
}

static int hand_out(struct vox_csv *c, const struct vox_csv_row **row)
{
	struct pending *r = &c->rows[c->nextrow++];
	size_t i;

	if (r->n > c->outcap) {
		struct vox_csv_field *no = realloc(c->out, r->n * sizeof(*no));

		if (!no)
			return -1;
		c->out = no;
		c->outcap = r->n;
	}
	for (i = 0; i < r->n; i++) {
		size_t o = c->off[r->first + i];

		c->out[i].s = o == SIZE_MAX ? NULL : c->buf + o;
		c->out[i].len = c->len[r->first + i];
	}
	c->row.line = r->line;
	c->row.last_line = r->last_line;
	c->row.n = r->n;
	c->row.f = c->out;
	*row = &c->row;
	return 0;
}

int vox_csv_next(struct vox_csv *c, const struct vox_csv_row **row,
		 struct vox_error *err)
{
	if (c->dead)
		return vox_error_set(err, VOX_E_IO, "%s: reading stopped "
				     "after an earlier error", c->name);
	for (;;) {
		size_t n = 0;
		int rc, over;

		if (c->nextrow < c->nrows) {
			if (hand_out(c, row) != 0)
				return nomem(c, err);
			return VOX_OK;
		}
		reset_rows(c);
		if (c->eof)
			return VOX_EOF;

		/*
		 * libcsv's state 0 (ROW_NOT_BEGUN): no row is open, so one
		 * starts on the next line.  Otherwise a quoted field goes on,
		 * and the row's bytes so far count against the limit (libcsv
		 * would buffer them without end).
		 */
		if (c->p.pstate == 0) {
			c->row_line = c->lineno + 1;
			c->row_bytes = 0;
			c->raw_cut = 0;
		}
		rc = read_line(c, CSV_MAX_ROW - c->row_bytes, &n, &over, err);
		if (rc == VOX_ERR)
			return VOX_ERR;
		if (rc == VOX_EOF) {
			c->eof = 1;
			if (csv_fini(&c->p, on_field, on_row, c) != 0)
				return data_error(c, err,
					"unterminated quoted field at end "
					"of file");
			if (c->too_big)
				return too_big(c, err);
			continue;
		}
		if (over) {
			c->raw_cut = 1;
			c->too_big = ROW_TOO_LONG;
			return too_big(c, err);
		}
		/* A UTF-8 byte order mark is not part of the first field. */
		if (c->lineno == 1 && n >= 3 &&
		    memcmp(c->linebuf, "\xEF\xBB\xBF", 3) == 0) {
			memmove(c->linebuf, c->linebuf + 3, n - 2);
			n -= 3;
		}
		c->row_bytes += n;
		if (csv_parse(&c->p, c->linebuf + c->row_bytes - n, n,
			      on_field, on_row, c) != n) {
			char what[128];

			snprintf(what, sizeof(what), "malformed CSV (%s)",
				 csv_strerror(csv_error(&c->p)));
			return data_error(c, err, what);
		}
		if (c->too_big)
			return too_big(c, err);
	}
}

const char *vox_csv_raw(const struct vox_csv *c, size_t *len, int *whole)
{
	*len = c->linebuf ? c->row_bytes : 0;
	*whole = !c->raw_cut;
	return c->linebuf ? c->linebuf : "";
}
