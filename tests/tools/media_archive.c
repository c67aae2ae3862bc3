/* SPDX-License-Identifier: Apache-2.0 */
/*
 * media_archive: write an archive of the messages and recordings of
 * tests/unit/media_fixture.h with the archive writer, for
 * tests/suites/archive_members.sh and the inspect golden cases (the
 * export pipeline has no message or recording source yet).
 *
 *	media_archive [--with-audio] OUT.zip
 *
 * The audio is call.WAV, written in the current folder.  Categories:
 * calls (none), messages, recordings.  Exit 1 with the error on stderr.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "tests/unit/media_fixture.h"

int main(int argc, char **argv)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta meta;
	struct vox_archive_writer *w;
	struct vox_message m[FIX_MESSAGES];
	struct vox_recording r[FIX_RECORDINGS];
	const char *audio[FIX_RECORDINGS];
	struct vox_source_stats sms = { "sbr-xml", "sms.xml", VOX_CAT_MESSAGES,
					NULL, 1, FIX_MESSAGES, FIX_MESSAGES,
					0, 0, NULL, NULL };
	struct vox_source_stats rec = { "wav", "monitor", VOX_CAT_RECORDINGS,
					NULL, 1, FIX_RECORDINGS,
					FIX_RECORDINGS, 0, 0, NULL, NULL };
	json_t *controller = json_pack("{s:s}", "name", "Test Telecom");
	int i, with_audio = argc == 3 && strcmp(argv[1], "--with-audio") == 0;

	if (argc != 2 + with_audio) {
		fputs("usage: media_archive [--with-audio] OUT.zip\n", stderr);
		return 2;
	}
	if (fix_write_wav("call.WAV", 800) != 0) {
		perror("call.WAV");
		return 1;
	}
	memset(&meta, 0, sizeof(meta));
	meta.created = 1730000000000LL;
	meta.subject_id = "1001";
	meta.request_type = "access";
	meta.categories = VOX_CAT_CALLS | VOX_CAT_MESSAGES | VOX_CAT_RECORDINGS;
	meta.since = meta.until = VOX_TIME_NONE;
	meta.controller = controller;
	meta.with_audio = with_audio;
	fix_messages(m);
	fix_recordings(r, audio, "call.WAV");
	w = vox_archive_new(argv[argc - 1], &meta, 0, &err);
	for (i = 0; w && i < FIX_MESSAGES; i++)
		if (vox_archive_add_message(w, &m[i], &err) != VOX_OK)
			goto fail;
	for (i = 0; w && i < FIX_RECORDINGS; i++)
		if (vox_archive_add_recording(w, &r[i], audio[i], &err) !=
		    VOX_OK)
			goto fail;
	if (!w || vox_archive_add_source(w, &sms, &err) != VOX_OK ||
	    vox_archive_add_source(w, &rec, &err) != VOX_OK ||
	    vox_archive_finish(w, &err) != VOX_OK)
		goto fail;
	vox_archive_free(w);
	json_decref(controller);
	return 0;
fail:
	fprintf(stderr, "media_archive: %s\n", err.msg);
	vox_archive_free(w);
	json_decref(controller);
	return 1;
}
