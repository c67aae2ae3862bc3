/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_validate.c: `voxport validate`, check archives. */
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "import/import.h"
#include "options.h"
#include "passphrase.h"
#include "schemas.h"

const char cmd_validate_usage[] =
	"usage: voxport validate [--max-errors N] [--json]\n"
	"                        [--passphrase-file F | --passphrase-fd N] "
	"ARCHIVE...\n"
	"\n"
	"Check voxport archives: the zip structure and member names, the\n"
	"manifest against its schema, every listed member present with the\n"
	"SHA-256, size and record count the manifest gives, no member left\n"
	"unlisted, and every record of every JSON and JSONL member against\n"
	"the schema the manifest names.  Each problem is printed on stderr\n"
	"with the member, line and JSON pointer; stdout gets one verdict\n"
	"line per archive.  All problems are counted; by default at most 10\n"
	"per member and 100 per archive are printed.\n"
	"\n"
	"  --max-errors N   print at most N problems per archive, however\n"
	"                   many a member has (0: print all)\n"
	"  --json           print one JSON object per archive on stdout:\n"
	"                   archive, valid, problems (the count), members,\n"
	"                   records, shown, and list: each problem printed\n"
	"                   (member, line, pointer, message); or archive,\n"
	"                   valid (false) and error when it cannot be read\n"
	"                   (schemas/v1/cli/validate.schema.json)\n"
	"  --passphrase-file F, --passphrase-fd N\n"
	"                   the passphrase of encrypted archives (its first\n"
	"                   line; or $VOXPORT_PASSPHRASE), never on the\n"
	"                   command line\n"
	"\n"
	"Exit codes: 0 every archive valid, 3 some archive invalid, 1 some\n"
	"archive could not be read, 2 usage.\n";

enum { OPT_MAX_ERRORS = 256, OPT_JSON, OPT_PASS_FILE, OPT_PASS_FD };

/* What is printed unless --max-errors says otherwise: a broken archive
 * can hold millions of problems. */
enum { DEFAULT_MAX_ERRORS = 100, DEFAULT_MAX_MEMBER_ERRORS = 10 };

static const struct option longopts[] = {
	{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "passphrase-file", required_argument, NULL, OPT_PASS_FILE },
	{ "passphrase-fd", required_argument, NULL, OPT_PASS_FD },
	{ NULL, 0, NULL, 0 },
};

struct report {
	const char *archive;
	json_t *list;		/* --json: the problems shown, parsed */
};

/*
 * A problem as JSON: "calls.jsonl:118: /start: not a time" gives member
 * calls.jsonl, line 118, pointer /start and the message; a problem of the
 * whole archive ("not a zip") has only a message.
 */
static json_t *problem_json(const char *msg)
{
	json_t *o = json_object();
	const char *p = msg, *colon = strstr(msg, ": ");
	const char *c2;

	if (colon && memchr(msg, ' ', (size_t)(colon - msg)) == NULL &&
	    colon > msg) {
		const char *lc = memchr(msg, ':', (size_t)(colon - msg));

		json_object_set_new(o, "member", json_stringn(msg, (size_t)
					(lc ? lc - msg : colon - msg)));
		if (lc)
			json_object_set_new(o, "line",
					    json_integer(atoll(lc + 1)));
		p = colon + 2;
	}
	if (*p == '/' && (c2 = strstr(p, ": "))) {
		json_object_set_new(o, "pointer",
				    json_stringn(p, (size_t)(c2 - p)));
		p = c2 + 2;
	}
	json_object_set_new(o, "message", json_string(p));
	return o;
}

static void print_problem(void *ctx, const char *msg)
{
	struct report *r = ctx;

	error("%s: %s", cli_safe(r->archive), cli_safe(msg));
	if (r->list)
		json_array_append_new(r->list, problem_json(msg));
}

/* One line of JSON per archive (schemas/v1/cli/validate.schema.json). */
static void print_json(json_t *o)
{
	if (o)
		json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
}

int cmd_validate(int argc, char **argv)
{
	struct vox_check_opts o;
	struct vox_schemas *schemas;
	struct vox_error err = VOX_ERROR_INIT;
	int c, status, json = 0, failed = 0, invalid = 0;
	struct passphrase pass;
	unsigned long max = DEFAULT_MAX_ERRORS;
	unsigned long member_max = DEFAULT_MAX_MEMBER_ERRORS;
	char *end;

	if (common_options(argc, argv, cmd_validate_usage, &status))
		return status;
	passphrase_init(&pass);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_MAX_ERRORS:
			max = strtoul(optarg, &end, 10);
			if (*end || !*optarg || optarg[0] == '-' ||
			    max > UINT_MAX)
				return usage_error("--max-errors: not a "
						   "number: \"%s\"", optarg);
			member_max = 0;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_PASS_FILE:
			pass.file = optarg;
			break;
		case OPT_PASS_FD:
			if (passphrase_fd_option(&pass, optarg))
				return EXIT_USAGE;
			break;
		default:
			return option_error(argc, argv, c);
		}
	}
	if (optind >= argc)
		return usage_error("no archive given");
	if (passphrase_read(&pass, 0))
		return EXIT_FAILURE_DATA;
	schemas = vox_schemas_new(&err);
	if (!schemas)
		return error_report(&err);
	memset(&o, 0, sizeof(o));
	o.schemas = schemas;
	o.max_problems = (unsigned)max;
	o.max_member_problems = (unsigned)member_max;
	o.problem = print_problem;
	o.passphrase = pass.set ? pass.value : NULL;
	for (; optind < argc; optind++) {
		const char *path = argv[optind];
		struct report r = { path, json ? json_array() : NULL };
		struct vox_check_result res;

		o.ctx = &r;
		if (vox_archive_check(path, &o, &res, &err) != VOX_OK) {
			error("%s: %s", cli_safe(path), cli_safe(err.msg));
			/* A script reading one object per archive gets one
			 * for this archive too. */
			if (json)
				print_json(json_pack("{s:s,s:b,s:s}", "archive",
						     path, "valid", 0, "error",
						     err.msg));
			json_decref(r.list);
			failed = 1;
			continue;
		}
		if (res.problems)
			invalid = 1;
		if (json) {
			print_json(json_pack("{s:s,s:b,s:I,s:I,s:I,s:I,s:O}",
					     "archive", path, "valid",
					     !res.problems, "problems",
					     (json_int_t)res.problems,
					     "members", (json_int_t)res.members,
					     "records", (json_int_t)res.records,
					     "shown", (json_int_t)res.shown,
					     "list", r.list));
		} else if (res.problems) {
			printf("%s: invalid (%u problem%s)\n", cli_safe(path),
			       res.problems, res.problems == 1 ? "" : "s");
		} else {
			printf("%s: valid (%llu members, %llu records)\n",
			       cli_safe(path), (unsigned long long)res.members,
			       (unsigned long long)res.records);
		}
		if (res.problems > res.shown)
			error("%s: %u more problem%s not shown", cli_safe(path),
			      res.problems - res.shown,
			      res.problems - res.shown == 1 ? "" : "s");
		json_decref(r.list);
	}
	vox_schemas_free(schemas);
	if (failed)
		return EXIT_FAILURE_DATA;
	return invalid ? EXIT_INVALID : EXIT_OK;
}
