/* SPDX-License-Identifier: Apache-2.0 */
/*
 * category.h: the data categories of an archive (DESIGN.md section 4), the
 * record kind each holds, and their names in provider.json, the manifest
 * and --categories.
 */
#ifndef VOX_CATEGORY_H
#define VOX_CATEGORY_H

#include "voxport/error.h"

/* As bits; the order is the order of members and of the manifest scope. */
enum vox_category {
	VOX_CAT_SUBJECT = 1 << 0,
	VOX_CAT_CONTACTS = 1 << 1,
	VOX_CAT_CALLS = 1 << 2,
	VOX_CAT_MESSAGES = 1 << 3,
	VOX_CAT_RECORDINGS = 1 << 4,
};
#define VOX_CAT_ALL 0x1fu
#define VOX_CAT_COUNT 5

/* "calls" for VOX_CAT_CALLS; "" for anything else. */
const char *vox_category_name(unsigned cat);
/* The enum vox_kind of the records a category holds. */
unsigned vox_category_kind(unsigned cat);
/* "calls,contacts" → bits; VOX_ERR on an unknown name (err names it). */
int vox_category_parse(const char *list, unsigned *cats,
		       struct vox_error *err);

#endif
