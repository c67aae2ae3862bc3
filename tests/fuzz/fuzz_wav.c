/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_wav.c: libFuzzer harness for the wav reader and wav_info.c. */
#define FUZZ_SOURCE vox_source_wav
#include "fuzz_source.h"
