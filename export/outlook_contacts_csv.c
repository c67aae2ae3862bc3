/* SPDX-License-Identifier: Apache-2.0 */
/*
 * outlook_contacts_csv.c: address books as Outlook writes them in CSV, one
 * contact a row, mapped by header name (case-insensitive, any order), so
 * that both layouts read: Outlook for Windows' own export ("Comma
 * Separated Values", 92 columns, every cell quoted, Windows-1252) and the
 * minimal one Google and Outlook.com export as "Outlook CSV" (61 columns,
 * quoted where needed, UTF-8).  See provider-formats.md 6.2.  A cell that
 * is not valid UTF-8 is read as Windows-1252 (src/text.h, as
 * subscribers-csv), so a file of either encoding, or one with a UTF-8
 * byte order mark, reads; UTF-16 (Outlook's "Unicode" save) is refused
 * with a message (contact_csv.h).  Line breaks inside cells (CRLF as
 * Windows writes them) become LF.
 *
 *	Title, First Name, Middle	prefix, given, additional, family,
 *	Name, Last Name, Suffix		suffix; full_name is the name parts
 *					joined (Outlook CSV has no full name),
 *					else the company
 *	Nickname			nicknames (61-column layout)
 *	Company, Department, Job	organization, units, title, role
 *	Title, Profession
 *	Business, Home, Other Street	addresses with contexts work, home and
 *	[2, 3], City, State, Postal	none ("Other" is Outlook's catch-all);
 *	Code, Country/Region, ...	streets 2 and 3 are further lines of
 *	Address PO Box			the street (joined by LF)
 *	E-mail [2, 3] Address		emails; Type SMTP and a Display Name
 *					holding the address are Outlook's
 *					defaults, dropped
 *	phone columns			phones (raw as written, number
 *					normalised): Mobile Phone mobile;
 *					Business, Home Phone [2] work, home;
 *					Business, Home, Other Fax fax (work,
 *					home); Pager pager; Company Main Phone
 *					main; TTY/TDD Phone textphone; Primary
 *					Phone pref 1; Other Phone none; Car
 *					Phone, ISDN, Callback, Radio Phone,
 *					Telex, Assistant's Phone the label
 *					"car", "isdn", "callback", "radio",
 *					"telex", "assistant"
 *	Birthday, Anniversary		M/D/YYYY (also D.M.YYYY and
 *					YYYY-MM-DD); 0/0/00 is none; anything
 *					else is kept as text
 *	Gender				Male M, Female F, Unspecified none
 *	Notes, Categories		note; categories, split at ';'
 *	Web Page, Personal Web Page	links of kind "url" (the personal one
 *					home), IMAddress a link of kind "impp"
 * Outlook's defaults are dropped: Priority and Sensitivity Normal, Private
 * False.  Every other non-empty column (Spouse, Children, Initials, User
 * 1 ..., Yomi names) goes to extra under its header name.  German
 * Outlook's headers for the main columns (Vorname, Nachname, Firma,
 * Telefon geschäftlich, Mobiltelefon, E-Mail-Adresse, Geburtstag ...)
 * are read as their English ones (from memory of German exports).
 *
 * Errors: a header that names fewer than two Outlook columns ends the
 * stream; a row with more or fewer fields than the header is a VOX_E_DATA
 * error (reading may go on with the next row).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contact_csv.h"
#include "record.h"
#include "timeconv.h"

#define FORMAT "outlook-contacts-csv"

enum kind {
	K_EXTRA,
	K_PREFIX, K_GIVEN, K_ADDITIONAL, K_FAMILY, K_SUFFIX, K_NICKNAME,
	K_COMPANY, K_UNIT, K_JOB_TITLE, K_PROFESSION,
	K_STREET,	/* arg: slot, line (0-2) in sub */
	K_CITY, K_STATE, K_POSTCODE, K_COUNTRY, K_POBOX,	/* arg: slot */
	K_PHONE,	/* arg: index in phone_cols */
	K_EMAIL, K_EMAIL_TYPE, K_EMAIL_NAME,	/* arg: 0-2 */
	K_BIRTHDAY, K_ANNIVERSARY, K_GENDER, K_NOTES, K_CATEGORIES,
	K_WEB, K_WEB_HOME, K_IM,
	K_DEFAULT,	/* dropped when it is Outlook's default value */
};

/* The three address slots and their contexts. */
static const unsigned slot_ctx[3] = { VOX_CTX_WORK, VOX_CTX_HOME, 0 };

/* The phone columns, in the order a contact's phones are listed. */
static const struct {
	const char *name;
	unsigned features, contexts;
	const char *label;
	int pref;
} phone_cols[] = {
	{ "Primary Phone", 0, 0, NULL, 1 },
	{ "Mobile Phone", VOX_TEL_MOBILE, 0, NULL, 0 },
	{ "Business Phone", 0, VOX_CTX_WORK, NULL, 0 },
	{ "Business Phone 2", 0, VOX_CTX_WORK, NULL, 0 },
	{ "Home Phone", 0, VOX_CTX_HOME, NULL, 0 },
	{ "Home Phone 2", 0, VOX_CTX_HOME, NULL, 0 },
	{ "Company Main Phone", VOX_TEL_MAIN, 0, NULL, 0 },
	{ "Business Fax", VOX_TEL_FAX, VOX_CTX_WORK, NULL, 0 },
	{ "Home Fax", VOX_TEL_FAX, VOX_CTX_HOME, NULL, 0 },
	{ "Other Fax", VOX_TEL_FAX, 0, NULL, 0 },
	{ "Pager", VOX_TEL_PAGER, 0, NULL, 0 },
	{ "TTY/TDD Phone", VOX_TEL_TEXTPHONE, 0, NULL, 0 },
	{ "Car Phone", 0, 0, "car", 0 },
	{ "ISDN", 0, 0, "isdn", 0 },
	{ "Callback", 0, 0, "callback", 0 },
	{ "Radio Phone", 0, 0, "radio", 0 },
	{ "Telex", 0, 0, "telex", 0 },
	{ "Assistant's Phone", 0, 0, "assistant", 0 },
	{ "Other Phone", 0, 0, NULL, 0 },
};
#define NPHONES (sizeof(phone_cols) / sizeof(phone_cols[0]))

struct column {
	const char *name;
	enum kind kind;
	int arg, sub;
	const char *dflt;	/* K_DEFAULT: the value that says nothing */
};

#define ADDR(prefix, slot) \
	{ prefix " Street", K_STREET, slot, 0, NULL }, \
	{ prefix " Street 2", K_STREET, slot, 1, NULL }, \
	{ prefix " Street 3", K_STREET, slot, 2, NULL }, \
	{ prefix " City", K_CITY, slot, 0, NULL }, \
	{ prefix " State", K_STATE, slot, 0, NULL }, \
	{ prefix " Postal Code", K_POSTCODE, slot, 0, NULL }, \
	{ prefix " Country/Region", K_COUNTRY, slot, 0, NULL }, \
	{ prefix " Country", K_COUNTRY, slot, 0, NULL }, \
	{ prefix " Address PO Box", K_POBOX, slot, 0, NULL }

static const struct column columns[] = {
	{ "Title", K_PREFIX, 0, 0, NULL },
	{ "First Name", K_GIVEN, 0, 0, NULL },
	{ "Middle Name", K_ADDITIONAL, 0, 0, NULL },
	{ "Last Name", K_FAMILY, 0, 0, NULL },
	{ "Suffix", K_SUFFIX, 0, 0, NULL },
	{ "Nickname", K_NICKNAME, 0, 0, NULL },
	{ "Company", K_COMPANY, 0, 0, NULL },
	{ "Department", K_UNIT, 0, 0, NULL },
	{ "Job Title", K_JOB_TITLE, 0, 0, NULL },
	{ "Profession", K_PROFESSION, 0, 0, NULL },
	ADDR("Business", 0), ADDR("Home", 1), ADDR("Other", 2),
	{ "E-mail Address", K_EMAIL, 0, 0, NULL },
	{ "E-mail Type", K_EMAIL_TYPE, 0, 0, NULL },
	{ "E-mail Display Name", K_EMAIL_NAME, 0, 0, NULL },
	{ "E-mail 2 Address", K_EMAIL, 1, 0, NULL },
	{ "E-mail 2 Type", K_EMAIL_TYPE, 1, 0, NULL },
	{ "E-mail 2 Display Name", K_EMAIL_NAME, 1, 0, NULL },
	{ "E-mail 3 Address", K_EMAIL, 2, 0, NULL },
	{ "E-mail 3 Type", K_EMAIL_TYPE, 2, 0, NULL },
	{ "E-mail 3 Display Name", K_EMAIL_NAME, 2, 0, NULL },
	{ "Birthday", K_BIRTHDAY, 0, 0, NULL },
	{ "Anniversary", K_ANNIVERSARY, 0, 0, NULL },
	{ "Gender", K_GENDER, 0, 0, NULL },
	{ "Notes", K_NOTES, 0, 0, NULL },
	{ "Categories", K_CATEGORIES, 0, 0, NULL },
	{ "Web Page", K_WEB, 0, 0, NULL },
	{ "Personal Web Page", K_WEB_HOME, 0, 0, NULL },
	{ "IMAddress", K_IM, 0, 0, NULL },
	{ "Priority", K_DEFAULT, 0, 0, "Normal" },
	{ "Sensitivity", K_DEFAULT, 0, 0, "Normal" },
	{ "Private", K_DEFAULT, 0, 0, "False" },
	/* German Outlook (from memory of its exports; the main columns). */
	{ "Anrede", K_PREFIX, 0, 0, NULL },
	{ "Vorname", K_GIVEN, 0, 0, NULL },
	{ "Weitere Vornamen", K_ADDITIONAL, 0, 0, NULL },
	{ "Nachname", K_FAMILY, 0, 0, NULL },
	{ "Firma", K_COMPANY, 0, 0, NULL },
	{ "Abteilung", K_UNIT, 0, 0, NULL },
	{ "Position", K_JOB_TITLE, 0, 0, NULL },
	{ "E-Mail-Adresse", K_EMAIL, 0, 0, NULL },
	{ "E-Mail-Typ", K_EMAIL_TYPE, 0, 0, NULL },
	{ "E-Mail 2: Adresse", K_EMAIL, 1, 0, NULL },
	{ "E-Mail 3: Adresse", K_EMAIL, 2, 0, NULL },
	{ "Geburtstag", K_BIRTHDAY, 0, 0, NULL },
	{ "Jahrestag", K_ANNIVERSARY, 0, 0, NULL },
	{ "Notizen", K_NOTES, 0, 0, NULL },
	{ "Kategorien", K_CATEGORIES, 0, 0, NULL },
	{ "Webseite", K_WEB, 0, 0, NULL },
	{ "Priorität", K_DEFAULT, 0, 0, "Normal" },
	{ "Vertraulichkeit", K_DEFAULT, 0, 0, "Normal" },
	{ "Privat", K_DEFAULT, 0, 0, "Aus" },
};

/* German names of phone columns, as phone_cols[]'s English ones. */
static const struct {
	const char *name, *english;
} phone_aliases[] = {
	{ "Mobiltelefon", "Mobile Phone" },
	{ "Telefon geschäftlich", "Business Phone" },
	{ "Telefon geschäftlich 2", "Business Phone 2" },
	{ "Telefon privat", "Home Phone" },
	{ "Telefon privat 2", "Home Phone 2" },
	{ "Fax geschäftlich", "Business Fax" },
	{ "Fax privat", "Home Fax" },
	{ "Weiteres Fax", "Other Fax" },
	{ "Weiteres Telefon", "Other Phone" },
	{ "Haupttelefon", "Primary Phone" },
	{ "Autotelefon", "Car Phone" },
};

struct slot {
	const char *line[3];
	const char *city, *state, *postcode, *country, *pobox;
};

struct reader {
	struct vox_contact_csv c;
	const struct column **col;	/* per column, NULL: extra */
	long phone[NPHONES];		/* the column of each, or -1 */
	/* this row */
	struct slot slots[3];
	const char *email[3], *email_type[3], *email_name[3];
};

static int bid(const unsigned char *buf, size_t len)
{
	static const char *const sig[] = {
		"E-mail Address", "E-mail 2 Address", "Business Phone",
		"Mobile Phone", "Home Phone", "Business Street", "Home Street",
		"Job Title", "Company", "Business Fax", "Other Phone",
		"Primary Phone", "Web Page", "Personal Web Page",
		"Business City", "Home City", "Given Yomi",
		"Vorname", "Nachname", "Firma", "Mobiltelefon",
		"E-Mail-Adresse", NULL,
	};
	static const char *const common[] = {
		"First Name", "Middle Name", "Last Name", "Title", "Suffix",
		"Nickname", "Notes", "Birthday", "Categories", "Department",
		NULL,
	};
	int s = vox_contact_csv_bid_names(buf, len, sig);

	if (s < 2)
		return 0;
	return 4 * (s + vox_contact_csv_bid_names(buf, len, common));
}

static int oom(struct vox_error *err)
{
	return vox_error_set(err, VOX_E_NOMEM, "out of memory");
}

static int read_header(void *ctx, struct vox_error *err)
{
	struct reader *r = ctx;
	struct vox_contact_csv *c = &r->c;
	size_t i, k, known = 0;

	r->col = calloc(c->ncols, sizeof(*r->col));
	if (!r->col)
		return oom(err);
	for (k = 0; k < NPHONES; k++)
		r->phone[k] = -1;
	for (i = 0; i < c->ncols; i++) {
		const char *h = c->header[i];

		for (k = 0; k < sizeof(columns) / sizeof(columns[0]); k++)
			if (strcasecmp(h, columns[k].name) == 0)
				r->col[i] = &columns[k];
		for (k = 0; k < sizeof(phone_aliases) /
		     sizeof(phone_aliases[0]); k++)
			if (strcasecmp(h, phone_aliases[k].name) == 0)
				h = phone_aliases[k].english;
		for (k = 0; k < NPHONES; k++)
			if (strcasecmp(h, phone_cols[k].name) == 0 &&
			    r->phone[k] < 0)
				r->phone[k] = (long)i;
		known += r->col[i] != NULL || strcmp(h, c->header[i]) != 0;
		for (k = 0; k < NPHONES; k++)
			known += r->phone[k] == (long)i;
	}
	if (known < 2)
		return vox_contact_csv_no_header(c, "not an Outlook contacts "
			"CSV header (no First Name, E-mail Address, Business "
			"Phone ...)", err);
	return VOX_OK;
}

/* M/D/YYYY, D.M.YYYY, YYYY-MM-DD; 0/0/00 is none; else the text. */
static void read_date(const char *v, struct vox_date *d)
{
	int64_t days, y;
	unsigned m, dd;
	unsigned a, b, year;
	char buf[16], sep, tail;

	if (strcmp(v, "0/0/00") == 0 || strcmp(v, "0.0.00") == 0)
		return;
	if (sscanf(v, "%u%c%u%*c%u%c", &a, &sep, &b, &year, &tail) == 4 &&
	    (sep == '/' || sep == '.') && year >= 1 && year <= 9999 &&
	    a <= 99 && b <= 99) {
		unsigned mon = sep == '/' ? a : b, day = sep == '/' ? b : a;

		snprintf(buf, sizeof(buf), "%04u-%02u-%02u", year, mon, day);
		/* Four digits of year: 3/12/90 is not the year 90. */
		if (strchr(v, sep) != strrchr(v, sep) &&
		    strlen(strrchr(v, sep) + 1) == 4 &&
		    vox_time_parse_date(buf, 10, &days) == VOX_OK)
			goto date;
	}
	if (vox_time_parse_date(v, strlen(v), &days) == VOX_OK)
		goto date;
	d->text = v;
	return;
date:
	vox_civil_from_days(days, &y, &m, &dd);
	d->year = (int)y;
	d->month = (int)m;
	d->day = (int)dd;
}

static int read_cell(struct reader *r, size_t i, const char *v,
		     struct vox_error *err)
{
	struct vox_contact_csv *c = &r->c;
	struct vox_contact *ct = &c->rec.u.contact;
	const struct column *col = r->col[i];
	struct slot *s = col ? &r->slots[col->arg % 3] : NULL;
	struct vox_link *l;
	const char *part[256];
	size_t n, k;

	if (!col) {
		for (k = 0; k < NPHONES; k++)
			if (r->phone[k] == (long)i)
				return VOX_OK;	/* read_phones() */
		return vox_contact_csv_extra(c, c->header[i], v) ? oom(err) :
			VOX_OK;
	}
	switch (col->kind) {
	case K_PREFIX: ct->prefix = v; break;
	case K_GIVEN: ct->given = v; break;
	case K_ADDITIONAL: ct->additional = v; break;
	case K_FAMILY: ct->family = v; break;
	case K_SUFFIX: ct->suffix = v; break;
	case K_COMPANY: ct->organization = v; break;
	case K_JOB_TITLE: ct->title = v; break;
	case K_PROFESSION: ct->role = v; break;
	case K_NOTES: ct->note = v; break;
	case K_STREET: s->line[col->sub] = v; break;
	case K_CITY: s->city = v; break;
	case K_STATE: s->state = v; break;
	case K_POSTCODE: s->postcode = v; break;
	case K_COUNTRY: s->country = v; break;
	case K_POBOX: s->pobox = v; break;
	case K_EMAIL: r->email[col->arg] = v; break;
	case K_EMAIL_TYPE: r->email_type[col->arg] = v; break;
	case K_EMAIL_NAME: r->email_name[col->arg] = v; break;
	case K_BIRTHDAY: read_date(v, &ct->birthday); break;
	case K_ANNIVERSARY: read_date(v, &ct->anniversary); break;
	case K_PHONE: break;
	case K_NICKNAME:
		if (vox_strings_add(&c->arena, &ct->nicknames, v) != VOX_OK)
			return oom(err);
		break;
	case K_UNIT:
		if (vox_strings_add(&c->arena, &ct->units, v) != VOX_OK)
			return oom(err);
		break;
	case K_GENDER:
		if (strcasecmp(v, "Male") == 0 || strcasecmp(v, "Männlich") == 0)
			ct->gender = "M";
		else if (strcasecmp(v, "Female") == 0 ||
			 strcasecmp(v, "Weiblich") == 0)
			ct->gender = "F";
		else if (strcasecmp(v, "Unspecified") != 0 &&
			 strcasecmp(v, "Nicht angegeben") != 0)
			ct->gender = v;
		break;
	case K_CATEGORIES:
		n = vox_contact_csv_split(c, v, ";", part, 256);
		if (n == (size_t)-1)
			return oom(err);
		for (k = 0; k < n; k++)
			if (vox_contact_csv_category(c, part[k]) != VOX_OK)
				return oom(err);
		break;
	case K_WEB:
	case K_WEB_HOME:
	case K_IM:
		l = vox_contact_csv_link(c, v);
		if (!l)
			return oom(err);
		if (col->kind == K_WEB_HOME)
			l->contexts = VOX_CTX_HOME;
		if (col->kind == K_IM)
			l->kind = "impp";
		break;
	case K_DEFAULT:
		if (strcasecmp(v, col->dflt) != 0 &&
		    vox_contact_csv_extra(c, c->header[i], v) != VOX_OK)
			return oom(err);
		break;
	case K_EXTRA:
		if (vox_contact_csv_extra(c, c->header[i], v) != VOX_OK)
			return oom(err);
		break;
	}
	return VOX_OK;
}

static int read_phones(struct reader *r, struct vox_error *err)
{
	size_t k;

	for (k = 0; k < NPHONES; k++) {
		const char *v = r->phone[k] < 0 ? NULL :
			r->c.cell[r->phone[k]];
		struct vox_phone *p;

		if (!v)
			continue;
		p = vox_contact_csv_phone(&r->c, v);
		if (!p)
			return oom(err);
		p->features = phone_cols[k].features;
		p->contexts = phone_cols[k].contexts;
		p->label = phone_cols[k].label;
		p->pref = phone_cols[k].pref;
	}
	return VOX_OK;
}

static int read_emails(struct reader *r, struct vox_error *err)
{
	struct vox_contact_csv *c = &r->c;
	size_t k;

	for (k = 0; k < 3; k++) {
		const char *t = r->email_type[k], *name = r->email_name[k];

		if (r->email[k] && !vox_contact_csv_email(c, r->email[k]))
			return oom(err);
		/* Outlook's own: SMTP, and "Name (address)" or the address. */
		if (t && strcasecmp(t, "SMTP") != 0 &&
		    vox_contact_csv_extra(c, k ? (k == 1 ? "E-mail 2 Type" :
				"E-mail 3 Type") : "E-mail Type", t))
			return oom(err);
		if (name && (!r->email[k] || !strstr(name, r->email[k])) &&
		    vox_contact_csv_extra(c, k ? (k == 1 ?
				"E-mail 2 Display Name" :
				"E-mail 3 Display Name") :
				"E-mail Display Name", name))
			return oom(err);
	}
	return VOX_OK;
}

static int read_addresses(struct reader *r, struct vox_error *err)
{
	struct vox_contact_csv *c = &r->c;
	size_t k;

	for (k = 0; k < 3; k++) {
		const struct slot *s = &r->slots[k];
		struct vox_address *a;

		if (!s->line[0] && !s->line[1] && !s->line[2] && !s->city &&
		    !s->state && !s->postcode && !s->country && !s->pobox)
			continue;
		a = vox_contact_csv_address(c);
		if (!a)
			return oom(err);
		a->street = vox_arena_printf(&c->arena, "%s%s%s%s%s",
			s->line[0] ? s->line[0] : "",
			s->line[0] && s->line[1] ? "\n" : "",
			s->line[1] ? s->line[1] : "",
			(s->line[0] || s->line[1]) && s->line[2] ? "\n" : "",
			s->line[2] ? s->line[2] : "");
		if (!a->street)
			return oom(err);
		if (!*a->street)
			a->street = NULL;
		a->locality = s->city;
		a->region = s->state;
		a->postcode = s->postcode;
		a->country = s->country;
		a->pobox = s->pobox;
		a->contexts = slot_ctx[k];
	}
	return VOX_OK;
}

static int fill(void *ctx, struct vox_error *err)
{
	struct reader *r = ctx;
	struct vox_contact_csv *c = &r->c;
	size_t i;

	memset(r->slots, 0, sizeof(r->slots));
	memset(r->email, 0, sizeof(r->email));
	memset(r->email_type, 0, sizeof(r->email_type));
	memset(r->email_name, 0, sizeof(r->email_name));
	c->rec.u.contact.source.format = FORMAT;
	for (i = 0; i < c->ncols; i++)
		if (c->cell[i] && read_cell(r, i, c->cell[i], err) != VOX_OK)
			return VOX_ERR;
	if (read_phones(r, err) != VOX_OK || read_emails(r, err) != VOX_OK ||
	    read_addresses(r, err) != VOX_OK)
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
	free(r->col);
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

const struct vox_source vox_source_outlook_contacts_csv = {
	.name = FORMAT,
	.summary = "Outlook contacts CSV (92-column and 61-column layouts, "
		   "Windows-1252 or UTF-8)",
	.kinds = VOX_CONTACT,
	.options = "",
	.bid = bid,
	.open = open_reader,
	.option = NULL,
	.next = next_record,
	.close = close_reader,
	.raw = raw,
};
