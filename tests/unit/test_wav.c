/* SPDX-License-Identifier: Apache-2.0 */
/* test_wav.c: the WAV header reader (export/wav_info.c) and the wav source. */
#include "unit.h"

#include <openssl/evp.h>

#include "export/wav_info.h"
#include "timeconv.h"
#include "voxport/source.h"

#define SRC (&vox_source_wav)
#define DATA "tests/data/wav/"

struct fx {
	FILE *in;
	struct vox_tz *tz;
	void *st;
	struct vox_error err;
};

/* Open PATH under the name NAME (the name is what ids come from). */
static void fx_open_as(struct fx *fx, const char *path, const char *name,
		       const char *zone)
{
	struct vox_source_args args = { 0 };
	struct vox_error err = VOX_ERROR_INIT;

	memset(fx, 0, sizeof(*fx));
	fx->in = fopen(path, "rb");
	assert_non_null(fx->in);
	fx->tz = vox_tz_load(zone, &err);
	assert_non_null(fx->tz);
	args.in = fx->in;
	args.name = name;
	args.path = path;
	args.tz = fx->tz;
	fx->st = SRC->open(&args, &fx->err);
	assert_non_null(fx->st);
}

static void fx_open(struct fx *fx, const char *rel)
{
	char path[512];
	const char *base = strrchr(rel, '/');

	snprintf(path, sizeof(path), "%s%s", DATA, rel);
	fx_open_as(fx, unit_path(path), base ? base + 1 : rel, "UTC");
}

static void fx_close(struct fx *fx)
{
	SRC->close(fx->st);
	vox_tz_free(fx->tz);
	fclose(fx->in);
}

static const struct vox_recording *fx_next(struct fx *fx)
{
	const struct vox_record *rec = NULL;
	int rc = SRC->next(fx->st, &rec, &fx->err);

	if (rc != VOX_OK)
		fail_msg("next: %d %s", rc, fx->err.msg);
	assert_non_null(rec);
	assert_int_equal(rec->kind, VOX_RECORDING);
	assert_int_equal(rec->u.recording.kind, VOX_REC_CALL);
	return &rec->u.recording;
}

static void fx_eof(struct fx *fx)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(SRC->next(fx->st, &rec, &fx->err), VOX_EOF);
}

#define STR(a, b)                                                      \
	do {                                                           \
		const char *a_ = (a), *b_ = (b);                       \
		if (!b_)                                               \
			assert_null(a_);                               \
		else                                                   \
			assert_string_equal(a_ ? a_ : "(null)", b_);   \
	} while (0)

static const char *extra(const struct vox_recording *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->extra.n; i++)
		if (strcmp(r->extra.v[i].key, key) == 0)
			return r->extra.v[i].value;
	return NULL;
}

/* One ok/ fixture's header facts. */
struct facts {
	const char *file, *codec;
	unsigned rate, channels, bits;
	int64_t duration_ms;
	uint64_t bytes;
};

static void test_ok_fixtures(void **state)
{
	static const struct facts ok[] = {
		{ "1709647927.123.wav", "pcm_s16le", 8000, 1, 16, 20, 364 },
		{ "out-15555550123-1001-20240305-141207-1709647927.45.wav",
		  "alaw", 8000, 1, 8, 20, 206 },
		{ "q-600-15555550188-20240305-150144-1709650904.20.wav",
		  "ulaw", 8000, 1, 8, 20, 218 },
		{ "in-15555550100-15555550188-20240305-150144-"
		  "1709650904.20.WAV", "gsm_ms", 8000, 1, 0, 80, 190 },
		{ "rg-600-1001-20240305-151500-pbx-eu-1-1709651700.3.wav",
		  "adpcm_ima_wav", 8000, 1, 4, 16, 132 },
		{ "exten-1001-1002-20240305-160000-1709654400.7.wav",
		  "pcm_s16le", 16000, 2, 16, 5, 388 },
		{ "list-before-data.wav", "pcm_s16le", 8000, 1, 16, 20, 400 },
		{ "odd-chunk.wav", "pcm_u8", 8000, 1, 8, 12, 194 },
		{ "unfinished-0.wav", "pcm_s16le", 8000, 1, 16, 20, 364 },
		{ "unfinished-ffffffff.wav", "pcm_s16le", 8000, 1, 16, 20,
		  364 },
		{ "lying-size.wav", "pcm_s16le", 8000, 1, 16, 20, 364 },
		{ "float.wav", "pcm_f32le", 8000, 1, 32, 10, 378 },
		{ "unknown-codec.wav", "wav_0x0083", 8000, 1, 0, 20, 78 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char rel[200];
		const struct vox_recording *r;
		struct fx fx;

		snprintf(rel, sizeof(rel), "ok/%s", ok[i].file);
		fx_open(&fx, rel);
		r = fx_next(&fx);
		STR(r->codec, ok[i].codec);
		assert_int_equal(r->sample_rate, ok[i].rate);
		assert_int_equal(r->channels, ok[i].channels);
		assert_int_equal(r->bits_per_sample, ok[i].bits);
		assert_int_equal(r->duration_ms, ok[i].duration_ms);
		assert_int_equal(r->bytes, ok[i].bytes);
		STR(r->media_type, "audio/wav");
		assert_int_equal(strlen(r->sha256), 64);
		STR(r->source.format, "wav");
		STR(r->source.file, ok[i].file);
		fx_eof(&fx);
		fx_eof(&fx);
		fx_close(&fx);
	}
}

/* SHA-256 as sha256sum(1) printed it for two fixtures. */
static void test_sha256(void **state)
{
	struct fx fx;

	(void)state;
	fx_open(&fx, "ok/1709647927.123.wav");
	STR(fx_next(&fx)->sha256, "557d3550547e89c0601ba1cdea0cb027aaebdad8"
	    "ea36bf0754811fc245579c16");
	fx_close(&fx);
	fx_open(&fx, "ok/in-15555550100-15555550188-20240305-150144-"
		"1709650904.20.WAV");
	STR(fx_next(&fx)->sha256, "af5b50708b4b1b2b8960eb59713da3598e6b5fa6"
	    "1623ab3514d20d9ca6747860");
	fx_close(&fx);
}

static void test_mixmonitor_name(void **state)
{
	const struct vox_recording *r;
	struct fx fx;

	(void)state;
	fx_open(&fx, "ok/1709647927.123.wav");
	r = fx_next(&fx);
	STR(r->id, "1709647927.123");
	STR(r->call_id, "1709647927.123");
	assert_true(r->start == VOX_TIME_NONE);
	assert_int_equal(r->extra.n, 0);
	fx_close(&fx);
	/* A system name before the uniqueid; no extension at all. */
	fx_open_as(&fx, unit_path(DATA "ok/1709647927.123.wav"),
		   "pbx-eu-1-1709568000.12", "UTC");
	r = fx_next(&fx);
	STR(r->id, "pbx-eu-1-1709568000.12");
	STR(r->call_id, "pbx-eu-1-1709568000.12");
	fx_close(&fx);
	/* A name's bytes that are not UTF-8: read as Windows-1252. */
	fx_open_as(&fx, unit_path(DATA "ok/1709647927.123.wav"),
		   "caf\xe9-1709568000.12.wav", "UTC");
	r = fx_next(&fx);
	STR(r->id, "caf_-1709568000.12");
	STR(r->call_id, "caf\xc3\xa9-1709568000.12");
	fx_close(&fx);
}

static void test_freepbx_name(void **state)
{
	const struct vox_recording *r;
	struct fx fx;
	int64_t want;

	(void)state;
	/* The name's time is local: 14:12:07 in New York is 19:12:07Z. */
	fx_open_as(&fx, unit_path(DATA "ok/1709647927.123.wav"),
		   "out-15555550123-1001-20240305-141207-1709647927.45.wav",
		   "America/New_York");
	r = fx_next(&fx);
	STR(r->id, "out-15555550123-1001-20240305-141207-1709647927.45");
	STR(r->call_id, "1709647927.45");
	assert_int_equal(vox_time_parse_rfc3339("2024-03-05T19:12:07Z", 20,
						&want), VOX_OK);
	assert_true(r->start == want);
	STR(extra(r, "type"), "out");
	STR(extra(r, "dest"), "15555550123");
	STR(extra(r, "from"), "1001");
	fx_close(&fx);

	/* A dest holding '-'; an upper-case extension; a system name. */
	fx_open_as(&fx, unit_path(DATA "ok/1709647927.123.wav"),
		   "external-555-0123-1001-20240305-141207-pbx-1-1.2.WAV",
		   "UTC");
	r = fx_next(&fx);
	STR(r->id, "external-555-0123-1001-20240305-141207-pbx-1-1.2");
	STR(r->call_id, "pbx-1-1.2");
	STR(extra(r, "type"), "external");
	STR(extra(r, "dest"), "555-0123");
	STR(extra(r, "from"), "1001");
	fx_close(&fx);

	/* Empty dest, as FreePBX writes for some on-demand recordings. */
	fx_open_as(&fx, unit_path(DATA "ok/1709647927.123.wav"),
		   "ondemand--1001-20240305-141207-1709647927.45.wav49", "UTC");
	r = fx_next(&fx);
	STR(r->call_id, "1709647927.45");
	STR(extra(r, "dest"), NULL);
	STR(extra(r, "from"), "1001");
	fx_close(&fx);

	/* A date that does not exist: the id stays, the time is kept raw. */
	fx_open_as(&fx, unit_path(DATA "ok/1709647927.123.wav"),
		   "in-1-2-20241305-141207-1709647927.45.wav", "UTC");
	r = fx_next(&fx);
	STR(r->call_id, "1709647927.45");
	assert_true(r->start == VOX_TIME_NONE);
	STR(extra(r, "name_time"), "20241305-141207");
	fx_close(&fx);
}

static void test_names_without_id(void **state)
{
	static const char *const names[][2] = {
		{ "list-before-data.wav", "list-before-data" },
		{ "call 1 (copy).wav", "call_1__copy_" },
		{ "20240305-141207.wav", "20240305-141207" },
		{ "1709647927.wav", "1709647927" },
		{ ".wav", ".wav" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct vox_recording *r;
		struct fx fx;

		fx_open_as(&fx, unit_path(DATA "ok/1709647927.123.wav"),
			   names[i][0], "UTC");
		r = fx_next(&fx);
		STR(r->id, names[i][1]);
		STR(r->call_id, NULL);
		STR(r->source.id, NULL);
		fx_close(&fx);
	}
}

static void test_notes(void **state)
{
	struct fx fx;

	(void)state;
	fx_open(&fx, "ok/lying-size.wav");
	STR(extra(fx_next(&fx), "wav_note"), "data size 16000 larger than "
	    "the file: 320 audio bytes read");
	fx_close(&fx);
	fx_open(&fx, "ok/unfinished-ffffffff.wav");
	STR(extra(fx_next(&fx), "wav_note"), "data size 0xffffffff unset (an "
	    "unfinished recording): 320 audio bytes to the end of the file; "
	    "RIFF size 0xffffffff unset (an unfinished recording); the file "
	    "has 364 bytes");
	fx_close(&fx);
	fx_open(&fx, "ok/odd-chunk.wav");
	STR(extra(fx_next(&fx), "wav_note"), NULL);
	fx_close(&fx);
}

static void test_bad_fixtures(void **state)
{
	static const char *const bad[][2] = {
		{ "not-riff.wav", "not-riff.wav: not a WAV file: no \"RIFF\" "
		  "at byte 0" },
		{ "short.wav", "short.wav: truncated WAV header at byte 6: "
		  "the RIFF header is 12 bytes" },
		{ "not-wave.wav", "not-wave.wav: not a WAV file: RIFF type "
		  "\"AVI \" at byte 8, not \"WAVE\"" },
		{ "truncated-header.wav", "truncated-header.wav: truncated "
		  "WAV header at byte 30: the fmt chunk at byte 12 is cut" },
		{ "no-data.wav", "no-data.wav: truncated WAV file at byte 36: "
		  "no data chunk" },
		{ "rate-zero.wav", "rate-zero.wav: bad fmt chunk at byte 12: "
		  "sample rate 0" },
		{ "chunk-past-end.wav", "chunk-past-end.wav: truncated WAV "
		  "file at byte 48: chunk \"LIST\" at byte 36 says 4000 "
		  "bytes" },
		{ "no-fmt.wav", "no-fmt.wav: no fmt chunk before byte 52" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct vox_record *rec = NULL;
		char rel[200];
		struct fx fx;

		snprintf(rel, sizeof(rel), "bad/%s", bad[i][0]);
		fx_open(&fx, rel);
		assert_int_equal(SRC->next(fx.st, &rec, &fx.err), VOX_ERR);
		assert_int_equal(fx.err.code, VOX_E_DATA);
		assert_string_equal(fx.err.msg, bad[i][1]);
		fx_eof(&fx);	/* one file, one error */
		fx_close(&fx);
	}
}

/* A 64-bit file: "RF64" is named, not taken for garbage. */
static void test_rf64(void **state)
{
	struct vox_wav_info info;
	struct vox_error err = VOX_ERROR_INIT;
	FILE *f;

	(void)state;
	unit_write("rf64.wav", "RF64\xff\xff\xff\xffWAVEds64");
	f = fopen("rf64.wav", "rb");
	assert_non_null(f);
	assert_int_equal(vox_wav_info_read(f, "rf64.wav", &info, &err),
			 VOX_ERR);
	assert_string_equal(err.msg, "rf64.wav: \"RF64\" at byte 0: 64-bit "
			    "WAV (RF64) is not read");
	fclose(f);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xFF;
	p[1] = v >> 8 & 0xFF;
	p[2] = v >> 16 & 0xFF;
	p[3] = v >> 24;
}

/*
 * A file larger than the read buffer, the audio after an odd-sized chunk:
 * the digest of the streamed pass is the digest of the whole file, and the
 * audio count comes from the bytes, not from a header that says 0.
 */
static void test_streaming_digest(void **state)
{
	static const unsigned char fmt[24] = {
		'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0, 1, 0,
		0x40, 0x1F, 0, 0, 0x80, 0x3E, 0, 0, 2, 0, 16, 0
	};
	size_t audio = 3 * 65536 + 1234, total = 12 + 24 + 8 + 3 + 1 + 8 +
		audio, i;
	unsigned char *buf = malloc(total), md[EVP_MAX_MD_SIZE];
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_wav_info info;
	char hex[65];
	unsigned mdlen;
	FILE *f;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, "RIFF", 4);
	put32(buf + 4, 0);
	memcpy(buf + 8, "WAVE", 4);
	memcpy(buf + 12, fmt, sizeof(fmt));
	memcpy(buf + 36, "JUNK\3\0\0\0abc\0", 12);
	memcpy(buf + 48, "data", 4);
	put32(buf + 52, 0);
	for (i = 56; i < total; i++)
		buf[i] = (unsigned char)(i * 31);
	assert_int_equal(EVP_Digest(buf, total, md, &mdlen, EVP_sha256(),
				    NULL), 1);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	f = fmemopen(buf, total, "rb");
	assert_non_null(f);
	assert_int_equal(vox_wav_info_read(f, "big.wav", &info, &err),
			 VOX_OK);
	fclose(f);
	assert_string_equal(info.sha256, hex);
	assert_int_equal(info.bytes, total);
	assert_int_equal(info.data_offset, 56);
	assert_int_equal(info.data_bytes, audio);
	assert_int_equal(info.samples, audio / 2);
	assert_int_equal(info.duration_ms, audio / 2 * 1000 / 8000);
	free(buf);
}

static void test_digest_only(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	char sha[VOX_SHA256_HEX];
	uint64_t bytes = 1;
	FILE *f;

	(void)state;
	unit_write("abc", "abc");
	f = fopen("abc", "rb");
	assert_non_null(f);
	assert_int_equal(vox_file_digest(f, "abc", &bytes, sha, &err),
			 VOX_OK);
	fclose(f);
	assert_int_equal(bytes, 3);
	assert_string_equal(sha, "ba7816bf8f01cfea414140de5dae2223b00361a3"
			    "96177a9cb410ff61f20015ad");
}

static void test_codec_names(void **state)
{
	static const struct {
		unsigned tag, bits;
		const char *name;
	} names[] = {
		{ 1, 8, "pcm_u8" }, { 1, 16, "pcm_s16le" },
		{ 1, 24, "pcm_s24le" }, { 3, 32, "pcm_f32le" },
		{ 3, 64, "pcm_f64le" }, { 2, 4, "adpcm_ms" },
		{ 6, 8, "alaw" }, { 7, 8, "ulaw" },
		{ 0x11, 4, "adpcm_ima_wav" }, { 0x31, 0, "gsm_ms" },
		{ 0x55, 0, "mp3" }, { 0x65, 4, "adpcm_g722" },
		{ 0x83, 0, "wav_0x0083" }, { 0xFFFE, 16, "wav_0xfffe" },
	};
	char buf[24];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		vox_wav_codec_name(names[i].tag, names[i].bits, buf,
				   sizeof(buf));
		assert_string_equal(buf, names[i].name);
	}
}

static void test_bid(void **state)
{
	static const unsigned char wav[] = "RIFF\x24\0\0\0WAVEfmt ";
	static const unsigned char avi[] = "RIFF\x24\0\0\0AVI LIST";

	(void)state;
	assert_true(SRC->bid(wav, sizeof(wav) - 1) > 40);
	assert_int_equal(SRC->bid(avi, sizeof(avi) - 1), 0);
	assert_int_equal(SRC->bid(wav, 11), 0);
	assert_ptr_equal(vox_source_choose(wav, sizeof(wav) - 1), SRC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_fixtures),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_mixmonitor_name),
		cmocka_unit_test(test_freepbx_name),
		cmocka_unit_test(test_names_without_id),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_rf64),
		cmocka_unit_test(test_streaming_digest),
		cmocka_unit_test(test_digest_only),
		cmocka_unit_test(test_codec_names),
		cmocka_unit_test(test_bid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
