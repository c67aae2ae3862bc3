/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wav_info.h: the facts of an audio file for a recording record: its
 * RIFF/WAVE header (codec, rate, channels, duration) and the SHA-256 and
 * size of the whole file, read in one streaming pass (the audio is never
 * held in memory).  Shared by the readers of export/ that yield
 * recordings (wav.c, asterisk_voicemail.c).
 */
#ifndef VOX_WAV_INFO_H
#define VOX_WAV_INFO_H

#include <stdint.h>
#include <stdio.h>

#include "voxport/error.h"

#define VOX_SHA256_HEX 65	/* 64 hex digits and a NUL */

struct vox_wav_info {
	unsigned format;	/* wFormatTag; for EXTENSIBLE the sub-format's */
	int extensible;		/* the fmt chunk was WAVE_FORMAT_EXTENSIBLE */
	char codec[24];		/* "pcm_s16le", "gsm_ms", "wav_0x0022" */
	unsigned sample_rate, channels, bits_per_sample, block_align;
	uint32_t avg_bytes;	/* nAvgBytesPerSec */
	uint64_t data_offset;	/* of the first audio byte */
	uint64_t data_bytes;	/* audio bytes the file really holds */
	int has_fact;
	uint64_t samples;	/* per channel: fact's, else worked out */
	int64_t duration_ms;	/* -1 when it cannot be worked out */
	uint64_t bytes;		/* the whole file */
	char sha256[VOX_SHA256_HEX];
	char note[200];		/* what did not add up, or "" */
};

/*
 * Read IN from where it is to its end.  Chunks may come in any order
 * (fmt first or not, LIST or bext before data), odd-sized chunks are
 * followed by a pad byte, a RIFF or data size of 0 or 0xFFFFFFFF (a
 * recorder that never closed the file) means "to the end of the file",
 * and a data size larger than the file is replaced by what the file holds;
 * the last two are said in info->note.  Returns VOX_OK, or VOX_ERR with
 * err naming NAME and the byte offset: VOX_E_DATA for a file that is not
 * RIFF/WAVE or whose header is cut or malformed, VOX_E_IO, VOX_E_NOMEM.
 */
int vox_wav_info_read(FILE *in, const char *name, struct vox_wav_info *info,
		      struct vox_error *err);

/* Only the size and SHA-256 of IN, from where it is to its end. */
int vox_file_digest(FILE *in, const char *name, uint64_t *bytes,
		    char sha256[VOX_SHA256_HEX], struct vox_error *err);

/* The codec name of a wFormatTag (bits for PCM and float): "ulaw". */
void vox_wav_codec_name(unsigned format, unsigned bits, char *buf,
			size_t size);

/* 1 if the first bytes are "RIFF" <size> "WAVE". */
int vox_wav_sniff(const unsigned char *buf, size_t len);

#endif
