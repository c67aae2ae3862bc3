/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source_table.h: finding a source reader in a table of them.
 *
 * The core knows no registry: the side that owns one (export/registry.c's
 * vox_sources) or the CLI passes its table in, and these look in it.
 */
#ifndef VOX_SOURCE_TABLE_H
#define VOX_SOURCE_TABLE_H

#include <stddef.h>

#include "voxport/source.h"

/* The source called name in the NULL-terminated table, or NULL. */
const struct vox_source *
vox_source_table_find(const struct vox_source *const *table, const char *name);

/*
 * The best bidder of the NULL-terminated table for these first bytes, or
 * NULL if none bids above 0.  On a tie the earlier one wins: tables list
 * their sources in bidding order.
 */
const struct vox_source *
vox_source_table_choose(const struct vox_source *const *table,
			const unsigned char *buf, size_t len);

#endif
