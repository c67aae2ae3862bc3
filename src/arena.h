/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arena.h: a bump allocator for the strings and arrays of one record.
 *
 * A reader fills its record from an arena and resets the arena at the next
 * call to next(), which is how "a record from next() is the reader's until
 * the next call" costs no per-field free().  Allocation failure is reported
 * by a NULL return; the arena stays usable.
 */
#ifndef VOX_ARENA_H
#define VOX_ARENA_H

#include <stddef.h>

struct vox_arena_block;

struct vox_arena {
	struct vox_arena_block *head;	/* the block being filled */
	struct vox_arena_block *spare;	/* kept across resets */
};

void vox_arena_init(struct vox_arena *a);
void vox_arena_release(struct vox_arena *a);
/* Forget every allocation but keep one block for reuse. */
void vox_arena_reset(struct vox_arena *a);

void *vox_arena_alloc(struct vox_arena *a, size_t size);
void *vox_arena_calloc(struct vox_arena *a, size_t n, size_t size);
char *vox_arena_strdup(struct vox_arena *a, const char *s);
/* Copy len bytes and add a NUL; s may hold NULs, the copy keeps them. */
char *vox_arena_strndup(struct vox_arena *a, const char *s, size_t len);
char *vox_arena_printf(struct vox_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Make room for one more element in an arena-held array *v of *n elements
 * of the given size, doubling *cap as needed; returns the new element
 * (zeroed) and increments *n, or NULL when out of memory.
 */
void *vox_arena_push(struct vox_arena *a, void *v, size_t *n, size_t *cap,
		     size_t size);

#endif
