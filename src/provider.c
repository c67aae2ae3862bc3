/* SPDX-License-Identifier: Apache-2.0 */
/* provider.c: loading and checking provider.json (see provider.h). */
#include <ctype.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "category.h"
#include "embedded.h"
#include "path.h"
#include "provider.h"
#include "schemas.h"
#include "source_table.h"
#include "suggest.h"
#include "timeconv.h"

struct first_failure {
	char msg[512];
	char schema_path[256];
	char instance_path[256];
	char keyword[32];
	unsigned count;
};

static void on_failure(void *ctx, const struct vox_schema_failure *f)
{
	struct first_failure *ff = ctx;

	if (ff->count++ == 0) {
		snprintf(ff->msg, sizeof(ff->msg), "%s: %s",
			 *f->instance_path ? f->instance_path : "/",
			 f->message);
		snprintf(ff->schema_path, sizeof(ff->schema_path), "%s",
			 f->schema_path);
		snprintf(ff->instance_path, sizeof(ff->instance_path), "%s",
			 f->instance_path);
		snprintf(ff->keyword, sizeof(ff->keyword), "%s", f->keyword);
	}
}

/* The value at an RFC 6901 pointer ("" is doc itself), or NULL. */
static const json_t *at_pointer(const json_t *doc, const char *pointer)
{
	char key[128];

	while (doc && *pointer == '/') {
		size_t n = 0;

		for (pointer++; *pointer && *pointer != '/' &&
		     n < sizeof(key) - 1; pointer++) {
			if (pointer[0] == '~' && (pointer[1] == '0' ||
						  pointer[1] == '1')) {
				key[n++] = pointer[1] == '0' ? '~' : '/';
				pointer++;
			} else {
				key[n++] = *pointer;
			}
		}
		key[n] = '\0';
		if (json_is_array(doc)) {
			char *end;
			unsigned long i = strtoul(key, &end, 10);

			doc = *end ? NULL : json_array_get(doc, i);
		} else {
			doc = json_object_get(doc, key);
		}
	}
	return doc;
}

/*
 * "did you mean" for the first failure: a key that is not allowed, or a
 * value not in an enum, against the names the schema allows there.
 * Writes "; did you mean \"x\"?" into hint, or "".
 */
static void suggest_fix(const struct first_failure *ff, const json_t *doc,
			char *hint, size_t size)
{
	char file[64] = "provider.schema.json", where[256];
	const char *hash = strchr(ff->schema_path, '#'), *names[64], *word;
	const char *guess = NULL;
	const struct vox_embedded *e;
	const json_t *node, *inst, *props, *v;
	json_t *schema = NULL;
	size_t n = 0, i;
	char *cut;

	hint[0] = '\0';
	if (!hash || (strcmp(ff->keyword, "additionalProperties") != 0 &&
		      strcmp(ff->keyword, "enum") != 0))
		return;
	if (hash > ff->schema_path)
		snprintf(file, sizeof(file), "%.*s",
			 (int)(hash - ff->schema_path), ff->schema_path);
	snprintf(where, sizeof(where), "%s", hash + 1);
	cut = strrchr(where, '/');
	if (strcmp(ff->keyword, "additionalProperties") == 0 && cut)
		*cut = '\0';
	e = vox_embedded_schema(file);
	schema = e ? json_loadb(e->data, e->len, 0, NULL) : NULL;
	node = at_pointer(schema, where);
	inst = at_pointer(doc, ff->instance_path);
	if (strcmp(ff->keyword, "enum") == 0) {
		word = json_string_value(inst);
		json_array_foreach(node, i, v)
			if (json_is_string(v) && n < 63)
				names[n++] = json_string_value(v);
		names[n] = NULL;
		guess = word ? vox_suggest(word, names) : NULL;
	} else {
		const char *key;

		props = json_object_get(node, "properties");
		json_object_foreach((json_t *)props, key, v)
			if (n < 63)
				names[n++] = key;
		names[n] = NULL;
		/* The first key of the instance the schema does not know. */
		json_object_foreach((json_t *)inst, key, v)
			if (!json_object_get(props, key)) {
				guess = vox_suggest(key, names);
				break;
			}
	}
	if (guess)
		snprintf(hint, size, "; did you mean \"%s\"?", guess);
	json_decref(schema);
}

/*
 * Remove every "$comment" member, at any depth: provider.json's comments
 * (voxport-provider(5)), which nothing else may see.
 */
static void strip_comments(json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_object_del(j, "$comment");
		json_object_foreach(j, key, v)
			strip_comments(v);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			strip_comments(v);
	}
}

static int check_schema(const char *file, const json_t *doc,
			struct vox_error *err)
{
	struct vox_schemas *s = vox_schemas_new(err);
	const struct vox_schema *ps;
	struct first_failure ff;
	char hint[128];
	int rc = VOX_OK;

	if (!s)
		return VOX_ERR;
	memset(&ff, 0, sizeof(ff));
	ps = vox_schemas_get(s, "provider.schema.json", err);
	if (!ps) {
		rc = VOX_ERR;
	} else if (vox_schema_validate(ps, doc, on_failure, &ff, 1) > 0) {
		suggest_fix(&ff, doc, hint, sizeof(hint));
		rc = vox_error_set(err, VOX_E_CONFIG, "%s: %s%s%s", file,
				   ff.msg, hint,
				   ff.count > 1 ? " (and more)" : "");
	}
	vox_schemas_free(s);
	return rc;
}

/* 1 when a relative path has a ".." segment. */
static int climbs(const char *path)
{
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
		if (*p == '/')
			p++;
	}
	return 0;
}

static int load_spec(struct vox_provider *p,
		     const struct vox_source *const *formats,
		     struct vox_source_spec *spec, const json_t *j,
		     unsigned category, unsigned kind, const char *pointer,
		     struct vox_error *err)
{
	const char *format = json_string_value(json_object_get(j, "format"));
	const char *zone = json_string_value(json_object_get(j, "time_zone"));
	const char *name = vox_path_base(p->file);

	spec->category = category;
	spec->pointer = strdup(pointer);
	if (!spec->pointer)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	spec->path = json_string_value(json_object_get(j, "path"));
	spec->options = json_object_get(j, "options");
	spec->source = vox_source_table_find(formats, format);
	if (!spec->source)
		return vox_error_set(err, VOX_E_CONFIG,
				     "%s: %s/format: unknown source format "
				     "\"%s\" (see voxport formats)", name,
				     pointer, format);
	if (!(spec->source->kinds & kind))
		return vox_error_set(err, VOX_E_CONFIG,
				     "%s: %s/format: %s does not hold %ss",
				     name, pointer, format, vox_kind_name(kind));
	/* A database source's options say where; a file source's path. */
	if (spec->source->database && spec->path)
		return vox_error_set(err, VOX_E_CONFIG,
				     "%s: %s/path: %s reads a database and "
				     "takes no path (its options name the "
				     "connection)", name, pointer, format);
	if (spec->source->database)
		goto zone;
	if (!spec->path)
		return vox_error_set(err, VOX_E_CONFIG,
				     "%s: %s: %s reads a file and needs a "
				     "\"path\"", name, pointer, format);
	/*
	 * Calls, messages and recordings of a shared file or folder are
	 * matched to the subject; an address book cannot be.
	 */
	/*
	 * A relative path stays in the provider's folder: "../" could reach
	 * any file the operator can read, unseen by whoever reviews the
	 * folder.  An absolute path is the explicit way out.
	 */
	if (spec->path[0] != '/' && climbs(spec->path))
		return vox_error_set(err, VOX_E_CONFIG,
				     "%s: %s/path: \"%s\" climbs out of the "
				     "provider's folder; write an absolute "
				     "path to read outside it", name, pointer,
				     spec->path);
	if (category == VOX_CAT_CONTACTS && !strstr(spec->path, "{subject}"))
		return vox_error_set(err, VOX_E_CONFIG,
				     "%s: %s/path: a %s source is per "
				     "subscriber and needs {subject} in its "
				     "path", name, pointer, format);
zone:
	spec->time_zone = zone ? zone : p->time_zone;
	if (zone) {
		spec->tz = vox_tz_load(zone, err);
		if (!spec->tz)
			return vox_error_prefix(err, "%s: %s/time_zone", name,
						pointer);
	}
	return VOX_OK;
}

struct vox_provider *vox_provider_load(const char *path,
				       const struct vox_source *const *formats,
				       struct vox_error *err)
{
	struct vox_provider *p = calloc(1, sizeof(*p));
	json_error_t jerr;
	const json_t *sources, *country;
	char *copy;
	unsigned cat;
	size_t n = 0;

	if (!p || !(p->file = strdup(path)) || !(copy = strdup(path))) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto fail;
	}
	p->dir = strdup(dirname(copy));
	free(copy);
	if (!p->dir) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto fail;
	}
	p->doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!p->doc) {
		if (jerr.line < 0)
			vox_error_set(err, VOX_E_IO, "%s", jerr.text);
		else
			vox_error_set(err, VOX_E_CONFIG, "%s:%d:%d: %s",
				      vox_path_base(path), jerr.line, jerr.column,
				      jerr.text);
		goto fail;
	}
	strip_comments(p->doc);
	if (check_schema(vox_path_base(path), p->doc, err) != VOX_OK)
		goto fail;
	p->controller = json_object_get(p->doc, "controller");
	p->processing = json_object_get(p->doc, "processing");
	p->time_zone = json_string_value(json_object_get(p->doc, "time_zone"));
	p->tz = vox_tz_load(p->time_zone, err);
	if (!p->tz) {
		vox_error_prefix(err, "%s: /time_zone", vox_path_base(path));
		goto fail;
	}
	country = json_object_get(p->doc, "country");
	if (country) {
		if (vox_phone_plan_for_country(json_string_value(country),
					       &p->plan) != VOX_OK) {
			vox_error_set(err, VOX_E_CONFIG, "%s: /country: no "
				      "numbering plan for \"%s\"",
				      vox_path_base(path),
				      json_string_value(country));
			goto fail;
		}
		p->has_plan = 1;
	}
	if (load_spec(p, formats, &p->subscribers,
		      json_object_get(p->doc, "subscribers"), VOX_CAT_SUBJECT,
		      VOX_SUBJECT, "/subscribers", err) != VOX_OK)
		goto fail;
	p->categories = VOX_CAT_SUBJECT;

	sources = json_object_get(p->doc, "sources");
	for (cat = VOX_CAT_CONTACTS; cat <= VOX_CAT_RECORDINGS; cat <<= 1)
		n += json_array_size(json_object_get(sources,
						     vox_category_name(cat)));
	p->sources = calloc(n ? n : 1, sizeof(*p->sources));
	if (!p->sources) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto fail;
	}
	for (cat = VOX_CAT_CONTACTS; cat <= VOX_CAT_RECORDINGS; cat <<= 1) {
		const char *cname = vox_category_name(cat);
		const json_t *list = json_object_get(sources, cname), *j;
		size_t k;

		json_array_foreach(list, k, j) {
			char pointer[64];

			snprintf(pointer, sizeof(pointer), "/sources/%s/%zu",
				 cname, k);
			if (load_spec(p, formats, &p->sources[p->nsources++],
				      j, cat, vox_category_kind(cat), pointer,
				      err) != VOX_OK)
				goto fail;
			p->categories |= cat;
		}
	}
	return p;
fail:
	vox_provider_free(p);
	return NULL;
}

static void spec_release(struct vox_source_spec *s)
{
	vox_tz_free(s->tz);
	free(s->pointer);
}

void vox_provider_free(struct vox_provider *p)
{
	size_t i;

	if (!p)
		return;
	spec_release(&p->subscribers);
	for (i = 0; i < p->nsources; i++)
		spec_release(&p->sources[i]);
	free(p->sources);
	vox_tz_free(p->tz);
	json_decref(p->doc);
	free(p->dir);
	free(p->file);
	free(p);
}

const struct vox_phone_plan *vox_provider_plan(const struct vox_provider *p)
{
	return p->has_plan ? &p->plan : NULL;
}

int vox_subject_id_valid(const char *id)
{
	const char *c;

	if (!id || !isalnum((unsigned char)id[0]))
		return 0;
	for (c = id; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("._-", *c))
			return 0;
	return c - id <= 64;
}

char *vox_provider_path(const struct vox_provider *p,
			const struct vox_source_spec *s, const char *subject,
			int *per_subject, struct vox_error *err)
{
	const char *t = s->path, *mark;
	size_t cap = strlen(p->dir) + strlen(t) + 2, n = 0;
	char *out;

	*per_subject = strstr(t, "{subject}") != NULL;
	if (*per_subject) {
		/* Ids are checked here too: they end up in a path. */
		if (!vox_subject_id_valid(subject)) {
			vox_error_set(err, VOX_E_USAGE, "not a valid subscriber "
				      "id: \"%s\"", subject ? subject : "");
			return NULL;
		}
		cap += 8 * strlen(subject);
		for (mark = t; (mark = strstr(mark, "{subject}")); mark += 9)
			cap += strlen(subject);
	}
	out = malloc(cap);
	if (!out) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	if (t[0] != '/')
		n = (size_t)snprintf(out, cap, "%s/", p->dir);
	while (*t) {
		if (strncmp(t, "{subject}", 9) == 0) {
			n += (size_t)snprintf(out + n, cap - n, "%s", subject);
			t += 9;
		} else {
			out[n++] = *t++;
		}
	}
	out[n] = '\0';
	return out;
}
