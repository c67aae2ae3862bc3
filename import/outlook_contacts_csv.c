/* SPDX-License-Identifier: Apache-2.0 */
/*
 * outlook_contacts_csv.c: the "outlook-contacts-csv" target: contacts as
 * the CSV that Outlook for Windows exports ("Comma Separated Values") and
 * imports: its 92 columns in its order, every cell quoted as Outlook
 * quotes them, CRLF, no formula guard (src/csv_write.h: Outlook's
 * importer would keep a guard "'" as part of the value).  Outlook maps
 * columns by their (English) header names.
 *
 * Options: encoding=windows-1252 (the default: what Outlook writes and
 * what its importer reads a file without a BOM as) or utf-8 (written with
 * a UTF-8 BOM, by which Windows programs tell UTF-8 from the ANSI code
 * page); file=NAME (default contacts.csv).  In windows-1252, a contact
 * with a character that code page has no place for is not written at
 * all: write() fails with VOX_E_DATA naming the column, the caller counts
 * it as not written and says so; encoding=utf-8 writes it.  Nothing is
 * replaced by '?' behind the user's back.
 *
 * Mapping (columns not named here are empty; Outlook's own defaults:
 * dates 0/0/00, Gender Unspecified, Priority and Sensitivity Normal,
 * Private False):
 *	Title, First Name, Middle	prefix, given, additional, family,
 *	Name, Last Name, Suffix		suffix; a contact without name parts
 *					has its full name in First Name (unless
 *					it is the organization's)
 *	Company, Department, Job Title	organization, the first unit, title
 *	Profession			role
 *	Business, Home, Other ...	three addresses: work, home, other (or
 *	Street, City, State, Postal	none) by context; one whose column is
 *	Code, Country/Region, ...	taken goes to a free one, Other first;
 *	Address PO Box			street lines 2 and 3 in Street 2, 3;
 *					extended in Street 2 when free
 *	E-mail [2, 3] Address, Type	the first three e-mails, type SMTP
 *	phones				by features and context, into one of:
 *					Business Fax, Home Fax, Other Fax,
 *					Pager, Mobile Phone, TTY/TDD Phone,
 *					Company Main Phone, Car Phone (label
 *					"car"), ISDN (label "isdn"), Business
 *					Phone [2], Home Phone [2], Other Phone;
 *					when that column is taken, the second
 *					of its kind, then Other Phone
 *	Birthday, Anniversary		M/D/YYYY (Outlook needs the year)
 *	Gender				Male (M), Female (F), else Unspecified
 *	Notes, Categories		note (line breaks as CRLF, as Windows
 *					writes them); categories joined by ";"
 *	Web Page			the first link
 * Lost (losses()): kind, a full name other than the name parts joined
 * (full_name.other), voice (phones.features.voice), the preference of
 * phones, e-mails and addresses, the e-mails' contexts, the link's label,
 * nicknames, units after the first, e-mails after
 * the third and the e-mails' labels, phones that find no free column,
 * the phones' free-text labels, links after the first, a birthday or
 * anniversary without a year or that is text, photo, uid, revision, kept
 * vCard properties.  A category with a ';' becomes two; an
 * address that moves to a free column changes its context; a gender other
 * than M or F is Unspecified.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv_write.h"
#include "voxport/target.h"

/* Outlook's columns, in its order. */
enum col {
	C_TITLE, C_FIRST, C_MIDDLE, C_LAST, C_SUFFIX, C_COMPANY, C_DEPARTMENT,
	C_JOB_TITLE,
	C_BUS_STREET, C_BUS_STREET2, C_BUS_STREET3, C_BUS_CITY, C_BUS_STATE,
	C_BUS_POSTCODE, C_BUS_COUNTRY,
	C_HOME_STREET, C_HOME_STREET2, C_HOME_STREET3, C_HOME_CITY,
	C_HOME_STATE, C_HOME_POSTCODE, C_HOME_COUNTRY,
	C_OTHER_STREET, C_OTHER_STREET2, C_OTHER_STREET3, C_OTHER_CITY,
	C_OTHER_STATE, C_OTHER_POSTCODE, C_OTHER_COUNTRY,
	C_ASSISTANT_PHONE, C_BUS_FAX, C_BUS_PHONE, C_BUS_PHONE2, C_CALLBACK,
	C_CAR_PHONE, C_MAIN_PHONE, C_HOME_FAX, C_HOME_PHONE, C_HOME_PHONE2,
	C_ISDN, C_MOBILE, C_OTHER_FAX, C_OTHER_PHONE, C_PAGER, C_PRIMARY_PHONE,
	C_RADIO_PHONE, C_TTY, C_TELEX,
	C_ACCOUNT, C_ANNIVERSARY, C_ASSISTANT, C_BILLING, C_BIRTHDAY,
	C_BUS_POBOX, C_CATEGORIES, C_CHILDREN, C_DIRECTORY, C_EMAIL,
	C_EMAIL_TYPE, C_EMAIL_NAME, C_EMAIL2, C_EMAIL2_TYPE, C_EMAIL2_NAME,
	C_EMAIL3, C_EMAIL3_TYPE, C_EMAIL3_NAME, C_GENDER, C_GOV_ID, C_HOBBY,
	C_HOME_POBOX, C_INITIALS, C_FREE_BUSY, C_KEYWORDS, C_LANGUAGE,
	C_LOCATION, C_MANAGER, C_MILEAGE, C_NOTES, C_OFFICE, C_ORG_ID,
	C_OTHER_POBOX, C_PRIORITY, C_PRIVATE, C_PROFESSION, C_REFERRED_BY,
	C_SENSITIVITY, C_SPOUSE, C_USER1, C_USER2, C_USER3, C_USER4,
	C_WEB_PAGE,
	NCOLS
};

static const char *const header[NCOLS] = {
	"Title", "First Name", "Middle Name", "Last Name", "Suffix",
	"Company", "Department", "Job Title",
	"Business Street", "Business Street 2", "Business Street 3",
	"Business City", "Business State", "Business Postal Code",
	"Business Country/Region",
	"Home Street", "Home Street 2", "Home Street 3", "Home City",
	"Home State", "Home Postal Code", "Home Country/Region",
	"Other Street", "Other Street 2", "Other Street 3", "Other City",
	"Other State", "Other Postal Code", "Other Country/Region",
	"Assistant's Phone", "Business Fax", "Business Phone",
	"Business Phone 2", "Callback", "Car Phone", "Company Main Phone",
	"Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone",
	"Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone",
	"TTY/TDD Phone", "Telex",
	"Account", "Anniversary", "Assistant's Name", "Billing Information",
	"Birthday", "Business Address PO Box", "Categories", "Children",
	"Directory Server", "E-mail Address", "E-mail Type",
	"E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type",
	"E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type",
	"E-mail 3 Display Name", "Gender", "Government ID Number", "Hobby",
	"Home Address PO Box", "Initials", "Internet Free Busy", "Keywords",
	"Language", "Location", "Manager's Name", "Mileage", "Notes",
	"Office Location", "Organizational ID Number", "Other Address PO Box",
	"Priority", "Private", "Profession", "Referred By", "Sensitivity",
	"Spouse", "User 1", "User 2", "User 3", "User 4", "Web Page",
};

/* The three address slots: first column (Street) and PO Box column. */
static const struct {
	enum col street, pobox;
	unsigned context;
} slots[3] = {
	{ C_BUS_STREET, C_BUS_POBOX, VOX_CTX_WORK },
	{ C_HOME_STREET, C_HOME_POBOX, VOX_CTX_HOME },
	{ C_OTHER_STREET, C_OTHER_POBOX, VOX_CTX_OTHER },
};

struct outlook_target {
	const struct vox_target_args *args;
	char file[128];
	int cp1252;
	FILE *out;
	iconv_t cd;		/* UTF-8 to WINDOWS-1252, or (iconv_t)-1 */
	char *conv;		/* iconv's output */
	size_t convcap;
	char *nl;		/* a cell with CRLF line breaks */
	size_t nlcap;
};

static const struct vox_loss losses_tab[] = {
	{ .kind = VOX_CONTACT, .field = "phones.raw", .keep = 0,
	  .why = "a number is written as E.164, not as spelled" },
	{ .kind = VOX_CONTACT, .field = "kind", .keep = 0,
	  .why = "Outlook CSV has no contact kind" },
	{ .kind = VOX_CONTACT, .field = "nicknames", .keep = 0,
	  .why = "Outlook CSV has no nickname column" },
	{ .kind = VOX_CONTACT, .field = "units", .keep = 1,
	  .why = "Outlook CSV has one Department column" },
	{ .kind = VOX_CONTACT, .field = "emails", .keep = 3,
	  .why = "Outlook CSV has three e-mail columns" },
	{ .kind = VOX_CONTACT, .field = "emails.label", .keep = 0,
	  .why = "Outlook CSV e-mail columns have no label" },
	{ .kind = VOX_CONTACT, .field = "phones", .keep = 2,
	  .why = "Outlook CSV has one or two phone columns of each type, "
		 "and Other Phone" },
	{ .kind = VOX_CONTACT, .field = "phones.label", .keep = 0,
	  .why = "Outlook CSV phone columns have fixed names" },
	{ .kind = VOX_CONTACT, .field = "addresses", .keep = 3,
	  .why = "Outlook CSV has three addresses: Business, Home, Other" },
	{ .kind = VOX_CONTACT, .field = "links", .keep = 1,
	  .why = "Outlook CSV has one Web Page column" },
	{ .kind = VOX_CONTACT, .field = "birthday.no_year", .keep = 0,
	  .why = "Outlook CSV Birthday is a date with a year" },
	{ .kind = VOX_CONTACT, .field = "birthday.text", .keep = 0,
	  .why = "Outlook CSV Birthday is a date" },
	{ .kind = VOX_CONTACT, .field = "anniversary.no_year", .keep = 0,
	  .why = "Outlook CSV Anniversary is a date with a year" },
	{ .kind = VOX_CONTACT, .field = "anniversary.text", .keep = 0,
	  .why = "Outlook CSV Anniversary is a date" },
	{ .kind = VOX_CONTACT, .field = "photo", .keep = 0,
	  .why = "Outlook CSV has no photo column" },
	{ .kind = VOX_CONTACT, .field = "uid", .keep = 0,
	  .why = "Outlook CSV has no id column" },
	{ .kind = VOX_CONTACT, .field = "revision", .keep = 0,
	  .why = "Outlook CSV has no revision column" },
	{ .kind = VOX_CONTACT, .field = "props", .keep = 0,
	  .why = "Outlook CSV has no place for other vCard properties" },
	{ .kind = VOX_CONTACT, .field = "full_name.other", .keep = 0,
	  .why = "Outlook CSV has no full name: it is the name parts joined" },
	{ .kind = VOX_CONTACT, .field = "phones.features.voice", .keep = 0,
	  .why = "an Outlook phone column names one kind" },
	{ .kind = VOX_CONTACT, .field = "phones.pref", .keep = 0,
	  .why = "Outlook CSV phone columns have no preference" },
	{ .kind = VOX_CONTACT, .field = "emails.contexts", .keep = 0,
	  .why = "Outlook CSV e-mail columns have no home or work" },
	{ .kind = VOX_CONTACT, .field = "emails.pref", .keep = 0,
	  .why = "Outlook CSV e-mail columns have no preference" },
	{ .kind = VOX_CONTACT, .field = "addresses.pref", .keep = 0,
	  .why = "Outlook CSV addresses have no preference" },
	{ .kind = VOX_CONTACT, .field = "links.label", .keep = 0,
	  .why = "Outlook CSV Web Page has no label" },
	{ .field = NULL },
};

/* ---- one row ------------------------------------------------------------ */

struct row {
	const char *cell[NCOLS];	/* borrowed from the contact or static */
	char *own[16];			/* what this row allocated */
	size_t nown;
	char dates[2][16];
};

/* M/D/YYYY, Outlook's form; NULL without a full date. */
static const char *date_text(const struct vox_date *d, char buf[16])
{
	if (d->year < 1 || d->year > 9999 || d->month < 1 || d->month > 12 ||
	    d->day < 1 || d->day > 31)
		return NULL;
	snprintf(buf, 16, "%d/%d/%04d", d->month, d->day, d->year);
	return buf;
}

/* The first n bytes of s, owned by the row; NULL when out of memory. */
static const char *own(struct row *r, const char *s, size_t n)
{
	char *d;

	if (r->nown == sizeof(r->own) / sizeof(r->own[0]))
		return NULL;
	d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	r->own[r->nown++] = d;
	return d;
}

/* One address into slot s: street lines 1 to 3 (line breaks split them). */
static int put_address(struct row *r, unsigned s, const struct vox_address *a)
{
	enum col c = slots[s].street;
	const char *st = a->street;
	unsigned line = 0;

	while (st && *st && line < 3) {
		size_t n = strcspn(st, "\n");

		/* The third line takes the rest. */
		if (line == 2)
			n = strlen(st);
		r->cell[c + line] = own(r, st, n);
		if (!r->cell[c + line])
			return VOX_ERR;
		st += n;
		if (*st == '\n')
			st++;
		line++;
	}
	if (a->extended && line < 3)
		r->cell[c + (line ? line : 1)] = a->extended;
	r->cell[c + 3] = a->locality;
	r->cell[c + 4] = a->region;
	r->cell[c + 5] = a->postcode;
	r->cell[c + 6] = a->country;
	r->cell[slots[s].pobox] = a->pobox;
	return VOX_OK;
}

static int addresses(struct row *r, const struct vox_contact *c)
{
	int used[3] = { 0, 0, 0 };
	static const unsigned spare[3] = { 2, 1, 0 };	/* Other first */
	size_t i;

	for (i = 0; i < c->naddresses; i++) {
		const struct vox_address *a = &c->addresses[i];
		unsigned s = 3, k;

		for (k = 0; k < 3 && s == 3; k++)
			if ((a->contexts & slots[k].context) && !used[k])
				s = k;
		if (s == 3 && !a->contexts && !used[2])
			s = 2;
		for (k = 0; k < 3 && s == 3; k++)
			if (!used[spare[k]])
				s = spare[k];
		if (s == 3)
			break;		/* the fourth: losses() */
		used[s] = 1;
		if (put_address(r, s, a) != VOX_OK)
			return VOX_ERR;
	}
	return VOX_OK;
}

static int label_is(const char *label, const char *word)
{
	return label && strcasecmp(label, word) == 0;
}

/* The column a phone wants first, and its second choice (or NCOLS). */
static enum col phone_col(const struct vox_phone *p, enum col *second)
{
	unsigned f = p->features, cx = p->contexts;

	*second = NCOLS;
	if (f & VOX_TEL_FAX)
		return cx & VOX_CTX_WORK ? C_BUS_FAX :
			cx & VOX_CTX_HOME ? C_HOME_FAX : C_OTHER_FAX;
	if (f & VOX_TEL_PAGER)
		return C_PAGER;
	if (f & VOX_TEL_MOBILE)
		return C_MOBILE;
	if (f & VOX_TEL_TEXTPHONE)
		return C_TTY;
	if (f & VOX_TEL_MAIN)
		return C_MAIN_PHONE;
	if (label_is(p->label, "car"))
		return C_CAR_PHONE;
	if (label_is(p->label, "isdn"))
		return C_ISDN;
	if (cx & VOX_CTX_WORK) {
		*second = C_BUS_PHONE2;
		return C_BUS_PHONE;
	}
	if (cx & VOX_CTX_HOME) {
		*second = C_HOME_PHONE2;
		return C_HOME_PHONE;
	}
	return C_OTHER_PHONE;
}

static void phones(struct row *r, const struct vox_contact *c)
{
	size_t i;

	for (i = 0; i < c->nphones; i++) {
		const struct vox_phone *p = &c->phones[i];
		const char *num = p->number ? p->number : p->raw;
		enum col second, col = phone_col(p, &second);

		if (!num)
			continue;
		if (r->cell[col] && second != NCOLS)
			col = second;
		if (r->cell[col])
			col = C_OTHER_PHONE;
		if (!r->cell[col])
			r->cell[col] = num;	/* else lost: losses() */
	}
}

/* The categories joined by ';', as Outlook writes them. */
static int categories(struct row *r, const struct vox_strings *s)
{
	size_t i, len = 0;
	char *buf, *o;

	if (!s->n)
		return VOX_OK;
	for (i = 0; i < s->n; i++)
		len += strlen(s->v[i]) + 1;
	if (r->nown == sizeof(r->own) / sizeof(r->own[0]))
		return VOX_ERR;
	buf = malloc(len);
	if (!buf)
		return VOX_ERR;
	o = buf;
	for (i = 0; i < s->n; i++) {
		size_t n = strlen(s->v[i]);

		if (i)
			*o++ = ';';
		memcpy(o, s->v[i], n);
		o += n;
	}
	*o = '\0';
	r->own[r->nown++] = buf;
	r->cell[C_CATEGORIES] = buf;
	return VOX_OK;
}

static int fill(struct row *r, const struct vox_contact *c)
{
	static const enum col email[3][2] = {
		{ C_EMAIL, C_EMAIL_TYPE }, { C_EMAIL2, C_EMAIL2_TYPE },
		{ C_EMAIL3, C_EMAIL3_TYPE },
	};
	const char *d;
	size_t i;

	r->cell[C_TITLE] = c->prefix;
	r->cell[C_FIRST] = c->given;
	r->cell[C_MIDDLE] = c->additional;
	r->cell[C_LAST] = c->family;
	r->cell[C_SUFFIX] = c->suffix;
	if (!c->given && !c->additional && !c->family && !c->prefix &&
	    !c->suffix && c->full_name &&
	    (!c->organization || strcmp(c->full_name, c->organization) != 0))
		r->cell[C_FIRST] = c->full_name;
	r->cell[C_COMPANY] = c->organization;
	if (c->units.n)
		r->cell[C_DEPARTMENT] = c->units.v[0];
	r->cell[C_JOB_TITLE] = c->title;
	r->cell[C_PROFESSION] = c->role;
	if (addresses(r, c) != VOX_OK)
		return VOX_ERR;
	phones(r, c);
	for (i = 0; i < c->nemails && i < 3; i++) {
		if (!c->emails[i].address)
			continue;
		r->cell[email[i][0]] = c->emails[i].address;
		r->cell[email[i][1]] = "SMTP";
	}
	d = date_text(&c->birthday, r->dates[0]);
	r->cell[C_BIRTHDAY] = d ? d : "0/0/00";
	d = date_text(&c->anniversary, r->dates[1]);
	r->cell[C_ANNIVERSARY] = d ? d : "0/0/00";
	r->cell[C_GENDER] = c->gender && strcmp(c->gender, "M") == 0 ? "Male" :
		c->gender && strcmp(c->gender, "F") == 0 ? "Female" :
		"Unspecified";
	r->cell[C_NOTES] = c->note;
	if (categories(r, &c->categories) != VOX_OK)
		return VOX_ERR;
	if (c->nlinks)
		r->cell[C_WEB_PAGE] = c->links[0].uri;
	r->cell[C_PRIORITY] = "Normal";
	r->cell[C_PRIVATE] = "False";
	r->cell[C_SENSITIVITY] = "Normal";
	return VOX_OK;
}

static void row_release(struct row *r)
{
	size_t i;

	for (i = 0; i < r->nown; i++)
		free(r->own[i]);
}

/* ---- encoding ----------------------------------------------------------- */

/*
 * s in Windows-1252, in t->conv; NULL with *bad set when s has a
 * character the code page does not hold, NULL alone when out of memory.
 */
static const char *to_1252(struct outlook_target *t, const char *s, int *bad)
{
	char *in = (char *)s, *o;
	size_t il = strlen(s), ol;

	/* Each character is one byte in 1252, at most as many as in UTF-8. */
	if (t->convcap < il + 1) {
		char *p = realloc(t->conv, il + 1);

		if (!p)
			return NULL;
		t->conv = p;
		t->convcap = il + 1;
	}
	o = t->conv;
	ol = t->convcap - 1;
	iconv(t->cd, NULL, NULL, NULL, NULL);
	if (iconv(t->cd, &in, &il, &o, &ol) == (size_t)-1) {
		*bad = errno == EILSEQ || errno == EINVAL;
		return NULL;
	}
	*o = '\0';
	return t->conv;
}

/*
 * s with its line breaks as CRLF, as Windows (and Outlook's own export)
 * writes them inside a cell; NULL when out of memory.
 */
static const char *crlf(struct outlook_target *t, const char *s)
{
	size_t i, n = 0, len = strlen(s);
	char *o;

	for (i = 0; i < len; i++)
		n += s[i] == '\n' && (i == 0 || s[i - 1] != '\r');
	if (!n)
		return s;
	if (t->nlcap < len + n + 1) {
		char *p = realloc(t->nl, len + n + 1);

		if (!p)
			return NULL;
		t->nl = p;
		t->nlcap = len + n + 1;
	}
	o = t->nl;
	for (i = 0; i < len; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			*o++ = '\r';
		*o++ = s[i];
	}
	*o = '\0';
	return t->nl;
}

/* ---- the target --------------------------------------------------------- */

static void *open_target(const struct vox_target_args *args,
			 struct vox_error *err)
{
	struct outlook_target *t = calloc(1, sizeof(*t));

	if (!t) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	t->args = args;
	t->cp1252 = 1;
	t->cd = (iconv_t)-1;
	memcpy(t->file, "contacts.csv", sizeof("contacts.csv"));
	return t;
}

static int option(void *state, const char *key, const char *value,
		  struct vox_error *err)
{
	struct outlook_target *t = state;

	if (strcmp(key, "encoding") == 0) {
		if (strcasecmp(value, "windows-1252") == 0 ||
		    strcasecmp(value, "cp1252") == 0)
			t->cp1252 = 1;
		else if (strcasecmp(value, "utf-8") == 0)
			t->cp1252 = 0;
		else
			return vox_error_set(err, VOX_E_USAGE,
					     "encoding \"%.40s\": not "
					     "windows-1252 or "
					     "utf-8", value);
		return VOX_OK;
	}
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

/* The file, its BOM or conversion, and the header, at the first record. */
static int start(struct outlook_target *t, struct vox_error *err)
{
	size_t i;
	int st = VOX_OK;

	if (t->out)
		return VOX_OK;
	if (t->cp1252) {
		t->cd = iconv_open("WINDOWS-1252", "UTF-8");
		if (t->cd == (iconv_t)-1)
			return vox_error_errno(err, VOX_E_IO, "iconv "
					       "WINDOWS-1252");
	}
	t->out = t->args->create(t->args->ctx, t->file, err);
	if (!t->out)
		return VOX_ERR;
	if (!t->cp1252 && fputs("\xEF\xBB\xBF", t->out) == EOF)
		st = VOX_ERR;
	for (i = 0; i < NCOLS; i++)
		st |= vox_csv_put_plain(t->out, header[i], VOX_CSV_QUOTE |
					(i + 1 == NCOLS ? VOX_CSV_LAST : 0));
	return st == VOX_OK ? VOX_OK : vox_error_errno(err, VOX_E_IO, t->file);
}

static int write_record(void *state, const struct vox_record *rec,
			struct vox_error *err)
{
	struct outlook_target *t = state;
	struct row r;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *mem;
	int st = VOX_OK;

	if (start(t, err) != VOX_OK)
		return VOX_ERR;
	memset(&r, 0, sizeof(r));
	mem = open_memstream(&buf, &len);
	if (!mem || fill(&r, &rec->u.contact) != VOX_OK) {
		if (mem)
			fclose(mem);
		free(buf);
		row_release(&r);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	/* The row in memory first: a contact 1252 cannot hold leaves none. */
	for (i = 0; i < NCOLS && st == VOX_OK; i++) {
		const char *s = r.cell[i] ? r.cell[i] : "";
		int bad = 0;

		if (t->cp1252 && *s) {
			s = to_1252(t, s, &bad);
			if (!s && bad)
				st = vox_error_set(err, VOX_E_DATA,
						   "\"%s\" has a character "
						   "Windows-1252 cannot hold "
						   "(try -O encoding=utf-8)",
						   header[i]);
			else if (!s)
				st = vox_error_set(err, VOX_E_NOMEM,
						   "out of memory");
		}
		if (st == VOX_OK && !(s = crlf(t, s)))
			st = vox_error_set(err, VOX_E_NOMEM, "out of memory");
		if (st == VOX_OK)
			vox_csv_put_plain(mem, s, VOX_CSV_QUOTE |
					  (i + 1 == NCOLS ? VOX_CSV_LAST : 0));
	}
	row_release(&r);
	if (fclose(mem) != 0 && st == VOX_OK)
		st = vox_error_set(err, VOX_E_NOMEM, "out of memory");
	if (st == VOX_OK && fwrite(buf, 1, len, t->out) != len)
		st = vox_error_errno(err, VOX_E_IO, t->file);
	free(buf);
	return st;
}

static int close_target(void *state, int commit, struct vox_error *err)
{
	struct outlook_target *t = state;
	int st = VOX_OK;

	if (!t)
		return VOX_OK;
	/* No contacts: the header alone. */
	if (commit)
		st = start(t, err);
	if (t->out && fclose(t->out) != 0 && commit && st == VOX_OK)
		st = vox_error_errno(err, VOX_E_IO, t->file);
	if (t->cd != (iconv_t)-1)
		iconv_close(t->cd);
	free(t->conv);
	free(t->nl);
	free(t);
	return commit ? st : VOX_OK;
}

const struct vox_target vox_target_outlook_contacts_csv = {
	.name = "outlook-contacts-csv",
	.summary = "Outlook for Windows contacts CSV (92 columns)",
	.kinds = VOX_CONTACT,
	.options = "encoding=windows-1252|utf-8 (windows-1252); "
		   "file=NAME (contacts.csv)",
	.open = open_target,
	.option = option,
	.losses = losses,
	.write = write_record,
	.close = close_target,
};
