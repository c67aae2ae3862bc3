/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rotation.h: the files a source path pattern names, oldest rotation first.
 *
 * A source path holding *, ? or [ is a pattern (glob(7); a backslash
 * quotes one of them; "*" does not match a leading dot).  It names the
 * regular files it matches, read as one stream in this order:
 *
 *   - by folder and stem: the name without a compression suffix (.gz, .xz,
 *     .zst, .bz2, .lz4; only for ordering: what a file holds is told by
 *     its first bytes) and without a rotation suffix, in byte order;
 *   - within a stem, dated rotations first, oldest first: a suffix of
 *     "-", "_" or "." and at least 8 digits, "-" and "_" allowed between
 *     them (logrotate's dateext: -YYYYMMDD, -YYYY-MM-DD, -YYYYMMDD-EPOCH),
 *     compared by their digits;
 *   - then numbered rotations, the highest number first (logrotate: .1 is
 *     the newest): a suffix "." and 1 to 6 digits;
 *   - then the file itself (the current log);
 *   - two names equal by all that (x.1 and x.1.gz) in byte order.
 *
 * So Master.csv.3.gz, Master.csv.2.gz, Master.csv.1, Master.csv; and
 * Master.csv-20240101.gz, Master.csv-20240201.gz, Master.csv.
 */
#ifndef VOX_ROTATION_H
#define VOX_ROTATION_H

#include <stddef.h>

#include "voxport/error.h"

struct vox_matches {
	char **paths;		/* in reading order */
	size_t n;
};

/* Whether path is a pattern: it holds *, ? or [. */
int vox_path_is_pattern(const char *path);

/*
 * The regular files pattern matches (symbolic links followed), in the
 * order above; none is not an error here (m->n == 0).  On error nothing
 * is left allocated.
 */
int vox_matches_list(struct vox_matches *m, const char *pattern,
		     struct vox_error *err);
void vox_matches_release(struct vox_matches *m);

/* The order above, as strcmp() answers: < 0 when a is read before b. */
int vox_rotation_cmp(const char *a, const char *b);

#endif
