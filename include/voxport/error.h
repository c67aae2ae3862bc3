/* SPDX-License-Identifier: Apache-2.0 */
/*
 * error.h: the error object every library function reports through.
 *
 * The library layer never prints and never exits.  A function that fails
 * returns VOX_ERR (or NULL) and fills a caller-owned struct vox_error with a
 * code and a one-line message that names the place: file and line, record,
 * or JSON pointer.  Messages start lower case and end without a full stop,
 * so the CLI can print "voxport: CMD: " followed by the message.
 */
#ifndef VOXPORT_ERROR_H
#define VOXPORT_ERROR_H

#include <stddef.h>

/* Return values of functions that can fail or end. */
enum vox_status {
	VOX_OK = 0,
	VOX_EOF = 1,	/* a reader has no more records */
	VOX_ERR = -1,
};

/* What kind of failure; the CLI maps these to exit codes. */
enum vox_errcode {
	VOX_E_NONE = 0,
	VOX_E_IO,	/* a file could not be opened, read or written */
	VOX_E_DATA,	/* malformed input: a record, a field, a document */
	VOX_E_NOMEM,
	VOX_E_USAGE,	/* a bad option or argument from the caller */
	VOX_E_CONFIG,	/* provider.json or an option breaks its schema */
	VOX_E_NOTFOUND, /* a subject, member or reference that is not there */
	VOX_E_LIMIT,	/* input beyond a safety limit (size, depth, ratio) */
	VOX_E_SCHEMA,	/* a schema that cannot be compiled */
	VOX_E_INVALID,	/* an instance or archive that fails validation */
};

#define VOX_ERROR_MAX 1024

struct vox_error {
	int code;		/* enum vox_errcode */
	char msg[VOX_ERROR_MAX];
};

#define VOX_ERROR_INIT { VOX_E_NONE, "" }

/* Set code and message (printf-style); returns VOX_ERR for tail calls. */
int vox_error_set(struct vox_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Put "context: " in front of the current message, keeping the code. */
int vox_error_prefix(struct vox_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void vox_error_clear(struct vox_error *err);

/* The set errno text with the file name: "NAME: No such file or directory". */
int vox_error_errno(struct vox_error *err, int code, const char *name);

#endif
