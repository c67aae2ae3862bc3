/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rejects.h: the records `export --on-error=skip` skipped, listed in
 * NAME.rejects.jsonl beside the archive NAME.zip, one JSON object a line:
 * {"file", "line", "reason"} (file and line where the message names them),
 * and with keep_raw (export --keep-rejected-raw) the record's bytes as in
 * the file, where its source keeps them (the CSV sources): "raw" when they
 * are UTF-8, else "raw_base64"; "raw_truncated": true when a line of it
 * was too long to keep.
 * Written under a temporary name and renamed into place only when the
 * export succeeded; no file when nothing was skipped.
 */
#ifndef VOX_CLI_REJECTS_H
#define VOX_CLI_REJECTS_H

#include <stdio.h>

struct rejects {
	char *path;		/* NAME.rejects.jsonl */
	char *tmp;		/* where it is written until done */
	FILE *f;		/* NULL until the first reject */
	unsigned long long n;
	int keep_raw;		/* --keep-rejected-raw */
	int failed;
};

struct vox_skipped;

/* For the archive at output; 0, or 1 when out of memory. */
int rejects_init(struct rejects *r, const char *output);
/* One skipped record: its error message ("Master.csv:12: ..."), bytes. */
void rejects_add(struct rejects *r, const struct vox_skipped *s);
/* Publish (ok) or drop the file; 0, or 1 after an error was printed. */
int rejects_finish(struct rejects *r, int ok);
void rejects_free(struct rejects *r);

#endif
