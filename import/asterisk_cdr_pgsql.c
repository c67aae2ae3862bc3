/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asterisk_cdr_pgsql.c: calls loaded into Asterisk's cdr table in
 * PostgreSQL, as cdr_pgsql fills it (provider-formats.md 1.3).
 *
 * The table's columns are found in the catalog, and each is filled by its
 * name, as cdr_pgsql does: calldate and start with the start time, answer,
 * end; text or integer disposition and amaflags (integer codes of
 * include/asterisk/cdr.h); timestamp columns in the zone given (-z),
 * timestamptz as instants, integer times as epoch seconds.  A column of
 * another name (FreePBX's did, recordingfile) takes the leg's extra value
 * of that name, which export/asterisk_cdr_pgsql.c put there.  Mapping,
 * one row per leg as the asterisk-cdr-csv target writes them: from.raw
 * (else number) is src, to.raw dst, `"name" <src>` clid (or the clid kept
 * in extra), the leg id uniqueid, the call id linkedid; an unknown
 * duration or billsec is taken from the times.
 *
 * Loading: the rows go by COPY into a temporary table, then one INSERT
 * adds those whose key (uniqueid, with linkedid, sequence and the start
 * time where the table has them) is not in the table yet: a second import
 * of the same archive adds nothing.  One transaction: any error (a value
 * too long, a unique constraint, a lost connection) rolls everything back,
 * and the message names the table, the column or constraint.
 * create-table=yes makes the classic table (with the 1.8 columns) when it
 * is missing.
 *
 * Cannot hold: direction, the callee's name, extra values without a
 * column; with the classic table, answer and end (losses() says what the
 * classic table loses: the table is only seen at the first record).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "export/asterisk_cdr.h"
#include "pg_conn.h"
#include "record.h"
#include "timeconv.h"
#include "voxport/target.h"

#define FORMAT "asterisk-cdr-pgsql"
#define MAX_COLUMNS 200

/* How a column is written. */
enum kind { K_TEXT, K_INT, K_LOCAL, K_ABSOLUTE, K_EPOCH };

struct column {
	char *name;
	int var;		/* enum vox_ast_var, -1: from extra */
	enum kind kind;
	int is_key;
};

struct writer {
	PGconn *conn;
	char *conninfo, *password_file, *table;
	int create;
	const struct vox_tz *tz;
	struct column col[MAX_COLUMNS];
	size_t ncol;
	int ready, copying;
	uint64_t rows;
	char *line;		/* one COPY line */
	size_t len, cap;
	int oom;
};

static const char classic[] =
	"CREATE TABLE %s (calldate timestamp NOT NULL, "
	"clid varchar(80) NOT NULL DEFAULT '', "
	"src varchar(80) NOT NULL DEFAULT '', "
	"dst varchar(80) NOT NULL DEFAULT '', "
	"dcontext varchar(80) NOT NULL DEFAULT '', "
	"channel varchar(80) NOT NULL DEFAULT '', "
	"dstchannel varchar(80) NOT NULL DEFAULT '', "
	"lastapp varchar(80) NOT NULL DEFAULT '', "
	"lastdata varchar(80) NOT NULL DEFAULT '', "
	"duration int NOT NULL DEFAULT 0, billsec int NOT NULL DEFAULT 0, "
	"disposition varchar(45) NOT NULL DEFAULT '', "
	"amaflags int NOT NULL DEFAULT 0, "
	"accountcode varchar(20) NOT NULL DEFAULT '', "
	"uniqueid varchar(150) NOT NULL DEFAULT '', "
	"userfield varchar(255) NOT NULL DEFAULT '', "
	"peeraccount varchar(80) NOT NULL DEFAULT '', "
	"linkedid varchar(150) NOT NULL DEFAULT '', sequence int)";

/* ---- errors ----------------------------------------------------------- */

/* "table cdr, column src: value too long ...", from the server's fields. */
static int fail(struct writer *w, PGresult *res, struct vox_error *err)
{
	const char *col = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) :
		NULL;
	const char *con = res ? PQresultErrorField(res,
		PG_DIAG_CONSTRAINT_NAME) : NULL;
	char where[300];

	if (PQstatus(w->conn) != CONNECTION_OK || !res) {
		snprintf(where, sizeof(where), "table %s: nothing loaded",
			 w->table);
		vox_pg_error(w->conn, NULL, where, err);
	} else {
		snprintf(where, sizeof(where), "table %s%s%s%s%s: nothing "
			 "loaded", w->table, col ? ", column " : "",
			 col ? col : "", con ? ", constraint " : "",
			 con ? con : "");
		vox_pg_result_error(res, NULL, where, err);
	}
	PQclear(res);
	return VOX_ERR;
}

static int command(struct writer *w, const char *sql, struct vox_error *err)
{
	PGresult *res = PQexec(w->conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return fail(w, res, err);
	PQclear(res);
	return VOX_OK;
}

/* ---- the table -------------------------------------------------------- */

static int quoted(struct writer *w, const char *name, char *out, size_t sz)
{
	char *id = PQescapeIdentifier(w->conn, name, strlen(name));

	if (!id)
		return -1;
	snprintf(out, sz, "%s", id);
	PQfreemem(id);
	return 0;
}

static int table_sql(struct writer *w, char *out, size_t sz)
{
	const char *dot = strchr(w->table, '.');
	char a[160], b[160], part[80];

	if (!dot)
		return quoted(w, w->table, out, sz);
	snprintf(part, sizeof(part), "%.*s", (int)(dot - w->table), w->table);
	if (quoted(w, part, a, sizeof(a)) || quoted(w, dot + 1, b, sizeof(b)))
		return -1;
	snprintf(out, sz, "%s.%s", a, b);
	return 0;
}

static int kind_of(const char *name, int var, const char *typname,
		   char category, enum kind *k)
{
	int is_time = var == VOX_AST_START || var == VOX_AST_ANSWER ||
		var == VOX_AST_END;
	int is_int = !strcmp(typname, "int2") || !strcmp(typname, "int4") ||
		!strcmp(typname, "int8");

	(void)name;
	if (is_time && !strcmp(typname, "timestamptz"))
		*k = K_ABSOLUTE;
	else if (is_time && !strcmp(typname, "timestamp"))
		*k = K_LOCAL;
	else if (is_time && (is_int || category == 'N'))
		*k = K_EPOCH;
	else if (is_time && category == 'S')
		*k = K_LOCAL;
	else if (is_int && (var == VOX_AST_DURATION || var == VOX_AST_BILLSEC ||
			    var == VOX_AST_SEQUENCE ||
			    var == VOX_AST_DISPOSITION ||
			    var == VOX_AST_AMAFLAGS))
		*k = K_INT;
	else if (category == 'S' || var < 0)
		*k = K_TEXT;
	else if (category == 'N' && (var == VOX_AST_DURATION ||
				     var == VOX_AST_BILLSEC))
		*k = K_TEXT;	/* numeric: "135" reads as it is */
	else
		return 0;
	return 1;
}

static int discover(struct writer *w, struct vox_error *err)
{
	static const char *const sql =
		"SELECT a.attname, t.typname, format_type(a.atttypid, "
		"a.atttypmod), t.typcategory FROM pg_attribute a JOIN pg_type "
		"t ON t.oid = a.atttypid WHERE a.attrelid = to_regclass($1) "
		"AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
	const char *param = w->table;
	PGresult *res = PQexecParams(w->conn, sql, 1, NULL, &param, NULL,
				     NULL, 0);
	int i, n, start = 0, key = 0;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return fail(w, res, err);
	n = PQntuples(res);
	if (n == 0) {
		PQclear(res);
		return vox_error_set(err, VOX_E_NOTFOUND, "table %s does not "
				     "exist (--create-table makes it)",
				     w->table);
	}
	for (i = 0; i < n && w->ncol < MAX_COLUMNS; i++) {
		struct column *c = &w->col[w->ncol];
		const char *name = PQgetvalue(res, i, 0);
		int var = vox_ast_var_find(name, strlen(name));

		if (!strcasecmp(name, "calldate"))
			var = VOX_AST_START;
		if (!kind_of(name, var, PQgetvalue(res, i, 1),
			     PQgetvalue(res, i, 3)[0], &c->kind)) {
			vox_error_set(err, VOX_E_DATA, "table %s: column %s "
				      "is of type %s, which voxport does not "
				      "write %s into", w->table, name,
				      PQgetvalue(res, i, 2), name);
			PQclear(res);
			return VOX_ERR;
		}
		c->var = var;
		c->is_key = var == VOX_AST_UNIQUEID || var == VOX_AST_LINKEDID ||
			var == VOX_AST_SEQUENCE || var == VOX_AST_START;
		start += var == VOX_AST_START;
		key += var == VOX_AST_UNIQUEID;
		c->name = strdup(name);
		if (!c->name) {
			PQclear(res);
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		}
		w->ncol++;
	}
	PQclear(res);
	if (!start || !key)
		return vox_error_set(err, VOX_E_DATA, "table %s has no column "
				     "%s", w->table, !start ?
				     "calldate or start" : "uniqueid");
	return VOX_OK;
}

/* Connect, BEGIN, make the table if asked, COPY into a temporary twin. */
static int ready(struct writer *w, struct vox_error *err)
{
	struct vox_pg_opts o = { w->conninfo, w->password_file, NULL };
	char table[400], sql[2048];
	size_t i, n = 0;

	if (w->ready)
		return VOX_OK;
	w->ready = 1;
	w->conn = vox_pg_connect(&o, NULL, err);
	if (!w->conn)
		return VOX_ERR;
	if (table_sql(w, table, sizeof(table)) != 0)
		return vox_pg_error(w->conn, NULL, "quoting the table", err);
	if (command(w, "BEGIN", err) != VOX_OK)
		return VOX_ERR;
	if (w->create) {
		const char *param = w->table;
		PGresult *res = PQexecParams(w->conn, "SELECT to_regclass($1) "
					     "IS NULL", 1, NULL, &param, NULL,
					     NULL, 0);

		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			return fail(w, res, err);
		if (PQgetvalue(res, 0, 0)[0] == 't') {
			snprintf(sql, sizeof(sql), classic, table);
			if (command(w, sql, err) != VOX_OK) {
				PQclear(res);
				return VOX_ERR;
			}
		}
		PQclear(res);
	}
	if (discover(w, err) != VOX_OK)
		return VOX_ERR;
	snprintf(sql, sizeof(sql), "CREATE TEMPORARY TABLE voxport_in "
		 "(LIKE %s INCLUDING DEFAULTS) ON COMMIT DROP", table);
	if (command(w, sql, err) != VOX_OK)
		return VOX_ERR;
	n = (size_t)snprintf(sql, sizeof(sql), "COPY voxport_in (");
	for (i = 0; i < w->ncol && n < sizeof(sql); i++) {
		char id[160];

		if (quoted(w, w->col[i].name, id, sizeof(id)))
			return vox_pg_error(w->conn, NULL, "quoting", err);
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s%s",
				      i ? ", " : "", id);
	}
	if (n + 20 >= sizeof(sql))
		return vox_error_set(err, VOX_E_LIMIT, "table %s: too many "
				     "columns", w->table);
	snprintf(sql + n, sizeof(sql) - n, ") FROM STDIN");
	{
		PGresult *res = PQexec(w->conn, sql);

		if (PQresultStatus(res) != PGRES_COPY_IN)
			return fail(w, res, err);
		PQclear(res);
	}
	w->copying = 1;
	return VOX_OK;
}

/* ---- one row ---------------------------------------------------------- */

static void put(struct writer *w, const char *s, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		size_t cap = (w->cap + n + 1) * 2;
		char *p = realloc(w->line, cap);

		if (!p) {
			w->oom = 1;
			return;
		}
		w->line = p;
		w->cap = cap;
	}
	memcpy(w->line + w->len, s, n);
	w->len += n;
}

/* A value in COPY's text format; NULL is \N. */
static void put_value(struct writer *w, const char *s)
{
	if (!s) {
		put(w, "\\N", 2);
		return;
	}
	for (; *s; s++) {
		const char *e = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" :
			*s == '\n' ? "\\n" : *s == '\r' ? "\\r" : NULL;

		if (e)
			put(w, e, 2);
		else
			put(w, s, 1);
	}
}

static const char *status_word(enum vox_call_status s)
{
	switch (s) {
	case VOX_CALL_ANSWERED:
		return "ANSWERED";
	case VOX_CALL_NO_ANSWER:
		return "NO ANSWER";
	case VOX_CALL_BUSY:
		return "BUSY";
	case VOX_CALL_FAILED:
		return "FAILED";
	case VOX_CALL_CONGESTION:
		return "CONGESTION";
	case VOX_CALL_CANCELLED:
		return "CANCEL";
	case VOX_CALL_UNKNOWN:
		break;
	}
	return "";
}

static int64_t span(int64_t a, int64_t b, int64_t given)
{
	if (given >= 0)
		return given;
	if (a == VOX_TIME_NONE || b == VOX_TIME_NONE || b < a)
		return 0;
	return (b - a) / 1000;
}

/* The clid ast_callerid_merge() makes: `"name" <number>`, escaped. */
static void clid(char *out, size_t sz, const char *name, const char *num)
{
	size_t o = 0;
	const char *s;

	out[o++] = '"';
	for (s = name; s && *s && o + 4 < sz; s++) {
		if (*s == '"' || *s == '\\')
			out[o++] = '\\';
		out[o++] = *s;
	}
	o += (size_t)snprintf(out + o, sz - o, "\" <%s>", num ? num : "");
	if (o >= sz)
		out[sz - 1] = '\0';
}

static void put_time(struct writer *w, const struct column *c, int64_t ms)
{
	char buf[VOX_TIME_FORMAT_MAX + 8];

	size_t n;

	if (ms == VOX_TIME_NONE) {
		/* an epoch column says "not set" with 0, as Asterisk does */
		put_value(w, c->kind == K_EPOCH ? "0" : NULL);
		return;
	}
	if (c->kind == K_EPOCH)
		snprintf(buf, sizeof(buf), "%lld", (long long)(ms / 1000));
	else if (!vox_time_format_local(ms, c->kind == K_ABSOLUTE ? NULL :
					w->tz, buf))
		buf[0] = '\0';
	n = strlen(buf);
	if (c->kind == K_ABSOLUTE && n)
		snprintf(buf + n, sizeof(buf) - n, "+00");
	put_value(w, buf);
}

static void put_column(struct writer *w, const struct column *c,
		       const struct vox_call *call,
		       const struct vox_call_leg *l, const char *id)
{
	const char *from = l->from.raw ? l->from.raw : l->from.number;
	const char *v = NULL;
	char buf[512];

	switch (c->var) {
	case VOX_AST_START:
		put_time(w, c, l->start);
		return;
	case VOX_AST_ANSWER:
		put_time(w, c, l->answer);
		return;
	case VOX_AST_END:
		put_time(w, c, l->end);
		return;
	case VOX_AST_DURATION:
	case VOX_AST_BILLSEC:
		snprintf(buf, sizeof(buf), "%lld", (long long)(
			c->var == VOX_AST_DURATION ?
			span(l->start, l->end, l->duration) :
			span(l->answer, l->end, l->billsec)));
		put_value(w, buf);
		return;
	case VOX_AST_ACCOUNTCODE: v = l->account_code; break;
	case VOX_AST_SRC: v = from; break;
	case VOX_AST_DST: v = l->to.raw ? l->to.raw : l->to.number; break;
	case VOX_AST_DCONTEXT: v = l->context; break;
	case VOX_AST_CLID:
		v = vox_extra_get(&l->extra, "clid");
		if (!v) {
			clid(buf, sizeof(buf), l->from.name, from);
			v = buf;
		}
		break;
	case VOX_AST_CHANNEL: v = l->channel; break;
	case VOX_AST_DSTCHANNEL: v = l->peer_channel; break;
	case VOX_AST_LASTAPP: v = l->application; break;
	case VOX_AST_LASTDATA: v = l->application_data; break;
	case VOX_AST_DISPOSITION:
		v = l->disposition ? l->disposition : status_word(l->status);
		break;
	case VOX_AST_AMAFLAGS: v = vox_extra_get(&l->extra, "amaflags"); break;
	case VOX_AST_UNIQUEID: v = id; break;
	case VOX_AST_USERFIELD: v = vox_extra_get(&l->extra, "userfield");
		break;
	case VOX_AST_PEERACCOUNT: v = l->peer_account; break;
	case VOX_AST_LINKEDID:
		v = call->group_id ? call->group_id : call->id;
		break;
	case VOX_AST_SEQUENCE: v = vox_extra_get(&l->extra, "sequence");
		break;
	default:
		v = vox_extra_get(&l->extra, c->name);
		break;
	}
	if (c->kind == K_INT) {
		int code = v && (c->var == VOX_AST_DISPOSITION ||
				 c->var == VOX_AST_AMAFLAGS) ?
			vox_ast_code_of(c->var, v) : -2;

		if (code >= 0) {
			snprintf(buf, sizeof(buf), "%d", code);
			v = buf;
		} else if (c->var != VOX_AST_SEQUENCE && (!v || code == -1)) {
			v = "0";	/* not given, or a word with no code */
		} else if (v && !*v) {
			v = NULL;
		}
		put_value(w, v);
		return;
	}
	/* Asterisk's text columns are NOT NULL: empty, not NULL. */
	put_value(w, v ? v : "");
}

static int write_leg(struct writer *w, const struct vox_call *c,
		     const struct vox_call_leg *l, struct vox_error *err)
{
	const char *id = l->id ? l->id : (c->nlegs ? NULL : c->id);
	size_t i;

	w->len = 0;
	for (i = 0; i < w->ncol; i++) {
		if (i)
			put(w, "\t", 1);
		put_column(w, &w->col[i], c, l, id);
	}
	put(w, "\n", 1);
	if (w->oom)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	if (PQputCopyData(w->conn, w->line, (int)w->len) != 1)
		return fail(w, NULL, err);
	w->rows++;
	return VOX_OK;
}

static void leg_of_call(const struct vox_call *c, struct vox_call_leg *l)
{
	vox_call_leg_init(l);
	l->from = c->from;
	l->to = c->to;
	l->account_code = c->account_code;
	l->start = c->start;
	l->answer = c->answer;
	l->end = c->end;
	l->duration = c->duration;
	l->billsec = c->billsec;
	l->status = c->status;
}

static int write_record(void *state, const struct vox_record *rec,
			struct vox_error *err)
{
	struct writer *w = state;
	const struct vox_call *c = &rec->u.call;
	struct vox_call_leg one;
	size_t i;

	if (rec->kind != VOX_CALL)
		return vox_error_set(err, VOX_E_DATA, "holds calls only, "
				     "not a %s", vox_kind_name(rec->kind));
	/* A leg without a start fails the whole call: none of it is sent. */
	for (i = 0; i < c->nlegs; i++)
		if (c->legs[i].start == VOX_TIME_NONE)
			return vox_error_set(err, VOX_E_DATA, "call %s: no "
					     "start time", c->id ? c->id :
					     "(no id)");
	if (!c->nlegs && c->start == VOX_TIME_NONE)
		return vox_error_set(err, VOX_E_DATA, "call %s: no start time",
				     c->id ? c->id : "(no id)");
	if (ready(w, err) != VOX_OK) {
		/* Not this record's fault: the run ends. */
		if (err->code == VOX_E_DATA)
			err->code = VOX_E_IO;
		return vox_error_prefix(err, FORMAT);
	}
	if (!c->nlegs) {
		leg_of_call(c, &one);
		return write_leg(w, c, &one, err);
	}
	for (i = 0; i < c->nlegs; i++)
		if (write_leg(w, c, &c->legs[i], err) != VOX_OK)
			return VOX_ERR;
	return VOX_OK;
}

/* ---- commit ----------------------------------------------------------- */

static int finish(struct writer *w, struct vox_error *err)
{
	char table[400], cols[4096], key[2048], sql[16384];
	size_t i, nc = 0, nk = 0;
	PGresult *res;

	if (PQputCopyEnd(w->conn, NULL) != 1)
		return fail(w, NULL, err);
	w->copying = 0;
	res = PQgetResult(w->conn);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return fail(w, res, err);
	PQclear(res);
	while ((res = PQgetResult(w->conn)))
		PQclear(res);
	if (table_sql(w, table, sizeof(table)) != 0)
		return vox_pg_error(w->conn, NULL, "quoting", err);
	cols[0] = key[0] = '\0';
	for (i = 0; i < w->ncol; i++) {
		char id[160];

		if (quoted(w, w->col[i].name, id, sizeof(id)))
			return vox_pg_error(w->conn, NULL, "quoting", err);
		nc += (size_t)snprintf(cols + nc, sizeof(cols) - nc, "%s%s",
				       i ? ", " : "", id);
		if (w->col[i].is_key)
			nk += (size_t)snprintf(key + nk, sizeof(key) - nk,
					       " AND t.%s IS NOT DISTINCT "
					       "FROM i.%s", id, id);
		if (nc >= sizeof(cols) || nk >= sizeof(key))
			return vox_error_set(err, VOX_E_LIMIT, "table %s: too "
					     "many columns", w->table);
	}
	/* What the table already has is not added again. */
	snprintf(sql, sizeof(sql), "INSERT INTO %s (%s) SELECT %s FROM "
		 "voxport_in i WHERE NOT EXISTS (SELECT 1 FROM %s t WHERE "
		 "true%s)", table, cols, cols, table, key);
	if (command(w, sql, err) != VOX_OK)
		return VOX_ERR;
	return command(w, "COMMIT", err);
}

/* ---- options, open and close ------------------------------------------ */

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
	struct writer *w = state;

	if (!value)
		value = "";
	if (strcmp(key, "conninfo") == 0)
		return set_string(&w->conninfo, value, err);
	if (strcmp(key, "password_file") == 0)
		return set_string(&w->password_file, value, err);
	if (strcmp(key, "table") == 0) {
		if (!vox_pg_table_valid(value))
			return vox_error_set(err, VOX_E_USAGE, "bad table "
					     "\"%.80s\" (name or schema.name)",
					     value);
		return set_string(&w->table, value, err);
	}
	if (strcmp(key, "create-table") == 0) {
		if (!strcasecmp(value, "yes") || !strcmp(value, "1"))
			w->create = 1;
		else if (!strcasecmp(value, "no") || !strcmp(value, "0"))
			w->create = 0;
		else
			return vox_error_set(err, VOX_E_USAGE, "bad value "
					     "\"%.80s\" for create-table (yes "
					     "or no)", value);
		return VOX_OK;
	}
	return vox_error_set(err, VOX_E_USAGE, "unknown option \"%.80s\" "
			     "(conninfo, password_file, table, create-table)",
			     key);
}

#define LOSS(field, why) { VOX_CALL, field, 0, why, NULL }
static const struct vox_loss loss_list[] = {
	LOSS("direction", "a CDR has no direction"),
	LOSS("legs.direction", "a CDR has no direction"),
	LOSS("to.name", "the cdr table has no callee name"),
	LOSS("legs.to.name", "the cdr table has no callee name"),
	LOSS("answer", "the classic cdr table has no answer column"),
	LOSS("legs.answer", "the classic cdr table has no answer column"),
	LOSS("end", "the classic cdr table has no end column"),
	LOSS("legs.end", "the classic cdr table has no end column"),
	{ VOX_CALL, "legs.extra", 0, "only extra values with a column of "
	  "their name are kept", "clid,amaflags,userfield,sequence" },
	{ 0, NULL, 0, NULL, NULL },
};

static const struct vox_loss *losses(const void *state)
{
	(void)state;
	return loss_list;
}

static void free_writer(struct writer *w)
{
	size_t i;

	PQfinish(w->conn);	/* without COMMIT: rolled back */
	for (i = 0; i < w->ncol; i++)
		free(w->col[i].name);
	free(w->conninfo);
	free(w->password_file);
	free(w->table);
	free(w->line);
	free(w);
}

static int close_writer(void *state, int commit, struct vox_error *err)
{
	struct writer *w = state;
	int rc = VOX_OK;

	if (commit && (ready(w, err) != VOX_OK || finish(w, err) != VOX_OK))
		rc = vox_error_prefix(err, FORMAT);
	free_writer(w);
	return rc;
}

static void *open_writer(const struct vox_target_args *args,
			 struct vox_error *err)
{
	struct writer *w = calloc(1, sizeof(*w));

	if (!w || !(w->table = strdup("cdr"))) {
		free(w);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	w->tz = args->tz;
	return w;
}

const struct vox_target vox_target_asterisk_cdr_pgsql = {
	.name = FORMAT,
	.summary = "calls into Asterisk's cdr table in PostgreSQL (one "
		   "transaction, idempotent)",
	.kinds = VOX_CALL,
	.options = "conninfo=libpq connection string without a password "
		   "(default: the PG* variables); password_file=file whose first line is the "
		   "password (else PGPASSWORD or ~/.pgpass); table=name or "
		   "schema.name (cdr); create-table=yes|no: make the classic "
		   "table when it is missing",
	.open = open_writer,
	.option = set_option,
	.losses = losses,
	.write = write_record,
	.close = close_writer,
	.database = 1,
};
