/* SPDX-License-Identifier: Apache-2.0 */
/*
 * freeswitch_cdr.h: what the mod_xml_cdr and mod_json_cdr readers share.
 * Each reader fills a struct vox_fs_cdr with one leg's CDR as written (the
 * variables not yet URL-decoded, the callflows in file order, the hold
 * records), and vox_fs_cdr_map() makes the call of one leg from it, the
 * same way for both formats (see freeswitch_cdr.c for the mapping).
 */
#ifndef VOX_FREESWITCH_CDR_H
#define VOX_FREESWITCH_CDR_H

#include "arena.h"
#include "voxport/error.h"
#include "voxport/model.h"

/*
 * A CDR file is one call leg: a few kB, tens of kB with many variables.
 * Anything larger is refused rather than held in memory.
 */
#define VOX_FS_MAX_FILE (16u << 20)

/* One <callflow> (one caller profile); strings as written, or NULL. */
struct vox_fs_flow {
	const char *profile_index;
	struct vox_extra profile;	/* caller_profile's own fields */
	struct vox_extra times;		/* created_time ... in microseconds */
	const char *originator_uuid;	/* of the first originator profile */
	const char *originatee_chan;	/* of the first originatee */
	const char *app, *app_data;	/* the extension's last application */
};

struct vox_fs_hold {
	const char *on, *off;		/* microseconds since the epoch */
	const char *bridged_to;
};

struct vox_fs_cdr {
	struct vox_extra vars;		/* name and value as written */
	const char *core_uuid, *switchname;
	const char *channel_direction;	/* <channel_data><direction> */
	struct vox_fs_flow *flows;	/* in file order: newest first */
	size_t nflows, capflows;
	struct vox_fs_hold *holds;
	size_t nholds, capholds;
};

struct vox_fs_map {
	const char *format;		/* "freeswitch-cdr-xml" */
	const char *name;		/* file name, for refs and messages */
	const struct vox_tz *tz;	/* zone of *_stamp; never NULL */
	const struct vox_phone_plan *plan;
	struct vox_arena *arena;	/* the record's strings */
};

/*
 * The call of one leg in rec (its one leg in *leg), from cdr.  VOX_ERR with
 * VOX_E_DATA and a message naming the file for a CDR that has no start
 * time or a time or duration that is not a number, VOX_E_NOMEM.
 */
int vox_fs_cdr_map(const struct vox_fs_map *m, const struct vox_fs_cdr *cdr,
		   struct vox_record *rec, struct vox_call_leg *leg,
		   struct vox_error *err);

#endif
