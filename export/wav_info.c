/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wav_info.c: a RIFF/WAVE header and the digest of the whole file, in one
 * streaming pass (reference/provider-formats.md section 7.2; Asterisk's
 * formats/format_wav.c and format_wav_gsm.c for what PBXes write).
 *
 * Layout: "RIFF" <u32 size> "WAVE", then chunks of a 4-byte id, a u32 size
 * (little-endian), the payload and a pad byte when the size is odd.  "fmt "
 * gives the format tag, channels, rate, block align and bits; "fact" the
 * sample count of compressed audio; "data" the audio.  Anything else
 * (LIST, bext, JUNK, cue) is skipped, wherever it is.  Once the data chunk
 * is read the header has said what it has to say: what follows is hashed
 * but not judged, so trailing junk does not make a recording unreadable.
 */
#include <inttypes.h>
#include <string.h>

#include <openssl/evp.h>

#include "wav_info.h"

#define FMT_MAX 40	/* the longest fmt chunk we look into: EXTENSIBLE */

enum {
	WAVE_PCM = 0x0001,
	WAVE_ADPCM_MS = 0x0002,
	WAVE_FLOAT = 0x0003,
	WAVE_ALAW = 0x0006,
	WAVE_ULAW = 0x0007,
	WAVE_IMA_ADPCM = 0x0011,
	WAVE_GSM610 = 0x0031,
	WAVE_EXTENSIBLE = 0xFFFE,
};

/* The file as it is read: every byte goes through the digest. */
struct stream {
	FILE *in;
	EVP_MD_CTX *md;
	uint64_t pos;
	int failed;	/* a read error, not the end of the file */
};

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static size_t get(struct stream *s, void *buf, size_t n)
{
	size_t got = fread(buf, 1, n, s->in);

	if (got && EVP_DigestUpdate(s->md, buf, got) != 1)
		s->failed = 1;
	if (got < n && ferror(s->in))
		s->failed = 1;
	s->pos += got;
	return got;
}

/* Read past N bytes (all of the rest for UINT64_MAX); how many there were. */
static uint64_t skip(struct stream *s, uint64_t n)
{
	unsigned char buf[65536];
	uint64_t done = 0;

	while (done < n) {
		size_t want = n - done < sizeof(buf) ? (size_t)(n - done) :
			sizeof(buf);
		size_t got = get(s, buf, want);

		done += got;
		if (got < want)
			break;
	}
	return done;
}

/* A chunk id for a message: printable, or \xNN. */
static const char *fourcc(char buf[20], const unsigned char *id)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < 4; i++) {
		if (id[i] >= 0x20 && id[i] < 0x7F && id[i] != '"' &&
		    id[i] != '\\') {
			buf[o++] = (char)id[i];
		} else {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[id[i] >> 4];
			buf[o++] = hex[id[i] & 15];
		}
	}
	buf[o] = '\0';
	return buf;
}

static void note(struct vox_wav_info *info, const char *fmt, uint64_t a,
		 uint64_t b)
{
	size_t len = strlen(info->note);
	char one[120];

	snprintf(one, sizeof(one), fmt, a, b);
	snprintf(info->note + len, sizeof(info->note) - len, "%s%s",
		 len ? "; " : "", one);
}

void vox_wav_codec_name(unsigned format, unsigned bits, char *buf,
			size_t size)
{
	static const struct {
		unsigned tag;
		const char *name;
	} names[] = {
		{ WAVE_ADPCM_MS, "adpcm_ms" },
		{ WAVE_ALAW, "alaw" },
		{ WAVE_ULAW, "ulaw" },
		{ WAVE_IMA_ADPCM, "adpcm_ima_wav" },
		{ 0x0022, "truespeech" },
		{ WAVE_GSM610, "gsm_ms" },
		{ 0x0050, "mp2" },
		{ 0x0055, "mp3" },
		{ 0x0064, "adpcm_g726" },
		{ 0x0065, "adpcm_g722" },
	};
	size_t i;

	if (format == WAVE_PCM) {
		if (bits == 8)
			snprintf(buf, size, "pcm_u8");
		else
			snprintf(buf, size, "pcm_s%ule", bits);
		return;
	}
	if (format == WAVE_FLOAT) {
		snprintf(buf, size, "pcm_f%ule", bits);
		return;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].tag == format) {
			snprintf(buf, size, "%s", names[i].name);
			return;
		}
	snprintf(buf, size, "wav_0x%04x", format);
}

int vox_wav_sniff(const unsigned char *buf, size_t len)
{
	return len >= 12 && memcmp(buf, "RIFF", 4) == 0 &&
		memcmp(buf + 8, "WAVE", 4) == 0;
}

/*
 * The fmt chunk, F[0..len) with len >= 16.  Returns the samples per block
 * of a block codec (0 when the chunk does not say), or -1 with an error.
 */
static long parse_fmt(struct vox_wav_info *info, const unsigned char *f,
		      size_t len, const char *name, uint64_t at,
		      struct vox_error *err)
{
	/* KSDATAFORMAT_SUBTYPE_*: the tag, then these 14 bytes. */
	static const unsigned char guid_tail[14] = {
		0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
		0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71
	};
	unsigned cb = len >= 18 ? le16(f + 16) : 0;
	long spb = 0;

	info->format = le16(f);
	info->channels = le16(f + 2);
	info->sample_rate = le32(f + 4);
	info->avg_bytes = le32(f + 8);
	info->block_align = le16(f + 12);
	info->bits_per_sample = le16(f + 14);
	if (info->channels == 0)
		return vox_error_set(err, VOX_E_DATA, "%s: bad fmt chunk at "
				     "byte %" PRIu64 ": 0 channels", name, at);
	if (info->sample_rate == 0)
		return vox_error_set(err, VOX_E_DATA, "%s: bad fmt chunk at "
				     "byte %" PRIu64 ": sample rate 0", name,
				     at);
	if (info->format == WAVE_EXTENSIBLE) {
		info->extensible = 1;
		if (len < 40 || cb < 22)
			return vox_error_set(err, VOX_E_DATA, "%s: bad fmt "
					     "chunk at byte %" PRIu64 ": "
					     "WAVE_FORMAT_EXTENSIBLE without "
					     "its 22 extra bytes", name, at);
		/* An unknown sub-format GUID stays 0xFFFE. */
		if (memcmp(f + 26, guid_tail, sizeof(guid_tail)) == 0)
			info->format = le16(f + 24);
	}
	if (!info->extensible && len >= 20 && cb >= 2 &&
	    (info->format == WAVE_GSM610 || info->format == WAVE_IMA_ADPCM ||
	     info->format == WAVE_ADPCM_MS))
		spb = (long)le16(f + 18);
	vox_wav_codec_name(info->format, info->bits_per_sample, info->codec,
			   sizeof(info->codec));
	return spb;
}

static void work_out_duration(struct vox_wav_info *info, long spb)
{
	unsigned fmt = info->format;
	uint64_t rate = info->sample_rate;
	unsigned align = info->block_align;
	int known = 1;

	if (info->has_fact) {
		/* Compressed formats say their length here. */
	} else if (fmt == WAVE_PCM || fmt == WAVE_FLOAT || fmt == WAVE_ALAW ||
		   fmt == WAVE_ULAW) {
		if (!align)
			align = info->channels * ((info->bits_per_sample + 7) /
						  8);
		if (align)
			info->samples = info->data_bytes / align;
		else
			known = 0;
	} else if (spb > 0 && align) {
		info->samples = info->data_bytes / align * (uint64_t)spb;
	} else if (info->avg_bytes) {
		/* Seconds from the byte rate, as players do. */
		uint64_t ms = info->data_bytes / info->avg_bytes * 1000 +
			info->data_bytes % info->avg_bytes * 1000 /
			info->avg_bytes;

		info->samples = ms / 1000 * rate + ms % 1000 * rate / 1000;
		info->duration_ms = (int64_t)ms;
		return;
	} else {
		known = 0;
	}
	if (!known)
		return;
	info->duration_ms = (int64_t)(info->samples / rate * 1000 +
				      info->samples % rate * 1000 / rate);
}

static int finish_digest(struct stream *s, char sha256[VOX_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0, i;

	if (EVP_DigestFinal_ex(s->md, md, &len) != 1 || len != 32)
		return VOX_ERR;
	for (i = 0; i < len; i++) {
		sha256[2 * i] = hex[md[i] >> 4];
		sha256[2 * i + 1] = hex[md[i] & 15];
	}
	sha256[64] = '\0';
	return VOX_OK;
}

/* fread() failed (not the end of the file): errno says why. */
static int read_error(const char *name, struct vox_error *err)
{
	return vox_error_errno(err, VOX_E_IO, name);
}

/* The chunks after "RIFF....WAVE", up to and including data. */
static int read_chunks(struct stream *s, struct vox_wav_info *info,
		       const char *name, struct vox_error *err)
{
	int have_fmt = 0, have_data = 0;
	long spb = 0;
	char id[20];

	for (;;) {
		unsigned char ch[8], f[FMT_MAX];
		uint64_t at = s->pos, size, got;
		size_t want;

		got = get(s, ch, sizeof(ch));
		if (s->failed)
			return read_error(name, err);
		if (got < sizeof(ch)) {
			if (have_data)
				break;	/* what is after the audio */
			if (got == 0)
				return vox_error_set(err, VOX_E_DATA, "%s: "
						     "truncated WAV file at "
						     "byte %" PRIu64 ": no "
						     "data chunk", name, at);
			return vox_error_set(err, VOX_E_DATA, "%s: truncated "
					     "WAV header at byte %" PRIu64
					     ": a chunk header cut after %"
					     PRIu64 " bytes", name, at, got);
		}
		size = le32(ch + 4);
		if (memcmp(ch, "fmt ", 4) == 0 && !have_fmt) {
			if (size < 16)
				return vox_error_set(err, VOX_E_DATA, "%s: bad "
						     "fmt chunk at byte %"
						     PRIu64 ": %" PRIu64
						     " bytes, 16 at least",
						     name, at, size);
			want = size < FMT_MAX ? (size_t)size : FMT_MAX;
			if (get(s, f, want) < want ||
			    skip(s, size - want + (size & 1)) <
				    size - want) {
				if (s->failed)
					return read_error(name, err);
				return vox_error_set(err, VOX_E_DATA, "%s: "
						     "truncated WAV header at "
						     "byte %" PRIu64 ": the fmt "
						     "chunk at byte %" PRIu64
						     " is cut", name, s->pos,
						     at);
			}
			spb = parse_fmt(info, f, want, name, at, err);
			if (spb < 0)
				return VOX_ERR;
			have_fmt = 1;
		} else if (memcmp(ch, "fact", 4) == 0 && size >= 4 &&
			   !info->has_fact) {
			if (get(s, f, 4) == 4) {
				info->samples = le32(f);
				info->has_fact = 1;
			}
			skip(s, size - 4 + (size & 1));
		} else if (memcmp(ch, "data", 4) == 0 && !have_data) {
			have_data = 1;
			info->data_offset = s->pos;
			if (size == 0 || size == 0xFFFFFFFF) {
				info->data_bytes = skip(s, UINT64_MAX);
				if (info->data_bytes || size)
					note(info, "data size %#" PRIx64
					     " unset (an unfinished recording):"
					     " %" PRIu64 " audio bytes to the "
					     "end of the file", size,
					     info->data_bytes);
				break;
			}
			info->data_bytes = skip(s, size);
			if (info->data_bytes < size) {
				note(info, "data size %" PRIu64 " larger "
				     "than the file: %" PRIu64 " audio bytes"
				     " read", size, info->data_bytes);
				break;
			}
			skip(s, size & 1);
		} else {
			got = skip(s, size + (size & 1));
			if (got < size && !have_data) {
				if (s->failed)
					return read_error(name, err);
				return vox_error_set(err, VOX_E_DATA, "%s: "
						     "truncated WAV file at "
						     "byte %" PRIu64 ": chunk "
						     "\"%s\" at byte %" PRIu64
						     " says %" PRIu64 " bytes",
						     name, s->pos,
						     fourcc(id, ch), at, size);
			}
		}
		if (s->failed)
			return read_error(name, err);
	}
	if (!have_fmt)
		return vox_error_set(err, VOX_E_DATA, "%s: no fmt chunk before "
				     "byte %" PRIu64, name, s->pos);
	work_out_duration(info, spb);
	return VOX_OK;
}

static int read_wav(struct stream *s, const char *name,
		    struct vox_wav_info *info, struct vox_error *err)
{
	unsigned char h[12];
	char id[20];
	size_t got = get(s, h, sizeof(h));
	uint32_t riff;

	if (s->failed)
		return read_error(name, err);
	if (got >= 4 && (memcmp(h, "RF64", 4) == 0 ||
			 memcmp(h, "BW64", 4) == 0))
		return vox_error_set(err, VOX_E_DATA, "%s: \"%.4s\" at byte 0: "
				     "64-bit WAV (RF64) is not read", name,
				     (const char *)h);
	if (got < 4 || memcmp(h, "RIFF", 4) != 0)
		return vox_error_set(err, VOX_E_DATA, "%s: not a WAV file: no "
				     "\"RIFF\" at byte 0", name);
	if (got < sizeof(h))
		return vox_error_set(err, VOX_E_DATA, "%s: truncated WAV header "
				     "at byte %zu: the RIFF header is 12 bytes",
				     name, got);
	if (memcmp(h + 8, "WAVE", 4) != 0)
		return vox_error_set(err, VOX_E_DATA, "%s: not a WAV file: RIFF "
				     "type \"%s\" at byte 8, not \"WAVE\"",
				     name, fourcc(id, h + 8));
	riff = le32(h + 4);
	if (read_chunks(s, info, name, err) != VOX_OK)
		return VOX_ERR;
	skip(s, UINT64_MAX);
	if (s->failed)
		return read_error(name, err);
	if (riff == 0 || riff == 0xFFFFFFFF)
		note(info, "RIFF size %#" PRIx64 " unset (an unfinished "
		     "recording); the file has %" PRIu64 " bytes", riff,
		     s->pos);
	else if ((uint64_t)riff + 8 != s->pos)
		note(info, "RIFF size says %" PRIu64 " bytes, the file has %"
		     PRIu64, (uint64_t)riff + 8, s->pos);
	return VOX_OK;
}

int vox_wav_info_read(FILE *in, const char *name, struct vox_wav_info *info,
		      struct vox_error *err)
{
	struct stream s = { in, EVP_MD_CTX_new(), 0, 0 };
	int rc;

	memset(info, 0, sizeof(*info));
	info->duration_ms = -1;
	if (!s.md || EVP_DigestInit_ex(s.md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(s.md);
		return vox_error_set(err, VOX_E_NOMEM, "%s: out of memory",
				     name);
	}
	rc = read_wav(&s, name, info, err);
	if (rc == VOX_OK) {
		info->bytes = s.pos;
		if (finish_digest(&s, info->sha256) != VOX_OK)
			rc = vox_error_set(err, VOX_E_NOMEM, "%s: SHA-256 "
					   "failed", name);
	}
	EVP_MD_CTX_free(s.md);
	return rc;
}

int vox_file_digest(FILE *in, const char *name, uint64_t *bytes,
		    char sha256[VOX_SHA256_HEX], struct vox_error *err)
{
	struct stream s = { in, EVP_MD_CTX_new(), 0, 0 };
	int rc = VOX_OK;

	if (!s.md || EVP_DigestInit_ex(s.md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(s.md);
		return vox_error_set(err, VOX_E_NOMEM, "%s: out of memory",
				     name);
	}
	skip(&s, UINT64_MAX);
	if (s.failed)
		rc = vox_error_errno(err, VOX_E_IO, name);
	else if (finish_digest(&s, sha256) != VOX_OK)
		rc = vox_error_set(err, VOX_E_NOMEM, "%s: SHA-256 failed",
				   name);
	*bytes = s.pos;
	EVP_MD_CTX_free(s.md);
	return rc;
}
