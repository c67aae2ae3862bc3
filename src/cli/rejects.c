/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rejects.c: NAME.rejects.jsonl beside an export's archive (rejects.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "export/export.h"
#include "rejects.h"
#include "text.h"

int rejects_init(struct rejects *r, const char *output)
{
	size_t n = strlen(output);
	const char *slash = strrchr(output, '/');
	size_t dir = slash ? (size_t)(slash - output) + 1 : 0;

	memset(r, 0, sizeof(*r));
	if (n > 4 && strcmp(output + n - 4, ".zip") == 0)
		n -= 4;
	r->path = malloc(n + 16);
	r->tmp = malloc(strlen(output) + 32);
	if (!r->path || !r->tmp)
		return 1;
	snprintf(r->path, n + 16, "%.*s.rejects.jsonl", (int)n, output);
	/* Hidden, in the same folder, so the rename is atomic. */
	snprintf(r->tmp, strlen(output) + 32, "%.*s.%s.XXXXXX", (int)dir,
		 output, r->path + dir);
	return 0;
}

/* The bytes of the record: as text when they are UTF-8, else base64. */
static void add_raw(json_t *o, const struct vox_skipped *s)
{
	unsigned char *b64;
	size_t n;

	if (!s->raw)
		return;
	if (vox_utf8_valid(s->raw, s->raw_len)) {
		json_object_set_new(o, "raw", json_stringn(s->raw,
							    s->raw_len));
	} else {
		n = 4 * ((s->raw_len + 2) / 3) + 1;
		b64 = malloc(n);
		if (b64) {
			EVP_EncodeBlock(b64, (const unsigned char *)s->raw,
					(int)s->raw_len);
			json_object_set_new(o, "raw_base64",
					    json_string((char *)b64));
		}
		free(b64);
	}
	if (!s->raw_whole)
		json_object_set_new(o, "raw_truncated", json_true());
}

void rejects_add(struct rejects *r, const struct vox_skipped *s)
{
	const char *msg = s->err->msg;
	const char *colon = strchr(msg, ':');
	json_t *o;
	char *end;

	if (r->failed)
		return;
	if (!r->f) {
		int fd = mkstemp(r->tmp);

		r->f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!r->f) {
			error("%s: %s", cli_safe(r->tmp), strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(r->tmp);
			}
			r->failed = 1;
			return;
		}
	}
	o = json_object();
	/* "Master.csv:12: bad duration": the file and line it names. */
	if (colon && colon > msg && !memchr(msg, ' ', (size_t)(colon - msg))) {
		unsigned long long line = strtoull(colon + 1, &end, 10);

		json_object_set_new(o, "file", json_stringn(msg, (size_t)
						(colon - msg)));
		if (end != colon + 1 && *end == ':') {
			json_object_set_new(o, "line", json_integer(
						    (json_int_t)line));
			colon = end;
		}
		msg = colon + 1 + (colon[1] == ' ');
	}
	json_object_set_new(o, "reason", json_string(msg));
	if (r->keep_raw)
		add_raw(o, s);
	json_dumpf(o, r->f, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fputc('\n', r->f);
	json_decref(o);
	r->n++;
}

int rejects_finish(struct rejects *r, int ok)
{
	int rc = 0;

	if (r->f) {
		if (fflush(r->f) != 0 || fsync(fileno(r->f)) != 0 ||
		    ferror(r->f))
			r->failed = 1;
		if (fclose(r->f) != 0)
			r->failed = 1;
		if (ok && !r->failed && rename(r->tmp, r->path) != 0)
			r->failed = 1;
		if (!ok || r->failed)
			unlink(r->tmp);
		if (ok && r->failed) {
			error("%s: %s", cli_safe(r->path), strerror(errno));
			rc = 1;
		}
	}
	r->f = NULL;
	return rc;
}

void rejects_free(struct rejects *r)
{
	free(r->path);
	free(r->tmp);
	memset(r, 0, sizeof(*r));
}
