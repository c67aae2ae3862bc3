/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_twilio_json.c: libFuzzer harness for the twilio-json reader. */
#define FUZZ_SOURCE vox_source_twilio_json
#include "fuzz_source.h"
