/* SPDX-License-Identifier: Apache-2.0 */
/* processing.c: processing.json of an archive (see processing.h). */
#include <string.h>

#include "processing.h"

/* The ICO, where a UK subject complains when provider.json names no one. */
static const char *const ico[][2] = {
	{ "name", "Information Commissioner's Office" },
	{ "address", "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF" },
	{ "phone", "0303 123 1113" },
	{ "website", "https://ico.org.uk/make-a-complaint/" },
};

static const char *const category_words[][2] = {
	{ "subject", "your account details" },
	{ "contacts", "your address book" },
	{ "calls", "your calls" },
	{ "messages", "your messages" },
	{ "recordings", "your call recordings and voicemail" },
	{ "all", "all of your data" },
};

static const char *const basis_words[][2] = {
	{ "consent", "your consent (you may withdraw it at any time)" },
	{ "contract", "needed for the contract with you" },
	{ "legal obligation", "a duty the law puts on the controller" },
	{ "vital interests", "to protect someone's life" },
	{ "public task", "a task in the public interest" },
	{ "legitimate interests", "the controller's legitimate interests "
	  "(you may object)" },
};

const char *vox_processing_category_text(const char *category)
{
	size_t i;

	for (i = 0; category && i < sizeof(category_words) /
	     sizeof(category_words[0]); i++)
		if (strcmp(category_words[i][0], category) == 0)
			return category_words[i][1];
	return category;
}

const char *vox_processing_basis_text(const char *basis)
{
	size_t i;

	for (i = 0; basis && i < sizeof(basis_words) / sizeof(basis_words[0]);
	     i++)
		if (strcmp(basis_words[i][0], basis) == 0)
			return basis_words[i][1];
	return basis;
}

int vox_processing_not_stated(const json_t *doc, const char *what)
{
	const json_t *v;
	size_t i;

	json_array_foreach(json_object_get(doc, "not_stated"), i, v)
		if (strcmp(json_string_value(v), what) == 0)
			return 1;
	return 0;
}

static const char *str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) && *json_string_value(v) ?
		json_string_value(v) : NULL;
}

static int add_text(json_t *o, const char *key, const char *text)
{
	return json_object_set_new(o, key, json_string(text));
}

/* Whether list has an entry for category, or one for "all". */
static int covers(const json_t *list, const char *category)
{
	const json_t *item;
	size_t i;

	json_array_foreach(list, i, item) {
		const char *c = str(item, "category");

		if (c && (strcmp(c, category) == 0 || strcmp(c, "all") == 0))
			return 1;
	}
	return 0;
}

/*
 * A list of provider.json's processing, copied; or "key" not stated; and
 * per_category: "key/cat" for each category of the archive it leaves out.
 */
static int take_list(json_t *doc, json_t *missing, const json_t *processing,
		     const char *key, unsigned categories, int per_category)
{
	const json_t *list = json_object_get(processing, key);
	unsigned cat;
	char what[64];
	int rc = 0;

	if (json_array_size(list) == 0)
		return json_array_append_new(missing, json_string(key));
	rc |= json_object_set_new(doc, key, json_deep_copy(list));
	for (cat = 1; per_category && cat <= VOX_CAT_RECORDINGS; cat <<= 1) {
		if (!(categories & cat) ||
		    covers(list, vox_category_name(cat)))
			continue;
		snprintf(what, sizeof(what), "%s/%s", key,
			 vox_category_name(cat));
		rc |= json_array_append_new(missing, json_string(what));
	}
	return rc;
}

static int any_basis(const json_t *purposes, const char *basis, int absent)
{
	const json_t *item;
	size_t i;

	json_array_foreach(purposes, i, item) {
		const char *b = str(item, "basis");

		if (absent ? !b : b && strcmp(b, basis) == 0)
			return 1;
	}
	return 0;
}

static int add_right(json_t *rights, const char *right, const char *text)
{
	json_t *o = json_object();

	if (!o || add_text(o, "right", right) || add_text(o, "text", text)) {
		json_decref(o);
		return -1;
	}
	return json_array_append_new(rights, o);
}

static int subject_rights(json_t *doc, const json_t *purposes)
{
	json_t *r = json_array();
	int rc = 0;

	if (!r)
		return -1;
	rc |= add_right(r, "access", "to get a copy of your data and of this "
			"information (this archive is that copy)");
	rc |= add_right(r, "rectification", "to have data about you that is "
			"wrong or incomplete corrected");
	rc |= add_right(r, "erasure", "to have your data deleted when there "
			"is no longer a good reason to keep it");
	rc |= add_right(r, "restriction", "to have the use of your data "
			"limited, for example while you dispute that it is "
			"right");
	rc |= add_right(r, "objection", "to object to the use of your data "
			"for legitimate interests or a public task, and to stop "
			"its use for direct marketing at any time");
	rc |= add_right(r, "portability", "to get the data you gave in a "
			"form computers read, and to have it moved to another "
			"provider (the .json, .jsonl and .vcf files of this "
			"archive)");
	if (any_basis(purposes, "consent", 0))
		rc |= add_right(r, "withdraw_consent", "to withdraw your "
				"consent at any time where it is the basis; "
				"what was done before stays lawful");
	rc |= add_right(r, "complaint", "to complain to the data protection "
			"regulator if you are unhappy "
			"with how your data is handled");
	rc |= json_object_set_new(doc, "subject_rights", r);
	return rc;
}

static json_t *authority(const json_t *sa)
{
	static const char *const keys[] = { "name", "address", "phone",
					    "website" };
	json_t *o = json_object();
	size_t i;

	for (i = 0; o && i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = sa ? str(sa, keys[i]) : ico[i][1];

		if (v && add_text(o, keys[i], v)) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *vox_processing_json(const struct vox_archive_meta *meta)
{
	static const char *const texts[] = { "transfers",
					     "automated_decisions", "rights" };
	const json_t *c = meta->controller, *p = meta->processing;
	const json_t *sa = json_object_get(c, "supervisory_authority");
	json_t *doc = json_object(), *missing = json_array(), *auth;
	unsigned cats = meta->categories;
	size_t i;
	int rc = 0;

	if (!doc || !missing)
		goto fail;
	rc |= json_object_set_new(doc, "controller", json_deep_copy(c));
	if (!str(c, "address") && !str(c, "email") && !str(c, "phone") &&
	    !str(c, "website"))
		rc |= json_array_append_new(missing,
					    json_string("controller/contact"));
	if (json_object_size(json_object_get(c, "dpo")) == 0)
		rc |= json_array_append_new(missing,
					    json_string("controller/dpo"));
	rc |= take_list(doc, missing, p, "purposes", cats, 1);
	if (any_basis(json_object_get(p, "purposes"), NULL, 1))
		rc |= json_array_append_new(missing,
					    json_string("purposes/basis"));
	rc |= take_list(doc, missing, p, "categories", cats, 0);
	rc |= take_list(doc, missing, p, "recipients", cats, 0);
	rc |= take_list(doc, missing, p, "retention", cats, 1);
	rc |= take_list(doc, missing, p, "sources", cats, 1);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		if (str(p, texts[i]))
			rc |= add_text(doc, texts[i], str(p, texts[i]));
		else
			rc |= json_array_append_new(missing,
						    json_string(texts[i]));
	}
	auth = authority(sa);
	if (!auth)
		goto fail;
	rc |= subject_rights(doc, json_object_get(p, "purposes"));
	rc |= json_object_set_new(doc, "supervisory_authority", auth);
	if (!sa)
		rc |= json_array_append_new(missing,
					    json_string("supervisory_authority"));
	rc |= json_object_set_new(doc, "not_stated", missing);
	missing = NULL;
	if (rc)
		goto fail;
	return doc;
fail:
	json_decref(missing);
	json_decref(doc);
	return NULL;
}
