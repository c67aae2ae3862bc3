/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_bulk.c: `voxport bulk`, many subscribers' archives in one pass over
 * the provider's shared sources (export/pipeline.c), sharded by a stable
 * hash of the ids across machines, resumable.
 */
#include <errno.h>
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
#include "import/import.h"
#include "options.h"
#include "progress.h"
#include "provider.h"
#include "schemas.h"
#include "strmap.h"
#include "timeconv.h"

const char cmd_bulk_usage[] =
	"usage: voxport bulk -c PROVIDER (--all | --subjects FILE) -d DIR\n"
	"                    [OPTIONS]\n"
	"\n"
	"Export many subscribers at once, one archive each, DIR/ID.zip, the\n"
	"same bytes as 'voxport export' writes for each with the same\n"
	"--created.  Each shared source (CDR files, message logs) is read\n"
	"once and its records routed to their subscribers.\n"
	"\n"
	"  -c, --config FILE      provider.json (default: $VOXPORT_PROVIDER)\n"
	"      --all              every subscriber of the subscriber list\n"
	"      --subjects FILE    the subscribers' ids, one a line (blank\n"
	"                         lines ignored; - reads stdin)\n"
	"  -d, --output-dir DIR   where the archives go (made if missing)\n"
	"  -j, --jobs N           write archives in N processes (default 1);\n"
	"                         the archives are the same for any N\n"
	"      --shard K/N        only the subscribers whose id hashes to K\n"
	"                         of N (K from 0 to N-1): FNV-1a 64 of the\n"
	"                         id's bytes, modulo N; N machines each given\n"
	"                         one K split the job with no coordination\n"
	"      --shard auto       K and N from the scheduler: a Kubernetes\n"
	"                         Indexed Job's JOB_COMPLETION_INDEX (N from\n"
	"                         --shard-count), or a Slurm job array's\n"
	"                         SLURM_ARRAY_TASK_ID and _COUNT\n"
	"      --shard-count N    N for --shard auto on Kubernetes\n"
	"      --resume           leave alone the archives already in DIR and\n"
	"                         valid (as 'voxport validate' checks them);\n"
	"                         write the others, replacing invalid ones\n"
	"  -f, --force            replace archives already in DIR\n"
	"      --categories LIST  comma-separated: subject, contacts, calls,\n"
	"                         messages, recordings (default: all there)\n"
	"      --since TIME       only records from TIME on\n"
	"      --until TIME       only records before TIME\n"
	"      --created TIME     the archives' creation time (default: now,\n"
	"                         or $SOURCE_DATE_EPOCH)\n"
	"      --request TYPE     access (default), portability or migration\n"
	"      --reference REF    the request's reference, in each manifest\n"
	"      --on-error MODE    fail (default): a malformed record of a\n"
	"                         shared source fails every archive, one of a\n"
	"                         subscriber's own files fails theirs; skip:\n"
	"                         warn, count it in the manifests, go on\n"
	"      --with-audio       put the recordings' audio in each archive\n"
	"      --with-attachments put the MMS attachments in each archive\n"
	"      --no-workbook      leave out data.xlsx\n"
	"      --encrypt          encrypt every member with AES-256\n"
	"      --passphrase-file F, --passphrase-fd N\n"
	"                         the passphrase for --encrypt (or\n"
	"                         $VOXPORT_PASSPHRASE); never on the command\n"
	"                         line\n"
	"      --third-party MODE keep (default), mask or hash the other\n"
	"                         parties, as 'voxport export' does\n"
	"      --third-party-key-file F\n"
	"                         the key of the hash pseudonyms\n"
	"      --json             one JSON line per subscriber on stdout, then\n"
	"                         a summary line\n"
	"  -q, --quiet            no progress line (it is shown only when\n"
	"                         stderr is a terminal)\n"
	"\n"
	"TIME is as for 'voxport export'.  A subscriber whose archive cannot\n"
	"be written (not in the list, twice in it, a bad id, a broken file of\n"
	"theirs) is reported and the others go on.  No archive is ever left\n"
	"half-written under its name.  Exit codes: 0 every archive written or\n"
	"already there, 1 at least one subscriber failed (or the run could not\n"
	"go on), 2 usage, 129, 130, 143 stopped by a signal.\n";

enum {
	OPT_ALL = 256,
	OPT_SUBJECTS,
	OPT_SHARD,
	OPT_SHARD_COUNT,
	OPT_RESUME,
	OPT_JSON,
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "subjects", required_argument, NULL, OPT_SUBJECTS },
	{ "output-dir", required_argument, NULL, 'd' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "shard-count", required_argument, NULL, OPT_SHARD_COUNT },
	{ "resume", no_argument, NULL, OPT_RESUME },
	{ "force", no_argument, NULL, 'f' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	EXPORT_ARGS_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

struct bulk {
	uint64_t shard_k, shard_n;	/* n 0: no sharding */
	int resume, force;
	const char *passphrase;
	struct vox_schemas *schemas;	/* --resume's checks */
};

/* A decimal number in [min, max]; 0, or -1 when s is not one. */
static int parse_count(const char *s, uint64_t min, uint64_t max,
		       uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* --shard K/N: 0, or 2 after a usage error. */
static int parse_shard(struct bulk *b, const char *spec)
{
	const char *slash = strchr(spec, '/');
	char k[32];

	if (!slash || (size_t)(slash - spec) >= sizeof(k))
		goto bad;
	memcpy(k, spec, (size_t)(slash - spec));
	k[slash - spec] = '\0';
	if (parse_count(slash + 1, 1, UINT32_MAX, &b->shard_n) != 0 ||
	    parse_count(k, 0, UINT32_MAX, &b->shard_k) != 0)
		goto bad;
	if (b->shard_k >= b->shard_n)
		return usage_error("--shard %s: K is from 0 to N-1 (%llu of "
				   "%llu shards)", cli_safe(spec),
				   (unsigned long long)b->shard_k,
				   (unsigned long long)b->shard_n);
	return 0;
bad:
	return usage_error("--shard: K/N (K from 0 to N-1, N from 1) or "
			   "auto, not \"%s\"", cli_safe(spec));
}

/*
 * --shard auto: the scheduler's index and count.  Kubernetes gives an
 * Indexed Job's pods JOB_COMPLETION_INDEX (0 .. completions-1), not the
 * count; Slurm gives a job array's tasks SLURM_ARRAY_TASK_ID, which runs
 * from SLURM_ARRAY_TASK_MIN by SLURM_ARRAY_TASK_STEP, and the count.
 */
static int shard_auto(struct bulk *b, const char *count)
{
	const char *k8s = getenv("JOB_COMPLETION_INDEX");
	const char *id = getenv("SLURM_ARRAY_TASK_ID");
	uint64_t n = 0, min = 0, step = 1, task;

	if (count && parse_count(count, 1, UINT32_MAX, &n) != 0)
		return usage_error("--shard-count: a number from 1, not "
				   "\"%s\"", cli_safe(count));
	if (k8s && *k8s) {
		if (!count)
			return usage_error("--shard auto with "
					   "JOB_COMPLETION_INDEX needs "
					   "--shard-count N (the Job's "
					   "completions)");
		if (parse_count(k8s, 0, UINT32_MAX, &b->shard_k) != 0)
			return usage_error("JOB_COMPLETION_INDEX: not a "
					   "number: \"%s\"", cli_safe(k8s));
		b->shard_n = n;
	} else if (id && *id) {
		const char *c = getenv("SLURM_ARRAY_TASK_COUNT");
		const char *m = getenv("SLURM_ARRAY_TASK_MIN");
		const char *s = getenv("SLURM_ARRAY_TASK_STEP");

		if (parse_count(id, 0, UINT32_MAX, &task) != 0 ||
		    !c || parse_count(c, 1, UINT32_MAX, &b->shard_n) != 0 ||
		    (m && *m && parse_count(m, 0, UINT32_MAX, &min) != 0) ||
		    (s && *s && parse_count(s, 1, UINT32_MAX, &step) != 0) ||
		    task < min)
			return usage_error("--shard auto: SLURM_ARRAY_TASK_ID, "
					   "_COUNT, _MIN or _STEP is not a "
					   "usable number");
		if (count && n != b->shard_n)
			return usage_error("--shard-count %llu, and Slurm's "
					   "SLURM_ARRAY_TASK_COUNT is %llu",
					   (unsigned long long)n,
					   (unsigned long long)b->shard_n);
		b->shard_k = (task - min) / step;
	} else {
		return usage_error("--shard auto: neither JOB_COMPLETION_INDEX "
				   "(Kubernetes) nor SLURM_ARRAY_TASK_ID "
				   "(Slurm) is set");
	}
	if (b->shard_k >= b->shard_n)
		return usage_error("--shard auto: index %llu of %llu shards",
				   (unsigned long long)b->shard_k,
				   (unsigned long long)b->shard_n);
	return 0;
}

/* Is the archive at path complete and valid, as `voxport validate` says? */
static int archive_done(struct bulk *b, const char *path)
{
	struct vox_check_opts o;
	struct vox_check_result res;
	struct vox_error err = VOX_ERROR_INIT;

	memset(&o, 0, sizeof(o));
	o.schemas = b->schemas;
	o.passphrase = b->passphrase;
	o.max_problems = 1;
	return vox_archive_check(path, &o, &res, &err) == VOX_OK &&
		res.problems == 0;
}

/* The pipeline's select(): the shard, then what is in DIR already. */
static int select_subject(void *ctx, struct vox_bulk_subject *s)
{
	struct bulk *b = ctx;
	struct stat st;

	if (b->shard_n &&
	    vox_fnv1a64(s->id, strlen(s->id)) % b->shard_n != b->shard_k)
		return 0;
	if (s->state != VOX_BULK_TODO || lstat(s->output, &st) != 0)
		return 1;
	if (b->resume && S_ISREG(st.st_mode) && archive_done(b, s->output))
		s->state = VOX_BULK_SKIP;
	else if (b->resume && S_ISREG(st.st_mode))
		s->replace = 1;	/* half-done by no one: ours never are */
	else if (!b->force) {
		s->state = VOX_BULK_DONE;
		s->status = vox_error_set(&s->err, VOX_E_IO, "%s exists (use "
					  "--resume to keep it if valid, or "
					  "--force to replace it)", s->output);
	}
	return 1;
}

static void warn_skipped(void *ctx, const struct vox_skipped *s)
{
	(void)ctx;
	warning("%s (skipped)", s->err->msg);
}

/*
 * --subjects FILE: the ids, in order; a repeated id is a failed subject of
 * its own.  0, or 1 after an error.
 */
static int read_subjects(const char *path, struct vox_bulk_subject **set,
			 size_t *n)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct vox_strmap seen;
	char *line = NULL;
	size_t cap = 0, size = 0, old;
	ssize_t len;
	unsigned long long lineno = 0;
	int rc = 0;

	if (!f) {
		error("%s: %s", cli_safe(path), strerror(errno));
		return 1;
	}
	vox_strmap_init(&seen);
	while (!rc && (len = getline(&line, &size, f)) >= 0) {
		struct vox_bulk_subject *s;

		lineno++;
		while (len > 0 && strchr("\r\n \t", line[len - 1]))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (*n == cap) {
			size_t c = cap ? 2 * cap : 64;

			if (!(s = realloc(*set, c * sizeof(*s)))) {
				rc = 1;
				break;
			}
			*set = s;
			cap = c;
		}
		s = &(*set)[*n];
		memset(s, 0, sizeof(*s));
		if (!(s->id = strdup(line)) ||
		    vox_strmap_put(&seen, line, (size_t)len, lineno, &old)) {
			free(s->id);
			rc = 1;
			break;
		}
		(*n)++;
		if (old != (size_t)-1) {
			s->state = VOX_BULK_DONE;
			s->status = vox_error_set(&s->err, VOX_E_USAGE,
						  "%s:%llu: subscriber %s is "
						  "given again (first at line "
						  "%llu)", path, lineno,
						  s->id,
						  (unsigned long long)old);
		}
	}
	if (rc)
		error("out of memory");
	else if (ferror(f)) {
		error("%s: %s", cli_safe(path), strerror(errno));
		rc = 1;
	}
	free(line);
	vox_strmap_release(&seen);
	if (f != stdin)
		fclose(f);
	return rc;
}

static void print_result(const struct vox_bulk_subject *s)
{
	unsigned cat;
	int i = 0;

	printf("{\"subject\":");
	json_print_string(s->id);
	if (s->state == VOX_BULK_SKIP) {
		printf(",\"status\":\"skipped\",\"archive\":");
		json_print_string(s->output);
		printf("}\n");
		return;
	}
	if (s->status != VOX_OK) {
		printf(",\"status\":\"failed\",\"error\":");
		json_print_string(s->err.msg);
		printf("}\n");
		return;
	}
	printf(",\"status\":\"ok\",\"archive\":");
	json_print_string(s->output);
	printf(",\"records\":{");
	for (cat = VOX_CAT_SUBJECT; cat <= VOX_CAT_RECORDINGS; cat <<= 1, i++)
		printf("%s\"%s\":%llu", i ? "," : "", vox_category_name(cat),
		       (unsigned long long)s->res.records[i]);
	printf("},\"rejected\":%llu}\n", (unsigned long long)s->res.rejected);
}

/* Make DIR if it is missing (not its parents: a typo should not). */
static int make_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) == 0 || (errno == EEXIST &&
				      stat(dir, &st) == 0 &&
				      S_ISDIR(st.st_mode)))
		return 0;
	error("%s: %s", cli_safe(dir), errno == EEXIST ? "not a folder" :
	      strerror(errno));
	return 1;
}

int cmd_bulk(int argc, char **argv)
{
	struct vox_bulk_opts bo;
	struct vox_export_opts *o = &bo.ex;
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_provider *p = NULL;
	struct vox_bulk_subject *set = NULL;
	size_t n = 0, i, ok = 0, skipped = 0, failed = 0;
	const char *config = getenv("VOXPORT_PROVIDER"), *subjects = NULL,
		   *shard = NULL, *shard_count = NULL;
	uint64_t jobs = 1;
	int status, c, json = 0, quiet = 0, run_rc;
	struct export_args args;
	struct progress_line pl;
	struct bulk b;

	if (common_options(argc, argv, cmd_bulk_usage, &status))
		return status;
	memset(&bo, 0, sizeof(bo));
	memset(&b, 0, sizeof(b));
	export_args_init(&args, o);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":c:d:j:fq", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case OPT_ALL:
			bo.all = 1;
			break;
		case OPT_SUBJECTS:
			subjects = optarg;
			break;
		case 'd':
			bo.outdir = optarg;
			break;
		case 'j':
			if (parse_count(optarg, 1, 256, &jobs) != 0)
				return usage_error("--jobs: a number from 1 to "
						   "256, not \"%s\"",
						   cli_safe(optarg));
			break;
		case OPT_SHARD:
			shard = optarg;
			break;
		case OPT_SHARD_COUNT:
			shard_count = optarg;
			break;
		case OPT_RESUME:
			b.resume = 1;
			break;
		case 'f':
			b.force = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		default:
			if (!export_args_option(&args, o, c, optarg, &status))
				return option_error(argc, argv, c);
			if (status)
				return status;
			break;
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument: %s",
				   cli_safe(argv[optind]));
	if (!config)
		return usage_error("no provider: give -c provider.json");
	if (bo.all == !!subjects)
		return usage_error("give --all or --subjects FILE (one of "
				   "them)");
	if (!bo.outdir)
		return usage_error("no output folder: give -d DIR");
	if (b.resume && b.force)
		return usage_error("--resume keeps valid archives, --force "
				   "replaces them: give one of them");
	if (shard && strcmp(shard, "auto") == 0) {
		if (shard_auto(&b, shard_count))
			return EXIT_USAGE;
	} else if (shard) {
		if (shard_count)
			return usage_error("--shard-count is for --shard auto");
		if (parse_shard(&b, shard))
			return EXIT_USAGE;
	} else if (shard_count) {
		return usage_error("--shard-count is for --shard auto");
	}
	status = export_args_check(&args, o);
	if (status)
		goto out;
	b.passphrase = o->passphrase;
	o->replace = b.force;
	status = EXIT_FAILURE_DATA;
	p = vox_provider_load(config, vox_sources, &err);
	if (!p) {
		status = error_report(&err);
		goto out;
	}
	o->provider = p;
	status = export_args_times(&args, o, p);
	if (status)
		goto out;
	status = EXIT_FAILURE_DATA;
	if (subjects && read_subjects(subjects, &set, &n))
		goto out;
	if (make_dir(bo.outdir))
		goto out;
	if (b.resume && !(b.schemas = vox_schemas_new(&err))) {
		status = error_report(&err);
		goto out;
	}
	o->warn = warn_skipped;
	bo.select = select_subject;
	bo.select_ctx = &b;
	bo.jobs = (unsigned)jobs;
	progress_line_start(&pl, "bulk", o, quiet);
	catch_signals();
	run_rc = vox_bulk_run(&bo, &set, &n, &err);
	progress_line_end(&pl);
	if (run_rc != VOX_OK)
		error_report(&err);
	for (i = 0; i < n; i++) {
		const struct vox_bulk_subject *s = &set[i];

		if (s->state == VOX_BULK_SKIP)
			skipped++;
		else if (s->status == VOX_OK)
			ok++;
		else
			failed++;
		/* The run's own error was said once, above. */
		if (s->state == VOX_BULK_DONE && s->status != VOX_OK &&
		    (run_rc == VOX_OK || strcmp(s->err.msg, err.msg) != 0))
			error("%s: %s", cli_safe(s->id), cli_safe(s->err.msg));
		if (json)
			print_result(s);
	}
	if (json)
		printf("{\"summary\":{\"subjects\":%zu,\"ok\":%zu,"
		       "\"skipped\":%zu,\"failed\":%zu}}\n", n, ok, skipped,
		       failed);
	if (failed && !json)
		error("%zu of %zu subscriber%s failed", failed, n,
		      n == 1 ? "" : "s");
	status = failed || run_rc != VOX_OK ? EXIT_FAILURE_DATA : EXIT_OK;
out:
	vox_bulk_subjects_free(set, n);
	vox_schemas_free(b.schemas);
	export_args_clear(&args);
	vox_provider_free(p);
	return status;
}
