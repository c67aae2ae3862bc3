/* SPDX-License-Identifier: Apache-2.0 */
/* test_csv_write.c: CSV fields and the formula guard (src/csv_write.c). */
#include "unit.h"

#include "csv_write.h"
#include "csvrows.h"

/* What vox_csv_put() writes for one field, as the last of its row. */
static const char *put_one(const char *s)
{
	static char buf[256];
	FILE *f = fopen("one.csv", "w+b");
	size_t n;

	assert_non_null(f);
	assert_int_equal(vox_csv_put(f, s, 1), VOX_OK);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_quoting(void **state)
{
	FILE *f = fopen("out.csv", "wb");
	char buf[256];
	size_t n;

	(void)state;
	vox_csv_put(f, "plain", 0);
	vox_csv_put(f, "a,b", 0);
	vox_csv_put(f, "say \"hi\"", 0);
	vox_csv_put(f, NULL, 0);
	vox_csv_put(f, " padded", 0);
	vox_csv_put(f, "tab\t", 0);
	vox_csv_put(f, "two\nlines", 1);
	fclose(f);
	f = fopen("out.csv", "rb");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",,\" padded\","
			    "\"tab\t\",\"two\nlines\"\r\n");
}

/* The plain writer: the same quoting, no guard; quoted on request. */
static void test_plain(void **state)
{
	FILE *f = fopen("plain.csv", "wb");
	char buf[256];
	size_t n;

	(void)state;
	vox_csv_put_plain(f, "=1+1", 0);
	vox_csv_put_plain(f, "-Smith, Jr", 0);
	vox_csv_put_plain(f, "'quoted'", 0);
	vox_csv_put_plain(f, NULL, VOX_CSV_QUOTE);
	vox_csv_put_plain(f, "@x", VOX_CSV_QUOTE | VOX_CSV_LAST);
	fclose(f);
	f = fopen("plain.csv", "rb");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, "=1+1,\"-Smith, Jr\",'quoted',\"\",\"@x\"\r\n");
}

static void test_every_trigger(void **state)
{
	(void)state;
	assert_string_equal(put_one("=HYPERLINK(\"http://x\",\"y\")"),
			    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
	assert_string_equal(put_one("+cmd|' /C calc'!A0"),
			    "'+cmd|' /C calc'!A0\r\n");
	assert_string_equal(put_one("-2+3+cmd|' /C calc'!A0"),
			    "'-2+3+cmd|' /C calc'!A0\r\n");
	assert_string_equal(put_one("@SUM(1+1)*cmd|' /C calc'!A0"),
			    "'@SUM(1+1)*cmd|' /C calc'!A0\r\n");
	assert_string_equal(put_one("\t=1+1"), "'\t'=1+1\r\n");
	assert_string_equal(put_one("\r=1+1"), "\"'\r'=1+1\"\r\n");
	assert_string_equal(put_one("\n=1+1"), "\"'\n'=1+1\"\r\n");
	assert_string_equal(put_one("\"=1+1\""), "\"'\"\"=1+1\"\"\"\r\n");
	assert_string_equal(put_one("="), "'=\r\n");
	assert_string_equal(put_one("+"), "'+\r\n");
	assert_string_equal(put_one("-"), "'-\r\n");
	assert_string_equal(put_one("Alice = Bob"), "Alice = Bob\r\n");
	assert_string_equal(put_one(" =1+1"), "\" =1+1\"\r\n");
}

/* A reader that splits at ";", TAB or a line break starts a cell there. */
static void test_inner_boundaries(void **state)
{
	(void)state;
	assert_string_equal(put_one("x;=1+1;"), "x;'=1+1;\r\n");
	assert_string_equal(put_one("y\n=2+2,"), "\"y\n'=2+2,\"\r\n");
	assert_string_equal(put_one("y\r\n@2"), "\"y\r'\n'@2\"\r\n");
	assert_string_equal(put_one("z\t=3+3"), "z\t'=3+3\r\n");
	assert_string_equal(put_one("a;\"=5+5"), "\"a;'\"\"=5+5\"\r\n");
	assert_string_equal(put_one("a;;-2"), "a;;'-2\r\n");
	assert_string_equal(put_one("a;'b"), "a;''b\r\n");
	assert_string_equal(put_one("=a;+b"), "'=a;'+b\r\n");
	/* Other characters, and a trigger not right after a boundary, stay. */
	assert_string_equal(put_one("a;b"), "a;b\r\n");
	assert_string_equal(put_one("a; =1"), "a; =1\r\n");
	assert_string_equal(put_one("tel:+44;ext=1"), "tel:+44;ext=1\r\n");
	assert_string_equal(put_one("a,=1"), "\"a,=1\"\r\n");
	assert_int_equal(vox_csv_guarded("x;=1"), 1);
	assert_int_equal(vox_csv_guarded("x;1"), 0);
}

static void test_numbers_kept(void **state)
{
	static const char *kept[] = {
		"+447700900123", "447700900123", "-2", "-2.5", "+1.5", "0",
		"1711699237.1", "2024-03-30T20:02:37Z", "*97", "#31#",
	};
	static const char *guarded[] = {
		"+44 20 7946 0999", "-2+3", "+1e5", "-.5", "+.5", "-1.",
		"-2.5.1", "+447700900123;ext=1", "--1", "+-1", "@1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		char want[64];

		snprintf(want, sizeof(want), "%s\r\n", kept[i]);
		assert_int_equal(vox_csv_guarded(kept[i]), 0);
		assert_string_equal(put_one(kept[i]), want);
	}
	for (i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++) {
		char want[64];

		snprintf(want, sizeof(want), "'%s\r\n", guarded[i]);
		assert_int_equal(vox_csv_guarded(guarded[i]), 1);
		assert_string_equal(put_one(guarded[i]), want);
	}
	assert_int_equal(vox_csv_guarded(NULL), 0);
	assert_int_equal(vox_csv_guarded(""), 0);
}

static void test_quote_char(void **state)
{
	(void)state;
	/* A value that starts with "'" gets one more, so that removing one
	 * always gives the value back. */
	assert_string_equal(put_one("'=1+1"), "''=1+1\r\n");
	assert_string_equal(put_one("'Tis me"), "''Tis me\r\n");
	assert_string_equal(put_one("''"), "'''\r\n");
	assert_string_equal(put_one("O'Brien"), "O'Brien\r\n");
}

static int is_boundary(char c)
{
	return c == ';' || c == '\t' || c == '\r' || c == '\n';
}

/* A plain number as man/voxport-archive.5 says, written as it is. */
static int plain(const char *s)
{
	size_t digits;

	s += *s == '+' || *s == '-';
	digits = strspn(s, "0123456789");
	if (!digits)
		return 0;
	s += digits;
	if (*s == '.') {
		digits = strspn(++s, "0123456789");
		if (!digits)
			return 0;
		s += digits;
	}
	return *s == '\0';
}

/* The consumer's side, as man/voxport-archive.5 says: delete every "'"
 * at the start of a value or after a ";", TAB, CR or LF. */
static void unguard(const char *in, char *out)
{
	size_t i;

	for (i = 0; in[i]; i++)
		if (in[i] != '\'' || (i > 0 && !is_boundary(in[i - 1])))
			*out++ = in[i];
	*out = '\0';
}

/*
 * Write values, read them back with the CSV reader, and undo the guard:
 * every value comes back, and no place where a cell may start holds
 * anything a spreadsheet runs.
 */
static void test_reversible(void **state)
{
	static const char *values[] = {
		"=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0",
		"@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
		"\t=1+1", "\r=1+1", "\n=1+1", "'", "'=1", "''x", "+447700900123",
		"-2.5", "plain", "a,\"b\"", " lead", "trail\t", "a\r\n=1",
		"=", "-", "@", "+", "x'", "x;=1", "x;'=1", "\t\t", "'\t'\t",
		";;'';", "a\n\"=1", "'\"'",
	};
	const size_t n = sizeof(values) / sizeof(values[0]);
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	struct vox_csv *c;
	FILE *f = fopen("rt.csv", "wb");
	size_t i;

	(void)state;
	assert_non_null(f);
	for (i = 0; i < n; i++)
		assert_int_equal(vox_csv_put(f, values[i], i == n - 1), VOX_OK);
	assert_int_equal(fclose(f), 0);
	f = fopen("rt.csv", "rb");
	assert_non_null(f);
	c = vox_csv_new(f, "rt.csv", VOX_CSV_STRICT);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->n, n);
	for (i = 0; i < n; i++) {
		const char *cell = row->f[i].s;
		char back[64];
		size_t j;

		assert_non_null(cell);
		for (j = 0; cell[j] && !plain(cell); j++)
			if (j == 0 || is_boundary(cell[j - 1]))
				assert_null(strchr("=+-@\t\r\n\"", cell[j]));
		unguard(cell, back);
		assert_string_equal(back, values[i]);
	}
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_EOF);
	vox_csv_free(c);
	fclose(f);
}

/* The same for many strings made of the characters that matter. */
static void test_random_round_trip(void **state)
{
	static const char alphabet[] = "=+-@\t\r\n\"';, a1.";
	enum { N = 3000 };
	static char values[N][16];
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	struct vox_csv *c;
	unsigned seed = 1;
	FILE *f = fopen("random.csv", "wb");
	size_t i, j;

	(void)state;
	assert_non_null(f);
	for (i = 0; i < N; i++) {
		size_t len;

		/* A fixed linear congruential sequence: the same strings on
		 * every run. */
		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % 12;
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			values[i][j] = alphabet[(seed >> 16) %
						(sizeof(alphabet) - 1)];
		}
		values[i][len] = '\0';
		vox_csv_put(f, "k", 0);
		assert_int_equal(vox_csv_put(f, values[i], 1), VOX_OK);
	}
	assert_int_equal(fclose(f), 0);
	f = fopen("random.csv", "rb");
	assert_non_null(f);
	c = vox_csv_new(f, "random.csv", VOX_CSV_STRICT);
	for (i = 0; i < N; i++) {
		const char *cell;
		char back[64];

		assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
		assert_int_equal(row->n, 2);
		cell = row->f[1].s ? row->f[1].s : "";
		for (j = 0; cell[j] && !plain(cell); j++)
			if (j == 0 || is_boundary(cell[j - 1]))
				assert_null(strchr("=+-@\t\r\n\"", cell[j]));
		unguard(cell, back);
		assert_string_equal(back, values[i]);
	}
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_EOF);
	vox_csv_free(c);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_every_trigger),
		cmocka_unit_test(test_inner_boundaries),
		cmocka_unit_test(test_numbers_kept),
		cmocka_unit_test(test_quote_char),
		cmocka_unit_test(test_reversible),
		cmocka_unit_test(test_random_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
