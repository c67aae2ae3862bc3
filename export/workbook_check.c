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

/* Parse part i whole; its <c> elements are added to *cells. */
static int read_part(zip_t *za, zip_uint64_t i, const char *name,
		     uint64_t *cells, struct vox_error *err)
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
	while ((rc = vox_xml_read(x, err)) == VOX_OK) {
		xmlTextReaderPtr r = vox_xml_reader(x);

		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
		    strcmp((const char *)xmlTextReaderConstLocalName(r),
			   "c") == 0)
			(*cells)++;
	}
	vox_xml_free(x);
	fclose(f);
	return rc == VOX_EOF ? VOX_OK : VOX_ERR;
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
		uint64_t c = 0;

		if (!name || !(ends_with(name, ".xml") ||
			       ends_with(name, ".rels")))
			continue;
		rc = read_part(za, (zip_uint64_t)i, name, &c, err);
		if (rc != VOX_OK) {
			vox_error_prefix(err, "%s: a part is not whole (a "
					 "write failed: is the disk full?)",
					 file_name);
			err->code = VOX_E_IO;
		}
		if (strncmp(name, "xl/worksheets/", 14) == 0)
			seen += c;
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
