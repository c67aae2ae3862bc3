/* SPDX-License-Identifier: Apache-2.0 */
/*
 * needles.h: the byte strings a single export looks for in shared files
 * (struct vox_needles, voxport/source.h), so that a reader can skip the
 * records of other subscribers without parsing them.
 *
 * Each is safe: every raw form of an identifier that src/match.c would
 * match holds it.  Names and account codes are compared whole there, so
 * they are their own needles (with '"' doubled, as a quoted CSV field
 * writes it).  A number matches by its E.164 form, which any form written
 * without separators holds the last digits of ("07700 900123",
 * "+447700900123", "00447700900123", "447700900123", tel: and sip: URIs
 * all end in "0900123" once the separators are gone): the needle is its
 * last seven digits (fewer when it has fewer than ten: never any of the
 * country code, which a national form does not hold), the subscriber part
 * that no national prefix rule of libphonenumber rewrites; and numbers is
 * set, so that a reader also reads records whose number fields hold
 * separators.
 */
#ifndef VOX_NEEDLES_H
#define VOX_NEEDLES_H

#include "voxport/source.h"

struct vox_identity;

/*
 * The needles of an identity into *out (vox_needles_free()), or *out NULL
 * when there is no safe and useful set: a name with bytes that are not
 * ASCII (a file may hold it in Windows-1252), or a needle so short that it
 * would be in most rows (under 3 bytes).  VOX_OK, or VOX_ERR when out of
 * memory.
 */
int vox_needles_new(const struct vox_identity *id, struct vox_needles **out);
void vox_needles_free(struct vox_needles *n);

#endif
