/* SPDX-License-Identifier: Apache-2.0 */
/* test_processing.c: processing.json of an archive (export/processing.c). */
#include "unit.h"

#include <jansson.h>

#include "export/processing.h"

static struct vox_archive_meta meta(const json_t *controller,
				    const json_t *processing, unsigned cats)
{
	struct vox_archive_meta m;

	memset(&m, 0, sizeof(m));
	m.subject_id = "1001";
	m.request_type = "access";
	m.categories = cats;
	m.since = m.until = VOX_TIME_NONE;
	m.controller = controller;
	m.processing = processing;
	return m;
}

static int listed(const json_t *doc, const char *what)
{
	return vox_processing_not_stated(doc, what);
}

/* Nothing stated: everything said so, the ICO named, nothing made up. */
static void test_nothing_stated(void **state)
{
	json_t *c = json_pack("{s:s}", "name", "Bare Ltd");
	struct vox_archive_meta m = meta(c, NULL, VOX_CAT_SUBJECT |
					 VOX_CAT_CALLS);
	json_t *doc = vox_processing_json(&m);
	const char *const all[] = {
		"controller/contact", "controller/dpo", "purposes",
		"categories", "recipients", "retention", "sources",
		"transfers", "automated_decisions", "rights",
		"supervisory_authority",
	};
	size_t i;

	(void)state;
	assert_non_null(doc);
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		assert_true(listed(doc, all[i]));
	assert_int_equal(json_array_size(json_object_get(doc, "not_stated")),
			 sizeof(all) / sizeof(all[0]));
	assert_null(json_object_get(doc, "retention"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		doc, "supervisory_authority"), "phone")), "0303 123 1113");
	/* Six rights and the complaint; no consent to withdraw. */
	assert_int_equal(json_array_size(json_object_get(doc,
							 "subject_rights")), 7);
	json_decref(doc);
	json_decref(c);
}

/*
 * Per category: a category of the archive with no entry (and no "all")
 * is not stated; a purpose without a basis too; consent adds its right.
 */
static void test_per_category(void **state)
{
	json_t *c = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}}", "name", "X Ltd",
			      "email", "x@x.example", "dpo", "name", "D",
			      "supervisory_authority", "name", "Regulator");
	json_t *p = json_pack("{s:[{s:s, s:s, s:s}, {s:s, s:s}],"
			      " s:[{s:s, s:s}], s:[{s:s, s:s}]}",
			      "purposes", "category", "calls", "text", "bill",
			      "basis", "consent", "category", "subject",
			      "text", "serve",
			      "retention", "category", "all", "text", "a year",
			      "sources", "category", "calls", "text", "pbx");
	struct vox_archive_meta m = meta(c, p, VOX_CAT_SUBJECT |
					 VOX_CAT_CALLS | VOX_CAT_MESSAGES);
	json_t *doc = vox_processing_json(&m);
	const json_t *r;
	size_t i;
	int consent = 0;

	(void)state;
	assert_non_null(doc);
	assert_false(listed(doc, "controller/contact"));
	assert_false(listed(doc, "controller/dpo"));
	assert_false(listed(doc, "supervisory_authority"));
	assert_true(listed(doc, "purposes/messages"));
	assert_false(listed(doc, "purposes/calls"));
	assert_true(listed(doc, "purposes/basis"));
	assert_false(listed(doc, "retention"));
	assert_false(listed(doc, "retention/messages"));	/* "all" */
	assert_true(listed(doc, "sources/subject"));
	assert_true(listed(doc, "sources/messages"));
	assert_false(listed(doc, "sources/recordings"));	/* not in scope */
	assert_true(json_equal(json_object_get(doc, "retention"),
			       json_object_get(p, "retention")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		doc, "supervisory_authority"), "name")), "Regulator");
	json_array_foreach(json_object_get(doc, "subject_rights"), i, r)
		consent |= strcmp(json_string_value(json_object_get(r,
				  "right")), "withdraw_consent") == 0;
	assert_true(consent);
	assert_string_equal(vox_processing_basis_text("contract"),
			    "needed for the contract with you");
	assert_string_equal(vox_processing_category_text("calls"),
			    "your calls");
	json_decref(doc);
	json_decref(p);
	json_decref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_stated),
		cmocka_unit_test(test_per_category),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
