/* SPDX-License-Identifier: Apache-2.0 */
/*
 * schema_internal.h: what the files of the schema module share.
 *
 * The module is a library of its own, with voxport/schema.h its public
 * face: it needs jansson, PCRE2 and the core's error and arena
 * (voxport/error.h, arena.h), nothing else of src/ (make lint checks).
 *
 *   schema_set.c       documents, their "$id"s, and finding a URI's target
 *   schema_uri.c       URI resolution (RFC 3986) and JSON pointers
 *   schema_compile.c   the compiler: nodes, $ref, the work list
 *   schema_keywords.c  one keyword value into the fields of a node
 *   schema_cycle.c     refusing $ref cycles that would not consume input
 *   schema_validate.c  the validator
 *   schema_equal.c     JSON equality and hashing with numbers by value
 *   schema_format.c    the "format" checks
 *   schema_report.c    failure messages: values, paths
 *   schema_meta.c      the draft-07 meta-schema text
 *
 * A compiled schema is a graph of nodes, one per subschema reached.  Each
 * node keeps its keywords grouped by the instance type they constrain, so
 * validation looks only at the groups that apply to the instance at hand.
 */
#ifndef VOX_SCHEMA_INTERNAL_H
#define VOX_SCHEMA_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>

#include "arena.h"
#include "voxport/error.h"
#include "voxport/schema.h"

/* Instance types as bits; an integral number is VOX_SCHEMA_T_INTEGER. */
enum {
	VOX_SCHEMA_T_NULL = 1 << 0,
	VOX_SCHEMA_T_BOOLEAN = 1 << 1,
	VOX_SCHEMA_T_OBJECT = 1 << 2,
	VOX_SCHEMA_T_ARRAY = 1 << 3,
	VOX_SCHEMA_T_NUMBER = 1 << 4,
	VOX_SCHEMA_T_INTEGER = 1 << 5,
	VOX_SCHEMA_T_STRING = 1 << 6,
	VOX_SCHEMA_T_ALL = (1 << 7) - 1,
};

struct vox_schema_node;

/* A number from a schema, kept exactly when it is an integer. */
struct vox_schema_num {
	double d;
	json_int_t i;
	int is_int;
};

struct vox_schema_prop {
	const char *name;
	size_t len;
	uint32_t print;		/* vox_schema_name_print() */
	const struct vox_schema_node *node;
};

struct vox_schema_pattern {
	pcre2_code *re;
	int jit;		/* JIT-compiled: pcre2_jit_match() applies */
	const char *src;	/* for messages */
	const struct vox_schema_node *node;	/* patternProperties only */
};

struct vox_schema_name {
	const char *name;
	size_t len;
	int prop;	/* index in properties, -1 when not there */
};

struct vox_schema_dep {
	const char *name;
	size_t len;
	const struct vox_schema_node *node;	/* schema form, or NULL */
	struct vox_schema_name *names;		/* array form */
	size_t nnames;
};

/* How many properties the seen-bitset of required covers. */
#define VOX_SCHEMA_SEEN_MAX 256

struct vox_schema_objkw {
	struct vox_schema_prop *props;
	size_t nprops;
	/*
	 * props index + 1 by vox_schema_slot(), 0 when empty.  With perfect
	 * set no two names share a slot, so a lookup probes once; otherwise
	 * collisions go to the next slots (linear probing).
	 */
	uint16_t *table;
	uint32_t mask, seed;
	unsigned shift;
	unsigned perfect : 1;
	struct vox_schema_pattern *pprops;
	size_t npprops;
	const struct vox_schema_node *additional;
	const struct vox_schema_node *names;
	struct vox_schema_name *required;
	size_t nrequired;
	struct vox_schema_dep *deps;
	size_t ndeps;
	size_t min, max;
	unsigned has_min : 1, has_max : 1;
	unsigned iterate : 1;	/* some keyword looks at each member */
};

struct vox_schema_arrkw {
	const struct vox_schema_node *items;	/* "items": schema */
	const struct vox_schema_node **tuple;	/* "items": [schemas] */
	size_t ntuple;
	const struct vox_schema_node *additional; /* only with tuple */
	const struct vox_schema_node *contains;
	size_t min, max;
	unsigned has_min : 1, has_max : 1, unique : 1, is_tuple : 1;
};

struct vox_schema_format;

struct vox_schema_strkw {
	size_t min, max;	/* in code points */
	unsigned has_min : 1, has_max : 1;
	struct vox_schema_pattern pattern;	/* re NULL when absent */
	const struct vox_schema_format *format;	/* NULL: none or unchecked */
};

struct vox_schema_numkw {
	struct vox_schema_num min, max, xmin, xmax, mult;
	unsigned has_min : 1, has_max : 1, has_xmin : 1, has_xmax : 1,
		has_mult : 1;
};

/* Keywords that apply to any instance type. */
struct vox_schema_anykw {
	json_t *enum_values;	/* array, owned reference */
	json_t *const_value;	/* owned reference, may be json null */
	unsigned has_const : 1;
	const struct vox_schema_node **all_of, **any_of, **one_of;
	size_t nall_of, nany_of, none_of;
	const struct vox_schema_node *not_, *if_, *then_, *else_;
};

struct vox_schema_node {
	/* "$ref": when set, nothing else of this node applies (draft-07) */
	const struct vox_schema_node *ref;
	unsigned types;		/* allowed instance types */
	unsigned never : 1;	/* the false schema */
	unsigned typed : 1;	/* "type" was given */
	unsigned index;		/* position in vox_schema.nodes */
	const char *loc;	/* "#/properties/start", for messages */
	struct vox_schema_objkw *obj;
	struct vox_schema_arrkw *arr;
	struct vox_schema_strkw *str;
	struct vox_schema_numkw *num;
	struct vox_schema_anykw *any;
};

struct vox_schema {
	struct vox_arena arena;	/* nodes, keyword arrays, strings */
	const struct vox_schema_node *root;
	struct vox_schema_node **nodes;
	size_t nnodes, cap_nodes;
	pcre2_code **regexes;	/* to free */
	size_t nregexes, cap_regexes;
	json_t **values;	/* enum and const values, to release */
	size_t nvalues, cap_values;
};

/* schema_set.c: where a URI points. */
struct vox_schema_target {
	const json_t *json;
	const char *base;	/* base URI in force at the target */
	const char *doc;	/* URI of the document holding it */
	const char *ptr;	/* escaped JSON pointer from that document */
};

/*
 * Find the schema an absolute URI (with or without fragment) points at,
 * asking the built-in meta-schema and the resolver for unknown documents.
 * Strings of the target are allocated in arena.
 */
int vox_schema_set_lookup(struct vox_schema_set *set, const char *uri,
			  struct vox_arena *arena,
			  struct vox_schema_target *t, struct vox_error *err);

/* schema_uri.c */
/* Resolve ref against base (RFC 3986 section 5.2); result in arena. */
char *vox_schema_uri_resolve(struct vox_arena *arena, const char *base,
			     const char *ref);
/* 1 when uri has a scheme. */
int vox_schema_uri_absolute(const char *uri);
/* The length of uri without its fragment. */
size_t vox_schema_uri_base_len(const char *uri);
/* Percent-decode s[0..len) into arena; NULL on a bad escape. */
char *vox_schema_uri_decode(struct vox_arena *arena, const char *s,
			    size_t len);
/* Append "/" and the RFC 6901 escaped segment s[0..len) to ptr. */
char *vox_schema_pointer_append(struct vox_arena *arena, const char *ptr,
				const char *s, size_t len);
/*
 * Step through one segment of pointer p (which starts at '/'): return the
 * child of json it names, or NULL, and advance *p past the segment.
 */
const json_t *vox_schema_pointer_step(const json_t *json, const char **p);

/* schema_compile.c: services for schema_keywords.c. */
struct vox_schema_compiler;

/* The node for a subschema of the node being compiled, at "kw[/sub]". */
const struct vox_schema_node *vox_schema_sub(struct vox_schema_compiler *c,
					     const json_t *json,
					     const char *kw, const char *sub,
					     size_t sublen);
/* Fail with "LOC/kw: message" as VOX_E_SCHEMA. */
int vox_schema_bad(struct vox_schema_compiler *c, const char *kw,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void *vox_schema_alloc(struct vox_schema_compiler *c, size_t n, size_t size);
char *vox_schema_strndup(struct vox_schema_compiler *c, const char *s,
			 size_t len);
/* Compile an ECMA-262-ish regular expression into p (freed with the
 * schema); VOX_ERR with the compiler's error set when it is not valid. */
int vox_schema_regex(struct vox_schema_compiler *c, const char *kw,
		     const char *src, size_t len,
		     struct vox_schema_pattern *p);
/* Keep a reference to a value the validator uses (enum, const). */
json_t *vox_schema_keep(struct vox_schema_compiler *c, json_t *value);

/* schema_keywords.c */
int vox_schema_compile_keywords(struct vox_schema_compiler *c,
				struct vox_schema_node *n, const json_t *json);

/* schema_cycle.c */
int vox_schema_check_cycles(const struct vox_schema *s,
			    struct vox_error *err);

/* schema_equal.c: -1 when deeper than VOX_SCHEMA_MAX_DEPTH. */
int vox_schema_equal(const json_t *a, const json_t *b);
int vox_schema_hash(const json_t *a, uint64_t *hash);
/* Compare a JSON number with a schema number: <0, 0, >0. */
int vox_schema_num_cmp(const json_t *x, const struct vox_schema_num *n);
/* Compare an integer with a double exactly. */
int vox_schema_int_double_cmp(json_int_t i, double d);

/* schema_format.c */
struct vox_schema_format {
	const char *name;
	const char *what;	/* "a date-time": "... is not a date-time" */
	int (*check)(const char *s, size_t len);
};
const struct vox_schema_format *vox_schema_format_find(const char *name);

/* schema_report.c */
/* JSON text of a value, shortened to about size bytes with "...". */
const char *vox_schema_show(char *buf, size_t size, const json_t *value);
/* A string value shown as JSON, the same way. */
const char *vox_schema_show_str(char *buf, size_t size, const char *s,
				size_t len);
/* The pieces of an instance path. */
struct vox_schema_seg {
	const char *key;	/* NULL for an array index */
	size_t len_or_index;
};
/* Render an RFC 6901 pointer, shortened in the middle when long. */
void vox_schema_path(char *buf, size_t size,
		     const struct vox_schema_seg *segs, size_t n);

/* schema_meta.c */
extern const char vox_schema_draft7_uri[];
extern const char vox_schema_draft7_text[];

/* "a string", "an integer", "null"... for a single type bit. */
const char *vox_schema_type_name(unsigned bit);

/* The type bit of an instance: 1.0 is an integer (draft-06 and later). */
static inline unsigned vox_schema_type_of(const json_t *x)
{
	double d;

	switch (json_typeof(x)) {
	case JSON_OBJECT:
		return VOX_SCHEMA_T_OBJECT;
	case JSON_ARRAY:
		return VOX_SCHEMA_T_ARRAY;
	case JSON_STRING:
		return VOX_SCHEMA_T_STRING;
	case JSON_INTEGER:
		return VOX_SCHEMA_T_INTEGER;
	case JSON_REAL:
		d = json_real_value(x);
		return floor(d) == d ? VOX_SCHEMA_T_INTEGER
				     : VOX_SCHEMA_T_NUMBER;
	case JSON_TRUE:
	case JSON_FALSE:
		return VOX_SCHEMA_T_BOOLEAN;
	default:
		return VOX_SCHEMA_T_NULL;
	}
}

/*
 * Four bytes that tell most property names apart, in constant time: the
 * length and the first, middle and last bytes.  Names that share them are
 * still told apart, by comparing the names.
 */
static inline uint32_t vox_schema_name_print(const char *s, size_t len)
{
	if (!len)
		return 0;
	return (uint32_t)(len & 0xff) |
	       (uint32_t)(unsigned char)s[0] << 8 |
	       (uint32_t)(unsigned char)s[len / 2] << 16 |
	       (uint32_t)(unsigned char)s[len - 1] << 24;
}

/* Multiplicative hashing of a print into a table of 2^(32 - shift). */
static inline uint32_t vox_schema_slot(uint32_t print, uint32_t seed,
				       unsigned shift)
{
	return (print * seed) >> shift;
}

#endif
