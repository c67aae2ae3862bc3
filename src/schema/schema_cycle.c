/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_cycle.c: refuse schemas that would make validation loop.
 *
 * A $ref, allOf, anyOf, oneOf, not, if/then/else or a schema dependency
 * applies a subschema to the same instance.  A loop made only of such
 * edges ({"$ref": "#"}, or two definitions referring to each other) would
 * recurse forever; loops through properties or items are fine, because
 * each turn consumes a level of the instance.  A depth-first search over
 * the in-place edges, with an explicit stack, finds the first such loop.
 */
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"

/* The k-th subschema applied to the same instance, or NULL after the
 * last. */
static const struct vox_schema_node *edge(const struct vox_schema_node *n,
					  size_t k)
{
	const struct vox_schema_anykw *a = n->any;
	const struct vox_schema_node *tail[4];
	size_t i;

	if (n->ref)
		return k == 0 ? n->ref : NULL;
	if (a) {
		if (k < a->nall_of)
			return a->all_of[k];
		k -= a->nall_of;
		if (k < a->nany_of)
			return a->any_of[k];
		k -= a->nany_of;
		if (k < a->none_of)
			return a->one_of[k];
		k -= a->none_of;
		tail[0] = a->not_;
		tail[1] = a->if_;
		tail[2] = a->then_;
		tail[3] = a->else_;
		for (i = 0; i < 4; i++) {
			if (!tail[i])
				continue;
			if (k == 0)
				return tail[i];
			k--;
		}
	}
	for (i = 0; n->obj && i < n->obj->ndeps; i++) {
		if (!n->obj->deps[i].node)
			continue;
		if (k == 0)
			return n->obj->deps[i].node;
		k--;
	}
	return NULL;
}

struct frame {
	const struct vox_schema_node *node;
	size_t next;
};

static int report(const struct frame *stack, size_t depth,
		  const struct vox_schema_node *again, struct vox_error *err)
{
	char msg[VOX_ERROR_MAX];
	size_t i = depth, n = 0;

	while (i > 0 && stack[i - 1].node != again)
		i--;
	for (i = i ? i - 1 : 0; i < depth && n < sizeof(msg); i++) {
		int w = snprintf(msg + n, sizeof(msg) - n, "%s -> ",
				 stack[i].node->loc);

		n += w > 0 ? (size_t)w : 0;
	}
	if (n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - n, "%s", again->loc);
	return vox_error_set(err, VOX_E_SCHEMA,
			     "cyclic $ref, validation would never end: %s",
			     msg);
}

int vox_schema_check_cycles(const struct vox_schema *s,
			    struct vox_error *err)
{
	unsigned char *color = calloc(s->nnodes ? s->nnodes : 1, 1);
	struct frame *stack = malloc((s->nnodes + 1) * sizeof(*stack));
	size_t i, depth;
	int rc = VOX_OK;

	if (!color || !stack) {
		free(color);
		free(stack);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	for (i = 0; i < s->nnodes && rc == VOX_OK; i++) {
		if (color[i])
			continue;
		stack[0].node = s->nodes[i];
		stack[0].next = 0;
		color[i] = 1;
		depth = 1;
		while (depth) {
			struct frame *f = &stack[depth - 1];
			const struct vox_schema_node *c = edge(f->node,
							       f->next++);

			if (!c) {
				color[f->node->index] = 2;
				depth--;
			} else if (color[c->index] == 1) {
				rc = report(stack, depth, c, err);
				break;
			} else if (!color[c->index]) {
				color[c->index] = 1;
				stack[depth].node = c;
				stack[depth].next = 0;
				depth++;
			}
		}
	}
	free(color);
	free(stack);
	return rc;
}
