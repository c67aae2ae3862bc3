/* SPDX-License-Identifier: Apache-2.0 */
/* path.c: file names in messages and records (see path.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"

const char *vox_path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

char *vox_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}
