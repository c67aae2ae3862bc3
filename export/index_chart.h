/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index_chart.h: the SVG bar charts of index.html (export/index_chart.c),
 * drawn from counters the page kept, inline and without script.  Each bar
 * carries its figures in data- attributes and a <title> (its tooltip), and
 * each chart its scale (data-scale: a bar's length per unit), so tools and
 * tests can read them back.
 */
#ifndef VOX_INDEX_CHART_H
#define VOX_INDEX_CHART_H

#include "html_write.h"

#define VOX_CHART_SERIES 4	/* directions: stacked in this order */
#define VOX_CHART_MONTHS 60	/* the last five years are drawn */

struct vox_chart_series {
	const char *name;	/* data-direction: "inbound" */
	const char *label;	/* the legend: "received" */
	const char *color;
};

/* Counts of one month (year * 12 + month - 1): [0] calls, [1] messages. */
struct vox_chart_month {
	int64_t ym;
	uint64_t v[2][VOX_CHART_SERIES];
};

/*
 * A <figure> of calls (set 0) or messages (set 1) per month, a bar per
 * month stacked by series, from the first month with a count to the last
 * (at most VOX_CHART_MONTHS, with a note on those left out).  months are
 * sorted by ym.  Nothing when no month has a count.
 */
void vox_chart_months(struct vox_html *o, const struct vox_chart_month *months,
		      size_t n, int set, const char *zone,
		      const struct vox_chart_series *series);

struct vox_chart_party {
	const char *key;	/* data-party: the number */
	const char *label;	/* "Name (number)" */
	uint64_t billsec, calls;
};

/*
 * A <figure> of the parties in top (most talk time first) as horizontal
 * bars; others calls were left out of the count, beyond told_apart
 * parties (a note says the chart is approximate).
 */
void vox_chart_parties(struct vox_html *o, const struct vox_chart_party *top,
		       size_t n, size_t told_apart, uint64_t others);

#endif
