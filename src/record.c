/* SPDX-License-Identifier: Apache-2.0 */
/* record.c: filling and copying records (see record.h and model.h). */
#include <string.h>

#include "record.h"
#include "voxport/error.h"

int vox_extra_add(struct vox_arena *a, struct vox_extra *x, const char *key,
		  const char *value)
{
	struct vox_field *f = vox_arena_push(a, &x->v, &x->n, &x->cap,
					     sizeof(*f));

	if (!f)
		return VOX_ERR;
	f->key = vox_arena_strdup(a, key);
	f->value = vox_arena_strdup(a, value ? value : "");
	return f->key && f->value ? VOX_OK : VOX_ERR;
}

const char *vox_extra_get(const struct vox_extra *x, const char *key)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (strcmp(x->v[i].key, key) == 0)
			return x->v[i].value;
	return NULL;
}

int vox_strings_add(struct vox_arena *a, struct vox_strings *s,
		    const char *value)
{
	const char **slot = vox_arena_push(a, &s->v, &s->n, &s->cap,
					   sizeof(*slot));

	if (!slot)
		return VOX_ERR;
	*slot = vox_arena_strdup(a, value);
	return *slot ? VOX_OK : VOX_ERR;
}

void vox_call_leg_init(struct vox_call_leg *leg)
{
	memset(leg, 0, sizeof(*leg));
	leg->start = leg->answer = leg->end = VOX_TIME_NONE;
	leg->duration = leg->billsec = -1;
}

void vox_contact_init(struct vox_contact *c)
{
	memset(c, 0, sizeof(*c));
}

void vox_subject_init(struct vox_subject *s)
{
	memset(s, 0, sizeof(*s));
}

void vox_message_init(struct vox_message *m)
{
	memset(m, 0, sizeof(*m));
	m->date = m->date_sent = VOX_TIME_NONE;
	m->read = -1;
}

void vox_recording_init(struct vox_recording *r)
{
	memset(r, 0, sizeof(*r));
	r->start = VOX_TIME_NONE;
	r->duration_ms = -1;
}

static int dup_party(struct vox_arena *a, struct vox_party *d,
		     const struct vox_party *s)
{
	d->number = vox_arena_strdup(a, s->number);
	d->raw = vox_arena_strdup(a, s->raw);
	d->name = vox_arena_strdup(a, s->name);
	return (!s->number || d->number) && (!s->raw || d->raw) &&
		(!s->name || d->name);
}

#define DUP(field)                                                     \
	do {                                                           \
		dst->field = vox_arena_strdup(a, src->field);          \
		if (src->field && !dst->field)                         \
			return VOX_ERR;                                \
	} while (0)

int vox_call_leg_copy(struct vox_arena *a, struct vox_call_leg *dst,
		      const struct vox_call_leg *src)
{
	size_t i;

	*dst = *src;
	DUP(id);
	DUP(channel);
	DUP(peer_channel);
	DUP(context);
	DUP(application);
	DUP(application_data);
	DUP(account_code);
	DUP(peer_account);
	DUP(disposition);
	DUP(source.format);
	DUP(source.file);
	DUP(source.id);
	if (!dup_party(a, &dst->from, &src->from) ||
	    !dup_party(a, &dst->to, &src->to))
		return VOX_ERR;
	memset(&dst->extra, 0, sizeof(dst->extra));
	for (i = 0; i < src->extra.n; i++)
		if (vox_extra_add(a, &dst->extra, src->extra.v[i].key,
				  src->extra.v[i].value) != VOX_OK)
			return VOX_ERR;
	return VOX_OK;
}
