/* SPDX-License-Identifier: Apache-2.0 */
/* call_index.c: the written calls, for linking recordings (see .h). */
#include <stdlib.h>
#include <string.h>

#include "call_index.h"
#include "voxport/error.h"

struct entry {
	int64_t start, end;	/* ms; VOX_TIME_NONE when unknown */
	const char *id;		/* the call's id */
	size_t first, n;	/* its numbers in numbers[] */
};

struct key {
	const char *key;	/* a call or leg id */
	struct vox_call_ref ref;
};

struct vox_call_index {
	char **strs;		/* every string below, owned */
	size_t nstrs, capstrs;
	struct key *keys;	/* call and leg ids, sorted when sealed */
	size_t nkeys, capkeys;
	struct entry *calls;	/* sorted by start when sealed */
	size_t ncalls, capcalls;
	const char **numbers;
	size_t nnumbers, capnumbers;
	int sealed;
};

#define GROW(v, n, cap)                                                      \
	((n) < (cap) ? 0 : grow((void **)&(v), &(cap), sizeof(*(v))))

static int grow(void **v, size_t *cap, size_t size)
{
	size_t c = *cap ? *cap * 2 : 64;
	void *nv = realloc(*v, c * size);

	if (!nv)
		return -1;
	*v = nv;
	*cap = c;
	return 0;
}

struct vox_call_index *vox_call_index_new(void)
{
	return calloc(1, sizeof(struct vox_call_index));
}

void vox_call_index_free(struct vox_call_index *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->nstrs; i++)
		free(x->strs[i]);
	free(x->strs);
	free(x->keys);
	free(x->calls);
	free(x->numbers);
	free(x);
}

static const char *keep(struct vox_call_index *x, const char *s)
{
	char *d;

	if (GROW(x->strs, x->nstrs, x->capstrs) || !(d = strdup(s)))
		return NULL;
	x->strs[x->nstrs++] = d;
	return d;
}

static int add_key(struct vox_call_index *x, const char *key,
		   const struct entry *e)
{
	if (!key || !*key)
		return 0;
	if (GROW(x->keys, x->nkeys, x->capkeys) || !(key = keep(x, key)))
		return -1;
	x->keys[x->nkeys].key = key;
	x->keys[x->nkeys].ref.id = e->id;
	x->keys[x->nkeys++].ref.start = e->start;
	return 0;
}

static int add_number(struct vox_call_index *x, const char *s)
{
	if (!s || !*s)
		return 0;
	if (GROW(x->numbers, x->nnumbers, x->capnumbers) || !(s = keep(x, s)))
		return -1;
	x->numbers[x->nnumbers++] = s;
	return 0;
}

static void span(struct entry *e, const struct vox_call *c)
{
	size_t i;

	e->start = VOX_TIME_NONE;
	e->end = VOX_TIME_NONE;
	for (i = 0; i < c->nlegs; i++) {
		const struct vox_call_leg *l = &c->legs[i];
		int64_t end;

		if (l->start == VOX_TIME_NONE)
			continue;
		end = l->end != VOX_TIME_NONE ? l->end :
			l->duration > 0 && l->duration < INT32_MAX ?
			l->start + l->duration * 1000 : l->start;
		if (e->start == VOX_TIME_NONE || l->start < e->start)
			e->start = l->start;
		if (e->end == VOX_TIME_NONE || end > e->end)
			e->end = end;
	}
}

int vox_call_index_add(struct vox_call_index *x, const struct vox_call *c)
{
	struct entry e;
	size_t i;

	if (!c->id || !*c->id || x->sealed)
		return VOX_OK;
	span(&e, c);
	if (GROW(x->calls, x->ncalls, x->capcalls) ||
	    !(e.id = keep(x, c->id)) || add_key(x, c->id, &e) != 0)
		return VOX_ERR;
	e.first = x->nnumbers;
	for (i = 0; i < c->nlegs; i++) {
		const struct vox_call_leg *l = &c->legs[i];

		if ((l->id && strcmp(l->id, c->id) != 0 &&
		     add_key(x, l->id, &e) != 0) ||
		    add_number(x, l->from.number) != 0 ||
		    add_number(x, l->from.raw) != 0 ||
		    add_number(x, l->to.number) != 0 ||
		    add_number(x, l->to.raw) != 0)
			return VOX_ERR;
	}
	e.n = x->nnumbers - e.first;
	x->calls[x->ncalls++] = e;
	return VOX_OK;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct key *)a)->key,
		      ((const struct key *)b)->key);
}

static int by_start(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

/* Sorted on first use: recordings come after every call is written. */
static void seal(struct vox_call_index *x)
{
	if (x->sealed)
		return;
	x->sealed = 1;
	if (x->ncalls)
		qsort(x->calls, x->ncalls, sizeof(*x->calls), by_start);
	if (x->nkeys)
		qsort(x->keys, x->nkeys, sizeof(*x->keys), by_key);
}

int vox_call_index_find_id(struct vox_call_index *x, const char *id,
			   struct vox_call_ref *ref)
{
	struct key k, *hit;

	if (!id || !*id)
		return 0;
	seal(x);
	k.key = id;
	hit = x->nkeys ? bsearch(&k, x->keys, x->nkeys, sizeof(*x->keys),
				 by_key) : NULL;
	if (!hit)
		return 0;
	*ref = hit->ref;
	return 1;
}

static int has_number(const struct vox_call_index *x, const struct entry *e,
		      const char *const *numbers, size_t n)
{
	size_t i, j;

	for (i = 0; i < e->n; i++)
		for (j = 0; j < n; j++)
			if (numbers[j] && *numbers[j] &&
			    strcmp(x->numbers[e->first + i], numbers[j]) == 0)
				return 1;
	return 0;
}

static int64_t distance(int64_t a, int64_t b)
{
	return a > b ? a - b : b - a;
}

int vox_call_index_find_near(struct vox_call_index *x, int64_t t,
			     const char *const *numbers, size_t n,
			     struct vox_call_ref *ref)
{
	const struct entry *best = NULL;
	size_t lo = 0, hi, i;

	if (t == VOX_TIME_NONE || !n)
		return 0;
	seal(x);
	/*
	 * Calls are sorted by start; a call can hold t only if it started
	 * before t + slack.  Calls last hours at most, so walking back from
	 * there is short; calls without a start sort first and never match.
	 */
	hi = x->ncalls;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->calls[mid].start <= t + VOX_CALL_INDEX_SLACK_MS)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i-- > 0;) {
		const struct entry *e = &x->calls[i];

		if (e->start == VOX_TIME_NONE ||
		    t - e->start > VOX_CALL_INDEX_MAX_CALL_MS)
			break;
		if (t > e->end + VOX_CALL_INDEX_SLACK_MS ||
		    !has_number(x, e, numbers, n))
			continue;
		if (!best || distance(e->start, t) < distance(best->start, t))
			best = e;
	}
	if (!best)
		return 0;
	ref->id = best->id;
	ref->start = best->start;
	return 1;
}
