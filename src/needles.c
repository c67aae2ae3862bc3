/* SPDX-License-Identifier: Apache-2.0 */
/* needles.c: what a single export looks for in shared files (needles.h). */
#define _GNU_SOURCE	/* memmem() */
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "needles.h"

/* Digits of a number's end kept as its needle (see needles.h). */
#define NUMBER_DIGITS 7
/* Digits of the longest country calling code (ITU-T E.164). */
#define CC_MAX 3
/* Shorter needles would be in most rows: read everything instead. */
#define NEEDLE_MIN 3

struct owned {
	struct vox_needles pub;
	char **s;
	size_t *len;
};

void vox_needles_free(struct vox_needles *n)
{
	struct owned *o = (struct owned *)n;
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->pub.n; i++)
		free(o->s[i]);
	free(o->s);
	free(o->len);
	free(o);
}

/* Add [s, s+len) with '"' doubled, once.  0, or -1 when out of memory. */
static int add(struct owned *o, const char *s, size_t len)
{
	size_t i, n = 0, q = 0;
	char *d;

	for (i = 0; i < len; i++)
		q += s[i] == '"';
	d = malloc(len + q + 1);
	if (!d)
		return -1;
	for (i = 0; i < len; i++) {
		d[n++] = s[i];
		if (s[i] == '"')
			d[n++] = '"';
	}
	d[n] = '\0';
	for (i = 0; i < o->pub.n; i++)
		if (o->len[i] == n && memcmp(o->s[i], d, n) == 0) {
			free(d);
			return 0;
		}
	o->s[o->pub.n] = d;
	o->len[o->pub.n++] = n;
	return 0;
}

/*
 * A row holding "02079460100" holds "9460100": a needle that holds
 * another is looked for in vain.
 */
static void drop_covered(struct owned *o)
{
	size_t i, j, k = 0;

	for (i = 0; i < o->pub.n; i++) {
		int covered = 0;

		for (j = 0; j < o->pub.n && !covered; j++)
			covered = j != i && o->s[j] && o->len[j] <= o->len[i] &&
				  (o->len[j] < o->len[i] || j < i) &&
				  memmem(o->s[i], o->len[i], o->s[j],
					 o->len[j]);
		if (covered) {
			free(o->s[i]);
			o->s[i] = NULL;
			continue;
		}
	}
	for (i = 0; i < o->pub.n; i++)
		if (o->s[i]) {
			o->s[k] = o->s[i];
			o->len[k++] = o->len[i];
		}
	o->pub.n = k;
}

/* 1 when the needle would be neither safe nor useful (needles.h). */
static int unfit(const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return n < NEEDLE_MIN;
}

int vox_needles_new(const struct vox_identity *id, struct vox_needles **out)
{
	const char *const *num, *const *names, *const *acct;
	size_t nnum, nnames, nacct, i;
	struct owned *o;
	int rc = 0;

	*out = NULL;
	num = vox_identity_list(id, VOX_ID_NUMBERS, &nnum);
	names = vox_identity_list(id, VOX_ID_NAMES, &nnames);
	acct = vox_identity_list(id, VOX_ID_ACCOUNTS, &nacct);
	for (i = 0; i < nnames; i++)
		if (unfit(names[i]))
			return VOX_OK;
	for (i = 0; i < nacct; i++)
		if (unfit(acct[i]))
			return VOX_OK;
	for (i = 0; i < nnum; i++)
		if (strlen(num[i]) < 1 + CC_MAX + NEEDLE_MIN)
			return VOX_OK;
	o = calloc(1, sizeof(*o));
	if (!o)
		return VOX_ERR;
	o->s = calloc(nnum + nnames + nacct + 1, sizeof(*o->s));
	o->len = calloc(nnum + nnames + nacct + 1, sizeof(*o->len));
	if (!o->s || !o->len) {
		vox_needles_free(&o->pub);
		return VOX_ERR;
	}
	for (i = 0; i < nnum; i++) {
		/*
		 * The last digits of "+", the country code and the national
		 * number, never into the country code, which a national form
		 * does not hold.
		 */
		size_t len = strlen(num[i]), nsn = len - 1 - CC_MAX;
		size_t take = nsn < NUMBER_DIGITS ? nsn : NUMBER_DIGITS;

		rc |= add(o, num[i] + len - take, take);
		o->pub.numbers = 1;
	}
	for (i = 0; i < nnames; i++)
		rc |= add(o, names[i], strlen(names[i]));
	for (i = 0; i < nacct; i++)
		rc |= add(o, acct[i], strlen(acct[i]));
	if (rc) {
		vox_needles_free(&o->pub);
		return VOX_ERR;
	}
	drop_covered(o);
	o->pub.s = (const char *const *)o->s;
	o->pub.len = o->len;
	*out = &o->pub;
	return VOX_OK;
}
