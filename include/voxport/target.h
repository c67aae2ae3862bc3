/* SPDX-License-Identifier: Apache-2.0 */
/*
 * target.h: target writers, the way into another provider's formats.
 *
 * To add a target format:
 *  1. write import/<format>.c, exporting only
 *     `const struct vox_target vox_target_<format>` (everything else static),
 *     opening with a comment on the format, the spec or consumer version it
 *     follows, how the records of model.h map to it, and what it cannot
 *     hold; the same list, as data, is what losses() returns;
 *  2. add one row to import/registry.c and the extern declaration below;
 *     nothing in the core (src/) changes: the CLI passes vox_targets on;
 *  3. add unit tests in tests/unit/test_<format>_write.c, golden cases under
 *     tests/cases/import/, an independent consumer's check under
 *     tests/interop/, and a round trip when the format has a source reader;
 *  4. add its section to man/voxport-formats.5.
 * The Makefile finds the new file by itself.
 *
 * A target that writes into a database (.database set: the PostgreSQL
 * one) makes no files: args.create is NULL, the run has no output folder
 * and import-report.json is only printed (--json); its options name the
 * connection, and close(state, 1) commits everything written or nothing.
 *
 * Protocol: the caller (`voxport import` with an archive's records,
 * `voxport convert` with a source reader's) calls open(), then option()
 * for each --option KEY=VALUE, then write() once per record of a kind in
 * .kinds, then close().  Records of other kinds never reach write(): the
 * caller counts them as lost.  The target makes every file through
 * args->create(); the caller gives it a staging folder and publishes the
 * files only when close() succeeded, so a target never writes outside the
 * output folder and never leaves half a file at an output path.
 *
 * write() returns VOX_OK when the record was written; VOX_ERR with
 * err->code VOX_E_DATA when this record cannot be written at all (the
 * caller counts it as not written, with the message, and goes on); any
 * other code ends the run.  close(state, 1, err) finishes every file (a
 * count in a header, a closing tag), fcloses them and returns VOX_OK or
 * VOX_ERR; close(state, 0, NULL) abandons them and frees the state.
 */
#ifndef VOXPORT_TARGET_H
#define VOXPORT_TARGET_H

#include <stdio.h>

#include "voxport/error.h"
#include "voxport/model.h"

struct vox_tz;
struct vox_phone_plan;

/* What a writer is opened with; all borrowed, valid until close(). */
struct vox_target_args {
	/*
	 * Make the output file name (one path segment: letters, digits,
	 * '.', '_', '-', not starting with '.'), open "wb"; NULL and err
	 * when it cannot, or when the run already made that name.  The
	 * target fcloses each file it got, checking the result, before
	 * close() returns.
	 */
	FILE *(*create)(void *ctx, const char *name, struct vox_error *err);
	void *ctx;
	const struct vox_tz *tz;	/* zone for local times; never NULL */
	const struct vox_phone_plan *plan; /* default country, or NULL */
	/*
	 * Or NULL: where MMS parts' bytes are (vox_message_part.spooled,
	 * spool_offset), put there by the source reader or the archive
	 * reader.
	 */
	FILE *spool;
};

/*
 * A field a target cannot hold.  field names a value of the record as in
 * its JSON form in the archive ("billsec", "legs.channel" for a value in
 * any leg, "parts" for an MMS's parts), or, for contacts, a field of struct
 * vox_contact ("kind", "emails", "phones.label"); src/record_fields.h lists
 * the names.  A record loses the field when it has more than keep values
 * in it (keep 3 for "emails": the fourth is lost; 0: any value is).
 */
struct vox_loss {
	unsigned kind;		/* one enum vox_kind */
	const char *field;
	unsigned keep;
	const char *why;	/* "vCard 3.0 has no KIND" */
	/*
	 * For "extra" and "legs.extra": the keys the target does write
	 * ("clid,amaflags"), which are not lost; NULL: none.
	 */
	const char *held;
};

struct vox_target {
	const char *name;	/* "asterisk-cdr-csv": --to */
	const char *summary;	/* one line for `voxport formats` */
	unsigned kinds;		/* enum vox_kind bits it holds */
	const char *options;	/* "name=what; ..." for `voxport formats` */

	void *(*open)(const struct vox_target_args *args,
		      struct vox_error *err);
	int (*option)(void *state, const char *key, const char *value,
		      struct vox_error *err);
	/*
	 * What this target loses with the options set so far, ended by an
	 * entry with field NULL; state NULL: with the default options.  The
	 * array is static: the caller reads it after close().
	 */
	const struct vox_loss *(*losses)(const void *state);
	int (*write)(void *state, const struct vox_record *rec,
		     struct vox_error *err);
	int (*close)(void *state, int commit, struct vox_error *err);
	int database;	/* 1: writes into a database, no files (above) */
};

/* The registry, NULL-terminated (import/registry.c), and a lookup in it. */
extern const struct vox_target *const vox_targets[];

const struct vox_target *vox_target_find(const char *name);

/* One line per target, as in import/registry.c. */
extern const struct vox_target vox_target_csv_bundle;
extern const struct vox_target vox_target_asterisk_cdr_csv;
extern const struct vox_target vox_target_freeswitch_cdr_xml;
extern const struct vox_target vox_target_vcard;
extern const struct vox_target vox_target_google_contacts_csv;
extern const struct vox_target vox_target_outlook_contacts_csv;
extern const struct vox_target vox_target_sbr_xml;
extern const struct vox_target vox_target_asterisk_cdr_pgsql;

#endif
