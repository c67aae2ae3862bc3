/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_archive.c: libFuzzer harness for `voxport validate`'s checks on
 * hostile archives (damaged zips, traversal names, bombs, bad manifests).
 * The input is written to a file, since libzip opens archives by path.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "import/import.h"
#include "schemas.h"

static void ignore(void *ctx, const char *msg)
{
	(void)ctx;
	if (!msg[0])
		abort();	/* every problem says what */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vox_schemas *schemas;
	static char path[64];
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_check_opts o = { 0 };
	struct vox_check_result res;
	FILE *f;

	if (!schemas) {
		schemas = vox_schemas_new(&err);
		snprintf(path, sizeof(path), "/tmp/voxport-fuzz-%d.zip",
			 (int)getpid());
		if (!schemas)
			abort();
	}
	f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	o.schemas = schemas;
	o.max_problems = 50;
	o.problem = ignore;
	if (vox_archive_check(path, &o, &res, &err) != VOX_OK && !err.msg[0])
		abort();
	unlink(path);
	return 0;
}
