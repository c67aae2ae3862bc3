/* SPDX-License-Identifier: Apache-2.0 */
/*
 * import_common.c: what `voxport import` and `voxport convert --to` share
 * (import_common.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "suggest.h"
#include "import_common.h"
#include "record_json.h"

const struct vox_target *find_target(const char *name)
{
	const struct vox_target *t = vox_target_find(name);
	const char *names[64], *guess;
	size_t n = 0;

	if (t)
		return t;
	for (size_t i = 0; vox_targets[i] && n < 63; i++)
		names[n++] = vox_targets[i]->name;
	names[n] = NULL;
	guess = vox_suggest(name, names);
	if (guess)
		usage_error("unknown target \"%s\"; did you mean \"%s\"? "
			    "(see voxport formats)", cli_safe(name), guess);
	else
		usage_error("unknown target \"%s\" (see voxport formats)",
			    cli_safe(name));
	return NULL;
}

int add_option(json_t *opts, const char *kv)
{
	const char *eq = strchr(kv, '=');
	char key[128];

	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(key))
		return usage_error("--option: KEY=VALUE, not \"%s\"",
				   cli_safe(kv));
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = '\0';
	json_object_set_new(opts, key, json_string(eq + 1));
	return 0;
}

static json_int_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

void print_import_summary(const json_t *report, const char *dir, int verbose)
{
	const json_t *files = json_object_get(report, "files"), *c, *l;
	const char *target = json_string_value(json_object_get(
			json_object_get(report, "target"), "name"));
	long long in = 0, out = 0, unheld = 0, losses = 0;
	size_t i, k;
	char tail[64], held[96] = "";

	json_array_foreach(json_object_get(report, "categories"), i, c) {
		in += num(c, "records_in");
		out += num(c, "records_out");
		if (json_is_false(json_object_get(c, "held")))
			unheld += num(c, "records_in");
		losses += (long long)json_array_size(json_object_get(c,
								     "lost"));
	}
	if (losses)
		snprintf(tail, sizeof(tail), "%lld loss%s, listed in", losses,
			 losses == 1 ? "" : "es");
	else
		snprintf(tail, sizeof(tail), "nothing lost; see");
	if (unheld)
		snprintf(held, sizeof(held), " (%lld in categories %s cannot "
			 "hold)", unheld, target);
	if (!dir)	/* a database target: no files, no report file */
		note("loaded into the database (%s): %lld of %lld record%s "
		     "written%s; %lld loss%s", target, out, in,
		     in == 1 ? "" : "s", held, losses,
		     losses == 1 ? "" : "es");
	else
		note("wrote %s (%s, %zu file%s): %lld of %lld record%s "
		     "written%s; %s %s/import-report.json", cli_safe(dir),
		     target, json_array_size(files),
		     json_array_size(files) == 1 ? "" : "s", out, in,
		     in == 1 ? "" : "s", held, tail, cli_safe(dir));
	if (!verbose)
		return;
	json_array_foreach(json_object_get(report, "categories"), i, c) {
		fprintf(stderr, "  %-10s %6lld in %6lld written",
			json_string_value(json_object_get(c, "category")),
			(long long)num(c, "records_in"),
			(long long)num(c, "records_out"));
		if (json_object_get(c, "why"))
			fprintf(stderr, "  (%s)", json_string_value(
					json_object_get(c, "why")));
		else if (num(c, "not_written"))
			fprintf(stderr, "  (%lld could not be written, see "
				"the report)", (long long)num(c, "not_written"));
		fputc('\n', stderr);
		json_array_foreach(json_object_get(c, "lost"), k, l)
			fprintf(stderr, "    lost %s in %lld record%s\n",
				json_string_value(json_object_get(l, "field")),
				(long long)num(l, "records"),
				num(l, "records") == 1 ? "" : "s");
	}
}

void print_import_json(json_t *report, const char *dir)
{
	json_object_set_new(report, "output", json_string(dir));
	json_dumpf(report, stdout, VOX_JSON_PRETTY);
	putchar('\n');
}
