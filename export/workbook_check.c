/* SPDX-License-Identifier: Apache-2.0 */
/* workbook_check.c: data.xlsx read back and checked (workbook_check.h). */
/* fopencookie(3) */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "workbook_check.h"
#include "xml_safe.h"

static const char file_name[] = "data.xlsx";

static ssize_t zip_read(void *cookie, char *buf, size_t n)
{
	zip_int64_t k = zip_fread(cookie, buf, n);

	return k < 0 ? -1 : (ssize_t)k;
}

static int zip_close_member(void *cookie)
{
	return zip_fclose(cookie) == 0 ? 0 : -1;
}

/* Parse part i (a small one) whole. */
static int read_part(zip_t *za, zip_uint64_t i, const char *name,
		     struct vox_error *err)
{
	static const cookie_io_functions_t io = {
		.read = zip_read, .close = zip_close_member,
	};
	zip_file_t *zf = zip_fopen_index(za, i, 0);
	struct vox_xml *x;
	FILE *f;
	int rc;

	if (!zf)
		return vox_error_set(err, VOX_E_IO, "%s: %s: %s", file_name,
				     name, zip_strerror(za));
	f = fopencookie(zf, "r", io);
	if (!f) {
		zip_fclose(zf);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	x = vox_xml_open(f, name, NULL, NULL, err);
	if (!x) {
		fclose(f);
		return VOX_ERR;
	}
	while ((rc = vox_xml_read(x, err)) == VOX_OK)
		;
	vox_xml_free(x);
	fclose(f);
	return rc == VOX_EOF ? VOX_OK : VOX_ERR;
}

/*
 * A sheet, which may be large, by a scan rather than a parse: its cells
 * are "<c " ... "</c>" (libxlsxwriter writes no empty-element cell, and
 * text and attribute values have their "<" escaped), so a cell cut short
 * leaves an open tag without its close, and a row lost leaves fewer of
 * both; the part must end with its root's end tag.
 */
static int scan_sheet(zip_t *za, zip_uint64_t i, const char *name,
		      uint64_t *cells, struct vox_error *err)
{
	static const char end_tag[] = "</worksheet>";
	char buf[65536 + 16];
	size_t keep = 0, from = 0, k;
	uint64_t open = 0, close = 0;
	zip_int64_t got;
	zip_file_t *zf = zip_fopen_index(za, i, 0);

	if (!zf)
		return vox_error_set(err, VOX_E_IO, "%s: %s: %s", file_name,
				     name, zip_strerror(za));
	while ((got = zip_fread(zf, buf + keep, 65536)) > 0) {
		size_t n = keep + (size_t)got;

		for (k = from; k + 4 <= n; k++) {
			if (buf[k] != '<')
				continue;
			if (buf[k + 1] == 'c' && buf[k + 2] == ' ')
				open++;
			else if (memcmp(buf + k, "</c>", 4) == 0)
				close++;
		}
		/*
		 * Carried to the next piece: the last bytes, for the end tag,
		 * of which those from k on are not scanned yet (a tag across).
		 */
		keep = n < sizeof(end_tag) - 1 ? n : sizeof(end_tag) - 1;
		if (keep < n - k)
			keep = n - k;
		from = keep - (n - k);
		memmove(buf, buf + n - keep, keep);
	}
	zip_fclose(zf);
	if (got < 0)
		return vox_error_set(err, VOX_E_IO, "%s: %s: cannot read it",
				     file_name, name);
	if (open != close || keep < sizeof(end_tag) - 1 ||
	    memcmp(buf + keep - (sizeof(end_tag) - 1), end_tag,
		   sizeof(end_tag) - 1) != 0)
		return vox_error_set(err, VOX_E_IO, "%s: %s is not whole (a "
				     "write failed: is the disk full?)",
				     file_name, name);
	*cells += open;
	return VOX_OK;
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);

	return n > k && strcmp(s + n - k, end) == 0;
}

int vox_workbook_check(const char *path, uint64_t cells,
		       struct vox_error *err)
{
	zip_t *za;
	zip_int64_t n, i;
	uint64_t seen = 0;
	int ze, rc = VOX_OK;

	za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za)
		return vox_error_set(err, VOX_E_IO, "%s: written, but not a "
				     "whole zip (a write failed: is the "
				     "disk full?)", file_name);
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n && rc == VOX_OK; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, 0);

		if (!name || !(ends_with(name, ".xml") ||
			       ends_with(name, ".rels")))
			continue;
		if (strncmp(name, "xl/worksheets/", 14) == 0) {
			rc = scan_sheet(za, (zip_uint64_t)i, name, &seen, err);
			continue;
		}
		rc = read_part(za, (zip_uint64_t)i, name, err);
		if (rc != VOX_OK) {
			vox_error_prefix(err, "%s: a part is not whole (a "
					 "write failed: is the disk full?)",
					 file_name);
			err->code = VOX_E_IO;
		}
	}
	zip_discard(za);
	if (rc == VOX_OK && seen != cells)
		rc = vox_error_set(err, VOX_E_IO, "%s: %llu of the %llu cells "
				   "written are in it (a write failed: is "
				   "the disk full?)", file_name,
				   (unsigned long long)seen,
				   (unsigned long long)cells);
	return rc;
}
