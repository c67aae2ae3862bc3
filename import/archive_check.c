/* SPDX-License-Identifier: Apache-2.0 */
/*
 * archive_check.c: `voxport validate`'s checks (see import.h).
 *
 * Every problem is reported with the member and, where there is one, the
 * line and JSON pointer; checking goes on after a problem so that one run
 * counts them all (and hands on as many as the options say).  Members are
 * streamed and each is read once: memory holds one JSONL line, one element
 * of a JSON array (contacts.json) or one small JSON document (subject.json),
 * each at most VOX_ARCHIVE_MAX_JSON or _LINE.  Names are found through hash
 * indexes, so that every check is linear in the members and listed files.
 */
#include <csv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "embedded.h"
#include "import.h"
#include "json_load.h"
#include "schemas.h"

/* A name index: open addressing over an array of names owned elsewhere. */
struct names {
	size_t *slot;		/* index + 1 into the names; 0: empty */
	size_t cap;		/* a power of two, at least twice the names */
	int fold;		/* compare ASCII letters without case */
};

struct entry {
	const char *name;	/* NULL: not a file member */
	uint64_t size;		/* as the zip gives it */
	int refused;		/* reported already: not to be read */
};

struct check {
	const struct vox_check_opts *o;
	struct vox_check_result *res;
	struct vox_archive_in *a;
	unsigned member_problems;	/* of the member being checked */
	struct entry *entries;		/* one per zip entry */
	const char **names;		/* the entries' names, for the index */
	struct names by_name, by_fold;
	const char **listed;		/* the manifest's paths */
	unsigned char *listed_twice;
	size_t nlisted;
	struct names by_path;
	int no_reading;			/* a limit of the whole zip broken */
	json_t *subject;		/* subject.json, kept for its id */
	/* One record's JSON values: jansson allocates from it while a
	 * record is parsed and validated (in_record), and it is reset after
	 * each, instead of a malloc and a free per value. */
	struct vox_arena record;
	int in_record;
};

static void problem(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Count every problem; hand on only as many as the options allow. */
static void problem(struct check *c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	c->res->problems++;
	c->member_problems++;
	if (c->o->max_problems && c->res->shown >= c->o->max_problems)
		return;
	if (c->o->max_member_problems &&
	    c->member_problems > c->o->max_member_problems)
		return;
	c->res->shown++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!c->o->problem)
		return;
	/* What the callback makes with jansson (--json keeps a list) must
	 * outlive the record's arena. */
	if (c->in_record)
		vox_json_arena_leave();
	c->o->problem(c->o->ctx, msg);
	if (c->in_record)
		vox_json_arena_enter(&c->record);
}

/*
 * Parse one record (a JSONL line, an element of a JSON array) with its
 * values on the record arena; NULL with je set when it is not JSON.
 * record_end() drops it, whichever the result.
 */
static json_t *record_parse(struct check *c, const char *s, size_t n,
			    size_t flags, json_error_t *je)
{
	c->in_record = 1;
	vox_json_arena_enter(&c->record);
	return vox_json_loadb(s, n, flags, je);
}

static void record_end(struct check *c)
{
	vox_json_arena_leave();
	c->in_record = 0;
	/* No json_decref(): every value of the record is in the arena. */
	vox_arena_reset(&c->record);
}

/* ---- name index --------------------------------------------------------- */

static size_t name_hash(const char *s, int fold)
{
	uint64_t h = 14695981039346656037ull;	/* FNV-1a */

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (fold && ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		h = (h ^ ch) * 1099511628211ull;
	}
	return (size_t)h;
}

static int names_init(struct names *t, size_t n, int fold)
{
	t->cap = 16;
	while (t->cap < 2 * n)
		t->cap *= 2;
	t->fold = fold;
	t->slot = calloc(t->cap, sizeof(*t->slot));
	return t->slot ? VOX_OK : VOX_ERR;
}

/*
 * The index of a name equal to key among names[], or -1.  With add >= 0,
 * a key not found is added as names[add].
 */
static long names_find(struct names *t, const char *const *names,
		       const char *key, long add)
{
	size_t i = name_hash(key, t->fold) & (t->cap - 1);

	for (; t->slot[i]; i = (i + 1) & (t->cap - 1)) {
		const char *other = names[t->slot[i] - 1];

		if (t->fold ? strcasecmp(other, key) == 0 :
			      strcmp(other, key) == 0)
			return (long)t->slot[i] - 1;
	}
	if (add >= 0)
		t->slot[i] = (size_t)add + 1;
	return -1;
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

	/* Every failure counts, so that --max-errors never changes the
	 * total; problem() formats only those it hands on. */
	vox_schema_validate(s, doc, on_failure, &w, UINT_MAX);
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

		if (!l->too_long && l->len + take > VOX_ARCHIVE_MAX_LINE)
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
	/* For a .json array: the schema of its items (contacts.schema.json
	 * is an array of contact.schema.json), so that it is checked element
	 * by element with the same result as whole. */
	const struct vox_schema *items;
	const char *items_file;
};

static void jsonl_line(void *ctx, const char *s, size_t n, uint64_t line)
{
	struct jsonl *j = ctx;
	json_error_t je;
	json_t *doc;

	if (!s) {
		problem(j->c, "%s:%llu: line longer than %u bytes", j->member,
			(unsigned long long)line, VOX_ARCHIVE_MAX_LINE);
		return;
	}
	if (n == 0) {
		problem(j->c, "%s:%llu: empty line", j->member,
			(unsigned long long)line);
		return;
	}
	j->records++;
	doc = record_parse(j->c, s, n, JSON_REJECT_DUPLICATES, &je);
	if (!doc)
		problem(j->c, "%s:%llu: not JSON: %s", j->member,
			(unsigned long long)line, je.text);
	else if (j->schema)
		validate(j->c, j->schema, j->schema_file, doc, j->member, line,
			 "");
	record_end(j->c);
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

enum kind { K_OTHER, K_JSON, K_JSONL, K_CSV, K_VCF, K_SCHEMA };

static enum kind kind_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot)
		return K_OTHER;
	if (strcmp(dot, ".jsonl") == 0)
		return K_JSONL;
	if (strcmp(dot, ".json") == 0 && strncmp(path, "schemas/", 8) == 0)
		return K_SCHEMA;
	if (strcmp(dot, ".json") == 0)
		return K_JSON;
	if (strcmp(dot, ".csv") == 0)
		return K_CSV;
	if (strcmp(dot, ".vcf") == 0)
		return K_VCF;
	return K_OTHER;
}

/*
 * A schema shipped in the archive must be the built-in one of the same
 * name (archive format v1 is the only one): a copy that says less would
 * let the archive's own readers accept what voxport refuses.
 */
static void check_shipped_schema(struct check *c, const char *path,
				 const json_t *doc)
{
	const struct vox_embedded *e = vox_embedded_schema(path + 8);
	json_t *builtin;

	if (!e) {
		problem(c, "%s: not a schema of archive format v1", path);
		return;
	}
	builtin = json_loadb(e->data, e->len, 0, NULL);
	if (builtin && !json_equal(builtin, doc))
		problem(c, "%s: differs from the built-in %s of archive "
			"format v1", path, e->name);
	json_decref(builtin);
}

/* One element of a JSON array member, e.g. "contacts.json: /3: ...". */
static void json_element(void *ctx, const char *s, size_t n, uint64_t index)
{
	struct jsonl *j = ctx;
	char prefix[32];
	json_error_t je;
	json_t *doc;

	snprintf(prefix, sizeof(prefix), "/%llu", (unsigned long long)index);
	if (!s) {
		problem(j->c, "%s: %s: longer than %u bytes", j->member, prefix,
			VOX_ARCHIVE_MAX_JSON);
		return;
	}
	doc = record_parse(j->c, s, n, JSON_REJECT_DUPLICATES |
			   JSON_DECODE_ANY, &je);
	if (!doc)
		problem(j->c, "%s: %s: not JSON: %s", j->member, prefix,
			je.text);
	else if (j->items)
		validate(j->c, j->items, j->items_file, doc, j->member, 0,
			 prefix);
	record_end(j->c);
}

/*
 * The item schema of a built-in array schema whose items are a $ref to
 * another built-in file ({"type": "array", "items": {"$ref": "x"}}).
 */
static void find_items(struct check *c, struct jsonl *j)
{
	const struct vox_embedded *e = j->schema_file ?
		vox_embedded_schema(j->schema_file) : NULL;
	struct vox_error err = VOX_ERROR_INIT;
	json_t *doc = e ? json_loadb(e->data, e->len, 0, NULL) : NULL;
	const char *ref = json_string_value(json_object_get(
		json_object_get(doc, "items"), "$ref"));

	if (ref && json_is_string(json_object_get(doc, "type")) &&
	    strcmp(json_string_value(json_object_get(doc, "type")),
		   "array") == 0 && (j->items = vox_schemas_get(c->o->schemas,
								ref, &err)))
		j->items_file = vox_embedded_schema(ref)->name;
	json_decref(doc);
}

/* A JSON member that is not an array (arrays go element by element). */
static void json_whole(struct check *c, const char *path, enum kind k,
		       const char *text, size_t len, const struct jsonl *j,
		       int64_t *records, json_t **keep)
{
	json_error_t je;
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);

	if (!doc) {
		problem(c, "%s:%d:%d: not JSON: %s", path, je.line, je.column,
			je.text);
		return;
	}
	if (k == K_SCHEMA) {
		check_shipped_schema(c, path, doc);
	} else {
		*records = 1;
		if (j->schema)
			validate(c, j->schema, j->schema_file, doc, path, 0, "");
		if (keep)
			*keep = json_incref(doc);
	}
	json_decref(doc);
}

/*
 * A JSON member: an array element by element, anything else whole, with
 * VOX_ARCHIVE_MAX_JSON as the cap of what jansson parses at once.
 */
static int read_json(struct check *c, struct vox_member *m, const char *path,
		     enum kind k, struct jsonl *j, int64_t *records,
		     json_t **keep, struct vox_error *err)
{
	enum { UNDECIDED, ARRAY, WHOLE } mode = UNDECIDED;
	struct vox_json_elements el;
	char buf[65536], *text = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int rc = VOX_OK;

	memset(&el, 0, sizeof(el));
	el.fn = json_element;
	el.ctx = j;
	el.max = VOX_ARCHIVE_MAX_JSON;
	el.line = 1;
	while ((n = vox_member_read(m, buf, sizeof(buf), err)) > 0) {
		size_t i = 0;

		if (mode == ARRAY) {
			vox_json_elements_feed(&el, buf, (size_t)n);
			continue;
		}
		if (len + (size_t)n > VOX_ARCHIVE_MAX_JSON) {
			rc = vox_error_set(err, VOX_E_LIMIT, "%s: more than %u "
					   "bytes, the limit for a JSON "
					   "document", path,
					   VOX_ARCHIVE_MAX_JSON);
			break;
		}
		if (len + (size_t)n > cap) {
			char *nt;

			cap = cap ? cap * 2 : sizeof(buf);
			nt = realloc(text, cap);
			if (!nt) {
				rc = vox_error_set(err, VOX_E_NOMEM,
						   "out of memory");
				break;
			}
			text = nt;
		}
		memcpy(text + len, buf, (size_t)n);
		len += (size_t)n;
		if (mode != UNDECIDED)
			continue;
		while (i < len && (text[i] == ' ' || text[i] == '\t' ||
				   text[i] == '\r' || text[i] == '\n'))
			i++;
		if (i == len)
			continue;
		mode = text[i] == '[' && k == K_JSON ? ARRAY : WHOLE;
		if (mode == ARRAY && j->schema) {
			find_items(c, j);
			if (!j->items)
				problem(c, "%s: an array, and its schema %s is "
					"not of an array", path,
					j->schema_file);
		}
		if (mode == ARRAY) {
			vox_json_elements_feed(&el, text, len);
			len = 0;
		}
	}
	if (n < 0)
		rc = VOX_ERR;
	if (rc == VOX_OK && mode == ARRAY) {
		if (vox_json_elements_end(&el) == VOX_OK)
			*records = (int64_t)el.count;
		else
			problem(c, "%s:%llu:%llu: not JSON: %s", path,
				(unsigned long long)el.line,
				(unsigned long long)el.column + 1, el.error);
	} else if (rc == VOX_OK) {
		json_whole(c, path, k, text ? text : "", len, j, records, keep);
	}
	vox_json_elements_end(&el);
	free(text);
	return rc;
}

/*
 * Read one member to its end: hash it, count its records (-1 when it has
 * none) and validate them; *keep gets a JSON member's document when keep
 * is not NULL.  Returns VOX_ERR when it could not be read; *over_limit
 * then says the limit stopped it.
 */
static int read_member(struct check *c, zip_uint64_t index, const char *path,
		       uint64_t limit, const struct vox_schema *schema,
		       const char *schema_file, char sha[65], uint64_t *bytes,
		       int64_t *records, json_t **keep, int *over_limit,
		       struct vox_error *err)
{
	enum kind k = kind_of(path);
	struct vox_member m;
	int rc = VOX_OK;

	*records = -1;
	*over_limit = 0;
	if (vox_member_open(c->a, index, limit, &m, err) != VOX_OK)
		return VOX_ERR;
	if (k == K_JSON || k == K_SCHEMA) {
		struct jsonl j = { c, path, schema, schema_file, 0, NULL, NULL };

		rc = read_json(c, &m, path, k, &j, records, keep, err);
	} else if (k != K_OTHER) {
		struct lines lines = { NULL, 0, 0, 0, 0 };
		struct jsonl jl = { c, path, schema, schema_file, 0, NULL, NULL };
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
	*over_limit = m.over_limit;
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
	    names_find(&c->by_name, c->names, schema, -1) < 0)
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
	long idx;
	int over;
	char sha[65] = "";

	c->member_problems = 0;
	if (!path || !want_sha || !json_is_integer(jbytes) ||
	    json_integer_value(jbytes) < 0)
		return;		/* the manifest's schema check said why */
	idx = names_find(&c->by_name, c->names, path, -1);
	if (idx < 0) {
		problem(c, "%s: listed in the manifest but not in the archive",
			path);
		return;
	}
	if (c->entries[idx].refused || c->no_reading)
		return;		/* said already; not to be read */
	want_bytes = (uint64_t)json_integer_value(jbytes);
	/* Read one byte past the claim, to see a member that is larger. */
	limit = want_bytes < VOX_ARCHIVE_MAX_BYTES ? want_bytes + 1 :
		VOX_ARCHIVE_MAX_BYTES;
	schema = member_schema(c, path, f);
	schema_file = json_string_value(json_object_get(f, "schema"));
	if (schema_file && strncmp(schema_file, "schemas/", 8) == 0)
		schema_file += 8;
	if (read_member(c, (zip_uint64_t)idx, path, limit, schema, schema_file,
			sha, &bytes, &records,
			strcmp(path, "subject.json") == 0 && !c->subject ?
			&c->subject : NULL, &over, &err) != VOX_OK) {
		if (over && bytes > want_bytes)
			problem(c, "%s: larger than the %llu bytes the manifest "
				"says", path, (unsigned long long)want_bytes);
		else
			problem(c, "%s", err.msg);
		return;
	}
	/* processing.json is about the data, not records of it. */
	if (json_is_string(json_object_get(f, "category")) &&
	    strcmp(json_string_value(json_object_get(f, "category")),
		   "documentation") == 0)
		records = -1;
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

/* A Unix symbolic link or device: unzip would create it as one. */
static int special_file(struct check *c, zip_uint64_t i, const char *name)
{
	zip_uint8_t opsys;
	zip_uint32_t attr, type;

	if (zip_file_get_external_attributes(c->a->za, i, 0, &opsys,
					     &attr) != 0 ||
	    opsys != ZIP_OPSYS_UNIX)
		return 0;
	type = (attr >> 16) & S_IFMT;
	if (type == S_IFLNK)
		problem(c, "%s: a symbolic link", name);
	else if (type != 0 && type != S_IFREG)
		problem(c, "%s: not a regular file (mode %06o)", name,
			(unsigned)(attr >> 16));
	return type == S_IFLNK || (type != 0 && type != S_IFREG);
}

/* "a.", "a./b": one name on Windows with "a" and "a/b" ("." and ".."
 * are not meant). */
static int ends_in_dot(const char *name)
{
	const char *seg = name, *p;

	for (p = name; *p; p++) {
		if (*p == '.' && (p[1] == '/' || p[1] == '\0') && *seg != '.')
			return 1;
		if (*p == '/')
			seg = p + 1;
	}
	return 0;
}

/*
 * The zip's own entries: names, duplicates, links, sizes; and with the
 * manifest's listing, unlisted members.  Indexes the entries by name.
 */
static int check_entries(struct check *c, int names_only)
{
	zip_int64_t i, n = c->a->nentries;
	uint64_t total = 0;

	c->member_problems = 0;
	c->entries = calloc((size_t)n + 1, sizeof(*c->entries));
	c->names = calloc((size_t)n + 1, sizeof(*c->names));
	if (!c->entries || !c->names ||
	    names_init(&c->by_name, (size_t)n, 0) != VOX_OK ||
	    names_init(&c->by_fold, (size_t)n, 1) != VOX_OK)
		return VOX_ERR;
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(c->a->za, (zip_uint64_t)i,
						ZIP_FL_ENC_RAW);
		struct entry *e = &c->entries[i];
		zip_stat_t st;
		long other;

		c->names[i] = "";
		e->refused = 1;
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
		c->names[i] = e->name = name;
		if (!vox_member_name_safe(name)) {
			problem(c, "member name \"%.100s\" is unsafe (%s)", name,
				ends_in_dot(name) ? "a part ends in \".\", "
				"which Windows drops" : "absolute, \"..\" or "
				"not plain ASCII");
			/* Indexed, so that the listing does not miss it. */
			names_find(&c->by_name, c->names, name, (long)i);
			continue;
		}
		if (names_find(&c->by_name, c->names, name, (long)i) >= 0) {
			problem(c, "%s: appears twice in the zip", name);
			continue;
		}
		other = names_find(&c->by_fold, c->names, name, (long)i);
		if (other >= 0) {
			/* One file on a case-insensitive disk. */
			problem(c, "%s and %s differ only by case",
				c->names[other], name);
			continue;
		}
		if (special_file(c, (zip_uint64_t)i, name))
			continue;
		if (zip_stat_index(c->a->za, (zip_uint64_t)i, 0, &st) == 0 &&
		    (st.valid & ZIP_STAT_SIZE) &&
		    (st.valid & ZIP_STAT_COMP_SIZE)) {
			e->size = st.size;
			total += st.size;
			/* The manifest's reading has said so already. */
			if (vox_member_is_bomb(st.size, st.comp_size) &&
			    strcmp(name, "manifest.json") != 0) {
				problem(c, "%s: compressed more than %d:1 "
					"(a zip bomb?)", name,
					VOX_ARCHIVE_MAX_RATIO);
				continue;
			}
		}
		e->refused = 0;
		if (names_only || strcmp(name, "manifest.json") == 0)
			continue;
		if (names_find(&c->by_path, c->listed, name, -1) < 0)
			problem(c, "%s: in the archive but not listed in the "
				"manifest", name);
	}
	if (total > VOX_ARCHIVE_MAX_BYTES) {
		problem(c, "the members add up to more than %llu bytes",
			(unsigned long long)VOX_ARCHIVE_MAX_BYTES);
		c->no_reading = 1;
	}
	return VOX_OK;
}

/* Index the manifest's paths, first of each, before the entries use it. */
static int index_listing(struct check *c, const json_t *files)
{
	size_t i, n = json_array_size(files);
	const json_t *f;

	c->nlisted = n;
	c->listed = calloc(n + 1, sizeof(*c->listed));
	c->listed_twice = calloc(n + 1, 1);
	if (!c->listed || !c->listed_twice ||
	    names_init(&c->by_path, n, 0) != VOX_OK)
		return VOX_ERR;
	json_array_foreach(files, i, f) {
		const char *p = json_string_value(json_object_get(f, "path"));

		c->listed[i] = p ? p : "";
		if (p && names_find(&c->by_path, c->listed, p, (long)i) >= 0)
			c->listed_twice[i] = 1;
	}
	return VOX_OK;
}

static void check_listing(struct check *c)
{
	size_t i;

	c->member_problems = 0;
	for (i = 0; i < c->nlisted; i++) {
		if (strcmp(c->listed[i], "manifest.json") == 0)
			problem(c, "manifest.json: lists itself");
		if (c->listed_twice[i])
			problem(c, "%s: listed twice in the manifest",
				c->listed[i]);
	}
}

/* subject.json's id is the manifest's subject. */
static void check_subject(struct check *c, const json_t *manifest)
{
	const char *want = json_string_value(
		json_object_get(json_object_get(manifest, "subject"), "id"));
	const char *got = json_string_value(json_object_get(c->subject, "id"));

	c->member_problems = 0;
	if (got && want && strcmp(got, want) != 0)
		problem(c, "subject.json: id \"%s\" is not the manifest's "
			"subject \"%s\"", got, want);
}

static void check_release(struct check *c)
{
	free(c->entries);
	free(c->names);
	free(c->by_name.slot);
	free(c->by_fold.slot);
	free(c->listed);
	free(c->listed_twice);
	free(c->by_path.slot);
	json_decref(c->subject);
	vox_arena_release(&c->record);
	vox_archive_in_close(c->a);
}

/* The checks once the manifest is read; VOX_ERR when out of memory. */
static int check_with_manifest(struct check *c, const json_t *manifest,
			       struct vox_error *err)
{
	const struct vox_schema *ms;
	const json_t *files, *f;
	size_t i;

	ms = vox_schemas_get(c->o->schemas, "manifest.schema.json", err);
	if (!ms)
		return VOX_ERR;
	c->member_problems = 0;
	validate(c, ms, "manifest.schema.json", manifest, "manifest.json", 0,
		 "");
	files = json_object_get(manifest, "files");
	if (!json_is_array(files))
		files = NULL;
	if (json_array_size(files) > VOX_ARCHIVE_MAX_MEMBERS) {
		problem(c, "manifest.json: lists more than %d files",
			VOX_ARCHIVE_MAX_MEMBERS);
		files = NULL;
		c->no_reading = 1;
	}
	if (index_listing(c, files) != VOX_OK ||
	    check_entries(c, c->no_reading) != VOX_OK)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	check_listing(c);
	json_array_foreach(files, i, f)
		check_file(c, f);
	check_subject(c, manifest);
	return VOX_OK;
}

int vox_archive_check(const char *path, const struct vox_check_opts *o,
		      struct vox_check_result *res, struct vox_error *err)
{
	struct check c;
	json_t *manifest;
	int rc = VOX_OK;

	memset(&c, 0, sizeof(c));
	vox_arena_init(&c.record);
	c.o = o;
	c.res = res;
	memset(res, 0, sizeof(*res));
	c.a = vox_archive_in_open(path, o->passphrase, err);
	if (!c.a) {
		if (err->code == VOX_E_IO || err->code == VOX_E_NOMEM)
			return VOX_ERR;
		problem(&c, "%s", err->msg);
		vox_error_clear(err);
		return VOX_OK;
	}
	manifest = vox_archive_in_manifest(c.a, err);
	if (!manifest && err->code == VOX_E_NOMEM) {
		rc = VOX_ERR;
	} else if (!manifest) {
		problem(&c, "%s", err->msg);
		vox_error_clear(err);
		/* Without a manifest every member is unlisted: say it once. */
		if (index_listing(&c, NULL) != VOX_OK ||
		    check_entries(&c, 1) != VOX_OK)
			rc = vox_error_set(err, VOX_E_NOMEM, "out of memory");
	} else {
		rc = check_with_manifest(&c, manifest, err);
	}
	json_decref(manifest);
	check_release(&c);
	return rc;
}
