/* SPDX-License-Identifier: Apache-2.0 */
/* test_asterisk_voicemail.c: the Asterisk voicemail msgNNNN.txt reader. */
#include "unit.h"

#include <sys/stat.h>

#include "timeconv.h"
#include "voxport/source.h"

#define SRC (&vox_source_asterisk_voicemail)
#define DATA "tests/data/asterisk-voicemail/"

struct fx {
	FILE *in;
	struct vox_tz *tz;
	void *st;
	struct vox_error err;
};

/* Open PATH as the CLI does: the base name for messages, the path. */
static void fx_open_path(struct fx *fx, const char *path, int with_path)
{
	struct vox_source_args args = { 0 };
	struct vox_error err = VOX_ERROR_INIT;
	const char *base = strrchr(path, '/');

	memset(fx, 0, sizeof(*fx));
	fx->in = fopen(path, "rb");
	assert_non_null(fx->in);
	fx->tz = vox_tz_load("Europe/London", &err);
	assert_non_null(fx->tz);
	args.in = fx->in;
	args.name = base ? base + 1 : path;
	args.path = with_path ? path : NULL;
	args.tz = fx->tz;
	fx->st = SRC->open(&args, &fx->err);
	assert_non_null(fx->st);
}

static void fx_open(struct fx *fx, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s%s", DATA, rel);
	fx_open_path(fx, unit_path(path), 1);
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
	assert_int_equal(rec->u.recording.kind, VOX_REC_VOICEMAIL);
	return &rec->u.recording;
}

static void fx_error(struct fx *fx, const char *msg)
{
	const struct vox_record *rec = NULL;

	assert_int_equal(SRC->next(fx->st, &rec, &fx->err), VOX_ERR);
	assert_int_equal(fx->err.code, VOX_E_DATA);
	assert_string_equal(fx->err.msg, msg);
	assert_int_equal(SRC->next(fx->st, &rec, &fx->err), VOX_EOF);
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

static void test_inbox(void **state)
{
	const struct vox_recording *r;
	struct fx fx;

	(void)state;
	fx_open(&fx, "ok/INBOX/msg0000.txt");
	r = fx_next(&fx);
	STR(r->id, "1709650927-00000003");
	STR(r->call_id, NULL);
	assert_true(r->start == 1709650927000LL);
	assert_int_equal(r->duration_ms, 20);	/* the audio's, not 14 s */
	STR(r->media_type, "audio/wav");
	STR(r->codec, "pcm_s16le");
	assert_int_equal(r->sample_rate, 8000);
	assert_int_equal(r->channels, 1);
	assert_int_equal(r->bits_per_sample, 16);
	assert_int_equal(r->bytes, 364);
	/* The same bytes as wav/ok/1709647927.123.wav (sha256sum). */
	STR(r->sha256, "557d3550547e89c0601ba1cdea0cb027aaebdad8ea36bf07548"
	    "11fc245579c16");
	STR(r->source.format, "asterisk-voicemail");
	STR(r->source.file, "msg0000.txt");
	assert_int_equal(r->source.line, 4);
	STR(r->source.id, "1709650927-00000003");
	STR(extra(r, "folder"), "INBOX");
	STR(extra(r, "audio"), "msg0000.wav");
	STR(extra(r, "origmailbox"), "1002");
	STR(extra(r, "context"), "from-trunk");
	STR(extra(r, "rdnis"), "unknown");
	STR(extra(r, "callerchan"), "PJSIP/trunk-00000014");
	STR(extra(r, "callerid"), "\"WIRELESS CALLER\" <15555550188>");
	STR(extra(r, "origdate"), "Tue Mar  5 03:02:07 PM UTC 2024");
	STR(extra(r, "duration"), "14");
	STR(extra(r, "origtime"), NULL);	/* it is start */
	STR(extra(r, "category"), NULL);	/* empty: not given */
	STR(extra(r, "flag"), NULL);
	fx_eof(&fx);
	fx_close(&fx);
}

/* Spaces, "=>", comments, "\;", a key twice, another section. */
static void test_syntax(void **state)
{
	const struct vox_recording *r;
	struct fx fx;

	(void)state;
	fx_open(&fx, "ok/INBOX/msg0001.txt");
	r = fx_next(&fx);
	assert_true(r->start == 1709656200000LL);	/* the first origtime */
	STR(r->id, "1709656200-0000000a");
	STR(extra(r, "origmailbox"), "1002");
	STR(extra(r, "context"), "from-internal");
	STR(extra(r, "exten"), "1002");
	STR(extra(r, "callerid"), "\"Bob ; Alice\" <1001>");
	STR(extra(r, "unknownkey"), "kept as it is");
	STR(extra(r, "macrocontext"), NULL);
	STR(extra(r, "audio"), "msg0001.WAV");
	STR(r->codec, "gsm_ms");
	assert_int_equal(r->duration_ms, 40);
	fx_close(&fx);
}

static void test_old_gsm_no_msg_id(void **state)
{
	const struct vox_recording *r;
	struct fx fx;

	(void)state;
	fx_open(&fx, "ok/Old/msg0000.txt");
	r = fx_next(&fx);
	STR(r->id, "1002-Old-msg0000");
	STR(r->source.id, NULL);
	STR(extra(r, "folder"), "Old");
	STR(extra(r, "callerid"), "Unknown");
	STR(r->media_type, "audio/x-gsm");
	STR(r->codec, "gsm");
	assert_int_equal(r->bytes, 165);
	assert_int_equal(r->duration_ms, 100);	/* 5 frames of 20 ms */
	assert_int_equal(r->bits_per_sample, 0);
	fx_close(&fx);
}

static void test_urgent_crashed(void **state)
{
	const struct vox_recording *r;
	struct fx fx;

	(void)state;
	fx_open(&fx, "ok/Urgent/msg0000.txt");
	r = fx_next(&fx);
	STR(extra(r, "folder"), "Urgent");
	STR(extra(r, "macrocontext"), "from-trunk");
	STR(extra(r, "callerid"), "\"Jos\xc3\xa9 M\xc3\xbcller\" <15555550142>");
	STR(extra(r, "duration"), NULL);	/* never written */
	assert_int_equal(r->duration_ms, 10);
	assert_non_null(extra(r, "audio_note"));
	fx_close(&fx);
}

static void test_bad_fixtures(void **state)
{
	static const char *const bad[][2] = {
		{ "no-message.txt", "no-message.txt: no [message] section" },
		{ "no-origtime.txt", "no-origtime.txt:4: no origtime in "
		  "[message]" },
		{ "bad-origtime.txt", "bad-origtime.txt:4: bad origtime "
		  "\"Tue Mar  5 03:02:07 PM UTC 2024\"" },
		{ "audio-missing.txt", "audio-missing.txt: no audio beside it "
		  "(audio-missing.wav, .WAV, .gsm or .wav49)" },
		{ "key-before-section.txt", "key-before-section.txt:1: key "
		  "\"origmailbox\" before any section" },
		{ "no-equals.txt", "no-equals.txt:4: no '=' in a line that is "
		  "not a section" },
		{ "unclosed-section.txt", "unclosed-section.txt:2: no ']' "
		  "after the section name" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char rel[200];
		struct fx fx;

		snprintf(rel, sizeof(rel), "bad/%s", bad[i][0]);
		fx_open(&fx, rel);
		fx_error(&fx, bad[i][1]);
		fx_close(&fx);
	}
}

/* Copy a fixture's bytes to a scratch file. */
static void copy(const char *rel, const char *to)
{
	char buf[4096];
	FILE *in = fopen(unit_path(rel), "rb"), *out = fopen(to, "wb");
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static const char msg[] = "[message]\r\norigmailbox=1002\r\n"
			  "origtime=1709650927\r\nduration=3\r\n";

/* .wav before .WAV before .gsm before .wav49; CRLF; any folder name. */
static void test_audio_order(void **state)
{
	const struct vox_recording *r;
	struct fx fx;

	(void)state;
	assert_int_equal(mkdir("box", 0777), 0);
	unit_write("box/msg0007.txt", msg);
	copy(DATA "ok/Old/msg0000.gsm", "box/msg0007.wav49");
	fx_open_path(&fx, "box/msg0007.txt", 1);
	r = fx_next(&fx);
	STR(extra(r, "audio"), "msg0007.wav49");
	STR(r->media_type, "application/octet-stream");	/* not RIFF */
	STR(r->codec, NULL);
	assert_int_equal(r->duration_ms, 3000);	/* the key's */
	assert_int_equal(r->bytes, 165);
	STR(extra(r, "folder"), NULL);		/* "box" is not one */
	STR(r->id, "1002-msg0007");
	fx_close(&fx);

	copy(DATA "ok/Old/msg0000.gsm", "box/msg0007.gsm");
	fx_open_path(&fx, "box/msg0007.txt", 1);
	STR(extra(fx_next(&fx), "audio"), "msg0007.gsm");
	fx_close(&fx);

	copy(DATA "ok/INBOX/msg0001.WAV", "box/msg0007.WAV");
	fx_open_path(&fx, "box/msg0007.txt", 1);
	STR(extra(fx_next(&fx), "audio"), "msg0007.WAV");
	fx_close(&fx);

	copy(DATA "ok/INBOX/msg0000.wav", "box/msg0007.wav");
	fx_open_path(&fx, "box/msg0007.txt", 1);
	r = fx_next(&fx);
	STR(extra(r, "audio"), "msg0007.wav");
	STR(r->codec, "pcm_s16le");
	fx_close(&fx);

	/* A directory of that name is not audio. */
	assert_int_equal(mkdir("box/msg0008.wav", 0777), 0);
	unit_write("box/msg0008.txt", msg);
	copy(DATA "ok/Old/msg0000.gsm", "box/msg0008.gsm");
	fx_open_path(&fx, "box/msg0008.txt", 1);
	STR(extra(fx_next(&fx), "audio"), "msg0008.gsm");
	fx_close(&fx);
}

/* A duration too large for milliseconds is kept as text only. */
static void test_huge_duration(void **state)
{
	const struct vox_recording *r;
	struct fx fx;

	(void)state;
	assert_int_equal(mkdir("huge", 0777), 0);
	unit_write("huge/msg0000.txt", "[message]\norigtime=253402300799\n"
		   "duration=999999999999999999\n");
	unit_write("huge/msg0000.gsm", "");
	fx_open_path(&fx, "huge/msg0000.txt", 1);
	r = fx_next(&fx);
	assert_true(r->start == 253402300799000LL);
	assert_int_equal(r->duration_ms, 0);	/* no frames */
	STR(extra(r, "duration"), "999999999999999999");
	fx_close(&fx);
	unit_write("huge/msg0000.gsm", "");
	assert_int_equal(rename("huge/msg0000.gsm", "huge/msg0000.wav49"), 0);
	fx_open_path(&fx, "huge/msg0000.txt", 1);
	assert_int_equal(fx_next(&fx)->duration_ms, -1);
	fx_close(&fx);
}

/* A WAV whose header is cut still gives its size and digest. */
static void test_broken_wav(void **state)
{
	const struct vox_recording *r;
	struct fx fx;

	(void)state;
	assert_int_equal(mkdir("cut", 0777), 0);
	unit_write("cut/msg0000.txt", msg);
	copy("tests/data/wav/bad/truncated-header.wav", "cut/msg0000.wav");
	fx_open_path(&fx, "cut/msg0000.txt", 1);
	r = fx_next(&fx);
	assert_int_equal(r->bytes, 30);
	assert_int_equal(strlen(r->sha256), 64);
	STR(r->codec, NULL);
	STR(extra(r, "audio_note"), "msg0000.wav: truncated WAV header at "
	    "byte 30: the fmt chunk at byte 12 is cut");
	fx_close(&fx);
}

/* Without a path (a stream), the text is read and no audio is found. */
static void test_no_path(void **state)
{
	struct fx fx;
	char path[512];

	(void)state;
	snprintf(path, sizeof(path), "%s", unit_path(DATA
						       "ok/INBOX/msg0000.txt"));
	fx_open_path(&fx, path, 0);
	fx_error(&fx, "msg0000.txt: no audio beside it (msg0000.wav, .WAV, "
		 ".gsm or .wav49)");
	fx_close(&fx);
}

static void test_bad_inline(void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "[message]\norigtime=-5\n", "t.txt:2: bad origtime \"-5\"" },
		{ "[message]\norigtime=\n", "t.txt:2: bad origtime \"\"" },
		{ "[message]\n=5\n", "t.txt:2: a value without a key" },
		{ "[Message]\n", "t.txt:1: no origtime in [message]" },
		{ "", "t.txt: no [message] section" },
		{ "[message]\norigtime=1234567890123456789\n",
		  "t.txt:2: bad origtime \"1234567890123456789\"" },
		{ "[message]\norigtime=999999999999999999\n",
		  "t.txt:2: bad origtime \"999999999999999999\"" },
		{ "[message]\norigtime=253402300800\n",
		  "t.txt:2: bad origtime \"253402300800\"" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fx fx;

		unit_write("t.txt", bad[i].text);
		fx_open_path(&fx, "t.txt", 1);
		fx_error(&fx, bad[i].msg);
		fx_close(&fx);
	}
}

static void test_nul_and_size(void **state)
{
	static const char nul[] = "[message]\norigtime=1\0\n";
	struct fx fx;
	FILE *f;
	size_t i;

	(void)state;
	f = fopen("nul.txt", "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(nul, 1, sizeof(nul) - 1, f), sizeof(nul) - 1);
	fclose(f);
	fx_open_path(&fx, "nul.txt", 1);
	fx_error(&fx, "nul.txt:2: a NUL byte: not a text file");
	fx_close(&fx);

	f = fopen("big.txt", "wb");
	assert_non_null(f);
	fputs("[message]\n", f);
	for (i = 0; i < 70000; i++)
		fputs(";comment\n", f);	/* 630 kB of comments ... */
	for (i = 0; i < 50000; i++)
		fputs("x=yyyyyyyyy\n", f);	/* ... and 600 kB of keys */
	fclose(f);
	fx_open_path(&fx, "big.txt", 1);
	fx_error(&fx, "big.txt: over 1048576 bytes: not a voicemail message "
		 "file");
	fx_close(&fx);
}

static void test_bid(void **state)
{
	static const char cdr[] = "\"\",\"1001\",\"1002\",\"from-internal\"";
	static const char riff[] = "RIFF\x24\0\0\0WAVEfmt ";
	static const char bare[] = "[message]\n";
	static const char late[] = "x=1\n[message]\norigtime=1\n";
	char buf[4096];
	size_t n;
	FILE *f = fopen(unit_path(DATA "ok/INBOX/msg0000.txt"), "rb");

	(void)state;
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(SRC->bid((const unsigned char *)buf, n), 40);
	assert_ptr_equal(vox_source_choose((const unsigned char *)buf, n),
			 SRC);
	assert_int_equal(SRC->bid((const unsigned char *)bare,
				  sizeof(bare) - 1), 15);
	assert_int_equal(SRC->bid((const unsigned char *)late,
				  sizeof(late) - 1), 0);
	assert_int_equal(SRC->bid((const unsigned char *)cdr,
				  sizeof(cdr) - 1), 0);
	assert_int_equal(SRC->bid((const unsigned char *)riff,
				  sizeof(riff) - 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inbox),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_old_gsm_no_msg_id),
		cmocka_unit_test(test_urgent_crashed),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_audio_order),
		cmocka_unit_test(test_huge_duration),
		cmocka_unit_test(test_broken_wav),
		cmocka_unit_test(test_no_path),
		cmocka_unit_test(test_bad_inline),
		cmocka_unit_test(test_nul_and_size),
		cmocka_unit_test(test_bid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
