/* SPDX-License-Identifier: Apache-2.0 */
/*
 * provider.h: provider.json, the description of one provider's systems
 * (DESIGN.md section 5, schemas/v1/provider.schema.json).
 *
 * Loading checks the file against its schema, that every source format is
 * one of the table it is given (the caller's registry, export/registry.c's
 * vox_sources) and yields the records of its category, that the time
 * zones and country are known, and that per-subject paths say {subject}.
 * Paths are relative to the folder provider.json is in.
 */
#ifndef VOX_PROVIDER_H
#define VOX_PROVIDER_H

#include <jansson.h>

#include "phone.h"
#include "voxport/error.h"
#include "voxport/source.h"

struct vox_tz;

struct vox_source_spec {
	unsigned category;		/* enum vox_category bit */
	const struct vox_source *source;
	const char *path;		/* as written, maybe with {subject} */
	const char *time_zone;		/* the source's zone name */
	struct vox_tz *tz;		/* loaded (owned by the provider) */
	const json_t *options;		/* object, or NULL */
	char *pointer;			/* "/sources/calls/0", for messages */
};

struct vox_provider {
	char *file;			/* the path it was loaded from */
	char *dir;			/* its folder */
	json_t *doc;
	const json_t *controller;
	const json_t *processing;	/* or NULL */
	const char *time_zone;
	struct vox_tz *tz;
	struct vox_phone_plan plan;
	int has_plan;			/* a country was given */
	struct vox_source_spec subscribers;
	struct vox_source_spec *sources;
	size_t nsources;
	unsigned categories;		/* subject + those with sources */
};

/* formats: the NULL-terminated table the sources' "format"s name. */
struct vox_provider *vox_provider_load(const char *path,
				       const struct vox_source *const *formats,
				       struct vox_error *err);
void vox_provider_free(struct vox_provider *p);

/* The phone plan of the provider's country, or NULL without one. */
const struct vox_phone_plan *vox_provider_plan(const struct vox_provider *p);

/*
 * The file of a source for a subject: {subject} replaced, made relative to
 * the provider's folder.  The caller frees it.  *per_subject says whether
 * the path named {subject}.
 */
char *vox_provider_path(const struct vox_provider *p,
			const struct vox_source_spec *s, const char *subject,
			int *per_subject, struct vox_error *err);

/* 1 when id is safe to put in a path and an archive: [A-Za-z0-9._-]. */
int vox_subject_id_valid(const char *id);

#endif
