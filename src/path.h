/* SPDX-License-Identifier: Apache-2.0 */
/* path.h: file names as voxport shows them in messages and records. */
#ifndef VOX_PATH_H
#define VOX_PATH_H

/* The part after the last '/': what records and messages name. */
const char *vox_path_base(const char *path);

/* "dir/name", allocated; NULL when out of memory. */
char *vox_path_join(const char *dir, const char *name);

#endif
