/* SPDX-License-Identifier: Apache-2.0 */
/* rotation.c: the files a path pattern names, in order (see rotation.h). */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "rotation.h"

enum { DATED, NUMBERED, CURRENT };

struct key {
	size_t stem;		/* length of folder and stem in the path */
	int class;
	unsigned long num;	/* NUMBERED */
	char date[32];		/* DATED: the digits, truncated */
};

static const char *const suffixes[] = { ".gz", ".xz", ".zst", ".bz2", ".lz4" };

static void key_of(const char *path, struct key *k)
{
	const char *slash = strrchr(path, '/');
	size_t base = slash ? (size_t)(slash - path) + 1 : 0;
	size_t end = strlen(path), i, j, digits = 0, n = 0;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t l = strlen(suffixes[i]);

		if (end - base > l &&
		    strcasecmp(path + end - l, suffixes[i]) == 0) {
			end -= l;
			break;
		}
	}
	memset(k, 0, sizeof(*k));
	k->stem = end;
	k->class = CURRENT;
	/* Numbered: ".N", N of 1 to 6 digits, after a stem of its own. */
	for (i = end; i > base && isdigit((unsigned char)path[i - 1]); i--)
		;
	if (end - i >= 1 && end - i <= 6 && i - 1 > base &&
	    path[i - 1] == '.') {
		k->stem = i - 1;
		k->class = NUMBERED;
		k->num = strtoul(path + i, NULL, 10);
		return;
	}
	/* Dated: a separator, then at least 8 digits with - or _ between. */
	for (j = end; j > base && (isdigit((unsigned char)path[j - 1]) ||
				   path[j - 1] == '-' || path[j - 1] == '_');
	     j--)
		digits += isdigit((unsigned char)path[j - 1]) != 0;
	/* The tail starts with its - or _, or else follows a dot. */
	if (j < end && isdigit((unsigned char)path[j])) {
		if (j == base || path[j - 1] != '.')
			return;
		j--;
	}
	if (digits < 8 || j <= base)
		return;
	k->stem = j;
	k->class = DATED;
	for (i = j; i < end && n + 1 < sizeof(k->date); i++)
		if (isdigit((unsigned char)path[i]))
			k->date[n++] = path[i];
}

int vox_rotation_cmp(const char *a, const char *b)
{
	struct key ka, kb;
	size_t n;
	int c;

	key_of(a, &ka);
	key_of(b, &kb);
	n = ka.stem < kb.stem ? ka.stem : kb.stem;
	c = memcmp(a, b, n);
	if (c == 0 && ka.stem != kb.stem)
		c = ka.stem < kb.stem ? -1 : 1;
	if (c == 0 && ka.class != kb.class)
		c = ka.class < kb.class ? -1 : 1;
	if (c == 0 && ka.class == DATED)
		c = strcmp(ka.date, kb.date);
	if (c == 0 && ka.class == NUMBERED && ka.num != kb.num)
		c = ka.num > kb.num ? -1 : 1;	/* higher is older */
	return c ? c : strcmp(a, b);
}

int vox_path_is_pattern(const char *path)
{
	return strpbrk(path, "*?[") != NULL;
}

static int by_rotation(const void *a, const void *b)
{
	return vox_rotation_cmp(*(char *const *)a, *(char *const *)b);
}

int vox_matches_list(struct vox_matches *m, const char *pattern,
		     struct vox_error *err)
{
	glob_t g;
	size_t i;
	int rc;

	memset(m, 0, sizeof(*m));
	memset(&g, 0, sizeof(g));
	rc = glob(pattern, GLOB_ERR | GLOB_NOSORT, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		globfree(&g);
		return VOX_OK;
	}
	if (rc != 0) {
		globfree(&g);
		if (rc == GLOB_NOSPACE)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return vox_error_errno(err, VOX_E_IO, pattern);
	}
	m->paths = calloc(g.gl_pathc, sizeof(*m->paths));
	if (!m->paths)
		goto nomem;
	for (i = 0; i < g.gl_pathc; i++) {
		struct stat st;

		/* Folders and devices that match are not files to read. */
		if (stat(g.gl_pathv[i], &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		m->paths[m->n] = strdup(g.gl_pathv[i]);
		if (!m->paths[m->n++])
			goto nomem;
	}
	globfree(&g);
	if (m->n)
		qsort(m->paths, m->n, sizeof(*m->paths), by_rotation);
	return VOX_OK;
nomem:
	globfree(&g);
	vox_matches_release(m);
	return vox_error_set(err, VOX_E_NOMEM, "out of memory");
}

void vox_matches_release(struct vox_matches *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->paths[i]);
	free(m->paths);
	memset(m, 0, sizeof(*m));
}
