/* SPDX-License-Identifier: Apache-2.0 */
/* strmap.c: strings to numbers (see strmap.h). */
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

struct vox_strmap_slot {
	char *key;		/* NULL: free */
	size_t len;
	uint64_t hash;
	size_t value;
};

uint64_t vox_fnv1a64(const void *s, size_t n)
{
	const unsigned char *p = s;
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void vox_strmap_init(struct vox_strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void vox_strmap_release(struct vox_strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	vox_strmap_init(m);
}

static struct vox_strmap_slot *find(const struct vox_strmap *m,
				    const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	for (;;) {
		struct vox_strmap_slot *s = &m->slots[i];

		if (!s->key || (s->hash == h && s->len == len &&
				memcmp(s->key, key, len) == 0))
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

size_t vox_strmap_get(const struct vox_strmap *m, const char *key,
		      size_t len)
{
	const struct vox_strmap_slot *s;

	if (!m->cap)
		return (size_t)-1;
	s = find(m, key, len, vox_fnv1a64(key, len));
	return s->key ? s->value : (size_t)-1;
}

static int grow(struct vox_strmap *m)
{
	struct vox_strmap old = *m;
	size_t i;

	m->cap = old.cap ? 2 * old.cap : 64;
	m->slots = calloc(m->cap, sizeof(*m->slots));
	if (!m->slots) {
		*m = old;
		return -1;
	}
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find(m, old.slots[i].key, old.slots[i].len,
			      old.slots[i].hash) = old.slots[i];
	free(old.slots);
	return 0;
}

int vox_strmap_put(struct vox_strmap *m, const char *key, size_t len,
		   size_t value, size_t *old)
{
	struct vox_strmap_slot *s;
	uint64_t h = vox_fnv1a64(key, len);

	/* At most half full: probes stay short. */
	if (2 * (m->n + 1) > m->cap && grow(m) != 0)
		return -1;
	s = find(m, key, len, h);
	if (s->key) {
		*old = s->value;
		return 0;
	}
	if (!(s->key = malloc(len + 1)))
		return -1;
	memcpy(s->key, key, len);
	s->key[len] = '\0';
	s->len = len;
	s->hash = h;
	s->value = value;
	m->n++;
	*old = (size_t)-1;
	return 0;
}
