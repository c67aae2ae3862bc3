/* SPDX-License-Identifier: Apache-2.0 */
/*
 * strmap.h: a map from strings to numbers (open addressing, FNV-1a), for
 * the ids and identifiers of many subjects.  Keys are copied.
 */
#ifndef VOX_STRMAP_H
#define VOX_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct vox_strmap {
	struct vox_strmap_slot *slots;
	size_t cap, n;
};

void vox_strmap_init(struct vox_strmap *m);
void vox_strmap_release(struct vox_strmap *m);

/* FNV-1a 64 of the n bytes at s (also `bulk --shard`'s hash). */
uint64_t vox_fnv1a64(const void *s, size_t n);

/*
 * The value of key, or (size_t)-1 when it is not there.  len: its length
 * (keys need not be NUL-terminated).
 */
size_t vox_strmap_get(const struct vox_strmap *m, const char *key,
		      size_t len);

/*
 * Put key → value unless key is there: 0, and *old the value already
 * there or (size_t)-1 when it was added; -1 when out of memory.
 */
int vox_strmap_put(struct vox_strmap *m, const char *key, size_t len,
		   size_t value, size_t *old);

#endif
