/* SPDX-License-Identifier: Apache-2.0 */
/* test_json_load.c: vox_json_loadb() against json_loadb(), and jansson on
 * an arena (src/json_load.c). */
#include "unit.h"

#include <pthread.h>
#include <string.h>

#include "json_load.h"

/*
 * Both parsers on the same bytes: both fail with the same message and
 * place, or both give the same tree (same types, same key order, same
 * numbers: compared as jansson writes them).
 */
static void same(const char *buf, size_t len, size_t flags)
{
	json_error_t ej, ev;
	json_t *j = json_loadb(buf, len, flags, &ej);
	json_t *v = vox_json_loadb(buf, len, flags, &ev);

	if (!j) {
		if (v)
			fail_msg("accepted what jansson refuses: %.*s (%s)",
				 (int)len, buf, ej.text);
		assert_string_equal(ev.text, ej.text);
		assert_int_equal(ev.line, ej.line);
		assert_int_equal(ev.column, ej.column);
		assert_int_equal(ev.position, ej.position);
		return;
	}
	if (!v)
		fail_msg("refused what jansson accepts: %.*s (%s)", (int)len,
			 buf, ev.text);
	{
		char *dj = json_dumps(j, JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));
		char *dv = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));

		assert_true(json_equal(j, v));
		assert_string_equal(dv, dj);
		free(dj);
		free(dv);
	}
	json_decref(j);
	json_decref(v);
}

static void both_flags(const char *s)
{
	same(s, strlen(s), JSON_REJECT_DUPLICATES);
	same(s, strlen(s), JSON_REJECT_DUPLICATES | JSON_DECODE_ANY);
	same(s, strlen(s), JSON_DECODE_ANY);
	same(s, strlen(s), 0);
}

static const char *const cases[] = {
	"{}", "[]", " \t\r\n{ } \n", "{\"a\":1}", "[1,2,3]",
	"{\"a\":{\"b\":[true,false,null,\"x\"]},\"c\":-0,\"d\":0}",
	"{\"k\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}",
	"{\"k\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
	"{\"k\":\"\\u00e9\\u20AC\\ud83d\\ude00\\u0041\"}",
	"[123456789012345678, -123456789012345678]",
	"[1234567890123456789, -9223372036854775808, 9223372036854775808]",
	"[99999999999999999999999]",
	"[1.5, -0.0, 1e3, 1E+3, 2.5e-3, 1e400, -1e400, 1e-400]",
	"[0.1, 3.141592653589793, 1.7976931348623157e308]",
	"{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":{\"a\":1},\"c\":[{\"a\":1}]}",
	"{\"a\\u0062\":1}", "{\"\":1}", "{\"k\":\"\\u0000\"}",
	"{\"\\u0000\":1}", "{\"k\":\"\\ud800\"}", "{\"k\":\"\\udc00\"}",
	"{\"k\":\"\\ud800\\u0041\"}", "{\"k\":\"\\uZZZZ\"}", "{\"k\":\"\\x\"}",
	"{\"k\":\"\\u12\"}", "{\"k\":\"a\tb\"}", "{\"k\":\"\x01\"}",
	"{\"k\":\"\xc3\"}", "{\"k\":\"\xc0\xaf\"}", "{\"k\":\"\xed\xa0\x80\"}",
	"{\"k\":\"\xf4\x90\x80\x80\"}", "{\"k\":\"\xff\"}", "\xef\xbb\xbf{}",
	"", " ", "{", "}", "[", "]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}",
	"[1,]", "[,1]", "{,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "[01]",
	"[-]", "[1.]", "[.5]", "[1e]", "[1e+]", "[+1]", "[0x10]", "[1 2]",
	"[tru]", "[truex]", "[true1]", "[nul]", "[NaN]", "[Infinity]",
	"{}{}", "{} x", "[]]", "{\"a\":1}}", "\"top\"", "42", "-1.5e2", "true",
	"null", "[\"unterminated]", "[\"a\\\"]", "{\"k\":\"\\",
	"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
};

static void test_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		both_flags(cases[i]);
	/* NUL bytes in the buffer, inside and after a value. */
	same("{\"a\":\"\0\"}", 8, JSON_REJECT_DUPLICATES);
	same("{}\0", 3, JSON_REJECT_DUPLICATES);
}

/* Nests around MAX_DEPTH (256) and jansson's own limit (2048). */
static void test_depth(void **state)
{
	static const size_t depths[] = { 255, 256, 257, 2047, 2048, 2049 };
	size_t i, d;

	(void)state;
	for (i = 0; i < sizeof(depths) / sizeof(depths[0]); i++) {
		size_t n = depths[i];
		char *s = malloc(2 * n + 1);

		assert_non_null(s);
		for (d = 0; d < n; d++) {
			s[d] = '[';
			s[2 * n - 1 - d] = ']';
		}
		same(s, 2 * n, JSON_REJECT_DUPLICATES);
		free(s);
	}
}

/* A call record with every byte in turn replaced, and cut short. */
static void test_mutations(void **state)
{
	static const char rec[] =
		"{\"id\":\"1711699866.18\",\"start\":\"2024-03-30T21:46:06Z\","
		"\"duration\":238,\"rate\":-1.25e-2,\"ok\":true,\"x\":null,"
		"\"from\":{\"number\":\"1008\",\"name\":\"Hiroshi J\xc3\xb6nes "
		"\\\"HJ\\\" \\u00e9\"},\"legs\":[{\"id\":\"a\",\"n\":[1,2]}],"
		"\"extra\":{}}";
	static const char subst[] = "\"\\{}[],:0-9e.+ tfnu\x01\x7f\x80\xc3\xff";
	char buf[sizeof(rec)];
	size_t len = sizeof(rec) - 1, i, k;

	(void)state;
	same(rec, len, JSON_REJECT_DUPLICATES);
	for (i = 0; i < len; i++) {
		same(rec, i, JSON_REJECT_DUPLICATES);
		for (k = 0; k < sizeof(subst) - 1; k++) {
			memcpy(buf, rec, len);
			buf[i] = subst[k];
			same(buf, len, JSON_REJECT_DUPLICATES);
		}
		/* A NUL byte: the buffer's length, not the NUL, ends it. */
		memcpy(buf, rec, len);
		buf[i] = '\0';
		same(buf, len, JSON_REJECT_DUPLICATES);
	}
}

/*
 * On an arena, records parsed one after the other with a reset between:
 * each has its own values and nothing of the one before.
 */
static void test_arena(void **state)
{
	static const char *const recs[] = {
		"{\"a\":\"first\",\"only1\":[1,2,3],\"n\":1}",
		"{\"a\":\"second\",\"n\":2}",
		"{\"a\":\"third, longer than the first two put together\","
		"\"n\":3,\"deep\":{\"x\":{\"y\":[\"z\"]}}}",
	};
	struct vox_arena a;
	json_t *kept = json_array();
	size_t i;

	(void)state;
	vox_arena_init(&a);
	for (i = 0; i < 3; i++) {
		json_error_t je;
		json_t *doc;

		vox_json_arena_enter(&a);
		doc = vox_json_loadb(recs[i], strlen(recs[i]),
				     JSON_REJECT_DUPLICATES, &je);
		assert_non_null(doc);
		assert_int_equal(json_integer_value(json_object_get(doc, "n")),
				 (json_int_t)i + 1);
		assert_int_equal(json_object_get(doc, "only1") != NULL, i == 0);
		vox_json_arena_leave();
		/* Made with malloc between records: outlives the resets. */
		json_array_append_new(kept, json_string(json_string_value(
			json_object_get(doc, "a"))));
		vox_arena_reset(&a);
	}
	vox_arena_release(&a);
	assert_int_equal(json_array_size(kept), 3);
	assert_string_equal(json_string_value(json_array_get(kept, 1)),
			    "second");
	json_decref(kept);
}

/* Another thread's jansson, meanwhile: malloc and free as ever (under
 * ASan, a value of it in the arena, or freed as a no-op, would show). */
static void *other_thread(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 20000; i++) {
		json_t *o = json_pack("{s:i,s:s,s:[i,i]}", "n", i, "s", "text",
				      "a", 1, 2);

		assert_non_null(o);
		json_decref(o);
	}
	return NULL;
}

static void test_arena_threads(void **state)
{
	static const char rec[] = "{\"a\":\"x\",\"b\":[1,2,{\"c\":null}]}";
	struct vox_arena a;
	pthread_t t;
	int i;

	(void)state;
	vox_arena_init(&a);
	assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
	for (i = 0; i < 20000; i++) {
		json_t *doc;

		vox_json_arena_enter(&a);
		doc = vox_json_loadb(rec, sizeof(rec) - 1, 0, NULL);
		assert_non_null(doc);
		vox_json_arena_leave();
		vox_arena_reset(&a);
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	vox_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_arena_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
