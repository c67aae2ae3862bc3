/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h: what the commands share: the command table's entry points, the
 * message helpers, and the exit codes.
 *
 * To add a command:
 *  1. write src/cli/cmd_<name>.c with `int cmd_<name>(int argc, char **argv)`
 *     returning the exit status, and `const char cmd_<name>_usage[]`, the
 *     text both `voxport help <name>` and `voxport <name> --help` print;
 *  2. declare both below and add a row to commands[] in voxport.c;
 *  3. add man/voxport-<name>.1 and golden cases under tests/cases/<name>/;
 *  4. keep the usage's synopsis and options and the page's SYNOPSIS and
 *     OPTIONS the same, and take option letters from voxport(1)'s OPTIONS
 *     COMMON TO ALL COMMANDS (tests/suites/cli_options.sh checks both);
 *  5. with --json, describe its output in schemas/v1/cli/<name>.schema.json
 *     (draft-07) and add its success and failure runs to
 *     tests/suites/cli_json.sh, which fails for a --json with no schema.
 */
#ifndef VOX_CLI_H
#define VOX_CLI_H

#include "voxport/error.h"

enum {
	EXIT_OK = 0,
	EXIT_FAILURE_DATA = 1,	/* runtime or data failure */
	EXIT_USAGE = 2,
	EXIT_INVALID = 3,	/* validate: the archive is not valid */
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage;
};

extern const struct command commands[];
const struct command *command_find(const char *name);

/* The command running now, for messages ("voxport: export: ..."). */
extern const char *cli_command;

/* "voxport: CMD: message" on stderr. */
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, for what went well: the summary after a run (not with -q). */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The error object's message; returns the exit code its code calls for. */
int error_report(const struct vox_error *err);
/* A usage error: the message and "try 'voxport CMD --help'"; returns 2. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * s with control characters (C0, DEL, C1) and bytes that are not UTF-8
 * written as \xNN, for printing text that came from a file: an archive must
 * not drive the terminal.  s itself when nothing needs escaping, else a
 * copy that stays valid for the next 15 calls (enough for one printf).
 */
const char *cli_safe(const char *s);

/* Print a command's usage on stdout; returns 0 (for --help). */
int print_usage(const char *usage);

/*
 * Handle --help / -h and --version anywhere before "--": 1 and *status set
 * when the command should return at once.
 */
int common_options(int argc, char **argv, const char *usage, int *status);

/* Remove temporary folders on SIGHUP, SIGINT, SIGTERM (signals.c). */
void catch_signals(void);

/* Flush and close stdout; a failure is an error (exit 1). */
int finish_stdout(int status);

int cmd_export(int argc, char **argv);
int cmd_bulk(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_formats(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);

extern const char cmd_export_usage[];
extern const char cmd_bulk_usage[];
extern const char cmd_convert_usage[];
extern const char cmd_import_usage[];
extern const char cmd_validate_usage[];
extern const char cmd_inspect_usage[];
extern const char cmd_formats_usage[];
extern const char cmd_schema_usage[];
extern const char cmd_init_usage[];
extern const char cmd_help_usage[];
extern const char cmd_version_usage[];

#endif
