/* SPDX-License-Identifier: Apache-2.0 */
/*
 * timeconv.c: civil dates, and the text forms of instants.
 *
 * Writes RFC 3339 date-times in UTC and reads RFC 3339 (section 5.6) as
 * well as the offset-less local times that CDR writers produce.  Civil
 * dates use Howard Hinnant's days_from_civil and civil_from_days
 * ("chrono-Compatible Low-Level Date Algorithms"), so nothing depends on
 * the C library's time functions or on TZ.  Zones are in tzfile.c.
 */
#include <stdio.h>
#include <string.h>

#include "timeconv.h"

#define DAY 86400
/* "@SECONDS" takes at most this many digits: some 31,700 years. */
#define USER_EPOCH_DIGITS 12

int64_t vox_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe, mp;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	mp = m > 2 ? (int64_t)m - 3 : (int64_t)m + 9; /* March is 0 */
	doy = (153 * mp + 2) / 5 + (int64_t)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void vox_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return a % b < 0 ? q - 1 : q;
}

static unsigned month_days(int64_t y, unsigned m)
{
	static const unsigned char len[12] = {31, 28, 31, 30, 31, 30,
					      31, 31, 30, 31, 30, 31};

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return len[m - 1];
}

/* Exactly N digits. */
static int digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return VOX_ERR;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return VOX_OK;
}

/* "YYYY-MM-DD" at S, which has at least 10 characters. */
static int date_at(const char *s, int64_t *days)
{
	int y, m, d;

	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) ||
	    s[7] != '-' || digits(s + 8, 2, &d))
		return VOX_ERR;
	if (m < 1 || m > 12 || d < 1 ||
	    (unsigned)d > month_days(y, (unsigned)m))
		return VOX_ERR;
	*days = vox_days_from_civil(y, (unsigned)m, (unsigned)d);
	return VOX_OK;
}

/*
 * "YYYY-MM-DD?HH:MM:SS[.F]" at the start of S, where ? is one of SEPS and F
 * has 1 to MAXFRAC digits.  Returns the characters read, or 0.  *WALL is
 * the civil time counted as if it were UTC, in seconds.
 */
static size_t datetime_at(const char *s, size_t len, const char *seps,
			  size_t maxfrac, int64_t *wall, int *ms)
{
	int64_t days;
	int hh, mm, ss, scale = 100;
	size_t i;

	if (len < 19 || date_at(s, &days) || !s[10] || !strchr(seps, s[10]) ||
	    digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm) ||
	    s[16] != ':' || digits(s + 17, 2, &ss))
		return 0;
	if (hh > 23 || mm > 59 || ss > 60)
		return 0;
	if (ss == 60) /* a leap second: POSIX time has no room for it */
		ss = 59;
	*wall = days * DAY + hh * 3600 + mm * 60 + ss;
	*ms = 0;
	i = 19;
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (i - 20 >= maxfrac)
				return 0;
			*ms += (s[i] - '0') * scale;
			scale /= 10;
		}
		if (i == 20)
			return 0;
	}
	return i;
}

int vox_time_parse_local(const char *s, size_t len, const struct vox_tz *tz,
			 int64_t *ms)
{
	int64_t wall;
	int frac;

	if (!s || len == 0 || datetime_at(s, len, " T", 6, &wall, &frac) != len)
		return VOX_ERR;
	*ms = (tz ? vox_tz_to_utc(tz, wall) : wall) * 1000 + frac;
	return VOX_OK;
}

int vox_time_parse_rfc3339(const char *s, size_t len, int64_t *ms)
{
	int64_t wall;
	int frac, oh, om, off;
	size_t n;

	if (!s || !(n = datetime_at(s, len, "Tt ", 9, &wall, &frac)))
		return VOX_ERR;
	if (len == n + 1 && (s[n] == 'Z' || s[n] == 'z')) {
		off = 0;
	} else if (len == n + 6 && (s[n] == '+' || s[n] == '-') &&
		   !digits(s + n + 1, 2, &oh) && s[n + 3] == ':' &&
		   !digits(s + n + 4, 2, &om) && oh <= 23 && om <= 59) {
		/* "-00:00" is UTC with the local offset unknown (4.3). */
		off = (s[n] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	} else {
		return VOX_ERR;
	}
	*ms = (wall - off) * 1000 + frac;
	return VOX_OK;
}

int vox_time_parse_date(const char *s, size_t len, int64_t *days)
{
	if (!s || len != 10)
		return VOX_ERR;
	return date_at(s, days);
}

static int parse_epoch(const char *s, int64_t *ms)
{
	int64_t v = 0;
	int neg = 0;
	size_t n;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (n = 0; s[n] >= '0' && s[n] <= '9'; n++) {
		if (n == USER_EPOCH_DIGITS)
			return VOX_ERR;
		v = v * 10 + (s[n] - '0');
	}
	if (n == 0 || s[n] != '\0')
		return VOX_ERR;
	*ms = (neg ? -v : v) * 1000;
	return VOX_OK;
}

int vox_time_parse_user(const char *s, const struct vox_tz *tz, int is_end,
			int64_t *ms)
{
	int64_t days, wall;
	size_t len;

	if (!s)
		return VOX_ERR;
	if (s[0] == '@')
		return parse_epoch(s + 1, ms);
	len = strlen(s);
	if (len == 10) {
		if (vox_time_parse_date(s, len, &days) != VOX_OK)
			return VOX_ERR;
		wall = (days + (is_end ? 1 : 0)) * DAY;
		*ms = (tz ? vox_tz_to_utc(tz, wall) : wall) * 1000;
		return VOX_OK;
	}
	if (vox_time_parse_rfc3339(s, len, ms) == VOX_OK)
		return VOX_OK;
	return vox_time_parse_local(s, len, tz, ms);
}

size_t vox_time_format(int64_t ms, char buf[static VOX_TIME_FORMAT_MAX])
{
	int64_t secs, days, sod, y;
	unsigned m, d;
	int frac, n;

	buf[0] = '\0';
	if (ms == VOX_TIME_NONE)
		return 0;
	secs = floor_div(ms, 1000);
	frac = (int)(ms - secs * 1000);
	days = floor_div(secs, DAY);
	sod = secs - days * DAY;
	vox_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return 0;
	if (frac)
		n = snprintf(buf, VOX_TIME_FORMAT_MAX,
			     "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", (int)y, m,
			     d, (int)(sod / 3600), (int)(sod / 60 % 60),
			     (int)(sod % 60), frac);
	else
		n = snprintf(buf, VOX_TIME_FORMAT_MAX,
			     "%04d-%02u-%02uT%02d:%02d:%02dZ", (int)y, m, d,
			     (int)(sod / 3600), (int)(sod / 60 % 60),
			     (int)(sod % 60));
	if (n < 0 || n >= VOX_TIME_FORMAT_MAX) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

size_t vox_time_format_local(int64_t ms, const struct vox_tz *tz,
			     char buf[static VOX_TIME_FORMAT_MAX])
{
	int64_t secs, days, sod, y;
	unsigned m, d;
	int n;

	buf[0] = '\0';
	if (ms == VOX_TIME_NONE)
		return 0;
	secs = floor_div(ms, 1000);
	if (tz)
		secs += vox_tz_offset(tz, secs);
	days = floor_div(secs, DAY);
	/* Far beyond year 9999, and keeps civil_from_days from overflowing. */
	if (days < -800000 || days > 3000000)
		return 0;
	sod = secs - days * DAY;
	vox_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return 0;
	n = snprintf(buf, VOX_TIME_FORMAT_MAX, "%04d-%02u-%02u %02d:%02d:%02d",
		     (int)y, m, d, (int)(sod / 3600), (int)(sod / 60 % 60),
		     (int)(sod % 60));
	if (n < 0 || n >= VOX_TIME_FORMAT_MAX) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

size_t vox_time_format_date(int64_t days, char buf[static VOX_DATE_FORMAT_MAX])
{
	int64_t y;
	unsigned m, d;
	int n;

	buf[0] = '\0';
	/* Far beyond year 9999, and keeps civil_from_days from overflowing. */
	if (days < -800000 || days > 3000000)
		return 0;
	vox_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return 0;
	n = snprintf(buf, VOX_DATE_FORMAT_MAX, "%04d-%02u-%02u", (int)y, m, d);
	if (n < 0 || n >= VOX_DATE_FORMAT_MAX) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}
