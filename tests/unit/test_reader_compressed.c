/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_reader_compressed.c: compressed sources read as what they hold
 * (src/decompress.c), through the reader and its bidding (src/reader.c),
 * and the order of a path pattern's files (src/rotation.c).  The
 * compressed files are made here with the compressors scripts/deps.sh
 * installs.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "decompress.h"
#include "reader.h"
#include "rotation.h"

#define TEXT "HELLO,1\nworld,2\n"

static char *slurp(FILE *f, size_t *len)
{
	static char buf[1 << 16];

	*len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[*len] = '\0';
	return buf;
}

/* Write TEXT to name, compressed by cmd ("gzip -c", ...). */
static void make(const char *cmd, const char *name)
{
	char line[256];

	unit_write("plain.txt", TEXT);
	snprintf(line, sizeof(line), "%s plain.txt > %s", cmd, name);
	assert_int_equal(system(line), 0);
}

static void test_detect(void **state)
{
	static const unsigned char bz[] = "BZh91AY&SY";

	(void)state;
	assert_string_equal(vox_compression_detect(
		(const unsigned char *)"\x1f\x8b\x08\0", 4), "gzip");
	assert_string_equal(vox_compression_detect(
		(const unsigned char *)"\xfd" "7zXZ\0", 6), "xz");
	assert_string_equal(vox_compression_detect(
		(const unsigned char *)"\x28\xb5\x2f\xfd", 4), "zstd");
	assert_string_equal(vox_compression_detect(
		(const unsigned char *)"\x04\x22\x4d\x18", 4), "lz4");
	assert_string_equal(vox_compression_detect(bz, 10), "bzip2");
	/* Text that starts like bzip2, and too short a gzip magic. */
	assert_null(vox_compression_detect(
		(const unsigned char *)"BZh9,x,y\n\n", 10));
	assert_null(vox_compression_detect(
		(const unsigned char *)"\x1f\x8b", 2));
	assert_null(vox_compression_detect(
		(const unsigned char *)"\"\",\"1010\"", 9));
}

static void test_limit(void **state)
{
	(void)state;
	assert_true(vox_decompress_limit(0) == VOX_DECOMPRESS_FLOOR);
	assert_true(vox_decompress_limit(1000) == VOX_DECOMPRESS_FLOOR);
	assert_true(vox_decompress_limit(10ull << 30) ==
		    (10ull << 30) * VOX_DECOMPRESS_RATIO);
	assert_true(vox_decompress_limit(UINT64_MAX) == UINT64_MAX);
}

/* A plain file keeps its own FILE *, even when named .gz. */
static void test_plain_is_untouched(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_decompress *dz = (void *)1;
	FILE *raw, *fp;
	size_t n;

	(void)state;
	unit_write("x.gz", TEXT);
	raw = fopen("x.gz", "rb");
	assert_non_null(raw);
	fp = vox_decompress_open(raw, "x.gz", 0, &dz, &err);
	assert_ptr_equal(fp, raw);
	assert_null(dz);
	assert_string_equal(slurp(fp, &n), TEXT);
	assert_int_equal(vox_decompress_check(dz, &err), VOX_OK);
	fclose(fp);
}

/* Each compression, told by its bytes (the names say .csv), read whole,
 * rewound and read again, its position told. */
static void test_each_kind(void **state)
{
	static const char *const cmds[][2] = {
		{ "gzip -n -c", "gzip" }, { "xz -c", "xz" },
		{ "zstd -q -c", "zstd" }, { "bzip2 -c", "bzip2" },
		{ "lz4 -q -c", "lz4" }, { "lz4 -l -q -c", "lz4" },
		{ "gzip -c plain.txt | xz -c", "xz" },
	};
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct vox_error err = VOX_ERROR_INIT;
		struct vox_decompress *dz;
		FILE *raw, *fp;
		char line[256];

		if (strchr(cmds[i][0], '|')) {
			unit_write("plain.txt", TEXT);
			snprintf(line, sizeof(line), "%s > c.csv", cmds[i][0]);
			assert_int_equal(system(line), 0);
		} else {
			make(cmds[i][0], "c.csv");
		}
		raw = fopen("c.csv", "rb");
		assert_non_null(raw);
		fp = vox_decompress_open(raw, "c.csv", 0, &dz, &err);
		assert_non_null(fp);
		assert_ptr_not_equal(fp, raw);
		assert_string_equal(vox_decompress_kind(dz), cmds[i][1]);
		assert_string_equal(slurp(fp, &n), TEXT);
		assert_true(feof(fp) && !ferror(fp));
		assert_int_equal(ftell(fp), (long)strlen(TEXT));
		assert_int_equal(fseek(fp, 0, SEEK_SET), 0);
		assert_string_equal(slurp(fp, &n), TEXT);
		assert_int_equal(vox_decompress_check(dz, &err), VOX_OK);
		assert_int_equal(fclose(fp), 0);
	}
}

/* Cut short, or a byte changed inside: an error naming the file, never a
 * quiet end of file. */
static void test_damaged_gzip(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_decompress *dz;
	FILE *raw, *fp;
	char big[200000];
	size_t i, n;
	long size;

	(void)state;
	for (i = 0; i + 1 < sizeof(big); i++)
		big[i] = (char)('a' + (i * 7919 + i / 13) % 26);
	big[sizeof(big) - 1] = '\0';
	unit_write("plain.txt", big);
	assert_int_equal(system("gzip -n -c plain.txt > d.gz"), 0);

	/* Half the file: libarchive stops where the data does. */
	assert_int_equal(system("head -c 30 d.gz > cut.gz"), 0);
	raw = fopen("cut.gz", "rb");
	fp = vox_decompress_open(raw, "cut.gz", 0, &dz, &err);
	if (fp) {
		while (fread(big, 1, sizeof(big), fp) > 0)
			;
		assert_true(ferror(fp));
		assert_int_equal(vox_decompress_check(dz, &err), VOX_ERR);
		fclose(fp);
	} else {
		fclose(raw);
	}
	assert_non_null(strstr(err.msg, "cut.gz: damaged gzip stream"));

	/* One byte flipped in the middle of the deflate data. */
	raw = fopen("d.gz", "r+b");
	assert_non_null(raw);
	assert_int_equal(fseek(raw, 0, SEEK_END), 0);
	size = ftell(raw);
	assert_int_equal(fseek(raw, size / 2, SEEK_SET), 0);
	n = (size_t)fgetc(raw);
	assert_int_equal(fseek(raw, size / 2, SEEK_SET), 0);
	fputc((int)(n ^ 0x10), raw);
	assert_int_equal(fseek(raw, 0, SEEK_SET), 0);
	vox_error_clear(&err);
	fp = vox_decompress_open(raw, "d.gz", 0, &dz, &err);
	assert_non_null(fp);
	while (fread(big, 1, sizeof(big), fp) > 0)
		;
	assert_true(ferror(fp));
	assert_int_equal(vox_decompress_check(dz, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_IO);
	assert_non_null(strstr(err.msg, "d.gz: damaged gzip stream"));
	fclose(fp);
}

/* Past its limit a stream fails as a bomb. */
static void test_bomb(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_decompress *dz;
	FILE *raw, *fp;
	static char buf[1 << 16];

	(void)state;
	assert_int_equal(system("head -c 1000000 /dev/zero | gzip -c > "
				"z.gz"), 0);
	raw = fopen("z.gz", "rb");
	fp = vox_decompress_open(raw, "z.gz", 100000, &dz, &err);
	assert_non_null(fp);
	while (fread(buf, 1, sizeof(buf), fp) > 0)
		;
	assert_true(ferror(fp));
	assert_int_equal(vox_decompress_check(dz, &err), VOX_ERR);
	assert_int_equal(err.code, VOX_E_LIMIT);
	assert_non_null(strstr(err.msg, "z.gz: gzip stream decompresses to "
				"more than 100000 bytes"));
	fclose(fp);
}

/* ---- through the reader ------------------------------------------------ */

struct lines {
	FILE *in;
	char line[64];
	struct vox_record rec;
};

static int hello_bid(const unsigned char *buf, size_t len)
{
	return len >= 5 && memcmp(buf, "HELLO", 5) == 0 ? 5 : 0;
}

static void *lines_open(const struct vox_source_args *args,
			struct vox_error *err)
{
	struct lines *l = calloc(1, sizeof(*l));

	(void)err;
	l->in = args->in;
	return l;
}

/* Like a careless reader: a read error is just the end. */
static int lines_next(void *state, const struct vox_record **rec,
		      struct vox_error *err)
{
	struct lines *l = state;

	(void)err;
	if (!fgets(l->line, sizeof(l->line), l->in))
		return VOX_EOF;
	*rec = &l->rec;
	return VOX_OK;
}

static void lines_close(void *state)
{
	free(state);
}

static const struct vox_source hello = {
	.name = "hello", .bid = hello_bid, .open = lines_open,
	.next = lines_next, .close = lines_close,
};

/* Bidding sees the decompressed bytes; records come out whole. */
static void test_reader_bids_on_what_it_holds(void **state)
{
	static const struct vox_source *const table[] = { &hello, NULL };
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;
	struct vox_reader r;

	(void)state;
	make("zstd -q -c", "h.log");
	assert_int_equal(vox_reader_open(&r, NULL, table, "h.log", NULL, NULL,
					 NULL, NULL, &err), VOX_OK);
	assert_ptr_equal(r.source, &hello);
	assert_int_equal(vox_reader_next(&r, &rec, &err), VOX_OK);
	assert_int_equal(vox_reader_next(&r, &rec, &err), VOX_OK);
	assert_int_equal(vox_reader_next(&r, &rec, &err), VOX_EOF);
	vox_reader_close(&r);
}

/* A reader that takes a read error for the end still fails: the reader
 * wrapper asks the stream. */
static void test_reader_never_ends_quietly(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	const struct vox_record *rec;
	struct vox_reader r;
	char text[5000];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i + 1 < sizeof(text); i++)
		text[i] = i % 40 == 39 ? '\n' : (char)('a' + i % 26);
	text[sizeof(text) - 1] = '\0';
	unit_write("plain.txt", text);
	/* The size in the trailer changed: the data does not match it. */
	assert_int_equal(system("gzip -n -c plain.txt > t.gz && printf "
				"'\\377' | dd of=t.gz bs=1 seek=$(($(stat -c %s "
				"t.gz) - 4)) conv=notrunc 2>/dev/null"), 0);
	assert_int_equal(vox_reader_open(&r, &hello, NULL, "t.gz", NULL, NULL,
					 NULL, NULL, &err), VOX_OK);
	while ((rc = vox_reader_next(&r, &rec, &err)) == VOX_OK)
		;
	assert_int_equal(rc, VOX_ERR);
	assert_int_equal(err.code, VOX_E_IO);
	assert_non_null(strstr(err.msg, "t.gz: damaged gzip stream"));
	assert_non_null(strstr(err.msg, "records read before it"));
	vox_reader_close(&r);
}

/* ---- the order of a pattern's files ------------------------------------ */

static int by_rotation(const void *a, const void *b)
{
	return vox_rotation_cmp(*(const char *const *)a,
				*(const char *const *)b);
}

static void test_rotation_order(void **state)
{
	const char *v[] = {
		"cdr/Master.csv", "cdr/Master.csv.1", "cdr/Master.csv.10.gz",
		"cdr/Master.csv.2.gz", "cdr/Master.csv.3.xz",
		"cdr/Master.csv-20240301.gz", "cdr/Master.csv-20240115",
		"cdr/Master.csv-2023-12-31.bz2", "cdr/Another.csv",
		"cdr/Another.csv.1", "cdr/b/x.xml", "cdr/a/x.xml",
	};
	const char *want[] = {
		"cdr/Another.csv.1", "cdr/Another.csv",
		"cdr/Master.csv-2023-12-31.bz2", "cdr/Master.csv-20240115",
		"cdr/Master.csv-20240301.gz", "cdr/Master.csv.10.gz",
		"cdr/Master.csv.3.xz", "cdr/Master.csv.2.gz",
		"cdr/Master.csv.1", "cdr/Master.csv",
		"cdr/a/x.xml", "cdr/b/x.xml",
	};
	size_t i;

	(void)state;
	qsort(v, sizeof(v) / sizeof(v[0]), sizeof(v[0]), by_rotation);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_string_equal(v[i], want[i]);
	/* Short digit runs are names, not dates; .1 and .1.gz by bytes. */
	assert_true(vox_rotation_cmp("log-2024", "log-2025") < 0);
	assert_true(vox_rotation_cmp("x.1", "x.1.gz") < 0);
	assert_true(vox_rotation_cmp("x.2", "x.1.gz") < 0);
}

static void test_matches(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_matches m;

	(void)state;
	assert_int_equal(mkdir("r", 0700), 0);
	assert_int_equal(mkdir("r/Master.csv.9", 0700), 0);	/* a folder */
	unit_write("r/Master.csv", "");
	unit_write("r/Master.csv.1", "");
	unit_write("r/Master.csv.2.gz", "");
	unit_write("r/.Master.csv.swp", "");
	assert_int_equal(vox_matches_list(&m, "r/Master.csv*", &err), VOX_OK);
	assert_int_equal(m.n, 3);
	assert_string_equal(m.paths[0], "r/Master.csv.2.gz");
	assert_string_equal(m.paths[1], "r/Master.csv.1");
	assert_string_equal(m.paths[2], "r/Master.csv");
	vox_matches_release(&m);
	assert_int_equal(vox_matches_list(&m, "r/*.xml", &err), VOX_OK);
	assert_int_equal(m.n, 0);
	vox_matches_release(&m);
	assert_true(vox_path_is_pattern("cdr/Master.csv*"));
	assert_true(vox_path_is_pattern("cdr/[ab]/x.xml"));
	assert_false(vox_path_is_pattern("phones/{subject}/calls.xml"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_plain_is_untouched),
		cmocka_unit_test(test_each_kind),
		cmocka_unit_test(test_damaged_gzip),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_reader_bids_on_what_it_holds),
		cmocka_unit_test(test_reader_never_ends_quietly),
		cmocka_unit_test(test_rotation_order),
		cmocka_unit_test(test_matches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
