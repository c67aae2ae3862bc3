/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spill.h: the records routed to each of many subjects, kept in bounded
 * memory until each subject's archive is written (export/pipeline.c).
 *
 * Each subject has a buffer of lines.  When all buffers together pass the
 * budget, every buffer is appended to one spill file as a segment and
 * emptied; a subject's lines are then its segments, in order, followed by
 * what is left in its buffer.  One file whatever the number of subjects
 * (10,000 subjects cannot each hold a descriptor), read back with pread(),
 * so that worker processes forked after routing can share it.
 */
#ifndef VOX_SPILL_H
#define VOX_SPILL_H

#include <stddef.h>
#include <stdint.h>

#include "voxport/error.h"

struct vox_spill;

/*
 * For n subjects (0 .. n-1), spilling into a new file name in the folder
 * fd is open in (a descriptor open for reading and writing, the spill's
 * from now on); budget: bytes kept in memory before spilling.
 */
struct vox_spill *vox_spill_new(size_t n, int fd, size_t budget,
				struct vox_error *err);
void vox_spill_free(struct vox_spill *sp);

/* Append one line (without its '\n') for subject i. */
int vox_spill_add(struct vox_spill *sp, size_t i, const char *line,
		  size_t len, struct vox_error *err);

/* Bytes written to the spill file so far (for progress and tests). */
uint64_t vox_spill_written(const struct vox_spill *sp);

/* Reading subject i's lines back, in the order they were added. */
struct vox_spill_reader {
	const struct vox_spill *sp;
	size_t subject, seg;
	int in_tail;		/* reading the buffer, after the segments */
	char *buf;		/* the current segment's bytes */
	size_t len, pos, cap;
};

void vox_spill_reader_init(struct vox_spill_reader *r,
			   const struct vox_spill *sp, size_t i);
/*
 * The next line: VOX_OK with *line (NUL-terminated, valid until the next
 * call) and *len, VOX_EOF at the end, VOX_ERR on a read error.
 */
int vox_spill_reader_next(struct vox_spill_reader *r, char **line,
			  size_t *len, struct vox_error *err);
void vox_spill_reader_release(struct vox_spill_reader *r);

#endif
