/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record_json.h: the JSON form of the records (schemas/v1), built with
 * jansson.  Keys come in a fixed order and absent values are left out, so
 * the same record always gives the same bytes.  Each function returns a new
 * reference, or NULL when out of memory or a string is not valid UTF-8.
 * The contact form (JSContact) is in contact_json.h.
 */
#ifndef VOX_RECORD_JSON_H
#define VOX_RECORD_JSON_H

#include <jansson.h>

#include "voxport/model.h"

json_t *vox_call_to_json(const struct vox_call *c);
json_t *vox_subject_to_json(const struct vox_subject *s);
json_t *vox_message_to_json(const struct vox_message *m);
json_t *vox_recording_to_json(const struct vox_recording *r);

/* Pieces shared with contact_json.c. */
json_t *vox_source_ref_to_json(const struct vox_source_ref *s);
json_t *vox_extra_to_json(const struct vox_extra *x);
json_t *vox_contexts_to_json(unsigned contexts);

/* Serialise compactly, keys in insertion order (for .jsonl lines). */
#define VOX_JSON_LINE (JSON_COMPACT | JSON_PRESERVE_ORDER)
#define VOX_JSON_PRETTY (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

#endif
