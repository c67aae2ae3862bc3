/*
 * cmd_import.c: `voxport import`, an archive written into another
 * provider's formats by a target writer.  Placeholder until the archive's
 * records can be read back (import/archive_records.c).
 */
#include "cli.h"

const char cmd_import_usage[] =
	"usage: voxport import ARCHIVE --to TARGET -o DIR [OPTIONS]\n";

int cmd_import(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAILURE_DATA;
}
