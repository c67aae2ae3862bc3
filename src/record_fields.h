/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record_fields.h: a record's values by field name, for the loss report
 * (struct vox_loss in target.h): how many values a record has in a field
 * that a target cannot hold.
 *
 * Names follow the record's JSON form in the archive: "billsec",
 * "from.name", "legs.channel" (a value in any leg), "parts",
 * "parts.name", "parts.data" (a binary part whose bytes are not at hand),
 * "to" (the recipients); for contacts the fields of struct
 * vox_contact ("kind", "emails", "phones.label", "props").  The whole
 * list is in record_fields.c.
 */
#ifndef VOX_RECORD_FIELDS_H
#define VOX_RECORD_FIELDS_H

#include "voxport/model.h"

/*
 * How many values rec has in field: 0 when it has none, 1 for a scalar
 * that is set, the number of elements of an array, and for "legs.X",
 * "parts.X", "phones.X" ... the number of elements whose X is set.
 * -1 when kind has no field of that name.
 */
long vox_record_values(const struct vox_record *rec, const char *field);

/*
 * The same, except that for "extra" and "legs.extra" (the fields whose
 * values are key/value pairs) a value whose key is in held (a comma-
 * separated list, or NULL) is not counted.
 */
long vox_record_values_held(const struct vox_record *rec, const char *field,
			    const char *held);

/* 1 when kind (one enum vox_kind) has a field of that name. */
int vox_record_field_known(unsigned kind, const char *field);

#endif
