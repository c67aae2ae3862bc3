/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record.h: helpers readers use to fill the records of model.h from an
 * arena (see arena.h): appending to arrays and copying records so that a
 * record can outlive the reader's next call.
 */
#ifndef VOX_RECORD_H
#define VOX_RECORD_H

#include "arena.h"
#include "voxport/model.h"

/* Append a key and value (both copied); VOX_ERR when out of memory. */
int vox_extra_add(struct vox_arena *a, struct vox_extra *x, const char *key,
		  const char *value);
const char *vox_extra_get(const struct vox_extra *x, const char *key);

int vox_strings_add(struct vox_arena *a, struct vox_strings *s,
		    const char *value);

/* Set every time field of a fresh record to VOX_TIME_NONE and so on. */
void vox_call_leg_init(struct vox_call_leg *leg);
void vox_contact_init(struct vox_contact *c);
void vox_subject_init(struct vox_subject *s);
void vox_message_init(struct vox_message *m);
void vox_recording_init(struct vox_recording *r);

/* Deep copies into the arena; VOX_ERR when out of memory. */
int vox_call_leg_copy(struct vox_arena *a, struct vox_call_leg *dst,
		      const struct vox_call_leg *src);

#endif
