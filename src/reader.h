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

#include "voxport/source.h"

struct vox_reader {
	const struct vox_source *source;
	void *state;
	FILE *fp;
	char *name;		/* base name of the file */
	uint64_t read;		/* records returned, and rejected ones */
	uint64_t rejected;	/* VOX_E_DATA errors the caller skipped */
};

/*
 * Open path with source, or when source is NULL with the best bidder of
 * bidders, a NULL-terminated table (the caller's registry: the core names
 * none; with a source, bidders may be NULL).  options is a JSON object of
 * strings, booleans and integers, or NULL.  On error nothing is left open.
 */
int vox_reader_open(struct vox_reader *r, const struct vox_source *source,
		    const struct vox_source *const *bidders,
		    const char *path, const struct vox_tz *tz,
		    const struct vox_phone_plan *plan, const json_t *options,
		    struct vox_error *err);

/*
 * The next record; counts it.  After a VOX_E_DATA error the caller may call
 * vox_reader_skip() and go on, or stop.
 */
int vox_reader_next(struct vox_reader *r, const struct vox_record **rec,
		    struct vox_error *err);
void vox_reader_skip(struct vox_reader *r);

void vox_reader_close(struct vox_reader *r);

#endif
