/* SPDX-License-Identifier: Apache-2.0 */
/* spill.c: per-subject lines in bounded memory, one spill file (spill.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spill.h"

struct segment {
	uint64_t off;
	size_t len;
};

struct lines {
	char *buf;		/* lines, each ending in '\n' */
	size_t len, cap;
	struct segment *segs;	/* spilled before, in order */
	size_t nsegs, capsegs;
};

struct vox_spill {
	struct lines *v;
	size_t n;
	int fd;
	uint64_t end;		/* the file's length */
	size_t budget, held;	/* bytes allowed and held in buffers */
};

struct vox_spill *vox_spill_new(size_t n, int fd, size_t budget,
				struct vox_error *err)
{
	struct vox_spill *sp = calloc(1, sizeof(*sp));

	if (sp)
		sp->v = calloc(n ? n : 1, sizeof(*sp->v));
	if (!sp || !sp->v) {
		free(sp);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	sp->n = n;
	sp->fd = fd;
	sp->budget = budget;
	return sp;
}

void vox_spill_free(struct vox_spill *sp)
{
	size_t i;

	if (!sp)
		return;
	for (i = 0; i < sp->n; i++) {
		free(sp->v[i].buf);
		free(sp->v[i].segs);
	}
	free(sp->v);
	free(sp);
}

uint64_t vox_spill_written(const struct vox_spill *sp)
{
	return sp->end;
}

static int write_all(int fd, const char *p, size_t n, uint64_t off,
		     struct vox_error *err)
{
	while (n) {
		ssize_t w = pwrite(fd, p, n, (off_t)off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return vox_error_errno(err, VOX_E_IO, "spill file");
		p += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return VOX_OK;
}

/* Every buffer to the file, one segment each; buffers freed. */
static int spill_all(struct vox_spill *sp, struct vox_error *err)
{
	size_t i;

	for (i = 0; i < sp->n; i++) {
		struct lines *l = &sp->v[i];

		if (!l->len)
			continue;
		if (l->nsegs == l->capsegs) {
			size_t cap = l->capsegs ? 2 * l->capsegs : 4;
			struct segment *s = realloc(l->segs, cap * sizeof(*s));

			if (!s)
				return vox_error_set(err, VOX_E_NOMEM,
						     "out of memory");
			l->segs = s;
			l->capsegs = cap;
		}
		if (write_all(sp->fd, l->buf, l->len, sp->end, err) != VOX_OK)
			return VOX_ERR;
		l->segs[l->nsegs].off = sp->end;
		l->segs[l->nsegs++].len = l->len;
		sp->end += l->len;
		free(l->buf);
		l->buf = NULL;
		l->len = l->cap = 0;
	}
	sp->held = 0;
	return VOX_OK;
}

int vox_spill_add(struct vox_spill *sp, size_t i, const char *line,
		  size_t len, struct vox_error *err)
{
	struct lines *l = &sp->v[i];

	if (l->len + len + 1 > l->cap) {
		size_t cap = l->cap ? l->cap : 256;
		char *b;

		while (cap < l->len + len + 1)
			cap *= 2;
		if (!(b = realloc(l->buf, cap)))
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		sp->held += cap - l->cap;
		l->buf = b;
		l->cap = cap;
	}
	memcpy(l->buf + l->len, line, len);
	l->buf[l->len + len] = '\n';
	l->len += len + 1;
	return sp->held > sp->budget ? spill_all(sp, err) : VOX_OK;
}

void vox_spill_reader_init(struct vox_spill_reader *r,
			   const struct vox_spill *sp, size_t i)
{
	memset(r, 0, sizeof(*r));
	r->sp = sp;
	r->subject = i;
}

void vox_spill_reader_release(struct vox_spill_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Load the next segment, or the tail buffer: 0, 1 at the end, -1. */
static int load(struct vox_spill_reader *r, struct vox_error *err)
{
	const struct lines *l = &r->sp->v[r->subject];
	const char *from = NULL;
	struct segment s = { 0, 0 };

	if (r->seg < l->nsegs) {
		s = l->segs[r->seg++];
	} else if (!r->in_tail) {
		r->in_tail = 1;
		s.len = l->len;
		from = l->buf;
	} else {
		return 1;
	}
	if (s.len + 1 > r->cap) {
		char *b = realloc(r->buf, s.len + 1);

		if (!b) {
			vox_error_set(err, VOX_E_NOMEM, "out of memory");
			return -1;
		}
		r->buf = b;
		r->cap = s.len + 1;
	}
	if (from) {
		if (s.len)
			memcpy(r->buf, from, s.len);
	} else {
		size_t got = 0;

		while (got < s.len) {
			ssize_t n = pread(r->sp->fd, r->buf + got, s.len - got,
					  (off_t)(s.off + got));

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				vox_error_errno(err, VOX_E_IO, "spill file");
				if (n == 0)
					vox_error_set(err, VOX_E_IO, "spill "
						      "file: truncated");
				return -1;
			}
			got += (size_t)n;
		}
	}
	r->len = s.len;
	r->pos = 0;
	return 0;
}

int vox_spill_reader_next(struct vox_spill_reader *r, char **line,
			  size_t *len, struct vox_error *err)
{
	char *nl;

	while (r->pos >= r->len) {
		int rc = load(r, err);

		if (rc)
			return rc > 0 ? VOX_EOF : VOX_ERR;
	}
	nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
	if (!nl)
		return vox_error_set(err, VOX_E_IO, "spill file: a line "
				     "without its end");
	*nl = '\0';
	*line = r->buf + r->pos;
	*len = (size_t)(nl - *line);
	r->pos = (size_t)(nl - r->buf) + 1;
	return VOX_OK;
}
