/* SPDX-License-Identifier: Apache-2.0 */
/*
 * processing.h: the processing information of an archive (UK GDPR
 * Art. 13-15): processing.json (schemas/v1/processing.schema.json), which
 * README.txt and index.html put into words, so that the three say the same.
 *
 * It is provider.json's "controller" and "processing" as given, the
 * subject's rights, the authority to complain to, and "not_stated": what
 * the provider left out, which the pages say was not stated.  Nothing is
 * filled in, except the complaint authority: the UK's Information
 * Commissioner's Office when provider.json names none (and not_stated
 * says so).
 */
#ifndef VOX_PROCESSING_H
#define VOX_PROCESSING_H

#include <jansson.h>

#include "export.h"

/* A new document, or NULL when out of memory. */
json_t *vox_processing_json(const struct vox_archive_meta *meta);

/* Plain words for a category ("calls": "your calls"); "all" included. */
const char *vox_processing_category_text(const char *category);

/* Plain words for a lawful basis ("contract": "our contract with you"). */
const char *vox_processing_basis_text(const char *basis);

/* 1 when doc's not_stated holds what ("retention", "retention/calls"). */
int vox_processing_not_stated(const json_t *doc, const char *what);

#endif
