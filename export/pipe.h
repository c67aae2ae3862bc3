/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pipe.h: the state the pipeline's files share (export/pipeline.c, its
 * DESIGN comment; pipeline_route.c, pipeline_finish.c,
 * pipeline_workers.c).  Private to them.
 */
#ifndef VOX_PIPE_H
#define VOX_PIPE_H

#include "arena.h"
#include "call_group.h"
#include "export.h"
#include "match.h"
#include "match_index.h"
#include "needles.h"
#include "provider.h"
#include "reader.h"
#include "spill.h"
#include "strmap.h"

#define NONE ((size_t)-1)
#define NOT_IN_SET ((size_t)-2)
#define SPILL_BUDGET (64u << 20)
#define PROGRESS_ROWS 4096

/* A manifest sources[] entry of a shared source, as the route read it. */
struct entry {
	size_t spec;			/* its index in provider->sources */
	struct vox_source_stats st;	/* read, rejected and names */
	char *name;			/* st.name's storage */
	int folder;			/* the files of a folder */
};

/* A subject of the set, beside the caller's vox_bulk_subject. */
struct member {
	struct vox_identity *id;
	char *json;			/* its subject.json, compact */
	uint64_t line, dup_line;	/* in the list; 0: not there */
};

struct pipe {
	const struct vox_export_opts *o;
	const struct vox_provider *p;
	unsigned cats;
	struct vox_bulk_subject *set;
	struct member *m;
	size_t n;
	int direct;			/* one subject: no spill */
	/*
	 * One subject: what its rows in a shared file must hold, so that the
	 * reader parses only those (the prefilter, src/needles.h); else NULL.
	 */
	struct vox_needles *needles;
	int all;			/* the set is every subscriber */
	int (*select)(void *ctx, struct vox_bulk_subject *s);
	void *select_ctx;
	const char *outdir;
	struct vox_strmap ids;		/* id → member, or NOT_IN_SET */

	/* the subscriber list */
	struct vox_source_stats subj_st;
	char *subj_name;
	char first_bad[VOX_ERROR_MAX];

	/* the route */
	struct vox_match_index *ix;
	struct vox_spill *spill;	/* slot n: every subject's records */
	struct vox_tmpdir *tmp;
	struct entry *entries;
	size_t nentries, capentries;
	struct vox_bulk_progress prog;
	uint64_t file_bytes;		/* of files read to their end */
};

/* One subject's archive being written. */
struct run {
	struct pipe *pp;
	const struct vox_export_opts *o;
	const struct vox_provider *p;
	size_t i;
	struct vox_archive_writer *w;
	const struct vox_identity *id;
	const struct vox_subject *subject;	/* for database sources */
	struct vox_call_index *calls;	/* written calls, for recordings */
	struct vox_third_party *tp;	/* NULL: others' data kept */
	struct vox_export_result *res;
	unsigned cats;
	/* replaying the spill: the subject's lines and everyone's */
	struct replay {
		struct vox_spill_reader rd;
		json_t *line;		/* the next one, read ahead */
		size_t entry;		/* its entry; NONE at the end */
	} own, shared;
	struct vox_arena arena;
};

/* ---- pipeline.c: helpers, subjects, runs ---------------------------------- */

/* Open a file of a source, with provider.json's options (every reader). */
int pipe_open_reader(struct pipe *pp, struct vox_reader *rd,
		     const struct vox_source_spec *spec, const char *path,
		     FILE *spool, const struct run *r, struct vox_error *err);
/* Rows and bytes read so far, for progress; now and then the hook. */
void pipe_count_row(struct pipe *pp, struct vox_reader *rd);
void pipe_count_file(struct pipe *pp, struct vox_reader *rd);
void pipe_progress(struct pipe *pp);
/*
 * A malformed record: VOX_OK to go on (--on-error=skip: skipped, warned
 * of, counted), else VOX_ERR.
 */
int pipe_data_error(struct pipe *pp, struct vox_reader *rd,
		    struct vox_error *err);
/* Why subject i of the set cannot have an archive, or VOX_OK. */
int pipe_member_error(const struct pipe *pp, size_t i, struct vox_error *err);
/* Subject i's archive, its status and result in pp->set[i]. */
void pipe_finish_one(struct pipe *pp, size_t i);

/* ---- pipeline_route.c ------------------------------------------------------ */

/* Route every shared source once, into the spill. */
int pipe_route_all(struct pipe *pp, struct vox_error *err);
/* Source spec_i for run r: its own files, or a shared one read directly. */
int pipe_read_source(struct pipe *pp, struct run *r, size_t spec_i,
		     struct vox_error *err);

/* ---- pipeline_finish.c ----------------------------------------------------- */

/* Subject i's archive: every source in scope, in provider.json's order. */
int pipe_run_subject(struct pipe *pp, size_t i, struct vox_error *err);
/* Sources read for the categories cats, and those routed through the spill. */
int pipe_wanted(unsigned cats, const struct vox_source_spec *s);
int pipe_routed(const struct vox_source_spec *s);
/* One record of a source into run r's archive (or filtered). */
int pipe_take(struct run *r, struct vox_source_stats *st,
	      struct vox_call_group *g, int per_subject,
	      const struct vox_record *rec, struct vox_error *err);
/* The end of a file of a source, and of the source, for run r. */
int pipe_entry_done(struct run *r, struct vox_source_stats *st, int pattern,
		    struct vox_error *err);
int pipe_spec_done(struct run *r, struct vox_call_group *g,
		   struct vox_source_stats *st, int pattern,
		   struct vox_error *err);

/* ---- pipeline_workers.c ---------------------------------------------------- */

/* The subjects from base on, in jobs worker processes. */
int pipe_finish_forked(struct pipe *pp, unsigned jobs, size_t base,
		       struct vox_error *err);

#endif
