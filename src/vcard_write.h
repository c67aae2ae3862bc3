/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcard_write.h: a struct vox_contact as a vCard 4.0 (RFC 6350), for
 * contacts.vcf in the archive and for the vcard import target, which also
 * writes 3.0 and 2.1 (vox_vcard_write_version(), below).
 *
 * Output: BEGIN:VCARD, VERSION:4.0, then FN (always; derived from the
 * name parts, organisation, first e-mail or first phone when the contact
 * has no full name) and every field of the contact, then its unknown
 * properties (props[]) as they were read, then END:VCARD.  Lines end in
 * CRLF and are folded at 75 octets, never inside a UTF-8 sequence.
 * Phones with an E.164 number are tel: URIs; free-text labels use Apple's
 * grouping (itemN.TEL + itemN.X-ABLabel), except an address's formatted
 * form, which is the ADR LABEL parameter.  src/contact_json.c writes the
 * same contact as JSContact.
 */
#ifndef VOX_VCARD_WRITE_H
#define VOX_VCARD_WRITE_H

#include <stddef.h>
#include <stdio.h>

#include "voxport/error.h"
#include "voxport/model.h"

/*
 * Write one card.  VOX_OK, or VOX_ERR with VOX_E_IO (a failed write),
 * VOX_E_DATA (a prop whose group or name is not a vCard name) or
 * VOX_E_NOMEM.  The FILE may hold a partial card after an error.
 */
int vox_vcard_write(FILE *out, const struct vox_contact *c,
		    struct vox_error *err);

/* The versions vox_vcard_write_version() writes. */
enum { VOX_VCARD_21 = 21, VOX_VCARD_30 = 30, VOX_VCARD_40 = 40 };

/*
 * The same card as vCard 4.0 (exactly vox_vcard_write()), 3.0 (RFC 2426)
 * or 2.1 (IMC), for the vcard import target.  3.0: TYPE=cell,home,pref
 * (pref 1 only: 3.0 ranks nothing), TEL values as text, no KIND, GENDER or
 * ANNIVERSARY, BDAY 1990-03-12 (a year-less one as Apple's
 * X-APPLE-OMIT-YEAR=1604:1604-03-12, a text one not at all), PHOTO data
 * as ENCODING=b;TYPE=JPEG, a formatted address as a LABEL property in the
 * ADR's group.  2.1 as 3.0 but with bare types (TEL;CELL;PREF), one
 * NICKNAME line per nickname, only ';' and '\' escaped, values with a line
 * break or non-ASCII text quoted-printable (CHARSET=UTF-8, soft line
 * breaks), other lines not folded, PHOTO ENCODING=BASE64 ending in a
 * blank line.  VOX_E_USAGE for another version.
 */
int vox_vcard_write_version(FILE *out, const struct vox_contact *c,
			    int version, struct vox_error *err);

/*
 * The name parts present (prefix, given, additional, family, suffix)
 * joined by single spaces, as snprintf() would write them into out[size];
 * returns the length of the whole text (0 when the contact has no name
 * parts).  Used where a vCard has no FN.
 */
size_t vox_contact_n_join(const struct vox_contact *c, char *out,
			  size_t size);

#endif
