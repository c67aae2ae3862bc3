/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_keywords.c: read the keywords of one schema object into its node,
 * checking each value the way the draft-07 meta-schema does, so that a
 * broken schema is refused at compile time with the keyword's location
 * ("#/properties/start/minLength: expected a non-negative integer, got -1")
 * and the validator never meets one.  Unknown keywords are ignored, as the
 * specification asks.
 */
#include <math.h>
#include <string.h>

#include "schema_internal.h"

#define SHOWN 96

static const struct {
	const char *name;
	unsigned bits;
} type_names[] = {
	{ "null", VOX_SCHEMA_T_NULL },
	{ "boolean", VOX_SCHEMA_T_BOOLEAN },
	{ "object", VOX_SCHEMA_T_OBJECT },
	{ "array", VOX_SCHEMA_T_ARRAY },
	{ "number", VOX_SCHEMA_T_NUMBER | VOX_SCHEMA_T_INTEGER },
	{ "integer", VOX_SCHEMA_T_INTEGER },
	{ "string", VOX_SCHEMA_T_STRING },
};

static int expected(struct vox_schema_compiler *c, const char *kw,
		    const char *what, const json_t *got)
{
	char shown[SHOWN];

	return vox_schema_bad(c, kw, "expected %s, got %s", what,
			      vox_schema_show(shown, sizeof(shown), got));
}

static int integral(const json_t *v)
{
	double d;

	if (json_is_integer(v))
		return 1;
	d = json_real_value(v);
	return json_is_real(v) && isfinite(d) && floor(d) == d;
}

/* minLength and friends: a non-negative integer (2.0 counts). */
static int get_count(struct vox_schema_compiler *c, const json_t *json,
		     const char *kw, size_t *out, int *has)
{
	const json_t *v = json_object_get(json, kw);
	double d;

	*has = 0;
	if (!v)
		return VOX_OK;
	if (!integral(v) || json_number_value(v) < 0)
		return expected(c, kw, "a non-negative integer", v);
	d = json_number_value(v);
	if (json_is_integer(v))
		*out = (size_t)json_integer_value(v);
	else
		*out = d >= (double)SIZE_MAX ? SIZE_MAX : (size_t)d;
	*has = 1;
	return VOX_OK;
}

static int get_num(struct vox_schema_compiler *c, const json_t *json,
		   const char *kw, struct vox_schema_num *out, int *has)
{
	const json_t *v = json_object_get(json, kw);

	*has = 0;
	if (!v)
		return VOX_OK;
	if (!json_is_number(v))
		return expected(c, kw, "a number", v);
	out->is_int = json_is_integer(v);
	out->i = out->is_int ? json_integer_value(v) : 0;
	out->d = json_number_value(v);
	*has = 1;
	return VOX_OK;
}

/*
 * A schema-valued keyword; *out stays NULL when absent.  A value that is
 * not a schema is refused when its node is compiled, at its own location.
 */
static int get_schema(struct vox_schema_compiler *c, const json_t *json,
		      const char *kw, const struct vox_schema_node **out)
{
	const json_t *v = json_object_get(json, kw);

	*out = NULL;
	if (!v)
		return VOX_OK;
	*out = vox_schema_sub(c, v, kw, NULL, 0);
	return *out ? VOX_OK : VOX_ERR;
}

static int schema_list(struct vox_schema_compiler *c, const json_t *v,
		       const char *kw, const struct vox_schema_node ***out,
		       size_t *n)
{
	const json_t *item;
	char num[32];
	size_t i;

	if (!json_is_array(v) || !json_array_size(v))
		return expected(c, kw, "a non-empty array of schemas", v);
	*n = json_array_size(v);
	*out = vox_schema_alloc(c, *n, sizeof(**out));
	if (!*out)
		return VOX_ERR;
	json_array_foreach(v, i, item) {
		int len = snprintf(num, sizeof(num), "%zu", i);

		(*out)[i] = vox_schema_sub(c, item, kw, num, (size_t)len);
		if (!(*out)[i])
			return VOX_ERR;
	}
	return VOX_OK;
}

/* "required" and the array form of "dependencies": unique strings. */
static int name_list(struct vox_schema_compiler *c, const json_t *v,
		     const char *kw, struct vox_schema_name **out, size_t *n)
{
	const json_t *item;
	size_t i, j;

	if (!json_is_array(v))
		return expected(c, kw, "an array of strings", v);
	*n = json_array_size(v);
	*out = vox_schema_alloc(c, *n ? *n : 1, sizeof(**out));
	if (!*out)
		return VOX_ERR;
	json_array_foreach(v, i, item) {
		struct vox_schema_name *name = &(*out)[i];

		if (!json_is_string(item))
			return expected(c, kw, "an array of strings", v);
		name->len = json_string_length(item);
		name->name = vox_schema_strndup(c, json_string_value(item),
						name->len);
		name->prop = -1;
		if (!name->name)
			return VOX_ERR;
		for (j = 0; j < i; j++)
			if ((*out)[j].len == name->len &&
			    !memcmp((*out)[j].name, name->name, name->len))
				return expected(c, kw, "unique strings", v);
	}
	return VOX_OK;
}

static struct vox_schema_objkw *obj(struct vox_schema_compiler *c,
				    struct vox_schema_node *n)
{
	if (!n->obj)
		n->obj = vox_schema_alloc(c, 1, sizeof(*n->obj));
	return n->obj;
}

static struct vox_schema_arrkw *arr(struct vox_schema_compiler *c,
				    struct vox_schema_node *n)
{
	if (!n->arr)
		n->arr = vox_schema_alloc(c, 1, sizeof(*n->arr));
	return n->arr;
}

static struct vox_schema_strkw *str(struct vox_schema_compiler *c,
				    struct vox_schema_node *n)
{
	if (!n->str)
		n->str = vox_schema_alloc(c, 1, sizeof(*n->str));
	return n->str;
}

static struct vox_schema_numkw *num(struct vox_schema_compiler *c,
				    struct vox_schema_node *n)
{
	if (!n->num)
		n->num = vox_schema_alloc(c, 1, sizeof(*n->num));
	return n->num;
}

static struct vox_schema_anykw *any(struct vox_schema_compiler *c,
				    struct vox_schema_node *n)
{
	if (!n->any)
		n->any = vox_schema_alloc(c, 1, sizeof(*n->any));
	return n->any;
}

/* The index of a type name in type_names, or -1. */
static int type_index(const json_t *v)
{
	const char *s = json_string_value(v);
	size_t i;

	for (i = 0; s && i < sizeof(type_names) / sizeof(*type_names); i++)
		if (!strcmp(s, type_names[i].name))
			return (int)i;
	return -1;
}

static int kw_type(struct vox_schema_compiler *c, struct vox_schema_node *n,
		   const json_t *v)
{
	static const char what[] =
		"a type name or an array of unique type names";
	const json_t *item;
	unsigned seen = 0, mask = 0;
	size_t i;
	int k;

	if (json_is_string(v)) {
		k = type_index(v);
		if (k < 0)
			return expected(c, "type", what, v);
		mask = type_names[k].bits;
	} else if (json_is_array(v) && json_array_size(v)) {
		json_array_foreach(v, i, item) {
			k = type_index(item);
			if (k < 0 || (seen & 1u << k))
				return expected(c, "type", what, v);
			seen |= 1u << k;
			mask |= type_names[k].bits;
		}
	} else {
		return expected(c, "type", what, v);
	}
	n->types = mask;
	n->typed = 1;
	return VOX_OK;
}

/* Place every property at its slot; 0 when two would share one. */
static int place(struct vox_schema_objkw *o, int perfect)
{
	size_t i;

	memset(o->table, 0, ((size_t)o->mask + 1) * sizeof(*o->table));
	for (i = 0; i < o->nprops; i++) {
		uint32_t h = vox_schema_slot(o->props[i].print, o->seed,
					     o->shift);

		while (o->table[h]) {
			if (perfect)
				return 0;
			h = (h + 1) & o->mask;
		}
		o->table[h] = (uint16_t)(i + 1);
	}
	return 1;
}

/*
 * Look for a multiplier that gives every property a slot of its own, so
 * that finding a member's schema costs one probe; with none in a few
 * hundred tries, fall back to linear probing.
 */
static int property_table(struct vox_schema_compiler *c,
			  struct vox_schema_objkw *o)
{
	uint64_t rng = 0x853c49e6748fea9bULL;
	unsigned bits = 3, extra, tries;

	while (((size_t)1 << bits) < 2 * o->nprops)
		bits++;
	o->table = vox_schema_alloc(c, (size_t)1 << (bits + 2),
				    sizeof(*o->table));
	if (!o->table)
		return VOX_ERR;
	for (extra = 0; extra < 3; extra++) {
		o->shift = 32 - (bits + extra);
		o->mask = ((uint32_t)1 << (bits + extra)) - 1;
		for (tries = 0; tries < 200; tries++) {
			rng = rng * 6364136223846793005ULL +
			      1442695040888963407ULL;
			o->seed = (uint32_t)(rng >> 32) | 1;
			if (place(o, 1)) {
				o->perfect = 1;
				return VOX_OK;
			}
		}
	}
	o->shift = 32 - bits;
	o->mask = ((uint32_t)1 << bits) - 1;
	o->seed = 0x9E3779B1u;
	place(o, 0);
	return VOX_OK;
}

static int kw_properties(struct vox_schema_compiler *c,
			 struct vox_schema_objkw *o, const json_t *v)
{
	const char *key;
	const json_t *sub;
	size_t klen, i = 0;

	if (!json_is_object(v))
		return expected(c, "properties", "an object of schemas", v);
	o->nprops = json_object_size(v);
	if (o->nprops >= 16384)
		return vox_schema_bad(c, "properties", "too many properties");
	o->props = vox_schema_alloc(c, o->nprops ? o->nprops : 1,
				    sizeof(*o->props));
	if (!o->props)
		return VOX_ERR;
	json_object_keylen_foreach((json_t *)v, key, klen, sub) {
		struct vox_schema_prop *p = &o->props[i++];

		p->name = vox_schema_strndup(c, key, klen);
		p->len = klen;
		p->print = vox_schema_name_print(key, klen);
		p->node = p->name ? vox_schema_sub(c, sub, "properties", key,
						   klen)
				  : NULL;
		if (!p->node)
			return VOX_ERR;
	}
	return property_table(c, o);
}

static int kw_pattern_properties(struct vox_schema_compiler *c,
				 struct vox_schema_objkw *o, const json_t *v)
{
	const char *key;
	const json_t *sub;
	size_t klen, i = 0;

	if (!json_is_object(v))
		return expected(c, "patternProperties",
				"an object of schemas", v);
	o->npprops = json_object_size(v);
	o->pprops = vox_schema_alloc(c, o->npprops ? o->npprops : 1,
				     sizeof(*o->pprops));
	if (!o->pprops)
		return VOX_ERR;
	json_object_keylen_foreach((json_t *)v, key, klen, sub) {
		struct vox_schema_pattern *p = &o->pprops[i++];

		p->src = vox_schema_strndup(c, key, klen);
		if (!p->src || vox_schema_regex(c, "patternProperties", key,
						klen, p))
			return VOX_ERR;
		p->node = vox_schema_sub(c, sub, "patternProperties", key,
					 klen);
		if (!p->node)
			return VOX_ERR;
	}
	return VOX_OK;
}

static int kw_dependencies(struct vox_schema_compiler *c,
			   struct vox_schema_objkw *o, const json_t *v)
{
	const char *key;
	const json_t *sub;
	size_t klen, i = 0;

	if (!json_is_object(v))
		return expected(c, "dependencies",
				"an object of schemas or arrays of strings",
				v);
	o->ndeps = json_object_size(v);
	o->deps = vox_schema_alloc(c, o->ndeps ? o->ndeps : 1,
				   sizeof(*o->deps));
	if (!o->deps)
		return VOX_ERR;
	json_object_keylen_foreach((json_t *)v, key, klen, sub) {
		struct vox_schema_dep *d = &o->deps[i++];

		d->name = vox_schema_strndup(c, key, klen);
		d->len = klen;
		if (!d->name)
			return VOX_ERR;
		if (json_is_array(sub)) {
			if (name_list(c, sub, "dependencies", &d->names,
				      &d->nnames))
				return VOX_ERR;
		} else {
			d->node = vox_schema_sub(c, sub, "dependencies", key,
						 klen);
			if (!d->node)
				return VOX_ERR;
		}
	}
	return VOX_OK;
}

static int object_keywords(struct vox_schema_compiler *c,
			   struct vox_schema_node *n, const json_t *json)
{
	struct vox_schema_objkw o = { 0 };
	const json_t *v;
	size_t i, j;
	int has;

	if ((v = json_object_get(json, "properties")) &&
	    kw_properties(c, &o, v))
		return VOX_ERR;
	if ((v = json_object_get(json, "patternProperties")) &&
	    kw_pattern_properties(c, &o, v))
		return VOX_ERR;
	if (get_schema(c, json, "additionalProperties", &o.additional) ||
	    get_schema(c, json, "propertyNames", &o.names))
		return VOX_ERR;
	if ((v = json_object_get(json, "required")) &&
	    name_list(c, v, "required", &o.required, &o.nrequired))
		return VOX_ERR;
	if ((v = json_object_get(json, "dependencies")) &&
	    kw_dependencies(c, &o, v))
		return VOX_ERR;
	if (get_count(c, json, "minProperties", &o.min, &has))
		return VOX_ERR;
	o.has_min = has;
	if (get_count(c, json, "maxProperties", &o.max, &has))
		return VOX_ERR;
	o.has_max = has;
	/* A required property that is also declared is found by index. */
	for (i = 0; i < o.nrequired; i++)
		for (j = 0; j < o.nprops && j < VOX_SCHEMA_SEEN_MAX; j++)
			if (o.props[j].len == o.required[i].len &&
			    !memcmp(o.props[j].name, o.required[i].name,
				    o.props[j].len))
				o.required[i].prop = (int)j;
	o.iterate = o.nprops || o.npprops || o.additional || o.names;
	if (!o.iterate && !o.nrequired && !o.ndeps && !o.has_min && !o.has_max)
		return VOX_OK;
	if (!obj(c, n))
		return VOX_ERR;
	*n->obj = o;
	return VOX_OK;
}

static int array_keywords(struct vox_schema_compiler *c,
			  struct vox_schema_node *n, const json_t *json)
{
	struct vox_schema_arrkw a = { 0 };
	const json_t *v = json_object_get(json, "items");
	int has;

	if (json_is_array(v)) {
		if (schema_list(c, v, "items", &a.tuple, &a.ntuple))
			return VOX_ERR;
		a.is_tuple = 1;
	} else if (get_schema(c, json, "items", &a.items)) {
		return VOX_ERR;
	}
	if (get_schema(c, json, "additionalItems", &a.additional) ||
	    get_schema(c, json, "contains", &a.contains))
		return VOX_ERR;
	/* additionalItems means something only after an items array. */
	if (!a.is_tuple)
		a.additional = NULL;
	if (get_count(c, json, "minItems", &a.min, &has))
		return VOX_ERR;
	a.has_min = has;
	if (get_count(c, json, "maxItems", &a.max, &has))
		return VOX_ERR;
	a.has_max = has;
	v = json_object_get(json, "uniqueItems");
	if (v && !json_is_boolean(v))
		return expected(c, "uniqueItems", "a boolean", v);
	a.unique = json_is_true(v);
	if (!a.items && !a.is_tuple && !a.contains && !a.has_min &&
	    !a.has_max && !a.unique)
		return VOX_OK;
	if (!arr(c, n))
		return VOX_ERR;
	*n->arr = a;
	return VOX_OK;
}

static int string_keywords(struct vox_schema_compiler *c,
			   struct vox_schema_node *n, const json_t *json)
{
	struct vox_schema_strkw s = { 0 };
	const json_t *v;
	int has;

	if (get_count(c, json, "minLength", &s.min, &has))
		return VOX_ERR;
	s.has_min = has;
	if (get_count(c, json, "maxLength", &s.max, &has))
		return VOX_ERR;
	s.has_max = has;
	if ((v = json_object_get(json, "pattern"))) {
		if (!json_is_string(v))
			return expected(c, "pattern",
					"a regular expression string", v);
		s.pattern.src = vox_schema_strndup(c, json_string_value(v),
						   json_string_length(v));
		if (!s.pattern.src ||
		    vox_schema_regex(c, "pattern", json_string_value(v),
				     json_string_length(v), &s.pattern))
			return VOX_ERR;
	}
	if ((v = json_object_get(json, "format"))) {
		if (!json_is_string(v))
			return expected(c, "format", "a string", v);
		s.format = vox_schema_format_find(json_string_value(v));
	}
	if (!s.has_min && !s.has_max && !s.pattern.re && !s.format)
		return VOX_OK;
	if (!str(c, n))
		return VOX_ERR;
	*n->str = s;
	return VOX_OK;
}

static int number_keywords(struct vox_schema_compiler *c,
			   struct vox_schema_node *n, const json_t *json)
{
	struct vox_schema_numkw k = { 0 };
	int has[5];

	if (get_num(c, json, "minimum", &k.min, &has[0]) ||
	    get_num(c, json, "maximum", &k.max, &has[1]) ||
	    get_num(c, json, "exclusiveMinimum", &k.xmin, &has[2]) ||
	    get_num(c, json, "exclusiveMaximum", &k.xmax, &has[3]) ||
	    get_num(c, json, "multipleOf", &k.mult, &has[4]))
		return VOX_ERR;
	if (has[4] && !(k.mult.d > 0))
		return expected(c, "multipleOf", "a number above 0",
				json_object_get(json, "multipleOf"));
	k.has_min = has[0];
	k.has_max = has[1];
	k.has_xmin = has[2];
	k.has_xmax = has[3];
	k.has_mult = has[4];
	if (!has[0] && !has[1] && !has[2] && !has[3] && !has[4])
		return VOX_OK;
	if (!num(c, n))
		return VOX_ERR;
	*n->num = k;
	return VOX_OK;
}

static int any_keywords(struct vox_schema_compiler *c,
			struct vox_schema_node *n, const json_t *json)
{
	struct vox_schema_anykw a = { 0 };
	const struct vox_schema_node *then_ = NULL, *else_ = NULL;
	const json_t *v;

	if ((v = json_object_get(json, "enum"))) {
		if (!json_is_array(v))
			return expected(c, "enum", "an array", v);
		if (!vox_schema_keep(c, (json_t *)v))
			return VOX_ERR;
		a.enum_values = (json_t *)v;
	}
	if ((v = json_object_get(json, "const"))) {
		if (!vox_schema_keep(c, (json_t *)v))
			return VOX_ERR;
		a.const_value = (json_t *)v;
		a.has_const = 1;
	}
	if ((v = json_object_get(json, "allOf")) &&
	    schema_list(c, v, "allOf", &a.all_of, &a.nall_of))
		return VOX_ERR;
	if ((v = json_object_get(json, "anyOf")) &&
	    schema_list(c, v, "anyOf", &a.any_of, &a.nany_of))
		return VOX_ERR;
	if ((v = json_object_get(json, "oneOf")) &&
	    schema_list(c, v, "oneOf", &a.one_of, &a.none_of))
		return VOX_ERR;
	if (get_schema(c, json, "not", &a.not_) ||
	    get_schema(c, json, "if", &a.if_) ||
	    get_schema(c, json, "then", &then_) ||
	    get_schema(c, json, "else", &else_))
		return VOX_ERR;
	/* then and else mean something only with if, and if only with one
	 * of them; the unused parts were still checked above. */
	if (a.if_ && (then_ || else_)) {
		a.then_ = then_;
		a.else_ = else_;
	} else {
		a.if_ = NULL;
	}
	if (!a.enum_values && !a.has_const && !a.nall_of && !a.nany_of &&
	    !a.none_of && !a.not_ && !a.if_)
		return VOX_OK;
	if (!any(c, n))
		return VOX_ERR;
	*n->any = a;
	return VOX_OK;
}

/* Keywords whose value only needs the right JSON type. */
static int annotations(struct vox_schema_compiler *c, const json_t *json)
{
	static const char *const strings[] = {
		"$schema", "$comment", "title", "description",
		"contentMediaType", "contentEncoding",
	};
	static const char *const booleans[] = { "readOnly", "writeOnly" };
	const json_t *v;
	size_t i;

	for (i = 0; i < sizeof(strings) / sizeof(*strings); i++) {
		v = json_object_get(json, strings[i]);
		if (v && !json_is_string(v))
			return expected(c, strings[i], "a string", v);
	}
	for (i = 0; i < sizeof(booleans) / sizeof(*booleans); i++) {
		v = json_object_get(json, booleans[i]);
		if (v && !json_is_boolean(v))
			return expected(c, booleans[i], "a boolean", v);
	}
	v = json_object_get(json, "examples");
	if (v && !json_is_array(v))
		return expected(c, "examples", "an array", v);
	v = json_object_get(json, "$id");
	if (v && !json_is_string(v))
		return expected(c, "$id", "a string", v);
	return VOX_OK;
}

/* Unused definitions are compiled too, so that they are checked. */
static int definitions(struct vox_schema_compiler *c, const json_t *json)
{
	const json_t *v = json_object_get(json, "definitions"), *sub;
	const char *key;
	size_t klen;

	if (!v)
		return VOX_OK;
	if (!json_is_object(v))
		return expected(c, "definitions", "an object of schemas", v);
	json_object_keylen_foreach((json_t *)v, key, klen, sub) {
		if (!vox_schema_sub(c, sub, "definitions", key, klen))
			return VOX_ERR;
	}
	return VOX_OK;
}

int vox_schema_compile_keywords(struct vox_schema_compiler *c,
				struct vox_schema_node *n, const json_t *json)
{
	const json_t *type = json_object_get(json, "type");

	if (annotations(c, json) || definitions(c, json))
		return VOX_ERR;
	if (type && kw_type(c, n, type))
		return VOX_ERR;
	if (object_keywords(c, n, json) || array_keywords(c, n, json) ||
	    string_keywords(c, n, json) || number_keywords(c, n, json) ||
	    any_keywords(c, n, json))
		return VOX_ERR;
	return VOX_OK;
}
