/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_source.h: the body of every source reader's fuzz harness (libFuzzer).
 * A harness defines FUZZ_SOURCE (the reader's table) and includes this.
 * The input is one file; the reader must never crash, leak, read out of
 * bounds or loop, and every error must carry a message.  The first byte
 * picks the options (and whether a reader of embedded files gets a spool),
 * so option handling is fuzzed too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phone.h"
#include "timeconv.h"
#include "voxport/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vox_tz *tz;
	static struct vox_phone_plan plan;
	static FILE *spool;	/* for readers of embedded files */
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_source_args args;
	const struct vox_record *rec;
	FILE *f;
	void *r;
	int rc, errors = 0, n = 0;

	if (!tz) {
		tz = vox_tz_load("Europe/London", &err);
		if (!tz || vox_phone_plan_for_country("GB", &plan) != VOX_OK)
			abort();
	}
	(void)FUZZ_SOURCE.bid(data, size);
	if (size == 0)
		return 0;
	f = fmemopen((void *)(data + 1), size - 1, "rb");
	if (!f)
		return 0;
	memset(&args, 0, sizeof(args));
	if (data[0] & 4) {
		if (!spool && !(spool = tmpfile()))
			abort();
		if (ftruncate(fileno(spool), 0) != 0 ||
		    fseeko(spool, 0, SEEK_SET) != 0)
			abort();
		args.spool = spool;
	}
	args.in = f;
	args.name = "fuzz";
	args.path = NULL;
	args.tz = tz;
	args.plan = data[0] & 1 ? &plan : NULL;
	r = FUZZ_SOURCE.open(&args, &err);
	if (!r) {
		fclose(f);
		return 0;
	}
	if (data[0] & 2 && FUZZ_SOURCE.option)
		(void)FUZZ_SOURCE.option(r, "usegmtime", "yes", &err);
	while ((rc = FUZZ_SOURCE.next(r, &rec, &err)) != VOX_EOF) {
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
	FUZZ_SOURCE.close(r);
	fclose(f);
	return 0;
}
