/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_outlook_contacts_csv.c: libFuzzer harness for the outlook-contacts-csv reader. */
#define FUZZ_SOURCE vox_source_outlook_contacts_csv
#include "fuzz_source.h"
