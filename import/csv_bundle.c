/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csv_bundle.c: the "csv-bundle" target: one flat CSV per category
 * (subject.csv, contacts.csv, calls.csv, messages.csv, recordings.csv),
 * for spreadsheets and ad-hoc loading into a database.
 *
 * The rows are the archive's own CSV forms (src/record_csv.c): RFC 4180,
 * CRLF, a header row, UTF-8 without a BOM, times in RFC 3339 UTC, lists in
 * one cell joined by "; ", and the formula guard of src/csv_write.h (a
 * "'" before a leading "=", "+", "-", "@" ... that a spreadsheet would
 * run; plain numbers such as +447700900123 are left alone).  A file is
 * made for a category only when a record of it comes.
 *
 * What it cannot hold (losses below): a call is one row, so its legs'
 * details (channels, dialplan, extra fields) are not written, only how
 * many legs it had; a message's parts are counted, not written; a
 * contact's labels, contexts, unknown vCard properties and the like; the
 * subject's subscriptions and marketing preferences; every record's extra
 * fields.
 */
#include <stdlib.h>

#include "record_csv.h"
#include "voxport/target.h"

enum { F_SUBJECT, F_CONTACTS, F_CALLS, F_MESSAGES, F_RECORDINGS, F_COUNT };

static const struct {
	unsigned kind;
	const char *name;
	const char *header;
} files[F_COUNT] = {
	{ VOX_SUBJECT, "subject.csv", vox_subject_csv_header },
	{ VOX_CONTACT, "contacts.csv", vox_contact_csv_header },
	{ VOX_CALL, "calls.csv", vox_call_csv_header },
	{ VOX_MESSAGE, "messages.csv", vox_message_csv_header },
	{ VOX_RECORDING, "recordings.csv", vox_recording_csv_header },
};

struct bundle {
	const struct vox_target_args *args;
	FILE *f[F_COUNT];
};

static const struct vox_loss losses[] = {
	{ VOX_SUBJECT, "subscriptions", 0, "no column for them", NULL },
	{ VOX_SUBJECT, "marketing", 0, "no column for them", NULL },
	{ VOX_SUBJECT, "extra", 0, "no column for them", NULL },
	{ VOX_CONTACT, "kind", 0, NULL, NULL },
	{ VOX_CONTACT, "units", 0, NULL, NULL },
	{ VOX_CONTACT, "role", 0, NULL, NULL },
	{ VOX_CONTACT, "anniversary", 0, NULL, NULL },
	{ VOX_CONTACT, "gender", 0, NULL, NULL },
	{ VOX_CONTACT, "photo", 0, NULL, NULL },
	{ VOX_CONTACT, "revision", 0, NULL, NULL },
	{ VOX_CONTACT, "phones.label", 0, "phones are one cell of numbers", NULL },
	{ VOX_CONTACT, "phones.features", 0,
	  "phones are one cell of numbers", NULL },
	{ VOX_CONTACT, "phones.contexts", 0,
	  "phones are one cell of numbers", NULL },
	{ VOX_CONTACT, "emails.label", 0, NULL, NULL },
	{ VOX_CONTACT, "emails.contexts", 0, NULL, NULL },
	{ VOX_CONTACT, "addresses.label", 0, NULL, NULL },
	{ VOX_CONTACT, "addresses.contexts", 0, NULL, NULL },
	{ VOX_CONTACT, "links.label", 0, NULL, NULL },
	{ VOX_CONTACT, "props", 0, "unknown vCard properties", NULL },
	{ VOX_CONTACT, "extra", 0, NULL, NULL },
	{ VOX_CALL, "legs.channel", 0, "a call is one row, legs not listed", NULL },
	{ VOX_CALL, "legs.peer_channel", 0, NULL, NULL },
	{ VOX_CALL, "legs.context", 0, NULL, NULL },
	{ VOX_CALL, "legs.application", 0, NULL, NULL },
	{ VOX_CALL, "legs.application_data", 0, NULL, NULL },
	{ VOX_CALL, "legs.disposition", 0, NULL, NULL },
	{ VOX_CALL, "legs.peer_account", 0, NULL, NULL },
	{ VOX_CALL, "legs.extra", 0, NULL, NULL },
	{ VOX_MESSAGE, "parts", 0, "parts are counted, not written", NULL },
	{ VOX_MESSAGE, "extra", 0, NULL, NULL },
	{ VOX_RECORDING, "extra", 0, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL },
};

static void *open_bundle(const struct vox_target_args *args,
			 struct vox_error *err)
{
	struct bundle *b = calloc(1, sizeof(*b));

	if (!b)
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
	else
		b->args = args;
	return b;
}

static const struct vox_loss *bundle_losses(const void *state)
{
	(void)state;
	return losses;
}

static int write_record(void *state, const struct vox_record *rec,
			struct vox_error *err)
{
	struct bundle *b = state;
	int i = 0;

	while (i < F_COUNT && files[i].kind != rec->kind)
		i++;
	if (i == F_COUNT)
		return vox_error_set(err, VOX_E_DATA, "not a record kind");
	if (!b->f[i]) {
		b->f[i] = b->args->create(b->args->ctx, files[i].name, err);
		if (!b->f[i])
			return VOX_ERR;
		fputs(files[i].header, b->f[i]);
	}
	switch (rec->kind) {
	case VOX_SUBJECT:
		return vox_subject_csv_row(b->f[i], &rec->u.subject, err);
	case VOX_CONTACT:
		return vox_contact_csv_row(b->f[i], &rec->u.contact, err);
	case VOX_CALL:
		return vox_call_csv_row(b->f[i], &rec->u.call, err);
	case VOX_MESSAGE:
		return vox_message_csv_row(b->f[i], &rec->u.message, err);
	default:
		return vox_recording_csv_row(b->f[i], &rec->u.recording, err);
	}
}

static int close_bundle(void *state, int commit, struct vox_error *err)
{
	struct bundle *b = state;
	int rc = VOX_OK;

	for (int i = 0; i < F_COUNT; i++)
		if (b->f[i] && fclose(b->f[i]) != 0 && commit && rc == VOX_OK)
			rc = vox_error_errno(err, VOX_E_IO, files[i].name);
	free(b);
	return rc;
}

const struct vox_target vox_target_csv_bundle = {
	.name = "csv-bundle",
	.summary = "one flat CSV per category, for spreadsheets and loading",
	.kinds = VOX_SUBJECT | VOX_CONTACT | VOX_CALL | VOX_MESSAGE |
		 VOX_RECORDING,
	.options = NULL,
	.open = open_bundle,
	.option = NULL,
	.losses = bundle_losses,
	.write = write_record,
	.close = close_bundle,
};
