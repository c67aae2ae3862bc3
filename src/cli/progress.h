/* SPDX-License-Identifier: Apache-2.0 */
/*
 * progress.h: the progress line of `voxport export` and `voxport bulk` on
 * a terminal: sources read (bytes, rows, rate), then subscribers done
 * with an ETA; redrawn at most five times a second on stderr, and never
 * shown when stderr is not a terminal or with -q (src/cli/progress.c).
 */
#ifndef VOX_CLI_PROGRESS_H
#define VOX_CLI_PROGRESS_H

#include <stddef.h>
#include <time.h>

#include "export/export.h"

struct progress_line {
	const char *cmd;		/* "export", "bulk" */
	struct timespec t0, last;
	double read_time;		/* seconds spent reading sources */
	size_t done_read;		/* subscribers done before writing */
};

/*
 * Wire o's progress hook to a line, unless quiet or stderr is not a
 * terminal; 1 when it was wired (progress_line_end() then).
 */
int progress_line_start(struct progress_line *pl, const char *cmd,
			struct vox_export_opts *o, int quiet);

/* Wipe the line, so that what follows starts on a clean one. */
void progress_line_end(const struct progress_line *pl);

#endif
