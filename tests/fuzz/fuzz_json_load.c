/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_json_load.c: libFuzzer harness for src/json_load.c, differential:
 * vox_json_loadb() must give what json_loadb() gives on the same bytes,
 * the same tree or the same error, with the flags validate uses; and the
 * same on a per-record arena.  The first byte picks the flags.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_load.h"

static void same(const char *buf, size_t len, size_t flags,
		 struct vox_arena *a)
{
	json_error_t ej, ev;
	json_t *j = json_loadb(buf, len, flags, &ej);
	json_t *v;

	if (a)
		vox_json_arena_enter(a);
	v = vox_json_loadb(buf, len, flags, &ev);
	if (!j != !v)
		abort();
	if (!j && (strcmp(ej.text, ev.text) != 0 || ej.line != ev.line ||
		   ej.column != ev.column || ej.position != ev.position))
		abort();
	if (j && !json_equal(j, v))
		abort();
	if (a) {
		vox_json_arena_leave();
		vox_arena_reset(a);
	} else {
		json_decref(v);
	}
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vox_arena arena;
	size_t flags;

	if (size < 1)
		return 0;
	flags = (data[0] & 1 ? JSON_REJECT_DUPLICATES : 0) |
		(data[0] & 2 ? JSON_DECODE_ANY : 0);
	same((const char *)data + 1, size - 1, flags,
	     data[0] & 4 ? &arena : NULL);
	return 0;
}
