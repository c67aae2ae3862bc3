/* SPDX-License-Identifier: Apache-2.0 */
/* folder.c: the files of one format in a folder tree (see folder.h). */
/* FNM_CASEFOLD: recorders write .wav, .WAV and .Wav alike. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "folder.h"
#include "path.h"

static int add(struct vox_folder *f, char *path, struct vox_error *err)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		char **v = realloc(f->paths, cap * sizeof(*v));

		if (!v) {
			free(path);
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		}
		f->paths = v;
		f->cap = cap;
	}
	if (f->n >= VOX_FOLDER_MAX_FILES) {
		free(path);
		return vox_error_set(err, VOX_E_LIMIT, "more than %u files "
				     "in one source folder",
				     VOX_FOLDER_MAX_FILES);
	}
	f->paths[f->n++] = path;
	return VOX_OK;
}

static int walk(struct vox_folder *f, const char *dir, const char *pattern,
		int depth, struct vox_error *err)
{
	DIR *d;
	struct dirent *e;
	int rc = VOX_OK;

	if (depth > VOX_FOLDER_DEPTH)
		return vox_error_set(err, VOX_E_LIMIT, "%s: folders nested "
				     "more than %d deep", dir,
				     VOX_FOLDER_DEPTH);
	d = opendir(dir);
	if (!d)
		return vox_error_errno(err, VOX_E_IO, dir);
	while (rc == VOX_OK && (errno = 0, e = readdir(d))) {
		struct stat st;
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = vox_path_join(dir, e->d_name);
		if (!path) {
			rc = vox_error_set(err, VOX_E_NOMEM, "out of memory");
			break;
		}
		if (lstat(path, &st) != 0) {
			rc = vox_error_errno(err, VOX_E_IO, path);
			free(path);
		} else if (S_ISDIR(st.st_mode)) {
			rc = walk(f, path, pattern, depth + 1, err);
			free(path);
		} else if (S_ISREG(st.st_mode) &&
			   fnmatch(pattern, e->d_name, FNM_CASEFOLD) == 0) {
			rc = add(f, path, err);
		} else {
			free(path);
		}
	}
	if (rc == VOX_OK && errno)
		rc = vox_error_errno(err, VOX_E_IO, dir);
	closedir(d);
	return rc;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vox_folder_list(struct vox_folder *f, const char *dir,
		    const char *pattern, struct vox_error *err)
{
	memset(f, 0, sizeof(*f));
	if (walk(f, dir, pattern, 0, err) != VOX_OK) {
		vox_folder_release(f);
		return VOX_ERR;
	}
	if (f->n)
		qsort(f->paths, f->n, sizeof(*f->paths), by_path);
	return VOX_OK;
}

void vox_folder_release(struct vox_folder *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->paths[i]);
	free(f->paths);
	memset(f, 0, sizeof(*f));
}
