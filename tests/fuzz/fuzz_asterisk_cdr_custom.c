/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_asterisk_cdr_custom.c: libFuzzer harness for the asterisk-cdr-custom
 * reader.  As fuzz_source.h, and the template is fuzzed too: when bit 8 of
 * the first byte is set, the input's first line is the template= option
 * and the rest is the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeconv.h"
#include "voxport/source.h"

#define SRC vox_source_asterisk_cdr_custom

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vox_tz *tz;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_source_args args;
	const struct vox_record *rec;
	const uint8_t *body = data + 1, *nl;
	size_t blen = size ? size - 1 : 0;
	char tmpl[4096];
	FILE *f;
	void *r;
	int rc, errors = 0, n = 0;

	if (!tz && !(tz = vox_tz_load("Europe/London", &err)))
		abort();
	(void)SRC.bid(data, size);
	if (size == 0)
		return 0;
	tmpl[0] = '\0';
	if (data[0] & 8 && (nl = memchr(body, '\n', blen)) &&
	    (size_t)(nl - body) < sizeof(tmpl)) {
		memcpy(tmpl, body, (size_t)(nl - body));
		tmpl[nl - body] = '\0';
		blen -= (size_t)(nl + 1 - body);
		body = nl + 1;
	}
	if (!blen)
		return 0;	/* fmemopen() refuses a size of 0 */
	f = fmemopen((void *)body, blen, "rb");
	if (!f)
		return 0;
	memset(&args, 0, sizeof(args));
	args.in = f;
	args.name = "fuzz";
	args.tz = tz;
	r = SRC.open(&args, &err);
	if (!r) {
		fclose(f);
		return 0;
	}
	if (tmpl[0] && SRC.option(r, "template", tmpl, &err) != VOX_OK &&
	    !err.msg[0])
		abort();
	while ((rc = SRC.next(r, &rec, &err)) != VOX_EOF) {
		if (rc == VOX_ERR) {
			if (!err.msg[0])
				abort();	/* every error says what */
			if (err.code != VOX_E_DATA || ++errors > 10000)
				break;
			continue;
		}
		if (++n > 1000000)
			abort();	/* more records than bytes: a loop */
	}
	SRC.close(r);
	fclose(f);
	return 0;
}
