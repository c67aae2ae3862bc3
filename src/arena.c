/* SPDX-License-Identifier: Apache-2.0 */
/* arena.c: the per-record bump allocator (see arena.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_BLOCK 16384
#define ARENA_ALIGN 16

struct vox_arena_block {
	struct vox_arena_block *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void vox_arena_init(struct vox_arena *a)
{
	a->head = NULL;
	a->spare = NULL;
}

static void free_chain(struct vox_arena_block *b)
{
	while (b) {
		struct vox_arena_block *next = b->next;

		free(b);
		b = next;
	}
}

void vox_arena_release(struct vox_arena *a)
{
	free_chain(a->head);
	free_chain(a->spare);
	vox_arena_init(a);
}

void vox_arena_reset(struct vox_arena *a)
{
	struct vox_arena_block *b = a->head, *keep = a->spare;

	/* Keep the largest block so a steady stream reuses one allocation. */
	while (b) {
		struct vox_arena_block *next = b->next;

		if (!keep || b->size > keep->size) {
			free(keep);
			keep = b;
		} else {
			free(b);
		}
		b = next;
	}
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->head = NULL;
	a->spare = keep;
}

void *vox_arena_alloc(struct vox_arena *a, size_t size)
{
	struct vox_arena_block *b = a->head;
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

	if (size > SIZE_MAX / 2)
		return NULL;
	if (!b || b->size - b->used < need) {
		if (a->spare && a->spare->size >= need) {
			b = a->spare;
			a->spare = NULL;
		} else {
			size_t bs = need > ARENA_BLOCK ? need : ARENA_BLOCK;

			b = malloc(sizeof(*b) + bs);
			if (!b)
				return NULL;
			b->size = bs;
		}
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	b->used += need;
	return b->data + b->used - need;
}

void *vox_arena_calloc(struct vox_arena *a, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = vox_arena_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *vox_arena_strndup(struct vox_arena *a, const char *s, size_t len)
{
	char *p = vox_arena_alloc(a, len + 1);

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *vox_arena_strdup(struct vox_arena *a, const char *s)
{
	return s ? vox_arena_strndup(a, s, strlen(s)) : NULL;
}

char *vox_arena_printf(struct vox_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = vox_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *vox_arena_push(struct vox_arena *a, void *v, size_t *n, size_t *cap,
		     size_t size)
{
	void **vp = v;
	unsigned char *elem;

	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		void *nv = vox_arena_calloc(a, ncap, size);

		if (!nv)
			return NULL;
		if (*n)
			memcpy(nv, *vp, *n * size);
		*vp = nv;
		*cap = ncap;
	}
	elem = (unsigned char *)*vp + *n * size;
	memset(elem, 0, size);
	(*n)++;
	return elem;
}
