/* SPDX-License-Identifier: Apache-2.0 */
/*
 * workbook.h: data.xlsx, the archive's records as a workbook for
 * spreadsheet users (export/workbook.c): a sheet per category in scope,
 * with the columns of the CSV twins (src/record_cells.h), cells typed as
 * export/workbook_sheet.h says.
 *
 * The archive writer feeds it each record as it writes the record's other
 * members; vox_workbook_close() writes the file.  Memory is bounded
 * whatever the number of records (libxlsxwriter's constant-memory mode:
 * rows go to a temporary file per sheet, in the folder given).  A sheet
 * that reaches Excel's 1,048,576 rows goes on in a new sheet, "calls (2)",
 * after the others.  Records are borrowed for the length of the call.
 */
#ifndef VOX_WORKBOOK_H
#define VOX_WORKBOOK_H

#include <stdint.h>

#include "voxport/error.h"
#include "voxport/model.h"

struct vox_tz;
struct vox_workbook;

/*
 * A workbook to be written at path (an existing file there is replaced and
 * keeps its mode) with a sheet for each category bit set in categories
 * (enum vox_category), times in tz (NULL: UTC; borrowed), created (ms) as
 * its creation time so the same data give the same bytes, and its
 * temporary files in tmpdir (unlinked as soon as they are made).
 */
struct vox_workbook *vox_workbook_new(const char *path, unsigned categories,
				      const struct vox_tz *tz, int64_t created,
				      const char *tmpdir,
				      struct vox_error *err);
/* Without close: nothing is written.  NULL is fine. */
void vox_workbook_free(struct vox_workbook *wb);

/* Rows per sheet, header included (for tests); 0: Excel's limit. */
void vox_workbook_set_rows_max(struct vox_workbook *wb, uint32_t rows);

int vox_workbook_add_subject(struct vox_workbook *wb,
			     const struct vox_subject *s,
			     struct vox_error *err);
int vox_workbook_add_contact(struct vox_workbook *wb,
			     const struct vox_contact *c,
			     struct vox_error *err);
int vox_workbook_add_call(struct vox_workbook *wb, const struct vox_call *c,
			  struct vox_error *err);
int vox_workbook_add_message(struct vox_workbook *wb,
			     const struct vox_message *m,
			     struct vox_error *err);
int vox_workbook_add_recording(struct vox_workbook *wb,
			       const struct vox_recording *r,
			       struct vox_error *err);

/* Write the file and free the workbook (also on failure). */
int vox_workbook_close(struct vox_workbook *wb, struct vox_error *err);

#endif
