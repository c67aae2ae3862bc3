/* SPDX-License-Identifier: Apache-2.0 */
/* decompress.c: compressed input as a plain stream (see decompress.h). */
/* fopencookie() is a GNU extension. */
#define _GNU_SOURCE
#include <archive.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "decompress.h"

struct vox_decompress {
	FILE *raw;		/* the compressed file, owned */
	struct archive *a;	/* NULL between a failed restart and close */
	char *name;
	const char *kind;
	uint64_t limit;
	uint64_t size;		/* of the compressed file, 0 if unknown */
	uint64_t out;		/* decompressed bytes handed out */
	unsigned long crc;	/* gzip: CRC-32 of those */
	int done;		/* the stream has ended */
	int code;		/* of the failure; VOX_E_NONE while well */
	char msg[VOX_ERROR_MAX];
};

static const struct magic {
	const char *kind;
	size_t n;
	const char *bytes;
} magics[] = {
	{ "gzip", 3, "\x1f\x8b\x08" },		/* RFC 1952, deflate */
	{ "xz", 6, "\xfd" "7zXZ\0" },
	{ "zstd", 4, "\x28\xb5\x2f\xfd" },	/* RFC 8878 frame */
	{ "lz4", 4, "\x04\x22\x4d\x18" },	/* frame format */
	{ "lz4", 4, "\x02\x21\x4c\x18" },	/* legacy format */
};

/*
 * bzip2: "BZh", the block size digit, then the magic of the first block
 * (the digits of pi) or of the end of an empty stream (of sqrt(pi)).  The
 * first four alone could start a line of text.
 */
static int is_bzip2(const unsigned char *b, size_t n)
{
	return n >= 10 && memcmp(b, "BZh", 3) == 0 && b[3] >= '1' &&
		b[3] <= '9' && (memcmp(b + 4, "\x31\x41\x59\x26\x53\x59", 6)
				== 0 || memcmp(b + 4, "\x17\x72\x45\x38\x50\x90",
					       6) == 0);
}

const char *vox_compression_detect(const unsigned char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n >= magics[i].n &&
		    memcmp(buf, magics[i].bytes, magics[i].n) == 0)
			return magics[i].kind;
	return is_bzip2(buf, n) ? "bzip2" : NULL;
}

uint64_t vox_decompress_limit(uint64_t size)
{
	if (size > VOX_DECOMPRESS_FLOOR / VOX_DECOMPRESS_RATIO)
		return size > UINT64_MAX / VOX_DECOMPRESS_RATIO ? UINT64_MAX :
			size * VOX_DECOMPRESS_RATIO;
	return VOX_DECOMPRESS_FLOOR;
}

/* Remember why the stream failed; errno for the FILE * machinery. */
static int fail(struct vox_decompress *d, int code, const char *why)
{
	if (d->code == VOX_E_NONE) {
		d->code = code;
		snprintf(d->msg, sizeof(d->msg), "%s: %s", d->name, why);
	}
	errno = EIO;
	return -1;
}

/*
 * The decompressed offset is exact; libarchive reads the file in blocks,
 * so the compressed one is only how far its reading had got.
 */
static int fail_at(struct vox_decompress *d, const char *what)
{
	char why[VOX_ERROR_MAX - 100], at[80] = "";
	int64_t in = d->a ? archive_filter_bytes(d->a, -1) : -1;

	if (in >= 0)
		snprintf(at, sizeof(at), ", %lld of its %llu bytes read",
			 (long long)in, (unsigned long long)d->size);
	if (d->out == 0)	/* opening: libarchive reads ahead */
		snprintf(why, sizeof(why), "damaged %s stream%s: %s", d->kind,
			 at, what);
	else
		snprintf(why, sizeof(why), "damaged %s stream at byte %llu "
			 "of its decompressed data%s: %s", d->kind,
			 (unsigned long long)d->out, at, what);
	return fail(d, VOX_E_IO, why);
}

/* What libarchive says went wrong, or fallback. */
static int fail_archive(struct vox_decompress *d, const char *fallback)
{
	const char *s = d->a ? archive_error_string(d->a) : NULL;

	return fail_at(d, s ? s : fallback);
}

/*
 * The rest of a gzip file of several members (pigz --independent, cat
 * a.gz b.gz), checked by zlib's own gzip reader, which checks each
 * member's CRC-32 and size: a second pass, only for such files.
 */
static int check_gzip_members(struct vox_decompress *d)
{
	enum { CHUNK = 1 << 16 };
	char *buf = malloc(CHUNK), msg[300];
	uint64_t total = 0;
	int fd = dup(fileno(d->raw)), n, errnum = Z_OK;
	gzFile z = NULL;
	const char *why = NULL;

	if (!buf || fd < 0 || lseek(fd, 0, SEEK_SET) != 0 ||
	    !(z = gzdopen(fd, "rb"))) {
		int code = buf ? VOX_E_IO : VOX_E_NOMEM;

		if (fd >= 0)
			close(fd);
		free(buf);
		return fail(d, code, code == VOX_E_IO ? strerror(errno) :
			    "out of memory");
	}
	while ((n = gzread(z, buf, CHUNK)) > 0 && total <= d->limit)
		total += (uint64_t)n;
	if (n < 0) {
		why = gzerror(z, &errnum);
		/* zlib names the file "<fd:N>": the message names it. */
		if (strncmp(why, "<fd:", 4) == 0 && strstr(why, ": "))
			why = strstr(why, ": ") + 2;
	} else if (total != d->out) {
		why = "its members do not add up";
	}
	if (why)
		snprintf(msg, sizeof(msg), "a member's CRC-32 or size does "
			 "not match its data (zlib: %s)", why);
	gzclose(z);
	free(buf);
	return why ? fail_at(d, msg) : 0;
}

/*
 * libarchive does not check a gzip member's CRC-32 and size (a TODO in
 * its gzip filter), so a flipped bit inside the deflate data could pass
 * unseen.  The last member's trailer is checked against all the data; when
 * its size does not match, the file is damaged or of several members, and
 * zlib tells which.
 */
static int check_gzip_trailer(struct vox_decompress *d)
{
	unsigned char t[8];
	uint32_t crc, isize;

	if (d->size < 18 ||
	    pread(fileno(d->raw), t, sizeof(t), (off_t)(d->size - 8)) != 8)
		return check_gzip_members(d);
	crc = (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 |
		(uint32_t)t[3] << 24;
	isize = (uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 |
		(uint32_t)t[7] << 24;
	if (isize != (uint32_t)d->out)
		return check_gzip_members(d);
	if (crc != (uint32_t)d->crc)
		return fail_at(d, "its CRC-32 does not match its data");
	return 0;
}

/* Open the archive on raw from its first byte, up to the data. */
static int start(struct vox_decompress *d)
{
	struct archive_entry *entry;
	int rc;

	if (fseek(d->raw, 0, SEEK_SET) != 0)
		return fail(d, VOX_E_IO, strerror(errno));
	d->a = archive_read_new();
	if (!d->a)
		return fail(d, VOX_E_NOMEM, "out of memory");
	/*
	 * Every filter, so that a chain (a .gz in an .xz) unwinds; the raw
	 * format, so that what comes out is one stream, not an archive's
	 * members.  Only the magic bytes checked above lead here.
	 */
	archive_read_support_filter_all(d->a);
	archive_read_support_format_raw(d->a);
	if (archive_read_open_FILE(d->a, d->raw) != ARCHIVE_OK)
		return fail_archive(d, "unknown error");
	rc = archive_read_next_header(d->a, &entry);
	if (rc == ARCHIVE_EOF) {
		d->done = 1;
		return 0;
	}
	if (rc != ARCHIVE_OK)
		return fail_archive(d, "unknown error");
	/* Filter 0 is the outermost decoder; the last one reads the file. */
	if (archive_filter_count(d->a) < 2) {
		archive_read_free(d->a);
		d->a = NULL;
		return fail_at(d, "libarchive does not read it (a truncated "
			       "header?)");
	}
	return 0;
}

static ssize_t dz_read(void *cookie, char *buf, size_t size)
{
	struct vox_decompress *d = cookie;
	la_ssize_t n;

	if (d->code != VOX_E_NONE) {
		errno = EIO;
		return -1;
	}
	if (d->done || size == 0)
		return 0;
	n = archive_read_data(d->a, buf, size);
	if (n < 0)
		return fail_archive(d, "unknown error");
	if (n == 0) {
		d->done = 1;
		if (strcmp(d->kind, "gzip") == 0 && check_gzip_trailer(d))
			return -1;
		return 0;
	}
	if (strcmp(d->kind, "gzip") == 0)
		d->crc = crc32(d->crc, (const unsigned char *)buf, (uInt)n);
	d->out += (uint64_t)n;
	if (d->out > d->limit) {
		char why[200];

		snprintf(why, sizeof(why), "%s stream decompresses to more "
			 "than %llu bytes, the limit for a file of %llu bytes "
			 "(a decompression bomb?)", d->kind,
			 (unsigned long long)d->limit,
			 (unsigned long long)d->size);
		return fail(d, VOX_E_LIMIT, why);
	}
	return n;
}

/* Only back to the start (bidding peeks, then reads from the top) and the
 * position (ftell). */
static int dz_seek(void *cookie, off64_t *pos, int whence)
{
	struct vox_decompress *d = cookie;

	if (whence == SEEK_CUR && *pos == 0) {
		*pos = (off64_t)d->out;
		return 0;
	}
	if (whence != SEEK_SET || *pos != 0 || d->code != VOX_E_NONE) {
		errno = ESPIPE;
		return -1;
	}
	archive_read_free(d->a);
	d->a = NULL;
	d->out = 0;
	d->crc = 0;
	d->done = 0;
	return start(d);
}

static void dz_free(struct vox_decompress *d)
{
	if (d->a)
		archive_read_free(d->a);
	free(d->name);
	free(d);
}

static int dz_close(void *cookie)
{
	struct vox_decompress *d = cookie;
	int rc = fclose(d->raw);

	dz_free(d);
	return rc;
}

FILE *vox_decompress_open(FILE *raw, const char *name, uint64_t limit,
			  struct vox_decompress **dz, struct vox_error *err)
{
	static const cookie_io_functions_t io = {
		.read = dz_read, .seek = dz_seek, .close = dz_close,
	};
	unsigned char magic[VOX_COMPRESSION_MAGIC];
	struct vox_decompress *d;
	struct stat st;
	const char *kind;
	size_t n;
	FILE *fp;

	*dz = NULL;
	n = fread(magic, 1, sizeof(magic), raw);
	if (ferror(raw) || fseek(raw, 0, SEEK_SET) != 0) {
		vox_error_errno(err, VOX_E_IO, name);
		return NULL;
	}
	kind = vox_compression_detect(magic, n);
	if (!kind)
		return raw;	/* the fast path: a plain file as it is */
	d = calloc(1, sizeof(*d));
	if (!d || !(d->name = strdup(name))) {
		free(d);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	d->raw = raw;
	d->kind = kind;
	if (fstat(fileno(raw), &st) == 0 && S_ISREG(st.st_mode))
		d->size = (uint64_t)st.st_size;
	d->limit = limit ? limit : vox_decompress_limit(d->size);
	if (start(d) != 0 ||
	    !(fp = fopencookie(d, "rb", io))) {
		if (d->code == VOX_E_NONE)
			vox_error_errno(err, VOX_E_IO, name);
		else
			vox_error_set(err, d->code, "%s", d->msg);
		dz_free(d);
		return NULL;
	}
	*dz = d;
	return fp;
}

const char *vox_decompress_kind(const struct vox_decompress *dz)
{
	return dz->kind;
}

int vox_decompress_check(const struct vox_decompress *dz,
			 struct vox_error *err)
{
	if (!dz || dz->code == VOX_E_NONE)
		return VOX_OK;
	return vox_error_set(err, dz->code, "%s", dz->msg);
}
