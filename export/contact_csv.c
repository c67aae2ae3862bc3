/* SPDX-License-Identifier: Apache-2.0 */
/*
 * contact_csv.c: the plumbing of the address-book CSV readers (see
 * contact_csv.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contact_csv.h"
#include "phone.h"
#include "record.h"
#include "text.h"
#include "vcard_write.h"

/* Address books have a few hundred columns at most (Google's groups). */
#define MAX_COLUMNS 2048

/*
 * 1 when in starts with a UTF-16 byte order mark (Outlook's "Unicode"
 * save).  A text CSV never starts with 0xFE or 0xFF, so that byte is
 * not put back when the next one is not the mark's: the header is then
 * refused anyway.
 */
static int utf16_bom(FILE *in)
{
	int a = getc(in), b;

	if (a != 0xFF && a != 0xFE) {
		if (a != EOF)
			ungetc(a, in);
		return 0;
	}
	b = getc(in);
	if (b != EOF)
		ungetc(b, in);
	return 1;
}

int vox_contact_csv_init(struct vox_contact_csv *c,
			 const struct vox_source_args *args,
			 struct vox_error *err)
{
	memset(c, 0, sizeof(*c));
	/*
	 * Strict: Google, Outlook and spreadsheets quote by RFC 4180, and a
	 * relaxed parser would read a file cut inside a quoted cell as a
	 * short row.
	 */
	c->csv = vox_csv_new(args->in, args->name, VOX_CSV_STRICT);
	if (!c->csv)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	c->name = args->name;
	c->plan = args->plan;
	c->utf16 = utf16_bom(args->in);
	vox_arena_init(&c->arena);
	return VOX_OK;
}

void vox_contact_csv_release(struct vox_contact_csv *c)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		free(c->header[i]);
	free(c->header);
	free(c->cell);
	vox_csv_free(c->csv);
	vox_arena_release(&c->arena);
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

/* Line breaks in a cell as LF: Windows writes CRLF, old Macs CR. */
static char *unix_lines(char *s)
{
	char *o = s, *p;

	for (p = s; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		*o++ = *p == '\r' ? '\n' : *p;
	}
	*o = '\0';
	return s;
}

/* Stop: later calls fail with a code no caller skips (it would loop). */
int vox_contact_csv_stop(struct vox_contact_csv *c, struct vox_error *err)
{
	c->dead = 1;
	if (err->code == VOX_E_DATA)
		err->code = VOX_E_IO;
	return VOX_ERR;
}

int vox_contact_csv_read(struct vox_contact_csv *c, vox_contact_csv_fn *header,
			 vox_contact_csv_fn *fill, void *ctx,
			 const struct vox_record **rec,
			 struct vox_error *err)
{
	for (;;) {
		int is_header, rc = vox_contact_csv_next(c, &is_header, err);

		if (rc != VOX_OK)
			return rc;
		if (is_header) {
			if (header(ctx, err) != VOX_OK)
				return vox_contact_csv_stop(c, err);
			continue;
		}
		if (fill(ctx, err) != VOX_OK)
			return VOX_ERR;
		*rec = &c->rec;
		return VOX_OK;
	}
}

int vox_contact_csv_no_header(struct vox_contact_csv *c, const char *what,
			      struct vox_error *err)
{
	vox_error_set(err, VOX_E_DATA, "%s:%llu: %s", c->name,
		      (unsigned long long)c->line, what);
	return vox_contact_csv_stop(c, err);
}

int vox_contact_csv_bad(struct vox_contact_csv *c, const char *column,
			const char *what, const char *value,
			struct vox_error *err)
{
	return vox_error_set(err, VOX_E_DATA, "%s:%llu: %s: %s \"%.80s\"",
			     c->name, (unsigned long long)c->line, column,
			     what, value);
}

static int read_header(struct vox_contact_csv *c, const struct vox_csv_row *row,
		       struct vox_error *err)
{
	size_t i, n = row->n;

	if (n > MAX_COLUMNS) {
		vox_error_set(err, VOX_E_LIMIT, "%s:%llu: more than %d columns",
			      c->name, (unsigned long long)row->line,
			      MAX_COLUMNS);
		return vox_contact_csv_stop(c, err);
	}
	for (i = 0; i < n; i++)
		if (row->f[i].s && memchr(row->f[i].s, '\0', row->f[i].len))
			return vox_contact_csv_no_header(c, "a NUL byte in the "
				"header: UTF-16 or binary, not CSV text "
				"(save it as CSV in UTF-8 or Windows-1252)",
				err);
	c->header = calloc(n, sizeof(*c->header));
	c->cell = calloc(n, sizeof(*c->cell));
	if (!c->header || !c->cell) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return vox_contact_csv_stop(c, err);
	}
	for (i = 0; i < n; i++) {
		const char *h = row->f[i].s ? row->f[i].s : "";
		char *u = vox_text_utf8(&c->arena, h, row->f[i].len, NULL);

		c->header[i] = u ? strdup(trim(u)) : NULL;
		if (!c->header[i]) {
			vox_error_set(err, VOX_E_NOMEM, "out of memory");
			return vox_contact_csv_stop(c, err);
		}
		c->ncols = i + 1;
	}
	c->have_header = 1;
	return VOX_OK;
}

static int read_cells(struct vox_contact_csv *c, const struct vox_csv_row *row,
		      struct vox_error *err)
{
	size_t i, n = row->n;

	/* A trailing empty column, in the header or in the rows alone. */
	if (n == c->ncols + 1 && !row->f[n - 1].s)
		n--;
	if (n + 1 == c->ncols && !*c->header[n])
		c->cell[n] = NULL;
	else if (n != c->ncols)
		return vox_error_set(err, VOX_E_DATA,
				     "%s:%llu: %zu fields, the header has %zu",
				     c->name, (unsigned long long)row->line,
				     row->n, c->ncols);
	for (i = 0; i < n; i++) {
		char *v = NULL;

		if (row->f[i].s) {
			v = vox_text_utf8(&c->arena, row->f[i].s,
					  row->f[i].len, NULL);
			if (!v)
				return vox_error_set(err, VOX_E_NOMEM,
						     "out of memory");
			v = trim(unix_lines(v));
		}
		c->cell[i] = v && *v ? v : NULL;
	}
	return VOX_OK;
}

int vox_contact_csv_next(struct vox_contact_csv *c, int *is_header,
			 struct vox_error *err)
{
	struct vox_contact *ct = &c->rec.u.contact;

	if (c->dead)
		return vox_error_set(err, VOX_E_IO, "%s: reading stopped "
				     "after an earlier error", c->name);
	*is_header = 0;
	if (c->utf16 && !c->have_header) {
		c->line = 1;
		return vox_contact_csv_no_header(c, "UTF-16 text, not UTF-8 "
			"or Windows-1252 (save it as CSV in UTF-8)", err);
	}
	for (;;) {
		const struct vox_csv_row *row;
		int rc;

		vox_arena_reset(&c->arena);
		rc = vox_csv_next(c->csv, &row, err);
		if (rc == VOX_ERR && !c->have_header)
			return vox_contact_csv_stop(c, err);
		if (rc != VOX_OK)
			return rc;
		if (row->n == 1 && !row->f[0].s)
			continue;	/* a blank line */
		c->line = row->line;
		if (!c->have_header) {
			*is_header = 1;
			return read_header(c, row, err);
		}
		vox_contact_init(ct);
		c->rec.kind = VOX_CONTACT;
		ct->source.file = c->name;
		ct->source.line = row->line;
		return read_cells(c, row, err);
	}
}

/* ---- labels -------------------------------------------------------------- */

void vox_contact_csv_label(const char *text, unsigned *contexts,
			   unsigned *features, const char **label, int *pref)
{
	static const struct {
		const char *word;
		unsigned ctx, feat;
	} known[] = {
		{ "home", VOX_CTX_HOME, 0 },	{ "personal", VOX_CTX_HOME, 0 },
		{ "work", VOX_CTX_WORK, 0 },	{ "business", VOX_CTX_WORK, 0 },
		{ "other", VOX_CTX_OTHER, 0 },	{ "mobile", 0, VOX_TEL_MOBILE },
		{ "cell", 0, VOX_TEL_MOBILE },	{ "fax", 0, VOX_TEL_FAX },
		{ "pager", 0, VOX_TEL_PAGER },	{ "main", 0, VOX_TEL_MAIN },
		{ "voice", 0, VOX_TEL_VOICE },	{ "text", 0, VOX_TEL_TEXT },
		{ "video", 0, VOX_TEL_VIDEO },
	};
	unsigned ctx = 0, feat = 0;
	const char *p;

	if (!text)
		return;
	if (text[0] == '*' && (text[1] == ' ' || !text[1])) {
		*pref = 1;
		text++;
		while (*text == ' ')
			text++;
	}
	if (!*text)
		return;
	for (p = text; *p;) {
		size_t n = strcspn(p, " "), i;

		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strlen(known[i].word) == n &&
			    strncasecmp(p, known[i].word, n) == 0 &&
			    (features || !known[i].feat))
				break;
		if (i == sizeof(known) / sizeof(known[0])) {
			*label = text;	/* free text, whole */
			return;
		}
		ctx |= known[i].ctx;
		feat |= known[i].feat;
		p += n;
		while (*p == ' ')
			p++;
	}
	*contexts |= ctx;
	if (features)
		*features |= feat;
}

/* ---- appending ------------------------------------------------------------ */

struct vox_phone *vox_contact_csv_phone(struct vox_contact_csv *c,
					const char *raw)
{
	struct vox_contact *ct = &c->rec.u.contact;
	struct vox_phone *p = vox_arena_push(&c->arena, &ct->phones,
					     &ct->nphones, &ct->capphones,
					     sizeof(*p));
	char out[64];

	if (!p)
		return NULL;
	p->raw = raw;
	vox_phone_normalise(c->plan, raw, strlen(raw), out, sizeof(out));
	p->number = vox_arena_strdup(&c->arena, out);
	return p->number ? p : NULL;
}

struct vox_email *vox_contact_csv_email(struct vox_contact_csv *c,
					const char *address)
{
	struct vox_contact *ct = &c->rec.u.contact;
	struct vox_email *e = vox_arena_push(&c->arena, &ct->emails,
					     &ct->nemails, &ct->capemails,
					     sizeof(*e));

	if (e)
		e->address = address;
	return e;
}

struct vox_address *vox_contact_csv_address(struct vox_contact_csv *c)
{
	struct vox_contact *ct = &c->rec.u.contact;

	return vox_arena_push(&c->arena, &ct->addresses, &ct->naddresses,
			      &ct->capaddresses, sizeof(struct vox_address));
}

struct vox_link *vox_contact_csv_link(struct vox_contact_csv *c,
				      const char *uri)
{
	struct vox_contact *ct = &c->rec.u.contact;
	struct vox_link *l = vox_arena_push(&c->arena, &ct->links,
					    &ct->nlinks, &ct->caplinks,
					    sizeof(*l));

	if (l) {
		l->uri = uri;
		l->kind = "url";
	}
	return l;
}

int vox_contact_csv_category(struct vox_contact_csv *c, const char *name)
{
	struct vox_strings *s = &c->rec.u.contact.categories;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return VOX_OK;	/* keywords are a set */
	return vox_strings_add(&c->arena, s, name);
}

int vox_contact_csv_extra(struct vox_contact_csv *c, const char *key,
			  const char *value)
{
	return vox_extra_add(&c->arena, &c->rec.u.contact.extra, key, value);
}

size_t vox_contact_csv_split(struct vox_contact_csv *c, const char *cell,
			     const char *sep, const char **out, size_t max)
{
	size_t n = 0, seplen = strlen(sep);
	char *copy, *p;

	if (!cell)
		return 0;
	copy = vox_arena_strdup(&c->arena, cell);
	if (!copy)
		return (size_t)-1;
	for (p = copy; p && n < max;) {
		char *at = strstr(p, sep), *t;

		if (at)
			*at = '\0';
		t = trim(p);
		if (*t)
			out[n++] = t;
		p = at ? at + seplen : NULL;
	}
	return n;
}

int vox_contact_csv_finish(struct vox_contact_csv *c)
{
	struct vox_contact *ct = &c->rec.u.contact;
	size_t n;
	char *fn;

	if (ct->full_name)
		return VOX_OK;
	n = vox_contact_n_join(ct, NULL, 0);
	if (!n) {
		ct->full_name = ct->organization;
		return VOX_OK;
	}
	fn = vox_arena_alloc(&c->arena, n + 1);
	if (!fn)
		return VOX_ERR;
	vox_contact_n_join(ct, fn, n + 1);
	ct->full_name = fn;
	return VOX_OK;
}

/* ---- bidding ------------------------------------------------------------ */

int vox_contact_csv_bid_names(const unsigned char *buf, size_t len,
			      const char *const *names)
{
	size_t i = 0, k;
	int hits = 0;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && buf[i] != '\n' && buf[i] != '\r') {
		char field[64];
		size_t n = 0;

		while (i < len && buf[i] != ',' && buf[i] != '\n' &&
		       buf[i] != '\r') {
			if (buf[i] != '"' && n < sizeof(field) - 1)
				field[n++] = (char)buf[i];
			i++;
		}
		field[n] = '\0';
		for (k = 0; names[k]; k++)
			if (strcasecmp(trim(field), names[k]) == 0) {
				hits++;
				break;
			}
		if (i < len && buf[i] == ',')
			i++;
	}
	return hits;
}
