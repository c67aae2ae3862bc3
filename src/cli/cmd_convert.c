/*
 * cmd_convert.c: `voxport convert`, one provider file read by a source
 * reader and written in another form, with no archive in between.  This
 * build's one target is "records": the canonical records as JSON lines, in
 * the archive's JSON forms, which shows exactly what voxport reads from a
 * file.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "contact_json.h"
#include "options.h"
#include "phone.h"
#include "reader.h"
#include "record_json.h"
#include "timeconv.h"

const char cmd_convert_usage[] =
	"usage: voxport convert [-f FORMAT] [-t records] [OPTIONS] FILE\n"
	"\n"
	"Read FILE with a source reader (named, or chosen by looking at the\n"
	"file) and print each record it yields as one line of JSON on stdout,\n"
	"in the form the archive uses: calls one leg per line, before legs\n"
	"are joined; contacts as JSContact cards; subscribers as subject.json.\n"
	"\n"
	"  -f, --from FORMAT      the source format (see voxport formats)\n"
	"  -t, --to TARGET        records (the only target of this build)\n"
	"  -z, --time-zone ZONE   the zone of local times in FILE (default UTC)\n"
	"  -C, --country CC       default country of national phone numbers\n"
	"  -O, --option KEY=VALUE a reader option, as in provider.json\n"
	"      --on-error MODE    fail (default) or skip malformed records\n"
	"\n"
	"Exit codes: 0 done, 1 bad input (file and line named), 2 usage.\n";

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

static int add_option(json_t *opts, const char *kv)
{
	const char *eq = strchr(kv, '=');
	char key[128];

	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(key))
		return usage_error("--option: KEY=VALUE, not \"%s\"", kv);
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = '\0';
	json_object_set_new(opts, key, json_string(eq + 1));
	return 0;
}

int cmd_convert(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "time-zone", required_argument, NULL, 'z' },
		{ "country", required_argument, NULL, 'C' },
		{ "option", required_argument, NULL, 'O' },
		{ "on-error", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_source *src = NULL;
	struct vox_phone_plan plan;
	const struct vox_phone_plan *planp = NULL;
	struct vox_reader rd;
	struct vox_tz *tz = NULL;
	const struct vox_record *rec;
	const char *zone = "UTC";
	json_t *opts = json_object();
	int c, status, skip = 0, rc;

	if (common_options(argc, argv, cmd_convert_usage, &status))
		goto done_early;
	opterr = 0;
	optind = 1;
	status = EXIT_USAGE;
	while ((c = getopt_long(argc, argv, ":f:t:z:C:O:", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'f':
			src = vox_source_find(optarg);
			if (!src) {
				usage_error("unknown source format \"%s\" (see "
					    "voxport formats)", optarg);
				goto done_early;
			}
			break;
		case 't':
			if (strcmp(optarg, "records") != 0) {
				usage_error("unknown target \"%s\" (this build "
					    "has: records)", optarg);
				goto done_early;
			}
			break;
		case 'z':
			zone = optarg;
			break;
		case 'C':
			if (vox_phone_plan_for_country(optarg, &plan) !=
			    VOX_OK) {
				usage_error("--country: no numbering plan for "
					    "\"%s\"", optarg);
				goto done_early;
			}
			planp = &plan;
			break;
		case 'O':
			if (add_option(opts, optarg) != 0)
				goto done_early;
			break;
		case 'e':
			if (strcmp(optarg, "skip") && strcmp(optarg, "fail")) {
				usage_error("--on-error: fail or skip, not "
					    "\"%s\"", optarg);
				goto done_early;
			}
			skip = strcmp(optarg, "skip") == 0;
			break;
		default:
			status = option_error(argc, argv, c);
			goto done_early;
		}
	}
	if (optind != argc - 1) {
		usage_error(optind >= argc ? "no file given" :
			    "one file at a time");
		goto done_early;
	}
	tz = vox_tz_load(zone, &err);
	if (!tz) {
		usage_error("--time-zone: %s", err.msg);
		goto done_early;
	}
	if (vox_reader_open(&rd, src, vox_sources, argv[optind], tz, planp,
			    opts, NULL, &err) != VOX_OK) {
		status = error_report(&err);
		goto done_early;
	}
	status = EXIT_OK;
	while ((rc = vox_reader_next(&rd, &rec, &err)) != VOX_EOF) {
		if (rc == VOX_ERR) {
			if (skip && err.code == VOX_E_DATA) {
				warning("%s: %s (skipped)", rd.source->name,
					err.msg);
				vox_reader_skip(&rd);
				continue;
			}
			vox_error_prefix(&err, "%s", rd.source->name);
			status = error_report(&err);
			break;
		}
		if (print_record(rec, &err) != VOX_OK) {
			status = error_report(&err);
			break;
		}
	}
	vox_reader_close(&rd);
done_early:
	vox_tz_free(tz);
	json_decref(opts);
	return status;
}
