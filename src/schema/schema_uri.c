/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_uri.c: how schemas address each other.  "$id" and "$ref" are URI
 * references resolved against the base URI in force (RFC 3986 section
 * 5.2); a fragment is either a plain name ("#foo", from an "$id") or a
 * percent-encoded RFC 6901 JSON pointer ("#/definitions/a%25b").
 * Everything here runs at compile time, so results go in an arena.
 */
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"

struct uri {
	const char *scheme, *auth, *path, *query, *frag;
	size_t scheme_len, auth_len, path_len, query_len, frag_len;
	unsigned has_scheme : 1, has_auth : 1, has_query : 1, has_frag : 1;
};

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t scheme_len(const char *s)
{
	size_t i;

	if (!is_alpha((unsigned char)s[0]))
		return 0;
	for (i = 1; s[i]; i++) {
		int c = (unsigned char)s[i];

		if (c == ':')
			return i;
		if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' &&
		    c != '-' && c != '.')
			return 0;
	}
	return 0;
}

static void parse(const char *s, struct uri *u)
{
	size_t n;

	memset(u, 0, sizeof(*u));
	n = scheme_len(s);
	if (n) {
		u->has_scheme = 1;
		u->scheme = s;
		u->scheme_len = n;
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		u->has_auth = 1;
		u->auth = s + 2;
		u->auth_len = strcspn(u->auth, "/?#");
		s = u->auth + u->auth_len;
	}
	u->path = s;
	u->path_len = strcspn(s, "?#");
	s += u->path_len;
	if (*s == '?') {
		u->has_query = 1;
		u->query = s + 1;
		u->query_len = strcspn(u->query, "#");
		s = u->query + u->query_len;
	}
	if (*s == '#') {
		u->has_frag = 1;
		u->frag = s + 1;
		u->frag_len = strlen(u->frag);
	}
}

static size_t last_segment_start(const char *out, size_t n)
{
	while (n > 0 && out[n - 1] != '/')
		n--;
	return n ? n - 1 : 0;
}

/* RFC 3986 section 5.2.4, from in[0..len) (modified) to out. */
static size_t remove_dots(char *in, size_t len, char *out)
{
	size_t i = 0, n = 0;

	while (i < len) {
		char *p = in + i;
		size_t left = len - i;

		if (left >= 3 && !memcmp(p, "../", 3)) {
			i += 3;
		} else if (left >= 2 && !memcmp(p, "./", 2)) {
			i += 2;
		} else if (left >= 3 && !memcmp(p, "/./", 3)) {
			i += 2;
		} else if (left == 2 && !memcmp(p, "/.", 2)) {
			in[i + 1] = '/';
			i += 1;
		} else if (left >= 4 && !memcmp(p, "/../", 4)) {
			i += 3;
			n = last_segment_start(out, n);
		} else if (left == 3 && !memcmp(p, "/..", 3)) {
			in[i + 2] = '/';
			i += 2;
			n = last_segment_start(out, n);
		} else if ((left == 1 && p[0] == '.') ||
			   (left == 2 && !memcmp(p, "..", 2))) {
			i = len;
		} else {
			size_t k = p[0] == '/';

			while (k < left && p[k] != '/')
				k++;
			memcpy(out + n, p, k);
			n += k;
			i += k;
		}
	}
	return n;
}

/* Append s[0..len) to buf at *n. */
static void put(char *buf, size_t *n, const char *s, size_t len)
{
	memcpy(buf + *n, s, len);
	*n += len;
}

/* Append a path a + b with its dot segments removed; 0 when out of memory. */
static int put_path(struct vox_arena *arena, char *buf, size_t *n,
		    const char *a, size_t alen, const char *b, size_t blen)
{
	char *tmp = vox_arena_alloc(arena, alen + blen + 1);

	if (!tmp)
		return 0;
	memcpy(tmp, a, alen);
	memcpy(tmp + alen, b, blen);
	*n += remove_dots(tmp, alen + blen, buf + *n);
	return 1;
}

char *vox_schema_uri_resolve(struct vox_arena *arena, const char *base,
			     const char *ref)
{
	struct uri b, r;
	size_t n = 0, cap;
	char *out;
	int ok = 1;

	parse(ref, &r);
	if (r.has_scheme || !base)
		b = r;
	else
		parse(base, &b);
	cap = strlen(ref) + (base ? strlen(base) : 0) + 8;
	out = vox_arena_alloc(arena, cap);
	if (!out)
		return NULL;
	if (b.has_scheme) {
		put(out, &n, b.scheme, b.scheme_len);
		put(out, &n, ":", 1);
	}
	if (r.has_scheme || r.has_auth) {
		if (r.has_auth) {
			put(out, &n, "//", 2);
			put(out, &n, r.auth, r.auth_len);
		}
		ok &= put_path(arena, out, &n, "", 0, r.path,
			       r.path_len);
		if (r.has_query) {
			put(out, &n, "?", 1);
			put(out, &n, r.query, r.query_len);
		}
	} else {
		if (b.has_auth) {
			put(out, &n, "//", 2);
			put(out, &n, b.auth, b.auth_len);
		}
		if (!r.path_len) {
			put(out, &n, b.path, b.path_len);
			if (r.has_query || b.has_query) {
				put(out, &n, "?", 1);
				if (r.has_query)
					put(out, &n, r.query, r.query_len);
				else
					put(out, &n, b.query, b.query_len);
			}
		} else {
			/* merge (section 5.2.3) unless the path is absolute */
			const char *dir = "";
			size_t keep = 0;

			if (r.path[0] != '/' && b.has_auth && !b.path_len) {
				dir = "/";
				keep = 1;
			} else if (r.path[0] != '/') {
				dir = b.path;
				keep = b.path_len;
				while (keep && b.path[keep - 1] != '/')
					keep--;
			}
			ok &= put_path(arena, out, &n, dir, keep, r.path,
				       r.path_len);
			if (r.has_query) {
				put(out, &n, "?", 1);
				put(out, &n, r.query, r.query_len);
			}
		}
	}
	if (r.has_frag) {
		put(out, &n, "#", 1);
		put(out, &n, r.frag, r.frag_len);
	}
	out[n] = '\0';
	return ok ? out : NULL;
}

int vox_schema_uri_absolute(const char *uri)
{
	return scheme_len(uri) > 0;
}

size_t vox_schema_uri_base_len(const char *uri)
{
	return strcspn(uri, "#");
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *vox_schema_uri_decode(struct vox_arena *arena, const char *s,
			    size_t len)
{
	char *out = vox_arena_alloc(arena, len + 1);
	size_t i, n = 0;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return NULL;
			hi = hex((unsigned char)s[i + 1]);
			lo = hi < 0 ? -1 : hex((unsigned char)s[i + 2]);
			if (lo < 0)
				return NULL;
			out[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	return out;
}

char *vox_schema_pointer_append(struct vox_arena *arena, const char *ptr,
				const char *s, size_t len)
{
	size_t plen = strlen(ptr), i, n = plen, extra = 0;
	char *out;

	for (i = 0; i < len; i++)
		if (s[i] == '~' || s[i] == '/')
			extra++;
	out = vox_arena_alloc(arena, plen + 1 + len + extra + 1);
	if (!out)
		return NULL;
	memcpy(out, ptr, plen);
	out[n++] = '/';
	for (i = 0; i < len; i++) {
		if (s[i] == '~' || s[i] == '/') {
			out[n++] = '~';
			out[n++] = s[i] == '~' ? '0' : '1';
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	return out;
}

const json_t *vox_schema_pointer_step(const json_t *json, const char **p)
{
	const char *s = *p + 1;
	size_t len = strcspn(s, "/"), i, n = 0, idx = 0;
	const json_t *child = NULL;
	char *key = malloc(len + 1);

	*p = s + len;
	if (!key)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] != '~') {
			key[n++] = s[i];
		} else if (i + 1 < len &&
			   (s[i + 1] == '0' || s[i + 1] == '1')) {
			key[n++] = s[i + 1] == '0' ? '~' : '/';
			i++;
		} else {
			goto out;
		}
	}
	key[n] = '\0';
	if (json_is_object(json)) {
		child = json_object_getn(json, key, n);
	} else if (json_is_array(json)) {
		if (!n || n > 18 || (key[0] == '0' && n > 1))
			goto out;
		for (i = 0; i < n; i++) {
			if (key[i] < '0' || key[i] > '9')
				goto out;
			idx = idx * 10 + (size_t)(key[i] - '0');
		}
		child = json_array_get(json, idx);
	}
out:
	free(key);
	return child;
}
