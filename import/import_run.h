/* SPDX-License-Identifier: Apache-2.0 */
/*
 * import_run.h: one run of a target writer (import/import_run.c), shared
 * by `voxport import` (records from an archive) and `voxport convert`
 * (records from a source reader).
 *
 * The run stages the target's files in a temporary folder inside the
 * output folder (src/tmpdir.h), counts what comes in and goes out per
 * category and each field the target cannot hold (its losses()), and at
 * the end writes import-report.json (schemas/v1/import-report.schema.json)
 * and moves every file into the output folder: all of them, or, on any
 * failure, none.  A database target (vox_target.database) has no folder:
 * the report is only returned.
 */
#ifndef VOX_IMPORT_RUN_H
#define VOX_IMPORT_RUN_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "voxport/error.h"
#include "voxport/model.h"
#include "voxport/target.h"

#define VOX_IMPORT_REPORT "import-report.json"
/* How many records that could not be written the report lists by name. */
#define VOX_IMPORT_MAX_LISTED 100

struct vox_tz;
struct vox_phone_plan;

struct vox_import_opts {
	const struct vox_target *target;
	const char *dir;		/* the output folder; made if missing;
					 * NULL for a database target */
	int force;			/* replace files already there */
	const json_t *options;		/* --option KEY=VALUE, as strings */
	unsigned categories;		/* VOX_CAT_* to write */
	const struct vox_tz *tz;
	const struct vox_phone_plan *plan;
	FILE *spool;			/* MMS parts' bytes, or NULL */
	int64_t created;		/* the report's time, ms */
	json_t *input;			/* the report's "input"; taken */
};

struct vox_import_run;

/*
 * Make the output folder if it is missing, stage, open the target and set
 * its options.  NULL and err: VOX_E_USAGE for a bad option, VOX_E_IO for a
 * folder that cannot be written.
 */
struct vox_import_run *vox_import_begin(const struct vox_import_opts *o,
					struct vox_error *err);

/*
 * One record: counted, and written when its category was asked for and
 * the target holds its kind.  VOX_OK (also when the target could not
 * write this one record: it is counted and listed), or VOX_ERR when the
 * run cannot go on.
 */
int vox_import_put(struct vox_import_run *r, const struct vox_record *rec,
		   struct vox_error *err);

/*
 * Close the target, write the report, publish every file.  Without force,
 * a file already at an output name is an error before anything moves.
 * VOX_OK with *report (a new reference) set, or VOX_ERR with nothing
 * published.  Frees the run either way.
 */
int vox_import_finish(struct vox_import_run *r, json_t **report,
		      struct vox_error *err);

/* Abandon the run: the staged files are removed, nothing published. */
void vox_import_abort(struct vox_import_run *r);

#endif
