/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rowscan.h: the rows of a CSV file that may be a subject's, found
 * without parsing the others (the prefilter of a single export, issue 9).
 *
 * The scanner reads the file in large blocks and cuts it into rows where
 * a parser would: at a line feed outside quotes, counting '"' (a doubled
 * one counts twice, so the count's parity says whether a line feed is
 * inside a quoted field).  A row holding one of the needles (memmem() per
 * needle over the block: a subject has a few needles, and glibc's memmem
 * runs near memory speed on them; bench/RESULTS.md) is a candidate, and
 * so is a row that SUSPECT says may hold the subject in a form no needle
 * covers, the file's first row (a header, a byte order mark), a row over
 * several lines or left open at the end, and a row with a carriage return
 * that is not its line end: the caller parses those.  Other rows are
 * counted in *skipped (rows of spaces only, which parsers drop, are not)
 * and never parsed.
 *
 * The caller parses candidate regions as it would the file, told the line
 * each starts on, and checks after each that its parser is between rows
 * too: when not (malformed quoting that the parser reads otherwise), it
 * calls vox_rowscan_through() and is served every byte from there on, so
 * the scanner never skips what the parser would have seen as part of
 * another row.
 */
#ifndef VOX_ROWSCAN_H
#define VOX_ROWSCAN_H

#include <stdint.h>
#include <stdio.h>

#include "voxport/error.h"
#include "voxport/source.h"

struct vox_rowscan;

/*
 * in, needles, ctx and skipped are borrowed; name is for messages.
 * suspect, or NULL, is called on rows without a needle (the row's bytes
 * with its line end): nonzero makes the row a candidate.  NULL when out
 * of memory.
 */
struct vox_rowscan *vox_rowscan_new(FILE *in, const char *name,
				    const struct vox_needles *needles,
				    int (*suspect)(const char *row,
						   size_t len, void *ctx),
				    void *ctx, uint64_t *skipped);
void vox_rowscan_free(struct vox_rowscan *s);

/*
 * The next bytes of the region being served (valid until the next call):
 * VOX_OK with *n > 0, VOX_OK with *n 0 when the region is done, VOX_EOF
 * at the end of the file (after vox_rowscan_through()), VOX_ERR.
 */
int vox_rowscan_read(struct vox_rowscan *s, const unsigned char **p,
		     size_t *n, struct vox_error *err);

/*
 * After a region is done and the parser is between rows: skip to the next
 * candidate region, the rows skipped counted, and set *line to the line it
 * starts on (from 1).  VOX_OK, VOX_EOF when no row is left, VOX_ERR.
 */
int vox_rowscan_next(struct vox_rowscan *s, uint64_t *line,
		     struct vox_error *err);

/* Serve every byte after the region just done, to the end of the file. */
void vox_rowscan_through(struct vox_rowscan *s);

#endif
