/* SPDX-License-Identifier: Apache-2.0 */
/*
 * workbook_sheet.h: one sheet of data.xlsx (export/workbook.c), its rows
 * written in order with libxlsxwriter in constant-memory mode: only the
 * row being written is in memory.
 *
 * A sheet has the columns of a record_cells.h table, each cell typed:
 * text cells for text (ids and phone numbers stay exactly as written,
 * "+447700900574", "0044...", "007"; a value that starts with "=" is text,
 * never a formula), number cells for numbers, and for a time two cells: a
 * date cell in the provider's zone, named in its header ("start
 * (Europe/London)"), and the RFC 3339 UTC text of the JSON form
 * ("start_utc").  Row 1 is the header, frozen, with an autofilter; widths
 * follow the longest value.
 */
#ifndef VOX_WORKBOOK_SHEET_H
#define VOX_WORKBOOK_SHEET_H

#include <stdint.h>
#include <xlsxwriter.h>

#include "record_cells.h"
#include "voxport/error.h"

struct vox_tz;
struct vox_sheet;

/* What every sheet of a workbook shares. */
struct vox_sheet_style {
	lxw_workbook *wb;
	lxw_format *header;	/* bold */
	lxw_format *date;	/* yyyy-mm-dd hh:mm:ss */
	const struct vox_tz *tz;	/* the provider's zone; NULL: UTC */
	const char *file;	/* for messages: "data.xlsx" */
	uint64_t cells;		/* written by every sheet, for the check */
};

/*
 * A sheet called name (copied; at most 31 characters) with the header row
 * written, added after the workbook's other sheets.  NULL and err set on
 * failure.
 */
struct vox_sheet *vox_sheet_new(struct vox_sheet_style *st,
				const char *name,
				const struct vox_columns *cols,
				struct vox_error *err);

/*
 * The sink for the next row (record_cells.h); NULL when the sheet is full
 * (Excel's 1,048,576 rows, or rows_max with vox_sheet_set_rows_max()).
 */
const struct vox_cell_sink *vox_sheet_row(struct vox_sheet *sh);

/* Rows a sheet holds, header included (tests set it low); 0: Excel's. */
void vox_sheet_set_rows_max(struct vox_sheet *sh, uint32_t rows);

/* Widths and autofilter, once its last row is written; then free it. */
int vox_sheet_finish(struct vox_sheet *sh, struct vox_error *err);
void vox_sheet_free(struct vox_sheet *sh);

#endif
