/* SPDX-License-Identifier: Apache-2.0 */
/*
 * google_contacts_csv.c: the "google-contacts-csv" target: contacts as the
 * CSV that Google Contacts exports ("Google CSV", the layout since 2023)
 * and imports, UTF-8 without a BOM, CRLF, RFC 4180 quoting only where
 * needed, and no formula guard (src/csv_write.h: Google's importer would
 * keep a guard "'" as part of the value).
 *
 * Columns: 17 fixed ones, then numbered groups, each as many as the
 * contact with the most values needs (the header is written at close(),
 * so the rows wait in memory until then):
 *	First Name, Middle Name,	given, additional, family; a contact
 *	Last Name			without name parts has its full name in
 *					First Name (unless it is the
 *					organization's, which has its column)
 *	Phonetic ... Name		empty
 *	File As				full_name, when the name parts joined
 *					are not it
 *	Name Prefix, Name Suffix	prefix, suffix
 *	Nickname			the first nickname
 *	Organization Name, Title,	organization, title, the first unit
 *	Department
 *	Birthday			1990-03-12, or --03-12 without a year
 *	Notes, Photo			note, photo (its URI)
 *	Labels				categories, joined by " ::: "
 *	E-mail N - Label, Value		label: the free-text label, else Home,
 *					Work or Other; "* " before it for pref 1
 *	Phone N - Label, Value		Mobile, Main, Pager, Work Fax, Home Fax,
 *					Work, Home, Other, or the free-text
 *					label; the value is the number as E.164
 *					where it was normalised, else as given
 *	Address N - Label, Formatted,	the address's label, full, street,
 *	Street, City, PO Box, Region,	locality, pobox, region, postcode,
 *	Postal Code, Country,		country, extended
 *	Extended Address
 *	Website N - Label, Value	links (url, impp and social alike)
 *	Event N - Label, Value		the anniversary, "Anniversary"
 *	Custom Field N - Label, Value	role ("Role") and gender ("Gender")
 * A phone's features other than the one its label says (voice, text,
 * video, textphone; both mobile and work) have no place in one label.
 * Lost (losses()): kind, voice (phones.features.voice), nicknames after
 * the first, units after the first, a text birthday, the uid, the
 * revision, kept vCard properties.  A value holding " ::: " is split
 * there by Google's importer; a birthday of a year, a month or a day
 * alone is not written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_write.h"
#include "vcard_write.h"
#include "voxport/target.h"

enum { FIXED = 17 };

static const char *const fixed[FIXED] = {
	"First Name", "Middle Name", "Last Name", "Phonetic First Name",
	"Phonetic Middle Name", "Phonetic Last Name", "Name Prefix",
	"Name Suffix", "Nickname", "File As", "Organization Name",
	"Organization Title", "Organization Department", "Birthday", "Notes",
	"Photo", "Labels",
};

/* The numbered groups, in header order, and their columns. */
enum { G_EMAIL, G_PHONE, G_ADDRESS, G_WEBSITE, G_EVENT, G_CUSTOM, NGROUPS };

static const struct group {
	const char *name;	/* "E-mail": "E-mail 1 - Label" */
	unsigned ncols;
	const char *cols[9];
} groups[NGROUPS] = {
	{ "E-mail", 2, { "Label", "Value" } },
	{ "Phone", 2, { "Label", "Value" } },
	{ "Address", 9, { "Label", "Formatted", "Street", "City", "PO Box",
			  "Region", "Postal Code", "Country",
			  "Extended Address" } },
	{ "Website", 2, { "Label", "Value" } },
	{ "Event", 2, { "Label", "Value" } },
	{ "Custom Field", 2, { "Label", "Value" } },
};

/* One contact's cells, all malloc'd (NULL: empty). */
struct row {
	char *fixed[FIXED];
	char **cells[NGROUPS];	/* n[g] * groups[g].ncols of them */
	size_t n[NGROUPS];
};

struct google_target {
	const struct vox_target_args *args;
	char file[128];
	struct row *rows;
	size_t nrows, cap;
	size_t max[NGROUPS];	/* the most values any contact has */
};

static const struct vox_loss losses_tab[] = {
	{ .kind = VOX_CONTACT, .field = "phones.raw", .keep = 0,
	  .why = "a number is written as E.164, not as spelled" },
	{ .kind = VOX_CONTACT, .field = "kind", .keep = 0,
	  .why = "Google Contacts CSV has no contact kind" },
	{ .kind = VOX_CONTACT, .field = "phones.features.voice", .keep = 0,
	  .why = "a Google phone label names one kind (Mobile, Work Fax ...)" },
	{ .kind = VOX_CONTACT, .field = "nicknames", .keep = 1,
	  .why = "Google Contacts CSV has one Nickname column" },
	{ .kind = VOX_CONTACT, .field = "units", .keep = 1,
	  .why = "Google Contacts CSV has one Organization Department column" },
	{ .kind = VOX_CONTACT, .field = "birthday.text", .keep = 0,
	  .why = "Google Contacts CSV Birthday is a date" },
	{ .kind = VOX_CONTACT, .field = "uid", .keep = 0,
	  .why = "Google Contacts CSV has no id column" },
	{ .kind = VOX_CONTACT, .field = "revision", .keep = 0,
	  .why = "Google Contacts CSV has no revision column" },
	{ .kind = VOX_CONTACT, .field = "props", .keep = 0,
	  .why = "Google Contacts CSV has no place for other vCard properties" },
	{ .field = NULL },
};

static char *dup_or_null(const char *s, int *oom)
{
	char *d;

	if (!s || !*s)
		return NULL;
	d = strdup(s);
	if (!d)
		*oom = 1;
	return d;
}

static void row_free(struct row *r)
{
	size_t g, i;

	for (i = 0; i < FIXED; i++)
		free(r->fixed[i]);
	for (g = 0; g < NGROUPS; g++) {
		for (i = 0; i < r->n[g] * groups[g].ncols; i++)
			free(r->cells[g][i]);
		free(r->cells[g]);
	}
}

/* Room for n values of group g, the cells NULL. */
static int row_alloc(struct row *r, unsigned g, size_t n)
{
	r->n[g] = n;
	if (!n)
		return VOX_OK;
	r->cells[g] = calloc(n * groups[g].ncols, sizeof(char *));
	return r->cells[g] ? VOX_OK : VOX_ERR;
}

static void set(struct row *r, unsigned g, size_t k, unsigned col,
		const char *s, int *oom)
{
	r->cells[g][k * groups[g].ncols + col] = dup_or_null(s, oom);
}

/* "* Work" for a preferred value, "Work" otherwise. */
static void set_label(struct row *r, unsigned g, size_t k, const char *label,
		      int pref, int *oom)
{
	char buf[256];

	if (pref != 1 || !label) {
		set(r, g, k, 0, label, oom);
		return;
	}
	snprintf(buf, sizeof(buf), "* %s", label);
	set(r, g, k, 0, buf, oom);
}

static const char *context_label(unsigned contexts)
{
	if (contexts & VOX_CTX_WORK)
		return "Work";
	if (contexts & VOX_CTX_HOME)
		return "Home";
	if (contexts & VOX_CTX_OTHER)
		return "Other";
	return NULL;
}

static const char *phone_label(const struct vox_phone *p)
{
	if (p->label && *p->label)
		return p->label;
	if (p->features & VOX_TEL_FAX)
		return p->contexts & VOX_CTX_WORK ? "Work Fax" : "Home Fax";
	if (p->features & VOX_TEL_PAGER)
		return "Pager";
	if (p->features & VOX_TEL_MOBILE)
		return "Mobile";
	if (p->features & VOX_TEL_MAIN)
		return "Main";
	return context_label(p->contexts);
}

/* 1990-03-12, --03-12; NULL for what Google's Birthday cannot say. */
static const char *date_text(const struct vox_date *d, char buf[16])
{
	int m = d->month >= 1 && d->month <= 12;
	int dd = d->day >= 1 && d->day <= 31;

	if (!m || !dd)
		return NULL;
	if (d->year > 0 && d->year <= 9999)
		snprintf(buf, 16, "%04d-%02d-%02d", d->year, d->month, d->day);
	else
		snprintf(buf, 16, "--%02d-%02d", d->month, d->day);
	return buf;
}

/* The strings of s joined by sep, malloc'd; NULL when s is empty. */
static char *join(const struct vox_strings *s, const char *sep, int *oom)
{
	size_t i, len = 0;
	char *out, *o;

	if (!s->n)
		return NULL;
	for (i = 0; i < s->n; i++)
		len += strlen(s->v[i]) + strlen(sep);
	out = malloc(len + 1);
	if (!out) {
		*oom = 1;
		return NULL;
	}
	o = out;
	for (i = 0; i < s->n; i++) {
		size_t n = strlen(s->v[i]);

		if (i) {
			memcpy(o, sep, strlen(sep));
			o += strlen(sep);
		}
		memcpy(o, s->v[i], n);
		o += n;
	}
	*o = '\0';
	return out;
}

static int has_name_parts(const struct vox_contact *c)
{
	return c->given || c->additional || c->family || c->prefix ||
		c->suffix;
}

/*
 * File As: the full name when the name parts do not say it ("Siobhán Ní
 * Bhriain 🎻"), so that it is not lost; NULL when they do.
 */
static char *file_as(const struct vox_contact *c, int *oom)
{
	char joined[512];
	size_t n;

	if (!c->full_name || !has_name_parts(c))
		return NULL;
	n = vox_contact_n_join(c, joined, sizeof(joined));
	if (n < sizeof(joined) && strcmp(joined, c->full_name) == 0)
		return NULL;
	return dup_or_null(c->full_name, oom);
}

static void fill_fixed(struct row *r, const struct vox_contact *c, int *oom)
{
	char date[16];

	r->fixed[0] = dup_or_null(c->given, oom);
	if (!has_name_parts(c) && c->full_name &&
	    (!c->organization || strcmp(c->full_name, c->organization) != 0))
		r->fixed[0] = dup_or_null(c->full_name, oom);
	r->fixed[9] = file_as(c, oom);
	r->fixed[1] = dup_or_null(c->additional, oom);
	r->fixed[2] = dup_or_null(c->family, oom);
	r->fixed[6] = dup_or_null(c->prefix, oom);
	r->fixed[7] = dup_or_null(c->suffix, oom);
	if (c->nicknames.n)
		r->fixed[8] = dup_or_null(c->nicknames.v[0], oom);
	r->fixed[10] = dup_or_null(c->organization, oom);
	r->fixed[11] = dup_or_null(c->title, oom);
	if (c->units.n)
		r->fixed[12] = dup_or_null(c->units.v[0], oom);
	r->fixed[13] = dup_or_null(date_text(&c->birthday, date), oom);
	r->fixed[14] = dup_or_null(c->note, oom);
	r->fixed[15] = dup_or_null(c->photo, oom);
	r->fixed[16] = join(&c->categories, " ::: ", oom);
}

static int fill(struct row *r, const struct vox_contact *c)
{
	char date[16];
	size_t i, k;
	int oom = 0;

	fill_fixed(r, c, &oom);
	if (row_alloc(r, G_EMAIL, c->nemails) ||
	    row_alloc(r, G_PHONE, c->nphones) ||
	    row_alloc(r, G_ADDRESS, c->naddresses) ||
	    row_alloc(r, G_WEBSITE, c->nlinks) ||
	    row_alloc(r, G_EVENT, date_text(&c->anniversary, date) ? 1 : 0) ||
	    row_alloc(r, G_CUSTOM, (c->role ? 1 : 0) + (c->gender ? 1 : 0)))
		return VOX_ERR;
	for (i = 0; i < c->nemails; i++) {
		const struct vox_email *e = &c->emails[i];

		set_label(r, G_EMAIL, i, e->label && *e->label ? e->label :
			  context_label(e->contexts), e->pref, &oom);
		set(r, G_EMAIL, i, 1, e->address, &oom);
	}
	for (i = 0; i < c->nphones; i++) {
		const struct vox_phone *p = &c->phones[i];

		set_label(r, G_PHONE, i, phone_label(p), p->pref, &oom);
		set(r, G_PHONE, i, 1, p->number ? p->number : p->raw, &oom);
	}
	for (i = 0; i < c->naddresses; i++) {
		const struct vox_address *a = &c->addresses[i];
		const char *v[9] = {
			NULL, a->full, a->street, a->locality, a->pobox,
			a->region, a->postcode, a->country, a->extended,
		};

		set_label(r, G_ADDRESS, i, a->label && *a->label ? a->label :
			  context_label(a->contexts), a->pref, &oom);
		for (k = 1; k < 9; k++)
			set(r, G_ADDRESS, i, (unsigned)k, v[k], &oom);
	}
	for (i = 0; i < c->nlinks; i++) {
		const struct vox_link *l = &c->links[i];

		set(r, G_WEBSITE, i, 0, l->label && *l->label ? l->label :
		    context_label(l->contexts), &oom);
		set(r, G_WEBSITE, i, 1, l->uri, &oom);
	}
	if (r->n[G_EVENT]) {
		set(r, G_EVENT, 0, 0, "Anniversary", &oom);
		set(r, G_EVENT, 0, 1, date_text(&c->anniversary, date), &oom);
	}
	k = 0;
	if (c->role) {
		set(r, G_CUSTOM, k, 0, "Role", &oom);
		set(r, G_CUSTOM, k++, 1, c->role, &oom);
	}
	if (c->gender) {
		set(r, G_CUSTOM, k, 0, "Gender", &oom);
		set(r, G_CUSTOM, k, 1, c->gender, &oom);
	}
	return oom ? VOX_ERR : VOX_OK;
}

static void *open_target(const struct vox_target_args *args,
			 struct vox_error *err)
{
	struct google_target *t = calloc(1, sizeof(*t));

	if (!t) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	t->args = args;
	memcpy(t->file, "contacts.csv", sizeof("contacts.csv"));
	return t;
}

static int option(void *state, const char *key, const char *value,
		  struct vox_error *err)
{
	struct google_target *t = state;

	if (strcmp(key, "file") == 0) {
		/* create() checks the name itself. */
		if (!*value || strlen(value) >= sizeof(t->file))
			return vox_error_set(err, VOX_E_USAGE,
					     "file \"%.40s\": not a file "
					     "name",
					     value);
		memcpy(t->file, value, strlen(value) + 1);
		return VOX_OK;
	}
	return vox_error_set(err, VOX_E_USAGE, "no option \"%.40s\"",
			     key);
}

static const struct vox_loss *losses(const void *state)
{
	(void)state;
	return losses_tab;
}

static int write_record(void *state, const struct vox_record *rec,
			struct vox_error *err)
{
	struct google_target *t = state;
	struct row *r;
	size_t g;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct row *p = realloc(t->rows, cap * sizeof(*p));

		if (!p)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		t->rows = p;
		t->cap = cap;
	}
	r = &t->rows[t->nrows];
	memset(r, 0, sizeof(*r));
	if (fill(r, &rec->u.contact) != VOX_OK) {
		row_free(r);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	t->nrows++;
	for (g = 0; g < NGROUPS; g++)
		if (r->n[g] > t->max[g])
			t->max[g] = r->n[g];
	return VOX_OK;
}

/* Cells of one file: the last one of each row ends it. */
struct out {
	FILE *f;
	size_t col, ncols;
	int st;
};

static void put(struct out *o, const char *s)
{
	int last = ++o->col == o->ncols;

	if (last)
		o->col = 0;
	if (vox_csv_put_plain(o->f, s, last ? VOX_CSV_LAST : 0) != VOX_OK)
		o->st = VOX_ERR;
}

static void put_header(const struct google_target *t, struct out *o)
{
	size_t i, g, k, c;

	for (i = 0; i < FIXED; i++)
		put(o, fixed[i]);
	for (g = 0; g < NGROUPS; g++)
		for (k = 0; k < t->max[g]; k++)
			for (c = 0; c < groups[g].ncols; c++) {
				char name[64];

				snprintf(name, sizeof(name), "%s %zu - %s",
					 groups[g].name, k + 1,
					 groups[g].cols[c]);
				put(o, name);
			}
}

static void put_row(const struct google_target *t, const struct row *r,
		    struct out *o)
{
	size_t i, g, k;

	for (i = 0; i < FIXED; i++)
		put(o, r->fixed[i]);
	for (g = 0; g < NGROUPS; g++)
		for (k = 0; k < t->max[g] * groups[g].ncols; k++)
			put(o, k < r->n[g] * groups[g].ncols ?
			    r->cells[g][k] : NULL);
}

static void free_target(struct google_target *t)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		row_free(&t->rows[i]);
	free(t->rows);
	free(t);
}

static int close_target(void *state, int commit, struct vox_error *err)
{
	struct google_target *t = state;
	struct out o = { NULL, 0, FIXED, VOX_OK };
	size_t g, i;
	int st = VOX_OK;

	if (!t)
		return VOX_OK;
	if (!commit) {
		free_target(t);
		return VOX_OK;
	}
	for (g = 0; g < NGROUPS; g++)
		o.ncols += t->max[g] * groups[g].ncols;
	o.f = t->args->create(t->args->ctx, t->file, err);
	if (!o.f) {
		free_target(t);
		return VOX_ERR;
	}
	put_header(t, &o);
	for (i = 0; i < t->nrows && o.st == VOX_OK; i++)
		put_row(t, &t->rows[i], &o);
	if (o.st != VOX_OK)
		st = vox_error_errno(err, VOX_E_IO, t->file);
	if (fclose(o.f) != 0 && st == VOX_OK)
		st = vox_error_errno(err, VOX_E_IO, t->file);
	free_target(t);
	return st;
}

const struct vox_target vox_target_google_contacts_csv = {
	.name = "google-contacts-csv",
	.summary = "Google Contacts CSV (the export and import layout)",
	.kinds = VOX_CONTACT,
	.options = "file=NAME (contacts.csv)",
	.open = open_target,
	.option = option,
	.losses = losses,
	.write = write_record,
	.close = close_target,
};
