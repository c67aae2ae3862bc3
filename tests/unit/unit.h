/* SPDX-License-Identifier: Apache-2.0 */
/*
 * unit.h: what every C unit test includes.  tests/run.sh runs each test
 * binary in its own fresh scratch folder, so tests may write relative paths.
 * VOXPORT_TOP in the environment is the source tree (for tests/data).
 */
#ifndef VOXPORT_UNIT_H
#define VOXPORT_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A path under the source tree: unit_path("tests/data/vcard/ok/a.vcf"). */
static inline const char *unit_path(const char *rel)
{
	static char buf[4][4096];
	static int n;
	const char *top = getenv("VOXPORT_TOP");
	char *b = buf[n++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/%s", top ? top : ".", rel);
	return b;
}

/* Write a string to a file in the scratch folder, for small fixtures. */
static inline void unit_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

#endif
