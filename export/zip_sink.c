/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zip_sink.c: a write-only libzip source on one descriptor
 * (export/zip_sink.h).  It answers the commands libzip needs to create a
 * new archive: it says the archive does not exist yet (ZIP_SOURCE_STAT
 * fails with ENOENT, so zip_open_from_source() starts an empty one), then
 * takes the writes, seeks and tells of zip_close().  Reading commands are
 * declared, as libzip requires of a writable source, but refused: a new
 * archive is never read back.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "zip_sink.h"

struct sink {
	int fd;
	zip_error_t error;
};

static zip_int64_t sys_fail(struct sink *s, int ze)
{
	zip_error_set(&s->error, ze, errno);
	return -1;
}

static zip_int64_t sink_cb(void *ud, void *data, zip_uint64_t len,
			   zip_source_cmd_t cmd)
{
	struct sink *s = ud;
	zip_source_args_seek_t *args;
	ssize_t n;
	off_t off;

	switch (cmd) {
	case ZIP_SOURCE_STAT:
		zip_error_set(&s->error, ZIP_ER_READ, ENOENT);
		return -1;
	case ZIP_SOURCE_BEGIN_WRITE:
	case ZIP_SOURCE_ROLLBACK_WRITE:
		if (lseek(s->fd, 0, SEEK_SET) != 0 || ftruncate(s->fd, 0) != 0)
			return sys_fail(s, ZIP_ER_WRITE);
		return 0;
	case ZIP_SOURCE_WRITE:
		for (off = 0; (zip_uint64_t)off < len; off += n) {
			n = write(s->fd, (const char *)data + off,
				  (size_t)(len - (zip_uint64_t)off));
			if (n < 0 && errno == EINTR)
				n = 0;
			else if (n <= 0)
				return sys_fail(s, ZIP_ER_WRITE);
		}
		return (zip_int64_t)len;
	case ZIP_SOURCE_SEEK_WRITE:
		args = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len,
					   &s->error);
		if (!args)
			return -1;
		if (lseek(s->fd, (off_t)args->offset, args->whence) < 0)
			return sys_fail(s, ZIP_ER_SEEK);
		return 0;
	case ZIP_SOURCE_TELL_WRITE:
		off = lseek(s->fd, 0, SEEK_CUR);
		if (off < 0)
			return sys_fail(s, ZIP_ER_TELL);
		return (zip_int64_t)off;
	case ZIP_SOURCE_COMMIT_WRITE:
		if (fsync(s->fd) != 0)
			return sys_fail(s, ZIP_ER_WRITE);
		return 0;
	case ZIP_SOURCE_REMOVE:
		/* An archive left with no entries: keep the file, empty. */
		if (ftruncate(s->fd, 0) != 0)
			return sys_fail(s, ZIP_ER_REMOVE);
		return 0;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->error, data, len);
	case ZIP_SOURCE_FREE:
		close(s->fd);
		zip_error_fini(&s->error);
		free(s);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_WRITABLE;
	default:
		zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

zip_t *vox_zip_sink_open(int fd, zip_error_t *ze)
{
	struct sink *s = malloc(sizeof(*s));
	zip_source_t *src;
	zip_t *za;

	if (!s) {
		close(fd);
		zip_error_set(ze, ZIP_ER_MEMORY, 0);
		return NULL;
	}
	s->fd = fd;
	zip_error_init(&s->error);
	src = zip_source_function_create(sink_cb, s, ze);
	if (!src) {
		zip_error_fini(&s->error);
		free(s);
		close(fd);
		return NULL;
	}
	za = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, ze);
	if (!za)
		zip_source_free(src);	/* closes fd */
	return za;
}
