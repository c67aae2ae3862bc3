/* SPDX-License-Identifier: Apache-2.0 */
/*
 * match_index.c: the subjects' identifiers in one hash table (see
 * match_index.h).  A key is its kind's letter and the identifier; its
 * value is the head of a list of the subjects that have it, in the arrays
 * subj[] and next[].
 */
#include <stdlib.h>
#include <string.h>

#include "match_index.h"
#include "strmap.h"

#define NONE ((size_t)-1)

struct vox_match_index {
	struct vox_strmap keys;
	size_t *subj, *next;	/* the lists */
	size_t n, cap;
	size_t nsubjects;
	size_t *seen;		/* per subject: the query that found it */
	size_t query;
	size_t *out;		/* the candidates of the last query */
	size_t nout;
	size_t adding;		/* the subject being added */
	int failed;
};

struct vox_match_index *vox_match_index_new(size_t n)
{
	struct vox_match_index *ix = calloc(1, sizeof(*ix));

	if (!ix)
		return NULL;
	vox_strmap_init(&ix->keys);
	ix->nsubjects = n;
	ix->seen = calloc(n ? n : 1, sizeof(*ix->seen));
	ix->out = calloc(n ? n : 1, sizeof(*ix->out));
	if (!ix->seen || !ix->out) {
		vox_match_index_free(ix);
		return NULL;
	}
	return ix;
}

void vox_match_index_free(struct vox_match_index *ix)
{
	if (!ix)
		return;
	vox_strmap_release(&ix->keys);
	free(ix->subj);
	free(ix->next);
	free(ix->seen);
	free(ix->out);
	free(ix);
}

/* "N+441234", "Rbob", "Aacct40": the kind, then the identifier. */
static char *make_key(enum vox_match_key kind, const char *s, char *buf,
		      size_t size, size_t *len)
{
	size_t n = strlen(s);
	char *k = n + 2 <= size ? buf : malloc(n + 2);

	if (!k)
		return NULL;
	k[0] = "NRA"[kind];
	memcpy(k + 1, s, n + 1);
	*len = n + 1;
	return k;
}

static int add_key(void *ctx, enum vox_match_key kind, const char *s)
{
	struct vox_match_index *ix = ctx;
	char buf[128], *k;
	size_t len, head;

	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? 2 * ix->cap : 256;
		size_t *subj = realloc(ix->subj, cap * sizeof(*subj));
		size_t *next;

		if (!subj)
			return -1;
		ix->subj = subj;
		if (!(next = realloc(ix->next, cap * sizeof(*next))))
			return -1;
		ix->next = next;
		ix->cap = cap;
	}
	if (!(k = make_key(kind, s, buf, sizeof(buf), &len)))
		return -1;
	if (vox_strmap_put(&ix->keys, k, len, ix->n, &head) != 0) {
		if (k != buf)
			free(k);
		return -1;
	}
	if (k != buf)
		free(k);
	ix->subj[ix->n] = ix->adding;
	ix->next[ix->n] = NONE;
	if (head != NONE) {
		/* The map keeps the first entry: link the new one after it. */
		ix->next[ix->n] = ix->next[head];
		ix->next[head] = ix->n;
	}
	ix->n++;
	return 0;
}

int vox_match_index_add(struct vox_match_index *ix, size_t i,
			const struct vox_identity *id)
{
	ix->adding = i;
	return vox_identity_keys(id, add_key, ix) ? -1 : 0;
}

static int find_key(void *ctx, enum vox_match_key kind, const char *s)
{
	struct vox_match_index *ix = ctx;
	char buf[128], *k;
	size_t len, e;

	if (!(k = make_key(kind, s, buf, sizeof(buf), &len))) {
		ix->failed = 1;
		return 0;
	}
	e = vox_strmap_get(&ix->keys, k, len);
	if (k != buf)
		free(k);
	for (; e != NONE; e = ix->next[e]) {
		size_t subj = ix->subj[e];

		if (ix->seen[subj] == ix->query)
			continue;
		ix->seen[subj] = ix->query;
		ix->out[ix->nout++] = subj;
	}
	return 0;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static const size_t *finish(struct vox_match_index *ix, size_t *n)
{
	*n = 0;
	if (ix->failed)
		return NULL;
	if (ix->nout > 1)
		qsort(ix->out, ix->nout, sizeof(*ix->out), cmp_size);
	*n = ix->nout;
	return ix->out;
}

static void start(struct vox_match_index *ix)
{
	/* seen[] starts at 0: queries are numbered from 1. */
	ix->query++;
	ix->nout = 0;
	ix->failed = 0;
}

const size_t *vox_match_index_leg(struct vox_match_index *ix,
				  const struct vox_call_leg *leg, size_t *n)
{
	start(ix);
	vox_leg_keys(leg, find_key, ix);
	return finish(ix, n);
}

const size_t *vox_match_index_party(struct vox_match_index *ix,
				    const struct vox_party *p, size_t *n)
{
	start(ix);
	vox_party_keys(p, find_key, ix);
	return finish(ix, n);
}
