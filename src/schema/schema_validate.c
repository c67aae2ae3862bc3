/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_validate.c: check an instance against a compiled schema.
 *
 * Validation runs twice only when it fails.  The first run answers "valid
 * or not": it stops at the first failure, builds no path and no message,
 * and allocates nothing (PCRE2 match data lives in a buffer on the stack,
 * and patterns are JIT-compiled).  Only an invalid instance is walked again
 * in report mode, which goes on after a failure and hands each one, with
 * its instance path and schema location, to the caller's callback.
 *
 * Subschemas that are only tried (anyOf, oneOf, not, if, contains,
 * propertyNames) always run in quiet mode, whatever the outer mode.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"

/* Room for PCRE2's general context and one match data, on the stack. */
#define PCRE2_ROOM 1024

struct vctx {
	vox_schema_report_fn cb;
	void *cb_ctx;
	unsigned max, nerr;
	unsigned depth;
	int report, stop;
	pcre2_general_context *gc;
	pcre2_match_data *md;
	size_t mem_used;
	_Alignas(16) unsigned char mem[PCRE2_ROOM];
	size_t npath;
	struct vox_schema_seg path[VOX_SCHEMA_MAX_DEPTH + 1];
};

/*
 * After a failure: quiet mode wants no more than the answer, and report
 * mode stops once max_errors were reported; otherwise go on, remembering.
 */
#define FAILED(v, ok)                                                        \
	do {                                                                 \
		if (!(v)->report || (v)->stop)                               \
			return 0;                                            \
		(ok) = 0;                                                    \
	} while (0)

static int check(struct vctx *v, const struct vox_schema_node *n,
		 const json_t *x);

/*
 * Report one failure of keyword kw of node n; the message is the value x
 * shown as JSON (when x is set) followed by fmt.  Returns 0.
 */
__attribute__((format(printf, 5, 6))) static int
fail(struct vctx *v, const struct vox_schema_node *n, const char *kw,
     const json_t *x, const char *fmt, ...)
{
	char ipath[1024], spath[1024], msg[512], shown[128];
	struct vox_schema_failure f;
	va_list ap;
	int len = 0;

	if (!v->report || v->stop)
		return 0;
	vox_schema_path(ipath, sizeof(ipath), v->path, v->npath);
	snprintf(spath, sizeof(spath), "%s%s%s", n->loc, *kw ? "/" : "", kw);
	if (x)
		len = snprintf(msg, sizeof(msg), "%s ",
			       vox_schema_show(shown, sizeof(shown), x));
	va_start(ap, fmt);
	vsnprintf(msg + len, sizeof(msg) - (size_t)len, fmt, ap);
	va_end(ap);
	f.instance_path = ipath;
	f.schema_path = spath;
	f.keyword = kw;
	f.message = msg;
	v->cb(v->cb_ctx, &f);
	if (++v->nerr >= v->max)
		v->stop = 1;
	return 0;
}

/* A subschema that is only tried: quiet, whatever the mode. */
static int quietly(struct vctx *v, const struct vox_schema_node *n,
	       const json_t *x)
{
	int report = v->report, r;

	v->report = 0;
	r = check(v, n, x);
	v->report = report;
	return r;
}

static void push_key(struct vctx *v, const char *key, size_t len)
{
	v->path[v->npath].key = key;
	v->path[v->npath++].len_or_index = len;
}

static void push_index(struct vctx *v, size_t i)
{
	v->path[v->npath].key = NULL;
	v->path[v->npath++].len_or_index = i;
}

/* PCRE2 allocates from the context's stack room before using malloc. */
static void *room_alloc(PCRE2_SIZE size, void *data)
{
	struct vctx *v = data;
	size_t need = (size + 15) & ~(size_t)15;

	if (need <= sizeof(v->mem) - v->mem_used) {
		v->mem_used += need;
		return v->mem + v->mem_used - need;
	}
	return malloc(size);
}

static void room_free(void *p, void *data)
{
	struct vctx *v = data;
	uintptr_t a = (uintptr_t)p, lo = (uintptr_t)v->mem;

	if (a >= lo && a < lo + sizeof(v->mem))
		return;
	free(p);
}

/*
 * 1 match, 0 no match, -1 error (out of memory, match limit).  The JIT
 * entry point skips pcre2_match()'s checks, the UTF-8 check included:
 * jansson strings are valid UTF-8.
 */
static int match(struct vctx *v, const struct vox_schema_pattern *p,
		 const char *s, size_t len)
{
	int rc;

	if (!v->md) {
		if (!v->gc)
			v->gc = pcre2_general_context_create(room_alloc,
							     room_free, v);
		if (v->gc)
			v->md = pcre2_match_data_create(1, v->gc);
		if (!v->md)
			return -1;
	}
	if (p->jit)
		rc = pcre2_jit_match(p->re, (PCRE2_SPTR)s, len, 0, 0, v->md,
				     NULL);
	else
		rc = pcre2_match(p->re, (PCRE2_SPTR)s, len, 0, 0, v->md, NULL);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

static int type_failure(struct vctx *v, const struct vox_schema_node *n,
			const json_t *x)
{
	static const unsigned order[] = {
		VOX_SCHEMA_T_STRING, VOX_SCHEMA_T_NUMBER,
		VOX_SCHEMA_T_INTEGER, VOX_SCHEMA_T_OBJECT, VOX_SCHEMA_T_ARRAY,
		VOX_SCHEMA_T_BOOLEAN, VOX_SCHEMA_T_NULL,
	};
	char what[128];
	unsigned types = n->types, left, i;
	size_t len = 0;

	if (!v->report)
		return 0;
	/* "number" covers "integer" */
	if (types & VOX_SCHEMA_T_NUMBER)
		types &= ~(unsigned)VOX_SCHEMA_T_INTEGER;
	left = types;
	what[0] = '\0';
	for (i = 0; i < sizeof(order) / sizeof(*order); i++) {
		if (!(types & order[i]))
			continue;
		left &= ~order[i];
		len += (size_t)snprintf(what + len, sizeof(what) - len, "%s%s",
					len ? (left ? ", " : " or ") : "",
					vox_schema_type_name(order[i]));
	}
	return fail(v, n, "type", x, "is not %s", what);
}

static const char *show_num(char *buf, size_t size,
			    const struct vox_schema_num *num)
{
	if (num->is_int)
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, num->i);
	else if (snprintf(buf, size, "%.15g", num->d) > 0 &&
		 strtod(buf, NULL) != num->d)
		snprintf(buf, size, "%.17g", num->d);
	return buf;
}

static int multiple_of(const json_t *x, const struct vox_schema_num *m)
{
	double q;

	if (json_is_integer(x) && m->is_int)
		return json_integer_value(x) % m->i == 0;
	q = json_number_value(x) / m->d;
	/* a quotient off an integer by rounding only: 0.3 / 0.1 */
	return isfinite(q) && fabs(q - round(q)) <= fabs(q) * 4 * DBL_EPSILON;
}

static int check_number(struct vctx *v, const struct vox_schema_node *n,
			const json_t *x)
{
	const struct vox_schema_numkw *k = n->num;
	char b[40];
	int ok = 1;

	if (k->has_min && vox_schema_num_cmp(x, &k->min) < 0) {
		fail(v, n, "minimum", x, "is less than the minimum of %s",
		     show_num(b, sizeof(b), &k->min));
		FAILED(v, ok);
	}
	if (k->has_max && vox_schema_num_cmp(x, &k->max) > 0) {
		fail(v, n, "maximum", x, "is greater than the maximum of %s",
		     show_num(b, sizeof(b), &k->max));
		FAILED(v, ok);
	}
	if (k->has_xmin && vox_schema_num_cmp(x, &k->xmin) <= 0) {
		fail(v, n, "exclusiveMinimum", x,
		     "is not greater than the exclusive minimum of %s",
		     show_num(b, sizeof(b), &k->xmin));
		FAILED(v, ok);
	}
	if (k->has_xmax && vox_schema_num_cmp(x, &k->xmax) >= 0) {
		fail(v, n, "exclusiveMaximum", x,
		     "is not less than the exclusive maximum of %s",
		     show_num(b, sizeof(b), &k->xmax));
		FAILED(v, ok);
	}
	if (k->has_mult && !multiple_of(x, &k->mult)) {
		fail(v, n, "multipleOf", x, "is not a multiple of %s",
		     show_num(b, sizeof(b), &k->mult));
		FAILED(v, ok);
	}
	return ok;
}

/*
 * Code points of a jansson string, which is valid UTF-8: the bytes that
 * are not continuation bytes.  (The core's text.c has the same count; the
 * schema module keeps its own so that it needs nothing of the core.)
 */
static size_t utf8_length(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static int check_string(struct vctx *v, const struct vox_schema_node *n,
			const json_t *x)
{
	const struct vox_schema_strkw *k = n->str;
	const char *s = json_string_value(x);
	size_t len = json_string_length(x), cp;
	char shown[128];
	int ok = 1, r;

	/* a code point takes 1 to 4 bytes: count only when that matters */
	if ((k->has_max && len > k->max) || (k->has_min && len / 4 < k->min)) {
		cp = utf8_length(s, len);
		if (k->has_min && cp < k->min) {
			fail(v, n, "minLength", x,
			     "is shorter than %zu characters", k->min);
			FAILED(v, ok);
		}
		if (k->has_max && cp > k->max) {
			fail(v, n, "maxLength", x,
			     "is longer than %zu characters", k->max);
			FAILED(v, ok);
		}
	}
	if (k->pattern.re && (r = match(v, &k->pattern, s, len)) != 1) {
		if (v->report)
			fail(v, n, "pattern", x, "%s %s",
			     r ? "could not be matched against"
			       : "does not match",
			     vox_schema_show_str(shown, sizeof(shown),
						 k->pattern.src,
						 strlen(k->pattern.src)));
		FAILED(v, ok);
	}
	if (k->format && !k->format->check(s, len)) {
		fail(v, n, "format", x, "is not %s", k->format->what);
		FAILED(v, ok);
	}
	return ok;
}

/* Compare items pairwise, or by sorted hashes when there are many. */
struct hashed {
	uint64_t hash;
	size_t index;
};

static int by_hash(const void *a, const void *b)
{
	const struct hashed *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/*
 * 1 when all items differ; else 0 with the first equal pair in *i < *j,
 * or -1 when items are nested too deep to compare.
 */
static int unique(const json_t *x, size_t *i, size_t *j)
{
	size_t n = json_array_size(x), a, b;
	struct hashed *h = n > 16 ? malloc(n * sizeof(*h)) : NULL;
	int r, res = 1;

	if (!h) {
		for (a = 0; a < n; a++)
			for (b = a + 1; b < n; b++) {
				r = vox_schema_equal(json_array_get(x, a),
						     json_array_get(x, b));
				if (r) {
					*i = a;
					*j = b;
					return r > 0 ? 0 : -1;
				}
			}
		return 1;
	}
	for (a = 0; a < n; a++) {
		h[a].index = a;
		if (vox_schema_hash(json_array_get(x, a), &h[a].hash)) {
			free(h);
			return -1;
		}
	}
	qsort(h, n, sizeof(*h), by_hash);
	for (a = 0; a < n && res == 1; a++)
		for (b = a + 1; b < n && h[b].hash == h[a].hash; b++) {
			r = vox_schema_equal(json_array_get(x, h[a].index),
					     json_array_get(x, h[b].index));
			if (r) {
				*i = h[a].index;
				*j = h[b].index;
				res = r > 0 ? 0 : -1;
				break;
			}
		}
	free(h);
	return res;
}

static int check_array(struct vctx *v, const struct vox_schema_node *n,
		       const json_t *x)
{
	const struct vox_schema_arrkw *k = n->arr;
	size_t size = json_array_size(x), i, j, saved = v->npath;
	const json_t *item;
	int ok = 1, r;

	if (k->has_min && size < k->min) {
		fail(v, n, "minItems", x, "has fewer than %zu items", k->min);
		FAILED(v, ok);
	}
	if (k->has_max && size > k->max) {
		fail(v, n, "maxItems", x, "has more than %zu items", k->max);
		FAILED(v, ok);
	}
	if (k->is_tuple) {
		for (i = 0; i < size && i < k->ntuple; i++) {
			push_index(v, i);
			r = check(v, k->tuple[i], json_array_get(x, i));
			v->npath = saved;
			if (!r)
				FAILED(v, ok);
		}
		if (k->additional && size > k->ntuple &&
		    k->additional->never && !k->additional->ref) {
			fail(v, n, "additionalItems", x,
			     "has more than the %zu items of \"items\"",
			     k->ntuple);
			FAILED(v, ok);
		} else if (k->additional) {
			for (i = k->ntuple; i < size; i++) {
				push_index(v, i);
				r = check(v, k->additional,
					  json_array_get(x, i));
				v->npath = saved;
				if (!r)
					FAILED(v, ok);
			}
		}
	} else if (k->items) {
		json_array_foreach(x, i, item) {
			push_index(v, i);
			r = check(v, k->items, item);
			v->npath = saved;
			if (!r)
				FAILED(v, ok);
		}
	}
	if (k->contains) {
		r = 0;
		json_array_foreach(x, i, item)
			if ((r = quietly(v, k->contains, item)))
				break;
		if (!r) {
			fail(v, n, "contains", x,
			     "has no item that matches \"contains\"");
			FAILED(v, ok);
		}
	}
	if (k->unique && (r = unique(x, &i, &j)) != 1) {
		if (r < 0)
			fail(v, n, "uniqueItems", x,
			     "has items nested too deep to compare");
		else
			fail(v, n, "uniqueItems", x,
			     "has equal items at %zu and %zu", i, j);
		FAILED(v, ok);
	}
	return ok;
}

static int prop_index(const struct vox_schema_objkw *k, const char *key,
		      size_t len)
{
	uint32_t print = vox_schema_name_print(key, len);
	uint32_t h = vox_schema_slot(print, k->seed, k->shift);
	unsigned i;

	while ((i = k->table[h])) {
		const struct vox_schema_prop *p = &k->props[i - 1];

		if (p->print == print && p->len == len &&
		    !memcmp(p->name, key, len))
			return (int)i - 1;
		if (k->perfect)
			return -1;
		h = (h + 1) & k->mask;
	}
	return -1;
}

/* propertyNames: the key as a JSON string, tried quietly. */
static int check_name(struct vctx *v, const struct vox_schema_node *names,
		      const char *key, size_t len)
{
	json_t *s = json_stringn_nocheck(key, len);
	int r;

	if (!s)
		return 0;
	r = quietly(v, names, s);
	json_decref(s);
	return r;
}

/* Visit each member for properties, patternProperties, additional... */
static int check_members(struct vctx *v, const struct vox_schema_node *n,
			 const json_t *x, uint64_t *seen)
{
	const struct vox_schema_objkw *k = n->obj;
	size_t klen, i, saved = v->npath;
	const char *key;
	json_t *val;
	void *it;
	char shown[128];
	int ok = 1, r, idx, matched;

	for (it = json_object_iter((json_t *)x); it;
	     it = json_object_iter_next((json_t *)x, it)) {
		key = json_object_iter_key(it);
		klen = json_object_iter_key_len(it);
		val = json_object_iter_value(it);
		matched = 0;
		if (k->nprops && (idx = prop_index(k, key, klen)) >= 0) {
			matched = 1;
			if (idx < VOX_SCHEMA_SEEN_MAX)
				seen[idx / 64] |= (uint64_t)1 << (idx % 64);
			push_key(v, key, klen);
			r = check(v, k->props[idx].node, val);
			v->npath = saved;
			if (!r)
				FAILED(v, ok);
		}
		for (i = 0; i < k->npprops; i++) {
			r = match(v, &k->pprops[i], key, klen);
			if (r < 0) {
				fail(v, n, "patternProperties", NULL,
				     "property name %s could not be matched",
				     vox_schema_show_str(shown, sizeof(shown),
							 key, klen));
				FAILED(v, ok);
			}
			if (r <= 0)
				continue;
			matched = 1;
			push_key(v, key, klen);
			r = check(v, k->pprops[i].node, val);
			v->npath = saved;
			if (!r)
				FAILED(v, ok);
		}
		if (!matched && k->additional) {
			if (k->additional->never && !k->additional->ref) {
				fail(v, n, "additionalProperties", NULL,
				     "property %s is not allowed",
				     vox_schema_show_str(shown, sizeof(shown),
							 key, klen));
				FAILED(v, ok);
			} else {
				push_key(v, key, klen);
				r = check(v, k->additional, val);
				v->npath = saved;
				if (!r)
					FAILED(v, ok);
			}
		}
		if (k->names && !check_name(v, k->names, key, klen)) {
			fail(v, n, "propertyNames", NULL,
			     "property name %s does not match "
			     "\"propertyNames\"",
			     vox_schema_show_str(shown, sizeof(shown), key,
						 klen));
			FAILED(v, ok);
		}
	}
	return ok;
}

static int has_member(const struct vox_schema_objkw *k, const json_t *x,
		      const struct vox_schema_name *name,
		      const uint64_t *seen)
{
	if (name->prop >= 0 && k->nprops && seen)
		return (seen[name->prop / 64] >> (name->prop % 64)) & 1;
	return json_object_getn(x, name->name, name->len) != NULL;
}

static int check_object(struct vctx *v, const struct vox_schema_node *n,
			const json_t *x)
{
	const struct vox_schema_objkw *k = n->obj;
	uint64_t seen[VOX_SCHEMA_SEEN_MAX / 64] = { 0 };
	size_t size = json_object_size(x), i, j;
	char a[128], b[128];
	int ok = 1;

	if (k->has_min && size < k->min) {
		fail(v, n, "minProperties", x,
		     "has fewer than %zu properties", k->min);
		FAILED(v, ok);
	}
	if (k->has_max && size > k->max) {
		fail(v, n, "maxProperties", x, "has more than %zu properties",
		     k->max);
		FAILED(v, ok);
	}
	if (k->iterate && !check_members(v, n, x, seen))
		FAILED(v, ok);
	for (i = 0; i < k->nrequired; i++) {
		const struct vox_schema_name *r = &k->required[i];

		if (has_member(k, x, r, k->iterate ? seen : NULL))
			continue;
		fail(v, n, "required", NULL, "missing required property %s",
		     vox_schema_show_str(a, sizeof(a), r->name, r->len));
		FAILED(v, ok);
	}
	for (i = 0; i < k->ndeps; i++) {
		const struct vox_schema_dep *d = &k->deps[i];

		if (!json_object_getn(x, d->name, d->len))
			continue;
		if (d->node && !check(v, d->node, x))
			FAILED(v, ok);
		for (j = 0; j < d->nnames; j++) {
			if (json_object_getn(x, d->names[j].name,
					     d->names[j].len))
				continue;
			fail(v, n, "dependencies", NULL,
			     "property %s requires property %s",
			     vox_schema_show_str(a, sizeof(a), d->name,
						 d->len),
			     vox_schema_show_str(b, sizeof(b),
						 d->names[j].name,
						 d->names[j].len));
			FAILED(v, ok);
		}
	}
	return ok;
}

static int check_any(struct vctx *v, const struct vox_schema_node *n,
		     const json_t *x)
{
	const struct vox_schema_anykw *k = n->any;
	size_t i, count, first = 0, second = 0;
	json_t *e;
	char shown[128];
	int ok = 1, found;

	if (k->enum_values) {
		found = 0;
		json_array_foreach(k->enum_values, i, e)
			if ((found = vox_schema_equal(x, e) == 1))
				break;
		if (!found) {
			fail(v, n, "enum", x, "is not one of %s",
			     vox_schema_show(shown, sizeof(shown),
					     k->enum_values));
			FAILED(v, ok);
		}
	}
	if (k->has_const && vox_schema_equal(x, k->const_value) != 1) {
		fail(v, n, "const", x, "is not equal to %s",
		     vox_schema_show(shown, sizeof(shown), k->const_value));
		FAILED(v, ok);
	}
	for (i = 0; i < k->nall_of; i++)
		if (!check(v, k->all_of[i], x))
			FAILED(v, ok);
	if (k->nany_of) {
		for (i = 0; i < k->nany_of; i++)
			if (quietly(v, k->any_of[i], x))
				break;
		if (i == k->nany_of) {
			fail(v, n, "anyOf", x,
			     "matches none of the %zu schemas of \"anyOf\"",
			     k->nany_of);
			FAILED(v, ok);
		}
	}
	if (k->none_of) {
		count = 0;
		for (i = 0; i < k->none_of && count < 2; i++) {
			if (!quietly(v, k->one_of[i], x))
				continue;
			if (count++)
				second = i;
			else
				first = i;
		}
		if (count == 0) {
			fail(v, n, "oneOf", x,
			     "matches none of the %zu schemas of \"oneOf\"",
			     k->none_of);
			FAILED(v, ok);
		} else if (count > 1) {
			fail(v, n, "oneOf", x,
			     "matches schemas %zu and %zu of \"oneOf\", "
			     "not exactly one",
			     first, second);
			FAILED(v, ok);
		}
	}
	if (k->not_ && quietly(v, k->not_, x)) {
		fail(v, n, "not", x, "matches the schema of \"not\"");
		FAILED(v, ok);
	}
	if (k->if_) {
		const struct vox_schema_node *then = quietly(v, k->if_, x)
							     ? k->then_
							     : k->else_;

		if (then && !check(v, then, x))
			FAILED(v, ok);
	}
	return ok;
}

static int check_node(struct vctx *v, const struct vox_schema_node *n,
		      const json_t *x)
{
	unsigned t;
	int ok = 1;

	if (n->never)
		return fail(v, n, "", x, "is not allowed here (false schema)");
	t = vox_schema_type_of(x);
	if (!(n->types & t))
		return type_failure(v, n, x);
	switch (t) {
	case VOX_SCHEMA_T_OBJECT:
		if (n->obj && !check_object(v, n, x))
			FAILED(v, ok);
		break;
	case VOX_SCHEMA_T_ARRAY:
		if (n->arr && !check_array(v, n, x))
			FAILED(v, ok);
		break;
	case VOX_SCHEMA_T_STRING:
		if (n->str && !check_string(v, n, x))
			FAILED(v, ok);
		break;
	case VOX_SCHEMA_T_NUMBER:
	case VOX_SCHEMA_T_INTEGER:
		if (n->num && !check_number(v, n, x))
			FAILED(v, ok);
		break;
	default:
		break;
	}
	if (n->any && !check_any(v, n, x))
		FAILED(v, ok);
	return ok;
}

static int check(struct vctx *v, const struct vox_schema_node *n,
		 const json_t *x)
{
	size_t npath = v->npath;
	int r;

	/* compile refused $ref cycles, so this chain ends */
	while (n->ref)
		n = n->ref;
	if (v->depth >= VOX_SCHEMA_MAX_DEPTH)
		return fail(v, n, "", NULL, "nested deeper than %d levels",
			    VOX_SCHEMA_MAX_DEPTH);
	v->depth++;
	r = check_node(v, n, x);
	v->depth--;
	v->npath = npath;
	return r;
}

int vox_schema_validate(const struct vox_schema *schema,
			const json_t *instance, vox_schema_report_fn cb,
			void *ctx, unsigned max_errors)
{
	struct vctx v;
	int ok;

	if (!schema || !instance)
		return 1;
	v.cb = cb;
	v.cb_ctx = ctx;
	v.max = max_errors;
	v.nerr = 0;
	v.depth = 0;
	v.report = 0;
	v.stop = 0;
	v.gc = NULL;
	v.md = NULL;
	v.mem_used = 0;
	v.npath = 0;
	ok = check(&v, schema->root, instance);
	if (!ok && cb && max_errors) {
		v.report = 1;
		check(&v, schema->root, instance);
	}
	if (v.md)
		pcre2_match_data_free(v.md);
	if (v.gc)
		pcre2_general_context_free(v.gc);
	if (ok)
		return 0;
	return v.nerr ? (int)v.nerr : 1;
}
