/* SPDX-License-Identifier: Apache-2.0 */
/*
 * diffcheck: voxport's time, RFC 3339 and CSV code driven from the command
 * line, for tests/suites/differential.sh, which compares its answers with
 * independent implementations (Python's zoneinfo, datetime and csv).
 *
 *	diffcheck offsets ZONE FROM TO STEP
 *		"T OFFSET" at FROM and wherever vox_tz_offset() changes,
 *		probing every STEP seconds of UTC in [FROM, TO)
 *	diffcheck toutc ZONE FROM TO STEP
 *		"W UTC-W" the same for vox_tz_to_utc() of wall times W
 *	diffcheck format	each line of stdin a number of ms: its
 *		vox_time_format(), or "-" when it gives none
 *	diffcheck parse		each line an RFC 3339 text: its ms, or "ERR"
 *	diffcheck csv		each line a value in hex: one row of it
 *		written with vox_csv_put() then with vox_csv_put_plain()
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_write.h"
#include "timeconv.h"

static int runs(const char *mode, const char *zone, long long from,
		long long to, long long step)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_tz *tz = vox_tz_load(zone, &err);
	long long prev = 0;
	int first = 1;

	if (!tz) {
		fprintf(stderr, "diffcheck: %s\n", err.msg);
		return 1;
	}
	for (long long t = from; t < to; t += step) {
		long long v = strcmp(mode, "offsets") == 0 ?
			vox_tz_offset(tz, t) : vox_tz_to_utc(tz, t) - t;

		if (first || v != prev)
			printf("%lld %lld\n", t, v);
		prev = v;
		first = 0;
	}
	vox_tz_free(tz);
	return 0;
}

static int unhex(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	for (; s[0] && s[1] && n + 1 < cap; s += 2) {
		unsigned v;

		if (sscanf(s, "%2x", &v) != 1)
			return -1;
		out[n++] = (char)v;
	}
	out[n] = '\0';
	return 0;
}

int main(int argc, char **argv)
{
	char line[8192], val[4096];

	if (argc == 6)
		return runs(argv[1], argv[2], atoll(argv[3]), atoll(argv[4]),
			    atoll(argv[5]));
	if (argc != 2) {
		fprintf(stderr, "usage: diffcheck offsets|toutc ZONE FROM TO "
			"STEP, or format|parse|csv < lines\n");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		char buf[VOX_TIME_FORMAT_MAX];
		int64_t ms;

		line[strcspn(line, "\r\n")] = '\0';
		if (strcmp(argv[1], "format") == 0) {
			puts(vox_time_format(atoll(line), buf) ? buf : "-");
		} else if (strcmp(argv[1], "parse") == 0) {
			if (vox_time_parse_rfc3339(line, strlen(line), &ms) ==
			    VOX_OK)
				printf("%lld\n", (long long)ms);
			else
				puts("ERR");
		} else if (strcmp(argv[1], "csv") == 0) {
			if (unhex(line, val, sizeof(val)) != 0)
				return 1;
			vox_csv_put(stdout, val, 0);
			vox_csv_put_plain(stdout, val, VOX_CSV_LAST);
		} else {
			return 2;
		}
	}
	return fflush(stdout) != 0;
}
