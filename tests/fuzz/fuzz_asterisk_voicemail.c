/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_asterisk_voicemail.c: libFuzzer harness for the asterisk-voicemail
 * reader.  The harness gives no path, so the text is parsed and every
 * input ends at "no audio" or an earlier error: the audio side is the wav
 * harness's.
 */
#define FUZZ_SOURCE vox_source_asterisk_voicemail
#include "fuzz_source.h"
