/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csvrows.h: pull-style CSV rows over libcsv, with line numbers.
 *
 * libcsv pushes fields to callbacks; readers want "the next row, and the
 * line it started on".  This feeds libcsv one physical line at a time (a
 * line ends in LF, CRLF or a CR alone), so memory holds one row, quoted
 * fields may span lines, and every error names the line.  A row is at most
 * 4 MiB and 4096 fields; the bytes of a longer line are read and dropped,
 * never held.  Bytes are returned as they are; the caller decides the text
 * encoding (see text.h).
 */
#ifndef VOX_CSVROWS_H
#define VOX_CSVROWS_H

#include <stdint.h>
#include <stdio.h>

#include "voxport/error.h"

enum {
	VOX_CSV_STRICT = 1 << 0,	/* RFC 4180 quoting errors are errors */
};

struct vox_csv_field {
	const char *s;	/* NUL-terminated; NULL for an empty unquoted field */
	size_t len;
};

struct vox_csv_row {
	uint64_t line;	/* the line the row starts on, from 1 */
	uint64_t last_line;	/* and ends on: later when a quoted field
				 * runs across lines */
	size_t n;
	const struct vox_csv_field *f;
};

struct vox_csv;
struct vox_needles;

/* in is borrowed; name is copied and used in messages ("Master.csv:12"). */
struct vox_csv *vox_csv_new(FILE *in, const char *name, unsigned flags);
void vox_csv_free(struct vox_csv *c);

/*
 * The next row (valid until the next call).  VOX_OK, VOX_EOF, or VOX_ERR
 * with err set.  After a VOX_E_DATA error (malformed, or a row over the
 * limits) the next call goes on with the line after the bad one, so a
 * caller may skip it.  VOX_E_IO and VOX_E_NOMEM end the stream.
 */
int vox_csv_next(struct vox_csv *c, const struct vox_csv_row **row,
		 struct vox_error *err);

/*
 * Parse only the rows that may be a subject's (rowscan.h): rows holding
 * none of the needles, and for which suspect (or NULL) says no, are
 * skipped unparsed and counted in *skipped.  Line numbers stay those of
 * the file.  n, ctx and skipped are borrowed until vox_csv_free().  Before
 * the first vox_csv_next() only; VOX_OK or VOX_ERR.
 */
int vox_csv_set_prefilter(struct vox_csv *c, const struct vox_needles *n,
			  int (*suspect)(const char *row, size_t len,
					 void *ctx),
			  void *ctx, uint64_t *skipped, struct vox_error *err);

/*
 * The bytes of the row just returned, or of the bad row just reported, as
 * they are in the file (its lines with their line ends, after a byte order
 * mark); valid until the next vox_csv_next().  *whole is 0 when a line of
 * it was too long to keep (only the lines before it are there).  For
 * rejects.jsonl's "raw" (export --keep-rejected-raw).
 */
const char *vox_csv_raw(const struct vox_csv *c, size_t *len, int *whole);

/* Lines read so far. */
uint64_t vox_csv_lines(const struct vox_csv *c);

#endif
