/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_schema.c: `voxport schema NAME`, print a built-in schema. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "suggest.h"
#include "embedded.h"

const char cmd_schema_usage[] =
	"usage: voxport schema [NAME]\n"
	"\n"
	"Print the JSON Schema (draft-07) NAME of the voxport archive format\n"
	"v1, e.g. 'voxport schema call'; without NAME, list them.\n";

int cmd_schema(int argc, char **argv)
{
	const struct vox_embedded *e;
	char file[128];
	int status;

	if (common_options(argc, argv, cmd_schema_usage, &status))
		return status;
	if (argc > 2)
		return usage_error("too many arguments");
	if (argc < 2) {
		for (e = vox_embedded_schemas; e->name; e++)
			printf("%.*s\n", (int)(strlen(e->name) -
					       strlen(".schema.json")), e->name);
		return EXIT_OK;
	}
	snprintf(file, sizeof(file), "%s%s", argv[1],
		 strstr(argv[1], ".schema.json") ? "" : ".schema.json");
	e = vox_embedded_schema(file);
	if (!e) {
		char names[64][64];
		const char *list[65], *guess;
		size_t n = 0;

		for (e = vox_embedded_schemas; e->name && n < 64; e++, n++) {
			snprintf(names[n], sizeof(names[n]), "%.*s",
				 (int)(strlen(e->name) - strlen(".schema.json")),
				 e->name);
			list[n] = names[n];
		}
		list[n] = NULL;
		guess = vox_suggest(argv[1], list);
		if (guess)
			return usage_error("no schema named %s; did you mean "
					   "%s? (try 'voxport schema')",
					   cli_safe(argv[1]), guess);
		return usage_error("no schema named %s (try 'voxport schema')",
				   cli_safe(argv[1]));
	}
	fwrite(e->data, 1, e->len, stdout);
	return EXIT_OK;
}
