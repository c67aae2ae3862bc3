/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source.h: source readers, the way out of a provider's systems.
 *
 * To add a source format:
 *  1. write export/<format>.c, exporting only
 *     `const struct vox_source vox_source_<format>` (everything else static),
 *     opening with a comment on the format, the spec or producer version it
 *     follows, how its fields map to the records of model.h, what is dropped;
 *  2. add one row to export/registry.c (cheap, sure bidders first) and the
 *     extern declaration below; nothing in the core (src/) changes: it
 *     calls no registry, the CLI passes vox_sources to it;
 *  3. add fixtures under tests/data/<format>/ok/ and bad/, unit tests in
 *     tests/unit/test_<format>.c and golden cases (every bad/ file has one);
 *  4. add its section to man/voxport-formats.5.
 * The Makefile finds the new file by itself.
 *
 * A source that reads a database, not a file (.database set: the
 * PostgreSQL ones), has no path in provider.json and no bid(); its
 * options name the connection.  The core calls open() with in NULL and
 * path the provider.json it is named in (files an option names are
 * relative to its folder), then option()s, then start(), where it
 * connects and asks for its rows: only the subject's when subject_id (and,
 * for calls, subject) is given, else every row.
 *
 * Protocol: the core opens the input and, when the user did not name the
 * format, calls bid() on its first bytes for each source of the table it
 * was given (src/reader.h), then open(), then option() for each option of
 * the source in provider.json, then next() until VOX_EOF or VOX_ERR, then
 * close().  next() returns VOX_OK with *rec pointing to a
 * record the reader owns until the next call.  On a malformed record it
 * returns VOX_ERR with err->code VOX_E_DATA and a message naming the file
 * and line ("Master.csv:12: bad duration \"x1\""); a caller may then call
 * next() again to go on with the following record.  Any other error code
 * ends the stream.
 */
#ifndef VOXPORT_SOURCE_H
#define VOXPORT_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "voxport/error.h"
#include "voxport/model.h"

struct vox_tz;
struct vox_phone_plan;

/* What a reader is opened with; all borrowed, valid until close(). */
struct vox_source_args {
	FILE *in;			/* open for reading, at its start */
	const char *name;		/* base name, for messages and refs */
	const char *path;		/* the path as opened, or NULL: for
					 * files beside it (voicemail audio) */
	const struct vox_tz *tz;	/* zone of local times; never NULL */
	const struct vox_phone_plan *plan; /* default country, or NULL */
	/*
	 * Or NULL: where a reader of embedded files (MMS parts) appends their
	 * decoded bytes, saying where in its parts (spooled, spool_offset).
	 * What a record points at stays there until the next call to next();
	 * the reader may write over older bytes after that.
	 */
	FILE *spool;
	/*
	 * For a database source: the subject being exported, or NULL for
	 * every row; subject, their row of the subscriber list, is NULL when
	 * the subscriber list itself is read.  Files give every row.
	 */
	const char *subject_id;
	const struct vox_subject *subject;
};

/*
 * What a single export looks for in a shared file (src/needles.h builds
 * it from the subject): every record the subject matcher (src/match.h)
 * would keep holds one of these byte strings in its raw bytes, as the
 * file has them.  With numbers set, some needles stand for phone numbers:
 * a number written with separators (" \t-./()", phone.h) can escape them,
 * so a record whose number fields hold one must be read as well.
 */
struct vox_needles {
	size_t n;
	const char *const *s;	/* NUL-terminated */
	const size_t *len;
	int numbers;
};

struct vox_source {
	const char *name;	/* "asterisk-cdr-csv": provider.json, --from */
	const char *summary;	/* one line for `voxport formats` */
	unsigned kinds;		/* enum vox_kind bits it yields */
	const char *options;	/* "name=what; ..." for `voxport formats` */
	/*
	 * The names of its files in a folder (fnmatch, any case: "*.wav"),
	 * for a source whose path in provider.json is a folder; NULL when
	 * the format is not read from folders.
	 */
	const char *files;

	/* Bits of evidence that buf (the first bytes) is this format. */
	int (*bid)(const unsigned char *buf, size_t len);
	void *(*open)(const struct vox_source_args *args,
		      struct vox_error *err);
	int (*option)(void *state, const char *key, const char *value,
		      struct vox_error *err);
	int (*next)(void *state, const struct vox_record **rec,
		    struct vox_error *err);
	void (*close)(void *state);
	/*
	 * Or NULL.  The zone the times are read in when it is not the one
	 * given at open, for the manifest's sources: "UTC" after the option
	 * usegmtime=yes, or when the format fixes it; NULL keeps the given
	 * one.  Called after the options; a static string.
	 */
	const char *(*time_zone)(void *state);
	/*
	 * Or NULL (then every record is read).  A shared file read for one
	 * subject: next() may skip, unparsed, the records that hold none of
	 * the needles (and need no reading for another reason, see struct
	 * vox_needles), adding one to *skipped for each.  needles and skipped
	 * are borrowed until close().  Called after the options, before the
	 * first next().  Records that are never parsed are never checked:
	 * a malformed one is skipped, not an error.
	 */
	int (*prefilter)(void *state, const struct vox_needles *needles,
			 uint64_t *skipped, struct vox_error *err);
	/* 1: reads a database (see the top); bid NULL, start() given. */
	int database;
	/* Or NULL: after the options, before next(); VOX_OK or VOX_ERR. */
	int (*start)(void *state, struct vox_error *err);
	/*
	 * Or NULL.  The bytes of the record just returned or just reported
	 * bad, as they are in the file; valid until the next next().  *whole
	 * is 0 when only their start was kept (a line over the limits).  For
	 * rejects.jsonl's "raw" (export --keep-rejected-raw).
	 */
	const char *(*raw)(void *state, size_t *len, int *whole);
};

/*
 * The registry, in bidding order, NULL-terminated (export/registry.c), and
 * lookups in it.  For the export side and the CLI only: the core takes the
 * table as an argument (vox_provider_load(), vox_reader_open()).
 */
extern const struct vox_source *const vox_sources[];

const struct vox_source *vox_source_find(const char *name);
/* The best bidder for these first bytes, or NULL if none bids above 0. */
const struct vox_source *vox_source_choose(const unsigned char *buf,
					   size_t len);

extern const struct vox_source vox_source_subscribers_csv;
extern const struct vox_source vox_source_asterisk_cdr_csv;
extern const struct vox_source vox_source_vcard;
extern const struct vox_source vox_source_wav;
extern const struct vox_source vox_source_asterisk_voicemail;
extern const struct vox_source vox_source_sbr_xml;
extern const struct vox_source vox_source_twilio_json;
extern const struct vox_source vox_source_asterisk_cdr_custom;
extern const struct vox_source vox_source_freeswitch_cdr_xml;
extern const struct vox_source vox_source_freeswitch_cdr_json;
extern const struct vox_source vox_source_google_contacts_csv;
extern const struct vox_source vox_source_outlook_contacts_csv;
extern const struct vox_source vox_source_asterisk_cdr_pgsql;
extern const struct vox_source vox_source_subscribers_sql;

#endif
