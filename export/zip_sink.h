/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zip_sink.h: a libzip source that writes an archive to a descriptor the
 * caller opened (export/zip_sink.c), so that libzip makes no file of its
 * own: zip_open(path) would write "path.XXXXXX" under a name we cannot
 * know, remove from a signal handler, or give mode 0600.
 */
#ifndef VOX_ZIP_SINK_H
#define VOX_ZIP_SINK_H

#include <zip.h>

/*
 * A new, empty archive that zip_close() writes to fd, from its start, and
 * fsync()s.  The source owns fd (it is closed when the archive is freed,
 * or here on failure).  NULL and ze set on failure.
 */
zip_t *vox_zip_sink_open(int fd, zip_error_t *ze);

#endif
