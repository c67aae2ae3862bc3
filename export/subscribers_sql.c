/* SPDX-License-Identifier: Apache-2.0 */
/*
 * subscribers_sql.c: the subscriber list from the provider's customer
 * database: a PostgreSQL query written in provider.json.
 *
 * Format: the query's result columns are named as subscribers-csv's
 * columns (id, given_name, phones, extensions, ...; man/voxport-formats.5),
 * so any customer schema is mapped with AS and string_agg() in SQL, and
 * each row is made into a subject by subscribers_csv.c's own code
 * (subscriber_rows.h): the same rules, the same records.  Values are read
 * as text (a date as YYYY-MM-DD, a boolean as t or f: write yes/no with
 * CASE); NULL is empty.  Columns named like credentials are never read.
 *
 * The query runs in a READ ONLY transaction, through a server-side cursor
 * (bounded memory).  It may name one parameter, $1: the subject's id,
 * bound, never pasted into the SQL ("... WHERE c.account_no = $1"); a
 * query without $1 lists every subscriber.  Source refs name "query" and
 * the row's place in the result.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pg_conn.h"
#include "subscriber_rows.h"
#include "voxport/source.h"

#define FORMAT "subscribers-sql"
#define NAME "query"
#define FETCH "FETCH 500 FROM voxport_subscribers"
#define MAX_FIELDS 512

struct reader {
	PGconn *conn;
	char *conninfo, *password_file, *query;
	char *dir;
	const char *subject_id;
	const struct vox_phone_plan *plan;
	struct vox_subscriber_rows *rows;
	PGresult *batch;
	int row, nrows, done, failed;
	uint64_t line;
	struct vox_csv_field f[MAX_FIELDS];
};

static int fail(struct reader *r, PGresult *res, const char *context,
		struct vox_error *err)
{
	if (PQstatus(r->conn) != CONNECTION_OK)
		vox_pg_error(r->conn, FORMAT, context, err);
	else
		vox_pg_result_error(res, FORMAT, context, err);
	PQclear(res);
	r->failed = 1;
	return VOX_ERR;
}

static int command(struct reader *r, const char *sql, struct vox_error *err)
{
	PGresult *res = PQexec(r->conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return fail(r, res, sql, err);
	PQclear(res);
	return VOX_OK;
}

/* The result's column names, as a header row of subscribers-csv. */
static int header(struct reader *r, const PGresult *desc,
		  struct vox_error *err)
{
	struct vox_csv_row names = { 0, 0, 0, r->f };
	int i, n = PQnfields(desc);

	if (n > MAX_FIELDS)
		return vox_error_set(err, VOX_E_LIMIT, NAME ": more than %d "
				     "columns", MAX_FIELDS);
	for (i = 0; i < n; i++) {
		r->f[i].s = PQfname(desc, i);
		r->f[i].len = strlen(r->f[i].s);
	}
	names.n = (size_t)n;
	return vox_subscriber_rows_header(r->rows, &names, err);
}

static int start(void *state, struct vox_error *err)
{
	struct reader *r = state;
	struct vox_pg_opts o = { r->conninfo, r->password_file, r->dir };
	const char *param = r->subject_id;
	PGresult *res;
	size_t len;
	char *sql;
	int nparams;

	if (!r->query || !*r->query)
		return vox_error_set(err, VOX_E_CONFIG, FORMAT ": the option "
				     "query is required (a SELECT whose "
				     "columns are named as subscribers-csv's)");
	r->rows = vox_subscriber_rows_new(FORMAT, NAME, r->plan);
	if (!r->rows)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	r->conn = vox_pg_connect(&o, FORMAT, err);
	if (!r->conn)
		return VOX_ERR;
	/* Whatever the query says, it cannot change the database. */
	if (command(r, "BEGIN READ ONLY", err) != VOX_OK)
		return VOX_ERR;
	res = PQprepare(r->conn, "voxport_q", r->query, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return fail(r, res, NAME, err);
	PQclear(res);
	res = PQdescribePrepared(r->conn, "voxport_q");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return fail(r, res, NAME, err);
	nparams = PQnparams(res);
	if (header(r, res, err) != VOX_OK) {
		PQclear(res);
		return VOX_ERR;
	}
	PQclear(res);
	if (nparams > 1)
		return vox_error_set(err, VOX_E_CONFIG, NAME ": names $%d; it "
				     "may name only $1, the subject's id",
				     nparams);
	if (nparams == 1 && !param)
		return vox_error_set(err, VOX_E_CONFIG, NAME ": names $1, the "
				     "subject's id, and this run has no "
				     "subject: write a query that lists "
				     "every subscriber");
	len = strlen(r->query) + 64;
	sql = malloc(len);
	if (!sql)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	snprintf(sql, len, "DECLARE voxport_subscribers NO SCROLL CURSOR FOR "
		 "%s", r->query);
	res = PQexecParams(r->conn, sql, nparams, NULL, &param, NULL, NULL, 0);
	free(sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return fail(r, res, NAME, err);
	PQclear(res);
	return VOX_OK;
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;
	struct vox_csv_row row = { 0, 0, 0, r->f };
	int i, n;

	if (r->failed)
		return vox_error_set(err, VOX_E_IO, NAME ": reading stopped "
				     "after an earlier error");
	if (r->done)
		return VOX_EOF;
	if (r->row >= r->nrows) {
		char what[64];

		PQclear(r->batch);
		r->batch = PQexec(r->conn, FETCH);
		r->row = 0;
		if (PQresultStatus(r->batch) != PGRES_TUPLES_OK) {
			snprintf(what, sizeof(what), NAME ": after row %llu",
				 (unsigned long long)r->line);
			fail(r, r->batch, what, err);
			r->batch = NULL;
			return VOX_ERR;
		}
		r->nrows = PQntuples(r->batch);
		if (!r->nrows) {
			r->done = 1;
			return command(r, "COMMIT", err) == VOX_OK ? VOX_EOF
								    : VOX_ERR;
		}
	}
	n = PQnfields(r->batch);
	for (i = 0; i < n && i < MAX_FIELDS; i++) {
		int null = PQgetisnull(r->batch, r->row, i);

		r->f[i].s = null ? NULL : PQgetvalue(r->batch, r->row, i);
		r->f[i].len = null ? 0 : (size_t)PQgetlength(r->batch, r->row,
							     i);
	}
	row.line = row.last_line = ++r->line;
	row.n = (size_t)i;
	r->row++;
	return vox_subscriber_rows_fill(r->rows, &row, rec, err);
}

static int set_string(char **dst, const char *value, struct vox_error *err)
{
	free(*dst);
	*dst = strdup(value ? value : "");
	return *dst ? VOX_OK : vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
}

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	struct reader *r = state;

	if (strcmp(key, "conninfo") == 0)
		return set_string(&r->conninfo, value, err);
	if (strcmp(key, "password_file") == 0)
		return set_string(&r->password_file, value, err);
	if (strcmp(key, "query") == 0)
		return set_string(&r->query, value, err);
	return vox_error_set(err, VOX_E_CONFIG, FORMAT ": unknown option "
			     "\"%.80s\" (conninfo, password_file, query)",
			     key);
}

static void close_reader(void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	PQclear(r->batch);
	PQfinish(r->conn);
	vox_subscriber_rows_free(r->rows);
	free(r->conninfo);
	free(r->password_file);
	free(r->query);
	free(r->dir);
	free(r);
}

static void *open_reader(const struct vox_source_args *args,
			 struct vox_error *err)
{
	struct reader *r = calloc(1, sizeof(*r));
	const char *slash = args->path ? strrchr(args->path, '/') : NULL;

	if (!r) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	r->subject_id = args->subject_id;
	r->plan = args->plan;
	r->dir = slash ? strndup(args->path, (size_t)(slash - args->path)) :
		strdup(".");
	if (!r->dir) {
		free(r);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	return r;
}

const struct vox_source vox_source_subscribers_sql = {
	.name = FORMAT,
	.summary = "the subscriber list from a PostgreSQL query",
	.kinds = VOX_SUBJECT,
	.options = "query=a SELECT whose columns are named as "
		   "subscribers-csv's, $1 the subject's id; conninfo=libpq "
		   "connection string without a password (default: the PG* "
		   "variables); "
		   "password_file=file whose first line is the password "
		   "(else PGPASSWORD or ~/.pgpass)",
	.bid = NULL,
	.open = open_reader,
	.option = set_option,
	.next = next_record,
	.close = close_reader,
	.database = 1,
	.start = start,
};
