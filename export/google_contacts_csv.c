/* SPDX-License-Identifier: Apache-2.0 */
/*
 * google_contacts_csv.c: address books as Google Contacts exports them
 * ("Google CSV"), one contact a row, both layouts, mapped by header name
 * (case-insensitive, any order: Google writes only the groups some contact
 * uses, so the columns depend on the data).  See provider-formats.md 6.1.
 *
 * The current layout (2023+): First Name, Middle Name, Last Name,
 * Phonetic ..., Name Prefix, Name Suffix, Nickname, File As, Organization
 * Name, Organization Title, Organization Department, Birthday, Notes,
 * Photo, Labels, then numbered groups "E-mail N - Label", "E-mail N -
 * Value", "Phone N - ...", "Address N - Label, Formatted, Street, City, PO
 * Box, Region, Postal Code, Country, Extended Address", "Website N",
 * "Event N", "Relation N", "Custom Field N", "IM N" of any count.  The old
 * layout: Name, Given Name, Additional Name, Family Name, Yomi ..., Name
 * Prefix, Name Suffix, Initials, Nickname, ..., Birthday, Gender, ...,
 * Notes, Photo, Group Membership, then the same groups with "Type" for
 * "Label", and "Organization N - Type, Name, Yomi Name, Title,
 * Department, Symbol, Location, Job Description".  UTF-8 (a cell that is
 * not is read as Windows-1252), RFC 4180 quoting with line breaks inside
 * quoted cells, a byte order mark and a trailing empty column tolerated
 * (contact_csv.h).
 *
 *	First/Given Name, Middle/	given, additional, family, prefix,
 *	Additional Name, Last/Family	suffix
 *	Name, Name Prefix, Suffix
 *	File As, Name			full_name; without it, the name parts
 *					joined, else the organization
 *	Nickname			nicknames (" ::: " separates several)
 *	Organization Name, Title,	organization, title, units (old
 *	Department			layout: of Organization 1; its Job
 *					Description is the role)
 *	Birthday			birthday: 1990-03-12, or --03-12 without
 *					a year; anything else is kept as text
 *	Gender, Notes, Photo		gender (male M, female F, else as
 *					written), note, photo (a URI)
 *	Labels, Group Membership	categories, " ::: " between them; the
 *					"* " of Google's own groups (myContacts,
 *					starred) is not part of the name
 *	E-mail, Phone N - Value		emails, phones (raw as written, number
 *					normalised); " ::: " in a value gives
 *					several with the same label
 *	... N - Label (or Type)		"* " is pref 1; Home, Work, Other are
 *					contexts; Mobile, Main, Pager, Fax
 *					("Work Fax", "Home Fax") are a phone's
 *					features; any other label is kept
 *	Address N - ...			addresses (Formatted is full)
 *	Website N, IM N			links of kind "url", "impp" (IM's
 *					Service or Protocol is the label)
 *	Event N				the one labelled Anniversary is the
 *					anniversary; others go to extra
 *	Custom Field N			labelled Role, Gender: role, gender;
 *					others go to extra ("Custom Field -
 *					LABEL": value), as do relations
 * Every other non-empty column (Phonetic ..., Yomi ..., Initials,
 * Occupation, a group voxport does not know) goes to extra under its
 * header name.
 *
 * Errors: a header that names no column of either layout ends the stream;
 * a row with more or fewer fields than the header is a VOX_E_DATA error
 * (reading may go on with the next row).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contact_csv.h"
#include "record.h"
#include "timeconv.h"

#define FORMAT "google-contacts-csv"

enum field {
	F_NONE,		/* extra */
	F_GIVEN, F_ADDITIONAL, F_FAMILY, F_PREFIX, F_SUFFIX, F_FULL,
	F_NICKNAME, F_ORG, F_TITLE, F_UNIT, F_BIRTHDAY, F_GENDER, F_NOTES,
	F_PHOTO, F_LABELS,
	F_GROUP,	/* a column of a numbered group */
};

static const struct {
	const char *name;
	enum field f;
} fields[] = {
	{ "First Name", F_GIVEN },	{ "Given Name", F_GIVEN },
	{ "Middle Name", F_ADDITIONAL }, { "Additional Name", F_ADDITIONAL },
	{ "Last Name", F_FAMILY },	{ "Family Name", F_FAMILY },
	{ "Name Prefix", F_PREFIX },	{ "Name Suffix", F_SUFFIX },
	{ "File As", F_FULL },		{ "Name", F_FULL },
	{ "Nickname", F_NICKNAME },	{ "Organization Name", F_ORG },
	{ "Organization Title", F_TITLE },
	{ "Organization Department", F_UNIT },
	{ "Birthday", F_BIRTHDAY },	{ "Gender", F_GENDER },
	{ "Notes", F_NOTES },		{ "Photo", F_PHOTO },
	{ "Labels", F_LABELS },		{ "Group Membership", F_LABELS },
};

enum group { G_EMAIL, G_PHONE, G_ADDRESS, G_WEBSITE, G_IM, G_EVENT,
	     G_RELATION, G_CUSTOM, G_ORG, NGROUPS };

static const char *const group_names[NGROUPS] = {
	"E-mail", "Phone", "Address", "Website", "IM", "Event", "Relation",
	"Custom Field", "Organization",
};

/* The columns of a group, by the name after " - ". */
enum sub { S_LABEL, S_VALUE, S_FORMATTED, S_STREET, S_CITY, S_POBOX,
	   S_REGION, S_POSTCODE, S_COUNTRY, S_EXTENDED, S_SERVICE, S_NAME,
	   S_TITLE, S_DEPARTMENT, S_JOB, NSUBS };

static const struct {
	const char *name;
	enum sub s;
} subs[] = {
	{ "Label", S_LABEL },		{ "Type", S_LABEL },
	{ "Value", S_VALUE },		{ "Formatted", S_FORMATTED },
	{ "Street", S_STREET },		{ "City", S_CITY },
	{ "PO Box", S_POBOX },		{ "Region", S_REGION },
	{ "Postal Code", S_POSTCODE },	{ "Country", S_COUNTRY },
	{ "Extended Address", S_EXTENDED }, { "Service", S_SERVICE },
	{ "Protocol", S_SERVICE },	{ "Name", S_NAME },
	{ "Title", S_TITLE },		{ "Department", S_DEPARTMENT },
	{ "Job Description", S_JOB },
};

/* One numbered group of the header ("Phone 2"): its columns, or -1. */
struct instance {
	enum group g;
	unsigned long n;
	long col[NSUBS];
};

#define MAX_VALUES 64	/* " ::: " parts of one cell */

struct reader {
	struct vox_contact_csv c;
	enum field *f;		/* per column */
	struct instance *inst;
	size_t ninst;
};

static int bid(const unsigned char *buf, size_t len)
{
	static const char *const sig[] = {
		"Labels", "Group Membership", "E-mail 1 - Label",
		"E-mail 1 - Type", "Phone 1 - Label", "Phone 1 - Type",
		"Given Name", "Family Name", "Phonetic First Name",
		"Organization Name", "File As", NULL,
	};
	static const char *const common[] = {
		"First Name", "Middle Name", "Last Name", "Name Prefix",
		"Name Suffix", "Nickname", "Birthday", "Notes", "Photo",
		"E-mail 1 - Value", "Phone 1 - Value", "Additional Name",
		"Name", NULL,
	};
	int s = vox_contact_csv_bid_names(buf, len, sig);

	if (s < 2)
		return 0;
	return 4 * (s + vox_contact_csv_bid_names(buf, len, common));
}

/* "Phone 12 - Value": its group, number and column; 0 if not one. */
static int parse_group(const char *h, struct instance *out, enum sub *s)
{
	size_t g, k;

	for (g = 0; g < NGROUPS; g++) {
		size_t n = strlen(group_names[g]);
		const char *p = h + n;
		char *end;
		unsigned long num;

		if (strncasecmp(h, group_names[g], n) != 0 || *p != ' ' ||
		    p[1] < '1' || p[1] > '9')
			continue;
		num = strtoul(p + 1, &end, 10);
		if (strncmp(end, " - ", 3) != 0 || num > 100000)
			return 0;
		for (k = 0; k < sizeof(subs) / sizeof(subs[0]); k++)
			if (strcasecmp(end + 3, subs[k].name) == 0) {
				out->g = (enum group)g;
				out->n = num;
				*s = subs[k].s;
				return 1;
			}
		return 0;
	}
	return 0;
}

static int read_header(void *ctx, struct vox_error *err)
{
	struct reader *r = ctx;
	struct vox_contact_csv *c = &r->c;
	size_t i, k, known = 0;

	r->f = calloc(c->ncols, sizeof(*r->f));
	r->inst = calloc(c->ncols, sizeof(*r->inst));
	if (!r->f || !r->inst)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	for (i = 0; i < c->ncols; i++) {
		const char *h = c->header[i];
		struct instance in;
		enum sub s;

		r->f[i] = F_NONE;
		for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
			if (strcasecmp(h, fields[k].name) == 0)
				r->f[i] = fields[k].f;
		if (r->f[i] != F_NONE) {
			known++;
			continue;
		}
		if (!parse_group(h, &in, &s))
			continue;
		for (k = 0; k < r->ninst; k++)
			if (r->inst[k].g == in.g && r->inst[k].n == in.n)
				break;
		if (k == r->ninst) {
			memset(r->inst[k].col, -1, sizeof(r->inst[k].col));
			r->inst[k].g = in.g;
			r->inst[k].n = in.n;
			r->ninst++;
		}
		r->inst[k].col[s] = (long)i;
		r->f[i] = F_GROUP;
		known++;
	}
	if (known < 2)
		return vox_contact_csv_no_header(c, "not a Google Contacts "
			"CSV header (no First Name, Labels, E-mail 1 - Value "
			"...)", err);
	return VOX_OK;
}

static int oom(struct vox_error *err)
{
	return vox_error_set(err, VOX_E_NOMEM, "out of memory");
}

static const char *cell_of(const struct reader *r, const struct instance *in,
			   enum sub s)
{
	return in->col[s] < 0 ? NULL : r->c.cell[in->col[s]];
}

/* 1990-03-12, --03-12; else the text. */
static void read_date(const char *v, struct vox_date *d)
{
	int64_t days, y;
	unsigned m, dd;
	char buf[16];

	if (vox_time_parse_date(v, strlen(v), &days) == VOX_OK) {
		vox_civil_from_days(days, &y, &m, &dd);
		d->year = (int)y;
		d->month = (int)m;
		d->day = (int)dd;
		return;
	}
	/* 2000 is a leap year: --02-29 is a date. */
	if (strlen(v) == 7 && v[0] == '-' && v[1] == '-') {
		snprintf(buf, sizeof(buf), "2000-%s", v + 2);
		if (vox_time_parse_date(buf, 10, &days) == VOX_OK) {
			vox_civil_from_days(days, &y, &m, &dd);
			d->month = (int)m;
			d->day = (int)dd;
			return;
		}
	}
	d->text = v;
}

static int read_fixed(struct reader *r, size_t i, const char *v,
		      struct vox_error *err)
{
	struct vox_contact_csv *c = &r->c;
	struct vox_contact *ct = &c->rec.u.contact;
	const char *part[MAX_VALUES];
	size_t n, k;

	switch (r->f[i]) {
	case F_GIVEN: ct->given = v; break;
	case F_ADDITIONAL: ct->additional = v; break;
	case F_FAMILY: ct->family = v; break;
	case F_PREFIX: ct->prefix = v; break;
	case F_SUFFIX: ct->suffix = v; break;
	case F_FULL: ct->full_name = v; break;
	case F_ORG: ct->organization = v; break;
	case F_TITLE: ct->title = v; break;
	case F_GENDER:
		/* vCard's sex letter, as the other readers give it. */
		ct->gender = strcasecmp(v, "male") == 0 ? "M" :
			strcasecmp(v, "female") == 0 ? "F" : v;
		break;
	case F_NOTES: ct->note = v; break;
	case F_PHOTO: ct->photo = v; break;
	case F_BIRTHDAY: read_date(v, &ct->birthday); break;
	case F_UNIT:
		if (vox_strings_add(&c->arena, &ct->units, v) != VOX_OK)
			return oom(err);
		break;
	case F_NICKNAME:
	case F_LABELS:
		n = vox_contact_csv_split(c, v, " ::: ", part, MAX_VALUES);
		if (n == (size_t)-1)
			return oom(err);
		for (k = 0; k < n; k++) {
			const char *p = part[k];
			int st;

			if (r->f[i] == F_NICKNAME) {
				st = vox_strings_add(&c->arena, &ct->nicknames,
						     p);
			} else {
				/* "* myContacts": one of Google's groups. */
				if (p[0] == '*' && p[1] == ' ')
					p += 2;
				st = *p ? vox_contact_csv_category(c, p) :
					VOX_OK;
			}
			if (st != VOX_OK)
				return oom(err);
		}
		break;
	case F_NONE:
		if (vox_contact_csv_extra(c, c->header[i], v) != VOX_OK)
			return oom(err);
		break;
	case F_GROUP:
		break;
	}
	return VOX_OK;
}

static int read_phones(struct reader *r, const struct instance *in,
		       const char **part, size_t n, struct vox_error *err)
{
	const char *label = cell_of(r, in, S_LABEL);
	size_t k;

	for (k = 0; k < n; k++) {
		struct vox_phone *p = vox_contact_csv_phone(&r->c, part[k]);

		if (!p)
			return oom(err);
		vox_contact_csv_label(label, &p->contexts, &p->features,
				      &p->label, &p->pref);
	}
	return VOX_OK;
}

static int read_emails(struct reader *r, const struct instance *in,
		       const char **part, size_t n, struct vox_error *err)
{
	const char *label = cell_of(r, in, S_LABEL);
	size_t k;

	for (k = 0; k < n; k++) {
		struct vox_email *e = vox_contact_csv_email(&r->c, part[k]);

		if (!e)
			return oom(err);
		if (strncasecmp(part[k], "mailto:", 7) == 0)
			e->address = part[k] + 7;
		vox_contact_csv_label(label, &e->contexts, NULL, &e->label,
				      &e->pref);
	}
	return VOX_OK;
}

static int read_links(struct reader *r, const struct instance *in,
		      const char **part, size_t n, struct vox_error *err)
{
	const char *label = cell_of(r, in, S_LABEL);
	const char *service = cell_of(r, in, S_SERVICE);
	size_t k;
	int pref = 0;

	for (k = 0; k < n; k++) {
		struct vox_link *l = vox_contact_csv_link(&r->c, part[k]);

		if (!l)
			return oom(err);
		if (in->g == G_IM) {
			l->kind = "impp";
			l->label = service;
		}
		if (!l->label)
			vox_contact_csv_label(label, &l->contexts, NULL,
					      &l->label, &pref);
	}
	return VOX_OK;
}

static int read_address(struct reader *r, const struct instance *in,
			struct vox_error *err)
{
	static const enum sub parts[] = {
		S_FORMATTED, S_STREET, S_CITY, S_POBOX, S_REGION, S_POSTCODE,
		S_COUNTRY, S_EXTENDED,
	};
	struct vox_address *a;
	size_t k;

	for (k = 0; k < sizeof(parts) / sizeof(parts[0]); k++)
		if (cell_of(r, in, parts[k]))
			break;
	if (k == sizeof(parts) / sizeof(parts[0]))
		return VOX_OK;	/* only a label, or nothing */
	a = vox_contact_csv_address(&r->c);
	if (!a)
		return oom(err);
	a->full = cell_of(r, in, S_FORMATTED);
	a->street = cell_of(r, in, S_STREET);
	a->locality = cell_of(r, in, S_CITY);
	a->pobox = cell_of(r, in, S_POBOX);
	a->region = cell_of(r, in, S_REGION);
	a->postcode = cell_of(r, in, S_POSTCODE);
	a->country = cell_of(r, in, S_COUNTRY);
	a->extended = cell_of(r, in, S_EXTENDED);
	vox_contact_csv_label(cell_of(r, in, S_LABEL), &a->contexts, NULL,
			      &a->label, &a->pref);
	return VOX_OK;
}

/* Organization N of the old layout: the first one fills the record. */
static int read_org(struct reader *r, const struct instance *in,
		    struct vox_error *err)
{
	struct vox_contact_csv *c = &r->c;
	struct vox_contact *ct = &c->rec.u.contact;
	const char *dept = cell_of(r, in, S_DEPARTMENT);
	size_t k;

	if (ct->organization || ct->title) {
		for (k = 0; k < NSUBS; k++)
			if (in->col[k] >= 0 && c->cell[in->col[k]] &&
			    vox_contact_csv_extra(c, c->header[in->col[k]],
						  c->cell[in->col[k]]))
				return oom(err);
		return VOX_OK;
	}
	ct->organization = cell_of(r, in, S_NAME);
	ct->title = cell_of(r, in, S_TITLE);
	ct->role = cell_of(r, in, S_JOB);
	if (dept && vox_strings_add(&c->arena, &ct->units, dept) != VOX_OK)
		return oom(err);
	/* Yomi Name, Symbol, Location: no place in a contact. */
	for (k = 0; k < NSUBS; k++) {
		const char *v;

		if (k == S_NAME || k == S_TITLE || k == S_JOB ||
		    k == S_DEPARTMENT || k == S_LABEL || in->col[k] < 0)
			continue;
		v = c->cell[in->col[k]];
		if (v && vox_contact_csv_extra(c, c->header[in->col[k]], v))
			return oom(err);
	}
	return VOX_OK;
}

/* Event, Relation, Custom Field: a label and a value. */
static int read_labelled(struct reader *r, const struct instance *in,
			 const char *value, struct vox_error *err)
{
	struct vox_contact_csv *c = &r->c;
	struct vox_contact *ct = &c->rec.u.contact;
	const char *label = cell_of(r, in, S_LABEL);
	const char *key;

	if (label && label[0] == '*' && label[1] == ' ')
		label += 2;
	if (in->g == G_EVENT && label && !ct->anniversary.month &&
	    !ct->anniversary.text && strcasecmp(label, "Anniversary") == 0) {
		read_date(value, &ct->anniversary);
		return VOX_OK;
	}
	if (in->g == G_CUSTOM && label && !ct->role &&
	    strcasecmp(label, "Role") == 0) {
		ct->role = value;
		return VOX_OK;
	}
	if (in->g == G_CUSTOM && label && !ct->gender &&
	    strcasecmp(label, "Gender") == 0) {
		ct->gender = value;
		return VOX_OK;
	}
	key = vox_arena_printf(&c->arena, "%s - %s", group_names[in->g],
			       label ? label : "");
	if (!key || vox_contact_csv_extra(c, label ? key :
					  group_names[in->g], value))
		return oom(err);
	return VOX_OK;
}

static int read_groups(struct reader *r, struct vox_error *err)
{
	const char *part[MAX_VALUES];
	size_t i, n;

	for (i = 0; i < r->ninst; i++) {
		const struct instance *in = &r->inst[i];
		const char *value = cell_of(r, in, S_VALUE);
		int st = VOX_OK;

		if (in->g == G_ADDRESS) {
			st = read_address(r, in, err);
		} else if (in->g == G_ORG) {
			st = read_org(r, in, err);
		} else if (!value) {
			continue;
		} else if (in->g == G_EVENT || in->g == G_RELATION ||
			   in->g == G_CUSTOM) {
			st = read_labelled(r, in, value, err);
		} else {
			n = vox_contact_csv_split(&r->c, value, " ::: ", part,
						  MAX_VALUES);
			if (n == (size_t)-1)
				return oom(err);
			if (in->g == G_PHONE)
				st = read_phones(r, in, part, n, err);
			else if (in->g == G_EMAIL)
				st = read_emails(r, in, part, n, err);
			else
				st = read_links(r, in, part, n, err);
		}
		if (st != VOX_OK)
			return VOX_ERR;
	}
	return VOX_OK;
}

static int fill(void *ctx, struct vox_error *err)
{
	struct reader *r = ctx;
	struct vox_contact_csv *c = &r->c;
	size_t i;

	c->rec.u.contact.source.format = FORMAT;
	for (i = 0; i < c->ncols; i++)
		if (c->cell[i] && read_fixed(r, i, c->cell[i], err) != VOX_OK)
			return VOX_ERR;
	if (read_groups(r, err) != VOX_OK)
		return VOX_ERR;
	if (vox_contact_csv_finish(c) != VOX_OK)
		return oom(err);
	return VOX_OK;
}

static void *open_reader(const struct vox_source_args *args,
			 struct vox_error *err)
{
	struct reader *r = calloc(1, sizeof(*r));

	if (!r) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	if (vox_contact_csv_init(&r->c, args, err) != VOX_OK) {
		free(r);
		return NULL;
	}
	return r;
}

static void close_reader(void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	vox_contact_csv_release(&r->c);
	free(r->f);
	free(r->inst);
	free(r);
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;

	return vox_contact_csv_read(&r->c, read_header, fill, r, rec, err);
}

static const char *raw(void *state, size_t *len, int *whole)
{
	struct reader *r = state;

	return vox_csv_raw(r->c.csv, len, whole);
}

const struct vox_source vox_source_google_contacts_csv = {
	.name = FORMAT,
	.summary = "Google Contacts CSV address books (current and old "
		   "layouts)",
	.kinds = VOX_CONTACT,
	.options = "",
	.bid = bid,
	.open = open_reader,
	.option = NULL,
	.next = next_record,
	.close = close_reader,
	.raw = raw,
};
