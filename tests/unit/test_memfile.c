/* SPDX-License-Identifier: Apache-2.0 */
/* test_memfile.c: a stream in memory, then in a file (src/memfile.c). */
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "memfile.h"
#include "tmpdir.h"

static int ours(const char *name)
{
	return strcmp(name, "m") == 0;
}

/* Under the limit: the bytes in memory, no file made. */
static void test_small_stays_in_memory(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_tmpdir *t = vox_tmpdir_new(".", ours, &err);
	struct vox_memfile *m;
	const unsigned char *p;
	struct stat st;
	size_t len = 99;

	(void)state;
	assert_non_null(t);
	m = vox_memfile_new(t, "m", 16, &err);
	assert_non_null(m);
	assert_int_equal(fputs("0123456789abcdef", vox_memfile_stream(m)) >= 0,
			 1);
	assert_int_equal(vox_memfile_close(m, &err), VOX_OK);
	p = vox_memfile_data(m, &len);
	assert_non_null(p);
	assert_int_equal(len, 16);
	assert_memory_equal(p, "0123456789abcdef", 16);
	assert_int_not_equal(stat(vox_memfile_path(m), &st), 0);
	vox_memfile_free(m);
	vox_tmpdir_free(t);
}

/* Nothing written: in memory, zero bytes. */
static void test_empty(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_tmpdir *t = vox_tmpdir_new(".", ours, &err);
	struct vox_memfile *m = vox_memfile_new(t, "m", 16, &err);
	size_t len = 99;

	(void)state;
	assert_non_null(m);
	assert_int_equal(vox_memfile_close(m, &err), VOX_OK);
	assert_non_null(vox_memfile_data(m, &len));
	assert_int_equal(len, 0);
	vox_memfile_free(m);
	vox_tmpdir_free(t);
}

/* Past the limit: every byte, in order, in the file; none in memory. */
static void test_large_moves_to_file(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_tmpdir *t = vox_tmpdir_new(".", ours, &err);
	struct vox_memfile *m = vox_memfile_new(t, "m", 1000, &err);
	char buf[20000];
	FILE *f;
	size_t i, len = 99;

	(void)state;
	assert_non_null(m);
	/* stdio buffers: write more than its buffer so the limit is met */
	for (i = 0; i < 15000; i++)
		fputc('a' + (int)(i % 26), vox_memfile_stream(m));
	assert_int_equal(vox_memfile_close(m, &err), VOX_OK);
	assert_null(vox_memfile_data(m, &len));
	assert_int_equal(len, 0);
	f = fopen(vox_memfile_path(m), "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof(buf), f), 15000);
	fclose(f);
	for (i = 0; i < 15000; i++)
		assert_int_equal(buf[i], 'a' + (int)(i % 26));
	vox_memfile_free(m);
	/* the file is the folder's: removed with it */
	vox_tmpdir_free(t);
}

/* The file cannot be made: the close fails and says which file. */
static void test_file_fails(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_tmpdir *t = vox_tmpdir_new(".", ours, &err);
	struct vox_memfile *m = vox_memfile_new(t, "m", 10, &err);
	struct vox_memfile *m2 = vox_memfile_new(t, "m", 10, &err);
	size_t i;

	(void)state;
	assert_non_null(m);
	assert_non_null(m2);
	/* the first makes "m"; the second cannot (O_EXCL) */
	for (i = 0; i < 10000; i++)
		fputc('x', vox_memfile_stream(m));
	assert_int_equal(vox_memfile_close(m, &err), VOX_OK);
	for (i = 0; i < 10000; i++)
		fputc('y', vox_memfile_stream(m2));
	assert_int_equal(vox_memfile_close(m2, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_IO);
	assert_non_null(strstr(err.msg, "/m"));
	vox_memfile_free(m);
	vox_memfile_free(m2);
	vox_tmpdir_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_stays_in_memory),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_large_moves_to_file),
		cmocka_unit_test(test_file_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
