/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_load.c: a one-pass JSON parser into jansson values, and jansson on
 * an arena (see json_load.h).
 *
 * The parser takes RFC 8259 as jansson 2.14 reads it: whitespace is space,
 * tab, CR and LF; strings are strict UTF-8 with no control characters and
 * no "\u0000" (JSON_ALLOW_NUL is not taken); an integer is what fits a
 * json_int_t, other numbers are doubles.  It gives up rather than guess:
 * every "fail" below means "let json_loadb() say", so a document it
 * accepts is one jansson accepts, into the same tree, and a document it
 * refuses gets jansson's own verdict and message.  What it gives up on
 * that jansson might accept (integers of 19 digits, escaped keys, nests
 * deeper than MAX_DEPTH, strings of more than UNESCAPE_MAX escaped bytes,
 * reals strtod() flags) is rare in records and costs only a second parse.
 */
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_load.h"
#include "text.h"

/* Well under jansson's JSON_PARSER_MAX_DEPTH (2048), which the fallback
 * then enforces with its own message. */
#define MAX_DEPTH 256
/* Room for a string's unescaped bytes (escapes only shrink it). */
#define UNESCAPE_MAX 4096

struct parse {
	const char *p, *end;
	size_t flags;
	int depth;
	char tmp[UNESCAPE_MAX];
};

static json_t *value(struct parse *ps);

static void skip_space(struct parse *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' ||
				   *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

/*
 * The string at ps->p (its opening quote): *s and *len get its raw bytes
 * between the quotes, *escaped whether a backslash is among them.
 */
static int scan_string(struct parse *ps, const char **s, size_t *len,
		       int *escaped)
{
	const unsigned char *q = (const unsigned char *)ps->p + 1;
	const unsigned char *e = (const unsigned char *)ps->end;
	unsigned high = 0;

	*escaped = 0;
	while (q < e && *q != '"') {
		if (*q < 0x20)
			return -1;
		if (*q == '\\') {
			if (e - q < 2)
				return -1;
			*escaped = 1;
			q += 2;	/* the escaped byte is checked when decoded */
			continue;
		}
		high |= *q++;
	}
	if (q >= e)
		return -1;
	*s = ps->p + 1;
	*len = (size_t)((const char *)q - *s);
	if ((high & 0x80) && !vox_utf8_valid(*s, *len))
		return -1;
	ps->p = (const char *)q + 1;
	return 0;
}

static long hex4(const char *s, const char *end)
{
	long v = 0;
	int i;

	if (end - s < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Unescape s (len bytes) into ps->tmp; the length, or -1. */
static long unescape(struct parse *ps, const char *s, size_t len)
{
	const char *e = s + len;
	char *o = ps->tmp;

	if (len > UNESCAPE_MAX)
		return -1;
	while (s < e) {
		long cp;

		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		s++;
		switch (*s++) {
		case '"': *o++ = '"'; continue;
		case '\\': *o++ = '\\'; continue;
		case '/': *o++ = '/'; continue;
		case 'b': *o++ = '\b'; continue;
		case 'f': *o++ = '\f'; continue;
		case 'n': *o++ = '\n'; continue;
		case 'r': *o++ = '\r'; continue;
		case 't': *o++ = '\t'; continue;
		case 'u': break;
		default: return -1;
		}
		cp = hex4(s, e);
		s += 4;
		if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
			return -1;	/* NUL, or a lone low surrogate */
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			long lo = e - s >= 6 && s[0] == '\\' && s[1] == 'u' ?
				hex4(s + 2, e) : -1;

			if (lo < 0xDC00 || lo > 0xDFFF)
				return -1;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			s += 6;
		}
		/* A "\uXXXX" is 6 bytes and becomes at most 4 (12 for 4 in
		 * a pair), so o never passes the input's length. */
		if (cp < 0x80) {
			*o++ = (char)cp;
		} else if (cp < 0x800) {
			*o++ = (char)(0xC0 | cp >> 6);
			*o++ = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			*o++ = (char)(0xE0 | cp >> 12);
			*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
			*o++ = (char)(0x80 | (cp & 0x3F));
		} else {
			*o++ = (char)(0xF0 | cp >> 18);
			*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
			*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
			*o++ = (char)(0x80 | (cp & 0x3F));
		}
	}
	return o - ps->tmp;
}

static json_t *string(struct parse *ps)
{
	const char *s;
	size_t len;
	int escaped;
	long n;

	if (scan_string(ps, &s, &len, &escaped) != 0)
		return NULL;
	if (!escaped)
		return json_stringn_nocheck(s, len);
	n = unescape(ps, s, len);
	return n < 0 ? NULL : json_stringn_nocheck(ps->tmp, (size_t)n);
}

static int is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

static json_t *number(struct parse *ps)
{
	const char *q = ps->p, *e = ps->end, *digits;
	int neg = 0, real = 0;

	if (*q == '-') {
		neg = 1;
		q++;
	}
	digits = q;
	if (q < e && *q == '0')
		q++;
	else if (is_digit(q, e))
		while (is_digit(q, e))
			q++;
	else
		return NULL;
	if (q < e && *q == '.') {
		if (!is_digit(++q, e))
			return NULL;
		while (is_digit(q, e))
			q++;
		real = 1;
	}
	if (q < e && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < e && (*q == '+' || *q == '-'))
			q++;
		if (!is_digit(q, e))
			return NULL;
		while (is_digit(q, e))
			q++;
		real = 1;
	}
	if (!real) {
		/* 18 digits always fit a json_int_t (long long). */
		json_int_t v = 0;
		const char *d;

		if (q - digits > 18)
			return NULL;
		for (d = digits; d < q; d++)
			v = v * 10 + (*d - '0');
		ps->p = q;
		return json_integer(neg ? -v : v);
	} else {
		char buf[64];
		size_t len = (size_t)(q - ps->p);
		double d;

		/* jansson turns '.' into the locale's decimal point first. */
		if (len >= sizeof(buf) || strcmp(localeconv()->decimal_point,
						 ".") != 0)
			return NULL;
		memcpy(buf, ps->p, len);
		buf[len] = '\0';
		errno = 0;
		d = strtod(buf, NULL);
		if (errno == ERANGE)
			return NULL;
		ps->p = q;
		return json_real(d);
	}
}

static json_t *literal(struct parse *ps, const char *word, size_t len,
		       json_t *v)
{
	if ((size_t)(ps->end - ps->p) < len || memcmp(ps->p, word, len) != 0)
		return NULL;
	ps->p += len;
	return v;
}

static json_t *object(struct parse *ps)
{
	json_t *obj = json_object();

	ps->p++;
	skip_space(ps);
	if (!obj)
		return NULL;
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (;;) {
		const char *key;
		size_t klen, size = json_object_size(obj);
		int escaped;
		json_t *v;

		if (ps->p >= ps->end || *ps->p != '"' ||
		    scan_string(ps, &key, &klen, &escaped) != 0 || escaped)
			break;
		skip_space(ps);
		if (ps->p >= ps->end || *ps->p != ':')
			break;
		ps->p++;
		skip_space(ps);
		v = value(ps);
		if (!v || json_object_setn_new_nocheck(obj, key, klen, v) != 0)
			break;
		if ((ps->flags & JSON_REJECT_DUPLICATES) &&
		    json_object_size(obj) == size)
			break;	/* the key was there: jansson says so */
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_space(ps);
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return obj;
		}
		break;
	}
	json_decref(obj);
	return NULL;
}

static json_t *array(struct parse *ps)
{
	json_t *arr = json_array();

	ps->p++;
	skip_space(ps);
	if (!arr)
		return NULL;
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		json_t *v = value(ps);

		if (!v || json_array_append_new(arr, v) != 0)
			break;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_space(ps);
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return arr;
		}
		break;
	}
	json_decref(arr);
	return NULL;
}

/* The value at ps->p (no space before it). */
static json_t *value(struct parse *ps)
{
	json_t *v;

	if (ps->p >= ps->end)
		return NULL;
	switch (*ps->p) {
	case '"':
		return string(ps);
	case '{':
	case '[':
		if (++ps->depth > MAX_DEPTH)
			return NULL;
		v = *ps->p == '{' ? object(ps) : array(ps);
		ps->depth--;
		return v;
	case 't':
		return literal(ps, "true", 4, json_true());
	case 'f':
		return literal(ps, "false", 5, json_false());
	case 'n':
		return literal(ps, "null", 4, json_null());
	default:
		return *ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9') ?
			number(ps) : NULL;
	}
}

json_t *vox_json_loadb(const char *buf, size_t len, size_t flags,
		       json_error_t *error)
{
	struct parse ps;
	json_t *v = NULL;

	if (flags & ~(size_t)(JSON_REJECT_DUPLICATES | JSON_DECODE_ANY))
		return json_loadb(buf, len, flags, error);
	ps.p = buf;
	ps.end = buf + len;
	ps.flags = flags;
	ps.depth = 0;
	skip_space(&ps);
	/* Without JSON_DECODE_ANY, only an object or an array. */
	if (ps.p < ps.end && ((flags & JSON_DECODE_ANY) || *ps.p == '{' ||
			      *ps.p == '['))
		v = value(&ps);
	if (v) {
		skip_space(&ps);
		if (ps.p == ps.end) {
			/* What json_loadb() leaves in error on success. */
			if (error) {
				memset(error, 0, sizeof(*error));
				error->line = error->column = -1;
				snprintf(error->source, sizeof(error->source),
					 "%s", "<buffer>");
			}
			return v;
		}
		json_decref(v);
	}
	return json_loadb(buf, len, flags, error);
}

/* ---- jansson on an arena ----------------------------------------------- */

/*
 * jansson's allocator hooks are process-wide and take no context.  They
 * are set once, to functions that look at the calling thread's arena: a
 * thread between enter and leave allocates from its arena and frees
 * nothing; every other thread, and this one outside, gets the allocator
 * jansson had before, so threads that use jansson meanwhile (a bulk job's
 * workers, say) are not affected.
 */
static _Thread_local struct vox_arena *arena;
static json_malloc_t base_malloc;
static json_free_t base_free;
static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void *hook_malloc(size_t size)
{
	return arena ? vox_arena_alloc(arena, size) : base_malloc(size);
}

static void hook_free(void *p)
{
	/* In the arena, the reset frees everything at once; a value of the
	 * arena is never freed outside it (json_load.h). */
	if (!arena)
		base_free(p);
}

static void hooks_install(void)
{
	json_get_alloc_funcs(&base_malloc, &base_free);
	json_set_alloc_funcs(hook_malloc, hook_free);
}

void vox_json_arena_enter(struct vox_arena *a)
{
	pthread_once(&hooks_once, hooks_install);
	arena = a;
}

void vox_json_arena_leave(void)
{
	arena = NULL;
}
