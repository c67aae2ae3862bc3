/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_freeswitch_cdr_xml.c: libFuzzer harness for the freeswitch-cdr-xml reader. */
#define FUZZ_SOURCE vox_source_freeswitch_cdr_xml
#include "fuzz_source.h"
