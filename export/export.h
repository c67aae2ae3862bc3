/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export.h: the export side's private interface: the archive writer, and
 * the pipeline that runs sources into it for one subject (`voxport
 * export`) or many (`voxport bulk`).
 */
#ifndef VOX_EXPORT_H
#define VOX_EXPORT_H

#include <jansson.h>
#include <stdint.h>

#include "category.h"
#include "voxport/error.h"
#include "voxport/model.h"

struct vox_provider;
struct vox_tz;
struct vox_bulk_progress;

/* ---- the archive writer (archive_write.c) ----------------------------- */

struct vox_archive_meta {
	int64_t created;		/* ms; also every member's mtime */
	const char *subject_id;
	const char *request_type;	/* access, portability, migration */
	const char *request_reference;	/* or NULL */
	unsigned categories;		/* enum vox_category bits in scope */
	int64_t since, until;		/* VOX_TIME_NONE when open */
	const json_t *controller;	/* from provider.json (borrowed) */
	const json_t *processing;	/* from provider.json, or NULL */
	int with_audio;			/* copy audio into recordings/ */
	int with_attachments;		/* MMS parts into attachments/ */
	/*
	 * Or NULL: encrypt every member with WinZip AES-256 under this
	 * passphrase (borrowed; export --encrypt).
	 */
	const char *passphrase;
	/* The manifest's scope.third_party; NULL: "include". */
	const char *third_party;
	/* The provider's zone, for index.html's times; NULL: UTC. */
	const struct vox_tz *tz;
	int no_workbook;		/* leave data.xlsx out */
};

struct vox_source_stats {
	const char *format;
	const char *name;		/* the file's base name */
	unsigned category;
	const char *time_zone;		/* or NULL */
	int present;			/* 0: a per-subject file that is absent */
	uint64_t read, exported, filtered, rejected;
	const char *pattern;		/* the path pattern it matched, or NULL */
	const char *compression;	/* "gzip", ... or NULL: plain */
};

struct vox_archive_writer;

/* vox_archive_new() flags. */
enum {
	/*
	 * Replace what is at path when finishing, if it is a regular file or
	 * a symbolic link (the link itself; never written through).  Without
	 * it finish() fails if anything is at path by then, even a dangling
	 * link.  A folder, FIFO, device or socket is never replaced.
	 */
	VOX_ARCHIVE_REPLACE = 1 << 0,
	/*
	 * The folder of path was swept of stale temporary folders already:
	 * do not read it again (bulk writes thousands of archives there).
	 */
	VOX_ARCHIVE_SWEPT = 1 << 1,
};

/*
 * Start an archive that will appear at path when finished, mode 0600.
 * Everything is written beside it first, in a temporary folder (mode 0700,
 * src/tmpdir.h; stale ones left by killed exports are removed now);
 * nothing is at path until vox_archive_finish() succeeds.
 */
struct vox_archive_writer *vox_archive_new(const char *path,
					   const struct vox_archive_meta *meta,
					   unsigned flags,
					   struct vox_error *err);
int vox_archive_add_subject(struct vox_archive_writer *w,
			    const struct vox_subject *s, struct vox_error *err);
int vox_archive_add_contact(struct vox_archive_writer *w,
			    const struct vox_contact *c, struct vox_error *err);
int vox_archive_add_call(struct vox_archive_writer *w,
			 const struct vox_call *c, struct vox_error *err);
/*
 * A line of messages.jsonl and a row of messages.csv.  VOX_E_DATA when the
 * message has no id or no date (message.schema.json requires them).  With
 * meta.with_attachments each part with spooled bytes (in the spool of
 * vox_archive_spool()) is copied now into attachments/ID/NAME (the naming
 * rule is in archive_write.c and man/voxport-archive.5), stored, and its
 * member path goes in the record; VOX_E_DATA when the bytes copied do not
 * have the part's size and SHA-256.
 */
int vox_archive_add_message(struct vox_archive_writer *w,
			    const struct vox_message *m,
			    struct vox_error *err);
/*
 * A line of recordings.jsonl.  audio_path, the recording's audio file, may
 * be NULL.  With meta.with_audio and an audio_path the file is copied now
 * into recordings/NAME.EXT (the naming rule is in archive_write.c and
 * man/voxport-archive.5), stored, not deflated, and its member path goes
 * in the record.  The file is read when it is copied or when r->sha256 is
 * NULL; then r->sha256, and r->bytes when not 0, must match what was read
 * (VOX_E_DATA "changed since it was read" if not), and the record carries
 * the computed values.  VOX_E_DATA too when the recording has no id, no
 * media type, or neither a SHA-256 nor an audio file.
 */
int vox_archive_add_recording(struct vox_archive_writer *w,
			      const struct vox_recording *r,
			      const char *audio_path, struct vox_error *err);
/*
 * The writer's spool, a file of its temporary folder made on the first
 * call, open for reading and writing: for a reader to append MMS parts' bytes to
 * (vox_source_args.spool).  The writer's; closed by finish() or free().
 */
FILE *vox_archive_spool(struct vox_archive_writer *w, struct vox_error *err);
/* Strings are copied. */
int vox_archive_add_source(struct vox_archive_writer *w,
			   const struct vox_source_stats *s,
			   struct vox_error *err);
/*
 * Write data.xlsx, schemas, index.html, README.txt and the manifest, zip,
 * publish at path.
 */
int vox_archive_finish(struct vox_archive_writer *w, struct vox_error *err);
/* Remove every temporary file; safe after finish() too. */
void vox_archive_free(struct vox_archive_writer *w);
/*
 * 1 when name is a file the writer (or bulk's spill) makes in its
 * temporary folders: what a sweep of a stale one may remove (tmpdir.h).
 */
int vox_archive_temp_name(const char *name);

/* ---- the pipeline (export_run.c) -------------------------------------- */

enum vox_on_error { VOX_ON_ERROR_FAIL = 0, VOX_ON_ERROR_SKIP };

struct vox_bulk_progress {
	uint64_t bytes, rows;	/* of the sources read so far */
	size_t done, total;	/* subjects */
	int finishing;		/* sources read; archives being written */
};

/* A record skipped with --on-error=skip, for the warn hook. */
struct vox_skipped {
	const struct vox_error *err;	/* why: "FILE:LINE: what" */
	const char *raw;	/* its bytes as in the file, or NULL when its
				 * source does not keep them */
	size_t raw_len;
	int raw_whole;		/* 0: only their start (a line too long) */
};

struct vox_export_opts {
	const struct vox_provider *provider;
	const char *subject_id;
	const char *output;		/* the archive's path */
	int replace;			/* VOX_ARCHIVE_REPLACE: --force */
	unsigned categories;		/* 0: every configured category */
	int64_t since, until;		/* VOX_TIME_NONE when open */
	int64_t created;		/* ms */
	const char *request_type;
	const char *request_reference;
	int with_audio;			/* --with-audio */
	int with_attachments;		/* --with-attachments */
	const char *passphrase;		/* --encrypt, or NULL */
	int no_workbook;		/* --no-workbook */
	int third_party;		/* enum vox_third_party_mode */
	/* The pseudonyms' key (--third-party-key-file), or NULL: random. */
	const unsigned char *third_party_key;
	size_t third_party_keylen;
	enum vox_on_error on_error;
	/* Called for each record skipped with --on-error=skip; may be NULL. */
	void (*warn)(void *ctx, const struct vox_skipped *s);
	void *warn_ctx;
	/* Called now and then (rows read, subjects done); may be NULL. */
	void (*progress)(void *ctx, const struct vox_bulk_progress *p);
	void *progress_ctx;
};

struct vox_export_result {
	uint64_t records[5];		/* per category, in enum order */
	uint64_t rejected;
};

/*
 * One subject's archive (o->subject_id at o->output): the pipeline of
 * vox_bulk_run() with a set of one.
 */
int vox_export_run(const struct vox_export_opts *o,
		   struct vox_export_result *res, struct vox_error *err);

enum vox_bulk_state {
	VOX_BULK_TODO = 0,	/* to export */
	VOX_BULK_SKIP,		/* done already (bulk --resume): left alone */
	VOX_BULK_DONE,		/* status and err say how it went */
};

/* A subject of a bulk run, and what came of it. */
struct vox_bulk_subject {
	char *id;		/* malloc'd; vox_bulk_subjects_free() */
	char *output;		/* OUTDIR/ID.zip, set by the run; malloc'd */
	int replace;		/* replace what is at output (bulk --resume) */
	enum vox_bulk_state state;
	int status;		/* VOX_OK, or VOX_ERR and err */
	struct vox_error err;
	struct vox_export_result res;
};

struct vox_bulk_opts {
	struct vox_export_opts ex;	/* subject_id and output unused */
	const char *outdir;		/* an existing folder */
	int all;			/* every subscriber of the list */
	/*
	 * For each subject of the set, output set (or NULL and the subject
	 * DONE, failed, when its id cannot name a file): 1 keeps it in the
	 * set, 0 leaves it out (--shard); it may set state, replace and
	 * err.  May be NULL.  For every subscriber, called as the list is
	 * read, once an id.
	 */
	int (*select)(void *ctx, struct vox_bulk_subject *s);
	void *select_ctx;
	unsigned jobs;			/* worker processes for the finish */
};

/*
 * Many subjects' archives, each the bytes vox_export_run() would write
 * for it.  *set holds *n subjects (malloc'd, ids set and different; with
 * o->all, none: the run adds every subscriber); on return, the subjects
 * select() kept, in their order (the list's, with o->all), each DONE or
 * SKIP.  A subject's failure is its own; VOX_ERR and err when the run
 * could not go on (a shared source unreadable or malformed, the output
 * folder unwritable...), every subject not yet done then failed with it.
 */
int vox_bulk_run(const struct vox_bulk_opts *o, struct vox_bulk_subject **set,
		 size_t *n, struct vox_error *err);
void vox_bulk_subjects_free(struct vox_bulk_subject *set, size_t n);

#endif
