/* path.c: file names in messages and records (see path.h). */
#include <string.h>

#include "path.h"

const char *vox_path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}
