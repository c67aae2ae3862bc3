/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tmpdir.h: the temporary folder an export or an import writes in,
 * beside its output (src/tmpdir.c).
 *
 * The folder is named .voxport-XXXXXX, is mode 0700 and holds an "owner"
 * file naming the process that made it (host, boot id, pid namespace, pid
 * and the pid's start time).  Its files are made mode 0600 and remembered
 * in fixed storage, so that vox_tmpdir_remove_all() can delete them from a
 * signal handler.  Making a folder first removes the stale ones in the same
 * parent: those whose owner is provably gone (killed with SIGKILL, or the
 * machine rebooted), and empty ones with no owner a minute old (killed
 * before the owner file was written).
 */
#ifndef VOX_TMPDIR_H
#define VOX_TMPDIR_H

#include <stdio.h>

#include "voxport/error.h"

struct vox_tmpdir;

/*
 * 1 when name is one the caller creates in its temporary folders: all a
 * sweep may remove from a stale folder (with its owner file), so that a
 * file someone else put there is left, and the folder with it.  The caller
 * owns the list of its names (the archive writer: its members).
 */
typedef int vox_tmpdir_ours_fn(const char *name);

/*
 * Remove the stale temporary folders in dir, then make a new one there.
 * ours NULL: no sweep, the caller swept dir already (`voxport bulk`, once
 * at its start, not once per archive in a folder of thousands).  NULL and
 * err set ("cannot write in DIR: ...") on failure.
 */
struct vox_tmpdir *vox_tmpdir_new(const char *dir, vox_tmpdir_ours_fn *ours,
				  struct vox_error *err);

/* The folder's path ("DIR/.voxport-XXXXXX"), borrowed. */
const char *vox_tmpdir_path(const struct vox_tmpdir *t);

/*
 * Create the file name (no '/') in the folder, mode 0600 whatever the
 * umask, and remember it for removal; the new descriptor (open for reading
 * and writing), or -1 and err.
 */
int vox_tmpdir_create(struct vox_tmpdir *t, const char *name,
		      struct vox_error *err);
/* The same as a stdio stream opened "wb". */
FILE *vox_tmpdir_fopen(struct vox_tmpdir *t, const char *name,
		       struct vox_error *err);

/* fsync() the parent folder, after an entry was published in it. */
void vox_tmpdir_sync_parent(const struct vox_tmpdir *t);

/* Remove every file made in the folder, the owner file, the folder. */
void vox_tmpdir_free(struct vox_tmpdir *t);

/*
 * Async-signal-safe: remove the files and folder of every temporary folder
 * not yet freed.  For a handler of SIGINT and SIGTERM, before _exit().
 */
void vox_tmpdir_remove_all(void);

/*
 * Remove the stale temporary folders in dir (see above); best effort,
 * returns how many were removed.
 */
int vox_tmpdir_sweep(const char *dir, vox_tmpdir_ours_fn *ours);

#endif
