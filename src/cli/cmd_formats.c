/* cmd_formats.c: `voxport formats`, the readers this build has. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "voxport/model.h"
#include "voxport/source.h"

const char cmd_formats_usage[] =
	"usage: voxport formats [--json]\n"
	"\n"
	"List the source formats this build reads (for provider.json and\n"
	"auto-detection), with the records each yields and its options.\n"
	"\n"
	"  --json   one JSON object, for scripts\n";

static void kinds(char *buf, size_t n, unsigned k)
{
	unsigned bit;

	buf[0] = '\0';
	for (bit = VOX_SUBJECT; bit <= VOX_RECORDING; bit <<= 1)
		if (k & bit) {
			if (buf[0])
				strncat(buf, ",", n - strlen(buf) - 1);
			strncat(buf, vox_kind_name(bit), n - strlen(buf) - 1);
		}
}

/* "a=x: what; b=y: what" as one indented line per option. */
static void print_options(const char *opts)
{
	const char *p = opts;

	while (p && *p) {
		const char *semi = strstr(p, "; ");
		int n = semi ? (int)(semi - p) : (int)strlen(p);

		printf("%36s%s %.*s\n", "", p == opts ? "options:" : "        ",
		       n, p);
		p = semi ? semi + 2 : NULL;
	}
}

int cmd_formats(int argc, char **argv)
{
	int status, json = 0, i;

	if (common_options(argc, argv, cmd_formats_usage, &status))
		return status;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else
			return usage_error("unknown argument: %s", argv[i]);
	}
	if (json)
		printf("{\"sources\":[");
	else
		printf("sources (export):\n");
	for (i = 0; vox_sources[i]; i++) {
		const struct vox_source *s = vox_sources[i];
		char k[64];

		kinds(k, sizeof(k), s->kinds);
		if (json) {
			printf("%s{\"name\":\"%s\",\"records\":\"%s\"}",
			       i ? "," : "", s->name, k);
			continue;
		}
		printf("  %-18s %-13s %s\n", s->name, k, s->summary);
		print_options(s->options);
	}
	if (json)
		printf("],\"targets\":[]}\n");
	return EXIT_OK;
}
