/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_google_contacts_csv.c: libFuzzer harness for the google-contacts-csv reader. */
#define FUZZ_SOURCE vox_source_google_contacts_csv
#include "fuzz_source.h"
