/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_asterisk_cdr_csv.c: libFuzzer harness for the asterisk-cdr-csv reader. */
#define FUZZ_SOURCE vox_source_asterisk_cdr_csv
#include "fuzz_source.h"
