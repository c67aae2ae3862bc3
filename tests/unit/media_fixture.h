/* SPDX-License-Identifier: Apache-2.0 */
/*
 * media_fixture.h: messages and recordings for the archive writer's tests
 * (tests/unit/test_archive_write.c) and the tool that builds an archive
 * for the shell suite and golden cases (tests/tools/media_archive.c).
 *
 * Four messages: an SMS received, an MMS sent to three people with three
 * parts, an SMS from an alphanumeric sender, one whose text and sender
 * name are spreadsheet formulas.  Five recordings: a call recording with
 * audio, a voicemail known only by its checksum, one whose id is a path
 * ("../../etc/passwd"), and two whose member names are the same once
 * made safe and lower case.  The audio is a small WAV file written by the fixture.
 */
#ifndef VOXPORT_MEDIA_FIXTURE_H
#define VOXPORT_MEDIA_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "export/export.h"
#include "record.h"
#include "voxport/model.h"

#define FIX_MESSAGES 4
#define FIX_RECORDINGS 5

/* "RIFF" WAV, PCM 16 bit mono 8 kHz, n samples of a square wave. */
static inline int fix_write_wav(const char *path, unsigned n)
{
	unsigned char h[44];
	uint32_t data = 2 * n, v;
	FILE *f = fopen(path, "wb");
	unsigned i;

	if (!f)
		return -1;
	memcpy(h, "RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0"
	       "\x40\x1f\0\0\x80\x3e\0\0\x02\0\x10\0data\0\0\0\0", 44);
	v = 36 + data;
	h[4] = v & 255; h[5] = v >> 8 & 255; h[6] = v >> 16 & 255;
	h[7] = v >> 24;
	h[40] = data & 255; h[41] = data >> 8 & 255; h[42] = data >> 16 & 255;
	h[43] = data >> 24;
	fwrite(h, 1, sizeof(h), f);
	for (i = 0; i < n; i++) {
		unsigned char s[2] = { 0, (i / 20) % 2 ? 0x20 : 0xe0 };

		fwrite(s, 1, 2, f);
	}
	return fclose(f) == 0 ? 0 : -1;
}

static struct vox_party fix_me = { "+447700900001", "07700 900001", NULL };
static struct vox_party fix_three[3] = {
	{ "+447700900002", "07700900002", "Bob" },
	{ "+447700900003", "07700900003", NULL },
	{ "+33612345678", "+33 6 12 34 56 78", "Chloé" },
};
static struct vox_message_part fix_parts[3] = {
	{ .content_type = "application/smil", .name = "smil.xml",
	  .text = "<smil><body/></smil>" },
	{ .content_type = "text/plain", .name = "text_0.txt",
	  .text = "See you at 5, bring the 📷" },
	{ .content_type = "image/jpeg", .name = "IMG_0001.jpg", .bytes = 2048,
	  .sha256 = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e8862"
		    "66e7ae" },
};
static struct vox_field fix_extra_v[1] = { { "service_center",
					     "+447785016005" } };

/* Fill m[FIX_MESSAGES]; the records borrow static strings. */
static inline void fix_messages(struct vox_message *m)
{
	int i;

	for (i = 0; i < FIX_MESSAGES; i++) {
		vox_message_init(&m[i]);
		m[i].source.format = "sbr-xml";
		m[i].source.file = "sms.xml";
		m[i].source.line = (uint64_t)(3 + i);
	}
	m[0].id = "sms-1";
	m[0].thread = "7";
	m[0].direction = VOX_DIR_INBOUND;
	m[0].box = VOX_BOX_RECEIVED;
	m[0].date = 1700000000000LL;
	m[0].date_sent = 1699999998000LL;
	m[0].from = fix_three[0];
	m[0].to = &fix_me;
	m[0].nto = 1;
	m[0].body = "Hello, \"world\"\nsecond line";
	m[0].read = 1;
	m[0].extra.v = fix_extra_v;
	m[0].extra.n = 1;

	m[1].id = "mms-2";
	m[1].thread = "8";
	m[1].type = VOX_MSG_MMS;
	m[1].direction = VOX_DIR_OUTBOUND;
	m[1].box = VOX_BOX_SENT;
	m[1].date = 1700000100500LL;
	m[1].from = fix_me;
	m[1].to = fix_three;
	m[1].nto = 3;
	m[1].subject = "Tonight";
	m[1].parts = fix_parts;
	m[1].nparts = 3;
	m[1].read = 1;

	m[2].id = "sms-3";
	m[2].direction = VOX_DIR_INBOUND;
	m[2].box = VOX_BOX_RECEIVED;
	m[2].date = 1700000200000LL;
	m[2].from.number = "MyBank";
	m[2].from.raw = "MyBank";
	m[2].to = &fix_me;
	m[2].nto = 1;
	m[2].body = "Your code is 123456";
	m[2].read = 0;

	m[3].id = "sms-4";
	m[3].direction = VOX_DIR_INBOUND;
	m[3].box = VOX_BOX_RECEIVED;
	m[3].date = 1700000300000LL;
	m[3].from.number = "+447700900666";
	m[3].from.raw = "07700900666";
	m[3].from.name = "@SUM(1+1)*cmd|' /C calc'!A0";
	m[3].to = &fix_me;
	m[3].nto = 1;
	m[3].body = "=HYPERLINK(\"http://evil.example/\",\"click\");-2+3";
}

#define FIX_VOICEMAIL_SHA \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/*
 * Fill r[FIX_RECORDINGS] and audio[FIX_RECORDINGS] (the audio file of
 * each, or NULL); wav is the path of a WAV from fix_write_wav().
 */
static inline void fix_recordings(struct vox_recording *r,
				  const char **audio, const char *wav)
{
	int i;

	for (i = 0; i < FIX_RECORDINGS; i++) {
		vox_recording_init(&r[i]);
		r[i].media_type = "audio/wav";
		r[i].codec = "pcm_s16le";
		r[i].sample_rate = 8000;
		r[i].channels = 1;
		r[i].bits_per_sample = 16;
		r[i].source.format = "wav";
		r[i].source.file = "monitor";
		audio[i] = wav;
	}
	r[0].id = "1700000000.42";
	r[0].call_id = "1700000000.42";
	r[0].start = 1700000000000LL;
	r[0].duration_ms = 100;

	r[1].id = "msg0001";
	r[1].kind = VOX_REC_VOICEMAIL;
	r[1].start = 1700000400000LL;
	r[1].duration_ms = 12345;
	r[1].codec = "gsm";
	r[1].bits_per_sample = 0;
	r[1].bytes = 0;
	r[1].sha256 = FIX_VOICEMAIL_SHA;
	r[1].source.format = "asterisk-voicemail";
	r[1].source.file = "msg0001.txt";
	audio[1] = NULL;

	r[2].id = "../../etc/passwd";
	/* The same member name once made safe and lower case. */
	r[3].id = "call 1";
	r[4].id = "CALL?1";
}

#endif
