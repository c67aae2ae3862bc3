/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_convert.c: `voxport convert`, provider files read by a source reader
 * and written by a target writer, with no archive in between.  The target
 * "records" prints the canonical records as JSON lines on stdout, in the
 * archive's JSON forms, which shows exactly what voxport reads from a
 * file; every other target writes into a folder, as `voxport import` does
 * (import/import_run.c), with the same loss report.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "call_group.h"
#include "category.h"
#include "cli.h"
#include "suggest.h"
#include "contact_json.h"
#include "import/import_run.h"
#include "import_common.h"
#include "options.h"
#include "phone.h"
#include "reader.h"
#include "record_json.h"
#include "timeconv.h"

const char cmd_convert_usage[] =
	"usage: voxport convert [-F FORMAT] [-t TARGET -o DIR [-f] [-q] [-v]]\n"
	"                       [OPTIONS] FILE...\n"
	"\n"
	"Read each FILE with a source reader (named, or chosen by looking at\n"
	"the file) and write its records with a target writer.  With the\n"
	"target \"records\" (the default) each record is printed as one line\n"
	"of JSON on stdout, in the form the archive uses: calls one leg per\n"
	"line, before legs are joined; contacts as JSContact cards;\n"
	"subscribers as subject.json.  Any other target writes its files into\n"
	"DIR, legs joined into calls, with import-report.json saying what the\n"
	"target could not hold, and a line on stderr, as voxport import does.\n"
	"\n"
	"  -F, --from FORMAT      the source format (see voxport formats)\n"
	"  -t, --to TARGET        records, or a target (see voxport formats)\n"
	"  -o, --output DIR       the folder a target writes into (made if\n"
	"                         missing; files are moved in when complete)\n"
	"  -f, --force            replace files already in DIR\n"
	"  -q, --quiet            no summary on stderr\n"
	"  -v, --verbose          the summary per category and lost field\n"
	"  -O, --option KEY=VALUE a target option (see voxport formats); with\n"
	"                         the target records, a reader option\n"
	"  -R, --read-option KEY=VALUE\n"
	"                         a reader option, as in provider.json\n"
	"      --categories LIST  only these (subject,contacts,calls,messages,\n"
	"                         recordings)\n"
	"  -z, --time-zone ZONE   the zone of local times (default UTC)\n"
	"  -C, --country CC       default country of national phone numbers\n"
	"      --on-error MODE    fail (default) or skip malformed records\n"
	"      --created TIME     the report's time (default: now, or\n"
	"                         $SOURCE_DATE_EPOCH)\n"
	"      --json             print the report on stdout (schema\n"
	"                         schemas/v1/cli/convert.schema.json)\n"
	"\n"
	"Exit codes: 0 done, 1 bad input (file and line named) or a failed\n"
	"write (nothing is left in DIR), 2 usage.\n";

#define MAX_OPTIONS 32

static int print_record(const struct vox_record *rec, struct vox_error *err)
{
	json_t *j = NULL;

	switch (rec->kind) {
	case VOX_SUBJECT:
		j = vox_subject_to_json(&rec->u.subject);
		break;
	case VOX_CONTACT:
		j = vox_contact_to_json(&rec->u.contact);
		break;
	case VOX_CALL:
		j = vox_call_to_json(&rec->u.call);
		break;
	case VOX_MESSAGE:
		j = vox_message_to_json(&rec->u.message);
		break;
	case VOX_RECORDING:
		j = vox_recording_to_json(&rec->u.recording);
		break;
	}
	if (!j)
		return vox_error_set(err, VOX_E_DATA, "a %s record cannot be "
				     "written as JSON",
				     vox_kind_name(rec->kind));
	json_dumpf(j, stdout, VOX_JSON_LINE);
	putchar('\n');
	json_decref(j);
	return VOX_OK;
}

enum { OPT_CATEGORIES = 256, OPT_ON_ERROR, OPT_CREATED, OPT_JSON };

struct convert {
	struct vox_import_run *run;	/* NULL: print records */
	struct vox_call_group *group;	/* joins legs for a target */
	unsigned kinds;			/* of the asked categories */
};

/* Hand the calls the grouper has finished on to the target. */
static int pass_calls(struct convert *cv, int at_end, struct vox_error *err)
{
	const struct vox_call *c;
	struct vox_record rec;

	while (vox_call_group_next(cv->group, at_end, &c) == VOX_OK) {
		rec.kind = VOX_CALL;
		rec.u.call = *c;
		if (vox_import_put(cv->run, &rec, err) != VOX_OK)
			return VOX_ERR;
	}
	return VOX_OK;
}

static int take(struct convert *cv, const struct vox_record *rec,
		struct vox_error *err)
{
	if (!(cv->kinds & rec->kind))
		return VOX_OK;
	if (!cv->run)
		return print_record(rec, err);
	if (rec->kind != VOX_CALL)
		return vox_import_put(cv->run, rec, err);
	if (vox_call_group_add(cv->group, &rec->u.call, err) != VOX_OK)
		return VOX_ERR;
	return pass_calls(cv, 0, err);
}

/* Every record of one file; VOX_ERR with err set (prefixed) on failure. */
static int read_file(struct convert *cv, const struct vox_source *src,
		     const char *path, const struct vox_tz *tz,
		     const struct vox_phone_plan *plan, const json_t *ropts,
		     FILE *spool, int skip, json_t *inputs,
		     struct vox_error *err)
{
	struct vox_reader rd;
	const struct vox_record *rec;
	int rc, status = VOX_OK;

	if (vox_reader_open(&rd, src, vox_sources, path, tz, plan, ropts,
			    spool, err) != VOX_OK)
		return VOX_ERR;
	while ((rc = vox_reader_next(&rd, &rec, err)) != VOX_EOF) {
		if (rc == VOX_ERR) {
			if (skip && err->code == VOX_E_DATA) {
				warning("%s: %s (skipped)", rd.source->name,
					err->msg);
				vox_reader_skip(&rd);
				continue;
			}
			vox_error_prefix(err, "%s", rd.source->name);
			status = VOX_ERR;
			break;
		}
		if (take(cv, rec, err) != VOX_OK) {
			status = VOX_ERR;
			break;
		}
	}
	json_array_append_new(inputs, json_pack("{s:s,s:s,s:I,s:I}", "name",
			      rd.name, "format", rd.source->name, "records",
			      (json_int_t)(rd.read - rd.rejected), "rejected",
			      (json_int_t)rd.rejected));
	vox_reader_close(&rd);
	return status;
}

int cmd_convert(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "option", required_argument, NULL, 'O' },
		{ "read-option", required_argument, NULL, 'R' },
		{ "time-zone", required_argument, NULL, 'z' },
		{ "country", required_argument, NULL, 'C' },
		{ "force", no_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "categories", required_argument, NULL, OPT_CATEGORIES },
		{ "on-error", required_argument, NULL, OPT_ON_ERROR },
		{ "created", required_argument, NULL, OPT_CREATED },
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_source *src = NULL;
	const struct vox_target *target = NULL;
	struct vox_phone_plan plan;
	const struct vox_phone_plan *planp = NULL;
	struct vox_tz *tz = NULL;
	struct vox_import_opts io;
	struct convert cv = { NULL, NULL, VOX_CAT_ALL };
	const char *zone = "UTC", *dir = NULL, *created = NULL;
	json_t *opts = json_object(), *ropts = json_object();
	json_t *inputs = json_array(), *report = NULL;
	FILE *spool = NULL;
	unsigned cats = VOX_CAT_ALL;
	int c, status, skip = 0, force = 0, json = 0, records = 1;
	int quiet = 0, verbose = 0;

	if (common_options(argc, argv, cmd_convert_usage, &status))
		goto out;
	opterr = 0;
	optind = 1;
	status = EXIT_USAGE;
	while ((c = getopt_long(argc, argv, ":F:t:o:O:R:z:C:fqv", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'F':
			src = vox_source_find(optarg);
			if (!src) {
				const char *names[64], *guess;
				size_t n = 0;

				for (; vox_sources[n] && n < 63; n++)
					names[n] = vox_sources[n]->name;
				names[n] = NULL;
				guess = vox_suggest(optarg, names);
				usage_error("unknown source format \"%s\"%s%s%s "
					    "(see voxport formats)",
					    cli_safe(optarg),
					    guess ? "; did you mean \"" : "",
					    guess ? guess : "",
					    guess ? "\"?" : "");
				goto out;
			}
			break;
		case 't':
			records = strcmp(optarg, "records") == 0;
			if (!records && !(target = find_target(optarg)))
				goto out;
			break;
		case 'o':
			dir = optarg;
			break;
		case 'O':
			if (add_option(opts, optarg) != 0)
				goto out;
			break;
		case 'R':
			if (add_option(ropts, optarg) != 0)
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
			planp = &plan;
			break;
		case 'f':
			/* Earlier builds had -f for --from: say so rather
			 * than read the format's name as a file. */
			if (optind < argc && vox_source_find(argv[optind]) &&
			    access(argv[optind], F_OK) != 0) {
				usage_error("-f is --force; the source format "
					    "is -F or --from: -F %s",
					    argv[optind]);
				goto out;
			}
			force = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case OPT_CATEGORIES:
			if (vox_category_parse(optarg, &cats, &err) != VOX_OK) {
				usage_error("--categories: %s", err.msg);
				goto out;
			}
			break;
		case OPT_ON_ERROR:
			if (strcmp(optarg, "skip") && strcmp(optarg, "fail")) {
				usage_error("--on-error: fail or skip, not "
					    "\"%s\"", cli_safe(optarg));
				goto out;
			}
			skip = strcmp(optarg, "skip") == 0;
			break;
		case OPT_CREATED:
			created = optarg;
			break;
		case OPT_JSON:
			json = 1;
			break;
		default:
			status = option_error(argc, argv, c);
			goto out;
		}
	}
	if (optind >= argc) {
		usage_error("no file given");
		goto out;
	}
	if (records && (dir || force || json || quiet || verbose)) {
		usage_error("--output, --force, --quiet, --verbose and --json "
			    "are for a target other than records");
		goto out;
	}
	if (!records && !dir) {
		usage_error("--to %s needs --output DIR", target->name);
		goto out;
	}
	if (records) {
		/* The records target has no options: -O is the reader's. */
		json_object_update(ropts, opts);
		json_object_clear(opts);
	}
	tz = vox_tz_load(zone, &err);
	if (!tz) {
		usage_error("--time-zone: %s", err.msg);
		goto out;
	}
	cv.kinds = 0;
	for (unsigned bit = 1; bit & VOX_CAT_ALL; bit <<= 1)
		if (cats & bit)
			cv.kinds |= vox_category_kind(bit);
	if (!records) {
		memset(&io, 0, sizeof(io));
		if (creation_time(created, &io.created) != 0)
			goto out;
		spool = tmpfile();
		cv.group = vox_call_group_new();
		if (!spool || !cv.group) {
			error("cannot make a temporary file: out of memory or "
			      "no space");
			status = EXIT_FAILURE_DATA;
			goto out;
		}
		io.target = target;
		io.dir = dir;
		io.force = force;
		io.options = opts;
		io.categories = cats;
		io.tz = tz;
		io.plan = planp;
		io.spool = spool;
		io.input = json_pack("{s:s,s:O}", "type", "files", "files",
				     inputs);
		catch_signals();
		cv.run = vox_import_begin(&io, &err);
		if (!cv.run) {
			status = error_report(&err);
			goto out;
		}
	}
	status = EXIT_OK;
	for (int i = optind; i < argc && status == EXIT_OK; i++)
		if (read_file(&cv, src, argv[i], tz, planp, ropts, spool, skip,
			      inputs, &err) != VOX_OK)
			status = error_report(&err);
	if (cv.run && status == EXIT_OK &&
	    pass_calls(&cv, 1, &err) != VOX_OK)
		status = error_report(&err);
	if (cv.run && status != EXIT_OK) {
		vox_import_abort(cv.run);
	} else if (cv.run) {
		if (vox_import_finish(cv.run, &report, &err) != VOX_OK) {
			status = error_report(&err);
		} else {
			if (!quiet)
				print_import_summary(report, dir, verbose);
			if (json)
				print_import_json(report, dir);
		}
	}
out:
	vox_call_group_free(cv.group);
	if (spool)
		fclose(spool);
	vox_tz_free(tz);
	json_decref(opts);
	json_decref(ropts);
	json_decref(inputs);
	json_decref(report);
	return status;
}
