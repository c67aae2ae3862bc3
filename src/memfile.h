/* SPDX-License-Identifier: Apache-2.0 */
/*
 * memfile.h: a stdio stream whose bytes stay in memory up to a limit and
 * move to a file of a temporary folder past it (src/memfile.c).
 *
 * The archive writer's members are mostly small (one subscriber's calls,
 * a README): kept in memory they cost no file to make, fsync and read
 * back, which is most of the time of `voxport bulk`'s thousands of small
 * archives.  A large one (a year of calls) still goes to disk, so that
 * memory stays bounded whatever the input.
 */
#ifndef VOX_MEMFILE_H
#define VOX_MEMFILE_H

#include <stddef.h>
#include <stdio.h>

#include "tmpdir.h"
#include "voxport/error.h"

struct vox_memfile;

/*
 * A new stream: in memory until it holds more than limit bytes, then the
 * file name (no '/') of the folder t.  NULL and err on failure.
 */
struct vox_memfile *vox_memfile_new(struct vox_tmpdir *t, const char *name,
				    size_t limit, struct vox_error *err);

/* The stream to write to; NULL once closed. */
FILE *vox_memfile_stream(const struct vox_memfile *m);

/*
 * Flush and close the stream.  VOX_ERR and err naming the file when a
 * write failed (its file could not be made, the disk is full).
 */
int vox_memfile_close(struct vox_memfile *m, struct vox_error *err);

/*
 * After close: the bytes and their count when they stayed in memory, else
 * NULL (and *len 0): they are in vox_memfile_path()'s file.
 */
const unsigned char *vox_memfile_data(const struct vox_memfile *m,
				      size_t *len);

/* The file's path in the folder ("DIR/.voxport-X/name"), borrowed. */
const char *vox_memfile_path(const struct vox_memfile *m);

/* Close if open (a failure is ignored) and free.  NULL is fine. */
void vox_memfile_free(struct vox_memfile *m);

#endif
