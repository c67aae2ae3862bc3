/* SPDX-License-Identifier: Apache-2.0 */
/* source_table.c: finding a source reader in a table (see source_table.h). */
#include <string.h>

#include "source_table.h"

const struct vox_source *
vox_source_table_find(const struct vox_source *const *table, const char *name)
{
	size_t i;

	for (i = 0; table[i]; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

const struct vox_source *
vox_source_table_choose(const struct vox_source *const *table,
			const unsigned char *buf, size_t len)
{
	const struct vox_source *best = NULL;
	int best_bid = 0;
	size_t i;

	for (i = 0; table[i]; i++) {
		int bid = table[i]->bid ? table[i]->bid(buf, len) : 0;

		if (bid > best_bid) {
			best = table[i];
			best_bid = bid;
		}
	}
	return best;
}
