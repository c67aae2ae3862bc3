/* SPDX-License-Identifier: Apache-2.0 */
/*
 * suggest.c: "did you mean" for a mistyped name (suggest.h).
 */
#include <string.h>

#include "suggest.h"

/* Levenshtein distance, capped: names are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], i, j;

	if (la >= 64 || lb >= 64)
		return 64;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0], up;

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = diag + (a[i - 1] != b[j - 1]);

			up = row[j];
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *vox_suggest(const char *word, const char *const *names)
{
	const char *best = NULL;
	size_t best_d = 3;	/* a typo is one or two edits away */

	for (; *names; names++) {
		size_t d = distance(word, *names);

		/* "vcf" for "vcard", "asterisk" for "asterisk-cdr-csv" */
		if (strlen(word) >= 3 && strstr(*names, word) && d > 2)
			d = 2;
		if (d < best_d) {
			best_d = d;
			best = *names;
		}
	}
	return best;
}
