/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_export.c: `voxport export`, one subscriber to one archive. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "category.h"
#include "cli.h"
#include "export/export.h"
#include "export_args.h"
#include "options.h"
#include "progress.h"
#include "rejects.h"
#include "provider.h"
#include "timeconv.h"
#include "tmpdir.h"

const char cmd_export_usage[] =
	"usage: voxport export -c PROVIDER -s SUBJECT [-o FILE] [-f] [-q] "
	"[OPTIONS]\n"
	"\n"
	"Gather one subscriber's data from the provider's systems, as\n"
	"provider.json describes them, into one voxport archive (a zip file\n"
	"following the schemas of 'voxport schema').\n"
	"\n"
	"  -c, --config FILE      provider.json (default: $VOXPORT_PROVIDER)\n"
	"  -s, --subject ID       the subscriber's id in the subscriber list\n"
	"  -o, --output FILE      the archive to write (default: ID.zip); -:\n"
	"                         stdout, when it is not a terminal\n"
	"  -f, --force            replace FILE if it is a file or a symbolic\n"
	"                         link (the link, not what it points to)\n"
	"  -q, --quiet            no progress or summary line on stderr\n"
	"      --categories LIST  comma-separated: subject, contacts, calls,\n"
	"                         messages, recordings\n"
	"                         (default: every category the provider has)\n"
	"      --since TIME       only records from TIME on\n"
	"      --until TIME       only records before TIME\n"
	"      --created TIME     the archive's creation time (default: now,\n"
	"                         or $SOURCE_DATE_EPOCH); the same data and\n"
	"                         TIME give the same bytes\n"
	"      --request TYPE     access (default), portability or migration\n"
	"      --reference REF    the request's reference, kept in the "
	"manifest\n"
	"      --on-error MODE    fail (default): stop at a malformed record;\n"
	"                         skip: warn, count it in the manifest, go on\n"
	"      --keep-rejected-raw\n"
	"                         with skip: each skipped record's bytes in\n"
	"                         ID.rejects.jsonl too (CSV sources)\n"
	"      --with-audio       put the recordings' audio files in the\n"
	"                         archive too (recordings/), not only their\n"
	"                         details\n"
	"      --with-attachments put the MMS attachments (pictures, video)\n"
	"                         in the archive too (attachments/)\n"
	"      --no-workbook      leave out data.xlsx, the records as a\n"
	"                         workbook for spreadsheets\n"
	"      --encrypt          encrypt every member with AES-256 (WinZip\n"
	"                         AES, which 7-Zip and most unzip tools read)\n"
	"      --passphrase-file F, --passphrase-fd N\n"
	"                         the passphrase for --encrypt: the first line\n"
	"                         of F or of what N gives (or\n"
	"                         $VOXPORT_PASSPHRASE); never on the command\n"
	"                         line\n"
	"      --third-party MODE keep (default), mask or hash the other\n"
	"                         parties' numbers and names in calls,\n"
	"                         messages and recordings: mask writes all\n"
	"                         but the last 3 digits as X and names as\n"
	"                         [masked]; hash writes keyed pseudonyms\n"
	"                         (tp-...), the same for one person within\n"
	"                         the archive; the subject's own never change\n"
	"      --third-party-key-file F\n"
	"                         the key of the hash pseudonyms (default:\n"
	"                         random per export); the same key gives the\n"
	"                         same pseudonyms across exports\n"
	"      --json             print a JSON summary on stdout (schema\n"
	"                         schemas/v1/cli/export.schema.json)\n"
	"\n"
	"TIME is YYYY-MM-DD (in the provider's time zone; for --until the\n"
	"end of that day), 'YYYY-MM-DD HH:MM:SS' in that zone, RFC 3339\n"
	"(2024-03-05T14:12:07Z), or @SECONDS since 1970.\n"
	"\n"
	"Nothing is written at FILE unless the whole archive is, and nothing\n"
	"at FILE is replaced without --force, nor ever a folder, FIFO or\n"
	"device.  The archive is mode 0600.  With -o - it is made whole in a\n"
	"private folder of $TMPDIR (default /tmp) first: a failure writes\n"
	"nothing on stdout.  A line on stderr says what was written.  Exit\n"
	"codes: 0 done, 1 failure (bad input, missing subscriber, I/O, FILE\n"
	"exists), 2 usage, 129, 130, 143 stopped by SIGHUP, SIGINT, SIGTERM\n"
	"(nothing left behind).\n";

enum {
	OPT_JSON = 256,
	OPT_KEEP_RAW,
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "subject", required_argument, NULL, 's' },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "keep-rejected-raw", no_argument, NULL, OPT_KEEP_RAW },
	EXPORT_ARGS_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

static void warn_skipped(void *ctx, const struct vox_skipped *s)
{
	warning("%s (skipped)", s->err->msg);
	rejects_add(ctx, s);
}

/*
 * Refuse early what finishing would refuse: without --force anything at
 * the path (lstat: a dangling link too); with it, anything but a regular
 * file or a symbolic link.  The writer checks again when it publishes.
 */
static int check_output(const char *path, int force)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return 0;
	if (!force) {
		error("%s exists (use --force to replace it)", path);
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		error("%s: not a regular file; not replacing it", path);
		return -1;
	}
	return 0;
}

/* The summary as JSON (schemas/v1/cli/export.schema.json). */
static void print_json(const char *output, const char *subject, unsigned cats,
		       const struct vox_export_result *r, const char *rejects)
{
	unsigned cat;
	int i = 0, n = 0;

	printf("{\"archive\":");
	json_print_string(output);
	printf(",\"subject\":");
	json_print_string(subject);
	printf(",\"categories\":[");
	for (cat = VOX_CAT_SUBJECT; cat <= VOX_CAT_RECORDINGS; cat <<= 1)
		if (cats & cat)
			printf("%s\"%s\"", n++ ? "," : "",
			       vox_category_name(cat));
	printf("],\"records\":{");
	for (cat = VOX_CAT_SUBJECT; cat <= VOX_CAT_RECORDINGS; cat <<= 1, i++)
		printf("%s\"%s\":%llu", i ? "," : "", vox_category_name(cat),
		       (unsigned long long)r->records[i]);
	printf("},\"rejected\":%llu", (unsigned long long)r->rejected);
	if (rejects) {
		printf(",\"rejects\":");
		json_print_string(rejects);
	}
	printf("}\n");
}

/*
 * "wrote 1001.zip: subscriber 1001, contacts 12, calls 42, ..." on
 * stderr: the categories in scope with their record counts.
 */
static void print_summary(const char *output, const char *subject,
			  unsigned cats, const struct vox_export_result *r)
{
	char line[512];
	unsigned cat;
	size_t len;
	int i = 1;

	snprintf(line, sizeof(line), "subscriber %s", cli_safe(subject));
	for (cat = VOX_CAT_CONTACTS; cat <= VOX_CAT_RECORDINGS; cat <<= 1, i++) {
		len = strlen(line);
		if (cats & cat)
			snprintf(line + len, sizeof(line) - len, ", %s %llu",
				 vox_category_name(cat),
				 (unsigned long long)r->records[i]);
	}
	len = strlen(line);
	if (r->rejected)
		snprintf(line + len, sizeof(line) - len, ", %llu skipped",
			 (unsigned long long)r->rejected);
	if (output)
		note("wrote %s: %s", cli_safe(output), line);
	else
		note("wrote the archive to stdout: %s", line);
}

static int ours_stdout(const char *name)
{
	return strcmp(name, "archive.zip") == 0;
}

/*
 * -o -: a private folder in $TMPDIR holding "archive.zip", made now so that
 * a signal removes it (src/tmpdir.c); the export replaces that file.
 */
static struct vox_tmpdir *stdout_begin(char **path)
{
	struct vox_error err = VOX_ERROR_INIT;
	const char *tmp = getenv("TMPDIR");
	struct vox_tmpdir *t;
	size_t n;
	int fd;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	t = vox_tmpdir_new(tmp, ours_stdout, &err);
	if (!t) {
		vox_error_prefix(&err, "-o - (in $TMPDIR)");
		error_report(&err);
		return NULL;
	}
	fd = vox_tmpdir_create(t, "archive.zip", &err);
	n = strlen(vox_tmpdir_path(t)) + sizeof("/archive.zip");
	*path = fd >= 0 ? malloc(n) : NULL;
	if (fd >= 0)
		close(fd);
	if (!*path) {
		if (fd >= 0)
			error("out of memory");
		else
			error_report(&err);
		vox_tmpdir_free(t);
		return NULL;
	}
	snprintf(*path, n, "%s/archive.zip", vox_tmpdir_path(t));
	return t;
}

/*
 * Copy the finished archive to stdout.  Its folder is removed first (the
 * open descriptor keeps the bytes), so that nothing is left behind if a
 * closed pipe or a signal ends the copy.
 */
static int stdout_copy(struct vox_tmpdir *t, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char buf[65536];
	ssize_t n;

	vox_tmpdir_free(t);
	if (fd < 0) {
		error("%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			break;
	if (n < 0 || ferror(stdout) || fflush(stdout) != 0) {
		error("%s: %s", n < 0 ? "reading the archive" : "stdout",
		      strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int cmd_export(int argc, char **argv)
{
	struct vox_export_opts o;
	struct vox_export_result res;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_provider *p = NULL;
	const char *config = getenv("VOXPORT_PROVIDER");
	char *output = NULL;
	int status, c, rc, force = 0, json = 0, quiet = 0, keep_raw = 0;
	struct vox_tmpdir *to_stdout = NULL;
	char *stdout_path = NULL;
	unsigned cats_in_scope;
	struct export_args args;
	struct progress_line pl;
	struct rejects rej = { 0 };

	if (common_options(argc, argv, cmd_export_usage, &status))
		return status;
	memset(&o, 0, sizeof(o));
	export_args_init(&args, &o);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":c:s:o:fq", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 's':
			o.subject_id = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_KEEP_RAW:
			keep_raw = 1;
			break;
		default:
			if (!export_args_option(&args, &o, c, optarg, &status))
				return option_error(argc, argv, c);
			if (status)
				return status;
			break;
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument: %s", argv[optind]);
	if (!config)
		return usage_error("no provider: give -c provider.json");
	if (!o.subject_id)
		return usage_error("no subscriber: give -s ID");
	if (!vox_subject_id_valid(o.subject_id))
		return usage_error("not a valid subscriber id: \"%s\"",
				   o.subject_id);
	if (keep_raw && o.on_error != VOX_ON_ERROR_SKIP)
		return usage_error("--keep-rejected-raw is for --on-error=skip");
	status = export_args_check(&args, &o);
	if (status)
		goto out;
	if (o.output && strcmp(o.output, "-") == 0) {
		if (json)
			return usage_error("-o - and --json both write on "
					   "stdout: give -o FILE with --json");
		if (isatty(STDOUT_FILENO))
			return usage_error("-o -: stdout is a terminal, and a "
					   "zip is not for a terminal; "
					   "redirect it or give -o FILE");
		o.output = NULL;
		to_stdout = stdout_begin(&stdout_path);
		if (!to_stdout)
			return EXIT_FAILURE_DATA;
	}
	if (!o.output) {
		size_t n = strlen(o.subject_id) + 5;

		output = malloc(n);
		if (!output) {
			error("out of memory");
			status = EXIT_FAILURE_DATA;
			goto out;
		}
		snprintf(output, n, "%s.zip", o.subject_id);
		o.output = output;
	}
	status = EXIT_FAILURE_DATA;
	if (!to_stdout && check_output(o.output, force) != 0)
		goto out;
	o.replace = force;
	p = vox_provider_load(config, vox_sources, &err);
	if (!p) {
		status = error_report(&err);
		goto out;
	}
	o.provider = p;
	status = export_args_times(&args, &o, p);
	if (status)
		goto out;
	status = EXIT_FAILURE_DATA;
	/* With -o -, the skipped records go to ID.rejects.jsonl here. */
	if (rejects_init(&rej, o.output) != 0) {
		error("out of memory");
		goto out;
	}
	rej.keep_raw = keep_raw;
	o.warn = warn_skipped;
	o.warn_ctx = &rej;
	if (to_stdout) {
		o.output = stdout_path;
		o.replace = 1;
	}
	catch_signals();
	progress_line_start(&pl, "export", &o, quiet);
	rc = vox_export_run(&o, &res, &err);
	progress_line_end(&pl);
	if (rc != VOX_OK) {
		rejects_finish(&rej, 0);
		status = error_report(&err);
		goto out;
	}
	if (to_stdout) {
		struct vox_tmpdir *t = to_stdout;

		to_stdout = NULL;
		if (stdout_copy(t, stdout_path) != 0) {
			rejects_finish(&rej, 0);
			goto out;
		}
	}
	if (rejects_finish(&rej, 1) != 0)
		goto out;
	/* Only what was warned of one by one: the file lists those. */
	if (rej.n)
		warning("%llu record%s skipped, listed in %s", rej.n,
			rej.n == 1 ? "" : "s", cli_safe(rej.path));
	cats_in_scope = o.categories ? o.categories : p->categories;
	if (!quiet)
		print_summary(stdout_path ? NULL : o.output, o.subject_id,
			      cats_in_scope, &res);
	if (json)
		print_json(o.output, o.subject_id, cats_in_scope, &res,
			   rej.n ? rej.path : NULL);
	status = EXIT_OK;
out:
	if (to_stdout)
		vox_tmpdir_free(to_stdout);
	free(stdout_path);
	rejects_free(&rej);
	export_args_clear(&args);
	vox_provider_free(p);
	free(output);
	return status;
}
