/* SPDX-License-Identifier: Apache-2.0 */
/*
 * registry.c: the target writers this build has, mirroring
 * export/registry.c.  The core never names this table: the CLI looks in it
 * (`voxport import --to`, `voxport convert --to`, `voxport formats`).
 */
#include <string.h>

#include "voxport/target.h"

const struct vox_target *const vox_targets[] = {
	&vox_target_csv_bundle,
	&vox_target_asterisk_cdr_csv,
	&vox_target_freeswitch_cdr_xml,
	&vox_target_vcard,
	&vox_target_google_contacts_csv,
	&vox_target_outlook_contacts_csv,
	&vox_target_sbr_xml,
	&vox_target_asterisk_cdr_pgsql,
	NULL,
};

const struct vox_target *vox_target_find(const char *name)
{
	for (size_t i = 0; vox_targets[i]; i++)
		if (strcmp(vox_targets[i]->name, name) == 0)
			return vox_targets[i];
	return NULL;
}
