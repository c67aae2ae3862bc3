/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_compile.c: turn a schema document into the node graph the
 * validator walks.
 *
 * Each subschema reached becomes one node, found again by its JSON value
 * and base URI, so a $ref back to an ancestor (recursive schemas) is an
 * edge to a node that already exists.  Subschemas are compiled from a work
 * list rather than by recursion: nesting and $ref chains of any length
 * cost no C stack.  When the list is empty every $ref has been resolved,
 * and the cycle check refuses loops that would not consume the instance.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"

#define MEMO_BUCKETS 1024

struct memo {
	const json_t *json;
	const char *base;
	struct vox_schema_node *node;
	struct memo *next;
};

struct work {
	struct vox_schema_node *node;
	const json_t *json;
	const char *base, *doc, *ptr;
};

struct vox_schema_compiler {
	struct vox_schema_set *set;
	struct vox_schema *s;
	struct vox_arena tmp;	/* compile-time strings and the memo */
	struct memo *memo[MEMO_BUCKETS];
	struct work *work;	/* a stack */
	size_t nwork, cap_work;
	struct work cur;	/* the subschema being compiled */
	const char *root_doc;
	size_t root_dir_len;	/* root_doc up to its last '/' */
	struct vox_error *err;
};

static int nomem(struct vox_schema_compiler *c)
{
	return vox_error_set(c->err, VOX_E_NOMEM, "out of memory");
}

void *vox_schema_alloc(struct vox_schema_compiler *c, size_t n, size_t size)
{
	void *p = vox_arena_calloc(&c->s->arena, n, size);

	if (!p)
		nomem(c);
	return p;
}

char *vox_schema_strndup(struct vox_schema_compiler *c, const char *s,
			 size_t len)
{
	char *p = vox_arena_strndup(&c->s->arena, s, len);

	if (!p)
		nomem(c);
	return p;
}

int vox_schema_bad(struct vox_schema_compiler *c, const char *kw,
		   const char *fmt, ...)
{
	char msg[VOX_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return vox_error_set(c->err, VOX_E_SCHEMA, "%s%s%s: %s",
			     c->cur.node->loc, *kw ? "/" : "", kw, msg);
}

/*
 * How a location is shown: "#/..." in the compiled document, the file
 * name for a sibling in the same folder, the whole URI otherwise.
 */
static const char *show_loc(struct vox_schema_compiler *c, const char *doc,
			    const char *ptr)
{
	const char *name = doc;

	if (!strcmp(doc, c->root_doc))
		name = "";
	else if (c->root_dir_len && !strncmp(doc, c->root_doc, c->root_dir_len))
		name = doc + c->root_dir_len;
	return vox_arena_printf(&c->s->arena, "%s#%s", name, ptr);
}

static size_t memo_hash(const json_t *json)
{
	uintptr_t h = (uintptr_t)json;

	return (size_t)((h >> 4) ^ (h >> 14)) % MEMO_BUCKETS;
}

static struct vox_schema_node *get_node(struct vox_schema_compiler *c,
					const json_t *json, const char *base,
					const char *doc, const char *ptr)
{
	struct memo *m, **bucket = &c->memo[memo_hash(json)];
	struct vox_schema_node *n, **slot;
	struct work *w;
	/* true and false are shared values: a node each time keeps loc right */
	int shared = json_is_boolean(json);

	for (m = shared ? NULL : *bucket; m; m = m->next)
		if (m->json == json && !strcmp(m->base, base))
			return m->node;
	n = vox_schema_alloc(c, 1, sizeof(*n));
	slot = n ? vox_arena_push(&c->s->arena, &c->s->nodes, &c->s->nnodes,
				  &c->s->cap_nodes, sizeof(*slot))
		 : NULL;
	m = slot ? vox_arena_alloc(&c->tmp, sizeof(*m)) : NULL;
	if (!m) {
		nomem(c);
		return NULL;
	}
	*slot = n;
	n->index = (unsigned)(c->s->nnodes - 1);
	n->types = VOX_SCHEMA_T_ALL;
	n->loc = show_loc(c, doc, ptr);
	if (!n->loc) {
		nomem(c);
		return NULL;
	}
	m->json = json;
	m->base = base;
	m->node = n;
	m->next = *bucket;
	*bucket = m;
	if (c->nwork == c->cap_work) {
		size_t cap = c->cap_work ? c->cap_work * 2 : 64;

		w = realloc(c->work, cap * sizeof(*w));
		if (!w) {
			nomem(c);
			return NULL;
		}
		c->work = w;
		c->cap_work = cap;
	}
	w = &c->work[c->nwork++];
	w->node = n;
	w->json = json;
	w->base = base;
	w->doc = doc;
	w->ptr = ptr;
	return n;
}

const struct vox_schema_node *vox_schema_sub(struct vox_schema_compiler *c,
					     const json_t *json,
					     const char *kw, const char *sub,
					     size_t sublen)
{
	const char *base = c->cur.base;
	const json_t *id;
	char *ptr;

	ptr = vox_schema_pointer_append(&c->tmp, c->cur.ptr, kw, strlen(kw));
	if (ptr && sub)
		ptr = vox_schema_pointer_append(&c->tmp, ptr, sub, sublen);
	if (!ptr) {
		nomem(c);
		return NULL;
	}
	id = json_object_get(json, "$id");
	if (json_is_string(id) && !json_object_get(json, "$ref")) {
		char *abs = vox_schema_uri_resolve(&c->tmp, base,
						   json_string_value(id));

		if (!abs) {
			nomem(c);
			return NULL;
		}
		abs[vox_schema_uri_base_len(abs)] = '\0';
		base = abs;
	}
	return get_node(c, json, base, c->cur.doc, ptr);
}

/* PCRE2 options closest to ECMA-262 regular expressions. */
int vox_schema_regex(struct vox_schema_compiler *c, const char *kw,
		     const char *src, size_t len,
		     struct vox_schema_pattern *p)
{
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	pcre2_code *re, **slot;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	size_t jit_size = 0;
	int code;

	if (!cc)
		return nomem(c);
	pcre2_set_compile_extra_options(cc, PCRE2_EXTRA_ALT_BSUX);
	pcre2_set_newline(cc, PCRE2_NEWLINE_ANYCRLF);
	re = pcre2_compile((PCRE2_SPTR)src, len,
			   PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY,
			   &code, &off, cc);
	pcre2_compile_context_free(cc);
	if (!re) {
		char shown[128];

		pcre2_get_error_message(code, msg, sizeof(msg));
		return vox_schema_bad(c, kw,
				      "bad regular expression %s: %s at %zu",
				      vox_schema_show_str(shown, sizeof(shown),
							  src, len),
				      (const char *)msg, (size_t)off);
	}
	slot = vox_arena_push(&c->s->arena, &c->s->regexes, &c->s->nregexes,
			      &c->s->cap_regexes, sizeof(*slot));
	if (!slot) {
		pcre2_code_free(re);
		return nomem(c);
	}
	*slot = re;
	/* Without JIT the interpreter still works, only slower. */
	p->jit = !pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) &&
		 !pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &jit_size) &&
		 jit_size > 0;
	p->re = re;
	return VOX_OK;
}

json_t *vox_schema_keep(struct vox_schema_compiler *c, json_t *value)
{
	json_t **slot = vox_arena_push(&c->s->arena, &c->s->values,
				       &c->s->nvalues, &c->s->cap_values,
				       sizeof(*slot));

	if (!slot) {
		nomem(c);
		return NULL;
	}
	*slot = json_incref(value);
	return value;
}

static int compile_one(struct vox_schema_compiler *c)
{
	struct vox_schema_node *n = c->cur.node;
	const json_t *json = c->cur.json, *ref;
	struct vox_schema_target t;
	char shown[128];
	const char *abs;

	if (json_is_boolean(json)) {
		n->never = json_is_false(json);
		return VOX_OK;
	}
	if (!json_is_object(json))
		return vox_schema_bad(c, "",
				      "a schema must be an object or a "
				      "boolean, got %s",
				      vox_schema_show(shown, sizeof(shown),
						      json));
	ref = json_object_get(json, "$ref");
	if (!ref)
		return vox_schema_compile_keywords(c, n, json);
	if (!json_is_string(ref))
		return vox_schema_bad(c, "$ref", "expected a string, got %s",
				      vox_schema_show(shown, sizeof(shown),
						      ref));
	abs = vox_schema_uri_resolve(&c->tmp, c->cur.base,
				     json_string_value(ref));
	if (!abs)
		return nomem(c);
	if (vox_schema_set_lookup(c->set, abs, &c->tmp, &t, c->err)) {
		if (c->err && c->err->code == VOX_E_NOMEM)
			return VOX_ERR;
		return vox_error_prefix(c->err, "%s/$ref: unresolved %s",
					n->loc,
					vox_schema_show(shown, sizeof(shown),
							ref));
	}
	n->ref = get_node(c, t.json, t.base, t.doc, t.ptr);
	return n->ref ? VOX_OK : VOX_ERR;
}

void vox_schema_free(struct vox_schema *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nregexes; i++)
		pcre2_code_free(s->regexes[i]);
	for (i = 0; i < s->nvalues; i++)
		json_decref(s->values[i]);
	vox_arena_release(&s->arena);
	free(s);
}

struct vox_schema *vox_schema_compile(struct vox_schema_set *set,
				      const char *uri,
				      struct vox_error *err)
{
	struct vox_schema_compiler *c = calloc(1, sizeof(*c));
	struct vox_schema_target t;
	struct vox_schema *s = calloc(1, sizeof(*s));
	const char *slash;
	int rc = VOX_ERR;

	if (!c || !s) {
		free(c);
		free(s);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	vox_arena_init(&s->arena);
	vox_arena_init(&c->tmp);
	c->set = set;
	c->s = s;
	c->err = err;
	if (vox_schema_set_lookup(set, uri, &c->tmp, &t, err)) {
		vox_error_prefix(err, "%s", uri);
		goto out;
	}
	c->root_doc = t.doc;
	slash = strrchr(t.doc, '/');
	c->root_dir_len = slash ? (size_t)(slash - t.doc) + 1 : 0;
	s->root = get_node(c, t.json, t.base, t.doc, t.ptr);
	if (!s->root)
		goto out;
	while (c->nwork) {
		c->cur = c->work[--c->nwork];
		if (compile_one(c))
			goto out;
	}
	rc = vox_schema_check_cycles(s, err);
out:
	free(c->work);
	vox_arena_release(&c->tmp);
	free(c);
	if (rc) {
		vox_schema_free(s);
		return NULL;
	}
	return s;
}
