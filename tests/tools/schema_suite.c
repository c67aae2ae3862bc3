/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_suite.c: run the official JSON-Schema-Test-Suite against the
 * schema module.
 *
 *	schema_suite TESTS_DIR REMOTES_DIR SKIP_FILE
 *
 * TESTS_DIR is a draft folder of the suite (tests/draft7).  Each test case
 * prints one TAP line; each file ends with "# FILE: P passed, F failed, S
 * skipped".  Files under optional/ (formats, bignum, ECMA-262 regexes) are
 * run and reported as "#" lines only: they are not required.  Remote refs
 * to http://localhost:1234/ are served from REMOTES_DIR, as the suite's
 * own server would.
 *
 * Every case is validated twice: quietly (is it valid?) and with a
 * report callback, which must report at least one failure exactly when
 * the instance is invalid, so both modes of the validator are tested.
 *
 * SKIP_FILE lists the cases not run, one per line:
 *	FILE :: GROUP :: TEST :: REASON
 * where GROUP and TEST may be "*".  An entry that matches nothing is a
 * failure, so the list cannot go stale.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "voxport/schema.h"

#define REMOTE_PREFIX "http://localhost:1234/"
#define SUITE_BASE "http://voxport.invalid/suite/schema.json"

struct skip {
	char *file, *group, *test, *reason;
	int used;
};

struct run {
	const char *remotes;
	struct skip *skips;
	size_t nskips;
	unsigned tap;	/* TAP test number */
	unsigned passed, failed, skipped;		/* required files */
	unsigned opt_passed, opt_failed, opt_skipped;	/* optional/ */
};

/* buf = a "/" b (no "/" when a is empty); 0, or -1 when too long. */
static int join(char *buf, size_t size, const char *a, const char *b)
{
	int n = snprintf(buf, size, "%s%s%s", a, *a ? "/" : "", b);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static int load_skips(struct run *r, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[2048];
	unsigned lineno = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *part[4], *p = line;
		struct skip *s;
		int i;

		lineno++;
		if (*trim(line) == '#' || !*trim(line))
			continue;
		for (i = 0; i < 4; i++) {
			char *sep = i < 3 ? strstr(p, "::") : NULL;

			if (i < 3 && !sep) {
				fprintf(stderr, "%s:%u: expected FILE :: GROUP "
						":: TEST :: REASON\n",
					path, lineno);
				fclose(f);
				return -1;
			}
			if (sep)
				*sep = '\0';
			part[i] = strdup(trim(p));
			p = sep ? sep + 2 : p;
		}
		s = realloc(r->skips, (r->nskips + 1) * sizeof(*s));
		if (!s || !*part[3]) {
			fprintf(stderr, "%s:%u: %s\n", path, lineno,
				s ? "a skip needs a reason" : "out of memory");
			fclose(f);
			return -1;
		}
		r->skips = s;
		s = &r->skips[r->nskips++];
		s->file = part[0];
		s->group = part[1];
		s->test = part[2];
		s->reason = part[3];
		s->used = 0;
	}
	fclose(f);
	return 0;
}

static const char *skipped(struct run *r, const char *file,
			   const char *group, const char *test)
{
	size_t i;

	for (i = 0; i < r->nskips; i++) {
		struct skip *s = &r->skips[i];

		if (strcmp(s->file, file) ||
		    (strcmp(s->group, "*") && strcmp(s->group, group)) ||
		    (strcmp(s->test, "*") && strcmp(s->test, test)))
			continue;
		s->used = 1;
		return s->reason;
	}
	return NULL;
}

/* Serve http://localhost:1234/X from REMOTES_DIR/X. */
static json_t *resolve(void *ctx, const char *uri, struct vox_error *err)
{
	const struct run *r = ctx;
	char path[4096];
	json_error_t jerr;
	json_t *doc;

	if (strncmp(uri, REMOTE_PREFIX, strlen(REMOTE_PREFIX)) ||
	    strstr(uri, ".."))
		return NULL;
	if (join(path, sizeof(path), r->remotes,
		 uri + strlen(REMOTE_PREFIX)))
		return NULL;
	doc = json_load_file(path, 0, &jerr);
	if (!doc)
		vox_error_set(err, VOX_E_IO, "%s: %s", path, jerr.text);
	return doc;
}

static void count_failure(void *ctx, const struct vox_schema_failure *f)
{
	unsigned *n = ctx;

	(void)f;
	(*n)++;
}

/* One result: a TAP line for required files, a comment for optional. */
static void result(struct run *r, int optional, int ok, const char *why,
		   const char *file, const char *group, const char *test)
{
	if (optional) {
		if (why)
			r->opt_skipped++;
		else if (ok)
			r->opt_passed++;
		else
			r->opt_failed++;
		if (!ok && !why)
			printf("#   failed: %s: %s: %s\n", file, group, test);
		return;
	}
	r->tap++;
	if (why) {
		r->skipped++;
		printf("ok %u - %s: %s: %s # SKIP %s\n", r->tap, file, group,
		       test, why);
		return;
	}
	if (ok)
		r->passed++;
	else
		r->failed++;
	printf("%s %u - %s: %s: %s\n", ok ? "ok" : "not ok", r->tap, file,
	       group, test);
}

static void run_group(struct run *r, const char *file, int optional,
		      json_t *group)
{
	const char *gdesc = json_string_value(
		json_object_get(group, "description"));
	json_t *tests = json_object_get(group, "tests"), *t;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_schema_set *set = vox_schema_set_new();
	struct vox_schema *schema = NULL;
	size_t i;

	if (!gdesc)
		gdesc = "?";
	vox_schema_set_resolver(set, resolve, r);
	if (!vox_schema_set_add(set, SUITE_BASE,
				json_object_get(group, "schema"), &err))
		schema = vox_schema_compile(set, SUITE_BASE, &err);
	vox_schema_set_free(set);
	json_array_foreach(tests, i, t) {
		const char *tdesc = json_string_value(
			json_object_get(t, "description"));
		const char *why = skipped(r, file, gdesc, tdesc ? tdesc : "?");
		int want = json_is_true(json_object_get(t, "valid"));
		json_t *data = json_object_get(t, "data");
		unsigned reported = 0;
		int quiet, loud, ok = 0;

		if (!tdesc)
			tdesc = "?";
		if (!why && schema) {
			quiet = vox_schema_validate(schema, data, NULL, NULL,
						    0);
			loud = vox_schema_validate(schema, data,
						   count_failure, &reported,
						   100);
			ok = (quiet == 0) == want && (loud == 0) == want &&
			     (reported > 0) == !want &&
			     (unsigned)loud == (want ? 0 : reported);
		}
		result(r, optional, ok, why, file, gdesc, tdesc);
		if (!why && !schema)
			printf("#   schema error: %s\n", err.msg);
	}
	vox_schema_free(schema);
}

static void run_file(struct run *r, const char *dir, const char *rel,
		     int optional)
{
	char path[4096];
	json_error_t jerr;
	json_t *groups, *group;
	unsigned p0, f0, s0;
	size_t i;

	if (join(path, sizeof(path), dir, rel)) {
		r->failed++;
		return;
	}
	groups = json_load_file(path, JSON_ALLOW_NUL, &jerr);
	if (!groups) {
		/* jansson has no big integers: read them as doubles */
		groups = json_load_file(path,
					JSON_ALLOW_NUL |
						JSON_DECODE_INT_AS_REAL,
					&jerr);
		if (groups)
			printf("# %s: integers read as doubles (%s)\n", rel,
			       "beyond 64 bits");
	}
	if (!groups) {
		printf("%s - %s: %s\n", optional ? "# failed" : "not ok", rel,
		       jerr.text);
		if (!optional)
			r->failed++;
		else
			r->opt_failed++;
		return;
	}
	p0 = optional ? r->opt_passed : r->passed;
	f0 = optional ? r->opt_failed : r->failed;
	s0 = optional ? r->opt_skipped : r->skipped;
	json_array_foreach(groups, i, group)
		run_group(r, rel, optional, group);
	if (optional)
		printf("# %s: %u passed, %u failed, %u skipped (optional)\n",
		       rel, r->opt_passed - p0, r->opt_failed - f0,
		       r->opt_skipped - s0);
	else
		printf("# %s: %u passed, %u failed, %u skipped\n", rel,
		       r->passed - p0, r->failed - f0, r->skipped - s0);
	json_decref(groups);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .json files of dir/sub, sorted, then its sub-folders. */
static void run_dir(struct run *r, const char *dir, const char *sub)
{
	char path[4096], rel[4096];
	char **names = NULL;
	size_t n = 0, i;
	struct dirent *e;
	DIR *d;

	if (join(path, sizeof(path), dir, sub)) {
		r->failed++;
		return;
	}
	d = opendir(path);
	if (!d) {
		perror(path);
		r->failed++;
		return;
	}
	while ((e = readdir(d))) {
		char **more;

		if (e->d_name[0] == '.')
			continue;
		more = realloc(names, (n + 1) * sizeof(*names));
		if (!more)
			break;
		names = more;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]);

		if (join(rel, sizeof(rel), sub, names[i]))
			continue;
		if (len > 5 && !strcmp(names[i] + len - 5, ".json"))
			run_file(r, dir, rel, !strncmp(rel, "optional/", 9));
	}
	for (i = 0; i < n; i++) {
		if (!join(rel, sizeof(rel), sub, names[i]) &&
		    !strstr(names[i], ".json") &&
		    !join(path, sizeof(path), dir, rel)) {
			DIR *isdir = opendir(path);

			if (isdir) {
				closedir(isdir);
				run_dir(r, dir, rel);
			}
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	struct run r = { 0 };
	size_t i;

	if (argc != 4) {
		fprintf(stderr, "usage: schema_suite TESTS_DIR REMOTES_DIR "
				"SKIP_FILE\n");
		return 2;
	}
	r.remotes = argv[2];
	if (load_skips(&r, argv[3]))
		return 2;
	run_dir(&r, argv[1], "");
	for (i = 0; i < r.nskips; i++) {
		struct skip *s = &r.skips[i];

		if (!s->used)
			printf("not ok %u - skip list entry matches nothing: "
			       "%s :: %s :: %s\n",
			       ++r.tap, s->file, s->group, s->test);
		r.failed += !s->used;
		free(s->file);
		free(s->group);
		free(s->test);
		free(s->reason);
	}
	free(r.skips);
	printf("# required: %u passed, %u failed, %u skipped\n", r.passed,
	       r.failed, r.skipped);
	printf("# optional: %u passed, %u failed, %u skipped\n",
	       r.opt_passed, r.opt_failed, r.opt_skipped);
	printf("1..%u\n", r.tap);
	return r.failed ? 1 : 0;
}
