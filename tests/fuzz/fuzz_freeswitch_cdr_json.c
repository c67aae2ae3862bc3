/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_freeswitch_cdr_json.c: libFuzzer harness for the freeswitch-cdr-json reader. */
#define FUZZ_SOURCE vox_source_freeswitch_cdr_json
#include "fuzz_source.h"
