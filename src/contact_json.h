/* SPDX-License-Identifier: Apache-2.0 */
/*
 * contact_json.h: a contact as a JSContact Card (RFC 9553), the form of
 * contacts.json in the archive (schemas/v1/contact.schema.json).
 *
 * vCard properties the Card has no place for travel as RFC 9555
 * "vCardProps" (jCard arrays, RFC 7095); voxport's own data uses vendor
 * properties with the prefix "voxport.example:" (RFC 9553 1.8):
 * "voxport.example:source" on the Card, "voxport.example:raw" on a phone
 * (the number as the source wrote it), "voxport.example:label" on an
 * address, "voxport.example:extra" for the record's extra fields.  Keys
 * come in a fixed order and map ids are p1, p2 ... per map, so the same
 * contact always gives the same bytes.
 */
#ifndef VOX_CONTACT_JSON_H
#define VOX_CONTACT_JSON_H

#include <jansson.h>

#include "voxport/model.h"

/* The Card; a new reference, or NULL when out of memory or not UTF-8. */
json_t *vox_contact_to_json(const struct vox_contact *c);

/* "urn:uuid:" and 36 characters, with the NUL. */
#define VOX_CONTACT_UID_MAX 46

/*
 * The Card's uid: the contact's own, or when it has none a name-based
 * UUID (version 8, RFC 9562) from the SHA-256 of the contact's vCard 4.0
 * form, so the same data always gets the same uid.  Returns a pointer to
 * c->uid or to buf, or NULL when out of memory.
 */
const char *vox_contact_uid(const struct vox_contact *c,
			    char buf[VOX_CONTACT_UID_MAX]);

#endif
