/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index_html.h: index.html, the archive as one web page for the person it
 * is about (export/index_html.c): who the data is about and who holds it,
 * what each file is, counts and date ranges, charts, and tables of the
 * calls, messages, contacts and recordings.
 *
 * The archive writer feeds each record to the page as it writes it, and
 * the page is assembled at finish.  Memory is bounded whatever the number
 * of records: the tables keep their first rows only (2000 by default), the
 * charts keep a counter per month and per other party, and no more than
 * 10,000 parties are told apart (then the busiest-contacts chart says it
 * is approximate).  Records are borrowed for the length of the call.
 */
#ifndef VOX_INDEX_HTML_H
#define VOX_INDEX_HTML_H

#include <stdio.h>

#include "export.h"
#include "readme.h"

struct vox_index;

/* meta (and what it points to) is borrowed until vox_index_free(). */
struct vox_index *vox_index_new(const struct vox_archive_meta *meta,
				struct vox_error *err);
void vox_index_free(struct vox_index *x);

/* Rows kept per table, parties told apart (for tests); 0 leaves one. */
void vox_index_set_limits(struct vox_index *x, size_t rows, size_t parties);

int vox_index_add_subject(struct vox_index *x, const struct vox_subject *s,
			  struct vox_error *err);
int vox_index_add_contact(struct vox_index *x, const struct vox_contact *c,
			  struct vox_error *err);
int vox_index_add_call(struct vox_index *x, const struct vox_call *c,
		       struct vox_error *err);
int vox_index_add_message(struct vox_index *x, const struct vox_message *m,
			  struct vox_error *err);
/* r->member is the audio's member when the archive holds it, or NULL. */
int vox_index_add_recording(struct vox_index *x,
			    const struct vox_recording *r,
			    struct vox_error *err);

/*
 * Write the page to f: files are the archive's members (as for
 * README.txt), linked by relative paths.  VOX_E_IO when writing failed.
 */
int vox_index_write(struct vox_index *x, FILE *f,
		    const struct vox_readme_file *files, size_t n,
		    struct vox_error *err);

#endif
