/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asterisk_voicemail.c: one Asterisk voicemail message, msgNNNN.txt, with
 * its audio beside it, as app_voicemail (leave_voicemail(), Asterisk 1.4
 * to today) leaves them in
 * /var/spool/asterisk/voicemail/<context>/<mailbox>/<folder>/.
 *
 * Format (reference/provider-formats.md 1.4): Asterisk's ini dialect.
 * ';' starts a comment ("\;" is a literal ';'), blank lines and spaces
 * around a line, its key and its value do not count, "key => value" is
 * "key = value", values are never quoted and run to the end of the line.
 * The [message] section holds origmailbox, context, macrocontext (up to
 * Asterisk 20), exten, rdnis, priority, callerchan, callerid ("Name"
 * <num>), origdate (free text, UTC), origtime (epoch seconds), category,
 * msg_id (Asterisk 12 on), flag and duration (the last two written when
 * the recording ends; a crash leaves them out).  A key met twice counts
 * the first time, as ast_variable_retrieve() reads it.  The audio has the
 * same base name, one file per configured format: msgNNNN.wav (PCM),
 * .WAV (wav49, GSM in WAV), .gsm (raw GSM 6.10) or .wav49.
 *
 * Mapping: one file, one struct vox_recording of kind voicemail.  start is
 * origtime (origdate is only kept); id is msg_id, else
 * "<origmailbox>-<folder>-<msgNNNN>"; call_id is NULL (nothing in the file
 * names the call).  The audio is the first of .wav, .WAV, .gsm, .wav49
 * that exists: a WAV is read by wav_info.c (codec, rate, channels, bits,
 * duration, size, SHA-256), a .gsm gives 33-byte frames of 20 ms, anything
 * else its size and SHA-256 only.  duration_ms is the audio's, else the
 * duration key's.  Every other [message] key goes to extra under its own
 * name, as written (callerid not split: the record has no party), and so
 * do "folder" (the folder directory, when it is one of app_voicemail's:
 * INBOX, Old, Work, Family, Friends, Cust1-5, Deleted, Urgent), "audio"
 * (the audio file's name) and "audio_note" (a WAV header that did not add
 * up).  Other sections are ignored.  Errors: no [message] section, no or a
 * bad origtime, a line that is not a key, section or comment, no audio.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "path.h"
#include "record.h"
#include "text.h"
#include "voxport/source.h"
#include "wav_info.h"

#define FORMAT "asterisk-voicemail"
#define MAX_FILE (1 << 20)	/* Asterisk writes about 400 bytes */

struct key {
	const char *key, *value;
	uint64_t line;
};

struct reader {
	FILE *in;
	const char *name;
	const char *path;	/* as opened, or NULL: then no audio is found */
	int done;
	int oom;
	struct vox_arena arena;
	struct key *keys;
	size_t nkeys, capkeys;
	uint64_t section_line;	/* of [message], 0 when there is none */
	struct vox_record rec;
	struct vox_wav_info info;
	char sha256[VOX_SHA256_HEX];
};

/* ---- bidding ---------------------------------------------------------- */

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trim s[*b..*e) of spaces. */
static void trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e && is_space((unsigned char)s[*b]))
		(*b)++;
	while (*e > *b && is_space((unsigned char)s[*e - 1]))
		(*e)--;
}

/* Does line s[b..e) start with KEY and then '=' (spaces allowed)? */
static int line_key(const char *s, size_t b, size_t e, const char *key)
{
	size_t n = strlen(key);

	if (e - b < n || strncasecmp(s + b, key, n) != 0)
		return 0;
	for (b += n; b < e && is_space((unsigned char)s[b]); b++)
		;
	return b < e && s[b] == '=';
}

static int bid(const unsigned char *buf, size_t len)
{
	const char *s = (const char *)buf;
	size_t i = 0;
	int section = 0, score = 0, lines = 0;

	if (memchr(buf, '\0', len))
		return 0;	/* text only */
	while (i < len && lines++ < 64) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t b = i, e = nl ? (size_t)(nl - s) : len;

		i = e + 1;
		trim(s, &b, &e);
		if (b == e || s[b] == ';')
			continue;
		if (!section) {
			if (e - b != 9 || strncasecmp(s + b, "[message]", 9))
				return 0;	/* comments, then [message] */
			section = 1;
			score = 15;
		} else if (line_key(s, b, e, "origtime")) {
			score += 15;
		} else if (line_key(s, b, e, "callerid")) {
			score += 5;
		} else if (line_key(s, b, e, "origmailbox")) {
			score += 5;
		}
	}
	return score > 40 ? 40 : score;
}

/* ---- the text file ---------------------------------------------------- */

/* A value for a message: cut, quotes and control bytes escaped. */
static const char *show(char *buf, size_t sz, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *s && o + 8 < sz; s++) {
		unsigned char c = (unsigned char)*s;

		if (o >= 60) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7F) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
	return buf;
}

/* s[b..e) without its comment, "\;" undone, trimmed, as UTF-8. */
static char *clean(struct reader *r, const char *s, size_t b, size_t e)
{
	char *t = vox_arena_alloc(&r->arena, e - b + 1), *u;
	size_t n = 0, i, tb = 0;

	if (!t) {
		r->oom = 1;
		return NULL;
	}
	for (i = b; i < e; i++) {
		if (s[i] == '\\' && i + 1 < e && s[i + 1] == ';') {
			t[n++] = ';';
			i++;
		} else if (s[i] == ';') {
			break;
		} else {
			t[n++] = s[i];
		}
	}
	trim(t, &tb, &n);
	u = vox_text_utf8(&r->arena, t + tb, n - tb, NULL);
	if (!u)
		r->oom = 1;
	return u;
}

static int add_key(struct reader *r, const char *key, const char *value,
		   uint64_t line)
{
	struct key *k;
	size_t i;

	for (i = 0; i < r->nkeys; i++)
		if (strcasecmp(r->keys[i].key, key) == 0)
			return VOX_OK;	/* the first one counts */
	k = vox_arena_push(&r->arena, &r->keys, &r->nkeys, &r->capkeys,
			   sizeof(*k));
	if (!k)
		return VOX_ERR;
	k->key = key;
	k->value = value;
	k->line = line;
	return VOX_OK;
}

static int parse_line(struct reader *r, const char *s, size_t b, size_t e,
		      uint64_t line, int *in_message, struct vox_error *err)
{
	char *text = clean(r, s, b, e), *eq, *key, *value;
	size_t kb = 0, ke, vb, ve;

	if (!text)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	if (!*text)
		return VOX_OK;
	if (*text == '[') {
		char *close = strchr(text, ']');

		if (!close)
			return vox_error_set(err, VOX_E_DATA, "%s:%" PRIu64
					     ": no ']' after the section name",
					     r->name, line);
		*in_message = close - text == 8 &&
			strncasecmp(text, "[message", 8) == 0;
		if (*in_message && !r->section_line)
			r->section_line = line;
		return VOX_OK;
	}
	eq = strchr(text, '=');
	if (!eq)
		return vox_error_set(err, VOX_E_DATA, "%s:%" PRIu64 ": no '=' "
				     "in a line that is not a section", r->name,
				     line);
	ke = (size_t)(eq - text);
	trim(text, &kb, &ke);
	if (kb == ke)
		return vox_error_set(err, VOX_E_DATA, "%s:%" PRIu64 ": a value "
				     "without a key", r->name, line);
	if (*in_message < 0) {
		char v[100];

		text[ke] = '\0';
		return vox_error_set(err, VOX_E_DATA, "%s:%" PRIu64 ": key "
				     "\"%s\" before any section", r->name,
				     line, show(v, sizeof(v), text + kb));
	}
	if (*in_message == 0)
		return VOX_OK;
	vb = (size_t)(eq - text) + 1;
	if (text[vb] == '>')
		vb++;	/* "key => value" */
	ve = strlen(text);
	trim(text, &vb, &ve);
	text[ke] = '\0';
	text[ve] = '\0';
	key = text + kb;
	value = text + vb;
	if (add_key(r, key, value, line) != VOX_OK)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	return VOX_OK;
}

/* Read the whole file (it is small) and keep the keys of [message]. */
static int parse(struct reader *r, struct vox_error *err)
{
	char *s = malloc(MAX_FILE + 1);
	size_t len, i = 0;
	uint64_t line = 0;
	int in_message = -1, rc = VOX_OK;	/* -1: before any section */

	if (!s)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	len = fread(s, 1, MAX_FILE + 1, r->in);
	if (ferror(r->in)) {
		free(s);
		return vox_error_errno(err, VOX_E_IO, r->name);
	}
	if (len > MAX_FILE) {
		free(s);
		return vox_error_set(err, VOX_E_DATA, "%s: over %d bytes: not "
				     "a voicemail message file", r->name,
				     MAX_FILE);
	}
	while (i < len && rc == VOX_OK) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - s) : len;

		line++;
		if (memchr(s + i, '\0', e - i))
			rc = vox_error_set(err, VOX_E_DATA, "%s:%" PRIu64 ": a "
					   "NUL byte: not a text file",
					   r->name, line);
		else
			rc = parse_line(r, s, i, e, line, &in_message, err);
		i = e + 1;
	}
	free(s);
	return rc;
}

static const char *key_value(const struct reader *r, const char *key,
			     uint64_t *line)
{
	size_t i;

	for (i = 0; i < r->nkeys; i++)
		if (strcasecmp(r->keys[i].key, key) == 0) {
			if (line)
				*line = r->keys[i].line;
			return r->keys[i].value;
		}
	return NULL;
}

/* A count of seconds: up to 18 digits. */
static int seconds(const char *s, int64_t *out)
{
	int64_t v = 0;
	size_t n;

	for (n = 0; s[n]; n++) {
		if (s[n] < '0' || s[n] > '9' || n >= 18)
			return 0;
		v = v * 10 + (s[n] - '0');
	}
	*out = v;
	return n > 0;
}

/* ---- the audio beside it ---------------------------------------------- */

static void extra(struct reader *r, const char *key, const char *value)
{
	struct vox_recording *rec = &r->rec.u.recording;

	if (value && *value &&
	    vox_extra_add(&r->arena, &rec->extra, key, value) != VOX_OK)
		r->oom = 1;
}

/* The folder of PATH when it is one app_voicemail makes, else NULL. */
static const char *folder_of(const char *path)
{
	static const char *const folders[] = {
		"INBOX", "Old", "Work", "Family", "Friends", "Cust1", "Cust2",
		"Cust3", "Cust4", "Cust5", "Deleted", "Urgent",
	};
	const char *end = strrchr(path, '/'), *b;
	size_t i;

	if (!end)
		return NULL;
	for (b = end; b > path && b[-1] != '/'; b--)
		;
	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++)
		if (strlen(folders[i]) == (size_t)(end - b) &&
		    memcmp(folders[i], b, (size_t)(end - b)) == 0)
			return folders[i];
	return NULL;
}

/* The length of NAME without ".txt". */
static size_t stem_len(const char *name)
{
	size_t n = strlen(name);

	if (n > 4 && strcasecmp(name + n - 4, ".txt") == 0)
		return n - 4;
	return n;
}

/* What a .gsm holds: 33-byte frames of 160 samples (20 ms) at 8 kHz. */
static void raw_gsm(struct vox_recording *rec)
{
	rec->media_type = "audio/x-gsm";
	rec->codec = "gsm";
	rec->sample_rate = 8000;
	rec->channels = 1;
	rec->duration_ms = (int64_t)(rec->bytes / 33 * 20);
}

static int read_audio(struct reader *r, FILE *f, const char *aname,
		      const char *ext, struct vox_error *err)
{
	struct vox_recording *rec = &r->rec.u.recording;
	unsigned char head[12];
	size_t n = fread(head, 1, sizeof(head), f);
	struct vox_error werr = VOX_ERROR_INIT;

	if (ferror(f) || fseek(f, 0, SEEK_SET) != 0)
		return vox_error_errno(err, VOX_E_IO, aname);
	if (vox_wav_sniff(head, n)) {
		if (vox_wav_info_read(f, aname, &r->info, &werr) == VOX_OK) {
			rec->media_type = "audio/wav";
			rec->codec = r->info.codec;
			rec->sample_rate = r->info.sample_rate;
			rec->channels = r->info.channels;
			rec->bits_per_sample = r->info.bits_per_sample;
			rec->duration_ms = r->info.duration_ms;
			rec->bytes = r->info.bytes;
			rec->sha256 = r->info.sha256;
			extra(r, "audio_note", r->info.note);
			return VOX_OK;
		}
		if (werr.code != VOX_E_DATA) {
			*err = werr;
			return VOX_ERR;
		}
		/* A broken header still leaves audio to keep. */
		extra(r, "audio_note", werr.msg);
		if (fseek(f, 0, SEEK_SET) != 0)
			return vox_error_errno(err, VOX_E_IO, aname);
	}
	if (vox_file_digest(f, aname, &rec->bytes, r->sha256, err) != VOX_OK)
		return VOX_ERR;
	rec->sha256 = r->sha256;
	rec->media_type = "application/octet-stream";
	if (strcmp(ext, ".gsm") == 0)
		raw_gsm(rec);
	return VOX_OK;
}

/* The first of msgNNNN.wav, .WAV, .gsm, .wav49 beside the text file. */
static int find_audio(struct reader *r, struct vox_error *err)
{
	static const char *const exts[] = { ".wav", ".WAV", ".gsm", ".wav49" };
	size_t stem = stem_len(r->name), i;
	const char *base;
	size_t dirlen;

	if (r->path) {
		base = vox_path_base(r->path);
		dirlen = (size_t)(base - r->path);
		for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
			struct stat st;
			char *apath = vox_arena_printf(&r->arena, "%.*s%.*s%s",
						       (int)dirlen, r->path,
						       (int)stem, r->name,
						       exts[i]);
			FILE *f;
			int rc;

			if (!apath)
				return vox_error_set(err, VOX_E_NOMEM,
						     "out of memory");
			f = fopen(apath, "rb");
			if (!f) {
				if (errno == ENOENT)
					continue;
				return vox_error_errno(err, VOX_E_IO, apath);
			}
			if (fstat(fileno(f), &st) != 0 ||
			    !S_ISREG(st.st_mode)) {
				fclose(f);
				continue;
			}
			extra(r, "audio", vox_path_base(apath));
			r->rec.u.recording.file = apath;
			rc = read_audio(r, f, vox_path_base(apath), exts[i],
					err);
			fclose(f);
			return rc;
		}
	}
	return vox_error_set(err, VOX_E_DATA, "%s: no audio beside it "
			     "(%.*s.wav, .WAV, .gsm or .wav49)", r->name,
			     (int)stem, r->name);
}

/* ---- the record ------------------------------------------------------- */

static const char *make_id(struct reader *r, const char *folder)
{
	const char *msg_id = key_value(r, "msg_id", NULL);
	const char *box = key_value(r, "origmailbox", NULL);
	char *id;
	size_t i;

	if (msg_id && *msg_id)
		id = vox_arena_strdup(&r->arena, msg_id);
	else
		id = vox_arena_printf(&r->arena, "%s%s%s%s%.*s",
				      box && *box ? box : "",
				      box && *box ? "-" : "",
				      folder ? folder : "", folder ? "-" : "",
				      (int)stem_len(r->name), r->name);
	if (!id) {
		r->oom = 1;
		return NULL;
	}
	for (i = 0; id[i]; i++) {
		unsigned char c = (unsigned char)id[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
		      c == '-'))
			id[i] = '_';
	}
	return *id ? id : "voicemail";
}

static int fill(struct reader *r, struct vox_error *err)
{
	struct vox_recording *rec = &r->rec.u.recording;
	const char *origtime, *duration;
	const char *folder = r->path ? folder_of(r->path) : NULL;
	uint64_t line = 0;
	int64_t t, secs;
	char v[100];
	size_t i;

	if (parse(r, err) != VOX_OK)
		return VOX_ERR;
	if (!r->section_line)
		return vox_error_set(err, VOX_E_DATA, "%s: no [message] "
				     "section", r->name);
	origtime = key_value(r, "origtime", &line);
	if (!origtime)
		return vox_error_set(err, VOX_E_DATA, "%s:%" PRIu64 ": no "
				     "origtime in [message]", r->name,
				     r->section_line);
	/* Up to 9999-12-31T23:59:59Z, the last time the archive can write. */
	if (!seconds(origtime, &t) || t > 253402300799LL)
		return vox_error_set(err, VOX_E_DATA, "%s:%" PRIu64 ": bad "
				     "origtime \"%s\"", r->name, line,
				     show(v, sizeof(v), origtime));

	r->rec.kind = VOX_RECORDING;
	vox_recording_init(rec);
	rec->kind = VOX_REC_VOICEMAIL;
	rec->start = t * 1000;
	rec->id = make_id(r, folder);
	rec->source.format = FORMAT;
	rec->source.file = r->name;
	rec->source.line = r->section_line;
	rec->source.id = key_value(r, "msg_id", NULL);
	if (rec->source.id && !*rec->source.id)
		rec->source.id = NULL;
	extra(r, "folder", folder);
	for (i = 0; i < r->nkeys; i++)
		if (strcasecmp(r->keys[i].key, "origtime") != 0)
			extra(r, r->keys[i].key, r->keys[i].value);
	if (find_audio(r, err) != VOX_OK)
		return VOX_ERR;
	duration = key_value(r, "duration", NULL);
	if (rec->duration_ms < 0 && duration && seconds(duration, &secs) &&
	    secs <= INT64_MAX / 1000)
		rec->duration_ms = secs * 1000;
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
	r->done = 1;	/* one file, one message, or one error */
	if (fill(r, err) != VOX_OK)
		return VOX_ERR;
	*rec = &r->rec;
	return VOX_OK;
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
	vox_arena_init(&r->arena);
	return r;
}

const struct vox_source vox_source_asterisk_voicemail = {
	.name = FORMAT,
	.summary = "an Asterisk voicemail msgNNNN.txt and the audio beside "
		   "it",
	.kinds = VOX_RECORDING,
	.options = NULL,
	.files = "msg[0-9][0-9][0-9][0-9].txt",
	.bid = bid,
	.open = open_reader,
	.next = next_record,
	.close = close_reader,
};
