/* SPDX-License-Identifier: Apache-2.0 */
/*
 * suggest.h: "did you mean" for a mistyped name: a command, a format, a
 * target, a category, a schema.
 */
#ifndef VOX_SUGGEST_H
#define VOX_SUGGEST_H

/*
 * The name of names (NULL-terminated) closest to word, when one is close
 * enough to be a likely typo (one or two edits, or word is a part of it);
 * else NULL.
 */
const char *vox_suggest(const char *word, const char *const *names);

#endif
