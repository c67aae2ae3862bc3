/* SPDX-License-Identifier: Apache-2.0 */
/*
 * import.h: the import side's private interface: reading a voxport archive
 * safely (archive_read.c) and checking it (archive_check.c).
 */
#ifndef VOX_IMPORT_H
#define VOX_IMPORT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <zip.h>

#include "voxport/error.h"
#include "voxport/model.h"

struct vox_schemas;

/*
 * Limits against hostile archives (zip bombs, huge manifests).  A limit
 * stops the reading of a member when it is broken, it is not only
 * reported.  jansson needs about 20 times a document's size in memory, so
 * whatever is parsed whole (the manifest, a JSON member, one JSONL line)
 * has a small cap: memory stays bounded by the caps, not by the zip.
 */
#define VOX_ARCHIVE_MAX_MEMBERS 100000
#define VOX_ARCHIVE_MAX_MANIFEST (1u << 20)
/* A JSON member that is not an array, a shipped schema, one element of an
 * array member (contacts.json is read element by element). */
#define VOX_ARCHIVE_MAX_JSON (1u << 20)
#define VOX_ARCHIVE_MAX_LINE (1u << 20)	/* one JSONL record */
#define VOX_ARCHIVE_MAX_BYTES (64ull << 30)
#define VOX_ARCHIVE_MAX_RATIO 1000	/* uncompressed : compressed */
/* Members smaller than this are not held to the ratio. */
#define VOX_ARCHIVE_RATIO_FLOOR (1u << 20)

/* ---- reading (archive_read.c) ----------------------------------------- */

struct vox_archive_in {
	zip_t *za;
	char *path;
	const char *name;	/* base name of path, for messages */
	zip_int64_t nentries;
	int encrypted;		/* its members are AES-encrypted */
};

/*
 * Open a zip for reading; VOX_E_IO when the file cannot be read or is not
 * a regular file (a directory, a FIFO, a device), or is AES-encrypted and
 * the passphrase (NULL: none) is missing or wrong; VOX_E_DATA when it is
 * not a zip or a member has an encryption other than AES (ZipCrypto).
 * Messages here do not name the archive: the caller puts its path in
 * front.
 */
struct vox_archive_in *vox_archive_in_open(const char *path,
					   const char *passphrase,
					   struct vox_error *err);
void vox_archive_in_close(struct vox_archive_in *a);

/* 1 when a member name is one voxport would write: relative, ASCII
 * letters, digits, '.', '_', '-', no segment starting or ending with '.',
 * no empty ones.  Non-ASCII names are refused outright, so no two names
 * can collide after Unicode normalisation. */
int vox_member_name_safe(const char *name);

/*
 * A member's bytes as a stream, hashed (SHA-256) as they are read.  Reading
 * stops with VOX_E_LIMIT past the caller's limit (over_limit set), or past
 * VOX_ARCHIVE_MAX_RATIO times the member's compressed size (a zip bomb),
 * and with VOX_E_DATA past the size the zip's directory gives.
 */
struct vox_member {
	zip_file_t *zf;
	void *md;		/* EVP_MD_CTX */
	uint64_t bytes;		/* read so far */
	uint64_t limit;		/* reading more is an error */
	uint64_t zip_size;	/* the size the zip gives */
	uint64_t ratio_limit;	/* more is a zip bomb */
	const char *name;
	int failed;
	int over_limit;		/* stopped by limit */
};

/*
 * 1 when the zip's own sizes of a member break VOX_ARCHIVE_MAX_RATIO, so
 * that it need not be read to be refused.
 */
int vox_member_is_bomb(uint64_t size, uint64_t comp_size);

int vox_member_open(struct vox_archive_in *a, zip_uint64_t index,
		    uint64_t limit, struct vox_member *m,
		    struct vox_error *err);
/* Bytes read (0 at the end), or -1 with err set. */
ssize_t vox_member_read(struct vox_member *m, void *buf, size_t n,
			struct vox_error *err);
/* Read to the end, then the hex SHA-256 of everything read. */
int vox_member_finish(struct vox_member *m, char sha256[65],
		      struct vox_error *err);
void vox_member_close(struct vox_member *m);

/*
 * Parse the rest of a member as one JSON document (duplicate keys
 * rejected).  NULL either with *read_failed set and err saying why the
 * bytes could not be read, or with je saying why they are not JSON.
 */
json_t *vox_member_load_json(struct vox_member *m, json_error_t *je,
			     int *read_failed, struct vox_error *err);

/*
 * A JSON array fed in pieces, handed on element by element (the text of
 * each, NUL-terminated, or NULL when it is longer than max), so that
 * memory holds one element.  Set fn, ctx and max, the rest zero, line 1.
 * After a failure, error says what and line, column + 1 where.
 */
struct vox_json_elements {
	void (*fn)(void *ctx, const char *text, size_t len, uint64_t index);
	void *ctx;
	size_t max;
	const char *error;
	uint64_t count, line, column;
	char *buf;
	size_t len, cap;
	int state, depth, in_string, escape, too_long;
};

void vox_json_elements_feed(struct vox_json_elements *e, const char *p,
			    size_t n);
/* VOX_OK when the array was complete and well formed. */
int vox_json_elements_end(struct vox_json_elements *e);

/*
 * Call fn with each line of the member (its text NUL-terminated, without
 * the newline; line numbers from 1), until fn returns VOX_ERR.  VOX_OK
 * when the member is not there.  A line over VOX_ARCHIVE_MAX_LINE ends
 * the reading with VOX_E_LIMIT.
 */
typedef int vox_line_fn(void *ctx, char *line, size_t len, uint64_t lineno,
			struct vox_error *err);
int vox_member_each_line(struct vox_archive_in *a, const char *member,
			 vox_line_fn *fn, void *ctx, struct vox_error *err);

/* The parsed manifest.json, or NULL with err set. */
json_t *vox_archive_in_manifest(struct vox_archive_in *a,
				struct vox_error *err);

/* ---- records (archive_records.c) --------------------------------------- */

typedef int vox_record_fn(void *ctx, const struct vox_record *rec,
			  struct vox_error *err);

/*
 * Hand every record of the asked categories (VOX_CAT_*) in a checked
 * archive to fn, in member order: subject.json, contacts.json, calls,
 * messages, recordings.  When spool is given, the bytes of a message's
 * attachments in the archive are copied there first (part->spooled).
 * Stops at fn's first VOX_ERR.  A record is valid during its call only.
 */
int vox_archive_records(struct vox_archive_in *a, unsigned categories,
			FILE *spool, vox_record_fn *fn, void *ctx,
			struct vox_error *err);

/* ---- checking (archive_check.c) --------------------------------------- */

struct vox_check_opts {
	struct vox_schemas *schemas;
	const char *passphrase;		/* of an encrypted archive, or NULL */
	/* How many problems are given to problem(); all are counted. */
	unsigned max_problems;		/* in all; 0: no limit */
	unsigned max_member_problems;	/* per member; 0: no limit */
	/* Each problem, e.g. "calls.jsonl:118: /start: ...". */
	void (*problem)(void *ctx, const char *msg);
	void *ctx;
};

struct vox_check_result {
	unsigned problems;		/* all found, reported or not */
	unsigned shown;			/* given to problem() */
	uint64_t members, records;
};

/*
 * Check an archive: zip structure, manifest against its schema, every
 * listed member present with its SHA-256, size and record count, no
 * member unlisted, no symbolic link, no two names that differ only by
 * case, every shipped schema the built-in one, every record of every JSON
 * and JSONL member against the schema the manifest names.  Time and memory
 * are linear in the archive and bounded by the limits above.  VOX_OK when
 * the check ran (problems may have been found), VOX_ERR when it could not
 * run (the file is unreadable).
 */
int vox_archive_check(const char *path, const struct vox_check_opts *o,
		      struct vox_check_result *res, struct vox_error *err);


/* ---- summaries (archive_inspect.c) ------------------------------------ */

struct vox_call_summary {
	uint64_t calls;
	uint64_t by_direction[4];	/* enum vox_direction */
	char first[32], last[32];	/* earliest and latest start, or "" */
};

/* Read calls.jsonl (if there is one) for `voxport inspect`. */
int vox_archive_call_summary(struct vox_archive_in *a,
			     struct vox_call_summary *s,
			     struct vox_error *err);

/* ---- messages and recordings (archive_inspect.c) --------------------- */

struct vox_message_summary {
	int present;			/* messages.jsonl is in the archive */
	uint64_t messages;
	uint64_t by_direction[4];	/* enum vox_direction */
	char first[32], last[32];	/* earliest and latest date, or "" */
};

struct vox_recording_summary {
	int present;			/* recordings.jsonl is in the archive */
	uint64_t recordings;
	uint64_t calls, voicemails;	/* by kind */
	uint64_t with_audio;		/* whose audio is in recordings/ */
	int64_t duration_ms;		/* the total of those that say */
	char first[32], last[32];	/* earliest and latest start, or "" */
};

/* Read messages.jsonl / recordings.jsonl (if there is one) for inspect. */
int vox_archive_message_summary(struct vox_archive_in *a,
				struct vox_message_summary *s,
				struct vox_error *err);
int vox_archive_recording_summary(struct vox_archive_in *a,
				  struct vox_recording_summary *s,
				  struct vox_error *err);

#endif
