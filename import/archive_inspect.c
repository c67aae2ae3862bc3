/* archive_inspect.c: what `voxport inspect` reads beyond the manifest. */
#include <string.h>

#include "import.h"
#include "timeconv.h"
#include "voxport/model.h"

int vox_archive_call_summary(struct vox_archive_in *a,
			     struct vox_call_summary *s,
			     struct vox_error *err)
{
	zip_int64_t idx = zip_name_locate(a->za, "calls.jsonl", ZIP_FL_ENC_RAW);
	struct vox_member m;
	char buf[65536], *line = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int rc = VOX_OK;
	int64_t first = VOX_TIME_NONE, last = VOX_TIME_NONE;

	memset(s, 0, sizeof(*s));
	if (idx < 0)
		return VOX_OK;
	if (vox_member_open(a, (zip_uint64_t)idx, VOX_ARCHIVE_MAX_BYTES, &m,
			    err) != VOX_OK)
		return VOX_ERR;
	while ((n = vox_member_read(&m, buf, sizeof(buf), err)) > 0) {
		ssize_t i;

		for (i = 0; i < n; i++) {
			json_t *c;
			const char *start, *dir;
			int64_t t;

			if (buf[i] != '\n') {
				if (len + 1 >= cap) {
					size_t ncap = cap ? cap * 2 : 4096;
					char *nl = len < VOX_ARCHIVE_MAX_LINE ?
						realloc(line, ncap) : NULL;

					/* jansson needs 20 times a line. */
					if (!nl) {
						free(line);
						vox_member_close(&m);
						return vox_error_set(err,
							VOX_E_LIMIT, "calls.jsonl:"
							"%llu: longer than %u "
							"bytes", (unsigned long long)
							s->calls + 1,
							VOX_ARCHIVE_MAX_LINE);
					}
					line = nl;
					cap = ncap;
				}
				line[len++] = buf[i];
				continue;
			}
			c = json_loadb(line, len, 0, NULL);
			len = 0;
			if (!c)
				continue;	/* validate reports it */
			s->calls++;
			start = json_string_value(json_object_get(c, "start"));
			dir = json_string_value(json_object_get(c, "direction"));
			if (start && vox_time_parse_rfc3339(start,
					strlen(start), &t) == VOX_OK) {
				if (first == VOX_TIME_NONE || t < first)
					first = t;
				if (last == VOX_TIME_NONE || t > last)
					last = t;
			}
			if (dir && strcmp(dir, "inbound") == 0)
				s->by_direction[VOX_DIR_INBOUND]++;
			else if (dir && strcmp(dir, "outbound") == 0)
				s->by_direction[VOX_DIR_OUTBOUND]++;
			else if (dir && strcmp(dir, "internal") == 0)
				s->by_direction[VOX_DIR_INTERNAL]++;
			else
				s->by_direction[VOX_DIR_UNKNOWN]++;
			json_decref(c);
		}
	}
	if (n < 0)
		rc = VOX_ERR;
	if (first != VOX_TIME_NONE) {
		vox_time_format(first, s->first);
		vox_time_format(last, s->last);
	}
	free(line);
	vox_member_close(&m);
	return rc;
}
