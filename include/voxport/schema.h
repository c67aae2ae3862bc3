/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema.h: JSON Schema draft-07 validation, on jansson.
 *
 * Schemas are compiled once and then validate many instances.  Use:
 *
 *	struct vox_schema_set *set = vox_schema_set_new();
 *	vox_schema_set_add_text(set, NULL, call_schema_text, len, &err);
 *	vox_schema_set_add_text(set, NULL, common_schema_text, len, &err);
 *	struct vox_schema *s = vox_schema_compile(set, CALL_SCHEMA_URI, &err);
 *	vox_schema_set_free(set);	(the compiled schema stands alone)
 *	for each record:
 *		n = vox_schema_validate(s, record, report, &ctx, 20);
 *	vox_schema_free(s);
 *
 * A document is registered under its "$id" (resolved against the URI it
 * was added under) and under that URI; every "$id" inside it is registered
 * too, so relative refs between the files of a schema folder resolve
 * ("common.schema.json#/definitions/party").  The draft-07 meta-schema,
 * http://json-schema.org/draft-07/schema, is built in.
 *
 * Ownership: vox_schema_set_add() takes its own reference to the document
 * (json_incref) and the caller keeps theirs; a document must not be
 * modified while it is in a set.  A compiled schema holds everything it
 * needs and outlives its set.  A compiled schema is read-only during
 * validation, so threads may share one.  Strings passed to the report
 * callback are valid only during the call.
 *
 * Errors: functions that can fail take a caller-owned struct vox_error and
 * set VOX_E_SCHEMA (a schema that breaks draft-07, a bad pattern, a $ref
 * that does not resolve, a cycle of $refs that would recurse without
 * consuming the instance), VOX_E_LIMIT (nesting beyond
 * VOX_SCHEMA_MAX_DEPTH), VOX_E_DATA (JSON text that does not parse) or
 * VOX_E_NOMEM.  Messages name the schema location, for example
 * "call.schema.json#/properties/start/format: expected a string, got 1".
 */
#ifndef VOXPORT_SCHEMA_H
#define VOXPORT_SCHEMA_H

#include <stddef.h>

#include <jansson.h>

#include "voxport/error.h"

/*
 * How deep schemas may nest, and how deep validation may descend into an
 * instance (counting in-place applicators such as allOf and $ref).  Deeper
 * input is an error, never unbounded recursion.
 */
#define VOX_SCHEMA_MAX_DEPTH 1000

struct vox_schema_set;
struct vox_schema;

/*
 * Called at compile time for a document URI (without fragment) that is
 * not in the set.  Return a new reference to the document, or NULL: with
 * err set when fetching failed, or with err untouched when the URI is
 * simply unknown.  The set adds what is returned under that URI.
 */
typedef json_t *(*vox_schema_resolve_fn)(void *ctx, const char *uri,
					 struct vox_error *err);

struct vox_schema_set *vox_schema_set_new(void);
void vox_schema_set_free(struct vox_schema_set *set);

/*
 * Register a schema document.  uri may be NULL when the document has an
 * absolute "$id"; otherwise the document's "$id" is resolved against it.
 * Returns VOX_OK, or VOX_ERR when there is no usable URI, a URI is already
 * taken by another document, or an "$id" is not a string.
 */
int vox_schema_set_add(struct vox_schema_set *set, const char *uri,
		       json_t *doc, struct vox_error *err);

/* The same from JSON text (schemas embedded in the binary as strings). */
int vox_schema_set_add_text(struct vox_schema_set *set, const char *uri,
			    const char *text, size_t len,
			    struct vox_error *err);

/* Where unknown documents come from (the test suite's remotes). */
void vox_schema_set_resolver(struct vox_schema_set *set,
			     vox_schema_resolve_fn fn, void *ctx);

/*
 * Compile the schema at uri, which is absolute and may carry a fragment
 * ("...call.schema.json", "...common.schema.json#/definitions/party").
 * Every reachable $ref is resolved and every subschema checked here, so
 * validation cannot meet a schema error.  NULL and err set on failure.
 */
struct vox_schema *vox_schema_compile(struct vox_schema_set *set,
				      const char *uri,
				      struct vox_error *err);
void vox_schema_free(struct vox_schema *schema);

/* One validation failure, as given to the report callback. */
struct vox_schema_failure {
	/* RFC 6901 pointer into the instance, "" for the instance itself */
	const char *instance_path;
	/*
	 * The failing keyword in its schema document: "#/properties/start/
	 * format" in the compiled document, "common.schema.json#/..." in a
	 * sibling file, the full URI elsewhere.
	 */
	const char *schema_path;
	const char *keyword;	/* "format"; "" for a depth limit */
	/* '"2024-13-01T00:00:00Z" is not a date-time': values are quoted as
	 * JSON and shortened when long */
	const char *message;
};

typedef void (*vox_schema_report_fn)(void *ctx,
				     const struct vox_schema_failure *f);

/*
 * Validate one instance.  Returns 0 when it is valid; otherwise the number
 * of failures reported, at least 1 and at most max_errors when cb is set.
 * With cb NULL or max_errors 0 nothing is reported and an invalid instance
 * returns 1.  A valid instance builds no path and no message, and
 * allocates nothing unless the schema uses propertyNames or uniqueItems
 * on more than 16 items.  Failures of subschemas that are only tried
 * (anyOf, oneOf, not, if, contains, propertyNames) are summed up as one
 * failure of that keyword.  Strings must be valid UTF-8, as jansson
 * ensures unless its _nocheck functions were used.
 */
int vox_schema_validate(const struct vox_schema *schema,
			const json_t *instance, vox_schema_report_fn cb,
			void *ctx, unsigned max_errors);

/*
 * 1 when the "format" value is asserted by the validator, 0 when it is
 * accepted unchecked (draft-07 makes unknown formats pass).  Checked:
 * date-time, date, time, email, idn-email, hostname, ipv4, ipv6, uri,
 * uri-reference, iri, iri-reference, uri-template, uuid, json-pointer,
 * relative-json-pointer, regex.
 */
int vox_schema_format_checked(const char *format);

#endif
