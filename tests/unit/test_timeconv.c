/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_timeconv.c: time zones (TZif, RFC 8536), civil dates, and the
 * RFC 3339 and local-time text forms.
 *
 * Expected instants were worked out with `zdump -v` and GNU date against
 * the system tzdata, not with this code.  Synthetic TZif files written to
 * the scratch folder cover what the system files do not: slim files that
 * leave everything to the footer, the Jn and n rule forms, an all-year
 * summer, version 1 files, and broken or hostile files.
 */
#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "timeconv.h"

#define H 3600

static struct vox_tz *load(const char *name)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_tz *tz = vox_tz_load(name, &err);

	if (!tz)
		fail_msg("vox_tz_load(%s): %s", name, err.msg);
	return tz;
}

/* Local time S in TZ, in UTC seconds; the fraction must be zero. */
static int64_t local(const struct vox_tz *tz, const char *s)
{
	int64_t ms = 0;

	assert_int_equal(vox_time_parse_local(s, strlen(s), tz, &ms), VOX_OK);
	assert_int_equal(ms % 1000, 0);
	return ms / 1000;
}

static int64_t rfc3339(const char *s)
{
	int64_t ms = 0;

	if (vox_time_parse_rfc3339(s, strlen(s), &ms) != VOX_OK)
		fail_msg("not RFC 3339: %s", s);
	return ms;
}

static void bad_local(const char *s)
{
	int64_t ms = 42;

	if (vox_time_parse_local(s, strlen(s), NULL, &ms) != VOX_ERR)
		fail_msg("accepted as a local time: \"%s\"", s);
	assert_int_equal(ms, 42);
}

static void bad_rfc3339(const char *s)
{
	int64_t ms;

	if (vox_time_parse_rfc3339(s, strlen(s), &ms) != VOX_ERR)
		fail_msg("accepted as RFC 3339: \"%s\"", s);
}

static int64_t user(const char *s, const struct vox_tz *tz, int is_end)
{
	int64_t ms = 0;

	if (vox_time_parse_user(s, tz, is_end, &ms) != VOX_OK)
		fail_msg("parse_user refused \"%s\"", s);
	return ms;
}

static void check_format(int64_t ms, const char *want)
{
	char buf[VOX_TIME_FORMAT_MAX];

	assert_int_equal(vox_time_format(ms, buf), strlen(want));
	assert_string_equal(buf, want);
}

/* The system zones; TZDIR from the caller's environment must not count. */
static int system_zones(void **state)
{
	(void)state;
	unsetenv("TZDIR");
	return 0;
}

/* ---- civil dates ---- */

static void test_civil(void **state)
{
	int64_t days, y;
	unsigned m, d;

	(void)state;
	assert_int_equal(vox_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(vox_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(vox_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(vox_days_from_civil(2024, 3, 5), 1709596800 / 86400);
	assert_int_equal(vox_days_from_civil(0, 1, 1), -62167219200 / 86400);
	assert_int_equal(vox_days_from_civil(9999, 12, 31),
			 (253402300799 - 86399) / 86400);
	vox_civil_from_days(-1, &y, &m, &d);
	assert_true(y == 1969 && m == 12 && d == 31);
	vox_civil_from_days(11016, &y, &m, &d); /* leap day of a 400th year */
	assert_true(y == 2000 && m == 2 && d == 29);
	/* Round trip, and one day at a time, over 5,500 years. */
	for (days = -1000000; days < 1000000; days++) {
		vox_civil_from_days(days, &y, &m, &d);
		assert_int_equal(vox_days_from_civil(y, m, d), days);
		assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
	}
}

/* ---- zones ---- */

static void test_utc(void **state)
{
	struct vox_tz *tz;
	const char *names[] = {"UTC", "Etc/UTC", "Z"};
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		tz = load(names[i]);
		assert_string_equal(vox_tz_name(tz), names[i]);
		assert_int_equal(vox_tz_offset(tz, 1709647927), 0);
		assert_int_equal(vox_tz_to_utc(tz, 1709647927), 1709647927);
		assert_int_equal(local(tz, "2024-03-05 14:12:07"), 1709647927);
		vox_tz_free(tz);
	}
	assert_int_equal(local(NULL, "2024-03-05 14:12:07"), 1709647927);
	vox_tz_free(NULL);
}

static void test_london_2024(void **state)
{
	struct vox_tz *tz = load("Europe/London");
	const int64_t spring = 1711846800; /* 2024-03-31T01:00:00Z */
	const int64_t autumn = 1729990800; /* 2024-10-27T01:00:00Z */

	(void)state;
	assert_string_equal(vox_tz_name(tz), "Europe/London");
	assert_int_equal(vox_tz_offset(tz, spring - 1), 0);
	assert_int_equal(vox_tz_offset(tz, spring), H);
	assert_int_equal(vox_tz_offset(tz, autumn - 1), H);
	assert_int_equal(vox_tz_offset(tz, autumn), 0);

	assert_int_equal(local(tz, "2024-03-05 14:12:07"), 1709647927);
	assert_int_equal(local(tz, "2024-07-01 12:00:00"), 1719831600);
	/* Spring: 01:00-02:00 does not exist; read as GMT. */
	assert_int_equal(local(tz, "2024-03-31 00:59:59"), spring - 1);
	assert_int_equal(local(tz, "2024-03-31 01:00:00"), spring);
	assert_int_equal(local(tz, "2024-03-31 01:30:00"), spring + 1800);
	assert_int_equal(local(tz, "2024-03-31 01:59:59"), spring + 3599);
	assert_int_equal(local(tz, "2024-03-31 02:00:00"), spring);
	assert_int_equal(local(tz, "2024-03-31 02:30:00"), spring + 1800);
	assert_int_equal(local(tz, "2024-03-31 03:00:00"), spring + H);
	/* Autumn: 01:00-02:00 happens twice; the first (BST) wins. */
	assert_int_equal(local(tz, "2024-10-27 00:59:59"), autumn - H - 1);
	assert_int_equal(local(tz, "2024-10-27 01:00:00"), autumn - H);
	assert_int_equal(local(tz, "2024-10-27 01:30:00"), autumn - 1800);
	assert_int_equal(local(tz, "2024-10-27 01:59:59"), autumn - 1);
	assert_int_equal(local(tz, "2024-10-27 02:00:00"), autumn + H);
	vox_tz_free(tz);
}

static void test_new_york(void **state)
{
	struct vox_tz *tz = load("America/New_York");
	const int64_t spring = 1710054000; /* 2024-03-10T07:00:00Z */
	const int64_t autumn = 1730613600; /* 2024-11-03T06:00:00Z */

	(void)state;
	assert_int_equal(vox_tz_offset(tz, spring - 1), -5 * H);
	assert_int_equal(vox_tz_offset(tz, spring), -4 * H);
	assert_int_equal(vox_tz_offset(tz, autumn - 1), -4 * H);
	assert_int_equal(vox_tz_offset(tz, autumn), -5 * H);
	assert_int_equal(local(tz, "2024-03-05 09:12:07"), 1709647927);
	assert_int_equal(local(tz, "2024-03-10 02:30:00"), spring + 1800);
	assert_int_equal(local(tz, "2024-03-10 03:00:00"), spring);
	assert_int_equal(local(tz, "2024-11-03 01:30:00"), autumn - 1800);
	assert_int_equal(local(tz, "2024-11-03 02:00:00"), autumn + H);
	/* Before the first transition: local mean time, -4:56:02. */
	assert_int_equal(vox_tz_offset(tz, -3773761438), -17762);
	assert_int_equal(local(tz, "1850-06-01 00:00:00"), -3773761438);
	vox_tz_free(tz);
}

static void test_lord_howe(void **state)
{
	struct vox_tz *tz = load("Australia/Lord_Howe");
	const int64_t end = 1712415600;	  /* 2024-04-06T15:00:00Z */
	const int64_t start = 1728142200; /* 2024-10-05T15:30:00Z */

	(void)state;
	/* Half an hour of summer time: +11 and +10:30. */
	assert_int_equal(vox_tz_offset(tz, end - 1), 11 * H);
	assert_int_equal(vox_tz_offset(tz, end), 10 * H + 1800);
	assert_int_equal(vox_tz_offset(tz, start - 1), 10 * H + 1800);
	assert_int_equal(vox_tz_offset(tz, start), 11 * H);
	/* 01:30-02:00 on 7 April happens twice. */
	assert_int_equal(local(tz, "2024-04-07 01:29:59"), end - 1801);
	assert_int_equal(local(tz, "2024-04-07 01:45:00"), end - 900);
	assert_int_equal(local(tz, "2024-04-07 02:00:00"), end + 1800);
	/* 02:00-02:30 on 6 October does not exist. */
	assert_int_equal(local(tz, "2024-10-06 02:15:00"), start + 900);
	assert_int_equal(local(tz, "2024-10-06 02:30:00"), start);
	vox_tz_free(tz);
}

static void test_kolkata(void **state)
{
	struct vox_tz *tz = load("Asia/Kolkata");

	(void)state;
	assert_int_equal(vox_tz_offset(tz, 1709647927), 5 * H + 1800);
	assert_int_equal(local(tz, "2024-03-05 14:12:07"), 1709628127);
	/* Far beyond the table: the footer "IST-5:30". */
	assert_int_equal(vox_tz_offset(tz, 8000000000), 5 * H + 1800);
	vox_tz_free(tz);
}

/* Beyond 2037 the system files leave London to the footer rule. */
static void test_footer_rules(void **state)
{
	struct vox_tz *tz = load("Europe/London");

	(void)state;
	assert_int_equal(local(tz, "2040-07-01 12:00:00"), 2224753200);
	assert_int_equal(vox_tz_offset(tz, 2216250000 - 1), 0);
	assert_int_equal(vox_tz_offset(tz, 2216250000), H);
	assert_int_equal(vox_tz_offset(tz, 2234998800 - 1), H);
	assert_int_equal(vox_tz_offset(tz, 2234998800), 0);
	assert_int_equal(local(tz, "2040-10-28 01:30:00"), 2234997000);
	assert_int_equal(local(tz, "2040-03-25 01:30:00"), 2216250000 + 1800);
	/* 2150 is past the precomputed table: the rule itself. */
	assert_int_equal(vox_tz_offset(tz, 5687802000 - 1), 0);
	assert_int_equal(vox_tz_offset(tz, 5687802000), H);
	assert_int_equal(vox_tz_offset(tz, 5705946000 - 1), H);
	assert_int_equal(vox_tz_offset(tz, 5705946000), 0);
	assert_int_equal(local(tz, "2150-10-25 01:30:00"), 5705946000 - 1800);
	assert_int_equal(local(tz, "2150-03-29 01:30:00"), 5687802000 + 1800);
	/* Before the first transition (1847): LMT, -0:01:15. */
	assert_int_equal(vox_tz_offset(tz, -5364662325), -75);
	assert_int_equal(local(tz, "1800-01-01 00:00:00"), -5364662325);
	/* Far outside any calendar: the offsets at the ends, no overflow. */
	assert_int_equal(vox_tz_offset(tz, INT64_MIN), -75);
	assert_int_equal(vox_tz_to_utc(tz, INT64_MIN), INT64_MIN + 75);
	assert_int_equal(vox_tz_to_utc(tz, INT64_MAX),
			 INT64_MAX - vox_tz_offset(tz, INT64_MAX));
	vox_tz_free(tz);
	tz = load("Asia/Kolkata");
	assert_int_equal(vox_tz_to_utc(tz, INT64_MIN + 5), INT64_MIN);
	vox_tz_free(tz);

	/* America/Nuuk: a change at -1:00 (RFC 8536 3.3.1 extension). */
	tz = load("America/Nuuk");
	assert_int_equal(vox_tz_offset(tz, 2216250000 - 1), -2 * H);
	assert_int_equal(vox_tz_offset(tz, 2216250000), -1 * H);
	assert_int_equal(vox_tz_offset(tz, 2234998800 - 1), -1 * H);
	assert_int_equal(vox_tz_offset(tz, 2234998800), -2 * H);
	vox_tz_free(tz);

	/* America/Santiago: south, changes at 24:00 on a Saturday. */
	tz = load("America/Santiago");
	assert_int_equal(vox_tz_offset(tz, 2217466800 - 1), -3 * H);
	assert_int_equal(vox_tz_offset(tz, 2217466800), -4 * H);
	assert_int_equal(vox_tz_offset(tz, 2230171200 - 1), -4 * H);
	assert_int_equal(vox_tz_offset(tz, 2230171200), -3 * H);
	assert_int_equal(local(tz, "2040-04-07 23:30:00"), 2217466800 - 1800);
	assert_int_equal(local(tz, "2040-09-02 00:30:00"), 2230171200 + 1800);
	/* Midnight does not exist that day: the day starts at the change. */
	assert_int_equal(user("2040-09-02", tz, 0), 2230171200 * 1000);
	vox_tz_free(tz);

	/* Europe/Dublin: "negative" summer time, GMT in winter. */
	tz = load("Europe/Dublin");
	assert_int_equal(vox_tz_offset(tz, 2216250000 - 1), 0);
	assert_int_equal(vox_tz_offset(tz, 2216250000), H);
	assert_int_equal(vox_tz_offset(tz, 2234998800 - 1), H);
	assert_int_equal(vox_tz_offset(tz, 2234998800), 0);
	assert_int_equal(local(tz, "2040-10-28 01:30:00"), 2234997000);
	vox_tz_free(tz);
}

static void check_load_error(const char *name, int code, const char *msg)
{
	struct vox_error err = VOX_ERROR_INIT;

	assert_null(vox_tz_load(name, &err));
	assert_int_equal(err.code, code);
	if (msg)
		assert_string_equal(err.msg, msg);
}

static void test_bad_names(void **state)
{
	(void)state;
	check_load_error("Europe/Londn", VOX_E_NOTFOUND,
			 "unknown time zone \"Europe/Londn\"");
	check_load_error("Europe", VOX_E_NOTFOUND,
			 "unknown time zone \"Europe\"");
	check_load_error("Nowhere/Special", VOX_E_NOTFOUND, NULL);
	check_load_error("../../etc/passwd", VOX_E_NOTFOUND,
			 "invalid time zone name \"../../etc/passwd\"");
	check_load_error("Europe/../../etc/passwd", VOX_E_NOTFOUND, NULL);
	check_load_error("/etc/localtime", VOX_E_NOTFOUND, NULL);
	check_load_error("..", VOX_E_NOTFOUND, NULL);
	check_load_error("Europe/London ", VOX_E_NOTFOUND, NULL);
	check_load_error("Europe\\London", VOX_E_NOTFOUND, NULL);
	check_load_error("Europe/Lon\ndon", VOX_E_NOTFOUND,
			 "invalid time zone name \"Europe/Lon?don\"");
	check_load_error("", VOX_E_NOTFOUND, NULL);
	check_load_error(NULL, VOX_E_NOTFOUND, NULL);
	/* Names with "+" and "-" exist. */
	vox_tz_free(load("Etc/GMT+5"));
	vox_tz_free(load("America/Port-au-Prince"));
}

/* ---- synthetic TZif files ---- */

struct tzif_spec {
	int version; /* 0 or '2' */
	size_t timecnt;
	const int64_t *at;
	const unsigned char *idx;
	size_t typecnt;
	const int32_t *utoff;
	uint32_t leapcnt;
	const char *footer; /* NULL: none at all */
	const char *magic;  /* NULL: "TZif" */
};

static size_t put_be(unsigned char *p, uint64_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
	return (size_t)bytes;
}

static size_t put_head(unsigned char *p, const struct tzif_spec *s,
		       uint32_t timecnt, uint32_t typecnt, uint32_t leapcnt)
{
	size_t n = 0;

	memcpy(p, s->magic ? s->magic : "TZif", 4);
	p[4] = (unsigned char)s->version;
	memset(p + 5, 0, 15);
	n = 20;
	n += put_be(p + n, 0, 4); /* isutcnt */
	n += put_be(p + n, 0, 4); /* isstdcnt */
	n += put_be(p + n, leapcnt, 4);
	n += put_be(p + n, timecnt, 4);
	n += put_be(p + n, typecnt, 4);
	n += put_be(p + n, 4, 4); /* charcnt: "ABC\0" */
	return n;
}

static size_t put_body(unsigned char *p, const struct tzif_spec *s, int tsize)
{
	size_t n = 0, i;

	for (i = 0; i < s->timecnt; i++)
		n += put_be(p + n, (uint64_t)s->at[i], tsize);
	for (i = 0; i < s->timecnt; i++)
		p[n++] = s->idx[i];
	for (i = 0; i < s->typecnt; i++) {
		n += put_be(p + n, (uint32_t)s->utoff[i], 4);
		p[n++] = 0;
		p[n++] = 0;
	}
	memcpy(p + n, "ABC", 4);
	n += 4;
	for (i = 0; i < s->leapcnt; i++) {
		n += put_be(p + n, 1000000000, tsize);
		n += put_be(p + n, 1, 4);
	}
	return n;
}

/* Write Test/NAME under the scratch folder, which becomes TZDIR. */
static void write_tzif(const char *name, const struct tzif_spec *s)
{
	static unsigned char buf[65536];
	char path[256];
	size_t n = 0;
	FILE *f;

	if (s->version == 0) {
		n += put_head(buf, s, (uint32_t)s->timecnt,
			      (uint32_t)s->typecnt, s->leapcnt);
		n += put_body(buf + n, s, 4);
	} else {
		/* A minimal version 1 block, as "zic -b slim" writes. */
		struct tzif_spec v1 = *s;
		int32_t zero = 0;

		v1.timecnt = 0;
		v1.typecnt = 1;
		v1.utoff = &zero;
		v1.leapcnt = 0;
		n += put_head(buf, s, 0, 1, 0);
		n += put_body(buf + n, &v1, 4);
		n += put_head(buf + n, s, (uint32_t)s->timecnt,
			      (uint32_t)s->typecnt, s->leapcnt);
		n += put_body(buf + n, s, 8);
		if (s->footer)
			n += (size_t)snprintf((char *)buf + n, sizeof(buf) - n,
					      "\n%s\n", s->footer);
	}
	mkdir("Test", 0777);
	snprintf(path, sizeof(path), "Test/%s", name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static int scratch_zones(void **state)
{
	char cwd[4096];

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	setenv("TZDIR", cwd, 1);
	return 0;
}

/* A slim file: no transitions, one type, everything in the footer. */
static struct vox_tz *footer_zone(const char *name, const char *footer,
				  int32_t utoff)
{
	struct tzif_spec s = {
	    .version = '2', .typecnt = 1, .utoff = &utoff, .footer = footer};
	char path[64];

	write_tzif(name, &s);
	snprintf(path, sizeof(path), "Test/%s", name);
	return load(path);
}

static void test_slim_rules(void **state)
{
	struct vox_tz *j, *n, *tz;
	int64_t t;

	(void)state;
	/* J60 is 1 March in every year; zero-based 59 is 29 Feb in 2024. */
	j = footer_zone("julian", "XXX3YYY,J60/2,J300/2", -3 * H);
	n = footer_zone("zero", "XXX3YYY,59/2,299/2", -3 * H);
	assert_int_equal(vox_tz_offset(j, 1709208000), -3 * H); /* 29 Feb */
	assert_int_equal(vox_tz_offset(n, 1709208000), -2 * H);
	assert_int_equal(vox_tz_offset(j, 1709294400), -2 * H); /* 1 Mar */
	assert_int_equal(vox_tz_offset(n, 1709294400), -2 * H);
	/* In 2023 both start on 1 March, at 02:00 local = 05:00Z. */
	assert_int_equal(vox_tz_offset(j, 1677646799), -3 * H);
	assert_int_equal(vox_tz_offset(j, 1677646800), -2 * H);
	assert_int_equal(vox_tz_offset(n, 1677646800), -2 * H);
	assert_int_equal(local(j, "2023-03-01 02:30:00"), 1677646800 + 1800);
	vox_tz_free(j);
	vox_tz_free(n);

	/* A slim London: the rule alone, before and after 1970 and 2100. */
	tz = footer_zone("london", "GMT0BST,M3.5.0/1,M10.5.0", 0);
	assert_int_equal(vox_tz_offset(tz, 1711846800 - 1), 0);
	assert_int_equal(vox_tz_offset(tz, 1711846800), H);
	assert_int_equal(local(tz, "2024-10-27 01:30:00"), 1729990800 - 1800);
	assert_int_equal(local(tz, "2024-03-31 01:30:00"), 1711846800 + 1800);
	assert_int_equal(vox_tz_offset(tz, 5705946000 - 1), H);
	assert_int_equal(vox_tz_offset(tz, 5705946000), 0);
	vox_tz_free(tz);

	/* Offsets with minutes, and <...> names. */
	tz = footer_zone("tehran", "<+0330>-3:30", 12600);
	assert_int_equal(vox_tz_offset(tz, 1709647927), 12600);
	assert_int_equal(local(tz, "2024-03-05 17:42:07"), 1709647927);
	vox_tz_free(tz);

	/* Summer all year (tzcode's example): no change, ever. */
	tz = footer_zone("allyear", "EST5EDT4,0/0,J365/25", -5 * H);
	for (t = 1704067200 - 10 * 86400; t < 1704067200 + 10 * 86400;
	     t += 1800)
		assert_int_equal(vox_tz_offset(tz, t), -4 * H);
	assert_int_equal(local(tz, "2024-01-01 00:00:00"), 1704067200 + 4 * H);
	assert_int_equal(local(tz, "2023-12-31 23:30:00"),
			 1704067200 + 4 * H - 1800);
	vox_tz_free(tz);
}

/* A fat-style file with transitions and then a footer, and version 1. */
static void test_transitions(void **state)
{
	/* 2000-01-01T00:00Z and 2010-01-01T00:00Z */
	const int64_t at[] = {946684800, 1262304000};
	const unsigned char idx[] = {1, 2};
	const int32_t utoff[] = {3600, 7200, 3 * H};
	struct tzif_spec s = {.version = '2',
			      .timecnt = 2,
			      .at = at,
			      .idx = idx,
			      .typecnt = 3,
			      .utoff = utoff,
			      .footer = "<+03>-3"};
	struct vox_tz *tz;

	(void)state;
	write_tzif("steps", &s);
	tz = load("Test/steps");
	assert_int_equal(vox_tz_offset(tz, 946684800 - 1), 3600);
	assert_int_equal(vox_tz_offset(tz, 946684800), 7200);
	assert_int_equal(vox_tz_offset(tz, 1262304000 - 1), 7200);
	assert_int_equal(vox_tz_offset(tz, 1262304000), 3 * H);
	assert_int_equal(vox_tz_offset(tz, 4000000000), 3 * H);
	/* The change skips local 01:00-02:00; 00:30 is before it. */
	assert_int_equal(local(tz, "2000-01-01 00:30:00"), 946684800 - 1800);
	/* 01:30 is in the gap: read with +01, from before the change. */
	assert_int_equal(local(tz, "2000-01-01 01:30:00"), 946684800 + 1800);
	assert_int_equal(local(tz, "2000-01-01 02:30:00"), 946684800 + 1800);
	vox_tz_free(tz);

	s.version = 0;
	s.footer = NULL;
	write_tzif("v1", &s);
	tz = load("Test/v1");
	assert_int_equal(vox_tz_offset(tz, 946684800 - 1), 3600);
	assert_int_equal(vox_tz_offset(tz, 1262304000), 3 * H);
	assert_int_equal(vox_tz_offset(tz, 4000000000), 3 * H);
	vox_tz_free(tz);

	/* An empty footer: the last type goes on. */
	s.version = '2';
	s.footer = "";
	write_tzif("nofooter", &s);
	tz = load("Test/nofooter");
	assert_int_equal(vox_tz_offset(tz, 8000000000), 3 * H);
	vox_tz_free(tz);
}

static void test_bad_files(void **state)
{
	const int64_t at[] = {946684800, 1262304000};
	const int64_t back[] = {1262304000, 946684800};
	const unsigned char idx[] = {0, 1};
	const unsigned char bad_idx[] = {0, 7};
	const int32_t utoff[] = {3600, 7200};
	const int32_t big[] = {3600, 27 * H};
	struct tzif_spec ok = {.version = '2',
			       .timecnt = 2,
			       .at = at,
			       .idx = idx,
			       .typecnt = 2,
			       .utoff = utoff,
			       .footer = "<+02>-2"};
	struct tzif_spec s;
	static int64_t many[3000];
	static unsigned char many_idx[3000];
	size_t i;
	FILE *f;

	(void)state;
	s = ok;
	s.magic = "TZjf";
	write_tzif("magic", &s);
	check_load_error("Test/magic", VOX_E_DATA,
			 "time zone \"Test/magic\": not a TZif file");
	unit_write("Test/text", "Europe/London\n");
	check_load_error("Test/text", VOX_E_DATA,
			 "time zone \"Test/text\": not a TZif file");
	unit_write("Test/empty", "");
	check_load_error("Test/empty", VOX_E_DATA, NULL);

	s = ok;
	s.leapcnt = 1;
	write_tzif("leaps", &s);
	check_load_error("Test/leaps", VOX_E_DATA,
			 "time zone \"Test/leaps\": files with leap seconds "
			 "are not supported");

	s = ok;
	s.idx = bad_idx;
	write_tzif("index", &s);
	check_load_error("Test/index", VOX_E_DATA,
			 "time zone \"Test/index\": corrupt TZif file");

	s = ok;
	s.at = back;
	write_tzif("order", &s);
	check_load_error("Test/order", VOX_E_DATA, NULL);

	s = ok;
	s.utoff = big;
	write_tzif("offset", &s);
	check_load_error("Test/offset", VOX_E_DATA, NULL);

	s = ok;
	s.footer = "GMT0BST"; /* summer time without rules */
	write_tzif("norule", &s);
	check_load_error(
	    "Test/norule", VOX_E_DATA,
	    "time zone \"Test/norule\": bad TZ string \"GMT0BST\"");
	s.footer = "GMT0BST,M13.5.0,M10.5.0";
	write_tzif("month", &s);
	check_load_error("Test/month", VOX_E_DATA, NULL);
	s.footer = "GM0";
	write_tzif("short", &s);
	check_load_error("Test/short", VOX_E_DATA, NULL);
	s.footer = "GMT0BST,M3.5.0/168,M10.5.0";
	write_tzif("hours", &s);
	check_load_error("Test/hours", VOX_E_DATA, NULL);

	/* Truncated anywhere: refused, never read past the end. */
	write_tzif("whole", &ok);
	for (i = 0; i < 200; i++) {
		static unsigned char buf[4096];
		size_t n;
		char name[32];

		f = fopen("Test/whole", "rb");
		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (i >= n - 1)
			break;
		snprintf(name, sizeof(name), "Test/cut%zu", i);
		f = fopen(name, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(buf, 1, i, f), i);
		fclose(f);
		check_load_error(name, VOX_E_DATA, NULL);
	}

	for (i = 0; i < 3000; i++) {
		many[i] = (int64_t)i * 86400;
		many_idx[i] = (unsigned char)(i % 2);
	}
	s = ok;
	s.timecnt = 3000;
	s.at = many;
	s.idx = many_idx;
	write_tzif("many", &s);
	check_load_error("Test/many", VOX_E_LIMIT, NULL);

	/* A file far larger than any zone. */
	f = fopen("Test/huge", "wb");
	assert_non_null(f);
	for (i = 0; i < 300; i++) {
		static const char kb[1024] = "TZif2";
		assert_int_equal(fwrite(kb, 1, sizeof(kb), f), sizeof(kb));
	}
	fclose(f);
	check_load_error("Test/huge", VOX_E_LIMIT, NULL);
}

/* ---- text forms ---- */

static void test_parse_local(void **state)
{
	int64_t ms;
	const char *s = "2024-03-05 14:12:07GARBAGE";

	(void)state;
	assert_int_equal(
	    vox_time_parse_local("2024-03-05 14:12:07", 19, NULL, &ms), VOX_OK);
	assert_int_equal(ms, 1709647927000);
	assert_int_equal(
	    vox_time_parse_local("2024-03-05T14:12:07", 19, NULL, &ms), VOX_OK);
	assert_int_equal(ms, 1709647927000);
	assert_int_equal(vox_time_parse_local(s, 19, NULL, &ms), VOX_OK);
	assert_int_equal(ms, 1709647927000);
	assert_int_equal(
	    vox_time_parse_local("2024-03-05 14:12:07.5", 21, NULL, &ms),
	    VOX_OK);
	assert_int_equal(ms, 1709647927500);
	assert_int_equal(
	    vox_time_parse_local("2024-03-05 14:12:07.123999", 26, NULL, &ms),
	    VOX_OK);
	assert_int_equal(ms, 1709647927123);
	assert_int_equal(
	    vox_time_parse_local("2024-02-29 00:00:00", 19, NULL, &ms), VOX_OK);
	assert_int_equal(
	    vox_time_parse_local("2000-02-29 00:00:00", 19, NULL, &ms), VOX_OK);
	/* A leap second is read as the second before. */
	assert_int_equal(
	    vox_time_parse_local("2016-12-31 23:59:60", 19, NULL, &ms), VOX_OK);
	assert_int_equal(ms, 1483228799000);
	assert_int_equal(
	    vox_time_parse_local("0000-01-01 00:00:00", 19, NULL, &ms), VOX_OK);
	assert_int_equal(ms, -62167219200000);

	bad_local("2024-13-01 00:00:00");
	bad_local("2024-00-01 00:00:00");
	bad_local("2024-02-30 00:00:00");
	bad_local("2023-02-29 00:00:00");
	bad_local("1900-02-29 00:00:00");
	bad_local("2024-04-31 00:00:00");
	bad_local("2024-03-00 00:00:00");
	bad_local("2024-03-05 24:00:00");
	bad_local("2024-03-05 23:60:00");
	bad_local("2024-03-05 23:59:61");
	bad_local("2024-03-05 1a:12:07");
	bad_local("2024-03-05 14:12:0x");
	bad_local("2024-O3-05 14:12:07");
	bad_local("2024-3-5 14:12:07");
	bad_local("2024-03-05");
	bad_local("2024-03-05 14:12");
	bad_local("2024-03-05 14:12:07 ");
	bad_local(" 2024-03-05 14:12:07");
	bad_local("2024-03-05 14:12:07Z");
	bad_local("2024-03-05 14:12:07+01:00");
	bad_local("2024-03-05 14:12:07.");
	bad_local("2024-03-05 14:12:07.1234567");
	bad_local("2024-03-05x14:12:07");
	bad_local("2024/03/05 14:12:07");
	bad_local("+2024-03-05 14:12:07");
	bad_local("");
	bad_local("x");
	assert_int_equal(vox_time_parse_local(NULL, 0, NULL, &ms), VOX_ERR);
	/* The length is obeyed: a cut string is refused. */
	assert_int_equal(vox_time_parse_local(s, 18, NULL, &ms), VOX_ERR);
}

static void test_parse_rfc3339(void **state)
{
	(void)state;
	assert_int_equal(rfc3339("2024-03-05T14:12:07Z"), 1709647927000);
	assert_int_equal(rfc3339("2024-03-05t14:12:07z"), 1709647927000);
	assert_int_equal(rfc3339("2024-03-05 14:12:07Z"), 1709647927000);
	assert_int_equal(rfc3339("2024-03-05T15:12:07+01:00"), 1709647927000);
	assert_int_equal(rfc3339("2024-03-05T09:12:07-05:00"), 1709647927000);
	assert_int_equal(rfc3339("2024-03-05T19:42:07+05:30"), 1709647927000);
	assert_int_equal(rfc3339("2024-03-05T14:12:07-00:00"), 1709647927000);
	assert_int_equal(rfc3339("2024-03-06T00:12:07+10:00"), 1709647927000);
	assert_int_equal(rfc3339("2024-03-05T14:12:07.1Z"), 1709647927100);
	assert_int_equal(rfc3339("2024-03-05T14:12:07.123Z"), 1709647927123);
	assert_int_equal(rfc3339("2024-03-05T14:12:07.123456789Z"),
			 1709647927123);
	assert_int_equal(rfc3339("2024-03-05T15:12:07.999+01:00"),
			 1709647927999);
	assert_int_equal(rfc3339("1969-12-31T23:59:59.999Z"), -1);
	assert_int_equal(rfc3339("1970-01-01T00:00:00+23:59"), -86340000);

	bad_rfc3339("2024-03-05T14:12:07");
	bad_rfc3339("2024-03-05T14:12:07+01");
	bad_rfc3339("2024-03-05T14:12:07+0100");
	bad_rfc3339("2024-03-05T14:12:07+1:00");
	bad_rfc3339("2024-03-05T14:12:07+01:60");
	bad_rfc3339("2024-03-05T14:12:07+24:00");
	bad_rfc3339("2024-03-05T14:12:07.Z");
	bad_rfc3339("2024-03-05T14:12:07.1234567890Z");
	bad_rfc3339("2024-03-05T14:12:07ZZ");
	bad_rfc3339("2024-03-05T14:12:07 Z");
	bad_rfc3339("2024-03-05_14:12:07Z");
	bad_rfc3339("2024-02-30T14:12:07Z");
	bad_rfc3339("2024-03-05T24:00:00Z");
	bad_rfc3339("2024-03-05");
	bad_rfc3339("Z");
	bad_rfc3339("");
}

static void test_parse_date(void **state)
{
	int64_t days = 0;

	(void)state;
	assert_int_equal(vox_time_parse_date("2024-03-05", 10, &days), VOX_OK);
	assert_int_equal(days, 19787);
	assert_int_equal(vox_time_parse_date("1969-12-31", 10, &days), VOX_OK);
	assert_int_equal(days, -1);
	assert_int_equal(vox_time_parse_date("2024-03-05x", 10, &days), VOX_OK);
	assert_int_equal(vox_time_parse_date("2024-03-05 ", 11, &days),
			 VOX_ERR);
	assert_int_equal(vox_time_parse_date("2024-03-5", 9, &days), VOX_ERR);
	assert_int_equal(vox_time_parse_date("2023-02-29", 10, &days), VOX_ERR);
	assert_int_equal(vox_time_parse_date("2024-3-05x", 10, &days), VOX_ERR);
	assert_int_equal(vox_time_parse_date(NULL, 10, &days), VOX_ERR);
}

static void test_parse_user(void **state)
{
	struct vox_tz *tz = load("Europe/London");
	int64_t ms;

	(void)state;
	assert_int_equal(user("2024-03-05T14:12:07Z", tz, 0), 1709647927000);
	assert_int_equal(user("2024-03-05T15:12:07+01:00", tz, 1),
			 1709647927000);
	/* Dates: the start of the day in the zone, or of the next one. */
	assert_int_equal(user("2024-03-05", NULL, 0), 1709596800000);
	assert_int_equal(user("2024-03-05", NULL, 1), 1709596800000 + 86400000);
	assert_int_equal(user("2024-03-31", tz, 0), 1711843200000);
	assert_int_equal(user("2024-03-31", tz, 1), 1711926000000);
	assert_int_equal(user("2024-07-01", tz, 0), 1719788400000);
	assert_int_equal(user("2024-10-27", tz, 1), 1730073600000);
	/* Local date-times. */
	assert_int_equal(user("2024-07-01 12:00:00", tz, 0), 1719831600000);
	assert_int_equal(user("2024-07-01T12:00:00", tz, 1), 1719831600000);
	assert_int_equal(user("2024-07-01 12:00:00", NULL, 0), 1719835200000);
	/* Seconds since the epoch. */
	assert_int_equal(user("@1709647927", tz, 0), 1709647927000);
	assert_int_equal(user("@0", tz, 1), 0);
	assert_int_equal(user("@-1", tz, 0), -1000);

	assert_int_equal(vox_time_parse_user("@", tz, 0, &ms), VOX_ERR);
	assert_int_equal(vox_time_parse_user("@12a", tz, 0, &ms), VOX_ERR);
	assert_int_equal(vox_time_parse_user("@ 12", tz, 0, &ms), VOX_ERR);
	assert_int_equal(vox_time_parse_user("@1234567890123", tz, 0, &ms),
			 VOX_ERR);
	assert_int_equal(vox_time_parse_user("yesterday", tz, 0, &ms), VOX_ERR);
	assert_int_equal(vox_time_parse_user("2024-02-30", tz, 0, &ms),
			 VOX_ERR);
	assert_int_equal(vox_time_parse_user("2024-03-05 14:12", tz, 0, &ms),
			 VOX_ERR);
	assert_int_equal(vox_time_parse_user("", tz, 0, &ms), VOX_ERR);
	assert_int_equal(vox_time_parse_user(NULL, tz, 0, &ms), VOX_ERR);
	vox_tz_free(tz);
}

static void test_format(void **state)
{
	char buf[VOX_TIME_FORMAT_MAX], date[VOX_DATE_FORMAT_MAX];
	int64_t ms, back;
	size_t n;

	(void)state;
	check_format(0, "1970-01-01T00:00:00Z");
	check_format(1709647927000, "2024-03-05T14:12:07Z");
	check_format(1709647927123, "2024-03-05T14:12:07.123Z");
	check_format(1709647927001, "2024-03-05T14:12:07.001Z");
	check_format(1709647927100, "2024-03-05T14:12:07.100Z");
	check_format(-1, "1969-12-31T23:59:59.999Z");
	check_format(-1000, "1969-12-31T23:59:59Z");
	check_format(951782400000, "2000-02-29T00:00:00Z");
	check_format(-62167219200000, "0000-01-01T00:00:00Z");
	check_format(253402300799999, "9999-12-31T23:59:59.999Z");

	memcpy(buf, "junk", 5);
	assert_int_equal(vox_time_format(VOX_TIME_NONE, buf), 0);
	assert_string_equal(buf, "");
	assert_int_equal(vox_time_format(253402300800000, buf), 0);
	assert_int_equal(vox_time_format(-62167219200001, buf), 0);
	assert_int_equal(vox_time_format(INT64_MAX, buf), 0);
	assert_int_equal(vox_time_format(INT64_MIN + 1, buf), 0);

	/* Round trip through the parser, ms by odd steps, 1900-2100. */
	for (ms = -2208988800000; ms < 4102444800000; ms += 987654321) {
		n = vox_time_format(ms, buf);
		assert_true(n > 0);
		assert_int_equal(vox_time_parse_rfc3339(buf, n, &back), VOX_OK);
		assert_int_equal(back, ms);
	}

	assert_int_equal(vox_time_format_date(0, date), 10);
	assert_string_equal(date, "1970-01-01");
	assert_int_equal(vox_time_format_date(19787, date), 10);
	assert_string_equal(date, "2024-03-05");
	assert_int_equal(vox_time_format_date(-719528, date), 10);
	assert_string_equal(date, "0000-01-01");
	assert_int_equal(vox_time_format_date(2932896, date), 10);
	assert_string_equal(date, "9999-12-31");
	assert_int_equal(vox_time_format_date(2932897, date), 0);
	assert_string_equal(date, "");
	assert_int_equal(vox_time_format_date(-719529, date), 0);
	assert_int_equal(vox_time_format_date(INT64_MIN, date), 0);
}

int main(void)
{
	const struct CMUnitTest system[] = {
	    cmocka_unit_test(test_civil),
	    cmocka_unit_test(test_utc),
	    cmocka_unit_test(test_london_2024),
	    cmocka_unit_test(test_new_york),
	    cmocka_unit_test(test_lord_howe),
	    cmocka_unit_test(test_kolkata),
	    cmocka_unit_test(test_footer_rules),
	    cmocka_unit_test(test_bad_names),
	    cmocka_unit_test(test_parse_local),
	    cmocka_unit_test(test_parse_rfc3339),
	    cmocka_unit_test(test_parse_date),
	    cmocka_unit_test(test_parse_user),
	    cmocka_unit_test(test_format),
	};
	const struct CMUnitTest scratch[] = {
	    cmocka_unit_test(test_slim_rules),
	    cmocka_unit_test(test_transitions),
	    cmocka_unit_test(test_bad_files),
	};
	int failed;

	failed =
	    cmocka_run_group_tests_name("timeconv", system, system_zones, NULL);
	failed += cmocka_run_group_tests_name("timeconv_tzif", scratch,
					      scratch_zones, NULL);
	return failed != 0;
}
