/* SPDX-License-Identifier: Apache-2.0 */
/*
 * third_party.h: other people's data in an export (UK GDPR Art. 20(4):
 * a portability copy must not adversely affect others): the numbers and
 * names of the other parties to the subject's calls, messages and
 * recordings, kept, masked or replaced by pseudonyms (export/third_party.c).
 */
#ifndef VOX_THIRD_PARTY_H
#define VOX_THIRD_PARTY_H

#include <stddef.h>

#include "voxport/error.h"
#include "voxport/model.h"

struct vox_identity;

enum vox_third_party_mode {
	VOX_TP_KEEP = 0,	/* as the sources have them */
	VOX_TP_MASK,		/* digits but the last 3 as X, names [masked] */
	VOX_TP_HASH,		/* a keyed pseudonym, tp-<12 hex> */
};

#define VOX_TP_KEY_MAX 64

/* "keep", "mask", "hash" → mode; -1 when none of them. */
int vox_third_party_mode(const char *name);
/* The manifest's scope.third_party: "include", "mask", "hash". */
const char *vox_third_party_manifest_name(enum vox_third_party_mode mode);

struct vox_third_party;

/*
 * For mode MASK or HASH (KEEP needs none).  key (keylen bytes, at most
 * VOX_TP_KEY_MAX) keys the pseudonyms; NULL: 32 random bytes, so that two
 * exports give different pseudonyms.  id says which parties are the
 * subject's own, which are never touched (borrowed).
 */
struct vox_third_party *vox_third_party_new(enum vox_third_party_mode mode,
					    const unsigned char *key,
					    size_t keylen,
					    const struct vox_identity *id,
					    struct vox_error *err);
void vox_third_party_free(struct vox_third_party *tp);

/*
 * The record with its other parties' data replaced, in every string of
 * it (numbers and raw spellings, names, and where they recur: a leg's
 * clid and dial string, a recording's FreePBX file name and id, extra
 * values); *out is valid until the next call.  Contacts and the subject
 * are not changed.
 */
int vox_third_party_apply(struct vox_third_party *tp,
			  const struct vox_record *in,
			  const struct vox_record **out,
			  struct vox_error *err);

#endif
