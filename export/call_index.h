/* SPDX-License-Identifier: Apache-2.0 */
/*
 * call_index.h: the calls an export has written, so that recordings can be
 * linked to them: by the unique id a recording's file name carries
 * (Asterisk MixMonitor "<uniqueid>.wav", FreePBX "...-<uniqueid>.wav"),
 * or by time and numbers when the name has none.
 *
 * It holds only the subject's calls, a few dozen bytes each.
 */
#ifndef VOX_CALL_INDEX_H
#define VOX_CALL_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "voxport/model.h"

/* How far outside a call's span a recording may start and still be its. */
#define VOX_CALL_INDEX_SLACK_MS 5000
/* Calls longer than this are not searched for by time. */
#define VOX_CALL_INDEX_MAX_CALL_MS (24 * 3600 * 1000LL)

struct vox_call_index;

struct vox_call_index *vox_call_index_new(void);
void vox_call_index_free(struct vox_call_index *x);

/* Remember a written call (its id, its legs' ids, span and numbers). */
int vox_call_index_add(struct vox_call_index *x, const struct vox_call *c);

struct vox_call_ref {
	const char *id;		/* the call's id in calls.jsonl */
	int64_t start;		/* ms, or VOX_TIME_NONE */
};

/* The call whose id or one of whose legs' ids is id; 0 when none. */
int vox_call_index_find_id(struct vox_call_index *x, const char *id,
			   struct vox_call_ref *ref);

/*
 * The call that was going on at t (within the slack) with one of the
 * numbers (E.164 or as written) on either side; the nearest start wins.
 */
int vox_call_index_find_near(struct vox_call_index *x, int64_t t,
			     const char *const *numbers, size_t n,
			     struct vox_call_ref *ref);

#endif
