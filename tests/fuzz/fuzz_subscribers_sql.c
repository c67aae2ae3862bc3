/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_subscribers_sql.c: libFuzzer harness for the subscribers-sql
 * source's row to subject code.  A database source has no input file: the
 * input is a query result as text, its first line the column names and
 * each later line a row, values separated by TAB, "\N" a NULL; each is
 * handed over as next() hands a libpq row, to subscriber_rows.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export/subscriber_rows.h"
#include "phone.h"

#define MAX_FIELDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vox_phone_plan plan;
	static int have_plan;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_csv_field f[MAX_FIELDS];
	struct vox_csv_row row;
	struct vox_subscriber_rows *r;
	const struct vox_record *rec;
	char *copy, *line, *next;
	uint64_t n = 0;
	size_t ncols = 0;

	if (!have_plan) {
		if (vox_phone_plan_for_country("GB", &plan) != VOX_OK)
			abort();
		have_plan = 1;
	}
	copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	r = vox_subscriber_rows_new("subscribers-sql", "query",
				    size && (data[0] & 1) ? &plan : NULL);
	if (!r) {
		free(copy);
		return 0;
	}
	for (line = copy; line; line = next) {
		char *p = line;
		size_t k = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (p && k < MAX_FIELDS) {
			char *tab = strchr(p, '\t');

			if (tab)
				*tab = '\0';
			f[k].s = strcmp(p, "\\N") == 0 ? NULL : p;
			f[k].len = f[k].s ? strlen(p) : 0;
			k++;
			p = tab ? tab + 1 : NULL;
		}
		row.line = row.last_line = n;
		row.f = f;
		row.n = n ? ncols : k;	/* libpq rows are as wide as the header */
		for (size_t i = k; n && i < ncols; i++) {
			f[i].s = NULL;
			f[i].len = 0;
		}
		if (n == 0) {
			for (size_t i = 0; i < k; i++)
				if (!f[i].s)
					f[i].s = "";
			if (vox_subscriber_rows_header(r, &row, &err) !=
			    VOX_OK)
				break;
			ncols = k;
		} else if (vox_subscriber_rows_fill(r, &row, &rec, &err) !=
			   VOX_OK && !err.msg[0]) {
			abort();
		}
		n++;
	}
	vox_subscriber_rows_free(r);
	free(copy);
	return 0;
}
