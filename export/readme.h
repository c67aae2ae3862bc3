/*
 * readme.h: README.txt, the archive's page for people: what each file is,
 * and the information an access request must carry (UK GDPR Art. 15(1):
 * purposes, categories, recipients, retention, source, rights), taken from
 * provider.json's "controller" and "processing".
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

void vox_readme_write(FILE *f, const struct vox_archive_meta *meta,
		      const struct vox_readme_file *files, size_t n);

#endif
