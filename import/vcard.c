/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcard.c: the "vcard" target: contacts as one .vcf address book,
 * vCard 4.0 (RFC 6350, the default), 3.0 (RFC 2426; Apple Contacts,
 * Google, CardDAV servers) or 2.1 (IMC; old handsets, Android's import).
 *
 * Options: version=4.0|3.0|2.1, file=NAME (default contacts.vcf).
 * The cards are those of contacts.vcf in an archive (src/vcard_write.c,
 * whose header lists the mapping from struct vox_contact); 4.0 is the
 * same bytes.  3.0 and 2.1 cannot hold:
 *	kind, gender, anniversary	no KIND, GENDER, ANNIVERSARY
 *	birthday.text			BDAY is a date
 *	phones/emails/addresses.pref	only TYPE=pref: a contact with two
 *					ranked values keeps the first rank
 * (a birthday of a month or a day alone is not written either: the loss
 * report has no name for it).  2.1 writes NICKNAME, CATEGORIES, IMPP,
 * X-SOCIALPROFILE and itemN.X-ABLabel too, which 2.1 does not define:
 * Android reads them, a handset that does not ignores them; a category
 * with a ',' in it is two categories in 2.1, which cannot escape ','.
 *
 * Each card is made in memory first, so that a contact that cannot be
 * written (a kept property whose name is not a vCard name: VOX_E_DATA)
 * leaves nothing of itself in the file.
 */
#include <stdlib.h>
#include <string.h>

#include "vcard_write.h"
#include "voxport/target.h"

struct vcard_target {
	const struct vox_target_args *args;
	int version;
	char file[128];
	FILE *out;		/* NULL until the first card, or close() */
};

static const struct vox_loss losses_40[] = {
	{ .kind = VOX_CONTACT, .field = "phones.raw", .keep = 0,
	  .why = "a number is written as E.164 (tel:), not as spelled" },
	{ .field = NULL },
};

static const struct vox_loss losses_30[] = {
	{ .kind = VOX_CONTACT, .field = "kind", .keep = 0,
	  .why = "vCard 3.0 has no KIND" },
	{ .kind = VOX_CONTACT, .field = "gender", .keep = 0,
	  .why = "vCard 3.0 has no GENDER" },
	{ .kind = VOX_CONTACT, .field = "anniversary", .keep = 0,
	  .why = "vCard 3.0 has no ANNIVERSARY" },
	{ .kind = VOX_CONTACT, .field = "birthday.text", .keep = 0,
	  .why = "vCard 3.0 BDAY is a date, not text" },
	{ .kind = VOX_CONTACT, .field = "phones.pref", .keep = 1,
	  .why = "vCard 3.0 has TYPE=pref, not a rank (PREF=2)" },
	{ .kind = VOX_CONTACT, .field = "emails.pref", .keep = 1,
	  .why = "vCard 3.0 has TYPE=pref, not a rank (PREF=2)" },
	{ .kind = VOX_CONTACT, .field = "addresses.pref", .keep = 1,
	  .why = "vCard 3.0 has TYPE=pref, not a rank (PREF=2)" },
	{ .kind = VOX_CONTACT, .field = "phones.raw", .keep = 0,
	  .why = "a number is written as E.164, not as spelled" },
	{ .field = NULL },
};

static const struct vox_loss losses_21[] = {
	{ .kind = VOX_CONTACT, .field = "kind", .keep = 0,
	  .why = "vCard 2.1 has no KIND" },
	{ .kind = VOX_CONTACT, .field = "gender", .keep = 0,
	  .why = "vCard 2.1 has no GENDER" },
	{ .kind = VOX_CONTACT, .field = "anniversary", .keep = 0,
	  .why = "vCard 2.1 has no ANNIVERSARY" },
	{ .kind = VOX_CONTACT, .field = "birthday.text", .keep = 0,
	  .why = "vCard 2.1 BDAY is a date, not text" },
	{ .kind = VOX_CONTACT, .field = "phones.pref", .keep = 1,
	  .why = "vCard 2.1 has PREF, not a rank" },
	{ .kind = VOX_CONTACT, .field = "emails.pref", .keep = 1,
	  .why = "vCard 2.1 has PREF, not a rank" },
	{ .kind = VOX_CONTACT, .field = "addresses.pref", .keep = 1,
	  .why = "vCard 2.1 has PREF, not a rank" },
	{ .kind = VOX_CONTACT, .field = "phones.raw", .keep = 0,
	  .why = "a number is written as E.164, not as spelled" },
	{ .field = NULL },
};

static void *open_target(const struct vox_target_args *args,
			 struct vox_error *err)
{
	struct vcard_target *t = calloc(1, sizeof(*t));

	if (!t) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	t->args = args;
	t->version = VOX_VCARD_40;
	memcpy(t->file, "contacts.vcf", sizeof("contacts.vcf"));
	return t;
}

static int option(void *state, const char *key, const char *value,
		  struct vox_error *err)
{
	struct vcard_target *t = state;

	if (strcmp(key, "version") == 0) {
		if (strcmp(value, "4.0") == 0)
			t->version = VOX_VCARD_40;
		else if (strcmp(value, "3.0") == 0)
			t->version = VOX_VCARD_30;
		else if (strcmp(value, "2.1") == 0)
			t->version = VOX_VCARD_21;
		else
			return vox_error_set(err, VOX_E_USAGE, "version "
					     "\"%.40s\": not 4.0, 3.0 or 2.1",
					     value);
		return VOX_OK;
	}
	if (strcmp(key, "file") == 0) {
		/* create() checks the name itself. */
		if (!*value || strlen(value) >= sizeof(t->file))
			return vox_error_set(err, VOX_E_USAGE, "file "
					     "\"%.40s\": not a file name",
					     value);
		memcpy(t->file, value, strlen(value) + 1);
		return VOX_OK;
	}
	return vox_error_set(err, VOX_E_USAGE, "no option \"%.40s\"",
			     key);
}

static const struct vox_loss *losses(const void *state)
{
	const struct vcard_target *t = state;
	int version = t ? t->version : VOX_VCARD_40;

	if (version == VOX_VCARD_30)
		return losses_30;
	if (version == VOX_VCARD_21)
		return losses_21;
	return losses_40;
}

static int make_file(struct vcard_target *t, struct vox_error *err)
{
	if (!t->out)
		t->out = t->args->create(t->args->ctx, t->file, err);
	return t->out ? VOX_OK : VOX_ERR;
}

static int write_record(void *state, const struct vox_record *rec,
			struct vox_error *err)
{
	struct vcard_target *t = state;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int st;

	if (make_file(t, err) != VOX_OK)
		return VOX_ERR;
	mem = open_memstream(&buf, &len);
	if (!mem)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	st = vox_vcard_write_version(mem, &rec->u.contact, t->version, err);
	if (fclose(mem) != 0 && st == VOX_OK)
		st = vox_error_set(err, VOX_E_NOMEM, "out of memory");
	if (st == VOX_OK && fwrite(buf, 1, len, t->out) != len)
		st = vox_error_errno(err, VOX_E_IO, t->file);
	free(buf);
	return st;
}

static int close_target(void *state, int commit, struct vox_error *err)
{
	struct vcard_target *t = state;
	int st = VOX_OK;

	if (!t)
		return VOX_OK;
	/* No contacts: an empty address book, still a file. */
	if (commit)
		st = make_file(t, err);
	if (t->out && fclose(t->out) != 0 && commit && st == VOX_OK)
		st = vox_error_errno(err, VOX_E_IO, t->file);
	free(t);
	return commit ? st : VOX_OK;
}

const struct vox_target vox_target_vcard = {
	.name = "vcard",
	.summary = "vCard 4.0, 3.0 or 2.1 address book (contacts.vcf)",
	.kinds = VOX_CONTACT,
	.options = "version=4.0|3.0|2.1 (4.0); file=NAME (contacts.vcf)",
	.open = open_target,
	.option = option,
	.losses = losses,
	.write = write_record,
	.close = close_target,
};
