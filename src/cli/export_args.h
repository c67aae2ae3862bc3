/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export_args.h: the options `voxport export` and `voxport bulk` share,
 * those that say what goes in each archive (src/cli/export_args.c).  One
 * parser, so that the two commands take the same options with the same
 * checks and the same messages: an archive of bulk is an export's.
 */
#ifndef VOX_CLI_EXPORT_ARGS_H
#define VOX_CLI_EXPORT_ARGS_H

#include <getopt.h>

#include "export/export.h"
#include "export/third_party.h"
#include "passphrase.h"

struct vox_provider;

/* getopt_long codes of the shared options; a command's own are below. */
enum {
	EXPORT_OPT_CATEGORIES = 512,
	EXPORT_OPT_SINCE,
	EXPORT_OPT_UNTIL,
	EXPORT_OPT_CREATED,
	EXPORT_OPT_REQUEST,
	EXPORT_OPT_REFERENCE,
	EXPORT_OPT_ON_ERROR,
	EXPORT_OPT_WITH_AUDIO,
	EXPORT_OPT_WITH_ATTACHMENTS,
	EXPORT_OPT_NO_WORKBOOK,
	EXPORT_OPT_ENCRYPT,
	EXPORT_OPT_PASS_FILE,
	EXPORT_OPT_PASS_FD,
	EXPORT_OPT_THIRD_PARTY,
	EXPORT_OPT_THIRD_PARTY_KEY,
};

/* Their entries, for a command's struct option table. */
#define EXPORT_ARGS_LONGOPTS \
	{ "categories", required_argument, NULL, EXPORT_OPT_CATEGORIES }, \
	{ "since", required_argument, NULL, EXPORT_OPT_SINCE }, \
	{ "until", required_argument, NULL, EXPORT_OPT_UNTIL }, \
	{ "created", required_argument, NULL, EXPORT_OPT_CREATED }, \
	{ "request", required_argument, NULL, EXPORT_OPT_REQUEST }, \
	{ "reference", required_argument, NULL, EXPORT_OPT_REFERENCE }, \
	{ "on-error", required_argument, NULL, EXPORT_OPT_ON_ERROR }, \
	{ "with-audio", no_argument, NULL, EXPORT_OPT_WITH_AUDIO }, \
	{ "with-attachments", no_argument, NULL, \
	  EXPORT_OPT_WITH_ATTACHMENTS }, \
	{ "no-workbook", no_argument, NULL, EXPORT_OPT_NO_WORKBOOK }, \
	{ "encrypt", no_argument, NULL, EXPORT_OPT_ENCRYPT }, \
	{ "passphrase-file", required_argument, NULL, EXPORT_OPT_PASS_FILE }, \
	{ "passphrase-fd", required_argument, NULL, EXPORT_OPT_PASS_FD }, \
	{ "third-party", required_argument, NULL, EXPORT_OPT_THIRD_PARTY }, \
	{ "third-party-key-file", required_argument, NULL, \
	  EXPORT_OPT_THIRD_PARTY_KEY }

/* What was given, until it is checked into a struct vox_export_opts. */
struct export_args {
	const char *since, *until, *created, *categories, *key_file;
	int encrypt;
	struct passphrase pass;
	unsigned char key[VOX_TP_KEY_MAX];
};

/* Nothing given yet; o's defaults (request "access"). */
void export_args_init(struct export_args *a, struct vox_export_opts *o);

/*
 * getopt_long's c with its argument: 1 if it is one of the shared options
 * (*status 0, or the exit status after a usage error was printed), 0 if
 * it is the command's own.
 */
int export_args_option(struct export_args *a, struct vox_export_opts *o,
		       int c, const char *arg, int *status);

/*
 * After the command line, before the provider: the checks between
 * options, the categories, the key and the passphrase read.  0, or the
 * exit status after an error was printed.
 */
int export_args_check(struct export_args *a, struct vox_export_opts *o);

/* With the provider loaded: the times in its zone.  0 or exit status. */
int export_args_times(const struct export_args *a, struct vox_export_opts *o,
		      const struct vox_provider *p);

/* Wipe the passphrase and the key. */
void export_args_clear(struct export_args *a);

#endif
