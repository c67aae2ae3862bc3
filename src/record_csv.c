/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record_csv.c: records as flat CSV rows (record_csv.h).
 *
 * The columns and what goes in each are record_cells.c's (the workbook's
 * sheets have the same); here they become CSV: times RFC 3339 UTC as in
 * the JSON form, unknown numbers (a duration of -1) empty cells.  The
 * headers below are those columns' names (test_record_cells checks).
 */
#include <stdio.h>

#include "csv_write.h"
#include "record_cells.h"
#include "record_csv.h"
#include "timeconv.h"

const char vox_call_csv_header[] =
	"id,start,answer,end,duration,billsec,direction,status,"
	"from_number,from_raw,from_name,to_number,to_raw,"
	"to_name,account_code,legs,source_file,source_line\r\n";
const char vox_message_csv_header[] =
	"id,date,date_sent,type,box,direction,from_number,"
	"from_raw,from_name,to_numbers,subject,body,read,parts,"
	"thread\r\n";
const char vox_recording_csv_header[] =
	"id,kind,call_id,start,duration_ms,media_type,codec,sample_rate,"
	"channels,bits_per_sample,bytes,sha256,member,source_file\r\n";
const char vox_contact_csv_header[] =
	"uid,full_name,prefix,given,additional,family,suffix,nicknames,"
	"organization,title,birthday,phones,emails,addresses,links,"
	"categories,note\r\n";
const char vox_subject_csv_header[] =
	"id,title,given,family,full_name,organization,job_title,birthday,"
	"phones,emails,addresses,extensions,account_codes,sip_usernames,"
	"language,created\r\n";

/* A CSV row: the cells of record_cells.c, the last one ending the row. */
struct csv_row {
	FILE *f;
	size_t col, ncols;
};

static int put(struct csv_row *r, const char *s, struct vox_error *err)
{
	if (vox_csv_put(r->f, s, ++r->col == r->ncols) != VOX_OK)
		return vox_error_set(err, VOX_E_IO, "a CSV row could not be "
				     "written");
	return VOX_OK;
}

static int put_text(void *ctx, const char *s, struct vox_error *err)
{
	return put(ctx, s, err);
}

static int put_number(void *ctx, int64_t v, struct vox_error *err)
{
	char buf[32];

	if (v < 0)
		buf[0] = '\0';
	else
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
	return put(ctx, buf, err);
}

static int put_time(void *ctx, int64_t ms, struct vox_error *err)
{
	char buf[VOX_TIME_FORMAT_MAX];

	return put(ctx, ms == VOX_TIME_NONE || !vox_time_format(ms, buf) ?
		   "" : buf, err);
}

/* A sink for one row of f with the columns of cols. */
static struct vox_cell_sink sink(struct csv_row *row, FILE *f,
				 const struct vox_columns *cols)
{
	struct vox_cell_sink k = { put_text, put_number, put_time, row };

	row->f = f;
	row->col = 0;
	row->ncols = cols->n;
	return k;
}

int vox_call_csv_row(FILE *f, const struct vox_call *c,
		     struct vox_error *err)
{
	struct csv_row row;
	struct vox_cell_sink k = sink(&row, f, &vox_call_columns);

	return vox_call_cells(&k, c, err);
}

int vox_message_csv_row(FILE *f, const struct vox_message *g,
			struct vox_error *err)
{
	struct csv_row row;
	struct vox_cell_sink k = sink(&row, f, &vox_message_columns);

	return vox_message_cells(&k, g, err);
}

int vox_recording_csv_row(FILE *f, const struct vox_recording *r,
			  struct vox_error *err)
{
	struct csv_row row;
	struct vox_cell_sink k = sink(&row, f, &vox_recording_columns);

	return vox_recording_cells(&k, r, err);
}

int vox_contact_csv_row(FILE *f, const struct vox_contact *c,
			struct vox_error *err)
{
	struct csv_row row;
	struct vox_cell_sink k = sink(&row, f, &vox_contact_columns);

	return vox_contact_cells(&k, c, err);
}

int vox_subject_csv_row(FILE *f, const struct vox_subject *s,
			struct vox_error *err)
{
	struct csv_row row;
	struct vox_cell_sink k = sink(&row, f, &vox_subject_columns);

	return vox_subject_cells(&k, s, err);
}
