/*
 * registry.c: the source readers this build has, in bidding order: formats
 * with a sure signature first (vCard's BEGIN:VCARD), then the CSV dialects
 * that need a look at their columns.
 */
#include <string.h>

#include "voxport/source.h"

const struct vox_source *const vox_sources[] = {
	&vox_source_vcard,
	&vox_source_subscribers_csv,
	&vox_source_asterisk_cdr_csv,
	NULL,
};

const struct vox_source *vox_source_find(const char *name)
{
	size_t i;

	for (i = 0; vox_sources[i]; i++)
		if (strcmp(vox_sources[i]->name, name) == 0)
			return vox_sources[i];
	return NULL;
}

const struct vox_source *vox_source_choose(const unsigned char *buf,
					   size_t len)
{
	const struct vox_source *best = NULL;
	int best_bid = 0;
	size_t i;

	for (i = 0; vox_sources[i]; i++) {
		int bid = vox_sources[i]->bid ? vox_sources[i]->bid(buf, len) : 0;

		if (bid > best_bid) {
			best = vox_sources[i];
			best_bid = bid;
		}
	}
	return best;
}
