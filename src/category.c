/* SPDX-License-Identifier: Apache-2.0 */
/* category.c: category names and kinds (see category.h). */
#include <stdio.h>
#include <string.h>

#include "category.h"
#include "suggest.h"
#include "voxport/model.h"

static const struct {
	unsigned cat;
	const char *name;
	unsigned kind;
} table[VOX_CAT_COUNT] = {
	{ VOX_CAT_SUBJECT, "subject", VOX_SUBJECT },
	{ VOX_CAT_CONTACTS, "contacts", VOX_CONTACT },
	{ VOX_CAT_CALLS, "calls", VOX_CALL },
	{ VOX_CAT_MESSAGES, "messages", VOX_MESSAGE },
	{ VOX_CAT_RECORDINGS, "recordings", VOX_RECORDING },
};

const char *vox_category_name(unsigned cat)
{
	size_t i;

	for (i = 0; i < VOX_CAT_COUNT; i++)
		if (table[i].cat == cat)
			return table[i].name;
	return "";
}

unsigned vox_category_kind(unsigned cat)
{
	size_t i;

	for (i = 0; i < VOX_CAT_COUNT; i++)
		if (table[i].cat == cat)
			return table[i].kind;
	return 0;
}

static int unknown(const char *p, size_t n, struct vox_error *err)
{
	const char *names[VOX_CAT_COUNT + 1], *guess;
	char word[32];

	for (size_t i = 0; i < VOX_CAT_COUNT; i++)
		names[i] = table[i].name;
	names[VOX_CAT_COUNT] = NULL;
	snprintf(word, sizeof(word), "%.*s", (int)n, p);
	guess = vox_suggest(word, names);
	return vox_error_set(err, VOX_E_USAGE, "unknown category \"%.*s\"%s%s%s "
			     "(subject, contacts, calls, messages, recordings)",
			     (int)n, p, guess ? "; did you mean " : "",
			     guess ? guess : "", guess ? "?" : "");
}

int vox_category_parse(const char *list, unsigned *cats,
		       struct vox_error *err)
{
	const char *p = list;

	*cats = 0;
	while (*p) {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < VOX_CAT_COUNT; i++)
			if (strlen(table[i].name) == n &&
			    strncmp(table[i].name, p, n) == 0)
				break;
		if (i == VOX_CAT_COUNT)
			return unknown(p, n, err);
		*cats |= table[i].cat;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!*cats)
		return vox_error_set(err, VOX_E_USAGE, "no categories given");
	return VOX_OK;
}
