/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asterisk_cdr_csv.c: calls as Asterisk cdr_csv writes Master.csv.
 *
 * Follows cdr/cdr_csv.c build_csv_record() (Asterisk 1.4 to 22, the same
 * code throughout): one CDR per line ending in LF, no header; every string
 * field in '"' with '"' doubled and nothing else escaped (append_string);
 * duration, billsec and sequence as bare integers (append_int); a time as
 * "%Y-%m-%d %T" in the server's zone, or UTC with usegmtime=yes, and an
 * unset time as an empty unquoted field (append_date).  Sixteen columns:
 *
 *	accountcode src dst dcontext clid channel dstchannel lastapp lastdata
 *	start answer end duration billsec disposition amaflags
 *
 * then, as cdr.conf [csv] turns them on, uniqueid (loguniqueid), userfield
 * (loguserfield), and peeraccount linkedid sequence (newcdrcolumns): 16 to
 * 21 columns, the options below.  export/asterisk_cdr_csv.c reads it back.
 *
 * Mapping, one row per leg of a call (a call without legs gives one row
 * from its own fields): from.raw (else from.number) is src, to.raw (else
 * to.number) dst; clid is ast_callerid_merge()'s `"name" <src>` with '"'
 * and '\' in the name backslash-escaped, or the leg's extra "clid" as the
 * reader kept it (a clid that src does not show); context, channel,
 * peer_channel, application, application_data, account_code, peer_account
 * go to the columns of the same meaning; the leg id is uniqueid (a call
 * without legs: the call id), the call id linkedid.  disposition is the
 * leg's own text, else ast_cdr_disp2str()'s word for the status, else
 * empty; amaflags, userfield and sequence come from the leg's extra,
 * empty when it has none (not Asterisk's defaults DOCUMENTATION and the
 * leg's place in the call: a value made up here would come back from the
 * reader as if the source had said it).  An unknown duration or billsec is
 * taken from the times (0 when they are missing too).
 *
 * Cannot hold (losses(), with the layout's columns): direction (set by
 * voxport's subject matcher; a CDR has none), the callee's name, other
 * values in a leg's extra, and without the optional columns the ids,
 * peer account, userfield and sequence.  Times lose their milliseconds.
 * The provenance (source) is not written: read back, a row names this
 * file.  Unlike Asterisk this writer does not drop a row longer than
 * 1024 bytes, and it writes no per-account <accountcode>.csv copies.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "record.h"
#include "timeconv.h"
#include "voxport/target.h"

#define FORMAT "asterisk-cdr-csv"
#define FILE_NAME "Master.csv"

struct writer {
	FILE *out;
	const struct vox_tz *local;	/* the zone given at open */
	const struct vox_tz *tz;	/* times are written in; NULL is UTC */
	struct vox_tz *owned;		/* loaded by tz= */
	int uniqueid, userfield, newcols;
	uint64_t rows;
};

/* ---- one field -------------------------------------------------------- */

/* append_string(): quoted, '"' doubled, nothing else touched. */
static void put_string(FILE *out, const char *s)
{
	putc('"', out);
	for (; s && *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

static void put_sep(FILE *out)
{
	putc(',', out);
}

/* append_date(): quoted local time, or nothing when unset. */
static void put_time(const struct writer *w, int64_t ms)
{
	char buf[VOX_TIME_FORMAT_MAX];

	if (ms != VOX_TIME_NONE && vox_time_format_local(ms, w->tz, buf))
		put_string(w->out, buf);
}

/* ast_callerid_merge() as main/cdr.c calls it: `"name" <number>`. */
static void put_clid(FILE *out, const char *name, const char *num)
{
	const char *s;

	fputs("\"\"\"", out);
	for (s = name; s && *s; s++) {
		/* ast_escape_quoted(), then append_string()'s doubling */
		if (*s == '"')
			fputs("\\\"\"", out);
		else if (*s == '\\')
			fputs("\\\\", out);
		else
			putc(*s, out);
	}
	fputs("\"\" <", out);
	for (s = num; s && *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	fputs(">\"", out);
}

/* ---- one row ---------------------------------------------------------- */

static const char *disposition(const struct vox_call_leg *l)
{
	switch (l->status) {
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
	/* Not given: Asterisk would say UNKNOWN, which reads back as given. */
	return "";
}

static const char *party(const struct vox_party *p)
{
	return p->raw ? p->raw : p->number;
}

/* Seconds from a to b, or fallback when either is unset. */
static int64_t span(int64_t a, int64_t b, int64_t given)
{
	if (given >= 0)
		return given;
	if (a == VOX_TIME_NONE || b == VOX_TIME_NONE || b < a)
		return 0;
	return (b - a) / 1000;
}

static int is_number(const char *s)
{
	if (!s || !*s)
		return 0;
	if (*s == '-')
		s++;
	if (!*s || strlen(s) > 10)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int write_leg(struct writer *w, const struct vox_call *c,
		     const struct vox_call_leg *l, struct vox_error *err)
{
	FILE *out = w->out;
	const char *clid = vox_extra_get(&l->extra, "clid");
	const char *ama = vox_extra_get(&l->extra, "amaflags");
	const char *seq = vox_extra_get(&l->extra, "sequence");
	const char *id = l->id ? l->id : (c->nlegs ? NULL : c->id);

	if (l->start == VOX_TIME_NONE)
		/* cdr_csv always has a start; its reader needs one. */
		return vox_error_set(err, VOX_E_DATA, "call %s: no start time",
				     c->id ? c->id : "(no id)");
	put_string(out, l->account_code);
	put_sep(out);
	put_string(out, party(&l->from));
	put_sep(out);
	put_string(out, party(&l->to));
	put_sep(out);
	put_string(out, l->context);
	put_sep(out);
	if (clid)
		put_string(out, clid);
	else
		put_clid(out, l->from.name, party(&l->from));
	put_sep(out);
	put_string(out, l->channel);
	put_sep(out);
	put_string(out, l->peer_channel);
	put_sep(out);
	put_string(out, l->application);
	put_sep(out);
	put_string(out, l->application_data);
	put_sep(out);
	put_time(w, l->start);
	put_sep(out);
	put_time(w, l->answer);
	put_sep(out);
	put_time(w, l->end);
	fprintf(out, ",%lld,%lld,",
		(long long)span(l->start, l->end, l->duration),
		(long long)span(l->answer, l->end, l->billsec));
	put_string(out, l->disposition ? l->disposition : disposition(l));
	put_sep(out);
	/* Not Asterisk's default DOCUMENTATION: that would invent a value
	 * the reader then finds (a round trip must give back what it got). */
	put_string(out, ama);
	if (w->uniqueid) {
		put_sep(out);
		put_string(out, id);
	}
	if (w->userfield) {
		put_sep(out);
		put_string(out, vox_extra_get(&l->extra, "userfield"));
	}
	if (w->newcols) {
		put_sep(out);
		put_string(out, l->peer_account);
		put_sep(out);
		put_string(out, c->group_id ? c->group_id : c->id);
		/* Empty when unknown, for the same reason: COPY reads NULL. */
		if (is_number(seq))
			fprintf(out, ",%s", seq);
		else
			putc(',', out);
	}
	putc('\n', out);
	w->rows++;
	if (ferror(out))
		return vox_error_set(err, VOX_E_IO, FILE_NAME ": write failed");
	return VOX_OK;
}

/* A call without legs (a phone's call log): one row of its own fields. */
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
	l->direction = c->direction;
}

static int write_record(void *state, const struct vox_record *rec,
			struct vox_error *err)
{
	struct writer *w = state;
	const struct vox_call *c = &rec->u.call;
	struct vox_call_leg one;
	size_t i;
	int rc;

	if (rec->kind != VOX_CALL)
		return vox_error_set(err, VOX_E_DATA, "holds calls only, "
				     "not a %s", vox_kind_name(rec->kind));
	if (!c->nlegs) {
		leg_of_call(c, &one);
		return write_leg(w, c, &one, err);
	}
	/* A leg without a start fails the whole call: none of it is written. */
	for (i = 0; i < c->nlegs; i++)
		if (c->legs[i].start == VOX_TIME_NONE)
			return write_leg(w, c, &c->legs[i], err);
	for (i = 0; i < c->nlegs; i++) {
		rc = write_leg(w, c, &c->legs[i], err);
		if (rc != VOX_OK)
			return rc;
	}
	return VOX_OK;
}

/* ---- losses ----------------------------------------------------------- */

#define LOSS(field, why) { VOX_CALL, field, 0, why, NULL }
#define LOSSES_ALWAYS \
	LOSS("direction", "a CDR has no direction"), \
	LOSS("legs.direction", "a CDR has no direction"), \
	LOSS("to.name", "cdr_csv has no callee name"), \
	LOSS("legs.to.name", "cdr_csv has no callee name")
/* The extra keys a layout has a column for: not lost. */
#define LOSS_EXTRA(held) \
	{ VOX_CALL, "legs.extra", 0, "cdr_csv has columns for clid, " \
	  "amaflags, userfield (loguserfield) and sequence (newcdrcolumns) " \
	  "only", held }
#define LOSS_LEG_ID \
	LOSS("legs.id", "no uniqueid column (loguniqueid=yes or columns=17, " \
	     "18, 20, 21)")
#define LOSSES_NEWCOLS \
	LOSS("id", "no linkedid column (newcdrcolumns=yes or columns=19 to " \
	     "21)"), \
	LOSS("legs.peer_account", "no peeraccount column (newcdrcolumns=yes " \
	     "or columns=19 to 21)")
#define LOSS_END { 0, NULL, 0, NULL, NULL }

/*
 * One list per layout (uniqueid, userfield, newcdrcolumns), static: the
 * caller reads the list after close().
 */
static const struct vox_loss losses_by_layout[8][10] = {
	{ LOSSES_ALWAYS, LOSS_EXTRA("clid,amaflags"), LOSS_LEG_ID,
	  LOSSES_NEWCOLS, LOSS_END },
	{ LOSSES_ALWAYS, LOSS_EXTRA("clid,amaflags,sequence"), LOSS_LEG_ID,
	  LOSS_END },
	{ LOSSES_ALWAYS, LOSS_EXTRA("clid,amaflags,userfield"), LOSS_LEG_ID,
	  LOSSES_NEWCOLS, LOSS_END },
	{ LOSSES_ALWAYS, LOSS_EXTRA("clid,amaflags,userfield,sequence"),
	  LOSS_LEG_ID, LOSS_END },
	{ LOSSES_ALWAYS, LOSS_EXTRA("clid,amaflags"), LOSSES_NEWCOLS,
	  LOSS_END },
	{ LOSSES_ALWAYS, LOSS_EXTRA("clid,amaflags,sequence"), LOSS_END },
	{ LOSSES_ALWAYS, LOSS_EXTRA("clid,amaflags,userfield"),
	  LOSSES_NEWCOLS, LOSS_END },
	{ LOSSES_ALWAYS, LOSS_EXTRA("clid,amaflags,userfield,sequence"),
	  LOSS_END },
};

static const struct vox_loss *losses(const void *state)
{
	const struct writer *w = state;

	if (!w)
		return losses_by_layout[0];
	return losses_by_layout[(w->uniqueid ? 4 : 0) +
				(w->userfield ? 2 : 0) + (w->newcols ? 1 : 0)];
}

/* ---- options, open and close ------------------------------------------ */

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* columns=N: the cdr.conf switches that give N columns. */
static int set_columns(struct writer *w, const char *v)
{
	static const struct {
		const char *n;
		int uniqueid, userfield, newcols;
	} map[] = {
		{ "16", 0, 0, 0 }, { "17", 1, 0, 0 }, { "18", 1, 1, 0 },
		{ "19", 0, 0, 1 }, { "20", 1, 0, 1 }, { "21", 1, 1, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(v, map[i].n) == 0) {
			w->uniqueid = map[i].uniqueid;
			w->userfield = map[i].userfield;
			w->newcols = map[i].newcols;
			return 0;
		}
	}
	return -1;
}

static int set_option(void *state, const char *key, const char *value,
		      struct vox_error *err)
{
	struct writer *w = state;
	int on = 0, bad;

	if (!value)
		value = "";
	if (strcmp(key, "columns") == 0) {
		bad = set_columns(w, value);
	} else if (strcmp(key, "tz") == 0) {
		struct vox_tz *tz = vox_tz_load(value, err);

		if (!tz) {
			err->code = VOX_E_USAGE;	/* an option's value */
			return VOX_ERR;
		}
		vox_tz_free(w->owned);
		w->owned = tz;
		w->tz = w->local = tz;
		bad = 0;
	} else if (strcmp(key, "usegmtime") == 0 ||
		   strcmp(key, "loguniqueid") == 0 ||
		   strcmp(key, "loguserfield") == 0 ||
		   strcmp(key, "newcdrcolumns") == 0) {
		bad = parse_bool(value, &on);
		if (!bad && key[0] == 'u')
			w->tz = on ? NULL : w->local;
		else if (!bad && strcmp(key, "loguniqueid") == 0)
			w->uniqueid = on;
		else if (!bad && key[0] == 'l')
			w->userfield = on;
		else if (!bad)
			w->newcols = on;
	} else {
		return vox_error_set(err, VOX_E_USAGE,
				     "unknown option \"%.64s\"", key);
	}
	if (bad)
		return vox_error_set(err, VOX_E_USAGE, "bad value "
				     "\"%.64s\" for option %s", value, key);
	return VOX_OK;
}

static void free_writer(struct writer *w)
{
	vox_tz_free(w->owned);
	free(w);
}

static int close_writer(void *state, int commit, struct vox_error *err)
{
	struct writer *w = state;
	int rc = VOX_OK;

	if (!w)
		return VOX_OK;
	if (w->out) {
		if (fclose(w->out) != 0 && commit)
			rc = vox_error_set(err, VOX_E_IO,
					   FILE_NAME ": write failed");
	}
	free_writer(w);
	return rc;
}

static void *open_writer(const struct vox_target_args *args,
			 struct vox_error *err)
{
	struct writer *w = calloc(1, sizeof(*w));

	if (!w) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	w->local = w->tz = args->tz;
	/* cdr_csv's one file, even when no call comes: an empty log. */
	w->out = args->create(args->ctx, FILE_NAME, err);
	if (!w->out) {
		free_writer(w);
		return NULL;
	}
	return w;
}

const struct vox_target vox_target_asterisk_cdr_csv = {
	.name = FORMAT,
	.summary = "Asterisk cdr_csv Master.csv (16 to 21 columns)",
	.kinds = VOX_CALL,
	.options = "columns=16|17|18|19|20|21: the layout, default 16 (17 "
		   "and 20 add uniqueid, 18 and 21 uniqueid and userfield, 19 "
		   "to 21 peeraccount, linkedid and sequence); "
		   "loguniqueid, loguserfield, newcdrcolumns=yes|no: the same "
		   "by cdr.conf's switches; usegmtime=yes|no: times in UTC; "
		   "tz=ZONE: times in ZONE (default: the run's zone)",
	.open = open_writer,
	.option = set_option,
	.losses = losses,
	.write = write_record,
	.close = close_writer,
};
