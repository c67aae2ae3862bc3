/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pg_conn.h: a connection to PostgreSQL for the database sources and
 * target, from a conninfo string and the PG* environment variables.
 *
 * The password never comes from provider.json or the command line: a
 * conninfo holding one is refused, and it is taken from PGPASSWORD,
 * ~/.pgpass (PGPASSFILE) or the file password_file names.  No message
 * carries it: libpq's are cleaned of it before they reach err.
 */
#ifndef VOX_PG_CONN_H
#define VOX_PG_CONN_H

#include <libpq-fe.h>

#include "voxport/error.h"

struct vox_pg_opts {
	const char *conninfo;		/* "host=db dbname=asterisk", a URI,
					 * or NULL: the PG* variables */
	const char *password_file;	/* or NULL: its first line */
	const char *dir;		/* password_file is relative to it */
};

/*
 * Connect; NULL and err (VOX_E_IO, VOX_E_CONFIG for a bad conninfo or a
 * password in it) on failure.  The session reads times in UTC and text in
 * UTF-8.  Messages start with what ("asterisk-cdr-pgsql: "), when not NULL.
 */
PGconn *vox_pg_connect(const struct vox_pg_opts *o, const char *what,
		       struct vox_error *err);

/*
 * Set err from conn's last error (VOX_E_IO): "<what>: <context>: <libpq's
 * message, on one line>", without the password.
 */
int vox_pg_error(PGconn *conn, const char *what, const char *context,
		 struct vox_error *err);

/* Same, with a result's message (its SQLSTATE decides nothing here). */
int vox_pg_result_error(const PGresult *res, const char *what,
			const char *context, struct vox_error *err);

/* 1 when s is a table name voxport accepts: name or schema.name. */
int vox_pg_table_valid(const char *s);

#endif
