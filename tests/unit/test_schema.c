/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_schema.c: the schema module's API: compiling, refs between
 * documents, failure reports (instance path, schema path, message), the
 * formats, and hostile input (invalid schemas, unresolvable and cyclic
 * refs, bad patterns, deep nesting).  The keyword semantics are covered by
 * the official suite (tests/suites/schema_suite.sh); the cases here are
 * the ones it misses.
 */
#include "unit.h"

#include <jansson.h>

#include "voxport/schema.h"

#define BASE "http://voxport.test/schemas/v1/"

struct seen {
	unsigned n;
	char ipath[8][1100];
	char spath[8][1100];
	char keyword[8][32];
	char msg[8][600];
};

static void collect(void *ctx, const struct vox_schema_failure *f)
{
	struct seen *s = ctx;

	if (s->n < 8) {
		snprintf(s->ipath[s->n], sizeof(s->ipath[0]), "%s",
			 f->instance_path);
		snprintf(s->spath[s->n], sizeof(s->spath[0]), "%s",
			 f->schema_path);
		snprintf(s->keyword[s->n], sizeof(s->keyword[0]), "%s",
			 f->keyword);
		snprintf(s->msg[s->n], sizeof(s->msg[0]), "%s", f->message);
	}
	s->n++;
}

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);

	if (!j)
		fail_msg("bad test JSON: %s: %s", jerr.text, text);
	return j;
}

/* Compile one schema text, NULL with err set on failure. */
static struct vox_schema *compile(const char *text, struct vox_error *err)
{
	struct vox_schema_set *set = vox_schema_set_new();
	struct vox_schema *s = NULL;

	assert_non_null(set);
	if (!vox_schema_set_add_text(set, BASE "t.json", text, strlen(text),
				     err))
		s = vox_schema_compile(set, BASE "t.json", err);
	vox_schema_set_free(set);
	return s;
}

static struct vox_schema *must_compile(const char *text)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_schema *s = compile(text, &err);

	if (!s)
		fail_msg("compile %s: %s", text, err.msg);
	return s;
}

/* The compile error of a schema that must not compile. */
static void refused(const char *text, int code, const char *msg)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_schema *s = compile(text, &err);

	if (s)
		fail_msg("compiled but should not: %s", text);
	assert_int_equal(err.code, code);
	if (!strstr(err.msg, msg))
		fail_msg("error \"%s\" lacks \"%s\"", err.msg, msg);
}

/* Validate instance text; returns the count, failures in *seen. */
static int check(const struct vox_schema *s, const char *text,
		 struct seen *seen)
{
	json_t *x = parse(text);
	int quiet, n;

	memset(seen, 0, sizeof(*seen));
	quiet = vox_schema_validate(s, x, NULL, NULL, 0);
	n = vox_schema_validate(s, x, collect, seen, 100);
	json_decref(x);
	assert_int_equal(quiet == 0, n == 0);
	assert_int_equal((unsigned)n, seen->n);
	return n;
}

static void valid(const struct vox_schema *s, const char *text)
{
	struct seen seen;

	if (check(s, text, &seen))
		fail_msg("%s: should be valid: %s: %s", text, seen.ipath[0],
			 seen.msg[0]);
}

static void invalid(const struct vox_schema *s, const char *text)
{
	struct seen seen;

	if (!check(s, text, &seen))
		fail_msg("%s: should be invalid", text);
}

static void test_report_format(void **state)
{
	struct vox_schema *s = must_compile(
		"{\"type\": \"object\", \"properties\": {"
		"\"start\": {\"type\": \"string\", \"format\": \"date-time\"},"
		"\"duration\": {\"type\": \"integer\", \"minimum\": 0}}}");
	struct seen seen;

	(void)state;
	assert_int_equal(check(s, "{\"start\": \"2024-13-01T00:00:00Z\"}",
			       &seen),
			 1);
	assert_string_equal(seen.ipath[0], "/start");
	assert_string_equal(seen.spath[0], "#/properties/start/format");
	assert_string_equal(seen.keyword[0], "format");
	assert_string_equal(seen.msg[0],
			    "\"2024-13-01T00:00:00Z\" is not a date-time");
	assert_int_equal(check(s, "{\"start\": 5, \"duration\": -1.5}",
			       &seen),
			 2);
	assert_string_equal(seen.msg[0], "5 is not a string");
	assert_string_equal(seen.msg[1], "-1.5 is not an integer");
	assert_int_equal(check(s, "{\"duration\": -3}", &seen), 1);
	assert_string_equal(seen.msg[0], "-3 is less than the minimum of 0");
	assert_string_equal(seen.spath[0], "#/properties/duration/minimum");
	assert_int_equal(check(s, "[1]", &seen), 1);
	assert_string_equal(seen.ipath[0], "");
	assert_string_equal(seen.spath[0], "#/type");
	assert_string_equal(seen.msg[0], "[1] is not an object");
	vox_schema_free(s);
}

static void test_report_messages(void **state)
{
	struct vox_schema *s = must_compile(
		"{\"type\": \"object\","
		" \"required\": [\"id\", \"to\"],"
		" \"additionalProperties\": false,"
		" \"properties\": {\"id\": {\"type\": [\"string\", \"null\"]},"
		"  \"to\": {\"enum\": [\"a\", \"b\"]},"
		"  \"n\": {\"oneOf\": [{\"type\": \"integer\"},"
		"                     {\"minimum\": 2}]},"
		"  \"s\": {\"maxLength\": 3, \"pattern\": \"^[^0-9]*$\"}}}");
	struct seen seen;

	(void)state;
	assert_int_equal(check(s, "{\"id\": 1, \"x\": 0}", &seen), 3);
	assert_string_equal(seen.msg[0], "1 is not a string or null");
	assert_string_equal(seen.msg[1], "property \"x\" is not allowed");
	assert_string_equal(seen.ipath[1], "");
	assert_string_equal(seen.spath[1], "#/additionalProperties");
	assert_string_equal(seen.msg[2], "missing required property \"to\"");
	assert_string_equal(seen.spath[2], "#/required");
	assert_int_equal(check(s, "{\"id\": null, \"to\": \"c\", \"n\": 3}",
			       &seen),
			 2);
	assert_string_equal(seen.msg[0], "\"c\" is not one of [\"a\", \"b\"]");
	assert_string_equal(seen.msg[1],
			    "3 matches schemas 0 and 1 of \"oneOf\", not "
			    "exactly one");
	assert_int_equal(check(s,
			       "{\"id\": null, \"to\": \"a\", "
			       "\"s\": \"h\u00e9ll0\"}",
			       &seen),
			 2);
	assert_string_equal(seen.msg[0],
			    "\"h\u00e9ll0\" is longer than 3 characters");
	assert_string_equal(seen.msg[1],
			    "\"h\u00e9ll0\" does not match \"^[^0-9]*$\"");
	/* code points, not bytes: 3 characters in 6 bytes */
	valid(s, "{\"id\": null, \"to\": \"a\", \"n\": 2.5, "
		 "\"s\": \"\u00e9\u00e9\u00e9\"}");
	vox_schema_free(s);
}

static void test_report_paths(void **state)
{
	struct vox_schema *s = must_compile(
		"{\"additionalProperties\": "
		"{\"items\": {\"type\": \"integer\"}}}");
	struct seen seen;
	char text[40000];
	size_t n;
	int i;

	(void)state;
	assert_int_equal(check(s, "{\"a/b~c\": [1, 2, \"x\"], \"\": [0, []]}",
			       &seen),
			 2);
	assert_string_equal(seen.ipath[0], "/a~1b~0c/2");
	assert_string_equal(seen.ipath[1], "//1");
	assert_string_equal(seen.spath[0], "#/additionalProperties/items/type");
	/* a long value is shortened, keeping valid UTF-8 */
	n = (size_t)snprintf(text, sizeof(text), "{\"k\": [\"");
	for (i = 0; i < 300; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "\u00e9");
	snprintf(text + n, sizeof(text) - n, "\"]}");
	assert_int_equal(check(s, text, &seen), 1);
	assert_true(strlen(seen.msg[0]) < 200);
	assert_non_null(strstr(seen.msg[0], "...\" is not an integer"));
	/* a long key is shortened in the path */
	n = (size_t)snprintf(text, sizeof(text), "{\"");
	for (i = 0; i < 5000; i++)
		text[n++] = 'k';
	snprintf(text + n, sizeof(text) - n, "\": [\"x\"]}");
	assert_int_equal(check(s, text, &seen), 1);
	assert_true(strlen(seen.ipath[0]) < 100);
	assert_non_null(strstr(seen.ipath[0], "kkk.../0"));
	vox_schema_free(s);
}

static void test_max_errors(void **state)
{
	struct vox_schema *s = must_compile(
		"{\"items\": {\"type\": \"string\"}}");
	json_t *x = parse("[1, 2, 3, 4, 5]");
	struct seen seen = { 0 };

	(void)state;
	assert_int_equal(vox_schema_validate(s, x, collect, &seen, 2), 2);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.ipath[1], "/1");
	assert_int_equal(vox_schema_validate(s, x, NULL, NULL, 10), 1);
	assert_int_equal(vox_schema_validate(s, x, collect, &seen, 0), 1);
	assert_int_equal(seen.n, 2);
	json_decref(x);
	vox_schema_free(s);
}

/* Two documents with $ids referring to each other relatively. */
static const char common_schema[] =
	"{\"$id\": \"" BASE "common.schema.json\","
	" \"definitions\": {"
	"  \"e164\": {\"type\": \"string\","
	"   \"pattern\": \"^\\\\+[1-9][0-9]{1,14}$\"},"
	"  \"party\": {\"type\": \"object\", \"required\": [\"raw\"],"
	"   \"properties\": {\"number\": {\"$ref\": \"#/definitions/e164\"},"
	"                   \"raw\": {\"type\": \"string\"}}}}}";
static const char call_schema[] =
	"{\"$id\": \"" BASE "call.schema.json\", \"type\": \"object\","
	" \"properties\": {"
	"  \"from\": {\"$ref\": \"common.schema.json#/definitions/party\"},"
	"  \"to\": {\"$ref\": \"common.schema.json#/definitions/party\"}}}";

static void test_documents(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_schema_set *set = vox_schema_set_new();
	struct vox_schema *s, *party;
	struct seen seen;

	(void)state;
	assert_int_equal(vox_schema_set_add_text(set, NULL, call_schema,
						 strlen(call_schema), &err),
			 VOX_OK);
	assert_int_equal(vox_schema_set_add_text(set, NULL, common_schema,
						 strlen(common_schema), &err),
			 VOX_OK);
	s = vox_schema_compile(set, BASE "call.schema.json", &err);
	assert_non_null(s);
	party = vox_schema_compile(
		set, BASE "common.schema.json#/definitions/party", &err);
	assert_non_null(party);
	/* the same $id twice is refused */
	assert_int_equal(vox_schema_set_add_text(set, NULL, call_schema,
						 strlen(call_schema), &err),
			 VOX_ERR);
	assert_int_equal(err.code, VOX_E_SCHEMA);
	assert_non_null(strstr(err.msg, "defined twice"));
	/* compiled schemas outlive their set */
	vox_schema_set_free(set);
	valid(s, "{\"from\": {\"number\": \"+4930123456\","
		 " \"raw\": \"030 123456\"}}");
	assert_int_equal(check(s,
			       "{\"from\": {\"number\": \"030\", \"raw\": "
			       "\"030\"}, \"to\": {}}",
			       &seen),
			 2);
	assert_string_equal(seen.ipath[0], "/from/number");
	assert_string_equal(seen.spath[0],
			    "common.schema.json#/definitions/e164/pattern");
	assert_string_equal(seen.ipath[1], "/to");
	assert_string_equal(seen.spath[1],
			    "common.schema.json#/definitions/party/required");
	assert_int_equal(check(party, "{\"raw\": 1}", &seen), 1);
	assert_string_equal(seen.spath[0],
			    "#/definitions/party/properties/raw/type");
	vox_schema_free(s);
	vox_schema_free(party);
}

static void test_add_errors(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_schema_set *set = vox_schema_set_new();

	(void)state;
	assert_int_equal(vox_schema_set_add_text(set, NULL, "{}", 2, &err),
			 VOX_ERR);
	assert_int_equal(err.code, VOX_E_SCHEMA);
	assert_string_equal(err.msg,
			    "schema has no \"$id\" and no URI was given");
	assert_int_equal(vox_schema_set_add_text(set, "x.json", "{\"a\": ", 6,
						 &err),
			 VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_non_null(strstr(err.msg, "x.json:1:"));
	assert_int_equal(vox_schema_set_add_text(set, BASE "y.json",
						 "{\"$id\": 5}", 10, &err),
			 VOX_ERR);
	assert_non_null(strstr(err.msg, "$id: expected a string"));
	assert_null(vox_schema_compile(set, BASE "nothing.json", &err));
	assert_int_equal(err.code, VOX_E_SCHEMA);
	assert_string_equal(err.msg, BASE "nothing.json: no schema document "
				     BASE "nothing.json");
	vox_schema_set_free(set);
}

static void test_invalid_schemas(void **state)
{
	(void)state;
	refused("{\"type\": 1}", VOX_E_SCHEMA,
		"#/type: expected a type name or an array of unique type "
		"names, got 1");
	refused("{\"type\": [\"string\", \"string\"]}", VOX_E_SCHEMA,
		"#/type: expected");
	refused("{\"type\": \"str\"}", VOX_E_SCHEMA, "#/type: expected");
	refused("{\"properties\": {\"a\": {\"minLength\": -1}}}", VOX_E_SCHEMA,
		"#/properties/a/minLength: expected a non-negative integer, "
		"got -1");
	refused("{\"properties\": {\"a\": 3}}", VOX_E_SCHEMA,
		"#/properties/a: a schema must be an object or a boolean, "
		"got 3");
	refused("{\"required\": [\"a\", \"a\"]}", VOX_E_SCHEMA,
		"#/required: expected unique strings");
	refused("{\"allOf\": []}", VOX_E_SCHEMA,
		"#/allOf: expected a non-empty array of schemas, got []");
	refused("{\"multipleOf\": 0}", VOX_E_SCHEMA,
		"#/multipleOf: expected a number above 0, got 0");
	refused("{\"definitions\": {\"unused\": {\"maxItems\": \"2\"}}}",
		VOX_E_SCHEMA, "#/definitions/unused/maxItems: expected");
	refused("{\"items\": [{}, \"x\"]}", VOX_E_SCHEMA,
		"#/items/1: a schema must be");
	refused("{\"dependencies\": {\"a\": [1]}}", VOX_E_SCHEMA,
		"#/dependencies: expected an array of strings");
	refused("{\"$ref\": 7}", VOX_E_SCHEMA, "#/$ref: expected a string");
	refused("[]", VOX_E_SCHEMA, "#: a schema must be an object");
}

static void test_bad_refs(void **state)
{
	(void)state;
	refused("{\"properties\": {\"a\": {\"$ref\": \"#/definitions/nope\"}}}",
		VOX_E_SCHEMA,
		"#/properties/a/$ref: unresolved \"#/definitions/nope\": no "
		"\"/definitions/nope\" in " BASE "t.json");
	refused("{\"$ref\": \"other.json#/x\"}", VOX_E_SCHEMA,
		"#/$ref: unresolved \"other.json#/x\": no schema document "
		BASE "other.json");
	refused("{\"$ref\": \"#nope\"}", VOX_E_SCHEMA, "no \"$id\" \"#nope\"");
	refused("{\"$ref\": \"#/a%zz\"}", VOX_E_SCHEMA, "percent-encoding");
}

static void test_cyclic_refs(void **state)
{
	struct vox_schema *s;

	(void)state;
	refused("{\"$ref\": \"#\"}", VOX_E_SCHEMA,
		"cyclic $ref, validation would never end: # -> #");
	refused("{\"definitions\": {\"a\": {\"$ref\": \"#/definitions/b\"},"
		" \"b\": {\"anyOf\": [{\"type\": \"null\"},"
		" {\"$ref\": \"#/definitions/a\"}]}},"
		" \"properties\": {\"x\": {\"$ref\": \"#/definitions/a\"}}}",
		VOX_E_SCHEMA,
		"#/definitions/a -> #/definitions/b -> "
		"#/definitions/b/anyOf/1 -> #/definitions/a");
	refused("{\"not\": {\"allOf\": [{\"$ref\": \"#\"}]}}", VOX_E_SCHEMA,
		"cyclic $ref");
	/* recursion that consumes the instance is fine */
	s = must_compile("{\"type\": \"object\", \"properties\": {"
			 "\"child\": {\"$ref\": \"#\"}}}");
	valid(s, "{\"child\": {\"child\": {}}}");
	invalid(s, "{\"child\": {\"child\": 1}}");
	vox_schema_free(s);
}

static void test_bad_pattern(void **state)
{
	(void)state;
	refused("{\"pattern\": \"(abc\"}", VOX_E_SCHEMA,
		"#/pattern: bad regular expression \"(abc\": missing closing "
		"parenthesis");
	refused("{\"patternProperties\": {\"[a-\": {}}}", VOX_E_SCHEMA,
		"#/patternProperties: bad regular expression \"[a-\"");
}

static json_t *deep_array(int depth)
{
	json_t *x = json_array(), *inner = x;
	int i;

	for (i = 1; i < depth; i++) {
		json_t *next = json_array();

		json_array_append_new(inner, next);
		inner = next;
	}
	return x;
}

static void test_deep_instance(void **state)
{
	struct vox_schema *rec = must_compile("{\"items\": {\"$ref\": \"#\"}}");
	struct vox_schema *any = must_compile("{\"type\": \"array\"}");
	struct vox_schema *uniq = must_compile("{\"uniqueItems\": true}");
	struct vox_schema *cnst = must_compile("{\"const\": [[[]]]}");
	json_t *x = deep_array(10000), *pair = json_array();
	struct seen seen = { 0 };

	(void)state;
	assert_int_equal(vox_schema_validate(rec, x, collect, &seen, 5), 1);
	assert_string_equal(seen.msg[0], "nested deeper than 1000 levels");
	assert_true(strlen(seen.ipath[0]) < 1100);
	assert_non_null(strstr(seen.ipath[0], "/0/0/.../0/0"));
	assert_int_equal(vox_schema_validate(any, x, NULL, NULL, 0), 0);
	assert_int_equal(vox_schema_validate(cnst, x, NULL, NULL, 0), 1);
	json_array_append(pair, x);
	json_array_append_new(pair, deep_array(10000));
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(vox_schema_validate(uniq, pair, collect, &seen, 5),
			 1);
	assert_non_null(strstr(seen.msg[0],
			       "... has items nested too deep to compare"));
	json_decref(pair);
	json_decref(x);
	vox_schema_free(rec);
	vox_schema_free(any);
	vox_schema_free(uniq);
	vox_schema_free(cnst);
}

static void test_deep_schema(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_schema_set *set = vox_schema_set_new();
	json_t *schema = json_object(), *inner = schema;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		json_t *next = json_object();

		json_object_set_new(inner, "items", next);
		inner = next;
	}
	assert_int_equal(vox_schema_set_add(set, BASE "deep.json", schema,
					    &err),
			 VOX_ERR);
	assert_int_equal(err.code, VOX_E_LIMIT);
	assert_non_null(strstr(err.msg, "nested deeper than 1000 levels"));
	json_decref(schema);
	vox_schema_set_free(set);
}

static void test_draft7_details(void **state)
{
	struct vox_schema *s;

	(void)state;
	/* 1.0 is an integer; numbers are equal by value */
	s = must_compile("{\"type\": \"integer\", \"enum\": [1, 2.5]}");
	valid(s, "1.0");
	invalid(s, "2.5");
	invalid(s, "true");
	vox_schema_free(s);
	s = must_compile("{\"uniqueItems\": true}");
	invalid(s, "[1, 1.0]");
	invalid(s, "[{\"a\": 1, \"b\": [2]}, {\"b\": [2.0], \"a\": 1}]");
	valid(s, "[0, false, null, \"0\", [0], {\"0\": 0}]");
	invalid(s, "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,7.0]");
	valid(s, "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,7.5]");
	vox_schema_free(s);
	/* siblings of $ref are ignored, and so is an $id inside enum */
	s = must_compile("{\"definitions\": {\"a\": {\"type\": \"integer\"}},"
			 " \"properties\": {\"x\": {"
			 "  \"$ref\": \"#/definitions/a\", \"maximum\": 0}}}");
	valid(s, "{\"x\": 5}");
	invalid(s, "{\"x\": \"5\"}");
	vox_schema_free(s);
	s = must_compile("{\"definitions\": {\"e\": {\"enum\": [{\"$id\": "
			 "\"#nope\", \"type\": \"null\"}]}},"
			 " \"anyOf\": [{\"$ref\": \"#/definitions/e\"}]}");
	valid(s, "{\"$id\": \"#nope\", \"type\": \"null\"}");
	invalid(s, "null");
	vox_schema_free(s);
	/* integers beyond 2^53 compare exactly */
	s = must_compile("{\"maximum\": 9007199254740992,"
			 " \"exclusiveMinimum\": 9007199254740990.0}");
	valid(s, "9007199254740992");
	invalid(s, "9007199254740993");
	invalid(s, "9007199254740990");
	vox_schema_free(s);
	s = must_compile("{\"multipleOf\": 0.01}");
	valid(s, "19.99");
	invalid(s, "19.995");
	valid(s, "7");
	vox_schema_free(s);
	/* plain-name fragments and the built-in meta-schema */
	s = must_compile("{\"definitions\": {\"p\": {\"$id\": \"#pos\","
			 " \"minimum\": 0}}, \"items\": {\"$ref\": \"#pos\"}}");
	valid(s, "[0, 1]");
	invalid(s, "[-1]");
	vox_schema_free(s);
	s = must_compile(
		"{\"$ref\": \"http://json-schema.org/draft-07/schema#\"}");
	valid(s, common_schema);
	invalid(s, "{\"type\": \"str\"}");
	invalid(s, "{\"minLength\": -1}");
	vox_schema_free(s);
}

struct format_case {
	const char *format, *value;
	int ok;
};

static const struct format_case format_cases[] = {
	{ "date-time", "2024-03-05T14:12:07Z", 1 },
	{ "date-time", "2024-03-05T14:12:07.125+05:30", 1 },
	{ "date-time", "2016-12-31T23:59:60Z", 1 },
	{ "date-time", "2016-12-31T18:59:60-05:00", 1 },
	{ "date-time", "2016-12-31T23:58:60Z", 0 },
	{ "date-time", "2024-13-01T00:00:00Z", 0 },
	{ "date-time", "2023-02-29T00:00:00Z", 0 },
	{ "date-time", "2024-02-29T00:00:00Z", 1 },
	{ "date-time", "2024-03-05 14:12:07Z", 0 },
	{ "date-time", "2024-03-05T14:12:07", 0 },
	{ "date-time", "2024-03-05T24:00:00Z", 0 },
	{ "date-time", "2024-03-05T14:12:07.Z", 0 },
	{ "date", "2000-02-29", 1 },
	{ "date", "1900-02-29", 0 },
	{ "date", "2024-3-05", 0 },
	{ "time", "14:12:07+01:00", 1 },
	{ "time", "14:12:07", 0 },
	{ "email", "joe.bloggs@example.com", 1 },
	{ "email", "\"joe bloggs\"@example.com", 1 },
	{ "email", "joe@[192.168.0.1]", 1 },
	{ "email", "joe..bloggs@example.com", 0 },
	{ "email", ".joe@example.com", 0 },
	{ "email", "joe@", 0 },
	{ "email", "joe@-example.com", 0 },
	{ "uri", "https://voxport.example/schemas/v1/call.schema.json", 1 },
	{ "uri", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", 1 },
	{ "uri", "http://[::1]:8080/x?y#z", 1 },
	{ "uri", "http://exa mple.com", 0 },
	{ "uri", "relative/path", 0 },
	{ "uri", "http://x/%zz", 0 },
	{ "uri-reference", "../a/b?c", 1 },
	{ "uri-reference", "a:b:c", 1 },
	{ "uri-reference", "a b", 0 },
	{ "uuid", "6e8bc430-9c3a-11d9-9669-0800200c9a66", 1 },
	{ "uuid", "6E8BC430-9C3A-11D9-9669-0800200C9A66", 1 },
	{ "uuid", "6e8bc4309c3a11d996690800200c9a66", 0 },
	{ "uuid", "6e8bc430-9c3a-11d9-9669-0800200c9a6g", 0 },
	{ "ipv4", "192.168.0.1", 1 },
	{ "ipv4", "192.168.0.01", 0 },
	{ "ipv4", "192.168.0", 0 },
	{ "ipv6", "2001:db8::8a2e:370:7334", 1 },
	{ "ipv6", "::ffff:192.168.0.1", 1 },
	{ "ipv6", "1:2:3:4:5:6:7:8", 1 },
	{ "ipv6", "1:2:3:4:5:6:7:8:9", 0 },
	{ "ipv6", "1::2::3", 0 },
	{ "ipv6", "1:2:3:4:5:6:7::", 1 },
	{ "ipv6", ":1:2:3:4:5:6:7", 0 },
	{ "hostname", "sip.voxport.example", 1 },
	{ "hostname", "a_b.example", 0 },
	{ "hostname", "a..b", 0 },
	{ "json-pointer", "/a~1b/0", 1 },
	{ "json-pointer", "/a~2b", 0 },
	{ "regex", "^\\+[1-9]\\d{1,14}$", 1 },
	{ "regex", "(", 0 },
	{ "regex", "\\Aabc", 0 },
	{ "uri-template", "http://x/{id}{?q,r*}", 1 },
	{ "uri-template", "http://x/{id", 0 },
};

static void test_formats(void **state)
{
	char text[200];
	size_t i;

	(void)state;
	assert_true(vox_schema_format_checked("date-time"));
	assert_true(vox_schema_format_checked("uuid"));
	assert_false(vox_schema_format_checked("idn-hostname"));
	assert_false(vox_schema_format_checked("phone"));
	assert_false(vox_schema_format_checked(NULL));
	for (i = 0; i < sizeof(format_cases) / sizeof(*format_cases); i++) {
		const struct format_case *c = &format_cases[i];
		struct vox_schema *s;
		json_t *x = json_string(c->value);
		int n;

		snprintf(text, sizeof(text), "{\"format\": \"%s\"}", c->format);
		s = must_compile(text);
		n = vox_schema_validate(s, x, NULL, NULL, 0);
		if ((n == 0) != c->ok)
			fail_msg("%s \"%s\": expected %s", c->format, c->value,
				 c->ok ? "valid" : "invalid");
		json_decref(x);
		vox_schema_free(s);
	}
	/* unknown formats pass; formats apply to strings only */
	{
		struct vox_schema *s = must_compile(
			"{\"properties\": {\"a\": {\"format\": \"phone\"},"
			" \"b\": {\"format\": \"ipv4\"}}}");

		valid(s, "{\"a\": \"x\", \"b\": 12}");
		vox_schema_free(s);
	}
}

struct remote {
	int calls;
};

static json_t *resolve(void *ctx, const char *uri, struct vox_error *err)
{
	struct remote *r = ctx;

	r->calls++;
	if (!strcmp(uri, "http://remote.test/int.json"))
		return json_pack("{s:s}", "type", "integer");
	if (!strcmp(uri, "http://remote.test/broken.json")) {
		vox_error_set(err, VOX_E_IO, "broken.json: connection refused");
		return NULL;
	}
	return NULL;
}

static void test_resolver(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_schema_set *set = vox_schema_set_new();
	struct remote r = { 0 };
	struct vox_schema *s;
	static const char text[] =
		"{\"items\": [{\"$ref\": \"http://remote.test/int.json\"},"
		" {\"$ref\": \"http://remote.test/int.json#\"}]}";
	static const char broken[] =
		"{\"$ref\": \"http://remote.test/broken.json\"}";

	(void)state;
	vox_schema_set_resolver(set, resolve, &r);
	assert_int_equal(vox_schema_set_add_text(set, BASE "r.json", text,
						 strlen(text), &err),
			 VOX_OK);
	assert_int_equal(vox_schema_set_add_text(set, BASE "b.json", broken,
						 strlen(broken), &err),
			 VOX_OK);
	s = vox_schema_compile(set, BASE "r.json", &err);
	assert_non_null(s);
	assert_int_equal(r.calls, 1);
	valid(s, "[1, 2, \"x\"]");
	invalid(s, "[1, \"2\"]");
	vox_schema_free(s);
	assert_null(vox_schema_compile(set, BASE "b.json", &err));
	assert_int_equal(err.code, VOX_E_IO);
	assert_non_null(strstr(err.msg, "connection refused"));
	vox_schema_set_free(set);
}

/* The project's own schemas compile, with every $ref resolved. */
static void test_project_schemas(void **state)
{
	static const char *const files[] = {
		"common", "call", "message", "recording", "subject",
		"manifest", "processing", "provider",
	};
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_schema_set *set = vox_schema_set_new();
	char path[256], uri[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		json_error_t jerr;
		json_t *doc;

		snprintf(path, sizeof(path), "schemas/v1/%s.schema.json",
			 files[i]);
		doc = json_load_file(unit_path(path), 0, &jerr);
		if (!doc)
			fail_msg("%s: %s", path, jerr.text);
		if (vox_schema_set_add(set, NULL, doc, &err))
			fail_msg("%s: %s", path, err.msg);
		json_decref(doc);
	}
	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		struct vox_schema *s;

		snprintf(uri, sizeof(uri),
			 "https://voxport.example/schemas/v1/%s.schema.json",
			 files[i]);
		s = vox_schema_compile(set, uri, &err);
		if (!s)
			fail_msg("%s: %s", uri, err.msg);
		vox_schema_free(s);
	}
	vox_schema_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_format),
		cmocka_unit_test(test_report_messages),
		cmocka_unit_test(test_report_paths),
		cmocka_unit_test(test_max_errors),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_add_errors),
		cmocka_unit_test(test_invalid_schemas),
		cmocka_unit_test(test_bad_refs),
		cmocka_unit_test(test_cyclic_refs),
		cmocka_unit_test(test_bad_pattern),
		cmocka_unit_test(test_deep_instance),
		cmocka_unit_test(test_deep_schema),
		cmocka_unit_test(test_draft7_details),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_resolver),
		cmocka_unit_test(test_project_schemas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
