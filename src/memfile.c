/* SPDX-License-Identifier: Apache-2.0 */
/* memfile.c: a stream in memory, then in a file past a limit (memfile.h). */
/* fopencookie(3) */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memfile.h"
#include "path.h"

struct vox_memfile {
	FILE *fp;
	struct vox_tmpdir *tmp;
	char *name, *path;
	size_t limit;
	unsigned char *buf;	/* the bytes while in memory */
	size_t len, cap;
	int fd;			/* the file while open, else -1 */
	int on_disk;		/* the bytes are in the file */
	struct vox_error err;	/* why a write failed */
	int failed;
};

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Past the limit: make the file and move what was in memory there. */
static int to_file(struct vox_memfile *m)
{
	m->fd = vox_tmpdir_create(m->tmp, m->name, &m->err);
	if (m->fd < 0)
		return -1;
	m->on_disk = 1;
	if (write_all(m->fd, m->buf, m->len) != 0)
		return -1;
	free(m->buf);
	m->buf = NULL;
	m->len = m->cap = 0;
	return 0;
}

static int grow(struct vox_memfile *m, size_t need)
{
	size_t cap = m->cap ? m->cap : 4096;
	unsigned char *b;

	while (cap < need)
		cap *= 2;
	if (cap > m->limit)
		cap = m->limit;
	b = realloc(m->buf, cap);
	if (!b)
		return -1;
	m->buf = b;
	m->cap = cap;
	return 0;
}

/* fopencookie's write: n on success, 0 and errno on failure. */
static ssize_t cookie_write(void *cookie, const char *p, size_t n)
{
	struct vox_memfile *m = cookie;
	int e;

	if (m->failed) {
		errno = EIO;
		return 0;
	}
	if (!m->on_disk && m->len + n <= m->limit) {
		if (m->len + n > m->cap && grow(m, m->len + n) != 0) {
			errno = ENOMEM;
			m->failed = 1;
			vox_error_set(&m->err, VOX_E_NOMEM, "out of memory");
			return 0;
		}
		memcpy(m->buf + m->len, p, n);
		m->len += n;
		return (ssize_t)n;
	}
	if ((!m->on_disk && to_file(m) != 0) ||
	    write_all(m->fd, (const unsigned char *)p, n) != 0) {
		e = errno;
		if (!m->err.code)
			vox_error_set(&m->err, VOX_E_IO, "%s: %s", m->path,
				      strerror(e));
		m->failed = 1;
		errno = e;
		return 0;
	}
	return (ssize_t)n;
}

static int cookie_close(void *cookie)
{
	struct vox_memfile *m = cookie;

	if (m->fd >= 0 && close(m->fd) != 0 && !m->failed) {
		vox_error_set(&m->err, VOX_E_IO, "%s: %s", m->path,
			      strerror(errno));
		m->failed = 1;
	}
	m->fd = -1;
	return m->failed ? -1 : 0;
}

struct vox_memfile *vox_memfile_new(struct vox_tmpdir *t, const char *name,
				    size_t limit, struct vox_error *err)
{
	static const cookie_io_functions_t io = {
		.write = cookie_write, .close = cookie_close,
	};
	struct vox_memfile *m = calloc(1, sizeof(*m));

	if (!m || !(m->name = strdup(name)) ||
	    !(m->path = vox_path_join(vox_tmpdir_path(t), name))) {
		vox_memfile_free(m);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	m->tmp = t;
	m->limit = limit;
	m->fd = -1;
	m->fp = fopencookie(m, "w", io);
	if (!m->fp) {
		vox_memfile_free(m);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	return m;
}

FILE *vox_memfile_stream(const struct vox_memfile *m)
{
	return m->fp;
}

int vox_memfile_close(struct vox_memfile *m, struct vox_error *err)
{
	int bad;

	if (!m->fp)
		return m->failed ? VOX_ERR : VOX_OK;
	bad = fflush(m->fp) != 0 || ferror(m->fp);
	bad |= fclose(m->fp) != 0;
	m->fp = NULL;
	if (!bad && !m->failed)
		return VOX_OK;
	m->failed = 1;
	if (m->err.code)
		return vox_error_set(err, m->err.code, "%s", m->err.msg);
	return vox_error_set(err, VOX_E_IO, "%s: write failed", m->path);
}

const unsigned char *vox_memfile_data(const struct vox_memfile *m,
				      size_t *len)
{
	if (m->on_disk || m->fp) {
		*len = 0;
		return NULL;
	}
	*len = m->len;
	return m->buf ? m->buf : (const unsigned char *)"";
}

const char *vox_memfile_path(const struct vox_memfile *m)
{
	return m->path;
}

void vox_memfile_free(struct vox_memfile *m)
{
	if (!m)
		return;
	if (m->fp)
		fclose(m->fp);
	free(m->buf);
	free(m->name);
	free(m->path);
	free(m);
}
