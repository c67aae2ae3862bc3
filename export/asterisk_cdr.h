/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asterisk_cdr.h: what the Asterisk CDR readers share (asterisk_cdr_csv.c,
 * asterisk_cdr_custom.c): one CDR, its fields found by their CDR variable
 * name, made into a call of one leg (the mapping is in asterisk_cdr.c).
 * Each reader finds the fields in its own layout and hands them over.
 */
#ifndef VOX_ASTERISK_CDR_H
#define VOX_ASTERISK_CDR_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "voxport/error.h"
#include "voxport/model.h"

struct vox_tz;
struct vox_phone_plan;

/* The CDR variables voxport maps (main/cdr.c names), cdr_csv's order. */
enum vox_ast_var {
	VOX_AST_ACCOUNTCODE, VOX_AST_SRC, VOX_AST_DST, VOX_AST_DCONTEXT,
	VOX_AST_CLID, VOX_AST_CHANNEL, VOX_AST_DSTCHANNEL, VOX_AST_LASTAPP,
	VOX_AST_LASTDATA, VOX_AST_START, VOX_AST_ANSWER, VOX_AST_END,
	VOX_AST_DURATION, VOX_AST_BILLSEC, VOX_AST_DISPOSITION,
	VOX_AST_AMAFLAGS, VOX_AST_UNIQUEID, VOX_AST_USERFIELD,
	VOX_AST_PEERACCOUNT, VOX_AST_LINKEDID, VOX_AST_SEQUENCE,
	VOX_AST_NVARS
};

/* One value of a row: bytes as in the file (borrowed). */
struct vox_ast_value {
	const char *s;		/* may be NULL when len is 0 */
	size_t len;
	int given;		/* the layout has this variable */
};

/* Another variable of a custom template (userfield-like), for extra. */
struct vox_ast_other {
	const char *name;	/* "did", "EPOCH" */
	struct vox_ast_value v;
};

struct vox_ast_row {
	uint64_t line;
	struct vox_ast_value v[VOX_AST_NVARS];
	const struct vox_ast_other *other;
	size_t nother;
};

/* The mapper: a reader's record and the arena it lives in. */
struct vox_ast_cdr {
	const char *format;	/* "asterisk-cdr-csv", for source refs */
	const char *name;	/* the file, for refs and messages */
	const struct vox_tz *tz;	/* times are read in; NULL is UTC */
	const struct vox_phone_plan *plan;
	/*
	 * duration and billsec may have a fraction ("135.402000", cdr_custom's
	 * CDR(duration,f)): the whole seconds are kept and the text in extra.
	 */
	int fractions;
	int oom;
	struct vox_arena arena;
	struct vox_record rec;
	struct vox_call_leg leg;
};

/* Strings are borrowed for the mapper's life. */
void vox_ast_cdr_init(struct vox_ast_cdr *m, const char *format,
		      const char *name, const struct vox_tz *tz,
		      const struct vox_phone_plan *plan);
void vox_ast_cdr_release(struct vox_ast_cdr *m);

/*
 * Map a row into m->rec (valid until the next call): VOX_OK, or VOX_ERR
 * with VOX_E_DATA naming the file and line ("Master.csv:12: bad duration
 * \"x1\"") or VOX_E_NOMEM.
 */
int vox_ast_cdr_fill(struct vox_ast_cdr *m, const struct vox_ast_row *row,
		     struct vox_error *err);

/*
 * A value of an SQL backend's integer column (cdr_pgsql, cdr_adaptive_odbc)
 * set in row: disposition's and amaflags' codes (include/asterisk/cdr.h,
 * channel.h) become the names cdr_csv writes ("8" → "ANSWERED"); an
 * unknown code, and every other variable, is kept as written.
 */
void vox_ast_row_set_coded(struct vox_ast_row *row, int var, const char *s,
			   size_t len);

/*
 * The other way, for an integer column: the code of a disposition or
 * amaflags name (any case), or -1.
 */
int vox_ast_code_of(int var, const char *name);

/* The variable a CDR(name) stands for (any case), or -1. */
int vox_ast_var_find(const char *name, size_t len);

/* A value for a message: cut, quotes and control bytes escaped. */
const char *vox_ast_show(char *buf, size_t sz, const char *s, size_t len);

/* "YYYY-MM-DD HH:MM:SS", the shape of CDR(start) and cdr_csv's times. */
int vox_ast_date_shape(const char *s, size_t len);
/* One or more ASCII digits. */
int vox_ast_digits(const char *s, size_t len);

#endif
