/* SPDX-License-Identifier: Apache-2.0 */
/*
 * import_common.h: what `voxport import` and `voxport convert --to` share:
 * finding the target, --option pairs, and the summary of a run's report.
 */
#ifndef VOX_CLI_IMPORT_COMMON_H
#define VOX_CLI_IMPORT_COMMON_H

#include <jansson.h>

#include "voxport/target.h"

/* The target called name, or NULL after a usage error ("did you mean"). */
const struct vox_target *find_target(const char *name);

/* Add "KEY=VALUE" to opts; 0, or 2 after a usage error. */
int add_option(json_t *opts, const char *kv);

/*
 * The run's report on stderr, for people: one line with the folder, the
 * target, the records written and how many fields were lost; verbose adds
 * per category what came in, what was written, what was lost.
 */
void print_import_summary(const json_t *report, const char *dir, int verbose);

/*
 * --json: the report with "output", the folder, on stdout
 * (schemas/v1/cli/import.schema.json).
 */
void print_import_json(json_t *report, const char *dir);

#endif
