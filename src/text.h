/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.h: bytes from providers' files to valid UTF-8.
 *
 * Sources write bytes as they come (Asterisk copies SIP display names
 * verbatim; legacy systems and Outlook write Windows-1252).  Archive members
 * are UTF-8, so every string a reader keeps goes through vox_text_utf8().
 */
#ifndef VOX_TEXT_H
#define VOX_TEXT_H

#include <stddef.h>

struct vox_arena;

/* 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int vox_utf8_valid(const char *s, size_t len);

/*
 * A NUL-terminated UTF-8 copy of s[0..len) in the arena.  Valid UTF-8 is
 * copied as it is; anything else is read as Windows-1252 (a superset of
 * Latin-1 for printable text) and transcoded, and *converted is set to 1.
 * A NUL byte becomes U+FFFD so that C strings hold the whole value.
 * Returns NULL only when out of memory.
 */
char *vox_text_utf8(struct vox_arena *a, const char *s, size_t len,
		    int *converted);

/* Count code points of valid UTF-8. */
size_t vox_utf8_length(const char *s, size_t len);

#endif
