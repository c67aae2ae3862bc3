/* SPDX-License-Identifier: Apache-2.0 */
/*
 * archive_write.c: the voxport archive (format v1, man/voxport-archive.5).
 *
 * Records stream into member files in a temporary folder beside the
 * output (src/tmpdir.c: mode 0700, files 0600, removed on SIGINT and
 * SIGTERM, swept by a later run after SIGKILL), and to data.xlsx's sheets
 * (export/workbook.c) unless meta.no_workbook; finish() writes data.xlsx,
 * the schemas, README.txt and manifest.json (with every other member's
 * SHA-256, size and record count), zips them with libzip into a file of
 * that folder (export/zip_sink.c) and publishes that at the output path:
 * linked, so that nothing there is replaced, or with VOX_ARCHIVE_REPLACE
 * renamed over a regular file or symbolic link.  Nothing appears at the
 * output path unless all of it worked, and the archive is mode 0600.
 * Every member's mtime is the archive's creation time and the member order
 * is fixed, so the same data and --created give the same bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zip.h>

#include "contact_json.h"
#include "record_csv.h"
#include "embedded.h"
#include "export.h"
#include "index_html.h"
#include "memfile.h"
#include "path.h"
#include "processing.h"
#include "readme.h"
#include "record_json.h"
#include "timeconv.h"
#include "tmpdir.h"
#include "vcard_write.h"
#include "workbook.h"
#include "zip_sink.h"

#define FORMAT_VERSION "1.0"

/*
 * What one member, page or manifest may hold in memory before it moves to
 * a file of the temporary folder (src/memfile.h): a few thousand calls.
 * Most archives then make no file but the zip; memory stays bounded.
 */
#define MEMBER_IN_MEMORY ((size_t)1 << 20)

/*
 * zlib's default level, as zip(1) and Python's zipfile use: on calls.jsonl
 * level 9 takes three times as long for 3% less (bench/RESULTS.md).
 */
#define DEFLATE_LEVEL 6

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)	/* renameat2(2), <linux/fs.h> */
#endif

/* The members records go to, in archive order. */
enum member_id {
	M_SUBJECT,
	M_CONTACTS_JSON,
	M_CONTACTS_VCF,
	M_CALLS_JSONL,
	M_CALLS_CSV,
	M_MESSAGES_JSONL,
	M_MESSAGES_CSV,
	M_RECORDINGS_JSONL,
	M_COUNT
};

static const struct {
	const char *path;
	unsigned category;
	const char *media_type;
	/*
	 * The member's schema, or NULL: of the whole file for .json, of
	 * each line for .jsonl (man/voxport-archive.5).
	 */
	const char *schema;
	const char *refers_to;	/* another schema that one uses, or NULL */
} member_info[M_COUNT] = {
	[M_SUBJECT] = { "subject.json", VOX_CAT_SUBJECT, "application/json",
			"subject.schema.json", NULL },
	[M_CONTACTS_JSON] = { "contacts.json", VOX_CAT_CONTACTS,
			      "application/json", "contacts.schema.json",
			      "contact.schema.json" },
	[M_CONTACTS_VCF] = { "contacts.vcf", VOX_CAT_CONTACTS, "text/vcard",
			     NULL, NULL },
	[M_CALLS_JSONL] = { "calls.jsonl", VOX_CAT_CALLS, "application/jsonl",
			    "call.schema.json", NULL },
	[M_CALLS_CSV] = { "calls.csv", VOX_CAT_CALLS, "text/csv", NULL,
			  NULL },
	[M_MESSAGES_JSONL] = { "messages.jsonl", VOX_CAT_MESSAGES,
			       "application/jsonl", "message.schema.json",
			       NULL },
	[M_MESSAGES_CSV] = { "messages.csv", VOX_CAT_MESSAGES, "text/csv",
			     NULL, NULL },
	[M_RECORDINGS_JSONL] = { "recordings.jsonl", VOX_CAT_RECORDINGS,
				 "application/jsonl",
				 "recording.schema.json", NULL },
};

/*
 * The files the writer makes in its temporary folder: the members above,
 * the schemas, README.txt, the manifest, the copied audio and
 * attachments ("media"), the attachments' spool and the zip; and the
 * "spill" of `voxport bulk` (pipeline.c), whose folders sit beside the
 * archives' in the same folder.  What a sweep of a stale folder may
 * remove (src/tmpdir.c); anything else in it is somebody else's and stays.
 */
int vox_archive_temp_name(const char *name)
{
	static const char *const more[] = {
		"README.txt", "index.html", "manifest.json", "archive.zip",
		"media", "spool", "spill", "data.xlsx", "processing.json",
	};
	static const char schema[] = ".schema.json";
	size_t i, n = strlen(name);

	/*
	 * libxlsxwriter's temporary files (data.xlsx's sheets and parts):
	 * "tmp." and 10 letters or digits, made in our folder and unlinked
	 * at once, so only a SIGKILL between the two leaves one.
	 */
	if (n == 14 && strncmp(name, "tmp.", 4) == 0 &&
	    strspn(name + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "abcdefghijklmnopqrstuvwxyz0123456789") == 10)
		return 1;
	for (i = 0; i < M_COUNT; i++)
		if (strcmp(name, member_info[i].path) == 0)
			return 1;
	for (i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (strcmp(name, more[i]) == 0)
			return 1;
	return n > sizeof(schema) - 1 &&
	       strcmp(name + n - (sizeof(schema) - 1), schema) == 0;
}

/*
 * One file of recordings/ or attachments/.  All of them are copied, one
 * after the other, into one temporary file ("media"): the temporary folder
 * holds a few files only (src/tmpdir.c), and a copy is what the
 * manifest's checksum was computed on, whatever happens to the source
 * afterwards.
 */
struct stored {
	char *path;		/* "recordings/<name>.<ext>", "attachments/" */
	char *media_type;
	unsigned category;	/* VOX_CAT_RECORDINGS, VOX_CAT_MESSAGES */
	uint64_t offset, bytes;	/* its slice of the "media" file */
	char sha256[65];
};

struct member {
	struct vox_memfile *mf;	/* its bytes (src/memfile.h) */
	FILE *fp;		/* mf's stream while open */
	uint64_t records;
	int open;
};

struct vox_archive_writer {
	struct vox_archive_meta meta;
	char *path;		/* the final archive */
	unsigned flags;		/* VOX_ARCHIVE_* */
	struct vox_tmpdir *tmp;	/* members are written here */
	const char *tmpdir;	/* its path */
	char *tmpzip;		/* the zip before it is published */
	struct member m[M_COUNT];
	FILE *media_fp;		/* the "media" file, once there is one */
	char *media_tmp;	/* its path */
	struct stored *stored;
	size_t nstored;
	FILE *spool;		/* vox_archive_spool(), or NULL */
	char *spool_tmp;	/* its path */
	struct vox_source_stats *sources;
	size_t nsources;
	struct vox_index *index;	/* index.html, fed each record */
	struct vox_workbook *workbook;	/* data.xlsx, fed each record, or NULL */
	char *workbook_tmp;		/* its file */
	/* processing.json, README.txt, index.html, manifest.json */
	struct vox_memfile *doc[4];
	size_t ndoc;
	int finished;
};

static int io_error(struct vox_error *err, const char *what)
{
	return vox_error_set(err, VOX_E_IO, "%s: %s", what, strerror(errno));
}

static int open_member(struct vox_archive_writer *w, enum member_id id,
		       struct vox_error *err)
{
	struct member *m = &w->m[id];
	const char *name = member_info[id].path;

	m->mf = vox_memfile_new(w->tmp, name, MEMBER_IN_MEMORY, err);
	if (!m->mf)
		return VOX_ERR;
	m->fp = vox_memfile_stream(m->mf);
	m->open = 1;
	if (id == M_CONTACTS_JSON)
		fputs("[", m->fp);
	if (id == M_CALLS_CSV)
		fputs(vox_call_csv_header, m->fp);
	if (id == M_MESSAGES_CSV)
		fputs(vox_message_csv_header, m->fp);
	return VOX_OK;
}

/*
 * data.xlsx: its file made now, mode 0600 as the others (libxlsxwriter
 * writes into it at finish and keeps the mode).
 */
static int open_workbook(struct vox_archive_writer *w, struct vox_error *err)
{
	int fd;

	w->workbook_tmp = vox_path_join(w->tmpdir, "data.xlsx");
	if (!w->workbook_tmp)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	fd = vox_tmpdir_create(w->tmp, "data.xlsx", err);
	if (fd < 0)
		return VOX_ERR;
	close(fd);
	w->workbook = vox_workbook_new(w->workbook_tmp, w->meta.categories,
				       w->meta.tz, w->meta.created, w->tmpdir,
				       err);
	return w->workbook ? VOX_OK : VOX_ERR;
}

struct vox_archive_writer *vox_archive_new(const char *path,
					   const struct vox_archive_meta *meta,
					   unsigned flags,
					   struct vox_error *err)
{
	struct vox_archive_writer *w = calloc(1, sizeof(*w));
	char *copy = NULL, *dir;
	int i;

	if (!w || !(w->path = strdup(path)) || !(copy = strdup(path))) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto fail;
	}
	w->meta = *meta;
	w->flags = flags;
	w->index = vox_index_new(&w->meta, err);
	if (!w->index)
		goto fail;
	dir = dirname(copy);
	/* Beside the output: same file system, so publishing is atomic. */
	w->tmp = vox_tmpdir_new(dir, flags & VOX_ARCHIVE_SWEPT ? NULL :
				vox_archive_temp_name, err);
	if (!w->tmp) {
		vox_error_prefix(err, "%s", path);
		goto fail;
	}
	w->tmpdir = vox_tmpdir_path(w->tmp);
	w->tmpzip = vox_path_join(w->tmpdir, "archive.zip");
	if (!w->tmpzip) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < M_COUNT; i++)
		if ((meta->categories & member_info[i].category) &&
		    open_member(w, (enum member_id)i, err) != VOX_OK)
			goto fail;
	if (!meta->no_workbook && open_workbook(w, err) != VOX_OK)
		goto fail;
	free(copy);
	return w;
fail:
	free(copy);
	vox_archive_free(w);
	return NULL;
}

static void remove_tmp(struct vox_archive_writer *w)
{
	int i;

	size_t d;

	for (i = 0; i < M_COUNT; i++) {
		vox_memfile_free(w->m[i].mf);
		w->m[i].mf = NULL;
		w->m[i].fp = NULL;
	}
	for (d = 0; d < w->ndoc; d++)
		vox_memfile_free(w->doc[d]);
	w->ndoc = 0;
	if (w->media_fp)
		fclose(w->media_fp);
	w->media_fp = NULL;
	if (w->spool)
		fclose(w->spool);
	w->spool = NULL;
	vox_tmpdir_free(w->tmp);
	w->tmp = NULL;
}

void vox_archive_free(struct vox_archive_writer *w)
{
	size_t i;

	if (!w)
		return;
	remove_tmp(w);
	for (i = 0; i < w->nstored; i++) {
		free(w->stored[i].path);
		free(w->stored[i].media_type);
	}
	free(w->stored);
	free(w->media_tmp);
	free(w->spool_tmp);
	for (i = 0; i < w->nsources; i++) {
		free((char *)w->sources[i].format);
		free((char *)w->sources[i].name);
		free((char *)w->sources[i].time_zone);
		free((char *)w->sources[i].pattern);
	}
	free(w->sources);
	vox_index_free(w->index);
	vox_workbook_free(w->workbook);
	free(w->workbook_tmp);
	free(w->tmpzip);
	free(w->path);
	free(w);
}

/* ---- records ------------------------------------------------------------ */

static int write_json(struct member *m, json_t *j, size_t flags,
		      struct vox_error *err, const char *what)
{
	int rc;

	if (!j)
		return vox_error_set(err, VOX_E_DATA,
				     "%s: cannot write as JSON (not UTF-8?)",
				     what);
	rc = json_dumpf(j, m->fp, flags);
	json_decref(j);
	if (rc != 0 || ferror(m->fp))
		return vox_error_set(err, VOX_E_IO, "%s: write failed: %s",
				     vox_memfile_path(m->mf), strerror(errno));
	return VOX_OK;
}

static int not_in_scope(struct vox_error *err, const char *what)
{
	return vox_error_set(err, VOX_E_USAGE, "%s are not in this "
			     "archive's scope", what);
}

int vox_archive_add_subject(struct vox_archive_writer *w,
			    const struct vox_subject *s, struct vox_error *err)
{
	struct member *m = &w->m[M_SUBJECT];

	if (!m->open)
		return not_in_scope(err, "subjects");
	if (m->records)
		return vox_error_set(err, VOX_E_USAGE,
				     "an archive holds one subject");
	if (write_json(m, vox_subject_to_json(s), VOX_JSON_PRETTY, err,
		       "subject") != VOX_OK)
		return VOX_ERR;
	fputc('\n', m->fp);
	m->records++;
	if (w->workbook &&
	    vox_workbook_add_subject(w->workbook, s, err) != VOX_OK)
		return VOX_ERR;
	return vox_index_add_subject(w->index, s, err);
}

int vox_archive_add_contact(struct vox_archive_writer *w,
			    const struct vox_contact *c, struct vox_error *err)
{
	struct member *js = &w->m[M_CONTACTS_JSON];
	struct member *vcf = &w->m[M_CONTACTS_VCF];
	struct vox_contact with_uid;
	char uid[VOX_CONTACT_UID_MAX];

	if (!js->open)
		return not_in_scope(err, "contacts");
	if (!c)
		return vox_error_set(err, VOX_E_USAGE, "no contact");
	/* Both forms carry the same uid, so a receiver can match them. */
	with_uid = *c;
	with_uid.uid = vox_contact_uid(c, uid);
	if (!with_uid.uid)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	fputs(js->records ? ",\n" : "\n", js->fp);
	if (write_json(js, vox_contact_to_json(&with_uid), VOX_JSON_LINE, err,
		       "contact") != VOX_OK)
		return VOX_ERR;
	js->records++;
	if (vox_vcard_write(vcf->fp, &with_uid, err) != VOX_OK)
		return VOX_ERR;
	vcf->records++;
	if (w->workbook &&
	    vox_workbook_add_contact(w->workbook, &with_uid, err) != VOX_OK)
		return VOX_ERR;
	return vox_index_add_contact(w->index, &with_uid, err);
}

int vox_archive_add_call(struct vox_archive_writer *w,
			 const struct vox_call *c, struct vox_error *err)
{
	struct member *jl = &w->m[M_CALLS_JSONL];

	if (!jl->open)
		return not_in_scope(err, "calls");
	if (write_json(jl, vox_call_to_json(c), VOX_JSON_LINE, err,
		       "call") != VOX_OK)
		return VOX_ERR;
	fputc('\n', jl->fp);
	jl->records++;
	if (vox_call_csv_row(w->m[M_CALLS_CSV].fp, c, err) != VOX_OK)
		return err->code == VOX_E_IO ?
		       io_error(err, vox_memfile_path(w->m[M_CALLS_CSV].mf)) :
		       VOX_ERR;
	w->m[M_CALLS_CSV].records++;
	if (w->workbook && vox_workbook_add_call(w->workbook, c, err) != VOX_OK)
		return VOX_ERR;
	return vox_index_add_call(w->index, c, err);
}

/* Where a record came from, for messages: "sms.xml:12" or "sms.xml". */
static const char *record_where(const struct vox_source_ref *s, char *buf,
				size_t n)
{
	if (s->file && s->line)
		snprintf(buf, n, "%s:%llu", s->file,
			 (unsigned long long)s->line);
	else
		snprintf(buf, n, "%s", s->file ? s->file : "input");
	return buf;
}

static void sha256_hex(const unsigned char *md, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

/*
 * Read the file at path to its end: its size and SHA-256, and when out is
 * not NULL a copy of it appended there.
 */
static int hash_copy(const char *path, FILE *out, const char *out_name,
		     uint64_t *bytes, char sha[65], struct vox_error *err)
{
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc = VOX_OK;

	if (!ctx || !f) {
		rc = f ? vox_error_set(err, VOX_E_NOMEM, "out of memory") :
			io_error(err, path);
		goto out;
	}
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	*bytes = 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		EVP_DigestUpdate(ctx, buf, n);
		*bytes += n;
		if (out && fwrite(buf, 1, n, out) != n) {
			rc = io_error(err, out_name);
			goto out;
		}
	}
	if (ferror(f)) {
		rc = io_error(err, path);
		goto out;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	sha256_hex(md, sha);
out:
	if (f)
		fclose(f);
	EVP_MD_CTX_free(ctx);
	return rc;
}

static int is_name_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		(c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int is_alnum(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		(c >= '0' && c <= '9');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

#define MEMBER_NAME_MAX 64

/*
 * A name in a member path (the rule of man/voxport-archive.5): the first
 * len bytes of s in lower case (member paths are lower case, and so never
 * differ only in case, which Windows and macOS file systems ignore) with
 * each byte other than a-z, 0-9, ".", "_" and "-" made "_", after lead
 * when it does not start with a letter or digit, cut to 64 bytes.
 */
static void member_name(char name[MEMBER_NAME_MAX + 1], const char *s,
			size_t len, char lead)
{
	size_t n = 0, i;

	if (!len || !is_alnum((unsigned char)s[0]))
		name[n++] = lead;
	for (i = 0; i < len && s[i] && n < MEMBER_NAME_MAX; i++)
		name[n++] = is_name_char((unsigned char)s[i]) ? lower(s[i]) :
			'_';
	name[n] = '\0';
}

/*
 * The extension of the file name s in lower case, when it has one of 1 to
 * 8 letters and digits after a dot that is not its first byte: its length
 * in s (without the dot), else 0.
 */
static size_t member_ext(const char *s, char ext[9])
{
	const char *dot = strrchr(s, '.');
	size_t len = dot ? strlen(dot + 1) : 0, i;

	if (!dot || dot == s || len < 1 || len > 8)
		return 0;
	for (i = 0; i < len; i++) {
		if (!is_alnum((unsigned char)dot[1 + i]))
			return 0;
		ext[i] = lower(dot[1 + i]);
	}
	ext[len] = '\0';
	return len;
}

static int member_taken(const struct vox_archive_writer *w, const char *path)
{
	size_t i;

	for (i = 0; i < w->nstored; i++)
		if (strcmp(w->stored[i].path, path) == 0)
			return 1;
	return 0;
}

/*
 * DIR NAME.EXT (or DIR NAME without an extension), with "-2", "-3" ...
 * added to NAME until no earlier member has that path, so that no member
 * overwrites another when unpacked.  NULL when out of memory.
 */
static char *member_path(const struct vox_archive_writer *w, const char *dir,
			 const char *name, const char *ext)
{
	size_t len = strlen(dir) + strlen(name) + 16 + (ext ? strlen(ext) : 0);
	char *path = malloc(len);
	unsigned k;

	if (!path)
		return NULL;
	snprintf(path, len, "%s%s%s%s", dir, name, ext ? "." : "",
		 ext ? ext : "");
	for (k = 2; member_taken(w, path); k++)
		snprintf(path, len, "%s%s-%u%s%s", dir, name, k, ext ? "." : "",
			 ext ? ext : "");
	return path;
}

/*
 * The member of a recording's audio, "recordings/NAME.EXT": NAME is the id
 * by member_name() ("r" first when needed); EXT is the audio file's
 * extension by member_ext(), else "bin".
 */
static char *audio_member(const struct vox_archive_writer *w, const char *id,
			  const char *audio_path)
{
	char name[MEMBER_NAME_MAX + 1], ext[9];
	const char *base = strrchr(audio_path, '/');

	base = base ? base + 1 : audio_path;
	if (!member_ext(base, ext))
		snprintf(ext, sizeof(ext), "bin");
	member_name(name, id, strlen(id), 'r');
	return member_path(w, "recordings/", name, ext);
}

/* The usual extension of a content type, or NULL. */
static const char *type_ext(const char *type)
{
	static const char *const map[][2] = {
		{ "image/jpeg", "jpg" }, { "image/jpg", "jpg" },
		{ "image/png", "png" }, { "image/gif", "gif" },
		{ "image/bmp", "bmp" }, { "image/webp", "webp" },
		{ "image/heic", "heic" }, { "video/mp4", "mp4" },
		{ "video/3gpp", "3gp" }, { "audio/amr", "amr" },
		{ "audio/mpeg", "mp3" }, { "audio/mp4", "m4a" },
		{ "audio/ogg", "ogg" }, { "text/plain", "txt" },
		{ "text/x-vcard", "vcf" }, { "text/vcard", "vcf" },
		{ "application/smil", "smil" }, { "application/pdf", "pdf" },
	};
	size_t i, n = type ? strcspn(type, "; ") : 0;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i][0]) == n && strncasecmp(type, map[i][0], n) == 0)
			return map[i][1];
	return NULL;
}

/*
 * The member of part number n (from 1) of message id,
 * "attachments/ID/NAME": ID is the id by member_name() ("m" first when
 * needed); NAME is the part's name by member_name() ("p" first when
 * needed), its extension by member_ext() kept whole; a part without a
 * name is "part<N>", with the extension of its content type when that is
 * a usual one.
 */
static char *part_member(const struct vox_archive_writer *w, const char *id,
			 const struct vox_message_part *p, size_t n)
{
	char dir[MEMBER_NAME_MAX + 16], name[MEMBER_NAME_MAX + 1], ext[9];
	const char *e = NULL;
	size_t elen;

	member_name(name, id, strlen(id), 'm');
	snprintf(dir, sizeof(dir), "attachments/%s/", name);
	if (p->name && *p->name && (elen = member_ext(p->name, ext))) {
		member_name(name, p->name, strlen(p->name) - elen - 1, 'p');
		e = ext;
	} else if (p->name && *p->name) {
		member_name(name, p->name, strlen(p->name), 'p');
	} else {
		snprintf(name, sizeof(name), "part%zu", n);
		e = type_ext(p->content_type);
	}
	return member_path(w, dir, name, e);
}

static int is_sha256_hex(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return s[64] == '\0';
}

/* The "media" file, made on first use. */
static FILE *media_file(struct vox_archive_writer *w, struct vox_error *err)
{
	if (w->media_fp)
		return w->media_fp;
	w->media_tmp = vox_path_join(w->tmpdir, "media");
	if (!w->media_tmp) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	w->media_fp = vox_tmpdir_fopen(w->tmp, "media", err);
	return w->media_fp;
}

/* Append the file to the "media" file and describe its slice in st. */
static int copy_file(struct vox_archive_writer *w, const char *path,
		     struct stored *st, struct vox_error *err)
{
	FILE *out = media_file(w, err);
	off_t at;

	if (!out)
		return VOX_ERR;
	at = ftello(out);
	if (at < 0)
		return io_error(err, w->media_tmp);
	st->offset = (uint64_t)at;
	return hash_copy(path, out, w->media_tmp, &st->bytes, st->sha256,
			 err);
}

/*
 * Append bytes bytes of the spool from offset on to the "media" file, and
 * describe their slice in st.
 */
static int copy_spooled(struct vox_archive_writer *w, uint64_t offset,
			uint64_t bytes, struct stored *st,
			struct vox_error *err)
{
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	FILE *out = media_file(w, err);
	EVP_MD_CTX *ctx;
	off_t at;
	int rc = VOX_OK;

	if (!out)
		return VOX_ERR;
	if (fflush(w->spool) != 0)
		return io_error(err, w->spool_tmp);
	at = ftello(out);
	if (at < 0)
		return io_error(err, w->media_tmp);
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	st->offset = (uint64_t)at;
	st->bytes = 0;
	while (st->bytes < bytes) {
		size_t want = bytes - st->bytes < sizeof(buf) ?
			(size_t)(bytes - st->bytes) : sizeof(buf);
		ssize_t n = pread(fileno(w->spool), buf, want,
				  (off_t)(offset + st->bytes));

		if (n <= 0) {
			rc = n < 0 ? io_error(err, w->spool_tmp) :
				vox_error_set(err, VOX_E_IO, "%s: ends early",
					      w->spool_tmp);
			goto out;
		}
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n) {
			rc = io_error(err, w->media_tmp);
			goto out;
		}
		st->bytes += (uint64_t)n;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	sha256_hex(md, st->sha256);
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

FILE *vox_archive_spool(struct vox_archive_writer *w, struct vox_error *err)
{
	int fd;

	if (w->spool)
		return w->spool;
	w->spool_tmp = vox_path_join(w->tmpdir, "spool");
	if (!w->spool_tmp) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	fd = vox_tmpdir_create(w->tmp, "spool", err);
	if (fd < 0)
		return NULL;
	/* read back too: by the copy to "media", and the reader's moves */
	w->spool = fdopen(fd, "w+b");
	if (!w->spool) {
		io_error(err, w->spool_tmp);
		close(fd);
	}
	return w->spool;
}

/*
 * Copy the spooled parts of g into attachments/, checked against their
 * size and SHA-256; *parts gets a copy of g's parts with their members
 * set (the caller frees it), or NULL when nothing is to be copied.
 */
static int store_parts(struct vox_archive_writer *w,
		       const struct vox_message *g,
		       struct vox_message_part **parts, struct vox_error *err)
{
	char where[300];
	size_t i;

	*parts = NULL;
	if (!w->meta.with_attachments || !g->nparts)
		return VOX_OK;
	*parts = malloc(g->nparts * sizeof(**parts));
	if (!*parts)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	memcpy(*parts, g->parts, g->nparts * sizeof(**parts));
	for (i = 0; i < g->nparts; i++) {
		struct vox_message_part *p = &(*parts)[i];
		struct stored st, *ns;

		p->member = NULL;
		if (!p->spooled)
			continue;	/* no bytes: invalid base64, or no spool */
		memset(&st, 0, sizeof(st));
		if (!w->spool || !p->sha256)
			return vox_error_set(err, VOX_E_USAGE, "message %s: "
					     "part %zu spooled without a "
					     "spool or digest", g->id, i + 1);
		if (copy_spooled(w, p->spool_offset, p->bytes, &st, err) !=
		    VOX_OK)
			return VOX_ERR;
		if (strcmp(st.sha256, p->sha256) != 0)
			return vox_error_set(err, VOX_E_DATA, "%s: message %s: "
					     "part %zu: SHA-256 %s of the "
					     "bytes kept, not %s",
					     record_where(&g->source, where,
							  sizeof(where)),
					     g->id, i + 1, st.sha256,
					     p->sha256);
		st.path = part_member(w, g->id, p, i + 1);
		st.media_type = strdup(p->content_type && *p->content_type ?
				       p->content_type :
				       "application/octet-stream");
		st.category = VOX_CAT_MESSAGES;
		ns = realloc(w->stored, (w->nstored + 1) * sizeof(*ns));
		if (ns)
			w->stored = ns;
		if (!st.path || !st.media_type || !ns) {
			free(st.path);
			free(st.media_type);
			return vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
		}
		w->stored[w->nstored++] = st;
		p->member = st.path;
	}
	return VOX_OK;
}

int vox_archive_add_message(struct vox_archive_writer *w,
			    const struct vox_message *g, struct vox_error *err)
{
	struct member *jl = &w->m[M_MESSAGES_JSONL];
	struct vox_message out;
	struct vox_message_part *parts = NULL;
	char where[300];
	size_t before = w->nstored;
	int rc = VOX_ERR;

	if (!jl->open)
		return not_in_scope(err, "messages");
	if (!g)
		return vox_error_set(err, VOX_E_USAGE, "no message");
	/* What message.schema.json requires and a reader may not have. */
	if (!g->id || !*g->id)
		return vox_error_set(err, VOX_E_DATA, "%s: a message without "
				     "an id", record_where(&g->source, where,
							   sizeof(where)));
	if (g->date == VOX_TIME_NONE)
		return vox_error_set(err, VOX_E_DATA, "%s: message %s has no "
				     "date", record_where(&g->source, where,
							  sizeof(where)),
				     g->id);
	if (store_parts(w, g, &parts, err) != VOX_OK)
		goto out;
	out = *g;
	if (parts)
		out.parts = parts;
	if (write_json(jl, vox_message_to_json(&out), VOX_JSON_LINE, err,
		       "message") != VOX_OK)
		goto out;
	fputc('\n', jl->fp);
	jl->records++;
	if (vox_message_csv_row(w->m[M_MESSAGES_CSV].fp, &out, err) != VOX_OK) {
		if (err->code == VOX_E_IO)
			io_error(err,
				 vox_memfile_path(w->m[M_MESSAGES_CSV].mf));
		goto out;
	}
	w->m[M_MESSAGES_CSV].records++;
	rc = VOX_OK;
	/* The message is in its members now: a failure here keeps its parts. */
	if (vox_index_add_message(w->index, &out, err) != VOX_OK ||
	    (w->workbook &&
	     vox_workbook_add_message(w->workbook, &out, err) != VOX_OK)) {
		free(parts);
		return VOX_ERR;
	}
out:
	/*
	 * A message refused leaves no attachment behind (its bytes stay in
	 * "media", in no member).  NEEDSWORK: a failure after its JSON line
	 * was written is an I/O error; every caller stops then.
	 */
	while (rc != VOX_OK && w->nstored > before) {
		w->nstored--;
		free(w->stored[w->nstored].path);
		free(w->stored[w->nstored].media_type);
	}
	free(parts);
	return rc;
}

int vox_archive_add_recording(struct vox_archive_writer *w,
			      const struct vox_recording *r,
			      const char *audio_path, struct vox_error *err)
{
	struct member *jl = &w->m[M_RECORDINGS_JSONL];
	int include = w->meta.with_audio && audio_path;
	struct vox_recording out;
	struct stored au, *na;
	char where[300], given[65];
	size_t i;

	memset(&au, 0, sizeof(au));
	if (!jl->open)
		return not_in_scope(err, "recordings");
	if (!r)
		return vox_error_set(err, VOX_E_USAGE, "no recording");
	record_where(&r->source, where, sizeof(where));
	if (!r->id || !*r->id)
		return vox_error_set(err, VOX_E_DATA, "%s: a recording without "
				     "an id", where);
	if (!r->media_type || !*r->media_type)
		return vox_error_set(err, VOX_E_DATA, "%s: recording %s has no "
				     "media type", where, r->id);
	if (r->sha256 && !is_sha256_hex(r->sha256))
		return vox_error_set(err, VOX_E_DATA, "%s: recording %s: bad "
				     "SHA-256 \"%s\"", where, r->id, r->sha256);
	out = *r;
	out.member = NULL;
	if (r->sha256) {
		for (i = 0; i < 65; i++)
			given[i] = (char)(r->sha256[i] >= 'A' &&
					  r->sha256[i] <= 'F' ?
					  r->sha256[i] - 'A' + 'a' :
					  r->sha256[i]);
		out.sha256 = given;
	}
	/* Without a checksum from the reader, or to copy: read the audio. */
	if (audio_path && (include || !r->sha256)) {
		if ((include ? copy_file(w, audio_path, &au, err) :
		     hash_copy(audio_path, NULL, NULL, &au.bytes, au.sha256,
			       err)) != VOX_OK)
			return VOX_ERR;
		if (r->sha256 && strcmp(given, au.sha256) != 0)
			return vox_error_set(err, VOX_E_DATA, "%s: changed since "
					     "it was read: SHA-256 %s, not %s",
					     audio_path, au.sha256, given);
		if (r->bytes && r->bytes != au.bytes)
			return vox_error_set(err, VOX_E_DATA, "%s: changed since "
					     "it was read: %llu bytes, not "
					     "%llu", audio_path,
					     (unsigned long long)au.bytes,
					     (unsigned long long)r->bytes);
		out.sha256 = au.sha256;
		out.bytes = au.bytes;
	}
	if (!out.sha256)
		return vox_error_set(err, VOX_E_DATA, "%s: recording %s has no "
				     "SHA-256 and no audio file to compute it",
				     where, r->id);
	if (include) {
		au.path = audio_member(w, r->id, audio_path);
		au.media_type = strdup(r->media_type);
		au.category = VOX_CAT_RECORDINGS;
		na = realloc(w->stored, (w->nstored + 1) * sizeof(*na));
		if (!au.path || !au.media_type || !na) {
			free(au.path);
			free(au.media_type);
			if (na)
				w->stored = na;
			return vox_error_set(err, VOX_E_NOMEM,
					     "out of memory");
		}
		w->stored = na;
		out.member = au.path;
	}
	if (write_json(jl, vox_recording_to_json(&out), VOX_JSON_LINE, err,
		       "recording") != VOX_OK) {
		free(au.path);
		free(au.media_type);
		return VOX_ERR;
	}
	fputc('\n', jl->fp);
	jl->records++;
	if (include)
		w->stored[w->nstored++] = au;
	if (w->workbook &&
	    vox_workbook_add_recording(w->workbook, &out, err) != VOX_OK)
		return VOX_ERR;
	return vox_index_add_recording(w->index, &out, err);
}

int vox_archive_add_source(struct vox_archive_writer *w,
			   const struct vox_source_stats *s,
			   struct vox_error *err)
{
	struct vox_source_stats *ns, *d;

	ns = realloc(w->sources, (w->nsources + 1) * sizeof(*ns));
	if (!ns)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	w->sources = ns;
	d = &ns[w->nsources];
	*d = *s;
	d->format = strdup(s->format);
	d->name = strdup(s->name);
	d->time_zone = s->time_zone ? strdup(s->time_zone) : NULL;
	d->pattern = s->pattern ? strdup(s->pattern) : NULL;
	w->nsources++;
	if (!d->format || !d->name || (s->time_zone && !d->time_zone) ||
	    (s->pattern && !d->pattern))
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	return VOX_OK;
}

/* ---- finishing -------------------------------------------------------- */

/* One member of the zip, in order, with what the manifest says of it. */
struct entry {
	char *path;		/* member path in the archive */
	char *file;		/* where its bytes are, or NULL: */
	const unsigned char *data;	/* in memory (not owned) */
	size_t data_len;
	const char *category, *media_type;
	char *schema;		/* "schemas/x.schema.json" or NULL */
	int64_t records;	/* -1: not a record file */
	uint64_t bytes;
	char sha256[65];
	int store;		/* already compressed: no deflate */
	uint64_t offset;	/* where in file its bytes start */
	int64_t length;		/* how many; -1: to the end of file */
};

struct entries {
	struct entry *v;
	size_t n;
};

static void entries_free(struct entries *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].path);
		free(e->v[i].file);
		free(e->v[i].schema);
	}
	free(e->v);
}

static struct entry *entry_add(struct entries *e, const char *path,
			       const char *file, const char *category,
			       const char *media_type, const char *schema)
{
	struct entry *ne = realloc(e->v, (e->n + 1) * sizeof(*ne)), *x;

	if (!ne)
		return NULL;
	e->v = ne;
	x = &ne[e->n++];
	memset(x, 0, sizeof(*x));
	x->path = strdup(path);
	x->file = file ? strdup(file) : NULL;
	x->category = category;
	x->media_type = media_type;
	x->records = -1;
	x->length = -1;
	if (schema) {
		size_t n = strlen(schema) + 16;

		x->schema = malloc(n);
		if (x->schema)
			snprintf(x->schema, n, "schemas/%s", schema);
	}
	if (!x->path || (file && !x->file) || (schema && !x->schema))
		return NULL;
	return x;
}

/* The zip's copy of an entry: where its bytes are, how to store them. */
static struct entry *entry_copy(struct entries *e, const struct entry *from)
{
	struct entry *x = entry_add(e, from->path, from->file, "", "", NULL);

	if (x) {
		x->data = from->data;
		x->data_len = from->data_len;
		x->store = from->store;
		x->offset = from->offset;
		x->length = from->length;
	}
	return x;
}

/* An entry whose bytes are a closed memfile's: in memory or its file. */
static struct entry *entry_add_memfile(struct entries *e, const char *path,
				       const struct vox_memfile *mf,
				       const char *category,
				       const char *media_type,
				       const char *schema)
{
	size_t len;
	const unsigned char *data = vox_memfile_data(mf, &len);
	struct entry *x = entry_add(e, path, data ? NULL : vox_memfile_path(mf),
				    category, media_type, schema);

	if (x && data) {
		x->data = data;
		x->data_len = len;
	}
	return x;
}

/* The entry's size and SHA-256, from memory or from its file. */
static int hash_entry(struct entry *x, struct vox_error *err)
{
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	FILE *f = NULL;
	size_t n;
	int rc = VOX_OK;

	if (ctx && x->data) {
		EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
		EVP_DigestUpdate(ctx, x->data, x->data_len);
		EVP_DigestFinal_ex(ctx, md, &mdlen);
		sha256_hex(md, x->sha256);
		x->bytes = x->data_len;
		EVP_MD_CTX_free(ctx);
		return VOX_OK;
	}
	f = fopen(x->file, "rb");
	if (!ctx || !f) {
		rc = f ? vox_error_set(err, VOX_E_NOMEM, "out of memory") :
			io_error(err, x->file);
		goto out;
	}
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	x->bytes = 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		EVP_DigestUpdate(ctx, buf, n);
		x->bytes += n;
	}
	if (ferror(f)) {
		rc = io_error(err, x->file);
		goto out;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	sha256_hex(md, x->sha256);
out:
	if (f)
		fclose(f);
	EVP_MD_CTX_free(ctx);
	return rc;
}

static int add_schema(struct entries *e, const char *name,
		      struct vox_error *err)
{
	const struct vox_embedded *s = vox_embedded_schema(name);
	char member[128];
	struct entry *x;
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strncmp(e->v[i].path, "schemas/", 8) == 0 &&
		    strcmp(e->v[i].path + 8, name) == 0)
			return VOX_OK;
	if (!s)
		return vox_error_set(err, VOX_E_IO, "schema %s is not built "
				     "in", name);
	snprintf(member, sizeof(member), "schemas/%s", name);
	/* Built in: zipped straight from the program's memory. */
	x = entry_add(e, member, NULL, "schema", "application/schema+json",
		      NULL);
	if (!x)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	x->data = (const unsigned char *)s->data;
	x->data_len = s->len;
	return VOX_OK;
}

static json_t *file_json(const struct entry *x)
{
	json_t *o = json_object();

	json_object_set_new(o, "path", json_string(x->path));
	json_object_set_new(o, "category", json_string(x->category));
	json_object_set_new(o, "media_type", json_string(x->media_type));
	if (x->schema)
		json_object_set_new(o, "schema", json_string(x->schema));
	if (x->records >= 0)
		json_object_set_new(o, "records", json_integer(x->records));
	json_object_set_new(o, "bytes", json_integer((json_int_t)x->bytes));
	json_object_set_new(o, "sha256", json_string(x->sha256));
	return o;
}

static json_t *source_json(const struct vox_source_stats *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "format", json_string(s->format));
	json_object_set_new(o, "name", json_string(s->name));
	json_object_set_new(o, "category",
			    json_string(vox_category_name(s->category)));
	if (s->time_zone)
		json_object_set_new(o, "time_zone", json_string(s->time_zone));
	if (s->pattern)
		json_object_set_new(o, "pattern", json_string(s->pattern));
	if (s->compression)
		json_object_set_new(o, "compression",
				    json_string(s->compression));
	if (!s->present)
		json_object_set_new(o, "present", json_false());
	json_object_set_new(o, "read", json_integer((json_int_t)s->read));
	json_object_set_new(o, "exported",
			    json_integer((json_int_t)s->exported));
	json_object_set_new(o, "filtered",
			    json_integer((json_int_t)s->filtered));
	json_object_set_new(o, "rejected",
			    json_integer((json_int_t)s->rejected));
	return o;
}

static json_t *time_json(int64_t ms)
{
	char buf[VOX_TIME_FORMAT_MAX];

	return vox_time_format(ms, buf) ? json_string(buf) : NULL;
}

static json_t *manifest_json(const struct vox_archive_writer *w,
			     const struct entries *e)
{
	const struct vox_archive_meta *m = &w->meta;
	json_t *o = json_object(), *gen = json_object(), *subj = json_object();
	json_t *req = json_object(), *scope = json_object();
	json_t *cats = json_array(), *files = json_array();
	json_t *srcs = json_array();
	unsigned bit;
	size_t i;

	json_object_set_new(o, "format", json_string("voxport-archive"));
	json_object_set_new(o, "version", json_string(FORMAT_VERSION));
	json_object_set_new(o, "created", time_json(m->created));
	json_object_set_new(gen, "name", json_string("voxport"));
	json_object_set_new(gen, "version", json_string(VOX_VERSION));
	json_object_set_new(o, "generator", gen);
	json_object_set(o, "controller", (json_t *)m->controller);
	json_object_set_new(subj, "id", json_string(m->subject_id));
	json_object_set_new(o, "subject", subj);
	json_object_set_new(req, "type", json_string(m->request_type));
	if (m->request_reference)
		json_object_set_new(req, "reference",
				    json_string(m->request_reference));
	json_object_set_new(o, "request", req);
	for (bit = 1; bit <= VOX_CAT_RECORDINGS; bit <<= 1)
		if (m->categories & bit)
			json_array_append_new(
				cats, json_string(vox_category_name(bit)));
	json_object_set_new(scope, "categories", cats);
	if (m->since != VOX_TIME_NONE)
		json_object_set_new(scope, "since", time_json(m->since));
	if (m->until != VOX_TIME_NONE)
		json_object_set_new(scope, "until", time_json(m->until));
	json_object_set_new(scope, "third_party",
			    json_string(m->third_party ? m->third_party :
					"include"));
	json_object_set_new(o, "scope", scope);
	for (i = 0; i < e->n; i++)
		json_array_append_new(files, file_json(&e->v[i]));
	json_object_set_new(o, "files", files);
	for (i = 0; i < w->nsources; i++)
		json_array_append_new(srcs, source_json(&w->sources[i]));
	json_object_set_new(o, "sources", srcs);
	return o;
}

/* DOS date and time of a UTC instant: the same on every machine. */
static void dos_time(int64_t ms, zip_uint16_t *t, zip_uint16_t *d)
{
	int64_t s = ms / 1000, days = s / 86400, y;
	unsigned mo, da, sec = (unsigned)(s % 86400);

	if (ms < 0) {
		days = 0;
		sec = 0;
	}
	vox_civil_from_days(days, &y, &mo, &da);
	if (y < 1980) {
		y = 1980;
		mo = da = 1;
		sec = 0;
	}
	if (y > 2107)
		y = 2107;
	*t = (zip_uint16_t)((sec / 3600) << 11 | ((sec / 60) % 60) << 5 |
			    (sec % 60) / 2);
	*d = (zip_uint16_t)((y - 1980) << 9 | mo << 5 | da);
}

static int zip_fail(zip_t *za, struct vox_error *err, const char *what)
{
	vox_error_set(err, VOX_E_IO, "%s: %s", what, zip_strerror(za));
	zip_discard(za);
	return VOX_ERR;
}

static int write_zip(struct vox_archive_writer *w, const struct entries *e,
		     struct vox_error *err)
{
	zip_uint16_t dt, dd;
	zip_error_t ze;
	zip_t *za;
	size_t i;
	int fd = vox_tmpdir_create(w->tmp, "archive.zip", err);

	if (fd < 0)
		return VOX_ERR;
	zip_error_init(&ze);
	za = vox_zip_sink_open(fd, &ze);
	if (!za) {
		vox_error_set(err, VOX_E_IO, "%s: %s", w->tmpzip,
			      zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return VOX_ERR;
	}
	zip_error_fini(&ze);
	dos_time(w->meta.created, &dt, &dd);
	for (i = 0; i < e->n; i++) {
		const struct entry *x = &e->v[i];
		zip_source_t *src;
		zip_int64_t idx;

		/* For zip_source_file() a length of 0 means "to the end". */
		if (x->data)
			src = zip_source_buffer(za, x->data, x->data_len, 0);
		else if (x->length == 0)
			src = zip_source_buffer(za, NULL, 0, 0);
		else
			src = zip_source_file(za, x->file, x->offset,
					      x->length);

		if (!src)
			return zip_fail(za, err, x->path);
		idx = zip_file_add(za, x->path, src, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(src);
			return zip_fail(za, err, x->path);
		}
		/*
		 * AES-256 with a random salt per member: an encrypted archive
		 * is not byte-identical from one run to the next.
		 */
		if (w->meta.passphrase &&
		    zip_file_set_encryption(za, (zip_uint64_t)idx,
					    ZIP_EM_AES_256,
					    w->meta.passphrase) != 0)
			return zip_fail(za, err, x->path);
		if (zip_set_file_compression(za, (zip_uint64_t)idx,
					     x->store ? ZIP_CM_STORE :
					     ZIP_CM_DEFLATE, DEFLATE_LEVEL) != 0 ||
		    zip_file_set_dostime(za, (zip_uint64_t)idx, dt, dd, 0) ||
		    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
						     ZIP_OPSYS_UNIX,
						     0100644u << 16) != 0)
			return zip_fail(za, err, x->path);
	}
	if (zip_close(za) != 0)
		return zip_fail(za, err, w->path);
	return VOX_OK;
}

static int close_members(struct vox_archive_writer *w, struct vox_error *err)
{
	int i;

	for (i = 0; i < M_COUNT; i++) {
		struct member *m = &w->m[i];

		if (!m->open)
			continue;
		if (i == M_CONTACTS_JSON)
			fputs(m->records ? "\n]\n" : "]\n", m->fp);
		/*
		 * No fsync: the temporary files are read back by this process
		 * into the zip, and the zip is synced before it is published.
		 */
		m->fp = NULL;
		if (vox_memfile_close(m->mf, err) != VOX_OK)
			return VOX_ERR;
	}
	if (w->spool) {
		/* all copied: its disk space is given back before zipping */
		if (ftruncate(fileno(w->spool), 0) != 0)
			return io_error(err, w->spool_tmp);
		fclose(w->spool);
		w->spool = NULL;
	}
	if (w->media_fp) {
		FILE *f = w->media_fp;

		w->media_fp = NULL;
		if (fflush(f) != 0 || ferror(f)) {
			io_error(err, w->media_tmp);
			fclose(f);
			return VOX_ERR;
		}
		if (fclose(f) != 0)
			return io_error(err, w->media_tmp);
	}
	return VOX_OK;
}

/*
 * data.xlsx, written now from what it was fed: a view of the records for
 * people, as index.html is.  Already a zip: stored, not deflated again.
 */
static int add_workbook(struct vox_archive_writer *w, struct entries *e,
			struct vox_error *err)
{
	struct vox_workbook *wb = w->workbook;
	struct entry *x;

	w->workbook = NULL;	/* closed, whatever happens */
	if (vox_workbook_close(wb, err) != VOX_OK)
		return VOX_ERR;
	x = entry_add(e, "data.xlsx", w->workbook_tmp, "documentation",
		      "application/vnd.openxmlformats-officedocument."
		      "spreadsheetml.sheet", NULL);
	if (!x)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	x->store = 1;
	return hash_entry(x, err);
}

/*
 * A page or the manifest: in memory (a file past the limit), freed with
 * the writer.
 */
static struct vox_memfile *open_doc(struct vox_archive_writer *w,
				    const char *name, struct vox_error *err)
{
	struct vox_memfile *mf;

	if (w->ndoc == sizeof(w->doc) / sizeof(w->doc[0])) {
		vox_error_set(err, VOX_E_USAGE, "%s: one page too many", name);
		return NULL;
	}
	mf = vox_memfile_new(w->tmp, name, MEMBER_IN_MEMORY, err);
	if (mf)
		w->doc[w->ndoc++] = mf;
	return mf;
}

/*
 * processing.json: the information README.txt and index.html put into
 * words (export/processing.h), for programs.
 */
static int add_processing(struct vox_archive_writer *w, struct entries *e,
			  struct vox_error *err)
{
	json_t *doc = vox_processing_json(&w->meta);
	struct vox_memfile *mf = doc ? open_doc(w, "processing.json", err) :
		NULL;
	int rc = VOX_ERR;

	if (!doc) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto out;
	}
	if (!mf)
		goto out;
	if (json_dumpf(doc, vox_memfile_stream(mf), VOX_JSON_PRETTY) != 0 ||
	    fputc('\n', vox_memfile_stream(mf)) < 0) {
		vox_memfile_close(mf, err);
		goto out;
	}
	rc = vox_memfile_close(mf, err);
	if (rc == VOX_OK && !entry_add_memfile(e, "processing.json", mf,
					       "documentation",
					       "application/json",
					       "processing.schema.json"))
		rc = vox_error_set(err, VOX_E_NOMEM, "out of memory");
out:
	json_decref(doc);
	return rc;
}

static int collect_entries(struct vox_archive_writer *w, struct entries *e,
			   struct vox_error *err)
{
	size_t j;
	int i;

	for (i = 0; i < M_COUNT; i++) {
		struct entry *x;

		if (!w->m[i].open)
			continue;
		x = entry_add_memfile(e, member_info[i].path, w->m[i].mf,
				      vox_category_name(member_info[i].category),
				      member_info[i].media_type,
				      member_info[i].schema);
		if (!x)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		x->records = (int64_t)w->m[i].records;
		if (hash_entry(x, err) != VOX_OK)
			return VOX_ERR;
	}
	if (w->workbook && add_workbook(w, e, err) != VOX_OK)
		return VOX_ERR;
	/*
	 * Audio and attachments (images, video) are mostly compressed
	 * already, and were hashed as they were copied.
	 */
	for (j = 0; j < w->nstored; j++) {
		const struct stored *au = &w->stored[j];
		struct entry *x = entry_add(e, au->path, w->media_tmp,
					    vox_category_name(au->category),
					    au->media_type, NULL);

		if (!x)
			return vox_error_set(err, VOX_E_NOMEM, "out of memory");
		x->store = 1;
		x->offset = au->offset;
		x->length = (int64_t)au->bytes;
		x->bytes = au->bytes;
		memcpy(x->sha256, au->sha256, sizeof(x->sha256));
	}
	if (add_processing(w, e, err) != VOX_OK)
		return VOX_ERR;
	/* The schemas the records follow, and what those refer to. */
	for (i = 0; i < M_COUNT; i++)
		if (w->m[i].open && member_info[i].schema &&
		    (add_schema(e, member_info[i].schema, err) != VOX_OK ||
		     (member_info[i].refers_to &&
		      add_schema(e, member_info[i].refers_to, err) !=
		      VOX_OK)))
			return VOX_ERR;
	if (add_schema(e, "processing.schema.json", err) != VOX_OK ||
	    add_schema(e, "common.schema.json", err) != VOX_OK ||
	    add_schema(e, "manifest.schema.json", err) != VOX_OK)
		return VOX_ERR;
	for (i = 0; (size_t)i < e->n; i++)
		if (!e->v[i].sha256[0] && hash_entry(&e->v[i], err) != VOX_OK)
			return VOX_ERR;
	return VOX_OK;
}

/* A page for people, written from the list of the members so far. */
typedef int page_fn(struct vox_archive_writer *w, FILE *f,
		    const struct vox_readme_file *rf, size_t n,
		    struct vox_error *err);

static int write_readme(struct vox_archive_writer *w, FILE *f,
			const struct vox_readme_file *rf, size_t n,
			struct vox_error *err)
{
	return vox_readme_write(f, &w->meta, rf, n, err);
}

static int write_index(struct vox_archive_writer *w, FILE *f,
		       const struct vox_readme_file *rf, size_t n,
		       struct vox_error *err)
{
	return vox_index_write(w->index, f, rf, n, err);
}

/* README.txt or index.html: written, listed, hashed. */
static int add_page(struct vox_archive_writer *w, struct entries *e,
		    const char *name, const char *media_type, page_fn *write,
		    struct vox_error *err)
{
	struct vox_readme_file *rf = calloc(e->n + 1, sizeof(*rf));
	struct vox_memfile *mf;
	struct entry *x;
	size_t i;
	int rc = VOX_ERR;

	if (!rf) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < e->n; i++) {
		rf[i].path = e->v[i].path;
		rf[i].category = e->v[i].category;
		rf[i].records = e->v[i].records;
		rf[i].bytes = e->v[i].bytes;
	}
	mf = open_doc(w, name, err);
	if (!mf)
		goto out;
	if (write(w, vox_memfile_stream(mf), rf, e->n, err) != VOX_OK) {
		vox_memfile_close(mf, NULL);
		goto out;
	}
	if (vox_memfile_close(mf, err) != VOX_OK)
		goto out;
	x = entry_add_memfile(e, name, mf, "documentation", media_type, NULL);
	if (!x) {
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto out;
	}
	rc = hash_entry(x, err);
out:
	free(rf);
	return rc;
}

/* The pages for people, which come first in the zip after the manifest. */
static const char *const docs[2] = { "README.txt", "index.html" };

static int is_doc(const char *path)
{
	return strcmp(path, docs[0]) == 0 || strcmp(path, docs[1]) == 0;
}

static int add_manifest(struct vox_archive_writer *w, struct entries *e,
			struct entries *order, struct vox_error *err)
{
	json_t *man = manifest_json(w, e);
	struct vox_memfile *mf = man ? open_doc(w, "manifest.json", err) : NULL;
	FILE *f;
	size_t i, d;
	int rc;

	if (!mf) {
		rc = man ? VOX_ERR :
			vox_error_set(err, VOX_E_NOMEM, "out of memory");
		goto out;
	}
	f = vox_memfile_stream(mf);
	if (json_dumpf(man, f, VOX_JSON_PRETTY) != 0 || fputc('\n', f) < 0) {
		rc = vox_memfile_close(mf, err);
		if (rc == VOX_OK)
			rc = vox_error_set(err, VOX_E_NOMEM, "manifest.json: "
					   "cannot write it");
		goto out;
	}
	rc = vox_memfile_close(mf, err);
	if (rc != VOX_OK)
		goto out;
	/*
	 * manifest.json first, then README.txt and index.html, then the rest
	 * in order.
	 */
	if (!entry_add_memfile(order, "manifest.json", mf, "",
			       "application/json", NULL))
		rc = vox_error_set(err, VOX_E_NOMEM, "out of memory");
	for (d = 0; d < 2; d++)
		for (i = 0; rc == VOX_OK && i < e->n; i++)
			if (strcmp(e->v[i].path, docs[d]) == 0 &&
			    !entry_copy(order, &e->v[i]))
				rc = vox_error_set(err, VOX_E_NOMEM,
						   "out of memory");
	for (i = 0; rc == VOX_OK && i < e->n; i++)
		if (!is_doc(e->v[i].path) && !entry_copy(order, &e->v[i]))
			rc = vox_error_set(err, VOX_E_NOMEM, "out of memory");
out:
	json_decref(man);
	return rc;
}

/*
 * Put the finished zip at the output path.  Without VOX_ARCHIVE_REPLACE
 * nothing there is replaced, not even what appeared while we worked or a
 * dangling symbolic link: link(2) refuses any existing name, where
 * rename(2) would silently replace it.  With it, a regular file or a
 * symbolic link itself is replaced (rename never writes through a link);
 * a folder, FIFO, device or socket never is.
 */
static int publish(struct vox_archive_writer *w, struct vox_error *err)
{
	struct stat st;

	if (!(w->flags & VOX_ARCHIVE_REPLACE)) {
		if (link(w->tmpzip, w->path) == 0)
			return VOX_OK;
		if (errno == EEXIST)
			return vox_error_set(err, VOX_E_IO, "%s: exists now "
					     "(made during the export); not "
					     "replacing it", w->path);
#ifdef SYS_renameat2
		/* A file system without hard links (FAT): the same promise. */
		if ((errno == EPERM || errno == EOPNOTSUPP ||
		     errno == ENOTSUP || errno == ENOSYS) &&
		    syscall(SYS_renameat2, AT_FDCWD, w->tmpzip, AT_FDCWD,
			    w->path, RENAME_NOREPLACE) == 0)
			return VOX_OK;
		if (errno == EEXIST)
			return vox_error_set(err, VOX_E_IO, "%s: exists now "
					     "(made during the export); not "
					     "replacing it", w->path);
#endif
		return vox_error_set(err, VOX_E_IO, "%s: cannot put the "
				     "archive in place: %s", w->path,
				     strerror(errno));
	}
	if (lstat(w->path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISLNK(st.st_mode))
		return vox_error_set(err, VOX_E_IO, "%s: not a regular file; "
				     "not replacing it", w->path);
	if (rename(w->tmpzip, w->path) != 0)
		return vox_error_set(err, VOX_E_IO, "%s: cannot put the "
				     "archive in place: %s", w->path,
				     strerror(errno));
	return VOX_OK;
}

int vox_archive_finish(struct vox_archive_writer *w, struct vox_error *err)
{
	struct entries e = { NULL, 0 }, order = { NULL, 0 };
	int rc = VOX_ERR;

	if (w->finished)
		return vox_error_set(err, VOX_E_USAGE, "archive already "
				     "finished");
	if (close_members(w, err) != VOX_OK ||
	    collect_entries(w, &e, err) != VOX_OK ||
	    add_page(w, &e, "README.txt", "text/plain; charset=utf-8",
		     write_readme, err) != VOX_OK ||
	    /* index.html lists README.txt too: it is made second. */
	    add_page(w, &e, "index.html", "text/html; charset=utf-8",
		     write_index, err) != VOX_OK ||
	    add_manifest(w, &e, &order, err) != VOX_OK ||
	    write_zip(w, &order, err) != VOX_OK ||
	    publish(w, err) != VOX_OK)
		goto out;
	vox_tmpdir_sync_parent(w->tmp);
	w->finished = 1;
	rc = VOX_OK;
out:
	/* The temporary files go with the writer (vox_archive_free()). */
	entries_free(&e);
	entries_free(&order);
	return rc;
}
