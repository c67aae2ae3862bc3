/* SPDX-License-Identifier: Apache-2.0 */
/* text.c: UTF-8 checks and the Windows-1252 fallback (see text.h). */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "text.h"

/* Code points of 0x80..0x9F in Windows-1252; 0 where the byte is unused. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return len >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;	/* overlong */
		if (c == 0xED && s[1] > 0x9F)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (len < 4 || (s[1] & 0xC0) != 0x80 ||
		    (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;
		if (c == 0xF4 && s[1] > 0x8F)
			return 0;
		return 4;
	}
	return 0;
}

int vox_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq(p + i, len - i);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

size_t vox_utf8_length(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static size_t put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | cp >> 12);
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

char *vox_text_utf8(struct vox_arena *a, const char *s, size_t len,
		    int *converted)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;
	size_t i;

	if (vox_utf8_valid(s, len) && !memchr(s, '\0', len))
		return vox_arena_strndup(a, s, len);
	if (converted)
		*converted = 1;
	/* Every byte becomes at most 3 bytes of UTF-8. */
	out = vox_arena_alloc(a, len * 3 + 1);
	if (!out)
		return NULL;
	o = out;
	if (vox_utf8_valid(s, len)) {
		/* Valid UTF-8 with NUL bytes: only the NULs change. */
		for (i = 0; i < len; i++) {
			if (p[i])
				*o++ = (char)p[i];
			else
				o += put_utf8(o, 0xFFFD);
		}
	} else {
		for (i = 0; i < len; i++) {
			unsigned cp = p[i];

			if (cp == 0)
				cp = 0xFFFD;
			else if (cp >= 0x80 && cp < 0xA0)
				cp = cp1252_high[cp - 0x80] ?
					cp1252_high[cp - 0x80] : cp;
			o += put_utf8(o, cp);
		}
	}
	*o = '\0';
	return out;
}
