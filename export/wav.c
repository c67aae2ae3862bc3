/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wav.c: one call recording in a RIFF/WAVE file, as Asterisk's MixMonitor
 * and FreePBX leave them under /var/spool/asterisk/monitor/.
 *
 * The header is read by wav_info.c (reference/provider-formats.md 7.2):
 * format tag to codec name, rate, channels, bits, duration (fact's sample
 * count, else the data size), and the file's size and SHA-256.  The call
 * is named by the file name only (section 1.5; FreePBX/callrecording
 * sub-record-check):
 *
 *	<uniqueid>.wav                          MixMonitor with ${UNIQUEID}
 *	<type>-<dest>-<from>-<YYYYMMDD>-<HHMMSS>-<uniqueid>.<ext>   FreePBX
 *
 * where a uniqueid is "[<systemname>-]<digits>.<digits>", type is a word
 * (in, out, q, rg, exten, external, ondemand, ...), dest may itself hold
 * '-', and the time is the server's local time.  The extension may be any
 * case (wav49 is written .WAV).
 *
 * Mapping: one file, one struct vox_recording of kind call: id is the
 * file name without its extension (bytes outside [A-Za-z0-9._-] as '_');
 * call_id the uniqueid, for the pipeline to match against the calls
 * (NULL when the name holds none; a system name in bytes that are not
 * UTF-8 is read as Windows-1252, as everywhere); start the FreePBX name's time read in
 * the source's zone; type, dest and from of a FreePBX name, and a header
 * that did not add up (wav_info's note: unset or lying sizes) in extra,
 * as "type", "dest", "from", "wav_note".  Dropped: LIST/INFO tags, the
 * extensible channel mask.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "record.h"
#include "text.h"
#include "timeconv.h"
#include "voxport/source.h"
#include "wav_info.h"

#define FORMAT "wav"

struct reader {
	FILE *in;
	const char *name;
	const char *path;	/* as opened: the audio for --with-audio */
	const struct vox_tz *tz;
	int done;
	int oom;
	struct vox_arena arena;
	struct vox_record rec;
	struct vox_wav_info info;
};

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int digits(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A uniqueid: "[<systemname>-]<digits>.<digits>". */
static int uniqueid_shape(const char *s, size_t len)
{
	const char *p = s, *dot;
	size_t i;

	for (i = len; i > 0; i--)
		if (s[i - 1] == '-') {
			if (i == 1)
				return 0;	/* an empty system name */
			p = s + i;
			break;
		}
	len -= (size_t)(p - s);
	dot = memchr(p, '.', len);
	return dot && digits(p, (size_t)(dot - p)) &&
		digits(dot + 1, len - (size_t)(dot + 1 - p));
}

/*
 * The length of NAME without its extension: a last ".<word>" holding a
 * letter (".wav", ".WAV", ".wav49"); a last ".<digits>" is the uniqueid's.
 */
static size_t stem_len(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *p;
	int letter = 0;

	if (!dot || dot == name)
		return strlen(name);
	for (p = dot + 1; *p; p++) {
		if (is_alpha((unsigned char)*p))
			letter = 1;
		else if (!is_digit((unsigned char)*p))
			return strlen(name);
	}
	return letter ? (size_t)(dot - name) : strlen(name);
}

static void extra(struct reader *r, const char *key, const char *s,
		  size_t len)
{
	struct vox_recording *rec = &r->rec.u.recording;
	char *v;

	if (!len)
		return;
	v = vox_text_utf8(&r->arena, s, len, NULL);
	if (!v || vox_extra_add(&r->arena, &rec->extra, key, v) != VOX_OK)
		r->oom = 1;
}

/*
 * "<type>-<dest>-<from>-<YYYYMMDD>-<HHMMSS>-<uniqueid>": 1 and the parts
 * filled in when STEM has that shape.  The date and time are found first,
 * so a dest holding '-' does not throw the split off.
 */
static int freepbx_name(struct reader *r, const char *stem, size_t len)
{
	struct vox_recording *rec = &r->rec.u.recording;
	char when[20];
	size_t i, t;

	for (i = 0; i + 17 < len; i++) {
		const char *p = stem + i;

		if (p[0] == '-' && digits(p + 1, 8) && p[9] == '-' &&
		    digits(p + 10, 6) && p[16] == '-' &&
		    uniqueid_shape(p + 17, len - i - 17))
			break;
	}
	if (i + 17 >= len)
		return 0;
	for (t = 0; t < i && is_alpha((unsigned char)stem[t]); t++)
		;
	if (t == 0 || (t < i && stem[t] != '-'))
		return 0;	/* no type word */
	rec->call_id = vox_text_utf8(&r->arena, stem + i + 17, len - i - 17,
				     NULL);
	if (!rec->call_id)
		r->oom = 1;
	extra(r, "type", stem, t);
	if (t < i) {
		/* dest may hold '-'; from is after the last one. */
		const char *rest = stem + t + 1;
		size_t rlen = i - t - 1, k = rlen;

		while (k > 0 && rest[k - 1] != '-')
			k--;
		if (k == 0) {
			extra(r, "dest", rest, rlen);
		} else {
			extra(r, "dest", rest, k - 1);
			extra(r, "from", rest + k, rlen - k);
		}
	}
	snprintf(when, sizeof(when), "%.4s-%.2s-%.2s %.2s:%.2s:%.2s",
		 stem + i + 1, stem + i + 5, stem + i + 7, stem + i + 10,
		 stem + i + 12, stem + i + 14);
	if (vox_time_parse_local(when, strlen(when), r->tz, &rec->start) !=
	    VOX_OK) {
		rec->start = VOX_TIME_NONE;
		extra(r, "name_time", stem + i + 1, 15);
	}
	return 1;
}

static int fill(struct reader *r, struct vox_error *err)
{
	struct vox_recording *rec = &r->rec.u.recording;
	size_t len = stem_len(r->name), i;
	char *id;

	if (vox_wav_info_read(r->in, r->name, &r->info, err) != VOX_OK)
		return VOX_ERR;
	memset(&r->rec, 0, sizeof(r->rec));
	r->rec.kind = VOX_RECORDING;
	vox_recording_init(rec);
	rec->kind = VOX_REC_CALL;

	id = vox_arena_strndup(&r->arena, len ? r->name : "recording",
			       len ? len : 9);
	if (!id)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	for (i = 0; id[i]; i++)
		if (!is_alpha((unsigned char)id[i]) &&
		    !is_digit((unsigned char)id[i]) && !strchr("._-", id[i]))
			id[i] = '_';
	rec->id = id;
	if (!freepbx_name(r, r->name, len) && uniqueid_shape(r->name, len)) {
		rec->call_id = vox_text_utf8(&r->arena, r->name, len, NULL);
		if (!rec->call_id)
			r->oom = 1;
	}
	rec->duration_ms = r->info.duration_ms;
	rec->media_type = "audio/wav";
	rec->codec = r->info.codec;
	rec->sample_rate = r->info.sample_rate;
	rec->channels = r->info.channels;
	rec->bits_per_sample = r->info.bits_per_sample;
	rec->bytes = r->info.bytes;
	rec->sha256 = r->info.sha256;
	rec->file = r->path;
	rec->source.format = FORMAT;
	rec->source.file = r->name;
	rec->source.id = rec->call_id;
	extra(r, "wav_note", r->info.note, strlen(r->info.note));
	if (r->oom)
		return vox_error_set(err, VOX_E_NOMEM, "%s: out of memory",
				     r->name);
	return VOX_OK;
}

static int next_record(void *state, const struct vox_record **rec,
		       struct vox_error *err)
{
	struct reader *r = state;

	if (r->done)
		return VOX_EOF;
	r->done = 1;	/* one file, one recording, or one error */
	if (fill(r, err) != VOX_OK)
		return VOX_ERR;
	*rec = &r->rec;
	return VOX_OK;
}

static int bid(const unsigned char *buf, size_t len)
{
	return vox_wav_sniff(buf, len) ? 64 : 0;	/* 8 bytes verified */
}

static void close_reader(void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	vox_arena_release(&r->arena);
	free(r);
}

static void *open_reader(const struct vox_source_args *args,
			 struct vox_error *err)
{
	struct reader *r = calloc(1, sizeof(*r));

	if (!r) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	r->in = args->in;
	r->name = args->name ? args->name : "-";
	r->path = args->path;
	r->tz = args->tz;
	vox_arena_init(&r->arena);
	return r;
}

const struct vox_source vox_source_wav = {
	.name = FORMAT,
	.summary = "a call recording in a WAV file (MixMonitor, FreePBX "
		   "names)",
	.kinds = VOX_RECORDING,
	.options = NULL,
	.files = "*.wav",
	.bid = bid,
	.open = open_reader,
	.next = next_record,
	.close = close_reader,
};
