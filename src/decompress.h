/* SPDX-License-Identifier: Apache-2.0 */
/*
 * decompress.h: compressed input seen as the plain stream it holds.
 *
 * A source file may be gzip, xz, zstd, bzip2 or lz4 (logrotate's
 * compress, compresscmd); voxport tells by the first bytes, never by the
 * name.  libarchive does the decompressing (its raw format with every
 * filter), streaming: memory does not grow with the file.  The stream is
 * handed out as a FILE * (fopencookie), so that every source reader and
 * the bidding in src/reader.c read it as they read a plain file.  A plain
 * file keeps its own FILE *: nothing is added on its path.
 *
 * A damaged stream is never a silent end of file: reading fails (ferror),
 * and vox_decompress_check() says why, naming the file and the byte
 * offsets.  A stream that decompresses to more than its limit (see
 * vox_decompress_limit) fails the same way, as a bomb.
 */
#ifndef VOX_DECOMPRESS_H
#define VOX_DECOMPRESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "voxport/error.h"

/* How many first bytes vox_compression_detect() needs at most. */
#define VOX_COMPRESSION_MAGIC 10

/*
 * A compressed file may decompress to VOX_DECOMPRESS_RATIO times its own
 * size, and to VOX_DECOMPRESS_FLOOR bytes whatever its size: real CDR logs
 * compress 5 to 30 times, a bomb a thousand times and more.
 */
#define VOX_DECOMPRESS_RATIO 200u
#define VOX_DECOMPRESS_FLOOR (256ull << 20)

/*
 * The compression whose magic bytes buf (n bytes, the file's first) starts
 * with: "gzip", "xz", "zstd", "bzip2", "lz4"; NULL for anything else.
 */
const char *vox_compression_detect(const unsigned char *buf, size_t n);

/* The limit for a compressed file of size bytes (0: size unknown). */
uint64_t vox_decompress_limit(uint64_t size);

struct vox_decompress;

/*
 * raw is a file opened for reading at its start, name what messages call
 * it.  When raw is compressed, returns a new FILE * of its decompressed
 * bytes that owns raw (fclose() closes both), and sets *dz to the state
 * to ask vox_decompress_check() (valid until that fclose()); limit is the
 * most it may decompress to (0: vox_decompress_limit() of raw's size).
 * When raw is not compressed, returns raw itself, rewound, and *dz = NULL.
 * On error returns NULL and raw is left open.
 *
 * The new stream seeks only back to its start (fseek 0, SEEK_SET, which
 * starts decompressing again) and tells its position.
 */
FILE *vox_decompress_open(FILE *raw, const char *name, uint64_t limit,
			  struct vox_decompress **dz, struct vox_error *err);

/* The compression of an open stream: "gzip", ... */
const char *vox_decompress_kind(const struct vox_decompress *dz);

/*
 * VOX_OK while the stream has read well; after a failed read VOX_ERR with
 * err saying why (VOX_E_IO, or VOX_E_LIMIT for a bomb).
 */
int vox_decompress_check(const struct vox_decompress *dz,
			 struct vox_error *err);

#endif
