/* readme.c: README.txt of an archive (see readme.h). */
#include <string.h>

#include "readme.h"
#include "timeconv.h"

static const struct {
	const char *path;
	const char *what;
} descriptions[] = {
	{ "index.html", "this archive as a web page: open it in a web "
	  "browser to see your calls, messages, contacts and recordings in "
	  "tables and charts, with links to each file" },
	{ "subject.json", "who you are to us: name, contact details, "
	  "profile, subscriptions, marketing preferences, and the numbers, "
	  "extensions and usernames your records were found by" },
	{ "contacts.json", "your address book as JSContact cards (RFC 9553)" },
	{ "contacts.vcf", "the same address book as vCard 4.0 (RFC 6350), "
	  "for phones and address-book programs" },
	{ "calls.jsonl", "your calls, one JSON object per line, times in UTC" },
	{ "calls.csv", "the same calls as a spreadsheet (CSV)" },
	{ "messages.jsonl", "your text messages (SMS) and picture messages "
	  "(MMS), one JSON object per line: who sent each one to whom, when, "
	  "and what it said, times in UTC" },
	{ "messages.csv", "the same messages as a spreadsheet (CSV), one row "
	  "each; several recipients are separated by \"; \"" },
	{ "recordings.jsonl", "details of your call recordings and voicemail "
	  "messages, one JSON object per line: when, how long, which call, "
	  "the size of the sound file and its SHA-256 checksum" },
	{ "data.xlsx", "all of the above as one workbook for Excel or "
	  "LibreOffice: a sheet each, times in our time zone and in UTC" },
	{ "recordings/", "the sound files of those recordings, named after "
	  "them; recordings.jsonl says which file is which (\"member\").  "
	  "Most music and video players can play them" },
	{ "attachments/", "the pictures, videos and other files sent or "
	  "received in picture messages, one folder per message; "
	  "messages.jsonl says which file is which part (\"member\")" },
};

static const char *describe(const char *path)
{
	size_t i;

	if (strncmp(path, "schemas/", 8) == 0)
		return "the JSON Schemas the data files follow";
	for (i = 0; i < sizeof(descriptions) / sizeof(descriptions[0]); i++)
		if (strcmp(descriptions[i].path, path) == 0)
			return descriptions[i].what;
	return "";
}

/* Whether a CSV member is listed, so README.txt explains its guard
 * (src/csv_write.h). */
static int has_csv(const struct vox_readme_file *files, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = strlen(files[i].path);
		if (len > 4 && strcmp(files[i].path + len - 4, ".csv") == 0)
			return 1;
	}
	return 0;
}

static int has_file(const struct vox_readme_file *files, size_t n,
		    const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(files[i].path, path) == 0)
			return 1;
	return 0;
}

static const char *str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

#define WIDTH 72

/*
 * Print text from column col (where the caller left the cursor) to WIDTH,
 * breaking at spaces and going on at column indent.
 */
static void wrap(FILE *f, const char *text, int col, int indent)
{
	const char *p = text;
	int first = 1;

	while (*p) {
		size_t word = strcspn(p, " ");

		if (!first && col + 1 + (int)word > WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, word, f);
		col += (int)word;
		first = 0;
		p += word;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

/* "  label                    value", the value wrapped under itself. */
static void line(FILE *f, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	fprintf(f, "  %-24s ", label);
	wrap(f, value, 27, 27);
}

/* The folders of files listed as one line each, there may be many. */
static const char *const folders[] = { "recordings/", "attachments/" };

static int in_folder(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++)
		if (strncmp(path, folders[i], strlen(folders[i])) == 0)
			return 1;
	return 0;
}

/* The files of a folder as one line, "recordings/ (3 files)". */
static void folder_line(FILE *f, const char *dir,
			const struct vox_readme_file *files, size_t n)
{
	unsigned long long count = 0;
	char label[64];
	size_t i;

	for (i = 0; i < n; i++)
		if (strncmp(files[i].path, dir, strlen(dir)) == 0)
			count++;
	if (!count)
		return;
	snprintf(label, sizeof(label), "%s (%llu file%s)", dir, count,
		 count == 1 ? "" : "s");
	line(f, label, describe(dir));
}

static void text_list(FILE *f, const char *heading, const json_t *list)
{
	size_t i;
	const json_t *item;

	if (!json_is_array(list) || json_array_size(list) == 0)
		return;
	fprintf(f, "\n%s\n", heading);
	json_array_foreach(list, i, item) {
		const char *cat = str(item, "category");
		const char *basis = str(item, "basis");

		char text[2048];

		snprintf(text, sizeof(text), "%s%s%s%s%s%s",
			 cat && strcmp(cat, "all") ? cat : "",
			 cat && strcmp(cat, "all") ? ": " : "",
			 str(item, "text") ? str(item, "text") : "",
			 basis ? " (lawful basis: " : "", basis ? basis : "",
			 basis ? ")" : "");
		fputs("  - ", f);
		wrap(f, text, 4, 4);
	}
}

static void processing(FILE *f, const json_t *p)
{
	const char *s;

	if (!p)
		return;
	text_list(f, "Why we process your data", json_object_get(p, "purposes"));
	text_list(f, "Who receives it", json_object_get(p, "recipients"));
	text_list(f, "How long we keep it", json_object_get(p, "retention"));
	text_list(f, "Where it comes from", json_object_get(p, "sources"));
	if ((s = str(p, "transfers"))) {
		fputs("\nTransfers outside the UK\n  ", f);
		wrap(f, s, 2, 2);
	}
	if ((s = str(p, "automated_decisions"))) {
		fputs("\nAutomated decisions and profiling\n  ", f);
		wrap(f, s, 2, 2);
	}
	if ((s = str(p, "rights"))) {
		fputs("\nYour rights\n  ", f);
		wrap(f, s, 2, 2);
	}
}

void vox_readme_write(FILE *f, const struct vox_archive_meta *meta,
		      const struct vox_readme_file *files, size_t n)
{
	const json_t *c = meta->controller, *dpo, *sa;
	char created[VOX_TIME_FORMAT_MAX] = "", t1[VOX_TIME_FORMAT_MAX],
	     t2[VOX_TIME_FORMAT_MAX];
	size_t i;

	vox_time_format(meta->created, created);
	fprintf(f, "Your data from %s\n", str(c, "name"));
	fprintf(f, "==============================================\n\n");
	{
		char intro[512];

		snprintf(intro, sizeof(intro), "This archive answers %s %s "
			 "request%s%s%s for subscriber %s.  It was made on %s "
			 "(UTC) by voxport %s.",
			 strchr("aeiou", meta->request_type[0]) ? "an" : "a",
			 meta->request_type,
			 meta->request_reference ? " (reference " : "",
			 meta->request_reference ? meta->request_reference : "",
			 meta->request_reference ? ")" : "", meta->subject_id,
			 created, VOX_VERSION);
		wrap(f, intro, 0, 0);
	}
	if (meta->since != VOX_TIME_NONE || meta->until != VOX_TIME_NONE) {
		fprintf(f, "It covers records from %s to %s.\n",
			meta->since != VOX_TIME_NONE &&
			vox_time_format(meta->since, t1) ? t1 : "the start",
			meta->until != VOX_TIME_NONE &&
			vox_time_format(meta->until, t2) ? t2 : "the end");
	}

	fprintf(f, "\nWhat is in it\n");
	line(f, "manifest.json", "the list of files below with their "
	     "SHA-256 checksums and record counts");
	line(f, "index.html", describe("index.html"));
	for (i = 0; i < n; i++) {
		char label[64];

		if (strncmp(files[i].path, "schemas/", 8) == 0 ||
		    in_folder(files[i].path))
			continue;
		if (files[i].records >= 0)
			snprintf(label, sizeof(label), "%s (%lld)",
				 files[i].path, (long long)files[i].records);
		else
			snprintf(label, sizeof(label), "%s", files[i].path);
		line(f, label, describe(files[i].path));
	}
	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++)
		folder_line(f, folders[i], files, n);
	line(f, "schemas/", describe("schemas/"));
	fprintf(f, "\nAll text is UTF-8.  Times are UTC (RFC 3339).  Phone "
		"numbers are given\nin international form (E.164) where they "
		"could be, beside the number\nexactly as our systems "
		"recorded it (\"raw\").  Calls and messages include\nthe "
		"numbers of the people you called or who called you, as "
		"the law\nallows; use them only for your own purposes.\n");
	/* The prefilter of a single export (src/rowscan.h, issue 9). */
	if (has_file(files, n, "calls.jsonl"))
		fprintf(f, "\nCall logs that hold all our customers' calls "
			"were searched for your\nnumbers, extensions, user "
			"names and account codes; only the rows that\nhold "
			"one of them were read in full.  The others are "
			"counted in\nmanifest.json as \"filtered\", and a "
			"damaged row among them (another\ncustomer's) was not "
			"checked.\n");
	if (has_csv(files, n))
		fprintf(f, "\nIn the .csv files, an apostrophe (') is put in "
			"front of = + - @ \" '\na tab or a line break where it "
			"starts a value or follows a semicolon,\ntab or line "
			"break in it, unless the value is a plain number such "
			"as\n+447700900123, so that a spreadsheet shows it as "
			"text and never runs\nit as a formula.  To get the value "
			"as we recorded it, remove each\napostrophe that starts "
			"the value or follows a semicolon, tab or line\n"
			"break.\n");

	fprintf(f, "\nWho we are\n");
	line(f, "Controller:", str(c, "name"));
	line(f, "Address:", str(c, "address"));
	line(f, "E-mail:", str(c, "email"));
	line(f, "Phone:", str(c, "phone"));
	line(f, "Website:", str(c, "website"));
	dpo = json_object_get(c, "dpo");
	if (dpo) {
		line(f, "Data protection officer:", str(dpo, "name"));
		line(f, "DPO e-mail:", str(dpo, "email"));
	}
	processing(f, meta->processing);
	sa = json_object_get(c, "supervisory_authority");
	if (sa) {
		char text[512];

		snprintf(text, sizeof(text), "If you are unhappy with how we "
			 "handle your data, you may complain to the supervisory "
			 "authority, %s%s%s%s.", str(sa, "name"),
			 str(sa, "website") ? " (" : "",
			 str(sa, "website") ? str(sa, "website") : "",
			 str(sa, "website") ? ")" : "");
		fputs("\nComplaints\n  ", f);
		wrap(f, text, 2, 2);
	}
	fprintf(f, "\nChecking this archive\n  voxport validate FILE.zip, or "
		"compare `sha256sum` of each file with\n  the sha256 values "
		"in manifest.json.\n");
}
