/* SPDX-License-Identifier: Apache-2.0 */
/*
 * folder.h: the files of one format in a folder tree, for sources whose
 * path is a folder (call recordings under monitor/YYYY/MM/DD/, a voicemail
 * spool).
 */
#ifndef VOX_FOLDER_H
#define VOX_FOLDER_H

#include <stddef.h>

#include "voxport/error.h"

struct vox_folder {
	char **paths;		/* "DIR/2024/03/05/x.wav", sorted */
	size_t n, cap;
};

/*
 * The regular files under dir whose name matches pattern (fnmatch, any
 * case), at most VOX_FOLDER_DEPTH folders deep, in byte order of their
 * paths so that two runs see the same order.  Symbolic links and names
 * starting with "." (voxport's own temporary folders among them) are not
 * followed.  On error nothing is left allocated.
 */
int vox_folder_list(struct vox_folder *f, const char *dir,
		    const char *pattern, struct vox_error *err);
void vox_folder_release(struct vox_folder *f);

#define VOX_FOLDER_DEPTH 16
#define VOX_FOLDER_MAX_FILES 10000000u

#endif
