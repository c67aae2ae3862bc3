/* SPDX-License-Identifier: Apache-2.0 */
/* schemas.c: the built-in schema set (see schemas.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "schemas.h"

#define MAX_COMPILED 32

struct vox_schemas {
	struct vox_schema_set *set;
	struct {
		char *file;
		struct vox_schema *schema;
	} compiled[MAX_COMPILED];
	size_t n;
};

struct vox_schemas *vox_schemas_new(struct vox_error *err)
{
	struct vox_schemas *s = calloc(1, sizeof(*s));
	const struct vox_embedded *e;

	if (!s || !(s->set = vox_schema_set_new())) {
		free(s);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	for (e = vox_embedded_schemas; e->name; e++) {
		char uri[256];

		snprintf(uri, sizeof(uri), "%s%s", VOX_SCHEMA_BASE, e->name);
		if (vox_schema_set_add_text(s->set, uri, e->data, e->len,
					    err) != VOX_OK) {
			vox_error_prefix(err, "built-in schema %s", e->name);
			vox_schemas_free(s);
			return NULL;
		}
	}
	return s;
}

void vox_schemas_free(struct vox_schemas *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->compiled[i].file);
		vox_schema_free(s->compiled[i].schema);
	}
	vox_schema_set_free(s->set);
	free(s);
}

const struct vox_schema *vox_schemas_get(struct vox_schemas *s,
					 const char *file,
					 struct vox_error *err)
{
	char uri[256];
	struct vox_schema *c;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->compiled[i].file, file) == 0)
			return s->compiled[i].schema;
	if (!vox_embedded_schema(file)) {
		vox_error_set(err, VOX_E_NOTFOUND, "no built-in schema %s",
			      file);
		return NULL;
	}
	if (s->n == MAX_COMPILED) {
		vox_error_set(err, VOX_E_LIMIT, "too many schemas");
		return NULL;
	}
	snprintf(uri, sizeof(uri), "%s%s", VOX_SCHEMA_BASE, file);
	c = vox_schema_compile(s->set, uri, err);
	if (!c)
		return NULL;
	s->compiled[s->n].file = strdup(file);
	if (!s->compiled[s->n].file) {
		vox_schema_free(c);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	s->compiled[s->n++].schema = c;
	return c;
}
