/* messages.c: the CLI's message helpers (see cli.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *cli_command;

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("voxport: ", stderr);
	if (cli_command)
		fprintf(stderr, "%s: ", cli_command);
	if (prefix)
		fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

int error_report(const struct vox_error *err)
{
	error("%s", err->msg[0] ? err->msg : "unknown error");
	return err->code == VOX_E_USAGE ? EXIT_USAGE : EXIT_FAILURE_DATA;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, fmt, ap);
	va_end(ap);
	if (cli_command)
		fprintf(stderr, "try 'voxport %s --help'\n", cli_command);
	else
		fprintf(stderr, "try 'voxport --help'\n");
	return EXIT_USAGE;
}

int print_usage(const char *usage)
{
	fputs(usage, stdout);
	return finish_stdout(EXIT_OK);
}

int common_options(int argc, char **argv, const char *usage, int *status)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			*status = print_usage(usage);
			return 1;
		}
		if (strcmp(argv[i], "--version") == 0) {
			*status = cmd_version(1, argv);
			return 1;
		}
	}
	return 0;
}

int finish_stdout(int status)
{
	/* A full disk or a closed pipe must not pass as success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error("write error on standard output: %s", strerror(errno));
		return status ? status : EXIT_FAILURE_DATA;
	}
	return status;
}
