/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_subscribers_csv.c: libFuzzer harness for the subscribers-csv reader. */
#define FUZZ_SOURCE vox_source_subscribers_csv
#include "fuzz_source.h"
