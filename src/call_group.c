/* SPDX-License-Identifier: Apache-2.0 */
/* call_group.c: legs to calls, in bounded memory (see call_group.h). */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "call_group.h"
#include "record.h"

struct open_call {
	struct open_call *next;		/* FIFO order: first seen first */
	struct open_call *hnext;	/* hash chain */
	struct vox_arena arena;
	struct vox_call call;
	int64_t last;			/* latest time of its legs */
	uint64_t hash;
};

#define NBUCKETS 4096

struct vox_call_group {
	struct open_call *head, *tail;
	struct open_call *buckets[NBUCKETS];
	size_t nopen;
	int64_t latest;			/* latest time seen in any leg */
	int unordered;			/* no time window */
	struct open_call *done;		/* handed out, freed at next call */
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

struct vox_call_group *vox_call_group_new(void)
{
	struct vox_call_group *g = calloc(1, sizeof(*g));

	if (g)
		g->latest = VOX_TIME_NONE;
	return g;
}

void vox_call_group_unordered(struct vox_call_group *g)
{
	g->unordered = 1;
}

static void free_open(struct open_call *oc)
{
	if (!oc)
		return;
	vox_arena_release(&oc->arena);
	free(oc);
}

void vox_call_group_free(struct vox_call_group *g)
{
	struct open_call *oc;

	if (!g)
		return;
	while ((oc = g->head)) {
		g->head = oc->next;
		free_open(oc);
	}
	free_open(g->done);
	free(g);
}

static int64_t leg_time(const struct vox_call_leg *l)
{
	return l->end != VOX_TIME_NONE ? l->end : l->start;
}

static void unhash(struct vox_call_group *g, struct open_call *oc)
{
	struct open_call **pp;

	if (!oc->call.group_id)
		return;
	for (pp = &g->buckets[oc->hash % NBUCKETS]; *pp; pp = &(*pp)->hnext)
		if (*pp == oc) {
			*pp = oc->hnext;
			return;
		}
}

static struct open_call *find(struct vox_call_group *g, const char *gid,
			      uint64_t h)
{
	struct open_call *oc;

	for (oc = g->buckets[h % NBUCKETS]; oc; oc = oc->hnext)
		if (oc->hash == h && strcmp(oc->call.group_id, gid) == 0)
			return oc;
	return NULL;
}

int vox_call_group_add(struct vox_call_group *g, const struct vox_call *c,
		       struct vox_error *err)
{
	struct open_call *oc = NULL;
	uint64_t h = c->group_id ? hash_str(c->group_id) : 0;
	size_t i;

	if (c->group_id)
		oc = find(g, c->group_id, h);
	if (!oc) {
		oc = calloc(1, sizeof(*oc));
		if (!oc)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		vox_arena_init(&oc->arena);
		oc->call = *c;
		oc->call.legs = NULL;
		oc->call.nlegs = oc->call.caplegs = 0;
		oc->call.id = vox_arena_strdup(&oc->arena, c->id);
		oc->call.group_id = vox_arena_strdup(&oc->arena, c->group_id);
		oc->last = VOX_TIME_NONE;
		oc->hash = h;
		if ((c->id && !oc->call.id) ||
		    (c->group_id && !oc->call.group_id)) {
			free_open(oc);
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		}
		if (g->tail)
			g->tail->next = oc;
		else
			g->head = oc;
		g->tail = oc;
		if (c->group_id) {
			oc->hnext = g->buckets[h % NBUCKETS];
			g->buckets[h % NBUCKETS] = oc;
		}
		g->nopen++;
	}
	for (i = 0; i < c->nlegs; i++) {
		struct vox_call_leg *leg = vox_arena_push(
			&oc->arena, &oc->call.legs, &oc->call.nlegs,
			&oc->call.caplegs, sizeof(*leg));
		int64_t t = leg_time(&c->legs[i]);

		if (!leg || vox_call_leg_copy(&oc->arena, leg,
					      &c->legs[i]) != VOX_OK)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		if (t != VOX_TIME_NONE) {
			if (oc->last == VOX_TIME_NONE || t > oc->last)
				oc->last = t;
			if (g->latest == VOX_TIME_NONE || t > g->latest)
				g->latest = t;
		}
	}
	return VOX_OK;
}

static int leg_order(const void *a, const void *b)
{
	const struct vox_call_leg *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->source.line != y->source.line)
		return x->source.line < y->source.line ? -1 : 1;
	return 0;
}

/* Work out the call's own fields from its legs. */
static void summarise(struct vox_call *c)
{
	const struct vox_call_leg *first;
	size_t i;

	qsort(c->legs, c->nlegs, sizeof(c->legs[0]), leg_order);
	first = &c->legs[0];
	c->from = first->from;
	c->to = first->to;
	c->direction = first->direction;
	c->status = first->status;
	c->source = first->source;
	c->account_code = NULL;
	c->start = c->answer = c->end = VOX_TIME_NONE;
	for (i = 0; i < c->nlegs; i++) {
		const struct vox_call_leg *l = &c->legs[i];

		if (l->start != VOX_TIME_NONE &&
		    (c->start == VOX_TIME_NONE || l->start < c->start))
			c->start = l->start;
		if (l->answer != VOX_TIME_NONE &&
		    (c->answer == VOX_TIME_NONE || l->answer < c->answer))
			c->answer = l->answer;
		if (l->end != VOX_TIME_NONE &&
		    (c->end == VOX_TIME_NONE || l->end > c->end))
			c->end = l->end;
		if (l->status == VOX_CALL_ANSWERED)
			c->status = VOX_CALL_ANSWERED;
		if (!c->account_code)
			c->account_code = l->account_code;
	}
	if (!c->id)
		c->id = first->id;
	if (c->nlegs == 1) {
		c->duration = first->duration;
		c->billsec = first->billsec;
		return;
	}
	c->duration = c->start != VOX_TIME_NONE && c->end != VOX_TIME_NONE ?
		(c->end - c->start) / 1000 : -1;
	c->billsec = c->answer != VOX_TIME_NONE && c->end != VOX_TIME_NONE ?
		(c->end - c->answer) / 1000 : 0;
	/*
	 * Without answer times (Twilio gives none) the longest leg's billsec
	 * is the best that is known: 0 would say nobody talked.
	 */
	for (i = 0; c->answer == VOX_TIME_NONE && i < c->nlegs; i++)
		if (c->legs[i].billsec > c->billsec)
			c->billsec = c->legs[i].billsec;
}

static int finished(const struct vox_call_group *g,
		    const struct open_call *oc)
{
	if (!oc->call.group_id || g->nopen > VOX_GROUP_MAX_OPEN)
		return 1;
	if (g->unordered)
		return 0;
	if (oc->last == VOX_TIME_NONE || g->latest == VOX_TIME_NONE)
		return 0;
	return g->latest - oc->last > VOX_GROUP_WINDOW_MS;
}

int vox_call_group_next(struct vox_call_group *g, int at_end,
			const struct vox_call **out)
{
	struct open_call *oc = g->head;

	free_open(g->done);
	g->done = NULL;
	if (!oc || !(at_end || finished(g, oc)))
		return VOX_EOF;
	g->head = oc->next;
	if (!g->head)
		g->tail = NULL;
	unhash(g, oc);
	g->nopen--;
	oc->next = NULL;
	summarise(&oc->call);
	g->done = oc;
	*out = &oc->call;
	return VOX_OK;
}
