/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_asterisk_cdr_pgsql.c: libFuzzer harness for the asterisk-cdr-pgsql
 * source's row to record code.  A database source has no input file: the
 * input is one result row, its values separated by NUL, the first byte
 * saying which are integer columns (disposition, amaflags) and the zone;
 * each value goes, as next() hands it, through vox_ast_row_set_coded() to
 * the mapper the source shares with asterisk-cdr-csv.  Extra values past
 * the CDR variables are FreePBX-style columns for extra.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export/asterisk_cdr.h"
#include "phone.h"
#include "timeconv.h"

#define MAX_OTHER 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const other_names[MAX_OTHER] = {
		"did", "recordingfile", "cnum", "cnam", "outbound_cnum",
		"outbound_cnam", "dst_cnam", "calldate",
	};
	static struct vox_tz *tz;
	static struct vox_phone_plan plan;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_ast_other other[MAX_OTHER];
	struct vox_ast_row row;
	struct vox_ast_cdr m;
	char *copy;
	size_t i = 1, n = 0;

	if (!tz) {
		tz = vox_tz_load("Europe/London", &err);
		if (!tz || vox_phone_plan_for_country("GB", &plan) != VOX_OK)
			abort();
	}
	if (size == 0)
		return 0;
	/* libpq's values are NUL-terminated: so are these */
	copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	memset(&row, 0, sizeof(row));
	row.line = 1;
	row.other = other;
	while (i <= size && n < VOX_AST_NVARS + MAX_OTHER) {
		const char *v = copy + i;
		size_t len = strlen(v);

		if (n < VOX_AST_NVARS) {
			int coded = (data[0] & 2) &&
				(n == VOX_AST_DISPOSITION ||
				 n == VOX_AST_AMAFLAGS);

			vox_ast_row_set_coded(&row, (int)n, v,
					      coded ? len : 0);
			if (!coded) {
				row.v[n].s = v;
				row.v[n].len = len;
			}
		} else {
			other[row.nother].name = other_names[row.nother];
			other[row.nother].v.s = v;
			other[row.nother].v.len = len;
			other[row.nother].v.given = 1;
			row.nother++;
		}
		n++;
		i += len + 1;
	}
	vox_ast_cdr_init(&m, "asterisk-cdr-pgsql", "cdr",
			 data[0] & 4 ? tz : NULL, data[0] & 1 ? &plan : NULL);
	m.fractions = (data[0] & 8) != 0;
	if (vox_ast_cdr_fill(&m, &row, &err) != VOX_OK && !err.msg[0])
		abort();	/* every error carries a message */
	vox_ast_cdr_release(&m);
	free(copy);
	return 0;
}
