/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_equal.c: JSON equality as JSON Schema means it, for enum, const
 * and uniqueItems.  Numbers are equal by value whatever their spelling
 * (1, 1.0 and 1e0 are one number), which jansson's json_equal() does not
 * do; the hash agrees with that equality so that uniqueItems can sort
 * long arrays instead of comparing every pair.  Both stop at
 * VOX_SCHEMA_MAX_DEPTH and say so, rather than recursing without bound.
 */
#include <math.h>
#include <string.h>

#include "schema_internal.h"

int vox_schema_int_double_cmp(json_int_t i, double d)
{
	double f;
	json_int_t fi;

	/* 2^63: every json_int_t is below, and -2^63 is exact */
	if (d >= 9223372036854775808.0)
		return -1;
	if (d < -9223372036854775808.0)
		return 1;
	f = floor(d);
	fi = (json_int_t)f;
	if (i != fi)
		return i < fi ? -1 : 1;
	return d > f ? -1 : 0;
}

int vox_schema_num_cmp(const json_t *x, const struct vox_schema_num *n)
{
	double d;

	if (json_is_integer(x)) {
		json_int_t i = json_integer_value(x);

		if (n->is_int)
			return (i > n->i) - (i < n->i);
		return vox_schema_int_double_cmp(i, n->d);
	}
	d = json_real_value(x);
	if (n->is_int)
		return -vox_schema_int_double_cmp(n->i, d);
	return (d > n->d) - (d < n->d);
}

static int equal(const json_t *a, const json_t *b, unsigned depth)
{
	const char *key;
	const json_t *va, *vb;
	size_t i, klen;
	int r;

	if (a == b)
		return 1;
	if (depth > VOX_SCHEMA_MAX_DEPTH)
		return -1;
	if (json_is_number(a) && json_is_number(b)) {
		struct vox_schema_num n;

		n.is_int = json_is_integer(b);
		n.i = n.is_int ? json_integer_value(b) : 0;
		n.d = json_number_value(b);
		return vox_schema_num_cmp(a, &n) == 0;
	}
	if (json_typeof(a) != json_typeof(b))
		return 0;
	switch (json_typeof(a)) {
	case JSON_STRING:
		return json_string_length(a) == json_string_length(b) &&
		       !memcmp(json_string_value(a), json_string_value(b),
			       json_string_length(a));
	case JSON_ARRAY:
		if (json_array_size(a) != json_array_size(b))
			return 0;
		json_array_foreach(a, i, va) {
			r = equal(va, json_array_get(b, i), depth + 1);
			if (r != 1)
				return r;
		}
		return 1;
	case JSON_OBJECT:
		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_keylen_foreach((json_t *)a, key, klen, va) {
			vb = json_object_getn(b, key, klen);
			if (!vb)
				return 0;
			r = equal(va, vb, depth + 1);
			if (r != 1)
				return r;
		}
		return 1;
	default:
		/* true, false, null: the same type is the same value */
		return 1;
	}
}

int vox_schema_equal(const json_t *a, const json_t *b)
{
	return equal(a, b, 0);
}

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t bytes_hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static int hash(const json_t *a, uint64_t *out, unsigned depth)
{
	const char *key;
	const json_t *v;
	uint64_t h, sub;
	size_t i, klen;
	double d;

	if (depth > VOX_SCHEMA_MAX_DEPTH)
		return -1;
	switch (json_typeof(a)) {
	case JSON_INTEGER:
		*out = mix((uint64_t)json_integer_value(a));
		return 0;
	case JSON_REAL:
		d = json_real_value(a);
		/* an integral value hashes as the integer it equals */
		if (floor(d) == d && d >= -9223372036854775808.0 &&
		    d < 9223372036854775808.0) {
			*out = mix((uint64_t)(json_int_t)d);
		} else {
			memcpy(&h, &d, sizeof(h));
			*out = mix(h);
		}
		return 0;
	case JSON_STRING:
		*out = mix(bytes_hash(json_string_value(a),
				      json_string_length(a)) + 1);
		return 0;
	case JSON_ARRAY:
		h = 2;
		json_array_foreach(a, i, v) {
			if (hash(v, &sub, depth + 1))
				return -1;
			h = mix(h * 31 + sub);
		}
		*out = h;
		return 0;
	case JSON_OBJECT:
		/* members in any order: a sum of member hashes */
		h = 3;
		json_object_keylen_foreach((json_t *)a, key, klen, v) {
			if (hash(v, &sub, depth + 1))
				return -1;
			h += mix(bytes_hash(key, klen) ^ mix(sub));
		}
		*out = mix(h);
		return 0;
	case JSON_TRUE:
		*out = 4;
		return 0;
	case JSON_FALSE:
		*out = 5;
		return 0;
	default:
		*out = 6;
		return 0;
	}
}

int vox_schema_hash(const json_t *a, uint64_t *out)
{
	return hash(a, out, 0);
}
