/* SPDX-License-Identifier: Apache-2.0 */
/*
 * voxport.c: the command table and dispatch.  `voxport CMD ARGS...` runs
 * cmd_CMD(argc, argv) with argv[0] = "CMD"; see cli.h to add a command.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "suggest.h"

const struct command commands[] = {
	{ "export", cmd_export, "one subscriber's data to one archive",
	  cmd_export_usage },
	{ "bulk", cmd_bulk, "many subscribers' archives in one pass",
	  cmd_bulk_usage },
	{ "validate", cmd_validate, "check archives: structure, checksums, "
	  "every record against its schema", cmd_validate_usage },
	{ "inspect", cmd_inspect, "what is in an archive", cmd_inspect_usage },
	{ "import", cmd_import, "an archive into another provider's formats",
	  cmd_import_usage },
	{ "convert", cmd_convert, "provider files straight into another "
	  "format", cmd_convert_usage },
	{ "formats", cmd_formats, "the sources and targets this build has",
	  cmd_formats_usage },
	{ "schema", cmd_schema, "print a schema of the archive format",
	  cmd_schema_usage },
	{ "init", cmd_init, "write a starting provider.json to edit",
	  cmd_init_usage },
	{ "help", cmd_help, "help on a command", cmd_help_usage },
	{ "version", cmd_version, "the version of voxport", cmd_version_usage },
	{ NULL, NULL, NULL, NULL },
};

const struct command *command_find(const char *name)
{
	const struct command *c;

	for (c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* "no such command", with the likeliest one meant. */
static int no_command(const char *name)
{
	const char *names[32], *guess;
	size_t n = 0;

	for (const struct command *c = commands; c->name && n < 31; c++)
		names[n++] = c->name;
	names[n] = NULL;
	guess = vox_suggest(name, names);
	if (guess)
		return usage_error("no such command: %s; did you mean %s?",
				   cli_safe(name), guess);
	return usage_error("no such command: %s", cli_safe(name));
}

static const char main_usage_head[] =
	"usage: voxport COMMAND [OPTIONS] [ARGS]\n"
	"\n"
	"Data portability for telecom: export a subscriber's identity, "
	"contacts,\ncall logs and more from a provider's systems into one "
	"archive that follows\na published schema, check such archives, and "
	"write them into another\nprovider's formats."
	"\n\ncommands:\n";

static int main_usage(FILE *f)
{
	const struct command *c;

	fputs(main_usage_head, f);
	for (c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fputs("\n'voxport help COMMAND' or 'voxport COMMAND --help' tells "
	      "more.\nExit codes: 0 ok, 1 runtime or data failure, 2 usage "
	      "error, 3 invalid archive.\n", f);
	return 0;
}

const char cmd_help_usage[] =
	"usage: voxport help [COMMAND]\n"
	"\n"
	"Print the usage of COMMAND (the same text as 'voxport COMMAND "
	"--help'),\nor the list of commands.\n";

int cmd_help(int argc, char **argv)
{
	const struct command *c;
	int status;

	if (common_options(argc, argv, cmd_help_usage, &status))
		return status;
	if (argc < 2) {
		main_usage(stdout);
		return finish_stdout(EXIT_OK);
	}
	if (argc > 2)
		return usage_error("too many arguments");
	c = command_find(argv[1]);
	if (!c)
		return no_command(argv[1]);
	return print_usage(c->usage);
}

const char cmd_version_usage[] =
	"usage: voxport version\n"
	"\n"
	"Print the version of voxport and of the archive format it writes.\n";

int cmd_version(int argc, char **argv)
{
	int status;

	if (argc > 1 && common_options(argc, argv, cmd_version_usage, &status))
		return status;
	printf("voxport %s (archive format 1.0)\n", VOX_VERSION);
	return finish_stdout(EXIT_OK);
}

int main(int argc, char **argv)
{
	const struct command *c;
	int status;

	if (argc < 2) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		main_usage(stdout);
		return finish_stdout(EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv + 1);
	c = command_find(argv[1]);
	if (!c)
		return no_command(argv[1]);
	cli_command = c->name;
	status = c->fn(argc - 1, argv + 1);
	return finish_stdout(status);
}
