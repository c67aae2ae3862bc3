/* SPDX-License-Identifier: Apache-2.0 */
/* test_csvrows.c: pull-style CSV rows with line numbers (src/csvrows.c). */
#include "unit.h"

#include "csvrows.h"
#include "voxport/source.h"

static struct vox_csv *open_text(const char *text, unsigned flags, FILE **f)
{
	unit_write("in.csv", text);
	*f = fopen("in.csv", "rb");
	assert_non_null(*f);
	return vox_csv_new(*f, "in.csv", flags);
}

static void test_rows_and_lines(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	FILE *f;
	struct vox_csv *c = open_text("a,\"b\",,\"\"\r\n\"multi\nline\",x\n"
				      "last,row", VOX_CSV_STRICT, &f);

	(void)state;
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 1);
	assert_int_equal(row->n, 4);
	assert_string_equal(row->f[0].s, "a");
	assert_string_equal(row->f[1].s, "b");
	assert_null(row->f[2].s);		/* empty unquoted */
	assert_non_null(row->f[3].s);		/* "" is an empty string */
	assert_int_equal(row->f[3].len, 0);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 2);
	assert_string_equal(row->f[0].s, "multi\nline");
	assert_string_equal(row->f[1].s, "x");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 4);
	assert_string_equal(row->f[1].s, "row");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_EOF);
	vox_csv_free(c);
	fclose(f);
}

/* A row across lines whose first field is empty and unquoted. */
static void test_open_row_starting_empty(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	FILE *f;
	struct vox_csv *c = open_text(",\"a\nb\"\nnext,1\n", VOX_CSV_STRICT,
				      &f);

	(void)state;
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->n, 2);
	assert_null(row->f[0].s);
	assert_string_equal(row->f[1].s, "a\nb");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 3);
	assert_string_equal(row->f[0].s, "next");
	vox_csv_free(c);
	fclose(f);
}

static void test_error_then_next_row(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	FILE *f;
	struct vox_csv *c = open_text("ok,1\nb\"ad,2\ngood,3\n",
				      VOX_CSV_STRICT, &f);

	(void)state;
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_non_null(strstr(err.msg, "in.csv:2: malformed CSV"));
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 3);
	assert_string_equal(row->f[0].s, "good");
	vox_csv_free(c);
	fclose(f);
}

static void test_unterminated_at_eof(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	FILE *f;
	struct vox_csv *c = open_text("a,b\n\"open,c\n", VOX_CSV_STRICT, &f);

	(void)state;
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_ERR);
	assert_string_equal(err.msg, "in.csv:2: unterminated quoted field at "
			    "end of file");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_EOF);
	vox_csv_free(c);
	fclose(f);
}

static void test_bom_and_limits(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	FILE *f;
	struct vox_csv *c = open_text("\xEF\xBB\xBFid,name\n", 0, &f);
	char *big;
	size_t i;

	(void)state;
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_string_equal(row->f[0].s, "id");
	vox_csv_free(c);
	fclose(f);

	/* A quote opened and never closed must not eat memory forever. */
	big = malloc(6u << 20);
	assert_non_null(big);
	big[0] = '"';
	for (i = 1; i < (6u << 20) - 1; i++)
		big[i] = (i % 80) ? 'x' : '\n';
	big[i] = '\0';
	c = open_text(big, VOX_CSV_STRICT, &f);
	free(big);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	/* A quote opened on line 1 ran over the lines that followed. */
	assert_string_equal(err.msg, "in.csv:1: row longer than 4194304 "
			    "bytes; a quote opened on line 1 was still open, "
			    "so lines 1-52429 are one bad row");
	vox_csv_free(c);
	fclose(f);
}

/*
 * A row over the limits is a bad row like any other: the next call goes on
 * at the next line, with the right line numbers.
 */
static void test_over_limit_rows_skipped(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	FILE *f = fopen("in.csv", "wb");
	struct vox_csv *c;
	size_t i;

	(void)state;
	assert_non_null(f);
	fputs("first,1\n\"", f);
	for (i = 0; i < (5u << 20) / 64; i++)
		fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		      f);
	fputs("\",2\nthird,3\n", f);
	for (i = 0; i < 4097; i++)
		fputs(i ? ",f" : "f", f);
	fputs("\r\nlast,5\r\n", f);
	assert_int_equal(fclose(f), 0);
	f = fopen("in.csv", "rb");
	assert_non_null(f);
	c = vox_csv_new(f, "in.csv", VOX_CSV_STRICT);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 1);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_string_equal(err.msg, "in.csv:2: row longer than 4194304 bytes");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 3);
	assert_string_equal(row->f[0].s, "third");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_DATA);
	assert_string_equal(err.msg, "in.csv:4: row of more than 4096 fields");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 5);
	assert_string_equal(row->f[1].s, "5");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_EOF);
	vox_csv_free(c);
	fclose(f);
}

/* Old Mac files end lines in a CR alone; CRLF and LF still work. */
static void test_line_ends(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	FILE *f;
	struct vox_csv *c = open_text("a,1\rb,\"x\ry\"\rc,3\r\nd,4\ne,5\r",
				      VOX_CSV_STRICT, &f);
	static const struct {
		uint64_t line;
		const char *f0, *f1;
	} want[] = {
		{ 1, "a", "1" }, { 2, "b", "x\ry" }, { 4, "c", "3" },
		{ 5, "d", "4" }, { 6, "e", "5" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
		assert_int_equal(row->line, want[i].line);
		assert_int_equal(row->n, 2);
		assert_string_equal(row->f[0].s, want[i].f0);
		assert_string_equal(row->f[1].s, want[i].f1);
	}
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_EOF);
	assert_int_equal(vox_csv_lines(c), 6);
	vox_csv_free(c);
	fclose(f);
}

/* A CR-only file larger than the row limit is many rows, not one. */
static void test_cr_only_large(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	FILE *f = fopen("in.csv", "wb");
	struct vox_csv *c;
	uint64_t i, n = 0;

	(void)state;
	assert_non_null(f);
	for (i = 0; i < 100000; i++)
		fprintf(f, "\"row\",%llu,\"%060d\"\r",
			(unsigned long long)i + 1, 0);
	assert_int_equal(fclose(f), 0);
	f = fopen("in.csv", "rb");
	assert_non_null(f);
	c = vox_csv_new(f, "in.csv", VOX_CSV_STRICT);
	while (vox_csv_next(c, &row, &err) == VOX_OK) {
		n++;
		assert_int_equal(row->line, n);
		assert_int_equal(row->n, 3);
	}
	assert_int_equal(err.code, VOX_E_NONE);
	assert_int_equal(n, 100000);
	vox_csv_free(c);
	fclose(f);
}

/*
 * The prefilter (rowscan.h): only rows holding a needle come out, with the
 * lines of the file; the first row, rows over several lines and rows with
 * a CR alone always do; blank rows are not counted as skipped.
 */
static void test_prefilter(void **state)
{
	static const char *const s[] = { "1001" };
	static const size_t len[] = { 4 };
	const struct vox_needles nd = { 1, s, len, 0 };
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	uint64_t skipped = 0;
	FILE *f;
	struct vox_csv *c = open_text(
		"head,x\n"			/* 1: the first row: read */
		"a,\"2002\"\n"			/* 2: skipped */
		"\"1001\",b\n"			/* 3 */
		"\n   \t\n"			/* 4, 5: blank */
		"c,\"x\ny\"\n"			/* 6-7: two lines: read */
		"d,\"e\"\"\n1001\"\n"		/* 8-9: a needle on line 9 */
		"f,g\r\n"			/* 10: CRLF, skipped */
		"h,i\rj,1001\r\n"		/* 11, 12: a CR alone: read */
		"k,2002\n"			/* 13: skipped */
		"l,\"1001", VOX_CSV_STRICT, &f);	/* 14: left open */

	(void)state;
	assert_int_equal(vox_csv_set_prefilter(c, &nd, NULL, NULL, &skipped,
					       &err), VOX_OK);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 1);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 3);
	assert_string_equal(row->f[0].s, "1001");
	assert_int_equal(skipped, 1);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 6);
	assert_string_equal(row->f[1].s, "x\ny");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 8);
	assert_string_equal(row->f[1].s, "e\"\n1001");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 11);
	assert_string_equal(row->f[0].s, "h");
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	assert_int_equal(row->line, 12);
	assert_string_equal(row->f[1].s, "1001");
	assert_int_equal(skipped, 2);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_ERR);
	assert_non_null(strstr(err.msg, "in.csv:14: unterminated"));
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_EOF);
	assert_int_equal(skipped, 3);
	vox_csv_free(c);
	fclose(f);
}

/*
 * A quote the scanner and the parser read otherwise (a '"' in an unquoted
 * field, then a quoted field left open at the end of the scanner's row):
 * past it every byte is parsed, so the rows are those of a full parse.
 */
static void test_prefilter_through(void **state)
{
	static const char *const s[] = { "1001" };
	static const size_t len[] = { 4 };
	const struct vox_needles nd = { 1, s, len, 0 };
	int pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		struct vox_error err = VOX_ERROR_INIT;
		const struct vox_csv_row *row;
		uint64_t skipped = 0;
		FILE *f;
		struct vox_csv *c = open_text(
			"h\n"
			"1001,a\"b\n"	/* 2: bad; the scanner reads on */
			"c,d\n"		/* 3 */
			"\"e\n"		/* 4: the parser's field runs on */
			"f\",g\n"	/* 5 */
			"z,2002\n", VOX_CSV_STRICT, &f);

		if (pass)
			assert_int_equal(vox_csv_set_prefilter(c, &nd, NULL,
							       NULL, &skipped,
							       &err), VOX_OK);
		assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
		assert_int_equal(row->line, 1);
		assert_int_equal(vox_csv_next(c, &row, &err), VOX_ERR);
		assert_non_null(strstr(err.msg, "in.csv:2: malformed"));
		assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
		assert_int_equal(row->line, 3);
		assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
		assert_int_equal(row->line, 4);
		assert_string_equal(row->f[0].s, "e\nf");
		assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
		assert_int_equal(row->line, 6);
		assert_string_equal(row->f[1].s, "2002");
		assert_int_equal(vox_csv_next(c, &row, &err), VOX_EOF);
		assert_int_equal(skipped, 0);
		vox_csv_free(c);
		fclose(f);
	}
}

/* The bytes of each row as read, its lines with their line ends. */
static void test_raw(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_csv_row *row;
	const char *raw;
	size_t len;
	int whole;
	FILE *f;
	struct vox_csv *c = open_text("\xEF\xBB\xBF" "a,b\r\n\"multi\nline\",x\n"
				      "b\"ad,2\ngood,3\n\"open,\nc\n",
				      VOX_CSV_STRICT, &f);

	(void)state;
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	raw = vox_csv_raw(c, &len, &whole);
	assert_int_equal(len, 5);
	assert_memory_equal(raw, "a,b\r\n", 5);
	assert_int_equal(whole, 1);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	raw = vox_csv_raw(c, &len, &whole);
	assert_int_equal(len, 15);
	assert_memory_equal(raw, "\"multi\nline\",x\n", 15);
	/* a bad row: its bytes, until the next call */
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_ERR);
	raw = vox_csv_raw(c, &len, &whole);
	assert_int_equal(len, 7);
	assert_memory_equal(raw, "b\"ad,2\n", 7);
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_OK);
	raw = vox_csv_raw(c, &len, &whole);
	assert_int_equal(len, 7);
	assert_memory_equal(raw, "good,3\n", 7);
	/* a quote left open to the end: every line it swallowed */
	assert_int_equal(vox_csv_next(c, &row, &err), VOX_ERR);
	raw = vox_csv_raw(c, &len, &whole);
	assert_int_equal(len, 9);
	assert_memory_equal(raw, "\"open,\nc\n", 9);
	vox_csv_free(c);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_lines),
		cmocka_unit_test(test_open_row_starting_empty),
		cmocka_unit_test(test_error_then_next_row),
		cmocka_unit_test(test_unterminated_at_eof),
		cmocka_unit_test(test_bom_and_limits),
		cmocka_unit_test(test_over_limit_rows_skipped),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_cr_only_large),
		cmocka_unit_test(test_prefilter),
		cmocka_unit_test(test_prefilter_through),
		cmocka_unit_test(test_raw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
