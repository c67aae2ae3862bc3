/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_formats.c: `voxport formats`, the readers and writers this build
 * has, with what each carries and, for a writer, what it cannot hold.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "voxport/model.h"
#include "voxport/source.h"
#include "voxport/target.h"
#include <jansson.h>

const char cmd_formats_usage[] =
	"usage: voxport formats [--json | --names [sources|targets]]\n"
	"\n"
	"List the source formats this build reads (for provider.json and\n"
	"auto-detection), with the records each yields and its options, and\n"
	"the target formats it writes (voxport import, voxport convert), with\n"
	"the records each holds, its options and the fields it cannot hold\n"
	"with its default options.\n"
	"\n"
	"  --json   one JSON object, for scripts (schema\n"
	"           schemas/v1/cli/formats.schema.json)\n"
	"  --names  only the names, one a line (for shell completion): the\n"
	"           sources, the targets, or both\n";

#define RECORDS_SUMMARY "convert only: the records as JSON lines on stdout"

static void kinds(char *buf, size_t n, unsigned k)
{
	unsigned bit;

	buf[0] = '\0';
	for (bit = VOX_SUBJECT; bit <= VOX_RECORDING; bit <<= 1)
		if (k & bit) {
			if (buf[0])
				strncat(buf, ",", n - strlen(buf) - 1);
			strncat(buf, vox_kind_name(bit), n - strlen(buf) - 1);
		}
}

/* "a=x: what; b=y: what" as one indented line per option. */
static void print_options(const char *opts)
{
	const char *p = opts;

	while (p && *p) {
		const char *semi = strstr(p, "; ");
		int n = semi ? (int)(semi - p) : (int)strlen(p);

		printf("%36s%s %.*s\n", "", p == opts ? "options:" : "        ",
		       n, p);
		p = semi ? semi + 2 : NULL;
	}
}

/*
 * "cannot hold: call billsec, legs.channel", a line per record kind,
 * wrapped at 79 columns under the first field.
 */
static void print_losses(const struct vox_target *t)
{
	const struct vox_loss *l = t->losses ? t->losses(NULL) : NULL;
	unsigned last = 0;
	int col = 0;

	for (; l && l->field; l++) {
		int w = (int)strlen(l->field) + (l->keep ? 12 : 0);

		if (l->kind != last) {
			col = printf("%s      %s %s ", col ? "\n" : "",
				     last ? "            " : "cannot hold:",
				     vox_kind_name(l->kind));
			last = l->kind;
		} else if (col + w + 2 > 79) {
			col = printf(",\n%19s", "");
		} else {
			col += printf(", ");
		}
		col += printf("%s", l->field);
		if (l->keep)
			col += printf(" (beyond %u)", l->keep);
	}
	if (col)
		putchar('\n');
}

/* "a=x: what; b=y: what" as ["a=x: what", "b=y: what"]. */
static json_t *json_options(const char *opts)
{
	json_t *a = json_array();
	const char *p = opts;

	while (p && *p) {
		const char *semi = strstr(p, "; ");
		size_t n = semi ? (size_t)(semi - p) : strlen(p);

		json_array_append_new(a, json_stringn(p, n));
		p = semi ? semi + 2 : NULL;
	}
	return a;
}

static json_t *json_formats(void)
{
	json_t *src = json_array(), *tgt = json_array();
	char k[64];

	for (int i = 0; vox_sources[i]; i++) {
		kinds(k, sizeof(k), vox_sources[i]->kinds);
		json_t *o = json_pack("{s:s,s:s,s:s,s:o}", "name",
				      vox_sources[i]->name, "records", k,
				      "summary", vox_sources[i]->summary,
				      "options",
				      json_options(vox_sources[i]->options));

		/* meta.sh's rule for sources without an input file */
		if (vox_sources[i]->database)
			json_object_set_new(o, "database", json_true());
		json_array_append_new(src, o);
	}
	for (int i = 0; vox_targets[i]; i++) {
		const struct vox_target *t = vox_targets[i];
		const struct vox_loss *l = t->losses ? t->losses(NULL) : NULL;
		json_t *losses = json_array();

		for (; l && l->field; l++) {
			json_t *o = json_pack("{s:s,s:s}", "record",
					      vox_kind_name(l->kind), "field",
					      l->field);

			if (l->keep)
				json_object_set_new(o, "kept",
						    json_integer(l->keep));
			json_array_append_new(losses, o);
		}
		kinds(k, sizeof(k), t->kinds);
		json_array_append_new(tgt, json_pack("{s:s,s:s,s:s,s:o,s:o}",
				      "name", t->name, "records", k,
				      "summary", t->summary, "options",
				      json_options(t->options), "cannot_hold",
				      losses));
		if (t->database)
			json_object_set_new(json_array_get(tgt,
				json_array_size(tgt) - 1), "database",
				json_true());
	}
	/* Not a writer: `convert --to records` prints the records. */
	return json_pack("{s:o,s:o,s:[{s:s,s:s,s:s}]}", "sources", src,
			 "targets", tgt, "convert_only", "name", "records",
			 "records", "subject,contact,call,message,recording",
			 "summary", RECORDS_SUMMARY);
}

/* --names [sources|targets] */
static int print_names(int argc, char **argv)
{
	int src = 1, tgt = 1;

	if (argc > 1)
		return usage_error("--names takes sources, targets or nothing");
	if (argc == 1) {
		src = strcmp(argv[0], "sources") == 0;
		tgt = strcmp(argv[0], "targets") == 0;
		if (!src && !tgt)
			return usage_error("--names: sources or targets, not "
					   "\"%s\"", cli_safe(argv[0]));
	}
	for (int i = 0; src && vox_sources[i]; i++)
		puts(vox_sources[i]->name);
	if (tgt)
		puts("records");
	for (int i = 0; tgt && vox_targets[i]; i++)
		if (!src || !vox_source_find(vox_targets[i]->name))
			puts(vox_targets[i]->name);
	return EXIT_OK;
}

int cmd_formats(int argc, char **argv)
{
	int status, json = 0, i;

	if (common_options(argc, argv, cmd_formats_usage, &status))
		return status;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--names") == 0)
			return print_names(argc - i - 1, argv + i + 1);
		else
			return usage_error("unknown argument: %s",
					   cli_safe(argv[i]));
	}
	if (json) {
		json_t *j = json_formats();

		json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
		return EXIT_OK;
	}
	printf("sources (export, convert --from):\n");
	for (i = 0; vox_sources[i]; i++) {
		const struct vox_source *s = vox_sources[i];
		char k[64];

		kinds(k, sizeof(k), s->kinds);
		printf("  %-20s %-13s %s\n", s->name, k, s->summary);
		print_options(s->options);
	}
	printf("\ntargets (import, convert --to):\n");
	printf("  %-20s %-13s %s\n", "records", "all", RECORDS_SUMMARY);
	for (i = 0; vox_targets[i]; i++) {
		const struct vox_target *t = vox_targets[i];
		char k[64];

		kinds(k, sizeof(k), t->kinds);
		if (t->kinds == (VOX_SUBJECT | VOX_CONTACT | VOX_CALL |
				 VOX_MESSAGE | VOX_RECORDING))
			snprintf(k, sizeof(k), "all");
		printf("  %-20s %-13s %s\n", t->name, k, t->summary);
		print_options(t->options);
		print_losses(t);
	}
	return EXIT_OK;
}
