/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_report.c: the text of failure messages.  Values are shown as
 * compact JSON and cut to fit ('"2024-13-01T00:00:00Z" is not a
 * date-time', '"a very long va..." is longer than 16 characters'); paths
 * are RFC 6901 pointers, cut in the middle when deep.  None of this runs
 * while an instance is valid.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"

struct out {
	char *buf;
	size_t size, n;	/* size is the room before the "..." mark */
	int cut;
};

static void put(struct out *o, const char *s, size_t len)
{
	if (o->cut)
		return;
	if (len > o->size - o->n) {
		len = o->size - o->n;
		o->cut = 1;
	}
	memcpy(o->buf + o->n, s, len);
	o->n += len;
}

static void put_string(struct out *o, const char *s, size_t len)
{
	size_t i;

	put(o, "\"", 1);
	for (i = 0; i < len && !o->cut; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(o, esc, 2);
		} else if (c == '\n') {
			put(o, "\\n", 2);
		} else if (c == '\t') {
			put(o, "\\t", 2);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			put(o, esc, 6);
		} else {
			put(o, s + i, 1);
		}
	}
	put(o, "\"", 1);
}

static void put_value(struct out *o, const json_t *v)
{
	const char *key;
	const json_t *item;
	size_t i, klen;
	char num[40];
	int n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		put(o, "{", 1);
		i = 0;
		json_object_keylen_foreach((json_t *)v, key, klen, item) {
			if (o->cut)
				break;
			if (i++)
				put(o, ", ", 2);
			put_string(o, key, klen);
			put(o, ": ", 2);
			put_value(o, item);
		}
		put(o, "}", 1);
		break;
	case JSON_ARRAY:
		put(o, "[", 1);
		json_array_foreach(v, i, item) {
			if (o->cut)
				break;
			if (i)
				put(o, ", ", 2);
			put_value(o, item);
		}
		put(o, "]", 1);
		break;
	case JSON_STRING:
		put_string(o, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			     json_integer_value(v));
		put(o, num, (size_t)n);
		break;
	case JSON_REAL:
		/* the shortest text that reads back as the same double */
		n = snprintf(num, sizeof(num), "%.15g", json_real_value(v));
		if (strtod(num, NULL) != json_real_value(v))
			n = snprintf(num, sizeof(num), "%.17g",
				     json_real_value(v));
		if (!strpbrk(num, ".eEn"))
			n += snprintf(num + n, sizeof(num) - (size_t)n, ".0");
		put(o, num, (size_t)n);
		break;
	case JSON_TRUE:
		put(o, "true", 4);
		break;
	case JSON_FALSE:
		put(o, "false", 5);
		break;
	default:
		put(o, "null", 4);
		break;
	}
}

/* End the text, with "..." (and a closing quote for a string) if cut. */
static const char *finish(struct out *o, int quoted)
{
	static const char more[] = "...\"";

	if (!o->buf)
		return "";
	if (o->cut && o->n) {
		/* do not leave half a UTF-8 sequence at the cut */
		size_t j = o->n - 1, need = 1;
		unsigned char lead;

		while (j && ((unsigned char)o->buf[j] & 0xC0) == 0x80)
			j--;
		lead = (unsigned char)o->buf[j];
		if (lead >= 0xF0)
			need = 4;
		else if (lead >= 0xE0)
			need = 3;
		else if (lead >= 0xC0)
			need = 2;
		if (o->n - j < need)
			o->n = j;
	}
	if (o->cut) {
		memcpy(o->buf + o->n, more, quoted ? 4 : 3);
		o->n += quoted ? 4 : 3;
	}
	o->buf[o->n] = '\0';
	return o->buf;
}

/* Callers' buffers are at least this big; smaller ones get "". */
#define ROOM_MIN 16

const char *vox_schema_show(char *buf, size_t size, const json_t *value)
{
	struct out o = { size >= ROOM_MIN ? buf : NULL, size - 6, 0, 0 };

	if (!o.buf)
		return size ? (*buf = '\0', buf) : "";

	put_value(&o, value);
	return finish(&o, json_is_string(value));
}

const char *vox_schema_show_str(char *buf, size_t size, const char *s,
				size_t len)
{
	struct out o = { size >= ROOM_MIN ? buf : NULL, size - 6, 0, 0 };

	if (!o.buf)
		return size ? (*buf = '\0', buf) : "";

	put_string(&o, s, len);
	return finish(&o, 1);
}

/* Longest key shown in a path, before it is cut. */
#define KEY_MAX 64

static size_t seg_len(const struct vox_schema_seg *seg)
{
	char num[32];
	size_t i, n = 1;

	if (!seg->key)
		return 1 + (size_t)snprintf(num, sizeof(num), "%zu",
					    seg->len_or_index);
	for (i = 0; i < seg->len_or_index && i < KEY_MAX; i++)
		n += seg->key[i] == '~' || seg->key[i] == '/' ? 2 : 1;
	return n + (seg->len_or_index > KEY_MAX ? 3 : 0);
}

static void put_seg(struct out *o, const struct vox_schema_seg *seg)
{
	char num[32];
	size_t i;
	int n;

	if (!seg->key) {
		n = snprintf(num, sizeof(num), "/%zu", seg->len_or_index);
		put(o, num, (size_t)n);
		return;
	}
	put(o, "/", 1);
	for (i = 0; i < seg->len_or_index && i < KEY_MAX; i++) {
		if (seg->key[i] == '~')
			put(o, "~0", 2);
		else if (seg->key[i] == '/')
			put(o, "~1", 2);
		else
			put(o, seg->key + i, 1);
	}
	if (seg->len_or_index > KEY_MAX)
		put(o, "...", 3);
}

void vox_schema_path(char *buf, size_t size,
		     const struct vox_schema_seg *segs, size_t n)
{
	struct out o = { buf, size - 8, 0, 0 };
	size_t i, total = 0, head = 0, tail = n, used = 0;

	if (size < ROOM_MIN) {
		if (size)
			*buf = '\0';
		return;
	}

	for (i = 0; i < n; i++)
		total += seg_len(&segs[i]);
	if (total > o.size) {
		/* keep the start and the end: "/calls/0/.../party/number" */
		while (head < n && used + seg_len(&segs[head]) <= o.size / 2)
			used += seg_len(&segs[head++]);
		while (tail > head &&
		       used + seg_len(&segs[tail - 1]) <= o.size - 4)
			used += seg_len(&segs[--tail]);
	} else {
		head = n;
	}
	for (i = 0; i < head; i++)
		put_seg(&o, &segs[i]);
	if (head < tail)
		put(&o, "/...", 4);
	for (i = tail; i < n; i++)
		put_seg(&o, &segs[i]);
	finish(&o, 0);
}

const char *vox_schema_type_name(unsigned bit)
{
	switch (bit) {
	case VOX_SCHEMA_T_NULL:
		return "null";
	case VOX_SCHEMA_T_BOOLEAN:
		return "a boolean";
	case VOX_SCHEMA_T_OBJECT:
		return "an object";
	case VOX_SCHEMA_T_ARRAY:
		return "an array";
	case VOX_SCHEMA_T_NUMBER:
		return "a number";
	case VOX_SCHEMA_T_INTEGER:
		return "an integer";
	default:
		return "a string";
	}
}
