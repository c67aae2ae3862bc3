/* SPDX-License-Identifier: Apache-2.0 */
/*
 * subscriber_rows.h: the rows of a subscriber list by column name, made
 * into subjects as subscribers-csv defines the columns (subscribers_csv.c
 * owns the mapping); for readers whose rows come from elsewhere with the
 * same column names: subscribers-sql's query results.
 */
#ifndef VOX_SUBSCRIBER_ROWS_H
#define VOX_SUBSCRIBER_ROWS_H

#include "csvrows.h"
#include "voxport/error.h"
#include "voxport/model.h"

struct vox_phone_plan;
struct vox_subscriber_rows;

/* format and name borrowed, for source refs and messages; NULL: no memory. */
struct vox_subscriber_rows *vox_subscriber_rows_new(const char *format,
	const char *name, const struct vox_phone_plan *plan);
void vox_subscriber_rows_free(struct vox_subscriber_rows *r);

/* The column names, once, before any row. */
int vox_subscriber_rows_header(struct vox_subscriber_rows *r,
			       const struct vox_csv_row *names,
			       struct vox_error *err);

/*
 * One row, with as many fields as the header; *rec valid until the next
 * call.  VOX_ERR with VOX_E_DATA naming name:line and the column.
 */
int vox_subscriber_rows_fill(struct vox_subscriber_rows *r,
			     const struct vox_csv_row *row,
			     const struct vox_record **rec,
			     struct vox_error *err);

#endif
