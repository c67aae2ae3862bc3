/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_workbook.c: data.xlsx's sheets (export/workbook.c, workbook_sheet.c)
 * and the columns they share with the CSV twins (src/record_cells.c).
 * The values themselves are read back with openpyxl in
 * tests/suites/workbook.sh.
 */
#include "unit.h"

#include <zip.h>

#include "export/workbook.h"
#include "export/workbook_check.h"
#include "record_cells.h"
#include "record_csv.h"
#include "timeconv.h"
#include "voxport/model.h"

/* The CSV header is the cells' column names, in order. */
static void same_names(const struct vox_columns *cols, const char *header)
{
	char buf[1024];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < cols->n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					i ? "," : "", cols->v[i].name);
	snprintf(buf + len, sizeof(buf) - len, "\r\n");
	assert_string_equal(buf, header);
}

static void test_columns_are_the_csv_headers(void **state)
{
	(void)state;
	same_names(&vox_call_columns, vox_call_csv_header);
	same_names(&vox_message_columns, vox_message_csv_header);
	same_names(&vox_recording_columns, vox_recording_csv_header);
	same_names(&vox_contact_columns, vox_contact_csv_header);
	same_names(&vox_subject_columns, vox_subject_csv_header);
}

/* A member of the xlsx (a zip) as a string; "" when absent. */
static char *member(const char *xlsx, const char *name)
{
	int zerr = 0;
	zip_t *z = zip_open(xlsx, ZIP_RDONLY, &zerr);
	zip_stat_t st;
	zip_file_t *f;
	char *s;

	assert_non_null(z);
	if (zip_stat(z, name, 0, &st) != 0) {
		zip_close(z);
		return strdup("");
	}
	s = calloc(1, st.size + 1);
	f = zip_fopen(z, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, s, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_close(z);
	return s;
}

static void call(struct vox_call *c, const char *id, const char *name)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->start = 1711800000000LL;	/* 2024-03-30T12:00:00Z */
	c->answer = c->end = VOX_TIME_NONE;
	c->duration = 12;
	c->billsec = -1;
	c->from.number = c->from.raw = "+447700900574";
	c->to.raw = "0044123";
	c->to.name = name;
}

/* A full sheet goes on in "calls (2)", "calls (3)", after the others. */
static void test_full_sheet_goes_on(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_workbook *wb;
	struct vox_call c;
	char id[16], *book, *s3;
	int i;

	(void)state;
	wb = vox_workbook_new("w.xlsx", 0x1f, NULL, 1711800000000LL, ".",
			      &err);
	assert_non_null(wb);
	vox_workbook_set_rows_max(wb, 3);	/* header and 2 rows */
	for (i = 0; i < 5; i++) {
		snprintf(id, sizeof(id), "c%d", i);
		call(&c, id, "Bob");
		assert_int_equal(vox_workbook_add_call(wb, &c, &err), VOX_OK);
	}
	assert_int_equal(vox_workbook_close(wb, &err), VOX_OK);
	book = member("w.xlsx", "xl/workbook.xml");
	assert_non_null(strstr(book, "name=\"recordings\""));
	assert_non_null(strstr(book, "name=\"calls (2)\""));
	assert_non_null(strstr(book, "name=\"calls (3)\""));
	assert_true(strstr(book, "name=\"recordings\"") <
		    strstr(book, "name=\"calls (2)\""));
	/* the 7th sheet holds c4 alone, under its header */
	s3 = member("w.xlsx", "xl/worksheets/sheet7.xml");
	assert_non_null(strstr(s3, ">c4<"));
	assert_null(strstr(s3, ">c3<"));
	assert_non_null(strstr(s3, ">start_utc<"));
	free(book);
	free(s3);
}

/*
 * Text longer than a cell holds is cut at 32,767 characters (not bytes:
 * "é" is two), on a character boundary; control characters stay text.
 */
static void test_long_and_odd_text(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_workbook *wb;
	struct vox_call c;
	size_t n = 40000, i;
	char *name = malloc(2 * n + 1), *sheet, *p;

	(void)state;
	for (i = 0; i < n; i++)
		memcpy(name + 2 * i, "\xc3\xa9", 2);
	name[2 * n] = '\0';
	wb = vox_workbook_new("l.xlsx", 1u << 2, NULL, 0, ".",
			      &err);
	assert_non_null(wb);
	call(&c, "long", name);
	assert_int_equal(vox_workbook_add_call(wb, &c, &err), VOX_OK);
	call(&c, "odd", "a\x01" "b\tc");
	assert_int_equal(vox_workbook_add_call(wb, &c, &err), VOX_OK);
	assert_int_equal(vox_workbook_close(wb, &err), VOX_OK);
	sheet = member("l.xlsx", "xl/worksheets/sheet1.xml");
	p = strstr(sheet, "\xc3\xa9\xc3\xa9");
	assert_non_null(p);
	for (i = 0; p[2 * i] == '\xc3' && p[2 * i + 1] == '\xa9'; i++)
		;
	assert_int_equal(i, 32767);
	/* XML cannot hold U+0001: OOXML's escape, which Excel reads back */
	assert_null(strchr(sheet, '\x01'));
	assert_non_null(strstr(sheet, ">a_x0001_b\tc<"));
	free(sheet);
	free(name);
}

/* A zip of one sheet part holding xml, for vox_workbook_check(). */
static void sheet_zip(const char *path, const char *xml)
{
	int ze;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	zip_source_t *src;

	assert_non_null(za);
	src = zip_source_buffer(za, xml, strlen(xml), 0);
	assert_non_null(src);
	assert_true(zip_file_add(za, "xl/worksheets/sheet1.xml", src, 0) >= 0);
	assert_int_equal(zip_close(za), 0);
}

/* The read-back: whole parts with the cells written, or an error. */
static void test_check_reads_back(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	static const char whole[] = "<worksheet><sheetData><row r=\"1\">"
		"<c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>"
		"</sheetData></worksheet>";

	(void)state;
	sheet_zip("w.xlsx", whole);
	assert_int_equal(vox_workbook_check("w.xlsx", 2, &err), VOX_OK);
	/* a row lost whole: the count says so */
	assert_int_equal(vox_workbook_check("w.xlsx", 3, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_IO);
	assert_non_null(strstr(err.msg, "2 of the 3 cells"));
	/* cut short, as a temporary file on a full disk */
	sheet_zip("cut.xlsx", "<worksheet><sheetData><row r=\"1\"><c r=\"A");
	assert_int_equal(vox_workbook_check("cut.xlsx", 1, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_IO);
	assert_non_null(strstr(err.msg, "xl/worksheets/sheet1.xml"));
	assert_non_null(strstr(err.msg, "disk full"));
	/* past the 64 KiB pieces it is read in: no tag counted twice */
	{
		size_t i, n = 20000, cap = n * 40 + 64, len = 0;
		char *big = malloc(cap);

		assert_non_null(big);
		len += (size_t)snprintf(big, cap, "<worksheet><sheetData>");
		for (i = 0; i < n; i++)
			len += (size_t)snprintf(big + len, cap - len,
						"<c r=\"A%zu\"><v>%zu</v></c>",
						i + 1, i);
		snprintf(big + len, cap - len, "</sheetData></worksheet>");
		sheet_zip("big.xlsx", big);
		assert_int_equal(vox_workbook_check("big.xlsx", n, &err),
				 VOX_OK);
		free(big);
	}
	/* not a zip at all */
	unit_write("no.xlsx", "PK");
	assert_int_equal(vox_workbook_check("no.xlsx", 0, &err), VOX_ERR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_are_the_csv_headers),
		cmocka_unit_test(test_full_sheet_goes_on),
		cmocka_unit_test(test_long_and_odd_text),
		cmocka_unit_test(test_check_reads_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
