/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reader.h: a source reader on a file, as the pipeline uses it: opens the
 * file, picks the format by bidding among the sources it is given when none
 * is named, applies the options of provider.json, and counts what was read
 * and rejected.
 */
#ifndef VOX_READER_H
#define VOX_READER_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "decompress.h"
#include "voxport/source.h"

struct vox_reader {
	const struct vox_source *source;
	void *state;
	FILE *fp;		/* the file, or what it decompresses to */
	struct vox_decompress *dz;	/* when compressed: its state */
	char *name;		/* base name of the file */
	uint64_t read;		/* records returned, rejected ones, and
				 * skipped ones */
	uint64_t skipped;	/* never parsed: not the subject's (needles) */
	uint64_t skipped_read;	/* of them, counted in read */
	uint64_t rejected;	/* VOX_E_DATA errors the caller skipped */
	int ended;		/* a stream-ending error was returned */
	char last_error[VOX_ERROR_MAX];	/* the data error just returned */
};

/*
 * Open path with source, or when source is NULL with the best bidder of
 * bidders, a NULL-terminated table (the caller's registry: the core names
 * none; with a source, bidders may be NULL).  options is a JSON object of
 * strings, booleans and integers, or NULL.  spool, or NULL, is given to the
 * source (vox_source_args.spool; borrowed).  On error nothing is left open.
 */
int vox_reader_open(struct vox_reader *r, const struct vox_source *source,
		    const struct vox_source *const *bidders,
		    const char *path, const struct vox_tz *tz,
		    const struct vox_phone_plan *plan, const json_t *options,
		    FILE *spool, struct vox_error *err);

/*
 * The next record; counts it.  After a VOX_E_DATA error the caller may call
 * vox_reader_skip() and go on, or stop; the next call then reads on from a
 * later place.  Any other error ends the stream: later calls return
 * VOX_E_IO without reading.  A data error that does not move on (the same
 * error again) is turned into a stream-ending one, so that no caller can
 * loop for ever on it.
 */
int vox_reader_next(struct vox_reader *r, const struct vox_record **rec,
		    struct vox_error *err);
/*
 * Open a source that reads a database (vox_source.database) for a subject
 * (NULL: every row; subject: their subscriber row, or NULL): provider is
 * the provider.json that names it.  Connects and asks for the rows.
 */
int vox_reader_open_db(struct vox_reader *r, const struct vox_source *source,
		       const char *provider, const char *subject_id,
		       const struct vox_subject *subject,
		       const struct vox_tz *tz,
		       const struct vox_phone_plan *plan,
		       const json_t *options, struct vox_error *err);

void vox_reader_skip(struct vox_reader *r);

/*
 * The bytes of the record just returned or rejected, as in the file, when
 * the source keeps them (struct vox_source raw), else NULL.
 */
const char *vox_reader_raw(const struct vox_reader *r, size_t *len,
			   int *whole);

/*
 * A shared file read for one subject: with a source that has the hook
 * (struct vox_source prefilter), records holding none of the needles are
 * skipped unparsed and counted in read and skipped; the caller counts them
 * filtered.  A no-op when needles is NULL, for other sources, and with
 * VOXPORT_NO_PREFILTER=1 in the environment (every record parsed: for the
 * tests that compare both ways, tests/suites/prefilter.sh).  After open,
 * before the first next(); needles is borrowed until close.
 */
int vox_reader_set_needles(struct vox_reader *r,
			   const struct vox_needles *needles,
			   struct vox_error *err);

void vox_reader_close(struct vox_reader *r);

#endif
