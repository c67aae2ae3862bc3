/* SPDX-License-Identifier: Apache-2.0 */
/*
 * contact_csv.h: what the address-book CSV readers share
 * (google_contacts_csv.c, outlook_contacts_csv.c): a header row read once,
 * rows as UTF-8 cells matched to it, the labels address books give
 * phones, e-mails and addresses, and the bid on a header's names.
 *
 * Address books come from Google, Outlook and the spreadsheets people
 * edit them in, so the plumbing tolerates what those add: a UTF-8 byte
 * order mark (src/csvrows.c drops it), a trailing empty column (a header
 * or a row ending in ','), CRLF, LF or CR, and Windows-1252 text (a cell
 * that is not valid UTF-8 is read as Windows-1252: src/text.h, as
 * subscribers-csv does).  What it refuses: a header with a NUL byte
 * (UTF-16, as Outlook's "Unicode" export, or a binary file), a row with
 * more non-empty fields, or fewer fields, than the header.
 */
#ifndef VOX_EXPORT_CONTACT_CSV_H
#define VOX_EXPORT_CONTACT_CSV_H

#include <stddef.h>

#include "arena.h"
#include "csvrows.h"
#include "voxport/source.h"

struct vox_contact_csv {
	struct vox_csv *csv;
	const char *name;		/* borrowed, for messages */
	const struct vox_phone_plan *plan;
	struct vox_arena arena;		/* this row's strings */
	struct vox_record rec;
	size_t ncols;
	char **header;			/* UTF-8 names, malloc'd */
	const char **cell;		/* this row: trimmed UTF-8, NULL when
					 * empty; ncols of them */
	uint64_t line;			/* where this row starts */
	int have_header, dead;
	int utf16;			/* the file starts with a UTF-16 BOM */
};

int vox_contact_csv_init(struct vox_contact_csv *c,
			 const struct vox_source_args *args,
			 struct vox_error *err);
void vox_contact_csv_release(struct vox_contact_csv *c);

/*
 * The next row: the first (non-blank) one is the header, given back with
 * *is_header set; then data rows, their cells in c->cell, the record
 * c->rec a fresh contact (its source set).  VOX_OK, VOX_EOF or VOX_ERR.
 * A header that cannot be read ends the stream (err->code VOX_E_IO): no
 * row could be read.
 */
int vox_contact_csv_next(struct vox_contact_csv *c, int *is_header,
			 struct vox_error *err);

/*
 * Refuse the header (VOX_ERR, and nothing is read after it): "FILE:LINE:
 * no column of FORMAT in the header (what)".
 */
int vox_contact_csv_no_header(struct vox_contact_csv *c, const char *what,
			      struct vox_error *err);

/* After an error in the header: nothing is read after it. */
int vox_contact_csv_stop(struct vox_contact_csv *c, struct vox_error *err);

/* A reader's part: the header's columns, or one data row into c->rec. */
typedef int vox_contact_csv_fn(void *ctx, struct vox_error *err);

/*
 * A reader's next(): the header (given to header, which may refuse it:
 * then nothing more is read), then each data row given to fill, whose
 * c->rec is *rec.
 */
int vox_contact_csv_read(struct vox_contact_csv *c, vox_contact_csv_fn *header,
			 vox_contact_csv_fn *fill, void *ctx,
			 const struct vox_record **rec,
			 struct vox_error *err);

/* A VOX_E_DATA error naming this row: "FILE:LINE: COLUMN: what \"value\"". */
int vox_contact_csv_bad(struct vox_contact_csv *c, const char *column,
			const char *what, const char *value,
			struct vox_error *err);

/*
 * A label as address books write it ("* Mobile", "Work Fax", "Home",
 * "Google Voice"): a leading "* " is pref 1 (Google's primary); words
 * home, work, other (and business, personal) are contexts; with features
 * (phones; NULL for e-mails, addresses, links) mobile, cell, fax, pager,
 * main, voice, text, video are features.  A label any word of which is
 * none of these is kept whole in *label (and nothing else is set).
 */
void vox_contact_csv_label(const char *text, unsigned *contexts,
			   unsigned *features, const char **label, int *pref);

/*
 * Append one phone (raw as written, number normalised with the plan), one
 * e-mail, one link, one category (once); NULL/VOX_ERR when out of memory.
 */
struct vox_phone *vox_contact_csv_phone(struct vox_contact_csv *c,
					const char *raw);
struct vox_email *vox_contact_csv_email(struct vox_contact_csv *c,
					const char *address);
struct vox_address *vox_contact_csv_address(struct vox_contact_csv *c);
struct vox_link *vox_contact_csv_link(struct vox_contact_csv *c,
				      const char *uri);
int vox_contact_csv_category(struct vox_contact_csv *c, const char *name);
int vox_contact_csv_extra(struct vox_contact_csv *c, const char *key,
			  const char *value);

/*
 * The parts of a cell with several values (Google's " ::: "), in order,
 * trimmed, empty ones dropped; copies in the arena.  Returns how many
 * (at most max), or (size_t)-1 when out of memory.
 */
size_t vox_contact_csv_split(struct vox_contact_csv *c, const char *cell,
			     const char *sep, const char **out, size_t max);

/* When the record has no full name: the name parts, else the company. */
int vox_contact_csv_finish(struct vox_contact_csv *c);

/*
 * How many of names[] (NULL-terminated) the header line at buf names,
 * compared without case, quotes or blanks; the line is the first of buf,
 * after a UTF-8 byte order mark.  For bid().
 */
int vox_contact_csv_bid_names(const unsigned char *buf, size_t len,
			      const char *const *names);

#endif
