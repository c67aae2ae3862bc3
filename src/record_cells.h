/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record_cells.h: records as rows of typed cells, the one place that says
 * which columns a flat table of each kind has and what goes in them.  Both
 * flat forms of the archive are written from here, so they cannot drift
 * apart: the CSV twins (record_csv.c) and the workbook's sheets
 * (export/workbook_sheet.c).
 *
 * A list (a message's recipients, a contact's phones) is one text cell, its
 * items joined by "; "; a time is an instant that the sink writes as it
 * likes (RFC 3339 UTC in CSV); a number below 0 is unknown and a NULL text
 * is absent: both are empty cells.
 */
#ifndef VOX_RECORD_CELLS_H
#define VOX_RECORD_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "voxport/error.h"
#include "voxport/model.h"

enum vox_cell_type {
	VOX_CELL_TEXT,		/* ids and numbers too: text, never a number */
	VOX_CELL_NUMBER,	/* a count or a duration */
	VOX_CELL_TIME,		/* an instant, ms since the epoch */
};

struct vox_column {
	const char *name;
	enum vox_cell_type type;
};

/* A table's columns, in order. */
struct vox_columns {
	const struct vox_column *v;
	size_t n;
};

extern const struct vox_columns vox_call_columns;
extern const struct vox_columns vox_message_columns;
extern const struct vox_columns vox_recording_columns;
extern const struct vox_columns vox_contact_columns;
extern const struct vox_columns vox_subject_columns;

/*
 * Where a row's cells go, one call per column in the order of the kind's
 * columns; each returns VOX_OK, or VOX_ERR with err set.
 */
struct vox_cell_sink {
	int (*text)(void *ctx, const char *s, struct vox_error *err);
	int (*number)(void *ctx, int64_t v, struct vox_error *err);
	int (*time)(void *ctx, int64_t ms, struct vox_error *err);
	void *ctx;
};

/* One row each; VOX_OK, or VOX_ERR from the sink or VOX_E_NOMEM. */
int vox_call_cells(const struct vox_cell_sink *s, const struct vox_call *c,
		   struct vox_error *err);
int vox_message_cells(const struct vox_cell_sink *s,
		      const struct vox_message *m, struct vox_error *err);
int vox_recording_cells(const struct vox_cell_sink *s,
			const struct vox_recording *r, struct vox_error *err);
int vox_contact_cells(const struct vox_cell_sink *s,
		      const struct vox_contact *c, struct vox_error *err);
int vox_subject_cells(const struct vox_cell_sink *s,
		      const struct vox_subject *sj, struct vox_error *err);

#endif
