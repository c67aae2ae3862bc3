/* SPDX-License-Identifier: Apache-2.0 */
/*
 * subscribers_csv.c: the provider's subscriber list, one subscriber a row.
 *
 * A CSV file (RFC 4180, UTF-8 or Windows-1252, LF, CRLF or CR) with a
 * header row; columns are found by header name (case-insensitive, in any
 * order), so a provider may leave out what it does not hold.  A header
 * that cannot be read ends the stream: no row could be.  The columns, defined
 * by voxport (man/voxport-formats.5, "subscribers-csv"):
 *
 *   id                 required; letters, digits, '.', '_', '-'
 *   title, given_name, family_name, full_name, company, job_title
 *   birthday           YYYY-MM-DD or --MM-DD
 *   emails             [label:]address, several separated by '|'
 *   phones             [label:]number, several separated by '|'
 *   addresses          [label:]street;locality;region;postcode;country, '|'
 *   extensions, account_codes, sip_usernames   several separated by '|'
 *   plan, plan_status, plan_start, plan_end     one subscription per '|'
 *                      item, the four lists matched by position
 *   marketing_email, marketing_sms, marketing_phone, marketing_post
 *                      yes | no | empty, optionally @DATE or @DATETIME
 *   language, created  (created: YYYY-MM-DD)
 *
 * Labels home, work and other become contexts; mobile, fax, pager, voice
 * and text become phone features; anything else is kept as a label.
 * Any other non-empty column goes to the subject's extra, except columns
 * holding credentials (a header containing password, passwd, secret, pin,
 * hash or token), which are never read into a record at all.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "csvrows.h"
#include "phone.h"
#include "record.h"
#include "subscriber_rows.h"
#include "text.h"
#include "timeconv.h"
#include "voxport/source.h"

enum column {
	COL_ID,
	COL_TITLE,
	COL_GIVEN,
	COL_FAMILY,
	COL_FULL,
	COL_COMPANY,
	COL_JOB,
	COL_BIRTHDAY,
	COL_EMAILS,
	COL_PHONES,
	COL_ADDRESSES,
	COL_EXTENSIONS,
	COL_ACCOUNTS,
	COL_SIPUSERS,
	COL_PLAN,
	COL_PLAN_STATUS,
	COL_PLAN_START,
	COL_PLAN_END,
	COL_MKT_EMAIL,
	COL_MKT_SMS,
	COL_MKT_PHONE,
	COL_MKT_POST,
	COL_LANGUAGE,
	COL_CREATED,
	COL_EXTRA,	/* kept in extra */
	COL_SECRET,	/* never read */
};

static const char *const column_names[] = {
	[COL_ID] = "id",
	[COL_TITLE] = "title",
	[COL_GIVEN] = "given_name",
	[COL_FAMILY] = "family_name",
	[COL_FULL] = "full_name",
	[COL_COMPANY] = "company",
	[COL_JOB] = "job_title",
	[COL_BIRTHDAY] = "birthday",
	[COL_EMAILS] = "emails",
	[COL_PHONES] = "phones",
	[COL_ADDRESSES] = "addresses",
	[COL_EXTENSIONS] = "extensions",
	[COL_ACCOUNTS] = "account_codes",
	[COL_SIPUSERS] = "sip_usernames",
	[COL_PLAN] = "plan",
	[COL_PLAN_STATUS] = "plan_status",
	[COL_PLAN_START] = "plan_start",
	[COL_PLAN_END] = "plan_end",
	[COL_MKT_EMAIL] = "marketing_email",
	[COL_MKT_SMS] = "marketing_sms",
	[COL_MKT_PHONE] = "marketing_phone",
	[COL_MKT_POST] = "marketing_post",
	[COL_LANGUAGE] = "language",
	[COL_CREATED] = "created",
};

#define NAMED_COLUMNS COL_EXTRA
#define MAX_COLUMNS 512

struct reader {
	struct vox_csv *csv;		/* NULL: rows come from elsewhere */
	const char *format;
	const char *name;
	const struct vox_phone_plan *plan;
	struct vox_arena arena;
	struct vox_record rec;
	int have_header;
	size_t ncols;
	enum column col[MAX_COLUMNS];
	char *header[MAX_COLUMNS];
	const char *cell[NAMED_COLUMNS];	/* this row's value per column */
	int dead;
};

static int is_secret(const char *h)
{
	static const char *const words[] = {
		"password", "passwd", "secret", "hash", "token",
	};
	size_t i, n = strlen(h);
	char lower[256];

	for (i = 0; i < n && i < sizeof(lower) - 1; i++)
		lower[i] = (char)tolower((unsigned char)h[i]);
	lower[i] = '\0';
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(lower, words[i]))
			return 1;
	/* "pin" as a word: pin, voicemail_pin, pin_code, not "shipping". */
	for (i = 0; i + 3 <= n; i++)
		if (strncasecmp(h + i, "pin", 3) == 0 &&
		    (i == 0 || !isalpha((unsigned char)h[i - 1])) &&
		    (i + 3 == n || !isalpha((unsigned char)h[i + 3])))
			return 1;
	return 0;
}

static int bid(const unsigned char *buf, size_t len)
{
	/* A header row whose first column is id and that names known columns. */
	size_t n = 0, i;
	int score = 0;
	char line[1024];

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	while (n < len && n < sizeof(line) - 1 && buf[n] != '\n' &&
	       buf[n] != '\r') {
		line[n] = (char)tolower(buf[n]);
		n++;
	}
	line[n] = '\0';
	if (strncmp(line, "id,", 3) != 0 && strncmp(line, "\"id\",", 5) != 0)
		return 0;
	score = 8;
	for (i = 1; i < NAMED_COLUMNS; i++)
		if (strstr(line, column_names[i]))
			score += 4;
	return score > 8 ? score : 0;
}

static void *open_reader(const struct vox_source_args *args,
			 struct vox_error *err)
{
	struct reader *r = calloc(1, sizeof(*r));

	if (!r) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	r->csv = vox_csv_new(args->in, args->name, VOX_CSV_STRICT);
	if (!r->csv) {
		free(r);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	r->format = "subscribers-csv";
	r->name = args->name;
	r->plan = args->plan;
	vox_arena_init(&r->arena);
	return r;
}

static void close_reader(void *state)
{
	struct reader *r = state;
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->ncols; i++)
		free(r->header[i]);
	vox_csv_free(r->csv);
	vox_arena_release(&r->arena);
	free(r);
}

static int read_header(struct reader *r, const struct vox_csv_row *row,
		       struct vox_error *err)
{
	int seen[NAMED_COLUMNS] = { 0 };
	size_t i, k;

	if (row->n > MAX_COLUMNS)
		return vox_error_set(err, VOX_E_LIMIT,
				     "%s:%llu: more than %d columns", r->name,
				     (unsigned long long)row->line,
				     MAX_COLUMNS);
	for (i = 0; i < row->n; i++) {
		const char *h = row->f[i].s ? row->f[i].s : "";
		int converted = 0;
		char *u = vox_text_utf8(&r->arena, h, row->f[i].len,
					&converted);

		r->col[i] = COL_EXTRA;
		for (k = 0; k < NAMED_COLUMNS; k++)
			if (strcasecmp(h, column_names[k]) == 0)
				r->col[i] = (enum column)k;
		if (r->col[i] == COL_EXTRA && is_secret(h))
			r->col[i] = COL_SECRET;
		if (r->col[i] < NAMED_COLUMNS) {
			if (seen[r->col[i]]++)
				return vox_error_set(err, VOX_E_DATA,
					"%s:%llu: column \"%s\" appears twice",
					r->name, (unsigned long long)row->line,
					h);
		}
		r->header[i] = strdup(u ? u : "");
		if (!r->header[i])
			return vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
		r->ncols = i + 1;
	}
	if (!seen[COL_ID])
		return vox_error_set(err, VOX_E_DATA,
				     "%s:%llu: no \"id\" column in the header",
				     r->name, (unsigned long long)row->line);
	r->have_header = 1;
	vox_arena_reset(&r->arena);
	return VOX_OK;
}

/* ---- cells ------------------------------------------------------------ */

struct row_ctx {
	struct reader *r;
	struct vox_subject *s;
	uint64_t line;
	struct vox_error *err;
};

static int bad(struct row_ctx *c, enum column col, const char *what,
	       const char *value)
{
	return vox_error_set(c->err, VOX_E_DATA, "%s:%llu: %s: %s \"%.80s\"",
			     c->r->name, (unsigned long long)c->line,
			     column_names[col], what, value);
}

static int oom(struct row_ctx *c)
{
	return vox_error_set(c->err, VOX_E_NOMEM, "out of memory");
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/*
 * Split a cell on '|' in place; returns the number of items (empty items
 * are dropped) and fills items[] up to max.
 */
static size_t split(char *cell, char **items, size_t max)
{
	size_t n = 0;
	char *p = cell;

	while (p && n < max) {
		char *bar = strchr(p, '|');
		char *t;

		if (bar)
			*bar = '\0';
		t = trim(p);
		if (*t)
			items[n++] = t;
		p = bar ? bar + 1 : NULL;
	}
	return n;
}

/* Copy a cell so that split() may cut it. */
static char *cell_copy(struct row_ctx *c, enum column col)
{
	const char *v = c->r->cell[col];

	return v ? vox_arena_strdup(&c->r->arena, v) : NULL;
}

#define MAX_ITEMS 256

/* "work:..." → contexts/features/label and the rest after the colon. */
static char *take_label(char *item, unsigned *contexts, unsigned *features,
			const char **label)
{
	static const struct {
		const char *name;
		unsigned ctx, feat;
	} known[] = {
		{ "home", VOX_CTX_HOME, 0 },
		{ "work", VOX_CTX_WORK, 0 },
		{ "other", VOX_CTX_OTHER, 0 },
		{ "mobile", 0, VOX_TEL_MOBILE },
		{ "cell", 0, VOX_TEL_MOBILE },
		{ "fax", 0, VOX_TEL_FAX },
		{ "pager", 0, VOX_TEL_PAGER },
		{ "voice", 0, VOX_TEL_VOICE },
		{ "text", 0, VOX_TEL_TEXT },
		{ "main", 0, VOX_TEL_MAIN },
	};
	char *colon = strchr(item, ':');
	size_t i;

	/* A label is a short word; "sip:..." and "tel:..." are values. */
	if (!colon || colon == item || colon - item > 32 ||
	    strncasecmp(item, "tel:", 4) == 0 ||
	    strncasecmp(item, "sip:", 4) == 0 ||
	    strncasecmp(item, "mailto:", 7) == 0)
		return item;
	*colon = '\0';
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcasecmp(trim(item), known[i].name) == 0) {
			*contexts |= known[i].ctx;
			if (features)
				*features |= known[i].feat;
			else if (known[i].feat)
				*label = trim(item);
			return trim(colon + 1);
		}
	}
	*label = trim(item);
	return trim(colon + 1);
}

static int read_emails(struct row_ctx *c)
{
	char *items[MAX_ITEMS], *cell = cell_copy(c, COL_EMAILS);
	size_t i, n = cell ? split(cell, items, MAX_ITEMS) : 0;
	struct vox_subject *s = c->s;

	for (i = 0; i < n; i++) {
		struct vox_email *e = vox_arena_push(&c->r->arena, &s->emails,
						     &s->nemails, &s->capemails,
						     sizeof(*e));
		const char *item = vox_arena_strdup(&c->r->arena, items[i]);
		char *addr;

		if (!e || !item)
			return oom(c);
		addr = take_label(items[i], &e->contexts, NULL, &e->label);
		if (strncasecmp(addr, "mailto:", 7) == 0)
			addr += 7;
		if (!*addr || !strchr(addr, '@'))
			return bad(c, COL_EMAILS, "not an e-mail address",
				   item);
		e->address = addr;
	}
	return VOX_OK;
}

static int read_phones(struct row_ctx *c)
{
	char *items[MAX_ITEMS], *cell = cell_copy(c, COL_PHONES);
	size_t i, n = cell ? split(cell, items, MAX_ITEMS) : 0;
	struct vox_subject *s = c->s;

	for (i = 0; i < n; i++) {
		struct vox_phone *p = vox_arena_push(&c->r->arena, &s->phones,
						     &s->nphones, &s->capphones,
						     sizeof(*p));
		const char *item = vox_arena_strdup(&c->r->arena, items[i]);
		char out[64];
		const char *raw, *ext;
		size_t extlen;

		if (!p || !item)
			return oom(c);
		raw = take_label(items[i], &p->contexts, &p->features,
				 &p->label);
		if (!*raw)
			return bad(c, COL_PHONES, "empty number", item);
		p->raw = raw;
		vox_phone_normalise(c->r->plan, raw, strlen(raw), out,
				    sizeof(out));
		p->number = vox_arena_strdup(&c->r->arena, out);
		if (!p->number)
			return oom(c);
		extlen = vox_phone_ext(raw, strlen(raw), &ext);
		if (ext && !(p->ext = vox_arena_strndup(&c->r->arena, ext,
							extlen)))
			return oom(c);
	}
	return VOX_OK;
}

static const char *component(char **p)
{
	char *semi, *t;

	if (!*p)
		return NULL;
	semi = strchr(*p, ';');
	if (semi)
		*semi = '\0';
	t = trim(*p);
	*p = semi ? semi + 1 : NULL;
	return *t ? t : NULL;
}

static int read_addresses(struct row_ctx *c)
{
	char *items[MAX_ITEMS], *cell = cell_copy(c, COL_ADDRESSES);
	size_t i, n = cell ? split(cell, items, MAX_ITEMS) : 0;
	struct vox_subject *s = c->s;

	for (i = 0; i < n; i++) {
		struct vox_address *a = vox_arena_push(
			&c->r->arena, &s->addresses, &s->naddresses,
			&s->capaddresses, sizeof(*a));
		const char *item = vox_arena_strdup(&c->r->arena, items[i]);
		char *p;

		if (!a || !item)
			return oom(c);
		p = take_label(items[i], &a->contexts, NULL, &a->label);
		if (!strchr(p, ';'))
			return bad(c, COL_ADDRESSES,
				   "expected street;locality;region;postcode;"
				   "country", item);
		a->street = component(&p);
		a->locality = component(&p);
		a->region = component(&p);
		a->postcode = component(&p);
		a->country = component(&p);
		if (p)
			return bad(c, COL_ADDRESSES,
				   "more than 5 components", item);
	}
	return VOX_OK;
}

static int read_list(struct row_ctx *c, enum column col,
		     struct vox_strings *out)
{
	char *items[MAX_ITEMS], *cell = cell_copy(c, col);
	size_t i, k, n = cell ? split(cell, items, MAX_ITEMS) : 0;

	for (i = 0; i < n; i++) {
		for (k = 0; k < out->n; k++)
			if (strcmp(out->v[k], items[i]) == 0)
				break;
		if (k < out->n)
			continue;	/* the schema wants unique items */
		if (vox_strings_add(&c->r->arena, out, items[i]) != VOX_OK)
			return oom(c);
	}
	return VOX_OK;
}

static int is_date(const char *s)
{
	int64_t days;

	return vox_time_parse_date(s, strlen(s), &days) == VOX_OK;
}

static int is_utc_time(const char *s)
{
	int64_t ms;
	size_t n = strlen(s);

	return n && (s[n - 1] == 'Z') &&
		vox_time_parse_rfc3339(s, n, &ms) == VOX_OK;
}

static int read_subscriptions(struct row_ctx *c)
{
	char *plan[MAX_ITEMS], *status[MAX_ITEMS], *start[MAX_ITEMS],
		*end[MAX_ITEMS];
	char *pc = cell_copy(c, COL_PLAN), *sc = cell_copy(c, COL_PLAN_STATUS);
	char *bc = cell_copy(c, COL_PLAN_START), *ec = cell_copy(c, COL_PLAN_END);
	size_t np = pc ? split(pc, plan, MAX_ITEMS) : 0;
	size_t ns = sc ? split(sc, status, MAX_ITEMS) : 0;
	size_t nb = bc ? split(bc, start, MAX_ITEMS) : 0;
	size_t ne = ec ? split(ec, end, MAX_ITEMS) : 0;
	struct vox_subject *s = c->s;
	size_t i;

	if (ns > np || nb > np || ne > np)
		return bad(c, COL_PLAN, "fewer plans than their statuses or "
			   "dates", pc ? c->r->cell[COL_PLAN] : "");
	for (i = 0; i < np; i++) {
		struct vox_subscription *sub = vox_arena_push(
			&c->r->arena, &s->subscriptions, &s->nsubscriptions,
			&s->capsubscriptions, sizeof(*sub));

		if (!sub)
			return oom(c);
		sub->plan = plan[i];
		sub->status = i < ns && strcmp(status[i], "-") ? status[i] :
			NULL;
		sub->start = i < nb && strcmp(start[i], "-") ? start[i] : NULL;
		sub->end = i < ne && strcmp(end[i], "-") ? end[i] : NULL;
		if (sub->start && !is_date(sub->start))
			return bad(c, COL_PLAN_START, "not a date (YYYY-MM-DD)",
				   sub->start);
		if (sub->end && !is_date(sub->end))
			return bad(c, COL_PLAN_END, "not a date (YYYY-MM-DD)",
				   sub->end);
	}
	return VOX_OK;
}

static int read_marketing(struct row_ctx *c, enum column col,
			  const char *channel)
{
	char *v = cell_copy(c, col), *at, *word;
	struct vox_marketing *m;
	struct vox_subject *s = c->s;

	if (!v || !*trim(v))
		return VOX_OK;
	m = vox_arena_push(&c->r->arena, &s->marketing, &s->nmarketing,
			   &s->capmarketing, sizeof(*m));
	if (!m)
		return oom(c);
	m->channel = channel;
	at = strchr(v, '@');
	if (at) {
		*at = '\0';
		m->updated = trim(at + 1);
		if (!is_date(m->updated) && !is_utc_time(m->updated))
			return bad(c, col, "not a date or UTC date-time after "
				   "'@'", c->r->cell[col]);
	}
	word = trim(v);
	if (!strcasecmp(word, "yes") || !strcasecmp(word, "y") ||
	    !strcasecmp(word, "true") || !strcmp(word, "1"))
		m->consent = VOX_CONSENT_GRANTED;
	else if (!strcasecmp(word, "no") || !strcasecmp(word, "n") ||
		 !strcasecmp(word, "false") || !strcmp(word, "0"))
		m->consent = VOX_CONSENT_REFUSED;
	else if (!*word || !strcasecmp(word, "unknown"))
		m->consent = VOX_CONSENT_UNKNOWN;
	else
		return bad(c, col, "expected yes or no", c->r->cell[col]);
	return VOX_OK;
}

static int read_birthday(struct row_ctx *c)
{
	const char *v = c->r->cell[COL_BIRTHDAY];
	struct vox_date *d = &c->s->birthday;
	int64_t days, y;
	unsigned m, dd;

	if (!v)
		return VOX_OK;
	if (vox_time_parse_date(v, strlen(v), &days) == VOX_OK) {
		vox_civil_from_days(days, &y, &m, &dd);
		d->year = (int)y;
		d->month = (int)m;
		d->day = (int)dd;
		return VOX_OK;
	}
	/* --MM-DD: a birthday without its year; 2000 allows --02-29. */
	if (strlen(v) == 7 && v[0] == '-' && v[1] == '-') {
		char buf[16];

		snprintf(buf, sizeof(buf), "2000-%s", v + 2);
		if (vox_time_parse_date(buf, 10, &days) == VOX_OK) {
			vox_civil_from_days(days, &y, &m, &dd);
			d->month = (int)m;
			d->day = (int)dd;
			return VOX_OK;
		}
	}
	return bad(c, COL_BIRTHDAY, "not a date (YYYY-MM-DD or --MM-DD)", v);
}

static int valid_id(const char *id)
{
	const char *p;

	if (!isalnum((unsigned char)id[0]))
		return 0;
	for (p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return 0;
	return p - id <= 64;
}

static int fill_subject(struct reader *r, const struct vox_csv_row *row,
			struct vox_error *err)
{
	struct vox_subject *s = &r->rec.u.subject;
	struct row_ctx c = { r, s, row->line, err };
	size_t i;

	vox_subject_init(s);
	r->rec.kind = VOX_SUBJECT;
	memset(r->cell, 0, sizeof(r->cell));
	if (row->n != r->ncols)
		return vox_error_set(err, VOX_E_DATA,
				     "%s:%llu: %zu fields, the header has %zu",
				     r->name, (unsigned long long)row->line,
				     row->n, r->ncols);
	for (i = 0; i < row->n; i++) {
		char *v;

		if (r->col[i] == COL_SECRET || !row->f[i].s)
			continue;
		v = vox_text_utf8(&r->arena, row->f[i].s, row->f[i].len, NULL);
		if (!v)
			return oom(&c);
		v = trim(v);
		if (!*v)
			continue;
		if (r->col[i] == COL_EXTRA) {
			if (vox_extra_add(&r->arena, &s->extra, r->header[i],
					  v) != VOX_OK)
				return oom(&c);
			continue;
		}
		r->cell[r->col[i]] = v;
	}
	s->id = r->cell[COL_ID];
	if (!s->id)
		return vox_error_set(err, VOX_E_DATA, "%s:%llu: empty id",
				     r->name, (unsigned long long)row->line);
	if (!valid_id(s->id))
		return bad(&c, COL_ID, "not a valid subscriber id (letters, "
			   "digits, '.', '_', '-')", s->id);
	s->title = r->cell[COL_TITLE];
	s->given = r->cell[COL_GIVEN];
	s->family = r->cell[COL_FAMILY];
	s->full_name = r->cell[COL_FULL];
	if (!s->full_name && (s->given || s->family)) {
		s->full_name = vox_arena_printf(&r->arena, "%s%s%s",
			s->given ? s->given : "",
			s->given && s->family ? " " : "",
			s->family ? s->family : "");
		if (!s->full_name)
			return oom(&c);
	}
	s->organization = r->cell[COL_COMPANY];
	s->job_title = r->cell[COL_JOB];
	s->language = r->cell[COL_LANGUAGE];
	s->created = r->cell[COL_CREATED];
	if (s->created && !is_date(s->created))
		return bad(&c, COL_CREATED, "not a date (YYYY-MM-DD)",
			   s->created);
	if (read_birthday(&c) || read_emails(&c) || read_phones(&c) ||
	    read_addresses(&c) ||
	    read_list(&c, COL_EXTENSIONS, &s->extensions) ||
	    read_list(&c, COL_ACCOUNTS, &s->account_codes) ||
	    read_list(&c, COL_SIPUSERS, &s->sip_usernames) ||
	    read_subscriptions(&c) ||
	    read_marketing(&c, COL_MKT_EMAIL, "email") ||
	    read_marketing(&c, COL_MKT_SMS, "sms") ||
	    read_marketing(&c, COL_MKT_PHONE, "phone") ||
	    read_marketing(&c, COL_MKT_POST, "post"))
		return VOX_ERR;
	s->source.format = r->format;
	s->source.file = r->name;
	s->source.line = row->line;
	return VOX_OK;
}

/*
 * Without a header no row can be read: the stream ends here, with a code a
 * caller does not skip (a VOX_E_DATA error would invite it to ask again,
 * for ever).
 */
static int no_header(struct reader *r, struct vox_error *err)
{
	r->dead = 1;
	if (err->code == VOX_E_DATA)
		err->code = VOX_E_IO;
	return VOX_ERR;
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;

	if (r->dead)
		return vox_error_set(err, VOX_E_IO, "%s: reading stopped "
				     "after an earlier error", r->name);
	for (;;) {
		const struct vox_csv_row *row;
		int rc;

		vox_arena_reset(&r->arena);
		rc = vox_csv_next(r->csv, &row, err);
		if (rc == VOX_ERR && !r->have_header)
			return no_header(r, err);
		if (rc != VOX_OK)
			return rc;
		if (row->n == 1 && !row->f[0].s)
			continue;	/* a blank line */
		if (!r->have_header) {
			if (read_header(r, row, err) != VOX_OK)
				return no_header(r, err);
			continue;
		}
		if (fill_subject(r, row, err) != VOX_OK)
			return VOX_ERR;
		*rec = &r->rec;
		return VOX_OK;
	}
}

/* ---- rows from elsewhere (subscriber_rows.h) --------------------------- */

struct vox_subscriber_rows *vox_subscriber_rows_new(const char *format,
	const char *name, const struct vox_phone_plan *plan)
{
	struct reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->format = format;
	r->name = name;
	r->plan = plan;
	vox_arena_init(&r->arena);
	return (struct vox_subscriber_rows *)r;
}

void vox_subscriber_rows_free(struct vox_subscriber_rows *rows)
{
	close_reader(rows);
}

int vox_subscriber_rows_header(struct vox_subscriber_rows *rows,
			       const struct vox_csv_row *names,
			       struct vox_error *err)
{
	return read_header((struct reader *)rows, names, err);
}

int vox_subscriber_rows_fill(struct vox_subscriber_rows *rows,
			     const struct vox_csv_row *row,
			     const struct vox_record **rec,
			     struct vox_error *err)
{
	struct reader *r = (struct reader *)rows;

	vox_arena_reset(&r->arena);
	if (fill_subject(r, row, err) != VOX_OK)
		return VOX_ERR;
	*rec = &r->rec;
	return VOX_OK;
}

static const char *raw(void *state, size_t *len, int *whole)
{
	struct reader *r = state;

	if (!r->csv) {
		*len = 0;
		*whole = 1;
		return NULL;
	}
	return vox_csv_raw(r->csv, len, whole);
}

const struct vox_source vox_source_subscribers_csv = {
	.name = "subscribers-csv",
	.summary = "the provider's subscriber list (voxport's CSV layout)",
	.kinds = VOX_SUBJECT,
	.options = "",
	.bid = bid,
	.open = open_reader,
	.option = NULL,
	.next = next_record,
	.close = close_reader,
	.raw = raw,
};
