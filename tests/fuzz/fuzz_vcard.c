/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_vcard.c: libFuzzer harness for the vcard reader. */
#define FUZZ_SOURCE vox_source_vcard
#include "fuzz_source.h"
