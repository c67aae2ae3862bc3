/* SPDX-License-Identifier: Apache-2.0 */
/* match.c: is this leg the subject's, and which way (see match.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "phone.h"

struct vox_identity {
	char **numbers;		/* E.164 forms of the subject's phones */
	size_t nnumbers;
	char **names;		/* extensions, SIP usernames, raw numbers */
	size_t nnames;
	char **accounts;
	size_t naccounts;
};

static int add(char ***v, size_t *n, const char *s)
{
	char **nv;
	size_t i;

	if (!s || !*s)
		return 0;
	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return 0;
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv)
		return -1;
	*v = nv;
	nv[*n] = strdup(s);
	if (!nv[*n])
		return -1;
	(*n)++;
	return 0;
}

static int has(char *const *v, size_t n, const char *s)
{
	size_t i;

	if (!s || !*s)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

static void free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void vox_identity_free(struct vox_identity *id)
{
	if (!id)
		return;
	free_list(id->numbers, id->nnumbers);
	free_list(id->names, id->nnames);
	free_list(id->accounts, id->naccounts);
	free(id);
}

struct vox_identity *vox_identity_new(const struct vox_subject *s,
				      const struct vox_phone_plan *plan)
{
	struct vox_identity *id = calloc(1, sizeof(*id));
	size_t i;
	int rc = 0;

	if (!id)
		return NULL;
	for (i = 0; i < s->nphones; i++) {
		const struct vox_phone *p = &s->phones[i];
		char out[64];

		if (vox_phone_normalise(plan, p->raw, strlen(p->raw), out,
					sizeof(out)) == VOX_PHONE_E164)
			rc |= add(&id->numbers, &id->nnumbers, out);
		rc |= add(&id->names, &id->nnames, p->raw);
	}
	for (i = 0; i < s->extensions.n; i++)
		rc |= add(&id->names, &id->nnames, s->extensions.v[i]);
	for (i = 0; i < s->sip_usernames.n; i++)
		rc |= add(&id->names, &id->nnames, s->sip_usernames.v[i]);
	for (i = 0; i < s->account_codes.n; i++)
		rc |= add(&id->accounts, &id->naccounts, s->account_codes.v[i]);
	if (rc) {
		vox_identity_free(id);
		return NULL;
	}
	return id;
}

const char *const *vox_identity_list(const struct vox_identity *id,
				     enum vox_identity_list which, size_t *n)
{
	switch (which) {
	case VOX_ID_NUMBERS:
		*n = id->nnumbers;
		return (const char *const *)id->numbers;
	case VOX_ID_NAMES:
		*n = id->nnames;
		return (const char *const *)id->names;
	default:
		*n = id->naccounts;
		return (const char *const *)id->accounts;
	}
}

int vox_channel_endpoint(const char *channel, char *out, size_t outsz)
{
	const char *p, *end;
	size_t n;

	if (!channel || !(p = strchr(channel, '/')))
		return 0;
	p++;
	end = p + strcspn(p, "@;");
	if (*end != '@') {
		/* Drop the "-0000001a" that makes the channel name unique. */
		const char *dash = NULL, *q;

		for (q = p; q < end; q++)
			if (*q == '-')
				dash = q;
		if (dash && dash + 1 < end) {
			for (q = dash + 1; q < end; q++)
				if (!isxdigit((unsigned char)*q))
					break;
			if (q == end)
				end = dash;
		}
	}
	n = (size_t)(end - p);
	if (n == 0 || n >= outsz)
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

int vox_identity_match_party(const struct vox_identity *id,
			     const struct vox_party *p)
{
	return has(id->numbers, id->nnumbers, p->number) ||
		has(id->names, id->nnames, p->raw);
}

static int match_channel(const struct vox_identity *id, const char *channel)
{
	char ep[256];

	return vox_channel_endpoint(channel, ep, sizeof(ep)) &&
		has(id->names, id->nnames, ep);
}

int vox_identity_match_leg(const struct vox_identity *id,
			   const struct vox_call_leg *leg,
			   enum vox_direction *dir)
{
	int from = vox_identity_match_party(id, &leg->from) ||
		match_channel(id, leg->channel) ||
		has(id->accounts, id->naccounts, leg->account_code);
	int to = vox_identity_match_party(id, &leg->to) ||
		match_channel(id, leg->peer_channel) ||
		has(id->accounts, id->naccounts, leg->peer_account);

	if (!from && !to)
		return 0;
	*dir = from && to ? VOX_DIR_INTERNAL :
		from ? VOX_DIR_OUTBOUND : VOX_DIR_INBOUND;
	return 1;
}

static int each(char *const *v, size_t n, enum vox_match_key kind,
		vox_match_key_fn *fn, void *ctx)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = fn(ctx, kind, v[i]);
	return rc;
}

int vox_identity_keys(const struct vox_identity *id, vox_match_key_fn *fn,
		      void *ctx)
{
	int rc = each(id->numbers, id->nnumbers, VOX_KEY_NUMBER, fn, ctx);

	if (!rc)
		rc = each(id->names, id->nnames, VOX_KEY_NAME, fn, ctx);
	if (!rc)
		rc = each(id->accounts, id->naccounts, VOX_KEY_ACCOUNT, fn,
			  ctx);
	return rc;
}

/* An empty key matches nothing (has() above). */
static int key(vox_match_key_fn *fn, void *ctx, enum vox_match_key kind,
	       const char *s)
{
	return s && *s ? fn(ctx, kind, s) : 0;
}

int vox_party_keys(const struct vox_party *p, vox_match_key_fn *fn,
		   void *ctx)
{
	int rc = key(fn, ctx, VOX_KEY_NUMBER, p->number);

	return rc ? rc : key(fn, ctx, VOX_KEY_NAME, p->raw);
}

static int channel_key(const char *channel, vox_match_key_fn *fn, void *ctx)
{
	char ep[256];

	if (!vox_channel_endpoint(channel, ep, sizeof(ep)))
		return 0;
	return key(fn, ctx, VOX_KEY_NAME, ep);
}

int vox_leg_keys(const struct vox_call_leg *leg, vox_match_key_fn *fn,
		 void *ctx)
{
	int rc = vox_party_keys(&leg->from, fn, ctx);

	if (!rc)
		rc = channel_key(leg->channel, fn, ctx);
	if (!rc)
		rc = key(fn, ctx, VOX_KEY_ACCOUNT, leg->account_code);
	if (!rc)
		rc = vox_party_keys(&leg->to, fn, ctx);
	if (!rc)
		rc = channel_key(leg->peer_channel, fn, ctx);
	if (!rc)
		rc = key(fn, ctx, VOX_KEY_ACCOUNT, leg->peer_account);
	return rc;
}
