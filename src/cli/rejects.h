/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rejects.h: the records `export --on-error=skip` skipped, listed in
 * NAME.rejects.jsonl beside the archive NAME.zip, one JSON object a line:
 * {"file", "line", "reason"} (file and line where the message names them).
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
	int failed;
};

/* For the archive at output; 0, or 1 when out of memory. */
int rejects_init(struct rejects *r, const char *output);
/* One skipped record, from its error message ("Master.csv:12: ..."). */
void rejects_add(struct rejects *r, const char *msg);
/* Publish (ok) or drop the file; 0, or 1 after an error was printed. */
int rejects_finish(struct rejects *r, int ok);
void rejects_free(struct rejects *r);

#endif
