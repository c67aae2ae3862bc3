/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_inspect.c: `voxport inspect`, what is in an archive. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "import/import.h"
#include "options.h"
#include "passphrase.h"

const char cmd_inspect_usage[] =
	"usage: voxport inspect [--json] [--passphrase-file F | --passphrase-fd N]"
	"\n"
	"                       ARCHIVE\n"
	"\n"
	"Summarise a voxport archive: the subject, the request, the scope,\n"
	"each member with its record count and size, the span and directions\n"
	"of the calls and of the messages, the recordings' span, kinds and\n"
	"total length, and the sources the records came from.  It trusts the\n"
	"manifest; 'voxport validate' checks it.\n"
	"\n"
	"  --json   the manifest and the call, message and recording\n"
	"           summaries as one JSON object\n"
	"  --passphrase-file F, --passphrase-fd N\n"
	"           the passphrase of an encrypted archive (its first line;\n"
	"           or $VOXPORT_PASSPHRASE), never on the command line\n";

/* A string of the manifest, safe to print (see cli_safe()). */
static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? cli_safe(s) : "";
}

static long long num(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* "1:02:03.450": hours, minutes, seconds and milliseconds. */
static void print_duration(int64_t ms)
{
	printf("%lld:%02lld:%02lld.%03lld", (long long)(ms / 3600000),
	       (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60),
	       (long long)(ms % 1000));
}

static void print_media(const struct vox_message_summary *ms,
			const struct vox_recording_summary *rs)
{
	if (ms->messages)
		printf("messages     %llu from %s to %s (inbound %llu, "
		       "outbound %llu, internal %llu)\n",
		       (unsigned long long)ms->messages, ms->first, ms->last,
		       (unsigned long long)ms->by_direction[1],
		       (unsigned long long)ms->by_direction[2],
		       (unsigned long long)ms->by_direction[3]);
	if (rs->recordings) {
		printf("recordings   %llu", (unsigned long long)rs->recordings);
		if (rs->first[0])
			printf(" from %s to %s", rs->first, rs->last);
		printf(", ");
		print_duration(rs->duration_ms);
		printf(" in all (calls %llu, voicemail %llu; audio of %llu)\n",
		       (unsigned long long)rs->calls,
		       (unsigned long long)rs->voicemails,
		       (unsigned long long)rs->with_audio);
	}
}

static json_t *message_json(const struct vox_message_summary *s)
{
	return json_pack("{s:I,s:s?,s:s?,s:I,s:I,s:I,s:I}",
			 "messages", (json_int_t)s->messages,
			 "first", s->first[0] ? s->first : NULL,
			 "last", s->last[0] ? s->last : NULL,
			 "inbound", (json_int_t)s->by_direction[1],
			 "outbound", (json_int_t)s->by_direction[2],
			 "internal", (json_int_t)s->by_direction[3],
			 "unknown", (json_int_t)s->by_direction[0]);
}

static json_t *recording_json(const struct vox_recording_summary *s)
{
	return json_pack("{s:I,s:s?,s:s?,s:I,s:I,s:I,s:I}",
			 "recordings", (json_int_t)s->recordings,
			 "first", s->first[0] ? s->first : NULL,
			 "last", s->last[0] ? s->last : NULL,
			 "duration_ms", (json_int_t)s->duration_ms,
			 "calls", (json_int_t)s->calls,
			 "voicemails", (json_int_t)s->voicemails,
			 "with_audio", (json_int_t)s->with_audio);
}

/* Folders of files, one line each however many files: "3 audio files". */
static const struct {
	const char *dir, *what;
} folders[] = {
	{ "recordings/", "audio file" },
	{ "attachments/", "attachment" },
};

#define NFOLDERS (sizeof(folders) / sizeof(folders[0]))

static size_t folder_of(const char *path)
{
	size_t k;

	for (k = 0; k < NFOLDERS; k++)
		if (strncmp(path, folders[k].dir, strlen(folders[k].dir)) == 0)
			break;
	return k;
}

static void print_text(const char *path, const json_t *m,
		       const struct vox_call_summary *cs,
		       const struct vox_message_summary *ms,
		       const struct vox_recording_summary *rs)
{
	const json_t *scope = json_object_get(m, "scope"), *v;
	const json_t *req = json_object_get(m, "request");
	long long fbytes[NFOLDERS] = { 0 };
	size_t i, k, nfiles[NFOLDERS] = { 0 };

	printf("archive      %s\n", cli_safe(path));
	printf("format       %s %s, created %s by %s %s\n",
	       str(m, "format"), str(m, "version"), str(m, "created"),
	       str(json_object_get(m, "generator"), "name"),
	       str(json_object_get(m, "generator"), "version"));
	printf("controller   %s\n", str(json_object_get(m, "controller"),
					"name"));
	printf("subject      %s\n", str(json_object_get(m, "subject"), "id"));
	printf("request      %s", str(req, "type"));
	if (*str(req, "reference"))
		printf(" (reference %s)", str(req, "reference"));
	printf("\nscope        ");
	json_array_foreach(json_object_get(scope, "categories"), i, v)
		printf("%s%s", i ? ", " : "",
		       json_is_string(v) ? cli_safe(json_string_value(v)) : "");
	if (*str(scope, "since") || *str(scope, "until"))
		printf("; from %s to %s",
		       *str(scope, "since") ? str(scope, "since") : "the start",
		       *str(scope, "until") ? str(scope, "until") : "the end");
	else
		printf("; all dates");
	printf("\nfiles\n");
	json_array_foreach(json_object_get(m, "files"), i, v) {
		char records[32] = "";

		if (strcmp(str(v, "category"), "schema") == 0)
			continue;
		k = folder_of(str(v, "path"));
		if (k < NFOLDERS) {
			nfiles[k]++;
			fbytes[k] += num(v, "bytes");
			continue;
		}
		if (json_object_get(v, "records"))
			snprintf(records, sizeof(records), "%lld record%s",
				 num(v, "records"),
				 num(v, "records") == 1 ? "" : "s");
		printf("  %-18s %-16s %10lld bytes\n", str(v, "path"), records,
		       num(v, "bytes"));
	}
	for (k = 0; k < NFOLDERS; k++) {
		char files[48];

		if (!nfiles[k])
			continue;
		snprintf(files, sizeof(files), "%zu %s%s", nfiles[k],
			 folders[k].what, nfiles[k] == 1 ? "" : "s");
		printf("  %-18s %-16s %10lld bytes\n", folders[k].dir, files,
		       fbytes[k]);
	}
	if (cs->calls)
		printf("calls        %llu from %s to %s (inbound %llu, "
		       "outbound %llu, internal %llu)\n",
		       (unsigned long long)cs->calls, cs->first, cs->last,
		       (unsigned long long)cs->by_direction[1],
		       (unsigned long long)cs->by_direction[2],
		       (unsigned long long)cs->by_direction[3]);
	print_media(ms, rs);
	printf("sources\n");
	json_array_foreach(json_object_get(m, "sources"), i, v) {
		printf("  %-18s %-18s read %lld, exported %lld, filtered %lld,"
		       " rejected %lld%s\n", str(v, "format"), str(v, "name"),
		       num(v, "read"), num(v, "exported"), num(v, "filtered"),
		       num(v, "rejected"),
		       json_is_false(json_object_get(v, "present")) ?
		       " (no file)" : "");
	}
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "passphrase-fd", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_in *a;
	struct vox_call_summary cs;
	struct vox_message_summary ms;
	struct vox_recording_summary rs;
	json_t *m;
	struct passphrase pass;
	int c, status, json = 0;

	if (common_options(argc, argv, cmd_inspect_usage, &status))
		return status;
	opterr = 0;
	optind = 1;
	passphrase_init(&pass);
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'P')
			pass.file = optarg;
		else if (c == 'F' && passphrase_fd_option(&pass, optarg))
			return EXIT_USAGE;
		else if (c == 'j')
			json = 1;
		else if (c != 'F')
			return option_error(argc, argv, c);
	}
	if (optind != argc - 1)
		return usage_error(optind >= argc ? "no archive given" :
				   "one archive at a time");
	if (passphrase_read(&pass, 0))
		return EXIT_FAILURE_DATA;
	a = vox_archive_in_open(argv[optind], pass.set ? pass.value : NULL,
				&err);
	passphrase_clear(&pass);
	if (!a) {
		vox_error_prefix(&err, "%s", argv[optind]);
		return error_report(&err);
	}
	m = vox_archive_in_manifest(a, &err);
	if (!m || !json_is_object(m) ||
	    vox_archive_call_summary(a, &cs, &err) != VOX_OK) {
		if (m && !json_is_object(m))
			vox_error_set(&err, VOX_E_INVALID, "manifest.json: not "
				      "an object");
		json_decref(m);
		vox_archive_in_close(a);
		vox_error_prefix(&err, "%s", argv[optind]);
		return error_report(&err);
	}
	if (vox_archive_message_summary(a, &ms, &err) != VOX_OK ||
	    vox_archive_recording_summary(a, &rs, &err) != VOX_OK) {
		json_decref(m);
		vox_archive_in_close(a);
		vox_error_prefix(&err, "%s", argv[optind]);
		return error_report(&err);
	}
	if (json) {
		json_t *calls = json_pack("{s:I,s:s?,s:s?}", "calls",
					  (json_int_t)cs.calls, "first",
					  cs.first[0] ? cs.first : NULL,
					  "last", cs.last[0] ? cs.last : NULL);

		json_object_set_new(m, "voxport.inspect:calls", calls);
		/* Only for an archive with the member: older output stays. */
		if (ms.present)
			json_object_set_new(m, "voxport.inspect:messages",
					    message_json(&ms));
		if (rs.present)
			json_object_set_new(m, "voxport.inspect:recordings",
					    recording_json(&rs));
		/* jansson escapes C0 controls; ASCII output escapes C1 too. */
		json_dumpf(m, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			   JSON_ENSURE_ASCII);
		putchar('\n');
	} else {
		print_text(argv[optind], m, &cs, &ms, &rs);
	}
	json_decref(m);
	vox_archive_in_close(a);
	return EXIT_OK;
}
