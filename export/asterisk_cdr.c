/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asterisk_cdr.c: one Asterisk CDR to one struct vox_call of one leg, for
 * the cdr_csv and cdr_custom readers (asterisk_cdr.h).
 *
 * Mapping: src/dst go to from/to (raw kept, number normalised with the
 * default country; an empty one is absent), the clid name to from.name
 * (its number to from only when src is empty); dcontext, channel,
 * dstchannel, lastapp, lastdata, accountcode, peeraccount, times,
 * duration, billsec and disposition to the leg fields of the same
 * meaning; uniqueid is the leg id; linkedid is the call's group_id and id
 * (else uniqueid, else "<file>:<line>").  amaflags, userfield, sequence,
 * a clid that does not parse (or whose number is not src), and the other
 * variables of a custom template go to the leg's extra.  A billsec larger
 * than the duration (a clock step, a bridged transfer) is kept as written
 * and flagged in extra "billsec_exceeds_duration".  Empty strings mean
 * "not given" and are dropped.  Times "YYYY-MM-DD HH:MM:SS" are local in
 * the zone given (NULL: UTC); start is required, answer and end may be
 * empty.  Text that is not UTF-8 is read as Windows-1252.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "asterisk_cdr.h"
#include "phone.h"
#include "record.h"
#include "text.h"
#include "timeconv.h"

static const char *const var_names[VOX_AST_NVARS] = {
	"accountcode", "src", "dst", "dcontext", "clid", "channel",
	"dstchannel", "lastapp", "lastdata", "start", "answer", "end",
	"duration", "billsec", "disposition", "amaflags", "uniqueid",
	"userfield", "peeraccount", "linkedid", "sequence",
};

int vox_ast_var_find(const char *name, size_t len)
{
	int i;

	for (i = 0; i < VOX_AST_NVARS; i++)
		if (strlen(var_names[i]) == len &&
		    strncasecmp(var_names[i], name, len) == 0)
			return i;
	return -1;
}

static const struct code {
	int var, code;
	const char *name;
} codes[] = {
	/* The first name of a code is the one cdr_csv writes for it. */
	{ VOX_AST_DISPOSITION, 0, "NO ANSWER" },
	{ VOX_AST_DISPOSITION, 1, "NO ANSWER" },	/* AST_CDR_NULL */
	{ VOX_AST_DISPOSITION, 2, "FAILED" },
	{ VOX_AST_DISPOSITION, 4, "BUSY" },
	{ VOX_AST_DISPOSITION, 8, "ANSWERED" },
	{ VOX_AST_DISPOSITION, 16, "CONGESTION" },
	{ VOX_AST_DISPOSITION, 32, "CANCEL" },
	{ VOX_AST_AMAFLAGS, 0, "Unknown" },
	{ VOX_AST_AMAFLAGS, 1, "OMIT" },
	{ VOX_AST_AMAFLAGS, 2, "BILLING" },
	{ VOX_AST_AMAFLAGS, 3, "DOCUMENTATION" },
};

void vox_ast_row_set_coded(struct vox_ast_row *row, int var, const char *s,
			   size_t len)
{
	struct vox_ast_value *v = &row->v[var];
	size_t i;

	v->s = s;
	v->len = len;
	v->given = 1;
	if (var != VOX_AST_DISPOSITION && var != VOX_AST_AMAFLAGS)
		return;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		char num[12];
		int n = snprintf(num, sizeof(num), "%d", codes[i].code);

		if (codes[i].var == var && (size_t)n == len &&
		    memcmp(num, s, len) == 0) {
			v->s = codes[i].name;
			v->len = strlen(codes[i].name);
			return;
		}
	}
}

int vox_ast_code_of(int var, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (codes[i].var == var && strcasecmp(codes[i].name, name) == 0)
			return codes[i].code;
	if (var == VOX_AST_DISPOSITION && strcasecmp(name, "NOANSWER") == 0)
		return 0;
	return -1;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

int vox_ast_digits(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

int vox_ast_date_shape(const char *s, size_t len)
{
	static const char pat[] = "dddd-dd-dd dd:dd:dd";
	size_t i;

	if (len != sizeof(pat) - 1)
		return 0;
	for (i = 0; i < len; i++)
		if (pat[i] == 'd' ? !is_digit((unsigned char)s[i])
				  : s[i] != pat[i])
			return 0;
	return 1;
}

const char *vox_ast_show(char *buf, size_t sz, const char *s, size_t len)
{
	int utf8 = vox_utf8_valid(s, len);
	size_t i, o = 0;

	for (i = 0; i < len && o + 8 < sz; i++) {
		unsigned char c = (unsigned char)s[i];

		if (o >= 60 && (c & 0xC0) != 0x80) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !utf8)) {
			static const char hex[] = "0123456789abcdef";

			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
	return buf;
}

void vox_ast_cdr_init(struct vox_ast_cdr *m, const char *format,
		      const char *name, const struct vox_tz *tz,
		      const struct vox_phone_plan *plan)
{
	memset(m, 0, sizeof(*m));
	m->format = format;
	m->name = name;
	m->tz = tz;
	m->plan = plan;
	vox_arena_init(&m->arena);
}

void vox_ast_cdr_release(struct vox_ast_cdr *m)
{
	vox_arena_release(&m->arena);
}

static int row_error(struct vox_ast_cdr *m, const struct vox_ast_row *row,
		     struct vox_error *err, const char *what,
		     const struct vox_ast_value *v)
{
	char s[300];

	if (!v)
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: %s", m->name,
				     (unsigned long long)row->line, what);
	return vox_error_set(err, VOX_E_DATA, "%s:%llu: %s \"%s\"", m->name,
			     (unsigned long long)row->line, what,
			     vox_ast_show(s, sizeof(s), v->s ? v->s : "",
					  v->len));
}

/* UTF-8 copy of a value, NULL when empty. */
static const char *text(struct vox_ast_cdr *m, const char *s, size_t len)
{
	char *t;

	if (!s || !len)
		return NULL;
	t = vox_text_utf8(&m->arena, s, len, NULL);
	if (!t)
		m->oom = 1;
	return t;
}

static const char *var(struct vox_ast_cdr *m, const struct vox_ast_row *row,
		       int i)
{
	return text(m, row->v[i].s, row->v[i].len);
}

/* raw as written, number normalised where the plan allows; none if empty. */
static void party(struct vox_ast_cdr *m, struct vox_party *p, const char *s,
		  size_t len)
{
	size_t rawlen, outsz;
	char *out;

	p->raw = text(m, s, len);
	if (!p->raw)
		return;
	rawlen = strlen(p->raw);
	outsz = rawlen + 24;
	out = vox_arena_alloc(&m->arena, outsz);
	if (!out) {
		m->oom = 1;
		return;
	}
	out[0] = '\0';
	vox_phone_normalise(m->plan, p->raw, rawlen, out, outsz);
	p->number = out[0] && strcmp(out, p->raw) != 0 ? out : p->raw;
}

/*
 * Split clid `"Name" <number>` (ast_callerid_merge): the name with its
 * backslash escapes undone, in the arena (NULL when empty), and the
 * number's bytes.  0 when clid has another shape.  The number is what
 * follows the last '<', so a name may hold '<' and, as before Asterisk
 * escaped names, bare quotes.
 */
static int clid_split(struct vox_ast_cdr *m, const char *s, size_t len,
		      const char **name, const char **num, size_t *numlen)
{
	size_t lt, q, i, n = 0;
	char *nb;

	*name = NULL;
	*num = NULL;
	*numlen = 0;
	if (len < 5 || s[0] != '"' || s[len - 1] != '>')
		return 0;
	for (lt = len - 1; lt > 0 && s[lt] != '<'; lt--)
		if (s[lt] == '>' && lt != len - 1)
			return 0;
	for (q = lt; q > 0 && (s[q - 1] == ' ' || s[q - 1] == '\t'); q--)
		;
	if (lt == 0 || q < 2 || s[q - 1] != '"')
		return 0;
	q--;	/* the closing quote */
	nb = vox_arena_alloc(&m->arena, q);
	if (!nb) {
		m->oom = 1;
		return 0;
	}
	for (i = 1; i < q; i++) {
		if (s[i] == '\\' && i + 1 < q)
			i++;
		nb[n++] = s[i];
	}
	*num = s + lt + 1;
	*numlen = len - 2 - lt;
	*name = text(m, nb, n);
	return 1;
}

static int get_time(struct vox_ast_cdr *m, const struct vox_ast_row *row,
		    int i, const char *what, int64_t *ms,
		    struct vox_error *err)
{
	const struct vox_ast_value *v = &row->v[i];
	char msg[32];

	*ms = VOX_TIME_NONE;
	if (!v->s || !v->len) {
		if (i != VOX_AST_START)
			return VOX_OK;	/* not answered; no end */
		snprintf(msg, sizeof(msg), "missing %s time", what);
		return row_error(m, row, err, msg, NULL);
	}
	if (vox_ast_date_shape(v->s, v->len) &&
	    vox_time_parse_local(v->s, v->len, m->tz, ms) == VOX_OK)
		return VOX_OK;
	snprintf(msg, sizeof(msg), "bad %s time", what);
	return row_error(m, row, err, msg, v);
}

static void extra(struct vox_ast_cdr *m, const char *key, const char *value)
{
	if (value && vox_extra_add(&m->arena, &m->leg.extra, key, value) !=
	    VOX_OK)
		m->oom = 1;
}

/* Whole seconds; with m->fractions "135.402000" too (kept in extra). */
static int get_seconds(struct vox_ast_cdr *m, const struct vox_ast_row *row,
		       int i, const char *what, int64_t *out,
		       struct vox_error *err)
{
	const struct vox_ast_value *v = &row->v[i];
	const char *dot = v->s ? memchr(v->s, '.', v->len) : NULL;
	size_t whole = dot ? (size_t)(dot - v->s) : v->len;
	int64_t n = 0;
	size_t k;

	if (!v->given)
		return VOX_OK;	/* -1: the template has no such column */
	if (dot && (!m->fractions ||
		    !vox_ast_digits(dot + 1, v->len - whole - 1)))
		return row_error(m, row, err, what, v);
	if (!v->s || !vox_ast_digits(v->s, whole) || whole > 18)
		return row_error(m, row, err, what, v);
	for (k = 0; k < whole; k++)
		n = n * 10 + (v->s[k] - '0');
	*out = n;
	if (dot)
		extra(m, var_names[i], text(m, v->s, v->len));
	return VOX_OK;
}

static enum vox_call_status status_of(const char *d)
{
	static const struct {
		const char *name;
		enum vox_call_status status;
	} map[] = {
		{ "ANSWERED", VOX_CALL_ANSWERED },
		{ "NO ANSWER", VOX_CALL_NO_ANSWER },
		{ "NOANSWER", VOX_CALL_NO_ANSWER },
		{ "BUSY", VOX_CALL_BUSY },
		{ "FAILED", VOX_CALL_FAILED },
		{ "CONGESTION", VOX_CALL_CONGESTION },
		{ "CANCEL", VOX_CALL_CANCELLED },
	};
	size_t i;

	if (!d)
		return VOX_CALL_UNKNOWN;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(d, map[i].name) == 0)
			return map[i].status;
	return VOX_CALL_UNKNOWN;
}

static void clid(struct vox_ast_cdr *m, const struct vox_ast_row *row)
{
	const struct vox_ast_value *src = &row->v[VOX_AST_SRC];
	const struct vox_ast_value *v = &row->v[VOX_AST_CLID];
	struct vox_call_leg *leg = &m->leg;
	const char *name, *num;
	size_t numlen;

	if (!v->s || !v->len)
		return;
	if (!clid_split(m, v->s, v->len, &name, &num, &numlen)) {
		extra(m, "clid", text(m, v->s, v->len));
		return;
	}
	leg->from.name = name;
	if (!numlen)
		return;
	if (!src->s || !src->len)
		party(m, &leg->from, num, numlen);
	else if (numlen != src->len || memcmp(num, src->s, numlen) != 0)
		/* A number src does not show: keep it. */
		extra(m, "clid", text(m, v->s, v->len));
}

static void fill_call(struct vox_ast_cdr *m, const struct vox_ast_row *row)
{
	struct vox_call_leg *leg = &m->leg;
	struct vox_call *call = &m->rec.u.call;

	m->rec.kind = VOX_CALL;
	call->group_id = var(m, row, VOX_AST_LINKEDID);
	call->id = call->group_id ? call->group_id : leg->id;
	if (!call->id) {
		call->id = vox_arena_printf(&m->arena, "%s:%llu", m->name,
					    (unsigned long long)row->line);
		if (!call->id)
			m->oom = 1;
	}
	call->from = leg->from;
	call->to = leg->to;
	call->start = leg->start;
	call->answer = leg->answer;
	call->end = leg->end;
	call->duration = leg->duration;
	call->billsec = leg->billsec;
	call->status = leg->status;
	call->direction = VOX_DIR_UNKNOWN;
	call->account_code = leg->account_code;
	call->legs = leg;
	call->nlegs = call->caplegs = 1;
	call->source = leg->source;
}

int vox_ast_cdr_fill(struct vox_ast_cdr *m, const struct vox_ast_row *row,
		     struct vox_error *err)
{
	struct vox_call_leg *leg = &m->leg;
	const struct vox_ast_value *v = row->v;
	size_t i;

	vox_arena_reset(&m->arena);
	m->oom = 0;
	memset(&m->rec, 0, sizeof(m->rec));
	vox_call_leg_init(leg);

	if (get_time(m, row, VOX_AST_START, "start", &leg->start, err) !=
		    VOX_OK ||
	    get_time(m, row, VOX_AST_ANSWER, "answer", &leg->answer, err) !=
		    VOX_OK ||
	    get_time(m, row, VOX_AST_END, "end", &leg->end, err) != VOX_OK ||
	    get_seconds(m, row, VOX_AST_DURATION, "bad duration",
			&leg->duration, err) != VOX_OK ||
	    get_seconds(m, row, VOX_AST_BILLSEC, "bad billsec",
			&leg->billsec, err) != VOX_OK)
		return VOX_ERR;

	leg->id = var(m, row, VOX_AST_UNIQUEID);
	party(m, &leg->from, v[VOX_AST_SRC].s, v[VOX_AST_SRC].len);
	party(m, &leg->to, v[VOX_AST_DST].s, v[VOX_AST_DST].len);
	clid(m, row);
	leg->context = var(m, row, VOX_AST_DCONTEXT);
	leg->channel = var(m, row, VOX_AST_CHANNEL);
	leg->peer_channel = var(m, row, VOX_AST_DSTCHANNEL);
	leg->application = var(m, row, VOX_AST_LASTAPP);
	leg->application_data = var(m, row, VOX_AST_LASTDATA);
	leg->account_code = var(m, row, VOX_AST_ACCOUNTCODE);
	leg->peer_account = var(m, row, VOX_AST_PEERACCOUNT);
	leg->disposition = var(m, row, VOX_AST_DISPOSITION);
	leg->status = status_of(leg->disposition);
	leg->source.format = m->format;
	leg->source.file = m->name;
	leg->source.line = row->line;
	leg->source.id = leg->id;
	extra(m, "amaflags", var(m, row, VOX_AST_AMAFLAGS));
	extra(m, "userfield", var(m, row, VOX_AST_USERFIELD));
	extra(m, "sequence", var(m, row, VOX_AST_SEQUENCE));
	/* Kept as written: which of the two is wrong cannot be told. */
	if (leg->duration >= 0 && leg->billsec > leg->duration)
		extra(m, "billsec_exceeds_duration", "yes");
	for (i = 0; i < row->nother; i++)
		extra(m, row->other[i].name,
		      text(m, row->other[i].v.s, row->other[i].v.len));

	fill_call(m, row);
	if (m->oom)
		return vox_error_set(err, VOX_E_NOMEM, "%s:%llu: out of memory",
				     m->name, (unsigned long long)row->line);
	return VOX_OK;
}
