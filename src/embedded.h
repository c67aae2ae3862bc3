/* SPDX-License-Identifier: Apache-2.0 */
/*
 * embedded.h: files built into the binary (scripts/embed.sh generates the
 * table from schemas/v1 at build time).
 */
#ifndef VOX_EMBEDDED_H
#define VOX_EMBEDDED_H

#include <stddef.h>

struct vox_embedded {
	const char *name;	/* "call.schema.json" */
	const char *data;	/* NUL-terminated */
	size_t len;
};

/* Ends with an entry whose name is NULL. */
extern const struct vox_embedded vox_embedded_schemas[];

/* The schema file by name, or NULL. */
const struct vox_embedded *vox_embedded_schema(const char *name);

#endif
