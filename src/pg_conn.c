/* SPDX-License-Identifier: Apache-2.0 */
/* pg_conn.c: connecting to PostgreSQL without showing a password (pg_conn.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_conn.h"

#define PASSWORD_MAX 1024

/* Replace every copy of secret in s (sz bytes) with "***". */
static void scrub(char *s, size_t sz, const char *secret)
{
	size_t n = secret ? strlen(secret) : 0, o = 0;
	char out[VOX_ERROR_MAX];
	const char *p = s;

	if (!n)
		return;
	while (*p && o + 4 < sizeof(out)) {
		if (strncmp(p, secret, n) == 0) {
			memcpy(out + o, "***", 3);
			o += 3;
			p += n;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
	snprintf(s, sz, "%s", out);
}

/* libpq's message on one line: "FATAL:  x\nDETAIL: y\n" → "x; y". */
static void one_line(char *out, size_t sz, const char *msg)
{
	size_t o = 0;
	const char *p = msg ? msg : "";

	while (*p && o + 1 < sz) {
		if (*p == '\n') {
			while (o && out[o - 1] == ' ')
				o--;
			if (p[1] && o + 3 < sz) {
				out[o++] = ';';
				out[o++] = ' ';
			}
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			continue;
		}
		out[o++] = *p++;
	}
	while (o && (out[o - 1] == ' ' || out[o - 1] == ';'))
		o--;
	out[o] = '\0';
}

static int set_error(PGconn *conn, const char *msg, const char *what,
		     const char *context, struct vox_error *err)
{
	char line[VOX_ERROR_MAX];

	one_line(line, sizeof(line), msg);
	if (conn)
		scrub(line, sizeof(line), PQpass(conn));
	scrub(line, sizeof(line), getenv("PGPASSWORD"));
	return vox_error_set(err, VOX_E_IO, "%s%s%s: %s", what ? what : "",
			     what ? ": " : "", context,
			     line[0] ? line : "unknown error");
}

int vox_pg_error(PGconn *conn, const char *what, const char *context,
		 struct vox_error *err)
{
	return set_error(conn, conn ? PQerrorMessage(conn) : "out of memory",
			 what, context, err);
}

int vox_pg_result_error(const PGresult *res, const char *what,
			const char *context, struct vox_error *err)
{
	return set_error(NULL, res ? PQresultErrorMessage(res) :
			 "out of memory", what, context, err);
}

static int is_ident(const char *s, size_t n)
{
	size_t i;

	if (!n || n > 63 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

int vox_pg_table_valid(const char *s)
{
	const char *dot = strchr(s, '.');

	if (!dot)
		return is_ident(s, strlen(s));
	return is_ident(s, (size_t)(dot - s)) &&
		is_ident(dot + 1, strlen(dot + 1));
}

/* The first line of the file, without its line end. */
static int read_password(const struct vox_pg_opts *o, const char *what,
			 char *out, size_t sz, struct vox_error *err)
{
	char path[4096];
	FILE *fp;
	size_t n;

	if (o->password_file[0] == '/' || !o->dir)
		snprintf(path, sizeof(path), "%s", o->password_file);
	else
		snprintf(path, sizeof(path), "%s/%s", o->dir,
			 o->password_file);
	fp = fopen(path, "r");
	if (!fp)
		return vox_error_set(err, VOX_E_IO, "%s%spassword_file %s: %s",
				     what ? what : "", what ? ": " : "",
				     o->password_file, strerror(errno));
	if (!fgets(out, (int)sz, fp))
		out[0] = '\0';
	fclose(fp);
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	if (!n)
		return vox_error_set(err, VOX_E_CONFIG, "%s%spassword_file %s: "
				     "empty first line", what ? what : "",
				     what ? ": " : "", o->password_file);
	return VOX_OK;
}

/* Refuse a conninfo that holds a password: it would sit in provider.json. */
static int check_conninfo(const char *conninfo, const char *what,
			  struct vox_error *err)
{
	PQconninfoOption *opts, *p;
	char *msg = NULL;
	int rc = VOX_OK;

	opts = PQconninfoParse(conninfo, &msg);
	if (!opts) {
		/* The message quotes the string: it holds no password yet. */
		set_error(NULL, msg ? msg : "out of memory", what,
			  "bad conninfo", err);
		err->code = VOX_E_CONFIG;
		PQfreemem(msg);
		return VOX_ERR;
	}
	for (p = opts; p->keyword; p++)
		if (strcmp(p->keyword, "password") == 0 && p->val)
			rc = vox_error_set(err, VOX_E_CONFIG, "%s%sconninfo "
					   "holds a password: give it in "
					   "PGPASSWORD, ~/.pgpass or the "
					   "password_file option", what ?
					   what : "",
					   what ? ": " : "");
	PQconninfoFree(opts);
	return rc;
}

PGconn *vox_pg_connect(const struct vox_pg_opts *o, const char *what,
		       struct vox_error *err)
{
	const char *keys[8], *vals[8];
	char password[PASSWORD_MAX];
	PGconn *conn;
	PGresult *res;
	int k = 0;

	if (o->conninfo && check_conninfo(o->conninfo, what, err) != VOX_OK)
		return NULL;
	if (o->password_file &&
	    read_password(o, what, password, sizeof(password), err) != VOX_OK)
		return NULL;
	/* dbname first, expanded: the conninfo; later keys override it. */
	keys[k] = "dbname";
	vals[k++] = o->conninfo ? o->conninfo : "";
	keys[k] = "application_name";
	vals[k++] = "voxport";
	keys[k] = "client_encoding";
	vals[k++] = "UTF8";
	if (o->password_file) {
		keys[k] = "password";
		vals[k++] = password;
	}
	keys[k] = NULL;
	vals[k] = NULL;
	conn = PQconnectdbParams(keys, vals, 1);
	memset(password, 0, sizeof(password));
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		vox_pg_error(conn, what, "cannot connect", err);
		PQfinish(conn);
		return NULL;
	}
	/* Absolute times are read back in UTC, whatever the server's zone. */
	res = PQexec(conn, "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		vox_pg_result_error(res, what, "setting the session", err);
		PQclear(res);
		PQfinish(conn);
		return NULL;
	}
	PQclear(res);
	return conn;
}
