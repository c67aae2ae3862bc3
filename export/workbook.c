/* SPDX-License-Identifier: Apache-2.0 */
/*
 * workbook.c: data.xlsx (workbook.h), with libxlsxwriter.
 *
 * One sheet per category in scope, named as the category is in the
 * manifest, in the manifest's order; each is written as the records
 * arrive (workbook_sheet.c).  A category's table is the CSV twin's
 * (record_cells.c): the same columns, the same values, typed.
 */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "category.h"
#include "workbook.h"
#include "workbook_check.h"
#include "workbook_sheet.h"

/* The sheets, by category, in the order of enum vox_category's bits. */
static const struct {
	unsigned cat;
	const struct vox_columns *cols;
} kinds[VOX_CAT_COUNT] = {
	{ VOX_CAT_SUBJECT, &vox_subject_columns },
	{ VOX_CAT_CONTACTS, &vox_contact_columns },
	{ VOX_CAT_CALLS, &vox_call_columns },
	{ VOX_CAT_MESSAGES, &vox_message_columns },
	{ VOX_CAT_RECORDINGS, &vox_recording_columns },
};

struct vox_workbook {
	lxw_workbook *wb;
	char *path;		/* the file, read back when written */
	char *tmpdir;		/* libxlsxwriter keeps the pointer */
	struct vox_sheet_style style;
	struct vox_sheet *sheet[VOX_CAT_COUNT];	/* NULL: not in scope */
	unsigned part[VOX_CAT_COUNT];	/* sheets so far, for "calls (2)" */
	uint32_t rows_max;
};

static const char file_name[] = "data.xlsx";

struct vox_workbook *vox_workbook_new(const char *path, unsigned categories,
				      const struct vox_tz *tz, int64_t created,
				      const char *tmpdir,
				      struct vox_error *err)
{
	struct vox_workbook *x = calloc(1, sizeof(*x));
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };
	size_t i;

	if (!x || !(x->tmpdir = strdup(tmpdir)) || !(x->path = strdup(path))) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto fail;
	}
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = x->tmpdir;
	x->wb = workbook_new_opt(path, &opt);
	if (!x->wb) {
		vox_error_set(err, VOX_E_NOMEM, "%s: cannot start the workbook",
			      file_name);
		goto fail;
	}
	/*
	 * Not "now": a fixed --created gives the same bytes.  libxlsxwriter
	 * reads 0 as "not set" and puts the current time instead, so the
	 * epoch itself (--created @0, SOURCE_DATE_EPOCH=0) is one second on.
	 */
	props.created = (time_t)(created / 1000);
	if (props.created == 0)
		props.created = 1;
	x->style.wb = x->wb;
	x->style.tz = tz;
	x->style.file = file_name;
	x->style.header = workbook_add_format(x->wb);
	x->style.date = workbook_add_format(x->wb);
	if (workbook_set_properties(x->wb, &props) != LXW_NO_ERROR ||
	    !x->style.header || !x->style.date) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto fail;
	}
	format_set_bold(x->style.header);
	format_set_num_format(x->style.date, "yyyy-mm-dd hh:mm:ss");
	for (i = 0; i < VOX_CAT_COUNT; i++) {
		if (!(categories & kinds[i].cat))
			continue;
		x->sheet[i] = vox_sheet_new(&x->style,
					    vox_category_name(kinds[i].cat),
					    kinds[i].cols, err);
		if (!x->sheet[i])
			goto fail;
		x->part[i] = 1;
	}
	return x;
fail:
	vox_workbook_free(x);
	return NULL;
}

void vox_workbook_free(struct vox_workbook *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < VOX_CAT_COUNT; i++)
		vox_sheet_free(x->sheet[i]);
	/* Frees the sheets' temporary files; writes nothing. */
	if (x->wb)
		lxw_workbook_free(x->wb);
	free(x->tmpdir);
	free(x->path);
	free(x);
}

void vox_workbook_set_rows_max(struct vox_workbook *x, uint32_t rows)
{
	size_t i;

	x->rows_max = rows;
	for (i = 0; i < VOX_CAT_COUNT; i++)
		if (x->sheet[i])
			vox_sheet_set_rows_max(x->sheet[i], rows);
}

/* The sink for category i's next row, in a new sheet when one is full. */
static const struct vox_cell_sink *next_row(struct vox_workbook *x, size_t i,
					    struct vox_error *err)
{
	const struct vox_cell_sink *s;
	char name[32];

	if (!x->sheet[i]) {
		vox_error_set(err, VOX_E_USAGE, "%s: %s are not in its scope",
			      file_name, vox_category_name(kinds[i].cat));
		return NULL;
	}
	s = vox_sheet_row(x->sheet[i]);
	if (s)
		return s;
	if (vox_sheet_finish(x->sheet[i], err) != VOX_OK)
		return NULL;
	vox_sheet_free(x->sheet[i]);
	snprintf(name, sizeof(name), "%s (%u)",
		 vox_category_name(kinds[i].cat), ++x->part[i]);
	x->sheet[i] = vox_sheet_new(&x->style, name, kinds[i].cols, err);
	if (!x->sheet[i])
		return NULL;
	vox_sheet_set_rows_max(x->sheet[i], x->rows_max);
	s = vox_sheet_row(x->sheet[i]);
	if (!s)
		vox_error_set(err, VOX_E_USAGE, "%s: no room for a row",
			      file_name);
	return s;
}

int vox_workbook_add_subject(struct vox_workbook *x,
			     const struct vox_subject *s,
			     struct vox_error *err)
{
	const struct vox_cell_sink *k = next_row(x, 0, err);

	return k ? vox_subject_cells(k, s, err) : VOX_ERR;
}

int vox_workbook_add_contact(struct vox_workbook *x,
			     const struct vox_contact *c,
			     struct vox_error *err)
{
	const struct vox_cell_sink *k = next_row(x, 1, err);

	return k ? vox_contact_cells(k, c, err) : VOX_ERR;
}

int vox_workbook_add_call(struct vox_workbook *x, const struct vox_call *c,
			  struct vox_error *err)
{
	const struct vox_cell_sink *k = next_row(x, 2, err);

	return k ? vox_call_cells(k, c, err) : VOX_ERR;
}

int vox_workbook_add_message(struct vox_workbook *x,
			     const struct vox_message *m,
			     struct vox_error *err)
{
	const struct vox_cell_sink *k = next_row(x, 3, err);

	return k ? vox_message_cells(k, m, err) : VOX_ERR;
}

int vox_workbook_add_recording(struct vox_workbook *x,
			       const struct vox_recording *r,
			       struct vox_error *err)
{
	const struct vox_cell_sink *k = next_row(x, 4, err);

	return k ? vox_recording_cells(k, r, err) : VOX_ERR;
}

int vox_workbook_close(struct vox_workbook *x, struct vox_error *err)
{
	lxw_error e;
	size_t i;
	int rc = VOX_OK;

	for (i = 0; i < VOX_CAT_COUNT && rc == VOX_OK; i++)
		if (x->sheet[i])
			rc = vox_sheet_finish(x->sheet[i], err);
	if (rc != VOX_OK) {
		vox_workbook_free(x);
		return rc;
	}
	/* workbook_close() writes the file and frees the workbook. */
	e = workbook_close(x->wb);
	x->wb = NULL;
	if (e != LXW_NO_ERROR)
		rc = vox_error_set(err, VOX_E_IO, "%s: %s", file_name,
				   lxw_strerror(e));
	else
		rc = vox_workbook_check(x->path, x->style.cells, err);
	vox_workbook_free(x);
	return rc;
}
