/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_sbr_xml.c: libFuzzer harness for the sbr-xml reader (and src/xml_safe.c). */
#define FUZZ_SOURCE vox_source_sbr_xml
#include "fuzz_source.h"
