/* SPDX-License-Identifier: Apache-2.0 */
/*
 * options.h: option parsing the commands share: time options, the
 * archive's creation time, getopt errors, JSON strings on stdout.
 */
#ifndef VOX_CLI_OPTIONS_H
#define VOX_CLI_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

struct vox_tz;

/* Parse a TIME option (see 'voxport export --help'); 0, or 2 after a
 * usage error was printed. */
int parse_time_option(const char *opt, const char *value,
		      const struct vox_tz *tz, int is_end, int64_t *ms);

/* --created, else $SOURCE_DATE_EPOCH, else now, in whole seconds. */
int creation_time(const char *value, int64_t *ms);

/* The usage error for what getopt_long returned ('?' or ':'). */
int option_error(int argc, char **argv, int c);

/* A JSON string literal of s on stdout. */
void json_print_string(const char *s);

/*
 * --third-party-key-file: the pseudonyms' key, the file's 16 to
 * VOX_TP_KEY_MAX bytes (export/third_party.h); 0, or 1 after an error.
 */
int third_party_key_read(const char *path, unsigned char *key, size_t *len);

#endif
