/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tzfile.c: time zones from the system time-zone database.
 *
 * Reads TZif files as RFC 8536 describes them (versions 1 to 4; the 64-bit
 * data of version 2+, the 32-bit data of version 1) and the TZ string of
 * their footer, which governs times after the last transition: POSIX.1-2017
 * section 8.3 with the RFC 8536 section 3.3.1 extension (transition times
 * from -167 to 167 hours).  Rules may use the Jn, n and Mm.w.d forms, and
 * names and offsets in the <+0330>-3:30 form.
 *
 * A zone becomes one table of (instant, offset) changes; abbreviations and
 * isdst flags are not kept, and changes that keep the offset are merged.
 * "Slim" TZif files stop at the last change of rules (1996 for
 * Europe/London) and leave the rest to the footer, so the footer's changes
 * are added to the table up to TZ_TABLE_END_YEAR: then nearly every lookup
 * is a binary search, and the rule is evaluated only beyond that year.
 * Once built, a struct vox_tz is never written, so threads may share it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timeconv.h"

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZ_NAME_MAX    255
#define TZ_PATH_MAX    4096
#define TZ_FILE_MAX    (256 * 1024) /* real files are under 4 KiB */
#define TZ_TIMES_MAX   2000	    /* tzcode's TZ_MAX_TIMES */
#define TZ_TYPES_MAX   256	    /* a type index is one octet */
#define TZ_CHARS_MAX   1024
#define TZ_FOOTER_MAX  256
#define TZ_UTOFF_MIN   (-89999) /* RFC 8536 section 3.2 */
#define TZ_UTOFF_MAX   93599
/*
 * Instants further than 2^60 s (36 billion years) from the epoch take the
 * offset at that bound, so that no arithmetic below can overflow.  zic's
 * "big bang" transition at -2^59 is within it.
 */
#define TZ_LIMIT	    ((int64_t)1 << 60)
#define TZ_TABLE_FIRST_YEAR 1800
#define TZ_TABLE_END_YEAR   2100
#define DAY		    86400

struct tz_date {
	char kind;    /* 'J' (1-365, no Feb 29), 'N' (0-365), 'M' */
	int day;      /* J and N: day of the year; M: day of the week 0-6 */
	int week;     /* M: 1-5, 5 meaning the last */
	int month;    /* M: 1-12 */
	int32_t secs; /* local time of day of the change */
};

struct tz_rule {
	int32_t std_off; /* seconds east of UTC */
	int32_t dst_off;
	int has_dst;
	struct tz_date start, end;
};

struct tz_change {
	int64_t at;
	int32_t before, after;
};

struct vox_tz {
	size_t n;
	int64_t *at;  /* instants of the changes, strictly ascending */
	int32_t *off; /* offset from at[i] on */
	int64_t *key; /* wall-clock bound of each change, see vox_tz_to_utc */
	int32_t off0; /* offset before at[0] */
	int has_rule; /* the rule governs from at[n - 1] on, or always */
	struct tz_rule rule;
	char name[];
};

/* Header fields of one TZif data block (RFC 8536 section 3.1). */
struct tzif_head {
	int version;
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return a % b < 0 ? q - 1 : q;
}

static int64_t year_of(int64_t secs)
{
	int64_t y;
	unsigned m, d;

	vox_civil_from_days(floor_div(secs, DAY), &y, &m, &d);
	return y;
}

static int is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* 0 is Sunday; 1970-01-01 was a Thursday. */
static int weekday(int64_t days)
{
	int64_t w = (days + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static int32_t max32(int32_t a, int32_t b)
{
	return a > b ? a : b;
}

/* ---- POSIX TZ strings ---- */

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Up to MAXD digits; NULL if there are none. */
static const char *posix_num(const char *p, int maxd, int *out)
{
	int v = 0, n;

	for (n = 0; n < maxd && is_digit(*p); n++, p++)
		v = v * 10 + (*p - '0');
	*out = v;
	return n ? p : NULL;
}

/* An abbreviation: three or more letters, or <...> with [A-Za-z0-9+-]. */
static const char *posix_name(const char *p)
{
	const char *q;

	if (*p == '<') {
		for (q = ++p;
		     is_alpha(*p) || is_digit(*p) || *p == '+' || *p == '-';
		     p++)
			;
		return *p == '>' && p - q >= 3 ? p + 1 : NULL;
	}
	for (q = p; is_alpha(*p); p++)
		;
	return p - q >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] with hh at most HMAX, in seconds. */
static const char *posix_hms(const char *p, int hmax, int32_t *out)
{
	int sign = 1, h, m = 0, s = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (!(p = posix_num(p, 3, &h)) || h > hmax)
		return NULL;
	if (*p == ':') {
		if (!(p = posix_num(p + 1, 2, &m)) || m > 59)
			return NULL;
		if (*p == ':' && (!(p = posix_num(p + 1, 2, &s)) || s > 59))
			return NULL;
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return p;
}

static const char *posix_date(const char *p, struct tz_date *d)
{
	memset(d, 0, sizeof(*d));
	if (*p == 'J') {
		d->kind = 'J';
		if (!(p = posix_num(p + 1, 3, &d->day)) || d->day < 1 ||
		    d->day > 365)
			return NULL;
	} else if (*p == 'M') {
		d->kind = 'M';
		if (!(p = posix_num(p + 1, 2, &d->month)) || d->month < 1 ||
		    d->month > 12 || *p != '.' ||
		    !(p = posix_num(p + 1, 1, &d->week)) || d->week < 1 ||
		    d->week > 5 || *p != '.' ||
		    !(p = posix_num(p + 1, 1, &d->day)) || d->day > 6)
			return NULL;
	} else {
		d->kind = 'N';
		if (!(p = posix_num(p, 3, &d->day)) || d->day > 365)
			return NULL;
	}
	d->secs = 2 * 3600;
	if (*p == '/')
		p = posix_hms(p + 1, 167, &d->secs);
	return p;
}

static int posix_parse(const char *s, struct tz_rule *r)
{
	const char *p = s;
	int32_t v;

	memset(r, 0, sizeof(*r));
	/* POSIX offsets count west; ours count east. */
	if (!(p = posix_name(p)) || !(p = posix_hms(p, 24, &v)))
		return VOX_ERR;
	r->std_off = -v;
	if (*p == '\0')
		return VOX_OK;
	if (!(p = posix_name(p)))
		return VOX_ERR;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*p != ',' && *p != '\0') {
		if (!(p = posix_hms(p, 24, &v)))
			return VOX_ERR;
		r->dst_off = -v;
	}
	/*
	 * Without rules POSIX lets each system choose its own dates; zic
	 * always writes them, so a footer without them is not trusted.
	 */
	if (*p != ',' || !(p = posix_date(p + 1, &r->start)) || *p != ',' ||
	    !(p = posix_date(p + 1, &r->end)) || *p != '\0')
		return VOX_ERR;
	return VOX_OK;
}

/* Days since the epoch of the rule date D in year Y. */
static int64_t rule_day(const struct tz_date *d, int64_t y)
{
	int64_t jan1 = vox_days_from_civil(y, 1, 1), first, next, day;

	if (d->kind == 'J')
		return jan1 + d->day - 1 + (d->day >= 60 && is_leap(y));
	if (d->kind == 'N')
		return jan1 + d->day;
	first = vox_days_from_civil(y, (unsigned)d->month, 1);
	next = d->month == 12
		   ? vox_days_from_civil(y + 1, 1, 1)
		   : vox_days_from_civil(y, (unsigned)d->month + 1, 1);
	day = first + (d->day - weekday(first) + 7) % 7 + 7 * (d->week - 1);
	while (day >= next)
		day -= 7;
	return day;
}

/*
 * The two changes of year Y, in order.  The start is given in standard
 * time and the end in summer time (POSIX), hence the two offsets.
 */
static void rule_changes(const struct tz_rule *r, int64_t y,
			 struct tz_change c[2])
{
	struct tz_change s, e;

	s.at = rule_day(&r->start, y) * DAY + r->start.secs - r->std_off;
	s.before = r->std_off;
	s.after = r->dst_off;
	e.at = rule_day(&r->end, y) * DAY + r->end.secs - r->dst_off;
	e.before = r->dst_off;
	e.after = r->std_off;
	c[0] = s.at <= e.at ? s : e;
	c[1] = s.at <= e.at ? e : s;
}

static int32_t rule_offset(const struct tz_rule *r, int64_t t)
{
	struct tz_change c[2];
	int in_dst;

	if (!r->has_dst)
		return r->std_off;
	/*
	 * Within one year of standard time the summer is either one span
	 * (north) or the two ends of the year (south); an all-year summer
	 * is one span that covers the whole year.
	 */
	rule_changes(r, year_of(t + r->std_off), c);
	in_dst = t >= c[0].at && t < c[1].at;
	if (c[0].after == r->std_off) /* the end comes first: south */
		in_dst = !in_dst;
	return in_dst ? r->dst_off : r->std_off;
}

/* See vox_tz_to_utc(): the same choice, on changes made from the rule. */
static int64_t rule_to_utc(const struct tz_rule *r, int64_t w)
{
	struct tz_change c[6], tmp;
	int64_t y;
	int i, j;

	if (!r->has_dst)
		return w - r->std_off;
	y = year_of(w);
	for (i = 0; i < 3; i++)
		rule_changes(r, y - 1 + i, c + 2 * i);
	for (i = 1; i < 6; i++)
		for (j = i; j > 0 && c[j].at < c[j - 1].at; j--) {
			tmp = c[j];
			c[j] = c[j - 1];
			c[j - 1] = tmp;
		}
	for (i = 0; i < 6; i++)
		if (w < c[i].at + max32(c[i].before, c[i].after))
			return w - c[i].before;
	return w - c[5].after;
}

/* ---- the table ---- */

/* Add a change; the caller has made room.  Keeps the table minimal. */
static void tz_push(struct vox_tz *tz, int64_t at, int32_t off)
{
	size_t n = tz->n;
	int32_t prev;

	if (n && at < tz->at[n - 1])
		return;
	if (n && at == tz->at[n - 1]) {
		/* Two changes at one instant, as an all-year summer makes. */
		prev = n > 1 ? tz->off[n - 2] : tz->off0;
		if (off == prev)
			tz->n--;
		else
			tz->off[n - 1] = off;
		return;
	}
	if (off == (n ? tz->off[n - 1] : tz->off0))
		return;
	tz->at[n] = at;
	tz->off[n] = off;
	tz->n++;
}

/*
 * key[i] is the first wall-clock reading at which change i no longer
 * decides: before it, a reading that precedes change i or falls in the gap
 * or fold it makes is read with the offset in force before it.  Keys only
 * grow, so vox_tz_to_utc() can search them.
 */
static void tz_keys(struct vox_tz *tz)
{
	size_t i;
	int32_t before;
	int64_t k;

	for (i = 0; i < tz->n; i++) {
		before = i ? tz->off[i - 1] : tz->off0;
		k = tz->at[i] + max32(before, tz->off[i]);
		tz->key[i] = i && k < tz->key[i - 1] ? tz->key[i - 1] : k;
	}
}

/* Room for N changes. */
static int tz_alloc_table(struct vox_tz *tz, size_t n)
{
	unsigned char *block;

	if (n == 0)
		return VOX_OK;
	block = malloc(n * (2 * sizeof(int64_t) + sizeof(int32_t)));
	if (!block)
		return VOX_ERR;
	tz->at = (int64_t *)block;
	tz->key = tz->at + n;
	tz->off = (int32_t *)(tz->key + n);
	return VOX_OK;
}

static struct vox_tz *tz_new(const char *name)
{
	size_t len = strlen(name);
	struct vox_tz *tz = calloc(1, sizeof(*tz) + len + 1);

	if (tz)
		memcpy(tz->name, name, len + 1);
	return tz;
}

void vox_tz_free(struct vox_tz *tz)
{
	if (!tz)
		return;
	free(tz->at);
	free(tz);
}

const char *vox_tz_name(const struct vox_tz *tz)
{
	return tz->name;
}

int vox_tz_offset(const struct vox_tz *tz, int64_t t)
{
	size_t lo, hi, mid;

	if (t > TZ_LIMIT)
		t = TZ_LIMIT;
	else if (t < -TZ_LIMIT)
		t = -TZ_LIMIT;
	if (tz->n == 0 || (tz->has_rule && t >= tz->at[tz->n - 1]))
		return tz->has_rule ? rule_offset(&tz->rule, t) : tz->off0;
	if (t < tz->at[0])
		return tz->off0;
	/* The last change at or before t: at[lo] <= t < at[hi]. */
	lo = 0;
	hi = tz->n;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz->at[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return tz->off[lo];
}

static int64_t sat_sub(int64_t a, int32_t b)
{
	if (b > 0 && a < INT64_MIN + b)
		return INT64_MIN;
	if (b < 0 && a > INT64_MAX + b)
		return INT64_MAX;
	return a - b;
}

int64_t vox_tz_to_utc(const struct vox_tz *tz, int64_t w)
{
	size_t lo, hi, mid;

	if (w > TZ_LIMIT || w < -TZ_LIMIT)
		return sat_sub(w, vox_tz_offset(tz, w));
	if (tz->n == 0 || (tz->has_rule && w >= tz->key[tz->n - 1]))
		return tz->has_rule ? rule_to_utc(&tz->rule, w) : w - tz->off0;
	/* The first change whose key lies beyond w decides. */
	lo = 0;
	hi = tz->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tz->key[mid] > w)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == tz->n)
		return w - tz->off[tz->n - 1];
	return w - (lo ? tz->off[lo - 1] : tz->off0);
}

/* ---- TZif files ---- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	uint64_t u = (uint64_t)be32(p) << 32 | be32(p + 4);

	/* Two's complement without implementation-defined conversion. */
	return u >> 63 ? -(int64_t)(~u) - 1 : (int64_t)u;
}

static int32_t be32s(const unsigned char *p)
{
	uint32_t u = be32(p);

	return u >> 31 ? -(int32_t)(~u) - 1 : (int32_t)u;
}

static int tzif_head(const unsigned char *p, size_t len, struct tzif_head *h)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return VOX_ERR;
	h->version = p[4];
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	return VOX_OK;
}

static int tzif_too_big(const struct tzif_head *h)
{
	return h->timecnt > TZ_TIMES_MAX || h->typecnt > TZ_TYPES_MAX ||
	       h->charcnt > TZ_CHARS_MAX || h->leapcnt > TZ_TIMES_MAX ||
	       h->isstdcnt > TZ_TYPES_MAX || h->isutcnt > TZ_TYPES_MAX;
}

/* Bytes of the data block after a header; counts are already capped. */
static size_t tzif_body_size(const struct tzif_head *h, size_t tsize)
{
	return h->timecnt * (tsize + 1) + h->typecnt * 6 + h->charcnt +
	       h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt;
}

struct tzif {
	struct tzif_head h;
	size_t tsize;		    /* 4 or 8 */
	const unsigned char *times; /* timecnt times, then timecnt indices */
	const unsigned char *types; /* typecnt six-octet records */
	char footer[TZ_FOOTER_MAX];
	int has_footer;
};

enum tzif_status { TZIF_OK, TZIF_NOT, TZIF_BAD, TZIF_BIG, TZIF_LEAP };

static enum tzif_status tzif_parse(const unsigned char *p, size_t len,
				   struct tzif *f)
{
	struct tzif_head h;
	size_t off, body, i;
	const unsigned char *q, *nl;
	int64_t t, last = 0;
	int32_t utoff;

	memset(f, 0, sizeof(*f));
	if (tzif_head(p, len, &h) != VOX_OK)
		return TZIF_NOT;
	if (h.version != 0 && h.version < '2')
		return TZIF_NOT;
	if (tzif_too_big(&h))
		return TZIF_BIG;
	off = 44;
	f->tsize = 4;
	if (h.version >= '2') {
		/* Skip the 32-bit data for the 64-bit block that follows. */
		off += tzif_body_size(&h, 4);
		if (off > len || tzif_head(p + off, len - off, &h) != VOX_OK)
			return TZIF_BAD;
		if (tzif_too_big(&h))
			return TZIF_BIG;
		off += 44;
		f->tsize = 8;
	}
	body = tzif_body_size(&h, f->tsize);
	if (body > len - off)
		return TZIF_BAD;
	if (h.typecnt == 0 || h.charcnt == 0 ||
	    (h.isstdcnt != 0 && h.isstdcnt != h.typecnt) ||
	    (h.isutcnt != 0 && h.isutcnt != h.typecnt))
		return TZIF_BAD;
	if (h.leapcnt != 0)
		return TZIF_LEAP;
	f->h = h;
	f->times = p + off;
	f->types = f->times + h.timecnt * (f->tsize + 1);
	for (i = 0; i < h.timecnt; i++) {
		q = f->times + i * f->tsize;
		t = f->tsize == 8 ? be64(q) : be32s(q);
		if (t < -TZ_LIMIT || t > TZ_LIMIT || (i && t <= last))
			return TZIF_BAD;
		last = t;
		if (f->times[h.timecnt * f->tsize + i] >= h.typecnt)
			return TZIF_BAD;
	}
	for (i = 0; i < h.typecnt; i++) {
		q = f->types + 6 * i;
		utoff = be32s(q);
		if (utoff < TZ_UTOFF_MIN || utoff > TZ_UTOFF_MAX || q[4] > 1 ||
		    q[5] >= h.charcnt)
			return TZIF_BAD;
	}
	off += body;
	if (f->tsize == 4)
		return TZIF_OK; /* version 1 has no footer */
	/* Version 2+ always has one, if only "\n\n". */
	if (off == len || p[off] != '\n')
		return TZIF_BAD;
	off++;
	nl = memchr(p + off, '\n', len - off);
	if (!nl || (size_t)(nl - (p + off)) >= sizeof(f->footer) ||
	    memchr(p + off, '\0', (size_t)(nl - (p + off))))
		return TZIF_BAD;
	memcpy(f->footer, p + off, (size_t)(nl - (p + off)));
	f->footer[nl - (p + off)] = '\0';
	f->has_footer = f->footer[0] != '\0';
	return TZIF_OK;
}

static int64_t tzif_time(const struct tzif *f, size_t i)
{
	const unsigned char *q = f->times + i * f->tsize;

	return f->tsize == 8 ? be64(q) : be32s(q);
}

static int32_t tzif_utoff(const struct tzif *f, unsigned type)
{
	return be32s(f->types + 6 * type);
}

static int tz_build(struct vox_tz *tz, const struct tzif *f)
{
	size_t n = f->h.timecnt, i, cap;
	const unsigned char *idx = f->times + n * f->tsize;
	struct tz_change c[2];
	int64_t y, last;
	int j;

	tz->off0 = tzif_utoff(f, 0);
	cap = n + 2 * (TZ_TABLE_END_YEAR - TZ_TABLE_FIRST_YEAR + 2);
	if (tz_alloc_table(tz, cap) != VOX_OK)
		return VOX_ERR;
	for (i = 0; i < n; i++)
		tz_push(tz, tzif_time(f, i), tzif_utoff(f, idx[i]));
	/* With no transitions at all, the footer alone describes the zone. */
	if (n && tz->has_rule && tz->rule.has_dst) {
		last = tzif_time(f, n - 1);
		y = year_of(last);
		if (y < TZ_TABLE_FIRST_YEAR)
			y = TZ_TABLE_FIRST_YEAR;
		for (; y <= TZ_TABLE_END_YEAR; y++) {
			rule_changes(&tz->rule, y, c);
			for (j = 0; j < 2; j++)
				if (c[j].at > last)
					tz_push(tz, c[j].at, c[j].after);
		}
	}
	/* Merged changes may leave none; the rule then speaks alone. */
	tz_keys(tz);
	return VOX_OK;
}

static int name_ok(const char *name)
{
	size_t i, len = strlen(name);

	if (len == 0 || len > TZ_NAME_MAX || name[0] == '/' ||
	    strstr(name, ".."))
		return 0;
	for (i = 0; i < len; i++)
		if (!is_alpha(name[i]) && !is_digit(name[i]) &&
		    !strchr("/_+-", name[i]))
			return 0;
	return 1;
}

/* A name safe to quote in a message: printable, and not too long. */
static void name_quote(const char *name, char out[68])
{
	size_t i;

	for (i = 0; name[i] && i < 64; i++)
		out[i] = name[i] >= 0x20 && name[i] < 0x7f ? name[i] : '?';
	if (name[i]) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

static int too_large(const char *name, struct vox_error *err)
{
	return vox_error_set(err, VOX_E_LIMIT,
			     "time zone \"%s\": file larger than %d bytes",
			     name, TZ_FILE_MAX);
}

static int read_zone(const char *name, unsigned char **buf, size_t *len,
		     struct vox_error *err)
{
	char path[TZ_PATH_MAX];
	const char *dir = getenv("TZDIR");
	struct stat st;
	unsigned char *b;
	size_t got = 0;
	ssize_t r;
	int fd, n;

	if (!dir || !*dir)
		dir = TZ_DEFAULT_DIR;
	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return vox_error_set(err, VOX_E_NOTFOUND,
				     "unknown time zone \"%s\"", name);
	/* O_NONBLOCK: a FIFO in a hostile TZDIR must not hang us. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP ||
		    errno == ENAMETOOLONG)
			return vox_error_set(err, VOX_E_NOTFOUND,
					     "unknown time zone \"%s\"", name);
		vox_error_errno(err, VOX_E_IO, path);
		return vox_error_prefix(err, "time zone \"%s\"", name);
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return vox_error_set(err, VOX_E_NOTFOUND,
				     "unknown time zone \"%s\"", name);
	}
	if (st.st_size > TZ_FILE_MAX) {
		close(fd);
		return too_large(name, err);
	}
	/* One byte more than allowed shows a file that grew meanwhile. */
	if (!(b = malloc(TZ_FILE_MAX + 1))) {
		close(fd);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	while (got <= TZ_FILE_MAX &&
	       (r = read(fd, b + got, TZ_FILE_MAX + 1 - got)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			vox_error_errno(err, VOX_E_IO, path);
			free(b);
			close(fd);
			return vox_error_prefix(err, "time zone \"%s\"", name);
		}
		got += (size_t)r;
	}
	close(fd);
	if (got > TZ_FILE_MAX) {
		free(b);
		return too_large(name, err);
	}
	*buf = b;
	*len = got;
	return VOX_OK;
}

struct vox_tz *vox_tz_load(const char *name, struct vox_error *err)
{
	char quoted[68];
	unsigned char *buf;
	size_t len;
	struct tzif f;
	struct vox_tz *tz;
	enum tzif_status st;

	if (!name || !name_ok(name)) {
		name_quote(name ? name : "", quoted);
		vox_error_set(err, VOX_E_NOTFOUND,
			      "invalid time zone name \"%s\"", quoted);
		return NULL;
	}
	if (!strcmp(name, "UTC") || !strcmp(name, "Etc/UTC") ||
	    !strcmp(name, "Z")) {
		if (!(tz = tz_new(name)))
			vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return tz;
	}
	if (read_zone(name, &buf, &len, err) != VOX_OK)
		return NULL;
	st = tzif_parse(buf, len, &f);
	if (st != TZIF_OK) {
		free(buf);
		if (st == TZIF_NOT)
			vox_error_set(err, VOX_E_DATA,
				      "time zone \"%s\": not a TZif file",
				      name);
		else if (st == TZIF_BIG)
			vox_error_set(err, VOX_E_LIMIT,
				      "time zone \"%s\": too many transitions "
				      "or types",
				      name);
		else if (st == TZIF_LEAP)
			vox_error_set(err, VOX_E_DATA,
				      "time zone \"%s\": files with leap "
				      "seconds are not supported",
				      name);
		else
			vox_error_set(err, VOX_E_DATA,
				      "time zone \"%s\": corrupt TZif file",
				      name);
		return NULL;
	}
	if (!(tz = tz_new(name))) {
		free(buf);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	if (f.has_footer) {
		if (posix_parse(f.footer, &tz->rule) != VOX_OK) {
			name_quote(f.footer, quoted);
			vox_error_set(err, VOX_E_DATA,
				      "time zone \"%s\": bad TZ string \"%s\"",
				      name, quoted);
			free(buf);
			vox_tz_free(tz);
			return NULL;
		}
		tz->has_rule = 1;
	}
	if (tz_build(tz, &f) != VOX_OK) {
		free(buf);
		vox_tz_free(tz);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	free(buf);
	return tz;
}
