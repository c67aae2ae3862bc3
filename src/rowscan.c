/* SPDX-License-Identifier: Apache-2.0 */
/* rowscan.c: candidate rows of a CSV file for one subject (rowscan.h). */
#define _GNU_SOURCE	/* memmem() */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "rowscan.h"

#define BLOCK (1u << 20)	/* bytes read at a time */
/* A row longer than this is not skipped: the parser is served all from it
 * (csvrows.h's limit, so that its error says what a full parse says). */
#define ROW_LIMIT (4u << 20)
#define HIT_NONE SIZE_MAX	/* the needle is not in buf[..len) */
#define HIT_STALE (SIZE_MAX - 1)	/* look again */

struct vox_rowscan {
	FILE *in;
	char *name;
	const struct vox_needles *nd;
	int (*suspect)(const char *row, size_t len, void *ctx);
	void *ctx;
	uint64_t *skipped;

	unsigned char *buf;
	size_t cap, len;
	size_t pos, end;	/* the region being served: [pos, end) */
	size_t scan;		/* the next row to look at */
	uint64_t line;		/* the line it starts on */
	size_t hit;		/* where a needle starts next, at or after
				 * a row start, or HIT_NONE or HIT_STALE */
	size_t maxlen;		/* of the needles */
	int eof;		/* in is at its end */
	int through;		/* every byte is served */
	int started;		/* the first row was seen */
	int cr;			/* a '\r' was read */
};

struct vox_rowscan *vox_rowscan_new(FILE *in, const char *name,
				    const struct vox_needles *needles,
				    int (*suspect)(const char *row,
						   size_t len, void *ctx),
				    void *ctx, uint64_t *skipped)
{
	struct vox_rowscan *s = calloc(1, sizeof(*s));
	size_t i;

	if (!s)
		return NULL;
	s->in = in;
	s->nd = needles;
	s->suspect = suspect;
	s->ctx = ctx;
	s->skipped = skipped;
	s->line = 1;
	s->cap = BLOCK;
	s->name = strdup(name ? name : "-");
	s->buf = malloc(s->cap);
	if (!s->name || !s->buf) {
		vox_rowscan_free(s);
		return NULL;
	}
	s->hit = HIT_STALE;
	for (i = 0; i < needles->n; i++)
		if (needles->len[i] > s->maxlen)
			s->maxlen = needles->len[i];
	return s;
}

void vox_rowscan_free(struct vox_rowscan *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->buf);
	free(s);
}

/* Drop the bytes before keep and read more.  VOX_OK or VOX_ERR. */
static int refill(struct vox_rowscan *s, size_t keep, struct vox_error *err)
{
	size_t got;

	if (keep) {
		memmove(s->buf, s->buf + keep, s->len - keep);
		s->len -= keep;
		s->pos -= s->pos < keep ? s->pos : keep;
		s->end -= s->end < keep ? s->end : keep;
		s->scan -= s->scan < keep ? s->scan : keep;
	}
	if (s->cap - s->len < BLOCK / 2) {
		/* A long row: room for it, and the limit's worth. */
		size_t ncap = s->cap * 2;
		unsigned char *nb;

		if (ncap > ROW_LIMIT + 2 * BLOCK)
			ncap = ROW_LIMIT + 2 * BLOCK;
		nb = ncap > s->cap ? realloc(s->buf, ncap) : NULL;
		if (!nb && s->len == s->cap)
			return vox_error_set(err, VOX_E_NOMEM, "%s: out of "
					     "memory", s->name);
		if (nb) {
			s->buf = nb;
			s->cap = ncap;
		}
	}
	got = fread(s->buf + s->len, 1, s->cap - s->len, s->in);
	if (got < s->cap - s->len) {
		if (ferror(s->in))
			return vox_error_errno(err, VOX_E_IO, s->name);
		s->eof = 1;
	}
	if (!s->cr && memchr(s->buf + s->len, '\r', got))
		s->cr = 1;
	s->len += got;
	/* New bytes may hold a needle that the old ones did not. */
	s->hit = HIT_STALE;
	return VOX_OK;
}

/* The '"' in p[0..n), eight bytes a step. */
static size_t quotes(const unsigned char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, low = 0x7F7F7F7F7F7F7F7Fu;
	const uint64_t pat = ones * '"';
	size_t k = 0;

	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w, t;

		memcpy(&w, p, 8);
		w ^= pat;
		/* The high bit of each byte of t: that byte of w is 0. */
		t = ~(((w & low) + low) | w | low);
		k += (size_t)(((t >> 7) * ones) >> 56);
	}
	for (; n; p++, n--)
		k += *p == '"';
	return k;
}

/*
 * The row at s->scan: its end (after its '\n', or len at the end of the
 * file), the '\n's in it, and whether a quote is left open at its end.
 * 0, or 1 when the buffer does not hold all of it.
 */
static int find_row(const struct vox_rowscan *s, size_t *end, uint64_t *nl,
		    int *open)
{
	const unsigned char *p = s->buf + s->scan, *e = s->buf + s->len;
	size_t q = 0;

	*nl = 0;
	for (;;) {
		const unsigned char *lf = memchr(p, '\n', (size_t)(e - p));

		if (!lf) {
			if (!s->eof)
				return 1;
			q += quotes(p, (size_t)(e - p));
			*end = s->len;
			*open = (int)(q & 1);
			return 0;
		}
		q += quotes(p, (size_t)(lf - p));
		++*nl;
		p = lf + 1;
		if (!(q & 1)) {
			*end = (size_t)(p - s->buf);
			*open = 0;
			return 0;
		}
	}
}

/* The first place at or after from where a needle starts, memmem()'s way. */
static size_t search_tail(const struct vox_rowscan *s, size_t from)
{
	size_t i, first = HIT_NONE;

	for (i = 0; i < s->nd->n; i++) {
		const unsigned char *m = memmem(s->buf + from, s->len - from,
						s->nd->s[i], s->nd->len[i]);

		if (m && (size_t)(m - s->buf) < first)
			first = (size_t)(m - s->buf);
	}
	return first;
}

/*
 * The first place at or after from where a needle starts, or HIT_NONE.
 * With SSE2, one pass for all needles, 16 places a step: the places whose
 * byte is a needle's first, the next byte its second and the byte LEN - 1
 * on its last, then memcmp() for the bytes between (W. Mula, "SIMD-friendly algorithms for
 * substring searching").  glibc's memmem() goes over the bytes once per
 * needle, and a subject has several (bench/RESULTS.md).
 */
static size_t search(const struct vox_rowscan *s, size_t from)
{
#ifdef __SSE2__
	const unsigned char *buf = s->buf;
	size_t i = from, k, n = s->nd->n;

	if (n > 8)
		return search_tail(s, from);
	for (; i + 16 + s->maxlen <= s->len; i += 16) {
		__m128i block = _mm_loadu_si128((const __m128i *)(buf + i));
		size_t best = HIT_NONE;

		for (k = 0; k < n; k++) {
			const unsigned char *nd = (const unsigned char *)
				s->nd->s[k];
			size_t len = s->nd->len[k];
			__m128i last = _mm_loadu_si128((const __m128i *)
						       (buf + i + len - 1));
			__m128i second = _mm_loadu_si128((const __m128i *)
							 (buf + i + 1));
			__m128i eq = _mm_and_si128(
				_mm_cmpeq_epi8(block, _mm_set1_epi8(
						       (char)nd[0])),
				_mm_cmpeq_epi8(last, _mm_set1_epi8(
						      (char)nd[len - 1])));
			unsigned m;

			/* Digits are everywhere in a CDR: a third byte. */
			eq = _mm_and_si128(eq, _mm_cmpeq_epi8(second,
				_mm_set1_epi8((char)nd[1])));
			m = (unsigned)_mm_movemask_epi8(eq);

			for (; m; m &= m - 1) {
				size_t at = i + (size_t)__builtin_ctz(m);

				if (at >= best)
					break;
				if (memcmp(buf + at + 1, nd + 1, len - 2) == 0) {
					best = at;
					break;
				}
			}
		}
		if (best != HIT_NONE)
			return best;
	}
	return search_tail(s, i);
#else
	return search_tail(s, from);
#endif
}

/* Does a needle start in [a, b)? */
static int has_needle(struct vox_rowscan *s, size_t a, size_t b)
{
	if (s->hit == HIT_STALE || (s->hit != HIT_NONE && s->hit < a))
		s->hit = s->nd->n ? search(s, a) : HIT_NONE;
	return s->hit < b;
}

/* Lines a '\r' alone ends in [a, b) (csvrows.h: CR, LF or CRLF). */
static uint64_t lone_crs(const unsigned char *a, const unsigned char *b)
{
	uint64_t n = 0;

	for (; a < b; a++)
		if (*a == '\r' && (a + 1 == b || a[1] != '\n'))
			n++;
	return n;
}

static int blank(const unsigned char *a, const unsigned char *b)
{
	for (; a < b; a++)
		if (*a != ' ' && *a != '\t' && *a != '\r' && *a != '\n')
			return 0;
	return 1;
}

int vox_rowscan_next(struct vox_rowscan *s, uint64_t *line,
		     struct vox_error *err)
{
	for (;;) {
		const unsigned char *a = s->buf + s->scan, *b;
		size_t end;
		uint64_t nl;
		int open, want;

		if (s->scan == s->len && s->eof)
			return VOX_EOF;
		if (s->scan == s->len || find_row(s, &end, &nl, &open)) {
			if (s->len - s->scan >= ROW_LIMIT) {
				/* Too long to skip: the parser says why. */
				s->pos = s->scan;
				s->through = 1;
				*line = s->line;
				return VOX_OK;
			}
			if (refill(s, s->scan, err) != VOX_OK)
				return VOX_ERR;
			continue;
		}
		b = s->buf + end;
		want = !s->started || nl > 1 || open;
		s->started = 1;
		if (s->cr) {
			const unsigned char *cr = memchr(a, '\r', end - s->scan);

			/* Not the CR of a CRLF ending the row: lines and rows
			 * end there for the parser. */
			if (cr && !(cr + 2 == b && b[-1] == '\n')) {
				nl += lone_crs(a, b);
				want = 1;
			}
		}
		if (!want)
			want = has_needle(s, s->scan, end) ||
				(s->suspect && s->suspect((const char *)a,
							  end - s->scan,
							  s->ctx));
		if (want) {
			s->pos = s->scan;
			s->end = end;
			*line = s->line;
			s->line += nl;
			s->scan = end;
			return VOX_OK;
		}
		if (!blank(a, b))
			++*s->skipped;
		s->line += nl;
		s->scan = end;
	}
}

int vox_rowscan_read(struct vox_rowscan *s, const unsigned char **p,
		     size_t *n, struct vox_error *err)
{
	if (s->through) {
		if (s->pos == s->len) {
			if (s->eof) {
				*n = 0;
				return VOX_EOF;
			}
			if (refill(s, s->pos, err) != VOX_OK)
				return VOX_ERR;
		}
		*p = s->buf + s->pos;
		*n = s->len - s->pos;
		s->pos = s->len;
		return VOX_OK;
	}
	*p = s->buf + s->pos;
	*n = s->end - s->pos;
	s->pos = s->end;
	return VOX_OK;
}

void vox_rowscan_through(struct vox_rowscan *s)
{
	s->through = 1;
}
