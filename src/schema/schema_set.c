/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_set.c: the documents a schema may refer to, and where a URI
 * points among them.
 *
 * Each document is a resource under its URI, and so is every subschema
 * with an "$id" that changes the base URI (draft-07 section 8.2); an "$id"
 * with a plain-name fragment ("#foo") is an anchor.  Documents not in the
 * set come from the built-in draft-07 meta-schema or the caller's resolver
 * when a $ref first needs them.
 */
#include <string.h>

#include "schema_internal.h"

struct resource {
	const char *uri;	/* without fragment */
	const char *base;	/* base URI inside: uri, or an alias's "$id" */
	const char *anchor;	/* plain-name fragment, or NULL */
	const json_t *json;
	const char *doc;	/* the document's URI */
	const char *ptr;	/* escaped JSON pointer from the document */
};

struct vox_schema_set {
	struct vox_arena arena;	/* strings and arrays of the set */
	json_t **docs;
	size_t ndocs, cap_docs;
	struct resource *res;
	size_t nres, cap_res;
	vox_schema_resolve_fn resolve;
	void *resolve_ctx;
};

/* The subschemas of a schema object, whose "$id"s count. */
static const char *const map_keywords[] = {
	"definitions", "properties", "patternProperties", "dependencies",
};
static const char *const one_keywords[] = {
	"items", "additionalItems", "additionalProperties", "contains",
	"propertyNames", "if", "then", "else", "not",
};
static const char *const list_keywords[] = {
	"items", "allOf", "anyOf", "oneOf",
};

struct vox_schema_set *vox_schema_set_new(void)
{
	struct vox_schema_set *set = calloc(1, sizeof(*set));

	if (set)
		vox_arena_init(&set->arena);
	return set;
}

void vox_schema_set_free(struct vox_schema_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->ndocs; i++)
		json_decref(set->docs[i]);
	vox_arena_release(&set->arena);
	free(set);
}

void vox_schema_set_resolver(struct vox_schema_set *set,
			     vox_schema_resolve_fn fn, void *ctx)
{
	set->resolve = fn;
	set->resolve_ctx = ctx;
}

static const struct resource *find(const struct vox_schema_set *set,
				   const char *uri, size_t len,
				   const char *anchor)
{
	size_t i;

	for (i = 0; i < set->nres; i++) {
		const struct resource *r = &set->res[i];

		if (strlen(r->uri) != len || memcmp(r->uri, uri, len))
			continue;
		if (!anchor ? !r->anchor
			    : r->anchor && !strcmp(r->anchor, anchor))
			return r;
	}
	return NULL;
}

static int nomem(struct vox_error *err)
{
	return vox_error_set(err, VOX_E_NOMEM, "out of memory");
}

static int add_resource(struct vox_schema_set *set, const char *uri,
			const char *base, const char *anchor,
			const json_t *json,
			const char *doc, const char *ptr,
			struct vox_error *err)
{
	const struct resource *old = find(set, uri, strlen(uri), anchor);
	struct resource *r;

	if (old) {
		if (old->json == json)
			return VOX_OK;
		return vox_error_set(err, VOX_E_SCHEMA,
				     "%s%s%s: defined twice, at %s#%s and "
				     "%s#%s",
				     uri, anchor ? "#" : "",
				     anchor ? anchor : "", old->doc, old->ptr,
				     doc, ptr);
	}
	r = vox_arena_push(&set->arena, &set->res, &set->nres, &set->cap_res,
			   sizeof(*r));
	if (!r)
		return nomem(err);
	r->uri = uri;
	r->base = base;
	r->anchor = anchor;
	r->json = json;
	r->doc = doc;
	r->ptr = ptr;
	return VOX_OK;
}

/*
 * Register what the "$id" of json defines, and return in *base the base
 * URI in force inside it.  In draft-07 a "$ref" makes its siblings,
 * "$id" included, ignored.
 */
static int take_id(struct vox_schema_set *set, const json_t *json,
		   const char **base, const char *doc, const char *ptr,
		   int is_root, struct vox_error *err)
{
	const json_t *id = json_object_get(json, "$id");
	const char *abs;
	char *uri, *frag;
	size_t blen;

	if (!id || json_object_get(json, "$ref"))
		return VOX_OK;
	if (!json_is_string(id))
		return vox_error_set(err, VOX_E_SCHEMA,
				     "%s#%s/$id: expected a string", doc, ptr);
	abs = vox_schema_uri_resolve(&set->arena, *base, json_string_value(id));
	if (!abs)
		return nomem(err);
	blen = vox_schema_uri_base_len(abs);
	uri = vox_arena_strndup(&set->arena, abs, blen);
	if (!uri)
		return nomem(err);
	frag = abs[blen] ? (char *)abs + blen + 1 : NULL;
	if (!is_root && strcmp(uri, *base) &&
	    add_resource(set, uri, uri, NULL, json, doc, ptr, err))
		return VOX_ERR;
	/* A pointer fragment in an "$id" names nothing new. */
	if (frag && *frag && *frag != '/' &&
	    add_resource(set, uri, uri, frag, json, doc, ptr, err))
		return VOX_ERR;
	*base = uri;
	return VOX_OK;
}

static int scan(struct vox_schema_set *set, const json_t *json,
		const char *base, const char *doc, const char *ptr,
		unsigned depth, struct vox_error *err);

static int scan_child(struct vox_schema_set *set, const json_t *json,
		      const char *base, const char *doc, const char *ptr,
		      const char *kw, const char *sub, size_t sublen,
		      unsigned depth, struct vox_error *err)
{
	char *p = vox_schema_pointer_append(&set->arena, ptr, kw, strlen(kw));

	if (p && sub)
		p = vox_schema_pointer_append(&set->arena, p, sub, sublen);
	if (!p)
		return nomem(err);
	return scan(set, json, base, doc, p, depth + 1, err);
}

/* Find the "$id"s below a schema, where keywords hold subschemas. */
static int scan(struct vox_schema_set *set, const json_t *json,
		const char *base, const char *doc, const char *ptr,
		unsigned depth, struct vox_error *err)
{
	const char *key;
	const json_t *v;
	size_t i, klen;
	char num[32];

	if (!json_is_object(json) || json_object_get(json, "$ref"))
		return VOX_OK;
	if (depth > VOX_SCHEMA_MAX_DEPTH)
		return vox_error_set(err, VOX_E_LIMIT,
				     "%s: schema nested deeper than %d levels",
				     doc, VOX_SCHEMA_MAX_DEPTH);
	if (depth && take_id(set, json, &base, doc, ptr, 0, err))
		return VOX_ERR;
	for (i = 0; i < sizeof(one_keywords) / sizeof(*one_keywords); i++) {
		v = json_object_get(json, one_keywords[i]);
		if (v && scan_child(set, v, base, doc, ptr, one_keywords[i],
				    NULL, 0, depth, err))
			return VOX_ERR;
	}
	for (i = 0; i < sizeof(map_keywords) / sizeof(*map_keywords); i++) {
		const json_t *map = json_object_get(json, map_keywords[i]);

		if (!json_is_object(map))
			continue;
		json_object_keylen_foreach((json_t *)map, key, klen, v) {
			if (scan_child(set, v, base, doc, ptr,
				       map_keywords[i], key, klen, depth, err))
				return VOX_ERR;
		}
	}
	for (i = 0; i < sizeof(list_keywords) / sizeof(*list_keywords); i++) {
		const json_t *list = json_object_get(json, list_keywords[i]);
		size_t j;

		if (!json_is_array(list))
			continue;
		json_array_foreach(list, j, v) {
			int n = snprintf(num, sizeof(num), "%zu", j);

			if (scan_child(set, v, base, doc, ptr,
				       list_keywords[i], num, (size_t)n,
				       depth, err))
				return VOX_ERR;
		}
	}
	return VOX_OK;
}

int vox_schema_set_add(struct vox_schema_set *set, const char *uri,
		       json_t *doc, struct vox_error *err)
{
	const char *base = NULL, *given = NULL;
	json_t **slot;
	size_t n = set->nres;

	if (uri) {
		given = vox_arena_strndup(&set->arena, uri,
					  vox_schema_uri_base_len(uri));
		if (!given)
			return nomem(err);
		base = given;
	}
	if (json_is_object(doc) && take_id(set, doc, &base, "", "", 1, err))
		return vox_error_prefix(err, "%s", uri ? uri : "schema");
	if (!base || !*base)
		return vox_error_set(err, VOX_E_SCHEMA, "schema has no \"$id\" "
				     "and no URI was given");
	if (add_resource(set, base, base, NULL, doc, base, "", err) ||
	    (given && strcmp(given, base) &&
	     add_resource(set, given, base, NULL, doc, base, "", err)))
		goto fail;
	/* The root's own anchor, if its "$id" has one, was not registered. */
	if (json_is_object(doc) && !json_object_get(doc, "$ref")) {
		const char *id = json_string_value(json_object_get(doc, "$id"));
		const char *hash = id ? strchr(id, '#') : NULL;

		if (hash && hash[1] && hash[1] != '/' &&
		    add_resource(set, base, base, hash + 1, doc, base, "",
				 err))
			goto fail;
	}
	if (scan(set, doc, base, base, "", 0, err))
		goto fail;
	slot = vox_arena_push(&set->arena, &set->docs, &set->ndocs,
			      &set->cap_docs, sizeof(*slot));
	if (!slot) {
		nomem(err);
		goto fail;
	}
	*slot = json_incref(doc);
	return VOX_OK;
fail:
	/* Forget what this document registered, so the set stays usable. */
	set->nres = n;
	return VOX_ERR;
}

int vox_schema_set_add_text(struct vox_schema_set *set, const char *uri,
			    const char *text, size_t len,
			    struct vox_error *err)
{
	json_error_t jerr;
	json_t *doc = json_loadb(text, len, JSON_ALLOW_NUL, &jerr);
	int rc;

	if (!doc)
		return vox_error_set(err, VOX_E_DATA, "%s:%d: %s",
				     uri ? uri : "schema", jerr.line,
				     jerr.text);
	rc = vox_schema_set_add(set, uri, doc, err);
	json_decref(doc);
	return rc;
}

/* A document not in the set: the meta-schema, or ask the resolver. */
static const struct resource *fetch(struct vox_schema_set *set,
				    const char *uri, struct vox_error *err)
{
	json_t *doc = NULL;
	int rc;

	if (!strcmp(uri, vox_schema_draft7_uri)) {
		rc = vox_schema_set_add_text(set, NULL, vox_schema_draft7_text,
					     strlen(vox_schema_draft7_text),
					     err);
		return rc ? NULL : find(set, uri, strlen(uri), NULL);
	}
	if (set->resolve) {
		vox_error_clear(err);
		doc = set->resolve(set->resolve_ctx, uri, err);
		if (!doc && err && err->code != VOX_E_NONE)
			return NULL;
	}
	if (!doc) {
		vox_error_set(err, VOX_E_SCHEMA, "no schema document %s", uri);
		return NULL;
	}
	rc = vox_schema_set_add(set, uri, doc, err);
	json_decref(doc);
	return rc ? NULL : find(set, uri, strlen(uri), NULL);
}

int vox_schema_set_lookup(struct vox_schema_set *set, const char *uri,
			  struct vox_arena *arena,
			  struct vox_schema_target *t, struct vox_error *err)
{
	size_t blen = vox_schema_uri_base_len(uri);
	const struct resource *r = find(set, uri, blen, NULL);
	const char *frag = uri[blen] ? uri + blen + 1 : "";
	const json_t *json;
	const char *base, *p;
	char *doc_uri;

	if (!r) {
		doc_uri = vox_arena_strndup(arena, uri, blen);
		if (!doc_uri)
			return nomem(err);
		r = fetch(set, doc_uri, err);
		if (!r)
			return VOX_ERR;
	}
	frag = vox_schema_uri_decode(arena, frag, strlen(frag));
	if (!frag)
		return vox_error_set(err, VOX_E_SCHEMA,
				     "bad percent-encoding in fragment");
	t->doc = r->doc;
	if (*frag && *frag != '/') {
		const struct resource *a = find(set, uri, blen, frag);

		if (!a)
			return vox_error_set(err, VOX_E_SCHEMA,
					     "no \"$id\" \"#%s\" in %s", frag,
					     r->uri);
		t->json = a->json;
		t->base = a->base;
		t->doc = a->doc;
		t->ptr = a->ptr;
		return VOX_OK;
	}
	json = r->json;
	base = r->base;
	for (p = frag; *p;) {
		const json_t *id;

		json = vox_schema_pointer_step(json, &p);
		if (!json)
			return vox_error_set(err, VOX_E_SCHEMA,
					     "no \"%s\" in %s", frag, r->uri);
		id = json_object_get(json, "$id");
		if (json_is_string(id) && !json_object_get(json, "$ref")) {
			char *abs = vox_schema_uri_resolve(
				arena, base, json_string_value(id));

			if (!abs)
				return nomem(err);
			abs[vox_schema_uri_base_len(abs)] = '\0';
			base = abs;
		}
	}
	t->json = json;
	t->base = base;
	t->ptr = r->ptr;
	if (*frag) {
		size_t plen = strlen(r->ptr), flen = strlen(frag);
		char *ptr = vox_arena_alloc(arena, plen + flen + 1);

		if (!ptr)
			return nomem(err);
		memcpy(ptr, r->ptr, plen);
		memcpy(ptr + plen, frag, flen + 1);
		t->ptr = ptr;
	}
	return VOX_OK;
}
