/* SPDX-License-Identifier: Apache-2.0 */
/* embedded.c: looking up the files built into the binary. */
#include <string.h>

#include "embedded.h"

const struct vox_embedded *vox_embedded_schema(const char *name)
{
	const struct vox_embedded *e;

	for (e = vox_embedded_schemas; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}
