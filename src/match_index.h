/* SPDX-License-Identifier: Apache-2.0 */
/*
 * match_index.h: which of many subjects a leg or party may be, without
 * testing every subject: their identifiers (match.h's keys) in a hash
 * table.  The candidates are a superset of the subjects that match; the
 * caller confirms each with vox_identity_match_leg() or _party(), so the
 * rules stay those of match.c.
 */
#ifndef VOX_MATCH_INDEX_H
#define VOX_MATCH_INDEX_H

#include <stddef.h>

#include "match.h"

struct vox_match_index;

/* n subjects, numbered 0 .. n-1; NULL when out of memory. */
struct vox_match_index *vox_match_index_new(size_t n);
void vox_match_index_free(struct vox_match_index *ix);

/* Index subject i's identifiers; -1 when out of memory. */
int vox_match_index_add(struct vox_match_index *ix, size_t i,
			const struct vox_identity *id);

/*
 * The subjects that may be this leg's or party's, each once, in
 * increasing order; valid until the next call.  *n is their number.
 */
const size_t *vox_match_index_leg(struct vox_match_index *ix,
				  const struct vox_call_leg *leg, size_t *n);
const size_t *vox_match_index_party(struct vox_match_index *ix,
				    const struct vox_party *p, size_t *n);

#endif
