/* SPDX-License-Identifier: Apache-2.0 */
/* test_index_html.c: index.html of an archive (export/index_html.c). */
#include "unit.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <math.h>

#include "export/index_html.h"
#include "record.h"
#include "timeconv.h"
#include "voxport/model.h"

#define HOSTILE "<script>alert(1)</script>"
#define HOSTILE_ESCAPED "&lt;script&gt;alert(1)&lt;/script&gt;"

static json_t *controller;
static struct vox_tz *london;

static struct vox_archive_meta meta(void)
{
	struct vox_archive_meta m;
	struct vox_error err = VOX_ERROR_INIT;

	memset(&m, 0, sizeof(m));
	m.created = 1730451600000LL;	/* 2024-11-01T09:00:00Z */
	m.subject_id = "1001";
	m.request_type = "access";
	m.categories = 0x1f;
	m.since = m.until = VOX_TIME_NONE;
	if (!controller)
		controller = json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s}}",
				       "name", "Test " HOSTILE " Telecom",
				       "email", "privacy@test.example", "dpo",
				       "name", "Dee Pio", "email",
				       "dpo@test.example",
				       "supervisory_authority", "name",
				       "Information Commissioner's Office");
	if (!london)
		london = vox_tz_load("Europe/London", &err);
	assert_non_null(london);
	m.controller = controller;
	m.tz = london;
	return m;
}

static void call_at(struct vox_call *c, const char *id, int64_t start,
		    enum vox_direction dir, const char *other,
		    const char *name, int64_t billsec)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->start = start;
	c->answer = c->end = VOX_TIME_NONE;
	c->duration = billsec + 5;
	c->billsec = billsec;
	c->status = VOX_CALL_ANSWERED;
	c->direction = dir;
	c->from.number = c->from.raw = "1001";
	c->to.number = c->to.raw = other;
	c->to.name = name;
	if (dir == VOX_DIR_INBOUND) {
		c->from = c->to;
		c->to.number = c->to.raw = "1001";
		c->to.name = NULL;
	}
}

/* The page for x, as a string (caller frees) and as a parsed document. */
static char *page(struct vox_index *x, xmlDocPtr *doc)
{
	static const struct vox_readme_file files[] = {
		{ "README.txt", "documentation", -1, 0 },
		{ "calls.csv", "calls", 3, 120 },
		{ "recordings/r 1.wav", "recordings", -1, 44 },
	};
	struct vox_error err = VOX_ERROR_INIT;
	FILE *f = fopen("index.html", "w+b");
	char *s;
	long n;

	assert_non_null(f);
	if (vox_index_write(x, f, files, 3, &err) != VOX_OK)
		fail_msg("%s", err.msg);
	n = ftell(f);
	assert_true(n > 0);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	rewind(f);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	/* Well-formed XML as well as HTML: parse it strictly. */
	*doc = xmlReadMemory(s, (int)n, "index.html", NULL,
			     XML_PARSE_NONET | XML_PARSE_NOERROR |
			     XML_PARSE_NOWARNING);
	assert_non_null(*doc);
	return s;
}

static xmlXPathObjectPtr xpath(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r;

	assert_non_null(ctx);
	r = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	xmlXPathFreeContext(ctx);
	assert_non_null(r);
	return r;
}

static double number(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = xpath(doc, expr);
	double v = xmlXPathCastToNumber(r);

	xmlXPathFreeObject(r);
	return v;
}

static char *string(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = xpath(doc, expr);
	char *v = (char *)xmlXPathCastToString(r);

	xmlXPathFreeObject(r);
	return v;
}

static void test_structure_and_escaping(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta();
	struct vox_index *x = vox_index_new(&m, &err);
	struct vox_subject s;
	struct vox_contact c;
	struct vox_call call;
	struct vox_message g;
	struct vox_party to = { "+447700900123", NULL, HOSTILE };
	struct vox_recording r;
	xmlDocPtr doc;
	char *html, *v;

	(void)state;
	assert_non_null(x);
	vox_subject_init(&s);
	s.id = "1001";
	s.full_name = HOSTILE;
	assert_int_equal(vox_index_add_subject(x, &s, &err), VOX_OK);
	vox_contact_init(&c);
	c.full_name = HOSTILE;
	assert_int_equal(vox_index_add_contact(x, &c, &err), VOX_OK);
	call_at(&call, "c1", 1711929600000LL, VOX_DIR_OUTBOUND,
		"+447700900123", HOSTILE, 61);
	assert_int_equal(vox_index_add_call(x, &call, &err), VOX_OK);
	memset(&g, 0, sizeof(g));
	g.id = "m1";
	g.date = 1711929600000LL;
	g.direction = VOX_DIR_INBOUND;
	g.from = to;
	g.to = &to;
	g.nto = 1;
	/* a control character and a byte that is not UTF-8 */
	g.body = "hi " HOSTILE " \x01 \xff & \"bye\"";
	assert_int_equal(vox_index_add_message(x, &g, &err), VOX_OK);
	memset(&r, 0, sizeof(r));
	r.id = "r1";
	r.start = 1711929600000LL;
	r.duration_ms = 5000;
	r.media_type = "audio/wav";
	r.member = "recordings/r 1.wav";
	assert_int_equal(vox_index_add_recording(x, &r, &err), VOX_OK);
	r.member = NULL;
	assert_int_equal(vox_index_add_recording(x, &r, &err), VOX_OK);
	html = page(x, &doc);

	assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 32)
		    == 0);
	/* The hostile name is text, escaped by the writer, everywhere. */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<SCRIPT"));
	assert_non_null(strstr(html, HOSTILE_ESCAPED));
	assert_int_equal(number(doc, "count(//*[local-name()='script'])"), 0);
	/* subject, controller, title, contact, call, message */
	assert_true(number(doc, "count(//text()[contains(., '" HOSTILE
			   "')])") >= 6);
	v = string(doc, "//section[@id='about']//dd[2]");
	assert_string_equal(v, HOSTILE);
	xmlFree(v);
	assert_int_equal(number(doc, "count(//meta[@name='viewport'])"), 1);
	assert_int_equal(number(doc, "count(//meta[@charset='utf-8'])"), 1);
	assert_int_equal(number(doc, "count(//style)"), 1);
	/* nothing from elsewhere: no src or href with a scheme but mailto */
	assert_int_equal(number(doc, "count(//*[@src][contains(@src, ':')])"),
			 0);
	assert_int_equal(number(doc, "count(//link|//iframe|//object|"
				"//embed|//img)"), 0);
	v = string(doc, "//section[@id='controller']//a[1]/@href");
	assert_string_equal(v, "mailto:privacy@test.example");
	xmlFree(v);
	/* each section there */
	assert_int_equal(number(doc, "count(//section[@id='about' or "
				"@id='controller' or @id='files' or "
				"@id='summary' or @id='charts' or @id='calls' "
				"or @id='messages' or @id='contacts' or "
				"@id='recordings'])"), 9);
	/* members are linked relatively, escaped as URLs */
	assert_int_equal(number(doc, "count(//section[@id='files']//"
				"a[@href='calls.csv'])"), 1);
	assert_int_equal(number(doc, "count(//section[@id='files']//"
				"a[@href='README.txt'])"), 1);
	/* a recording with its audio gets a player, one without does not */
	assert_int_equal(number(doc, "count(//audio)"), 1);
	v = string(doc, "//audio/@src");
	assert_string_equal(v, "recordings/r%201.wav");
	xmlFree(v);
	assert_non_null(strstr(html, "not included in this archive"));
	/* the message's control character and bad byte are cleaned */
	v = string(doc, "//section[@id='messages']//td[@class='text']");
	assert_string_equal(v, "hi " HOSTILE "   ? & \"bye\"");
	xmlFree(v);
	/* times in the zone, with their offset; the zone named */
	assert_non_null(strstr(html, "2024-04-01 01:00:00 +01:00"));
	assert_non_null(strstr(html, "Europe/London time"));
	xmlFreeDoc(doc);
	free(html);
	vox_index_free(x);
}

/*
 * Calls in months of London time (23:30Z on 31 March is April there),
 * bars stacked by direction: each bar's count and a height proportional.
 */
static void test_chart_bars(void **state)
{
	static const struct {
		int64_t start;
		enum vox_direction dir;
	} calls[] = {
		{ 1709251200000LL, VOX_DIR_INBOUND },	/* 2024-03-01 */
		{ 1709337600000LL, VOX_DIR_INBOUND },	/* 2024-03-02 */
		{ 1709424000000LL, VOX_DIR_OUTBOUND },	/* 2024-03-03 */
		{ 1711927800000LL, VOX_DIR_OUTBOUND },	/* 03-31 23:30Z */
		{ 1714521600000LL, VOX_DIR_INTERNAL },	/* 2024-05-01 */
		{ 1714608000000LL, VOX_DIR_UNKNOWN },	/* 2024-05-02 */
		{ 1714694400000LL, VOX_DIR_UNKNOWN },	/* 2024-05-03 */
		{ 1714780800000LL, VOX_DIR_UNKNOWN },	/* 2024-05-04 */
	};
	static const struct {
		const char *month, *dir;
		int count;
	} want[] = {
		{ "2024-03", "inbound", 2 }, { "2024-03", "outbound", 1 },
		{ "2024-04", "outbound", 1 }, { "2024-05", "internal", 1 },
		{ "2024-05", "unknown", 3 },
	};
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta();
	struct vox_index *x = vox_index_new(&m, &err);
	struct vox_call c;
	char expr[256];
	xmlDocPtr doc;
	double scale;
	size_t i;
	char *html;

	(void)state;
	m.categories = 1 << 2;	/* calls only */
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		call_at(&c, "c", calls[i].start, calls[i].dir,
			i % 2 ? "+447700900001" : "+447700900002", NULL,
			(int64_t)(i + 1) * 10);
		assert_int_equal(vox_index_add_call(x, &c, &err), VOX_OK);
	}
	html = page(x, &doc);
	/* every bar is one of these, with its count */
	assert_int_equal(number(doc, "count(//*[@id='chart-calls']//*["
				"local-name()='rect'][@data-count])"),
			 sizeof(want) / sizeof(want[0]));
	/* tallest month: 4 calls (May) */
	scale = number(doc, "//*[@id='chart-calls']//*[local-name()='svg']/"
		       "@data-scale");
	assert_true(fabs(scale - 160.0 / 4) < 1e-6);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(expr, sizeof(expr), "//*[@id='chart-calls']//*["
			 "local-name()='rect'][@data-month='%s'][@data-"
			 "direction='%s']/@", want[i].month, want[i].dir);
		{
			char e2[300];

			snprintf(e2, sizeof(e2), "%sdata-count", expr);
			assert_int_equal(number(doc, e2), want[i].count);
			snprintf(e2, sizeof(e2), "%sheight", expr);
			assert_true(fabs(number(doc, e2) -
					 want[i].count * scale) < 0.01);
		}
	}
	/* the empty month in between is on the axis, with no bar */
	assert_non_null(strstr(html, ">2024-04<"));
	assert_int_equal(number(doc, "count(//*[local-name()='text'][. = "
				"'2024-03' or . = '2024-04' or . = "
				"'2024-05'])"), 3);
	/* busiest by talk time: ...001 has 20+40+60+80 s, ...002 160 s */
	assert_int_equal(number(doc, "//*[@id='chart-contacts']//*[local-name()"
				"='rect'][1]/@data-billsec"), 200);
	assert_int_equal(number(doc, "//*[@id='chart-contacts']//*[local-name()"
				"='rect'][2]/@data-billsec"), 160);
	xmlFreeDoc(doc);
	free(html);
	vox_index_free(x);
}

/* Limits: the tables keep their first rows; parties beyond are summed. */
static void test_limits(void **state)
{
	struct vox_error err = VOX_ERROR_INIT;
	struct vox_archive_meta m = meta();
	struct vox_index *x = vox_index_new(&m, &err);
	struct vox_call c;
	char num[32];
	xmlDocPtr doc;
	char *html;
	int i;

	(void)state;
	m.categories = 1 << 2;
	vox_index_set_limits(x, 3, 2);
	for (i = 0; i < 5; i++) {
		snprintf(num, sizeof(num), "+4477009000%02d", i);
		call_at(&c, "c", 1709251200000LL + i * 1000LL,
			VOX_DIR_OUTBOUND, num, NULL, 60);
		assert_int_equal(vox_index_add_call(x, &c, &err), VOX_OK);
	}
	html = page(x, &doc);
	assert_int_equal(number(doc, "count(//section[@id='calls']//tr[td])"),
			 3);
	assert_non_null(strstr(html, "The first 3 of 5 calls are shown"));
	assert_int_equal(number(doc, "count(//section[@id='calls']//"
				"a[@href='calls.csv'])"), 1);
	/* the chart still counts all five */
	assert_int_equal(number(doc, "//*[local-name()='rect'][@data-month="
				"'2024-03']/@data-count"), 5);
	assert_int_equal(number(doc, "count(//*[@id='chart-contacts']//*["
				"local-name()='rect'])"), 2);
	assert_non_null(strstr(html, "Approximate: only the first 2 other "
			       "parties were told apart; 3 calls"));
	xmlFreeDoc(doc);
	free(html);
	vox_index_free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure_and_escaping),
		cmocka_unit_test(test_chart_bars),
		cmocka_unit_test(test_limits),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	json_decref(controller);
	vox_tz_free(london);
	xmlCleanupParser();
	return rc;
}
