/* SPDX-License-Identifier: Apache-2.0 */
/*
 * archive_read.c: reading a voxport archive without trusting it.
 *
 * Members are streamed, never extracted: a member is read through a
 * SHA-256 context with a byte limit, so a zip bomb costs at most the limit
 * in time and nothing on disk.  Member names are checked before any use
 * (no absolute paths, no "..": path traversal is refused, not repaired).
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "import.h"

/*
 * Encrypted members: WinZip AES (what `export --encrypt` writes) needs
 * the passphrase, which is checked here on the first such member, so that
 * a missing or wrong one is one clear error before anything is read;
 * traditional PKWARE encryption ("ZipCrypto", broken since 1994) is
 * refused whatever the passphrase.
 */
static int check_encryption(struct vox_archive_in *a, const char *passphrase,
			    struct vox_error *err)
{
	zip_int64_t first = -1;
	zip_stat_t st;
	zip_file_t *zf;

	for (zip_int64_t i = 0; i < a->nentries; i++) {
		if (zip_stat_index(a->za, (zip_uint64_t)i, 0, &st) != 0 ||
		    !(st.valid & ZIP_STAT_ENCRYPTION_METHOD) ||
		    st.encryption_method == ZIP_EM_NONE)
			continue;
		if (st.encryption_method != ZIP_EM_AES_128 &&
		    st.encryption_method != ZIP_EM_AES_192 &&
		    st.encryption_method != ZIP_EM_AES_256)
			return vox_error_set(err, VOX_E_DATA, "%s: encrypted "
					     "with ZipCrypto or another "
					     "method voxport refuses (only "
					     "AES is read)", st.name);
		if (first < 0)
			first = i;
	}
	if (first < 0)
		return VOX_OK;
	if (!passphrase)
		return vox_error_set(err, VOX_E_IO, "encrypted: give its "
				     "passphrase (--passphrase-file, "
				     "--passphrase-fd or VOXPORT_PASSPHRASE)");
	zf = zip_fopen_index_encrypted(a->za, (zip_uint64_t)first, 0,
				       passphrase);
	if (!zf) {
		zip_error_t *ze = zip_get_error(a->za);

		return vox_error_set(err, VOX_E_IO, "%s",
				     zip_error_code_zip(ze) ==
				     ZIP_ER_WRONGPASSWD ? "wrong passphrase" :
				     zip_error_strerror(ze));
	}
	zip_fclose(zf);
	if (zip_set_default_password(a->za, passphrase) != 0)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	a->encrypted = 1;
	return VOX_OK;
}

/*
 * Why libzip would not open a file, in the words of someone who has only
 * the file: its own texts ("File already exists") name its internals.
 */
static const char *open_problem(int zerr, off_t size, zip_error_t *ze)
{
	if (zerr == ZIP_ER_NOZIP && size == 0)
		return "the file is empty";
	if (zerr == ZIP_ER_NOZIP)
		return "no zip directory at its end (the file is cut short, "
		       "or is not a zip)";
	if (zerr == ZIP_ER_EXISTS)
		return "two members have the same name";
	if (zerr == ZIP_ER_INCONS)
		return "its directory and its members disagree (the file is "
		       "cut short, damaged or crafted)";
	return zip_error_strerror(ze);
}

struct vox_archive_in *vox_archive_in_open(const char *path,
					   const char *passphrase,
					   struct vox_error *err)
{
	struct vox_archive_in *a = calloc(1, sizeof(*a));
	struct stat st;
	int zerr = 0, fd;

	if (!a || !(a->path = strdup(path))) {
		free(a);
		vox_error_set(err, VOX_E_NOMEM, "out of memory");
		return NULL;
	}
	a->name = vox_path_base(a->path);
	/*
	 * Tell "cannot read" (exit 1) from "not a zip" (invalid).  O_NONBLOCK:
	 * opening a FIFO must not wait for a writer; the descriptor that was
	 * checked is the one libzip reads.
	 */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		vox_error_set(err, VOX_E_IO, "%s", strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		vox_error_set(err, VOX_E_IO, "%s", S_ISDIR(st.st_mode) ?
			      "is a directory" : "not a regular file");
		close(fd);
		goto fail;
	}
	a->za = zip_fdopen(fd, ZIP_CHECKCONS, &zerr);
	if (!a->za) {
		zip_error_t ze;

		close(fd);
		zip_error_init_with_code(&ze, zerr);
		vox_error_set(err, zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ?
			      VOX_E_IO : VOX_E_DATA,
			      "not a readable zip archive: %s",
			      open_problem(zerr, st.st_size, &ze));
		zip_error_fini(&ze);
		goto fail;
	}
	a->nentries = zip_get_num_entries(a->za, 0);
	if (a->nentries > VOX_ARCHIVE_MAX_MEMBERS) {
		vox_error_set(err, VOX_E_LIMIT, "more than %d members",
			      VOX_ARCHIVE_MAX_MEMBERS);
		goto fail;
	}
	if (check_encryption(a, passphrase, err) != VOX_OK)
		goto fail;
	return a;
fail:
	vox_archive_in_close(a);
	return NULL;
}

void vox_archive_in_close(struct vox_archive_in *a)
{
	if (!a)
		return;
	if (a->za)
		zip_discard(a->za);
	free(a->path);
	free(a);
}

int vox_member_name_safe(const char *name)
{
	const char *p = name;
	size_t seg = 0;

	if (!*name || strlen(name) > 255 || *name == '/')
		return 0;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '/') {
			if (seg == 0)
				return 0;	/* "a//b" */
			seg = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
		/* No segment may start with '.': no "..", no hidden files. */
		if (seg == 0 && c == '.')
			return 0;
		/* Nor end with one: Windows drops it ("a." is "a"). */
		if (c == '.' && (p[1] == '/' || p[1] == '\0'))
			return 0;
		seg++;
	}
	return seg > 0;
}

int vox_member_is_bomb(uint64_t size, uint64_t comp_size)
{
	return size > VOX_ARCHIVE_RATIO_FLOOR &&
	       size / (comp_size ? comp_size : 1) > VOX_ARCHIVE_MAX_RATIO;
}

int vox_member_open(struct vox_archive_in *a, zip_uint64_t index,
		    uint64_t limit, struct vox_member *m,
		    struct vox_error *err)
{
	zip_stat_t st;

	memset(m, 0, sizeof(*m));
	m->name = zip_get_name(a->za, index, ZIP_FL_ENC_RAW);
	if (!m->name)
		m->name = "?";
	m->limit = limit;
	if (zip_stat_index(a->za, index, 0, &st) != 0 ||
	    !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
		return vox_error_set(err, VOX_E_DATA, "%s: cannot read: %s",
				     m->name, zip_strerror(a->za));
	if (vox_member_is_bomb(st.size, st.comp_size))
		return vox_error_set(err, VOX_E_LIMIT, "%s: compressed more "
				     "than %d:1 (a zip bomb?)", m->name,
				     VOX_ARCHIVE_MAX_RATIO);
	m->zip_size = st.size;
	/* The zip's sizes may lie: hold the bytes read to the ratio too. */
	m->ratio_limit = st.comp_size < VOX_ARCHIVE_MAX_BYTES /
		VOX_ARCHIVE_MAX_RATIO ?
		(uint64_t)st.comp_size * VOX_ARCHIVE_MAX_RATIO :
		VOX_ARCHIVE_MAX_BYTES;
	if (m->ratio_limit < VOX_ARCHIVE_RATIO_FLOOR)
		m->ratio_limit = VOX_ARCHIVE_RATIO_FLOOR;
	m->zf = zip_fopen_index(a->za, index, 0);
	if (!m->zf)
		return vox_error_set(err, VOX_E_DATA, "%s: cannot read: %s",
				     m->name, zip_strerror(a->za));
	m->md = EVP_MD_CTX_new();
	if (!m->md || !EVP_DigestInit_ex(m->md, EVP_sha256(), NULL)) {
		vox_member_close(m);
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	}
	return VOX_OK;
}

ssize_t vox_member_read(struct vox_member *m, void *buf, size_t n,
			struct vox_error *err)
{
	zip_int64_t got;

	if (m->failed)
		return -1;
	got = zip_fread(m->zf, buf, n);
	if (got < 0) {
		m->failed = 1;
		vox_error_set(err, VOX_E_DATA, "%s: damaged: %s", m->name,
			      zip_file_strerror(m->zf));
		return -1;
	}
	m->bytes += (uint64_t)got;
	if (m->bytes > m->limit) {
		m->failed = 1;
		m->over_limit = 1;
		vox_error_set(err, VOX_E_LIMIT, "%s: more than %llu bytes",
			      m->name, (unsigned long long)m->limit);
		return -1;
	}
	if (m->bytes > m->ratio_limit) {
		m->failed = 1;
		vox_error_set(err, VOX_E_LIMIT, "%s: compressed more than "
			      "%d:1 (a zip bomb?)", m->name,
			      VOX_ARCHIVE_MAX_RATIO);
		return -1;
	}
	if (m->bytes > m->zip_size) {
		m->failed = 1;
		vox_error_set(err, VOX_E_DATA, "%s: larger than the %llu "
			      "bytes the zip says", m->name,
			      (unsigned long long)m->zip_size);
		return -1;
	}
	EVP_DigestUpdate(m->md, buf, (size_t)got);
	return (ssize_t)got;
}

int vox_member_finish(struct vox_member *m, char sha256[65],
		      struct vox_error *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	ssize_t n;

	while ((n = vox_member_read(m, buf, sizeof(buf), err)) > 0)
		;
	if (n < 0)
		return VOX_ERR;
	EVP_DigestFinal_ex(m->md, md, &len);
	for (i = 0; i < 32 && i < len; i++) {
		sha256[2 * i] = hex[md[i] >> 4];
		sha256[2 * i + 1] = hex[md[i] & 15];
	}
	sha256[64] = '\0';
	return VOX_OK;
}

void vox_member_close(struct vox_member *m)
{
	if (m->zf)
		zip_fclose(m->zf);
	EVP_MD_CTX_free(m->md);
	m->zf = NULL;
	m->md = NULL;
}

struct load_ctx {
	struct vox_member *m;
	struct vox_error *err;
	int failed;
};

static size_t load_cb(void *buf, size_t n, void *data)
{
	struct load_ctx *c = data;
	ssize_t got = vox_member_read(c->m, buf, n, c->err);

	if (got < 0) {
		c->failed = 1;
		return (size_t)-1;
	}
	return (size_t)got;
}

json_t *vox_member_load_json(struct vox_member *m, json_error_t *je,
			     int *read_failed, struct vox_error *err)
{
	struct load_ctx c = { m, err, 0 };
	json_t *doc = json_load_callback(load_cb, &c, JSON_REJECT_DUPLICATES,
					 je);

	*read_failed = c.failed;
	return doc;
}

json_t *vox_archive_in_manifest(struct vox_archive_in *a,
				struct vox_error *err)
{
	zip_int64_t idx = zip_name_locate(a->za, "manifest.json",
					  ZIP_FL_ENC_RAW);
	struct vox_member m;
	json_error_t je;
	json_t *doc;
	int failed;

	if (idx < 0) {
		vox_error_set(err, VOX_E_INVALID, "manifest.json: missing");
		return NULL;
	}
	if (vox_member_open(a, (zip_uint64_t)idx, VOX_ARCHIVE_MAX_MANIFEST,
			    &m, err) != VOX_OK)
		return NULL;
	doc = vox_member_load_json(&m, &je, &failed, err);
	vox_member_close(&m);
	if (!doc && !failed)
		vox_error_set(err, VOX_E_INVALID, "manifest.json:%d:%d: %s",
			      je.line, je.column, je.text);
	return doc;
}

int vox_member_each_line(struct vox_archive_in *a, const char *member,
			 vox_line_fn *fn, void *ctx, struct vox_error *err)
{
	zip_int64_t idx = zip_name_locate(a->za, member, ZIP_FL_ENC_RAW);
	struct vox_member m;
	char buf[65536], *line = NULL;
	size_t len = 0, cap = 0;
	uint64_t lineno = 1;
	ssize_t n, i;
	int rc = VOX_OK;

	if (idx < 0)
		return VOX_OK;
	if (vox_member_open(a, (zip_uint64_t)idx, VOX_ARCHIVE_MAX_BYTES, &m,
			    err) != VOX_OK)
		return VOX_ERR;
	while (rc == VOX_OK &&
	       (n = vox_member_read(&m, buf, sizeof(buf), err)) != 0) {
		if (n < 0) {
			rc = VOX_ERR;
			break;
		}
		for (i = 0; i < n && rc == VOX_OK; i++) {
			if (buf[i] != '\n') {
				if (len + 1 >= cap) {
					size_t ncap = cap ? cap * 2 : 4096;
					char *nl = len < VOX_ARCHIVE_MAX_LINE ?
						realloc(line, ncap) : NULL;

					if (!nl) {
						rc = vox_error_set(err,
							VOX_E_LIMIT, "%s:%llu: "
							"longer than %u bytes",
							member,
							(unsigned long long)
							lineno,
							VOX_ARCHIVE_MAX_LINE);
						break;
					}
					line = nl;
					cap = ncap;
				}
				line[len++] = buf[i];
				continue;
			}
			if (line)
				line[len] = '\0';
			rc = fn(ctx, line ? line : (char *)"", len, lineno, err);
			len = 0;
			lineno++;
		}
	}
	free(line);
	vox_member_close(&m);
	return rc;
}
