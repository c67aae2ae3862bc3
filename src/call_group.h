/* SPDX-License-Identifier: Apache-2.0 */
/*
 * call_group.h: joining legs into calls.
 *
 * Readers yield one leg at a time (one CDR row) with the call's group id
 * (Asterisk's linkedid).  The legs of one call sit close together in a CDR
 * file, written as each channel hangs up, but other calls' rows come in
 * between.  The grouper keeps a call open until the source has moved on by
 * more than a time window past its last leg (or until too many calls are
 * open), then hands it out, in the order calls first appeared.  Memory is
 * bounded by the calls open at once, not by the size of the file.
 *
 * NEEDSWORK: a leg arriving after its call was handed out (more than the
 * window later) starts a second call with the same id.
 */
#ifndef VOX_CALL_GROUP_H
#define VOX_CALL_GROUP_H

#include "voxport/error.h"
#include "voxport/model.h"

#define VOX_GROUP_WINDOW_MS (6 * 3600 * 1000LL)
#define VOX_GROUP_MAX_OPEN 100000

struct vox_call_group;

struct vox_call_group *vox_call_group_new(void);
void vox_call_group_free(struct vox_call_group *g);

/*
 * The legs do not come in time order (the files of a folder, read in the
 * order of their names, one leg each): a call is finished only at the end,
 * or when more than VOX_GROUP_MAX_OPEN calls are open.
 */
void vox_call_group_unordered(struct vox_call_group *g);

/* Add the legs of c (copied). */
int vox_call_group_add(struct vox_call_group *g, const struct vox_call *c,
		       struct vox_error *err);

/*
 * The next finished call: VOX_OK with *out valid until the next call of
 * any vox_call_group function, or VOX_EOF when none is ready.  With
 * at_end set every open call counts as finished.
 */
int vox_call_group_next(struct vox_call_group *g, int at_end,
			const struct vox_call **out);

#endif
