/* SPDX-License-Identifier: Apache-2.0 */
/*
 * readme.c: README.txt of an archive (see readme.h).
 *
 * Written for the person the data is about, who may never have opened a
 * .csv file: what the archive is, how to open each file, what the columns
 * mean, then the processing information in words (from the same document
 * as processing.json, export/processing.h), and last, set apart, what a
 * technical reader needs to check the archive.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "processing.h"
#include "readme.h"
#include "timeconv.h"

#define WIDTH 72
#define LABEL 24	/* the width of a label column */

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

/* A paragraph at indent, from a format; its first line after lead. */
static void say(FILE *f, int indent, const char *lead, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void say(FILE *f, int indent, const char *lead, const char *fmt, ...)
{
	char small[1024], *text = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		text = malloc((size_t)n + 1);
		if (!text)
			return;	/* ferror-free but short: out of memory */
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	fprintf(f, "%*s%s", indent, "", lead);
	wrap(f, text, indent + (int)strlen(lead), indent + (int)strlen(lead));
	if (text != small)
		free(text);
}

/*
 * "  label                    value", the value wrapped under itself; a
 * label too long for its column has the value on the next line.
 */
static void item(FILE *f, int indent, const char *label, const char *value)
{
	int col = indent + LABEL + 1;

	if (!value || !*value)
		return;
	if ((int)strlen(label) > LABEL)
		fprintf(f, "%*s%s\n%*s", indent, "", label, col, "");
	else
		fprintf(f, "%*s%-*s ", indent, "", LABEL, label);
	wrap(f, value, col, col);
}

static void heading(FILE *f, const char *title)
{
	fprintf(f, "\n%s\n", title);
}

static int toupper_ascii(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static const char *str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) && *json_string_value(v) ?
		json_string_value(v) : NULL;
}

/* ---- the files -------------------------------------------------------- */

static const struct {
	const char *path;
	const char *what;
} descriptions[] = {
	{ "index.html", "all of this archive as a web page, with tables "
	  "and charts of your calls and messages and links to every file: "
	  "start here" },
	{ "README.txt", "this text" },
	{ "subject.json", "who you are to us: name, contact details, "
	  "account, subscriptions, marketing choices, and the numbers and "
	  "user names your records were found by" },
	{ "contacts.json", "your address book, for computers" },
	{ "contacts.vcf", "the same address book as a contact file that "
	  "phones and e-mail programs can import" },
	{ "calls.jsonl", "your calls, for computers" },
	{ "calls.csv", "your calls as a table, one row per call" },
	{ "messages.jsonl", "your text messages (SMS) and picture messages "
	  "(MMS), for computers" },
	{ "messages.csv", "your messages as a table, one row per message: "
	  "who sent it to whom, when, and what it said" },
	{ "recordings.jsonl", "the details of your call recordings and "
	  "voicemail messages: when, how long, which call" },
	{ "data.xlsx", "your calls, messages, contacts and recordings as "
	  "one workbook for Excel or LibreOffice, a sheet each, times in our "
	  "time zone and in UTC" },
	{ "processing.json", "the information under \"How your data is "
	  "used\" below, for computers" },
	{ "recordings/", "the sound files of those recordings; most music "
	  "and video players play them" },
	{ "attachments/", "the pictures, videos and other files sent or "
	  "received in picture messages, one folder per message" },
	{ "manifest.json", "the list of every file, for checking that none "
	  "is missing or changed (see the end of this text)" },
	{ "schemas/", "how the computer files are laid out, for programmers" },
};

static const char *describe(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(descriptions) / sizeof(descriptions[0]); i++)
		if (strcmp(descriptions[i].path, path) == 0)
			return descriptions[i].what;
	return "";
}

/* The folders listed as one line each: there may be many files. */
static const char *const folders[] = { "recordings/", "attachments/",
				       "schemas/" };

static int in_folder(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++)
		if (strncmp(path, folders[i], strlen(folders[i])) == 0)
			return 1;
	return 0;
}

/* How many members start with prefix (a folder), or are path. */
static size_t count(const struct vox_readme_file *files, size_t n,
		    const char *prefix, const char *suffix)
{
	size_t i, c = 0, lp = strlen(prefix), ls = strlen(suffix);

	for (i = 0; i < n; i++) {
		size_t len = strlen(files[i].path);

		if (strncmp(files[i].path, prefix, lp) == 0 && len >= ls &&
		    strcmp(files[i].path + len - ls, suffix) == 0)
			c++;
	}
	return c;
}

static int has(const struct vox_readme_file *files, size_t n,
	       const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(files[i].path, path) == 0)
			return 1;
	return 0;
}

static void intro(FILE *f, const struct vox_archive_meta *meta,
		  const char *name)
{
	static const char *const requests[][2] = {
		{ "access", "your request for a copy of your data" },
		{ "portability", "your request to receive your data to take "
		  "it to another provider (data portability)" },
		{ "migration", "the move of your service to another provider" },
	};
	const char *why = meta->request_type;
	char created[VOX_TIME_FORMAT_MAX] = "", t1[VOX_TIME_FORMAT_MAX],
	     t2[VOX_TIME_FORMAT_MAX];
	size_t i, len;

	for (i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
		if (strcmp(requests[i][0], meta->request_type) == 0)
			why = requests[i][1];
	/* "2024-11-01 00:00 UTC": the day and the minute are enough here. */
	if (vox_time_format(meta->created, created) >= 16) {
		created[10] = ' ';
		created[16] = '\0';
	}
	len = strlen(name) + 15;
	fprintf(f, "Your data from %s\n", name);
	for (i = 0; i < len && i < WIDTH; i++)
		fputc('=', f);
	fputs("\n\n", f);
	say(f, 0, "", "This is a copy of the personal data %s holds about "
	    "you, the subscriber with the id %s, made in answer to %s%s%s%s. "
	    " It was made on %s UTC.", name, meta->subject_id, why,
	    meta->request_reference ? " (reference " : "",
	    meta->request_reference ? meta->request_reference : "",
	    meta->request_reference ? ")" : "", created);
	if (meta->since != VOX_TIME_NONE || meta->until != VOX_TIME_NONE) {
		vox_time_format(meta->since, t1);
		vox_time_format(meta->until, t2);
		say(f, 0, "", "It holds the records from %s to %s (UTC).",
		    meta->since != VOX_TIME_NONE ? t1 : "the earliest",
		    meta->until != VOX_TIME_NONE ? t2 : "the latest");
	}
}

static void how_to_open(FILE *f, const struct vox_readme_file *files,
			size_t n)
{
	heading(f, "How to open it");
	say(f, 2, "", "First unzip (extract) the archive: on most computers, "
	    "double-click it, or right-click it and choose \"Extract all\". "
	    " Then:");
	say(f, 2, "- ", "index.html: open it in your web browser (double-"
	    "click it).  It shows everything in this archive, works without "
	    "an Internet connection, and is the easiest place to start.");
	if (has(files, n, "data.xlsx"))
		say(f, 2, "- ", "data.xlsx: open it in Excel, LibreOffice Calc "
		    "or Numbers.  It holds the same tables as the .csv files, "
		    "a sheet each, with numbers kept exactly as written and "
		    "times in our time zone as well as in UTC.");
	if (count(files, n, "", ".csv"))
		say(f, 2, "- ", "the .csv files: open them in a spreadsheet "
		    "program (Excel, LibreOffice Calc, Numbers, Google "
		    "Sheets).  If a phone number shows as 4.47701E+11 or "
		    "loses its first 0, the program has taken it for a "
		    "number: import the file instead and choose \"Text\" for "
		    "that column.");
	if (has(files, n, "contacts.vcf"))
		say(f, 2, "- ", "contacts.vcf: open it with your phone's or "
		    "e-mail program's address book to import the contacts.");
	if (count(files, n, "recordings/", ""))
		say(f, 2, "- ", "recordings/: sound files, which most music "
		    "and video players play.");
	say(f, 2, "- ", "the .json and .jsonl files: the same data in a form "
	    "computers read.  You do not need to open them: they are what "
	    "you give another provider to move your data there.");
}

static void what_is_in_it(FILE *f, const struct vox_readme_file *files,
			  size_t n)
{
	size_t i, k;

	heading(f, "What is in it");
	say(f, 2, "", "The number after a file's name is how many records "
	    "(calls, messages, contacts...) it holds.");
	item(f, 2, "index.html", describe("index.html"));
	item(f, 2, "README.txt", describe("README.txt"));
	for (i = 0; i < n; i++) {
		char label[64];

		if (in_folder(files[i].path) ||
		    strcmp(files[i].path, "index.html") == 0 ||
		    strcmp(files[i].path, "README.txt") == 0)
			continue;
		if (files[i].records >= 0)
			snprintf(label, sizeof(label), "%s (%lld)",
				 files[i].path, (long long)files[i].records);
		else
			snprintf(label, sizeof(label), "%s", files[i].path);
		item(f, 2, label, describe(files[i].path));
	}
	for (k = 0; k < sizeof(folders) / sizeof(folders[0]); k++) {
		size_t c = count(files, n, folders[k], "");
		char label[64];

		if (!c)
			continue;
		snprintf(label, sizeof(label), "%s (%zu file%s)", folders[k],
			 c, c == 1 ? "" : "s");
		item(f, 2, label, describe(folders[k]));
	}
	item(f, 2, "manifest.json", describe("manifest.json"));
}

static void good_to_know(FILE *f, const struct vox_archive_meta *meta,
			 const struct vox_readme_file *files, size_t n)
{
	const char *zone = meta->tz ? vox_tz_name(meta->tz) : "UTC";
	const char *tp = meta->third_party ? meta->third_party : "include";

	heading(f, "Good to know");
	if (strcmp(zone, "Europe/London") == 0)
		say(f, 2, "- ", "Times in the files are in UTC (Coordinated "
		    "Universal Time): the same as UK time in winter, one hour "
		    "behind it in summer.  index.html shows UK time.");
	else
		say(f, 2, "- ", "Times in the files are in UTC (Coordinated "
		    "Universal Time).  index.html shows them in %s time.",
		    zone);
	say(f, 2, "- ", "Phone numbers are given twice: in international "
	    "form (+44...) where they could be, and exactly as our systems "
	    "recorded them.");
	if (strcmp(tp, "mask") == 0)
		say(f, 2, "- ", "To protect other people's privacy, their "
		    "numbers in your calls, messages and recordings show only "
		    "the last 3 digits (the rest are X), and their names show "
		    "as [masked].  Your own numbers are as they are.");
	else if (strcmp(tp, "hash") == 0)
		say(f, 2, "- ", "To protect other people's privacy, their "
		    "numbers and names in your calls, messages and recordings "
		    "are replaced by a code (tp-...), the same code for the "
		    "same person throughout this archive.  Your own numbers "
		    "are as they are.");
	else
		say(f, 2, "- ", "Your calls and messages show the numbers of "
		    "the people you called or who called you, as the law "
		    "allows; use them only for your own purposes.");
	if (count(files, n, "", ".csv"))
		say(f, 2, "- ", "In the .csv files, an apostrophe (') is put in "
		    "front of a value that starts with = + - @ \" ' a tab or a "
		    "line break (and of each such part after a semicolon, tab "
		    "or line break in it), so that a spreadsheet shows it as "
		    "text and never runs it as a formula; plain numbers such "
		    "as +447700900123 are left alone.  To get the value as we "
		    "recorded it, remove those apostrophes.");
}

/* ---- the columns ------------------------------------------------------ */

static void glossary(FILE *f, const struct vox_readme_file *files, size_t n)
{
	if (!has(files, n, "calls.csv") && !has(files, n, "messages.csv") &&
	    !has(files, n, "recordings.jsonl"))
		return;
	heading(f, "What the columns mean");
	if (has(files, n, "calls.csv")) {
		say(f, 2, "", "calls.csv, one row per call:");
		item(f, 4, "id", "our reference for the call");
		item(f, 4, "start", "when the call began (ringing included)");
		item(f, 4, "answer", "when it was answered; empty if it was "
		     "not");
		item(f, 4, "end", "when it ended");
		item(f, 4, "duration", "how long the call lasted, in seconds, "
		     "ringing included");
		item(f, 4, "billsec", "billable seconds: how long it lasted "
		     "from when it was answered, the time calls are charged on");
		item(f, 4, "direction", "inbound: a call to you; outbound: a "
		     "call you made; internal: between two of your own "
		     "numbers; unknown: not recorded");
		item(f, 4, "status", "how it ended: answered; no-answer (nobody "
		     "picked up); busy; failed (it could not be connected); "
		     "congestion (the network was too busy); cancelled (the "
		     "caller hung up first); unknown");
		item(f, 4, "from_number", "the caller's number in international "
		     "form");
		item(f, 4, "from_raw", "the caller's number exactly as our "
		     "systems recorded it");
		item(f, 4, "from_name", "the caller's name, when our systems "
		     "had one");
		item(f, 4, "to_number, to_raw, to_name", "the same for the "
		     "number called");
		item(f, 4, "account_code", "the account the call was charged "
		     "to, if any");
		item(f, 4, "legs", "how many parts the call had in our "
		     "systems: a call that was forwarded or transferred has "
		     "more than one");
		item(f, 4, "source_file, source_line", "where in our systems "
		     "the call was found, so that it can be found again if "
		     "you ask about it");
	}
	if (has(files, n, "messages.csv")) {
		say(f, 2, "", "messages.csv, one row per message:");
		item(f, 4, "id", "our reference for the message");
		item(f, 4, "date", "when it was received or sent");
		item(f, 4, "date_sent", "when the sender's phone sent it, if "
		     "recorded");
		item(f, 4, "type", "sms: a text message; mms: a picture "
		     "message");
		item(f, 4, "box", "the folder it was in: received, sent, "
		     "draft, outbox, failed or queued");
		item(f, 4, "direction", "inbound: sent to you; outbound: sent "
		     "by you; internal: between two of your own numbers");
		item(f, 4, "from_number, from_raw, from_name", "the sender, "
		     "as for calls");
		item(f, 4, "to_numbers", "the recipients' numbers, separated "
		     "by \"; \"");
		item(f, 4, "subject", "the subject line of a picture message");
		item(f, 4, "body", "the text of the message");
		item(f, 4, "read", "yes or no: whether it had been read");
		item(f, 4, "parts", "how many parts (text, pictures) a picture "
		     "message has");
		item(f, 4, "thread", "the conversation it belongs to");
	}
	if (has(files, n, "recordings.jsonl")) {
		say(f, 2, "", "recordings.jsonl, one recording per line:");
		item(f, 4, "kind", "call: a recorded call; voicemail: a "
		     "voicemail message");
		item(f, 4, "call_id", "the call it belongs to (its id in "
		     "calls.csv)");
		item(f, 4, "start", "when it began");
		item(f, 4, "duration_ms", "how long it lasts, in thousandths "
		     "of a second");
		item(f, 4, "member", "its sound file in recordings/, when the "
		     "archive holds it");
	}
}

/* ---- the processing information --------------------------------------- */

/* "Demo Telecom Ltd did not state this." under a heading. */
static void not_stated(FILE *f, const char *name, const char *what)
{
	say(f, 2, "", "%s did not state %s.", name, what);
}

/*
 * A list of processing.json, each item under its category's words; the
 * categories of the archive it leaves out, as not stated.
 */
static void text_list(FILE *f, const json_t *doc, const char *name,
		      const char *key, const char *what)
{
	static const char *const cats[] = { "subject", "contacts", "calls",
					    "messages", "recordings" };
	const json_t *list = json_object_get(doc, key), *it;
	char missing[64];
	size_t i;

	if (vox_processing_not_stated(doc, key)) {
		not_stated(f, name, what);
		return;
	}
	json_array_foreach(list, i, it) {
		const char *cat = str(it, "category");
		const char *basis = str(it, "basis");
		int is_purpose = strcmp(key, "purposes") == 0;

		if (cat)
			say(f, 2, "- ", "%c%s: %s%s%s%s", toupper_ascii(
				vox_processing_category_text(cat)[0]),
			    vox_processing_category_text(cat) + 1,
			    str(it, "text"),
			    is_purpose ? ".  Legal basis: " : "",
			    is_purpose ? (basis ? vox_processing_basis_text(
						  basis) : "not stated") : "",
			    is_purpose ? "." : "");
		else
			say(f, 2, "- ", "%c%s%s%s%s",
			    toupper_ascii(str(it, "text")[0]),
			    str(it, "text") + 1,
			    is_purpose ? ".  Legal basis: " : "",
			    is_purpose ? (basis ? vox_processing_basis_text(
						  basis) : "not stated") : "",
			    is_purpose ? "." : "");
	}
	for (i = 0; i < sizeof(cats) / sizeof(cats[0]); i++) {
		snprintf(missing, sizeof(missing), "%s/%s", key, cats[i]);
		if (vox_processing_not_stated(doc, missing))
			say(f, 2, "- ", "%c%s: not stated by %s.",
			    toupper_ascii(vox_processing_category_text(
				cats[i])[0]),
			    vox_processing_category_text(cats[i]) + 1, name);
	}
}

static void controller(FILE *f, const json_t *doc, const char *name)
{
	const json_t *c = json_object_get(doc, "controller");
	const json_t *dpo = json_object_get(c, "dpo");

	heading(f, "Who is responsible for your data");
	say(f, 2, "", "%s is the controller of your data: it decides how "
	    "your data is used and answers for it.", name);
	item(f, 2, "Address:", str(c, "address"));
	item(f, 2, "E-mail:", str(c, "email"));
	item(f, 2, "Phone:", str(c, "phone"));
	item(f, 2, "Website:", str(c, "website"));
	item(f, 2, "Registration:", str(c, "registration"));
	if (vox_processing_not_stated(doc, "controller/contact"))
		say(f, 2, "", "%s did not give its contact details.", name);
	if (vox_processing_not_stated(doc, "controller/dpo")) {
		say(f, 2, "", "%s did not name a data protection officer.",
		    name);
		return;
	}
	item(f, 2, "Data protection officer:", str(dpo, "name") ?
	     str(dpo, "name") : "not named");
	item(f, 2, "Their e-mail:", str(dpo, "email"));
	item(f, 2, "Their phone:", str(dpo, "phone"));
	item(f, 2, "Their address:", str(dpo, "address"));
}

/* Without the provider's list: the kinds of data this archive holds. */
static void categories(FILE *f, const json_t *doc, const char *name,
		       unsigned cats)
{
	char list[512] = "";
	size_t len = 0;
	unsigned cat;

	if (!vox_processing_not_stated(doc, "categories")) {
		text_list(f, doc, name, "categories", "");
		return;
	}
	for (cat = 1; cat <= VOX_CAT_RECORDINGS; cat <<= 1)
		if (cats & cat)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? "; " : "",
						vox_processing_category_text(
							vox_category_name(cat)));
	say(f, 2, "", "%s did not list the kinds of data it holds about you. "
	    " This archive holds: %s.", name, list);
}

static void one_text(FILE *f, const json_t *doc, const char *name,
		     const char *key, const char *what)
{
	if (str(doc, key))
		say(f, 2, "", "%s", str(doc, key));
	else
		not_stated(f, name, what);
}

static const char *right_label(const char *right)
{
	static const char *const labels[][2] = {
		{ "access", "Access" }, { "rectification", "Correction" },
		{ "erasure", "Erasure" }, { "restriction", "Restriction" },
		{ "objection", "Objection" }, { "portability", "Portability" },
		{ "withdraw_consent", "Consent" }, { "complaint", "Complaint" },
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i][0], right) == 0)
			return labels[i][1];
	return right;
}

static void rights(FILE *f, const json_t *doc, const char *name)
{
	const json_t *sa = json_object_get(doc, "supervisory_authority"), *r;
	size_t i;

	heading(f, "Your rights");
	say(f, 2, "", "You have the right:");
	json_array_foreach(json_object_get(doc, "subject_rights"), i, r)
		say(f, 2, "- ", "%s: %s.", right_label(str(r, "right")),
		    str(r, "text"));
	say(f, 2, "", "Some of these rights apply only in some cases.");
	if (str(doc, "rights"))
		say(f, 2, "", "How to use them, in the words of %s: %s", name,
		    str(doc, "rights"));
	else
		say(f, 2, "", "%s did not say how to use them; you can write "
		    "to it at the contact details above.", name);

	heading(f, "Complaints");
	if (vox_processing_not_stated(doc, "supervisory_authority"))
		say(f, 2, "", "%s did not name the regulator to complain to; "
		    "in the UK it is the Information Commissioner's Office:",
		    name);
	else
		say(f, 2, "", "If you are unhappy with how your data is "
		    "handled, you can complain to the regulator:");
	item(f, 2, "Name:", str(sa, "name"));
	item(f, 2, "Address:", str(sa, "address"));
	item(f, 2, "Phone:", str(sa, "phone"));
	item(f, 2, "Website:", str(sa, "website"));
}

static void processing(FILE *f, const json_t *doc, const char *name,
		       unsigned cats)
{
	fputs("\n\nHow your data is used\n=====================\n\n", f);
	say(f, 0, "", "What the law (UK GDPR, Articles 13 to 15) says you must "
	    "be told, as %s gave it.  processing.json says the same for "
	    "computers.", name);
	controller(f, doc, name);
	heading(f, "Why your data is used, and what allows it");
	text_list(f, doc, name, "purposes", "why it uses your data");
	heading(f, "What kinds of data are held");
	categories(f, doc, name, cats);
	heading(f, "Who receives it");
	text_list(f, doc, name, "recipients", "who receives your data");
	heading(f, "How long it is kept");
	text_list(f, doc, name, "retention", "how long it keeps your data");
	heading(f, "Where it comes from");
	text_list(f, doc, name, "sources", "where your data comes from");
	heading(f, "Transfers outside the UK");
	one_text(f, doc, name, "transfers", "whether your data leaves the UK");
	heading(f, "Decisions made by computer");
	one_text(f, doc, name, "automated_decisions", "whether it makes "
		 "decisions about you by automated means or profiles you");
	rights(f, doc, name);
}

/* ---- for technical readers -------------------------------------------- */

static void technical(FILE *f, const struct vox_readme_file *files,
		      size_t n)
{
	fputs("\n\nFor technical readers\n=====================\n\n", f);
	say(f, 0, "", "All text is UTF-8.  Times are RFC 3339 in UTC.  Phone "
	    "numbers are E.164 where they could be normalised (\"number\"), "
	    "beside the value as recorded (\"raw\").  A .jsonl file holds "
	    "one JSON object per line; each .json and .jsonl file follows "
	    "the JSON Schema (draft-07) named for it in manifest.json, "
	    "shipped in schemas/.  contacts.json holds JSContact cards (RFC "
	    "9553), contacts.vcf vCard 4.0 (RFC 6350).");
	fputc('\n', f);
	say(f, 0, "", "manifest.json lists every other file with its size, "
	    "record count and SHA-256 checksum.  `voxport validate "
	    "ARCHIVE.zip` checks all of it; without voxport, compare the "
	    "output of `sha256sum` on each unpacked file with manifest.json.");
	/* The prefilter of a single export (src/rowscan.h, issue 9). */
	if (has(files, n, "calls.jsonl")) {
		fputc('\n', f);
		say(f, 0, "", "Call logs that hold every customer's calls were "
		    "searched for your numbers, extensions, user names and "
		    "account codes.  Rows that hold none of them are counted "
		    "in manifest.json as \"filtered\" and may not have been "
		    "read in full, so a damaged row of another customer's was "
		    "not necessarily checked.");
	}
}

int vox_readme_write(FILE *f, const struct vox_archive_meta *meta,
		     const struct vox_readme_file *files, size_t n,
		     struct vox_error *err)
{
	json_t *doc = vox_processing_json(meta);
	const char *name;

	if (!doc)
		return vox_error_set(err, VOX_E_NOMEM, "out of memory");
	name = str(json_object_get(doc, "controller"), "name");
	intro(f, meta, name);
	how_to_open(f, files, n);
	what_is_in_it(f, files, n);
	good_to_know(f, meta, files, n);
	glossary(f, files, n);
	processing(f, doc, name, meta->categories);
	technical(f, files, n);
	json_decref(doc);
	if (ferror(f))
		return vox_error_set(err, VOX_E_IO, "README.txt: write failed");
	return VOX_OK;
}
