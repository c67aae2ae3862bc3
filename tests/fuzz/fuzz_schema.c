/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_schema.c: libFuzzer harness for the JSON Schema validator.  The
 * input is a schema and an instance separated by a NUL byte (no NUL: the
 * input is the instance, validated against the built-in call schema).
 * Compilation must fail cleanly or succeed; validation must terminate
 * within its depth limit; every error must carry a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schemas.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vox_schemas *builtin;
	struct vox_error err = VOX_ERROR_INIT;
	const uint8_t *nul = memchr(data, 0, size);
	const struct vox_schema *call;
	struct vox_schema_set *set;
	struct vox_schema *s;
	json_t *inst;

	if (!builtin && !(builtin = vox_schemas_new(&err)))
		abort();
	if (!nul) {
		call = vox_schemas_get(builtin, "call.schema.json", &err);
		if (!call)
			abort();
		inst = json_loadb((const char *)data, size, 0, NULL);
		if (inst)
			(void)vox_schema_validate(call, inst, NULL, NULL, 0);
		json_decref(inst);
		return 0;
	}
	set = vox_schema_set_new();
	if (vox_schema_set_add_text(set, "https://fuzz.example/s.json",
				    (const char *)data, (size_t)(nul - data),
				    &err) == VOX_OK) {
		s = vox_schema_compile(set, "https://fuzz.example/s.json", &err);
		if (!s && !err.msg[0])
			abort();
		inst = json_loadb((const char *)nul + 1,
				  size - (size_t)(nul - data) - 1,
				  JSON_DECODE_ANY, NULL);
		if (s && inst)
			(void)vox_schema_validate(s, inst, NULL, NULL, 0);
		json_decref(inst);
		vox_schema_free(s);
	} else if (!err.msg[0]) {
		abort();
	}
	vox_schema_set_free(set);
	return 0;
}
