/*
 * archive_check.c: `voxport validate`'s checks (see import.h).
 *
 * Every problem is reported with the member and, where there is one, the
 * line and JSON pointer; checking goes on after a problem so that one run
 * lists them all (up to max_problems).  Members are streamed: memory holds
 * one JSONL line, or one JSON member (subject.json, contacts.json).
 */
#include <csv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "schemas.h"

#define MAX_LINE (64u << 20)

struct check {
	const struct vox_check_opts *o;
	struct vox_check_result *res;
	struct vox_archive_in *a;
};

static void problem(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct check *c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	c->res->problems++;
	if (c->o->max_problems && c->res->problems > c->o->max_problems)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->o->problem)
		c->o->problem(c->o->ctx, msg);
}

/* How many failures vox_schema_validate() may report (0 reports none). */
static unsigned budget(const struct check *c)
{
	if (!c->o->max_problems)
		return UINT_MAX;
	if (c->res->problems >= c->o->max_problems)
		return 1;	/* count, but no more than needed */
	return c->o->max_problems - c->res->problems;
}

/* ---- schema failures as problems ---------------------------------------- */

struct where {
	struct check *c;
	const char *member;
	uint64_t line;		/* 0: none */
	const char *prefix;	/* pointer prefix for array elements */
	const char *schema;	/* the schema's file, for "#/..." paths */
};

/* "calls.jsonl:118: /start: ... is not a date-time (common.schema...)" */
static void on_failure(void *ctx, const struct vox_schema_failure *f)
{
	struct where *w = ctx;
	const char *path = *w->prefix && !*f->instance_path ? "" :
		*f->instance_path ? f->instance_path : "/";
	char at[32] = "";

	if (w->line)
		snprintf(at, sizeof(at), ":%llu", (unsigned long long)w->line);
	problem(w->c, "%s%s: %s%s: %s (%s%s)", w->member, at, w->prefix, path,
		f->message, f->schema_path[0] == '#' ? w->schema : "",
		f->schema_path);
}

static void validate(struct check *c, const struct vox_schema *s,
		     const char *schema_file, const json_t *doc,
		     const char *member, uint64_t line, const char *prefix)
{
	struct where w = { c, member, line, prefix, schema_file };

	vox_schema_validate(s, doc, on_failure, &w, budget(c));
}

/* ---- member kinds ------------------------------------------------------- */

struct lines {
	char *buf;
	size_t len, cap;
	uint64_t lineno;
	int too_long;
};

/* Feed bytes; call fn for each complete line (without its '\n'). */
static void lines_feed(struct lines *l, const char *p, size_t n,
		       void (*fn)(void *, const char *, size_t, uint64_t),
		       void *ctx)
{
	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t take = nl ? (size_t)(nl - p) : n;

		if (!l->too_long && l->len + take > MAX_LINE)
			l->too_long = 1;
		if (!l->too_long) {
			if (l->len + take + 1 > l->cap) {
				size_t ncap = l->cap ? l->cap : 4096;
				char *nb;

				while (ncap < l->len + take + 1)
					ncap *= 2;
				nb = realloc(l->buf, ncap);
				if (!nb) {
					l->too_long = 1;
				} else {
					l->buf = nb;
					l->cap = ncap;
				}
			}
			if (!l->too_long) {
				memcpy(l->buf + l->len, p, take);
				l->len += take;
			}
		}
		if (!nl)
			return;
		l->lineno++;
		if (!l->too_long) {
			l->buf[l->len] = '\0';
			fn(ctx, l->buf, l->len, l->lineno);
		} else {
			fn(ctx, NULL, 0, l->lineno);
		}
		l->len = 0;
		l->too_long = 0;
		p = nl + 1;
		n -= take + 1;
	}
}

static void lines_end(struct lines *l,
		      void (*fn)(void *, const char *, size_t, uint64_t),
		      void *ctx)
{
	if (l->len || l->too_long) {
		l->lineno++;
		if (l->too_long) {
			fn(ctx, NULL, 0, l->lineno);
		} else {
			l->buf[l->len] = '\0';
			fn(ctx, l->buf, l->len, l->lineno);
		}
	}
	free(l->buf);
}

struct jsonl {
	struct check *c;
	const char *member;
	const struct vox_schema *schema;
	const char *schema_file;
	uint64_t records;
};

static void jsonl_line(void *ctx, const char *s, size_t n, uint64_t line)
{
	struct jsonl *j = ctx;
	json_error_t je;
	json_t *doc;

	if (!s) {
		problem(j->c, "%s:%llu: line longer than %u bytes", j->member,
			(unsigned long long)line, MAX_LINE);
		return;
	}
	if (n == 0) {
		problem(j->c, "%s:%llu: empty line", j->member,
			(unsigned long long)line);
		return;
	}
	j->records++;
	doc = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		problem(j->c, "%s:%llu: not JSON: %s", j->member,
			(unsigned long long)line, je.text);
		return;
	}
	if (j->schema)
		validate(j->c, j->schema, j->schema_file, doc, j->member, line,
			 "");
	json_decref(doc);
}

struct vcf {
	uint64_t records;
};

static void vcf_line(void *ctx, const char *s, size_t n, uint64_t line)
{
	struct vcf *v = ctx;

	(void)line;
	if (s && n >= 11 && strncasecmp(s, "BEGIN:VCARD", 11) == 0)
		v->records++;
}

struct csvcount {
	uint64_t rows;
};

static void csv_row(int term, void *ctx)
{
	(void)term;
	((struct csvcount *)ctx)->rows++;
}

enum kind { K_OTHER, K_JSON, K_JSONL, K_CSV, K_VCF };

static enum kind kind_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot)
		return K_OTHER;
	if (strcmp(dot, ".jsonl") == 0)
		return K_JSONL;
	if (strcmp(dot, ".json") == 0 && strncmp(path, "schemas/", 8) != 0)
		return K_JSON;
	if (strcmp(dot, ".csv") == 0)
		return K_CSV;
	if (strcmp(dot, ".vcf") == 0)
		return K_VCF;
	return K_OTHER;
}

/*
 * Read one member to its end: hash it, count its records (-1 when it has
 * none) and validate them.  Returns VOX_ERR when it could not be read.
 */
static int read_member(struct check *c, zip_uint64_t index, const char *path,
		       uint64_t limit, const struct vox_schema *schema,
		       const char *schema_file, char sha[65], uint64_t *bytes,
		       int64_t *records, struct vox_error *err)
{
	enum kind k = kind_of(path);
	struct vox_member m;
	int rc = VOX_OK;

	*records = -1;
	if (vox_member_open(c->a, index, limit, &m, err) != VOX_OK)
		return VOX_ERR;
	if (k == K_JSON) {
		json_error_t je;
		int failed;
		json_t *doc = vox_member_load_json(&m, &je, &failed, err);

		if (!doc && failed) {
			rc = VOX_ERR;
		} else if (!doc) {
			problem(c, "%s:%d:%d: not JSON: %s", path, je.line,
				je.column, je.text);
		} else {
			/* A .json member's schema is of the whole file. */
			*records = json_is_array(doc) ?
				(int64_t)json_array_size(doc) : 1;
			if (schema)
				validate(c, schema, schema_file, doc, path, 0,
					 "");
		}
		json_decref(doc);
	} else if (k != K_OTHER) {
		struct lines lines = { NULL, 0, 0, 0, 0 };
		struct jsonl jl = { c, path, schema, schema_file, 0 };
		struct vcf vcf = { 0 };
		struct csvcount cc = { 0 };
		struct csv_parser p;
		char buf[65536];
		ssize_t n;

		if (k == K_CSV && csv_init(&p, CSV_STRICT | CSV_STRICT_FINI))
			rc = vox_error_set(err, VOX_E_NOMEM, "out of memory");
		while (rc == VOX_OK &&
		       (n = vox_member_read(&m, buf, sizeof(buf), err)) != 0) {
			if (n < 0) {
				rc = VOX_ERR;
				break;
			}
			if (k == K_JSONL)
				lines_feed(&lines, buf, (size_t)n, jsonl_line,
					   &jl);
			else if (k == K_VCF)
				lines_feed(&lines, buf, (size_t)n, vcf_line,
					   &vcf);
			else if (csv_parse(&p, buf, (size_t)n, NULL, csv_row,
					   &cc) != (size_t)n) {
				problem(c, "%s: malformed CSV near row %llu",
					path, (unsigned long long)cc.rows + 1);
				k = K_OTHER;	/* no count from here on */
			}
		}
		if (k == K_JSONL) {
			lines_end(&lines, jsonl_line, &jl);
			*records = (int64_t)jl.records;
		} else if (k == K_VCF) {
			lines_end(&lines, vcf_line, &vcf);
			*records = (int64_t)vcf.records;
		} else {
			free(lines.buf);
		}
		if (kind_of(path) == K_CSV && rc == VOX_OK) {
			if (k == K_CSV && csv_fini(&p, NULL, csv_row, &cc))
				problem(c, "%s: malformed CSV at the end",
					path);
			/* Rows after the header. */
			if (k == K_CSV)
				*records = cc.rows ? (int64_t)cc.rows - 1 : 0;
			csv_free(&p);
		} else if (kind_of(path) == K_CSV) {
			csv_free(&p);
		}
	}
	if (rc == VOX_OK && vox_member_finish(&m, sha, err) != VOX_OK)
		rc = VOX_ERR;
	*bytes = m.bytes;
	vox_member_close(&m);
	return rc;
}

/* ---- the manifest's files ----------------------------------------------- */

static const struct vox_schema *member_schema(struct check *c,
					      const char *path,
					      const json_t *f)
{
	const char *schema = json_string_value(json_object_get(f, "schema"));
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_schema *s;

	if (!schema)
		return NULL;
	if (strncmp(schema, "schemas/", 8) != 0 ||
	    zip_name_locate(c->a->za, schema, ZIP_FL_ENC_RAW) < 0)
		problem(c, "%s: its schema %s is not in the archive", path,
			schema);
	s = strncmp(schema, "schemas/", 8) == 0 ?
		vox_schemas_get(c->o->schemas, schema + 8, &err) : NULL;
	if (!s)
		problem(c, "%s: %s is not a schema of archive format v1",
			path, schema);
	return s;
}

static void check_file(struct check *c, const json_t *f)
{
	const char *path = json_string_value(json_object_get(f, "path"));
	const char *want_sha = json_string_value(json_object_get(f, "sha256"));
	const json_t *jbytes = json_object_get(f, "bytes");
	const json_t *jrecords = json_object_get(f, "records");
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_schema *schema;
	const char *schema_file;
	uint64_t want_bytes, bytes = 0, limit;
	int64_t records;
	zip_int64_t idx;
	char sha[65] = "";

	if (!path || !want_sha || !json_is_integer(jbytes))
		return;		/* the manifest's schema check said why */
	idx = zip_name_locate(c->a->za, path, ZIP_FL_ENC_RAW);
	if (idx < 0) {
		problem(c, "%s: listed in the manifest but not in the archive",
			path);
		return;
	}
	want_bytes = (uint64_t)json_integer_value(jbytes);
	/* Read one byte past the claim, to see a member that is larger. */
	limit = want_bytes < VOX_ARCHIVE_MAX_BYTES ? want_bytes + 1 :
		VOX_ARCHIVE_MAX_BYTES;
	if (kind_of(path) == K_JSON && limit > VOX_ARCHIVE_MAX_JSON_MEMBER)
		limit = VOX_ARCHIVE_MAX_JSON_MEMBER;
	schema = member_schema(c, path, f);
	schema_file = json_string_value(json_object_get(f, "schema"));
	if (schema_file && strncmp(schema_file, "schemas/", 8) == 0)
		schema_file += 8;
	if (read_member(c, (zip_uint64_t)idx, path, limit, schema, schema_file,
			sha, &bytes, &records, &err) != VOX_OK) {
		if (err.code == VOX_E_LIMIT && bytes > want_bytes)
			problem(c, "%s: larger than the %llu bytes the manifest "
				"says", path, (unsigned long long)want_bytes);
		else
			problem(c, "%s", err.msg);
		return;
	}
	c->res->members++;
	if (bytes != want_bytes)
		problem(c, "%s: %llu bytes, the manifest says %llu", path,
			(unsigned long long)bytes,
			(unsigned long long)want_bytes);
	if (strcmp(sha, want_sha) != 0)
		problem(c, "%s: SHA-256 %s differs from the manifest's %s",
			path, sha, want_sha);
	if (records >= 0 && kind_of(path) != K_CSV && kind_of(path) != K_VCF)
		c->res->records += (uint64_t)records;
	if (json_is_integer(jrecords) && records >= 0 &&
	    json_integer_value(jrecords) != records)
		problem(c, "%s: %lld records, the manifest says %lld", path,
			(long long)records,
			(long long)json_integer_value(jrecords));
	if (!jrecords && records >= 0)
		problem(c, "%s: the manifest gives no record count", path);
}

/* The zip's own entries: names, duplicates, sizes, unlisted members. */
static void check_entries(struct check *c, const json_t *files,
			  int names_only)
{
	zip_int64_t i, n = c->a->nentries;
	uint64_t total = 0;

	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(c->a->za, (zip_uint64_t)i,
						ZIP_FL_ENC_RAW);
		zip_stat_t st;
		size_t k;
		const json_t *f;
		int listed = 0;
		zip_int64_t j;

		if (!name)
			continue;
		if (name[0] && name[strlen(name) - 1] == '/') {
			/* A folder entry, as zip -r adds: nothing to read. */
			char trimmed[256];
			size_t len = strlen(name) - 1;

			if (len < sizeof(trimmed)) {
				memcpy(trimmed, name, len);
				trimmed[len] = '\0';
			}
			if (len >= sizeof(trimmed) ||
			    !vox_member_name_safe(trimmed))
				problem(c, "member name \"%.100s\" is unsafe "
					"(absolute, \"..\" or not plain "
					"ASCII)", name);
			continue;
		}
		if (!vox_member_name_safe(name)) {
			problem(c, "member name \"%.100s\" is unsafe (absolute, "
				"\"..\" or not plain ASCII)", name);
			continue;
		}
		for (j = 0; j < i; j++) {
			const char *other = zip_get_name(c->a->za,
							 (zip_uint64_t)j,
							 ZIP_FL_ENC_RAW);

			if (other && strcmp(other, name) == 0) {
				problem(c, "%s: appears twice in the zip", name);
				break;
			}
		}
		if (zip_stat_index(c->a->za, (zip_uint64_t)i, 0, &st) == 0 &&
		    (st.valid & ZIP_STAT_SIZE) &&
		    (st.valid & ZIP_STAT_COMP_SIZE)) {
			total += st.size;
			if (st.size > (1u << 20) &&
			    st.size / (st.comp_size ? st.comp_size : 1) >
				    VOX_ARCHIVE_MAX_RATIO)
				problem(c, "%s: compressed more than %d:1 "
					"(a zip bomb?)", name,
					VOX_ARCHIVE_MAX_RATIO);
		}
		if (names_only || strcmp(name, "manifest.json") == 0)
			continue;
		json_array_foreach(files, k, f) {
			const char *p = json_string_value(
				json_object_get(f, "path"));

			if (p && strcmp(p, name) == 0)
				listed = 1;
		}
		if (!listed)
			problem(c, "%s: in the archive but not listed in the "
				"manifest", name);
	}
	if (total > VOX_ARCHIVE_MAX_BYTES)
		problem(c, "the members add up to more than %llu bytes",
			(unsigned long long)VOX_ARCHIVE_MAX_BYTES);
}

static void check_listing(struct check *c, const json_t *files)
{
	size_t i, j;
	const json_t *f, *g;

	json_array_foreach(files, i, f) {
		const char *p = json_string_value(json_object_get(f, "path"));

		if (!p)
			continue;
		if (strcmp(p, "manifest.json") == 0)
			problem(c, "manifest.json: lists itself");
		json_array_foreach(files, j, g) {
			const char *q = json_string_value(
				json_object_get(g, "path"));

			if (j >= i)
				break;
			if (q && strcmp(p, q) == 0) {
				problem(c, "%s: listed twice in the manifest",
					p);
				break;
			}
		}
	}
}

/* subject.json's id is the manifest's subject. */
static void check_subject(struct check *c, const json_t *manifest)
{
	const char *want = json_string_value(
		json_object_get(json_object_get(manifest, "subject"), "id"));
	zip_int64_t idx = zip_name_locate(c->a->za, "subject.json",
					  ZIP_FL_ENC_RAW);
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_member m;
	json_error_t je;
	json_t *doc;
	const char *got;
	int failed;

	if (idx < 0 || !want)
		return;
	if (vox_member_open(c->a, (zip_uint64_t)idx,
			    VOX_ARCHIVE_MAX_JSON_MEMBER, &m, &err) != VOX_OK)
		return;
	doc = vox_member_load_json(&m, &je, &failed, &err);
	vox_member_close(&m);
	got = json_string_value(json_object_get(doc, "id"));
	if (got && strcmp(got, want) != 0)
		problem(c, "subject.json: id \"%s\" is not the manifest's "
			"subject \"%s\"", got, want);
	json_decref(doc);
}

int vox_archive_check(const char *path, const struct vox_check_opts *o,
		      struct vox_check_result *res, struct vox_error *err)
{
	struct check c = { o, res, NULL };
	const struct vox_schema *ms;
	json_t *manifest;
	const json_t *files, *f;
	size_t i;

	memset(res, 0, sizeof(*res));
	c.a = vox_archive_in_open(path, err);
	if (!c.a) {
		if (err->code == VOX_E_IO || err->code == VOX_E_NOMEM)
			return VOX_ERR;
		problem(&c, "%s", err->msg);
		vox_error_clear(err);
		return VOX_OK;
	}
	manifest = vox_archive_in_manifest(c.a, err);
	if (!manifest) {
		if (err->code == VOX_E_NOMEM) {
			vox_archive_in_close(c.a);
			return VOX_ERR;
		}
		problem(&c, "%s", err->msg);
		vox_error_clear(err);
		/* Without a manifest every member is unlisted: say it once. */
		check_entries(&c, NULL, 1);
		vox_archive_in_close(c.a);
		return VOX_OK;
	}
	ms = vox_schemas_get(o->schemas, "manifest.schema.json", err);
	if (!ms) {
		json_decref(manifest);
		vox_archive_in_close(c.a);
		return VOX_ERR;
	}
	validate(&c, ms, "manifest.schema.json", manifest, "manifest.json", 0,
		 "");
	files = json_object_get(manifest, "files");
	if (!json_is_array(files))
		files = NULL;
	check_entries(&c, files, 0);
	check_listing(&c, files);
	json_array_foreach(files, i, f)
		check_file(&c, f);
	check_subject(&c, manifest);
	json_decref(manifest);
	vox_archive_in_close(c.a);
	return VOX_OK;
}
