/* SPDX-License-Identifier: Apache-2.0 */
/*
 * validate_bench.c: the C side of the schema benchmark (run.sh builds it).
 *
 *	validate_bench SCHEMA_DIR SCHEMA_FILE DATA.jsonl
 *
 * Loads every *.schema.json of SCHEMA_DIR into one set, compiles
 * SCHEMA_FILE, then reads DATA.jsonl in batches of BATCH lines: parse the
 * batch with jansson, then validate it, timing the two phases apart.
 * Batches are small so that a record is still in cache when it is
 * validated, as when `voxport validate` parses and checks one line at a
 * time, and large enough that the clock costs nothing measurable.
 * Freeing the parsed records counts as parsing, as garbage collection
 * does on the Node and Python sides.  Prints one line:
 *
 *	records=N invalid=N parse_s=S validate_s=S total_s=S
 *
 * where total_s is the whole loop, reading the file included.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "voxport/schema.h"

#define BATCH 10

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int load_dir(struct vox_schema_set *set, const char *dir)
{
	struct vox_error err = VOX_ERROR_INIT;
	char path[4096];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		json_error_t jerr;
		json_t *doc;
		int n;

		if (len < 12 || strcmp(e->d_name + len - 12, ".schema.json"))
			continue;
		n = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (n < 0 || (size_t)n >= sizeof(path))
			continue;
		doc = json_load_file(path, 0, &jerr);
		if (!doc || vox_schema_set_add(set, NULL, doc, &err)) {
			fprintf(stderr, "%s: %s\n", path,
				doc ? err.msg : jerr.text);
			json_decref(doc);
			closedir(d);
			return -1;
		}
		json_decref(doc);
	}
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_schema_set *set;
	struct vox_schema *schema;
	static json_t *batch[BATCH];
	char uri[4096], *line = NULL;
	size_t cap = 0, n = 0, i, records = 0, invalid = 0;
	double t0, t, parse = 0, validate = 0;
	ssize_t len;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: validate_bench SCHEMA_DIR SCHEMA_FILE "
				"DATA.jsonl\n");
		return 2;
	}
	set = vox_schema_set_new();
	if (!set || load_dir(set, argv[1]))
		return 1;
	snprintf(uri, sizeof(uri), "https://voxport.example/schemas/v1/%s",
		 argv[2]);
	schema = vox_schema_compile(set, uri, &err);
	vox_schema_set_free(set);
	if (!schema) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	f = fopen(argv[3], "r");
	if (!f) {
		perror(argv[3]);
		return 1;
	}
	t0 = now();
	for (;;) {
		json_error_t jerr;

		t = now();
		for (n = 0; n < BATCH && (len = getline(&line, &cap, f)) > 0;
		     n++) {
			batch[n] = json_loadb(line, (size_t)len, 0, &jerr);
			if (!batch[n]) {
				fprintf(stderr, "%s:%zu: %s\n", argv[3],
					records + n + 1, jerr.text);
				return 1;
			}
		}
		parse += now() - t;
		if (!n)
			break;
		t = now();
		for (i = 0; i < n; i++)
			invalid += vox_schema_validate(schema, batch[i], NULL,
						       NULL, 0) != 0;
		validate += now() - t;
		t = now();
		for (i = 0; i < n; i++)
			json_decref(batch[i]);
		parse += now() - t;
		records += n;
	}
	printf("records=%zu invalid=%zu parse_s=%.3f validate_s=%.3f "
	       "total_s=%.3f\n",
	       records, invalid, parse, validate, now() - t0);
	free(line);
	fclose(f);
	vox_schema_free(schema);
	return 0;
}
