/* test_csvrows.c: pull-style CSV rows with line numbers (src/csvrows.c). */
#include "unit.h"

#include "csvrows.h"

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
	assert_int_equal(err.code, VOX_E_LIMIT);
	assert_non_null(strstr(err.msg, "in.csv:1: row longer than"));
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
