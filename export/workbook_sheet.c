/* SPDX-License-Identifier: Apache-2.0 */
/*
 * workbook_sheet.c: one sheet of data.xlsx (workbook_sheet.h).
 *
 * In constant-memory mode libxlsxwriter keeps one row in memory and each
 * sheet has its own temporary file, so the sheets of a workbook can be
 * written side by side as records arrive, each in row order.  Times are
 * Excel serial dates (days since 1899-12-30, the 1900 date system) of the
 * local wall time; Excel cannot show a date before 1900-03-01, so such a
 * time has only its UTC text.  A text longer than a cell can hold (32,767
 * characters) is cut there; the JSON form has it whole.
 */
#include <stdlib.h>
#include <string.h>

#include "timeconv.h"
#include "workbook_sheet.h"

#define WIDTH_MAX 50.0		/* characters: wider columns only scroll */
#define DATE_WIDTH 19.0		/* "2024-03-05 14:12:07" */
#define SERIAL_1970 25569.0	/* Excel's serial of 1970-01-01 */
#define SERIAL_MIN 61.0		/* 1900-03-01 */
#define CELL_CHARS 32767	/* what a cell holds (Excel's limit) */

struct vox_sheet {
	struct vox_sheet_style *st;	/* shared: counts the cells */
	lxw_worksheet *ws;
	const struct vox_columns *cols;
	struct vox_cell_sink sink;
	lxw_col_t ncells;	/* sheet columns: a time takes two */
	lxw_col_t col;		/* the next cell of the row */
	lxw_row_t row;		/* the row being written; 0 the header */
	lxw_row_t rows_max;
	double *width;		/* per sheet column */
	char name[32];
};

static int lxw_fail(const struct vox_sheet *sh, lxw_error e,
		    struct vox_error *err)
{
	return vox_error_set(err, VOX_E_IO, "%s: sheet %s, row %lu: %s",
			     sh->st->file, sh->name,
			     (unsigned long)sh->row + 1, lxw_strerror(e));
}

/* Characters (not bytes) of UTF-8 s, and where the max-th one starts. */
static size_t utf8_chars(const char *s, size_t max, size_t *cut)
{
	size_t n = 0, i;

	*cut = 0;
	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == max)
			*cut = i;
	return n;
}

static void widen(struct vox_sheet *sh, lxw_col_t col, double w)
{
	if (w > sh->width[col])
		sh->width[col] = w < WIDTH_MAX ? w : WIDTH_MAX;
}

static int put_string(struct vox_sheet *sh, lxw_col_t col, const char *s,
		      lxw_format *f, struct vox_error *err)
{
	size_t cut, n = utf8_chars(s, CELL_CHARS, &cut);
	char *part = NULL;
	lxw_error e;

	if (n > CELL_CHARS) {
		part = strndup(s, cut);
		if (!part)
			return vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
		s = part;
	}
	e = worksheet_write_string(sh->ws, sh->row, col, s, f);
	free(part);
	if (e != LXW_NO_ERROR)
		return lxw_fail(sh, e, err);
	sh->st->cells++;
	widen(sh, col, (double)n);
	return VOX_OK;
}

static int put_text(void *ctx, const char *s, struct vox_error *err)
{
	struct vox_sheet *sh = ctx;
	lxw_col_t col = sh->col++;

	if (!s || !*s)
		return VOX_OK;
	return put_string(sh, col, s, NULL, err);
}

static int put_number(void *ctx, int64_t v, struct vox_error *err)
{
	struct vox_sheet *sh = ctx;
	lxw_col_t col = sh->col++;
	char buf[32];
	lxw_error e;

	if (v < 0)
		return VOX_OK;
	e = worksheet_write_number(sh->ws, sh->row, col, (double)v, NULL);
	if (e != LXW_NO_ERROR)
		return lxw_fail(sh, e, err);
	sh->st->cells++;
	widen(sh, col, (double)snprintf(buf, sizeof(buf), "%lld",
					 (long long)v));
	return VOX_OK;
}

static int put_time(void *ctx, int64_t ms, struct vox_error *err)
{
	struct vox_sheet *sh = ctx;
	lxw_col_t col = sh->col;
	char utc[VOX_TIME_FORMAT_MAX];
	double serial;
	int64_t off;
	lxw_error e;

	sh->col += 2;
	if (ms == VOX_TIME_NONE || !vox_time_format(ms, utc))
		return VOX_OK;
	/* The zone's offset at that instant (floor: before 1970 too). */
	off = sh->st->tz ? vox_tz_offset(sh->st->tz, ms / 1000 -
					 (ms % 1000 < 0)) : 0;
	serial = (double)(ms + off * 1000) / 86400000.0 + SERIAL_1970;
	if (serial >= SERIAL_MIN) {
		e = worksheet_write_number(sh->ws, sh->row, col, serial,
					   sh->st->date);
		if (e != LXW_NO_ERROR)
			return lxw_fail(sh, e, err);
		sh->st->cells++;
	}
	return put_string(sh, col + 1, utc, NULL, err);
}

static int write_header(struct vox_sheet *sh, struct vox_error *err)
{
	const char *zone = sh->st->tz ? vox_tz_name(sh->st->tz) : "UTC";
	lxw_col_t c = 0;
	size_t i;
	char buf[128];

	for (i = 0; i < sh->cols->n; i++) {
		const struct vox_column *k = &sh->cols->v[i];

		if (k->type == VOX_CELL_TIME) {
			snprintf(buf, sizeof(buf), "%s (%s)", k->name, zone);
			if (put_string(sh, c, buf, sh->st->header, err))
				return VOX_ERR;
			widen(sh, c++, DATE_WIDTH);
			snprintf(buf, sizeof(buf), "%s_utc", k->name);
		} else {
			snprintf(buf, sizeof(buf), "%s", k->name);
		}
		if (put_string(sh, c++, buf, sh->st->header, err))
			return VOX_ERR;
	}
	return VOX_OK;
}

struct vox_sheet *vox_sheet_new(struct vox_sheet_style *st,
				const char *name,
				const struct vox_columns *cols,
				struct vox_error *err)
{
	struct vox_sheet *sh = calloc(1, sizeof(*sh));
	size_t i;

	if (!sh) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	sh->st = st;
	sh->cols = cols;
	snprintf(sh->name, sizeof(sh->name), "%s", name);
	for (i = 0; i < cols->n; i++)
		sh->ncells += cols->v[i].type == VOX_CELL_TIME ? 2 : 1;
	sh->rows_max = LXW_ROW_MAX;
	sh->sink.text = put_text;
	sh->sink.number = put_number;
	sh->sink.time = put_time;
	sh->sink.ctx = sh;
	sh->width = calloc(sh->ncells, sizeof(*sh->width));
	if (!sh->width) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto fail;
	}
	sh->ws = workbook_add_worksheet(st->wb, sh->name);
	if (!sh->ws) {
		vox_error_set(err, VOX_E_IO, "%s: cannot add sheet %s",
			      st->file, sh->name);
		goto fail;
	}
	if (write_header(sh, err) != VOX_OK)
		goto fail;
	/* Row 1 stays in view while the rest scrolls. */
	worksheet_freeze_panes(sh->ws, 1, 0);
	return sh;
fail:
	vox_sheet_free(sh);
	return NULL;
}

void vox_sheet_set_rows_max(struct vox_sheet *sh, uint32_t rows)
{
	sh->rows_max = rows && rows < LXW_ROW_MAX ? rows : LXW_ROW_MAX;
}

const struct vox_cell_sink *vox_sheet_row(struct vox_sheet *sh)
{
	if (sh->row + 1 >= sh->rows_max)
		return NULL;
	sh->row++;
	sh->col = 0;
	return &sh->sink;
}

int vox_sheet_finish(struct vox_sheet *sh, struct vox_error *err)
{
	lxw_col_t c;
	lxw_error e;

	for (c = 0; c < sh->ncells; c++) {
		/* +2: the filter button beside the header's text */
		e = worksheet_set_column(sh->ws, c, c, sh->width[c] + 2, NULL);
		if (e != LXW_NO_ERROR)
			return lxw_fail(sh, e, err);
	}
	e = worksheet_autofilter(sh->ws, 0, 0, sh->row, sh->ncells - 1);
	if (e != LXW_NO_ERROR)
		return lxw_fail(sh, e, err);
	return VOX_OK;
}

void vox_sheet_free(struct vox_sheet *sh)
{
	if (!sh)
		return;
	free(sh->width);
	free(sh);
}
