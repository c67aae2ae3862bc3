/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schemas.h: the schemas built into the binary (schemas/v1), compiled on
 * first use and kept, for provider.json and for `voxport validate`.
 */
#ifndef VOX_SCHEMAS_H
#define VOX_SCHEMAS_H

#include "voxport/error.h"
#include "voxport/schema.h"

#define VOX_SCHEMA_BASE "https://voxport.example/schemas/v1/"

struct vox_schemas;

struct vox_schemas *vox_schemas_new(struct vox_error *err);
void vox_schemas_free(struct vox_schemas *s);

/* The compiled schema of a file ("call.schema.json"), owned by s. */
const struct vox_schema *vox_schemas_get(struct vox_schemas *s,
					 const char *file,
					 struct vox_error *err);

#endif
