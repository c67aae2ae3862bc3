/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index_chart.c: the bar charts of index.html (see index_chart.h): inline
 * SVG, a viewBox and its natural size (CSS lets it shrink on a phone),
 * axes with their values and names, a legend, and a <title> per bar.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "index_chart.h"

static void svg_text(struct vox_html *o, double px, double py, const char *anchor,
		     const char *transform, const char *s)
{
	vox_html_start(o, "text");
	vox_html_attrf(o, "x", "%.1f", px);
	vox_html_attrf(o, "y", "%.1f", py);
	if (anchor)
		vox_html_attr(o, "text-anchor", anchor);
	if (transform)
		vox_html_attr(o, "transform", transform);
	vox_html_text_max(o, s, 60);
	vox_html_end(o);
}

static void svg_line(struct vox_html *o, double x1, double y1, double x2,
		     double y2)
{
	vox_html_start(o, "line");
	vox_html_attrf(o, "x1", "%.1f", x1);
	vox_html_attrf(o, "y1", "%.1f", y1);
	vox_html_attrf(o, "x2", "%.1f", x2);
	vox_html_attrf(o, "y2", "%.1f", y2);
	vox_html_attr(o, "stroke", "#444");
	vox_html_end(o);
}

/* An SVG element; scale, a bar's length per unit, goes in data-scale. */
static void svg_start(struct vox_html *o, int w, int h, const char *label,
		      double scale)
{
	vox_html_start(o, "svg");
	vox_html_attr(o, "xmlns", "http://www.w3.org/2000/svg");
	vox_html_attrf(o, "viewBox", "0 0 %d %d", w, h);
	vox_html_attrf(o, "width", "%d", w);
	vox_html_attrf(o, "height", "%d", h);
	vox_html_attr(o, "role", "img");
	vox_html_attr(o, "aria-label", label);
	vox_html_attr(o, "font-size", "11");
	vox_html_attr(o, "font-family", "sans-serif");
	vox_html_attrf(o, "data-scale", "%.6f", scale);
	vox_html_start(o, "title");
	vox_html_text(o, label);
	vox_html_end(o);
}

#define PLOT_H 160.0
#define PLOT_TOP 16.0
#define PLOT_LEFT 56.0
#define BAR_W 16.0
#define BAR_STEP 22.0

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static void month_text(int64_t ym, char buf[32])
{
	snprintf(buf, 32, "%04" PRId64 "-%02d", floor_div(ym, 12),
		 (int)(ym - floor_div(ym, 12) * 12) + 1);
}

/* Heights are count * PLOT_H / the tallest month's total. */
void vox_chart_months(struct vox_html *o, const struct vox_chart_month *months,
		      size_t n, int set, const char *zone,
		      const struct vox_chart_series *series)
{
	const char *noun = set ? "messages" : "calls";
	int64_t first = INT64_MAX, last = INT64_MIN, ym;
	uint64_t max = 0, earlier = 0, tot;
	int used[VOX_CHART_SERIES] = { 0 }, nm, i, w, h;
	char label[160], mo[32], tip[128];
	size_t k;
	double scale, lx;

	for (k = 0; k < n; k++) {
		const uint64_t *v = months[k].v[set];

		for (tot = 0, i = 0; i < VOX_CHART_SERIES; i++)
			tot += v[i];
		if (!tot)
			continue;
		if (months[k].ym < first)
			first = months[k].ym;
		last = months[k].ym;
	}
	if (last == INT64_MIN)
		return;
	if (last - first >= VOX_CHART_MONTHS)
		first = last - VOX_CHART_MONTHS + 1;
	nm = (int)(last - first + 1);
	for (k = 0; k < n; k++) {
		const uint64_t *v = months[k].v[set];

		for (tot = 0, i = 0; i < VOX_CHART_SERIES; i++) {
			tot += v[i];
			if (v[i] && months[k].ym >= first)
				used[i] = 1;
		}
		if (months[k].ym < first)
			earlier += tot;
		else if (tot > max)
			max = tot;
	}
	scale = PLOT_H / (double)max;
	w = (int)(PLOT_LEFT + nm * BAR_STEP + 50);
	if (w < 400)
		w = 400;
	h = (int)(PLOT_TOP + PLOT_H + 86);
	snprintf(label, sizeof(label), "%c%s per month (%s time), by direction",
		 set ? 'M' : 'C', noun + 1, zone);

	vox_html_start(o, "figure");
	vox_html_attr(o, "id", set ? "chart-messages" : "chart-calls");
	vox_html_elem(o, "figcaption", label);
	svg_start(o, w, h, label, scale);
	/* the axes, and the tallest bar's value */
	svg_line(o, PLOT_LEFT, PLOT_TOP, PLOT_LEFT, PLOT_TOP + PLOT_H);
	svg_line(o, PLOT_LEFT, PLOT_TOP + PLOT_H, PLOT_LEFT + nm * BAR_STEP,
		 PLOT_TOP + PLOT_H);
	snprintf(tip, sizeof(tip), "%" PRIu64, max);
	svg_text(o, PLOT_LEFT - 4, PLOT_TOP + 4, "end", NULL, tip);
	svg_text(o, PLOT_LEFT - 4, PLOT_TOP + PLOT_H + 4, "end", NULL, "0");
	snprintf(tip, sizeof(tip), "rotate(-90 14 %.1f)",
		 PLOT_TOP + PLOT_H / 2);
	svg_text(o, 14, PLOT_TOP + PLOT_H / 2, "middle", tip, noun);
	svg_text(o, PLOT_LEFT + nm * BAR_STEP + 6, PLOT_TOP + PLOT_H + 4, NULL,
		 NULL, "month");
	vox_html_nl(o);
	for (ym = first, i = 0; ym <= last; ym++, i++) {
		const struct vox_chart_month *m = NULL;
		double y = PLOT_TOP + PLOT_H, bx = PLOT_LEFT + 4 + i * BAR_STEP;
		int d;

		for (k = 0; k < n && !m; k++)
			if (months[k].ym == ym)
				m = &months[k];
		month_text(ym, mo);
		for (d = 0; m && d < VOX_CHART_SERIES; d++) {
			uint64_t v = m->v[set][d];
			double bh = (double)v * scale;

			if (!v)
				continue;
			y -= bh;
			vox_html_start(o, "rect");
			vox_html_attr(o, "class", "bar");
			vox_html_attrf(o, "x", "%.1f", bx);
			vox_html_attrf(o, "y", "%.2f", y);
			vox_html_attrf(o, "width", "%.1f", BAR_W);
			vox_html_attrf(o, "height", "%.2f", bh);
			vox_html_attr(o, "fill", series[d].color);
			vox_html_attr(o, "data-month", mo);
			vox_html_attr(o, "data-direction", series[d].name);
			vox_html_attrf(o, "data-count", "%" PRIu64, v);
			vox_html_start(o, "title");
			vox_html_textf(o, "%s: %" PRIu64 " %s %s", mo, v, noun,
			      series[d].label);
			vox_html_end(o);
			vox_html_end(o);
			vox_html_nl(o);
		}
		/* a month label every month, or every 3rd or 6th when many */
		if ((nm <= 24 || (ym % (nm <= 36 ? 3 : 6)) == 0)) {
			snprintf(tip, sizeof(tip), "rotate(-60 %.1f %.1f)",
				 bx + BAR_W / 2, PLOT_TOP + PLOT_H + 12);
			svg_text(o, bx + BAR_W / 2, PLOT_TOP + PLOT_H + 12,
				 "end", tip, mo);
		}
	}
	/* the legend */
	for (lx = PLOT_LEFT, i = 0; i < VOX_CHART_SERIES; i++) {
		if (!used[i])
			continue;
		vox_html_start(o, "rect");
		vox_html_attrf(o, "x", "%.1f", lx);
		vox_html_attrf(o, "y", "%.1f", (double)h - 16);
		vox_html_attr(o, "width", "10");
		vox_html_attr(o, "height", "10");
		vox_html_attr(o, "fill", series[i].color);
		vox_html_end(o);
		svg_text(o, lx + 14, h - 7, NULL, NULL, series[i].label);
		lx += 28 + 6.5 * (double)strlen(series[i].label);
	}
	vox_html_end(o);
	if (earlier) {
		vox_html_start(o, "p");
		vox_html_attr(o, "class", "note");
		vox_html_textf(o, "%" PRIu64 " %s before %04" PRId64 "-%02d are not "
		      "shown in the chart; they are in the table and the "
		      "files.", earlier, noun, floor_div(first, 12),
		      (int)(first - floor_div(first, 12) * 12) + 1);
		vox_html_end(o);
	}
	vox_html_end(o);
	vox_html_nl(o);
}

void vox_chart_parties(struct vox_html *o, const struct vox_chart_party *top,
		       size_t ntop, size_t told_apart, uint64_t others)
{
	char d[32], tip[600];
	double scale;
	size_t i;
	int h;

	if (!ntop)
		return;
	scale = 300.0 / (double)top[0].billsec;
	h = (int)(ntop * 26 + 40);
	vox_html_start(o, "figure");
	vox_html_attr(o, "id", "chart-contacts");
	vox_html_elem(o, "figcaption", "Who you talked with most (total talk time "
	     "of answered calls)");
	svg_start(o, 640, h, "Who you talked with most, by talk time", scale);
	svg_line(o, 230, 8, 230, h - 24);
	svg_text(o, 380, h - 6, "middle", NULL, "total talk time "
		 "([hours:]minutes:seconds)");
	for (i = 0; i < ntop; i++) {
		double y = 10 + (double)i * 26, bw = (double)top[i].billsec *
			scale;
		const char *label = top[i].label;

		vox_html_duration((int64_t)top[i].billsec, d);
		svg_text(o, 224, y + 13, "end", NULL, label);
		vox_html_start(o, "rect");
		vox_html_attr(o, "class", "bar");
		vox_html_attr(o, "x", "230");
		vox_html_attrf(o, "y", "%.1f", y);
		vox_html_attrf(o, "width", "%.2f", bw);
		vox_html_attr(o, "height", "18");
		vox_html_attr(o, "fill", "#2b7bb9");
		vox_html_attr(o, "data-party", top[i].key);
		vox_html_attrf(o, "data-billsec", "%" PRIu64, top[i].billsec);
		vox_html_attrf(o, "data-calls", "%" PRIu64, top[i].calls);
		vox_html_start(o, "title");
		snprintf(tip, sizeof(tip), "%s: %s in %" PRIu64 " call%s",
			 label, d, top[i].calls, top[i].calls == 1 ? "" :
			 "s");
		vox_html_text(o, tip);
		vox_html_end(o);
		vox_html_end(o);
		svg_text(o, 234 + bw, y + 13, NULL, NULL, d);
		vox_html_nl(o);
	}
	vox_html_end(o);
	if (others) {
		vox_html_start(o, "p");
		vox_html_attr(o, "class", "note");
		vox_html_textf(o, "Approximate: only the first %zu other parties were "
		      "told apart; %" PRIu64 " calls with others are not "
		      "counted here.", told_apart, others);
		vox_html_end(o);
	}
	vox_html_end(o);
	vox_html_nl(o);
}

