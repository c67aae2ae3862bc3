/* SPDX-License-Identifier: Apache-2.0 */
/*
 * readme.h: README.txt, the archive's page for people: what it is, how to
 * open each file, what the columns mean, and the information an access
 * request must carry (UK GDPR Art. 13-15: controller and DPO, purposes and
 * lawful bases, categories, recipients, retention, sources, rights, the
 * regulator), in the words of processing.json (export/processing.h).
 * Checksums come last, in a part for technical readers.
 */
#ifndef VOX_README_H
#define VOX_README_H

#include <stdio.h>

#include "export.h"

struct vox_readme_file {
	const char *path;
	const char *category;
	int64_t records;	/* -1 when not a record file */
	uint64_t bytes;
};

/* VOX_E_NOMEM, or VOX_E_IO when writing to f failed. */
int vox_readme_write(FILE *f, const struct vox_archive_meta *meta,
		     const struct vox_readme_file *files, size_t n,
		     struct vox_error *err);

#endif
