/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asterisk_cdr_pgsql.c: Asterisk's cdr table in PostgreSQL (cdr_pgsql,
 * cdr_adaptive_odbc, FreePBX's asteriskcdrdb.cdr moved to PostgreSQL).
 *
 * Format (provider-formats.md 1.3; cdr/cdr_pgsql.c fills each column by
 * its name): one CDR a row, in either shape:
 *  - classic: calldate (the start) and no answer or end;
 *  - Alembic (contrib/ast-db-manage): start, answer, end;
 * disposition and amaflags as text ("ANSWERED") or integer codes (8);
 * FreePBX's added columns (did, recordingfile, cnum, cnam, ...).  The
 * columns are found in the catalog (any order; src, dst and a start time
 * required).  Times: `timestamp without time zone` and text are local
 * times in the source's zone (or UTC with usegmtime=yes), as Asterisk
 * wrote them; `timestamp with time zone` and epoch integers are absolute.
 *
 * Mapping: each row is handed, by variable name, to asterisk_cdr.c's
 * mapper, the one the cdr_csv reader uses, so the records are the ones
 * asterisk-cdr-csv gives for the same calls (the classic shape has no
 * answer or end time: those stay unset); integer codes become the names
 * cdr_csv writes; columns voxport does not map go to the leg's extra,
 * empty ones dropped; source refs name the table and the row's place in
 * the result.
 *
 * Reading: with a subject, the query asks only for rows whose src or dst
 * is one of their numbers (as E.164, without '+', with 00 or 011, and in
 * national form) or names, whose clid carries one when src is empty,
 * whose accountcode or peeraccount is theirs, and (channels=yes) whose
 * channel or dstchannel names one of their endpoints; every value bound
 * as a parameter, so an index on each column serves it.  The matcher
 * then decides, as for a file.  Without a subject (bulk) the whole table
 * is read.  Both go through a server-side cursor, FETCH_ROWS rows at a
 * time, in start-time order: memory stays bounded by a batch.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "asterisk_cdr.h"
#include "pg_conn.h"
#include "phone.h"
#include "timeconv.h"
#include "voxport/source.h"

#define FORMAT "asterisk-cdr-pgsql"
#define FETCH_ROWS "1000"
#define MAX_COLUMNS 200
#define TEXT_ARRAY_OID 1009

/* How a column's values are read. */
enum kind { K_TEXT, K_INT, K_FRACTION, K_LOCAL, K_ABSOLUTE, K_OTHER };

struct column {
	char *name;
	int var;		/* enum vox_ast_var, or -1: to extra */
	enum kind kind;
	int stamp;		/* a timestamp type, not text or a number */
};

struct reader {
	PGconn *conn;
	char *conninfo, *password_file, *table;
	const char *dir;	/* of provider.json */
	int channels;		/* match channel endpoints in the query */
	int usegmtime;
	const struct vox_tz *local;
	const struct vox_phone_plan *plan;
	const struct vox_subject *subject;
	struct column col[MAX_COLUMNS];
	size_t ncol;
	int absolute;		/* times are instants: read in UTC */
	int in_cursor;
	PGresult *batch;
	int row, nrows;
	int done;
	uint64_t line;
	struct vox_ast_other other[MAX_COLUMNS];
	struct vox_ast_cdr map;
};

/* ---- the text[] parameters ------------------------------------------- */

struct list {
	char *s;		/* "{\"a\",\"b\"}" */
	size_t len, cap, n;
	int oom;
};

static void list_put(struct list *l, const char *s, size_t n)
{
	if (l->oom)
		return;
	if (l->len + n + 2 > l->cap) {
		size_t cap = (l->cap + n + 2) * 2;
		char *p = realloc(l->s, cap);

		if (!p) {
			l->oom = 1;
			return;
		}
		l->s = p;
		l->cap = cap;
	}
	memcpy(l->s + l->len, s, n);
	l->len += n;
	l->s[l->len] = '\0';
}

/* One element: prefix, value (LIKE-escaped when like), suffix. */
static void list_add(struct list *l, const char *prefix, const char *v,
		     int like, const char *suffix)
{
	const char *p;

	if (!v || !*v)
		return;
	list_put(l, l->n++ ? ",\"" : "{\"", 2);
	for (p = prefix; *p; p++)
		list_put(l, p, 1);
	for (p = v; *p; p++) {
		/* Array-literal quoting, after LIKE's own escapes. */
		if (like && strchr("%_\\", *p))
			list_put(l, "\\\\", 2);
		if (*p == '"' || *p == '\\')
			list_put(l, "\\", 1);
		list_put(l, p, 1);
	}
	for (p = suffix; *p; p++)
		list_put(l, p, 1);
	list_put(l, "\"", 1);
}

static const char *list_end(struct list *l)
{
	if (!l->n)
		list_put(l, "{", 1);
	list_put(l, "}", 1);
	return l->oom ? NULL : l->s;
}

/* The forms a PBX writes an E.164 number in: +CC..., CC..., 00, 011, 0.... */
static void number_forms(const struct reader *r, struct list *names,
			 const char *e164)
{
	const char *digits = e164 + 1;
	size_t cc = r->plan ? strlen(r->plan->cc) : 0;
	char buf[64];

	list_add(names, "", e164, 0, "");
	list_add(names, "", digits, 0, "");
	list_add(names, "00", digits, 0, "");
	list_add(names, "011", digits, 0, "");
	if (cc && strncmp(digits, r->plan->cc, cc) == 0) {
		snprintf(buf, sizeof(buf), "%s%s", r->plan->trunk,
			 digits + cc);
		list_add(names, "", buf, 0, "");
	}
}

/* The names matched in src, dst and clid: as the matcher knows them. */
static void subject_names(const struct reader *r, struct list *names)
{
	const struct vox_subject *s = r->subject;
	size_t i;

	for (i = 0; i < s->nphones; i++) {
		const char *raw = s->phones[i].raw;
		char out[64];

		list_add(names, "", raw, 0, "");
		if (vox_phone_normalise(r->plan, raw, strlen(raw), out,
					sizeof(out)) == VOX_PHONE_E164)
			number_forms(r, names, out);
	}
	for (i = 0; i < s->extensions.n; i++)
		list_add(names, "", s->extensions.v[i], 0, "");
	for (i = 0; i < s->sip_usernames.n; i++)
		list_add(names, "", s->sip_usernames.v[i], 0, "");
}

/* LIKE patterns from the names for clid: "%<1001>". */
static void patterns(const struct list *names, struct list *clid)
{
	/* Walk the literal back: elements are "..."-quoted, \-escaped. */
	const char *p = names->s + 1;
	char v[1024];

	while (*p == '"') {
		size_t n = 0;

		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\')
				p++;
			if (n < sizeof(v) - 1)
				v[n++] = *p;
		}
		v[n] = '\0';
		list_add(clid, "%<", v, 1, ">");
		p += *p == '"';
		p += *p == ',';
	}
}

/* ---- the catalog ------------------------------------------------------ */

static int fail_result(struct reader *r, PGresult *res, const char *context,
		       struct vox_error *err)
{
	/* A broken connection says so in the connection, not the result. */
	if (PQstatus(r->conn) != CONNECTION_OK)
		vox_pg_error(r->conn, NULL, context, err);
	else
		vox_pg_result_error(res, NULL, context, err);
	PQclear(res);
	return VOX_ERR;
}

static const char *kind_of(const char *typname, char category)
{
	static const char *const ints[] = { "int2", "int4", "int8" };
	size_t i;

	if (strcmp(typname, "timestamp") == 0)
		return "local";
	if (strcmp(typname, "timestamptz") == 0)
		return "absolute";
	for (i = 0; i < 3; i++)
		if (strcmp(typname, ints[i]) == 0)
			return "int";
	if (category == 'N')
		return "fraction";
	if (category == 'S')
		return "text";
	return "other";
}

/* What each variable may be; NULL for a type voxport does not read. */
static int kind_for(int var, const char *k, enum kind *out)
{
	int is_time = var == VOX_AST_START || var == VOX_AST_ANSWER ||
		var == VOX_AST_END;
	int is_num = var == VOX_AST_DURATION || var == VOX_AST_BILLSEC ||
		var == VOX_AST_SEQUENCE || var == VOX_AST_DISPOSITION ||
		var == VOX_AST_AMAFLAGS;

	if (var < 0) {
		*out = K_OTHER;
		return 1;
	}
	if (strcmp(k, "text") == 0) {
		*out = is_time ? K_LOCAL : K_TEXT;
		return 1;
	}
	if (is_time && strcmp(k, "local") == 0)
		*out = K_LOCAL;
	else if (is_time && strcmp(k, "absolute") == 0)
		*out = K_ABSOLUTE;
	else if ((is_time || is_num) && strcmp(k, "int") == 0)
		*out = is_time ? K_ABSOLUTE : K_INT;
	else if ((is_time || var == VOX_AST_DURATION ||
		  var == VOX_AST_BILLSEC) && strcmp(k, "fraction") == 0)
		*out = is_time ? K_ABSOLUTE : K_FRACTION;
	else
		return 0;
	return 1;
}

static int find_col(const struct reader *r, int var)
{
	size_t i;

	for (i = 0; i < r->ncol; i++)
		if (r->col[i].var == var)
			return (int)i;
	return -1;
}

static int add_column(struct reader *r, const char *name, const char *typname,
		      const char *type, char category, int *calldate,
		      struct vox_error *err)
{
	struct column *c = &r->col[r->ncol];
	const char *k = kind_of(typname, category);
	int var = vox_ast_var_find(name, strlen(name));

	if (strcasecmp(name, "calldate") == 0) {
		var = VOX_AST_START;	/* unless a start column comes too */
		*calldate = (int)r->ncol;
	} else if (var == VOX_AST_START && *calldate >= 0) {
		/* start is what calldate copies: read start, drop calldate */
		free(r->col[*calldate].name);
		r->col[*calldate] = r->col[--r->ncol];
		c = &r->col[r->ncol];
		*calldate = -1;
	}
	if (r->ncol == MAX_COLUMNS)
		return vox_error_set(err, VOX_E_LIMIT, "table %s: "
				     "more than %d columns", r->table,
				     MAX_COLUMNS);
	if (!kind_for(var, k, &c->kind))
		return vox_error_set(err, VOX_E_DATA, "table %s: "
				     "column %s is of type %s, which voxport "
				     "does not read as %s (see voxport-"
				     "formats(5))", r->table, name, type,
				     name);
	c->var = var;
	c->stamp = strcmp(typname, "timestamp") == 0 ||
		strcmp(typname, "timestamptz") == 0;
	c->name = strdup(name);
	if (!c->name)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	r->ncol++;
	return VOX_OK;
}

static int discover(struct reader *r, struct vox_error *err)
{
	static const char *const sql =
		"SELECT a.attname, t.typname, format_type(a.atttypid, "
		"a.atttypmod), t.typcategory FROM pg_attribute a JOIN pg_type "
		"t ON t.oid = a.atttypid WHERE a.attrelid = to_regclass($1) "
		"AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
	const char *param = r->table;
	static const int need[] = { VOX_AST_SRC, VOX_AST_DST, VOX_AST_START };
	int calldate = -1, local = 0, absolute = 0;
	PGresult *res;
	size_t i;
	int n, k;

	res = PQexecParams(r->conn, sql, 1, NULL, &param, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return fail_result(r, res, "reading the catalog", err);
	n = PQntuples(res);
	if (n == 0) {
		PQclear(res);
		return vox_error_set(err, VOX_E_NOTFOUND, "table %s "
				     "does not exist, or this role cannot "
				     "see it (option table=)", r->table);
	}
	for (k = 0; k < n; k++)
		if (add_column(r, PQgetvalue(res, k, 0), PQgetvalue(res, k, 1),
			       PQgetvalue(res, k, 2), PQgetvalue(res, k, 3)[0],
			       &calldate, err) != VOX_OK) {
			PQclear(res);
			return VOX_ERR;
		}
	PQclear(res);
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (find_col(r, need[i]) < 0)
			return vox_error_set(err, VOX_E_DATA, "table "
					     "%s has no column %s", r->table,
					     need[i] == VOX_AST_START ?
					     "calldate or start" :
					     need[i] == VOX_AST_SRC ? "src" :
					     "dst");
	for (i = 0; i < r->ncol; i++) {
		local += r->col[i].kind == K_LOCAL;
		absolute += r->col[i].kind == K_ABSOLUTE;
	}
	if (local && absolute)
		return vox_error_set(err, VOX_E_DATA, "table %s: its "
				     "time columns mix local times and "
				     "instants (timestamp with and without "
				     "time zone, or epoch integers)",
				     r->table);
	r->absolute = absolute > 0;
	return VOX_OK;
}

/* ---- the query -------------------------------------------------------- */

static void sql_put(struct list *q, const char *s)
{
	list_put(q, s, strlen(s));
}

static int sql_ident(struct reader *r, struct list *q, const char *name,
		     struct vox_error *err)
{
	char *id = PQescapeIdentifier(r->conn, name, strlen(name));

	if (!id)
		return vox_pg_error(r->conn, NULL, "quoting a name", err);
	sql_put(q, id);
	PQfreemem(id);
	return VOX_OK;
}

/* The table as schema.name, each part quoted. */
static int sql_table(struct reader *r, struct list *q, struct vox_error *err)
{
	char part[128];
	const char *dot = strchr(r->table, '.');

	if (!dot)
		return sql_ident(r, q, r->table, err);
	snprintf(part, sizeof(part), "%.*s", (int)(dot - r->table), r->table);
	if (sql_ident(r, q, part, err) != VOX_OK)
		return VOX_ERR;
	sql_put(q, ".");
	return sql_ident(r, q, dot + 1, err);
}

static int sql_column(struct reader *r, struct list *q, const struct column *c,
		      struct vox_error *err)
{
	static const char *const shape = ", 'YYYY-MM-DD HH24:MI:SS')";

	if (c->kind == K_LOCAL && c->stamp) {
		/* cdr_csv's shape, whole seconds */
		sql_put(q, "to_char(");
		if (sql_ident(r, q, c->name, err) != VOX_OK)
			return VOX_ERR;
		sql_put(q, shape);
		return VOX_OK;
	}
	if (c->kind == K_ABSOLUTE && c->stamp) {
		sql_put(q, "to_char(");
		if (sql_ident(r, q, c->name, err) != VOX_OK)
			return VOX_ERR;
		sql_put(q, " AT TIME ZONE 'UTC'");
		sql_put(q, shape);
		return VOX_OK;
	}
	if (c->kind == K_ABSOLUTE) {
		/* epoch seconds; 0 is "not set", as Asterisk writes it */
		sql_put(q, "CASE WHEN ");
		if (sql_ident(r, q, c->name, err) != VOX_OK)
			return VOX_ERR;
		sql_put(q, " > 0 THEN to_char(to_timestamp(");
		if (sql_ident(r, q, c->name, err) != VOX_OK)
			return VOX_ERR;
		sql_put(q, ") AT TIME ZONE 'UTC'");
		sql_put(q, shape);
		sql_put(q, " END");
		return VOX_OK;
	}
	if (sql_ident(r, q, c->name, err) != VOX_OK)
		return VOX_ERR;
	if (c->kind != K_TEXT && c->kind != K_LOCAL)
		sql_put(q, "::text");
	return VOX_OK;
}

/* "src = ANY($1)" when the column is there. */
static void where_any(struct reader *r, struct list *q, int var,
		      const struct list *values, const char *test, int *first)
{
	int i = find_col(r, var);
	char *id;

	/* An empty list would still cost a scan where no index serves it. */
	if (i < 0 || r->col[i].kind != K_TEXT || !values->n)
		return;
	id = PQescapeIdentifier(r->conn, r->col[i].name,
				strlen(r->col[i].name));
	if (!id) {
		q->oom = 1;
		return;
	}
	sql_put(q, *first ? " WHERE " : " OR ");
	*first = 0;
	if (var == VOX_AST_CLID) {
		char *src = PQescapeIdentifier(r->conn, "src", 3);

		if (!src) {
			PQfreemem(id);
			q->oom = 1;
			return;
		}
		sql_put(q, "(");
		sql_put(q, src);
		sql_put(q, " = '' AND ");
		PQfreemem(src);
	}
	sql_put(q, id);
	sql_put(q, test);
	if (var == VOX_AST_CLID)
		sql_put(q, ")");
	PQfreemem(id);
}

/*
 * The channel's endpoint as vox_channel_endpoint() finds it (after the
 * first '/', up to '@' or ';'), with and without a "-0000001a" suffix, one
 * of the names: "PJSIP/1001-0000001a", "Local/1001@from-internal-...;1".
 * A superset of the matcher's; it decides.
 */
static void where_endpoint(struct reader *r, struct list *q, int var,
			   const struct list *values, int *first)
{
	int i = find_col(r, var);
	char *id, e[400];

	if (i < 0 || r->col[i].kind != K_TEXT || !values->n)
		return;
	id = PQescapeIdentifier(r->conn, r->col[i].name,
				strlen(r->col[i].name));
	if (!id) {
		q->oom = 1;
		return;
	}
	snprintf(e, sizeof(e), "split_part(split_part(substr(%s, "
		 "strpos(%s, '/') + 1), '@', 1), ';', 1)", id, id);
	PQfreemem(id);
	sql_put(q, *first ? " WHERE " : " OR ");
	*first = 0;
	sql_put(q, e);
	sql_put(q, " = ANY($1) OR regexp_replace(");
	sql_put(q, e);
	sql_put(q, ", '-[0-9A-Fa-f]+$', '') = ANY($1)");
}

static int build_query(struct reader *r, struct list *q,
		       const struct list *l, struct vox_error *err)
{
	static const int order[] = {
		VOX_AST_START, VOX_AST_SEQUENCE, VOX_AST_UNIQUEID
	};
	size_t i;
	int first = 1;

	sql_put(q, "DECLARE voxport_cdr NO SCROLL CURSOR FOR SELECT ");
	for (i = 0; i < r->ncol; i++) {
		if (i)
			sql_put(q, ", ");
		if (sql_column(r, q, &r->col[i], err) != VOX_OK)
			return VOX_ERR;
	}
	sql_put(q, " FROM ");
	if (sql_table(r, q, err) != VOX_OK)
		return VOX_ERR;
	if (r->subject) {
		where_any(r, q, VOX_AST_SRC, &l[0], " = ANY($1)", &first);
		where_any(r, q, VOX_AST_DST, &l[0], " = ANY($1)", &first);
		where_any(r, q, VOX_AST_CLID, &l[2], " LIKE ANY($3)", &first);
		where_any(r, q, VOX_AST_ACCOUNTCODE, &l[1], " = ANY($2)",
			  &first);
		where_any(r, q, VOX_AST_PEERACCOUNT, &l[1], " = ANY($2)",
			  &first);
		if (r->channels) {
			where_endpoint(r, q, VOX_AST_CHANNEL, &l[0], &first);
			where_endpoint(r, q, VOX_AST_DSTCHANNEL, &l[0],
				       &first);
		}
		/* No identifier at all: none of the rows can be theirs. */
		if (first)
			sql_put(q, " WHERE false");
	}
	sql_put(q, " ORDER BY ");
	for (i = 0, first = 1; i < sizeof(order) / sizeof(order[0]); i++) {
		int c = find_col(r, order[i]);

		if (c < 0)
			continue;
		if (!first)
			sql_put(q, ", ");
		first = 0;
		if (sql_ident(r, q, r->col[c].name, err) != VOX_OK)
			return VOX_ERR;
	}
	if (q->oom)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	return VOX_OK;
}

static int declare(struct reader *r, struct vox_error *err)
{
	struct list q = { 0 }, l[4] = { { 0 } };
	const char *values[4];
	Oid types[4];
	PGresult *res;
	int i, rc = VOX_OK, nparams = 0;

	if (r->subject) {
		const struct vox_subject *s = r->subject;
		size_t k;

		subject_names(r, &l[0]);
		for (k = 0; k < s->account_codes.n; k++)
			list_add(&l[1], "", s->account_codes.v[k], 0, "");
		if (l[0].n)
			patterns(&l[0], &l[2]);
		for (i = 0; i < 4; i++) {
			values[i] = list_end(&l[i]);
			types[i] = TEXT_ARRAY_OID;
			if (!values[i])
				rc = vox_error_set(err, VOX_E_NOMEM,
						   "out of memory");
		}
		nparams = 4;
	}
	if (rc == VOX_OK && build_query(r, &q, l, err) != VOX_OK)
		rc = VOX_ERR;
	if (rc == VOX_OK) {
		res = PQexec(r->conn, "BEGIN READ ONLY");
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = fail_result(r, res, "BEGIN", err);
		else
			PQclear(res);
	}
	if (rc == VOX_OK) {
		res = PQexecParams(r->conn, q.s, nparams, types, values, NULL,
				   NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = fail_result(r, res, r->table, err);
		else
			PQclear(res);
	}
	r->in_cursor = rc == VOX_OK;
	free(q.s);
	for (i = 0; i < 4; i++)
		free(l[i].s);
	return rc;
}

/* ---- reading ---------------------------------------------------------- */

static int fetch(struct reader *r, struct vox_error *err)
{
	char what[300];

	PQclear(r->batch);
	r->batch = PQexec(r->conn, "FETCH " FETCH_ROWS " FROM voxport_cdr");
	r->row = 0;
	if (PQresultStatus(r->batch) != PGRES_TUPLES_OK) {
		snprintf(what, sizeof(what), "reading %s after row %llu",
			 r->table, (unsigned long long)r->line);
		r->done = 1;
		fail_result(r, r->batch, what, err);
		r->batch = NULL;
		/* The connection or the transaction broke: not one row. */
		err->code = VOX_E_IO;
		return VOX_ERR;
	}
	r->nrows = PQntuples(r->batch);
	return VOX_OK;
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;
	struct vox_ast_row row;
	size_t i, nother = 0;

	if (r->done)
		return r->batch ? VOX_EOF : vox_error_set(err, VOX_E_IO,
			"%s: reading stopped after an earlier error",
			r->table);
	if (r->row >= r->nrows) {
		if (fetch(r, err) != VOX_OK)
			return VOX_ERR;
		if (r->nrows == 0) {
			PGresult *res = PQexec(r->conn, "COMMIT");

			r->done = 1;
			r->in_cursor = 0;
			if (PQresultStatus(res) != PGRES_COMMAND_OK) {
				fail_result(r, res, "COMMIT", err);
				PQclear(r->batch);
				r->batch = NULL;
				return VOX_ERR;
			}
			PQclear(res);
			return VOX_EOF;
		}
	}
	memset(&row, 0, sizeof(row));
	row.line = ++r->line;
	for (i = 0; i < r->ncol; i++) {
		const char *v = PQgetisnull(r->batch, r->row, (int)i) ? "" :
			PQgetvalue(r->batch, r->row, (int)i);
		size_t len = strlen(v);

		if (r->col[i].var >= 0) {
			struct vox_ast_value *val = &row.v[r->col[i].var];

			if (r->col[i].kind == K_INT) {
				vox_ast_row_set_coded(&row, r->col[i].var, v,
						      len);
				continue;
			}
			val->s = v;
			val->len = len;
			val->given = 1;
			continue;
		}
		r->other[nother].name = r->col[i].name;
		r->other[nother].v.s = v;
		r->other[nother].v.len = len;
		r->other[nother].v.given = 1;
		nother++;
	}
	row.other = r->other;
	row.nother = nother;
	r->row++;
	if (vox_ast_cdr_fill(&r->map, &row, err) != VOX_OK)
		return VOX_ERR;
	*rec = &r->map.rec;
	return VOX_OK;
}

/* ---- options, open and close ------------------------------------------ */

static int parse_bool(const char *v, int *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
	    !strcmp(v, "1") || !strcasecmp(v, "on"))
		*out = 1;
	else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") ||
		 !strcmp(v, "0") || !strcasecmp(v, "off"))
		*out = 0;
	else
		return -1;
	return 0;
}

static int set_string(char **dst, const char *value, struct vox_error *err)
{
	free(*dst);
	*dst = strdup(value);
	return *dst ? VOX_OK : vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
}

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	struct reader *r = state;
	char v[300];
	int *flag = NULL;

	if (!value)
		value = "";
	if (strcmp(key, "conninfo") == 0)
		return set_string(&r->conninfo, value, err);
	if (strcmp(key, "password_file") == 0)
		return set_string(&r->password_file, value, err);
	if (strcmp(key, "table") == 0) {
		if (!vox_pg_table_valid(value))
			return vox_error_set(err, VOX_E_CONFIG, FORMAT ": bad "
					     "table \"%s\" (name or "
					     "schema.name)",
					     vox_ast_show(v, sizeof(v), value,
							  strlen(value)));
		return set_string(&r->table, value, err);
	}
	if (strcmp(key, "usegmtime") == 0)
		flag = &r->usegmtime;
	else if (strcmp(key, "channels") == 0)
		flag = &r->channels;
	if (!flag)
		return vox_error_set(err, VOX_E_CONFIG,
				     FORMAT ": unknown option \"%s\"",
				     vox_ast_show(v, sizeof(v), key,
						  strlen(key)));
	if (parse_bool(value, flag) != 0)
		return vox_error_set(err, VOX_E_CONFIG, FORMAT ": bad value "
				     "\"%s\" for option %s (yes or no)",
				     vox_ast_show(v, sizeof(v), value,
						  strlen(value)), key);
	return VOX_OK;
}

static int start(void *state, struct vox_error *err)
{
	struct reader *r = state;
	struct vox_pg_opts o = { r->conninfo, r->password_file, r->dir };

	if (!r->table && set_string(&r->table, "cdr", err) != VOX_OK)
		return VOX_ERR;
	r->conn = vox_pg_connect(&o, NULL, err);
	if (!r->conn || discover(r, err) != VOX_OK)
		return VOX_ERR;
	vox_ast_cdr_release(&r->map);
	vox_ast_cdr_init(&r->map, FORMAT, r->table,
			 r->absolute || r->usegmtime ? NULL : r->local,
			 r->plan);
	for (size_t i = 0; i < r->ncol; i++)
		if (r->col[i].kind == K_FRACTION)
			r->map.fractions = 1;
	return declare(r, err);
}

static const char *time_zone(void *state)
{
	const struct reader *r = state;

	return r->absolute || r->usegmtime ? "UTC" : NULL;
}

static void close_reader(void *state)
{
	struct reader *r = state;
	size_t i;

	if (!r)
		return;
	PQclear(r->batch);
	/* Closing the connection ends the transaction and its cursor. */
	PQfinish(r->conn);
	for (i = 0; i < r->ncol; i++)
		free(r->col[i].name);
	free(r->conninfo);
	free(r->password_file);
	free(r->table);
	free((char *)r->dir);
	vox_ast_cdr_release(&r->map);
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
	r->local = args->tz;
	r->plan = args->plan;
	r->subject = args->subject;
	r->channels = 1;
	/* The arena of the mapper is made in start(): init it empty here. */
	vox_ast_cdr_init(&r->map, FORMAT, "cdr", args->tz, args->plan);
	r->dir = slash ? strndup(args->path, (size_t)(slash - args->path)) :
		strdup(".");
	if (!r->dir) {
		close_reader(r);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	return r;
}

const struct vox_source vox_source_asterisk_cdr_pgsql = {
	.name = FORMAT,
	.summary = "Asterisk's cdr table in PostgreSQL (cdr_pgsql, FreePBX)",
	.kinds = VOX_CALL,
	.options = "conninfo=libpq connection string without a password "
		   "(default: the PG* variables); password_file=file whose first line "
		   "is the password (else PGPASSWORD or ~/.pgpass); "
		   "table=name or schema.name (cdr); usegmtime=yes|no: "
		   "local times are UTC; channels=yes|no: the query also "
		   "looks for the subject's endpoints in channel and "
		   "dstchannel (no index serves it)",
	.bid = NULL,
	.open = open_reader,
	.option = set_option,
	.next = next_record,
	.close = close_reader,
	.time_zone = time_zone,
	.database = 1,
	.start = start,
};
