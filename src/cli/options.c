/* SPDX-License-Identifier: Apache-2.0 */
/* options.c: option parsing the commands share (see options.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "export/third_party.h"
#include "options.h"
#include "timeconv.h"

int parse_time_option(const char *opt, const char *value,
		      const struct vox_tz *tz, int is_end, int64_t *ms)
{
	if (vox_time_parse_user(value, tz, is_end, ms) != VOX_OK)
		return usage_error("%s: not a time: \"%s\"", opt, value);
	return 0;
}

int creation_time(const char *value, int64_t *ms)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	if (value) {
		struct vox_tz *utc = vox_tz_load("UTC", NULL);
		int rc = utc ? parse_time_option("--created", value, utc, 0,
						 ms) : 2;

		vox_tz_free(utc);
		return rc;
	}
	if (sde && *sde) {
		char *end;
		long long s = strtoll(sde, &end, 10);

		if (*end || s < 0)
			return usage_error("SOURCE_DATE_EPOCH: not a number "
					   "of seconds: \"%s\"", sde);
		*ms = s * 1000;
		return 0;
	}
	*ms = (int64_t)time(NULL) * 1000;
	return 0;
}

int option_error(int argc, char **argv, int c)
{
	const char *arg = optind - 1 < argc ? argv[optind - 1] : "";

	if (c == ':')
		return usage_error("option %s needs a value", arg);
	if (optopt && optopt < 256)
		return usage_error("unknown option -%c", optopt);
	return usage_error("unknown option %s", arg);
}

void json_print_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

int third_party_key_read(const char *path, unsigned char *key, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(key, 1, VOX_TP_KEY_MAX, f) : 0;
	int more = f && fgetc(f) != EOF;

	if (f)
		fclose(f);
	if (!f) {
		error("%s: %s", cli_safe(path), strerror(errno));
		return 1;
	}
	if (n < 16 || more) {
		error("%s: a key of 16 to %d bytes, not %s", cli_safe(path),
		      VOX_TP_KEY_MAX, more ? "more" : "fewer");
		return 1;
	}
	*len = n;
	return 0;
}
