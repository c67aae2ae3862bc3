/* SPDX-License-Identifier: Apache-2.0 */
/*
 * match.h: finding a subject in shared sources.
 *
 * A CDR file holds every subscriber's calls.  A subject's identifiers (their
 * numbers, extensions, account codes and SIP usernames, from the subscriber
 * list) say which rows are theirs, and the side that matched gives the
 * direction: the caller side → outbound, the called side → inbound, both →
 * internal.
 */
#ifndef VOX_MATCH_H
#define VOX_MATCH_H

#include <stddef.h>

#include "voxport/model.h"

struct vox_phone_plan;
struct vox_identity;

/* Copies what it needs from s; NULL when out of memory. */
struct vox_identity *vox_identity_new(const struct vox_subject *s,
				      const struct vox_phone_plan *plan);
void vox_identity_free(struct vox_identity *id);

/*
 * What the identity is matched by, for the prefilter (src/needles.h): the
 * E.164 forms of the subject's numbers, the names (extensions, SIP
 * usernames, numbers as written in the subscriber list) compared whole
 * with a party's raw value or a channel's endpoint, and the account codes.
 * Borrowed for the identity's life.
 */
enum vox_identity_list { VOX_ID_NUMBERS, VOX_ID_NAMES, VOX_ID_ACCOUNTS };
const char *const *vox_identity_list(const struct vox_identity *id,
				     enum vox_identity_list which, size_t *n);

/* 1 and *dir set when the leg is the subject's, else 0. */
int vox_identity_match_leg(const struct vox_identity *id,
			   const struct vox_call_leg *leg,
			   enum vox_direction *dir);

/* 1 when the party is one of the subject's numbers or extensions. */
int vox_identity_match_party(const struct vox_identity *id,
			     const struct vox_party *p);

/*
 * The endpoint of an Asterisk-style channel name: "PJSIP/1001-0000001a" →
 * "1001", "SIP/alice-00000003" → "alice", "Local/1001@from-internal-...;1"
 * → "1001".  Writes at most outsz bytes; returns 0 when there is none.
 */
int vox_channel_endpoint(const char *channel, char *out, size_t outsz);

/*
 * The keys the functions above compare, for an index of many subjects
 * (match_index.h): a leg or party can match a subject only if one of its
 * keys is one of the subject's, of the same kind.  Kept here, beside the
 * rules, so that the two cannot drift apart.
 */
enum vox_match_key { VOX_KEY_NUMBER, VOX_KEY_NAME, VOX_KEY_ACCOUNT };
typedef int vox_match_key_fn(void *ctx, enum vox_match_key kind,
			     const char *key);

/* Each of the subject's keys; stops at and returns fn's first non-zero. */
int vox_identity_keys(const struct vox_identity *id, vox_match_key_fn *fn,
		      void *ctx);
/* Each key of the leg (both sides) or party; the same. */
int vox_leg_keys(const struct vox_call_leg *leg, vox_match_key_fn *fn,
		 void *ctx);
int vox_party_keys(const struct vox_party *p, vox_match_key_fn *fn,
		   void *ctx);

#endif
