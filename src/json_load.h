/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_load.h: parsing many small JSON documents quickly, into jansson.
 *
 * `voxport validate` parses every line of calls.jsonl; jansson's own
 * parser reads a byte at a time through a callback and a token buffer,
 * and mallocs and frees every value, which made it most of validate's time.
 * Two things here, usable apart:
 *
 *  - vox_json_loadb() parses a buffer into the same json_t tree as
 *    json_loadb() with the same flags.  It handles what call records are
 *    made of in one pass over the bytes; anything it is not sure about
 *    (a syntax error, a 19-digit integer, a huge real, a deep nest, a
 *    "\u0000") is handed to json_loadb() itself, so the result, and the
 *    error text of a broken document, are always jansson's.
 *  - vox_json_arena_enter() makes jansson, in the calling thread, allocate
 *    from an arena and free nothing until vox_json_arena_leave(); resetting
 *    the arena then drops every value at once.  Values made in between
 *    must not be kept past the reset, nor decref'd after leave; values
 *    made before enter must not be freed in between (they would leak).
 *    Other threads, and this one outside, keep jansson's allocator.
 */
#ifndef VOX_JSON_LOAD_H
#define VOX_JSON_LOAD_H

#include <jansson.h>
#include <stddef.h>

#include "arena.h"

/* As json_loadb(buf, len, flags, error); flags JSON_REJECT_DUPLICATES and
 * JSON_DECODE_ANY take the fast path, any other flag goes to jansson. */
json_t *vox_json_loadb(const char *buf, size_t len, size_t flags,
		       json_error_t *error);

/* This thread's jansson allocates from a until leave; not nested. */
void vox_json_arena_enter(struct vox_arena *a);
/* Back to jansson's own allocator, for this thread. */
void vox_json_arena_leave(void);

#endif
