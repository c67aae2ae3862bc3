/* SPDX-License-Identifier: Apache-2.0 */
/*
 * timeconv.h: instants, civil dates, time zones and the text forms voxport
 * reads and writes.
 *
 * An instant is an int64_t count of milliseconds since 1970-01-01T00:00:00Z
 * (leap seconds not counted, as in POSIX time); VOX_TIME_NONE means unset.
 * A "day" is an int64_t count of days since 1970-01-01.  Civil dates are
 * proleptic Gregorian.
 *
 * Time zones come from the system time-zone database (TZif files, RFC 8536),
 * read once into a struct vox_tz that is immutable afterwards, so one zone
 * may be shared by any number of threads.  Nothing here touches TZ, tzset()
 * or the C library's idea of local time.
 *
 * Text forms: RFC 3339 date-times (2024-03-05T14:12:07Z), the offset-less
 * local times that CDR writers use (2024-03-05 14:12:07), and YYYY-MM-DD.
 */
#ifndef VOX_TIMECONV_H
#define VOX_TIMECONV_H

#include <stddef.h>
#include <stdint.h>

#include "voxport/error.h"

#define VOX_TIME_NONE INT64_MIN

/* Longest output of vox_time_format(), with its NUL: "...T..:..:...123Z". */
#define VOX_TIME_FORMAT_MAX 32
#define VOX_DATE_FORMAT_MAX 16

struct vox_tz;

/*
 * Load the zone NAME: "UTC", "Etc/UTC" and "Z" are built in; any other name
 * is a file under $TZDIR, or /usr/share/zoneinfo when TZDIR is unset or
 * empty.  Names are made of [A-Za-z0-9/_+-] and may not start with "/" or
 * contain "..", so a name from a configuration file cannot reach outside the
 * database.  Files that carry leap seconds (the "right/" zones) are refused:
 * their transition times are not POSIX times.
 *
 * Returns NULL and sets ERR on failure: VOX_E_NOTFOUND for a bad or unknown
 * name ('unknown time zone "Europe/Londn"'), VOX_E_DATA for a file that is
 * not a sound TZif file ('time zone "X": not a TZif file'), VOX_E_LIMIT for
 * one beyond the size and count limits, VOX_E_IO, VOX_E_NOMEM.
 */
struct vox_tz *vox_tz_load(const char *name, struct vox_error *err);
void vox_tz_free(struct vox_tz *tz);

/* The name as given to vox_tz_load(); borrowed. */
const char *vox_tz_name(const struct vox_tz *tz);

/* Offset from UTC, in seconds east, in force at the instant UTC_SECONDS. */
int vox_tz_offset(const struct vox_tz *tz, int64_t utc_seconds);

/*
 * The UTC instant (seconds) of a local civil time WALL_SECONDS, which is
 * the local date and time counted as if it were UTC.  Where a local time
 * is not unique the answer is always "the offset in force before the
 * transition":
 *   - in an autumn fold a local time happens twice; the FIRST occurrence
 *     wins, the earlier instant, still on summer time (01:30 on 27 Oct 2024
 *     in Europe/London is 00:30Z, not 01:30Z);
 *   - in a spring gap a local time never happens; it is read with the
 *     offset from before the gap (01:30 on 31 Mar 2024 in Europe/London is
 *     read as GMT, 01:30Z, which is 02:30 BST).
 * A wall clock that was not moved at the transition therefore reads right.
 */
int64_t vox_tz_to_utc(const struct vox_tz *tz, int64_t wall_seconds);

/* Days since 1970-01-01 of a proleptic Gregorian date (m 1-12, d 1-31). */
int64_t vox_days_from_civil(int64_t y, unsigned m, unsigned d);
/* And back. */
void vox_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/*
 * Parsers: each reads all of S[0..LEN), returns VOX_OK or VOX_ERR and sets
 * no message (the caller knows the file and line).  Field ranges are strict
 * (month 1-12, a day that exists in that month, hour 0-23, minute 0-59);
 * second 60, a leap second, is read as 59.  Fractions are truncated to
 * milliseconds.  Years are 0000-9999.
 */

/*
 * "YYYY-MM-DD HH:MM:SS" or with "T", optionally ".F" with 1 to 6 digits, a
 * local time in TZ (NULL means UTC), resolved as vox_tz_to_utc() says.
 */
int vox_time_parse_local(const char *s, size_t len, const struct vox_tz *tz,
			 int64_t *ms);

/*
 * An RFC 3339 date-time: "YYYY-MM-DDTHH:MM:SS[.F]" then "Z" or "+HH:MM" or
 * "-HH:MM".  "t", "z" and a space for "T" are accepted (RFC 3339 section
 * 5.6); the fraction may have 1 to 9 digits.
 */
int vox_time_parse_rfc3339(const char *s, size_t len, int64_t *ms);

/* "YYYY-MM-DD" to days since the epoch. */
int vox_time_parse_date(const char *s, size_t len, int64_t *days);

/*
 * A time given by a person, for --since, --until and --created (a string,
 * NUL-terminated).  Accepted:
 *   - an RFC 3339 date-time, as vox_time_parse_rfc3339();
 *   - "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SS", local in TZ;
 *   - "YYYY-MM-DD", the start of that day in TZ, or with IS_END the end of
 *     that day, which is the start of the next one (for exclusive bounds);
 *   - "@SECONDS", seconds since the epoch, possibly negative.
 * TZ NULL means UTC.  IS_END only changes the date-only form.
 */
int vox_time_parse_user(const char *s, const struct vox_tz *tz, int is_end,
			int64_t *ms);

/*
 * Write MS as RFC 3339 in UTC, "2024-03-05T14:12:07Z", with ".123" only when
 * MS is not a whole second.  Returns the length, or 0 (and an empty string)
 * for VOX_TIME_NONE or a year outside 0000-9999.
 */
size_t vox_time_format(int64_t ms, char buf[static VOX_TIME_FORMAT_MAX]);

/*
 * Write MS as the offset-less local time CDR writers use, "2024-03-05
 * 14:12:07" (strftime "%Y-%m-%d %T"), in TZ (NULL means UTC); the
 * milliseconds are dropped (the second the instant falls in).  Returns the
 * length, or 0 (and an empty string) as vox_time_format() does.
 */
size_t vox_time_format_local(int64_t ms, const struct vox_tz *tz,
			     char buf[static VOX_TIME_FORMAT_MAX]);

/* Write DAYS as "YYYY-MM-DD"; returns the length, or 0 as above. */
size_t vox_time_format_date(int64_t days, char buf[static VOX_DATE_FORMAT_MAX]);

#endif
