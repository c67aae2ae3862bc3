/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record_csv.h: records as flat CSV rows, for spreadsheets: the archive's
 * calls.csv and messages.csv twins (export/archive_write.c) and the
 * csv-bundle target (import/csv_bundle.c).  Every field goes through
 * vox_csv_put() (csv_write.h), so each gets the quoting and the formula
 * guard.  One header and one row function per kind; a row ends in CRLF.
 * Each returns VOX_OK, or VOX_ERR with VOX_E_IO (the FILE's error flag is
 * set) or VOX_E_NOMEM.
 */
#ifndef VOX_RECORD_CSV_H
#define VOX_RECORD_CSV_H

#include <stdio.h>

#include "voxport/error.h"
#include "voxport/model.h"

extern const char vox_call_csv_header[];
extern const char vox_message_csv_header[];
extern const char vox_recording_csv_header[];
extern const char vox_contact_csv_header[];
extern const char vox_subject_csv_header[];

int vox_call_csv_row(FILE *f, const struct vox_call *c,
		     struct vox_error *err);
int vox_message_csv_row(FILE *f, const struct vox_message *m,
			struct vox_error *err);
int vox_recording_csv_row(FILE *f, const struct vox_recording *r,
			  struct vox_error *err);
int vox_contact_csv_row(FILE *f, const struct vox_contact *c,
			struct vox_error *err);
int vox_subject_csv_row(FILE *f, const struct vox_subject *s,
			struct vox_error *err);

#endif
