/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_import.c: `voxport import`, an archive written into another
 * provider's formats by a target writer.
 *
 * The archive is checked whole first, exactly as `voxport validate` checks
 * it (import/archive_check.c); an invalid one is refused with its problems
 * before anything is made.  Then its records stream to the target through
 * a staged run (import/import_run.c), which publishes the files and
 * import-report.json together at the end, or nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "category.h"
#include "cli.h"
#include "import/import.h"
#include "import/import_run.h"
#include "import_common.h"
#include "options.h"
#include "passphrase.h"
#include "path.h"
#include "phone.h"
#include "record_json.h"
#include "schemas.h"
#include "timeconv.h"

const char cmd_import_usage[] =
	"usage: voxport import ARCHIVE -t TARGET -o DIR [-f] [-q] [-v] "
	"[OPTIONS]\n"
	"       voxport import ARCHIVE -t asterisk-cdr-pgsql -O conninfo=... "
	"[OPTIONS]\n"
	"\n"
	"Check ARCHIVE as voxport validate does, then write its records in\n"
	"TARGET's format into DIR, with import-report.json: per category the\n"
	"records in and written, and each field the target cannot hold with\n"
	"how many records had a value in it.  A line on stderr says what\n"
	"was written (with -v, per category and field).\n"
	"Files are made under temporary names inside DIR and moved into\n"
	"place when all are complete; an invalid archive or a failure leaves\n"
	"DIR as it was.  A database target (asterisk-cdr-pgsql) takes no DIR:\n"
	"it loads the records in one transaction, all or nothing.\n"
	"\n"
	"  -t, --to TARGET        the target format (see voxport formats)\n"
	"  -o, --output DIR       where to write (made if missing)\n"
	"  -O, --option KEY=VALUE a target option (see voxport formats)\n"
	"      --categories LIST  only these (subject,contacts,calls,messages,\n"
	"                         recordings)\n"
	"  -f, --force            replace files already in DIR\n"
	"  -q, --quiet            no summary on stderr\n"
	"  -v, --verbose          the summary per category and lost field\n"
	"  -z, --time-zone ZONE   the zone of targets that write local times\n"
	"                         (default UTC)\n"
	"  -C, --country CC       the country of national numbers a target\n"
	"                         writes\n"
	"      --created TIME     the report's time (default: now, or\n"
	"                         $SOURCE_DATE_EPOCH)\n"
	"      --json             print the report on stdout (schema\n"
	"                         schemas/v1/cli/import.schema.json)\n"
	"      --create-table     -O create-table=yes: make the target's table\n"
	"                         when it is missing (asterisk-cdr-pgsql)\n"
	"      --passphrase-file F, --passphrase-fd N\n"
	"                         the passphrase of an encrypted archive (its\n"
	"                         first line; or $VOXPORT_PASSPHRASE)\n"
	"\n"
	"Exit codes: 0 done, 1 an invalid or unreadable archive or a failed\n"
	"write (nothing is left in DIR, nothing in the database), 2 usage.\n";

enum { OPT_CATEGORIES = 256, OPT_CREATED, OPT_JSON, OPT_PASS_FILE,
       OPT_PASS_FD, OPT_CREATE_TABLE };

/* Problems printed before an invalid archive is refused. */
#define MAX_PROBLEMS 20

static void print_problem(void *ctx, const char *msg)
{
	error("%s: %s", cli_safe(ctx), cli_safe(msg));
}

/* 0 when the archive is valid; else the exit status, problems printed. */
static int check(const char *path, const char *passphrase)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_check_opts o;
	struct vox_check_result res;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	o.schemas = vox_schemas_new(&err);
	if (!o.schemas)
		return error_report(&err);
	o.max_problems = MAX_PROBLEMS;
	o.passphrase = passphrase;
	o.problem = print_problem;
	o.ctx = (void *)path;
	rc = vox_archive_check(path, &o, &res, &err);
	vox_schemas_free(o.schemas);
	if (rc != VOX_OK) {
		vox_error_prefix(&err, "%s", path);
		return error_report(&err);
	}
	if (!res.problems)
		return 0;
	error("%s: not a valid archive (%u problem%s%s); nothing written",
	      cli_safe(path), res.problems, res.problems == 1 ? "" : "s",
	      res.problems > res.shown ? ", the first shown" : "");
	return EXIT_FAILURE_DATA;
}

static int put(void *ctx, const struct vox_record *rec, struct vox_error *err)
{
	return vox_import_put(ctx, rec, err);
}

/* The report's "input": the archive's name and subject. */
static json_t *describe(struct vox_archive_in *a, struct vox_error *err)
{
	json_t *m = vox_archive_in_manifest(a, err), *in;
	const char *subject, *version;

	if (!m)
		return NULL;
	subject = json_string_value(json_object_get(json_object_get(m,
						    "subject"), "id"));
	version = json_string_value(json_object_get(m, "version"));
	in = json_pack("{s:s,s:s,s:s}", "type", "archive", "name", a->name,
		       "subject", subject ? subject : "");
	if (version)
		json_object_set_new(in, "format_version", json_string(version));
	json_decref(m);
	return in;
}

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "option", required_argument, NULL, 'O' },
		{ "time-zone", required_argument, NULL, 'z' },
		{ "country", required_argument, NULL, 'C' },
		{ "force", no_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "categories", required_argument, NULL, OPT_CATEGORIES },
		{ "created", required_argument, NULL, OPT_CREATED },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "create-table", no_argument, NULL, OPT_CREATE_TABLE },
		{ "passphrase-file", required_argument, NULL, OPT_PASS_FILE },
		{ "passphrase-fd", required_argument, NULL, OPT_PASS_FD },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_target *target = NULL;
	struct vox_phone_plan plan;
	struct vox_import_opts io;
	struct vox_import_run *run = NULL;
	struct vox_archive_in *a = NULL;
	struct vox_tz *tz = NULL;
	const char *zone = "UTC", *dir = NULL, *created = NULL, *path;
	json_t *opts = json_object(), *report = NULL;
	FILE *spool = NULL;
	struct passphrase pass;
	const char *pw;
	int c, status, json = 0, quiet = 0, verbose = 0, create_table = 0;

	passphrase_init(&pass);
	memset(&io, 0, sizeof(io));
	io.categories = VOX_CAT_ALL;
	if (common_options(argc, argv, cmd_import_usage, &status))
		goto out;
	opterr = 0;
	optind = 1;
	status = EXIT_USAGE;
	while ((c = getopt_long(argc, argv, ":t:o:O:z:C:fqv", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 't':
			if (!(target = find_target(optarg)))
				goto out;
			break;
		case 'o':
			dir = optarg;
			break;
		case 'O':
			if (add_option(opts, optarg) != 0)
				goto out;
			break;
		case 'z':
			zone = optarg;
			break;
		case 'C':
			if (vox_phone_plan_for_country(optarg, &plan) !=
			    VOX_OK) {
				usage_error("--country: no numbering plan for "
					    "\"%s\"", cli_safe(optarg));
				goto out;
			}
			io.plan = &plan;
			break;
		case 'f':
			io.force = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case OPT_CATEGORIES:
			if (vox_category_parse(optarg, &io.categories, &err) !=
			    VOX_OK) {
				usage_error("--categories: %s", err.msg);
				goto out;
			}
			break;
		case OPT_CREATED:
			created = optarg;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_CREATE_TABLE:
			create_table = 1;
			break;
		case OPT_PASS_FILE:
			pass.file = optarg;
			break;
		case OPT_PASS_FD:
			if (passphrase_fd_option(&pass, optarg))
				goto out;
			break;
		default:
			status = option_error(argc, argv, c);
			goto out;
		}
	}
	if (optind != argc - 1) {
		usage_error(optind >= argc ? "no archive given" :
			    "one archive at a time");
		goto out;
	}
	if (!target || (!dir && !target->database)) {
		usage_error("%s", !target ? "--to TARGET is required (see "
			    "voxport formats)" : "--output DIR is required");
		goto out;
	}
	if (dir && target->database) {
		usage_error("--output: %s writes into a database, not a folder "
			    "(--json prints the report)", target->name);
		goto out;
	}
	if (create_table && add_option(opts, "create-table=yes") != 0)
		goto out;
	path = argv[optind];
	if (!(tz = vox_tz_load(zone, &err))) {
		usage_error("--time-zone: %s", err.msg);
		goto out;
	}
	if (creation_time(created, &io.created) != 0)
		goto out;
	status = EXIT_FAILURE_DATA;
	if (passphrase_read(&pass, 0))
		goto out;
	pw = pass.set ? pass.value : NULL;
	if ((status = check(path, pw)) != 0)
		goto out;
	status = EXIT_FAILURE_DATA;
	a = vox_archive_in_open(path, pw, &err);
	if (!a || !(io.input = describe(a, &err))) {
		vox_error_prefix(&err, "%s", path);
		status = error_report(&err);
		goto out;
	}
	if (!(spool = tmpfile())) {
		error("cannot make a temporary file for attachments");
		goto out;
	}
	io.target = target;
	io.dir = dir;
	io.options = opts;
	io.tz = tz;
	io.spool = spool;
	catch_signals();
	if (!(run = vox_import_begin(&io, &err))) {
		status = error_report(&err);
		goto out;
	}
	if (vox_archive_records(a, io.categories, spool, put, run, &err) !=
	    VOX_OK) {
		vox_import_abort(run);
		vox_error_prefix(&err, "%s", path);
		status = error_report(&err);
		goto out;
	}
	if (vox_import_finish(run, &report, &err) != VOX_OK) {
		status = error_report(&err);
		goto out;
	}
	if (!quiet)
		print_import_summary(report, dir, verbose);
	if (json)
		print_import_json(report, dir);
	status = EXIT_OK;
out:
	passphrase_clear(&pass);
	vox_archive_in_close(a);
	if (spool)
		fclose(spool);
	vox_tz_free(tz);
	json_decref(opts);
	json_decref(report);
	return status;
}
