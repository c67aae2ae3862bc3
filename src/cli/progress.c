/* SPDX-License-Identifier: Apache-2.0 */
/* progress.c: the progress line on a terminal (progress.h). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
		(double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* 1234567 and "B": "1.2MB"; 812 and " rows": "812 rows". */
static void human(char *buf, size_t size, double v, const char *unit)
{
	const char *pre[] = { "", "k", "M", "G", "T" };
	int i = 0;

	while (v >= 1000 && i < 4) {
		v /= 1000;
		i++;
	}
	snprintf(buf, size, i ? "%.1f%s%s" : "%.0f%s%s", v, pre[i], unit);
}

/* The line, at most five times a second. */
static void show(void *ctx, const struct vox_bulk_progress *p)
{
	struct progress_line *pl = ctx;
	struct timespec now;
	char bytes[32], rows[32], eta[32] = "", rate[48], done[64] = "";
	double t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (seconds(&pl->last, &now) < 0.2)
		return;
	pl->last = now;
	t = seconds(&pl->t0, &now);
	human(bytes, sizeof(bytes), (double)p->bytes, "B");
	human(rows, sizeof(rows), (double)p->rows, " rows");
	/* Reading: bytes a second; writing archives: archives a second. */
	if (!p->finishing) {
		pl->read_time = t;
		pl->done_read = p->done;
		snprintf(rate, sizeof(rate), "%.1f MB/s",
			 t > 0 ? (double)p->bytes / 1e6 / t : 0.0);
	} else if (p->total > 1) {
		double w = t - pl->read_time;

		snprintf(rate, sizeof(rate), "%.1f archives/s",
			 w > 0 ? (double)(p->done - pl->done_read) / w : 0.0);
		if (p->done > pl->done_read && p->total > p->done)
			snprintf(eta, sizeof(eta), ", ETA %.0f s",
				 w * (double)(p->total - p->done) /
				 (double)(p->done - pl->done_read));
	} else {
		snprintf(rate, sizeof(rate), "writing the archive");
	}
	if (p->total > 1)
		snprintf(done, sizeof(done), "; %zu/%zu subscribers done",
			 p->done, p->total);
	fprintf(stderr, "\r\033[Kvoxport: %s: read %s, %s%s (%s%s)", pl->cmd,
		bytes, rows, done, rate, eta);
}

int progress_line_start(struct progress_line *pl, const char *cmd,
			struct vox_export_opts *o, int quiet)
{
	memset(pl, 0, sizeof(*pl));
	pl->cmd = cmd;
	if (quiet || !isatty(STDERR_FILENO))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &pl->t0);
	o->progress = show;
	o->progress_ctx = pl;
	return 1;
}

void progress_line_end(const struct progress_line *pl)
{
	if (pl->t0.tv_sec || pl->t0.tv_nsec)
		fprintf(stderr, "\r\033[K");
}
