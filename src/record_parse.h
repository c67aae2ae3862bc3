/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record_parse.h: the records of model.h read back from their JSON form
 * (schemas/v1), the reverse of record_json.c and contact_json.c, so that
 * `voxport import` can hand an archive's records to target writers.
 *
 * What the writers leave out comes back as model.h's "not given": a
 * missing time is VOX_TIME_NONE, a missing duration -1, a missing string
 * NULL; a party's or phone's "number" and "raw" written as "" (the
 * stand-in for a missing one of phones, and of parties in older
 * archives) are NULL.  Writing a parsed record
 * again gives the same bytes.  What the JSON form does not carry cannot
 * come back: a call's group_id, a part's spool, a recording's file, and
 * the JSContact losses listed in contact_parse.c.
 *
 * Members the schemas do not name are ignored; a member of the wrong type,
 * a bad time or an unknown enum name is a VOX_E_DATA error naming its
 * JSON pointer.
 */
#ifndef VOX_RECORD_PARSE_H
#define VOX_RECORD_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "voxport/error.h"
#include "voxport/model.h"

/*
 * Parse one record of kind (VOX_SUBJECT: subject.json; VOX_CONTACT: one
 * JSContact Card of contacts.json; VOX_CALL / VOX_MESSAGE / VOX_RECORDING:
 * one line of calls/messages/recordings.jsonl) into *out, every string and
 * array copied into the arena a (src/arena.h), so the record lives as long
 * as the arena.  VOX_OK, or VOX_ERR with VOX_E_DATA naming the JSON pointer
 * ("/legs/0/start: not an RFC 3339 time") or VOX_E_NOMEM.
 */
int vox_record_from_json(const json_t *j, enum vox_kind kind,
			 struct vox_arena *a, struct vox_record *out,
			 struct vox_error *err);

/* ---- pieces shared with contact_parse.c -------------------------------- */

#define VOX_PARSE_PTR_MAX 256

/* One parse: where its strings go, its error, the pointer being read. */
struct vox_parse {
	struct vox_arena *a;
	struct vox_error *err;
	char ptr[VOX_PARSE_PTR_MAX];	/* "/legs/0/start" (RFC 6901) */
	size_t len;
};

/*
 * Step the pointer into member key or element i; each returns the length
 * to give vox_parse_leave() to step out again.  After an error the pointer
 * need not be restored: the message has been made.
 */
size_t vox_parse_key(struct vox_parse *p, const char *key);
size_t vox_parse_index(struct vox_parse *p, size_t i);
void vox_parse_leave(struct vox_parse *p, size_t len);

/* A VOX_E_DATA error at the pointer: "/legs/0/start: WHAT"; VOX_ERR. */
int vox_parse_fail(struct vox_parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vox_parse_nomem(struct vox_parse *p);

/*
 * Member key of object o: *v is it, or NULL when it is absent; VOX_ERR
 * when it is there but not of type t (JSON_INTEGER, JSON_STRING ...;
 * JSON_TRUE stands for either boolean).
 */
int vox_parse_get(struct vox_parse *p, const json_t *o, const char *key,
		  json_type t, const json_t **v);

/* The string v, at the pointer, copied into the arena. */
int vox_parse_string(struct vox_parse *p, const json_t *v, const char **out);

/* Member key, a string, copied; *out is left alone when it is absent. */
int vox_parse_str(struct vox_parse *p, const json_t *o, const char *key,
		  const char **out);

/* Member key, an integer in [min, max]; *out is left alone when absent. */
int vox_parse_int(struct vox_parse *p, const json_t *o, const char *key,
		  int64_t min, int64_t max, int64_t *out);

/* The element parsers of the arrays and maps below. */
typedef int (*vox_parse_fn)(struct vox_parse *p, const json_t *v, void *out);

/*
 * Member key, an array: *out is a new arena array of its *n elements of
 * size bytes each, zeroed, then made by fn (the pointer at the element);
 * NULL and 0 when the member is absent.
 */
int vox_parse_array(struct vox_parse *p, const json_t *o, const char *key,
		    size_t size, vox_parse_fn fn, void **out, size_t *n);

/* Member key, an object when there, made by fn (the pointer at it). */
int vox_parse_object(struct vox_parse *p, const json_t *o, const char *key,
		     vox_parse_fn fn, void *out);

/* Member key, an array of strings, appended to s. */
int vox_parse_strings(struct vox_parse *p, const json_t *o, const char *key,
		      struct vox_strings *s);

/* Member key: a source reference {format, file, line, id}. */
int vox_parse_source_ref(struct vox_parse *p, const json_t *o,
			 const char *key, struct vox_source_ref *s);

/* Member key: an object of strings, appended to x in its order. */
int vox_parse_extra(struct vox_parse *p, const json_t *o, const char *key,
		    struct vox_extra *x);

/* The JSContact Card card (an object) into c (contact_parse.c). */
int vox_contact_from_card(struct vox_parse *p, const json_t *card,
			  struct vox_contact *c);

#endif
